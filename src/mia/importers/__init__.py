"""Reading review files: bytes to text, suffix to format, folders to files.

Owns: the formats (`compte_rendu` for the club's PDF text, `pdf`, `markdown`, `json_records`),
the bytes of a file (`source`: size, decoding, binary check, `Parsed`), the repair of PDF text
(`textclean`: wrapped lines, page headers, spaces, lost ligatures, the words of the languages
it weighs candidates by being `mia.lexicon.language_words`). Each format has a reader in `READERS` (suffix → format name and
parse function); `read_path()` does the checks every format shares and dispatches.
Must not import: `mia.cli`, `mia.core`, `mia.store`, `mia.search`, `mia.doi`, `mia.sync`. The
readers return `Parsed` and never write to the store.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mia.base.digests import sha256_hex
from mia.base.errors import ImportFailed
from mia.base.phrases import listed
from mia.model.review import PDF_EXPORT_FOLDER, Review
from mia.evidence.vocabulary import KeyResultsProblem, checked_key_results
from mia.importers.source import (  # noqa: F401  (the readers' API)
    MAX_FILE_BYTES, MAX_REVIEW_TEXT_BYTES, Parsed, check_review_size, decode_bytes, read_capped_bytes, shortened,
)

class Reader:
    """How to read one kind of file: the record's `source.format` and the parse function."""

    __slots__ = ("format", "parse")

    def __init__(self, format: str, parse: Callable[[bytes, str], Parsed]) -> None:  # noqa: A002
        self.format, self.parse = format, parse


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


def read_path(path: Path, max_text_bytes: int = MAX_REVIEW_TEXT_BYTES) -> Parsed:
    """Read one review file, whatever its format, with `source` (name, sha256, format) filled.
    A file larger than the file limit, or than a raised text limit, is refused unread."""
    reader = READERS.get(path.suffix.lower())
    if not path.exists():
        raise ImportFailed(f"{path} does not exist.", path=str(path))
    if path.is_dir():
        raise ImportFailed(f"{path} is a folder, not a review file.", path=str(path))
    if reader is None:
        raise ImportFailed(
            f"{path.name} is not a review file: mia reads {suffix_list()} files.",
            path=str(path),
        )
    data = read_capped_bytes(path, max(MAX_FILE_BYTES, max_text_bytes))
    parsed = reader.parse(data, path.name)
    if not parsed.review.added:  # an export (JSON, or Markdown with its bookkeeping) is kept as it was
        attach_key_results(parsed.review)
    if not parsed.review.added:  # a re-imported export carries its times, and keeps its source
        parsed.review.source = {
            "name": path.name,
            "sha256": sha256_hex(data),
            "format": reader.format,
        }
    return parsed


def attach_key_results(review: Review) -> bool:
    """Extract the trial's key results from the review's text into `review.extra["key_results"]`,
    unless a person has checked them (`checked: true`), which is kept over any extraction.
    Returns whether they changed."""
    kept = review.extra.get("key_results")
    if isinstance(kept, dict) and kept.get("checked"):
        return False
    # Lazy: the extractor compiles its patterns at import (~16 ms), which only imports pay.
    from mia.evidence.extract import extract_key_results

    found = extract_key_results([(s.heading, s.text) for s in review.sections], review.article.title)
    if found == kept:
        return False
    review.extra["key_results"] = found
    return True


def read_all(path: Path, max_text_bytes: int = MAX_REVIEW_TEXT_BYTES) -> list[Parsed]:
    """Every review in one file: all the records of a JSON export, the one review of the others.

    Whatever the format, a DOI that is not valid is not imported as a DOI (`set_aside_invalid_doi`),
    and a review holding more than `max_text_bytes` of text is refused (`check_review_size`).
    """
    if path.suffix.lower() == ".json" and path.is_file():
        from mia.importers.json_records import read_json_file

        every = read_json_file(path)
    else:
        every = [read_path(path, max_text_bytes)]
    for parsed in every:
        check_review_size(parsed, path, max_text_bytes)
        set_aside_invalid_doi(parsed)
        replace_unreadable_key_results(parsed)
    return every


def replace_unreadable_key_results(parsed: Parsed) -> None:
    """Key results carried by a record (an export, a hand-edited JSON) are read by the rule the
    Markdown form reads them by (`mia.evidence.vocabulary.checked_key_results`), and kept in the
    record's shape (every field, in order): the Markdown form that `mia edit` writes then gives
    them back as they were (a missing `secondary`, a number as a label, a field mia does not know
    did not; found by bench/fuzz.py). Key results that rule refuses are extracted again from the
    text, and the import report says so: `mia show`, `mia results` and `mia forest` read them as
    numbers and texts (a `"value": "x"` crashed `mia show`)."""
    review = parsed.review
    if review.extra.get("key_results") is None:
        return
    try:
        review.extra["key_results"] = checked_key_results(review.extra["key_results"])
    except KeyResultsProblem as problem:
        del review.extra["key_results"]
        attach_key_results(review)
        parsed.notes.append(f"its key results were not readable ({shortened(str(problem))}): "
                            "they were extracted again from the text.")


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


def collect_paths(paths: list[Path], others: list[Path] | None = None) -> list[Path]:
    """The review files named by `paths`: files as given, folders walked (sorted, recursively).

    Inside folders only files with an accepted suffix count, and hidden files and folders are
    skipped; the folders' other files (a `.docx`, an image…; not a README) are added to
    `others` when given, from the same walk. A missing path, or a folder without any review
    file, raises ImportFailed.
    """
    collected: dict[Path, None] = {}  # ordered, and a file named twice counts once
    for path in paths:
        if not path.exists():
            raise ImportFailed(f"{path} does not exist.", path=str(path))
        found = _review_files_in(path, others) if path.is_dir() else [path]
        if not found:
            raise ImportFailed(
                f"{path} holds no review file (mia reads {suffix_list()} files).",
                path=str(path),
            )
        collected.update(dict.fromkeys(found))
    return list(collected)


#: Files a folder of reviews may hold that are no one's review: not worth a word.
_FOLDER_FURNITURE = ("readme", "license", "licence", "thumbs.db", "desktop.ini")


def _review_files_in(folder: Path, others: list[Path] | None = None) -> list[Path]:
    """The review files in `folder`, without hidden ones, nor the PDFs an export carries
    for its reviews (in `mia-files/`: they are not reviews of their own); its other files go
    to `others` when given."""
    found = []
    for path in sorted(folder.rglob("*")):
        if (not path.is_file() or path.name.startswith(".")
                or any(part.startswith(".") or part == PDF_EXPORT_FOLDER for part in path.relative_to(folder).parts[:-1])):
            continue
        if path.suffix.lower() in READERS:
            found.append(path)
        elif others is not None and not path.name.lower().startswith(_FOLDER_FURNITURE):
            others.append(path)
    return found


def suffix_list() -> str:
    """The suffixes of the files mia reads, as a sentence says them (".json, .md, .pdf or .txt")."""
    return listed(accepted_suffixes(), "or")
