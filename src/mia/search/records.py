"""Review records read back from the index, so that list and show need not load the store."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from mia.search.documents import decode_record
from mia.search.maintenance import open_if_fresh


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
        return [decode_record(blob) for (blob,) in rows]
    return [json.loads(text) for (text,) in rows]


def cached_record(store, review_id: str) -> dict[str, Any] | None:
    from mia.model import review_number

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
