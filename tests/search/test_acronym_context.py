"""An acronym with several meanings, read by its context: the forms of each meaning a review
holds, and for an effect measure its use before a value (`HR 0.61`)."""

from __future__ import annotations

import random
import string

import pytest
from search_support import new_store, numbers, record, use_lexicon  # noqa: F401

from mia.search import run_search

# A multi-word form so that the index annotates (as the shipped lexicon always does).
STATS = ("rapport des risques instantanés | hazard ratio | HR | HR |\n"
         "fréquence cardiaque | heart rate | FC | HR |\n"
         "intervalle de confiance | confidence interval | IC | CI |\n"
         "insuffisance cardiaque | heart failure | IC | HF |\n")


@pytest.fixture
def stats_store(new_store, use_lexicon):
    use_lexicon(STATS)
    return new_store([
        record(1, sections="Décès réduits, HR 0.61 (IC 95% 0.51-0.72)."),
        record(2, sections="La fréquence cardiaque baissait (HR 80/min à J3)."),
        record(3, sections="Le critère principal: HR de 0,74 ; p=0,01."),
        record(4, sections="Rien de chiffré ici."),
    ])


def test_a_measure_name_finds_its_acronym_used_before_a_value(stats_store):
    assert sorted(numbers(run_search(stats_store, "hazard ratio"))) == [1, 3]
    assert sorted(numbers(run_search(stats_store, "rapport des risques instantanés"))) == [1, 3]


def test_the_other_meaning_does_not_take_the_measure_uses(stats_store):
    assert numbers(run_search(stats_store, "heart rate")) == [2]


def test_a_typed_ambiguous_acronym_ranks_its_dominant_reading_first(stats_store):
    result = run_search(stats_store, "HR")
    assert sorted(numbers(result)[:2]) == [1, 3] and numbers(result)[2] == 2
    assert result.meanings["HR"][0] == "rapport des risques instantanés"
    assert "HR = rapport des risques instantanés" in result.hits[0].routes


def test_a_review_using_the_acronym_in_another_sense_ranks_below(new_store, use_lexicon):
    """IC sacubitril: the reviews where IC is heart failure (its long form in the keywords) rank
    above the one where IC is a confidence interval, however often it writes IC."""
    use_lexicon(STATS)
    store = new_store([
        record(1, sections="Sacubitril. " + " ".join(f"IC 95% 0.{n}-0.9." for n in range(1, 9))
               + " Intervalle de confiance large."),
        record(2, sections="Le sacubitril dans l'IC à FEVG réduite.", keywords=["insuffisance cardiaque"]),
        record(3, sections="Sacubitril et IC chronique.", article_title="Sacubitril in heart failure"),
    ])
    ranked = numbers(run_search(store, "IC sacubitril"))
    assert sorted(ranked[:2]) == [2, 3] and ranked[2] == 1


def _acronym(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_uppercase) for _ in range(rng.randint(2, 3)))


@pytest.mark.parametrize("seed", range(5))
def test_generated_measure_and_rate_pairs_stay_apart(new_store, use_lexicon, seed):
    rng = random.Random(seed)
    acronym = _acronym(rng)
    word, other = ("".join(rng.choice(string.ascii_lowercase) for _ in range(7)) for _ in range(2))
    use_lexicon(f"rapport {word} | {word} ratio | {acronym} | {acronym} |\n"
                f"taux {other} | {other} rate | | {acronym} |\n"
                "mot composé | compound word | | |\n")
    value = f"{rng.randint(0, 2)}.{rng.randint(10, 99)}"
    store = new_store([
        record(1, sections=f"Le {acronym} {value} était significatif."),
        record(2, sections=f"Le taux {other} ({acronym} {rng.randint(50, 120)}) restait stable."),
        record(3, sections=f"Le {acronym} {rng.randint(50, 120)} au repos."),
    ])
    assert numbers(run_search(store, f"{word} ratio")) == [1]
    # Review 3 says the acronym before a whole number, without the rate's words: no sense is
    # certain there, and it is not added; review 1's use before a decimal value is the ratio.
    assert numbers(run_search(store, f"{other} rate")) == [2]
