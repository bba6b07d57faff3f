"""The store: TinyDB JSON files, the only truth about the club's reviews.

Why it is built this way:
- Every file is written by `atomic_write_bytes`: the new content is written to a temporary file
  beside the store, fsynced, then `os.replace`d over it, so a crash (even SIGKILL) leaves the old
  store or the new one, never half a file. Readers therefore need no lock.
- Writers are serialised across processes by an OS file lock (`file_lock.py`), and each write re-reads
  the store under that lock, so two `mia add` at once both land.
- A store that does not parse, or has a schema this mia does not know, is never overwritten:
  every operation stops with `StoreError` (exit 4) naming the file and the problem.
- Reviews numbered from 1,000 on live in shard files beside the store file, a thousand to a
  file, so a write rewrites only the files it changes (`store_shards.py` says which is where).

Layout of each JSON file (TinyDB tables): `_meta` (one document: the schema version),
`reviews` and `trash`, whose document ids are the review numbers (`mia_review_40` → 40).
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from mia.base.errors import BadInput, NotFound, StoreError
from mia.base.phrases import shell_word
from mia.model.labels import distinct_label
from mia.model.doi import same_doi
from mia.model.review import CONFLICT_FIELD, Review, review_number
from mia.store.json_file import SCHEMA_VERSION  # noqa: F401  (part of the store's API)
from mia.base.files import atomic_write_bytes
from mia.store.json_file import encode_store, parse_store_bytes
from mia.store.layout import beside, shard_dir, shard_numbers, shard_of, shard_path
from mia.store.layout import signature as store_signature
from mia.store.shards import REVIEWS, TRASH, Workspace, highest_number, iter_files, read_every_table, read_shard
from mia.store.lock import FileLock, LockTimeout, holder_description

LOCK_TIMEOUT_SECONDS = 10.0
BACKUPS_KEPT = 5

ChangeListener = Callable[["Store", list[dict], list[str]], None]


def backup_name(taken_ns: int, pid: int) -> str:
    """The file name of a backup (`Store._keep_backup`): the time it was taken, in nanoseconds,
    first (its names sort oldest first), then the process that took it."""
    return f"{taken_ns:020d}-{pid}.json"


def backup_time(backup: Path) -> datetime:
    """When a backup was made (read from its name: `backup_name`), in local time: the moment the
    file it holds was replaced. Its modification time for a name not of that form."""
    stamp = backup.name.split("-", 1)[0]
    seconds = int(stamp) / 1e9 if stamp.isdigit() else backup.stat().st_mtime
    return datetime.fromtimestamp(seconds)


def now_iso() -> str:
    """The current UTC time, as the store writes it (`2026-11-28T21:50:53Z`)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def lock_timeout() -> float:
    """Seconds a writer waits for the lock: 10, or `MIA_LOCK_TIMEOUT` (for tests and slow disks)."""
    try:
        return max(0.0, float(os.environ.get("MIA_LOCK_TIMEOUT", LOCK_TIMEOUT_SECONDS)))
    except ValueError:
        return LOCK_TIMEOUT_SECONDS


class Store:
    """The reviews, in the store file and its shard files. See the module docstring."""

    def __init__(self, path: Path, on_change: ChangeListener | None = None) -> None:
        self.path = Path(path)
        self.on_change = on_change
        #: The store's signature just before the latest write, for the change listener: the
        #: search index updates itself incrementally only if it matched the store then.
        self.signature_before_write: list[int] | None = None
        #: The ids of the reviews the latest write has put on disk so far (its files are written
        #: one at a time, each whole or not): what a write stopped by Ctrl-C did store.
        self.written_ids: list[str] = []

    # -- where things are -------------------------------------------------------------
    def derived_path(self, suffix: str) -> Path:
        """A file beside the store for data derived from it (the search index…)."""
        return beside(self.path, suffix)

    @property
    def lock_path(self) -> Path:
        return self.derived_path(".lock")

    def signature(self) -> list[int]:
        """Sizes and mtimes of the store's files: changes whenever the store is written."""
        return store_signature(self.path)

    @property
    def shard_dir(self) -> Path:
        return shard_dir(self.path)

    def files(self) -> list[tuple[int, Path]]:
        """(shard, path) of every file of the store that exists or must (the store file first)."""
        return [(0, self.path)] + [(shard, shard_path(self.path, shard)) for shard in shard_numbers(self.path)]

    # -- reading ----------------------------------------------------------------------
    def records(self) -> list[dict[str, Any]]:
        """Every live review's record, in id-number order."""
        return _sorted_records(read_every_table(self.path)[REVIEWS])

    def record_batches(self) -> Iterator[list[dict[str, Any]]]:
        """The live reviews' records one file at a time (each list in id-number order, the files
        in the order of their numbers): what `records()` gives, without holding every review in
        memory at once (a rebuild of the search index at 100,000 reviews peaked at 1.25 GB)."""
        for _, tables in iter_files(self.path):
            yield _sorted_records(tables.get(REVIEWS, {}))

    def trash_records(self) -> list[dict[str, Any]]:
        return _sorted_records(read_every_table(self.path)[TRASH])

    def live_and_trash_records(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """`records()` and `trash_records()` from one reading of the files (a sync needs both:
        at 100,000 reviews each reading takes seconds)."""
        tables = read_every_table(self.path)
        return _sorted_records(tables[REVIEWS]), _sorted_records(tables[TRASH])

    def ids(self) -> list[str]:
        return [record["id"] for record in self.records()]

    def get_record(self, review_id: str) -> dict[str, Any]:
        number = review_number(review_id)
        tables = read_shard(self.path, shard_of(number))
        record = tables.get(REVIEWS, {}).get(str(number))
        if record is None or record.get("id") != review_id:
            trashed = tables.get(TRASH, {}).get(str(number))
            if isinstance(trashed, dict) and trashed.get("id") == review_id:
                raise in_the_trash(review_id, trashed)
            raise NotFound(
                f"There is no review {review_id} in the store.",
                hint="`mia list` shows the reviews there are; `mia trash` those in the trash.",
            )
        return record

    def get(self, review_id: str) -> Review:
        return Review.from_dict(self.get_record(review_id))

    # -- writing ----------------------------------------------------------------------
    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the inter-process write lock; give up after LOCK_TIMEOUT_SECONDS (exit 4)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        timeout = lock_timeout()
        lock = FileLock(self.lock_path, timeout=timeout)
        try:
            lock.acquire()
        except LockTimeout as error:
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
    def _locked_workspace(self) -> Iterator[Workspace]:
        """Hold the write lock and yield the store's files, each read fresh when first needed
        (callers `_commit`)."""
        with self.lock():
            self.written_ids = []
            self._remove_stale_temporary_files()
            yield Workspace(self.path)

    def _write_lock_holder(self) -> None:
        import platform  # (typer has imported it; socket would cost 3 ms more)

        info = f"{os.getpid()} {platform.node()} {' '.join(sys.argv[1:3])}"
        try:
            self.derived_path(".lock.owner").write_text(info, encoding="utf-8")
        except OSError:
            pass

    def _lock_holder(self) -> str:
        import platform


        return holder_description(self.derived_path(".lock.owner"), platform.node())

    @property
    def backup_dir(self) -> Path:
        return self.derived_path(".backups")

    def _shard_backup_dir(self, shard: int) -> Path:
        return self.backup_dir if shard == 0 else self.backup_dir / str(shard)

    def backups(self, shard: int = 0) -> list[Path]:
        """The rolling backups of one file of the store (the store file itself by default), newest first."""
        folder = self._shard_backup_dir(shard)
        if not folder.is_dir():
            return []
        return sorted(folder.glob("*.json"), reverse=True)

    def _keep_backup(self, shard: int) -> None:
        """Keep a file of the store as it is now among its last few backups, before it is replaced.

        A hard link costs nothing whatever the file's size: `os.replace` then gives the store
        a new file and the link keeps the old one. Where links are not possible, a copy.
        """
        path = shard_path(self.path, shard)
        if not path.exists():
            return
        folder = self._shard_backup_dir(shard)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / backup_name(time.time_ns(), os.getpid())
        try:
            os.link(path, target)
        except OSError:
            shutil.copy2(path, target)
        for old in self.backups(shard)[BACKUPS_KEPT:]:
            old.unlink(missing_ok=True)

    def _remove_stale_temporary_files(self) -> None:
        """Temporary files of writers killed mid-write (only writers holding the lock make them)."""
        leftovers = list(self.path.parent.glob(f".{self.path.name}.*.tmp"))
        if self.shard_dir.is_dir():
            leftovers += self.shard_dir.glob(".*.tmp")
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)

    def put_back(self, backup: Path, shard: int = 0) -> Path:
        """Make `backup` the file of `shard` again; the current file is kept aside, and its path returned."""
        payload = backup.read_bytes()
        parse_store_bytes(payload, backup)
        path = shard_path(self.path, shard)
        with self.lock():
            aside = beside(path, f".damaged-{time.strftime('%Y%m%d-%H%M%S')}")
            if path.exists():
                shutil.copy2(path, aside)
            atomic_write_bytes(path, payload)
        return aside

    def _commit(self, workspace: Workspace, upserted: list[dict], removed: list[str]) -> None:
        """Write the files the change touched (each backed up, then replaced atomically), then
        tell the listener."""
        self.signature_before_write = self.signature()
        for shard, tables in workspace.changed_files():
            self._keep_backup(shard)
            atomic_write_bytes(shard_path(self.path, shard), encode_store(tables))
            self.written_ids += [record["id"] for record in upserted if shard_of(review_number(record["id"])) == shard]
        if self.on_change is not None:
            self.on_change(self, upserted, removed)

    def add_many(self, reviews: list[Review], *, replace: bool = False, new_ids: bool = False,
                 reserved: Iterable[int] = (), by_source: bool = False) -> list[str | Exception]:
        """Add reviews in one write; for each: "added", "unchanged", "replaced" or the error.

        Each review stored is updated in place as it was written (times, history, its version
        label when an earlier version had it: `mia.model.labels.distinct_label`, and its id when
        it took a new one).

        A review whose id exists with other content is refused unless `replace`, which keeps
        the previous version in `history`. An id in the trash is refused too (`IdTaken`). With
        `new_ids` (`mia add --new-id`), such a review takes the next free number (above every
        number in use, in `reserved` and among `reviews`) instead. With `by_source`, a review
        that an earlier `--new-id` stored from the same file is "unchanged", with the id it took
        (the store is read whole for it, once, when a review's id is taken).
        """
        outcomes: list[str | Exception] = []
        upserted: list[dict] = []
        copies: dict[str, list[dict]] | None = None
        floor = max([*reserved, *(review.number for review in reviews if review.number < 1 << 62)], default=0)
        with self._locked_workspace() as files:
            for review in reviews:
                number, key = review.number, str(review.number)
                live = files.table(REVIEWS, number)
                try:
                    outcome, record = _merge(review, live.get(key), key in files.table(TRASH, number), replace)
                except IdTaken as error:
                    if by_source and copies is None:
                        copies = _stored_by_source(files)
                    copy = _stored_copy(review, copies) if copies else None
                    if copy is not None:
                        review.id = copy
                        outcomes.append("unchanged")
                        continue
                    if not new_ids:
                        outcomes.append(error)
                        continue
                    review.id = f"mia_review_{max(files.highest_number(), floor) + 1}"
                    number, key = review.number, str(review.number)
                    live = files.table(REVIEWS, number)
                    outcome, record = _merge(review, None, False, replace)
                except BadInput as error:
                    outcomes.append(error)
                    continue
                outcomes.append(outcome)
                if record is not None:
                    live[key] = record
                    files.changed(number)
                    upserted.append(record)
            if upserted:
                self._commit(files, upserted, [])
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
        with self._locked_workspace() as files:
            records = []
            for review_id in review_ids:
                number = review_number(review_id)
                live = files.table(REVIEWS, number)
                record = live.get(str(number))
                if record is None or record.get("id") != review_id:
                    missing.append(review_id)
                    continue
                review = Review.from_dict(record)
                if change(review):
                    review.updated = now_iso()
                    live[str(number)] = review.to_dict()
                    files.changed(number)
                    records.append(live[str(number)])
            if records:
                self._commit(files, records, [])
        return missing

    def remove(self, review_id: str) -> None:
        """Move a review to the trash (kept until `purge_trash`)."""
        with self._locked_workspace() as files:
            number = review_number(review_id)
            record = files.table(REVIEWS, number).pop(str(number), None)
            if record is None:
                raise NotFound(f"There is no review {review_id} in the store.", hint="`mia list` shows the reviews there are.")
            record["removed"] = now_iso()
            files.table(TRASH, number)[str(number)] = record
            files.changed(number)
            self._commit(files, [], [review_id])

    def restore(self, review_id: str) -> None:
        with self._locked_workspace() as files:
            number = review_number(review_id)
            key = str(number)
            trash, live = files.table(TRASH, number), files.table(REVIEWS, number)
            record = trash.get(key)
            if record is None and key in live:
                raise NotFound(f"{review_id} is not in the trash: it is in the store already, so there is nothing to restore.",
                               hint=f"`mia show {review_id}` shows it; `mia trash` lists what the trash holds.")
            if record is None:
                raise NotFound(f"There is no review {review_id} in the trash, nor in the store.",
                               hint="`mia trash` lists what the trash holds; `mia list` the reviews in the store.")
            if key in live:
                raise BadInput(f"{review_id} exists in the store already; remove it first to restore the trashed one.")
            del trash[key]
            record.pop("removed", None)
            live[key] = record
            files.changed(number)
            self._commit(files, [record], [])

    def purge_trash(self) -> int:
        count = 0
        with self._locked_workspace() as files:
            for shard in files.every_shard():
                trash = files.tables(shard)[TRASH]
                if trash:
                    count += len(trash)
                    trash.clear()
                    files.changed_shard(shard)
            if count:
                self._commit(files, [], [])
        return count

    def next_free_id(self) -> str:
        return f"mia_review_{highest_number(self.path) + 1}"


def in_the_trash(review_id: str, record: dict[str, Any]) -> NotFound:
    """The error for a review asked for while it is in the trash: where it is, how to get it back."""
    since = f" (removed {record['removed']})" if record.get("removed") else ""
    return NotFound(
        f"{review_id} is in the trash{since}.",
        hint=f"`mia restore {review_id}` brings it back; `mia trash` lists the trash.",
    )


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


class IdTaken(BadInput):
    """A review whose id another review already has: one in the trash, or a live one with other
    content (another article, another review, or a new version of it). `mia add --new-id`
    stores it under the next free id instead (`Store.add_many(new_ids=True)`). `advice` is the
    hint, `{new_id}` standing for the command adding it so; `advice_for` names the file."""

    def __init__(self, message: str, advice: str) -> None:
        self.advice = advice
        super().__init__(message, hint=advice.format(new_id="mia add --new-id FILE"))

    def advice_for(self, path: str) -> str:
        """The advice, naming the command for the file `path` itself."""
        return self.advice.format(new_id=f"mia add --new-id {shell_word(path)}")

    def for_file(self, path: str) -> str:
        """The message and its advice for the file `path`."""
        return f"{self.message}\n{self.advice_for(path)}"


def _another_article(stored: Review, added: Review) -> str:
    """How `added` names another article than `stored` (their DOIs, else their article titles
    differ), or is another review (their articles cannot be told apart that way, and the
    reviews' titles differ: two templates `mia new` printed before either was added), else "": a review
    given an id that is taken, not a new version of that review."""
    old, new = stored.article, added.article
    if old.doi and new.doi:
        return "" if same_doi(old.doi, new.doi) else f"about another article (DOI {new.doi}, the stored one {old.doi})"
    if old.title and new.title:
        if _same_title(old.title, new.title):
            return ""
        return f"about another article (“{new.title[:60]}”, the stored one “{old.title[:60]}”)"
    if not _same_title(stored.title, added.title):
        return f"another review (“{added.title[:60]}”)"
    return ""


def _same_title(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _described(review: Review) -> str:
    """A stored review as a member knows it: “its title” (added on its day from its file)."""
    added = f" on {review.added[:10]}" if review.added else ""
    source = review.source.get("name") if isinstance(review.source.get("name"), str) else ""
    origin = f" (added{added}{f' from {source}' if source else ''})" if added or source else ""
    return f"“{review.title[:60]}”{origin}"


def _stored_by_source(files: Workspace) -> dict[str, list[dict]]:
    """The live records of every file of the store by the SHA-256 of the file each came from."""
    found: dict[str, list[dict]] = {}
    for shard in files.every_shard():
        for record in files.tables(shard)[REVIEWS].values():
            sha256 = (record.get("source") or {}).get("sha256")
            if isinstance(sha256, str) and sha256:
                found.setdefault(sha256, []).append(record)
    return found


def _stored_copy(review: Review, copies: dict[str, list[dict]]) -> str | None:
    """The id of a stored review that is `review` under another id, read from the same file
    (an earlier `mia add --new-id` of it), else None."""
    sha256 = review.source.get("sha256")
    content = dict(review.content_dict(), id="")
    for record in copies.get(sha256, []) if isinstance(sha256, str) else []:
        if record.get("id") != review.id and dict(Review.from_dict(record).content_dict(), id="") == content:
            return record["id"]
    return None


def _merge(review: Review, existing: dict | None, in_trash: bool, replace: bool) -> tuple[str, dict | None]:
    """Decide what adding `review` does to the store: the outcome and the record to write."""
    stamp = now_iso()
    if existing is None:
        if in_trash and not replace:
            raise IdTaken(
                f"{review.id} is in the trash.",
                f"Run `mia restore {review.id}` to bring it back, or add with --replace; if this is another "
                "review, store it under the next free id with: {new_id}",
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
        other = _another_article(previous, review)
        if other:
            raise IdTaken(
                f"{review.id} already exists in the store as {_described(previous)}, and this one is {other}.",
                "Store this one under the next free id with: {new_id} (--replace would make "
                f"“{previous.title[:60]}” an earlier version of this one, out of the searches).",
            )
        raise IdTaken(
            f"{review.id} already exists in the store with other content.",
            "Add with --replace to store this one as its new version (the old one is kept in its history); "
            "if it is another review of the same article, store it under the next free id with: {new_id}",
        )
    old_record = dict(existing)
    old_record.pop("history", None)
    # A new version is a member's edit: it settles a sync conflict the review carried, and an
    # earlier version carries none (`mia.model.review.CONFLICT_FIELD`).
    old_record.pop(CONFLICT_FIELD, None)
    review.extra.pop(CONFLICT_FIELD, None)
    review.history = list(previous.history) + [old_record]
    # Two versions of one name could not be told apart (diff, history): a re-imported
    # compte-rendu that kept its version line gets the next free sub-label (V0 → V0.1).
    review.version = distinct_label(review.version, (str(record.get("version", "")) for record in review.history))
    review.added = previous.added or stamp
    review.updated = stamp
    if review.article.metadata is None and previous.article.metadata and previous.article.doi.casefold() == review.article.doi.casefold():
        review.article.metadata = previous.article.metadata
    # Key results a person checked outlive a re-import of the text (a new extraction) unless
    # what comes in was checked by a person too.
    kept = previous.extra.get("key_results")
    if isinstance(kept, dict) and kept.get("checked") and not (review.extra.get("key_results") or {}).get("checked"):
        review.extra["key_results"] = kept
    return "replaced", review.to_dict()
