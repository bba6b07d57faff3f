"""How mia's messages name several things in one sentence: "a, b and c"."""

from __future__ import annotations

from typing import Sequence


def listed(items: Sequence[str], conjunction: str = "and", shown: int | None = None) -> str:
    """`items` (at least one) as a sentence names them: "a", "a and b", "a, b and c" (or
    `conjunction`: "a, b or c"). Past `shown` items, the first `shown` and how many more:
    "a, b, c and 4 more"."""
    if shown is not None and len(items) > shown:
        return f"{', '.join(items[:shown])} {conjunction} {len(items) - shown} more"
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"
