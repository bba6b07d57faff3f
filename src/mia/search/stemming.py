"""French and English stems, and the light normalisation that lets the two languages meet.

Reviews are French, the articles they review English, and clinicians type either. A word is
therefore given *stem keys*: its French Snowball stem and its English Snowball stem, each passed
through `cross_normalise`. Two words match at the stem level when their key sets intersect.

Why the cross normalisation: the two stemmers often leave a French word and its English twin one
letter apart (thrombocytopénie → `thrombocytopen` / `thrombocytopeni`; cardiaque → `cardiaqu`,
cardiac → `cardiac`; hémorragie → `hemorrag`, haemorrhage → `haemorrhag`). A handful of spelling
rules (ae/oe → e, rh → r, k → c, z → s, y → i, double consonants, trailing vowels, -q → -c,
-aire → -ar, -eur → -or, -oire → -or, -el → -al) close most of these gaps; they are applied to stems of at least
five letters only, so short words are never squashed together. An English word in -itis keeps
only its stems in -it (hepatitis: `hepatit`, as hépatite), not the organ's (`hepat`: hépatique). `tests/search/test_stemming.py`
lists the pairs this is known to join and a few it must keep apart; words that differ in root
(maladie/disease) are the lexicon's job.

The stemmers come from PyStemmer (Snowball's own C implementation, about 40 times faster: a
bulk import spends seconds stemming) when it can be imported, else from snowballstemmer (the same
algorithms in pure Python; tests/test_search_stemming.py checks both give the same stems). Either
is loaded lazily; snowballstemmer without its `__init__.py`, which imports all 36 languages
(about 25 ms, most of the budget of a search): only the French and English modules are loaded
(about 2 ms). If that ever fails, the package is imported the ordinary way.
"""

from __future__ import annotations

from mia.base import patterns

_STEMMERS: tuple | None = None
_KEY_CACHE: dict[str, tuple[str, ...]] = {}
_DOUBLE = patterns.compile(r"([bcdfglmnprstz])\1")
_LETTERS = patterns.compile(r"^[a-z]+$")
MIN_STEMMED_LENGTH = 4
MIN_NORMALISED_LENGTH = 5


def _load_stemmers() -> tuple:
    global _STEMMERS
    if _STEMMERS is None:
        _STEMMERS = _compiled_stemmers() or _pure_python_stemmers()
    return _STEMMERS


def _compiled_stemmers() -> tuple | None:
    """PyStemmer's French and English `stemWord`, or None where it cannot be imported."""
    try:
        import Stemmer
    except ImportError:
        return None
    return (Stemmer.Stemmer("french").stemWord, Stemmer.Stemmer("english").stemWord)


def _pure_python_stemmers() -> tuple:
    """snowballstemmer's French and English `stemWord`, loading only those two modules."""
    try:
        import importlib
        import importlib.util
        import sys
        import types

        name = "_mia_snowball"
        if name not in sys.modules:
            spec = importlib.util.find_spec("snowballstemmer")
            if spec is None or not spec.submodule_search_locations:
                raise ImportError("snowballstemmer")
            package = types.ModuleType(name)
            package.__path__ = list(spec.submodule_search_locations)
            sys.modules[name] = package
        french = importlib.import_module(f"{name}.french_stemmer").FrenchStemmer()
        english = importlib.import_module(f"{name}.english_stemmer").EnglishStemmer()
    except Exception:  # pragma: no cover - only if the package layout changes
        import snowballstemmer

        french = snowballstemmer.stemmer("french")
        english = snowballstemmer.stemmer("english")
    return (french.stemWord, english.stemWord)


def cross_normalise(stem: str) -> str:
    """Bring a French or English stem to a spelling both languages share (see module doc)."""
    if len(stem) < MIN_NORMALISED_LENGTH:
        return stem
    s = stem.replace("ae", "e").replace("oe", "e").replace("rh", "r")
    s = s.replace("k", "c").replace("z", "s").replace("y", "i")
    s = _DOUBLE.sub(r"\1", s)
    s = s.rstrip("aeiou") or s
    if len(s) >= 4:
        if s.endswith("q"):
            s = s[:-1] + "c"
        elif s.endswith("air"):
            s = s[:-3] + "ar"
        elif s.endswith("eur"):
            s = s[:-3] + "or"
        elif s.endswith("oir"):  # inflammatoire / inflammatory, respiratoire / respiratory
            s = s[:-3] + "or"
        elif s.endswith("el"):
            s = s[:-2] + "al"
    return s


#: French "de" contracted with an article: one key with "de", so that a concept's form holding one
#: is found written with another ("inhibiteur de Janus kinase", "inhibiteurs des Janus
#: kinases"; "maladie des griffes du chat", "maladie de la griffe de chat" does not: its "la"
#: stays). Queries leave these words out anyway unless they are part of a concept's name.
_CONTRACTED_DE = frozenset({"des", "du"})


def stem_keys(word: str) -> tuple[str, ...]:
    """The stem keys of a folded word (lower case, no accents); sorted, without duplicates.

    Words shorter than four letters, or holding anything but letters (numbers, `covid19`), are
    their own single key: stemming them only creates false friends. So are stems shorter than
    four letters: a word keeps its own spelling instead (foie and fois both stem to `foi`,
    bones and bonne to `bon`, mois and moi to `moi`, dose and dos to `dos`).
    """
    keys = _KEY_CACHE.get(word)
    if keys is None:
        if word in _CONTRACTED_DE:
            keys = ("de",)
        elif len(word) < MIN_STEMMED_LENGTH or not _LETTERS.match(word):
            keys = (word,)
        else:
            french, english = _load_stemmers()
            stems = {cross_normalise(french(word)), cross_normalise(english(word))}
            if word.endswith("itis"):
                # An English inflammation (hepatitis, pericarditis) keeps its -it, as the French
                # -ite does (hépatite: hepatit); the French stemmer cut it (hepat), making it the
                # organ's adjective (hépatique, hepatic) and both forms ambiguous.
                stems = {stem for stem in stems if stem.endswith("it")} or stems
            keys = tuple(sorted({stem if len(stem) >= MIN_STEMMED_LENGTH else word for stem in stems}))
        _KEY_CACHE[word] = keys
    return keys


def canonical_key(word: str) -> str:
    """One key standing for a word, to compare whole forms (lexicon forms, learned long forms)."""
    return stem_keys(word)[0]
