"""What a search returns: hits the CLI renders and `--json` prints.

Plain classes rather than dataclasses, as in query.py: every search imports this module, and
each @dataclass costs about half a millisecond to build.
"""

from __future__ import annotations

from typing import Any


class Hit:
    """One review found.

    `snippet` is the best passage (about 200 characters) and `spans` the (start, end) offsets in
    it of the words that matched, for highlighting. `fields` names the fields that matched
    (title, keywords, article_title, headings, sections, authors, journal). `routes` says how
    expansions reached the review: "TPI ← ITP" means the review says TPI and the query said ITP.
    `matched` and `missing` list the query's words and concepts the review holds and lacks: every
    one is matched, none missing, unless no review held them all (a partial match).
    """

    __slots__ = ("id", "score", "title", "snippet", "spans", "fields", "journal", "year", "routes",
                 "article_title", "matched", "missing", "key_results")

    def __init__(self, id: str, score: float, title: str, snippet: str,
                 spans: list[tuple[int, int]] | None = None, fields: list[str] | None = None,
                 journal: str = "", year: int | None = None, routes: list[str] | None = None,
                 article_title: str = "", matched: list[str] | None = None,
                 missing: list[str] | None = None, key_results: dict[str, Any] | None = None) -> None:
        self.id = id
        self.score = score
        self.title = title
        self.snippet = snippet
        self.spans = spans if spans is not None else []
        self.fields = fields if fields is not None else []
        self.journal = journal
        self.year = year
        self.routes = routes if routes is not None else []
        self.article_title = article_title
        self.matched = matched if matched is not None else []
        self.missing = missing if missing is not None else []
        self.key_results = key_results  # the review's, as stored (None when it has none)

    def __repr__(self) -> str:
        return f"Hit({self.id!r}, score={self.score!r}, title={self.title!r})"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "score": self.score,
            "title": self.title,
            "snippet": self.snippet,
            "fields": list(self.fields),
            "matched": list(self.matched),
            "missing": list(self.missing),
            "spans": [list(span) for span in self.spans],
            "journal": self.journal,
            "year": self.year,
            "routes": list(self.routes),
            "key_results": self.key_results,
        }


class SearchResult:
    """The best hits, how many reviews matched in all, and suggestions when none did.

    `meanings` lists, for each ambiguous acronym of the query, its meanings best fit first.
    `partial` is None when the hits hold every word of the query; otherwise (the most words a hit
    holds, the query's words and concepts) for a soft-AND answer. `apart`: no review writes any
    form of the concepts typed, and the hits hold the words of one of its forms apart. `whole`:
    when fewer reviews hold every word than are shown and reviews holding most of them follow
    (`total` counts both), how many hold every word; else None. `advice`:
    when nothing matched and no correction does, what to try next, fit to the query (advice.py).
    """

    __slots__ = ("query", "hits", "total", "suggestions", "meanings", "reviews", "partial", "apart", "whole", "advice")

    def __init__(self, query: str, hits: list[Hit], total: int, suggestions: list[str] | None = None,
                 meanings: dict[str, list[str]] | None = None, reviews: int = 0) -> None:
        self.query = query
        self.hits = hits
        self.total = total
        self.suggestions = suggestions if suggestions is not None else []
        self.meanings = meanings if meanings is not None else {}
        self.reviews = reviews  # how many reviews were searched
        self.partial: tuple[int, list[str]] | None = None
        self.apart = False
        self.whole: int | None = None
        self.advice = ""

    def to_json(self) -> list[dict[str, Any]]:
        return [hit.to_json() for hit in self.hits]
