"""`mia doctor`: check the store's health, and put back its newest good backup.

The checks read the file as bytes and never write it: a damaged store is described, not
"repaired" behind the user's back. Restoring is a separate, confirmed step.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from mia.errors import MiaError, StoreError
from mia.model import Review, review_number
from mia.store import REVIEWS, TRASH, Store
from mia.store_file import META, parse_store_bytes


@dataclass
class Finding:
    problem: bool  # True: something is wrong; False: a fact worth saying
    message: str


def check_store(store: Store) -> list[Finding]:
    """Everything worth knowing about the store's health, problems first."""
    if not store.path.exists():
        return [Finding(False, f"There is no store at {store.path} yet; `mia add` creates it.")]
    try:
        tables = parse_store_bytes(store.path.read_bytes(), store.path)
    except StoreError as error:
        return [Finding(True, error.message)]
    findings: list[Finding] = []
    if not tables.get(META):
        findings.append(Finding(True, "The store records no schema version."))
    seen: Counter[str] = Counter()
    for table in (REVIEWS, TRASH):
        for key, record in tables.get(table, {}).items():
            try:
                review = Review.from_dict(record)
            except MiaError as error:
                findings.append(Finding(True, f"Record {key} of '{table}' is not a valid review: {error.message}"))
                continue
            if str(review_number(review.id)) != key:
                findings.append(Finding(True, f"Record {key} of '{table}' holds {review.id}, whose number is not {key}."))
            seen[review.id] += 1
    for review_id, count in sorted(seen.items()):
        if count > 1:
            findings.append(Finding(True, f"{review_id} is in the store {count} times (live and in the trash)."))
    from mia.search import check_index

    findings.extend(Finding(True, message) for message in check_index(store))
    live, trashed = len(tables.get(REVIEWS, {})), len(tables.get(TRASH, {}))
    findings.append(Finding(False, f"{live} review(s) in the store, {trashed} in the trash, {len(store.backups())} backup(s)."))
    return sorted(findings, key=lambda f: not f.problem)


def newest_good_backup(store: Store) -> Path:
    """The most recent backup that parses and whose every record is valid."""
    for backup in store.backups():
        try:
            tables = parse_store_bytes(backup.read_bytes(), backup)
            for table in (REVIEWS, TRASH):
                for record in tables.get(table, {}).values():
                    Review.from_dict(record)
        except (MiaError, OSError):
            continue
        return backup
    raise StoreError(
        f"No good backup of {store.path} was found in {store.backup_dir}.",
        hint="Restore the store from your own copies, or move it away to start a new one.",
    )
