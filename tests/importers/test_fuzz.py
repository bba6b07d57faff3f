"""No input crashes mia: a few hundred cases of bench/fuzz.py, then one test per kind of crash
the full run (10,000 cases) found, each on the smallest input that showed it.

A crash is an exception other than mia's own escaping an importer, a `mia add` that exits 70,
prints a traceback or never ends, or a refused file that changed the store.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mia.base.errors import ImportFailed
from mia.cli import app
from mia.importers import read_all, read_path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

import fuzz  # noqa: E402  (bench/fuzz.py)

runner = CliRunner()


def mia(*args: str):
    return runner.invoke(app, list(args))


def mia_process(*args: str, timeout: float = 60):
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    return subprocess.run([sys.executable, "-m", "mia", *args], env=env, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def test_two_hundred_fifty_fuzz_cases_crash_nothing():
    tally = fuzz.fuzz(250, seed=18, processes=6, timeout=60, seeds_with_mia=False)
    assert tally.total() == 250
    assert tally.total("crash") == 0, "\n\n".join(detail for _, detail in tally.crashes[:3])
    assert tally.total("unclear") == 0
    assert tally.total("accepted") > 30 and tally.total("refused") > 30  # both sides were reached


def record(review_id: str = "mia_review_7", **extra) -> dict:
    return {"id": review_id, "title": "Titre", "sections": [{"heading": "Introduction", "text": "Texte."}], **extra}


# --- JSON nested deeper than Python's parser goes (RecursionError) ------------------------------


def test_json_nested_too_deeply_is_refused_plainly(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(ImportFailed, match="nested more than 64 levels deep"):
        read_all(path)


def test_a_record_nested_deeper_than_the_store_writes_is_refused(tmp_path):
    nested: object = 1
    for _ in range(300):  # json reads it, the store's writer (orjson) would refuse it
        nested = [nested]
    path = tmp_path / "mia_review_7.json"
    path.write_text(json.dumps(record(extra_field=nested)), encoding="utf-8")
    result = mia("add", str(path))
    assert result.exit_code == 2
    assert "nested more than 64 levels deep" in result.output
    assert "Traceback" not in result.output


def test_a_deep_bookkeeping_block_in_markdown_is_refused_plainly(tmp_path):
    path = tmp_path / "mia_review_7.md"
    path.write_text(
        "---\nid: mia_review_7\ntitle: Titre\n---\n\n## Introduction\n\nTexte.\n\n"
        "<!-- mia:bookkeeping x\n" + "[" * 5000 + "]" * 5000 + "\n-->\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed, match="bookkeeping block written by mia is nested"):
        read_path(path)


# --- a date in the front matter that is not a real day (PyYAML's bare ValueError) ---------------


@pytest.mark.parametrize("value", ["2021-02-30", "2021-13-01", "2021-02-03T25:61:00"])
def test_a_front_matter_date_that_does_not_exist_names_its_line(tmp_path, value):
    path = tmp_path / "mia_review_7.md"
    path.write_text(f"---\nid: mia_review_7\ntitle: Titre\npublished: {value}\n---\n\n## Introduction\n\nTexte.\n", encoding="utf-8")
    result = mia("add", str(path))
    assert result.exit_code == 2
    assert f"mia_review_7.md, line 4: the front matter is not valid YAML ('{value}' is not a real date" in result.output
    assert "YYYY-MM-DD" in result.output


# --- a PDF whose damage pypdf reports with NotImplementedError ---------------------------------


def test_a_pdf_with_an_unknown_filter_is_a_damaged_pdf(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "Compte-rendu mia_review_7")
    data = bytes(pdf.output()).replace(b"/FlateDecode", b"/FlateDDcode")
    path = tmp_path / "mia_review_7.pdf"
    path.write_bytes(data)
    with pytest.raises(ImportFailed, match="damaged PDF that mia cannot read \\(NotImplementedError"):
        read_path(path)


# --- files that never end: a pipe, a link to /dev/zero -----------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_or_a_device_named_like_a_review_is_refused_at_once(tmp_path, store_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    for name in ("pipe.txt", "zero.txt"):
        done = mia_process("add", str(tmp_path / name), timeout=60)  # (before: waited for ever)
        assert done.returncode == 2
        assert f"{name} is not a regular file (a pipe, a device or a socket)" in done.stderr
    assert not store_path.exists()


def test_a_folder_with_a_link_loop_a_pipe_and_a_dangling_link_imports_its_reviews(tmp_path, seed_text):
    folder = tmp_path / "reviews"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "mia_review_40.txt").write_text(seed_text, encoding="utf-8")
    (folder / "sub" / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.txt")
    done = mia_process("add", str(folder), timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Added mia_review_40 from mia_review_40.txt.\n"


# --- patterns that backtracked for minutes on long runs of spaces -------------------------------


def test_long_runs_of_spaces_do_not_hang_the_import(tmp_path, seed_text):
    """A citation line holding 200,000 spaces took hours (two regular expressions backtracked
    over the run quadratically), and so did an effect followed by 300 spaces (the confidence
    interval's pattern), and a Markdown heading holding 200,000 spaces (the heading's pattern). Run
    as a process with a time limit far above what it now takes."""
    text = seed_text.replace("C. A. Bradbury et al.", "C. A. Bradbury" + " " * 200_000 + "x et al.", 1)
    assert text != seed_text
    (tmp_path / "mia_review_40.txt").write_text(text, encoding="utf-8")
    (tmp_path / "mia_review_41.md").write_text(
        "---\nid: mia_review_41\ntitle: Titre\n---\n\n## Résultats\n\nHR 0.5" + " " * 300 + "x.\n", encoding="utf-8")
    (tmp_path / "mia_review_42.md").write_text(
        "---\nid: mia_review_42\ntitle: Titre\n---\n\n## Résultats" + " " * 200_000 + "x\n\nTexte.\n", encoding="utf-8")
    done = mia_process("add", str(tmp_path), timeout=120)
    assert done.returncode == 0, done.stderr
    assert all(f"Added mia_review_{n}" in done.stdout for n in (40, 41, 42))


# --- key results of the wrong shape in a record (they crashed `mia show`) -----------------------


def test_key_results_of_the_wrong_shape_are_extracted_again(tmp_path):
    path = tmp_path / "mia_review_7.json"
    broken = {"design": ["rct"], "n": 120, "primary": {"measure": "HR", "value": "x"}, "secondary": [], "checked": False}
    item = record(key_results=broken)
    item["sections"][0]["text"] = "Essai randomisé, 120 patients. HR 0,41 (IC 95% 0,21-0,80)."
    path.write_text(json.dumps(item), encoding="utf-8")
    added = mia("add", str(path))
    assert added.exit_code == 0, added.output
    assert ("its key results were not readable ('key_results.primary.value' must be a number with a decimal point "
            "(like 0.41) or null, not 'x'.): they were extracted again") in added.output
    key_results = json.loads(mia("show", "7", "--json").output)["key_results"]
    assert key_results["primary"] is None or isinstance(key_results["primary"]["value"], float)
    assert key_results["design"] != ["rct"] or key_results["n"] != 120 or key_results["primary"] != broken["primary"]
    assert mia("show", "7").exit_code == 0



# --- key results an export carries, read by the rule the Markdown form reads them by ----------
# (the 10,000-case run after the key results came into the front matter: 3 records whose key
# results the Markdown form gave back otherwise, or refused, so that `mia edit` of them failed)

EXPORTED = "2025-01-01T00:00:00Z"  # an export's record: its key results are kept as they are


@pytest.mark.parametrize("key_results", [
    {"design": ["rct"], "n": 120, "primary": {"measure": "HR", "value": 0.41, "ci_low": 0.21, "ci_high": 0.8, "p": "0.008"},
     "source": {}, "flags": [], "checked": False},  # no 'secondary'
    {"design": ["rct"], "n": 120, "primary": {"measure": "HR", "value": 0.41, "ci_high": 0.8, "p": "0.008"},
     "secondary": [], "source": {}, "flags": [], "checked": False},  # no 'ci_low'
    {"design": ["rct"], "n": 120, "primary": None, "secondary": [{"label": 0, "measure": "HR", "value": 1.05}],
     "source": {}, "flags": [], "checked": False},  # a label that is not text
])
def test_key_results_a_record_carries_read_back_from_the_markdown_form(tmp_path, key_results):
    path = tmp_path / "mia_review_7.json"
    path.write_text(json.dumps(record(key_results=key_results, added=EXPORTED)), encoding="utf-8")
    parsed = read_all(path)
    fuzz.check_accepted(parsed)  # raised: "the Markdown form does not read back as it was"
    assert parsed[0].notes == []


def test_key_results_with_a_field_mia_does_not_know_are_extracted_again(tmp_path):
    path = tmp_path / "mia_review_7.json"
    key_results = {"design": ["rct"], "n": 120, "primary": None, "secondary": [], "checked": False, "x" * 10_000: 1}
    path.write_text(json.dumps(record(key_results=key_results, added=EXPORTED)), encoding="utf-8")
    parsed = read_all(path)
    fuzz.check_accepted(parsed)  # the Markdown form refused the unknown field: `mia edit` could not save
    (note,) = parsed[0].notes
    assert note.startswith("its key results were not readable ('key_results.xxx")
    assert "x … x" in note and "' is not a field of the key results (they have design, n," in note and len(note) < 600


def test_a_huge_bad_value_in_the_key_results_is_quoted_shortly(tmp_path):
    path = tmp_path / "mia_review_7.md"
    path.write_text("---\nid: mia_review_7\ntitle: T\nkey_results:\n  checked: false" + "é" * 100_000
                    + "\n---\n\n## I\n\nx\n", encoding="utf-8")
    result = mia("add", str(path))
    assert result.exit_code == 2
    assert "line 5: 'key_results.checked' must be true or false, not 'falseééé" in result.output
    assert "é … é" in result.output and "éé'." in result.output and len(result.output) < 700

# --- text that is not valid Unicode, and values PyYAML's constructors fail on -------------------


def test_a_lone_surrogate_in_a_json_record_is_refused_before_the_store(tmp_path, store_path):
    path = tmp_path / "mia_review_7.json"
    path.write_text('{"id": "mia_review_7", "title": "T\\ud800", "sections": [{"heading": "I", "text": "x"}]}', encoding="utf-8")
    result = mia("add", str(path))  # (before: exit 70, UnicodeEncodeError while writing the store)
    assert result.exit_code == 2
    assert "mia_review_7.json: its JSON holds text that is not valid Unicode (a lone surrogate, \\ud800), which mia cannot store." in result.output
    assert not store_path.exists()


def test_a_yaml_tag_with_a_bad_value_is_refused_plainly(tmp_path):
    path = tmp_path / "mia_review_7.md"
    path.write_text("---\nid: mia_review_7\ntitle: !!int 0x_\n---\n\n## Introduction\n\nTexte.\n", encoding="utf-8")
    result = mia("add", str(path))  # (before: exit 70, ValueError from PyYAML's int constructor)
    assert result.exit_code == 2
    assert "mia_review_7.md, line 1: the front matter holds a value YAML cannot read" in result.output


def test_a_lone_surrogate_in_front_matter_is_refused(tmp_path):
    path = tmp_path / "mia_review_7.md"
    path.write_text('---\nid: mia_review_7\ntitle: "T\\ud800"\n---\n\n## Introduction\n\nTexte.\n', encoding="utf-8")
    result = mia("add", str(path))  # (before: exit 70 while writing the store)
    assert result.exit_code == 2
    assert "mia_review_7.md, line 1: the front matter holds text that is not valid Unicode" in result.output


def test_a_number_beyond_64_bits_is_refused_before_the_store(tmp_path, store_path):
    path = tmp_path / "mia_review_7.json"
    path.write_text(json.dumps(record(score=10**30)), encoding="utf-8")
    result = mia("add", str(path))  # (before: exit 70, the store's writer refused the integer)
    assert result.exit_code == 2
    assert "mia_review_7.json: its JSON holds a number too large (1000000000" in result.output
    assert "which mia cannot store." in result.output
    assert not store_path.exists()


def test_a_front_matter_value_that_holds_itself_is_refused(tmp_path):
    path = tmp_path / "mia_review_7.md"
    path.write_text("---\nid: mia_review_7\ntitle: &a [x, *a]\n---\n\n## Introduction\n\nTexte.\n", encoding="utf-8")
    result = mia("add", str(path))
    assert result.exit_code == 2
    assert "mia_review_7.md, line 3: 'title' must be text, not a list." in result.output


def test_a_huge_bad_value_is_quoted_shortly(tmp_path):
    path = tmp_path / "mia_review_7.md"
    path.write_text("---\nid: mia_review_7\ntitle: T\npublished: 2021" + "x" * 100_000 + "\n---\n\n## I\n\nx\n", encoding="utf-8")
    result = mia("add", str(path))
    assert result.exit_code == 2
    assert "line 4: 'published' is '2021" + "x" * 56 + "…', not a date of the form YYYY-MM-DD" in result.output
    assert len(result.output) < 500


def test_a_number_of_100_000_digits_is_refused(tmp_path, store_path):
    path = tmp_path / "mia_review_7.json"
    path.write_text(json.dumps(record()).replace('"Titre"', '"Titre", "n": ' + "9" * 100_000), encoding="utf-8")
    result = mia("add", str(path))  # (before: exit 70, ValueError from Python's int conversion limit)
    assert result.exit_code == 2
    assert "mia_review_7.json: its JSON holds a number too large to read (Exceeds the limit (4300 digits)" in result.output
    assert not store_path.exists()
