"""A review file's bytes: read within a size limit, decoded (UTF-8, else Windows-1252/Latin-1),
refused when binary; and `Parsed`, what every format's reader returns."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path

from mia.base.controls import CONTROL_CHARACTERS
from mia.base.phrases import shell_word
from mia.base.errors import BadInput, ImportFailed
from mia.model.review import Review
from mia.base import patterns

#: Larger files are refused before being read: no review is anywhere near this size.
MAX_FILE_BYTES = 20 * 1024 * 1024

#: Share of control characters (other than tab, line ends, form feed) above which bytes are binary.
_MAX_CONTROL_SHARE = 0.05
_BINARY_SAMPLE_CHARS = 65536


class Parsed:
    """A review read from a file, and the import report (what was guessed or repaired). The
    notes do not name the file: whoever reports them does (`mia add`: `FILE: note`).
    (A plain class, as the importers' other records: a dataclass costs ~0.4 ms to create at
    every start of `mia add`.)"""

    __slots__ = ("review", "notes")

    def __init__(self, review: Review, notes: list[str] | None = None) -> None:
        self.review = review
        self.notes = notes if notes is not None else []

    def __repr__(self) -> str:
        return f"Parsed(review={self.review!r}, notes={self.notes!r})"


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


def read_capped_bytes(path: Path, limit: int) -> bytes:
    """The bytes of `path`, refused before reading when over `limit` (a review is far smaller).

    Only a regular file is read: a pipe, a device (a link to /dev/zero named `x.txt`) or a
    socket would never end, or never answer (found by bench/fuzz.py: `mia add` hung)."""
    try:
        status = path.stat()
    except FileNotFoundError:
        raise ImportFailed(f"{path} does not exist.", path=str(path)) from None
    except OSError as error:  # a symlink loop, a name too long…
        raise ImportFailed(f"{path} cannot be read: {error.strerror or error}.", path=str(path)) from None
    if not stat.S_ISREG(status.st_mode):
        raise ImportFailed(
            f"{path.name} is not a regular file (a pipe, a device or a socket), so mia does not read it.",
            path=str(path),
            hint="Copy the review into a file and add that file.",
        )
    size = status.st_size
    if size > limit:
        raise ImportFailed(
            f"{path.name} is too large to import ({size / 1024 / 1024:.1f} MB; "
            f"the limit is {limit / 1024 / 1024:.0f} MB).",
            path=str(path),
        )
    try:
        with path.open("rb") as file:
            data = file.read(limit + 1)  # (a file growing while it is read stops at the limit too)
    except OSError as error:
        raise ImportFailed(f"{path} cannot be read: {error.strerror or error}.", path=str(path)) from error
    if len(data) > limit:
        raise ImportFailed(
            f"{path.name} is too large to import (the limit is {limit / 1024 / 1024:.0f} MB).", path=str(path)
        )
    return data


#: The most text one review may hold (UTF-8 bytes of its titles, keywords, headings and
#: sections) unless the user raises it: the club's compte-rendus hold 2–4 KB of text (the sample's
#: largest, 3.5 KB), so 1 MB is some 300 of them. A far larger "review" is a mistake (a whole
#: thesis, a log file) that would make every search touching it slow; `mia add --max-size` or
#: MIA_MAX_REVIEW_SIZE lets a real one in.
MAX_REVIEW_TEXT_BYTES = 1024 * 1024
REVIEW_SIZE_VARIABLE = "MIA_MAX_REVIEW_SIZE"

_SIZE = patterns.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}


def parse_size(text: str, origin: str) -> int:
    """A size as a user writes it: `2000000`, `500KB`, `5MB`, `1.5 MB`, `2G` (units of 1024).
    `origin` names where it was written (`--max-size`, `MIA_MAX_REVIEW_SIZE`) for the error."""
    found = _SIZE.match(text or "")
    if not found or float(found.group(1)) <= 0:
        raise BadInput(
            f"{origin}{text!r} is not a size.",
            hint="Write it in bytes or with a unit, e.g. 5MB, 500KB or 2000000.",
        )
    return int(float(found.group(1)) * _UNITS[found.group(2).lower()])


def review_size_limit(option: str | None = None, environ: Mapping[str, str] | None = None) -> int:
    """The most text a review may hold: `--max-size`, else MIA_MAX_REVIEW_SIZE, else 1 MB."""
    if option:
        return parse_size(option, "--max-size ")
    raw = (os.environ if environ is None else environ).get(REVIEW_SIZE_VARIABLE, "").strip()
    if raw:
        return parse_size(raw, f"{REVIEW_SIZE_VARIABLE}=")
    return MAX_REVIEW_TEXT_BYTES


def format_size(size: int) -> str:
    """`1 MB`, `4.8 MB`, `512 KB`, `900 bytes`: a size as the messages say it."""
    for unit, name in ((1024 ** 3, "GB"), (1024 ** 2, "MB"), (1024, "KB")):
        if size >= unit:
            value = size / unit
            return f"{value:.0f} {name}" if value == int(value) or value >= 100 else f"{value:.1f} {name}"
    return f"{size} bytes"


def review_text_size(review: Review) -> int:
    """The UTF-8 bytes of what a review says (what the search index and `mia show` work on)."""
    article = review.article
    parts = [review.title or "", article.title or "", *(review.keywords or [])]
    for section in review.sections:
        parts.append(section.heading or "")
        parts.append(section.text or "")
    return sum(len(part.encode("utf-8", "surrogatepass")) for part in parts)


def check_review_size(parsed: Parsed, path: Path, limit: int) -> None:
    """Refuse a review holding more than `limit` bytes of text, saying how to let it in."""
    size = review_text_size(parsed.review)
    if size <= limit:
        return
    name = path.name
    needed = format_size(1024 ** 2 * -(-size // 1024 ** 2))  # the size rounded up to a whole MB
    raise ImportFailed(
        f"{name}: {parsed.review.id} holds {format_size(size)} of text, more than the {format_size(limit)} "
        "a review may hold (a compte-rendu is a few pages, 2–4 KB).",
        path=str(path),
        hint=f"If it really is one review, raise the limit: mia add --max-size {needed.replace(' ', '')} {shell_word(path)}"
        f"  (or set {REVIEW_SIZE_VARIABLE}={needed.replace(' ', '')}).",
    )


def shortened(message: str, head: int = 200, tail: int = 180) -> str:
    """A message quoting a value of any length, shortened to its start and its end around " … "
    when longer than `head + tail` characters: what is wrong and the rule stay readable (a 1 MB
    value quoted whole buried them: bench/fuzz.py's "refused without a clear message")."""
    return message if len(message) <= head + tail + 20 else f"{message[:head]} … {message[-tail:]}"


_SURROGATE = patterns.compile("[\ud800-\udfff]")

#: JSON nested deeper than this is no review (a record is 4 levels deep, its metadata a few more):
#: the store's JSON writer stops at 255 levels, Python's reader at about 1,000 (RecursionError).
MAX_JSON_DEPTH = 64


def load_json(text: str, name: str, what: str = "") -> object:
    """`json.loads(text)`, with ImportFailed for what is not JSON or is nested too deeply.

    `what` names the part of the file the text is (`the bookkeeping block`); the message then says
    where; a JSONDecodeError is re-raised as it is for the caller to place it (line, column)."""
    import json

    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        raise
    except ValueError as error:  # a number of more than 4,300 digits (Python's own limit)
        raise ImportFailed(
            f"{name}: {what or 'its JSON'} holds a number too large to read ({str(error)[:80]}).", path=name
        ) from None
    except RecursionError:
        value = None
        too_deep = True
    else:
        too_deep = nesting_depth(value) > MAX_JSON_DEPTH
    if too_deep:
        raise ImportFailed(
            f"{name}: {what or 'its JSON'} is nested more than {MAX_JSON_DEPTH} levels deep: it is not a review.",
            path=name,
        )
    problem = unstorable(value)
    if problem is not None:
        raise ImportFailed(
            f"{name}: {what or 'its JSON'} holds {problem}, which mia cannot store.",
            path=name,
            hint="Correct that value, then add the file again.",
        )
    return value


def unstorable(value: object) -> str | None:
    """What in a value read from JSON or YAML the store cannot write, or None: a lone surrogate
    (JSON's `\\ud800` escape gives Python text UTF-8 cannot hold) or a whole number beyond 64 bits
    (the store's JSON writer refuses it). Both crashed `mia add` (bench/fuzz.py)."""
    stack, seen = [value], set()
    while stack:
        item = stack.pop()
        if isinstance(item, (dict, list, tuple)):
            if id(item) in seen:  # YAML's aliases share (and may nest) a value: walk it once
                continue
            seen.add(id(item))
        if isinstance(item, str):
            found = _SURROGATE.search(item)
            if found:
                return f"text that is not valid Unicode (a lone surrogate, \\u{ord(found.group()):04x})"
        elif isinstance(item, int) and not isinstance(item, bool):
            if not -(2**63) <= item < 2**64:
                digits = str(item)
                return f"a number too large ({digits[:30]}{'…' if len(digits) > 30 else ''})"
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return None


def nesting_depth(value: object) -> int:
    """How many lists and objects deep `value` goes (without recursion: it may be very deep)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest
