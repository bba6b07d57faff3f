"""The scorer's shortcuts give what the plain formulation gives, ties included."""

from __future__ import annotations

import heapq
import random
from array import array

import pytest

from search_support import new_store, record, use_lexicon  # noqa: F401

from mia.search.postings import PostingRow
from mia.search.plan import Filter, Plan, Unit
from mia.search import postings, scoring
from mia.search.scoring import WEAK_HOLD, Scorer, _best_scored, _by_sense, _fields_of, _filled, _is_plain


def test_the_best_scored_are_the_top_by_score_then_lowest_number_whatever_the_ties():
    rng = random.Random(17)
    for trial in range(3000):
        candidates = rng.sample(range(1000), rng.randint(0, 200))
        # few distinct scores: many ties, often at the cut
        scores = {c: rng.choice([0.5, 1.0, 1.5, 2.0, rng.random()]) for c in candidates}
        size = rng.randint(1, 60)
        expected = heapq.nlargest(size, candidates, key=lambda n: (scores[n], -n))
        assert sorted(_best_scored(candidates, scores, size)) == sorted(expected), trial
        assert sorted(_best_scored(scores, scores, size)) == sorted(expected), trial  # (the scores' own reviews)


@pytest.mark.parametrize("find_at_most", [0, 10_000], ids=["one look at each entry", "a byte search per review"])
def test_the_fields_of_a_review_in_a_row_are_those_of_its_entries(monkeypatch, find_at_most):
    monkeypatch.setattr(scoring, "FIND_AT_MOST", find_at_most)
    rng = random.Random(18)
    for trial in range(500):
        entries = []
        # numbers whose bytes also appear across two neighbours' bytes (256 = 00 01 00 00); a
        # review's entries consecutive (bounds.py), the reviews in number order or not (a row
        # is where its reviews were written so: a bisection finds them, else the bytes)
        reviews = rng.sample(list(range(1, 300)) + [256, 65537, 1 << 24], rng.randint(0, 40))
        for num in sorted(reviews) if rng.random() < 0.5 else reviews:
            entries += [(num, f) for f in sorted(rng.sample(range(14), rng.randint(1, 3)))]
        nums = array("I", [n for n, _ in entries])
        fields = array("B", [f for _, f in entries])
        row = PostingRow("term", 1, nums, fields, array("H", [1] * len(entries)), b"\0\0" * len(entries))
        wanted = set(range(1, 300, 7)) | {n for n, _ in entries[:5]} | {256, 65536 + 1, 1 << 24}
        expected = {}
        for n, f in entries:
            if n in wanted:
                expected.setdefault(n, []).append(f)
        assert _fields_of(row, wanted) == expected, trial


@pytest.mark.parametrize("find_at_most", [0, 10_000])
def test_a_number_found_across_two_entries_bytes_is_not_taken_for_an_entry(monkeypatch, find_at_most):
    monkeypatch.setattr(scoring, "FIND_AT_MOST", find_at_most)
    # 65536 then 256 (little-endian): 00 00 01 00 | 00 01 00 00 holds 256 at offset 1 too, and
    # 1 (01 00 00 00) across them on big-endian machines: only whole entries count.
    nums = array("I", [65536, 256, 7])
    row = PostingRow("term", 1, nums, array("B", [3, 5, 9]), array("H", [1, 1, 1]), b"\0\0" * 3)
    assert _fields_of(row, {256, 1, 7, 65536}) == {65536: [3], 256: [5], 7: [9]}


def plain_coverage(scorer: Scorer, group_docs: list[set[int]], strong: list[set[int]]) -> dict:
    """Soft AND's coverage review by review: what `_partial_candidates` computes by classes
    (`strong[i]`: the reviews holding group i as typed, the others hold it weakly)."""
    plain = [i for i, group in enumerate(scorer.plan.groups) if _is_plain(group)]
    strict = [group_docs[i] for i in range(len(group_docs)) if i not in plain]
    allowed = set.intersection(*strict) if strict else None
    needed = (len(plain) + 1) // 2
    # (a group's rarity is that of the reviews holding it strongly, when some do)
    rarity = {i: scorer._idf(len(group_docs[i] & strong[i]) or len(group_docs[i])) for i in plain}
    matched: dict[int, list[int]] = {}
    for i in plain:
        for num in group_docs[i]:
            if allowed is None or num in allowed:
                matched.setdefault(num, []).append(i)
    for item in scorer.plan.excluded:
        for num in item.nums:
            matched.pop(num, None)
    needed = min(needed, max(map(len, matched.values()), default=0))  # (none holds half: the most held)
    return {num: (round(sum(rarity[i] * (1.0 if num in strong[i] else WEAK_HOLD) for i in groups), 6), groups)
            for num, groups in matched.items() if len(groups) >= needed}


def a_scorer(plan: Plan, n: int) -> Scorer:
    scorer = Scorer.__new__(Scorer)  # (no index: only the soft AND's bookkeeping is exercised)
    scorer.plan, scorer.n, scorer.partial, scorer._elsewhere = plan, n, None, set()
    scorer._coverage, scorer._covered = {}, {}
    return scorer


def test_soft_and_coverage_by_classes_is_the_coverage_review_by_review():
    rng = random.Random(19)
    for trial in range(400):
        k = rng.randint(2, 5)
        plain_docs = [set(rng.sample(range(1, 200), rng.randint(0, 120))) for _ in range(k)]
        groups = [[Unit(f"w{i}", [])] for i in range(k)]
        group_docs = list(plain_docs)
        if rng.random() < 0.4:  # a strict group (a year filter) every review must hold
            groups.append([Filter("year:2021", set(rng.sample(range(1, 200), 150)))])
            group_docs.append(groups[-1][0].nums)
        excluded = [Filter("-x", set(rng.sample(range(1, 200), 20)))] if rng.random() < 0.4 else []
        # the reviews holding each group as typed (the others through a translation only)
        strong = [set(rng.sample(sorted(docs), rng.randint(0, len(docs)))) for docs in group_docs]
        scorer = a_scorer(Plan(groups, excluded), 200)
        scorer._weakly_held = lambda group: (lambda i: group_docs[i] - strong[i])(groups.index(group))
        candidates = scorer._partial_candidates(group_docs)
        expected = plain_coverage(a_scorer(Plan(groups, excluded), 200), group_docs, strong)
        assert scorer._coverage == expected, trial
        assert candidates == set(expected)
        if expected:
            assert scorer.partial.best == max(len(groups) for _, groups in expected.values())
        # the pool: rarest coverage, then not a second sense, then score, then number
        scores = {num: rng.choice([0.5, 1.0, rng.random()]) for num in candidates}
        scorer._elsewhere = set(rng.sample(sorted(candidates), len(candidates) // 4)) if candidates else set()
        size = rng.randint(1, 60)
        key = lambda n: (expected[n][0], n not in scorer._elsewhere, scores[n], -n)  # noqa: E731
        assert sorted(scorer._best_covered(scores, size)) == sorted(heapq.nlargest(size, candidates, key=key)), trial
        # without soft AND: not a second sense, then score, then number
        plain_key = lambda n: (n not in scorer._elsewhere, scores[n], -n)  # noqa: E731
        pool = _filled(_by_sense(list(candidates), scorer._elsewhere), scores, size)
        assert sorted(pool) == sorted(heapq.nlargest(size, candidates, key=plain_key)), trial


LEXICON = ("thrombocytopénie immune | immune thrombocytopenia | TPI ; PTI | ITP | purpura thrombopénique immunologique\n"
           "mycophénolate mofétil | mycophenolate mofetil | MMF | MMF | CellCept\n")
FORMS = ["ITP", "TPI", "PTI", "thrombocytopénie immune", "immune thrombocytopenia", "purpura thrombopénique immunologique",
         "mycophénolate mofétil", "MMF", "CellCept", "rituximab", "placebo"]


def test_alternatives_that_cannot_reach_the_best_are_counted_not_scored(new_store, use_lexicon, monkeypatch):
    """A query of one word, acronym or phrase leaves unscored the alternatives (the concept's
    other forms) whose bound is below the score its best reviews already have: the hits (ids,
    scores, fields, routes, snippets, spans) and the count are those of scoring every
    alternative, on generated reviews mixing the forms in titles, keywords and text, whether
    the reviews left were gathered or counted from their rows' bounds."""
    from mia.search import reindex, run_search

    use_lexicon(LEXICON)
    rng = random.Random(19)
    records = []
    for n in range(1, 90):
        typed = rng.sample(FORMS, rng.randint(1, 3))
        text = " ".join(f"{rng.choice(['Sous', 'Avec', 'Le'])} {form} {rng.choice(['puis', 'et', ''])}"
                        for form in typed * rng.randint(1, 4))
        title = f"{rng.choice(typed)} : essai" if rng.random() < 0.3 else ""
        records.append(record(n, title, sections=text, keywords=rng.sample(typed, 1) if rng.random() < 0.3 else ()))
    store = new_store(records)
    left_unscored = []
    one_unit = scoring.Scorer._one_unit

    def noting(self, unit, wanted):
        found = one_unit(self, unit, wanted)
        # (no alternative is long enough to be scored through its bounds: those not scored were left)
        left_unscored.append(sum(id(alt) not in self._alt_scores for alt in unit.alternatives))
        return found

    monkeypatch.setattr(scoring.Scorer, "_one_unit", noting)
    monkeypatch.setattr(scoring, "PROXIMITY_POOL", 3)

    def hits(query: str, limit: int):
        result = run_search(store, query, limit=limit)
        return result.total, [(h.id, h.score, h.fields, h.routes, h.snippet, h.spans) for h in result.hits]

    by_levels = scoring.Scorer._count_by_levels
    levels_counted: list[int] = []

    def noting_levels(self, slot, fields):
        counted = by_levels(self, slot, fields)
        if counted is not None:  # (the reviews its rows hold, counted from their levels)
            assert counted == len({num for term in slot.terms for row in self.rows.get(term, ()) for num in row.nums})
            levels_counted.append(counted)
        return counted

    monkeypatch.setattr(scoring.Scorer, "_count_by_levels", noting_levels)
    queries = FORMS + ['"thrombocytopénie immune"', "thrombopénique", "mycophenolate"]
    found = []
    # Every alternative may be bounded (its reviews counted by sets, then from the levels of rows
    # long enough to keep them: `_count_by_levels`), then none.
    for bounded_from, kept_from in ((0, postings.BOUNDED_FROM), (0, 8), (10**9, postings.BOUNDED_FROM)):
        monkeypatch.setattr(scoring, "MIN_BOUNDED_ENTRIES", bounded_from)
        monkeypatch.setattr(postings, "BOUNDED_FROM", kept_from)
        reindex(store)  # (the rows keep bounds from `BOUNDED_FROM` entries)
        found.append(({(q, limit): hits(q, limit) for q in queries for limit in (1, 2, 5, 40)}, sum(left_unscored)))
        left_unscored.clear()
    assert found[0][0] == found[1][0] == found[2][0]
    assert found[0][1] > 0 and found[1][1] > 0  # (the shortcut was taken)
    assert levels_counted  # (and the reviews of an alternative left were counted from its bounds)
    assert all(total for total, _ in found[2][0].values())


def test_a_word_or_a_filter_ranks_the_reviews_either_gives(new_store):
    """`ITP OR year:2020`: a review found by the filter alone ranks after those holding the word
    (it used to end the search with an unexpected KeyError)."""
    from mia.search import run_search

    store = new_store([record(1, sections="Sous ITP."), record(2, sections="Rien.", published="2020-03-01"),
                       record(3, sections="ITP encore, ITP.", published="2020-05-01")])
    result = run_search(store, "ITP OR year:2020", limit=10)
    assert [h.id for h in result.hits][:2] in (["mia_review_3", "mia_review_1"], ["mia_review_1", "mia_review_3"])
    assert [h.id for h in result.hits][2:] == ["mia_review_2"]
    assert result.total == 3


def test_an_expansion_no_review_can_hold_is_left_out_before_the_rows_are_read(new_store, use_lexicon, monkeypatch):
    """ITP's form `maladie de Werlhof`, when no review names Werlhof: the rows of `de` (in every
    French review) are not read, and the answers are those of scoring it (it matches nothing)."""
    from mia.search import run_search

    use_lexicon("thrombocytopénie immune | immune thrombocytopenia | TPI | ITP |\n")
    store = new_store([record(n, sections=f"La TPI de l'adulte, {n} cas de la maladie." if n % 2 else "ITP de novo.")
                       for n in range(1, 30)])
    # The forms come with a newer lexicon: found by their words, not annotated at indexing.
    use_lexicon("thrombocytopénie immune | immune thrombocytopenia | TPI | ITP | maladie de Werlhof ; Werlhof disease\n")
    read: list[set[str]] = []
    rows = scoring.IndexReader.rows

    def noting(self, terms):
        terms = set(terms)
        read.append(terms)
        return rows(self, terms)

    monkeypatch.setattr(scoring.IndexReader, "rows", noting)
    answers = {}
    for drop in (True, False):
        if not drop:
            monkeypatch.setattr(scoring.Scorer, "_drop_unmatchable", lambda self: None)
        read.clear()
        result = run_search(store, "ITP", limit=50)
        answers[drop] = (result.total, [(h.id, h.score, h.routes, h.snippet) for h in result.hits])
        assert ("de" in set().union(*read)) is not drop
    assert answers[True] == answers[False] and answers[True][0] == 29
