"""`mia stats`: the counts (core.stats) and the charts (`mia stats`, render.stats_text)."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from mia.cli import app
from mia.cli.render import stats_text
from mia.core.stats import count_charts
from mia.search.records import FACETS

from conftest import SEED

runner = CliRunner()


def mia(*args: str):
    return runner.invoke(app, list(args))


def facets(**values) -> list:
    row = dict.fromkeys(FACETS)
    row.update(journal_names="", keywords=[], authors=[], design=[])
    row.update(values)
    return [row[name] for name in FACETS]


def labels(chart: dict) -> list[tuple[str, int]]:
    return [(item["label"], item["count"]) for item in chart["counts"]]


def test_counts_per_year_journal_keyword_design_and_reviewer():
    rows = [
        facets(published="2021-10-30", article_date="2021-09-02", journal="NEJM",
               keywords=["ITP", "Rituximab"], authors=["Dr J. Smith"], design=["rct", "open-label"]),
        facets(published="2024-01-02", article_date="2019-01-01", journal="N Engl J Med",
               keywords=["itp ", "itp"], authors=["Dr J. Smith", "Dre L. Berset"], design=["rct"]),
        facets(version_date="2024-05-05", issued_year=2020, journal_names=["The Lancet", "", ""],
               keywords=["ITP"]),
        facets(published="2023-02-02"),
    ]
    stats = count_charts(rows, top=10)
    charts = stats["charts"]
    assert stats["reviews"] == 4
    # a timeline: every year from the first to the last, the years without a review at 0
    assert labels(charts["review_year"]) == [("2021", 1), ("2022", 0), ("2023", 1), ("2024", 2)]
    assert labels(charts["publication_year"]) == [("2019", 1), ("2020", 1), ("2021", 1)]
    assert charts["publication_year"]["missing"] == 1
    # journals as `mia list` names them (NEJM and N Engl J Med are one journal)
    assert labels(charts["journal"]) == [("N Engl J Med", 2), ("Lancet", 1)] and charts["journal"]["missing"] == 1
    # case and spaces aside, the most frequent spelling; a review counts once per keyword
    assert labels(charts["keyword"]) == [("ITP", 3), ("Rituximab", 1)] and charts["keyword"]["missing"] == 1
    assert labels(charts["design"]) == [("rct", 2), ("open-label", 1)] and charts["design"]["missing"] == 2
    assert labels(charts["reviewer"]) == [("Dr J. Smith", 2), ("Dre L. Berset", 1)]


def test_top_keeps_the_most_frequent_and_says_how_many_more():
    rows = [facets(keywords=[f"k{i}"] * 1 + (["common"] if i % 2 else [])) for i in range(7)]
    chart = count_charts(rows, top=2)["charts"]["keyword"]
    assert labels(chart) == [("common", 3), ("k0", 1)] and chart["more"] == 6
    assert count_charts(rows, top=None)["charts"]["keyword"]["more"] == 0


def test_a_mistyped_year_does_not_draw_centuries():
    rows = [facets(published="1201-01-01"), facets(published="2021-01-01")]
    assert labels(count_charts(rows)["charts"]["review_year"]) == [("1201", 1), ("2021", 1)]


def test_the_index_and_the_store_give_the_same_counts(store_path):
    from mia.core.library import open_store
    from mia.core.stats import review_stats
    from mia.search import cached_facets

    assert mia("add", str(SEED.parent)).exit_code == 0
    store = open_store()
    assert cached_facets(store) is not None  # the index is fresh: counted from it
    from_index = review_stats(store, top=None)
    store.derived_path(".index.sqlite").unlink()
    assert cached_facets(store) is None
    assert review_stats(store, top=None) == from_index
    assert from_index["reviews"] == 20


def test_the_index_keeps_the_facets_up_to_date_on_every_write():
    assert mia("add", str(SEED)).exit_code == 0
    first = json.loads(mia("stats", "--json").stdout)
    assert first["reviews"] == 1 and labels(first["charts"]["design"]) == [("multicentre", 1), ("open-label", 1), ("rct", 1)]
    assert mia("add", str(SEED.parent)).exit_code == 0
    assert json.loads(mia("stats", "--json").stdout)["reviews"] == 20
    assert mia("rm", "--yes", "40").exit_code == 0
    assert json.loads(mia("stats", "--json").stdout)["reviews"] == 19


def test_mia_stats_draws_its_charts_readable_without_colour():
    assert mia("add", str(SEED.parent)).exit_code == 0
    result = mia("stats")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("20 reviews\n")
    for title in ("Reviews per year of review", "Reviews per year of the article's publication", "Reviews per journal",
                  "Reviews per keyword", "Reviews per study design", "Reviews per reviewer"):
        assert f"\n{title}\n" in out
    assert re.search(r"\n  N Engl J Med +█+▏?▎?▍?▌?▋?▊?▉? 16\n", out)
    assert "\n  RCT " in out and "\x1b" not in out
    assert all(len(line) <= 100 for line in out.splitlines())  # COLUMNS=100 (conftest)
    assert "more: --top N shows more, --top 0 all" in out and "reviews without authors" in out


def test_mia_stats_json_and_top():
    assert mia("add", str(SEED.parent)).exit_code == 0
    stats = json.loads(mia("stats", "--json", "--top", "2").stdout)
    assert stats["reviews"] == 20 and list(stats["charts"]) == [
        "review_year", "publication_year", "journal", "keyword", "design", "reviewer"]
    journal = stats["charts"]["journal"]
    assert set(journal) == {"title", "counts", "missing", "more"}
    assert journal["counts"][0] == {"label": "N Engl J Med", "count": 16} and len(journal["counts"]) == 2
    assert journal["more"] == 3
    everything = json.loads(mia("stats", "--json", "--top", "0").stdout)
    assert len(everything["charts"]["journal"]["counts"]) == 5
    bad = mia("stats", "--top", "-1")
    assert bad.exit_code == 2 and "--top must be 0 (all) or more" in bad.stderr


def test_an_empty_store_has_nothing_to_count():
    result = mia("stats")
    assert result.exit_code == 0 and result.stdout.startswith("0 reviews\n") and "nothing to count" in result.stdout


@pytest.mark.parametrize("width", [30, 60, 80, 120])
def test_every_chart_line_fits_the_width_and_bars_follow_the_counts(width):
    stats = count_charts([facets(keywords=["a" * 90, "b"], authors=["x"]), facets(keywords=["b"])], top=10)
    lines = stats_text(stats, width=width, style=False).splitlines()
    assert all(len(line) <= width for line in lines)
    keyword_lines = lines[lines.index("Reviews per keyword") + 1:][:2]
    assert keyword_lines[0].endswith(" 2") and keyword_lines[1].endswith(" 1")
    longest, shorter = (line.count("█") for line in keyword_lines)
    assert longest > shorter >= 1 and "…" in keyword_lines[1]


def test_on_a_terminal_bars_are_coloured_and_review_text_stays_literal():
    stats = count_charts([facets(keywords=["\x1b[31mred[/b]"])], top=10)
    text = stats_text(stats, width=80, style=True)
    assert "\x1b[36m" in text and "\x1b[31m" not in text and " red[/b]" in text


def test_the_counts_kept_in_the_index_are_the_counts_of_the_records(store_path):
    from mia.core.library import open_store
    from mia.core.stats import review_stats
    from mia.search import cached_facets
    from mia.search.tallies import kept_tallies

    assert mia("add", str(SEED.parent)).exit_code == 0
    store = open_store()
    assert kept_tallies(store, None) is not None  # a fresh index: read from it
    rows = cached_facets(store, rows_only=True)
    for top in (1, 2, 5, None):
        assert review_stats(store, top=top) == count_charts(rows, top)
    first = review_stats(store, top=None)
    assert mia("rm", "--yes", "mia_review_40").exit_code == 0
    store = open_store()
    assert kept_tallies(store, None) is not None  # kept up to date by the write, not dropped
    assert review_stats(store, top=None)["reviews"] == first["reviews"] - 1
