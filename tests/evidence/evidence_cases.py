"""A labelled set of review texts with known key results, and the scores of an extractor on it.

``build_cases()`` writes reviews in the club's style from parts drawn at random
(with a fixed seed): French or English, design wordings, the forms of N with
their thousands separators, decimal commas or points, the forms of confidence
intervals and p-values, the primary outcome's sentence placed after baseline
numbers or a secondary effect, sometimes split over two sentences, and noise
(percentages, ages, years, doses, counts of events, other studies). Since the
text is written from the truth, the truth is known exactly.

``score(cases, extract)`` gives per-field precision and recall.

Run ``python tests/evidence/evidence_cases.py`` (with ``PYTHONPATH=src``) to
print the table that docs/EVIDENCE.md quotes.
"""

from __future__ import annotations

import math
import random

SEED_SECTIONS = [
    (
        "Introduction",
        "La TPI se caractérise par une consommation accrue des plaquettes et une diminution de leur production sur "
        "atteinte auto-immune, touchant l’immunité cellulaire (cellules T cytotoxiques auto réactives) et humorale "
        "(auto-anticorps), dont la pathogénèse n’est pas complètement élucidée. La première ligne thérapeutique "
        "comporte des glucocorticoïdes (GC) avec un taux de réponse d’environ 20-30% et une rémission complète au "
        "long cours de 20%. En cas d’échec, les alternatives sont les agonistes du TPO, le rituximab et la "
        "splénectomie. Cette étude s’intéresse à l’utilisation de mycophenolate-mofetil (MMF) en combinaison avec "
        "des GC comme première ligne thérapeutique comparée aux GC seuls.",
    ),
    (
        "Méthode",
        "Etude multicentrique, open-label, RCT 1 :1 (groupe MMF et GC vs. GC seuls). N= 120. Critères "
        "d’inclusion : >16 ans, TPI 1aire ou 2aire, taux plaquettaire <30 G/l. Critères d’exclusion  : "
        "grossesse/allaitement  ; infection VIH, HBV et HCV  ; immunodéficience commune variable, ou "
        "contre-indications aux molécules (MMF/GC). Issue primaire  : échec thérapeutique (Plaquettes <30 G/l et "
        "nécessité de traitement de 2  ligne) calculé en time-to-event. Issues secondaires  : effets 2aires "
        "médicamenteux, hémorragies, réponse thérapeutique, nécessité de traitement de rattrapage et qualité e vie.",
    ),
    (
        "Résultats",
        "L’issue primaire est survenue chez 22% des patient.e.s du groupe MMF vs. 44% du groupe GC seuls [HR 0.41 "
        "(95% IC 0.21-0.80) ; p=0.008]. Parmi les issues secondaires, notons une meilleure réponse chez les "
        "patient.e.s traité.e.s avec MMF en première ligne (6.8% des cas réfractaires vs. 24.6% dans le groupe GC) "
        "mais avec réponse thérapeutique à 2 semaines similaire. Les patient.e.s du groupe MMF rapportent plus "
        "facilement de la fatigue et ont des scores relatifs à l’état de santé plus bas. A noter qu’il n’y avait "
        "pas plus d’évènements indésirables dans le groupe MMF, notamment pas plus d’infections ni d’hémorragies.",
    ),
    (
        "Discussion",
        "Cette étude montre une meilleure efficacité du traitement combiné MMF + GC par rapport au traitement "
        "initial habituel de GC seuls, avec plus faible nombre de cas réfractaires. Cela pourrait changer la prise "
        "en charge de la TPI prochainement, notamment dans les cas réfractaires aux GC seuls où l’ajout du MMF "
        "devrait être considéré comme 1  alternative. Ces résultats sont à pondérer chez les patient.e.s souffrant "
        "d’un TPI secondaire, très peu représentés dans l’échantillon.",
    ),
]
SEED_TRUTH = {
    "design": ["rct", "open-label", "multicentre"],
    "n": 120,
    "primary": {"measure": "HR", "value": 0.41, "ci_low": 0.21, "ci_high": 0.8, "p": "0.008"},
}


def seed_case() -> dict:
    return {
        "id": "mia_review_40",
        "lang": "fr",
        "title": "Thrombocytopénie immune: A new hope!",
        "sections": list(SEED_SECTIONS),
        "truth": SEED_TRUTH,
    }


# ---------------------------------------------------------------------------
# Parts
# ---------------------------------------------------------------------------

DESIGN_WORDS = {
    "fr": {
        "rct": ["essai randomisé contrôlé", "ECR", "étude randomisée", "essai randomisé", "RCT",
                "essai contrôlé randomisé", "étude randomisée contrôlée"],
        "double-blind": ["en double aveugle", "double aveugle", "en double insu", "double-blind"],
        "open-label": ["en ouvert", "ouvert", "open-label"],
        "multicentre": ["multicentrique"],
        "single-centre": ["monocentrique"],
        "non-inferiority": ["de non-infériorité"],
        "cluster": ["randomisé en grappes", "cluster-randomisé"],
        "crossover": ["en cross-over", "en chassé-croisé", "crossover"],
    },
    "en": {
        "rct": ["randomised controlled trial", "randomized trial", "RCT", "randomised trial"],
        "double-blind": ["double-blind", "double blind"],
        "open-label": ["open-label", "open label"],
        "multicentre": ["multicentre", "multicenter", "multi-centre"],
        "single-centre": ["single-centre", "single-center"],
        "non-inferiority": ["non-inferiority"],
        "cluster": ["cluster-randomised", "cluster randomized"],
        "crossover": ["crossover", "cross-over"],
    },
}

OUTCOMES = {
    "fr": ["échec thérapeutique", "décès toutes causes", "hospitalisation pour insuffisance cardiaque",
           "récidive d’AVC", "exacerbation sévère", "infection du site opératoire", "survie sans progression",
           "événement cardiovasculaire majeur", "rémission clinique", "thrombose veineuse"],
    "en": ["treatment failure", "death from any cause", "hospitalisation for heart failure", "recurrent stroke",
           "severe exacerbation", "surgical site infection", "progression-free survival",
           "major adverse cardiovascular events", "clinical remission", "venous thrombosis"],
}
CONTINUOUS = {
    "fr": ["le score de qualité de vie", "l’HbA1c à 12 mois", "la pression artérielle systolique",
           "le score de douleur à 6 mois", "la durée d’hospitalisation"],
    "en": ["the quality-of-life score", "HbA1c at 12 months", "systolic blood pressure",
           "the pain score at 6 months", "the length of stay"],
}
SECONDARY_TOPICS = {
    "fr": ["la mortalité à 90 jours", "les hospitalisations", "les hémorragies majeures", "les infections",
           "la réponse complète", "les effets indésirables graves", "la qualité de vie"],
    "en": ["mortality at 90 days", "hospitalisations", "major bleeding", "infections", "complete response",
           "serious adverse events", "quality of life"],
}
MEASURE_WORDS = {
    "fr": {
        "HR": ["HR", "hazard ratio", "HR ajusté", "rapport des risques instantanés"],
        "RR": ["RR", "risque relatif", "risk ratio"],
        "OR": ["OR", "odds ratio", "rapport de cotes"],
        "rate ratio": ["rate ratio", "rapport des taux", "IRR"],
        "MD": ["différence moyenne", "MD", "mean difference"],
        "ARD": ["différence de risque absolu", "ARD", "différence absolue"],
    },
    "en": {
        "HR": ["HR", "hazard ratio", "adjusted HR"],
        "RR": ["RR", "relative risk", "risk ratio"],
        "OR": ["OR", "odds ratio", "adjusted OR"],
        "rate ratio": ["rate ratio", "IRR", "incidence rate ratio"],
        "MD": ["mean difference", "MD"],
        "ARD": ["absolute risk difference", "ARD", "risk difference"],
    },
}
SPACES = [" ", "\u00a0", "\u202f", "\u2009", ""]
MINUS = ["-", "\u2212"]


class _Writer:
    """Formats numbers one way throughout a review (decimal comma or point, one minus sign)."""

    def __init__(self, rng: random.Random, lang: str):
        self.rng = rng
        self.lang = lang
        self.comma = lang == "fr" and rng.random() < 0.6
        self.minus = rng.choice(MINUS)

    def num(self, x: float, digits: int) -> str:
        text = f"{abs(x):.{digits}f}"
        if self.comma:
            text = text.replace(".", ",")
        return (self.minus if x < 0 else "") + text

    def thousands(self, n: int) -> str:
        if n < 1000:
            return str(n)
        if self.lang == "en" and self.rng.random() < 0.5:
            return f"{n:,}"
        sep = self.rng.choice(SPACES)
        return f"{n:,}".replace(",", sep)


def _pick_design(rng: random.Random) -> tuple[str, list[str]]:
    r = rng.random()
    if r < 0.68:
        tags = ["rct"]
        blind = rng.choice(["double-blind", "open-label", None, None])
        if blind:
            tags.append(blind)
        centre = rng.choice(["multicentre", "single-centre", "multicentre", None])
        if centre:
            tags.append(centre)
        extra = rng.random()
        if extra < 0.15:
            tags.append("non-inferiority")
        elif extra < 0.23:
            tags.append("cluster")
        elif extra < 0.31:
            tags.append("crossover")
        return "rct", tags
    if r < 0.80:
        return "cohort", ["cohort"] + (["multicentre"] if rng.random() < 0.4 else [])
    if r < 0.87:
        return "case-control", ["case-control"]
    if r < 0.95:
        return "meta-analysis", ["meta-analysis"]
    return "none", []


def _design_sentence(rng: random.Random, lang: str, kind: str, tags: list[str]) -> str:
    words = DESIGN_WORDS[lang]
    if kind == "rct":
        core = rng.choice(words["rct"])
        if "cluster" in tags:
            core = rng.choice(words["cluster"]) if lang == "en" else f"essai {rng.choice(words['cluster'])}"
            if lang == "en":
                core += " trial"
        extras = [rng.choice(words[t]) for t in tags if t not in ("rct", "cluster")]
        rng.shuffle(extras)
        if lang == "fr":
            style = rng.randrange(3)
            if style == 0:
                return f"Etude {', '.join(extras + [core]) if extras else core} 1:1 (groupe A vs. groupe B)."
            if style == 1:
                return f"Il s’agit d’un {core} {' '.join(extras)}.".replace(" .", ".")
            # (a count of countries states a multicentre trial: only where the tags have it)
            where = "mené dans 14 pays" if "multicentre" in tags else "mené en France"
            return f"{core[0].upper() + core[1:]}{', ' + ', '.join(extras) if extras else ''}, {where}."
        style = rng.randrange(2)
        if style == 0:
            phrase = ", ".join(extras + [core])
            where = "in 14 countries" if "multicentre" in tags else "in France"
            return f"{phrase[0].upper() + phrase[1:]} {where}."
        return f"This was a {' '.join(extras + [core])} comparing drug A with placebo."
    if kind == "cohort":
        multi = "multicentre" in tags
        if lang == "fr":
            base = rng.choice(["Étude de cohorte prospective", "Cohorte rétrospective", "Étude de cohorte"])
            return base + (" multicentrique" if multi else "") + " menée dans des hôpitaux universitaires."
        base = rng.choice(["Prospective cohort study", "Retrospective cohort study", "Cohort study"])
        return ("Multicentre " + base[0].lower() + base[1:] if multi else base) + " in teaching hospitals."
    if kind == "case-control":
        return ("Étude cas-témoins nichée dans un registre national." if lang == "fr"
                else "Case-control study nested in a national registry.")
    if kind == "meta-analysis":
        return (f"Méta-analyse de {rng.randint(6, 40)} essais randomisés en double aveugle." if lang == "fr"
                else f"Meta-analysis of {rng.randint(6, 40)} double-blind randomised trials.")
    return rng.choice(["Analyse des données d’un registre hospitalier.",
                       "Étude observationnelle non randomisée, menée dans un registre hospitalier."] if lang == "fr"
                      else ["Analysis of the data of a hospital registry.",
                            "Observational, non-randomised analysis of a hospital registry."])


def _n_sentence(rng: random.Random, w: _Writer, n: int, kind: str) -> str:
    num = w.thousands(n)
    lang = w.lang
    if kind != "rct":
        if lang == "fr":
            return rng.choice([f"Au total, {num} patients ont été inclus.", f"N = {num}.", f"{num} participants.",
                               f"{num} patients ont été inclus, dont {w.thousands(n // 2)} femmes."])
        return rng.choice([f"A total of {num} patients were included.", f"N = {num}.",
                           f"{num} participants were included."])
    if lang == "fr":
        forms = [
            f"N= {num}.", f"N = {num}.", f"N={num}.", f"n={num}.",
            f"{num} patient.e.s randomisé.e.s.", f"{num} patients ont été inclus.",
            f"{num} participants.", f"Au total, {num} patients ont été randomisés.",
            f"{num} adultes ont été randomisés (1:1).",
        ]
    else:
        forms = [
            f"N = {num}.", f"{num} patients were randomised.", f"The trial randomised {num} patients.",
            f"{num} participants were enrolled.", f"A total of {num} adults were included.",
        ]
    return rng.choice(forms)


def _p_text(rng: random.Random, w: _Writer) -> tuple[str | None, str]:
    choice = rng.choice(["0.008", "<0.001", "0.03", "0.21", "NS", None, "0.002", "0.047"])
    if choice is None:
        return None, ""
    if choice == "NS":
        return "NS", rng.choice(["NS", "p=NS", "p = NS"])
    comparator = "<" if choice.startswith("<") else "="
    digits = choice.lstrip("<")
    if w.lang == "en" and rng.random() < 0.2:
        digits = digits[1:]  # ".001"
    if w.comma:
        digits = digits.replace(".", ",")
    spaced = rng.random() < 0.5
    letter = "P" if w.lang == "en" and rng.random() < 0.4 else "p"
    return choice, f"{letter}{' ' if spaced else ''}{comparator}{' ' if spaced else ''}{digits}"


def _effect(rng: random.Random, measure: str) -> tuple[float, float, float]:
    if measure in ("MD", "ARD"):
        scale = 8.0 if measure == "MD" else 12.0
        value = 0.0
        while abs(value) < 0.3:
            value = round(rng.uniform(-scale, scale * 0.5), 1)
        half = rng.uniform(0.4, 4.0)
        low, high = round(value - half * rng.uniform(0.6, 1.4), 1), round(value + half * rng.uniform(0.6, 1.4), 1)
        if not low < value < high:
            low, high = round(value - 1.0, 1), round(value + 1.0, 1)
        return value, low, high
    value = round(rng.uniform(0.3, 1.8), 2)
    spread = rng.uniform(0.08, 0.6)
    low, high = round(value * math.exp(-spread), 2), round(value * math.exp(spread), 2)
    if not low < value < high:
        low, high = round(value - 0.05, 2), round(value + 0.05, 2)
    return value, low, high


def _ci_text(rng: random.Random, w: _Writer, low: float, high: float, digits: int) -> str:
    lo, hi = w.num(low, digits), w.num(high, digits)
    negative = low < 0 or high < 0
    if w.lang == "fr":
        forms = [f"IC 95% {lo} à {hi}", f"IC95% [{lo} ; {hi}]", f"IC 95 % : {lo} à {hi}", f"[{lo} ; {hi}]"]
        if not negative:
            forms += [f"95% IC {lo}-{hi}", f"IC 95% {lo}\u2013{hi}", f"({lo}-{hi})"]
        if not w.comma:
            forms += [f"95% CI {lo} to {hi}"]
    else:
        forms = [f"95% CI {lo} to {hi}", f"95% CI, {lo} to {hi}", f"[{lo}; {hi}]"]
        if not negative:
            forms += [f"95% CI {lo}-{hi}", f"95% CI {lo}\u2013{hi}", f"({lo}-{hi})"]
    return rng.choice(forms)


def _effect_text(rng: random.Random, w: _Writer, measure: str, with_ci: bool = True):
    """(truth dict, inline text such as "[HR 0,41 (IC 95% 0,21-0,80) ; p=0,008]")."""
    value, low, high = _effect(rng, measure)
    digits = 1 if measure in ("MD", "ARD") else 2
    word = rng.choice(MEASURE_WORDS[w.lang][measure])
    p, p_text = _p_text(rng, w)
    ci = _ci_text(rng, w, low, high, digits) if with_ci else ""
    v = w.num(value, digits)
    if measure == "ARD" and rng.random() < 0.4:
        v += " %"
    link = rng.choice(["", "=", ":", "de" if w.lang == "fr" else "of"])
    head = f"{word} {link + ' ' if link else ''}{v}"
    sep = "; " if w.comma or rng.random() < 0.5 else ", "
    parts = [head] + ([ci] if ci else []) + ([p_text] if p_text else [])
    style = rng.randrange(3)
    if style == 0:
        inner = f"{head} ({ci})" if ci and ci[0] not in "([" else (f"{head} {ci}" if ci else head)
        text = "[" + inner + (f" ; {p_text}" if p_text else "") + "]"
    elif style == 1:
        text = "(" + sep.join(parts) + ")"
    else:
        text = "(" + ", ".join(parts) + ")" if not w.comma else "(" + " ; ".join(parts) + ")"
    truth = {"measure": measure, "value": value, "ci_low": low if with_ci else None,
             "ci_high": high if with_ci else None, "p": p}
    return truth, text


def _measure(rng: random.Random) -> str:
    return rng.choices(["HR", "RR", "OR", "rate ratio", "MD", "ARD"], weights=[35, 15, 12, 8, 18, 12])[0]


# ---------------------------------------------------------------------------
# One review
# ---------------------------------------------------------------------------


def _noise_intro(rng: random.Random, lang: str) -> list[str]:
    year = rng.randint(1995, 2022)
    if lang == "fr":
        pool = [
            f"La maladie touche environ {rng.randint(2, 30)}% de la population de plus de {rng.randint(50, 80)} ans.",
            f"Depuis {year}, {rng.randint(2, 9)} essais ont évalué cette question.",
            f"Une méta-analyse antérieure d’études non randomisées suggérait un bénéfice (OR 0,{rng.randint(50, 90)}).",
            f"Les études précédentes, en double aveugle, avaient inclus {rng.randint(200, 900)} patients au total.",
            f"La dose usuelle est de {rng.choice([40, 80, 120, 500])} mg par jour.",
        ]
    else:
        pool = [
            f"The disease affects about {rng.randint(2, 30)}% of people over {rng.randint(50, 80)} years.",
            f"Since {year}, {rng.randint(2, 9)} trials have addressed the question.",
            f"A previous meta-analysis of non-randomised studies suggested a benefit (OR 0.{rng.randint(50, 90)}).",
            f"Earlier double-blind trials had enrolled {rng.randint(200, 900)} patients in total.",
            f"The usual dose is {rng.choice([40, 80, 120, 500])} mg a day.",
        ]
    rng.shuffle(pool)
    return pool[: rng.randint(2, 4)]


def _noise_methods(rng: random.Random, lang: str, tags: list[str]) -> list[str]:
    if lang == "fr":
        pool = [
            f"Critères d’inclusion : ≥{rng.randint(16, 75)} ans, DFG >{rng.randint(15, 60)} ml/min.",
            f"Entre {rng.randint(2005, 2015)} et {rng.randint(2016, 2022)}, le recrutement a eu lieu dans "
            + (f"{rng.randint(3, 120)} centres." if "multicentre" in tags else "le service de l'auteur."),
            f"Suivi médian de {rng.randint(6, 60)} mois.",
            f"Le traitement était administré à la dose de {rng.choice([2, 10, 20, 1000])} mg/kg.",
        ]
        if "open-label" in tags or ("rct" in tags and "double-blind" not in tags):
            pool.append("Le traitement n’était pas administré en double aveugle.")
    else:
        pool = [
            f"Inclusion criteria: age ≥{rng.randint(16, 75)} years, eGFR >{rng.randint(15, 60)} ml/min.",
            f"Between {rng.randint(2005, 2015)} and {rng.randint(2016, 2022)}, patients were recruited in "
            + (f"{rng.randint(3, 120)} centres." if "multicentre" in tags else "the authors' department."),
            f"The median follow-up was {rng.randint(6, 60)} months.",
        ]
        if "open-label" in tags:
            pool.append("Outcome assessors were not blinded.")
    rng.shuffle(pool)
    return pool[: rng.randint(1, 3)]


def _baseline(rng: random.Random, w: _Writer) -> str:
    age = w.num(rng.uniform(40, 80), 1)
    if w.lang == "fr":
        return (f"L’âge moyen était de {age} ans, avec {rng.randint(20, 70)}% de femmes ; "
                f"{rng.randint(2, 40)} patients sont décédés avant la fin du suivi.")
    return (f"The mean age was {age} years and {rng.randint(20, 70)}% were women; "
            f"{rng.randint(2, 40)} patients died before the end of follow-up.")


def _secondary_sentence(rng: random.Random, w: _Writer, first: bool) -> str:
    topic = rng.choice(SECONDARY_TOPICS[w.lang])
    _, effect = _effect_text(rng, w, _measure(rng))
    if w.lang == "fr":
        lead = "Parmi les issues secondaires, " if first else rng.choice(["Concernant les critères secondaires, ", ""])
        verb = rng.choice(["était similaire", "était réduite", "n’était pas différente"])
        sentence = f"{lead}{topic} {verb} {effect}."
    else:
        lead = "Among secondary outcomes, " if first else rng.choice(["For the secondary outcomes, ", ""])
        verb = rng.choice(["was similar", "was reduced", "did not differ"])
        sentence = f"{lead}{topic} {verb} {effect}."
    if not lead:
        # A secondary sentence without the word "secondary" still has to say it is one.
        sentence = sentence[:-1] + (" (critère secondaire)." if w.lang == "fr" else " (secondary outcome).")
    return sentence[0].upper() + sentence[1:]


def _primary_sentences(rng: random.Random, w: _Writer, measure: str, outcome: str, shape: str):
    """(truth primary, sentences) for the primary outcome."""
    lang = w.lang
    a, b = rng.randint(5, 45), rng.randint(5, 45)
    with_ci = rng.random() > 0.06
    truth, effect = _effect_text(rng, w, measure, with_ci)
    if shape == "rates-only":
        p, p_text = _p_text(rng, w)
        tail = f" ({p_text})" if p_text else ""
        if lang == "fr":
            return None, [f"L’issue primaire est survenue chez {a}% des patients du groupe A vs. {b}% du groupe B{tail}."]
        return None, [f"The primary outcome occurred in {a}% of patients in group A and {b}% in group B{tail}."]
    if shape == "split":
        value = truth
        word = rng.choice(MEASURE_WORDS[lang][measure])
        digits = 1 if measure in ("MD", "ARD") else 2
        ci = _ci_text(rng, w, value["ci_low"], value["ci_high"], digits) if with_ci else ""
        p_value, p_text = _p_text(rng, w)
        value["p"] = p_value
        inner = "; ".join(x for x in (ci, p_text) if x)
        if lang == "fr":
            first = f"L’issue primaire est survenue chez {a}% des patients du groupe A vs. {b}% du groupe B."
            second = f"Le {word} était de {w.num(value['value'], digits)}{' (' + inner + ')' if inner else ''}."
        else:
            first = f"The primary outcome occurred in {a}% of patients in group A and {b}% in group B."
            second = f"The {word} was {w.num(value['value'], digits)}{' (' + inner + ')' if inner else ''}."
        return value, [first, second]
    if lang == "fr":
        forms = [
            f"L’issue primaire ({outcome}) est survenue chez {a}% des patients du groupe A vs. {b}% du groupe B {effect}.",
            f"Le critère de jugement principal, {outcome}, était significativement différent {effect}.",
            f"Concernant le critère principal, {outcome}, on observe {a}% vs. {b}% {effect}.",
            f"Objectif principal : {outcome} chez {a}% vs. {b}% {effect}.",
        ]
    else:
        forms = [
            f"The primary outcome ({outcome}) occurred in {a}% of patients in group A and {b}% in group B {effect}.",
            f"For the primary endpoint, {outcome}, the groups differed {effect}.",
            f"The primary outcome, {outcome}, was observed in {a}% vs. {b}% {effect}.",
        ]
    return truth, [rng.choice(forms)]


def make_case(rng: random.Random, number: int) -> dict:
    lang = "fr" if rng.random() < 0.7 else "en"
    w = _Writer(rng, lang)
    kind, tags = _pick_design(rng)
    n = rng.choice([rng.randint(24, 999), rng.randint(1000, 25000)]) if rng.random() > 0.08 else None
    measure = _measure(rng)
    if measure in ("MD",):
        outcome = rng.choice(CONTINUOUS[lang])
    else:
        outcome = rng.choice(OUTCOMES[lang])
    shape = rng.choices(["inline", "split", "rates-only", "unnamed"], weights=[70, 14, 8, 8])[0]

    intro = _noise_intro(rng, lang)
    methods = [_design_sentence(rng, lang, kind, tags)]
    if n is not None:
        if rng.random() < 0.15:
            screened = w.thousands(n + rng.randint(10, 900))
            methods.append(f"{screened} patients ont été évalués pour l’éligibilité." if lang == "fr"
                           else f"{screened} patients were screened.")
        methods.append(_n_sentence(rng, w, n, kind))
        if kind == "rct" and rng.random() < 0.2 and n > 40:
            half = w.thousands(n // 2)
            methods.append(f"Soit {half} patients par groupe." if lang == "fr" else f"That is {half} patients per group.")
    if kind == "rct" and rng.random() < 0.15:
        hr = w.num(rng.choice([0.75, 0.8, 0.7]), 2)
        methods.append(f"Le calcul de puissance supposait un HR de {hr} pour le critère principal." if lang == "fr"
                       else f"The trial was powered to detect an HR of {hr} for the primary outcome.")
    methods += _noise_methods(rng, lang, tags)
    if shape != "unnamed":
        methods.append(f"Issue primaire : {outcome}." if lang == "fr" else f"Primary outcome: {outcome}.")
        methods.append("Issues secondaires : mortalité, hospitalisations et qualité de vie." if lang == "fr"
                       else "Secondary outcomes: mortality, hospitalisations and quality of life.")

    results = []
    if rng.random() < 0.6:
        results.append(_baseline(rng, w))
    before = rng.random() < 0.35
    if before:
        results.append(_secondary_sentence(rng, w, True))
    elif rng.random() < 0.15:
        # An effect before the primary one, about an adherence or baseline comparison, no "secondary" word.
        _, effect = _effect_text(rng, w, rng.choice(["OR", "MD"]))
        results.append(f"L’observance était comparable entre les groupes {effect}." if lang == "fr"
                       else f"Adherence was comparable between groups {effect}.")
    if shape == "unnamed":
        truth_primary = None
        _, effect = _effect_text(rng, w, measure)
        results.append(f"Sur {outcome}, on observe {effect}." if lang == "fr"
                       else f"Regarding {outcome}, the result was {effect}.")
    else:
        truth_primary, primary = _primary_sentences(rng, w, measure, outcome, shape)
        results += primary
    for k in range(rng.randint(0, 2)):
        results.append(_secondary_sentence(rng, w, not before and k == 0))

    discussion = [
        "Étude bien menée, mais le suivi est court." if lang == "fr" else "A well-conducted trial with a short follow-up.",
    ]
    if rng.random() < 0.3:
        discussion.append(
            "Une étude précédente en ouvert avait montré un HR de 0,70 (IC 95% 0,55-0,89)." if lang == "fr"
            else "A previous open-label trial had shown an HR of 0.70 (95% CI 0.55-0.89).")

    headings = {
        "fr": (rng.choice(["Introduction", "Contexte"]), rng.choice(["Méthode", "Méthodes", "Matériel et méthodes"]),
               rng.choice(["Résultats", "RESULTATS"]), "Discussion"),
        "en": (rng.choice(["Introduction", "Background"]), rng.choice(["Methods", "Method"]), "Results", "Discussion"),
    }[lang]
    sections = [(headings[0], " ".join(intro)), (headings[1], " ".join(methods)),
                (headings[2], " ".join(results)), (headings[3], " ".join(discussion))]
    return {
        "id": f"gen-{number:03d}",
        "lang": lang,
        "title": f"Cas {number}",
        "sections": sections,
        "truth": {"design": [t for t in _ORDER if t in tags], "n": n, "primary": truth_primary},
    }


_ORDER = ("rct", "double-blind", "open-label", "multicentre", "single-centre", "non-inferiority", "cluster",
          "crossover", "cohort", "case-control", "meta-analysis")


def build_cases(count: int = 400, seed: int = 20250702) -> list[dict]:
    """The seed review, then ``count`` generated reviews (the same for the same seed)."""
    rng = random.Random(seed)
    return [seed_case()] + [make_case(rng, i) for i in range(count)] + build_variant_cases()


# ---------------------------------------------------------------------------
# Variants: wording classes met in the bundled sample (data/reviews), each
# written in forms other than the sample's, so that the rule added for a class
# is tested on more than the one review where it was seen.
# ---------------------------------------------------------------------------

VARIANT_CLASSES = ("rate-ratio-rr", "short-name", "co-primary", "ci-level", "word-link", "md-qualified",
                   "directional-points", "short-name-secondary-only")
# (outcome named in the methods, its short name, the results' wording of it)
SHORT_NAMES = {
    "fr": [("survie sans progression", "SSP", "La SSP médiane était de {a} mois vs {b} mois"),
           ("score de Rankin modifié", "mRS", "La distribution du mRS à 90 jours était déplacée"),
           ("évènements cardiovasculaires majeurs", "MACE", "MACE : {a} % vs {b} %"),
           ("syndrome de détresse respiratoire aiguë", "SDRA", "Un SDRA est survenu chez {a} % vs {b} %")],
    "en": [("progression-free survival", "PFS", "Median PFS was {a} months vs {b} months"),
           ("modified Rankin scale score", "mRS", "The mRS distribution at 90 days shifted"),
           ("major adverse cardiovascular events", "MACE", "MACE occurred in {a}% vs {b}%"),
           ("acute kidney injury", "AKI", "AKI occurred in {a}% vs {b}%")],
}
# (outcome named in the methods, results wording sharing one distinctive word with it)
WORD_LINKS = {
    "fr": [("diagnostic d’autisme", "Le risque d’autisme n’était pas plus élevé chez les exposés"),
           ("mortalité toutes causes à J28", "La mortalité à J28 était de {a} % vs {b} %"),
           ("intensité de la douleur", "Sur la douleur à court terme, le traitement était inefficace"),
           ("récidive de thrombose", "Une thrombose est réapparue chez {a} % vs {b} %")],
    "en": [("all-cause mortality at day 28", "Mortality at day 28 was {a}% vs {b}%"),
           ("incidence of delirium", "Delirium occurred in {a}% vs {b}%"),
           ("pain intensity on a 100-point scale", "For pain at 3 months, the groups did not differ")],
}


def _variant_effect(rng, w, measure, words, ci_forms=None, digits=None):
    value, low, high = _effect(rng, measure)
    digits = digits or (1 if measure in ("MD", "ARD") else 2)
    p, p_text = _p_text(rng, w)
    lo, hi = w.num(low, digits), w.num(high, digits)
    ci = rng.choice(ci_forms or ([f"IC 95% {lo} à {hi}", f"IC95% [{lo} ; {hi}]"] if w.lang == "fr"
                                 else [f"95% CI {lo} to {hi}", f"95% CI, {lo} to {hi}"])).format(lo=lo, hi=hi)
    text = f"{rng.choice(words)} {w.num(value, digits)} ({ci}{'; ' + p_text if p_text else ''})"
    return {"measure": measure, "value": value, "ci_low": low, "ci_high": high, "p": p}, text


def make_variant_case(rng: random.Random, number: int, cls: str) -> dict:
    lang = "fr" if rng.random() < 0.6 else "en"
    w = _Writer(rng, lang)
    fr = lang == "fr"
    n = rng.randint(100, 9000)
    tags = ["rct"] + rng.choice([["open-label"], ["double-blind"], []]) + rng.choice([["multicentre"], []])
    if cls == "directional-points":
        tags.append("non-inferiority")  # its methods state a non-inferiority margin
    methods = [_design_sentence(rng, lang, "rct", tags)]
    if rng.random() < 0.5:
        # A number glued to a name by a hyphen (COVID-19) is not a count of patients.
        methods.append(f"{w.thousands(n)} patients hospitalisés pour une COVID-19 ont été randomisés." if fr
                       else f"{w.thousands(n)} patients admitted with COVID-19 were randomised.")
    else:
        methods.append(_n_sentence(rng, w, n, "rct"))
    if rng.random() < 0.4:
        # Patients switching arms is not a crossover design.
        methods.append(rng.choice(["Le cross-over vers le bras A était autorisé à la progression.",
                                   "Les patients du groupe B pouvaient passer en crossover vers le traitement A."]
                                  if fr else ["Patients in group B could cross over to drug A at progression.",
                                              "Crossover to drug A was allowed at progression."]))
    a, b = w.num(rng.uniform(5, 40), 1), w.num(rng.uniform(5, 40), 1)
    results = [_baseline(rng, w)] if rng.random() < 0.5 else []
    primary = None
    if cls == "rate-ratio-rr":
        outcome = rng.choice(OUTCOMES[lang])
        methods.append(f"Critère de jugement principal : {outcome}." if fr else f"Primary outcome: {outcome}.")
        words = (["rate ratio ajusté sur l’âge (RR)", "rapport des taux d’incidence ajusté (RR)", "rate ratio, RR"]
                 if fr else ["age-adjusted rate ratio (RR)", "rate ratio adjusted for age (RR)", "rate ratio, RR"])
        primary, effect = _variant_effect(rng, w, "rate ratio", words)
        results.append(f"L’issue primaire est survenue chez {a} % vs {b} %, {effect}." if fr
                       else f"The primary outcome occurred in {a}% vs {b}%, {effect}.")
    elif cls in ("short-name", "co-primary", "short-name-secondary-only"):
        name, short, said = rng.choice(SHORT_NAMES[lang])
        if cls == "co-primary":
            methods.append(rng.choice([f"Critères de jugement principaux (co-primaires) : {name} ({short}) et décès.",
                                       f"Critères principaux : {name} ({short}) et qualité de vie."]) if fr
                           else f"Co-primary endpoints: {name} ({short}) and death.")
        else:
            methods.append(rng.choice([f"Critère de jugement principal : {name} ({short}) à 90 jours.",
                                       f"L’objectif principal était la {name} ({short})."]) if fr
                           else rng.choice([f"The primary endpoint was {name} ({short}), centrally assessed.",
                                            f"Primary outcome: {name} ({short}) at 90 days."]))
        measure = rng.choice(["HR", "OR"])
        words = {"HR": ["HR", "hazard ratio"], "OR": ["OR commun", "OR", "common OR"]}[measure]
        truth, effect = _variant_effect(rng, w, measure, words)
        lead = said.format(a=a, b=b)
        if cls == "short-name-secondary-only":
            # The short name comes back only in a secondary outcome: no primary effect is stated.
            primary = None
            results.append(f"L’issue primaire n’a pas été atteinte." if fr else "The primary outcome was not met.")
            results.append(f"{lead} (critère secondaire) : {effect}." if fr else f"{lead} (secondary outcome): {effect}.")
        else:
            primary = truth
            results.append(f"{lead} : {effect}." if fr else f"{lead} ({effect}).")
    elif cls == "ci-level":
        outcome = rng.choice(OUTCOMES[lang])
        forms = (["IC 95,02% {lo}–{hi}", "IC à 97,5 % {lo} à {hi}", "IC 99,5% [{lo} ; {hi}]"] if fr
                 else ["95.02% CI {lo}-{hi}", "97.5% CI, {lo} to {hi}", "99.5% CI {lo} to {hi}"])
        if w.comma:
            forms = [f for f in forms if "." not in f]
        elif fr:
            forms = [f.replace("95,02", "95.02").replace("97,5", "97.5").replace("99,5", "99.5") for f in forms]
        primary, effect = _variant_effect(rng, w, "HR", ["HR"], forms)
        methods.append(f"Issue primaire : {outcome}." if fr else f"Primary outcome: {outcome}.")
        results.append(f"Le critère de jugement principal est survenu chez {a} % vs {b} %, {effect}." if fr
                       else f"The primary outcome occurred in {a}% vs {b}%, {effect}.")
    elif cls == "word-link":
        name, said = rng.choice(WORD_LINKS[lang])
        methods.append(f"Critère de jugement principal : {name}, comparé entre les groupes." if fr
                       else f"Primary outcome: {name}, compared between groups.")
        primary, effect = _variant_effect(rng, w, rng.choice(["HR", "RR"]), ["HR"] if rng.random() < 0.5 else ["RR"])
        primary["measure"] = effect.split()[0]
        results.append(f"{said.format(a=a, b=b)} [{effect}].")
    elif cls == "md-qualified":
        outcome = rng.choice(CONTINUOUS[lang])
        methods.append(f"Critère de jugement principal : {outcome}." if fr else f"Primary outcome: {outcome}.")
        words = (["différence moyenne pondérée", "différence moyenne ajustée", "différence des moyennes"] if fr
                 else ["weighted mean difference", "adjusted mean difference", "difference in means"])
        value = -round(rng.uniform(0.3, 4.0), 1)
        low, high = round(value - rng.uniform(0.5, 3.0), 1), round(value + rng.uniform(0.5, 3.0), 1)
        p, p_text = _p_text(rng, w)
        lo, hi = w.num(low, 1), w.num(high, 1)
        ci = rng.choice([f"IC 95% {lo} à {hi}", f"IC95% [{lo} ; {hi}]"] if fr else [f"95% CI {lo} to {hi}"])
        primary = {"measure": "MD", "value": value, "ci_low": low, "ci_high": high, "p": p}
        tail = f", {p_text}" if p_text else ""
        results.append(f"Sur le critère de jugement principal, {rng.choice(words)} {w.num(value, 1)} ({ci}){tail}." if fr
                       else f"For the primary outcome, {rng.choice(words)} {w.num(value, 1)} ({ci}){tail}.")
    elif cls == "directional-points":
        outcome = rng.choice(OUTCOMES[lang])
        methods.append(f"Critère de jugement principal : {outcome}, marge de non-infériorité de 3 points." if fr
                       else f"Primary outcome: {outcome}, with a non-inferiority margin of 3 points.")
        size = round(rng.uniform(0.3, 4.0), 1)
        lower = rng.random() < 0.5
        value = -size if lower else size
        low, high = round(value - rng.uniform(0.5, 3.0), 1), round(value + rng.uniform(0.5, 3.0), 1)
        level = rng.choice(["90", "95"])
        lo, hi = w.num(low, 1), w.num(high, 1)
        if fr:
            word = rng.choice(["plus basse de", "plus faible de"] if lower else ["plus élevée de", "plus haute de"])
            unit = rng.choice(["point", "points", "points de pourcentage"])
            phrase = f"le critère principal était {word} {w.num(size, 1)} {unit} (IC {level} % {lo} à {hi})"
            results.append(f"En intention de traiter, {phrase} avec A qu’avec B.")
        else:
            word = "lower by" if lower else "higher by"
            unit = rng.choice(["points", "percentage points"])
            results.append(f"The primary outcome was {word} {w.num(size, 1)} {unit} ({level}% CI {lo} to {hi}) with A.")
        primary = {"measure": "ARD", "value": value, "ci_low": low, "ci_high": high, "p": None}
    results.append(_secondary_sentence(rng, w, True))
    sections = [("Introduction" if fr else "Background", " ".join(_noise_intro(rng, lang))),
                ("Méthodes" if fr else "Methods", " ".join(methods)),
                ("Résultats" if fr else "Results", " ".join(results)),
                ("Discussion", "Étude bien menée." if fr else "A well-conducted trial.")]
    return {"id": f"var-{cls}-{number:03d}", "lang": lang, "title": f"Variante {number}", "sections": sections,
            "truth": {"design": [t for t in _ORDER if t in tags], "n": n, "primary": primary}}


def build_variant_cases(per_class: int = 12, seed: int = 20250703) -> list[dict]:
    """``per_class`` reviews of each wording class in VARIANT_CLASSES (the same for the same seed)."""
    rng = random.Random(seed)
    return [make_variant_case(rng, i, cls) for cls in VARIANT_CLASSES for i in range(per_class)]


# ---------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------


def _same_number(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-6


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def score(cases: list[dict], extract) -> dict:
    """Per-field precision and recall of ``extract(sections, title)`` on labelled cases.

    design: micro-averaged over tags. n and primary: a prediction counts when not
    None, a truth when not None, a hit when both are equal. primary is equal as a
    whole when measure, value, interval and p all are; the fields measure, value,
    ci (both bounds) and p are also scored on their own, over the cases whose
    truth has a primary.
    """
    counts = {key: [0, 0, 0] for key in ("design", "n", "primary", "primary.measure", "primary.value",
                                          "primary.ci", "primary.p")}  # hits, predicted, true
    misses: list[tuple[str, str]] = []

    def count(key, predicted, true, hit):
        c = counts[key]
        c[0] += int(hit)
        c[1] += int(predicted)
        c[2] += int(true)

    for case in cases:
        truth = case["truth"]
        got = extract(case["sections"], case.get("title", ""))
        true_tags, got_tags = set(truth.get("design") or []), set(got.get("design") or [])
        counts["design"][0] += len(true_tags & got_tags)
        counts["design"][1] += len(got_tags)
        counts["design"][2] += len(true_tags)
        if true_tags != got_tags:
            misses.append((case["id"], f"design {sorted(got_tags)} != {sorted(true_tags)}"))
        tn, gn = truth.get("n"), got.get("n")
        count("n", gn is not None, tn is not None, tn is not None and gn == tn)
        if gn != tn:
            misses.append((case["id"], f"n {gn} != {tn}"))
        tp, gp = truth.get("primary"), got.get("primary")
        same = bool(tp and gp and tp.get("measure") == gp.get("measure")
                    and _same_number(tp.get("value"), gp.get("value"))
                    and _same_number(tp.get("ci_low"), gp.get("ci_low"))
                    and _same_number(tp.get("ci_high"), gp.get("ci_high"))
                    and (tp.get("p") or None) == (gp.get("p") or None))
        count("primary", gp is not None, tp is not None, same)
        if (tp is None) != (gp is None) or (tp and not same):
            misses.append((case["id"], f"primary {gp} != {tp}"))
        if tp is not None:
            gp = gp or {}
            count("primary.measure", gp.get("measure") is not None, True, gp.get("measure") == tp["measure"])
            count("primary.value", gp.get("value") is not None, tp.get("value") is not None,
                  tp.get("value") is not None and _same_number(gp.get("value"), tp.get("value")))
            true_ci = tp.get("ci_low") is not None
            got_ci = gp.get("ci_low") is not None
            count("primary.ci", got_ci, true_ci, true_ci and got_ci and _same_number(gp.get("ci_low"), tp["ci_low"])
                  and _same_number(gp.get("ci_high"), tp["ci_high"]))
            count("primary.p", gp.get("p") is not None, tp.get("p") is not None,
                  tp.get("p") is not None and gp.get("p") == tp.get("p"))
    table = {key: {"precision": _ratio(h, p), "recall": _ratio(h, t), "hits": h, "predicted": p, "true": t}
             for key, (h, p, t) in counts.items()}
    table["_misses"] = misses
    table["_cases"] = len(cases)
    return table


def format_table(table: dict) -> str:
    lines = ["| field | precision | recall | hits / predicted / true |", "|---|---|---|---|"]
    for key, row in table.items():
        if key.startswith("_"):
            continue
        lines.append(f"| {key} | {row['precision']:.3f} | {row['recall']:.3f} | "
                     f"{row['hits']} / {row['predicted']} / {row['true']} |")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - a report for the docs
    import sys

    from mia.evidence.extract import extract_key_results

    cases = build_cases()
    table = score(cases, extract_key_results)
    print(f"{table['_cases']} cases")
    print(format_table(table))
    if "-v" in sys.argv:
        for case_id, what in table["_misses"]:
            print(case_id, what)
