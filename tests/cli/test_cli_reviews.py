"""The review commands as a user types them: add, list, show, rm, restore."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from mia.cli import app

from conftest import REPO, SEED

runner = CliRunner()


def mia(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.fixture
def sample_store():
    result = mia("add", str(SEED))
    assert result.exit_code == 0, result.output
    return result


def test_add_a_folder_then_show_the_whole_review(sample_store):
    assert "Added mia_review_40 from mia_review_40.txt." in sample_store.stdout
    shown = mia("show", "mia_review_40")
    assert shown.exit_code == 0
    text = " ".join(shown.stdout.split())
    for expected in (
        "mia_review_40",
        "Thrombocytopénie immune: A new hope!",
        "Version: V0 of 2025-07-02",
        "Review published: 2021-10-30",
        "Keywords: Thrombocytopénie immune, Mycophenolate mofetil",
        "Mycophenolate Mofetil for First-Line Treatment of Immune Thrombocytopenia",
        "DOI: 10.1056/NEJMoa2100596",
        "[HR 0.41 (95% IC 0.21-0.80) ; p=0.008]",
        "Introduction", "Méthode", "Résultats", "Discussion",
        "dans l’échantillon.",
    ):
        assert expected in text, expected


def test_show_accepts_the_number_alone(sample_store):
    assert mia("show", "40").stdout == mia("show", "mia_review_40").stdout


def test_show_json_is_the_record(sample_store):
    record = json.loads(mia("show", "40", "--json").stdout)
    assert record["id"] == "mia_review_40"
    assert record["article"]["doi"] == "10.1056/NEJMoa2100596"
    assert [s["heading"] for s in record["sections"]] == ["Introduction", "Méthode", "Résultats", "Discussion"]
    assert record["source"]["name"] == "mia_review_40.txt"
    assert len(record["source"]["sha256"]) == 64


def test_adding_again_is_a_no_op_that_says_so(sample_store):
    again = mia("add", str(SEED))
    assert again.exit_code == 0
    assert again.stdout == "mia_review_40 is already in the store, unchanged (mia_review_40.txt).\n"


def test_a_changed_review_under_the_same_id_needs_replace(sample_store, tmp_path):
    changed = tmp_path / "changed.txt"
    changed.write_text(SEED.read_text(encoding="utf-8").replace("A new hope!", "The return"), encoding="utf-8")
    refused = mia("add", str(changed))
    assert refused.exit_code == 2
    assert "already exists in the store with other content" in refused.stderr
    replaced = mia("add", "--replace", str(changed))
    assert replaced.exit_code == 0
    record = json.loads(mia("show", "40", "--json").stdout)
    assert record["title"] == "Thrombocytopénie immune: The return"
    assert record["history"][0]["title"] == "Thrombocytopénie immune: A new hope!"


def test_another_review_under_a_taken_id_is_told_apart_from_a_new_version(sample_store, tmp_path):
    """A file whose id is taken by a review of another article: --replace (what the message
    advised) made the stored review an earlier version of it, out of the searches."""
    other = tmp_path / "other.txt"
    other.write_text(SEED.read_text(encoding="utf-8").replace("10.1056/NEJMoa2100596", "10.1056/NEJMoa1500596"),
                     encoding="utf-8")
    refused = mia("add", str(other))
    assert refused.exit_code == 2
    assert ("mia_review_40 already exists in the store as “Thrombocytopénie immune: A new hope!” (added on "
            in refused.stderr and "from mia_review_40.txt)" in refused.stderr)
    assert "this one is about another article (DOI 10.1056/NEJMoa1500596, the stored one 10.1056/NEJMoa2100596)" in refused.stderr
    assert f"Store this one under the next free id with: mia add --new-id {other}" in refused.stderr
    assert "Add with --replace" not in refused.stderr


def test_list_shows_a_table_and_json(sample_store):
    listed = mia("list")
    assert listed.exit_code == 0
    assert "mia_review_40" in listed.stdout and "N Engl J Med" in listed.stdout and "2021" in listed.stdout
    records = json.loads(mia("list", "--json").stdout)
    assert [r["id"] for r in records] == ["mia_review_40"]


def test_list_on_a_pipe_fits_the_columns_the_user_set_else_keeps_whole_titles(monkeypatch):
    assert mia("add", str(REPO / "data" / "reviews")).exit_code == 0
    monkeypatch.setenv("COLUMNS", "60")
    narrow = mia("list").stdout.splitlines()
    assert len(narrow) == 21 and max(len(line) for line in narrow) <= 60
    monkeypatch.delenv("COLUMNS")
    whole = mia("list").stdout
    titles = [record["title"] for record in json.loads(mia("list", "--json").stdout)]
    assert all(title in whole for title in titles)


def test_list_of_an_empty_store_says_what_to_do():
    result = mia("list")
    assert result.exit_code == 0
    assert "mia add" in result.stdout
    assert json.loads(mia("list", "--json").stdout) == []


def test_bulk_add_stores_the_good_files_and_reports_the_bad(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "good.txt")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "notes.txt").write_text("Quelques notes sans identifiant.\n", encoding="utf-8")
    result = mia("add", str(folder))
    assert result.exit_code == 2
    assert "Added 1, unchanged 0, failed 2." in result.stdout
    assert "empty.txt" in result.stderr and "notes.txt" in result.stderr
    assert [r["id"] for r in json.loads(mia("list", "--json").stdout)] == ["mia_review_40"]


def test_missing_path_is_a_plain_error():
    result = mia("add", "/nonexistent/review.txt")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "/nonexistent/review.txt" in result.stderr


def test_add_without_arguments_says_what_to_pass():
    result = mia("add")
    assert result.exit_code == 2
    assert "mia add data/reviews/" in result.stderr


def test_unknown_id_exits_1_and_says_how_to_list():
    result = mia("show", "mia_review_999")
    assert result.exit_code == 1
    assert "There is no review mia_review_999" in result.stderr
    assert "mia list" in result.stderr


def test_a_malformed_id_exits_2():
    result = mia("show", "review forty")
    assert result.exit_code == 2
    assert "is not a review id" in result.stderr


def test_rm_asks_then_restore_brings_back(sample_store):
    declined = mia("rm", "40", input="n\n")
    assert declined.exit_code == 0 and "Nothing was changed." in declined.stdout
    assert mia("show", "40").exit_code == 0
    removed = mia("rm", "40", input="y\n")
    assert removed.exit_code == 0
    assert mia("show", "40").exit_code == 1
    assert json.loads(mia("list", "--json").stdout) == []
    assert mia("restore", "40").exit_code == 0
    assert mia("show", "40").exit_code == 0


def test_rm_without_an_answer_needs_yes(sample_store):
    result = mia("rm", "40")
    assert result.exit_code == 2
    assert "--yes" in result.stderr
    assert mia("rm", "40", "--yes").exit_code == 0


def test_rm_of_several_with_one_unknown_removes_none_and_says_so(sample_store):
    assert mia("add", str(REPO / "data" / "reviews" / "mia_review_44.txt")).exit_code == 0
    result = mia("rm", "40", "44", "9999", "--yes")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Nothing was moved to the trash, because of 1 of the 3 review(s) named:\n"
                                    "  There is no review mia_review_9999 in the store.\n")
    assert "To move the other 2: mia rm mia_review_40 mia_review_44" in result.stderr
    assert result.stdout == ""
    assert [r["id"] for r in json.loads(mia("list", "--json").stdout)] == ["mia_review_40", "mia_review_44"]


def test_rm_names_every_review_it_cannot_remove_and_takes_a_repeated_id_once(sample_store):
    assert mia("rm", "40", "--yes").exit_code == 0
    result = mia("rm", "40", "abc", "9999", "--yes")
    assert result.exit_code == 2  # a malformed id is bad input
    assert "because of 3 of the 3 review(s) named" in result.stderr
    for reason in ("mia_review_40 is in the trash", "'abc' is not a review id.", "There is no review mia_review_9999"):
        assert reason in result.stderr
    assert mia("restore", "40").exit_code == 0
    # a word that is no id keeps what to type in its own line
    labelled = mia("rm", "id:44", "--yes")
    assert "  'id:44' is not a review id: mia takes the id alone, without 'id:'. Type 44 (or mia_review_44) in its place.\n" in labelled.stderr
    twice = mia("rm", "40", "mia_review_40", "--yes")
    assert twice.exit_code == 0 and twice.stdout.count("Moved mia_review_40 to the trash") == 1


def test_restore_of_a_review_in_the_store_says_it_is_there_already(sample_store):
    result = mia("restore", "40")
    assert result.exit_code == 1
    assert "mia_review_40 is not in the trash: it is in the store already, so there is nothing to restore." in result.stderr
    assert "mia show mia_review_40" in result.stderr
    unknown = mia("restore", "9999")
    assert unknown.exit_code == 1
    assert "There is no review mia_review_9999 in the trash, nor in the store." in unknown.stderr


def test_purge_empties_the_trash(sample_store):
    mia("rm", "40", "--yes")
    purged = mia("rm", "--purge", "--yes")
    assert "Deleted 1 review(s)" in purged.stdout
    assert mia("restore", "40").exit_code == 1


def registered_commands() -> list[str]:
    import typer.main

    return sorted(typer.main.get_command(app).list_commands(None))  # loaded as they are asked for


def test_every_command_has_help_with_an_example():
    commands = registered_commands()
    assert {"add", "list", "show", "search", "rm", "restore", "doctor", "cite", "resolve"} <= set(commands)
    for command in commands:
        result = mia(command, "--help")
        assert result.exit_code == 0, command
        assert "Example: mia " in result.stdout, command


def test_shell_completion_offers_review_ids(sample_store, store_path):
    import os

    env = dict(os.environ, MIA_STORE=str(store_path), _MIA_COMPLETE="complete_bash", COMP_WORDS="mia show mia_r", COMP_CWORD="2")
    result = subprocess.run([sys.executable, "-m", "mia"], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["mia_review_40"]


def test_version():
    result = mia("--version")
    assert result.exit_code == 0 and result.stdout.startswith("mia ")


def test_the_installed_command_runs_the_main_job(tmp_path):
    env_store = tmp_path / "s.json"
    mia_bin = shutil.which("mia", path=str(__import__("pathlib").Path(sys.executable).parent))
    assert mia_bin, "the mia entry point is not installed beside this python"
    added = subprocess.run([mia_bin, "--store", str(env_store), "add", str(SEED.parent)], capture_output=True, text=True, timeout=60)
    assert added.returncode == 0, added.stderr
    shown = subprocess.run([mia_bin, "--store", str(env_store), "show", "mia_review_40"], capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0
    assert "[HR 0.41 (95% IC 0.21-0.80) ; p=0.008]" in " ".join(shown.stdout.split())


def test_show_and_list_follow_the_store_even_when_it_changes_behind_mias_back(sample_store, store_path):
    """show and list read the index's copy only while it matches the store, the only truth."""
    assert json.loads(mia("show", "40", "--json").stdout)["title"] == "Thrombocytopénie immune: A new hope!"
    store_path.write_text(
        store_path.read_text(encoding="utf-8").replace("A new hope!", "Edited by hand"), encoding="utf-8"
    )
    assert json.loads(mia("show", "40", "--json").stdout)["title"] == "Thrombocytopénie immune: Edited by hand"
    assert "Edited by hand" in mia("list").stdout
    assert json.loads(mia("list", "--json").stdout)[0]["title"] == "Thrombocytopénie immune: Edited by hand"


def test_list_json_gives_whole_records(sample_store):
    assert json.loads(mia("list", "--json").stdout) == [json.loads(mia("show", "40", "--json").stdout)]


def test_a_store_named_through_a_symbolic_link_is_written_where_the_link_points(tmp_path, monkeypatch):
    """A store kept in a shared folder and named through a link: every write reaches the shared
    file (the link was replaced by a local copy, and the shared one went stale)."""
    shared = tmp_path / "Dropbox" / "club.json"
    shared.parent.mkdir()
    link = tmp_path / "reviews.json"
    link.symlink_to(shared)
    monkeypatch.setenv("MIA_STORE", str(link))
    runner = CliRunner()
    assert runner.invoke(app, ["add", str(SEED)]).exit_code == 0
    assert runner.invoke(app, ["rm", "40", "--yes"]).exit_code == 0
    assert link.is_symlink() and shared.is_file()
    assert not (tmp_path / "reviews.json.shards").exists()  # the store's files are beside the shared one
    monkeypatch.setenv("MIA_STORE", str(shared))
    assert "mia_review_40" in runner.invoke(app, ["trash"]).stdout
    exported = tmp_path / "export.json"
    exported.symlink_to(tmp_path / "Dropbox" / "export.json")
    monkeypatch.setenv("MIA_STORE", str(link))
    assert runner.invoke(app, ["restore", "40"]).exit_code == 0
    assert runner.invoke(app, ["export", "-o", str(exported), "--force"]).exit_code == 0
    assert exported.is_symlink() and (tmp_path / "Dropbox" / "export.json").is_file()


@pytest.mark.parametrize("failure, says", [
    (lambda: OSError(28, "No space left on device", "/data/reviews.json"), "The disk is full (/data/reviews.json)"),
    (lambda: __import__("sqlite3").OperationalError("database or disk is full"), "The disk is full"),
    (lambda: PermissionError(13, "Permission denied", "/data/reviews.json"), "mia may not write /data/reviews.json"),
])
def test_a_full_disk_or_a_forbidden_file_is_said_plainly_with_exit_4(tmp_path, monkeypatch, failure, says):
    """Not "unexpected problem: OperationalError…" and exit 70: what happened and what to do."""
    monkeypatch.setenv("MIA_STORE", str(tmp_path / "store.json"))
    runner = CliRunner()
    assert runner.invoke(app, ["add", str(SEED)]).exit_code == 0
    import mia.cli.search_commands as search_commands  # (imported before it is patched: imported
    # while mia.search.run_search was patched, it kept the failing one for the next tests)

    def fail(*args, **kwargs):
        raise failure()

    monkeypatch.setattr(search_commands, "run_search", fail)
    result = runner.invoke(app, ["search", "ITP"])
    assert result.exit_code == 4 and says in result.output and "Traceback" not in result.output
    assert "run the command again" in result.output and "unexpected" not in result.output


def test_adding_a_folder_says_which_files_it_left_aside(tmp_path, monkeypatch):
    folder = tmp_path / "club"
    (folder / "2025").mkdir(parents=True)
    shutil.copy(SEED, folder / "2025" / SEED.name)
    (folder / "2025" / "notes.docx").write_bytes(b"PK\x03\x04")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / ".DS_Store").write_bytes(b"\x00")
    monkeypatch.setenv("MIA_STORE", str(tmp_path / "store.json"))
    result = CliRunner().invoke(app, ["add", str(folder)])
    assert result.exit_code == 0 and "Added mia_review_40" in result.stdout
    assert "Left aside 2 file(s) that are not reviews mia reads" in result.stderr
    assert "notes.docx, photo.jpg" in result.stderr and "DS_Store" not in result.stderr
