"""An article's date keeps the precision it is given (a day, a month, a year) in every way a
review comes in: the record, Markdown, a typed answer, a DOI's metadata; the club's own dates
stay days."""

from __future__ import annotations

import pytest

from mia.base.errors import BadInput, ImportFailed
from mia.core.authoring import entry_date
from mia.doi.csl import csl_date
from mia.importers.markdown import parse_markdown
from mia.model.review import Article, Review, Section


def review(article_date: str = "", published: str = "") -> Review:
    return Review(id="mia_review_1", title="T", sections=[Section("Introduction", "x")], published=published,
                  article=Article(date=article_date))


@pytest.mark.parametrize("date", ["2014", "2014-03", "2014-03-12"])
def test_an_article_date_may_be_a_year_a_month_or_a_day(date):
    record = review(date).to_dict()
    assert Review.from_dict(record).article.date == date


@pytest.mark.parametrize("date", ["14", "2014-13", "2014-3", "03/2014", "2014-03-12T00"])
def test_an_article_date_of_another_form_is_refused_naming_the_forms(date):
    record = review().to_dict()
    record["article"]["date"] = date
    with pytest.raises(BadInput, match="YYYY-MM-DD, YYYY-MM or YYYY"):
        Review.from_dict(record)


@pytest.mark.parametrize("field", ["published", "version_date"])
def test_the_clubs_own_dates_stay_days(field):
    record = review().to_dict()
    record[field] = "2014"
    with pytest.raises(BadInput, match="YYYY-MM-DD"):
        Review.from_dict(record)


MARKDOWN = """---
id: mia_review_1
title: T
article:
  date: {date}
---

## Introduction
x
"""


@pytest.mark.parametrize("written, stored", [("2014", "2014"), ("'2014-03'", "2014-03"), ("2014-03-12", "2014-03-12")])
def test_markdown_takes_an_article_date_of_a_year_or_a_month(written, stored):
    assert parse_markdown(MARKDOWN.format(date=written)).review.article.date == stored


def test_markdown_refuses_an_article_month_that_does_not_exist():
    with pytest.raises(ImportFailed, match="YYYY-MM or YYYY"):
        parse_markdown(MARKDOWN.format(date="'2014-13'"))


@pytest.mark.parametrize("parts, stored", [([2014], "2014"), ([2014, 3], "2014-03"), ([2014, 3, 12], "2014-03-12"),
                                           ([2014, 13], ""), ([2014, 2, 30], ""), ([], "")])
def test_a_dois_metadata_date_keeps_its_precision(parts, stored):
    assert csl_date({"date-parts": [parts]}) == stored


@pytest.mark.parametrize("typed, stored", [("2014", "2014"), ("03/2014", "2014-03"), ("mars 2014", "2014-03"),
                                           ("12 mars 2014", "2014-03-12"), ("12.03.2014", "2014-03-12")])
def test_a_typed_article_date_may_be_a_month_or_a_year(typed, stored):
    assert entry_date(typed, partial=True) == stored


def test_a_typed_review_date_needs_its_day():
    with pytest.raises(BadInput, match="the day is needed"):
        entry_date("mars 2014")
