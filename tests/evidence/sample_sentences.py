"""The bundled sample reviews and their sentences as the extractor splits them, for the tests
that check a quick test against its pattern on real text (test_design_pieces, test_measure_pieces)."""

from __future__ import annotations

from pathlib import Path

from mia.evidence import extract

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "reviews"
SAMPLE_PATHS = sorted(SAMPLES.glob("*.txt"))


def sample_sentences(path: Path) -> list[str]:
    """The sentences of a sample review's text."""
    text = path.read_text(encoding="utf-8")
    return [text[start:end] for start, end in extract.split_sentences(text)]
