"""`section:` finds sections by their role (results, résultats) as well as by their written title.

The stores here use an empty lexicon: what finds "Main results" from `section:résultats` is the
section's role, not a lexicon entry.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from search_support import new_store, numbers, record, use_lexicon  # noqa: F401

from mia.importers import read_path
from mia.search import run_search
from mia.search.documents import heading_items

REVIEWS = Path(__file__).resolve().parents[2] / "data" / "reviews"


@pytest.fixture
def store(new_store):
    return new_store([
        record(1, sections=[("Introduction", "Texte."), ("Résultats principaux", "Mortalité plus basse.")]),
        record(2, sections=[("Background", "Text."), ("Main results", "Lower mortality.")]),
        record(3, sections=[("Contexte", "Texte."), ("Findings", "Lower mortality.")]),
        record(4, sections=[("Introduction", "Texte."), ("Discussion", "Les résultats sont discutés.")]),
        record(5, sections=[("Schéma de l'étude", "Essai ouvert."), ("Mon avis", "Convaincant.")]),
    ])


@pytest.mark.parametrize("query", ["section:résultats", "section:results", "section:resultats", "section:RÉSULTATS"])
def test_section_finds_every_section_whose_role_is_results(store, query):
    assert sorted(numbers(run_search(store, query))) == [1, 2, 3]


def test_section_finds_the_role_of_a_heading_whose_words_differ(store):
    assert numbers(run_search(store, "section:méthodes")) == [5]
    assert numbers(run_search(store, "section:methods")) == [5]
    assert sorted(numbers(run_search(store, "section:introduction"))) == [1, 2, 3, 4]


def test_section_still_finds_the_words_of_the_written_title(store):
    assert numbers(run_search(store, "section:principaux")) == [1]
    assert numbers(run_search(store, "section:findings")) == [3]
    assert numbers(run_search(store, "section:avis")) == [5]
    assert numbers(run_search(store, 'section:"main results"')) == [2]


def test_the_headings_field_holds_each_heading_then_the_role_names_it_lacks():
    assert heading_items([
        {"heading": "Résultats principaux", "text": "", "role": "results"},
        {"heading": "Findings", "text": ""},  # a record stored before roles: taken from the heading
        {"heading": "Discussion", "text": "", "role": "discussion"},
        {"heading": "Mon avis", "text": "", "role": "discussion"},  # the record's role is kept
        {"heading": "Références", "text": ""},  # other: no name to add
        {"heading": "Notes", "text": ""},  # no role
        "not a section",
    ]) == [
        "Résultats principaux", "results", "Findings", "results résultats", "Discussion",
        "Mon avis", "discussion", "Références", "Notes",
    ]


def test_the_sample_reviews_keep_their_results_sections_in_search(new_store):
    reviews = [read_path(REVIEWS / name).review for name in ("mia_review_50.txt", "mia_review_48.txt")]
    store = new_store([review.to_dict() for review in reviews])
    for query in ("section:résultats", "section:results", "section:resultats"):
        assert sorted(numbers(run_search(store, query))) == [48, 50], query
