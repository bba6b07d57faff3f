"""Extractor rules of version 21, each on generated variants (the misses of four blind probes of
ten reviews each, written by helpers who did not read the code): the main analysis or
comparison named in a results sentence; adjusted ratios written ORa, HRa, RRa; a nested
case-control study; "22 inpatient sites"; a per-protocol population before the effect; the
people of the studies of a meta-analysis ("123 études …, soit 22 803 participants"); "évolution
défavorable" a clinical outcome; an efficacy in % with its interval; the outcome's name before
the words calling it primary; tables whose cells are apart by bars, and a column of effects whose
measure each cell names."""

from __future__ import annotations

import pytest

from extract_support import extracted as _extract, primary_of as _primary

from mia.evidence.extract import extract_key_results

DECOY = "Dans la cohorte des patients obèses, 20 événements vs 3, HR 7,64 (IC 95 % 2,21–26,36)."


@pytest.mark.parametrize("sentence", [
    "Comparaison principale, traitements actifs regroupés vs placebo : HR 0,62 (IC 95 % 0,50–0,77) ; p < 0,001.",
    "Dans l'analyse principale, 17 événements vs 6 : HR 0,62 (IC 95 % 0,50–0,77).",
    "Dans la cohorte des diabétiques, l'analyse principale, 17 événements vs 6 : HR 0,62 (IC 95 % 0,50–0,77).",
    "In the main, fully adjusted analysis, treatment was associated with a lower risk, HR 0.62 (95% CI 0.50 to 0.77).",
    "In the T2D cohort, the main analysis, 17 events occurred vs 6 (HR 0.62, 95% CI 0.50-0.77).",
    "For the main comparison, HR 0.62 (95% CI 0.50-0.77).",
])
@pytest.mark.parametrize("design", ["Étude de cohorte rétrospective appariée.", "Essai randomisé multicentrique."])
def test_the_main_analysis_named_with_its_effect_is_the_primary(sentence, design):
    """A decoy result first (another cohort, a subgroup), then the sentence that calls itself the
    main analysis or comparison: its effect is the primary one, whatever the design."""
    assert _primary(f"{design} 1 689 patients.", f"{DECOY} {sentence}") == ("HR", 0.62, 0.5, 0.77)


def test_the_main_analysis_without_an_effect_names_no_outcome():
    """"L'analyse principale était en intention de traiter" names no outcome: the outcome named
    primary is still linked by its own words."""
    methods = ("Essai randomisé. Critère principal : mortalité à 90 jours. L'analyse principale était en "
               "intention de traiter.")
    results = ("En intention de traiter, la durée de séjour était plus courte (différence −1,2 jour ; IC 95 % −2,0 "
               "à −0,4). La mortalité à 90 jours était de 12 % vs 15 % : HR 0,80 (IC 95 % 0,70–0,91).")
    assert _primary(methods, results) == ("HR", 0.8, 0.7, 0.91)


@pytest.mark.parametrize(("written", "measure"), [("ORa", "OR"), ("HRa", "HR"), ("RRa", "RR"), ("aOR", "OR")])
def test_an_adjusted_ratio_written_with_a_trailing_a_is_read(written, measure):
    methods = "Étude cas-témoins. Critère principal : démence."
    results = f"Pour l'exposition la plus élevée, risque de démence {written} 1,49 (IC 95 % 1,44 à 1,54)."
    assert _primary(methods, results) == (measure, 1.49, 1.44, 1.54)


def test_an_adjusted_ratio_does_not_take_a_word():
    """"ORAL" or "Orange" stay words."""
    found = _extract("Essai randomisé. Critère principal : douleur.", "Douleur ORAL 1,2 ; Orange 1,3 (IC 95 % 1,0–1,6).")
    assert found["primary"] is None or found["primary"]["measure"] != "OR"


@pytest.mark.parametrize("words", [
    "Étude cas-témoins nichée dans une cohorte populationnelle de 205 466 femmes.",
    "Étude cas-témoins, nichée dans la cohorte prospective E3N.",
    "Nested case-control study within a population-based cohort.",
])
def test_a_case_control_study_nested_in_a_cohort_is_a_case_control_study(words):
    assert _extract(words, "Aucune association.")["design"] == ["case-control"]


def test_a_cohort_study_beside_a_case_control_study_keeps_both():
    found = _extract("Étude de cohorte prospective, puis étude cas-témoins des décès.", "Aucune association.")
    assert set(found["design"]) == {"cohort", "case-control"}


@pytest.mark.parametrize("words", ["22 inpatient sites", "12 outpatient clinics", "8 hospital sites",
                                   "10 specialist clinics"])
def test_sites_qualified_by_their_care_are_multicentre(words):
    found = _extract(f"Randomised, double-blind trial in {words} in the USA.", "No difference.")
    assert "multicentre" in found["design"]


@pytest.mark.parametrize("population", ["(per-protocol population)", "in the per protocol analysis",
                                        "(population per-protocole)"])
def test_a_per_protocol_result_before_the_main_one_is_passed_over(population):
    methods = "Essai randomisé ouvert. Critère principal : survie sans rechute à 24 semaines, en intention de traiter."
    results = (f"Among the patients who started treatment {population}, relapse occurred in 52 % vs 56 %, HR 0,92 "
               "(IC 95 % 0,71–1,18). In all randomised patients, relapse occurred in 65 % vs 57 %: HR 1,36 "
               "(IC 95 % 1,10–1,68).")
    assert _primary(methods, results) == ("HR", 1.36, 1.1, 1.68)


def test_a_per_protocol_result_after_the_main_one_does_not_count():
    methods = "Essai randomisé. Critère principal : échec à 3 mois."
    results = ("Échec à 3 mois : différence −0,4 point (IC 95 % −2,2 à 1,5), et −0,3 point (IC 95 % −2,0 à 1,4) "
               "en per-protocole.")
    assert _primary(methods, results)[1:] == (-0.4, -2.2, 1.5)


@pytest.mark.parametrize(("studies", "people"), [
    ("123 études ont été incluses (dont 27 sur l'acamprosate et 53 sur la naltrexone), soit", "22 803 participant.e.s"),
    ("Les 41 essais randomisés retenus, soit", "22 803 patients"),
    ("Nous avons retenu 12 ECR publiés entre 1990 et 2020, soit", "22 803 adultes"),
])
def test_the_people_of_a_meta_analysis_s_studies_are_n(studies, people):
    found = _extract("Revue systématique et méta-analyse.", f"{studies} {people}. Acamprosate : aucune rechute.")
    assert found["n"] == 22803


def test_soit_after_other_counts_is_still_not_n():
    """"soit" after a count that is not of studies stays what it was: a restatement, no N."""
    found = _extract("Essai randomisé : 400 patients randomisés.", "Décès chez 40 patients, soit 10 patients par bras.")
    assert found["n"] == 400


@pytest.mark.parametrize("name", ["évolution défavorable (échec, rechute ou décès)", "évolution favorable à 72 semaines"])
def test_an_unfavourable_outcome_is_counted_not_measured(name):
    """"Évolution défavorable" is an event: its difference in points after two percentages is a
    risk difference, not a mean difference as "évolution du score" would make it."""
    methods = f"Essai de non-infériorité randomisé. Critère principal : {name}."
    results = (f"Une {name.split(' (')[0]} est survenue chez 16 enfants (2,8 %) vs 18 (3,1 %), différence ajustée "
               "−0,4 point (IC 95 % −2,2 à 1,5).")
    assert _primary(methods, results) == ("ARD", -0.4, -2.2, 1.5)


def test_a_change_of_a_score_stays_a_mean_difference():
    methods = "Essai randomisé. Critère principal : évolution du score de douleur à 6 mois."
    results = "L'évolution du score de douleur à 6 mois : −2,8 vs −3,1, différence ajustée −0,4 point (IC 95 % −2,2 à 1,5)."
    assert _primary(methods, results)[0] == "MD"


@pytest.mark.parametrize("words", [
    "soit une efficacité protectrice indirecte de 61 % (IC 95 % 8–83 ; p = 0,03)",
    "l'efficacité était de 61 % (IC 95 % 8 à 83)",
    "protective efficacy was 61% (95% CI 8 to 83)",
    "efficacy of 61% (95% CI 8-83)",
])
def test_an_efficacy_in_percent_with_its_interval_is_a_relative_reduction(words):
    methods = "Essai randomisé en cluster. Critère principal : grippe confirmée."
    results = f"Pour le critère principal, une grippe confirmée chez 3,1 % vs 7,6 %, {words}."
    assert _primary(methods, results) == ("RR", 0.39, 0.17, 0.92)


def test_an_efficacy_between_two_arms_values_is_no_effect():
    """"efficacy rate was 70% vs 50% (95% CI …)": two arms' rates, not a relative reduction."""
    found = _extract("Essai randomisé. Critère principal : guérison.",
                     "The efficacy rate was 70% vs 50% (95% CI of the difference 8 to 32).")
    primary = found["primary"]
    assert primary is None or primary["measure"] != "RR"


@pytest.mark.parametrize("sentence", [
    "Le CEC, cancer le plus photo-induit, était l'issue d'intérêt principale.",
    "Le CEC était le critère de jugement principal.",
    "CEC incidence was the primary outcome.",
])
def test_the_outcome_s_name_before_the_words_calling_it_primary(sentence):
    """The name stands before the verb; the results' sentence naming it gives the primary, not the
    first result of the study."""
    methods = f"Étude cas-témoins nationale. {sentence}"
    results = ("Pour le CBC, usage élevé : OR 1,29 (IC 95 % 1,23–1,35). L'association est plus forte pour le CEC : "
               "OR 3,98 (IC 95 % 3,68–4,31).")
    assert _primary(methods, results) == ("OR", 3.98, 3.68, 4.31)


@pytest.mark.parametrize("bar", [" | ", "|"])
@pytest.mark.parametrize("edges", [False, True])
def test_a_table_with_bars_is_read(bar, edges):
    """A flattened table whose cells are apart by bars (as a Markdown table, or a PDF's), its
    edges barred or not: the header's measure and p column give the row's effect."""
    def row(cells):
        line = bar.join(cells)
        return f"|{line}|" if edges else line
    methods = "Essai randomisé ouvert. The primary outcome was death from any cause."
    results = "\n".join(["Main results:", row(["Outcome", "HDF (n = 683)", "HD (n = 677)", "HR (95% CI)", "p"]),
                         row(["Death from any cause", "118 (17.3%)", "148 (21.9%)", "0.77 (0.65–0.93)", "0.005"]),
                         "Event rates were 7.13 vs 9.19 deaths per 100 patient-years."])
    found = _extract(methods, results)
    primary = found["primary"]
    assert (primary["measure"], primary["value"], primary["ci_low"], primary["ci_high"], primary["p"]) == (
        "HR", 0.77, 0.65, 0.93, "0.005")


@pytest.mark.parametrize("header", ["Effet (IC 95 %)", "Effect (95% CI)", "Estimate"])
def test_a_column_of_effects_naming_their_measure_gets_its_p(header):
    methods = "Essai randomisé. Critère de jugement principal : nouvelles fractures vertébrales à 24 mois."
    results = "\n".join([f"Critère | Romosozumab | Alendronate | {header} | p",
                         "Nouvelles fractures vertébrales à 24 mois | 6,2 % | 11,9 % | RR 0,52 (0,40–0,66) | < 0,001",
                         "Fractures cliniques | 9,7 % | 13,0 % | HR 0,73 (0,61–0,88) | 0,04"])
    found = extract_key_results([("Méthode", methods), ("Résultats", results)])
    primary = found["primary"]
    assert (primary["measure"], primary["value"], primary["ci_low"], primary["ci_high"], primary["p"]) == (
        "RR", 0.52, 0.4, 0.66, "<0.001")


def test_the_components_of_the_primary_outcome_are_not_it():
    methods = "Essai randomisé. Critère principal : composite de décès cardiovasculaire, IDM, AVC."
    results = ("Les composantes du critère principal qui portent l'effet sont l'AVC (HR 0,26 ; IC 95 % 0,10–0,70). "
               "Au total, le critère principal survient chez 5,5 % contre 7,1 % : HR 0,77 (IC 95 % 0,61–0,96), p = 0,02.")
    assert _primary(methods, results) == ("HR", 0.77, 0.61, 0.96)


@pytest.mark.parametrize("cases_controls", [
    "Cas : femmes hospitalisées pour une fracture (716 cas). Témoins : jusqu'à cinq témoins par cas (3 580 témoins).",
    "Au total, 716 cas et 3 580 témoins.",
    "We included 716 cases and 3 580 controls.",
])
def test_a_case_control_study_s_n_is_its_cases_and_controls(cases_controls):
    """Not the cohort the cases were drawn from, nor five controls per case."""
    methods = (f"Étude cas-témoins nichée dans une cohorte. Cohorte : 205 466 femmes de 68 ans ou plus ayant débuté "
               f"un bisphosphonate. {cases_controls}")
    assert _extract(methods, "OR 2,74 (IC 95 % 1,25–6,02).")["n"] == 4296


def test_cases_and_controls_count_only_in_a_case_control_study():
    found = _extract("Étude de cohorte : 205 466 femmes ont été incluses. 716 cas de fracture.", "Rien.")
    assert found["n"] == 205466


@pytest.mark.parametrize("lead", ["for recurrence, new primary cancer or death", "ajusté sur l'âge, le sexe et le centre"])
def test_a_long_lead_before_a_value_with_its_labelled_interval(lead):
    methods = "Essai randomisé. Critère principal : survie sans maladie (DFS)."
    results = f"La DFS était plus longue : 80,3 % vs 73,9 %, HR {lead} 0,72 (IC 95 % 0,55–0,94), p = 0,02."
    assert _primary(methods, results) == ("HR", 0.72, 0.55, 0.94)


@pytest.mark.parametrize("text", ["HR vs 74 Gy (IC 90 %) p", "HR 118 (17.3%) vs 148"])
def test_a_large_ratio_without_its_interval_is_no_effect(text):
    """A dose or a count after a ratio's name is not its value."""
    found = _extract("Essai randomisé. Critère principal : survie.", f"Survie : {text}.")
    assert found["primary"] is None and not found["secondary"]


def test_a_large_ratio_with_its_interval_is_kept():
    found = _extract("Étude de cohorte. Critère principal : thrombose veineuse.",
                     "Thrombose veineuse : RR 69,1 (IC 95 % 63,1–75,6).")
    assert found["primary"]["value"] == 69.1


@pytest.mark.parametrize("words", ["la différence de variation du FACIT-Sp était de", "the difference in the change of score was"])
def test_a_difference_of_something_with_its_verb_is_a_mean_difference(words):
    methods = "Essai randomisé en grappes. Critère principal : variation de la qualité de vie à 3 mois."
    results = f"Le critère principal n'est pas atteint : à 3 mois, {words} 3,56 points (IC 95 % −0,27 à 7,40) ; p = 0,07."
    assert _primary(methods, results) == ("MD", 3.56, -0.27, 7.4)


@pytest.mark.parametrize("words", ["an effect size of", "a pooled effect size of", "une taille d'effet de"])
def test_an_effect_size_is_a_standardised_mean_difference(words):
    methods = "Méta-analyse. Critère principal : fatigue."
    results = f"La fatigue diminue avec {words} 0,30 (IC 95 % 0,25–0,36 ; p < 0,001)."
    assert _primary(methods, results) == ("SMD", 0.3, 0.25, 0.36)


def test_an_introduction_s_other_study_naming_its_primary_outcome_is_not_the_primary():
    found = extract_key_results([
        ("Introduction", "The OPPTIMUM trial (Norman, Lancet 2016) found no benefit on its primary outcome "
                         "(OR 0.86; 95% CI 0.61-1.22)."),
        ("Methods", "Meta-analysis. Primary outcome: preterm birth before 33 weeks."),
        ("Results", "Vaginal progesterone reduced the risk of preterm birth before 33 weeks: RR 0.62 (95% CI 0.47-0.81).")])
    assert (found["primary"]["measure"], found["primary"]["value"]) == ("RR", 0.62)


def test_the_proportion_of_patients_with_an_event_names_the_event():
    methods = ("Cluster trial. The primary outcome was the proportion of patients with a major adverse kidney event "
               "within 30 days (MAKE30).")
    results = ("Among older patients, the odds of discharge home were higher: OR 0.82 (95% CI 0.70-0.95). MAKE30 "
               "occurred less often: OR 0.90 (95% CI 0.82-0.99).")
    assert _primary(methods, results) == ("OR", 0.9, 0.82, 0.99)


@pytest.mark.parametrize("results", [
    "Le critère d'efficacité est survenu chez 9,1 % vs 11,7 % : HR 0,76 (IC 95 % 0,67–0,87).",
    "The efficacy outcome occurred in 9.1% vs 11.7%: HR 0,76 (95% CI 0.67-0.87).",
])
def test_the_efficacy_outcome_of_a_trial_with_a_safety_outcome_is_the_primary(results):
    methods = ("Essai randomisé en double aveugle. Critère principal d'efficacité : composite de saignement majeur. "
               "Critère principal de sécurité : composite cardiovasculaire.")
    decoy = " Dans le bras factoriel, le composite cardiovasculaire ne changeait pas (HR 0,99 ; IC 95 % 0,88–1,12)."
    assert _primary(methods, results + decoy) == ("HR", 0.76, 0.67, 0.87)


def test_a_row_s_interval_in_the_cell_after_its_measure():
    methods = "Essai randomisé. Critère de jugement principal : récidive de la hernie à 2 ans."
    results = "Pour le critère principal :\nRécidive à 2 ans | laparoscopie 10,1 % | ouvert 4,9 % | OR 2,2 | IC 95 % 1,5–3,2 | p < 0,001"
    found = _extract(methods, results)["primary"]
    assert (found["measure"], found["value"], found["ci_low"], found["ci_high"], found["p"]) == ("OR", 2.2, 1.5, 3.2, "<0.001")


@pytest.mark.parametrize("words", ["patients and anaesthetists were aware of the allocation",
                                   "the treating team was aware of the treatment assignment"])
def test_people_aware_of_the_allocation_is_open_label(words):
    found = _extract(f"Pragmatic randomised trial; {words}, outcomes were collected by blinded assessors.", "No difference.")
    assert "open-label" in found["design"]


@pytest.mark.parametrize(("sentence", "another"), [
    ("Patients with 1 to 10 crises in the previous year were randomised 1:1 to voxelotor or placebo.", False),
    ("Patients avec un infarctus antérieur ont été randomisés.", False),
    ("D'autres effets indésirables étaient rares.", False),
    ("Contrairement au placebo, la mortalité baissait : HR 0,80 (IC 95 % 0,70–0,91).", False),
    ("Les études antérieures montraient un HR de 0,80 (IC 95 % 0,70–0,91).", True),
    ("Contrairement à SPRINT, le HR était de 0,80 (IC 95 % 0,70–0,91).", True),
    ("Unlike the previous trial, HR 0.80 (95% CI 0.70-0.91).", True),
    ("Cela a déjà été montré : HR 0,80 (IC 95 % 0,70–0,91).", True),
])
def test_another_study_is_named_as_such(sentence, another):
    """"previous", "antérieur", "d'autres", "contrairement", "déjà" mark another study only beside
    a study's word, a trial's name or a verb of publishing."""
    from mia.evidence.extract import _about_other_study
    assert _about_other_study(sentence) is another


# -- the third round of blind probes (51-54) ------------------------------------------------------

@pytest.mark.parametrize(("name", "results_word"), [("une nouvelle exacerbation", "une réexacerbation"),
                                                    ("une hospitalisation", "une réhospitalisation"),
                                                    ("an admission", "a readmission")])
def test_the_outcome_s_word_repeated_with_re_is_the_outcome(name, results_word):
    methods = f"Essai randomisé de non-infériorité. Critère de jugement principal : délai jusqu'à {name} dans les 180 jours."
    results = (f"Le VEMS était meilleur : différence 0,1 l (IC 95 % 0,0–0,2). {results_word.capitalize()} est survenue "
               "chez 56 patients (35,9 %) vs 57 (36,8 %) : HR 0,95 (IC 90 % 0,70–1,29), p = 0,006.")
    assert _primary(methods, results) == ("HR", 0.95, 0.7, 1.29)


@pytest.mark.parametrize("words", ["the difference from placebo was", "difference from baseline:"])
def test_a_difference_from_the_comparator(words):
    methods = "Randomised trial. Primary outcome: percentage change in body weight at week 72."
    results = f"For the 15 mg dose, {words} -17.8 percentage points (95% CI -19.3 to -16.3; p<0.001)."
    assert _primary(methods, results) == ("MD", -17.8, -19.3, -16.3)


def test_the_last_counts_before_a_total_are_its_parts():
    methods = ("Meta-analysis of 26 trials with at least 1000 participants: 5 trials (39 612 participants) and 21 "
               "trials (129 526 participants), 169 138 participants in total.")
    assert _extract(methods, "Major vascular events: RR 0.78 (95% CI 0.76-0.80).")["n"] == 169138


@pytest.mark.parametrize("definition", ["as rate ratios (RR) with 95% CI", "en rapports de taux (RR)"])
def test_rr_defined_as_a_rate_ratio_is_one_in_every_sentence(definition):
    methods = f"Meta-analysis. Main outcome: major vascular events, {definition}."
    results = "Each 1.0 mmol/L reduction reduced major vascular events: RR 0.78 (95% CI 0.76-0.80)."
    assert _primary(methods, results)[0] == "rate ratio"


def test_rr_without_a_definition_stays_a_risk_ratio():
    methods = "Meta-analysis. Main outcome: major vascular events."
    results = "Each 1.0 mmol/L reduction reduced major vascular events: RR 0.78 (95% CI 0.76-0.80)."
    assert _primary(methods, results)[0] == "RR"


@pytest.mark.parametrize("unit", ["ml/an", "mL/year", "ml / an"])
def test_a_difference_in_a_unit_per_year_keeps_its_interval(unit):
    methods = "Essai randomisé. Critère principal : déclin annuel de la CVF."
    results = f"Le déclin annuel de la CVF : différence moyenne de 107,0 {unit} (IC 95 % 65,4–148,5 ; p < 0,001)."
    assert _primary(methods, results) == ("MD", 107.0, 65.4, 148.5)


@pytest.mark.parametrize("qualifier", ["in participants aged 4 to 17", "évalué en aveugle"])
def test_a_qualifier_between_commas_before_the_outcome_s_name(qualifier):
    methods = f"Randomised trial. Primary endpoint, {qualifier}: proportion who tolerated 600 mg of peanut protein."
    results = ("Adverse events were common. 250 of 372 (67.2%) vs 5 of 124 (4.0%) tolerated 600 mg or more: difference "
               "63.2 percentage points (95% CI 53.0 to 73.3; p<0.001).")
    assert _primary(methods, results) == ("ARD", 63.2, 53.0, 73.3)


def test_recruiting_sites_are_no_n_and_a_total_of_is_preferred():
    methods = ("Multicentre randomised trial at 11 recruiting sites in Spain. In the reanalysis, 1588 participants "
               "whose assignment had departed from protocol were identified.")
    found = _extract(methods, "A total of 7447 participants were randomised (57% women).")
    assert found["n"] == 7447


@pytest.mark.parametrize("opening", ["Compared with the control diet, the hazard ratio was",
                                     "Par rapport au régime témoin, le HR était de"])
def test_an_effect_opening_on_the_arm_it_is_compared_with(opening):
    methods = "Essai randomisé. Critère principal : composite d'infarctus, d'AVC ou de décès cardiovasculaire."
    results = (f"Le critère principal est survenu chez 288 participants : 3,8 % vs 4,4 %. {opening} 0,69 (IC 95 % "
               "0,53–0,91) pour l'huile d'olive.")
    assert _primary(methods, results) == ("HR", 0.69, 0.53, 0.91)


@pytest.mark.parametrize("words", ["The design was open: participants and dietitians knew the assigned diet.",
                                   "Open design; the nurses knew their allocated group."])
def test_an_open_design_is_open_label(words):
    assert "open-label" in _extract(f"Randomised trial. {words}", "No difference.")["design"]


def test_a_difference_in_standard_deviations_per_year():
    methods = "Essai randomisé. Critère principal : déclin cognitif sur 3 ans."
    results = ("Pas de différence sur le critère principal : différence de déclin cognitif 0,015 écart-type par an "
               "(IC 95 % −0,004 à 0,035) ; p = 0,19.")
    assert _primary(methods, results) == ("MD", 0.015, -0.004, 0.035)


def test_the_primary_outcome_s_data_being_available_names_nothing():
    methods = "Randomised trial. Primary outcome: a composite of death or neurodevelopmental disability at 18 months."
    results = ("Caffeine reduced dysplasia (adjusted OR 0.63, 95% CI 0.52-0.76). At 18 months, data on the primary "
               "outcome were available for 937 infants in the caffeine group. Death or neurodevelopmental disability "
               "occurred in 40.2% vs 46.2%: OR 0.77 (95% CI 0.64-0.93), p = 0.008.")
    assert _primary(methods, results) == ("OR", 0.77, 0.64, 0.93)


@pytest.mark.parametrize(("words", "n"), [("randomisation avant la naissance de 1 566 fœtus", 1566),
                                          ("1 566 fetuses were randomised", 1566)])
def test_fetuses_are_counted(words, n):
    assert _extract(f"Essai randomisé : {words}.", "Rien.")["n"] == n


def test_pharmacies_are_centres():
    assert "multicentre" in _extract("Cluster randomised trial in 30 community pharmacies in Quebec.", "No.")["design"]


@pytest.mark.parametrize("methods", [
    "Étude cas-témoins nichée. Cas : 1 796 personnes de 66 ans et plus. Témoins : 7 184 sujets appariés (4 témoins par cas).",
    "Nested case-control study. Cases: 1 796 admissions. Each case was matched with up to 100 controls: 7 184 controls.",
])
def test_labelled_cases_and_controls_and_a_number_per_case(methods):
    """"Cas : 1 796 …", "Témoins : 7 184 …"; not "up to 100 controls" nor "4 témoins par cas"."""
    assert _extract(methods, "OR 1,51 (IC 95 % 1,36–1,67).")["n"] == 8980


@pytest.mark.parametrize("words", ["Deux critères de jugement co-principaux à 12 mois :", "Critères co-principaux :"])
def test_co_principal_outcomes_name_the_primary(words):
    methods = f"Essai randomisé en grappes. {words} rémission du diabète et perte de poids."
    results = "La rémission du diabète était de 46 % contre 4 % : OR 19,7 ; IC 95 % 7,8-49,8 ; p < 0,0001."
    assert _primary(methods, results) == ("OR", 19.7, 7.8, 49.8)


def test_the_people_counted_before_the_controls_are_the_cases():
    methods = ("Étude cas-témoins multicentrique (11 sites) : 901 patients avec un premier épisode psychotique et "
               "1 237 témoins de la population générale.")
    assert _extract(methods, "OR 3,2 (IC 95 % 2,2–4,1).")["n"] == 2138
