"""Writing a file so that a reader sees the old one or the new one, never a part of either."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from mia.base.errors import BadInput


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Write `payload` to `path` through a temporary file beside it, fsynced, then `os.replace`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        raise
    fsync_directory(path.parent)


def fsync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable (where the system allows opening a folder)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def refuse_to_replace(paths: list[Path], force: bool) -> None:
    """The one rule for files a command writes at the user's request (`-o FILE`, an export
    folder's files): an existing file is replaced only with --force, else BadInput names it."""
    if force:
        return
    existing = [path for path in paths if path.exists()]
    if not existing:
        return

    more = f" (and {len(existing) - 1} more file(s) this would write)" if len(existing) > 1 else ""
    raise BadInput(
        f"{existing[0]} exists already{more}; nothing was written.",
        hint="Choose another name, or add --force to replace it.",
    )
