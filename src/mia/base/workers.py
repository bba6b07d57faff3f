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
from collections import deque
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
    `initializer` (run once in each worker with `initargs`) must be importable functions.

    Where no worker can start (a container without /dev/shm, a process limit) or the workers
    end unexpectedly (killed by the system for memory, or unable to start this program again,
    as when mia runs from a script read on stdin), the items not yet done are done here: a
    `multiprocessing.Pool` would wait forever for them (it replaces dead workers and loses
    their tasks), which is why this is built on `ProcessPoolExecutor`, which reports them.
    With one worker (`MIA_WORKERS=1`, or one core) everything is done here."""
    here = _Here(function, initializer, initargs)
    executor = _started(initializer, initargs) if worker_count() > 1 else None
    if executor is None:
        yield here.results(items)
        return
    try:
        yield _taken_back(executor, here, iter(items), window, chunk)
    finally:
        executor.shutdown(wait=False, cancel_futures=True)


def _started(initializer, initargs: tuple):
    """A pool of `worker_count()` processes, or None where none can start (a container without
    /dev/shm, a process limit)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Started afresh ("spawn"), not forked: a forked worker would hold a copy of every file the
    # starting process has open, the store's write lock among them (a rebuild can run under it),
    # and keep it locked should that process be killed before its workers end.
    try:
        return ProcessPoolExecutor(worker_count(), mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_start_worker, initargs=(initializer, initargs))
    except (OSError, ImportError, NotImplementedError):
        return None


class _Here:
    """The work done in this process: the initializer run once, before the first item."""

    def __init__(self, function: Callable[[Any], Any], initializer, initargs: tuple) -> None:
        self.function, self.initializer, self.initargs = function, initializer, initargs
        self.ready = False

    def results(self, items: Iterable) -> Iterator:
        if not self.ready:
            if self.initializer is not None:
                self.initializer(*self.initargs)
            self.ready = True
        return map(self.function, items)


def _taken_back(executor, here: _Here, remaining: Iterator, window: int, chunk: int) -> Iterator:
    """The results a window at a time (items taken from `items` only as needed: it may be a
    generator reading them), the next window handed over before this one is taken back. Once
    the workers fail, the items handed over and not yet taken back, then the rest, are done here."""
    from concurrent.futures.process import BrokenProcessPool

    pending: deque = deque()  # items handed over whose results are not yet taken back, in order

    def hand_over():
        """The next window handed to the workers (its results to come), or None."""
        items = list(islice(remaining, window))
        pending.extend(items)
        try:
            return executor.map(here.function, items, chunksize=chunk) if items else None
        except OSError as error:  # a worker could not start
            raise BrokenProcessPool(str(error)) from error

    try:
        coming = hand_over()  # at once: the workers start now
        while coming is not None:
            current, coming = coming, hand_over()
            for result in current:
                pending.popleft()
                yield result
    except BrokenProcessPool:
        yield from here.results(pending)
        yield from here.results(remaining)


def _start_worker(initializer, initargs: tuple) -> None:
    import multiprocessing
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the starting process's to handle
    # A worker waits for tasks as long as its pipe is open, and its siblings hold it open too:
    # it must watch for the end of the starting process itself (killed, it leaves them behind).
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_end_with, args=(parent,), daemon=True).start()
    if initializer is not None:
        initializer(*initargs)


def _end_with(parent) -> None:
    parent.join()  # returns when the starting process has ended
    os._exit(1)

