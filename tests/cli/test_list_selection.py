"""`mia list`'s filters, order and limit (issue 17, item 3): the filters are search fields, so a
list and a search never disagree on which reviews a field holds; checked on values taken from
the bundled sample's own records, not on values picked by hand."""

from __future__ import annotations

import json
import random
import unicodedata

import pytest
from typer.testing import CliRunner

from mia.cli import app
from mia.search import cached_records

from conftest import REPO

runner = CliRunner()


def mia(*args: str):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def sample(store_path):
    assert mia("add", REPO / "data" / "reviews").exit_code == 0
    return json.loads(mia("list", "--json").stdout)


def listed_ids(*options: str) -> list[str]:
    result = mia("list", "--json", *options)
    assert result.exit_code in (0, 1), result.output
    return [record["id"] for record in json.loads(result.stdout)]


def searched_ids(query: str) -> list[str]:
    result = mia("search", "--all-words", "--json", "-n", "1000", query)
    hits = json.loads(result.stdout) if result.stdout.strip() else []
    return sorted((hit["id"] for hit in hits), key=lambda i: int(i.rsplit("_", 1)[1]))


def test_each_filter_finds_what_the_same_search_field_finds(sample):
    rng = random.Random(17)
    keywords = sorted({k for record in sample for k in record.get("keywords") or []})
    journals = sorted({record["article"].get("journal") or "" for record in sample} - {""})
    years = sorted({(record["article"].get("date") or "")[:4] for record in sample} - {""})
    checks = [("--keyword", "keyword", k) for k in rng.sample(keywords, 8)]
    checks += [("--journal", "journal", j) for j in journals]
    checks += [("--year", "year", y) for y in rng.sample(years, 3)] + [("--year", "year", f"{years[1]}..{years[-2]}")]
    for option, field, value in checks:
        quoted = f'"{value}"' if " " in value else value
        expected = searched_ids(f"{field}:{quoted}")
        assert expected, (field, value)  # every value comes from a review: something holds it
        assert listed_ids(option, value) == expected, (option, value)
    # Several filters: all of them.
    both = listed_ids("--journal", journals[0], "--year", f"{years[0]}..{years[-1]}", "--keyword", keywords[0])
    assert both == searched_ids(f'journal:"{journals[0]}" year:{years[0]}..{years[-1]} keyword:"{keywords[0]}"')


def test_the_table_shows_the_same_selection_as_json(sample):
    table = mia("list", "--journal", "NEJM", "--year", "2019..2021").stdout.splitlines()
    assert table[0].startswith("Id ")
    assert [line.split()[0] for line in table[1:]] == listed_ids("--journal", "NEJM", "--year", "2019..2021")


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def test_sort_reverse_and_limit(sample):
    by_id = listed_ids()
    assert by_id == sorted(by_id, key=lambda i: int(i.rsplit("_", 1)[1]))
    assert listed_ids("--reverse") == by_id[::-1]
    titles = {record["id"]: record["title"] for record in sample}
    by_title = listed_ids("--sort", "title")
    assert [fold(titles[i]) for i in by_title] == sorted(fold(titles[i]) for i in by_title)
    published = {record["id"]: record.get("published") or "" for record in sample}
    newest = listed_ids("--sort", "published", "--reverse")
    dated = [published[i] for i in newest if published[i]]
    assert dated == sorted(dated, reverse=True) and newest[len(dated):] == [i for i in by_id if not published[i]]
    assert listed_ids("--sort", "published", "--reverse", "--limit", "3") == newest[:3]
    rows = mia("list", "-n", "2", "--sort", "year").stdout.splitlines()
    assert len(rows) == 3


def test_bad_options_and_empty_selections_say_what_to_do(sample):
    nothing = mia("list", "--keyword", "xylophonique")
    assert nothing.exit_code == 1 and "No review matches --keyword xylophonique." in nothing.stderr
    assert "`mia list` without filters lists every review." in nothing.stderr
    as_json = mia("list", "--keyword", "xylophonique", "--json")
    assert as_json.exit_code == 1 and json.loads(as_json.stdout) == []
    for options, said in ((["--sort", "colour"], "id, title, journal, year, published"),
                          (["--limit", "0"], "at least 1"), (["--year", "20x"], "not a year"),
                          (["--keyword", '""'], "needs a value")):
        result = mia("list", *options)
        assert result.exit_code == 2 and said in result.stderr, (options, result.output)
        assert "Traceback" not in result.output


@pytest.mark.parametrize("options, said", [
    (["--year", "20x"], "Error: --year 20x is not a year: --year takes 2021 or a range like 2019..2021.\n"),
    (["--year", ".."], "Error: --year .. is not a year: --year takes 2021 or a range like 2019..2021.\n"),
    (["--year", "1066", "--journal", "Lancet Oncol"], "Error: No review matches --year 1066 --journal 'Lancet Oncol'.\n"),
])
def test_a_list_s_messages_name_its_options_as_typed_not_the_search_they_became(sample, options, said):
    """`mia list --year 20x` said "'year:20x' (position 1) is not a year": a query nobody typed."""
    result = mia("list", *options)
    assert result.stderr.startswith(said) and "position" not in result.stderr


def test_filters_work_on_a_stale_index_and_without_one(sample, store_path):
    index = store_path.parent / (store_path.name + ".index.sqlite")
    assert index.exists()
    expected = listed_ids("--keyword", "Corticothérapie")
    index.unlink()
    assert listed_ids() == [record["id"] for record in sample]  # the store itself
    assert listed_ids("--keyword", "Corticothérapie") == expected  # rebuilds the index


def test_the_index_keeps_only_what_the_list_asks_of_each_review(sample, store_path):
    from mia.core.library import open_store

    store = open_store(store_path)
    titles = cached_records(store, shape=lambda summary: summary["title"])
    assert titles == [record["title"] for record in sample]
    assert cached_records(store, nums=[45, 40, 99999], shape=lambda summary: summary["id"]) == ["mia_review_45", "mia_review_40"]


def test_a_long_list_on_a_terminal_starts_with_its_first_screen(sample, store_path, monkeypatch, tmp_path):
    from mia.cli import pager
    from mia.core.library import open_store
    from mia.core.listing import Selection, listing

    store = open_store(store_path)
    found = listing(store, Selection(), screen=6)
    assert [row["id"] for row in found.rows] == [record["id"] for record in sample[:6]]
    assert found.count == len(sample) and found.widest == {"id": sample[-1]["id"]}
    assert [row["id"] for row in found.more] == [record["id"] for record in sample[6:]]
    limited = listing(store, Selection(limit=9), screen=6)
    assert limited.count == 9 and len(limited.rows) + len(list(limited.more)) == 9
    assert listing(store, Selection(sort="title"), screen=6).more is None  # a sort reads every row first
    # Through the pager on a terminal 6 lines high: the same reviews, in the same order, each on
    # one line within the width.
    out = tmp_path / "paged.txt"
    monkeypatch.setattr(pager, "stdout_is_terminal", lambda: True)
    monkeypatch.setenv("MIA_PAGER", f"cat > '{out}'")
    monkeypatch.setenv("LINES", "6")
    monkeypatch.setenv("COLUMNS", "90")
    assert mia("list").exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [line.split()[0] for line in lines[1:]] == [record["id"] for record in sample]
    assert max(len(line) for line in lines) <= 90
    assert any(line.endswith("…") or "… " in line for line in lines[7:])  # later long titles are cut to fit
