"""The design patterns' quick test (`extract._DESIGN_PIECES`): a sentence holding none of a
tag's pieces is not searched with its pattern. The tags found must be those the patterns alone
find, on the sample reviews' sentences and on design wordings generated in both languages, in
several cases and surroundings."""

from __future__ import annotations

import itertools

import pytest

from mia.evidence import extract
from sample_sentences import SAMPLE_PATHS, sample_sentences


# Wordings of every design tag, as reviews write them (French and English, accents, plurals).
WORDINGS = [
    "essai contrôlé randomisé", "ECR multicentrique", "RCT", "randomized controlled trial", "tirés au sort",
    "tirage au sort", "randomly assigned", "patients randomisés 1:1", "double aveugle", "double-blind",
    "triple insu", "doubly blind", "en double insu contre placebo", "open-label", "ouvert", "essai ouvert",
    "étude, pragmatique, ouverte", "ECR ouvert", "sans insu", "unblinded", "non-blinded", "could not be blinded",
    "n'ont pas pu être mis en aveugle", "neither patients nor clinicians were masked", "open trial",
    "multicentrique", "multi-centre", "dans 164 hôpitaux de 15 pays", "at 60 trial sites", "in 12 countries",
    "dans plusieurs centres", "mené en Pologne, Norvège et Suède", "conducted in France and Belgium",
    "réalisée dans les centres du réseau", "un essai international de phase 3", "a multinational trial",
    "across 36 NHS ambulance services", "dans 40 cabinets de médecine générale", "in 120 general practices",
    "monocentrique", "uni-centre", "single-center", "single site", "un seul centre", "one centre",
    "non-infériorité", "non inferiority", "noninferiority", "cluster-randomised", "essai en grappes",
    "randomisation par grappes", "stepped-wedge", "cross-over", "crossover", "chassé-croisé", "étude de cohorte",
    "cohort study", "cohorte prospective", "nationwide cohort", "population-based cohort", "cas-témoins",
    "case-control", "méta-analyse", "meta-analysis", "network meta-analysis", "métaanalyse", "cohorte",
    "could cross over to pembrolizumab", "non randomisé", "pas en aveugle",
]
FRAMES = ["{}", "Il s'agit d'un {}.", "This was a {} of 3,000 patients.", "Méthode : {}, 2 ans de suivi.",
          "({})", "Les auteurs rappellent une {} antérieure."]
CASES = [str, str.upper, str.capitalize, str.title]


def tags_without_pieces(sentence: str, monkeypatch) -> set[str]:
    with monkeypatch.context() as patched:
        patched.setattr(extract, "_DESIGN_PIECES", {tag: ("",) for tag in extract._DESIGN_PIECES})
        return extract._tags_in(sentence)


def test_every_tag_has_its_pieces():
    assert set(extract._DESIGN_PIECES) == set(extract._DESIGN_RES)
    assert all(piece == piece.lower() and piece.isascii() for pieces in extract._DESIGN_PIECES.values()
               for piece in pieces)


def test_generated_wordings_get_the_tags_the_patterns_alone_give(monkeypatch):
    checked = found = 0
    for wording, frame, case in itertools.product(WORDINGS, FRAMES, CASES):
        sentence = case(frame.format(wording))
        expected = tags_without_pieces(sentence, monkeypatch)
        assert extract._tags_in(sentence) == expected, sentence
        checked += 1
        found += bool(expected)
    assert checked == len(WORDINGS) * len(FRAMES) * len(CASES) and found > checked // 2


@pytest.mark.parametrize("path", SAMPLE_PATHS, ids=lambda p: p.stem)
def test_the_sample_reviews_sentences_get_the_tags_the_patterns_alone_give(path, monkeypatch):
    for sentence in sample_sentences(path):
        assert extract._tags_in(sentence) == tags_without_pieces(sentence, monkeypatch), sentence
