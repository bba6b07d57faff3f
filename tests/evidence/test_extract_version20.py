"""Extractor rules of version 20, each on generated variants (the misses of two more blind probes of
ten reviews each): a heading naming the primary outcome run into its first line; "outcome
measure"; an effect restated with its interval in the same clause; a flattened table's rows
between the outcome and its effect; a study that is not a trial and whose outcome the results do
not name; N from arms' bare counts in brackets, from a total restated after its parts, from a
count its clause says was randomised; "15 screening centres"."""

from __future__ import annotations

import itertools

import pytest

from extract_support import extracted as _extract, primary_of as _primary

from mia.evidence.extract import extract_key_results

# (the heading, as the club writes it, without a colon)
RUN_IN_HEADINGS = ["Critère de jugement principal", "Critère principal", "Main outcome", "Primary endpoint",
                   "Primary outcome measure", "Outcome primaire"]
# (the outcome's name under the heading, the results sentence naming it with its effect, the effect)
RUN_IN_OUTCOMES = [
    ("Échec du traitement, défini par une glycémie restant basse après deux tentatives.",
     "Le gel a réduit la fréquence des échecs : 16 contre 29 sous placebo, soit un RR de 0,57 (IC 95 % 0,33–0,98).",
     ("RR", 0.57, 0.33, 0.98)),
    ("Ventilator-free days to day 28.",
     "Trophic feeding did not change the number of ventilator-free days: 14.9 versus 15.0, difference -0.1 "
     "(95% CI -1.4 to 1.2; P = 0.89).", ("MD", -0.1, -1.4, 1.2)),
    ("Total number of sore throat days over the 24 months after randomisation.",
     "Participants in the surgery group had a median of 23 sore throat days against 30: incidence rate ratio 0.53 "
     "(95% CI 0.43 to 0.65); p < 0.001.", ("rate ratio", 0.53, 0.43, 0.65)),
]


@pytest.mark.parametrize("heading", RUN_IN_HEADINGS)
@pytest.mark.parametrize(("name", "results", "effect"), RUN_IN_OUTCOMES)
@pytest.mark.parametrize("layout", ["run in", "own line", "section"])
def test_a_heading_run_into_the_outcome_s_name_names_it(heading, name, results, effect, layout):
    """A heading line without a colon joins the line under it ("Main outcome Ventilator-free days
    to day 28."), stands on a line of its own, or heads a section (Markdown): the name after it
    is the primary outcome's, found in the results."""
    methods = "Essai randomisé multicentrique ; 600 patients randomisés."
    results = "Résultats détaillés plus bas. " + results
    if layout == "section":
        found = extract_key_results([("Méthode", methods), (heading, name), ("Résultats", results)])
        primary = found["primary"]
        assert primary is not None, found["flags"]
        assert (primary["measure"], primary["value"], primary["ci_low"], primary["ci_high"]) == effect
        return
    between = " " if layout == "run in" else "\n"
    assert _primary(f"{methods}\n{heading}{between}{name}", results) == effect


def test_a_run_in_heading_is_short_and_opens_its_sentence():
    """The words naming the primary outcome inside a sentence, a capital after them, name
    nothing (no colon, no verb): the rule reads headings, not prose."""
    methods = ("Essai randomisé ; 600 patients randomisés. Nous avons retenu comme dans les essais antérieurs le "
               "critère principal Mortalité, sans le définir.")
    found = _extract(methods, "La mortalité était de 12 % contre 15 % : HR 0,80 (IC 95 % 0,70-0,91).")
    assert "primary effect found by the outcome's name (Mortalité), not in its own sentence" not in found["flags"]


@pytest.mark.parametrize("words", ["Primary outcome measure", "Main outcome measures", "Primary outcome measures"])
def test_an_outcome_measure_names_the_primary_outcome(words):
    methods = f"Randomised trial in 89 835 women. {words}: deaths from breast cancer."
    results = ("During screening, 666 cancers were diagnosed. Of these, 180 and 171 women died of breast cancer: "
               "hazard ratio 1.05 (95% CI 0.85 to 1.30).")
    assert _primary(methods, results) == ("HR", 1.05, 0.85, 1.3)


RESTATED = [
    ("soit une différence absolue de -21,2 points et un risque relatif de {v} (IC 95 % {lo}–{hi}) ; p < 0,001.", "RR"),
    ("soit une différence absolue de 8 points et un HR de {v} (IC 95 % {lo} à {hi}).", "HR"),
    ("an absolute difference of -21.2 percentage points and a relative risk of {v} (95% CI {lo} to {hi}).", "RR"),
    ("a risk difference of 5% and an odds ratio of {v} (95% CI {lo}-{hi}), P=0.01.", "OR"),
]


@pytest.mark.parametrize(("sentence", "measure"), RESTATED)
@pytest.mark.parametrize("where", ["own", "linked"])
def test_an_effect_restated_with_its_interval_gives_way_to_the_restatement(sentence, measure, where):
    """"une différence absolue de -21,2 points et un risque relatif de 0,34 (IC …)": the
    comparison stated in full is the primary effect, not the bare difference before it."""
    english = "95% CI" in sentence
    v, lo, hi = ("0.34", "0.24", "0.46") if english else ("0,34", "0,24", "0,46")
    stated = sentence.format(v=v, lo=lo, hi=hi)
    if where == "own":
        methods, results = "Essai randomisé ouvert de 501 patients.", f"Le critère principal, l'infection, {stated}"
    else:
        methods = "Essai randomisé ouvert de 501 patients. Critère principal : infection à 12 mois."
        results = f"Une infection a été diagnostiquée chez 61 contre 82 patients, {stated}"
    assert _primary(methods, results) == (measure, 0.34, 0.24, 0.46)


def test_an_effect_with_its_interval_is_not_displaced_by_a_later_one():
    methods = "Essai randomisé de 501 patients. Critère principal : infection à 12 mois."
    results = ("L'infection a été diagnostiquée chez 61 contre 82 patients : RR 0,34 (IC 95 % 0,24–0,46) "
               "et un OR de 0,30 (IC 95 % 0,20–0,44).")
    assert _primary(methods, results) == ("RR", 0.34, 0.24, 0.46)


@pytest.mark.parametrize("rows", [
    ["Arm    Infections    Incidence per 100 person-years", "Cabotegravir    13    0.41", "TDF-FTC    39    1.22"],
    ["Bras    Événements    Taux", "Intervention    13    0,41 %"],
])
@pytest.mark.parametrize("effect", ["Hazard ratio for cabotegravir vs TDF-FTC {v} (95% CI {lo} to {hi}).",
                                    "HR {v} (95% CI {lo}-{hi}), i.e. a 66% lower risk."])
def test_a_table_s_rows_between_the_outcome_and_its_effect_are_passed_over(rows, effect):
    methods = "Randomized, double-blind trial of 4566 participants. Primary end point: incident HIV infection."
    results = "Incident HIV infection occurred in 52 participants:\n" + "\n".join(rows) + "\n" + effect.format(
        v="0.34", lo="0.18", hi="0.62")
    assert _primary(methods, results) == ("HR", 0.34, 0.18, 0.62)


TABLE_OF_COMPARISONS = ("Comparaison principale : 27 essais, 12 625 participants. La varénicline double les chances "
                        "d'arrêt :\nComparaison    Essais    RR (IC 95 %)\n"
                        "Varénicline vs placebo RR 2,24 (IC 2,06–2,43).\nVarénicline vs bupropion RR 1,39 (IC 1,25–1,54).")


@pytest.mark.parametrize("design", ["Revue systématique avec méta-analyse d'essais randomisés.",
                                    "Étude de cohorte prospective.", "Étude cas-témoins nichée."])
def test_a_study_whose_outcome_the_results_do_not_name_has_its_first_result(design):
    """A cohort, case-control study or meta-analysis naming its outcome in words the results do not
    use: the first effect its results give with an interval, flagged."""
    found = _extract(f"{design} Critère principal : abstinence au plus long suivi.", TABLE_OF_COMPARISONS)
    assert (found["primary"]["measure"], found["primary"]["value"]) == ("RR", 2.24)
    assert any("not named in the results" in flag for flag in found["flags"])


@pytest.mark.parametrize("design", ["Essai randomisé en double aveugle.", "Étude menée dans trois centres."])
def test_a_trial_or_a_study_of_unknown_design_gets_no_first_result(design):
    """A trial's primary must be linked to its named outcome (its first result may be a subgroup's);
    a review not saying what the study is keeps the rule of a trial."""
    found = _extract(f"{design} Critère principal : abstinence au plus long suivi.", TABLE_OF_COMPARISONS)
    assert found["primary"] is None


ARMS_IN_BRACKETS = [
    ("Entre 1999 et 2009, 82 429 hommes ont eu un dosage du PSA ; 2664 avaient un cancer localisé, et {n} ont accepté "
     "la randomisation : surveillance active ({a}), prostatectomie radicale ({b}) ou radiothérapie ({c}).",),
    ("Of 82 429 men tested, {n} agreed to randomisation: active monitoring ({a}), surgery ({b}) or radiotherapy ({c}).",),
]


@pytest.mark.parametrize(("sentence",), ARMS_IN_BRACKETS)
@pytest.mark.parametrize("arms", [(545, 553, 545), (300, 310, 290)])
def test_a_count_its_arms_bracketed_counts_add_up_to_is_n(sentence, arms):
    total = sum(arms)
    found = _extract("Essai randomisé multicentrique. " + sentence.format(n=total, a=arms[0], b=arms[1], c=arms[2]),
                     "Pas de différence de mortalité.")
    assert found["n"] == total


@pytest.mark.parametrize(("parts", "word"), list(itertools.product([(100, 200), (1203, 2406), (45, 90, 135)],
                                                                    ["participants", "sujets", "patients"])))
def test_a_total_restated_after_its_parts_is_n(parts, word):
    """"Cas : 100 patients … ; témoins : 200 patients sans cancer, soit 300 participants"."""
    names = ["cas", "témoins hospitaliers", "témoins de population"]
    stated = " ; ".join(f"{name} : {n} patients" for name, n in zip(names, parts))
    found = _extract(f"Étude cas-témoins hospitalière. {stated}, soit {sum(parts)} {word}.", "Pas d'association.")
    assert found["n"] == sum(parts)


def test_a_restated_total_must_be_the_sum_of_its_parts():
    found = _extract("Étude cas-témoins. Cas : 100 patients ; témoins : 200 patients, soit 250 participants analysés.",
                     "Pas d'association.")
    assert found["n"] != 250


@pytest.mark.parametrize("sentence", [
    "Sur 514 nouveau-nés inclus, {n} (47 %) sont devenus hypoglycémiques et ont été randomisés.",
    "Sur 514 nouveau-nés inclus, {n} remplissaient les critères et ont été randomisés.",
    "Of 514 babies enrolled, {n} (47%) became hypoglycaemic and were randomised.",
    "Of 514 babies enrolled, {n} met the criteria and were randomized.",
])
@pytest.mark.parametrize("n", [242, 1130])
def test_a_count_its_clause_says_was_randomised_is_n(sentence, n):
    found = _extract("Essai randomisé en double aveugle. " + sentence.format(n=n), "Pas de différence.")
    assert found["n"] == n


def test_a_count_of_clusters_or_an_age_before_were_randomised_is_not_n():
    found = _extract("Cluster trial: 86 practices in 10 US health care systems were randomised; 5451 patients "
                     "were enrolled.", "No difference.")
    assert found["n"] == 5451


@pytest.mark.parametrize("words", ["15 screening centres", "30 recruiting sites", "12 research hospitals"])
def test_centres_qualified_by_their_role_are_multicentre(words):
    found = _extract(f"Randomised screening trial in {words} in six Canadian provinces.", "No difference.")
    assert "multicentre" in found["design"]


@pytest.mark.parametrize("words", ["différence moyenne standardisée (DMS)", "différences moyennes standardisées",
                                   "standardised mean difference", "standardized mean difference", "SMD"])
def test_a_standardised_mean_difference_is_its_own_measure(words):
    """A meta-analysis's standardised mean difference (in standard deviations) is not a mean
    difference in the outcome's unit: SMD, with a null line at 0 as the differences."""
    methods = "Revue systématique avec méta-analyse. Critère principal : symptômes évalués par les enseignants."
    results = f"Symptômes évalués par les enseignants (19 essais, 1698 participants) : {words} -0,77 (IC95% -0,90 à -0,64)."
    assert _primary(methods, results) == ("SMD", -0.77, -0.9, -0.64)


@pytest.mark.parametrize("threshold", ["minimally important difference 5 points", "minimal important difference of 1 cm",
                                       "minimal clinically important difference 10 points",
                                       "différence minimale cliniquement pertinente de 10 points"])
def test_a_minimally_important_difference_is_a_threshold_not_an_effect(threshold):
    methods = ("Meta-analysis of randomised trials. Primary outcomes: pain intensity on a 10 cm visual analogue scale "
               f"(minimal difference 1 cm), physical functioning on the SF-36 physical component score (0-100; {threshold}), "
               "and vomiting.")
    results = "Pain, opioids vs placebo: weighted mean difference -0.69 cm (95% CI -0.82 to -0.56)."
    assert _primary(methods, results) == ("MD", -0.69, -0.82, -0.56)


@pytest.mark.parametrize("total", ["1805 children in all", "1805 children in total", "1805 enfants au total"])
def test_a_total_after_its_parts_is_n_with_a_total_word(total):
    methods = ("Population-based case-control study. Cases were 298 children with autism; controls were 1507 randomly "
               f"selected children, {total}.")
    assert _extract(methods, "No association.")["n"] == 1805


@pytest.mark.parametrize("people", ["female players", "joueuses", "pupils", "élèves", "soldiers", "workers",
                                    "blood donors", "teenagers", "adolescentes"])
def test_the_people_of_a_trial_outside_the_clinic_are_counted(people):
    methods = (f"Cluster randomised trial: 125 football clubs. Participants were 1892 {people} aged 13-17 "
               "(1055 in the intervention group, 837 in the control group).")
    assert _extract(methods, "Injuries fell.")["n"] == 1892


def test_design_and_setting_is_a_methods_heading():
    from mia.model.sections import inferred_role

    assert inferred_role("Design and setting") == "methods"
    assert inferred_role("Setting and participants") == "methods"


@pytest.mark.parametrize(("name", "plural"), [("grossesse", "grossesses"), ("death", "deaths"),
                                              ("infection", "infections"), ("fracture", "fractures")])
def test_the_outcome_s_name_is_found_in_the_plural(name, plural):
    """"Critère principal : taux de grossesse …" … "15 grossesses sur 844 femmes …, odds ratio 0,68
    (…)": the trial's own result, before a pooled analysis saying "grossesse" later."""
    methods = f"Essai randomisé de non-infériorité. Critère principal : {name} dans les 72 heures."
    results = (f"Traitement dans les 72 heures : 15 {plural} sur 844 femmes contre 22 sur 852, odds ratio 0,68 "
               f"(IC 95 % 0,35–1,31). Ensuite, le risque de {name} est réduit : OR 0,58 (IC 95 % 0,33–0,99).")
    assert _primary(methods, results) == ("OR", 0.68, 0.35, 1.31)


@pytest.mark.parametrize("citation", ["(Heddle, Blood 2009)", "(Lee, JAMA Intern Med 2019)",
                                      "(Waldén, BMJ 2012)", "(Hviid, NEJM 2013; 626 875 naissances)"])
def test_a_sentence_citing_a_paper_in_brackets_is_about_another_study(citation):
    methods = "Essai randomisé ouvert. Critère principal : saignement de grade 2 ou plus jusqu'à J30."
    results = (f"Dans SToP {citation}, le saignement de grade 2 était aussi fréquent (RR 1,05 ; IC 95 % 0,74–1,50). "
               "Ici, un saignement est survenu chez 50 % contre 43 % : différence de 8,4 points (IC 95 % 1,7 à 15,2).")
    assert _primary(methods, results) == ("ARD", 8.4, 1.7, 15.2)


@pytest.mark.parametrize("verb", ["diminue de", "a diminué de", "baisse de", "est réduite de", "decreased by",
                                  "was reduced by", "improved by"])
@pytest.mark.parametrize("unit", ["mm", "mmHg", "kg", "jours"])
@pytest.mark.parametrize("signs", ["magnitude", "signed"])
def test_a_change_in_a_unit_named_by_its_verb_with_an_interval_is_a_mean_difference(verb, unit, signs):
    """"Sous morphine, la dyspnée du matin diminue de 6,6 mm (IC 95 % 1,6 à 11,6 ; p = 0,011)": a
    mean difference, its interval written as the value is (a size, or signed as a reduction)."""
    interval = "1,6 à 11,6" if signs == "magnitude" else "-11,6 à -1,6"
    methods = "Essai randomisé croisé en double aveugle. Critère principal : intensité de la dyspnée le matin."
    results = f"Sous morphine, l'intensité de la dyspnée {verb} 6,6 {unit} (IC 95 % {interval} ; p = 0,011)."
    found = _primary(methods, results)
    assert found[0] == "MD" and abs(found[1]) == 6.6 and (found[2], found[3]) in ((1.6, 11.6), (-11.6, -1.6))
    assert (found[1] > 0) == (signs == "magnitude")


@pytest.mark.parametrize("results", [
    "Sous morphine, l'intensité de la dyspnée diminue de 6,6 mm, sans intervalle donné.",  # no interval
    "Sous morphine, l'intensité de la dyspnée diminue de 6,6 mm (IC 95 % 8,1 à 11,6).",  # it does not hold the value
])
def test_a_change_by_its_verb_needs_an_interval_that_holds_it(results):
    methods = "Essai randomisé croisé en double aveugle. Critère principal : intensité de la dyspnée le matin."
    assert _extract(methods, results)["primary"] is None


@pytest.mark.parametrize(("header", "row"), [
    ("Critère    HR    IC 95 %", "Anévrisme ou dissection    1,66    1,12–2,46"),
    ("Critère    OR    95% CI    p", "Anévrisme ou dissection    1,66    1,12–2,46    0,01"),
    ("Critère    RR    Intervalle", "Anévrisme ou dissection    1,66    1,12 à 2,46"),
])
def test_a_table_s_interval_in_a_column_of_its_own_is_the_effect_s(header, row):
    methods = "Étude de cohorte nationale. Critère principal : anévrisme ou dissection aortique à 60 jours."
    results = f"Résultats du modèle de Cox :\n{header}\n{row}\nAnévrisme seul    1,90    1,22–2,96" + (
        "    0,02" if header.endswith("p") else "")
    found = _primary(methods, results)
    assert found[1:] == (1.66, 1.12, 2.46)


@pytest.mark.parametrize("verb", ["were recruited", "ont été recrutés", "were randomised"])
def test_people_invited_are_not_n_those_recruited_are(verb):
    found = _extract(f"Cluster randomised trial. Of 1510 people invited, 423 accepted and 306 {verb}.", "Remission.")
    assert found["n"] == 306


@pytest.mark.parametrize("lead", ["(oral moins IV) après imputation des données manquantes :",
                                  "in the modified intention-to-treat population, after multiple imputation:"])
def test_a_value_after_a_colon_ends_a_long_lead(lead):
    methods = "Essai randomisé ouvert de non-infériorité. Critère principal : échec du traitement à un an."
    results = f"L'échec est survenu chez 14,6 % contre 13,2 %. Différence de risque {lead} -1,4 point (IC à 90 % -4,9 à 2,2)."
    assert _primary(methods, results) == ("ARD", -1.4, -4.9, 2.2)


def test_two_arms_counts_of_people_excluded_are_not_n():
    methods = ("Randomised trial of an invitation to screening. After randomisation, 175 participants in the invited "
               "group and 419 in the usual-care group were excluded because they had already died. In all, 84 585 "
               "participants were included in the analysis.")
    assert _extract(methods, "No difference.")["n"] != 594


@pytest.mark.parametrize(("cases", "controls"), [(58769, 225574), (298, 1507), (1203, 4812)])
def test_a_total_after_its_parts_is_n_among_other_numbers(cases, controls):
    """"Cas : 58 769 patients de 55 ans ou plus … entre 2004 et 2016 ; témoins : 225 574 sujets …,
    soit 284 343 participants": the counts of people add up, the age and the years do not."""
    total = cases + controls
    methods = (f"Étude cas-témoins nichée. Cas : {cases} patients de 55 ans ou plus avec une démence entre 2004 et "
               f"2016 ; témoins : {controls} sujets appariés sur l'âge, soit {total} participants.")
    assert _extract(methods, "Pas d'association.")["n"] == total


@pytest.mark.parametrize("heading", ["Ce qu'elle montre", "Ce que montre l'essai", "Bilan chiffré"])
def test_results_under_a_heading_mia_does_not_read_are_still_linked(heading):
    """The results stand under a heading that names no section ("Ce qu'elle montre"): they join
    the section before, and the outcome's words are looked for there."""
    sections = [("Méthode", "Essai randomisé ouvert de 249 patients. Critère principal : survenue d'une pancréatite "
                            "modérément sévère ou sévère."),
                (heading, "Une pancréatite modérément sévère ou sévère est survenue chez 22,1 % contre 17,3 % "
                          "(RR ajusté 1,30 ; IC 95 % 0,78–2,18 ; p = 0,32).")]
    found = extract_key_results(sections)
    assert (found["primary"]["measure"], found["primary"]["value"]) == ("RR", 1.3)
