"""A bulk import that wrote most of the index leaves it in one segment, as a rebuild does (its long
rows then keep their score bounds): the same hits, in the same order, with the same scores. A
rebuild of more reviews than a segment holds merges the segments it wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEED
from mia.core.library import add_paths, open_store
from mia.search import maintenance, reindex, run_search

QUERIES = ["thrombopénie", "rituximab", "ITP", '"thrombopénie immune"', "immune 7", "rituximab xylophonique"]


def _write_reviews(folder: Path, numbers: range) -> Path:
    folder.mkdir(exist_ok=True)
    seed = SEED.read_text(encoding="utf-8")
    for number in numbers:
        text = seed.replace("mia_review_40", f"mia_review_{number}").replace("immune", f"immune {number % 9}")
        (folder / f"mia_review_{number}.txt").write_text(text, encoding="utf-8")
    return folder


def _segments(store) -> list[int]:
    from mia.search.index import connect, index_path

    conn = connect(index_path(store))
    try:
        return [seg for (seg,) in conn.execute("SELECT seg FROM segments")]
    finally:
        conn.close()


def _hits(store) -> list:
    return [[(hit.id, hit.score) for hit in run_search(store, query, limit=20).hits] for query in QUERIES]


@pytest.fixture
def small_imports(monkeypatch):
    """Batches of 4 reviews (a segment each), merged from 10 reviews written."""
    monkeypatch.setenv("MIA_IMPORT_BATCH_SIZE", "4")
    monkeypatch.setenv("MIA_WORKERS", "1")
    monkeypatch.setattr(maintenance, "MERGED_AFTER_IMPORT", 10)


def test_a_bulk_import_leaves_one_segment_and_the_same_hits(tmp_path, small_imports):
    store = open_store(tmp_path / "store.json")
    add_paths(store, [_write_reviews(tmp_path / "reviews", range(100, 140))])  # ten batches: three segments
    assert len(_segments(store)) == 1
    merged = _hits(store)
    assert all(merged)
    reindex(store)
    assert _hits(store) == merged


def test_an_import_writing_less_than_half_of_the_index_leaves_its_segments(tmp_path, small_imports):
    store = open_store(tmp_path / "store.json")
    add_paths(store, [_write_reviews(tmp_path / "first", range(100, 140))])
    add_paths(store, [_write_reviews(tmp_path / "second", range(200, 212))])  # 12 of 52: three more segments
    assert len(_segments(store)) > 1


def test_a_small_import_is_not_merged(tmp_path, monkeypatch):
    monkeypatch.setenv("MIA_IMPORT_BATCH_SIZE", "4")
    monkeypatch.setenv("MIA_WORKERS", "1")
    store = open_store(tmp_path / "store.json")
    add_paths(store, [_write_reviews(tmp_path / "reviews", range(100, 120))])  # five batches, under MERGED_AFTER_IMPORT
    assert len(_segments(store)) > 1


def test_a_rebuild_of_more_reviews_than_a_segment_holds_leaves_one(tmp_path, small_imports, monkeypatch):
    from mia.search import index

    store = open_store(tmp_path / "store.json")
    add_paths(store, [_write_reviews(tmp_path / "reviews", range(100, 140))])
    merged = _hits(store)
    monkeypatch.setattr(index, "SEGMENT_DOCS", 6)  # (seven segments written)
    steps = []
    reindex(store, lambda done, total, step=None: steps.append((step, done, total)))
    assert len(_segments(store)) == 1
    assert _hits(store) == merged
    analysed = [(done, total) for step, done, total in steps if step is None]
    merging = [(done, total) for step, done, total in steps if step == maintenance.MERGING]
    assert analysed[-1] == (40, 40) and merging and merging[-1][0] == merging[-1][1] > 0
