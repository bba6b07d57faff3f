"""The rules of the guided entry and of `mia list`'s rows, in the core (the CLI only asks and prints)."""

from __future__ import annotations

import pytest

from mia.base.errors import BadInput
from mia.core.authoring import byline, entry_date, set_byline, split_list
from mia.core.listing import review_row
from mia.model.review import Article


@pytest.mark.parametrize("typed, stored", [
    ("2021-10-30", "2021-10-30"), ("30.10.2021", "2021-10-30"), ("2/9/2021", "2021-09-02"), ("02-09-2021", "2021-09-02"), ("  ", ""),
])
def test_a_typed_date_is_stored_as_iso(typed, stored):
    assert entry_date(typed) == stored


@pytest.mark.parametrize("typed", ["31.02.2021", "2021-13-01", "next week"])
def test_a_wrong_date_is_refused_with_the_forms_accepted(typed):
    with pytest.raises(BadInput, match="YYYY-MM-DD"):
        entry_date(typed)


def test_et_al_ends_the_byline_and_is_read_back():
    article = Article()
    set_byline(article, "Bradbury CA, Pell J, et al.")
    assert (article.authors, article.et_al) == (["Bradbury CA", "Pell J"], True)
    assert byline(article) == "Bradbury CA, Pell J et al."
    set_byline(article, byline(article))
    assert (article.authors, article.et_al) == (["Bradbury CA", "Pell J"], True)
    set_byline(article, "Bradbury CA, Pell J")
    assert article.et_al is False and split_list(" a, ,b ") == ["a", "b"]


def test_a_list_row_names_the_journal_as_references_do():
    record = {"id": "mia_review_40", "title": "T", "published": "2021-10-30",
              "article": {"journal": "New England Journal of Medicine", "date": "2021-09-02"}}
    assert review_row(record) == {"id": "mia_review_40", "title": "T", "journal": "N Engl J Med",
                                  "year": "2021", "published": "2021-10-30"}
    assert review_row({"id": "mia_review_1"})["journal"] == ""
