"""A club for the sync tests: stores (A, B, C…) beside one bare remote R, in a tmp folder.

Members act as they would: reviews are added, edited (the `mia edit` path: a new version),
removed and synced through the real commands (typer's CliRunner) and the real git program.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import mia
from typer.testing import CliRunner

from mia.core.authoring import save_edit, start_edit
from mia.cli import app
from mia.importers.markdown import review_to_markdown
from mia.core.library import open_store
from mia.model.review import Article, Review, Section

runner = CliRunner()
SRC = str(Path(mia.__file__).resolve().parent.parent)
HEADINGS = ("Introduction", "Méthode", "Résultats", "Discussion")


def review(number: int, title: str | None = None, **texts: str) -> Review:
    """A review `mia_review_<number>` with the four usual sections (texts overridable)."""
    body = {
        "Introduction": f"Introduction de la revue {number}: la TPI est une maladie auto-immune.",
        "Méthode": f"Essai randomisé {number}, ouvert, multicentrique.",
        "Résultats": f"Échec thérapeutique {number} : HR 0.41 (IC 95% 0.21-0.80).",
        "Discussion": f"Discussion {number}: le MMF mérite d'être considéré.",
    }
    body.update({key.replace("_", " "): value for key, value in texts.items()})
    return Review(
        id=f"mia_review_{number}",
        title=title or f"Revue numéro {number}",
        sections=[Section(heading, text) for heading, text in body.items()],
        version_date="2026-01-05",
        published="2026-01-05",
        keywords=["TPI", f"mot{number}"],
        article=Article(doi=f"10.1000/test.{number}", title=f"Trial {number}", journal="NEJM", date="2021-09-02"),
    )


class Member:
    """One member's store, driven through the CLI."""

    def __init__(self, club: "Club", name: str) -> None:
        self.club = club
        self.name = name
        self.path = club.root / name / "reviews.json"

    def mia(self, *args: str, user: str | None = None, env: dict[str, str] | None = None):
        env = {"MIA_USER": f"{self.name} Member <{self.name.lower()}@club.example>" if user is None else user, **(env or {})}
        return runner.invoke(app, ["--store", str(self.path), *args], env=env)

    def sync(self, *args: str, expect: int = 0):
        result = self.mia("sync", *args)
        assert result.exit_code == expect, (result.exit_code, result.output)
        return result

    def sync_json(self, *args: str) -> dict:
        result = self.sync(*args, "--json")
        return json.loads(result.stdout)

    @property
    def store(self):
        return open_store(self.path)

    def add(self, *reviews: Review) -> None:
        for item in reviews:
            assert self.store.add(item) == "added"

    def edit(self, review_id: str, **changes: str) -> Review:
        """Edit as `mia edit` does: sections by heading (title= for the title)."""
        store = self.store
        draft = start_edit(store, review_id)
        current = store.get(review_id)
        if "title" in changes:
            current.title = changes.pop("title")
        for heading, text in changes.items():
            heading = heading.replace("_", " ")
            for section in current.sections:
                if section.heading == heading:
                    section.text = text
        result = save_edit(store, draft, review_to_markdown(current, bookkeeping=False))
        assert result.outcome == "saved"
        return result.review

    def ids(self) -> list[str]:
        return self.store.ids()

    def records(self) -> dict[str, dict]:
        return {record["id"]: record for record in self.store.records()}

    def get(self, review_id: str) -> Review:
        return self.store.get(review_id)

    def section(self, review_id: str, heading: str) -> str:
        return next(s.text for s in self.get(review_id).sections if s.heading == heading)

    def store_bytes(self) -> bytes:
        return self.path.read_bytes()


class Club:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.remote = root / "R.git"

    def member(self, name: str) -> Member:
        return Member(self, name)

    def git(self, *args: str, cwd: Path | None = None) -> str:
        return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout

    def clone(self, name: str = "work") -> Path:
        """A plain git clone of the remote, to act on it as another tool would."""
        target = self.root / name
        self.git("clone", "--quiet", str(self.remote), str(target))
        self.git("config", "user.name", "Someone", cwd=target)
        self.git("config", "user.email", "someone@example.org", cwd=target)
        return target

    def remote_files(self) -> list[str]:
        return sorted(self.git("--git-dir", str(self.remote), "ls-tree", "-r", "--name-only", "main").split())

    def remote_log(self) -> list[str]:
        return self.git("--git-dir", str(self.remote), "log", "--format=%an <%ae>|%s", "main").splitlines()


def content_of(record: dict) -> dict:
    """What a review says, without the store's times (a received review is stamped on arrival)."""
    return {key: value for key, value in record.items() if key not in ("updated",)}


def subprocess_env(member: Member) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "PYTHONPATH": SRC, "MIA_STORE": str(member.path), "MIA_OFFLINE": "1",
        "MIA_USER": f"{member.name} Member <{member.name.lower()}@club.example>",
    })
    return env


def run_mia(member: Member, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mia", *args], env={**subprocess_env(member), **env},
        capture_output=True, text=True, timeout=60,
    )
