"""The reviews of a rebuild analysed for the index, in order, on worker processes when many.

Analysing a review (`documents.analyse_review`, then the lexicon forms found in its words:
`annotate.ConceptMatcher`) is most of a rebuild and depends on nothing but the record and the
lexicon. So a rebuild analyses its first `HERE` reviews itself and, if more follow, hands the
rest to worker processes (`base.workers`: one a core, `MIA_WORKERS`), taking them back in the
records' order: the index written is the same either way.

The reviews go a batch of `CHUNK` at a time, and a batch comes back with its postings already
gathered into rows of bytes (`postings.SegmentBuilder.gathered`), not as each review's terms and
positions: unpickling those lists in the rebuilding process cost 0.36 ms a bench review, more
than adding them to the segment (0.13 ms), where the gathered rows take 0.02 ms to unpickle and
0.10 to join. A batch never crosses a segment's end (`segment`), so segments end where they did.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import chain, islice
from typing import TYPE_CHECKING

from mia.base.workers import results_in_order
from mia.search.documents import AnalysedReview, analyse_review
from mia.search.postings import SegmentBuilder

if TYPE_CHECKING:  # pragma: no cover
    from mia.search.annotate import ConceptMatcher

#: Reviews a rebuild analyses itself before it starts workers (a small store: none).
HERE = 1024
#: Reviews in a batch (a worker's task), and batches handed to the workers at a time.
CHUNK = 32
WINDOW = 16

#: A worker's copies of the lexicon's matcher and of the records' zlib dictionary, given when it starts.
_WORKER_MATCHER: "ConceptMatcher | None" = None
_WORKER_DICTIONARY = b""


class AnalysedBatch:
    """Reviews analysed together: each without its postings (`reviews`, in order), and their
    postings as the rows of a segment (term -> the bytes of its four arrays)."""

    __slots__ = ("reviews", "rows")

    def __init__(self, reviews: list[AnalysedReview], rows: dict[str, tuple[bytes, bytes, bytes, bytes]]) -> None:
        self.reviews, self.rows = reviews, rows


def analysed_batch(records: list[dict], matcher: "ConceptMatcher | None" = None,
                   dictionary: bytes | None = None) -> AnalysedBatch:
    """Records analysed and annotated (in a worker, with the matcher and dictionary it was given)."""
    matcher = matcher if matcher is not None else _WORKER_MATCHER
    dictionary = dictionary if dictionary is not None else _WORKER_DICTIONARY
    reviews = [analyse_review(record, dictionary, keep_sequences=bool(matcher)) for record in records]
    matcher.annotate_reviews(reviews)
    builder = SegmentBuilder()
    for review in reviews:
        builder.add(review)
        review.postings = []  # (in the rows now)
    return AnalysedBatch(reviews, builder.gathered())


def in_batches(records: Iterable[dict], segment: int) -> Iterator[list[dict]]:
    """The records in lists of at most `CHUNK`, none crossing a multiple of `segment` records."""
    records = iter(records)
    done = 0
    while batch := list(islice(records, min(CHUNK, segment - done % segment))):
        done += len(batch)
        yield batch


@contextmanager
def analysed_in_order(records: Iterable[dict], matcher: "ConceptMatcher", dictionary: bytes,
                      segment: int) -> Iterator[Iterator[AnalysedBatch]]:
    """`with analysed_in_order(records, matcher, dictionary, segment) as batches:` the records
    analysed (each compressed with `dictionary`: `records.encode_record`) a batch at a time, in
    order, no batch crossing a multiple of `segment` records."""
    batches = in_batches(records, segment)
    first, count = [], 0
    while count < HERE and (batch := next(batches, None)) is not None:
        first.append(batch)
        count += len(batch)
    here = (analysed_batch(batch, matcher, dictionary) for batch in first)
    upcoming = next(batches, None)
    if upcoming is None:
        yield here
        return
    rest = chain([upcoming], batches)
    with results_in_order(analysed_batch, rest, window=WINDOW, chunk=1,
                          initializer=_set_up_worker, initargs=(matcher, dictionary)) as theirs:
        yield chain(here, theirs)


def _set_up_worker(matcher: "ConceptMatcher", dictionary: bytes) -> None:
    global _WORKER_MATCHER, _WORKER_DICTIONARY
    _WORKER_MATCHER, _WORKER_DICTIONARY = matcher, dictionary
