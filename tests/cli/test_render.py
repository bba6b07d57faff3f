"""Rendering helpers: literal data, and the list table."""

from __future__ import annotations

import re

import pytest

from mia.cli import render
from mia.cli.render import plain, reviews_table, safe

ROWS = [
    {"id": "mia_review_1", "title": "Un titre très long " * 5, "journal": "N Engl J Med", "year": "2021", "published": "2021-10-30"},
    {"id": "mia_review_22", "title": "Court [in vitro]\x1b[2J", "journal": "", "year": "", "published": ""},
]


def test_plain_removes_control_characters_but_keeps_lines_and_tabs():
    assert plain("a\x1b[2Jb\x9bc\td\ne\u00a0f") == "abc\td\ne f"


@pytest.mark.parametrize("written, left", [
    ("Etude [in vitro] et \x1b[31;1mROUGE\x1b[0m fin", "Etude [in vitro] et ROUGE fin"),  # colour copied from a terminal
    ("titre\x1b]0;pwned\x07 suite", "titre suite"),  # a window title (OSC, ended by BEL)
    ("titre\x1b]8;;http://x\x1b\\lien", "titrelien"),  # a link (OSC, ended by ESC \\)
    ("a\x1b]0;no end\nnext", "a0;no end\nnext"),  # an OSC never ended: only its ESC ] goes, no text after
    ("\x1b7saved\x1b8", "7saved8"),  # ESC and a digit is no sequence mia knows: ESC alone goes
    ("fin\x1b", "fin"),
])
def test_a_sequence_esc_starts_goes_whole_its_parameters_with_it(written, left):
    """`[31mROUGE[0m`, left by removing ESC alone, hid ROUGE from the search and printed
    debris; the one policy (base.controls) now removes the sequence whole, at import and print."""
    assert plain(written) == left


def test_safe_escapes_rich_markup():
    assert safe("[bold]x[/bold]") == "\\[bold]x\\[/bold]"


def test_list_table_fits_the_terminal_width():
    lines = reviews_table(ROWS, 80)
    assert lines[0].split() == ["Id", "Title", "Journal", "Year", "Reviewed"]
    assert all(len(line) <= 80 for line in lines)
    assert "…" in lines[1]
    assert lines[2] == "mia_review_22  Court [in vitro]"


def test_list_table_on_a_pipe_cuts_nothing():
    lines = reviews_table(ROWS, None)
    assert ("Un titre très long " * 5).strip() in lines[1]
    assert "\x1b" not in "".join(lines)


def test_at_60_columns_the_title_gets_the_room_before_the_journal():
    rows = [dict(ROWS[0], journal="Journal of the American College of Cardiology")]
    lines = reviews_table(rows, 60)
    assert lines[0].split() == ["Id", "Title", "Journal", "Year"]  # the publication date left out
    assert lines[1] == "mia_review_1  Un titre très long Un titre t…  Journa…  2021"  # 30 characters of title, 7 of journal
    assert all(len(line) < 60 for line in lines)
    # Wide enough, the journal is whole and the title gets the rest.
    lines = reviews_table(rows, 140)
    assert "Journal of the American College of Cardiology  2021  2021-10-30" in lines[1]
    assert len(lines[1]) < 140
    # The trash's table has no journal: its title takes the room left.
    trash = reviews_table([{"id": "mia_review_1", "title": "T" * 80, "removed": "2026-01-01", "version": "V0"}], 60, render.TRASH_COLUMNS)
    assert trash[1] == "mia_review_1  " + "T" * 23 + "…  2026-01-01  V0"


def test_a_hits_details_and_snippet_wrap_at_spaces_whether_styled_or_not():
    from mia.search.results import Hit, SearchResult

    snippet = "… TPI prochainement, notamment dans les cas réfractaires aux GC seuls où l'ajout du MMF devrait être considéré …"
    hit = Hit("mia_review_40", 1.0, "Thrombocytopénie immune", snippet, spans=[(2, 5)],
              fields=["title", "keywords", "article_title", "sections"], journal="NEJM", year=2021,
              routes=["thrombocytopénie immune ← ITP", "immune thrombocytopenia ← ITP", "TPI ← ITP"])
    result = SearchResult("ITP", [hit], 1)
    for style in (False, True):
        text = render.search_hits_text(result, width=60, style=style)
        lines = re.sub(r"\x1b\[[0-9;]*m", "", text).splitlines()
        assert all(len(line) <= 60 for line in lines), lines
        assert lines[3:6] == [
            "    NEJM, 2021 · in title, keywords, article title, text ·",
            "      thrombocytopénie immune ← ITP ; immune",
            "      thrombocytopenia ← ITP ; TPI ← ITP",
        ]
        words = " ".join(line.strip() for line in lines[3:]).split()
        assert words == (render._hit_details(hit) + " " + snippet).split()  # no word cut
    # On a pipe (no width) each stays one line.
    assert render.search_hits_text(result, width=None, style=False).splitlines()[3].endswith("TPI ← ITP")


@pytest.mark.parametrize("width", range(40, 120, 7))
def test_no_line_of_a_hits_details_starts_with_a_separator(width):
    from mia.search.results import Hit, SearchResult

    hit = Hit("mia_review_40", 1.0, "Thrombocytopénie immune", "", fields=["title", "keywords", "sections"],
              journal="N Engl J Med", year=2021, missing=["zzqx"],
              routes=["thrombocytopénie immune ← ITP", "immune thrombocytopenia ← ITP", "TPI ← ITP", "PTI ← ITP"])
    lines = render.search_hits_text(SearchResult("ITP zzqx", [hit], 1), width=width, style=False).splitlines()[3:]
    assert lines and not any(line.strip().startswith((";", "·")) for line in lines), lines
    assert "\u00a0" not in "".join(lines)
    assert " ".join(" ".join(lines).split()).endswith("PTI ← ITP · missing: zzqx")


def test_a_time_in_plain_words():
    import datetime

    from mia.cli.render import plain_time

    now = datetime.datetime(2026, 12, 7, 21, 0, 0)
    assert plain_time(datetime.datetime(2026, 12, 7, 20, 10, 45), now) == "7 December 2026 at 20:10:45 (today)"
    assert plain_time(datetime.datetime(2026, 12, 6, 9, 5, 0), now) == "6 December 2026 at 09:05:00 (yesterday)"
    assert plain_time(datetime.datetime(2026, 1, 31, 0, 0, 1), now) == "31 January 2026 at 00:00:01"


# --- one greedy wrap: search snippets (highlighted_lines) and mia diff's excerpts (_marked_lines) ---

@pytest.mark.parametrize("lengths, width, lines", [
    ([3, 3, 3], 7, [(0, 2), (2, 3)]),  # "aaa aaa" fills 7
    ([3, 3, 3], 6, [(0, 1), (1, 2), (2, 3)]),
    ([2, 12, 2], 5, [(0, 1), (1, 2), (2, 3)]),  # a longer word whole, alone
    ([0, 12, 2], 5, [(0, 2), (2, 3)]),  # a line takes words until it holds something: no empty line
    ([0, 0, 12], 5, [(0, 2), (2, 3)]),
    ([], 5, []),
])
def test_the_greedy_wrap(lengths, width, lines):
    assert render._greedy_lines(lengths, width) == lines


WORDS = ("Essai randomisé en double aveugle chez 8442 patients atteints d'insuffisance cardiaque "
         "à fraction d'éjection réduite, https://doi.org/10.1056/NEJMoa1409077 arrêté précocement pour bénéfice")


@pytest.mark.parametrize("width", [40, 50, 61, 80])
def test_a_search_snippet_and_a_diff_excerpt_wrap_the_same_words_alike(width):
    snippet = render.highlighted_lines(WORDS, [], width, indent="  ")
    assert render._marked_lines([("same", WORDS)], width, False) == snippet
    assert all(len(line) <= width for line in snippet if " " in line.strip())
    # marked words take their room on the screen, not their escape sequences'
    words = WORDS.split(" ")
    parts = [("same", " ".join(words[:5])), ("removed", " ".join(words[5:9])), ("same", " ".join(words[9:]))]
    styled = render._marked_lines(parts, width, True)
    assert [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in styled] == snippet


def test_a_version_label_a_member_wrote_is_quoted_in_the_commands_to_copy():
    """A review's Markdown may name its version as the member likes (`version: V1 relue`): the
    `mia diff` and `mia show --version` offered copy whole, as every command mia offers."""
    conflict = {"id": "mia_review_40", "title": "T", "fields": ["text"], "versions": ["V1 relue", "V2"], "members": ["", ""]}
    assert "Compare: mia diff mia_review_40 'V1 relue' V2." in render.conflicts_text([conflict])
    assert "See: mia diff mia_review_40 'V1 relue' V2;" in render.conflict_line("mia_review_40", conflict)
    accepted = render.accepted_text(conflict)
    assert "mia show mia_review_40 --version 'V1 relue'" in accepted and "(mia diff mia_review_40 'V1 relue' compares" in accepted
