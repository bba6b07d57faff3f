"""Timing one whole process: wall clock, exit code and that process's own peak memory.

The peak memory comes from `/usr/bin/time -f %M` when it is there: Linux carries a process's
peak RSS across fork and exec, so a command started straight from the benchmark (a Python
process of 30-80 MB) would report at least the benchmark's own size; `/usr/bin/time` is a small
C program, so the command inherits only its ~2 MB. Without it, `os.wait4`'s `ru_maxrss` is used,
and small processes are overstated. A timeout kills the child's whole process group.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path


TIME_COMMAND = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


@dataclass
class Run:
    """One process run."""

    seconds: float
    exit_code: int  # -1 when it was killed at the timeout
    peak_rss_mb: float
    timed_out: bool
    stdout: str  # its first `keep_output` characters
    stderr: str  # its last `keep_output` characters
    stdout_lines: int


def run_process(argv: list[str], *, env: dict[str, str], timeout: float, cwd: Path | None = None,
                keep_output: int = 4000) -> Run:
    """Run `argv` to its end (or `timeout` seconds), stdout and stderr to temporary files."""
    import tempfile

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(mode="r", suffix=".rss") as rss_file:
        if TIME_COMMAND:
            argv = [TIME_COMMAND, "-f", "%M", "-o", rss_file.name, *argv]
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env, cwd=cwd,
                                   start_new_session=True)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait for it again
        out.seek(0)
        err.seek(0)
        peak_kib = usage.ru_maxrss  # Linux gives KiB
        if TIME_COMMAND:
            reported = rss_file.read().split()
            peak_kib = int(reported[-1]) if reported and reported[-1].isdigit() else 0
        return Run(
            seconds=seconds,
            exit_code=-1 if killed.is_set() else process.returncode,
            peak_rss_mb=peak_kib / 1024,
            timed_out=killed.is_set(),
            stdout=out.read(keep_output).decode("utf-8", "replace"),
            stderr=_tail(err, keep_output),
            stdout_lines=_count_lines(out),
        )


def _count_lines(file) -> int:
    file.seek(0)
    return sum(chunk.count(b"\n") for chunk in iter(lambda: file.read(1 << 20), b""))


def _tail(file, size: int) -> str:
    file.seek(0, os.SEEK_END)
    length = file.tell()
    file.seek(max(0, length - size))
    return file.read().decode("utf-8", "replace")
