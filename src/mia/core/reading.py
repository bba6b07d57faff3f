"""What `mia show` reads: a review for display (from the search index's copy while it is fresh)
and the original PDF kept beside it. Apart from `core.library` so that showing a review does not
pay for the import machinery's definitions (~1.3 ms of each `mia show`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mia.model.review import PDF_FIELD, Review, normalise_id
from mia.search import cached_record
from mia.store.layout import is_sha256, path_in, pdf_folder

if TYPE_CHECKING:
    from mia.store.review_store import Store


class PdfCopy:
    """A review's original PDF: its name when imported, where mia keeps it, whether it is there."""

    __slots__ = ("name", "path", "present")

    def __init__(self, name: str, path: Path, present: bool) -> None:
        self.name, self.path, self.present = name, path, present


def pdf_copy(store, review: Review) -> PdfCopy | None:
    """The original PDF `review` was imported from, or None when it came from another format."""
    named = review.extra.get(PDF_FIELD)
    if not isinstance(named, dict) or not is_sha256(named.get("sha256")):
        return None
    path = path_in(pdf_folder(store.path), named["sha256"])
    return PdfCopy(str(named.get("name") or path.name), path, path.is_file())


def read_review(store: Store, review_id: str) -> Review:
    """A review for display: from the search index's copy when it is fresh (no need to parse
    the whole store), else from the store. Writers use `core.library.get_review`, which reads
    the truth."""
    review_id = normalise_id(review_id)
    record = cached_record(store, review_id)
    return Review.from_dict(record) if record is not None else store.get(review_id)
