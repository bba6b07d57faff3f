"""The versions of a review: its history and its current record, found by label and compared.

`history` holds the earlier versions, oldest first, each a whole record (DESIGN.md). Labels are
the compte-rendus' own (`V0`, `V1`…); an edit in mia takes the next one (`next_version`), a
replacement whose label an earlier version has gets a sub-label (`V0.1`: `mia.model.labels`).
Stores written before that may hold two versions of one name: the latest is then the one meant.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, field

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
_NOT_CONTENT = {"id", "version", "version_date", "sections", "article"}


def changed_parts(before: Review, after: Review) -> list[str]:
    """What `after` says differently from `before`: field names, `article <field>`, and
    `section '<heading>'` (changed, added or removed)."""
    old, new = before.content_dict(), after.content_dict()
    parts = [key for key in new if key not in _NOT_CONTENT and old.get(key) != new.get(key)]
    parts += [key for key in old if key not in _NOT_CONTENT and key not in new]
    old_article, new_article = old.get("article") or {}, new.get("article") or {}
    parts += [f"article {key}" for key in sorted(set(old_article) | set(new_article))
              if old_article.get(key) != new_article.get(key)]
    old_sections = {section.heading: section.text for section in before.sections}
    new_sections = {section.heading: section.text for section in after.sections}
    for heading, text in new_sections.items():
        if heading not in old_sections:
            parts.append(f"section '{heading}' added")
        elif old_sections[heading] != text:
            parts.append(f"section '{heading}'")
    parts += [f"section '{heading}' removed" for heading in old_sections if heading not in new_sections]
    return parts


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


def markdown_diff(old: Review, new: Review) -> list[str]:
    """A unified diff of the two versions' Markdown forms (bookkeeping left out)."""
    from mia.importers.markdown import review_to_markdown

    before = review_to_markdown(old, bookkeeping=False).splitlines()
    after = review_to_markdown(new, bookkeeping=False).splitlines()
    return list(
        difflib.unified_diff(
            before,
            after,
            fromfile=f"{old.id} {old.version}",
            tofile=f"{new.id} {new.version}",
            lineterm="",
        )
    )
