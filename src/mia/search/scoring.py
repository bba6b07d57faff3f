"""Matching and ranking a plan against the index: BM25F with match levels, phrases, proximity.

Score of a review = sum over the query's groups of its best alternative's score, where an
alternative scores  weight × Σ_slots idf(slot) × sat(tf')  with

    tf' = Σ_terms level × Σ_fields w_field × tf / (1 − b_field + b_field × length / mean length)
    sat(x) = x (k1 + 1) / (x + k1),   idf(df) = ln(1 + (N − df + ½) / (df + ½))

(BM25F, the levels acting like field weights: exact 1, stem 0.45, prefix 0.35; an expansion
alternative has weight 0.35, so a single exact mention outranks any number of expansions in a
review of ordinary length). A phrase counts its occurrences instead of its words'. Then the 50
best reviews get a proximity bonus of up to 30 % when the typed words sit close together in one
field, and the order is score, then review number (stable). A query of one word, acronym or
phrase scores its alternatives in turn and leaves unscored one that cannot reach those 50 (its
bound, weight x idf x (k1 + 1), below the 50th score so far): its reviews are counted, not scored;
and of a word's long posting rows it scores only the reviews whose stored bound can reach them
(bounds.py, `Scorer._bounded_scores`).

An ambiguous acronym's meanings are ordered by how many reviews matching the rest of the query
also hold them; meanings after the first count half, and so does the typed acronym itself in a
review that holds another meaning's forms and none of the first's (it uses the acronym in
another sense), and such a review ranks after those using the first meaning.

Soft AND: when no review matches every group, and the scorer is not strict, the reviews matching
at least half of the plain groups (words and concepts without a field), or if none does, as many
as the review matching the most, are ranked instead, first
by the rarity of what they matched (the sum of the matched groups' idf, so that two rare words
outweigh one common word), then by score. Filters, fielded terms and exclusions stay strict.
Each such review's Ranked says which groups it matched and which it missed.
"""

from __future__ import annotations

import heapq
import math
import sys
from bisect import bisect_left
from itertools import chain, compress
from typing import Callable, Collection, Iterable, Iterator

from mia.search import bounds, postings
from mia.search.fields import FIELD_B, FIELD_COUNT, FIELD_WEIGHTS
from mia.search.plan import EXACT, EXPANSION, STEM, Alternative, Filter, Plan, Slot, Unit
from mia.search.reader import IndexReader

K1 = 1.2
PROXIMITY = 0.3
PROXIMITY_POOL = 50
MAX_PROXIMITY_SLOTS = 8
SECOND_MEANING = 0.5
#: A partial match's credit for a group it holds only through a weaker form (a translation, a
#: lexicon expansion), as a share of the group's rarity: the weight of such a form (`EXPANSION`)
#: against the typed word's (`EXACT`). "paludisme cérébral": a review saying "brain" once no
#: longer outranks the review of severe malaria because "cérébral" is the rarer word.
WEAK_HOLD = EXPANSION / EXACT
#: A partial match's credit for a group that is a bare number ("JAVELIN Bladder 100", "aspirine
#: 100 mg"), as a share of its rarity: a number is part of a name or a dose, and a review holding
#: it alone (any review giving 100 patients) is weaker evidence than one holding a word of the
#: query, even through a translation ("JAVELIN Bladder 100": the review saying "vessie" comes
#: before those saying "100").
NUMBER_SHARE = WEAK_HOLD / 2
#: A query of at least this many plain groups whose every word fewer reviews hold than a ranking
#: shows is completed with the reviews holding most of them (`Scorer._few_whole`): a lay query or
#: a question says more words than any one review writes. (Two words: the reviews holding one
#: of them would follow, most of them noise.)
FEW_WHOLE_GROUPS = 3
#: An alternative of fewer posting entries is scored rather than bounded: scoring it costs less
#: than finding the score it would have to reach (~0.25 us an entry, against ~16 ns a review
#: already scored).
MIN_BOUNDED_ENTRIES = 1000
#: A one-word alternative of at least this many posting entries is scored through the rows'
#: bounds (bounds.py), when its long rows keep them.
BOUNDED_ENTRIES = 2048
_PHRASE_ROOM = 1 << 16  # added to positions (< 2**16) so that shifting back by k stays positive


class Ranked:
    """A review in the top: its score, and what matched (for the hit's description)."""

    __slots__ = ("num", "score", "fields", "routes", "terms", "patterns", "matched", "missing")

    def __init__(self, num: int, score: float) -> None:
        self.num = num
        self.score = score
        self.matched: list[str] = []  # the query's groups the review holds (partial matches only)
        self.missing: list[str] = []  # and those it lacks
        self.fields: set[int] = set()
        self.routes: list[str] = []
        self.terms: set[str] = set()  # index terms that matched
        self.patterns: list[tuple] = []  # words and phrases, for snippets


def _sat(x: float) -> float:
    return x * (K1 + 1) / (x + K1)


class Partial:
    """How a soft-AND ranking came about: the query's plain groups, and the most of them a
    ranked review holds."""

    __slots__ = ("groups", "best")

    def __init__(self, groups: list[str], best: int) -> None:
        self.groups, self.best = groups, best


def group_text(group: list) -> str:
    """A group as the user typed it: `ITP OR pneumonie`, `blood pressure`."""
    return " OR ".join(item.text for item in group)


class UnitMatches:
    """The reviews a unit alone matches (`Scorer._one_unit`), as a search needs them: how many.
    Each alternative's are kept apart, those of an alternative scored through its bounds as
    their number (`Scorer.slot_count`) with how to gather them: they are gathered only when
    two alternatives hold any (their reviews may overlap), or when iterated."""

    def __init__(self) -> None:
        self._parts: list[tuple[int, Callable[[], Iterable[int]]]] = []

    def add(self, count: int, gather: Callable[[], Iterable[int]]) -> None:
        if count:
            self._parts.append((count, gather))

    def __len__(self) -> int:
        return self._parts[0][0] if len(self._parts) == 1 else len(self.gathered())

    def __iter__(self) -> Iterator[int]:
        return iter(self.gathered())

    def gathered(self) -> set[int]:
        """The reviews themselves: the most numerous first, copied, then the others added."""
        parts = sorted(self._parts, key=lambda part: -part[0])
        docs: set[int] = set(parts[0][1]()) if parts else set()
        for _, gather in parts[1:]:
            docs.update(gather())
        return docs


class Scorer:
    def __init__(self, reader: IndexReader, plan: Plan, *, strict: bool = True) -> None:
        self.reader = reader
        self.plan = plan
        self.strict = strict
        self.partial: Partial | None = None  # set by run() when it fell back to soft AND
        self.whole: int | None = None  # set by run() when it completed the reviews holding every word (`_few_whole`)
        self._whole: set[int] = set()  # (those reviews)
        self._coverage: dict[int, tuple[float, list[int]]] = {}  # num -> (rarity, matched groups)
        self._covered: dict[float, set[int]] = {}  # rarity -> the reviews of that coverage
        self._elsewhere: set[int] = set()  # reviews using an ambiguous acronym in a second sense
        n = max(reader.doc_count, 1)
        self.n = n
        sums = reader.length_sums + [0] * (FIELD_COUNT - len(reader.length_sums))
        averages = [(sums[f] / n) if sums[f] else 1.0 for f in range(FIELD_COUNT)]
        self.averages = averages
        self.norm_a = [1.0 - FIELD_B[f] for f in range(FIELD_COUNT)]
        self.norm_b = [FIELD_B[f] / averages[f] for f in range(FIELD_COUNT)]
        self._drop_unmatchable()
        terms = set()
        for unit in self._units():
            for alt in unit.alternatives:
                for slot in alt.slots:
                    terms.update(slot.terms)
        self.rows = reader.rows(terms) if terms else {}
        self.dead = reader.dead
        self._alt_scores: dict[int, dict[int, float]] = {}
        # Expansions often share words (immune in three forms of one concept): per-slot results
        # are memoised on the slot's terms and fields.
        self._slot_tfs: dict[tuple, dict[int, float]] = {}
        self._slot_docs: dict[tuple, set[int]] = {}
        self._slot_counts: dict[tuple, int] = {}  # reviews counted without gathering them (`slot_count`)

    def _drop_unmatchable(self) -> None:
        """Leave out the expansions of several words one of which no review holds: `maladie de
        Werlhof` for ITP, when no review names Werlhof, would have the rows of `de` read (8,000
        reviews at 10,000) for nothing. One look-up of which terms have postings, when the plan
        has such expansions."""
        expansions = [(unit, alt) for unit in self._units() for alt in unit.alternatives
                      if len(alt.slots) > 1 and not alt.typed]
        if not expansions:
            return
        present = self.reader.present({t for _, alt in expansions for slot in alt.slots for t in slot.terms})
        for unit, alt in expansions:
            if any(present.isdisjoint(slot.terms) for slot in alt.slots):
                unit.alternatives.remove(alt)

    def _units(self) -> list[Unit]:
        items = [i for g in self.plan.groups for i in g] + list(self.plan.excluded)
        return [i for i in items if isinstance(i, Unit)]

    def _idf(self, df: int) -> float:
        return math.log(1.0 + (self.n - df + 0.5) / (df + 0.5))

    # -- per slot and per alternative ---------------------------------------------------------

    @staticmethod
    def _key(slot: Slot, fields) -> tuple:
        return (tuple(sorted(slot.terms.items())), fields)

    def slot_docs(self, slot: Slot, fields: frozenset[int] | None) -> set[int]:
        """The reviews holding one of the slot's terms (in the allowed fields)."""
        key = self._key(slot, fields)
        found = self._slot_docs.get(key)
        if found is not None:
            return found
        if key in self._slot_tfs:
            found = set(self._slot_tfs[key])
        else:
            found = set()
            for term in slot.terms:
                for row in self.rows.get(term, ()):
                    dead = self.dead.get(row.seg)
                    if fields is None and not dead:
                        found.update(row.nums)  # the common case, at C speed
                        continue
                    for num, f in zip(row.nums, row.fields):
                        if (fields is None or f in fields) and not (dead and num in dead):
                            found.add(num)
        self._slot_docs[key] = found
        return found

    def slot_count(self, slot: Slot, fields: frozenset[int] | None) -> int:
        """How many reviews hold one of the slot's terms (in the allowed fields): `slot_docs`'s
        number, or the count taken from the rows' bounds without gathering them (by
        `_bounded_scores`, or here for a one-term slot whose long rows keep bounds)."""
        key = self._key(slot, fields)
        counted = self._slot_counts.get(key) if self._slot_counts else None
        if counted is None and key not in self._slot_docs:
            counted = self._count_by_levels(slot, fields)
            if counted is not None:
                self._slot_counts[key] = counted
        if counted is not None:
            return counted
        return len(self.slot_docs(slot, fields))

    def _count_by_levels(self, slot: Slot, fields: frozenset[int] | None) -> int | None:
        """The reviews of a one-term slot counted from its rows' bounds (one level above 0 per
        review, bounds.py), a short row's by its set; None when the slot has several terms,
        fields, dead entries or no row keeping bounds. (`mia search ITP` at 100,000 reviews
        gathered the 10,558 and 13,295 reviews of two expansions it did not score, to count
        them: 4 ms.)"""
        if fields is not None or len(slot.terms) != 1:
            return None
        (term,) = slot.terms
        rows = self.rows.get(term, ())
        if (not any(len(row.nums) >= postings.BOUNDED_FROM for row in rows)
                or any(self.dead.get(row.seg) for row in rows)):
            return None
        return sum(len(set(row.nums)) if levels is None else bounds.reviews_in(levels)
                   for row, levels in zip(rows, self._levels(term, rows)))

    def _levels(self, term: str, rows) -> list[bytes | None]:
        """The score levels of each of a term's rows (None for a row keeping none), their bytes
        read apart from the rows (`IndexReader.bounds`) and kept with them."""
        stored = self.reader.bounds(term) if rows else {}
        for row in rows:
            row.stored_bounds = stored.get(row.seg) or b""
        return [row.levels() for row in rows]

    def _slot_nums(self, slot: Slot, fields: frozenset[int] | None) -> Iterable[int]:
        """The reviews holding one of the slot's terms, each maybe several times: its rows'
        numbers as they are where no field is asked for and none is dead (a set built from them
        at once is then the only one), else `slot_docs`."""
        key = self._key(slot, fields)
        rows = [row for term in slot.terms for row in self.rows.get(term, ())]
        if key in self._slot_docs or fields is not None or any(self.dead.get(row.seg) for row in rows):
            return self.slot_docs(slot, fields)
        return chain.from_iterable(row.nums for row in rows)

    def slot_tf(self, slot: Slot, fields: frozenset[int] | None) -> dict[int, float]:
        """tf' of the slot in every review holding one of its terms (in the allowed fields)."""
        key = self._key(slot, fields)
        cached = self._slot_tfs.get(key)
        if cached is not None:
            return cached
        acc = self._tf_sums(slot, fields)
        self._slot_tfs[key] = acc
        return acc

    def _tf_of(self, slot: Slot, fields: frozenset[int] | None, nums: set[int],
               picked: dict[int, list[int]] | None = None) -> dict[int, float]:
        """`slot_tf` for the reviews `nums` only, each entry of theirs found at C speed; or,
        given `picked` (a one-term slot: a live review is in one of its rows), the reviews whose
        last entries in a row with bounds are `picked[id(row)]` (bounds.py), and those of `nums`
        in its other rows."""
        def entries(row) -> Iterable[int]:
            lasts = picked.get(id(row)) if picked is not None else None
            if lasts is not None:
                return (entry for last in lasts for entry in bounds.entries_ending_at(row.nums, last))
            return compress(range(len(row.nums)), map(nums.__contains__, row.nums))

        return self._tf_sums(slot, fields, entries)

    def _tf_sums(self, slot: Slot, fields: frozenset[int] | None, chosen=None) -> dict[int, float]:
        """tf' of the slot summed over the entries of its rows, every entry, or those
        `chosen(row)` gives (in row order): a review's sum is then the same sum in the same order."""
        lengths = self.reader.lengths
        lens, slot_of, F = lengths.lengths, lengths.slot_of, FIELD_COUNT
        dense = lengths.nums is None  # then a review's lengths start at num * F
        a, b = self.norm_a, self.norm_b
        acc: dict[int, float] = {}
        get = acc.get
        for term, level in slot.terms.items():
            lw = [level * w for w in FIELD_WEIGHTS]
            for row in self.rows.get(term, ()):
                dead = self.dead.get(row.seg)
                if chosen is not None:
                    nums, row_fields, tfs = row.nums, row.fields, row.tfs
                    for entry in chosen(row):
                        num, f = nums[entry], row_fields[entry]
                        if (fields is not None and f not in fields) or (dead and num in dead):
                            continue
                        acc[num] = get(num, 0.0) + lw[f] * tfs[entry] / (a[f] + b[f] * lens[slot_of[num] * F + f])
                    continue
                if dense and fields is None and not dead:  # the common case, kept tight
                    for num, f, tf in zip(row.nums, row.fields, row.tfs):
                        acc[num] = get(num, 0.0) + lw[f] * tf / (a[f] + b[f] * lens[num * F + f])
                    continue
                for num, f, tf in zip(row.nums, row.fields, row.tfs):
                    if fields is not None and f not in fields:
                        continue
                    if dead and num in dead:
                        continue
                    length = lens[slot_of[num] * F + f]
                    acc[num] = get(num, 0.0) + lw[f] * tf / (a[f] + b[f] * length)
        return acc

    def _bounded_scores(self, alt: Alternative, fields, wanted: int) -> dict[int, float] | None:
        """The scores of a one-word alternative for the reviews that can be among its `wanted`
        best, through the bounds its long rows keep (bounds.py): the reviews of each row with
        the highest levels, then every review whose ceiling reaches the `wanted`-th score they
        gave; the reviews of rows without bounds are all scored. None when no row keeps bounds
        or fewer than `wanted` reviews are found that way (then the alternative is scored
        whole)."""
        slot = alt.slots[0]
        unbounded: set[int] = set()  # the reviews of rows without bounds: all scored
        bounded = []  # (weight x inflation, row, levels)
        terms = 0
        if not any(len(row.nums) >= postings.BOUNDED_FROM for term in slot.terms for row in self.rows.get(term, ())):
            return None  # (no row is long enough to keep bounds)
        counted = 0  # the reviews of the bounded rows: one level above 0 each (bounds.py)
        for term, weight in slot.terms.items():
            rows = self.rows.get(term, ())
            terms += bool(rows)
            for row, levels in zip(rows, self._levels(term, rows)):
                reference = self.reader.reference(row.seg)
                if levels is None or len(reference) != FIELD_COUNT:
                    unbounded.update(row.nums)
                else:
                    bounded.append((weight * bounds.inflation(self.averages, reference), row, levels))
                    counted += bounds.reviews_in(levels)
        if not bounded:
            return None
        key = self._key(slot, fields)
        if terms == 1 and key not in self._slot_docs and not any(
                self.dead.get(row.seg) for term in slot.terms for row in self.rows.get(term, ())):
            # One term: a live review is in one of its rows (one segment), so the rows' reviews
            # add up. (Gathering the 31,314 reviews of `rituximab` at 100,000 took 3.3 ms.)
            self._slot_counts[key] = counted + len(unbounded)
        picked = {id(row): list(bounds.last_entries(levels, bounds.top_level(levels, wanted)))
                  for _, row, levels in bounded}
        tf = self._tf_for(slot, fields, unbounded, picked, terms)
        if len(tf) < wanted:
            return None
        # A review's part sums over the slot's terms: below cut / terms in each, it is below cut.
        cut = heapq.nlargest(wanted, tf.values())[-1] / terms
        more = {}
        for scale, row, levels in bounded:
            done = set(picked[id(row)])
            more[id(row)] = [e for e in bounds.last_entries(levels, bounds.level_of(cut / scale)) if e not in done]
        if any(more.values()):
            tf.update(self._tf_for(slot, fields, set(), more, terms, exclude=tf.keys()))
        return self._saturated(alt, self.slot_count(slot, fields), tf)

    def _saturated(self, alt: Alternative, df: int, tf: dict[int, float]) -> dict[int, float]:
        """A one-slot alternative's scores from its slot's tf' (of all its `df` reviews or some):
        weight x idf x sat(tf')."""
        scale = alt.weight * self._idf(df) * (K1 + 1)
        return {num: scale * value / (value + K1) for num, value in tf.items()}

    def _tf_for(self, slot: Slot, fields, unbounded: set[int], picked: dict[int, list[int]], terms: int,
                exclude=()) -> dict[int, float]:
        """The exact parts of `_bounded_scores`'s reviews: those of rows without bounds, and
        those whose last entries are `picked` (found through their entries when the slot has one
        term, else by their numbers in every row), less those in `exclude`."""
        if terms == 1:
            return self._tf_of(slot, fields, unbounded, picked)
        nums = set(unbounded)
        for row in (row for rows in (self.rows.get(t, ()) for t in slot.terms) for row in rows):
            nums.update(row.nums[entry] for entry in picked.get(id(row), ()))
        nums.difference_update(exclude)
        return self._tf_of(slot, fields, nums)

    def _slot_entries(self, slot: Slot, nums: set[int], fields) -> dict[tuple[int, int], list]:
        """(review, field) -> [(row, entry, level)] for the given reviews (positions not decoded)."""
        found: dict[tuple[int, int], list] = {}
        for term, level in slot.terms.items():
            for row in self.rows.get(term, ()):
                dead = self.dead.get(row.seg)
                for entry, (num, f) in enumerate(zip(row.nums, row.fields)):
                    if num not in nums or (fields is not None and f not in fields):
                        continue
                    if dead and num in dead:
                        continue
                    found.setdefault((num, f), []).append((row, entry, level))
        return found

    @staticmethod
    def _places(entries: list) -> dict[int, float]:
        """{position: best level} from one slot's entries in one (review, field)."""
        if len(entries) == 1:
            row, entry, level = entries[0]
            return dict.fromkeys(row.positions(entry), level)
        places: dict[int, float] = {}
        for row, entry, level in entries:
            for p in row.positions(entry):
                if places.get(p, 0.0) < level:
                    places[p] = level
        return places

    def _slot_positions(self, slot: Slot, nums: set[int], fields) -> dict[tuple[int, int], dict[int, float]]:
        """(review, field) -> {position: best level} for the given reviews."""
        return {key: self._places(entries) for key, entries in self._slot_entries(slot, nums, fields).items()}

    def phrase_tf(self, alt: Alternative, fields, candidates: set[int]) -> dict[int, float]:
        """Occurrences of the phrase (weighted by their weakest word's level) as tf'.

        Every position is encoded as one integer, review << 32 | field << 24 | position, the
        k-th word's positions shifted back by k: the phrase starts are then the intersection of
        the words' sets, computed by the set type in C rather than position by position.
        """
        per_slot: list[dict[float, set[int]]] = []
        for k, slot in enumerate(alt.slots):
            by_level: dict[float, set[int]] = {}
            for term, level in slot.terms.items():
                target = by_level.setdefault(level, set())
                for row in self.rows.get(term, ()):
                    dead = self.dead.get(row.seg)
                    for entry, (num, f) in enumerate(zip(row.nums, row.fields)):
                        if num not in candidates or (fields is not None and f not in fields):
                            continue
                        if dead and num in dead:
                            continue
                        base = (num << 32) | (f << 24) | (_PHRASE_ROOM - k)
                        target.update(map(base.__add__, row.positions(entry)))
            per_slot.append(by_level)
        unions = [set().union(*by_level.values()) for by_level in per_slot]
        starts = set(min(unions, key=len))
        for other in unions:
            starts.intersection_update(other)
        lengths = self.reader.lengths
        lens, slot_of, F = lengths.lengths, lengths.slot_of, FIELD_COUNT
        counts: dict[tuple[int, int], float] = {}
        for start in starts:
            level = min(max(lv for lv, found in by_level.items() if start in found) for by_level in per_slot)
            key = (start >> 32, (start >> 24) & 0xFF)
            counts[key] = counts.get(key, 0.0) + level
        result: dict[int, float] = {}
        for (num, f), count in counts.items():
            length = lens[slot_of[num] * F + f]
            tf = FIELD_WEIGHTS[f] * count / (self.norm_a[f] + self.norm_b[f] * length)
            result[num] = result.get(num, 0.0) + tf
        return result

    def alternative_scores(self, alt: Alternative, fields) -> dict[int, float]:
        cached = self._alt_scores.get(id(alt))
        if cached is not None:
            return cached
        scores: dict[int, float] = {}
        if len(alt.slots) == 1:
            tf = self.slot_tf(alt.slots[0], fields)
            scores = self._saturated(alt, len(tf), tf)
        elif alt.phrase:
            docs = [self.slot_docs(slot, fields) for slot in alt.slots]
            common = set(min(docs, key=len))
            for other in docs:
                common.intersection_update(other)
            if common and len(alt.slots) < _PHRASE_ROOM:
                phrase = self.phrase_tf(alt, fields, common)
                scale = alt.weight * sum(self._idf(len(d)) for d in docs) * (K1 + 1)
                scores = {num: scale * tf / (tf + K1) for num, tf in phrase.items()}
        else:
            tfs = [self.slot_tf(slot, fields) for slot in alt.slots]
            idfs = [self._idf(len(t)) for t in tfs]
            common = set(min(tfs, key=len))
            for other in tfs:
                common.intersection_update(other)
            scores = {
                num: alt.weight * sum(idf * _sat(t[num]) for idf, t in zip(idfs, tfs))
                for num in common
            }
        self._alt_scores[id(alt)] = scores
        return scores

    # -- the whole query ----------------------------------------------------------------------

    def unit_docs(self, unit: Unit) -> set[int]:
        """The reviews a unit matches: those holding an alternative's slots (a phrase's: where its
        words stand together), found without scoring them."""
        docs: set[int] = set()
        for alt in unit.alternatives:
            docs.update(self._holding(alt, unit.fields))
        return docs

    def unit_holds_any(self, unit: Unit) -> bool:
        """Whether a review matches the unit (`unit_docs` is not empty), told by counts where
        they are kept (`slot_count`) rather than by gathering the reviews."""
        for alt in unit.alternatives:
            if alt.phrase or len(alt.slots) > 1:
                if self._holding(alt, unit.fields):
                    return True
            elif self.slot_count(alt.slots[0], unit.fields):
                return True
        return False

    def _alternative_docs(self, alt: Alternative, fields) -> set[int]:
        """The reviews holding every slot of a one-word or words (not phrase) alternative: those
        its scores would have, without scoring it. For one slot, the slot's own set (`slot_docs`,
        kept for the search): read it, never change it. (A copy of each unscored expansion's
        reviews, taken here and again when the hits are described, cost `mia search ITP` at
        100,000 reviews ~3.5 ms.)"""
        if len(alt.slots) == 1:
            return self.slot_docs(alt.slots[0], fields)
        return set.intersection(*(self.slot_docs(slot, fields) for slot in alt.slots))

    def _holding(self, alt: Alternative, fields):
        """The reviews an alternative matches: its scores when it was scored, else those holding
        its slots (`_alternative_docs`, without scoring them), or for a phrase those where its
        words stand together (its scores)."""
        scored = self._alt_scores.get(id(alt))
        if scored is not None or alt.phrase:
            return scored if scored is not None else self.alternative_scores(alt, fields)
        return self._alternative_docs(alt, fields)

    def _bound(self, alt: Alternative, fields) -> float:
        """More than any review's score by the alternative: weight x sum of idf x (k1 + 1), the
        saturation x (k1 + 1) / (x + k1) staying below k1 + 1."""
        return alt.weight * sum(self._idf(self.slot_count(slot, fields)) for slot in alt.slots) * (K1 + 1)

    def _entries(self, alt: Alternative) -> int:
        return sum(len(row.nums) for slot in alt.slots for term in slot.terms for row in self.rows.get(term, ()))

    def _one_unit(self, unit: Unit, wanted: int) -> tuple[UnitMatches, dict[int, float]]:
        """Every review a unit (of a query of that unit alone) matches, and the best-alternative
        scores its `wanted` best need: an alternative whose bound (`_bound`) is below the score
        of the `wanted`-th best review of the alternatives scored before it cannot change which
        reviews are best nor their scores, so it is not scored; its reviews are counted (`ITP` at
        100,000 reviews: the 2,741 entries of the acronym scored, the 63,824 of its expanded
        forms not). Phrases are always scored (their reviews need the positions). A one-word
        alternative with long posting rows scores only the reviews that can be among the
        `wanted` best (`_bounded_scores`); its reviews are counted all the same."""
        fields = unit.fields
        best: dict[int, float] = {}
        matches = UnitMatches()
        threshold = None  # the wanted-th best score in `best`, None when `best` has changed
        for alt in unit.alternatives:
            if (not alt.phrase and len(best) >= wanted and self._entries(alt) >= MIN_BOUNDED_ENTRIES):
                if threshold is None:
                    threshold = heapq.nlargest(wanted, best.values())[-1]
                if self._bound(alt, fields) < threshold:
                    if len(alt.slots) == 1:  # (counted, gathered only if the count needs them)
                        matches.add(self.slot_count(alt.slots[0], fields),
                                    lambda slot=alt.slots[0]: self._slot_nums(slot, fields))
                    else:
                        docs = self._alternative_docs(alt, fields)
                        matches.add(len(docs), lambda docs=docs: docs)
                    continue
            scores = None
            if fields is None and not alt.phrase and len(alt.slots) == 1 and self._entries(alt) >= BOUNDED_ENTRIES:
                scores = self._bounded_scores(alt, fields, wanted)
            if scores is not None:
                matches.add(self.slot_count(alt.slots[0], fields),
                            lambda alt=alt: self._alternative_docs(alt, fields))
            else:
                scores = self.alternative_scores(alt, fields)
                matches.add(len(scores), lambda scores=scores: scores)  # (a dict: set.update takes its keys at C speed)
            if scores:
                threshold = None
            _keep_best(best, scores)
        return matches, best

    def _item_docs(self, item: Unit | Filter) -> set[int]:
        return item.nums if isinstance(item, Filter) else self.unit_docs(item)

    def _order_meanings(self, unit: Unit, others: set[int] | None) -> None:
        """Weigh down the meanings of an ambiguous acronym that fit the rest of the query less."""
        fit: dict[object, int] = {}
        for alt in unit.alternatives:
            if alt.meaning is None:
                continue
            docs = set(self.alternative_scores(alt, unit.fields))
            if others is not None:
                docs &= others
            fit[alt.meaning] = fit.get(alt.meaning, 0) + len(docs)
        if not fit:
            return
        order = list(unit.meanings)
        ranked = sorted(fit, key=lambda m: (-fit[m], order.index(m) if m in order else 0))
        unit.meanings = {m: unit.meanings.get(m, "") for m in ranked} | unit.meanings
        best = ranked[0]
        for alt in unit.alternatives:
            if alt.meaning is not None and alt.meaning != best:
                scores = self.alternative_scores(alt, unit.fields)
                for num in scores:
                    scores[num] *= SECOND_MEANING
        # The typed acronym itself, in a review using it in another sense only (it holds another
        # meaning's forms, not the best one's), counts as a second meaning too.
        evidence: dict[object, set[int]] = {}
        for alt in unit.alternatives:
            if alt.meaning is not None:
                evidence.setdefault(alt.meaning, set()).update(self.alternative_scores(alt, unit.fields))
        elsewhere = set().union(*(docs for m, docs in evidence.items() if m != best)) - evidence.get(best, set())
        self._elsewhere |= elsewhere  # ranked after the reviews using the best-fit meaning
        for alt in unit.alternatives:
            if alt.typed and elsewhere:
                scores = self.alternative_scores(alt, unit.fields)
                for num in elsewhere & scores.keys():
                    scores[num] *= SECOND_MEANING

    def run(self, wanted: int | None = None) -> tuple[Collection[int], dict[int, float]]:
        """Every matching review and its score (before proximity). Given `wanted`, a query of one
        word, acronym or phrase scores only what its `wanted` best reviews need (`_one_unit`):
        the others may have no score, and the reviews are those of a `UnitMatches`."""
        groups = self.plan.groups
        alone = groups[0][0] if len(groups) == 1 and len(groups[0]) == 1 and not self.plan.excluded else None
        if wanted is not None and isinstance(alone, Unit) and not alone.ambiguous:
            return self._one_unit(alone, wanted)
        lone = self._lone_partial(wanted) if wanted is not None and not self.strict else None
        if lone is not None:
            return lone
        group_docs = []
        for group in self.plan.groups:
            docs: set[int] = set()
            for item in group:
                docs |= self._item_docs(item)
            group_docs.append(docs)
        for index, group in enumerate(self.plan.groups):
            for item in group:
                if isinstance(item, Unit) and item.ambiguous:
                    others = [d for i, d in enumerate(group_docs) if i != index]
                    common = set.intersection(*others) if others else None
                    self._order_meanings(item, common)
        candidates = set.intersection(*group_docs) if group_docs else set()
        for item in self.plan.excluded:
            candidates -= self._item_docs(item)
        if not candidates and not self.strict:
            candidates = self._partial_candidates(group_docs)
        elif candidates and not self.strict and self._only_weakly_whole(candidates):
            # Every review holding all the words holds one only through a drug of the class typed:
            # they rank with the partial matches, by what they hold and how.
            candidates = self._partial_candidates(group_docs) or candidates
            if self.partial is not None:
                self.partial = None  # (all the words are held: no "no review has all of" line)
        elif candidates and not self.strict and self._few_whole(candidates, wanted):
            # Fewer reviews hold every word than are shown: the reviews holding most of them
            # follow, ranked as a partial match ranks (a whole review holds the most).
            whole = candidates
            candidates = self._partial_candidates(group_docs) or candidates
            if self.partial is not None:
                self.partial = None
                self.whole = len(whole)
                self._whole = whole
        if isinstance(alone, Unit):
            return list(candidates), self._unit_best(alone, candidates)  # one word, acronym or phrase
        held = self._lone_held_unit(group_docs) if wanted is not None and self._coverage else None
        if held is not None:
            # A partial match whose reviews all hold the same one word, acronym or concept (the
            # other words match nothing: `rituximab xylophonique`): ranked as that unit alone,
            # scoring only what its `wanted` best need; the others are below them.
            _, best = self._one_unit(held, wanted)
            (value,) = self._covered
            self._covered = {value: set(best)}
            return list(candidates), best
        units = [item for group in self.plan.groups for item in group if isinstance(item, Unit)]
        scores = dict.fromkeys(candidates, 0.0)
        for unit in units:
            for num, value in self._unit_best(unit, candidates).items():
                if num in scores:
                    scores[num] += value
        return list(candidates), scores

    def _lone_partial(self, wanted: int) -> tuple[UnitMatches, dict[int, float]] | None:
        """A soft AND of plain groups of which one alone holds any review, held as typed or by
        its stems (`rituximab xylophonique`), ranked as `run` ranks it through `_lone_held_unit`
        (the same hits, coverage and count), but without gathering the reviews: they are those
        of the group's one unit, counted as a search of it alone counts them (`_one_unit`).
        Gathering them, their coverage and their classes took 10 of the 19 ms of that query at
        100,000 reviews. A group holds nothing when its words have no posting entry. None when
        the query is not such, or may not be (a translation or lexicon form of the word holds
        some review, an acronym is ambiguous): `run` then ranks it the general way."""
        groups = self.plan.groups
        if (self.plan.excluded or len(groups) < 2 or not all(_is_plain(group) for group in groups)
                or any(unit.ambiguous for group in groups for unit in group)):
            return None
        holding = [i for i, group in enumerate(groups) if any(self._entries(alt) for unit in group for alt in unit.alternatives)]
        if len(holding) != 1 or len(groups[holding[0]]) != 1:
            return None
        index = holding[0]
        unit = groups[index][0]
        if (any(self._entries(alt) for alt in unit.alternatives if alt.weight < STEM)  # (see `_weakly_held`)
                or sum(self._entries(alt) for alt in unit.alternatives) < BOUNDED_ENTRIES):
            return None
        matches, best = self._one_unit(unit, wanted)
        if not best:
            return None
        value = (round(self._idf(len(matches)), 6), [index])
        self._coverage = dict.fromkeys(best, value)
        self._covered = {value[0]: set(best)}
        self.partial = Partial([group_text(group) for group in groups], 1)
        return matches, best

    def _lone_held_unit(self, group_docs: list[set[int]]) -> Unit | None:
        """The unit of a soft AND whose reviews all hold it alone, the same way (one coverage, no
        exclusion, the other groups matching nothing), when it is one word, acronym or concept
        worth bounding (`BOUNDED_ENTRIES`); else None."""
        held = [i for i, docs in enumerate(group_docs) if docs]
        if len(held) != 1 or len(self._covered) != 1 or self.plan.excluded:
            return None
        group = self.plan.groups[held[0]]
        unit = group[0] if len(group) == 1 else None
        if not isinstance(unit, Unit) or unit.ambiguous or unit.fields is not None:
            return None
        return unit if sum(self._entries(alt) for alt in unit.alternatives) >= BOUNDED_ENTRIES else None

    def _partial_candidates(self, group_docs: list[set[int]]) -> set[int]:
        """The reviews holding every strict group and at least half of the plain ones (soft AND),
        or when none holds half, the most any review holds (`memory loss ECT`: the review of
        electroconvulsive therapy, missing memory and loss), with their coverage noted; empty
        when the query has fewer than two plain groups.

        The reviews holding the same plain groups, in the same way (as typed, or through a weaker
        form only: `WEAK_HOLD`, `_weakly_held`), form one class (at most 3**k - 1 of them for k
        groups), found by set operations at C speed rather than review by review (a common word
        beside a rare one: 31,000 reviews at 100,000)."""
        plain = [i for i, group in enumerate(self.plan.groups) if _is_plain(group)]
        if len(plain) < 2:
            return set()
        strict = [group_docs[i] for i in range(len(group_docs)) if i not in plain]
        needed = (len(plain) + 1) // 2
        weakly_held = {i: self._weakly_held(self.plan.groups[i]) for i in plain}
        # A group's rarity is that of the reviews holding it as typed or by a strong form: a concept
        # typed in words ("saignements après l'accouchement") is as rare as the reviews naming it,
        # not as common as those holding its words apart.
        rarity = {i: self._idf(len(group_docs[i] - weakly_held[i]) or len(group_docs[i]))
                  * (NUMBER_SHARE if _is_a_number(self.plan.groups[i]) else 1.0) for i in plain}
        reviews = set().union(*(group_docs[i] for i in plain))
        if strict:
            reviews &= set.intersection(*strict)
        for item in self.plan.excluded:
            reviews -= self._item_docs(item)
        # Each class: the groups its reviews hold, those they hold through a weaker form only (a
        # translation, a lexicon expansion: `_weakly_held`), and its reviews.
        classes: list[tuple[list[int], list[int], set[int]]] = [([], [], reviews)]
        for i in plain:
            weakly = weakly_held[i]
            classes = [part for held, weak, nums in classes
                       for part in ((held + [i], weak, (nums & group_docs[i]) - weakly),
                                    (held + [i], weak + [i], nums & weakly),
                                    (held, weak, nums - group_docs[i])) if part[2]]
        needed = min(needed, max((len(held) for held, _, _ in classes), default=0))
        self._coverage, self._covered = {}, {}
        for held, weak, nums in classes:
            if len(held) >= needed:
                value = (round(sum(rarity[i] * (WEAK_HOLD if i in weak else 1.0) for i in held), 6), held)
                self._coverage.update(dict.fromkeys(nums, value))
                self._covered.setdefault(value[0], set()).update(nums)
        if self._coverage:
            texts = [group_text(self.plan.groups[i]) for i in plain]
            self.partial = Partial(texts, max(len(held) for held, _, nums in classes if len(held) >= needed))
        return set(self._coverage)

    def _few_whole(self, candidates: set[int], wanted: int | None) -> bool:
        """Whether fewer reviews hold every word of a query of three plain groups or more than a
        ranking shows (`wanted`): they come first, and the reviews holding most of the words
        follow them, each with what it misses ("aspirine tous les jours sans infarctus": the
        review of a VTE trial writing all three, then the trial of aspirin in primary prevention,
        written in English with no "jours")."""
        return (wanted is not None and len(candidates) < wanted
                and sum(1 for group in self.plan.groups if _is_plain(group)) >= FEW_WHOLE_GROUPS)

    def _only_weakly_whole(self, candidates: set[int]) -> bool:
        """Whether each of the reviews holding every group holds one of the plain groups only
        through a drug of the class typed (`Alternative.member`), so that a review holding fewer
        groups as typed may be the better match ("arrêt des antihypertenseurs chez le sujet
        âgé": a review naming IEC holds the class only through its drug). (A translation is not
        such a hold: an English query over French reviews holds every word that way.)"""
        plain = [group for group in self.plan.groups if _is_plain(group)]
        if len(plain) < 2:
            return False
        through_members: set[int] = set()
        for group in plain:
            through_members |= self._held_only_through(group, lambda alt: alt.member)
        return candidates <= through_members

    def _weakly_held(self, group: list) -> set[int]:
        """The reviews holding a group only through a translation or another form of the lexicon
        (alternatives weighing less than `STEM`), not as typed nor by its stems."""
        return self._held_only_through(group, lambda alt: alt.weight < STEM)

    def _held_only_through(self, group: list, chosen) -> set[int]:
        """The reviews holding a group only through its alternatives for which `chosen(alt)` is
        true. (Built from those alternatives' reviews, usually the fewer: `rituximab` has 60,000
        at 100,000 reviews.)"""
        found: set[int] = set()
        others = []
        for unit in group:
            for alt in unit.alternatives:
                if chosen(alt):
                    found.update(self._holding(alt, unit.fields))
                else:
                    others.append(self._holding(alt, unit.fields))
        for docs in others:
            if not found:
                break
            found.difference_update(docs)
        return found

    def _best_covered(self, scores: dict[int, float], size: int) -> list[int]:
        """The `size` best reviews of a soft AND: the rarest coverage first, then those not
        using an ambiguous acronym in a second sense, then the score, then the lower number
        (`heapq.nlargest` by that key, a coverage at a time: the key tuples cost ~10 ms at
        100,000)."""
        parts = (part for value in sorted(self._covered, reverse=True)
                 for part in _by_sense(self._covered[value], self._elsewhere))
        return _filled(parts, scores, size)

    def _unit_best(self, unit: Unit, candidates: set[int] | None = None) -> dict[int, float]:
        """Each review's best alternative score for a unit; given `candidates`, for those reviews
        at least (a one-word alternative holding many more is scored for them only:
        `_scores_among`)."""
        best: dict[int, float] = {}
        for alt in unit.alternatives:
            scores = self._scores_among(alt, unit.fields, candidates) if candidates is not None and not unit.ambiguous else None
            _keep_best(best, scores if scores is not None else self.alternative_scores(alt, unit.fields))
        return best

    def _scores_among(self, alt: Alternative, fields, candidates: set[int]) -> dict[int, float] | None:
        """`alternative_scores` of a one-word alternative for the reviews of `candidates` only, the
        same scores, when they are fewer than half of its reviews (`rituximab lupus`: the few
        reviews holding both, not the third of the store holding rituximab); else None."""
        if len(alt.slots) != 1 or id(alt) in self._alt_scores:
            return None
        slot = alt.slots[0]
        df = len(self.slot_docs(slot, fields))
        if len(candidates) * 2 > df:
            return None
        return self._saturated(alt, df, self._tf_of(slot, fields, candidates))

    def top(self, limit: int) -> tuple[list[Ranked], int]:
        pool_size = max(PROXIMITY_POOL, limit)
        candidates, scores = self.run(pool_size)
        coverage = self._coverage
        second = self._elsewhere
        whole = self._whole
        if whole:  # the reviews holding every word as a whole match ranks them, then a soft AND's
            pool = list(whole) + [n for n in self._best_covered(scores, pool_size) if n not in whole]
            pool = pool[:max(pool_size, len(whole))]
            self._proximity(pool, scores)
            ordered = sorted(pool, key=lambda n: (n not in whole, 0.0 if n in whole else -coverage[n][0],
                                                  n in second, -scores[n], n))[:limit]
        elif coverage:  # soft AND: the rarest coverage first, then the score
            pool = self._best_covered(scores, pool_size)
            self._proximity(pool, scores)
            ordered = sorted(pool, key=lambda n: (-coverage[n][0], n in second, -scores[n], n))[:limit]
        else:  # those not using an ambiguous acronym in a second sense first, then the score
            pool = _filled(_by_sense(scores, second), scores, pool_size)  # (the reviews scored)
            self._proximity(pool, scores)
            ordered = sorted(pool, key=lambda n: (n in second, -scores[n], n))[:limit]
        ranked = [Ranked(num, round(scores[num], 6)) for num in ordered]
        texts = [group_text(group) for group in self.plan.groups]
        for item in ranked:
            if coverage:
                held = coverage[item.num][1]
                item.matched = [t for i, t in enumerate(texts) if i in held or not _is_plain(self.plan.groups[i])]
                item.missing = [t for i, t in enumerate(texts) if i not in held and _is_plain(self.plan.groups[i])]
            else:
                item.matched = list(texts)
        self._describe(ranked)
        return ranked, len(candidates)

    # -- proximity, matched fields, routes ----------------------------------------------------

    def _typed_slots(self) -> list[tuple[Slot, frozenset[int] | None]]:
        slots = []
        for group in self.plan.groups:
            if len(group) != 1 or not isinstance(group[0], Unit):
                continue
            unit = group[0]
            slots += [(slot, unit.fields) for slot in unit.alternatives[0].slots]
        return slots

    def _proximity(self, pool: list[int], scores: dict[int, float]) -> None:
        slots = self._typed_slots()
        if not 2 <= len(slots) <= MAX_PROXIMITY_SLOTS or not pool:
            return
        # Only a review holding every slot can be brought closer (a partial match's pool often
        # holds none): the others' positions are not read.
        nums = set(pool)
        # (the rarest slot first: a slot held nowhere ends it before a common word's reviews are
        # gathered, 3.2 ms of `rituximab xylophonique` at 100,000)
        for slot, fields in sorted(slots, key=lambda item: self.slot_count(*item)):
            if not nums:
                return
            holding = self._slot_tfs.get(self._key(slot, fields))  # (a dict by review, when scored already)
            if holding is None:
                holding = self.slot_docs(slot, fields)
            nums = {num for num in nums if num in holding}
        if not nums:
            return
        maps = [self._slot_positions(slot, nums, fields) for slot, fields in slots]
        for num in pool:
            if num not in nums:
                continue
            best = None
            for f in range(FIELD_COUNT):
                lists = [sorted(m.get((num, f), ())) for m in maps]
                if all(lists):
                    span = _min_window(lists)
                    best = span if best is None else min(best, span)
            if best:
                scores[num] *= 1.0 + PROXIMITY * min(1.0, len(slots) / best)

    def _describe(self, ranked: list[Ranked]) -> None:
        """What each ranked review matched: its routes, the patterns its snippet shows, the fields
        and terms found."""
        by_num = {r.num: r for r in ranked}
        shown = set(by_num)
        found_in: dict[str, dict[int, list[int]]] = {}  # term -> the fields of each shown review holding it
        # A shown review's live entries are in its own segment's rows only (in another's, dead):
        # with several segments, each row is searched for the reviews of its segment.
        in_segment: dict[int, set[int]] | None = None
        if len(self.reader.segments) > 1 and shown:
            in_segment = {}
            for num, seg in self.reader.segments_of(shown).items():
                in_segment.setdefault(seg, set()).add(num)

        def term_fields(term: str) -> dict[int, list[int]]:
            found = found_in.get(term)
            if found is None:
                found = found_in[term] = {}
                for row in self.rows.get(term, ()):
                    ordered = row.seg in self.reader.ordered
                    if in_segment is not None:
                        wanted = in_segment.get(row.seg)
                        if wanted:
                            for num, fields in _fields_of(row, wanted, ordered).items():
                                found.setdefault(num, []).extend(fields)
                        continue
                    dead = self.dead.get(row.seg)
                    for num, fields in _fields_of(row, shown, ordered).items():
                        if not (dead and num in dead):
                            found.setdefault(num, []).extend(fields)
            return found

        wanted: dict[str, list[tuple[set[int], frozenset[int] | None]]] = {}
        for unit in [i for g in self.plan.groups for i in g if isinstance(i, Unit)]:
            for alt in unit.alternatives:
                hits = self._holding_among(alt, unit.fields, shown, term_fields)
                if not hits:
                    continue
                if alt.highlight:
                    patterns = [tuple(frozenset(slot.terms) for slot in alt.highlight)]
                elif alt.phrase:
                    patterns = [tuple(frozenset(slot.terms) for slot in alt.slots)]
                else:
                    patterns = [(frozenset(slot.terms),) for slot in alt.slots]
                for num in hits:
                    if alt.route and alt.route not in by_num[num].routes:
                        by_num[num].routes.append(alt.route)
                    by_num[num].patterns.extend(p for p in patterns if p not in by_num[num].patterns)
                for slot in alt.slots:
                    for term in slot.terms:
                        wanted.setdefault(term, []).append((hits, unit.fields))
        for term, needs in wanted.items():
            for num, found in term_fields(term).items():
                for f in found:
                    for hits, fields in needs:
                        if num in hits and (fields is None or f in fields):
                            by_num[num].fields.add(f)
                            by_num[num].terms.add(term)

    def _holding_among(self, alt: Alternative, fields, shown: set[int],
                       term_fields: Callable[[str], dict[int, list[int]]]) -> set[int]:
        """The reviews of `shown` (a search's hits) that an alternative matches: those of
        `_holding`, found in its rows (`term_fields`: each term's shown reviews and their fields)
        when its reviews were counted, not gathered (`slot_count`): gathering the 31,314 of
        `rituximab` at 100,000 took 3.3 ms."""
        if (alt.phrase or id(alt) in self._alt_scores
                or all(self._key(slot, fields) in self._slot_docs for slot in alt.slots)):
            holding = self._holding(alt, fields)
            return {num for num in shown if num in holding}
        hits = set(shown)
        for slot in alt.slots:
            hits &= {num for term in slot.terms for num, found in term_fields(term).items()
                     if fields is None or any(f in fields for f in found)}
        return hits


def _keep_best(best: dict[int, float], scores: dict[int, float]) -> None:
    """Each review's best score: `best` raised to `scores` where they are higher."""
    if not best:
        best.update(scores)
        return
    get = best.get
    for num, value in scores.items():
        if value > get(num, 0.0):
            best[num] = value


def _best_scored(candidates: Collection[int], scores: dict[int, float], size: int) -> list[int]:
    """The `size` best candidates by score, ties going to the lower number: the reviews that
    `heapq.nlargest(size, candidates, key=lambda n: (scores[n], -n))` gives (in another order),
    found at C speed but for the cut: the `size`-th best score, then those above it and, of
    those tied at it, the lowest numbers (the key tuples were a tenth of a search over a common
    word at 100,000 reviews, `nlargest` by score then a pass over the ties 1.3 ms of `ITP`)."""
    if len(candidates) <= size:
        return list(candidates)
    values = list(scores.values()) if candidates is scores else list(map(scores.__getitem__, candidates))
    cut = heapq.nlargest(size, values)[-1]
    above = list(compress(candidates, map(cut.__lt__, values)))  # (fewer than `size`: the cut is among the best)
    tied = compress(candidates, map(cut.__eq__, values))
    return above + sorted(tied)[:size - len(above)]


def _filled(parts: Iterable[Iterable[int]], scores: dict[int, float], size: int) -> list[int]:
    """The `size` best reviews taking the parts in their order, each part's by `_best_scored`."""
    pool: list[int] = []
    for part in parts:
        if len(pool) >= size:
            break
        if part:
            pool += _best_scored(part if part is scores else list(part), scores, size - len(pool))
    return pool


def _by_sense(nums: Iterable[int], second: set[int]) -> tuple:
    """The reviews using no ambiguous acronym in a second sense, then those that do."""
    if not second:
        return (nums,)
    nums = set(nums)
    return (nums - second, nums & second)


#: Up to this many reviews, `_fields_of` searches the row's bytes for each; beyond, it looks at
#: each entry once. (Searching costs a pass over the row's bytes per review, at C speed; a
#: look at each entry ~30 ns: they cross near 40 reviews. `mia forest ITP`, every match of
#: 100,000 reviews, spent 2.5 s of 3 in searches.)
FIND_AT_MOST = 40


def _fields_of(row, nums, ordered: bool = False) -> dict[int, list[int]]:
    """The fields of the entries of each review of `nums` in a posting row (reviews without
    any left out). For the ten hits of a search, found by searching the row's bytes for each
    number (C speed) rather than by a loop over every entry of the row (a tenth of a search
    over a common word at 100,000); for many reviews, by one look at each entry. In a row
    known to be `ordered` (its segment's, `postings.ORDERED`), a review the bisection does not
    find is not there."""
    found: dict[int, list[int]] = {}
    if len(nums) > FIND_AT_MOST:
        fields = row.fields
        for at in compress(range(len(row.nums)), map(nums.__contains__, row.nums)):
            found.setdefault(row.nums[at], []).append(fields[at])
        return found
    raw = None
    entries = row.nums
    size = entries.itemsize
    for num in nums:
        # A row is in number order where its reviews were written so (most are): a bisection finds
        # a review there, its entries around the one found (a review's are consecutive: bounds.py).
        # Elsewhere, or for a review the row lacks, the bytes tell.
        at = bisect_left(entries, num)
        if at < len(entries) and entries[at] == num:
            first = last = at
            while first and entries[first - 1] == num:
                first -= 1
            while last + 1 < len(entries) and entries[last + 1] == num:
                last += 1
            found[num] = list(row.fields[first:last + 1])
            continue
        if ordered:
            continue
        if raw is None:
            raw = entries.tobytes()
        needle = num.to_bytes(size, sys.byteorder)
        at = raw.find(needle)
        while at >= 0:
            if at % size == 0:  # (a match across two entries' bytes is not an entry)
                found.setdefault(num, []).append(row.fields[at // size])
            at = raw.find(needle, at + 1)
    return found


def _is_plain(group: list) -> bool:
    """A group soft AND may leave out: words or concepts searched in every field."""
    return all(isinstance(item, Unit) and item.fields is None for item in group)


def _is_a_number(group: list) -> bool:
    """A group typed as a bare number: `100`, `2021`, `0,5`."""
    return all(item.text.replace(",", "").replace(".", "").isdigit() for item in group)


def _min_window(lists: list[list[int]]) -> int:
    """The smallest span of positions holding one element of every (sorted, non-empty) list."""
    heap = [(values[0], i, 0) for i, values in enumerate(lists)]
    heapq.heapify(heap)
    high = max(values[0] for values in lists)
    best = high - heap[0][0] + 1
    while True:
        low, i, j = heapq.heappop(heap)
        best = min(best, high - low + 1)
        if j + 1 == len(lists[i]):
            return best
        following = lists[i][j + 1]
        high = max(high, following)
        heapq.heappush(heap, (following, i, j + 1))
