"""Acronyms with a qualifier (eGFR, DFGe, HbA1c, NT-proBNP): one rule, on generated variants."""

from __future__ import annotations

import random
import string

import pytest
from search_support import new_store, numbers, record, use_lexicon  # noqa: F401

from mia.search import qualifiers, run_search

WRITTEN_PREFIXES = ["e", "m", "hs", "hs-", "us-", "Hb", "NT-pro", "NTpro", "pro-"]


def generated_bases(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    bases = set()
    while len(bases) < count:
        letters = "".join(rng.choice(string.ascii_uppercase) for _ in range(rng.randint(3, 4)))
        bases.add(letters if rng.random() < 0.7 else letters[:2] + str(rng.randint(1, 9)) + "c")
    return sorted(bases)


@pytest.mark.parametrize("base", generated_bases(12, seed=3) + ["GFR", "BNP", "A1c", "CRP"])
def test_a_lower_case_qualifier_before_or_after_a_base_reads_as_a_variant(base):
    for prefix in WRITTEN_PREFIXES:
        assert qualifiers.written_base(prefix + base) == base, prefix + base
    if base.isupper():
        assert qualifiers.written_base(base + "e") == base  # DFGe: French "estimé"
    assert qualifiers.written_base(base) is None
    assert qualifiers.written_base(base.lower()) is None  # no case, no reading
    assert qualifiers.written_base(("E" + base).upper()) is None  # EGFR is not eGFR


@pytest.mark.parametrize("word", ["MRSA", "EGFR", "prostate", "Meta", "emesis", "eGF", "mRN", "Hb", "proBN"])
def test_words_that_only_look_qualified_are_not(word):
    assert qualifiers.written_base(word) is None


@pytest.mark.parametrize("base", generated_bases(6, seed=11))
def test_variants_find_their_base_and_stay_apart_from_the_capitals(new_store, use_lexicon, base):
    """A concept with acronym BASE; reviews saying BASE, eBASE, BASEe, NT-proBASE; another saying
    the capitals EBASE (another concept). Each form finds its family, never EBASE."""
    use_lexicon(f"concept de test | test concept | {base} | {base} |\n"
                f"autre chose | other thing | E{base.upper()} | E{base.upper()} |\n")
    store = new_store([
        record(1, sections=f"Le {base} était bas."),
        record(2, sections=f"An e{base} below 30."),
        record(3, sections=f"Le NT-pro{base} montait."),
        record(4, sections=f"La mutation E{base.upper()} est rare."),
        record(5, sections="Rien à voir."),
    ] + ([record(6, sections=f"Le {base}e était bas.")] if base.isupper() else []))
    one_letter = qualifiers.one_letter_qualifiers(base)  # (not for AIS: mAIS is the word "mais")
    family = [1, 3] + ([2] if one_letter else []) + ([6] if base.isupper() and one_letter else [])
    assert sorted(numbers(run_search(store, base))) == sorted(family)
    assert numbers(run_search(store, base))[0] == 1  # the exact form first
    if one_letter:
        assert sorted(numbers(run_search(store, f"e{base}"))) == sorted(family)
        assert numbers(run_search(store, f"e{base}"))[0] == 2
    # (eBASE, not a variant, is then the word ebase, which the capitals EBASE do not find: an
    # acronym matches capitals only)
    assert numbers(run_search(store, f"E{base.upper()}")) == [4]
    assert 4 not in numbers(run_search(store, "test concept"))


def test_a_word_of_the_language_is_not_a_one_letter_variant(new_store, use_lexicon):
    """The corticosteroids' acronym AIS: the French word "mais" (but) is not mAIS, nor "take"
    TAKe; eGFR and DFGe stay variants of GFR and DFG."""
    use_lexicon("anti-inflammatoires stéroïdiens | steroids | AIS | |\n"
                "débit de filtration glomérulaire | glomerular filtration rate | DFG | GFR |\n")
    store = new_store([record(1, sections="Sous AIS au long cours."), record(2, sections="Rien, mais bien."),
                       record(3, sections="Un eGFR bas, un DFGe bas.")])
    assert numbers(run_search(store, "AIS")) == [1]
    assert numbers(run_search(store, "steroids")) == [1]
    assert numbers(run_search(store, "GFR")) == [3]
    assert numbers(run_search(store, "mais")) == [2]
    assert "mais" not in qualifiers.variants("AIS") and "hsais" in qualifiers.variants("AIS")


def test_the_shipped_lexicon_keeps_no_line_per_variant():
    from mia.lexicon.files import read_package_files

    for _, text in read_package_files():
        for line in text.splitlines():
            if line.startswith("#") or " | " not in line:
                continue
            acronyms = [a.strip() for column in line.split(" | ")[2:4] for a in column.split(";")]
            for acronym in acronyms:
                base = qualifiers.written_base(acronym)
                assert not (base and base in acronyms), f"{acronym} beside {base}: {line}"
