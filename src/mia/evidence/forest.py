"""Forest plots of a trial's effects: a terminal layout, and an image with matplotlib.

A row is a dict ``{"label", "measure", "value", "ci_low", "ci_high", "n"}``.
Rows are grouped into one panel per measure, in the order the measures first
appear: ratios (HR, RR, OR, rate ratio) on a log scale with the line of no
effect at 1, differences (MD, ARD) on a linear scale with the line at 0.

:func:`forest_lines` is pure: it returns the lines, each exactly ``width``
columns wide (counting what is visible: with ``color=True`` only SGR styles
are added around the same characters), readable without colour:

* ``─`` whiskers for the interval, ``◄``/``►`` where it leaves the axis;
* a point marker whose size grows with N: ``·`` ``▪`` ``■`` ``█`` (``◆`` when
  the row has no N while others have one);
* ``│`` the line of no effect (``┼`` where a whisker crosses it);
* the effect as text on the right, ``HR 0.41 (0.21–0.80)``;
* under each panel, a ruler with ticks (``┴``) and their values.
"""

from __future__ import annotations

import math
from pathlib import Path

__all__ = ["forest_lines", "forest_image", "MARKERS", "UNKNOWN_N_MARKER"]

RATIO_KINDS = {"HR": "hazard ratio", "RR": "risk ratio", "OR": "odds ratio", "rate ratio": "rate ratio"}
DIFFERENCE_KINDS = {"MD": "mean difference", "ARD": "absolute risk difference", "SMD": "standardised mean difference"}
MARKERS = ("·", "▪", "■", "█")  # from the smallest N to the largest
UNKNOWN_N_MARKER = "◆"
DEFAULT_MARKER = "■"
WHISKER, CROSS, NO_EFFECT, LEFT, RIGHT = "─", "┼", "│", "◄", "►"
ELLIPSIS = "…"
_MIN_WIDTH = 24
_LOG_LIMITS = (math.log(1e-3), math.log(1e3))

_RESET = "\x1b[0m"
_STYLES = {
    "marker": "\x1b[1m",
    "whisker": "\x1b[36m",
    "arrow": "\x1b[33m",
    "ref": "\x1b[2m",
    "header": "\x1b[1m",
    "tick": "\x1b[2m",
}


# ---------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            number = float(value.strip().replace(",", ".").replace("\u2212", "-"))
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _measure_name(raw) -> str:
    text = str(raw or "").strip()
    for name in list(RATIO_KINDS) + list(DIFFERENCE_KINDS):
        if text.lower() == name.lower():
            return name
    if text.lower() in ("irr", "rapport des taux"):
        return "rate ratio"
    return text or "?"


def _is_ratio(measure: str) -> bool:
    return measure in RATIO_KINDS or (measure not in DIFFERENCE_KINDS and "ratio" in measure.lower())


class _Row:
    __slots__ = ("label", "measure", "value", "low", "high", "n")

    def __init__(self, raw: dict):
        # The review's number first (40 for mia_review_40): `mia results 40` and `mia show 40`
        # take it, and titles cut to the label's width often start alike ("A Randomized Trial…").
        number = str(raw.get("id") or "").rpartition("_")[2]
        label = " ".join(str(raw.get("label") or "").split())
        self.label = f"{number} {label}".strip() if number.isdigit() else label
        self.measure = _measure_name(raw.get("measure"))
        self.value = _number(raw.get("value"))
        self.low = _number(raw.get("ci_low"))
        self.high = _number(raw.get("ci_high"))
        if self.low is None or self.high is None:
            self.low = self.high = None
        elif self.low > self.high:
            self.low, self.high = self.high, self.low
        n = _number(raw.get("n"))
        self.n = n if n is not None and n > 0 else None
        if _is_ratio(self.measure):
            # No logarithm of what is not above 0.
            if self.value is not None and self.value <= 0:
                self.value = None
            if self.low is not None and self.low <= 0:
                self.low = self.high = None


def _fmt(x: float) -> str:
    if x == 0:
        return "0"
    size = abs(x)
    if size >= 100:
        return f"{x:.0f}"
    if size >= 10:
        return f"{x:.1f}"
    if size >= 0.01:
        return f"{x:.2f}"
    return f"{x:.2g}"


def _effect_text(row: _Row) -> str:
    if row.value is None:
        return f"{row.measure} n/a"
    if row.low is None:
        return f"{row.measure} {_fmt(row.value)}"
    joint = "\u2013" if row.low >= 0 and row.high >= 0 else " to "
    return f"{row.measure} {_fmt(row.value)} ({_fmt(row.low)}{joint}{_fmt(row.high)})"


def _fit(text: str, width: int) -> str:
    """Cut to ``width`` columns (with an ellipsis when cut), padded with spaces."""
    if width <= 0:
        return ""
    if len(text) > width:
        return text[: width - 1] + ELLIPSIS if width > 1 else ELLIPSIS
    return text + " " * (width - len(text))


# ---------------------------------------------------------------------------
# Scale
# ---------------------------------------------------------------------------


class _Scale:
    def __init__(self, rows: list[_Row], ratio: bool, columns: int):
        self.ratio = ratio
        self.columns = max(columns, 2)
        self.reference = 1.0 if ratio else 0.0
        t = self.t
        points = [t(r.value) for r in rows if r.value is not None] + [t(self.reference)]
        core_lo, core_hi = min(points), max(points)
        span = max(core_hi - core_lo, math.log(2) if ratio else (abs(core_hi) + abs(core_lo)) / 2 or 1.0)
        lows = [t(r.low) for r in rows if r.low is not None]
        highs = [t(r.high) for r in rows if r.high is not None]
        lo = min([core_lo] + lows)
        hi = max([core_hi] + highs)
        # An interval far wider than the spread of the estimates leaves the axis (with an arrow).
        lo = max(lo, core_lo - 1.5 * span)
        hi = min(hi, core_hi + 1.5 * span)
        if ratio:
            lo, hi = max(lo, _LOG_LIMITS[0]), min(hi, _LOG_LIMITS[1])
        if hi - lo < 1e-12:
            lo, hi = lo - 1.0, hi + 1.0
        pad = (hi - lo) * 0.04
        self.lo, self.hi = lo - pad, hi + pad

    def t(self, x: float) -> float:
        if self.ratio:
            return math.log(max(x, 1e-300))
        return x

    def inside(self, x: float) -> bool:
        return self.lo <= self.t(x) <= self.hi

    def column(self, x: float) -> int:
        fraction = (self.t(x) - self.lo) / (self.hi - self.lo)
        return min(self.columns - 1, max(0, round(fraction * (self.columns - 1))))

    def ticks(self) -> list[float]:
        """Candidate tick values, the most telling first (the reference first of all)."""
        if self.ratio:
            decades = [10.0 ** k for k in range(-3, 4)]
            others = [m * 10.0 ** k for k in range(-3, 3) for m in (2, 5)]
            candidates = [1.0] + [d for d in decades if d != 1.0] + others
            if sum(1 for c in candidates if self.inside(c)) < 3:
                candidates += [0.8, 1.25, 0.5, 0.67, 1.5, 0.75, 0.9, 1.1]
        else:
            raw_step = (self.hi - self.lo) / max(2, self.columns / 10)
            magnitude = 10 ** math.floor(math.log10(raw_step)) if raw_step > 0 else 1
            step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw_step)
            first = math.ceil(self.lo / step)
            last = math.floor(self.hi / step)
            candidates = [0.0] + [round(k * step, 10) for k in range(first, last + 1) if k != 0][:200]
        return [c for c in candidates if self.inside(c)]


# ---------------------------------------------------------------------------
# Cells (a character and its style)
# ---------------------------------------------------------------------------


def _render(cells: list[tuple[str, str | None]], color: bool) -> str:
    if not color:
        return "".join(ch for ch, _ in cells)
    out = []
    current = None
    for ch, style in cells:
        if style != current:
            if current is not None:
                out.append(_RESET)
            if style is not None:
                out.append(_STYLES[style])
            current = style
        out.append(ch)
    if current is not None:
        out.append(_RESET)
    return "".join(out)


def _plain(text: str, style: str | None = None) -> list[tuple[str, str | None]]:
    return [(ch, style) for ch in text]


def _marker(row: _Row, largest_n: float | None) -> str:
    if largest_n is None:
        return DEFAULT_MARKER
    if row.n is None:
        return UNKNOWN_N_MARKER
    weight = math.sqrt(row.n / largest_n)
    if weight < 0.2:
        return MARKERS[0]
    if weight < 0.5:
        return MARKERS[1]
    if weight < 0.8:
        return MARKERS[2]
    return MARKERS[3]


def _axis_cells(row: _Row, scale: _Scale, largest_n: float | None) -> list[tuple[str, str | None]]:
    cells: list[tuple[str, str | None]] = [(" ", None)] * scale.columns
    ref = scale.column(scale.reference)
    cells[ref] = (NO_EFFECT, "ref")
    if row.value is None:
        return cells
    if row.low is not None:
        a, b = scale.column(row.low), scale.column(row.high)
        for k in range(a, b + 1):
            cells[k] = (CROSS if k == ref else WHISKER, "ref" if k == ref else "whisker")
        if scale.t(row.low) < scale.lo:
            cells[0] = (LEFT, "arrow")
        if scale.t(row.high) > scale.hi:
            cells[-1] = (RIGHT, "arrow")
    if scale.t(row.value) < scale.lo:
        cells[0] = (LEFT, "arrow")
    elif scale.t(row.value) > scale.hi:
        cells[-1] = (RIGHT, "arrow")
    else:
        cells[scale.column(row.value)] = (_marker(row, largest_n), "marker")
    return cells


def _ruler(scale: _Scale) -> tuple[list[tuple[str, str | None]], list[tuple[str, str | None]]]:
    """The axis line with its ticks, and the line of tick values under it."""
    line = [WHISKER] * scale.columns
    values = [" "] * scale.columns
    for tick, col, start, text in _placed_ticks(scale):
        line[col] = "┴"
        values[start:start + len(text)] = list(text)
    return [(ch, "tick") for ch in line], [(ch, "tick") for ch in values]


def _placed_ticks(scale: _Scale) -> list[tuple[float, int, int, str]]:
    """The ticks whose values fit under the axis without touching: (value, column, start, text)."""
    placed = []
    taken: list[tuple[int, int]] = []
    for tick in scale.ticks():
        text = f"{tick:g}"
        col = scale.column(tick)
        start = min(max(0, col - len(text) // 2), scale.columns - len(text))
        if start < 0:
            continue
        end = start + len(text)
        if any(start <= b + 1 and a <= end + 1 for a, b in taken):  # two blank columns between labels
            continue
        taken.append((start, end))
        placed.append((tick, col, start, text))
    return placed


# ---------------------------------------------------------------------------
# The layout
# ---------------------------------------------------------------------------


def forest_lines(rows, width: int, color: bool = False) -> list[str]:
    """A forest plot laid out for a terminal ``width`` columns wide.

    One panel per measure (a header, one line per row, a ruler and its tick
    values), panels separated by a blank line. Every line is exactly ``width``
    visible columns. ``color`` only adds SGR styles around the same characters.
    """
    try:
        width = int(width)
    except (TypeError, ValueError):
        width = 80
    target = max(width, 1)
    work = max(target, _MIN_WIDTH)
    if work != target:
        color = False  # lines are cut to fit, which would cut the styles too
    parsed = [_Row(r) for r in (rows or []) if isinstance(r, dict)]
    if not parsed:
        lines = [_fit("(no effect to draw)", work)]
        return [line[:target] for line in lines]

    panels: dict[str, list[_Row]] = {}
    for row in parsed:
        panels.setdefault(row.measure, []).append(row)
    ns = [r.n for r in parsed if r.n is not None]
    largest_n = max(ns) if ns else None

    text_w = min(max(len(_effect_text(r)) for r in parsed), max(8, work * 2 // 5))
    label_w = min(max([len(r.label) for r in parsed] + [5]), max(5, work // 4), 28)
    axis_w = work - label_w - text_w - 2
    if axis_w < 10:
        text_w = max(6, work - label_w - 12)
        axis_w = work - label_w - text_w - 2
    if axis_w < 10:
        label_w = max(3, work - text_w - 12)
        axis_w = work - label_w - text_w - 2

    lines: list[str] = []
    for number, (measure, panel_rows) in enumerate(panels.items()):
        ratio = _is_ratio(measure)
        long_name = RATIO_KINDS.get(measure) or DIFFERENCE_KINDS.get(measure) or measure
        scale_name = "log scale, no effect at 1" if ratio else "linear scale, no effect at 0"
        if number:
            lines.append(" " * work)
        named = f"{measure} \u00b7 {long_name}" if long_name != measure else measure  # (not "rate ratio · rate ratio")
        header = _fit(f"{named} \u00b7 {scale_name}", work)
        lines.append(_render(_plain(header, "header"), color))
        scale = _Scale(panel_rows, ratio, axis_w)
        for row in panel_rows:
            cells = _plain(_fit(row.label or "\u2014", label_w) + " ")
            cells += _axis_cells(row, scale, largest_n)
            cells += _plain(" " + _fit(_effect_text(row), text_w))
            lines.append(_render(cells, color))
        ruler, values = _ruler(scale)
        lines.append(_render(_plain(" " * (label_w + 1)) + ruler + _plain(" " + _fit("log" if ratio else "linear", text_w)), color))
        lines.append(_render(_plain(" " * (label_w + 1)) + values + _plain(" " * (text_w + 1)), color))
    if work != target:
        lines = [line[:target] for line in lines]
    return lines


# ---------------------------------------------------------------------------
# The image
# ---------------------------------------------------------------------------


def forest_image(rows, path, fmt: str | None = None) -> Path:
    """Draw the same forest plot into an image file with matplotlib (imported here, lazily).

    ``fmt`` is any format matplotlib writes (png, svg, pdf...), by default the
    one the path's suffix names. Raises RuntimeError when matplotlib is missing.
    """
    try:
        from matplotlib.figure import Figure
        from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter, NullLocator
    except ImportError as error:
        raise RuntimeError(
            "forest_image needs matplotlib, which is not installed: pip install 'mia[plot]' "
            "(or pip install matplotlib)"
        ) from error
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".") or "png").lower()
    parsed = [_Row(r) for r in (rows or []) if isinstance(r, dict)]
    panels: dict[str, list[_Row]] = {}
    for row in parsed:
        panels.setdefault(row.measure, []).append(row)
    if not panels:
        panels = {"": []}
    ns = [r.n for r in parsed if r.n is not None]
    largest_n = max(ns) if ns else None
    heights = [max(1, len(p)) + 1.2 for p in panels.values()]
    figure = Figure(figsize=(9, 0.5 * sum(heights) + 0.3 * len(panels) + 0.6))
    axes = figure.subplots(len(panels), 1, squeeze=False, gridspec_kw={"height_ratios": heights})[:, 0]
    for ax, (measure, panel_rows) in zip(axes, panels.items()):
        ratio = _is_ratio(measure)
        reference = 1.0 if ratio else 0.0
        scale = _Scale(panel_rows, ratio, 60)
        if ratio:
            ax.set_xscale("log")
            ax.set_xlim(math.exp(scale.lo), math.exp(scale.hi))
        else:
            ax.set_xlim(scale.lo, scale.hi)
        ticks = sorted(tick for tick, _, _, _ in _placed_ticks(scale))
        ax.xaxis.set_major_locator(FixedLocator(ticks))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:g}"))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.tick_params(axis="x", labelsize=8)
        ax.axvline(reference, color="0.4", linewidth=1)
        labels = []
        for i, row in enumerate(panel_rows):
            y = -i
            label = row.label or "\u2014"
            labels.append(label if len(label) <= 30 else label[:29] + ELLIPSIS)
            if row.value is None:
                continue
            if row.low is not None:
                low = max(row.low, math.exp(scale.lo)) if ratio else max(row.low, scale.lo)
                high = min(row.high, math.exp(scale.hi)) if ratio else min(row.high, scale.hi)
                ax.hlines(y, low, high, color="tab:blue", linewidth=1.5)
                if low > row.low:
                    ax.plot([low], [y], marker="<", color="tab:blue", markersize=5)
                if high < row.high:
                    ax.plot([high], [y], marker=">", color="tab:blue", markersize=5)
            size = 6.0 if largest_n is None or row.n is None else 3.0 + 11.0 * math.sqrt(row.n / largest_n)
            ax.plot([row.value], [y], marker="s", markersize=size, color="tab:blue")
            ax.annotate(_effect_text(row), xy=(1.02, y), xycoords=("axes fraction", "data"), va="center", fontsize=8)
        ax.set_yticks([-i for i in range(len(panel_rows))])
        ax.set_yticklabels(labels, fontsize=8)
        ax.set_ylim(-len(panel_rows) + 0.4, 0.6)
        kind = "log scale" if ratio else "linear scale"
        long_name = RATIO_KINDS.get(measure) or DIFFERENCE_KINDS.get(measure) or measure
        ax.set_title(f"{measure} \u00b7 {long_name} ({kind})", fontsize=9, loc="left")
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
    figure.subplots_adjust(left=0.28, right=0.72, hspace=1.0)
    figure.savefig(str(path), format=fmt)
    return path
