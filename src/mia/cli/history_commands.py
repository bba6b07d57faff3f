"""Commands on a review's versions: diff, history."""


import sys
from typing import Optional

import typer

from mia.cli.app import NO_PAGER_OPTION, app, complete_review_id, current_store, pager, write_json
from mia.cli.render import history_text, plain, stdout_console
from mia.core import versions
from mia.core.library import get_review, review_history


@app.command()
def diff(
    ctx: typer.Context,
    review_id: str = typer.Argument(..., metavar="ID", help="mia_review_40, or just 40.", autocompletion=complete_review_id),
    old: Optional[str] = typer.Argument(None, metavar="[OLD", help="A version (V0…); default: the one before the current."),
    new_version: Optional[str] = typer.Argument(None, metavar="[NEW]]", help="Another version; default: the current one."),
    no_pager: bool = NO_PAGER_OPTION,
) -> None:
    """Show what changed between two versions of a review (a unified diff of their Markdown).

    Example: mia diff 40 V0 V1
    """
    review = get_review(current_store(ctx), review_id)
    before, after = versions.versions_to_compare(review, old, new_version)
    lines = versions.markdown_diff(before, after)
    if not lines:
        sys.stdout.write(plain(f"{before.version} and {after.version} of {review.id} say the same.") + "\n")
        return
    with pager(ctx, no_pager=no_pager):
        _write_diff(lines)


def _write_diff(lines: list) -> None:
    if not sys.stdout.isatty():
        sys.stdout.write("".join(plain(line) + "\n" for line in lines))
        return
    from rich.text import Text  # heavy: rich, on a terminal only

    console = stdout_console()
    for line in lines:
        style = "bold" if line.startswith(("---", "+++")) else "cyan" if line.startswith("@@") else (
            "green" if line.startswith("+") else "red" if line.startswith("-") else ""
        )
        console.print(Text(plain(line), style=style), soft_wrap=True)


@app.command()
def history(
    ctx: typer.Context,
    review_id: str = typer.Argument(..., metavar="ID", help="mia_review_40, or just 40.", autocompletion=complete_review_id),
    as_json: bool = typer.Option(False, "--json", help="Print the versions as a JSON array."),
    no_pager: bool = NO_PAGER_OPTION,
) -> None:
    """List the versions of a review, oldest first: label, dates, where from, who, what changed.

    Example: mia history 40
    """
    review_id, entries = review_history(current_store(ctx), review_id)
    if as_json:
        write_json([entry.to_dict() for entry in entries])
        return
    with pager(ctx, no_pager=no_pager):
        sys.stdout.write(history_text(review_id, entries))
