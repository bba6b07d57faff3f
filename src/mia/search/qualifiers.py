"""Acronyms with a qualifier: `eGFR` and `DFGe` are the GFR/DFG estimated, `HbA1c` is A1c,
`NT-proBNP` and `pro-BNP` are forms of BNP, `hs-CRP` is a CRP measured with high sensitivity.

One rule instead of one lexicon line per variant: a form written as a lower-case qualifier and
an acronym (the *base*, three characters or more, in capitals: `eGFR`, `DFGe`, `HbA1c`,
`NT-proBNP`) is a variant of that acronym. The planner uses it four ways:
- a typed variant names its base's concept (`eGFR` finds the reviews saying DFG);
- a concept's acronyms also find their variants the reviews contain, below exact forms (`BNP`
  finds NT-proBNP, `GFR` finds eGFR and DFGe), and a concept's variants their bases (`HbA1c`
  finds A1c);
- a variant is never read as the capitals of its letters: `eGFR` (estimated GFR) and `EGFR`
  (the receptor) stay apart. The case tells them apart where it is written (a query, the
  lexicon); the index keeps words in lower case, and a typed acronym (`EGFR`) matches capitals
  only, never the lower-case word (`egfr`, eGFR written by a review).

The qualifiers are written in lower case in front of the base, or after it in French (`DFGe`,
`DFGm`); `Hb` and `NT-pro` keep their usual spelling when shown.
"""

from __future__ import annotations

from mia.base import patterns

# Lowercase, without hyphens: how the words are indexed.
PREFIXES = {
    "e": "estimated",
    "m": "measured",
    "hs": "high-sensitivity",
    "us": "ultrasensitive",
    "hb": "haemoglobin",
    "ntpro": "N-terminal pro-hormone",
    "pro": "pro-hormone",
}
SUFFIXES = {"e": "estimé", "m": "mesuré"}
SHOWN = {"hb": "Hb", "ntpro": "NT-pro", "pro": "pro", "hs": "hs-", "us": "us-"}
MIN_BASE = 3

# A base as written: capitals and digits, maybe one final lower-case letter (GFR, BNP, A1c).
_BASE = r"[A-Z][A-Z0-9]+[a-z]?"
_WRITTEN_PREFIXED = patterns.compile(r"(?:e|m|hs-?|us-?|Hb|NT-?pro-?|pro-?)(" + _BASE + r")")
_WRITTEN_SUFFIXED = patterns.compile(r"([A-Z][A-Z0-9]{2,})[em]")
_ACRONYM_LIKE = patterns.compile(_BASE)


def written_base(text: str) -> str | None:
    """The base of a variant as written, by its case: `eGFR` -> `GFR`, `DFGe` -> `DFG`,
    `HbA1c` -> `A1c`, `NT-proBNP` -> `BNP`; None for `EGFR`, `egfr`, `MRSA` or a plain word
    (the qualifier is in lower case, the base in capitals)."""
    match = _WRITTEN_PREFIXED.fullmatch(text) or _WRITTEN_SUFFIXED.fullmatch(text)
    if match and len(match.group(1)) >= MIN_BASE:
        return match.group(1)
    return None


def acronym_like(text: str) -> bool:
    """`GFR`, `BNP`, `A1c`: what a base looks like written."""
    return len(text) >= MIN_BASE and bool(_ACRONYM_LIKE.fullmatch(text))


def joined(text: str) -> str:
    """A written form as the index keeps one word: `NT-proBNP` -> `ntprobnp`."""
    return text.replace("-", "").lower()


def one_letter_qualifiers(base: str) -> bool:
    """Whether `e` and `m` may qualify this base. The index keeps words in lower case, and a
    one-letter qualifier on a three-letter base that holds a vowel and no digit spells a word of
    the language: `mAIS` is the French "mais", `TAKe` "take", `mAIN` "main" (the acronym AIS of
    the corticosteroids found every French review). Such a base has no one-letter variant; GFR,
    DFG, A1c keep theirs (`eGFR`, `DFGe`), and longer bases all theirs."""
    lower = base.lower()
    return len(lower) > MIN_BASE or any(c.isdigit() for c in lower) or not any(c in "aeiouy" for c in lower)


def variants(base: str) -> dict[str, str]:
    """The words a base's variants are indexed as, and how each is shown:
    `GFR` -> {`egfr`: `eGFR`, `gfre`: `GFRe`, …} (no one-letter ones for `AIS`:
    `one_letter_qualifiers`)."""
    lower = base.lower()
    if len(lower) < MIN_BASE or not lower.isalnum():
        return {}
    one_letter = one_letter_qualifiers(base)
    found = {prefix + lower: SHOWN.get(prefix, prefix) + base for prefix in PREFIXES if len(prefix) > 1 or one_letter}
    if one_letter:
        found.update({lower + suffix: base + suffix for suffix in SUFFIXES})
    return found


def canon_of_base(base: str) -> str:
    """The lexicon canon of a base as written: `GFR` -> `GFR`, `A1c` -> `a1c` (a word)."""
    return base if base.isupper() or base.isdigit() else base.lower()
