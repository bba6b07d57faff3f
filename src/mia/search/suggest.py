""""Did you mean …": a correction offered only when it is likely what was meant, and finds more.

Only words that match nowhere are corrected, and never one that is a word as typed: a function
word (`AND`, `et`: `plan.FUNCTION_WORDS`), a word of the lexicon's forms (`sucre` of "sucre dans
le sang", `réa`, `Reiter`) or one of its acronyms, or a word of French or English
(pyspellchecker's lists, `mia.lexicon.language_words`: `say`, `Martin`). A word no review holds
is then a word no review holds, not a typo of one that some review does ("score", "says",
"maron"). A word typed in capitals is an acronym (a trial's name): the languages' lists do not
count for it, unless the whole query is typed in capitals.

Candidates are the index's words and acronyms (terms in capitals: a trial's name, `ASPREE`,
`SUGAR` of NICE-SUGAR) and the words of the lexicon's forms, sharing the first letter and the
second or third one (a typo rarely hits the first letter; scanning by a two-letter prefix keeps
this a few range reads instead of a pass over the vocabulary), within an optimal-string-alignment
distance of 1 (words up to 4 letters) or 2, function words aside ("seloken" is no "selon"). They
are ranked by closeness weighed by how many reviews hold them, a word of the lexicon counting as
held by a few more (`EDIT_WEIGHT`, `LEXICON_WEIGHT`), and those far less likely than the best left
out (`ALTERNATIVE_MARGIN`): a word no review holds is a candidate only if the lexicon has it (its
concept's other forms may be in the reviews). A word typed with a
capital initial may be a name (`Garnier`): it is only corrected to a word of the lexicon, an
acronym, or a name the reviews list among their authors. The correction keeps the case it was
typed in (`aspre` → `aspree`, `ASPRE` → `ASPREE`, `Ritiximab` → `Rituximab`).

A corrected query is suggested only when running it finds reviews, whose best hold as large a
share of it as the typed query's did, and hold the corrected words (`run`, engine.py).
"""

from __future__ import annotations

import functools
import math
from typing import Callable, Mapping

from mia.search.analysis import ACRONYM, MAX_ACRONYM, WORD, acronym_term, is_shouting, normalise, tokenize
from mia.search.fields import AUTHORS
from mia.search.lexicon_index import concepts_by_canon, lexicon_words_starting
from mia.search.plan import FUNCTION_WORDS
from mia.search.query import Query, Term
from mia.search.reader import IndexReader

MAX_SUGGESTIONS = 3
#: The candidates weighed (their posting rows read), closest first.
MAX_WEIGHED = 12
#: What one more edit costs against how many reviews hold a candidate, in powers of ten: a word
#: two edits away beats one a single edit away only if about 30 times more reviews hold it.
EDIT_WEIGHT = 1.5
#: A word of the lexicon's forms counts as held by about three times more reviews than it is:
#: the search expands it to its concept's other forms, and it is a word of medicine, where a
#: word of the reviews may be any word of their prose.
LEXICON_WEIGHT = 0.5
#: How much less likely than the best an alternative may be, in the same powers of ten: one
#: ten times less likely is not offered ("ryatin": rydatin, not "rating" or "ratio" too).
ALTERNATIVE_MARGIN = 1.0
LOWER, TITLE, UPPER = "lower", "title", "upper"


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


def close_words(reader: IndexReader, word: str, *, name: bool = False) -> list[str]:
    """The candidates for `word` (folded, lower case), most likely first (see the module's
    docstring); `name`: typed with a capital initial."""
    if len(word) < 3:
        return []
    limit = 1 if len(word) <= 4 else 2
    prefixes = {word[:2], word[0] + word[2]}
    if len(word) > 3:
        prefixes.add(word[0] + word[3])  # a letter dropped or doubled after the first
    shortest, longest = len(word) - limit, len(word) + limit
    candidates: set[str] = set()
    lexicon = lexicon_words_starting(reader.conn, prefixes, shortest, longest)
    if word in lexicon:
        return []  # (a word of the lexicon is no misspelling; `word[:2]` is one of the prefixes)
    stored: dict[str, str] = {}  # a candidate -> the term indexed (an acronym: in capitals)
    for prefix in prefixes:
        candidates.update(reader.words_starting(prefix, shortest, longest))
        if shortest > MAX_ACRONYM:
            continue  # (no acronym is that long)
        for acronym in reader.words_starting(prefix.upper(), shortest, longest, kind=ACRONYM):
            if acronym.isalpha():
                stored.setdefault(acronym.lower(), acronym)
    candidates |= lexicon
    candidates.update(stored)
    scored = []
    for candidate in candidates:
        if candidate == word or candidate in FUNCTION_WORDS:  # ("seloken" is no "selon")
            continue
        d = distance(word, candidate, limit)
        if d <= limit:
            scored.append((d, candidate not in lexicon, candidate))
    scored.sort()
    best = scored[:MAX_WEIGHED]
    held = _held(reader, [stored.get(c, c) for _, _, c in best])
    ranked = []
    for d, _, candidate in best:
        reviews, an_author = held.get(stored.get(candidate, candidate), (0, False))
        in_lexicon = candidate in lexicon
        if not (reviews or in_lexicon):
            continue
        if name and not (in_lexicon or candidate in stored or an_author):
            continue  # (`Garnier` is no "garnie")
        weight = d * EDIT_WEIGHT - math.log10(1 + reviews) - (LEXICON_WEIGHT if in_lexicon else 0.0)
        ranked.append((weight, candidate))
    ranked.sort()
    return [candidate for weight, candidate in ranked if weight <= ranked[0][0] + ALTERNATIVE_MARGIN]


def _held(reader: IndexReader, terms: list[str]) -> dict[str, tuple[int, bool]]:
    """For each of `terms` the index holds: how many reviews hold it, and whether one lists it
    among its authors (one read of their posting rows)."""
    found: dict[str, tuple[int, bool]] = {}
    for term, rows in reader.rows(terms).items():
        nums: set[int] = set()
        an_author = False
        for row in rows:
            nums.update(row.nums)
            an_author = an_author or AUTHORS in row.fields
        found[term] = (len(nums), an_author)
    return found


def suggest(reader: IndexReader, query: Query, unmatched: set[str],
            run: Callable[[str, list[str]], int]) -> list[str]:
    """Corrected queries (as text) that find reviews; `run(text, corrections)` returns how many
    reviews a corrected query finds that hold its corrections (0 if it finds none or fewer of
    its words than the typed one)."""
    shouted = is_shouting(query.text)
    replacements: list[tuple[int, int, list[str]]] = []
    for group in query.groups:
        for clause in group:
            if not isinstance(clause, Term) or clause.negated:
                continue
            at = query.text.find(clause.text, clause.position - 1)
            if at < 0 or normalise(clause.text) != clause.text:
                continue
            for token in tokenize(clause.text):
                if token.kind not in (WORD, ACRONYM) or token.joined or token.term not in unmatched:
                    continue
                typed = clause.text[token.start:token.end]
                word = token.term.lower()
                if word in FUNCTION_WORDS:
                    continue
                case = LOWER if shouted else case_of(typed)
                options = close_words(reader, word, name=case == TITLE)
                if options and not _a_word_as_typed(reader, word, typed, case):
                    replacements.append((at + token.start, at + token.end, [_in_case(o, case) for o in options]))
    if not replacements:
        return []
    found: list[str] = []
    for choice in range(3):
        text = query.text
        corrections = []
        for start, end, options in sorted(replacements, reverse=True):
            option = options[min(choice, len(options) - 1)]
            corrections.append(option)
            text = text[:start] + option + text[end:]
        if text not in found and text != query.text and run(text, corrections) > 0:
            found.append(text)
        if len(found) >= MAX_SUGGESTIONS:
            break
    return found


def case_of(typed: str) -> str:
    """How a word was typed: UPPER (in capitals, `ITP`), TITLE (a capital initial: a name,
    `Bernard`) or LOWER."""
    if len(typed) > 1 and typed.isupper():
        return UPPER
    return TITLE if typed[:1].isupper() else LOWER


def _in_case(word: str, case: str) -> str:
    if case == UPPER:
        return word.upper()
    return word[:1].upper() + word[1:] if case == TITLE else word


def _a_word_as_typed(reader: IndexReader, word: str, typed: str, case: str) -> bool:
    """Whether the typed word is a word in its own right: one of the lexicon's acronyms, or (not
    typed in capitals) a word of French or English. (A word of the lexicon's forms has no
    candidates: `close_words`.)"""
    acronym = acronym_term(word.upper())
    if acronym and concepts_by_canon(reader.conn, [acronym]):
        return True
    if case == UPPER:
        return False
    words = _language_words()
    return bool(words.get(typed.casefold()) or words.get(word))


@functools.lru_cache(maxsize=1)
def _language_words() -> Mapping[str, float]:
    """Every word of pyspellchecker's French and English lists (`mia.lexicon.language_words`),
    kept for the process: a cache file, built the first time (≈1.5 s)."""
    from mia.lexicon import language_words

    return language_words.load()
