"""Reading review files: decoding, checks every format shares, dispatch, folders (mia.importers)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import mia.importers as importers
from mia.base.errors import ImportFailed
from mia.importers import collect_paths, decode_bytes, read_path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "reviews" / "mia_review_40.txt"

# --- decoding ---------------------------------------------------------------------------------


def test_utf8_is_read_without_note():
    assert decode_bytes("Résultats’".encode("utf-8"), "a.txt") == ("Résultats’", [])


def test_utf8_bom_is_dropped():
    assert decode_bytes(b"\xef\xbb\xbf" + "Méthode".encode("utf-8"), "a.txt") == ("Méthode", [])


def test_windows_1252_is_recognised_and_reported():
    text, notes = decode_bytes("l’étude".encode("cp1252"), "a.txt")
    assert text == "l’étude"
    assert notes == ["not UTF-8: read as Windows-1252."]


def test_latin_1_is_recognised_and_reported():
    text, notes = decode_bytes("étude à l'hôpital".encode("latin-1"), "a.txt")
    assert text == "étude à l'hôpital"
    assert notes == ["not UTF-8: read as Latin-1 (ISO-8859-1)."]


def test_a_byte_undefined_in_windows_1252_falls_back_to_latin_1():
    text, notes = decode_bytes(b"\xe9tude de la th\xe9rapeutique \x81", "a.txt")
    assert text == "étude de la thérapeutique \x81"
    assert notes == ["not UTF-8: read as Latin-1 (ISO-8859-1)."]


def test_utf16_with_bom_is_read():
    assert decode_bytes("Méthode".encode("utf-16"), "a.txt") == ("Méthode", ["not UTF-8: read as UTF-16."])


@pytest.mark.parametrize("data", [b"", b"  \r\n\t\n", b"\xef\xbb\xbf\n"])
def test_empty_or_blank_content_is_refused(data):
    with pytest.raises(ImportFailed) as failure:
        decode_bytes(data, "vide.txt")
    assert failure.value.message == "vide.txt is empty."


@pytest.mark.parametrize(
    "data", [b"%PDF\x00\x01\x02binary", bytes(range(1, 9)) * 20 + b"some text"]
)
def test_binary_content_is_refused(data):
    with pytest.raises(ImportFailed) as failure:
        decode_bytes(data, "image.txt")
    assert failure.value.message == "image.txt is a binary file, not a text review."


# --- read_path --------------------------------------------------------------------------------


def test_read_path_records_the_source(tmp_path):
    parsed = read_path(SEED)
    assert parsed.review.id == "mia_review_40"
    assert parsed.review.source == {
        "name": "mia_review_40.txt",
        "sha256": hashlib.sha256(SEED.read_bytes()).hexdigest(),
        "format": "compte-rendu",
    }


def test_read_path_reports_the_decoding_first(tmp_path):
    path = tmp_path / "mia_review_40.TXT"
    path.write_bytes(SEED.read_text(encoding="utf-8").replace("\ufffd", "ff").encode("cp1252"))
    parsed = read_path(path)
    assert parsed.notes == ["not UTF-8: read as Windows-1252."]
    assert parsed.review.sections[0].text.startswith("La TPI se caractérise")


def test_missing_file(tmp_path):
    with pytest.raises(ImportFailed) as failure:
        read_path(tmp_path / "absent.txt")
    assert failure.value.message == f"{tmp_path / 'absent.txt'} does not exist."


def test_unknown_suffix_names_the_accepted_ones(tmp_path):
    path = tmp_path / "review.docx"
    path.write_bytes(b"PK")
    with pytest.raises(ImportFailed) as failure:
        read_path(path)
    assert failure.value.message == "review.docx is not a review file: mia reads .json, .md, .pdf or .txt files."


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(ImportFailed) as failure:
        read_path(tmp_path)
    assert failure.value.message == f"{tmp_path} is a folder, not a review file."


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: nothing is written but the size
        handle.truncate(25 * 1024 * 1024)
    with pytest.raises(ImportFailed) as failure:
        read_path(path)
    assert failure.value.message == "huge.txt is too large to import (25.0 MB; the limit is 20 MB)."


def test_the_size_limit_is_the_module_constant(tmp_path, monkeypatch):
    monkeypatch.setattr(importers, "MAX_FILE_BYTES", 1024 * 1024)
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * (1024 * 1024 + 1))
    with pytest.raises(ImportFailed, match="big.txt is too large to import"):
        read_path(path)


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(ImportFailed) as failure:
        read_path(path)
    assert failure.value.message == "empty.txt is empty."


# --- collect_paths ----------------------------------------------------------------------------


def test_folders_are_walked_sorted_recursively_skipping_hidden_and_other_files(tmp_path):
    for name in ["b.txt", "a.txt", "sub/c.TXT", "notes.docx", ".hidden.txt", ".git/d.txt"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    assert collect_paths([tmp_path]) == [tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "sub" / "c.TXT"]


def test_files_are_kept_as_given_once(tmp_path):
    review = tmp_path / "r.txt"
    other = tmp_path / "r.docx"
    review.write_text("x", encoding="utf-8")
    other.write_text("x", encoding="utf-8")
    assert collect_paths([other, review, review]) == [other, review]


def test_a_missing_path_is_refused(tmp_path):
    with pytest.raises(ImportFailed) as failure:
        collect_paths([tmp_path / "absent"])
    assert failure.value.message == f"{tmp_path / 'absent'} does not exist."


def test_a_folder_without_review_file_is_refused(tmp_path):
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    with pytest.raises(ImportFailed) as failure:
        collect_paths([tmp_path])
    assert failure.value.message == f"{tmp_path} holds no review file (mia reads .json, .md, .pdf or .txt files)."


def test_the_bundled_folder_holds_the_seed():
    assert SEED in collect_paths([SEED.parent])


def test_a_file_named_twice_or_also_inside_a_named_folder_counts_once(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b.txt").write_text("x", encoding="utf-8")
    named = [tmp_path / "b.txt", tmp_path, tmp_path / "b.txt"]
    assert collect_paths(named) == [tmp_path / "b.txt", tmp_path / "a.txt"]
