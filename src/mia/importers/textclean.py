"""Repair of PDF-extracted text: line ends, spaces, lost ligatures, wrapped lines, page headers.

Nothing here knows what a review is; the importers decide *which* lines are headings or page
headers and hand the rest to these functions. The text the club's PDFs give has peculiarities
this module exists for (see data/reviews/mia_review_40.txt):

- every line is followed by a blank line, so a blank line alone is layout, not a paragraph break;
  `line_spacing()` measures that layout and `paragraphs()` only breaks on *more* blank lines than
  it, or after a short line that ends a sentence (the last line of a paragraph);
- the ligatures ff, fi, fl, ffi, ffl became U+FFFD (`e\ufffdets`); `repair_ligatures()` puts back
  the one that makes a known French or English word;
- French typography puts non-breaking spaces (U+00A0, U+202F) before `:` and `;`. They become
  plain spaces here, so that search, display and literal comparisons (`[HR 0.41 (95%`) never have
  to care about them. Runs of spaces are kept as they are: lost superscripts (`2  ligne`, `1aire`)
  stay as the text has them.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from itertools import product

from mia.base.controls import strip_controls
from mia.lexicon import language_words
from mia.lexicon.files import read_package_lexicon
from mia.base import patterns

REPLACEMENT_CHARACTER = "\ufffd"

#: Spaces that PDFs and French typography produce, all read as a plain space (a tab as four).
_SPACE_LIKE = {
    "\u00a0": " ",  # no-break space
    "\u202f": " ",  # narrow no-break space
    "\u2007": " ",  # figure space
    "\u2009": " ",  # thin space
    "\u200a": " ",  # hair space
    "\t": "    ",  # (four: a table's columns stay apart, `is_table_row`)
    "\u200b": "",  # zero-width space
    "\ufeff": "",  # byte order mark / zero-width no-break space
}

#: The ligatures a PDF font may hold as one glyph, tried in this order when no word list decides.
LIGATURES = ("fi", "ff", "fl", "ffi", "ffl")
#: More U+FFFD than this in one word and we do not try every combination (5**n candidates).
_MAX_LIGATURES_PER_WORD = 3
# `(?<![^\W\d_])`: a match starts where a word starts; from inside a long word without U+FFFD
# each position scanned the rest of the word again (a 1 MB word took hours; bench/fuzz.py).
_WORD_WITH_REPLACEMENT = patterns.compile(r"(?<![^\W\d_])[^\W\d_]*(?:\ufffd[^\W\d_]*)+")

#: A line this much shorter than the text's usual line length, ending a sentence, ends a paragraph.
SHORT_LINE_RATIO = 0.7
_SENTENCE_END = patterns.compile(r"[.!?…:][)\]»\"'’]*$")
_BULLET = patterns.compile(r"^[•▪◦·*\-–—]\s")
#: A row of a table as a PDF gives it: three cells or more, apart by runs of three spaces or more, or tabs
#: ("CDR-SB    -0,45 (-0,67 à -0,23)    <0,001"), or by bars ("Décès | 118 (17,3 %) | 148 (21,9 %)").
_TABLE_ROW = patterns.compile(r"\S(?:[ \u00a0]{3,}|\t|[ \u00a0]*\|[ \u00a0]*)\S.*?\S(?:[ \u00a0]{3,}|\t|[ \u00a0]*\|[ \u00a0]*)\S")
#: How a row going on with the line before it opens, and how a row going on with the line after
#: it ends (`_ends_paragraph`; not a dash, which a table writes in an empty cell).
_CONTINUES_A_CELL = patterns.compile(r"[^\W\d_A-ZÀ-ÖØ-Þ]|[)\]]")
_UNFINISHED_END = patterns.compile(r"[<>=≤≥+,/(\[]\s*$")
_WORD_HYPHEN_AT_END = patterns.compile(r"\w-$")
_SOFT_HYPHEN = "\u00ad"


def normalise_text(text: str) -> str:
    """One kind of line end (`\\n`), plain spaces, no trailing spaces, no control characters.

    Form feeds (page breaks of `pdftotext`) become line ends; CRLF and lone CR too.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    for space, replacement in _SPACE_LIKE.items():  # str.translate is slow on non-ASCII text
        if space in text:
            text = text.replace(space, replacement)
    text = strip_controls(text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def fold(text: str) -> str:
    """Case- and accent-insensitive form of `text` with single spaces, for comparing labels."""
    if text.isascii():  # nothing to decompose (most English lines, many French ones)
        return " ".join(text.casefold().split())
    without_accents = unicodedata.normalize("NFKD", text)
    # The combining marks are found among the few distinct characters and removed with
    # str.replace: testing every character in Python was 50 times slower on a review's text.
    for mark in [c for c in set(without_accents) if unicodedata.combining(c)]:
        without_accents = without_accents.replace(mark, "")
    return " ".join(without_accents.casefold().split())


# --- ligatures -------------------------------------------------------------------------------


def repair_ligatures(text: str) -> tuple[str, list[str]]:
    """Put back the ligatures a PDF lost (U+FFFD inside a word) and report the guesses.

    For each word holding U+FFFD, every ligature is tried in its place; the candidate that is a
    known French or English word (pyspellchecker's lists) wins, the most frequent one if several
    are. A word with no known candidate gets the ligature used most often elsewhere in the text
    (else the first of `LIGATURES`) and a note naming the word before and after. A U+FFFD that
    is not inside a word is left alone, with a note. The word lists load only when needed.
    """
    if REPLACEMENT_CHARACTER not in text:
        return text, []
    broken_words = {match.group() for match in _WORD_WITH_REPLACEMENT.finditer(text)}
    repairs: dict[str, str] = {}
    unknown: list[str] = []
    used: Counter[str] = Counter()
    for word in sorted(broken_words):
        if not _has_letter(word) or word.count(REPLACEMENT_CHARACTER) > _MAX_LIGATURES_PER_WORD:
            continue
        choice = _best_known_candidate(word)
        if choice is None:
            unknown.append(word)
            continue
        repairs[word] = _apply_ligatures(word, choice)
        used.update(choice)
    fallback = _most_used_ligature(used)
    notes = []
    for word in unknown:
        repairs[word] = _apply_ligatures(word, (fallback,) * word.count(REPLACEMENT_CHARACTER))
        notes.append(
            f"A lost ligature could not be checked against a dictionary: '{word}' was read as "
            f"'{repairs[word]}' (the most frequent pattern; no candidate with "
            f"{', '.join(LIGATURES)} is a known French or English word)."
        )
    repaired = _WORD_WITH_REPLACEMENT.sub(lambda m: repairs.get(m.group(), m.group()), text)
    left = repaired.count(REPLACEMENT_CHARACTER)
    if left:
        notes.append(
            f"{left} unreadable character(s) (U+FFFD) outside any word were left as they are."
        )
    return repaired, notes


def _has_letter(word: str) -> bool:
    return any(c.isalpha() for c in word)


def _best_known_candidate(word: str) -> tuple[str, ...] | None:
    """The ligatures (one per U+FFFD) making the most frequent known word, or None."""
    best: tuple[float, tuple[str, ...]] | None = None
    for choice in product(LIGATURES, repeat=word.count(REPLACEMENT_CHARACTER)):
        frequency = _word_frequency(_apply_ligatures(word, choice).casefold())
        if frequency > 0 and (best is None or frequency > best[0]):
            best = (frequency, choice)
    return best[1] if best else None


def _apply_ligatures(word: str, choice: Iterable[str]) -> str:
    """`word` with each U+FFFD replaced by the next ligature, upper case in an upper-case word."""
    letters = [c for c in word if c.isalpha()]
    shout = len(letters) > 1 and all(c.isupper() for c in letters)
    parts = word.split(REPLACEMENT_CHARACTER)
    pieces = [parts[0]]
    for ligature, part in zip(choice, parts[1:]):
        pieces.append(ligature.upper() if shout else ligature)
        pieces.append(part)
    return "".join(pieces)


def _most_used_ligature(used: Counter[str]) -> str:
    if not used:
        return LIGATURES[0]
    return max(LIGATURES, key=lambda ligature: (used[ligature], -LIGATURES.index(ligature)))


def _word_frequency(word: str) -> float:
    """How common `word` is in French or English (share of the corpus), 0 if unknown.

    Only words holding a ligature sequence are looked up in the lists (`_ligature_words`):
    every candidate does, as it holds the ligature just put in (lower case, or upper case
    in a shouted word, which `.casefold()` lowers again). Medical words the general lists lack
    (`fibrose`, `thrombopénie`) count as known, with the smallest frequency, when they appear
    in mia's medical lexicon.
    """
    # pyspellchecker lower-cases the words it is asked about; so do we, to answer as it did.
    # (The lexicon's words the lists lack are in the cached table, at the smallest share.)
    return _ligature_words().get(word.lower(), 0.0)


_LETTERS_RUN = patterns.compile(r"[^\W\d_]+")


@functools.lru_cache(maxsize=1)
def _medical_words() -> frozenset[str]:
    """The words of the shipped medical lexicon that hold a ligature sequence, lower case.

    Only those are ever asked about (every candidate holds the ligature just put in), so only
    the lines holding one are tokenised: a tenth of the lexicon (≈1 ms instead of ≈10).
    """
    found: set[str] = set()
    for line in read_package_lexicon().splitlines():
        if line.startswith("#"):
            continue
        folded = line.casefold()  # a word's folded form lies inside its line's
        if any(ligature in folded for ligature in LIGATURES):
            found.update(word.casefold() for word in _LETTERS_RUN.findall(line))
    return frozenset(word for word in found if any(ligature in word for ligature in LIGATURES))


@functools.lru_cache(maxsize=1)
def _ligature_words() -> Mapping[str, float]:
    """French and English words holding a ligature sequence, with their frequency shares.

    Looked up in a small cache file (a dozen words a review, ≈0.3 ms), built from pyspellchecker's lists and the medical
    lexicon's words the first time (≈0.4 s); see `mia.lexicon.language_words`. Kept for the
    whole process whatever the cache directory: the table depends only on pyspellchecker, the
    shipped lexicon and `LIGATURES`, the file just spares the next process the build (and the
    lexicon's reading, ~8 ms of a one-review `mia add`).
    """
    return language_words.load(LIGATURES, also_known=_medical_words)


# --- lines and paragraphs --------------------------------------------------------------------


def line_spacing(lines: list[str]) -> int:
    """How many blank lines the extraction put between two lines of the same paragraph.

    It is the most common gap between consecutive text lines: 1 for the club's PDFs (every
    line followed by a blank one), 0 for ordinary text. Ties go to the smaller gap.
    """
    gaps = Counter(_gaps(lines))
    if not gaps:
        return 0
    return max(gaps, key=lambda gap: (gaps[gap], -gap))


def _gaps(lines: list[str]) -> Iterable[int]:
    """The number of blank lines between each text line and the next one."""
    blanks = None
    for line in lines:
        if line.strip():
            if blanks is not None:
                yield blanks
            blanks = 0
        elif blanks is not None:
            blanks += 1


def typical_line_length(lines: Iterable[str]) -> int:
    """The length of a full line of wrapped text (80th percentile), 0 when too few lines to tell.

    Used to recognise the short last line of a paragraph.
    """
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    if len(lengths) < 5:
        return 0
    return lengths[int(0.8 * (len(lengths) - 1))]


def paragraphs(lines: list[str], *, spacing: int, width: int = 0) -> list[str]:
    """Join wrapped `lines` into paragraphs.

    A paragraph ends where there are more blank lines than `spacing` (see `line_spacing`),
    after a line shorter than `SHORT_LINE_RATIO * width` that ends a sentence when the next one
    starts with a capital, and before a bulleted line. `width` 0 disables the short-line rule. A
    row of a table (`is_table_row`) is a paragraph of its own: joined to the text around it, its
    cells ran into the sentences (and a table's rows into each other).
    """
    blocks: list[list[str]] = []
    current: list[str] = []
    blanks = 0
    for line in lines:
        line = line.strip()
        if not line:
            blanks += 1
            continue
        if current and (blanks > spacing or _ends_paragraph(current[-1], line, width)):
            blocks.append(current)
            current = []
        current.append(line)
        blanks = 0
    if current:
        blocks.append(current)
    return [join_lines(block) for block in blocks]


def ends_sentence(line: str) -> bool:
    """Whether `line` ends with a sentence's (or a colon's) punctuation, closing marks aside."""
    return bool(_SENTENCE_END.search(line))


def is_table_row(line: str) -> bool:
    """Whether a line is a row of a table: three cells or more, apart by runs of spaces or tabs."""
    return bool(_TABLE_ROW.search(line))


def _unfinished(row: str) -> bool:
    """Whether a table row stops in the middle of a cell: a bracket left open, or a comparison, a
    comma or a slash at its end ("… | p <")."""
    return row.count("(") > row.count(")") or row.count("[") > row.count("]") or bool(_UNFINISHED_END.search(row))


def _ends_paragraph(line: str, next_line: str, width: int) -> bool:
    if _BULLET.match(next_line):
        return True
    # A row wrapped in the middle of a cell ("Critère principal | Fébuxostat 172 évènements
    # (1,72 /100" + "patient-années) | … | p <" + "0,0001 pour la non-infériorité."): a row
    # opening on a lower-case letter or a closing bracket goes on with the line before it, and a
    # row left unfinished (a bracket open, or a comparison, a comma or a slash at its end: not a
    # dash, an empty cell) with the line after.
    row, next_row = is_table_row(line), is_table_row(next_line)
    if next_row and _CONTINUES_A_CELL.match(next_line) and not _SENTENCE_END.search(line):
        return False
    if row and not next_row and _unfinished(line):
        return False
    if row or next_row:
        return True
    is_short = width > 0 and len(line) < SHORT_LINE_RATIO * width
    return is_short and bool(_SENTENCE_END.search(line)) and next_line[:1].isupper()


def join_lines(lines: Iterable[str]) -> str:
    """Join wrapped lines with a space; a word cut by a hyphen keeps it and gets no space.

    `auto-` + `anticorps` gives `auto-anticorps` (a hyphen at a line end in these PDFs is a real
    one); a soft hyphen (U+00AD) at a line end is removed and the word halves joined.
    """
    text = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if not text:
            text = line
        elif text.endswith(_SOFT_HYPHEN):
            text = text[:-1] + line
        elif _WORD_HYPHEN_AT_END.search(text[-3:]):  # the end is enough; the text grows
            text += line
        else:
            text += " " + line
    return text


def drop_blocks(
    lines: list[str],
    is_block_line: Callable[[str], bool],
    *,
    is_droppable: Callable[[list[str]], bool] = lambda block: True,
) -> list[str]:
    """Remove runs of block lines (a page header or footer) with the blank lines around them.

    A run is a sequence of text lines for which `is_block_line` holds, blank lines between them
    included; it is removed when `is_droppable(its text lines)` says so. The lines on either side
    end up next to each other, so a paragraph cut by a page header is whole again.
    """
    kept: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if not (line.strip() and is_block_line(line)):
            kept.append(line)
            index += 1
            continue
        end = index
        block = []
        while end < len(lines) and (not lines[end].strip() or is_block_line(lines[end])):
            if lines[end].strip():
                block.append(lines[end])
            end += 1
        if is_droppable(block):
            while kept and not kept[-1].strip():
                kept.pop()
        else:
            kept.extend(lines[index:end])
        index = end
    return kept
