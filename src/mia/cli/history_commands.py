"""Commands on a review's versions: diff, history."""


import sys
from typing import Optional

import typer

from mia.cli.app import NO_PAGER_OPTION, app, complete_review_id, current_store, pager, write_json
from mia.cli.render import history_text, output_width, plain, styling_wanted, version_changes_text
from mia.core import versions
from mia.core.library import get_review, review_history


@app.command()
def diff(
    ctx: typer.Context,
    review_id: str = typer.Argument(..., metavar="ID", help="mia_review_40, or just 40.", autocompletion=complete_review_id),
    old: Optional[str] = typer.Argument(None, metavar="[OLD", help="A version (V0…); default: the one before the current."),
    new_version: Optional[str] = typer.Argument(None, metavar="[NEW]]", help="Another version; default: the current one."),
    as_json: bool = typer.Option(False, "--json", help="Print the parts changed, with both texts whole, as JSON."),
    no_pager: bool = NO_PAGER_OPTION,
) -> None:
    """Show what changed between two versions of a review, word by word.

    Each field or section changed, its changed words marked ([-removed-]{+added+}, or in colour on
    a terminal) among a few words of context; the version label and date are left out.

    Example: mia diff 40 V0 V1
    """
    review = get_review(current_store(ctx), review_id)
    before, after = versions.versions_to_compare(review, old, new_version)
    changes = versions.version_changes(before, after)
    if as_json:
        write_json(versions.changes_record(review.id, before, after, changes))
        return
    if not changes:
        sys.stdout.write(plain(f"{before.version} and {after.version} of {review.id} say the same.") + "\n")
        return
    with pager(ctx, no_pager=no_pager):
        sys.stdout.write(version_changes_text(review.id, before, after, changes,
                                              width=output_width(sys.stdout), style=styling_wanted(sys.stdout)))


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
