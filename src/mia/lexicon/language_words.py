"""The words of French and English, with their frequencies, cached in a small file.

Two readers ask whether a word is a word of the languages (pyspellchecker's French and English
lists), and how common it is: ligature repair (`importers.textclean.repair_ligatures`), for the
candidates a lost ligature can make, and the search's "Did you mean" (`search.suggest`), which
never replaces a word of the languages typed as it is. Loading pyspellchecker's whole lists
(≈300,000 words of gzipped JSON) took ≈0.4 s, most of a one-review `mia add`; so the words a
reader needs are taken from the lists once and kept in mia's cache directory (`cache_dir`:
`MIA_CACHE_DIR`, else beside mia's compiled modules, else platformdirs' user cache dir): the
≈13,000 words holding a ligature sequence (fi, ff, fl, ffi, ffl) for the repair
(`load(LIGATURES)`, `ligature-words-<hash>.sqlite`), every word for the search (`load()`,
`language-words-<hash>.sqlite`, ≈8 MB, built in ≈1.5 s the first time a search has a
correction to weigh).

The file's name carries everything the table depends on (pyspellchecker's lists, the shipped
lexicon, the languages, the sequences a word must hold, this file's format), so a new
pyspellchecker or ligature set builds a new file. The file is only a cache: one that cannot be
read, is damaged or has an unexpected shape is rebuilt, and a cache directory that cannot be
written only means the table is built in memory each time.

The file is a small SQLite database (one table, the word as its key): a review asks about a dozen
words, and looking them up costs ~0.3 ms where reading the whole table (as JSON) cost ~4.5 ms
of every `mia add` of a review with a lost ligature. A damaged file shows when it is opened or
when a word is looked up: the table is then built again and the file rewritten.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from mia.base.sqlite import sqlite3
from mia.base import patterns
from mia.base.digests import sha256_hex
from mia.base.files import replacing
from mia.lexicon.files import file_signature, package_lexicon_paths

#: Bump when the file's layout or the meaning of its numbers changes. 2: the medical lexicon's
#: words the lists lack are in the table, at `KNOWN`. 3: a SQLite file, not JSON. (The sequences
#: a word must hold are in the header: a table of every word has another file.)
FORMAT = 3
#: pyspellchecker's lists the words are taken from.
LANGUAGES = ("fr", "en")
#: The share of a word the lists lack but mia's medical lexicon holds: known, the least common.
KNOWN = 1e-12


def load(holding: tuple[str, ...] = (), also_known: Callable[[], Iterable[str]] = tuple) -> Mapping[str, float]:
    """`{word: frequency share}` for the known words holding one of `holding` (the ligature
    sequences; every word when empty), and the words of `also_known()` (mia's medical
    lexicon's) the lists lack, at the smallest share, `KNOWN`.

    Looked up in the cache file when it is there and sound (`StoredShares`); else built from
    pyspellchecker and written for the next process (if the cache directory allows it). The
    file's header holds the shipped lexicon's signature: a changed lexicon builds a new table.
    """
    header = _header(holding)
    path = cache_path(header)

    def rebuilt() -> dict[str, float]:
        table = build(holding)
        for word in also_known():
            table.setdefault(word, KNOWN)
        _write(path, header, table)
        return table

    stored = _read(path, header, rebuilt)
    return stored if stored is not None else rebuilt()


class StoredShares(Mapping):
    """The table in its cache file, looked up word by word (each answer kept for the process).
    Should the file prove damaged at a look-up, the table is built again (`rebuild`), the file
    rewritten, and the answers come from the rebuilt table."""

    def __init__(self, conn: sqlite3.Connection, rebuild: Callable[[], dict[str, float]]) -> None:
        self._conn, self._rebuild = conn, rebuild
        self._table: dict[str, float] | None = None  # set once rebuilt
        self._known: dict[str, float] = {}  # answers so far (0.0: not in the table)

    def _share(self, word: str) -> float:
        if self._table is not None:
            return self._table.get(word, 0.0)
        share = self._known.get(word)
        if share is None:
            try:
                row = self._conn.execute("SELECT share FROM words WHERE word = ?", (word,)).fetchone()
            except sqlite3.DatabaseError:
                row = (None,)
            if row is not None and not (type(row[0]) is float and row[0] > 0):
                return self._rebuilt().get(word, 0.0)
            share = self._known[word] = row[0] if row is not None else 0.0
        return share

    def _rebuilt(self) -> dict[str, float]:
        self._conn.close()
        self._table = self._rebuild()
        return self._table

    def __getitem__(self, word: str) -> float:
        share = self._share(word)
        if not share:
            raise KeyError(word)
        return share

    def get(self, word: str, default: Any = None) -> Any:
        return self._share(word) or default

    def __iter__(self) -> Iterator[str]:
        if self._table is not None:
            return iter(self._table)
        try:
            return iter([word for (word,) in self._conn.execute("SELECT word FROM words ORDER BY word")])
        except sqlite3.DatabaseError:
            return iter(self._rebuilt())

    def __len__(self) -> int:
        return sum(1 for _ in self)


def build(holding: tuple[str, ...]) -> dict[str, float]:
    """The table from pyspellchecker's lists (the slow part, ≈0.4 s: it loads them whole)."""
    from spellchecker import SpellChecker

    lists = (SpellChecker(language=language, distance=1) for language in LANGUAGES)
    return table_from((checker.word_frequency for checker in lists), holding)


def table_from(frequencies: Iterable[Any], holding: tuple[str, ...]) -> dict[str, float]:
    """Each word holding one of the sequences `holding` (every word when there are none), with
    the largest of its shares in `frequencies`.

    A share is `count / total_words` of one list (pyspellchecker `WordFrequency` objects), the
    number mia has always compared candidates by; words with a zero count are left out, as a
    missing word reads as 0.
    """
    # One regular expression: 5 times faster than `any(ligature in word ...)` on 300,000 words.
    holds = re.compile("|".join(map(re.escape, holding))).search if holding else bool
    table: dict[str, float] = {}
    for frequency in frequencies:
        total = frequency.total_words
        for word, count in frequency.items():
            if count > 0 and holds(word):
                share = count / total
                if share > table.get(word, 0.0):
                    table[word] = share
    return table


def cache_dir() -> Path:
    """Where the table is kept: `MIA_CACHE_DIR`; else beside mia's compiled modules
    (`patterns.installation_cache_folder`) when Python may write there, as the table depends on
    the installation alone; else platformdirs' user cache dir. (platformdirs' import, with the
    tempfile and random modules it loads, cost ~4 ms of a one-review `mia add`.)"""
    override = os.environ.get("MIA_CACHE_DIR")
    if override:
        return Path(override)
    beside_mia = patterns.installation_cache_folder()
    if beside_mia is not None and _may_write(beside_mia):
        return beside_mia
    import platformdirs

    return Path(platformdirs.user_cache_dir("mia", appauthor=False))


def _may_write(folder: Path) -> bool:
    """Whether this user may write in `folder`, or create it in its first existing parent."""
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return os.access(folder, os.W_OK)


def cache_path(header: dict[str, Any]) -> Path:
    """`ligature-words-<hash of header>.sqlite` (`language-words-…` for every word): another
    header, another file."""
    digest = sha256_hex(_header_text(header).encode("utf-8"))[:16]
    kind = "ligature-words" if header["holding"] else "language-words"
    return cache_dir() / f"{kind}-{digest}.sqlite"


def _header_text(header: dict[str, Any]) -> str:
    """The header as hashed into the file's name and kept in the file: its `repr` (strings,
    numbers and lists: the same text for the same header). Not JSON: importing orjson or json
    cost ~10-25 ms of the search that first asks whether a typed word is a word."""
    return repr(header)


def _header(holding: tuple[str, ...]) -> dict[str, Any]:
    """What the table depends on; hashed into the file name and kept in the file."""
    return {
        "format": FORMAT,
        "pyspellchecker": lists_signature(),
        "lexicon": [file_signature(path) for path in package_lexicon_paths()],
        "languages": list(LANGUAGES),
        "holding": list(holding),
    }


def lists_signature(resources: Path | None = None) -> list:
    """Size and mtime of pyspellchecker's French and English lists: a new (or reinstalled)
    pyspellchecker changes them. Found without importing pyspellchecker (5 ms, a tenth of a
    one-review `mia add`); where its files are not where this expects them, its version."""
    if resources is None:
        from importlib.util import find_spec

        spec = find_spec("spellchecker")
        locations = list(spec.submodule_search_locations or []) if spec else []
        resources = Path(locations[0]) / "resources" if locations else None
    signature: list = []
    for language in LANGUAGES:
        try:
            stat = (resources / f"{language}.json.gz").stat() if resources else None
        except OSError:
            stat = None
        if stat is None:
            from spellchecker import __version__

            return [__version__]
        signature.append([language, stat.st_size, stat.st_mtime_ns])
    return signature


def _read(path: Path, header: dict[str, Any],
          rebuild: Callable[[], dict[str, float]] | None = None) -> StoredShares | None:
    """The table in `path`, or None if it is missing, unreadable or not what `_write` writes
    (a word's share is checked when it is looked up: `StoredShares`)."""
    try:
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    except (sqlite3.Error, ValueError):
        return None
    try:
        rows = conn.execute("SELECT value FROM header").fetchall()
        conn.execute("SELECT word, share FROM words LIMIT 1").fetchall()
    except sqlite3.DatabaseError:
        rows = None
    if rows != [(_header_text(header),)]:
        conn.close()
        return None
    return StoredShares(conn, rebuild or (lambda: {}))


def _write(path: Path, header: dict[str, Any], table: dict[str, float]) -> None:
    """Save the table through a file beside `path`, then renamed over it (a reader sees the
    old file or the new one); a cache that cannot be written is not an error."""
    try:
        with replacing(path) as (fd, temp_name):
            os.close(fd)
            conn = sqlite3.connect(temp_name, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode=OFF")
                conn.execute("BEGIN")
                conn.execute("CREATE TABLE header (value TEXT NOT NULL)")
                conn.execute("CREATE TABLE words (word TEXT PRIMARY KEY, share REAL NOT NULL) WITHOUT ROWID")
                conn.execute("INSERT INTO header VALUES (?)", (_header_text(header),))
                conn.executemany("INSERT INTO words VALUES (?, ?)", sorted(table.items()))
                conn.execute("COMMIT")
            finally:
                conn.close()
    except (OSError, sqlite3.Error):
        pass
