"""Work spread over worker processes, one a core, its results taken back in order.

Used where mia does the same pure work on thousands of items: reading the files of a bulk
import (`importers.parallel`), analysing the reviews of an index rebuild
(`search.rebuild_analysis`). The results come back in the items' order, a window of items at a
time (the next window handed over before the current one is taken back, so the workers do not
wait), so that results not yet taken back stay few whatever the number of items. The workers
ignore Ctrl-C: the process that started them receives it, and leaving the `with` block
(normally or not) stops them.

`MIA_WORKERS` sets the number of worker processes (1: none, everything is done in the calling
process); by default one a core this process may use. The workers are started afresh, not
forked, so they hold none of the starting process's files (the store's lock among them); one
whose starting process was killed ends too (tested: a killed import leaves the store unlocked
and no process behind).
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Any


def worker_count() -> int:
    """`MIA_WORKERS` if set to a number (at least 1), else the cores this process may use."""
    value = os.environ.get("MIA_WORKERS", "").strip()
    if value:
        try:
            return max(1, int(value))
        except ValueError:
            pass
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # (not on every platform)
        return max(1, os.cpu_count() or 1)


@contextmanager
def results_in_order(function: Callable[[Any], Any], items: Iterable, *, window: int, chunk: int,
                     initializer: Callable[..., None] | None = None, initargs: tuple = ()) -> Iterator[Iterable]:
    """`with results_in_order(f, items, window=…, chunk=…) as results:` f(item) for each item,
    in order, computed by `worker_count()` processes (`chunk` items a task). `function` and
    `initializer` (run once in each worker with `initargs`) must be importable functions."""
    import multiprocessing

    # Started afresh ("spawn"), not forked: a forked worker would hold a copy of every file the
    # starting process has open, the store's write lock among them (a rebuild can run under it),
    # and keep it locked should that process be killed before its workers end.
    try:
        pool = multiprocessing.get_context("spawn").Pool(worker_count(), initializer=_start_worker,
                                                         initargs=(initializer, initargs))
    except (OSError, ImportError, NotImplementedError):
        pool = None  # no worker processes here (a container without /dev/shm, a process limit)
    if pool is None:  # the same work, in this process
        if initializer is not None:
            initializer(*initargs)
        yield map(function, items)
        return
    try:
        remaining = iter(items)
        coming = _hand_over(pool, function, remaining, window, chunk)  # at once: they start now
        yield _taken_back(pool, function, remaining, coming, window, chunk)
    finally:
        pool.terminate()
        pool.join()


def _hand_over(pool, function, remaining: Iterator, window: int, chunk: int):
    """The next window of items handed to the workers (their results to come), or None."""
    handed = list(islice(remaining, window))
    return pool.imap(function, handed, chunksize=chunk) if handed else None


def _taken_back(pool, function, remaining: Iterator, coming, window: int, chunk: int) -> Iterator:
    """The results a window at a time (items taken from `items` only as needed: it may be a
    generator reading them), the next window handed over before this one is taken back."""
    while coming is not None:
        current = coming
        coming = _hand_over(pool, function, remaining, window, chunk)
        yield from current


def _start_worker(initializer, initargs: tuple) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the starting process's to handle
    if initializer is not None:
        initializer(*initargs)

