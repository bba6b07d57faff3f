"""The best passage of a review for a hit, with the spans of the words that matched.

The passage is cut from the section text holding the most distinct matched terms within about
200 characters (then the most matches, then the earliest), on word boundaries, with "…" where it
was cut. Whitespace is collapsed and control characters removed *before* spans are computed, so
the spans index the returned text exactly; the CLI still passes each piece through
`render.safe()` before printing.

Speed: every section of every hit shown is looked at, and analysing all their words was the
largest part of a search (~5 ms for ten hits). So a text is first cut into pieces of about
`CHUNK` characters at spaces, and only the pieces whose *skeleton* (folded, letters and digits
only) contains the skeleton of a pattern's first word are analysed. Folding works character by
character, so a word matching a pattern leaves its skeleton inside its piece's, and skipping the
other pieces changes nothing (checked against the full analysis on 540 hits at 10,000
reviews). The one exception: the joined form of a hyphenated word with an elision after its
hyphen (`anti-l'…` gives `anti…`, the text `antil…`); that passage then is not the snippet.
"""

from __future__ import annotations

import unicodedata
from typing import Any, Iterator

from mia.base.controls import strip_controls
from mia.base.characters import replace_characters
from mia.search.analysis import _COMBINING, _TOKEN, EXTRA_LETTERS, _analysis, is_shouting, normalise
from mia.base import patterns

WIDTH = 200
CHUNK = 128  # (256: 10 % more of a search's snippet time on the bench's reviews, 64: no better)
#: The characters of a review's sections a snippet is looked for in, all sections together: a
#: compte-rendu holds 2,000–4,000, so this is every section of any real review, while a review
#: of several megabytes (let in with `mia add --max-size`) costs a search no more than this.
SCAN_CHARS = 60_000
# What a raw token may hold that its terms lack: separators, and the folded letters' originals.
_SEPARATORS = patterns.compile(r"[.,'_-]+")
_SEPARATOR_BYTES = b".,'_-"
#: Dropped from an ASCII skeleton: the separators, and the controls `clean` strips.
_DROPPED_BYTES = _SEPARATOR_BYTES + bytes([*range(0x09), *range(0x0b, 0x20), 0x7f])
_SPACES = patterns.compile(r"\s+")


def clean(text: str) -> str:
    return _SPACES.sub(" ", strip_controls(normalise(text))).strip()


Pattern = tuple  # one frozenset of index terms per word position: a word, or a phrase


def skeleton(text: str) -> str:
    """`text` folded as `analysis.fold` folds a word (case, accents, œ…), without the separators
    a word may hold (`.,'-_`): a term's skeleton lies inside the skeleton of a text holding it.

    (A regex and str.replace rather than str.translate, which is slow on non-ASCII text.)"""
    if text.isascii():
        folded = text.lower()
    else:
        folded = replace_characters(_COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold())), EXTRA_LETTERS)
    return _SEPARATORS.sub("", folded)


def _ascii_skeleton(text: str) -> bytes:
    """The ASCII characters of `skeleton(text)`, in their order (the others dropped, not
    folded), control characters dropped too: an ASCII needle lies in the skeleton of a text or
    of the text `clean` makes of it only if it lies in this. Computed for a whole section at C
    speed, it spares the cleaning and the pieces of a section holding no needle.

    (What `clean` changes cannot put a needle there: NFKC is undone by NFKD, the punctuation it
    unifies becomes a separator or a space, and the controls it strips are dropped here.)"""
    if text.isascii():
        folded = text.lower()
    else:
        folded = replace_characters(unicodedata.normalize("NFKD", text.casefold()), EXTRA_LETTERS)
    return folded.encode("ascii", "ignore").translate(None, _DROPPED_BYTES)


def _candidate_chunks(text: str, needles: set[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of the pieces of `text` (cut at spaces) whose skeleton holds a needle."""
    at = 0
    while at < len(text):
        end = text.find(" ", at + CHUNK)
        if end < 0:
            end = len(text)
        piece = skeleton(text[at:end])
        if any(needle in piece for needle in needles):
            yield at, end
        at = end + 1


def _may_hold(raw: str, needles: set[str]) -> bool:
    """Whether a raw token's skeleton holds a needle: if not, none of its terms is a pattern's
    (as for a piece, see the module's docstring). An ASCII word without separators, most words,
    is its own skeleton lowered: no analysis, which a new word costs a few microseconds."""
    if raw.isascii() and raw.isalnum():
        folded = raw.lower()
    else:
        folded = skeleton(raw)
    for needle in needles:
        if needle in folded:
            return True
    return False


class Wanted:
    """What a hit's patterns look for, worked out once for all its texts: the one-word
    patterns' terms (term -> pattern number), the phrases, and the needles (the skeletons of
    the single terms and of the phrases' first words; `ascii_needles` when all are ASCII, for
    the quick test of a whole text, each with the numbers of the patterns it can stand for)."""

    __slots__ = ("singles", "phrases", "phrase_terms", "needles", "ascii_needles")

    def __init__(self, patterns: list[Pattern]) -> None:
        self.singles: dict[str, int] = {}
        self.phrases: list[tuple[int, Pattern]] = []
        for number, pattern in enumerate(patterns):
            if len(pattern) == 1:
                for term in pattern[0]:
                    self.singles.setdefault(term, number)
            else:
                self.phrases.append((number, pattern))
        self.phrase_terms = set().union(*(word for _, pattern in self.phrases for word in pattern))
        labels: dict[str, set[int]] = {}
        for term, number in self.singles.items():
            labels.setdefault(skeleton(term), set()).add(number)
        for number, pattern in self.phrases:
            for term in pattern[0]:
                labels.setdefault(skeleton(term), set()).add(number)
        self.needles = set(labels)
        self.ascii_needles = ([(needle.encode(), frozenset(numbers)) for needle, numbers in labels.items()]
                              if all(needle.isascii() for needle in labels) else None)

    def bound(self, text: str) -> tuple[int, int] | None:
        """At most how many distinct patterns and how many matches `_matches` can find in the
        text, or what `clean` makes of it: (0, 0) when no needle lies there, None when the
        needles are not all ASCII (no quick test then).

        Every match holds an occurrence of a needle of its pattern in the text's ASCII skeleton
        (see `_ascii_skeleton`; the one exception is the module docstring's), and matches do not
        overlap, so neither do their occurrences."""
        if self.ascii_needles is None:
            return None
        quick = _ascii_skeleton(text)
        patterns: set[int] = set()
        count = 0
        for needle, numbers in self.ascii_needles:
            found = quick.count(needle)
            if found:
                count += found
                patterns.update(numbers)
        return len(patterns), count


def _matches(text: str, patterns: list[Pattern] | Wanted, *, tested: bool = False) -> list[tuple[int, int, str]]:
    """Spans of the text matching a pattern: any token for a one-word pattern, consecutive
    words for a phrase (so the words of "immune thrombocytopenia" are not lit up one by one).

    Only candidate pieces are analysed (see the module's docstring), each followed by enough
    words for a phrase starting in it to end; a skipped stretch breaks position adjacency.
    `tested`: the caller already found that a needle may be in the text (`Wanted.bound` on
    its raw text): the quick test is not made twice."""
    wanted = patterns if isinstance(patterns, Wanted) else Wanted(patterns)
    if not tested and wanted.bound(text) == (0, 0):
        return []
    singles, phrases, phrase_terms, needles = wanted.singles, wanted.phrases, wanted.phrase_terms, wanted.needles
    extra_positions = max((len(pattern) for _, pattern in phrases), default=1) - 1
    found = []
    at_position: dict[int, tuple[str, int, int]] = {}  # phrase words only: position -> (term, start, end)
    acronyms = not is_shouting(text)
    position = 0
    scanned = 0  # where the analysis stopped
    for chunk_start, chunk_end in _candidate_chunks(text, needles):
        if chunk_end <= scanned:
            continue
        if chunk_start > scanned:
            position += len(text) + 1  # words were skipped: no phrase spans the gap
        beyond = 0
        for match in _TOKEN.finditer(text, max(chunk_start, scanned)):
            start = match.start()
            if start >= chunk_end:
                if beyond >= extra_positions:
                    break
            raw = match.group()
            if not phrases and not _may_hold(raw, needles):
                continue  # (positions only matter to phrases)
            items, advance = _analysis(raw, acronyms)
            for term, _, rel, begin, end, joined in items:
                if term in singles:
                    found.append((start + begin, start + end, f"p{singles[term]}"))
                if term in phrase_terms and not joined:
                    at_position[position + rel] = (term, start + begin, start + end)
            position += advance
            if start >= chunk_end:
                beyond += advance
            scanned = match.end()
        else:
            scanned = len(text)
    for number, pattern in phrases:
        found.extend(_phrase_spans(at_position, pattern, f"p{number}"))
    found.sort()
    # Overlaps (a joined form and its parts, a phrase and its words): keep the outermost span.
    kept: list[tuple[int, int, str]] = []
    for start, end, label in found:
        if kept and start < kept[-1][1]:
            if end > kept[-1][1]:
                kept[-1] = (kept[-1][0], end, kept[-1][2])
            continue
        kept.append((start, end, label))
    return kept


def _phrase_spans(at_position: dict[int, tuple[str, int, int]], pattern: Pattern, label: str) -> list[tuple[int, int, str]]:
    """Spans where the words of `pattern` stand at consecutive positions."""
    spans = []
    for position, (term, start, _) in at_position.items():
        if term not in pattern[0]:
            continue
        end = None
        for k in range(1, len(pattern)):
            word = at_position.get(position + k)
            if word is None or word[0] not in pattern[k]:
                break
            end = word[2]
        else:
            spans.append((start, end, label))
    return spans


def _best_window(matches: list[tuple[int, int, str]], width: int) -> tuple[tuple[int, int], int, int]:
    """The window of `width` characters starting at a match that holds the most distinct
    labels, then the most matches, then the earliest: ((start, end), distinct, count).

    The matches do not overlap (`_matches` keeps the outermost span), so their ends grow with
    their starts and a window's matches are consecutive: one pass with two ends (it was one
    pass per match, quadratic: 20 s for a common word in a 5 MB section)."""
    best = ((0, 0), -1, -1)
    labels: dict[str, int] = {}
    after = 0  # the first match past the window starting at matches[i]
    for i, (start, _, label) in enumerate(matches):
        # (the match itself always counts, even a span wider than the window)
        while after < len(matches) and (after == i or matches[after][1] - start <= width):
            labels[matches[after][2]] = labels.get(matches[after][2], 0) + 1
            after += 1
        key = (len(labels), after - i)
        if key > best[1:]:
            best = ((start, matches[after - 1][1]), key[0], key[1])
        if labels[label] == 1:
            del labels[label]
        else:
            labels[label] -= 1
    return best


def _cut(text: str, window: tuple[int, int], width: int) -> tuple[int, int]:
    start, end = window
    room = max(0, width - (end - start))
    start = max(0, start - room // 3)
    end = min(len(text), max(end, start + width))
    if start > 0:
        space = text.find(" ", start)
        if 0 <= space < window[0]:
            start = space + 1
    if end < len(text):
        space = text.rfind(" ", window[1], end)
        if space > 0:
            end = space
    return start, end


def snippet_of(text: str, matches: list[tuple[int, int, str]], width: int = WIDTH,
               window: tuple[int, int] | None = None) -> tuple[str, list[tuple[int, int]]]:
    if window is None:
        window = _best_window(matches, width)[0] if matches else (0, 0)
    start, end = _cut(text, window, width)
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    shift = len(prefix) - start
    spans = [(s + shift, e + shift) for s, e, _ in matches if s >= start and e <= end]
    return prefix + text[start:end] + suffix, spans


def best_snippet(record: dict[str, Any], patterns: list[Pattern], width: int = WIDTH) -> tuple[str, list[tuple[int, int]]]:
    """(snippet, spans) for a review given the patterns (words, phrases) that matched in it.

    The section whose best window holds the most distinct patterns, then the most matches,
    then the earliest. A section whose raw text cannot hold a needle is neither cleaned nor
    analysed (most of a hit's sections, for a rare word); with ASCII needles, the sections are
    looked at in the order of what they can hold at most (`Wanted.bound`), and the look stops
    at the first that cannot beat the best found: a word found once in each section is
    looked for in one."""
    wanted = Wanted(patterns) if patterns else None
    best = None
    sections = _scanned_sections(record)
    looked: list[tuple[tuple[int, int] | None, int, str, bool]] = []
    for order, (raw, cut) in enumerate(sections):
        if wanted is not None and raw:
            bound = wanted.bound(raw)
            if bound != (0, 0):
                looked.append((bound, order, raw, cut))
    if wanted is not None and wanted.ascii_needles is not None:
        looked.sort(key=lambda item: (-item[0][0], -item[0][1], item[1]))
    for bound, order, raw, cut in looked:
        if best is not None and bound is not None and best[0] >= (bound[0], bound[1], -order):
            break  # (nor can any after it: they are in decreasing order of that key)
        text = _section_text(raw, cut)
        matches = _matches(text, wanted, tested=True)
        if not matches:
            continue
        window, distinct, count = _best_window(matches, width)
        key = (distinct, count, -order)
        if best is None or key > best[0]:
            best = (key, text, matches, window)
    if best is not None:
        _, text, matches, window = best
        return snippet_of(text, matches, width, window)
    article = record.get("article") or {}
    for text in (clean(article.get("title") or ""), clean(", ".join(record.get("keywords") or []))):
        matches = _matches(text, wanted) if text and wanted else []
        if matches:
            return snippet_of(text, matches, width)
    first = next((text for text in (_section_text(raw, cut) for raw, cut in sections) if text), "")
    return snippet_of(first, [], width) if first else ("", [])


def _scanned_sections(record: dict[str, Any]) -> list[tuple[str, bool]]:
    """The sections' raw texts, within `SCAN_CHARS` characters in all, each with whether it
    was cut short there (at a word boundary): `_section_text` cleans one when it is looked at."""
    parts = []
    budget = SCAN_CHARS
    for section in record.get("sections") or []:
        if not isinstance(section, dict):
            continue
        raw = section.get("text") or ""
        if budget <= 0:
            parts.append(("", False))  # (the order of sections is kept: it breaks ties)
            continue
        if len(raw) > budget:
            cut = raw.rfind(" ", 0, budget)
            parts.append((raw[:cut if cut > 0 else budget], True))
        else:
            parts.append((raw, False))
        budget -= len(raw)
    return parts


def _section_text(raw: str, cut: bool) -> str:
    """A section's text as a snippet is cut from: cleaned, ending with " …" if it was cut
    short (a window reaching that end shows it)."""
    return clean(raw) + " …" if cut else clean(raw)
