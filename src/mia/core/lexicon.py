"""`mia lexicon add`: a concept added to the user's lexicon, and the forms it shares with
concepts already known (a shared form then names them all)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mia.base.errors import BadInput
from mia.base.phrases import shell_word
from mia.search import lexicon_entries
from mia.lexicon.files import where_written
from mia.search.lexicon import add_user_concept


def add_concept(store: Any, columns: dict[str, list[str]]) -> tuple[Path, list[str]]:
    """Append the concept (`columns`: fr, en, fr_acronyms, en_acronyms, synonyms) to the user's
    lexicon file; returns the file and what to say of the forms that already name a concept: that
    the new forms joined it, when they all name the same one; else one sentence per form."""
    if not any(columns.values()):
        raise BadInput("Give the concept's forms.", hint="Example: mia lexicon add --fr \"…\" --en \"…\" --acronym …")
    shared = []
    in_every_form: dict[str, str] | None = None  # the concepts every form names so far: source -> label
    in_any_form: dict[str, str] = {}
    new_forms = []
    forms = list(dict.fromkeys(item for items in columns.values() for item in items))
    preferred = forms[0]
    forms_named: dict[str, dict[str, str]] = {}  # form -> the concepts it names: source -> label
    for form in forms:
        try:
            named = lexicon_entries(store, form)["concepts"]
        except BadInput:
            named = []
        found = forms_named[form] = {c["source"]: c["label"] for c in named}
        in_any_form.update(found)
        in_every_form = found if in_every_form is None else {k: v for k, v in in_every_form.items() if k in found}
        if named:
            shared.append(f"'{form}' already names: {'; '.join(c['label'] for c in named)}. Such a form now "
                          "names several concepts: it finds them all when typed, and is not added when "
                          "searching for another form.")
        else:
            new_forms.append(form)
    preferred_names = forms_named[preferred]
    written = where_written(columns)
    if len(in_any_form) == 1 and new_forms and written is None:
        # (the search's lexicon gives such a line's forms to that concept: `with_user_concepts`)
        (label,) = in_any_form.values()
        shared = [f"Added {', '.join(repr(f) for f in new_forms)} to {label}: a search for "
                  f"{'them' if len(new_forms) > 1 else 'it'} finds the reviews naming {label} in any of its forms."]
    elif len(in_any_form) > 1 and len(preferred_names) == 1 and written is None:
        # (a line whose preferred term names one concept joins it, `with_user_concepts`; its other
        # forms naming another concept then name both)
        (target_source, label), = preferred_names.items()
        joined = [f for f in forms if f != preferred and target_source not in forms_named[f]]
        if joined:
            shared = [f"Added {', '.join(repr(f) for f in joined)} to {label} ({preferred!r} is one of its forms): "
                      f"a search for {'them' if len(joined) > 1 else 'it'} finds the reviews naming {label} in any "
                      "of its forms."]
            shared += [f"'{f}' also names: {'; '.join(l for s, l in forms_named[f].items() if s != target_source)}: "
                       f"typed, it finds both." for f in joined if forms_named[f]]
    # (fewer than two forms, or an exact duplicate: add_user_concept says so, and where)
    if in_every_form and len(shared) > 1 and written is None:
        source, label = next(iter(in_every_form.items()))
        raise BadInput(
            f"Every form given is already a form of {label} ({_where(source)}): nothing was added. "
            "Added again, its forms would name two concepts, and a search for one would no longer bring in the others.",
            hint=f"`mia lexicon show {shell_word(label)}` shows it; to give it a new form, add the new form with one of its own.",
        )
    return add_user_concept(columns), shared


def _where(source: str) -> str:
    """`medical.txt:290` -> `the shipped lexicon, line 290 of medical.txt`; `user:2` -> `your lexicon, line 2`."""
    origin, _, line = source.rpartition(":")
    return f"your lexicon, line {line}" if origin == "user" else f"the shipped lexicon, line {line} of {origin}"
