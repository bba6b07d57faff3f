"""Reviews changed on two stores between syncs: merged by field and section, never by line."""

from __future__ import annotations

import json

import pytest
from sync_support import content_of, review



def at(monkeypatch, stamp: str) -> None:
    """The store's clock (edits are stamped with it) reads `stamp`."""
    monkeypatch.setattr("mia.store.review_store.now_iso", lambda: stamp)


def test_edits_of_different_sections_merge_silently(pair, monkeypatch):
    a, b = pair
    at(monkeypatch, "2026-03-01T10:00:00Z")
    a.edit("mia_review_1", Introduction="Introduction réécrite par A.", title="Titre de A")
    a.sync()
    at(monkeypatch, "2026-03-01T11:00:00Z")
    b.edit("mia_review_1", Discussion="Discussion réécrite par B.")

    result = b.sync_json()
    assert result["conflicts"] == []
    assert (result["sent"]["changed"], result["received"]["changed"]) == (1, 1)
    a.sync()
    for member in (a, b):
        merged = member.get("mia_review_1")
        assert merged.title == "Titre de A"
        assert member.section("mia_review_1", "Introduction") == "Introduction réécrite par A."
        assert member.section("mia_review_1", "Discussion") == "Discussion réécrite par B."
        assert member.section("mia_review_1", "Méthode") == review(1).sections[1].text
        assert [version["version"] for version in merged.history] == ["V0"]
    assert content_of(a.records()["mia_review_1"]) == content_of(b.records()["mia_review_1"])
    assert json.loads(b.mia("conflicts", "--json").stdout) == []


def test_the_same_section_edited_on_both_sides_keeps_both_texts_as_versions(pair, monkeypatch, club):
    a, b = pair
    at(monkeypatch, "2026-03-01T10:00:00Z")
    a.edit("mia_review_1", Discussion="Texte de A.", Méthode="Méthode de A.")
    a.sync()
    at(monkeypatch, "2026-03-01T11:00:00Z")
    b.edit("mia_review_1", Discussion="Texte de B.")

    out = b.sync().stdout
    assert ('Conflict in mia_review_1 (section "Discussion"): both texts are kept, V1 (the remote\'s, by A Member: the earlier edit) '
            "and V2 (yours, by B Member: current).") in out
    assert "See: mia diff mia_review_1 V1 V2" in out
    merged = b.get("mia_review_1")
    assert (merged.version, b.section("mia_review_1", "Discussion")) == ("V2", "Texte de B.")  # the later edit
    assert b.section("mia_review_1", "Méthode") == "Méthode de A."  # A's other change merged in
    earlier = merged.history[-1]
    assert earlier["version"] == "V1"
    assert [s["text"] for s in earlier["sections"] if s["heading"] == "Discussion"] == ["Texte de A."]
    assert [version["version"] for version in merged.history] == ["V0", "V1"]

    diff = b.mia("diff", "mia_review_1", "V1", "V2").stdout
    assert "Texte de [-A.-]{+B.+}" in diff
    listed = json.loads(b.mia("conflicts", "--json").stdout)
    assert listed == [{"id": "mia_review_1", "title": "Revue numéro 1", "fields": ['section "Discussion"'], "versions": ["V1", "V2"],
                       "members": ["A Member", "B Member"]}]
    assert "mia_review_1: Revue numéro 1" in b.mia("conflicts").stdout

    a.sync()  # A receives the merge, its own text kept as V1
    assert content_of(a.records()["mia_review_1"]) == content_of(b.records()["mia_review_1"])
    assert b.sync_json()["conflicts"] == []  # settled syncs do not conflict again

    accepted = b.mia("conflicts", "--accept", "1")
    assert accepted.exit_code == 0 and "Settled the conflict of mia_review_1" in accepted.stdout
    assert b.mia("conflicts").stdout == "No unsettled conflict.\n"
    assert b.mia("conflicts", "--accept", "1").exit_code == 1


def test_when_the_remote_edit_is_the_later_one_it_is_current(pair, monkeypatch):
    a, b = pair
    at(monkeypatch, "2026-03-01T09:00:00Z")
    b.edit("mia_review_2", title="Titre de B (plus ancien)")
    at(monkeypatch, "2026-03-01T12:00:00Z")
    a.edit("mia_review_2", title="Titre de A (plus récent)")
    a.sync()

    report = b.sync_json()
    assert report["conflicts"] == [{"id": "mia_review_2", "fields": ["title"], "versions": ["V1", "V2"], "earlier": "local",
                                    "members": ["B Member", "A Member"]}]
    merged = b.get("mia_review_2")
    assert merged.title == "Titre de A (plus récent)"
    assert merged.history[-1]["title"] == "Titre de B (plus ancien)"
    a.sync()
    assert content_of(a.records()["mia_review_2"]) == content_of(b.records()["mia_review_2"])


def test_a_later_edit_settles_a_conflict(pair, monkeypatch):
    a, b = pair
    at(monkeypatch, "2026-03-01T10:00:00Z")
    a.edit("mia_review_1", Résultats="Résultats de A.")
    a.sync()
    at(monkeypatch, "2026-03-01T11:00:00Z")
    b.edit("mia_review_1", Résultats="Résultats de B.")
    b.sync()
    assert [item["id"] for item in json.loads(b.mia("conflicts", "--json").stdout)] == ["mia_review_1"]
    at(monkeypatch, "2026-03-01T12:00:00Z")
    b.edit("mia_review_1", Résultats="Résultats de A et B, réconciliés.")
    assert json.loads(b.mia("conflicts", "--json").stdout) == []
    b.sync()
    a.sync()
    assert a.section("mia_review_1", "Résultats") == "Résultats de A et B, réconciliés."
    texts = [s["text"] for version in a.get("mia_review_1").history for s in version["sections"] if s["heading"] == "Résultats"]
    assert "Résultats de A." in texts and "Résultats de B." in texts


@pytest.mark.parametrize("remover_syncs_first", [True, False])
def test_a_review_removed_on_one_side_and_edited_on_the_other_is_kept(pair, remover_syncs_first):
    a, b = pair
    assert a.mia("rm", "--yes", "mia_review_2").exit_code == 0
    b.edit("mia_review_2", Discussion="B a complété la discussion.")
    first, second = (a, b) if remover_syncs_first else (b, a)
    first.sync()
    result = second.sync()
    where = "on the remote" if remover_syncs_first else "here"
    assert f"mia_review_2 was removed {where} and edited on the other side: it is kept, with the edit." in result.stderr
    first.sync()
    for member in (a, b):
        assert member.ids() == ["mia_review_1", "mia_review_2"]
        assert member.section("mia_review_2", "Discussion") == "B a complété la discussion."
        assert member.store.trash_records() == []


def test_new_reviews_under_the_same_id_are_both_kept(pair):
    a, b = pair
    a.add(review(3, "La revue de A", Discussion="Écrite par A."))
    b.add(review(3, "La revue de B", Discussion="Écrite par B."))
    a.sync()

    result = b.sync()
    assert "Your new mia_review_3 is now mia_review_4: another member had added a different mia_review_3 first." in result.stderr
    assert json.loads(b.sync("--json").stdout)["renumbered"] == []
    a.sync()
    for member in (a, b):
        assert member.ids() == ["mia_review_1", "mia_review_2", "mia_review_3", "mia_review_4"]
        assert member.get("mia_review_3").title == "La revue de A"
        assert member.get("mia_review_4").title == "La revue de B"
        assert member.section("mia_review_4", "Discussion") == "Écrite par B."
    assert content_of(a.records()["mia_review_4"]) == content_of(b.records()["mia_review_4"])


def test_the_same_new_review_on_both_sides_is_not_doubled(pair):
    a, b = pair
    a.add(review(5))
    b.add(review(5))
    a.sync()
    assert b.sync_json()["renumbered"] == []
    assert b.ids() == a.ids() == ["mia_review_1", "mia_review_2", "mia_review_5"]


def test_a_review_removed_on_both_sides_stays_in_the_trash_without_a_new_commit(pair, club):
    a, b = pair
    a.mia("rm", "--yes", "mia_review_2")
    a.sync()
    b.mia("rm", "--yes", "mia_review_2")
    commits = len(club.remote_log())
    assert "In step with" in b.sync().stdout
    assert len(club.remote_log()) == commits
    assert b.ids() == a.ids() == ["mia_review_1"]
