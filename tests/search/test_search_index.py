"""The index follows the store: incremental writes, rebuilt when stale, missing or corrupt."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from search_support import make_store, new_store, numbers, record, use_lexicon  # noqa: F401

import mia.search as search
from mia.model.review import Review
from mia.search import cached_record, cached_records, reindex, run_search
from mia.search.index import FORMAT, index_path
from mia.search.records import read_meta
from mia.store.review_store import Store


def meta(store) -> dict:
    conn = sqlite3.connect(index_path(store))
    try:
        return read_meta(conn)
    finally:
        conn.close()


def test_each_store_write_updates_the_index_and_its_signature(new_store):
    store = new_store([record(1, sections="Rituximab.")])
    assert meta(store)["signature"] == list(store.signature())
    store.add(Review.from_dict(record(2, sections="Rituximab et colchicine.")))
    assert meta(store)["signature"] == list(store.signature())
    assert numbers(run_search(store, "rituximab")) == [1, 2]
    store.add(Review.from_dict(record(1, sections="Colchicine désormais.")), replace=True)
    assert numbers(run_search(store, "rituximab")) == [2]
    assert numbers(run_search(store, "colchicine")) == [1, 2]
    store.remove("mia_review_2")
    assert numbers(run_search(store, "colchicine")) == [1]
    store.restore("mia_review_2")
    assert numbers(run_search(store, "colchicine")) == [1, 2]
    assert meta(store)["signature"] == list(store.signature())


def test_many_small_writes_give_the_same_answers_as_a_rebuild(new_store, tmp_path):
    words = ["rituximab", "colchicine", "warfarine", "apixaban", "placebo"]
    store = new_store([])
    for n in range(1, 41):
        text = " ".join(words[(n + k) % 5] for k in range(n % 4 + 1))
        store.add(Review.from_dict(record(n, sections=f"Sous {text}.")))
        if n % 7 == 0:
            store.add(Review.from_dict(record(n, sections="Remplacé par du placebo.")), replace=True)
        if n % 9 == 0:
            store.remove(f"mia_review_{n - 1}")
    conn = sqlite3.connect(index_path(store))
    segments = conn.execute("SELECT COUNT(*) FROM segments").fetchone()[0]
    conn.close()
    assert segments < 20  # merged along the way
    queries = words + ["rituximab colchicine", '"sous rituximab"', "placebo -apixaban"]
    before = {q: [(h.id, h.score) for h in run_search(store, q, limit=50).hits] for q in queries}
    assert reindex(store) == len(store.records())
    after = {q: [(h.id, h.score) for h in run_search(store, q, limit=50).hits] for q in queries}
    assert before == after


def test_a_store_changed_behind_the_index_is_reindexed_by_the_next_search(new_store):
    store = new_store([record(1, sections="Rituximab.")])
    unindexed = Store(store.path)  # writes without telling the index
    unindexed.add(Review.from_dict(record(2, sections="Rituximab aussi.")))
    assert meta(store)["signature"] != list(store.signature())
    assert numbers(run_search(store, "rituximab")) == [1, 2]
    assert meta(store)["signature"] == list(store.signature())


def test_a_write_after_one_the_index_missed_rebuilds_it(new_store):
    store = new_store([record(1, sections="Rituximab.")])
    Store(store.path).add(Review.from_dict(record(2, sections="Rituximab aussi.")))  # missed
    store.add(Review.from_dict(record(3, sections="Rituximab encore.")))  # seen: and the one before?
    assert meta(store)["signature"] == list(store.signature())
    assert numbers(run_search(store, "rituximab")) == [1, 2, 3]


def test_a_missing_index_is_built_by_the_next_search(new_store):
    store = new_store([record(1, sections="Rituximab.")])
    index_path(store).unlink()
    assert numbers(run_search(store, "rituximab")) == [1]


def test_a_corrupt_index_is_rebuilt(new_store):
    store = new_store([record(1, sections="Rituximab.")])
    index_path(store).write_bytes(b"this is not a database" * 100)
    assert numbers(run_search(store, "rituximab")) == [1]
    assert meta(store)["format"] == FORMAT


def test_damaged_posting_rows_are_rebuilt(new_store):
    store = new_store([record(1, sections="Rituximab.")])
    conn = sqlite3.connect(index_path(store))
    conn.execute("UPDATE postings SET nums = x'0102' WHERE term = 'rituximab'")
    conn.commit()
    conn.close()
    assert numbers(run_search(store, "rituximab")) == [1]


def test_an_index_of_another_format_is_rebuilt(new_store):
    store = new_store([record(1, sections="Rituximab.")])
    conn = sqlite3.connect(index_path(store))
    conn.execute("UPDATE meta SET value = '\"mia-search-0\"' WHERE key = 'format'")
    conn.commit()
    conn.close()
    assert numbers(run_search(store, "rituximab")) == [1]
    assert meta(store)["format"] == FORMAT


def test_a_failed_index_update_never_fails_the_store_write(new_store, monkeypatch):
    store = new_store([record(1, sections="Rituximab.")])

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("mia.search.maintenance.apply_changes", broken)
    store.add(Review.from_dict(record(2, sections="Rituximab aussi.")))  # no exception
    assert meta(store)["signature"] is None  # marked stale
    monkeypatch.undo()
    assert numbers(run_search(store, "rituximab")) == [1, 2]


def test_records_can_be_read_from_a_fresh_index(new_store):
    store = new_store([record(2, "Deux"), record(1, "Un", sections="Texte.")])
    summaries = cached_records(store)
    assert [s["id"] for s in summaries] == ["mia_review_1", "mia_review_2"]
    assert "sections" not in summaries[0] and summaries[0]["title"] == "Un"
    assert cached_records(store, full=True) == store.records()
    assert cached_record(store, "mia_review_1") == store.get_record("mia_review_1")
    assert cached_record(store, "mia_review_9") is None
    Store(store.path).add(Review.from_dict(record(3, "Trois")))
    assert cached_records(store) is None and cached_record(store, "mia_review_1") is None


def test_a_search_connection_maps_the_index_and_reads_the_same_answers(new_store):
    from mia.search.records import READ_MAP_BYTES, open_if_fresh

    store = new_store([record(2, "Deux"), record(1, "Un", sections="Le daratumumab.")])
    reindex(store)
    for mapped, size in ((True, READ_MAP_BYTES), (False, 0)):
        conn = open_if_fresh(store, mapped=mapped)
        try:
            assert conn.execute("PRAGMA mmap_size").fetchone()[0] == size
        finally:
            conn.close()
    assert [hit.id for hit in run_search(store, "daratumumab").hits] == ["mia_review_1"]


def test_only_a_search_showing_its_best_hits_maps_the_index(new_store, monkeypatch):
    """Mapped pages count in a process's memory: a reader of every match (`mia forest`) does not map."""
    import mia.search.engine as engine

    store = new_store([record(1, "Un", sections="Le daratumumab.")])
    reindex(store)
    opened = []
    real = engine.open_current
    monkeypatch.setattr(engine, "open_current", lambda s, mapped=False: opened.append(mapped) or real(s, mapped=mapped))
    run_search(store, "daratumumab")
    run_search(store, "daratumumab", passages=False)
    assert opened == [True, False]


def test_the_lexicon_is_reread_when_its_file_changes(new_store, use_lexicon):
    store = new_store([record(1, sections="Sous AVK.")])
    assert numbers(run_search(store, "VKA")) == []
    use_lexicon("antivitamine K | vitamin K antagonist | AVK | VKA |\n")
    assert numbers(run_search(store, "VKA")) == [1]


def test_importing_mia_search_is_cheap():
    code = (
        "import sys, mia.search; "
        "heavy = [m for m in ('sqlite3', 'snowballstemmer', '_mia_snowball', 'mia.search.engine', 'platformdirs') "
        "if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_public_names_exist():
    assert callable(search.run_search) and callable(search.index_changed) and callable(search.reindex)
    assert search.Hit.__name__ == "Hit" and search.SearchResult.__name__ == "SearchResult"


def test_doctor_check_reports_a_damaged_index_only(new_store):
    store = new_store([record(1, sections="Rituximab.")])
    assert search.check_index(store, 1) == []
    index_path(store).write_bytes(b"garbage" * 1000)
    (problem,) = search.check_index(store, 1)
    assert "damaged" in problem and "mia reindex" in problem
    # A file holding no table yet (a first build stopped before it wrote anything, as a bulk
    # add's first batch stopped by Ctrl-C leaves it) is an index not built yet, not a damaged one.
    index_path(store).unlink()
    sqlite3.connect(index_path(store)).close()
    index_path(store).touch()
    assert search.check_index(store, 1) == []
    assert numbers(run_search(store, "rituximab")) == [1]


def test_far_apart_review_numbers_are_handled(new_store):
    store = new_store([record(1, sections="Rituximab."), record(5_000_000, sections="Rituximab aussi.")])
    assert numbers(run_search(store, "rituximab")) == [1, 5_000_000]
    store.add(Review.from_dict(record(7_000_000, sections="Rituximab encore.")))
    store.remove("mia_review_1")
    assert numbers(run_search(store, "rituximab")) == [5_000_000, 7_000_000]
    before = [(h.id, h.score) for h in run_search(store, "rituximab").hits]
    reindex(store)
    assert [(h.id, h.score) for h in run_search(store, "rituximab").hits] == before


def test_reindex_tells_its_progress(new_store):
    store = new_store([record(n, sections="Rituximab.") for n in range(1, 6)])
    seen = []
    assert reindex(store, lambda done, total: seen.append((done, total))) == 5
    assert seen and seen[-1] == (5, 5) and all(total == 5 for _, total in seen)


def test_a_rebuild_reads_the_store_a_file_at_a_time(new_store, monkeypatch):
    """The whole store is never in memory during a rebuild (1.25 GB at 100,000 reviews)."""
    store = new_store([record(n, sections="Rituximab.") for n in (1, 999, 1000, 2001)])
    before = [(h.id, h.score) for h in run_search(store, "rituximab").hits]
    monkeypatch.setattr(Store, "records", lambda self: pytest.fail("read every record at once"))
    seen = []
    assert reindex(store, lambda done, total: seen.append((done, total))) == 4
    assert seen[-1] == (4, 4)
    assert [(h.id, h.score) for h in run_search(store, "rituximab").hits] == before


def test_a_rebuild_gives_the_pages_it_freed_back(new_store):
    store = new_store([record(n, sections="Rituximab " * 2000) for n in range(1, 40)])
    for n in range(1, 40):
        store.remove(f"mia_review_{n}")
    store.add(Review.from_dict(record(50, sections="Colchicine.")))
    reindex(store)
    conn = sqlite3.connect(index_path(store))
    try:
        assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
    finally:
        conn.close()
    assert numbers(run_search(store, "colchicine")) == [50]


def test_a_rebuild_replaces_an_index_file_made_before_its_pages_could_be_given_back(new_store):
    """Such a file (no auto_vacuum, 16 KB pages) kept every page it ever held, across the
    rebuilds that each new index format asks for: a rebuild starts it anew."""
    store = new_store([record(n, sections="Rituximab " * 500) for n in range(1, 30)])
    conn = sqlite3.connect(index_path(store), isolation_level=None)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA auto_vacuum=NONE")
    conn.execute("PRAGMA page_size=16384")
    conn.execute("VACUUM")
    assert conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 0
    conn.close()
    for n in range(1, 29):
        store.remove(f"mia_review_{n}")
    reindex(store)
    conn = sqlite3.connect(index_path(store))
    try:
        assert conn.execute("PRAGMA auto_vacuum").fetchone()[0] != 0
        assert conn.execute("PRAGMA page_size").fetchone()[0] == 8192
        assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
    finally:
        conn.close()
    assert numbers(run_search(store, "rituximab")) == [29]


def annotations(store) -> dict[str, list[tuple[int, int, list[int]]]]:
    """Every annotated canon's postings (review, field, positions), live reviews only."""
    from mia.search.reader import IndexReader

    conn = sqlite3.connect(index_path(store))
    try:
        reader = IndexReader(conn)
        terms = [t for (t,) in conn.execute("SELECT DISTINCT term FROM postings WHERE term LIKE '§%'")]
        found = {}
        for term, rows in reader.rows(terms).items():
            entries = []
            for row in rows:
                dead = reader.dead.get(row.seg, set())
                entries += [(num, f, list(row.positions(i))) for i, (num, f) in enumerate(zip(row.nums, row.fields))
                            if num not in dead]
            if entries:
                found[term] = sorted(entries)
        return found
    finally:
        conn.close()


def test_a_write_annotates_the_lexicon_forms_a_rebuild_annotates(tmp_path):
    """A write loads only the multi-word forms starting with one of its reviews' words: the
    bundled sample, added a review at a time, is annotated with the shipped lexicon exactly as a
    rebuild annotates it."""
    from pathlib import Path

    from mia.importers import read_path

    sample = sorted((Path(__file__).resolve().parents[2] / "data" / "reviews").glob("*.txt"))
    store = make_store(tmp_path / "store" / "reviews.json")
    for path in sample:
        store.add(read_path(path).review)
    incremental = annotations(store)
    assert sum(len(entries) for entries in incremental.values()) > 100  # the sample names many forms
    reindex(store)
    assert annotations(store) == incremental


def test_a_summary_shows_in_a_list_and_a_hit_what_its_whole_record_shows():
    """The index's summaries keep only what a list row and a search hit show: the same rows
    and hit titles as the whole records, whatever the article's shape."""
    import random

    from mia.core.listing import review_row
    from mia.model.journals import article_journal
    from mia.search.documents import summary_of

    rng = random.Random(16)
    articles = [None, {}, {"journal": "N Engl J Med", "date": "2021-05-06", "title": "T"},
                {"journal": "nejm", "metadata": {"container-title": ["New England Journal of Medicine"],
                                                "container-title-short": "N Engl J Med", "volume": "3"}},
                {"metadata": {"journalAbbreviation": "Lancet"}, "doi": "10.1/x", "authors": ["A"]},
                {"journal": "", "metadata": None, "date": "2019"}]
    for n in range(1, 200):
        full = record(n, f"Titre {n}", journal="Blood", date="2020-01-02", published="2021-02-03",
                      keywords=["k"], authors=["B. Auteur"])
        full["article"] = rng.choice(articles)
        if rng.random() < 0.2:
            del full["published"]
        summary = summary_of(full)
        assert review_row(summary) == review_row(full)
        article = full.get("article") if isinstance(full.get("article"), dict) else {}
        shown = summary.get("article") or {}
        assert article_journal(shown) == article_journal(article)
        assert shown.get("title") == article.get("title") and summary.get("title") == full.get("title")
