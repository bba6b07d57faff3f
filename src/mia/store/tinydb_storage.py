"""Opening a file of the store with TinyDB itself: `TinyDB(path, storage=AtomicJSONStorage)`.

mia reads and writes its files through `store_file.py` (strict parsing, atomic replacement,
orjson) without importing TinyDB, which costs ~4 ms on every command that writes. The files stay
in TinyDB's JSON format, tables of documents keyed by id, and this storage lets TinyDB (a script,
a notebook) open them with the same strict reading and atomic writing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from mia.base.files import atomic_write_bytes
from mia.store.json_file import encode_store, read_store_file


class AtomicJSONStorage(Storage):
    """TinyDB storage that reads strictly and writes by atomic replacement."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, Any] | None:
        return read_store_file(self.path)

    def write(self, data: dict[str, Any]) -> None:
        atomic_write_bytes(self.path, encode_store(data))

    def close(self) -> None:
        pass
