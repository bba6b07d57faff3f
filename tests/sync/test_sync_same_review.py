"""A review new on both sides under one id: the same review is merged as one, two reviews are
both kept (mia.sync.merge.same_review, the rule).

The issue's scenario: Marie (A) shares the bundled compte-rendus and edits some; Paul (B)
imports the same files into his own store, then syncs for the first time.
"""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest
from sync_support import content_of, review, run_mia

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "reviews"
FILES = [str(SAMPLE / f"mia_review_{number}.txt") for number in (40, 44, 45)]
IDS = ["mia_review_40", "mia_review_44", "mia_review_45"]


def at(monkeypatch, stamp: str) -> None:
    monkeypatch.setattr("mia.store.review_store.now_iso", lambda: stamp)


def amend(member, review_id: str, heading: str, words: str) -> str:
    text = member.section(review_id, heading) + " " + words
    member.edit(review_id, **{heading: text})
    return text


@pytest.fixture
def marie_edited(club, monkeypatch):
    """A shared 40, 44, 45 and edited them: 40 and 44 once (V1), 45 twice (V2)."""
    a = club.member("A")
    at(monkeypatch, "2026-03-01T09:00:00Z")
    assert a.mia("add", *FILES).exit_code == 0
    a.sync(str(club.remote))
    at(monkeypatch, "2026-03-01T10:00:00Z")
    amend(a, "mia_review_40", "Discussion", "Relu par Marie.")
    amend(a, "mia_review_44", "Discussion", "Relu par Marie.")
    amend(a, "mia_review_45", "Discussion", "Relu par Marie.")
    amend(a, "mia_review_45", "Discussion", "Relu deux fois.")
    a.sync()
    return a


def test_a_new_member_who_imported_the_clubs_reviews_gets_their_versions_not_doubles(club, marie_edited, monkeypatch):
    a = marie_edited
    b = club.member("B")
    at(monkeypatch, "2026-03-02T09:00:00Z")
    assert b.mia("add", *FILES).exit_code == 0  # B's 40 is exactly A's V0

    result = b.mia("sync", str(club.remote), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["renumbered"], report["joined"], report["sent"]["added"]) == ([], IDS, 0)
    assert b.ids() == a.ids() == IDS
    for review_id in IDS:
        assert content_of(b.records()[review_id]) == content_of(a.records()[review_id])  # the remote's newer versions
    assert [version["version"] for version in b.get("mia_review_45").history] == ["V0", "V1"]
    assert b.get("mia_review_45").version == "V2"
    assert a.sync_json()["received"]["added"] == 0
    assert club.remote_files() == [".mia", *(f"reviews/{review_id}.md" for review_id in IDS)]


def test_the_sync_says_the_same_review_was_merged_not_that_it_was_renumbered(club, marie_edited):
    b = club.member("B")
    assert b.mia("add", FILES[0]).exit_code == 0
    result = b.sync(str(club.remote))
    assert "is now" not in result.stderr
    assert ("mia_review_40: the same review here and on the remote (a version of each says the same, or was imported "
            "from the same file): merged as one, the club's newer versions kept, nothing doubled.") in result.stdout


def test_the_new_members_own_edits_of_the_imported_review_merge_field_by_field(club, marie_edited, monkeypatch):
    a = marie_edited
    b = club.member("B")
    assert b.mia("add", FILES[0]).exit_code == 0
    at(monkeypatch, "2026-03-02T09:00:00Z")
    methods = amend(b, "mia_review_40", "Méthode", "Précisé par Paul.")  # B's V1, before any sync

    report = b.sync_json(str(club.remote))
    assert (report["renumbered"], report["conflicts"], report["joined"]) == ([], [], ["mia_review_40"])
    assert report["sent_ids"]["changed"] == ["mia_review_40"]
    a.sync()
    for member in (a, b):
        assert member.ids() == IDS
        assert member.section("mia_review_40", "Discussion").endswith("Relu par Marie.")
        assert member.section("mia_review_40", "Méthode") == methods
        assert [version["version"] for version in member.get("mia_review_40").history] == ["V0"]  # one V0, not two
    assert content_of(a.records()["mia_review_40"]) == content_of(b.records()["mia_review_40"])


def test_the_same_section_edited_by_the_new_member_is_a_conflict_with_both_texts(club, marie_edited, monkeypatch):
    a = marie_edited
    b = club.member("B")
    assert b.mia("add", FILES[0]).exit_code == 0
    at(monkeypatch, "2026-03-02T09:00:00Z")
    paul = amend(b, "mia_review_40", "Discussion", "Nuancé par Paul.")

    report = b.sync_json(str(club.remote))
    assert report["renumbered"] == []
    assert report["conflicts"] == [{"id": "mia_review_40", "fields": ['section "Discussion"'], "versions": ["V1", "V2"],
                                    "earlier": "remote", "members": ["A Member", "B Member"]}]
    merged = b.get("mia_review_40")
    assert (merged.version, b.section("mia_review_40", "Discussion")) == ("V2", paul)
    assert [version["version"] for version in merged.history] == ["V0", "V1"]
    assert b.ids() == IDS


def test_two_reviews_of_the_same_article_are_both_kept(club, marie_edited, tmp_path):
    """Same DOI, same article, another member's own words: not the same review."""
    a = marie_edited
    b = club.member("B")
    text = Path(FILES[0]).read_text(encoding="utf-8")
    theirs = SAMPLE / "mia_review_40.txt"
    own = tmp_path / "mia_review_40.txt"
    start = text.index("La TPI se caractérise")
    own.write_text(text[:start] + "Ma propre introduction, écrite par Paul. " + text[start:], encoding="utf-8")
    assert b.mia("add", str(own)).exit_code == 0
    assert b.get("mia_review_40").article.doi == a.get("mia_review_40").article.doi
    assert own.read_bytes() != theirs.read_bytes()

    result = b.sync(str(club.remote))
    assert "Your new mia_review_40 is now mia_review_46: another member had added a different mia_review_40 first." in result.stderr
    a.sync()
    for member in (a, b):
        assert member.ids() == [*IDS, "mia_review_46"]
        assert member.section("mia_review_46", "Introduction").startswith("Ma propre introduction, écrite par Paul.")
        assert member.section("mia_review_40", "Discussion").endswith("Relu par Marie.")


def test_a_sync_killed_after_sending_a_merged_review_completes_without_doubles(club, marie_edited, monkeypatch):
    a = marie_edited
    b = club.member("B")
    assert b.mia("add", FILES[0]).exit_code == 0
    at(monkeypatch, "2026-03-02T09:00:00Z")
    methods = amend(b, "mia_review_40", "Méthode", "Précisé par Paul.")
    assert run_mia(b, "sync", str(club.remote), MIA_SYNC_TEST_KILL_AT="pushed").returncode == -signal.SIGKILL
    commits = len(club.remote_log())

    report = b.sync_json(str(club.remote))  # (the killed sync did not get to remember it)
    assert (report["renumbered"], report["conflicts"], report["sent"]["changed"]) == ([], [], 0)
    assert len(club.remote_log()) == commits
    assert b.ids() == IDS and b.section("mia_review_40", "Méthode") == methods
    a.sync()
    assert content_of(a.records()["mia_review_40"]) == content_of(b.records()["mia_review_40"])


# -- the rule, on records ---------------------------------------------------------------------


def _edited(record: dict, version: str, **sections: str) -> dict:
    earlier = {key: value for key, value in record.items() if key != "history"}
    new = dict(record, version=version, history=[*(record.get("history") or []), earlier])
    new["sections"] = [dict(section, text=sections.get(section["heading"], section["text"])) for section in record["sections"]]
    return new


def _imported(number: int = 3, **changes) -> dict:
    record = review(number).to_dict()
    record.update(source={"name": f"mia_review_{number}.txt", "sha256": "ab" * 32, "format": "compte-rendu"},
                  added="2026-01-01T00:00:00Z", updated="2026-01-01T00:00:00Z")
    record.update(changes)
    return record


def test_bookkeeping_alone_does_not_make_two_reviews():
    from mia.sync.merge import merge_same_review, same_review

    club_version = _edited(_imported(), "V1", Discussion="Relue.")
    mine = _imported(version="V3", version_date="2026-02-02", added="2026-02-02T00:00:00Z",
                     source={"name": "copie.txt", "sha256": "cd" * 32, "format": "compte-rendu"},
                     key_results={"design": ["rct"], "checked": False, "extractor": 99})
    mine["article"] = dict(mine["article"], metadata={"title": "resolved"})
    assert same_review(mine, club_version) == (0, 0)
    merged = merge_same_review(mine, club_version)
    assert merged.conflicts == [] and merged.record == club_version


def test_the_same_file_read_differently_is_the_same_review_and_its_reading_is_kept():
    from mia.sync.merge import merge_same_review, same_review

    club_version = _edited(_imported(), "V1", Discussion="Relue.")
    read_otherwise = _imported()
    read_otherwise["sections"] = [dict(section, text=section["text"] + " (lu autrement)") for section in read_otherwise["sections"]]
    assert same_review(read_otherwise, club_version) == (0, 0)
    merged = merge_same_review(read_otherwise, club_version)
    assert {key: merged.record[key] for key in ("version", "sections")} == {key: club_version[key] for key in ("version", "sections")}
    assert [entry["version"] for entry in merged.record["history"]] == ["V0.1", "V0"]  # nothing lost, each nameable
    assert merged.record["history"][0]["sections"] == read_otherwise["sections"]


def test_what_each_version_says_is_read_once_for_the_merge(monkeypatch):
    """merge_same_review decides `same_review` and what it keeps from one reading of each version."""
    from mia.sync import merge

    club_version = _edited(_edited(_imported(), "V1", Discussion="Relue."), "V2", Discussion="Relue encore.")
    read_otherwise = _edited(_imported(), "V0.5", Discussion="Mes notes.")
    read_otherwise["history"][0]["sections"] = [dict(section, text=section["text"] + " (lu autrement)")
                                                for section in read_otherwise["history"][0]["sections"]]
    read = []
    monkeypatch.setattr(merge, "written", lambda record, written=merge.written: read.append(1) or written(record))
    assert merge.merge_same_review(read_otherwise, club_version) is not None
    assert len(read) == len(merge.versions_of(read_otherwise)) + len(merge.versions_of(club_version))


def test_the_same_article_in_other_words_is_another_review():
    from mia.sync.merge import merge_same_review, same_review

    club_version = _imported()
    other = _imported(source={"name": "autre.txt", "sha256": "ef" * 32, "format": "compte-rendu"})
    other["sections"] = [dict(section, text="Autre texte : " + section["text"]) for section in other["sections"]]
    assert other["article"] == club_version["article"]
    assert same_review(other, club_version) is None and merge_same_review(other, club_version) is None
    no_source = dict(other, source={})
    assert same_review(no_source, dict(club_version, source={})) is None
