"""Commands on the trials' key results and counts across reviews: forest, results extract, stats."""


import sys
from pathlib import Path
from typing import List, Optional

import typer

from mia.cli.app import QueryCommand, app, complete_review_id, current_store, print_warning, reading_store, write_json
from mia.base.errors import BadInput
from mia.cli.render import forest_text, output_width, plain, stats_text, styling_wanted
from mia.core.stats import review_stats


@app.command(cls=QueryCommand)
def forest(
    ctx: typer.Context,
    words: List[str] = typer.Argument(..., metavar="QUERY...", help="A search query (same syntax as mia search) naming the reviews to plot."),
    png: Optional[Path] = typer.Option(None, "--png", metavar="FILE", help="Also draw the plot into a PNG image (needs: pip install 'mia[plot]')."),
    svg: Optional[Path] = typer.Option(None, "--svg", metavar="FILE", help="Also draw the plot into an SVG image (needs: pip install 'mia[plot]')."),
    as_json: bool = typer.Option(False, "--json", help="Print the rows as JSON."),
) -> None:
    """A forest plot of the primary effects of the reviews a query finds.

    Ratios (HR, RR, OR, rate ratio) on a log scale, differences (MD, ARD) on a linear one, one
    panel per measure; the point grows with N.

    Example: mia forest 'year:2015..2025'
    """
    from mia.core.evidence import forest_rows

    query = " ".join(words)
    rows, without = forest_rows(reading_store(ctx), query)
    if as_json:
        write_json(rows)
        return

    if rows:
        sys.stdout.write(forest_text(rows, width=output_width(sys.stdout) or 100, style=styling_wanted(sys.stdout)))
    if without:
        shown = ", ".join(without[:8]) + (", …" if len(without) > 8 else "")
        sys.stdout.write(plain(f"{len(without)} matching review(s) state no primary effect: {shown}.") + "\n")
    for path, fmt in ((png, "png"), (svg, "svg")):
        if path is not None and rows:
            from mia.core.evidence import draw_forest_image

            written = draw_forest_image(rows, path, fmt)
            sys.stdout.write(plain(f"Wrote {written}.") + "\n")


results_app = typer.Typer(help="The trials' key results (design, N, primary effect).\n\nExample: mia results extract 40", no_args_is_help=True)
app.add_typer(results_app, name="results")


@results_app.command("extract")
def results_extract(
    ctx: typer.Context,
    review_ids: Optional[List[str]] = typer.Argument(None, metavar="[ID...]", help="Reviews to extract again (default: all).", autocompletion=complete_review_id),
) -> None:
    """Extract the key results again from the reviews' text (results marked checked are kept).

    Example: mia results extract mia_review_40
    """
    from mia.core.evidence import extract_results

    changed = extract_results(current_store(ctx), review_ids or None)
    if changed:
        sys.stdout.write(f"Key results updated for {len(changed)} review(s): {', '.join(changed[:10])}{' …' if len(changed) > 10 else ''}.\n")
    else:
        sys.stdout.write("The key results were already up to date.\n")
    if not review_ids:
        print_warning("Results marked `checked: true` by a person were kept as they are.")


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
