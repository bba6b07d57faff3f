""""Did you mean …": close words from the index's own vocabulary, offered only if they find something.

Only words that match nowhere are corrected. Candidates are vocabulary words sharing the first
letter and the second or third one (a typo rarely hits the first letter; scanning by a two-letter
prefix keeps this a few index range reads instead of a pass over the vocabulary), within an
optimal-string-alignment distance of 1 (words up to 4 letters) or 2, function words aside (they
are left out of queries: `plan.FUNCTION_WORDS`); the closest, then the most frequent, win. A corrected query is suggested only when running it finds reviews.

The index's acronyms (terms in capitals: a trial's name, `ASPREE`, `SUGAR` of NICE-SUGAR) are
candidates too, for a word typed in either case (`aspre`, `NICE-SUGER`): the correction keeps the
case it was typed in.
"""

from __future__ import annotations

from typing import Callable

from mia.search.analysis import ACRONYM, MAX_ACRONYM, WORD, normalise, tokenize
from mia.search.plan import FUNCTION_WORDS
from mia.search.query import Query, Term
from mia.search.reader import IndexReader

MAX_SUGGESTIONS = 3


def distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (adjacent transpositions count 1), capped at limit+1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def close_words(reader: IndexReader, word: str) -> list[str]:
    if len(word) < 3:
        return []
    limit = 1 if len(word) <= 4 else 2
    prefixes = {word[:2], word[0] + word[2]}
    if len(word) > 3:
        prefixes.add(word[0] + word[3])  # a letter dropped or doubled after the first
    candidates: set[str] = set()
    stored: dict[str, str] = {}  # a candidate -> the term indexed (an acronym: in capitals)
    for prefix in prefixes:
        candidates.update(reader.words_starting(prefix, len(word) - limit, len(word) + limit))
        if len(word) - limit > MAX_ACRONYM:
            continue  # (no acronym is that long)
        for acronym in reader.words_starting(prefix.upper(), len(word) - limit, len(word) + limit, kind=ACRONYM):
            if acronym.isalpha():
                stored.setdefault(acronym.lower(), acronym)
    candidates.update(stored)
    scored = []
    for candidate in candidates:
        if candidate == word or candidate in FUNCTION_WORDS:  # ("seloken" is no "selon")
            continue
        d = distance(word, candidate, limit)
        if d <= limit:
            scored.append((d, candidate))
    scored.sort()
    best = scored[:12]
    frequency = {c: reader.document_frequency(stored.get(c, c)) for _, c in best}
    best.sort(key=lambda item: (item[0], -frequency[item[1]], item[1]))
    return [c for _, c in best if frequency[c] > 0]


def suggest(reader: IndexReader, query: Query, unmatched: set[str],
            run: Callable[[str], int]) -> list[str]:
    """Corrected queries (as text) that find reviews; `run` returns the hit count of a query."""
    replacements: list[tuple[int, int, list[str]]] = []
    for group in query.groups:
        for clause in group:
            if not isinstance(clause, Term) or clause.negated:
                continue
            at = query.text.find(clause.text, clause.position - 1)
            if at < 0 or normalise(clause.text) != clause.text:
                continue
            for token in tokenize(clause.text):
                if token.kind in (WORD, ACRONYM) and not token.joined and token.term in unmatched:
                    options = close_words(reader, token.term.lower())
                    if clause.text[token.start:token.end].isupper():
                        options = [option.upper() for option in options]
                    if options:
                        replacements.append((at + token.start, at + token.end, options))
    if not replacements:
        return []
    found: list[str] = []
    for choice in range(3):
        text = query.text
        for start, end, options in sorted(replacements, reverse=True):
            text = text[:start] + options[min(choice, len(options) - 1)] + text[end:]
        if text not in found and text != query.text and run(text) > 0:
            found.append(text)
        if len(found) >= MAX_SUGGESTIONS:
            break
    return found
