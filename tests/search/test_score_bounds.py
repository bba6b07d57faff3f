"""Score bounds kept with the long posting rows (bounds.py): a search that scores only the
reviews whose bound can reach its best gives exactly what scoring every review gives."""

from __future__ import annotations

import math
import random
import sqlite3
from array import array

from search_support import new_store, random_writes, record, use_lexicon  # noqa: F401

from mia.search import postings, scoring
from mia.search.bounds import (CEILINGS, UNBOUNDED, field_factors, highest_level, inflation, last_entries, level_of,
                               row_levels, top_level)
from mia.search.fields import FIELD_B, FIELD_COUNT, FIELD_WEIGHTS
from mia.search.index import index_path


def test_a_level_is_the_lowest_whose_ceiling_holds_the_value():
    rng = random.Random(31)
    for _ in range(20_000):
        value = math.exp(rng.uniform(-12, 8))
        level = level_of(value)
        assert 1 <= level <= UNBOUNDED
        assert CEILINGS[level] >= value
        assert level == 1 or CEILINGS[level - 1] < value
    assert level_of(CEILINGS[UNBOUNDED - 1] * 1.001) == UNBOUNDED  # above the ladder: always scored
    assert level_of(0.0) == 1


def test_a_row_keeps_each_review_part_at_its_last_entry():
    rng = random.Random(32)
    for trial in range(1500):
        reviews = rng.sample(range(1, 400), rng.randint(1, 50))
        nums, fields, tfs = array("I"), array("B"), array("H")
        for num in reviews:
            for field in sorted(rng.sample(range(FIELD_COUNT), rng.randint(1, 3))):
                nums.append(num)
                fields.append(field)
                tfs.append(rng.randint(1, 12))
        factors = {num: tuple(rng.uniform(0.01, 8) for _ in range(FIELD_COUNT)) for num in reviews}
        parts, last = {}, {}
        for entry, (num, field, tf) in enumerate(zip(nums, fields, tfs)):
            parts[num] = parts.get(num, 0.0) + factors[num][field] * tf
            last[num] = entry
        expected = bytearray(len(nums))
        for num, entry in last.items():
            expected[entry] = level_of(parts[num])
        assert row_levels(nums, fields, tfs, factors) == bytes(expected), trial
        if len(reviews) > 1:  # a review's entries apart: no levels (they would bound a part only)
            split = array("I", list(nums) + [nums[0]])
            assert row_levels(split, array("B", list(fields) + [0]), array("H", list(tfs) + [1]), factors) is None


def test_the_entries_at_a_level_are_found_as_by_a_pass_over_every_entry():
    """`last_entries`, `top_level` and `highest_level` (found by bytes' own searches) against
    their definitions, on rows of every size and spread of levels, few or many entries chosen."""
    rng = random.Random(23)
    for _ in range(600):
        size = rng.choice([0, 1, 7, 300, 5000])
        top = rng.choice([1, 2, 40, UNBOUNDED])
        zeros = rng.choice([0, 1, 5])  # a review with several entries: 0 at all but its last
        levels = bytes(rng.choice([0] * zeros + [rng.randint(1, top)]) for _ in range(size))
        assert highest_level(levels) == max(levels, default=0)
        for level in {1, 2, rng.randint(1, UNBOUNDED), UNBOUNDED}:
            assert last_entries(levels, level) == [at for at, value in enumerate(levels) if value >= level]
        for wanted in (1, 10, 50):
            # (the highest level `wanted` reviews reach: the `wanted`-th highest, 1 at least)
            ranked = sorted(levels, reverse=True)
            assert top_level(levels, wanted) == (max(ranked[wanted - 1], 1) if len(ranked) >= wanted else 1)


def test_the_inflation_covers_any_change_of_the_mean_lengths():
    """A review's part computed with a segment's reference lengths, times `inflation`, is at least
    its part with the mean lengths of a later search, whatever its own lengths."""
    rng = random.Random(33)
    for _ in range(3000):
        reference = [rng.uniform(1, 500) for _ in range(FIELD_COUNT)]
        current = [r * rng.choice([1.0, rng.uniform(0.3, 3)]) for r in reference]
        lengths = [rng.choice([0, 1, rng.randint(1, 65535)]) for _ in range(FIELD_COUNT)]
        stored = field_factors(lengths, reference)
        ratio = inflation(current, reference)
        for f in range(FIELD_COUNT):
            now = FIELD_WEIGHTS[f] / (1.0 - FIELD_B[f] + FIELD_B[f] * lengths[f] / current[f])
            assert now <= stored[f] * ratio


#: Fillers, some in two forms: a query word then reaches several index terms (its stems).
WORDS = ["patients", "patient", "essai", "randomisé", "placebo", "mortalité", "suivi", "groupe", "traitement",
         "traitements", "dose", "doses"]
#: (PBO is written only beside placebo, in keywords: `placebo xylophonique` holds no review through
#: PBO alone, yet PBO has entries: ranked as its held word once its reviews are gathered.)
LEXICON = "rituximab | rituximab | RTX | RTX | Rituxan ; MabThera\nplacebo | placebo | | | PBO\n"


def text(rng: random.Random, longer: float = 1.0) -> str:
    """A section mentioning rituximab (or its brand, or a stem) some times among fillers."""
    words = [rng.choice(WORDS) for _ in range(int(rng.randint(5, 120) * longer))]
    for _ in range(rng.choice([0, 1, 1, 2, 3, 6])):
        words.insert(rng.randrange(len(words) + 1), rng.choice(["rituximab", "rituximab", "Rituxan", "RTX"]))
    return " ".join(words) + "."


def test_searches_through_bounds_rank_as_scoring_every_review(new_store, use_lexicon, monkeypatch):
    """On generated reviews (a drug, its brand and acronym in titles, keywords and texts of every
    length), then after adds of longer reviews (new segments, other mean lengths), edits and
    removals (dead entries) and the merges they bring: the hits (ids, scores, fields, routes,
    snippets) and the counts of words, and of partial matches whose other words match nothing,
    are those of scoring every review, and the bounds did leave most reviews unscored."""
    use_lexicon(LEXICON)
    monkeypatch.setattr(postings, "BOUNDED_FROM", 12)  # (the rows of a small store keep bounds)
    monkeypatch.setattr(scoring, "PROXIMITY_POOL", 4)
    rng = random.Random(34)
    records = []
    for n in range(1, 160):
        title = f"Rituximab {rng.choice(WORDS)}" if rng.random() < 0.15 else ""
        keywords = ["rituximab"] if rng.random() < 0.2 else []
        keywords += ["placebo", "PBO"] if rng.random() < 0.1 else []
        records.append(record(n, title, sections=text(rng), keywords=keywords))
    store = new_store(records)
    scored: list[tuple[int, int, int]] = []
    bounded = scoring.Scorer._bounded_scores

    counted_apart: list[bool] = []  # whether a bounded word's reviews were counted without gathering them

    def noting(self, alt, fields, wanted):
        found = bounded(self, alt, fields, wanted)
        if found is not None:
            slot = alt.slots[0]
            terms = sum(1 for term in slot.terms if self.rows.get(term))
            key = self._key(slot, fields)
            counted_apart.append(key in self._slot_counts and key not in self._slot_docs)
            scored.append((len(found), self.slot_count(slot, fields), terms))
        return found

    monkeypatch.setattr(scoring.Scorer, "_bounded_scores", noting)
    lone_units: list[tuple[str, bool]] = []  # (the way, whether a partial match was ranked as its held word)
    for way in ("_lone_partial", "_lone_held_unit"):
        def noting_lone(self, *args, way=way, found_by=getattr(scoring.Scorer, way)):
            found = found_by(self, *args)
            lone_units.append((way, found is not None))
            return found

        monkeypatch.setattr(scoring.Scorer, way, noting_lone)
    from mia.search import run_search

    def answers() -> dict:
        found = {}
        for query in ("rituximab", "Rituxan", "RTX", "patients", "traitement", "doses", "placebo", "mortalité",
                      "rituximab xylophonique", "patients zorglub", "placebo xylophonique", "rituximab placebo", "RTX mortalité",
                      "traitement doses -placebo"):
            for limit in (1, 3, 10):
                result = run_search(store, query, limit=limit)
                found[query, limit] = (result.total, result.partial, [
                    (h.id, h.score, h.fields, h.routes, h.snippet, h.spans, h.matched, h.missing) for h in result.hits])
        return found

    among = scoring.Scorer._scores_among

    def compare() -> None:
        monkeypatch.setattr(scoring, "BOUNDED_ENTRIES", 1)
        monkeypatch.setattr(scoring.Scorer, "_scores_among", among)
        through_bounds = answers()
        # every review scored: no bounds, and no word scored for the reviews holding the others only
        monkeypatch.setattr(scoring, "BOUNDED_ENTRIES", 10**9)
        monkeypatch.setattr(scoring.Scorer, "_scores_among", lambda self, alt, fields, candidates: None)
        assert through_bounds == answers()

    compare()
    writes = random_writes(store, rng, lambda: text(rng, longer=3.0), 60, kinds=("add", "add", "edit", "rm", "restore"))
    for step, _, _ in writes:
        if step % 12 == 11:
            compare()
    assert scored, "the bounds were never used"
    assert sum(found for found, _, _ in scored) < sum(matched for _, matched, _ in scored) / 2
    assert {terms > 1 for _, _, terms in scored} == {True, False}  # (one-term and several-term slots)
    # (partial matches ranked as their held word: without gathering its reviews, and after)
    assert {("_lone_partial", True), ("_lone_held_unit", True)} <= set(lone_units)
    assert {True, False} <= set(counted_apart)  # (counted from the bounds, and gathered: several terms, dead entries)


def test_a_search_finds_the_same_in_segments_and_after_a_rebuild(new_store, use_lexicon, monkeypatch):
    """After writes that leave several segments, dead entries (edits, removals) and reviews out
    of number order (restores), each search's count and hits (fields, routes, snippets; scores
    to rounding) are those of the same reviews rebuilt into one segment: what a hit holds is
    looked up in its own segment's rows only, and counted from the bounds where they are kept."""
    use_lexicon(LEXICON)
    monkeypatch.setattr(postings, "BOUNDED_FROM", 12)  # (the rows of a small store keep bounds)
    rng = random.Random(36)
    queries = ("rituximab", "RTX", "Rituxan", "patients", "doses", "rituximab xylophonique",
               "patients zorglub", "rituximab placebo", "traitement -placebo", '"rituximab placebo"')

    def answers() -> dict:
        found = {}
        for query in queries:
            result = run_search(store, query, limit=8)
            found[query] = (result.total, [(h.id, round(h.score, 4), h.fields, h.routes, h.snippet, h.matched, h.missing)
                                           for h in result.hits])
        return found

    from mia.search import reindex, run_search

    def sections():
        """A text under a heading that names the drug or not: a new version may hold a word in
        other fields than the one it replaced (whose entries are dead)."""
        return [(rng.choice(["Rituximab", "Patients", "Méthodes"]), text(rng))]

    store = new_store([record(n, sections=sections()) for n in range(1, 60)])
    checked = 0
    for step, _, _ in random_writes(store, rng, sections, 90, kinds=("add", "edit", "edit", "rm", "restore")):
        if step % 30 == 29:
            conn = sqlite3.connect(index_path(store))
            segments = conn.execute("SELECT COUNT(*), SUM(length(dead) > 0) FROM segments").fetchone()
            conn.close()
            in_segments = answers()
            reindex(store)
            assert answers() == in_segments, f"after step {step}"
            checked += segments[0] > 1 and segments[1] > 0
    assert checked  # (compared at least once with several segments and dead entries)
