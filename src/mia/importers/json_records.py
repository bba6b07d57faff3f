"""Reviews as JSON records: the export file `mia export --format json` writes, and reading it back.

The export is one object, so that a reader can tell it from any other JSON file and a later mia
can change it knowingly:

    {"format": "mia-reviews", "format_version": 1, "exported": "2026-…Z", "mia": "0.1.0",
     "reviews": [<record>, …]}

Each record is exactly what the store keeps (`Review.to_dict()`), history, source and times
included, so a round trip loses nothing. For convenience `mia add` also reads what the other
commands print: an array of records (`mia list --json`) and one record (`mia show ID --json`).

A file is validated whole before anything is stored: one bad record fails the file, and the
message names every bad record by its position and the field at fault. An export is one unit;
storing part of it would leave the user to work out which part.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mia.base import patterns
from mia.base.controls import strip_controls
from mia.base.digests import sha256_hex
from mia.base.errors import BadInput, ImportFailed
from mia.base.phrases import listed
from mia.model.review import Review
from mia import __version__
from mia.importers.source import Parsed, decode_bytes, load_json, read_capped_bytes

EXPORT_FORMAT = "mia-reviews"
EXPORT_FORMAT_VERSION = 1
#: A whole store's export is far larger than one review; this only keeps out absurd files.
MAX_EXPORT_BYTES = 512 * 1024 * 1024
#: What JSON text holding a control character shows of it: escaped (`\u001b`; JSON requires C0
#: escaped), or DEL and the C1 range as they are. Without one, no record is walked for them.
_CONTROL_IN_JSON = patterns.compile(r"\\u00(?:[01][0-9a-fA-F]|7[fF]|[89][0-9a-fA-F])|[\x7f-\x9f]")
#: Problems listed in one error message; the rest are counted.
_PROBLEMS_SHOWN = 10


def export_document(records: list[dict[str, Any]], *, exported: str) -> dict[str, Any]:
    """The export object for `records` (store records, as `Review.to_dict()` gives them)."""
    return {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_FORMAT_VERSION,
        "exported": exported,
        "mia": __version__,
        "reviews": records,
    }


def export_bytes(records: list[dict[str, Any]], *, exported: str) -> bytes:
    """The export file's content: UTF-8 JSON, readable, one key per line."""
    document = export_document(records, exported=exported)
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def read_json_file(path: Path):
    """Every review in a JSON file (export, array or single record), each as `Parsed`."""
    data = read_capped_bytes(path, MAX_EXPORT_BYTES)
    return parse_json_reviews(data, path.name)


def _without_blank_edges(review: Review) -> None:
    """A section's text without the line breaks before and after it: they are no content, and
    its Markdown form (what `mia edit` opens) cannot hold them, so that a review imported with
    them changed when merely opened and saved (found by bench/fuzz.py, seed 21)."""
    for section in review.sections:
        section.text = section.text.strip("\r\n")


def parse_json_reviews(data: bytes, name: str):
    """The reviews in JSON bytes; ImportFailed naming the position and field of each bad record."""
    text, notes = decode_bytes(data, name)
    try:
        document = load_json(text, name)
    except json.JSONDecodeError as error:
        raise ImportFailed(
            f"{name} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}.",
            path=name,
        ) from None
    records = _records_of(document, name)
    problems: list[str] = []
    reviews: list[Review] = []
    controls = _CONTROL_IN_JSON.search(text) is not None
    cleaned: dict[int, str] = {}
    first_position: dict[str, int] = {}
    for position, record in enumerate(records, 1):
        label = _label(position, record)
        if controls and isinstance(record, dict):
            record, fields = _without_controls(record)
            if fields:
                cleaned[len(reviews)] = f"{label}: control character(s) removed from {listed(fields)}: they are not text."
        try:
            review = Review.from_dict(record)
        except BadInput as error:
            problems.append(f"{label}: {error.message}")
            continue
        earlier = first_position.setdefault(review.id, position)
        if earlier != position:
            problems.append(f"{label}: the id {review.id} is also record {earlier}'s.")
            continue
        if not review.source:
            review.source = _own_source(record, name)
        _without_blank_edges(review)
        reviews.append(review)
    if problems:
        shown = problems[:_PROBLEMS_SHOWN]
        more = len(problems) - len(shown)
        listing = "\n".join(f"  {problem}" for problem in shown)
        if more:
            listing += f"\n  … and {more} more."
        raise ImportFailed(
            f"{name}: {len(problems)} of its {len(records)} records cannot be imported, so none was:\n{listing}",
            path=name,
            hint="Fix those records (or remove them) and add the file again.",
        )
    return [Parsed(review, list(notes) + ([cleaned[index]] if index in cleaned else [])) for index, review in enumerate(reviews)]


def _without_controls(record: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """`record` with the control characters of every string removed (base.controls: what every
    importer keeps out of the store, a sequence ESC starts whole), and the fields that held some."""
    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return strip_controls(value)
        if isinstance(value, list):
            return [clean(item) for item in value]
        if isinstance(value, dict):
            return {key: clean(item) for key, item in value.items()}
        return value

    result = {key: clean(value) for key, value in record.items()}
    return result, [key for key in record if result[key] != record[key]]


def parse_single_json_review(data: bytes, name: str):
    """The reader for `read_path()`: a JSON file holding exactly one review."""
    parsed = parse_json_reviews(data, name)
    if len(parsed) != 1:
        raise ImportFailed(
            f"{name} holds {len(parsed)} reviews; read it with `read_all()` (as `mia add` does).",
            path=name,
        )
    return parsed[0]


def _records_of(document: Any, name: str) -> list[Any]:
    if isinstance(document, list):
        records = document
    elif isinstance(document, dict) and "reviews" in document:
        if document.get("format") != EXPORT_FORMAT:
            raise ImportFailed(
                f"{name} is not a mia export (its 'format' is {document.get('format')!r}, not '{EXPORT_FORMAT}').",
                path=name,
            )
        version = document.get("format_version")
        if not isinstance(version, int) or version > EXPORT_FORMAT_VERSION:
            raise ImportFailed(
                f"{name} is a mia export of format version {version!r}; this mia reads version "
                f"{EXPORT_FORMAT_VERSION}.",
                path=name,
                hint="Upgrade mia to import it.",
            )
        records = document["reviews"]
        if not isinstance(records, list):
            raise ImportFailed(f"{name}: 'reviews' must be a list of records.", path=name)
    elif isinstance(document, dict) and "id" in document:
        records = [document]
    else:
        raise ImportFailed(
            f"{name} holds no review: mia reads its own exports (`mia export --format json`), "
            "an array of records (`mia list --json`) or one record (`mia show ID --json`).",
            path=name,
        )
    if not records:
        raise ImportFailed(f"{name} holds no review (its list of records is empty).", path=name)
    return records


def _label(position: int, record: Any) -> str:
    review_id = record.get("id") if isinstance(record, dict) else None
    return f"record {position}" + (f" ({review_id})" if isinstance(review_id, str) and review_id else "")


def _own_source(record: dict[str, Any], name: str) -> dict[str, str]:
    """Where a record without a `source` came from: this file, fingerprinted by its own content
    (one file holds many records, so the file's fingerprint would say nothing about each)."""
    canonical = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return {"name": name, "sha256": sha256_hex(canonical), "format": "json"}
