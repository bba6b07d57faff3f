"""mia search, reindex and lexicon through the CLI, and the issue's done-when over the sample."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conftest import SEED
from mia.cli import app

runner = CliRunner()


def mia(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture
def sample_store():
    result = mia("add", str(SEED))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "query",
    ["ITP", "TPI", "PTI", "thrombocytopenie", "immune thrombocytopenia", "mycophénolate", "MMF",
     "glucocorticoids", '"première ligne"'],
)
def test_done_when_each_query_finds_the_sample_first(sample_store, query):
    result = mia("search", *query.split(" ") if not query.startswith('"') else [query], "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert hits[0]["id"] == "mia_review_40"
    assert set(hits[0]) >= {"id", "score", "title", "snippet", "fields", "matched", "missing"}


def test_done_when_insulin_pump_finds_nothing(sample_store):
    result = mia("search", "insulin", "pump")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "No review matches insulin pump." in result.stderr


def test_search_in_an_empty_store_says_so():
    result = mia("search", "ITP")
    assert result.exit_code == 1
    assert "The store has no review yet" in result.stderr


def test_search_prints_id_title_article_routes_and_snippet(sample_store):
    result = mia("search", "ITP")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "1 review matches ITP"
    assert lines[2] == "mia_review_40  Thrombocytopénie immune: A new hope!"
    assert lines[3].startswith("    N Engl J Med, 2021 · in title, keywords, article title, text · ")
    assert lines[4].startswith("      ") and lines[4].rstrip().endswith("TPI ← ITP")  # wrapped at COLUMNS=100
    assert "TPI" in lines[5]


def test_no_hit_suggests_a_close_word(sample_store):
    result = mia("search", "spelnectomie")
    assert result.exit_code == 1
    assert "Did you mean: mia search splenectomie?" in result.stderr


@pytest.mark.parametrize(("words", "advice"), [
    (["mia_review_40"], "mia_review_40 is a review's id, which search does not read: open the review with mia show mia_review_40."),
    (["author:Bernard"], "No review lists Bernard among its reviewers or its article's authors. "
                         "mia stats --top 0 lists the reviewers; mia show ID a review's article and its authors."),
    (["insulin", "pump"], "Try fewer words, another spelling, or the term in the other language."),
])
def test_no_hit_advice_fits_the_query(sample_store, words, advice):
    """An id or a field is not a word to try in "the other language"."""
    result = mia("search", *words)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines()[-1] == advice


def test_and_between_words_finds_the_review_holding_both(sample_store):
    result = mia("search", "ITP", "AND", "MMF")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "1 review matches ITP AND MMF"
    assert "Did you mean" not in result.stdout


def test_json_with_no_hit_prints_an_empty_array(sample_store):
    result = mia("search", "insulin", "pump", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []


def test_malformed_query_exits_2_pointing_at_the_problem(sample_store):
    result = mia("search", '"première', "ligne")
    assert result.exit_code == 2
    assert "quote at position 1 is never closed" in result.stderr
    assert "Traceback" not in result.output
    assert mia("search", "year:abc").exit_code == 2


def test_limit(sample_store):
    assert json.loads(mia("search", "MMF", "--limit", "1", "--json").stdout)[0]["id"] == "mia_review_40"
    assert mia("search", "MMF", "--limit", "0").exit_code == 2


def test_reindex(sample_store):
    result = mia("reindex")
    assert result.exit_code == 0
    assert result.stdout.startswith("Indexed 1 review in ")


def test_lexicon_show_an_acronym_and_what_the_reviews_define(sample_store):
    shown = mia("lexicon", "show", "MMF")
    assert shown.exit_code == 0
    assert "mycophénolate mofétil  (shipped lexicon, line " in shown.stdout
    assert "Defined in the reviews: MMF = mycophenolate-mofetil  (mia_review_40)" in shown.stdout
    data = json.loads(mia("lexicon", "show", "ITP", "--json").stdout)
    assert data["concepts"][0]["columns"]["en_acronyms"] == ["ITP"]


def test_lexicon_show_unknown_term_exits_1(sample_store):
    result = mia("lexicon", "show", "zzzyxq")
    assert result.exit_code == 1
    assert "names no concept" in result.stderr


def test_lexicon_add_then_search_uses_it(tmp_path, sample_store):
    assert mia("search", "CTLX").exit_code == 1
    added = mia("lexicon", "add", "--fr", "lymphocytes T tueurs", "--en", "cytotoxic T cells",
                "--acronym", "CTLX", "--synonym", "cellules T cytotoxiques")
    assert added.exit_code == 0, added.output
    assert "Added to " in added.stdout
    assert (tmp_path / "config" / "lexicon.txt").read_text(encoding="utf-8").splitlines()[-1] == (
        "lymphocytes T tueurs | cytotoxic T cells | CTLX | CTLX | cellules T cytotoxiques"
    )
    found = mia("search", "CTLX")
    assert found.exit_code == 0, found.output
    assert "cellules T cytotoxiques ← CTLX" in found.stdout


def test_lexicon_add_gives_a_shipped_concept_a_new_form(sample_store):
    """A term of a shipped concept and a new form: the new form joins that concept, so a search
    for it finds the reviews naming the concept in any form (it stood apart, reaching nothing)."""
    assert mia("search", "plaquettes effondrées", "--all-words").exit_code == 1
    added = mia("lexicon", "add", "--fr", "thrombopénie immune", "--synonym", "plaquettes effondrées")
    assert added.exit_code == 0, added.output
    assert "Added 'plaquettes effondrées' to thrombocytopénie immune" in added.stdout
    found = mia("search", "plaquettes effondrées", "--all-words", "--json")
    assert found.exit_code == 0 and [hit["id"] for hit in json.loads(found.stdout)] == ["mia_review_40"]
    shown = json.loads(mia("lexicon", "show", "plaquettes effondrées", "--json").stdout)
    assert [c["label"] for c in shown["concepts"]] == ["thrombocytopénie immune"]
    assert "plaquettes effondrées" in shown["concepts"][0]["columns"]["synonyms"]


def test_lexicon_add_joins_the_concept_its_preferred_term_names(sample_store):
    """`--fr réanimation --synonym réa` (a new member's audit): "réanimation" names intensive care,
    "réa" is also reactive arthritis's acronym read as a word. The line is about the concept its
    preferred term names: "réa" joins intensive care and, typed, finds its reviews (it stood
    apart as a concept of its own, whose only other form named two concepts: nothing found)."""
    assert mia("add", str(SEED.parent)).exit_code == 0  # (the bundled reviews: five of intensive care)
    before = {hit["id"] for hit in json.loads(mia("search", "réanimation", "--json").stdout)}
    assert before
    assert mia("search", "réa", "--all-words").exit_code == 1
    added = mia("lexicon", "add", "--fr", "réanimation", "--synonym", "réa")
    assert added.exit_code == 0, added.output
    assert "Added 'réa' to unité de soins intensifs" in added.stdout
    assert "also names: arthrite réactionnelle" in added.stdout
    found = mia("search", "réa", "--all-words", "--json")
    assert found.exit_code == 0, found.output
    assert {hit["id"] for hit in json.loads(found.stdout)} == before


def test_lexicon_add_needs_two_forms(sample_store):
    result = mia("lexicon", "add", "--fr", "seul")
    assert result.exit_code == 2
    assert "at least two forms" in result.stderr


def test_an_exclusion_is_a_query_word_not_an_option(tmp_path, monkeypatch):
    """`mia search pneumonie -hydrocortisone` as the query syntax says: click read
    -hydrocortisone as -h (help), -placebo as -p (no such option), -n… as --limit. The
    command's own options keep working before, between and after the words."""
    monkeypatch.setenv("MIA_STORE", str(tmp_path / "store.json"))
    assert mia("add", str(SEED.parent)).exit_code == 0

    def ids(*args: str) -> list[str]:
        result = mia("search", *args)
        assert result.exit_code == 0, result.output
        return [hit["id"] for hit in json.loads(result.stdout)]

    every = ids("pneumonie", "--json")
    assert len(every) >= 2
    for excluded in ("-hydrocortisone", "-placebo", "-nothing", "-json"):
        assert set(ids("pneumonie", excluded, "--json")) <= set(every)
    left = ids("pneumonie", "-hydrocortisone", "--json")
    assert left and set(left) < set(every)  # (the hydrocortisone review is left out)
    assert ids("--json", "-n", "1", "pneumonie", "-hydrocortisone") == left[:1]
    assert ids("pneumonie", "-n1", "--json", "-hydrocortisone") == left[:1]
    assert ids("pneumonie", "--limit=1", "-hydrocortisone", "--json") == left[:1]
    assert ids("--json", "--", "pneumonie", "-hydrocortisone") == left
    assert mia("search", "pneumonie", "-h").output.startswith("Usage:")
    missing = mia("search", "pneumonie", "--limit")
    assert missing.exit_code == 2 and "requires an argument" in missing.output
    for mistyped, meant in (("--limt", "--limit"), ("--jsn", "--json")):  # not words of the query
        wrong = mia("search", "pneumonie", mistyped, "3")
        assert wrong.exit_code == 2 and f"No such option: {mistyped}" in wrong.output and meant in wrong.output
