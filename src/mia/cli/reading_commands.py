"""Commands that read reviews: list, show (from the search index's copy while it is fresh)."""


import sys
from typing import List, Optional

import typer

from mia.cli.app import NO_PAGER_OPTION, app, complete_review_id, pager, reading_store, write_json
from mia.cli.render import output_width, pdf_line, review_text, reviews_list_lines, styling_wanted
from mia.base.errors import NotFound
from mia.core.library import pdf_copy, read_review
from mia.core.listing import SORTS, Selection, list_full_records, list_rows
from mia.doi.citation import consistency_warnings, vancouver


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
    rows = list_full_records(store, selection) if as_json else list_rows(store, selection)
    if as_json:
        write_json(rows)
    if not rows and selection.query():
        raise NotFound(f"No review matches {selection.query()}.", hint="`mia list` without filters lists every review.")
    if not rows and not as_json:
        sys.stdout.write("The store has no review yet. Import some with: mia add FOLDER\n")
    if not rows or as_json:
        return
    with pager(ctx, no_pager=no_pager, lines=len(rows) + 1):  # the pager when longer than the screen
        sys.stdout.writelines(reviews_list_lines(rows, width=output_width(sys.stdout), style=styling_wanted(sys.stdout)))


@app.command()
def show(
    ctx: typer.Context,
    review_id: str = typer.Argument(..., metavar="ID", help="mia_review_40, or just 40.", autocompletion=complete_review_id),
    as_json: bool = typer.Option(False, "--json", help="Print the record as JSON."),
    version: Optional[str] = typer.Option(None, "--version", metavar="V", help="An earlier version (V0, V1…), from the review's history."),
    no_pager: bool = NO_PAGER_OPTION,
) -> None:
    """Show a review, laid out for reading.

    Example: mia show 40
    """
    review = read_review(reading_store(ctx), review_id)
    if version:
        from mia.core.versions import find_version

        review = find_version(review, version)
    if as_json:
        write_json(review.to_dict())
        return
    reference = vancouver(review)  # from the resolved metadata, else the review's own fields
    with pager(ctx, no_pager=no_pager):
        sys.stdout.write(review_text(
            review, reference=reference, warnings=consistency_warnings(review),
            width=output_width(sys.stdout), style=styling_wanted(sys.stdout),
        ))
        sys.stdout.write(pdf_line(pdf_copy(reading_store(ctx), review), review.id))
