"""The review's header fields and the byline's date, in the forms a member writes them.

The club's PDFs put the labels on one line and the values on the next (`Date de publication
Auteurs` / `30.10.2021 Dr P. Favre`); a member's own text file puts each label before its value
(`Auteurs : Dr Jeanne Martin`). A byline may give the article's date as a year, a month or a day.
"""

from __future__ import annotations

import pytest

from mia.importers.compte_rendu import parse_compte_rendu
from mia.model.dates import written_date
from mia.model.review import Review

from conftest import PARADIGM

#: A member's own text (the reporting user's paradigm.txt, tests/fixtures/reviews/).
OWN_TEXT = PARADIGM.read_text(encoding="utf-8")
HEADER = "Auteurs : Dr Jeanne Martin\nDate : 12/05/2025"
BYLINE = "McMurray JJV et al., N Engl J Med, 2014"


def parsed(header: str = HEADER, byline: str = BYLINE):
    text = OWN_TEXT.replace(HEADER, header, 1).replace(BYLINE, byline, 1)
    return parse_compte_rendu(text, source_name="paradigm.txt")


def notes_of(result) -> list[str]:
    return [note for note in result.notes if "version line" not in note]


def test_a_members_own_header_and_byline_are_read_whole():
    result = parsed()
    review = result.review
    assert (review.authors, review.published) == (["Dr Jeanne Martin"], "2025-05-12")
    assert review.keywords == ["insuffisance cardiaque", "sacubitril-valsartan", "IEC"]
    article = review.article
    assert (article.authors, article.et_al, article.journal, article.date) == (["McMurray JJV"], True, "N Engl J Med", "2014")
    assert article.title == "Angiotensin–Neprilysin Inhibition versus Enalapril in Heart Failure"
    assert notes_of(result) == []
    Review.from_dict(review.to_dict())  # the record, year-only date included, is valid


@pytest.mark.parametrize("header, authors, published", [
    ("Auteur : Dr Jeanne Martin\nDate : 12/05/2025", ["Dr Jeanne Martin"], "2025-05-12"),
    ("Auteurs: Dr J. Martin; Dr P. Favre\nDate de publication: 12.05.2025", ["Dr J. Martin", "Dr P. Favre"], "2025-05-12"),
    ("Authors : J. Martin and P. Favre\nPublication date: 2025-05-12", ["J. Martin", "P. Favre"], "2025-05-12"),
    ("AUTEURS : Dr Jeanne Martin\nDATE : 12 mai 2025", ["Dr Jeanne Martin"], "2025-05-12"),
    ("Auteurs - Dr Jeanne Martin\nDate - 12/05/2025", ["Dr Jeanne Martin"], "2025-05-12"),
    ("Rédigé par : Dr Jeanne Martin\nDate : 12/05/2025", ["Dr Jeanne Martin"], "2025-05-12"),
    ("Date : 12/05/2025\nAuteurs : Dr Jeanne Martin", ["Dr Jeanne Martin"], "2025-05-12"),  # (any order)
    # the club's layout: labels alone on a line, the values on the next (one or two lines)
    ("Date de publication Auteurs\n12.05.2025 Dr Jeanne Martin", ["Dr Jeanne Martin"], "2025-05-12"),
    ("Date de publication Auteurs\n12.05.2025\nDr Jeanne Martin", ["Dr Jeanne Martin"], "2025-05-12"),
    ("Date de publication / Auteurs\n12.05.2025 / Dr Jeanne Martin", ["Dr Jeanne Martin"], "2025-05-12"),
    ("Date de publication\n12.05.2025\nAuteurs\nDr Jeanne Martin", ["Dr Jeanne Martin"], "2025-05-12"),
    # both labels, then both values, on one line
    ("Date de publication Auteurs : 12.05.2025 Dr Jeanne Martin", ["Dr Jeanne Martin"], "2025-05-12"),
    # a field left blank is empty, not the next field's value
    ("Auteurs :\nDate : 12/05/2025", [], "2025-05-12"),
    ("Auteurs : —\nDate : 12/05/2025", [], "2025-05-12"),
])
def test_each_header_field_is_read_with_its_value_on_its_line_or_the_next(header, authors, published):
    result = parsed(header)
    assert (result.review.authors, result.review.published) == (authors, published)
    assert result.review.keywords == ["insuffisance cardiaque", "sacubitril-valsartan", "IEC"]
    assert result.review.article.title.startswith("Angiotensin")
    assert notes_of(result) == []


def test_the_reviewers_are_kept_with_the_authors_and_the_report_says_so():
    result = parsed("Auteurs : Dr Jeanne Martin\nRelecteurs : Pr A. Roux, Dr B. Petit\nDate : 12/05/2025")
    assert result.review.authors == ["Dr Jeanne Martin", "Pr A. Roux", "Dr B. Petit"]
    assert notes_of(result) == [
        "Kept the reviewers of 'Relecteurs : Pr A. Roux, Dr B. Petit' with the review's authors "
        "(mia keeps one list of its people)."
    ]


@pytest.mark.parametrize("header, note", [
    ("Auteurs : Dr Jeanne Martin\nDate : bientôt",
     "The date line 'Date : bientôt' holds no date mia reads (like 30.10.2021); the review's publication date was left empty."),
    ("Auteurs : Dr Jeanne Martin\nDate : mai 2025",
     "The date line 'Date : mai 2025' gives no day: the review's publication date (a day, like 30.10.2021) was left empty."),
    ("Auteurs : Dr Jeanne Martin\nDate : 31.02.2025", "The publication date 31.02.2025 is not a real date; it was left empty."),
    ("Auteurs : Dr Jeanne Martin\nService de cardiologie, CHUV\nDate : 12/05/2025",
     "Left out 'Service de cardiologie, CHUV' among the review's date, authors and keywords: it is not a field "
     "mia reads (add what it says with: mia edit mia_review_64)."),
])
def test_a_header_line_mia_cannot_read_is_named_in_the_report(header, note):
    result = parsed(header)
    assert notes_of(result) == [note]
    assert result.review.authors == ["Dr Jeanne Martin"]
    assert result.review.article.title.startswith("Angiotensin")  # the line went nowhere else


@pytest.mark.parametrize("byline, date, journal", [
    ("McMurray JJV et al., N Engl J Med, 2014", "2014", "N Engl J Med"),
    ("McMurray JJV et al., N Engl J Med, 03/2014", "2014-03", "N Engl J Med"),
    ("McMurray JJV et al., N Engl J Med, mars 2014", "2014-03", "N Engl J Med"),
    ("McMurray JJV et al., N Engl J Med, March 2014", "2014-03", "N Engl J Med"),
    ("McMurray JJV et al., N Engl J Med, Sept. 11, 2014", "2014-09-11", "N Engl J Med"),
    ("McMurray JJV et al., N Engl J Med, 11 septembre 2014", "2014-09-11", "N Engl J Med"),
    ("McMurray JJV et al., N Engl J Med, 2014 Sep 11", "2014-09-11", "N Engl J Med"),
    ("McMurray JJV et al., N Engl J Med, 11.09.2014", "2014-09-11", "N Engl J Med"),
    ("McMurray JJV et al., N Engl J Med, 2014-09", "2014-09", "N Engl J Med"),
    ("McMurray JJV et al., N Engl J Med 2014", "2014", "N Engl J Med"),
    ("McMurray JJV et al. N Engl J Med. 2014", "2014", "N Engl J Med"),
    ("McMurray JJV, Packer M, N Engl J Med, 2014", "2014", "N Engl J Med"),
])
def test_the_byline_date_keeps_the_precision_written_and_leaves_the_journal(byline, date, journal):
    result = parsed(byline=byline)
    article = result.review.article
    assert (article.date, article.journal, article.authors[0]) == (date, journal, "McMurray JJV")
    assert notes_of(result) == []


@pytest.mark.parametrize("byline, journal", [
    ("McMurray JJV et al., N Engl J Med, 2014;371:993-1004", "N Engl J Med, 2014;371:993-1004"),
    ("McMurray JJV et al., N Engl J Med, printemps 2014", "N Engl J Med, printemps 2014"),
])
def test_a_byline_date_mia_cannot_read_is_said_not_filed_silently_in_the_journal(byline, journal):
    result = parsed(byline=byline)
    assert (result.review.article.journal, result.review.article.date) == (journal, "")
    [note] = notes_of(result)
    assert note.startswith(f"The byline '{byline}' holds a date mia does not read")
    assert f"the article's journal was read as '{journal}' and its date left empty" in note


def test_a_byline_date_that_does_not_exist_is_said():
    result = parsed(byline="McMurray JJV et al., N Engl J Med, 13/2014")
    assert (result.review.article.journal, result.review.article.date) == ("N Engl J Med", "")
    assert notes_of(result) == ["The article date 13/2014 is not a real date; it was left empty."]


def test_an_article_title_ending_like_a_byline_stays_the_title():
    """The byline is the last such line before the DOI."""
    text = OWN_TEXT.replace("versus Enalapril in Heart Failure", "versus Enalapril, 2014")
    article = parse_compte_rendu(text).review.article
    assert article.title == "Angiotensin–Neprilysin Inhibition versus Enalapril, 2014"
    assert (article.journal, article.date) == ("N Engl J Med", "2014")


@pytest.mark.parametrize("written, iso, precision", [
    ("2014", "2014", "year"), ("03/2014", "2014-03", "month"), ("mars 2014", "2014-03", "month"),
    ("Févr. 2014", "2014-02", "month"), ("AOÛT 2019", "2019-08", "month"), ("1er mars 2014", "2014-03-01", "day"),
    ("March 12, 2014", "2014-03-12", "day"), ("12.03.2014", "2014-03-12", "day"), ("2014-03-12", "2014-03-12", "day"),
    ("31.02.2014", "", "day"), ("13/2014", "", "month"),
])
def test_written_dates(written, iso, precision):
    found = written_date(written)
    assert (found.iso, found.precision) == (iso, precision)


@pytest.mark.parametrize("text", ["printemps 2014", "Marsh 2014", "12", "2014;371"])
def test_what_is_not_a_written_date(text):
    assert written_date(text) is None
