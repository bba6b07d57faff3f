"""No text is lost by the compte-rendu importer, whatever its headings: generated reviews mix
known, inferred, unknown and question-shaped headings, a first heading mia does not know or no
heading before the text, in both layouts the club's files come in; every word of the text must
be found in the record (its sections and their headings). A review whose rationale, methods and
results sat under unknown headings before a known one was once imported with those parts gone."""

from __future__ import annotations

import random
import re

import pytest

from test_headings import BODY, DISCUSSION, INTRODUCTION, compose

from mia.importers.compte_rendu import parse_compte_rendu

HEADINGS = [
    "Introduction", "Méthodes", "Résultats principaux", "Discussion", "Conclusion",  # known or inferred
    "Pourquoi cet essai ?", "Ce qu'ils ont fait", "Ce qu'ils ont trouvé", "Notre avis", "En pratique",
    "What they did", "Take-home message", "Le problème", "Et maintenant ?",
]
TEXTS = [INTRODUCTION, BODY, DISCUSSION]


def words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[^\W\d_]{4,}", text)}


@pytest.mark.parametrize("seed", range(40))
def test_every_word_of_a_generated_review_is_in_its_record(seed):
    rng = random.Random(seed)
    blocks: list[tuple[str | None, list[str]]] = []
    for index in range(rng.randint(1, 5)):
        heading = None if index == 0 and rng.random() < 0.25 else rng.choice(HEADINGS)
        blocks.append((heading, rng.choice(TEXTS)))
    if not any(heading in ("Introduction", "Méthodes", "Discussion", "Conclusion") for heading, _ in blocks):
        blocks.append(("Discussion", DISCUSSION))  # (a review needs one heading mia knows)
    layout = rng.choice(["plain", "pdf", "pdf-blank-after-heading"])
    review = parse_compte_rendu(compose(blocks, layout)).review
    kept = words(" ".join(f"{s.heading} {s.text}" for s in review.sections))
    written = words(" ".join(f"{heading or ''} {' '.join(lines)}" for heading, lines in blocks))
    assert written - kept == set(), (blocks, [s.heading for s in review.sections])
