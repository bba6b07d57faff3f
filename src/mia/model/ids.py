"""Review ids (`mia_review_40`): their pattern, their number, the forms a user may type.

Apart from `model.py` (which re-exports these) so that code needing only an id's number, such
as the search index's modules, does not import the record dataclasses (~3 ms).
"""

from __future__ import annotations

import re

from mia.base.errors import BadInput
from mia.base import patterns

ID_PATTERN = patterns.compile(r"^mia_review_(\d+)$")


def review_number(review_id: str) -> int:
    """The number in `mia_review_40` (for ordering); ids outside the pattern sort last."""
    match = ID_PATTERN.match(review_id)
    return int(match.group(1)) if match else 1 << 62


def normalise_id(text: str) -> str:
    """Accept `mia_review_40`, `40` or `MIA_REVIEW_40` and give the canonical id."""
    text = text.strip()
    if text.isdigit():
        return f"mia_review_{int(text)}"
    match = re.match(r"^mia_review_(\d+)$", text, re.IGNORECASE)
    if match:
        return f"mia_review_{int(match.group(1))}"
    raise BadInput(
        f"'{text}' is not a review id.",
        hint="An id looks like mia_review_40, or just 40.",
    )
