"""The query language, parsed into clauses before any index is touched.

    ITP rituximab              every word must match, in any field
    "première ligne"           a phrase (also “…” and «…»)
    ITP OR TPI                 either (OR binds the two terms around it)
    ITP AND MMF, ITP ET MMF    both: the same as ITP MMF (AND and ET, in capitals, between two terms)
    -splénectomie              exclusion
    title:MMF  keyword:…  author:bradbury  journal:nejm  section:résultats
    year:2021  year:2019..2021  year:2019..  year:..2020  doi:10.1056/nejmoa2100596

Field names also have French aliases (titre, mot-clé, auteur, revue, année). A prefix of two
letters or more that is not a field name (`foo:bar`, `published:2024`) is refused, naming the
fields; a one-letter prefix (`p:0.008`) and a link (`https://…`) are plain text. Malformed queries raise `BadInput` naming the token and
its position (1-based, in characters): an unclosed quote, a bad year, `OR` at an end or next to
an exclusion, a field without value, a query of exclusions only.

`AND` (and its French `ET`), typed in capitals between two terms, is what a space already says:
every word. Clinicians type it as in PubMed; read as a word, it was a word no review holds, and
"corrected" to `ANS`. At either end, next to `OR`, or quoted it is a term, as `OR` is (`ET` is
also the acronym of essential thrombocythemia and essential tremor: `"ET"`, `ET JAK2`).
"""

from __future__ import annotations

import re

from mia.base.errors import BadInput
from mia.base import patterns
from mia.base.phrases import shell_word
from mia.model.ids import labelled_id_error

FIELD_ALIASES = {
    "title": "title", "titre": "title",
    "keyword": "keyword", "keywords": "keyword", "kw": "keyword",
    "mot-clé": "keyword", "mot-cle": "keyword", "mots-clés": "keyword", "mots-cles": "keyword",
    "author": "author", "authors": "author", "auteur": "author", "auteurs": "author",
    "journal": "journal", "revue": "journal",
    "year": "year", "année": "year", "annee": "year",
    "doi": "doi",
    "section": "section",
}
FIELDS_SHOWN = ("title", "keyword", "author", "journal", "year", "doi", "section")
QUOTES = {'"': '"', "“": "”", "”": "”", "«": "»", "„": "“"}
_FIELD_PREFIX = patterns.compile(r"^([^\W\d_][\w\-é]*):", re.UNICODE)
_YEAR = patterns.compile(r"^\d{4}$")
MIN_YEAR, MAX_YEAR = 1000, 2999


# Plain classes rather than dataclasses: each @dataclass costs about half a millisecond at
# import, and a search process imports a dozen of them (measured; see docs/ARCHITECTURE.md).


class Term:
    """Text to find: a word or phrase, maybe in one field, maybe excluded."""

    __slots__ = ("text", "phrase", "field", "negated", "position", "prefix")

    def __init__(self, text: str, phrase: bool = False, field: str | None = None, negated: bool = False,
                 position: int = 1, prefix: bool = False) -> None:
        self.text = text
        self.phrase = phrase
        self.field = field
        self.negated = negated
        self.position = position  # 1-based character position in the query, for messages
        self.prefix = prefix  # the last word of the query: its last word also matches as a prefix


class YearFilter:
    __slots__ = ("low", "high", "negated", "position")

    def __init__(self, low: int | None, high: int | None, negated: bool = False, position: int = 1) -> None:
        self.low, self.high, self.negated, self.position = low, high, negated, position


class DoiFilter:
    __slots__ = ("value", "negated", "position")

    def __init__(self, value: str, negated: bool = False, position: int = 1) -> None:
        self.value, self.negated, self.position = value, negated, position


Clause = Term | YearFilter | DoiFilter


class Query:
    """AND of groups; each group is an OR of clauses (one clause when no OR was typed)."""

    __slots__ = ("groups", "text")

    def __init__(self, groups: list[list[Clause]] | None = None, text: str = "") -> None:
        self.groups = groups if groups is not None else []
        self.text = text

    @property
    def positive(self) -> list[list[Clause]]:
        return [g for g in self.groups if not (len(g) == 1 and g[0].negated)]

    @property
    def negative(self) -> list[Clause]:
        return [g[0] for g in self.groups if len(g) == 1 and g[0].negated]


def _error(message: str, hint: str | None = None, position: int | None = None) -> BadInput:
    error = BadInput(message, hint=hint)
    error.position = position  # type: ignore[attr-defined]
    return error


def _lex(text: str) -> list[tuple[str, int, bool]]:
    """Split into raw items (text, 1-based position, had quotes), honouring quotes."""
    items: list[tuple[str, int, bool]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start = i
        quoted = False
        buffer = []
        while i < n and not text[i].isspace():
            char = text[i]
            if char in QUOTES:
                closing = QUOTES[char]
                end = text.find(closing, i + 1)
                if closing != '"' and end < 0:
                    end = text.find('"', i + 1)
                if end < 0:
                    raise _error(
                        f"The quote at position {i + 1} is never closed: {text[i:][:40]!r}.",
                        hint='Close the phrase with a second quote, e.g. "première ligne".',
                        position=i + 1,
                    )
                buffer.append('"' + text[i + 1:end] + '"')
                quoted = True
                i = end + 1
            else:
                buffer.append(char)
                i += 1
        items.append(("".join(buffer), start + 1, quoted))
    return items


def _looks_like_a_field(name: str, value: str) -> bool:
    """`foo:bar` or `published:2024` look like a field query; `p:0.008` (one letter) and
    `https://…` (a link) are text."""
    return len(name) >= 2 and bool(value) and not value.startswith("/")


def year_range(value: str) -> tuple[int | None, int | None]:
    """The first and last years `value` names, as `year:` takes them (`2021`, `2019..2021`,
    `..2015`: None for an open end); BadInput when it names none."""
    found = _parse_year(value, 1, f"year:{value}")
    return found.low, found.high


def _parse_year(value: str, position: int, raw: str) -> YearFilter:
    def year(part: str) -> int | None:
        if part == "":
            return None
        if not _YEAR.match(part) or not MIN_YEAR <= int(part) <= MAX_YEAR:
            raise _error(
                f"'{raw}' (position {position}) is not a year: year: takes 2021 or a range like 2019..2021.",
                position=position,
            )
        return int(part)

    if ".." in value:
        low_text, _, high_text = value.partition("..")
        low, high = year(low_text), year(high_text)
        if low is None and high is None:
            raise _error(f"'{raw}' (position {position}) is an empty year range.", position=position)
        if low is not None and high is not None and low > high:
            low, high = high, low
        return YearFilter(low, high, position=position)
    single = year(value)
    return YearFilter(single, single, position=position)


#: An acronym written with a full stop after each letter (`a.v.c.`, `B.P.C.O.`): its letters.
_DOTTED_ACRONYM = patterns.compile(r"(?:[^\W\d_]\.){2,}[^\W\d_]?")
#: A value after OR makes it the odds ratio, not the operator (`OR 2.13`, `OR 0,8`).
_NUMBER = patterns.compile(r"\d+(?:[.,]\d+)?")
#: The operator "and" (English, French), in capitals between two terms: the same as a space.
AND_OPERATORS = frozenset({"AND", "ET"})


def _clause(raw: str, position: int, quoted: bool) -> Clause:
    negated = False
    body = raw
    if body.startswith("-") and len(body) > 1:
        negated, body = True, body[1:]
    match = _FIELD_PREFIX.match(body)
    name = FIELD_ALIASES.get(match.group(1).lower()) if match else None
    if match and not name and _looks_like_a_field(match.group(1), body[match.end():]):
        as_text = f"To search the text itself, quote it: mia search {shell_word(chr(34) + body + chr(34))}."
        labelled = labelled_id_error(body)
        if labelled is not None:  # `id:40`: not a search field (review ids are named alone)
            raise _error(
                f"'{raw}' (position {position}): id is not a search field: a review is named by its id alone.",
                hint=f"{labelled.hint} {as_text}", position=position,
            )
        raise _error(
            f"'{raw}' (position {position}): {match.group(1)} is not a field mia knows. "
            f"The fields are: {', '.join(FIELDS_SHOWN)}.",
            hint=as_text,
            position=position,
        )
    if match and name:
        value = body[match.end():]
        is_phrase = value.startswith('"') and value.endswith('"') and len(value) >= 2
        inner = value[1:-1] if is_phrase else value
        if not inner.strip():
            raise _error(
                f"'{raw}' (position {position}) names the field {match.group(1)}: but gives no value.",
                hint=f"Write e.g. {match.group(1)}:word, or quote a phrase: {match.group(1)}:\"two words\".",
                position=position,
            )
        if name == "year":
            clause: Clause = _parse_year(inner.strip(), position, raw)
        elif name == "doi":
            from mia.model.doi import doi_match_key  # the DOI's patterns, for doi: only (~0.8 ms)

            clause = DoiFilter(doi_match_key(inner), position=position)
        else:
            clause = Term(inner, phrase=is_phrase, field=name, position=position)
    else:
        is_phrase = quoted and body.startswith('"') and body.endswith('"') and len(body) >= 2
        inner = body[1:-1] if is_phrase else body.replace('"', " ")
        if not is_phrase and _DOTTED_ACRONYM.fullmatch(inner):  # a.v.c. is AVC
            inner = inner.replace(".", "").upper()
        clause = Term(inner, phrase=is_phrase, position=position)
    clause.negated = negated
    return clause


def parse_query(text: str) -> Query:
    """Parse a query, or raise BadInput pointing at what is wrong."""
    items = _lex(text)
    if not items:
        raise _error("The query is empty.", hint="Give one or more words, e.g. mia search ITP.")
    query = Query(text=text)
    pending_or = False
    for index, (raw, position, quoted) in enumerate(items):
        value_follows = index + 1 < len(items) and _NUMBER.fullmatch(items[index + 1][0]) is not None
        # An OR with no term on one side joins nothing: it is the odds ratio ("OR 2.13", "mortality OR").
        at_an_end = index == 0 or index == len(items) - 1
        if raw == "OR" and not quoted and not value_follows and not at_an_end:
            if pending_or:
                raise _error(f"Two ORs in a row at position {position}.", position=position)
            pending_or = True
            continue
        if raw == "-":
            continue
        if (raw in AND_OPERATORS and not quoted and not at_an_end and not pending_or
                and items[index + 1][0] != "OR"):
            continue
        clause = _clause(raw, position, quoted)
        if pending_or:
            previous = query.groups[-1]
            if clause.negated or any(c.negated for c in previous):
                raise _error(
                    f"An exclusion cannot be one side of OR (position {position}).",
                    hint="Exclude separately: ITP -splenectomie.",
                    position=position,
                )
            previous.append(clause)
            pending_or = False
        else:
            query.groups.append([clause])
    if not query.positive:
        raise _error(
            "The query only excludes: say what to look for too.",
            hint="Example: ITP -splénectomie.",
            position=items[0][1],
        )
    last = query.groups[-1][-1]
    if isinstance(last, Term) and not last.phrase and not last.negated:
        last.prefix = True
    return query
