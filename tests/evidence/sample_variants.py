"""Variants of the bundled sample reviews, to measure the extractor on wordings it was not written on.

The sample (`data/reviews/`, labelled in `labels.json`) is what the extractor's rules were fitted
on, so its score measures the fit. Here each labelled review is rewritten in ways a member of the
club could have written it, keeping its facts (so its labels stay its truth):

* **effect**: the primary effect written again in another form: the measure's other names
  (`hazard ratio`, `rapport des risques instantanés (HR)`, `risque relatif`, `odds ratio`,
  `rapport des taux`, `différence absolue`…), a decimal comma or point, another interval
  (`IC95% [a ; b]`, `(95% CI, a to b)`, `(IC 95 % : a à b)`, `(intervalle de confiance à 95 % a–b)`,
  `[a ; b]`…), another minus (`-`, `−`, `–`) and p-value (`p<0,001`, `P < .001`, `p = 0,34`,
  `NS`, `p=NS`, `n.s.`), in brackets or after a comma;
* **n**: the number of patients with other thousands separators (space, no-break, narrow
  no-break, thin space; a comma in English) and `N=` written `n =` / `N total =`;
* **design**: the design's words in another wording of the same tag, French or English
  (`essai contrôlé randomisé`, `étude randomisée`, `randomized controlled trial`; `sans insu`,
  `unblinded`; `multicenter`, `multi-centre`; `double insu`, `double-blinded`…);
* **distractors**: a sentence opening the results with numbers that are not the answer (baseline
  age and percentages, follow-up, patients lost to follow-up, a secondary effect);
* **moved**: the sentence naming the primary outcome and stating its effect moved to the end of
  its section or to the start of the next one (the discussion);
* **reordered**: the sentences of the methods in another order (the design after N, the primary
  outcome's definition first…);
* French typography: a no-break space before `%`, `:`, `;` and around `<` in the rewritten effect
  (as the club's PDFs have it), half of the time in French reviews.

Each variant applies some of these, drawn with a fixed seed. The rewrites were written from the
sample's texts and the forms a review uses, before the extractor was run on them. Where a
review's effect cannot be found by its labelled numbers, the effect is not rewritten (so the
variant keeps the sample's wording there).

Run ``PYTHONPATH=src python tests/evidence/sample_variants.py`` for the table (``-v`` lists the misses).
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LABELS = Path(__file__).resolve().parent / "labels.json"

THIN, NBSP, NNBSP = "\u2009", "\u00a0", "\u202f"
MINUSES = ["-", "\u2212", "\u2013"]

MEASURE_NAMES = {
    "fr": {
        "HR": ["HR", "hazard ratio", "HR ajusté", "rapport des risques instantanés (HR)", "aHR"],
        "RR": ["RR", "risque relatif", "RR ajusté"],
        "OR": ["OR", "odds ratio", "OR ajusté", "rapport de cotes"],
        "rate ratio": ["rate ratio", "rapport des taux", "rate ratio (RR)", "IRR"],
        "ARD": ["différence absolue", "différence de risque absolu", "ARD"],
        "MD": ["différence moyenne", "MD", "différence moyenne pondérée"],
    },
    "en": {
        "HR": ["HR", "hazard ratio", "adjusted HR", "hazard ratio (HR)"],
        "RR": ["RR", "relative risk", "risk ratio"],
        "OR": ["OR", "odds ratio", "adjusted OR"],
        "rate ratio": ["rate ratio", "IRR", "incidence rate ratio"],
        "ARD": ["absolute risk difference", "risk difference", "ARD"],
        "MD": ["mean difference", "MD", "difference in means"],
    },
}
DIFFERENCE_UNITS = {"fr": ["", " points", " points de pourcentage", " %"], "en": ["", " percentage points", "%"]}
CI_FORMS = {
    "fr": ["(IC 95% {a}–{b})", "(IC 95 % : {a} à {b})", "[IC95% {a} ; {b}]", "(IC95%: {a}-{b})",
           "(intervalle de confiance à 95 % {a}–{b})", "({a} à {b})", "[{a} ; {b}]", "; IC 95% {a} à {b}",
           "(95% IC {a}-{b})", ", IC à 95 % [{a} ; {b}]"],
    "en": ["(95% CI {a} to {b})", "(95% CI, {a}-{b})", "[95% CI {a}; {b}]", "(95% confidence interval {a} to {b})",
           "({a} to {b})", "; 95% CI {a}–{b}", "(CI 95% {a}-{b})"],
}
P_FORMS = {
    "<": ["p<{v}", "p < {v}", "P<{v}", "P < {v}"],
    "=": ["p={v}", "p = {v}", "P={v}", "P = {v}"],
    "NS": ["NS", "p=NS", "n.s.", "p = NS"],
}
DESIGN_WORDINGS = {
    # (a pattern finding the sample's wording of a tag, the other wordings of it)
    "rct": (r"(?i:essai randomisé contrôlé|essai randomisé|randomised controlled trial|randomized controlled trial|"
            r"randomised phase 3 trial|(?<![A-Za-z])ECR(?![A-Za-z])|(?<![A-Za-z])RCT(?![A-Za-z]))",
            {"fr": ["essai contrôlé randomisé", "ECR", "essai randomisé", "étude randomisée contrôlée", "RCT"],
             "en": ["randomized controlled trial", "RCT", "randomised trial", "randomized trial"]}),
    "open-label": (r"(?i:en ouvert|open-label)",
                   {"fr": ["en ouvert", "sans insu", "en open-label", "ouvert"], "en": ["open-label", "open label", "unblinded"]}),
    "multicentre": (r"(?i:multicentrique|multicentre|multicenter)",
                    {"fr": ["multicentrique", "multicentre"], "en": ["multicenter", "multicentre", "multi-centre"]}),
    "double-blind": (r"(?i:en double aveugle|double aveugle|double-blind)",
                     {"fr": ["en double insu", "en double aveugle", "double-aveugle", "en double-aveugle"],
                      "en": ["double-blind", "double-blinded", "double blind"]}),
    "non-inferiority": (r"(?i:non-infériorité|non-inferiority)",
                        {"fr": ["non-infériorité", "non infériorité"], "en": ["non-inferiority", "noninferiority"]}),
}
DISTRACTORS = {
    "fr": ["À l'inclusion, l'âge médian était de {age} ans (IQR {q1}–{q3}) et {pct} % étaient des femmes.",
           "Le suivi médian était de {fu} mois ; {lost} patient.e.s ont été perdu.e.s de vue.",
           "Parmi les critères secondaires, la mortalité à 90 jours était similaire (HR {h} ; IC 95% {hl}–{hh}).",
           "Les caractéristiques initiales étaient comparables : IMC moyen {bmi} kg/m², {pct} % de diabétiques."],
    "en": ["At baseline, the median age was {age} years (IQR {q1}-{q3}) and {pct}% were women.",
           "Median follow-up was {fu} months; {lost} patients were lost to follow-up.",
           "Among secondary outcomes, 90-day mortality was similar (HR {h}; 95% CI {hl}-{hh}).",
           "Baseline characteristics were balanced: mean BMI {bmi} kg/m², {pct}% with diabetes."],
}
_NAMING = re.compile(r"(?i:crit[èe]res? de jugement principa|issue primaire|critère principal|primary (?:end ?point|outcome))")
_MEASURE_TEXT = re.compile(
    r"(?i:hazard ratio|odds ratio|rate ratio|risque relatif|relative risk|diff[ée]rence(?: absolue| moyenne(?: pondérée)?)?|"
    r"mean difference)|(?<![A-Za-z])(?:a?HR|OR|RR|IRR|ARD|MD)(?![A-Za-z])")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÉÀÈÎ«(\[])")


def sample_cases() -> list[dict]:
    """The bundled sample's labelled reviews, parsed as `mia add` parses them."""
    from mia.importers import read_path

    cases = []
    for review_id, truth in json.loads(LABELS.read_text(encoding="utf-8")).items():
        review = read_path(REPO / "data" / "reviews" / f"{review_id}.txt").review
        sections = [(s.heading, s.text) for s in review.sections]
        lang = "en" if any(h.strip().lower() in ("methods", "results") for h, _ in sections) else "fr"
        cases.append({"id": review_id, "title": review.title or "", "sections": sections, "lang": lang,
                      "truth": {"design": truth.get("design") or [], "n": truth.get("n"),
                                "primary": truth.get("primary")}})
    return cases


# --- numbers ----------------------------------------------------------------------------------


def _number_pattern(x: float) -> str:
    text = f"{abs(x):g}"
    whole, _, decimals = text.partition(".")
    body = re.escape(whole) + (r"[.,]" + re.escape(decimals) + "0*" if decimals else r"(?:[.,]0+)?")
    sign = r"[-\u2212\u2013]\s?" if x < 0 else ""
    return r"(?<![\d.,])" + sign + body + r"(?![\d])"


def _write_number(rng: random.Random, x: float, comma: bool, digits: int | None = None) -> str:
    digits = digits if digits is not None else max(len(f"{abs(x):g}".partition(".")[2]), 1 if abs(x) < 10 else 0)
    text = f"{abs(x):.{digits}f}"
    if comma:
        text = text.replace(".", ",")
    return (rng.choice(MINUSES) if x < 0 else "") + text


def _thousands(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


# --- the rewrites -----------------------------------------------------------------------------


def _effect_span(text: str, primary: dict) -> tuple[int, int] | None:
    """Where the labelled primary effect is written: from its measure's name to its p-value."""
    if primary.get("ci_low") is None:
        return None
    pattern = (_number_pattern(primary["value"]) + r"(?:[^.\]]|\.(?=\d)){0,40}?" + _number_pattern(primary["ci_low"])
               + r"\s*(?:-|\u2013|\u2014|\u2212|à|to|;|,)\s*" + _number_pattern(primary["ci_high"]))
    found = re.search(pattern, text)
    if not found:
        return None
    names = list(_MEASURE_TEXT.finditer(text, max(0, found.start() - 45), found.start()))
    if not names:
        return None
    start, end = names[0].start(), found.end()
    opened = text[start:end].count("(") - text[start:end].count(")") + text[start:end].count("[") - text[start:end].count("]")
    while opened > 0 and end < len(text) and text[end] in ")] ":
        opened -= text[end] in ")]"
        end += 1
    p = primary.get("p")
    if p:
        p_re = r"(?:NS(?![A-Za-z])|n\.s\.|(?i:p\s*[-\s]?(?:value)?\s*[<=>≤]\s*(?:NS|0?[.,]\d+)))"
        tail = re.match(r"[\s,;:)\]]{0,6}(" + p_re + r")", text[end:end + 30])
        if tail:
            end += tail.end()
    return start, end


def _write_effect(rng: random.Random, primary: dict, lang: str, bracketed: bool = False) -> str:
    measure = primary["measure"]
    comma = lang == "fr" and rng.random() < 0.7
    name = rng.choice(MEASURE_NAMES[lang][measure])
    unit = rng.choice(DIFFERENCE_UNITS[lang]) if measure in ("ARD", "MD") and measure != "MD" else ""
    value = _write_number(rng, primary["value"], comma)
    low, high = (_write_number(rng, primary[k], comma) for k in ("ci_low", "ci_high"))
    form = rng.choice(CI_FORMS[lang])
    if (primary["ci_low"] < 0 or primary["ci_high"] < 0) and re.search(r"\{a\}\s*[-–]\s*\{b\}", form):
        form = form.replace("}–{", "} à {" if lang == "fr" else "} to {").replace("}-{", "} à {" if lang == "fr" else "} to {")
    ci = form.format(a=low, b=high)
    p_text = ""
    p = primary.get("p")
    if p:
        if p == "NS":
            p_text = rng.choice(P_FORMS["NS"])
        else:
            comparator = "<" if p.startswith("<") else "="
            number = p.lstrip("<=>")
            written = number.replace(".", ",") if comma else number
            if rng.random() < 0.2 and written.startswith(("0.", "0,")) and not comma:
                written = written[1:]  # P < .001
            p_text = rng.choice(P_FORMS[comparator]).format(v=written)
    if lang == "fr" and rng.random() < 0.5:  # French typography: no-break spaces before % : ; and around <
        ci = re.sub(r" ?([%:;])", NBSP + r"\1", ci)
        p_text = p_text.replace(" < ", NBSP + "<" + NBSP).replace("<", NBSP + "<" + NBSP) if "<" in p_text else p_text
        p_text = p_text.replace(NBSP + NBSP, NBSP)
    shape = rng.choice(["plain", "brackets", "semicolons"])
    if bracketed and shape == "brackets":  # already inside brackets: not a second pair
        shape = "plain"
    sep = " " if ci.startswith(("(", "[")) else ""
    if shape == "brackets" and not ci.startswith(";"):
        return f"[{name} {value}{unit}{sep}{ci}" + (f" ; {p_text}]" if p_text else "]")
    if shape == "semicolons" or ci.startswith(";"):
        return f"{name} {value}{unit}{sep}{ci}" + (f" ; {p_text}" if p_text else "")
    return f"{name} {value}{unit}{sep}{ci}" + (f", {p_text}" if p_text else "")


def _rewrite_effect(rng, sections, case) -> bool:
    primary = case["truth"]["primary"]
    if not primary:
        return False
    for i, (heading, text) in enumerate(sections):
        span = _effect_span(text, primary)
        if span:
            new = _write_effect(rng, primary, case["lang"], bracketed=text[:span[0]].rstrip()[-1:] in "([")
            sections[i] = (heading, text[:span[0]] + new + text[span[1]:])
            return True
    return False


def _rewrite_n(rng, sections, case) -> bool:
    n = case["truth"]["n"]
    if not n:
        return False
    pattern = re.compile(r"(?<![\d.,])" + r"[ \u00a0\u202f\u2009,']?".join(re.escape(g) for g in _groups(n)) + r"(?![\d]|[.,]\d)")
    separators = [" ", NBSP, NNBSP, THIN] + ([","] if case["lang"] == "en" else [])
    done = False
    for i, (heading, text) in enumerate(sections):
        if pattern.search(text):
            written = _thousands(n, rng.choice(separators)) if n >= 1000 else str(n)
            text = pattern.sub(written, text)
            text = re.sub(r"(?<![A-Za-z])N\s*=\s*(?=\d)", lambda m: rng.choice(["N = ", "n = ", "N total = ", "n="]), text, count=1)
            sections[i] = (heading, text)
            done = True
    return done


def _groups(n: int) -> list[str]:
    text = str(n)
    head = len(text) % 3 or 3
    return [text[:head]] + [text[k:k + 3] for k in range(head, len(text), 3)]


def _rewrite_design(rng, sections, case) -> bool:
    done = False
    for tag in case["truth"]["design"]:
        if tag not in DESIGN_WORDINGS:
            continue
        pattern, wordings = DESIGN_WORDINGS[tag]
        for i, (heading, text) in enumerate(sections):
            if not re.search(r"(?i)m[ée]thod|design", heading):
                continue
            match = re.search(pattern, text)
            if match:
                lang = case["lang"] if rng.random() < 0.8 else rng.choice(["fr", "en"])
                word = rng.choice(wordings[lang])
                if match.start() == 0 or text[match.start() - 2:match.start()].strip() in (".", ""):
                    word = word[:1].upper() + word[1:]
                sections[i] = (heading, text[:match.start()] + word + text[match.end():])
                done = True
                break
    return done


def _results_index(sections) -> int | None:
    for i, (heading, _) in enumerate(sections):
        if re.search(r"(?i)r[ée]sultat|result", heading):
            return i
    return None


def _add_distractors(rng, sections, case) -> bool:
    at = _results_index(sections)
    if at is None:
        return False
    chosen = rng.sample(DISTRACTORS[case["lang"]], rng.randint(1, 2))
    h = rng.choice([0.97, 1.04, 0.88])
    values = dict(age=rng.randint(55, 78), q1=rng.randint(40, 54), q3=rng.randint(79, 88), pct=rng.randint(25, 60),
                  fu=rng.choice([12, 18, 24, 36]), lost=rng.randint(3, 40), bmi=rng.choice(["27,4", "29,1"]),
                  h=h, hl=round(h - 0.15, 2), hh=round(h + 0.17, 2))
    text = " ".join(s.format(**values) for s in chosen)
    if case["lang"] == "fr":
        text = re.sub(r"(\d)\.(\d)", r"\1,\2", text)
    heading, body = sections[at]
    sections[at] = (heading, text + " " + body)
    return True


def _move_primary(rng, sections, case) -> bool:
    primary = case["truth"]["primary"]
    if not primary:
        return False
    for i, (heading, text) in enumerate(sections):
        span = _effect_span(text, primary)
        if not span:
            continue
        sentences = _SENTENCE_END.split(text)
        position = 0
        for k, sentence in enumerate(sentences):
            position = text.find(sentence, position)
            if position <= span[0] < position + len(sentence):
                break
        else:
            return False
        if not _NAMING.search(sentences[k]):
            return False  # named in another sentence: moving one of the two would part them
        moved = sentences.pop(k)
        if rng.random() < 0.5 or i + 1 >= len(sections):
            sections[i] = (heading, " ".join(sentences + [moved]))
        else:
            sections[i] = (heading, " ".join(sentences))
            following, after = sections[i + 1]
            sections[i + 1] = (following, moved + " " + after)
        return True
    return False


def _reorder_methods(rng, sections, case) -> bool:
    for i, (heading, text) in enumerate(sections):
        if re.search(r"(?i)m[ée]thod", heading):
            sentences = _SENTENCE_END.split(text)
            if len(sentences) < 3:
                return False
            shuffled = sentences[:]
            while shuffled == sentences:
                rng.shuffle(shuffled)
            sections[i] = (heading, " ".join(shuffled))
            return True
    return False


REWRITES = (("effect", _rewrite_effect), ("n", _rewrite_n), ("design", _rewrite_design),
            ("distractors", _add_distractors), ("moved", _move_primary), ("reordered", _reorder_methods))


def build_variants(per_review: int = 15, seed: int = 20251206) -> list[dict]:
    """`per_review` variants of each labelled sample review (fixed seed): their truth is the
    review's labels; `rewrites` names what was rewritten."""
    rng = random.Random(seed)
    variants = []
    for case in sample_cases():
        for k in range(per_review):
            sections = list(case["sections"])
            applied = []
            wanted = [name for name, _ in REWRITES if rng.random() < 0.6] or [rng.choice(REWRITES)[0]]
            for name, rewrite in REWRITES:
                if name in wanted and rewrite(rng, sections, case):
                    applied.append(name)
            variants.append({"id": f"{case['id']}~{k}", "title": case["title"], "sections": sections,
                             "truth": case["truth"], "rewrites": applied})
    return variants


if __name__ == "__main__":  # pragma: no cover - the table of docs/EVIDENCE.md
    import sys

    import evidence_cases
    from mia.evidence.extract import extract_key_results

    for name, cases in (("sample", sample_cases()), ("variants", build_variants())):
        table = evidence_cases.score(cases, extract_key_results)
        print(f"{name}: {table['_cases']} cases")
        print(evidence_cases.format_table(table))
        if "-v" in sys.argv:
            for case_id, what in table["_misses"]:
                print(" ", case_id, what)
    if "-r" in sys.argv:
        from collections import Counter

        print(Counter(name for v in build_variants() for name in v["rewrites"]))
