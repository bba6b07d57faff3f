"""Writing, editing, versioning and removing reviews, as a member types the commands.

The guided `mia add` is driven through CliRunner's input with the terminal check replaced; the
member's editor is a small Python script set as $VISUAL, as a real editor would be.
"""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mia.core.authoring import today
from mia.cli import app
from mia.model.review import Article
from mia.store.review_store import Store

from conftest import SEED
from replay_server import services  # noqa: F401  (the replayed doi.org and Crossref)

runner = CliRunner()

SECTIONS = {
    "Introduction": "La TPI se caractérise par une destruction accrue des plaquettes.",
    "Méthode": "Essai randomisé ouvert, N=120 : MMF et GC contre GC seuls.",
    "Résultats": "Échec thérapeutique chez 22% contre 44% [HR 0.41 (IC 95% 0.21-0.80)].",
    "Discussion": "Le MMF en première ligne mérite d'être considéré.",
}
ARTICLE_ANSWERS = [
    "Mycophenolate Mofetil for First-Line Treatment of Immune Thrombocytopenia",  # its title
    "C. A. Bradbury et al.",  # its authors
    "NEJM",  # its journal
    "02.09.2021",  # its date, the French way
]
REVIEW_ANSWERS = [
    "Thrombocytopénie immune: un nouvel espoir",  # review title
    "Jean Dupont, Marie Curie",  # review authors
    "TPI, MMF",  # keywords
    "",  # publication date: today
]
GUIDED_INPUT = "\n".join(["10.1056/NEJMoa2100596", *ARTICLE_ANSWERS, *REVIEW_ANSWERS]) + "\n"


def mia(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.fixture
def terminal(monkeypatch):
    """stdin is a terminal, as when a member runs `mia add` alone."""
    monkeypatch.setattr("mia.cli.authoring_commands.stdin_is_terminal", lambda: True)


@pytest.fixture
def editor(tmp_path, monkeypatch):
    """`editor(body)` makes $VISUAL a Python script; in it, `path` is the file and `text` its content."""

    def set_editor(body: str, name: str = "editor") -> Path:
        script = tmp_path / f"{name}.py"
        script.write_text(
            "import os, pathlib, signal, sys, time\n"
            "path = pathlib.Path(sys.argv[1])\ntext = path.read_text(encoding='utf-8')\n" + body,
            encoding="utf-8",
        )
        monkeypatch.setenv("VISUAL", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")
        return script

    return set_editor


WRITE_SECTIONS = (
    f"for heading, words in {SECTIONS!r}.items():\n"
    "    text = text.replace(f'## {heading}\\n', f'## {heading}\\n\\n{words}\\n', 1)\n"
    "path.write_text(text, encoding='utf-8')\n"
)


def replace_in_file(old: str, new: str) -> str:
    return f"path.write_text(text.replace({old!r}, {new!r}), encoding='utf-8')\n"


def drafts(store_path: Path) -> list[Path]:
    folder = store_path.with_name(store_path.name + ".drafts")
    return sorted(folder.iterdir()) if folder.exists() else []


# --- the guided entry -------------------------------------------------------------------------


def test_guided_entry_asks_the_doi_first_then_the_review_then_opens_the_editor(terminal, editor, store_path):
    editor(WRITE_SECTIONS)
    result = mia("add", input=GUIDED_INPUT)
    assert result.exit_code == 0, result.output
    assert result.stdout.index("DOI of the reviewed article") < result.stdout.index("Title of the review")
    assert "Added mia_review_1 (V0): Thrombocytopénie immune: un nouvel espoir" in result.stdout
    record = Store(store_path).get_record("mia_review_1")
    assert record["title"] == "Thrombocytopénie immune: un nouvel espoir"
    assert record["authors"] == ["Jean Dupont", "Marie Curie"] and record["keywords"] == ["TPI", "MMF"]
    assert record["published"] == today() and record["version"] == "V0" and record["version_date"] == today()
    assert record["article"] == {
        "doi": "10.1056/NEJMoa2100596",
        "title": "Mycophenolate Mofetil for First-Line Treatment of Immune Thrombocytopenia",
        "authors": ["C. A. Bradbury"], "et_al": True, "journal": "NEJM", "date": "2021-09-02", "metadata": None,
    }
    assert [(s["heading"], s["text"]) for s in record["sections"]] == list(SECTIONS.items())
    assert record["source"]["format"] == "markdown" and record["history"] == []
    assert drafts(store_path) == []


def test_guided_entry_shows_the_resolved_article_for_confirmation(terminal, editor, store_path, monkeypatch):
    resolved = Article(
        doi="10.1056/NEJMoa2100596", title="Mycophenolate Mofetil for First-Line Treatment of Immune Thrombocytopenia",
        authors=["C. A. Bradbury"], et_al=True, journal="N Engl J Med", date="2021-09-02",
        metadata={"title": "Mycophenolate Mofetil…", "source": "replay", "fetched": "2026-01-01T00:00:00Z"},
    )
    monkeypatch.setattr("mia.core.authoring.article_for_doi", lambda doi, offline: (resolved, None))
    editor(WRITE_SECTIONS)
    result = mia("add", input="\n".join(["10.1056/NEJMoa2100596", "y", *REVIEW_ANSWERS]) + "\n")
    assert result.exit_code == 0, result.output
    assert "  Journal: N Engl J Med" in result.stdout and "Are these the article's details?" in result.stdout
    article = Store(store_path).get_record("mia_review_1")["article"]
    assert article["journal"] == "N Engl J Med" and article["metadata"]["source"] == "replay"


def test_a_doi_already_reviewed_is_said_and_may_be_left(terminal, editor, store_path):
    assert mia("add", str(SEED)).exit_code == 0
    editor(WRITE_SECTIONS)
    result = mia("add", input="doi:10.1056/nejmoa2100596\nn\n")
    assert result.exit_code == 1
    assert "The club already reviewed this article: mia_review_40." in result.stderr
    assert "Nothing was stored." in result.stderr
    assert Store(store_path).ids() == ["mia_review_40"]


def test_an_invalid_doi_is_asked_again(terminal, editor, store_path):
    editor(WRITE_SECTIONS)
    result = mia("add", input="not a doi\n" + GUIDED_INPUT)
    assert result.exit_code == 0, result.output
    assert "'not a doi'" in result.stderr
    assert Store(store_path).ids() == ["mia_review_1"]


def test_an_emptied_buffer_keeps_nothing_and_says_so(terminal, editor, store_path):
    editor("path.write_text('')\n")
    result = mia("add", input=GUIDED_INPUT)
    assert result.exit_code == 1
    assert "The draft is empty: nothing was stored." in result.stderr
    assert drafts(store_path) == [] and Store(store_path).ids() == []


def test_a_template_saved_without_text_keeps_nothing(terminal, editor, store_path):
    editor("pass\n")
    result = mia("add", input=GUIDED_INPUT)
    assert result.exit_code == 1
    assert "No section has any text: nothing was stored." in result.stderr
    assert drafts(store_path) == [] and Store(store_path).ids() == []


def test_ctrl_c_in_the_editor_keeps_the_draft_and_says_so(terminal, editor, store_path, monkeypatch):
    # Ctrl-C while the editor runs: the terminal sends SIGINT to mia and the editor, and mia's
    # wait for the editor raises KeyboardInterrupt. (Raised here where the wait is: a signal sent
    # to the test process itself could reach another of its threads, and the wait not notice.)
    import mia.core.authoring as authoring

    editor("time.sleep(30)\n")

    def interrupted_run(command, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(authoring.subprocess, "run", interrupted_run)
    result = mia("add", input=GUIDED_INPUT)
    assert result.exit_code == 130  # as a bulk add interrupted, and as shells expect
    [draft] = drafts(store_path)  # what the editor saved is in it: kept, as for every failure after it opened
    assert "Stopped (Ctrl-C) while the editor was open: nothing was stored." in result.stderr
    assert f"Your draft is kept in {draft}" in result.stderr and f"mia add {draft}" in result.stderr
    assert Store(store_path).ids() == []


def test_the_input_ending_at_a_question_keeps_nothing(terminal, store_path):
    result = mia("add", input="10.1056/NEJMoa2100596\n")  # the input ends as if the member left
    assert result.exit_code == 1
    assert "Stopped: nothing was stored." in result.stderr
    assert drafts(store_path) == []


def test_ctrl_c_at_a_question_keeps_nothing_and_exits_130(terminal, store_path, monkeypatch):
    from typer._click import termui

    real_echo = termui.echo

    def echo(message=None, *args, **kwargs):
        if message and str(message).startswith("Title of the review"):
            real_echo(message, *args, **kwargs)  # the question is on the screen,
            raise KeyboardInterrupt  # and the prompt waits for the member as Ctrl-C arrives
        return real_echo(message, *args, **kwargs)

    monkeypatch.setattr(termui, "echo", echo)
    result = mia("add", input=GUIDED_INPUT)
    assert result.exit_code == 130
    assert "Stopped (Ctrl-C): nothing was stored." in result.stderr
    # the question's line is ended: the error starts a line of its own, not after the question
    assert "Title of the review" in result.stdout and result.stdout.endswith("\n")
    assert drafts(store_path) == [] and Store(store_path).ids() == []


def test_a_failing_editor_keeps_the_draft_and_names_it(terminal, editor, store_path):
    editor(WRITE_SECTIONS.replace("path.write_text", "sys.exit(1); path.write_text"))
    result = mia("add", input=GUIDED_INPUT)
    assert result.exit_code == 2
    [draft] = drafts(store_path)
    assert "stopped with an error (exit status 1)" in result.stderr
    assert f"Your draft is kept in {draft}" in result.stderr
    assert f"mia add {draft}" in result.stderr
    assert Store(store_path).ids() == []


def test_a_missing_editor_keeps_the_draft_and_names_it(terminal, store_path, monkeypatch):
    monkeypatch.setenv("VISUAL", "/nonexistent/editor")
    result = mia("add", input=GUIDED_INPUT)
    assert result.exit_code == 2
    [draft] = drafts(store_path)
    assert "The editor '/nonexistent/editor' could not be started" in result.stderr
    assert f"Your draft is kept in {draft}" in result.stderr


def test_an_invalid_draft_can_be_fixed_in_the_editor_again(terminal, editor, store_path, tmp_path):
    runs = tmp_path / "runs"
    editor(
        f"runs = pathlib.Path({str(runs)!r})\n"
        "first = not runs.exists()\nruns.write_text('1')\n"
        "if first:\n"
        "    path.write_text(text.replace('published:', 'published: 31.02.2026 #'), encoding='utf-8')\n"
        "else:\n"
        "    text = text.replace('published: 31.02.2026 #', 'published:')\n" + "    " + WRITE_SECTIONS.replace("\n", "\n    ").rstrip() + "\n"
    )
    result = mia("add", input=GUIDED_INPUT + "y\n")
    assert result.exit_code == 0, result.output
    assert "'published' is '31.02.2026', not a date of the form YYYY-MM-DD" in result.stderr
    assert ", line 9: " in result.stderr  # the template's ninth line: published
    assert Store(store_path).ids() == ["mia_review_1"] and drafts(store_path) == []


def test_an_invalid_draft_left_unfixed_is_kept_and_can_be_added_later(terminal, editor, store_path):
    editor("path.write_text(text.replace(\"title: 'Thrombocytopénie immune: un nouvel espoir'\", 'title: a: b'), encoding='utf-8')\n")
    result = mia("add", input=GUIDED_INPUT + "n\n")
    assert result.exit_code == 2
    [draft] = drafts(store_path)
    assert f"{draft.name}, line 8: the front matter is not valid YAML" in result.stderr
    assert f"When it is ready, add it with: mia add {draft}" in result.stderr
    text = draft.read_text(encoding="utf-8").replace("title: a: b", "title: 'TPI: espoir'")
    draft.write_text(text.replace("## Discussion\n", "## Discussion\n\nFin.\n"), encoding="utf-8")
    added = mia("add", str(draft))
    assert added.exit_code == 0, added.output
    assert Store(store_path).get_record("mia_review_1")["title"] == "TPI: espoir"


def test_without_a_terminal_add_alone_says_what_to_pass():
    result = mia("add")
    assert result.exit_code == 2
    assert "Tell mia what to import." in result.stderr
    assert "mia add data/reviews/" in result.stderr and "mia new -o FILE.md" in result.stderr


# --- mia new and Markdown files ---------------------------------------------------------------


def test_new_writes_a_template_to_fill_in_and_add(tmp_path, store_path):
    assert mia("add", str(SEED)).exit_code == 0
    printed = mia("new")
    assert printed.exit_code == 0
    assert "id: mia_review_41" in printed.stdout and "## Méthode" in printed.stdout

    file = tmp_path / "review.md"
    result = mia("new", "--doi", "https://doi.org/10.1000/xyz123", "-o", str(file))
    assert result.exit_code == 0
    assert result.stdout == f"Wrote a template for mia_review_41 to {file}. Fill it in, then: mia add {file}\n"
    text = file.read_text(encoding="utf-8")
    assert "  doi: 10.1000/xyz123" in text
    assert f"Then store it with: mia add {file}" in text and "Save and quit" not in text  # (a file, no editor)

    title_line = text.splitlines().index("title: ''") + 1
    refused = mia("add", str(file))
    assert refused.exit_code == 2
    assert f"review.md, line {title_line}: the review has no title." in refused.stderr

    file.write_text(text.replace("title: ''", "title: Une revue").replace("## Discussion\n", "## Discussion\n\nTexte.\n"), encoding="utf-8")
    added = mia("add", str(file))
    assert added.exit_code == 0 and "Added mia_review_41 from review.md." in added.stdout
    assert Store(store_path).get_record("mia_review_41")["sections"][3] == {"heading": "Discussion", "text": "Texte.", "role": "discussion"}

    assert mia("new", "-o", str(file)).exit_code == 2
    assert mia("new", "-o", str(file), "--force").exit_code == 0


def test_two_templates_written_in_a_row_get_two_ids_and_both_are_added(tmp_path, store_path, monkeypatch):
    """`mia new` gave the next free id to each template, so the second of two written before
    either was added collided at `mia add`."""
    monkeypatch.chdir(tmp_path)
    assert mia("add", str(SEED)).exit_code == 0
    first = mia("new", "-o", "a.md")
    assert first.stdout == "Wrote a template for mia_review_41 to a.md. Fill it in, then: mia add a.md\n"
    second = mia("new", "-o", "b.md")
    assert second.stdout == ("Wrote a template for mia_review_42 to b.md (not added yet: mia_review_41 in a.md). "
                             "Fill it in, then: mia add b.md\n")
    printed = mia("new")
    assert "id: mia_review_43" in printed.stdout and printed.stderr == ""  # printed: the next one, not remembered
    from mia.cli import authoring_commands

    monkeypatch.setattr(authoring_commands, "stdout_is_a_file", lambda: True)  # mia new > c.md
    assert ("Warning: A template written with '>' is not remembered: until mia_review_43 is added, the next mia new "
            "gives it again (mia new -o FILE remembers it).") in mia("new").stderr
    for name, title in (("b.md", "Revue B"), ("a.md", "Revue A")):  # added in any order
        text = Path(name).read_text(encoding="utf-8")
        Path(name).write_text(text.replace("title: ''", f"title: {title}").replace("## Discussion\n", "## Discussion\n\nTexte.\n"), encoding="utf-8")
        added = mia("add", name)
        assert added.exit_code == 0, added.output
    assert Store(store_path).ids() == ["mia_review_40", "mia_review_41", "mia_review_42"]
    assert mia("new", "-o", "c.md").stdout.startswith("Wrote a template for mia_review_43 to c.md. Fill")


def test_a_markdown_file_without_sections_says_so(tmp_path):
    file = tmp_path / "x.md"
    file.write_text("---\nid: mia_review_3\ntitle: T\n---\n\nJust text.\n", encoding="utf-8")
    result = mia("add", str(file))
    assert result.exit_code == 2
    assert "x.md, line 6: this text comes before the first section heading." in result.stderr
    file.write_text("---\nid: mia_review_3\ntitle: T\n---\n", encoding="utf-8")
    assert "the review has no section: no '## Heading' line" in mia("add", str(file)).stderr


# --- mia edit, show --version, diff -----------------------------------------------------------


@pytest.fixture
def seeded(store_path) -> Store:
    assert mia("add", str(SEED)).exit_code == 0
    return Store(store_path)


def test_edit_stores_a_new_version_and_keeps_the_old_one(seeded, editor):
    editor(replace_in_file("La TPI se caractérise", "La thrombocytopénie immune (TPI) se caractérise"))
    result = mia("edit", "40")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Saved mia_review_40 as V1 of {today()} (V0 is kept in its history; `mia diff mia_review_40` shows the changes).\n"
    )
    record = seeded.get_record("mia_review_40")
    assert record["version"] == "V1" and record["version_date"] == today()
    assert record["sections"][0]["text"].startswith("La thrombocytopénie immune (TPI)")
    assert [h["version"] for h in record["history"]] == ["V0"]
    assert record["history"][0]["sections"][0]["text"].startswith("La TPI se caractérise")

    old = mia("show", "40", "--version", "V0")
    assert old.exit_code == 0 and "Version: V0 of 2025-07-02" in old.stdout and "La TPI se caractérise" in old.stdout
    assert json.loads(mia("show", "40", "--version", "v0", "--json").stdout)["version"] == "V0"
    missing = mia("show", "40", "--version", "V7")
    assert missing.exit_code == 1 and "Its versions are: V0, V1." in missing.stderr

    changes = mia("diff", "40")
    assert changes.exit_code == 0
    lines = changes.stdout.splitlines()
    assert lines[0] == f"What changed in mia_review_40 from V0 (of 2025-07-02) to V1 (of {today()}): 1 part ([-removed-]{{+added+}})."
    assert lines[2:] == ["Section 'Introduction':", "  La [-TPI-]{+thrombocytopénie immune (TPI)+} se caractérise par une consommation accrue …"]
    assert mia("diff", "40", "V0", "V1").stdout == changes.stdout
    assert mia("diff", "40", "V1", "V1").stdout == "V1 and V1 of mia_review_40 say the same.\n"


def test_diff_of_a_one_word_change_shows_that_word_in_context_without_bookkeeping(seeded, editor):
    editor(replace_in_file("Ces résultats sont à pondérer", "Ces résultats restent à pondérer"))
    assert mia("edit", "40").exit_code == 0
    shown = mia("diff", "40").stdout
    assert shown.splitlines()[2:] == [  # (wrapped at COLUMNS=100)
        "Section 'Discussion':",
        "  … considéré comme 1 alternative. Ces résultats [-sont-]{+restent+} à pondérer chez les patient.e.s",
        "  souffrant …",
    ]
    assert "@@" not in shown and "version" not in shown.replace("What changed", "")
    assert len(shown) < 300  # not the 400-character paragraph twice
    as_json = json.loads(mia("diff", "40", "--json").stdout)
    assert as_json["from"] == {"version": "V0", "version_date": "2025-07-02"} and as_json["to"]["version"] == "V1"
    [change] = as_json["changes"]
    assert change["part"] == "section 'Discussion'" and change["change"] == "changed"
    assert "Ces résultats sont à pondérer" in change["before"] and "Ces résultats restent à pondérer" in change["after"]


def test_diff_names_each_part_changed_added_or_removed(seeded, editor):
    editor(replace_in_file("title: 'Thrombocytopénie immune: A new hope!'", "title: 'TPI : un nouvel espoir'")
           + "text = path.read_text(encoding='utf-8')\n"
           + "path.write_text(text.replace('## Discussion', '## Conclusion\\n\\nBon essai.\\n\\n## Discussion'), encoding='utf-8')\n")
    assert mia("edit", "40").exit_code == 0
    lines = mia("diff", "40").stdout.splitlines()
    assert lines[0].endswith(": 2 parts ([-removed-]{+added+}).")
    assert lines[2:] == ["Title:", "  [-Thrombocytopénie immune: A new hope!-]{+TPI : un nouvel espoir+}", "",
                         "Section 'Conclusion', added:", "  {+Bon essai.+}"]
    back = mia("diff", "40", "V1", "V0").stdout.splitlines()
    assert "Section 'Conclusion', removed:" in back and "  [-Bon essai.-]" in back


def test_diff_on_a_terminal_colours_the_words_instead_of_marking_them(seeded, editor, monkeypatch):
    import mia.cli.history_commands as commands

    editor(replace_in_file("Ces résultats sont à pondérer", "Ces résultats restent à pondérer"))
    assert mia("edit", "40").exit_code == 0
    monkeypatch.setattr(commands, "styling_wanted", lambda stream: True)
    shown = mia("diff", "40", "--no-pager").stdout
    assert "Ces résultats \x1b[31;9msont\x1b[0m \x1b[1;32mrestent\x1b[0m à pondérer" in shown
    assert "[-" not in shown and "(red: removed, green: added)" in shown


def test_diff_prints_review_text_literally(seeded, editor):
    editor(replace_in_file("Cette étude montre", "[bold]Cette[/bold] \x1b[31métude montre"))
    assert mia("edit", "40").exit_code == 0
    lines = mia("diff", "40").stdout.splitlines()
    assert "  [-Cette étude-]{+[bold]Cette[/bold] étude+} montre une meilleure efficacité du traitement …" in lines
    assert not any("\x1b" in line for line in lines)


def test_an_edit_without_change_stores_nothing_and_says_so(seeded, editor):
    editor("pass\n")
    before = seeded.path.read_bytes()
    result = mia("edit", "40")
    assert result.exit_code == 0 and result.stdout == "No change to mia_review_40: nothing was stored.\n"
    assert seeded.path.read_bytes() == before
    assert drafts(seeded.path) == []


def test_an_invalid_edit_keeps_the_draft_and_the_store_and_can_be_taken_up_again(seeded, editor):
    editor(replace_in_file("title: 'Thrombocytopénie immune: A new hope!'", "title: ''"))
    before = seeded.path.read_bytes()
    result = mia("edit", "40")
    assert result.exit_code == 2
    [draft] = drafts(seeded.path)
    assert f"{draft.name}, line 5: the review has no title." in result.stderr
    assert f"Your draft is kept in {draft}" in result.stderr
    assert f"Carry on with: mia edit mia_review_40 --draft {draft}" in result.stderr
    assert seeded.path.read_bytes() == before

    editor(replace_in_file("title: ''", "title: 'TPI: a new hope'"))
    again = mia("edit", "40", "--draft", str(draft))
    assert again.exit_code == 0, again.output
    assert seeded.get_record("mia_review_40")["title"] == "TPI: a new hope"
    assert drafts(seeded.path) == []


def test_diff_of_a_review_with_one_version_says_there_is_nothing_to_compare(seeded):
    result = mia("diff", "40")
    assert result.exit_code == 2 and "has only one version (V0)" in result.stderr


# --- rm, restore, purge -----------------------------------------------------------------------


def test_a_removed_review_is_gone_from_list_show_and_export_until_restored(seeded, tmp_path):
    assert mia("rm", "40", "--yes").exit_code == 0
    assert json.loads(mia("list", "--json").stdout) == []
    assert mia("show", "40").exit_code == 1
    assert mia("export").exit_code == 1
    again = mia("add", str(SEED))
    assert again.exit_code == 2 and "mia_review_40 is in the trash" in again.stderr
    assert mia("restore", "40").stdout == "Restored mia_review_40.\n"
    assert [r["id"] for r in json.loads(mia("list", "--json").stdout)] == ["mia_review_40"]


def test_restore_of_a_review_not_in_the_trash_exits_1(seeded):
    result = mia("restore", "40")
    assert result.exit_code == 1 and "mia_review_40 is not in the trash: it is in the store already" in result.stderr


def test_purge_asks_first_and_a_no_keeps_the_trash(seeded):
    mia("rm", "40", "--yes")
    declined = mia("rm", "--purge", input="n\n")
    assert declined.exit_code == 0 and "Nothing was changed." in declined.stdout
    assert mia("restore", "40").exit_code == 0
    mia("rm", "40", "--yes")
    purged = mia("rm", "--purge", input="y\n")
    assert purged.exit_code == 0 and "Deleted 1 review(s) from the trash for good." in purged.stdout
    assert mia("restore", "40").exit_code == 1


def test_ctrl_c_in_the_editor_of_an_edit_keeps_the_draft_to_carry_on_with(seeded, editor, monkeypatch):
    import mia.core.authoring as authoring

    script = editor(replace_in_file("La TPI se caractérise", "La thrombocytopénie immune (TPI) se caractérise"))
    real_run = authoring.subprocess.run

    def saved_then_interrupted(command, **kwargs):
        real_run(command, **kwargs)  # the editor saved the change,
        raise KeyboardInterrupt  # then Ctrl-C reached mia's wait

    monkeypatch.setattr(authoring.subprocess, "run", saved_then_interrupted)
    result = mia("edit", "40")
    assert result.exit_code == 130
    [draft] = drafts(seeded.path)
    assert "La thrombocytopénie immune (TPI)" in draft.read_text(encoding="utf-8")
    assert f"Your draft is kept in {draft}" in result.stderr
    assert f"Carry on with: mia edit mia_review_40 --draft {draft}" in result.stderr
    assert seeded.get_record("mia_review_40")["version"] == "V0"

    monkeypatch.setattr(authoring.subprocess, "run", real_run)
    script.write_text("pass\n", encoding="utf-8")
    assert mia("edit", "40", "--draft", str(draft)).exit_code == 0
    assert seeded.get_record("mia_review_40")["sections"][0]["text"].startswith("La thrombocytopénie immune (TPI)")


def test_edit_with_no_editor_set_and_no_terminal_refuses_before_any_draft(seeded):
    before = seeded.path.read_bytes()
    result = mia("edit", "40")  # VISUAL and EDITOR unset (conftest); CliRunner's input is no terminal
    assert result.exit_code == 2
    assert "This opens an editor" in result.stderr and "which needs a terminal, and there is none here" in result.stderr
    assert "Run `mia edit 40` in a terminal window." in result.stderr and "export EDITOR=nano" in result.stderr
    assert "stopped with an error" not in result.stderr
    assert drafts(seeded.path) == [] and seeded.path.read_bytes() == before
    # carrying on from a draft whose path holds a space and an apostrophe: the command copies whole
    result = mia("edit", "40", "--draft", "/club d'Anne/draft.md")
    assert "Run `mia edit 40 --draft '/club d'\"'\"'Anne/draft.md'` in a terminal window." in result.stderr
    unknown = mia("edit", "9999")  # what is wrong with the review itself is said first
    assert unknown.exit_code == 1 and "There is no review mia_review_9999" in unknown.stderr


@pytest.mark.parametrize("installed, said", [
    ("nano", "No editor is set, so mia opens nano (Ctrl-O then Enter saves, Ctrl-X quits)."),
    ("vi", "No editor is set, so mia opens vi (press i to type; to save and quit: Esc, then :wq and Enter;"),
])
def test_edit_with_no_editor_set_opens_the_friendliest_installed_and_says_how_to_choose(seeded, terminal, tmp_path, monkeypatch, installed, said):
    folder = tmp_path / "bin"
    folder.mkdir()
    fake = folder / installed  # stands for the editor: changes the text as a member would
    fake.write_text(f"#!{sys.executable}\nimport pathlib, sys\npath = pathlib.Path(sys.argv[1])\n"
                    "path.write_text(path.read_text(encoding='utf-8').replace('A new hope!', 'Un nouvel espoir'), encoding='utf-8')\n",
                    encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))  # the only editor installed
    result = mia("edit", "40")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(said)
    assert "To choose another, name it in EDITOR, e.g. export EDITOR=nano" in result.stdout
    assert seeded.get_record("mia_review_40")["title"] == "Thrombocytopénie immune: Un nouvel espoir"


def test_an_editor_the_member_set_runs_without_a_terminal_and_is_not_announced(seeded, editor):
    editor(replace_in_file("A new hope!", "Un nouvel espoir"))
    result = mia("edit", "40")  # no terminal: a program of the member's may need none
    assert result.exit_code == 0 and result.stdout.startswith("Saved mia_review_40 as V1")


def test_rm_of_an_unknown_id_removes_nothing(seeded):
    result = mia("rm", "40", "99", "--yes")
    assert result.exit_code == 1
    assert seeded.ids() == ["mia_review_40"]


# --- the "done when" ------------------------------------------------------------------


def test_done_when_written_edited_twice_exported_and_reimported_it_comes_back_identical(terminal, editor, store_path, tmp_path):
    editor(WRITE_SECTIONS)
    assert mia("add", input=GUIDED_INPUT).exit_code == 0
    editor(replace_in_file("destruction accrue", "destruction accrue (auto-immune)"))
    assert mia("edit", "1").exit_code == 0
    editor(replace_in_file("mérite d'être considéré.", "mérite d'être considéré.\n\nÀ confirmer sur des cohortes plus larges."))
    assert mia("edit", "1").exit_code == 0

    original = Store(store_path).get_record("mia_review_1")
    assert original["version"] == "V2" and [h["version"] for h in original["history"]] == ["V0", "V1"]
    assert original["sections"][3]["text"].endswith("\n\nÀ confirmer sur des cohortes plus larges.")

    folder = tmp_path / "export"
    assert mia("export", "--format", "markdown", "--output", str(folder)).exit_code == 0
    fresh = tmp_path / "fresh" / "reviews.json"
    result = mia("--store", str(fresh), "add", str(folder))
    assert result.exit_code == 0, result.output
    assert Store(fresh).records() == Store(store_path).records()
    assert Store(fresh).get_record("mia_review_1") == original


def test_every_new_command_has_help_with_an_example():
    for command in ("new", "edit", "diff", "export"):
        result = mia(command, "--help")
        assert result.exit_code == 0
        assert "Example: mia " in result.stdout, command


# --- mia add --doi: the same guided entry, the DOI already given --------------------------------

PLOS = "10.1371/journal.pone.0033693"


def test_add_from_a_doi_resolves_it_shows_it_then_asks_the_review_and_opens_the_editor(terminal, editor, services, store_path):
    from replay_server import PLOS_WORKS

    services.crossref.add(f"/works/{PLOS}", services.recorded(PLOS_WORKS))
    editor(WRITE_SECTIONS)
    result = mia("add", "--doi", f"https://doi.org/{PLOS}", input="y\n" + "\n".join(REVIEW_ANSWERS) + "\n")
    assert result.exit_code == 0, result.output
    assert "DOI of the reviewed article" not in result.stdout  # given on the command line
    assert "Title: Methylphenidate Exposure Induces Dopamine Neuron Loss" in result.stdout
    record = Store(store_path).get_record("mia_review_1")
    assert record["article"]["doi"] == PLOS
    assert record["article"]["authors"] == ["S. Sadasivan"] and record["article"]["et_al"] is True
    assert record["article"]["metadata"]["source"] == services.crossref.url + f"/works/{PLOS}"
    assert [(s["heading"], s["text"]) for s in record["sections"]] == list(SECTIONS.items())


def test_add_from_a_doi_already_reviewed_says_by_which_review_and_asks(terminal, editor, services, store_path):
    assert mia("add", "--offline", str(SEED)).exit_code == 0
    before = store_path.read_bytes()
    result = mia("add", "--doi", "doi:10.1056/nejmoa2100596", input="n\n")
    assert "The club already reviewed this article: mia_review_40." in result.stderr
    assert result.exit_code == 1 and "Nothing was stored." in result.stderr
    assert store_path.read_bytes() == before
    assert services.crossref.received == []


def test_add_from_a_doi_that_does_not_exist_exits_1_and_stores_nothing(terminal, editor, services, store_path):
    services.crossref.add("/works/10.1371/notarealdoi", services.recorded("errors/02_crossref_works_404_unknown-doi"))
    services.doi.add("/10.1371/notarealdoi", services.recorded("errors/01_doiorg_404_unknown-doi"))
    result = mia("add", "--doi", "10.1371/notarealdoi")
    assert result.exit_code == 1
    assert "The DOI 10.1371/notarealdoi does not exist" in result.stderr
    assert not store_path.exists()


def test_add_from_a_doi_without_a_terminal_says_how_to_do_it_with_a_file(store_path):
    result = mia("add", "--doi", PLOS)
    assert result.exit_code == 2
    assert "needs a terminal" in result.stderr
    assert f"mia new --doi {PLOS} -o review.md" in result.stderr
    assert not store_path.exists()


def test_a_doi_the_shell_would_read_otherwise_is_quoted_in_the_command_to_copy(store_path):
    """A DOI of the 1990s holds ( ) < > and ; (SICI DOIs): the command offered copies whole."""
    sici = "10.1002/(SICI)1097-0258(19980430)17:8<857::AID-SIM777>3.0.CO;2-E"
    result = mia("add", "--doi", sici)
    assert result.exit_code == 2
    assert f"mia new --doi '{sici}' -o review.md" in result.stderr


def test_a_waiting_template_on_another_drive_is_named_by_its_full_path(monkeypatch):
    """On Windows, os.path.relpath raises ValueError for a file on another drive than the
    current folder (D:\\club\\a.md seen from C:\\): `mia new` names it as it is, not a traceback."""
    from mia.cli import authoring_commands
    from mia.core.authoring import Waiting

    def other_drive(path, start=None):
        raise ValueError("path is on mount 'D:', start on mount 'C:'")

    monkeypatch.setattr(authoring_commands.os.path, "relpath", other_drive)
    waiting = [Waiting("mia_review_41", Path("/club/a.md"), "template")]
    assert authoring_commands.waiting_text(waiting) == f" (not added yet: mia_review_41 in {Path('/club/a.md')})"


def test_the_commands_to_copy_quote_a_path_with_a_space_or_a_quote(tmp_path, monkeypatch, editor):
    """`mia new` and a kept draft say what to type next: a path with a space (macOS's
    `Application Support`) or a quote is quoted for the shell, so the command copied works."""
    monkeypatch.chdir(tmp_path)
    assert mia("new", "-o", "ma revue d'avril.md").stdout.endswith(
        "Fill it in, then: mia add 'ma revue d'\"'\"'avril.md'\n")
    # the template's own guidance says the same command
    assert "Then store it with: mia add 'ma revue d'\"'\"'avril.md'\n" in (tmp_path / "ma revue d'avril.md").read_text(encoding="utf-8")
    store_path = tmp_path / "Application Support" / "reviews.json"
    monkeypatch.setenv("MIA_STORE", str(store_path))
    assert mia("add", str(SEED)).exit_code == 0
    editor(replace_in_file("title: 'Thrombocytopénie immune: A new hope!'", "title: ''"))
    result = mia("edit", "40")
    [draft] = drafts(store_path)
    assert f"Carry on with: mia edit mia_review_40 --draft {shlex.quote(str(draft))}" in result.stderr
    # the line saying where the draft is kept names it as the shell reads it too
    assert f"Your draft is kept in {shlex.quote(str(draft))}\n" in result.stderr


def test_a_review_added_with_new_id_takes_no_id_a_waiting_template_holds(tmp_path, store_path, monkeypatch):
    """Two templates printed (`mia new > FILE`) share an id; the second, added with --new-id,
    took the next number above the store's, which a template `mia new -o` wrote holds: that one
    collided in turn. --new-id now passes over the ids that wait, as `mia new` does."""
    monkeypatch.chdir(tmp_path)
    assert mia("add", str(SEED)).exit_code == 0
    printed = mia("new").stdout  # mia new > x.md, twice: both mia_review_41
    for name, title in (("x.md", "Revue X"), ("y.md", "Revue Y")):
        Path(name).write_text(printed.replace("title: ''", f"title: {title}").replace("## Discussion\n", "## Discussion\n\nTexte.\n"), encoding="utf-8")
    assert mia("add", "x.md").exit_code == 0  # mia_review_41
    assert mia("new", "-o", "b.md").stdout.startswith("Wrote a template for mia_review_42 to b.md")  # it waits
    added = mia("add", "--new-id", "y.md")
    assert added.exit_code == 0, added.output
    assert "mia_review_43" in added.stdout and "mia_review_42" not in added.stdout
    text = Path("b.md").read_text(encoding="utf-8")
    Path("b.md").write_text(text.replace("title: ''", "title: Revue B").replace("## Discussion\n", "## Discussion\n\nTexte.\n"), encoding="utf-8")
    assert mia("add", "b.md").exit_code == 0
    assert Store(store_path).ids() == ["mia_review_40", "mia_review_41", "mia_review_42", "mia_review_43"]
