"""Decisions made in one place: a DOI is stored in one form whatever the importer, a flag of the
environment means the same for every command, exit codes come from one enum."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mia.base.environment import env_flag
from mia.base.errors import BadInput
from mia.cli import app
from mia.importers.markdown import review_to_markdown
from mia.importers.compte_rendu import parse_compte_rendu

from conftest import SEED

runner = CliRunner()
LINK = "https://doi.org/10.1056/NEJMoa2100596"


def mia(*args: str, env: dict | None = None):
    return runner.invoke(app, list(args), env=env)


def seed_with_doi_written_as(doi: str):
    review = parse_compte_rendu(SEED.read_text(encoding="utf-8"), source_name=SEED.name).review
    review.article.doi = doi
    return review


@pytest.mark.parametrize("written", [LINK, "doi:10.1056/NEJMoa2100596", "http://dx.doi.org/10.1056/NEJMoa2100596"])
@pytest.mark.parametrize("fmt", ["md", "json"])
def test_a_doi_written_as_a_link_is_stored_bare_and_found_whatever_the_format(tmp_path, written, fmt):
    review = seed_with_doi_written_as(written)
    path = tmp_path / f"review.{fmt}"
    if fmt == "md":
        text = review_to_markdown(review, bookkeeping=False)
        assert written in text  # the file really holds the link
        path.write_text(text, encoding="utf-8")
    else:
        record = review.to_dict()
        record["article"]["doi"] = written
        path.write_text(json.dumps([record]), encoding="utf-8")
    assert mia("add", str(path)).exit_code == 0
    shown = json.loads(mia("show", "40", "--json").stdout)
    assert shown["article"]["doi"] == "10.1056/NEJMoa2100596"
    found = mia("search", "doi:10.1056/nejmoa2100596")
    assert found.exit_code == 0 and "mia_review_40" in found.stdout
    assert mia("search", f"doi:{LINK}").exit_code == 0


@pytest.mark.parametrize("command", [["add", str(SEED)], ["resolve", "40"], ["list"], ["search", "ITP"]])
def test_a_flag_that_is_neither_on_nor_off_is_the_same_clear_error_for_every_command(command):
    result = mia(*command, env={"MIA_OFFLINE": "maybe"})
    assert result.exit_code == 2
    assert "MIA_OFFLINE='maybe' is neither on nor off." in result.stderr
    assert "MIA_OFFLINE=1" in result.stderr
    assert mia("list", "--json").stdout.strip() == "[]"  # nothing was imported


@pytest.mark.parametrize("value, expected", [
    ("1", True), ("true", True), ("YES", True), (" on ", True),
    ("", False), ("0", False), ("false", False), ("No", False), ("off", False),
])
def test_flag_words(value, expected):
    assert env_flag("MIA_X", {"MIA_X": value}) is expected


def test_an_unset_flag_is_off_and_a_stray_value_raises():
    assert env_flag("MIA_X", {}) is False
    with pytest.raises(BadInput):
        env_flag("MIA_X", {"MIA_X": "2"})


def test_the_words_of_a_command_to_copy_are_quoted_in_one_place():
    """A path, DOI, label or query word in a command a message offers (`mia add FILE`, `mia edit
    40 --draft FILE`, `mia sync --switch-remote REMOTE`) is written by `base.phrases.shell_word`,
    so that every one copies into a shell the same way; no module quotes by itself."""
    from conftest import REPO
    from mia.base.phrases import shell_word

    quoting = sorted(str(path.relative_to(REPO / "src")) for path in (REPO / "src" / "mia").rglob("*.py")
                     if "shlex.quote" in path.read_text(encoding="utf-8"))
    assert quoting == ["mia/base/phrases.py"]
    assert shell_word("/tmp/club d'Anne/x.md") == "'/tmp/club d'\"'\"'Anne/x.md'"
    assert shell_word("reviews/mia_review_40.md") == "reviews/mia_review_40.md"
