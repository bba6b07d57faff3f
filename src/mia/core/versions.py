"""The versions of a review: its history and its current record, found by label and compared.

`history` holds the earlier versions, oldest first, each a whole record (DESIGN.md). Labels are
the compte-rendus' own (`V0`, `V1`…); an edit in mia takes the next one (`next_version`), a
replacement whose label an earlier version has gets a sub-label (`V0.1`: `mia.model.labels`).
Stores written before that may hold two versions of one name: the latest is then the one meant.
"""

from __future__ import annotations

import difflib

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
