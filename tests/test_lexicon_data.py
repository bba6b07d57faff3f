"""Format checks of the shipped medical lexicon (src/mia/lexicon/medical.txt).

The file is read directly (no mia import): one concept per line,
``fr preferred | en preferred | fr acronyms | en acronyms | synonyms``,
items inside a column separated by `` ; ``; ``#`` lines are comments.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

LEXICON = Path(__file__).resolve().parents[1] / "src" / "mia" / "lexicon" / "medical.txt"

HEADER = "fr preferred | en preferred | fr acronyms | en acronyms | synonyms"
FR_PREF, EN_PREF, FR_ACR, EN_ACR, SYN = range(5)
ACRONYM_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9\- ]*[A-Za-z0-9]|[A-Z]")
MIN_CONCEPTS = 350


def _render(columns: list[str]) -> str:
    """The canonical spelling of a line: ``a | b | | | e`` (an empty column is nothing)."""
    out = columns[0]
    for column in columns[1:]:
        out += " |" + (" " + column if column else "")
    return out


def _load():
    raw = LEXICON.read_bytes()
    text = raw.decode("utf-8")  # strict: raises on invalid UTF-8
    concepts = []  # (line number, raw line, heading, columns as lists of items)
    heading = None
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith("# =="):
            heading = line
            continue
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        columns = [part.strip() for part in line.split("|")]
        items = [column.split(" ; ") if column else [] for column in columns]
        concepts.append((number, line, heading, columns, items))
    return raw, text, concepts


RAW, TEXT, CONCEPTS = _load()


def _where(number: int, line: str) -> str:
    return f"{LEXICON.name}:{number}: {line}"


def test_file_is_clean_utf8_text():
    assert not RAW.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    assert "\t" not in TEXT, "no tab characters"
    assert "\r" not in TEXT, "Unix line ends only"
    assert TEXT.endswith("\n"), "ends with a newline"
    assert unicodedata.normalize("NFC", TEXT) == TEXT, "text is NFC-normalised (composed accents)"
    bad = [ch for ch in set(TEXT) if unicodedata.category(ch) in ("Cc", "Cf") and ch != "\n"]
    assert not bad, f"control or format characters: {bad!r}"


def test_header_documents_the_format():
    head = [line for line in TEXT.split("\n")[:10] if line.startswith("#")]
    assert any(HEADER in line for line in head), f"the header comment names the columns: {HEADER}"


def test_enough_concepts():
    assert len(CONCEPTS) >= MIN_CONCEPTS, f"{len(CONCEPTS)} concepts, at least {MIN_CONCEPTS} expected"


def test_every_concept_is_under_a_domain_heading():
    orphans = [_where(n, line) for n, line, heading, _, _ in CONCEPTS if heading is None]
    assert not orphans, orphans[:5]


def test_exactly_five_columns_in_canonical_spelling():
    bad = []
    for number, line, _, columns, _ in CONCEPTS:
        if len(columns) != 5:
            bad.append(f"{len(columns)} columns: " + _where(number, line))
        elif _render(columns) != line:
            bad.append("spacing around ' | ' or trailing space: " + _where(number, line))
    assert not bad, "\n".join(bad[:10])


def test_preferred_terms_present_and_single():
    bad = []
    for number, line, _, columns, items in CONCEPTS:
        for index in (FR_PREF, EN_PREF):
            if not columns[index]:
                bad.append("empty preferred term: " + _where(number, line))
            elif len(items[index]) != 1:
                bad.append("one preferred term per language: " + _where(number, line))
    assert not bad, "\n".join(bad[:10])


def test_no_empty_or_badly_separated_item():
    bad = []
    for number, line, _, _, items in CONCEPTS:
        for column in items:
            for item in column:
                if not item or item != item.strip() or ";" in item or "  " in item:
                    bad.append(f"item {item!r}: " + _where(number, line))
    assert not bad, "\n".join(bad[:10])


def test_no_duplicate_item_inside_a_line():
    bad = []
    for number, line, _, _, items in CONCEPTS:
        for column in items:
            folded = [item.casefold() for item in column]
            if len(folded) != len(set(folded)):
                bad.append("repeated item in a column: " + _where(number, line))
        seen: dict[str, int] = {}
        for index, column in enumerate(items):
            for item in column:
                if item in seen and seen[item] != index:
                    pair = {seen[item], index}
                    # allowed: fr preferred == en preferred (placebo), an acronym used in both languages
                    if pair not in ({FR_PREF, EN_PREF}, {FR_ACR, EN_ACR}):
                        bad.append(f"{item!r} repeated across columns: " + _where(number, line))
                seen.setdefault(item, index)
    assert not bad, "\n".join(bad[:10])


def test_no_duplicate_line_or_preferred_pair():
    lines = [line for _, line, _, _, _ in CONCEPTS]
    assert len(lines) == len(set(lines)), "duplicated lines"
    pairs: dict[tuple[str, str], int] = {}
    bad = []
    for number, line, _, columns, _ in CONCEPTS:
        key = (columns[FR_PREF].casefold(), columns[EN_PREF].casefold())
        if key in pairs:
            bad.append(f"same (fr, en) pair as line {pairs[key]}: " + _where(number, line))
        pairs.setdefault(key, number)
    assert not bad, "\n".join(bad)


def test_acronyms_are_written_like_acronyms():
    bad = []
    for number, line, _, _, items in CONCEPTS:
        for acronym in items[FR_ACR] + items[EN_ACR]:
            if (
                not ACRONYM_RE.fullmatch(acronym)
                or not any(ch.isupper() for ch in acronym)
                or len(acronym) > 16
                or acronym.count(" ") > 1
            ):
                bad.append(f"acronym {acronym!r}: " + _where(number, line))
    assert not bad, "\n".join(bad[:10])


def _acronym_lines() -> list[set[str]]:
    return [set(items[FR_ACR]) | set(items[EN_ACR]) for _, _, _, _, items in CONCEPTS]


# Acronyms that must appear together in the acronym columns of one concept.
MUST_INCLUDE = [
    ("ITP", "TPI", "PTI"),
    ("HF", "IC"),
    ("MI", "IDM"),
    ("AF", "FA"),
    ("DOAC", "NOAC", "AOD"),
    ("CKD", "IRC", "MRC"),
    ("COPD", "BPCO"),
    ("CI", "IC"),
    ("HR",),
    ("RCT", "ECR"),
    ("ITT",),
    ("OR",),
    ("RR",),
    ("NNT",),
    ("MMF",),
    ("GC",),
    ("TPO-RA",),
    ("PE", "EP"),
    ("DVT", "TVP"),
    ("VTE", "MTEV"),
    ("HIV", "VIH"),
    ("HBV", "VHB"),
    ("HCV", "VHC"),
    ("CAP", "PAC"),
    ("ARDS", "SDRA"),
    ("AKI", "IRA"),
    ("T2D", "DT2"),
    ("HbA1c",),
    ("GLP-1 RA",),
    ("iSGLT2", "SGLT2i"),
    ("SLE", "LES"),
    ("RA", "PR"),
    ("GCA", "ACG"),
    ("IBD", "MICI"),
    ("MASLD", "NAFLD"),
    ("ICU", "USI"),
    ("CRP",),
    ("BNP",),
    ("NT-proBNP",),
    ("eGFR", "DFG"),
    ("BMI", "IMC"),
]


@pytest.mark.parametrize("group", MUST_INCLUDE, ids=lambda group: "/".join(group))
def test_must_include_acronyms(group):
    lines = _acronym_lines()
    assert any(set(group) <= acronyms for acronyms in lines), (
        f"no concept lists all of {group} in its acronym columns"
    )


def test_ambiguous_ic_names_both_meanings():
    meanings = {
        columns[EN_PREF]
        for _, _, _, columns, items in CONCEPTS
        if "IC" in items[FR_ACR] + items[EN_ACR]
    }
    assert {"heart failure", "confidence interval"} <= meanings
