"""Commands on reviews themselves: add, list, show, rm, restore."""


import os
import shutil
import sys
from pathlib import Path
from typing import List, Optional

import typer

from mia.cli.app import (
    app, complete_review_id, confirm_or_abort, current_store, pager, print_warning, progress_bar, reading_store,
    write_json,
)
from mia.base.errors import AlreadyReported, BadInput, ExitStatus
from mia.cli.render import (
    TRASH_COLUMNS, doi_lookup_notice, lookup_skipped_text, output_width, plain, relabelled_text, review_text, reviews_table, styling_wanted, waiting_notice,
)
from mia.core.library import (
    add_files, get_review, list_records, read_review, remove_review, restore_review, trash_records,
)
from mia.doi.citation import consistency_warnings, journal_abbreviation, vancouver
from mia.model.doi import normalise_doi
from mia.model.review import Article

PROGRESS_THRESHOLD = 20  # files; fewer go by too fast for a bar to help


@app.command()
def add(
    ctx: typer.Context,
    paths: Optional[List[Path]] = typer.Argument(None, help="Review files (.txt, .pdf, .md, .json) or folders of them; none, on a terminal: write a new review.", show_default=False),
    replace: bool = typer.Option(False, "--replace", help="Store a changed review as its new version (the old one goes to its history)."),
    offline: bool = typer.Option(False, "--offline", help="Do not resolve DOIs online (also MIA_OFFLINE=1)."),
    doi: Optional[str] = typer.Option(None, "--doi", metavar="DOI", help="Start a new review from the reviewed article's DOI (on a terminal: the rest is asked, then your editor opens)."),
    max_size: Optional[str] = typer.Option(None, "--max-size", metavar="SIZE", help="The most text one review may hold, e.g. 5MB (default 1MB; also MIA_MAX_REVIEW_SIZE)."),
) -> None:
    """Import compte-rendus: files or folders (every review file inside).

    Example: mia add data/reviews/
    """
    if doi is not None:
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

    from contextlib import ExitStack

    with ExitStack() as bar:
        progress = bar.enter_context(progress_bar("Importing", minimum=PROGRESS_THRESHOLD))

        def stored(report) -> None:
            bar.close()  # the bar goes before the outcome is said and the DOIs are looked up
            _say_what_was_stored(report)

        report = add_files(current_store(ctx), paths, replace=replace, offline=offline,
                           progress=progress, stored=stored, max_size=max_size,
                           looking_up=lambda count: waiting_notice(doi_lookup_notice(count)))
    for line in report.resolution_warnings:
        print_warning(line)
    if len(report.files) > 1:
        sys.stdout.write(
            f"Added {report.count('added') + report.count('replaced')}, unchanged {report.count('unchanged')}, "
            f"failed {len(report.failed)}.\n"
        )
    if report.lookup_skipped:
        print_warning(lookup_skipped_text(report.lookup_skipped))
        raise AlreadyReported(ExitStatus.INTERRUPTED)  # Ctrl-C ends with 130, as shells expect
    if report.failed:
        raise AlreadyReported(ExitStatus.BAD_INPUT)


def _say_what_was_stored(report) -> None:
    """Each file's outcome, as soon as the import is written (before any DOI is looked up)."""
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
    records = list_records(reading_store(ctx), full=as_json)
    if as_json:
        write_json(records)
        return
    if not records:
        sys.stdout.write("The store has no review yet. Import some with: mia add FOLDER\n")
        return
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
    with pager(ctx, lines=len(rows) + 1):  # through the pager when longer than the screen
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
    review = read_review(reading_store(ctx), review_id)
    if version:
        from mia.core.versions import find_version

        review = find_version(review, version)
    if as_json:
        write_json(review.to_dict())
        return
    reference = vancouver(review)  # from the resolved metadata, else the review's own fields
    with pager(ctx):
        sys.stdout.write(review_text(
            review, reference=reference, warnings=consistency_warnings(review),
            width=output_width(sys.stdout), style=styling_wanted(sys.stdout),
        ))


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
    store = current_store(ctx)
    if purge:
        count = len(store.trash_records())
        if count == 0:
            sys.stdout.write("The trash is empty.\n")
            return
        confirm_or_abort(f"Delete the {count} review(s) in the trash for good?", yes)
        store.purge_trash()
        sys.stdout.write(f"Deleted {count} review(s) from the trash for good.\n")
        return
    if not review_ids:
        raise BadInput("Tell mia which review to remove.", hint="Example: mia rm mia_review_40")
    reviews = [get_review(store, review_id) for review_id in review_ids]

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
    records = trash_records(current_store(ctx))
    if as_json:
        write_json(records)
        return
    if not records:
        sys.stdout.write("The trash is empty.\n")
        return

    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    lines = reviews_table(records, width, TRASH_COLUMNS)
    lines.append(f"{len(records)} review(s) in the trash: `mia restore ID` brings one back, `mia rm --purge` deletes them for good.")
    sys.stdout.write("\n".join(lines) + "\n")
