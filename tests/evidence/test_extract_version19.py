"""Extractor rules of version 19, each on generated variants (the misses of two more blind probes of
ten reviews each): a results sentence naming a secondary outcome is not the primary's, however
it starts; survival told as patients alive; a study naming no outcome has the first effect its
results give with an interval as primary; a total restated after its parts is N; an outcome
named in brackets after the words; a difference compared "with" an arm or "between" groups."""

from __future__ import annotations

import itertools

import pytest

from extract_support import extracted as _extract, primary_of as _primary


SECONDARY_FIRST = [
    ("Essai randomisé en double aveugle. N= 8 014 patients. Outcome primaire : survie à 30 jours. Principal critère "
     "secondaire : survie avec un pronostic neurologique favorable à la sortie.",
     "À 30 jours, 130 patients (3,2 %) étaient vivants sous adrénaline contre 94 (2,4 %) sous placebo : OR {p} "
     "(IC95% {pl}-{ph} ; p = 0,02). En revanche, la survie avec pronostic neurologique favorable ne différait pas : "
     "87 patients contre 74, OR {s} (IC95% {sl}-{sh})."),
    ("Randomised double-blind trial of 8014 patients. Primary outcome: survival at 30 days. Key secondary outcome: "
     "survival with a favourable neurological outcome at discharge.",
     "At 30 days, 130 patients (3.2%) were alive in the adrenaline group and 94 (2.4%) in the placebo group: OR {p} "
     "(95% CI {pl}-{ph}). Survival with a favourable neurological outcome did not differ: OR {s} (95% CI {sl}-{sh})."),
    ("Essai randomisé. N= 900. Critère principal : mortalité à 28 jours. Critères secondaires : mortalité "
     "hospitalière, durée de ventilation.",
     "À J28, 200 patients étaient décédés dans le groupe hydrocortisone : RR {p} (IC 95 % {pl} à {ph}). La mortalité "
     "hospitalière était comparable : RR {s} (IC 95 % {sl} à {sh})."),
]


@pytest.mark.parametrize(("methods", "results"), SECONDARY_FIRST)
@pytest.mark.parametrize("values", [("1,39", "1,06", "1,82", "1,18", "0,86", "1,61"),
                                    ("0,62", "0,48", "0,81", "0,95", "0,80", "1,12")])
def test_a_sentence_naming_a_secondary_outcome_is_not_the_primary_ones(methods, results, values):
    p, pl, ph, s, sl, sh = values
    if "95% CI" in results:  # (English: decimal points)
        p, pl, ph, s, sl, sh = (v.replace(",", ".") for v in values)
    found = _primary(methods, results.format(p=p, pl=pl, ph=ph, s=s, sl=sl, sh=sh))
    assert found[1:] == tuple(float(v.replace(",", ".")) for v in values[:3])


NO_OUTCOME_NAMED = [
    ("Étude cas-témoins nichée dans une base de médecine générale. Au total 13 556 cas et 135 386 témoins, soit "
     "148 942 sujets au total.",
     "Une exposition aux IPP de plus d'un an était associée à une augmentation du risque de fracture de hanche : "
     "OR ajusté 1,44 (IC 95 % 1,30-1,59). Le risque était plus élevé à forte dose (OR 2,65 ; IC 95 % 1,80-3,90)."),
    ("Méta-analyse de 129 essais randomisés (10 488 patients).",
     "L'acide tranexamique réduisait la probabilité de transfusion de 38 % : RR 0,62 (IC 95 % 0,58-0,65) ; "
     "p<0,001. L'effet sur les décès était incertain (RR 0,61 ; IC 95 % 0,38-0,98)."),
    ("Prospective cohort of 44 551 adults followed for seven years.",
     "A 10% increase in the proportion of ultra-processed food was associated with higher all-cause mortality: "
     "HR 1.14 (95% CI 1.04-1.27); p = 0.008. Among women, HR 1.20 (95% CI 1.02-1.41)."),
]


@pytest.mark.parametrize(("methods", "results"), NO_OUTCOME_NAMED)
def test_a_study_naming_no_outcome_has_the_first_effect_of_its_results_as_primary(methods, results):
    found = _extract(methods, results)
    first = _primary(methods, results)
    assert first in {("OR", 1.44, 1.3, 1.59), ("RR", 0.62, 0.58, 0.65), ("HR", 1.14, 1.04, 1.27)}
    assert any("no outcome is named" in flag for flag in found["flags"])
    assert len(found["secondary"]) == 1  # (the other effect, kept as secondary)


def test_the_first_effect_about_a_subgroup_is_not_taken_when_no_outcome_is_named():
    results = ("Dans le sous-groupe des plus de 75 ans : HR 0,70 (IC 95 % 0,50-0,98). "
               "Sur l'ensemble de la cohorte : HR 0,85 (IC 95 % 0,76-0,95).")
    assert _primary("Cohorte rétrospective de 12 000 patients.", results) == ("HR", 0.85, 0.76, 0.95)


@pytest.mark.parametrize(("total", "people"), list(itertools.product(
    ["au total", "en tout"], ["sujets", "patients", "participants"])))
def test_a_total_restated_after_its_parts_is_n(total, people):
    methods = f"Étude cas-témoins. Au total 13 556 cas et 135 386 témoins, soit 148 942 {people} {total}."
    assert _extract(methods, "OR 1,44 (IC 95 % 1,30-1,59).")["n"] == 148942


def test_a_share_after_soit_is_still_not_n():
    methods = "Essai randomisé. 1 200 patients ont été inclus, soit 600 patients par bras."
    assert _extract(methods, "OR 1,44 (IC 95 % 1,30-1,59).")["n"] == 1200


@pytest.mark.parametrize("name", ["variation du poids", "variation moyenne du poids corporel",
                                  "change in body weight", "évolution du score HAQ"])
def test_an_outcome_named_in_brackets_after_the_words_may_be_a_change(name):
    results = (f"- Critère principal ({name}) : -14,9 % sous sémaglutide vs -2,4 % sous placebo ; différence estimée "
               "de -12,4 points de pourcentage (IC 95 % -13,4 à -11,5 ; p<0,001).")
    assert _primary("Essai randomisé en double aveugle. 1 961 patients.", results) == ("MD", -12.4, -13.4, -11.5)


def test_a_proportion_named_in_brackets_stays_a_difference_of_risks():
    results = ("- Critère principal (rémission clinique) : 40 % sous védolizumab vs 25 % sous adalimumab ; différence "
               "de 15 points de pourcentage (IC 95 % 9 à 21 ; p<0,001).")
    assert _primary("Essai randomisé en double aveugle. 769 patients.", results) == ("ARD", 15.0, 9.0, 21.0)


@pytest.mark.parametrize(("lead", "unit", "measure"), [
    ("La différence avec le placebo était de", "points", "MD"),
    ("La différence avec le bras placebo est de", "points de pourcentage", "ARD"),
    ("La différence entre les deux groupes était de", "%", "ARD"),
    ("The difference between the groups was", "percentage points", "ARD"),
    ("The difference with placebo was", "points", "MD"),
    ("La différence avec le bras placebo + 26 semaines est de", "points de pourcentage", "ARD"),
    ("La différence contre placebo + 52 semaines était de", "%", "ARD"),
])
def test_a_difference_compared_with_an_arm_or_between_groups(lead, unit, measure):
    methods = "Essai randomisé en double aveugle. N= 251. Critère principal : rémission soutenue à 52 semaines."
    results = (f"La rémission soutenue a été obtenue chez 56 % des patients sous tocilizumab contre 14 % sous placebo. "
               f"{lead} 42 {unit} (IC 95 % 18 à 66).")
    assert _primary(methods, results) == (measure, 42.0, 18.0, 66.0)


@pytest.mark.parametrize(("methods", "results"), [
    ("Essai randomisé en double aveugle. 300 patients.", "La mortalité était réduite : HR 0,70 (IC 95 % 0,55-0,89)."),
    ("Étude cas-témoins nichée. 275 participants.",
     "Sur le score de douleur à 6 mois : différence moyenne -5,9 (IC 95 % -7,5 à -3,6). Parmi les issues "
     "secondaires, les infections ne différaient pas : OR 1,10 (IC 95 % 0,80-1,50)."),
])
def test_a_trial_or_a_study_naming_a_secondary_outcome_but_not_its_primary_has_none(methods, results):
    assert _extract(methods, results)["primary"] is None


@pytest.mark.parametrize("lead", ["Issues primaires à 12 mois :", "Critère principal à J28 :", "Critère de jugement principal à 6 mois :",
                                  "The primary outcome at 12 months was", "Primary endpoint at week 52:"])
def test_a_time_frame_may_stand_between_the_primary_outcome_and_its_name(lead):
    methods = f"Essai randomisé en double aveugle. N= 146. {lead} la variation du score de Lysholm (0-100)."
    results = "Score de Lysholm : +21,7 vs +23,3 points, différence de moyennes -1,6 point (IC95% -7,2 à 4,0)."
    assert _primary(methods, results) == ("MD", -1.6, -7.2, 4.0)


@pytest.mark.parametrize("total", ["Au total, 129 essais publiés entre 1972 et 2011, soit 10 488 patients.",
                                   "En tout, 129 essais ont été inclus, soit 10 488 patients.",
                                   "129 essais, soit 10 488 patients au total."])
def test_a_total_of_people_after_a_total_of_trials_is_n(total):
    assert _extract(f"Méta-analyse d'essais randomisés. {total}", "RR 0,62 (IC95% 0,58-0,65).")["n"] == 10488


METHODS_CDR_SB = ("Randomised double-blind trial. N = 1795. Primary outcome: change from baseline at 18 months in the "
                  "Clinical Dementia Rating-Sum of Boxes (CDR-SB, 0-18, higher is worse).")


@pytest.mark.parametrize("subject", ["the score", "The score", "this score", "le score", "ce score",
                                     "the primary outcome", "le critère principal"])
def test_a_sentence_going_on_about_the_score_gives_its_effect(subject):
    results = (f"Mean baseline CDR-SB was about 3.2 in both groups. At 18 months, {subject} had worsened by 1.21 points "
               "with lecanemab and 1.66 points with placebo: difference -0.45 (95% CI -0.67 to -0.23; P<0.001).")
    assert _primary(METHODS_CDR_SB, results) == ("MD", -0.45, -0.67, -0.23)


def test_a_sentence_opening_on_another_subject_does_not_give_the_outcomes_effect():
    results = ("Mean baseline CDR-SB was about 3.2 in both groups. At 18 months, the amyloid burden had fallen by "
               "59 centiloids with lecanemab and 2 with placebo: difference -57 (95% CI -62 to -52; P<0.001).")
    assert _extract(METHODS_CDR_SB, results)["primary"] is None


@pytest.mark.parametrize(("cell", "p"), [("0,0399", "0.0399"), ("0.04", "0.04"), ("0,21", "0.21"), ("<0,001", "<0.001")])
def test_a_bare_value_in_a_tables_p_column_is_the_rows_p(cell, p):
    results = ("Principaux résultats à 30 jours :\n"
               "Critère    Métoprolol n=4 174    Placebo n=4 177    HR (IC95%)    p\n"
               f"Critère composite principal    244 (5,8%)    290 (6,9%)    0,84 (0,70-0,99)    {cell}\n"
               "Infarctus du myocarde    176 (4,2%)    239 (5,7%)    0,73 (0,60-0,89)    0,0017")
    found = _extract("Essai randomisé en double aveugle. N= 8 351. Issue primaire : composite de décès "
                     "cardiovasculaire, infarctus et arrêt cardiaque à 30 jours.", results)
    assert found["primary"]["p"] == p
    assert [(effect["value"], effect["p"]) for effect in found["secondary"]] == [(0.73, "0.0017")]


@pytest.mark.parametrize("report", ["Le critère principal est survenu chez 202 des 398 patients du bras HEA (51 %) contre "
                                    "173 des 400 patients du bras Ringer (43 %).",
                                    "The primary outcome occurred in 202 of 398 patients in the HES group (51%) and 173 "
                                    "of 400 in the Ringer group (43%)."])
def test_a_sentence_reporting_the_primary_does_not_name_it(report):
    methods = "Essai randomisé en double aveugle. 804 patients. Critère de jugement principal : décès ou dépendance à la dialyse à J90."
    results = (f"{report} Les volumes perfusés étaient similaires dans les deux bras (HEA et Ringer).\n"
               "Critère    HEA    Ringer    RR (IC 95 %)    p\n"
               "Décès ou dialyse à J90    51 %    43 %    1,17 (1,01–1,36)    0,03\n"
               "Saignement sévère    10 %    6 %    1,52 (0,94–2,48)    0,09\n"
               "Un autre essai trouvait davantage d'épuration extrarénale sous HEA (RR 1,21 ; IC 95 % 1,00–1,45).")
    assert _primary(methods, results) == ("RR", 1.17, 1.01, 1.36)


@pytest.mark.parametrize(("name", "result"), [
    ("survenue d'une infection par le VIH-1", "Seize infections par le VIH-1 ont été observées : HR 0,14 (IC 95 % 0,02-0,60) ; p=0,002."),
    ("réduction de l'HbA1c à 6 mois", "L'HbA1c a baissé de 1,1 % : HR 0,14 (IC 95 % 0,02-0,60) ; p=0,002."),
    ("occurrence of a stroke at 90 days", "A stroke occurred in 12 patients: HR 0,14 (IC 95 % 0,02-0,60) ; p=0,002."),
])
def test_an_outcome_named_by_a_noun_of_occurrence_or_change_is_still_named(name, result):
    methods = f"Essai randomisé en double aveugle. 414 participants. Critère de jugement principal : {name}."
    assert _primary(methods, "Le suivi médian était de 9,3 mois. " + result) == ("HR", 0.14, 0.02, 0.6)


@pytest.mark.parametrize("name", ["mean adjusted difference", "adjusted mean difference", "mean difference"])
def test_a_mean_difference_in_percentage_points_stays_a_mean_difference(name):
    methods = "Randomised open-label trial of 168 patients. Primary outcome: percentage of time with glucose in range."
    results = (f"Time in range rose from 61% to 71% with the closed loop and stayed at 59% in the control group: {name} "
               "11 percentage points (95% CI 9 to 14; P<0.001).")
    assert _primary(methods, results) == ("MD", 11.0, 9.0, 14.0)


@pytest.mark.parametrize("count", ["Au total, 608 385 grossesses ont été incluses.", "608 385 pregnancies were included.",
                                   "La cohorte comptait 608 385 grossesses."])
def test_a_cohort_of_pregnancies_counts_them(count):
    methods = f"Étude de cohorte rétrospective fondée sur les registres danois. {count}"
    assert _extract(methods, "OR ajusté : 1,12 [IC 95 % 0,69–1,82].")["n"] == 608385


def test_the_pregnancies_of_a_trials_results_do_not_replace_its_n():
    methods = "Essai randomisé en double aveugle. 1 200 femmes enceintes ont été randomisées. Critère principal : prééclampsie."
    results = "Parmi elles, 14 grossesses gémellaires. La prééclampsie est survenue chez 30 vs 45 : OR 0,65 (IC95% 0,41-1,03)."
    assert _extract(methods, results)["n"] == 1200
