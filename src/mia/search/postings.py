"""Posting lists: how the index stores, per term, which reviews hold it, where and how often.

One row per (term, segment), four parallel arrays: review numbers (uint32), field ids (uint8),
term frequencies (uint16) and, concatenated, the positions of each entry (uint16). An entry is one
(review, field) pair. Review numbers are the `N` of `mia_review_N`, so no id mapping is needed
and ties break on them directly. A row of `bounds.BOUNDED_FROM` entries or more also keeps a byte
per entry, the level of a ceiling of each review's score (bounds.py; empty for a shorter row),
computed with its segment's reference lengths (the `segments` table).

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

from typing import TYPE_CHECKING, Callable, Mapping, Sequence

from mia.search.bounds import BOUNDED_FROM, field_factors, row_levels
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

    __slots__ = ("term", "seg", "nums", "fields", "tfs", "stored_pos", "stored_bounds", "_positions", "_starts")

    def __init__(self, term: str, seg: int, nums: array, fields: array, tfs: array, stored_pos: bytes,
                 stored_bounds: bytes = b"") -> None:
        self.term, self.seg = term, seg
        self.nums, self.fields, self.tfs = nums, fields, tfs
        self.stored_pos = stored_pos  # as stored (`pack`): unpacked when positions are asked for
        self.stored_bounds = stored_bounds  # as stored (`pack`), b"" for none: see `levels`
        self._positions: array | None = None
        self._starts: list[int] | None = None

    @classmethod
    def decode(cls, term: str, seg: int, nums: bytes, fields: bytes, tfs: bytes, pos: bytes,
               bounds: bytes = b"") -> "PostingRow":
        """A row from the stored columns (`IndexUnusable` if they do not hold one)."""
        n = _stored_array("I", nums, f"posting row for {term!r}")
        f = _stored_array("B", fields, f"posting row for {term!r}")
        t = _stored_array("H", tfs, f"posting row for {term!r}")
        if not (len(n) == len(f) == len(t)):
            raise IndexUnusable(f"posting row for {term!r} is inconsistent")
        return cls(term, seg, n, f, t, pos, bounds or b"")

    def levels(self) -> bytes | None:
        """The row's score levels, one per entry (bounds.py), or None if it keeps none."""
        if not self.stored_bounds:
            return None
        levels = bytes(_unpacked(self.stored_bounds, f"posting bounds for {self.term!r}"))
        if len(levels) != len(self.nums):
            raise IndexUnusable(f"posting bounds for {self.term!r} are inconsistent")
        return levels

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
        self.lengths: dict[int, Sequence[int]] = {}  # each review's field lengths (for the bounds)

    def add(self, review: AnalysedReview) -> None:
        num = review.num
        self.nums.append(num)
        self.lengths[num] = review.lengths
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

    def gathered(self) -> dict[str, tuple[bytes, bytes, bytes, bytes]]:
        """The rows so far as their arrays' bytes (what a worker gives back for the reviews it
        analysed: bytes cross between processes at a fraction of the cost of the reviews'
        positions as lists, and `add_gathered` joins them with a `frombytes` each)."""
        return {term: (nums.tobytes(), fields.tobytes(), tfs.tobytes(), pos.tobytes())
                for term, (nums, fields, tfs, pos) in self.rows.items()}

    def add_gathered(self, reviews: Sequence[AnalysedReview], rows: Mapping[str, tuple[bytes, bytes, bytes, bytes]]) -> None:
        """Add reviews whose postings another builder gathered (`gathered`, the reviews added
        there in this order, after every review added here): the same rows as adding each."""
        for review in reviews:
            self.nums.append(review.num)
            self.lengths[review.num] = review.lengths
        builder_rows = self.rows
        for term, parts in rows.items():
            row = builder_rows.get(term)
            if row is None:
                row = builder_rows[term] = (array("I"), array("B"), array("H"), array("H"))
            row[0].frombytes(parts[0])
            row[1].frombytes(parts[1])
            row[2].frombytes(parts[2])
            row[3].frombytes(parts[3])

    def encoded_rows(self, seg: int, reference: Sequence[float]):
        """The rows as stored, in term order: keyed by (segment, term), a new segment's rows
        then fill its pages one after the other (in the order words were met, each insert
        split a page somewhere: a quarter of the postings' pages was empty, 36 of 142 MB at
        100,000 reviews). The long rows' bounds are computed with the mean field lengths
        `reference` (the segment's)."""
        factors = {num: field_factors(lengths, reference) for num, lengths in self.lengths.items()}
        for term in sorted(self.rows):
            nums, fields, tfs, pos = self.rows[term]
            levels = row_levels(nums, fields, tfs, factors, consecutive=True) if len(nums) >= BOUNDED_FROM else None
            yield (term, seg, pack(nums.tobytes()), pack(fields.tobytes()), pack(tfs.tobytes()), pack(pos.tobytes()),
                   pack(levels) if levels else b"")


def merge_rows(rows: list[PostingRow], dead: dict[int, set[int]],
               factors_for: Callable[[Sequence[int]], Mapping[int, Sequence[float]]]
               ) -> tuple[bytes, bytes, bytes, bytes, bytes] | None:
    """One term's rows from several segments as one row, dropping dead entries (stored as
    `pack` stores them). A long merged row keeps its rows' bounds, and those of the rows that
    had none are computed with `factors_for(nums)` (the reviews' factors with the merged
    segment's reference lengths: see `maintenance.merge_segments`)."""
    if not any(dead.get(r.seg) for r in rows):
        nums, fields, tfs = (b"".join(r.nums.tobytes() for r in rows), b"".join(r.fields.tobytes() for r in rows),
                             b"".join(r.tfs.tobytes() for r in rows))
        count = len(fields)
        pos = b"".join(r.position_bytes() for r in rows)
        entries = [(r, None) for r in rows]
    else:
        entries = []
        for row in rows:
            gone = dead.get(row.seg) or set()
            live = [entry for entry, num in enumerate(row.nums) if num not in gone]
            if live:
                entries.append((row, live))
        if not entries:
            return None
        n, f, t, p = array("I"), array("B"), array("H"), array("H")
        for row, live in entries:
            for entry in live:
                n.append(row.nums[entry])
                f.append(row.fields[entry])
                t.append(row.tfs[entry])
                p.extend(row.positions(entry))
        nums, fields, tfs, pos = n.tobytes(), f.tobytes(), t.tobytes(), p.tobytes()
        count = len(f)
    bounds = b""
    if count >= BOUNDED_FROM:
        parts = []
        for row, live in entries:
            levels = row.levels()
            if levels is None:
                levels = row_levels(row.nums, row.fields, row.tfs, factors_for(row.nums))
                if levels is None:
                    parts = None
                    break
            parts.append(levels if live is None else bytes(levels[entry] for entry in live))
        if parts is not None:
            bounds = pack(b"".join(parts))
    return pack(nums), pack(fields), pack(tfs), pack(pos), bounds


#: The meta key of the segments whose rows are in review-number order, each with the first and
#: last review it was written with: {seg: (first, last)}. In such a row a bisection that does not
#: find a review proves it absent (`scoring._fields_of`), where another row's bytes must be
#: searched (~70 us for a row of 30,000 entries: `mia search ITP` at 100,000 reviews did so for
#: twenty rows and hits). A segment is listed only when that was checked as it was written: an
#: index without the key (or a segment left out) is searched as before.
ORDERED = "ordered_segments"


def ordered_range(nums: Sequence[int]) -> tuple[int, int] | None:
    """(first, last) of the review numbers a segment's rows were written with (`nums`, in the
    order added), when they rise throughout: every row of the segment is then in number order."""
    if not nums or any(a >= b for a, b in zip(nums, nums[1:])):
        return None
    return nums[0], nums[-1]


def merged_range(ranges: Mapping[int, Sequence[int]], segs: Sequence[int]) -> tuple[int, int] | None:
    """The range of a merge of `segs` (its rows concatenate theirs in segment order) when each
    is in number order and each one's reviews come after the previous one's; else None."""
    spans = [ranges.get(seg) for seg in sorted(segs)]
    if not spans or any(span is None for span in spans):
        return None
    if any(previous[1] >= following[0] for previous, following in zip(spans, spans[1:])):
        return None
    return spans[0][0], spans[-1][1]


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
