"""`mia list`: the reviews as a table, narrowed, ordered and cut (from the search index while it is
fresh). Apart from show: a list imports none of the review model, the citations or the PDFs."""

import shutil
import sys
from typing import List, Optional

import typer

from mia.base.errors import NotFound
from mia.cli.app import NO_PAGER_OPTION, app, pager, reading_store, write_json
from mia.cli.pager import stdout_is_terminal
from mia.cli.render import output_width, reviews_list_lines, styling_wanted
from mia.core.listing import SORTS, Selection, list_full_records, listing


@app.command("list")
def list_reviews(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the records as a JSON array."),
    year: Optional[str] = typer.Option(None, "--year", metavar="YEAR", help="Only the articles of a year (2021) or a range (2019..2021), as search's year:."),
    keyword: Optional[List[str]] = typer.Option(None, "--keyword", metavar="WORDS", help="Only the reviews with this keyword, as search's keyword: (repeat: all of them)."),
    journal: Optional[List[str]] = typer.Option(None, "--journal", metavar="NAME", help="Only the articles of this journal, by any of its names (NEJM, N Engl J Med…)."),
    sort: str = typer.Option("id", "--sort", metavar="COLUMN", help=f"Sort by {', '.join(SORTS)} (reviews without one last)."),
    reverse: bool = typer.Option(False, "--reverse", help="The other way round (newest, Z to A first)."),
    limit: Optional[int] = typer.Option(None, "--limit", "-n", metavar="N", help="Only the first N."),
    no_pager: bool = NO_PAGER_OPTION,
) -> None:
    """List the reviews: id, title, the article's journal and year, publication date.

    Example: mia list --journal NEJM --year 2019..2021 --sort published --reverse
    """
    selection = Selection(year, tuple(keyword or ()), tuple(journal or ()), sort, reverse, limit)
    store = reading_store(ctx)
    if as_json:
        records = list_full_records(store, selection)
        write_json(records)
        _refuse_an_empty_selection(selection, len(records))
        return
    # On a terminal, a long list shows its first screen at once, the rest as it is read.
    found = listing(store, selection, shutil.get_terminal_size().lines if stdout_is_terminal() else None)
    _refuse_an_empty_selection(selection, found.count)
    if not found.count:
        sys.stdout.write("The store has no review yet. Import some with: mia add FOLDER\n")
        return
    with pager(ctx, no_pager=no_pager, lines=found.count + 1):  # the pager when longer than the screen
        sys.stdout.writelines(reviews_list_lines(
            found.rows, more=found.more or (), widest=found.widest,
            width=output_width(sys.stdout), style=styling_wanted(sys.stdout),
        ))


def _refuse_an_empty_selection(selection: Selection, count: int) -> None:
    if not count and selection.query():
        raise NotFound(f"No review matches {selection.typed()}.", hint="`mia list` without filters lists every review.")
