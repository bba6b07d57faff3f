"""The lexicon and the learned acronyms as the index keeps them, and the look-ups queries make.

Parsing and analysing the lexicon (a few thousand forms, each stemmed twice) costs tens of
milliseconds, more than a whole search should. So it is done once per lexicon change and stored
in the index (`lex_concepts`, `lex_forms`), keyed on the lexicon files' sizes and mtimes;
a search then reads only the handful of forms its words name.

Learned acronyms (`learned`: one row per review and definition) join a lexicon concept when
their long form has the canon of one of its forms (`learned_concepts`, recomputed when the
lexicon changes); otherwise a long form stands for a meaning of its own. What a search reads
is `learned_pairs`: each (acronym, long form) pair once, with the first spelling of each in
code-point order, kept by every write (an acronym common in the reviews has thousands of rows
in `learned`, which a search grouped at each look-up: 12 ms of `mia search ITP` at 100,000).
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Callable, Iterable, NamedTuple
from mia.search.analysis import WORD
from mia.search.records import in_chunks, write_meta
from mia.search.stemming import stem_keys

if TYPE_CHECKING:  # pragma: no cover
    from mia.search.lexicon import Lexicon



class FormRow(NamedTuple):
    fid: int
    cid: int
    text: str
    slots: tuple[tuple[str, str, tuple[str, ...]], ...]  # (term, kind, stem keys)
    canon: str
    ambiguous: bool


class LearnedRow(NamedTuple):
    sf: str
    sf_canon: str
    lf: str
    canon: str
    cid: int | None


# Analysed lexicons already computed by this process, by signature (a test run, or a command
# that rebuilds several indexes, analyses the 900-odd concepts once).
_ANALYSED: dict[str, tuple[list, list, list]] = {}


def _analysed_rows(signature: list, load: Callable[[], "Lexicon"]) -> tuple[list, list, list]:
    key = repr(signature)
    if key in _ANALYSED:
        return _ANALYSED[key]
    lexicon = load()
    concept_rows, form_rows = [], []
    for cid, concept in enumerate(lexicon.concepts, 1):
        concept_rows.append((cid, concept.label, concept.source, concept.line()))
        for form in concept.forms:
            form_rows.append((cid, form.text, form.column, pack_slots(form.slots), form.canon))
    result = (concept_rows, form_rows, lexicon.warnings)
    _ANALYSED[key] = result
    return result


def remember_lexicon(conn: sqlite3.Connection, meta: dict) -> None:
    """Keep the analysed lexicon an index already holds, so rebuilding that index (or another
    store's, in this process) does not analyse the lexicon again."""
    signature = meta.get("lexicon_signature")
    key = repr(signature)
    if signature is None or key in _ANALYSED:
        return
    try:
        concepts = conn.execute("SELECT cid, label, source, line FROM lex_concepts ORDER BY cid").fetchall()
        forms = conn.execute(
            "SELECT cid, text, column_name, slots, canon FROM lex_forms ORDER BY fid"
        ).fetchall()
    except sqlite3.DatabaseError:
        return
    if concepts:
        _ANALYSED[key] = (concepts, forms, list(meta.get("lexicon_warnings") or []))


def refresh_lexicon(conn: sqlite3.Connection, signature: list, load: Callable[[], "Lexicon"]) -> None:
    """Replace the stored lexicon with a freshly parsed one (inside the caller's transaction)."""
    concept_rows, form_rows, warnings = _analysed_rows(signature, load)
    conn.execute("DELETE FROM lex_concepts")
    conn.execute("DELETE FROM lex_forms")
    conn.executemany("INSERT INTO lex_concepts VALUES (?, ?, ?, ?)", concept_rows)
    conn.executemany(
        "INSERT INTO lex_forms (cid, text, column_name, slots, canon, ambiguous) VALUES (?, ?, ?, ?, ?, 0)",
        form_rows,
    )
    conn.execute(
        "UPDATE lex_forms SET ambiguous = 1 WHERE canon IN "
        "(SELECT canon FROM lex_forms GROUP BY canon HAVING COUNT(DISTINCT cid) > 1)"
    )
    conn.execute("DELETE FROM learned_concepts")
    conn.execute(
        "INSERT INTO learned_concepts SELECT canon, " + _CONCEPT_OF_CANON +
        " FROM (SELECT DISTINCT canon FROM learned_pairs) AS l"
    )
    write_meta(conn, lexicon_signature=signature, lexicon_warnings=warnings)


_CONCEPT_OF_CANON = (
    "(SELECT CASE WHEN COUNT(DISTINCT f.cid) = 1 THEN MIN(f.cid) END "
    "FROM lex_forms AS f WHERE f.canon = l.canon)"
)


def add_learned(conn: sqlite3.Connection, reviews: Iterable) -> None:
    from mia.search.lexicon import canon_of, form_slots

    rows = []
    for review in reviews:
        for short, long_form in review.acronyms:
            short_slots, long_slots = form_slots(short), form_slots(long_form)
            if not short_slots or not long_slots:
                continue
            rows.append((review.num, short, canon_of(short_slots), long_form, canon_of(long_slots)))
    if not rows:
        return
    conn.executemany("INSERT INTO learned VALUES (?, ?, ?, ?, ?)", rows)
    # A pair's spellings are the least ones of its rows: a new row can only lower them.
    conn.executemany(
        "INSERT INTO learned_pairs (sf_canon, canon, sf, lf) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (sf_canon, canon) DO UPDATE SET sf = min(sf, excluded.sf), lf = min(lf, excluded.lf)",
        [(sf_canon, canon, sf, lf) for _, sf, sf_canon, lf, canon in rows],
    )
    canons = sorted({row[4] for row in rows})
    conn.executemany(
        "INSERT OR IGNORE INTO learned_concepts SELECT canon, " + _CONCEPT_OF_CANON +
        " FROM (SELECT ? AS canon) AS l",
        [(c,) for c in canons],
    )


def remove_learned(conn: sqlite3.Connection, nums: list[int]) -> None:
    pairs: set[tuple[str, str]] = set()
    for chunk, marks in in_chunks(nums):
        pairs.update(conn.execute(f"SELECT sf_canon, canon FROM learned WHERE num IN ({marks})", chunk))
        conn.execute(f"DELETE FROM learned WHERE num IN ({marks})", chunk)
    # The pairs these reviews defined: gone with their last row, else spelled by the rows left.
    for pair in sorted(pairs):
        conn.execute("DELETE FROM learned_pairs WHERE sf_canon = ? AND canon = ?", pair)
        conn.execute(
            "INSERT INTO learned_pairs SELECT sf_canon, canon, MIN(sf), MIN(lf) FROM learned "
            "WHERE sf_canon = ? AND canon = ? GROUP BY sf_canon, canon", pair,
        )


def _in(values: Iterable) -> tuple[str, list]:
    values = list(dict.fromkeys(values))
    return ",".join("?" * len(values)), values


def pack_slots(slots: list[tuple[str, str]]) -> str:
    """A form's (term, kind) slots as `lex_forms.slots` keeps them: each kind's letter before its
    term, separated by spaces (`wthrombocytopenie wimmune`; a term holds no space). The stem keys
    are computed again when read (a search reads a few dozen forms): kept as JSON with their keys,
    the slots were 1.9 MB of a 10,000-review index, which then outgrew its store."""
    return " ".join(kind + term for term, kind in slots)


def _unpacked(slots: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    return tuple((piece[1:], piece[0], stem_keys(piece[1:]) if piece[0] == WORD else ())
                 for piece in slots.split(" "))


def _form_rows(cursor) -> list[FormRow]:
    return [FormRow(fid, cid, text, _unpacked(slots), canon, bool(ambiguous))
            for fid, cid, text, slots, canon, ambiguous in cursor]


def forms_by_canon(conn: sqlite3.Connection, canons: Iterable[str]) -> list[FormRow]:
    marks, values = _in(canons)
    if not values:
        return []
    return _form_rows(conn.execute(
        f"SELECT fid, cid, text, slots, canon, ambiguous FROM lex_forms WHERE canon IN ({marks})", values
    ))


def forms_of_concepts(conn: sqlite3.Connection, cids: Iterable[int]) -> list[FormRow]:
    marks, values = _in(cids)
    if not values:
        return []
    return _form_rows(conn.execute(
        f"SELECT fid, cid, text, slots, canon, ambiguous FROM lex_forms WHERE cid IN ({marks}) ORDER BY fid",
        values,
    ))


def concept_labels(conn: sqlite3.Connection, cids: Iterable[int]) -> dict[int, str]:
    marks, values = _in(cids)
    if not values:
        return {}
    return dict(conn.execute(f"SELECT cid, label FROM lex_concepts WHERE cid IN ({marks})", values))


_LEARNED = (
    "SELECT l.sf, l.sf_canon, l.lf, l.canon, c.cid FROM learned_pairs AS l "
    "LEFT JOIN learned_concepts AS c ON c.canon = l.canon "
)
_LEARNED_ORDER = " ORDER BY l.sf_canon, l.canon"


def _learned_rows(cursor) -> list[LearnedRow]:
    seen: dict[tuple[str, str], LearnedRow] = {}
    for sf, sf_canon, lf, canon, cid in cursor:
        seen.setdefault((sf_canon, canon), LearnedRow(sf, sf_canon, lf, canon, cid))
    return list(seen.values())


def learned_by_short_form(conn: sqlite3.Connection, sf_canons: Iterable[str]) -> list[LearnedRow]:
    marks, values = _in(sf_canons)
    if not values:
        return []
    return _learned_rows(conn.execute(_LEARNED + f"WHERE l.sf_canon IN ({marks})" + _LEARNED_ORDER, values))


def learned_by_long_form(conn: sqlite3.Connection, canons: Iterable[str]) -> list[LearnedRow]:
    marks, values = _in(canons)
    if not values:
        return []
    return _learned_rows(conn.execute(_LEARNED + f"WHERE l.canon IN ({marks})" + _LEARNED_ORDER, values))


def learned_for_concepts(conn: sqlite3.Connection, cids: Iterable[int]) -> list[LearnedRow]:
    marks, values = _in(cids)
    if not values:
        return []
    return _learned_rows(conn.execute(
        "SELECT l.sf, l.sf_canon, l.lf, l.canon, c.cid FROM learned_concepts AS c "
        f"CROSS JOIN learned_pairs AS l ON l.canon = c.canon WHERE c.cid IN ({marks})" + _LEARNED_ORDER,
        values,
    ))
