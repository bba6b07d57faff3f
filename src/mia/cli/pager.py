"""The pager: long output for reading (`show`, `diff`, `history`, a long `list`) goes through
one on a terminal, as git does. This module is the one place that decides.

The command is `MIA_PAGER`, else `PAGER`, else `less -FRX` (-F: quit at once when the text fits
on one screen, -R: keep our colours, -X: leave the text on the screen after quitting); one set
to nothing or to `cat` means no pager. There is none on a pipe, with `--json`, with
`mia --no-pager …`, or when the pager's program cannot be found (the text is then written as
usual). While the pager runs, the command writes into it through a stream that answers
`isatty()` as stdout did, so widths and colours are decided as for the terminal itself.
"""

import io
import os
import sys
from contextlib import contextmanager
from typing import Iterator, Mapping, Optional

DEFAULT_PAGER = "less -FRX"


def stdout_is_terminal() -> bool:
    """Whether stdout is a terminal (tests inject the answer)."""
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def pager_command(environ: Optional[Mapping[str, str]] = None) -> Optional[str]:
    """The pager to run: MIA_PAGER, else PAGER, else `less -FRX`; None when set to nothing or `cat`."""
    environ = os.environ if environ is None else environ
    for name in ("MIA_PAGER", "PAGER"):
        if name in environ:
            command = environ[name].strip()
            return None if command in ("", "cat") else command
    return DEFAULT_PAGER


def paging_wanted(no_pager: bool, *, as_json: bool = False, lines: Optional[int] = None) -> bool:
    """Whether a command's output goes through the pager: on a terminal, without --json or
    --no-pager, and, for a command that gives its line count (`mia list`), only when the lines
    do not fit on the screen."""
    if no_pager or as_json or not stdout_is_terminal() or pager_command() is None:
        return False
    if lines is not None:
        import shutil

        return lines >= shutil.get_terminal_size().lines
    return True


class _PagerStream(io.TextIOWrapper):
    """The pager's input, seen by the command as its stdout: a terminal, as stdout was."""

    def isatty(self) -> bool:
        return True


@contextmanager
def paged(wanted: bool) -> Iterator[None]:
    """While inside, sys.stdout writes into the pager (when `wanted`, see `paging_wanted`);
    at the end, wait for the reader to quit it. Quitting early is not an error."""
    process = _start_pager() if wanted else None
    if process is None:
        yield
        return
    saved = sys.stdout
    stream = _PagerStream(process.stdin, encoding="utf-8", errors="replace", write_through=False)
    sys.stdout = stream
    try:
        yield
        stream.flush()
    except BrokenPipeError:
        pass  # the reader quit the pager before the end: nothing more to show
    finally:
        sys.stdout = saved
        try:
            stream.close()
        except (BrokenPipeError, OSError):
            pass
        _wait(process)


def _start_pager():
    import shlex
    import shutil
    import subprocess

    command = pager_command()
    try:
        program = shlex.split(command)[0] if command else ""
    except ValueError:
        return None
    if not program or shutil.which(program) is None:
        return None
    environ = dict(os.environ)
    environ.setdefault("LESS", "FRX")  # as git does: `PAGER=less` keeps the colours too
    environ.setdefault("LV", "-c")
    sys.stdout.flush()
    try:
        return subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=environ)
    except OSError:
        return None


def _wait(process) -> None:
    """Wait for the pager to end; Ctrl-C is the pager's business (less uses it), not ours."""
    while True:
        try:
            process.wait()
            return
        except KeyboardInterrupt:
            continue
