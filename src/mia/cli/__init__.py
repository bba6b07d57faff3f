"""The `mia` command: the app and its command modules (each registers its commands).

The command modules do not use `from __future__ import annotations`: typer reads every
parameter's annotation at each start, and string annotations cost it a compile each (~10 ms
on `mia --version`).
"""

from mia.cli.app import app
from mia.cli import reviews  # noqa: F401  (registers add, list, show, rm, restore)
from mia.cli import maintenance_commands  # noqa: F401  (doctor)
from mia.cli import doi_commands  # noqa: F401  (resolve, cite, open)
from mia.cli import authoring_commands  # noqa: F401  (new, edit, diff, export)
from mia.cli import search_commands  # noqa: F401  (search, reindex, lexicon add/show)


def main() -> None:
    app(prog_name="mia")
