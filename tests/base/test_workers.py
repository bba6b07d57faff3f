"""Work on worker processes (base/workers.py): results in the items' order, and the items of
workers that end unexpectedly done in the calling process instead of waited for."""

from __future__ import annotations

import os
import textwrap
import threading

import pytest

from mia.base.workers import results_in_order


@pytest.fixture
def work_module(tmp_path, monkeypatch):
    """An importable module (spawned workers import the function by name) whose function kills
    the worker it runs on at the items given in `MIA_TEST_DIE_AT`, but never the test's process."""
    (tmp_path / "work_for_workers.py").write_text(textwrap.dedent("""
        import os

        def square(item):
            if str(item) in os.environ.get("MIA_TEST_DIE_AT", "").split(",") and os.getpid() != int(os.environ["MIA_TEST_PARENT"]):
                os._exit(9)  # as the system killing a worker for memory
            return item * item
    """))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("MIA_TEST_PARENT", str(os.getpid()))
    monkeypatch.setenv("MIA_WORKERS", "2")
    import work_for_workers

    return work_for_workers


@pytest.mark.parametrize("die_at", ["", "0", "7", "45,93"])
def test_results_come_in_order_even_when_a_worker_is_killed(work_module, monkeypatch, die_at):
    monkeypatch.setenv("MIA_TEST_DIE_AT", die_at)
    items = (n for n in range(100))  # a generator, as an import's files are
    with results_in_order(work_module.square, items, window=16, chunk=3) as results:
        assert within(60, lambda: list(results)) == [n * n for n in range(100)]


def within(seconds: float, work):
    """What `work()` returns, or a failure if it has not returned within `seconds` (waiting
    forever for a dead worker's items is the failure these tests guard against)."""
    outcome = []
    thread = threading.Thread(target=lambda: outcome.append(work()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"no result after {seconds} s: waiting for a dead worker"
    return outcome[0]


def test_an_initializer_runs_once_here_when_no_worker_can_start(work_module, monkeypatch):
    import multiprocessing.context

    def no_semaphore(*args, **kwargs):
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(multiprocessing.context.SpawnContext, "BoundedSemaphore", no_semaphore)
    calls = []
    with results_in_order(work_module.square, range(10), window=4, chunk=2,
                          initializer=calls.append, initargs=("ready",)) as results:
        assert list(results) == [n * n for n in range(10)]
    assert calls == ["ready"]


def test_with_one_worker_everything_is_done_here(monkeypatch):
    """(A lambda cannot reach a worker process: only this process can run it.)"""
    monkeypatch.setenv("MIA_WORKERS", "1")
    calls = []
    with results_in_order(lambda item: (calls.append(item), os.getpid())[1], range(5), window=2, chunk=1) as results:
        assert list(results) == [os.getpid()] * 5
    assert calls == list(range(5))
