"""Commands for sharing the store with the club: sync, conflicts.

`mia.sync` (git, Markdown, the merge) and `mia.cli.render` are imported inside the commands, like
the other command modules do: every other command would pay for them at start (render alone
is 1.5 ms of each `mia --version`).
"""


import sys
from typing import Optional

import typer

from mia.cli.app import app, current_store, print_warning, steps_bar, write_json
from mia.base.phrases import listed, shell_word
from mia.model.ids import normalise_id
from mia.cli.render import accepted_text, conflict_versions, conflicts_text, plain
from mia.sync import MIA_USER_EXAMPLE, how_to_name, accept_conflict, sync, unsettled_conflicts


@app.command("sync")
def sync_command(
    ctx: typer.Context,
    remote: Optional[str] = typer.Argument(
        None, metavar="[REMOTE]",
        help="The club's git remote: a URL or a path (created empty if missing). Needed the first time only; remembered.",
    ),
    status: bool = typer.Option(False, "--status", help="Only say what would be sent and received; change nothing."),
    as_json: bool = typer.Option(False, "--json", help="Print counts, conflicts and the rest as JSON."),
    switch_remote: bool = typer.Option(False, "--switch-remote", help="Sync with REMOTE from now on, though the store syncs with another."),
) -> None:
    """Share the reviews with the club: fetch the remote, merge, send, update the store.

    Your changes are signed with your name: MIA_USER ("Name <email>") if set, else git's
    user.name and user.email. The first sync says which name; to change it:
    export MIA_USER="Your Name <you@example.org>"

    Example: mia sync /shared/club-reviews.git   (the first time; then just: mia sync)
    """
    # On a terminal, a bar naming each step, counting the reviews where it can (a first sync of a
    # large store takes minutes); erased when done, never on a pipe.
    with steps_bar(f"Syncing with {remote or 'the club remote'}…") as step:
        report = sync(current_store(ctx), remote, status=status, progress=step, switch=switch_remote)
    if as_json:
        write_json(report.to_dict())
        return
    lines, warnings = describe(report)
    for warning in warnings:
        print_warning(warning)
    sys.stdout.write("".join(line + "\n" for line in lines))


def describe(report) -> tuple[list[str], list[str]]:
    """The summary lines (stdout) and warnings (stderr) of a sync report."""
    def counted(kinds: dict) -> str:
        total = sum(len(ids) for ids in kinds.values())
        parts = [f"{len(ids)} {kind}" for kind, ids in kinds.items() if ids]
        return f"{total} ({', '.join(parts)})" if parts else "0"

    where = plain(report.remote)
    lines: list[str] = []
    if report.created_remote:
        lines.append(f"{'Would create' if report.status_only else 'Created'} the empty remote {where}.")
    nothing = not report.changed_anything
    if report.status_only:
        if nothing:
            lines.append(f"In step with {where}: nothing to send or receive.")
        else:
            lines.append(f"Would send {counted(report.sent)} and receive {counted(report.received)}; nothing was changed (run mia sync to do it).")
    elif nothing:
        lines.append(f"In step with {where}: nothing to send or receive.")
    else:
        lines.append(f"Synced with {where}: sent {counted(report.sent)}, received {counted(report.received)}.")
    verb = "would be" if report.status_only else "are"
    for conflict in report.conflicts:
        earlier, current = plain(conflict.earlier), plain(conflict.current)
        sides = ["yours", "the remote's"] if conflict.earlier_side == "local" else ["the remote's", "yours"]
        first, second = (f"{side}, by {plain(name)}" if name else side for side, name in zip(sides, conflict.members))
        lines.append(
            f"Conflict in {conflict.review_id} ({plain(', '.join(conflict.fields))}): both texts {verb} kept, "
            f"{earlier} ({first}: the earlier edit) and {current} ({second}: current). "
            f"See: mia diff {conflict.review_id} {shell_word(earlier)} {shell_word(current)}"
        )
    for review_id, note in report.arrived:
        earlier, current = plain(note["versions"][0]), plain(note["versions"][-1])
        named = conflict_versions(note)
        lines.append(
            f"{review_id} {'would arrive' if report.status_only else 'arrived'} with an unsettled conflict "
            f"({plain(', '.join(note['fields']))}): {named[0]} and {named[-1]} hold both texts. See: mia diff {review_id} {shell_word(earlier)} {shell_word(current)}"
        )
    if report.joined:
        lines.append(
            f"{listed(report.joined)}: the same review here and on the remote (a version of each says the same, or "
            f"was imported from the same file): {'would be ' if report.status_only else ''}merged as one, the club's "
            f"newer versions kept, nothing doubled."
        )
    if (report.conflicts or report.arrived) and not report.status_only:
        lines.append("`mia conflicts` lists them on every member's store; edit the review, or `mia conflicts --accept ID`, to settle one for everyone.")
    if report.first:
        lines.extend(signature_note(report.signed_as, report.repository))
    warnings = []
    for review_id, where_removed in report.kept:
        warnings.append(f"{review_id} was removed {where_removed} and edited on the other side: it is kept, with the edit.")
    for old, new in report.renumbered:
        warnings.append(f"Your new {old} is now {new}: another member had added a different {old} first.")
    for path, problem in report.skipped:
        warnings.append(f"Skipped {plain(path)} on the remote: {plain(problem)}")
    for review_id, problem in report.not_written:
        warnings.append(f"{review_id} was not written to the store: {plain(problem)} (the next sync tries again).")
    return lines, warnings


def signature_note(signed_as, repository: str) -> list[str]:
    """What a store's first sync says of the name the member's changes are signed with (lines)."""
    if signed_as is None:
        return ["No name is set to sign the changes you send to the club; set one before you send any.", *how_to_name(repository)]
    who = plain(signed_as.name) + (f" <{plain(signed_as.email)}>" if signed_as.email else " (no email)")
    if signed_as.source == "MIA_USER":
        return [f"Your changes go to the club signed {who} (from MIA_USER).", f"To sign them with another name: {MIA_USER_EXAMPLE}"]
    return [f"Your changes go to the club signed {who} (git's user.name and user.email). To sign them with another name:",
            *how_to_name(repository)]


@app.command("conflicts")
def conflicts_command(
    ctx: typer.Context,
    accept: Optional[str] = typer.Option(None, "--accept", metavar="ID", help="Settle a review's conflict: keep it as the sync merged it."),
    as_json: bool = typer.Option(False, "--json", help="Print the list as JSON."),
) -> None:
    """List the reviews a sync found edited on both sides (on every member's store), until each is settled.

    Example: mia conflicts; mia diff mia_review_40; mia conflicts --accept mia_review_40
    """
    store = current_store(ctx)
    if accept is not None:
        accepted = accept_conflict(store, normalise_id(accept))
        if as_json:
            write_json({"accepted": accepted["id"], **{key: value for key, value in accepted.items() if key != "id"}})
        else:
            sys.stdout.write(accepted_text(accepted))
        return
    found = unsettled_conflicts(store)
    if as_json:
        write_json(found)
        return
    sys.stdout.write(conflicts_text(found))
