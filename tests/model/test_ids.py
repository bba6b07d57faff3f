"""Review ids as users type them: one parser (`model.ids`) for every command taking ids."""

from __future__ import annotations

import pytest

from mia.base.errors import BadInput
from mia.model.ids import normalise_id, review_ids_named


@pytest.mark.parametrize("typed", ["40", " 40 ", "040", "mia_review_40", "MIA_REVIEW_40"])
def test_the_forms_of_an_id(typed):
    assert normalise_id(typed) == "mia_review_40"


@pytest.mark.parametrize("typed", ["²", "forty", "mia_review_", "review_40", "40a", ""])
def test_what_is_not_an_id_is_bad_input_never_a_crash(typed):
    with pytest.raises(BadInput, match="is not a review id"):
        normalise_id(typed)


def test_words_that_are_all_ids_name_those_reviews_once_in_order():
    assert review_ids_named(["52", "mia_review_40", "40", "MIA_REVIEW_44"]) == [
        "mia_review_52", "mia_review_40", "mia_review_44"]


@pytest.mark.parametrize("words", [[], ["40", "mg"], ['"40"'], ["year:2021"], ["ITP", "id:40"], ["id:abc"], ["²"]])
def test_words_that_are_not_all_ids_are_not_ids(words):
    assert review_ids_named(words) is None


@pytest.mark.parametrize("typed", ["id:40", "ID: mia_review_40", "id=40", "id:'mia_review_40'"])
def test_an_id_written_after_its_fields_name_is_refused_saying_what_to_type(typed):
    """`id: mia_review_40` is how mia's files write it, not an id form nor a search field: every
    command taking ids says to type the id alone (`mia forest id:40` searched the text, and
    said only that id is not a field)."""
    with pytest.raises(BadInput, match="is not a review id: mia takes the id alone") as refused:
        normalise_id(typed)
    assert refused.value.hint == "Type 40 (or mia_review_40) in its place."
    with pytest.raises(BadInput, match="mia takes the id alone"):
        review_ids_named(["52", typed])


@pytest.mark.parametrize("typed, named", [
    ("40", "mia_review_40"), ("mia_review_40", "mia_review_40"), ("id:40", "mia_review_40"),
    ("ID= mia_review_7", "mia_review_7"), ("ITP", None), ("id:abc", None), ("V2", None), ("²", None)])
def test_the_review_a_word_names_in_any_form_a_user_writes_one(typed, named):
    """For messages saying what to type (`mia list id:40`: "To read review 40: mia show 40")."""
    from mia.model.ids import review_named

    assert review_named(typed) == named
