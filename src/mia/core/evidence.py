"""Key results across reviews: the rows of a forest plot for a query, re-running extraction.

The extraction itself is `mia.evidence`'s (pure text work); here it meets the store and the
search: which reviews a query names, and writing re-extracted results (a person's `checked`
results are never overwritten: `importers.attach_key_results` keeps them).
"""

from __future__ import annotations

import sys

from typing import Any

from mia.evidence.vocabulary import is_stale, same_values
from mia.core.reading import read_review
from mia.importers import attach_key_results
from mia.model.ids import review_ids_named
from mia.model.review import Review, normalise_id
from mia.base.errors import BadInput, NotFound
from mia.evidence.forest import forest_image
from mia.search import cached_facets, reindex, run_search
from mia.search.records import FACETS

#: As many hits as a forest can hold: every review the query matches, however many the store
#: holds (it was 100,000, which a network of clubs reaches: the rest were left out silently).
ALL_MATCHES = sys.maxsize


def forest_rows(store: Any, query: str) -> tuple[list[dict[str, Any]], list[str]]:
    """The rows of a forest plot of the primary effects of the reviews `query` names, and the ids
    named that state no primary effect.

    A query made of review ids only (`40`, `mia_review_40 52`; a bare number is an id, as for
    `mia show`) names those reviews, in the order given (an unknown one: NotFound, as for `mia
    show`); any other query is a search (its syntax is the search's), best match first: to find
    a number in the text, quote it (`"40"`)."""
    ids = review_ids_named(query.split())
    if ids is not None:
        return _rows([_effect_of(read_review(store, review_id)) for review_id in ids])
    # A plot holds whole matches only; it needs no passage (at 100,000 reviews, the snippets of
    # the ~20,000 reviews saying ITP took 7 of 7.7 s).
    result = run_search(store, query, limit=ALL_MATCHES, all_words=True, passages=False)
    if not result.hits:
        raise NotFound(f"No review matches {query}.", hint="Try `mia search` with the same words first.")
    # N and the primary effect come from the index's facets of the hits (one query), not from
    # each review's record: 0.2 s instead of 6 s for 6,000 hits.
    facets = cached_facets(store, [hit.id for hit in result.hits]) or {}
    n_at, primary_at = FACETS.index("n"), FACETS.index("primary")
    found = []
    for hit in result.hits:
        if hit.id in facets:
            found.append((hit.id, hit.article_title or hit.title, facets[hit.id][n_at], facets[hit.id][primary_at]))
        else:  # the store changed since the search: its record
            found.append(_effect_of(read_review(store, hit.id)))
    return _rows(found)


def _effect_of(review: Review) -> tuple[str, str, Any, list[Any] | None]:
    """A review's id, label, N and primary effect (measure, value, ci_low, ci_high, p), from its record."""
    key_results = review.extra.get("key_results") or {}
    found = key_results.get("primary") or {}
    primary = [found.get(k) for k in ("measure", "value", "ci_low", "ci_high", "p")] if found else None
    return review.id, short_title(review), key_results.get("n"), primary


def _rows(found: list[tuple[str, str, Any, list[Any] | None]]) -> tuple[list[dict[str, Any]], list[str]]:
    """The plot's rows of (id, label, N, primary effect), and the ids without a primary effect."""
    rows, without = [], []
    for review_id, label, n, primary in found:
        if not primary or primary[1] is None or not primary[0]:
            without.append(review_id)
            continue
        measure, value, ci_low, ci_high, p = primary
        rows.append({
            "id": review_id, "label": label.strip(), "measure": measure, "value": value,
            "ci_low": ci_low, "ci_high": ci_high, "p": p, "n": n,
        })
    return rows, without


def short_title(review: Review) -> str:
    """A forest row's label: the article's title, else the review's."""
    return (review.article.title or review.title).strip()


def results_after_edit(base: Review, edited: Review) -> None:
    """Settle the key results of an edited review (`mia edit`), in place.

    A draft without key results keeps the stored ones. Key results a person changed in the
    draft are their correction: marked `checked: true`, so no extraction replaces them. Results
    nobody checked follow the text: extracted again when the sections changed."""
    stored = base.extra.get("key_results")
    drafted = edited.extra.get("key_results")
    if drafted is None:
        if stored is None:
            edited.extra.pop("key_results", None)
        else:
            edited.extra["key_results"] = stored
    elif isinstance(drafted, dict) and not same_values(drafted, stored):
        drafted["checked"] = True
    text_changed = (edited.sections != base.sections or edited.article.title != base.article.title)
    if text_changed:  # (an edit that changes nothing stays no change)
        attach_key_results(edited)  # keeps checked results; reads the new text for the others


def draw_forest_image(rows: list[dict[str, Any]], path, fmt: str):
    """The same plot as an image (matplotlib, the optional extra `mia[plot]`)."""
    try:
        return forest_image(rows, path, fmt)
    except RuntimeError as error:
        raise BadInput("Drawing an image needs matplotlib, which is not installed.",
                       hint="Install it with: pip install 'mia[plot]'  (the terminal plot needs nothing).") from error


def extract_results(store: Any, ids: list[str] | None = None, *, known: bool = False,
                    kept: list[str] | None = None) -> list[str]:
    """Extract the key results again for the reviews `ids` (all when None), in one write (no
    new version: `Store.update`); the ids whose results changed. Results a person checked are
    kept (their ids added to `kept`, when given). `known`: the ids come from the store itself
    (not checked one by one first)."""
    wanted = [normalise_id(i) for i in ids] if ids else store.ids()
    if not known:
        for review_id in wanted:
            store.get(review_id)  # an unknown id: NotFound, before anything is written
    changed: list[str] = []

    def re_extract(review: Review) -> bool:
        found = review.extra.get("key_results")
        if kept is not None and isinstance(found, dict) and found.get("checked"):
            kept.append(review.id)
        if attach_key_results(review):
            changed.append(review.id)
            return True
        return False

    store.update(wanted, re_extract)
    return changed


def stale_results(store: Any) -> list[str]:
    """The reviews whose key results nobody checked and older rules wrote (or none recorded):
    from the index's facets (`results_checked`, `results_extractor`), not from every record."""
    facets = cached_facets(store)
    if facets is None:  # the index is not fresh: the records themselves
        return [record["id"] for record in store.records() if is_stale(record.get("key_results"))]
    checked_at, version_at = FACETS.index("results_checked"), FACETS.index("results_extractor")
    return [review_id for review_id, row in facets.items()
            if is_stale({"checked": row[checked_at], "extractor": row[version_at]})]


#: Reviews whose key results `mia reindex` extracts again per write.
REEXTRACT_BATCH = 1000


def reindex_store(store: Any, progress=None) -> tuple[int, list[str]]:
    """`mia reindex`: rebuild the search index, then extract again the key results of the
    reviews whose results are stale (`stale_results`), stored without a new version; the number
    of reviews indexed and the ids extracted again. Reviews already current are not read again."""
    count = reindex(store, progress)
    stale = stale_results(store)
    # A write per REEXTRACT_BATCH reviews (in id order: a shard file or two each): memory stays
    # that of a batch, and the index follows each write incrementally (store.on_change) instead
    # of being rebuilt once more by one write of every review after a new extractor version.
    for start in range(0, len(stale), REEXTRACT_BATCH):
        extract_results(store, stale[start:start + REEXTRACT_BATCH], known=True)
    return count, stale
