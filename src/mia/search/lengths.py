"""The field lengths of every review, which BM25 reads for every candidate: one array in the
index (`stats` rows `lengths`, and `nums` when review numbers are too sparse for a dense array),
with the count of reviews and each field's total length in `meta`.

A search reads the array (`DocLengths.read`); a write changes the entries of its reviews
(`DocLengths.update`); a rebuild writes it whole (`DocLengths.save`). Its own module, so that a
search does not import the index's writer (`index.py`) to read it.
"""

from __future__ import annotations

from array import array
from typing import Any

from mia.base.sqlite import sqlite3
from mia.search.fields import FIELD_COUNT
from mia.search.records import read_meta, write_meta

SPARSE_SLACK = 100_000
#: Review numbers the lengths array makes room for when it grows (zeros: no review), so that
#: the next reviews added are written in place (`DocLengths._update_in_place`).
GROWTH = 1024
#: SQLite's incremental blob I/O (`Connection.blobopen`, Python 3.11 and later).
IN_PLACE = hasattr(sqlite3.Connection, "blobopen")


class DocLengths:
    """Field lengths of every live review, indexable by review number.

    Stored dense (offset `num * FIELD_COUNT`) when review numbers are compact, which they are
    in practice; sparse with a number list otherwise, so an odd id cannot blow the array up.
    """

    def __init__(self, lengths: array | memoryview, nums: array | memoryview | None) -> None:
        self.lengths = lengths
        self.nums = nums  # None when dense
        if nums is None:
            self.slot_of: Any = range(len(lengths) // FIELD_COUNT)
        else:
            self.slot_of = {num: i for i, num in enumerate(nums)}

    def of(self, num: int) -> tuple[int, ...]:
        """A review's field lengths (zeros for a review the array holds none of)."""
        F = FIELD_COUNT
        if self.nums is None:
            slot = num if 0 <= num < len(self.lengths) // F else None
        else:
            slot = self.slot_of.get(num)
        if slot is None:
            return (0,) * F
        return tuple(self.lengths[slot * F:(slot + 1) * F])

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> "DocLengths":
        rows = dict(conn.execute("SELECT name, value FROM stats WHERE name IN ('lengths', 'nums')"))
        lengths = array("H")
        lengths.frombytes(rows.get("lengths") or b"")
        nums = None
        if rows.get("nums") is not None:
            nums = array("I")
            nums.frombytes(rows["nums"])
        return cls(lengths, nums)

    @classmethod
    def read(cls, conn: sqlite3.Connection) -> "DocLengths":
        """The lengths for reading only (a search): each array a view of the stored bytes, read
        with SQLite's blob I/O and not copied into an `array` (`load`). At 100,000 reviews the
        lengths are 1.4 MB, and reading them cost a search ~3 ms, now ~1.5."""
        if not IN_PLACE:
            return cls.load(conn)
        stored = dict(conn.execute(
            "SELECT name, rowid FROM stats WHERE name IN ('lengths', 'nums') AND value IS NOT NULL"))
        views: dict[str, Any] = {}
        for name, code in (("lengths", "H"), ("nums", "I")):
            if name in stored:
                with conn.blobopen("stats", "value", stored[name], readonly=True) as blob:
                    views[name] = memoryview(blob.read()).cast(code)
        return cls(views.get("lengths", array("H")), views.get("nums"))

    def as_dict(self) -> dict[int, tuple[int, ...]]:
        F, lengths = FIELD_COUNT, self.lengths
        if self.nums is None:
            return {
                num: tuple(lengths[num * F:(num + 1) * F])
                for num in range(len(lengths) // F)
                if any(lengths[num * F:(num + 1) * F])
            }
        return {num: tuple(lengths[i * F:(i + 1) * F]) for i, num in enumerate(self.nums)}

    @classmethod
    def update(cls, conn: sqlite3.Connection, changes: dict[int, tuple[int, ...] | None], existed: set[int]) -> None:
        """Set (or, for None, drop) some reviews' lengths: a write touches a few entries of the
        array and the totals, not every review. The stored array is changed where it lies when
        it is dense and long enough (`_update_in_place`), else read, changed and written back,
        with room for the next `GROWTH` review numbers when it must grow."""
        F = FIELD_COUNT
        meta = read_meta(conn)
        count = int(meta.get("doc_count") or 0)
        sums = list(meta.get("length_sums") or [0] * F)
        goes_sparse = bool(changes) and max(changes) + 1 > 4 * (count + len(changes)) + SPARSE_SLACK
        if not goes_sparse and cls._update_in_place(conn, changes, existed, count, sums):
            return
        current = cls.load(conn)
        lengths = current.lengths
        if current.nums is not None or goes_sparse:
            table = current.as_dict() if current.nums is not None else {
                num: tuple(lengths[num * F:(num + 1) * F]) for num in _dense_nums(conn)
            }
            for num, values in changes.items():
                if values is None:
                    table.pop(num, None)
                else:
                    table[num] = values
            cls.save(conn, table)
            return
        top = max((num for num, values in changes.items() if values is not None), default=-1)
        if (top + 1) * F > len(lengths):
            lengths.frombytes(bytes(2 * ((top + 1 + GROWTH) * F - len(lengths))))

        def read(num: int) -> array | None:
            return lengths[num * F:(num + 1) * F] if (num + 1) * F <= len(lengths) else None

        def write(num: int, values: tuple[int, ...]) -> None:
            if (num + 1) * F <= len(lengths):  # (a review dropped beyond the array has no slot)
                lengths[num * F:(num + 1) * F] = array("H", values)

        count = cls._apply(changes, existed, read, write, count, sums)
        conn.execute("INSERT OR REPLACE INTO stats VALUES ('lengths', ?)", (lengths.tobytes(),))
        write_meta(conn, doc_count=count, length_sums=sums)

    @classmethod
    def _update_in_place(cls, conn: sqlite3.Connection, changes: dict[int, tuple[int, ...] | None],
                         existed: set[int], count: int, sums: list[int]) -> bool:
        """Write the changed reviews' lengths into the stored array itself (SQLite's incremental
        blob I/O), when it is dense and holds every changed review's slot; False otherwise.
        At 100,000 reviews, reading the 1.4 MB array and writing it back cost ~8 ms of every
        `mia add` (the writing twice: in the journal, then in the file)."""
        if not IN_PLACE or not changes:
            return False
        F = FIELD_COUNT
        stored = dict(conn.execute("SELECT name, rowid FROM stats WHERE name IN ('lengths', 'nums') AND value IS NOT NULL"))
        if "nums" in stored or "lengths" not in stored:
            return False
        (size,) = conn.execute("SELECT length(value) FROM stats WHERE rowid = ?", (stored["lengths"],)).fetchone()
        if (max(changes) + 1) * F * 2 > size:
            return False
        with conn.blobopen("stats", "value", stored["lengths"]) as blob:

            def read(num: int) -> array:
                blob.seek(num * F * 2)
                old = array("H")
                old.frombytes(blob.read(2 * F))
                return old

            def write(num: int, values: tuple[int, ...]) -> None:
                blob.seek(num * F * 2)
                blob.write(array("H", values).tobytes())

            count = cls._apply(changes, existed, read, write, count, sums)
        write_meta(conn, doc_count=count, length_sums=sums)
        return True

    @staticmethod
    def _apply(changes: dict[int, tuple[int, ...] | None], existed: set[int], read, write, count: int,
               sums: list[int]) -> int:
        """Each change made through `read(num)` (a review's lengths, None if it has no slot) and
        `write(num, lengths)` of the array it is kept in, the totals kept (`sums`, changed in
        place): the new count of reviews."""
        F = FIELD_COUNT
        for num, values in changes.items():
            old = read(num) if num in existed else None
            if old is not None:
                for f in range(F):
                    sums[f] -= old[f]
                count -= 1
            if values is None:
                write(num, (0,) * F)
                continue
            write(num, values)
            for f in range(F):
                sums[f] += values[f]
            count += 1
        return count

    @staticmethod
    def save(conn: sqlite3.Connection, table: dict[int, tuple[int, ...]]) -> None:
        F = FIELD_COUNT
        limit = (max(table) + 1) if table else 0
        if limit <= 4 * len(table) + SPARSE_SLACK:
            lengths = array("H", bytes(2 * F * limit))
            for num, values in table.items():
                lengths[num * F:(num + 1) * F] = array("H", values)
            nums_blob = None
        else:
            ordered = sorted(table)
            lengths = array("H")
            for num in ordered:
                lengths.extend(table[num])
            nums_blob = array("I", ordered).tobytes()
        conn.execute("INSERT OR REPLACE INTO stats VALUES ('lengths', ?)", (lengths.tobytes(),))
        conn.execute("INSERT OR REPLACE INTO stats VALUES ('nums', ?)", (nums_blob,))
        sums = [0] * F
        for values in table.values():
            for f in range(F):
                sums[f] += values[f]
        write_meta(conn, doc_count=len(table), length_sums=sums)


def _dense_nums(conn: sqlite3.Connection) -> list[int]:
    return [num for (num,) in conn.execute("SELECT num FROM docs")]
