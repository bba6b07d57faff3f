"""Environment variables that are flags: one parser, the same answer for every command.

`MIA_OFFLINE=1` (or true/yes/on) turns a flag on, `0`/false/no/off or unset or empty leaves it
off, and anything else is a mistake the user hears about (exit 2), never a silent guess.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from mia.base.errors import BadInput

TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("", "0", "false", "no", "off")


def env_flag(name: str, environ: Mapping[str, str] | None = None) -> bool:
    """The flag `name` of the environment (`os.environ` unless given). Raises `BadInput`."""
    raw = (os.environ if environ is None else environ).get(name, "")
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise BadInput(
        f"{name}={raw!r} is neither on nor off.",
        hint=f"Set {name}=1 (or true, yes, on) to turn it on, {name}=0 (or false, no, off) or unset it to turn it off.",
    )


def is_offline(environ: Mapping[str, str] | None = None) -> bool:
    """`MIA_OFFLINE`: never touch the network."""
    return env_flag("MIA_OFFLINE", environ)
