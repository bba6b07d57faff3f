"""SQLite as mia uses it: the standard library's driver without its pure-Python layer.

`import sqlite3` runs the package's `dbapi2.py` (the DB-API date and time constructors and
adapters, which mia does not use) around the C driver it re-exports, `_sqlite3`: ~0.3 ms more
for every search, show and list (measured after `mia --version`'s imports, median of 8: 1.09 ms
for `sqlite3`, 0.75 ms for `_sqlite3`). Modules of mia import `sqlite3` from here; the
connections, rows and errors are the same objects the package gives (a test checks it). Where
the C driver is not there under that name (another Python implementation), the package.
"""

try:
    import _sqlite3 as sqlite3
except ImportError:  # pragma: no cover (not CPython)
    import sqlite3

__all__ = ["sqlite3"]
