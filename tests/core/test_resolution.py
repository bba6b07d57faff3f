"""Resolving reviews' DOIs in the store: once per article, without holding the lock, never losing an edit."""

from __future__ import annotations


import pytest
from mia.store.lock import FileLock
from replay_server import PLOS_WORKS, recorded, refused_url, services  # noqa: F401

from mia.base.errors import NotFound
from mia.doi.http_client import FailureKind, ServiceFailure
from mia.model.review import Article, Review, Section
from mia.core.resolution import (
    article_for_doi,
    article_from_metadata,
    resolve_after_add,
    resolve_reviews,
)
from mia.core.authoring import reviews_of_doi
from mia.store.review_store import Store

NEJM = "10.1056/NEJMoa2100596"
PLOS = "10.1371/JOURNAL.PONE.0033693"
METADATA = {"title": "An article", "DOI": NEJM, "source": "http://test", "fetched": "2026-01-01T00:00:00Z"}


def review(number: int, doi: str = NEJM, **article) -> Review:
    return Review(
        id=f"mia_review_{number}", title=f"Review {number}", sections=[Section("Introduction", "Texte.")],
        article=Article(doi=doi, **article),
    )


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "reviews.json")


class FakeResolver:
    """Answers from a table; records what it was asked; can run something mid-request."""

    def __init__(self, answers=None, during=None) -> None:
        self.answers = answers or {}
        self.asked: list[str] = []
        self.during = during

    def fetch_metadata(self, doi: str) -> dict:
        self.asked.append(doi)
        if self.during:
            self.during()
        answer = self.answers.get(doi.lower(), METADATA)
        if isinstance(answer, Exception):
            raise answer
        return dict(answer)

    def close(self) -> None:
        pass


def test_resolved_metadata_is_stored_and_not_asked_for_again(store):
    store.add(review(40))
    resolver = FakeResolver()

    [outcome] = resolve_reviews(store, ["40"], resolver=resolver)
    assert (outcome.review_id, outcome.status, outcome.error) == ("mia_review_40", "resolved", None)
    assert store.get("mia_review_40").article.metadata == METADATA

    [again] = resolve_reviews(store, ["mia_review_40"], resolver=resolver)
    assert again.status == "already"
    assert resolver.asked == [NEJM]

    [refreshed] = resolve_reviews(store, ["mia_review_40"], refresh=True, resolver=resolver)
    assert refreshed.status == "resolved" and resolver.asked == [NEJM, NEJM]


def test_one_request_per_article_even_when_reviewed_twice(store):
    store.add(review(40))
    store.add(review(41, doi="10.1056/nejmoa2100596"))
    resolver = FakeResolver()
    outcomes = resolve_reviews(store, ["40", "41"], resolver=resolver)
    assert [o.status for o in outcomes] == ["resolved", "resolved"]
    assert resolver.asked == [NEJM]
    assert store.get("mia_review_41").article.metadata == METADATA


def test_the_lock_is_free_while_the_network_is_asked(store, monkeypatch):
    store.add(review(40))

    def take_the_lock() -> None:
        with FileLock(str(store.lock_path), timeout=0):
            pass  # would raise Timeout if resolve_reviews held it

    resolve_reviews(store, ["40"], resolver=FakeResolver(during=take_the_lock))
    assert store.get("mia_review_40").article.metadata == METADATA


def test_an_edit_made_while_resolving_is_kept(store):
    store.add(review(40))

    def edit() -> None:
        edited = review(40)
        edited.title = "Edited meanwhile"
        store.add(edited, replace=True)

    resolve_reviews(store, ["40"], resolver=FakeResolver(during=edit))
    stored = store.get("mia_review_40")
    assert (stored.title, stored.article.metadata) == ("Edited meanwhile", METADATA)


def test_a_doi_changed_while_resolving_is_not_given_the_old_answer(store):
    store.add(review(40))
    store_changed = lambda: store.add(review(40, doi="10.1056/NEJMoa9999999"), replace=True)  # noqa: E731

    [outcome] = resolve_reviews(store, ["40"], resolver=FakeResolver(during=store_changed))
    assert outcome.status == "failed" and "DOI changed" in outcome.error.message
    assert store.get("mia_review_40").article.metadata is None


def test_a_long_batch_is_written_as_it_goes_and_an_interruption_keeps_what_was_fetched(store, monkeypatch):
    monkeypatch.setattr("mia.core.resolution.SAVE_EVERY", 2)
    for number in range(1, 6):
        store.add(review(number, doi=f"10.1056/NEJMoa210000{number}"))
    writes = []
    real_update = store.update
    monkeypatch.setattr(store, "update", lambda ids, change: (writes.append(list(ids)), real_update(ids, change))[1])

    def interrupt_at_the_fifth() -> None:
        if len(resolver.asked) == 5:
            raise KeyboardInterrupt

    resolver = FakeResolver(during=interrupt_at_the_fifth)
    with pytest.raises(KeyboardInterrupt):
        resolve_reviews(store, ["1", "2", "3", "4", "5"], resolver=resolver)
    assert writes == [["mia_review_1", "mia_review_2"], ["mia_review_3", "mia_review_4"]]
    assert [store.get(f"mia_review_{n}").article.metadata is not None for n in range(1, 6)] == [True] * 4 + [False]


def test_unknown_ids_fail_before_anything_is_asked(store):
    store.add(review(40))
    resolver = FakeResolver()
    with pytest.raises(NotFound, match="no review mia_review_99"):
        resolve_reviews(store, ["40", "99"], resolver=resolver)
    assert resolver.asked == []


def test_after_the_network_fails_the_rest_of_the_batch_is_not_asked(store):
    for number in (40, 41, 42):
        store.add(review(number, doi=f"10.1056/NEJMoa21005{number}"))
    down = ServiceFailure("api.crossref.org is unreachable.", kind=FailureKind.UNREACHABLE)
    resolver = FakeResolver({f"10.1056/nejmoa21005{n}": down for n in (40, 41, 42)})

    outcomes = resolve_reviews(store, ["40", "41", "42"], resolver=resolver)
    assert [o.reason for o in outcomes] == ["unreachable"] * 3
    assert resolver.asked == ["10.1056/NEJMoa2100540"]


def test_a_missing_doi_fails_that_review_only(store):
    store.add(review(40, doi=""))
    store.add(review(41))
    missing = NotFound("The DOI 10.1056/NEJMoa2100596 does not exist.")
    outcomes = resolve_reviews(store, ["40", "41"], resolver=FakeResolver({NEJM.lower(): missing}))
    assert [(o.status, o.reason) for o in outcomes] == [("failed", "no usable DOI"), ("failed", "no such DOI")]
    assert outcomes[0].error.exit_code == 2 and outcomes[1].error.exit_code == 1


def test_progress_is_reported_after_each_review(store):
    store.add(review(40))
    store.add(review(41))
    seen = []
    resolve_reviews(store, ["40", "41"], resolver=FakeResolver(), progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 2), (2, 2)]


# -- after `mia add` ---------------------------------------------------------------------------


def test_after_add_a_failure_is_one_line_pointing_at_mia_resolve(store, services, monkeypatch):
    monkeypatch.setenv("MIA_CROSSREF_URL", refused_url())
    store.add(review(40))
    assert resolve_after_add(store, [store.get("mia_review_40")]) == [
        f"mia_review_40: its DOI {NEJM} could not be resolved (unreachable); "
        "the review is stored; run `mia resolve mia_review_40` to try again."
    ]
    assert store.get("mia_review_40").article.metadata is None


def test_after_add_of_many_the_failures_make_one_line(store, services, monkeypatch):
    monkeypatch.setenv("MIA_CROSSREF_URL", refused_url())
    for number in (40, 41, 42):
        store.add(review(number, doi=f"10.1056/NEJMoa21005{number}"))
    assert resolve_after_add(store, [store.get("mia_review_40"), store.get("mia_review_41"), store.get("mia_review_42")]) == [
        "3 reviews' DOIs could not be resolved (unreachable); they are stored; run `mia resolve --all` to try again."
    ]


def test_after_add_offline_nothing_is_asked(store, services, monkeypatch):
    services.crossref.add(f"/works/{NEJM}", recorded(PLOS_WORKS))
    store.add(review(40))
    assert resolve_after_add(store, [store.get("mia_review_40")], offline=True) == []
    monkeypatch.setenv("MIA_OFFLINE", "1")
    assert resolve_after_add(store, [store.get("mia_review_40")]) == []
    assert services.crossref.received == []


def test_after_add_a_review_without_doi_is_left_alone(store, services):
    store.add(review(40, doi=""))
    assert resolve_after_add(store, [store.get("mia_review_40")]) == []
    assert services.crossref.received == []


# -- a new review from a DOI ---------------------------------------------------------------------


def test_a_new_review_from_a_doi_takes_the_next_free_id_and_the_resolved_article(store, services):
    services.crossref.add(f"/works/{PLOS}", recorded(PLOS_WORKS))
    store.add(review(40))
    doi, reviewed_by = reviews_of_doi(store, f"https://doi.org/{PLOS}")
    assert (doi, reviewed_by) == (PLOS, [])

    article, problem = article_for_doi(doi)
    assert problem is None
    assert article.to_dict() | {"metadata": None} == {
        "doi": PLOS,
        "title": "Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of Microglia in the Basal Ganglia of Mice",
        "authors": ["S. Sadasivan"], "et_al": True, "journal": "PLoS One", "date": "2012-03-21", "metadata": None,
    }
    assert article.metadata["container-title"] == "PLoS ONE"


def test_a_new_review_from_a_doi_when_the_service_fails_keeps_the_doi_and_says_why(services, monkeypatch):
    monkeypatch.setenv("MIA_CROSSREF_URL", refused_url())
    article, problem = article_for_doi(PLOS)
    assert article == Article(doi=PLOS)
    assert problem.reason == "unreachable"


def test_article_fields_from_metadata_of_an_organisation():
    article = article_from_metadata(NEJM, {"title": ["Dexamethasone"], "author": [{"name": "RECOVERY Group"}],
                                           "container-title": "New England Journal of Medicine"})
    assert (article.title, article.authors, article.et_al, article.journal, article.date) == (
        "Dexamethasone", ["RECOVERY Group"], False, "N Engl J Med", "")
