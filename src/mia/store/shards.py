"""Which file of the store holds which review, and the files a write is working on.

Reviews numbered below `SHARD_SIZE` live in the store file itself (`reviews.json`): a club's
store is one file until its thousandth review. Each further thousand lives in a file of its own,
`reviews.json.shards/<k>.json`, holding the numbers k×1000 to k×1000+999, live and in the trash
(a review keeps its number in the trash, so `rm` and `restore` stay within one file and one
atomic replacement). Every file has the same TinyDB tables (`_meta`, `reviews`, `trash`), is
read strictly and written atomically (`store_file.py`).

Why: a write rewrites only the files holding the reviews it changes. Adding one review to a
store of 10,000 used to rewrite all 33 MB of it; now it writes one file of at most a thousand
reviews, whatever the size of the store, and a bulk import's cost per batch stops growing with
the store.

Schema 1 stores kept every review in the one file. They are read as they are (shard files, if
any, are ignored while the store file says schema 1), and the first write migrates them: the
reviews numbered 1,000 and above go to their shard files first, the store file is rewritten at
schema 2 last. A crash in between leaves the store file at schema 1, still holding everything,
and the next write migrates again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from mia.store.json_file import META, SCHEMA_VERSION, read_store_file, schema_of
from mia.store.layout import shard_numbers, shard_of, shard_path

REVIEWS, TRASH = "reviews", "trash"
TABLES = (REVIEWS, TRASH)


def is_one_file(main: dict[str, Any] | None) -> bool:
    """True for a store file written as schema 1 (or by hand, without a schema): it holds every
    review, and shard files beside it are not part of the store."""
    return main is not None and schema_of(main) in (None, 1)


def new_tables() -> dict[str, Any]:
    return {META: {"1": {"schema_version": SCHEMA_VERSION}}, REVIEWS: {}, TRASH: {}}


#: How every store file this mia writes begins (its `_meta` table first, orjson's compact form).
_CURRENT_SCHEMA_START = b'{"_meta":{"1":{"schema_version":%d}}' % SCHEMA_VERSION


def declares_current_schema(store_path: Path) -> bool:
    """True when the store file begins as this mia writes it (schema 2, sharded): then a read or
    a write of a shard file need not parse the whole store file (3 MB from 1,000 reviews on) just
    to learn the layout. Any other beginning (a file written by hand, by an older mia, absent)
    says nothing, and the file is parsed."""
    try:
        with open(store_path, "rb") as handle:
            return handle.read(len(_CURRENT_SCHEMA_START)) == _CURRENT_SCHEMA_START
    except OSError:
        return False


def meta_first(tables: dict[str, Any]) -> dict[str, Any]:
    """`tables` with `_meta` first, as `declares_current_schema` expects to find it."""
    return {META: tables[META], **{name: table for name, table in tables.items() if name != META}}


# --- reading ------------------------------------------------------------------------------------


def read_shard(store_path: Path, shard: int) -> dict[str, Any]:
    """The tables that hold shard `shard`'s reviews (the whole store file for a schema 1 store)."""
    if shard == 0 or not declares_current_schema(store_path):
        main = read_store_file(store_path)
        if shard == 0 or is_one_file(main):
            return main or {}
    return read_store_file(shard_path(store_path, shard)) or {}


def read_every_table(store_path: Path) -> dict[str, dict[str, Any]]:
    """Every review of the store, `{"reviews": {...}, "trash": {...}}`, from all its files."""
    merged: dict[str, dict[str, Any]] = {name: {} for name in TABLES}
    for _, tables in iter_files(store_path):
        for name in TABLES:
            merged[name].update(tables.get(name, {}))
    return merged


def iter_files(store_path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(shard, tables) of each file of the store, the store file first."""
    main = read_store_file(store_path)
    yield 0, main or {}
    if is_one_file(main):
        return
    for shard in shard_numbers(store_path):
        yield shard, read_store_file(shard_path(store_path, shard)) or {}


def highest_number(store_path: Path) -> int:
    """The highest review number in use, live or in the trash (0 for an empty store)."""
    main = read_store_file(store_path) or {}
    later = [] if is_one_file(main) else shard_numbers(store_path)
    for shard in reversed(later):
        found = _numbers(read_store_file(shard_path(store_path, shard)) or {})
        if found:
            return max(found)
    return max(_numbers(main), default=0)


def _numbers(tables: dict[str, Any]) -> list[int]:
    return [int(key) for name in TABLES for key in tables.get(name, {}) if key.isdigit()]


# --- writing ------------------------------------------------------------------------------------


class Workspace:
    """The store's files as one write sees them, under the write lock: each is read when the
    write first needs it; `changed_files()` gives back the ones to rewrite, the store file last."""

    def __init__(self, store_path: Path) -> None:
        self.store_path = store_path
        self._files: dict[int, dict[str, Any]] = {}
        self._changed: set[int] = set()
        if declares_current_schema(store_path):
            return  # the store file is read only if the write touches it
        main = read_store_file(store_path)
        self._files[0] = _with_tables(main or new_tables())
        if main is None:
            # No store file yet (or an empty one): a write creates it, even when every review it
            # adds lives in a shard file, for the store file carries `_meta` (the schema) and is
            # what `--store` / MIA_STORE name.
            self._changed.add(0)
        if is_one_file(main):
            self._migrate()

    def tables(self, shard: int) -> dict[str, Any]:
        if shard not in self._files:
            self._files[shard] = _with_tables(read_store_file(shard_path(self.store_path, shard)) or new_tables())
        return self._files[shard]

    def table(self, name: str, number: int) -> dict[str, Any]:
        """The table `name` of the file holding review `number` (keys are numbers as strings)."""
        return self.tables(shard_of(number))[name]

    def highest_number(self) -> int:
        """The highest review number in use, live or in the trash, this write's changes included
        (0 for an empty store): the last file holding one is read, seldom more."""
        for shard in sorted({0, *shard_numbers(self.store_path), *self._files}, reverse=True):
            found = _numbers(self.tables(shard))
            if found:
                return max(found)
        return 0

    def changed(self, number: int) -> None:
        """Review `number`'s file must be written."""
        self._changed.add(shard_of(number))

    def changed_shard(self, shard: int) -> None:
        self._changed.add(shard)

    def every_shard(self) -> list[int]:
        """All shards with a file, each read, for writes that concern the whole store."""
        shards = sorted({0, *shard_numbers(self.store_path), *self._files})
        for shard in shards:
            self.tables(shard)
        return shards

    def changed_files(self) -> list[tuple[int, dict[str, Any]]]:
        """(shard, tables) to write: shard files first, the store file last (so that a schema 1
        store file is replaced only once every review it held is in its shard file)."""
        order = sorted(self._changed, key=lambda shard: (shard == 0, shard))
        return [(shard, meta_first(self._files[shard])) for shard in order]

    def _migrate(self) -> None:
        """Schema 1 → 2: the reviews numbered 1,000 and above move to their shard files. Shard
        files already there (left by a migration that was interrupted) are rewritten from the
        store file, which is still the truth; what they held is kept in their backups."""
        main = self._files[0]
        for shard in shard_numbers(self.store_path):
            self._files[shard] = new_tables()
            self._changed.add(shard)
        for name in TABLES:
            for key in [k for k in main[name] if k.isdigit() and shard_of(int(k)) > 0]:
                shard = shard_of(int(key))
                self._files.setdefault(shard, new_tables())[name][key] = main[name].pop(key)
                self._changed.add(shard)
        main[META] = {"1": {"schema_version": SCHEMA_VERSION}}
        self._changed.add(0)


def _with_tables(tables: dict[str, Any]) -> dict[str, Any]:
    tables.setdefault(META, {"1": {"schema_version": SCHEMA_VERSION}})
    for name in TABLES:
        tables.setdefault(name, {})
    return tables
