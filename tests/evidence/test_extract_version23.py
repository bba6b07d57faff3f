"""Extractor rules of version 23, each on generated variants (the misses of blind probes of ten
reviews each, written by helpers who did not read the code): the effect a sentence gives as what
the arms' values amount to ("2,0 vs 4,8 …, soit un rapport des taux de 0,41"); people counted in
inclusive writing; "72 trials including 10 605 patients"; a total with its arms in brackets; a
table header of the arms' counts; the highest category of a dose-response; a sentence set against
the one before; numbered primary outcomes; controls per case said first, and the planned sample;
Cochrane's RaR; emergency departments and maternity units; the effect with its interval when the
first of its sentence has none."""

from __future__ import annotations

import pytest

from extract_support import extracted, primary_of as _primary

from mia.evidence.extract import extract_key_results


@pytest.mark.parametrize("restated", [
    "Taux d'incidence : 2,0 vs 4,8 évènements pour 100 années-patients, soit un rapport des taux d'incidence de",
    "Incidence : 2,0 vs 4,8 pour 100 patients-années, ce qui donne un rapport de taux de",
    "Rates were 2.0 vs 4.8 events per 100 patient-years, that is an incidence rate ratio of",
    "Soit 2,0 contre 4,8 évènements pour 100 années-patients, i.e. un rapport des taux d'incidence de",
])
def test_the_effect_the_arms_values_amount_to_follows_the_outcome_s_sentence(restated):
    methods = "ECR multicentrique. Issue primaire : récidive d'infarctus cérébral. Issue secondaire : QI."
    results = (f"L'issue primaire est survenue chez 6/99 enfants (6 %) du groupe transfusion vs 14/97 (14 %) du "
               f"groupe observation. {restated} 0,41 (IC 95% 0,12-0,99 ; p = 0,04).")
    assert _primary(methods, results) == ("rate ratio", 0.41, 0.12, 0.99)


@pytest.mark.parametrize("other", [
    "Infections : 2,0 vs 4,8 pour 100 années-patients, soit un rapport des taux de",  # another outcome
    "Issue secondaire : 2,0 vs 4,8 pour 100 années-patients, soit un rapport des taux de",
])
def test_another_outcome_s_values_and_effect_are_not_the_primary(other):
    methods = "ECR multicentrique. Issue primaire : récidive d'infarctus cérébral. Issue secondaire : QI."
    results = (f"L'issue primaire est survenue chez 6/99 enfants (6 %) du groupe transfusion vs 14/97 (14 %) du "
               f"groupe observation. {other} 0,41 (IC 95% 0,12-0,99 ; p = 0,04).")
    assert extracted(methods, results)["primary"] is None


@pytest.mark.parametrize("people", ["résident.e.s inclus.e.s", "résident·e·s inclus·es", "étudiant.e.s randomisé.e.s",
                                    "adolescent.e.s inclus.e.s", "résidents inclus"])
def test_people_counted_in_inclusive_writing(people):
    found = extracted("Essai randomisé en grappes, 49 maisons de retraite.", f"942 {people}, suivi de 18 mois.")
    assert found["n"] == 942


@pytest.mark.parametrize("tied", ["72 trials including 10 605 patients provided data",
                                  "72 essais regroupant 10 605 patients ont été analysés",
                                  "72 ECR totalisant 10 605 participants"])
def test_the_people_of_the_trials_a_meta_analysis_pools(tied):
    found = extract_key_results([("Méthode", "Méta-analyse d'essais randomisés."),
                                 ("Résultats", f"75 trials met the criteria and {tied}.")])
    assert found["n"] == 10605


@pytest.mark.parametrize("total", ["325 dans la population ITT (163 TCZ, 162 ADA)",
                                   "325 analysés en ITT (163 tocilizumab ; 162 adalimumab)",
                                   "325 randomised (163 tocilizumab, 162 adalimumab)"])
def test_a_total_followed_by_its_arms_in_brackets(total):
    found = extracted("ECR en double aveugle, 76 centres.", f"452 patients screenés, {total}. Suivi 24 semaines.")
    assert found["n"] == 325


def test_events_in_brackets_are_no_total():
    results = "Décès : 30 (12 cardiovasculaires, 18 autres). 400 patients ont été randomisés."
    assert extracted("ECR.", results)["n"] == 400


@pytest.mark.parametrize("header", ["(n=798) (n=822)", "(n = 798)   (n = 822)", "(N=798) (N=822)"])
def test_the_arms_counts_of_a_table_header_add_up_to_n(header):
    results = (f"Tableau – Issues principales Issue Aspirine Placebo OR (IC 95%) {header} PE <37 SA 13 (1.6%) "
               "35 (4.3%) 0.38 (0.20-0.74).")
    found = extracted("ECR en double aveugle contre placebo.", results)
    assert found["n"] == 1620
    assert any("sum of the groups" in flag for flag in found["flags"])


@pytest.mark.parametrize("trend", ["(p de tendance = 0.002)", "(p for trend 0.002)", "; tendance p = 0,002"])
def test_an_observational_dose_response_gives_its_highest_category(trend):
    methods = "Étude de cohorte prospective. Critère principal : goutte incidente."
    results = ("Goutte incidente : par rapport à moins d'une portion par mois, RR 1.29 (IC 95% 1.00-1.68) pour 5-6 "
               f"portions/semaine, RR 1.45 (1.02-2.08) pour 1 portion/jour et RR 1.85 (IC 95% 1.08-3.16) pour ≥2 "
               f"portions/jour {trend}.")
    assert _primary(methods, results) == ("RR", 1.85, 1.08, 3.16)


def test_a_trial_s_doses_are_not_categories_of_exposure():
    methods = "ECR en double aveugle. Critère principal : goutte incidente."
    results = ("Goutte incidente : RR 1.29 (IC 95% 1.00-1.68) à 10 mg, RR 1.45 (1.02-2.08) à 20 mg et RR 1.85 "
               "(IC 95% 1.08-3.16) à 40 mg (p de tendance = 0.002).")
    assert _primary(methods, results) == ("RR", 1.29, 1.0, 1.68)


@pytest.mark.parametrize("contrast", ["était en revanche", "était par contre", "était à l'inverse",
                                      "was by contrast", "was in contrast"])
def test_a_sentence_set_against_the_primary_s_is_about_another_outcome(contrast):
    methods = "ECR ouvert. Issue primaire : décès ou handicap sévère à 18 mois."
    results = ("La différence sur l'issue primaire n'est pas significative. La survie sans anomalie neurologique "
               f"{contrast} plus fréquente (RR 1,57 ; IC 95% 1,16-2,12).")
    conclusion = "Le critère décès ou handicap sévère n'est pas réduit (45% vs 53% ; RR 0,86 ; IC 95% 0,68-1,07)."
    found = extract_key_results([("Méthode", methods), ("Résultats", results), ("Conclusion", conclusion)])
    primary = found["primary"]
    assert primary is None or primary["value"] != 1.57


@pytest.mark.parametrize("label", ["(1)", "(i)", "(a)"])
def test_numbered_primary_outcomes_are_found_by_their_number(label):
    second = {"(1)": "(2)", "(i)": "(ii)", "(a)": "(b)"}[label]
    methods = (f"ECR de non-infériorité en double aveugle. Deux issues primaires : {label} perte sanguine ≥500 ml ou "
               f"utérotonique supplémentaire ; {second} perte sanguine ≥1000 ml.")
    results = (f"Issue {label} : 14,5% vs 14,4%, RR 1,01 (IC 95% 0,95-1,06). Issue {second} : 1,51% vs 1,45%, RR 1,04 "
               "(IC 95% 0,87-1,25).")
    assert _primary(methods, results) == ("RR", 1.01, 0.95, 1.06)


@pytest.mark.parametrize("per_case", ["Pour chaque cas, 5 témoins tirés au sort", "For each case, 5 controls"])
def test_controls_per_case_said_first_are_no_count(per_case):
    methods = f"Étude cas-témoins en population. Cas : décès par cancer colorectal. {per_case}, appariés sur l'âge."
    results = "Au total, 10 292 cas et 51 460 témoins ont été identifiés."
    found = extract_key_results([("Méthode", methods), ("Résultats", results)])
    assert found["n"] == 61752


@pytest.mark.parametrize("planned", ["Effectif prévu : 415 cas et 830 témoins ;", "Planned: 415 cases and 830 controls;",
                                     "Effectif nécessaire calculé : 415 cas et 830 témoins ;"])
def test_a_case_control_study_s_planned_sample_is_not_its_n(planned):
    methods = f"Étude cas-témoins multicentrique. {planned} effectif obtenu : 291 cas et 733 témoins."
    assert extract_key_results([("Méthode", methods)])["n"] == 1024


def test_cochrane_s_rar_is_a_rate_ratio():
    methods = "Méta-analyse d'ECR. Critère principal : taux de chutes, exprimé en rate ratio (RaR)."
    results = "L'exercice réduit le taux de chutes de 23% [RaR 0,77 (IC 95% 0,71-0,83) ; 59 études]."
    assert _primary(methods, results) == ("rate ratio", 0.77, 0.71, 0.83)


@pytest.mark.parametrize("methods", ["ECR ouvert conduit dans 19 services d'urgence en Suisse.",
                                     "Essai randomisé mené dans 41 maternités.",
                                     "Open-label RCT in 12 emergency departments.",
                                     "ECR international, ouvert, de non-infériorité."])
def test_places_of_a_multicentre_trial(methods):
    assert "multicentre" in extract_key_results([("Méthode", methods)])["design"]


def test_two_services_of_one_hospital_are_not_said_multicentre():
    assert "multicentre" not in extract_key_results([("Méthode", "ECR dans 2 services de pédiatrie.")])["design"]


@pytest.mark.parametrize("bare", ["risque relatif 0,57", "RR 0,57", "HR 0.57"])
def test_the_effect_with_its_interval_is_preferred_in_the_primary_s_sentence(bare):
    methods = "ECR en grappes. Critère principal : fracture de hanche."
    results = (f"Critère principal : 21 fractures (4,6%) vs 42 (8,1%) ; {bare} ; différence absolue de risque -3,5 "
               "points (IC 95% -7,3 à 0,3 ; p=0,072).")
    assert _primary(methods, results) == ("ARD", -3.5, -7.3, 0.3)


def test_a_secondary_outcome_s_interval_is_not_taken_for_the_primary():
    methods = "ECR. Critère principal : fracture de hanche."
    results = "Critère principal : RR 0,57 ; critère secondaire, chutes : RR 0,90 (IC 95% 0,80 à 1,01)."
    assert _primary(methods, results)[1] == 0.57
