"""Extractor rules of version 22, each on generated variants (the misses of four blind probes of
ten reviews each, written by helpers who did not read the code): what the introduction says of
the study it presents; the blinding told by a later section; "non aveugle", "absence d'aveugle",
"DB"; an open-label treatment in a double-blind trial; n-of-1 trials; networks of centres; a
Mendelian randomisation; "et Allemagne" is no "et al."; the outcome's short name inside a list
of components; a mean difference named so; "the HR that includes 1"; the second of two primary
outcomes; notes' "Issue 1aire" and "CJP"; controls per case, and the total a case-control study
states."""

from __future__ import annotations

import pytest

from extract_support import extracted as _extract, primary_of as _primary

from mia.evidence.extract import extract_key_results


def _design(*sections: tuple[str, str]) -> list[str]:
    return extract_key_results(list(sections))["design"]


@pytest.mark.parametrize("presented", [
    "CAPE COD est un ECR de phase 3, en double aveugle contre placebo, mené dans 31 centres français.",
    "Il s'agit d'un essai randomisé en double aveugle mené dans 31 centres.",
    "Il s'agit ici d'un ECR multicentrique (31 centres), en double aveugle.",
    "PARTNER is a double-blind randomised trial run at 31 hospitals.",
])
def test_what_the_introduction_says_of_the_study_it_presents_joins_the_design(presented):
    intro = f"Les corticoïdes sont débattus depuis vingt ans. {presented}"
    results = "800 patients ont été randomisés. Le décès est survenu chez 6 % vs 12 %."
    assert _design(("Introduction", intro), ("Résultats", results)) == ["rct", "double-blind", "multicentre"]
    # with methods of its own, the trial keeps them and gains what the introduction adds
    assert _design(("Introduction", intro), ("Méthode", "Essai randomisé."), ("Résultats", results)) == [
        "rct", "double-blind", "multicentre"]


def test_an_introduction_about_another_study_adds_nothing():
    intro = ("L'essai ESCAPe (Meduri, 2022) est un ECR multicentrique en double aveugle qui n'a pas montré de "
             "bénéfice.")
    assert _design(("Introduction", intro), ("Méthode", "Essai randomisé, ouvert.")) == ["rct", "open-label"]


def test_the_introduction_does_not_turn_a_trial_into_a_meta_analysis():
    intro = ("L'essai ARMISTICE visait à comparer A à B chez des enfants. Les résultats concordent avec ceux de la "
             "méta-analyse publiée en 2021.")
    assert _design(("Introduction", intro), ("Méthode", "Essai de non-infériorité, randomisé, ouvert.")) == [
        "rct", "open-label", "non-inferiority"]


@pytest.mark.parametrize("limits", [
    "Limites : essai ouvert, effectif modeste.",
    "Limites : absence d'aveugle pour les patients et les oncologues.",
    "Limitations: the open-label design and a short follow-up.",
])
def test_a_trial_whose_methods_do_not_tell_its_blinding_is_told_it_by_its_limits(limits):
    methods = "Essai randomisé en clusters, 40 cabinets d'oncologie."
    assert _design(("Méthode", methods), ("Discussion", limits)) == ["rct", "open-label", "multicentre", "cluster"]


@pytest.mark.parametrize("wish", [
    "Un essai en double aveugle serait nécessaire pour conclure.",
    "A double-blind trial would be needed to confirm it.",
])
def test_a_wish_for_a_blinded_trial_tells_no_blinding(wish):
    assert _design(("Méthode", "Essai randomisé, 12 centres."), ("Discussion", wish)) == ["rct", "multicentre"]


def test_the_methods_blinding_is_not_overruled_by_the_discussion():
    found = _design(("Méthode", "ECR en double aveugle."), ("Discussion", "Limites : absence d'aveugle des soignants."))
    assert found == ["rct", "double-blind"]


@pytest.mark.parametrize("blinding", ["non aveugle", "non-aveugle", "sans aveugle", "absence d'aveugle", "non insu"])
def test_blinding_denied_in_french_is_open_label(blinding):
    assert _design(("Méthode", f"ECR monocentrique, {blinding}, randomisation 1:1.")) == [
        "rct", "open-label", "single-centre"]


@pytest.mark.parametrize("methods", [
    "ECR, DB, contrôlé vs placebo, multicentrique.",
    "RCT DB multicentrique.",
    "Essai randomisé, DB vs placebo, multicentrique.",
    "Randomisé, parallèle, DB, multicentrique.",
])
def test_notes_db_is_double_blind(methods):
    assert _design(("Méthode", methods)) == ["rct", "double-blind", "multicentre"]


@pytest.mark.parametrize("text", ["Dosage DB de la vitamine D.", "La base de données (DB) nationale."])
def test_db_elsewhere_is_not_double_blind(text):
    assert "double-blind" not in _design(("Méthode", f"Essai randomisé. {text}"))


@pytest.mark.parametrize("treatment", ["anticoagulation", "apixaban", "oral anticoagulation", "rescue medication"])
def test_an_open_label_treatment_of_a_double_blind_trial_leaves_it_double_blind(treatment):
    methods = (f"Double-blind, double-dummy RCT. Study drug was stopped and open-label {treatment} started if "
               "atrial fibrillation occurred.")
    assert _design(("Méthode", methods)) == ["rct", "double-blind"]


@pytest.mark.parametrize("methods", [
    "Open-label trial, randomised 1:1.",
    "An open-label, randomised trial.",
    "Open-label phase 3 randomised trial.",
    "Randomised in an open-label fashion.",
    "Open-label multicentre RCT.",
])
def test_open_label_before_the_trial_s_words_is_the_design(methods):
    assert "open-label" in _design(("Méthode", methods))


@pytest.mark.parametrize("series", ["essais n-of-1 randomisés", "randomised n-of-1 trials", "N-of-1 trials, randomised"])
def test_n_of_1_trials_are_crossover(series):
    assert "crossover" in _design(("Méthode", f"Série d'{series}, en double aveugle, contre placebo."))


@pytest.mark.parametrize("places", [
    "conduit via 8 réseaux coopératifs financés par le NCI",
    "run through 5 cooperative groups",
    "mené dans 3 réseaux",
    "conducted in 12 networks of general practices",
])
def test_networks_of_centres_make_it_multicentre(places):
    assert "multicentre" in _design(("Méthode", f"ECR en double aveugle, {places}."))


@pytest.mark.parametrize("analysis", [
    "randomisation mendélienne en complément", "Mendelian randomization analysis", "une randomisation mendélienne",
])
def test_a_mendelian_randomisation_is_no_trial(analysis):
    assert _design(("Méthode", f"Cohorte prospective en population (UK Biobank) ; {analysis}.")) == ["cohort"]


@pytest.mark.parametrize("countries", ["Italie et Allemagne", "France et Algérie", "Norway et Albania"])
def test_a_country_after_et_is_no_et_al(countries):
    methods = f"Essai de phase 3 (groupes coopératifs ; {countries}), multicentrique, ouvert, randomisé 1:1."
    assert _design(("Méthode", methods)) == ["rct", "open-label", "multicentre"]


def test_et_al_still_marks_another_study():
    methods = "Essai randomisé, ouvert. Comme Smith et al. l'avaient fait dans un essai multicentrique en double aveugle."
    assert _design(("Méthode", methods)) == ["rct", "open-label"]


@pytest.mark.parametrize("component", ["TSV", "FA", "ESV"])
def test_a_short_name_inside_the_outcome_s_list_is_a_component(component):
    methods = (f"Cohorte prospective. Issue principale : toute arythmie incidente (FA ou flutter, tachycardie "
               f"supraventriculaire ({component}), extrasystoles).")
    results = (f"Chaque tasse est associée à un risque d'arythmie incidente plus faible [HR 0.97 (IC 95% 0.96–0.98)]. "
               f"Pour la {component} : HR 0.96 ; IC 95% 0.94–0.99.")
    assert _primary(methods, results) == ("HR", 0.97, 0.96, 0.98)


@pytest.mark.parametrize("named", ["différence moyenne de", "mean difference of", "différence moyenne :"])
def test_a_mean_difference_named_so_stays_one_after_intervals(named):
    methods = "ECR en double aveugle, crossover. Critère principal : douleur moyenne."
    results = (f"Douleur moyenne : diminution de 1,06 point (IC 95% 0,72-1,40) contre 0,34 point (IC 95% 0,01-0,66), "
               f"soit une {named} 0,73 point (IC 95% 0,26-1,20 ; p=0,003).")
    assert _primary(methods, results) == ("MD", 0.73, 0.26, 1.2)


@pytest.mark.parametrize("words", [
    "a confidence interval for the HR that includes 1",
    "un intervalle de confiance du HR qui inclut 1",
    "an HR whose interval crosses 1",
])
def test_the_ratio_an_interval_includes_is_no_effect(words):
    methods = "Randomised phase 2 trial. Primary endpoint: overall survival (OS)."
    results = "Median OS was 28 months vs 41 months: HR 0.57 (95% CI 0.30-1.10; p=0.090)."
    found = extract_key_results([("Méthode", methods), ("Résultats", results),
                                 ("Discussion", f"But overall survival is uncertain, with {words}.")])
    primary = found["primary"]
    assert (primary["measure"], primary["value"], primary["ci_low"], primary["ci_high"]) == ("HR", 0.57, 0.3, 1.1)


@pytest.mark.parametrize("second", [
    "For the second primary endpoint, clinical events occurred in 40 vs 65 (HR 0.59; 95% CI 0.40–0.88).",
    "Pour le second critère principal, 40 événements vs 65 (HR 0,59 ; IC 95 % 0,40–0,88).",
    "Le deuxième critère principal est survenu chez 40 vs 65 (HR 0,59 ; IC 95 % 0,40–0,88).",
])
def test_the_second_of_two_primary_outcomes_comes_after_the_first(second):
    methods = ("Randomised trial. There were two primary endpoints: (1) HIV-1 transmission to the partner; "
               "(2) clinical events in the index partner.")
    results = ("Twenty-eight HIV-1 transmissions were linked: 1 vs 27, a 96% relative reduction (HR 0.04; 95% CI "
               f"0.01–0.27; p<0.001). {second}")
    assert _primary(methods, results) == ("HR", 0.04, 0.01, 0.27)


def test_a_second_primary_alone_is_still_the_primary():
    methods = "Essai randomisé, 40 centres."
    results = "Pour le second critère principal, 40 événements vs 65 (HR 0,59 ; IC 95 % 0,40–0,88)."
    assert _primary(methods, results) == ("HR", 0.59, 0.4, 0.88)


@pytest.mark.parametrize("label", ["Issue 1aire", "Critère 1aire", "Critère de jugement 1aire", "CJP", "Objectif 1er"])
def test_notes_primary_outcome_abbreviations_name_it(label):
    methods = f"- ECR, DB, multicentrique.\n- {label} : survie à J30.\n- Issues 2aires : devenir neurologique, RACS."
    results = ("- N=8 014 randomisés.\n- Devenir neuro favorable : OR 1,18 (IC 95% 0,86–1,61), NS.\n"
               "- Survie J30 : 130 (3,2%) vs 94 (2,4%) → OR non ajusté 1,39 (IC 95% 1,06–1,82) ; p=0,02.")
    assert _primary(methods, results) == ("OR", 1.39, 1.06, 1.82)


@pytest.mark.parametrize("per_case", ["10 témoins par cas", "jusqu'à 10 témoins par cas", "4 témoins pour chaque cas"])
def test_controls_per_case_after_their_label_are_no_count(per_case):
    methods = f"Étude cas-témoins nichée dans une cohorte de 989 591 patients. Témoins : {per_case}, appariés sur l'âge."
    results = "4 384 cas et 43 840 témoins ont été inclus. RR ajusté 4,50 (IC 95% 3,56–5,70)."
    assert _extract(methods, results)["n"] == 48224


@pytest.mark.parametrize("total", ["(N = 1 683 402)", "(n = 1 683 402)", "; N total = 1 683 402"])
def test_a_total_the_controls_sentence_states_is_the_case_control_n(total):
    methods = "Étude cas-témoins nationale. Témoins : 20 témoins par cas."
    results = ("Au total 71 533 cas de CBC et 8 629 cas de CSC, appariés à respectivement 1 430 660 et 172 580 "
               f"témoins, soit 80 162 cas et 1 603 240 témoins {total}. ORa 3,98 (IC 95% 3,68–4,31).")
    assert _extract(methods, results)["n"] == 1683402
