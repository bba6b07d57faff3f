"""Where the files of a store are, and the store's signature: the facts every reader needs.

Reviews numbered below `SHARD_SIZE` live in the store file itself; each further thousand in
`<store>.shards/<k>.json` (store_shards.py says why). This module is kept free of the store's
file machinery (TinyDB, orjson, tempfile…) so that `show`, `list` and `search`, which only compare
the store's signature with their index's while the index is fresh, do not import it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from mia.base import patterns

SHARD_SIZE = 1000


def store_path(option: str | os.PathLike | None = None) -> Path:
    """Where the store is: `--store`, else `MIA_STORE`, else the user data dir. The one place
    this is decided (the CLI asks once per command, then passes the path on).

    A store named through a symbolic link (a store kept in a shared or synchronised folder) is
    the file the link points to: its files beside it are found there, and a write replaces that
    file, not the link (which then held a stale copy's place)."""
    if option:
        return _through_links(Path(option).expanduser())
    env = os.environ.get("MIA_STORE")
    if env:
        return _through_links(Path(env).expanduser())
    from platformdirs import user_data_dir  # (only for the default: a few ms)

    return Path(user_data_dir("mia", appauthor=False)) / "reviews.json"


def _through_links(path: Path) -> Path:
    # (`base.files.through_links`, the writers' rule, here again: importing that module costs the
    # commands that only read the store ~0.8 ms)
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def shard_of(number: int) -> int:
    return number // SHARD_SIZE


def shard_span(shard: int) -> tuple[int, int]:
    """The first and the last review number the file of `shard` holds (in a store of shards)."""
    return shard * SHARD_SIZE, (shard + 1) * SHARD_SIZE - 1


def beside(path: Path, suffix: str) -> Path:
    """A file or folder next to `path`, named after it: `reviews.json` + `.shards`."""
    return path.with_name(path.name + suffix)


def shard_dir(store_path: Path) -> Path:
    return beside(store_path, ".shards")


def shard_path(store_path: Path, shard: int) -> Path:
    """The file of shard `shard`: the store file itself for shard 0."""
    return store_path if shard == 0 else shard_dir(store_path) / f"{shard}.json"


def shard_numbers(store_path: Path) -> list[int]:
    """The shards past the store file that have a file, in ascending order."""
    return sorted(_shard_entries(store_path))


def _shard_entries(store_path: Path) -> dict[int, os.DirEntry]:
    """Shard number -> the directory entry of its file, for the shards past the store file."""
    try:
        with os.scandir(shard_dir(store_path)) as entries:
            return {int(entry.name[:-5]): entry for entry in entries
                    if entry.name.endswith(".json") and entry.name[:-5].isdigit() and int(entry.name[:-5]) > 0}
    except (FileNotFoundError, NotADirectoryError):
        return {}


def signature(store_path: Path) -> list[int]:
    """Size and mtime_ns of every file of the store: it changes whenever any file is written.

    A one-file store's signature is `[size, mtime_ns]`; each shard file adds `k, size, mtime_ns`.
    (Each shard stated through its directory entry: at 100,000 reviews, 100 shards, building
    and stating a `Path` per shard cost every search ~1.3 ms.)"""
    values = list(_stat(store_path))
    entries = _shard_entries(store_path)
    for shard in sorted(entries):
        try:
            stat = entries[shard].stat()
        except FileNotFoundError:
            values.extend((shard, 0, 0))
            continue
        values.extend((shard, stat.st_size, stat.st_mtime_ns))
    return values


def signature_without(values: list[int], shard: int) -> list[int]:
    """A `signature` without the entry of one file (`shard`; 0: the store file), to tell whether
    the other files are as they were."""
    if shard == 0:
        return list(values[2:])
    rest = list(values[:2])
    for at in range(2, len(values) - 2, 3):
        if values[at] != shard:
            rest.extend(values[at:at + 3])
    return rest


def _stat(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return (0, 0)
    return (stat.st_size, stat.st_mtime_ns)


# -- the original PDFs kept beside the store (store/attachments.py copies them) --------------

#: The folder of the PDFs beside the store file (`reviews.json.files/`), one file per content.
PDF_FOLDER_SUFFIX = ".files"
_SHA256 = patterns.compile(r"^[0-9a-f]{64}$")


def pdf_folder(store_path: Path) -> Path:
    return beside(store_path, PDF_FOLDER_SUFFIX)


def file_name(sha256: str) -> str:
    return f"{sha256}.pdf"


def is_sha256(value: Any) -> bool:
    return isinstance(value, str) and bool(_SHA256.match(value))


def path_in(folder: Path, sha256: str) -> Path:
    """Where the PDF of that SHA-256 is (or would be) in `folder`."""
    if not is_sha256(sha256):
        raise ValueError(f"not a SHA-256: {sha256!r}")
    return folder / file_name(sha256)
