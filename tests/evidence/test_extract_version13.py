"""Extractor rules of version 13, each on generated variants (the misses of a fifth blind probe of
fourteen reviews written by busier reviewers: bullets, numbers first, unusual headings): an
estimated or adjusted difference, a value never cut by the end of its window, the counts of a
sentence describing one arm, trials counted by a meta-analysis, more ways of saying open-label
and of naming several places."""

from __future__ import annotations

import itertools

import pytest

from mia.evidence.extract import extract_key_results


@pytest.mark.parametrize("lead, value", list(itertools.product(
    ["différence estimée", "différence ajustée", "estimated difference", "adjusted difference"],
    ["7,8 points", "5,5 mmHg", "0.45"])))
def test_an_estimated_or_adjusted_difference_with_its_interval_is_a_mean_difference(lead, value):
    found = extract_key_results([("Résultats", f"Pour le critère principal, {lead} {value} (IC 95 % 0,1 à 9,9).")])
    assert found["primary"]["measure"] == "MD", found["flags"]


@pytest.mark.parametrize("padding", ["", "par rapport aux soins", "par rapport aux soins habituels", "ajustée sur le centre et l'âge"])
def test_a_value_is_never_cut_by_the_end_of_its_window(padding):
    found = extract_key_results([("Résultats", f"Critère principal. Différence moyenne {padding} : −3,5 mmHg (IC 95 % −5,8 à −1,2).")])
    primary = found["primary"]
    assert primary is not None and primary["value"] == -3.5, (padding, primary)


@pytest.mark.parametrize("label, other", [("Arm 1:", "Arm 2:"), ("Arm A.", "Arm B."), ("- Bras 1 :", "- Bras 2 :"),
                                          ("Groupe B :", "Groupe C :"), ("Group 2 –", "Group 3 –")])
def test_the_counts_of_a_sentence_describing_one_arm_are_no_total(label, other):
    found = extract_key_results([("Methods", f"Randomised trial. 121 young, active adults with an acute tear. "
                                             f"{label} early reconstruction (n = 62). {other} rehabilitation (n = 59).")])
    assert found["n"] == 121, found["flags"]


@pytest.mark.parametrize("trials", ["81 randomised trials", "81 randomised controlled trials", "81 essais randomisés",
                                    "12 included studies"])
def test_the_trials_a_meta_analysis_counts_are_not_its_n(trials):
    found = extract_key_results([("Results", f"{trials} with 53,537 participants were included.")])
    assert found["n"] == 53537, found["flags"]


@pytest.mark.parametrize("sentence", [
    "Neither patients nor treating clinicians could be blinded to the strategy.",
    "The surgeons could not be blinded.",
    "Participants were not masked to their allocation.",
    "Les patients n'ont pas pu être mis en aveugle.",
])
def test_more_ways_of_saying_open_label(sentence):
    assert "open-label" in extract_key_results([("Methods", "Randomised trial. " + sentence)])["design"]


@pytest.mark.parametrize("sentence, several", [
    ("Essai randomisé mené en Pologne, Norvège et Suède.", True),
    ("A randomised trial conducted in France and Belgium.", True),
    ("Essai randomisé dans 142 cabinets de médecine générale.", True),
    ("A randomised trial in 52 general practices.", True),
    ("A randomised trial conducted in adults and children.", False),
    ("Essai randomisé mené en France.", False),
])
def test_more_ways_of_naming_several_places(sentence, several):
    assert ("multicentre" in extract_key_results([("Methods", sentence)])["design"]) is several
