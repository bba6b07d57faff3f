"""show and search with a fresh index: what they import, what they stand on, how show lays out.

These assert structure, never timing: `mia show` and `mia search` answer from the search index
without importing rich, the store's machinery (TinyDB, mia.store.review_store) or, for show, the text
analysis; `StoreView` must agree with `Store` on where the store is and its signature.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from mia.core.library import open_store
from mia.cli import app
from mia.model.review import Article, Review, Section
from mia.cli.render import review_text
from mia.store.review_store import Store
from mia.store.view import StoreView

from conftest import SEED

runner = CliRunner()

# Run a command in a fresh interpreter, then list the named modules it imported.
IMPORTS_AFTER = """
import sys
from mia.cli import main
sys.argv = ["mia"] + sys.argv[1:]
try:
    main()
except SystemExit:
    pass
watched = ("rich", "tinydb", "mia.store.review_store", "mia.store.json_file", "mia.search.analysis", "mia.search.engine")
sys.stderr.write("IMPORTED " + " ".join(m for m in watched if m in sys.modules) + "\\n")
"""


def imported_by(*args: str) -> set[str]:
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    done = subprocess.run([sys.executable, "-c", IMPORTS_AFTER, *args], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    line = next(line for line in done.stderr.splitlines() if line.startswith("IMPORTED"))
    return set(line.split()[1:])


@pytest.fixture
def indexed_store(store_path):
    assert runner.invoke(app, ["add", str(SEED)]).exit_code == 0
    assert runner.invoke(app, ["search", "ITP"]).exit_code == 0  # the index is fresh
    return store_path


def test_show_reads_the_index_without_rich_the_store_or_the_analysis(indexed_store):
    assert imported_by("show", "40") == set()


def test_search_reads_the_index_without_rich_or_the_store(indexed_store):
    assert imported_by("search", "ITP") == {"mia.search.analysis", "mia.search.engine"}


def test_show_with_a_stale_index_reads_the_store(indexed_store):
    os.utime(indexed_store, ns=(1, 1))  # another signature: the index no longer matches
    assert "mia.store.review_store" in imported_by("show", "40")
    assert "Thrombocytopénie immune" in runner.invoke(app, ["show", "40"]).stdout


@pytest.mark.parametrize("exists", [False, True, "with a shard file"])
def test_store_view_agrees_with_the_store(store_path, tmp_path, exists):
    if exists:
        assert runner.invoke(app, ["add", str(SEED)]).exit_code == 0
    if exists == "with a shard file":
        later = tmp_path / "mia_review_1500.txt"
        later.write_text(SEED.read_text(encoding="utf-8").replace("mia_review_40", "mia_review_1500"), encoding="utf-8")
        assert runner.invoke(app, ["add", str(later)]).exit_code == 0
        assert imported_by("show", "1500") == set()  # the index is fresh: the store is not read
    view, store = StoreView(store_path, open_store), Store(store_path)
    assert view.path == store.path
    assert view.signature() == store.signature()
    assert view.derived_path(".index.sqlite") == store.derived_path(".index.sqlite")
    assert view.ids() == (store.ids() if exists else [])  # anything else: the real store


def test_the_store_path_is_the_option_else_mia_store_else_the_user_data_dir(monkeypatch, tmp_path):
    from mia.store.layout import store_path as resolve

    monkeypatch.setenv("MIA_STORE", str(tmp_path / "env.json"))
    assert resolve(tmp_path / "option.json") == tmp_path / "option.json"
    assert resolve(None) == tmp_path / "env.json"
    monkeypatch.delenv("MIA_STORE")
    assert resolve(None).name == "reviews.json" and "mia" in resolve(None).parts


# --- the layout of show ------------------------------------------------------------------------


def a_review(**changes) -> Review:
    fields = dict(
        id="mia_review_7", title="Titre [in vitro] \x1b[2Jfin", version="V1", version_date="2024-01-02",
        keywords=["TPI"], article=Article(doi="10.1056/NEJMoa2100596"),
        sections=[Section("Méthode", "Un texte assez long pour être coupé en plusieurs lignes " * 4 + "\n\nSecond paragraphe.")],
    )
    fields.update(changes)
    return Review(**fields)


def test_show_text_is_literal_and_wrapped_to_the_width():
    text = review_text(a_review(), reference="Ref [bold]x[/bold].", warnings=["Attention \x9b2J"], width=40)
    assert "\x1b" not in text and "\x9b" not in text
    assert "Titre [in vitro] fin" in text and "Ref [bold]x[/bold]." in text
    assert all(len(line) <= 48 for line in text.splitlines())  # the DOI URL alone may pass 40
    assert "DOI: 10.1056/NEJMoa2100596" in text and "https://doi.org/10.1056/NEJMoa2100596" in text
    flat = " ".join(text.split())
    assert "mia resolve mia_review_7" in flat and "⚠ Attention 2J" in flat
    assert "\n  Second paragraphe.\n" in text


def test_show_text_on_a_pipe_keeps_paragraphs_whole():
    text = review_text(a_review(), reference="Ref.", width=None)
    assert ("  " + "Un texte assez long pour être coupé en plusieurs lignes " * 4).rstrip() in text.splitlines()


def test_show_text_styles_only_when_asked():
    styled = review_text(a_review(), reference="Ref.", width=80, style=True)
    assert "\x1b[1mmia_review_7\x1b[0m" in styled and "\x1b[1;4mMéthode\x1b[0m" in styled
    assert "\x1b[2J" not in styled  # the data's own sequence is gone; only ours remain
    assert "\x1b" not in review_text(a_review(), reference="Ref.", width=80, style=False)
