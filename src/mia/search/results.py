"""What a search returns: hits the CLI renders and `--json` prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Hit:
    """One review found.

    `snippet` is the best passage (about 200 characters) and `spans` the (start, end) offsets in
    it of the words that matched, for highlighting. `matched` names the fields that matched
    (title, keywords, article_title, headings, sections, authors, journal). `routes` says how
    expansions reached the review: "TPI ← ITP" means the review says TPI and the query said ITP.
    """

    id: str
    score: float
    title: str
    snippet: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)
    journal: str = ""
    year: int | None = None
    routes: list[str] = field(default_factory=list)
    article_title: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "score": self.score,
            "title": self.title,
            "snippet": self.snippet,
            "matched": list(self.matched),
            "spans": [list(span) for span in self.spans],
            "journal": self.journal,
            "year": self.year,
            "routes": list(self.routes),
        }


@dataclass
class SearchResult:
    """The best hits, how many reviews matched in all, and suggestions when none did.

    `meanings` lists, for each ambiguous acronym of the query, its meanings best fit first.
    """

    query: str
    hits: list[Hit]
    total: int
    suggestions: list[str] = field(default_factory=list)
    meanings: dict[str, list[str]] = field(default_factory=dict)
    reviews: int = 0  # how many reviews were searched

    def to_json(self) -> list[dict[str, Any]]:
        return [hit.to_json() for hit in self.hits]
