"""The scorer's shortcuts give what the plain formulation gives, ties included."""

from __future__ import annotations

import heapq
import random
from array import array

from mia.search.postings import PostingRow
from mia.search.scoring import _best_scored, _fields_of


def test_the_best_scored_are_the_top_by_score_then_lowest_number_whatever_the_ties():
    rng = random.Random(17)
    for trial in range(3000):
        candidates = rng.sample(range(1000), rng.randint(0, 200))
        # few distinct scores: many ties, often at the cut
        scores = {c: rng.choice([0.5, 1.0, 1.5, 2.0, rng.random()]) for c in candidates}
        size = rng.randint(1, 60)
        expected = heapq.nlargest(size, candidates, key=lambda n: (scores[n], -n))
        assert sorted(_best_scored(candidates, scores, size)) == sorted(expected), trial


def test_the_fields_of_a_review_in_a_row_are_those_of_its_entries():
    rng = random.Random(18)
    for trial in range(500):
        entries = []
        # numbers whose bytes also appear across two neighbours' bytes (256 = 00 01 00 00)
        for num in rng.sample(list(range(1, 300)) + [256, 65537, 1 << 24], rng.randint(0, 40)):
            entries += [(num, f) for f in sorted(rng.sample(range(14), rng.randint(1, 3)))]
        if rng.random() < 0.3:  # a merged row: an older (dead) run of a review further on
            entries += [(num, 0) for num, _ in entries[:2]]
        nums = array("I", [n for n, _ in entries])
        fields = array("B", [f for _, f in entries])
        row = PostingRow("term", 1, nums, fields, array("H", [1] * len(entries)), b"\0\0" * len(entries))
        wanted = set(range(1, 300, 7)) | {n for n, _ in entries[:5]} | {256, 65536 + 1, 1 << 24}
        expected = {}
        for n, f in entries:
            if n in wanted:
                expected.setdefault(n, []).append(f)
        assert _fields_of(row, wanted) == expected, trial


def test_a_number_found_across_two_entries_bytes_is_not_taken_for_an_entry():
    # 65536 then 256 (little-endian): 00 00 01 00 | 00 01 00 00 holds 256 at offset 1 too, and
    # 1 (01 00 00 00) across them on big-endian machines: only whole entries count.
    nums = array("I", [65536, 256, 7])
    row = PostingRow("term", 1, nums, array("B", [3, 5, 9]), array("H", [1, 1, 1]), b"\0\0" * 3)
    assert _fields_of(row, {256, 1, 7, 65536}) == {65536: [3], 256: [5], 7: [9]}
