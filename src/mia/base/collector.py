"""Pausing Python's cyclic garbage collector around work that makes many objects and no cycles.

Reference counting frees such objects; the collector only counts them towards its thresholds and
walks them at each collection. Two places pay for that: indexing (millions of small lists and
tuples: on a bulk import of 2,000 reviews, 1.8 s of 11 s in the collector, 0.1 s paused) and a
search (its modules' lazy import and the postings it reads: 4-5 collections, ~0.4 ms of a search
at 10,000 reviews).
"""

from __future__ import annotations

import functools
import gc


def without_gc(function):
    """`function` run with the collector paused, and restored as it was."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return wrapper
