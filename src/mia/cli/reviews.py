"""Commands on reviews themselves: add, list, show, rm, restore."""


import os
import shutil
import sys
from pathlib import Path
from typing import List, Optional

import typer

from mia.cli.app import (
    app, complete_review_id, confirm_or_abort, current_store, print_warning, progress_bar, reading_store, write_json,
)
from mia.base.errors import AlreadyReported, BadInput, ExitStatus

PROGRESS_THRESHOLD = 20  # files; fewer go by too fast for a bar to help


@app.command()
def add(
    ctx: typer.Context,
    paths: Optional[List[Path]] = typer.Argument(None, help="Review files (.txt, .pdf, .md, .json) or folders of them; none, on a terminal: write a new review.", show_default=False),
    replace: bool = typer.Option(False, "--replace", help="Store a changed review as its new version (the old one goes to its history)."),
    offline: bool = typer.Option(False, "--offline", help="Do not resolve DOIs online (also MIA_OFFLINE=1)."),
    doi: Optional[str] = typer.Option(None, "--doi", metavar="DOI", help="Start a new review from the reviewed article's DOI (on a terminal: the rest is asked, then your editor opens)."),
) -> None:
    """Import compte-rendus: files or folders (every review file inside).

    Example: mia add data/reviews/
    """
    from mia.core.library import add_files

    if doi is not None:
        from mia.model.doi import normalise_doi

        normalise_doi(doi)  # an invalid DOI is an error naming it, whatever else
        if paths:
            raise BadInput("Give files to import or --doi to start a new review, not both.")
    if not paths:
        from mia.cli.authoring_commands import guided_add, stdin_is_terminal

        if stdin_is_terminal():
            guided_add(ctx, offline=offline, doi=doi)
            return
        if doi is not None:
            raise BadInput(
                "Starting a review from a DOI asks questions and opens your editor: it needs a terminal.",
                hint=f"Without one: mia new --doi {doi} -o review.md, fill it in, then mia add review.md",
            )
        raise BadInput(
            "Tell mia what to import.",
            hint="Example: mia add data/reviews/  (a folder)  or  mia add review.txt\n"
            "Run `mia add` alone on a terminal to write a new review, or fill in `mia new -o FILE.md` and add that.",
        )
    with progress_bar("Importing", minimum=PROGRESS_THRESHOLD) as progress:
        report = add_files(current_store(ctx), paths, replace=replace, offline=offline,
                           progress=progress, stored=_say_what_was_stored)
    for line in report.resolution_warnings:
        print_warning(line)
    if len(report.files) > 1:
        sys.stdout.write(
            f"Added {report.count('added') + report.count('replaced')}, unchanged {report.count('unchanged')}, "
            f"failed {len(report.failed)}.\n"
        )
    if report.failed:
        raise AlreadyReported(ExitStatus.BAD_INPUT)


def _say_what_was_stored(report) -> None:
    """Each file's outcome, as soon as the import is written (before any DOI is looked up)."""
    from mia.cli.render import plain, relabelled_text

    out = sys.stdout
    for item in report.files:
        for note in item.notes:
            print_warning(f"{item.path.name}: {note}")
        if item.outcome == "failed":
            continue
        if item.outcome == "unchanged":
            out.write(f"{item.review_id} is already in the store, unchanged ({item.path.name}).\n")
        else:
            verb = "Added" if item.outcome == "added" else "Replaced"
            out.write(f"{verb} {item.review_id} from {item.path.name}{relabelled_text(item.relabelled)}.\n")
    for item in report.failed:
        sys.stderr.write(f"Failed: {plain(item.message)}\n")
    out.flush()


@app.command("list")
def list_reviews(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the records as a JSON array."),
) -> None:
    """List the reviews: id, title, the article's journal and year, publication date.

    Example: mia list --json
    """
    from mia.core.library import list_records

    records = list_records(reading_store(ctx), full=as_json)
    if as_json:
        write_json(records)
        return
    if not records:
        sys.stdout.write("The store has no review yet. Import some with: mia add FOLDER\n")
        return
    from mia.doi.citation import journal_abbreviation
    from mia.model.review import Article
    from mia.cli.render import reviews_table

    def article_of(record: dict) -> Article:
        article = record.get("article") or {}
        return Article(journal=article.get("journal", ""), metadata=article.get("metadata"))

    rows = [
        {
            "id": record["id"],
            "title": record.get("title", ""),
            "journal": journal_abbreviation(article_of(record)),
            "year": ((record.get("article") or {}).get("date") or "")[:4],
            "published": record.get("published", ""),
        }
        for record in records
    ]
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    lines = reviews_table(rows, width)
    if sys.stdout.isatty() and not os.environ.get("NO_COLOR"):
        lines[0] = f"\x1b[1m{lines[0]}\x1b[0m"  # the header in bold: our own sequence, not data
    sys.stdout.write("\n".join(lines) + "\n")


@app.command()
def show(
    ctx: typer.Context,
    review_id: str = typer.Argument(..., metavar="ID", help="mia_review_40, or just 40.", autocompletion=complete_review_id),
    as_json: bool = typer.Option(False, "--json", help="Print the record as JSON."),
    version: Optional[str] = typer.Option(None, "--version", metavar="V", help="An earlier version (V0, V1…), from the review's history."),
) -> None:
    """Show a review, laid out for reading.

    Example: mia show 40
    """
    from mia.core.library import read_review

    review = read_review(reading_store(ctx), review_id)
    if version:
        from mia.core.versions import find_version

        review = find_version(review, version)
    if as_json:
        write_json(review.to_dict())
        return
    from mia.doi.citation import consistency_warnings, vancouver
    from mia.cli.render import output_width, review_text, styling_wanted

    reference = vancouver(review)  # from the resolved metadata, else the review's own fields
    sys.stdout.write(review_text(
        review, reference=reference, warnings=consistency_warnings(review),
        width=output_width(sys.stdout), style=styling_wanted(sys.stdout),
    ))
    from mia.cli.render import pdf_line
    from mia.core.library import pdf_copy

    sys.stdout.write(pdf_line(pdf_copy(reading_store(ctx), review), review.id))


@app.command()
def rm(
    ctx: typer.Context,
    review_ids: Optional[List[str]] = typer.Argument(None, metavar="ID...", help="Reviews to move to the trash.", autocompletion=complete_review_id),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    purge: bool = typer.Option(False, "--purge", help="Empty the trash for good."),
) -> None:
    """Move reviews to the trash (`mia restore ID` brings one back); --purge empties it.

    Example: mia rm 40
    """
    from mia.core.library import get_review, remove_review

    store = current_store(ctx)
    if purge:
        count = len(store.trash_records())
        if count == 0:
            sys.stdout.write("The trash is empty.\n")
            return
        confirm_or_abort(f"Delete the {count} review(s) in the trash for good?", yes)
        from mia.cli.render import purge_text
        from mia.core.library import purge_trash

        sys.stdout.write(purge_text(*purge_trash(store)))
        return
    if not review_ids:
        raise BadInput("Tell mia which review to remove.", hint="Example: mia rm mia_review_40")
    reviews = [get_review(store, review_id) for review_id in review_ids]
    from mia.cli.render import plain

    titles = "\n".join(f"  {r.id}: {plain(r.title)}" for r in reviews)
    confirm_or_abort(f"Move to the trash:\n{titles}\n?", yes)
    for review in reviews:
        remove_review(store, review.id)
        sys.stdout.write(f"Moved {review.id} to the trash (mia restore {review.id} brings it back).\n")


@app.command()
def restore(
    ctx: typer.Context,
    review_id: str = typer.Argument(..., metavar="ID", help="A review in the trash."),
) -> None:
    """Bring a review back from the trash.

    Example: mia restore 40
    """
    from mia.core.library import restore_review

    restored = restore_review(current_store(ctx), review_id)
    sys.stdout.write(f"Restored {restored}.\n")


@app.command()
def trash(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the records in the trash as a JSON array."),
) -> None:
    """List the reviews in the trash (`mia restore ID` brings one back; `mia rm --purge` empties it).

    Example: mia trash
    """
    from mia.core.library import trash_records

    records = trash_records(current_store(ctx))
    if as_json:
        write_json(records)
        return
    if not records:
        sys.stdout.write("The trash is empty.\n")
        return
    from mia.cli.render import TRASH_COLUMNS, reviews_table

    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    lines = reviews_table(records, width, TRASH_COLUMNS)
    lines.append(f"{len(records)} review(s) in the trash: `mia restore ID` brings one back, `mia rm --purge` deletes them for good.")
    sys.stdout.write("\n".join(lines) + "\n")
