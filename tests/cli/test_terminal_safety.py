"""Text from reviews is data: markup prints as written, control sequences never reach the terminal.

Checked through every command that prints review text, on a pipe (CliRunner and a subprocess)
and on a pseudo-terminal (where rich colours its own output, so only the injected sequences
must be missing).
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from mia.cli import app

from conftest import SEED

# Injected into a review: rich markup, and sequences that would clear the screen, retitle the
# window, blink, or (C1 CSI) move the cursor.
MARKUP = "[bold red]alarme[/bold red] [in vitro] [/] [link=http://x]clic[/link]"
CLEAR, RETITLE, BLINK, C1_CSI = "\x1b[2J", "\x1b]0;pwned\x07", "\x1b[5m", "\x9b2J"
HOSTILE_SENTENCE = f"Effet {MARKUP} {CLEAR}{RETITLE}{BLINK}{C1_CSI}fin hostile."


@pytest.fixture
def hostile_review(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("Thrombocytopénie immune: A new hope!", "Thrombocytopénie [immune] \x1b[2Jtitre")
    text = text.replace("comparée aux GC seuls.", "comparée aux GC seuls. " + HOSTILE_SENTENCE)
    path = tmp_path / "hostile.txt"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["add", str(path)])
    assert result.exit_code == 0, result.output
    return path


def assert_literal(output: str) -> None:
    for sequence in (CLEAR, RETITLE, BLINK, C1_CSI, "\x1b]0;", "\x9b"):
        assert sequence not in output
    flat = " ".join(output.split())
    assert "[bold red]alarme[/bold red] [in vitro] [/] [link=http://x]clic[/link]" in flat


COMMANDS = [["show", "40"], ["search", "alarme"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_on_a_pipe_review_text_prints_literally(hostile_review, command):
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    assert_literal(result.stdout)


def test_list_shows_a_bracketed_title_literally(hostile_review):
    result = CliRunner().invoke(app, ["list"])
    assert "Thrombocytopénie [immune]" in result.stdout
    assert CLEAR not in result.stdout


def run_on_a_terminal(args: list[str]) -> str:
    """Run `mia ARGS` with stdout on a pseudo-terminal, return what the terminal received."""
    master, slave = pty.openpty()
    # A pager that passes the text on as it is: the terminal gets what mia wrote (through the pager).
    env = dict(os.environ, COLUMNS="200", TERM="xterm-256color", MIA_PAGER="cat -u")
    env.pop("NO_COLOR", None)
    process = subprocess.Popen([sys.executable, "-m", "mia", *args], stdout=slave, stderr=slave, stdin=subprocess.DEVNULL, env=env)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=30)
    os.close(master)
    return b"".join(chunks).decode("utf-8", errors="replace")


@pytest.mark.parametrize("command", COMMANDS + [["list"]], ids=lambda c: c[0])
def test_on_a_terminal_no_injected_sequence_gets_through(hostile_review, command):
    output = run_on_a_terminal(command)
    for sequence in (CLEAR, RETITLE, BLINK, C1_CSI, "\x1b]0;pwned"):
        assert sequence not in output
    assert "alarme" in output or command == ["list"]


def test_an_error_message_naming_hostile_input_is_cleaned(tmp_path):
    path = tmp_path / f"bad{CLEAR}name.txt"
    path.write_text("rien", encoding="utf-8")
    result = CliRunner().invoke(app, ["add", str(path)])
    assert result.exit_code == 2
    assert CLEAR not in result.stderr


def test_a_bulk_import_shows_progress_on_a_terminal_and_none_on_a_pipe(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    seed = SEED.read_text(encoding="utf-8")
    for number in range(1, 26):
        (folder / f"r{number}.txt").write_text(seed.replace("mia_review_40", f"mia_review_{number}"), encoding="utf-8")
    on_terminal = run_on_a_terminal(["add", str(folder)])
    assert "Importing" in on_terminal
    assert "Added 25, unchanged 0, failed 0." in on_terminal
    piped = CliRunner().invoke(app, ["add", "--replace", str(folder)])
    assert "Importing" not in piped.output


def test_json_output_escapes_every_control_character(tmp_path, capsys):
    """A JSON import may carry controls: they are kept out of the store as every importer keeps
    them (a sequence ESC starts whole, with a warning), and whatever a store holds (an older
    mia's import) --json writes as JSON escapes, never as raw characters a terminal could obey."""
    import json

    from mia.cli.app import write_json

    assert CliRunner().invoke(app, ["add", str(SEED)]).exit_code == 0
    record = json.loads(CliRunner().invoke(app, ["show", "40", "--json"]).stdout)
    hostile_title = "Titre \x1b[2J \x9b2J \x7f fin"
    record.update(id="mia_review_77", title=hostile_title)
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    added = CliRunner().invoke(app, ["add", str(path)])
    assert added.exit_code == 0 and "control character(s) removed from title" in added.stderr
    shown = CliRunner().invoke(app, ["show", "77", "--json"]).stdout
    listed = CliRunner().invoke(app, ["list", "--json"]).stdout
    for output in (shown, listed):
        assert not any(character in output for character in "\x1b\x9b\x7f")
    assert json.loads(shown)["title"] == "Titre  2J  fin"
    write_json({"title": hostile_title})
    written = capsys.readouterr().out
    assert not any(character in written for character in "\x1b\x9b\x7f")
    assert "\\u001b[2J \\u009b2J \\u007f fin" in written and json.loads(written)["title"] == hostile_title
    for export_format in ("json", "csv"):
        on_terminal = run_on_a_terminal(["export", "--format", export_format])
        assert "Titre" in on_terminal
        assert not any(character in on_terminal for character in "\x1b\x9b\x7f")


def test_a_progress_bar_names_a_later_step_of_the_work(monkeypatch):
    """`mia reindex` of a store of several segments merges them after the analysis: the bar then
    says so (`advance(done, total, step)`), and shows nothing on a pipe."""
    import io

    from mia.cli.app import progress_bar
    from mia.search.maintenance import MERGING

    terminal = io.StringIO()
    terminal.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setenv("COLUMNS", "120")
    with progress_bar("Indexing", minimum=10) as advance:
        advance(5, 20)
        advance(20, 20)
        advance(3, 9, MERGING)
        advance(9, 9, MERGING)
    assert MERGING in terminal.getvalue()
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    with progress_bar("Indexing", minimum=10) as advance:
        advance(3, 9, MERGING)
    assert piped.getvalue() == ""


def test_a_word_coloured_in_the_imported_text_is_stored_and_found_without_the_colour(hostile_review):
    """`\\x1b[2Jtitre`, colour or clearing copied from a terminal into a compte-rendu: the whole
    sequence goes at import (not ESC alone, which left `[2Jtitre`: a word no search found)."""
    import json

    record = json.loads(CliRunner().invoke(app, ["show", "40", "--json"]).stdout)
    assert record["title"] == "Thrombocytopénie [immune] titre"
    assert "fin hostile." in json.dumps(record, ensure_ascii=False)
    assert "[2J" not in json.dumps(record) and "[5m" not in json.dumps(record)
    found = CliRunner().invoke(app, ["search", "titre", "--json"])
    assert [hit["id"] for hit in json.loads(found.stdout)] == ["mia_review_40"]
