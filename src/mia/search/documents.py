"""What of a review record is searched, in which field, and what the index keeps beside it.

The fields themselves (their ids, names and BM25F weights) are `fields.py`: a search reads them
without importing this module, which only the index's writes need (it brings the DOI and
section-role rules).
"""

from __future__ import annotations

from typing import Any

from mia.model.doi import doi_match_key
from mia.model.ids import review_number
from mia.model.journals import NLM_JOURNALS, abbreviation, article_journal
from mia.model.sections import ROLE_NAMES, fold, role_of
from mia.search.analysis import index_terms, normalise
from mia.search.records import encode_facets, encode_record, pack  # (records.py: show decodes records without this module)

from mia.search.fields import ARTICLE_TITLE, BODY, MAX_SHORT, SHOWN_JOURNAL, TITLE
from mia.base import patterns

_YEAR = patterns.compile(r"^(\d{4})")


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
        self.facets = pack([])  # records.FACETS, packed: what mia stats counts


def field_items(record: dict[str, Any]) -> list[list[str]]:
    """The texts of each field, as separate items (a phrase never spans two items)."""
    article = record.get("article") or {}
    sections = record.get("sections") or []
    people = list(record.get("authors") or []) + list(article.get("authors") or [])
    return [
        [record.get("title") or ""],
        list(record.get("keywords") or []),
        [article.get("title") or ""],
        heading_items(sections),
        [s.get("text") or "" for s in sections if isinstance(s, dict)],
        [p for p in people if isinstance(p, str)],
        journal_names(article),
    ]


def journal_names(article: dict[str, Any]) -> list[str]:
    """Every name of the article's journal, so that `journal:` finds it however it is typed: as
    the review wrote it, as the metadata service gives it (full and short), and for a journal of
    mia's table its NLM abbreviation, full name and acronym (`NEJM`, `N Engl J Med`, `New England
    Journal of Medicine`)."""
    names = [article.get("journal") or ""]
    metadata = article.get("metadata")
    if isinstance(metadata, dict):
        for key in SUMMARY_METADATA_KEYS:
            value = metadata.get(key)
            if isinstance(value, list):
                value = value[0] if value and isinstance(value[0], str) else ""
            if isinstance(value, str):
                names.append(value)
    for name in list(names):
        known = abbreviation(name) if name else None
        if known:
            names += [known, *NLM_JOURNALS[known]]
    return list(dict.fromkeys(n for n in names if n))


def heading_items(sections: list[Any]) -> list[str]:
    """The headings field's items: each section's heading as written, then the names of its
    role (`mia.model.sections.ROLE_NAMES`) that the heading does not already hold.

    So `section:résultats`, `section:results` and `section:resultats` find the sections whose
    role is results whatever their title ("Résultats principaux", "Main results", "Findings").
    The role is the record's, or the heading's for a record stored before roles existed.
    """
    items = []
    for section in sections:
        if not isinstance(section, dict):
            continue
        heading = section.get("heading") or ""
        items.append(heading)
        role = section.get("role")
        names = ROLE_NAMES.get(role if isinstance(role, str) and role else role_of(heading))
        if names:
            written = fold(heading).split()
            missing = [name for name in names if fold(name) not in written]
            if missing:
                items.append(" ".join(missing))
    return items


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


#: What a list row and a search hit show of a review (`core.listing.review_row`,
#: `engine.search_index`): the index's summary keeps these only, and of the article these.
SUMMARY_KEYS = ("id", "title", "published")
SUMMARY_ARTICLE_KEYS = ("title", "journal", "date")


def summary_of(record: dict[str, Any]) -> dict[str, Any]:
    """What a list and a search hit show of a record (`SUMMARY_KEYS`; of its article
    `SUMMARY_ARTICLE_KEYS` and the metadata's journal names: `journals.article_journal`); the
    whole record is in the index too. Keeping the rest (authors, keywords, source, dates of
    change, DOI…) made the summaries 70 of an index's 480 MB at 100,000 reviews."""
    summary = {k: record[k] for k in SUMMARY_KEYS if k in record}
    article = record.get("article")
    if isinstance(article, dict):
        kept = {k: article[k] for k in SUMMARY_ARTICLE_KEYS if k in article}
        metadata = article.get("metadata")
        if isinstance(metadata, dict):
            kept["metadata"] = {k: metadata[k] for k in SUMMARY_METADATA_KEYS if k in metadata}
        summary["article"] = kept
    # The journal as a list row and a search hit show it, worked out once here: a search then
    # does not import the journal names' module, and a list does not work it out per row.
    summary[SHOWN_JOURNAL] = article_journal(article) if isinstance(article, dict) else ""
    return summary


def analyse_review(record: dict[str, Any], dictionary: bytes, keep_sequences: bool = False) -> AnalysedReview:
    """Analyse one store record for the index (fields, lengths, year, DOI, learned acronyms,
    the record compressed with the index's `dictionary`: `records.encode_record`); with
    `keep_sequences`, the word sequences are kept for annotate.ConceptMatcher."""
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
        record_blob=encode_record(record, dictionary),
        acronyms=list(acronyms),
        sequences=sequences,
    )
    analysed.facets = encode_facets(record)
    return analysed
