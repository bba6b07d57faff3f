"""What goes wrong: an unreachable remote, a push race, a sync killed, files that are not reviews,
a repository that is not a club's."""

from __future__ import annotations

import json
import signal

import pytest
from sync_support import content_of, review, run_mia

from mia.core.library import open_store
from mia.sync import engine



def test_an_unreachable_remote_is_exit_3_and_the_store_is_untouched(club, pair):
    a, b = pair
    a.edit("mia_review_1", Discussion="Écrit hors ligne.")
    a.add(review(3))
    before = a.store_bytes()
    away = club.remote.rename(club.root / "away.git")

    result = a.mia("sync")
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Error: mia could not reach the remote {club.remote} (")
    assert len(result.stderr.strip().splitlines()) == 1
    assert a.store_bytes() == before

    away.rename(club.remote)
    assert "sent 2 (1 added, 1 changed)" in a.sync().stdout
    b.sync()
    assert b.ids() == ["mia_review_1", "mia_review_2", "mia_review_3"]
    assert b.section("mia_review_1", "Discussion") == "Écrit hors ligne."


def test_an_unreachable_url_the_first_time_is_not_remembered(club):
    a = club.member("A")
    a.add(review(1))
    result = a.mia("sync", "http://127.0.0.1:9/club.git")
    assert result.exit_code == 3 and "could not reach" in result.stderr
    assert a.mia("sync").exit_code == 2  # still no remote


def test_a_push_race_is_fetched_and_merged_again(club, pair, monkeypatch):
    a, b = pair
    c = club.member("C")
    c.sync(str(club.remote))
    c.add(review(7, "La revue de C"))
    a.add(review(3, "La revue de A"))
    raced = []
    real_checkpoint = engine.checkpoint

    def another_member_pushes_first(name: str) -> None:
        if name == "committed" and not raced:
            raced.append(name)
            engine.sync(open_store(c.path))  # between A's fetch and A's push
        real_checkpoint(name)

    monkeypatch.setattr(engine, "checkpoint", another_member_pushes_first)
    report = a.sync_json()
    assert raced and report["attempts"] == 2
    assert report["sent_ids"]["added"] == ["mia_review_3"] and report["received_ids"]["added"] == ["mia_review_7"]
    c.sync()
    b.sync()
    for member in (a, b, c):
        assert member.ids() == ["mia_review_1", "mia_review_2", "mia_review_3", "mia_review_7"]
    assert len(club.remote_log()) == 3  # never forced: every member's commit is there


def test_a_remote_that_never_stops_moving_gives_up_without_forcing(club, pair, monkeypatch):
    a, b = pair
    a.add(review(3))
    before = a.store_bytes()
    monkeypatch.setattr("mia.sync.git.Repo.push", lambda self, url, commit, branch="main": False)
    result = a.mia("sync")
    assert result.exit_code == 3 and "kept changing" in result.stderr
    assert a.store_bytes() == before


@pytest.mark.parametrize("moment", ["fetched", "committed", "pushed", "store-restored", "store-added", "store-updated", "store-written"])
def test_a_sync_killed_at_any_moment_is_completed_by_the_next(club, pair, moment):
    a, b = pair
    a.edit("mia_review_1", Introduction="Introduction de A.")
    a.add(review(3, "Nouvelle de A"))
    a.mia("rm", "--yes", "mia_review_2")
    a.sync()
    b.edit("mia_review_1", Discussion="Discussion de B.")
    b.add(review(4, "Nouvelle de B"))

    killed = run_mia(b, "sync", MIA_SYNC_TEST_KILL_AT=moment)
    assert killed.returncode == -signal.SIGKILL
    listed = run_mia(b, "list", "--json")
    assert listed.returncode == 0 and json.loads(listed.stdout)  # the store is readable

    b.sync()
    a.sync()
    for member in (a, b):
        assert member.ids() == ["mia_review_1", "mia_review_3", "mia_review_4"]
        assert member.section("mia_review_1", "Introduction") == "Introduction de A."
        assert member.section("mia_review_1", "Discussion") == "Discussion de B."
        assert member.get("mia_review_4").title == "Nouvelle de B"
        assert [r["id"] for r in member.store.trash_records()] == ["mia_review_2"]
    assert content_of(a.records()["mia_review_1"]) == content_of(b.records()["mia_review_1"])
    assert json.loads(b.mia("conflicts", "--json").stdout) == []
    assert "In step with" in b.sync().stdout and "In step with" in a.sync().stdout


def test_files_that_are_not_reviews_are_reported_and_skipped(club, pair):
    a, b = pair
    work = club.clone()
    (work / "reviews" / "notes.txt").write_text("des notes\n", encoding="utf-8")
    (work / "reviews" / "mia_review_9.md").write_text("pas de front matter\n", encoding="utf-8")
    (work / "README.md").write_text("Les revues du club.\n", encoding="utf-8")
    club.git("add", "-A", cwd=work)
    club.git("commit", "-qm", "notes", cwd=work)
    club.git("push", "-q", "origin", "main", cwd=work)
    a.add(review(3))
    a.sync()

    result = b.sync()
    assert "Skipped reviews/notes.txt on the remote: not a review file" in result.stderr
    assert "Skipped reviews/mia_review_9.md on the remote: reviews/mia_review_9.md, line 1:" in result.stderr
    assert b.ids() == ["mia_review_1", "mia_review_2", "mia_review_3"]
    b.add(review(10))
    b.sync()
    assert {"README.md", "reviews/notes.txt", "reviews/mia_review_9.md", "reviews/mia_review_10.md"} <= set(club.remote_files())


def test_a_repository_that_is_not_a_clubs_is_refused(club, tmp_path):
    other = tmp_path / "project.git"
    club.git("init", "-q", "--bare", str(other))
    work = tmp_path / "project"
    club.git("clone", "-q", str(other), str(work))
    (work / "src").mkdir()
    (work / "src" / "main.py").write_text("print('hello')\n", encoding="utf-8")
    (work / "README.md").write_text("A project.\n", encoding="utf-8")
    club.git("add", "-A", cwd=work)
    club.git("-c", "user.name=X", "-c", "user.email=x@example.org", "commit", "-qm", "code", cwd=work)
    club.git("push", "-q", "origin", "HEAD:main", cwd=work)
    a = club.member("A")
    a.add(review(1))
    before = a.store_bytes()

    result = a.mia("sync", str(other))
    assert result.exit_code == 2
    assert "is not a mia club's repository: it holds README.md, src and no reviews/ folder." in result.stderr
    assert a.store_bytes() == before
    assert club.git("--git-dir", str(other), "log", "--format=%s", "main").split("\n")[0] == "code"

    club.git("push", "-q", "origin", "HEAD:master", cwd=work)
    club.git("--git-dir", str(other), "branch", "-D", "main")
    assert "not a mia club's repository" in a.mia("sync", str(other)).stderr


def test_an_edit_made_while_a_sync_runs_is_not_overwritten(club, pair, monkeypatch):
    a, b = pair
    a.edit("mia_review_1", Méthode="Méthode de A.")
    a.sync()
    real_checkpoint = engine.checkpoint

    def member_edits_meanwhile(name: str) -> None:
        if name == "store-restored":  # after B's sync read its store, before it writes what it received
            b.edit("mia_review_1", Discussion="Discussion écrite pendant la synchronisation.")
        real_checkpoint(name)

    monkeypatch.setattr(engine, "checkpoint", member_edits_meanwhile)
    b.sync()
    monkeypatch.setattr(engine, "checkpoint", real_checkpoint)
    assert b.section("mia_review_1", "Méthode") == "Méthode de A."
    assert b.section("mia_review_1", "Discussion") == "Discussion écrite pendant la synchronisation."
    assert "sent 1 (1 changed)" in b.sync().stdout  # the edit goes out with the next sync
    a.sync()
    assert a.section("mia_review_1", "Discussion") == "Discussion écrite pendant la synchronisation."
    assert a.section("mia_review_1", "Méthode") == "Méthode de A."


def test_a_git_killed_while_updating_a_ref_does_not_block_the_next_sync(club, pair):
    a, b = pair
    a.add(review(3))
    a.sync()
    stale = b.path.with_name("reviews.json.sync") / "repo.git" / "refs" / "mia" / "remote.lock"
    stale.write_text("", encoding="utf-8")  # as a git fetch killed mid-update leaves it
    assert "received 1 (1 added)" in b.sync().stdout
    assert b.ids() == ["mia_review_1", "mia_review_2", "mia_review_3"]


@pytest.mark.parametrize("moment", ["committed", "pushed", "store-added", "store-updated"])
def test_a_killed_sync_that_had_a_conflict_and_a_renumbering_completes_without_doubles(club, pair, moment, monkeypatch):
    a, b = pair
    monkeypatch.setattr("mia.store.review_store.now_iso", lambda: "2026-03-01T10:00:00Z")
    a.edit("mia_review_1", Discussion="Texte de A.")
    a.add(review(3, "La 3 de A"))
    a.sync()
    monkeypatch.setattr("mia.store.review_store.now_iso", lambda: "2026-03-01T11:00:00Z")
    b.edit("mia_review_1", Discussion="Texte de B.")
    b.add(review(3, "La 3 de B"))

    assert run_mia(b, "sync", MIA_SYNC_TEST_KILL_AT=moment).returncode == -signal.SIGKILL
    b.sync()
    a.sync()
    for member in (a, b):
        assert member.ids() == ["mia_review_1", "mia_review_2", "mia_review_3", "mia_review_4"]
        assert [member.get(f"mia_review_{n}").title for n in (3, 4)] == ["La 3 de A", "La 3 de B"]
        current = member.get("mia_review_1")
        assert member.section("mia_review_1", "Discussion") == "Texte de B."
        assert [v["version"] for v in current.history] == ["V0", "V1"] and current.version == "V2"
        assert [s["text"] for s in current.history[-1]["sections"] if s["heading"] == "Discussion"] == ["Texte de A."]
    assert content_of(a.records()["mia_review_1"]) == content_of(b.records()["mia_review_1"])
    assert [item["id"] for item in json.loads(b.mia("conflicts", "--json").stdout)] == ["mia_review_1"]
    assert len(club.remote_log()) == 3  # A's first, A's edit, B's merge: nothing sent twice


def _python(code: str):
    import subprocess
    import sys

    return subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def test_a_git_command_is_stopped_by_silence_not_by_its_length():
    """A transfer that keeps reporting progress runs past the limit; one that says nothing does not."""
    import subprocess

    from mia.sync.git import _communicate

    moving = _python("import sys, time\nfor _ in range(8):\n    sys.stderr.write('Writing objects\\r'); sys.stderr.flush(); time.sleep(0.25)\nprint('done')")
    out, err = _communicate(moving, None, silence=1.0)  # 2 s in all, never 1 s silent
    assert out.strip() == b"done" and err.count(b"Writing objects") == 8
    silent = _python("import time; time.sleep(30)")
    with pytest.raises(subprocess.TimeoutExpired):
        _communicate(silent, None, silence=1.0)
    silent.kill()


def test_the_reason_of_a_failure_is_not_a_progress_line():
    from mia.sync.git import last_line

    stderr = b"Enumerating objects: 5, done.\rCounting objects: 100% (5/5)\nWriting objects: 40%\rfatal: unable to access 'x': timed out\n"
    assert last_line(stderr) == "unable to access 'x': timed out"
