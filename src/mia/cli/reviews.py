"""Commands that change the store's reviews: add, rm, restore, trash (list: listing_commands, show: reading_commands)."""


import sys
from contextlib import ExitStack
from pathlib import Path
from typing import List, Optional

import typer

from mia.cli.app import app, complete_review_id, confirm_or_abort, current_store, print_warning, progress_bar, write_json
from mia.base.errors import AlreadyReported, BadInput, ExitStatus
from mia.cli.render import (
    TRASH_COLUMNS, doi_lookup_notice, lookup_skipped_text, output_width, plain, purge_text, relabelled_text, reviews_table,
    waiting_notice,
)
from mia.core.library import add_files, purge_trash, remove_review, restore_review, reviews_to_remove, trash_records

PROGRESS_THRESHOLD = 20  # files; fewer go by too fast for a bar to help


@app.command()
def add(
    ctx: typer.Context,
    paths: Optional[List[Path]] = typer.Argument(None, help="Review files (.txt, .pdf, .md, .json) or folders of them; none, on a terminal: write a new review.", show_default=False),
    replace: bool = typer.Option(False, "--replace", help="Store a changed review as its new version (the old one goes to its history)."),
    new_id: bool = typer.Option(False, "--new-id", help="Store a review whose id another review already has as another review, under the next free id."),
    offline: bool = typer.Option(False, "--offline", help="Do not resolve DOIs online (also MIA_OFFLINE=1)."),
    doi: Optional[str] = typer.Option(None, "--doi", metavar="DOI", help="Start a new review from the reviewed article's DOI (on a terminal: the rest is asked, then your editor opens)."),
    max_size: Optional[str] = typer.Option(None, "--max-size", metavar="SIZE", help="The most text one review may hold, e.g. 5MB (default 1MB; also MIA_MAX_REVIEW_SIZE)."),
) -> None:
    """Import compte-rendus: files or folders (every review file inside).

    Example: mia add data/reviews/
    """
    if doi is not None or not paths:  # a new review, written on the terminal
        from mia.cli.authoring_commands import write_new_review

        write_new_review(ctx, offline=offline, doi=doi, files_given=bool(paths))
        return
    with ExitStack() as bar:
        progress = bar.enter_context(progress_bar("Importing", minimum=PROGRESS_THRESHOLD))

        def stored(report) -> None:
            bar.close()  # the bar goes before the outcome is said and the DOIs are looked up
            _say_what_was_stored(report)

        report = add_files(current_store(ctx), paths, replace=replace, new_id=new_id, offline=offline,
                           progress=progress, stored=stored, max_size=max_size,
                           looking_up=lambda count: waiting_notice(doi_lookup_notice(count)))
    _say_what_was_left(report)


def _say_what_was_left(report) -> None:
    """After the DOIs: their warnings, the totals of a bulk import, and the exit status."""
    for line in report.resolution_warnings:
        print_warning(line)
    if report.other_files:
        from mia.importers import suffix_list

        shown = ", ".join(path.name for path in report.other_files[:5]) + (" …" if len(report.other_files) > 5 else "")
        print_warning(f"Left aside {len(report.other_files)} file(s) that are not reviews mia reads "
                      f"(it reads {suffix_list()}): {shown}.")
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
        sys.stdout.write(purge_text(*purge_trash(store)))
        return
    if not review_ids:
        raise BadInput("Tell mia which review to remove.", hint="Example: mia rm mia_review_40")
    reviews = reviews_to_remove(store, review_ids)  # all or nothing: an unknown id removes none

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

    lines = reviews_table(records, output_width(sys.stdout), TRASH_COLUMNS)
    lines.append(f"{len(records)} review(s) in the trash: `mia restore ID` brings one back, `mia rm --purge` deletes them for good.")
    sys.stdout.write("\n".join(lines) + "\n")
