"""Posting lists: how the index stores, per term, which reviews hold it, where and how often.

One row per (term, segment), four parallel arrays: review numbers (uint32), field ids (uint8),
term frequencies (uint16) and, concatenated, the positions of each entry (uint16). An entry is one
(review, field) pair. Review numbers are the `N` of `mia_review_N`, so no id mapping is needed
and ties break on them directly.

Each array is kept as its machine bytes (`array.tobytes`, read back with `frombytes`, a memcpy)
behind one byte saying how: `RAW`, or `PACKED` (zlib, level 1) for an array of `PACK_FROM` bytes
or more that zlib makes smaller. Packing took the index of 100,000 bench reviews' postings from
323 to 142 MB (field ids and frequencies are mostly the same few values; review numbers rise);
unpacking the longest row a search reads there (`rituximab`, 60,000 entries) costs ~1 ms, and
positions are unpacked only when a phrase or proximity needs them.

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
import zlib
from array import array
from itertools import accumulate

from typing import TYPE_CHECKING

from mia.search.fields import MAX_SHORT
from mia.search.records import IndexUnusable

if TYPE_CHECKING:  # pragma: no cover
    from mia.search.documents import AnalysedReview

MERGE_FAN_IN = 8
MAX_MERGE_TIER = 3  # segments of 8**4 = 4096 live reviews or more are no longer merged

RAW, PACKED = 0, 1  # the first byte of a stored array: how the rest holds it
PACK_FROM = 128  # shorter arrays are kept raw: zlib's header and checksum would eat the gain


def pack(raw: bytes) -> bytes:
    """An array's bytes as the postings table stores them."""
    if len(raw) >= PACK_FROM:
        packed = zlib.compress(raw, 1)
        if len(packed) < len(raw):
            return bytes((PACKED,)) + packed
    return bytes((RAW,)) + raw


def unpack(stored: bytes) -> bytes | memoryview:
    """The array's bytes from what `pack` stored."""
    if not stored:
        raise ValueError("empty posting array")
    kind = stored[0]
    if kind == RAW:
        return memoryview(stored)[1:]
    if kind == PACKED:
        return zlib.decompress(memoryview(stored)[1:])
    raise ValueError(f"unknown posting array coding {kind}")


def _unpacked(stored: bytes, what: str) -> bytes | memoryview:
    """`unpack(stored)`, a damaged array being an unusable index (`what`: whose, for the message)."""
    try:
        return unpack(stored)
    except (ValueError, TypeError, zlib.error) as problem:
        raise IndexUnusable(f"{what}: damaged ({problem})") from None


def _stored_array(typecode: str, stored: bytes, what: str) -> array:
    """The array of `typecode` that `pack` stored (`IndexUnusable` if damaged)."""
    values = array(typecode)
    try:
        values.frombytes(_unpacked(stored, what))
    except ValueError:
        raise IndexUnusable(f"{what}: damaged (not a whole number of values)") from None
    return values


class PostingRow:
    """The entries of one term in one segment (positions decoded lazily, where they pay)."""

    __slots__ = ("term", "seg", "nums", "fields", "tfs", "stored_pos", "_positions", "_starts")

    def __init__(self, term: str, seg: int, nums: array, fields: array, tfs: array, stored_pos: bytes) -> None:
        self.term, self.seg = term, seg
        self.nums, self.fields, self.tfs = nums, fields, tfs
        self.stored_pos = stored_pos  # as stored (`pack`): unpacked when positions are asked for
        self._positions: array | None = None
        self._starts: list[int] | None = None

    @classmethod
    def decode(cls, term: str, seg: int, nums: bytes, fields: bytes, tfs: bytes, pos: bytes) -> "PostingRow":
        """A row from the stored columns (`IndexUnusable` if they do not hold one)."""
        n = _stored_array("I", nums, f"posting row for {term!r}")
        f = _stored_array("B", fields, f"posting row for {term!r}")
        t = _stored_array("H", tfs, f"posting row for {term!r}")
        if not (len(n) == len(f) == len(t)):
            raise IndexUnusable(f"posting row for {term!r} is inconsistent")
        return cls(term, seg, n, f, t, pos)

    def position_bytes(self) -> bytes | memoryview:
        return _unpacked(self.stored_pos, f"posting positions for {self.term!r}")

    def positions(self, entry: int) -> array:
        """The positions of entry `entry` (review, field)."""
        if self._positions is None:
            positions = _stored_array("H", self.stored_pos, f"posting positions for {self.term!r}")
            starts = list(accumulate(self.tfs, initial=0))
            if starts[-1] != len(positions):
                raise IndexUnusable(f"posting positions for {self.term!r} are inconsistent")
            self._positions, self._starts = positions, starts
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
        """The rows as stored, in term order: keyed by (segment, term), a new segment's rows
        then fill its pages one after the other (in the order words were met, each insert
        split a page somewhere: a quarter of the postings' pages was empty, 36 of 142 MB at
        100,000 reviews)."""
        for term in sorted(self.rows):
            nums, fields, tfs, pos = self.rows[term]
            yield term, seg, pack(nums.tobytes()), pack(fields.tobytes()), pack(tfs.tobytes()), pack(pos.tobytes())


def merge_rows(rows: list[PostingRow], dead: dict[int, set[int]]) -> tuple[bytes, bytes, bytes, bytes] | None:
    """One term's rows from several segments as one row, dropping dead entries (stored as
    `pack` stores them)."""
    if not any(dead.get(r.seg) for r in rows):
        return (
            pack(b"".join(r.nums.tobytes() for r in rows)),
            pack(b"".join(r.fields.tobytes() for r in rows)),
            pack(b"".join(r.tfs.tobytes() for r in rows)),
            pack(b"".join(r.position_bytes() for r in rows)),
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
    return pack(nums.tobytes()), pack(fields.tobytes()), pack(tfs.tobytes()), pack(pos.tobytes())


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
