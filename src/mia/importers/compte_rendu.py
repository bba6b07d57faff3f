"""The compte-rendu importer: the text the club's PDFs give for one review.

The layout (data/reviews/mia_review_40.txt is the reference):

    Compte-rendu / mia_review_40 / V0 - 02/07/2025 / <title> / page 1/1     the page header
    Date de publication Auteurs / 30.10.2021 [review authors]               the review
    Mots-clés / <keywords, comma separated>
    <article title> / <authors [et al.], journal, dd.mm.yyyy> / DOI: <doi>  the article
    <Heading> / <text> ...                                                  the sections

The page header repeats on every page, wherever the PDF puts it (in the middle of a paragraph,
right after a heading); its lines are learned from the document (its id, version line and
title) and removed before the text is read. Text repair is `mia.importers.textclean`'s job.

A heading is a line holding a heading known exactly (`Résultats`, `Methods`), or a short line
standing alone after a paragraph's end and before a paragraph whose words the heading vocabulary
reads (`Résultats principaux`, `II – Main results`); each section records its role
(`mia.model.sections`), and the import report names the headings taken that way.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter

from mia.importers import textclean
from mia.model.doi import find_doi, normalise_doi
from mia.base.errors import BadInput, ImportFailed
from mia.base.phrases import listed
from mia.importers.source import Parsed
from mia.model.dates import WRITTEN_DATE, WrittenDate, date_of_match
from mia.model.review import Article, Review, Section
from mia.model.sections import MAX_SUBTITLE_WORDS, inferred_role, known_role, without_numbering
from mia.importers.textclean import fold
from mia.base import patterns

#: Words of the page header besides the id, the version line and the title.
HEADER_WORDS = ("Compte-rendu", "Compte rendu", "Review")  # (an English review's header may say Review)

_ID_LINE = patterns.compile(r"^(mia_review_\d+)$", re.IGNORECASE)
_DATE = r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})"
_VERSION_LINE = patterns.compile(rf"^(V\d+(?:\.\d+)*)\s*[-–—]\s*{_DATE}$", re.IGNORECASE)
_VERSION_ANYWHERE = patterns.compile(rf"\bv\d+(?:\.\d+)*\s*[-–—]\s*{_DATE}", re.IGNORECASE)
_PAGE_MARKER = patterns.compile(r"\bpage\s*\d+\s*(?:/|sur|of)\s*\d+", re.IGNORECASE)
_HEADER_LEFTOVER = patterns.compile(r"[\s|·•–—-]+")
_HEADER_WORDS_FOLDED = tuple(word.casefold() for word in HEADER_WORDS)
#: A character that _PAGE_MARKER, _VERSION_ANYWHERE and _HEADER_LEFTOVER can never remove: a
#: line still holding one after the title, header words and id are gone is not a header line.
_BEYOND_MARKERS = patterns.compile(r"[^\d\s./|·•–—\-pagesurofv]", re.IGNORECASE)

# The review's header fields: a label, then its value on the same line (`Auteurs : Dr J. Martin`,
# `Date de publication : 03.03.2025`, `Mots-clés : IEC, …`), or labels alone on their line and
# the values on the next (the club's PDFs: `Date de publication Auteurs` / `30.10.2021 Dr P. Favre`).
# They read the original line (case-insensitive, accents optional) to keep what follows as written.
#: Each field's labels, the longer first. `reviewers` (`Relecteurs`): the members who read the
#: review again; mia keeps them with its authors (the people of the review), and says so.
_FIELD_LABELS = (
    ("published", r"date\s+de\s+(?:la\s+)?(?:publication|parution)|publication\s+date|date\s+of\s+publication"
                  r"|publi[ée]e?\s+le|published(?:\s+on)?|date"),
    ("authors", r"auteur\(e\)s|auteur(?:e|\(e\))?s?|authors?|r[ée]dig[ée]e?s?\s+par|[ée]crite?s?\s+par|written\s+by"),
    ("reviewers", r"relecteur(?:\(rice\)|rice)?s?|relectrices?|relu(?:e|\(e\))?s?\s+par|reviewed\s+by|reviewers?"
                  r"|proofread\s+by"),
    ("keywords", r"mots?[- ]?cl[ée]s?|keywords?|key\s*words"),
)
_LABEL = "(?:" + "|".join(labels for _, labels in _FIELD_LABELS) + r")(?![^\W_])"
#: A header line: its labels (one or more: `Date de publication Auteurs`, `Date / Auteurs`),
#: the colon (or a dash) after them, and the value.
_HEADER_LINE = patterns.compile(
    rf"^(?P<labels>{_LABEL}(?:\s*(?:[/,&+]|\bet\b|\band\b)?\s*{_LABEL})*)"
    r"(?P<mark>\s*[:：]|\s+[-–—](?=\s|$))?\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_FIELD_OF_LABEL = patterns.compile("|".join(f"(?P<{field}>{labels})" for field, labels in _FIELD_LABELS), re.IGNORECASE)
#: A value opening on a date in one of the written forms (`mia.model.dates`), the rest after it.
_LEADING_DATE = patterns.compile(rf"^(?:{WRITTEN_DATE})(?![\d./-])\.?\s*[,;:/|–-]?\s*(?P<rest>.*)$", re.IGNORECASE)
#: A line opening on a day written `30.10.2021`: the club's date line, whose label line may be lost.
_DATED_LINE = patterns.compile(rf"^{_DATE}(?!\d)")
_DOI_IN_LINE = patterns.compile(r"\bdoi\b|\b10\.\d{4,9}/", re.IGNORECASE)
_ET_AL = patterns.compile(r"\bet\s+al\b\.?", re.IGNORECASE)
# `(?<!\s)`: a match never starts inside a run of spaces, else each position of a long run scans
# the rest of it again (quadratic: a line with 20,000 spaces took 20 s; bench/fuzz.py).
#: The date ending a byline: a day written `02.09.2021` (after a comma, a space or nothing), or any
#: written form after a comma, a semicolon or a dot (`N Engl J Med, 2014`, `Lancet; mars 2014`).
_DATE_AT_END = patterns.compile(
    rf"(?<!\s)(?:[,;]?\s*(?={_DATE}\s*\.?$)|\s*[,;]\s*|\.\s+)(?:{WRITTEN_DATE})\s*\.?$", re.IGNORECASE
)
#: The same after a space only (`Lancet 2014`, `JAMA March 2019`), read on a line known to be the byline.
_DATE_AFTER_SPACE = patterns.compile(rf"(?<!\s)\s+(?:{WRITTEN_DATE})\s*\.?$", re.IGNORECASE)
#: A year left in a byline's journal: a date mia could not read there (`Lancet 2014;383:1721`).
_YEAR_IN_JOURNAL = patterns.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
#: What a citation line may put between "et al." and the journal: the trial's group, in
#: parentheses (`et al. (STARRT-AKI Investigators), N Engl J Med`) or after "for the" / "pour le"
#: (`et al., for the SPRINT Research Group, NEJM`). A group's name holds a letter (`(2021)` is not one).
_GROUP_BEFORE_JOURNAL = patterns.compile(
    r"\(\s*(?P<paren>[^()]*[^\W\d_][^()]*?)\s*\)\s*[,;]?\s*"
    r"|(?i:(?:for|on\s+behalf\s+of|pour|au\s+nom\s+d[eu])\s+(?:the\s+|les?\s+|la\s+|l')?)(?P<named>[^,;()]+?)\s*[,;]\s*"
)
_NAME_SEPARATORS = patterns.compile(r"(?<!\s)\s*[,;]\s*|(?<!\s)\s+(?:et|and|&)\s+", re.IGNORECASE)

_STOP_WORDS = {
    "fr": frozenset(
        "le la les des du de un une et est sont dans pour par avec sur qui que pas au aux ce "
        "cette il elle ont ete plus ou mais chez entre".split()
    ),
    "en": frozenset(
        "the of and to in is are was were with for that this by on from as be have has not "
        "than which or but".split()
    ),
}


def parse_compte_rendu(text: str, *, source_name: str = "") -> Parsed:
    """Read a compte-rendu into a Review; raise ImportFailed naming what makes it not one."""
    lines, notes = _repair_ligatures(textclean.normalise_text(text).split("\n"))
    spacing = textclean.line_spacing(lines)

    review_id = _find_id(lines)
    version, version_date = _find_version(lines, notes)
    title_lines = _find_title(lines, _PageHeader(review_id, []))
    header = _PageHeader(review_id, title_lines)
    lines = textclean.drop_blocks(lines, header.is_header_line, is_droppable=header.is_page_header)
    lines, run_in = split_run_in_headings(lines)
    headings = find_headings(lines, spacing)
    for index, found in run_in.items():
        headings.setdefault(index, found)
    first_heading = min(headings, default=None)
    _refuse_unless_complete(source_name, review_id, title_lines, first_heading)

    front_end = _front_matter_end(lines, first_heading)
    front = _parse_front_matter(
        [line.strip() for line in lines[:front_end] if line.strip()], notes, review_id
    )
    leading = _leading_section(lines[front_end:first_heading], spacing, headings[first_heading][0], notes)
    sections = leading + _parse_sections(lines, first_heading, headings, spacing)
    for section in sections:
        if not section.text:
            notes.append(f"The section '{section.heading}' is empty.")
    _note_inferred_headings(headings, review_id, notes)
    _note_heading_like_lines(lines, first_heading, headings, spacing, review_id, notes)
    _note_name_mismatch(source_name, review_id, notes)
    review = Review(
        id=review_id,
        title=textclean.join_lines(title_lines),
        sections=sections,
        version=version,
        version_date=version_date,
        published=front.published,
        authors=front.authors,
        keywords=front.keywords,
        language=detect_language(" ".join(s.text for s in sections)),
        article=front.article,
        source={"name": source_name, "format": "compte-rendu"} if source_name else {},
    )
    return Parsed(review=review, notes=notes)


def _repair_ligatures(lines: list[str]) -> tuple[list[str], list[str]]:
    """`textclean.repair_ligatures` applied to the lines holding U+FFFD only.

    The same repairs and notes (a word never spans two lines, and the choices and notes depend
    only on the words holding U+FFFD), but its word pattern costs time in proportion to the
    text it scans: on the whole text it was nearly half of a review's parsing.
    """
    broken = [index for index, line in enumerate(lines) if textclean.REPLACEMENT_CHARACTER in line]
    if not broken:
        return lines, []
    repaired, notes = textclean.repair_ligatures("\n".join(lines[index] for index in broken))
    lines = list(lines)
    for index, line in zip(broken, repaired.split("\n")):
        lines[index] = line
    return lines, notes


_MAX_HEADING_LENGTH = 60  # the longest known heading, numbered, is under 40 characters
#: A line ending with one of these ends a sentence or goes on: it is not a heading.
_SENTENCE_PUNCTUATION = ".!?…;,"


def heading_of(line: str) -> str | None:
    """The heading known exactly (`mia.model.sections.KNOWN_HEADINGS`) that `line` holds alone
    (as written, without colon), or None. Such a line is a heading wherever it stands."""
    text = line.strip().rstrip(":").strip()
    if len(text) > _MAX_HEADING_LENGTH:  # a line of text, not a heading: no need to fold it
        return None
    if text[-1:] in _SENTENCE_PUNCTUATION or not without_numbering(text)[:1].isupper():
        return None
    return text if known_role(text) else None


def find_headings(lines: list[str], spacing: int) -> dict[int, tuple[str, str, bool]]:
    """The heading lines: index -> (heading as written, its role, whether it was inferred).

    A line holding a known heading alone is one wherever it stands (`heading_of`). Any other
    line is one when it has a heading's shape (`_heading_shaped`, `_stands_alone`) and the
    heading vocabulary reads its words (`mia.model.sections.inferred_role`: "Résultats
    principaux", "Main results", "II – Discussion générale"); it is marked inferred, for the
    import report. A heading-shaped line outside the vocabulary stays text.
    """
    found: dict[int, tuple[str, str, bool]] = {}
    for index, line in enumerate(lines):
        heading = heading_of(line)
        if heading:
            found[index] = (heading, known_role(heading) or "", False)
    width = textclean.typical_line_length(lines)
    for index, line in enumerate(lines):
        if index in found:
            continue
        text = _heading_shaped(line)
        if text is None:
            continue
        role = inferred_role(text)
        if role and _stands_alone(lines, index, spacing, width, found):
            found[index] = (text, role, True)
    return found


#: A paragraph opening on its heading: "Méthodes : essai randomisé …", "Results: 38 completed …",
#: "Contexte — L'hydrochlorothiazide …" (a dash with a space before it, not a hyphen).
_RUN_IN_HEADING = patterns.compile(r"^\s*(?P<heading>[^:\s][^:—–]{0,58}?)\s*(?::|(?<=\s)[—–-])\s+(?P<text>\S.*)$")
_RUN_IN_MARKS = (":", " —", " –", " -")


def split_run_in_headings(lines: list[str]) -> tuple[list[str], dict[int, tuple[str, str, bool]]]:
    """The lines with each paragraph that opens on a heading mia knows (exactly or by its words)
    followed by a colon or a dash ("Contexte : la dyspnée …", "Résultats — 38 participants …") split into
    the heading, alone on its line, and the paragraph's text; and those headings by their new
    line's index (heading, role, inferred), as `find_headings` gives them. A review written so
    had no heading alone on its line and was refused. A line going on a paragraph (the line
    before it neither ends a sentence nor is short) is left as it is."""
    width = textclean.typical_line_length(lines)
    out: list[str] = []
    found: dict[int, tuple[str, str, bool]] = {}
    previous = ""
    for line in lines:
        head = line[:64]
        match = _RUN_IN_HEADING.match(line) if any(mark in head for mark in _RUN_IN_MARKS) else None
        if match and _heading_shaped(line) and len(match.group("text").split()) <= MAX_SUBTITLE_WORDS:
            match = None  # a heading with its subtitle ("Résultats : efficacité"): `find_headings` reads it
        heading = match and _heading_shaped(match.group("heading"))
        known = heading and known_role(heading)
        role = known or (heading and inferred_role(heading))
        if role and _opens_a_paragraph(previous, width):
            found[len(out)] = (heading, role, not known)
            out += [heading, match.group("text")]
        else:
            out.append(line)
        if line.strip():
            previous = line.strip()
    return out, found


def _opens_a_paragraph(previous: str, width: int) -> bool:
    """Whether a line after the non-blank line `previous` ("" at the start) opens a paragraph."""
    return (not previous or textclean.ends_sentence(previous) or width == 0
            or len(previous) < textclean.SHORT_LINE_RATIO * width)


def _heading_shaped(line: str) -> str | None:
    """`line` as a heading would be written (without a final colon) if it looks like one:
    short, starting with a capital (after any numbering), not ending a sentence."""
    text = line.strip()
    if not text or len(text) > _MAX_HEADING_LENGTH or text[-1] in _SENTENCE_PUNCTUATION or textclean.is_table_row(text):
        return None  # (a table's row has cells: "CDR-SB    -0,45 (-0,67 à -0,23)    <0,001")
    text = text.rstrip(":").strip()
    if not without_numbering(text)[:1].isupper():
        return None
    return text


def _stands_alone(
    lines: list[str], index: int, spacing: int, width: int, headings: dict[int, tuple[str, str, bool]]
) -> bool:
    """Whether the line at `index` stands alone between blank lines, after the end of a
    paragraph (or at the start), and before a paragraph (a line that is not a heading and does
    not go on with a small letter)."""
    before, blanks = index - 1, 0
    while before >= 0 and not lines[before].strip():
        before, blanks = before - 1, blanks + 1
    if before >= 0:
        previous = lines[before].strip()
        if blanks == 0:
            return False
        ends_paragraph = (
            blanks > spacing
            or before in headings
            or textclean.ends_sentence(previous)
            or width == 0
            or len(previous) < textclean.SHORT_LINE_RATIO * width
        )
        if not ends_paragraph:
            return False
    after = index + 1
    while after < len(lines) and not lines[after].strip():
        after += 1
    if after == len(lines) or after in headings:
        return False
    return not lines[after].strip()[0].islower()


def detect_language(text: str) -> str:
    """`fr` or `en`, whichever has more stop words in `text` (French when equal)."""
    counts = Counter(fold(text).replace("'", " ").replace("’", " ").split())
    french = sum(counts[word] for word in _STOP_WORDS["fr"])
    english = sum(counts[word] for word in _STOP_WORDS["en"])
    return "en" if english > french else "fr"


# --- identity: id, version, title, page header -----------------------------------------------


def _find_id(lines: list[str]) -> str:
    for line in lines:
        match = _ID_LINE.match(line.strip())
        if match:
            return match.group(1).lower()
    return ""


def _find_version(lines: list[str], notes: list[str]) -> tuple[str, str]:
    for line in lines:
        match = _VERSION_LINE.match(line.strip())
        if match:
            return match.group(1).upper(), _iso_date(*match.group(2, 3, 4), "version date", notes)
    notes.append("No version line (like 'V0 - 02/07/2025') was found: version V0 assumed.")
    return "V0", ""


def _without_word(text: str, word: str) -> str:
    """`text` with each whole-word occurrence of `word` (not inside a longer word: `\\b…\\b`)
    replaced by a space. (A pattern compiled for each review's id cost ~0.15 ms a review.)"""
    pieces, start, at = [], 0, text.find(word)
    while at != -1:
        end = at + len(word)
        if _word_edge(text, at - 1) and _word_edge(text, end):
            pieces += [text[start:at], " "]
            start = at = end
        else:
            at += 1
        at = text.find(word, at)
    return "".join(pieces) + text[start:]


def _word_edge(text: str, index: int) -> bool:
    """Whether `index` is outside `text` or at a character that cannot go on a word."""
    return not 0 <= index < len(text) or not (text[index].isalnum() or text[index] == "_")


class _PageHeader:
    """Recognises the lines of the page header: header words, the id, version, title, page n/m."""

    def __init__(self, review_id: str, title_lines: list[str]) -> None:
        self.review_id, self.title_lines = review_id, title_lines
        # kind() runs on every line of every review: what does not depend on the line is
        # prepared once.
        self._title_pieces = sorted((_casefold_spaces(t) for t in self.title_lines), key=len, reverse=True)

    def kind(self, line: str) -> str | None:
        """'page' for a line made of header parts (at least one not from the title), 'title'
        for a line made only of title parts, None for any other line."""
        rest = " ".join(line.casefold().split())
        for piece in self._title_pieces:
            rest = rest.replace(piece, " ")
        without_title = rest
        if self.review_id and self.review_id in rest:  # (before "review", a header word)
            rest = _without_word(rest, self.review_id)
        for word in _HEADER_WORDS_FOLDED:
            rest = rest.replace(word, " ")
        if _BEYOND_MARKERS.search(rest):
            return None  # a character that neither marker nor separator can take away
        rest = _VERSION_ANYWHERE.sub(" ", _PAGE_MARKER.sub(" ", rest))
        if _HEADER_LEFTOVER.sub("", rest):
            return None
        return "title" if rest == without_title else "page"

    def is_header_line(self, line: str) -> bool:
        return self.kind(line) is not None

    def is_page_header(self, block: list[str]) -> bool:
        """A run of header lines is the page header unless it is only the title (which a
        review may share with its article's title)."""
        return any(self.kind(line) == "page" for line in block)


def _casefold_spaces(text: str) -> str:
    return " ".join(text.casefold().split())


def _find_title(lines: list[str], header: _PageHeader) -> list[str]:
    """The first lines that are neither page header nor metadata: the review's title (≤ 3)."""
    title: list[str] = []
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if header.is_header_line(line):
            if title:
                break
            continue
        if _is_metadata(line) or heading_of(line) or len(title) == 3:
            break
        title.append(line)
    return title


def _is_metadata(line: str) -> bool:
    return bool(
        _header_line(line) is not None
        or _DATED_LINE.match(line)
        or _DOI_IN_LINE.search(line)
        or _is_citation(line)
    )


def _refuse_unless_complete(
    source_name: str, review_id: str, title_lines: list[str], first_heading: int | None
) -> None:
    missing = []
    if not review_id:
        missing.append("no review id (a line like mia_review_40)")
    if not title_lines:
        missing.append("no title (a line after the review id and version, before the date)")
    if first_heading is None:
        missing.append(
            "no section (a heading such as Introduction, Méthode, Résultats or Discussion "
            "alone on its line, or opening its paragraph before a colon or a dash)"
        )
    if missing:
        verb = "was" if len(missing) == 1 else "were"
        raise ImportFailed(
            f"{source_name or 'The text'} is not a compte-rendu: {listed(missing)} {verb} found.",
            path=source_name or None,
            hint=("Give it its id: a line mia_review_N near the top (mia new names the next free id and "
                  "writes a template to fill in)." if not review_id else None),
        )


def _note_name_mismatch(source_name: str, review_id: str, notes: list[str]) -> None:
    stem = source_name.rsplit(".", 1)[0]
    if _ID_LINE.match(stem) and stem.lower() != review_id:
        notes.append(f"The file is named {source_name} but holds {review_id}.")


# --- front matter: review and article metadata -----------------------------------------------


class _FrontMatter:
    __slots__ = ("published", "authors", "keywords", "article")

    def __init__(self) -> None:
        self.published = ""
        self.authors: list[str] = []
        self.keywords: list[str] = []
        self.article = Article()


def _parse_front_matter(lines: list[str], notes: list[str], review_id: str = "") -> _FrontMatter:
    """Read what lies between the page header and the first heading.

    First the review's header fields, in any order (`_HeaderReader`): its publication date, its
    authors, its keywords; then the article's title, its citation line (`authors [et al.],
    journal, date`) and its DOI. Missing pieces are left empty and noted, and so is a line among
    the header's fields that mia does not read.
    """
    front = _FrontMatter()
    header = _HeaderReader(front, notes)
    article_start = header.read(lines)
    unread = list(dict.fromkeys(line for index, line in enumerate(lines[:article_start])
                                if index not in header.read_lines))
    if unread:
        shown = listed([f"'{line}'" for line in unread])
        notes.append(
            f"Left out {shown} among the review's date, authors and keywords: "
            f"{'it is' if len(unread) == 1 else 'they are'} not a field mia reads "
            f"(add what {'it says' if len(unread) == 1 else 'they say'} with: mia edit {review_id or 'ID'})."
        )
    front.article = _parse_article(lines[article_start:], notes)
    if not front.published and not header.date_noted:
        notes.append("No publication date (like 30.10.2021) was found.")
    return front


def _header_line(line: str) -> tuple[list[str], str] | None:
    """The fields a header line names and the value it gives them ("" when the values are on the
    next line), or None for a line that is not one. Without a colon after its labels, a line is
    one only when it holds labels alone, or a date after a date's label (`Date de publication
    30.10.2021`), or keywords after theirs (`Mots-clés IEC, …`): `Authors of …` is a title."""
    match = _HEADER_LINE.match(line)
    if match is None:
        return None
    fields = [found.lastgroup for found in _FIELD_OF_LABEL.finditer(match.group("labels"))]
    value = match.group("value").strip()
    if value and not match.group("mark"):
        if not ((fields[0] == "published" and _LEADING_DATE.match(value)) or fields == ["keywords"]):
            return None
    return fields, value


class _HeaderReader:
    """The review's header fields, read into a `_FrontMatter` (see `_parse_front_matter`)."""

    def __init__(self, front: _FrontMatter, notes: list[str]) -> None:
        self.front, self.notes = front, notes
        self.read_lines: set[int] = set()
        #: Whether a note already said what is wrong with the review's date.
        self.date_noted = False

    def read(self, lines: list[str]) -> int:
        """Read the header's fields among `lines`; where the article starts (after the last)."""
        end, pending, index = 0, [], 0
        while index < len(lines):
            line, used = lines[index], 1
            header = _header_line(line)
            if header is not None:
                fields, value = header
                pending = [] if value else fields
                if value:
                    used = self._take(fields, value, line, lines[index + 1:])
            elif pending and (_LEADING_DATE.match(line) or "published" not in pending):
                # the values of the labels alone on the line before (`Date de publication Auteurs`)
                authors_before = len(self.front.authors)
                used = self._take(pending, line, line, lines[index + 1:])
                # the authors may follow the date on a line of their own, before the next field
                pending = (["authors"] if "published" in pending and "authors" in pending
                           and len(self.front.authors) == authors_before else [])
            elif pending == ["authors"] and any(_header_line(later) for later in lines[index + 1:]):
                used, pending = self._take(pending, line, line, []), []
            elif _DATED_LINE.match(line) and not self.front.published:
                used = self._take(["published"], line, line, [])  # (its label line lost)
            else:
                pending, index = [], index + 1
                continue
            self.read_lines.update(range(index, index + used))
            index = end = index + used
        return end

    def _take(self, fields: list[str], value: str, line: str, following: list[str]) -> int:
        """Give `value` (from `line`) to `fields`: a date to the review's date, the rest to the
        first other field (after a date, the review's authors, as the club's PDFs give them).
        How many lines it took (keywords go on to the next line after a comma)."""
        rest = [field for field in fields if field != "published"]
        if "published" in fields:
            value, dated = self._date(value, line)
            rest = rest or (["authors"] if dated else [])
        if not value or not rest:
            return 1
        if rest[0] == "keywords":
            keywords, used = _keywords([value, *following])
            self.front.keywords += keywords
            return used
        names = _split_names(value) if any(c.isalnum() for c in value) else []
        if rest[0] == "reviewers" and names:
            self.notes.append(
                f"Kept the reviewers of '{line}' with the review's authors (mia keeps one list of its people)."
            )
        self.front.authors += [name for name in names if name not in self.front.authors]
        return 1

    def _date(self, value: str, line: str) -> tuple[str, bool]:
        """Read the review's date opening `value` (from `line`): the rest of `value`, and whether
        it opened on a date. A date that is not one, or not a day, is left empty and noted."""
        match = _LEADING_DATE.match(value)
        if match is None:
            self._note_date(f"The date line '{line}' holds no date mia reads (like 30.10.2021); "
                            "the review's publication date was left empty.")
            return value, False
        found = date_of_match(match, value[:match.start("rest")].strip(" ,;:–-"))
        if self.front.published:
            self.notes.append(f"The review's date is given twice: '{line}' was left out (it is {self.front.published}).")
        elif found.precision != "day":
            self._note_date(f"The date line '{line}' gives no day: the review's publication date (a day, "
                            "like 30.10.2021) was left empty.")
        elif not found.iso:
            self._note_date(f"The publication date {found.text} is not a real date; it was left empty.")
        else:
            self.front.published = found.iso
        return match.group("rest").strip(), True

    def _note_date(self, note: str) -> None:
        self.notes.append(note)
        self.date_noted = True


def _keywords(lines: list[str]) -> tuple[list[str], int]:
    """The keywords of `lines[0]` (the value after their label), and how many lines they took:
    a keyword list goes on to the next line while a comma joins them."""
    text, used = lines[0], 1
    while used < len(lines) and (text.rstrip().endswith(",") or lines[used].startswith(",")):
        text += " " + lines[used]
        used += 1
    return [k.strip() for k in re.split(r"[,;]", text) if k.strip()], used


def _parse_article(lines: list[str], notes: list[str]) -> Article:
    """Title lines, then the citation line, then the DOI line; any of them may be missing."""
    article = Article()
    doi_index = next((i for i, line in enumerate(lines) if _DOI_IN_LINE.search(line)), None)
    if doi_index is not None:
        article.doi = _doi_of(lines[doi_index], notes)
    before_doi = lines[:doi_index]
    # (the last such line: an article's title may end like a byline, `…, 2019`; the byline follows it)
    citation_index = next((i for i in reversed(range(len(before_doi))) if _is_citation(before_doi[i])), None)
    if citation_index is not None:
        _read_citation(before_doi[citation_index], article, notes)
        before_doi = before_doi[:citation_index]
    article.title = textclean.join_lines(before_doi)
    if not article.title:
        notes.append("No article title was found.")
    if doi_index is None:
        notes.append("No DOI was found.")
    return article


def _is_citation(line: str) -> bool:
    return bool(_ET_AL.search(line) or _DATE_AT_END.search(line)) and not _DOI_IN_LINE.search(line)


def _read_citation(line: str, article: Article, notes: list[str]) -> None:
    """`C. A. Bradbury et al., NEJM, 02.09.2021` → authors, et al., journal, date. The date keeps
    the precision written (`N Engl J Med, 2014`: the year); a year left in the journal is noted."""
    byline = line
    date = _DATE_AT_END.search(line) or _DATE_AFTER_SPACE.search(line)
    if date and date.group(0)[:1].isspace() and _no_journal_before(line[: date.start()]):
        date = None  # (`…, printemps 2014`)
    if date:
        written = _written_at_end(date)
        article.date = written.iso
        if not written.iso:
            notes.append(f"The article date {written.text} is not a real date; it was left empty.")
        line = line[: date.start()]
    et_al = _ET_AL.search(line)
    if et_al:
        article.et_al = True
        names, article.journal = line[: et_al.start()], line[et_al.end():].strip(" ,;.")
        group = _GROUP_BEFORE_JOURNAL.match(article.journal)
        if names.count("(") > names.count(")") and article.journal.startswith(")"):
            # `CRASH-2 trial collaborators (H. Shakur et al.), Lancet`: the group first, then its
            # first author and "et al." in brackets
            group_name, _, inside = names.rpartition("(")
            article.journal = article.journal[1:].strip(" ,;.")
            names = f"{inside.rstrip(' ,;')}; {group_name.strip(' ,;')}"
        elif group and article.journal[group.end():].strip(" ,;."):
            article.journal = article.journal[group.end():].strip(" ,;.")
            names = f"{names.rstrip(' ,;')}; {group.group('paren') or group.group('named')}"
    elif "," in line:
        names, article.journal = line.rsplit(",", 1)
        article.journal = article.journal.strip(" ,;")
    else:
        names = line
    article.authors = _split_names(names)
    if _YEAR_IN_JOURNAL.search(article.journal):
        notes.append(
            f"The byline '{byline}' holds a date mia does not read (it reads one ending the line: "
            "'…, N Engl J Med, 2014', '…, 03/2014', '…, mars 2014', '…, 12.03.2014'): the article's journal "
            f"was read as '{article.journal}'{'' if article.date else ' and its date left empty'}. "
            "Correct the byline in the file, or the article's journal and date with mia edit."
        )


def _no_journal_before(text: str) -> bool:
    """Whether the words after the last comma or semicolon of `text` open on a word in small
    letters, as no journal's name does (`printemps`; eLife has a capital): a date after a space
    is then no byline's date."""
    words = text.replace(";", ",").rsplit(",", 1)[-1].split()
    return bool(words) and words[0].islower()


def _written_at_end(match: re.Match) -> WrittenDate:
    """The date a `_DATE_AT_END` or `_DATE_AFTER_SPACE` match holds."""
    return date_of_match(match, match.group(0).strip(" ,;.\t"))


def _split_names(text: str) -> list[str]:
    """`Dre M. Rochat, Dr P. Favre` → two names; commas, semicolons, `et`, `and`, `&` separate."""
    return [name.strip(" .,;") for name in _NAME_SEPARATORS.split(text) if name.strip(" .,;")]


def _doi_of(line: str, notes: list[str]) -> str:
    """The DOI of the DOI line, as written (mia.model.doi drops `DOI:`, resolver links, punctuation).

    A placeholder (`DOI: à venir`) leaves the DOI empty with a note; something written as a DOI
    that is not one (`DOI: 10.1056/`, `11.abc/x`) is returned as written: the import, for every
    format, keeps it as a note on the article, not as the DOI (importers.set_aside_invalid_doi).
    """
    try:
        return normalise_doi(line)
    except BadInput:
        found = find_doi(line)
        if found is not None:
            return found
        value = _DOI_LABEL.sub("", line).strip()
        if value.startswith("10.") or "/" in value or "doi.org" in value.casefold():
            return value
    notes.append(f"The DOI line '{line}' holds no valid DOI; the DOI was left empty.")
    return ""


_DOI_LABEL = patterns.compile(r"^\s*doi\s*:?\s*", re.IGNORECASE)


def _iso_date(day: str, month: str, year: str, what: str, notes: list[str]) -> str:
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        notes.append(f"The {what} {day}.{month}.{year} is not a real date; it was left empty.")
        return ""


# --- sections --------------------------------------------------------------------------------


def _front_matter_end(lines: list[str], first_heading: int) -> int:
    """Where the front matter ends: after the article's DOI line, else after its citation line
    (`authors et al., journal, date`), else at the first heading. What lies between that line
    and the first heading is review text (`_leading_section`)."""
    doi_line = next((i for i in range(first_heading) if _DOI_IN_LINE.search(lines[i])), None)
    if doi_line is not None:
        return doi_line + 1
    keywords = next((i + 1 for i in range(first_heading)
                     if (header := _header_line(lines[i].strip())) is not None and "keywords" in header[0]), 0)
    citation = next((i for i in range(keywords, first_heading)
                     if "," in lines[i] and _is_citation(lines[i].strip())), None)
    return citation + 1 if citation is not None else first_heading


def _leading_section(lines: list[str], spacing: int, first_heading: str, notes: list[str]) -> list[Section]:
    """The text between the front matter and the first heading mia knows, as a section of its
    own: under its first line when that line reads as a heading ("Pourquoi cet essai ?"), else
    under "Introduction". Such text used to be read as front matter and lost."""
    body = list(lines)
    while body and not body[0].strip():
        body.pop(0)
    if not body:
        return []
    first = body[0].strip()
    rest = [line for line in body[1:] if line.strip()]
    if (rest and len(first) <= _MAX_HEADING_LENGTH and without_numbering(first)[:1].isupper()
            and first[-1] not in ".;,"):
        heading, body = first.rstrip(":").strip(), body[1:]
        role = known_role(heading) or inferred_role(heading) or ""
        kept_as = f'the section "{heading}"'
    else:
        heading, role = "Introduction", "introduction"
        kept_as = 'a section headed "Introduction" (it had no heading)'
    width = textclean.typical_line_length(body)
    text = "\n\n".join(textclean.paragraphs(body, spacing=spacing, width=width))
    notes.append(f'The text before the first heading mia knows ("{first_heading}") was kept as {kept_as}.')
    return [Section(heading, text, role)]


def _parse_sections(
    lines: list[str], first: int, headings: dict[int, tuple[str, str, bool]], spacing: int
) -> list[Section]:
    """Split at headings from line `first` on; each section's wrapped lines become paragraphs
    joined by a blank line. Each section keeps its heading as written and gets its role."""
    bodies: list[tuple[str, str, list[str]]] = []
    for index in range(first, len(lines)):
        if index in headings:
            heading, role, _ = headings[index]
            bodies.append((heading, role, []))
        else:
            bodies[-1][2].append(lines[index])
    width = textclean.typical_line_length(line for _, _, body in bodies for line in body)
    return [
        Section(heading, "\n\n".join(textclean.paragraphs(body, spacing=spacing, width=width)), role)
        for heading, role, body in bodies
    ]


def _note_inferred_headings(
    headings: dict[int, tuple[str, str, bool]], review_id: str, notes: list[str]
) -> None:
    """One note naming the lines taken as headings by their shape and words (not known exactly)."""
    inferred = list(dict.fromkeys(f'"{heading}" as the {role} heading' for heading, role, guessed in
                                  (headings[index] for index in sorted(headings)) if guessed))
    if inferred:
        notes.append(
            f"Took {listed(inferred)} (not a heading mia knows exactly); check the sections "
            f"with: mia show {review_id}"
        )


def _note_heading_like_lines(lines: list[str], first: int, headings: dict[int, tuple[str, str, bool]],
                             spacing: int, review_id: str, notes: list[str]) -> None:
    """One note naming the lines that stand like headings (`_heading_shaped`, `_stands_alone`) but
    that the heading vocabulary does not read: they stay in the text of the section before them,
    where a heading mia does not know would glue two sections together."""
    width = textclean.typical_line_length(lines)
    kept = [f'"{text}"' for index in range(first + 1, len(lines)) if index not in headings
            and (text := _heading_shaped(lines[index])) is not None
            and _stands_alone(lines, index, spacing, width, headings)]
    if kept:
        notes.append(
            f"Kept {listed(list(dict.fromkeys(kept)))} in the text: "
            f"{'it stands' if len(kept) == 1 else 'they stand'} like a heading mia does not know; if "
            f"{'it is one' if len(kept) == 1 else 'one is'}, split the section with: mia edit {review_id}"
        )
