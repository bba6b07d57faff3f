"""The search index: a SQLite file beside the store, derived from it, rebuilt when in doubt.

Why our own inverted index in SQLite rather than FTS5 (which this Python's sqlite3 has):
a word here has several forms at one position (the exact folded word, the whole and the parts
of a hyphenated word) and reaches other words through stem keys, lexicon concepts and learned
acronyms, with exact matches ranked above stems above expansions and title above text. FTS5
takes one token per position from a Python-side tokenizer, cannot put alternatives inside a
phrase, and ranks with its own bm25(); we would have had to expand every query into large
MATCH expressions and re-rank in Python anyway. A plain table of posting rows read with
`array.frombytes` gives the same speed at these sizes and lets ranking be ours (measured
figures: docs/ARCHITECTURE.md, "Search index"). SQLite still gives us atomic commits, WAL
(readers never wait for a writer) and one file.

Tables: `meta` (format, store signature, lexicon signature, counts), `docs` (one row per review:
number, id, segment, year, DOI, and the summary `mia list` needs), `records` (the whole record,
zlib-compressed, so list/show can read the index instead of the store), `stats` (field lengths
of every review as one array: lengths.py), `segments` and `postings` (see postings.py), `vocab` and
`stemkeys` (each indexed word and its stem keys), `learned` (acronyms the reviews define),
`annotated` (the lexicon forms found at indexing time, annotate.py) and the `lex_*` tables (the
lexicon, analysed once per lexicon change).

Freshness: the index records `store.signature()`. Any difference, a missing or unreadable file,
or another format makes `ensure_fresh` rebuild it from `store.records()` in one transaction
(readers keep the old contents until it commits). Writers (`apply_changes`, called by the
store under its write lock) update it incrementally and record the new signature.
"""

from __future__ import annotations

from array import array
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from mia.base.sqlite import sqlite3
from mia.base.collector import without_gc
from mia.search.bounds import averages
from mia.search.lengths import DocLengths
from mia.search.postings import ORDERED, SegmentBuilder, ordered_range
from mia.search.records import (DICTIONARY_SAMPLES, FORMAT, INDEX_SUFFIX, in_chunks, pack,
                                save_record_dictionary, train_record_dictionary, unpack, write_meta)
from mia.model.ids import review_number
from mia.search.analysis import ACRONYM, NUMBER
from mia.search.fields import FIELD_COUNT
from mia.search.annotate import choose_annotated, load_matcher
from mia.search.lexicon_index import add_learned, refresh_lexicon
from mia.search.stemming import stem_keys

if TYPE_CHECKING:  # pragma: no cover
    from mia.search.documents import AnalysedReview
    from mia.search.rebuild_analysis import AnalysedBatch

SEGMENT_DOCS = 16384  # reviews per segment written by a rebuild
ANALYSIS_CHUNK = 1024

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS docs (
    num INTEGER PRIMARY KEY, id TEXT NOT NULL, seg INTEGER NOT NULL, year INTEGER, doi TEXT,
    summary BLOB NOT NULL, facets BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS records (num INTEGER PRIMARY KEY, record BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS docs_year ON docs (year);
CREATE INDEX IF NOT EXISTS docs_doi ON docs (doi);
CREATE TABLE IF NOT EXISTS stats (name TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS segments (
    seg INTEGER PRIMARY KEY, docs INTEGER NOT NULL, dead BLOB NOT NULL, reference BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS postings (
    seg INTEGER NOT NULL, term TEXT NOT NULL, nums BLOB NOT NULL, fields BLOB NOT NULL,
    tfs BLOB NOT NULL, pos BLOB NOT NULL, bounds BLOB NOT NULL, PRIMARY KEY (seg, term)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS vocab (word TEXT PRIMARY KEY, kind TEXT NOT NULL, keys TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stemkeys (key TEXT NOT NULL, word TEXT NOT NULL, PRIMARY KEY (key, word)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS learned (
    num INTEGER NOT NULL, sf TEXT NOT NULL, sf_canon TEXT NOT NULL, lf TEXT NOT NULL, canon TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS learned_sf ON learned (sf_canon, canon, sf, lf);
CREATE INDEX IF NOT EXISTS learned_num ON learned (num);
CREATE TABLE IF NOT EXISTS learned_pairs (
    sf_canon TEXT NOT NULL, canon TEXT NOT NULL, sf TEXT NOT NULL, lf TEXT NOT NULL,
    PRIMARY KEY (sf_canon, canon)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS learned_pairs_canon ON learned_pairs (canon, sf_canon);
CREATE TABLE IF NOT EXISTS learned_concepts (canon TEXT PRIMARY KEY, cid INTEGER) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS learned_concepts_cid ON learned_concepts (cid);
CREATE TABLE IF NOT EXISTS annotated (canon TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lex_concepts (cid INTEGER PRIMARY KEY, label TEXT NOT NULL, source TEXT NOT NULL, line TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS lex_forms (
    fid INTEGER PRIMARY KEY, cid INTEGER NOT NULL, text TEXT NOT NULL, column_name TEXT NOT NULL,
    slots TEXT NOT NULL, canon TEXT NOT NULL, ambiguous INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS lex_forms_canon ON lex_forms (canon);
CREATE INDEX IF NOT EXISTS lex_forms_cid ON lex_forms (cid);
CREATE TABLE IF NOT EXISTS lex_keys (word TEXT PRIMARY KEY, keys TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lex_members (
    class_cid INTEGER NOT NULL, member_cid INTEGER NOT NULL, PRIMARY KEY (class_cid, member_cid)) WITHOUT ROWID;
"""
TABLES = ("meta", "docs", "records", "stats", "segments", "postings", "vocab", "stemkeys", "learned",
          "learned_pairs", "learned_concepts", "annotated", "lex_concepts", "lex_forms", "lex_keys",
          "lex_members")


def index_path(store) -> Path:
    return Path(store.derived_path(INDEX_SUFFIX))


def connect(path: Path) -> sqlite3.Connection:
    """A connection for the index's upkeep (a search reads through `freshness.open_current`)."""
    new = str(path) == ":memory:" or not path.is_file() or path.stat().st_size == 0
    conn = sqlite3.connect(str(path), timeout=60, isolation_level=None, check_same_thread=False)
    if new:  # (both only shape a file being created; on an existing one they cost ~1 ms)
        # 8 KB pages: the compressed records (1–2 kB each) still pack with little waste, and a
        # long posting row wastes less of its last overflow page (half a page per row on
        # average: at 10,000 reviews the index took 81.6 MB with 16 KB pages, 70.8 MB with 8 KB,
        # 69.0 with 4 KB; searches alike).
        conn.execute("PRAGMA page_size=8192")
        # Free pages can be given back (a rebuild does, `release_free_pages`).
        conn.execute("PRAGMA auto_vacuum=INCREMENTAL")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def release_free_pages(conn: sqlite3.Connection) -> None:
    """Give the file's free pages back to the file system (outside a transaction): after a
    rebuild, the pages of the index it replaced (11 MB of 82 at 10,000 reviews imported in
    batches, then reindexed). Does nothing to an index created before auto_vacuum was set."""
    conn.executescript("PRAGMA incremental_vacuum;")  # run to its end (execute() frees one page)


# --- building ---------------------------------------------------------------------------------


def reset(conn: sqlite3.Connection) -> None:
    """Drop every table and create the current schema (inside the caller's transaction)."""
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").fetchall():
        conn.execute(f'DROP TABLE IF EXISTS "{name}"')
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)


def _add_vocabulary(conn: sqlite3.Connection, builder: SegmentBuilder, known: set[str] | None) -> None:
    """Record the words of a new segment that the vocabulary does not have yet."""
    terms = list(builder.rows)
    if known is None:
        known = set()
        for chunk, marks in in_chunks(terms):
            known.update(w for (w,) in conn.execute(f"SELECT word FROM vocab WHERE word IN ({marks})", chunk))
    vocab_rows, key_rows = [], []
    for term in terms:
        if term in known:
            continue
        known.add(term)
        if term[0] == "§":
            kind, keys = "c", ()  # an annotated lexicon form (annotate.py)
        elif term[0].isupper():
            kind, keys = ACRONYM, ()
        elif term[0].isdigit():
            kind, keys = NUMBER, ()
        else:
            kind, keys = "w", stem_keys(term)
        vocab_rows.append((term, kind, " ".join(keys)))
        key_rows.extend((key, term) for key in keys)
    conn.executemany("INSERT OR IGNORE INTO vocab VALUES (?, ?, ?)", vocab_rows)
    conn.executemany("INSERT OR IGNORE INTO stemkeys VALUES (?, ?)", key_rows)


class SegmentWriter:
    """Writes analysed reviews as new segments of at most `size` reviews (rows per segment are
    only inserted when it is complete, so memory holds one segment's compact arrays).

    `reference()` gives the mean field lengths a segment's bounds are computed with when it is
    written (bounds.py): those of the index with the reviews being written."""

    def __init__(self, conn: sqlite3.Connection, known: set[str] | None, reference: Callable[[], tuple[float, ...]],
                 size: int = SEGMENT_DOCS) -> None:
        self.conn = conn
        self.known = known
        self.reference = reference
        self.size = size
        self.builder: SegmentBuilder | None = None
        self.seg = conn.execute("SELECT MAX(seg) FROM segments").fetchone()[0] or 0

    def add(self, reviews: list[AnalysedReview]) -> None:
        placed = []  # (review, its segment)
        for review in sorted(reviews, key=lambda r: r.num):
            self._segment().add(review)
            placed.append((review, self.seg))
            if len(self.builder.nums) >= self.size:
                self.flush()
        self._write_reviews(placed)
        add_learned(self.conn, reviews)

    def add_batch(self, batch: AnalysedBatch) -> None:
        """Add reviews analysed together (`rebuild_analysis.analysed_batch`: in number order,
        after the reviews added so far, not crossing the end of a segment)."""
        self._segment().add_gathered(batch.reviews, batch.rows)
        self._write_reviews([(review, self.seg) for review in batch.reviews])
        add_learned(self.conn, batch.reviews)
        if len(self.builder.nums) >= self.size:
            self.flush()

    def _segment(self) -> SegmentBuilder:
        """The segment being filled, a new one when the last was written."""
        if self.builder is None:
            self.seg += 1
            self.builder = SegmentBuilder()
        return self.builder

    def _write_reviews(self, placed: list[tuple[AnalysedReview, int]]) -> None:
        """Each review's `docs` row (in its segment) and record."""
        self.conn.executemany("INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?, ?, ?, ?)",
                              [(review.num, review.id, seg, review.year, review.doi, pack(review.summary), review.facets)
                               for review, seg in placed])
        self.conn.executemany("INSERT OR REPLACE INTO records VALUES (?, ?)",
                              [(review.num, review.record_blob) for review, _ in placed])

    def flush(self) -> None:
        builder, self.builder = self.builder, None
        if builder is None or not builder.nums:
            return
        reference = self.reference()
        self.conn.executemany("INSERT INTO postings (term, seg, nums, fields, tfs, pos, bounds) VALUES (?, ?, ?, ?, ?, ?, ?)",
                              builder.encoded_rows(self.seg, reference))
        self.conn.execute("INSERT INTO segments VALUES (?, ?, ?, ?)",
                          (self.seg, len(builder.nums), b"", array("d", reference).tobytes()))
        note_order(self.conn, {self.seg: ordered_range(builder.nums)})
        _add_vocabulary(self.conn, builder, self.known)


def note_order(conn: sqlite3.Connection, changes: dict[int, tuple[int, int] | None]) -> None:
    """Record which segments are in number order (`postings.ORDERED`): a range to list one, None
    to leave one out (a segment removed, or not in order)."""
    found = conn.execute("SELECT value FROM meta WHERE key = ?", (ORDERED,)).fetchone()
    ranges = dict(unpack(found[0])) if found else {}
    for seg, span in changes.items():
        if span is None:
            ranges.pop(seg, None)
        else:
            ranges[seg] = tuple(span)
    write_meta(conn, **{ORDERED: ranges})


def _in_number_order(batches: Iterable[list[dict]]) -> Iterator[dict]:
    """The records of the store's files (`batches`), each file's in number order, then each
    `ANALYSIS_CHUNK` of them in that order too, a review number's first record only."""
    by_number = lambda record: review_number(record["id"])  # noqa: E731
    records = (record for batch in batches for record in sorted(batch, key=by_number))
    seen: set[int] = set()
    while chunk := sorted(islice(records, ANALYSIS_CHUNK), key=by_number):
        for record in chunk:
            num = by_number(record)
            if num not in seen:
                seen.add(num)
                yield record


@without_gc
def build_into(conn: sqlite3.Connection, batches: Iterable[list[dict]], signature: list, lexicon_state,
               progress=None, expected: int = 0) -> int:
    """Fill an empty (just reset) index from store records, given a list at a time (one file
    of the store: `Store.record_batches`, so that the store is never wholly in memory); returns
    the number of reviews. `progress(done, total)` is told after each chunk of reviews analysed,
    `total` being `expected` (the count the index had) until more are found."""
    from mia.search.rebuild_analysis import analysed_in_order  # (writes only)

    refresh_lexicon(conn, *lexicon_state)
    choose_annotated(conn)
    matcher = load_matcher(conn)
    lengths: dict[int, tuple[int, ...]] = {}
    sums = [0] * FIELD_COUNT
    writer = SegmentWriter(conn, set(), lambda: averages(sums, len(lengths)), size=SEGMENT_DOCS)
    done = 0
    records = _in_number_order(batches)
    first = list(islice(records, DICTIONARY_SAMPLES))
    dictionary = train_record_dictionary([pack(record) for record in first])
    save_record_dictionary(conn, dictionary)
    with analysed_in_order(chain(first, records), matcher, dictionary, SEGMENT_DOCS) as analysed:
        # Written a batch at a time: a segment's rows are all that stays in memory.
        for batch in analysed:
            for review in batch.reviews:
                lengths[review.num] = tuple(review.lengths)
                for f, length in enumerate(review.lengths):
                    sums[f] += length
            writer.add_batch(batch)
            before, done = done, done + len(batch.reviews)
            if progress is not None and before // ANALYSIS_CHUNK != done // ANALYSIS_CHUNK:
                progress(done, max(done, expected))  # (told once a chunk of reviews)
    writer.flush()
    if progress is not None:
        progress(done, done)
    DocLengths.save(conn, lengths)
    write_meta(conn, format=FORMAT, signature=list(signature))
    return len(lengths)
