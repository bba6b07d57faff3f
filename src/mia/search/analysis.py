"""One text analysis, shared by indexing and queries, so that both sides always agree.

A text becomes a list of `Token`s, each an index *term* at a *position*:

- Unicode NFKC (ligatures, full-width forms), then NBSP / narrow NBSP / thin spaces as spaces and
  the typographic apostrophes and hyphens as their ASCII forms;
- words are case-folded and accent-folded (`fold`: é → e, œ → oe, æ → ae, ß → ss);
- French elisions are split off and dropped (l’, d’, qu’, j’, n’, s’, c’, m’, t’, jusqu’, lorsqu’,
  puisqu’, quoiqu’), with either apostrophe;
- numbers keep their decimals (`0.41`; a decimal comma becomes a point); a range such as `20-30`
  gives `20-30`, `20` and `30`;
- a hyphenated word is indexed split (`mycophenolate`, `mofetil` at consecutive positions) and
  whole, joined, at the position of its first part (`mycophenolatemofetil`), so `autoimmune`
  finds `auto-immune`;
- a short all-capital acronym (2–6 characters, a letter first, at least two letters, as typed in
  the original: `TPI`, `MMF`, `SGLT2`) becomes an upper-case term of its own, never stemmed and
  never confused with a word (`HAS` is not `has`). In a field written all in capitals
  (a shouted title) nothing is taken for an acronym.

Stems are not terms: the index keeps exact (folded) words, and the vocabulary maps each word to
its stem keys (`stemming.stem_keys`), so a query word reaches every indexed word sharing a key.
"""

from __future__ import annotations

import unicodedata

from mia.base.characters import replace_characters
from mia.base import patterns

WORD, ACRONYM, NUMBER = "w", "a", "n"

ELISIONS = frozenset(
    {"l", "d", "qu", "j", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu", "quoiqu"}
)
# Words whose apostrophe is part of the word, not an elision.
_KEEP_WHOLE = {"aujourd'hui": "aujourdhui"}

_PUNCTUATION = {
    "\u2019": "'", "\u02bc": "'", "\u2018": "'", "\u00b4": "'", "`": "'", "\u2032": "'",
    "\u2010": "-", "\u2011": "-", "\u00ad": "",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u200b": "",
}
#: Letters that accent folding (NFKD) leaves as they are, and what `fold` makes of them.
EXTRA_LETTERS = {"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ı": "i"}
_EXTRA_FOLD = str.maketrans(EXTRA_LETTERS)

# Raw tokens: runs of word characters joined by . , ' or - (the fastest pattern measured); each
# raw token is then analysed once (memoised) into numbers, words, elisions, hyphen parts.
_TOKEN = patterns.compile(r"\w+(?:[.,'-]\w+)*")
_SUBTOKEN = patterns.compile(r"\d+(?:[.,]\d+)+|[^\W_]+(?:['-][^\W_]+)*")
#: The longest an acronym term is (`_ACRONYM_SHAPE`).
MAX_ACRONYM = 6
_ACRONYM_SHAPE = patterns.compile(r"^[A-Z][A-Z0-9]{1,%d}$" % (MAX_ACRONYM - 1))
_DIGITS = patterns.compile(r"^\d+$")
_FOLD_CACHE: dict[str, str] = {}


class Token:
    """An index term at a position, with where it came from in the (normalised) text.

    (A plain class, not a NamedTuple: that costs ~0.2 ms to build at import, and every search
    imports this module.)"""

    __slots__ = ("term", "kind", "position", "start", "end", "joined")

    def __init__(self, term: str, kind: str, position: int, start: int, end: int, joined: bool = False) -> None:
        self.term, self.kind, self.position, self.start, self.end = term, kind, position, start, end
        self.joined = joined  # the whole form of a hyphenated word, sharing its first part's position

    def __repr__(self) -> str:
        return (f"Token({self.term!r}, {self.kind!r}, {self.position}, {self.start}, {self.end}"
                f"{', joined' if self.joined else ''})")


def normalise(text: str) -> str:
    """NFKC plus the space/apostrophe/hyphen unification every analysis starts from."""
    return replace_characters(unicodedata.normalize("NFKC", text), _PUNCTUATION)


def fold(word: str) -> str:
    """Case and accent folding of one word (memoised: vocabularies are small)."""
    folded = _FOLD_CACHE.get(word)
    if folded is None:
        if word.isascii():
            folded = word.lower()
        else:
            folded = _COMBINING.sub("", unicodedata.normalize("NFKD", word.casefold()))
            folded = folded.translate(_EXTRA_FOLD)
        if len(_FOLD_CACHE) < 500_000:
            _FOLD_CACHE[word] = folded
    return folded


_COMBINING = patterns.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_LIGATURES = {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"}


def strip_accents(text: str) -> str:
    """Accent folding that keeps case (for acronym detection on folded text)."""
    if text.isascii():
        return text
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return replace_characters(text, _LIGATURES)


def acronym_term(piece: str) -> str | None:
    """The acronym term for a piece of text typed in capitals (`TPI`), or None."""
    candidate = strip_accents(piece) if not piece.isascii() else piece
    if _ACRONYM_SHAPE.match(candidate) and sum(c.isalpha() for c in candidate) >= 2:
        return candidate
    return None


_LOWER_LATIN1 = patterns.compile(r"[a-zß-öø-ÿ]")  # (and œ, æ: counted apart, see base.characters)
_LETTER = patterns.compile(r"[^\W\d_]")


def is_shouting(text: str) -> bool:
    """True for a short text written all in capitals (then capitals say nothing about acronyms)."""
    if len(text) > 400 or len(text) < 12:  # fewer than 12 characters: fewer than 12 letters
        return False
    lower = len(_LOWER_LATIN1.findall(text)) + text.count("œ") + text.count("æ")
    if lower > 0.2 * len(text):  # then more than a fifth of the letters too, however many
        return False
    letters = len(_LETTER.findall(text))
    return letters >= 12 and lower <= 0.2 * letters


def _piece_term(piece: str, acronyms: bool) -> tuple[str, str]:
    if piece.isdigit():
        return piece, NUMBER
    if acronyms and piece.isupper():
        acronym = acronym_term(piece)
        if acronym:
            return acronym, ACRONYM
    return fold(piece), WORD


# (term, kind, relative position, start offset, end offset, joined) for each token of a raw
# match, and how many positions it takes; memoised per raw string (most are frequent words).
_Analysis = tuple[tuple[tuple[str, str, int, int, int, bool], ...], int]
_RAW_CACHE: dict[tuple[str, bool], _Analysis] = {}


def _analyse_raw(raw: str, acronyms: bool) -> _Analysis:
    if "." in raw or "," in raw or "_" in raw:
        subs = list(_SUBTOKEN.finditer(raw))
        if len(subs) == 1 and subs[0].group() == raw and raw[0].isdigit() and "-" not in raw:
            return ((raw.replace(",", "."), NUMBER, 0, 0, len(raw), False),), 1
        tokens: list[tuple[str, str, int, int, int, bool]] = []
        advance = 0
        for sub in subs:
            items, step = _analyse_raw(sub.group(), acronyms)
            at = sub.start()
            tokens.extend((t, k, rel + advance, b + at, e + at, j) for t, k, rel, b, e, j in items)
            advance += step
        return tuple(tokens), advance
    lowered = raw.lower()
    if lowered in _KEEP_WHOLE:
        return ((_KEEP_WHOLE[lowered], WORD, 0, 0, len(raw), False),), 1
    if "-" not in raw and "'" not in raw:
        term, kind = _piece_term(raw, acronyms)
        return ((term, kind, 0, 0, len(raw), False),), 1
    # Split on hyphens, then on apostrophes (dropping elided articles and pronouns).
    parts: list[tuple[str, int]] = []
    offset = 0
    for hyphen_part in raw.split("-"):
        pieces = hyphen_part.split("'")
        piece_offset = offset
        for index, piece in enumerate(pieces):
            elided = index == 0 and len(pieces) > 1 and piece.lower() in ELISIONS
            if piece and not elided:
                parts.append((piece, piece_offset))
            piece_offset += len(piece) + 1
        offset += len(hyphen_part) + 1
    if not parts:
        return (), 0
    analysed = [(_piece_term(piece, acronyms), at, len(piece)) for piece, at in parts]
    tokens = []
    if len(parts) > 1 and "-" in raw:
        if all(kind == NUMBER for (_, kind), _, _ in analysed):
            tokens.append(("-".join(term for (term, _), _, _ in analysed), NUMBER, 0, 0, len(raw), True))
        else:
            tokens.append(("".join(fold(piece) for piece, _ in parts), WORD, 0, 0, len(raw), True))
    for rel, ((term, kind), at, length) in enumerate(analysed):
        tokens.append((term, kind, rel, at, at + length, False))
    return tuple(tokens), len(parts)


def _analysis(raw: str, acronyms: bool) -> _Analysis:
    key = (raw, acronyms)
    found = _RAW_CACHE.get(key)
    if found is None:
        found = _analyse_raw(raw, acronyms)
        if len(_RAW_CACHE) < 1_000_000:
            _RAW_CACHE[key] = found
    return found


def tokenize(text: str, *, start_position: int = 0, normalised: bool = False) -> list[Token]:
    """Analyse a text into tokens; positions start at `start_position`.

    Offsets refer to `normalise(text)` (or to `text` itself when `normalised` is true).
    """
    if not normalised:
        text = normalise(text)
    acronyms = not is_shouting(text)
    tokens: list[Token] = []
    position = start_position
    for match in _TOKEN.finditer(text):
        start = match.start()
        items, advance = _analysis(match.group(), acronyms)
        for term, kind, rel, begin, end, joined in items:
            tokens.append(Token(term, kind, position + rel, start + begin, start + end, joined))
        position += advance
    return tokens


# The indexing fast path's memo: raw token -> its term (the common single-term case) or
# ((term, relative position), ...), positions taken. One memo per acronym setting.
_INDEX_CACHES: tuple[dict, dict] = ({}, {})


def _index_entry(raw: str, acronyms: bool):
    items, advance = _analysis(raw, acronyms)
    if advance == 1 and len(items) == 1:
        entry = items[0][0]
    else:
        entry = (tuple((term, rel, joined) for term, _, rel, _, _, joined in items), advance)
    cache = _INDEX_CACHES[acronyms]
    if len(cache) < 1_000_000:
        cache[raw] = entry
    return entry


def index_terms(text: str, position: int, terms: dict[str, list[int]], limit: int,
                sequence: tuple[list[int], list[str]] | None = None) -> tuple[int, int]:
    """Add a normalised text's terms to `terms` (term -> positions) from `position` on: the
    indexing fast path of `tokenize` (same analysis, memoised per raw token, no offsets).
    Positions at or past `limit` are not recorded; `sequence`, if given, is a pair of lists
    that receive the position and the term of each word in order (whole hyphenated forms
    aside). Returns (next position, words counted)."""
    acronyms = not is_shouting(text)
    get = _INDEX_CACHES[acronyms].get
    found_list = terms.get
    start = position
    if sequence is not None:
        add_position, add_word = sequence[0].append, sequence[1].append
    for raw in _TOKEN.findall(text):
        entry = get(raw)
        if entry is None:
            entry = _index_entry(raw, acronyms)
        if entry.__class__ is str:
            if position < limit:
                positions = found_list(entry)
                if positions is None:
                    terms[entry] = [position]
                else:
                    positions.append(position)
                if sequence is not None:
                    add_position(position)
                    add_word(entry)
            position += 1
        else:
            items, advance = entry
            for term, rel, joined in items:
                at = position + rel
                if at < limit:
                    positions = found_list(term)
                    if positions is None:
                        terms[term] = [at]
                    else:
                        positions.append(at)
                    if sequence is not None and not joined:
                        add_position(at)
                        add_word(term)
            position += advance
    return position, position - start


def terms(text: str) -> list[str]:
    """The terms of a text in order (whole hyphenated forms included): handy in tests."""
    return [token.term for token in tokenize(text)]
