"""What of a review record is searched, in which field, and what the index keeps beside it.

Fields, in the order of their ids (the ids are stored in the index: append, never reorder):
the review's title, its keywords, the article's title, the section headings, the section texts,
the people (the review's authors and the article's), and the journal. Their weights follow
BM25F: what the reviewer chose as title and keywords says most about a review, the article title
next, then the text.
"""

from __future__ import annotations

import re
from typing import Any

from mia.model.doi import doi_match_key
from mia.model.ids import review_number
from mia.search.analysis import index_terms, normalise
from mia.search.records import encode_facets, encode_record  # (records.py: show decodes records without this module)

TITLE, KEYWORDS, ARTICLE_TITLE, HEADINGS, BODY, AUTHORS, JOURNAL = range(7)
FIELD_NAMES = ("title", "keywords", "article_title", "headings", "sections", "authors", "journal")
FIELD_COUNT = len(FIELD_NAMES)
FIELD_WEIGHTS = (4.0, 3.5, 2.5, 1.5, 1.0, 2.0, 1.0)
FIELD_B = (0.5, 0.5, 0.5, 0.5, 0.75, 0.3, 0.3)
MAX_SHORT = 65535  # lengths, term frequencies and positions are stored as 16-bit integers

_YEAR = re.compile(r"^(\d{4})")


class AnalysedReview:
    """A record analysed for the index: postings per field, lengths, filters, learned acronyms.

    A plain class, not a dataclass: a search imports this module, and building a dataclass
    costs ~0.5 ms at import."""

    __slots__ = ("num", "id", "postings", "lengths", "year", "doi", "summary", "record_blob",
                 "acronyms", "sequences", "facets")

    def __init__(
        self, num: int, id: str, postings: list[dict[str, list[int]]], lengths: list[int],
        year: int | None, doi: str, summary: dict[str, Any], record_blob: bytes,
        acronyms: list[tuple[str, str]] | None = None,
        sequences: list[tuple[int, tuple[list[int], list[str]]]] | None = None,
    ) -> None:
        self.num = num
        self.id = id
        self.postings = postings  # per field: term -> positions
        self.lengths = lengths
        self.year = year
        self.doi = doi
        self.summary = summary
        self.record_blob = record_blob
        self.acronyms = acronyms if acronyms is not None else []  # (short form, long form)
        # (field, (positions, words)) of each item, kept for annotate.ConceptMatcher when asked
        self.sequences = sequences
        self.facets = "[]"  # records.FACETS as JSON: what mia stats counts


def field_items(record: dict[str, Any]) -> list[list[str]]:
    """The texts of each field, as separate items (a phrase never spans two items)."""
    article = record.get("article") or {}
    sections = record.get("sections") or []
    people = list(record.get("authors") or []) + list(article.get("authors") or [])
    journals = [article.get("journal") or ""]
    metadata = article.get("metadata")
    if isinstance(metadata, dict):
        container = metadata.get("container-title")
        if isinstance(container, list):
            container = container[0] if container and isinstance(container[0], str) else ""
        if isinstance(container, str) and container and container not in journals:
            journals.append(container)
    return [
        [record.get("title") or ""],
        list(record.get("keywords") or []),
        [article.get("title") or ""],
        [s.get("heading") or "" for s in sections if isinstance(s, dict)],
        [s.get("text") or "" for s in sections if isinstance(s, dict)],
        [p for p in people if isinstance(p, str)],
        [j for j in journals if j],
    ]


def record_year(record: dict[str, Any]) -> int | None:
    """The article's year, falling back on the review's publication date."""
    article = record.get("article") or {}
    for value in (article.get("date"), _metadata_year(article.get("metadata")), record.get("published")):
        if isinstance(value, int):
            return value
        if isinstance(value, str):
            match = _YEAR.match(value)
            if match:
                return int(match.group(1))
    return None


def _metadata_year(metadata: Any) -> int | None:
    if not isinstance(metadata, dict):
        return None
    try:
        return int(metadata["issued"]["date-parts"][0][0])
    except (KeyError, IndexError, TypeError, ValueError):
        return None


# What a list needs of the resolved metadata: the journal's names, for its abbreviation.
SUMMARY_METADATA_KEYS = ("container-title", "container-title-short", "journalAbbreviation")


#: Parts of a record a list's summary has no use for (the whole record is in the index too).
SUMMARY_LEAVES_OUT = ("sections", "history", "key_results")


def summary_of(record: dict[str, Any]) -> dict[str, Any]:
    """The record without its sections, history, key results (their source sentences doubled
    what `mia list` decodes) and most of its resolved metadata: what a list shows (the metadata
    keeps only the journal's names)."""
    summary = {k: v for k, v in record.items() if k not in SUMMARY_LEAVES_OUT}
    article = dict(record.get("article") or {})
    metadata = article.get("metadata")
    if isinstance(metadata, dict):
        article["metadata"] = {k: metadata[k] for k in SUMMARY_METADATA_KEYS if k in metadata}
    summary["article"] = article
    return summary


def analyse_review(record: dict[str, Any], keep_sequences: bool = False) -> AnalysedReview:
    """Analyse one store record for the index (fields, lengths, year, DOI, learned acronyms);
    with `keep_sequences`, the word sequences are kept for annotate.ConceptMatcher."""
    from mia.search.acronyms import find_acronyms

    review_id = record["id"]
    postings: list[dict[str, list[int]]] = []
    lengths: list[int] = []
    acronyms: dict[tuple[str, str], None] = {}
    sequences: list[tuple[int, tuple[list[int], list[str]]]] | None = [] if keep_sequences else None
    for field_id, items in enumerate(field_items(record)):
        terms: dict[str, list[int]] = {}
        position = 0
        length = 0
        for item in items:
            text = normalise(item)
            if not text:
                continue
            sequence: tuple[list[int], list[str]] | None = ([], []) if sequences is not None else None
            end, words = index_terms(text, position, terms, MAX_SHORT, sequence)
            if sequence and sequence[0]:
                sequences.append((field_id, sequence))
            length += words
            if words:
                position = end + 1  # a gap: no phrase across items
            if field_id in (BODY, ARTICLE_TITLE, TITLE) and "(" in text:
                for pair in find_acronyms(text):
                    acronyms[pair] = None
        postings.append(terms)
        lengths.append(min(length, MAX_SHORT))
    doi = doi_match_key((record.get("article") or {}).get("doi") or "")
    analysed = AnalysedReview(
        num=review_number(review_id),
        id=review_id,
        postings=postings,
        lengths=lengths,
        year=record_year(record),
        doi=doi,
        summary=summary_of(record),
        record_blob=encode_record(record),
        acronyms=list(acronyms),
        sequences=sequences,
    )
    analysed.facets = encode_facets(record)
    return analysed
