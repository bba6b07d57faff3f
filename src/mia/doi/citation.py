"""The reviewed article's reference: Vancouver, BibTeX, RIS, CSL-JSON, and a consistency check.

Everything is built from one `CitedWork`, read from the resolved CSL-JSON (`article.metadata`)
when there is one, else from what the compte-rendu itself says (`article.title`, `authors`,
`journal`, `date`, `doi`), so an unresolved review can still be cited.

Choices: Vancouver follows ICMJE/NLM (six authors then "et al.", initials without dots, NLM
journal abbreviations, page ranges shortened `885-95`, a title the metadata gives in capitals in
sentence case). Group authors ("WOMAN Trial Collaborators": CSL `literal`/`name`, or a name
`csl.is_group_name` recognises) are printed as written in every format. BibTeX keeps accents as UTF-8 (biber and
modern BibTeX read it, and the text stays searchable), escapes TeX's special characters, and
braces words whose inner capitals carry meaning (`{COVID-19}`, `{mRNA}`) so styles that lowercase
titles keep them. Text from the metadata loses its markup (`<i>…</i>`, `&amp;`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from mia.model import journals
from mia.doi.csl import (
    Person,
    as_list,
    ascii_word,
    clean_text,
    csl_person,
    csl_type,
    csl_year,
    first_text,
    nlm_pages,
    page_range,
    parse_written_name,
)
from mia.model.doi import doi_url
from mia.model.review import Article, Review

MAX_VANCOUVER_AUTHORS = 6
_TITLE_STOPWORDS = frozenset(
    "a an the of on in for and to with from by at is are does do what how why vs versus "
    "le la les l un une des du de et".split()
)
_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
    "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_CSL_VARIABLES = (
    "type", "title", "subtitle", "container-title", "container-title-short", "author", "editor",
    "issued", "volume", "issue", "page", "DOI", "URL", "ISSN", "publisher", "language", "abstract",
)


class CitedWork:
    """What a reference needs, whichever source it came from.

    A plain class, not a dataclass: `mia show` imports this module, and building a dataclass
    costs ~0.5 ms."""

    __slots__ = ("doi", "title", "authors", "et_al", "journal", "journal_short", "year", "volume",
                 "issue", "page", "type", "resolved")

    def __init__(self, doi: str, title: str = "", authors: list[Person] | None = None, et_al: bool = False,
                 journal: str = "", journal_short: str = "", year: str = "", volume: str = "",
                 issue: str = "", page: str = "", type: str = "article-journal", resolved: bool = False) -> None:
        self.doi = doi
        self.title = title
        self.authors = authors if authors is not None else []
        self.et_al = et_al  # the source itself stops its author list with "et al."
        self.journal = journal
        self.journal_short = journal_short
        self.year = year
        self.volume = volume
        self.issue = issue
        self.page = page
        self.type = type
        self.resolved = resolved


def cited_work(review: Review | Article) -> CitedWork:
    """The article of `review` as a CitedWork: from its metadata when resolved, else its own fields."""
    article = review.article if isinstance(review, Review) else review
    metadata = article.metadata or {}
    if not metadata:
        return CitedWork(
            doi=article.doi,
            title=clean_text(article.title),
            authors=[parse_written_name(name) for name in article.authors if name.strip()],
            et_al=article.et_al,
            journal=journals.full_name(article.journal) or article.journal,
            year=article.date[:4],
        )
    return work_from_csl(metadata, fallback=article)


def work_from_csl(metadata: dict[str, Any], fallback: Any = None) -> CitedWork:
    """A CitedWork from CSL-JSON; `fallback` (an Article) fills what the metadata lacks."""
    article = fallback or Article()
    title = clean_text(first_text(metadata.get("title")))
    subtitle = clean_text(first_text(metadata.get("subtitle")))
    if subtitle and subtitle.casefold() not in title.casefold():
        title = f"{title}: {subtitle}"
    return CitedWork(
        doi=str(metadata.get("DOI") or article.doi),
        title=title or clean_text(article.title),
        authors=[person for person in map(csl_person, as_list(metadata.get("author"))) if person],
        journal=clean_text(first_text(metadata.get("container-title"))) or article.journal,
        journal_short=clean_text(first_text(metadata.get("container-title-short") or metadata.get("journalAbbreviation"))),
        year=csl_year(metadata.get("issued")) or csl_year(metadata.get("published")) or article.date[:4],
        volume=clean_text(str(metadata.get("volume") or "")),
        issue=clean_text(str(metadata.get("issue") or "")),
        page=clean_text(str(metadata.get("page") or "")),
        type=csl_type(str(metadata.get("type") or "")),
        resolved=True,
    )


# -- the formats ----------------------------------------------------------------------------


def vancouver(review: Review | Article) -> str:
    """`Bradbury CA, Pell J, Hill Q, et al. Title. N Engl J Med. 2021;385(10):885-95.`

    Takes a review, or an article alone (`mia add --doi` shows it before the review exists).
    """
    work = cited_work(review)
    parts = []
    names = [_vancouver_name(p) for p in work.authors]
    if names:
        more = len(names) > MAX_VANCOUVER_AUTHORS or work.et_al
        parts.append(", ".join(names[:MAX_VANCOUVER_AUTHORS]) + (", et al." if more else "."))
    if work.title:
        title = sentence_case(work.title) if work.resolved and is_all_capitals(work.title) else work.title
        parts.append(_sentence(title))
    journal = journal_abbreviation(review)
    if journal:
        parts.append(_sentence(journal))
    where = work.year
    if work.volume:
        where += f";{work.volume}"
    if work.issue:
        where += f"({work.issue})" if work.volume else f";({work.issue})"
    first, last = page_range(work.page)
    if first:
        where += ":" + nlm_pages(first, last)
    if where:
        parts.append(where.lstrip(";") + ".")
    return " ".join(parts)


def bibtex(review: Review, key: str | None = None) -> str:
    """One BibTeX entry; `key` defaults to `citation_key(review)`."""
    work = cited_work(review)
    entry_type = {"article-journal": "article", "book": "book", "chapter": "incollection"}.get(work.type, "misc")
    authors = [_bibtex_name(p) for p in work.authors]
    if authors and work.et_al:
        authors.append("others")
    first, last = page_range(work.page)
    fields = [
        ("author", " and ".join(authors)),
        ("title", bibtex_title(work.title)),
        ("journal", bibtex_escape(work.journal)),
        ("year", work.year),
        ("volume", bibtex_escape(work.volume)),
        ("number", bibtex_escape(work.issue)),
        ("pages", bibtex_escape(f"{first}--{last}" if last else first)),
        ("doi", work.doi),
        ("url", doi_url(work.doi) if work.doi else ""),
    ]
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields if value)
    return f"@{entry_type}{{{key or citation_key(review)},\n{body}}}\n"


def ris(review: Review) -> str:
    """One RIS record (TY, AU, TI, JO, JF, PY, VL, IS, SP, EP, DO, UR, ER)."""
    work = cited_work(review)
    kind = {"article-journal": "JOUR", "book": "BOOK", "chapter": "CHAP"}.get(work.type, "GEN")
    first, last = page_range(work.page)
    lines = [("TY", kind)]
    lines += [("AU", _ris_name(p)) for p in work.authors]
    lines += [
        ("TI", work.title),
        ("JO", journal_abbreviation(review)),
        ("JF", work.journal),
        ("PY", work.year),
        ("VL", work.volume),
        ("IS", work.issue),
        ("SP", first),
        ("EP", last),
        ("DO", work.doi),
        ("UR", doi_url(work.doi) if work.doi else ""),
    ]
    record = "".join(f"{tag}  - {' '.join(value.split())}\n" for tag, value in lines if value)
    return record + "ER  - \n"


def csl_json(review: Review) -> dict[str, Any]:
    """A CSL-JSON item (for pandoc, Zotero…), `id` being the BibTeX key."""
    metadata = review.article.metadata
    item: dict[str, Any] = {"id": citation_key(review)}
    if metadata:
        item.update({k: metadata[k] for k in _CSL_VARIABLES if metadata.get(k) not in (None, "", [])})
        item["type"] = csl_type(str(metadata.get("type") or ""))
        return item
    work = cited_work(review)
    item["type"] = "article-journal"
    item["title"] = work.title
    authors = [{"family": p.family, "given": p.given} if p.family else {"literal": p.literal} for p in work.authors]
    if authors:
        item["author"] = authors
    if work.journal:
        item["container-title"] = work.journal
    if review.article.date:
        item["issued"] = {"date-parts": [[int(n) for n in review.article.date.split("-")]]}
    if work.doi:
        item["DOI"], item["URL"] = work.doi, doi_url(work.doi)
    return item


FORMATS = ("vancouver", "bibtex", "ris", "csl-json")


def format_citations(reviews: list[Review], style: str) -> str:
    """The references of several reviews in one of FORMATS, ready to print or paste.

    BibTeX keys stay unique within the output (`…b`, `…c` for an article cited twice).
    """
    if style == "vancouver":
        return "".join(vancouver(review) + "\n" for review in reviews)
    if style == "ris":
        return "\n".join(ris(review) for review in reviews)
    keys = _unique_keys(reviews)
    if style == "bibtex":
        return "\n".join(bibtex(review, key) for review, key in zip(reviews, keys))
    if style == "csl-json":
        items = [dict(csl_json(review), id=key) for review, key in zip(reviews, keys)]
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown citation format {style!r}")


# -- journal and consistency ------------------------------------------------------------------


def journal_abbreviation(review: Review | Article) -> str:
    """The article's journal as references and `mia list` show it: NLM's abbreviation when the
    table knows the journal (publishers' short titles are not always NLM's: `The Lancet`), else
    the metadata's short title, else the name as written."""
    article = review.article if isinstance(review, Review) else review
    return abbreviate_journal(cited_work(article), article.journal)


def abbreviate_journal(work: CitedWork, written: str = "") -> str:
    """`journal_abbreviation` of a CitedWork; `written` is the compte-rendu's own name for it."""
    return journals.shown_name(work.journal, work.journal_short, written)


def consistency_warnings(review: Review) -> list[str]:
    """Where the resolved metadata contradicts the compte-rendu (first author, year, journal).

    A mistyped DOI is the usual cause, so each warning names the DOI. Nothing to say when the
    review is unresolved, or when the compte-rendu does not give the fact.
    """
    article, metadata = review.article, review.article.metadata
    if not metadata:
        return []
    work = cited_work(review)
    warnings = []
    said_authors = [parse_written_name(n) for n in article.authors if n.strip()]
    if said_authors and work.authors:
        said, found = said_authors[0], work.authors[0]
        if not _same_family(said.family or said.literal, found.family or found.literal):
            warnings.append(
                f"The DOI {article.doi} is an article whose first author is {found.family or found.literal}, "
                f"but the compte-rendu says {said.family or said.literal}: is the DOI right?"
            )
    said_year = article.date[:4]
    found_years = {csl_year(metadata.get(k)) for k in ("issued", "published", "published-print", "published-online")} - {""}
    if said_year and found_years and said_year not in found_years:
        warnings.append(
            f"The DOI {article.doi} is an article of {min(found_years)}, but the compte-rendu says {said_year}: is the DOI right?"
        )
    found_journals = [name for name in (work.journal, work.journal_short) if name]
    if article.journal and found_journals and not any(journals.same_journal(article.journal, n) for n in found_journals):
        warnings.append(
            f"The DOI {article.doi} is an article of {found_journals[0]}, but the compte-rendu says "
            f"{article.journal}: is the DOI right?"
        )
    return warnings


# -- pieces ---------------------------------------------------------------------------------


def citation_key(review: Review) -> str:
    """A stable BibTeX key: first author's family name, year, first significant title word."""
    work = cited_work(review)
    first = work.authors[0] if work.authors else None
    family = ascii_word(first.family or first.literal.split()[0]) if first and (first.family or first.literal) else ""
    words = [ascii_word(w) for w in work.title.split()]
    word = next((w for w in words if w and w not in _TITLE_STOPWORDS), "")
    return f"{family or 'anon'}{work.year or 'nd'}{word}"


def bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(c, c) for c in text)


def bibtex_title(title: str) -> str:
    """The title escaped, words whose inner capitals carry meaning (COVID-19, SARS-CoV-2, mRNA)
    braced so that styles which lowercase titles keep them."""
    def word(raw: str) -> str:
        escaped = bibtex_escape(raw)
        meaningful = any(any(c.isupper() for c in part[1:]) for part in re.split(r"[-/]", raw))
        return "{" + escaped + "}" if meaningful else escaped

    return " ".join(word(raw) for raw in title.split(" "))


def _vancouver_name(person: Person) -> str:
    if not person.family:
        return person.literal
    name = f"{person.family} {person.initials}".strip()
    return f"{name} {person.suffix}" if person.suffix else name


def _bibtex_name(person: Person) -> str:
    if not person.family:
        return "{" + bibtex_escape(person.literal) + "}"
    name = bibtex_escape(person.family)
    if person.suffix:
        name += ", " + bibtex_escape(person.suffix)
    return f"{name}, {bibtex_escape(person.given)}" if person.given else name


def _ris_name(person: Person) -> str:
    if not person.family:
        return person.literal
    name = f"{person.family}, {person.given}" if person.given else person.family
    return f"{name}, {person.suffix}" if person.suffix else name


def _same_family(a: str, b: str) -> bool:
    fa, fb = ascii_word(a), ascii_word(b)
    if not fa or not fb:
        return True  # nothing to compare
    if fa == fb:
        return True
    words_a = {ascii_word(w) for w in re.split(r"[\s\-]+", a)}
    words_b = {ascii_word(w) for w in re.split(r"[\s\-]+", b)}
    return bool((words_a & words_b) - {""})


def _unique_keys(reviews: list[Review]) -> list[str]:
    seen: dict[str, int] = {}
    keys = []
    for review in reviews:
        key = citation_key(review)
        seen[key] = seen.get(key, 0) + 1
        keys.append(key if seen[key] == 1 else f"{key}{chr(ord('a') + seen[key] - 1)}")
    return keys


def is_all_capitals(text: str) -> bool:
    """True for a title written in capitals only (some publishers' metadata: `EFFECT OF …`)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


#: One word of two letters or more alone in parentheses, as a title defines its trial's acronym.
_ACRONYM_IN_PARENTHESES = re.compile(r"^\(\w[\w-]*\w\)[.,:;]?$")


def sentence_case(text: str) -> str:
    """`EFFECT OF TRANEXAMIC ACID ON COVID-19` -> `Effect of tranexamic acid on COVID-19`: NLM's
    sentence case for a title given in capitals. Words holding a digit (COVID-19, SARS-CoV-2)
    keep their capitals, and so does one word alone in parentheses (`… HAEMORRHAGE (WOMAN): …`,
    the trial's acronym); other acronyms cannot be told from words, and are lowered."""
    words = [word if any(c.isdigit() for c in word) or _ACRONYM_IN_PARENTHESES.match(word) else word.lower()
             for word in text.split(" ")]
    lowered = " ".join(words)
    for index, char in enumerate(lowered):
        if char.isalpha():
            return lowered[:index] + char.upper() + lowered[index + 1:]
    return lowered


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."
