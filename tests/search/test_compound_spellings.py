"""A lexicon form holding a word made of a combining prefix and a word (bêta-lactamases,
non-infériorité) matches the three ways reviews write it: hyphenated, fused and spaced
(`lexicon.compound_variant`), each on generated forms."""

from __future__ import annotations

import itertools

import pytest
from search_support import new_store, numbers, record, use_lexicon  # noqa: F401

from mia.search import run_search
from mia.search.lexicon import COMBINING_PREFIXES, compound_variant
from mia.search.plan import RELATION_PARTS

# (prefix, word, the words after it in the form, an acronym for the concept)
COMPOUNDS = [
    ("bêta", "lactamases", "à spectre étendu", "BLSE"),
    ("non", "infériorité", "thérapeutique", "NIT"),
    ("post", "exposition", "au VIH", "PPE"),
    ("anti", "agrégation", "plaquettaire double", "DAPT"),
    ("intra", "articulaire", "injection", "IIA"),
    ("sous", "arachnoïdienne", "hémorragie", "HSA"),
]
SPELLINGS = ["hyphenated", "fused", "spaced"]


def written(prefix: str, word: str, spelling: str) -> str:
    return {"hyphenated": f"{prefix}-{word}", "fused": f"{prefix}{word}", "spaced": f"{prefix} {word}"}[spelling]


@pytest.mark.parametrize("compound, lexicon_spelling, place", list(itertools.product(
    COMPOUNDS, ["hyphenated", "fused"], ["first", "last"])))
def test_a_form_with_a_prefixed_word_matches_it_however_a_review_spells_it(new_store, use_lexicon, compound,
                                                                           lexicon_spelling, place):
    prefix, word, rest, acronym = compound
    in_lexicon = written(prefix, word, lexicon_spelling)
    form = f"{in_lexicon} {rest}" if place == "first" else f"{rest} {in_lexicon}"
    use_lexicon(f"{form} | | {acronym} | |\n")

    def text(spelling: str) -> str:
        named = written(prefix, word, spelling)
        return f"Le patient avait une {named} {rest} connue." if place == "first" else f"Avec {rest} {named}."

    store = new_store([record(n, sections=text(s)) for n, s in enumerate(SPELLINGS, 1)]
                      + [record(4, sections=f"Un texte sur {word} sans rien d'autre.")])
    found = sorted(numbers(run_search(store, acronym)))
    # A hyphenated form matches all three; a fused one only the fused review: the prefix is not
    # told from a word's first letters (coronaire, pression), which is why the lexicon writes such
    # forms with their hyphen (tests/lexicon/test_lexicon_data.py).
    expected = [1, 2, 3] if lexicon_spelling == "hyphenated" else [2]
    assert found == expected, (form, found)


@pytest.mark.parametrize("prefix", COMBINING_PREFIXES)
def test_the_variant_drops_the_hyphen_of_each_prefixed_word(prefix):
    assert compound_variant(f"syndrome {prefix}-thrombotique et {prefix}-rénal") == (
        f"syndrome {prefix}thrombotique et {prefix}rénal")


@pytest.mark.parametrize("text", ["coronaire", "pression artérielle", "anti-TNF", "anti-VEGF therapy",
                                  "Kikuchi-Fujimoto", "co-A", "syndrome post-COVID", "bêta-2 mimétiques"])
def test_words_that_are_not_a_prefix_and_a_lower_case_word_have_no_variant(text):
    assert compound_variant(text) is None


RELATION_LEXICON = ("statine | statin | | | atorvastatine ; atorvastatin ; Lipitor\n"
                    "myalgies | myalgia | | | aches ; douleurs musculaires\n"
                    "maladie associée aux IgG4 | IgG4-related disease | MAG4 | |\n")


@pytest.mark.parametrize("relation", sorted(RELATION_PARTS))
@pytest.mark.parametrize("subject", ["Lipitor", "statin", "atorvastatine"])
def test_a_hyphenated_relation_searches_the_word_it_qualifies(new_store, use_lexicon, subject, relation):
    """`Lipitor-related aches`: "related" only relates Lipitor to the aches, and no review writes
    "Lipitor related"; the query means Lipitor, with its lexicon forms (atorvastatine). The
    review of statin muscle pain comes before one holding "aches" alone."""
    use_lexicon(RELATION_LEXICON)
    store = new_store([
        record(1, sections="Douleurs musculaires sous atorvastatine : des essais n-of-1 en médecine générale."),
        record(2, sections="Aches and pains after a marathon."),
        record(3, sections="La maladie associée aux IgG4 traitée par rituximab."),
    ])
    result = run_search(store, f"{subject}-{relation} aches")
    assert numbers(result)[0] == 1 and result.partial is None
    assert numbers(run_search(store, f"{subject}-{relation}")) == [1]


def test_a_hyphenated_relation_naming_a_concept_stays_the_concept(new_store, use_lexicon):
    """`IgG4-related disease` is a lexicon form: the span names the concept, nothing is dropped; a
    quoted relation stays the phrase typed."""
    use_lexicon(RELATION_LEXICON)
    store = new_store([
        record(1, sections="Douleurs musculaires sous atorvastatine."),
        record(3, sections="La maladie associée aux IgG4 traitée par rituximab."),
        record(4, sections="IgG4 levels in a disease of the liver."),
    ])
    assert numbers(run_search(store, "IgG4-related disease"))[0] == 3
    assert run_search(store, '"Lipitor-related"').total == 0
