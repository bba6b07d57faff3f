"""What one sync does to each review that changed on either side (pure: no I/O).

For each such review the engine gives three *places* (folder and file id): the base (the last
synced commit), the local store and the remote. Then:

- the same on both sides, or changed on one side only: that side's version is taken;
- changed on both sides: merged field by field (`merge.py`), conflicts kept as versions;
- removed (trash, or gone) on one side and edited on the other: kept, with the edit, and said;
- new on both sides under one id: the same review (`merge.same_review`: a version of each says
  the same, or was imported from the same file) is merged as one, from the version both have;
  two different reviews are both kept: the remote's keeps the id and the local one takes the
  next free number (the remote was reached first by the other member).

The result is a `Plan`: what to send (review id → folder and record, None to delete the file)
and what to write in the store (the same form).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from mia.model.review import CONFLICT_FIELD
from mia.sync.layout import LIVE, TRASH, Place
from mia.sync.merge import Merged, merge_records, merge_same_review, same_content

Target = tuple[str, dict[str, Any]]  # (folder, record)


@dataclass
class Sides:
    base: Place | None
    local: Place | None
    remote: Place | None


@dataclass
class Conflict:
    review_id: str
    fields: list[str]
    earlier: str  # the version label of the earlier edit, kept in history
    current: str  # the label of the merged current version
    earlier_side: str  # "local" or "remote"
    #: Whose text each version is (earlier, current): the members' names, "" when not known.
    members: list[str] = field(default_factory=lambda: ["", ""])

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.review_id, "fields": self.fields, "versions": [self.earlier, self.current],
                "earlier": self.earlier_side, "members": list(self.members)}


@dataclass
class Plan:
    send: dict[str, Target | None] = field(default_factory=dict)
    receive: dict[str, Target | None] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)  # (id, where it was removed)
    renumbered: list[tuple[str, str]] = field(default_factory=list)  # (local id, new id)
    joined: list[str] = field(default_factory=list)  # new on both sides, the same review: merged as one


def plan_sync(
    sides: dict[str, Sides],
    local: dict[str, Target],
    remote: dict[str, Target],
    read_base: Callable[[str, Place], dict[str, Any] | None],
    taken_numbers: set[int],
) -> Plan:
    """Decide each review of `sides` (those changed on a side); `local`/`remote` hold the
    records of every review present on that side among them."""
    plan = Plan()
    numbers = set(taken_numbers)
    for review_id in sorted(sides, key=_number):
        side = sides[review_id]
        b, l, r = side.base, side.local, side.remote
        if l == r:
            continue
        if l == b:
            plan.receive[review_id] = remote.get(review_id)
        elif r == b:
            plan.send[review_id] = local.get(review_id)
        elif l is None or r is None:
            _one_side_gone(plan, review_id, b, local.get(review_id), remote.get(review_id))
        elif b is None:
            _both_new(plan, review_id, local[review_id], remote[review_id], sides, remote, numbers)
        else:
            _both_changed(plan, review_id, read_base(review_id, b), local[review_id], remote[review_id])
    return plan


def name_conflicts(plan: Plan, local_name: str, remote_name: Callable[[str, list[str]], str]) -> None:
    """Say whose text each version of each conflict is: this member's (`local_name`) and the
    member who wrote the remote's (`remote_name(review id, conflicting fields)`), in the
    conflicts and in the merged records' notes, so every member's `mia conflicts` names them."""
    for conflict in plan.conflicts:
        theirs = remote_name(conflict.review_id, conflict.fields)
        conflict.members = [local_name, theirs] if conflict.earlier_side == "local" else [theirs, local_name]
        if not any(conflict.members):
            continue
        for target in (plan.send.get(conflict.review_id), plan.receive.get(conflict.review_id)):
            note = target[1].get(CONFLICT_FIELD) if target is not None else None
            if isinstance(note, dict) and note.get("versions") == [conflict.earlier, conflict.current]:
                note["members"] = list(conflict.members)


def _one_side_gone(plan: Plan, review_id: str, base: Place | None, local: Target | None, remote: Target | None) -> None:
    """Gone from one side (purged, or its file deleted), changed on the other: keep it."""
    present, where = (local, "remote") if remote is None else (remote, "local")
    if present is None:
        return
    if where == "remote":
        plan.send[review_id] = present
    else:
        plan.receive[review_id] = present
    if base is not None and base.folder == LIVE and present[0] == LIVE:
        plan.kept.append((review_id, "here" if where == "local" else "on the remote"))


def _both_new(plan, review_id, local: Target, remote: Target, sides, remote_records, numbers: set[int]) -> None:
    """Two members each made a review under the same id. The same review is merged as one;
    of two reviews, the remote's keeps the id and the local one takes the next free number,
    unless an interrupted sync already sent it under one."""
    if same_content(_without_id(local[1]), _without_id(remote[1])) and local[0] == remote[0]:
        plan.receive[review_id] = remote
        return
    merged = merge_same_review(local[1], remote[1])
    if merged is not None:
        plan.joined.append(review_id)
        _settle(plan, review_id, local, remote, merged)
        return
    plan.receive[review_id] = remote
    for other_id, other in sides.items():
        if other.base is None and other.remote is not None and other_id != review_id:
            record = remote_records.get(other_id)
            if record and record[0] == local[0] and same_content(_without_id(record[1]), _without_id(local[1])):
                plan.renumbered.append((review_id, other_id))  # received with the rest of the remote
                return
    number = max(numbers, default=0) + 1
    numbers.add(number)
    new_id = f"mia_review_{number}"
    moved = (local[0], _with_id(local[1], new_id))
    plan.send[new_id] = moved
    plan.receive[new_id] = moved
    plan.renumbered.append((review_id, new_id))


def _both_changed(plan: Plan, review_id: str, base: dict | None, local: Target, remote: Target) -> None:
    if local[0] == remote[0] == TRASH and same_content(local[1], remote[1]):
        return  # removed on both sides (at different times): nothing to tell each other
    _settle(plan, review_id, local, remote, merge_records(base or {}, local[1], remote[1]))


def _settle(plan: Plan, review_id: str, local: Target, remote: Target, merged: Merged) -> None:
    """Send and receive the merge of a review changed on both sides, live if either side has it live."""
    record = merged.record
    live = LIVE in (local[0], remote[0])
    if live:
        record = {key: value for key, value in record.items() if key != "removed"}
        if TRASH in (local[0], remote[0]):
            plan.kept.append((review_id, "here" if local[0] == TRASH else "on the remote"))
    result = (LIVE if live else TRASH, record)
    if result != remote:
        plan.send[review_id] = result
    if result != local:
        plan.receive[review_id] = result
    if merged.conflicts:
        plan.conflicts.append(
            Conflict(review_id, merged.conflicts, merged.earlier_label, str(record.get("version", "")), merged.earlier_side)
        )


def _without_id(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key not in ("id", "history", "source")}


def _with_id(record: dict[str, Any], new_id: str) -> dict[str, Any]:
    moved = dict(record, id=new_id)
    moved["history"] = [dict(entry, id=new_id) if "id" in entry else entry for entry in record.get("history") or []]
    return moved


def _number(review_id: str) -> tuple[int, str]:
    digits = review_id.rsplit("_", 1)[-1]
    return (int(digits) if digits.isdigit() else 1 << 62, review_id)
