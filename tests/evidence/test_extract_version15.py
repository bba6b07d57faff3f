"""Extractor rules of version 15, each on generated variants (misses of a seventh blind probe of
sixteen reviews): a difference stated without its interval after the two arms' values is the
effect (a risk difference in points after two percentages, a mean difference in a unit), and
one with fewer values before it is a threshold or a margin, not an effect."""

from __future__ import annotations

import itertools

import pytest

from mia.evidence.extract import extract_key_results

ARMS_PERCENT = [("88,2 % sous fidaxomicine vs 85,8 % sous vancomycine", "différence de +2,4 points", 2.4),
                ("12 % in the high-flow group and 23 % with standard care", "difference -11 points", -11.0),
                ("31,5 % contre 24,0 %", "différence de 7,5 points", 7.5)]
ARMS_UNIT = [("+8,0 lettres sous bévacizumab contre +8,5 sous ranibizumab", "différence -0,5 lettre", -0.5),
             ("a fall of 14,2 mm Hg with the drug versus 9,1 mm Hg with placebo", "difference 5,1 mm Hg", 5.1),
             ("6,2 kg perdus contre 2,0 kg", "différence 4,2 kg", 4.2)]
WRAPS = ["Critère principal : {outcome} : {arms} ({difference}).",
         "{outcome} : {arms} ({difference}), confirmé dans les analyses de sensibilité.",
         "{outcome}: {arms} ({difference}; p = 0,03)."]


#: (measure, the outcome as the results name it, as the methods do): a counted outcome for ARD (the
#: absolute difference of a change is a mean difference: version 10).
OUTCOMES = {"ARD": ("Guérison clinique", "guérison clinique"), "MD": ("Variation du critère", "variation du critère à un an")}
CASES = [(measure, case, wrap) for measure, cases in (("ARD", ARMS_PERCENT), ("MD", ARMS_UNIT))
         for case, wrap in itertools.product(cases, WRAPS)]


@pytest.mark.parametrize(("measure", "case", "wrap"), CASES)
def test_a_difference_after_two_values_is_a_risk_difference_in_points_after_percentages_else_a_mean_one(
        measure, case, wrap):
    arms, difference, value = case
    outcome, named = OUTCOMES[measure]
    text = wrap.format(outcome=outcome, arms=arms, difference=difference)
    found = extract_key_results([("Méthodes", f"Critère principal : {named}."), ("Résultats", text)])
    assert (found["primary"]["measure"], found["primary"]["value"]) == (measure, value), found["flags"]


@pytest.mark.parametrize("sentence", [
    "L'effectif devait permettre de détecter une différence de 1,5 point.",
    "A difference of 10 points was judged clinically relevant.",
    "Une différence de 5 lettres était la marge de non-infériorité.",
])
def test_a_difference_without_two_values_before_it_is_not_an_effect(sentence):
    found = extract_key_results([("Méthodes", "Essai randomisé. " + sentence)])
    assert found["primary"] is None and found["secondary"] == []


@pytest.mark.parametrize("sign", ["+", ""])
def test_a_difference_with_its_interval_may_carry_a_plus(sign):
    text = f"Le score était de 3,4 contre 3,0, soit une différence ajustée de {sign}0,3 point (IC à 95 % -0,5 ; 1,0 ; p = 0,46)."
    found = extract_key_results([("Méthodes", "Critère principal : le score à un an."), ("Résultats", text)])
    effects = [found["primary"]] + found["secondary"]
    assert any(e and (e["measure"], e["value"], e["ci_low"], e["ci_high"]) == ("MD", 0.3, -0.5, 1.0) for e in effects)
