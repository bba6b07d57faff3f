"""What a store remembers about its syncs, in a folder beside it (`reviews.json.sync/`).

    settings.json   the remote's address, the last synced commit (the base of the next
                    three-way merge), a fingerprint of each review as the last sync left it
                    (and, written by an earlier mia, the conflicts its syncs found: the next
                    sync moves them into their reviews, where conflicts now live)
    repo.git/       mia's bare git repository: the remote's commits, fetched
    lock            one sync at a time per store

The fingerprints are what make a sync cheap: a review whose record still has the fingerprint
the last sync noted is, for this sync, exactly what the base commit holds, so it is neither
rendered nor read. Only changed reviews are turned into Markdown. And while the store's
signature (sizes and mtimes of its files) is the one noted then, the store is not read at all.

settings.json is replaced atomically (written beside, fsynced, renamed), so a sync killed at
any moment leaves the previous settings or the new ones.
"""

from __future__ import annotations

import hashlib
import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from mia.base.errors import StoreError
from mia.base.files import atomic_write_bytes
from mia.store.lock import FileLock, LockTimeout

SETTINGS_FORMAT = 1
LOCK_TIMEOUT = 2.0


@dataclass
class SyncState:
    remote: str = ""
    #: The commit the last sync left the store at (None before the first).
    base: str | None = None
    #: review id → "folder:fingerprint" of its record as the last sync left it.
    synced: dict[str, str] = field(default_factory=dict)
    #: review id → what conflicted, noted by an earlier mia (by the merged record's content
    #: fingerprint); moved into the reviews by the next sync (`engine._move_settings_notes`).
    conflicts: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: `Store.signature()` taken just before the fingerprints: while the store still has it,
    #: nothing changed locally and the store need not even be read.
    signature: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": SETTINGS_FORMAT, "remote": self.remote, "base": self.base,
            "synced": self.synced, "conflicts": self.conflicts, "signature": self.signature,
        }


def fingerprint(record: dict[str, Any]) -> str:
    """A short hash of a record's exact content."""
    try:
        import orjson

        payload = orjson.dumps(record, option=orjson.OPT_SORT_KEYS)
    except (ImportError, TypeError):  # orjson refuses integers past 64 bits
        payload = json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha1(payload).hexdigest()


def token(folder: str, record: dict[str, Any]) -> str:
    return f"{folder}:{fingerprint(record)}"


class SyncFolder:
    """The sync folder of one store."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @property
    def settings_path(self) -> Path:
        return self.path / "settings.json"

    @property
    def repo_path(self) -> Path:
        return self.path / "repo.git"

    @property
    def index_path(self) -> Path:
        return self.path / "index.tmp"

    @property
    def scratch_path(self) -> Path:
        return self.path / "blobs.tmp"

    def exists(self) -> bool:
        return self.settings_path.is_file()

    @contextmanager
    def lock(self) -> Iterator[None]:
        self.path.mkdir(parents=True, exist_ok=True)
        lock = FileLock(self.path / "lock", timeout=LOCK_TIMEOUT)
        try:
            lock.acquire()
        except LockTimeout:
            raise StoreError(
                "Another mia sync of this store is running.",
                hint="Wait for it to finish, then run mia sync again.",
            ) from None
        try:
            yield
        finally:
            lock.release()

    def read(self) -> SyncState:
        try:
            data = json.loads(self.settings_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return SyncState()
        except (OSError, ValueError) as error:
            raise StoreError(
                f"The sync settings {self.settings_path} cannot be read ({error}).",
                hint="Delete that file and run `mia sync REMOTE` again: nothing is lost, the next sync compares every review.",
            ) from None
        if not isinstance(data, dict) or data.get("format") != SETTINGS_FORMAT:
            raise StoreError(f"The sync settings {self.settings_path} are not in a format this mia knows.")
        return SyncState(
            remote=str(data.get("remote") or ""),
            base=data.get("base") or None,
            synced=dict(data.get("synced") or {}),
            conflicts=dict(data.get("conflicts") or {}),
            signature=list(data.get("signature") or []),
        )

    def write(self, state: SyncState) -> None:
        payload = json.dumps(state.to_dict(), ensure_ascii=False, indent=0).encode("utf-8")
        atomic_write_bytes(self.settings_path, payload)
