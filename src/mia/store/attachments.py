"""The original PDFs of the reviews, kept beside the store: `<store>.files/<sha256>.pdf`.

A review imported from a PDF records which file it came from in its `pdf` field
(`{"sha256", "name", "size"}`, see `mia.model.review.PDF_FIELD`); the file itself is kept here,
named by the SHA-256 of its bytes, so the same PDF is kept once whoever uses it (two reviews,
the versions of one review). Files are written atomically and never changed; a file goes away
only when no review uses it any more (`remove_unused`, after `mia rm --purge`).

Exports carry the PDFs the same way, in a folder `mia-files/` beside the exported file(s)
(`EXPORT_FOLDER`), which the import looks into.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any, Iterable

from mia.base.files import atomic_write_bytes
from mia.model.review import PDF_EXPORT_FOLDER
from mia.store.layout import is_sha256, path_in  # where a PDF is kept is decided in layout

#: The folder of the PDFs beside an export (a JSON file, or the Markdown files of a folder).
EXPORT_FOLDER = PDF_EXPORT_FOLDER


def keep(folder: Path, data: bytes) -> tuple[str, bool]:
    """Keep `data` in `folder` under its SHA-256; (the sha256, whether the file is new)."""
    sha256 = hashlib.sha256(data).hexdigest()
    target = path_in(folder, sha256)
    if target.is_file() and target.stat().st_size == len(data):
        return sha256, False
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, data)
    return sha256, True


def copy_into(folder: Path, source: Path, sha256: str) -> bool:
    """Copy `source` (a PDF whose SHA-256 the caller checked) into `folder`; False if it was there."""
    target = path_in(folder, sha256)
    if target.is_file():
        return False
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, source.read_bytes())
    return True


def sha256_of_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def used_sha256s(records: Iterable[dict[str, Any]], field: str) -> set[str]:
    """The PDFs the records use, their earlier versions (`history`) included."""
    used: set[str] = set()
    for record in records:
        for version in [record, *(record.get("history") or [])]:
            pdf = version.get(field) if isinstance(version, dict) else None
            if isinstance(pdf, dict) and is_sha256(pdf.get("sha256")):
                used.add(pdf["sha256"])
    return used


def remove_unused(folder: Path, used: set[str]) -> list[str]:
    """Delete the kept PDFs no record uses; the SHA-256s of those deleted."""
    if not folder.is_dir():
        return []
    removed = []
    for path in sorted(folder.glob("*.pdf")):
        sha256 = path.stem
        if is_sha256(sha256) and sha256 not in used:
            path.unlink(missing_ok=True)
            removed.append(sha256)
    return removed


def copy_out(store_folder: Path, sha256s: Iterable[str], export_folder: Path) -> list[Path]:
    """Copy the kept PDFs into an export's folder (each once); the files written."""
    written = []
    for sha256 in sorted(set(sha256s)):
        source = path_in(store_folder, sha256)
        target = path_in(export_folder, sha256)
        if not source.is_file() or target.is_file():
            continue
        export_folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
    return written
