"""Reviews from number 1,000 on live in shard files: a write rewrites only the files it changes,
schema 1 stores are read as they are and migrated by their first write, damage stays per file."""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from mia.cli import app
from mia.core.library import open_store
from mia.base.errors import StoreError
from mia.store.review_store import Store
from mia.store.json_file import SCHEMA_VERSION, encode_store

from conftest import SEED
from test_store import make_review

runner = CliRunner()


def shard_file(store_path, shard: int):
    return store_path.with_name(store_path.name + ".shards") / f"{shard}.json"


def test_reviews_go_to_the_file_of_their_thousand(store_path):
    store = Store(store_path)
    store.add_many([make_review(n) for n in (40, 999, 1000, 2500)])
    main = json.loads(store_path.read_bytes())
    assert sorted(main["reviews"]) == ["40", "999"]
    assert main["_meta"]["1"]["schema_version"] == SCHEMA_VERSION == 2
    assert sorted(json.loads(shard_file(store_path, 1).read_bytes())["reviews"]) == ["1000"]
    assert sorted(json.loads(shard_file(store_path, 2).read_bytes())["reviews"]) == ["2500"]
    assert store.ids() == ["mia_review_40", "mia_review_999", "mia_review_1000", "mia_review_2500"]
    assert store.get("mia_review_2500").title == "Review 2500"
    assert store.next_free_id() == "mia_review_2501"


def test_a_write_rewrites_only_the_file_it_changes(store_path):
    store = Store(store_path)
    store.add_many([make_review(n) for n in (1, 1001, 2001)])
    before = {path: path.read_bytes() for path in (store_path, shard_file(store_path, 2))}
    store.add(make_review(1002))
    store.remove("mia_review_1001")
    assert {path: path.read_bytes() for path in before} == before
    assert store.ids() == ["mia_review_1", "mia_review_1002", "mia_review_2001"]
    assert [r["id"] for r in store.trash_records()] == ["mia_review_1001"]
    store.restore("mia_review_1001")
    assert "mia_review_1001" in store.ids()
    assert len(store.backups(1)) == 3 and store.backups(0) == []


def test_trash_is_purged_in_every_file(store_path):
    store = Store(store_path)
    store.add_many([make_review(n) for n in (5, 1005, 3005)])
    for review_id in ("mia_review_5", "mia_review_3005"):
        store.remove(review_id)
    assert store.purge_trash() == 2
    assert store.trash_records() == []
    assert store.ids() == ["mia_review_1005"]
    # the highest number still counts when its file holds nothing live
    assert store.next_free_id() == "mia_review_1006"


def test_the_signature_follows_every_file(store_path):
    store = Store(store_path)
    store.add(make_review(1))
    one_file = store.signature()
    assert len(one_file) == 2  # [size, mtime_ns], as a one-file store always had
    store.add(make_review(1500))
    assert store.signature()[:2] == one_file and store.signature()[2] == 1
    before = store.signature()
    store.add(make_review(1501))
    assert store.signature() != before


def test_a_write_to_a_shard_file_does_not_parse_the_store_file(store_path):
    store = Store(store_path)
    store.add_many([make_review(n) for n in (1, 1001)])
    whole = store_path.read_bytes()
    store_path.write_bytes(whole[: len(whole) - 10])  # the store file no longer parses...
    store.add(make_review(1002))  # ...but this write does not read it
    assert [r["id"] for r in json.loads(shard_file(store_path, 1).read_bytes())["reviews"].values()] == [
        "mia_review_1001", "mia_review_1002"]
    with pytest.raises(StoreError):
        store.add(make_review(2))  # a write to the store file reads it, and stops


def test_a_store_file_written_by_hand_in_another_key_order_is_still_read(store_path):
    store = Store(store_path)
    store.add_many([make_review(n) for n in (1, 1001)])
    tables = json.loads(store_path.read_bytes())
    store_path.write_text(json.dumps({"reviews": tables["reviews"], "trash": {}, "_meta": tables["_meta"]}, indent=1))
    assert store.ids() == ["mia_review_1", "mia_review_1001"]
    store.add(make_review(1003))
    assert store.ids() == ["mia_review_1", "mia_review_1001", "mia_review_1003"]


def write_schema_1_store(store_path, numbers) -> None:
    """A store as mia wrote it before shards: every review in the one file, schema 1."""
    records = {str(n): make_review(n).to_dict() for n in numbers}
    store_path.parent.mkdir(parents=True, exist_ok=True)
    store_path.write_bytes(encode_store({"_meta": {"1": {"schema_version": 1}}, "reviews": records, "trash": {}}))


def test_a_schema_1_store_is_read_as_it_is_and_migrated_by_its_first_write(store_path):
    write_schema_1_store(store_path, [40, 1200, 4300])
    original = store_path.read_bytes()
    store = Store(store_path)
    assert store.ids() == ["mia_review_40", "mia_review_1200", "mia_review_4300"]
    assert store.get("mia_review_4300").title == "Review 4300"
    assert store_path.read_bytes() == original  # reading never writes

    store.add(make_review(41))
    main = json.loads(store_path.read_bytes())
    assert main["_meta"]["1"]["schema_version"] == 2
    assert store_path.read_bytes().startswith(b'{"_meta":{"1":{"schema_version":2}}')  # as written by mia
    assert sorted(main["reviews"]) == ["40", "41"]
    assert sorted(json.loads(shard_file(store_path, 4).read_bytes())["reviews"]) == ["4300"]
    assert store.ids() == ["mia_review_40", "mia_review_41", "mia_review_1200", "mia_review_4300"]
    assert store.backups(0)[0].read_bytes() == original  # the schema 1 file is kept


def test_an_interrupted_migration_is_done_again_from_the_schema_1_file(store_path):
    write_schema_1_store(store_path, [7, 1007])
    # A migration killed after writing a shard file, before the store file: the leftover is stale.
    leftover = shard_file(store_path, 1)
    leftover.parent.mkdir()
    leftover.write_bytes(encode_store({"_meta": {"1": {"schema_version": 2}}, "reviews": {"1999": make_review(1999).to_dict()}, "trash": {}}))
    store = Store(store_path)
    assert store.ids() == ["mia_review_7", "mia_review_1007"]  # the schema 1 file is the truth
    store.add(make_review(8))
    assert store.ids() == ["mia_review_7", "mia_review_8", "mia_review_1007"]
    assert json.loads(store.backups(1)[0].read_bytes())["reviews"].keys() == {"1999"}  # kept aside


def test_the_search_index_follows_writes_to_shard_files(store_path):
    store = open_store(store_path)
    store.add_many([make_review(n, text=f"Texte {n}.") for n in (3, 1003)])
    from mia.search import cached_record, run_search

    assert cached_record(store, "mia_review_1003") is not None  # fresh after the write
    store.add(make_review(2004, text="Un essai sur la sarcoïdose."))
    assert [hit.id for hit in run_search(store, "sarcoïdose").hits] == ["mia_review_2004"]
    # A shard file changed behind mia's back: the index's copy is no longer trusted.
    path = shard_file(store_path, 2)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert cached_record(store, "mia_review_2004") is None


@pytest.fixture
def damaged_shard(store_path, tmp_path):
    for number in (40, 1040):
        other = tmp_path / f"mia_review_{number}.txt"
        other.write_text(SEED.read_text(encoding="utf-8").replace("mia_review_40", f"mia_review_{number}"), encoding="utf-8")
        assert runner.invoke(app, ["add", str(other)]).exit_code == 0
    assert runner.invoke(app, ["rm", "1040", "--yes"]).exit_code == 0  # a second write of shard 1: a backup
    path = shard_file(store_path, 1)
    path.write_bytes(path.read_bytes()[:100])
    return path


def test_a_damaged_shard_file_stops_the_commands_that_read_it_and_is_never_overwritten(damaged_shard, tmp_path):
    before = damaged_shard.read_bytes()
    in_that_file = tmp_path / "mia_review_1041.txt"
    in_that_file.write_text(SEED.read_text(encoding="utf-8").replace("mia_review_40", "mia_review_1041"), encoding="utf-8")
    for command in (["list"], ["search", "ITP"], ["restore", "1040"], ["add", str(in_that_file)], ["show", "1040"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 4, (command, result.output)
        assert str(damaged_shard) in result.stderr and "mia doctor" in result.stderr
    assert damaged_shard.read_bytes() == before
    # Files that read well stay usable: each file is checked when it is read.
    assert runner.invoke(app, ["show", "40"]).exit_code == 0


def test_doctor_restores_only_the_damaged_file(damaged_shard, store_path):
    main_before = store_path.read_bytes()
    checked = runner.invoke(app, ["doctor"])
    assert checked.exit_code == 4 and "1.json is damaged" in checked.stdout
    restored = runner.invoke(app, ["doctor", "--restore", "--yes"])
    assert restored.exit_code == 0, restored.output
    assert f"Restored {damaged_shard}" in restored.stdout
    # what it undid is said, from the reviews of that file only (the rm of 1040 was its last change)
    assert "  - mia_review_1040 will be back among the reviews (removed since).\n" in restored.stdout
    assert "mia_review_40 " not in restored.stdout
    assert store_path.read_bytes() == main_before
    assert runner.invoke(app, ["doctor"]).exit_code == 0
    assert runner.invoke(app, ["show", "1040"]).exit_code == 0  # the backup from before the rm


def test_doctor_finds_a_review_in_the_wrong_file(store_path):
    store = Store(store_path)
    store.add_many([make_review(n) for n in (1, 1001)])
    path = shard_file(store_path, 1)
    tables = json.loads(path.read_bytes())
    tables["reviews"]["2002"] = make_review(2002).to_dict()
    path.write_bytes(encode_store(tables))
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 4
    assert "mia_review_2002 is in 1.json, which holds other numbers" in result.stdout


def test_doctor_restore_cannot_tell_what_it_undoes_when_the_index_lags_behind_the_other_files(damaged_shard, store_path):
    # the index's copy is compared only while the files beside the damaged one are as it last saw them
    store_path.write_bytes(store_path.read_bytes())  # the store file written again, behind mia's back
    restored = runner.invoke(app, ["doctor", "--restore", "--yes"])
    assert restored.exit_code == 0 and "mia cannot tell what putting it back undoes" in restored.stdout


def test_a_signature_without_one_file():
    from mia.store.layout import signature_without

    values = [10, 11, 1, 20, 21, 2, 30, 31]
    assert signature_without(values, 0) == [1, 20, 21, 2, 30, 31]
    assert signature_without(values, 1) == [10, 11, 2, 30, 31]
    assert signature_without(values, 2) == [10, 11, 1, 20, 21]
    assert signature_without([10, 11], 0) == []


def test_doctor_restore_on_a_healthy_store_changes_nothing(store_path):
    runner.invoke(app, ["add", str(SEED)])
    before = store_path.read_bytes()
    result = runner.invoke(app, ["doctor", "--restore", "--yes"])
    assert result.exit_code == 0 and "nothing was restored" in result.stdout
    assert store_path.read_bytes() == before


def test_every_file_of_the_store_opens_with_tinydb(store_path):
    from tinydb import TinyDB

    from mia.store.tinydb_storage import AtomicJSONStorage

    Store(store_path).add_many([make_review(n) for n in (40, 1040)])
    for path, number in ((store_path, 40), (shard_file(store_path, 1), 1040)):
        database = TinyDB(path, storage=AtomicJSONStorage)
        reviews = database.table("reviews")
        assert [document["id"] for document in reviews.all()] == [f"mia_review_{number}"]
        assert reviews.get(doc_id=number)["title"] == f"Review {number}"
        database.close()


def test_an_integer_past_64_bits_in_metadata_is_kept_exactly(store_path):
    from mia.core.library import open_store
    from mia.model.review import Article, Review, Section

    huge = 10**30 + 7
    store = open_store(store_path)
    review = Review(id="mia_review_1200", title="Grand nombre", sections=[Section("Introduction", "Texte.")],
                    article=Article(doi="10.1000/big", metadata={"title": "Big", "custom": huge}))
    store.add(review)
    assert store.get("mia_review_1200").article.metadata["custom"] == huge
    assert runner.invoke(app, ["search", "nombre"]).exit_code == 0  # the index is fresh
    listed = json.loads(runner.invoke(app, ["list", "--json"]).stdout)
    assert listed[0]["article"]["metadata"]["custom"] == huge
    shown = json.loads(runner.invoke(app, ["show", "1200", "--json"]).stdout)
    assert shown["article"]["metadata"]["custom"] == huge
    # Once the number is gone, the file is written by orjson again.
    store.update(["mia_review_1200"], lambda r: r.article.metadata.pop("custom") is not None)
    assert b"integers_past_64_bits" not in shard_file(store_path, 1).read_bytes()


def test_record_batches_give_the_records_a_file_at_a_time(store_path):
    store = Store(store_path)
    store.add_many([make_review(n) for n in (2500, 40, 1001, 999, 1000, 7)])
    store.remove("mia_review_1001")
    batches = list(store.record_batches())
    assert [[r["id"] for r in batch] for batch in batches] == [
        ["mia_review_7", "mia_review_40", "mia_review_999"], ["mia_review_1000"], ["mia_review_2500"],
    ]
    assert [r for batch in batches for r in batch] == store.records()


def test_the_quick_check_reads_the_files_on_workers_with_the_same_findings(store_path, monkeypatch):
    """A store of many files is read on worker processes (`store.file_check`): on a store with a
    review in the wrong file, one live and in the trash, a damaged file and a file without its
    `_meta`, the findings are those of reading every file here, in the same order."""
    from mia.core import doctor

    store = Store(store_path)
    store.add_many([make_review(n) for n in (1, 40, 1001, 2002, 3003, 4004, 5005, 6006)])
    tables = json.loads(store_path.read_bytes())
    tables["trash"]["40"] = make_review(40).to_dict()  # (live and in the trash)
    store_path.write_bytes(encode_store(tables))
    wrong = shard_file(store_path, 1)
    tables = json.loads(wrong.read_bytes())
    tables["reviews"]["2003"] = make_review(2003).to_dict()
    wrong.write_bytes(encode_store(tables))
    shard_file(store_path, 3).write_bytes(b'{"reviews": {"3003": ')
    no_meta = shard_file(store_path, 4)
    tables = json.loads(no_meta.read_bytes())
    del tables["_meta"]
    no_meta.write_bytes(encode_store(tables))
    monkeypatch.setenv("MIA_WORKERS", "2")
    answers = {}
    for parallel_from in (1, 10**6):
        monkeypatch.setattr(doctor, "PARALLEL_FILES", parallel_from)
        told = []
        answers[parallel_from] = ([(f.kind, f.message) for f in doctor.check_store(store, progress=lambda d, t: told.append((d, t)))],
                                  told)
    assert answers[1] == answers[10**6]
    found = " ".join(message for _, message in answers[1][0])
    for expected in ("mia_review_2003 is in 1.json", "mia_review_40 is in the store 2 times", "3.json",
                     "4.json records no schema version"):
        assert expected in found


@pytest.mark.parametrize("shard", [0, 1, 7, 99])
def test_a_shards_span_is_the_numbers_its_file_holds(shard):
    from mia.store.layout import SHARD_SIZE, shard_of, shard_span

    low, high = shard_span(shard)
    assert high - low + 1 == SHARD_SIZE
    assert shard_of(low) == shard_of(high) == shard
    assert shard_of(low - 1) != shard and shard_of(high + 1) == shard + 1
