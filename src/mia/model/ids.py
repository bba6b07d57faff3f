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


def canonical_id(text: str) -> str | None:
    """The canonical id `text` names (`mia_review_40`, `40`, `MIA_REVIEW_40`: the forms a user may
    type, a bare number among them), or None."""
    text = text.strip()
    if text.isdecimal():  # (not isdigit: "²" is a digit int() refuses)
        return f"mia_review_{int(text)}"
    match = re.match(r"^mia_review_(\d+)$", text, re.IGNORECASE)
    if match:
        return f"mia_review_{int(match.group(1))}"
    return None


#: A review id written after the name of the field holding it in mia's files (`id: mia_review_40`
#: in a review's Markdown, "id" in its JSON): `id:40`, `ID=mia_review_40`. Not an id form, nor a
#: search field: it is refused, saying what to type (`labelled_id_error`).
_LABELLED = re.compile(r"^(id\s*[:=])\s*['\"]?([^'\"]*)['\"]?$", re.IGNORECASE)


def labelled_id_error(text: str) -> BadInput | None:
    """The error for a review id typed after its field's name (`id:40`), saying to type the id
    alone; None for any other text."""
    match = _LABELLED.match(text.strip())
    canonical = canonical_id(match.group(2)) if match else None
    if canonical is None:
        return None
    number = canonical.rsplit("_", 1)[1]
    return BadInput(
        f"'{text.strip()}' is not a review id: mia takes the id alone, without '{match.group(1)}'.",
        hint=f"Type {number} (or {canonical}) in its place.",
    )


def review_named(text: str) -> str | None:
    """The canonical id of the review `text` names in any form a user may write one, the
    refused labelled one included (`40`, `mia_review_40`, `id:40`); None for other text. For
    messages saying what to type (`mia list 40`: "to read review 40: mia show 40")."""
    canonical = canonical_id(text)
    if canonical is None:
        match = _LABELLED.match(text.strip())
        canonical = canonical_id(match.group(2)) if match else None
    return canonical


def review_ids_named(words: list[str]) -> list[str] | None:
    """The canonical ids, each once in the order given, when every word is a review id as a
    user types it (`40 mia_review_52`); else None: the words are something else (a query). A
    bare number is an id, as for every command taking ids (`mia show 40`). Words that would all
    be ids but for one written after its field's name (`id:40`) are refused (`labelled_id_error`)."""
    ids = [canonical_id(word) for word in words]
    if ids and None in ids:
        errors = [labelled_id_error(word) for word, found in zip(words, ids) if found is None]
        if all(errors):
            raise errors[0]  # type: ignore[misc]
    if not ids or None in ids:
        return None
    return list(dict.fromkeys(ids))  # type: ignore[arg-type]


def normalise_id(text: str) -> str:
    """Accept `mia_review_40`, `40` or `MIA_REVIEW_40` and give the canonical id."""
    canonical = canonical_id(text)
    if canonical is not None:
        return canonical
    labelled = labelled_id_error(text)
    if labelled is not None:
        raise labelled
    text = text.strip()
    raise BadInput(
        f"'{text}' is not a review id.",
        hint="An id looks like mia_review_40, or just 40.",
    )
