"""Score bounds kept with the long posting rows, so that a search of a common word scores only
the reviews that can be among its best (exact ranking, fewer reviews scored).

Why: ranking a word is a Python step per posting entry (its BM25F part, `Scorer.slot_tf`), and a
common word has many: `rituximab` is in a third of the bench's reviews, 5,926 entries at 10,000
reviews, 59,519 at 100,000, where that loop was most of a search beyond `mia --version`. A search
shows ten reviews and ranks a pool of fifty (`scoring.PROXIMITY_POOL`).

What is kept: for a row of `BOUNDED_FROM` entries or more, one byte per entry, the *level* of a
ceiling of the review's part of the word's score (`Scorer.slot_tf`'s sum over its fields, at the
exact level) at the review's last entry of the row, 0 at its other entries. The ceiling is
`CEILINGS[level]`, a geometric ladder (2 % apart) from `FLOOR`; level 255 stands for "above the
ladder" (always scored). The part is computed with the field lengths' averages of the moment,
the segment's *reference* (stored with the segment): BM25F's length normalisation uses the
averages of the moment of the search, and a part computed with other averages is off by at most
the largest ratio of a current average to its reference (`inflation`), the factor a search
multiplies the ceilings by. The bytes cost 1.4 % of the index at 10,000 bench reviews (0.5 of
36.3 MB); computing them, 13 s of a 125 s rebuild at 100,000.

How a search uses them (`Scorer._bounded_scores`): the reviews with the highest levels are
scored exactly first; the pool's last score is then a cut, and every review whose ceiling
reaches the cut (over the number of the slot's terms with rows: a review's part sums over them)
is scored too; no other review can reach the pool, and a review below the cut cannot tie with it
either. The reviews scored get the same scores as by scoring all (the same arithmetic in the same
order), so the ranking is the same; the count of reviews found is taken from every row as
before. `mia search rituximab` at 100,000 bench reviews: 108.7 -> 88.0 ms (whole processes,
medians of 15; `mia --version` 60 ms), its ranking 36.7 -> 23.7 ms; at 10,000, 52 of the
word's 3,127 reviews are scored (ranking 6.7 -> 5.9 ms). The bounds are read apart from the
rows (`IndexReader.bounds`), by the searches that use them only.

The invariant the levels rest on: a review's entries in a row are consecutive (a segment adds
its reviews one at a time; a merge concatenates segments' rows and a review is live in one
segment only). `row_levels` checks it and gives no levels for a row breaking it.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import compress, repeat
from operator import eq, getitem, mul, not_
from typing import Mapping, Sequence

from mia.search.fields import FIELD_B, FIELD_COUNT, FIELD_WEIGHTS

#: Rows of at least this many entries keep levels: below, scoring them all is cheap, and their
#: bytes would cost the index more (at 10,000 bench reviews, rows of 4,096 entries and more hold
#: 1.1 of 2.7 million entries).
BOUNDED_FROM = 4096
FLOOR = 0.25
GROWTH = 1.02
#: CEILINGS[level]: 0 for no review, then FLOOR x GROWTH^level, then infinity (level 255).
CEILINGS: tuple[float, ...] = (0.0,) + tuple(FLOOR * GROWTH ** level for level in range(1, 255)) + (float("inf"),)
UNBOUNDED = 255
#: Kept above the exact bounds: the sums of a search and of the index are the same sums of
#: floating-point numbers in another order (a relative difference of ~1e-15).
SAFETY = 1e-9


def reviews_in(levels: bytes) -> int:
    """How many reviews a row's levels stand for: one level above 0 each (the invariant above)."""
    return len(levels) - levels.count(0)


def level_of(value: float) -> int:
    """The lowest level (1-255) whose ceiling is at least `value`."""
    return bisect_left(CEILINGS, value, 1, UNBOUNDED)


def averages(sums: Sequence[float], count: int) -> tuple[float, ...]:
    """The mean length of each field, as BM25F takes it (1.0 for a field empty everywhere)."""
    sums = list(sums) + [0] * (FIELD_COUNT - len(sums))
    return tuple((sums[f] / count) if sums[f] and count else 1.0 for f in range(FIELD_COUNT))


def field_factors(lengths: Sequence[int], reference: Sequence[float]) -> tuple[float, ...]:
    """A review's weight per occurrence in each field, its lengths normalised by `reference`."""
    return tuple(FIELD_WEIGHTS[f] / (1.0 - FIELD_B[f] + FIELD_B[f] * lengths[f] / reference[f])
                 for f in range(FIELD_COUNT))


def row_levels(nums: Sequence[int], fields: Sequence[int], tfs: Sequence[int],
               factors: Mapping[int, Sequence[float]], *, consecutive: bool = False) -> bytes | None:
    """The levels of a row (see the module), each review's factors in `factors`; None if a
    review's entries are not consecutive (not checked when the caller knows they are:
    `consecutive`). At C speed but for the reviews with several entries in the row: a rebuild
    computes them for 17 million entries at 100,000 bench reviews."""
    count = len(nums)
    if not count:
        return b""
    field = fields[0]
    if fields.count(field) == count:  # (most long rows: a common word, in the texts only)
        values = list(map(mul, map(getitem, map(factors.__getitem__, nums), repeat(field)), tfs))
    else:
        values = list(map(mul, map(getitem, map(factors.__getitem__, nums), fields), tfs))
    same = list(map(eq, nums, nums[1:]))  # entry i and i + 1 belong to one review
    runs = count - sum(same)
    if not consecutive and runs != len(set(nums)):
        return None
    if runs < count:
        for entry in compress(range(count - 1), same):
            values[entry + 1] += values[entry]  # (a review's part, summed into its last entry)
    # (every value is above 0: its level is at least 1, and an infinite ceiling closes the ladder)
    levels = bytes(map(bisect_left, repeat(CEILINGS), values))
    if runs == count:
        return levels
    return bytes(map(mul, levels, map(not_, same + [False])))


def inflation(current: Sequence[float], reference: Sequence[float]) -> float:
    """How much more than its stored part a review's part can be now: the largest ratio of a
    field's current mean length to its reference (at least 1), with `SAFETY` above."""
    ratio = max([1.0] + [c / r for c, r in zip(current, reference) if r > 0])
    return ratio * (1.0 + SAFETY)


#: _AT_LEAST[level] maps each level byte to 1 if it is `level` or more, else to 0 (bytes.translate).
#: (Built from slices: a generator over the 65,536 pairs took 5 ms of every search's import.)
_AT_LEAST = tuple(bytes(level) + b"\x01" * (256 - level) for level in range(256))
#: Below this share of a row's entries, the entries at a level or more are found one by one
#: (bytes.find); above, by one pass over every entry (itertools.compress).
_FEW = 1 / 16


def highest_level(levels: bytes) -> int:
    """The highest level of a row (0 for none). A test per level from the top, at memchr's speed:
    `max(levels)` steps through every entry (0.8 ms for the 59,519 of `rituximab` at 100,000)."""
    return next((level for level in range(UNBOUNDED, 0, -1) if level in levels), 0)


def top_level(levels: bytes, wanted: int) -> int:
    """The highest level such that `wanted` reviews of the row are at it or above (1 when the
    row has fewer)."""
    have = 0
    for level in range(max(highest_level(levels), 1), 1, -1):
        have += levels.count(level)
        if have >= wanted:
            return level
    return 1


def last_entries(levels: bytes, level: int) -> list[int]:
    """The entries of a row holding a level of `level` or more, in order: each the last entry of
    its review."""
    marks = levels.translate(_AT_LEAST[level])
    count = marks.count(1)
    if count > _FEW * len(marks):
        return list(compress(range(len(marks)), marks))
    found, at = [], -1
    for _ in range(count):
        at = marks.find(1, at + 1)
        found.append(at)
    return found


def entries_ending_at(nums: Sequence[int], last: int) -> range:
    """The entries of the review whose last entry in the row is `last` (they are consecutive)."""
    num, first = nums[last], last
    while first and nums[first - 1] == num:
        first -= 1
    return range(first, last + 1)
