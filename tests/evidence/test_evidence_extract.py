"""extract_key_results: the labelled sets and their floors, the forms one by one, and bad inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import evidence_cases
import handwritten_cases
import sample_variants
from mia.evidence.extract import extract_key_results, split_sentences

REPO = Path(__file__).resolve().parents[2]
LABELS = Path(__file__).resolve().parent / "labels.json"
KEYS = {"design", "n", "primary", "secondary", "source", "flags", "checked", "extractor"}
EFFECT_KEYS = {"measure", "value", "ci_low", "ci_high", "p"}

# Floors, just under what was measured (docs/EVIDENCE.md has the table).
GENERATED_FLOOR = 0.99
HANDWRITTEN_FLOOR = 0.95
# labels.json: the bundled sample, written and labelled by another hand than the rules' author.
# First (blind) measure: design 0.98/1.00, n 0.95/0.95, primary 0.83/0.53 (precision/recall). Rules were
# then added for the wording classes of its misses (docs/EVIDENCE.md), so the sample now measures 1.00
# everywhere but is no longer blind. Floors just under that: a single new miss fails n or primary.
LABELS_FLOOR = {"design": 0.98, "n": 0.97, "primary": 0.97, "primary.measure": 0.97,
                "primary.value": 0.97, "primary.ci": 0.97, "primary.p": 0.97}

# sample_variants.py: 300 rewrites of the labelled sample (other wordings of the same facts). A first
# batch run blind on the extractor of version 1: design 1.000/0.992, n 0.986/1.000, primary
# 1.000/0.989, primary.p 1.000/0.988; its three rules were fixed (version 2). This second batch
# (reordered methods, French typography, new draws) measured 1.000 everywhere on its first run.
VARIANTS_FLOOR = 0.99

SCORED = ("design", "n", "primary", "primary.measure", "primary.value", "primary.ci", "primary.p")


def _check_floors(table: dict, floor: float | dict[str, float]) -> None:
    floors = floor if isinstance(floor, dict) else dict.fromkeys(SCORED, floor)
    low = {key: (round(table[key]["precision"], 3), round(table[key]["recall"], 3))
           for key in SCORED if min(table[key]["precision"], table[key]["recall"]) < floors[key]}
    assert not low, f"below {floor}: {low}\n{evidence_cases.format_table(table)}\n{table['_misses'][:20]}"


def _shape(result: dict) -> None:
    assert set(result) == KEYS
    assert result["checked"] is False
    assert set(result["source"]) == {"design", "n", "primary"}
    assert isinstance(result["flags"], list) and all(isinstance(f, str) for f in result["flags"])
    assert all(tag in evidence_cases._ORDER for tag in result["design"])
    assert result["design"] == [t for t in evidence_cases._ORDER if t in result["design"]]
    if result["primary"] is not None:
        assert set(result["primary"]) == EFFECT_KEYS
    for entry in result["secondary"]:
        assert set(entry) == EFFECT_KEYS | {"label"} and entry["label"]


# ---------------------------------------------------------------------------
# The seed review
# ---------------------------------------------------------------------------


def test_seed_review():
    case = evidence_cases.seed_case()
    result = extract_key_results(case["sections"], case["title"])
    _shape(result)
    assert result["design"] == ["rct", "open-label", "multicentre"]
    assert result["n"] == 120
    assert result["primary"] == {"measure": "HR", "value": 0.41, "ci_low": 0.21, "ci_high": 0.8, "p": "0.008"}
    assert result["source"]["n"] == "N= 120."
    assert "[HR 0.41" in result["source"]["primary"]
    assert result["source"]["design"].startswith("Etude multicentrique, open-label, RCT")
    assert result["flags"] == []


def test_seed_review_file_through_the_importer():
    try:
        from mia.importers import read_path
    except ImportError:  # the importers are being moved around
        pytest.skip("mia.importers.read_path is not importable")
    parsed = read_path(REPO / "data" / "reviews" / "mia_review_40.txt")
    sections = [(s.heading, s.text) for s in parsed.review.sections]
    result = extract_key_results(sections, parsed.review.title)
    assert result["design"] == evidence_cases.SEED_TRUTH["design"]
    assert result["n"] == 120
    assert result["primary"] == evidence_cases.SEED_TRUTH["primary"]
    # The section objects themselves are taken too.
    assert extract_key_results(parsed.review.sections)["primary"] == evidence_cases.SEED_TRUTH["primary"]


# ---------------------------------------------------------------------------
# Labelled sets
# ---------------------------------------------------------------------------


def test_generated_set_precision_recall():
    cases = evidence_cases.build_cases()
    assert len(cases) >= 301
    table = evidence_cases.score(cases, extract_key_results)
    print(evidence_cases.format_table(table))
    _check_floors(table, GENERATED_FLOOR)


def test_generated_set_is_stable_and_varied():
    a = evidence_cases.build_cases(50)
    b = evidence_cases.build_cases(50)
    assert [c["sections"] for c in a] == [c["sections"] for c in b]
    text = " ".join(t for c in evidence_cases.build_cases() for _, t in c["sections"])
    for form in ("\u00a0", "\u202f", "\u2009", "\u2212", "IC95% [", " à ", " to ", "p<0,001", "NS", "N= ",
                 "patient.e.s randomisé.e.s", "ont été inclus", "double insu", "chassé-croisé", "grappes"):
        assert form in text, form


def test_handwritten_sets_precision_recall():
    table = evidence_cases.score(handwritten_cases.CASES + handwritten_cases.HELD_OUT, extract_key_results)
    print(evidence_cases.format_table(table))
    _check_floors(table, HANDWRITTEN_FLOOR)


def _sections_from_file(path: Path):
    from mia.importers import read_path

    parsed = read_path(path)
    return [(s.heading, s.text) for s in parsed.review.sections], parsed.review.title or ""


def test_labels_json_precision_recall():
    if not LABELS.exists():
        pytest.skip("tests/evidence/labels.json is not there yet")
    try:
        import mia.importers  # noqa: F401
    except ImportError:
        pytest.skip("mia.importers is not importable")
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    cases = []
    for review_id, truth in labels.items():
        path = REPO / "data" / "reviews" / f"{review_id}.txt"
        assert path.exists(), f"labels.json names {review_id}, with no {path}"
        sections, title = _sections_from_file(path)
        cases.append({"id": review_id, "title": title, "sections": sections,
                      "truth": {"design": truth.get("design") or [], "n": truth.get("n"),
                                "primary": truth.get("primary")}})
    table = evidence_cases.score(cases, extract_key_results)
    print(evidence_cases.format_table(table))
    for case_id, what in table["_misses"]:
        print(case_id, what)
    _check_floors(table, LABELS_FLOOR)


def test_sample_variants_precision_recall():
    variants = sample_variants.build_variants()
    table = evidence_cases.score(variants, extract_key_results)
    print(evidence_cases.format_table(table))
    _check_floors(table, VARIANTS_FLOOR)


def test_sample_variants_rewrite_every_kind_and_keep_the_facts():
    variants = sample_variants.build_variants()
    assert len(variants) == 300
    kinds = {name: sum(name in v["rewrites"] for v in variants) for name, _ in sample_variants.REWRITES}
    assert min(kinds.values()) >= 50, kinds
    by_id = {case["id"]: case for case in sample_variants.sample_cases()}
    for variant in variants:
        assert variant["truth"] == by_id[variant["id"].split("~")[0]]["truth"]
    changed = [v for v in variants if v["sections"] != by_id[v["id"].split("~")[0]]["sections"]]
    assert len(changed) >= 290


# ---------------------------------------------------------------------------
# Forms, one by one
# ---------------------------------------------------------------------------


def _one(methods: str = "", results: str = "", title: str = "") -> dict:
    result = extract_key_results([("Méthode", methods), ("Résultats", results)], title)
    _shape(result)
    return result


@pytest.mark.parametrize("text, n", [
    ("Essai randomisé. N= 4744.", 4744),
    ("Essai randomisé. n=1 200.", 1200),
    ("Essai randomisé. N = 1\u00a0094.", 1094),
    ("Essai randomisé. N = 1\u202f094.", 1094),
    ("Essai randomisé. N = 1\u2009094.", 1094),
    ("1 094 patient.e.s randomisé.e.s.", 1094),
    ("4\u00a0304 patients ont été inclus.", 4304),
    ("Cohorte de 12\u202f000 participants.", 12000),
    ("A total of 4,304 patients were randomised.", 4304),
    ("The trial randomised 2 212 adults.", 2212),
    ("1 200 patients screenés, 803 randomisés.", 803),
    ("N=240 (n=120 par bras).", 240),
])
def test_patient_count_forms(text, n):
    assert _one(text)["n"] == n


@pytest.mark.parametrize("text", [
    "Essai randomisé chez des patients de plus de 65 ans, 45% de femmes.",
    "Recrutement entre 2015 et 2019, dose de 120 mg, suivi de 24 mois.",
    "Les patients âgés de 75 ans et plus ont été inclus.",
    "La maladie touche 30% des patients.",
    "12 patients sont décédés ; 20 patients ont été perdus de vue.",
    "Le suivi médian était de 12 mois ; 10 patient.e.s ont été perdu.e.s de vue.",
])
def test_no_patient_count_from_percentages_years_ages_doses(text):
    assert _one(text)["n"] is None


@pytest.mark.parametrize("text, tags", [
    ("Essai randomisé contrôlé multicentrique en double aveugle.", ["rct", "double-blind", "multicentre"]),
    ("ECR monocentrique, ouvert.", ["rct", "open-label", "single-centre"]),
    ("Randomised, open-label, multicenter trial.", ["rct", "open-label", "multicentre"]),
    ("Essai de non-infériorité, randomisé, en ouvert.", ["rct", "open-label", "non-inferiority"]),
    ("Essai randomisé en grappes (cluster-randomisé).", ["rct", "cluster"]),
    ("Essai randomisé en chassé-croisé, en double insu.", ["rct", "double-blind", "crossover"]),
    ("Étude de cohorte prospective multicentrique.", ["multicentre", "cohort"]),
    ("Étude cas-témoins.", ["case-control"]),
    ("Méta-analyse de 12 essais randomisés en double aveugle.", ["meta-analysis"]),
    ("Single-centre crossover RCT.", ["rct", "single-centre", "crossover"]),
    ("Essai randomisé, multicentrique (102 centres aux États-Unis), ouvert.", ["rct", "open-label", "multicentre"]),
    ("RCT multicentre (28 réanimations dans 5 pays d'Amérique latine), ouvert.", ["rct", "open-label", "multicentre"]),
])
def test_design_wordings(text, tags):
    assert _one(text)["design"] == tags


def test_design_negations_and_other_studies():
    assert _one("Étude observationnelle non randomisée.")["design"] == []
    assert _one("Le traitement n'était pas administré en double aveugle. Essai randomisé.")["design"] == ["rct"]
    result = extract_key_results([
        ("Introduction", "Une méta-analyse antérieure d'essais en double aveugle avait montré un bénéfice."),
        ("Méthode", "Étude de cohorte rétrospective."),
    ])
    assert result["design"] == ["cohort"]
    # "Contrairement aux études précédentes" talks about other studies.
    assert _one("Contrairement aux études précédentes, randomisées, celle-ci est une cohorte prospective.",
                )["design"] == []


@pytest.mark.parametrize("sentence, primary", [
    ("Critère principal : HR 0,79 ; IC 95% 0,69–0,95 ; p<0,001.",
     {"measure": "HR", "value": 0.79, "ci_low": 0.69, "ci_high": 0.95, "p": "<0.001"}),
    ("Le critère de jugement principal était réduit (OR 1,5 ; IC95% [1,2 ; 3,1] ; p = 0,03).",
     {"measure": "OR", "value": 1.5, "ci_low": 1.2, "ci_high": 3.1, "p": "0.03"}),
    ("The primary outcome occurred less often (RR 2.1, 95% CI 1.2 to 3.1, P=0.008).",
     {"measure": "RR", "value": 2.1, "ci_low": 1.2, "ci_high": 3.1, "p": "0.008"}),
    ("Objectif principal : rapport des taux 0,80 (0,70 à 0,91), NS.",
     {"measure": "rate ratio", "value": 0.8, "ci_low": 0.7, "ci_high": 0.91, "p": "NS"}),
    ("Primary endpoint: IRR 0.80 [0.70 ; 0.91].",
     {"measure": "rate ratio", "value": 0.8, "ci_low": 0.7, "ci_high": 0.91, "p": None}),
    ("Primary outcome: mean difference -2.3 (-4.1 to -0.5), p < .001.",
     {"measure": "MD", "value": -2.3, "ci_low": -4.1, "ci_high": -0.5, "p": "<0.001"}),
    ("Critère principal : différence moyenne \u22122,3 (IC 95% \u22124,1 à \u22120,5).",
     {"measure": "MD", "value": -2.3, "ci_low": -4.1, "ci_high": -0.5, "p": None}),
    ("Issue primaire : différence de risque absolu -5,2 % (IC 95% -8,1 à -2,3 ; p=0,002).",
     {"measure": "ARD", "value": -5.2, "ci_low": -8.1, "ci_high": -2.3, "p": "0.002"}),
    ("Primary outcome: HR 0.41 (95% IC 0.21\u20130.80).",
     {"measure": "HR", "value": 0.41, "ci_low": 0.21, "ci_high": 0.8, "p": None}),
    ("Critère principal : la différence était de \u221212,4 points (IC 95% \u221215,1 à \u22129,7 ; p<0,001).",
     {"measure": "MD", "value": -12.4, "ci_low": -15.1, "ci_high": -9.7, "p": "<0.001"}),
    ("Primary outcome: difference \u22120.45 (95% CI \u22120.67 to \u22120.23).",
     {"measure": "MD", "value": -0.45, "ci_low": -0.67, "ci_high": -0.23, "p": None}),
    ("Critère principal : la différence était de 22 % (IC 95% 10 à 30).",
     {"measure": "ARD", "value": 22.0, "ci_low": 10.0, "ci_high": 30.0, "p": None}),
    # The Lancet's middle dot, and ‹ for < as some PDFs give it
    ("Primary outcome: RR 0\u00b778 (95% CI 0\u00b776\u20130\u00b780), p\u20390\u00b70001.",
     {"measure": "RR", "value": 0.78, "ci_low": 0.76, "ci_high": 0.8, "p": "<0.0001"}),
    ("Critère principal : HR 0,90 (IC95 0,85 à 0,96 ; p<0,001).",
     {"measure": "HR", "value": 0.9, "ci_low": 0.85, "ci_high": 0.96, "p": "<0.001"}),
])
def test_primary_forms(sentence, primary):
    assert _one("Essai randomisé.", sentence)["primary"] == primary


@pytest.mark.parametrize("unit", ["personnes-années", "patient-years", "patients-jours", "person-years"])
def test_person_time_is_not_a_number_of_patients(unit):
    """'323 302 personnes-années ont été suivies' counts time, not people (a probe's cluster trial
    stored it as N)."""
    result = _one(f"Essai randomisé en grappes. Le recensement initial comptait 190 238 enfants.",
                  f"Au total, 323 302 {unit} ont été suivies. Critère principal : décès, HR 0,86 (IC 95% 0,80 à 0,93).")
    assert result["n"] == 190238


def test_a_label_is_never_made_of_statistics_tokens():
    """Two effects in one sentence: the second's label was the end of the first's statistics
    ("p <", "%", "CI"); it is the measure itself when nothing else names it."""
    result = _one("Essai randomisé. Critère principal : décès.",
                  "Le décès était moins fréquent (HR 0,80 ; IC 95% 0,70–0,91 ; p < 0,001 ; RR 0,66 ; IC 95% 0,53–0,82). "
                  "Hospitalisations : 12 % vs 15 % ; CI HR 0,97 (0,90–1,05).")
    labels = [s["label"] for s in result["secondary"]]
    assert labels and not any(label.strip() in ("p <", "%", "CI", "p", "IC") for label in labels), labels


def test_a_non_inferiority_margin_is_not_an_effect():
    """'Marge de non-infériorité : borne supérieure de l'IC 95% du risque relatif < 1,46' states a
    bound (RE-LY's margin), which a probe found stored as a secondary RR 1.46."""
    result = _one("Essai randomisé de non-infériorité. Critère de jugement principal : AVC. Marge de "
                  "non-infériorité : borne supérieure de l'IC 95% du risque relatif < 1,46.",
                  "Le critère principal est survenu chez 1,1 % vs 1,7 % par an (RR 0,66 ; IC 95% 0,53–0,82 ; p<0,001).")
    assert result["primary"]["value"] == 0.66
    assert result["secondary"] == []


def test_the_key_secondary_outcome_is_not_the_primary():
    """"Critère secondaire principal" names the key secondary outcome, not the primary one."""
    result = _one("Essai randomisé. Critère de jugement principal : décès. Critère secondaire principal : "
                  "hospitalisation. Critères secondaires principaux : qualité de vie.",
                  "L'hospitalisation était réduite (HR 0,50 ; IC 95% 0,35-0,70). "
                  "Le décès est survenu chez 10 % vs 20 % des patients (HR 0,42 ; IC 95% 0,30-0,60).")
    assert result["primary"]["value"] == 0.42
    assert [s["value"] for s in result["secondary"]] == [0.5]


@pytest.mark.parametrize("gap", range(0, 70, 3))
def test_a_p_value_is_read_whole_wherever_its_window_ends(gap):
    """The p-value is looked for in the characters after the effect: one the window's end cuts
    (`p=0.0|02`) is read to its end, not as 0."""
    aside = ("borne supérieure de l'IC unilatéral " + "x" * gap)[:gap]
    result = _one("Essai randomisé. Critère principal : décès.",
                  f"Le critère principal est survenu chez 3 % vs 4 % (HR 1,03 ({aside}) ; p=0,0021).")
    assert result["primary"]["value"] == 1.03
    assert result["primary"]["p"] in ("0.0021", None)  # (None: the p-value lies beyond the window)
    assert result["primary"]["p"] != "0" and result["primary"]["p"] != "0.0"


def test_a_p_value_of_zero_is_dropped_with_a_flag():
    result = _one("Essai randomisé.", "Critère principal : HR 0,90 (IC 95% 0,85 à 0,96 ; p=0,000).")
    assert result["primary"]["value"] == 0.9 and result["primary"]["p"] is None
    assert any("is 0" in flag for flag in result["flags"])


@pytest.mark.parametrize("sentence", [
    "Critère principal : décès. Pas de différence (22 % vs 23 %, p=0,4).",
    "Critère principal : durée. Une différence de 3 jours a été observée.",
    "Critère principal : score. La différence était de 4 points, non significative.",
])
def test_a_difference_without_its_interval_is_no_effect(sentence):
    assert _one("Essai randomisé.", sentence)["primary"] is None


def test_a_full_stop_after_a_closing_bracket_ends_the_sentence():
    # "n.s.]." is no abbreviation: the next sentence (about subgroups) is not read with this one
    result = extract_key_results([
        ("Méthode", "Cohorte. Critère de jugement principal : diagnostic d'autisme, comparé entre groupes."),
        ("Résultats", "Le risque d'autisme n'était pas plus élevé [HR 0,93 (IC 95% 0,85–1,01), n.s.]. "
                      "Aucune augmentation n'était observée dans les sous-groupes."),
    ])
    assert result["primary"] == {"measure": "HR", "value": 0.93, "ci_low": 0.85, "ci_high": 1.01, "p": "NS"}
    text = "Pas de différence (n.s.). Les effets indésirables étaient rares (cf. tableau 2). Fin."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Pas de différence (n.s.).", "Les effets indésirables étaient rares (cf. tableau 2).", "Fin."]


def test_primary_is_not_the_first_number():
    result = _one("Essai randomisé. N=300.",
                  "L'âge moyen était de 64 ans. Parmi les issues secondaires, la mortalité était similaire "
                  "(HR 0,95 ; IC 95% 0,80-1,12). L'issue primaire est survenue chez 22% vs 44% "
                  "[HR 0,41 (IC 95% 0,21-0,80) ; p=0,008].")
    assert result["primary"]["value"] == 0.41
    assert [(s["measure"], s["value"]) for s in result["secondary"]] == [("HR", 0.95)]
    assert "mortalité" in result["secondary"][0]["label"]


def test_primary_in_the_next_sentence_after_the_event_rates():
    result = _one("Essai randomisé.", "L'issue primaire est survenue chez 9,9% vs 12,4% des patients. "
                                      "Le HR était de 0,80 (IC 95% 0,70-0,91 ; p < 0,001).")
    assert result["primary"] == {"measure": "HR", "value": 0.8, "ci_low": 0.7, "ci_high": 0.91, "p": "<0.001"}
    assert "12,4%" in result["source"]["primary"] and "0,80" in result["source"]["primary"]


def test_primary_sentence_without_effect_is_flagged_not_guessed():
    result = _one("Essai randomisé.", "Pour le critère principal, aucune différence (26% vs 25%). "
                                      "Les infections étaient plus fréquentes (RR 1,32 ; IC 95% 1,05–1,66).")
    assert result["primary"] is None
    assert "primary outcome sentence has no effect measure" in result["flags"]
    assert result["secondary"][0]["value"] == 1.32


def test_no_primary_named_means_no_primary():
    result = _one("Essai randomisé.", "La mortalité était réduite (HR 0,70 ; IC 95% 0,55-0,89).")
    assert result["primary"] is None
    assert result["secondary"][0]["measure"] == "HR"
    assert any("no sentence names the primary outcome" in f for f in result["flags"])


def test_power_calculation_is_not_a_result():
    result = _one("Essai randomisé. Le calcul de puissance supposait un HR de 0,75 pour le critère principal.",
                  "Le critère principal est survenu chez 20% vs 21% (HR 0,95 ; IC 95% 0,80-1,13).")
    assert result["primary"]["value"] == 0.95
    assert all(s["value"] != 0.75 for s in result["secondary"])


# ---------------------------------------------------------------------------
# Bad inputs
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("sections", [
    [], None, "", [("", "")], [("Méthode", "")], 42, [None, 3, ("only one",), {"heading": "x"}],
    [("Résultats", "Aucun chiffre ici, rien à extraire.")], [(b"M\xc3\xa9thode", b"N=12\xff")],
    [("Méthode", "%%%% ((([[[ ;;; ...")], [(object(), object())],
])
def test_never_raises_and_keeps_its_shape(sections):
    result = extract_key_results(sections, title=None)
    _shape(result)
    assert result["primary"] is None


def test_no_numbers():
    result = _one("Essai randomisé multicentrique.", "Le critère principal n'était pas différent entre les groupes.")
    assert result["n"] is None and result["primary"] is None and result["secondary"] == []
    assert result["design"] == ["rct", "multicentre"]
    assert "primary outcome sentence has no effect measure" in result["flags"]


def test_contradictory_n_is_flagged():
    result = _one("Essai randomisé. N=120.", "Au total, 240 patients ont été randomisés.")
    assert result["n"] == 120  # the methods section wins
    assert any("two different N: 120 and 240" in f for f in result["flags"])


def test_swapped_bounds_are_put_in_order_and_flagged():
    result = _one("Essai randomisé.", "Critère principal : HR 0,41 (IC 95% 0,80–0,21).")
    assert result["primary"]["ci_low"] == 0.21 and result["primary"]["ci_high"] == 0.8
    assert "primary: interval bounds swapped (0.8\u20130.21): stored in order" in result["flags"]


def test_p_above_one_is_dropped():
    result = _one("Essai randomisé.", "Critère principal : HR 0,41 (IC 95% 0,21-0,80 ; p=1,3).")
    assert result["primary"]["p"] is None and result["primary"]["value"] == 0.41
    assert "primary: p-value 1.3 is not a probability: dropped" in result["flags"]


def test_effect_outside_its_interval_is_flagged():
    result = _one("Essai randomisé.", "Critère principal : HR 1,41 (IC 95% 0,21-0,80).")
    assert result["primary"]["value"] == 1.41
    assert any("effect outside its interval" in f for f in result["flags"])


def test_ratio_at_or_below_zero_is_dropped():
    result = _one("Essai randomisé.", "Critère principal : OR 0 (IC 95% 0,0-0,5).")
    assert result["primary"]["value"] is None
    assert any("is not a ratio" in f for f in result["flags"])


def test_control_characters():
    sections = [("Méth\x00ode", "Essai\x07 randomisé\x1b[31m multicentrique. N=\x0b120.\x7f"),
                ("Résultats\r\n", "Critère\x00 principal : HR 0,41\x08 (IC 95% 0,21-0,80 ;\x1f p=0,008).\u2028Fin.")]
    result = extract_key_results(sections)
    _shape(result)
    assert result["design"] == ["rct", "multicentre"]
    assert result["primary"] == {"measure": "HR", "value": 0.41, "ci_low": 0.21, "ci_high": 0.8, "p": "0.008"}
    for sentence in result["source"].values():
        assert sentence is None or not any(ord(c) < 32 or 0x7f <= ord(c) < 0xa0 for c in sentence)


def test_huge_input():
    text = ("Essai randomisé. N=120. Critère principal : HR 0,41 (IC 95% 0,21-0,80). " * 30000
            + "1 111 " * 100000 + "(" * 50000)
    result = extract_key_results([("Méthode", text), ("Résultats", text)])
    _shape(result)
    assert result["n"] == 120
    assert result["primary"]["value"] == 0.41
    assert any("only the beginning was read" in f for f in result["flags"])
    assert len(result["secondary"]) <= 200
    assert sum(len(f) for f in result["flags"]) < 5000
