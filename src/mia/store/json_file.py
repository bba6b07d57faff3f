"""The store's file: TinyDB's JSON format, read strictly and written by atomic replacement.

Why: a crash (even SIGKILL) mid-write must leave the old file or the new one, never a part, so
readers need no lock; and a file that does not parse, or whose schema this mia does not know, is
described precisely and never overwritten (`StoreError`, exit 4).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mia.base.errors import StoreError

SCHEMA_VERSION = 2
#: Schema 1: every review in the store file; 2: reviews from 1,000 on in shard files (store_shards.py).
READABLE_SCHEMAS = (1, 2)
META = "_meta"


def read_store_file(path: Path) -> dict[str, Any] | None:
    """The tables of one file of the store, or None when it does not exist or is empty."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreError(
            f"The store {path} cannot be read ({error.strerror}).",
            hint="Check the file's permissions, or point --store / MIA_STORE elsewhere.",
        ) from error
    if not raw.strip():
        return None
    return parse_store_bytes(raw, path)


#: Noted in a file's `_meta` when it holds an integer past 64 bits (a number in some imported
#: metadata): orjson writes no such integer and reads one back as a float, so such a file is
#: written and read with json, and nothing is rounded.
LARGE_INTEGERS = "integers_past_64_bits"


def encode_store(data: dict[str, Any]) -> bytes:
    """The store's JSON as UTF-8 (orjson: about ten times faster than json on a large store)."""
    import orjson

    try:
        return orjson.dumps(_with_large_integers_noted(data, False))
    except TypeError:  # what orjson does not take (an integer over 64 bits…), json does
        import json  # (only then: its import compiles five regular expressions, ~1.4 ms of an add)

        return json.dumps(_with_large_integers_noted(data, True), ensure_ascii=False).encode("utf-8")


def _with_large_integers_noted(data: dict[str, Any], noted: bool) -> dict[str, Any]:
    meta = data.get(META)
    document = (meta or {}).get("1")
    if not isinstance(document, dict) or bool(document.get(LARGE_INTEGERS)) == noted:
        return data
    document = {k: v for k, v in document.items() if k != LARGE_INTEGERS}
    if noted:
        document[LARGE_INTEGERS] = True
    return {**data, META: {**meta, "1": document}}


def parse_store_bytes(raw: bytes, path: Path) -> dict[str, Any]:
    """Parse the store's JSON, or explain exactly where it is broken and what to do."""
    import orjson

    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        data = _parse_with_precise_errors(raw, path)
    else:
        if _notes_large_integers(data):
            import json

            data = json.loads(raw.decode("utf-8"))
    return _checked_tables(data, path)


def _notes_large_integers(data: Any) -> bool:
    document = data.get(META, {}).get("1") if isinstance(data, dict) and isinstance(data.get(META), dict) else None
    return isinstance(document, dict) and bool(document.get(LARGE_INTEGERS))


def _parse_with_precise_errors(raw: bytes, path: Path) -> Any:
    """The standard library's parser, for what orjson refused: it says where the damage is."""
    import json

    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise StoreError(f"The store {path} is damaged: byte {error.start} is not UTF-8.", hint=DAMAGED_HINT) from error
    except json.JSONDecodeError as error:
        # json's messages end in "at" when they name a place ("Unterminated string starting at"):
        # the place is said once, here.
        what = error.msg.removesuffix(" at")
        raise StoreError(
            f"The store {path} is damaged: {what} at line {error.lineno}, column {error.colno}.", hint=DAMAGED_HINT
        ) from error


#: Whether a good backup exists is for `mia doctor` to find out: it says what can be done.
DAMAGED_HINT = "mia has not touched it. Run `mia doctor`: it says whether a backup can be put back, or what else to do."


def _checked_tables(data: Any, path: Path) -> dict[str, Any]:
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise StoreError(
            f"The store {path} is not a mia store (its top level is not a set of tables).",
            hint="Point --store / MIA_STORE at a mia store, or move this file away.",
        )
    schema = schema_of(data)
    if schema is not None and schema not in READABLE_SCHEMAS:
        raise StoreError(
            f"The store {path} has schema version {schema}; this mia knows version {SCHEMA_VERSION}.",
            hint="Upgrade mia (a newer mia wrote this store), or point --store elsewhere.",
        )
    return data


def schema_of(data: dict[str, Any]) -> Any:
    for document in data.get(META, {}).values():
        if isinstance(document, dict) and "schema_version" in document:
            return document["schema_version"]
    return None
