"""`mia doctor`: check the store's health, and put back the newest good backup of a damaged file.

The checks read the files as bytes and never write them: a damaged store is described, not
"repaired" behind the user's back. Restoring is a separate, confirmed step, file by file: only
the files that are damaged go back to their newest good backup, so the rest keeps its latest
changes. A backup is the file as it was just before mia's last change to it: before asking,
`restore_plan` says what putting it back undoes, compared with the search index's copy of the
store as mia last wrote it (reviews added, removed, restored or edited since).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from mia.base.errors import MiaError, StoreError
from mia.base.phrases import shell_word
from mia.evidence.vocabulary import is_stale
from mia.model.review import Review, review_number
from mia.model.doi import doi_key, is_valid_doi  # (after model.review: an import another branch adds goes before it)
from mia.store.review_store import REVIEWS, TRASH, Store, backup_time
from mia.base.workers import results_in_order
from mia.store.file_check import file_summary
from mia.store.json_file import parse_store_bytes
from mia.store.layout import shard_of, shard_path, shard_span, signature_without
from mia.store.shards import is_one_file
from mia.search import check_index, last_written_records


PROBLEM, OK, NOTE, NEXT = "problem", "ok", "note", "next"


@dataclass
class Finding:
    kind: str  # PROBLEM: something is wrong; OK: a fact worth saying; NOTE: a partial fact; NEXT: what to do
    message: str

    @property
    def problem(self) -> bool:
        return self.kind == PROBLEM


def check_store(store: Store, *, deep: bool = False, progress=None) -> list[Finding]:
    """Everything worth knowing about the store's health: problems, then facts, then what to do.

    The quick check (the default) reads every file, and checks that each record is where its
    id says (right key, right file, once) and that the search index matches the store. `deep`
    also validates every record as a review (every field, every section) and every page of the
    index, and counts the key results older rules found: about twice as long. `progress(done, total)` is told of each file read."""
    if not store.path.exists() and len(store.files()) == 1:
        return [Finding(OK, f"There is no store at {store.path} yet; `mia add` creates it.")]
    problems: list[Finding] = []
    seen: Counter[str] = Counter()
    counts = Counter()
    one_file = False
    damaged: list[tuple[int, Path]] = []
    misfiled: list[Path] = []
    files = store.files()
    check = _check_record if deep else _check_placement
    for done, ((shard, path), read) in enumerate(zip(files, _read_files(files, deep)), 1):
        if progress is not None:
            progress(done, len(files))
        if shard > 0 and one_file:
            break  # a schema 1 store file holds everything; files beside it are not read
        if read["error"] is not None:
            problems.append(Finding(PROBLEM, read["error"]))
            damaged.append((shard, path))
            continue
        # An absent store file (a store whose reviews are all numbered from 1,000 on, written
        # by an older mia) holds nothing and says nothing: the shard files are still read.
        one_file = read["one_file"]
        if read["exists"] and not read["meta"]:
            problems.append(Finding(PROBLEM, f"The store file {path.name} records no schema version."))
        for table in (REVIEWS, TRASH):
            # The quick check: the records in their place were counted at C speed (most are);
            # only the others are looked at one by one (`_check_placement` says what is wrong).
            # The deep check looks at every record.
            count, placed, looked_at = read["tables"].get(table, (0, [], []))
            counts[table] += count
            seen.update(placed)
            for key, record in looked_at:
                if deep and table == REVIEWS and isinstance(record, dict) and is_stale(record.get("key_results")):
                    counts["stale"] += 1
                found = check(table, key, record, shard, path, one_file, seen)
                problems.extend(found)
                if found and path not in misfiled:
                    misfiled.append(path)
                if deep and not found:
                    problems.extend(_check_fields(record))
    for review_id, count in sorted(seen.items()):
        if count > 1:
            problems.append(Finding(PROBLEM, f"{review_id} is in the store {count} times (live and in the trash)."))
    if not damaged:
        problems.extend(Finding(PROBLEM, message) for message in check_index(store, counts[REVIEWS], deep=deep))
    backups = sum(len(store.backups(shard)) for shard, _ in files)
    files = len(files)
    summary = (
        f"{counts[REVIEWS]} review(s) in the store, {counts[TRASH]} in the trash, {backups} backup(s)"
        + (f", in {files} files." if files > 1 else ".")
    )
    where = Finding(OK, f"The store is {store.path}" + (
        f", with its other files in {store.shard_dir}." if files > 1 else ".")
        + " Back it up with: mia export --format json --output FILE.json")
    if not damaged:
        facts = [Finding(OK, summary), where]
    elif len(damaged) < files:
        facts = [Finding(NOTE, f"Counted in the files that read well only: {summary[:-1]}; "
                               f"the reviews of the {len(damaged)} damaged file(s) are not counted.")]
    else:
        facts = []  # nothing could be read: no count to give
    steps = _next_steps(store, damaged, misfiled)
    if counts["stale"]:  # (the deep check reads every record: a fact, not a problem)
        steps.append(Finding(NEXT, f"{counts['stale']} review(s) have key results an older version of mia's rules "
                                   "found, that nobody checked; `mia reindex` extracts them again."))
    return problems + facts + steps


def _next_steps(store: Store, damaged: list[tuple[int, Path]], misfiled: list[Path]) -> list[Finding]:
    """What the user can do about the problems found: `--restore` only for the damaged files that
    have a good backup to put back; for the others, what mia leaves to them."""
    steps: list[Finding] = []
    restorable = [path for shard, path in damaged if good_backup(store, shard) is not None]
    if restorable:
        which = "the damaged file" if len(damaged) == 1 else f"{len(restorable)} damaged file(s) ({', '.join(p.name for p in restorable)})"
        steps.append(Finding(NEXT, f"Run `mia doctor --restore` to put back the newest good backup of {which}; "
                                   "the damaged file is kept beside it."))
    for shard, path in damaged:
        if path in restorable:
            continue
        holds = "the store file" if shard == 0 else "the file of reviews %d-%d" % shard_span(shard)
        steps.append(Finding(NEXT, f"No good backup of {path} exists, so there is nothing to put back; "
                                   f"mia has left it as it is. Put back a copy of your own, or move it aside "
                                   f"(mv {shell_word(path)} {shell_word(str(path) + '.damaged')}) and mia starts {holds} afresh, without the reviews it held."))
    for path in misfiled:
        steps.append(Finding(NEXT, f"The record(s) named above were left as they are: correct them in {path} by hand "
                                   f"(a JSON file; mia keeps its last versions in {store.backup_dir})."))
    return steps


def _check_record(table, key, record, shard, path, one_file, seen) -> list[Finding]:
    """The deep check of a record: a valid review, where its id says."""
    try:
        review = Review.from_dict(record)
    except MiaError as error:
        return [Finding(PROBLEM, f"Record {key} of '{table}' is not a valid review: {error.message}")]
    return _placed(table, key, review.id, shard, path, one_file, seen)


def _check_fields(record: dict) -> list[Finding]:
    """Fields of a valid review that mia refuses at import but a store written before that
    check may hold (an invalid DOI, which `cite` would print as a link): each with its remedy."""
    article = record.get("article") if isinstance(record.get("article"), dict) else {}
    doi = article.get("doi")
    if isinstance(doi, str) and doi.strip() and not is_valid_doi(doi_key(doi)):
        return [Finding(PROBLEM, f"{record['id']}'s article DOI '{doi}' is not a valid DOI (one looks like "
                                 f"10.1056/NEJMoa2100596): correct it, or empty it, with `mia edit {record['id']}`.")]
    return []


#: From this many files (15,000 reviews and more), the quick check reads them on worker
#: processes (`store.file_check`): starting them costs ~0.2 s, reading 101 files of 100,000
#: bench reviews ~2.8 s on one core.
PARALLEL_FILES = 16


def _read_files(files: list[tuple[int, Path]], deep: bool):
    """What the check needs of each file, in order (`store.file_check.file_summary`): for the
    deep check every record of each file, read here; for the quick check of many files, read
    on worker processes."""
    items = [(shard, str(path)) for shard, path in files]
    if deep:
        yield from (file_summary(item, every_record=True) for item in items)
    elif len(items) < PARALLEL_FILES:
        yield from map(file_summary, items)
    else:
        with results_in_order(file_summary, items, window=8, chunk=1) as summaries:
            yield from summaries


def _check_placement(table, key, record, shard, path, one_file, seen) -> list[Finding]:
    """The quick check of a record: an object with a review id, where that id says."""
    review_id = record.get("id") if isinstance(record, dict) else None
    try:
        review_number(review_id) if isinstance(review_id, str) else None
    except MiaError:
        review_id = None
    if not isinstance(review_id, str):
        return [Finding(PROBLEM, f"Record {key} of '{table}' is not a valid review: it has no review id "
                                 "(run `mia doctor --deep` for every field).")]
    return _placed(table, key, review_id, shard, path, one_file, seen)


def _placed(table, key, review_id, shard, path, one_file, seen) -> list[Finding]:
    seen[review_id] += 1
    number = review_number(review_id)
    if str(number) != key:
        return [Finding(PROBLEM, f"Record {key} of '{table}' holds {review_id}, whose number is not {key}.")]
    if not one_file and shard_of(number) != shard:
        return [Finding(PROBLEM, f"{review_id} is in {path.name}, which holds other numbers; it is not found there.")]
    return []


def damaged_files(store: Store) -> list[tuple[int, Path]]:
    """(shard, path) of each file of the store that does not read as a store file."""
    damaged = []
    for shard, path in store.files():
        try:
            if path.exists():
                parse_store_bytes(path.read_bytes(), path)
        except StoreError:
            damaged.append((shard, path))
    return damaged


def good_backup(store: Store, shard: int = 0) -> tuple[Path, dict] | None:
    """The most recent backup of one file of the store that parses and whose every record is
    valid, with its tables as read; None when there is none."""
    for backup in store.backups(shard):
        try:
            tables = parse_store_bytes(backup.read_bytes(), backup)
            for table in (REVIEWS, TRASH):
                for record in tables.get(table, {}).values():
                    Review.from_dict(record)
        except (MiaError, OSError):
            continue
        return backup, tables
    return None


def newest_good_backup(store: Store, shard: int = 0) -> tuple[Path, dict]:
    """`good_backup`, or `StoreError` saying there is none and what to do instead."""
    found = good_backup(store, shard)
    if found is None:
        path = shard_path(store.path, shard)
        raise StoreError(
            f"No good backup of {path} was found in {store.backup_dir}; nothing was restored, and the file was kept as it is.",
            hint=f"Put back a copy of your own, or move the file aside (mv {shell_word(path)} {shell_word(str(path) + '.damaged')}) "
                 "and mia starts it afresh, without the reviews it held.",
        )
    return found


# --- what `mia doctor --restore` would put back, and what that undoes ---------------------------

#: Ids named in one line of a restore's plan; more are counted.
SHOWN_IDS = 8


@dataclass
class RestoreStep:
    """One damaged file and the backup that would replace it: when the backup was made, what it
    holds, and what putting it back undoes of the store as mia last wrote it (`undone`: one
    sentence each; None when that cannot be told)."""

    shard: int
    path: Path
    backup: Path
    taken: datetime.datetime
    reviews: int
    trashed: int
    undone: list[str] | None = field(default_factory=list)


def restore_plan(store: Store) -> list[RestoreStep]:
    """For each damaged file, its newest good backup (StoreError when one has none) and what
    putting it back would undo (`_undone`)."""
    steps = []
    for shard, path in damaged_files(store):
        backup, tables = newest_good_backup(store, shard)
        live, trash = tables.get(REVIEWS, {}), tables.get(TRASH, {})
        steps.append(RestoreStep(shard, path, backup, backup_time(backup), len(live), len(trash),
                                 _undone(store, shard, tables)))
    return steps


def _undone(store: Store, shard: int, tables: dict) -> list[str] | None:
    """What putting `tables` (a backup of file `shard`) back would undo, compared with the same
    reviews as mia last wrote them (the search index's copy, `last_written_records`): reviews
    added since, removed since, restored since, edited since. None when there is no such copy."""
    low, high = (0, 1 << 62) if shard == 0 and is_one_file(tables) else shard_span(shard)
    found = last_written_records(store, low, high)
    if found is None:
        return None
    written, signature = found
    if signature_without(signature, shard) != signature_without(store.signature(), shard):
        return None  # the other files changed since the index last followed the store: it may be behind
    now = {record["id"]: record for record in written if isinstance(record, dict) and "id" in record}
    live = {record.get("id"): record for record in tables.get(REVIEWS, {}).values() if isinstance(record, dict)}
    trash = {record.get("id"): record for record in tables.get(TRASH, {}).values() if isinstance(record, dict)}
    added = [i for i in now if i not in live and i not in trash]
    back_to_trash = [i for i in now if i in trash and i not in live]
    brought_back = [i for i in live if i not in now]
    older = [i for i in now if i in live and live[i].get("version") != now[i].get("version")]
    quietly = [i for i in now if i in live and i not in older and live[i] != now[i]]
    undone = []
    if added:
        undone.append(f"{_count(added, 'review')} added since will be removed: {_ids(added)}.")
    for review_id in older[:SHOWN_IDS]:
        undone.append(f"{review_id} goes back to its version {live[review_id].get('version')}: its version "
                      f"{now[review_id].get('version')} is lost.")
    if len(older) > SHOWN_IDS:
        undone.append(f"{len(older) - SHOWN_IDS} other review(s) go back to an earlier version: {_ids(older[SHOWN_IDS:])}.")
    if back_to_trash:
        undone.append(f"{_ids(back_to_trash)} will be back in the trash (restored since).")
    if brought_back:
        undone.append(f"{_ids(brought_back)} will be back among the reviews (removed since).")
    if quietly:
        undone.append(f"Changes made since without a new version (the article's details looked up from its DOI, "
                      f"key results extracted again) are lost for {_ids(quietly)}.")
    return undone


def _count(ids: list[str], noun: str) -> str:
    return f"1 {noun}" if len(ids) == 1 else f"{len(ids)} {noun}s"


def _ids(ids: list[str]) -> str:
    return ", ".join(ids[:SHOWN_IDS]) + (f" and {len(ids) - SHOWN_IDS} more" if len(ids) > SHOWN_IDS else "")
