""""Did you mean": offered only when likely what was meant and finding more (suggest.py), on
generated variants: misspellings of the lexicon's words are corrected, in the case typed;
words of the languages, the lexicon's words, function words and names are never "corrected"."""

from __future__ import annotations

import random

import pytest
from search_support import new_store, numbers, record, use_lexicon  # noqa: F401

from mia.search import run_search
from mia.search.query import parse_query

FILLER = "Les patients ont été suivis pendant deux ans dans plusieurs centres hospitaliers."
LEXICON = (
    "rituximab | rituximab | | | MabThera ; Rituxan\n"
    "dexaméthasone | dexamethasone | | | Decadron\n"
    "splénectomie | splenectomy | | | ablation de la rate\n"
    "tocilizumab | tocilizumab | | | Actemra\n"
    "méthotrexate | methotrexate | MTX | MTX |\n"
)
#: The lexicon's words the reviews write, folded as the index keeps them.
WRITTEN = ["rituximab", "dexamethasone", "splenectomie", "tocilizumab", "methotrexate"]
#: The lexicon's words no review writes (the reviews write the concept's other forms).
UNWRITTEN = ["decadron", "mabthera"]


def lexicon_store(new_store, use_lexicon):
    use_lexicon(LEXICON)
    return new_store([
        record(1, sections=f"Le rituximab puis la splénectomie. {FILLER}"),
        record(2, sections=f"La dexaméthasone et le tocilizumab. {FILLER}"),
        record(3, sections=f"Le méthotrexate. {FILLER}"),
    ])


def misspellings(word: str, seed: int, count: int = 3) -> list[str]:
    """`count` variants of `word`, each with one letter after the second and before the last
    dropped, replaced, or swapped with the next (a word cut at its end is a prefix of it, and a
    doubled letter keeps its stem: both match as typed)."""
    rng = random.Random(f"{word}-{seed}")
    found: list[str] = []
    while len(found) < count:
        at = rng.randrange(2, len(word) - 2)
        kind = rng.choice(["drop", "replace", "swap"])
        if kind == "drop":
            variant = word[:at] + word[at + 1:]
        elif kind == "replace":
            variant = word[:at] + rng.choice([c for c in "aeioustrnl" if c != word[at]]) + word[at + 1:]
        else:
            variant = word[:at] + word[at + 1] + word[at] + word[at + 2:]
        if variant != word and variant not in found:
            found.append(variant)
    return found


@pytest.mark.parametrize("word", WRITTEN + UNWRITTEN)
@pytest.mark.parametrize("seed", range(2))
def test_a_misspelt_word_of_the_lexicon_is_corrected_in_the_case_typed(new_store, use_lexicon, word, seed):
    """Lower case or with a capital initial (a query's first word, a brand): the correction
    keeps it. A word of the lexicon no review writes (`Decadron`) is a candidate too: its
    concept's other forms are in the reviews."""
    store = lexicon_store(new_store, use_lexicon)
    for typo in misspellings(word, seed):
        lower = run_search(store, typo)
        assert (lower.total, lower.suggestions[:1]) == (0, [word]), typo
        title = run_search(store, typo.capitalize())
        assert title.suggestions[:1] == [word.capitalize()], typo
        assert run_search(store, word).total > 0


#: Words of French or English, each next to a word the reviews hold (one letter apart).
LANGUAGE_WORDS = ["sucre", "say", "rester", "maison", "window", "garden", "fenêtre", "promise"]


def one_letter_apart(word: str, seed: int) -> str:
    """`word` with a letter after the first and before the last changed to a vowel (the last
    changed, it may share the word's stem: `fenêtro`)."""
    rng = random.Random(f"{word}-{seed}")
    at = rng.randrange(1, len(word) - 1)
    return word[:at] + rng.choice([c for c in "aeiouy" if c != word[at]]) + word[at + 1:]


@pytest.mark.parametrize("word", LANGUAGE_WORDS)
@pytest.mark.parametrize("seed", range(2))
def test_a_word_of_the_language_is_never_replaced(new_store, word, seed):
    """`sucre` was "corrected" to score, `say` to says: a word of the languages typed as it is
    means that word, even when no review holds it and one holds a word one letter apart."""
    near = one_letter_apart(word, seed)
    store = new_store([record(1, sections=f"Le {near} et le rituximab. {FILLER}"),
                       record(2, sections=f"Le {near}. {FILLER}")])
    alone = run_search(store, word)
    assert (alone.total, alone.suggestions) == (0, []), near
    partial = run_search(store, f"rituximab {word}")
    assert partial.partial is not None and partial.suggestions == [], near


@pytest.mark.parametrize(("typed", "near"), [("sucre", "score"), ("reiter", "rester"), ("rea", "reg")])
def test_a_word_of_the_lexicon_is_never_replaced(new_store, use_lexicon, typed, near):
    """`sucre dans le sang`, `syndrome de Reiter`, `réa`: words of the lexicon's forms."""
    use_lexicon("glycémie | blood glucose | | | sucre dans le sang\n"
                "arthrite réactionnelle | reactive arthritis | | ReA | syndrome de Reiter\n")
    store = new_store([record(1, sections=f"Un {near} ici. {FILLER}"), record(2, sections=FILLER)])
    for query in (typed, typed.capitalize(), f"syndrome {typed}"):
        assert run_search(store, query).suggestions == [], query


#: Surnames in no list of the languages nor the lexicon, each next to a word of the reviews.
NAMES = ["Garnier", "Fournier", "Girard", "Lefebvre", "Berset", "Durand"]


@pytest.mark.parametrize("name", NAMES)
def test_a_name_is_only_corrected_to_a_name(new_store, name):
    """`Dr Jeanne Martin` was "corrected" to maron: a word typed with a capital initial may be a
    name, corrected only to a word of the lexicon, an acronym, or an author's name, in its case."""
    near = one_letter_apart(name.lower(), 0)
    store = new_store([record(1, sections=f"Dr Jeanne et le {near}. {FILLER}", authors=["Dr P. Vuilleumier"]),
                       record(2, sections=f"Le {near}. {FILLER}")])
    result = run_search(store, f"Dr Jeanne {name}")
    assert result.partial is not None and result.suggestions == [], near
    assert run_search(store, name).suggestions == [], near
    listed = new_store([record(1, sections=FILLER, authors=[f"Dr P. {name}"]), record(2, sections=FILLER)])
    typos = [typo.capitalize() for typo in misspellings(name.lower(), 0)]
    typos = [typo for typo in typos if run_search(listed, typo).total == 0]  # (not one sharing its stem)
    assert typos
    for typo in typos:
        assert run_search(listed, typo).suggestions == [name], typo
        assert run_search(listed, f"author:{typo}").suggestions == [f"author:{name}"], typo


@pytest.mark.parametrize("query", ["ITP AND MMF", "ITP ET MMF", "ITP AND", "AND MMF ITP", "ITP and MMF"])
def test_and_is_never_corrected(new_store, query):
    """`ITP AND MMF` was "corrected" to ITP ANS MMF: AND between two terms is the operator, and
    a function word anywhere, in any case, is never replaced."""
    store = new_store([record(1, sections=f"Le TPI traité par MMF dans l'ITP. {FILLER}"),
                       record(2, sections=f"Les ANS et les EST. {FILLER}")])
    result = run_search(store, query)
    assert numbers(result)[:1] == [1] and result.suggestions == []


@pytest.mark.parametrize(("query", "groups"), [
    ("ITP AND MMF", [["ITP"], ["MMF"]]),
    ("ITP ET MMF", [["ITP"], ["MMF"]]),
    ("ITP AND MMF AND rituximab", [["ITP"], ["MMF"], ["rituximab"]]),
    ("ITP AND -splénectomie", [["ITP"], ["splénectomie"]]),
    ("ITP AND", [["ITP"], ["AND"]]),  # at an end: a term (as OR is the odds ratio there)
    ("ET JAK2", [["ET"], ["JAK2"]]),  # essential thrombocythemia
    ('ITP "AND" MMF', [["ITP"], ["AND"], ["MMF"]]),
    ("ITP OR AND MMF", [["ITP", "AND"], ["MMF"]]),  # next to OR: a term
    ("ITP and MMF", [["ITP"], ["and"], ["MMF"]]),  # (a function word: left out by the plan)
])
def test_and_between_two_terms_is_the_space(query, groups):
    assert [[clause.text for clause in group] for group in parse_query(query).groups] == groups


def test_and_finds_the_reviews_holding_both(new_store):
    store = new_store([record(1, sections=f"ITP et MMF. {FILLER}"), record(2, sections=f"ITP seul. {FILLER}")])
    result = run_search(store, "ITP AND MMF")
    assert (numbers(result), result.partial) == ([1], None)
    assert numbers(run_search(store, "ITP ET MMF")) == [1]


def test_a_word_of_the_lexicon_comes_before_a_word_of_the_reviews_as_close(new_store, use_lexicon):
    """`fentanal`: fentanyl (the lexicon's, one review) and fentanil (two reviews) are one letter
    away each: the lexicon's word first. Without it in the lexicon, the word more reviews hold."""
    records = [record(1, sections=f"Le fentanyl. {FILLER}"), record(2, sections=f"Le fentanil. {FILLER}"),
               record(3, sections=f"Le fentanil. {FILLER}")]
    assert run_search(new_store(records), "fentanal").suggestions[:2] == ["fentanil", "fentanyl"]
    use_lexicon("fentanyl | fentanyl | | |\n")
    assert run_search(new_store(records), "fentanal").suggestions[:2] == ["fentanyl", "fentanil"]


@pytest.mark.parametrize(("held", "first"), [(10, "zorbalime"), (100, "zorbalinea")])
def test_a_word_two_edits_away_comes_first_only_when_far_more_reviews_hold_it(new_store, held, first):
    records = [record(1, sections=f"La zorbalime. {FILLER}")]
    records += [record(n, sections=f"La zorbalinea. {FILLER}") for n in range(2, held + 2)]
    assert run_search(new_store(records), "zorbalixe").suggestions[:1] == [first]


# --- the advice when nothing matches -------------------------------------------------------------

def advice_store(new_store):
    return new_store([
        record(40, "Thrombocytopénie immune", sections=f"Le rituximab. {FILLER}", authors=["Dr J. Smith"],
               keywords=["ITP"], journal="N Engl J Med", date="2021-03-01", doi="10.1056/NEJMoa2100596"),
        record(41, sections=FILLER, date="2015-01-01"),
    ])


@pytest.mark.parametrize(("query", "says"), [
    ("mia_review_40", "mia_review_40 is a review's id, which search does not read: open the review with mia show mia_review_40."),
    ("MIA_REVIEW_40", "mia show mia_review_40"),
    ("mia_review_99", "No review has the id mia_review_99: mia list shows the reviews and their ids"),
    ("author:Bernard", "No review lists Bernard among its reviewers or its article's authors. mia stats --top 0 lists the reviewers"),
    ("rituximab author:Bernard", "No review lists Bernard among its reviewers"),
    ("year:1990", "No review is of an article published in 1990. The articles are from 2015 to 2021."),
    ("year:2030..", "published from 2030 on."),
    ("journal:Nature", "No review is of an article in Nature. mia stats --top 0 lists the journals"),
    ("keyword:sepsis", "No review has the keyword sepsis. mia stats --top 0 lists the keywords."),
    ("title:sepsis", "No review's title holds sepsis. Without title:, mia search sepsis reads the whole reviews."),
    ("section:sepsis", "No review has a section sepsis"),
    ("doi:10.1000/xyz", "No review is of the article with doi:10.1000/xyz: mia new --doi 10.1000/xyz"),
    ("Bernard", "No review names Bernard, in its text, its reviewers or its article's authors."),
    ("xylophonique", "Try fewer words, another spelling, or the term in the other language."),
    ("sepsis neutropénie", "Try fewer words, another spelling, or the term in the other language."),
])
def test_the_advice_when_nothing_matches_fits_the_query(new_store, query, says):
    result = run_search(advice_store(new_store), query)
    assert (result.total, result.suggestions) == (0, [])
    assert says in result.advice
    if query != "xylophonique" and " " not in query:
        assert "other language" not in result.advice


def test_no_advice_when_something_matches_or_a_correction_does(new_store):
    store = advice_store(new_store)
    assert run_search(store, "rituximab").advice == ""
    corrected = run_search(store, "ritiximab")
    assert corrected.suggestions == ["rituximab"] and corrected.advice == ""


@pytest.mark.parametrize("typed, case", [
    ("Bernard", "title"), ("B", "title"), ("Évian", "title"),
    ("ITP", "upper"), ("BERNARD", "upper"),
    ("bernard", "lower"), ("iTP", "lower"), ("", "lower"),
])
def test_a_word_is_a_name_as_typed_by_one_rule(typed, case):
    """The case a correction keeps and the advice's names (a capital initial, not in capitals)."""
    from mia.search.suggest import case_of

    assert case_of(typed) == case
