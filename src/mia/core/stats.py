"""`mia stats`: how many reviews per year, journal, keyword, design and reviewer.

The counts are kept in the search index and updated by every write (`mia.search.tallies`: what
each review adds, taken away and added again when it changes), so the command reads a few rows,
whatever the number of reviews; from the store's records when the index is not fresh (as
`mia list` does). Here the kept counts become charts: journals named as `mia list` names them,
timelines, `--top`. Nothing here prints: `mia.cli.render.stats_text` draws it.
"""

from __future__ import annotations

import heapq
import json
from collections import Counter
from typing import Any

from mia.model.journals import article_journal
from mia.search import facets_of
from mia.search.records import JOURNAL_NAME_KEYS
from mia.search.tallies import kept_tallies, label_of, shown_spelling, tallies_of_rows

#: The charts, in the order they are drawn: (name, title). Years are a timeline (every year
#: between the first and the last, oldest first); the others go from most to least frequent.
CHARTS = (
    ("review_year", "Reviews per year of review"),
    ("publication_year", "Reviews per year of the article's publication"),
    ("journal", "Reviews per journal"),
    ("keyword", "Reviews per keyword"),
    ("design", "Reviews per study design"),
    ("reviewer", "Reviews per reviewer"),
)
TIMELINES = {"review_year", "publication_year"}
#: What `--top` leaves as it is by default: charts longer than this show their most frequent.
DEFAULT_TOP = 10


def review_stats(store: Any, top: int | None = DEFAULT_TOP) -> dict[str, Any]:
    """The counts of every chart: {"reviews": total, "charts": {name: {"title", "counts":
    [{"label", "count"}], "missing", "more"}}}.

    `missing` counts the reviews that do not say (no date, no journal, no keyword, no design
    found, no author); `more` the labels left out by `top` (the most frequent `top` are kept;
    None or 0 keeps all; timelines are never cut)."""
    top = top or None
    tallies = kept_tallies(store, top)
    if tallies is None:  # the index is not fresh: the store's records
        tallies = tallies_of_rows([facets_of(record) for record in store.records()], top)
    return charts(tallies, top)


def count_charts(rows: list[list[Any]], top: int | None = DEFAULT_TOP) -> dict[str, Any]:
    """The charts from the facets of the reviews (`mia.search.records.FACETS`, one row each)."""
    return charts(tallies_of_rows(rows, top or None), top or None)


def charts(tallies: dict[str, Any], top: int | None) -> dict[str, Any]:
    """The charts from the counts (`mia.search.tallies.kept_tallies`)."""
    labels, missing = tallies["labels"], tallies["missing"]
    drawn = {}
    for name, title in CHARTS:
        if name in TIMELINES:
            counts = _timeline([{"label": year, "count": count} for year, count in labels.get(name, [])])
            more = 0
        elif name == "journal":
            counts, distinct = _merged(_journal_counts(labels.get(name, [])), top)
            more = distinct - len(counts)
        else:
            counts = [{"label": shown, "count": count} for shown, count in labels.get(name, [])]
            more = tallies["distinct"].get(name, 0) - len(counts)
        drawn[name] = {"title": title, "counts": counts, "missing": missing.get(name, 0), "more": more}
    return {"reviews": tallies["reviews"], "charts": drawn}


def _merged(counter: Counter, top: int | None = None) -> tuple[list[dict[str, Any]], int]:
    """The counts by label, most frequent first (the `top` first when given), and how many
    labels there are in all. Values of one label (`mia.search.tallies.label_of`: case and
    spacing aside) are one, shown as `shown_spelling` decides."""
    totals: dict[str, int] = {}
    spellings: dict[str, list[tuple[str, int]]] = {}
    for value, count in counter.items():
        if not isinstance(value, str):
            continue
        key, text = label_of(value)
        if not key:
            continue
        totals[key] = totals.get(key, 0) + count
        spellings.setdefault(key, []).append((text, count))
    order = lambda item: (-item[1], item[0])  # noqa: E731
    ordered = heapq.nsmallest(top, totals.items(), key=order) if top else sorted(totals.items(), key=order)
    return [{"label": shown_spelling(spellings[key]), "count": count} for key, count in ordered], len(totals)


#: The longest span of years a timeline fills with the years without a review (a mistyped year,
#: 1201 for 2021, must not draw eight centuries).
TIMELINE_SPAN = 60


def _timeline(counts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The years oldest first; every year between the first and the last (at 0 when no review
    has it) when they span `TIMELINE_SPAN` years or fewer, else only the years counted."""
    by_year = {int(item["label"]): item["count"] for item in counts}
    years = sorted(by_year)
    if years and years[-1] - years[0] < TIMELINE_SPAN:
        years = list(range(years[0], years[-1] + 1))
    return [{"label": str(year), "count": by_year.get(year, 0)} for year in years]


def _journal_counts(journals: list[tuple[str, int]]) -> Counter:
    """Reviews per journal as `mia list` shows it (`model.journals.article_journal`), worked out
    once per distinct (name as written, metadata's names) the counts keep."""
    counter: Counter = Counter()
    for key, count in journals:
        journal, names = json.loads(key)
        article = {"journal": journal, "metadata": dict(zip(JOURNAL_NAME_KEYS, names))}
        name = article_journal(article)
        if name:
            counter[name] += count
    return counter
