"""Acronyms the reviews define themselves, found with the Schwartz–Hearst algorithm.

Schwartz & Hearst (2003), "A simple algorithm for identifying abbreviation definitions in
biomedical text": a short form in parentheses after its long form, "mycophenolate-mofetil (MMF)",
or the other way round, "MMF (mycophenolate mofetil)". The long form is the shortest run of
words ending before the parenthesis in which the short form's characters appear in order, read
from right to left, the first one starting a word. It runs on accent-folded text (case kept), so
"glucocorticoïdes (GC)" gives GC → glucocorticoides, in French as in English.

We add one guard the original does not need in English only: a short form must look like an
acronym (at least one capital, two for the reversed form), which keeps French parentheticals
such as "(ou)" or "(e)" from being taken for definitions.
"""

from __future__ import annotations

import re

from mia.search.analysis import strip_accents
from mia.base import patterns

_PARENTHESIS = patterns.compile(r"\(([^()]{1,120})\)")
_SENTENCE_BREAK = patterns.compile(r"[;:!?\[\]]|\.\s")
_WORD = patterns.compile(r"\S+")


def _valid_short_form(candidate: str, *, capitals: int) -> bool:
    if not 2 <= len(candidate) <= 10 or len(candidate.split()) > 2:
        return False
    if not candidate[0].isalnum() or not any(c.isalpha() for c in candidate):
        return False
    return sum(c.isupper() for c in candidate) >= capitals


def best_long_form(short: str, candidate: str) -> str | None:
    """The Schwartz–Hearst match of `short` at the end of `candidate`, or None."""
    s = len(short) - 1
    l = len(candidate) - 1
    while s >= 0:
        char = short[s].lower()
        if not char.isalnum():
            s -= 1
            continue
        while l >= 0 and (
            candidate[l].lower() != char or (s == 0 and l > 0 and candidate[l - 1].isalnum())
        ):
            l -= 1
        if l < 0:
            return None
        l -= 1
        s -= 1
    start = candidate.rfind(" ", 0, l + 1) + 1
    long_form = candidate[start:].strip()
    if len(long_form) <= len(short):
        return None
    words = long_form.split()
    if len(words) > min(len(short) + 5, len(short) * 2):
        return None
    if short.lower() in (w.lower() for w in words):
        return None
    return long_form


def _window_before(text: str, end: int, words: int) -> str:
    before = text[max(0, end - 40 * (words + 1)):end]
    breaks = list(_SENTENCE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end():]
    tokens = _WORD.findall(before)
    return " ".join(tokens[-words:]) if tokens else ""


_ELIDED_START = patterns.compile(r"^(?:l|d|qu|j|n|s|c|m|t|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)


def _clean_long_form(long_form: str) -> str:
    long_form = long_form.strip(" ,.;:\"'«»“”").strip()
    return _ELIDED_START.sub("", long_form)


def find_acronyms(text: str) -> list[tuple[str, str]]:
    """The (short form, long form) pairs defined in a text, accent-folded, in text order."""
    folded = strip_accents(text)
    pairs: list[tuple[str, str]] = []
    for match in _PARENTHESIS.finditer(folded):
        inside = match.group(1).strip()
        # "long form (SF)": a short parenthetical, maybe followed by ", e.g. ..." or "; ...".
        short = re.split(r"[;,]\s", inside)[0].strip()
        found = None
        if _valid_short_form(short, capitals=1):
            size = min(len(short) + 5, len(short) * 2)
            window = _window_before(folded, match.start(), size)
            long_form = best_long_form(short, window) if window else None
            if long_form:
                found = (short, _clean_long_form(long_form))
        if found is None:
            # "SF (long form)": the word before the parenthesis is the short form.
            before = _WORD.findall(_window_before(folded, match.start(), 1))
            if before:
                short = before[-1].strip(",.;:")
                if _valid_short_form(short, capitals=2):
                    long_form = best_long_form(short, inside)
                    if long_form:
                        found = (short, _clean_long_form(long_form))
        if found and found[1]:
            pairs.append(found)
    return pairs
