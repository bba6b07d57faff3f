"""The `mia` command: the app and its command modules (each registers its commands).

Owns: parsing what the user typed, calling one core function per command, and printing
(`render` is the only place that lays out text for the terminal; `app` maps every error to its
exit status). May import every other part; no other part may import it (must not be imported).

The command modules do not use `from __future__ import annotations`: typer reads every
parameter's annotation at each start, and string annotations cost it a compile each (~10 ms
on `mia --version`).

The cyclic garbage collector is paused while typer, click and the command modules load, then
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
    from mia.cli import reviews  # noqa: F401  (registers add, list, show, rm, restore, trash)
    from mia.cli import maintenance_commands  # noqa: F401  (doctor)
    from mia.cli import doi_commands  # noqa: F401  (resolve, cite, open)
    from mia.cli import authoring_commands  # noqa: F401  (new, edit, diff, history, export)
    from mia.cli import search_commands  # noqa: F401  (search, reindex, lexicon add/show)
    from mia.cli import evidence_commands  # noqa: F401  (forest, results extract)
    from mia.cli import sync_commands  # noqa: F401  (sync, conflicts)
finally:
    gc.freeze()
    if _collecting:
        gc.enable()


def main() -> None:
    app(prog_name="mia")
