"""mia's SQLite driver (base/sqlite.py) is the standard library's: the same connection, error
and blob types, so that code and tests using either agree."""

import sqlite3 as package

from mia.base.sqlite import sqlite3


def test_the_driver_gives_the_objects_of_the_standard_library_package(tmp_path):
    for name in ("connect", "Connection", "Cursor", "Blob", "Error", "DatabaseError", "OperationalError",
                 "IntegrityError", "sqlite_version"):
        assert getattr(sqlite3, name) is getattr(package, name) or getattr(sqlite3, name) == getattr(package, name)
    conn = sqlite3.connect(tmp_path / "a.sqlite")
    try:
        assert isinstance(conn, package.Connection)
        conn.execute("CREATE TABLE t (x)")
        try:
            conn.execute("CREATE TABLE t (x)")
        except package.OperationalError as problem:
            assert "already exists" in str(problem)
        else:
            raise AssertionError("no error")
    finally:
        conn.close()
