"""The known words a lost ligature can make, with their frequencies, cached in a small file.

Why: `textclean.repair_ligatures` only ever asks how common a word holding a ligature sequence
(fi, ff, fl, ffi, ffl) is, yet loading pyspellchecker's whole French and English lists (≈300,000
words of gzipped JSON) to answer took ≈0.4 s, most of a one-review `mia add`. The ≈13,000 words
that hold a ligature sequence are all it needs, so they are taken from pyspellchecker once and
kept in mia's cache directory (`MIA_CACHE_DIR`, else platformdirs' user cache dir).

The file's name carries everything the table depends on (pyspellchecker's version, the languages,
the ligatures, this file's format), so a new pyspellchecker or ligature set builds a new file. The
file is only a cache: one that cannot be read, is damaged or has an unexpected shape is rebuilt,
and a cache directory that cannot be written only means the table is built in memory each time.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from mia.base.files import atomic_write_bytes
from mia.lexicon.files import file_signature, package_lexicon_paths

#: Bump when the file's layout or the meaning of its numbers changes. 2: the medical lexicon's
#: words the lists lack are in the table, at `KNOWN`.
FORMAT = 2
#: pyspellchecker's lists the words are taken from.
LANGUAGES = ("fr", "en")
#: The share of a word the lists lack but mia's medical lexicon holds: known, the least common.
KNOWN = 1e-12


def load(ligatures: tuple[str, ...], also_known: Callable[[], Iterable[str]] = tuple) -> dict[str, float]:
    """`{word: frequency share}` for the known words holding one of `ligatures`, and the words
    of `also_known()` (mia's medical lexicon's) the lists lack, at the smallest share, `KNOWN`.

    Read from the cache file when it is there and sound; else built from pyspellchecker and
    written for the next process (if the cache directory allows it). The file's header holds
    the shipped lexicon's signature: a changed lexicon builds a new table.
    """
    header = _header(ligatures)
    path = cache_path(header)
    table = _read(path, header)
    if table is None:
        table = build(ligatures)
        for word in also_known():
            table.setdefault(word, KNOWN)
        _write(path, header, table)
    return table


def build(ligatures: tuple[str, ...]) -> dict[str, float]:
    """The table from pyspellchecker's lists (the slow part, ≈0.4 s: it loads them whole)."""
    from spellchecker import SpellChecker

    lists = (SpellChecker(language=language, distance=1) for language in LANGUAGES)
    return table_from((checker.word_frequency for checker in lists), ligatures)


def table_from(frequencies: Iterable[Any], ligatures: tuple[str, ...]) -> dict[str, float]:
    """Each word holding a ligature sequence, with the largest of its shares in `frequencies`.

    A share is `count / total_words` of one list (pyspellchecker `WordFrequency` objects), the
    number mia has always compared candidates by; words with a zero count are left out, as a
    missing word reads as 0.
    """
    # One regular expression: 5 times faster than `any(ligature in word ...)` on 300,000 words.
    holds_ligature = re.compile("|".join(map(re.escape, ligatures))).search
    table: dict[str, float] = {}
    for frequency in frequencies:
        total = frequency.total_words
        for word, count in frequency.items():
            if count > 0 and holds_ligature(word):
                share = count / total
                if share > table.get(word, 0.0):
                    table[word] = share
    return table


def cache_dir() -> Path:
    """mia's cache directory: `MIA_CACHE_DIR`, else platformdirs' user cache dir."""
    override = os.environ.get("MIA_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("mia", appauthor=False))


def cache_path(header: dict[str, Any]) -> Path:
    """`ligature-words-<hash of header>.json`: another header, another file."""
    import orjson

    digest = hashlib.sha256(orjson.dumps(header)).hexdigest()[:16]
    return cache_dir() / f"ligature-words-{digest}.json"


def _header(ligatures: tuple[str, ...]) -> dict[str, Any]:
    """What the table depends on; hashed into the file name and kept in the file."""
    return {
        "format": FORMAT,
        "pyspellchecker": lists_signature(),
        "lexicon": [file_signature(path) for path in package_lexicon_paths()],
        "languages": list(LANGUAGES),
        "ligatures": list(ligatures),
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


def _read(path: Path, header: dict[str, Any]) -> dict[str, float] | None:
    """The table in `path`, or None if it is missing, unreadable or not what `_write` writes."""
    import orjson

    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(data, dict) or data.get("header") != header:
        return None
    words = data.get("words")
    if not isinstance(words, dict) or not all(
        type(share) is float and share > 0 for share in words.values()
    ):
        return None
    return words


def _write(path: Path, header: dict[str, Any], table: dict[str, float]) -> None:
    """Save the table atomically; a cache that cannot be written is not an error."""
    import orjson


    try:
        atomic_write_bytes(path, orjson.dumps({"header": header, "words": table}))
    except OSError:
        pass
