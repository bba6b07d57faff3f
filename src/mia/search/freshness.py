"""Whether the index can be searched as it is: of this format, true to the store, and holding
the lexicon files as they are now.

A search's common case is an index that nothing has changed since the last write: `open_current`
answers it with a read connection and nothing else, so that a search does not import the
index's upkeep (`maintenance.py`: rebuilds, incremental writes, merges, the counts of `mia
stats`) and does not issue the pragmas that only shape a new file: `records.open_if_fresh`
(what `show` and `list` use), with the lexicon checked too. Anything else (no index, a stale
one, another lexicon) gives None, and `maintenance.open_fresh` brings the index up to date.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from mia.base.sqlite import sqlite3
from mia.lexicon.files import config_dir, lexicon_signature
from mia.search.records import open_if_fresh


def config_env() -> list:
    """What the config directory depends on: the index keeps it beside the directory found."""
    return [os.environ.get(k) for k in ("MIA_CONFIG_DIR", "XDG_CONFIG_HOME", "HOME")] + [sys.platform]


def config_dir_of(meta: dict[str, Any]) -> tuple[Path, bool]:
    """The config dir, from the index's memo when the environment is the same (platformdirs
    costs ~8 ms to import, a fifth of a search); the flag says whether the memo must be updated."""
    cached = meta.get("config_dir")
    if cached and cached[0] == config_env():
        return Path(cached[1]), False
    return config_dir(), True


def lexicon_is_current(meta: dict[str, Any]) -> bool:
    """The index holds the lexicon files as they are now, and knows where the user's file is."""
    directory, memo_stale = config_dir_of(meta)
    return not memo_stale and lexicon_signature(directory) == meta.get("lexicon_signature")


def open_current(store, *, mapped: bool = False) -> sqlite3.Connection | None:
    """A connection to the index when it can be searched as it is, else None (see the module).
    `mapped`: for a search reading its best hits only (`records.READ_MAP_BYTES`)."""
    return open_if_fresh(store, also=lexicon_is_current, mapped=mapped)
