"""How mia's messages name several things in one sentence ("a, b and c"), and write a word of
a command they offer to copy (`shell_word`)."""

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


def shell_word(text: object) -> str:
    """`text` (a path, an id, a query word) as it must be typed in a command a message offers
    to copy: as it is when the shell reads it so, else quoted (`'club d'"'"'Anne/x.md'`). The one
    rule of every command mia's messages print, so that a path with a space or an apostrophe
    copies as well as any other."""
    import shlex  # (only for a message: not every command's start pays for it)

    return shlex.quote(str(text))
