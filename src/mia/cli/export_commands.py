"""The export command: JSON, a folder of Markdown files, or CSV (`mia.core.export` does it)."""


import sys
from pathlib import Path
from typing import List, Optional

import typer

from mia.base.errors import BadInput, NotFound
from mia.cli.app import app, complete_review_id, current_store, progress_bar
from mia.cli.render import carried_pdfs_text, plain
from mia.core import export as exporting

EXPORT_PROGRESS_THRESHOLD = 20  # reviews; fewer go by too fast for a bar to help


@app.command()
def export(
    ctx: typer.Context,
    review_ids: Optional[List[str]] = typer.Argument(None, metavar="[ID...]", help="Reviews to export (default: all).", autocompletion=complete_review_id),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", metavar="FORMAT", show_default=False, help="json (re-importable; the default), markdown (a folder, re-importable) or csv (spreadsheets)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="PATH", help="A file (json, csv) or a folder (markdown); json and csv go to standard output without it."),
    force: bool = typer.Option(False, "--force", help="Replace the file(s) if they exist."),
    excel: bool = typer.Option(False, "--excel", help="A CSV that Excel in French opens as it is: ';' between columns, decimal commas (0,41), UTF-8 with a BOM, on standard output too. Implies --format csv."),
) -> None:
    """Export reviews as JSON, a folder of Markdown files, or CSV for spreadsheets.

    Example: mia export --format markdown --output reviews/
    For Excel (in French): mia export --excel -o reviews.csv
    """
    fmt = exporting.check_format(fmt, excel)
    store = current_store(ctx)
    if not review_ids and not store.ids():
        raise NotFound("The store has no review to export.", hint="Import some with: mia add FOLDER")
    if output is None or str(output) == "-":
        if fmt == "markdown":
            raise BadInput("A Markdown export is a folder of files, one per review.", hint="Give the folder with --output.")
        records = exporting.records_to_export(store, review_ids)
        payload = exporting.export_bytes(records, fmt, excel=excel, stdout=True)
        _write_stdout_bytes(payload)
        sys.stderr.write(f"Exported {_reviews(len(records))} ({_kind(fmt, excel)}).\n")
        return
    with progress_bar("Exporting", minimum=EXPORT_PROGRESS_THRESHOLD) as progress:
        report = exporting.export_reviews(store, review_ids, fmt, output, force=force, progress=progress, excel=excel)
    where = f"{output}{'/' if fmt == 'markdown' and not str(output).endswith('/') else ''}"
    detail = ", one file per review" if fmt == "markdown" else ""
    sys.stdout.write(plain(f"Exported {_reviews(report.count)} to {where} ({_kind(fmt, excel)}{detail}).") + "\n")
    if report.pdf_folder is not None:
        sys.stdout.write(carried_pdfs_text(report.pdf_folder, len(report.pdfs)) + "\n")


def _kind(fmt: str, excel: bool) -> str:
    return "csv for Excel: ';' between columns, decimal commas" if excel else fmt


def _reviews(count: int) -> str:
    return f"{count} review" + ("" if count == 1 else "s")


def _write_stdout_bytes(payload: bytes) -> None:
    """An export on standard output: as is into a pipe or file (lossless), but without control
    characters when it is a terminal that would read them."""
    if sys.stdout.isatty():
        sys.stdout.write(plain(payload.decode("utf-8-sig")))  # (no BOM on a screen)
        return
    stream = getattr(sys.stdout, "buffer", None)
    if stream is not None:
        sys.stdout.flush()
        stream.write(payload)
        stream.flush()
    else:
        sys.stdout.write(payload.decode("utf-8"))
