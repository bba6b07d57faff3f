"""The store as the reading commands (show, search, list) first see it: a path and a signature.

Why: importing `mia.store.review_store` brings the store file's machinery (orjson, tempfile, the shards…),
several ms, a third of what `mia show` may cost beyond `mia --version`. While the search index is
fresh, show, search and list never read the store file: they only need where it is and its
signature, to compare with the one the index recorded. `StoreView` answers those two itself and
builds the real `Store` (importing it) the first time anything else is asked of it: reading
records when the index is stale, rebuilding the index, writing.

`signature()` and `derived_path()` must give exactly what `Store`'s give (a difference would make
a fresh index look stale, or the reverse): both call `store_layout`, and
tests/test_show_fast_path.py checks that they agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from mia.store.layout import beside, signature


class StoreView:
    """The store at `path` as the reading commands need it; the real `Store` is built by
    `open_real(path)` (the core's `open_store`, which gives it its index listener) on first need."""

    def __init__(self, path: Path, open_real: Callable[[Path], Any]) -> None:
        self.path = path
        self._open_real = open_real
        self._store: Any = None

    def derived_path(self, suffix: str) -> Path:
        """A file beside the store (`Store.derived_path`): the index is `<store>.index.sqlite`."""
        return beside(self.path, suffix)

    def signature(self) -> list[int]:
        """The store's signature, computed as `Store.signature` computes it (layout.py)."""
        return signature(self.path)

    def real(self):
        """The `Store` itself, built once (this is where mia.store.review_store gets imported)."""
        if self._store is None:
            self._store = self._open_real(self.path)
        return self._store

    def __getattr__(self, name: str) -> Any:
        # Only reached for what this class does not define: records(), get(), backups()…
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.real(), name)
