"""The shipped lexicon's lay forms (src/mia/lexicon/README.md, item 9): a query in a patient's
words finds the review written in clinical words only, before a review holding the query's
lay words in another sense. One case a family: drug classes named by what they treat, routes
and devices, body parts, clinical states, populations (phrasings of our own, not the probes')."""

from __future__ import annotations

import pytest
from search_support import make_store, numbers, record

from mia.search import run_search

CASES = {
    # (b) a drug class in lay words finds its members' reviews
    "class: médicament pour le cholestérol": (
        "médicament pour le cholestérol après un infarctus",
        "Atorvastatine à forte dose après un infarctus du myocarde : moins de récidives.",
        "Le cholestérol des patients hospitalisés après un infarctus : un registre.",
    ),
    "class through its subclasses: médicament pour les os": (
        "médicament pour les os après une fracture du poignet",
        "Acide zolédronique après une fracture du poignet chez la femme ménopausée.",
        "Après une fracture du poignet de l'adulte : plâtre ou plaque ? La consolidation des os.",
    ),
    "new class: anti-saignement": (
        "médicament anti-saignement en chirurgie cardiaque",
        "Acide tranexamique en chirurgie cardiaque : moins de transfusions, plus de convulsions ?",
        "Le saignement en chirurgie cardiaque et le choix du médicament antiagrégant : un registre.",
    ),
    "class in English: weight-loss jabs": (
        "weight-loss jabs and heart attacks",
        "Semaglutide in adults with obesity without diabetes: fewer myocardial infarctions.",
        "Heart attacks in adults who try diets: jabs of reality.",
    ),
    # (a) routes and devices
    "route: piqûre": (
        "une piqûre par mois contre la migraine",
        "Érénumab en injection mensuelle dans la migraine épisodique.",
        "Migraine : tenir un journal par mois des crises.",
    ),
    "device: opération par sonde": (
        "opération par sonde pour un rétrécissement aortique",
        "TAVI contre remplacement valvulaire chirurgical dans le rétrécissement aortique serré.",
        "Rétrécissement aortique : une opération à cœur ouvert ou la surveillance ?",
    ),
    # (a) body parts
    "body part: coup sur la tête": (
        "coup sur la tête chez le sportif",
        "Commotion cérébrale du sportif : quand reprendre le jeu ?",
        "Tête et cou du sportif : prévenir les blessures à l'entraînement.",
    ),
    # (c) clinical states
    "state: cœur qui bat trop vite": (
        "cœur qui bat trop vite après le covid",
        "Tachycardie persistante après une COVID-19 : un essai d'ivabradine.",
        "Le cœur après le covid : les myocardites de l'adulte jeune.",
    ),
    "state: prendre du poids": (
        "antipsychotiques et prendre du poids chez l'adolescent",
        "Antipsychotiques de deuxième génération : le gain pondéral de l'adolescent.",
        "Antipsychotiques chez l'adolescent : le poids des effets indésirables neurologiques.",
    ),
    # populations
    "population: personnes très âgées": (
        "statines chez les personnes très âgées",
        "Statines chez le sujet âgé en prévention primaire : une cohorte.",
        "Statines et personnes à très haut risque : une cible plus basse.",
    ),
}


@pytest.mark.parametrize("query, clinical, lay_words", CASES.values(), ids=CASES.keys())
def test_a_lay_phrasing_finds_the_clinical_text(tmp_path, query, clinical, lay_words):
    store = make_store(tmp_path / "store" / "reviews.json", [
        record(1, sections=lay_words),
        record(2, sections=clinical),
        record(3, sections="Une autre étude, d'un autre sujet."),
    ])
    assert numbers(run_search(store, query))[:1] == [2]
