"""Review records read back from the index, so that list and show need not load the store.

This module is deliberately light (sqlite3, marshal, zlib): `mia show` and `mia list` use it
while the index is fresh, and must not pay for the search machinery (`index.py` imports the
text analysis, ~10 ms). So it checks freshness itself, and the index's format and file suffix
are defined here (`index.py` takes them from here).

What the index keeps to be read back (its bookkeeping, each review's summary, facets and whole
record) is kept as `marshal` (`pack`, `unpack`): Python's own format for its compiled modules,
built into the interpreter, exact for every value JSON holds (an integer past 64 bits, a float)
and several times faster to read than JSON. json's import compiles five regular expressions
(~1.4 ms of a search, which read no other JSON), orjson's loads a 1 MB library (~2 ms of a
list). The index is a file of this installation, rebuilt from the store when it cannot be read;
the format names marshal's version, so another Python's index is rebuilt, not misread.
A stale, missing or unreadable index gives None: the caller then reads the store, and the next
search rebuilds the index (this module never writes).
"""

from __future__ import annotations

import marshal
import sys
import zlib
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence
from mia.base.sqlite import sqlite3
from mia.model.ids import review_number

#: The index's format: an index of another format is rebuilt. 7: postings keyed by (segment,
#: term), so that a write's new segment lands in a few pages instead of one page per term.
#: 8: covering indexes on `learned` for the acronym look-ups' GROUP BY (an acronym defined in
#: 10,000 reviews: 29 -> 12 ms of a search at 100,000 reviews).
#: 9: DOIs kept by `mia.model.doi.doi_match_key` (a DOI written as a link is found by `doi:`).
#: 10: the headings field holds the names of each section's role (`documents.heading_items`),
#: journal names, `docs.facets` (what `mia stats` counts and `mia forest` draws: `FACETS`);
#: 11: acronyms before a value (`annotate.annotate_values`).
#: 13: the facets name the key results' `checked` and `extractor`; the counts of `mia stats`
#: kept in the `tallies` tables (`tallies.py`).
#: 14: `learned_pairs`, each acronym and long form the reviews define once (a search read them
#: by grouping `learned`, one row per review: 12 ms of `mia search ITP` at 100,000 reviews).
#: 15: posting arrays stored behind a byte saying whether zlib packed them (`postings.pack`).
#: 16: records compressed with a zlib dictionary trained on the store (`train_record_dictionary`);
#: the summaries keep what a list and a search hit show only (`documents.summary_of`).
#: 17: the lexicon's forms keep their slots packed (`lexicon_index.pack_slots`), stem keys aside.
#: 18: meta, summaries, facets and records kept as marshal, not JSON (`pack`).
#: 19: the stem keys of the lexicon's words kept (`lex_keys`): a search no longer loads the stemmer.
#: 20: the classes of the lexicon and their members (`lex_members`).
#: 21: stem keys of French -oire words meet English -ory (`stemming.cross_normalise`).
#: 22: no stem key shorter than four letters (`stemming.stem_keys`: foie and fois met on `foi`).
#: 23: a lexicon form with a hyphenated prefix also stands for its fused spelling
#: (`lexicon.compound_variant`: bêta-lactamases, bêtalactamases).
#: 24: an English word in -itis keeps only its stem keys in -it (`stemming.stem_keys`: hepatitis
#: no longer meets hépatique).
#: 25: each summary holds the journal as shown (`fields.SHOWN_JOURNAL`).
#: 26: long posting rows keep score bounds, segments their reference lengths (bounds.py).
#: 27: "des" and "du" have the stem key "de" (`stemming.stem_keys`): the canons change.
FORMAT = f"mia-search-27/{sys.byteorder}/marshal-{marshal.version}"
INDEX_SUFFIX = ".index.sqlite"


#: The most values one statement's `IN (…)` takes (SQLite's bound parameters: 999 in older builds).
SQL_CHUNK = 900


def in_chunks(values: Sequence, size: int = SQL_CHUNK) -> Iterator[tuple[Sequence, str]]:
    """`values` a piece of at most `size` at a time, for a statement's `IN (…)`: (the piece,
    its `?,?,…` marks)."""
    for start in range(0, len(values), size):
        chunk = values[start:start + size]
        yield chunk, ",".join("?" * len(chunk))


#: Reviews whose JSON a rebuild makes the records' zlib dictionary from (the store's first ones).
DICTIONARY_SAMPLES = 16
#: zlib looks back 32 KB: a longer dictionary is not used.
DICTIONARY_SIZE = 32 * 1024
_DICTIONARY_STAT = "record_dictionary"


def pack(value: Any) -> bytes:
    """A value (what JSON holds: dicts, lists, strings, numbers, booleans, None) as the index
    keeps it (see the module's doc)."""
    return marshal.dumps(value)


def unpack(blob: Any) -> Any:
    """The value `pack` kept (`IndexUnusable` if `blob` does not hold one: a damaged index, or
    one of an older format whose values were JSON text)."""
    try:
        return marshal.loads(blob)
    except (EOFError, ValueError, TypeError) as problem:
        raise IndexUnusable(f"a stored value is damaged: {problem}") from None


#: zlib's level for the records: 3 packs 2,000 bench reviews in 1.47 MB where 1 took 1.84 MB,
#: for 3 % more time (a rebuild at 10,000 reviews: ~30 ms of 8.5 s); 6 saves 5 % more for 30 %.
RECORD_LEVEL = 3


#: A compressor primed with the last preset dictionary used, and that dictionary: each record
#: is compressed by a copy of it (`encode_record`). Priming one hashes the whole dictionary,
#: 34 of the 78 µs a bench review took at 10,000; a copy gives the same bytes.
_primed: tuple[bytes, Any] = (b"", None)


def encode_record(record: dict[str, Any], dictionary: bytes = b"") -> bytes:
    """A whole record as the index's `records` table keeps it: `pack`ed, compressed by zlib,
    with the index's preset dictionary if it has one (`train_record_dictionary`)."""
    global _primed
    raw = pack(record)
    if not dictionary:
        return zlib.compress(raw, RECORD_LEVEL)
    primed_for, primed = _primed
    if primed is None or primed_for != dictionary:
        primed = zlib.compressobj(RECORD_LEVEL, zdict=dictionary)
        _primed = (dictionary, primed)
    packer = primed.copy()
    return packer.compress(raw) + packer.flush()


def decode_record(blob: bytes, dictionary: bytes = b"") -> dict[str, Any]:
    """The record `encode_record` stored (`IndexUnusable` if the blob does not hold one)."""
    try:
        unpacker = zlib.decompressobj(zdict=dictionary) if dictionary else zlib.decompressobj()
        raw = unpacker.decompress(blob) + unpacker.flush()
        if not unpacker.eof:
            raise ValueError("the record is cut short")
    except (zlib.error, ValueError) as problem:
        raise IndexUnusable(f"a stored review is damaged: {problem}") from None
    record = unpack(raw)
    if not isinstance(record, dict):
        raise IndexUnusable("a stored review is not a record")
    return record


def train_record_dictionary(samples: list[bytes], size: int = DICTIONARY_SIZE) -> bytes:
    """A preset dictionary for zlib from some records' JSON: the samples joined, their last
    `size` bytes (b"" from fewer than two samples).

    A review shares its keys, headings, journal names and turns of phrase with the club's
    others, which zlib, compressing one review at a time, cannot otherwise use. Whole reviews
    side by side did better than the pieces of text most samples share (ranked by the bytes
    they would save), measured at zlib level 1: the bundled sample reviews, each compressed
    with a dictionary made from the others, 1,763 bytes a record without a dictionary, 1,523
    with shared pieces, 1,272 with whole reviews (-28 %); the bench's synthetic reviews 1,840,
    1,140 and 880 bytes (-52 %)."""
    if len(samples) < 2:
        return b""
    return b"".join(samples)[-size:]


def record_dictionary(conn: sqlite3.Connection) -> bytes:
    """The index's records dictionary (b"" if it has none)."""
    row = conn.execute("SELECT value FROM stats WHERE name = ?", (_DICTIONARY_STAT,)).fetchone()
    return bytes(row[0]) if row and row[0] else b""


def save_record_dictionary(conn: sqlite3.Connection, dictionary: bytes) -> None:
    conn.execute("INSERT OR REPLACE INTO stats VALUES (?, ?)", (_DICTIONARY_STAT, dictionary))


def is_current(meta: dict[str, Any], store) -> bool:
    """The index of this bookkeeping is of this format and matches the store's files."""
    return meta.get("format") == FORMAT and meta.get("signature") == list(store.signature())


#: How much of the index a `mapped` reading connection maps into memory rather than reads page
#: by page into SQLite's cache (`PRAGMA mmap_size`): each page it touches is then the file's own
#: page, not a copy in freshly allocated memory. At 10,000 reviews a search made ~180 fewer page
#: faults and took 0.2-0.45 ms less (in process, best 7 of 14). Only for a search showing its
#: best hits: the mapped pages count in a process's memory, and a reader of every review (`mia
#: list`: 77 -> 149 MB at 100,000, `mia forest`, the key results `mia reindex` extracts again)
#: would count the whole table it reads. SQLite maps only what it reads and handles the file
#: growing or shrinking under it; a disk I/O error while reading a mapped page would end the
#: process with a signal instead of an error, which on a file the search reads anyway is the
#: same loss.
READ_MAP_BYTES = 1 << 30


def open_if_fresh(store, also: Callable[[dict[str, Any]], bool] | None = None, *,
                  mapped: bool = False, stale: bool = False) -> sqlite3.Connection | None:
    """A connection to the index only if it already matches the store (and `also(meta)` holds
    of its bookkeeping, when given): never rebuilds, never creates a file (the URI's `mode=rw`
    fails on a missing one). `mapped`: the file mapped into memory (`READ_MAP_BYTES`). `stale`:
    whatever the store's files are now, as long as the index is of this format."""
    path = Path(store.derived_path(INDEX_SUFFIX))
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(path.absolute().as_uri() + "?mode=rw", uri=True, timeout=60, isolation_level=None)
    except sqlite3.DatabaseError:
        return None
    try:
        if mapped:
            conn.execute(f"PRAGMA mmap_size={READ_MAP_BYTES}")
        meta = read_meta(conn)
        fresh = (meta.get("format") == FORMAT if stale else is_current(meta, store)) and (also is None or also(meta))
    except (IndexUnusable, sqlite3.DatabaseError, ValueError, TypeError):
        fresh = False
    if fresh:
        return conn
    conn.close()
    return None


def cached_records(store, full: bool = False, nums: list[int] | None = None,
                   shape: Callable[[dict[str, Any]], Any] | None = None, first: int | None = None) -> list[Any] | None:
    """Every review's record (`full`) or summary in id-number order (only the `first` ones if
    given), or those numbered `nums` (in that order, missing ones left out), each passed through
    `shape` as it is read: a list keeps only what `shape` returns, never every summary at once.
    None when the index is not fresh."""
    conn = open_if_fresh(store)
    if conn is None:
        return None
    table, column = ("records", "record") if full else ("docs", "summary")
    keep = shape or (lambda value: value)
    try:
        if full:
            dictionary = record_dictionary(conn)

            def decode(blob: bytes) -> dict[str, Any]:
                return decode_record(blob, dictionary)
        else:
            decode = unpack
        if nums is None:
            limit = -1 if first is None else first  # (SQLite: a negative limit is none)
            return [keep(decode(value)) for (value,) in conn.execute(f"SELECT {column} FROM {table} ORDER BY num LIMIT ?", (limit,))]
        found: dict[int, Any] = {}
        for chunk, marks in in_chunks(nums):
            for num, value in conn.execute(f"SELECT num, {column} FROM {table} WHERE num IN ({marks})", chunk):
                found[num] = keep(decode(value))
        return [found[num] for num in nums if num in found]
    except (sqlite3.DatabaseError, IndexUnusable):
        return None
    finally:
        conn.close()


def last_written_records(store, low: int, high: int) -> tuple[list[dict[str, Any]], list[int]] | None:
    """The whole records numbered `low` to `high`, in number order, as the index holds them
    whether or not it matches the store's files now, and the store's signature it recorded: the
    live reviews as mia last wrote them (each write updates the index), what `mia doctor
    --restore` compares a backup with when the file it would replace is damaged. None when
    there is no index of this format to read."""
    conn = open_if_fresh(store, stale=True)
    if conn is None:
        return None
    try:
        dictionary = record_dictionary(conn)
        signature = list(read_meta(conn).get("signature") or [])
        rows = conn.execute("SELECT record FROM records WHERE num BETWEEN ? AND ? ORDER BY num", (low, high))
        return [decode_record(blob, dictionary) for (blob,) in rows], signature
    except (sqlite3.DatabaseError, IndexUnusable):
        return None
    finally:
        conn.close()


def streamed_records(store, shape: Callable[[dict[str, Any]], Any], first: int, batch: int = 2000):
    """For a long list on a screen: (count, the first `first` summaries shaped, an iterator of
    the others shaped, read a batch at a time as they are used, the largest review number), or
    None when the index is not fresh. Each batch is its own short read: a reader idling in the
    pager holds nothing of the index."""
    conn = open_if_fresh(store)
    if conn is None:
        return None
    try:
        # (the count the index keeps: counting 100,000 rows of docs reads their pages, ~1 ms)
        count = int(read_meta(conn).get("doc_count") or 0)
        (largest,) = conn.execute("SELECT coalesce(max(num), 0) FROM docs").fetchone()
        rows = conn.execute("SELECT num, summary FROM docs ORDER BY num LIMIT ?", (first,)).fetchall()
        shaped = [shape(unpack(blob)) for _, blob in rows]
    except (sqlite3.DatabaseError, IndexUnusable):
        conn.close()
        return None

    def the_others():
        after = rows[-1][0] if rows else 0
        try:
            while True:
                found = conn.execute("SELECT num, summary FROM docs WHERE num > ? ORDER BY num LIMIT ?", (after, batch)).fetchall()
                if not found:
                    return
                after = found[-1][0]
                for _, blob in found:
                    yield shape(unpack(blob))
        finally:
            conn.close()

    return count, shaped, the_others(), largest


def cached_record(store, review_id: str) -> dict[str, Any] | None:
    conn = open_if_fresh(store)
    if conn is None:
        return None
    try:
        row = conn.execute(
            "SELECT r.record FROM records AS r JOIN docs AS d ON d.num = r.num WHERE d.num = ? AND d.id = ?",
            (review_number(review_id), review_id),
        ).fetchone()
        return decode_record(row[0], record_dictionary(conn)) if row else None
    except (sqlite3.DatabaseError, IndexUnusable):
        return None
    finally:
        conn.close()


def reviews_of_dois(store, keys: list[str]) -> dict[str, list[str]] | None:
    """The ids of the reviews about each DOI of `keys` (as `mia.model.doi.doi_match_key` gives
    them: the `docs.doi` column, indexed), in number order, each key with a review; None when the
    index is not fresh. One look-up per 900 DOIs, whatever the size of the store."""
    conn = open_if_fresh(store)
    if conn is None:
        return None
    found: dict[str, list[str]] = {}
    try:
        for chunk, marks in in_chunks(sorted(set(keys))):
            for doi, review_id in conn.execute(f"SELECT doi, id FROM docs WHERE doi IN ({marks}) ORDER BY num", chunk):
                found.setdefault(doi, []).append(review_id)
        return found
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()


#: What the index keeps of each review for `mia stats` and `mia forest` (the `facets` column of
#: `docs`, a short list, `pack`ed): counting from it spares decoding every summary (~40 ms at
#: 10,000 reviews, and SQLite's json_extract on the summaries took ~90 ms).
FACETS = ("published", "version_date", "article_date", "journal", "journal_names", "issued_year",
          "keywords", "authors", "design", "n", "primary", "results_checked", "results_extractor")
#: The resolved metadata's names of the journal (`mia list` shows an abbreviation made from them;
#: a list of names is kept as its first, as `doi.csl` reads it).
JOURNAL_NAME_KEYS = ("container-title", "container-title-short", "journalAbbreviation")


def facets_of(record: dict[str, Any]) -> list[Any]:
    """A record's `FACETS`: its dates, the article's journal (as written, and the metadata's
    names in `JOURNAL_NAME_KEYS` order, "" for none), the year of issue of the metadata,
    keywords, review authors, and the key results' design, N and primary effect (as
    [measure, value, ci_low, ci_high, p], or null), whether a person checked them and the
    version of the extractor that wrote them (as written: `mia.evidence` judges them)."""
    article = record.get("article") or {}
    metadata = article.get("metadata") if isinstance(article.get("metadata"), dict) else {}
    names = [_first_text(metadata.get(k)) for k in JOURNAL_NAME_KEYS]
    try:
        issued = metadata["issued"]["date-parts"][0][0]
    except (KeyError, IndexError, TypeError):
        issued = None
    key_results = record.get("key_results") if isinstance(record.get("key_results"), dict) else {}
    primary = key_results.get("primary")
    return [
        record.get("published"), record.get("version_date"), article.get("date"), article.get("journal"),
        names if any(names) else "",
        issued if isinstance(issued, (int, str)) and not isinstance(issued, bool) else None,
        record.get("keywords") or [], record.get("authors") or [],
        key_results.get("design") or [], key_results.get("n"),
        [primary.get(k) for k in ("measure", "value", "ci_low", "ci_high", "p")] if isinstance(primary, dict) else None,
        key_results.get("checked"), key_results.get("extractor"),
    ]


def _first_text(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return value if isinstance(value, str) else ""


def encode_facets(record: dict[str, Any]) -> bytes:
    return pack(facets_of(record))


def cached_facets(store, ids: list[str] | None = None, rows_only: bool = False):
    """Review id -> its `FACETS`, for every review (id-number order) or those of `ids`, from a
    fresh index; None when the index is not fresh. `rows_only`: the list of every review's
    facets, without the ids."""
    conn = open_if_fresh(store)
    if conn is None:
        return None
    try:
        if rows_only:
            return [unpack(blob) for (blob,) in conn.execute("SELECT facets FROM docs ORDER BY num")]
        if ids is None:
            rows = conn.execute("SELECT id, facets FROM docs ORDER BY num").fetchall()
        else:
            rows = []
            for chunk, marks in in_chunks([review_number(i) for i in ids]):
                rows += conn.execute(f"SELECT id, facets FROM docs WHERE num IN ({marks})", chunk).fetchall()
        return {review_id: unpack(blob) for review_id, blob in rows}
    except (sqlite3.DatabaseError, IndexUnusable):
        return None
    finally:
        conn.close()


class IndexUnusable(Exception):
    """The index file cannot be trusted (corrupt, truncated, another format): rebuild it."""


def read_meta(conn: sqlite3.Connection) -> dict[str, Any]:
    """The index's bookkeeping (format, signature, counts, lexicon state)."""
    try:
        rows = conn.execute("SELECT key, value FROM meta").fetchall()
    except sqlite3.DatabaseError as error:
        raise IndexUnusable(str(error)) from error
    return {key: unpack(value) for key, value in rows}


def write_meta(conn: sqlite3.Connection, **values: Any) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
        [(key, pack(value)) for key, value in values.items()],
    )
