"""`mia doctor`: check the store's health, and put back the newest good backup of a damaged file.

The checks read the files as bytes and never write them: a damaged store is described, not
"repaired" behind the user's back. Restoring is a separate, confirmed step, file by file: only
the files that are damaged go back to their newest good backup, so the rest keeps its latest
changes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from mia.base.errors import MiaError, StoreError
from mia.model.review import Review, review_number
from mia.store.review_store import REVIEWS, TRASH, Store
from mia.store.json_file import META, parse_store_bytes
from mia.store.layout import shard_of, shard_path
from mia.store.shards import is_one_file


@dataclass
class Finding:
    problem: bool  # True: something is wrong; False: a fact worth saying
    message: str


def check_store(store: Store) -> list[Finding]:
    """Everything worth knowing about the store's health, problems first."""
    if not store.path.exists() and len(store.files()) == 1:
        return [Finding(False, f"There is no store at {store.path} yet; `mia add` creates it.")]
    findings: list[Finding] = []
    seen: Counter[str] = Counter()
    counts = Counter()
    one_file = unreadable = False
    for shard, path in store.files():
        if shard > 0 and one_file:
            break  # a schema 1 store file holds everything; files beside it are not read
        try:
            tables = parse_store_bytes(path.read_bytes(), path) if path.exists() else None
        except StoreError as error:
            findings.append(Finding(True, error.message))
            unreadable = True
            continue
        # An absent store file (a store whose reviews are all numbered from 1,000 on, written
        # by an older mia) holds nothing and says nothing: the shard files are still read.
        one_file = shard == 0 and is_one_file(tables)
        tables = tables or {}
        if path.exists() and not tables.get(META):
            findings.append(Finding(True, f"The store file {path.name} records no schema version."))
        for table in (REVIEWS, TRASH):
            for key, record in tables.get(table, {}).items():
                counts[table] += 1
                findings.extend(_check_record(table, key, record, shard, path, one_file, seen))
    for review_id, count in sorted(seen.items()):
        if count > 1:
            findings.append(Finding(True, f"{review_id} is in the store {count} times (live and in the trash)."))
    if not unreadable:
        from mia.search import check_index

        findings.extend(Finding(True, message) for message in check_index(store))
    backups = sum(len(store.backups(shard)) for shard, _ in store.files())
    files = len(store.files())
    findings.append(Finding(
        False,
        f"{counts[REVIEWS]} review(s) in the store, {counts[TRASH]} in the trash, {backups} backup(s)"
        + (f", in {files} files." if files > 1 else "."),
    ))
    return sorted(findings, key=lambda f: not f.problem)


def _check_record(table, key, record, shard, path, one_file, seen) -> list[Finding]:
    try:
        review = Review.from_dict(record)
    except MiaError as error:
        return [Finding(True, f"Record {key} of '{table}' is not a valid review: {error.message}")]
    seen[review.id] += 1
    number = review_number(review.id)
    if str(number) != key:
        return [Finding(True, f"Record {key} of '{table}' holds {review.id}, whose number is not {key}.")]
    if not one_file and shard_of(number) != shard:
        return [Finding(True, f"{review.id} is in {path.name}, which holds other numbers; it is not found there.")]
    return []


def damaged_files(store: Store) -> list[tuple[int, Path]]:
    """(shard, path) of each file of the store that does not read as a store file."""
    damaged = []
    for shard, path in store.files():
        try:
            if path.exists():
                parse_store_bytes(path.read_bytes(), path)
        except StoreError:
            damaged.append((shard, path))
    return damaged


def newest_good_backup(store: Store, shard: int = 0) -> Path:
    """The most recent backup of one file of the store that parses and whose every record is valid."""
    for backup in store.backups(shard):
        try:
            tables = parse_store_bytes(backup.read_bytes(), backup)
            for table in (REVIEWS, TRASH):
                for record in tables.get(table, {}).values():
                    Review.from_dict(record)
        except (MiaError, OSError):
            continue
        return backup
    raise StoreError(
        f"No good backup of {shard_path(store.path, shard)} was found in {store.backup_dir}.",
        hint="Restore the store from your own copies, or move it away to start a new one.",
    )
