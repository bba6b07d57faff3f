"""Posting arrays stored raw or zlib-packed behind one byte: same answers either way, damage rebuilt."""

from __future__ import annotations

import random
import sqlite3
from array import array

import pytest

from search_support import new_store, record, use_lexicon  # noqa: F401

from mia.model.review import Review
from mia.search import postings, reindex, run_search
from mia.search.index import index_path
from mia.search.postings import PACKED, RAW, PostingRow, pack, unpack
from mia.search.records import IndexUnusable


def test_arrays_read_back_as_written_whether_packed_or_not():
    rng = random.Random(15)
    kinds = set()
    for size in [0, 1, 5, 63, 64, 127, 128, 129, 1000, 20_000]:
        for values in (
            [rng.randrange(3) for _ in range(size)],  # compressible: packed from PACK_FROM bytes
            [rng.randrange(1 << 32) for _ in range(size)],  # random: zlib cannot shrink them
        ):
            raw = array("I", values).tobytes()
            stored = pack(raw)
            kinds.add(stored[0])
            assert bytes(unpack(stored)) == raw
            if len(raw) < postings.PACK_FROM:
                assert stored[0] == RAW
            assert len(stored) <= len(raw) + 1
    assert kinds == {RAW, PACKED}


def test_an_unknown_or_damaged_array_is_an_unusable_index():
    good = pack(array("I", [7] * 100).tobytes())
    assert good[0] == PACKED
    with pytest.raises(ValueError):
        unpack(b"\x09abcd")
    with pytest.raises(ValueError):
        unpack(b"")
    raw_one = pack(array("I", [1]).tobytes())
    for nums in (good[:-5], b"\x07" + good[1:], b""):
        with pytest.raises(IndexUnusable):
            PostingRow.decode("t", 1, nums, pack(b"\x00" * 100), pack(b"\x01\x00" * 100), pack(b""))
    with pytest.raises(IndexUnusable):  # nums and fields of different lengths
        PostingRow.decode("t", 1, raw_one, pack(b"\x00" * 2), pack(b"\x01\x00"), pack(b"\x00\x00"))
    row = PostingRow.decode("t", 1, raw_one, pack(b"\x00"), pack(b"\x02\x00"), pack(b"\x05\x00")[:-1])
    with pytest.raises(IndexUnusable):  # positions cut short: found when they are asked for
        row.positions(0)


WORDS = ["rituximab", "colchicine", "warfarine", "apixaban", "placebo", "thrombopénie", "immunologique"]
QUERIES = WORDS + ["rituximab colchicine", '"sous rituximab"', '"thrombopénie immunologique"',
                   "placebo -apixaban", "warfarine apixaban"]


def grow(store, count: int) -> None:
    """`count` reviews added one by one (segments merged on the way), with replacements and removals."""
    for n in range(1, count + 1):
        text = " ".join(WORDS[(n + k) % len(WORDS)] for k in range(n % 5 + 1))
        store.add(Review.from_dict(record(n, sections=f"Sous {text}. Puis {text} encore.")))
        if n % 7 == 0:
            store.add(Review.from_dict(record(n, sections="Remplacé par du placebo, sous rituximab.")), replace=True)
        if n % 9 == 0:
            store.remove(f"mia_review_{n - 1}")


def answers(store) -> dict:
    return {q: [(h.id, h.score, h.snippet) for h in run_search(store, q, limit=200).hits] for q in QUERIES}


def stored_codings(store) -> set[int]:
    conn = sqlite3.connect(index_path(store))
    try:
        return {coding for row in conn.execute("SELECT substr(nums, 1, 1), substr(fields, 1, 1), "
                                               "substr(tfs, 1, 1), substr(pos, 1, 1) FROM postings")
                for coding in (c[0] for c in row)}
    finally:
        conn.close()


def test_packed_and_raw_postings_give_the_same_answers_written_or_rebuilt(new_store, monkeypatch):
    results = []
    for pack_from in (1, 10**9):  # every array packed (where zlib shrinks it), then none
        monkeypatch.setattr(postings, "PACK_FROM", pack_from)
        store = new_store([])
        grow(store, 80)
        codings = stored_codings(store)
        assert (PACKED in codings) == (pack_from == 1)
        written = answers(store)
        assert reindex(store) == len(store.records())
        assert answers(store) == written
        results.append(written)
    assert results[0] == results[1]
    assert all(results[0][q] for q in QUERIES)


def test_damaged_packed_positions_are_rebuilt_when_a_phrase_reads_them(new_store, monkeypatch):
    monkeypatch.setattr(postings, "PACK_FROM", 1)
    store = new_store([record(n, sections="Sous rituximab puis sous rituximab. " * 20) for n in range(1, 30)])
    expected = [h.id for h in run_search(store, '"sous rituximab"', limit=50).hits]
    assert len(expected) == 29
    conn = sqlite3.connect(index_path(store))
    (pos,) = conn.execute("SELECT pos FROM postings WHERE term = 'rituximab'").fetchone()
    assert pos[0] == PACKED
    conn.execute("UPDATE postings SET pos = ? WHERE term = 'rituximab'", (pos[:1] + bytes(len(pos) - 1),))
    conn.commit()
    conn.close()
    assert [h.id for h in run_search(store, '"sous rituximab"', limit=50).hits] == expected


def test_a_segment_and_a_merge_write_their_rows_in_term_order(new_store, monkeypatch):
    """Rows keyed by (segment, term) inserted in term order fill their pages one after another
    (inserted in the order words were met, a quarter of the postings' pages was empty)."""
    import mia.search.maintenance as maintenance

    written: list[list[str]] = []

    class Recording:
        """A connection noting the terms of the posting rows inserted through it, in order."""

        def __init__(self, conn):
            self.conn = conn
            self.terms: list[str] = []
            written.append(self.terms)

        def executemany(self, sql, rows):
            rows = list(rows)
            if sql.startswith("INSERT INTO postings"):
                self.terms += [row[0] for row in rows]
            return self.conn.executemany(sql, rows)

        def __getattr__(self, name):
            return getattr(self.conn, name)

    real_merge = maintenance.merge_segments
    monkeypatch.setattr(maintenance, "merge_segments", lambda conn, segs: real_merge(Recording(conn), segs))
    monkeypatch.setattr(maintenance.SegmentWriter, "__init__", _recording_writer(maintenance.SegmentWriter.__init__, Recording))
    store = new_store([])
    rng = random.Random(4)
    for n in range(1, 70):  # 64 reviews added one by one: a merge of over 1,000 terms (several chunks)
        words = " ".join(f"mot{rng.randrange(10**6)}" for _ in range(60))
        store.add(Review.from_dict(record(n, sections=f"Rituximab {words}.")))
    assert max(len(terms) for terms in written) > 1000
    assert all(terms == sorted(terms) for terms in written)
    assert len(numbers_of(run_search(store, "rituximab", limit=200))) == 69


def _recording_writer(real_init, recording):
    def init(self, conn, *args, **kwargs):
        real_init(self, recording(conn), *args, **kwargs)
    return init


def numbers_of(result) -> list[str]:
    return [h.id for h in result.hits]
