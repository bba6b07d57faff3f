"""What to do next when a search finds nothing and no correction does: advice that fits the query.

A clinician who typed a review's id (`mia_review_40`) wants the review: `mia show`. A field
(`author:`, `year:`, `journal:`, `keyword:`, `title:`, `section:`, `doi:`) that no review
matches alone is named, with where its values are listed (`mia stats --top 0` counts the
reviews per journal, keyword and reviewer; the years the articles span are given). Names
(words typed with a capital initial) are looked for in the reviewers and the articles' authors
too. Only words are left, for which another spelling or the other language may help.

Read only when nothing matched (the search imports this module then): each field is searched
alone, a few look-ups.
"""

from __future__ import annotations

from mia.base.sqlite import sqlite3
from mia.model.ids import ID_PATTERN
from mia.search.plan import Planner
from mia.search.query import DoiFilter, Query, Term, YearFilter
from mia.search.reader import IndexReader
from mia.search.scoring import Scorer
from mia.search.suggest import TITLE, case_of

WORDS = "Try fewer words, another spelling, or the term in the other language."
STATS = "mia stats --top 0"


def no_match_advice(conn: sqlite3.Connection, reader: IndexReader, query: Query) -> str:
    """The advice for `query`, which matched nothing (see the module's docstring)."""
    clauses = [clause for group in query.positive for clause in group]
    for clause in clauses:
        if isinstance(clause, Term) and not clause.field and ID_PATTERN.match(clause.text.lower()):
            return _id_advice(conn, clause.text.lower())
    for clause in clauses:
        if (isinstance(clause, (YearFilter, DoiFilter)) or clause.field) and not _matches(reader, clause):
            return _field_advice(conn, clause, _typed(query, clause))
    words = [clause.text for clause in clauses if isinstance(clause, Term) and not clause.field]
    if words and all(case_of(word) == TITLE for word in words):
        names = " ".join(words)
        return (f"No review names {names}, in its text, its reviewers or its article's authors. "
                f"{STATS} lists the reviewers.")
    return WORDS


def _id_advice(conn: sqlite3.Connection, review_id: str) -> str:
    number = int(ID_PATTERN.match(review_id).group(1))
    review_id = f"mia_review_{number}"
    if conn.execute("SELECT 1 FROM docs WHERE id = ?", (review_id,)).fetchone():
        return f"{review_id} is a review's id, which search does not read: open the review with mia show {review_id}."
    return f"No review has the id {review_id}: mia list shows the reviews and their ids (mia trash, those in the trash)."


def _field_advice(conn: sqlite3.Connection, clause, typed: str) -> str:
    if isinstance(clause, YearFilter):
        low, high = conn.execute("SELECT min(year), max(year) FROM docs WHERE year IS NOT NULL").fetchone()
        span = f" The articles are from {low} to {high}." if low is not None else ""
        return f"No review is of an article published {_years(clause)}.{span}"
    if isinstance(clause, DoiFilter):
        return (f"No review is of the article with {typed}: mia new --doi {typed.partition(':')[2]} "
                "writes one, the article's reference filled in.")
    value = clause.text
    if clause.field == "author":
        return (f"No review lists {value} among its reviewers or its article's authors. "
                f"{STATS} lists the reviewers; mia show ID a review's article and its authors.")
    if clause.field == "journal":
        return f"No review is of an article in {value}. {STATS} lists the journals of the reviews."
    if clause.field == "keyword":
        return f"No review has the keyword {value}. {STATS} lists the keywords."
    if clause.field == "title":
        return f"No review's title holds {value}. Without title:, mia search {value} reads the whole reviews."
    return (f"No review has a section {value} (by its heading, or its part: résultats, méthodes, discussion…). "
            f"Without section:, mia search {value} reads the whole reviews.")


def _years(clause: YearFilter) -> str:
    if clause.low == clause.high:
        return f"in {clause.low}"
    if clause.low is None:
        return f"up to {clause.high}"
    if clause.high is None:
        return f"from {clause.low} on"
    return f"from {clause.low} to {clause.high}"


def _matches(reader: IndexReader, clause) -> bool:
    """Whether some review matches `clause` alone."""
    candidates, _ = Scorer(reader, Planner(reader).plan(Query([[clause]], text="")), strict=True).run()
    return bool(candidates)


def _typed(query: Query, clause) -> str:
    """The clause as typed (`doi:10.1056/…`): its text from its position to the next space."""
    start = clause.position - 1
    rest = query.text[start:].split()
    return rest[0] if rest else ""
