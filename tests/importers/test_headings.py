"""Section headings by shape and words: generated variants, lines that must stay text, the sample.

A compte-rendu is written around one heading in many forms (case, accents, plural, qualifier,
numbering, trailing colon, French and English) and in the two layouts the club's files come
in (plain text with blank lines between paragraphs; PDF text with a blank line after every
line). The heading must become a section with its written title and its role, and the import
report must name it when it is not a heading known exactly.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from mia.importers import read_path
from mia.importers.compte_rendu import parse_compte_rendu
from mia.importers.markdown import parse_markdown

REVIEWS = Path(__file__).resolve().parents[2] / "data" / "reviews"

FRONT = """Compte-rendu
mia_review_70

V0 - 02/07/2025

Un essai pour les titres de section

Date de publication Auteurs

09.06.2025 Dre C. Roux, Dr T. Meier

Mots-clés
Essai, Titres

A Trial of Section Headings

P. Dupont et al., NEJM, 25.05.2023

DOI: 10.1056/NEJMoa2215145
"""

INTRODUCTION = [
    "La pneumonie aiguë communautaire grave reste une cause majeure de décès en réanimation chez",
    "l'adulte, et les corticoïdes y étaient débattus depuis longtemps dans plusieurs essais de petite",
    "taille aux critères intermédiaires.",
]
BODY = [
    "Le critère principal est survenu chez 6,2 % des patients sous hydrocortisone contre 11,9 % sous",
    "placebo, soit une différence absolue de 5,6 points (IC 95 % 1,7 à 9,6) et p=0,006, sans excès",
    "d'infections acquises à l'hôpital.",
]
DISCUSSION = [
    "Premier grand essai à montrer un bénéfice de survie des corticoïdes dans cette indication, avec",
    "un effet important pour un traitement simple, mais un groupe placebo de mortalité plus basse.",
]

# (role, written form, language, known exactly)
FORMS = [
    ("results", "Résultats", "fr", True),
    ("results", "Résultat", "fr", True),
    ("results", "Results", "en", True),
    ("results", "Findings", "en", True),
    ("methods", "Méthodes", "fr", True),
    ("methods", "Matériel et méthodes", "fr", True),
    ("methods", "Schéma de l'étude", "fr", False),
    ("methods", "Study design", "en", True),
    ("introduction", "Contexte", "fr", True),
    ("introduction", "Objectifs", "fr", True),
    ("introduction", "Background", "en", True),
    ("discussion", "Commentaires", "fr", True),
    ("discussion", "Forces et limites", "fr", True),
    ("discussion", "Strengths and weaknesses", "en", True),
    ("conclusion", "Conclusions", "fr", True),
    ("conclusion", "À retenir", "fr", True),
    ("conclusion", "Take-home messages", "en", True),
    ("results", "Tolérance", "fr", False),  # the safety results
    ("results", "Effets indésirables", "fr", False),
    ("results", "Adverse events", "en", False),
    ("methods", "Patient.e.s et méthode", "fr", False),  # inclusive writing
    ("discussion", "Avis du relecteur", "fr", False),
    ("conclusion", "En pratique", "fr", True),
    ("conclusion", "In practice", "en", True),
    ("other", "Références", "fr", False),
    ("other", "Funding", "en", False),
]
QUALIFIERS = {"fr": ["{} principaux", "{} principales", "{} secondaires", "{} principal"],
              "en": ["Main {}", "Primary {}", "Key {}", "Secondary {}"]}
NUMBERING = ["2. {}", "II – {}", "B) {}", "3.1 {}", "IV. {}"]
LAYOUTS = ("plain", "pdf", "pdf-blank-after-heading")


def _without_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _after_a_qualifier(text: str) -> str:
    return text[:1].lower() + text[1:]


def generated_headings() -> list[tuple[str, str, str, bool]]:
    """(line as written, title expected, role, known exactly) for every variant."""
    cases = []
    for role, form, language, known in FORMS:
        bases = [(form, known)] + [
            (pattern.format(form if pattern.startswith("{") else _after_a_qualifier(form)), False)
            for pattern in QUALIFIERS[language]
        ]
        for number, (base, base_known) in enumerate(bases):
            variants = [
                base, base.upper(), _without_accents(base),
                f"{base} :", f"{base}:",
                *(pattern.format(base) for pattern in NUMBERING),
                f"{NUMBERING[1].format(base.upper())} :",
            ]
            for line in dict.fromkeys(variants):
                cases.append((line, line.rstrip(":").strip(), role, base_known))
            # a subtitle after a colon or a dash: the heading before it decides (never known exactly)
            subtitle = SUBTITLES[number % len(SUBTITLES)]
            for line in (f"{base} : {subtitle}", f"{base} – {subtitle}"):
                if len(line) <= 60:  # (a longer line is text, not a heading)
                    cases.append((line, line, role, False))
    return cases


#: Subtitles a heading may carry (any words: the heading before them decides).
SUBTITLES = ["efficacité", "critère principal", "safety", "forces et limites de l'essai", "sous-groupes"]


CASES = generated_headings()


def compose(blocks: list[tuple[str | None, list[str]]], layout: str) -> str:
    """The sections part of a compte-rendu: (heading, lines) in the given layout."""
    parts = []
    for heading, lines in blocks:
        if layout == "plain":
            body = "\n".join(lines)
            parts.append(f"{heading}\n{body}" if heading else body)
        else:
            body = "\n\n".join(lines)
            gap = "\n\n" if layout == "pdf-blank-after-heading" else "\n"
            parts.append(f"{heading}{gap}{body}" if heading else body)
    return FRONT + "\n" + "\n\n".join(parts) + "\n"


def review_around(heading: str, layout: str) -> str:
    return compose([("Introduction", INTRODUCTION), (heading, BODY), ("Discussion", DISCUSSION)], layout)


def test_the_generator_makes_many_forms():
    assert len(CASES) > 300
    assert {role for _, _, role, _ in CASES} == {"introduction", "methods", "results", "discussion", "conclusion", "other"}
    lines = {line for line, *_ in CASES}
    assert {"Résultats principaux", "Main results", "II – RÉSULTATS :", "Resultats", "Findings :"} <= lines


def _between_introduction_and_discussion(parsed, title: str, role: str, layout: str) -> list:
    """The sections of a generated review, checked to be Introduction, the heading under test
    (`title`, `role`) and Discussion."""
    sections = parsed.review.sections
    assert [s.heading for s in sections] == ["Introduction", title, "Discussion"], layout
    assert [s.role for s in sections] == ["introduction", role, "discussion"]
    return sections


@pytest.mark.parametrize(("line", "title", "role", "known"), CASES, ids=[c[0] for c in CASES])
def test_a_generated_heading_becomes_a_section_with_its_role(line, title, role, known):
    layout = LAYOUTS[sum(map(ord, line)) % len(LAYOUTS)]  # each variant in one layout, all layouts used
    parsed = parse_compte_rendu(review_around(line, layout))
    sections = _between_introduction_and_discussion(parsed, title, role, layout)
    assert sections[1].text.startswith("Le critère principal est survenu")
    assert sections[0].text.endswith("aux critères intermédiaires.")
    took = [note for note in parsed.notes if note.startswith("Took")]
    if known:
        assert took == []
    else:
        assert took == [
            f'Took "{title}" as the {role} heading (not a heading mia knows exactly); check the '
            "sections with: mia show mia_review_70"
        ]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_reads_qualified_headings(layout):
    parsed = parse_compte_rendu(review_around("Résultats principaux", layout))
    assert [s.heading for s in parsed.review.sections] == ["Introduction", "Résultats principaux", "Discussion"]


def test_the_first_heading_may_be_inferred_and_one_note_names_every_inferred_heading():
    text = compose(
        [("Contexte et objectifs", INTRODUCTION), ("Résultats principaux", BODY),
         ("Discussion générale", DISCUSSION)],
        "pdf",
    )
    parsed = parse_compte_rendu(text)
    assert [(s.heading, s.role) for s in parsed.review.sections] == [
        ("Contexte et objectifs", "introduction"), ("Résultats principaux", "results"),
        ("Discussion générale", "discussion"),
    ]
    assert parsed.review.article.title == "A Trial of Section Headings"
    assert [note for note in parsed.notes if "heading" in note] == [
        'Took "Contexte et objectifs" as the introduction heading, "Résultats principaux" as the '
        'results heading and "Discussion générale" as the discussion heading (not a heading mia '
        "knows exactly); check the sections with: mia show mia_review_70"
    ]


# --- lines that must stay text ------------------------------------------------------------------


def _stays_text(text: str, line: str) -> None:
    parsed = parse_compte_rendu(text)
    sections = parsed.review.sections
    assert [s.heading for s in sections] == ["Introduction", "Discussion"]
    assert line.strip() in sections[0].text
    assert not [note for note in parsed.notes if note.startswith("Took")]


def test_a_heading_shaped_line_without_a_blank_line_before_stays_text():
    # plain layout: a short capitalised line inside a paragraph
    lines = ["Les patients ont été randomisés en deux groupes de taille égale.", "Résultats principaux",
             "La mortalité était plus basse sous traitement."]
    _stays_text(compose([("Introduction", INTRODUCTION + lines), ("Discussion", DISCUSSION)], "plain"),
                "Résultats principaux")


def test_a_heading_shaped_line_after_a_line_that_runs_on_stays_text():
    # PDF layout (a blank line after every line): the line before is a full line, no sentence end
    lines = ["Les patients inclus dans les deux bras de l'essai ont eu, comme attendu par les auteurs et les",
             "Résultats principaux", "HAS 2021, une mortalité plus basse sous traitement à vingt-huit jours."]
    _stays_text(compose([("Introduction", INTRODUCTION + lines), ("Discussion", DISCUSSION)], "pdf"),
                "Résultats principaux")


def test_a_heading_shaped_line_before_a_small_letter_stays_text():
    lines = ["Les auteurs rapportent deux sortes de critères :", "Résultats principaux",
             "et secondaires, tous concordants en faveur du traitement par hydrocortisone à faible dose."]
    _stays_text(compose([("Introduction", INTRODUCTION + lines), ("Discussion", DISCUSSION)], "pdf"),
                "Résultats principaux")


@pytest.mark.parametrize("line", [
    "Résultats principaux.",  # a line ending with a full stop
    "Main results.",
    "Dre C. Roux, Dr T. Meier",  # a name line
    "Pr Jean Martin",
    "Résultats 6,2 % 11,9 % 0,006",  # a table row
    "Mortalité J28 | 25 | 47",
    "Patients",  # a table's column head, above "Le critère principal…"
    "Effets secondaires graves",  # heading-like, not in the vocabulary
    "Points clés pour l'étude",  # only qualifiers and linking words
    "résultats principaux",  # no capital
])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_line_that_is_not_a_known_heading_stays_text(line, layout):
    blocks = [("Introduction", INTRODUCTION), (None, [line]), (None, BODY), ("Discussion", DISCUSSION)]
    _stays_text(compose(blocks, layout), line)


def test_a_heading_shaped_line_followed_by_a_heading_is_not_a_section():
    text = compose([("Introduction", INTRODUCTION), (None, ["Résultats principaux"]), ("Discussion", DISCUSSION)], "plain")
    _stays_text(text, "Résultats principaux")


# --- the sample and Markdown ----------------------------------------------------------------------


def test_mia_review_50_keeps_its_results_section():
    parsed = read_path(REVIEWS / "mia_review_50.txt")
    sections = parsed.review.sections
    assert [(s.heading, s.role) for s in sections] == [
        ("Introduction", "introduction"), ("Méthodes", "methods"),
        ("Résultats principaux", "results"), ("Discussion", "discussion"),
    ]
    assert sections[2].text.startswith("795 patient.e.s ont été analysé.e.s")
    assert "795 patient" not in sections[1].text
    assert [note for note in parsed.notes if "heading" in note] == [
        'Took "Résultats principaux" as the results heading (not a heading mia knows exactly); '
        "check the sections with: mia show mia_review_50"
    ]


def test_an_english_headed_review_keeps_its_sections():
    parsed = read_path(REVIEWS / "mia_review_48.txt")
    assert [(s.heading, s.role) for s in parsed.review.sections] == [
        ("Introduction", "introduction"), ("Methods", "methods"), ("Results", "results"),
        ("Discussion", "discussion"),
    ]
    assert not [note for note in parsed.notes if "heading" in note]


def test_markdown_headings_get_the_same_roles():
    text = (
        "---\nid: mia_review_71\ntitle: Un essai\n---\n\n"
        "## Contexte de l'étude\n\nTexte.\n\n## Main results\n\nTexte.\n\n"
        "## 3. Résultats secondaires :\n\nTexte.\n\n## Effets indésirables\n\nTexte.\n"
    )
    sections = parse_markdown(text, source_name="mia_review_71.md").review.sections
    assert [(s.heading, s.role) for s in sections] == [
        ("Contexte de l'étude", "introduction"), ("Main results", "results"),
        ("3. Résultats secondaires :", "results"), ("Effets indésirables", "results"),
    ]


@pytest.mark.parametrize("heading", ["Bottom line", "Points clés", "En bref", "Key messages"])
def test_the_usual_closing_headings_are_known_as_conclusions(heading):
    """'Bottom line' closed an English review and was swallowed into its results (a probe of
    unseen reviews): such headings are known exactly, with the conclusion's role."""
    from mia.model.sections import known_role

    assert known_role(heading) == "conclusion"


def test_a_heading_taken_twice_is_named_once_in_the_note():
    text = compose([("Introduction", INTRODUCTION), ("Résultats principaux", BODY),
                    ("Résultats principaux", BODY), ("Discussion", DISCUSSION)], "plain")
    notes = [note for note in parse_compte_rendu(text).notes if "heading" in note]
    assert len(notes) == 1 and notes[0].count("Résultats principaux") == 1


UNKNOWN_HEADINGS = ["Regard critique", "Efficacité observée", "Ce que montre l'essai", "Our two cents", "Bilan du groupe"]


@pytest.mark.parametrize("line", UNKNOWN_HEADINGS)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_line_standing_like_a_heading_mia_does_not_know_stays_text_with_a_note(line, layout):
    """Its text stays in the section before it, glued: the note says so and how to split it."""
    parsed = parse_compte_rendu(review_around(line, layout).replace(f"\n{line}\n", f"\n\n{line}\n", 1))
    assert [s.heading for s in parsed.review.sections] == ["Introduction", "Discussion"]
    assert any(note == f'Kept "{line}" in the text: it stands like a heading mia does not know; if it is '
                       "one, split the section with: mia edit mia_review_70" for note in parsed.notes), parsed.notes


@pytest.mark.parametrize("layout", LAYOUTS)
def test_lines_that_do_not_stand_like_headings_get_no_such_note(layout):
    """Known and inferred headings, and the text lines of generated reviews, never get it."""
    for line, *_ in CASES[::7]:
        parsed = parse_compte_rendu(review_around(line, layout))
        assert not any(note.startswith("Kept") for note in parsed.notes), (line, parsed.notes)


# --- headings run into their paragraph ("Méthodes : essai randomisé …") ---------------------------

RUN_IN_CASES = [case for case in CASES if ":" not in case[0] and "–" not in case[1]]


def run_in(heading: str, lines: list[str], separator: str) -> list[str]:
    return [f"{heading}{separator}{lines[0][0].lower()}{lines[0][1:]}"] + lines[1:]


@pytest.mark.parametrize(("line", "title", "role", "known"), RUN_IN_CASES[::3], ids=[c[0] for c in RUN_IN_CASES[::3]])
def test_a_paragraph_opening_on_its_heading_becomes_a_section(line, title, role, known):
    """A review whose paragraphs open on their headings ("Contexte : la dyspnée …") has no
    heading alone on a line; it was refused as no compte-rendu. Each heading mia knows, exactly
    or by its words, now starts its section, its text the rest of the paragraph."""
    layout = LAYOUTS[sum(map(ord, line)) % len(LAYOUTS)]
    separator = (" : ", ": ", " :\u00a0", " — ", " – ", " - ")[sum(map(ord, line)) % 6]
    blocks = [(None, run_in("Introduction", INTRODUCTION, separator)), (None, run_in(line, BODY, separator)),
              (None, run_in("Discussion", DISCUSSION, separator))]
    sections = _between_introduction_and_discussion(parse_compte_rendu(compose(blocks, layout)), title, role, layout)
    assert sections[1].text.startswith("le critère principal est survenu")
    assert sections[2].text.endswith("mortalité plus basse.")


def test_a_run_in_heading_among_headings_on_their_lines_starts_a_section():
    lines = ["Résultats : le critère principal est survenu moins souvent sous traitement."]
    parsed = parse_compte_rendu(compose([("Introduction", INTRODUCTION), (None, lines), ("Discussion", DISCUSSION)],
                                        "pdf"))
    assert [s.heading for s in parsed.review.sections] == ["Introduction", "Résultats", "Discussion"]


@pytest.mark.parametrize("line", [
    "Critère principal : mortalité à 28 jours, sans différence.",  # not a heading
    "Résultats principaux: HAS 2021, une mortalité plus basse sous traitement à vingt-huit jours.",
])
def test_a_colon_line_that_goes_on_a_paragraph_or_names_no_heading_stays_text(line):
    before = "Les patients inclus dans les deux bras de l'essai ont eu, comme attendu par les auteurs et les"
    text = compose([("Introduction", INTRODUCTION + [before, line]), ("Discussion", DISCUSSION)], "pdf")
    _stays_text(text, line)
