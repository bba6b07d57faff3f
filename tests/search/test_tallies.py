"""The counts of `mia stats` kept in the index (search/tallies.py) follow every kind of write."""

from __future__ import annotations

import random
import sqlite3

from search_support import make_store, record, use_lexicon  # noqa: F401

from mia.core.stats import count_charts, review_stats
from mia.model.review import Review
from mia.search import facets_of
from mia.search.index import index_path
from mia.search.tallies import contributions, kept_tallies, tallies_of_rows
from mia.store.review_store import Store

KEYWORDS = ["ITP", "itp", " ITP ", "Rituximab", "rituximab", "Sepsis", "BPCO", "Insuffisance  cardiaque",
            "insuffisance cardiaque", "Épilepsie", "épilepsie", "ÉPILEPSIE"]
AUTHORS = ["Dr J. Smith", "dr j. smith", "Dre L. Berset", "A. Martin", "B. Durand", "C. Petit"]
DESIGNS = ["rct", "open-label", "double-blind", "multicentre", "cohort", "meta-analysis"]
JOURNALS = ["NEJM", "N Engl J Med", "Lancet", "The Lancet", "JAMA", ""]


def random_record(rng: random.Random, number: int) -> dict:
    rec = record(
        number,
        sections=f"Texte {rng.randint(0, 9)}.",
        keywords=rng.sample(KEYWORDS, rng.randint(0, 4)),
        authors=rng.sample(AUTHORS, rng.randint(0, 3)),
        journal=rng.choice(JOURNALS),
        date=rng.choice(["", "2019-01-01", "2021-06-30", "2024-02-29"]),
        published=rng.choice(["", "2020-03-01", "2022-11-11", "2025-01-05"]),
    )
    rec["version_date"] = rng.choice(["", "2023-05-05"])
    if rng.random() < 0.3:
        rec["article"]["metadata"] = {"container-title": rng.choice(["The New England Journal of Medicine", "The Lancet"]),
                                      "issued": {"date-parts": [[rng.choice([2018, 2020])]]}}
    if rng.random() < 0.8:
        rec["key_results"] = {"design": sorted(rng.sample(DESIGNS, rng.randint(0, 3))), "n": rng.choice([None, 120]),
                              "primary": None, "secondary": [], "source": {}, "flags": [],
                              "checked": rng.random() < 0.2, "extractor": rng.choice([0, 1])}
    return rec


def from_scratch(store: Store) -> dict:
    return tallies_of_rows([facets_of(r) for r in store.records()], None)


def test_a_review_counts_once_per_label_under_its_first_spelling():
    row = facets_of(record(1, keywords=["ITP", " itp", "Rituximab"], authors=[], published="2021-10-30"))
    added = contributions(row)
    assert ("keyword", "itp", "ITP") in added and ("keyword", "itp", "itp") not in added
    assert ("review_year", "2021", "2021") in added and ("missing", "reviewer", "reviewer") in added
    assert ("missing", "design", "design") in added  # no key results: no design


def test_the_kept_counts_equal_a_count_from_scratch_after_hundreds_of_random_writes(tmp_path, use_lexicon):
    rng = random.Random(15)
    path = tmp_path / "store" / "reviews.json"
    store = make_store(path, [random_record(rng, n) for n in range(1, 21)])
    behind_its_back = Store(path)  # a write the index does not hear of (as a sync's files): rebuilt after
    live, trashed = set(range(1, 21)), set()
    kinds = []
    for step in range(300):
        kind = rng.choice(["add", "edit", "edit", "update", "rm", "restore", "bulk", "behind"])
        if kind == "add" or not live:
            number = max(live | trashed | {0}) + 1
            store.add(Review.from_dict(random_record(rng, number)))
            live.add(number)
        elif kind == "edit":  # a new version (mia edit, a re-import with --replace)
            number = rng.choice(sorted(live))
            store.add(Review.from_dict(random_record(rng, number)), replace=True)
        elif kind == "update":  # no new version (resolved metadata, key results extracted again)
            chosen = rng.sample(sorted(live), min(len(live), rng.randint(1, 5)))

            def change(review, rng=rng):
                review.keywords = rng.sample(KEYWORDS, rng.randint(0, 3))
                review.extra["key_results"] = dict(review.extra.get("key_results") or {}, design=["rct"], checked=False)
                return True
            store.update([f"mia_review_{n}" for n in chosen], change)
        elif kind == "rm":
            number = rng.choice(sorted(live))
            store.remove(f"mia_review_{number}")
            live.discard(number)
            trashed.add(number)
        elif kind == "restore" and trashed:
            number = rng.choice(sorted(trashed))
            store.restore(f"mia_review_{number}")
            trashed.discard(number)
            live.add(number)
        elif kind == "bulk":  # a sync or an import batch: new and replaced reviews in one write
            numbers = rng.sample(sorted(live), min(len(live), 8)) + [max(live | trashed) + k for k in (1, 2, 3)]
            store.add_many([Review.from_dict(random_record(rng, n)) for n in numbers], replace=True)
            live.update(numbers)
        elif kind == "behind":
            number = rng.choice(sorted(live))
            behind_its_back.add(Review.from_dict(random_record(rng, number)), replace=True)
            store.add(Review.from_dict(random_record(rng, max(live | trashed) + 1)))  # this write rebuilds
            live.add(max(live | trashed) + 1)
        kinds.append(kind)
        assert kept_tallies(store, None) == from_scratch(store), f"after step {step} ({kind})"
    assert {"add", "edit", "update", "rm", "restore", "bulk", "behind"} <= set(kinds)
    rows = [facets_of(r) for r in store.records()]
    for top in (None, 1, 3):
        assert review_stats(store, top) == count_charts(rows, top)
    # nothing left behind: no label at 0, no spelling at 0 or below
    conn = sqlite3.connect(index_path(store))
    try:
        assert conn.execute("SELECT COUNT(*) FROM tallies WHERE count <= 0").fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM tally_spellings WHERE count <= 0").fetchone()[0] == 0
    finally:
        conn.close()


def test_an_empty_store_keeps_the_counts_of_nothing(tmp_path, use_lexicon):
    store = make_store(tmp_path / "s" / "reviews.json", [record(1)])
    store.remove("mia_review_1")
    assert kept_tallies(store, 10) == tallies_of_rows([], 10)
    assert kept_tallies(store, 10)["reviews"] == 0


def test_the_shown_spelling_is_the_most_frequent_then_the_first_in_code_point_order(tmp_path, use_lexicon):
    store = make_store(tmp_path / "s" / "reviews.json",
                       [record(1, keywords=["itp"]), record(2, keywords=["ITP"]), record(3, keywords=["Itp"])])
    assert kept_tallies(store, None)["labels"]["keyword"] == [("ITP", 3)]  # a tie: "ITP" < "Itp" < "itp"
    store.add(Review.from_dict(record(4, keywords=["itp"])))
    assert kept_tallies(store, None)["labels"]["keyword"] == [("itp", 4)]
    store.remove("mia_review_4")
    store.remove("mia_review_1")
    assert kept_tallies(store, None)["labels"]["keyword"] == [("ITP", 2)]
