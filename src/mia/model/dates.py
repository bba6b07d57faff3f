"""Dates: the forms the record keeps, and **where a date written in a review is read**.

The record keeps ISO 8601 dates. The club's own dates (a version's, the review's publication)
are days (`2021-10-30`). The reviewed article's date keeps the precision its byline gives: a
day, a month (`2014-03`) or a year (`2014`) — a byline often names the year only
(`McMurray JJV et al., N Engl J Med, 2014`), and a year is what a reference cites. Whatever reads
a date takes its year as the first four characters, its parts split at "-".

`written_date` reads a date as a member writes it: `12.03.2014` (or with / or -), `2014-03-12`,
`12 mars 2014`, `March 12, 2014`, `2014 Mar 12` (PubMed's), `03/2014`, `mars 2014`, `Mar 2014`, `2014` (French and English
month names, accents and a final dot optional).
"""

from __future__ import annotations

import datetime
import re

from mia.base import patterns
from mia.model.sections import fold

#: A day, as the club's dates are kept (`version_date`, `published`).
DAY = patterns.compile(r"^\d{4}-\d{2}-\d{2}$")
#: An article's date: a day, a month or a year.
ARTICLE_DATE = patterns.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-\d{2})?)?$")

_MONTHS = {
    **dict.fromkeys(("janvier", "janv", "jan", "january"), 1),
    **dict.fromkeys(("fevrier", "fevr", "fev", "february", "feb"), 2),
    **dict.fromkeys(("mars", "march", "mar"), 3),
    **dict.fromkeys(("avril", "avr", "april", "apr"), 4),
    **dict.fromkeys(("mai", "may"), 5),
    **dict.fromkeys(("juin", "june", "jun"), 6),
    **dict.fromkeys(("juillet", "juil", "july", "jul"), 7),
    **dict.fromkeys(("aout", "august", "aug"), 8),
    **dict.fromkeys(("septembre", "sept", "sep", "september"), 9),
    **dict.fromkeys(("octobre", "oct", "october"), 10),
    **dict.fromkeys(("novembre", "nov", "november"), 11),
    **dict.fromkeys(("decembre", "dec", "december"), 12),
}
_YEAR = r"(?:1[89]|2[01])\d\d"
#: A month's name, accents optional (`f[eé]vrier`), then a word's end and an optional dot.
_NAME = "(?:" + "|".join(
    "".join({"e": "[eéè]", "u": "[uû]"}.get(c, c) for c in name) for name in sorted(_MONTHS, key=len, reverse=True)
) + r")(?![^\W\d_])\.?"
#: The written forms, each with its named groups (day, month or month name, year).
WRITTEN_DATE = (
    rf"(?P<d1>\d{{1,2}})[./-](?P<m1>\d{{1,2}})[./-](?P<y1>{_YEAR})"
    rf"|(?P<y2>{_YEAR})-(?P<m2>\d{{1,2}})(?:-(?P<d2>\d{{1,2}}))?"
    rf"|(?P<m3>\d{{1,2}})[./-](?P<y3>{_YEAR})"
    rf"|(?:(?P<d4>\d{{1,2}})(?:er)?\.?\s+)?(?P<n4>{_NAME})\s+(?P<y4>{_YEAR})"
    rf"|(?P<n5>{_NAME})\s+(?P<d5>\d{{1,2}}),?\s+(?P<y5>{_YEAR})"
    rf"|(?P<y7>{_YEAR})\s+(?P<n7>{_NAME})(?:\s+(?P<d7>\d{{1,2}}))?"
    rf"|(?P<y6>{_YEAR})"
)
_WHOLE = patterns.compile(rf"^\s*(?:{WRITTEN_DATE})\s*\.?\s*$", re.IGNORECASE)


class WrittenDate:
    """A date read from a text: `iso` ("" when its parts name no real date), its precision
    ("day", "month" or "year") and the text it was read from."""

    __slots__ = ("iso", "precision", "text")

    def __init__(self, iso: str, precision: str, text: str) -> None:
        self.iso, self.precision, self.text = iso, precision, text

    def __repr__(self) -> str:
        return f"WrittenDate({self.iso!r}, {self.precision!r}, {self.text!r})"


def written_date(text: str) -> WrittenDate | None:
    """The date `text` holds whole, in one of the written forms (module doc); None when it is
    not one (`printemps 2014`)."""
    match = _WHOLE.match(text)
    return date_of_match(match, text.strip()) if match else None


def date_of_match(match: re.Match, text: str) -> WrittenDate:
    """The date of a match of a pattern holding `WRITTEN_DATE` (its groups), `text` the date as
    written."""
    found = {key: value for key, value in match.groupdict().items() if value and key[-1].isdigit()}
    form = next((key[-1] for key in found if key[0] in "ymn"), "")
    year = int(found.get("y" + form, "0"))
    day = found.get("d" + form)
    if "n" + form in found:
        month = _MONTHS[fold(found["n" + form].rstrip("."))]
    else:
        month = int(found["m" + form]) if "m" + form in found else None
    if month is None:
        return WrittenDate(f"{year:04d}", "year", text)
    try:
        if day is None:
            datetime.date(year, month, 1)
            return WrittenDate(f"{year:04d}-{month:02d}", "month", text)
        return WrittenDate(datetime.date(year, month, int(day)).isoformat(), "day", text)
    except ValueError:
        return WrittenDate("", "day" if day else "month", text)
