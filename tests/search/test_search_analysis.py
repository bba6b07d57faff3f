"""One analysis for indexing and queries: folding, elisions, numbers, hyphens, acronyms."""

from __future__ import annotations

import pytest

from mia.search.analysis import (
    ACRONYM, NUMBER, WORD, fold, index_terms, is_shouting, normalise, terms, tokenize,
)


@pytest.mark.parametrize(
    "word, folded",
    [
        ("Thrombocytopénie", "thrombocytopenie"),
        ("glucocorticoïdes", "glucocorticoides"),
        ("Œdème", "oedeme"),
        ("cœur", "coeur"),
        ("Æther", "aether"),
        ("Straße", "strasse"),
        ("ÉCHEC", "echec"),
    ],
)
def test_fold_removes_case_accents_and_ligatures(word, folded):
    assert fold(word) == folded


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_french_elisions_are_split_off_and_dropped(apostrophe):
    text = (f"l{apostrophe}immunité d{apostrophe}environ qu{apostrophe}il n{apostrophe}y s{apostrophe}intéresse "
            f"c{apostrophe}est j{apostrophe}ai jusqu{apostrophe}au lorsqu{apostrophe}on puisqu{apostrophe}elle")
    assert terms(text) == [
        "immunite", "environ", "il", "y", "interesse", "est", "ai", "au", "on", "elle",
    ]


def test_an_apostrophe_that_is_not_an_elision_splits_the_word():
    assert terms("the patient's platelets") == ["the", "patient", "s", "platelets"]
    assert terms("aujourd’hui") == ["aujourdhui"]


def test_no_break_spaces_separate_words():
    assert terms("TPI\u00a0:\u202fplaquettes\u2009basses") == ["TPI", "plaquettes", "basses"]


def test_nfkc_repairs_typographic_ligatures():
    assert terms("ﬁbrillation eﬀets") == ["fibrillation", "effets"]


def test_numbers_keep_their_decimals_and_ranges_give_both_ends():
    assert terms("HR 0.41 (95% IC 0,21-0.80)") == ["HR", "0.41", "95", "IC", "0.21", "0.80"]
    assert terms("20-30%") == ["20-30", "20", "30"]
    assert [t.kind for t in tokenize("0.41 20-30")] == [NUMBER, NUMBER, NUMBER, NUMBER]


def test_hyphenated_word_is_indexed_whole_and_split():
    tokens = tokenize("de mycophenolate-mofetil seul")
    assert [(t.term, t.position, t.joined) for t in tokens] == [
        ("de", 0, False),
        ("mycophenolatemofetil", 1, True),
        ("mycophenolate", 1, False),
        ("mofetil", 2, False),
        ("seul", 3, False),
    ]


def test_short_capital_acronyms_are_kept_as_typed():
    tokens = tokenize("La TPI traitée par (MMF/GC), puis SGLT2, selon HbA1c. A noter: les IMMUNOGLOBULINES")
    kinds = {t.term: t.kind for t in tokens}
    assert kinds["TPI"] == kinds["MMF"] == kinds["GC"] == kinds["SGLT2"] == ACRONYM
    assert kinds["hba1c"] == WORD  # not all capitals
    assert kinds["a"] == WORD  # one letter is not an acronym
    assert kinds["immunoglobulines"] == WORD  # longer than six characters


def test_a_title_in_capitals_has_no_acronyms():
    assert is_shouting("THROMBOCYTOPÉNIE IMMUNE: A NEW HOPE")
    assert terms("THROMBOCYTOPÉNIE IMMUNE: A NEW HOPE") == ["thrombocytopenie", "immune", "a", "new", "hope"]
    assert not is_shouting("La TPI et le MMF chez les patients")


def test_offsets_point_into_the_normalised_text():
    text = normalise("Les glucocorticoïdes\u00a0(GC) d’abord")
    for token in tokenize(text, normalised=True):
        assert fold(text[token.start:token.end].replace("'", "")).replace("-", "") in (token.term, token.term.lower(), "dabord")


def test_index_fast_path_gives_the_same_terms_and_positions_as_tokenize(seed_text):
    text = normalise(seed_text)
    expected: dict[str, list[int]] = {}
    for token in tokenize(text, normalised=True, start_position=5):
        expected.setdefault(token.term, []).append(token.position)
    found: dict[str, list[int]] = {}
    end, words = index_terms(text, 5, found, 65535)
    assert found == expected
    assert words == len([t for t in tokenize(text, normalised=True) if not t.joined])
    assert end == 5 + words
