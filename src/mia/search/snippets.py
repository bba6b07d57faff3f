"""The best passage of a review for a hit, with the spans of the words that matched.

The passage is cut from the section text holding the most distinct matched terms within about
200 characters (then the most matches, then the earliest), on word boundaries, with "…" where it
was cut. Whitespace is collapsed and control characters removed *before* spans are computed, so
the spans index the returned text exactly; the CLI still passes each piece through
`render.safe()` before printing.
"""

from __future__ import annotations

import re
from typing import Any

from mia.search.analysis import _TOKEN, _analysis, is_shouting, normalise

WIDTH = 200
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    return _SPACES.sub(" ", _CONTROL.sub("", normalise(text))).strip()


Pattern = tuple  # one frozenset of index terms per word position: a word, or a phrase


def _matches(text: str, patterns: list[Pattern]) -> list[tuple[int, int, str]]:
    """Spans of the text matching a pattern: any token for a one-word pattern, consecutive
    words for a phrase (so the words of "immune thrombocytopenia" are not lit up one by one)."""
    singles: dict[str, int] = {}
    phrases = []
    for number, pattern in enumerate(patterns):
        if len(pattern) == 1:
            for term in pattern[0]:
                singles.setdefault(term, number)
        else:
            phrases.append((number, pattern))
    found = []
    words: list[tuple[str, int, int, int]] = []  # (term, position, start, end), for phrases
    acronyms = not is_shouting(text)
    position = 0
    for match in _TOKEN.finditer(text):
        start = match.start()
        items, advance = _analysis(match.group(), acronyms)
        for term, _, rel, begin, end, joined in items:
            if term in singles:
                found.append((start + begin, start + end, f"p{singles[term]}"))
            if phrases and not joined:
                words.append((term, position + rel, start + begin, start + end))
        position += advance
    for number, pattern in phrases:
        size = len(pattern)
        for i in range(len(words) - size + 1):
            if all(
                words[i + k][0] in pattern[k] and words[i + k][1] == words[i][1] + k
                for k in range(size)
            ):
                found.append((words[i][2], words[i + size - 1][3], f"p{number}"))
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


def _best_window(matches: list[tuple[int, int, str]], width: int) -> tuple[tuple[int, int], int, int]:
    best = ((0, 0), -1, -1)
    for i, (start, _, _) in enumerate(matches):
        inside = [m for m in matches[i:] if m[1] - start <= width]
        key = (len({m[2] for m in inside}), len(inside))
        if key > best[1:]:
            best = ((start, inside[-1][1]), key[0], key[1])
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
    """(snippet, spans) for a review given the patterns (words, phrases) that matched in it."""
    terms = patterns
    best = None
    sections = [clean(s.get("text") or "") for s in record.get("sections") or [] if isinstance(s, dict)]
    for order, text in enumerate(sections):
        matches = _matches(text, terms) if terms else []
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
        matches = _matches(text, terms) if text and terms else []
        if matches:
            return snippet_of(text, matches, width)
    first = next((t for t in sections if t), "")
    return snippet_of(first, [], width) if first else ("", [])
