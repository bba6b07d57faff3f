"""Extractor rules of version 8, each on generated variants (the misses of a second blind probe of
twelve reviews): N written in words or as arms, a number glued to letters is part of a name,
more ways of saying open-label and multicentre, the effect opening the sentence after one that
names the outcome without an effect, and a percentage restating the next sentence's effect."""

from __future__ import annotations

import random

import pytest

from mia.evidence.extract import extract_key_results

FR_UNITS = ["", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
            "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf"]
FR_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}
EN_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
            "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def french(n: int) -> str:
    """A number below 10,000 in French words, written here independently of mia's reader."""
    def below_100(x: int) -> str:
        if x < 20:
            return FR_UNITS[x]
        tens, unit = divmod(x, 10)
        if tens in (7, 9):
            return ("soixante" if tens == 7 else "quatre-vingt") + "-" + FR_UNITS[10 + unit]
        if tens == 8:
            return "quatre-vingt" + ("-" + FR_UNITS[unit] if unit else "s")
        return FR_TENS[tens] + (" et un" if unit == 1 else ("-" + FR_UNITS[unit] if unit else ""))

    def below_1000(x: int) -> str:
        hundreds, rest = divmod(x, 100)
        head = "" if not hundreds else ("cent" if hundreds == 1 else FR_UNITS[hundreds] + " cent")
        return " ".join(p for p in (head, below_100(rest) if rest else "") if p)

    thousands, rest = divmod(n, 1000)
    head = "" if not thousands else ("mille" if thousands == 1 else FR_UNITS[thousands] + " mille")
    return " ".join(p for p in (head, below_1000(rest) if rest else "") if p)


def english(n: int) -> str:
    def below_100(x: int) -> str:
        if x < 20:
            return EN_UNITS[x]
        tens, unit = divmod(x, 10)
        return EN_TENS[tens] + ("-" + EN_UNITS[unit] if unit else "")

    def below_1000(x: int) -> str:
        hundreds, rest = divmod(x, 100)
        head = EN_UNITS[hundreds] + " hundred" if hundreds else ""
        return " ".join(p for p in (head, below_100(rest) if rest else "") if p)

    thousands, rest = divmod(n, 1000)
    head = EN_UNITS[thousands] + " thousand" if thousands else ""
    return " ".join(p for p in (head, below_1000(rest) if rest else "") if p)


NUMBERS = sorted(set(random.Random(8).sample(range(2, 10000), 60)) | {21, 71, 80, 90, 99, 640, 769, 821})


@pytest.mark.parametrize("n", NUMBERS)
def test_a_number_of_patients_written_in_words_is_n(n):
    fr = french(n)
    found = extract_key_results([("Méthodes", f"Essai randomisé. {fr[0].upper() + fr[1:]} patients ont été randomisés.")])
    assert found["n"] == n, fr
    en = english(n)
    found = extract_key_results([("Methods", f"Randomised trial. {en[0].upper() + en[1:]} patients were enrolled.")])
    assert found["n"] == n, en


@pytest.mark.parametrize("sentence, n", [
    ("The trial included two arms of 776 patients.", 1552),
    ("Essai randomisé en deux bras de 600 patients.", 1200),
    ("Trois groupes égaux de 150 patients ont été constitués.", 450),
    ("410 patients ont été assignés au bras pembrolizumab et 206 au bras placebo.", 616),
    ("300 patients were assigned to the drug arm and 298 to the placebo arm.", 598),
    ("1 200 patients randomisés : 600 dans le groupe A et 600 dans le groupe B.", 1200),  # (the total is stated)
    ("Eight hundred twenty-one patients were enrolled, 418 in the alteplase group and 403 in the placebo group.", 821),
])
def test_n_from_the_arms_of_a_sentence(sentence, n):
    found = extract_key_results([("Methods", "Randomised trial. " + sentence)])
    assert found["n"] == n and not any(f.startswith("two different N") for f in found["flags"])


@pytest.mark.parametrize("name", ["EQ-5D", "EQ5D", "COVID-19", "IL-6", "SF-36"])
def test_a_number_glued_to_letters_is_part_of_a_name(name):
    text = f"The primary outcome was the change in the {name} score: mean difference 0.01 (95% CI -0.001 to 0.03)."
    primary = extract_key_results([("Results", text)])["primary"]
    assert (primary["measure"], primary["value"], primary["ci_low"]) == ("MD", 0.01, -0.001)


@pytest.mark.parametrize("sentence, tag", [
    ("CODA was a pragmatic, nonblinded, noninferiority randomised trial.", "open-label"),
    ("A randomised trial conducted at 25 US centres.", "multicentre"),
    ("KEYNOTE-189 est un essai international de phase 3, randomisé.", "multicentre"),
    ("A multinational randomised trial.", "multicentre"),
    ("Étude randomisée multinationale en double aveugle.", "multicentre"),
])
def test_more_ways_of_stating_a_design(sentence, tag):
    assert tag in extract_key_results([("Methods", sentence)])["design"]


def test_international_recommendations_make_no_multicentre_trial():
    design = extract_key_results([("Méthodes", "Essai randomisé selon les recommandations internationales.")])["design"]
    assert "multicentre" not in design


@pytest.mark.parametrize("naming, results", [
    ("Le critère principal était la variation du score MADRS entre l'inclusion et le jour 28.",
     "Le score MADRS baissait de 21,4 points contre 17,0 points. La différence moyenne était de -4,0 (IC 95 % -7,31 ; -0,64), p = 0,020."),
    ("The coprimary end points were adjudicated major adverse cardiovascular events (MACE) and cancers.",
     "MACE occurred in 3.4% and 2.5% of patients. The hazard ratio was 1.33 (95% CI, 0.91 to 1.94)."),
])
def test_the_sentence_naming_the_outcome_in_the_results_and_the_next_one_opening_on_its_effect(naming, results):
    primary = extract_key_results([("Méthodes", naming), ("Résultats", results)])["primary"]
    assert primary is not None and primary["ci_low"] in (-7.31, 0.91)


@pytest.mark.parametrize("restatement", ["soit une réduction relative du risque de 30 %", "a relative risk reduction of 30%"])
def test_a_percentage_restating_the_next_sentences_effect_gives_way_to_it(restatement):
    text = (f"Le critère principal est survenu moins souvent sous canagliflozine, {restatement}. "
            "HR 0,70 ; IC 95 % 0,59 à 0,82 ; p = 0,00001.")
    primary = extract_key_results([("Résultats", text)])["primary"]
    assert (primary["measure"], primary["value"], primary["ci_low"], primary["p"]) == ("HR", 0.7, 0.59, "0.00001")


def test_a_stated_total_wins_over_the_arms():
    found = extract_key_results([("Méthodes", "6 190 patients ont été randomisés en deux bras de 3 098 (fébuxostat) "
                                              "et 3 092 (allopurinol).")])
    assert found["n"] == 6190
