"""The reviewed article's reference, in the formats the club pastes into slides and papers."""

from __future__ import annotations

import json

import bibtexparser
import pytest
from replay_server import PLOS_WORKS, fixture_json

from mia.doi.citation import (
    bibtex,
    citation_key,
    consistency_warnings,
    csl_json,
    format_citations,
    journal_abbreviation,
    ris,
    vancouver,
)
from mia.doi.csl import nlm_pages, page_range, parse_written_name
from mia.model.journals import same_journal
from mia.model.review import Article, Review, Section
from mia.doi.resolver import crossref_message_to_csl

NEJM_DOI = "10.1056/NEJMoa2100596"
NEJM_TITLE = "Mycophenolate Mofetil for First-Line Treatment of Immune Thrombocytopenia"


def review_of(article: Article, review_id: str = "mia_review_40") -> Review:
    return Review(id=review_id, title="Thrombocytopénie immune: A new hope!", sections=[Section("Introduction", "…")], article=article)


def compte_rendu_article(**changes) -> Article:
    """The article as mia_review_40 gives it: `C. A. Bradbury et al., NEJM, 02.09.2021`."""
    fields = dict(doi=NEJM_DOI, title=NEJM_TITLE, authors=["C. A. Bradbury"], et_al=True, journal="NEJM", date="2021-09-02")
    return Article(**{**fields, **changes})


def nejm_csl() -> dict:
    """A CSL record shaped like doi.org's answer for the NEJM article (ten authors)."""
    names = [
        ("Charlotte A.", "Bradbury"), ("Jill", "Pell"), ("Quentin", "Hill"), ("Catherine", "Bagot"),
        ("Nichola", "Cooper"), ("Jessica", "Ingram"), ("Nicky J.", "Welton"), ("Eleanor", "Lee"),
        ("Jean-Pierre", "Dupont"), ("Ana", "García-López"),
    ]
    return {
        "type": "journal-article",
        "DOI": NEJM_DOI,
        "title": NEJM_TITLE,
        "author": [{"given": g, "family": f, "sequence": "additional"} for g, f in names],
        "container-title": "New England Journal of Medicine",
        "container-title-short": "N Engl J Med",
        "issued": {"date-parts": [[2021, 9, 2]]},
        "volume": "385",
        "issue": "10",
        "page": "885-895",
        "source": "https://api.crossref.org/works/10.1056/NEJMoa2100596",
        "fetched": "2026-01-02T03:04:05Z",
    }


def plos_review() -> Review:
    metadata = crossref_message_to_csl(fixture_json(PLOS_WORKS)["message"])
    article = Article(doi="10.1371/JOURNAL.PONE.0033693", metadata=metadata, authors=["S. Sadasivan"], et_al=True, journal="PLoS One", date="2012-03-21")
    return review_of(article, "mia_review_41")


def nejm_review() -> Review:
    return review_of(compte_rendu_article(metadata=nejm_csl()))


# -- Vancouver --------------------------------------------------------------------------------


def test_vancouver_of_the_plos_one_article():
    assert vancouver(plos_review()) == (
        "Sadasivan S, Pond BB, Pani AK, Qu C, Jiao Y, Smeyne RJ. Methylphenidate Exposure Induces "
        "Dopamine Neuron Loss and Activation of Microglia in the Basal Ganglia of Mice. "
        "PLoS One. 2012;7(3):e33693."
    )


def test_vancouver_lists_six_authors_then_et_al_and_shortens_pages():
    assert vancouver(nejm_review()) == (
        "Bradbury CA, Pell J, Hill Q, Bagot C, Cooper N, Ingram J, et al. Mycophenolate Mofetil for "
        "First-Line Treatment of Immune Thrombocytopenia. N Engl J Med. 2021;385(10):885-95."
    )


def test_vancouver_of_a_doi_org_answer_with_a_subtitle():
    metadata = fixture_json("content_negotiation/03_transform_csl-json_200")
    review = review_of(Article(doi="10.1126/science.169.3946.635", metadata=metadata))
    assert vancouver(review) == (
        "Frank HS. The Structure of Ordinary Water: New data and interpretations are yielding new "
        "insights into this fascinating substance. Science. 1970;169(3946):635-41."
    )


def test_an_unresolved_review_is_cited_from_the_compte_rendu():
    assert vancouver(review_of(compte_rendu_article())) == f"Bradbury CA, et al. {NEJM_TITLE}. N Engl J Med. 2021."


def test_names_markup_and_organisations():
    metadata = {
        "title": "<i>Staphylococcus aureus</i> bacteraemia &amp; dexamethasone?",
        "author": [{"literal": "RECOVERY Collaborative Group"}, {"family": "Berg", "non-dropping-particle": "van den", "given": "J.-P."}],
        "container-title": "The Lancet",
        "container-title-short": "The Lancet",
        "issued": {"date-parts": [[2020]]},
        "volume": "396",
        "page": "1345-1352",
    }
    review = review_of(Article(doi="10.1016/S0140-6736(20)30183-5", metadata=metadata))
    assert vancouver(review) == (
        "RECOVERY Collaborative Group, van den Berg JP. Staphylococcus aureus bacteraemia & dexamethasone? "
        "Lancet. 2020;396:1345-52."
    )


@pytest.mark.parametrize(
    "page, expected",
    [("885-895", "885-95"), ("1234-1239", "1234-9"), ("123-145", "123-45"), ("99-101", "99-101"),
     ("100-109", "100-9"), ("885–895", "885-95"), ("885-95", "885-95"), ("S12-S18", "S12-8"),
     ("e33693", "e33693"), ("885-885", "885"), ("", "")],
)
def test_nlm_page_ranges(page, expected):
    assert nlm_pages(*page_range(page)) == expected


@pytest.mark.parametrize(
    "written, family, initials",
    [("C. A. Bradbury", "Bradbury", "CA"), ("Bradbury CA", "Bradbury", "CA"), ("Bradbury, C. A.", "Bradbury", "CA"),
     ("Charlotte Bradbury", "Bradbury", "C"), ("J.-P. Dupont", "Dupont", "JP"), ("BRADBURY", "BRADBURY", "")],
)
def test_names_as_compte_rendus_write_them(written, family, initials):
    person = parse_written_name(written)
    assert (person.family, person.initials) == (family, initials)


# -- BibTeX, RIS, CSL-JSON ---------------------------------------------------------------------


def test_bibtex_parses_with_a_real_parser_and_has_every_field():
    entries = bibtexparser.loads(bibtex(plos_review())).entries
    assert len(entries) == 1
    entry = entries[0]
    assert entry["ENTRYTYPE"] == "article"
    assert entry["ID"] == "sadasivan2012methylphenidate"
    assert entry["author"] == (
        "Sadasivan, Shankar and Pond, Brooks B. and Pani, Amar K. and Qu, Chunxu and Jiao, Yun and Smeyne, Richard J."
    )
    assert entry["title"].startswith("Methylphenidate Exposure Induces Dopamine Neuron Loss")
    assert (entry["journal"], entry["year"], entry["volume"], entry["number"], entry["pages"]) == ("PLoS ONE", "2012", "7", "3", "e33693")
    assert entry["doi"] == "10.1371/journal.pone.0033693"
    assert entry["url"] == "https://doi.org/10.1371/journal.pone.0033693"


def test_bibtex_keys_are_stable_and_readable():
    assert citation_key(nejm_review()) == "bradbury2021mycophenolate"
    assert citation_key(review_of(compte_rendu_article())) == "bradbury2021mycophenolate"
    assert citation_key(review_of(Article(title="The Value of É. coli", authors=["É. Łukasz-Ñúñez"]))) == "lukasznunezndvalue"


def test_bibtex_escapes_special_characters_and_keeps_meaningful_capitals():
    metadata = nejm_csl()
    metadata["title"] = "50% of {COVID-19} & mRNA_x: $5 #1 ~ ^ \\ in Zürich"
    metadata["author"][0]["family"] = "O'Brien & Søn"
    text = bibtex(review_of(compte_rendu_article(metadata=metadata)))
    entry = bibtexparser.loads(text).entries[0]
    assert entry["title"] == (
        r"50\% of {\textbraceleft{}COVID-19\textbraceright{}} \& {mRNA\_x:} \$5 \#1 "
        r"\textasciitilde{} \textasciicircum{} \textbackslash{} in Zürich"
    )
    assert entry["author"].startswith(r"O'Brien \& Søn, Charlotte A. and Pell, Jill")
    assert entry["pages"] == "885--895"


def test_bibtex_of_several_reviews_keeps_keys_unique():
    text = format_citations([nejm_review(), review_of(compte_rendu_article(), "mia_review_42")], "bibtex")
    ids = [entry["ID"] for entry in bibtexparser.loads(text).entries]
    assert ids == ["bradbury2021mycophenolate", "bradbury2021mycophenolateb"]


def test_ris_has_the_expected_tags():
    assert ris(nejm_review()).splitlines() == [
        "TY  - JOUR",
        "AU  - Bradbury, Charlotte A.",
        "AU  - Pell, Jill",
        "AU  - Hill, Quentin",
        "AU  - Bagot, Catherine",
        "AU  - Cooper, Nichola",
        "AU  - Ingram, Jessica",
        "AU  - Welton, Nicky J.",
        "AU  - Lee, Eleanor",
        "AU  - Dupont, Jean-Pierre",
        "AU  - García-López, Ana",
        f"TI  - {NEJM_TITLE}",
        "JO  - N Engl J Med",
        "JF  - New England Journal of Medicine",
        "PY  - 2021",
        "VL  - 385",
        "IS  - 10",
        "SP  - 885",
        "EP  - 895",
        f"DO  - {NEJM_DOI}",
        f"UR  - https://doi.org/{NEJM_DOI}",
        "ER  - ",
    ]


def test_ris_of_an_article_numbered_by_e_page():
    lines = ris(plos_review()).splitlines()
    assert "SP  - e33693" in lines and not any(line.startswith("EP") for line in lines)


def test_csl_json_is_an_item_with_the_key_as_id_and_csl_types():
    item = csl_json(plos_review())
    assert item["id"] == "sadasivan2012methylphenidate"
    assert item["type"] == "article-journal"
    assert item["issued"] == {"date-parts": [[2012, 3, 21]]}
    assert "indexed" not in item and "source" not in item
    fallback = csl_json(review_of(compte_rendu_article()))
    assert fallback == {
        "id": "bradbury2021mycophenolate",
        "type": "article-journal",
        "title": NEJM_TITLE,
        "author": [{"family": "Bradbury", "given": "C. A."}],
        "container-title": "New England Journal of Medicine",
        "issued": {"date-parts": [[2021, 9, 2]]},
        "DOI": NEJM_DOI,
        "URL": f"https://doi.org/{NEJM_DOI}",
    }
    assert json.loads(format_citations([plos_review(), nejm_review()], "csl-json"))[1]["id"] == "bradbury2021mycophenolate"


# -- journals and consistency ----------------------------------------------------------------


def test_journal_abbreviation_for_mia_list():
    assert journal_abbreviation(review_of(compte_rendu_article())) == "N Engl J Med"
    assert journal_abbreviation(nejm_review()) == "N Engl J Med"
    assert journal_abbreviation(plos_review()) == "PLoS One"
    assert journal_abbreviation(review_of(Article(journal="Rev Stomatol"))) == "Rev Stomatol"
    unknown = {"container-title": "Journal of Rare Things", "container-title-short": "J Rare Things"}
    assert journal_abbreviation(review_of(Article(metadata=unknown))) == "J Rare Things"


@pytest.mark.parametrize(
    "a, b, same",
    [("NEJM", "The New England Journal of Medicine", True), ("NEJM", "N Engl J Med", True),
     ("N. Engl. J. Med.", "New England Journal of Medicine", True), ("Lancet", "The Lancet", True),
     ("JAMA", "JAMA Internal Medicine", False), ("NEJM", "The Lancet", False),
     ("Proc Natl Acad Sci U S A", "Proceedings of the National Academy of Sciences of the United States of America", True),
     ("Rev Med Suisse", "Revue médicale suisse", True), ("Cell", "Cells", False)],
)
def test_journal_names_are_compared_knowing_abbreviations_and_acronyms(a, b, same):
    assert same_journal(a, b) is same


def test_a_review_that_matches_its_metadata_has_no_warning():
    assert consistency_warnings(nejm_review()) == []
    assert consistency_warnings(plos_review()) == []
    assert consistency_warnings(review_of(compte_rendu_article())) == []  # unresolved: nothing to compare


def test_a_mistyped_doi_is_caught_by_author_year_and_journal():
    review = review_of(compte_rendu_article(metadata=fixture_json("content_negotiation/03_transform_csl-json_200")))
    assert consistency_warnings(review) == [
        f"The DOI {NEJM_DOI} is an article whose first author is Frank, but the compte-rendu says Bradbury: is the DOI right?",
        f"The DOI {NEJM_DOI} is an article of 1970, but the compte-rendu says 2021: is the DOI right?",
        f"The DOI {NEJM_DOI} is an article of Science, but the compte-rendu says NEJM: is the DOI right?",
    ]


def test_an_online_first_year_is_not_a_disagreement():
    metadata = dict(nejm_csl(), issued={"date-parts": [[2020, 12, 20]]}, **{"published-print": {"date-parts": [[2021, 9, 2]]}})
    assert consistency_warnings(review_of(compte_rendu_article(metadata=metadata))) == []


@pytest.mark.parametrize("title, expected", [
    # an acronym a capital title defines in parentheses stays one (NLM: "… haemorrhage (WOMAN): an …")
    ("EFFECT OF EARLY TRANEXAMIC ACID IN WOMEN WITH POST-PARTUM HAEMORRHAGE (WOMAN): AN INTERNATIONAL TRIAL",
     "Effect of early tranexamic acid in women with post-partum haemorrhage (WOMAN): an international trial"),
    ("INTENSIVE VERSUS STANDARD BLOOD-PRESSURE CONTROL (SPRINT)", "Intensive versus standard blood-pressure control (SPRINT)"),
    # words in parentheses, or one letter, are words
    ("MORTALITY IN THE OLD (A COHORT STUDY)", "Mortality in the old (a cohort study)"),
    ("(A) FIRST LETTER IN PARENTHESES", "(A) first letter in parentheses"),
    ("TRANEXAMIC ACID AND COVID-19", "Tranexamic acid and COVID-19"),
])
def test_sentence_case_keeps_an_acronym_given_in_parentheses(title, expected):
    from mia.doi.citation import sentence_case

    assert sentence_case(title) == expected
