"""`mia stats`: how many reviews per year, journal, keyword, design and reviewer.

Counted from the few values the search index keeps of each review for it (`mia.search.cached_facets`:
one short JSON array a review, not its summary), so the command answers at once at 10,000
reviews; from the store's records when the index is not fresh (as `mia list` does). Nothing here prints: `mia.cli.render.stats_text` draws it.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from itertools import chain
from typing import Any

from mia.model.journals import article_journal
from mia.search import cached_facets, facets_of
from mia.search.records import FACETS, JOURNAL_NAME_KEYS, cached_answer, remember_answer

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

_YEAR = re.compile(r"^(\d{4})")


def review_stats(store: Any, top: int | None = DEFAULT_TOP) -> dict[str, Any]:
    """The counts of every chart: {"reviews": total, "charts": {name: {"title", "counts":
    [{"label", "count"}], "missing", "more"}}}.

    `missing` counts the reviews that do not say (no date, no journal, no keyword, no design
    found, no author); `more` the labels left out by `top` (the most frequent `top` are kept;
    None or 0 keeps all; timelines are never cut)."""
    every = cached_answer(store, "stats")
    if every is None:
        signature = list(store.signature())
        rows = cached_facets(store, ids=None, rows_only=True)
        if rows is None:
            every = count_charts([facets_of(record) for record in store.records()], None)
        else:  # counted from the index: kept there for the next `mia stats` until the store changes
            every = count_charts(rows, None)
            remember_answer(store, "stats", every, signature)
    return keep_top(every, top)


def keep_top(stats: dict[str, Any], top: int | None) -> dict[str, Any]:
    """The counts with only the `top` most frequent labels of each chart that is not a timeline
    (as `count_charts(rows, top)` would give them)."""
    if not top:
        return stats
    charts = {}
    for name, chart in stats["charts"].items():
        if name not in TIMELINES and len(chart["counts"]) > top:
            chart = dict(chart, counts=chart["counts"][:top], more=chart["more"] + len(chart["counts"]) - top)
        charts[name] = chart
    return {"reviews": stats["reviews"], "charts": charts}


def count_charts(rows: list[list[Any]], top: int | None = DEFAULT_TOP) -> dict[str, Any]:
    """The charts from the facets of the reviews (`mia.search.records.FACETS`, one row each).

    Counted with Counter over the values as written, then merged by label (case and spacing
    aside) over the few distinct values: 10,000 reviews take a few milliseconds."""
    columns = list(zip(*rows)) if rows else [()] * len(FACETS)
    f = {name: columns[i] for i, name in enumerate(FACETS)}
    review_years = [_year(p) or _year(v) for p, v in zip(f["published"], f["version_date"])]
    publication_years = [_year(d) or _year(i) for d, i in zip(f["article_date"], f["issued_year"])]
    
    journals = Counter(zip(f["journal"], (tuple(n) if n else () for n in f["journal_names"])))
    top = top or None
    tallies = {
        "review_year": _merged(Counter(review_years)),
        "publication_year": _merged(Counter(publication_years)),
        "journal": _merged(_journal_counts(journals), top),
        "keyword": _merged(_lists(f["keywords"]), top),
        "design": _merged(_lists(f["design"]), top),
        "reviewer": _merged(_lists(f["authors"]), top),
    }
    missing = {
        "review_year": review_years.count(None),
        "publication_year": publication_years.count(None),
        "journal": sum(count for (journal, names), count in journals.items() if not (journal or names)),
        "keyword": _empty(f["keywords"]),
        "design": _empty(f["design"]),
        "reviewer": _empty(f["authors"]),
    }
    charts = {}
    for name, title in CHARTS:
        counts, distinct = tallies[name]
        if name in TIMELINES:
            counts, more = _timeline(counts), 0
        else:
            more = distinct - len(counts)
        charts[name] = {"title": title, "counts": counts, "missing": missing[name], "more": more}
    return {"reviews": len(rows), "charts": charts}


def _lists(column) -> Counter:
    """How many reviews name each value of a list field: a review counts once per label, so
    values of one review that differ only by case or surrounding spaces count once (counted
    with C-level Counter and map: the careful per-value loop only for such reviews)."""
    counter: Counter = Counter()
    careful: list[list] = []
    try:
        counter.update(chain.from_iterable(
            values if len(values) < 2 or len(set(map(str.strip, map(str.casefold, values)))) == len(values)
            else careful.append(values) or ()
            for values in column if values))
    except TypeError:  # a value that is not text (a store edited by hand)
        counter, careful = Counter(), [values for values in column if isinstance(values, list)]
    for values in careful:
        seen: set[str] = set()
        for value in values:
            if isinstance(value, str) and " ".join(value.split()).casefold() not in seen:
                seen.add(" ".join(value.split()).casefold())
                counter[value] += 1
    return counter


def _empty(column) -> int:
    """The reviews with nothing in a list field."""
    return sum(1 for values in column if not values)


def _merged(counter: Counter, top: int | None = None) -> tuple[list[dict[str, Any]], int]:
    """The counts by label, most frequent first (the `top` first when given), and how many
    labels there are in all. Values that differ only by case and surrounding spaces are one
    label, shown as its most frequent spelling (the first met on a tie)."""
    totals: dict[str, int] = {}
    spelling: dict[str, tuple[int, str]] = {}
    for value, count in counter.items():
        if value is None:
            continue
        text = value if value.__class__ is str else str(value)
        key = text.casefold()
        if key[:1].isspace() or key[-1:].isspace() or "  " in key:
            text = " ".join(text.split())
            key = text.casefold()
        if not key:
            continue
        if key in totals:
            totals[key] += count
            if count > spelling[key][0]:
                spelling[key] = (count, text)
        else:
            totals[key] = count
            spelling[key] = (count, text)
    order = lambda item: (-item[1], spelling[item[0]][1].casefold())  # noqa: E731
    ordered = heapq.nsmallest(top, totals.items(), key=order) if top else sorted(totals.items(), key=order)
    return [{"label": spelling[key][1], "count": count} for key, count in ordered], len(totals)


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


def _year(value: Any) -> str | None:
    if value.__class__ is str and value[:4].isdigit():  # the usual ISO date, quickly
        return value[:4]
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10000:
        return f"{value:04d}"
    if isinstance(value, str):
        match = _YEAR.match(value)
        return match.group(1) if match else None
    return None


def _journal_counts(journals: Counter) -> Counter:
    """Reviews per journal as `mia list` shows it (`model.journals.article_journal`), worked out
    once per distinct (name as written, metadata's names)."""
    counter: Counter = Counter()
    for (journal, names), count in journals.items():
        article = {"journal": journal, "metadata": dict(zip(JOURNAL_NAME_KEYS, names))}
        name = article_journal(article)
        if name:
            counter[name] += count
    return counter
