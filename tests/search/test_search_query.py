"""The query language and its errors, which point at the problem."""

from __future__ import annotations

import pytest

from mia.base.errors import BadInput
from mia.search.query import DoiFilter, Term, YearFilter, parse_query


def test_words_are_separate_groups_all_required():
    query = parse_query("ITP rituximab")
    assert [[c.text for c in g] for g in query.groups] == [["ITP"], ["rituximab"]]


def test_quoted_phrase_in_straight_curly_or_french_quotes():
    for text in ['"première ligne"', "“première ligne”", "«première ligne»"]:
        (clause,) = parse_query(text).groups[0]
        assert isinstance(clause, Term) and clause.phrase and clause.text == "première ligne"


def test_or_joins_the_terms_around_it():
    query = parse_query("ITP OR TPI rituximab")
    assert [[c.text for c in g] for g in query.groups] == [["ITP", "TPI"], ["rituximab"]]


def test_lower_case_or_is_a_word():
    assert [[c.text for c in g] for g in parse_query("itp or tpi").groups] == [["itp"], ["or"], ["tpi"]]


def test_exclusion():
    query = parse_query("ITP -splénectomie")
    assert [c.text for c in query.negative] == ["splénectomie"]
    assert query.negative[0].negated


def test_fields_and_french_aliases():
    query = parse_query('title:MMF titre:"première ligne" keyword:TPI auteur:bradbury journal:NEJM section:résultats')
    clauses = [g[0] for g in query.groups]
    assert [(c.field, c.text, c.phrase) for c in clauses] == [
        ("title", "MMF", False),
        ("title", "première ligne", True),
        ("keyword", "TPI", False),
        ("author", "bradbury", False),
        ("journal", "NEJM", False),
        ("section", "résultats", False),
    ]


def test_years_and_ranges():
    clauses = [g[0] for g in parse_query("ITP year:2021 year:2019..2021 année:..2020 year:2022..").groups[1:]]
    assert [(c.low, c.high) for c in clauses] == [(2021, 2021), (2019, 2021), (None, 2020), (2022, None)]
    assert all(isinstance(c, YearFilter) for c in clauses)


def test_doi_filter_is_case_insensitive():
    (clause,) = parse_query("doi:10.1056/NEJMoa2100596").groups[0]
    assert isinstance(clause, DoiFilter) and clause.value == "10.1056/nejmoa2100596"


def test_unknown_prefix_is_plain_text():
    (clause,) = parse_query("p:0.008").groups[0]
    assert isinstance(clause, Term) and clause.field is None and clause.text == "p:0.008"


def test_only_the_last_plain_word_matches_as_a_prefix():
    query = parse_query("ITP mycophen")
    assert [g[0].prefix for g in query.groups] == [False, True]
    assert not parse_query('ITP "première ligne"').groups[-1][0].prefix
    assert not parse_query("ITP -splen").groups[0][0].prefix


def expect_error(query: str, *fragments: str, position: int | None = None) -> BadInput:
    with pytest.raises(BadInput) as caught:
        parse_query(query)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message
    if position is not None:
        assert caught.value.position == position
    return caught.value


def test_unclosed_quote_says_where():
    expect_error('ITP "première ligne', "quote at position 5", "never closed", position=5)


def test_bad_years():
    expect_error("year:abc", "'year:abc'", "not a year", position=1)
    expect_error("ITP year:20211", "'year:20211'", position=5)
    expect_error("year:..", "empty year range")


def test_or_doubled():
    expect_error("ITP OR OR TPI", "Two ORs", position=8)


@pytest.mark.parametrize("text", ["OR ITP", "ITP OR", "mortality death OR", "OR", "OR mortality cirrhosis"])
def test_an_or_at_either_end_is_the_odds_ratio(text):
    """An OR with no term on one side joins nothing: the clinician typed the odds ratio
    ("decompensated cirrhosis death OR"), which was refused as a misplaced operator."""
    query = parse_query(text)
    words = text.split()
    assert [[c.text for c in group] for group in query.groups] == [[word] for word in words]


def test_or_with_an_exclusion():
    expect_error("ITP OR -TPI", "exclusion cannot be one side of OR", position=8)


def test_empty_field():
    expect_error("ITP title:", "'title:'", "no value", position=5)
    expect_error('title:""', "no value")


def test_only_exclusions():
    expect_error("-ITP -TPI", "only excludes")


def test_empty_query():
    expect_error("   ", "empty")


@pytest.mark.parametrize("text", ["foo:bar", "published:2024", "-published:2024", "Auteurz:martin", 'foo:"a b"'])
def test_an_unknown_field_is_refused_naming_the_fields(text):
    with pytest.raises(BadInput) as error:
        parse_query(f"ITP {text}")
    message = str(error.value)
    assert "is not a field mia knows" in message
    for field in ("title", "keyword", "author", "journal", "year", "doi", "section"):
        assert field in message
    assert error.value.position == 5


@pytest.mark.parametrize("text", ["p:0.008", "https://doi.org/10.1056/x", '"foo:bar"', "ratio:"])
def test_text_that_only_looks_like_a_field_stays_text(text):
    (clause,) = parse_query(text).groups[0]
    assert isinstance(clause, Term) and clause.field is None


@pytest.mark.parametrize("typed, read", [("a.v.c.", "AVC"), ("B.P.C.O.", "BPCO"), ("h.t.a", "HTA"), ("é.c.t.", "ÉCT")])
def test_an_acronym_written_with_dots_is_its_letters(typed, read):
    def words(query: str) -> list[str]:
        return [clause.text for group in parse_query(query).groups for clause in group]

    assert words(typed) == [read]
    assert words(f"{typed} 2019") == [read, "2019"]
    assert words("e.g") == ["e.g"]  # (one dot: a word)


def test_or_before_a_value_is_the_odds_ratio_not_the_operator():
    query = parse_query("OR 2.13 amitriptyline")
    assert [[c.text for c in group] for group in query.groups] == [["OR"], ["2.13"], ["amitriptyline"]]
    assert [[c.text for c in group] for group in parse_query("ITP OR 0,8").groups] == [["ITP"], ["OR"], ["0,8"]]
    assert [[c.text for c in group] for group in parse_query("ITP OR TPI").groups] == [["ITP", "TPI"]]


@pytest.mark.parametrize("text, typed", [
    ("foo:bar", """mia search '"foo:bar"'"""),
    ("note:l'essai", """mia search '"note:l'"'"'essai"'"""),
    ("id:'40'", """mia search '"id:'"'"'40'"'"'"'"""),
])
def test_the_search_to_type_for_a_field_mia_does_not_know_is_quoted_for_the_shell(text, typed):
    """The hint's command works when copied, an apostrophe in the words included."""
    with pytest.raises(BadInput) as error:
        parse_query(text)
    assert error.value.hint.endswith(f"To search the text itself, quote it: {typed}.")
