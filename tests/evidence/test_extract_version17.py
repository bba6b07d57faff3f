"""Extractor rules of version 17, each on generated variants (the misses of a tenth blind probe
of twelve reviews): an outcome named after "the rate of", a vaccine's efficacy, a value changed by
so many points before its interval, a count whose clause ends before the deaths that follow,
and the effect stated after the compared arm in the sentence after the outcome's."""

from __future__ import annotations

import itertools

import pytest

from mia.evidence.extract import extract_key_results


def _primary(methods: str, results: str) -> tuple:
    found = extract_key_results([("Méthode", methods), ("Résultats", results)])
    primary = found["primary"]
    assert primary is not None, found["flags"]
    return primary["measure"], primary["value"], primary["ci_low"], primary["ci_high"]


NAMED_AFTER_A_RATE = [
    ("The primary outcome was the {measure} of survival at 30 days.",
     "At 30 days, 130 patients (3.2%) vs 94 (2.4%) were alive: unadjusted odds ratio for survival 1.39 (95% CI 1.06 to 1.82; p=0.02)."),
    ("Le critère de jugement principal était le {measure} de survie à 30 jours.",
     "A 30 jours, 130 patients (3,2 %) vs 94 (2,4 %) étaient en vie : OR de survie 1,39 (IC 95 % 1,06 à 1,82 ; p=0,02)."),
]


@pytest.mark.parametrize(("texts", "measure"), list(itertools.product(
    NAMED_AFTER_A_RATE, ["rate", "proportion", "incidence", "taux", "nombre"])))
def test_an_outcome_named_after_its_rate_is_found_by_its_name(texts, measure):
    methods, results = texts
    assert _primary("Randomised trial. " + methods.format(measure=measure), results) == ("OR", 1.39, 1.06, 1.82)


@pytest.mark.parametrize(("stated", "expected"), [
    ("l'efficacité vaccinale était de 97,2 % (IC 95 % 93,7 - 99,0 ; p<0,001)", ("RR", 0.028, 0.01, 0.063)),
    ("efficacité vaccinale 91,3 % (IC 95 % 89,0 à 93,2)", ("RR", 0.087, 0.068, 0.11)),
    ("vaccine efficacy was 97.2% (95% CI 93.7 to 99.0)", ("RR", 0.028, 0.01, 0.063)),
    ("a vaccine efficacy of 66.9% (95% CI, 59.0 to 73.3)", ("RR", 0.331, 0.267, 0.41)),
])
def test_a_vaccine_efficacy_is_the_relative_risk_it_restates(stated, expected):
    methods = "Essai randomisé en double aveugle. Le critère de jugement principal était l'incidence du zona confirmé."
    results = f"Un zona est survenu chez 6 vaccinés vs 210 sous placebo : {stated}."
    assert _primary(methods, results) == expected


CHANGES = [("amélioré de", 13.8, (12.1, 15.4)), ("augmenté de", 13.8, (12.1, 15.4)),
           ("improved by", 13.8, (12.1, 15.4)), ("diminué de", -4.1, (-6.0, -2.2)),
           ("réduit de", -4.1, (-6.0, -2.2)), ("reduced by", -4.1, (-6.0, -2.2))]
UNITS = ["points", "points de %", "points de pourcentage"]
AGAINST = ["", " vs placebo", " par rapport au placebo", " compared with usual care"]


@pytest.mark.parametrize(("change", "unit", "against"), list(itertools.product(CHANGES, UNITS, AGAINST)))
def test_a_value_changed_by_points_before_its_interval_is_a_difference(change, unit, against):
    verb, value, (low, high) = change
    methods = "Essai randomisé. Le critère de jugement principal était la variation absolue du VEMS à la semaine 4."
    interval = f"(IC 95% {low:.1f} à {high:.1f} ; p<0,001)".replace(".", ",")
    results = f"A S4, le VEMS était {verb} {abs(value):.1f}".replace(".", ",") + f" {unit}{against} {interval}."
    measure, found, ci_low, ci_high = _primary(methods, results)
    assert (measure, found, ci_low, ci_high) == ("MD", value, low, high)


@pytest.mark.parametrize("interval", ["(IC 95% 2,2 à 6,0)", "(95% CI 2.2 to 6.0)"])
def test_a_change_whose_interval_disagrees_with_its_direction_is_not_read(interval):
    """"réduit de 4,1 points" with a positive interval: the sign is unknown, nothing is read."""
    methods = "Essai randomisé. Le critère de jugement principal était la variation du score."
    results = f"Le score était réduit de 4,1 points {interval}."
    found = extract_key_results([("Méthode", methods), ("Résultats", results)])
    assert found["primary"] is None


@pytest.mark.parametrize(("count", "after"), list(itertools.product(
    ["151 patients ont été randomisés", "151 patients were randomised", "Au total, 151 patients ont été inclus"],
    ["27 sont décédés avant la 12e semaine", "27 died before week 12", "12 ont été perdus de vue"])))
def test_a_count_is_kept_when_deaths_follow_in_another_clause(count, after):
    results = f"{count} ; {after} et 107 des 124 survivants ont complété l'évaluation."
    found = extract_key_results([("Méthode", "Etude randomisée, monocentrique."), ("Résultats", results)])
    assert found["n"] == 151, found["flags"]


@pytest.mark.parametrize("subject", ["Le rFVIII était associé à une incidence plus élevée de 87 %",
                                     "Le rFVIII était associé à un risque plus élevé",
                                     "rFVIII was associated with a higher incidence"])
def test_the_effect_after_the_compared_arm_in_the_next_sentence_is_the_outcome_s(subject):
    methods = "Essai randomisé en ouvert. Critère de jugement principal : apparition d'un inhibiteur."
    results = ("Un inhibiteur est apparu chez 76 patients : 29 sous pdFVIII (26,8 %) vs 47 sous rFVIII (44,5 %). "
               f"{subject} : HR 1,87 (IC 95 % 1,17-2,96). Les inhibiteurs de haut titre sont survenus chez 20 vs 30 "
               "patients, HR 1,69 (IC 95 % 0,96-2,98).")
    assert _primary(methods, results) == ("HR", 1.87, 1.17, 2.96)


def test_another_subject_in_the_next_sentence_is_not_the_outcome_s():
    methods = "Essai randomisé en ouvert. Critère de jugement principal : apparition d'un inhibiteur."
    results = ("Un inhibiteur est apparu chez 76 patients : 29 sous pdFVIII vs 47 sous rFVIII. "
               "Les saignements étaient plus fréquents sous rFVIII : HR 1,20 (IC 95 % 0,90-1,60).")
    found = extract_key_results([("Méthode", methods), ("Résultats", results)])
    assert found["primary"] is None or found["primary"]["value"] != 1.2
