"""French and English stems meet through a light cross-language normalisation."""

from __future__ import annotations

from pathlib import Path

import pytest

from mia.search.analysis import fold
from mia.search.stemming import _load_stemmers, cross_normalise, stem_keys


def keys(word: str) -> set[str]:
    return set(stem_keys(fold(word)))


@pytest.mark.parametrize(
    "french, english",
    [
        ("thrombocytopénie", "thrombocytopenia"),
        ("glucocorticoïdes", "glucocorticoids"),
        ("warfarine", "warfarin"),
        ("mycophénolate", "mycophenolate"),
        ("cardiaque", "cardiac"),
        ("hémorragie", "haemorrhage"),
        ("hémorragies", "hemorrhage"),
        ("splénectomie", "splenectomy"),
        ("pulmonaire", "pulmonary"),
        ("artérielle", "arterial"),
        ("clinique", "clinical"),
        ("chronique", "chronic"),
        ("leucémie", "leukemia"),
        ("anémie", "anaemia"),
        ("récepteur", "receptor"),
        ("hospitalisation", "hospitalization"),
        ("intervalle", "interval"),
        ("œdème", "oedema"),
        ("œdème", "edema"),
        ("colchicine", "colchicine"),
        ("randomisation", "randomization"),
        ("inflammatoire", "inflammatory"),
        ("respiratoires", "respiratory"),
        ("circulatoire", "circulatory"),
        ("ambulatoire", "ambulatory"),
        ("exploratoire", "exploratory"),
        ("laboratoire", "laboratory"),
        ("miroir", "mirror"),
        # an inflammation: English -itis, French -ite
        ("hépatite", "hepatitis"),
        ("péricardite", "pericarditis"),
        ("thyroïdite", "thyroiditis"),
        ("bronchiolite", "bronchiolitis"),
        ("appendicite", "appendicitis"),
        ("méningite", "meningitis"),
    ],
)
def test_french_and_english_forms_meet(french, english):
    assert keys(french) & keys(english)


@pytest.mark.parametrize(
    "one, other",
    [
        ("infection", "infarction"),
        ("hypertension", "hypotension"),
        ("anémie", "anomalie"),
        ("artérielle", "artérite"),
        ("insuline", "insulaire"),
        ("hépatite", "hépatique"),
        # an English inflammation is not its organ's adjective (the French stemmer cut -itis)
        ("hepatitis", "hépatique"),
        ("hepatitis", "hepatic"),
        ("pericarditis", "péricarde"),
        ("thyroiditis", "thyroïde"),
        ("prostatitis", "prostate"),
        ("pancreatitis", "pancréatique"),
        ("lymphome", "lymphocyte"),
        ("thrombose", "thrombine"),
        ("patient", "patente"),
        # (a stem of three letters is no key: foie and fois met on `foi`, bones and bonne on `bon`)
        ("foie", "fois"),
        ("bones", "bonne"),
        ("mois", "moi"),
        ("dose", "dos"),
        ("pays", "pay"),
    ],
)
def test_different_words_stay_apart(one, other):
    assert not keys(one) & keys(other)


def test_the_two_stemmers_alone_do_not_always_agree():
    """Why the normalisation exists: raw French and English stems of twins can differ."""
    french, english = _load_stemmers()
    raw = lambda w: {french(w), english(w)}  # noqa: E731
    assert not raw("cardiaque") & raw("cardiac")
    assert not raw("hemorragie") & raw("haemorrhage")
    assert keys("cardiaque") & keys("cardiac")


def test_singular_and_plural_meet_in_both_languages():
    assert keys("plaquette") & keys("plaquettes")
    assert keys("infection") & keys("infections")
    assert keys("glucocorticoïde") & keys("glucocorticoïdes")


def test_short_words_and_words_with_digits_are_their_own_key():
    assert stem_keys("gc") == ("gc",)
    assert stem_keys("les") == ("les",)
    assert stem_keys("covid19") == ("covid19",)


def test_normalisation_leaves_short_stems_alone():
    assert cross_normalise("anti") == "anti"
    assert cross_normalise("cardiaqu") == "cardiac"
    assert cross_normalise("haemorrhag") == cross_normalise("hemorrag") == "hemorag"


def test_the_compiled_and_pure_python_stemmers_give_the_same_stems():
    """An index built with one stemmer must answer queries stemmed by the other (an install
    without PyStemmer falls back on snowballstemmer)."""
    import re

    from mia.search import stemming
    from mia.search.analysis import fold
    from mia.lexicon.files import read_package_lexicon

    compiled = stemming._compiled_stemmers()
    assert compiled is not None, "PyStemmer is a dependency: it should import"
    pure = stemming._pure_python_stemmers()
    text = read_package_lexicon() + (Path(__file__).parents[2] / "data" / "reviews" / "mia_review_40.txt").read_text(encoding="utf-8")
    words = sorted({fold(w) for w in re.findall(r"[^\W\d_]{4,}", text)})
    assert len(words) > 3000
    for language in (0, 1):
        differing = [w for w in words if compiled[language](w) != pure[language](w)]
        assert differing == []


def test_without_pystemmer_the_pure_python_stemmers_are_used(monkeypatch):
    import sys

    from mia.search import stemming

    monkeypatch.setitem(sys.modules, "Stemmer", None)  # import Stemmer raises ImportError
    monkeypatch.setattr(stemming, "_STEMMERS", None)
    monkeypatch.setattr(stemming, "_KEY_CACHE", {})
    assert stemming._compiled_stemmers() is None
    assert stemming.stem_keys("thrombocytopenie") == ("thrombocitopen",)  # cross-normalised (y -> i)
    assert stemming._STEMMERS is not None and "snowball" in stemming._STEMMERS[0].__module__


def test_de_contracted_with_an_article_has_the_key_de():
    """`des` and `du` are `de` with an article: one key, so that a concept's form is found
    whichever the text writes (`inhibiteurs des Janus kinases`, `inhibiteur de Janus kinase`)."""
    assert stem_keys("des") == stem_keys("du") == stem_keys("de") == ("de",)
    assert stem_keys("les") != stem_keys("de")
