"""Multi-word lexicon forms found at indexing time, so expanding a concept needs no phrase check.

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
"""

from __future__ import annotations

import sqlite3
from typing import Iterable

from mia.search.stemming import stem_keys

MARK = "§"


def annotation_term(canon: str) -> str:
    return MARK + canon


def _canonical(term: str) -> str:
    if term[0].isupper() or term[0].isdigit():
        return term
    return stem_keys(term)[0]


class ConceptMatcher:
    """Finds the annotated multi-word canons in a sequence of (position, term)."""

    def __init__(self, canons: Iterable[str]) -> None:
        self.by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for canon in canons:
            parts = canon.split(" ")
            if len(parts) > 1:
                self.by_first.setdefault(parts[0], []).append((tuple(parts[1:]), canon))
        self.keys: dict[str, str] = {}

    def __bool__(self) -> bool:
        return bool(self.by_first)

    def annotate_reviews(self, reviews: list, conn: sqlite3.Connection | None = None) -> None:
        """Annotate analysed reviews (kept with their sequences); the words' canonical keys
        come from the index's vocabulary when it knows them (stemming is the slow part)."""
        if self.by_first:
            if conn is not None:
                self._prime(conn, {t for r in reviews for _, seq in r.sequences or () for _, t in seq})
            for review in reviews:
                for field_id, sequence in review.sequences or ():
                    self.annotate(sequence, review.postings[field_id])
        for review in reviews:
            review.sequences = None

    def _prime(self, conn: sqlite3.Connection, words: set[str]) -> None:
        wanted = [w for w in words if w not in self.keys and not (w[0].isupper() or w[0].isdigit())]
        for start in range(0, len(wanted), 900):
            chunk = wanted[start:start + 900]
            marks = ",".join("?" * len(chunk))
            for word, keys in conn.execute(
                f"SELECT word, keys FROM vocab WHERE kind = 'w' AND word IN ({marks})", chunk
            ):
                if keys:
                    self.keys[word] = keys.split()[0]

    def annotate(self, sequence: list[tuple[int, str]], terms: dict[str, list[int]]) -> None:
        cache = self.keys
        keys = []
        for _, term in sequence:
            key = cache.get(term)
            if key is None:
                key = cache[term] = _canonical(term)
            keys.append(key)
        by_first = self.by_first
        for i, key in enumerate(keys):
            options = by_first.get(key)
            if not options:
                continue
            start = sequence[i][0]
            for rest, canon in options:
                end = i + 1 + len(rest)
                if end > len(keys) or tuple(keys[i + 1:end]) != rest:
                    continue
                if sequence[end - 1][0] - start != len(rest):
                    continue  # not consecutive (an item boundary)
                terms.setdefault(annotation_term(canon), []).append(start)


def load_matcher(conn: sqlite3.Connection) -> ConceptMatcher:
    return ConceptMatcher(c for (c,) in conn.execute("SELECT canon FROM annotated"))


def choose_annotated(conn: sqlite3.Connection) -> None:
    """Fix the set of canons to annotate: every multi-word form of the lexicon (at rebuild)."""
    conn.execute("DELETE FROM annotated")
    conn.execute("INSERT OR IGNORE INTO annotated SELECT DISTINCT canon FROM lex_forms WHERE canon LIKE '% %'")


def annotated_among(conn: sqlite3.Connection, canons: Iterable[str]) -> set[str]:
    values = list(dict.fromkeys(canons))
    found: set[str] = set()
    for start in range(0, len(values), 900):
        chunk = values[start:start + 900]
        marks = ",".join("?" * len(chunk))
        found.update(c for (c,) in conn.execute(f"SELECT canon FROM annotated WHERE canon IN ({marks})", chunk))
    return found
