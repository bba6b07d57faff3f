"""Review records read back from the index, so that list and show need not load the store.

This module is deliberately light (sqlite3, json, zlib): `mia show` and `mia list` use it
while the index is fresh, and must not pay for the search machinery (`index.py` imports the
text analysis, ~10 ms). So it checks freshness itself, and the index's format and file suffix
are defined here (`index.py` takes them from here).
A stale, missing or unreadable index gives None: the caller then reads the store, and the next
search rebuilds the index (this module never writes).
"""

from __future__ import annotations

import json
import sqlite3
import sys
import zlib
from pathlib import Path
from typing import Any

#: The index's format: an index of another format is rebuilt. 7: postings keyed by (segment,
#: term), so that a write's new segment lands in a few pages instead of one page per term.
#: 8: covering indexes on `learned` for the acronym look-ups' GROUP BY (an acronym defined in
#: 10,000 reviews: 29 -> 12 ms of a search at 100,000 reviews).
#: 9: DOIs kept by `mia.model.doi.doi_match_key` (a DOI written as a link is found by `doi:`).
#: 10: the headings field holds the names of each section's role (`documents.heading_items`),
#: journal names; 11: acronyms before a value (`annotate.annotate_values`).
FORMAT = f"mia-search-12/{sys.byteorder}"
INDEX_SUFFIX = ".index.sqlite"


def encode_record(record: dict[str, Any]) -> bytes:
    """A whole record as the index's `records` table keeps it (compressed JSON)."""
    return zlib.compress(json.dumps(record, ensure_ascii=False).encode("utf-8"), 1)


def decode_record(blob: bytes) -> dict[str, Any]:
    return json.loads(zlib.decompress(blob).decode("utf-8"))


def open_if_fresh(store) -> sqlite3.Connection | None:
    """A connection to the index only if it already matches the store (never rebuilds, never
    creates a file: the URI's `mode=rw` fails on a missing one)."""
    path = Path(store.derived_path(INDEX_SUFFIX))
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(path.absolute().as_uri() + "?mode=rw", uri=True, timeout=60, isolation_level=None)
    except sqlite3.DatabaseError:
        return None
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('format', 'signature')").fetchall())
        fresh = (json.loads(meta.get("format", "null")) == FORMAT
                 and json.loads(meta.get("signature", "null")) == list(store.signature()))
    except (sqlite3.DatabaseError, ValueError, TypeError):
        fresh = False
    if fresh:
        return conn
    conn.close()
    return None


def cached_records(store, full: bool = False) -> list[dict[str, Any]] | None:
    conn = open_if_fresh(store)
    if conn is None:
        return None
    try:
        table, column = ("records", "record") if full else ("docs", "summary")
        rows = conn.execute(f"SELECT {column} FROM {table} ORDER BY num").fetchall()
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()
    if full:
        # json, not orjson: orjson reads an integer past 64 bits as a float, and a whole record
        # may hold one in its metadata (list --json must give the record exactly).
        return [decode_record(blob) for (blob,) in rows]
    import orjson  # the table's summaries (id, title, journal, dates): about three times faster

    return [orjson.loads(text) for (text,) in rows]


def cached_record(store, review_id: str) -> dict[str, Any] | None:
    from mia.model.ids import review_number

    conn = open_if_fresh(store)
    if conn is None:
        return None
    try:
        row = conn.execute(
            "SELECT r.record FROM records AS r JOIN docs AS d ON d.num = r.num WHERE d.num = ? AND d.id = ?",
            (review_number(review_id), review_id),
        ).fetchone()
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()
    return decode_record(row[0]) if row else None


class IndexUnusable(Exception):
    """The index file cannot be trusted (corrupt, truncated, another format): rebuild it."""


def read_meta(conn: sqlite3.Connection) -> dict[str, Any]:
    try:
        rows = conn.execute("SELECT key, value FROM meta").fetchall()
    except sqlite3.DatabaseError as error:
        raise IndexUnusable(str(error)) from error
    return {key: json.loads(value) for key, value in rows}


def write_meta(conn: sqlite3.Connection, **values: Any) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
        [(key, json.dumps(value)) for key, value in values.items()],
    )
