"""The review record: dataclasses and their JSON form (DESIGN.md, "The review record").

`Review.to_dict()` is exactly what the store keeps and what `--json` prints; `Review.from_dict()`
reads it back and validates it. Nothing here does I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from mia.base.errors import BadInput
from mia.model.dates import ARTICLE_DATE, DAY
from mia.model.doi import doi_key, is_valid_doi
from mia.model.ids import ID_PATTERN, normalise_id, review_number  # noqa: F401  (the id helpers live in ids.py)
from mia.model.sections import ROLES, role_of

ISO_DATE = DAY  # (the club's own dates; an article's may be a month or a year: `mia.model.dates`)
#: The record field naming the original PDF a review was imported from, kept beside the store
#: (`mia.store.attachments`): `{"sha256": …, "name": "mia_review_40.pdf", "size": 123456}`.
#: A field of `extra`, so a store written before it, and a mia that does not know it, read as before.
PDF_FIELD = "pdf"
#: The folder of PDFs beside an export (a JSON file, a folder of Markdown files).
PDF_EXPORT_FOLDER = "mia-files"
#: The record field of an unsettled sync conflict (`mia.sync`): the same field or section was
#: edited differently by two members, both texts are kept as successive versions, and
#: `{"fields": ['section "Discussion"'], "versions": ["V1", "V2"], "members": ["Marie", "Jean"]}`
#: names what conflicted, the earlier edit's version (in `history`) and the current one, and
#: whose text each is (when the sync knew the names; notes of an earlier mia have none). It travels with the review (the
#: bookkeeping block of its Markdown file on the club's remote), so every member's store lists
#: it, until a member edits the review (a new version never carries it) or accepts it
#: (`mia conflicts --accept`). A field of `extra`: not what a version *says* (`content_dict`).
CONFLICT_FIELD = "conflict"


@dataclass
class Section:
    """A section: its heading as written, its text, and its role (`mia.model.sections.ROLES`:
    `results` for "Résultats principaux" or "Main results"; "" for a heading outside the
    vocabulary). A section made without a role gets the one its heading names, so records
    written before roles existed read the same as new ones."""

    heading: str
    text: str
    role: str = ""

    def __post_init__(self) -> None:
        if not self.role:
            self.role = role_of(self.heading)

    def to_dict(self) -> dict[str, Any]:
        return {"heading": self.heading, "text": self.text, "role": self.role}


@dataclass
class Article:
    """The reviewed article as the compte-rendu gives it, plus what its DOI resolved to."""

    doi: str = ""
    title: str = ""
    authors: list[str] = field(default_factory=list)
    et_al: bool = False
    journal: str = ""
    date: str = ""
    metadata: dict[str, Any] | None = None
    #: What a review file gave as the DOI when it is not one (`11.abc/not a doi`): kept for the
    #: reader, never resolved nor cited as a DOI (`set_aside_invalid_doi`).
    doi_note: str = ""

    def __post_init__(self) -> None:
        # One form for every importer and edit: `https://doi.org/10.1056/X` is stored as `10.1056/X`.
        self.doi = doi_key(self.doi) if self.doi else ""

    def set_aside_invalid_doi(self) -> str:
        """An invalid DOI is not kept as the DOI: its text moves to `doi_note` (the DOI is left
        empty), and is returned; "" when the DOI is valid or empty."""
        if not self.doi or is_valid_doi(self.doi):
            return ""
        self.doi_note, self.doi = self.doi, ""
        return self.doi_note

    def to_dict(self) -> dict[str, Any]:
        record = {
            "doi": self.doi,
            "title": self.title,
            "authors": list(self.authors),
            "et_al": self.et_al,
            "journal": self.journal,
            "date": self.date,
            "metadata": self.metadata,
        }
        if self.doi_note:  # (only then: the records of every other review stay as they were)
            record["doi_note"] = self.doi_note
        return record


@dataclass
class Review:
    id: str
    title: str
    sections: list[Section]
    version: str = "V0"
    version_date: str = ""
    published: str = ""
    authors: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    language: str = "fr"
    article: Article = field(default_factory=Article)
    source: dict[str, Any] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)
    added: str = ""
    updated: str = ""
    # Fields a later version of mia may add are kept as they are, never dropped.
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def number(self) -> int:
        return review_number(self.id)

    def to_dict(self) -> dict[str, Any]:
        record = {
            "id": self.id,
            "version": self.version,
            "version_date": self.version_date,
            "title": self.title,
            "published": self.published,
            "authors": list(self.authors),
            "keywords": list(self.keywords),
            "language": self.language,
            "article": self.article.to_dict(),
            "sections": [s.to_dict() for s in self.sections],
            "source": dict(self.source),
            "history": list(self.history),
            "added": self.added,
            "updated": self.updated,
        }
        for key, value in self.extra.items():
            record.setdefault(key, value)
        return record

    def content_dict(self) -> dict[str, Any]:
        """The record without bookkeeping (history, times, source): what a version *says*."""
        record = self.to_dict()
        for key in ("history", "added", "updated", "source", CONFLICT_FIELD):
            record.pop(key, None)
        record["article"] = dict(record["article"], metadata=None)
        return record

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> "Review":
        """Build a review from its JSON record, raising BadInput naming the faulty field."""
        if not isinstance(record, dict):
            raise BadInput("A review record must be a JSON object.")
        known = {
            "id", "version", "version_date", "title", "published", "authors", "keywords",
            "language", "article", "sections", "source", "history", "added", "updated",
        }
        review_id = _text(record, "id", required=True)
        if not ID_PATTERN.match(review_id):
            raise BadInput(f"The review id '{review_id}' is not of the form mia_review_N.")
        article_record = record.get("article") or {}
        if not isinstance(article_record, dict):
            raise BadInput(f"{review_id}: 'article' must be an object.")
        metadata = article_record.get("metadata")
        if metadata is not None and not isinstance(metadata, dict):
            raise BadInput(f"{review_id}: 'article.metadata' must be an object or null.")
        article = Article(
            doi=_text(article_record, "doi"),
            title=_text(article_record, "title"),
            authors=_text_list(article_record, "authors"),
            et_al=bool(article_record.get("et_al", False)),
            journal=_text(article_record, "journal"),
            date=_date(article_record, "date", ARTICLE_DATE),
            metadata=metadata,
            doi_note=_text(article_record, "doi_note"),
        )
        sections_record = record.get("sections")
        if not isinstance(sections_record, list):
            raise BadInput(f"{review_id}: 'sections' must be a list.")
        sections = []
        for number, item in enumerate(sections_record, 1):
            if not isinstance(item, dict):
                raise BadInput(f"{review_id}: section {number} must be an object.")
            role = _text(item, "role").strip().casefold()
            if role and role not in ROLES:
                raise BadInput(
                    f"{review_id}: section {number} has the role '{role}', which is not one of "
                    f"{', '.join(ROLES)} (leave it out and mia takes it from the heading)."
                )
            sections.append(Section(heading=_text(item, "heading"), text=_text(item, "text"), role=role))
        history = record.get("history") or []
        if not isinstance(history, list) or not all(isinstance(h, dict) for h in history):
            raise BadInput(f"{review_id}: 'history' must be a list of records.")
        source = record.get("source") or {}
        if not isinstance(source, dict):
            raise BadInput(f"{review_id}: 'source' must be an object.")
        review = cls(
            id=review_id,
            title=_text(record, "title", required=True),
            sections=sections,
            version=_text(record, "version") or "V0",
            version_date=_date(record, "version_date"),
            published=_date(record, "published"),
            authors=_text_list(record, "authors"),
            keywords=_text_list(record, "keywords"),
            language=_text(record, "language") or "fr",
            article=article,
            source=source,
            history=history,
            added=_text(record, "added"),
            updated=_text(record, "updated"),
            extra={k: v for k, v in record.items() if k not in known},
        )
        review.validate()
        return review

    def validate(self) -> None:
        """The rules every stored review obeys; raises BadInput saying which one is broken."""
        if not ID_PATTERN.match(self.id):
            raise BadInput(f"The review id '{self.id}' is not of the form mia_review_N.")
        if not self.title.strip():
            raise BadInput(f"{self.id} has no title.")
        if not self.sections:
            raise BadInput(f"{self.id} has no section.")
        for label, value in (("version_date", self.version_date), ("published", self.published)):
            if value and not ISO_DATE.match(value):
                raise BadInput(f"{self.id}: {label} '{value}' is not a date of the form YYYY-MM-DD.")
        if self.article.date and not ARTICLE_DATE.match(self.article.date):
            raise BadInput(f"{self.id}: article.date '{self.article.date}' is not a date of the form "
                           "YYYY-MM-DD, YYYY-MM or YYYY.")


def unsettled_conflict(record: dict[str, Any]) -> dict[str, list[str]] | None:
    """The record's unsettled sync conflict (`CONFLICT_FIELD`): its fields and versions
    (earlier, current), and `members` (whose text each version is) when the sync that found it
    knew their names; None without one. A note naming another current version than the
    record's is settled: the review was edited since."""
    note = record.get(CONFLICT_FIELD)
    if not isinstance(note, dict):
        return None
    fields, versions = note.get("fields"), note.get("versions")
    if not (isinstance(fields, list) and isinstance(versions, list) and versions):
        return None
    if not all(isinstance(item, str) for item in (*fields, *versions)):
        return None
    if versions[-1] != record.get("version"):
        return None
    found = {"fields": list(fields), "versions": list(versions)}
    members = note.get("members")
    if isinstance(members, list) and len(members) == len(versions) and all(isinstance(name, str) for name in members):
        found["members"] = list(members)
    return found


def _text(record: dict[str, Any], key: str, *, required: bool = False) -> str:
    value = record.get(key)
    if value is None:
        if required:
            raise BadInput(f"The review record has no '{key}'.")
        return ""
    if not isinstance(value, str):
        raise BadInput(f"'{key}' must be text, not {type(value).__name__}.")
    if required and not value.strip():
        raise BadInput(f"The review record's '{key}' is empty.")
    return value


def _text_list(record: dict[str, Any], key: str) -> list[str]:
    value = record.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadInput(f"'{key}' must be a list of texts.")
    return list(value)


def _date(record: dict[str, Any], key: str, form: re.Pattern = ISO_DATE) -> str:
    value = _text(record, key)
    if value and not form.match(value):
        forms = "YYYY-MM-DD" if form is ISO_DATE else "YYYY-MM-DD, YYYY-MM or YYYY"
        raise BadInput(f"'{key}' must be a date of the form {forms}, not '{value}'.")
    return value
