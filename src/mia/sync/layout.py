"""The files on the remote: one Markdown file per review, and what makes a repository mia's.

    .mia                      {"layout": 1, ...}: says the repository is a mia club's
    reviews/mia_review_40.md  a live review, in mia's lossless Markdown form
    trash/mia_review_12.md    a review in the trash (`mia rm`), same form

One file per review means git stores, sends and shows history per review, and two members'
changes to different reviews never touch the same file. The Markdown form is the one members
read and edit (`mia edit`): front matter, `## sections`, and the bookkeeping block (earlier
versions, times, source) that makes the round trip exact. Other files in the repository (a
README) are left alone.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from mia.base.errors import BadInput, MiaError
from mia.importers.markdown import parse_markdown, review_to_markdown
from mia.model.review import ID_PATTERN, Review

LAYOUT_VERSION = 1
MARKER = ".mia"
LIVE = "reviews"
TRASH = "trash"
FOLDERS = (LIVE, TRASH)
#: Names that may sit at the top of a mia remote besides the folders (a club may add a README).
_HARMLESS_TOP = {MARKER, "README.md", "README", ".gitattributes", ".gitignore"}


@dataclass(frozen=True)
class Place:
    """Where a review is on one side: its folder (LIVE or TRASH) and the blob id of its file."""

    folder: str
    blob: str


def path_of(folder: str, review_id: str) -> str:
    return f"{folder}/{review_id}.md"


def review_id_of(path: str) -> tuple[str, str] | None:
    """(folder, id) for `reviews/mia_review_4.md`; None for any other path."""
    folder, _, name = path.partition("/")
    if folder not in FOLDERS or not name.endswith(".md") or "/" in name:
        return None
    review_id = name[: -len(".md")]
    return (folder, review_id) if ID_PATTERN.match(review_id) else None


def marker_bytes() -> bytes:
    note = "A mia journal club's reviews: reviews/<id>.md (live), trash/<id>.md. Written by `mia sync`."
    return (json.dumps({"layout": LAYOUT_VERSION, "about": note}, indent=1) + "\n").encode()


def check_top(url: str, entries: dict[str, str], marker: bytes | None) -> None:
    """Refuse a remote that is another kind of repository, or a newer mia's layout."""
    if marker is not None:
        try:
            layout = json.loads(marker.decode("utf-8")).get("layout")
        except (ValueError, UnicodeDecodeError, AttributeError):
            layout = None
        if not isinstance(layout, int):
            raise BadInput(f"The remote {url} has a damaged {MARKER} file.", hint="Check the repository's history.")
        if layout > LAYOUT_VERSION:
            raise BadInput(
                f"The remote {url} was written by a newer mia (layout {layout}).",
                hint="Update mia, then run mia sync again.",
            )
        return
    if not entries or set(entries) <= _HARMLESS_TOP:
        return
    if entries.get(LIVE) == "tree" or (entries.get(TRASH) == "tree" and LIVE not in entries):
        return
    shown = ", ".join(sorted(entries)[:5]) + (", …" if len(entries) > 5 else "")
    raise BadInput(
        f"The remote {url} is not a mia club's repository: it holds {shown} and no reviews/ folder.",
        hint="Give mia sync an empty repository (or a path where it may create one) for the club's reviews.",
    )


def blob_id(content: bytes) -> str:
    """The id git gives a file's content (SHA-1 of `blob <size>\\0content`), computed without git."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


def to_markdown(record: dict) -> bytes:
    return review_to_markdown(Review.from_dict(record)).encode("utf-8")


def from_markdown(content: bytes, path: str) -> dict:
    """The record a remote file holds; MiaError saying why it is not a review."""
    place = review_id_of(path)
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise BadInput(f"{path} is not UTF-8 text.") from None
    review = parse_markdown(text, source_name=path).review
    if place is not None and review.id != place[1]:
        raise BadInput(f"{path} holds the review {review.id}, not {place[1]}.")
    return review.to_dict()


def read_record(content: bytes, path: str) -> tuple[dict | None, str]:
    """(record, "") or (None, why it is not a review)."""
    try:
        return from_markdown(content, path), ""
    except MiaError as error:
        return None, error.message
