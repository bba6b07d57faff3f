"""The one control-character policy: which characters are never let through as data.

Text from reviews, files and the network is data. A terminal acts on C0 controls (ESC starts a
sequence), DEL and the C1 range, so those never reach it (`strip_controls`), tab and line feed
excepted. A sequence ESC starts (`ESC[31m`, colour copied from a terminal) goes whole, its
parameters with it: left behind, `[31mROUGE[0m` hid the word ROUGE from the search. Importers first turn CR and form feed into line ends, then strip the same set.
`mia.cli.render.plain()` applies this before anything is printed; the importers before storing.
"""

from __future__ import annotations

from mia.base import patterns

#: C0 controls but tab and line feed, DEL, and the C1 range: what a terminal may act upon.
CONTROL_CHARACTERS = patterns.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: The part of them that JSON leaves unescaped (DEL and C1): `--json` escapes these itself.
JSON_UNESCAPED_CONTROLS = patterns.compile(r"[\x7f-\x9f]")


#: A terminal's sequence that ESC starts: CSI (`ESC [`, its parameters and intermediates, the final
#: character), OSC (`ESC ]` up to BEL or `ESC \\`, on one line), else ESC and the one character
#: after it that makes a sequence.
ESCAPE_SEQUENCES = patterns.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b\n]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def strip_controls(text: str) -> str:
    """`text` without the characters a terminal would act upon (tab and line feed kept), and
    without the sequences ESC starts, whole."""
    if "\x1b" in text:
        text = ESCAPE_SEQUENCES.sub("", text)
    return CONTROL_CHARACTERS.sub("", text)
