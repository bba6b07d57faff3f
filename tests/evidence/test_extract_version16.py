"""Extractor rules of version 16, each on generated variants (a miss of an eighth blind probe of
twelve reviews): a word of the outcome's name links the primary to a results sentence writing
another form of it, and the first effect of a range of effects is never the primary."""

from __future__ import annotations

import itertools

import pytest

from mia.evidence.extract import extract_key_results

#: (the word as the outcome's name writes it, as the results write it)
FORMS = [("tolérant", "ont toléré"), ("hospitalisation", "ont été hospitalisés"),
         ("amélioration", "étaient améliorés"), ("réhospitalisation", "réhospitalisées"),
         ("tolerating", "tolerated"), ("remission", "remissions")]
NAMES = ["proportion des participants {word} une dose unique ≥ 600 mg",
         "la part des patients {word} à un an"]
EFFECTS = [("soit une différence de 63,2 points de pourcentage (IC 95% 53,0–73,3), p < 0,001", ("ARD", 63.2, 53.0, 73.3)),
           ("[RR 0,71 (IC 95% 0,58–0,87) ; p = 0,001]", ("RR", 0.71, 0.58, 0.87))]


@pytest.mark.parametrize(("forms", "name", "effect"), list(itertools.product(FORMS, NAMES, EFFECTS)))
def test_a_word_of_the_outcome_links_in_another_of_its_forms(forms, name, effect):
    word, written = forms
    text, expected = effect
    methods = "Essai randomisé. Critère de jugement principal : " + name.format(word=word) + "."
    results = f"Chez les 4–17 ans, 250/372 (67,2 %) des patients du groupe actif {written} vs 5/124 (4,0 %) sous placebo, {text}."
    found = extract_key_results([("Méthode", methods), ("Résultats", results)])
    primary = found["primary"]
    assert primary is not None, found["flags"]
    assert (primary["measure"], primary["value"], primary["ci_low"], primary["ci_high"]) == expected


@pytest.mark.parametrize("short", ["âge", "dose", "score"])
def test_a_short_word_keeps_its_own_form(short):
    """Below five letters of stem a word is found as written or in the plural only: `dose` does
    not find `dosage`."""
    methods = f"Essai randomisé. Critère principal : {short}."
    results = f"Le {short}age médian était différent (RR 0,80 ; IC 95% 0,70–0,91)."
    found = extract_key_results([("Méthode", methods), ("Résultats", results)])
    assert found["primary"] is None


@pytest.mark.parametrize("opening", ["des OR allant de", "des HR variant de", "ORs ranging from", "hazard ratios varying from"])
def test_the_first_effect_of_a_range_is_not_the_primary(opening):
    methods = "Méta-analyse en réseau. Critère de jugement principal : efficacité (taux de réponse)."
    results = (f"Les 21 traitements étaient tous plus efficaces que le placebo, avec {opening} "
               "2,13 (IC 95% 1,89–2,41) pour le premier à 4,44 (IC 95% 3,43–5,57) pour le dernier.")
    found = extract_key_results([("Méthode", methods), ("Résultats", results)])
    assert found["primary"] is None


LATER_PHASES = ["puis {drug} en ouvert dans les deux groupes", "then open-label {drug} for all",
                "followed by an open-label extension with {drug}", "suivie d'une phase en ouvert sous {drug}",
                "ensuite, {drug} en ouvert"]


@pytest.mark.parametrize(("phase", "drug"), list(itertools.product(LATER_PHASES, ["alendronate", "the active drug"])))
def test_an_open_phase_after_the_comparison_does_not_make_the_trial_open_label(phase, drug):
    methods = f"Essai randomisé, en double aveugle pendant 12 mois, {phase.format(drug=drug)}."
    found = extract_key_results([("Méthode", methods)])
    assert found["design"] == ["rct", "double-blind"]


@pytest.mark.parametrize("methods", ["Essai randomisé en ouvert, multicentrique.", "Open-label randomised trial.",
                                     "Essai ouvert, randomisé, puis suivi à 5 ans."])
def test_an_open_label_trial_stays_open_label(methods):
    assert "open-label" in extract_key_results([("Méthode", methods)])["design"]
