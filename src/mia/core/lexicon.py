"""`mia lexicon add`: a concept added to the user's lexicon, and the forms it shares with
concepts already known (a shared form then names them all)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mia.base.errors import BadInput
from mia.search import lexicon_entries
from mia.search.lexicon import add_user_concept


def add_concept(store: Any, columns: dict[str, list[str]]) -> tuple[Path, list[str]]:
    """Append the concept (`columns`: fr, en, fr_acronyms, en_acronyms, synonyms) to the user's
    lexicon file; returns the file and one sentence per form that already names a concept."""
    if not any(columns.values()):
        raise BadInput("Give the concept's forms.", hint="Example: mia lexicon add --fr \"…\" --en \"…\" --acronym …")
    shared = []
    for form in dict.fromkeys(item for items in columns.values() for item in items):
        try:
            named = lexicon_entries(store, form)["concepts"]
        except BadInput:
            continue
        if named:
            shared.append(f"'{form}' already names: {'; '.join(c['label'] for c in named)}.")
    return add_user_concept(columns), shared
