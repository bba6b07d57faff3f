"""The conflicts a sync kept as versions, until a member settles them.

A sync that finds the same field edited on both sides keeps both texts as successive versions
and notes the review here (in the sync settings beside the store). The note goes away when a
member accepts the merge as it is (`mia conflicts --accept ID`) or the review changes again
(a member's edit, or another member's edit brought by a later sync).
"""

from __future__ import annotations

from typing import Any

from mia.base.errors import NotFound
from mia.sync.engine import conflict_settled, sync_folder


def unsettled_conflicts(store) -> list[dict[str, Any]]:
    """Each unsettled conflict: id, title, fields, versions (earlier, current), in id order."""
    state = sync_folder(store).read()
    found = []
    for review_id, entry in state.conflicts.items():
        if conflict_settled(store, entry):
            continue
        record = store.get_record(review_id)
        found.append({
            "id": review_id, "title": record.get("title", ""), "fields": list(entry.get("fields") or []),
            "versions": list(entry.get("versions") or []),
        })
    return sorted(found, key=lambda item: _number(item["id"]))


def accept_conflict(store, review_id: str) -> dict[str, Any]:
    """Settle a conflict by accepting the review as the sync left it; NotFound if none is noted."""
    folder = sync_folder(store)
    with folder.lock():
        state = folder.read()
        entry = state.conflicts.pop(review_id, None)
        if entry is None or conflict_settled(store, entry):
            raise NotFound(
                f"{review_id} has no unsettled sync conflict.",
                hint="`mia conflicts` lists the reviews that have one.",
            )
        folder.write(state)
    return entry


def _number(review_id: str) -> int:
    digits = review_id.rsplit("_", 1)[-1]
    return int(digits) if digits.isdigit() else 1 << 62
