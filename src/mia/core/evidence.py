"""Key results across reviews: the rows of a forest plot for a query, re-running extraction.

The extraction itself is `mia.evidence`'s (pure text work); here it meets the store and the
search: which reviews a query names, and writing re-extracted results (a person's `checked`
results are never overwritten: `importers.attach_key_results` keeps them).
"""

from __future__ import annotations

from typing import Any

from mia.base.errors import NotFound
from mia.evidence.vocabulary import same_values
from mia.core.library import read_review
from mia.importers import attach_key_results
from mia.model.review import Review, normalise_id

#: As many hits as a forest can hold: every review the query matches.
ALL_MATCHES = 100_000


def forest_rows(store: Any, query: str) -> tuple[list[dict[str, Any]], list[str]]:
    """The rows of a forest plot of the primary effects of the reviews matching `query` (its
    syntax is the search's), best match first; and the ids matched that state no primary effect."""
    from mia.search import run_search

    result = run_search(store, query, limit=ALL_MATCHES)
    if not result.hits:
        raise NotFound(f"No review matches {query}.", hint="Try `mia search` with the same words first.")
    rows, without = [], []
    for hit in result.hits:
        review = read_review(store, hit.id)
        key_results = review.extra.get("key_results") or {}
        primary = key_results.get("primary") or {}
        if primary.get("value") is None or not primary.get("measure"):
            without.append(review.id)
            continue
        rows.append({
            "id": review.id, "label": short_title(review), "measure": primary["measure"],
            "value": primary["value"], "ci_low": primary.get("ci_low"), "ci_high": primary.get("ci_high"),
            "p": primary.get("p"), "n": key_results.get("n"),
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
    if text_changed or "key_results" not in edited.extra:
        attach_key_results(edited)  # keeps checked results; reads the new text for the others


def draw_forest_image(rows: list[dict[str, Any]], path, fmt: str):
    """The same plot as an image (matplotlib, the optional extra `mia[plot]`)."""
    from mia.base.errors import BadInput
    from mia.evidence.forest import forest_image

    try:
        return forest_image(rows, path, fmt)
    except RuntimeError as error:
        raise BadInput("Drawing an image needs matplotlib, which is not installed.",
                       hint="Install it with: pip install 'mia[plot]'  (the terminal plot needs nothing).") from error


def extract_results(store: Any, ids: list[str] | None = None) -> list[str]:
    """Extract the key results again for the reviews `ids` (all when None), in one write;
    the ids whose results changed. Results a person checked are kept."""
    wanted = [normalise_id(i) for i in ids] if ids else store.ids()
    for review_id in wanted:
        store.get(review_id)  # an unknown id: NotFound, before anything is written
    changed: list[str] = []

    def re_extract(review: Review) -> bool:
        if attach_key_results(review):
            changed.append(review.id)
            return True
        return False

    store.update(wanted, re_extract)
    return changed
