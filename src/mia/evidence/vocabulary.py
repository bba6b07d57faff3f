"""The words and the shape of a `key_results` record, and the check of one a person wrote.

Apart from the extractor (which compiles its patterns at import, ~16 ms), so that reading a
Markdown review's front matter can check its key results without paying for them.
"""

from __future__ import annotations

import math
from typing import Any

from mia.evidence import EXTRACTOR_VERSION

DESIGN_TAGS = (
    "rct",
    "double-blind",
    "open-label",
    "multicentre",
    "single-centre",
    "non-inferiority",
    "cluster",
    "crossover",
    "cohort",
    "case-control",
    "meta-analysis",
)
RATIO_MEASURES = ("HR", "RR", "OR", "rate ratio")
DIFFERENCE_MEASURES = ("MD", "ARD", "SMD")  # (SMD, the standardised mean difference: from version 20)
MEASURES = RATIO_MEASURES + DIFFERENCE_MEASURES

#: The keys of a key_results record, in the order the extractor writes them (`extractor`: the
#: version of the rules that wrote them, `mia.evidence.EXTRACTOR_VERSION`).
#: Words of an outcome's name and the words a result sentence uses for it (French and English):
#: "critère principal : la mortalité à 90 jours" … "… sont décédés (OR 0,95 …)". Each word of a
#: family stands for every other (`OUTCOME_FAMILIES[word]`: the whole family, lower case).
_OUTCOME_FAMILY_LINES = (
    "mortalité mortality décès deaths death died dead décédé décédée décédés décédées morts mort "
    "décédaient survie survival vivant vivante vivants vivantes alive survivant survivants survivors survived "
    "en_vie",  # (from version 22: "130 patients étaient en vie contre 94"; "_" joins a family's words)
    "hospitalisation hospitalisations hospitalization hospitalizations hospitalisé hospitalisés "
    "hospitalized admission admissions réadmission réadmissions readmission readmissions",
    "récidive récidives rechute rechutes relapse relapses recurrence recurrences récurrence",
    "saignement saignements hémorragie hémorragies bleeding bleedings haemorrhage hemorrhage",
    "infarctus infarction",
    "amputation amputations amputé amputés",
)
OUTCOME_FAMILIES: dict[str, tuple[str, ...]] = {
    word.replace("_", " "): tuple(item.replace("_", " ") for item in line.split())
    for line in _OUTCOME_FAMILY_LINES for word in line.split()
}
#: Outcome names whose results are told in the words of a family: overall survival is reported
#: as the risk of death ("critère principal : la survie globale" … "le risque de décès était réduit
#: (HR 0,49 …)"). The name (its first words, lower case) -> a word of `_OUTCOME_FAMILY_LINES`.
_OUTCOME_NAME_FAMILY = {
    "survie globale": "décès", "survie": "décès", "overall survival": "death", "survival": "death",
}
OUTCOME_NAME_FAMILIES: dict[str, tuple[str, ...]] = {
    name: OUTCOME_FAMILIES[word] for name, word in _OUTCOME_NAME_FAMILY.items()
}

KEY_RESULTS_FIELDS = ("design", "n", "primary", "secondary", "source", "flags", "checked", "extractor")
#: The keys of an effect (the primary; a secondary one has a `label` first).
EFFECT_FIELDS = ("measure", "value", "ci_low", "ci_high", "p")


class KeyResultsProblem(ValueError):
    """What is wrong in key results a person wrote: `field` names where ("key_results.n",
    "key_results.primary.value"), the message says what is wrong in plain words."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"'{field}' {problem}")
        self.field = field


def checked_key_results(value: Any, where: str = "key_results") -> dict[str, Any]:
    """Key results as a person wrote them (the Markdown front matter), checked and put in the
    record's shape: every key present, in order; missing ones null or empty (but `extractor`,
    kept only when written). Raises
    KeyResultsProblem naming the first wrong field."""
    if not isinstance(value, dict):
        raise KeyResultsProblem(where, "must hold 'field: value' lines (design, n, primary, secondary, source, flags, checked).")
    for key in value:
        if key not in KEY_RESULTS_FIELDS:
            raise KeyResultsProblem(f"{where}.{key}", f"is not a field of the key results (they have {', '.join(KEY_RESULTS_FIELDS)}).")
    design = _texts(value.get("design"), f"{where}.design")
    for tag in design:
        if tag not in DESIGN_TAGS:
            raise KeyResultsProblem(f"{where}.design", f"holds '{tag}', which is not a design tag ({', '.join(DESIGN_TAGS)}).")
    n = value.get("n")
    if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 0):
        raise KeyResultsProblem(f"{where}.n", f"must be a whole number without spaces (like 1200) or null, not '{n}'.")
    primary = value.get("primary")
    primary = None if primary is None else _effect(primary, f"{where}.primary")
    secondary = value.get("secondary")
    if secondary is None:
        secondary = []
    if not isinstance(secondary, list):
        raise KeyResultsProblem(f"{where}.secondary", "must be a list (one '- {label: …, measure: …, value: …}' per effect).")
    secondary = [_effect(item, f"{where}.secondary", labelled=True) for item in secondary]
    source = value.get("source")
    if source is None:
        source = {}
    if not isinstance(source, dict) or not all(isinstance(v, str) or v is None for v in source.values()):
        raise KeyResultsProblem(f"{where}.source", "must hold 'field: sentence' lines.")
    checked = value.get("checked", False)
    if not isinstance(checked, bool):
        raise KeyResultsProblem(f"{where}.checked", f"must be true or false, not '{checked}'.")
    extractor = value.get("extractor")
    if extractor is not None and (isinstance(extractor, bool) or not isinstance(extractor, int) or extractor < 0):
        raise KeyResultsProblem(f"{where}.extractor", f"is the version of mia's rules that found them (like {EXTRACTOR_VERSION}), not '{extractor}'.")
    checked_results = {
        "design": [tag for tag in DESIGN_TAGS if tag in design],
        "n": n,
        "primary": primary,
        "secondary": secondary,
        "source": {str(k): v for k, v in source.items()},
        "flags": _texts(value.get("flags"), f"{where}.flags"),
        "checked": checked,
    }
    if "extractor" in value:  # (key results written before versions were recorded have none)
        checked_results["extractor"] = extractor
    return checked_results


def extracted_by(key_results: Any) -> int | None:
    """The version of the rules that wrote unchecked key results (0: none recorded, or no key
    results at all); None for results a person checked, which no extraction replaces."""
    if not isinstance(key_results, dict):
        return 0
    if key_results.get("checked"):
        return None
    version = key_results.get("extractor")
    return version if isinstance(version, int) and not isinstance(version, bool) and version >= 0 else 0


def is_stale(key_results: Any) -> bool:
    """Whether key results are to be extracted again: unchecked and older than these rules."""
    version = extracted_by(key_results)
    return version is not None and version < EXTRACTOR_VERSION


#: What a person corrects: a change to one of these is a correction (the source sentences and
#: flags are the extractor's notes; a search-and-replace in the text may touch them).
VALUE_FIELDS = ("design", "n", "primary", "secondary")


def same_values(a: Any, b: Any) -> bool:
    """Whether two key results state the same values (`VALUE_FIELDS`)."""
    if not isinstance(a, dict) or not isinstance(b, dict):
        return a == b
    return all(a.get(k) == b.get(k) for k in VALUE_FIELDS)


def _texts(value: Any, field: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise KeyResultsProblem(field, "must be a list of words, like [rct, open-label].")
    return list(value)


def _effect(value: Any, field: str, labelled: bool = False) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise KeyResultsProblem(field, "must hold {measure: …, value: …, ci_low: …, ci_high: …, p: …}.")
    known = (("label",) if labelled else ()) + EFFECT_FIELDS
    for key in value:
        if key not in known:
            raise KeyResultsProblem(f"{field}.{key}", f"is not a field of an effect ({', '.join(known)}).")
    effect: dict[str, Any] = {}
    if labelled:
        label = value.get("label")
        effect["label"] = "" if label is None else str(label)
    measure = value.get("measure")
    if measure is not None and measure not in MEASURES:
        raise KeyResultsProblem(f"{field}.measure", f"is '{measure}', not one of {', '.join(MEASURES)}.")
    effect["measure"] = measure
    for key in ("value", "ci_low", "ci_high"):
        number = value.get(key)
        if number is not None and (isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number)):
            raise KeyResultsProblem(f"{field}.{key}", f"must be a number with a decimal point (like 0.41) or null, not '{number}'.")
        effect[key] = number
    p = value.get("p")
    if isinstance(p, bool) or (p is not None and not isinstance(p, (str, int, float))):
        raise KeyResultsProblem(f"{field}.p", f"must be text like '0.008', '<0.001' or 'NS', not '{p}'.")
    effect["p"] = None if p is None else _p_text(p)
    return effect


def _p_text(p: str | int | float) -> str:
    """A p-value as the extractor writes it: text, a decimal point (`0,03` → `0.03`)."""
    if isinstance(p, str):
        return p.strip().replace(",", ".").replace(" ", "")
    text = f"{p:.10f}".rstrip("0").rstrip(".") if isinstance(p, float) else str(p)
    return text
