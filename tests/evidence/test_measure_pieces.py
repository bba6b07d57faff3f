"""The quick tests of the measure and primary-outcome patterns (`extract._may_name_a_measure`,
`_names_the_primary`): a sentence they turn away must be one the pattern finds nothing in.
Checked on the sample reviews' sentences and on wordings generated in both languages, in
several cases and surroundings."""

from __future__ import annotations

import itertools

import pytest

from mia.evidence import extract
from sample_sentences import SAMPLE_PATHS, sample_sentences


# Every alternative of the measure patterns, as reviews write them.
WORDINGS = [
    "hazard ratio 0,79", "HR 0,79", "aHR 0.8", "rapport des risques instantanés 0,7", "odds ratio 1,6", "OR 1,6",
    "aOR 2.1", "rapport des cotes 2,1", "risk ratio 0.42", "relative risk 0.42", "risque relatif 0,42", "RR 0,42",
    "rapport de risques 0,5", "rate ratio 0.85", "incidence rate ratio 0.7", "IRR 0.7", "rapport des taux 0,47",
    "ratio des taux 0,5", "absolute risk difference -4.2 %", "risk difference -11 points", "ARD -4",
    "différence de risque absolu -3 %", "différence absolue -6,6 points", "différence de 5 %",
    "différence de +2,4 points de pourcentage", "plus élevé de 3 points (IC 95 % 1 à 5)",
    "higher by 3 percentage points (95% CI 1 to 5)", "mean difference -1.5", "MD -1,5", "WMD 0.3",
    "différence moyenne -12 mg", "différences de moyennes 4", "difference in means 0.45",
    "différence -12,4 points (IC 95 % -15 à -9)", "relative risk reduction 20 % (95% CI 6 to 27)",
    "réduction relative du risque de 20 %", "RRR 20 %", "diminution relative de 30 %",
    "inférieur de 23 % (IC 95 % 4 à 38)", "réduit de 47 % (IC 95 % 28-60)", "diminué de 10 % (IC 95 % 2-18)",
    "abaissé de 12 % (IC 95 % 3-20)", "baissé de 8 % (IC 95 % 1-15)", "lower by 21% (95% CI 10-30)",
    "reduced by 21% (95% CI 10-30)", "decreased by 15% (95% CI 5-25)", "relative increase 12 %",
    "augmentation relative du risque de 30 %", "supérieur de 15 % (IC 95 % 2-30)", "augmenté de 15 % (IC 95 % 2-30)",
    "accru de 15 % (IC 95 % 2-30)", "higher by 15% (95% CI 2-30)", "increased by 15% (95% CI 2-30)",
    "absolute risk reduction 5.2", "réduction absolue du risque de 5,2 points", "ARR 5.2",
    "diminution absolue de 4 points", "+8,0 lettres contre +8,5 (différence -0,5 lettre)",
    "88,2 % vs 85,8 % (différence de +2,4 points)",
    # (version 21) adjusted ratios written with a trailing a, efficacies, effect sizes
    "ORa 1,49", "HRa 0,8", "RRa 0,7", "efficacité protectrice de 61 % (IC 95 % 8-83)", "efficacy was 45% (95% CI 30-60)",
    "effect size 0.30", "pooled effect size 0,3", "taille d'effet 0,3",
    "la différence de variation du score était de 3,56 points (IC 95 % -0,27 à 7,40)",
    # (version 25) Cohen's d and Hedges' g with their interval
    "d = 1,46 (IC 95% 0,91-2,01)", "g=0.45 (95% CI 0.21-0.69)",
]
FRAMES = ["{}", "Critère principal : {} (p = 0,03).", "The primary outcome: {}; p < 0.001.", "({})"]
CASES = [str, str.upper, str.capitalize]


def test_generated_wordings_of_every_measure_pass_the_quick_test():
    named = 0
    for wording, frame, case in itertools.product(WORDINGS, FRAMES, CASES):
        sentence = case(frame.format(wording))
        if extract._MEASURE_RE.search(sentence):
            named += 1
            assert extract._may_name_a_measure(sentence), sentence
    assert named > len(WORDINGS) * len(FRAMES)  # (most wordings are measures in every case)


@pytest.mark.parametrize("path", SAMPLE_PATHS, ids=lambda p: p.stem)
def test_the_sample_reviews_sentences_naming_a_measure_pass_the_quick_test(path):
    for sentence in sample_sentences(path):
        if extract._MEASURE_RE.search(sentence):
            assert extract._may_name_a_measure(sentence), sentence


@pytest.mark.parametrize("sentence", ["Les patients avaient 64 ans en moyenne.", "N = 222 adults were included."])
def test_a_sentence_naming_no_measure_is_turned_away(sentence):
    assert not extract._may_name_a_measure(sentence)


# The primary outcome's wordings (`_names_the_primary` before `_PRIMARY_RE`).
PRIMARY_WORDINGS = ["critère principal", "critère de jugement principal", "critères primaires", "critère d'efficacité principal",
                    "issue primaire", "issues principales", "primary outcome", "primary efficacy end point",
                    "primary endpoints", "primary analysis", "main outcome", "objectif principal", "résultat principal",
                    "outcome primaire", "co-primary outcomes", "coprimaires", "ISP"]


def test_generated_wordings_of_the_primary_outcome_pass_its_quick_test():
    for wording, frame, case in itertools.product(PRIMARY_WORDINGS, FRAMES, CASES):
        sentence = case(frame.format(wording))
        if extract._PRIMARY_RE.search(sentence):
            assert extract._names_the_primary(sentence), sentence
    assert extract._names_the_primary("Critère principal : décès.") and not extract._names_the_primary("N = 222.")


@pytest.mark.parametrize("path", SAMPLE_PATHS, ids=lambda p: p.stem)
def test_the_sample_reviews_sentences_naming_the_primary_outcome_pass_its_quick_test(path):
    for sentence in sample_sentences(path):
        assert bool(extract._names_the_primary(sentence)) == bool(extract._PRIMARY_RE.search(sentence)), sentence


# Every alternative of the other-study pattern (version 21), as reviews write them.
OTHER_STUDY_WORDINGS = [
    "un précédent essai", "l'essai précédent", "les études antérieures", "des travaux antérieurs", "précédemment montré",
    "antérieurement rapporté", "previously reported", "previous trials", "prior studies", "earlier trials",
    "d'autres études", "other studies", "autres essais", "un autre essai", "une autre étude", "another trial",
    "contrairement aux études", "contrairement à SPRINT", "unlike the previous trial", "unlike COMPASS",
    "avaient montré", "had shown", "have shown", "a déjà été montré", "ont déjà rapporté", "already shown",
    "la littérature", "the literature", "Smith et al.", "Smith et  al",
]


def test_generated_wordings_of_another_study_pass_the_quick_test():
    found = 0
    for wording, frame, case in itertools.product(OTHER_STUDY_WORDINGS, FRAMES, CASES):
        sentence = case(frame.format(wording))
        if extract._OTHER_STUDY_WORDS.search(sentence):
            found += 1
            lowered = sentence.lower()
            assert any(piece in lowered for piece in extract._OTHER_STUDY_PIECES) or extract._ET_AL.search(sentence), sentence
            assert extract._about_other_study(sentence), sentence
    assert found >= len(OTHER_STUDY_WORDINGS) * len(FRAMES) * 2


@pytest.mark.parametrize("path", SAMPLE_PATHS, ids=lambda p: p.stem)
def test_the_sample_reviews_sentences_about_another_study_pass_the_quick_test(path):
    for sentence in sample_sentences(path):
        if extract._OTHER_STUDY_WORDS.search(sentence):
            assert extract._about_other_study(sentence), sentence
