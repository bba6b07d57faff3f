"""Output for reviews, tables and messages, and the rule that keeps data literal.

Every string that comes from a review, a file or the network is *data*: before it reaches the
terminal it loses its control characters (an escape sequence in a review must not drive the
user's terminal) and, where rich would read markup, its brackets are escaped (`[in vitro]` must
print as written). `plain()` does the first, `safe()` both.

`mia show`, `mia list` and `mia search` print text laid out here, not rich renderables: rich
costs ~35 ms to import, more than those commands may take beyond `mia --version`. On a terminal
(and without NO_COLOR) they add our own SGR sequences (`styled()`), around `plain()` text only.
rich stays for progress bars and the commands where its cost does not matter.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from mia.base.characters import replace_characters
from mia.base.controls import strip_controls
from mia.base.phrases import shell_word

if TYPE_CHECKING:
    from rich.console import Console

    from mia.model.review import Review

# Spaces of French typography that some terminals show oddly: shown as plain spaces.
_ODD_SPACES = {"\u00a0": " ", "\u202f": " ", "\u2007": " "}


def plain(text: Any) -> str:
    """`text` as a string without terminal control characters (CR, ESC, C1…)."""
    text = str(text)
    if text.isprintable():  # no control character (Cc) and no odd space (Zs): as it is, at C speed
        return text
    return replace_characters(strip_controls(text), _ODD_SPACES)


def safe(text: Any) -> str:
    """`text` made literal for a place where rich reads markup (f-strings, table cells)."""
    from rich.markup import escape

    return escape(plain(text))


def stdout_console() -> "Console":
    """A console on the current stdout (created per call, so test runners can swap stdout)."""
    from rich.console import Console

    return Console(file=sys.stdout, highlight=False, emoji=False)


def stderr_console() -> "Console":
    from rich.console import Console

    return Console(file=sys.stderr, highlight=False, emoji=False)


# Our own SGR sequences (never data): used only on a terminal, and not when NO_COLOR is set.
BOLD, DIM, UNDERLINE, YELLOW, CYAN = "1", "2", "4", "33", "36"


def styling_wanted(stream: Any) -> bool:
    """Whether to colour `stream`: a terminal, and the user did not ask for NO_COLOR."""
    return stream.isatty() and not os.environ.get("NO_COLOR")


def output_width(stream: Any) -> int | None:
    """The width to wrap text at: the terminal's; on a pipe, COLUMNS if the user set it, else
    None (paragraphs stay whole lines: grep finds a phrase, editors and pagers wrap by themselves)."""
    if stream.isatty():
        return shutil.get_terminal_size().columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else None


def styled(text: str, *codes: str, on: bool = True) -> str:
    """`text` between our SGR sequences (when `on` and there is something to style)."""
    if not on or not codes or not text:
        return text
    return f"\x1b[{';'.join(codes)}m{text}\x1b[0m"


def wrap(text: str, width: int | None, indent: str = "", hang: str = "") -> list[str]:
    """`text` (already plain) as lines no longer than `width` when possible: each of its own
    lines is wrapped at spaces, words are never cut (a DOI or URL stays whole), blank lines
    stay. `indent` starts every line, `hang` is added after the first line of each paragraph."""
    lines: list[str] = []
    for line in text.split("\n"):
        line = line.rstrip()
        if not line.strip():
            lines.append("")
        elif width is None:
            lines.append(indent + line)
        else:
            lines.extend(textwrap.wrap(
                line, width=max(width, len(indent + hang) + 20), initial_indent=indent,
                subsequent_indent=indent + hang, break_long_words=False, break_on_hyphens=False,
            ) or [""])
    return lines


def highlighted_lines(text: str, spans: list[tuple[int, int]], width: int | None, *,
                      indent: str = "", codes: tuple[str, ...] = (BOLD,)) -> list[str]:
    """`text` made plain, wrapped at spaces to `width` after `indent`, the (start, end) `spans`
    of it styled with `codes` (for a terminal: the caller decides). Should `plain()` have
    changed the text's length, the spans no longer fit it and nothing is highlighted."""
    clean = plain(text)
    if len(clean) != len(text):
        spans = []
    lines = []
    for start, end in _line_ranges(clean, None if width is None else max(20, width - len(indent))):
        pieces, at = [], start
        for span_start, span_end in sorted(spans):
            span_start, span_end = max(span_start, start), min(span_end, end)
            if span_start < at or span_start >= span_end:
                continue
            pieces.append(clean[at:span_start])
            pieces.append(styled(clean[span_start:span_end], *codes))
            at = span_end
        pieces.append(clean[at:end])
        lines.append(indent + "".join(pieces))
    return lines


def _line_ranges(text: str, width: int | None) -> list[tuple[int, int]]:
    """(start, end) of each line of `text` wrapped at spaces (`_greedy_lines`)."""
    if width is None or "\n" in text or len(text) <= width:
        return [(0, len(text))]
    words = text.split(" ")
    starts = [0]
    for word in words[:-1]:
        starts.append(starts[-1] + len(word) + 1)
    return [(starts[first], starts[end - 1] + len(words[end - 1]))
            for first, end in _greedy_lines([len(word) for word in words], width)]


def _greedy_lines(lengths: list[int], width: int | None) -> list[tuple[int, int]]:
    """The lines of words of these `lengths` (on screen) joined by one space, as (first, end)
    word indices: each line as many words as fit in `width`, greedily; a word longer than the
    width stays whole on its line (a line takes words until it holds something). The one wrap
    of search snippets (`highlighted_lines`) and of `mia diff`'s excerpts (`_marked_lines`)."""
    if not lengths:
        return []
    if width is None:
        return [(0, len(lengths))]
    lines, first, used = [], 0, lengths[0]
    for index in range(1, len(lengths)):
        if used > 0 and used + 1 + lengths[index] > width:
            lines.append((first, index))
            first, used = index, lengths[index]
        else:
            used += 1 + lengths[index]
    lines.append((first, len(lengths)))
    return lines


def review_text(review: "Review", *, reference: str, warnings: Iterable[str] = (),
                width: int | None = None, style: bool = False, conflict: dict | None = None) -> str:
    """The whole review for `mia show`, as plain text: the id and title, its details, the
    article's reference and DOI link, the consistency warnings, its unsettled sync conflict
    (`mia.model.review.unsettled_conflict`) in one line, then each section.

    Plain text written here rather than rich renderables: importing rich's console costs more
    than the rest of `mia show` together. Every data string goes through `plain()`; nothing is
    read as markup. `style` adds our bold/underline/dim sequences (a terminal without NO_COLOR).
    """
    def block(text: str, *codes: str, indent: str = "", hang: str = "") -> list[str]:
        return [styled(line, *codes, on=style) for line in wrap(text, width, indent, hang)]

    out = block(plain(review.id), BOLD) + block(plain(review.title), BOLD) + [""]
    summary = key_results_summary(review.extra.get("key_results"))
    if summary:
        out += _labelled("Key results", plain(summary), width, style) + [""]
    details = [
        ("Version", f"{review.version}" + (f" of {review.version_date}" if review.version_date else "")),
        ("Review published", review.published or "—"),
        ("Authors", ", ".join(review.authors) or "—"),
        ("Keywords", ", ".join(review.keywords) or "—"),
    ]
    for label, value in details:
        out += _labelled(label, plain(value), width, style)
    out.append("")
    out += _labelled("Article", plain(reference), width, style)
    if review.article.doi:
        out += _labelled("DOI", plain(review.article.doi), width, style)
        from mia.model.doi import doi_url  # the DOI's patterns: show only, not list and search

        out += block(plain(doi_url(review.article.doi)), indent="     ")
        if review.article.metadata is None:
            out += block(f"(as the review gives it; `mia resolve {review.id}` fetches the full reference)", DIM)
    elif review.article.doi_note:
        out += _labelled("DOI", "none", width, style)
        out += block(f"(the review gave '{plain(review.article.doi_note)}', which is not a valid DOI; "
                     f"`mia edit {review.id}` corrects it)", DIM)
    for warning in warnings:
        out += block("⚠ " + plain(warning), YELLOW, hang="  ")
    if conflict:
        out += block("⚠ " + conflict_line(review.id, conflict), YELLOW, hang="  ")
    for section in review.sections:
        out.append("")
        out += block(plain(section.heading), BOLD, UNDERLINE)
        out += wrap(plain(section.text), width, indent="  ")
    return "\n".join(out) + "\n"


def conflict_line(review_id: str, conflict: dict) -> str:
    """What `mia show` says of a review two members edited differently, and what to do."""
    earlier, current = plain(conflict["versions"][0]), plain(conflict["versions"][-1])
    named = conflict_versions(conflict)
    return (
        f"Unsettled sync conflict ({plain(', '.join(conflict['fields']))}): {named[0]} and {named[-1]} hold "
        f"two members' texts. See: mia diff {review_id} {shell_word(earlier)} {shell_word(current)}; settle it with "
        f"mia edit {review_id}, or mia conflicts --accept {review_id} to keep {current}."
    )


def conflict_versions(conflict: dict) -> list[str]:
    """Each version of a sync conflict's note with whose text it is, when the sync that found it
    knew the members' names: `V3 (by Marie Curie)`, else `V3`."""
    labels = [plain(label) for label in conflict["versions"]]
    members = conflict.get("members") or [""] * len(labels)
    return [f"{label} (by {plain(name)})" if name else label for label, name in zip(labels, members)]


def conflicts_text(found: list[dict]) -> str:
    """`mia conflicts`: each unsettled conflict, whose text each version is, and what to do."""
    if not found:
        return "No unsettled conflict.\n"
    out = []
    for item in found:
        review_id = item["id"]
        earlier, current = (plain(label) for label in (item["versions"][0], item["versions"][-1]))
        named = conflict_versions(item)
        out += [
            f"{review_id}: {plain(item['title'])}",
            f"  edited on both sides: {plain(', '.join(item['fields']))}",
            f"  {named[0]}: the earlier edit, kept in the history",
            f"  {named[-1]}: the current text",
            f"  Compare: mia diff {review_id} {shell_word(earlier)} {shell_word(current)}. Keep {current}: mia conflicts --accept {review_id};"
            f" or write the text to keep: mia edit {review_id}",
        ]
    return "\n".join(out) + "\n"


def accepted_text(accepted: dict) -> str:
    """What `mia conflicts --accept` did, and where the other member's text stays."""
    review_id = accepted["id"]
    named = conflict_versions(accepted)
    earlier = plain(accepted["versions"][0])
    return (
        f"Settled the conflict of {review_id}: {named[-1]} stays its current text, as the sync merged it. "
        f"{named[0]} stays in its history: see it with mia show {review_id} --version {shell_word(earlier)} "
        f"(mia diff {review_id} {shell_word(earlier)} compares it with the current text); to take some of it back, "
        f"mia edit {review_id}. Run mia sync to settle the conflict for the other members too.\n"
    )


def _labelled(label: str, value: str, width: int | None, style: bool) -> list[str]:
    """`Label: value`, wrapped with a hanging indent, the label dimmed on a terminal."""
    lines = wrap(f"{label}: {value}", width, hang="  ")
    if style and lines:
        lines[0] = styled(f"{label}:", DIM) + lines[0][len(label) + 1:]
    return lines


LIST_COLUMNS = (("id", "Id"), ("title", "Title"), ("journal", "Journal"), ("year", "Year"), ("published", "Reviewed"))


TRASH_COLUMNS = (("id", "Id"), ("title", "Title"), ("removed", "Removed"), ("version", "Version"))


#: At a terminal's width, the title gets the room first, up to TITLE_FIRST characters: these
#: columns are shortened before it (down to their header's width), and these are left out, in
#: this order, while the title would get fewer than MIN_TITLE (a pipe or --json has every
#: column, whole).
SHRINKABLE_COLUMNS = ("journal",)
DROPPABLE_COLUMNS = ("published", "year")
TITLE_FIRST = 50
MIN_TITLE = 24


def reviews_list_lines(rows: list[dict[str, str]], *, width: int | None, style: bool,
                       more: Iterable[dict[str, str]] = (), widest: dict[str, str] | None = None) -> Iterator[str]:
    """`mia list`: the lines of `reviews_table_lines`, each ending with a line feed, its header
    in bold when `style`; made one by one as they are written (100,000 reviews: no second copy)."""
    lines = reviews_table_lines(rows, width, more=more, widest=widest)
    header = next(lines)
    yield (f"\x1b[1m{header}\x1b[0m" if style else header) + "\n"  # our own sequence, not data
    for line in lines:
        yield line + "\n"


def reviews_table(rows: list[dict[str, str]], width: int | None, columns=LIST_COLUMNS) -> list[str]:
    """The lines of `reviews_table_lines`, as a list."""
    return list(reviews_table_lines(rows, width, columns))


def reviews_table_lines(rows: list[dict[str, str]], width: int | None, columns=LIST_COLUMNS, *,
                        more: Iterable[dict[str, str]] = (), widest: dict[str, str] | None = None) -> Iterator[str]:
    """The `mia list` table as aligned plain lines: a header, then one line per review.

    `more` (a long list on a screen, read as it is written): rows after `rows`, laid out with
    the widths `rows` and `widest` (the widest value of a column, such as the last id) give, the
    title taking the room the others leave; a longer cell is cut with "…", as at any width.

    Plain text rather than a rich Table: rich measures every cell of every row, which takes
    seconds for thousands of reviews, and a list must answer at once. With a `width` (a
    terminal), each review stays on one line: the title gets the room first (the journal is
    shortened before it, and at a narrow width the publication date, then the year, are left
    out), and what is cut ends with "…"; without one (a pipe), nothing is cut.
    """
    keys = [key for key, _ in columns]
    header = [label for _, label in columns]
    widths = [len(label) for label in header]
    for row in rows:  # each cell made plain in place, the widths measured in the same pass
        for i, key in enumerate(keys):
            cell = row[key] = _cell(row, key)
            if len(cell) > widths[i]:
                widths[i] = len(cell)
    for key, value in (widest or {}).items():
        widths[keys.index(key)] = max(widths[keys.index(key)], len(value))
    if more and width and "title" in keys:
        widths[keys.index("title")] = max(widths[keys.index("title")], width)
    shown = list(range(len(columns)))
    if width:
        title = keys.index("title")
        while True:
            fitted = _fitted_widths(widths, header, keys, shown, title, width)
            droppable = [i for key in DROPPABLE_COLUMNS for i in shown if keys[i] == key]
            if fitted[title] >= min(MIN_TITLE, widths[title]) or not droppable:
                break
            shown.remove(droppable[0])
        widths = fitted

    placed = [(keys[i], widths[i]) for i in shown]

    def layout(cells) -> str:
        parts = []
        for cell, (_, room) in zip(cells, placed):
            if len(cell) > room:
                cell = cell[: room - 1] + "…"
            parts.append(cell.ljust(room))
        return "  ".join(parts).rstrip()

    yield layout([header[i] for i in shown])
    for row in rows:
        yield layout([row[key] for key, _ in placed])
    for row in more:
        yield layout([_cell(row, key) for key, _ in placed])


def _cell(row: dict[str, str], key: str) -> str:
    """A list cell: the row's value made plain, on one line."""
    return plain(row.get(key, "")).replace("\n", " ")


def _fitted_widths(widths: list[int], header: list[str], keys: list[str], shown: list[int], title: int, width: int) -> list[int]:
    """The columns' widths within `width`: the title's first (up to TITLE_FIRST), then the
    shrinkable columns', then the rest to the title."""
    fitted = list(widths)
    shrinkable = [i for i in shown if keys[i] in SHRINKABLE_COLUMNS]
    fixed = sum(widths[i] for i in shown if i != title and i not in shrinkable) + 2 * (len(shown) - 1)
    room = width - 1 - fixed
    left = room - min(widths[title], TITLE_FIRST)
    for i in shrinkable:
        fitted[i] = max(len(header[i]), min(widths[i], left))
        left -= fitted[i]
    fitted[title] = max(len(header[title]), min(widths[title], room - sum(fitted[i] for i in shrinkable)))
    return fitted


# --- search hits and lexicon entries -----------------------------------------------------------

FIELD_LABELS = {
    "title": "title", "keywords": "keywords", "article_title": "article title",
    "headings": "section headings", "sections": "text", "authors": "authors", "journal": "journal",
}


def search_hits_text(result, *, width: int | None, style: bool) -> str:
    """`mia search`'s hits: a header, then per hit its id and title, where it matched, and a
    snippet. Styled: header dim, id cyan, title bold, matched words bold yellow, the snippet
    wrapped at `width` under its four-space indent."""
    header = _hits_header(result)
    meanings = [f"{term} can mean: {', '.join(labels)} (best fit first)." for term, labels in result.meanings.items()]
    if result.partial is not None:
        best, groups = result.partial
        meanings.insert(0, header)
        header = f"No review has all of: {', '.join(groups)}. Showing reviews matching {best} of {len(groups)}."
        if result.suggestions:
            meanings.insert(0, "Did you mean: " + " or ".join(f"mia search {s}" for s in result.suggestions) + "?")
    if result.apart:
        meanings.insert(0, header)
        header = (f"No review names {result.query} as the lexicon writes it. "
                  "Showing reviews holding the words of one of its forms apart.")
    if not style:
        out = [plain(header)] + [plain(line) for line in meanings]
    else:
        out = [styled(plain(header), DIM)] + [styled(plain(line), DIM) for line in meanings]
    for hit in result.hits:
        out.append("")
        # At spaces, never mid-word, and never before a separator (no line starts with ";").
        details = [line.replace(_GLUE, " ") for line in wrap(_hit_details(hit), width, indent="    ", hang="  ")]
        if not style:
            out.append(f"{hit.id}  {plain(hit.title)}")
            out += details
            if hit.snippet:
                out += highlighted_lines(hit.snippet, [], width, indent="    ")
            continue
        out.append(f"{styled(plain(hit.id), BOLD, CYAN)}  {styled(plain(hit.title), BOLD)}")
        out += [styled(line, DIM) for line in details]
        if hit.snippet:
            out += highlighted_lines(hit.snippet, hit.spans, width, indent="    ", codes=(BOLD, YELLOW))
    return "\n".join(out) + "\n"


def _hits_header(result) -> str:
    part = "part of " if result.partial is not None else ""
    if result.whole is not None:
        more = result.total - result.whole
        count = (f"{_reviews_match(result.whole)} {result.query}; {more} more match{'es' if more == 1 else ''} "
                 "part of it (each says what it misses)")
    else:
        count = f"{_reviews_match(result.total)} {part}{result.query}"
    if result.total > len(result.hits):
        count += f"; the {len(result.hits)} best:"
    return count


def _reviews_match(count: int) -> str:
    return f"{count} review{'s' if count != 1 else ''} match{'es' if count == 1 else ''}"


#: Holds a separator to the word before it while a hit's details are wrapped (textwrap breaks at
#: ASCII spaces only); a plain space once wrapped.
_GLUE = "\u00a0"


def _hit_details(hit) -> str:
    """`N Engl J Med, 2021 · in title, text · TPI ← ITP ; … · missing: …`, made plain, each
    separator glued to the word before it."""
    parts = []
    article = ", ".join(str(p) for p in (hit.journal, hit.year) if p)
    if article:
        parts.append(plain(article))
    if hit.fields:
        parts.append("in " + ", ".join(FIELD_LABELS.get(m, m) for m in hit.fields))
    if hit.routes:
        routes = (plain(route).replace(" ← ", f"{_GLUE}←{_GLUE}") for route in hit.routes)
        parts.append(f"{_GLUE}; ".join(routes))
    if hit.missing:
        parts.append("missing: " + ", ".join(plain(word) for word in hit.missing))
    return f"{_GLUE}· ".join(parts)


LEXICON_COLUMN_LABELS = {"fr": "French", "en": "English", "fr_acronyms": "French acronyms",
                         "en_acronyms": "English acronyms", "synonyms": "Synonyms"}


def lexicon_entries_text(entries: dict, term: str) -> str:
    """`mia lexicon show`: each concept the term names, with where it is written, then the
    acronyms the reviews define."""
    out = []
    for concept in entries["concepts"]:
        out.append(f"{concept['label']}  ({_lexicon_source(concept['source'])})")
        for column, label in LEXICON_COLUMN_LABELS.items():
            items = concept["columns"].get(column) or []
            if items:
                out.append(f"    {label}: {' ; '.join(items)}")
        if concept.get("members"):
            out.append(f"    Members (its search finds them too): {' ; '.join(concept['members'])}")
        if concept.get("classes"):
            out.append(f"    Member of: {' ; '.join(concept['classes'])}")
        out.append("")
    if len(entries["concepts"]) > 1:
        out.append(f"'{term}' names {len(entries['concepts'])} concepts: typed alone it finds them all; "
                   "it is not added when searching for another of their forms.")
        out.append("")
    for item in entries["learned"]:
        reviews = ", ".join(item["reviews"][:5]) + (" …" if len(item["reviews"]) > 5 else "")
        out.append(f"Defined in the reviews: {item['short']} = {item['long']}  ({reviews})")
    return "\n".join(plain(line) for line in out).rstrip("\n") + "\n"


def _lexicon_source(source: str) -> str:
    """`medical.txt:695` → `shipped lexicon, line 695 of medical.txt`; `user:3` → `your lexicon, line 3`."""
    origin, _, line = source.rpartition(":")
    if origin == "user":
        return f"your lexicon, line {line}"
    return f"shipped lexicon, line {line} of {origin}"


# --- key results -------------------------------------------------------------------------------

_DESIGN_LABELS = {"rct": "RCT"}


def _design_text(key_results: dict) -> str:
    """`RCT, open-label, multicentre` from key results' design tags ("" for none)."""
    return ", ".join(_DESIGN_LABELS.get(tag, tag) for tag in key_results.get("design") or [])


def _count_text(n: int) -> str:
    """`1 643`: thousands apart by a narrow no-break space."""
    return f"{n:,}".replace(",", "\u202f")


def effect_number(value: float) -> str:
    """0.8 → `0.80`, 0.555 → `0.555`, 12.0 → `12.00`: two decimals at least, as trials report."""
    text = f"{value:.2f}"
    return text if float(text) == value else f"{value:g}"


def effect_text(primary: dict) -> str:
    """`HR 0.41 (95% CI 0.21–0.80), p = 0.008` from a key results' `primary`."""
    text = f"{primary.get('measure') or '?'} {effect_number(primary['value'])}"
    if primary.get("ci_low") is not None and primary.get("ci_high") is not None:
        low, high = effect_number(primary["ci_low"]), effect_number(primary["ci_high"])
        between = " to " if "-" in (low[:1], high[:1]) else "–"  # (-9.60–-1.70 reads badly)
        text += f" (95% CI {low}{between}{high})"
    p = primary.get("p")
    if p:
        text += f", p {p[0]} {p[1:]}" if p[0] in "<>≤≥" else (", NS" if p == "NS" else f", p = {p}")
    return text


def reextracted_text(ids: list[str]) -> str:
    """What `mia reindex` says of the key results it extracted again (older rules, unchecked)."""
    if not ids:
        return "Key results: all found by the current rules (or checked by a person); none extracted again.\n"
    shown = ", ".join(ids[:10]) + (" …" if len(ids) > 10 else "")
    return plain(f"Extracted again the key results of {len(ids)} review{'s' if len(ids) != 1 else ''} "
                 f"that older rules had found: {shown}.") + "\n"


def key_results_summary(key_results: dict | None) -> str | None:
    """One line: `RCT, open-label, multicentre · N = 120 · HR 0.41 (95% CI 0.21–0.80), p = 0.008`."""
    if not isinstance(key_results, dict):
        return None
    parts = []
    design = _design_text(key_results)
    if design:
        parts.append(design)
    if key_results.get("n"):
        parts.append(f"N = {_count_text(key_results['n'])}")
    primary = key_results.get("primary")
    if isinstance(primary, dict) and primary.get("value") is not None:
        parts.append(effect_text(primary))
    if not parts:
        return None
    if key_results.get("checked"):
        parts.append("(checked)")  # a person confirmed or corrected them: the flags are answered
    elif key_results.get("flags"):
        parts.append("(to check: " + "; ".join(key_results["flags"][:2]) + ")")
    return " · ".join(parts)


def key_results_text(review: "Review", *, width: int | None, style: bool) -> str:
    """`mia results show`: a review's key results in full: design and N, the primary effect and
    the sentence it was read from, every other effect with its label, and what to check."""
    found = review.extra.get("key_results")
    out = [styled(plain(f"{review.id} — {review.title}"), BOLD, on=style)]
    if not isinstance(found, dict):
        return "\n".join(out + ["  No key results: mia results extract " + plain(review.id) + " finds them.", "", ""])
    design = _design_text(found) or "—"
    n = _count_text(found["n"]) if found.get("n") else "—"
    primary = found.get("primary")
    lines = [("Design", plain(design)), ("N", n),
             ("Primary", effect_text(primary) if isinstance(primary, dict) and primary.get("value") is not None
              else "none found")]
    source = (found.get("source") or {}).get("primary")
    if source:
        quoted = plain(" ".join(str(source).split()))
        lines.append(("Read from", "“" + (quoted if len(quoted) <= 400 else quoted[:399] + "…") + "”"))
    for label, value in lines:
        out += _labelled(label, value, width, style)
    secondary = [e for e in found.get("secondary") or [] if isinstance(e, dict) and e.get("value") is not None]
    if secondary:
        out += _labelled("Other effects", str(len(secondary)), width, style)
        for effect in secondary:
            label = plain(effect.get("label") or "").strip()
            out += wrap(f"- {label + ': ' if label else ''}{effect_text(effect)}", width, indent="  ", hang="    ")
    if found.get("checked"):
        out += _labelled("Checked", "yes, by a person (kept over any new extraction)", width, style)
    elif found.get("flags"):
        out += _labelled("To check", str(len(found["flags"])), width, style)
        for flag in found["flags"]:
            out += wrap(f"- {plain(flag)}", width, indent="  ", hang="    ")
    return "\n".join(out) + "\n\n"


def forest_text(rows: list[dict], *, width: int, style: bool) -> str:
    """The forest plot for the terminal: `mia.evidence.forest` lays it out, titles made literal."""
    from mia.evidence.forest import forest_lines

    safe_rows = [dict(row, label=plain(row["label"]).replace("\n", " ")) for row in rows]
    return "\n".join(forest_lines(safe_rows, width, color=style)) + "\n"


DOCTOR_PREFIXES = {"problem": "Problem: ", "ok": "OK: ", "note": "Note: ", "next": "Next: "}


def doctor_text(findings) -> str:
    """`mia doctor`: one line per finding, labelled by its kind (problem, fact, next step)."""
    return "".join(DOCTOR_PREFIXES[finding.kind] + plain(finding.message) + "\n" for finding in findings)


def restore_plan_text(steps, now=None) -> str:
    """`mia doctor --restore`, before it asks: for each damaged file, the backup that would
    replace it (when it was made, in words; what it holds) and what putting it back undoes."""
    out = []
    for step in steps:
        holds = f"{step.reviews} review(s)" + (f" and {step.trashed} in the trash" if step.trashed else "")
        out.append(plain(f"{step.path} is damaged. Its newest good backup, {step.backup.name}, is the file as it was "
                         f"on {plain_time(step.taken, now)}, just before mia's change of that moment; it holds {holds}."))
        if step.undone is None:
            out.append("  mia cannot tell what putting it back undoes (the search index, which keeps a copy of the "
                       "store as mia last wrote it, cannot be read): any change made to these reviews since then is lost.")
        elif not step.undone:
            out.append("  Putting it back loses nothing: it holds these reviews as mia last wrote them.")
        else:
            out.append("  Putting it back, compared with the store as mia last wrote it:")
            out += [plain(f"  - {line}") for line in step.undone]
    out.append("The damaged file is kept beside it, renamed .damaged-DATE." if len(steps) == 1
               else "The damaged files are kept beside them, renamed .damaged-DATE.")
    return "\n".join(out) + "\n"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def plain_time(moment, now=None) -> str:
    """A local time in words: `7 December 2026 at 20:10:45`, with `(today)` or `(yesterday)`."""
    import datetime

    days = ((now or datetime.datetime.now()).date() - moment.date()).days
    when = " (today)" if days == 0 else " (yesterday)" if days == 1 else ""
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year} at {moment:%H:%M:%S}{when}"


def relabelled_text(relabelled: tuple[str, str] | None) -> str:
    """The end of `mia add --replace`'s line when the new version's label was taken."""
    if not relabelled:
        return ""
    old, new = (plain(label) for label in relabelled)
    return f" as version {new} (an earlier version is already labelled {old})"


def history_text(review_id: str, entries) -> str:
    """`mia history`: each version, oldest first: label, dates, source and authors, then what
    changed from the version before."""
    out = [f"{review_id}: {len(entries)} version(s), oldest first"]
    width = max(len(plain(entry.label)) for entry in entries) + len(" (current)")
    for entry in entries:
        label = plain(entry.label) + (" (current)" if entry.current else "")
        facts = [f"of {entry.version_date}" if entry.version_date else "undated",
                 f"stored {entry.stored}" if entry.stored else "",
                 f"from {plain(entry.source)}" if entry.source else "",
                 f"review by {plain(', '.join(entry.authors))}" if entry.authors else ""]
        out.append(f"  {label.ljust(width)}  " + ", ".join(fact for fact in facts if fact))
        what = "first version" if entry is entries[0] else (
            "changed: " + "; ".join(plain(part) for part in entry.changes) if entry.changes else "no change to what it says")
        out.append(f"  {' ' * width}  {what}")
    if len(entries) > 1:
        first = plain(entries[0].label)
        out.append(f"`mia diff {review_id}` shows what the latest version changed, `mia diff {review_id} {shell_word(first)}` "
                   f"all changes since {first}; `mia show {review_id} --version {shell_word(first)}` shows that version.")
    return "\n".join(out) + "\n"


#: How `mia diff` marks the words a version removed and added: SGR codes on a terminal (red
#: struck through, bold green), else markers in the text.
_REMOVED_CODES, _ADDED_CODES = ("31", "9"), ("1", "32")
_MARKERS = {"removed": ("[-", "-]"), "added": ("{+", "+}")}


def version_changes_text(review_id: str, before, after, changes, *, width: int | None, style: bool) -> str:
    """`mia diff`: each part the two versions say differently, its changed words marked, with a
    few words of context (`core.versions.version_changes`); the version label and date left out."""
    legend = "red: removed, green: added" if style else "[-removed-]{+added+}"
    parts = "1 part" if len(changes) == 1 else f"{len(changes)} parts"
    out = [plain(f"What changed in {review_id} from {before.version}{_dated(before)} to "
                 f"{after.version}{_dated(after)}: {parts} ({legend}).")]
    for change in changes:
        what = "" if change.change == "changed" else f", {change.change}"
        name = change.part.replace("_", " ")  # (key_results: key results)
        out += ["", plain(name[:1].upper() + name[1:] + what) + ":"]
        if not change.excerpts:
            out.append("  (only the spacing changed)")
        for excerpt in change.excerpts:
            out += _marked_lines(excerpt, width, style)
    return "\n".join(out) + "\n"


def _dated(version) -> str:
    return f" (of {version.version_date})" if version.version_date else ""


def _marked_lines(excerpt, width: int | None, style: bool, indent: str = "  ") -> list[str]:
    """An excerpt's words, the removed and added ones marked, wrapped at `width` (the markers'
    escape sequences take no room on the screen)."""
    words: list[tuple[int, str]] = []  # (length on screen, as written)
    after_removal = False
    for kind, text in excerpt:
        pieces = plain(text).split(" ")
        for position, word in enumerate(pieces):
            if kind == "same" or not word:
                words.append((len(word), word))
            elif style:
                words.append((len(word), styled(word, *(_REMOVED_CODES if kind == "removed" else _ADDED_CODES))))
            else:  # the markers around the whole stretch: [-two words-]
                opening, closing = _MARKERS[kind]
                marked = (opening if position == 0 else "") + word + (closing if position == len(pieces) - 1 else "")
                if position == 0 and after_removal:  # an addition right after a removal replaces it: [-a-]{+b+}
                    length, removed = words.pop()
                    words.append((length + len(marked), removed + marked))
                else:
                    words.append((len(marked), marked))
        after_removal = kind == "removed"
    room = None if width is None else max(width, 40) - len(indent)
    return [indent + " ".join(word for _, word in words[first:end])
            for first, end in _greedy_lines([length for length, _ in words], room)]


# --- mia stats ---------------------------------------------------------------------------------

#: How each chart of `mia stats` names the reviews it could not count.
STATS_MISSING = {
    "review_year": "without a date", "publication_year": "without the article's date",
    "journal": "without a journal", "keyword": "without keywords",
    "design": "with no design found", "reviewer": "without authors",
}
#: The width of a pipe's charts (COLUMNS when set, as for a terminal).
STATS_PIPE_WIDTH = 80
_EIGHTHS = " ▏▎▍▌▋▊▉"


def stats_text(stats: dict, *, width: int | None, style: bool) -> str:
    """`mia stats`: one bar chart per count, drawn with block characters (eighths of a cell).

    Plain text laid out here, as for `show` and `search` (rich's console would cost more than
    the counting); every line fits `width` columns; on a terminal without NO_COLOR the bars
    are coloured, and the text reads the same without."""
    width = max(30, width or STATS_PIPE_WIDTH)
    total = stats["reviews"]
    out = [f"{total} review{'s' if total != 1 else ''}"]
    for name, chart in stats["charts"].items():
        out.append("")
        out.append(styled(_cut(chart["title"], width), BOLD, on=style))
        counts = chart["counts"]
        if name == "design":  # the tags as `mia show` writes them (RCT, open-label…)
            counts = [dict(item, label=_DESIGN_LABELS.get(item["label"], item["label"])) for item in counts]
        out.extend(bar_lines(counts, width=width, style=style))
        notes = []
        if chart.get("more"):
            notes.append(f"and {chart['more']} more: --top N shows more, --top 0 all")
        if chart.get("missing"):
            notes.append(f"{chart['missing']} review{'s' if chart['missing'] != 1 else ''} {STATS_MISSING.get(name, 'not counted')}")
        if not chart["counts"] and not notes:
            notes.append("nothing to count")
        out.extend(styled(_cut(f"  ({note})", width), DIM, on=style) for note in notes)
    return "\n".join(out) + "\n"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def bar_lines(counts: list[dict], *, width: int, style: bool) -> list[str]:
    """`  label  ██████▍ 12` per count; the longest bar fills what the labels and counts leave."""
    if not counts:
        return []
    labels = [plain(item["label"]).replace("\n", " ") for item in counts]
    numbers = [str(item["count"]) for item in counts]
    number_width = max(len(n) for n in numbers)
    label_width = min(max(len(label) for label in labels), max(6, width // 3))
    room = max(1, width - 2 - label_width - 2 - 1 - number_width)
    largest = max(item["count"] for item in counts) or 1
    lines = []
    for label, number, item in zip(labels, numbers, counts):
        if len(label) > label_width:
            label = label[: label_width - 1] + "…"
        eighths = round(item["count"] / largest * room * 8)
        if item["count"] and not eighths:
            eighths = 1  # a review counted is never drawn as none
        bar = "█" * (eighths // 8) + (_EIGHTHS[eighths % 8] if eighths % 8 else "")
        lines.append(f"  {label.ljust(label_width)}  {styled(bar, CYAN, on=style)}{' ' if bar else ''}{number}")
    return lines


def stderr_is_terminal() -> bool:
    """Whether stderr is a terminal: notices of a long wait are shown there only (tests inject it)."""
    return sys.stderr.isatty()


def waiting_notice(message: str):
    """A context showing `message` on stderr while something slow runs (DOIs looked up), on a
    terminal only: scripts reading a pipe get nothing. The line is erased when the wait ends, as
    a spinner would leave nothing; it stays if it did not fit on one line of the terminal (a
    wrapped line cannot be erased reliably), and on Ctrl-C (it said what Ctrl-C does)."""
    from contextlib import contextmanager, nullcontext

    if not stderr_is_terminal():
        return nullcontext()

    @contextmanager
    def notice():
        text = plain(message)
        fits = len(text) < shutil.get_terminal_size().columns
        sys.stderr.write(text + ("" if fits else "\n"))
        sys.stderr.flush()
        try:
            yield
        except KeyboardInterrupt:
            sys.stderr.write("\n")
            raise
        if fits:
            sys.stderr.write("\r\x1b[2K")  # back to the line's start, the line erased
            sys.stderr.flush()

    return notice()


def doi_lookup_notice(count: int) -> str:
    """What `mia add` says while it looks up the stored reviews' DOIs."""
    return f"Looking up {count} DOI{'s' if count != 1 else ''}… (Ctrl-C to skip; the reviews are stored)"


def lookup_skipped_text(review_ids: list[str]) -> str:
    """After Ctrl-C during the look-up: the reviews are stored, and how to look them up later."""
    how = f"mia resolve {' '.join(review_ids)}" if len(review_ids) <= 3 else "mia resolve --all"
    return f"DOI look-up skipped: the reviews are stored; `{how}` looks their articles up later."


def pdf_line(copy, review_id: str) -> str:
    """`mia show`'s line about the review's original PDF (`core.reading.PdfCopy`), or ""."""
    if copy is None:
        return ""
    if copy.present:
        return f"PDF: {plain(copy.name)}, kept at {plain(str(copy.path))} (mia open {review_id} --pdf opens it)\n"
    return f"PDF: {plain(copy.name)} is missing from {plain(str(copy.path.parent))} (add the PDF again to keep it)\n"


def carried_pdfs_text(folder, written: int) -> str:
    """`mia export`'s line about the original PDFs it put beside the export."""
    if written:
        return f"With {written} original PDF(s) in {plain(str(folder))}/ (keep the folder beside the export: mia add reads them there)."
    return f"Their original PDFs were already in {plain(str(folder))}/."


def purge_text(reviews: int, pdfs: int) -> str:
    """`mia rm --purge`'s line: the reviews deleted, and the PDFs no review uses any more."""
    text = f"Deleted {reviews} review(s) from the trash for good"
    if pdfs:
        text += f", and {pdfs} original PDF(s) no other review uses"
    return text + ".\n"
