"""Writing a file so that a reader sees the old one or the new one, never a part of either."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from mia.base.errors import BadInput

#: Flags of a new temporary file: created here or not at all, never through a link.
_NEW_FILE = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def new_temp_file(path: Path) -> tuple[int, str]:
    """A new file beside `path` (`.<name>.<random>.tmp`, readable by its owner only), open for
    writing: (descriptor, name). As `tempfile.mkstemp`, without importing `tempfile` and
    `random` (~1 ms of every command that writes)."""
    for _ in range(100):
        name = os.path.join(path.parent, f".{path.name}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(name, _NEW_FILE, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def through_links(path: Path) -> Path:
    """The file a symbolic link points to, else `path` itself: what a write must replace (a
    replaced link leaves the shared file it named stale)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


@contextmanager
def replacing(path: Path) -> Iterator[tuple[int, str]]:
    """`with replacing(path) as (fd, name):` a new temporary file beside `path` to write (the
    block closes `fd`); when the block ends without error the file replaces `path` at once (a
    reader sees the old file or the new one), else it is removed. A `path` that is a symbolic
    link has the file it points to replaced, the link kept."""
    path = through_links(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = new_temp_file(path)
    try:
        yield fd, temp_name
        os.replace(temp_name, path)
    except BaseException:
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        raise


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Write `payload` to `path` through a temporary file beside it, fsynced, then `os.replace`
    (through a symbolic link: to the file it points to, and its folder fsynced)."""
    path = through_links(path)
    with replacing(path) as (fd, _):
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
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
