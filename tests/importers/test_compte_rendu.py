"""The compte-rendu importer on the bundled seed and on variants of it (tests/fixtures/reviews/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mia.base.errors import ImportFailed
from mia.importers import Parsed
from mia.importers.compte_rendu import detect_language, heading_of, parse_compte_rendu

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "reviews" / "mia_review_40.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "reviews"

HEADER_TEXTS = ("Compte-rendu", "mia_review_40", "V0 - 02/07/2025", "A new hope", "page 1/", "page 2/")


def parse_file(path: Path) -> Parsed:
    return parse_compte_rendu(path.read_bytes().decode("utf-8"), source_name=path.name)


@pytest.fixture(scope="module")
def seed() -> Parsed:
    return parse_file(SEED)


def test_seed_review_metadata(seed):
    review = seed.review
    assert review.id == "mia_review_40"
    assert review.version == "V0"
    assert review.version_date == "2025-07-02"
    assert review.title == "Thrombocytopénie immune: A new hope!"
    assert review.published == "2021-10-30"
    assert review.authors == []
    assert review.keywords == ["Thrombocytopénie immune", "Mycophenolate mofetil"]
    assert review.language == "fr"
    assert review.source == {"name": "mia_review_40.txt", "format": "compte-rendu"}


def test_seed_article(seed):
    article = seed.review.article
    assert article.title == "Mycophenolate Mofetil for First-Line Treatment of Immune Thrombocytopenia"
    assert article.authors == ["C. A. Bradbury"]
    assert article.et_al is True
    assert article.journal == "NEJM"
    assert article.date == "2021-09-02"
    assert article.doi == "10.1056/NEJMoa2100596"
    assert article.metadata is None


def test_seed_sections_in_order_with_their_first_and_last_words(seed):
    sections = [(s.heading, s.text.split()[0], s.text.split()[-1]) for s in seed.review.sections]
    assert sections == [
        ("Introduction", "La", "seuls."),
        ("Méthode", "Etude", "vie."),
        ("Résultats", "L’issue", "d’hémorragies."),
        ("Discussion", "Cette", "l’échantillon."),
    ]


def test_seed_sections_are_single_paragraphs_of_joined_lines(seed):
    for section in seed.review.sections:
        assert "\n" not in section.text
    assert "considéré comme 1  alternative. Ces résultats" in seed.review.sections[3].text


def test_seed_validates_and_reports_nothing(seed):
    seed.review.validate()
    assert seed.notes == []


def test_no_page_header_text_is_left_in_the_sections(seed):
    for section in seed.review.sections:
        for header_text in HEADER_TEXTS:
            assert header_text not in section.text


def test_text_repairs_of_the_seed(seed):
    text = {s.heading: s.text for s in seed.review.sections}
    assert "touchant l’immunité cellulaire (cellules T cytotoxiques auto réactives)" in text["Introduction"]
    assert "et humorale (auto-anticorps), dont" in text["Introduction"]
    assert "Issues secondaires  : effets 2aires médicamenteux" in text["Méthode"]
    assert "TPI 1aire ou 2aire" in text["Méthode"]
    assert "traitement de 2  ligne)" in text["Méthode"]
    assert "une meilleure efficacité du traitement" in text["Discussion"]
    assert "chez les patient.e.s souffrant d’un TPI secondaire" in text["Discussion"]
    assert "[HR 0.41 (95% IC 0.21-0.80) ; p=0.008]" in text["Résultats"]
    assert "\ufffd" not in "".join(text.values())
    assert "\u00a0" not in "".join(text.values())


# --- variants of the seed ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "two_pages_mid_paragraph.txt",
        "two_pages_after_heading.txt",
        "crlf.txt",
        "no_trailing_blank_lines.txt",
        "no_interleaved_blank_lines.txt",
    ],
)
def test_layout_variants_give_the_seed_record(seed, name):
    variant = parse_file(FIXTURES / name)
    expected = seed.review.to_dict()
    got = variant.review.to_dict()
    assert got.pop("source")["name"] == name
    expected.pop("source")
    assert got == expected
    assert variant.notes == []


def test_page_header_in_the_middle_of_a_paragraph_is_removed_and_the_halves_rejoined(seed):
    sections = parse_file(FIXTURES / "two_pages_mid_paragraph.txt").review.sections
    results = sections[2].text
    assert "de la fatigue et ont des scores relatifs à l’état de santé" in results
    assert "page" not in results and "Compte-rendu" not in results


def test_page_header_right_after_a_heading_is_removed():
    sections = parse_file(FIXTURES / "two_pages_after_heading.txt").review.sections
    assert sections[3].heading == "Discussion"
    assert sections[3].text.startswith("Cette étude montre une meilleure efficacité")


def test_review_authors_follow_the_date_on_its_line():
    review = parse_file(FIXTURES / "authors_on_date_line.txt").review
    assert review.published == "2020-01-12"
    assert review.authors == ["Dre M. Rochat", "Dr P. Favre"]
    assert review.keywords == ["Thrombocytopénie immune", "Mycophenolate mofetil"]


def test_french_heading_variants_upper_case_and_without_accents():
    parsed = parse_file(FIXTURES / "other_headings.txt")
    review = parsed.review
    assert [s.heading for s in review.sections] == [
        "INTRODUCTION",
        "Materiel et methodes",
        "RESULTATS",
        "Commentaires",
        "Points forts",
        "Limites",
        "Take-home message",
    ]
    assert review.id == "mia_review_57"
    assert (review.version, review.version_date) == ("V1", "2024-03-15")
    assert review.authors == ["Dr A. Martin", "Dre B. Keller"]
    assert review.keywords == ["Thrombocytopénie immune", "Mycophenolate mofetil", "Glucocorticoïdes"]
    assert review.article.authors == ["C. A. Bradbury", "C. Pell", "Q. Hill"]
    assert review.article.et_al is False
    assert review.article.journal == "NEJM"
    assert review.article.doi == "10.1056/NEJMoa2100596"
    assert parsed.notes == []


def test_a_heading_word_inside_a_paragraph_is_not_a_heading():
    sections = parse_file(FIXTURES / "other_headings.txt").review.sections
    assert sections[3].text == (
        "Etude bien menée, avec un critère de jugement clinique. Ses résultats sont à mettre en "
        "perspective avec les Limites : étude ouverte, suivi court et peu de TPI secondaires, ce "
        "qui restreint la portée des conclusions pour la pratique courante."
    )
    assert sections[5].text == "Etude ouverte."


def test_english_review():
    parsed = parse_file(FIXTURES / "english_review.txt")
    review = parsed.review
    assert review.id == "mia_review_41"
    assert review.language == "en"
    assert review.title == (
        "Mycophenolate in immune thrombocytopenia: is first-line combination therapy the new standard?"
    )
    assert review.published == "2024-12-05"
    assert review.authors == ["Dr J. Smith"]
    assert review.keywords == ["Immune thrombocytopenia", "Mycophenolate mofetil"]
    assert review.article.journal == "N Engl J Med"
    assert review.article.doi == "10.1056/NEJMoa2100596"
    assert [s.heading for s in review.sections] == [
        "BACKGROUND", "Methods", "Results", "Discussion", "Limitations", "Conclusion",
    ]
    methods = review.sections[1].text
    assert "comparing mycophenolate and glucocorticoids with glucocorticoids alone." in methods
    assert "page" not in methods and "standard?" not in methods
    assert review.sections[3].text == (
        "The combination reduced treatment failure at the price of more fatigue and a poorer "
        "quality of life in the first months of treatment.\n\n"
        "The trial enrolled few patients with secondary immune thrombocytopenia, and its results "
        "should be weighed with care for them."
    )
    assert parsed.notes == []


# --- what is not a compte-rendu ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "missing"),
    [
        ("notes.txt", "no review id (a line like mia_review_40) was found."),
        (
            "no_title.txt",
            "no title (a line after the review id and version, before the date) was found.",
        ),
        (
            "no_section.txt",
            "no section (a heading such as Introduction, Méthode, Résultats or Discussion alone "
            "on its line, or opening its paragraph before a colon or a dash) was found.",
        ),
    ],
)
def test_a_text_that_is_not_a_compte_rendu_is_refused_naming_what_is_missing(name, missing):
    with pytest.raises(ImportFailed) as failure:
        parse_file(FIXTURES / name)
    assert failure.value.message == f"{name} is not a compte-rendu: {missing}"
    assert failure.value.path == name
    if "no review id" in missing:  # what to do about it
        assert "a line mia_review_N near the top" in failure.value.hint and "mia new" in failure.value.hint


def test_several_missing_parts_are_all_named():
    with pytest.raises(ImportFailed) as failure:
        parse_compte_rendu("Date de publication\n\n30.10.2021\n")
    assert failure.value.message == (
        "The text is not a compte-rendu: no review id (a line like mia_review_40), no title (a "
        "line after the review id and version, before the date) and no section (a heading such "
        "as Introduction, Méthode, Résultats or Discussion alone on its line, or opening its paragraph "
        "before a colon or a dash) were found."
    )


# --- small pieces -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("Méthode", "Méthode"),
        ("Limites :", "Limites"),
        ("METHODES", "METHODES"),
        ("Matériel et méthodes", "Matériel et méthodes"),
        ("2. Résultats", "2. Résultats"),
        ("Take home message", "Take home message"),
        ("Strengths", "Strengths"),
        ("Limites : étude ouverte", None),
        ("résultats.", None),
        ("discussion", None),
        ("La discussion", None),
    ],
)
def test_heading_of(line, heading):
    assert heading_of(line) == heading


def test_detect_language():
    assert detect_language("Cette étude montre une meilleure efficacité du traitement") == "fr"
    assert detect_language("The trial shows that the treatment is better than the other") == "en"
    assert detect_language("") == "fr"


def test_doi_prefixes_and_trailing_punctuation_are_removed(seed):
    text = SEED.read_text(encoding="utf-8")
    for written, doi in [
        ("doi: 10.1056/NEJMoa2100596.", "10.1056/NEJMoa2100596"),
        ("https://doi.org/10.1056/NEJMoa2100596;", "10.1056/NEJMoa2100596"),
        ("http://dx.doi.org/10.1016/S0140-6736(20)30183-5),", "10.1016/S0140-6736(20)30183-5"),
    ]:
        variant = text.replace("DOI: 10.1056/NEJMoa2100596", written)
        assert parse_compte_rendu(variant).review.article.doi == doi


def test_a_file_named_after_another_review_is_noted():
    text = SEED.read_text(encoding="utf-8")
    parsed = parse_compte_rendu(text, source_name="mia_review_41.txt")
    assert parsed.notes == ["The file is named mia_review_41.txt but holds mia_review_40."]


def test_a_doi_line_without_a_valid_doi_is_noted():
    text = SEED.read_text(encoding="utf-8").replace("DOI: 10.1056/NEJMoa2100596", "DOI: à venir")
    parsed = parse_compte_rendu(text)
    assert parsed.review.article.doi == ""
    assert parsed.notes == ["The DOI line 'DOI: à venir' holds no valid DOI; the DOI was left empty."]


def test_a_doi_line_with_a_malformed_doi_is_read_as_written():
    # (the import then keeps it as a note, not as the DOI, whatever the format:
    # tests/test_daily_use.py::test_an_invalid_doi_in_a_review_file_is_kept_as_a_note_with_a_warning)
    text = SEED.read_text(encoding="utf-8").replace("DOI: 10.1056/NEJMoa2100596", "DOI: 11.1056/NEJMoa2100596")
    assert parse_compte_rendu(text).review.article.doi == "11.1056/NEJMoa2100596"


@pytest.mark.parametrize("citation, authors, journal", [
    ("S. M. Bagshaw et al. (STARRT-AKI Investigators), N Engl J Med, 16.07.2020",
     ["S. M. Bagshaw", "STARRT-AKI Investigators"], "N Engl J Med"),
    ("J. T. Wright et al., for the SPRINT Research Group, N Engl J Med, 26.11.2015",
     ["J. T. Wright", "SPRINT Research Group"], "N Engl J Med"),
    ("A. Martin et al., pour le groupe GFEV, Rev Med Interne, 01.02.2021", ["A. Martin", "groupe GFEV"], "Rev Med Interne"),
    ("X. Y. Smith et al., BMJ (Clinical research ed.), 01.02.2020", ["X. Y. Smith"], "BMJ (Clinical research ed.)"),
    ("C. A. Bradbury et al., NEJM, 02.09.2021", ["C. A. Bradbury"], "NEJM"),
    ("CRASH-2 trial collaborators (H. Shakur et al.), Lancet, 03.07.2010",
     ["H. Shakur", "CRASH-2 trial collaborators"], "Lancet"),
    ("The NLST Research Team (D. R. Aberle et al), N Engl J Med, 04.08.2011",
     ["D. R. Aberle", "The NLST Research Team"], "N Engl J Med"),
])
def test_a_trial_group_between_et_al_and_the_journal_is_an_author(seed_text, citation, authors, journal):
    """`et al. (STARRT-AKI Investigators), N Engl J Med`: the group is one of the article's authors,
    not the start of its journal (which `list`, `journal:` and the citation read)."""
    text = seed_text.replace("C. A. Bradbury et al., NEJM, 02.09.2021", citation, 1)
    assert citation in text
    article = parse_compte_rendu(text).review.article
    assert (article.authors, article.journal, article.et_al) == (authors, journal, True)


INTRODUCTION_WORDS = ("consommation accrue des plaquettes", "comparée aux GC seuls")


@pytest.mark.parametrize("heading, kept_under, role", [
    ("Pourquoi cet essai ?", "Pourquoi cet essai ?", "introduction"),  # (its words name a role)
    ("Le problème", "Le problème", ""),
    ("Ce que l'on savait", "Ce que l'on savait", ""),
    (None, "Introduction", "introduction"),
])
@pytest.mark.parametrize("doi", [True, False])
def test_text_before_the_first_known_heading_is_kept_as_a_section(seed_text, heading, kept_under, role, doi):
    """A review whose first heading mia does not know (or that has none) loses no text: it was
    read as front matter and dropped."""
    text = seed_text.replace("\nIntroduction\n", f"\n{heading}\n" if heading else "\n", 1)
    if not doi:
        text = text.replace("DOI: 10.1056/NEJMoa2100596\n", "", 1)
    parsed = parse_compte_rendu(text)
    first = parsed.review.sections[0]
    assert (first.heading, first.role) == (kept_under, role)
    assert all(words in first.text for words in INTRODUCTION_WORDS)
    assert parsed.review.sections[1].heading == "Méthode"
    assert any("kept as" in note and '"Méthode"' in note for note in parsed.notes)
    article = parsed.review.article
    assert (article.journal, article.date, bool(article.doi)) == ("NEJM", "2021-09-02", doi)


@pytest.mark.parametrize("label", ["Review", "REVIEW", "Compte rendu"])
def test_an_english_header_label_is_no_title(seed_text, label):
    """The page header of an English review may say "Review" where the club's says "Compte-rendu"."""
    text = seed_text.replace("Compte-rendu", label)
    assert text.count(label) >= 2
    review = parse_compte_rendu(text).review
    assert (review.id, review.title) == ("mia_review_40", "Thrombocytopénie immune: A new hope!")
    assert [s.heading for s in review.sections] == ["Introduction", "Méthode", "Résultats", "Discussion"]
