"""Extractor rules of version 18, each on generated variants (the misses of two more blind probes
of twelve reviews each): a count of people screened is not N, a difference compared with an arm
and given in days, an absolute difference in a unit that is not a share, the compared arms or a
route as the label of the next sentence's effect, and a treatment given open-label in a
double-blind trial."""

from __future__ import annotations

import itertools

import pytest

from extract_support import extracted as _extract, primary_of as _primary


@pytest.mark.parametrize(("screened", "people"), list(itertools.product(
    ["dépistées", "dépistés", "screened", "dépistées entre 11 et 14 SA"], ["femmes", "patients", "participants"])))
def test_a_count_of_people_screened_is_not_n(screened, people):
    methods = (f"Essai randomisé en double aveugle. Parmi 26 941 {people} {screened}, 1 776 {people} à haut risque "
               "de prééclampsie préterme (risque >1/100 selon l'algorithme combiné du dépistage) ont été randomisés "
               "1:1 : aspirine vs placebo. Critère principal : prééclampsie préterme.")
    results = "La prééclampsie préterme est survenue chez 13 vs 35 : OR 0,38 (IC95% 0,20-0,74) ; p=0,004."
    assert _extract(methods, results)["n"] == 1776


METHODS_DAYS = "Essai randomisé en double aveugle (N=955). Critère principal : nombre de jours de migraine par mois."


@pytest.mark.parametrize(("lead", "unit"), list(itertools.product(
    ["Différence vs. placebo :", "Différence versus placebo :", "Différence contre placebo :",
     "La différence par rapport au placebo était de", "Difference vs placebo:"],
    ["jour", "jours", "days", ""])))
def test_a_difference_compared_with_an_arm_and_given_in_days_is_a_mean_difference(lead, unit):
    results = (f"La réduction était de 3,7 jours sous erenumab contre 1,8 jour sous placebo. "
               f"Cela fait : {lead} -1,9 {unit} (IC95% -2,3 à -1,4) ; p<0,001.").replace("  ", " ")
    found = _extract(METHODS_DAYS, results)
    effects = [found["primary"], *found["secondary"]]
    assert ("MD", -1.9, -2.3, -1.4) in [(e["measure"], e["value"], e["ci_low"], e["ci_high"]) for e in effects if e]


@pytest.mark.parametrize(("unit", "measure"), [
    ("jour", "MD"), ("jours", "MD"), ("days", "MD"), ("kg", "MD"), ("mmHg", "MD"),
    ("%", "ARD"), ("points", "ARD"), ("points de pourcentage", "ARD"),
])
def test_an_absolute_difference_is_of_means_unless_given_as_a_share(unit, measure):
    methods = "Essai randomisé ouvert (N=1000). Critère principal : jours vivants sans ventilation à J28."
    results = (f"Les jours vivants sans ventilation ne différaient pas (médiane 21,3 vs 22,1) : "
               f"différence absolue -0,3 {unit} (IC95% -2,1 à 1,6) ; p=0,80.")
    assert _primary(methods, results) == (measure, -0.3, -2.1, 1.6)


def test_a_time_point_is_still_no_effect():
    """A number in days without its interval is when, not how much: "HR à 90 jours 0,80"."""
    methods = "Essai randomisé (N=800). Critère principal : décès à 90 jours."
    results = "Le décès à 90 jours est survenu chez 20 % vs 25 % : HR à 90 jours 0,80 (IC95% 0,70-0,91)."
    assert _primary(methods, results) == ("HR", 0.8, 0.7, 0.91)


@pytest.mark.parametrize(("label", "effect"), list(itertools.product(
    ["Traitement actif vs placebo :", "Tamsulosine versus placebo :", "Active drugs vs placebo:",
     "Bras intervention contre bras contrôle :"],
    ["OR ajusté 1,04 (IC95% 0,77-1,43) ; p=0,78", "odds ratio 1,04 (IC 95 % 0,77 à 1,43)"])))
def test_the_compared_arms_may_label_the_effect_after_the_arms_values(label, effect):
    methods = ("Essai randomisé en double aveugle, N=1167. Issue primaire : absence d'intervention supplémentaire "
               "pour obtenir la clairance du calcul à 4 semaines.")
    results = ("Les données de l'issue primaire étaient disponibles pour 1136 patients (97 %). La proportion sans "
               "intervention supplémentaire était de 80 % sous placebo (303/379) et 81 % sous tamsulosine (307/378). "
               f"{label} {effect}.")
    assert _primary(methods, results) == ("OR", 1.04, 0.77, 1.43)


@pytest.mark.parametrize(("continuation", "route"), list(itertools.product(
    ["Cela correspond à une réduction de 53 % pour la voie", "Soit une diminution de 53 % pour la voie",
     "This corresponds to a 53% reduction for the"],
    ["SC", "sous-cutanée", "IV"])))
def test_a_reduction_for_one_route_opens_on_the_effect_of_the_sentence_after_the_rates(continuation, route):
    methods = ("Essai randomisé en double aveugle (N=576). Critère primaire : taux annualisé d'exacerbations "
               "cliniquement significatives.")
    results = ("Le taux annualisé d'exacerbations était de 0,83 sous mépolizumab SC et 0,93 sous mépolizumab IV vs. "
               f"1,74 sous placebo. {continuation} {route} (rapport de taux 0,47 ; IC95% 0,35-0,64 ; p<0,001).")
    if continuation.startswith("This"):
        results = results.replace(f"{route} (", f"{route} route (")
    assert _primary(methods, results) == ("rate ratio", 0.47, 0.35, 0.64)


@pytest.mark.parametrize("treatment", ["oral antidepressant", "antidepressant", "background treatment", "antibiotic"])
def test_a_treatment_given_open_label_in_a_double_blind_trial_leaves_it_double_blind(treatment):
    methods = (f"A phase 3, multicentre, double-blind, randomised trial. All patients started a new open-label "
               f"{treatment}. The primary endpoint was the change in MADRS score at day 28.")
    assert "open-label" not in _extract(methods, "")["design"]


@pytest.mark.parametrize("treatment", ["apixaban", "treatment with apixaban", "drug"])
def test_a_treatment_given_open_label_in_a_trial_said_no_more_makes_it_open(treatment):
    methods = f"A multicentre randomised trial: patients were assigned to open-label {treatment} or usual care."
    assert "open-label" in _extract(methods, "")["design"]


@pytest.mark.parametrize(("arms", "effect"), list(itertools.product(
    ["Sur les mois 4 à 6, la réduction était de 3,7 jours sous erenumab contre 1,8 jour sous placebo.",
     "Over months 4 to 6 the reduction was 3.7 days with erenumab vs 1.8 days with placebo.",
     "La réduction était de 3,7 jours (140 mg) et 3,2 jours (70 mg) versus 1,8 jour sous placebo."],
    ["Différence vs. placebo : -1,9 jour (IC95% -2,3 à -1,4) ; p<0,001.",
     "Différence moyenne -1,9 (IC 95 % -2,3 à -1,4)."])))
def test_the_arms_values_may_stand_between_the_outcome_and_its_effect(arms, effect):
    """Baseline, then the arms' values, then the effect: the sentence giving the arms' values
    (a number on each side of vs, contre, versus) may stand between, as one going on about the
    outcome does."""
    methods = ("Essai randomisé en double aveugle (N=955). Issue primaire : variation du nombre moyen de jours de "
               "migraine par mois entre l'inclusion et les mois 4 à 6.")
    results = f"À l'inclusion, les patients avaient en moyenne 8,3 jours de migraine par mois. {arms} {effect}"
    assert _primary(methods, results) == ("MD", -1.9, -2.3, -1.4)


def test_a_sentence_without_the_arms_values_does_not_link_the_effect_after_it():
    methods = ("Essai randomisé en double aveugle (N=955). Issue primaire : variation du nombre moyen de jours de "
               "migraine par mois entre l'inclusion et les mois 4 à 6.")
    results = ("À l'inclusion, les patients avaient en moyenne 8,3 jours de migraine par mois. Les effets "
               "indésirables étaient rares et comparables. Différence vs. placebo : -1,9 jour (IC95% -2,3 à -1,4).")
    assert _extract(methods, results)["primary"] is None


COHORT = ("Étude de cohorte prospective (N=44 551). {label} mortalité toutes causes, identifiée par le registre "
          "national des décès.")
COHORT_RESULTS = ("Au cours d'un suivi médian de 7 ans, 602 décès. Chaque augmentation de 10 points était associée "
                  "à une augmentation du risque de décès toutes causes : HR ajusté 1,14 (IC95% 1,04-1,27) ; p=0,008.")


@pytest.mark.parametrize("label", ["Issue :", "Critère de jugement :", "Outcome:", "Endpoint :", "Issue:"])
def test_a_study_naming_its_one_outcome_without_calling_it_primary_has_it_as_primary(label):
    found = _extract(COHORT.format(label=label), COHORT_RESULTS)
    primary = found["primary"]
    assert primary is not None and (primary["measure"], primary["value"]) == ("HR", 1.14), found["flags"]
    assert any("no outcome is called primary" in flag for flag in found["flags"])


@pytest.mark.parametrize("label", ["Issues secondaires :", "Secondary outcome:", "Issue secondaire :"])
def test_a_secondary_outcome_named_so_is_not_taken_as_primary(label):
    assert _extract(COHORT.format(label=label), COHORT_RESULTS)["primary"] is None
