"""Commands on the trials' key results and counts across reviews: forest, results (show, extract), stats."""


import sys
from pathlib import Path
from typing import List, Optional

import typer
from typer.core import TyperGroup

from mia.cli.app import MiaTyper, QueryCommand, app, complete_review_id, current_store, print_warning, reading_store, write_json
from mia.base.errors import BadInput, NotFound
from mia.cli.render import forest_text, key_results_text, output_width, plain, stats_text, styling_wanted
from mia.core.stats import review_stats


@app.command(cls=QueryCommand)
def forest(
    ctx: typer.Context,
    words: List[str] = typer.Argument(..., metavar="ID...|QUERY...", help="Review ids (40, mia_review_40, several) or a search query (same syntax as mia search) naming the reviews to plot."),
    png: Optional[Path] = typer.Option(None, "--png", metavar="FILE", help="Also draw the plot into a PNG image (needs: pip install 'mia[plot]')."),
    svg: Optional[Path] = typer.Option(None, "--svg", metavar="FILE", help="Also draw the plot into an SVG image (needs: pip install 'mia[plot]')."),
    as_json: bool = typer.Option(False, "--json", help="Print the rows as JSON."),
) -> None:
    """A forest plot of the primary effects of the reviews named by id or found by a query.

    Ids alone (mia forest 40 44 52) plot those reviews: a bare number is a review id, as in mia
    show 40. Anything else is a search: to find a number in the text, quote it (mia forest '"40"').

    Ratios (HR, RR, OR, rate ratio) on a log scale, differences (MD, ARD, SMD) on a linear one, one
    panel per measure; the point grows with N.

    Example: mia forest 'year:2015..2025'
    """
    from mia.core.evidence import forest_rows

    query = " ".join(words)
    try:
        rows, without = forest_rows(reading_store(ctx), query)
    except NotFound:
        if as_json:  # (a script reads an empty list, as from `mia search --json`; exit 1 all the same)
            write_json([])
        raise
    if as_json:
        write_json(rows)
        return

    if rows:
        sys.stdout.write(forest_text(rows, width=output_width(sys.stdout) or 100, style=styling_wanted(sys.stdout)))
    if without:
        shown = ", ".join(without[:8]) + (", …" if len(without) > 8 else "")
        sys.stdout.write(plain(f"No primary effect found in {len(without)} matching review(s): {shown} "
                               "(mia results ID shows what was found; mia edit ID to write it).") + "\n")
    for path, fmt in ((png, "png"), (svg, "svg")):
        if path is not None and rows:
            from mia.core.evidence import draw_forest_image

            written = draw_forest_image(rows, path, fmt)
            sys.stdout.write(plain(f"Wrote {written}.") + "\n")


class ResultsGroup(TyperGroup):
    """`mia results 40` is `mia results show 40`: a review id where a subcommand is expected."""

    def resolve_command(self, ctx, args):  # type: ignore[override]
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().resolve_command(ctx, args)


results_app = MiaTyper(
    cls=ResultsGroup, no_args_is_help=True,
    help="The trials' key results (design, N, primary effect): show them, extract them again.\n\nExample: mia results 40 (or: mia results extract 40)")
app.add_typer(results_app, name="results")


@results_app.command("show")
def results_show(
    ctx: typer.Context,
    review_ids: List[str] = typer.Argument(..., metavar="ID...", help="Reviews to show (mia_review_40, or just 40).", autocompletion=complete_review_id),
    as_json: bool = typer.Option(False, "--json", help="Print the key results as JSON, by review id."),
) -> None:
    """Show the key results in full: design, N, the primary effect and where it was read, the
    other effects, what to check.

    Example: mia results 40
    """
    from mia.core.reading import read_review

    store = reading_store(ctx)
    reviews = [read_review(store, review_id) for review_id in review_ids]  # an unknown id: before any output
    if as_json:
        write_json({review.id: review.extra.get("key_results") for review in reviews})
        return
    for review in reviews:
        sys.stdout.write(key_results_text(review, width=output_width(sys.stdout), style=styling_wanted(sys.stdout)))


@results_app.command("extract")
def results_extract(
    ctx: typer.Context,
    review_ids: Optional[List[str]] = typer.Argument(None, metavar="[ID...]", help="Reviews to extract again (default: all).", autocompletion=complete_review_id),
) -> None:
    """Extract the key results again from the reviews' text (results marked checked are kept).

    Example: mia results extract mia_review_40
    """
    from mia.core.evidence import extract_results

    kept: list[str] = []
    changed = extract_results(current_store(ctx), review_ids or None, kept=kept)
    if changed:
        sys.stdout.write(f"Key results updated for {len(changed)} review(s): {', '.join(changed[:10])}{' …' if len(changed) > 10 else ''}.\n")
    else:
        sys.stdout.write("The key results were already up to date.\n")
    if kept:
        shown = ", ".join(kept[:10]) + (" …" if len(kept) > 10 else "")
        print_warning(f"Kept as they are the results a person checked ({len(kept)}): {shown}. "
                      "To extract them again, set checked: false with mia edit.")


@app.command()
def stats(
    ctx: typer.Context,
    top: int = typer.Option(10, "--top", metavar="N", help="Show the N most frequent journals, keywords, designs and reviewers (0: all)."),
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
) -> None:
    """Count the reviews per year of review and of publication, journal, keyword, design and reviewer.

    Example: mia stats --top 5
    """
    if top < 0:
        raise BadInput(f"--top must be 0 (all) or more, not {top}.")
    counts = review_stats(reading_store(ctx), top=top or None)
    if as_json:
        write_json(counts)
        return

    sys.stdout.write(stats_text(counts, width=output_width(sys.stdout), style=styling_wanted(sys.stdout)))
