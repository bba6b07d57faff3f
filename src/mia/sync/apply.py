"""Writing what a sync received into the store, through the Store's own operations.

Going through `Store` (add_many, update, restore, remove) keeps its lock, atomic files, backups
and change listener: the store the CLI opens (`library.open_store`) updates the search index
for exactly the reviews written. A received review replaces the local one field by field
inside `Store.update`, so the store re-reads it under its lock: if a member changed it while the
sync ran, that change is merged in (three ways, against what the sync read) rather than lost.
`Store.update` stamps `updated` with the time of the write; the sync's fingerprints are taken
after it, so that stamp is not mistaken for an edit.

Each step is re-doable: a sync killed between two of them leaves a readable store, and the next
sync finds what is still to do.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

from mia.base.errors import MiaError
from mia.model.review import Review
from mia.sync.layout import LIVE, TRASH
from mia.sync.merge import content, merge_records
from mia.sync.plan import Target
from mia.sync.state import fingerprint

Checkpoint = Callable[[str], None]


def apply_to_store(
    store, receive: dict[str, Target | None], snapshot: dict[str, Target], checkpoint: Checkpoint
) -> tuple[set[str], list[tuple[str, str]]]:
    """Write `receive` into the store. Returns the ids a member changed meanwhile (merged
    with the received version: still to send) and the (id, problem) of any not written."""
    restores, adds, updates, removes = [], [], [], []
    for review_id, target in receive.items():
        now = snapshot.get(review_id)
        if target is None:
            if now is not None and now[0] == LIVE:
                removes.append(review_id)  # its file was deleted on the remote: to the trash here
            continue
        folder, record = target
        if now is None:
            adds.append(record)
            if folder == TRASH:
                removes.append(review_id)
            continue
        if now[0] == TRASH and folder == LIVE:
            restores.append(review_id)
        if folder == LIVE or now[0] == LIVE:
            updates.append(review_id)
        if folder == TRASH and now[0] == LIVE:
            removes.append(review_id)
    problems: list[tuple[str, str]] = []
    for review_id in restores:
        _guarded(problems, review_id, lambda: store.restore(review_id))
    checkpoint("store-restored")
    if adds:
        outcomes = store.add_many([Review.from_dict(_live(record)) for record in adds])
        for record, outcome in zip(adds, outcomes):
            if isinstance(outcome, Exception):
                problems.append((record["id"], str(outcome)))
    checkpoint("store-added")
    raced: set[str] = set()
    if updates:
        expected = {review_id: _live(snapshot[review_id][1]) for review_id in updates}
        wanted = {review_id: _live(receive[review_id][1]) for review_id in updates}  # type: ignore[index]

        def take(review: Review) -> bool:
            current = review.to_dict()
            target = wanted[review.id]
            if fingerprint(current) != fingerprint(expected[review.id]):
                raced.add(review.id)  # edited while the sync ran: keep that edit too
                target = merge_records(expected[review.id], current, target).record
            if content(current) == content(target) and current.get("history") == target.get("history"):
                return False
            incoming = Review.from_dict(target)
            for item in dataclasses.fields(Review):
                setattr(review, item.name, getattr(incoming, item.name))
            return True

        missing = store.update(updates, take)
        problems.extend((review_id, "it was no longer in the store") for review_id in missing)
    checkpoint("store-updated")
    for review_id in removes:
        _guarded(problems, review_id, lambda: store.remove(review_id))
    return raced, problems


def _live(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key != "removed"}


def _guarded(problems: list, review_id: str, action: Callable[[], Any]) -> None:
    try:
        action()
    except MiaError as error:
        problems.append((review_id, error.message))
