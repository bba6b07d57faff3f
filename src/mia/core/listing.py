"""What `mia list` shows: one row of plain fields per review (the journal as references name it,
`model.journals.article_journal`, and the year of the article's date), which reviews (filters
that are search fields, answered by the index), in which order, how many.

The filters mean what the same fields mean in `mia search` (`--year 2019..2021` is `year:`,
`--keyword` is `keyword:`, `--journal` is `journal:`, with their stems, lexicon forms and
journal names), so the two commands never disagree on which reviews a field holds.
"""

from __future__ import annotations

from itertools import islice
from typing import Any, Iterator

from mia.base.errors import BadInput
from mia.base.phrases import shell_word
from mia.model.ids import normalise_id, review_number
from mia.model.journals import article_journal
from mia.model.sections import fold
from mia.search import cached_records, matching_reviews, streamed_records
from mia.search.fields import SHOWN_JOURNAL

#: The columns a list can be sorted by (`mia list --sort`).
SORTS = ("id", "title", "journal", "year", "published")


class Selection:
    """Which reviews a list holds, and in which order. (A plain class: `mia list` does not pay
    for the dataclasses module, ~1 ms.)"""

    __slots__ = ("year", "keywords", "journals", "sort", "reverse", "limit")

    def __init__(self, year: str | None = None, keywords: tuple[str, ...] = (), journals: tuple[str, ...] = (),
                 sort: str = "id", reverse: bool = False, limit: int | None = None) -> None:
        self.year, self.keywords, self.journals = year, tuple(keywords), tuple(journals)
        self.sort, self.reverse, self.limit = sort, reverse, limit

    def in_id_order(self) -> bool:
        """The order the index and the store give the reviews in."""
        return self.sort == "id" and not self.reverse

    def is_everything(self) -> bool:
        """No filter, id order, no limit: every review as the index holds them."""
        return self.query() is None and self.in_id_order() and self.limit is None

    def query(self) -> str | None:
        """The filters as a search query (None without filters)."""
        parts = [f"year:{self.year}"] if self.year is not None else []
        parts += [_field("keyword", value) for value in self.keywords]
        parts += [_field("journal", value) for value in self.journals]
        return " ".join(parts) or None

    def typed(self) -> str:
        """The filters as the options `mia list` was given (`--year 1066 --journal NEJM`): what
        its messages name."""
        parts = [f"--year {shell_word(self.year)}"] if self.year is not None else []
        parts += [f"--keyword {shell_word(value)}" for value in self.keywords]
        parts += [f"--journal {shell_word(value)}" for value in self.journals]
        return " ".join(parts)


def _field(name: str, value: str) -> str:
    words = value.replace('"', " ").split()
    if not words:
        raise BadInput(f"--{name} needs a value, like --{name} {'ITP' if name == 'keyword' else 'NEJM'}.")
    return f'{name}:"{" ".join(words)}"' if len(words) > 1 else f"{name}:{words[0]}"


def review_row(record: dict[str, Any]) -> dict[str, str]:
    """id, title, journal, year and published of a store record (or the index's summary of one,
    which holds the journal as shown)."""
    article = record.get("article") or {}
    shown = record.get(SHOWN_JOURNAL)
    return {
        "id": record["id"],
        "title": record.get("title", ""),
        "journal": shown if shown is not None else article_journal(article),
        "year": (article.get("date") or "")[:4],
        "published": record.get("published", ""),
    }


def list_rows(store, selection: Selection | None = None) -> list[dict[str, str]]:
    """The rows of the selected reviews, in the selection's order: read from the index (each
    summary made a row as it is read), else from the store."""
    selection = selection or Selection()
    _check(selection)
    nums = _selected_numbers(store, selection)
    first = selection.limit if nums is None and selection.in_id_order() else None  # the first N: read N only
    rows = cached_records(store, nums=nums, shape=review_row, first=first)
    if rows is None:  # the index is not fresh: the store itself
        rows = [review_row(record) for record in _store_records(store, nums)]
    return _ordered(rows, selection)


class Listing:
    """The rows of a list: all of them, or for a long list on a screen its first screen and the
    others as an iterator (`more`), read from the index as they are written; `count` says how
    many in all, `widest` the widest value of a column yet to come (the last id)."""

    __slots__ = ("rows", "count", "more", "widest")

    def __init__(self, rows: list[dict[str, str]], count: int, more: Iterator[dict[str, str]] | None = None,
                 widest: dict[str, str] | None = None) -> None:
        self.rows, self.count, self.more, self.widest = rows, count, more, widest or {}


def listing(store, selection: Selection, screen: int | None = None) -> Listing:
    """The selected rows. On a terminal `screen` lines high, a long list in id order without
    filter starts with its first screen at once (the rest follows as it is read); any other
    list is read whole first (a filter or a sort needs every row)."""
    _check(selection)
    unfiltered = selection.query() is None and selection.in_id_order()
    if screen and unfiltered and (selection.limit is None or selection.limit > screen):
        streamed = streamed_records(store, review_row, screen)
        if streamed is not None:
            count, first, others, largest = streamed
            if selection.limit is not None:
                count, others = min(count, selection.limit), islice(others, max(0, selection.limit - len(first)))
            return Listing(first, count, others, {"id": normalise_id(str(largest))} if largest else {})
    rows = list_rows(store, selection)
    return Listing(rows, len(rows))


def list_full_records(store, selection: Selection | None = None) -> list[dict[str, Any]]:
    """The whole records of the selected reviews, in the selection's order (`list --json`)."""
    selection = selection or Selection()
    if selection.is_everything():
        records = cached_records(store, full=True)
        return records if records is not None else store.records()
    nums = [review_number(row["id"]) for row in list_rows(store, selection)]
    records = cached_records(store, full=True, nums=nums)
    return records if records is not None else _store_records(store, nums)


def _check(selection: Selection) -> None:
    """The sort column and the limit (the filters are checked by the search's query parser)."""
    if selection.sort not in SORTS:
        raise BadInput(f"--sort {selection.sort}: the columns to sort by are {', '.join(SORTS)}.")
    if selection.limit is not None and selection.limit < 1:
        raise BadInput(f"--limit must be at least 1, not {selection.limit}.")
    if selection.year is not None:  # (said of --year, not of the query's year: at position 1)
        from mia.search.query import year_range

        try:
            year_range(selection.year)
        except BadInput:
            raise BadInput(f"--year {selection.year} is not a year: --year takes 2021 or a range like 2019..2021.") from None


def _selected_numbers(store, selection: Selection) -> list[int] | None:
    query = selection.query()
    return None if query is None else matching_reviews(store, query)


def _store_records(store, nums: list[int] | None) -> list[dict[str, Any]]:
    records = store.records()
    if nums is None:
        return records
    by_number = {review_number(record["id"]): record for record in records}
    return [by_number[num] for num in nums if num in by_number]


def _ordered(rows: list[dict[str, str]], selection: Selection) -> list[dict[str, str]]:
    """`rows` (in id-number order, as the index and the store give them) sorted by the
    selection's column (ties by id number; rows without a value for the column last, either
    way), then cut to its limit."""
    if selection.sort == "id" and selection.reverse:
        rows = rows[::-1]
    if selection.sort != "id":
        column = selection.sort
        valued = [row for row in rows if row[column]]
        # (texts with case and accents ignored: É with E, not after Z)
        key = (lambda row: row[column]) if column in ("year", "published") else (lambda row: fold(row[column]))
        rows = sorted(valued, key=key, reverse=selection.reverse) + [row for row in rows if not row[column]]
    return rows[: selection.limit] if selection.limit else rows

