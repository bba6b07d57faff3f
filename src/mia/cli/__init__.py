"""The `mia` command: the app and its command modules (each registers its commands)."""

from mia.cli.app import app
from mia.cli import reviews  # noqa: F401  (registers add, list, show, rm, restore)
from mia.cli import maintenance_commands  # noqa: F401  (doctor)
from mia.cli import doi_commands  # noqa: F401  (resolve, cite, open)
from mia.cli import authoring_commands  # noqa: F401  (new, edit, diff, export)
from mia.cli import search_commands  # noqa: F401  (search, reindex, lexicon add/show)


def main() -> None:
    app(prog_name="mia")
