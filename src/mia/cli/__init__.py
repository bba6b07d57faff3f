"""The `mia` command: the app and its command modules (each registers its commands).

Owns: parsing what the user typed, calling one core function per command, and printing
(`render` is the only place that lays out text for the terminal; `app` maps every error to its
exit status). May import every other part; no other part may import it (must not be imported).

The command modules do not use `from __future__ import annotations`: typer reads every
parameter's annotation at each start, and string annotations cost it a compile each (~10 ms
on `mia --version`).

Only `app` is imported here: a command's module is imported when the command is run or
listed (`app.COMMANDS`, `MiaGroup.get_command`), so `mia --version` imports none of them and
`mia search` only `search_commands`.

The cyclic garbage collector is paused while typer, click and a command's module load, then
what they built is frozen (`gc.freeze()`): those ~100,000 objects live until the process ends,
so collecting them during the imports, in later collections and once more at exit is wasted
work, about 12 ms of `mia --version`'s 82 (measured at 10,000 reviews). Garbage made later is
collected as usual.
"""

import gc

_collecting = gc.isenabled()
gc.disable()
try:
    from mia.cli.app import app
finally:
    gc.freeze()
    if _collecting:
        gc.enable()


def main() -> None:
    """Run the command `sys.argv` names; ends with `SystemExit` (its exit status)."""
    app(prog_name="mia")


def run() -> None:
    """The `mia` program: `main()`, then `finish` with its exit status."""
    try:
        main()
    except SystemExit as done:
        finish(done.code)
    finish(0)


def finish(code) -> None:
    """End the process with exit status `code` (as `SystemExit(code)` gives it) the quick way:
    the exit handlers run and the output is flushed as at a normal exit, then `os._exit`, which
    skips tearing down every module and object the command loaded: ~4 ms of a search at 10,000
    reviews, ~1.5 ms of `mia --version` (whole processes, medians of 30). Nothing of mia's
    needs that teardown: the store and the index are written and closed by the command itself.
    Where another thread still runs (its end is waited for at a normal exit), or the output
    cannot be flushed (a closed pipe: Python says so at a normal exit), the normal exit."""
    import atexit
    import os
    import sys
    import threading

    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # (a message: Python prints it and exits with 1)
        status = 1
        sys.stderr.write(f"{code}\n")
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_handlers is None or threading.active_count() > 1:
        sys.exit(status)
    run_exit_handlers()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None and not stream.closed:
                stream.flush()
    except (OSError, ValueError):
        sys.exit(status)
    os._exit(status)
