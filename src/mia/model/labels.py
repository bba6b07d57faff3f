"""Version labels of a review (`V0`, `V1`, `V0.1`…): the rules that keep them distinct.

The compte-rendus name their versions themselves (`V0 - 02/07/2025`). A changed compte-rendu
re-imported with --replace often keeps its version line: two versions would then share a name,
and `mia diff` / `mia history` could not tell them apart. Such a version gets the next free
sub-label of its name (`V0` → `V0.1`, then `V0.2`), which leaves `V1` free for the authors' own
next version. An edit in mia takes the next whole number (`next_label`).
"""

from __future__ import annotations

from typing import Iterable
from mia.base import patterns

VERSION_LABEL = patterns.compile(r"^[Vv](\d+)(?:\.(\d+))?$")


def _folded(labels: Iterable[str]) -> set[str]:
    return {str(label).strip().casefold() for label in labels}


def distinct_label(label: str, used: Iterable[str]) -> str:
    """`label` itself when no earlier version has it, else its next free sub-label."""
    taken = _folded(used)
    if label.strip().casefold() not in taken:
        return label
    match = VERSION_LABEL.match(label.strip())
    if match:
        base, number = f"V{match.group(1)}", int(match.group(2) or 0) + 1
    else:
        base, number = label.strip(), 1
    while f"{base}.{number}".casefold() in taken:
        number += 1
    return f"{base}.{number}"


def next_label(current: str, used: Iterable[str], versions_so_far: int) -> str:
    """The label after `current` (V0 → V1, V0.2 → V1), never one already `used`."""
    taken = _folded(used)
    match = VERSION_LABEL.match(current.strip())
    number = int(match.group(1)) + 1 if match else versions_so_far + 1
    while f"v{number}" in taken:
        number += 1
    return f"V{number}"
