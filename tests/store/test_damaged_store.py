"""A damaged store stops every command with exit 4, is never overwritten, and doctor restores it."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mia.cli import app

from conftest import SEED

runner = CliRunner()


def with_tables(raw: bytes, change) -> bytes:
    """The store's bytes after `change(tables)`: a well-formed store edited by hand."""
    tables = json.loads(raw)
    change(tables)
    return json.dumps(tables).encode()

DAMAGE = {
    "truncated": lambda good: good[: len(good) // 2],
    "edited by hand": lambda good: good.replace(b'"reviews"', b"'reviews'", 1),
    "unknown schema": lambda good: with_tables(good, lambda tables: tables["_meta"]["1"].update(schema_version=7)),
    "not json at all": lambda good: b"\x00\x01 this is not a store",
}

# Every command that reads the store, with arguments that would otherwise succeed or fail softly.
COMMANDS = [
    ["list"], ["list", "--json"], ["show", "40"], ["search", "ITP"], ["add", str(SEED)],
    ["rm", "40", "--yes"], ["restore", "40"], ["cite", "40"], ["resolve", "40"],
    ["export", "--format", "json"], ["edit", "40"], ["diff", "40"],
]


@pytest.fixture(scope="module")
def good_store(tmp_path_factory) -> Path:
    """A store of two reviews written in two imports (a backup exists), made once for the module:
    each damaged store is a copy of it (two imports for each of 48 cases took ~25 s)."""
    folder = tmp_path_factory.mktemp("good")
    other = folder / "mia_review_41.txt"
    other.write_text(SEED.read_text(encoding="utf-8").replace("mia_review_40", "mia_review_41"), encoding="utf-8")
    store = folder / "store" / "reviews.json"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MIA_STORE", str(store))
        assert runner.invoke(app, ["add", str(SEED)]).exit_code == 0
        assert runner.invoke(app, ["add", str(other)]).exit_code == 0  # a second write: a backup exists
    return store.parent


@pytest.fixture
def damaged(store_path, good_store, request):
    shutil.copytree(good_store, store_path.parent)
    good = store_path.read_bytes()
    store_path.write_bytes(DAMAGE[request.param](good))
    return store_path


@pytest.mark.parametrize("damaged", sorted(DAMAGE), indirect=True)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:1]))
def test_every_command_stops_with_exit_4_and_touches_nothing(damaged, command):
    before = damaged.read_bytes()
    result = runner.invoke(app, command)
    assert result.exit_code == 4, (command, result.output)
    assert str(damaged) in result.stderr
    assert "mia doctor" in result.stderr or "Upgrade mia" in result.stderr
    assert "Traceback" not in result.output
    assert damaged.read_bytes() == before


@pytest.mark.parametrize("damaged", ["truncated"], indirect=True)
def test_doctor_reports_then_restores_the_newest_good_backup(damaged):
    checked = runner.invoke(app, ["doctor"])
    assert checked.exit_code == 4
    assert "Problem: The store" in checked.stdout and "damaged" in checked.stdout
    restored = runner.invoke(app, ["doctor", "--restore", "--yes"])
    assert restored.exit_code == 0, restored.output
    assert "Restored" in restored.stdout
    kept_aside = [p for p in damaged.parent.iterdir() if ".damaged-" in p.name]
    assert len(kept_aside) == 1 and kept_aside[0].read_bytes() != damaged.read_bytes()
    assert runner.invoke(app, ["doctor"]).exit_code == 0
    assert runner.invoke(app, ["show", "40"]).exit_code == 0


def test_doctor_on_a_healthy_store():
    runner.invoke(app, ["add", str(SEED)])
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 0
    assert "OK: 1 review(s) in the store, 0 in the trash" in result.stdout


def test_doctor_finds_a_record_under_the_wrong_number(store_path):
    runner.invoke(app, ["add", str(SEED)])
    store_path.write_bytes(
        with_tables(store_path.read_bytes(), lambda tables: tables["reviews"].update({"41": tables["reviews"].pop("40")}))
    )
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 4
    assert "holds mia_review_40, whose number is not 41" in result.stdout


def test_doctor_finds_a_review_both_live_and_in_the_trash_and_records_that_are_not_reviews(store_path):
    runner.invoke(app, ["add", str(SEED)])

    def spoil(tables):
        tables["trash"]["40"] = dict(tables["reviews"]["40"], removed="2026-01-01T00:00:00Z")
        tables["reviews"]["7"] = "not a record"
        tables["reviews"]["08"] = {"id": "mia_review_8"}

    store_path.write_bytes(with_tables(store_path.read_bytes(), spoil))
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 4
    assert "mia_review_40 is in the store 2 times (live and in the trash)." in result.stdout
    assert "Record 7 of 'reviews' is not a valid review: it has no review id" in result.stdout
    assert "Record 08 of 'reviews' holds mia_review_8, whose number is not 08." in result.stdout


def test_doctor_quick_checks_placement_and_deep_checks_every_field(store_path):
    runner.invoke(app, ["add", str(SEED)])

    def spoil(tables):
        tables["reviews"]["40"]["sections"] = "not a list of sections"
    store_path.write_bytes(with_tables(store_path.read_bytes(), spoil))
    quick = runner.invoke(app, ["doctor"])
    assert quick.exit_code == 0 and "OK: 1 review(s) in the store" in quick.stdout
    deep = runner.invoke(app, ["doctor", "--deep"])
    assert deep.exit_code == 4
    assert "Record 40 of 'reviews' is not a valid review" in deep.stdout


def test_doctor_quick_finds_a_record_without_an_id(store_path):
    runner.invoke(app, ["add", str(SEED)])

    def spoil(tables):
        del tables["reviews"]["40"]["id"]
    store_path.write_bytes(with_tables(store_path.read_bytes(), spoil))
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 4
    assert "Record 40 of 'reviews' is not a valid review: it has no review id" in result.stdout
    assert "mia doctor --deep" in result.stdout


def test_doctor_restore_without_a_good_backup_says_so(store_path):
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(b"{broken")
    result = runner.invoke(app, ["doctor", "--restore", "--yes"])
    assert result.exit_code == 4
    assert "No good backup" in result.stderr
    assert store_path.read_bytes() == b"{broken"


# --- what `mia doctor --restore` says before it puts a backup back --------------------------


def seed_copy(tmp_path, number: int) -> str:
    path = tmp_path / f"mia_review_{number}.txt"
    path.write_text(SEED.read_text(encoding="utf-8").replace("mia_review_40", f"mia_review_{number}"), encoding="utf-8")
    return str(path)


def edit_40(tmp_path, monkeypatch) -> None:
    script = tmp_path / "editor.py"
    script.write_text("import pathlib, sys\npath = pathlib.Path(sys.argv[1])\n"
                      "path.write_text(path.read_text(encoding='utf-8').replace('A new hope!', 'Un espoir'), encoding='utf-8')\n",
                      encoding="utf-8")
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    assert runner.invoke(app, ["edit", "40"]).exit_code == 0


LAST_CHANGES = {  # what the last write did -> what putting back the backup made before it undoes
    "two reviews added": (lambda tmp, mp: runner.invoke(app, ["add", seed_copy(tmp, 41), seed_copy(tmp, 42)]),
                          "2 reviews added since will be removed: mia_review_41, mia_review_42."),
    "a review restored": (lambda tmp, mp: (runner.invoke(app, ["rm", "40", "--yes"]), runner.invoke(app, ["restore", "40"])),
                          "mia_review_40 will be back in the trash (restored since)."),
    "a review edited": (edit_40, "mia_review_40 goes back to its version V0: its version V1 is lost."),
    "a review removed": (lambda tmp, mp: runner.invoke(app, ["rm", "40", "--yes"]),
                         "mia_review_40 will be back among the reviews (removed since)."),
}


@pytest.mark.parametrize("last_change", sorted(LAST_CHANGES))
def test_doctor_restore_says_when_the_backup_was_made_what_it_holds_and_what_it_undoes(store_path, tmp_path, monkeypatch, last_change):
    change, undone = LAST_CHANGES[last_change]
    assert runner.invoke(app, ["add", str(SEED)]).exit_code == 0
    change(tmp_path, monkeypatch)
    store_path.write_bytes(store_path.read_bytes()[:200])  # damaged by hand after mia's last write
    asked = runner.invoke(app, ["doctor", "--restore"], input="n\n")
    assert asked.exit_code == 0 and "Nothing was changed." in asked.stdout
    assert store_path.read_bytes()[200:] == b""  # not restored
    [backup] = [line for line in asked.stdout.splitlines() if "newest good backup" in line]
    assert re.search(r"is the file as it was on \d{1,2} [A-Z][a-z]+ 20\d\d at \d\d:\d\d:\d\d \(today\), "
                     r"just before mia's change of that moment; it holds \d review\(s\)", backup)
    assert f"  - {undone}" in asked.stdout.splitlines()
    assert "Put back the backup(s) described above? [y/N]" in asked.stdout
    done = runner.invoke(app, ["doctor", "--restore", "--yes"])
    assert done.exit_code == 0 and f"  - {undone}" in done.stdout and "Restored" in done.stdout  # said with --yes too


def test_doctor_restore_says_when_it_cannot_tell_what_is_undone(store_path, tmp_path):
    assert runner.invoke(app, ["add", str(SEED)]).exit_code == 0
    assert runner.invoke(app, ["add", seed_copy(tmp_path, 41)]).exit_code == 0
    store_path.write_bytes(b"{broken")
    store_path.with_name("reviews.json.index.sqlite").unlink()
    result = runner.invoke(app, ["doctor", "--restore", "--yes"])
    assert result.exit_code == 0
    assert "mia cannot tell what putting it back undoes" in result.stdout
    assert "it holds 1 review(s)" in result.stdout


def test_doctor_restore_of_a_backup_holding_the_last_state_says_nothing_is_lost(store_path):
    assert runner.invoke(app, ["add", str(SEED)]).exit_code == 0
    assert runner.invoke(app, ["rm", "40", "--yes"]).exit_code == 0
    assert runner.invoke(app, ["rm", "--purge", "--yes"]).exit_code == 0  # the trash only: no live review changed
    store_path.write_bytes(b"{broken")
    result = runner.invoke(app, ["doctor", "--restore", "--yes"])
    assert "Putting it back loses nothing: it holds these reviews as mia last wrote them." in result.stdout
    assert "it holds 0 review(s) and 1 in the trash" in result.stdout


def test_a_backup_is_read_once_and_its_time_from_the_name_the_store_gave_it(store_path, tmp_path, monkeypatch):
    """The store names a backup (`backup_name`) and reads its time back (`backup_time`): one
    format; `--restore` reads the backup it plans to put back once, checking and describing it."""
    import datetime

    from mia.core import doctor
    from mia.store.review_store import Store, backup_name, backup_time

    before = datetime.datetime.now().replace(microsecond=0)
    assert runner.invoke(app, ["add", str(SEED)]).exit_code == 0
    assert runner.invoke(app, ["add", seed_copy(tmp_path, 41)]).exit_code == 0
    [backup] = Store(store_path).backups()
    assert backup.name == backup_name(int(backup.name.split("-")[0]), int(backup.stem.split("-")[1]))
    assert before <= backup_time(backup) <= datetime.datetime.now()
    assert backup_time(backup.parent / backup_name(1_700_000_000_123_456_789, 7)) == datetime.datetime.fromtimestamp(1_700_000_000.123456789)
    store_path.write_bytes(b"{broken")
    read = []
    parse = doctor.parse_store_bytes
    monkeypatch.setattr(doctor, "parse_store_bytes", lambda payload, path: read.append(path) or parse(payload, path))
    [step] = doctor.restore_plan(Store(store_path))
    assert step.backup == backup and step.reviews == 1
    assert read.count(backup) == 1
