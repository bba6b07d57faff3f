"""The versions of a review: its history and its current record, found by label and compared.

`history` holds the earlier versions, oldest first, each a whole record (DESIGN.md). Labels are
the compte-rendus' own (`V0`, `V1`…); an edit in mia takes the next one (`next_version`), a
replacement whose label an earlier version has gets a sub-label (`V0.1`: `mia.model.labels`).
Stores written before that may hold two versions of one name: the latest is then the one meant.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from mia.base.errors import BadInput, NotFound
from mia.model.labels import next_label
from mia.model.review import Review

def next_version(review: Review) -> str:
    """The label after the review's current one (V0 → V1), never one its history already has."""
    used = [str(record.get("version", "")) for record in review.history] + [review.version]
    return next_label(review.version, used, len(review.history))


def versions(review: Review) -> list[Review]:
    """Every version of the review, oldest first, the current one last."""
    return [Review.from_dict(dict(record, id=record.get("id", review.id))) for record in review.history] + [review]


@dataclass
class VersionEntry:
    """One version of a review as `mia history` tells it."""

    label: str
    version_date: str  # the date the compte-rendu gives its version
    stored: str  # when mia stored this version (its latest write)
    source: str  # the file it came from, or "written in mia"
    authors: list[str]  # who wrote the review, as this version says
    changes: list[str] = field(default_factory=list)  # what differs from the version before
    current: bool = False

    def to_dict(self) -> dict:
        return asdict(self)


def history(review: Review) -> list[VersionEntry]:
    """Every version of the review, oldest first: its label, dates, source, authors, and what
    changed from the one before (fields and sections by name)."""
    entries: list[VersionEntry] = []
    every = versions(review)
    for position, version in enumerate(every):
        entries.append(VersionEntry(
            label=version.version,
            version_date=version.version_date,
            stored=version.updated or version.added,
            source=str(version.source.get("name", "")),
            authors=list(version.authors),
            changes=changed_parts(every[position - 1], version) if position else [],
            current=position == len(every) - 1,
        ))
    return entries


#: Bookkeeping of a version, never "a change" (the label and its date change with every version).
_BOOKKEEPING = {"id", "version", "version_date"}


def _content_parts(review: Review) -> dict[str, Any]:
    """What a version says, part by part, in the order a review reads: its fields (bookkeeping
    left out: `Review.content_dict`, less the label and its date), `article <field>`, then
    `section '<heading>'` (a heading met again: `'<heading>' (2)`)."""
    record = review.content_dict()
    parts: dict[str, Any] = {key: value for key, value in record.items()
                             if key not in _BOOKKEEPING and key not in ("article", "sections")}
    for key, value in (record.get("article") or {}).items():
        if key != "metadata":  # (resolved from the DOI: not what the review says)
            parts[f"article {key}"] = value
    seen: dict[str, int] = {}
    for section in review.sections:
        seen[section.heading] = seen.get(section.heading, 0) + 1
        count = seen[section.heading]
        parts[f"section '{section.heading}'" + (f" ({count})" if count > 1 else "")] = section.text
    return parts


def _compared(before: Review, after: Review) -> list[tuple[str, str, Any, Any]]:
    """(part, "changed" | "added" | "removed", old value, new value) of each part the two
    versions say differently: the new version's parts in order, then those it no longer has."""
    old, new = _content_parts(before), _content_parts(after)
    found = []
    for part, value in new.items():
        if part not in old:
            found.append((part, "added", None, value))
        elif old[part] != value:
            found.append((part, "changed", old[part], value))
    found += [(part, "removed", value, None) for part, value in old.items() if part not in new]
    return found


def changed_parts(before: Review, after: Review) -> list[str]:
    """What `after` says differently from `before`: field names, `article <field>`, and
    `section '<heading>'` (changed, added or removed)."""
    return [part if change == "changed" or not part.startswith("section ") else f"{part} {change}"
            for part, change, _, _ in _compared(before, after)]


def version_labels(review: Review) -> list[str]:
    return [version.version for version in versions(review)]


def find_version(review: Review, label: str) -> Review:
    """The version named `label` (`V0`, `v0` or `0`); the latest of that name if several are.

    Several versions share a name when a changed compte-rendu was re-imported with --replace
    (its own version line did not change).
    """
    wanted = label.strip()
    if wanted.isdigit():
        wanted = f"V{wanted}"
    for version in reversed(versions(review)):
        if version.version.casefold() == wanted.casefold():
            return version
    raise NotFound(
        f"{review.id} has no version {label}.",
        hint=f"Its versions are: {', '.join(version_labels(review))}.",
    )


def versions_to_compare(review: Review, old: str | None, new: str | None) -> tuple[Review, Review]:
    """`mia diff` defaults: the previous version against the current one; one label: it against
    the current one; two: the first against the second."""
    if old is None:
        if not review.history:
            raise BadInput(
                f"{review.id} has only one version ({review.version}): there is nothing to compare.",
                hint=f"`mia edit {review.id}` makes a new version.",
            )
        return versions(review)[-2], review
    return find_version(review, old), (find_version(review, new) if new is not None else review)


#: Words of unchanged text `mia diff` shows on each side of a change.
CONTEXT_WORDS = 6
#: A paragraph break among the words of a text, as `mia diff` shows it.
PARAGRAPH = "¶"
_WORDS = re.compile(r"[^\s]+|\s*\n\s*")

SAME, REMOVED, ADDED = "same", "removed", "added"


@dataclass
class PartChange:
    """One part of a review two versions say differently (`mia diff`): its name (`title`,
    `article doi`, `section 'Discussion'`), whether it was changed, added or removed, both
    texts whole, and the changed words with a few words of context around them: `excerpts`,
    each a list of (SAME | REMOVED | ADDED, text), an elided stretch said by "…" in SAME text."""

    part: str
    change: str
    before: str
    after: str
    excerpts: list[list[tuple[str, str]]]

    def to_dict(self) -> dict[str, Any]:
        return {"part": self.part, "change": self.change, "before": self.before, "after": self.after}


def version_changes(old: Review, new: Review, context: int = CONTEXT_WORDS) -> list[PartChange]:
    """What `new` says differently from `old`, part by part (`_content_parts`: the version label
    and its date left out), with the words changed in each."""
    changes = []
    for part, change, before, after in _compared(old, new):
        for name, kind, before_value, after_value in _entries(part, change, before, after):
            before_text, after_text = _as_text(before_value), _as_text(after_value)
            changes.append(PartChange(name, kind, before_text, after_text, changed_words(before_text, after_text, context)))
    return changes


def _entries(part: str, change: str, before: Any, after: Any) -> list[tuple[str, str, Any, Any]]:
    """A part holding an object (the key results) as its entries that differ, each named
    `<part> <key>` (`key_results n`, `key_results source primary`); any other part as it is."""
    if not (isinstance(before, dict) or isinstance(after, dict)):
        return [(part, change, before, after)]
    old = before if isinstance(before, dict) else {}
    new = after if isinstance(after, dict) else {}
    found = []
    for key in [*new, *(key for key in old if key not in new)]:
        if old.get(key) != new.get(key):
            kind = "added" if key not in old else "removed" if key not in new else "changed"
            found += _entries(f"{part} {key}", kind, old.get(key), new.get(key))
    return found


def _as_text(value: Any) -> str:
    """A part's value as words to compare: text as it is, a list's items apart by "; ", an
    object's entries as `key: value` (key results, for one)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_as_text(item)}" for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return "; ".join(_as_text(item) for item in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _words(text: str) -> list[str]:
    """The words of `text` (split at spaces, punctuation kept with its word), a paragraph break
    one word of its own."""
    return [PARAGRAPH if not token.strip() else token for token in _WORDS.findall(text)]


def changed_words(before: str, after: str, context: int = CONTEXT_WORDS) -> list[list[tuple[str, str]]]:
    """The words `after` changes in `before`, each change with up to `context` unchanged words
    on either side ("…" where the text goes on): a list of excerpts, one per stretch of changes
    close together, each a list of (SAME | REMOVED | ADDED, words). No excerpt when the words
    are the same (a change of spacing only)."""
    old, new = _words(before), _words(after)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    excerpts: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    codes = matcher.get_opcodes()
    for position, (tag, i1, i2, j1, j2) in enumerate(codes):
        if tag != "equal":
            if i2 > i1:
                current.append((REMOVED, " ".join(old[i1:i2])))
            if j2 > j1:
                current.append((ADDED, " ".join(new[j1:j2])))
            continue
        same = old[i1:i2]
        first, last = position == 0, position == len(codes) - 1
        if first and last:
            return []  # nothing but equal words
        if first:
            current.append((SAME, " ".join((["…"] if len(same) > context else []) + same[-context:])))
        elif last:
            current.append((SAME, " ".join(same[:context] + (["…"] if len(same) > context else []))))
        elif len(same) <= 2 * context + 1:
            current.append((SAME, " ".join(same)))
        else:  # far apart: this excerpt ends, the next begins
            current.append((SAME, " ".join(same[:context] + ["…"])))
            excerpts.append(current)
            current = [(SAME, " ".join(["…"] + same[-context:]))]
    if any(kind != SAME for kind, _ in current):
        excerpts.append(current)
    return excerpts


def changes_record(review_id: str, before: Review, after: Review, changes: list[PartChange]) -> dict[str, Any]:
    """`mia diff --json`: the two versions compared and each part changed, both texts whole."""
    return {
        "id": review_id,
        "from": {"version": before.version, "version_date": before.version_date},
        "to": {"version": after.version, "version_date": after.version_date},
        "changes": [change.to_dict() for change in changes],
    }
