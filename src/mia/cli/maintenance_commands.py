"""Commands that look after the store itself: doctor."""


import sys

import typer

from mia.cli.app import app, confirm_or_abort, current_store


@app.command()
def doctor(
    ctx: typer.Context,
    restore: bool = typer.Option(False, "--restore", help="Put back the newest good backup (after confirmation)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Check the store (schema, records, duplicate ids, search index); --restore puts back a backup.

    Example: mia doctor
    """
    from mia.doctor import check_store, newest_good_backup
    from mia.render import plain

    store = current_store(ctx)
    if restore:
        backup = newest_good_backup(store)
        confirm_or_abort(f"Replace {store.path} with the backup {backup.name}?", yes)
        aside = store.put_back(backup)
        sys.stdout.write(f"Restored {store.path} from {backup.name}; the replaced file was kept as {aside.name}.\n")
        return
    findings = check_store(store)
    for finding in findings:
        sys.stdout.write(("Problem: " if finding.problem else "OK: ") + plain(finding.message) + "\n")
    if any(f.problem for f in findings):
        sys.stdout.write("Run `mia doctor --restore` to put back the newest good backup.\n")
        raise typer.Exit(4)
