"""The import and indexing fast paths give exactly what their plain definitions give.

Several hot functions were rewritten for speed (bulk import of thousands of reviews): each is
compared here, on arbitrary text, with the straightforward version it replaced.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mia.base.controls import strip_controls
from mia.importers import textclean
from mia.importers import compte_rendu
from mia.search import analysis
from mia.search.annotate import ConceptMatcher, annotation_term

from conftest import SEED

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text made of what the reviews hold: accented letters, combining marks, spaces of every kind,
# digits, separators, U+FFFD, and the pieces a page header is made of.
PIECES = st.sampled_from([
    "a", "é", "e\u0301", "Œ", "ß", "İ", "ﬁ", " ", "\u00a0", "\u202f", "\t", "\u200b", "\ufeff",
    "\n", "\r\n", "\f", "-", "–", "|", "/", ".", ":", "’", "'", "0", "7", "\ufffd", "Compte-rendu",
    "compte rendu", "mia_review_40", "MIA_REVIEW_40", "mia_review_401", "page 1/2", "Page 2 sur 3",
    "V0 - 02/07/2025", "v1.2 – 3.4.2021", "Titre de la revue", "TITRE", "x", "\x07",
])
TEXT = st.lists(PIECES, max_size=40).map("".join)


def plain_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    without_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(without_accents.casefold().split())


@SETTINGS
@given(st.one_of(TEXT, st.text(max_size=60)))
def test_fold_is_the_plain_fold(text):
    assert textclean.fold(text) == plain_fold(text)


def plain_normalise_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.translate(str.maketrans(textclean._SPACE_LIKE))
    text = strip_controls(text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


@SETTINGS
@given(st.one_of(TEXT, st.text(max_size=60)))
def test_normalise_text_is_the_plain_translation(text):
    assert textclean.normalise_text(text) == plain_normalise_text(text)


def plain_join_lines(lines: list[str]) -> str:
    text = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if not text:
            text = line
        elif text.endswith("\u00ad"):
            text = text[:-1] + line
        elif re.search(r"\w-$", text):
            text += line
        else:
            text += " " + line
    return text


@SETTINGS
@given(st.lists(st.one_of(TEXT, st.sampled_from(["auto-", "anti\u00ad", "x -", "-"])), max_size=8))
def test_join_lines_is_the_plain_join(lines):
    assert textclean.join_lines(lines) == plain_join_lines(lines)


def plain_kind(review_id: str, title_lines: list[str], line: str) -> str | None:
    rest = " ".join(line.casefold().split())
    for piece in sorted((" ".join(t.casefold().split()) for t in title_lines), key=len, reverse=True):
        rest = rest.replace(piece, " ")
    without_title = rest
    if review_id:  # (before the header words: "review" is one)
        rest = re.sub(rf"\b{re.escape(review_id)}\b", " ", rest)
    for word in compte_rendu.HEADER_WORDS:
        rest = rest.replace(word.casefold(), " ")
    rest = compte_rendu._VERSION_ANYWHERE.sub(" ", compte_rendu._PAGE_MARKER.sub(" ", rest))
    if compte_rendu._HEADER_LEFTOVER.sub("", rest):
        return None
    return "title" if rest == without_title else "page"


@SETTINGS
@given(st.sampled_from(["", "mia_review_40"]), st.lists(TEXT, max_size=2), TEXT)
def test_page_header_kind_is_the_plain_test(review_id, title_lines, line):
    header = compte_rendu._PageHeader(review_id, title_lines)
    assert header.kind(line) == plain_kind(review_id, title_lines, line)


@SETTINGS
@given(st.sampled_from(["mia_review_40", "MIA_REVIEW_40", "aa", "a_a", "é1"]),
       st.lists(st.sampled_from(["mia_review_40", "mia_review_401", "xmia_review_40", "aa", "a", "_", "é", "1", " ",
                                 "-", "é1", "a_a", "\u00a0"]), max_size=12).map("".join))
def test_removing_a_whole_word_is_the_plain_substitution(word, text):
    """The review's id taken out of a header line without a pattern compiled for each review."""
    assert compte_rendu._without_word(text, word) == re.sub(rf"\b{re.escape(word)}\b", " ", text)


def test_page_header_kind_on_the_seed_review():
    lines = SEED.read_text(encoding="utf-8").split("\n")
    title = ["Thrombocytopénie immune : place du rituximab"]
    header = compte_rendu._PageHeader("mia_review_40", title)
    for line in lines + ["Compte-rendu mia_review_40 V0 - 02/07/2025 page 1/2", title[0]]:
        assert header.kind(line) == plain_kind("mia_review_40", title, line)


@SETTINGS
@given(st.lists(st.one_of(TEXT, st.sampled_from(["e\ufffdets", "o\ufffdcial \ufffdgures", "zo\ufffdrbaz"])), max_size=6))
def test_ligatures_repaired_line_by_line_as_in_the_whole_text(lines):
    lines = "\n".join(lines).split("\n")
    repaired, notes = compte_rendu._repair_ligatures(lines)
    whole, whole_notes = textclean.repair_ligatures("\n".join(lines))
    assert repaired == whole.split("\n")
    assert notes == whole_notes


@SETTINGS
@given(st.one_of(TEXT, st.text(max_size=60)))
def test_is_shouting_is_the_plain_test(text):
    letters = len(analysis._LETTER.findall(text))
    lower = len(re.findall(r"[a-zß-öø-ÿœæ]", text))  # (analysis counts œ and æ apart: a cheaper pattern)
    plain = len(text) <= 400 and letters >= 12 and lower <= 0.2 * letters
    assert analysis.is_shouting(text) == plain


def plain_annotations(canons: list[str], keys: list[str], positions: list[int]) -> dict[str, list[int]]:
    """Every canon whose keys follow one another at consecutive positions, by start."""
    found: dict[str, list[int]] = {}
    for i in range(len(keys)):
        for canon in canons:
            parts = canon.split(" ")
            end = i + len(parts)
            if len(parts) > 1 and keys[i:end] == parts and positions[end - 1] - positions[i] == len(parts) - 1:
                found.setdefault(annotation_term(canon), []).append(positions[i])
    return found


WORDS = st.sampled_from(["a", "b", "c", "d"])


@SETTINGS
@given(
    st.lists(st.lists(WORDS, min_size=1, max_size=4).map(" ".join), max_size=12, unique=True),
    st.lists(st.tuples(WORDS, st.integers(1, 2)), max_size=30),
)
def test_annotation_finds_what_a_plain_scan_finds(canons, words):
    keys = [word for word, _ in words]
    positions, at = [], 0
    for _, step in words:  # a step of 2 is an item boundary: no canon across it
        at += step
        positions.append(at)
    matcher = ConceptMatcher(canons)
    matcher.keys = {word: word for word in "abcd"}
    terms: dict[str, list[int]] = {}
    matcher.annotate((positions, keys), terms)
    assert terms == plain_annotations(canons, keys, positions)
