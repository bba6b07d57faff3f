"""Posting lists: how the index stores, per term, which reviews hold it, where and how often.

One row per (term, segment), four parallel arrays kept as raw machine arrays (`array.tobytes`,
decoded with `frombytes`, i.e. a memcpy): review numbers (uint32), field ids (uint8), term
frequencies (uint16) and, concatenated, the positions of each entry (uint16). An entry is one
(review, field) pair. Review numbers are the `N` of `mia_review_N`, so no id mapping is needed
and ties break on them directly.

Segments make writes cheap: a write adds its reviews as a new small segment and marks their
previous entries dead (a per-segment set of review numbers), instead of rewriting the long
posting lists of common words. Segments of similar size are merged eight at a time (a merge
mostly concatenates bytes, since review numbers are global), so a store of N reviews has
O(log N) small segments and each review is rewritten at most four times over its life; segments
of 4096 reviews or more (and the 16384-review segments a rebuild writes) are left as they are,
so a store of 100,000 reviews has a few dozen segments at most.
"""

from __future__ import annotations

import math
from array import array
from itertools import accumulate

from typing import TYPE_CHECKING

from mia.search.fields import MAX_SHORT

if TYPE_CHECKING:  # pragma: no cover
    from mia.search.documents import AnalysedReview

MERGE_FAN_IN = 8
MAX_MERGE_TIER = 3  # segments of 8**4 = 4096 live reviews or more are no longer merged



class PostingRow:
    """The entries of one term in one segment (positions decoded lazily, where they pay)."""

    __slots__ = ("term", "seg", "nums", "fields", "tfs", "pos_bytes", "_positions", "_starts")

    def __init__(self, term: str, seg: int, nums: array, fields: array, tfs: array, pos_bytes: bytes) -> None:
        self.term, self.seg = term, seg
        self.nums, self.fields, self.tfs, self.pos_bytes = nums, fields, tfs, pos_bytes
        self._positions: array | None = None
        self._starts: list[int] | None = None

    @classmethod
    def decode(cls, term: str, seg: int, nums: bytes, fields: bytes, tfs: bytes, pos: bytes) -> "PostingRow":
        n, f, t = array("I"), array("B"), array("H")
        n.frombytes(nums)
        f.frombytes(fields)
        t.frombytes(tfs)
        if not (len(n) == len(f) == len(t)):
            raise ValueError(f"posting row for {term!r} is inconsistent")
        return cls(term, seg, n, f, t, pos)

    def positions(self, entry: int) -> array:
        """The positions of entry `entry` (review, field)."""
        if self._positions is None:
            self._positions = array("H")
            self._positions.frombytes(self.pos_bytes)
            self._starts = list(accumulate(self.tfs, initial=0))
            if self._starts[-1] != len(self._positions):
                raise ValueError(f"posting positions for {self.term!r} are inconsistent")
        start = self._starts[entry]
        return self._positions[start:self._starts[entry + 1]]


class SegmentBuilder:
    """Accumulates analysed reviews into the rows of one new segment."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple[array, array, array, array]] = {}
        self.nums: list[int] = []

    def add(self, review: AnalysedReview) -> None:
        num = review.num
        self.nums.append(num)
        rows = self.rows
        for field_id, terms in enumerate(review.postings):
            for term, positions in terms.items():
                row = rows.get(term)
                if row is None:
                    row = rows[term] = (array("I"), array("B"), array("H"), array("H"))
                if len(positions) > MAX_SHORT:
                    positions = positions[:MAX_SHORT]
                row[0].append(num)
                row[1].append(field_id)
                row[2].append(len(positions))
                row[3].extend(positions)

    def encoded_rows(self, seg: int):
        for term, (nums, fields, tfs, pos) in self.rows.items():
            yield term, seg, nums.tobytes(), fields.tobytes(), tfs.tobytes(), pos.tobytes()


def merge_rows(rows: list[PostingRow], dead: dict[int, set[int]]) -> tuple[bytes, bytes, bytes, bytes] | None:
    """One term's rows from several segments as one row, dropping dead entries."""
    if not any(dead.get(r.seg) for r in rows):
        return (
            b"".join(r.nums.tobytes() for r in rows),
            b"".join(r.fields.tobytes() for r in rows),
            b"".join(r.tfs.tobytes() for r in rows),
            b"".join(r.pos_bytes for r in rows),
        )
    nums, fields, tfs, pos = array("I"), array("B"), array("H"), array("H")
    for row in rows:
        gone = dead.get(row.seg) or set()
        for entry, num in enumerate(row.nums):
            if num in gone:
                continue
            nums.append(num)
            fields.append(row.fields[entry])
            tfs.append(row.tfs[entry])
            pos.extend(row.positions(entry))
    if not nums:
        return None
    return nums.tobytes(), fields.tobytes(), tfs.tobytes(), pos.tobytes()


def tier(live_docs: int) -> int:
    return int(math.log(max(live_docs, 1), MERGE_FAN_IN))


def segments_to_merge(segments: list[tuple[int, int, int]]) -> list[int]:
    """Given (seg, docs, dead) triples, the segments to merge now (empty when none)."""
    by_tier: dict[int, list[int]] = {}
    for seg, docs, dead in segments:
        level = tier(docs - dead)
        if level <= MAX_MERGE_TIER:
            by_tier.setdefault(level, []).append(seg)
    for level in sorted(by_tier):
        if len(by_tier[level]) >= MERGE_FAN_IN:
            return by_tier[level]
    return []
