"""Commands that read reviews: list, show (from the search index's copy while it is fresh)."""


import sys
from typing import Optional

import typer

from mia.cli.app import NO_PAGER_OPTION, app, complete_review_id, pager, reading_store, write_json
from mia.cli.render import output_width, pdf_line, review_text, reviews_list_text, styling_wanted
from mia.core.library import list_records, pdf_copy, read_review
from mia.core.listing import review_row
from mia.doi.citation import consistency_warnings, vancouver
from mia.model.review import unsettled_conflict


@app.command("list")
def list_reviews(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the records as a JSON array."),
    no_pager: bool = NO_PAGER_OPTION,
) -> None:
    """List the reviews: id, title, the article's journal and year, publication date.

    Example: mia list --json
    """
    records = list_records(reading_store(ctx), full=as_json)
    if as_json:
        write_json(records)
        return
    if not records:
        sys.stdout.write("The store has no review yet. Import some with: mia add FOLDER\n")
        return
    rows = [review_row(record) for record in records]
    with pager(ctx, no_pager=no_pager, lines=len(rows) + 1):  # the pager when longer than the screen
        sys.stdout.write(reviews_list_text(rows, width=output_width(sys.stdout), style=styling_wanted(sys.stdout)))


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
            width=output_width(sys.stdout), style=styling_wanted(sys.stdout), conflict=unsettled_conflict(review.to_dict()),
        ))
        sys.stdout.write(pdf_line(pdf_copy(reading_store(ctx), review), review.id))
