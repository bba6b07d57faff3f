"""Rich renderables for reviews, tables and messages, and the rule that keeps data literal.

Every string that comes from a review, a file or the network is *data*: before it reaches the
terminal it loses its control characters (an escape sequence in a review must not drive the
user's terminal) and, where rich would read markup, its brackets are escaped (`[in vitro]` must
print as written). `plain()` does the first, `safe()` both; renderables here are built from
`rich.text.Text` objects holding `plain()` text, which rich never parses as markup.
"""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from mia.model import Review

# C0 controls but \t and \n, DEL, and the C1 range: what a terminal may act upon.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Spaces of French typography that some terminals show oddly: shown as plain spaces.
_ODD_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " "})


def plain(text: Any) -> str:
    """`text` as a string without terminal control characters (CR, ESC, C1…)."""
    return _CONTROL_CHARACTERS.sub("", str(text)).translate(_ODD_SPACES)


def safe(text: Any) -> str:
    """`text` made literal for a place where rich reads markup (f-strings, table cells)."""
    from rich.markup import escape

    return escape(plain(text))


def stdout_console() -> "Console":
    """A console on the current stdout (created per call, so test runners can swap stdout)."""
    from rich.console import Console

    return Console(file=sys.stdout, highlight=False, emoji=False)


def stderr_console() -> "Console":
    from rich.console import Console

    return Console(file=sys.stderr, highlight=False, emoji=False)


def review_panel(review: "Review", *, reference: str, warnings: Iterable[str] = ()) -> "RenderableType":
    """The whole review: a title panel, the article's reference and DOI link, then each section."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.style import Style
    from rich.text import Text

    head = Text()
    head.append(plain(review.title), style="bold")
    head.append("\n")
    details = [
        ("Version", f"{review.version}" + (f" of {review.version_date}" if review.version_date else "")),
        ("Published", review.published or "—"),
        ("Authors", ", ".join(review.authors) or "—"),
        ("Keywords", ", ".join(review.keywords) or "—"),
    ]
    for label, value in details:
        head.append(f"\n{label}: ", style="dim")
        head.append(plain(value))

    article = Text()
    article.append("Article  ", style="bold cyan")
    article.append(plain(reference))
    if review.article.doi:
        from mia.doi import doi_url

        article.append("\nDOI: ", style="dim")
        article.append(plain(review.article.doi), style=Style(link=doi_url(review.article.doi), underline=True))
        if review.article.metadata is None:
            article.append(f"\n(as the review gives it; `mia resolve {review.id}` fetches the full reference)", style="dim")
    for warning in warnings:
        article.append("\n⚠ " + plain(warning), style="yellow")

    parts: list[RenderableType] = [
        Panel(head, title=Text(review.id, style="bold"), title_align="left", expand=True),
        Padding(article, (0, 1, 1, 1)),
    ]
    for section in review.sections:
        parts.append(Text(plain(section.heading), style="bold underline"))
        parts.append(Padding(Text(plain(section.text)), (0, 0, 1, 2)))
    return Group(*parts)


LIST_COLUMNS = (("id", "Id"), ("title", "Title"), ("journal", "Journal"), ("year", "Year"), ("published", "Published"))


def reviews_table(rows: list[dict[str, str]], width: int | None) -> list[str]:
    """The `mia list` table as aligned plain lines: a header, then one line per review.

    Plain text rather than a rich Table: rich measures every cell of every row, which takes
    seconds for thousands of reviews, and a list must answer at once. With a `width` (a
    terminal), titles are shortened with "…" so each review stays on one line; without one
    (a pipe), nothing is cut.
    """
    cells = [[plain(row.get(key, "")).replace("\n", " ") for key, _ in LIST_COLUMNS] for row in rows]
    header = [label for _, label in LIST_COLUMNS]
    widths = [max([len(header[i])] + [len(line[i]) for line in cells]) for i in range(len(header))]
    title = 1
    if width:
        others = sum(w for i, w in enumerate(widths) if i != title) + 2 * (len(widths) - 1)
        widths[title] = max(len(header[title]), min(widths[title], width - others - 1))
    def layout(line: list[str]) -> str:
        parts = []
        for i, cell in enumerate(line):
            if len(cell) > widths[i]:
                cell = cell[: widths[i] - 1] + "…"
            parts.append(cell.ljust(widths[i]))
        return "  ".join(parts).rstrip()
    return [layout(header)] + [layout(line) for line in cells]
