"""`mia sync`: members share their reviews through one git remote."""

from __future__ import annotations

import json
import shlex
import subprocess

import pytest

from sync_support import content_of, review

from mia.sync import engine
from mia.sync.git import Repo


def test_a_review_added_by_one_member_reaches_the_others(club):
    a, b, c = club.member("A"), club.member("B"), club.member("C")
    a.add(review(1), review(2), review(40, "Thrombocytopénie immune: A new hope!"))

    first = a.sync(str(club.remote))
    assert f"Created the empty remote {club.remote}." in first.stdout
    assert "sent 3 (3 added), received 0" in first.stdout
    assert club.remote_files() == [".mia", "reviews/mia_review_1.md", "reviews/mia_review_2.md", "reviews/mia_review_40.md"]
    assert club.remote_log() == ["A Member <a@club.example>|mia sync: 3 added"]
    message = club.git("--git-dir", str(club.remote), "log", "-1", "--format=%B", "main")
    assert "- mia_review_40: Thrombocytopénie immune: A new hope!" in message

    for member in (b, c):
        assert "received 3 (3 added)" in member.sync(str(club.remote)).stdout
        assert member.ids() == ["mia_review_1", "mia_review_2", "mia_review_40"]
        assert member.records() == a.records()  # whole records: history, times, source, all
    found = b.mia("search", "ITP", "--json")  # the search index followed
    assert [hit["id"] for hit in json.loads(found.stdout)][:1] == ["mia_review_40"]


def test_the_remote_is_remembered_and_a_sync_without_change_reads_no_review(club, monkeypatch):
    a, b = club.member("A"), club.member("B")
    a.add(*(review(n) for n in range(1, 6)))
    a.sync(str(club.remote))
    b.sync(str(club.remote))

    blobs_read: list[int] = []
    original = Repo.read_blobs
    monkeypatch.setattr(Repo, "read_blobs", lambda self, blobs: blobs_read.append(len(blobs)) or original(self, blobs))
    reads: list[str] = []
    parse = engine.read_record
    monkeypatch.setattr(engine, "read_record", lambda data, path: reads.append(path) or parse(data, path))
    before = b.store_bytes()
    assert "In step with" in b.sync().stdout  # REMOTE remembered
    assert blobs_read == [] and reads == []  # not a file of the remote was read
    assert b.store_bytes() == before

    a.edit("mia_review_3", Discussion="Nouvelle discussion.")
    a.sync()
    reads.clear()
    assert "received 1 (1 changed)" in b.sync().stdout
    assert reads == ["reviews/mia_review_3.md"]  # only the changed review's file was read
    assert b.section("mia_review_3", "Discussion") == "Nouvelle discussion."


def test_status_says_what_would_move_and_changes_nothing(club):
    a, b = club.member("A"), club.member("B")
    a.add(review(1), review(2))
    a.sync(str(club.remote))
    b.sync(str(club.remote))
    a.edit("mia_review_1", Méthode="Méthode revue par A.")
    a.sync()
    b.add(review(3))
    b.mia("rm", "--yes", "mia_review_2")
    store_before, log_before = b.store_bytes(), club.remote_log()

    status = b.sync_json("--status")
    assert status["status"] is True
    assert status["sent"] == {"added": 1, "changed": 0, "removed": 1}
    assert status["received"] == {"added": 0, "changed": 1, "removed": 0}
    assert status["sent_ids"]["removed"] == ["mia_review_2"]
    assert b.store_bytes() == store_before and club.remote_log() == log_before
    text = b.sync("--status").stdout
    assert "Would send 2 (1 added, 1 removed) and receive 1 (1 changed); nothing was changed" in text

    done = b.sync_json()
    assert (done["sent"], done["received"]) == (status["sent"], status["received"])
    a.sync()
    assert a.ids() == b.ids() == ["mia_review_1", "mia_review_3"]
    assert [r["id"] for r in a.store.trash_records()] == ["mia_review_2"]
    assert a.section("mia_review_1", "Méthode") == b.section("mia_review_1", "Méthode") == "Méthode revue par A."


def test_removal_and_restore_travel(club):
    a, b = club.member("A"), club.member("B")
    a.add(review(1), review(2))
    a.sync(str(club.remote))
    b.sync(str(club.remote))
    a.mia("rm", "--yes", "mia_review_2")
    a.sync()
    assert "received 1 (1 removed)" in b.sync().stdout
    assert b.ids() == ["mia_review_1"]
    assert "trash/mia_review_2.md" in club.remote_files()
    b.mia("restore", "mia_review_2")
    b.sync()
    a.sync()
    assert a.ids() == ["mia_review_1", "mia_review_2"]
    assert content_of(a.records()["mia_review_2"]) == content_of(b.records()["mia_review_2"])


def test_another_remote_is_refused_unless_the_member_switches(club):
    """`mia sync club-typo.git` on a store syncing with the club's remote: a mistyped path made
    a new empty remote and sent it every review, and later syncs said "In step"."""
    a = club.member("A")
    a.add(review(1))
    a.sync(str(club.remote))
    typo = club.root / "club d'typo.git"
    refused = a.sync(str(typo), expect=2)
    assert f"This store syncs with {club.remote}" in refused.stderr
    assert f"mia sync --switch-remote {shlex.quote(str(typo))}\n" in refused.stderr  # (copied, it works)
    assert not typo.exists()
    assert "In step with" in a.sync(str(club.remote)).stdout  # the same remote, named again: fine
    assert "Created the empty remote" in a.sync("--switch-remote", str(typo)).stdout
    assert "In step with" in a.sync().stdout and str(typo) in a.sync().stdout


def test_the_first_sync_needs_a_remote(club):
    result = club.member("A").mia("sync")
    assert result.exit_code == 2
    assert "This store has no remote yet" in result.stderr


def test_a_member_without_a_name_is_asked_for_one(club, monkeypatch):
    a = club.member("A")
    a.add(review(1))
    result = a.mia("sync", str(club.remote), user="")
    assert result.exit_code == 2
    assert "MIA_USER" in result.stderr
    assert a.ids() == ["mia_review_1"]
    # git's own user.name and user.email do as well
    club.git("config", "--global", "user.name", "Git Name")
    club.git("config", "--global", "user.email", "git@example.org")
    assert a.mia("sync", user="").exit_code == 2  # the remote was not remembered: nothing was sent
    assert a.mia("sync", str(club.remote), user="").exit_code == 0
    assert club.remote_log() == ["Git Name <git@example.org>|mia sync: 1 added"]


def test_the_first_sync_says_whose_name_signs_the_members_changes_and_how_to_change_it(club):
    """The first sync signed the club's commits with git's global user.name and user.email
    without a word: a member sharing a computer, or with a git name from work, never knew."""
    a, b, c = club.member("A"), club.member("B"), club.member("C")
    club.git("config", "--global", "user.name", "Git Name")
    club.git("config", "--global", "user.email", "git@example.org")
    a.add(review(1))
    first = a.mia("sync", str(club.remote), user="")
    assert first.exit_code == 0, first.output
    assert ("Your changes go to the club signed Git Name <git@example.org> (git's user.name and user.email). "
            "To sign them with another name:") in first.stdout
    assert '  export MIA_USER="Your Name <you@example.org>"' in first.stdout
    assert 'git config --global user.name "Your Name"' in first.stdout
    assert club.remote_log() == ["Git Name <git@example.org>|mia sync: 1 added"]  # the name it said
    a.add(review(2))
    later = a.mia("sync", user="")
    assert "sent 1 (1 added)" in later.stdout and "signed" not in later.stdout  # said once, the first time
    told = json.loads(a.mia("sync", "--json", user="").stdout)
    assert told["first_sync"] is False
    assert told["signed_as"] == {"name": "Git Name", "email": "git@example.org", "from": "git"}
    # a name for this club only: the per-repository form, copied as printed, signs the next sync
    [here] = [line.strip() for line in first.stdout.splitlines() if line.strip().startswith("git -C ")]
    subprocess.run(here.replace('"Your Name"', '"Club Name"'), shell=True, check=True)
    a.add(review(3))
    a.mia("sync", user="")
    assert club.remote_log()[0] == "Club Name <you@example.org>|mia sync: 1 added"

    # MIA_USER wins over git's settings, and the first sync says so (--status too: it is also a first)
    status = b.mia("sync", "--status", str(club.remote), user="Marie Curie")
    assert "Your changes go to the club signed Marie Curie (no email) (from MIA_USER)." in status.stdout
    joined = b.mia("sync", "--json", str(club.remote), user="Marie Curie <marie@club.example>")
    assert json.loads(joined.stdout)["signed_as"] == {"name": "Marie Curie", "email": "marie@club.example", "from": "MIA_USER"}
    assert json.loads(joined.stdout)["first_sync"] is True

    # no name at all: a first sync that only receives works, and says to set one before sending
    club.git("config", "--global", "--unset", "user.name")
    club.git("config", "--global", "--unset", "user.email")
    received = c.mia("sync", str(club.remote), user="")
    assert received.exit_code == 0 and "received 3 (3 added)" in received.stdout
    assert "No name is set to sign the changes you send to the club; set one before you send any." in received.stdout
    assert "For this club's store only:" in received.stdout
    assert "export MIA_USER=" in received.stdout


def test_sync_help_says_whose_name_signs_the_changes(club):
    shown = club.member("A").mia("sync", "--help").stdout
    assert "MIA_USER" in shown and "user.name" in shown and "first sync says which name" in " ".join(shown.split())


def test_without_git_mia_says_to_install_it(club, monkeypatch):
    monkeypatch.setenv("PATH", "")
    result = club.member("A").mia("sync", str(club.remote))
    assert result.exit_code == 2
    assert "needs the git program" in result.stderr and "Install git" in result.stderr


def test_a_sync_says_what_it_is_doing_on_a_terminal_only(club, monkeypatch):
    from mia.cli import render
    from mia.sync import engine

    a, b = club.member("A"), club.member("B")
    monkeypatch.setenv("MIA_USER", "A Member <a@club.example>")
    monkeypatch.setattr(engine, "PROGRESS_EVERY", 2)  # (200 in use: a report every 2 reviews here)
    a.add(*(review(n) for n in range(1, 6)))
    heard: list[tuple[str, int, int | None]] = []
    report = engine.sync(a.store, str(club.remote), progress=lambda *step: heard.append(step))
    assert sum(len(ids) for ids in report.sent.values()) == 5
    preparing = [(done, total) for step, done, total in heard if step == engine.PREPARING]
    assert preparing == [(0, 5), (2, 5), (4, 5)]
    assert heard[0] == (engine.FETCHING, 0, None) and (engine.SENDING, 0, None) in heard
    heard.clear()
    engine.sync(b.store, str(club.remote), progress=lambda *step: heard.append(step))
    assert [(done, total) for step, done, total in heard if step == engine.READING] == [(0, 5), (2, 5), (4, 5)]
    assert heard[-1] == (engine.WRITING, 0, None) and len(b.store.records()) == 5
    # Through the command: nothing on a pipe; on a terminal the bar is on stderr only (rich
    # draws nothing into a test's captured stream), the summary on stdout as always.
    a.add(review(6))
    piped = a.sync()
    assert "Syncing" not in piped.stderr and "sent 1 (1 added)" in piped.stdout
    monkeypatch.setattr(render, "stderr_is_terminal", lambda: True)
    a.add(review(7))
    shown = a.sync()
    assert "sent 1 (1 added)" in shown.stdout and "Traceback" not in shown.output


class _Config:
    """A repository's git settings, and which of them were asked for."""

    def __init__(self, **settings: str):
        self.settings, self.asked = settings, []

    def config_get(self, key: str) -> str:
        self.asked.append(key)
        return self.settings.get(key, "")


@pytest.mark.parametrize("mia_user, settings, name, email, source", [
    ("Marie Curie <marie@example.org>", {"user.name": "Git Name"}, "Marie Curie", "marie@example.org", "MIA_USER"),
    ("Marie Curie", {}, "Marie Curie", "", "MIA_USER"),
    ("", {"user.name": "Git Name", "user.email": "git@example.org"}, "Git Name", "git@example.org", "git"),
])
def test_the_member_named_in_conflicts_is_the_member_signing(monkeypatch, mia_user, settings, name, email, source):
    from mia.sync.engine import member_identity, signer

    monkeypatch.setenv("MIA_USER", mia_user)
    found = member_identity(_Config(**settings))
    assert (found.name, found.email, found.source) == (name, email, source)
    assert signer(found, "repo.git") is found
    named = _Config(**settings)
    member_identity(named)
    assert named.asked == ([] if mia_user else ["user.name", "user.email"])  # MIA_USER first: git not asked


def test_no_member_set_is_no_name_and_no_signature(monkeypatch):
    from mia.base.errors import BadInput
    from mia.sync.engine import member_identity, signer

    monkeypatch.setenv("MIA_USER", "  ")
    assert member_identity(_Config()) is None
    with pytest.raises(BadInput, match="none is set") as refused:
        signer(None, "/club d'Anne/reviews.json.sync/repo.git")
    here = "git -C '/club d'\"'\"'Anne/reviews.json.sync/repo.git' config"
    assert refused.value.hint.splitlines() == [
        "For this club's store only:",
        f'  {here} user.name "Your Name" && {here} user.email you@example.org',
        "For all your git repositories:",
        '  git config --global user.name "Your Name" && git config --global user.email you@example.org',
        "Or in your shell's profile (it comes before git's settings):",
        '  export MIA_USER="Your Name <you@example.org>"',
    ]
