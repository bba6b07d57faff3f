"""What `mia list` shows of each review: one row of plain fields, the journal as references
name it (`doi.citation.journal_abbreviation`) and the year of the article's date."""

from __future__ import annotations

from typing import Any

from mia.doi.citation import journal_abbreviation
from mia.model.review import Article


def review_row(record: dict[str, Any]) -> dict[str, str]:
    """id, title, journal, year and published of a store record (or the index's summary of one)."""
    article = record.get("article") or {}
    return {
        "id": record["id"],
        "title": record.get("title", ""),
        "journal": journal_abbreviation(Article(journal=article.get("journal", ""), metadata=article.get("metadata"))),
        "year": (article.get("date") or "")[:4],
        "published": record.get("published", ""),
    }
