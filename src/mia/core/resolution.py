"""Resolving the reviews' DOIs: the operations behind `mia resolve`, `mia add` and the guided entry.

The network work is done without holding the store's lock (a slow service must not block other
mia commands for 30 s); the answers are then written in one `store.update`, onto the reviews as
they are under the write lock, so an edit made meanwhile is not undone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from mia.doi.citation import abbreviate_journal, consistency_warnings, work_from_csl
from mia.doi.csl import csl_date
from mia.model.doi import doi_url, normalise_doi, same_doi
from mia.base.errors import BadInput, MiaError, NotFound
from mia.model.review import Article, Review, normalise_id
from mia.doi.http_client import ServiceFailure
from mia.base.environment import is_offline
from mia.doi.resolver import Resolver, ResolverSettings

# A long `mia resolve --all` writes as it goes (each write holds the lock only briefly).
SAVE_EVERY = 50


@dataclass
class ResolutionOutcome:
    review_id: str
    doi: str
    status: str  # "resolved", "already" (resolved before, not asked again) or "failed"
    error: MiaError | None = None
    warnings: list[str] = field(default_factory=list)  # consistency warnings, when resolved

    @property
    def reason(self) -> str:
        """Why it failed, in a few words: `timed out`, `unreachable`, `service error 503`, …"""
        if isinstance(self.error, ServiceFailure):
            return self.error.reason
        if isinstance(self.error, NotFound):
            return "no such DOI"
        return "no usable DOI" if self.error else ""


def resolve_reviews(
    store: Any,
    ids: list[str],
    *,
    refresh: bool = False,
    progress: Callable[[int, int], None] | None = None,
    offline: bool = False,
    resolver: Resolver | None = None,
) -> list[ResolutionOutcome]:
    """Resolve the DOIs of the reviews `ids` and keep the answers in `article.metadata`.

    A review resolved before is not asked again unless `refresh`. Unknown ids raise NotFound
    before anything is asked. `progress(done, total)` is called after each review.
    """
    return resolve_loaded(store, load_reviews(store, ids), refresh=refresh, progress=progress,
                          offline=offline, resolver=resolver)


def resolve_loaded(
    store: Any,
    reviews: list[Review],
    *,
    refresh: bool = False,
    progress: Callable[[int, int], None] | None = None,
    offline: bool = False,
    resolver: Resolver | None = None,
) -> list[ResolutionOutcome]:
    """`resolve_reviews` for reviews already read (`mia add` has them in hand)."""
    own_resolver = resolver is None
    resolver = resolver or Resolver(ResolverSettings.from_env(offline=offline))
    answers: dict[str, dict[str, Any]] = {}  # by DOI, lowercased: one request per article
    service_down: ServiceFailure | None = None
    outcomes: list[ResolutionOutcome] = []
    unsaved: list[ResolutionOutcome] = []
    try:
        for done, review in enumerate(reviews, 1):
            outcome = ResolutionOutcome(review.id, review.article.doi, "failed")
            if review.article.metadata and not refresh:
                outcome.status = "already"
                outcome.warnings = consistency_warnings(review)
            else:
                try:
                    doi = _doi_of(review)
                    if doi.lower() not in answers:
                        if service_down is not None:
                            raise service_down
                        answers[doi.lower()] = resolver.fetch_metadata(doi)
                    outcome.status = "resolved"
                    unsaved.append(outcome)
                except ServiceFailure as error:
                    outcome.error = error
                    if error.service_wide:  # the next ones would wait as long, and fail alike
                        service_down = error
                except (NotFound, BadInput) as error:
                    outcome.error = error
            outcomes.append(outcome)
            if len(unsaved) >= SAVE_EVERY:
                _save_answers(store, unsaved, answers)
                unsaved = []
            if progress is not None:
                progress(done, len(reviews))
    finally:
        # Also on Ctrl-C: what was fetched is kept, so running again asks only for the rest.
        if own_resolver:
            resolver.close()
        _save_answers(store, unsaved, answers)
    return outcomes


def load_reviews(store: Any, ids: list[str]) -> list[Review]:
    """The reviews `ids`, in that order, from one read of the store (`--all` may be thousands);
    an unknown id raises NotFound naming it."""
    wanted = [normalise_id(review_id) for review_id in ids]
    records = {record["id"]: record for record in store.records()}
    for review_id in wanted:
        if review_id not in records:
            store.get(review_id)  # raises the store's own NotFound, with its hint
    return [Review.from_dict(records[review_id]) for review_id in wanted]


def _doi_of(review: Review) -> str:
    if not review.article.doi.strip():
        raise BadInput(f"{review.id} gives no DOI for its article, so there is nothing to resolve.")
    return normalise_doi(review.article.doi)


def _save_answers(store: Any, resolved: list[ResolutionOutcome], answers: dict[str, dict[str, Any]]) -> None:
    """Write the answers onto the reviews as they are at the moment of writing, under the store's
    lock (an edit made while we were asking is kept); one write for the whole batch."""
    if not resolved:
        return
    by_id = {outcome.review_id: outcome for outcome in resolved}

    def attach_answer(review: Review) -> bool:
        outcome = by_id[review.id]
        if not same_doi(review.article.doi, outcome.doi):
            outcome.status = "failed"
            outcome.error = BadInput(f"{review.id}'s DOI changed while it was being resolved; run `mia resolve {review.id}` again.")
            return False
        review.article.metadata = answers[normalise_doi(outcome.doi).lower()]
        outcome.warnings = consistency_warnings(review)
        return True

    for review_id in store.update(list(by_id), attach_answer):  # removed while we were asking
        by_id[review_id].status = "failed"
        by_id[review_id].error = NotFound(f"{review_id} was removed while it was being resolved.")


def resolve_after_add(store: Any, reviews: list[Review], *, offline: bool = False, resolver: Resolver | None = None) -> list[str]:
    """Resolve freshly added reviews (as they were stored: the store is not read again); the
    warning lines to show (the reviews are stored anyway).

    Nothing is asked when offline (`offline` or MIA_OFFLINE). A review without a DOI is left
    alone. Failures for the same reason make one line, pointing at `mia resolve` to try again.
    """
    if offline or is_offline():
        return []
    with_doi = [review for review in reviews if review.article.doi.strip()]
    if not with_doi:
        return []
    outcomes = resolve_loaded(store, with_doi, resolver=resolver)
    lines: list[str] = []
    failed = [o for o in outcomes if o.status == "failed"]
    for reason in dict.fromkeys(o.reason for o in failed):
        group = [o for o in failed if o.reason == reason]
        if len(group) == 1:
            one = group[0]
            lines.append(
                f"{one.review_id}: its DOI {one.doi} could not be resolved ({reason}); "
                f"the review is stored; run `mia resolve {one.review_id}` to try again."
            )
        else:
            lines.append(
                f"{len(group)} reviews' DOIs could not be resolved ({reason}); "
                "they are stored; run `mia resolve --all` to try again."
            )
    for outcome in outcomes:
        lines.extend(f"{outcome.review_id}: {warning}" for warning in outcome.warnings)
    return lines


# -- a new review started from a DOI -------------------------------------------------------


def article_for_doi(doi: str, *, offline: bool = False, resolver: Resolver | None = None) -> tuple[Article, ServiceFailure | None]:
    """The article a DOI names, filled from its metadata; a nonexistent DOI raises NotFound.

    When the service fails (or offline), the article holds only the DOI and the failure comes
    back too, so the caller can ask for the rest and `mia resolve` can complete it later.
    """
    own_resolver = resolver is None
    resolver = resolver or Resolver(ResolverSettings.from_env(offline=offline))
    try:
        metadata = resolver.fetch_metadata(doi)
    except ServiceFailure as error:
        return Article(doi=doi), error
    finally:
        if own_resolver:
            resolver.close()
    return article_from_metadata(doi, metadata), None


def article_from_metadata(doi: str, metadata: dict[str, Any]) -> Article:
    """The compte-rendu's article fields, as the club writes them (`C. A. Bradbury` et al.)."""
    work = work_from_csl(metadata, fallback=Article(doi=doi))
    first = work.authors[0] if work.authors else None
    if first and first.family:
        initials = " ".join(f"{letter}." for letter in first.initials)
        authors = [f"{initials} {first.family}".strip()]
    else:
        authors = [first.literal] if first else []
    return Article(
        doi=doi,
        title=work.title,
        authors=authors,
        et_al=len(work.authors) > 1,
        journal=abbreviate_journal(work),
        date=csl_date(metadata.get("issued")),
        metadata=metadata,
    )


def article_link(store: Any, review_id: str) -> str:
    """The https://doi.org/ link of the article a review is about (for `mia open`); BadInput
    when the review gives no DOI."""
    review = store.get(normalise_id(review_id))
    if not review.article.doi.strip():
        raise BadInput(f"{review.id} gives no DOI for its article, so there is no link to open.")
    return doi_url(normalise_doi(review.article.doi))
