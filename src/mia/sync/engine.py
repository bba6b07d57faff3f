"""One sync: fetch the remote, merge review by review, push, then write the store.

Order matters for faults. Everything that can fail on the network (reaching the remote, a push
refused because another member pushed first) happens before the store is touched: an
unreachable remote leaves the store as it was (exit 3), and a push race just means fetching
and merging again (at most MAX_ATTEMPTS times; never a forced push). The store is written only
once the commit is on the remote, and the sync's settings (the new base commit) last. A sync
killed in between is completed by the next one: what it pushed is then the remote's version,
and the merge recognises the store's reviews in it (`merge.has_seen`, identical files).

What is compared, and what is read:
- local changes: a review whose record still has the fingerprint the last sync noted is the
  base's version; only the others are rendered to Markdown (`state.py`);
- remote changes: `git diff --name-status base remote -- reviews/ trash/` names the files that
  changed; only those are read and parsed. A sync where nothing changed reads no review file.

A conflict is noted in the merged record itself (`merge.py`), which is sent and written like any
change, so a kill cannot lose it. Stores of an earlier mia noted them in the sync settings
instead: the next sync moves each unsettled note into its review (`_move_settings_notes`), and
so sends it to the other members.
"""

from __future__ import annotations

import os
import re
import signal
from pathlib import Path
from typing import Callable

from mia.base.errors import BadInput, NotFound, ServiceError
from mia.base.phrases import shell_word
from mia.model.review import CONFLICT_FIELD, unsettled_conflict
from mia.sync.apply import apply_to_store
from mia.sync.git import BASE_REF, BRANCH, REMOTE_REF, Identity, Repo, find_git, init_bare, local_path
from mia.sync.layout import (
    FOLDERS, LIVE, MARKER, TRASH, Place, blob_id, check_top, marker_bytes, path_of, read_record, review_id_of, to_markdown,
)
from mia.sync.merge import conflicting_text, content
from mia.sync.plan import Sides, Target, name_conflicts, plan_sync
from mia.sync.report import SyncReport, classify, commit_message
from mia.sync.state import SyncFolder, SyncState, fingerprint, token

MAX_ATTEMPTS = 5
#: The most commits of one review's file read to find who wrote the remote's text of a conflict.
AUTHOR_SEARCH_LIMIT = 50
KILL_SWITCH = "MIA_SYNC_TEST_KILL_AT"

#: What a sync says it is doing, for a progress bar: `progress(step, done, total)`, total None
#: while the step cannot be counted (git's fetch and push, the store's write).
Progress = Callable[[str, int, "int | None"], None]
FETCHING, PREPARING, READING, SENDING, WRITING = (
    "Fetching the club's changes (git)", "Preparing the reviews to send", "Reading the club's reviews",
    "Sending to the remote (git)", "Writing the received reviews into the store",
)
PROGRESS_EVERY = 200  # reviews between two reports of a counted step


def _no_progress(step: str, done: int, total: int | None) -> None:
    pass


def checkpoint(name: str) -> None:
    """A named moment of the sync. Tests kill the process here (SIGKILL, as a crash would) by
    setting MIA_SYNC_TEST_KILL_AT to the name, or replace this function to act between steps."""
    if os.environ.get(KILL_SWITCH) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def sync_folder(store) -> SyncFolder:
    return SyncFolder(store.derived_path(".sync"))


def sync(store, remote: str | None = None, *, status: bool = False, progress: Progress | None = None,
         switch: bool = False) -> SyncReport:
    """Sync `store` with `remote` (remembered after the first sync): fetch, merge, push, then
    write the store through its own operations. With `status`, only say what would be sent and
    received: nothing is written (neither the store nor the remote). `progress` hears of each
    step (a first sync of 100,000 reviews takes minutes). A remote other than the remembered one
    is refused unless `switch` (a mistyped path made a new empty club and sent it every review)."""
    progress = progress or _no_progress
    program = find_git()
    folder = sync_folder(store)
    with folder.lock():
        state = folder.read()
        url, given = _remote_address(remote, state)
        if given and state.remote and url != state.remote and not switch:
            raise BadInput(
                f"This store syncs with {state.remote}; {url} is another remote.",
                hint=f"Check the path (or just run: mia sync). To share this store with {url} from now on: "
                     f"mia sync --switch-remote {shell_word(remote)}",
            )
        report = SyncReport(url, status_only=status, first=not state.remote)
        path = local_path(url)
        empty_remote = False
        if given and path is not None and _creatable(path, url):
            report.created_remote = True
            if status:
                empty_remote = True
            else:
                init_bare(program, path)
        repo = Repo(folder.repo_path, program)
        repo.ensure()
        repo.clear_stale_locks()
        report.signed_as = member_identity(repo)
        report.repository = str(folder.repo_path)
        for attempt in range(1, MAX_ATTEMPTS + 1):
            report.attempts = attempt
            if _attempt(store, repo, folder, state, report, status=status, empty_remote=empty_remote, progress=progress):
                return report
        raise ServiceError(
            f"The remote {url} kept changing while mia tried to send its changes ({MAX_ATTEMPTS} attempts).",
            hint="Nothing was lost and the store is unchanged. Run mia sync again in a moment.",
        )


def _remote_address(remote: str | None, state: SyncState) -> tuple[str, bool]:
    if remote is None or not remote.strip():
        if not state.remote:
            raise BadInput(
                "This store has no remote yet: the first sync needs one.",
                hint="Example: mia sync /shared/club-reviews.git  (a path or any git URL; a missing path is created).",
            )
        return state.remote, False
    remote = remote.strip()
    path = local_path(remote)
    return (str(path.resolve()) if path is not None else remote), True


def _creatable(path: Path, url: str) -> bool:
    """True when `path` is to be made a new empty remote (missing, or an empty folder)."""
    if not path.exists():
        return True
    if path.is_dir() and not any(path.iterdir()):
        return True
    if path.is_dir() and ((path / "HEAD").is_file() or (path / ".git").exists()):
        return False
    raise BadInput(f"{url} exists and is not a git repository.", hint="Give a new path, an empty folder or a git repository.")


def _attempt(store, repo: Repo, folder: SyncFolder, state: SyncState, report: SyncReport, *, status: bool,
             empty_remote: bool, progress: Progress) -> bool:
    """One fetch–merge–push–write round; False when a push race calls for another."""
    url = report.remote
    progress(FETCHING, 0, None)
    tip = None if empty_remote else _fetch(repo, url, known=state.base)
    remote_top = repo.top_entries(tip) if tip else {}
    checkpoint("fetched")
    if not status and state.conflicts:  # (once the remote answered: an unreachable one changes nothing)
        _move_settings_notes(store, folder, state)
    base, synced = _usable_base(repo, state, tip)
    signature = store.signature()
    if tip == base and base == state.base and signature == state.signature and state.remote == url:
        return True  # nothing changed on either side since the last sync: nothing to read

    snapshot = local_snapshot(store)
    tokens = {review_id: token(folder_name, record) for review_id, (folder_name, record) in snapshot.items()}
    candidates = [review_id for review_id in set(tokens) | set(synced) if tokens.get(review_id) != synced.get(review_id)]
    if not candidates and tip == base:
        if not status:
            _finish(repo, folder, state, url, base, tokens, signature)
        return True

    base_places = _places(repo.files(base, *FOLDERS))
    remote_files = repo.files(tip, *FOLDERS)
    remote_places = _places(remote_files)
    rendered: dict[str, bytes] = {}
    local_changed: dict[str, Place | None] = {}
    for done, review_id in enumerate(candidates):
        if done % PROGRESS_EVERY == 0:
            progress(PREPARING, done, len(candidates))
        now = snapshot.get(review_id)
        place = None
        if now is not None:
            rendered[review_id] = to_markdown(now[1])
            place = Place(now[0], blob_id(rendered[review_id]))
        if place != base_places.get(review_id):
            local_changed[review_id] = place

    remote_changed = _remote_changes(repo, base, tip, remote_files, report)
    remote_targets = _read_remote(repo, remote_changed, remote_places, base_places, report, progress)
    sides = {
        review_id: Sides(
            base_places.get(review_id),
            local_changed[review_id] if review_id in local_changed else base_places.get(review_id),
            remote_places.get(review_id),
        )
        for review_id in set(local_changed) | set(remote_changed)
    }
    local_targets = {review_id: snapshot[review_id] for review_id, place in local_changed.items() if place is not None}
    taken = {_number(review_id) for review_id in (*snapshot, *base_places, *remote_places)}
    plan = plan_sync(sides, local_targets, remote_targets, lambda review_id, place: _read_base(repo, review_id, place), taken)
    if plan.conflicts:
        name_conflicts(plan, report.signed_as.name if report.signed_as else "", lambda review_id, fields: _remote_author(
            repo, base, tip, review_id, remote_targets[review_id][1], fields))

    remote_folders = {review_id: place.folder for review_id, place in remote_places.items()}
    report.sent = classify(plan.send, remote_folders)
    report.received = classify(plan.receive, {review_id: entry[0] for review_id, entry in snapshot.items()})
    report.conflicts, report.kept, report.renumbered = plan.conflicts, plan.kept, plan.renumbered
    report.joined = plan.joined
    report.arrived = _arrived_conflicts(plan, snapshot)
    if status:
        return True

    changes = _tree_changes(plan.send, remote_files, local_targets, rendered)
    new_base = tip
    if changes:
        if MARKER not in remote_top:
            changes[MARKER] = marker_bytes()
        titles = {review_id: str(target[1].get("title", "")) for review_id, target in plan.send.items() if target}
        counted = sum(len(ids) for ids in report.sent.values())
        message = commit_message(report.sent, titles, plan.conflicts, len(plan.send) - counted)
        progress(SENDING, 0, None)
        new_base = _commit(repo, folder, tip, changes, message, signer(report.signed_as, report.repository))
        checkpoint("committed")
        if not repo.push(url, new_base):
            report.sent = {kind: [] for kind in report.sent}
            report.skipped.clear()
            return False
        report.commit = new_base
        checkpoint("pushed")
    if plan.receive:
        progress(WRITING, 0, None)
    raced, problems = apply_to_store(store, plan.receive, snapshot, checkpoint)
    report.not_written = problems
    checkpoint("store-written")
    if plan.receive:
        signature = store.signature()  # before reading: a write meanwhile changes it
        snapshot = local_snapshot(store)
        tokens = {review_id: token(folder_name, record) for review_id, (folder_name, record) in snapshot.items()}
    for review_id in raced | {review_id for review_id, _ in problems}:
        tokens.pop(review_id, None)  # not what the remote holds: compared again next time
        signature = []
    _finish(repo, folder, state, url, new_base, tokens, signature)
    return True


def _arrived_conflicts(plan, snapshot: dict[str, Target]) -> list[tuple[str, dict]]:
    """(id, note) of each live review received with an unsettled conflict another member's sync
    found (one this sync found is told as such)."""
    found = {conflict.review_id for conflict in plan.conflicts}
    arrived = []
    for review_id, target in sorted(plan.receive.items(), key=lambda item: _number(item[0])):
        if target is None or target[0] != LIVE or review_id in found:
            continue
        note = unsettled_conflict(target[1])
        before = snapshot.get(review_id)
        if note is not None and (before is None or unsettled_conflict(before[1]) != note):
            arrived.append((review_id, note))
    return arrived


def _move_settings_notes(store, folder: SyncFolder, state: SyncState) -> None:
    """Move the conflicts an earlier mia noted in the sync settings into their reviews (no new
    version), where this sync sends them to every member. A note already settled (the review
    changed since, or is gone) is dropped. Done again after a kill: a moved note's review no
    longer says what the note holds, so the note is dropped then."""
    notes = {
        review_id: settings_note(entry) for review_id, entry in state.conflicts.items() if not conflict_settled(store, entry)
    }

    def note(review) -> bool:
        record = review.to_dict()
        if unsettled_conflict(record) is not None or unsettled_conflict(dict(record, **{CONFLICT_FIELD: notes[review.id]})) is None:
            return False  # the review holds a note already, or the settings' does not name its version
        review.extra[CONFLICT_FIELD] = notes[review.id]
        return True

    if notes:
        store.update(sorted(notes, key=_number), note)
    state.conflicts = {}
    folder.write(state)


def _fetch(repo: Repo, url: str, known: str | None) -> str | None:
    """The remote's tip (None for an empty remote), after refusing another kind of repository
    (unless the tip is the commit the last sync left: checked then)."""
    heads = repo.remote_heads(url)
    if BRANCH in heads:
        tip = repo.fetch(url, BRANCH, REMOTE_REF) if heads[BRANCH] != known or repo.resolve(REMOTE_REF) != known else known
        if tip != known:
            _check_layout(repo, url, tip)
        return tip
    if heads:
        other = repo.fetch(url, sorted(heads)[0], "refs/mia/other")
        _check_layout(repo, url, other)
        raise BadInput(
            f"The remote {url} has no branch '{BRANCH}', where mia keeps the club's reviews (it has: {', '.join(sorted(heads))}).",
            hint="Give mia sync an empty repository, or a path where it may create one.",
        )
    return None


def _check_layout(repo: Repo, url: str, commit: str) -> None:
    top = repo.top_entries(commit)
    marker = None
    if top.get(MARKER) == "blob":
        blob = repo.files(commit, MARKER).get(MARKER)
        marker = repo.read_blobs([blob])[blob] if blob else None
    check_top(url, top, marker)


def _usable_base(repo: Repo, state: SyncState, tip: str | None) -> tuple[str | None, dict[str, str]]:
    """The base of the three-way merge, and the fingerprints that go with it. A base the remote
    no longer descends from (history rewritten, another remote) falls back to the common
    ancestor, and every review is compared again."""
    base = state.base
    if base and not repo.has_commit(base):
        base = None
    if base and tip is None:
        base = None  # the remote was emptied: send everything again
    if base and tip and base != tip and not repo.is_ancestor(base, tip):
        base = repo.merge_base(base, tip)
    return base, (state.synced if base == state.base else {})


def local_snapshot(store) -> dict[str, Target]:
    """review id → (folder, record) of every review in the store, live or in the trash."""
    live, trash = store.live_and_trash_records()
    snapshot: dict[str, Target] = {record["id"]: (TRASH, record) for record in trash}
    snapshot.update((record["id"], (LIVE, record)) for record in live)
    return snapshot


def _places(files: dict[str, str]) -> dict[str, Place]:
    """review id → its place, from path → blob (a live file wins over a trashed one)."""
    places: dict[str, Place] = {}
    for path, blob in files.items():
        found = review_id_of(path)
        if found is not None and (found[1] not in places or found[0] == LIVE):
            places[found[1]] = Place(found[0], blob)
    return places


def _remote_changes(repo: Repo, base: str | None, tip: str | None, remote_files: dict[str, str], report: SyncReport) -> set[str]:
    if tip is None:
        return set()
    paths = list(remote_files) if base is None else repo.changed_paths(base, tip, *(f"{name}/" for name in FOLDERS))
    changed = set()
    for path in paths:
        found = review_id_of(path)
        if found is None:
            if path in remote_files:
                report.skipped.append((path, "not a review file (mia reads reviews/mia_review_N.md and trash/mia_review_N.md)"))
            continue
        changed.add(found[1])
    return changed


def _read_remote(repo, changed: set[str], remote_places, base_places, report: SyncReport,
                 progress: Progress = _no_progress) -> dict[str, Target]:
    """The records of the remote's changed reviews; a file that is not a valid review is
    reported and skipped (its review is taken as unchanged on the remote)."""
    wanted = {review_id: remote_places[review_id] for review_id in changed if review_id in remote_places}
    contents = repo.read_blobs([place.blob for place in wanted.values()])
    targets: dict[str, Target] = {}
    for done, (review_id, place) in enumerate(wanted.items()):
        if done % PROGRESS_EVERY == 0:
            progress(READING, done, len(wanted))
        path = path_of(place.folder, review_id)
        record, problem = read_record(contents[place.blob], path)
        if record is None:
            report.skipped.append((path, problem))
            changed.discard(review_id)
            if review_id in base_places:
                remote_places[review_id] = base_places[review_id]
            else:
                remote_places.pop(review_id, None)
            continue
        targets[review_id] = (place.folder, record)
    return targets


def _remote_author(repo: Repo, base: str | None, tip: str | None, review_id: str, record: dict, fields: list[str]) -> str:
    """The member who wrote the remote's text of a conflict's `fields`: the author of the commit
    that brought it (the oldest of the commits since `base` that changed the review's file and
    already held that text; a later commit may have merged other changes only); "" if unknown."""
    if tip is None:
        return ""
    paths = [path_of(LIVE, review_id), path_of(TRASH, review_id)]
    wanted = [conflicting_text(record, label) for label in fields]
    commits = repo.file_authors(base, tip, paths, AUTHOR_SEARCH_LIMIT)
    contents = repo.read_blobs([blob for _, blob in commits if blob])
    author = ""
    for name, blob in commits:
        older = read_record(contents[blob], paths[0])[0] if blob else None
        if older is None or [conflicting_text(older, label) for label in fields] != wanted:
            break
        author = name
    return author


def _read_base(repo: Repo, review_id: str, place: Place) -> dict | None:
    content_bytes = repo.read_blobs([place.blob])[place.blob]
    record, _ = read_record(content_bytes, path_of(place.folder, review_id))
    return record


def _tree_changes(send, remote_files: dict[str, str], local_targets, rendered: dict[str, bytes]) -> dict[str, bytes | None]:
    """path → new content (None: delete) turning the remote's tree into the merged one."""
    changes: dict[str, bytes | None] = {}
    for review_id, target in send.items():
        paths = {name: path_of(name, review_id) for name in FOLDERS}
        keep = None
        if target is not None:
            keep = paths[target[0]]
            if local_targets.get(review_id) is target and review_id in rendered:
                data = rendered[review_id]
            else:
                data = to_markdown(target[1])
            if remote_files.get(keep) != blob_id(data):
                changes[keep] = data
        for path in paths.values():
            if path != keep and path in remote_files:
                changes[path] = None
    return changes


def _commit(repo: Repo, folder: SyncFolder, parent: str | None, changes: dict[str, bytes | None], message: str,
            author: Identity) -> str:
    written = [(path, data) for path, data in changes.items() if data is not None]
    blobs = repo.write_blobs([data for _, data in written], folder.scratch_path)
    tree_changes: dict[str, str | None] = {path: None for path, data in changes.items() if data is None}
    tree_changes.update((path, blob) for (path, _), blob in zip(written, blobs))
    return repo.commit_tree(parent, tree_changes, message, author, folder.index_path)


def _finish(
    repo: Repo, folder: SyncFolder, state: SyncState, url: str, base: str | None, tokens: dict[str, str], signature: list[int],
) -> None:
    """Remember where this sync left the store: the base commit, each review's fingerprint, and
    the store's signature taken before they were."""
    if base is not None:
        repo.set_ref(BASE_REF, base)  # keeps the base from git's garbage collection
    state.remote, state.base, state.synced, state.signature = url, base, tokens, signature
    folder.write(state)


def conflict_settled(store, entry: dict) -> bool:
    """A conflict noted in the settings (by an earlier mia) is settled once the review no longer
    says what the sync left (a member edited it, or a later sync brought another member's
    edit), or is gone."""
    try:
        record = store.get_record(entry["id"])
    except NotFound:  # removed since: nothing left to settle
        return True
    return fingerprint(content(record)) != entry.get("content")


def settings_note(entry: dict) -> dict[str, list[str]]:
    """The fields and versions of a conflict noted in the settings, as a review's note holds them."""
    return {"fields": list(entry.get("fields") or []), "versions": list(entry.get("versions") or [])}


#: How a member chooses the name their changes are signed with (the first sync says it, and
#: a sync needing a name and finding none): `how_to_name`.
MIA_USER_EXAMPLE = 'export MIA_USER="Your Name <you@example.org>"'


def how_to_name(repository: str | Path) -> list[str]:
    """The ways a member sets the name their changes are signed with, as lines to copy: for this
    store's club only (git's settings of mia's repository beside the store, `repository`, read
    before the member's global ones), for all their git repositories, or MIA_USER (read first)."""
    here = f"git -C {shell_word(repository)} config"
    return [
        "For this club's store only:",
        f'  {here} user.name "Your Name" && {here} user.email you@example.org',
        "For all your git repositories:",
        '  git config --global user.name "Your Name" && git config --global user.email you@example.org',
        "Or in your shell's profile (it comes before git's settings):",
        f"  {MIA_USER_EXAMPLE}",
    ]


def member_identity(repo: Repo) -> Identity | None:
    """The member whose name signs the changes a sync sends (its commit) and names their text in
    a conflict; the one place it is decided: MIA_USER ("Name <email>" or a name), else git's
    user.name and user.email (mia's repository's settings, else the member's global ones);
    None when neither names anyone."""
    value = os.environ.get("MIA_USER", "").strip()
    if value:
        match = re.match(r"^(.*?)\s*<([^<>]*)>\s*$", value)
        if match and match.group(1).strip():
            return Identity(match.group(1).strip(), match.group(2).strip(), "MIA_USER")
        return Identity(value, "", "MIA_USER")
    name = repo.config_get("user.name")
    return Identity(name, repo.config_get("user.email"), "git") if name else None


def signer(found: Identity | None, repository: str | Path) -> Identity:
    """The identity a commit is signed with; BadInput asking for one when none is set (how, for
    the store whose mia repository is `repository`)."""
    if found is None:
        raise BadInput(
            "mia sync signs each change it sends with the member's name, and none is set.",
            hint="\n".join(how_to_name(repository)),
        )
    return found


def _number(review_id: str) -> int:
    digits = review_id.rsplit("_", 1)[-1]
    return int(digits) if digits.isdigit() else 0
