"""The reviews of a rebuild analysed for the index, in order, on worker processes when many.

Analysing a review (`documents.analyse_review`, then the lexicon forms found in its words:
`annotate.ConceptMatcher`) is most of a rebuild and depends on nothing but the record and the
lexicon. So a rebuild analyses its first `HERE` reviews itself and, if more follow, hands the
rest to worker processes (`base.workers`: one a core, `MIA_WORKERS`), taking them back in the
records' order: the index written is the same either way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from itertools import chain, islice
from typing import TYPE_CHECKING

from mia.base.workers import results_in_order
from mia.search.documents import AnalysedReview, analyse_review

if TYPE_CHECKING:  # pragma: no cover
    from mia.search.annotate import ConceptMatcher

#: Reviews a rebuild analyses itself before it starts workers (a small store: none).
HERE = 1024
#: Reviews handed to the workers at a time, and a task.
WINDOW = 512
CHUNK = 32

#: A worker's copies of the lexicon's matcher and of the records' zlib dictionary, given when it starts.
_WORKER_MATCHER: "ConceptMatcher | None" = None
_WORKER_DICTIONARY = b""


def analysed(record: dict, matcher: "ConceptMatcher | None" = None, dictionary: bytes | None = None) -> AnalysedReview:
    """One record analysed and annotated (in a worker, with the matcher and dictionary it was given)."""
    matcher = matcher if matcher is not None else _WORKER_MATCHER
    dictionary = dictionary if dictionary is not None else _WORKER_DICTIONARY
    review = analyse_review(record, dictionary, keep_sequences=bool(matcher))
    matcher.annotate_reviews([review])
    return review


@contextmanager
def analysed_in_order(records: Iterator[dict], matcher: "ConceptMatcher",
                      dictionary: bytes) -> Iterator[Iterator[AnalysedReview]]:
    """`with analysed_in_order(records, matcher, dictionary) as reviews:` each record analysed
    (its record compressed with `dictionary`: `records.encode_record`), in order."""
    records = iter(records)
    first = list(islice(records, HERE))
    here = (analysed(record, matcher, dictionary) for record in first)
    upcoming = next(records, None)
    if upcoming is None:
        yield here
        return
    rest = chain([upcoming], records)
    with results_in_order(analysed, rest, window=WINDOW, chunk=CHUNK,
                          initializer=_set_up_worker, initargs=(matcher, dictionary)) as theirs:
        yield chain(here, theirs)


def _set_up_worker(matcher: "ConceptMatcher", dictionary: bytes) -> None:
    global _WORKER_MATCHER, _WORKER_DICTIONARY
    _WORKER_MATCHER, _WORKER_DICTIONARY = matcher, dictionary
