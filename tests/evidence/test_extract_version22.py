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


# --- the second round of probes (61–64) --------------------------------------------------------


@pytest.mark.parametrize(("methods", "results", "n"), [
    ("Étude cas-témoins.", "N = 1524 cas et 1760 témoins. OR 5,0 (IC 95% 4,2-5,8).", 3284),
    ("Étude cas-témoins nichée. Cas : premier diagnostic de maladie d'Alzheimer (n = 1 796). Témoins : 4 par cas, "
     "appariés sur le sexe et l'âge (n = 7 184).", "Au total, 8 980 sujets sont analysés. OR ajusté 1,51 (IC 95% 1,36-1,69).", 8980),
    ("Case-control study. Cases: first venous thrombosis (n = 1 524). Controls: partners of the cases (n = 1 760).",
     "OR 5.0 (95% CI 4.2-5.8).", 3284),
])
def test_a_count_of_the_cases_or_controls_alone_is_no_case_control_n(methods, results, n):
    assert _extract(methods, results)["n"] == n


@pytest.mark.parametrize("sampled", [
    "Témoins : jusqu'à 10 par cas, tirés au sort dans la cohorte et appariés sur l'âge.",
    "Témoins tirés au sort parmi les assurés, appariés sur l'âge.",
    "Témoins : 5 par cas, tirés au sort, appariés sur l'âge, le sexe et la région.",
])
def test_controls_drawn_by_lot_from_a_cohort_make_no_trial(sampled):
    assert _design(("Méthode", f"Étude cas-témoins nichée dans une cohorte. {sampled}")) == ["case-control"]


def test_patients_drawn_by_lot_between_two_arms_still_make_a_trial():
    assert _design(("Méthode", "Les patients ont été tirés au sort entre A et B.")) == ["rct"]


@pytest.mark.parametrize("after", [
    "Une méta-analyse des 2 essais UPA vs LNG complète l'article.",
    "Les résultats concordent avec ceux de la méta-analyse publiée en 2011.",
    "A meta-analysis of both trials is given in the appendix.",
])
def test_a_trial_described_before_a_meta_analysis_is_a_trial(after):
    methods = f"ECR multicentrique (35 centres), en simple aveugle, de non-infériorité. {after}"
    assert _design(("Méthode", methods)) == ["rct", "multicentre", "non-inferiority"]


def test_a_meta_analysis_described_first_stays_one():
    methods = ("Revue systématique et méta-analyse des ECR de traitement hypotenseur. Inclusion : ECR avec au moins "
               "1000 patients-années de suivi par bras.")
    assert _design(("Méthode", methods)) == ["meta-analysis"]


@pytest.mark.parametrize("cited", [
    "la méta-analyse publiée en 2016", "the meta-analysis published in 2016", "l'étude parue en 2019",
])
def test_a_study_published_in_a_year_is_another_study(cited):
    assert _design(("Méthode", f"Essai randomisé. Les résultats concordent avec {cited} en double aveugle.")) == ["rct"]


@pytest.mark.parametrize("common", ["OR commun ajusté 2,49", "common OR 2.49", "odds ratio commun 2,49"])
def test_an_outcome_measured_by_a_common_odds_ratio_takes_the_first_common_one(common):
    methods = ("Méta-analyse sur données individuelles de 5 essais. Issue primaire : distribution du score de Rankin "
               "modifié (mRS) à 90 jours en analyse ordinale, exprimée en OR commun ajusté.")
    results = (f"L'indépendance fonctionnelle (mRS 0-2) est atteinte chez 46,0% vs 26,5% (OR ajusté 2,71 ; IC 95% "
               f"2,07–3,55). La thrombectomie réduit le handicap à 90 jours : {common} (IC 95% 1,76–3,53 ; p<0,0001).")
    assert _primary(methods, results) == ("OR", 2.49, 1.76, 3.53)


def test_a_secondary_at_another_time_point_does_not_hide_the_primary():
    methods = ("ECR en double aveugle. Issue primaire : progression du handicap confirmée à 12 semaines. Issues "
               "secondaires : progression confirmée à 24 semaines, vitesse de marche.")
    results = ("Progression confirmée à 12 semaines chez 32.9% vs 39.3% [HR 0.76 (95% IC 0.59-0.98) ; p=0.03]. "
               "Progression confirmée à 24 semaines : 29.6% vs 35.7% [HR 0.75 (95% IC 0.58-0.98)].")
    assert _primary(methods, results) == ("HR", 0.76, 0.59, 0.98)


@pytest.mark.parametrize("label", ["Critère principal de l'analyse à 7 ans", "Critère principal du suivi à long terme",
                                   "Primary outcome of the extension analysis"])
def test_the_analysis_the_primary_outcome_is_of_may_stand_before_its_colon(label):
    methods = f"ECR multicentrique. {label} : survie du patient et du greffon."
    results = ("À 7 ans, la survie du patient et du greffon était de 87,7% vs 80,2%. Le risque de décès ou de perte "
               "du greffon était réduit de 43% : HR 0.57 (IC 95% 0.35-0.95 ; p=0.02).")
    assert _primary(methods, results) == ("HR", 0.57, 0.35, 0.95)


@pytest.mark.parametrize("said", ["La comparaison bélatacept vs ciclosporine était ouverte",
                                  "La comparaison avec la ciclosporine était ouverte"])
def test_an_open_comparison_is_open_label(said):
    assert _design(("Méthode", f"Essai randomisé multicentrique. {said}.")) == ["rct", "open-label", "multicentre"]


@pytest.mark.parametrize(("sentence", "n"), [
    ("2862 soignant.e.s ont été randomisé.e.s, dont 2371 ont complété au moins une saison.", 2862),
    ("2862 healthcare workers were randomised.", 2862),
    ("1 280 296 femmes recrutées en 1996-2001 lors de leur invitation au dépistage mammographique.", 1280296),
])
def test_people_counted_as_enrolled_are_the_n(sentence, n):
    assert _extract(sentence, "RR 0,9 (IC 95% 0,8-1,0).")["n"] == n


def test_people_invited_before_those_recruited_are_not_the_n():
    assert _extract("Of 1510 people invited, 306 were recruited.", "RR 0.9 (95% CI 0.8-1.0).")["n"] == 306


@pytest.mark.parametrize("written", ["aIRR", "IRRa", "IRR"])
def test_an_adjusted_incidence_rate_ratio_is_a_rate_ratio(written):
    methods = "Meta-analysis of individual participant data. The primary outcome was the rate of asthma exacerbation."
    results = f"Vitamin D reduced the rate of asthma exacerbation: {written} 0.74 (95% CI 0.56-0.97; p=0.03)."
    assert _primary(methods, results) == ("rate ratio", 0.74, 0.56, 0.97)


# --- the third round of probes (65–68) ---------------------------------------------------------


@pytest.mark.parametrize("controls", ["témoins : 7184, appariés 4:1 sur le sexe", "témoins : 7184; appariés sur l'âge",
                                      "témoins : 7184) appariés"])
def test_a_labelled_count_may_end_on_a_comma(controls):
    methods = f"Étude cas-témoins. Cas : 1796 personnes avec un premier diagnostic ; {controls}."
    assert _extract(methods, "OR ajusté 1,51 (IC 95% 1,36-1,69).")["n"] == 8980


@pytest.mark.parametrize("methods", [
    "Revue systématique et NMA (effets aléatoires) d'ECR en double aveugle.",
    "Systematic review of double-blind randomised trials, pooled with random effects.",
    "Revue systématique d'ECR en double aveugle ; effets poolés.",
])
def test_a_systematic_review_or_a_network_meta_analysis_is_a_meta_analysis(methods):
    assert _design(("Méthode", methods)) == ["meta-analysis"]


@pytest.mark.parametrize("written", ["DMS", "SMD"])
def test_the_french_standardised_mean_difference_is_an_smd(written):
    methods = "Méta-analyse en réseau. Critère principal : efficacité évaluée par les cliniciens."
    results = f"Résultat principal : MPH vs placebo {written} -0,78 (IC 95% -0,93 à -0,62)."
    assert _primary(methods, results) == ("SMD", -0.78, -0.93, -0.62)


@pytest.mark.parametrize("denied", [
    "le personnel préparant la perfusion n'était pas en aveugle",
    "the pharmacists were not blinded",
    "absence d'aveugle du pharmacien",
])
def test_blinding_denied_to_someone_leaves_a_double_blind_trial_double_blind(denied):
    methods = f"ECR en double aveugle contre placebo, multicentrique ; {denied}."
    assert _design(("Méthode", methods)) == ["rct", "double-blind", "multicentre"]


@pytest.mark.parametrize("denied", ["les patients n'étaient pas en aveugle", "patients were not blinded"])
def test_blinding_denied_in_a_trial_not_said_double_blind_is_open_label(denied):
    assert _design(("Méthode", f"Essai randomisé multicentrique ; {denied}.")) == ["rct", "open-label", "multicentre"]


@pytest.mark.parametrize(("first", "then"), [
    ("IRR ajusté sur l'âge 0,51 (IC 95% 0,32-0,82)", "après ajustement complet, IRR 0,37 (IC 95% 0,21-0,57)"),
    ("HR brut 0,51 (IC 95% 0,32-0,82)", "HR ajusté 0,37 (IC 95% 0,21-0,57)"),
    ("crude HR 0.51 (95% CI 0.32-0.82)", "multivariable-adjusted HR 0.37 (95% CI 0.21-0.57)"),
    ("age-adjusted HR 0.51 (95% CI 0.32-0.82)", "fully adjusted HR 0.37 (95% CI 0.21-0.57)"),
])
def test_an_observational_study_s_more_adjusted_estimate_is_its_primary(first, then):
    methods = "Cohorte nationale. Critère principal : cancer invasif du col."
    results = f"Cancer invasif du col : {first} ; {then}."
    primary = _primary(methods, results)
    assert primary[1:] == (0.37, 0.21, 0.57)


@pytest.mark.parametrize("first", [
    "HR ajusté sur l'âge, le sexe et le tabac 0,51 (IC 95% 0,32-0,82)",  # (already fully adjusted)
    "HR ajusté 0,51 (IC 95% 0,32-0,82)",
])
def test_an_estimate_adjusted_beyond_age_stays_the_primary(first):
    methods = "Cohorte nationale. Critère principal : cancer invasif du col."
    results = f"Cancer invasif du col : {first} ; chez les femmes vaccinées avant 17 ans, HR ajusté 0,12 (IC 95% 0,00-0,34)."
    assert _primary(methods, results)[1:] == (0.51, 0.32, 0.82)


def test_a_trial_keeps_its_unadjusted_primary():
    methods = "ECR en double aveugle. Critère principal : survie à J30."
    results = "Survie J30 : OR non ajusté 1,39 (IC 95% 1,06–1,82) ; OR ajusté 1,47 (IC 95% 1,09–1,97)."
    assert _primary(methods, results) == ("OR", 1.39, 1.06, 1.82)


@pytest.mark.parametrize("alive", ["étaient en vie", "restaient en vie", "were alive"])
def test_survival_is_reported_as_people_alive(alive):
    methods = "ECR en double aveugle. Issue primaire : survie à 30 jours. Issues secondaires : durée de séjour."
    results = ("Âge moyen 70 ans, délai médian 20 minutes. À 30 jours, 130 des 4012 patients du groupe adrénaline "
               f"{alive} contre 94 des 3995 du groupe placebo, soit un OR non ajusté de 1,39 (IC 95% 1,06-1,82 ; p=0,02).")
    assert _primary(methods, results) == ("OR", 1.39, 1.06, 1.82)


@pytest.mark.parametrize("named", ["In the primary, fully adjusted analysis the IRR was",
                                   "In the primary, multivariable analysis, the IRR was"])
def test_primary_may_be_followed_by_a_comma(named):
    methods = "Nationwide cohort. Outcome: invasive cervical cancer."
    results = (f"The IRR adjusted for age at follow-up was 0.51 (95% CI 0.32-0.82). {named} 0.37 "
               "(95% CI 0.21-0.57).")
    assert _primary(methods, results) == ("rate ratio", 0.37, 0.21, 0.57)
