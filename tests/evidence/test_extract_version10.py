"""Extractor rules of version 10, each on generated variants (the misses left by the second
blind probe): overall survival reported as the risk of death, an outcome named by a word with
digits (HbA1c) or described after its name ("disability, dichotomised as a favourable outcome"),
the effect of one dose of a multi-dose trial, and the absolute difference of a change or a score,
which is a mean difference."""

from __future__ import annotations

import itertools

import pytest

from mia.evidence.extract import extract_key_results

# -- overall survival told as the risk of death ------------------------------------------------

SURVIVAL_NAMES = [
    ("fr", "la survie globale et la survie sans progression (SSP)"),
    ("fr", "la survie globale"),
    ("fr", "la survie à 28 jours"),
    ("en", "overall survival and progression-free survival (PFS)"),
    ("en", "overall survival"),
]
DEATH_SENTENCES = {
    "fr": ["Le risque de décès était réduit, avec un hazard ratio de 0,49 (IC 95 % 0,38-0,64), p<0,001.",
           "Moins de patients sont décédés sous traitement (HR 0,49 ; IC 95 % 0,38 à 0,64 ; p<0,001)."],
    "en": ["The risk of death was lower with the drug (hazard ratio, 0.49; 95% CI, 0.38 to 0.64; P<0.001).",
           "Fewer patients died in the treatment group (HR 0.49, 95% CI 0.38-0.64, p<0.001)."],
}
PFS_SENTENCE = {
    "fr": "La SSP médiane était de 8,8 contre 4,9 mois (hazard ratio de 0,52 [0,43 ; 0,64], p<0,001).",
    "en": "Median PFS was 8.8 versus 4.9 months (hazard ratio, 0.52; 95% CI, 0.43 to 0.64; P<0.001).",
}


@pytest.mark.parametrize("language, name, death, pfs_first", [
    (language, name, death, pfs_first)
    for language, name in SURVIVAL_NAMES
    for death in DEATH_SENTENCES[language]
    for pfs_first in (True, False)
])
def test_overall_survival_is_found_in_the_sentence_on_deaths(language, name, death, pfs_first):
    naming = (f"Les critères de jugement principaux étaient {name}." if language == "fr"
              else f"The primary end points were {name}.")
    results = [PFS_SENTENCE[language], death] if pfs_first else [death, PFS_SENTENCE[language]]
    found = extract_key_results([("Methods", naming), ("Results", " ".join(results))])
    primary = found["primary"]
    assert (primary["measure"], primary["value"], primary["ci_low"]) == ("HR", 0.49, 0.38), found["flags"]


def test_progression_free_survival_is_not_read_as_death():
    found = extract_key_results([
        ("Methods", "Le critère principal était la survie sans progression."),
        ("Results", "La survie sans progression était allongée (HR 0,52 ; IC 95 % 0,43-0,64). "
                    "Le risque de décès était réduit (HR 0,80 ; IC 95 % 0,70-0,91)."),
    ])
    assert found["primary"]["value"] == 0.52


# -- the outcome's words: with digits, and those describing it after its name ------------------

@pytest.mark.parametrize("analyte", ["HbA1c", "LDL-c", "NT-proBNP", "CD4"])
def test_an_outcome_named_by_a_word_with_digits_links_to_the_next_sentences_effect(analyte):
    found = extract_key_results([
        ("Méthodes", f"Le critère principal était la variation de l'{analyte} entre l'inclusion et la semaine 40."),
        ("Résultats", f"L'{analyte} moyenne (8,28 à l'inclusion) baissait de 2,01 points contre 1,86 point. "
                      "La différence moyenne était de -0,15 (IC 95 % : -0,28 à -0,03 ; p = 0,02)."),
    ])
    primary = found["primary"]
    assert primary is not None and (primary["value"], primary["ci_low"]) == (-0.15, -0.28), found["flags"]


@pytest.mark.parametrize("naming, result", [
    ("The primary end point was disability at 90 days, dichotomised as a favourable outcome (modified Rankin "
     "scale score of 0 or 1) or an unfavourable outcome.",
     "More patients had a favourable outcome with alteplase than with placebo (52.4% vs. 45.2%; odds ratio, "
     "1.34; 95% CI, 1.02 to 1.76; P = 0.04)."),
    ("Le critère principal était le handicap à 3 mois, défini par une évolution favorable (score de Rankin "
     "modifié de 0 à 2).",
     "Une évolution favorable était plus fréquente sous thrombectomie (53 % contre 29 % ; OR 2,6 ; IC 95 % "
     "1,7-3,8 ; p<0,001)."),
])
def test_an_outcome_described_after_its_name_is_found_by_the_description(naming, result):
    found = extract_key_results([("Methods", naming),
                                 ("Results", "Baseline characteristics were balanced. " + result)])
    primary = found["primary"]
    assert primary is not None and primary["measure"] == "OR", found["flags"]
    assert any("description" in flag for flag in found["flags"])


def test_the_name_is_preferred_to_the_description():
    found = extract_key_results([
        ("Methods", "The primary end point was death at 90 days, or a favourable outcome otherwise."),
        ("Results", "A favourable outcome was more frequent (OR 1.50; 95% CI 1.10-2.00). "
                    "Fewer patients died (HR 0.80; 95% CI 0.70-0.90)."),
    ])
    assert found["primary"]["measure"] == "HR"


# -- the first dose of a multi-dose trial --------------------------------------------------------

DOSE_LEADS = ["Pour la dose de {d} mg, la", "À la dose de {d} mg, la", "At the {d}-mg dose, the", "With {d} mg, the",
              "Avec {d} mg, la"]


@pytest.mark.parametrize("lead, dose", list(itertools.product(DOSE_LEADS, ["5", "2,5", "10"])))
def test_the_effect_after_a_dose_opens_the_next_sentence(lead, dose):
    measure = "différence moyenne était de" if lead.endswith("la") else "mean difference was"
    found = extract_key_results([
        ("Methods", "Le critère principal était la variation du poids à 72 semaines."),
        ("Results", "Le poids baissait de 15 % contre 3 %. "
                    f"{lead.format(d=dose)} {measure} -12,4 (IC 95 % -13,4 à -11,5 ; p<0,001)."),
    ])
    primary = found["primary"]
    assert primary is not None and (primary["value"], primary["ci_low"]) == (-12.4, -13.4), found["flags"]


def test_another_outcome_opening_the_next_sentence_is_still_not_taken():
    found = extract_key_results([
        ("Methods", "Le critère principal était la variation du poids à 72 semaines."),
        ("Results", "Le poids baissait de 15 % contre 3 %. "
                    "Les infections étaient plus fréquentes (RR 1,40 ; IC 95 % 1,10-1,80)."),
    ])
    assert found["primary"] is None


# -- the absolute difference of a change or a score is a mean difference ----------------------

CONTINUOUS = ["la variation de l'HbA1c à 40 semaines", "the percentage change in body weight at week 68",
              "le score MADRS à 28 jours", "the mean change in systolic blood pressure",
              "l'évolution du score de douleur"]
COUNTED = ["la mortalité à 90 jours", "the proportion of patients with a stroke", "la survenue d'un AVC"]
DIFFERENCES = ["la différence absolue était de -0,15 point (IC 95 % : -0,28 à -0,03)",
               "an estimated treatment difference of -0.15 percentage points (95% CI, -0.28 to -0.03)"]


@pytest.mark.parametrize("outcome, difference", list(itertools.product(CONTINUOUS, DIFFERENCES)))
def test_the_absolute_difference_of_a_change_is_a_mean_difference(outcome, difference):
    found = extract_key_results([("Methods", f"The primary outcome was {outcome}."),
                                 ("Results", f"For the primary outcome, {difference}.")])
    assert found["primary"]["measure"] == "MD", found["flags"]
    assert any("mean difference" in flag for flag in found["flags"])


@pytest.mark.parametrize("outcome, difference", list(itertools.product(COUNTED, DIFFERENCES)))
def test_the_absolute_difference_of_a_counted_outcome_stays_a_risk_difference(outcome, difference):
    found = extract_key_results([("Methods", f"The primary outcome was {outcome}."),
                                 ("Results", f"For the primary outcome, {difference}.")])
    assert found["primary"]["measure"] == "ARD"
