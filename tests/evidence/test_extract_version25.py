"""Extractor rules of version 25, each on generated variants (the misses of four more blind probes
of ten reviews each, written by helpers who did not read the code): thousands written with an
apostrophe; cases and controls counted in brackets after their label, and controls matched to each
case; the units of care and the cities a trial ran in; a mean difference's words around what
differs; an observational study's adjusted ratio after a crude difference; the people of a
meta-analysis's studies in brackets after their count."""

from __future__ import annotations

import pytest

from extract_support import extracted, primary_of as _primary

from mia.evidence.extract import extract_key_results

RESULTS = "Critère principal : OR 0,91 (IC 95 % 0,82-1,02 ; p = 0,12)."


@pytest.mark.parametrize("written, value", [("5'982", 5982), ("12'345", 12345), ("1'204'311", 1204311)])
def test_thousands_written_with_an_apostrophe(written, value):
    found = extracted("ECR en cluster, avec crossover.", f"{written} patients ont été inclus. {RESULTS}")
    assert found["n"] == value


@pytest.mark.parametrize("cases, controls, total", [
    ("Tous les cas de C. difficile enregistrés (n=1672) chez des patients inscrits depuis 2 ans, chacun apparié à "
     "10 témoins sur la date calendaire, soit 16 720 témoins.", "", 18392),
    ("Cas : patient.e.s avec une première fracture de hanche (n= 13 556).",
     "Témoins : jusqu'à 10 par cas, appariés sur le sexe et l'âge (n= 135 386).", 148942),
    ("All cases of hip fracture recorded (n = 2 310), each matched to 4 controls on age and sex,",
     "for a total of 9 240 controls.", 11550),
    ("Les cas d'infection à Clostridium recensés (n = 412)", "et leurs témoins appariés (n = 1 648).", 2060),
])
def test_cases_and_controls_counted_in_brackets_or_as_each_case_s_matches(cases, controls, total):
    methods = f"Etude cas-témoins populationnelle. {cases} {controls}"
    assert extracted(methods, "Exposition associée : OR ajusté 2,9 (IC 95 % 2,4-3,4).")["n"] == total


@pytest.mark.parametrize("where, multicentre", [
    ("dans 19 unités de soins intensifs en Australie", True),
    ("in 12 ICUs across New Zealand", True),
    ("dans 7 services de réanimation français", True),
    ("dans 9 villes américaines", True),
    ("in five ICUs of a single academic centre", False),
    ("dans 4 unités de réanimation d'un même hôpital universitaire", False),
])
def test_the_units_of_care_and_the_cities_a_trial_ran_in(where, multicentre):
    found = extracted(f"ECR ouvert, {where}, de 2018 à 2021.", RESULTS)
    assert ("multicentre" in found["design"]) is multicentre


@pytest.mark.parametrize("sentence, effect", [
    ("le traitement est supérieur au placebo sur l'issue primaire : différence estimée du BMI SDS -0,22 "
     "(IC 95% -0,37 à -0,08 ; p=0,002). Après l'arrêt, entre S56 et S82, la reprise est plus forte "
     "(différence 0,15 ; IC 95% 0,07 à 0,23).", ("MD", -0.22, -0.37, -0.08)),
    ("la différence de BMIz entre le groupe intervention et le groupe contrôle est de -0,075 (IC 95% -0,183 à 0,033), "
     "non significative.", ("MD", -0.075, -0.183, 0.033)),
    ("the adjusted difference in HbA1c between the closed-loop and control periods was -0.4 (95% CI -0.6 to -0.2).",
     ("MD", -0.4, -0.6, -0.2)),
])
def test_a_mean_difference_s_words_around_what_differs(sentence, effect):
    methods = "ECR multicentrique, double aveugle. Critère principal : variation de l'IMC."
    assert _primary(methods, f"Critère principal : à 56 semaines, {sentence}") == effect


def test_an_observational_study_s_adjusted_ratio_after_a_crude_difference():
    methods = "Etude de cohorte nationale à partir des registres. Critère principal : incidence du CHC."
    results = ("Critère principal, l'incidence cumulée du CHC à 10 ans : 4,0 % chez les utilisateurs "
               "vs 8,3 % chez les non-utilisateurs (différence -4,3 points ; IC 95% -5,0 à -3,6), soit un HR ajusté "
               "de 0,69 (IC 95% 0,62-0,76).")
    assert _primary(methods, results) == ("HR", 0.69, 0.62, 0.76)
    # with no adjusted ratio, the difference stays; in a trial too
    assert _primary(methods, results.replace("soit un HR ajusté de 0,69 (IC 95% 0,62-0,76)", "sans autre analyse"))[0] == "ARD"
    assert _primary("ECR multicentrique en double aveugle. Critère principal : incidence du CHC.", results)[0] == "ARD"


@pytest.mark.parametrize("counts, n", [
    ("Quatorze études (n = 1273) rapportaient la SSP et 12 études (n = 1100) la SG.", 1273),
    ("Fourteen trials (n = 5 210) reported mortality and nine trials (n = 3 003) the length of stay.", 5210),
    ("21 ECR (n = 8 412) ont été inclus.", 8412),
])
def test_the_people_of_a_meta_analysis_s_studies_in_brackets(counts, n):
    methods = "Méta-analyse d'essais randomisés. Recherche dans MEDLINE et Embase."
    found = extract_key_results([("Méthode", methods), ("Résultats", f"{counts} Critère principal : HR 0,41 "
                                                                     "(IC 95% 0,36-0,48).")])
    assert found["n"] == n


@pytest.mark.parametrize("sentence, effect", [
    # the level of an interval named in words is no value
    ("Critère principal exprimé en différence moyenne standardisée (SMD) avec intervalle de crédibilité à 95% (ICr) : "
     "SMD -0,89 ; ICr 95% -1,08 à -0,71.", ("SMD", -0.89, -1.08, -0.71)),
    # the arm a difference favours, between it and its interval
    ("Critère principal : différence entre les groupes de 1,54 points en faveur de la RTUP (IC 95 % -1,45 à 4,52 ; "
     "p=0,31).", ("MD", 1.54, -1.45, 4.52)),
    ("Primary outcome: a difference of 2.1 points in favour of surgery (95% CI 0.4 to 3.8).", ("MD", 2.1, 0.4, 3.8)),
    # Cohen's d and Hedges' g with their interval are standardised mean differences
    ("Critère principal : à 24 heures, d = 1,46 (IC 95% 0,91-2,01).", ("SMD", 1.46, 0.91, 2.01)),
    ("Primary outcome: Hedges' g=0.45 (95% CI 0.21-0.69).", ("SMD", 0.45, 0.21, 0.69)),
    # an interval with a slash after its label
    ("Critère principal : OR 0.91 (IC95% 0.84/0.99) ; p=0.04.", ("OR", 0.91, 0.84, 0.99)),
])
def test_intervals_and_measures_written_otherwise(sentence, effect):
    assert _primary("ECR multicentrique.", sentence) == effect


def test_a_slash_in_brackets_without_a_label_is_a_count_of_events_not_an_interval():
    assert _primary("ECR multicentrique.", "Critère principal : HR 0,91 (12/45 vs 20/47).") == ("HR", 0.91, None, None)


@pytest.mark.parametrize("time", ["30-day", "90-day", "12-month", "5-year"])
def test_a_time_joined_by_a_hyphen_before_a_difference_s_value_is_not_its_value(time):
    sentence = (f"Primary outcome: mean difference in {time} EQ-5D score 0.01 point (95% CI -0.001 to 0.03), "
                "above the -0.05 margin.")
    assert _primary("Multicentre non-inferiority RCT.", sentence) == ("MD", 0.01, -0.001, 0.03)


@pytest.mark.parametrize("sentence, effect", [
    # the arms compared after what differs
    ("Critère primaire : différence de PAS à domicile spironolactone vs placebo de -8.70 mmHg (IC 95% -9.72 à -7.69 ; "
     "p<0.0001).", ("MD", -8.7, -9.72, -7.69)),
    # each bound with its unit, a dash right after the first
    ("Critère primaire : 43 % vs 12 %, soit une différence de risque de 31 % (IC 95 % 23 %-38 % ; p<0.001).",
     ("ARD", 31.0, 23.0, 38.0)),
])
def test_a_difference_s_arms_after_what_differs_and_bounds_with_their_units(sentence, effect):
    assert _primary("ECR multicentrique.", sentence) == effect


@pytest.mark.parametrize("overall", [
    "Au total, tous modes et toutes populations confondus, la vaccination augmente : RR 1.28 (IC 95% 1.23-1.35).",
    "Globalement, les rappels augmentent la vaccination (RR 1,28 ; IC 95 % 1,23-1,35).",
    "Overall, reminders increased uptake (RR 1.28; 95% CI 1.23-1.35).",
])
def test_the_overall_effect_after_its_parts_is_the_primary(overall):
    results = ("Critère principal : proportion de vaccinés. Par mode de rappel : les appels (RR 1.35 ; IC 95% 1.18-1.54), "
               "les lettres (RR 1.27 ; IC 95% 1.20-1.34) et les SMS (RR 1.29 ; IC 95% 1.15-1.44). "
               "Par population : l'effet était retrouvé chez l'enfant (RR 1.22 ; IC 95% 1.15-1.29). " + overall)
    assert _primary("Méta-analyse d'essais randomisés.", results) == ("RR", 1.28, 1.23, 1.35)
