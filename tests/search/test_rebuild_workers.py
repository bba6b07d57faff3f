"""A rebuild analysing its reviews on worker processes writes the same index as one analysing
them itself (search/rebuild_analysis.py, base/workers.py)."""

from __future__ import annotations

import random
import sqlite3

from search_support import make_store, record, use_lexicon  # noqa: F401

import pytest

import mia.search as search
from mia.search import index as search_index, rebuild_analysis
from mia.search.documents import analyse_review
from mia.search.index import TABLES, index_path
from mia.search.postings import SegmentBuilder
from mia.search.records import decode_record, record_dictionary, unpack

WORDS = ["thrombopénie", "immune", "rituximab", "mycophénolate", "mofétil", "essai", "randomisé",
         "insuffisance", "cardiaque", "HbA1c", "eGFR", "survie", "décès", "anti-CD20", "2,5"]
DEFINITIONS = ["Thrombopénie immune (TPI)", "mycophénolate mofétil (MMF)", "Immune thrombocytopenia (ITP)"]


def index_tables(store) -> dict:
    """Every table's rows, the values the index keeps packed read back (marshal's bytes for one
    value may differ between processes: it shares repeated strings by reference)."""
    conn = sqlite3.connect(index_path(store))
    try:
        tables = {}
        for table in TABLES + ("tallies", "tally_spellings"):
            rows = conn.execute(f"SELECT * FROM {table}").fetchall()
            tables[table] = sorted(rows, key=repr)
        tables["meta"] = [(key, unpack(value)) for key, value in tables["meta"] if key != "config_dir"]
        tables["docs"] = [row[:5] + (unpack(row[5]), unpack(row[6])) for row in tables["docs"]]
        dictionary = record_dictionary(conn)
        tables["records"] = [(num, decode_record(blob, dictionary)) for num, blob in tables["records"]]
        return tables
    finally:
        conn.close()


@pytest.mark.parametrize("segment", [search_index.SEGMENT_DOCS, 16])
def test_a_rebuild_on_workers_writes_the_index_a_rebuild_here_writes(tmp_path, use_lexicon, monkeypatch, segment):
    monkeypatch.setattr(search_index, "SEGMENT_DOCS", segment)  # 16: three segments, then merged
    use_lexicon("thrombopénie immune | immune thrombocytopenia | TPI ; PTI | ITP |\n"
                "insuffisance cardiaque | heart failure | IC | HF |\n")
    rng = random.Random(21)
    records = [
        record(n, f"Revue {n}", sections=[("Introduction", " ".join(rng.choices(WORDS, k=30))),
                                          ("Résultats", rng.choice(DEFINITIONS) + " " + " ".join(rng.choices(WORDS, k=20)))],
               keywords=rng.sample(WORDS, 3), published=f"202{rng.randint(0, 5)}-01-01")
        for n in range(1, 41)
    ]
    store = make_store(tmp_path / "store" / "reviews.json", records)
    monkeypatch.setattr(rebuild_analysis, "HERE", 3)  # workers from the 5th review (batches of 3), 5 batches at a time
    monkeypatch.setattr(rebuild_analysis, "WINDOW", 5)
    monkeypatch.setattr(rebuild_analysis, "CHUNK", 3)
    monkeypatch.setenv("MIA_WORKERS", "1")
    assert search.reindex(store) == 40
    here = index_tables(store)
    monkeypatch.setenv("MIA_WORKERS", "2")
    assert search.reindex(store) == 40
    assert index_tables(store) == here
    assert here["learned"] and here["annotated"] and len(here["docs"]) == 40


def test_batches_never_cross_the_end_of_a_segment(monkeypatch):
    monkeypatch.setattr(rebuild_analysis, "CHUNK", 3)
    batches = list(rebuild_analysis.in_batches(({"n": n} for n in range(17)), segment=7))
    assert [len(batch) for batch in batches] == [3, 3, 1, 3, 3, 1, 3]
    assert [record for batch in batches for record in batch] == [{"n": n} for n in range(17)]


def test_postings_gathered_in_a_batch_join_a_segment_as_the_reviews_added_one_by_one():
    rng = random.Random(5)
    reviews = [analyse_review(record(n, f"Revue {n}", sections=[("Résultats", " ".join(rng.choices(WORDS, k=40)))],
                                     keywords=rng.sample(WORDS, 2)), b"") for n in range(1, 13)]
    one_by_one = SegmentBuilder()
    for review in reviews:
        one_by_one.add(review)
    joined = SegmentBuilder()
    for start in (0, 5, 9):
        part = SegmentBuilder()
        batch = reviews[start:{0: 5, 5: 9, 9: 12}[start]]
        for review in batch:
            part.add(review)
        joined.add_gathered(batch, part.gathered())
    assert joined.nums == one_by_one.nums and joined.lengths == one_by_one.lengths
    assert list(joined.encoded_rows(1, [10.0] * 7)) == list(one_by_one.encoded_rows(1, [10.0] * 7))
