"""The counts `mia stats` draws, kept in the index and updated with every write.

What one review adds (`contributions`, from its `records.FACETS`): one to the total, one to its
year of review and of publication, to its journal (the name as written and the metadata's names:
`core.stats` names it as `mia list` does), one per keyword, design tag and reviewer (a label: its
spacing made single, compared without case; a review counts once per label, under the first
spelling it uses), or one to a chart's `missing` when the review says nothing there.

Kept in two tables of the index: `tally_spellings` (chart, label, spelling, count) and `tallies`
(chart, label, count, the spelling shown: the most frequent, the first in code-point order on a
tie), with an index giving a chart's most frequent labels at once. A rebuild counts them from
every review's facets (`recount`); a write subtracts what its reviews added before and adds what
they add now (`facets_before`, then `follow`, in the write's transaction), so `mia stats` reads
a few rows instead of counting 10,000 reviews. `kept_tallies` reads them from a fresh index;
`tallies_of_rows` gives the same answer from facets in memory (a store read when the index is not
fresh).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Iterable

from mia.base.sqlite import sqlite3
from mia.model.ids import review_number
from mia.search.records import FACETS, in_chunks, open_if_fresh, unpack
from mia.base import patterns

#: The charts counted by year, by journal (the raw names: `core.stats` names journals), and by
#: label (most frequent first, cut to `top` when read).
YEAR_CHARTS = ("review_year", "publication_year")
LABEL_CHARTS = ("keyword", "design", "reviewer")
#: (chart, label) rows that are not labels: the number of reviews, and what each chart misses.
REVIEWS, MISSING = "reviews", "missing"

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS tallies (chart TEXT NOT NULL, label TEXT NOT NULL, count INTEGER NOT NULL, "
    "shown TEXT NOT NULL, PRIMARY KEY (chart, label)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS tallies_top ON tallies (chart, count DESC, label)",
    "CREATE TABLE IF NOT EXISTS tally_spellings (chart TEXT NOT NULL, label TEXT NOT NULL, spelling TEXT NOT NULL, "
    "count INTEGER NOT NULL, PRIMARY KEY (chart, label, spelling)) WITHOUT ROWID",
)

_AT = {name: i for i, name in enumerate(FACETS)}
_YEAR = patterns.compile(r"^(\d{4})")


def year_of(value: Any) -> str | None:
    """The year of a date facet: an ISO date's first four digits, or a year given as a number."""
    if value.__class__ is str and value[:4].isdigit():  # the usual ISO date, quickly
        return value[:4]
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10000:
        return f"{value:04d}"
    if isinstance(value, str):
        match = _YEAR.match(value)
        return match.group(1) if match else None
    return None


def label_of(text: str) -> tuple[str, str]:
    """A text's label (spaces made single, compared without case) and its spelling as shown."""
    spelling = " ".join(text.split())
    return spelling.casefold(), spelling


def contributions(row: list[Any]) -> list[tuple[str, str, str]]:
    """What one review adds to the counts: (chart, label, spelling) entries, one each."""
    added = [(REVIEWS, "", "")]
    for chart, first, second in (("review_year", "published", "version_date"),
                                 ("publication_year", "article_date", "issued_year")):
        year = year_of(row[_AT[first]]) or year_of(row[_AT[second]])
        added.append((chart, year, year) if year else (MISSING, chart, chart))
    journal, names = row[_AT["journal"]], row[_AT["journal_names"]]
    if journal or names:
        key = json.dumps([journal, list(names) if isinstance(names, list) else []], ensure_ascii=False)
        added.append(("journal", key, key))
    else:
        added.append((MISSING, "journal", "journal"))
    for chart, facet in (("keyword", "keywords"), ("design", "design"), ("reviewer", "authors")):
        values = row[_AT[facet]]
        if not values:
            added.append((MISSING, chart, chart))
            continue
        seen: set[str] = set()
        for value in values if isinstance(values, list) else ():
            if not isinstance(value, str):
                continue
            label, spelling = label_of(value)
            if label and label not in seen:
                seen.add(label)
                added.append((chart, label, spelling))
    return added


def tally(rows: Iterable[list[Any]]) -> Counter:
    """(chart, label, spelling) -> how many reviews add it."""
    counter: Counter = Counter()
    for row in rows:
        counter.update(contributions(row))
    return counter


def _label_totals(spellings: Counter) -> dict[tuple[str, str], tuple[int, str]]:
    """(chart, label) -> (count, the spelling shown: `shown_spelling`)."""
    by_label: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for (chart, label, spelling), count in spellings.items():
        if count > 0:
            by_label.setdefault((chart, label), []).append((spelling, count))
    return {key: (sum(count for _, count in pairs), shown_spelling(pairs)) for key, pairs in by_label.items()}


def shown_spelling(spellings: Iterable[tuple[str, int]]) -> str:
    """The spelling a label is shown in, of its (spelling, count): the most frequent, the first
    in code-point order on a tie."""
    return min(spellings, key=lambda item: (-item[1], item[0]))[0]


# --- the tables -------------------------------------------------------------------------------


def ensure_tables(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA:
        conn.execute(statement)


def recount(conn: sqlite3.Connection) -> None:
    """Count every review's facets again (a rebuild, in its transaction)."""
    ensure_tables(conn)
    conn.execute("DELETE FROM tallies")
    conn.execute("DELETE FROM tally_spellings")
    # Row by row: a review's facets are decoded, counted and dropped (all at once held ~10 MB at
    # 10,000 reviews, and a rebuild's peak memory counts).
    spellings = tally(unpack(blob) for (blob,) in conn.execute("SELECT facets FROM docs"))
    conn.executemany("INSERT INTO tally_spellings VALUES (?, ?, ?, ?)",
                     [(c, l, s, n) for (c, l, s), n in spellings.items()])
    conn.executemany("INSERT INTO tallies VALUES (?, ?, ?, ?)",
                     [(c, l, n, shown) for (c, l), (n, shown) in _label_totals(spellings).items()])


def facets_before(conn: sqlite3.Connection, upserted: list[dict], removed_ids: list[str]) -> tuple[list[int], list]:
    """The review numbers a write touches and their facets as the index holds them before it."""
    nums = sorted({review_number(r["id"]) for r in upserted} | {review_number(i) for i in removed_ids})
    return nums, _facets_at(conn, nums)


def follow(conn: sqlite3.Connection, before: tuple[list[int], list]) -> None:
    """Update the counts after a write (`facets_before` read before it, same transaction): what
    the touched reviews added before is taken away, what they add now is added."""
    nums, old_rows = before
    delta = tally(_facets_at(conn, nums))
    delta.subtract(tally(old_rows))
    changed = {key: n for key, n in delta.items() if n}
    if not changed:
        return
    # (INSERT OR IGNORE then UPDATE, not an upsert: any SQLite a Python 3.10 may have runs it.)
    conn.executemany("INSERT OR IGNORE INTO tally_spellings VALUES (?, ?, ?, 0)", list(changed))
    conn.executemany("UPDATE tally_spellings SET count = count + ? WHERE chart = ? AND label = ? AND spelling = ?",
                     [(n, c, l, s) for (c, l, s), n in changed.items()])
    labels = sorted({(c, l) for c, l, _ in changed})
    for chart, label in labels:
        conn.execute("DELETE FROM tally_spellings WHERE chart = ? AND label = ? AND count <= 0", (chart, label))
        rows = conn.execute("SELECT spelling, count FROM tally_spellings WHERE chart = ? AND label = ?",
                            (chart, label)).fetchall()
        if not rows:
            conn.execute("DELETE FROM tallies WHERE chart = ? AND label = ?", (chart, label))
            continue
        conn.execute("INSERT OR REPLACE INTO tallies VALUES (?, ?, ?, ?)",
                     (chart, label, sum(n for _, n in rows), shown_spelling(rows)))


def _facets_at(conn: sqlite3.Connection, nums: list[int]) -> list:
    rows = []
    for chunk, marks in in_chunks(nums):
        rows += [unpack(blob) for (blob,) in conn.execute(f"SELECT facets FROM docs WHERE num IN ({marks})", chunk)]
    return rows


# --- reading ----------------------------------------------------------------------------------


def kept_tallies(store, top: int | None) -> dict[str, Any] | None:
    """The counts kept in a fresh index (None when it is not fresh), as `tallies_of_rows` gives
    them: {"reviews", "missing": {chart: n}, "labels": {chart: [(shown, count)]}, "distinct":
    {chart: n}}; the label charts most frequent first, cut to `top` (None: all)."""
    conn = open_if_fresh(store)
    if conn is None:
        return None
    try:
        conn.execute("BEGIN")  # one snapshot for every query below (a writer may commit meanwhile)
        answer: dict[str, Any] = {"reviews": 0, "missing": {}, "distinct": {},
                                  "labels": {chart: [] for chart in ("journal", *YEAR_CHARTS)}}
        for chart, label, count, shown in conn.execute(
                "SELECT chart, label, count, shown FROM tallies WHERE chart IN (?, ?, ?, ?, ?) ORDER BY chart, label",
                (REVIEWS, MISSING, "journal", *YEAR_CHARTS)):
            if chart == REVIEWS:
                answer["reviews"] = count
            elif chart == MISSING:
                answer["missing"][label] = count
            else:
                answer["labels"][chart].append((shown, count))
        for chart in LABEL_CHARTS:
            answer["labels"][chart] = conn.execute(
                "SELECT shown, count FROM tallies WHERE chart = ? ORDER BY count DESC, label LIMIT ?",
                (chart, top or -1)).fetchall()
            answer["distinct"][chart] = conn.execute(
                "SELECT COUNT(*) FROM tallies WHERE chart = ?", (chart,)).fetchone()[0]
        return answer
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()


def tallies_of_rows(rows: Iterable[list[Any]], top: int | None) -> dict[str, Any]:
    """The answer of `kept_tallies`, counted from facets in memory."""
    totals = _label_totals(tally(rows))
    answer: dict[str, Any] = {"reviews": totals.get((REVIEWS, ""), (0, ""))[0], "missing": {}, "labels": {},
                              "distinct": {}}
    by_chart: dict[str, list[tuple[str, str, int]]] = {}
    for (chart, label), (count, shown) in totals.items():
        if chart == MISSING:
            answer["missing"][label] = count
        elif chart != REVIEWS:
            by_chart.setdefault(chart, []).append((label, shown, count))
    for chart in ("journal", *YEAR_CHARTS):
        answer["labels"][chart] = [(shown, count) for label, shown, count in sorted(by_chart.get(chart, []))]
    for chart in LABEL_CHARTS:
        ordered = sorted(by_chart.get(chart, []), key=lambda item: (-item[2], item[0]))
        answer["labels"][chart] = [(shown, count) for _, shown, count in ordered[:top or None]]
        answer["distinct"][chart] = len(ordered)
    return answer
