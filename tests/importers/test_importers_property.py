"""Whatever bytes or text a user feeds mia, the importer gives a valid review or one clear error.

Property-based (hypothesis): arbitrary text, arbitrary bytes, and the seed review damaged in
arbitrary ways. The only acceptable failure is `ImportFailed` (the user-facing error type),
whose message is plain text without control characters.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mia.base.errors import ImportFailed
from mia.importers import Parsed, READERS
from mia.model.review import Review

from conftest import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_LINES = SEED_TEXT.splitlines(keepends=True)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def import_bytes(data: bytes) -> Parsed | ImportFailed:
    try:
        parsed = READERS[".txt"].parse(data, "input.txt")
    except ImportFailed as error:
        return error
    return parsed


def assert_valid_outcome(outcome: Parsed | ImportFailed) -> None:
    if isinstance(outcome, ImportFailed):
        assert outcome.message.strip()
        return
    review = outcome.review
    review.validate()
    again = Review.from_dict(review.to_dict())
    assert again.to_dict() == review.to_dict()


@SETTINGS
@given(st.binary(max_size=4000))
def test_arbitrary_bytes(data):
    assert_valid_outcome(import_bytes(data))


@SETTINGS
@given(st.text(max_size=3000))
def test_arbitrary_text(text):
    assert_valid_outcome(import_bytes(text.encode("utf-8")))


@SETTINGS
@given(
    st.lists(st.integers(min_value=0, max_value=len(SEED_LINES) - 1), max_size=12),
    st.text(max_size=200),
    st.integers(min_value=0, max_value=len(SEED_LINES)),
)
def test_the_seed_with_lines_dropped_and_junk_inserted(dropped, junk, position):
    lines = [line for number, line in enumerate(SEED_LINES) if number not in set(dropped)]
    lines.insert(min(position, len(lines)), junk + "\n")
    assert_valid_outcome(import_bytes("".join(lines).encode("utf-8")))


@SETTINGS
@given(st.binary(min_size=1, max_size=64), st.integers(min_value=0, max_value=len(SEED_TEXT)))
def test_the_seed_with_bytes_spliced_in(junk, position):
    data = SEED_TEXT.encode("utf-8")
    assert_valid_outcome(import_bytes(data[:position] + junk + data[position:]))
