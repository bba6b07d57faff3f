"""forest_lines: exact widths, log and linear panels, the line of no effect, markers by N, no colour."""

from __future__ import annotations

import re
import sys

import pytest

from mia.evidence.forest import LEFT, MARKERS, NO_EFFECT, RIGHT, forest_image, forest_lines

SGR = re.compile(r"\x1b\[[0-9;]*m")
ROWS = [
    {"label": "Treatment failure (primary outcome)", "measure": "HR", "value": 0.41, "ci_low": 0.21,
     "ci_high": 0.8, "n": 120},
    {"label": "Death", "measure": "HR", "value": 1.1, "ci_low": 0.5, "ci_high": 2.4, "n": 1200},
    {"label": "Infection", "measure": "OR", "value": 1.3, "ci_low": None, "ci_high": None, "n": None},
    {"label": "Quality of life", "measure": "MD", "value": -2.3, "ci_low": -4.1, "ci_high": -0.5, "n": 120},
    {"label": "Bleeding", "measure": "ARD", "value": -5.2, "ci_low": -8.1, "ci_high": -2.3, "n": 400},
    {"label": "Falls", "measure": "rate ratio", "value": 0.72, "ci_low": 0.58, "ci_high": 0.9, "n": 2680},
]


def _panel(lines, measure):
    """The lines of one panel: header, rows, ruler, tick values."""
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{measure} \u00b7"))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start:end]


def _columns(line, chars):
    return [i for i, ch in enumerate(line) if ch in chars]


@pytest.mark.parametrize("width", [60, 80, 120])
def test_every_line_is_exactly_the_width(width):
    lines = forest_lines(ROWS, width)
    assert lines and all(len(line) == width for line in lines)
    colored = forest_lines(ROWS, width, color=True)
    assert [SGR.sub("", line) for line in colored] == lines
    assert any("\x1b[" in line for line in colored)


@pytest.mark.parametrize("width", [60, 80, 120])
def test_no_colour_has_no_escape(width):
    assert not any("\x1b" in line for line in forest_lines(ROWS, width))


def test_odd_widths_and_rows():
    for width in (1, 5, 23, 24, 33, 200):
        lines = forest_lines(ROWS, width)
        assert all(len(line) == width for line in lines)
    assert all(len(line) == 40 for line in forest_lines([], 40))
    assert all(len(line) == 40 for line in forest_lines([{"measure": "HR"}, "junk", {"value": "x"}], 40))


def test_one_panel_per_measure_log_for_ratios_linear_for_differences():
    lines = forest_lines(ROWS, 100)
    headers = [line for line in lines if " \u00b7 " in line]
    assert [h.split(" \u00b7 ")[0] for h in headers] == ["HR", "OR", "MD", "ARD", "rate ratio"]
    for header in headers:
        ratio = header.split(" \u00b7 ")[0] in ("HR", "OR", "rate ratio")
        assert ("log scale" in header) == ratio and ("linear scale" in header) == (not ratio)


def test_log_scale_puts_reciprocal_ratios_at_equal_distances():
    rows = [{"label": "a", "measure": "HR", "value": 0.25, "ci_low": None, "ci_high": None, "n": None},
            {"label": "b", "measure": "HR", "value": 4.0, "ci_low": None, "ci_high": None, "n": None},
            {"label": "c", "measure": "HR", "value": 2.0, "ci_low": None, "ci_high": None, "n": None}]
    panel = _panel(forest_lines(rows, 80), "HR")
    ref = _columns(panel[1], NO_EFFECT)[0]
    marks = [_columns(line, "■")[0] for line in panel[1:4]]
    assert abs((ref - marks[0]) - (marks[1] - ref)) <= 1
    assert abs((marks[2] - ref) * 2 - (marks[1] - ref)) <= 2  # log 2 is half of log 4


def test_linear_scale_for_differences():
    rows = [{"label": "a", "measure": "MD", "value": -2.0, "n": None},
            {"label": "b", "measure": "MD", "value": 4.0, "n": None}]
    panel = _panel(forest_lines(rows, 80), "MD")
    ref = _columns(panel[1], NO_EFFECT)[0]
    a, b = _columns(panel[1], "■")[0], _columns(panel[2], "■")[0]
    assert abs((b - ref) - 2 * (ref - a)) <= 2


@pytest.mark.parametrize("measure, reference", [("HR", "1"), ("OR", "1"), ("MD", "0"), ("ARD", "0"),
                                                 ("rate ratio", "1")])
def test_no_effect_line_at_one_or_zero(measure, reference):
    panel = _panel(forest_lines(ROWS, 120), measure)
    rows, ruler, ticks = panel[1:-2], panel[-2], panel[-1]
    columns = {(_columns(line, NO_EFFECT + "┼") or _columns(line, "".join(MARKERS) + "◆■"))[0] for line in rows}
    assert len(columns) == 1
    col = columns.pop()
    assert ruler[col] == "┴"
    # The tick value under it is the reference, centred on that column.
    token = re.search(r"\S+", ticks[max(0, col - 3):col + 4])
    assert token and token.group() == reference


def test_marker_grows_with_n():
    rows = [{"label": f"n={n}", "measure": "HR", "value": 0.8, "ci_low": 0.6, "ci_high": 1.2, "n": n}
            for n in (20, 400, 2000, 10000)]
    panel = _panel(forest_lines(rows, 80), "HR")
    sizes = []
    for line in panel[1:5]:
        found = [MARKERS.index(ch) for ch in line if ch in MARKERS]
        assert len(found) == 1
        sizes.append(found[0])
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]
    assert sizes[-1] == len(MARKERS) - 1


def test_missing_interval_shows_the_point_only():
    panel = _panel(forest_lines(ROWS, 80), "OR")
    row = panel[1]
    assert "─" not in row and "◆" in row
    assert row.rstrip().endswith("OR 1.30")


def test_arrows_when_the_interval_leaves_the_axis():
    rows = [{"label": "wide", "measure": "HR", "value": 0.9, "ci_low": 0.001, "ci_high": 900, "n": 10},
            {"label": "narrow", "measure": "HR", "value": 0.8, "ci_low": 0.7, "ci_high": 0.9, "n": 10}]
    panel = _panel(forest_lines(rows, 80), "HR")
    assert LEFT in panel[1] and RIGHT in panel[1]
    assert LEFT not in panel[2] and RIGHT not in panel[2]


def test_effect_text_and_truncated_label():
    lines = forest_lines(ROWS, 60)
    first = _panel(lines, "HR")[1]
    assert "HR 0.41 (0.21\u20130.80)" in first
    assert "\u2026" in first and first.startswith("Treatment")
    md = _panel(forest_lines(ROWS, 120), "MD")[1]
    assert "MD -2.30 (-4.10 to -0.50)" in md


def test_forest_image_without_matplotlib(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(RuntimeError, match=r"pip install 'mia\[plot\]'"):
        forest_image(ROWS, tmp_path / "forest.png", "png")


def test_forest_image(tmp_path):
    pytest.importorskip("matplotlib")
    for fmt in ("png", "svg"):
        path = forest_image(ROWS, tmp_path / f"forest.{fmt}", fmt)
        assert path.exists() and path.stat().st_size > 1000
