"""What a sync did (or, with --status, would do), for the CLI, for --json and for the commit.

Counts are by review: *sent* compares the remote's files before and after (added, changed,
removed = moved to the trash or deleted), *received* compares the store before and after.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mia.sync.git import Identity
from mia.sync.layout import LIVE
from mia.sync.plan import Conflict, Target

KINDS = ("added", "changed", "removed")


@dataclass
class SyncReport:
    remote: str
    status_only: bool = False
    created_remote: bool = False
    sent: dict[str, list[str]] = field(default_factory=lambda: {kind: [] for kind in KINDS})
    received: dict[str, list[str]] = field(default_factory=lambda: {kind: [] for kind in KINDS})
    conflicts: list[Conflict] = field(default_factory=list)
    #: (id, conflict note) of the reviews received with a conflict another member's sync found.
    arrived: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)
    renumbered: list[tuple[str, str]] = field(default_factory=list)
    #: Reviews new here and on the remote under one id that are the same review: merged as one.
    joined: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    not_written: list[tuple[str, str]] = field(default_factory=list)
    commit: str | None = None
    attempts: int = 1
    #: The store's first sync (no remote remembered yet): it says whose name signs the changes.
    first: bool = False
    #: Whose name the member's changes are signed with (`engine.member_identity`); None: no name set.
    signed_as: Identity | None = None
    #: mia's git repository beside the store: where a name for this store only is set (`how_to_name`).
    repository: str = ""

    @property
    def changed_anything(self) -> bool:
        return any(self.sent.values()) or any(self.received.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "remote": self.remote,
            "status": self.status_only,
            "created_remote": self.created_remote,
            "sent": {kind: len(ids) for kind, ids in self.sent.items()},
            "received": {kind: len(ids) for kind, ids in self.received.items()},
            "sent_ids": self.sent,
            "received_ids": self.received,
            "conflicts": [conflict.to_dict() for conflict in self.conflicts],
            "conflicts_received": [{"id": review_id, **note} for review_id, note in self.arrived],
            "kept": [{"id": review_id, "removed": where} for review_id, where in self.kept],
            "renumbered": [{"from": old, "to": new} for old, new in self.renumbered],
            "joined": list(self.joined),
            "skipped": [{"path": path, "problem": problem} for path, problem in self.skipped],
            "not_written": [{"id": review_id, "problem": problem} for review_id, problem in self.not_written],
            "commit": self.commit,
            "attempts": self.attempts,
            "first_sync": self.first,
            "signed_as": None if self.signed_as is None else {
                "name": self.signed_as.name, "email": self.signed_as.email, "from": self.signed_as.source,
            },
        }


def classify(changes: dict[str, Target | None], before: dict[str, str]) -> dict[str, list[str]]:
    """added / changed / removed ids among `changes` (review id → new place), against the
    folder each review was in before (`before`; absent: nowhere)."""
    kinds: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for review_id, target in sorted(changes.items(), key=lambda item: _number(item[0])):
        was_live = before.get(review_id) == LIVE
        now_live = target is not None and target[0] == LIVE
        if now_live and not was_live:
            kinds["added"].append(review_id)
        elif was_live and not now_live:
            kinds["removed"].append(review_id)
        elif now_live and was_live:
            kinds["changed"].append(review_id)
    return kinds


def commit_message(sent: dict[str, list[str]], titles: dict[str, str], conflicts: list[Conflict], trash_only: int) -> str:
    """`mia sync: 2 added, 1 changed`, then each review by kind, with its title."""
    counts = [f"{len(sent[kind])} {kind}" for kind in KINDS if sent[kind]]
    if trash_only:
        counts.append(f"{trash_only} in the trash")
    lines = [f"mia sync: {', '.join(counts) or 'no review changed'}", ""]
    conflicted = {conflict.review_id: conflict for conflict in conflicts}
    for kind in KINDS:
        if sent[kind]:
            lines.append(f"{kind.capitalize()}:")
            for review_id in sent[kind]:
                note = ""
                if review_id in conflicted:
                    conflict = conflicted[review_id]
                    whose = ", ".join(
                        f"{label} by {name}" for label, name in zip((conflict.earlier, conflict.current), conflict.members) if name
                    )
                    note = f" (conflict: {', '.join(conflict.fields)}; both versions kept{': ' + whose if whose else ''})"
                lines.append(f"- {review_id}: {titles.get(review_id, '')}{note}")
    return "\n".join(lines).rstrip() + "\n"


def _number(review_id: str) -> tuple[int, str]:
    digits = review_id.rsplit("_", 1)[-1]
    return (int(digits) if digits.isdigit() else 1 << 62, review_id)

