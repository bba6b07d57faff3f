"""A new member's first imports (the report of a user's own files): their own header layout and
byline, the same article imported twice, and two templates given the same id."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mia.cli import app

from conftest import PARADIGM as PARADIGM_FILE

runner = CliRunner()

#: The user's paradigm.txt (tests/fixtures/reviews/).
PARADIGM = PARADIGM_FILE.read_text(encoding="utf-8")

#: What `mia new -o a.md` writes (the user's a.md), the review's title and text filled in.
TEMPLATE = """---
# A mia review. Fill in the fields, then write each section under its '## Heading'.
id: mia_review_67
version: V0
version_date: '2026-12-07'
title: '{title}'
published: '2026-12-07'
authors: []
keywords: []
language: fr
article:
  doi: ''
  title: ''
  authors: []
  et_al: false
  journal: ''
  date: ''
---

## Discussion
{text}
"""


def mia(*args):
    return runner.invoke(app, [str(arg) for arg in args])


def write(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.encode(encoding, "replace"))
    return path


# 1: the header's fields on one line, the byline's year ---------------------------------------


def test_a_members_own_text_file_keeps_its_reviewers_and_the_year_out_of_the_journal(tmp_path):
    added = mia("add", write(tmp_path / "paradigm.txt", PARADIGM))
    assert added.exit_code == 0, added.output
    assert "Authors: Dr Jeanne Martin\n" in mia("show", "64").stdout
    record = json.loads(mia("show", "64", "--json").stdout)
    assert record["authors"] == ["Dr Jeanne Martin"]
    assert (record["article"]["journal"], record["article"]["date"]) == ("N Engl J Med", "2014")
    listed = mia("list", "--journal", "NEJM")
    assert listed.exit_code == 0 and "mia_review_64" in listed.stdout and "2014" in listed.stdout
    assert "mia_review_64" in mia("list", "--year", "2014").stdout
    stats = json.loads(mia("stats", "--json").stdout)
    assert "2014" not in json.dumps(stats["charts"]["journal"])
    assert "N Engl J Med" in json.dumps(stats["charts"]["journal"])
    assert "year = {2014}" in mia("cite", "64", "--format", "bibtex").stdout
    assert mia("cite", "64").stdout.rstrip().endswith("N Engl J Med. 2014.")


def test_a_header_line_mia_cannot_read_is_a_warning_naming_it(tmp_path):
    text = PARADIGM.replace("Date : 12/05/2025", "Date : le mois dernier")
    added = mia("add", write(tmp_path / "paradigm.txt", text))
    assert added.exit_code == 0
    assert ("Warning: paradigm.txt: The date line 'Date : le mois dernier' holds no date mia reads (like "
            "30.10.2021); the review's publication date was left empty.") in added.stderr


# 2: the same article twice --------------------------------------------------------------------


def test_the_same_article_imported_again_is_stored_and_said(tmp_path):
    assert mia("add", write(tmp_path / "paradigm.txt", PARADIGM)).exit_code == 0
    latin1 = write(tmp_path / "latin1.txt", PARADIGM.replace("mia_review_64", "mia_review_66"), "latin-1")
    added = mia("add", latin1)
    assert added.exit_code == 0
    assert "Added mia_review_66 from latin1.txt." in added.stdout
    assert added.stderr.count("reviews the same article") == 1
    assert ("Warning: latin1.txt: mia_review_66 reviews the same article (DOI 10.1056/NEJMoa1409077) as "
            "mia_review_64; both are kept (if it was added by mistake: mia rm mia_review_66).") in added.stderr
    # adding it again changes nothing, and says nothing more
    again = mia("add", latin1)
    assert again.exit_code == 0 and "reviews the same article" not in again.stderr


def test_a_bulk_import_says_it_once_for_each_later_review_of_an_article(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    for number in (70, 71, 72):
        write(folder / f"mia_review_{number}.txt", PARADIGM.replace("mia_review_64", f"mia_review_{number}"))
    write(folder / "mia_review_73.txt",
          PARADIGM.replace("mia_review_64", "mia_review_73").replace("NEJMoa1409077", "NEJMoa1409078"))
    added = mia("add", folder)
    assert added.exit_code == 0 and "Added 4, unchanged 0, failed 0." in added.stdout
    warned = [line for line in added.stderr.splitlines() if "reviews the same article" in line]
    assert warned == [
        "Warning: mia_review_71.txt: mia_review_71 reviews the same article (DOI 10.1056/NEJMoa1409077) as "
        "mia_review_70; both are kept (if it was added by mistake: mia rm mia_review_71).",
        "Warning: mia_review_72.txt: mia_review_72 reviews the same article (DOI 10.1056/NEJMoa1409077) as "
        "mia_review_70 and mia_review_71; all are kept (if it was added by mistake: mia rm mia_review_72).",
    ]


def test_the_same_article_is_found_from_the_index_without_reading_every_review(tmp_path, monkeypatch):
    """The search index keeps each review's DOI in an indexed column: at 100,000 reviews the
    store is not read to find the reviews of one article."""
    from mia.store.review_store import Store

    assert mia("add", write(tmp_path / "paradigm.txt", PARADIGM)).exit_code == 0

    def every_review(self):
        raise AssertionError("the whole store was read")

    monkeypatch.setattr(Store, "records", every_review)
    monkeypatch.setattr(Store, "record_batches", every_review)
    added = mia("add", write(tmp_path / "again.txt", PARADIGM.replace("mia_review_64", "mia_review_66")))
    assert added.exit_code == 0, added.output
    assert "mia_review_66 reviews the same article (DOI 10.1056/NEJMoa1409077) as mia_review_64" in added.stderr


def test_the_guided_entry_finds_the_reviews_of_a_doi_from_the_index_too(tmp_path, monkeypatch):
    from mia.core.authoring import reviews_of_doi
    from mia.core.library import open_store
    from mia.store.review_store import Store

    assert mia("add", write(tmp_path / "paradigm.txt", PARADIGM)).exit_code == 0
    monkeypatch.setattr(Store, "records", lambda self: pytest.fail("the whole store was read"))
    assert reviews_of_doi(open_store(), "https://doi.org/10.1056/nejmoa1409077") == ("10.1056/nejmoa1409077", ["mia_review_64"])


# 3: two templates under one id; a warning said once --------------------------------------------


def test_another_review_under_a_taken_id_is_told_what_the_stored_one_is_and_how_to_add_it(tmp_path):
    a = write(tmp_path / "a.md", TEMPLATE.format(title="Essai A", text="Texte A."))
    b = write(tmp_path / "b.md", TEMPLATE.format(title="Essai B (autre article)", text="Texte B."))
    assert mia("add", a).exit_code == 0
    refused = mia("add", b)
    assert refused.exit_code == 2
    assert ("Failed: b.md: mia_review_67 already exists in the store as “Essai A” (added on " in refused.stderr
            and " from a.md), and this one is another review (“Essai B (autre article)”)." in refused.stderr)
    assert f"Store this one under the next free id with: mia add --new-id {b}" in refused.stderr
    assert "Add with --replace" not in refused.stderr
    # what it advises
    added = mia("add", "--new-id", b)
    assert added.exit_code == 0, added.output
    assert "Added mia_review_68 from b.md." in added.stdout
    assert ("Warning: b.md: its id mia_review_67 is taken: stored as mia_review_68. Write mia_review_68 in the "
            "file's id line, so that adding it again with --replace updates mia_review_68.") in added.stderr
    assert json.loads(mia("show", "67", "--json").stdout)["title"] == "Essai A"
    assert json.loads(mia("show", "68", "--json").stdout)["title"] == "Essai B (autre article)"
    # the file added again (with or without --new-id) is found where it was stored, not stored twice
    for again in (mia("add", b), mia("add", "--new-id", b)):
        assert again.exit_code == 0
        assert "mia_review_68 is already in the store, unchanged (b.md)." in again.stdout
    assert len(json.loads(mia("list", "--json").stdout)) == 2


def test_a_new_version_of_the_same_review_is_still_advised_replace(tmp_path):
    a = write(tmp_path / "a.md", TEMPLATE.format(title="Essai A", text="Texte A."))
    assert mia("add", a).exit_code == 0
    write(a, TEMPLATE.format(title="Essai A", text="Texte A, relu."))
    refused = mia("add", a)
    assert refused.exit_code == 2
    assert "mia_review_67 already exists in the store with other content." in refused.stderr
    assert "Add with --replace to store this one as its new version" in refused.stderr


def test_new_id_gives_each_review_sharing_an_id_in_one_import_its_own_in_file_order(tmp_path):
    files = [write(tmp_path / f"{name}.md", TEMPLATE.format(title=f"Essai {name}", text=f"Texte {name}."))
             for name in ("a", "b", "c")]
    without = mia("add", *files)
    assert without.exit_code == 2 and "or add with --new-id" in without.stderr
    assert mia("rm", "--yes", "67").exit_code == 0 and mia("rm", "--purge", "--yes").exit_code == 0
    added = mia("add", "--new-id", *files)
    assert added.exit_code == 0, added.output
    assert [line for line in added.stdout.splitlines() if line.startswith("Added ")] == [
        "Added mia_review_67 from a.md.", "Added mia_review_68 from b.md.", "Added mia_review_69 from c.md.",
        "Added 3, unchanged 0, failed 0."]


def test_new_id_and_replace_do_not_go_together(tmp_path):
    refused = mia("add", "--new-id", "--replace", write(tmp_path / "a.md", TEMPLATE.format(title="A", text="x")))
    assert refused.exit_code == 2 and "--replace and --new-id cannot go together" in refused.stderr


def test_a_files_warnings_are_said_once_and_not_again_when_it_is_stored_unchanged(tmp_path):
    paradigm = write(tmp_path / "paradigm.txt", PARADIGM)
    first = mia("add", paradigm, paradigm, tmp_path)  # the same file named three ways
    assert first.exit_code == 0
    assert first.stdout == "Added mia_review_64 from paradigm.txt.\n"
    assert first.stderr.count("No version line") == 1
    again = mia("add", paradigm)
    assert again.exit_code == 0 and again.stderr == ""
    assert again.stdout == "mia_review_64 is already in the store, unchanged (paradigm.txt).\n"
