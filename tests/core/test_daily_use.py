"""Daily use without surprises: one test per item of the issue."""

from __future__ import annotations

import json
import re
import shlex

import pytest
from typer.testing import CliRunner

from mia.cli import app

from conftest import SEED

runner = CliRunner()


def review_file(tmp_path, number: int, text: str | None = None):
    path = tmp_path / f"mia_review_{number}.txt"
    path.write_text((text or SEED.read_text(encoding="utf-8")).replace("mia_review_40", f"mia_review_{number}"), encoding="utf-8")
    return path


def mia(*args: str):
    return runner.invoke(app, [str(a) for a in args])


# 1 -------------------------------------------------------------------------------------------


def test_store_past_one_thousand_has_its_file_and_doctor_counts_every_file(tmp_path, store_path):
    assert mia("add", review_file(tmp_path, 1500)).exit_code == 0
    assert store_path.exists()  # it carries _meta, even when every review is in a shard file
    assert json.loads(store_path.read_bytes())["_meta"]["1"]["schema_version"] == 2
    result = mia("doctor")
    assert result.exit_code == 0, result.output
    assert "1 review(s) in the store, 0 in the trash" in result.output
    assert mia("rm", "1500", "--yes").exit_code == 0
    result = mia("doctor")
    assert "0 review(s) in the store, 1 in the trash" in result.output
    assert mia("list").output.count("mia_review_1500") == 0
    # A store left by an older mia, with shard files and no store file, is counted the same.
    store_path.unlink()
    assert "0 review(s) in the store, 1 in the trash" in mia("doctor").output
    assert mia("restore", "1500").exit_code == 0
    assert store_path.exists()
    assert "1 review(s) in the store, 0 in the trash" in mia("doctor").output


# 2 -------------------------------------------------------------------------------------------


def test_doctor_on_a_damaged_store_does_not_contradict_itself(tmp_path, store_path):
    assert mia("add", SEED).exit_code == 0
    store_path.write_bytes(b"not json at all")  # no backup: the first write had nothing to keep
    result = mia("doctor")
    assert result.exit_code == 4
    assert "Problem: The store" in result.output and "OK:" not in result.output
    assert "--restore" not in result.output  # not advised: there is no backup to put back
    assert "No good backup" in result.output and ".damaged" in result.output
    restored = mia("doctor", "--restore", "--yes")
    assert "nothing was restored" in restored.stderr and "mv " in restored.stderr
    # json's "… starting at" is not followed by a second "at"
    store_path.write_bytes(b'{"_meta": {"1": {"schema_version": 2}}, "reviews": {"40": "abc')
    result = mia("doctor")
    assert "Unterminated string starting at line 1" in result.output and "at at" not in result.output
    assert "at at" not in mia("list").stderr
    # With a good backup, --restore is what doctor advises.
    store_path.unlink()
    assert mia("add", SEED).exit_code == 0 and mia("add", review_file(tmp_path, 41)).exit_code == 0
    store_path.write_bytes(store_path.read_bytes()[:100])
    result = mia("doctor")
    assert "Next: Run `mia doctor --restore`" in result.output and "OK:" not in result.output
    assert mia("doctor", "--restore", "--yes").exit_code == 0


def test_doctor_counts_what_it_could_read_as_a_note(tmp_path, store_path):
    assert mia("add", SEED).exit_code == 0 and mia("add", review_file(tmp_path, 1500)).exit_code == 0
    (store_path.parent / "reviews.json.shards" / "1.json").write_bytes(b"{")
    result = mia("doctor")
    assert "Note: Counted in the files that read well only: 1 review(s)" in result.output
    assert "OK:" not in result.output


# 3 -------------------------------------------------------------------------------------------


def test_replace_with_a_label_already_used_gets_a_distinct_label(tmp_path):
    path = review_file(tmp_path, 43)
    assert mia("add", path).exit_code == 0
    path.write_text(path.read_text(encoding="utf-8").replace("La TPI", "Le TPI"), encoding="utf-8")
    result = mia("add", "--replace", path)
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines() == [
        "Replaced mia_review_43 from mia_review_43.txt as version V0.1 (an earlier version is already labelled V0)."
    ]
    diff = mia("diff", "43").output
    assert diff.startswith("What changed in mia_review_43 from V0 (of ") and " to V0.1 (of " in diff
    assert "Its versions are: V0, V0.1." in mia("diff", "43", "V9").stderr
    from mia.core.versions import next_version
    from mia.model.labels import distinct_label
    from mia.model.review import Review

    assert distinct_label("V0", ["V0", "V0.1"]) == "V0.2" and distinct_label("V1", ["V0"]) == "V1"
    assert distinct_label("brouillon", ["brouillon"]) == "brouillon.1"
    replaced = Review.from_dict(json.loads(mia("show", "43", "--json").output))
    assert replaced.version == "V0.1" and next_version(replaced) == "V1"


# 4 -------------------------------------------------------------------------------------------

ADVISED = re.compile(r"`(mia [^`]+)`")


def test_history_and_trash_are_listed_and_every_advice_is_a_real_command(tmp_path):
    path = review_file(tmp_path, 43)
    assert mia("add", path).exit_code == 0
    path.write_text(path.read_text(encoding="utf-8").replace("La TPI", "Le TPI"), encoding="utf-8")
    assert mia("add", "--replace", path).exit_code == 0
    result = mia("history", "43")
    assert result.exit_code == 0, result.output
    assert "V0 " in result.output and "V0.1 (current)" in result.output and "of 2025-07-02" in result.output
    assert "first version" in result.output and "changed: section 'Introduction'" in result.output
    entries = json.loads(mia("history", "43", "--json").output)
    assert [e["label"] for e in entries] == ["V0", "V0.1"] and entries[1]["current"] is True
    assert entries[1]["changes"] == ["section 'Introduction'"] and entries[0]["source"] == path.name
    messages = [result.output]

    assert mia("trash").output == "The trash is empty.\n" and json.loads(mia("trash", "--json").output) == []
    assert mia("rm", "43", "--yes").exit_code == 0
    listed = mia("trash")
    assert "mia_review_43" in listed.output and "V0.1" in listed.output
    assert [r["id"] for r in json.loads(mia("trash", "--json").output)] == ["mia_review_43"]
    shown = mia("show", "43")
    assert shown.exit_code == 1 and "mia_review_43 is in the trash" in shown.stderr
    assert "`mia restore mia_review_43`" in shown.stderr
    messages += [listed.output, shown.stderr, mia("restore", "999").stderr, mia("show", "999").stderr,
                 mia("history", "43").stderr]
    assert "--list-trash" not in "".join(messages)

    advised = {found.replace(" ID", " mia_review_43") for text in messages for found in ADVISED.findall(text)}
    assert {"mia trash", "mia restore mia_review_43", "mia list"} <= advised
    # run each (restore before the others, the purge last): each is a real command that works
    for command in sorted(advised, key=lambda c: ("restore" not in c, "--purge" in c)):
        ran = runner.invoke(app, shlex.split(command)[1:], input="y\n")
        assert ran.exit_code == 0, (command, ran.output)
        assert "No such" not in ran.output, command


# 5 -------------------------------------------------------------------------------------------

MARKDOWN_REVIEW = """---
id: mia_review_50
title: Essai
article:
  doi: 11.abc/not a doi
  title: Un article
---

## Introduction

Texte.
"""


@pytest.mark.parametrize("form", ["markdown", "json", "compte-rendu"])
def test_an_invalid_doi_in_a_review_file_is_kept_as_a_note_with_a_warning(tmp_path, form):
    if form == "markdown":
        path = tmp_path / "review.md"
        path.write_text(MARKDOWN_REVIEW, encoding="utf-8")
    elif form == "json":
        path = tmp_path / "review.json"
        record = {"id": "mia_review_50", "title": "Essai", "sections": [{"heading": "Introduction", "text": "Texte."}],
                  "article": {"doi": "11.abc/not a doi"}}
        path.write_text(json.dumps(record), encoding="utf-8")
    else:
        path = tmp_path / "review.txt"
        path.write_text(SEED.read_text(encoding="utf-8").replace("mia_review_40", "mia_review_50")
                        .replace("DOI: 10.1056/NEJMoa2100596", "DOI: 11.abc/not a doi"), encoding="utf-8")
    result = mia("add", path)
    assert result.exit_code == 0, result.output
    assert "'11.abc/not a doi' is not a valid DOI" in result.stderr and "mia_review_50" in result.stderr
    record = json.loads(mia("show", "50", "--json").output)
    assert record["article"]["doi"] == "" and record["article"]["doi_note"] == "11.abc/not a doi"
    assert "which is not a valid DOI" in mia("show", "50").output
    # the note goes through a Markdown export and back
    assert mia("export", "--format", "markdown", "-o", tmp_path / "md").exit_code == 0
    exported = (tmp_path / "md" / "mia_review_50.md").read_text(encoding="utf-8")
    assert "doi_note: 11.abc/not a doi" in exported
    assert "unchanged" in mia("add", tmp_path / "md" / "mia_review_50.md").output


def test_doctor_deep_reports_an_invalid_doi_a_store_already_holds(tmp_path, store_path):
    """A store written before the DOI was checked at import may hold one: the deep check, which
    validates every field, says so and how to correct it (it said OK)."""
    assert mia("add", review_file(tmp_path, 50)).exit_code == 0
    assert mia("doctor", "--deep").exit_code == 0
    tables = json.loads(store_path.read_bytes())
    tables["reviews"]["50"]["article"]["doi"] = "11.abc/not a doi"
    store_path.write_text(json.dumps(tables), encoding="utf-8")
    result = mia("doctor", "--deep")
    assert result.exit_code == 4, result.output
    assert "Problem: mia_review_50's article DOI '11.abc/not a doi' is not a valid DOI" in result.output
    assert "`mia edit mia_review_50`" in result.output and "by hand" not in result.output
    assert mia("doctor").exit_code == 0  # the quick check reads no field


# 6 -------------------------------------------------------------------------------------------


def test_a_control_character_in_markdown_front_matter_is_removed_with_a_warning_never_a_crash(tmp_path):
    path = tmp_path / "ctl.md"
    path.write_text("---\nid: mia_review_60\ntitle: \"Essai \x1b[31m rouge\"\nkeywords: [a\x07b]\n---\n\n## Introduction\n\nTexte.\n",
                    encoding="utf-8")
    result = mia("add", path)
    assert result.exit_code == 0, result.output
    assert "ctl.md: control character(s) U+001B, U+0007 removed from line(s) 3, 4" in result.stderr
    assert json.loads(mia("show", "60", "--json").output)["title"] == "Essai  rouge"  # (the sequence whole)
    # a character YAML refuses that is not a control character: exit 2, the file and its line named
    other = tmp_path / "other.md"
    other.write_text('---\nid: mia_review_61\ntitle: "Essai \ufffe"\n---\n\n## Introduction\n\nTexte.\n', encoding="utf-8")
    result = mia("add", other)
    assert result.exit_code == 2
    assert "other.md, line 3: the front matter holds a character YAML does not allow (U+FFFE)" in result.stderr
    assert "unexpected" not in result.stderr


# 7 -------------------------------------------------------------------------------------------


def test_group_authors_print_as_written_and_capital_titles_in_sentence_case():
    from mia.doi.citation import bibtex, csl_json, ris, vancouver
    from mia.model.review import Article, Review, Section

    def review_of(article: Article) -> Review:
        return Review(id="mia_review_40", title="t", sections=[Section("Introduction", "x")], article=article)

    written = review_of(Article(title="Effect of tranexamic acid", authors=["WOMAN Trial Collaborators", "H. Shakur"],
                                journal="Lancet", date="2017-05-27"))
    assert vancouver(written).startswith("WOMAN Trial Collaborators, Shakur H. Effect of tranexamic acid.")
    assert "author = {{WOMAN Trial Collaborators} and Shakur, H.}" in bibtex(written)
    assert "AU  - WOMAN Trial Collaborators\n" in ris(written)
    assert csl_json(written)["author"][0] == {"literal": "WOMAN Trial Collaborators"}
    for group in ({"literal": "WOMAN Trial Collaborators"}, {"name": "WOMAN Trial Collaborators"},
                  {"family": "WOMAN Trial Collaborators"}):
        title = "EFFECT OF EARLY TRANEXAMIC ACID ON COVID-19 MORTALITY: AN INTERNATIONAL TRIAL"
        metadata = {"title": title, "author": [group], "container-title": "The Lancet", "issued": {"date-parts": [[2017]]}}
        resolved = review_of(Article(doi="10.1016/S0140-6736(17)30638-4", metadata=metadata))
        assert vancouver(resolved) == (
            "WOMAN Trial Collaborators. Effect of early tranexamic acid on COVID-19 mortality: an international trial. "
            "Lancet. 2017."
        ), group
        assert "author = {{WOMAN Trial Collaborators}}" in bibtex(resolved)
        assert "AU  - WOMAN Trial Collaborators\n" in ris(resolved)
        assert resolved.article.metadata["title"] == title  # the record keeps the original


# 8 -------------------------------------------------------------------------------------------


def test_one_rule_for_existing_files_no_duplicate_concept_and_a_name_said_once(tmp_path):
    assert mia("add", SEED).exit_code == 0
    # export -o, like new -o: an existing file is replaced only with --force
    target = tmp_path / "out.json"
    target.write_text("mine", encoding="utf-8")
    refused = mia("export", "-o", target)
    assert refused.exit_code == 2 and "exists already" in refused.stderr and "--force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "mine"
    assert mia("export", "-o", target, "--force").exit_code == 0 and target.read_text(encoding="utf-8") != "mine"
    assert mia("export", "-f", "markdown", "-o", tmp_path / "md").exit_code == 0
    assert mia("export", "-f", "markdown", "-o", tmp_path / "md").exit_code == 2
    assert mia("export", "-f", "markdown", "-o", tmp_path / "md", "--force").exit_code == 0
    assert mia("new", "-o", target).exit_code == 2 and mia("new", "-o", target, "--force").exit_code == 0
    # lexicon add: an exact duplicate (case and spaces aside) is refused, saying where it is
    assert mia("lexicon", "add", "--fr", "purpura essai", "--en", "trial purpura").exit_code == 0
    again = mia("lexicon", "add", "--fr", "Purpura  essai", "--en", "trial purpura")
    assert again.exit_code == 2 and "your lexicon" in again.stderr and "line 2 already" in again.stderr
    shipped = mia("lexicon", "add", "--fr", "intervalle de confiance", "--en", "confidence interval", "--fr-acronym", "IC",
                  "--fr-acronym", "IC95", "--en-acronym", "CI", "--synonym", "intervalle de confiance à 95 %",
                  "--synonym", "95% confidence interval", "--synonym", "95% CI", "--synonym", "IC 95 %")
    assert shipped.exit_code == 2 and "the shipped lexicon, line" in shipped.stderr and "of medical.txt" in shipped.stderr
    (advised,) = ADVISED.findall(again.stderr)
    assert mia(*shlex.split(advised)[1:]).exit_code == 0
    # a Latin-1 file's warning names it once
    latin = tmp_path / "latin1.txt"
    latin.write_bytes(SEED.read_text(encoding="utf-8").replace("mia_review_40", "mia_review_44").encode("latin-1", "replace"))
    result = mia("add", latin)
    assert "Warning: latin1.txt: not UTF-8: read as Latin-1 (ISO-8859-1)." in result.stderr
    [latin_warning] = [line for line in result.stderr.splitlines() if "Latin-1" in line]
    assert latin_warning.count("latin1.txt") == 1


def test_lexicon_add_refuses_a_concept_whose_every_form_one_concept_has_already(tmp_path):
    """`mia lexicon add`'s own --help example was the shipped concept, without its synonyms: it was
    added, and its forms then named two concepts, so that a search for one no longer brought in
    the others (`purpura thrombotique thrombocytopénique` stopped finding `TTP`)."""
    from mia.cli.search_commands import lexicon_add

    example = re.search(r"Example: (mia lexicon add .+)", lexicon_add.__doc__).group(1)
    twin = mia("lexicon", "add", "--fr", "purpura thrombotique thrombocytopénique",
               "--en", "thrombotic thrombocytopenic purpura", "--fr-acronym", "PTT", "--en-acronym", "TTP")
    assert twin.exit_code == 2, twin.output
    assert "already a form of purpura thrombotique thrombocytopénique (the shipped lexicon, line" in twin.stderr
    assert "nothing was added" in twin.stderr
    assert "'TTP' names 2 concepts" not in mia("lexicon", "show", "TTP").output
    # the example --help gives adds a concept (a new one)
    ran = mia(*shlex.split(example)[1:])
    assert ran.exit_code == 0, (example, ran.output)
    # a concept giving one new form with known ones is added (it joins them)
    joined = mia("lexicon", "add", "--fr", "purpura thrombotique thrombocytopénique", "--en", "Moschcowitz disease")
    assert joined.exit_code == 0, joined.output
    assert "Added 'Moschcowitz disease' to purpura thrombotique thrombocytopénique" in joined.output
    assert [c["label"] for c in json.loads(mia("lexicon", "show", "Moschcowitz disease", "--json").output)["concepts"]] == [
        "purpura thrombotique thrombocytopénique"]



# 7: one oversized review ---------------------------------------------------------------------


def oversized_review(tmp_path, number: int, size: int):
    """The seed with its introduction repeated until the file holds `size` bytes."""
    text = SEED.read_text(encoding="utf-8").replace("mia_review_40", f"mia_review_{number}")
    start = text.index("Introduction\n") + len("Introduction\n")
    end = text.index("Méthode\n")
    body = text[start:end]
    path = tmp_path / f"mia_review_{number}.txt"
    path.write_text(text[:start] + body * (size // len(body.encode()) + 1) + text[end:], encoding="utf-8")
    return path


def test_a_review_over_the_size_limit_is_refused_with_the_limit_and_the_way_to_raise_it(tmp_path, monkeypatch):
    path = oversized_review(tmp_path, 900, 1_600_000)
    result = mia("add", path)
    assert result.exit_code == 2
    assert "mia_review_900 holds 1.5 MB of text, more than the 1 MB a review may hold" in result.stderr
    advice = re.search(r"raise the limit: (mia add --max-size 2MB \S+)  \(or set MIA_MAX_REVIEW_SIZE=2MB\)", result.stderr)
    assert advice, result.stderr
    assert "mia_review_900" not in mia("list").output
    # The advised command lets it in.
    result = mia(*shlex.split(advice.group(1))[1:])
    assert result.exit_code == 0 and "Added mia_review_900" in result.output
    # The variable sets the limit too; the option wins over it.
    monkeypatch.setenv("MIA_MAX_REVIEW_SIZE", "500KB")
    assert mia("add", review_file(tmp_path, 41)).exit_code == 0  # 3 KB
    middling = oversized_review(tmp_path, 901, 600_000)
    assert "more than the 500 KB a review may hold" in mia("add", middling).stderr
    assert mia("add", "--max-size", "1MB", middling).exit_code == 0
    # A size that is not one is an error before anything is read.
    result = mia("add", "--max-size", "lots", review_file(tmp_path, 42))
    assert result.exit_code == 2 and "--max-size 'lots' is not a size." in result.stderr
    monkeypatch.setenv("MIA_MAX_REVIEW_SIZE", "-3")
    result = mia("add", review_file(tmp_path, 42))
    assert result.exit_code == 2 and "MIA_MAX_REVIEW_SIZE='-3' is not a size." in result.stderr
    assert "mia_review_42" not in mia("list").output


# 8: long waits speak -------------------------------------------------------------------------


def test_a_terminal_is_told_while_dois_are_looked_up_and_ctrl_c_skips_it(tmp_path, monkeypatch):
    import mia.cli.render as render
    import mia.core.resolution as resolution

    monkeypatch.setenv("MIA_OFFLINE", "0")
    seen = []

    def look_up(store, reviews, **_):
        seen.append([review.id for review in reviews])
        return []

    monkeypatch.setattr(resolution, "resolve_after_add", look_up)
    seed = SEED.read_text(encoding="utf-8")  # (each about its own article: one review of an article says nothing more)
    files = [review_file(tmp_path, n, seed.replace("NEJMoa2100596", f"NEJMoa21005{n}")) for n in (41, 42, 43)]
    # On a pipe: nothing but the outcome.
    result = mia("add", files[0])
    assert result.exit_code == 0 and seen == [["mia_review_41"]]
    assert result.stderr == ""
    # On a terminal: one line while waiting, erased once done.
    monkeypatch.setattr(render, "stderr_is_terminal", lambda: True)
    result = mia("add", *files[1:])
    assert result.exit_code == 0
    assert result.stderr == "Looking up 2 DOIs… (Ctrl-C to skip; the reviews are stored)\r\x1b[2K"
    assert "Added mia_review_42" in result.output and "Added mia_review_43" in result.output

    def interrupted(store, reviews, **_):
        raise KeyboardInterrupt

    monkeypatch.setattr(resolution, "resolve_after_add", interrupted)
    result = mia("add", review_file(tmp_path, 44, seed.replace("NEJMoa2100596", "NEJMoa2100544")))
    assert result.exit_code == 130
    assert result.stderr == (
        "Looking up 1 DOI… (Ctrl-C to skip; the reviews are stored)\n"
        "Warning: DOI look-up skipped: the reviews are stored; `mia resolve mia_review_44` looks their articles up later.\n"
    )
    assert "mia_review_44" in mia("list").output


def test_a_bulk_add_stopped_by_ctrl_c_says_what_was_stored_and_that_running_it_again_completes_it(tmp_path, monkeypatch):
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(41, 47):
        review_file(folder, number)
    monkeypatch.setenv("MIA_IMPORT_BATCH_SIZE", "2")
    import mia.importers as importers

    original = importers.read_all

    def read_all(path, *args):
        if path.name == "mia_review_45.txt":
            raise KeyboardInterrupt
        return original(path, *args)

    monkeypatch.setattr(importers, "read_all", read_all)
    result = mia("add", folder)
    assert result.exit_code == 130
    assert result.stderr == (
        "Error: Interrupted after reading 4 of 6 file(s): 4 review(s) were stored.\n"
        "Run the same `mia add` again to complete the import: the reviews already stored come back unchanged.\n"
    )
    monkeypatch.setattr(importers, "read_all", original)
    result = mia("add", folder)
    assert result.exit_code == 0 and "Added 2, unchanged 4, failed 0." in result.output


@pytest.mark.parametrize("stop_at", ["before the files", "after the files"])
def test_ctrl_c_while_a_batch_is_written_counts_what_the_store_holds(tmp_path, monkeypatch, stop_at):
    """Ctrl-C in the middle of a batch's write: the message counts the batch's reviews from the
    store itself (written before the index update was stopped, or not written at all)."""
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(41, 47):
        review_file(folder, number)
    monkeypatch.setenv("MIA_IMPORT_BATCH_SIZE", "4")
    from mia.store import review_store

    original = review_store.Store._commit
    calls = []

    def commit(self, workspace, upserted, removed):
        calls.append(len(upserted))
        if len(calls) == 2:  # the second batch: the last two reviews
            if stop_at == "before the files":
                raise KeyboardInterrupt
            self.on_change = None
            original(self, workspace, upserted, removed)
            raise KeyboardInterrupt  # as if pressed while the index was being updated
        return original(self, workspace, upserted, removed)

    monkeypatch.setattr(review_store.Store, "_commit", commit)
    result = mia("add", folder)
    assert result.exit_code == 130
    stored = 4 if stop_at == "before the files" else 6
    assert f"Interrupted after reading 6 of 6 file(s): {stored} review(s) were stored." in result.stderr
    monkeypatch.setattr(review_store.Store, "_commit", original)
    result = mia("add", folder)
    assert result.exit_code == 0 and f"Added {6 - stored}, unchanged {stored}, failed 0." in result.output


def test_a_held_lock_names_its_holder_only_while_that_process_runs(tmp_path, store_path, monkeypatch):
    import os
    import platform
    import subprocess
    import sys

    from mia.store.review_store import Store

    monkeypatch.setenv("MIA_LOCK_TIMEOUT", "0.1")
    exited = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    gone = int(exited.stdout)
    store = Store(store_path)
    with store.lock():  # this process holds it, and wrote its name
        result = mia("add", SEED)
        assert result.exit_code == 4
        assert f"is locked by another mia (process {os.getpid()} on {platform.node()}" in result.stderr
        # The name left by a process that has exited is not given as the holder's.
        store.derived_path(".lock.owner").write_text(f"{gone} {platform.node()} add x.txt", encoding="utf-8")
        result = mia("add", SEED)
        assert result.exit_code == 4
        assert "is locked by another mia, for more than 0.1 s." in result.stderr and str(gone) not in result.stderr
        # One of another host cannot be checked: it is named as written.
        store.derived_path(".lock.owner").write_text(f"{gone} elsewhere add x.txt", encoding="utf-8")
        assert f"(process {gone} on elsewhere, running `mia add x.txt`)" in mia("add", SEED).stderr


def test_an_offline_import_keeps_no_stored_review_in_memory(tmp_path, monkeypatch):
    """A bulk import holds each review only while it is written: the report keeps the stored
    reviews only when their DOIs are to be looked up (100,000 of them took 1.3 GB)."""
    from mia.core.library import add_files, open_store

    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(41, 46):
        review_file(folder, number)
    store = open_store(tmp_path / "store.json")
    report = add_files(store, [folder], offline=True)
    assert [item.outcome for item in report.files] == ["added"] * 5
    assert all(item.review is None for item in report.files)

    looked_up = []
    from mia.core import resolution

    monkeypatch.setattr(resolution, "resolve_after_add", lambda store, reviews, **_: looked_up.extend(reviews) or [])
    monkeypatch.setenv("MIA_OFFLINE", "0")
    other = tmp_path / "more"
    other.mkdir()
    review_file(other, 50)
    report = add_files(store, [other], offline=False)
    kept = [item.review for item in report.files if item.review is not None]
    assert [review.id for review in looked_up] == [review.id for review in kept] == ["mia_review_50"]
