"""Schwartz–Hearst: acronyms the reviews define, in English and in French."""

from __future__ import annotations

from mia.search.acronyms import best_long_form, find_acronyms


def test_english_long_form_then_short_form():
    text = "Patients with heart failure (HF) and atrial fibrillation (AF) were randomised."
    assert find_acronyms(text) == [("HF", "heart failure"), ("AF", "atrial fibrillation")]


def test_french_long_form_with_accents_and_elision():
    text = "L’insuffisance cardiaque (IC) et les glucocorticoïdes (GC) ; l'intervalle de confiance (IC)."
    assert find_acronyms(text) == [
        ("IC", "insuffisance cardiaque"),
        ("GC", "glucocorticoides"),
        ("IC", "intervalle de confiance"),
    ]


def test_hyphenated_long_form():
    text = "Cette étude s'intéresse à l'utilisation de mycophenolate-mofetil (MMF) en combinaison."
    assert find_acronyms(text) == [("MMF", "mycophenolate-mofetil")]


def test_short_form_then_long_form():
    assert find_acronyms("Le TPI (thrombocytopénie immune) est rare.") == [("TPI", "thrombocytopenie immune")]
    assert find_acronyms("MMF (mycophenolate mofetil) was given.") == [("MMF", "mycophenolate mofetil")]


def test_parentheses_that_define_nothing_are_ignored():
    text = (
        "HR 0.41 (95% IC 0.21-0.80) ; p=0.008. Les patient(e)s (ou leurs proches) et "
        "les cas réfractaires (6.8% des cas)."
    )
    assert find_acronyms(text) == []


def test_the_first_letter_must_start_a_word():
    assert best_long_form("TP", "of the total platelets") == "total platelets"
    assert best_long_form("HF", "chief complaint") is None
