"""Extractor rules of version 11, each on generated variants (the misses of a third blind probe of
fourteen reviews): a relative change named by its direction, an interval after what the effect
is of, the effect around the outcome's word, a risk restated before the effect of the next
sentence, a bare difference giving way to the next sentence's full effect, the number randomised
as N, and more ways of saying a trial ran in several places."""

from __future__ import annotations

import itertools

import pytest

from mia.evidence.extract import extract_key_results

# -- a relative change named by its direction, its interval after what it is of ---------------

DIRECTIONS = [("inférieur de", "réduit", 0.77), ("réduit de", "réduit", 0.77), ("diminuait de", "réduit", 0.77),
              ("supérieur de", "accru", 1.23), ("augmenté de", "accru", 1.23), ("lower by", "réduit", 0.77),
              ("increased by", "accru", 1.23)]
BETWEEN = ["", " dans le groupe traité", " with the drug", " du taux d'événements"]


@pytest.mark.parametrize("direction, between", list(itertools.product(DIRECTIONS, BETWEEN)))
def test_a_change_in_percent_named_by_its_direction_with_an_interval_is_relative(direction, between):
    words, _, value = direction
    sentence = f"Pour le critère principal, le taux était {words} 23 %{between} (IC 95 % 4 à 38 ; p = 0,02)."
    found = extract_key_results([("Résultats", sentence)])
    primary = found["primary"]
    assert (primary["measure"], primary["value"], primary["p"]) == ("RR", value, "0.02"), (sentence, found["flags"])
    low, high = sorted((round(1 - 0.04, 6), round(1 - 0.38, 6))) if value < 1 else (1.04, 1.38)
    assert (primary["ci_low"], primary["ci_high"]) == (low, high)


@pytest.mark.parametrize("sentence", [
    "Les patients ont réduit de 23 % leur consommation.",  # no interval: not an effect
    "Le score était inférieur de 23 points (IC 95 % 4 à 38).",  # points, not %: not relative
])
def test_a_direction_without_percent_and_interval_is_no_relative_change(sentence):
    found = extract_key_results([("Résultats", sentence)])
    assert not any(e.get("measure") == "RR" for e in [found["primary"] or {}] + found["secondary"])


@pytest.mark.parametrize("measure, what", list(itertools.product(
    ["réduction relative de 30 %", "HR 0,70", "odds ratio de 0,70"],
    ["du taux d'AVC", "pour le décès", "sur la mortalité à un an"])))
def test_the_interval_may_follow_what_the_effect_is_of(measure, what):
    found = extract_key_results([("Résultats", f"Le critère principal : {measure} {what} (IC 95 % 0,55 à 0,90).")])
    primary = found["primary"]
    assert primary is not None and primary["ci_low"] is not None, found["flags"]


def test_a_bracket_without_an_interval_label_is_not_taken_after_words():
    found = extract_key_results([("Résultats", "Le critère principal : HR 0,70 pour le décès (12 contre 20).")])
    assert found["primary"]["ci_low"] is None


# -- linking the outcome to its effect -----------------------------------------------------------

@pytest.mark.parametrize("acronym, outcome", [("AVC", "un AVC fatal ou non fatal"), ("IDM", "un IDM"),
                                              ("MACE", "des MACE à un an")])
def test_an_acronym_names_the_outcome_and_the_effect_around_it_is_taken(acronym, outcome):
    found = extract_key_results([
        ("Méthodes", f"Le critère de jugement principal était la survenue d'{outcome}."),
        ("Résultats", "La pression artérielle baissait de 15 mmHg. "
                      f"Le traitement était associé à une réduction relative de 30 % du taux d'{acronym} "
                      "(IC 95 % -1 à 51 ; p = 0,06)."),
    ])
    primary = found["primary"]
    assert (primary["measure"], primary["value"], primary["ci_low"]) == ("RR", 0.7, 0.49), found["flags"]


@pytest.mark.parametrize("word, plural", [("infection", "infections"), ("exacerbation", "exacerbations"),
                                          ("fracture", "fractures")])
def test_the_outcomes_word_in_the_plural_links_to_the_next_sentence(word, plural):
    found = extract_key_results([
        ("Methods", f"The primary end point was {word} in the partner that was linked to the index case."),
        ("Results", f"Only one of these linked {plural} occurred in the early group. "
                    "This corresponds to a hazard ratio of 0.04 (95% CI, 0.01 to 0.27; P<0.001)."),
    ])
    assert found["primary"]["value"] == 0.04, found["flags"]


@pytest.mark.parametrize("lead", ["Le risque était réduit de 63 % :", "Le risque était abaissé de 63 %,",
                                  "The risk was reduced by 63%:", "La non-infériorité puis la supériorité étaient "
                                  "démontrées :", "Noninferiority then superiority were shown:"])
def test_the_next_sentence_may_restate_the_risk_before_its_effect(lead):
    found = extract_key_results([
        ("Méthodes", "Le critère de jugement principal était la survie sans progression."),
        ("Résultats", "Une progression ou un décès était survenu chez 18,5 % contre 41,0 %. "
                      f"{lead} HR 0,37 (IC 95 % 0,27-0,52 ; p<0,001)."),
    ])
    assert found["primary"]["value"] == 0.37, found["flags"]


def test_the_first_of_many_words_of_a_long_outcome_name_is_distinctive():
    found = extract_key_results([
        ("Méthodes", "Le critère de jugement principal était le délai de survenue de la première exacerbation aiguë."),
        ("Résultats", "Le délai médian avant la première exacerbation était de 266 jours contre 174 jours. "
                      "Le hazard ratio correspondant était de 0,73 (IC 95 % 0,63-0,84 ; p<0,001)."),
    ])
    assert found["primary"]["value"] == 0.73, found["flags"]


@pytest.mark.parametrize("bare", ["soit une différence absolue de -6,6 points", "a difference of -6.6 points"])
def test_a_bare_difference_gives_way_to_the_next_sentences_full_effect(bare):
    found = extract_key_results([("Résultats", f"Le critère principal est survenu chez 8,5 % contre 15,1 %, {bare}. "
                                               "HR 0,54 (IC 95 % 0,37-0,79 ; p = 0,001).")])
    assert (found["primary"]["measure"], found["primary"]["value"]) == ("HR", 0.54)


# -- N: the number randomised --------------------------------------------------------------------

@pytest.mark.parametrize("randomised, analysed, template", list(itertools.product(
    [1006, 440, 3845], [1005, 431, 3800],
    ["Au total, {r} patients ont été randomisés ; {a} ont été inclus dans l'analyse.",
     "Au total, {r} patients ont été randomisés et {a} inclus dans l'analyse en intention de traiter.",
     "{a} patients were included in the analysis; {r} patients were randomised."])))
def test_the_number_randomised_is_n(randomised, analysed, template):
    found = extract_key_results([("Méthodes", "Essai randomisé. " + template.format(r=randomised, a=analysed))])
    assert found["n"] == randomised, found["flags"]


@pytest.mark.parametrize("unit", ["couples", "pairs", "mothers", "binômes"])
def test_a_count_of_couples_or_pairs_is_n(unit):
    found = extract_key_results([("Methods", f"A total of 1763 {unit} were enrolled: 886 index participants were "
                                             "assigned to early therapy and 877 to delayed therapy.")])
    assert found["n"] == 1763


# -- several places ------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Essai randomisé mené dans deux centres hospitaliers de Sydney.",
    "Essai randomisé conduit dans de nombreux centres d'Europe et de Chine.",
    "Essai randomisé mené dans les centres du réseau américain de recherche clinique.",
    "A randomised trial run by five NHS ambulance services in England.",
    "A randomised trial involving 33 emergency medical services agencies and 79 receiving hospitals.",
    "A randomised trial conducted at several sites.",
])
def test_more_ways_of_saying_several_places(sentence):
    assert "multicentre" in extract_key_results([("Methods", sentence)])["design"]


@pytest.mark.parametrize("sentence", [
    "Essai randomisé mené dans 12 services de l'hôpital.",  # wards of one hospital
    "Essai randomisé mené dans un centre.",
    "Étude de cohorte menée dans des hôpitaux universitaires.",
])
def test_wards_and_one_place_are_not_several_places(sentence):
    assert "multicentre" not in extract_key_results([("Methods", sentence)])["design"]
