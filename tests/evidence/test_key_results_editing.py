"""Key results corrected by people: in the Markdown front matter, through `mia edit`, kept over
re-extraction when checked, through export/import round trips and versions."""

from __future__ import annotations

import json
import shlex
import sys

import pytest
from typer.testing import CliRunner

from mia.cli import app
from mia.importers.markdown import parse_markdown, review_to_markdown

from conftest import SEED

runner = CliRunner()
PRIMARY = "primary: {measure: HR, value: 0.41, ci_low: 0.21, ci_high: 0.8, p: '0.008'}"


def mia(*args: str):
    return runner.invoke(app, list(args))


def record(review_id: str = "40") -> dict:
    result = mia("show", review_id, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def editor(tmp_path, monkeypatch):
    """`editor(old, new)`: $VISUAL becomes a script replacing `old` by `new` in the draft."""

    def set_editor(old: str, new: str) -> None:
        script = tmp_path / "editor.py"
        script.write_text(
            "import pathlib, sys\npath = pathlib.Path(sys.argv[1])\ntext = path.read_text(encoding='utf-8')\n"
            f"assert {old!r} in text, text\npath.write_text(text.replace({old!r}, {new!r}), encoding='utf-8')\n",
            encoding="utf-8",
        )
        monkeypatch.setenv("VISUAL", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")

    return set_editor


@pytest.fixture
def seeded():
    assert mia("add", str(SEED)).exit_code == 0


def test_the_markdown_form_carries_the_key_results_in_its_front_matter_and_reads_them_back(seeded):
    from mia.core.library import open_store

    review = open_store().get("mia_review_40")
    text = review_to_markdown(review, bookkeeping=False)
    front_matter = text.split("\n---\n", 1)[0]
    assert "key_results:\n  checked: false\n  design: [rct, open-label, multicentre]\n  n: 120\n  " + PRIMARY in front_matter
    assert "  source:\n    design: Etude multicentrique" in front_matter
    assert "mia:bookkeeping" not in text
    back = parse_markdown(text).review
    assert back.extra["key_results"] == review.extra["key_results"]
    exported = review_to_markdown(review)  # with bookkeeping: the key results are not there twice
    assert exported.count('"key_results"') == 0 and parse_markdown(exported).review.to_dict() == review.to_dict()


def test_an_export_written_with_the_key_results_in_its_bookkeeping_still_reads_them(seeded):
    from mia.core.library import open_store

    review = open_store().get("mia_review_40")
    old_style = review_to_markdown(review).replace("\nkey_results:", "\nold_key_results:")
    head, rest = old_style.split("\n---\n", 1)
    head = head.split("# key_results:", 1)[0].rstrip("\n")  # the front matter without them
    block = json.dumps(review.extra["key_results"], ensure_ascii=False).replace(">", "\\u003e")
    rest = rest.replace('\n "history":', f'\n "key_results": {block},\n "history":')
    assert parse_markdown(head + "\n---\n" + rest).review.extra["key_results"] == review.extra["key_results"]


@pytest.mark.parametrize("line, problem", [
    ("  n: 1 200", "'key_results.n' must be a whole number"),
    ("  design: [rct, pragmatic]", "'key_results.design' holds 'pragmatic', which is not a design tag"),
    ("  primary: {measure: HZ, value: 0.41}", "'key_results.primary.measure' is 'HZ'"),
    ("  primary: {measure: HR, value: '0,41'}", "'key_results.primary.value' must be a number"),
    ("  effect: 0.41", "'key_results.effect' is not a field of the key results"),
    ("  checked: yes please", "'key_results.checked' must be true or false"),
])
def test_wrong_key_results_in_the_front_matter_are_refused_with_their_line(seeded, line, problem):
    from mia.core.library import open_store

    text = review_to_markdown(open_store().get("mia_review_40"), bookkeeping=False)
    from mia.base.errors import ImportFailed

    key = line.split(":")[0] + ":"
    lines = text.split("\n")
    if any(existing.startswith(key) for existing in lines):
        lines = [line if existing.startswith(key) else existing for existing in lines]
    else:
        lines.insert(lines.index("  checked: false") + 1, line)

    with pytest.raises(ImportFailed) as failure:
        parse_markdown("\n".join(lines), source_name="r.md")
    number = next(i for i, existing in enumerate(lines, 1) if existing == line)
    assert f"r.md, line {number}: {problem}" in failure.value.message


def test_a_correction_in_mia_edit_is_marked_checked_and_kept_over_re_extraction(seeded, editor, tmp_path):
    editor("  n: 120", "  n: 118")
    result = mia("edit", "40")
    assert result.exit_code == 0, result.output
    kept = record()
    assert kept["key_results"]["n"] == 118 and kept["key_results"]["checked"] is True
    assert kept["version"] == "V1" and kept["history"][0]["key_results"]["n"] == 120  # the versions keep both
    assert "already up to date" in mia("results", "extract").stdout
    assert record()["key_results"]["n"] == 118
    # a new version of the text, re-imported with --replace, extracts again: the correction stays
    newer = tmp_path / SEED.name
    newer.write_text(SEED.read_text(encoding="utf-8").replace("N= 120.", "N= 125."), encoding="utf-8")
    assert mia("add", "--replace", str(newer)).exit_code == 0
    again = record()
    assert again["key_results"]["n"] == 118 and again["version"] != "V1"
    assert "Key results: RCT, open-label, multicentre · N = 118 · HR 0.41 (95% CI 0.21–0.80), p = 0.008 · (checked)" in " ".join(mia("show", "40").stdout.split())


def test_checked_true_alone_confirms_the_values_found(seeded, editor):
    editor("  checked: false", "  checked: true")
    assert mia("edit", "40").exit_code == 0
    results = record()["key_results"]
    assert results["checked"] is True and results["n"] == 120


def test_editing_the_text_extracts_unchecked_key_results_again(seeded, editor):
    editor("Etude multicentrique, open-label, RCT 1 :1 (groupe MMF et GC vs. GC seuls). N= 120.",
           "Etude multicentrique, open-label, RCT 1 :1 (groupe MMF et GC vs. GC seuls). N= 240.")  # text and source
    assert mia("edit", "40").exit_code == 0
    results = record()["key_results"]
    assert results["n"] == 240 and results["checked"] is False


def test_checked_key_results_survive_export_and_import_round_trips(seeded, editor, tmp_path):
    editor("  n: 120", "  n: 118")
    assert mia("edit", "40").exit_code == 0
    before = record()
    for fmt, target in (("markdown", tmp_path / "md"), ("json", tmp_path / "all.json")):
        assert mia("export", "--format", fmt, "--output", str(target)).exit_code == 0
        other = tmp_path / f"store-{fmt}" / "reviews.json"
        result = runner.invoke(app, ["--store", str(other), "add", str(target)])
        assert result.exit_code == 0, result.output
        shown = runner.invoke(app, ["--store", str(other), "show", "40", "--json"])
        after = json.loads(shown.stdout)
        assert after["key_results"] == before["key_results"] and after["key_results"]["checked"] is True
        assert [h["key_results"]["n"] for h in after["history"]] == [120]


def test_a_new_review_written_in_markdown_gets_its_key_results(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    from mia.importers import read_path

    review = read_path(SEED).review
    review.extra.pop("key_results")
    file = tmp_path / "mia_review_40.md"
    file.write_text(review_to_markdown(review, bookkeeping=False), encoding="utf-8")
    assert "key_results" not in file.read_text(encoding="utf-8") and text
    assert mia("add", str(file)).exit_code == 0
    assert record()["key_results"]["n"] == 120


def test_a_sync_merge_extracts_unchecked_key_results_from_the_merged_text_instead_of_a_conflict():
    from mia.importers import attach_key_results, read_path
    from mia.model.review import Review
    from mia.sync.merge import merge_records

    base = read_path(SEED).review.to_dict()

    def edited(old: str, new: str, updated: str) -> dict:
        review = Review.from_dict(base)
        for section in review.sections:
            section.text = section.text.replace(old, new)
        attach_key_results(review)  # as `mia edit` does for results nobody checked
        return dict(review.to_dict(), updated=updated)

    local = edited("N= 120.", "N= 240.", "2026-03-01T10:00:00Z")
    remote = edited("p=0.008]", "p=0.009]", "2026-03-01T11:00:00Z")
    assert local["key_results"] != remote["key_results"] != base["key_results"]
    merged = merge_records(base, local, remote)
    assert merged.conflicts == []
    assert merged.record["key_results"]["n"] == 240 and merged.record["key_results"]["primary"]["p"] == "0.009"
    # results a person checked are a field like the others: both changed differently, a conflict
    local["key_results"] = dict(local["key_results"], checked=True)
    assert merge_records(base, local, remote).conflicts == ["key_results"]
