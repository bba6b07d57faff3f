"""Keeping the index true to the store: freshness checks, rebuilds, incremental writes, merges.

The store is the only truth. `open_fresh` hands out a connection to an index that matches the
store's current signature, rebuilding it first if it is missing, unreadable, of another format or
stale; `on_store_change` is what the store calls after each write, under its write lock. An
index update that fails never fails the store's write: the index is marked stale instead (its
recorded signature cleared, or the file removed when it cannot even be opened), and the next
search rebuilds it.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mia.base.sqlite import sqlite3
from mia.model.ids import review_number
from mia.search.annotate import annotating, matcher_for
from mia.base.collector import without_gc
from mia.search.index import SegmentWriter, build_into, connect, index_path, note_order, release_free_pages, reset
from mia.search.bounds import averages, field_factors
from mia.search.fields import FIELD_COUNT
from mia.search.postings import ORDERED, PostingRow, merge_rows, merged_range, segments_to_merge
from mia.search.records import FORMAT, IndexUnusable, in_chunks, is_current, read_meta, record_dictionary, write_meta
from mia.search import tallies
from mia.lexicon.files import lexicon_signature
from mia.search.lengths import DocLengths
from mia.search.freshness import config_dir_of, config_env, lexicon_is_current, open_current
from mia.search.lexicon_index import refresh_lexicon, remember_lexicon, remove_learned

if TYPE_CHECKING:  # pragma: no cover
    from mia.search.documents import AnalysedReview

REBUILD_FRACTION = 4  # a write touching more than a quarter of the reviews rebuilds instead


# --- lexicon state ----------------------------------------------------------------------------


def lexicon_state(meta: dict[str, Any]) -> tuple[list, Any, Path]:
    from mia.search.lexicon import load_lexicon

    directory, _ = config_dir_of(meta)
    return lexicon_signature(directory), (lambda: load_lexicon(directory)), directory


def _refresh_lexicon_if_needed(conn: sqlite3.Connection, meta: dict[str, Any]) -> None:
    if lexicon_is_current(meta):
        return
    directory, _ = config_dir_of(meta)
    signature = lexicon_signature(directory)
    from mia.search.lexicon import load_lexicon

    conn.execute("BEGIN IMMEDIATE")
    try:
        current = read_meta(conn)
        if current.get("lexicon_signature") != signature:
            refresh_lexicon(conn, signature, lambda: load_lexicon(directory))
        write_meta(conn, config_dir=[config_env(), str(directory)])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


# --- freshness and rebuilds -------------------------------------------------------------------


def _remove_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(str(path) + suffix)
        except FileNotFoundError:
            pass
        except OSError:
            pass  # nothing more to do here: opening it will fail and say so


def _open_or_recreate(path: Path) -> sqlite3.Connection:
    """A connection to the index file a rebuild fills: a new file if it was damaged, or made
    before its pages could be given back (`auto_vacuum`: such a file never shrank, whatever
    the rebuilds of a newer, smaller index format left free)."""
    try:
        conn = connect(path)
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        if conn.execute("PRAGMA auto_vacuum").fetchone()[0] != 0:
            return conn
        conn.close()
    except sqlite3.DatabaseError:
        pass
    _remove_files(path)
    return connect(path)


def _rebuild_locked(conn: sqlite3.Connection, store, *, force: bool, progress=None) -> int:
    """Rebuild inside one IMMEDIATE transaction, unless another process just did (not forced)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        try:
            meta = read_meta(conn)
        except IndexUnusable:
            meta = {}
        if not force and is_current(meta, store):
            conn.execute("COMMIT")
            return int(meta.get("doc_count") or 0)
        if meta.get("format") == FORMAT:
            remember_lexicon(conn, meta)
        reset(conn)
        lexicon_signature, load, directory = lexicon_state(meta)
        count = build_into(conn, _record_batches(store), list(store.signature()), (lexicon_signature, load), progress,
                           expected=int(meta.get("doc_count") or 0))
        segs = [seg for (seg,) in conn.execute("SELECT seg FROM segments")]
        if len(segs) > 1:
            # More reviews than a segment holds (`SEGMENT_DOCS`: one in memory at a time): left
            # in one, as a bulk import leaves them (`merge_after_import`). At 100,000 bench
            # reviews, seven segments made `mia search rituximab` 9.2 instead of 5.4 ms (in
            # process): a word common overall is rare in each, whose rows then keep no bounds.
            merge_segments(conn, segs, progress=progress)
        tallies.recount(conn)  # what `mia stats` draws, counted once here and kept by each write
        write_meta(conn, config_dir=[config_env(), str(directory)])
        conn.execute("COMMIT")
        return count
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _record_batches(store):
    """The store's records a file at a time where the store can give them so (`Store`, and a
    `StoreView` through it), else all at once."""
    batches = getattr(store, "record_batches", None)
    return batches() if batches is not None else [store.records()]


def rebuild(store, progress=None) -> int:
    """Rebuild the index from the store, whatever its state; returns the number of reviews.
    `progress(done, total)` follows the reviews analysed, then, for a store of several
    segments, `progress(done, total, MERGING)` the terms merged."""
    path = index_path(store)
    conn = _open_or_recreate(path)
    try:
        count = _rebuild_locked(conn, store, force=True, progress=progress)
        release_free_pages(conn)
        return count
    finally:
        conn.close()


def open_fresh(store) -> sqlite3.Connection:
    """A connection to an index matching the store as it is now (rebuilt first if need be)."""
    conn = open_current(store)
    if conn is not None:
        return conn
    path = index_path(store)
    if not path.parent.is_dir():
        # No store yet (not even its folder): search an empty index in memory, creating nothing.
        conn = connect(Path(":memory:"))
        _rebuild_locked(conn, store, force=True)
        return conn
    if path.exists():
        conn = None
        try:
            conn = connect(path)
            meta = read_meta(conn)
            if is_current(meta, store):
                _refresh_lexicon_if_needed(conn, meta)
                return conn
        except (sqlite3.DatabaseError, IndexUnusable):
            if conn is not None:
                conn.close()
            _remove_files(path)
        else:
            conn.close()
    conn = _open_or_recreate(path)
    try:
        _rebuild_locked(conn, store, force=False)
    except BaseException:
        conn.close()
        raise
    return conn


# --- writes -----------------------------------------------------------------------------------


def _invalidate(path: Path) -> None:
    try:
        conn = connect(path)
        try:
            write_meta(conn, signature=None)
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        _remove_files(path)


def _previous_signature(store) -> list | None:
    """The store's signature just before this write (the store notes it), if it can be known."""
    before = getattr(store, "signature_before_write", None)
    return list(before) if before is not None else None


@contextmanager
def _writing(path: Path) -> Iterator[sqlite3.Connection]:
    """`with _writing(path) as conn:` a write transaction begun on the index (BEGIN IMMEDIATE),
    which the block commits (or rolls back itself); rolled back if the block fails. The
    connection is closed after."""
    conn = connect(path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()


def on_store_change(store, upserted: list[dict], removed_ids: list[str]) -> None:
    """Called by the store after each write, with its write lock held. Never raises.

    The update is incremental only if the index matched the store just before this write;
    otherwise (the store was changed behind its back) it is rebuilt from the store."""
    path = index_path(store)
    try:
        if not path.exists():
            rebuild(store)
            return
        with _writing(path) as conn:
            meta = read_meta(conn)
            count = int(meta.get("doc_count") or 0)
            previous = _previous_signature(store)
            missed = meta.get("signature") is None or (previous is not None and meta.get("signature") != previous)
            if (meta.get("format") != FORMAT or missed
                    or len(upserted) > max(1000, count // REBUILD_FRACTION)):
                conn.execute("ROLLBACK")
                _rebuild_locked(conn, store, force=True)
                return
            before = tallies.facets_before(conn, upserted, removed_ids)
            apply_changes(conn, list(upserted), list(removed_ids))
            tallies.follow(conn, before)  # the counts of `mia stats`, in the same transaction
            write_meta(conn, signature=list(store.signature()))
            conn.execute("COMMIT")
    except Exception:
        if os.environ.get("MIA_DEBUG") == "1":
            raise
        _invalidate(path)


# --- merges -----------------------------------------------------------------------------------


#: An import writing at least this many reviews, and at least half of the index, leaves it in one
#: segment (`merge_after_import`).
MERGED_AFTER_IMPORT = 1000


def merge_after_import(store, written: int) -> None:
    """After a bulk import that wrote most of the index (`written` reviews, `MERGED_AFTER_IMPORT`
    at least, half of the index at least): its segments merged into one, as a rebuild leaves
    them. A bulk import of 10,000 reviews left six (two of 4,000 reviews, four of 500), whose
    rows were all too short to keep score bounds (bounds.py), so every search scored every
    review of a common word: merging took 1.7 s, and spared `mia search rituximab` ~2 ms (whole
    processes, medians of 21). Never raises: the index stays as it was."""
    path = index_path(store)
    try:
        if written < MERGED_AFTER_IMPORT or not path.exists():
            return
        with _writing(path) as conn:
            meta = read_meta(conn)
            segs = [seg for (seg,) in conn.execute("SELECT seg FROM segments")]
            if (len(segs) < 2 or written * 2 < int(meta.get("doc_count") or 0) or meta.get("format") != FORMAT
                    or meta.get("signature") != list(store.signature())):
                conn.execute("ROLLBACK")
                return
            merge_segments(conn, segs)
            conn.execute("COMMIT")
            release_free_pages(conn)
    except Exception:
        if os.environ.get("MIA_DEBUG") == "1":
            raise


def compact(conn: sqlite3.Connection) -> None:
    """Drop segments whose reviews all left, and merge segments of similar size (postings.py)."""
    info = []
    for seg, docs, dead_blob in conn.execute("SELECT seg, docs, dead FROM segments").fetchall():
        dead = len(dead_blob) // 4
        if dead >= docs:
            conn.execute("DELETE FROM postings WHERE seg = ?", (seg,))
            conn.execute("DELETE FROM segments WHERE seg = ?", (seg,))
            note_order(conn, {seg: None})
        else:
            info.append((seg, docs, dead))
    chosen = segments_to_merge(info)
    if not chosen:
        chosen = [seg for seg, docs, dead in info if dead * 2 > docs][:1]
    if chosen:
        merge_segments(conn, chosen)


#: The step a rebuild's progress names while it merges its segments (`merge_segments`).
MERGING = "Merging the index"


def merge_segments(conn: sqlite3.Connection, segs: list[int], progress=None) -> int:
    """Merge segments into a new one (inside the caller's transaction); returns it.
    `progress(done, total, MERGING)` follows the terms merged."""
    new = (conn.execute("SELECT MAX(seg) FROM segments").fetchone()[0] or 0) + 1
    marks = ",".join("?" * len(segs))
    dead: dict[int, set[int]] = {}
    # The merged segment's reference lengths (bounds.py): the smallest of each field's among
    # the segments merged and the current mean lengths, with which the bounds of the rows that
    # had none are computed (a review's stored part then exceeds no more than allowed for).
    meta = read_meta(conn)
    current = averages(meta.get("length_sums") or [], int(meta.get("doc_count") or 0))
    reference = list(current)
    for seg, blob, stored in conn.execute(f"SELECT seg, dead, reference FROM segments WHERE seg IN ({marks})", segs):
        values = array("I")
        values.frombytes(blob)
        dead[seg] = set(values)
        kept = array("d")
        kept.frombytes(stored)
        if len(kept) == len(reference):
            reference = [min(a, b) for a, b in zip(reference, kept)]
    lengths = DocLengths.read(conn)

    class Factors(dict):
        """A review's factors (`field_factors`), worked out the first time they are asked for
        (finding those missing from a row's reviews took a set of them per row: 1.6 s of a
        merge of 100,000 reviews)."""

        def __missing__(self, num: int) -> tuple[float, ...]:
            value = self[num] = field_factors(lengths.of(num), current)
            return value

    factors = Factors()

    def factors_for(nums) -> dict[int, tuple[float, ...]]:
        return factors

    # In term order, chunk after chunk: the new segment's rows then fill its pages one after the
    # other (see SegmentBuilder.encoded_rows).
    terms = sorted(t for (t,) in conn.execute(f"SELECT DISTINCT term FROM postings WHERE seg IN ({marks})", segs))
    done = 0
    for chunk, term_marks in in_chunks(terms, 1000):
        grouped: dict[str, list[PostingRow]] = {}
        for row in conn.execute(
            f"SELECT term, seg, nums, fields, tfs, pos, bounds FROM postings "
            f"WHERE term IN ({term_marks}) AND seg IN ({marks}) ORDER BY term, seg",
            chunk + segs,
        ).fetchall():
            grouped.setdefault(row[0], []).append(PostingRow.decode(*row))
        merged = []
        for term, rows in grouped.items():
            data = merge_rows(rows, dead, factors_for)
            if data is not None:
                merged.append((term, new) + data)
        conn.executemany("INSERT INTO postings (term, seg, nums, fields, tfs, pos, bounds) VALUES (?, ?, ?, ?, ?, ?, ?)", merged)
        done += len(chunk)
        if progress is not None:
            progress(done, len(terms), MERGING)
    live = conn.execute(f"SELECT COUNT(*) FROM docs WHERE seg IN ({marks})", segs).fetchone()[0]
    conn.execute(f"DELETE FROM postings WHERE seg IN ({marks})", segs)
    conn.execute(f"DELETE FROM segments WHERE seg IN ({marks})", segs)
    conn.execute("INSERT INTO segments VALUES (?, ?, ?, ?)", (new, live, b"", array("d", reference).tobytes()))
    conn.execute(f"UPDATE docs SET seg = ? WHERE seg IN ({marks})", [new] + segs)
    ordered = meta.get(ORDERED) or {}
    note_order(conn, {**dict.fromkeys(segs), new: merged_range(ordered, segs)})
    return new


def _reference_with(conn: sqlite3.Connection, reviews) -> tuple[float, ...]:
    """The mean field lengths of the index and `reviews` together: the reference lengths of the
    segment a write adds (bounds.py). (Those of the reviews it replaces are counted twice: a
    reference need not be exact, and a write replaces few.)"""
    meta = read_meta(conn)
    sums = list(meta.get("length_sums") or [0] * FIELD_COUNT)
    count = int(meta.get("doc_count") or 0)
    for review in reviews:
        count += 1
        for f, length in enumerate(review.lengths):
            sums[f] += length
    return averages(sums, count)


def check_index(store, live: int, *, deep: bool = False) -> list[str]:
    """Problems with the search index, for `mia doctor` (a stale or missing index is not one:
    the next search rebuilds it; nor is an index file holding no table yet, left by a first build
    stopped before it wrote anything, such as a bulk add's first batch stopped by Ctrl-C);
    `live` is how many reviews the store holds. `deep` also reads every page of the index
    (SQLite's quick_check)."""
    path = index_path(store)
    if not path.exists():
        return []
    try:
        conn = connect(path)
        try:
            if conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0:
                return []  # never built: as missing
            meta = read_meta(conn)
            if meta.get("format") != FORMAT:
                return []
            if deep:
                verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
                if verdict != "ok":
                    raise IndexUnusable(verdict)
            if meta.get("signature") == list(store.signature()):
                indexed = conn.execute("SELECT COUNT(*) FROM docs").fetchone()[0]
                if indexed != live:
                    return [f"The search index holds {indexed} reviews, the store {live}; run `mia reindex`."]
        finally:
            conn.close()
    except (sqlite3.DatabaseError, IndexUnusable) as error:
        return [f"The search index {path} is damaged ({error}); the next search rebuilds it, or run `mia reindex`."]
    return []


@without_gc
def apply_changes(conn: sqlite3.Connection, upserted: list[dict], removed_ids: list[str]) -> None:
    """Bring an index up to date with a write: new segment, dead marks, lengths (in a transaction)."""
    from mia.search.documents import analyse_review  # (writes only: a search does not import it)

    reviews: dict[int, AnalysedReview] = {}
    annotated = bool(upserted) and annotating(conn)
    dictionary = record_dictionary(conn) if upserted else b""
    for record in upserted:
        review = analyse_review(record, dictionary, keep_sequences=annotated)
        reviews[review.num] = review
    if annotated:
        analysed = list(reviews.values())
        matcher_for(conn, analysed).annotate_reviews(analysed)  # (its words' keys are already known)
    gone = {review_number(i) for i in removed_ids} - set(reviews)
    affected = list(set(reviews) | gone)
    if not affected:
        return
    old: dict[int, list[int]] = {}
    for chunk, marks in in_chunks(affected):
        for num, seg in conn.execute(f"SELECT num, seg FROM docs WHERE num IN ({marks})", chunk):
            old.setdefault(seg, []).append(num)
    for seg, nums in old.items():
        row = conn.execute("SELECT dead FROM segments WHERE seg = ?", (seg,)).fetchone()
        if row is None:
            continue
        dead = array("I")
        dead.frombytes(row[0])
        dead.extend(nums)
        conn.execute("UPDATE segments SET dead = ? WHERE seg = ?", (dead.tobytes(), seg))
    for chunk, marks in in_chunks(affected):
        conn.execute(f"DELETE FROM docs WHERE num IN ({marks})", chunk)
        conn.execute(f"DELETE FROM records WHERE num IN ({marks})", chunk)
    remove_learned(conn, affected)
    changes: dict[int, tuple[int, ...] | None] = {num: None for num in gone}
    if reviews:
        writer = SegmentWriter(conn, None, lambda: _reference_with(conn, reviews.values()))
        writer.add(list(reviews.values()))
        writer.flush()
        for num, review in reviews.items():
            changes[num] = tuple(review.lengths)
    existed = {num for nums in old.values() for num in nums}
    DocLengths.update(conn, changes, existed)
    compact(conn)
