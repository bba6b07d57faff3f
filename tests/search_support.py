"""Helpers for the search tests: review records, a store kept indexed, small test lexicons."""

from __future__ import annotations

from pathlib import Path

import pytest

import mia.search as search
from mia.model.review import Review
from mia.lexicon import files as lexicon_files
from mia.store.review_store import Store


def record(number: int, title: str = "", *, sections=None, keywords=(), authors=(),
           article_title: str = "", article_authors=(), journal: str = "", date: str = "",
           published: str = "", doi: str = "") -> dict:
    """A valid review record; `sections` is a text, a list of texts or of (heading, text)."""
    if sections is None:
        sections = [("Introduction", "Texte.")]
    if isinstance(sections, str):
        sections = [("Introduction", sections)]
    sections = [s if isinstance(s, tuple) else ("Section", s) for s in sections]
    return {
        "id": f"mia_review_{number}",
        "version": "V0",
        "version_date": "",
        "title": title or f"Review {number}",
        "published": published,
        "authors": list(authors),
        "keywords": list(keywords),
        "language": "fr",
        "article": {
            "doi": doi, "title": article_title, "authors": list(article_authors), "et_al": False,
            "journal": journal, "date": date, "metadata": None,
        },
        "sections": [{"heading": h, "text": t} for h, t in sections],
        "source": {},
        "history": [],
        "added": "",
        "updated": "",
    }


def make_store(path: Path, records: list[dict] = ()) -> Store:
    store = Store(path, on_change=search.index_changed)
    if records:
        store.add_many([Review.from_dict(r) for r in records])
    return store


def random_writes(store: Store, rng, text, steps: int, kinds=("add", "edit", "rm", "restore"), *, far: int = 0):
    """Write to `store` `steps` times at random, each of `kinds` (adds of new reviews, new
    versions, removals to the trash, restores; "far": an add numbered up to `far` beyond the
    last), the sections' text from `text()`. Yields (step, kind, live review numbers) after each."""
    live = {int(r["id"].rsplit("_", 1)[1]) for r in store.records()}
    trashed: set[int] = set()
    for step in range(steps):
        kind = rng.choice(kinds)
        if kind in ("add", "far") or not live:
            number = max(live | trashed) + (rng.randint(2, far) if kind == "far" else 1)
            store.add(Review.from_dict(record(number, sections=text())))
            live.add(number)
        elif kind == "edit":
            store.add(Review.from_dict(record(rng.choice(sorted(live)), sections=text())), replace=True)
        elif kind == "rm":
            number = rng.choice(sorted(live))
            store.remove(f"mia_review_{number}")
            live.discard(number)
            trashed.add(number)
        elif trashed:
            number = rng.choice(sorted(trashed))
            store.restore(f"mia_review_{number}")
            trashed.discard(number)
            live.add(number)
        yield step, kind, live


def ids(result) -> list[str]:
    return [hit.id for hit in result.hits]


def numbers(result) -> list[int]:
    return [int(hit.id.rsplit("_", 1)[1]) for hit in result.hits]


@pytest.fixture
def use_lexicon(tmp_path, monkeypatch):
    """Replace the shipped lexicon by the given text, and its classes file by `classes` (for
    tests of mechanisms, not of data)."""
    path = tmp_path / "test-lexicon" / "medical.txt"
    classes_path = path.with_name("classes.txt")
    path.parent.mkdir(parents=True, exist_ok=True)

    def install(text: str, classes: str = "") -> Path:
        path.write_text(text, encoding="utf-8")
        classes_path.write_text(classes, encoding="utf-8")
        return path

    install("")
    monkeypatch.setattr(lexicon_files, "package_lexicon_paths", lambda: [path])
    monkeypatch.setattr(lexicon_files, "package_classes_path", lambda: classes_path)
    return install


@pytest.fixture
def new_store(tmp_path, use_lexicon):
    """A function building an indexed store from records (with an empty test lexicon unless
    the test installs one first)."""
    counter = iter(range(1000))

    def build(records: list[dict]) -> Store:
        return make_store(tmp_path / f"store{next(counter)}" / "reviews.json", records)

    return build
