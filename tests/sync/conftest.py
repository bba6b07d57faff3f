"""Fixtures of the sync tests: a club in a tmp folder, and git without the user's own settings."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sync_support import Club  # noqa: E402


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
def club(tmp_path) -> Club:
    return Club(tmp_path / "club")
