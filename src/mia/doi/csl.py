"""Reading what sources say about an article into plain values: names, dates, pages, text.

Two sources: CSL-JSON from the metadata services (names as `{"family", "given"}`, dates as
`{"date-parts": [[2021, 9, 2]]}`, titles with `<i>` markup and `&amp;`), and the compte-rendus
(names as the club writes them: `C. A. Bradbury`). Citations and the consistency check build on
these; nothing here knows a citation style.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from mia.model.journals import plain_metadata_text as clean_text  # the one rule for metadata text


class Person:
    """A name. A plain class, not a dataclass: `mia show` imports this module, and building a
    dataclass costs ~0.5 ms."""

    __slots__ = ("family", "given", "suffix", "literal")

    def __init__(self, family: str = "", given: str = "", suffix: str = "", literal: str = "") -> None:
        self.family = family
        self.given = given
        self.suffix = suffix
        self.literal = literal  # an organisation ("RECOVERY Collaborative Group"), kept whole

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Person) and (self.family, self.given, self.suffix, self.literal) == (
            other.family, other.given, other.suffix, other.literal)

    def __repr__(self) -> str:
        return f"Person(family={self.family!r}, given={self.given!r}, suffix={self.suffix!r}, literal={self.literal!r})"

    @property
    def initials(self) -> str:
        """NLM initials, no dots: `Charlotte A.` -> `CA`, `Jean-Pierre` -> `JP`."""
        parts = [part for part in re.split(r"[\s.\-]+", self.given) if part and part[0].isalpha()]
        # `CA` (initials already, as NLM writes them) gives both letters; `Charlotte` its first.
        return "".join(part if part.isupper() and len(part) <= 3 else part[0].upper() for part in parts)


def csl_person(entry: Any) -> Person | None:
    if not isinstance(entry, dict):
        return None
    family = clean_text(entry.get("family"))
    particle = clean_text(entry.get("non-dropping-particle"))
    if family and particle:
        family = f"{particle} {family}"
    literal = clean_text(entry.get("literal") or entry.get("name"))
    given = clean_text(entry.get("given"))
    if family and not given and not literal and is_group_name(family):
        # Some sources put a group in `family` ("WOMAN Trial Collaborators"): it is one name.
        return Person(literal=family)
    if not family and not literal:
        return None
    return Person(family=family, given=given, suffix=clean_text(entry.get("suffix")), literal=literal)


#: Words that make a name a group's ("WOMAN Trial Collaborators", "Groupe d'étude…"), folded to ASCII.
_GROUP_WORDS = frozenset(
    "collaborators collaborative collaboration collaborateurs group groups groupe investigators investigateurs "
    "consortium committee comite trial trialists study studies etude network reseau society societe association "
    "team equipe council conseil organisation organization working writing members membres alliance federation "
    "institute institut foundation fondation taskforce".split()
)


def is_group_name(text: str) -> bool:
    """True for an organisation's name (a group author), printed as written in every format."""
    words = re.split(r"[\s\-'’]+", text)
    return len(words) > 1 and any(ascii_word(word) in _GROUP_WORDS for word in words)


def parse_written_name(text: str) -> Person:
    """A name as a compte-rendu writes it: `C. A. Bradbury`, `Bradbury CA`, `Bradbury, C. A.`; a
    group's name (`WOMAN Trial Collaborators`) is kept whole."""
    text = " ".join(text.split())
    if is_group_name(text):
        return Person(literal=text)
    if "," in text:
        family, given = (part.strip() for part in text.split(",", 1))
        return Person(family=family, given=given)
    tokens = text.split(" ")
    if len(tokens) == 1:
        return Person(family=tokens[0])
    leading = 0
    while leading < len(tokens) - 1 and _is_initials(tokens[leading]):
        leading += 1
    if leading:
        return Person(family=" ".join(tokens[leading:]), given=" ".join(tokens[:leading]))
    trailing = len(tokens)
    while trailing > 1 and _is_initials(tokens[trailing - 1]):
        trailing -= 1
    if trailing < len(tokens):
        return Person(family=" ".join(tokens[:trailing]), given=" ".join(tokens[trailing:]))
    return Person(family=tokens[-1], given=" ".join(tokens[:-1]))


def _is_initials(token: str) -> bool:
    return bool(re.fullmatch(r"(?:[A-Z][.\-]{0,2}){1,4}", token)) and ("." in token or len(token) <= 3)


def page_range(page: str) -> tuple[str, str]:
    """(first, last) pages; `885-95` gives ("885", "895"), a single page ("e33693", "")."""
    match = re.match(r"^\s*([A-Za-z]*)(\d+)\s*[-\u2010-\u2015]+\s*([A-Za-z]*)(\d+)\s*$", page)
    if not match:
        return page.strip(), ""
    prefix, start, end_prefix, end = match.groups()
    if len(end) < len(start):
        end = start[: len(start) - len(end)] + end
    if start == end and prefix == end_prefix:
        return prefix + start, ""
    return prefix + start, (end_prefix or prefix) + end


def nlm_pages(first: str, last: str) -> str:
    """NLM page range: digits the last page shares with the first are dropped (885-95, S12-8)."""
    if not last:
        return first
    a, b = re.match(r"^([A-Za-z]*)(\d+)$", first), re.match(r"^([A-Za-z]*)(\d+)$", last)
    if not (a and b and a.group(1) == b.group(1) and len(a.group(2)) == len(b.group(2))):
        return f"{first}-{last}"
    start, end = a.group(2), b.group(2)
    shared = 0
    while shared < len(end) - 1 and start[shared] == end[shared]:
        shared += 1
    return f"{first}-{end[shared:]}"


def csl_year(date: Any) -> str:
    """The year of a CSL date (`{"date-parts": [[2021, 9, 2]]}`, or `raw`/`literal`), else ""."""
    if not isinstance(date, dict):
        return ""
    parts = date.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        year = str(parts[0][0])
        return year if re.fullmatch(r"\d{4}", year) else ""
    match = re.search(r"\b(\d{4})\b", str(date.get("raw") or date.get("literal") or ""))
    return match.group(1) if match else ""


def csl_date(date: Any) -> str:
    """A CSL date as the record keeps an article's: YYYY-MM-DD, YYYY-MM or YYYY, as precise as
    its parts (`mia.model.dates`); "" when they name no real date."""
    import datetime  # (`mia show` imports this module, and never needs this)

    parts = date.get("date-parts") if isinstance(date, dict) else None
    if not (isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]):
        return ""
    try:
        numbers = [int(n) for n in parts[0][:3]]
        datetime.date(*(numbers + [1, 1])[:3])
    except (TypeError, ValueError):
        return ""
    return "-".join([f"{numbers[0]:04d}", *(f"{n:02d}" for n in numbers[1:])])


def csl_type(kind: str) -> str:
    """Crossref's types (`journal-article`) as CSL's (`article-journal`)."""
    return {
        "journal-article": "article-journal", "book-chapter": "chapter", "posted-content": "article",
        "proceedings-article": "paper-conference", "monograph": "book", "edited-book": "book",
    }.get(kind, kind or "article-journal")


# Letters NFKD does not take apart into a base letter and an accent.
_UNDECOMPOSABLE = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
                                 "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ı": "i"})


def ascii_word(text: str) -> str:
    """`Łukasz-Ñúñez` -> `lukasznunez`: lowercase ASCII letters and digits only (for keys, comparisons)."""
    folded = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSABLE))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in folded if not unicodedata.combining(c)).casefold())


def first_text(value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else ""
    return value or ""


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
