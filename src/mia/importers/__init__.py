"""Reading review files: bytes to text, suffix to format, folders to files.

Each format has a reader in `READERS` (suffix → format name and parse function); `read_path()`
does the checks every format shares (exists, size, source fingerprint) and dispatches. The
readers return `Parsed` and never write to the store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mia.base.errors import ImportFailed
from mia.base.controls import CONTROL_CHARACTERS
from mia.model.review import Review

#: Larger files are refused before being read: no review is anywhere near this size.
MAX_FILE_BYTES = 20 * 1024 * 1024

#: Share of control characters (other than tab, line ends, form feed) above which bytes are binary.
_MAX_CONTROL_SHARE = 0.05
_BINARY_SAMPLE_CHARS = 65536


@dataclass
class Parsed:
    """A review read from a file, and the import report (what was guessed or repaired). The
    notes do not name the file: whoever reports them does (`mia add`: `FILE: note`)."""

    review: Review
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Reader:
    """How to read one kind of file: the record's `source.format` and the parse function."""

    format: str
    parse: Callable[[bytes, str], Parsed]


def _read_compte_rendu(data: bytes, name: str) -> Parsed:
    from mia.importers.compte_rendu import parse_compte_rendu

    text, decoding_notes = decode_bytes(data, name)
    parsed = parse_compte_rendu(text, source_name=name)
    parsed.notes[:0] = decoding_notes
    return parsed


def _read_markdown(data: bytes, name: str) -> Parsed:
    from mia.importers.markdown import read_markdown

    return read_markdown(data, name)


def _read_pdf(data: bytes, name: str) -> Parsed:
    from mia.importers.pdf import read_pdf

    return read_pdf(data, name)


def _read_json(data: bytes, name: str) -> Parsed:
    from mia.importers.json_records import parse_single_json_review

    return parse_single_json_review(data, name)


#: Suffix (lower case) → reader. Other formats (.md, .json, .pdf) are added here.
READERS: dict[str, Reader] = {
    ".txt": Reader("compte-rendu", _read_compte_rendu),
    ".md": Reader("markdown", _read_markdown),
    ".pdf": Reader("pdf", _read_pdf),
    ".json": Reader("json", _read_json),
}


def accepted_suffixes() -> list[str]:
    return sorted(READERS)


def decode_bytes(data: bytes, name: str) -> tuple[str, list[str]]:
    """The text of a review file and a note when it was not UTF-8.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such; anything else is taken
    for Windows-1252 (what Word on Windows writes), or Latin-1 when a byte is not valid
    Windows-1252. Raises ImportFailed for an empty file and for binary content.
    """
    if not data.strip():
        raise ImportFailed(f"{name} is empty.", path=name)
    text, notes = _decode(data, name)
    if not text.strip(" \t\r\n\f\ufeff\u00a0"):
        raise ImportFailed(f"{name} is empty.", path=name)
    return text, notes


def _decode(data: bytes, name: str) -> tuple[str, list[str]]:
    if data.startswith(b"\xef\xbb\xbf"):
        return _checked_text(data.decode("utf-8-sig", errors="replace"), name), []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked_text(data.decode("utf-16", errors="replace"), name), [
            "not UTF-8: read as UTF-16."
        ]
    if b"\x00" in data:
        raise _binary(name)
    try:
        return _checked_text(data.decode("utf-8"), name), []
    except UnicodeDecodeError:
        pass
    try:
        text, encoding = data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "Latin-1 (ISO-8859-1)"
    if encoding == "Windows-1252" and not any(0x80 <= byte <= 0x9F for byte in data):
        encoding = "Latin-1 (ISO-8859-1)"  # the two agree on every byte this file holds
    return _checked_text(text, name), [f"not UTF-8: read as {encoding}."]


def _checked_text(text: str, name: str) -> str:
    """`text`, unless so many of its characters are control characters that it is binary."""
    sample = text[:_BINARY_SAMPLE_CHARS]
    # CR and form feed are line ends in a text file (normalise_text makes them \n), not binary.
    controls = len(CONTROL_CHARACTERS.findall(sample.replace("\r", "").replace("\f", "")))
    if "\x00" in text or controls > _MAX_CONTROL_SHARE * max(len(sample), 1):
        raise _binary(name)
    return text


def _binary(name: str) -> ImportFailed:
    return ImportFailed(f"{name} is a binary file, not a text review.", path=name)


def read_path(path: Path) -> Parsed:
    """Read one review file, whatever its format, with `source` (name, sha256, format) filled."""
    reader = READERS.get(path.suffix.lower())
    if not path.exists():
        raise ImportFailed(f"{path} does not exist.", path=str(path))
    if path.is_dir():
        raise ImportFailed(f"{path} is a folder, not a review file.", path=str(path))
    if reader is None:
        raise ImportFailed(
            f"{path.name} is not a review file: mia reads {_suffix_list()} files.",
            path=str(path),
        )
    data = read_capped_bytes(path, MAX_FILE_BYTES)
    parsed = reader.parse(data, path.name)
    if not parsed.review.added:  # a re-imported export carries its times, and keeps its source
        parsed.review.source = {
            "name": path.name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "format": reader.format,
        }
    return parsed


def read_capped_bytes(path: Path, limit: int) -> bytes:
    """The bytes of `path`, refused before reading when over `limit` (a review is far smaller)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImportFailed(f"{path} does not exist.", path=str(path)) from None
    if size > limit:
        raise ImportFailed(
            f"{path.name} is too large to import ({size / 1024 / 1024:.1f} MB; "
            f"the limit is {limit / 1024 / 1024:.0f} MB).",
            path=str(path),
        )
    try:
        return path.read_bytes()
    except OSError as error:
        raise ImportFailed(f"{path} cannot be read: {error.strerror or error}.", path=str(path)) from error


def read_all(path: Path) -> list[Parsed]:
    """Every review in one file: all the records of a JSON export, the one review of the others.

    Whatever the format, a DOI that is not valid is not imported as a DOI (`set_aside_invalid_doi`).
    """
    if path.suffix.lower() == ".json" and path.is_file():
        from mia.importers.json_records import read_json_file

        every = read_json_file(path)
    else:
        every = [read_path(path)]
    for parsed in every:
        set_aside_invalid_doi(parsed)
    return every


def set_aside_invalid_doi(parsed: Parsed) -> None:
    """A review whose DOI is not valid is kept, without a DOI: the text is kept as a note on the
    article (`doi_note`, shown by `mia show`), and the import report says so. Stored as a DOI it
    would resolve to the wrong article or to nothing, and be cited as a DOI."""
    review = parsed.review
    written = review.article.set_aside_invalid_doi()
    if written:
        parsed.notes.append(
            f"'{written}' is not a valid DOI (one looks like 10.1056/NEJMoa2100596): {review.id} was imported "
            f"without a DOI, and that text kept as a note. Correct it with `mia edit {review.id}`."
        )


def collect_paths(paths: list[Path]) -> list[Path]:
    """The review files named by `paths`: files as given, folders walked (sorted, recursively).

    Inside folders only files with an accepted suffix count, and hidden files and folders are
    skipped. A missing path, or a folder without any review file, raises ImportFailed.
    """
    collected: dict[Path, None] = {}  # ordered, and a file named twice counts once
    for path in paths:
        if not path.exists():
            raise ImportFailed(f"{path} does not exist.", path=str(path))
        found = _review_files_in(path) if path.is_dir() else [path]
        if not found:
            raise ImportFailed(
                f"{path} holds no review file (mia reads {_suffix_list()} files).",
                path=str(path),
            )
        collected.update(dict.fromkeys(found))
    return list(collected)


def _review_files_in(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and path.suffix.lower() in READERS
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )


def _suffix_list() -> str:
    suffixes = accepted_suffixes()
    if len(suffixes) == 1:
        return suffixes[0]
    return ", ".join(suffixes[:-1]) + " or " + suffixes[-1]
