"""Extract the key results of a trial from the text of a review.

Everything here is a pure function over plain strings: the review arrives as
``(heading, text)`` pairs whose text is already repaired (wrapped lines joined
into paragraphs), and the answer is a plain dict. Nothing is guessed: a value
the text does not state plainly is ``None``, and whatever is unsure is said in
``flags``, in plain words. No input makes :func:`extract_key_results` raise.

The rules, in short (docs/EVIDENCE.md has the long form):

* the text is cut into sentences (a full stop followed by a capital or a digit,
  outside brackets, not after ``vs.``, ``al.``, an initial...);
* **design** tags come from the methods sections first (then the other sections
  but the introduction, then the title), skipping sentences that talk about
  other studies and wordings that are negated (*non randomisé*);
* **n** comes from an explicit ``N =`` first, then a count of patients near
  *randomisés / inclus / enrolled*, then a bare count of patients, the methods
  section winning at each rank; two different strong counts are flagged;
* **primary** is the effect stated in a sentence that names the primary outcome
  (or in the sentence just after it when that one only gives the event rates),
  never the first number of the text;
* **secondary** are the other effects, with a few words of their sentence.
"""

from __future__ import annotations

import math
import re
import unicodedata

__all__ = ["DESIGN_TAGS", "MEASURES", "RATIO_MEASURES", "DIFFERENCE_MEASURES", "extract_key_results", "split_sentences"]

from mia.evidence import EXTRACTOR_VERSION
from mia.evidence.vocabulary import (DESIGN_TAGS, DIFFERENCE_MEASURES, MEASURES, OUTCOME_FAMILIES,
                                     OUTCOME_NAME_FAMILIES, RATIO_MEASURES)
from mia.base import patterns

# More text than any review: the rest is not read (and a flag says so).
MAX_CHARS = 1_000_000

# ---------------------------------------------------------------------------
# Text clean-up and sentences
# ---------------------------------------------------------------------------

_CONTROL = patterns.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_INVISIBLE = patterns.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_LINE_BREAKS = patterns.compile(r"\r\n?|[\u2028\u2029\x85]")


def _clean(text: str) -> str:
    """NFC, apostrophes and hyphens made plain, control characters turned to spaces.

    The thin and no-break spaces are kept: they are thousands separators.
    """
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    if "\u00b7" in text:  # the Lancet's decimal point: 0·78 (0·76–0·80)
        text = _MIDDLE_DOT.sub(".", text)
    if "\u2039" in text or "\u203a" in text:  # ‹ and › for < and > in some PDFs' text (p‹0·0001)
        text = text.replace("\u2039", "<").replace("\u203a", ">")
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2011", "-").replace("\u2010", "-")


_MIDDLE_DOT = patterns.compile(r"(?<=\d)\u00b7(?=\d)")

#: A wrapped line is at least this long: a shorter one is a label or a title ("Critère principal").
_WRAPPED_LINE = 40
#: A line ending so ends a sentence or announces what follows: the break after it is kept.
_LINE_ENDS_SENTENCE = patterns.compile(r"[.!?:;\u2026][\s\"»)\]]*$")
#: A line starting so is a block of its own (list item, heading, table row, quotation).
_BLOCK_START = patterns.compile(r"\s*(?:[-*+\u2022>#|]|\d{1,2}[.)]\s)")


#: "IC" or "CI", its level before it or not ("95% CI"), as a bracket or a table's cell opens on it.
_IC_OR_CI = r"(?:[5-9]\d(?:[.,]\d+)?\s*%\s*)?(?:IC|CI)(?![A-Za-z])"
#: A table's header cell naming the effect its column gives ("HR (IC95%)", "Différence
#: lécanemab - placebo (IC95%)", "OR ajusté"), or (from version 21) an effect whose measure each
#: row's cell names ("Effet (IC 95 %)" over "RR 0,52 (0,40–0,66)"); a cell separator (runs of
#: three spaces or more, tabs, or from version 21 a bar: `importers.textclean.is_table_row`), the
#: header of a column of p, a cell holding a value.
_TABLE_MEASURE = patterns.compile(
    r"(?i:^(?:a?HRa?|a?ORa?|a?RRa?|a?IRRa?|W?MD|ARD|hazard\s+ratio|odds\s+ratio|risque\s+relatif|relative\s+risk|"
    r"risk\s+ratio|rate\s+ratio|diff[ée]rence|difference|mean\s+difference)(?!\w))")
_EFFECT_HEADER = patterns.compile(r"(?i:^(?:effets?|effects?|effect\s+size|estimat(?:e|ion)s?)(?!\w))")
_CELL_GAP = patterns.compile(r"(?:[ \u00a0]{3,}|\t|[ \u00a0]*\|[ \u00a0]*)")
_P_HEADER = patterns.compile(r"(?i:^(?:p|p[\s\-]?value|valeur\s+de\s+p|valeur\s+p)$)")
_CELL_VALUE = patterns.compile(r"^[-+\u2212\u2013]?\d")
#: An interval's level in a header's cell ("HR (IC 95 %)", "OR (95% CI)", "HR (IC95)"): no value.
_CI_LEVEL = patterns.compile(r"(?i:(?<![A-Za-z])(?:IC|CI)\s*\d+(?:[.,]\d+)?\s*%?|\d+(?:[.,]\d+)?\s*%\s*(?:IC|CI)(?![A-Za-z]))")
_CI_CELL = patterns.compile(r"(?i:^(?:" + _IC_OR_CI + "))")
_P_CELL = patterns.compile(r"(?i:^p\s*[<>=≤]|^ns$)")
_CI_NAMED = patterns.compile(r"(?i:(?<![A-Za-z])(?:IC|CI)(?![A-Za-z]))")
#: The header of a column of intervals beside the measure's ("HR    IC 95 %", "OR    95% CI").
_CI_HEADER = patterns.compile(r"(?i:^(?:" + _IC_OR_CI + "|intervalle|interval))")


def _tables_read(text: str) -> str:
    """The rows of a flattened table whose header names an effect measure, written as sentences
    the rules read (from version 17): under "Critère    Différence lécanemab - placebo (IC95%)
    p", the row "CDR-SB    -0,45 (-0,67 à -0,23)    <0,001" reads "CDR-SB Différence -0,45 (IC
    -0,67 à -0,23), p <0,001."; from version 20 the interval may stand in a column of its own
    ("Critère    HR    IC 95 %" / "Anévrisme ou dissection    1,66    1,12–2,46" reads
    "Anévrisme ou dissection HR 1,66 (IC 1,12–2,46)."). Other lines are kept as they are."""
    if "\t" not in text and "   " not in text and "|" not in text:
        return text
    lines = text.split("\n")
    header = None  # (the measure's column, its word, the p column, the number of cells, the interval's column)
    for k, line in enumerate(lines):
        cells = [cell.strip() for cell in _CELL_GAP.split(line.strip().strip("|"))] if line.strip() else []
        if len(cells) < 3:
            if cells:
                header = None  # (a line of text ends the table)
            continue
        column = next((i for i, cell in enumerate(cells)  # (a header's cell names a measure, without a value)
                       if i > 0 and (_TABLE_MEASURE.match(cell) or _EFFECT_HEADER.match(cell))
                       and not _DIGIT.search(_CI_LEVEL.sub("", cell))), None)
        if column is not None and not any(_CELL_VALUE.match(cell) and not _CI_HEADER.match(cell) for cell in cells[1:]):
            p_column = next((i for i, cell in enumerate(cells) if _P_HEADER.match(cell)), None)
            ci_column = next((i for i, cell in enumerate(cells) if i > column and _CI_HEADER.match(cell)), None)
            measure = _TABLE_MEASURE.match(cells[column])
            header = (column, measure.group() if measure else "", p_column, len(cells), ci_column)
            continue
        if header is None or len(cells) != header[3]:
            lines[k] = _row_with_its_interval(cells) or line
            continue
        column, word, p_column, _, ci_column = header
        value = cells[column]
        if _TABLE_MEASURE.match(value) and _DIGIT.search(value):
            word = ""  # (the cell names its measure: "RR 0,52 (0,40–0,66)")
        elif not (word and _CELL_VALUE.match(value)):
            continue
        if ci_column is not None and _CELL_VALUE.match(cells[ci_column]):
            value = f"{value} (IC {cells[ci_column]})"
        elif not _CI_NAMED.search(value):
            value = re.sub(r"[(\[]", lambda bracket: bracket.group() + "IC ", value, count=1)
        sentence = f"{cells[0]} {word} {value}".replace("  ", " ")
        if p_column is not None:
            # (from version 19 a bare value is given as one: "0,0399" reads "p = 0,0399")
            p_value = cells[p_column]
            sentence += f", p {'= ' if p_value[:1].isdigit() else ''}{p_value}"
        lines[k] = sentence + "."
    return "\n".join(lines)


def _row_with_its_interval(cells: list[str]) -> str | None:
    """A row under no header whose cell names a measure with its value, the interval in the next
    cell (from version 21: "Récidive à 2 ans | laparoscopie 10,1 % | ouvert 4,9 % | OR 2,2 | IC 95 %
    1,5–3,2 | p < 0,001" reads "Récidive à 2 ans OR 2,2 (IC 95 % 1,5–3,2), p < 0,001."), or None."""
    for i in range(1, len(cells) - 1):
        if (_TABLE_MEASURE.match(cells[i]) and _DIGIT.search(cells[i]) and _CI_CELL.match(cells[i + 1])
                and _DIGIT.search(cells[i + 1])):
            p_value = cells[i + 2] if i + 2 < len(cells) and _P_CELL.match(cells[i + 2]) else ""
            return f"{cells[0]} {cells[i]} ({cells[i + 1]})" + (f", {p_value}" if p_value else "") + "."
    return None


def _join_wrapped_lines(text: str) -> str:
    """The lines of a paragraph an editor wrapped, joined with a space: a Markdown review keeps
    its line breaks as written, and a sentence ends at every line break (`split_sentences`), so
    "survenu chez 16 %\nvs 19 % (HR 0,82…)" had lost its effect. A break stays after a short
    line or a sentence's end, and before a blank line or a block (list item, heading, table)."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    joined = [lines[0]]
    last = lines[0]  # the last line as written (the joined one grows)
    for line in lines[1:]:
        if (len(last.strip()) >= _WRAPPED_LINE and line.strip() and not _LINE_ENDS_SENTENCE.search(last)
                and not _BLOCK_START.match(line)):
            joined[-1] = joined[-1].rstrip() + " " + line.lstrip()
        else:
            joined.append(line)
        last = line
    return "\n".join(joined)


_ABBREVIATIONS = {
    "vs", "v", "cf", "env", "al", "etc", "ex", "fig", "réf", "ref", "dr", "dre", "pr", "no", "n°", "nb",
    "approx", "resp", "min", "max", "moy", "méd", "med", "vol", "pp", "st", "mr", "mme", "mrs", "ms",
    "prof", "ca", "eg", "ie", "cad", "c-à-d", "sq", "suiv", "var", "inf", "sup", "jr",
}
_BOUNDARY = patterns.compile(r"[()\[\]\n]|[.!?\u2026]+(?=\s+[\"«(\[]?[A-ZÀ-ÖØ-Þ0-9])")
_WORD_BEFORE = patterns.compile(r"([^\W\d_][\w°\-]*)\W*$")
_MAX_BRACKET_SPAN = 300


_PREVIOUS_WORD = patterns.compile(r"(\S+)\s+$")


def _is_initial(text: str, at: int) -> bool:
    """A capital letter before a full stop is an initial ("Dr J. Smith", "C. A. Bradbury"),
    unless the word before it is a lowercase one ("du groupe B. Les...")."""
    previous = _PREVIOUS_WORD.search(text, max(0, at - 30), at)
    if previous is None:
        return True
    word = previous.group(1)
    return not word[:1].islower()


def split_sentences(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of the sentences of a paragraph or section.

    A sentence ends at a line break, or at ``.``/``!``/``?`` followed by a space
    and a capital or a digit, unless inside brackets (for less than 300
    characters) or right after an abbreviation or an initial (``vs.``, ``C.``).
    """
    spans: list[tuple[int, int]] = []
    start = 0
    depth = 0
    opened_at = 0
    for match in _BOUNDARY.finditer(text):
        char = match.group()
        pos = match.start()
        if char in "([":
            if depth == 0:
                opened_at = pos
            depth += 1
            continue
        if char in ")]":
            depth = max(0, depth - 1)
            continue
        if char == "\n":
            depth = 0
            if text[start:pos].strip():
                spans.append((start, pos))
            start = pos + 1
            continue
        if depth and pos - opened_at < _MAX_BRACKET_SPAN:
            continue
        depth = 0
        if char == ".":
            before = _WORD_BEFORE.search(text, max(start, pos - 12), pos)
            # After a closing bracket a full stop ends the sentence: "…, n.s.]. Aucune…" (the
            # word before the bracket is no abbreviation of this full stop).
            if before and not re.search(r"[)\]]", text[before.end(1):pos]):
                word = before.group(1)
                if word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.islower()):
                    continue
                if len(word) == 1 and word.isalpha() and _is_initial(text, before.start(1)):
                    continue
        end = match.end()
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    # Strip the spans of their surrounding spaces.
    result = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            result.append((a, b))
    return result


# ---------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------

_KIND_PATTERNS = (
    ("methods", patterns.compile(
        r"m[ée]thod|mat[ée]ri[ae]l|design|sch[ée]ma|protocol|population|patients?\s+et|participants|"
        r"intervention|crit[èe]res|study|[ée]tude$|essai$|trial$|setting|proc[ée]dure|\bdid\b|\bfait\b", re.I)),
    ("results", patterns.compile(r"r[ée]sultat|result|finding|\bfound\b|trouv[ée]|outcome|issue|efficac|tol[ée]rance|"
                                 r"safety|donn[ée]es", re.I)),
    ("intro", patterns.compile(r"intro|contexte|context|background|rationnel|rationale|justification|probl[ée]matique", re.I)),
    ("discussion", patterns.compile(
        r"discussion|comment|limit|conclusion|take|points?\s+forts?|critique|avis|opinion|message|"
        r"implication|perspective|strength|weakness|synth[èe]se|à\s+retenir|bottom", re.I)),
)


def _section_kind(heading: str) -> str:
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(heading):
            return kind
    return "other"


class _Sentence:
    __slots__ = ("text", "kind", "section", "index")

    def __init__(self, text: str, kind: str, section: int, index: int):
        self.text = text
        self.kind = kind
        self.section = section
        self.index = index


def _coerce_sections(sections) -> list[tuple[str, str]]:
    """Whatever arrives, a list of (heading, text) strings: pairs, dicts, objects with .heading/.text."""
    if sections is None:
        return []
    if isinstance(sections, (str, bytes)):
        sections = [("", sections)]
    pairs = []
    try:
        items = list(sections)
    except TypeError:
        return []
    for item in items:
        heading, text = "", ""
        try:
            if isinstance(item, (str, bytes)):
                text = item
            elif isinstance(item, dict):
                heading, text = item.get("heading", ""), item.get("text", "")
            elif isinstance(item, (tuple, list)):
                if len(item) >= 2:
                    heading, text = item[0], item[1]
                elif len(item) == 1:
                    text = item[0]
            elif hasattr(item, "text"):
                heading, text = getattr(item, "heading", ""), getattr(item, "text", "")
            else:
                continue
        except Exception:
            continue
        pairs.append((_as_str(heading), _as_str(text)))
    return pairs


def _as_str(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, str):
        return value
    try:
        return str(value)
    except Exception:
        return ""


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------

# A decimal number, with a leading minus (hyphen, U+2212, en dash) when the
# minus is not right after a digit (where it is a range separator).
_NUM = r"(?:(?<![\d\w])[-\u2212\u2013](?=\d))?(?<![\d.,])\d+(?:[.,]\d+)?(?![\d])"
_NUM_RE = patterns.compile(_NUM)


def _to_float(token: str) -> float | None:
    token = token.replace("\u2212", "-").replace("\u2013", "-").replace(",", ".")
    try:
        value = float(token)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _fmt(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:g}"


# ---------------------------------------------------------------------------
# Effects
# ---------------------------------------------------------------------------

# The interval label that must follow a difference named only by its direction.
#: A value changed by so many points ("le VEMS était amélioré de 13,8 points (IC 95 % …)", "reduced by
#: 4.1 points"), read from version 17 as a difference named by its direction (`_DIRECTIONAL`).
_CHANGED = r"(?:am[ée]lior[ée]e?s?|augment[ée]e?s?|diminu[ée]e?s?|r[ée]duite?s?|baiss[ée]e?s?)"  # (baisse: version 20)
_CHANGED_EN = r"(?:improved|increased|decreased|reduced)"
#: What may stand between such a difference and its interval: the arm it is compared with
#: ("amélioré de 13,8 points de % vs placebo (IC 95 % …)").
_AGAINST = r"(?:\s+(?:vs\.?|versus|contre|avec|entre|par\s+rapport\s+au|compared\s+with|with|between|against|from)\s+(?:[^\d()\[\];,.]|\+\s?\d+(?=\s)){1,30}?)?"
_DIRECTION_CI = r"(?:(?:[5-9]\d(?:[.,]\d{1,3})?\s*%\s*)?(?:IC|CI)(?![A-Za-z]))"
_DIRECTIONAL = patterns.compile(r"(?i:(?:plus\s+\w+|" + _CHANGED + r")\s+de|(?:higher|lower|" + _CHANGED_EN + r")\s+by)$")
_LOWER = patterns.compile(r"(?i:plus\s+(?:basse?s?|faibles?)|lower|diminu|r[ée]dui|baiss|decreased|reduced)")
# A sentence that names a rate ratio in full and no risk ratio: its "RR" is the rate ratio.
_RISK_RATIO_WORDS = patterns.compile(r"(?i:risk\s+ratio|relative\s+risk|risque\s+relatif|rapports?\s+de\s+risques?(?!\s+instantan))")

#: What may stand between "différence" and its value: "différence de 5 %", "la différence était de
#: −12,4 points", "the difference was 0.45" (each word once at most: no backtracking over spaces).
#: What a difference is of, before the verb giving its value (from version 21: "la différence de
#: variation du FACIT-Sp était de 3,56 points (IC 95 % −0,27 à 7,40)").
_DIFFERENCE_OF = (r"(?:\s+(?:de|du|des|d'|in|of)\s*(?:l'|la\s+|le\s+|les\s+|the\s+)?(?:[^\W\d_][\w\-']*\s+){0,3}?"
                  r"[^\W\d_][\w\-']*(?:\s+(?:[ée]tait|est|was|is))?(?=\s))?")
_DIFFERENCE_LEAD = r"(?:\s*(?:[,:=]|de|of|[ée]tait|est|was|is|estim[ée]e|estimated|ajust[ée]e|adjusted)(?!\w)){0,3}\s*"
#: (from version 25) A mean difference's words around what it is of: "différence estimée du BMI
#: SDS -0,22", "la différence de BMIz entre le groupe intervention et le groupe contrôle est de
#: -0,075", the groups compared after what differs.
_MEAN_DIFFERENCE_OF = (r"(?:\s+(?:estim[ée]e|ajust[ée]e|estimated|adjusted)(?=\s+(?:de|du|des|d'|in|of)(?!\w)))?"
                       + _DIFFERENCE_OF +
                       r"(?:\s+(?:entre|between)\s+[^\d()\[\];,.]{1,60}?(?=\s+(?:[ée]tait|est|was|is|de|of)(?!\w)))?"
                       # (or the arms after it: "différence de PAS à domicile spironolactone vs placebo de -8.70 mmHg")
                       + _AGAINST)
_MEASURE_PATTERNS = (
    ("rate ratio", r"(?i:incidence\s+rate\s+ratio|rate\s+ratio|rapports?\s+(?:des|de)\s+taux(?:\s+d'incidence)?|"
                   r"ratio\s+des\s+taux)|(?<![A-Za-z])a?IRRa?(?![A-Za-z])|(?<![A-Za-z])RaR(?![A-Za-z])"),
    # (aIRR, IRRa: from version 22; RaR, the Cochrane reviews' rate ratio, from version 23)
    ("HR", r"(?i:hazard\s+ratio|rapports?\s+des?\s+risques?\s+instantan[ée]s?)|(?<![A-Za-z])a?HRa?(?![A-Za-z])"),
    ("OR", r"(?i:odds\s+ratio|rapports?\s+des?\s+cotes)|(?<![A-Za-z])a?ORa?(?![A-Za-z])"),
    ("RR", r"(?i:risk\s+ratio|relative\s+risk|risque\s+relatif|rapports?\s+de\s+risques?)|(?<![A-Za-z])a?RRa?(?![A-Za-z])"),
    ("ARD", r"(?i:absolute\s+risk\s+difference|(?:absolute\s+)?risk\s+difference|absolute\s+difference|"
            r"diff[ée]rences?\s+(?:absolue\s+)?(?:de|du|des)\s+risques?(?:\s+absolus?)?|diff[ée]rence\s+absolue)"
            r"|(?<![A-Za-z])ARD(?![A-Za-z])"
            r"|(?i:(?<!\w)diff[ée]rence(?=" + _AGAINST + _DIFFERENCE_LEAD + r"[-+\u2212\u2013]?\d+(?:[.,]\d+)?\s*"
            r"(?:percentage\s+points?|points?\s+de\s+pourcentage|%)))"
            r"|(?:(?i:(?:plus\s+(?:[ée]lev[ée]e?s?|haute?s?|basse?s?|faibles?)|" + _CHANGED + r")\s+de|"
            r"(?:higher|lower|" + _CHANGED_EN + r")\s+by)"
            r"(?=\s*\d+(?:[.,]\d+)?\s*(?i:points?(?:\s+de\s+(?:pourcentage|%))?|percentage\s+points?)" + _AGAINST
            + r"\s*[(\[,;]?\s*(?:" + _DIRECTION_CI + r")))"),
    # (from version 20) the standardised mean difference of a meta-analysis, before the mean
    # difference whose words it holds ("différence moyenne standardisée (DMS) -0,77 (IC95% …)")
    ("SMD", r"(?i:standardi[sz]ed\s+mean\s+differences?|diff[ée]rences?\s+moyennes?\s+standardis[ée]e?s?|"
            # (from version 21) a meta-analysis's pooled effect size (Cohen's d, Hedges' g) is one
            r"(?:pooled\s+|weighted\s+(?:mean\s+)?)?effect\s+sizes?|tailles?\s+d'effet)"
            r"|(?<![A-Za-z])(?:SMD|DMS)(?![A-Za-z])"  # (DMS, the French abbreviation: from version 22)
            # (from version 25) Cohen's d and Hedges' g with their interval: "d = 1,46 (IC 95% 0,91-2,01)"
            r"|(?<![\w.'\-])[dg](?=\s*=\s*[-+\u2212]?\d+(?:[.,]\d+)?\s*[(\[]\s*" + _IC_OR_CI + r")"),
    ("MD", r"(?i:(?:weighted\s+)?mean\s+(?:adjusted\s+)?difference|difference\s+in\s+means|diff[ée]rences?\s+moyennes?|"
           r"diff[ée]rences?\s+(?:de|des)\s+moyennes)|(?<![A-Za-z])W?MD(?![A-Za-z])"
           # "différence −12,4 points (IC 95% …)", "difference of 0.45 (95% CI …)": a difference with
           # its interval, neither in percentage points nor in % (those are ARD, above), is of means.
           r"|(?i:(?<!\w)diff[ée]rence(?=" + _AGAINST + _MEAN_DIFFERENCE_OF + _DIFFERENCE_LEAD + r"[-+\u2212\u2013]?\d+(?:[.,]\d+)?\s*"
           r"(?:(?:points?|mm\s?Hg|kg|cm|mm|ml|mg/dl|mmol/l|g/dl|bpm|kcal(?:/(?:j|jour|day|d))?|"
           # (from version 18: "Différence vs. placebo : -1,9 jour (IC95% …)", days of migraine)
           r"jours?|days?|semaines?|weeks?|mois|months?|heures?|hours?|lettres?|letters?|"
           # (from version 21) a difference in standard deviations, per year: "différence de déclin
           # cognitif 0,015 écart-type par an (IC 95 % −0,004 à 0,035)"
           r"[ée]carts?[\s\-]types?|SD|standard\s+deviations?)(?:\s+(?:par\s+an|per\s+year))?(?!\w)\s*)?"
           # (from version 25) the arm it favours before its interval: "de 1,54 points en faveur de
           # la RTUP (IC 95 % -1,45 à 4,52"
           r"(?:(?:en\s+faveur\s+(?:de|du|des)|in\s+favou?r\s+of)\s+[^\d()\[\];,.]{1,40}?\s*)?"
           r"(?:[(\[,;]\s*)?" + _DIRECTION_CI + r"))"
           # (from version 20) a change in a unit, named by its verb, with its interval: "la
           # dyspnée du matin diminue de 6,6 mm (IC 95 % 1,6 à 11,6 ; p = 0,011)", "reduced by
           # 3.5 mmHg (95% CI …)" (in points, it is a risk difference: ARD above)
           r"|(?i:(?<!\w)(?:diminu\w*|baiss\w*|augment\w*|r[ée]dui\w*|am[ée]lior\w*|reduced|decreased|increased|"
           r"improved)\s+(?:de|d'|by|of)(?=\s*[-+\u2212]?\d+(?:[.,]\d+)?\s*"
           r"(?:mm\s?Hg|kg|cm|mm|ml|mg/dl|mmol/l|g/dl|bpm|kcal(?:/(?:j|jour|day|d))?|jours?|days?|heures?|hours?|"
           r"semaines?|weeks?|lettres?|letters?)(?!\w)" + _AGAINST + r"\s*[(\[,;]?\s*" + _DIRECTION_CI + r"))"),
)
#: A difference without its interval, after the two arms' values ("88,2 % sous fidaxomicine vs
#: 85,8 % sous vancomycine (différence de +2,4 points)", "+8,0 lettres contre +8,5 (différence
#: -0,5 lettre)"): in points after two percentages, a risk difference; in a unit, or in points
#: after two values, a mean difference (`_bare_difference`). Without two values before it, a
#: difference is a threshold or a margin ("une différence de 10 points était jugée pertinente").
_BARE_DIFFERENCE_UNITS = r"(?:points?|lettres?|letters?|mm\s?Hg|kg|cm|mm|ml|mg/dl|mmol/l|g/dl|bpm)"
_BARE_DIFFERENCE = ("difference", r"(?i:(?<!\w)diff[ée]rence(?=" + _DIFFERENCE_LEAD + r"[-+\u2212\u2013]?\d+(?:[.,]\d+)?\s*"
                    + _BARE_DIFFERENCE_UNITS + r"(?!\w)))")
_BARE_DIFFERENCE_UNIT = patterns.compile(_DIFFERENCE_LEAD + r"[-+\u2212\u2013]?\d+(?:[.,]\d+)?\s*(?P<unit>"
                                         + _BARE_DIFFERENCE_UNITS + r")(?!\w)", re.I)
_ARM_PERCENT = patterns.compile(r"\d(?:[.,]\d+)?\s*%")
_MEASURE_PATTERNS = _MEASURE_PATTERNS + (_BARE_DIFFERENCE,)

#: Effects stated as a percentage change, stored as the measure they restate
#: (`_restate_percentage`): a relative reduction of 20 % (6,8–26,7) is RR 0.80 (0.733–0.932), an
#: absolute reduction of 5.2 points is ARD −5.2.
#: A change by x % named by its direction, followed by its interval ("le taux était inférieur de 23 %
#: dans le groupe nicotinamide (IC 95 % 4 à 38)", "reduced by 21% (95% CI …)") is relative too. (Not
#: the English "23% lower", the number before its direction.)
_RELATIVE_CI_AHEAD = (r"(?=\s*\d+(?:[.,]\d+)?\s*%(?:\s+[^\d.;()\[\]]{1,40}?)?\s*[(\[]\s*"
                      + _IC_OR_CI + ")")
_PERCENTAGE_PATTERNS = (
    ("relative reduction", r"(?i:relative\s+(?:risk\s+)?reduction|r[ée]duction\s+relative(?:\s+du\s+risque)?|"
                           r"diminution\s+relative(?:\s+du\s+risque)?|efficacit[ée]\s+vaccinale|vaccine\s+efficacy)|(?<![A-Za-z])RRR(?![A-Za-z])|"
                           r"(?i:(?<!\w)(?:inf[ée]rieure?s?|r[ée]dui\w*|diminu\w*|abaiss\w*|baiss\w*|lower|reduced|"
                           r"decreased)\s+(?:de|by))" + _RELATIVE_CI_AHEAD + "|"
                           # (from version 21) an efficacy in %, with its interval: "une efficacité
                           # protectrice indirecte de 61 % (IC 95 % 8–83)", "efficacy was 45% (95% CI …)"
                           r"(?i:(?<!\w)(?:efficacit[ée]|efficacy)(?:\s+(?!(?:de|of|was|is|[ée]tait|est)(?!\w))"
                           r"[^\W\d_][\w\-]*){0,2}(?:\s*(?:[ée]tait|est|was|is|de|of|:)(?!\w))*)" + _RELATIVE_CI_AHEAD),
    ("relative increase", r"(?i:relative\s+(?:risk\s+)?increase|augmentation\s+relative(?:\s+du\s+risque)?)|"
                          r"(?i:(?<!\w)(?:sup[ée]rieure?s?|augment\w*|accrue?s?|higher|increased)\s+(?:de|by))"
                          + _RELATIVE_CI_AHEAD),
    ("absolute reduction", r"(?i:absolute\s+(?:risk\s+)?reduction|r[ée]duction\s+absolue(?:\s+du\s+risque)?|"
                           r"diminution\s+absolue(?:\s+du\s+risque)?)|(?<![A-Za-z])ARR(?![A-Za-z])"),
)
_PERCENTAGE_MEASURES = {name for name, _ in _PERCENTAGE_PATTERNS}
# First: at "relative risk reduction", the risk ratio's "relative risk" must not be taken.
_MEASURE_PATTERNS = _PERCENTAGE_PATTERNS + _MEASURE_PATTERNS
_MEASURE_RE = patterns.compile("|".join(f"(?P<m{i}>{p})" for i, (_, p) in enumerate(_MEASURE_PATTERNS)))
_MEASURE_NAMES = [name for name, _ in _MEASURE_PATTERNS]
#: Pieces of text one of which every match of `_MEASURE_RE` holds: the words of its
#: case-insensitive alternatives (lower case, plain letters), and its acronyms as written. A
#: sentence holding none names no measure, and is not searched with the pattern (the costliest
#: of the extraction: ~55 µs a sentence with a digit, a sixth of a synthetic review's key
#: results). `tests/evidence/test_measure_pieces.py` checks them against the pattern.
_MEASURE_WORD_PIECES = ("ratio", "rapport", "relati", "diff", "absolu", "plus", "higher", "lower", "inf", "dui",
                        "diminu", "baiss", "reduced", "decreased", "sup", "augment", "accru", "increased",
                        "vaccin", "amélior", "amelior", "improved", "effica", "effect", "taille")
_MEASURE_ACRONYM_PIECES = ("HR", "OR", "RR", "ARD", "MD", "DMS", "d =", "d=", "g =", "g=")


def _may_name_a_measure(sentence: str) -> bool:
    """False only for a sentence `_MEASURE_RE` finds nothing in (see `_MEASURE_WORD_PIECES`)."""
    if any(piece in sentence for piece in _MEASURE_ACRONYM_PIECES):
        return True
    lowered = sentence.lower()
    return any(piece in lowered for piece in _MEASURE_WORD_PIECES)


_DIGIT = patterns.compile(r"\d")

_LEVEL = r"(?:[5-9]\d(?:[.,]\d{1,3})?)"
_CI_LABEL = (r"(?:" + _LEVEL + r"\s*%\s*)?(?:(?<![A-Za-z])(?:IC|CI|CrI|ICr)(?![A-Za-z])|(?i:intervalle\s+de\s+confiance|"
             r"confidence\s+interval|intervalle\s+de\s+cr[ée]dibilit[ée]|credible\s+interval))(?:\s*(?:(?:à|a|at)\s*)?" + _LEVEL + r"(?:\s*%)?)?")
# Each run of spaces and punctuation can be taken by one part of the pattern only (the part after
# the token before it): with two adjacent optional runs, `HR 0.5` followed by 100 spaces took 20 s
# to fail, a polynomial backtrack (bench/fuzz.py found `mia add` hanging on such a review).
_CI_RE = patterns.compile(
    r"[\s,;:=]*(?:(?P<open>[(\[])[\s,;:=]*)?(?:(?P<label>" + _CI_LABEL + r")[\s:=,]*)?(?:(?P<open2>[(\[])\s*)?"
    # "(IC 95 % −31,6 % à −22,4 %)": each bound may carry the unit, then a word or ; or , (a dash
    # after "95 %" is the sign of the next number: "IC 95 % −31,6 à …")
    # (from version 25 a dash right after the unit too: "IC 95 % 23 %-38 %")
    r"(?P<lo>" + _NUM + r")(?:\s*(?:%|(?i:points?|pp)(?![A-Za-z]))(?=\s*(?:(?i:to|à|a)\s|[;,])|[\-\u2013\u2014]))?"
    # (from version 25 a slash after a label: "OR 0.91 (IC95% 0.84/0.99)"; without one, "12/45"
    # in brackets is a count of events)
    r"\s*(?P<sep>-|\u2013|\u2014|\u2212|(?i:to|à|a)(?=\s)|;|,|(?(label)/|(?!)))\s*(?P<hi>" + _NUM + r")"
)
_P_RE = patterns.compile(
    r"(?<![A-Za-z])[pP](?:\s*[-\s]?\s*(?:value|valeur))?\s*(?P<cmp><=|>=|=|<|>|≤|≥)\s*"
    r"(?P<val>(?i:n\.?\s?s\.?)(?![A-Za-z])|\d*[.,]?\d+(?:\s*[x×]\s*10\s*[-\u2212]\s*\d+)?)"
    r"|(?<![A-Za-z])(?P<ns>NS|n\.s\.)(?![A-Za-z])"
)
_UNIT_AFTER = patterns.compile(
    r"\s*(?:%|‰|(?i:jours?|days?|mois|months?|ans?|années?|years?|semaines?|weeks?|heures?|hours?|h\b|mg|kg|g\b|ml|"
    r"mmol|µg|mcg|ui|iu|points?\s+de\s+pourcentage|patients?|participants?|sujets?)(?![A-Za-z]))"
)
#: (from version 25 joined by a hyphen too: "mean difference in 30-day EQ-5D score 0.01")
_TIME_AFTER = patterns.compile(
    r"(?:\s*|-)(?i:jours?|days?|mois|months?|ans?|ann[ée]es?|years?|semaines?|weeks?|heures?|hours?|h)(?![A-Za-z])")
_UNIT_BEFORE_CI = patterns.compile(
    r"\s*(?:%|‰|(?i:points?\s+de\s+pourcentage|percentage\s+points?|pp|mm\s?Hg|mmol/l|mg/dl|g/dl|kg|cm|"
    r"mg|µg|mcg|ml|ui|iu|g|l|jours?|"
    r"days?|semaines?|weeks?|mois|months?|ans|years|heures?|hours?|points?)"
    # (from version 21, a rate: "107,0 ml/an (IC 95 % …)", "3.1 mL/year")
    r"(?:\s*/\s*(?i:an|ann[ée]e|year|yr|jour|j|day|d|semaine|week|mois|month|h))?(?![A-Za-z]))"
)
#: The units of a difference of risks (a share): the others are of means (`_effects_in`).
_SHARE_UNIT = patterns.compile(r"\s*(?:%|‰|(?i:points?|percentage|pp)(?![A-Za-z]))")
#: A few words saying what an effect is of, between its value and a bracketed, labelled interval.
_NAMED_BEFORE_CI = patterns.compile(
    # (the spaces before the words are the first part's alone, the words starting with another
    # character: "HR 0.5" then 300 spaces, a thousand times, took 35 s to fail in a review of one
    # 300,000-character line that bench/fuzz.py made, a polynomial backtrack)
    r"\s+(?:[^\s\d.;()\[\]]|\d+(?![.,]\d))(?:[^\d.;()\[\]]|\d+(?![.,]\d)){0,39}?(?=\s*[(\[]\s*" + _IC_OR_CI + ")")
_POWER_RE = patterns.compile(
    r"(?i:puissance|power(?:ed)?\b|hypoth[èe]s|supposant|assum|anticip|attendu|expected|sample\s+size|"
    r"nombre\s+de\s+sujets\s+n[ée]cessaires?|calcul\s+d'effectif)"
)
_MAX_GAP = 45
_MAX_MEAN_DIFFERENCE_GAP = 100
#: A ratio this large without its interval is a number of something else (a dose, a count).
_LARGEST_BARE_RATIO = 20
#: Up to 90 characters without a number, a sentence's end or a bracket's, ending on a colon: what a
#: measure was computed on, before its value (`_effects_in`, from version 20).
_LONG_LEAD = patterns.compile(r"[^.;\d\]]{0,90}?:\s*(?=[-+\u2212\u2013]?\d)")
#: Or (from version 21) before a value whose labelled interval follows in brackets: "HR for
#: recurrence, new primary cancer or death 0.72 (95% CI 0.55–0.94)".
_LEAD_TO_CI = patterns.compile(r"[^.;\d()\[\]]{0,90}?\s(?=[-+\u2212\u2013]?\d+(?:[.,]\d+)?\s*[(\[]\s*"
                               + _IC_OR_CI + ")")


class _Effect:
    __slots__ = ("measure", "value", "ci_low", "ci_high", "p", "start", "end", "flags", "raw_ci", "restated")

    def __init__(self, measure, value, ci_low, ci_high, p, start, end):
        self.measure = measure
        self.value = value
        self.ci_low = ci_low
        self.ci_high = ci_high
        self.p = p
        self.start = start
        self.end = end
        self.flags: list[str] = []
        self.raw_ci = ""
        self.restated = False  # stated as a percentage change (`_restate_percentage`)

    def key(self):
        return (self.measure, self.value, self.ci_low, self.ci_high)

    def as_dict(self) -> dict:
        return {"measure": self.measure, "value": self.value, "ci_low": self.ci_low, "ci_high": self.ci_high, "p": self.p}

    def text(self) -> str:
        if self.ci_low is None:
            return f"{self.measure} {_fmt(self.value)}"
        return f"{self.measure} {_fmt(self.value)} ({_fmt(self.ci_low)}\u2013{_fmt(self.ci_high)})"


def _measure_matches(sentence: str) -> list[tuple[str, int, int]]:
    """The measures named in a sentence, a name in brackets right after another one merged into it."""
    found: list[tuple[str, int, int]] = []
    matches = list(_MEASURE_RE.finditer(sentence))
    names = [_MEASURE_NAMES[int(m.lastgroup[1:])] for m in matches]
    rate_as_rr = "rate ratio" in names and not _RISK_RATIO_WORDS.search(sentence)
    for match, name in zip(matches, names):
        if name == "difference":
            name = _bare_difference(sentence, match)
            if name is None:
                continue
        elif name == "MD" and not _MEAN_NAMED.search(match.group()) and _bare_difference(sentence, match) == "ARD":
            # (from version 17: "47,8 % vs 31,5 % ; différence 16,3 points (IC95 % 6,3-26,3)", a
            # difference in points after two percentages, with its interval, is one of risks too)
            name = "ARD"
        if rate_as_rr and name == "RR" and re.fullmatch(r"a?RRa?", match.group()):
            # "rate ratio ajusté (RR) 0,83": RR stands for the rate ratio the sentence names.
            name = "rate ratio"
        if found:
            prev_name, prev_start, prev_end = found[-1]
            between = sentence[prev_end:match.start()]
            after = sentence[match.end():match.end() + 3]
            if (name == prev_name and len(between) <= 40 and re.match(r"\s*[)\]]", after)
                    and re.fullmatch(r"\s+(?:[^\W\d_][\w'\-]*\s+){1,5}[(\[]\s*", between)):
                # "rate ratio ajusté sur l'âge (RR) 0.83": a qualifier, then the short name in brackets.
                found[-1] = (prev_name, prev_start, match.end() + len(re.match(r"\s*[)\]]?", after).group()))
                continue
            if re.fullmatch(r"\s*[(\[,]?\s*", between) and (re.match(r"\s*[)\]]", after) or "," in between):
                # "hazard ratio (HR) 0.41": one measure, extended over its short name.
                found[-1] = (prev_name, prev_start, match.end() + len(re.match(r"\s*[)\]]?", after).group()))
                continue
        found.append((name, match.start(), match.end()))
    return found


#: A difference called one of means ("différence moyenne de 0,73 point (IC 95% …)") stays one
#: whatever precedes it (from version 22: the "95%" of two intervals before it were read as the
#: two arms' percentages of a risk difference).
_MEAN_NAMED = patterns.compile(r"(?i:moyenne|mean|W?MD)")


def _bare_difference(sentence: str, match: re.Match) -> str | None:
    """The measure of a difference named without its interval (`_BARE_DIFFERENCE`): ARD in points
    after two percentages, MD in a unit or points after two values, None after fewer."""
    before = sentence[:match.start()]
    unit = _BARE_DIFFERENCE_UNIT.match(sentence, match.end())
    if unit is None:
        return None
    if unit.group("unit").lower().startswith("point") and len(_ARM_PERCENT.findall(before)) >= 2:
        return "ARD"
    values = [n for n in _NUM_RE.finditer(before) if not _is_ci_label_number(before, n) and not _in_a_name(before, n)]
    return "MD" if len(values) >= 2 else None


def _in_a_name(sentence: str, match: re.Match) -> bool:
    """A number glued to letters is part of a name (`EQ-5D`, `COVID-19`, `IL-6`, `5D`), not a value."""
    after = sentence[match.end():match.end() + 1]
    before = sentence[max(0, match.start() - 2):match.start()]
    return after.isalpha() or (len(before) == 2 and before[1] == "-" and before[0].isalpha())


def _is_ci_label_number(sentence: str, match: re.Match) -> bool:
    """True for the 95 of "IC 95%" / "95% CI" / "IC95"."""
    token = match.group()
    if not re.fullmatch(_LEVEL, token):
        return False
    before = sentence[max(0, match.start() - 24):match.start()]
    after = sentence[match.end():match.end() + 24]
    if re.search(r"(?:IC|CI|CrI|ICr)\s*(?:à|a|at)?\s*$", before):
        return True
    # (from version 25) the interval named in words: "intervalle de crédibilité à 95%"
    if re.search(r"(?i:confiance|confidence|cr[ée]dibilit[ée]|credible|credibility)\s*(?:à|a|at|of)?\s*$", before):
        return True
    return bool(re.match(r"\s*%\s*(?:IC|CI|CrI|ICr|(?i:intervalle|confidence|credible))", after)) or bool(
        re.match(r"\s*%", after) and re.search(r"(?:IC|CI)\s*(?:à|a|at)?\s*$", before)
    )


def _parse_p(segment: str, flags: list[str]) -> str | None:
    match = _P_RE.search(segment)
    if not match:
        return None
    if match.group("ns"):
        return "NS"
    raw = match.group("val")
    if re.fullmatch(r"(?i:n\.?\s?s\.?)", raw):
        return "NS"
    comparator = {"=": "", "≤": "<=", "≥": ">="}.get(match.group("cmp"), match.group("cmp"))
    raw = raw.replace(",", ".").replace(" ", "").replace("×", "x").replace("\u2212", "-")
    if "x" in raw:
        mantissa, _, exponent = raw.partition("x10")
        value = _to_float(mantissa + "e" + exponent) if mantissa and exponent else None
        text = raw
    else:
        if raw.startswith("."):
            raw = "0" + raw
        value = _to_float(raw)
        text = raw
    if value is None:
        return None
    if value == 0 and comparator != ">":
        flags.append(f"p-value {comparator or '='}{text} is 0, which no test gives (rounded?): dropped")
        return None
    if value < 0 or value > 1:
        flags.append(f"p-value {text} is not a probability: dropped")
        return None
    return comparator + text


#: What names a measure's value as a margin: "marge de non-infériorité : RR de 0,90", "a
#: non-inferiority margin of HR 1.30".
_MARGIN_BEFORE = patterns.compile(
    r"(?i:(?:marge|margin)(?:\s+(?:de\s+|of\s+|for\s+)?non[\s\-]?inf[ée]riorit[ée]|\s+(?:de\s+|of\s+|for\s+)?non[\s\-]?inferiority)?"
    r"\s*(?:[:=]|de|d'|of|was|était|fixée?\s+à|set\s+at)?\s*(?:un|une|a|an|the|le|la)?\s*)$")


#: A difference that is the smallest one worth detecting, not an estimate: "minimally important
#: difference 1 cm", "minimal clinically important difference", "différence minimale cliniquement
#: pertinente de 10 points" (from version 20; matched at the measure's words, their qualifiers on
#: either side).
_IMPORTANT_DIFFERENCE = patterns.compile(
    r"(?i:(?<=minimal\s)|(?<=minimally\s)|(?<=minimum\s)|(?<=important\s)|(?<=relevant\s)|(?<=meaningful\s))"
    r"(?i:mean\s+)?difference|(?i:diff[ée]rence\s+(?:minimale|cliniquement|pertinente|significative\s+minimale))")


#: A one-sided interval after an effect's value: "(IC 97,5 % unilatéral : 0,92 à ∞)", "(one-sided
#: 95% CI, -∞ to 1.30)", "(borne supérieure de l'IC unilatéral à 98,5 % : 1,23)".
_ONE_SIDED = patterns.compile(
    r"(?i:^\s*[(\[][^()\[\]]{0,60}?(?:unilat[ée]ral|one[\s\-]sided)[^()\[\]]{0,40}?"
    r"[:=,]\s*(?:(?P<lo>[-+\u2212]?\d+(?:[.,]\d+)?)\s*(?:à|to|-|\u2013)\s*\+?(?:∞|infini|infinity)"
    r"|[-\u2212](?:∞|infini|infinity)\s*(?:à|to|-|\u2013)\s*(?P<hi>[-+\u2212]?\d+(?:[.,]\d+)?)"
    r"|(?P<bound>[-+\u2212]?\d+(?:[.,]\d+)?)\s*[)\]]))")
_UPPER_BOUND = patterns.compile(r"(?i:sup[ée]rieure|upper)")


def _one_sided_bound(text: str) -> str | None:
    """"0.92 to ∞" or "−∞ to 1.23" for a one-sided interval at the start of `text` (from version
    17: the record keeps both bounds or none, so it is said in a flag), else None."""
    found = _ONE_SIDED.match(text)
    if found is None:
        return None
    if found.group("lo"):
        return f"{_fmt(_to_float(found.group('lo')))} to ∞"
    if found.group("hi"):
        return f"−∞ to {_fmt(_to_float(found.group('hi')))}"
    bound = _fmt(_to_float(found.group("bound")))
    return f"−∞ to {bound}" if _UPPER_BOUND.search(found.group()) else f"{bound} to ∞"


def _ci_follows(sentence: str, at: int, limit: int) -> bool:
    """Whether a unit then a labelled or bracketed interval follow `at` (a value's end)."""
    unit = _UNIT_BEFORE_CI.match(sentence, at, limit)
    ci = _CI_RE.match(sentence, unit.end() if unit else at, limit)
    return bool(ci and (ci.group("open") or ci.group("label")))


def _effects_in(sentence: str) -> list[_Effect]:
    """Every effect (measure, value, interval, p) stated in a sentence."""
    measures = _measure_matches(sentence)
    effects: list[_Effect] = []
    for i, (name, start, end) in enumerate(measures):
        if _MARGIN_BEFORE.search(sentence, max(0, start - 50), start):
            continue  # (from version 17: "marge de non-infériorité : RR de 0,90" is a margin)
        if _IMPORTANT_DIFFERENCE.match(sentence, start, min(len(sentence), end + 60)):
            continue  # (from version 20: "minimally important difference 5 points" is a threshold)
        limit = measures[i + 1][1] if i + 1 < len(measures) else len(sentence)
        # (from version 25 a mean difference's value may stand further, after what differs between
        # what: "the difference in HbA1c between the closed-loop and control periods was -0.4")
        gap_allowed = _MAX_MEAN_DIFFERENCE_GAP if name == "MD" else _MAX_GAP
        window_end = _number_end(sentence, min(limit, end + gap_allowed), limit)  # (never cutting a number: −3|,5)
        value_match = None
        for number in _NUM_RE.finditer(sentence, end, window_end):
            if _is_ci_label_number(sentence, number) or _in_a_name(sentence, number):
                continue
            if number.start() > end and sentence[number.start() - 1].isalpha():
                continue  # (from version 24, a unit's or a name's: "HR ajusté pour 10 µg/m3 de PM2.5 était de 1.073")
            # "HR pour le décès à 90 jours 0,80": 90 is not the effect. A difference may have a unit
            # ("différence moyenne −12 mg"), a ratio none.
            if _TIME_AFTER.match(sentence, number.end()) and not (
                    name in DIFFERENCE_MEASURES and _ci_follows(sentence, number.end(), limit)):
                continue  # (from version 18, "différence absolue -0,3 jour (IC95% …)": a difference in days)
            if (name not in DIFFERENCE_MEASURES and name not in _PERCENTAGE_MEASURES
                    and _UNIT_AFTER.match(sentence, number.end())):
                continue
            gap = sentence[end:number.start()]
            if re.search(r"(?:(?<!vs)\.|;)\s", gap) or re.search(r"[\]]", gap):
                break  # (not at the "vs." of "Différence vs. placebo : -1,9", from version 18)
            if _THRESHOLD_BEFORE.search(gap):
                break  # "risque relatif < 1,46": a bound (a non-inferiority margin), not an estimate
            value_match = number
            break
        if value_match is None:
            # (from version 20) what the measure was computed on may hold it back further, its
            # value then after a colon: "Différence de risque (oral moins IV) après imputation des
            # données manquantes : -1,4 point (IC à 90 % -4,9 à 2,2)"
            lead = _LONG_LEAD.match(sentence, end, limit) or _LEAD_TO_CI.match(sentence, end, limit)
            value_match = _NUM_RE.match(sentence, lead.end(), limit) if lead else None
        if value_match is None:
            continue
        value = _to_float(value_match.group())
        if value is None:
            continue
        directional = None if name in _PERCENTAGE_MEASURES else _DIRECTIONAL.search(sentence[start:end])
        if directional and _LOWER.match(directional.group()):
            value = -value  # "plus basse de 0,6 point": a difference of -0.6
        effect = _Effect(name, value, None, None, None, start, value_match.end())
        after = value_match.end()
        unit = _UNIT_BEFORE_CI.match(sentence, after, limit)
        if unit:
            after = unit.end()
            if name == "ARD" and not _SHARE_UNIT.match(unit.group()):
                effect.measure = "MD"  # (from version 18: "différence absolue -0,3 jour", of days, not of risks)
        ci = _CI_RE.match(sentence, after, limit)
        if ci is None:
            # "réduction relative de 30 % du taux d'AVC (IC 95 % −1 à 51 …)": what was measured,
            # then the bracketed interval with its label
            named = _NAMED_BEFORE_CI.match(sentence, after, limit)
            ci = _CI_RE.match(sentence, named.end(), limit) if named else None
            ci = ci if ci and ci.group("label") else None
        if ci and (ci.group("open") or ci.group("label") or ci.group("open2") or
                   ci.group("sep").strip().lower() in ("to", "à", "a")):
            low, high = _to_float(ci.group("lo")), _to_float(ci.group("hi"))
            if low is not None and high is not None:
                effect.raw_ci = f"{ci.group('lo')}\u2013{ci.group('hi')}"
                if low > high:
                    effect.flags.append(
                        f"interval bounds swapped ({_fmt(low)}\u2013{_fmt(high)}): stored in order")
                    low, high = high, low
                effect.ci_low, effect.ci_high = low, high
                effect.end = ci.end()
        if effect.ci_low is None:
            one_sided = _one_sided_bound(sentence[after:min(limit, after + 120)])
            if one_sided:
                effect.flags.append(f"one-sided interval ({one_sided}): not kept, the record holds both bounds or none")
        if (directional and name == "MD" and effect.ci_low is not None
                and not effect.ci_low <= value <= effect.ci_high and effect.ci_low <= -value <= effect.ci_high):
            # (from version 20) "diminue de 6,6 mm (IC 95 % 1,6 à 11,6)": a change in a unit whose
            # interval is written, as its value, as a size: kept as written.
            value = effect.value = -value
        if directional and (effect.ci_low is None or not effect.ci_low <= value <= effect.ci_high):
            # A difference named only by its direction needs an interval that agrees with its sign.
            continue
        if name in RATIO_MEASURES and effect.ci_low is None and value >= _LARGEST_BARE_RATIO:
            continue  # (from version 21: "HR vs 74 Gy (IC 90 %)", a table's header; "118 (17.3%)", a count)
        p_end = _number_end(sentence, min(limit, effect.end + _P_WINDOW), limit)
        effect.p = _parse_p(sentence[effect.end:p_end], effect.flags)
        stated = _P_RE.search(sentence, effect.end, p_end) if effect.p is not None else None
        if stated and _NON_INFERIORITY_P.match(sentence, stated.end()):
            effect.flags.append(f"p-value {effect.p} tests non-inferiority, not a difference")
        if name in _PERCENTAGE_MEASURES:
            _restate_percentage(effect, sentence[value_match.end():value_match.end() + 3])
        _validate(effect)
        effects.append(effect)
    return _without_paraphrases(effects)


#: The most characters between a restated percentage and the effect it paraphrases ("de 30 %
#: (HR 0,70 …": ` (`).
_PARAPHRASE_GAP = 12


def _without_paraphrases(effects: list[_Effect]) -> list[_Effect]:
    """`effects` without a percentage change followed at once by a stated effect with its
    interval or p ("une réduction relative du risque de 30 % (HR 0,70 ; IC95% 0,59-0,82)"): the
    percentage restates that effect, which is what the review reports."""
    kept = []
    for effect, following in zip(effects, effects[1:] + [None]):
        if (effect.restated and following is not None and not following.restated
                and following.start - effect.end <= _PARAPHRASE_GAP
                and (following.ci_low is not None or following.p is not None)):
            continue
        kept.append(effect)
    return kept


#: A comparison right before a measure's number, as a sign or in words ("inférieure à 1,38",
#: "below 1.38", "une marge de 1,38"): a threshold (a non-inferiority margin), not an estimate.
_THRESHOLD_BEFORE = patterns.compile(
    r"(?:[<>≤≥]\s*=?|(?i:(?<!\w)(?:inf[ée]rieure?s?|sup[ée]rieure?s?)(?:\s+ou\s+[ée]gale?s?)?\s+(?:à|a)|"
    r"(?<!\w)(?:below|above|under|less\s+than|lower\s+than|greater\s+than|higher\s+than|at\s+most|at\s+least|"
    r"moins\s+de|marge|margin|borne|bound|seuil|threshold)(?:\s+(?:de|of|à|at|was|était|fixée?\s+à|set\s+at))?|"
    # (from version 22) "a confidence interval for the HR that includes 1", "l'IC du HR inclut 1"
    r"(?<!\w)(?:includ\w*|inclu\w*|contain\w*|cross\w*|franchi\w*|englob\w*|comprend\w*|touch\w*)))\s*$")
def _restate_percentage(effect: _Effect, after_value: str) -> None:
    """A relative reduction (increase) of x % as RR 1 − x/100 (1 + x/100), its interval turned
    with it; an absolute reduction of x points as ARD −x. A relative figure without % and at most
    1 is a fraction (RRR 0.20)."""
    stated, stated_value = effect.measure, effect.value
    effect.restated = True

    def relative(x: float) -> float:
        fraction = x / 100 if ("%" in after_value or abs(x) > 1) else x
        return round(1 - fraction if stated == "relative reduction" else 1 + fraction, 6)

    if stated == "absolute reduction":
        effect.measure = "ARD"
        turn = lambda x: -x  # noqa: E731
    else:
        effect.measure = "RR"
        turn = relative
    effect.value = turn(effect.value)
    if effect.ci_low is not None:
        effect.ci_low, effect.ci_high = sorted((turn(effect.ci_low), turn(effect.ci_high)))
    effect.flags.append(f"{stated} {_fmt(stated_value)} ({effect.raw_ci or 'no interval'}) restated as "
                        f"{effect.text()}")


#: What a p-value tests when the text says so after it: "p<0,001 pour la non-infériorité".
_NON_INFERIORITY_P = patterns.compile(
    r"[^.;()\[\]]{0,12}?(?i:(?:pour\s+la|de|for(?:\s+the)?)\s+non[\s\-]?inf[ée]riorit)")
#: Characters after an effect (and its interval) in which its p-value is looked for.
_P_WINDOW = 60


def _number_end(text: str, at: int, limit: int) -> int:
    """`at`, or the end of the number it cuts (`p=0.0|02`: the window then holds 0.002, not 0)."""
    for number in _NUM_RE.finditer(text, max(0, at - 40), limit):
        if number.start() < at < number.end():
            return number.end()
        if number.start() >= at:
            break
    return at


def _validate(effect: _Effect) -> None:
    if effect.measure in RATIO_MEASURES:
        if effect.value is not None and effect.value <= 0:
            effect.flags.append(f"{effect.measure} {_fmt(effect.value)} is not a ratio (must be above 0): dropped")
            effect.value = None
        if effect.ci_low is not None and effect.ci_low <= 0:
            effect.flags.append(
                f"{effect.measure} interval {_fmt(effect.ci_low)}\u2013{_fmt(effect.ci_high)} "
                "has a bound at or below 0: dropped")
            effect.ci_low = effect.ci_high = None
    if effect.value is not None and effect.ci_low is not None and effect.ci_high is not None:
        tolerance = 1e-9
        if effect.value < effect.ci_low - tolerance or effect.value > effect.ci_high + tolerance:
            effect.flags.append(f"effect outside its interval: {effect.text()}")


# ---------------------------------------------------------------------------
# Design
# ---------------------------------------------------------------------------

_DESIGN_PATTERNS = {
    # (from version 22, a Mendelian randomisation is a genetic analysis, not a trial)
    "rct": r"(?<![A-Za-z])(?:ECR|RCT)s?(?![A-Za-z])|(?i:(?<!mendelian\s)randomi[sz](?!\w*\s+mend[ée]lienne)\w*|randomly\s+(?:assigned|allocated)|"
           r"tir[ée]e?s?\s+au\s+sort(?!\s+(?:dans|parmi|au\s+sein|from|among))|tirage\s+au\s+sort(?!\s+(?:dans|parmi|au\s+sein))|essais?\s+contr[ôo]l[ée]s?\s+randomis\w*)",
    "double-blind": r"(?i:(?:double|triple)[\s\-]*(?:aveugle|insu|blind(?:ed)?|mask(?:ed)?|masqu[ée]e?)|doubly\s+blind)"
                    # (from version 22) notes' "DB" beside the trial's words: "ECR, DB, contrôlé vs placebo"
                    r"|(?<![A-Za-z])(?:ECR|RCT|(?i:randomi[sz]\w*|essai|trial))[,\s]+(?:[\w\-]+[,\s]+){0,2}?DB(?![A-Za-z])"
                    r"|(?<![A-Za-z])DB[,\s]+(?i:(?:contr[ôo]l[ée]\s+)?(?:vs\.?|versus|contre|against)\s+placebo)",
    "open-label": r"(?i:open[\s\-]?label|unblinded|non[\s\-]?blinded|en\s+ouvert|sans\s+(?:insu|aveugle)|"
                  # (from version 22) "La comparaison bélatacept vs ciclosporine était ouverte"
                  r"(?<!\w)comparaison\s+(?:[^\s.;]+\s+){0,6}?(?:[ée]tait\s+)?ouverte(?!\w)|"
                  # (from version 22) "ECR monocentrique, non aveugle", "absence d'aveugle pour les patients"
                  r"(?<!\w)non[\s\-]+(?:aveugle|insu)(?!\w)|absence\s+(?:d'|de\s+(?:double\s+)?)(?:aveugle|insu)(?!\w)|"
                  r"(?<!\w)(?:essai|[ée]tude|design|sch[ée]ma|trial|ECR|RCT)s?,?\s+(?:[\w\-':]+,?\s+|\([^()]{0,80}\),?\s+){0,8}?"
                  r"ouverte?s?(?!\w)|pas\s+d'(?:aveugle|insu)(?!\w)|"
                  r"ouverte?s?,?\s+(?:et\s+)?(?:randomis|multicentr|monocentr|contr[ôo]l|de\s+phase)|"
                  r"(?:randomis|multicentr|monocentr)\w*,?\s+(?:et\s+)?ouverte?s?(?!\w)|open\s+(?:trial|study))"
                  r"|(?<![A-Za-z])(?:ECR|RCT)\s+ouverte?s?(?!\w)"
                  # (from version 21) "patients and anaesthetists were aware of the allocation", "The
                  # design was open: participants and dietitians knew the assigned diet"
                  r"|(?i:(?:were|was)\s+aware\s+of\s+(?:the\s+)?(?:treatment\s+|group\s+)?(?:allocation|assignment)|"
                  r"design\s+was\s+open(?!\w)|open\s+design|knew\s+(?:the|their)\s+(?:assigned|allocated)\s+\w+|"
                  r"connaiss\w+\s+(?:le\s+|leur\s+)?(?:bras|groupe|traitement)\s+(?:attribu|allou|assign)\w*)"
                  # "neither patients nor clinicians could be blinded", "could not be masked"
                  r"|(?i:(?:could|can|were|was)\s*(?:not|n't)\s+(?:be\s+)?(?:blinded|masked)|"
                  r"^\s*not\s+(?:blinded|masked)(?!\w)|"
                  r"neither\b[^.;]{0,60}?\b(?:blinded|masked)|"
                  r"n'(?:ont|a|[ée]tait|[ée]taient)\s+pas\s+(?:pu\s+)?(?:[êe]tre\s+)?(?:mis\s+)?en\s+aveugle)",
    # "multicentrique", and a count of places: "dans 164 hôpitaux de 15 pays", "at 60 trial sites"
    "multicentre": r"(?i:multi[\s\-]?cent\w*|multi[\s\-]?sites?(?!\w)|(?:(?<![\d.,])(?:[2-9]|[1-9]\d+)(?:[\s\u202f]\d{3})*|"
                   r"(?<!\w)(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|two|three|four|five|six|seven|eight|nine|ten|"
                   r"plusieurs|several|many|numerous|multiple|nombreux))"
                   r"\s+(?:(?:trial|study|clinical|investigational|participating|r[ée]parti[es]?\s+(?:dans|sur)|(?-i:[A-Z]{2,3})|(?-i:[A-Z][a-z]+)|"
                   r"academic|university|universitaires?|tertiary|receiving|teaching|general|"
                   # (from version 20: "in 15 screening centres", "at 30 recruiting sites")
                   r"screening|recruiting|research|medical|health|community|regional|primary|care|"
                   # (from version 21: "in 22 inpatient sites", "in 12 outpatient clinics")
                   r"inpatient|outpatient|hospital|ambulatory|specialist|sp[ée]cialis[ée]s|"
                   # (from version 22: "conduit via 8 réseaux coopératifs", "in 5 cooperative groups")
                   r"coop[ée]rati\w+|cooperative)\s+){0,2}"
                   r"(?:sites|centres|centers|h[ôo]pitaux|hospitals|cliniques|clinics|[ée]tablissements|institutions|"
                   r"pays|countries|(?:ambulance|emergency\s+medical)\s+services|agencies|cabinets|practices|"
                   # (from version 21: "in 30 community pharmacies")
                   r"pharmacies|officines|r[ée]seaux|networks|cooperative\s+groups|groupes\s+coop[ée]rat\w+|"
                   # (from version 23: "conduit dans 19 services d'urgence", "in 41 maternity units")
                   r"services\s+d'urgences?|emergency\s+departments|maternit[ée]s|maternity\s+units|"
                   # (from version 25: "dans 19 unités de soins intensifs", "in 12 ICUs", "dans 9 villes";
                   # not the units of one hospital: "in five ICUs … of a single academic centre")
                   r"(?:unit[ée]s\s+de\s+(?:soins\s+(?:intensifs|critiques)|r[ée]animation)|services\s+de\s+r[ée]animation|"
                   r"r[ée]animations|(?:intensive|critical)\s+care\s+units|ICUs)(?![^.;]{0,80}?(?:single|one|seul|m[êe]me|unique)"
                   r"\s+(?:\w+\s+)?(?:centre|center|h[ôo]pital|hospital|institution|[ée]tablissement|CHU))|villes|cities)(?!\w)|"
                   # "mené en Pologne, Norvège et Suède", "conducted in France and Belgium"
                   r"(?:men[ée]e?|conduit\w*|r[ée]alis[ée]e?|conducted|carried\s+out|run|performed)\s+(?:en|au|aux|in)\s+"
                   r"(?-i:[A-Z][\w\-]+)(?:\s*,\s*(?:en\s+|au\s+)?(?-i:[A-Z][\w\-]+))*\s+(?:et|and)\s+(?:en\s+|au\s+|aux\s+|in\s+)?(?-i:[A-Z])|"
                   # "mené dans les centres du réseau …", "conducted at the sites of …"
                   r"(?:men[ée]e?|conduit\w*|r[ée]alis[ée]e?|conducted|carried\s+out|run|performed)\s+(?:dans|in|at|across)\s+"
                   r"(?:les|the)\s+(?:\w+\s+)?(?:sites|centres|centers|h[ôo]pitaux|hospitals)(?!\w)|"
                   # "un essai international de phase 3", "a multinational trial"
                   r"(?:multi|inter)nationa(?:l|le|ux|les)?\s+(?:randomi\w+\s+)?(?:trial|study|essai|[ée]tude|RCT)|"
                   # (from version 23 also "ECR international, ouvert")
                   r"(?:essai|[ée]tude|trial|study|ECR|RCT)\s+(?:[\w\-]+\s+){0,2}?(?:multi|inter)nationa(?:l|le|ux|les)?(?!\w))",
    "single-centre": r"(?i:(?<!\w)mono[\s\-]?cent\w*|(?<!\w)uni[\s\-]?cent\w*|single[\s\-]?(?:cent\w*|site|institution)|"
                     r"un\s+seul\s+centre|one\s+cent(?:re|er))",
    "non-inferiority": r"(?i:non[\s\-]?inf[ée]riorit[ée]|non[\s\-]?inferiority)",
    "cluster": r"(?i:cluster(?:ed)?[\s\-]*(?:randomi\w*|trial|design|essai)|(?:en|par)\s+(?:grappes?|clusters?)|"
               r"essais?\s+en\s+clusters?|grappes?\s+randomis\w*|stepped[\s\-]wedge)",
    # (from version 22) n-of-1 trials give each patient both treatments in turn
    "crossover": r"(?i:cross[\s\-]?over|chass[ée][\s\-]crois[ée]|(?<!\w)n[\s\-]of[\s\-]1(?!\d))",
    "cohort": r"(?i:[ée]tudes?\s+de\s+cohortes?|cohort\s+stud(?:y|ies)|cohortes?\s+(?:prospective|r[ée]trospective|"
              r"observationnelle|nationale|populationnelle|historique|multicentrique)s?|(?:prospective|retrospective|"
              r"population[\s\-]based|observational|nationwide|historical)\s+cohorts?)",
    "case-control": r"(?i:cas[\s\-]+t[ée]moins?|case[\s\-]+control)",
    # (from version 22: "Revue systématique et NMA (effets aléatoires) d'ECR en double aveugle")
    "meta-analysis": r"(?i:m[ée]ta[\s\-]?analy\w*|network\s+meta\w*|revues?\s+syst[ée]matiques?|systematic\s+reviews?)"
                     r"|(?<![A-Za-z])NMA(?![A-Za-z])",
}
_DESIGN_RES = {tag: patterns.compile(p) for tag, p in _DESIGN_PATTERNS.items()}
_SWITCH_AFTER = patterns.compile(
    r"(?i:\s+(?:(?:was|were|is|are|[ée]tait|[ée]taient|est|sont|[ée]tant)\s+)?"
    r"(?:to|into|vers|from|autoris\w*|permis\w*|allowed|permitted|possible)(?!\w))")
_SWITCH_BEFORE = patterns.compile(
    r"(?i:(?:could|can|may|might|allowed\s+to|permitted\s+to|pouvai(?:en)?t|pouvaient|peuvent|autoris\w*)"
    r"(?:\s+\w+)?\s+$|(?:despite|malgr[ée])\s+(?:the|le|un|a)?\s*$)")
#: A phase that follows the randomised comparison ("12 mois en double aveugle, puis alendronate en
#: ouvert dans les deux groupes", "followed by an open-label extension"): from version 16 its
#: open-label wording does not make the trial open-label.
_LATER_PHASE_BEFORE = patterns.compile(
    r"(?i:(?<!\w)(?:(?:puis|ensuite|then|followed\s+by|after\s+which|apr[èe]s\s+quoi)(?!\w)|suivie?s?\s+(?:d'|de\s|par\s))"
    r"[^.;:]{0,40}$)")
#: A treatment named right after "open-label" ("all patients started a new open-label oral
#: antidepressant", "randomised to open-label apixaban or usual care"): from version 18 it makes
#: the trial open-label only if the trial is not said to be double-blind (a background treatment
#: given open-label in a double-blind trial).
_OPEN_TREATMENT = "open-label treatment"
_OPEN_TREATMENT_AFTER = patterns.compile(
    r"(?i:\s+(?:[^\W\d_][\w\-]*\s+){0,2}?(?:treatments?|therap(?:y|ies)|drugs?|medications?|medicines?|"
    r"antidepressants?|antibiotics?|agents?|doses?|traitements?|m[ée]dicaments?|antid[ée]presseurs?)(?!\w))")
#: From version 22 any word but a study's after the adjective "open-label" names what was given
#: open-label ("study drug was stopped and open-label anticoagulation started if …"): not
#: "open-label trial", "open-label, randomised", "open-label phase 3", "in an open-label fashion".
_OPEN_LABEL_ADJECTIVE = patterns.compile(r"(?i:open[\s\-]?label)")
#: Controls drawn by lot are a sample of a case-control study, not a randomisation.
_CONTROLS_DRAWN = patterns.compile(r"(?i:(?<!\w)(?:t[ée]moins?|controls?)(?!\w))")
_DRAWN_BY_LOT = patterns.compile(r"(?i:tir[ée]e?s?\s+au\s+sort|tirage\s+au\s+sort|randomly\s+(?:selected|sampled|drawn))")
#: (from version 22) blinding denied to someone ("le personnel préparant la perfusion n'était pas en
#: aveugle", "clinicians were not blinded", "absence d'aveugle") makes a trial open-label only if
#: it is not said to be double-blind, as an open-label treatment does.
_BLINDING_DENIED = patterns.compile(r"(?i:(?<!\w)(?:not|non|absence|sans|pas|neither)(?!\w)|"
                                    r"non[\s\-]?blinded|unblinded|n't)")
_OPEN_LABEL_THING_AFTER = patterns.compile(
    r"(?i:\s+(?!(?:trials?|stud(?:y|ies)|design|phase|randomi[sz]\w*|multi\w*|single\w*|mono\w*|non\w*|"
    r"controll?ed|parallel\w*|pragmatic|compar\w*|RCTs?|ECR|fashion|manner|setting|basis|period|part|arms?|groups?|"
    r"and|or|with|blinded\w*|evaluation|prospective|international|national|cluster\w*|cross\w*|two|three|four|"
    r"\d\w*|essai|[ée]tude|extension|follow\w*|run\w*)(?!\w))[^\W\d_][\w\-]*)")
#: A case-control study nested in a cohort is a case-control study.
_NESTED = patterns.compile(r"(?i:(?<!\w)(?:nich[ée]e?s?|nested)(?!\w))")
#: (from version 24) a study called observational, itself: "Etude observationnelle prospective, ouverte et
#: monitorée" (not "les études observationnelles", others).
_OBSERVATIONAL = patterns.compile(r"(?i:(?<!\w)(?:[ée]tude|study|cohorte|cohort|registre|registry)\s+(?:\w+\s+)?"
                                  r"observationnel(?:le)?(?!\w)|(?<!\w)observational\s+(?:\w+\s+)?(?:study|cohort|registry)(?!\w))")
_WEAK_COHORT = patterns.compile(r"(?i:(?<!\w)cohort(?:e|es|s)?(?!\w))")
_NEGATION = patterns.compile(
    r"(?i:(?<!\w)(?:non(?![\s\-]*inf)|not|pas|sans|without|ni|no|aucune?)(?!\w))[\s\-]*(?:[\w']+[\s\-]+){0,2}$"
)
#: What another study is called ("les études antérieures", "previous trials", "d'autres
#: travaux"): from version 21 "précédent", "antérieur", "previous", "d'autres", "contrairement",
#: "unlike", "déjà", "already" mark another study only beside such a word, a trial's name or a
#: verb of publishing ("in the previous year", "infarctus antérieur", "d'autres effets
#: indésirables", "contrairement au placebo", "patients already treated" are this study's).
_STUDY = (r"(?:[ée]tudes?|essais?|ECR|travaux|travail|publications?|m[ée]ta-?analyses?|s[ée]ries|cohortes?|"
          r"donn[ée]es|r[ée]sultats|stud(?:y|ies)|trials?|RCTs?|reports?|data|findings|results|work|"
          r"meta-?analys[ie]s|litt[ée]rature|literature)(?!\w)")
_SHOWN = (r"(?:montr|d[ée]montr|sugg[ée]r|rapport|publi|observ|d[ée]crit|trouv|shown|demonstrated|reported|"
          r"published|suggested|described|found|known)")
_TRIAL_NAME = r"(?-i:[A-Z][A-Z0-9][A-Za-z0-9\-]+)"
_OTHER_STUDY_WORDS = patterns.compile(
    r"(?i:pr[ée]c[ée]dent(?:e|s|es)?\s+(?:\w+\s+)?" + _STUDY + r"|" + _STUDY + r"\s+(?:[\w\-]+\s+){0,2}?"
    r"(?:pr[ée]c[ée]dent|ant[ée]rieur)|(?:pr[ée]c[ée]demment|ant[ée]rieurement|previously)\s+(?:\w+\s+)?" + _SHOWN + r"|"
    r"previous\s+(?:[\w\-]+\s+){0,2}?" + _STUDY + r"|prior\s+(?:stud|trial)|earlier\s+(?:stud|trial)|"
    r"d'autres\s+(?:\w+\s+)?" + _STUDY + r"|"
    r"other\s+(?:studies|trials)|autres?\s+(?:[ée]tudes|essais|ECR)|un\s+autre\s+essai|une\s+autre\s+[ée]tude|"
    r"another\s+(?:study|trial)|"
    r"contrairement\s+(?:à|aux?)\s+(?:(?:l'|la\s+|le\s+|les\s+|ce\s+que\s+)?(?:[\w\-]+\s+)?" + _STUDY + r"|(?:l'essai\s+|l'[ée]tude\s+)?"
    + _TRIAL_NAME + r")|unlike\s+(?:the\s+|previous\s+|earlier\s+|other\s+|an?\s+)?(?:[\w\-]+\s+)?(?:" + _STUDY + r"|"
    + _TRIAL_NAME + r")|avai(?:en)?t\s+montr|had\s+shown|have\s+shown|"
    r"(?:a|ont|avait|avaient)\s+d[ée]j[àa]\s+(?:[ée]t[ée]\s+)?" + _SHOWN + r"|already\s+(?:been\s+)?" + _SHOWN + r"|"
    r"litt[ée]rature|literature|et\s+al(?:\.|(?!\w))|"
    # (from version 22) "les résultats concordent avec ceux de la méta-analyse publiée en 2011"
    + _STUDY + r"\s+(?:[\w\-]+\s+){0,2}?(?:publi[ée]e?s?|published|parue?s?)\s+(?:en|in)\s+(?:19|20)\d\d)")  # (from version 22 not "et Allemagne")
#: Pieces one of which every match of `_OTHER_STUDY_WORDS` holds (lower case), but "et al", looked
#: for on its own: a sentence holding none is not searched with the pattern (~55 µs a sentence).
_OTHER_STUDY_PIECES = ("céd", "ced", "rieur", "previous", "prior", "earlier", "autre", "other", "contrairement",
                       "unlike", "montr", "shown", "déj", "dej", "already", "litt", "literature", "publi", "paru")
_ET_AL = patterns.compile(r"(?i:et\s+al)")
#: (from version 20) a paper cited in brackets, its first author, journal and year: "dans SToP
#: (Heddle, Blood 2009), les saignements …", "(Lee, JAMA Intern Med 2019)"
_CITATION = patterns.compile(r"\([A-Z][\w'\-]+,\s*(?:[A-Z][\w.&]*\s+){1,5}(?:19|20)\d\d[a-z]?\s*[);]")


def _about_other_study(sentence: str) -> bool:
    """Whether a sentence names another study (`_OTHER_STUDY_WORDS`) or cites a paper (`_CITATION`)."""
    lowered = sentence.lower()
    if (any(piece in lowered for piece in _OTHER_STUDY_PIECES) or _ET_AL.search(sentence)) and \
            _OTHER_STUDY_WORDS.search(sentence):
        return True
    return "(" in sentence and _CITATION.search(sentence) is not None
_THIS_STUDY = patterns.compile(r"(?i:cette\s+[ée]tude|cet\s+essai|this\s+(?:study|trial)|the\s+trial|l'essai|les\s+auteurs|"
                         # (from version 22) "Il s'agit ici d'une étude de cohorte …", "CAPE COD est un ECR
                         # de phase 3 …": the study presented, in the present tense
                         r"il\s+s'agit\s+(?:ici\s+)?d'|(?<!\w)(?:est|is)\s+(?:un|une|an?)\s+(?:[\w\-]+\s+){0,3}?"
                         r"(?:ECR|RCT|essai|[ée]tude|trial|study)(?!\w)|"
                         r"the\s+authors|nous\s+pr[ée]sentons)")


#: For each design tag, pieces of text (lower case, without accents) one of which every match of
#: its pattern holds: a sentence holding none of them is not searched with the pattern. Most
#: sentences name no design, and the patterns were most of the extraction's time (`_tags_in`
#: and its searches: ~1 of ~3.3 ms a review of the bench); a look for a few pieces is ~100 times
#: cheaper. `tests/evidence/test_design_pieces.py` checks each piece list against its pattern.
_DESIGN_PIECES = {
    "rct": ("ecr", "rct", "randomi", "randomly", "sort"),
    "double-blind": ("double", "triple", "doubly", "db"),
    "open-label": ("open", "blind", "ouvert", "insu", "aveugle", "mask", "aware", "connaiss", "knew"),  # (non/absence d'aveugle: "aveugle")
    "multicentre": ("multi", "nationa", "site", "centre", "center", "pitaux", "hospital", "clinique", "clinic", "pharmac", "officine",
                    "seaux", "network", "coop",
                    "tablissement", "institution", "pays", "countr", "service", "agenc", "cabinet", "practice",
                    "maternit", "emergency", "unit", "animation", "icu", "ville", "cities",
                    "men", "conduit", "alis", "conducted", "carried", "run", "performed"),
    "single-centre": ("mono", "uni", "single", "seul", "one cent"),
    "non-inferiority": ("inf",),
    "cluster": ("cluster", "grappe", "stepped"),
    "crossover": ("cross", "chass", "of-1", "of 1"),
    "cohort": ("cohort",),
    "case-control": ("moin", "control"),
    "meta-analysis": ("analy", "meta", "nma", "syst"),
}


def _tags_in(sentence: str, wanted: tuple[str, ...] = DESIGN_TAGS) -> set[str]:
    """The design tags a sentence gives, of those `wanted`."""
    tags = set()
    lowered = sentence.lower()
    for tag in wanted:
        pattern = _DESIGN_RES[tag]
        if not any(piece in lowered for piece in _DESIGN_PIECES[tag]):
            continue
        for match in pattern.finditer(sentence):
            if tag != "non-inferiority" and tag != "open-label":
                window = sentence[max(0, match.start() - 30):match.start()]
                if _NEGATION.search(window):
                    continue
            if tag == "open-label" and _LATER_PHASE_BEFORE.search(sentence, max(0, match.start() - 40), match.start()):
                continue  # "puis alendronate en ouvert", "followed by an open-label extension": a later phase
            if tag == "open-label" and (_OPEN_TREATMENT_AFTER.match(sentence, match.end()) or (
                    _OPEN_LABEL_ADJECTIVE.fullmatch(match.group()) and _OPEN_LABEL_THING_AFTER.match(sentence, match.end()))
                    or _BLINDING_DENIED.search(match.group())):
                tags.add(_OPEN_TREATMENT)  # (`_design` decides: a treatment given open-label)
                continue
            if tag == "rct" and _CONTROLS_DRAWN.search(sentence) and _DRAWN_BY_LOT.fullmatch(match.group()):
                continue  # (from version 22) "Témoins : 5 par cas, tirés au sort, appariés …": a sample
            if tag == "crossover" and (_SWITCH_AFTER.match(sentence, match.end()) or
                                       _SWITCH_BEFORE.search(sentence[max(0, match.start() - 40):match.start()])):
                continue  # "could cross over to pembrolizumab": patients switching arms, not the design
            tags.add(tag)
            break
    if "rct" not in tags and "cohort" not in tags and "cohort" in lowered and wanted is DESIGN_TAGS and \
            _WEAK_COHORT.search(sentence):
        tags.add("cohort")
    return tags


#: The blinding tags: a trial whose chosen sentences do not tell its blinding is told it by the
#: later ones (from version 22: "Limites : essai ouvert", "absence d'aveugle pour les patients"),
#: not by a wish ("un essai en double aveugle serait nécessaire").
_BLINDING = ("double-blind", "open-label")
#: What tells the blinding only: a tag of it, or a treatment given open-label.
_BLINDING_ONLY = frozenset({*_BLINDING, _OPEN_TREATMENT})
_YEAR_IN_BRACKETS = patterns.compile(r"\([^()]{0,80}?(?<!\d)(?:19|20)\d\d[a-z]?\s*[);]")
#: The designs of a study that is not a trial (`_primary`, `_more_adjusted`), and with the trial
#: the kinds of study a review is of.
_STUDY_DESIGNS = frozenset({"cohort", "case-control", "meta-analysis"})
_STUDY_KINDS = _STUDY_DESIGNS | {"rct"}
_HYPOTHETICAL = patterns.compile(
    r"(?i:(?<!\w)(?:serai(?:en)?t|devrai(?:en)?t|faudrait|n[ée]cessaires?|would|should|needed|futur\w*)(?!\w))")


def _tags_of(tier: list[_Sentence], wanted: tuple[str, ...] = DESIGN_TAGS) -> tuple[set[str], str | None]:
    """The design tags of those `wanted` a group of sentences gives (another study's aside), and
    the first sentence giving any."""
    tags: set[str] = set()
    source = None
    for sentence in tier:
        found = _tags_in(sentence.text, wanted)
        if found and _about_other_study(sentence.text):
            continue
        if found:
            tags |= found
            source = source or sentence.text
    return tags, source


def _design(sentences: list[_Sentence], title: str) -> tuple[list[str], str | None]:
    # (from version 22) what the introduction says of the study it presents ("Il s'agit ici d'une
    # étude de cohorte rétrospective, multicentrique", "CAPE COD est un ECR … mené dans 31
    # centres") joins what the methods say or, when they say nothing, the results and discussion;
    # methods telling only the blinding tell no design: their tags wait for the next tier's
    presented = [s for s in sentences if s.kind == "intro" and _THIS_STUDY.search(s.text)
                 and not _YEAR_IN_BRACKETS.search(s.text)]  # ("L'essai ESCAPe (Meduri, 2022) est un ECR …": cited)
    introduced, introduced_source = _tags_of(presented)
    methods = [s for s in sentences if s.kind == "methods"]
    later = [s for s in sentences if s.kind in ("results", "other", "discussion")]
    tags, source = _tags_of(methods)
    tier = methods
    if not tags or (tags <= _BLINDING_ONLY and not introduced - _BLINDING_ONLY):
        blinding, blinding_source = tags, source
        tags, source = _tags_of(later)
        tier = later
        if not tags and title and not _about_other_study(title):
            tags, source = _tags_in(title), title
        if not tags.intersection(_BLINDING_ONLY):
            tags |= blinding
        source = source or blinding_source
    # (the introduction's kind of study only when the others name none: "l'essai X visait à …,
    # les résultats concordent avec ceux de la méta-analyse publiée en 2021" is a trial's)
    tags |= introduced - _STUDY_KINDS if tags & _STUDY_KINDS else introduced
    source = source or introduced_source
    if not tags & _STUDY_KINDS and title and not _about_other_study(title):
        # (from version 24) the article's title names the kind of study the text leaves out:
        # "HeadPoST est une étude pragmatique … menée dans 114 hôpitaux" of "Cluster-Randomized,
        # Crossover Trial of Head Positioning in Acute Stroke"
        tags |= _tags_in(title)
    if "rct" in tags and _called_observational(methods):
        # (from version 24) the trials its sentences name are others ("comparés aux résultats
        # poolés des ECR"), and "ouverte" is no blinding
        tags -= {"rct", "cluster", "crossover", "non-inferiority", *_BLINDING_ONLY}
    if _OPEN_TREATMENT in tags and "double-blind" not in tags:
        tags.add("open-label")
    tags.discard(_OPEN_TREATMENT)
    if not tags:
        return [], None
    tier = tier + presented
    if "rct" in tags and "cohort" in tags and not any(_DESIGN_RES["cohort"].search(s.text) for s in tier):
        tags.discard("cohort")
    if "case-control" in tags and "cohort" in tags and any(_NESTED.search(s.text) for s in tier):
        tags.discard("cohort")  # (from version 21: "étude cas-témoins nichée dans une cohorte")
    if "meta-analysis" in tags:
        first = next((found for s in tier if (found := _tags_in(s.text))), set())
        if "rct" in first and "meta-analysis" not in first:
            # (from version 22) a trial described first, a meta-analysis after it ("Une méta-analyse
            # des 2 essais UPA vs LNG complète l'article"): the trial's
            tags.discard("meta-analysis")
        else:
            tags = {"meta-analysis"}
    if "rct" in tags and not tags.intersection(_BLINDING) and tier is not later:
        told = _tags_of([s for s in later if not _HYPOTHETICAL.search(s.text)], _BLINDING)[0]
        if _OPEN_TREATMENT in told and "double-blind" not in told:
            told.add("open-label")
        tags |= told.intersection(_BLINDING)
    if "rct" not in tags and tags.intersection(_STUDY_DESIGNS):
        tags -= set(_BLINDING)  # (an observational study's "absence d'aveugle" is no design)
    return [t for t in DESIGN_TAGS if t in tags], source


def _called_observational(methods: list[_Sentence]) -> bool:
    """(from version 24) Whether the methods call the study observational: their first sentence
    naming a kind of study, or calling one observational, does so of this study ("Etude
    observationnelle prospective, ouverte et monitorée"; not "Essai randomisé … Une étude
    observationnelle avait suggéré un bénéfice")."""
    first = next((s.text for s in methods if _OBSERVATIONAL.search(s.text) or _tags_in(s.text) & _STUDY_KINDS), "")
    return bool(_OBSERVATIONAL.search(first)) and not _RANDOMISED.search(first) and not _about_other_study(first)


# ---------------------------------------------------------------------------
# Number of patients
# ---------------------------------------------------------------------------

_SPACES = "[ \u00a0\u202f\u2009]"
# (from version 25 the apostrophe too, as Switzerland writes thousands: "5'982 patients")
_INT = (r"(?<![\d.,])(?<!\d')(?<![A-Za-z]-)(?:\d{1,3}(?:" + _SPACES + r"\d{3}){1,3}(?!\d)|\d{1,3}(?:,\d{3}){1,3}(?![.,]?\d)|"
        r"\d{1,3}(?:'\d{3}){1,3}(?!['\d])|\d{1,12})"
        r"(?![.,]\d)")
_EXPLICIT_N = patterns.compile(r"(?<![A-Za-z])(?P<letter>[Nn])\s*(?:total\s*)?[=:]\s*(?P<num>" + _INT + r")(?!\s*%)")
_NOUN = (r"(?i:patient(?:[.·]?e)?(?:[.·]?s)?|participant(?:[.·]?e)?(?:[.·]?s)?|sujets?|subjects?|personnes?|persons?|"
         r"people|individus|individuals|adultes?|adults?|enfants?|children|nourrissons|infants?|nouveau-n[ée]s|"
         # (from version 23 in inclusive writing too: "942 résident.e.s inclus.e.s")
         r"neonates|newborns|femmes|women|hommes|men|malades|volontaires|volunteers|r[ée]sident(?:[.·]?e)?[.·]?s|residents|"
         r"pts|parturientes|patients|couples|paires|pairs|dyades|dyads|binômes|mères|mothers|fumeurs|smokers|"
         # (from version 19, a cohort of pregnancies: "608 385 grossesses ont été incluses")
         r"grossesses|pregnancies|"
         # (from version 21, a trial randomising before birth: "randomisation avant la naissance de 1 566 fœtus")
         r"f[œo]e?tus|fetuses|foetuses|"
         # (from version 20, the people a trial outside the clinic enrols: "1892 female players")
         r"players|joueu(?:r|se)s|athl[eè]tes|[ée]l[èe]ves|pupils|students|[ée]tudiant(?:[.·]?e)?[.·]?s|soldiers|soldats|"
         r"recruits|recrues|militaires|veterans|v[ée]t[ée]rans|workers|travailleu(?:r|se)s|employees|salari[ée]e?s|"
         r"donors|donneu(?:r|se)s|recipients|receveu(?:r|se)s|babies|b[ée]b[ée]s|girls|filles|boys|gar[çc]ons|"
         r"adolescent(?:[.·]?e)?[.·]?s|teenagers|youths|survivors|survivant(?:[.·]?e)?[.·]?s|victims|victimes|users|usag[eè]r(?:e)?s|"
         # (from version 22, a trial of the carers themselves: "2862 soignant.e.s ont été randomisé.e.s")
         r"soignant(?:[.·]?e)?(?:[.·]?s)|healthcare\s+workers|health-care\s+workers|nurses|infirmi[èe]r(?:e|es|s))"
         r"(?!\w|[-\u2010\u2011]\w)")  # (not personnes-années, patient-years)
_NOUN_RE = patterns.compile(_NOUN)
_NOUN_COUNT = patterns.compile(r"(?P<num>" + _INT + r")\s+(?P<mid>(?:[^\W\d_][\w\-]*,?\s+){0,2}?)" + _NOUN)
_BARE_VERB_COUNT = patterns.compile(
    r"(?P<num>" + _INT + r")\s+(?i:(?:ont\s+[ée]t[ée]\s+|were\s+|[ée]taient\s+)?(?:randomi[sz]|inclu|enrol|recrut|recruit))\w*(?!\w)"
    # ("81 randomised trials": a count of trials, a meta-analysis's; from version 21 "11 recruiting
    # sites": of places)
    r"(?!\s+(?i:(?:controlled\s+|contr[ôo]l[ée]s\s+)?(?:trials?|stud(?:y|ies)|essais|[ée]tudes|ECR|RCTs?)(?!\w)))"
    r"(?!\s+(?i:sites?|centres?|centers?|hospitals?|h[ôo]pitaux|clinics?|cliniques?|practices?|cabinets?)(?!\w))")
#: (from version 24) a count, a word or two, then its verb: "599 912 buveurs actuels analysés", people
#: under a name `_NOUN` does not know; below every other count (a last resort).
_COUNT_WORDS_VERB = patterns.compile(
    r"(?P<num>" + _INT + r")\s+(?P<mid>(?:[^\W\d_][\w\-']*\s+){1,2}?)(?i:(?:ont\s+[ée]t[ée]|were|[ée]taient|sont)\s+)?"
    r"(?i:analys|inclu|randomi[sz]|enrol|recrut|recruit)\w*(?!\w)")
_BY_BEFORE = patterns.compile(r"(?i:(?<!\w)(?:par|by)\s+$)")
#: What such a count may be of that is not people (`_COUNT_WORDS_VERB`).
_NOT_PEOPLE = patterns.compile(
    r"(?i:(?:essais?|[ée]tudes?|trials?|stud(?:y|ies)|ECR|RCTs?|centres?|centers?|sites?|h[ôo]pitaux|hospitals?|"
    r"cohortes?|cohorts?|articles?|publications?|[ée]chantillons?|samples?|specimens?|villages?|clusters?|grappes?|"
    r"cabinets?|practices?|pays|countries|services?|unit[ée]s?|units?|mesures?|measurements?|visites?|visits?|"
    r"cycles?|embryons?|embryos?|ovocytes?|oocytes?|yeux|eyes|l[ée]sions?|lesions?|tumeurs?|tumou?rs?|[ée]pisodes?|"
    r"episodes?|[ée]v[èé]nements?|events?|d[ée]c[èe]s|deaths?|cas|cases|t[ée]moins|controls?|doses?|s[ée]ances?|sessions?|"
    # (the groups a study's people fall into: "2 groupes randomisés", "12 sous-groupes analysés")
    r"groupes?|groups?|sous-groupes?|subgroups?|bras|arms?|strates?|strata|cat[ée]gories|categories|"
    r"quartiles?|quintiles?|tertiles?|d[ée]ciles?|niveaux|levels|crit[èe]res|criteria|outcomes?|variables?|"
    r"covariables?|covariates?|facteurs|factors)$)")
_MID_STOP = patterns.compile(
    r"(?i:^(?:de|des|du|la|le|les|of|the|chez|in|among|par|per|pour|for|et|and|à|a|au|aux|dans|with|avec|sur|on|"
    r"jours?|days?|mois|months?|ans?|ann[ée]es?|years?|semaines?|weeks?|heures?|hours?|mg|kg|g|ml|fois|times|"
    r"ont|sont|were|had|was|est)$)"
)
_VERB_AFTER = patterns.compile(
    r"(?i:^.{0,45}?(?:randomi|inclu|enrol|recrut|recruit|assign|r[ée]parti|allocat|tir[ée]e?s?\s+au\s+sort))", re.S)
_VERB_BEFORE = patterns.compile(
    r"(?i:(?:randomi\w*|inclu\w*|enrol\w*|recrut\w*|recruit\w*|assign\w*|allocat\w*|au\s+total|in\s+total|"
    r"total\s+(?:de|of)|totalis\w*)\W+(?:[\w.']+\W+){0,4}$)")
#: N is the number randomised: "1 006 patients ont été randomisés ; 1 005 ont été inclus dans
#: l'analyse" gives 1 006, a count said to be randomised outranking one included or analysed.
_RANDOMISED_WORD = r"randomi[sz]|tir[ée]e?s?\s+au\s+sort"
_RANDOMISED = patterns.compile(r"(?i:" + _RANDOMISED_WORD + r")")
_RANDOMISED_AFTER = patterns.compile(r"(?i:^[^;:.]{0,45}?(?:" + _RANDOMISED_WORD + r"))")
_RANDOMISED_BONUS = 0.25
#: A count the text calls a total ("A total of 7447 participants were randomised", "Au total, 1 204
#: enfants ont été inclus") is preferred to one a methods sentence gives with its verb (from
#: version 21: "1588 participants whose assignment had departed from protocol were identified").
_A_TOTAL_OF = patterns.compile(r"(?i:(?:a\s+total\s+of|au\s+total\s*,?|en\s+tout\s*,?|in\s+total\s*,?|overall\s*,?)\s*$)")
_TOTAL_BONUS = 1.5
#: A count the rest of its clause says was randomised (from version 20): "Sur 514 nouveau-nés
#: inclus, 242 (47 %) sont devenus hypoglycémiques et ont été randomisés", "242 became
#: hypoglycaemic and were randomised" (no number between them).
_COUNT_THEN_RANDOMISED = patterns.compile(
    r"(?P<num>" + _INT + r")(?:\s*\(\s*\d+(?:[.,]\d+)?\s*%\s*\))?\s+"
    # (the count is the subject: a verb follows it, not a noun: "10 US health care systems were …")
    r"(?i:sont|ont|[ée]taient|avaient|remplissaient|pr[ée]sentaient|were|had|became|developed|met|fulfilled)\s"
    r"[^;:.()\d]{0,50}?"
    r"(?i:(?<!\w)(?:ont\s+[ée]t[ée]|were|have\s+been|had\s+been)\s+(?:" + _RANDOMISED_WORD + r"))")
_BAD_CONTEXT_AFTER = patterns.compile(
    r"(?i:^[^;]{0,40}?(?:d[ée]c[ée]d|died|death|mort|perdu|lost\s+to|exclu|screen|d[ée]pist|[ée]valu[ée]s?\s+pour|assessed|"
    r"invit|approach|contact[ée]s?(?!\w)|sollicit|"  # (from version 20: "Of 1510 people invited, … 306 were recruited")
    r"[ée]ligibles?|eligible|ont\s+pr[ée]sent|developed|experienced|ont\s+arr[êe]t|discontinu|withdr|retir)"
    r"|^\s*(?:par|per|dans\s+chaque|in\s+each|de\s+chaque|dans\s+le\s+groupe|in\s+the\s+\w+\s+group)(?!\w))", re.S)
#: (from version 22) people said to be enrolled right after their count are counted, whatever
#: follows: "1 280 296 femmes recrutées en 1996-2001 lors de leur invitation au dépistage".
_ENROLLED_FIRST = patterns.compile(
    r"(?i:\s*(?:(?:ont\s+[ée]t[ée]|were|have\s+been|had\s+been)\s+)?(?:recrut|inclu|enrol|randomi[sz]|recruit))")
_BAD_BEFORE = patterns.compile(
    r"(?:[<>≤≥/]|(?i:dont|including|among\s+whom|parmi\s+eux|soit|at\s+least|au\s+moins|more\s+than|plus\s+de|"
    r"fewer\s+than|less\s+than|moins\s+de|minimum(?:\s+(?:de|of))?)"
    # "essai de phase 3 randomisé", "stade 4 patients": the number names a phase, stage or class
    r"|(?i:(?<!\w)(?:phase|stade|stage|grade|type|classe?|NYHA|niveau|level|version|[ée]tape|step)))\s*$")
#: A total restated after its parts: "soit" before the count, and "au total" after it ("13 556 cas
#: et 135 386 témoins, soit 148 942 sujets au total") or earlier in its clause ("Au total, 129
#: essais publiés entre 1972 et 2011, soit 10 488 patients"): the count is N (from version 19).
_TOTAL_WORDS = r"(?:au\s+total|en\s+tout|in\s+total|in\s+all)(?!\w)"
_SOIT_BEFORE = patterns.compile(r"(?i:(?<!\w)soit\s*$)")
_TOTAL_AFTER = patterns.compile(r"(?i:^\s*" + _TOTAL_WORDS + ")")
_TOTAL_EARLIER = patterns.compile(r"(?i:(?<!\w)" + _TOTAL_WORDS + r"[^.;:]*$)")


def _restated_parts(text: str, at: int, value: int) -> set[int] | None:
    """The counts (two to `_MAX_GROUPS`) that the sentence `text` states before offset `at` when
    they add up to `value`, else None: its counts of people ("Cas : 58 769 patients de 55 ans … ;
    témoins : 225 574 sujets …, soit 284 343 participants": an age and years beside them), or
    else all its numbers but percentages."""
    people = [v for m in _NOUN_COUNT.finditer(text, 0, at) if (v := _int_value(m.group("num"))) is not None]
    numbers = [v for m in _ANY_INT.finditer(text, 0, at)
               if not _PERCENT_AFTER.match(text, m.end()) and (v := _int_value(m.group())) is not None]
    for counts in (people, numbers):
        # (from version 21 the last counts before the total may be its parts, an earlier one not:
        # "trials with at least 1000 participants …: 5 trials (39 612 participants) and 21 trials
        # (129 526 participants), 169 138 participants in total")
        for k in range(2, min(len(counts), _MAX_GROUPS) + 1):
            if sum(counts[-k:]) == value:
                return set(counts[-k:])
    return None


_PERCENT_AFTER = patterns.compile(r"\s*%")


def _restates_a_total(before: str, after: str) -> bool:
    return bool(_SOIT_BEFORE.search(before) and (_TOTAL_AFTER.search(after) or _TOTAL_EARLIER.search(before)))


#: A count of studies earlier in the clause: "123 études ont été incluses (dont 27 …), soit 22 803
#: participants" gives the people of the studies, a meta-analysis's N (from version 21).
_STUDIES_EARLIER = patterns.compile(
    r"(?i:(?<![\d.,])\d+(?:[\s\u202f]\d{3})*\s+(?:[^\W\d_][\w\-]*\s+){0,2}?"
    r"(?:[ée]tudes|essais|ECR|trials|studies|RCTs|cohortes|cohorts)(?!\w)[^.;]*$)")


#: What ties a count of people to the count of studies before it: "soit", and from version 23
#: "72 trials including 10 605 patients", "12 essais regroupant 4 210 patients".
_STUDIES_TIE_BEFORE = patterns.compile(
    r"(?i:(?<!\w)(?:soit|including|involving|incluant|comprenant|regroupant|totalisant|portant\s+sur)\s*$)")


def _people_of_the_studies(text: str, at: int) -> bool:
    """Whether the count at offset `at` of `text` follows "soit" (or "including", …) after a count
    of studies."""
    before = text[max(0, at - 250):at]
    return bool(_STUDIES_TIE_BEFORE.search(before) and _STUDIES_EARLIER.search(before))
_PER_GROUP_AFTER = patterns.compile(
    r"\s*(?i:par\s+(?:bras|groupe)|per\s+(?:arm|group)|dans\s+chaque|in\s+each|chacun|each)(?!\w)")
_PER_GROUP_BEFORE = patterns.compile(r"(?i:(?:groupe|bras|arm|group)\b[^.;]{0,25}$)")
#: A sentence describing one arm ("Arm 1: early reconstruction (n = 62).", "- Bras B : …"): its
#: counts are the arm's (from version 13).
_ARM_SENTENCE = patterns.compile(r"(?i:\s*[-•–]?\s*(?:arm|bras|groupe?|group)\s+(?:\d+|[A-Z])\s*[:.)–-])")


def _int_value(token: str) -> int | None:
    digits = re.sub(r"[ \u00a0\u202f\u2009,']", "", token)
    if not digits.isdigit() or len(digits) > 9:
        return None
    return int(digits)


_ANY_INT = patterns.compile(_INT)


def _stated_total(text: str, total: int) -> int | None:
    """`total` if the sentence writes it as a number (`1643`, `1 643`, `1,643`), else None."""
    for match in _ANY_INT.finditer(text):
        if _int_value(match.group()) == total:
            return total
    return None


#: The most groups one sentence's counts are summed over to give N (more: a table's row, not arms).
_MAX_GROUPS = 4
#: A count alone in brackets, after an arm's name ("surveillance active (545)").
_BRACKETED_COUNT = patterns.compile(r"\((" + _INT + r")\)")

#: (from version 23) a count of people followed by its arms' counts in brackets, each with the
#: arm's short name: "325 dans la population ITT (163 TCZ, 162 ADA)", "942 résidents (459
#: intervention, 483 contrôle)". No number between them (the total is the last before the bracket).
_ARM_LABEL = r"\s+[^\W\d_][\w\-.·]*(?:\s+[^\W\d_][\w\-.·]*)?"
_TOTAL_THEN_ARMS = patterns.compile(
    r"(?P<total>" + _INT + r")(?P<between>[^()\d.;%/]{1,45})\(\s*(?P<a>" + _INT + r")" + _ARM_LABEL
    + r"\s*[,;/]\s*(?:et\s+|and\s+)?(?P<b>" + _INT + r")" + _ARM_LABEL
    + r"(?:\s*[,;/]\s*(?:et\s+|and\s+)?(?P<c>" + _INT + r")" + _ARM_LABEL + r")?\s*\)")
#: Words telling that a count is of the people studied (`_TOTAL_THEN_ARMS`).
_POPULATION_WORDS = patterns.compile(
    r"(?i:randomi|inclu|enrol|recrut|recruit|analys|population|(?<!\w)ITT(?!\w)|per[\s\-]protocol)")


def _total_with_its_arms(text: str) -> list[int]:
    """The totals `_TOTAL_THEN_ARMS` finds in `text` whose arms add up to them."""
    totals = []
    for match in _TOTAL_THEN_ARMS.finditer(text):
        between = match.group("between")
        if not (_NOUN_RE.search(between) or _POPULATION_WORDS.search(between)):
            continue
        values = [_int_value(match.group(g)) for g in ("total", "a", "b", "c") if match.group(g)]
        if None not in values and sum(values[1:]) == values[0]:
            totals.append(values[0])
    return totals


#: Number words, French and English, with their values (`_number_words_as_digits`).
_NUMBER_WORDS = {
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
    "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20,
    "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "cents": 100,
    "mille": 1000, "un": 1, "une": 1,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
}
_NUMBER_WORD = "(?:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
#: (from version 25) A count of studies just before a bracket, in digits or words: "Quatorze
#: études (n = 1273)".
_STUDIES_BRACKET_BEFORE = patterns.compile(
    r"(?i:(?:(?<![\d.,])\d+|(?<!\w)" + _NUMBER_WORD + r"(?:[\s\-]+(?:et\s+)?" + _NUMBER_WORD + r")*)\s+"
    r"(?:[^\W\d_][\w\-]*\s+){0,2}?(?:[ée]tudes|essais|ECR|trials|studies|RCTs|cohortes|cohorts)\s*[(\[]\s*$)")
#: A run of number words before a count's noun (a population, or arms and groups):
#: "Sept cent soixante-neuf patients", "Eight hundred twenty-one patients", "deux bras de 600".
_WORDS_BEFORE_COUNT = patterns.compile(
    r"(?i:(?<![\w\-])" + _NUMBER_WORD + r"(?:(?:[\s\-]+(?:et[\s\-]+|and\s+)?)" + _NUMBER_WORD + r")*(?![\w\-]))"
    r"(?=\s+(?:[^\W\d_][\w\-]*\s+){0,2}?(?:" + _NOUN + r"|(?i:bras|arms?|groupes|groups)(?!\w)))")


_ARM = r"(?i:bras|arms?|groupes?|groups?)"
#: "deux bras de 600", "two arms of 776 patients", "2 groupes égaux de 300".
_ARMS_OF = patterns.compile(r"(?<!\d)(?P<k>[2-4])\s+" + _ARM + r"\s+(?i:(?:[ée]gaux|equal|identiques)\s+)?(?i:de|of)\s+(?P<n>" + _INT + r")")
#: "410 patients ont été assignés au bras A et 206 au bras B", "418 in the alteplase group and 403
#: in the placebo group".
_WORDS_BETWEEN = r"(?:[^\W\d_][\w\-'’]*\s+){0,4}?"  # (words only: "patients ont été assignés")
_TO_ARM = r"(?i:au|dans\s+le|to\s+the|in\s+the)\s+(?:[^\W\d_][\w\-]*\s+)?" + _ARM + r"(?!\w)"  # ("to the drug arm")
_TWO_ARMS = patterns.compile(
    r"(?P<a>" + _INT + r")\s+" + _WORDS_BETWEEN + _TO_ARM + r"[^.;]{0,40}?"
    r"(?i:\s+et|\s+and|,)\s+(?P<b>" + _INT + r")\s+" + _WORDS_BETWEEN + _TO_ARM)


def _arms_total(text: str, sentence: "_Sentence", candidates: list) -> None:
    """N from a sentence's arms when it states no total: k arms of n (k x n), or two arms' counts
    (their sum); the counts of one arm found in that sentence are then no candidates."""
    found = [(int(m.group("k")) * v, {v}) for m in _ARMS_OF.finditer(text)
             if (v := _int_value(m.group("n"))) is not None]
    # Outside the methods, two arms' counts may be events ("Seize infections … : 2 dans le bras actif
    # et 14 dans le bras placebo"): they are people only in a sentence that says so (version 14).
    two_arms = list(_TWO_ARMS.finditer(text))
    people = bool(two_arms) and (sentence.kind == "methods" or bool(_NOUN_RE.search(text)))
    for m in two_arms if people else ():
        a, b = _int_value(m.group("a")), _int_value(m.group("b"))
        if _BAD_CONTEXT_AFTER.search(text[m.end():m.end() + 60]):
            continue  # (from version 20: "175 … in the invited group and 419 in the usual-care group were excluded")
        if a is not None and b is not None and _stated_total(text, a + b) is None:
            found.append((a + b, {a, b}))
    for total, parts in found:
        if any(c[3] == sentence.text and c[2] not in parts for c in candidates):
            continue  # ("6 190 patients … en deux bras de 3 098 et 3 092": the total is stated)
        candidates[:] = [c for c in candidates if not (c[3] == sentence.text and c[2] in parts)]
        candidates.append((4.5 if sentence.kind == "methods" else 3.5, -1, total, sentence.text))


#: The cases and the controls of a case-control study ("716 cas", "3 580 témoins", "1 103 cases and
#: 9 608 controls"), not a number per case ("5 témoins par cas").
#: (from version 25) What may stand between the label of the cases or controls and their count in
#: brackets: no sentence's end, but the full stops within a word ("patient.e.s") or of an
#: abbreviation before a lower-case word ("tous les cas de C. difficile enregistrés (n=1672)").
_TO_BRACKETED_COUNT = r"(?:[^.;()]|\.(?=\w|\s+[a-zà-ÿ])){0,150}"
_CASES = patterns.compile(r"(?P<num>" + _INT + r")\s+(?i:cas|cases)(?!\w)(?!\s+(?i:par|per|pour)\s)"
                          # (from version 22, first: "Cas : premier diagnostic de maladie d'Alzheimer (n = 1 796).")
                          # (from version 25 without the colon: "les cas de C. difficile enregistrés (n=1672)")
                          r"|(?<!\w)(?i:cas|cases)(?:\s*:|\s)" + _TO_BRACKETED_COUNT + r"\(\s*[nN]\s*=\s*(?P<bracketed>" + _INT + r")\s*\)"
                          # (or labelled: "Cas : 1 796 personnes de 66 ans et plus …")
                          r"|(?<!\w)(?i:cas|cases)\s*:\s*(?P<labelled>" + _INT + r")(?=[\s,;)])")  # (from version 22, "témoins : 7184, appariés")
_CONTROLS = patterns.compile(r"(?P<num>" + _INT + r")\s+(?i:t[ée]moins|controls|contr[ôo]les)(?!\w)"
                             r"(?!\s+(?i:par|per|pour)\s+(?i:cas|case))"
                             r"|(?<!\w)(?i:t[ée]moins|controls)(?:\s*:|\s)" + _TO_BRACKETED_COUNT + r"\(\s*[nN]\s*=\s*(?P<bracketed>" + _INT + r")\s*\)"
                             r"|(?<!\w)(?i:t[ée]moins|controls)\s*:\s*(?P<labelled>" + _INT + r")(?=[\s,;)])")
#: The score of their sum as N: above a count with its verb, below an explicit "N =" of the methods.
_CASES_AND_CONTROLS_SCORE = 5.5


#: A count per case ("up to 100 controls", "jusqu'à 5 témoins"): not the study's.
_AT_MOST_BEFORE = patterns.compile(r"(?i:(?:up\s+to|jusqu'(?:à|a)|au\s+plus|at\s+most|maximum(?:\s+of|\s+de)?)\s*$)")


#: (from version 22) "Témoins : 10 témoins par cas": a count per case after the label.
#: (from version 24 with a count of one: "environ 3 témoins pour 1 cas", a matching ratio)
_PER_CASE_AFTER = patterns.compile(r"(?i:\s+(?:[\w\-]+\s+)?(?:par|per|pour(?:\s+chaque)?|for(?:\s+each)?)\s+"
                                   r"(?:(?:1|un|une|one)\s+)?(?:cas|case|patient)s?(?!\w))")
#: (from version 24) the "1 cas" of "3 témoins pour 1 cas": the ratio's other side, not a count.
_RATIO_BEFORE = patterns.compile(r"(?i:(?:t[ée]moins?|controls?|contr[ôo]les?)\s+(?:pour|par|per|for|to)\s+$)")


#: (from version 23) a count per case said before it: "Pour chaque cas, 5 témoins tirés au sort";
#: and the counts a study planned, not those it had: "Effectif prévu : 415 cas et 830 témoins ;
#: effectif obtenu : 291 cas et 733 témoins".
#: (from version 25) or each case matched with them: "chacun apparié à 10 témoins", "each matched to 4 controls".
_PER_CASE_BEFORE = patterns.compile(r"(?i:(?:pour|par|for|per)\s+(?:chaque|each|un|one)\s+(?:cas|case)\s*,?\s*$|"
                                    r"(?<!\w)(?:chacune?|each(?:\s+case)?)\s+(?:[ée]tait\s+|was\s+)?"
                                    r"(?:appari[ée]e?|matched)\s+(?:à|a|avec|to|with)\s+(?:(?:jusqu'à|up\s+to)\s+)?$)")
_PLANNED_BEFORE = patterns.compile(
    r"(?i:(?:pr[ée]vue?s?|planifi[ée]e?s?|planned|target(?:ed)?|attendue?s?|expected|calcul[ée]e?s?|"
    r"n[ée]cessaires?|required|needed)\s*:?[^.;:]{0,25}$)")


def _first_count(pattern: re.Pattern, text: str) -> tuple[int | None, int] | None:
    """The first count `pattern` finds in `text` that is not a count per case, and where it starts."""
    for found in pattern.finditer(text):
        if not _AT_MOST_BEFORE.search(text, max(0, found.start() - 20), found.start()) and \
                not _PER_CASE_AFTER.match(text, found.end()) and \
                not _PER_CASE_BEFORE.search(text, max(0, found.start() - 30), found.start()) and \
                not _RATIO_BEFORE.search(text, max(0, found.start() - 30), found.start()) and \
                not _PLANNED_BEFORE.search(text, max(0, found.start() - 40), found.start()):
            return _int_value(found.group("num") or found.group("labelled") or found.group("bracketed")), found.start()
    return None


def _cases_and_controls(sentences: list[_Sentence], candidates: list) -> tuple[int, ...]:
    """From version 21, a case-control study's N is its cases and its controls added up (the first
    count of each in the methods and results), as its readers count it: "Cas : … (716 cas).
    Témoins : jusqu'à cinq par cas (3 580 témoins)" is 4 296, not the 205 466 women of the cohort
    they were drawn from; a total the text states beside them is the same number. Returns the
    two counts (none when either is missing)."""
    cases = controls = None
    for sentence in sentences:
        if sentence.kind not in ("methods", "results", "other"):
            continue
        if cases is None and (found := _first_count(_CASES, sentence.text)):
            cases = (found[0], sentence.text)
        if controls is None and (found := _first_count(_CONTROLS, sentence.text)):
            controls = (found[0], sentence.text)
            if cases is None:
                # "901 patients avec un premier épisode psychotique et 1 237 témoins": the people
                # counted just before the controls are the cases
                people = list(_NOUN_COUNT.finditer(sentence.text, 0, found[1]))
                if people:
                    cases = (_int_value(people[-1].group("num")), sentence.text)
    if cases and controls and cases[0] and controls[0]:
        source = cases[1] if cases[1] == controls[1] else f"{cases[1]} {controls[1]}"
        total = cases[0] + controls[0]
        # (from version 22) a total the controls' sentence states is theirs: "71 533 cas de CBC et 8 629
        # cas de CSC, appariés à respectivement 1 430 660 et 172 580 témoins, soit … (N = 1 683 402)"
        stated = _EXPLICIT_N.search(controls[1])
        if stated and (value := _int_value(stated.group("num"))) and value > max(cases[0], controls[0]):
            total = value
        candidates.append((_CASES_AND_CONTROLS_SCORE, -1, total, source))
        return cases[0], controls[0]
    return ()


def _number_words_value(words: str) -> int | None:
    """The number a run of French or English number words writes (`sept cent soixante-neuf`: 769,
    `quatre-vingt-dix`: 90, `eight hundred twenty-one`: 821), or None."""
    total = current = 0
    previous = None
    for word in re.split(r"[\s\-]+", words.casefold()):
        if word in ("et", "and", ""):
            continue
        value = _NUMBER_WORDS.get(word)
        if value is None:
            return None
        if value == 1000:
            total, current = total + (current or 1) * 1000, 0
        elif value == 100:
            current = (current or 1) * 100
        elif value == 20 and previous == 4 and current % 100 == 4:  # quatre-vingt(s)
            current += 76
        else:
            current += value
        previous = value
    return total + current or None


def _number_words_as_digits(text: str) -> str:
    """`text` with the number words before a count written in digits (two or more: "un patient"
    stays as it is)."""
    def digits(match: re.Match) -> str:
        value = _number_words_value(match.group())
        return str(value) if value is not None and value >= 2 else match.group()

    return _WORDS_BEFORE_COUNT.sub(digits, text) if _NUMBER_WORD_HINT.search(text) else text


_NUMBER_WORD_HINT = patterns.compile(r"(?i:(?<!\w)" + _NUMBER_WORD + r"(?!\w))")


#: A table's header row of the arms' counts alone, one a column: "(n=798) (n=822)".
_ARMS_HEADER = patterns.compile(r"(?:\(\s*[nN]\s*=\s*" + _INT + r"\s*\)\s*){2,4}(?![\s(]*[nN]\s*=)")


def _patient_count(sentences: list[_Sentence], flags: list[str], design: list[str]) -> tuple[int | None, str | None]:
    # (score, order, value, sentence)
    candidates: list[tuple[float, int, int, str]] = []
    sides: tuple[int, ...] = ()
    if "case-control" in design:
        sides = _cases_and_controls(sentences, candidates)
    arms: list[int] = []
    groups: list[tuple[bool, list[int], str]] = []  # (in the methods, a sentence's group counts, the sentence)
    order = 0
    for sentence in sentences:
        if sentence.kind == "intro":
            continue
        text = _number_words_as_digits(sentence.text)  # (the source quoted is the sentence as written)
        if _DIGIT.search(text) is None:
            continue  # (every count below is read from digits: most sentences have none)
        arms_before = len(arms)
        explicit = []
        for match in _EXPLICIT_N.finditer(text):
            if _STUDIES_BRACKET_BEFORE.search(text, max(0, match.start() - 60), match.start()):
                # (from version 25) the people of a meta-analysis's studies, not an arm: "Quatorze
                # études (n = 1273) rapportaient la SSP et 12 études (n = 1100) la SG" (the first
                # is the first outcome's, as a review gives the primary first)
                if (value := _int_value(match.group("num"))) is not None:
                    candidates.append((4.5 if sentence.kind == "methods" else 3.5, order, value, sentence.text))
                    order += 1
            elif _PER_GROUP_AFTER.match(text, match.end()) or _ARM_SENTENCE.match(text):
                value = _int_value(match.group("num"))
                if value is not None:
                    arms.append(value)
            else:
                explicit.append(match)
        if len(explicit) >= 2:
            values = [_int_value(m.group("num")) for m in explicit]
            total = max(v for v in values if v is not None) if any(v is not None for v in values) else None
            # "N=120 (n=60 vs n=60)": the largest is the total when it is the sum of the others.
            rest = [v for v in values if v is not None and v != total]
            if total is not None and rest and sum(rest) == total:
                explicit = [m for m in explicit if _int_value(m.group("num")) == total][:1]
            else:
                counted = [v for v in values if v is not None]
                arms.extend(counted)
                explicit = []
                # "1643 agreed to randomisation to A (n=545), B (n=553) or C (n=545)": a number of
                # the sentence that is the sum of its arms is the total.
                stated = _stated_total(text, sum(counted))
                if stated is not None:
                    candidates.append((6.0 if sentence.kind == "methods" else 5.0, order, stated, sentence.text))
                    order += 1
        # (from version 20) "1643 ont accepté la randomisation : surveillance active (545),
        # prostatectomie radicale (553) ou radiothérapie (545)": the arms' bare counts in brackets
        # sum to a number of the sentence, the total.
        bracketed = [v for m in _BRACKETED_COUNT.finditer(text) if (v := _int_value(m.group(1))) is not None]
        # (from version 24, not a list's numbers: "Critères principaux : (1) hémorragie … et (2)
        # mortalité à 3 mois" has no arms of 1 and 2 patients)
        if 2 <= len(bracketed) <= _MAX_GROUPS and bracketed != list(range(1, len(bracketed) + 1)) and \
                (stated := _stated_total(text, sum(bracketed))) is not None:
            candidates.append((6.0 if sentence.kind == "methods" else 5.0, order, stated, sentence.text))
            order += 1
        for total in _total_with_its_arms(text):
            candidates.append((6.0 if sentence.kind == "methods" else 5.0, order, total, sentence.text))
            order += 1
        if len(arms) - arms_before >= 2:
            groups.append((sentence.kind == "methods", arms[arms_before:], sentence.text))
        for match in explicit:
            value = _int_value(match.group("num"))
            if value is None or value < 2:
                continue
            before = text[max(0, match.start() - 300):match.start()]
            in_brackets = before.count("(") + before.count("[") > before.count(")") + before.count("]")
            if sentence.kind == "methods":
                score = 6.0
            elif match.group("letter") == "N" or not in_brackets:
                score = 5.0 if sentence.kind != "discussion" else 0.8
            else:
                score = 1.5 if sentence.kind != "discussion" else 0.0
            if _PER_GROUP_BEFORE.search(text[max(0, match.start() - 30):match.start()]) and score < 6:
                score = min(score, 1.0)
            if score > 0:
                candidates.append((score, order, value, sentence.text))
            order += 1
        for match in _BARE_VERB_COUNT.finditer(text):
            value = _int_value(match.group("num"))
            before = text[max(0, match.start() - 60):match.start()]
            if value is None or value < 2 or _BAD_BEFORE.search(before):
                continue
            score = {"methods": 4.0, "discussion": 0.8}.get(sentence.kind, 3.0)
            score += _RANDOMISED_BONUS if _RANDOMISED.search(match.group()) else 0.0
            candidates.append((score, order, value, sentence.text))
            order += 1
        for match in _COUNT_THEN_RANDOMISED.finditer(text) if _RANDOMISED.search(text) else ():
            value = _int_value(match.group("num"))
            if value is None or value < 2 or _BAD_BEFORE.search(text[max(0, match.start() - 60):match.start()]):
                continue
            score = {"methods": 4.0, "discussion": 0.8}.get(sentence.kind, 3.0) + _RANDOMISED_BONUS
            candidates.append((score, order, value, sentence.text))
            order += 1
        for match in _NOUN_COUNT.finditer(text):
            mid_words = [w.rstrip(",") for w in match.group("mid").split()]  # ("121 young, active adults")
            if any(_MID_STOP.match(w) for w in mid_words):
                continue
            value = _int_value(match.group("num"))
            if value is None or value < 2:
                continue
            before = text[max(0, match.start() - 60):match.start()]
            after = text[match.end():match.end() + 60]
            # ("…, soit 300 participants", "…, 1805 children in all": after its parts)
            restating = _SOIT_BEFORE.search(before) or _TOTAL_AFTER.search(after)
            parts = _restated_parts(text, match.start(), value) if restating else None
            if ((_BAD_BEFORE.search(before)
                 and not (parts or _restates_a_total(before, after) or _people_of_the_studies(text, match.start())))
                    or (_BAD_CONTEXT_AFTER.search(after) and not _ENROLLED_FIRST.match(after))):
                continue
            if parts:
                # (from version 20) "Cas : 100 patients … ; témoins : 200 patients …, soit 300
                # participants": the total of the parts before it, as `_arms_total` gives one.
                candidates[:] = [c for c in candidates if not (c[3] == sentence.text and c[2] in parts)]
                candidates.append((4.5 if sentence.kind == "methods" else 3.5, order, value, sentence.text))
                order += 1
                continue
            if re.search(r"(?i:(?:âg[ée]|aged|age)\w*\s+(?:de\s+|of\s+)?$)", before):
                continue
            verb = bool(_VERB_AFTER.search(after) or _VERB_BEFORE.search(before))
            per_group = bool(_PER_GROUP_BEFORE.search(before[-30:]))
            if verb:
                score = {"methods": 4.0, "discussion": 0.8}.get(sentence.kind, 3.0)
                score += _RANDOMISED_BONUS if _RANDOMISED_AFTER.search(after) else 0.0
                score += _TOTAL_BONUS if _A_TOTAL_OF.search(before) else 0.0
            else:
                score = {"methods": 2.0, "discussion": 0.0}.get(sentence.kind, 1.0)
            if per_group:
                score = min(score, 0.5)
            if score > 0:
                candidates.append((score, order, value, sentence.text))
            order += 1
        if sentence.kind != "discussion":
            for match in _COUNT_WORDS_VERB.finditer(text):
                words = match.group("mid").split()
                value = _int_value(match.group("num"))
                if value is None or value < 2 or _BY_BEFORE.search(text, max(0, match.start() - 6), match.start()) or \
                        any(_MID_STOP.match(w) or _NOT_PEOPLE.match(w) or _NOUN_RE.fullmatch(w) for w in words):
                    continue  # (nor those doing it: "314 872 coloscopies réalisées par 136 gastro-entérologues")
                candidates.append((1.8 if sentence.kind == "methods" else 0.9, order, value, sentence.text))
                order += 1
        _arms_total(text, sentence, candidates)
    if sides:
        # (from version 22) a count of the cases or of the controls alone is not a case-control
        # study's N when both are known: "N = 1524 cas et 1760 témoins", "Cas : … (n = 1 796)"
        candidates = [c for c in candidates if c[2] not in sides]
    if not candidates:
        # "déclenchement (N = 3 062) ou attitude expectative (N = 3 044)": the groups of one
        # sentence of the methods add up to N, flagged for a person to check (counts in the
        # results may be of events).
        # (from version 23) or a table's header giving each arm's count alone: "Issue Aspirine
        # Placebo OR (IC 95%) / (n=798) (n=822)".
        in_methods = [g for g in groups if g[0]] or [g for g in groups if _ARMS_HEADER.search(g[2])]
        if in_methods and len(in_methods[0][1]) <= _MAX_GROUPS:
            _, counts, text = in_methods[0]
            flags.append(f"N is the sum of the groups' counts ({' + '.join(map(str, counts))})")
            return sum(counts), text
        if arms:
            shown = ", ".join(str(a) for a in arms[:6]) + (", …" if len(arms) > 6 else "")
            flags.append(f"only per-group counts found ({shown}): N left empty")
        return None, None
    candidates.sort(key=lambda c: (-c[0], c[1]))
    best_score, _, best_value, best_sentence = candidates[0]
    strong = [c for c in candidates if c[0] >= 3.0]
    pool = strong if best_score >= 3.0 else [c for c in candidates if c[0] == best_score]
    distinct = []
    for c in pool:
        if c[2] not in distinct:
            distinct.append(c[2])
    if len(distinct) > 1:
        others = " and ".join(str(v) for v in distinct[1:3])
        flags.append(f"two different N: {best_value} and {others} (kept {best_value})")
    return best_value, best_sentence


# ---------------------------------------------------------------------------
# Primary outcome
# ---------------------------------------------------------------------------

_PRIMARY_RE = patterns.compile(
    r"(?i:issues?\s+(?:d'int[ée]r[êe]t\s+)?(?:primaire|principale)s?|crit[èe]res?(?:\s+|')(?:(?!secondaires?\s|secondary\s)[\w']+\s+){0,3}?(?:principa(?:l|le|ux|les)|primaires?)|"
    # (from version 22 a comma may follow "primary": "In the primary, fully adjusted analysis the IRR was 0.37")
    r"primary,?\s+(?:[\w\-]+,?\s+){0,2}?(?:outcome|end[\s\-]?point|objective|analys[ie])s?(?:\s+measures?)?|"
    r"main\s+outcomes?(?:\s+measures?)?|"
    r"objectif\s+principal|r[ée]sultat\s+principal|(?:end[\s\-]?point|outcome)\s+primaire|"
    r"co[\s\-]?primary(?:\s+(?:outcome|end[\s\-]?point)s?)?|"
    r"co[\s\-]?primaires?|co[\s\-]?principa(?:l|le|ux|les)|"
    # (from version 21) the efficacy outcome, as a trial with a safety outcome beside it calls its
    # primary: "Critère principal d'efficacité : …" … "Le critère d'efficacité est survenu chez …"
    r"crit[èe]re\s+(?:de\s+jugement\s+)?d'efficacit[ée](?!\s+secondaire)|(?<!secondary\s)efficacy\s+(?:outcome|end[\s\-]?point)(?!s)|"
    r"(?<!\w)ISP(?!\w))"
    # (from version 22) notes' "Issue 1aire : survie à J30", "critère 1er", and "CJP", the critère
    # de jugement principal
    r"|(?i:(?<!\w)(?:issues?|crit[èe]res?(?:\s+de\s+jugement)?|objectifs?)\s+1(?:aire|[èe]re?)s?(?!\w))"
    r"|(?<![A-Za-z])CJP(?![A-Za-z])"
)
#: Pieces one of which every match of `_PRIMARY_RE` holds (lower case), as for the measures
#: (`_may_name_a_measure`): a sentence holding none names no primary outcome.
_PRIMARY_WORD_PIECES = ("issue", "crit", "prim", "main", "objectif", "principal", "isp", "efficacy", "cjp")


#: The main analysis or comparison named in a results sentence ("Comparaison principale, traitements
#: actifs regroupés vs placebo : OR 1,04 …", "In the main, fully adjusted analysis, … IRR 0.37",
#: "In the T2D cohort, the main analysis, … HR 4.28"): from version 21 such a sentence with an
#: effect names the primary result. (Not alone: "l'analyse principale était en intention de
#: traiter" names no outcome.)
_MAIN_RESULT = patterns.compile(
    r"(?i:(?<!\w)(?:main|principal),?\s+(?:[\w\-]+,?\s+){0,2}?(?:analys[ie]s|comparisons?)(?!\w)|"
    r"(?<!\w)(?:analyses?|comparaisons?)\s+(?:[\w\-]+\s+){0,2}?principales?(?!\w))")


#: The components of the primary outcome are not it (from version 21: "Les composantes du critère
#: principal qui portent l'effet sont l'AVC (HR 0,26 …)" … "Au total, le critère principal
#: survient chez … HR 0,77"); nor is, from version 21, an introduction's sentence about another
#: study ("the OPPTIMUM trial (Norman, Lancet 2016) found no benefit on its primary outcome").
_COMPONENTS_BEFORE = patterns.compile(r"(?i:(?:composantes?|components?|[ée]l[ée]ments?)\s+(?:du|de\s+l'|des|of\s+the|of)\s*$)")


def _names_the_primary(sentence: str) -> re.Match | None:
    """`_PRIMARY_RE.search(sentence)`, after the quick test of its pieces."""
    lowered = sentence.lower()
    if not any(piece in lowered for piece in _PRIMARY_WORD_PIECES):
        return None
    return _PRIMARY_RE.search(sentence)


#: The outcome named as such, a colon after it ("Issue : mortalité toutes causes", "Critère de
#: jugement : …", "Outcome: …"), not a secondary one (`_primary`, from version 18).
_THE_OUTCOME = patterns.compile(
    r"(?i:(?<!\w)(?<!secondary\s)(?:issue|crit[èe]re\s+de\s+jugement|outcome|end[\s\-]?point)(?=\s*:))")
_PER_PROTOCOL = patterns.compile(r"(?i:(?<!\w)per[\s\-]?proto(?:col|cole)(?!\w))")
#: The second of two primary outcomes: "For the second primary endpoint, …", "le second critère
#: principal", "deuxième co-critère principal".
_SECOND_PRIMARY = patterns.compile(r"(?i:(?<!\w)(?:second|seconde|deuxi[èe]me|2nd|2e|2[èe]me)\s+(?:co-?)?"
                                   r"(?:primary|crit[èe]re|issue|objectif|end[\s\-]?point|outcome))")


#: A common odds ratio: the measure of an ordinal ("shift") analysis of a scale, as stroke trials
#: report the modified Rankin scale ("OR commun ajusté 2,49", "common OR 1.7").
_COMMON_RATIO = patterns.compile(r"(?i:(?<![A-Za-z])OR\s+commun|common\s+(?:odds\s+ratio|OR)(?![A-Za-z])|"
                                 r"odds\s+ratio\s+commun|rapports?\s+des?\s+cotes\s+commun)")


#: (from version 23) outcomes numbered where they are named: "Deux issues primaires : (1) perte
#: sanguine ≥500 ml … ; (2) perte sanguine ≥1000 ml", the first's label, and where the results
#: give it: "Issue (1) : 14,5 % vs 14,4 %, RR 1,01 (…)".
_FIRST_NUMBER = patterns.compile(r"[\s:]*\(\s*(1|i|a)\s*\)\s")


def _numbered_result(sentences: list[_Sentence], effects: dict[int, list[_Effect]],
                     named: list) -> tuple[_Effect, str] | None:
    """The effect given after the label of the first primary outcome, when outcomes are numbered."""
    for i, keyword in named:
        first = _FIRST_NUMBER.match(sentences[i].text, keyword.end())
        if first is None:
            continue
        label = re.compile(r"(?<![\w(])\(\s*" + re.escape(first.group(1)) + r"\s*\)(?=\s*:)")
        found = _linked(sentences, effects, i, label, ("results", "other"))
        if found:
            return found
    return None


def _common_ratio_result(sentences: list[_Sentence], effects: dict[int, list[_Effect]],
                         named: list) -> tuple[_Effect, str] | None:
    """(From version 22) when a sentence naming the primary outcome says it is measured by a
    common odds ratio ("Issue primaire : distribution du mRS à 90 jours en analyse ordinale,
    exprimée en OR commun ajusté"), the first common odds ratio the results give, with its
    sentence: not the odds ratio of a cut-off of the scale (mRS 0–2) before it."""
    for i, _ in named:
        if not _COMMON_RATIO.search(sentences[i].text):
            continue
        for j, other in enumerate(sentences):
            if other.kind not in ("results", "other") or not effects.get(j):
                continue
            for match in _COMMON_RATIO.finditer(other.text):
                found = [e for e in effects[j] if e.measure == "OR" and match.start() <= e.start <= match.end()]
                if found:
                    return found[0], _joined(sentences, i, j)
        return None
    return None


#: An estimate less adjusted than another of the same sentence: crude, or adjusted for age (and
#: sex) only; and the words of a fuller adjustment.
_LESS_ADJUSTED = patterns.compile(
    r"(?i:non[\s\-]ajust\w*|unadjusted|brut\w*|crude|ajust\w*\s+(?:sur|pour)\s+l'[âa]ge(?:\s+et\s+le\s+sexe)?(?!\s*,|\s+et\s+\w)|"
    r"age[\s\-](?:and[\s\-]sex[\s\-])?adjusted|adjusted\s+for\s+age(?:\s+and\s+sex)?(?!,|\s+and\s+(?!sex)\w))")
_ADJUSTED = patterns.compile(r"(?i:ajust|adjust|multivari|propension|propensity)")


def _observational_place(primary: _Effect | None, effects: dict[int, list[_Effect]],
                         design: list[str]) -> tuple[int, int] | None:
    """Where an observational study's primary effect stands: (its sentence, its rank among that
    sentence's effects); None for a trial's, or no primary."""
    if primary is None or "rct" in design or not _STUDY_DESIGNS.intersection(design):
        return None
    for i, found in effects.items():
        at = next((k for k, effect in enumerate(found) if effect is primary), None)
        if at is not None:
            return i, at
    return None


def _more_adjusted(primary: _Effect | None, sentences: list[_Sentence], effects: dict[int, list[_Effect]],
                   design: list[str], flags: list[str]) -> _Effect | None:
    """(From version 22) an observational study's primary effect given crude or adjusted for age
    only, followed in its sentence by the same measure adjusted further, is the latter: "IRR
    ajusté sur l'âge 0,51 (IC 95% 0,32-0,82) ; après ajustement complet, IRR 0,37 (IC 95% …)".
    (From version 25) so is a ratio named adjusted after a crude difference of risks: "4,0 % vs
    8,3 % (différence -4,3 points ; IC 95% -5,0 à -3,6), soit un HR ajusté de 0,69 (…)"."""
    place = _observational_place(primary, effects, design)
    if place is None:
        return primary
    i, at = place
    text = sentences[i].text
    if primary.measure == "ARD" and not _ADJUSTED.search(text, max(0, primary.start - 40), min(len(text), primary.start + 30)):
        for later in effects[i][at + 1:]:
            window = text[max(primary.end, later.start - 40):later.start + 30]
            if later.measure in RATIO_MEASURES and later.ci_low is not None and _ADJUSTED.search(window) \
                    and not _LESS_ADJUSTED.search(window):
                flags.append("primary: the adjusted ratio after a crude difference of its sentence is taken")
                return later
        return primary
    if not _LESS_ADJUSTED.search(text, max(0, primary.start - 40), min(len(text), primary.start + 30)):
        return primary
    previous_end = primary.end
    for later in effects[i][at + 1:]:
        window = text[max(previous_end, later.start - 40):later.start + 30]
        if later.measure == primary.measure and _ADJUSTED.search(window) and not _LESS_ADJUSTED.search(window):
            flags.append("primary: the more adjusted estimate of its sentence is taken")
            return later
        previous_end = later.end
    return primary


#: (from version 25) What says an effect is the overall one, after its parts': "Au total, tous
#: modes et toutes populations confondus, … RR 1.28", "Overall, …".
_OVERALL_BEFORE = patterns.compile(
    r"(?i:(?<!\w)(?:au\s+total|globalement|dans\s+l'ensemble|overall|in\s+total|all\s+\w+\s+combined|"
    r"(?:tous|toutes)\s+[^.;]{0,40}?confondu[es]*)(?!\w))")


#: The sentences after the primary's in which its overall effect may follow (parts by mode, then by
#: population, then the whole).
_OVERALL_WITHIN = 6


def _overall_after_parts(primary: _Effect | None, source: str | None, sentences: list[_Sentence],
                         effects: dict[int, list[_Effect]], flags: list[str]) -> tuple[_Effect | None, str | None]:
    """(From version 25) a primary effect given among several of its measure in its sentence (the
    parts: modes, subgroups, doses), followed in the next sentences of its section
    (`_OVERALL_WITHIN`) by one of that measure with its interval said to be the overall, is the
    latter: "Par mode de rappel : les appels (RR 1.35 ; …), les lettres (RR 1.27 ; …) … Au total,
    tous modes confondus, … RR 1.28 (IC 95% 1.23-1.35)". Returns the effect and its source."""
    place = next((i for i, found in effects.items() if any(e is primary for e in found)), None) if primary else None
    if place is None or sum(1 for e in effects[place] if e.measure == primary.measure) < 2:
        return primary, source
    for j in range(place + 1, min(place + 1 + _OVERALL_WITHIN, len(sentences))):
        if sentences[j].section != sentences[place].section:
            break
        for effect in effects.get(j, ()):
            if effect.measure == primary.measure and effect.ci_low is not None and \
                    _OVERALL_BEFORE.search(sentences[j].text, 0, effect.start):
                flags.append("primary: the overall effect given after its parts' is taken")
                return effect, sentences[j].text
    return primary, source


#: A test for trend across categories of an exposure ("p de tendance", "p for trend").
_TREND = patterns.compile(r"(?i:tendance|trend)")


def _highest_category(primary: _Effect | None, sentences: list[_Sentence], effects: dict[int, list[_Effect]],
                      design: list[str], flags: list[str]) -> _Effect | None:
    """(From version 23) an observational study's primary effect given for the first of rising
    categories of exposure, tested for trend in the same sentence, is the last category's (the
    extreme against the reference, as such studies report it): "RR 1.29 (…) pour 5-6
    portions/semaine, RR 1.45 (…) pour 1 portion/jour et RR 1.85 (…) pour ≥2 portions/jour (p de
    tendance = 0.002)"."""
    place = _observational_place(primary, effects, design)
    if place is None:
        return primary
    i, at = place
    same = [effect for effect in effects[i][at:] if effect.measure == primary.measure]
    if len(same) >= 3 and same[-1].ci_low is not None and _TREND.search(sentences[i].text, same[-1].end):
        flags.append("primary: the highest category of exposure, tested for trend, is taken")
        return same[-1]
    return primary


def _names_the_second_primary(sentence: str, keyword: re.Match) -> bool:
    """Whether the words naming the primary outcome (`keyword`) name the second of two."""
    return _SECOND_PRIMARY.search(sentence, max(0, keyword.start() - 30), keyword.end()) is not None


_SECONDARY_RE = patterns.compile(r"(?i:secondaire|secondary|(?<!\w)2aires?(?!\w)|s[ée]curit[ée]|safety|tol[ée]rance|"
                               r"sous[\s\-]groupe|subgroup)")
_OPENS_ON_EFFECT = patterns.compile(
    r"(?i:[\s(\[,:;\-]*(?:(?:le|la|l'|les|un|une|the|a|an|soit|ce\s+qui|which|this|that|cela|ceci|il|it|"
    r"correspond\w*|donne\w*|gives?|giving|avec|with|for|pour|at|et|and|ainsi|thus|overall|globalement|"
    r"c'est-à-dire|i\.e\.|à|to|de|of|was|were|is|était|est|ajust[ée]e?|adjusted|global|overall|"
    r"respectivement|respectively|apr[èe]s|after|ajustement|adjustment|au\s+total|in\s+total|"
    r"il\s+y\s+a(?:vait)?(?:\s+eu)?|there\s+(?:was|were|is)|on\s+(?:observe|note|retrouve)\w*|"
    r"we\s+(?:observed|found)|"
    # the risk restated as a percentage, the test's conclusion: "Le risque était réduit de 63 % : HR …",
    # "the risk was 27% lower", "La non-infériorité puis la supériorité étaient démontrées : HR …"
    r"risque|risks?|taux|rates?|incidences?|nombre|number|fr[ée]quence|frequency|d'|"
    r"r[ée]dui\w*|r[ée]duction|reduction|diminu\w*|baisse|abaiss\w*|augment\w*|accru\w*|reduced|lowered|decreased|"
    r"increased|increase|decrease|"
    # (from version 18) the compared arms as a label, "Traitement actif vs placebo : OR …", and a
    # route of the same drug, "pour la voie SC (rapport de taux …)"
    r"(?:[^\W\d_][\w'\-]*\s+){0,3}(?:vs\.?|versus|contre)\s+[^\W\d_][\w'\-]*(?:\s+[^\W\d_][\w'\-]*){0,2}"
    r"(?=[\s(\[,:;\-]*$)|"
    r"(?:voie|route)\s+(?:\w+\s*)?(?:orale|oral|IV|SC|IM|intraveineuse|intravenous|sous-cutan[ée]e|subcutaneous)|"
    # the arm's effect said first: "Le rFVIII était associé à une incidence plus élevée de 87 % : HR …"
    r"associ[ée]e?s?|associated|[ée]lev[ée]e?s?|plus|"
    r"lower|higher|by|par|\d+(?:[.,]\d+)?\s*%|puis|then|non[\s\-]?inf[ée]riorit[ée]|non[\s\-]?inferiority|"
    r"sup[ée]riorit[ée]|superiority|d[ée]montr[ée]e?s?|shown|established|[ée]taient|are|"
    # (from version 21) the arm compared with, said first: "Compared with the control diet, the hazard
    # ratio was 0.69 …", "Par rapport au placebo, le HR était …"
    r"(?:compared\s+(?:with|to)|par\s+rapport\s+(?:au|à\s+la|à\s+l'|aux)|compar[ée]e?s?\s+(?:au|à\s+la|à\s+l'|aux))"
    r"\s*[^\d,;:.()]{1,40}?(?=,)|"
    # the dose of a multi-dose trial: "Pour la dose de 5 mg, la différence …", "At the 10-mg dose, …"
    r"(?:dose|posologie)(?:\s+(?:de|of))?\s+\d+(?:[.,]\d+)?\s*(?:mg|µg|mcg|g|mL|ml|UI|IU)|"
    r"\d+(?:[.,]\d+)?[\s\-]*(?:mg|µg|mcg|g|mL|ml|UI|IU)(?:\s+(?:dose|group|arm|groupe|bras))?)[\s(\[,:;\-]*){0,12})"
)
_MAX_NAMED = 50
MAX_SECONDARY = 200
_KIND_RANK = {"results": 0, "other": 1, "methods": 2, "discussion": 3, "intro": 4}


_LEAD_IN = patterns.compile(
    r"(?i:^\s*(?:parmi|among|concernant|regarding|pour|for|en\s+ce\s+qui|quant|s'agissant|de\s+m[êe]me|also|"
    r"par\s+ailleurs|moreover|in\s+addition|de\s+plus|en\s+outre|enfin|finally|notons|on\s+note|as\s+for|"
    r"with\s+regard|[àa]\s+noter)(?!\w))"
)
_LABEL_STOP = {"de", "d'un", "d'une", "avec", "with", "a", "an", "un", "une", "par", "et", "and", "was", "were",
               "était", "étaient", "of", "the", "le", "la", "les", "soit", "in", "chez", "dans", "du", "des", "to",
               "à", "en", "vs", "vs.", "versus", "contre", "entre", "between", "for", "pour", "sur", "on"}
#: Statistics' own tokens, never what an effect is about ("p <", "%", "CI" were labels).
_LABEL_NOISE = {"p", "ci", "ic", "ns", "n.s.", "vs", "vs.", "versus"}


def _label(sentence: str, effect: _Effect) -> str:
    """A few words naming what an effect is about, from the start of its clause; when that clause
    names nothing (it starts inside the effect's bracket), the words before the bracket."""
    prefix = sentence[max(0, effect.start - 300):effect.start]
    prefix = re.split(r"[;:]", prefix)[-1]
    for _ in range(3):
        prefix = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", prefix)
    prefix = re.sub(r"[()\[\]]", " ", prefix)
    chunks = [c for c in prefix.split(",") if c.strip()]
    while len(chunks) > 1 and _LEAD_IN.match(chunks[0]):
        chunks.pop(0)
    words = []
    for word in " ".join(chunks).split():
        if re.search(r"\d", word):
            if words:
                break
            continue
        if not any(c.isalpha() for c in word) or word.lower().strip(",;.") in _LABEL_NOISE:
            continue
        words.append(word)
        if len(words) == 6:
            break
    while words and words[-1].lower().strip(",;.") in _LABEL_STOP:
        words.pop()
    label = " ".join(words).strip(" ,;:.-\u2013")
    return label[:60] or _before_bracket(sentence[max(0, effect.start - 300):effect.start]) or effect.measure


def _before_bracket(prefix: str) -> str:
    """The last words (up to six, from the clause's last , ; or :) before the bracket an effect
    stands in: "les aggravations de l'insuffisance cardiaque (11,8 % vs 14,5 % ; HR 0,79…)";
    "" when it stands in none, or nothing but numbers and small words come before it."""
    depth = 0
    for at in range(len(prefix) - 1, -1, -1):
        char = prefix[at]
        if char in ")]":
            depth += 1
        elif char in "([":
            if depth == 0:
                break
            depth -= 1
    else:
        return ""
    clause = re.split(r"[;:,]", prefix[:at])[-1]
    words = [w for w in clause.split() if any(c.isalpha() for c in w) and not re.search(r"\d", w)][-6:]
    while words and words[0].lower() in _LABEL_STOP:
        words.pop(0)
    return " ".join(words).strip(" ,;:.-\u2013")[:60]


def _primary(
    sentences: list[_Sentence], effects: dict[int, list[_Effect]], flags: list[str], design: list[str],
) -> tuple[_Effect | None, str | None]:
    """The primary effect and its source. The `design` read says whether the study is a trial
    (randomised) or, from version 20, a study of another design (a cohort, a case-control study,
    a meta-analysis), which has the first effect of its results as primary when the outcome it
    names is not found there."""
    trial = "rct" in design
    study = not trial and bool(_STUDY_DESIGNS.intersection(design))
    named = [(i, m) for i, s in enumerate(sentences)
             if (m := _names_the_primary(s.text) or (_MAIN_RESULT.search(s.text) if effects.get(i) else None))
             and not _COMPONENTS_BEFORE.search(s.text, max(0, m.start() - 40), m.start())
             and not (s.kind == "intro" and _about_other_study(s.text))]
    if not named and any(effects.values()):
        # (from version 18) A study naming its one outcome without calling it primary ("Issue :
        # mortalité toutes causes", "Outcome: …", as a cohort does): that outcome is taken.
        named = [(i, m) for i, s in enumerate(sentences) if s.kind == "methods" and (m := _THE_OUTCOME.search(s.text))]
        if named:
            flags.append("no outcome is called primary: the one the methods name is taken as it")
    if not named:
        if any(effects.values()):
            first = None if trial or _names_any_secondary(sentences) else _first_result(sentences, effects)
            if first is not None:
                flags.append("no outcome is named: the first effect the results give with its interval is taken as primary")
                return first
            flags.append("no sentence names the primary outcome: every effect listed as secondary")
        return None, None
    # (from version 22) of two primary outcomes, the first: a sentence about "the second primary
    # endpoint" comes after every other naming the primary
    second = {i for i, keyword in named if _names_the_second_primary(sentences[i].text, keyword)}
    named.sort(key=lambda item: (item[0] in second, _KIND_RANK.get(sentences[item[0]].kind, 1), item[0]))
    named = named[:_MAX_NAMED]
    # In the order above, the effect of a sentence naming the outcome, or (from version 12: the
    # first result is the primary one, a later sentence naming it is often another comparison)
    # the effect opening the next sentence.
    for i, keyword in named:
        here = effects.get(i, [])
        if here and i in second and len(second) < len(named):
            continue  # (the first primary outcome's effect is looked for by its name below)
        if here:
            after = _in_full([e for e in here if e.start >= keyword.start()], sentences[i].text)
            chosen = after[0] if after else here[-1]
            if chosen.ci_low is None and chosen.p is None:
                # (from version 23) "risque relatif 0,57 ; différence absolue de risque -3,5 points
                # (IC 95% -7,3 à 0,3 ; p=0,072)": the sentence's next effect, stated with its interval
                fuller = next((e for e in after[1:] if e.ci_low is not None), None)
                if fuller is not None and not _SECONDARY_RE.search(sentences[i].text, chosen.end, fuller.start):
                    return fuller, sentences[i].text
                # "… soit une réduction relative du risque de 30 %. HR 0,70 ; IC 95 % 0,59 à 0,82":
                # a percentage or a bare difference, which the next sentence states in full.
                stated = _opening_effect(sentences, effects, i)
                if stated is not None and (stated[0].ci_low is not None or stated[0].p is not None):
                    return stated[0], _joined(sentences, i, stated[1])
            return chosen, sentences[i].text
        opening = _opening_effect(sentences, effects, i)
        if opening is not None:
            return opening[0], _joined(sentences, i, opening[1])
    numbered = _numbered_result(sentences, effects, named)
    if numbered is not None:
        flags.append("primary effect found by the number of the first primary outcome, not in its own sentence")
        return numbered
    common = _common_ratio_result(sentences, effects, named)
    if common is not None:
        flags.append("primary effect found as the results' first common odds ratio, the measure its outcome names")
        return common
    secondaries = _secondary_names(sentences)
    for i, keyword in named:
        name = _outcome_name(sentences[i].text, keyword.end())
        if not name:
            continue
        # (from version 20, each word in the singular or the plural: "grossesse" … "15 grossesses")
        forms = [r"\s+".join(re.escape(word) + ("" if word[-1:] in "sxSX" else "s?") for word in name.split())]
        forms += map(re.escape, OUTCOME_NAME_FAMILIES.get(name.lower(), ()))  # overall survival: décès
        pattern = re.compile(r"(?i)(?<!\w)(?:" + "|".join(forms) + r")(?!\w)")
        for j, other in enumerate(sentences):
            if j == i or other.kind == "intro" or not _effect_near(sentences, effects, j):
                continue  # (neither it nor the two next sentences state an effect: `_opening_effect`)
            found = pattern.search(other.text)
            if not found or _names_a_secondary(other.text, found.end(), secondaries, name):
                continue
            if effects.get(j):
                after = _stated_at(effects[j], found.start(), other.text)
                chosen = after[0] if after else effects[j][-1]
                if _about_another(other.text, chosen.start):
                    continue
                flags.append(f"primary effect found by the outcome's name ({name}), not in its own sentence")
                return chosen, sentences[i].text + " " + other.text
            if _about_another(other.text, len(other.text)):
                continue
            opening = _opening_effect(sentences, effects, j)  # "Succès chez 272 (…). La différence…"
            if opening is not None:
                flags.append(f"primary effect found by the outcome's name ({name}), not in its own sentence")
                return opening[0], _joined(sentences, i, j, opening[1])
    # "Primary endpoint: progression-free survival (PFS)" ... "Median PFS was ... (HR 0.50 ...)": the
    # outcome's short name; then "Critère principal : diagnostic d'autisme" ... "Le risque d'autisme ...
    # [HR ...]": a distinctive word of the name, in the results only, with the effect after it.
    for i, keyword in named:
        abbreviation = _outcome_abbreviation(sentences[i].text, keyword.end())
        if not abbreviation:
            continue
        found = _linked(sentences, effects, i, re.compile(r"(?<![\w\-])" + re.escape(abbreviation) + r"(?![\w\-])"),
                        ("results", "other", "discussion"))
        if found:
            flags.append(f"primary effect found by the outcome's short name ({abbreviation}), "
                         "not in its own sentence")
            return found
    described = [(i, _outcome_words(sentences[i].text, keyword.end()), _outcome_clause(sentences[i].text, keyword.end()) or "")
                 for i, keyword in named]
    # (from version 20) a review whose results stand under a heading mia does not read ("Ce
    # qu'elle montre") has no results section: its other sections are searched instead
    results_kinds = ("results",) if any(s.kind == "results" for s in sentences) else ("methods", "other")
    for which in (0, 1):  # the name's words first, then those of the rest of its clause
        for i, words_of, clause in described:
            words = words_of[which]
            if not words:
                continue
            found = _linked(sentences, effects, i, _words_pattern(words), results_kinds, clause)
            if found:
                flags.append(f"primary effect found by a word of the outcome's {('name', 'description')[which]} "
                             f"({', '.join(words)}), not in its own sentence")
                return found
    first = _first_result(sentences, effects) if study else None
    if first is not None:
        # (from version 20) a study that is not a trial, whose outcome the results do not name in
        # the review's words ("Critère principal : abstinence au plus long suivi" … a table of
        # comparisons, "Varénicline dose standard vs placebo RR 2,24 (IC 2,06–2,43)"): as when it
        # names none, the first effect its results give with an interval.
        flags.append("the primary outcome is not named in the results: the first effect they give with its "
                     "interval is taken as primary")
        return first
    flags.append("primary outcome sentence has no effect measure")
    return None, None


#: An outcome measured on a scale, not counted: its absolute difference is a mean difference
#: ("critère principal : la variation de l'HbA1c …" … "différence absolue de -0,15 point").
_NAME_IN_BRACKETS = patterns.compile(r"\s*\(([^()]{1,40})\)")
_CONTINUOUS_OUTCOME = patterns.compile(
    r"(?i:(?:the\s+|a\s+|la\s+|le\s+|l'|une?\s+)?(?:(?:mean|moyenne|percentage|percent|relative|absolute|"
    r"pourcentage\s+de|pourcentage\s+d')\s*)?(?:variation|change|changes|"
    r"évolution|evolution|modification|score|mean|moyenne|level|niveau|taux\s+(?:d'|de\s+)(?:hba1c|hémoglobine))\b"
    # (from version 21) "évolution défavorable" is a clinical outcome (failure, relapse, death), counted
    r"(?!\s+(?:d[ée])?favorables?))"
)


def _names_any_secondary(sentences: list[_Sentence]) -> bool:
    """Whether the methods or the results name a secondary outcome ("Issue secondaire :", "Among
    secondary outcomes, …"): the study then has a primary one, which the review does not name."""
    return any(_SECONDARY_OUTCOME.search(sentence.text) for sentence in sentences
               if sentence.kind in ("methods", "results"))


def _first_result(sentences: list[_Sentence], effects: dict[int, list[_Effect]]) -> "tuple[_Effect, str] | None":
    """The first effect of the results stated with its interval, in a sentence about this study
    and not about a secondary outcome or a subgroup: the main result of a study that is not a
    trial and names no outcome, not even a secondary one ("Étude cas-témoins nichée … Une exposition aux IPP de plus d'un an était associée à
    une augmentation du risque de fracture de hanche : OR ajusté 1,44 (IC 95 % 1,30-1,59)"; from
    version 19)."""
    for i, sentence in enumerate(sentences):
        if sentence.kind != "results":
            continue
        for effect in effects.get(i, []):
            if (effect.ci_low is not None and not _about_another(sentence.text, effect.start)
                    and not _one_of_a_range(sentence.text, effect)):
                return effect, sentence.text
            break  # (only a sentence's first effect)
    return None


def _continuous_primary(sentences: list[_Sentence]) -> bool:
    """Whether the first sentence naming the primary outcome names a change or a score (from
    version 17, an introduction's only if no other names it: "TULIP-1 : critère principal (SRI-4)
    non atteint" is about an earlier trial)."""
    named = [(sentence, found) for sentence in sentences if (found := _names_the_primary(sentence.text))]
    if not named:
        return False
    sentence, found = min(named, key=lambda item: (item[0].kind == "intro", item[0].index))
    clause = _outcome_clause(sentence.text, found.end())
    # (from version 19 also a name in brackets after the words: "Critère principal (variation du
    # poids) : -14,9 % vs -2,4 % ; différence de -12,4 points de pourcentage (IC 95 % …)")
    bracket = _NAME_IN_BRACKETS.match(sentence.text, found.end())
    return bool((clause and _CONTINUOUS_OUTCOME.match(clause))
                or (bracket and _CONTINUOUS_OUTCOME.match(bracket.group(1))))


def _opening_effect(sentences, effects, i) -> "tuple[_Effect, int] | None":
    """The effect opening the sentence after sentence `i`, in the same section ("…22 % vs 44 %.
    Le HR était de 0,41 (…)"), and that sentence's index; a sentence about something else ("Les
    infections étaient plus fréquentes (RR …)") or a secondary outcome is not taken. From version
    12 a sentence going on about the same outcome without an effect may come between ("Le critère
    principal a pu être évalué chez 1 869 enfants. Il est survenu chez 377 (40,2 %) contre 431. L'OR
    ajusté était de 0,77 …")."""
    j = _past_table_rows(sentences, effects, i + 1)
    if (j + 1 < len(sentences) and not effects.get(j) and sentences[j].section == sentences[i].section
            and (_GOES_ON.match(sentences[j].text) or _STATES_ARMS.search(sentences[j].text))):
        j = _past_table_rows(sentences, effects, j + 1)
    if j >= len(sentences) or sentences[j].section != sentences[i].section or not effects.get(j):
        return None
    following = sentences[j].text
    prefix = following[:effects[j][0].start]
    if _SECONDARY_RE.search(prefix):
        return None
    if _GOES_ON.match(following) and (effects[j][0].ci_low is not None or effects[j][0].p is not None):
        # (from version 17: "La PAS moyenne initiale était de 152,8 mmHg … À 6 mois, elle a diminué de
        # 27,0 mmHg vs 9,3 mmHg, soit une différence de -21,6 mmHg (IC95 % …)")
        return effects[j][0], j
    if not (_OPENS_ON_EFFECT.fullmatch(prefix) or _names_only_arms(prefix, sentences[i].text)
            or _OPENS_ON_EFFECT.fullmatch(_without_arms(prefix, sentences[i].text))
            or _restates_arms(prefix)):
        return None
    return effects[j][0], j


#: What ties the effect to the arms' values before it: "…, soit", "i.e.", "ce qui donne".
_THAT_IS = patterns.compile(r"(?i:(?<!\w)(?:soit|i\.e\.|that\s+is|ce\s+qui\s+(?:donne|correspond)\w*|"
                            r"corresponding\s+to|giving)(?!\w))")


def _restates_arms(prefix: str) -> bool:
    """(From version 23) whether the words before the effect give the arms' values, then the effect
    as what they amount to: "Taux d'incidence : 2,0 vs 4,8 évènements pour 100 années-patients,
    soit un rapport des taux d'incidence de 0,41 (IC …)" after the sentence naming the outcome."""
    arms = _STATES_ARMS.search(prefix)
    if arms is None or not _OPENS_ON_EFFECT.fullmatch(prefix[:arms.start()].rstrip("0123456789.,")):
        return False  # (the values of another outcome: "Infections : 2,0 vs 4,8 …, soit …")
    tie = None
    for tie in _THAT_IS.finditer(prefix, arms.end()):
        pass
    return tie is not None and _OPENS_ON_EFFECT.fullmatch(prefix, tie.start()) is not None


#: A sentence giving the compared arms' values, a number on each side of the comparison ("la
#: réduction était de 3,7 jours sous erenumab … contre 1,8 jour sous placebo"): from version 18 it
#: may stand between the outcome's sentence and the one opening on the effect, as a sentence
#: going on about the outcome does.
_STATES_ARMS = patterns.compile(r"(?i:\d[^.;]*?\s(?:vs\.?|versus|contre|compared\s+with|against)\s[^.;]*?\d)")
#: A sentence going on about what the one before said (its subject a pronoun): "Il est survenu
#: chez …", "It occurred in …"; from version 19 also the score or the outcome itself ("At 18
#: months, the score had worsened by 1.21 points … : difference -0.45 (95% CI …)").
_GOES_ON = patterns.compile(r"(?i:\s*(?:(?:à|a|at|after|apr[èe]s)\s+\d+\s+\w+\s*,\s*)?"
                            r"(?:il|elle|ils|elles|it|they|this|celui-ci|celle-ci|ce\s+crit[èe]re|"
                            r"(?:le|ce|the|this)\s+(?:score|primary\s+(?:outcome|end\s*point)|crit[èe]re\s+principal))\s)")


def _effect_near(sentences, effects, j: int) -> bool:
    """Whether sentence `j` or one of the two after it (a table's rows aside) states an effect:
    where `_opening_effect` may find one."""
    after = _past_table_rows(sentences, effects, j + 1)
    return bool(effects.get(j) or effects.get(after) or effects.get(_past_table_rows(sentences, effects, after + 1)))


def _past_table_rows(sentences, effects, j: int) -> int:
    """`j`, or (from version 20) the first sentence after the rows of a table that start there
    and state no effect: under "Incident HIV infection occurred in 52 participants:", the rows
    "Arm    Infections    Incidence per 100 person-years", "Cabotegravir    13    0.41" come
    before the sentence giving the effect ("Hazard ratio … 0.34 (95% CI 0.18 to 0.62)")."""
    start = j
    while (j < len(sentences) and sentences[j].section == sentences[start - 1].section
           and not effects.get(j) and len(_CELL_GAP.split(sentences[j].text.strip())) >= 3):
        j += 1
    return j


def _joined(sentences, *indexes: int) -> str:
    """The text of the sentences at `indexes` (in order, each once): a primary effect's source."""
    return " ".join(sentences[k].text for k in sorted(set(indexes)))


_CONTENT_WORD = patterns.compile(r"[^\W\d_]{4,}")


def _names_only_arms(prefix: str, naming: str) -> bool:
    """Whether the words before the next sentence's effect all come from the sentence naming the
    outcome ("… 81 % sous tamsulosine et 80 % sous nifédipine. Ni la tamsulosine (OR 1,04 …)":
    the arm it compared), so that the effect is that outcome's, not another's ("Les infections
    étaient plus fréquentes (RR …)")."""
    words = {w.casefold() for w in _CONTENT_WORD.findall(_MEASURE_RE.sub(" ", prefix))}  # ("odds ratio OR")
    return len(prefix) <= _ARM_PREFIX and words <= {w.casefold() for w in _CONTENT_WORD.findall(naming)}


def _without_arms(prefix: str, naming: str) -> str:
    """`prefix` less the words of the sentence naming the outcome (the arms compared), from
    version 17: "… 29 sous pdFVIII vs 47 sous rFVIII. Le rFVIII était associé à une incidence plus
    élevée de 87 % : HR 1,87 …" (what is left must open an effect: `_OPENS_ON_EFFECT`)."""
    named = {w.casefold() for w in _CONTENT_WORD.findall(naming)}
    return _CONTENT_WORD.sub(lambda m: " " if m.group().casefold() in named else m.group(), prefix)


#: The most characters before an effect that only names the compared arms.
_ARM_PREFIX = 60


_NAME_START = patterns.compile(
    # (from version 17, a participle may come first: "le critère principal retenu par les auteurs
    # était …", "the primary outcome chosen by the investigators was …")
    r"(?i:\s*(?:\([^()]{0,40}\)\s*)?(?:(?:d'|de\s+l')efficacit[ée]\s*|(?:of|for)\s+efficacy\s*)?"
    # (from version 19, a time frame: "Critère principal à 12 mois :", "primary outcome at day 28 was")
    r"(?:(?:[àa]|at|au)\s+(?:\d+\s*(?:jours?|semaines?|mois|ans?|ann[ée]es?|days?|weeks?|months?|years?|heures?|"
    r"hours?|h)|[JD]\s?\d+|(?:jour|semaine|mois|day|week|month)\s+\d+)\s*)?"
    # ("critère de jugement principal d'efficacité : AVC ou embolie systémique", from version 17)
    r"(?:(?:retenue?|choisie?|s[ée]lectionn[ée]e?|pr[ée]-?sp[ée]cifi[ée]e?|pr[ée]d[ée]finie?|"
    r"chosen|selected|pre-?specified)(?:\s+(?:par|by)\s+(?:les|the)\s+\w+)?\s+)?"
    # (from version 21, whom or how it is assessed, between commas: "Primary endpoint, in
    # participants aged 4 to 17: proportion who tolerated …")
    r"(?:,\s+[^,:;.()\d]{0,40}(?:\d+[^,:;.()\d]{0,20}){0,2}(?=:))?"
    # (from version 22, the analysis it is of, before a colon: "Critère principal de l'analyse à 7
    # ans : survie du patient et du greffon", "Primary outcome of the extension study: …")
    r"(?:(?:de\s+l'|du\s+|de\s+la\s+|of\s+the\s+)(?:analyse|suivi|extension|phase|analysis|follow-up|extension)"
    r"[^,:;.()]{0,30}(?=:))?"
    r"(?:was|were|is|[ée]tait|est|[ée]taient|[ée]tant|:|=|\u2013|-)\s*(?:(?:defined\s+as|d[ée]fini[e]?\s+comme|"
    r"the|a|an|un|une|le|la|les)\s+|l')?)"
)
#: The first word after "critère principal … est" in a sentence that reports the outcome instead of
#: naming it ("est survenu chez", "n'a pas été atteint", "was significantly reduced", "was similar").
#: (Participles only: "survenue d'une infection", "réduction de l'HbA1c" name an outcome.)
_REPORTS_THE_OUTCOME = patterns.compile(
    r"(?i:(?:survenus?|occurred|observ[ée]e?s?|observed|atteints?|reached|significativ\w*|significant\w*|plus|moins|"
    r"lower|higher|r[ée]duite?s?|reduced|diminu[ée]e?s?|decreased|augment[ée]e?s?|increased|similaires?|similar|"
    r"comparables?|identiques?|not|pas|"
    # (from version 21) "data on the primary outcome were available for 937 …", "a pu être évalué chez …"
    r"available|disponibles?|[ée]valu[ée]e?s?|assessed|analys[ée]e?s?|analy[sz]ed|recorded|recueillie?s?|"
    r"missing|manquante?s?)(?![\w-])|non(?![\w-]))")
_NAME_WORD_STOP = patterns.compile(
    r"(?i:^(?:survenu\w*|occur\w*|observ\w*|atteint\w*|reach\w*|significativ\w*|significant\w*|plus|moins|lower|"
    r"higher|r[ée]dui\w*|reduc\w*|diminu\w*|augment\w*|similaire\w*|similar|comparable\w*|identique\w*|non|not|pas|"
    r"de|des|du|of|the|et|and|en|in|à|a|au|chez|dans|with|avec|sur|on|pour|for|calcul\w*|mesur\w*|measur\w*)$)"
)


_ABBREVIATION = patterns.compile(r"[(\[]\s*([A-Za-z][A-Za-z0-9\-]{1,11})\s*[)\]]")
_NOT_AN_ABBREVIATION = patterns.compile(r"(?:a?HRa?|a?ORa?|a?RRa?|a?IRRa?|W?MD|ARD|IC|CI|ITT|PP|NS|ECR|RCT|ISP)")
_GENERIC_WORDS = {
    "toutes", "causes", "cause", "taux", "risque", "risques", "nombre", "score", "délai", "delai", "survenue",
    "incidence", "proportion", "patients", "patient", "jours", "semaines", "années", "heures", "groupe",
    "groupes", "pendant", "entre", "après", "apres", "avant", "depuis", "durant", "comparé", "comparée", "moins",
    "critère", "critères", "composite", "global", "globale", "total", "totale", "analysé", "analysée", "mesuré",
    "mesurée", "évalué", "évaluée", "défini", "définie", "premier", "première", "nouvel", "nouvelle", "during",
    "between", "after", "before", "within", "among", "other", "first", "composite", "number", "rates", "defined",
    "measured", "assessed", "primary", "secondary", "principal", "principale", "secondaire", "échelle", "scale",
    "months", "years", "weeks", "hours", "change", "changement", "variation", "survie", "survival", "overall",
    "évènement", "évènements", "événement", "événements", "event", "events", "chaque", "ayant", "selon",
    "dans", "avec", "pour", "chez", "sans", "sous", "plus", "mois", "jour", "with", "from", "over", "than",
    "into", "each", "both", "days", "year", "week", "time", "rate", "risk", "cette", "leur", "their", "that",
    "this", "were", "était", "sont", "been", "have", "type", "grade", "stade", "stage", "level", "niveau",
    # the time frame ("entre l'inclusion et la semaine 40", "from baseline to week 52")
    "inclusion", "baseline", "randomisation", "randomization", "semaine", "month", "suivi", "follow",
}


#: The most words a heading naming the primary outcome holds ("Critère de jugement principal"),
#: and the most characters.
_RUN_IN_WORDS = 5
_RUN_IN_CHARACTERS = 60
#: The capital opening an outcome's name run into its heading (case-sensitive).
_RUN_IN_NAME = patterns.compile(r"[ \u00a0]+(?=[A-ZÀ-ÖØ-Þ])")


def _name_start(sentence: str, start: int) -> int | None:
    """Where the outcome's name begins after the words naming the primary outcome (which end
    at `start`): after "est", "was", a colon… (`_NAME_START`); or, from version 20, right after
    them when they are a heading run into the line under it ("Critère de jugement principal Échec
    du traitement, défini par …", "Main outcome Ventilator-free days to day 28": a heading line
    without a colon, which the text's lines join to its first line), the name opening with a
    capital."""
    lead = _NAME_START.match(sentence, start)
    if lead and lead.group().strip(" \u00a0"):
        return lead.end()
    run_in = _RUN_IN_NAME.match(sentence, start)
    if run_in and len(sentence[:start].split()) <= _RUN_IN_WORDS and sentence[:1].isupper():
        return run_in.end()
    return None


def _is_primary_heading(text: str) -> bool:
    """Whether `text` is a heading naming the primary outcome and nothing else ("Critère de
    jugement principal", "Main outcome measure :")."""
    if len(text) > _RUN_IN_CHARACTERS or len(text.split()) > _RUN_IN_WORDS:
        return False  # (most sentences: no need to look for the words)
    named = _names_the_primary(text)
    return (named is not None and not text[:named.start()].strip()
            and not text[named.end():].strip(" :\u00a0"))


def _headings_run_in(heading: str, pieces: list[str]) -> list[str]:
    """A section's sentences (`pieces`), each heading naming the primary outcome that stands alone
    (a line of its own, or the section's heading: "## Main outcome") run into the sentence after
    it, as a heading line of a PDF's text is ("Main outcome Ventilator-free days to day 28"), so
    that `_name_start` reads the name after it (from version 20)."""
    if pieces and _is_primary_heading(heading.strip()) and not _names_the_primary(pieces[0]):
        pieces = [f"{heading.strip()} {pieces[0]}"] + pieces[1:]
    joined: list[str] = []
    for piece in pieces:
        if joined and _is_primary_heading(joined[-1]):
            joined[-1] = f"{joined[-1]} {piece}"
        else:
            joined.append(piece)
    return joined


def _outcome_clause(sentence: str, start: int) -> str | None:
    begin = _name_start(sentence, start)
    if begin is None:
        return _name_before(sentence, start)
    return re.split(r"[.;]\s|[.;]$", sentence[begin:begin + 160])[0]


#: The outcome's name before the words calling it primary, a verb between them ("Le CEC, cancer le
#: plus photo-induit, était l'issue d'intérêt principale.", "Death at 90 days was the primary
#: outcome."): read from version 21 where nothing follows those words.
_NAME_BEFORE = patterns.compile(
    r"(?i:^\s*(?P<name>[^;:]{3,160}?),?\s+(?:[ée]tait|est|[ée]taient|sont|constitu\w+|is|was|were|served\s+as)\s+"
    r"(?:l'|le\s+|la\s+|les\s+|the\s+|an?\s+|un\s+|une\s+|notre\s+|our\s+|leur\s+|their\s+)?)")
#: The most words between that verb and the end of the words calling the outcome primary.
_NAME_BEFORE_GAP = 6


def _name_before(sentence: str, start: int) -> str | None:
    """The name standing before the verb, when the words calling it primary end the sentence at
    `start` (`_NAME_BEFORE`), or None."""
    if sentence[start:].strip(" .;:!)\u00a0"):
        return None
    match = _NAME_BEFORE.match(sentence)
    if match is None or match.end() > start or len(sentence[match.end():start].split()) > _NAME_BEFORE_GAP:
        return None
    return match.group("name")


def _outcome_abbreviation(sentence: str, start: int) -> str | None:
    """The short name in brackets in "primary outcome: progression-free survival (PFS)"."""
    clause = _outcome_clause(sentence, start)
    if not clause:
        return None
    for match in _ABBREVIATION.finditer(clause):
        word = match.group(1)
        if clause.count("(", 0, match.start()) > clause.count(")", 0, match.start()):
            continue  # (from version 22) a component's, inside the outcome's list: "(FA, TSV (TSV), …)"
        if sum(c.isupper() for c in word) >= 2 and not _NOT_AN_ABBREVIATION.fullmatch(word):
            return word
    return None


#: A word written as an acronym: two capitals or more, or letters and digits ("PAS", "EQ-5D", "HbA1c").
_ACRONYM_WORD = patterns.compile(r"(?=\S*[A-Z]\S*[A-Z0-9])[A-Za-z][A-Za-z0-9\-]{1,11}")


def _outcome_words(sentence: str, start: int) -> tuple[list[str], list[str]]:
    """The distinctive words of the outcome's name (four characters or more, three with a digit,
    two in capitals; two letters at least; not generic: "HbA1c", "CD4", "AVC"), then those of the rest of its clause, which often says
    what the name means ("disability at 90 days, dichotomised as a favourable outcome")."""
    clause = _outcome_clause(sentence, start)
    if not clause or _REPORTS_THE_OUTCOME.match(clause):
        return [], []  # (from version 19: "Le critère principal est survenu chez 202 des 398 …" names nothing)
    parts = re.split(r"[,:(\[]", clause, maxsplit=1)
    name, rest = parts[0], parts[1] if len(parts) > 1 else ""
    # (from version 17, the name's acronyms wherever they stand in it: "l'état de santé à 30 jours
    # mesuré par le questionnaire EQ-5D")
    named = name.split()
    first = _distinctive_words(named[:10] + [w for w in named[10:] if _ACRONYM_WORD.fullmatch(w)], [])
    return first, _distinctive_words(rest.split()[:12], first)


#: Endings a word of an outcome's name may have where its results write another form of it
#: ("tolérant une dose ≥ 600 mg" … "ont toléré au moins 600 mg"; "hospitalisation" …
#: "hospitalisés"; "tolerated" … "tolerance"), longest first: from version 16, such a word is
#: also found by its stem, what is left without the ending (five letters at least, so that short
#: words keep their own form).
_INFLECTIONS = ("issements", "issement", "ations", "ation", "ements", "ement", "ances", "ance", "ences",
                "ence", "antes", "ante", "ants", "ant", "ités", "ité", "ities", "ity", "ions", "ion",
                "ées", "ée", "és", "é", "ing", "ed", "er", "es", "s", "e")
_MIN_STEM = 5


#: The fewest letters of an outcome's word that may also be found repeated ("ré-", "re-").
_MIN_REPEATED = 6


def _words_pattern(words: list[str]) -> re.Pattern:
    """Any of `words`, in the singular or the plural ("nouvelles fractures vertébrales" in the
    outcome's name, "une nouvelle fracture vertébrale" in the results), or (a word with a stem
    of five letters or more, see `_INFLECTIONS`) another form of it; from version 21 a word of
    six letters or more also with "ré-"/"re-" before it ("une nouvelle exacerbation" … "une
    réexacerbation", "hospitalisation" … "réhospitalisation", "admission" … "readmission")."""
    forms = []
    for word in words:
        if word.isupper():
            forms.append("(?-i:" + re.escape(word) + ")")
            continue
        stem = next((word[:-len(end)] for end in _INFLECTIONS
                     if word.endswith(end) and len(word) - len(end) >= _MIN_STEM), None)
        if stem is not None:
            forms.append(re.escape(stem) + r"\w{0,7}")
        else:
            forms.append(re.escape(word[:-1] if len(word) > 4 and word[-1] in "sx" else word) + "(?:s|es|x)?")
        if len(word) >= _MIN_REPEATED and not word.lower().startswith(("re", "ré")):
            forms[-1] = r"(?:r[ée]-?)?" + forms[-1]
    return re.compile(r"(?i)(?<!\w)(?:" + "|".join(forms) + r")(?!\w)")


def _distinctive_words(candidates: list[str], taken: list[str]) -> list[str]:
    words: list[str] = []
    for word in candidates:
        word = re.sub(r"^(?i:[dlj]')", "", word).strip(".,;:!?\"«»()[]")
        folded = word.lower()
        letters, digits = sum(c.isalpha() for c in word), sum(c.isdigit() for c in word)
        short = 3 if digits else 2 if word.isupper() else 4  # (CD4; an acronym: AVC, IDM)
        if word.isupper() and _NOT_AN_ABBREVIATION.fullmatch(word):
            continue  # (HR, IC: statistics)
        if word.isupper() and letters >= 2:
            folded = word  # (an acronym is matched in capitals: "PAS" is not the French "pas")
        if (len(word) >= short and word.replace("-", "").isalnum() and letters >= 2
                and folded.lower() not in _GENERIC_WORDS and folded not in words and folded not in taken):
            words.append(folded)
    # A word also stands for its family ("mortalité": the results say "décédés", "deaths")
    return list(dict.fromkeys(form for word in words for form in OUTCOME_FAMILIES.get(word, (word,))))


def _stated_at(effects: list[_Effect], at: int, text: str) -> list[_Effect]:
    """The effects of sentence `text` stated from offset `at` on, or around it: "une réduction
    relative de 30 % du taux d'AVC (IC 95 % …)" is the effect on AVC, its interval after the name
    (in the order of `_in_full`)."""
    return _in_full([e for e in effects if e.start >= at] or [e for e in effects if e.start < at < e.end], text)


#: The most characters between an effect and its restatement with an interval (`_in_full`).
_RESTATED_WITHIN = 60


def _in_full(stated: list[_Effect], text: str) -> list[_Effect]:
    """`stated` (effects of sentence `text`, in order), except that from version 20 a first effect
    with neither interval nor p that the same clause restates with its interval ("soit une
    différence absolue de -21,2 points et un risque relatif de 0,34 (IC 95 % 0,24–0,46)") comes
    after that restatement."""
    if len(stated) < 2 or stated[0].ci_low is not None or stated[0].p is not None:
        return stated
    first, restated = stated[0], stated[1]
    between = text[first.end:restated.start]
    if restated.ci_low is None or len(between) > _RESTATED_WITHIN or ";" in between:
        return stated
    return [restated, first] + stated[2:]


def _linked(sentences, effects, i, pattern, kinds, name: str = ""):
    """The first effect stated after ``pattern`` in a sentence of ``kinds``, other than sentence
    ``i``; or (from version 8) the effect opening the sentence after one that names it without
    an effect ("Le score MADRS baissait de 21,4 points… La différence moyenne était de -4,0 …")."""
    for kind in kinds:
        for j, other in enumerate(sentences):
            if j == i or other.kind != kind or not _effect_near(sentences, effects, j):
                continue
            found = pattern.search(other.text)
            if not found:
                continue
            after = _stated_at(effects.get(j, []), found.start(), other.text)
            if after:
                if (_about_another(other.text, after[0].start, name) or _one_of_a_range(other.text, after[0])
                        or _CONTRAST.search(other.text, 0, after[0].start)):
                    continue
                return after[0], sentences[i].text + " " + other.text
            if _about_another(other.text, len(other.text), name):
                continue
            opening = None if effects.get(j) else _opening_effect(sentences, effects, j)
            if opening is not None:
                return opening[0], _joined(sentences, i, j, opening[1])
    return None


#: (from version 23) words setting a sentence against the one before: what it found by the words
#: of the outcome's name is another outcome ("La différence sur l'issue primaire n'est pas
#: significative. La survie sans anomalie neurologique était en revanche plus fréquente (RR …)").
_CONTRAST = patterns.compile(r"(?i:(?<!\w)(?:en\s+revanche|par\s+contre|[àa]\s+l'inverse|in\s+contrast|"
                             r"by\s+contrast|conversely|on\s+the\s+other\s+hand)(?!\w))")


#: An effect that opens a range of several ("des OR allant de 2,13 (ICr 95 % 1,89–2,41) pour …
#: à 4,44 …", "HRs ranging from 0.61 to 0.83"): one comparison among many, not the trial's result.
_RANGE_OF_EFFECTS = patterns.compile(r"(?i:(?<!\w)(?:allant|variant|ranging|varying)\s+(?:de|d'|from)(?!\w))")


def _one_of_a_range(sentence: str, effect: _Effect) -> bool:
    """Whether an effect is the first of a range of effects (`_RANGE_OF_EFFECTS` just around its
    start): from version 16, an outcome's word in the results does not link the primary to it."""
    return bool(_RANGE_OF_EFFECTS.search(sentence, max(0, effect.start - 40), effect.start + 30))


def _about_another(sentence: str, at: int, name: str = "") -> bool:
    """Whether a sentence whose effect starts at offset `at` is about another study, or says a
    secondary outcome or a subgroup before that effect (from version 12 what follows the effect
    does not count: "… étaient décédés : RR 1,06 …, sans différence dans les sous-groupes" is the
    primary's; "MACE occurred in 19 % vs 32 % (secondary outcome): OR 0.30" is not). From version
    17 such a word of the outcome's own `name` does not count ("an unplanned secondary hip
    procedure" … "A secondary hip procedure occurred in 57 patients: HR 0.95 …"). From version 21
    a per-protocol population before the effect is another analysis than the main one ("Among the
    patients who started treatment (per-protocol population), relapse occurred in 52 % …: HR 0.92")."""
    own = {m.group().lower() for m in _SECONDARY_RE.finditer(name)}  # ("secondary hip procedure")
    return bool(_about_other_study(sentence)
                or any(m.group().lower() not in own for m in _SECONDARY_RE.finditer(sentence, 0, at))
                or _PER_PROTOCOL.search(sentence, 0, at))


#: What a name may start with before the outcome itself: "the rate of survival at 30 days" names
#: survival (from version 17).
_MEASURE_OF = patterns.compile(
    r"(?i:^\s*(?:rates?|taux|proportions?|incidence|risque|risk|nombre|number|percentage|pourcentage|"
    r"fr[ée]quence|frequency|"
    # (from version 21) a composite is named by what it holds: "composite de saignement mettant en jeu …"
    r"(?:crit[èe]re\s+)?composite|composite\s+(?:outcome|end[\s\-]?point))\s+(?:of\s+(?:the\s+)?|de\s+la\s+|de\s+l'|de\s+|du\s+|des\s+|d')"
    # (from version 21) a time to an event is named by the event: "délai jusqu'à une nouvelle exacerbation"
    r"|^\s*(?:d[ée]lai|temps)\s+(?:jusqu'(?:à|au|aux)|avant|de\s+survenue\s+d[e'])\s*(?:la\s+|le\s+|l'|une?\s+|les\s+)?"
    r"|^\s*time\s+to\s+(?:the\s+|a\s+)?(?:first\s+)?)")


#: The people an outcome is counted among, before what happens to them (from version 21: "the
#: proportion of patients with a major adverse kidney event" names the event, not "patients").
_PEOPLE_WITH = patterns.compile(
    r"(?i:^\s*" + _NOUN + r"\s+(?:with|who\s+\w+|having|experiencing|avec|ayant|pr[ée]sentant|qui\s+\w+|atteints?\s+d[e'])"
    r"\s*(?:(?:a|an|the|un|une|le|la|les|l'|d'|de|du|des)(?:\s+|(?<=')))?)")


#: A secondary outcome named in the methods, a colon (or was, were) after it ("Principal critère
#: secondaire : survie avec un pronostic neurologique favorable", "Secondary outcomes were …");
#: `_SECONDARY_OUTCOME`, such words anywhere.
_SECONDARY_WORDS = (r"(?i:(?<!\w)(?:(?:crit[èe]res?|objectifs?|issues?|outcomes?|end[\s\-]?points?)"
                    r"(?:\s+de\s+jugement)?\s+(?:secondaires?|2aires?)|secondary\s+(?:outcomes?|end[\s\-]?points?)))")
_SECONDARY_NAMED = patterns.compile(_SECONDARY_WORDS + r"(?i:(?:\s+(?:cl[ée]s?|principal|principaux|key))?"
                                    r"(?=\s*(?::|[ée]tai(?:t|ent)|was|were)))")
_SECONDARY_OUTCOME = patterns.compile(_SECONDARY_WORDS)


_DIGITS = patterns.compile(r"\d+")


def _secondary_names(sentences: list[_Sentence]) -> list[tuple[list[str], set[str]]]:
    """The distinctive words of each secondary outcome the methods name (from version 19), and
    the numbers of its name (from version 22: "à 24 semaines")."""
    names = []
    for sentence in sentences:
        if sentence.kind == "methods":
            for match in _SECONDARY_NAMED.finditer(sentence.text):
                words = _outcome_words(sentence.text, match.end())[0]
                if words:
                    named = re.split(r"[,;(\[]", sentence.text[match.end():match.end() + 80], maxsplit=1)[0]
                    names.append((words, set(_DIGITS.findall(named))))
    return names


def _names_a_secondary(sentence: str, at: int, secondaries: list[tuple[list[str], set[str]]], name: str) -> bool:
    """Whether the words right after a primary outcome's `name` found in a sentence (up to offset
    `at`) name a secondary outcome instead: "Outcome primaire : survie à 30 jours. Critère
    secondaire : survie avec un pronostic neurologique favorable" … "la survie avec pronostic
    neurologique favorable ne différait pas : OR 1,18" is the secondary's (from version 19)."""
    if not secondaries:
        return False
    following = re.split(r"[,;:.(\[]", sentence[at:at + 80], maxsplit=1)[0]
    own = {word.lower() for word in name.split()}
    numbers = set(_DIGITS.findall(sentence[at:at + 40]))
    for words, its_numbers in secondaries:
        if its_numbers and numbers and not its_numbers & numbers:
            continue  # (from version 22) "progression confirmée à 12 semaines" is not the secondary's "à 24 semaines"
        extra = [word for word in words if word.lower() not in own]
        if extra and _words_pattern(extra).search(following):
            return True
    return False


def _outcome_name(sentence: str, start: int) -> str | None:
    """The first words naming the primary outcome in "primary outcome: X" / "était X" / "X was
    the primary outcome"."""
    begin = _name_start(sentence, start)
    rest = sentence[begin:begin + 80] if begin is not None else _name_before(sentence, start)
    if rest is None:
        return None
    rest = re.split(r"[,.;:(\[]", rest)[0]
    rest = _MEASURE_OF.sub("", rest, count=1)
    rest = _PEOPLE_WITH.sub("", rest, count=1)  # ("the proportion of patients with a major adverse kidney event")
    words = rest.split()[:2]
    if not words or _NAME_WORD_STOP.match(words[0]) or len(words[0]) < 4:
        return None
    if len(words) == 2 and (_NAME_WORD_STOP.match(words[1]) or len(words[1]) < 3):
        words = words[:1]
    if len(words) == 1 and len(words[0]) < 6:
        return None
    return " ".join(words)


# ---------------------------------------------------------------------------
# The whole
# ---------------------------------------------------------------------------


def _empty() -> dict:
    return {
        "design": [],
        "n": None,
        "primary": None,
        "secondary": [],
        "source": {"design": None, "n": None, "primary": None},
        "flags": [],
        "checked": False,
        "extractor": EXTRACTOR_VERSION,
    }


def extract_key_results(sections: list[tuple[str, str]], title: str = "") -> dict:
    """The key results of the trial a review discusses.

    ``sections`` are the review's ``(heading, text)`` pairs (dicts with
    heading/text keys, or objects with ``.heading``/``.text`` are taken too);
    ``title`` is the review's title. The answer has exactly the keys
    ``design``, ``n``, ``primary``, ``secondary``, ``source``, ``flags``,
    ``checked`` (always ``False``: a person checks) and ``extractor`` (the version of these
    rules, ``mia.evidence.EXTRACTOR_VERSION``). Never raises.
    """
    try:
        return _extract(sections, title)
    except Exception as error:  # pragma: no cover - a last resort, the rules above should not fail
        result = _empty()
        result["flags"].append(f"extraction failed ({type(error).__name__}): nothing extracted")
        return result


#: A review saying its "RR" are rate ratios ("as rate ratios (RR) with 95% CI", "rapports de taux
#: (RR)"): from version 21 each "RR" of it is one, as within a sentence naming both.
_RR_IS_A_RATE_RATIO = patterns.compile(
    r"(?i:rate\s+ratios?|rapports?\s+(?:des|de)\s+taux(?:\s+d'incidence)?|ratios?\s+des\s+taux)\s*\(\s*(?-i:a?RRa?)\s*\)")


def _rate_ratios_named_rr(sentences: list[_Sentence], effects: dict[int, list["_Effect"]]) -> None:
    for i, found in effects.items():
        text = sentences[i].text
        for effect in found:
            if effect.measure == "RR" and re.match(r"a?RRa?(?![A-Za-z])", text[effect.start:effect.start + 4]):
                effect.measure = "rate ratio"


def _extract(sections, title) -> dict:
    result = _empty()
    flags: list[str] = result["flags"]
    pairs = _coerce_sections(sections)
    title = _clean(_as_str(title))[:2000]
    budget = MAX_CHARS
    sentences: list[_Sentence] = []
    truncated = False
    for number, (heading, text) in enumerate(pairs):
        if budget <= 0:
            truncated = True
            break
        if len(text) > budget:
            text = text[:budget]
            truncated = True
        budget -= len(text)
        heading = _clean(heading)[:200]
        text = _join_wrapped_lines(_tables_read(_clean(text)))
        kind = _section_kind(heading) if heading.strip() else "other"
        for piece in _headings_run_in(heading, [text[a:b] for a, b in split_sentences(text)]):
            sentences.append(_Sentence(piece, kind, number, len(sentences)))
    if truncated:
        flags.append(f"text longer than {MAX_CHARS} characters: only the beginning was read")
    if not sentences:
        flags.append("no text")
        return result

    design, design_source = _design(sentences, title)
    result["design"] = design
    result["source"]["design"] = design_source

    n, n_source = _patient_count(sentences, flags, design)
    result["n"] = n
    result["source"]["n"] = n_source

    effects: dict[int, list[_Effect]] = {}
    for i, sentence in enumerate(sentences):
        # An effect has a number (`_effects_in` keeps none without one): a sentence without a
        # digit, or without a measure's piece, is passed over before the measure pattern, the
        # costliest search here (run once: a sentence naming no measure has no effect).
        if _DIGIT.search(sentence.text) is None or not _may_name_a_measure(sentence.text):
            continue
        found = _effects_in(sentence.text)
        if found and not _POWER_RE.search(sentence.text):
            effects[i] = found

    if any(_RR_IS_A_RATE_RATIO.search(sentence.text) for sentence in sentences if "RR" in sentence.text):
        _rate_ratios_named_rr(sentences, effects)
    primary, primary_source = _primary(sentences, effects, flags, design)
    primary = _more_adjusted(primary, sentences, effects, design, flags)
    primary = _highest_category(primary, sentences, effects, design, flags)
    primary, primary_source = _overall_after_parts(primary, primary_source, sentences, effects, flags)
    if primary is not None and primary.measure == "ARD" and _continuous_primary(sentences):
        primary.measure = "MD"
        flags.append("primary: an absolute difference of a change or score read as a mean difference")
    if primary is not None:
        result["primary"] = primary.as_dict()
        result["source"]["primary"] = primary_source
        flags.extend(f"primary: {flag}" for flag in primary.flags)
        if primary.value is None:
            flags.append("primary effect has no usable value")

    seen = {primary.key()} if primary is not None else set()
    for i in sorted(effects):
        sentence = sentences[i]
        if sentence.kind == "intro" or _about_other_study(sentence.text):
            continue
        for effect in effects[i]:
            if effect is primary or effect.key() in seen or effect.value is None:
                continue
            if len(result["secondary"]) >= MAX_SECONDARY:
                flags.append(f"more than {MAX_SECONDARY} other effects: only the first {MAX_SECONDARY} kept")
                break
            seen.add(effect.key())
            label = _label(sentence.text, effect)
            entry = {"label": label}
            entry.update(effect.as_dict())
            result["secondary"].append(entry)
            flags.extend(f"secondary '{label}': {flag}" for flag in effect.flags)
    # One flag once.
    unique: list[str] = []
    for flag in flags:
        if flag not in unique:
            unique.append(flag)
    result["flags"] = unique
    return result
