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
    app(prog_name="mia")
