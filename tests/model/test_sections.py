"""Section roles: the heading vocabulary, and the role a Section records and reads back."""

from __future__ import annotations

import pytest

from mia.base.errors import BadInput
from mia.model.review import Review, Section
from mia.model.sections import KNOWN_HEADINGS, ROLES, inferred_role, known_role, role_of


@pytest.mark.parametrize(("heading", "role"), [
    ("Résultats principaux", "results"),
    ("RESULTATS SECONDAIRES", "results"),
    ("Main results", "results"),
    ("Key findings", "results"),
    ("Principaux constats", "results"),
    ("II – Résultats", "results"),
    ("2.1 Résultats :", "results"),
    ("Résultats et discussion", "results"),  # the first role named decides
    ("Matériels et méthodes", "methods"),
    ("Statistical analysis", "methods"),
    ("Contexte de l'étude", "introduction"),
    ("Discussion générale", "discussion"),
    ("Forces et faiblesses de l'étude", "discussion"),
    ("Weaknesses", "discussion"),
    ("Ce qu'il faut retenir", "conclusion"),
    ("Key messages", "conclusion"),
    ("Conflits d'intérêts", "other"),
    ("Mon avis", "discussion"),
    ("Effets indésirables", "results"),  # the safety results
    ("Effets", ""),  # linking words only
    ("Résultats de l'essai STEP", ""),  # a word outside the vocabulary
    ("Points clés pour la pratique", "conclusion"),
    ("Patient.e.s et méthodes", "methods"),  # inclusive writing
    ("Points clés pour l'étude", ""),  # qualifiers and linking words only
    ("Principaux", ""),
    ("Patients", ""),  # a table's column head more often than a heading
    ("Population et méthodes", "methods"),
    # A heading and its subtitle after a colon or a dash: the heading decides, if the subtitle
    # is short; the heading itself must be one.
    ("Résultats : efficacité", "results"),
    ("Résultats : sécurité", "results"),
    ("Discussion – forces et limites de l'essai", "discussion"),
    ("Méthodes: population et critères", "methods"),
    ("Key results — safety", "results"),
    ("2. Résultats : critère principal", "results"),
    ("Patients : caractéristiques", ""),  # not a heading before the colon
    ("Résultats : ce que montre vraiment cette étude", "results"),
    ("Résultats : ce que montre vraiment cette étude chez les patients âgés", ""),  # a sentence after it
    ("What they found", "results"),
    ("What they did", "methods"),
    ("Caveats", "discussion"),
    ("Conclusion des auteurs et du club", "conclusion"),
    ("Ce que nous en retenons", "conclusion"),
    ("Effets secondaires", "results"),
    ("Our reading", "discussion"),
    ("Take-home message", "conclusion"),  # (a hyphen inside a word separates nothing)
    ("Critical appraisal", "discussion"),
    ("Why this study", "introduction"),
    ("Pourquoi cette étude ?", "introduction"),  # (whether a question is a heading: the importer decides)
    ("La question posée", "introduction"),
    ("", ""),
])
def test_role_of_a_heading(heading, role):
    assert role_of(heading) == role


def test_every_known_heading_has_its_role_whatever_the_vocabulary_says():
    for role, headings in KNOWN_HEADINGS.items():
        assert role in ROLES
        for heading in headings:
            assert known_role(heading) == role_of(heading) == role, heading
    assert inferred_role("En résumé") == "other" and role_of("En résumé") == "conclusion"


def test_known_exactly_means_case_accents_numbering_and_colon_aside():
    assert known_role("2. RESULTATS :") == "results"
    assert known_role("Résultats principaux") is None
    assert inferred_role("Résultats principaux") == "results"


def test_a_section_records_its_role_and_an_old_record_gets_it_from_its_heading():
    assert Section("Main results", "Texte.").to_dict() == {"heading": "Main results", "text": "Texte.", "role": "results"}
    assert Section("Mon avis", "Texte.", "discussion").role == "discussion"
    record = {"id": "mia_review_1", "title": "Un essai", "sections": [
        {"heading": "Résultats principaux", "text": "Texte."},  # written before roles existed
        {"heading": "Notes", "text": "Texte."},
        {"heading": "Mon regard", "text": "Texte.", "role": "discussion"},
        {"heading": "Notes", "text": "Texte.", "role": " Other"},
    ]}
    review = Review.from_dict(record)
    assert [s.role for s in review.sections] == ["results", "", "discussion", "other"]
    assert Review.from_dict(review.to_dict()).to_dict() == review.to_dict()


def test_an_unknown_role_is_refused_naming_the_roles():
    record = {"id": "mia_review_1", "title": "Un essai",
              "sections": [{"heading": "Résultats", "text": "Texte.", "role": "findings"}]}
    with pytest.raises(BadInput, match="section 1 has the role 'findings'.*introduction, methods, results"):
        Review.from_dict(record)
