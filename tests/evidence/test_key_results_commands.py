"""Key results as a user meets them: `mia show`, `--json`, `mia forest`, `mia results extract`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from mia.cli import app

from conftest import SEED

runner = CliRunner()
EXPECTED = {"measure": "HR", "value": 0.41, "ci_low": 0.21, "ci_high": 0.8, "p": "0.008"}


def mia(*args: str):
    return runner.invoke(app, list(args))


def test_show_opens_with_the_key_results_and_json_carries_them():
    assert mia("add", str(SEED)).exit_code == 0
    shown = mia("show", "mia_review_40").stdout
    assert "Key results: RCT, open-label, multicentre · N = 120 · HR 0.41 (95% CI 0.21–0.80), p = 0.008" in shown
    assert shown.index("Key results") < shown.index("Introduction")
    record = json.loads(mia("show", "mia_review_40", "--json").stdout)
    assert record["key_results"]["primary"] == EXPECTED and record["key_results"]["n"] == 120
    assert json.loads(mia("list", "--json").stdout)[0]["key_results"]["primary"] == EXPECTED


def test_forest_draws_every_sample_review_with_a_primary_effect():
    assert mia("add", str(SEED.parent)).exit_code == 0
    rows = json.loads(mia("forest", "year:2015..2025", "--json").stdout)
    listed = {r["id"]: r for r in json.loads(mia("list", "--json").stdout)}
    with_effect = {i for i, r in listed.items() if (r.get("key_results") or {}).get("primary")
                   and 2015 <= int((r["article"]["date"] or "0")[:4]) <= 2025}
    assert {row["id"] for row in rows} == with_effect and len(with_effect) >= 5
    drawn = mia("forest", "year:2015..2025").stdout
    assert "HR 0.41 (0.21–0.80)" in drawn and "log scale" in drawn and "\x1b" not in drawn
    assert any(line.startswith("40 Mycophenolate") for line in drawn.splitlines())  # the review's number first
    assert all(len(line) <= 100 for line in drawn.splitlines() if "No primary effect found" not in line)


def test_forest_of_review_ids_plots_those_reviews_as_show_and_cite_name_them():
    assert mia("add", str(SEED.parent)).exit_code == 0
    # "40" is in the text of other reviews ("FEVG ≤ 40 %"): as an id, it is review 40 alone
    assert [row["id"] for row in json.loads(mia("forest", "40", "--json").stdout)] == ["mia_review_40"]
    assert mia("forest", "mia_review_40", "--json").stdout == mia("forest", "40", "--json").stdout
    several = json.loads(mia("forest", "52", "MIA_REVIEW_40", "44", "40", "--json").stdout)
    assert [row["id"] for row in several] == ["mia_review_52", "mia_review_40", "mia_review_44"]  # as given, once
    assert json.loads(mia("forest", "52 40", "--json").stdout) == several[:2]  # ids in one quoted argument too
    drawn = mia("forest", "40").stdout
    assert "HR 0.41 (0.21–0.80)" in drawn and any(line.startswith("40 Mycophenolate") for line in drawn.splitlines())
    # a query stays a query: a number quoted, or with words, is searched in the text
    quoted = {row["id"] for row in json.loads(mia("forest", '"40"', "--json").stdout)}
    assert "mia_review_40" not in quoted and len(quoted) >= 2
    unknown = mia("forest", "40", "9999")
    assert unknown.exit_code == 1 and "There is no review mia_review_9999 in the store." in unknown.stderr
    assert "a bare number is a" in " ".join(mia("forest", "--help").stdout.split())


def test_an_id_written_as_mias_files_write_it_is_refused_alike_by_every_command_taking_ids():
    """`mia forest id:40` searched for a field named id; `mia show id:40` said only that it is not
    an id. Every command now says the same: type the id alone."""
    assert mia("add", str(SEED)).exit_code == 0
    for command in (["show", "id:40"], ["cite", "id:40"], ["forest", "id:40"], ["forest", "40", "id:40"],
                    ["export", "id:40"], ["results", "id:40"]):
        result = mia(*command)
        assert result.exit_code == 2, (command, result.output)
        assert "'id:40' is not a review id: mia takes the id alone, without 'id:'." in result.stderr
        assert "Type 40 (or mia_review_40) in its place." in result.stderr
    searched = mia("search", "id:40")
    assert searched.exit_code == 2 and "id is not a search field: a review is named by its id alone." in searched.stderr
    assert "Type 40 (or mia_review_40) in its place." in searched.stderr
    assert "id is not a search field" in mia("forest", "ITP", "id:40").stderr


def test_forest_of_a_query_without_hits_exits_1():
    assert mia("add", str(SEED)).exit_code == 0
    assert mia("forest", "zzzzunknownword").exit_code == 1
    as_json = mia("forest", "zzzzunknownword", "--json")
    assert as_json.exit_code == 1 and json.loads(as_json.stdout) == []  # as mia search --json


def test_a_forest_image_without_matplotlib_says_how_to_install_it(tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_matplotlib(name, *args, **kwargs):
        if name.startswith("matplotlib"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    assert mia("add", str(SEED)).exit_code == 0
    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    result = mia("forest", "ITP", "--png", str(tmp_path / "f.png"))
    assert result.exit_code == 2 and "pip install 'mia[plot]'" in result.stderr


def test_results_extract_keeps_what_a_person_checked(tmp_path):
    assert mia("add", str(SEED)).exit_code == 0
    from mia.core.library import open_store

    store = open_store()

    def correct(review):
        review.extra["key_results"] = dict(review.extra["key_results"], n=121, checked=True)
        return True

    quiet = mia("results", "extract")
    assert "already up to date" in quiet.stdout and "checked" not in quiet.stderr  # none checked yet
    store.update(["mia_review_40"], correct)
    kept = mia("results", "extract")
    assert "already up to date" in kept.stdout and "a person checked (1): mia_review_40" in kept.stderr
    assert json.loads(mia("show", "40", "--json").stdout)["key_results"]["n"] == 121

    def uncheck(review):
        review.extra["key_results"] = dict(review.extra["key_results"], checked=False)
        return True

    store.update(["mia_review_40"], uncheck)
    assert "updated for 1 review(s): mia_review_40" in mia("results", "extract", "40").stdout
    assert json.loads(mia("show", "40", "--json").stdout)["key_results"]["n"] == 120


def test_search_json_carries_each_hits_key_results_with_the_keys_of_the_record():
    assert mia("add", str(SEED)).exit_code == 0
    hits = json.loads(mia("search", "ITP", "--json").stdout)
    results = hits[0]["key_results"]
    assert hits[0]["id"] == "mia_review_40" and results["primary"] == EXPECTED and results["n"] == 120
    assert set(results) == {"design", "n", "primary", "secondary", "source", "flags", "checked", "extractor"}
    assert results == json.loads(mia("show", "40", "--json").stdout)["key_results"]


def test_forest_rows_come_from_the_index_and_match_the_records():
    assert mia("add", str(SEED.parent)).exit_code == 0
    rows = json.loads(mia("forest", "year:2015..2025", "--json").stdout)
    for row in rows:
        record = json.loads(mia("show", row["id"], "--json").stdout)
        primary = record["key_results"]["primary"]
        assert {k: row[k] for k in ("measure", "value", "ci_low", "ci_high", "p")} == primary
        assert row["n"] == record["key_results"]["n"]
        assert row["label"] == (record["article"]["title"] or record["title"]).strip()


def test_forest_reads_no_review_text_and_cuts_no_snippet(monkeypatch):
    """A forest takes every match's id, titles and facets from the index: reading each record
    and cutting its snippet took 7 of 7.7 s for ITP at 100,000 reviews."""
    import mia.search.engine as engine

    assert mia("add", str(SEED.parent)).exit_code == 0
    expected = json.loads(mia("forest", "year:2015..2025", "--json").stdout)

    def refuse(*args, **kwargs):
        raise AssertionError("a review's text was read for the forest")

    monkeypatch.setattr(engine, "best_snippet", refuse)
    monkeypatch.setattr(engine, "decode_record", refuse)
    assert json.loads(mia("forest", "year:2015..2025", "--json").stdout) == expected
    assert mia("search", "ITP").exit_code not in (0, 1)  # a search does read them: the refusal is live


def test_a_forest_asks_for_every_match_whatever_the_size_of_the_store(monkeypatch):
    """A forest plots every review its query matches: no cap a large shared store could pass."""
    import sys

    from mia.core import evidence

    assert mia("add", str(SEED.parent)).exit_code == 0
    asked = []
    real = evidence.run_search

    def spy(store, query, limit=10, **options):
        asked.append(limit)
        return real(store, query, limit, **options)

    monkeypatch.setattr(evidence, "run_search", spy)
    assert mia("forest", "year:2015..2025", "--json").exit_code == 0
    assert asked and asked[0] >= sys.maxsize


def test_results_shows_a_reviews_key_results_in_full_and_as_json():
    assert mia("add", str(SEED)).exit_code == 0
    shown = mia("results", "40")  # (`mia results show 40`)
    assert shown.exit_code == 0, shown.output
    assert shown.stdout == mia("results", "show", "mia_review_40").stdout
    lines = shown.stdout.splitlines()
    assert lines[0].startswith("mia_review_40 — ")
    assert "Design: RCT, open-label, multicentre" in lines and "N: 120" in lines
    assert "Primary: HR 0.41 (95% CI 0.21–0.80), p = 0.008" in lines
    assert any(line.startswith("Read from: “") for line in lines) and "HR 0.41 (95% IC 0.21-0.80)" in " ".join(lines)
    found = json.loads(mia("results", "40", "--json").stdout)
    assert found["mia_review_40"]["primary"] == EXPECTED
    unknown = mia("results", "40", "41")
    assert unknown.exit_code == 1 and "mia_review_41" in unknown.output and "Design" not in unknown.stdout
