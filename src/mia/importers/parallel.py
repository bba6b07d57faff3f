"""Reading the files of a bulk import on every core.

Reading a review file (decoding, parsing, repairing the PDF text, extracting the key results)
is two thirds of an import (2.6 ms of 4 ms a review at 10,000) and depends on nothing but the
file, so a bulk import hands it to worker processes (`base.workers`: one a core, results in
order, Ctrl-C stops them) while the importing process stores and indexes what they give back.
A few files are read here: starting the workers costs more than they save (`MIN_FILES`).

What a worker gives back for a file is what `read_all` gives, or the message of the `MiaError`
it raised (the file is then reported as failed, as when read here).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from mia import importers
from mia.base.errors import MiaError
from mia.base.workers import results_in_order
from mia.importers.source import Parsed

#: Fewer files than this are read in the importing process.
MIN_FILES = 200
#: Files handed to the workers at a time (reviews read but not yet stored stay few).
WINDOW = 1024
#: Files a worker takes at a time (fewer round trips; small enough to share the work evenly).
CHUNK = 16

Outcome = list[Parsed] | str  # the reviews of a file, or why it could not be read


def read_one(file: Path, max_text_bytes: int) -> Outcome:
    try:
        return importers.read_all(file, max_text_bytes)
    except MiaError as error:
        return str(error)


@contextmanager
def read_files(files: list[Path], max_text_bytes: int) -> Iterator[Iterator[tuple[Path, Outcome]]]:
    """`with read_files(files, limit) as outcomes:` (file, outcome) for each file, in order."""
    if len(files) < MIN_FILES:
        yield ((file, read_one(file, max_text_bytes)) for file in files)
        return
    read = partial(read_one, max_text_bytes=max_text_bytes)
    with results_in_order(read, files, window=WINDOW, chunk=CHUNK) as outcomes:
        yield zip(files, outcomes)
