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

The table of contents names a pattern by the CRC-32 of its text, its flags and its length (its
text would make the table ~45 KB, ~0.15 ms to read at every start); the entry holds the text,
compared with the pattern asked for before it is used.

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
import re
import sys
import zlib
from pathlib import Path
from typing import Any

from mia.base import module_cache

try:
    import _sre
    from re import _compiler, _parser
except ImportError:  # another Python: no cache
    _sre = _compiler = _parser = None

#: Bump when what an entry holds changes. 2: each entry marshalled on its own, decoded only
#: when its pattern is asked for (a search asks for 20 of ~115: decoding all cost ~1 ms).
#: 3: the file is a table of contents, then the entries; an entry is read when asked for.
#: 4: the table names a pattern by `_key` (not its text); an entry holds (text, `_Entry`).
FORMAT = 4
#: Entries beyond which the file starts again from this process's patterns (old versions of
#: mia's patterns would otherwise accumulate).
MAX_ENTRIES = 2000
#: The file's first bytes (`module_cache.TableFile`'s mark).
_MARK = b"miaP"

_Entry = tuple  # (flags, code, groups - 1, groupindex, indexgroup): `_sre.compile`'s arguments
_Key = tuple  # `_key(pattern, flags)`
_known: "_CacheFile | None" = None  # the file's entries, each marshalled
_added: dict[_Key, bytes] = {}  # entries this process made


def installation_cache_folder() -> Path | None:
    """`module_cache.installation_cache_folder` (`mia/__pycache__`) as a path."""
    folder = module_cache.installation_cache_folder()
    return Path(folder) if folder is not None else None


def _key(pattern: str, flags: int) -> _Key:
    """A pattern's name in the table of contents."""
    return (zlib.crc32(pattern.encode("utf-8", "surrogatepass")), flags, len(pattern))


def cache_file() -> Path | None:
    """Where the entries are kept, or None where Python may not write its own caches."""
    folder = installation_cache_folder()
    if _sre is None or folder is None:
        return None
    return folder / f"patterns.{sys.implementation.cache_tag}-{sys.version_info.micro}.{_sre.MAGIC}.{FORMAT}.bin"


def compile(pattern: str, flags: int = 0) -> re.Pattern:  # noqa: A001 (as re.compile)
    """`re.compile(pattern, flags)`, from the cache when this installation compiled it before."""
    if _sre is None or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    key = _key(pattern, int(flags))
    kept = _entries().get(key)
    if kept is not None:
        try:
            text, entry = marshal.loads(kept)
            if text == pattern:
                return _sre.compile(pattern, *entry)
        except Exception:  # (a damaged entry: compile it again below)
            pass
    compiled = re.compile(pattern, flags)
    entry = _entry(pattern, int(flags), compiled)
    if entry is not None:
        if not _added:
            atexit.register(_save)
        _added[key] = marshal.dumps((pattern, entry))
    return compiled


def _entries() -> "_CacheFile":
    global _known
    if _known is None:
        _known = _CacheFile(cache_file())
    return _known


class _CacheFile:
    """The file's entries by key (`module_cache.TableFile`, entries without details), each read
    from the file when first asked for; those this process adds are kept beside them."""

    def __init__(self, path: Path | None) -> None:
        self._file = module_cache.TableFile(str(path) if path is not None else None, _MARK)
        self._values: dict[_Key, bytes] = {}

    def get(self, key: _Key) -> bytes | None:
        value = self._values.get(key)
        if value is None:
            value = self._file.read(key)
            if value is not None:
                self._values[key] = value
        return value

    def __getitem__(self, key: _Key) -> bytes:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __setitem__(self, key: _Key, value: bytes) -> None:
        self._values[key] = value

    def keys(self) -> set[_Key]:
        return set(self._file.table) | set(self._values)

    def __iter__(self):
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self.keys())


def _layout(entries: dict[_Key, bytes]) -> bytes:
    """The file's bytes for `entries` (see `_CacheFile`)."""
    return module_cache.table_file_bytes(_MARK, {key: ((), value) for key, value in entries.items()})


def _entry(pattern: str, flags: int, compiled: re.Pattern) -> _Entry | None:
    """`_sre.compile`'s arguments for `pattern` (a string: `compile` sends the others to
    `re.compile`), if they build a pattern equal to `compiled`."""
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
