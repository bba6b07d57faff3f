"""Multi-word lexicon forms, and acronyms used before a value, found at indexing time.

Expanding ITP means looking for "thrombocytopénie immune", "immune thrombocytopenia",
"purpura thrombopénique immunologique"…, each a phrase. Checking phrases position by position
costs time in proportion to the reviews holding their words, which at 100,000 reviews is too
slow for the dozens of forms a concept can have. So when the index is built, every multi-word
form of the lexicon is looked for in each review (word by word, through the same canonical stem
keys as the lexicon's canons) and an occurrence is indexed as one more term, `§` + the form's
canon, at the position where it starts. A query then reaches the form with one posting look-up.

The set of annotated canons is fixed when the index is built and kept in it (`annotated`), so
reviews added later are annotated alike; forms added to the lexicon since (a user concept) are
not in the set and fall back to the positional phrase check until the next rebuild.

An acronym directly followed by a decimal value (`HR 0.61`) is indexed as `§=HR` too: the
context that tells an effect measure from the other meanings of its acronym (heart rate).
"""

from __future__ import annotations

from itertools import compress, repeat
from typing import Iterable

from mia.base.sqlite import sqlite3
from mia.search.records import in_chunks
from mia.search.stemming import stem_keys

MARK = "§"

# An acronym followed by a decimal value (`HR 0.61`, `OR 1,3`, `RR de 0,8`) is used as an effect
# measure: each such occurrence is indexed as one more term, `§=` + the acronym. A meaning of an
# ambiguous acronym is a measure when one of its forms ends with one of these head words (hazard
# ratio, relative risk, mean difference, confidence interval, number needed to treat).
VALUE_MARK = MARK + "="
MEASURE_HEADS = ("ratio", "risk", "difference", "interval", "reduction", "needed to treat",
                 "needed to harm")
_SHORT_GAP = frozenset({"de", "of", "a", "at", "was", "is", "est", "etait", "egal", "to"})  # folded


def value_term(acronym: str) -> str:
    return VALUE_MARK + acronym


def names_a_measure(form_texts) -> bool:
    """Whether a meaning with these forms is an effect measure (see MEASURE_HEADS)."""
    return any(text.casefold().endswith(MEASURE_HEADS) for text in form_texts)


def annotate_values(sequence: tuple[list[int], list[str]], terms: dict[str, list[int]]) -> None:
    """Add `§=ACRONYM` where an acronym is followed by a decimal value, directly or after one
    short word (`HR 0.61`, `HR de 0,61`; `HR 80` is not: a heart rate is a whole number).
    Numbers are the only terms holding a dot: they are found at C speed, then looked behind."""
    positions, words = sequence
    for i in compress(range(len(words)), map(str.__contains__, words, repeat("."))):
        if i == 0 or not words[i][0].isdigit():
            continue
        before = words[i - 1]
        if before in _SHORT_GAP and i >= 2:
            before, i = words[i - 2], i - 1
        if before[0].isupper() and before.isupper() and before.isalnum():
            terms.setdefault(VALUE_MARK + before, []).append(positions[i - 1])


def annotation_term(canon: str) -> str:
    return MARK + canon


def _canonical(term: str) -> str:
    if term[0].isupper() or term[0].isdigit():
        return term
    return stem_keys(term)[0]


class ConceptMatcher:
    """Finds the annotated multi-word canons in a sequence of words (positions and terms)."""

    def __init__(self, canons: Iterable[str]) -> None:
        # first key -> second key -> [(the keys after those two, canon)]: a frequent first word
        # (maladie, syndrome, anti) starts fifty canons, its next word leaves one or two to check.
        # Each option is (the keys after the first two, how many they are, the term to index).
        self.by_first: dict[str, dict[str, list[tuple[list[str], int, str]]]] = {}
        self.keys: dict[str, str] = {}
        self.add(canons)

    def add(self, canons: Iterable[str]) -> None:
        for canon in canons:
            parts = canon.split(" ")
            if len(parts) > 1:
                self.by_first.setdefault(parts[0], {}).setdefault(parts[1], []).append(
                    (parts[2:], len(parts) - 2, annotation_term(canon)))

    def __bool__(self) -> bool:
        return bool(self.by_first)

    def annotate_reviews(self, reviews: list, conn: sqlite3.Connection | None = None) -> None:
        """Annotate analysed reviews (kept with their sequences); the words' canonical keys
        come from the index's vocabulary when it knows them (stemming is the slow part)."""
        if self.by_first:
            if conn is not None:
                words: set[str] = set()
                for review in reviews:
                    for _, (_, terms) in review.sequences or ():
                        words.update(terms)
                self._prime(conn, words)
            for review in reviews:
                for field_id, sequence in review.sequences or ():
                    self.annotate(sequence, review.postings[field_id])
                    annotate_values(sequence, review.postings[field_id])
        for review in reviews:
            review.sequences = None

    def _prime(self, conn: sqlite3.Connection, words: set[str]) -> None:
        wanted = [w for w in words if w not in self.keys and not (w[0].isupper() or w[0].isdigit())]
        for chunk, marks in in_chunks(wanted):
            for word, keys in conn.execute(
                f"SELECT word, keys FROM vocab WHERE kind = 'w' AND word IN ({marks})", chunk
            ):
                if keys:
                    self.keys[word] = keys.split()[0]

    def _keys_of(self, words: list[str]) -> list[str]:
        cache = self.keys
        keys = list(map(cache.get, words))
        if None in keys:  # words not met before: stemmed once
            for index, key in enumerate(keys):
                if key is None:
                    word = words[index]
                    key = cache.get(word)  # a new word may come twice in one item
                    if key is None:
                        key = cache[word] = _canonical(word)
                    keys[index] = key
        return keys

    def annotate(self, sequence: tuple[list[int], list[str]], terms: dict[str, list[int]]) -> None:
        """Add to `terms` the canons starting in one item's words (`sequence`: their positions
        and terms, positions increasing), at the position where each starts."""
        positions, words = sequence
        keys = self._keys_of(words)
        by_first = self.by_first
        # Only the words that start a canon are looked at (found by C loops: most words start
        # none); the last word cannot start a form of two words or more.
        count = len(keys)
        for i in compress(range(count - 1), map(by_first.__contains__, keys)):
            options = by_first[keys[i]].get(keys[i + 1])
            if options is None:
                continue
            start = positions[i]
            for rest, more, term in options:
                if more:
                    end = i + 2 + more
                    if end > count or keys[i + 2:end] != rest or positions[end - 1] - start != more + 1:
                        continue  # another form, or not consecutive (an item boundary)
                elif positions[i + 1] - start != 1:
                    continue
                found = terms.get(term)
                if found is None:
                    terms[term] = [start]
                else:
                    found.append(start)


def load_matcher(conn: sqlite3.Connection) -> ConceptMatcher:
    return ConceptMatcher(c for (c,) in conn.execute("SELECT canon FROM annotated"))


def annotating(conn: sqlite3.Connection) -> bool:
    """Whether the index annotates any canon (its reviews' word sequences are then needed)."""
    return conn.execute("SELECT 1 FROM annotated LIMIT 1").fetchone() is not None


def matcher_for(conn: sqlite3.Connection, reviews: list) -> ConceptMatcher:
    """A matcher holding only the canons whose first word is a word of these analysed reviews
    (kept with their sequences): the only ones that can be found in them. A write of a few
    reviews thus loads a few dozen canons instead of all of them (~9,000: most of a one-review
    `mia add`'s index update)."""
    matcher = ConceptMatcher(())  # (it knows every word's key after this: annotate without `conn`)
    words = {word for review in reviews for _, (_, terms) in review.sequences or () for word in terms}
    matcher._prime(conn, words)
    firsts = sorted(set(matcher._keys_of(sorted(words))))
    # A first word's canons are the keys between "word " and "word!" (' ' then '!' in code
    # order): one range of the primary key each, where comparing every canon's first word
    # scanned the table (~10,000 canons: ~2 ms of a one-review `mia add`, 0.15 ms so).
    for chunk, _ in in_chunks(firsts):
        rows = ",".join("(?)" for _ in chunk)
        matcher.add(canon for (canon,) in conn.execute(
            f"WITH firsts(word) AS (VALUES {rows}) SELECT a.canon FROM firsts JOIN annotated AS a "
            "ON a.canon > firsts.word || ' ' AND a.canon < firsts.word || '!'", chunk))
    return matcher


def choose_annotated(conn: sqlite3.Connection) -> None:
    """Fix the set of canons to annotate: every multi-word form of the lexicon (at rebuild)."""
    conn.execute("DELETE FROM annotated")
    conn.execute("INSERT OR IGNORE INTO annotated SELECT DISTINCT canon FROM lex_forms WHERE canon LIKE '% %'")


def annotated_among(conn: sqlite3.Connection, canons: Iterable[str]) -> set[str]:
    values = list(dict.fromkeys(canons))
    found: set[str] = set()
    for chunk, marks in in_chunks(values):
        found.update(c for (c,) in conn.execute(f"SELECT canon FROM annotated WHERE canon IN ({marks})", chunk))
    return found
