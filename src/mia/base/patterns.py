"""Regular expressions compiled once per installation of mia, not once per process.

Why: CPython's `re` compiles a pattern in Python (parsing it, then generating the matcher's
code, a list of integers), and mia compiles ~150 at each start of `mia add`: ~25 ms of a
one-review add, the key-result extractor's patterns 19 ms of it. Turning that list of integers
into a pattern (`_sre.compile`, what `re.compile` itself ends with) takes microseconds. So the
lists are kept in a file beside mia's compiled modules (`mia/__pycache__`, where Python keeps
their bytecode, and only when Python may write there) and read at the next start. A process
reads the file's table of contents, then only the entries of the patterns it asks for (a search
asks for ~20 of ~130, and the key-result extractor's are the largest: reading the whole file
cost a search ~1.3 ms).

Safety: the file's name carries the Python version and the regular-expression engine's own
version (`_sre.MAGIC`); an entry is kept only after the pattern it builds was checked equal
(same pattern, flags and code) to what `re.compile` gives; a file that cannot be read or is not
what this module writes is ignored; where the `re` internals this needs are not there (another
Python), every pattern is compiled by `re.compile`, as before. The file is a cache: deleting it
costs one slower start.

Use `patterns.compile(...)` for the module-level patterns of the modules a command imports on
its way (importers, extractor, search); elsewhere `re.compile` is as good.
"""

from __future__ import annotations

import atexit
import marshal
import os
import re
import sys
from pathlib import Path
from typing import Any

try:
    import _sre
    from re import _compiler, _parser
except ImportError:  # another Python: no cache
    _sre = _compiler = _parser = None

#: Bump when what an entry holds changes. 2: each entry marshalled on its own, decoded only
#: when its pattern is asked for (a search asks for 20 of ~115: decoding all cost ~1 ms).
#: 3: the file is a table of contents, then the entries; an entry is read when asked for.
FORMAT = 3
#: Entries beyond which the file starts again from this process's patterns (old versions of
#: mia's patterns would otherwise accumulate).
MAX_ENTRIES = 2000
#: The file's first bytes: this mark, then the table of contents' length (4 bytes, little-endian).
_MARK = b"miaP"

_Entry = tuple  # (flags, code, groups - 1, groupindex, indexgroup): `_sre.compile`'s arguments
_Key = tuple  # (pattern, flags)
_known: "_CacheFile | None" = None  # the file's entries, each marshalled
_added: dict[_Key, bytes] = {}  # entries this process made


def installation_cache_folder() -> Path | None:
    """The folder where Python keeps mia's compiled modules (`mia/__pycache__`, under
    `sys.pycache_prefix` when set): mia keeps there what it derives from its installation alone
    (these patterns, the ligature word table), and it goes with the installation. None where
    Python may not write its own caches (`sys.dont_write_bytecode`)."""
    if sys.dont_write_bytecode:
        return None
    folder = Path(__file__).resolve().parent.parent / "__pycache__"
    if sys.pycache_prefix:
        folder = Path(sys.pycache_prefix) / folder.relative_to(folder.anchor)
    return folder


def cache_file() -> Path | None:
    """Where the entries are kept, or None where Python may not write its own caches."""
    folder = installation_cache_folder()
    if _sre is None or folder is None:
        return None
    return folder / f"patterns.{sys.implementation.cache_tag}-{sys.version_info.micro}.{_sre.MAGIC}.{FORMAT}.bin"


def compile(pattern: str, flags: int = 0) -> re.Pattern:  # noqa: A001 (as re.compile)
    """`re.compile(pattern, flags)`, from the cache when this installation compiled it before."""
    key = (pattern, int(flags))
    kept = _entries().get(key)
    if kept is not None:
        try:
            return _sre.compile(pattern, *marshal.loads(kept))
        except Exception:  # (a damaged entry: compile it again below)
            pass
    compiled = re.compile(pattern, flags)
    entry = _entry(pattern, key[1], compiled)
    if entry is not None:
        if not _added:
            atexit.register(_save)
        _added[key] = marshal.dumps(entry)
    return compiled


def _entries() -> "_CacheFile":
    global _known
    if _known is None:
        _known = _CacheFile(cache_file())
    return _known


class _CacheFile:
    """The file's entries by key, each read from the file when first asked for.

    Layout: `_MARK`, the table of contents' length, the table (marshalled: key -> (offset,
    length) of the entry after the table), then the entries, each marshalled. A file that is
    not this layout, or cannot be read, holds no entry."""

    def __init__(self, path: Path | None) -> None:
        self._table: dict[_Key, tuple[int, int]] = {}
        self._values: dict[_Key, bytes] = {}
        self._file = None
        if path is None:
            return
        try:
            file = open(path, "rb", buffering=0)
        except OSError:
            return
        try:
            head = file.read(len(_MARK) + 4)
            size = int.from_bytes(head[len(_MARK):], "little")
            table = marshal.loads(file.read(size)) if head[:len(_MARK)] == _MARK else None
        except (OSError, EOFError, ValueError, TypeError):
            table = None
        if not isinstance(table, dict):
            file.close()
            return
        self._table, self._file = table, file
        self._start = len(head) + size

    def get(self, key: _Key) -> bytes | None:
        value = self._values.get(key)
        if value is None and key in self._table:
            try:
                offset, length = self._table[key]
                value = os.pread(self._file.fileno(), length, self._start + offset)
            except (OSError, TypeError, ValueError):
                return None
            self._values[key] = value
        return value

    def __getitem__(self, key: _Key) -> bytes:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __setitem__(self, key: _Key, value: bytes) -> None:
        self._values[key] = value
        self._table.setdefault(key, (0, 0))

    def __iter__(self):
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


def _layout(entries: dict[_Key, bytes]) -> bytes:
    """The file's bytes for `entries` (see `_CacheFile`)."""
    table, offset = {}, 0
    for key, value in entries.items():
        table[key] = (offset, len(value))
        offset += len(value)
    head = marshal.dumps(table)
    return b"".join([_MARK, len(head).to_bytes(4, "little"), head, *entries.values()])


def _entry(pattern: str, flags: int, compiled: re.Pattern) -> _Entry | None:
    """`_sre.compile`'s arguments for `pattern`, if they build a pattern equal to `compiled`."""
    if _sre is None or not isinstance(pattern, str):
        return None
    try:
        parsed = _parser.parse(pattern, flags)
        code = [int(op) for op in _compiler._code(parsed, flags)]  # (some are named int constants)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[Any] = [None] * parsed.state.groups
        for name, number in groupindex.items():
            indexgroup[number] = name
        entry = (flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
        if _sre.compile(pattern, *entry) != compiled:  # equal: same pattern, flags and code
            return None
    except Exception:  # the internals are not what this expects: no entry
        return None
    return entry


def _save() -> None:
    """Write the entries (at exit, once a process compiled a pattern the file lacked)."""
    path = cache_file()
    if path is None:
        return
    known = _entries()
    entries: dict[_Key, bytes] = {}
    if len(known) + len(_added) <= MAX_ENTRIES:
        for key in known:
            value = known.get(key)
            if value is not None:
                entries[key] = value
    entries.update(_added)
    try:
        from mia.base.files import atomic_write_bytes

        atomic_write_bytes(path, _layout(entries))
    except (OSError, ValueError):
        pass  # a folder we may not write in: compile each time, as without the cache
