"""The `mia` program ends the quick way (mia.cli.run, finish): exit handlers run, output is
flushed, the exit status is the command's, then `os._exit` (no teardown of the modules); with
another thread still running, or output that cannot be flushed, the normal exit."""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
import threading

import pytest

from mia import cli

PROGRAM = """
import atexit, os, sys, threading
atexit.register(lambda: sys.stdout.write("exit handler ran\\n"))
if sys.argv[1] == "thread":
    def late():
        threading.Event().wait(0.3)
        os.write(1, b"thread ended\\n")
    threading.Thread(target=late).start()
sys.argv = ["mia"] + sys.argv[2:]
from mia.cli import run
run()
"""


def program(tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, MIA_STORE=str(tmp_path / "store.json"), MIA_OFFLINE="1")
    return subprocess.run([sys.executable, "-c", PROGRAM, *args], capture_output=True, text=True, env=env, timeout=60)


@pytest.mark.parametrize(("args", "status"), [(["--version"], 0), (["show", "mia_review_9"], 1), (["search"], 2)])
def test_the_program_ends_with_the_commands_status_output_and_exit_handlers(tmp_path, args, status):
    done = program(tmp_path, "quick", *args)
    assert done.returncode == status, done.stderr
    assert done.stdout.splitlines()[-1] == "exit handler ran"
    assert (done.stdout.splitlines()[0] == "mia 0.1.0") if status == 0 else done.stderr.strip()


def test_with_another_thread_running_the_program_waits_for_it_the_normal_way(tmp_path):
    done = program(tmp_path, "thread", "--version")
    assert done.returncode == 0, done.stderr
    assert sorted(done.stdout.splitlines()) == ["exit handler ran", "mia 0.1.0", "thread ended"]


class Ended(Exception):
    pass


@pytest.fixture
def exits(monkeypatch):
    """What `finish` does, recorded: exit handlers run, then `os._exit(status)` (raising here)."""
    done = []
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: done.append("exit handlers"))

    def quick_exit(status):
        done.append(("os._exit", status))
        raise Ended

    monkeypatch.setattr(os, "_exit", quick_exit)
    return done


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (4, 4)])
def test_finish_runs_the_exit_handlers_then_ends_at_once(exits, code, status):
    with pytest.raises(Ended):
        cli.finish(code)
    assert exits == ["exit handlers", ("os._exit", status)]


def test_a_message_as_exit_status_is_printed_with_status_1(exits, capsys):
    with pytest.raises(Ended):
        cli.finish("the store is locked")
    assert exits[-1] == ("os._exit", 1)
    assert capsys.readouterr().err == "the store is locked\n"


def test_output_that_cannot_be_flushed_ends_the_normal_way(exits, monkeypatch):
    class Closed:
        closed = False

        def flush(self):
            raise BrokenPipeError

    monkeypatch.setattr(sys, "stdout", Closed())
    with pytest.raises(SystemExit) as ended:
        cli.finish(0)
    assert ended.value.code == 0 and exits == ["exit handlers"]


def test_another_thread_running_ends_the_normal_way(exits, monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    with pytest.raises(SystemExit) as ended:
        cli.finish(3)
    assert ended.value.code == 3 and exits == []
