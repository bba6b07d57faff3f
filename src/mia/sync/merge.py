"""The three-way merge of one review, field by field and section by section (pure: no I/O).

A review changed on both sides since the last sync is merged against the version both started
from (the base). For each field, and for each section (found by its heading), the side that
changed it wins; a field both sides changed to *different* values is a conflict, except the
keywords and the review's authors, merged item by item (both sides' additions kept, either
side's removals applied). A conflict
loses nothing: the earlier edit is kept whole as a version in `history`, and the current
record holds the later edit's values for the conflicting fields, with every change of either
side that did not conflict. Which edit is later is told by the records' `updated` times.

Bookkeeping (version label and date, times, source, the DOI's resolved metadata) never makes a
conflict: it follows the side that changed it, or the later side. Earlier versions (`history`)
are the union of both sides' versions, each once, in the sides' order.

A merge with a conflict notes it in the record (`mia.model.review.CONFLICT_FIELD`: the fields,
the earlier and current versions), so it travels to every member. The note is merged like a
field: removed on one side (accepted, or an edit) and kept on the other = removed; noted on
both sides differently = one kept (the later side's); a note that no longer names the merged
record's current version (a member's edit made a new one) is dropped. A new conflict replaces
an older note. Earlier versions in `history` carry no note.

A merge is also re-doable: when one side's current record is already among the other side's
earlier versions (the other side built on it, e.g. an interrupted sync pushed it), the other
side simply wins. Records are the store's dicts (DESIGN.md, "The review record").

Two reviews new on both sides under one id (no base) are *the same review* or two reviews; the
rule is `same_review`, here only. The same review (a member imported the club's compte-rendu
into their own store before their first sync) is merged as one (`merge_same_review`), from the
version both sides have; two reviews are both kept (`plan.py` renumbers the local one).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from mia.importers import attach_key_results
from mia.model.labels import distinct_label
from mia.model.review import CONFLICT_FIELD, PDF_FIELD, Review, unsettled_conflict

MISSING: Any = object()
#: Fields that never conflict (see the module docstring).
_QUIET = ("version", "version_date", "source", "removed")
_TIMES = ("added", "updated")
_NOT_CONTENT = ("history", "added", "updated", "removed")
_VERSION_NUMBER = re.compile(r"^[Vv](\d+)$")
#: How a conflict names a section (`section "Discussion"`), an article's field (`article.journal`).
_SECTION_LABEL, _ARTICLE_LABEL = 'section "{}"', "article."
#: Extracted from the text unless a person checked them: never a conflict of their own then.
KEY_RESULTS = "key_results"
#: Lists merged item by item: what either side added is kept, what either side removed goes.
LIST_FIELDS = ("keywords", "authors")
#: What a version holds besides what a member wrote (`written`): labels, dates, times, where it
#: was imported from, the attached PDF, a conflict note, the DOI's resolved metadata and the key
#: results extracted from the text (unless a person checked them).
_BOOKKEEPING = ("id", "version", "version_date", "source", "added", "updated", "removed", "history",
                CONFLICT_FIELD, PDF_FIELD)


@dataclass
class Merged:
    """A merged review; with `conflicts` (what both sides changed differently), the earlier
    edit is the last entry of the record's history, labelled `earlier_label`."""

    record: dict[str, Any]
    conflicts: list[str] = field(default_factory=list)
    earlier_label: str = ""
    earlier_side: str = ""  # "local" or "remote"


def content(record: dict[str, Any]) -> dict[str, Any]:
    """What a version says and is called: the record without history and times."""
    return {key: value for key, value in record.items() if key not in _NOT_CONTENT}


def same_content(one: dict[str, Any], other: dict[str, Any]) -> bool:
    return content(one) == content(other)


def has_seen(newer: dict[str, Any], older: dict[str, Any]) -> bool:
    """True when `older`, as it is, is one of `newer`'s earlier versions (a conflict note aside:
    an earlier version never carries one)."""
    said = _said(older)
    return any(_said(entry) == said for entry in newer.get("history") or [])


def _said(record: dict[str, Any]) -> dict[str, Any]:
    said = content(record)
    said.pop(CONFLICT_FIELD, None)
    return said


def written(record: dict[str, Any]) -> str:
    """What a member wrote in one version of a review, as one comparable text: the record without
    its bookkeeping (`_BOOKKEEPING`), the sections as headings and texts."""
    said = {key: value for key, value in record.items() if key not in _BOOKKEEPING}
    if not _checked(said.get(KEY_RESULTS)):
        said.pop(KEY_RESULTS, None)
    said["article"] = {key: value for key, value in (record.get("article") or {}).items() if key != "metadata"}
    said["sections"] = [[section.get("heading", ""), section.get("text", "")] for section in record.get("sections") or []]
    return _canonical(said)


def versions_of(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The review's versions, oldest first: its earlier versions, then the current one (without
    its history)."""
    current = {key: value for key, value in record.items() if key != "history"}
    return [*(record.get("history") or []), current]


def _file_fingerprint(version: dict[str, Any]) -> str:
    source = version.get("source")
    fingerprint = source.get("sha256") if isinstance(source, dict) else None
    return fingerprint if isinstance(fingerprint, str) else ""


def same_review(local: dict[str, Any], remote: dict[str, Any]) -> tuple[int, int] | None:
    """Whether two reviews new on both sides under one id are the same review, and from which
    version: (i, j) when the local review's version i and the remote's version j are the same
    compte-rendu (`versions_of`), None when they are two reviews. The evidence, in this order:

    1. a version of each says the same (`written`: what a member wrote; its label, dates, times,
       source, PDF, the DOI's resolved metadata and extracted key results aside): the newest
       local version the remote also has, at the remote's newest version saying it;
    2. a version of each was imported from the same file (`source.sha256`: the file's bytes,
       one review a file; a record of a JSON file without a source is fingerprinted by its own
       content): the oldest such version on each side (the import; a mia of another version may
       have read the file a little differently).

    Not evidence: the same DOI, article or title. Two members may review one article, each in
    their own words: those are two reviews, and both are kept.
    """
    local_versions, remote_versions = versions_of(local), versions_of(remote)
    return _same_versions(local_versions, remote_versions, _says(local_versions), _said_at(remote_versions))


def _says(versions: list[dict[str, Any]]) -> list[str]:
    """What each version says (`written`)."""
    return [written(version) for version in versions]


def _said_at(versions: list[dict[str, Any]]) -> dict[str, int]:
    """What each version says (`written`) → the newest of `versions` saying it."""
    return {said: index for index, said in enumerate(_says(versions))}


def _same_versions(local_versions: list[dict[str, Any]], remote_versions: list[dict[str, Any]],
                   local_says: list[str], remote_said: dict[str, int]) -> tuple[int, int] | None:
    """`same_review` of two reviews' versions, given what each says (`_says`, `_said_at`)."""
    for index in range(len(local_versions) - 1, -1, -1):
        found = remote_said.get(local_says[index])
        if found is not None:
            return index, found
    files = {}
    for index in range(len(remote_versions) - 1, -1, -1):
        fingerprint = _file_fingerprint(remote_versions[index])
        if fingerprint:
            files[fingerprint] = index
    for index, version in enumerate(local_versions):
        fingerprint = _file_fingerprint(version)
        if fingerprint in files:
            return index, files[fingerprint]
    return None


def merge_same_review(local: dict[str, Any], remote: dict[str, Any]) -> Merged | None:
    """Two records new under one id merged as one review when `same_review` says they are one
    (None when they are two reviews).

    The local review is taken as built on the remote's version j: its versions up to its own
    version i give way to the remote's up to j, its later ones follow; then the usual three-way
    merge from version i. So the remote's newer versions win where the member did not edit, the
    member's own later edits merge field by field (a conflict keeps both texts), nothing is
    doubled. A local version up to i that says what none of the remote's does (a file read
    differently) is kept, first in the history: nothing is lost.
    """
    local_versions, remote_versions = versions_of(local), versions_of(remote)
    local_says, remote_said = _says(local_versions), _said_at(remote_versions)
    found = _same_versions(local_versions, remote_versions, local_says, remote_said)
    if found is None:
        return None
    i, j = found
    unknown = [
        {key: value for key, value in version.items() if key != CONFLICT_FIELD}
        for version, said in zip(local_versions[: i + 1], local_says) if said not in remote_said
    ]
    base = local_versions[i]
    if i == len(local_versions) - 1:  # no edit of the member's own since: it stands for the remote's j
        rebased = dict(local, history=remote_versions[:j])
    else:
        rebased = dict(local, history=[*remote_versions[: j + 1], *local_versions[i + 1:-1]])
    rebased["history"] = [{key: value for key, value in entry.items() if key != CONFLICT_FIELD} for entry in rebased["history"]]
    merged = merge_records(base, rebased, remote)
    if unknown:
        history = merged.record.get("history") or []
        used = [entry.get("version", "") for entry in history] + [merged.record.get("version", "")]
        for entry in unknown:  # each version can still be named (`mia show ID --version V0.1`)
            entry["version"] = distinct_label(str(entry.get("version", "")), used)
            used.append(entry["version"])
        merged.record = dict(merged.record, history=[*unknown, *history])
    return merged


def merge_records(base: dict[str, Any], local: dict[str, Any], remote: dict[str, Any]) -> Merged:
    """Merge two edits of one review made since `base` (see the module docstring)."""
    if has_seen(remote, local):
        return Merged(dict(remote))
    if has_seen(local, remote):
        return Merged(dict(local))
    local_is_later = (local.get("updated") or "") >= (remote.get("updated") or "")
    later, earlier = (local, remote) if local_is_later else (remote, local)
    conflicts: list[str] = []
    record: dict[str, Any] = {}
    skip = {"sections", "article", "history", CONFLICT_FIELD, *_QUIET, *_TIMES}
    derived = False
    for key in _keys(local, remote, base):
        if key in skip:
            continue
        value, clash = three_way(base.get(key, MISSING), local.get(key, MISSING), remote.get(key, MISSING))
        if clash and key in LIST_FIELDS:
            value, clash = merge_lists(base.get(key, MISSING), local.get(key, MISSING), remote.get(key, MISSING),
                                       later_is_local=later is local)
        if clash and key == KEY_RESULTS and not (_checked(local.get(key)) or _checked(remote.get(key))):
            derived, clash = True, False  # extracted from each side's text: extracted again below
            value = later.get(key, MISSING)
        if clash:
            conflicts.append(key)
            value = later.get(key, MISSING)
        if value is not MISSING:
            record[key] = value
    record["article"] = _merge_article(base, local, remote, later, conflicts)
    record["sections"] = _merge_sections(base, local, remote, later is local, conflicts)
    if derived:
        record[KEY_RESULTS] = _extracted(record)
    for key in _QUIET:
        value, clash = three_way(base.get(key, MISSING), local.get(key, MISSING), remote.get(key, MISSING))
        if clash:
            value = later.get(key, MISSING)
            if key == "version":  # V1 here, V2 there: the merge is at least V2
                value = _higher_label(local.get(key, ""), remote.get(key, ""), value)
        if value is not MISSING:
            record[key] = value
    added = [stamp for stamp in (local.get("added"), remote.get("added")) if stamp]
    record["added"] = min(added) if added else ""
    record["updated"] = max(local.get("updated") or "", remote.get("updated") or "")
    history = merge_history(base.get("history") or [], local.get("history") or [], remote.get("history") or [])
    merged = Merged(record)
    note = _merged_note(base, local, remote, later)
    if conflicts:
        kept = {key: value for key, value in earlier.items() if key not in ("history", CONFLICT_FIELD)}
        if not any(entry == kept for entry in history):
            history.append(kept)
        record["version"] = next_label([entry.get("version", "") for entry in history] + [later.get("version", "")])
        record["version_date"] = later.get("version_date", record.get("version_date", ""))
        merged.conflicts = conflicts
        merged.earlier_label = str(earlier.get("version", ""))
        merged.earlier_side = "remote" if local_is_later else "local"
        note = {"fields": list(conflicts), "versions": [merged.earlier_label, str(record["version"])]}
    if note is not MISSING and unsettled_conflict({CONFLICT_FIELD: note, "version": record.get("version")}):
        record[CONFLICT_FIELD] = note
    record["history"] = history
    if not conflicts:
        for side in (remote, local):  # the same as one side: that side as it is, times and all
            if same_content(record, side) and record["history"] == (side.get("history") or []):
                merged.record = dict(side)
                break
    return merged


def conflicting_text(record: dict[str, Any], label: str) -> Any:
    """What `record` holds of a field a conflict names (`title`, `article.journal`,
    `section "Discussion"`, `sections`): to find which member wrote it."""
    sections = record.get("sections") or []
    if label == "sections":
        return [[section.get("heading"), section.get("text")] for section in sections]
    prefix, suffix = _SECTION_LABEL.split("{}")
    if label.startswith(prefix) and label.endswith(suffix):
        heading = label[len(prefix):len(label) - len(suffix)]
        return [section.get("text") for section in sections if section.get("heading") == heading]
    if label.startswith(_ARTICLE_LABEL):
        return (record.get("article") or {}).get(label[len(_ARTICLE_LABEL):], MISSING)
    return record.get(label, MISSING)


def _merged_note(base: dict[str, Any], local: dict[str, Any], remote: dict[str, Any], later: dict[str, Any]) -> Any:
    """The conflict note of two sides that did not conflict now: merged as a field; when each
    side noted one of its own, the later side's (or the one there is) is kept."""
    values = [record.get(CONFLICT_FIELD, MISSING) for record in (base, local, remote)]
    value, clash = three_way(*values)
    if clash:
        value = later.get(CONFLICT_FIELD, MISSING)
        if value is MISSING:
            value = values[1] if values[2] is MISSING else values[2]
    return value


def merge_lists(base: Any, local: Any, remote: Any, *, later_is_local: bool) -> tuple[Any, bool]:
    """A list of texts changed on both sides, merged item by item: the items either side added,
    without those either side removed, in the later side's order (the earlier side's additions
    after). (value, False), or (MISSING, True) when a side is not a list of texts."""
    sides = (base if base is not MISSING else [], local, remote)
    if not all(isinstance(side, list) and all(isinstance(item, str) for item in side) for side in sides):
        return MISSING, True
    base_items, local_items, remote_items = sides
    removed = (set(base_items) - set(local_items)) | (set(base_items) - set(remote_items))
    later, earlier = (local_items, remote_items) if later_is_local else (remote_items, local_items)
    return [item for item in dict.fromkeys(later + earlier) if item not in removed], False


def _checked(key_results: Any) -> bool:
    return isinstance(key_results, dict) and bool(key_results.get("checked"))


def _extracted(record: dict[str, Any]) -> Any:
    """Key results nobody checked, which both sides extracted from their own text: extracted
    from the merged text (a person's checked results are merged as any field, and conflict)."""
    review = Review.from_dict(dict(record, history=[]))
    attach_key_results(review)
    return review.extra.get(KEY_RESULTS)


def three_way(base: Any, local: Any, remote: Any) -> tuple[Any, bool]:
    """The merged value and whether both sides changed it differently (MISSING: absent)."""
    if local == remote:
        return local, False
    if local == base:
        return remote, False
    if remote == base:
        return local, False
    return MISSING, True


def _quiet(base: Any, local: Any, remote: Any, later: Any) -> Any:
    """The three-way value, or the later side's when both changed it."""
    value, clash = three_way(base, local, remote)
    return later if clash else value


def _keys(*records: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys(key for record in records for key in record))


def _merge_article(base, local, remote, later, conflicts: list[str]) -> dict[str, Any]:
    parts = [(record.get("article") or {}) for record in (base, local, remote, later)]
    article: dict[str, Any] = {}
    for key in _keys(*parts[1:3], parts[0]):
        values = [part.get(key, MISSING) for part in parts]
        if key == "metadata":  # what the DOI resolved to: data, not a member's text
            value = _quiet(*values)
        else:
            value, clash = three_way(*values[:3])
            if clash:
                conflicts.append(_ARTICLE_LABEL + key)
                value = values[3]
        if value is not MISSING:
            article[key] = value
    return article


def _keyed(sections: list[dict[str, Any]]) -> list[tuple[tuple[str, int], str]]:
    """Each section under (heading, occurrence): a heading used twice stays two sections."""
    seen: dict[str, int] = {}
    keyed = []
    for section in sections:
        heading = section.get("heading", "")
        seen[heading] = seen.get(heading, -1) + 1
        keyed.append(((heading, seen[heading]), section.get("text", "")))
    return keyed


def _merge_sections(base, local, remote, local_is_later: bool, conflicts: list[str]) -> list[dict[str, Any]]:
    b, l, r = (dict(_keyed(record.get("sections") or [])) for record in (base, local, remote))
    later = l if local_is_later else r
    roles = _roles(remote, local) if local_is_later else _roles(local, remote)
    sections = []
    for key in _merged_order(list(l), list(r)):
        text, clash = three_way(b.get(key, MISSING), l.get(key, MISSING), r.get(key, MISSING))
        if clash:
            conflicts.append(_SECTION_LABEL.format(key[0]))
            text = later.get(key, MISSING)
        if text is not MISSING:
            sections.append(_section(key, text, roles))
    if not sections:  # each side removed the sections the other kept: keep the later's
        conflicts.append("sections")
        sections = [_section(key, text, roles) for key, text in later.items()]
    return sections


def _roles(earlier: dict[str, Any], later: dict[str, Any]) -> dict[tuple[str, int], str]:
    """The role of each keyed section (the later side's where both have one)."""
    roles = {}
    for record in (earlier, later):
        sections = record.get("sections") or []
        for (key, _), section in zip(_keyed(sections), sections):
            if section.get("role"):
                roles[key] = section["role"]
    return roles


def _section(key: tuple[str, int], text: str, roles: dict[tuple[str, int], str]) -> dict[str, Any]:
    """A merged section, with its role when a side recorded one (the store records it)."""
    section = {"heading": key[0], "text": text}
    if key in roles:
        section["role"] = roles[key]
    return section


def _merged_order(local: list, remote: list) -> list:
    """The local order of sections, each section only the remote has put after the one it
    follows there."""
    order = list(local)
    for index, key in enumerate(remote):
        if key in order:
            continue
        position = 0
        for previous in reversed(remote[:index]):
            if previous in order:
                position = order.index(previous) + 1
                break
        order.insert(position, key)
    return order


def merge_history(base: list[dict], local: list[dict], remote: list[dict]) -> list[dict]:
    """Every earlier version of either side, once each, in the sides' own order: the base's,
    then the local ones, each remote one after the version it follows on the remote.

    Not sorted by time: members' clocks differ, and a merge done again with its own result
    (an interrupted sync) must give that result unchanged.
    """
    entries = {}
    for entry in [*base, *local, *remote]:
        entries.setdefault(_canonical(entry), entry)
    keys = [[_canonical(entry) for entry in side] for side in (base, local, remote)]
    order = _merged_order(_merged_order(keys[0], keys[1]), keys[2])
    return [entries[key] for key in dict.fromkeys(order)]


def _canonical(entry: dict[str, Any]) -> str:
    return json.dumps(entry, sort_keys=True, ensure_ascii=False, default=str)


def label_number(label: str) -> int | None:
    match = _VERSION_NUMBER.match(str(label or ""))
    return int(match.group(1)) if match else None


def next_label(labels: list[str]) -> str:
    """The label after every one of `labels` (V0, V1 → V2), like `mia edit` gives."""
    numbers = [number for number in map(label_number, labels) if number is not None]
    return f"V{max(numbers) + 1}" if numbers else f"V{len(labels)}"


def _higher_label(local: str, remote: str, fallback: Any) -> Any:
    numbers = [(label_number(label), label) for label in (local, remote)]
    known = [pair for pair in numbers if pair[0] is not None]
    return max(known)[1] if len(known) == 2 else fallback
