"""A conflict travels in the review itself: every member's `mia conflicts` lists it, and one
member settling it (an edit, or `mia conflicts --accept`) settles it for all after their sync.

Three stores A, B, C and a bare remote R, all holding the club's mia_review_40 (the bundled
compte-rendu); A and B rewrite the same sentence of its Discussion.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sync_support import content_of

from mia.model.review import CONFLICT_FIELD
from mia.sync import engine
from mia.sync.merge import content
from mia.sync.state import fingerprint

SEED = Path(__file__).resolve().parents[2] / "data" / "reviews" / "mia_review_40.txt"
SENTENCE = "Cette étude montre une meilleure efficacité du traitement combiné MMF + GC"
BY_A = "Cette étude montre une efficacité nettement supérieure du traitement combiné MMF + GC (A)"
BY_B = "Cette étude montre une efficacité modestement supérieure du traitement combiné MMF + GC (B)"
#: The note of an earlier mia (in the settings): no names.
UNNAMED = [{"id": "mia_review_40", "title": "Thrombocytopénie immune: A new hope!",
            "fields": ['section "Discussion"'], "versions": ["V1", "V2"]}]
#: Whose text each version is: A's sync sent V1, B's sync found the conflict (MIA_USER's names).
LISTED = [dict(UNNAMED[0], members=["A Member", "B Member"])]


def at(monkeypatch, stamp: str) -> None:
    monkeypatch.setattr("mia.store.review_store.now_iso", lambda: stamp)


@pytest.fixture
def trio(club, monkeypatch):
    a, b, c = club.member("A"), club.member("B"), club.member("C")
    at(monkeypatch, "2026-03-01T09:00:00Z")
    assert a.mia("add", str(SEED)).exit_code == 0
    a.sync(str(club.remote))
    b.sync(str(club.remote))
    c.sync(str(club.remote))
    return a, b, c


def rewrite(member, text: str) -> None:
    discussion = member.section("mia_review_40", "Discussion")
    assert SENTENCE in discussion
    member.edit("mia_review_40", Discussion=discussion.replace(SENTENCE, text))


def conflicts(member) -> list[dict]:
    result = member.mia("conflicts", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def sync_all(*members, rounds: int = 2) -> None:
    for _ in range(rounds):
        for member in members:
            member.sync()


def same_reviews(*members) -> bool:
    first = {review_id: content_of(record) for review_id, record in members[0].records().items()}
    return all({review_id: content_of(record) for review_id, record in m.records().items()} == first for m in members)


def a_rewrote_the_discussion_and_synced(a, monkeypatch) -> None:
    at(monkeypatch, "2026-03-01T10:00:00Z")
    rewrite(a, BY_A)
    a.sync()
    at(monkeypatch, "2026-03-01T11:00:00Z")


@pytest.fixture
def conflicted(trio, monkeypatch):
    """The issue's scenario: A and B rewrite the same sentence, each syncs; B's sync finds it."""
    a, b, c = trio
    a_rewrote_the_discussion_and_synced(a, monkeypatch)  # at 10:00; the clock now at 11:00
    rewrite(b, BY_B)
    found = b.sync().stdout
    assert ('Conflict in mia_review_40 (section "Discussion"): both texts are kept, V1 (the remote\'s, by A Member: '
            "the earlier edit) and V2 (yours, by B Member: current). See: mia diff mia_review_40 V1 V2") in found
    return a, b, c


def test_every_member_lists_the_conflict_after_syncing(conflicted):
    a, b, c = conflicted
    arrived = a.sync().stdout
    assert ('mia_review_40 arrived with an unsettled conflict (section "Discussion"): V1 (by A Member) and V2 (by B Member) '
            "hold both texts. See: mia diff mia_review_40 V1 V2") in arrived
    assert "`mia conflicts` lists them on every member's store" in arrived
    sync_all(c, b, a, c)

    assert same_reviews(a, b, c)
    for member in (a, b, c):
        assert conflicts(member) == LISTED
        review = member.get("mia_review_40")
        assert (review.version, [version["version"] for version in review.history]) == ("V2", ["V0", "V1"])
        assert BY_B in member.section("mia_review_40", "Discussion")  # the later edit is current
        assert BY_A in next(s["text"] for s in review.history[-1]["sections"] if s["heading"] == "Discussion")
        assert all(CONFLICT_FIELD not in version for version in review.history)
        assert member.mia("conflicts").stdout == (
            "mia_review_40: Thrombocytopénie immune: A new hope!\n"
            '  edited on both sides: section "Discussion"\n'
            "  V1 (by A Member): the earlier edit, kept in the history\n"
            "  V2 (by B Member): the current text\n"
            "  Compare: mia diff mia_review_40 V1 V2. Keep V2: mia conflicts --accept mia_review_40; "
            "or write the text to keep: mia edit mia_review_40\n"
        )
    shown = [member.mia("show", "mia_review_40").stdout for member in (a, b, c)]
    assert shown[0] == shown[1] == shown[2]
    assert ('⚠ Unsettled sync conflict (section "Discussion"): V1 (by A Member) and V2 (by B Member) hold two members\' texts. '
            "See: mia diff mia_review_40 V1 V2; settle it with mia edit mia_review_40, "
            "or mia conflicts --accept mia_review_40 to keep V2.\n") in a.mia("show", "40", env={"COLUMNS": ""}).stdout
    diff = c.mia("diff", "mia_review_40", "V1", "V2").stdout
    assert "(A)" in diff and "(B)" in diff


def test_the_conflict_is_a_field_of_the_remote_file_not_of_the_searched_text(conflicted, club):
    from mia.search.documents import field_items

    a, b, c = conflicted
    remote = club.git("--git-dir", str(club.remote), "show", "main:reviews/mia_review_40.md")
    assert ('"conflict": {"fields": ["section \\"Discussion\\""], "versions": ["V1", "V2"], '
            '"members": ["A Member", "B Member"]}') in remote
    record = b.records()["mia_review_40"]
    without = {key: value for key, value in record.items() if key != CONFLICT_FIELD}
    assert record[CONFLICT_FIELD] and field_items(record) == field_items(without)


def test_accepting_on_one_store_settles_it_for_everyone(conflicted):
    a, b, c = conflicted
    sync_all(a, c, b)
    accepted = c.mia("conflicts", "--accept", "40")
    assert accepted.exit_code == 0
    assert accepted.stdout == (
        "Settled the conflict of mia_review_40: V2 (by B Member) stays its current text, as the sync merged it. "
        "V1 (by A Member) stays in its history: see it with mia show mia_review_40 --version V1 "
        "(mia diff mia_review_40 V1 compares it with the current text); to take some of it back, "
        "mia edit mia_review_40. Run mia sync to settle the conflict for the other members too.\n"
    )
    kept = c.mia("show", "mia_review_40", "--version", "V1").stdout  # where the message says A's text is
    assert BY_A in kept and BY_B not in kept
    assert conflicts(c) == [] and conflicts(a) == LISTED
    assert "sent 1 (1 changed)" in c.sync().stdout
    unknown = c.mia("conflicts", "--accept", "99")
    assert unknown.exit_code == 1 and "There is no review mia_review_99" in unknown.stderr  # not "no conflict"
    sync_all(a, b, c)
    assert same_reviews(a, b, c)
    for member in (a, b, c):
        assert conflicts(member) == []
        assert member.get("mia_review_40").version == "V2"  # accepting is not a new version
        assert "Unsettled sync conflict" not in member.mia("show", "mia_review_40").stdout
    assert c.mia("conflicts", "--accept", "40").exit_code == 1


def test_an_edit_on_one_store_settles_it_for_everyone(conflicted, monkeypatch):
    a, b, c = conflicted
    sync_all(a, c)
    at(monkeypatch, "2026-03-01T12:00:00Z")
    rewrite_both = b.section("mia_review_40", "Discussion").replace(BY_B, "Cette étude montre une efficacité supérieure (A et B)")
    b.edit("mia_review_40", Discussion=rewrite_both)
    assert conflicts(b) == [] and conflicts(a) == LISTED
    sync_all(b, a, c)
    assert same_reviews(a, b, c)
    for member in (a, b, c):
        assert conflicts(member) == []
        review = member.get("mia_review_40")
        assert (review.version, [version["version"] for version in review.history]) == ("V3", ["V0", "V1", "V2"])
        assert all(CONFLICT_FIELD not in version for version in review.history)


def test_edits_of_different_sections_conflict_nowhere(trio, monkeypatch):
    a, b, c = trio
    a_rewrote_the_discussion_and_synced(a, monkeypatch)  # at 10:00; the clock now at 11:00
    b.edit("mia_review_40", Méthode="Méthode relue par B.")
    assert b.sync_json()["conflicts"] == []
    for member in (a, c, b, a, c):
        report = member.sync_json()
        assert (report["conflicts"], report["conflicts_received"]) == ([], [])
    assert same_reviews(a, b, c)
    for member in (a, b, c):
        assert conflicts(member) == []
        assert CONFLICT_FIELD not in member.records()["mia_review_40"]
        assert BY_A in member.section("mia_review_40", "Discussion")
        assert member.section("mia_review_40", "Méthode") == "Méthode relue par B."


@pytest.mark.parametrize("form", ["markdown", "json"])
def test_an_export_and_its_import_keep_the_conflict(conflicted, club, form):
    a, b, c = conflicted
    exported = club.root / ("export" if form == "markdown" else "export.json")
    assert b.mia("export", "--format", form, "--output", str(exported)).exit_code == 0
    d = club.member("D")
    assert d.mia("add", str(exported)).exit_code == 0
    assert conflicts(d) == LISTED
    assert content_of(d.records()["mia_review_40"]) == content_of(b.records()["mia_review_40"])
    assert d.mia("conflicts", "--accept", "mia_review_40").exit_code == 0
    assert conflicts(d) == []


def test_a_conflict_noted_in_the_settings_by_an_earlier_mia_reaches_everyone(conflicted):
    """An earlier mia kept the note in the sync settings of the store that found it, and sent
    the review without one: the next sync moves it into the review, and sends it."""
    a, b, c = conflicted
    store = b.store
    store.update(["mia_review_40"], lambda review: review.extra.pop(CONFLICT_FIELD) is not None)
    b.sync()
    sync_all(a, c)
    folder = engine.sync_folder(store)
    state = folder.read()
    record = store.get_record("mia_review_40")
    state.conflicts["mia_review_40"] = {
        "id": "mia_review_40", "fields": ['section "Discussion"'], "versions": ["V1", "V2"], "earlier": "remote",
        "content": fingerprint(content(record)),
    }
    folder.write(state)
    assert conflicts(b) == UNNAMED and conflicts(a) == conflicts(c) == []
    assert "  V1: the earlier edit, kept in the history\n  V2: the current text\n" in b.mia("conflicts").stdout  # no names known

    b.sync()
    assert folder.read().conflicts == {}
    sync_all(a, c)
    for member in (a, b, c):
        assert conflicts(member) == UNNAMED
    assert same_reviews(a, b, c)


def test_a_settings_note_of_an_earlier_mia_can_be_accepted_before_any_sync(conflicted):
    a, b, c = conflicted
    store = b.store
    store.update(["mia_review_40"], lambda review: review.extra.pop(CONFLICT_FIELD) is not None)
    folder = engine.sync_folder(store)
    state = folder.read()
    state.conflicts["mia_review_40"] = {
        "id": "mia_review_40", "fields": ["title"], "versions": ["V1", "V2"], "earlier": "remote",
        "content": fingerprint(content(store.get_record("mia_review_40"))),
    }
    folder.write(state)
    assert [item["fields"] for item in conflicts(b)] == [["title"]]
    assert b.mia("conflicts", "--accept", "40").exit_code == 0
    assert conflicts(b) == [] and folder.read().conflicts == {}


def test_an_edit_that_changes_nothing_leaves_it_unsettled_and_a_replacement_settles_it(conflicted, club):
    from mia.core.authoring import save_edit, start_edit
    from mia.importers.markdown import review_to_markdown

    a, b, c = conflicted
    store = b.store
    draft = start_edit(store, "mia_review_40")
    assert save_edit(store, draft, draft.path.read_text(encoding="utf-8")).outcome == "unchanged"
    assert conflicts(b) == LISTED
    versions = json.loads(b.mia("history", "mia_review_40", "--json").stdout)
    assert versions[-1]["label"] == "V2" and versions[-1]["changes"] == ["section 'Discussion'"]  # the note is no change

    review = b.get("mia_review_40")
    review.title = "Thrombocytopénie immune: un nouvel espoir"
    written = club.root / "mia_review_40.md"
    written.write_text(review_to_markdown(review, bookkeeping=False), encoding="utf-8")
    assert b.mia("add", "--replace", str(written)).exit_code == 0
    assert conflicts(b) == []
    assert b.get("mia_review_40").version != "V2"


def test_each_text_is_named_after_the_member_who_wrote_it_not_who_sent_it_last(trio, monkeypatch):
    """C's sync sends A's Discussion again with C's own change of the title: the Discussion is
    still A's text."""
    a, b, c = trio
    a_rewrote_the_discussion_and_synced(a, monkeypatch)  # at 10:00; the clock now at 11:00
    c.sync()
    c.edit("mia_review_40", title="Thrombocytopénie immune (titre relu par C)")
    c.sync()
    at(monkeypatch, "2026-03-01T12:00:00Z")
    rewrite(b, BY_B)

    report = b.sync_json()
    assert [(item["fields"], item["earlier"], item["members"]) for item in report["conflicts"]] == [
        (['section "Discussion"'], "remote", ["A Member", "B Member"])
    ]
    assert [item["members"] for item in conflicts(b)] == [["A Member", "B Member"]]
    assert club_log_names(b) == ["B Member", "C Member", "A Member", "A Member"]


def club_log_names(member) -> list[str]:
    return [line.split(" <")[0] for line in member.club.remote_log()]
