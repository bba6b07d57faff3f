"""What `mia list` shows of each review: one row of plain fields, the journal as references
name it (`model.journals.article_journal`) and the year of the article's date."""

from __future__ import annotations

from typing import Any

from mia.model.journals import article_journal


def review_row(record: dict[str, Any]) -> dict[str, str]:
    """id, title, journal, year and published of a store record (or the index's summary of one)."""
    article = record.get("article") or {}
    return {
        "id": record["id"],
        "title": record.get("title", ""),
        "journal": article_journal(article),
        "year": (article.get("date") or "")[:4],
        "published": record.get("published", ""),
    }
