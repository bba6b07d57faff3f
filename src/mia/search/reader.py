"""Read access to a fresh index for one search: vocabulary, posting rows, review rows, filters."""

from __future__ import annotations

from array import array
from typing import Iterable

from mia.base.sqlite import sqlite3
from mia.search.lengths import DocLengths
from mia.search.records import SQL_CHUNK, IndexUnusable, in_chunks, read_meta
from mia.search.postings import ORDERED, PostingRow

def upper_bound(prefix: str) -> str:
    """The least key above every key starting with `prefix` (a range's end: `key < upper_bound`)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


class IndexReader:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        meta = read_meta(conn)
        self.meta = meta
        self.doc_count = int(meta.get("doc_count") or 0)
        self.length_sums = list(meta.get("length_sums") or [])
        self.ordered = frozenset(meta.get(ORDERED) or ())  # the segments whose rows are in number order
        self._lengths: DocLengths | None = None
        self._dead: dict[int, set[int]] | None = None
        self._segments: list[int] | None = None
        self._references: dict[int, array] = {}

    # -- statistics ---------------------------------------------------------------------------

    @property
    def lengths(self) -> DocLengths:
        if self._lengths is None:
            self._lengths = DocLengths.read(self.conn)
        return self._lengths

    @property
    def dead(self) -> dict[int, set[int]]:
        """Review numbers whose entries in a segment are superseded, per segment."""
        if self._dead is None:
            self._dead = {}
            for seg, blob in self.conn.execute("SELECT seg, dead FROM segments WHERE length(dead) > 0"):
                values = array("I")
                values.frombytes(blob)
                self._dead[seg] = set(values)
        return self._dead

    # -- vocabulary ---------------------------------------------------------------------------

    def vocab(self, words: Iterable[str]) -> dict[str, tuple[str, tuple[str, ...]]]:
        """kind and stem keys of the given words that the index holds."""
        found: dict[str, tuple[str, tuple[str, ...]]] = {}
        for chunk, marks in in_chunks(list(dict.fromkeys(words))):
            for word, kind, keys in self.conn.execute(
                f"SELECT word, kind, keys FROM vocab WHERE word IN ({marks})", chunk
            ):
                found[word] = (kind, tuple(keys.split()) if keys else ())
        return found

    def words_with_keys(self, keys: Iterable[str]) -> dict[str, list[str]]:
        by_key: dict[str, list[str]] = {}
        for chunk, marks in in_chunks(list(dict.fromkeys(keys))):
            for key, word in self.conn.execute(
                f"SELECT key, word FROM stemkeys WHERE key IN ({marks})", chunk
            ):
                by_key.setdefault(key, []).append(word)
        return by_key

    def prefix_words(self, prefix: str, limit: int = 64) -> list[str]:
        return [
            word for (word,) in self.conn.execute(
                "SELECT word FROM vocab WHERE word >= ? AND word < ? AND kind = 'w' "
                "ORDER BY length(word), word LIMIT ?",
                (prefix, upper_bound(prefix), limit),
            )
        ]

    def words_starting(self, prefix: str, min_length: int, max_length: int, limit: int = 5000,
                       kind: str = "w") -> list[str]:
        """The indexed terms of `kind` (words; "a": acronyms, in capitals) starting with `prefix`."""
        return [
            word for (word,) in self.conn.execute(
                "SELECT word FROM vocab WHERE word >= ? AND word < ? AND kind = ? "
                "AND length(word) BETWEEN ? AND ? LIMIT ?",
                (prefix, upper_bound(prefix), kind, min_length, max_length, limit),
            )
        ]

    # -- postings -----------------------------------------------------------------------------

    @property
    def segments(self) -> list[int]:
        """The index's segments: posting rows are keyed by (segment, term)."""
        if self._segments is None:
            self._segments = []
            for seg, stored in self.conn.execute("SELECT seg, reference FROM segments ORDER BY seg"):
                self._segments.append(seg)
                reference = array("d")
                if len(stored) % reference.itemsize == 0:
                    reference.frombytes(stored)
                self._references[seg] = reference
        return self._segments

    def reference(self, seg: int) -> array:
        """The mean field lengths a segment's bounds were computed with (bounds.py); empty if
        none are known."""
        self.segments  # (read with them)
        return self._references.get(seg, array("d"))

    def _by_term(self, columns: str, terms: Iterable[str]):
        """`SELECT columns` of the posting rows of `terms` in every segment, ordered by term then
        segment: one look-up per segment and term, `IN (…)` lists cut to SQLite's limit."""
        segments = self.segments
        seg_marks = ",".join("?" * len(segments))
        for chunk, marks in in_chunks(list(dict.fromkeys(terms)), max(1, SQL_CHUNK - len(segments))):
            yield from self.conn.execute(
                f"SELECT {columns} FROM postings WHERE seg IN ({seg_marks}) AND term IN ({marks}) "
                f"ORDER BY term, seg",
                segments + chunk,
            )

    def rows(self, terms: Iterable[str]) -> dict[str, list[PostingRow]]:
        """The posting rows of `terms`, each term's in segment order (one look-up per segment
        and term: a few dozen segments at most, see postings.py)."""
        result: dict[str, list[PostingRow]] = {}
        try:
            for row in self._by_term("term, seg, nums, fields, tfs, pos", terms):
                result.setdefault(row[0], []).append(PostingRow.decode(*row))
        except ValueError as error:
            raise IndexUnusable(str(error)) from error
        return result

    def bounds(self, term: str) -> dict[int, bytes]:
        """A term's rows' stored bounds by segment (bounds.py): read apart from the rows, by the
        searches that use them (a row's other readers would read their pages for nothing)."""
        return {seg: stored for _, seg, stored in self._by_term("term, seg, bounds", [term])}

    def present(self, terms: Iterable[str]) -> set[str]:
        """Those of `terms` that have a posting row (their rows not read)."""
        return {term for (term,) in self._by_term("DISTINCT term", terms)}

    # -- reviews ------------------------------------------------------------------------------

    def docs(self, nums: Iterable[int], records: bool = True) -> dict[int, tuple[str, int | None, str, bytes | None]]:
        """num -> (id, year, packed summary, compressed record: None unless `records`)."""
        found: dict[int, tuple[str, int | None, str, bytes | None]] = {}
        query = ("SELECT d.num, d.id, d.year, d.summary, r.record FROM docs AS d JOIN records AS r ON r.num = d.num"
                 if records else "SELECT num, id, year, summary, NULL FROM docs AS d")
        for chunk, marks in in_chunks(list(nums)):
            for num, review_id, year, summary, record in self.conn.execute(f"{query} WHERE d.num IN ({marks})", chunk):
                found[num] = (review_id, year, summary, record)
        return found

    def segments_of(self, nums: Iterable[int]) -> dict[int, int]:
        """num -> the segment holding the review's live entries (its entries in any other are dead)."""
        found: dict[int, int] = {}
        for chunk, marks in in_chunks(list(nums)):
            found.update(self.conn.execute(f"SELECT num, seg FROM docs WHERE num IN ({marks})", chunk))
        return found

    def years(self, low: int | None, high: int | None) -> set[int]:
        low = -1 if low is None else low
        high = 1 << 30 if high is None else high
        return {n for (n,) in self.conn.execute("SELECT num FROM docs WHERE year BETWEEN ? AND ?", (low, high))}

    def dois(self, value: str) -> set[int]:
        """Reviews whose article DOI is `value` (a `doi_match_key`), or starts with `value/` (a
        registrant prefix)."""
        if not value:
            return set()
        return {
            n for (n,) in self.conn.execute(
                "SELECT num FROM docs WHERE doi = ? OR (doi >= ? AND doi < ?)",
                (value, value.rstrip("/") + "/", value.rstrip("/") + "0"),
            )
        }
