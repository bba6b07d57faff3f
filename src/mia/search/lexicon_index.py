"""The lexicon and the learned acronyms as the index keeps them, and the look-ups queries make.

Parsing and analysing the lexicon (a few thousand forms, each stemmed twice) costs tens of
milliseconds, more than a whole search should. So it is done once per lexicon change and stored
in the index (`lex_concepts`, `lex_forms`, and the stem keys of the forms' words in `lex_keys`),
keyed on the lexicon files' sizes and mtimes; a search then reads only the handful of forms its
words name, and does not load the stemmer for them (PyStemmer's import: ~0.7 ms of a search).

Learned acronyms (`learned`: one row per review and definition) join a lexicon concept when
their long form has the canon of one of its forms (`learned_concepts`, recomputed when the
lexicon changes); otherwise a long form stands for a meaning of its own. What a search reads
is `learned_pairs`: each (acronym, long form) pair once, with the first spelling of each in
code-point order, kept by every write (an acronym common in the reviews has thousands of rows
in `learned`, which a search grouped at each look-up: 12 ms of `mia search ITP` at 100,000).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable
from mia.base.sqlite import sqlite3
from mia.search.analysis import WORD
from mia.search.reader import upper_bound
from mia.search.records import in_chunks, write_meta
from mia.search.stemming import stem_keys

if TYPE_CHECKING:  # pragma: no cover
    from mia.search.lexicon import Lexicon



# Plain classes, not NamedTuples: a NamedTuple costs ~0.2 ms to build at import, and every
# search imports this module (see query.py).
class FormRow:
    """A lexicon form as `lex_forms` keeps it, its slots with their stem keys."""

    __slots__ = ("fid", "cid", "text", "slots", "canon", "ambiguous")

    def __init__(self, fid: int, cid: int, text: str, slots: tuple[tuple[str, str, tuple[str, ...]], ...],
                 canon: str, ambiguous: bool) -> None:
        self.fid, self.cid, self.text = fid, cid, text
        self.slots = slots  # (term, kind, stem keys)
        self.canon, self.ambiguous = canon, ambiguous


class LearnedRow:
    """An acronym and its long form, as the reviews define them (`learned_pairs`)."""

    __slots__ = ("sf", "sf_canon", "lf", "canon", "cid")

    def __init__(self, sf: str, sf_canon: str, lf: str, canon: str, cid: int | None) -> None:
        self.sf, self.sf_canon, self.lf, self.canon, self.cid = sf, sf_canon, lf, canon, cid


# Analysed lexicons already computed by this process, by signature (a test run, or a command
# that rebuilds several indexes, analyses the 2,000-odd concepts once).
_ANALYSED: dict[str, tuple[list, list, list, list, list]] = {}


def _content_key(signature: list) -> str:
    """The key of an analysed lexicon: its signature without the path of a file that does not
    exist (a user lexicon not written yet adds nothing, wherever it would be: each test's
    configuration folder is a new one, and each analysed the same lexicon again, ~0.5 s)."""
    return repr([[None, None] if isinstance(entry, list) and len(entry) == 2 and entry[1] is None else entry
                 for entry in signature])


def _analysed_rows(signature: list, load: Callable[[], "Lexicon"]) -> tuple[list, list, list, list, list]:
    """The rows of `lex_concepts`, `lex_forms`, `lex_keys` and `lex_members`, and the
    lexicon's warnings."""
    key = _content_key(signature)
    if key in _ANALYSED:
        return _ANALYSED[key]
    lexicon = load()
    concept_rows, form_rows, words = [], [], set()
    for cid, concept in enumerate(lexicon.concepts, 1):
        concept_rows.append((cid, concept.label, concept.source, concept.line()))
        for form in concept.forms:
            form_rows.append((cid, form.text, form.column, pack_slots(form.slots), form.canon))
            words.update(term for term, kind in form.slots if kind == WORD)
    key_rows = [(word, " ".join(stem_keys(word))) for word in sorted(words)]
    member_rows = [(head + 1, member + 1) for head, member in lexicon.members]  # (cids count from 1)
    result = (concept_rows, form_rows, key_rows, member_rows, lexicon.warnings)
    _ANALYSED[key] = result
    return result


def remember_lexicon(conn: sqlite3.Connection, meta: dict) -> None:
    """Keep the analysed lexicon an index already holds, so rebuilding that index (or another
    store's, in this process) does not analyse the lexicon again."""
    signature = meta.get("lexicon_signature")
    if signature is None:
        return
    key = _content_key(signature)
    if key in _ANALYSED:
        return
    try:
        concepts = conn.execute("SELECT cid, label, source, line FROM lex_concepts ORDER BY cid").fetchall()
        forms = conn.execute(
            "SELECT cid, text, column_name, slots, canon FROM lex_forms ORDER BY fid"
        ).fetchall()
        keys = conn.execute("SELECT word, keys FROM lex_keys ORDER BY word").fetchall()
        members = conn.execute("SELECT class_cid, member_cid FROM lex_members ORDER BY class_cid, member_cid").fetchall()
    except sqlite3.DatabaseError:
        return
    if concepts:
        _ANALYSED[key] = (concepts, forms, keys, members, list(meta.get("lexicon_warnings") or []))


def refresh_lexicon(conn: sqlite3.Connection, signature: list, load: Callable[[], "Lexicon"]) -> None:
    """Replace the stored lexicon with a freshly parsed one (inside the caller's transaction)."""
    concept_rows, form_rows, key_rows, member_rows, warnings = _analysed_rows(signature, load)
    for table in ("lex_concepts", "lex_forms", "lex_keys", "lex_members"):
        conn.execute(f"DELETE FROM {table}")
    conn.executemany("INSERT INTO lex_concepts VALUES (?, ?, ?, ?)", concept_rows)
    conn.executemany("INSERT INTO lex_keys VALUES (?, ?)", key_rows)
    conn.executemany("INSERT INTO lex_members VALUES (?, ?)", member_rows)
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
    of its words are kept once per word (`lex_keys`): kept as JSON with each form, the slots
    were 1.9 MB of a 10,000-review index, which then outgrew its store."""
    return " ".join(kind + term for term, kind in slots)


def _form_rows(conn: sqlite3.Connection, rows: list[tuple]) -> list[FormRow]:
    """`lex_forms` rows as FormRows, each word's stem keys from `lex_keys` (stemmed here only
    if missing there: it never is in an index that `refresh_lexicon` wrote)."""
    pieces = {slots: [(piece[1:], piece[0]) for piece in slots.split(" ")] for _, _, _, slots, _, _ in rows}
    words = sorted({term for found in pieces.values() for term, kind in found if kind == WORD})
    keys: dict[str, tuple[str, ...]] = {}
    for chunk, marks in in_chunks(words):
        keys.update((word, tuple(kept.split(" ")))
                    for word, kept in conn.execute(f"SELECT word, keys FROM lex_keys WHERE word IN ({marks})", chunk))
    unpacked = {
        slots: tuple((term, kind, (keys.get(term) or stem_keys(term)) if kind == WORD else ()) for term, kind in found)
        for slots, found in pieces.items()
    }
    return [FormRow(fid, cid, text, unpacked[slots], canon, bool(ambiguous))
            for fid, cid, text, slots, canon, ambiguous in rows]


def concepts_by_canon(conn: sqlite3.Connection, canons: Iterable[str]) -> list[tuple[str, int]]:
    """(canon, concept) of every lexicon form whose canon is one of `canons`: which concepts a
    typed text names (the forms themselves: `forms_of_concepts`)."""
    marks, values = _in(canons)
    if not values:
        return []
    return conn.execute(f"SELECT canon, cid FROM lex_forms WHERE canon IN ({marks})", values).fetchall()


def lexicon_words_starting(conn: sqlite3.Connection, prefixes: Iterable[str], min_length: int,
                           max_length: int) -> set[str]:
    """The words of the lexicon's forms starting with one of `prefixes`, of `min_length` to
    `max_length` letters (a range of `lex_keys`' key each, in one statement: ~50 µs a statement)."""
    ranges = [(prefix, upper_bound(prefix)) for prefix in dict.fromkeys(prefixes) if prefix]
    if not ranges:
        return set()
    where = " OR ".join(["(word >= ? AND word < ?)"] * len(ranges))
    values = [bound for pair in ranges for bound in pair]
    return {word for (word,) in conn.execute(
        f"SELECT word FROM lex_keys WHERE ({where}) AND length(word) BETWEEN ? AND ?",
        values + [min_length, max_length],
    )}


def forms_of_concepts(conn: sqlite3.Connection, cids: Iterable[int]) -> list[FormRow]:
    marks, values = _in(cids)
    if not values:
        return []
    return _form_rows(conn, conn.execute(
        f"SELECT fid, cid, text, slots, canon, ambiguous FROM lex_forms WHERE cid IN ({marks}) ORDER BY fid",
        values,
    ).fetchall())


def class_members(conn: sqlite3.Connection, cids: Iterable[int]) -> dict[int, list[int]]:
    """Class concept -> its member concepts (subclasses' members included), for those of
    `cids` that are classes."""
    return _member_pairs(conn, cids, "class_cid", "member_cid")


def classes_of(conn: sqlite3.Connection, cids: Iterable[int]) -> dict[int, list[int]]:
    """Member concept -> the classes holding it (`class_members` the other way round), for those
    of `cids` that are members."""
    return _member_pairs(conn, cids, "member_cid", "class_cid")


def _member_pairs(conn: sqlite3.Connection, cids: Iterable[int], by: str, other: str) -> dict[int, list[int]]:
    """`lex_members` read from the side of column `by`: each of `cids` found there -> its `other`
    column's concepts, in order."""
    marks, values = _in(cids)
    if not values:
        return {}
    found: dict[int, list[int]] = {}
    for key, value in conn.execute(
        f"SELECT {by}, {other} FROM lex_members WHERE {by} IN ({marks}) ORDER BY {by}, {other}", values,
    ):
        found.setdefault(key, []).append(value)
    return found


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
