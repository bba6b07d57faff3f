"""The index's copy of each record is compressed with a zlib dictionary trained on the store."""

from __future__ import annotations

import random
import sqlite3
import zlib

import pytest

from search_support import new_store, record, use_lexicon  # noqa: F401

from mia.model.review import Review
from mia.search import cached_record, reindex, run_search
from mia.search.index import index_path
from mia.search.records import (DICTIONARY_SIZE, RECORD_LEVEL, IndexUnusable, decode_record, encode_record, pack,
                                train_record_dictionary)

PHRASES = ["Critère de jugement principal", "Événements indésirables graves", "Hazard ratio",
           "Intervalle de confiance à 95 %", "Analyse en intention de traiter", "Suivi médian",
           "Population étudiée", "Bras contrôle", "Randomisation 1:1", "Double aveugle"]


def club_record(number: int, rng: random.Random) -> dict:
    """A review in a club's format: shared headings and phrasing, its own words and figures."""
    own = " ".join(f"mot{rng.randrange(10_000)}" for _ in range(40))
    sections = [(heading, f"{heading}: {own}, {rng.randrange(1000)} patients. {rng.choice(PHRASES)}.")
                for heading in ("Introduction", "Méthodes", "Résultats", "Discussion")]
    return record(number, f"Essai {number}", sections=sections, keywords=[rng.choice(PHRASES)],
                  journal="N Engl J Med", date="2021-03-04")


def test_a_dictionary_is_the_samples_last_bytes_within_its_size():
    rng = random.Random(16)
    samples = [pack(club_record(n, rng)) for n in range(1, 60)]
    dictionary = train_record_dictionary(samples)
    assert len(dictionary) == DICTIONARY_SIZE
    assert dictionary.endswith(samples[-1]) and "Critère de jugement principal".encode() in dictionary
    assert train_record_dictionary(samples) == dictionary  # the same samples, the same dictionary
    assert train_record_dictionary(samples[:1]) == b""
    assert train_record_dictionary(samples[:3]) == b"".join(samples[:3])
    assert len(train_record_dictionary(samples * 20, size=500)) == 500


def test_records_read_back_whatever_the_dictionary_and_take_less_room_with_one():
    rng = random.Random(17)
    samples = [club_record(n, rng) for n in range(1, 80)]
    dictionary = train_record_dictionary([pack(r) for r in samples[:40]])
    for item in samples[40:]:
        with_it, without = encode_record(item, dictionary), encode_record(item)
        assert decode_record(with_it, dictionary) == item == decode_record(without, dictionary)
        assert decode_record(without) == item
        assert len(with_it) < 0.8 * len(without)
        with pytest.raises(IndexUnusable):
            decode_record(with_it)  # a record needs the dictionary it was written with
        with pytest.raises(IndexUnusable):
            decode_record(with_it[:-6], dictionary)


def test_a_record_is_compressed_alike_with_each_dictionary_in_turn():
    """Records are compressed by copies of a compressor primed with the dictionary: switching
    dictionaries gives each one's own bytes, those of a compressor primed anew."""
    rng = random.Random(18)
    samples = [club_record(n, rng) for n in range(1, 60)]
    first = train_record_dictionary([pack(r) for r in samples[:20]])
    second = train_record_dictionary([pack(r) for r in samples[20:40]])
    assert first != second

    def fresh(item, dictionary):
        packer = zlib.compressobj(RECORD_LEVEL, zdict=dictionary)
        return packer.compress(pack(item)) + packer.flush()

    for item in samples[40:]:
        for dictionary in (first, second, first):
            blob = encode_record(item, dictionary)
            assert blob == fresh(item, dictionary)
            assert decode_record(blob, dictionary) == item


def stored(store):
    conn = sqlite3.connect(index_path(store))
    try:
        dictionary = conn.execute("SELECT value FROM stats WHERE name = 'record_dictionary'").fetchone()[0]
        blobs = [blob for (blob,) in conn.execute("SELECT record FROM records")]
        return dictionary, blobs
    finally:
        conn.close()


def test_a_rebuild_trains_the_dictionary_and_later_writes_use_it(new_store):
    rng = random.Random(18)
    store = new_store([club_record(n, rng) for n in range(1, 41)])
    assert reindex(store) == 40
    dictionary, blobs = stored(store)
    assert dictionary
    for blob in blobs:
        with pytest.raises(zlib.error):
            zlib.decompress(blob)  # (written with the dictionary)
    added = club_record(41, rng)
    store.add(Review.from_dict(added))
    assert stored(store)[0] == dictionary
    in_store = {r["id"]: r for r in store.records()}
    for review_id in ("mia_review_41", "mia_review_1", "mia_review_40"):
        assert cached_record(store, review_id) == in_store[review_id]
    own_word = added["sections"][0]["text"].split()[1]
    assert "mia_review_41" in [h.id for h in run_search(store, own_word, limit=50).hits]


def test_a_store_indexed_empty_has_no_dictionary_and_its_reviews_read_back(new_store):
    store = new_store([])
    rng = random.Random(19)
    items = [club_record(n, rng) for n in range(1, 4)]
    for item in items:
        store.add(Review.from_dict(item))
    assert cached_record(store, "mia_review_2") == {r["id"]: r for r in store.records()}["mia_review_2"]


def test_a_damaged_dictionary_is_an_unusable_index_rebuilt_by_the_next_search(new_store):
    rng = random.Random(20)
    store = new_store([club_record(n, rng) for n in range(1, 31)])
    expected = [(h.id, h.snippet) for h in run_search(store, '"critère de jugement"', limit=40).hits]
    conn = sqlite3.connect(index_path(store))
    conn.execute("UPDATE stats SET value = ? WHERE name = 'record_dictionary'", (b"another dictionary" * 50,))
    conn.commit()
    conn.close()
    assert cached_record(store, "mia_review_3") is None  # (the caller reads the store instead)
    assert [(h.id, h.snippet) for h in run_search(store, '"critère de jugement"', limit=40).hits] == expected
    assert cached_record(store, "mia_review_3")["id"] == "mia_review_3"
