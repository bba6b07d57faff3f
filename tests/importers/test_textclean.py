"""Text repair of PDF-extracted text (mia.importers.textclean)."""

from __future__ import annotations

from mia.importers import textclean
from mia.importers.textclean import (
    drop_blocks,
    fold,
    join_lines,
    line_spacing,
    normalise_text,
    paragraphs,
    repair_ligatures,
    typical_line_length,
)

# --- line ends and spaces ---------------------------------------------------------------------


def test_line_ends_become_newlines_and_trailing_spaces_go():
    assert normalise_text("un \r\ndeux\rtrois\fquatre\t \n") == "un\ndeux\ntrois\nquatre\n"


def test_non_breaking_spaces_become_plain_spaces_and_runs_of_spaces_stay():
    text = "inclusion\u00a0: >16 ans, p\u202f; 2  ligne, 1aire"
    assert normalise_text(text) == "inclusion : >16 ans, p ; 2  ligne, 1aire"


def test_control_characters_and_zero_width_spaces_are_removed():
    assert normalise_text("a\x00b\x1bc\u200bd\ufeffe") == "abcde"


def test_fold_ignores_case_accents_and_spacing():
    assert fold("  Mots-CLÉS   Résultats ") == "mots-cles resultats"


# --- ligatures --------------------------------------------------------------------------------


def test_lost_ligatures_become_the_known_word():
    text = "e\ufffdets 2aires, une meilleure e\ufffdcacité, les patients sou\ufffdrant"
    assert repair_ligatures(text) == ("effets 2aires, une meilleure efficacité, les patients souffrant", [])


def test_ligature_repair_keeps_the_case_of_the_word():
    assert repair_ligatures("E\ufffdCACITÉ et E\ufffdets")[0] == "EFFICACITÉ et Effets"


def test_english_words_are_known_too():
    assert repair_ligatures("the o\ufffdcial \ufffdgures")[0] == "the official figures"


def test_an_unknown_word_takes_the_ligature_used_elsewhere_and_is_noted():
    text, notes = repair_ligatures("les e\ufffdets et le zo\ufffdrbaz")
    assert text == "les effets et le zoffrbaz"
    assert notes == [
        "A lost ligature could not be checked against a dictionary: 'zo\ufffdrbaz' was read as "
        "'zoffrbaz' (the most frequent pattern; no candidate with fi, ff, fl, ffi, ffl is a known "
        "French or English word)."
    ]


def test_an_unknown_word_alone_takes_the_default_ligature():
    text, notes = repair_ligatures("zo\ufffdrbaz")
    assert text == "zofirbaz"
    assert len(notes) == 1


def test_a_replacement_character_outside_a_word_is_kept_and_noted():
    text, notes = repair_ligatures("liste \ufffd point")
    assert text == "liste \ufffd point"
    assert notes == ["1 unreadable character(s) (U+FFFD) outside any word were left as they are."]


def test_text_without_replacement_character_is_untouched():
    assert repair_ligatures("efficacité") == ("efficacité", [])


# --- joining wrapped lines --------------------------------------------------------------------


def test_wrapped_lines_join_with_a_space():
    assert join_lines(["cellules T cytotoxiques auto", "réactives) et humorale"]) == (
        "cellules T cytotoxiques auto réactives) et humorale"
    )


def test_a_hyphen_at_a_line_end_is_kept_without_space():
    assert join_lines(["et humorale (auto-", "anticorps), dont"]) == "et humorale (auto-anticorps), dont"


def test_a_soft_hyphen_at_a_line_end_is_removed():
    assert join_lines(["théra\u00ad", "peutique"]) == "thérapeutique"


def test_a_dash_after_a_space_is_not_a_word_hyphen():
    assert join_lines(["MMF -", "GC"]) == "MMF - GC"


def test_line_spacing_measures_the_blank_lines_of_the_layout():
    assert line_spacing(["a", "", "b", "", "c", "d", "", "e"]) == 1
    assert line_spacing(["a", "b", "", "c", "d"]) == 0
    assert line_spacing([]) == 0


def test_with_interleaved_blank_lines_a_single_blank_line_is_not_a_paragraph_break():
    lines = ["Une première ligne", "", "qui continue.", "", "", "Un autre paragraphe", "", "ici."]
    assert paragraphs(lines, spacing=1) == [
        "Une première ligne qui continue.",
        "Un autre paragraphe ici.",
    ]


def test_without_interleaved_blank_lines_a_blank_line_is_a_paragraph_break():
    lines = ["Une première ligne", "qui continue.", "", "Un autre paragraphe", "ici."]
    assert paragraphs(lines, spacing=0) == [
        "Une première ligne qui continue.",
        "Un autre paragraphe ici.",
    ]


def test_a_short_line_ending_a_sentence_ends_the_paragraph():
    full = "x" * 60
    lines = [full, "", "fin du paragraphe.", "", "Suite " + full, "", full + ".", "", "Encore."]
    assert paragraphs(lines, spacing=1, width=66) == [
        f"{full} fin du paragraphe.",
        f"Suite {full} {full}. Encore.",
    ]


def test_a_bullet_starts_a_paragraph():
    assert paragraphs(["Critères :", "- âge > 16 ans", "- TPI"], spacing=0) == [
        "Critères :",
        "- âge > 16 ans",
        "- TPI",
    ]


def test_typical_line_length_needs_enough_lines():
    assert typical_line_length(["a" * 10] * 4) == 0
    assert typical_line_length(["a" * 10] * 8 + ["a" * 3, "a" * 4]) == 10


def test_drop_blocks_removes_a_header_and_rejoins_the_paragraph():
    lines = ["première moitié", "", "HEADER", "", "page 2/2", "", "seconde moitié", "", "fin."]
    kept = drop_blocks(lines, lambda line: line in {"HEADER", "page 2/2"})
    assert kept == ["première moitié", "seconde moitié", "", "fin."]
    assert paragraphs(kept, spacing=1) == ["première moitié seconde moitié fin."]


def test_drop_blocks_keeps_a_run_that_is_not_droppable():
    lines = ["avant", "", "Titre", "", "après"]
    kept = drop_blocks(lines, lambda line: line == "Titre", is_droppable=lambda block: False)
    assert kept == lines


def test_a_medical_word_missing_from_the_general_lists_is_known_through_the_lexicon():
    # "fibrose" is not in pyspellchecker's lists; the medical lexicon knows it.
    assert textclean._word_frequency("fibrose") > 0
    assert textclean.repair_ligatures("une \ufffdbrose pulmonaire, des e\ufffdets") == ("une fibrose pulmonaire, des effets", [])
