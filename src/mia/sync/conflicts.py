"""The conflicts a sync kept as versions, until a member settles them.

A sync that finds the same field edited on both sides keeps both texts as successive versions
and notes the conflict in the merged review itself (`mia.model.review.CONFLICT_FIELD`), which
every member receives with their next sync: `mia conflicts` lists it on every store. The note
goes away when a member accepts the merge as it is (`mia conflicts --accept ID`: the review
without its note, sent by the next sync) or edits the review (a new version carries no note).

Stores of an earlier mia noted conflicts in the sync settings beside the store instead: those
notes are listed and accepted here too, until the next sync moves them into their reviews.
"""

from __future__ import annotations

from typing import Any

from mia.base.errors import NotFound
from mia.model.review import CONFLICT_FIELD, unsettled_conflict
from mia.sync.engine import conflict_settled, settings_note, sync_folder


def unsettled_conflicts(store) -> list[dict[str, Any]]:
    """Each unsettled conflict: id, title, fields, versions (earlier, current), in id order."""
    found: dict[str, dict[str, Any]] = {}
    # A file at a time (orjson: faster than decoding the search index's copies), never the whole
    # store in memory: 100,000 reviews read at once peaked at 1.1 GB.
    for records in store.record_batches():
        for record in records:
            note = unsettled_conflict(record)
            if note is not None:
                found[record["id"]] = {"id": record["id"], "title": record.get("title", ""), **note}
    for review_id, entry in _settings_notes(store).items():
        if review_id not in found:
            found[review_id] = {"id": review_id, "title": store.get_record(review_id).get("title", ""),
                                **settings_note(entry)}
    return sorted(found.values(), key=lambda item: _number(item["id"]))


def accept_conflict(store, review_id: str) -> dict[str, Any]:
    """Settle a conflict by accepting the review as the sync left it: its note is removed (no
    new version; the next sync sends that). NotFound when the review has no unsettled one."""
    accepted: dict[str, Any] = {}
    store.get(review_id)  # an id not in the store: NotFound saying so, not "no conflict"

    def settle(review) -> bool:
        note = unsettled_conflict(review.to_dict())
        if note is None:
            return False
        accepted.update(note)
        del review.extra[CONFLICT_FIELD]
        return True

    store.update([review_id], settle)  # (an id not in the store is simply not changed)
    folder = sync_folder(store)
    if folder.exists():
        with folder.lock():
            state = folder.read()
            entry = state.conflicts.pop(review_id, None)
            if entry is not None:
                folder.write(state)
                if not accepted and not conflict_settled(store, entry):
                    accepted.update(settings_note(entry))
    if not accepted:
        raise NotFound(
            f"{review_id} has no unsettled sync conflict.",
            hint="`mia conflicts` lists the reviews that have one.",
        )
    return {"id": review_id, **accepted}


def _settings_notes(store) -> dict[str, dict[str, Any]]:
    """The unsettled conflicts an earlier mia noted in the sync settings (none once a sync ran)."""
    folder = sync_folder(store)
    if not folder.exists():
        return {}
    return {
        review_id: entry for review_id, entry in folder.read().conflicts.items() if not conflict_settled(store, entry)
    }


def _number(review_id: str) -> int:
    digits = review_id.rsplit("_", 1)[-1]
    return int(digits) if digits.isdigit() else 1 << 62
