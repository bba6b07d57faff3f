"""Format checks of the shipped lexicons: src/mia/lexicon/medical.txt (medical concepts) and
src/mia/lexicon/trials.txt (the vocabulary in which trials are reported).

The files are read directly (no mia import): one concept per line,
``fr preferred | en preferred | fr acronyms | en acronyms | synonyms``,
items inside a column separated by `` ; ``; ``#`` lines are comments.
Shape checks run on each file; the cross-file checks (no concept, no form in two concepts)
run on both files together.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest

LEXICON_DIR = Path(__file__).resolve().parents[2] / "src" / "mia" / "lexicon"
MEDICAL = LEXICON_DIR / "medical.txt"
TRIALS = LEXICON_DIR / "trials.txt"
FILES = [MEDICAL, TRIALS]

HEADER = "fr preferred | en preferred | fr acronyms | en acronyms | synonyms"
FR_PREF, EN_PREF, FR_ACR, EN_ACR, SYN = range(5)
ACRONYM_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9\- ]*[A-Za-z0-9]|[A-Z]")
MIN_CONCEPTS = {"medical.txt": 2000, "trials.txt": 400}

# Concepts whose French and English preferred terms are the same word (checked below: a line
# with identical preferred terms must be listed here, and every entry must still be used).
SAME_IN_BOTH_LANGUAGES = {
    # medical.txt: diseases, substances, microorganisms (Latin binomials), procedures
    "placebo", "incidence", "syncope", "hypotension", "congestion", "palpitations",
    "anticoagulation", "pneumothorax", "COVID-19", "sepsis", "syphilis", "dengue", "mpox",
    "vaccination", "infection", "Escherichia coli", "Klebsiella pneumoniae",
    "Pseudomonas aeruginosa", "Acinetobacter baumannii", "norovirus", "rotavirus", "parvovirus B19",
    "chikungunya", "triiodothyronine", "calcium", "phosphate", "nutrition", "migraine", "coma",
    "neuroprotection", "cognition", "suicide", "agitation", "cancer", "lactate", "potassium",
    "sodium", "lipase", "gadolinium", "cardioversion", "prostate", "lymphocytes", "adolescence",
    "contraception", "psoriasis", "vitiligo", "glucagon", "Janus kinases", "cytokines",
    "cytochrome P450 3A4", "injection",
    # trials.txt: methods and results words
    "allocation", "patients", "progression", "score", "percentile", "ratio", "normal",
    "intervention", "dose", "titration", "bolus", "complications", "pharmacovigilance",
    "interaction", "conclusion", "variable", "forest plot", "extrapolation", "stable", "rare",
    "optimal", "communication", "prescription", "indication", "formulation",
}
DRUG_HEADING = "# == Médicaments"
# Items are compared in this spelling: case folded, accents kept ("IC" and "ic" are one form,
# "résistance" and "resistance" are two).


def _fold(item: str) -> str:
    return item.casefold()


def _render(columns: list[str]) -> str:
    """The canonical spelling of a line: ``a | b | | | e`` (an empty column is nothing)."""
    out = columns[0]
    for column in columns[1:]:
        out += " |" + (" " + column if column else "")
    return out


def _load(path: Path):
    raw = path.read_bytes()
    text = raw.decode("utf-8")  # strict: raises on invalid UTF-8
    concepts = []  # (line number, raw line, heading, columns, columns as lists of items)
    heading = None
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith("# =="):
            heading = line
            continue
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        columns = [part.strip() for part in line.split("|")]
        items = [column.split(" ; ") if column else [] for column in columns]
        concepts.append((number, line, heading, columns, items))
    return raw, text, concepts


LOADED = {path.name: _load(path) for path in FILES}
RAW, TEXT, CONCEPTS = LOADED[MEDICAL.name]  # the medical lexicon, for the content checks below
NAMES = [path.name for path in FILES]


def _concepts(name: str):
    return LOADED[name][2]


def _where(name: str, number: int, line: str) -> str:
    return f"{name}:{number}: {line}"


def _all_concepts():
    """(file name, line number, line, columns, items) of every concept of both files."""
    return [
        (name, number, line, columns, items)
        for name in NAMES
        for number, line, _, columns, items in _concepts(name)
    ]


# --- shape of each file -------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_file_is_clean_utf8_text(name):
    raw, text, _ = LOADED[name]
    assert not raw.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    assert "\t" not in text, "no tab characters"
    assert "\r" not in text, "Unix line ends only"
    assert text.endswith("\n"), "ends with a newline"
    assert unicodedata.normalize("NFC", text) == text, "text is NFC-normalised (composed accents)"
    bad = [ch for ch in set(text) if unicodedata.category(ch) in ("Cc", "Cf") and ch != "\n"]
    assert not bad, f"control or format characters: {bad!r}"


@pytest.mark.parametrize("name", NAMES)
def test_header_documents_the_format(name):
    text = LOADED[name][1]
    head = [line for line in text.split("\n")[:10] if line.startswith("#")]
    assert any(HEADER in line for line in head), f"the header comment names the columns: {HEADER}"


@pytest.mark.parametrize("name", NAMES)
def test_no_hash_inside_a_line(name):
    # the loader cuts a line at " #" (a trailing comment): no item may hold one
    bad = [_where(name, n, line) for n, line, _, _, _ in _concepts(name) if "#" in line]
    assert not bad, bad[:5]


@pytest.mark.parametrize("name", NAMES)
def test_enough_concepts(name):
    count = len(_concepts(name))
    assert count >= MIN_CONCEPTS[name], f"{name}: {count} concepts, at least {MIN_CONCEPTS[name]} expected"


@pytest.mark.parametrize("name", NAMES)
def test_every_concept_is_under_a_domain_heading(name):
    orphans = [_where(name, n, line) for n, line, heading, _, _ in _concepts(name) if heading is None]
    assert not orphans, orphans[:5]


@pytest.mark.parametrize("name", NAMES)
def test_exactly_five_columns_in_canonical_spelling(name):
    bad = []
    for number, line, _, columns, _ in _concepts(name):
        if len(columns) != 5:
            bad.append(f"{len(columns)} columns: " + _where(name, number, line))
        elif _render(columns) != line:
            bad.append("spacing around ' | ' or trailing space: " + _where(name, number, line))
    assert not bad, "\n".join(bad[:10])


@pytest.mark.parametrize("name", NAMES)
def test_preferred_terms_present_and_single(name):
    bad = []
    for number, line, _, columns, items in _concepts(name):
        for index in (FR_PREF, EN_PREF):
            if not columns[index]:
                bad.append("empty preferred term: " + _where(name, number, line))
            elif len(items[index]) != 1:
                bad.append("one preferred term per language: " + _where(name, number, line))
    assert not bad, "\n".join(bad[:10])


@pytest.mark.parametrize("name", NAMES)
def test_every_line_is_bilingual(name):
    """French and English preferred terms differ, unless the word is the same in both
    languages: a drug's international nonproprietary name (under a "Médicaments" heading:
    apixaban, rituximab), or a word listed in SAME_IN_BOTH_LANGUAGES."""
    bad = []
    for number, line, heading, columns, _ in _concepts(name):
        if _fold(columns[FR_PREF]) != _fold(columns[EN_PREF]):
            continue
        if heading.startswith(DRUG_HEADING) or columns[FR_PREF] in SAME_IN_BOTH_LANGUAGES:
            continue
        bad.append("same preferred term in both languages: " + _where(name, number, line))
    assert not bad, "\n".join(bad[:10])


def test_the_same_in_both_languages_list_is_all_used():
    used = {
        columns[FR_PREF]
        for name in NAMES
        for _, _, heading, columns, _ in _concepts(name)
        if _fold(columns[FR_PREF]) == _fold(columns[EN_PREF]) and not heading.startswith(DRUG_HEADING)
    }
    assert not SAME_IN_BOTH_LANGUAGES - used, sorted(SAME_IN_BOTH_LANGUAGES - used)


@pytest.mark.parametrize("name", NAMES)
def test_no_empty_or_badly_separated_item(name):
    bad = []
    for number, line, _, _, items in _concepts(name):
        for column in items:
            for item in column:
                if not item or item != item.strip() or ";" in item or "  " in item:
                    bad.append(f"item {item!r}: " + _where(name, number, line))
    assert not bad, "\n".join(bad[:10])


#: A word made of a Greek letter and another (bêta-lactamases, alpha-bloquants) is written both
#: ways in reviews; a form of several words must write it with the hyphen, from which the search
#: derives the fused spelling (`mia.search.lexicon.compound_variant`), never the other way round.
FUSED_GREEK_LETTER = re.compile(r"(?i)(?<![\w-])(?:b[êe]ta|alpha|gamma|delta)(?=[a-zà-ÿ]{4,})(?!bet|glob|path)")


@pytest.mark.parametrize("name", NAMES)
def test_a_greek_letter_prefix_is_hyphenated_in_a_form_of_several_words(name):
    bad = []
    for number, line, _, _, items in _concepts(name):
        for column in items:
            for item in column:
                if " " in item and FUSED_GREEK_LETTER.search(item):
                    bad.append(f"write {item!r} with its hyphen: " + _where(name, number, line))
    assert not bad, "\n".join(bad[:10])


@pytest.mark.parametrize("name", NAMES)
def test_no_duplicate_item_inside_a_line(name):
    bad = []
    for number, line, _, _, items in _concepts(name):
        for column in items:
            folded = [item.casefold() for item in column]
            if len(folded) != len(set(folded)):
                bad.append("repeated item in a column: " + _where(name, number, line))
        seen: dict[str, int] = {}
        for index, column in enumerate(items):
            for item in column:
                if item in seen and seen[item] != index:
                    pair = {seen[item], index}
                    # allowed: fr preferred == en preferred (placebo), an acronym used in both languages
                    if pair not in ({FR_PREF, EN_PREF}, {FR_ACR, EN_ACR}):
                        bad.append(f"{item!r} repeated across columns: " + _where(name, number, line))
                seen.setdefault(item, index)
    assert not bad, "\n".join(bad[:10])


@pytest.mark.parametrize("name", NAMES)
def test_acronyms_are_written_like_acronyms(name):
    bad = []
    for number, line, _, _, items in _concepts(name):
        for acronym in items[FR_ACR] + items[EN_ACR]:
            if (
                not ACRONYM_RE.fullmatch(acronym)
                or not any(ch.isupper() for ch in acronym)
                or len(acronym) > 16
                or acronym.count(" ") > 1
            ):
                bad.append(f"acronym {acronym!r}: " + _where(name, number, line))
    assert not bad, "\n".join(bad[:10])


# --- both files together ------------------------------------------------------------------


def test_no_duplicate_line_or_preferred_pair_across_files():
    lines: dict[str, str] = {}
    pairs: dict[tuple[str, str], str] = {}
    bad = []
    for name, number, line, columns, _ in _all_concepts():
        here = f"{name}:{number}"
        if line in lines:
            bad.append(f"same line as {lines[line]}: " + _where(name, number, line))
        lines.setdefault(line, here)
        key = (_fold(columns[FR_PREF]), _fold(columns[EN_PREF]))
        if key in pairs:
            bad.append(f"same (fr, en) pair as {pairs[key]}: " + _where(name, number, line))
        pairs.setdefault(key, here)
    assert not bad, "\n".join(bad[:20])


def test_no_form_names_two_concepts_unless_an_acronym():
    """A form (case folded, accents kept) belongs to one concept, in either file. Only an
    acronym may name several: listed in column 3 or 4 of each concept that has it
    (IC: insuffisance cardiaque and intervalle de confiance), or an acronym that is spelled
    differently from a word of another concept (OS, overall survival; os, bone: the search
    matches acronyms as typed)."""
    where: dict[str, list[tuple[str, int, str, bool]]] = defaultdict(list)
    for name, number, _, _, items in _all_concepts():
        forms: dict[str, tuple[str, bool]] = {}
        for index, column in enumerate(items):
            for item in column:
                key = _fold(item)
                acronym = index in (FR_ACR, EN_ACR)
                if key in forms:
                    acronym = acronym and forms[key][1]
                forms[key] = (item, acronym)
        for key, (item, acronym) in forms.items():
            where[key].append((name, number, item, acronym))
    bad = []
    for form, places in sorted(where.items()):
        if len(places) < 2:
            continue
        words = [place for place in places if not place[3]]
        acronyms = {place[2] for place in places if place[3]}
        if len(words) > 1 or any(item in acronyms for _, _, item, _ in words):
            bad.append(
                f"{form!r} in "
                + ", ".join(f"{name}:{number}" + ("" if acr else " (not as acronym)") for name, number, _, acr in places)
            )
    assert not bad, f"{len(bad)} forms in several concepts:\n" + "\n".join(bad[:40])


# --- content of the medical lexicon -------------------------------------------------------


def _acronym_lines() -> list[set[str]]:
    return [set(items[FR_ACR]) | set(items[EN_ACR]) for _, _, _, _, items in CONCEPTS]


# Acronyms that must appear together in the acronym columns of one concept.
#: WHO INN stems of targeted drugs (monoclonal antibodies, kinase, PARP and CDK inhibitors,
#: antiandrogens, anticoagulants, sartans, gliflozins, gliptins, GLP-1 analogues…): a word of these
#: shapes is a drug's name, never a form of another concept.
INN_STEMS = ("mab", "nib", "ciclib", "parib", "lutamide", "xaban", "gatran", "sartan", "gliflozine",
             "gliflozin", "gliptine", "gliptin", "glutide", "vaptan", "lisib", "zomib")
INN_SHAPE = re.compile(r"[a-z]+(?:" + "|".join(INN_STEMS) + r")")


def _plain(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


def test_a_drug_named_by_its_inn_is_its_own_concept():
    """A drug listed as a form of its class or target (donanemab on the anti-amyloid line) would
    find the reviews of every other drug of the line: each such name is a concept of its own
    (the lexicon's README, drugs), and only its own line may hold it."""
    bad = []
    for name, number, line, columns, items in _all_concepts():
        own = {word for column in (FR_PREF, EN_PREF) for word in _plain(columns[column]).split()}
        forms = [item for column in items[FR_PREF:] for item in column]
        strays = sorted({_plain(f) for f in forms if INN_SHAPE.fullmatch(_plain(f)) and _plain(f) not in own})
        if strays:
            bad.append(f"{_where(name, number, line)}: {', '.join(strays)}")
    assert not bad, "\n".join(bad[:10])


MUST_INCLUDE = [
    ("ITP", "TPI", "PTI"),
    ("HF", "IC"),
    ("MI", "IDM"),
    ("AF", "FA"),
    ("DOAC", "NOAC", "AOD"),
    ("CKD", "IRC", "MRC"),
    ("COPD", "BPCO"),
    ("CI", "IC"),
    ("HR",),
    ("RCT", "ECR"),
    ("ITT",),
    ("OR",),
    ("RR",),
    ("NNT",),
    ("MMF",),
    ("GC",),
    ("TPO-RA",),
    ("PE", "EP"),
    ("DVT", "TVP"),
    ("VTE", "MTEV"),
    ("HIV", "VIH"),
    ("HBV", "VHB"),
    ("HCV", "VHC"),
    ("CAP", "PAC"),
    ("ARDS", "SDRA"),
    ("AKI", "IRA"),
    ("T2D", "DT2"),
    ("HbA1c",),
    ("GLP-1 RA",),
    ("iSGLT2", "SGLT2i"),
    ("SLE", "LES"),
    ("RA", "PR"),
    ("GCA", "ACG"),
    ("IBD", "MICI"),
    ("MASLD", "NAFLD"),
    ("ICU", "USI"),
    ("CRP",),
    ("BNP",),
    ("NT-proBNP",),
    ("BMI", "IMC"),
    # added with the broader lexicon: procedures, hormones, drug targets, laboratory values
    ("PCI", "ICP"),
    ("CABG",),
    ("TAVI",),
    ("TSH",),
    ("PTH",),
    ("GLP-1",),
    ("SGLT2",),
    ("PCSK9",),
    ("VEGF",),
    ("TNF",),
    ("IL-6",),
    ("JAK",),
    ("GFR", "DFG"),
    ("NNH",),
    # eGFR, DFGe, A1c, hs-CRP, mITT: variants of GFR, DFG, HbA1c, CRP, ITT reached by the
    # qualifier rule (search/qualifiers.py; tests/search/test_qualifiers.py), not by lines.
]


@pytest.mark.parametrize("group", MUST_INCLUDE, ids=lambda group: "/".join(group))
def test_must_include_acronyms(group):
    lines = _acronym_lines()
    assert any(set(group) <= acronyms for acronyms in lines), (
        f"no concept lists all of {group} in its acronym columns"
    )


def test_ambiguous_ic_names_both_meanings():
    meanings = {
        columns[EN_PREF]
        for _, _, _, columns, items in CONCEPTS
        if "IC" in items[FR_ACR] + items[EN_ACR]
    }
    assert {"heart failure", "confidence interval"} <= meanings


# Brand names of much-prescribed drugs: each must be a synonym of the concept named by its generic.
BRANDS = [
    ("metformine", "Glucophage"),
    ("apixaban", "Eliquis"),
    ("atorvastatine", "Tahor"),
    ("atorvastatine", "Lipitor"),
    ("ramipril", "Triatec"),
    ("lévothyroxine", "Levothyrox"),
    ("amlodipine", "Norvasc"),
    ("paracétamol", "Doliprane"),
    ("sertraline", "Zoloft"),
    ("oméprazole", "Mopral"),
]


@pytest.mark.parametrize("generic, brand", BRANDS, ids=lambda value: value)
def test_brand_names_are_synonyms_of_their_generic(generic, brand):
    lines = [items for _, _, _, columns, items in CONCEPTS if columns[FR_PREF] == generic]
    assert lines, f"no concept {generic!r}"
    assert brand in lines[0][SYN], f"{brand} is not a synonym of {generic}"


# Trial vocabulary that must be in trials.txt, each word in the given concept (fr, en).
TRIAL_WORDS = [
    ("critère de jugement", "outcome"),
    ("cible", "target"),
    ("intensif", "intensive"),
    ("traitement standard", "standard care"),
    ("mortalité", "mortality"),
    ("décès", "death"),
    ("survie", "survival"),
    ("hospitalisation", "hospitalization"),
    ("suivi", "follow-up"),
    ("essai", "trial"),
    ("efficacité", "efficacy"),
    ("sécurité", "safety"),
    ("rechute", "relapse"),
    ("risque", "risk"),
    ("réduction", "reduction"),
    ("augmentation", "increase"),
    ("traitement", "treatment"),
]


@pytest.mark.parametrize("fr, en", TRIAL_WORDS, ids=lambda value: value)
def test_trial_vocabulary(fr, en):
    pairs = {(columns[FR_PREF], columns[EN_PREF]) for _, _, _, columns, _ in _concepts(TRIALS.name)}
    assert (fr, en) in pairs, f"trials.txt has no concept {fr} | {en}"


@pytest.mark.parametrize(("lay", "concept"), [
    # (the blind probes 57–60's lay misses: src/mia/lexicon/README.md, item 8)
    ("cœur fatigué", "insuffisance cardiaque"),
    ("Coeur fatigue", "insuffisance cardiaque"),
    ("déboucher les artères du cœur", "intervention coronarienne percutanée"),
    ("plats industriels", "aliments ultra-transformés"),
    ("malbouffe", "aliments ultra-transformés"),
    ("junk food", "aliments ultra-transformés"),
    ("tension", "pression artérielle"),
    ("pression systolique", "pression artérielle systolique"),
    ("tension diastolique", "pression artérielle diastolique"),
    ("ronflement", "syndrome d'apnées obstructives du sommeil"),
    ("infection des poumons", "pneumonie"),
    ("calcul du rein", "lithiase rénale"),
    ("tombent", "chutes"),
    ("pompe de cortisone", "corticostéroïdes inhalés"),
    ("maladie des gencives", "parodontite"),
    ("faire du sport", "exercice physique"),
    ("fausse opération", "simulation"),
    ("cancer de l'intestin", "cancer colorectal"),
    ("prise de sang pour la prostate", "antigène prostatique spécifique"),
    # (probes 73–76)
    ("médicament pour l'estomac", "inhibiteurs de la pompe à protons"),
    ("vomit du sang", "hémorragie digestive haute"),
    ("bleeding from the stomach", "hémorragie digestive haute"),
    ("provoquer l'accouchement", "accouchement"),
    ("saignements après l'accouchement", "hémorragie du post-partum"),
    ("beurre de cacahuète", "allergie à l'arachide"),
    ("helps blood clot", "antifibrinolytiques"),
    ("mamie", "personne âgée"),
    ("grandparents", "personne âgée"),
    ("calmants", "anxiolytiques"),
    ("psychotropic", "psychotropes"),
    # (item 9: a patient's words, by family: drug classes, routes and devices, body parts,
    # clinical states, populations)
    ("médicament du cholestérol", "statines"),
    ("médicament pour les os", "traitements anti-ostéoporotiques"),
    ("anti-saignement", "hémostatiques"),
    ("pilule pour maigrir", "médicaments anti-obésité"),
    ("weight-loss jabs", "médicaments anti-obésité"),
    ("médicament contre la goutte", "traitement hypo-uricémiant"),
    ("piqûre", "injection"),
    ("patch", "voie transdermique"),
    ("opération par sonde", "intervention par cathéter"),
    ("nourrir par la veine", "nutrition parentérale"),
    ("choc à la tête", "traumatisme crânien"),
    ("grosse artère du ventre", "aorte"),
    ("cœur qui bat de travers", "fibrillation auriculaire"),
    ("tension trop haute", "hypertension artérielle"),
    ("sucre dans le sang", "glycémie"),
    ("prendre du poids", "prise de poids"),
    ("manger plus", "apport énergétique"),
    ("nourriture industrielle", "aliments ultra-transformés"),
    ("personnes très âgées", "personne âgée"),
    ("gays", "hommes ayant des rapports sexuels avec des hommes"),
    # (a new member's audit: "double aveugle" found the open-label trials judged "en aveugle", PROBE)
    ("en aveugle", "aveugle"),
    ("blinded", "aveugle"),
    ("double aveugle", "essai en double aveugle"),
    ("placebo-controlled", "placebo"),
])
def test_the_shipped_lexicon_names_one_concept_for_a_lay_form(lay, concept):
    from mia.search.lexicon import load_lexicon

    assert [c.label for c in load_lexicon().naming(lay)] == [concept]


@pytest.mark.parametrize("word", [
    # Words whose canon a lay form would have taken (item 9): "grossir" is "gros", "overeating"
    # is "over", "cortico" is "cortical", "perf" is "perf…" (performance): none names a concept.
    "grosse", "gros", "over", "cortical", "perf",
])
def test_common_words_name_no_concept(word):
    from mia.search.lexicon import load_lexicon

    assert [c.label for c in load_lexicon().naming(word)] == []
