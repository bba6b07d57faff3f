"""mia's own modules loaded from one file of compiled code, not from a file each.

Why: Python imports a module from its own `.pyc` through the path finder: a look at the folder,
a `stat` of the source, an open and a read of the `.pyc`, and the import machinery's Python code
around them, ~80-100 µs a module on the bench's machine even for an empty one (the code itself
runs in microseconds). From one file already open, a module costs a `stat` of its source, one
read and `marshal.loads`: ~15-20 µs (measured on 40 small modules: 80-99 µs each by the path
finder, 14-22 µs each this way). `mia search` imports ~36 of mia's modules beyond those of
`mia --version`: their import took 7.9 → 6.0 ms (in process, 10,000 reviews, best of 15).

How: the file (`modules.<cache tag>.<FORMAT>.bin` beside mia's compiled modules: the folder of
`installation_cache_folder`, shared with the regular-expression cache) holds a table of contents
(module name -> where its code is in the file, its source file relative to the `mia` package,
whether it is a package, and the source's modification time and size, as a `.pyc` records them)
then each module's code (the bytes of its `.pyc` after the 16-byte header). A finder placed
first on `sys.meta_path` by `install()` answers for a mia module in the table whose source still
has the recorded time and size (Python's own check of a `.pyc`), with the standard
`SourceFileLoader` reading the code from the file instead of the `.pyc`: `__file__`, tracebacks,
`inspect` and resources are as without the cache. Any other module, or a source that changed,
is imported the usual way; at exit, a process that imported some of mia's modules the usual way
adds their code (from the `.pyc` Python validated for them) to the file, which is written
whole, atomically, only where Python may write its own caches.

The file is a cache: a file that is missing, damaged or of another Python is ignored (each
module imported the usual way), and deleting it costs one slower start.
"""

from __future__ import annotations

import marshal
import os
import sys
# (The objects `importlib.machinery` and `importlib.util` give, from the modules Python loaded at
# its start: importing `importlib.machinery` would cost a start ~0.4 ms.)
from _frozen_importlib import ModuleSpec
from _frozen_importlib_external import MAGIC_NUMBER, SourceFileLoader

#: Bump when what the file holds changes.
FORMAT = 1
#: The file's first bytes: this mark and Python's bytecode magic number (`TableFile`'s mark).
_MARK = b"miaM" + MAGIC_NUMBER
#: The folder of the `mia` package (symbolic links resolved).
PACKAGE_FOLDER = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))


def installation_cache_folder() -> str | None:
    """The folder where Python keeps mia's compiled modules (`mia/__pycache__`, under
    `sys.pycache_prefix` when set): mia keeps there what it derives from its installation alone
    (its modules' code, its regular expressions, the ligature word table), and it goes with the
    installation. None where Python may not write its own caches (`sys.dont_write_bytecode`)."""
    if sys.dont_write_bytecode:
        return None
    folder = os.path.join(PACKAGE_FOLDER, "__pycache__")
    if sys.pycache_prefix:
        _, tail = os.path.splitdrive(folder)
        folder = os.path.join(sys.pycache_prefix, tail.lstrip(os.sep + (os.altsep or "")))
    return folder


def cache_file() -> str | None:
    """Where the modules' code is kept, or None where Python may not write its own caches."""
    folder = installation_cache_folder()
    if folder is None:
        return None
    return os.path.join(folder, f"modules.{sys.implementation.cache_tag}.{FORMAT}.bin")


class TableFile:
    """A file of entries behind a table of contents, each entry read when it is asked for (this
    module's file, and `patterns`'s).

    Layout: a mark (what wrote the file), the table's length (4 bytes, little-endian), the table
    (marshalled: key -> (offset, length, *details) of each entry, counted from the end of the
    table), then the entries. A file that is not this layout, or cannot be read, holds none."""

    def __init__(self, path: str | None, mark: bytes) -> None:
        self.table: dict = {}
        self.fd = -1
        self.start = 0
        if path is None:
            return
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            return
        try:
            head = _read_at(fd, len(mark) + 4, 0)
            size = int.from_bytes(head[len(mark):], "little")
            table = None
            if len(head) == len(mark) + 4 and head[:len(mark)] == mark:
                table = marshal.loads(_read_at(fd, size, len(head)))
        except (OSError, EOFError, ValueError, TypeError):
            table = None
        if not isinstance(table, dict):
            os.close(fd)
            return
        self.table, self.fd, self.start = table, fd, len(head) + size

    def read(self, key) -> bytes | None:
        """The bytes of the entry `key`, or None (no such entry, or the file cannot give them)."""
        try:
            offset, length = self.table[key][:2]
            data = _read_at(self.fd, length, self.start + offset)
        except (KeyError, OSError, TypeError, ValueError):
            return None
        return data if len(data) == length else None

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
        self.fd, self.table = -1, {}


def _read_at(fd: int, length: int, offset: int) -> bytes:
    """`length` bytes of the file `fd` from `offset` (`os.pread` where the system has it: not
    Windows)."""
    if hasattr(os, "pread"):
        return os.pread(fd, length, offset)
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, length)


def table_file_bytes(mark: bytes, entries: dict) -> bytes:
    """The bytes of a `TableFile` holding `entries` (key -> (details, bytes))."""
    table, offset = {}, 0
    for key, (details, data) in entries.items():
        table[key] = (offset, len(data), *details)
        offset += len(data)
    head = marshal.dumps(table)
    return b"".join([mark, len(head).to_bytes(4, "little"), head, *(data for _, data in entries.values())])


def _may_write_beside(path: str) -> bool:
    """Whether this process may create or replace `path`: its folder, or the nearest existing
    folder above it, is writable."""
    folder = os.path.dirname(path)
    while folder and not os.path.isdir(folder):
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return os.access(folder or os.curdir, os.W_OK)


class _CachedModuleLoader(SourceFileLoader):
    """Python's loader of a module from its source, its code read from the cache file."""

    def __init__(self, name: str, path: str, file: TableFile) -> None:
        super().__init__(name, path)
        self._file = file

    def get_code(self, fullname: str):
        if fullname == self.name:
            data = self._file.read(fullname)
            if data is not None:
                try:
                    return marshal.loads(data)
                except (EOFError, ValueError, TypeError):
                    pass  # (a damaged entry: the usual way below)
        return super().get_code(fullname)


class ModuleCacheFinder:
    """The finder of mia's modules in the cache file (first on `sys.meta_path`).

    The file's table: module name -> (offset, length, the source relative to `PACKAGE_FOLDER`,
    whether it is a package, the source's modification time and size as a `.pyc` holds them)."""

    def __init__(self, path: str | None, package_folder: str = PACKAGE_FOLDER, package: str = "mia") -> None:
        self.path = path
        self.file = TableFile(path, _MARK)
        self.package_folder = package_folder
        self.prefix = package + "."
        self.missed: set[str] = set()  # the package's modules imported the usual way
        # Whether the file can be written (its folder, or the folder that will hold it): where it
        # cannot (an installation owned by another user), a process does not gather at exit
        # the code of the modules it missed (~40 `.pyc` files read) for nothing.
        self.writable = path is not None and _may_write_beside(path)

    def find_spec(self, name: str, path=None, target=None):
        if not name.startswith(self.prefix):
            return None
        spec = self._cached_spec(name)
        if spec is None:
            if not self.missed and self.writable and not sys.dont_write_bytecode:
                import atexit

                atexit.register(save, self)
            self.missed.add(name)
        return spec

    def _current_source(self, entry) -> str | None:
        """The source file of a table entry, if it still has the size and time recorded."""
        try:
            _, _, relative, _, mtime, size = entry
            source = os.path.join(self.package_folder, relative)
            stat = os.stat(source)
        except (OSError, TypeError, ValueError):
            return None
        return source if _stamp(stat) == (mtime, size) else None

    def _cached_spec(self, name: str):
        entry = self.file.table.get(name)
        source = self._current_source(entry) if entry is not None else None
        if source is None:
            return None
        is_package = entry[3]
        spec = ModuleSpec(name, _CachedModuleLoader(name, source, self.file), origin=source, is_package=is_package)
        spec.has_location = True
        if is_package:
            spec.submodule_search_locations = [os.path.dirname(source)]
        return spec

    def current_entries(self) -> dict[str, tuple[tuple, bytes]]:
        """The file's entries whose source has not changed: name -> (details, code bytes)."""
        kept = {}
        for name, entry in self.file.table.items():
            if self._current_source(entry) is not None:
                data = self.file.read(name)
                if data is not None:
                    kept[name] = (tuple(entry[2:]), data)
        return kept


def _stamp(stat: os.stat_result) -> tuple[int, int]:
    """A source's modification time and size as a `.pyc` header records them (32 bits each)."""
    return int(stat.st_mtime) & 0xFFFFFFFF, stat.st_size & 0xFFFFFFFF


def compiled_entry(module, package_folder: str = PACKAGE_FOLDER) -> tuple[tuple, bytes] | None:
    """A module imported the usual way, as an entry of the file: (its details in the table, its
    code from the `.pyc` Python checked against the source), if it is one of mia's and the
    `.pyc` is still current."""
    spec = getattr(module, "__spec__", None)
    if spec is None or type(spec.loader) is not SourceFileLoader or not spec.origin or not spec.cached:
        return None
    try:
        source = os.path.realpath(spec.origin)
        relative = os.path.relpath(source, package_folder)  # (ValueError: another drive)
        if relative.startswith(os.pardir) or os.path.isabs(relative):
            return None
        with open(spec.cached, "rb") as file:
            data = file.read()
        stat = os.stat(source)
    except (OSError, ValueError):
        return None
    mtime, size = _stamp(stat)
    header = (MAGIC_NUMBER, (0).to_bytes(4, "little"), mtime.to_bytes(4, "little"), size.to_bytes(4, "little"))
    if len(data) <= 16 or data[:16] != b"".join(header):  # another Python, a hash-based or stale .pyc
        return None
    return (relative, spec.submodule_search_locations is not None, mtime, size), data[16:]


def save(finder: ModuleCacheFinder) -> None:
    """Write the file again with the modules this process imported the usual way (at exit)."""
    path = finder.path
    if path is None or sys.dont_write_bytecode:
        return
    added = {}
    for name in sorted(finder.missed):
        module = sys.modules.get(name)
        entry = compiled_entry(module, finder.package_folder) if module is not None else None
        if entry is not None:
            added[name] = entry
    if not added:
        return
    entries = {**finder.current_entries(), **added}
    try:
        from pathlib import Path

        from mia.base.files import atomic_write_bytes

        os.makedirs(os.path.dirname(path), exist_ok=True)
        atomic_write_bytes(Path(path), table_file_bytes(_MARK, entries))
    except (OSError, ValueError):
        pass  # a folder we may not write in: the usual imports, as without the cache


_finder: ModuleCacheFinder | None = None


def install() -> None:
    """Put the finder first on `sys.meta_path` (once a process)."""
    global _finder
    if _finder is None:
        _finder = ModuleCacheFinder(cache_file())
        sys.meta_path.insert(0, _finder)
