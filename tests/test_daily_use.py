"""Daily use without surprises: one test per item of the issue."""

from __future__ import annotations

import json
import re
import shlex

import pytest
from typer.testing import CliRunner

from mia.cli import app

from conftest import SEED

runner = CliRunner()


def review_file(tmp_path, number: int, text: str | None = None):
    path = tmp_path / f"mia_review_{number}.txt"
    path.write_text((text or SEED.read_text(encoding="utf-8")).replace("mia_review_40", f"mia_review_{number}"), encoding="utf-8")
    return path


def mia(*args: str):
    return runner.invoke(app, [str(a) for a in args])


# 1 -------------------------------------------------------------------------------------------


def test_store_past_one_thousand_has_its_file_and_doctor_counts_every_file(tmp_path, store_path):
    assert mia("add", review_file(tmp_path, 1500)).exit_code == 0
    assert store_path.exists()  # it carries _meta, even when every review is in a shard file
    assert json.loads(store_path.read_bytes())["_meta"]["1"]["schema_version"] == 2
    result = mia("doctor")
    assert result.exit_code == 0, result.output
    assert "1 review(s) in the store, 0 in the trash" in result.output
    assert mia("rm", "1500", "--yes").exit_code == 0
    result = mia("doctor")
    assert "0 review(s) in the store, 1 in the trash" in result.output
    assert mia("list").output.count("mia_review_1500") == 0
    # A store left by an older mia, with shard files and no store file, is counted the same.
    store_path.unlink()
    assert "0 review(s) in the store, 1 in the trash" in mia("doctor").output
    assert mia("restore", "1500").exit_code == 0
    assert store_path.exists()
    assert "1 review(s) in the store, 0 in the trash" in mia("doctor").output


# 2 -------------------------------------------------------------------------------------------


def test_doctor_on_a_damaged_store_does_not_contradict_itself(tmp_path, store_path):
    assert mia("add", SEED).exit_code == 0
    store_path.write_bytes(b"not json at all")  # no backup: the first write had nothing to keep
    result = mia("doctor")
    assert result.exit_code == 4
    assert "Problem: The store" in result.output and "OK:" not in result.output
    assert "--restore" not in result.output  # not advised: there is no backup to put back
    assert "No good backup" in result.output and ".damaged" in result.output
    restored = mia("doctor", "--restore", "--yes")
    assert "nothing was restored" in restored.stderr and "mv " in restored.stderr
    # json's "… starting at" is not followed by a second "at"
    store_path.write_bytes(b'{"_meta": {"1": {"schema_version": 2}}, "reviews": {"40": "abc')
    result = mia("doctor")
    assert "Unterminated string starting at line 1" in result.output and "at at" not in result.output
    assert "at at" not in mia("list").stderr
    # With a good backup, --restore is what doctor advises.
    store_path.unlink()
    assert mia("add", SEED).exit_code == 0 and mia("add", review_file(tmp_path, 41)).exit_code == 0
    store_path.write_bytes(store_path.read_bytes()[:100])
    result = mia("doctor")
    assert "Next: Run `mia doctor --restore`" in result.output and "OK:" not in result.output
    assert mia("doctor", "--restore", "--yes").exit_code == 0


def test_doctor_counts_what_it_could_read_as_a_note(tmp_path, store_path):
    assert mia("add", SEED).exit_code == 0 and mia("add", review_file(tmp_path, 1500)).exit_code == 0
    (store_path.parent / "reviews.json.shards" / "1.json").write_bytes(b"{")
    result = mia("doctor")
    assert "Note: Counted in the files that read well only: 1 review(s)" in result.output
    assert "OK:" not in result.output
