"""Bad input: one or two plain lines on stderr, exit 2, and the store exactly as it was."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from mia.cli import app

from conftest import SEED

runner = CliRunner()


@pytest.fixture
def store_with_sample(store_path):
    assert runner.invoke(app, ["add", str(SEED)]).exit_code == 0
    return store_path


def seed_with(old: str, new: str) -> str:
    text = SEED.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new)


def write(tmp_path, name: str, content: bytes | str):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


BAD_FILES = {
    "empty": ("empty.txt", b"", "is empty"),
    "blank": ("blank.txt", b"  \n\n \t\n", "is empty"),
    "binary": ("photo.txt", bytes(range(256)) * 40, "binary"),
    "not a compte-rendu": ("notes.txt", "Réunion du club jeudi.\nPenser aux croissants.\n", "not a compte-rendu"),
    "no section": ("nosection.txt", None, "section"),
    "unknown suffix": ("review.docx", b"PK\x03\x04", ".txt"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_file_is_refused_plainly_and_the_store_is_untouched(case, tmp_path, store_with_sample):
    name, content, expected = BAD_FILES[case]
    if case == "no section":
        text = SEED.read_text(encoding="utf-8")
        content = text[: text.index("Introduction\n")]
    path = write(tmp_path, name, content)
    before = store_with_sample.read_bytes()
    result = runner.invoke(app, ["add", str(path)])
    assert result.exit_code == 2, result.output
    assert expected in result.stderr
    assert "Traceback" not in result.output
    assert 1 <= len(result.stderr.strip().splitlines()) <= 3
    assert store_with_sample.read_bytes() == before


def test_a_file_over_20_mb_is_refused_without_being_read(tmp_path, store_with_sample):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)  # sparse: costs no disk
    result = runner.invoke(app, ["add", str(path)])
    assert result.exit_code == 2
    assert "20 MB" in result.stderr


def test_an_empty_folder_is_refused(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    result = runner.invoke(app, ["add", str(folder)])
    assert result.exit_code == 2
    assert "no review file" in result.stderr.lower()


def test_a_missing_path_is_refused(tmp_path):
    result = runner.invoke(app, ["add", str(tmp_path / "nowhere.txt")])
    assert result.exit_code == 2
    assert "nowhere.txt" in result.stderr


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_windows_and_latin1_files_are_read_correctly_and_it_says_so(tmp_path, encoding):
    text = SEED.read_text(encoding="utf-8").replace("\ufffd", "ff")
    if encoding == "latin-1":
        text = text.replace("’", "'")
    path = write(tmp_path, "legacy.txt", text.encode(encoding, errors="strict"))
    result = runner.invoke(app, ["add", str(path)])
    assert result.exit_code == 0, result.output
    assert "Windows-1252" in result.stderr or "Latin-1" in result.stderr
    record = runner.invoke(app, ["show", "40", "--json"]).stdout
    assert "Thrombocytopénie immune" in record and "Méthode" in record


def test_a_utf8_bom_is_ignored(tmp_path):
    path = write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + SEED.read_bytes())
    result = runner.invoke(app, ["add", str(path)])
    assert result.exit_code == 0
    shown = runner.invoke(app, ["show", "40", "--json"]).stdout
    assert "\ufeff" not in shown


def test_no_traceback_unless_debug(tmp_path, monkeypatch):
    path = write(tmp_path, "empty.txt", b"")
    monkeypatch.setenv("MIA_DEBUG", "1")
    result = runner.invoke(app, ["add", str(path)])
    assert result.exit_code != 0


def test_control_characters_in_a_json_record_are_kept_out_of_the_store_with_a_warning(tmp_path, store_with_sample):
    """A JSON a script wrote (or an older store's export) holding ESC, BEL or C1: stored as every
    other importer stores text (base.controls, a sequence ESC starts whole), its words found,
    and the import report names the record and the fields."""
    import json

    record = json.loads(runner.invoke(app, ["show", "40", "--json"]).stdout)
    record.update(id="mia_review_70", title="Essai \x1b[31mROUGE\x1b[0m", keywords=["a\x07b", "c\x9bd"])
    path = write(tmp_path, "script.json", json.dumps([record]))
    result = runner.invoke(app, ["add", str(path)])
    assert result.exit_code == 0, result.output
    assert ("Warning: script.json: record 1 (mia_review_70): control character(s) removed from title and "
            "keywords: they are not text.") in result.stderr
    stored = json.loads(runner.invoke(app, ["show", "70", "--json"]).stdout)
    assert (stored["title"], stored["keywords"]) == ("Essai ROUGE", ["ab", "cd"])
    assert [hit["id"] for hit in json.loads(runner.invoke(app, ["search", "ROUGE", "--json"]).stdout)] == ["mia_review_70"]
    # mia's own export, without any, is read as it is: no word of it
    exported = tmp_path / "export.json"
    assert runner.invoke(app, ["export", "-o", str(exported)]).exit_code == 0
    again = runner.invoke(app, ["add", str(exported)])
    assert again.exit_code == 0 and "control" not in again.stderr
