"""Several things named in one sentence (base/phrases.py): the one rule of every message that
lists review ids, headings, lines or file kinds."""

from __future__ import annotations

import pytest

from mia.base.phrases import listed


@pytest.mark.parametrize("items, expected", [
    (["a"], "a"),
    (["a", "b"], "a and b"),
    (["a", "b", "c"], "a, b and c"),
    (["'x, y'", "'z'"], "'x, y' and 'z'"),  # the items as given: quoting is the caller's
])
def test_the_last_two_are_joined_by_and_the_others_by_commas(items, expected):
    assert listed(items) == expected


def test_another_conjunction():
    assert listed([".json", ".md", ".pdf", ".txt"], "or") == ".json, .md, .pdf or .txt"
    assert listed([".txt"], "or") == ".txt"


@pytest.mark.parametrize("items, expected", [
    (["a", "b", "c"], "a, b and c"),
    (["a", "b", "c", "d"], "a, b, c and 1 more"),
    (["a", "b", "c", "d", "e", "f"], "a, b, c and 3 more"),
])
def test_past_shown_items_the_rest_are_counted(items, expected):
    assert listed(items, shown=3) == expected
