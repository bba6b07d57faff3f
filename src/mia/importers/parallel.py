"""Reading the files of a bulk import on every core.

Reading a review file (decoding, parsing, repairing the PDF text, extracting the key results)
is two thirds of an import (2.6 ms of 4 ms a review at 10,000) and depends on nothing but the
file, so a bulk import hands it to worker processes, one a core, while the importing process
stores and indexes what they give back, in the files' order. A few files are read here:
starting the workers costs more than they save (`MIN_FILES`).

What a worker gives back for a file is what `read_all` gives, or the message of the `MiaError`
it raised (the file is then reported as failed, as when read here). The workers ignore Ctrl-C:
the importing process receives it, stops them and says what was stored. At most `WINDOW` files
are handed over at a time (and the next window before this one is taken back), so that reviews
read but not yet stored stay few.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from mia import importers
from mia.base.errors import MiaError
from mia.importers.source import Parsed

#: Fewer files than this are read in the importing process.
MIN_FILES = 200
#: Files handed to the workers at a time.
WINDOW = 1024
#: Files a worker takes at a time (fewer round trips; small enough to share the work evenly).
CHUNK = 16

Outcome = list[Parsed] | str  # the reviews of a file, or why it could not be read


def worker_count() -> int:
    """`MIA_IMPORT_WORKERS` if set (1: no worker process), else the cores this process may use."""
    value = os.environ.get("MIA_IMPORT_WORKERS", "").strip()
    if value:
        try:
            return max(1, int(value))
        except ValueError:
            pass
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # (not on every platform)
        return max(1, os.cpu_count() or 1)


def read_one(file: Path, max_text_bytes: int) -> Outcome:
    try:
        return importers.read_all(file, max_text_bytes)
    except MiaError as error:
        return str(error)


@contextmanager
def read_files(files: list[Path], max_text_bytes: int) -> Iterator[Iterator[tuple[Path, Outcome]]]:
    """`with read_files(files, limit) as outcomes:` (file, outcome) for each file, in order."""
    workers = worker_count()
    if workers < 2 or len(files) < MIN_FILES:
        yield ((file, read_one(file, max_text_bytes)) for file in files)
        return
    import multiprocessing

    pool = multiprocessing.get_context().Pool(workers, initializer=_ignore_ctrl_c)
    try:
        yield _in_windows(pool, files, max_text_bytes)
    finally:
        pool.terminate()
        pool.join()


def _in_windows(pool, files: list[Path], max_text_bytes: int) -> Iterator[tuple[Path, Outcome]]:
    """The outcomes a window at a time, the next window handed over before this one is taken
    back (the workers never wait for the importing process to come to the end of a window)."""
    read = partial(read_one, max_text_bytes=max_text_bytes)
    windows = [files[start:start + WINDOW] for start in range(0, len(files), WINDOW)]
    coming = pool.imap(read, windows[0], chunksize=CHUNK)
    for index, window in enumerate(windows):
        current = coming
        if index + 1 < len(windows):
            coming = pool.imap(read, windows[index + 1], chunksize=CHUNK)
        yield from zip(window, current)


def _ignore_ctrl_c() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
