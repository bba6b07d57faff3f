"""Search over the reviews: French and English, accents, acronyms, a lexicon, ranked, fast.

Public entry points (the rest of mia uses only these):

- `run_search(store, query, limit=10) -> SearchResult` — makes sure the index matches the store
  (rebuilding it if not), then searches. Raises `BadInput` for a malformed query.
- `index_changed(store, upserted_records, removed_ids)` — the store calls it after every write,
  under its write lock; the index is updated incrementally. Never raises.
- `merge_after_import(store, written)` — after a bulk import that wrote most of the index, its
  segments merged into one, as a rebuild leaves them. Never raises.
- `reindex(store) -> int` — rebuild the index from the store; the number of reviews indexed.
- `cached_records(store)` / `cached_record(store, id)` — review records read from the index
  (without loading the JSON store), or None when the index is missing or stale.
- `last_written_records(store, low, high)` — records as mia last wrote them, even from an index
  that no longer matches the store (a damaged file): what `mia doctor --restore` compares with.
- `matching_reviews(store, query)` — the numbers of the reviews matching a query in full.
- `cached_facets(store, ids=None)` / `facets_of(record)` — what `mia stats` counts and `mia forest`
  draws of each review (`records.FACETS`), from a fresh index (else None) / from a record.
- `reviews_of_dois(store, keys)` — the reviews about each DOI, from a fresh index (else None).
- `check_index(store, live, deep=False) -> list[str]` — problems with the index, for `mia doctor`.
- `lexicon_entries(store, term) -> dict` — the concepts and learned acronyms a term names.
- `Hit`, `SearchResult` (see results.py).

Owns: the text analysis, the query language, the derived index (SQLite) and its upkeep,
ranking and snippets. Must not import: `mia.cli`, `mia.core`, `mia.store` (it is handed a store
object), `mia.importers`, `mia.doi`. The lexicon's files are `mia.lexicon`'s.

This module imports nothing heavy: `import mia.search` costs almost nothing, so `mia --help`
does not pay for search. The machinery lives in submodules loaded on first use:
analysis, stemming, lexicon, acronyms, query, documents, postings, index, maintenance,
lexicon_index, reader, plan, scoring, snippets, suggest, engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mia.base.collector import without_gc

if TYPE_CHECKING:  # pragma: no cover
    from mia.search.results import Hit, SearchResult

__all__ = ["run_search", "matching_reviews", "streamed_records", "index_changed", "merge_after_import", "reindex",
           "cached_records", "cached_record", "last_written_records",
           "cached_facets", "facets_of", "reviews_of_dois",
           "check_index", "lexicon_entries", "Hit", "SearchResult"]


@without_gc  # (its modules' import and the postings it reads: objects freed by reference counting)
def run_search(store, query: str, limit: int = 10, *, all_words: bool = False, passages: bool = True) -> "SearchResult":
    from mia.search.engine import run_search as _run_search

    return _run_search(store, query, limit, all_words=all_words, passages=passages)


def index_changed(store, upserted_records: list[dict], removed_ids: list[str]) -> None:
    from mia.search.maintenance import on_store_change

    on_store_change(store, upserted_records, removed_ids)


def merge_after_import(store, written: int) -> None:
    """After a bulk import of `written` reviews: the index left as a rebuild leaves it, when the
    import wrote most of it (see maintenance.merge_after_import)."""
    from mia.search.maintenance import merge_after_import as _merge_after_import

    _merge_after_import(store, written)


def reindex(store, progress=None) -> int:
    from mia.search.maintenance import rebuild

    return rebuild(store, progress)


def cached_records(store, full: bool = False, nums: list[int] | None = None, shape=None,
                   first: int | None = None) -> list[Any] | None:
    """Every review, in id-number order (the `first` ones only, if given), or those numbered
    `nums` (in that order), from the index; None if the index is not fresh.

    By default, summaries: what a list row and a search hit show (`documents.summary_of`: id,
    title, published; the article's title, journal, date and the metadata's journal names);
    `full=True` gives the whole records. `shape(record)`, when given, is what is kept of each.
    """
    from mia.search.records import cached_records as _cached_records

    return _cached_records(store, full, nums, shape, first)


def last_written_records(store, low: int, high: int) -> tuple[list[dict[str, Any]], list[int]] | None:
    """The live reviews numbered `low` to `high` as mia last wrote them: the index's copy, fresh
    or not, and the store's signature it recorded (`mia doctor --restore`: what putting a backup
    back would undo); None without an index of this format."""
    from mia.search.records import last_written_records as _last_written_records

    return _last_written_records(store, low, high)


def streamed_records(store, shape, first: int):
    """A long list's summaries, for a screen: (count, the first `first` shaped, an iterator of
    the others shaped as they are read, the largest review number); None if the index is not
    fresh."""
    from mia.search.records import streamed_records as _streamed_records

    return _streamed_records(store, shape, first)


def matching_reviews(store, query: str) -> list[int]:
    """The numbers of the reviews holding every part of `query` (no partial matches, no
    ranking), in number order: `mia list`'s filters are search fields. Rebuilds a stale index.
    Raises `BadInput` for a malformed query."""
    from mia.search.engine import matching_reviews as _matching_reviews

    return _matching_reviews(store, query)


def cached_record(store, review_id: str) -> dict[str, Any] | None:
    """One whole review record from the index; None if absent or the index is not fresh."""
    from mia.search.records import cached_record as _cached_record

    return _cached_record(store, review_id)


def cached_facets(store, ids: list[str] | None = None, rows_only: bool = False):
    """Review id -> its facets (`mia.search.records.FACETS`: dates, journal, keywords, authors,
    design, N, primary effect), for all reviews or `ids` (`rows_only`: the list of all reviews'
    facets, without ids); None if the index is not fresh."""
    from mia.search.records import cached_facets as _cached_facets

    return _cached_facets(store, ids, rows_only)


def reviews_of_dois(store, keys: list[str]) -> dict[str, list[str]] | None:
    """DOI (`mia.model.doi.doi_match_key`) -> the ids of the reviews about it, in number order,
    for the DOIs of `keys` that reviews give; None if the index is not fresh."""
    from mia.search.records import reviews_of_dois as _reviews_of_dois

    return _reviews_of_dois(store, keys)


def facets_of(record: dict[str, Any]) -> list[Any]:
    """The facets of a record (for a store read when the index is not fresh)."""
    from mia.search.records import facets_of as _facets_of

    return _facets_of(record)


def lexicon_entries(store, term: str) -> dict:
    """What a term names: {"term", "concepts": [{"label", "source", "columns"}],
    "learned": [{"short", "long", "reviews"}]} (for `mia lexicon show`)."""
    from mia.search.engine import lexicon_entries as _lexicon_entries

    return _lexicon_entries(store, term)


def check_index(store, live: int, *, deep: bool = False) -> list[str]:
    """Problems with the search index, one sentence each (for `mia doctor`); [] when sound."""
    from mia.search.maintenance import check_index as _check_index

    return _check_index(store, live, deep=deep)


def __getattr__(name: str) -> Any:
    if name in ("Hit", "SearchResult"):
        from mia.search import results

        return getattr(results, name)
    raise AttributeError(f"module 'mia.search' has no attribute {name!r}")
