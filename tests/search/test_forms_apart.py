"""The last resort of a search nothing matched: a concept typed (an acronym, a name) whose forms
of several words no review writes side by side finds the reviews holding the words of one of its
forms apart, and says so; never when a review names the concept, and never with --all-words."""

from __future__ import annotations

import random

import pytest
from search_support import new_store, numbers, record, use_lexicon  # noqa: F401
from typer.testing import CliRunner

from mia.cli import app
from mia.search import run_search

COPD = "exacerbation de BPCO | COPD exacerbation | EABPCO | AECOPD | exacerbation aiguë de BPCO\n"
FILLER = ["Le patient", "était suivi", "pendant un an", "dans cet essai", "avec un placebo", "et la dose"]


def _filler(rng: random.Random):
    """Text that says nothing, of a random length (from none to 30 pieces of `FILLER`)."""
    return lambda: " ".join(rng.choice(FILLER) for _ in range(rng.randint(0, 30)))


@pytest.mark.parametrize("seed", range(8))
def test_a_concept_no_review_names_finds_the_words_of_its_forms_apart(new_store, use_lexicon, seed):
    rng = random.Random(seed)
    use_lexicon(COPD)
    filler = _filler(rng)

    store = new_store([
        record(1, sections=f"{filler()} Les exacerbations étaient moins fréquentes. {filler()} Chez les patients BPCO."),
        record(2, sections=f"{filler()} Des patients BPCO stables. {filler()}"),  # one word of the form only
        record(3, sections=f"{filler()} Une exacerbation d'asthme. {filler()}"),
    ])
    result = run_search(store, rng.choice(["AECOPD", "EABPCO"]))
    assert numbers(result) == [1] and result.apart
    assert any("(its words apart)" in route for route in result.hits[0].routes)


def test_no_fallback_when_a_review_names_the_concept(new_store, use_lexicon):
    use_lexicon(COPD)
    store = new_store([
        record(1, sections="Les exacerbations étaient moins fréquentes chez les patients BPCO."),
        record(2, sections="Une exacerbation de BPCO sévère."),
    ])
    result = run_search(store, "AECOPD")
    assert numbers(result) == [2] and not result.apart


def test_the_strict_rule_has_no_fallback(new_store, use_lexicon):
    use_lexicon(COPD)
    store = new_store([record(1, sections="Les exacerbations étaient moins fréquentes chez les patients BPCO.")])
    result = run_search(store, "AECOPD", all_words=True)
    assert result.hits == [] and not result.apart


def test_the_cli_says_the_words_were_found_apart(tmp_path, monkeypatch, use_lexicon):
    use_lexicon(COPD)
    monkeypatch.setenv("MIA_STORE", str(tmp_path / "store.json"))
    review = tmp_path / "review.md"
    review.write_text("---\nid: mia_review_7\ntitle: Azithromycine\n---\n## Résultats\n"
                      "Les exacerbations étaient moins fréquentes chez les patients BPCO.\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["add", str(review)]).exit_code == 0
    result = runner.invoke(app, ["search", "AECOPD"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == ("No review names AECOPD as the lexicon writes it. "
                                             "Showing reviews holding the words of one of its forms apart.")
    assert "mia_review_7" in result.stdout


# --- in a partial match: a concept no review names, beside words some review holds ---------

ZOSTER = "vaccination contre le zona | herpes zoster vaccination | | | vaccin contre le zona ; zoster vaccine ; Shingrix\n"


@pytest.mark.parametrize("seed", range(8))
def test_a_concept_held_nowhere_in_a_partial_match_counts_its_words_apart(new_store, use_lexicon, seed):
    """"Shingrix efficacy in people over 50": no review writes a form of the vaccine together; the
    review of "un vaccin adjuvanté" against "le zona" holds it apart, so it holds more of the query
    than the review holding only the other everyday words, and ranks first."""
    rng = random.Random(seed)
    use_lexicon(ZOSTER)
    filler = _filler(rng)

    words = rng.sample(["people", "older", "seniors", "elderly"], 2)
    store = new_store([
        record(1, sections=f"{filler()} Zona : un vaccin adjuvanté. {filler()} Its efficacy from the age of 50."),
        record(2, sections=f"A cheap swap for {words[0]} and {words[1]}. {filler()}"),
        record(3, sections=f"{filler()} Un vaccin contre la grippe. {filler()}"),  # one word of the form only
    ])
    result = run_search(store, f"Shingrix efficacy {words[0]} {words[1]} 50")
    assert numbers(result)[0] == 1
    assert result.partial is not None and not result.apart
    assert any("(its words apart)" in route for route in result.hits[0].routes)


def test_a_concept_some_review_names_keeps_its_forms_together(new_store, use_lexicon):
    use_lexicon(ZOSTER)
    store = new_store([
        record(1, sections="Zona : un vaccin adjuvanté. Its efficacy from the age of 50."),
        record(2, sections="Le vaccin contre le zona chez des adultes."),
    ])
    result = run_search(store, "Shingrix efficacy 50")
    assert not any("(its words apart)" in route for hit in result.hits for route in hit.routes)
