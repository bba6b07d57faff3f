"""Extractor rules of version 24, each on generated variants (the misses of four blind probes of
ten reviews each, written by helpers who did not read the code): the numbers of a list are no
arms' counts; a matching ratio of controls to cases counts neither; a number glued to letters
(a unit, a pollutant, an outcome's name) is no effect's value; the article's title names the
kind of study the text leaves out; a study the methods call observational is no trial; a count
with a word or two and its verb is of people the noun list does not name."""

from __future__ import annotations

import pytest

from extract_support import extracted, primary_of as _primary

from mia.evidence.extract import extract_key_results


@pytest.mark.parametrize("listed", [
    "Critères principaux : (1) hémorragie symptomatique à 24 h et (2) mortalité à 3 mois.",
    "Primary outcomes: (1) symptomatic haemorrhage at 24 h, (2) death at 3 months.",
    "Deux critères : (1) décès ; (2) réhospitalisation ; (3) AVC, à 3 mois.",
])
def test_a_list_s_numbers_are_no_arms_counts(listed):
    found = extracted(f"Etude de cohorte prospective, multicentrique. {listed}", "La cohorte compte n = 6 483 patients.")
    assert found["n"] == 6483


@pytest.mark.parametrize("ratio", ["environ 3 témoins pour 1 cas", "3 témoins par cas", "three controls per case",
                                   "4 controls for 1 case", "2 témoins pour un cas"])
def test_a_matching_ratio_counts_neither_cases_nor_controls(ratio):
    methods = (f"Etude cas-témoins nichée dans une cohorte. Les témoins ont été tirés au sort, appariés sur l'âge "
               f"({ratio}). Au total 110 cas et 358 témoins.")
    found = extract_key_results([("Méthode", methods), ("Résultats", "Exposition associée : OR 2,5 (IC 95 % 1,4-4,7).")])
    assert found["n"] == 468


@pytest.mark.parametrize("glued", ["pour 10 µg/m3 de PM2.5 était de", "per 10 µg/m3 increase in PM2.5 was",
                                   "sur le critère MAKE30 était de", "for each 5 mg/m2 was"])
def test_a_number_glued_to_letters_is_no_effect_s_value(glued):
    methods = "Cohorte prospective nationale. Critère principal : mortalité toutes causes."
    results = f"Critère principal : mortalité toutes causes. Le HR ajusté {glued} 1.073 (IC 95% 1.071-1.075)."
    assert _primary(methods, results) == ("HR", 1.073, 1.071, 1.075)


@pytest.mark.parametrize("title, tags", [
    ("Cluster-Randomized, Crossover Trial of Head Positioning in Acute Stroke", {"rct", "cluster", "crossover"}),
    ("Tenecteplase versus alteplase: a randomised controlled trial", {"rct"}),
    ("Aspirin and cancer incidence: a prospective cohort study", {"cohort"}),
])
def test_the_article_s_title_names_the_kind_of_study_the_text_leaves_out(title, tags):
    sections = [("Méthode", "Etude pragmatique internationale menée dans 114 hôpitaux de 9 pays."),
                ("Résultats", "Critère principal : OR 1,01 (IC 95 % 0,92-1,10).")]
    found = extract_key_results(sections, title)
    assert set(found["design"]) == tags | {"multicentre"}
    # a kind the text names is kept over the title's
    sections[0] = ("Méthode", "Etude de cohorte menée dans 114 hôpitaux de 9 pays.")
    assert "cohort" in extract_key_results(sections, title)["design"]


@pytest.mark.parametrize("observational", [
    "Etude observationnelle prospective, ouverte et monitorée, multicentrique (285 centres).",
    "Registre observationnel prospectif, ouvert, multicentrique (285 centres).",
    "Prospective observational study, open and monitored, multicentre (285 centres).",
])
def test_a_study_the_methods_call_observational_is_no_trial(observational):
    methods = (f"{observational} Les résultats sont comparés à ceux des ECR poolés de la même fenêtre. "
               "La cohorte compte n = 6 483 patients.")
    found = extracted(methods, "Hémorragie symptomatique : 1,7 % (IC 95 % 1,4-2,0).")
    assert found["design"] == ["multicentre", "cohort"]


def test_a_trial_naming_observational_studies_stays_a_trial():
    methods = ("Essai randomisé ouvert, multicentrique. Les études observationnelles antérieures suggéraient un "
               "bénéfice.")
    assert extracted(methods, "HR 0,8 (IC 95 % 0,7-0,9).")["design"] == ["rct", "open-label", "multicentre"]


@pytest.mark.parametrize("counted", ["599 912 buveurs actuels analysés", "12 480 consommateurs réguliers inclus",
                                     "12 480 current drinkers were analysed", "3 204 donneurs réguliers randomisés"])
def test_a_count_with_its_verb_is_of_people_the_noun_list_does_not_name(counted):
    found = extracted("Méta-analyse de données individuelles de 83 études prospectives.", f"{counted} ; suivi médian 7 ans.")
    assert found["n"] == int(counted.split(" ")[0] + counted.split(" ")[1])


@pytest.mark.parametrize("things", ["314 872 coloscopies réalisées par 136 gastro-entérologues ont été analysées",
                                    "83 études prospectives incluses", "12 centres inclus"])
def test_a_count_of_things_or_of_those_doing_them_is_not_n(things):
    assert extracted("Etude de cohorte rétrospective.", f"Au final, {things}.")["n"] is None


@pytest.mark.parametrize("mentioned", ["Une étude observationnelle avait suggéré un bénéfice.",
                                       "Une seule étude observationnelle, rétrospective, existait.",
                                       "An earlier observational study suggested a benefit."])
def test_a_trial_whose_methods_mention_an_observational_study_stays_a_trial(mentioned):
    methods = f"Essai randomisé multicentrique en double aveugle. {mentioned}"
    assert extracted(methods, "HR 0,8 (IC 95 % 0,7-0,9).")["design"] == ["rct", "double-blind", "multicentre"]


@pytest.mark.parametrize("groups", ["2 groupes randomisés", "3 bras randomisés", "4 strates analysées",
                                    "12 sous-groupes prédéfinis analysés", "3 arms were randomised"])
def test_the_groups_people_fall_into_are_no_count_of_people(groups):
    assert extracted("Essai randomisé ouvert.", f"Au total, {groups}.")["n"] is None
