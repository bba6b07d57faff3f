"""Commands that look after the store itself: doctor."""


import sys

import typer

from mia.base.errors import AlreadyReported, ExitStatus
from mia.cli.app import app, confirm_or_abort, current_store, progress_bar
from mia.cli.render import doctor_text, restore_plan_text
from mia.core.doctor import check_store, restore_plan


@app.command()
def doctor(
    ctx: typer.Context,
    restore: bool = typer.Option(False, "--restore", help="Put back the newest good backup of each damaged file (after confirmation)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    deep: bool = typer.Option(False, "--deep", help="Also validate every field of every review and every page of the search index (slower)."),
) -> None:
    """Check the store (files, records, duplicate ids, search index); --deep validates every
    review; --restore puts back backups.

    Example: mia doctor
    """
    store = current_store(ctx)
    if restore:
        steps = restore_plan(store)
        if not steps:
            sys.stdout.write("Every file of the store reads well; nothing was restored.\n")
            return
        sys.stdout.write(restore_plan_text(steps))  # (with --yes too: what was undone is said)
        confirm_or_abort("Put back the backup(s) described above?", yes)
        for step in steps:
            aside = store.put_back(step.backup, step.shard)
            sys.stdout.write(f"Restored {step.path} from {step.backup.name}; the replaced file was kept as {aside.name}.\n")
        return
    # A bar from 20 files of the store on (20,000 reviews): below, even --deep ends in ~2 s.
    with progress_bar("Checking the store's files", minimum=20 if not deep else 5) as progress:
        findings = check_store(store, deep=deep, progress=progress)
    sys.stdout.write(doctor_text(findings))
    if any(f.problem for f in findings):
        raise AlreadyReported(ExitStatus.STORE)
