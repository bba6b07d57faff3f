"""`mia show`: a review laid out for reading (from the search index's copy while it is fresh; `mia list` is
listing_commands, which imports none of what show needs)."""


import sys
from typing import Optional

import typer

from mia.cli.app import NO_PAGER_OPTION, app, complete_review_id, pager, reading_store, write_json
from mia.cli.render import output_width, pdf_line, review_text, styling_wanted
from mia.core.reading import pdf_copy, read_review
from mia.doi.citation import consistency_warnings, vancouver
from mia.model.review import unsettled_conflict


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
