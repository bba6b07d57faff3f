"""Shared test fixtures: every test runs against its own store, offline, with no user config."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "data" / "reviews" / "mia_review_40.txt"
#: A member's own compte-rendu (a user's report: paradigm.txt): labels and values on one line, a
#: year alone in the byline, no version line.
PARADIGM = REPO / "tests" / "fixtures" / "reviews" / "paradigm.txt"
sys.path.insert(0, str(Path(__file__).resolve().parent / "sync"))  # sync_support


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path, monkeypatch):
    """No test touches the user's store, config or cache, or the network (unless it sets one up)."""
    monkeypatch.setenv("MIA_STORE", str(tmp_path / "store" / "reviews.json"))
    monkeypatch.setenv("MIA_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("MIA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("MIA_OFFLINE", "1")
    # Should anything try the network anyway, it meets a closed port at once.
    monkeypatch.setenv("MIA_DOI_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("MIA_CROSSREF_URL", "http://127.0.0.1:9")
    for name in ("MIA_DEBUG", "MIA_MAILTO", "VISUAL", "EDITOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture
def store_path(tmp_path) -> Path:
    return tmp_path / "store" / "reviews.json"


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


# --- the sync tests' club (tests/sync/sync_support.py), git without the user's settings ---

@pytest.fixture(autouse=True)
def isolated_git(tmp_path, monkeypatch):
    """git reads no user or system configuration: every test says who the member is."""
    config = tmp_path / "gitconfig"
    config.write_text("[init]\n\tdefaultBranch = main\n[protocol \"file\"]\n\tallow = always\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("MIA_USER", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "MIA_SYNC_TEST_KILL_AT"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def club(tmp_path):
    """Three members' stores and a bare remote in a tmp folder (tests/sync)."""
    from sync_support import Club

    return Club(tmp_path / "club")


@pytest.fixture
def pair(club):
    """Members A and B, both holding reviews 1 and 2 from the remote (tests/sync)."""
    from sync_support import review

    a, b = club.member("A"), club.member("B")
    a.add(review(1), review(2))
    a.sync(str(club.remote))
    b.sync(str(club.remote))
    return a, b
