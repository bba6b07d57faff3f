"""A table as a PDF gives it (cells apart by runs of spaces) keeps one row a paragraph: joined
to the text around it, its cells ran into the sentences and its rows into each other; and its
rows are never taken for headings."""

from __future__ import annotations

import itertools

import pytest
from test_headings import BODY, DISCUSSION, INTRODUCTION, compose

from mia.importers.compte_rendu import parse_compte_rendu
from mia.importers.textclean import is_table_row

HEADER = ["Critère (à 18 mois)", "Différence lécanemab - placebo (IC95%)", "p"]
ROWS = [["CDR-SB", "-0,45 (-0,67 à -0,23)", "<0,001"], ["ADCOMS", "-0,050 (-0,074 à -0,027)", "<0,001"],
        ["Mortalité J90", "43,0 %", "0,03"]]


def _line(cells: list[str], gap: str) -> str:
    return gap.join(cells)


@pytest.mark.parametrize(("gap", "layout"), list(itertools.product(["   ", "    ", "\t", "\u00a0  ", " | ", "|"],
                                                                   ["plain", "pdf", "pdf-blank-after-heading"])))
def test_a_table_s_rows_stay_rows(gap, layout):
    table = [_line(HEADER, gap)] + [_line(row, gap) for row in ROWS]
    text = compose([("Introduction", INTRODUCTION), ("Résultats", BODY[:1] + table + BODY[1:]),
                    ("Discussion", DISCUSSION)], layout)
    parsed = parse_compte_rendu(text)
    results = next(s for s in parsed.review.sections if s.heading == "Résultats")
    paragraphs = results.text.split("\n\n")
    for line in table:
        assert line.replace("\u00a0", " ").replace("\t", "    ").strip() in paragraphs, (line, paragraphs)
    assert not any("stand" in note and "CDR-SB" in note for note in parsed.notes)


@pytest.mark.parametrize("line", [
    "Tolérance\u00a0 : réactions à la perfusion 26,4 % vs 7,4 %\u00a0 ; ARIA-E 12,6 % vs 1,7 %",  # French spacing
    "la qualité de vie à la 12  semaine ; 27 sont décédés avant la 12  semaine",  # lost superscripts
    "Critère    principal",  # two cells: not a table
    "Critère | principal",  # (bars) two cells
    "le score PANSS | la CGI-S et le reste du texte, sans autre barre",
])
def test_a_line_of_text_is_not_a_table_row(line):
    assert not is_table_row(line)


@pytest.mark.parametrize("layout", ["plain", "pdf"])
def test_a_row_wrapped_in_the_middle_of_a_cell_is_one_row(layout):
    """A long row with bars wraps in the PDF's text: the line opening on a lower-case letter or a
    closing bracket goes on with it, and the line after a row left unfinished (a bracket open, a
    "p <" at its end) too; the text after the table starts a paragraph of its own."""
    table = ["Suivi médian de quatre ans. Critère principal | Fébuxostat 172 évènements (1,72 /100",
             "patient-années) | Allopurinol 241 évènements (2,05 /100 patient-années) | HR ajusté 0,85 | p <",
             "0,0001 pour la non-infériorité.",
             "Pas d'augmentation des décès cardiovasculaires."]
    text = compose([("Introduction", INTRODUCTION), ("Résultats", table), ("Discussion", DISCUSSION)], layout)
    results = next(s for s in parse_compte_rendu(text).review.sections if s.heading == "Résultats")
    assert ("Critère principal | Fébuxostat 172 évènements (1,72 /100 patient-années) | Allopurinol 241 évènements "
            "(2,05 /100 patient-années) | HR ajusté 0,85 | p < 0,0001 pour la non-infériorité.") in results.text
    assert "\n\nPas d'augmentation" in results.text or results.text.endswith("Pas d'augmentation des décès cardiovasculaires.")


def test_a_row_ending_on_an_empty_cell_s_dash_is_finished():
    """"74 Gy/37 fr | 1 065 | référence | –": the dash is an empty cell, not a row going on."""
    table = ["Bras | n | HR (IC 90 %)", "74 Gy/37 fr | 1 065 | –", "60 Gy/20 fr | 1 074 | 0,84 (0,68–1,03)",
             "Le schéma de 60 Gy est non inférieur."]
    text = compose([("Introduction", INTRODUCTION), ("Résultats", table), ("Discussion", DISCUSSION)], "pdf")
    results = next(s for s in parse_compte_rendu(text).review.sections if s.heading == "Résultats")
    assert results.text.split("\n\n") == table
