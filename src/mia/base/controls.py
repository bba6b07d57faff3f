"""The one control-character policy: which characters are never let through as data.

Text from reviews, files and the network is data. A terminal acts on C0 controls (ESC starts a
sequence), DEL and the C1 range, so those never reach it (`strip_controls`), tab and line feed
excepted. Importers first turn CR and form feed into line ends, then strip the same set.
`mia.cli.render.plain()` applies this before anything is printed; the importers before storing.
"""

from __future__ import annotations

from mia.base import patterns

#: C0 controls but tab and line feed, DEL, and the C1 range: what a terminal may act upon.
CONTROL_CHARACTERS = patterns.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: The part of them that JSON leaves unescaped (DEL and C1): `--json` escapes these itself.
JSON_UNESCAPED_CONTROLS = patterns.compile(r"[\x7f-\x9f]")


def strip_controls(text: str) -> str:
    """`text` without the characters a terminal would act upon (tab and line feed kept)."""
    return CONTROL_CHARACTERS.sub("", text)
