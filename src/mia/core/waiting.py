"""The new reviews written and not added yet, whose ids another new review must not take.

Owns: the drafts folder beside the store (`drafts_folder`: the guided entry's and `mia edit`'s
drafts, and `templates.json`, the templates `mia new -o` wrote), the id a review's Markdown file
names (`file_review_id`) and the reviews that wait (`waiting_reviews`). `authoring.new_review_id`
passes over their ids, and so does `mia add --new-id` (`library`), which is why this is a module
of its own: `authoring` imports `library`.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from mia.model.ids import canonical_id, review_number
from mia.store.review_store import Store


def drafts_folder(store: Store) -> Path:
    """The folder beside the store holding the drafts kept and `templates.json`."""
    return store.derived_path(".drafts")


#: The templates `mia new -o FILE` wrote (their paths), in the drafts folder: while one waits to be
#: added, the next template gets another id.
TEMPLATES_FILE = "templates.json"
#: A review file's id line, in its front matter (`id: mia_review_64`), its line ending `\n` or, from
#: an editor on Windows, `\r\n`.
_ID_LINE = re.compile(r"^id:[ \t]*['\"]?([^'\"\r\n]*?)['\"]?[ \t\r]*$", re.MULTILINE)
#: Enough of a file to hold its front matter's id line (a template's is its fourth line).
_HEAD_BYTES = 16_384


@dataclass
class Waiting:
    """A new review written and not added yet: its id, and the file that holds it."""

    review_id: str
    path: Path
    #: "template" (written by `mia new -o`) or "draft" (a guided entry's, kept beside the store).
    kind: str


def file_review_id(path: Path) -> str | None:
    """The id a review's Markdown file names in its front matter's id line (None: no file, no
    front matter, no id line)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD_BYTES).decode("utf-8", "replace").lstrip("\ufeff")
    except OSError:
        return None
    if not head.startswith("---"):
        return None
    front = head.split("\n---", 1)[0]
    found = _ID_LINE.search(front)
    return canonical_id(found.group(1)) if found else None


def waiting_reviews(store: Store, *, leaving: Path | None = None, highest: int | None = None) -> list[Waiting]:
    """The new reviews written and not added yet, whose ids another new review must not take:
    the templates `mia new -o` wrote (`leaving`, one about to be written over, aside) and the
    drafts of the guided entry kept beside the store, each by the id its file names now, when
    above every id of the store (`highest`, when known). A template printed on standard output
    is not known."""
    if highest is None:
        highest = review_number(store.next_free_id()) - 1
    leaving = Path(os.path.abspath(leaving)) if leaving is not None else None
    files = [(Path(name), "template") for name in templates_written(store)]
    folder = drafts_folder(store)
    if folder.is_dir():
        files += [(path, "draft") for path in sorted(folder.glob("*.md"))]
    waiting, seen = [], set()
    for path, kind in files:
        review_id = file_review_id(path) if path != leaving and path not in seen else None
        seen.add(path)
        if review_id is not None and review_number(review_id) > highest:
            waiting.append(Waiting(review_id, path, kind))
    return sorted(waiting, key=lambda found: review_number(found.review_id))


def templates_written(store: Store) -> list[str]:
    """The paths of the templates `mia new -o` wrote and remembered ([] when none, or the record
    cannot be read: it only spares a collision at `mia add`, which says what to type)."""
    try:
        record = json.loads((drafts_folder(store) / TEMPLATES_FILE).read_text(encoding="utf-8"))
        return [name for name in record.get("templates", []) if isinstance(name, str)]
    except (OSError, ValueError, AttributeError):
        return []
