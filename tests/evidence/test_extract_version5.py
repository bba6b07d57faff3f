"""Extractor rules of versions 5 and 6, each on generated variants of its family of sentences (the misses
of a blind probe of ten new reviews): a trial run in several places is multicentre; patients
allowed to cross over make no crossover trial; a percentage change followed by the ratio it
restates gives that ratio; an outcome named by one word is found through the words of its family
("mortalité" … "sont décédés"); (6) the next sentence's effect, when the words before it only
name the arms the outcome's sentence compared."""

from __future__ import annotations

import itertools

import pytest

from mia.evidence.extract import extract_key_results


def results(methods: str, results_text: str = "") -> dict:
    sections = [("Méthodes", methods)] + ([("Résultats", results_text)] if results_text else [])
    return extract_key_results(sections)


PLACES = [("{n} hôpitaux de {m} pays", True), ("{n} centres", True), ("{n} trial sites", True),
          ("{n} sites in {m} countries", True), ("{n} clinics", True), ("{n} établissements", True),
          ("{n} pays", True), ("1 centre", False), ("{n} unités de sang", False), ("{n} services", False)]
LEADS = ["Essai randomisé en double aveugle mené dans {places}.", "A randomised, double-blind trial run at {places}.",
         "L'essai, randomisé, a été conduit dans {places} entre 2015 et 2018."]


@pytest.mark.parametrize("place, lead, counts", [
    (place, lead, counts) for (place, counts), lead in itertools.product(PLACES, LEADS)])
@pytest.mark.parametrize("n, m", [("164", "15"), ("2", "3"), ("1 204", "40")])
def test_a_trial_run_in_several_places_is_multicentre(place, lead, counts, n, m):
    design = results(lead.format(places=place.format(n=n, m=m)))["design"]
    assert "rct" in design
    assert ("multicentre" in design) == counts, design


SWITCHES = ["Cross-over autorisé vers le pembrolizumab en cas de progression.",
            "Le cross-over était autorisé à la progression.",
            "Crossover to the active drug was allowed at progression.",
            "Crossover was permitted after the primary analysis.",
            "Les patients du bras placebo pouvaient cross-over vers le traitement actif."]
DESIGNS = ["Essai randomisé en cross-over, double aveugle.", "A randomised crossover trial in 40 patients.",
           "Essai croisé (cross-over) randomisé de 12 semaines."]


@pytest.mark.parametrize("sentence", SWITCHES)
def test_patients_allowed_to_cross_over_make_no_crossover_trial(sentence):
    design = results("Essai randomisé de phase 3 en double aveugle. " + sentence)["design"]
    assert "crossover" not in design and "rct" in design


@pytest.mark.parametrize("sentence", DESIGNS)
def test_a_crossover_design_is_still_one(sentence):
    assert "crossover" in results(sentence)["design"]


PARAPHRASES = ["une réduction relative du risque de {pct} % ({ratio} ; IC95% {lo}-{hi} ; p=0,00001)",
               "a relative risk reduction of {pct}% ({ratio}; 95% CI {lo} to {hi}; p<0.001)",
               "soit une diminution relative de {pct} % [{ratio}, IC 95 % {lo} à {hi}]"]
RATIOS = ["HR 0,70", "hazard ratio 0,70", "RR 0,70", "OR 0,70"]


@pytest.mark.parametrize("wording, ratio", list(itertools.product(PARAPHRASES, RATIOS)))
def test_a_percentage_change_followed_by_its_ratio_gives_the_ratio(wording, ratio):
    english = wording.startswith("a relative")
    as_text = (lambda x: x.replace(",", ".")) if english else (lambda x: x)
    sentence = wording.format(pct=30, ratio=as_text(ratio), lo=as_text("0,59"), hi=as_text("0,82"))
    found = results("Essai randomisé.", f"Le critère principal (décès ou dialyse) survenait moins souvent, {sentence}.")
    primary = found["primary"]
    assert primary["measure"] == ratio.split()[0].replace("hazard", "HR").replace("ratio", "HR")
    assert (primary["value"], primary["ci_low"], primary["ci_high"]) == (0.7, 0.59, 0.82)


def test_a_percentage_change_alone_is_still_the_ratio_it_restates():
    found = results("Essai randomisé.", "Critère principal : décès. Réduction relative du risque de 25 % "
                                         "(IC 95 % 10 à 38), p = 0,002.")
    assert (found["primary"]["measure"], found["primary"]["value"]) == ("RR", 0.75)


OUTCOMES = [("la mortalité toutes causes à 90 jours", "{n} patients sont décédés dans chaque groupe"),
            ("la mortalité à J28", "les décès étaient aussi fréquents ({n} contre {n})"),
            ("all-cause mortality at 90 days", "{n} patients died in each group"),
            ("mortality at one year", "deaths were similar ({n} vs {n})"),
            ("le taux d'hospitalisation", "{n} patients ont été hospitalisés"),
            ("la récidive à un an", "une rechute survenait chez {n} patients")]


@pytest.mark.parametrize("outcome, said", OUTCOMES)
def test_an_outcome_named_by_one_word_is_found_through_its_family(outcome, said):
    effect = "OR 0,95 ; IC95% 0,82–1,10 ; p = 0,50"
    found = results("Essai randomisé.", f"Le critère principal était {outcome}. L'effet secondaire majeur était "
                                         f"une nausée. Au total, {said.format(n=412)} ({effect}).")
    assert found["primary"] is not None
    assert (found["primary"]["measure"], found["primary"]["value"]) == ("OR", 0.95)


ARMS = [("Le critère principal était atteint chez 80 % des patients sous placebo, 81 % sous tamsulosine et "
         "80 % sous nifédipine.", "Ni la tamsulosine ({effect}) ni la nifédipine (OR 1,07) ne faisaient mieux."),
        ("The primary outcome occurred in 12% with dapagliflozin and 15% with placebo.",
         "Dapagliflozin ({effect}) was better than placebo."),
        ("Critère principal : 4,3 % dans le groupe déclenchement et 5,4 % dans le groupe expectatif.",
         "Le déclenchement ({effect}) ne faisait pas mieux.")]
OTHERS = ["Les infections étaient plus fréquentes ({effect}).", "Nausea was more frequent with the drug ({effect})."]


@pytest.mark.parametrize("naming, following", ARMS)
@pytest.mark.parametrize("effect", ["OR 1,04 ; IC 95% 0,77–1,43", "odds ratio OR 1,04 ; IC 95% 0,77–1,43"])
def test_the_next_sentence_naming_only_the_compared_arms_gives_the_effect(naming, following, effect):
    found = extract_key_results([("Résultats", naming + " " + following.format(effect=effect))])["primary"]
    assert found is not None and (found["measure"], found["value"], found["ci_high"]) == ("OR", 1.04, 1.43)


@pytest.mark.parametrize("naming", [naming for naming, _ in ARMS])
@pytest.mark.parametrize("other", OTHERS)
def test_the_next_sentence_about_something_else_gives_no_primary_effect(naming, other):
    text = naming + " " + other.format(effect="RR 1,5 ; IC 95% 1,1-2,0")
    assert extract_key_results([("Résultats", text)])["primary"] is None


GROUPS = [("déclenchement entre 39 et 40 semaines (N = {a}) ou attitude expectative (N = {b})", "fr"),
          ("drug (n={a}) or placebo (n={b})", "en"),
          ("bras A (n = {a}), bras B (n = {b}) et bras C (n = {c})", "fr")]


@pytest.mark.parametrize("groups, lang", GROUPS)
@pytest.mark.parametrize("a, b, c", [(3062, 3044, 100), (120, 118, 119)])
def test_the_groups_of_a_methods_sentence_add_up_to_n_when_no_total_is_stated(groups, lang, a, b, c):
    lead = "Essai randomisé : " if lang == "fr" else "Randomised trial: "
    found = extract_key_results([("Méthodes", lead + groups.format(a=f"{a:,}".replace(",", " "), b=b, c=c) + ".")])
    counts = [a, b] + ([c] if "{c}" in groups else [])
    assert found["n"] == sum(counts)
    assert f"N is the sum of the groups' counts ({' + '.join(map(str, counts))})" in found["flags"]


def test_a_stated_total_wins_and_counts_in_the_results_are_never_summed():
    found = extract_key_results([("Méthodes", "Essai randomisé de 1 200 patients : A (n=600) ou B (n=600).")])
    assert found["n"] == 1200 and not any("sum of the groups" in f for f in found["flags"])
    found = extract_key_results([("Méthodes", "Essai randomisé."),
                                 ("Résultats", "Événements : groupe A (n = 30), groupe B (n = 45).")])
    assert found["n"] is None
