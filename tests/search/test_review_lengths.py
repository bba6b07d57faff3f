"""The review lengths BM25 reads (lengths.DocLengths) follow every write: after adds, new versions,
removals and restores, in any order and with review numbers beyond the stored array, the index
holds the lengths, count and totals that a rebuild computes. Writes change the stored array in
place where SQLite allows it; the other way, rewriting it, is checked too."""

from __future__ import annotations

import random
import sqlite3

import pytest
from search_support import make_store, random_writes, record

from mia import search
from mia.search import lengths as lengths_module
from mia.search.index import index_path
from mia.search.lengths import DocLengths
from mia.search.records import read_meta


def lengths_kept(store) -> tuple[dict, int, list]:
    conn = sqlite3.connect(index_path(store))
    try:
        meta = read_meta(conn)
        return DocLengths.load(conn).as_dict(), meta["doc_count"], list(meta["length_sums"])
    finally:
        conn.close()


@pytest.mark.parametrize("in_place", [True, False])
def test_the_lengths_follow_every_write_as_a_rebuild_computes_them(tmp_path, monkeypatch, in_place):
    if not in_place:
        monkeypatch.setattr(lengths_module, "IN_PLACE", False)
    elif not lengths_module.IN_PLACE:
        pytest.skip("SQLite blob I/O needs Python 3.11")
    rng = random.Random(17)
    words = "essai randomisé thrombopénie rituximab survie mortalité hémorragie suivi".split()

    def text() -> str:
        return " ".join(rng.choices(words, k=rng.randint(1, 40)))

    store = make_store(tmp_path / "store" / "reviews.json", [record(n, sections=text()) for n in range(1, 6)])
    for _, _, live in random_writes(store, rng, text, 60, ("add", "far", "edit", "rm", "restore"), far=3000):
        pass
    kept = lengths_kept(store)
    assert sorted(kept[0]) == sorted(live) and kept[1] == len(live)
    search.reindex(store)
    assert lengths_kept(store) == kept
