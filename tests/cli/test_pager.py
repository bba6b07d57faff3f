"""The pager (issue 18, item 11): show, diff, history and a long list go through MIA_PAGER, then
PAGER, then `less -FRX`, on a terminal only; never on a pipe, with --json or `mia --no-pager`.

The terminal is injected (`cli.pager.stdout_is_terminal`); the pager is a real process, a shell
command writing what it receives to a file."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from mia.cli import app, pager

from conftest import REPO, SEED

runner = CliRunner()


def mia(*args: str):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def paged_to(tmp_path, monkeypatch):
    """A terminal, and a pager command that keeps what it was given in a file."""
    out = tmp_path / "paged.txt"
    monkeypatch.setattr(pager, "stdout_is_terminal", lambda: True)
    monkeypatch.setenv("MIA_PAGER", f"cat > '{out}'")
    monkeypatch.setenv("PAGER", "false")  # MIA_PAGER comes first
    return out


def test_the_pager_is_mia_pager_then_pager_then_less():
    assert pager.pager_command({"MIA_PAGER": "most", "PAGER": "more"}) == "most"
    assert pager.pager_command({"PAGER": "more"}) == "more"
    assert pager.pager_command({}) == "less -FRX"
    assert pager.pager_command({"MIA_PAGER": "", "PAGER": "more"}) is None  # set to nothing: no pager
    assert pager.pager_command({"PAGER": "cat"}) is None


def test_show_diff_and_history_go_through_the_pager_on_a_terminal(tmp_path, paged_to):
    assert mia("add", SEED).exit_code == 0
    changed = tmp_path / "mia_review_40.txt"
    changed.write_text(SEED.read_text(encoding="utf-8").replace("La TPI", "La thrombopénie", 1), encoding="utf-8")
    assert mia("add", "--replace", changed).exit_code == 0
    for command in (["show", "40"], ["diff", "40"], ["history", "40"]):
        result = mia(*command)
        assert result.exit_code == 0, result.output
        assert result.stdout == ""
        paged = paged_to.read_text(encoding="utf-8")
        with_no_pager = mia("--no-pager", *command)
        # The pager gets the terminal's text (diff's styles too: rich keeps bold under NO_COLOR).
        assert with_no_pager.stdout == re.sub(r"\x1b\[[0-9;]*m", "", paged) and paged.strip()
        paged_to.unlink()
        # --no-pager after the command does the same as before it.
        assert mia(*command, "--no-pager").stdout == with_no_pager.stdout and not paged_to.exists()
    # With --json, nothing is paged.
    result = mia("show", "40", "--json")
    assert result.stdout.startswith("{") and not paged_to.exists()
    result = mia("history", "40", "--json")
    assert result.stdout.startswith("[") and not paged_to.exists()


def test_a_pipe_is_never_paged(tmp_path, monkeypatch):
    out = tmp_path / "paged.txt"
    monkeypatch.setenv("MIA_PAGER", f"cat > '{out}'")
    assert mia("add", SEED).exit_code == 0
    assert mia("show", "40").stdout.startswith("mia_review_40")
    assert not out.exists()


def test_a_list_is_paged_only_when_longer_than_the_screen(paged_to, monkeypatch):
    assert mia("add", REPO / "data" / "reviews").exit_code == 0  # 20 reviews: 21 lines
    monkeypatch.setenv("LINES", "50")
    result = mia("list")
    assert result.stdout.startswith("Id ") and not paged_to.exists()
    monkeypatch.setenv("LINES", "20")
    result = mia("list")
    assert result.stdout == "" and paged_to.read_text(encoding="utf-8").count("mia_review_") == 20
    paged_to.unlink()
    assert mia("list", "--no-pager").stdout.count("mia_review_") == 20 and not paged_to.exists()
    assert mia("list", "--json").stdout.startswith("[")


def test_a_pager_that_cannot_be_found_leaves_the_text_on_the_terminal(monkeypatch):
    monkeypatch.setattr(pager, "stdout_is_terminal", lambda: True)
    monkeypatch.setenv("MIA_PAGER", "/nonexistent/pager -R")
    assert mia("add", SEED).exit_code == 0
    result = mia("show", "40")
    assert result.exit_code == 0 and result.stdout.startswith("mia_review_40")


def test_quitting_the_pager_early_is_not_an_error(tmp_path, monkeypatch):
    monkeypatch.setattr(pager, "stdout_is_terminal", lambda: True)
    monkeypatch.setenv("MIA_PAGER", "head -c 1 > /dev/null")  # reads one byte, then quits
    assert mia("add", REPO / "data" / "reviews").exit_code == 0
    monkeypatch.setenv("LINES", "5")
    for command in (["list"], ["show", "40"]):
        result = mia(*command)
        assert result.exit_code == 0, result.output
        assert result.stderr == ""
