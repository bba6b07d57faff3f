"""The store: one TinyDB JSON file, the only truth about the club's reviews.

Why it is built this way:
- Every write goes through `AtomicJSONStorage`: the new content is written to a temporary file
  beside the store, fsynced, then `os.replace`d over it, so a crash (even SIGKILL) leaves the old
  store or the new one, never half a file. Readers therefore need no lock.
- Writers are serialised across processes by a file lock (`filelock`), and each write re-reads
  the store under that lock, so two `mia add` at once both land.
- A store that does not parse, or has a schema this mia does not know, is never overwritten:
  every operation stops with `StoreError` (exit 4) naming the file and the problem.

Layout of the JSON file (TinyDB tables): `_meta` (one document: the schema version),
`reviews` and `trash`, whose document ids are the review numbers (`mia_review_40` → 40).
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator


from mia.errors import BadInput, NotFound, StoreError
from mia.model import Review, review_number
from mia.store_file import (
    META,
    SCHEMA_VERSION,
    AtomicJSONStorage,
    atomic_write_bytes,
    parse_store_bytes,
)

LOCK_TIMEOUT_SECONDS = 10.0
BACKUPS_KEPT = 5
REVIEWS, TRASH = "reviews", "trash"

ChangeListener = Callable[["Store", list[dict], list[str]], None]


def now_iso() -> str:
    """The current UTC time, as the store writes it (`2026-11-28T21:50:53Z`)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def lock_timeout() -> float:
    """Seconds a writer waits for the lock: 10, or `MIA_LOCK_TIMEOUT` (for tests and slow disks)."""
    try:
        return max(0.0, float(os.environ.get("MIA_LOCK_TIMEOUT", LOCK_TIMEOUT_SECONDS)))
    except ValueError:
        return LOCK_TIMEOUT_SECONDS


def default_store_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("mia", appauthor=False)) / "reviews.json"


def resolve_store_path(option: str | os.PathLike | None) -> Path:
    """`--store`, else `MIA_STORE`, else the user data dir."""
    if option:
        return Path(option).expanduser()
    env = os.environ.get("MIA_STORE")
    if env:
        return Path(env).expanduser()
    return default_store_path()


class Store:
    """The reviews, in one JSON file. See the module docstring for the guarantees."""

    def __init__(self, path: Path, on_change: ChangeListener | None = None) -> None:
        self.path = Path(path)
        self.on_change = on_change

    # -- where things are -------------------------------------------------------------
    def derived_path(self, suffix: str) -> Path:
        """A file beside the store for data derived from it (the search index…)."""
        return self.path.with_name(self.path.name + suffix)

    @property
    def lock_path(self) -> Path:
        return self.derived_path(".lock")

    def signature(self) -> tuple[int, int]:
        """(size, mtime_ns) of the store file: changes whenever the store is written."""
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return (0, 0)
        return (stat.st_size, stat.st_mtime_ns)

    # -- reading ----------------------------------------------------------------------
    def _tables(self) -> dict[str, Any]:
        return AtomicJSONStorage(self.path).read() or {}

    def records(self) -> list[dict[str, Any]]:
        """Every live review's record, in id-number order."""
        return _sorted_records(self._tables().get(REVIEWS, {}))

    def trash_records(self) -> list[dict[str, Any]]:
        return _sorted_records(self._tables().get(TRASH, {}))

    def ids(self) -> list[str]:
        return [record["id"] for record in self.records()]

    def get_record(self, review_id: str) -> dict[str, Any]:
        record = self._tables().get(REVIEWS, {}).get(str(review_number(review_id)))
        if record is None or record.get("id") != review_id:
            raise NotFound(
                f"There is no review {review_id} in the store.",
                hint="`mia list` shows the reviews there are.",
            )
        return record

    def get(self, review_id: str) -> Review:
        return Review.from_dict(self.get_record(review_id))

    # -- writing ----------------------------------------------------------------------
    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the inter-process write lock; give up after LOCK_TIMEOUT_SECONDS (exit 4)."""
        from filelock import FileLock, Timeout

        self.path.parent.mkdir(parents=True, exist_ok=True)
        timeout = lock_timeout()
        lock = FileLock(str(self.lock_path), timeout=timeout)
        try:
            lock.acquire()
        except Timeout as error:
            raise StoreError(
                f"The store {self.path} is locked by another mia{self._lock_holder()}, for more than {timeout:g} s.",
                hint="Wait for it to finish and try again.",
            ) from error
        try:
            self._write_lock_holder()
            yield
        finally:
            lock.release()

    @contextmanager
    def _locked_tables(self) -> Iterator[dict[str, Any]]:
        """Hold the write lock and yield the store's tables freshly read (callers `_commit`)."""
        with self.lock():
            self._remove_stale_temporary_files()
            tables = AtomicJSONStorage(self.path).read() or {}
            tables.setdefault(META, {"1": {"schema_version": SCHEMA_VERSION}})
            tables.setdefault(REVIEWS, {})
            tables.setdefault(TRASH, {})
            yield tables

    def _write_lock_holder(self) -> None:
        info = f"{os.getpid()} {socket.gethostname()} {' '.join(sys.argv[1:3])}"
        try:
            self.derived_path(".lock.owner").write_text(info, encoding="utf-8")
        except OSError:
            pass

    def _lock_holder(self) -> str:
        try:
            pid, host, *command = self.derived_path(".lock.owner").read_text(encoding="utf-8").split(" ")
        except (OSError, ValueError):
            return ""
        doing = f", running `mia {' '.join(command)}`" if any(command) else ""
        return f" (process {pid} on {host}{doing})"

    @property
    def backup_dir(self) -> Path:
        return self.derived_path(".backups")

    def backups(self) -> list[Path]:
        """The rolling backups, newest first."""
        if not self.backup_dir.is_dir():
            return []
        return sorted(self.backup_dir.glob("*.json"), reverse=True)

    def _keep_backup(self) -> None:
        """Keep the store as it is now among the last few backups, before it is replaced.

        A hard link costs nothing whatever the store's size: `os.replace` then gives the store
        a new file and the link keeps the old one. Where links are not possible, a copy.
        """
        if not self.path.exists():
            return
        self.backup_dir.mkdir(exist_ok=True)
        target = self.backup_dir / f"{time.time_ns():020d}-{os.getpid()}.json"
        try:
            os.link(self.path, target)
        except OSError:
            shutil.copy2(self.path, target)
        for old in self.backups()[BACKUPS_KEPT:]:
            old.unlink(missing_ok=True)

    def _remove_stale_temporary_files(self) -> None:
        """Temporary files of writers killed mid-write (only writers holding the lock make them)."""
        for leftover in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            leftover.unlink(missing_ok=True)

    def put_back(self, backup: Path) -> Path:
        """Make `backup` the store again; the current file is kept aside, and its path returned."""
        payload = backup.read_bytes()
        parse_store_bytes(payload, backup)
        with self.lock():
            aside = self.derived_path(f".damaged-{time.strftime('%Y%m%d-%H%M%S')}")
            if self.path.exists():
                shutil.copy2(self.path, aside)
            atomic_write_bytes(self.path, payload)
        return aside

    def _commit(self, tables: dict[str, Any], upserted: list[dict], removed: list[str]) -> None:
        self._keep_backup()
        AtomicJSONStorage(self.path).write(tables)
        if self.on_change is not None:
            self.on_change(self, upserted, removed)

    def add_many(self, reviews: list[Review], *, replace: bool = False) -> list[str | Exception]:
        """Add reviews in one write; for each: "added", "unchanged", "replaced" or the error.

        A review whose id exists with other content is refused unless `replace`, which keeps
        the previous version in `history`. An id in the trash is refused too.
        """
        outcomes: list[str | Exception] = []
        upserted: list[dict] = []
        with self._locked_tables() as tables:
            live, trash = tables[REVIEWS], tables[TRASH]
            for review in reviews:
                key = str(review.number)
                try:
                    outcome, record = _merge(review, live.get(key), key in trash, replace)
                except BadInput as error:
                    outcomes.append(error)
                    continue
                outcomes.append(outcome)
                if record is not None:
                    live[key] = record
                    upserted.append(record)
            if upserted:
                self._commit(tables, upserted, [])
        return outcomes

    def add(self, review: Review, *, replace: bool = False) -> str:
        outcome = self.add_many([review], replace=replace)[0]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def update(self, review_ids: list[str], change: Callable[[Review], bool]) -> list[str]:
        """Apply `change` to each live review of `review_ids`, as it is under the write lock.

        `change` edits the review in place and says whether it changed anything; the changed
        reviews are written in one go (no new version). Reading and writing under one lock means
        a concurrent edit is never overwritten by an older copy. Returns the ids not in the store.
        """
        missing: list[str] = []
        with self._locked_tables() as tables:
            records = []
            for review_id in review_ids:
                key = str(review_number(review_id))
                record = tables[REVIEWS].get(key)
                if record is None or record.get("id") != review_id:
                    missing.append(review_id)
                    continue
                review = Review.from_dict(record)
                if change(review):
                    review.updated = now_iso()
                    tables[REVIEWS][key] = review.to_dict()
                    records.append(tables[REVIEWS][key])
            if records:
                self._commit(tables, records, [])
        return missing

    def remove(self, review_id: str) -> None:
        """Move a review to the trash (kept until `purge_trash`)."""
        with self._locked_tables() as tables:
            key = str(review_number(review_id))
            record = tables[REVIEWS].pop(key, None)
            if record is None:
                raise NotFound(f"There is no review {review_id} in the store.", hint="`mia list` shows the reviews there are.")
            record["removed"] = now_iso()
            tables[TRASH][key] = record
            self._commit(tables, [], [review_id])

    def restore(self, review_id: str) -> None:
        with self._locked_tables() as tables:
            key = str(review_number(review_id))
            record = tables[TRASH].get(key)
            if record is None:
                raise NotFound(f"There is no review {review_id} in the trash.", hint="`mia rm --list-trash` shows what the trash holds.")
            if key in tables[REVIEWS]:
                raise BadInput(f"{review_id} exists in the store already; remove it first to restore the trashed one.")
            del tables[TRASH][key]
            record.pop("removed", None)
            tables[REVIEWS][key] = record
            self._commit(tables, [record], [])

    def purge_trash(self) -> int:
        with self._locked_tables() as tables:
            count = len(tables[TRASH])
            if count:
                tables[TRASH] = {}
                self._commit(tables, [], [])
        return count

    def next_free_id(self) -> str:
        tables = self._tables()
        used = [int(k) for table in (REVIEWS, TRASH) for k in tables.get(table, {}) if k.isdigit()]
        return f"mia_review_{max(used, default=0) + 1}"


def _sorted_records(table: dict[str, Any]) -> list[dict[str, Any]]:
    return [table[key] for key in sorted(table, key=lambda k: int(k) if k.isdigit() else 1 << 62)]


def carries_its_own_record(review: Review) -> bool:
    """True for a review that was in a store already: re-imported from an export, or being edited.

    Such a review has its `added` time. Added as new, it keeps its times (an export read back
    into an empty store comes back identical); compared with a stored one, only what it says
    counts, not its `source` fingerprint (which names the file it first came from, not the
    changed text being added now).
    """
    return bool(review.added)


def _merge(review: Review, existing: dict | None, in_trash: bool, replace: bool) -> tuple[str, dict | None]:
    """Decide what adding `review` does to the store: the outcome and the record to write."""
    stamp = now_iso()
    if existing is None:
        if in_trash and not replace:
            raise BadInput(
                f"{review.id} is in the trash.",
                hint=f"Run `mia restore {review.id}` to bring it back, or add with --replace.",
            )
        if carries_its_own_record(review):
            review.updated = review.updated or stamp
        else:
            review.added = review.updated = stamp
        return "added", review.to_dict()
    previous = Review.from_dict(existing)
    if previous.content_dict() == review.content_dict() or (
        not carries_its_own_record(review)
        and review.source.get("sha256")
        and review.source.get("sha256") == previous.source.get("sha256")
    ):
        return "unchanged", None
    if not replace:
        raise BadInput(
            f"{review.id} already exists in the store with other content.",
            hint="Add with --replace to store this one as its new version (the old one is kept in its history).",
        )
    old_record = dict(existing)
    old_record.pop("history", None)
    review.history = list(previous.history) + [old_record]
    review.added = previous.added or stamp
    review.updated = stamp
    if review.article.metadata is None and previous.article.metadata and previous.article.doi.casefold() == review.article.doi.casefold():
        review.article.metadata = previous.article.metadata
    return "replaced", review.to_dict()
