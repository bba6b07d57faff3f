"""The inter-process lock: exclusive between processes, bounded wait, freed when its holder dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from mia.store.lock import FileLock, LockTimeout

HOLDER = """
import sys, time
from mia.store.lock import FileLock
lock = FileLock(sys.argv[1], timeout=5)
lock.acquire()
print("held", flush=True)
time.sleep(60)
"""


@pytest.fixture
def holder(tmp_path):
    """Another process holding the lock on tmp_path/x.lock until killed."""
    path = tmp_path / "x.lock"
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "held"
    yield path, process
    process.kill()
    process.wait()


def test_a_second_process_waits_then_gives_up(holder):
    path, _ = holder
    started = time.monotonic()
    with pytest.raises(LockTimeout):
        FileLock(path, timeout=0.3).acquire()
    assert time.monotonic() - started >= 0.3


def test_the_lock_of_a_killed_process_is_free_at_once(holder):
    path, process = holder
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with FileLock(path, timeout=2):
        pass  # taken: the kernel released the dead holder's lock; the file stays
    assert path.exists()


def test_release_lets_the_next_writer_in(tmp_path):
    path = tmp_path / "y.lock"
    lock = FileLock(path, timeout=0)
    lock.acquire()
    lock.release()
    lock.release()  # a second release is harmless
    with FileLock(path, timeout=0):
        pass
