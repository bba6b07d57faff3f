"""The inter-process write lock: an exclusive OS lock on a file beside the store.

Why not the filelock package (mia used it first): from version 4 it costs about 16 ms to import
(logging, asyncio-ready machinery), paid by every command that writes, a tenth of the whole
`mia add` of one review. What mia needs is small: one exclusive lock per store, taken with a
timeout and given back at the end of the write. The OS lock (`flock` on POSIX, `msvcrt.locking`
on Windows) is released by the kernel when the holding process dies, even by SIGKILL, so a
killed writer never leaves the store locked; the lock file itself is never deleted (deleting it
would let two writers lock two different files).
"""

from __future__ import annotations

import os
import time

POLL_SECONDS = 0.02


class LockTimeout(Exception):
    """The lock was still held by another process when the timeout ran out."""


class FileLock:
    """`with FileLock(path, timeout):` holds an exclusive lock on `path` (created if need be)."""

    def __init__(self, path: str | os.PathLike, timeout: float) -> None:
        self.path = os.fspath(path)
        self.timeout = timeout
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout
        while True:
            if _try_lock(fd):
                self._fd = fd
                return
            if time.monotonic() >= deadline:
                os.close(fd)
                raise LockTimeout(self.path)
            time.sleep(POLL_SECONDS)

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> "FileLock":
        self.acquire()
        return self

    def __exit__(self, *exc_info) -> None:
        self.release()


def holder_description(owner_path: str | os.PathLike, this_host: str) -> str:
    """Who holds the lock, as the holder wrote it in `owner_path` (`PID HOST COMMAND…`, written
    when it took the lock): ` (process 123 on host, running `mia add …`)`, or "" when unknown.

    The file outlives its writer (it is overwritten by the next holder, never deleted), so a
    process of this host that no longer runs is not named: it does not hold the lock, and
    naming it would send the user after a process that is gone. A process of another host (a
    store on a shared drive) cannot be checked and is named as written."""
    try:
        pid, host, *command = open(owner_path, encoding="utf-8").read().split(" ")
        number = int(pid)
    except (OSError, ValueError, UnicodeDecodeError):
        return ""
    if host == this_host and not process_alive(number):
        return ""
    doing = f", running `mia {' '.join(command)}`" if any(command) else ""
    return f" (process {number} on {host}{doing})"


def process_alive(pid: int) -> bool:
    """Whether a process `pid` runs on this machine (when it cannot be told: yes)."""
    if pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        return True
    try:
        os.kill(pid, 0)  # signal 0: nothing is sent, only whether the process exists
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # it exists, under another user
    return True


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except (BlockingIOError, PermissionError):
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
