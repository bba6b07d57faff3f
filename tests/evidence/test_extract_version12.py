"""Extractor rules of version 12, each on generated variants (the misses of a fourth blind probe of
fourteen reviews: factorial, cluster and crossover trials, meta-analyses, cohorts): the first
result of the primary outcome wins over a later comparison, a sentence going on about the
outcome may stand between it and its effect, words after the effect do not make it a subgroup's,
the outcome's words in the singular or plural, survival for mortality, and a number between an
effect and its interval."""

from __future__ import annotations

import itertools

import pytest

from mia.evidence.extract import extract_key_results


@pytest.mark.parametrize("opening, later", list(itertools.product(
    ["HR 0,86 [0,65–1,13], p = 0,27 : pas de bénéfice.", "Le HR était de 0,86 (IC 95 % 0,65-1,13 ; p = 0,27)."],
    ["Pour la seconde comparaison, le critère principal est survenu chez 92 contre 83, soit une différence "
     "absolue de 2,3 points (IC 90 % -3,4 à 8,0).",
     "En per-protocole, le critère principal : HR 0,80 (IC 95 % 0,60-1,05)."])))
def test_the_first_result_of_the_primary_outcome_wins_over_a_later_comparison(opening, later):
    found = extract_key_results([("Résultats", "Le critère principal est survenu chez 100 patients (28,4 %) contre "
                                               f"109 (31,0 %). {opening} {later}")])
    assert (found["primary"]["measure"], found["primary"]["value"]) == ("HR", 0.86), found["flags"]


@pytest.mark.parametrize("goes_on", ["Il est survenu chez 377 enfants (40,2 %) contre 431 (46,2 %).",
                                     "Elle était de 40,2 % contre 46,2 %.",
                                     "It occurred in 40.2% versus 46.2%."])
def test_a_sentence_going_on_about_the_outcome_may_stand_before_its_effect(goes_on):
    found = extract_key_results([("Résultats", "Le critère principal a pu être évalué chez 1 869 enfants. "
                                               f"{goes_on} L'OR ajusté sur le centre était de 0,77 (IC 95 % "
                                               "0,64-0,93 ; p = 0,008).")])
    assert found["primary"]["value"] == 0.77, found["flags"]


def test_a_sentence_about_something_else_does_not_stand_between():
    found = extract_key_results([("Résultats", "Le critère principal a pu être évalué chez 1 869 enfants. "
                                               "Les infections étaient rares. L'OR était de 0,77 (IC 95 % 0,64-0,93).")])
    assert found["primary"] is None


@pytest.mark.parametrize("after", [", sans différence dans les six sous-groupes prédéfinis",
                                   ", consistent across the prespecified subgroups",
                                   "; les critères secondaires ne différaient pas"])
def test_words_after_the_effect_do_not_make_it_a_subgroups(after):
    found = extract_key_results([
        ("Méthodes", "Le critère principal était la mortalité à J90."),
        ("Résultats", f"À J90, 597 patients du groupe HEA et 566 du groupe salé étaient décédés : RR = 1,06 "
                      f"(IC95% : 0,96-1,18), p = 0,26{after}."),
    ])
    assert found["primary"]["value"] == 1.06, found["flags"]


def test_a_secondary_outcome_said_before_the_effect_is_still_not_the_primary():
    found = extract_key_results([
        ("Methods", "Primary outcome: major adverse cardiovascular events (MACE) at 90 days."),
        ("Results", "MACE occurred in 19.1% vs 31.7% (secondary outcome): common OR 0.30 (95% CI 0.19 to 0.48)."),
    ])
    assert found["primary"] is None


@pytest.mark.parametrize("named, written", [
    ("nouvelles fractures vertébrales morphométriques", "une nouvelle fracture vertébrale radiographique"),
    ("new vertebral fractures", "a new vertebral fracture"),
    ("la survenue d'une fracture de hanche", "des fractures de hanche"),
])
def test_the_outcomes_words_are_found_in_the_singular_or_the_plural(named, written):
    found = extract_key_results([
        ("Méthodes", f"Le critère principal était la survenue de {named} ; les critères secondaires étaient autres."),
        ("Résultats", f"À 3 ans, {written} est survenue chez 2,3 % contre 7,2 %. Le risque relatif était de 0,32 "
                      "(IC 95 % 0,26 à 0,41 ; p < 0,001)."),
    ])
    assert found["primary"]["value"] == 0.32, found["flags"]


@pytest.mark.parametrize("survival", ["La survie à 6 semaines était de 95 % contre 91 % : HR 0,55 [0,33–0,92] ; p = 0,02.",
                                      "Survival at six weeks was 95% versus 91% (HR 0.55, 95% CI 0.33-0.92)."])
def test_survival_reports_a_mortality_outcome(survival):
    found = extract_key_results([("Méthodes", "Critère principal : mortalité toutes causes à 6 semaines."),
                                 ("Résultats", "Aucune transfusion n'a été nécessaire chez 51 % des patients. " + survival)])
    assert found["primary"]["value"] == 0.55, found["flags"]


@pytest.mark.parametrize("between", ["par tranche de 10 dB", "per 10 dB of hearing loss", "à 5 ans"])
def test_a_whole_number_may_stand_between_an_effect_and_its_interval(between):
    found = extract_key_results([("Résultats", f"Critère principal : HR ajusté 1,27 {between} (IC 95 % 1,06-1,50).")])
    assert (found["primary"]["ci_low"], found["primary"]["ci_high"]) == (1.06, 1.5), found["flags"]
