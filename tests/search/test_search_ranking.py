"""Matching and ranking on a small corpus: fields, levels, phrases, filters, snippets, order."""

from __future__ import annotations

import pytest
from search_support import new_store, numbers, record, use_lexicon  # noqa: F401

from mia.base.errors import BadInput
from mia.search import run_search

FILLER = "Les patients ont été suivis pendant deux ans dans plusieurs centres hospitaliers."


def test_all_words_must_match_in_any_field(new_store):
    store = new_store([
        record(1, "Colchicine et péricardite", sections="Traitement anti-inflammatoire."),
        record(2, "Colchicine seule", sections="Traitement de la goutte."),
        record(3, "Péricardite", sections="Rien sur le traitement."),
    ])
    assert numbers(run_search(store, "colchicine péricardite")) == [1]
    assert run_search(store, "colchicine péricardite").total == 1


def test_review_title_ranks_above_keywords_above_article_title_above_text(new_store):
    store = new_store([
        record(1, sections=f"La colchicine. {FILLER}"),
        record(2, article_title="Colchicine in pericarditis", sections=FILLER),
        record(3, keywords=["Colchicine"], sections=FILLER),
        record(4, "Colchicine", sections=FILLER),
    ])
    assert numbers(run_search(store, "colchicine")) == [4, 3, 2, 1]


def test_exact_form_ranks_above_stem_and_both_are_found(new_store):
    store = new_store([
        record(1, sections=f"Les thrombocytopénies. {FILLER}"),
        record(2, sections=f"La thrombocytopénie. {FILLER}"),
        record(3, sections=f"Immune thrombocytopenia. {FILLER}"),
    ])
    result = run_search(store, "thrombocytopénie")
    assert numbers(result)[0] == 2
    assert sorted(numbers(result)) == [1, 2, 3]


def test_lexicon_expansion_ranks_below_stem(new_store, use_lexicon):
    use_lexicon("antivitamine K | vitamin K antagonist | AVK | VKA |\n")
    store = new_store([
        record(1, sections=f"Sous antivitamine K. {FILLER}"),
        record(2, sections=f"Sous AVK. {FILLER}"),
        record(3, sections=f"Under VKA. {FILLER}"),
    ])
    result = run_search(store, "AVK")
    assert numbers(result) == [2, 1, 3]
    assert result.hits[1].routes == ["antivitamine K ← AVK"]
    assert result.hits[2].routes == ["VKA ← AVK"]


def test_words_close_together_rank_first(new_store):
    store = new_store([
        record(1, sections=f"The atrial size was normal. {FILLER} {FILLER} No fibrillation was seen."),
        record(2, sections=f"Atrial fibrillation was frequent. {FILLER} {FILLER} Nothing else."),
    ])
    assert numbers(run_search(store, "atrial fibrillation")) == [2, 1]


def test_equal_scores_keep_id_number_order(new_store):
    store = new_store([record(n, sections="Le rituximab.") for n in (12, 3, 7)])
    assert numbers(run_search(store, "rituximab")) == [3, 7, 12]


def test_phrase_needs_the_words_in_order(new_store):
    store = new_store([
        record(1, sections="En première ligne thérapeutique."),
        record(2, sections="La ligne de traitement, première fois."),
        record(3, sections="Traitements de premières lignes."),
    ])
    assert numbers(run_search(store, '"première ligne"')) == [1, 3]


def test_or_and_exclusion(new_store):
    store = new_store([
        record(1, sections="Rituximab et splénectomie."),
        record(2, sections="Rituximab seul."),
        record(3, sections="Romiplostim seul."),
    ])
    assert sorted(numbers(run_search(store, "rituximab OR romiplostim"))) == [1, 2, 3]
    assert numbers(run_search(store, "rituximab -splénectomie")) == [2]


def test_last_word_matches_as_a_prefix_only_when_last(new_store):
    store = new_store([record(1, sections="La colchicine et le rituximab.")])
    assert numbers(run_search(store, "colchic")) == [1]
    assert numbers(run_search(store, "rituximab colchic")) == [1]
    assert numbers(run_search(store, "colchic rituximab", all_words=True)) == []
    partial = run_search(store, "colchic rituximab")  # soft AND: found, with the word it lacks
    assert numbers(partial) == [1] and partial.hits[0].missing == ["colchic"]
    assert numbers(run_search(store, "col")) == []  # fewer than four letters: no prefix


def test_field_filters(new_store):
    store = new_store([
        record(1, "Colchicine", authors=["Dr A. Martin"], journal="NEJM", date="2021-03-04",
               doi="10.1056/NEJMoa2100596", keywords=["Péricardite"],
               sections=[("Résultats", "Moins de récidives."), ("Discussion", "Bradbury le dit.")]),
        record(2, "Rituximab", article_authors=["C. A. Bradbury"], journal="Lancet", published="2019-05-01",
               keywords=["Colchicine"], sections=[("Méthode", "Étude ouverte.")]),
    ])
    assert numbers(run_search(store, "title:colchicine")) == [1]
    assert numbers(run_search(store, "keyword:colchicine")) == [2]
    assert numbers(run_search(store, "author:bradbury")) == [2]
    assert numbers(run_search(store, "author:martin")) == [1]
    assert numbers(run_search(store, "journal:nejm")) == [1]
    assert numbers(run_search(store, "year:2021")) == [1]
    assert numbers(run_search(store, "year:2019")) == [2]  # no article date: the review's
    assert numbers(run_search(store, "year:2018..2020")) == [2]
    assert numbers(run_search(store, "year:..2022")) == [1, 2]
    assert numbers(run_search(store, "doi:10.1056/nejmoa2100596")) == [1]
    assert numbers(run_search(store, "doi:10.1056")) == [1]
    assert numbers(run_search(store, "section:résultats")) == [1]
    assert numbers(run_search(store, "section:RESULTATS")) == [1]
    assert numbers(run_search(store, "colchicine -year:2021")) == [2]


def test_hit_carries_what_the_cli_shows(new_store):
    store = new_store([
        record(40, "Thrombocytopénie immune", journal="NEJM", date="2021-09-02", keywords=["MMF"],
               sections=f"{FILLER} Le mycophénolate mofétil (MMF) en première ligne. {FILLER}"),
    ])
    (hit,) = run_search(store, "MMF").hits
    assert hit.id == "mia_review_40" and hit.journal == "N Engl J Med" and hit.year == 2021
    assert hit.title == "Thrombocytopénie immune"
    assert hit.fields == ["keywords", "sections"]
    # The review defines MMF: the long form it gives is lit up too (a learned acronym).
    assert [hit.snippet[s:e] for s, e in hit.spans] == ["mycophénolate mofétil", "MMF"]
    assert hit.routes == ["mycophenolate mofetil ← MMF"]
    assert set(hit.to_json()) >= {"id", "score", "title", "snippet", "fields", "matched", "missing"}


def test_snippet_is_the_passage_with_most_matched_words(new_store):
    text = " ".join(["Introduction générale sans intérêt."] * 12) + (
        " Le rituximab a été comparé à la colchicine dans cette étude."
    ) + " " + " ".join(["Conclusion sans intérêt."] * 12)
    store = new_store([record(1, sections=[("A", "Le rituximab seul."), ("B", text)])])
    (hit,) = run_search(store, "rituximab colchicine").hits
    assert [hit.snippet[s:e] for s, e in hit.spans] == ["rituximab", "colchicine"]
    assert hit.snippet.startswith("… ") and hit.snippet.endswith(" …")
    assert len(hit.snippet) <= 210


def test_did_you_mean_when_nothing_matches(new_store):
    store = new_store([record(1, sections="Après splénectomie."), record(2, sections="Avant la splénectomie.")])
    result = run_search(store, "spelnectomie")
    assert result.total == 0 and result.hits == []
    assert result.suggestions == ["splenectomie"]


def test_a_function_word_is_never_suggested(new_store):
    store = new_store([record(1, sections="Selon les auteurs, le métoprolol réduit la mortalité."),
                       record(2, sections="Selon nous, une étude de plus.")])
    result = run_search(store, "seloken")  # a brand the lexicon may lack: "selon" helps nobody
    assert (result.total, result.suggestions) == (0, [])
    assert run_search(store, "metoprolle").suggestions == ["metoprolol"]


TRIAL_NAMES = ["ASPREE", "SPRINT", "SUGAR", "PARIS", "LEADER"]


def _typos(name: str) -> list[str]:
    """One letter dropped, doubled, replaced, or two swapped (never the first)."""
    return [name[:2] + name[3:], name[:3] + name[3] + name[3:], name[:2] + ("X" if name[2] != "X" else "Y") + name[3:],
            name[:2] + name[3] + name[2] + name[4:]]


@pytest.mark.parametrize(("name", "typo"), [(n, t) for n in TRIAL_NAMES for t in _typos(n)])
def test_a_trial_name_typed_with_a_typo_suggests_the_name(new_store, name, typo):
    """A trial's name is indexed as an acronym (in capitals): a typo of it, typed in capitals or
    not, suggests the name, in the case it was typed in; unless, in lower case, it is a word of
    the language ("pairs" means pairs, "PAIRS" the PARIS trial)."""
    store = new_store([record(1, sections=f"L'essai {name} : {FILLER}"), record(2, sections=FILLER)])
    assert run_search(store, typo).suggestions[:1] == [name]
    expected = [] if typo.lower() in {"pairs"} else [name.lower()]
    assert run_search(store, typo.lower()).suggestions[:1] == expected


def test_a_word_held_only_by_its_stem_in_a_phrase_matching_nothing_is_corrected(new_store):
    """`nice-suger`: "suger" shares a stem with "suggéraient", so it was held and never
    corrected, while the name nothing matched is NICE-SUGAR."""
    store = new_store([record(1, sections=f"L'essai NICE-SUGAR. {FILLER}"),
                       record(2, sections=f"Les données suggéraient un bénéfice. {FILLER}")])
    result = run_search(store, "nice-suger")
    assert (result.total, result.suggestions) == (0, ["nice-sugar"])


def test_no_suggestion_when_nothing_is_close(new_store):
    store = new_store([record(1, sections="Après splénectomie.")])
    result = run_search(store, "insulin pump")
    assert (result.total, result.suggestions) == (0, [])


def test_limit(new_store):
    store = new_store([record(n, sections="Le rituximab.") for n in range(1, 6)])
    result = run_search(store, "rituximab", limit=2)
    assert numbers(result) == [1, 2] and result.total == 5
    with pytest.raises(BadInput):
        run_search(store, "rituximab", limit=0)


def test_a_query_with_nothing_searchable_is_bad_input(new_store):
    store = new_store([record(1)])
    with pytest.raises(BadInput, match="Nothing to search"):
        run_search(store, "!!! ???")


def test_journal_field_matches_every_name_of_the_journal(new_store):
    nejm = [record(1, journal="NEJM"), record(2, journal="N Engl J Med"),
            record(3, journal="The New England Journal of Medicine")]
    other = record(4, journal="La Revue du Praticien")
    other["article"]["metadata"] = {"container-title": ["La Revue du praticien"], "container-title-short": ["Rev Prat"]}
    store = new_store(nejm + [record(5, journal="The Lancet"), other])
    for typed in ('journal:"N Engl J Med"', "journal:NEJM", 'journal:"New England Journal of Medicine"', "revue:nejm"):
        result = run_search(store, typed)
        assert sorted(numbers(result)) == [1, 2, 3], typed
        assert {hit.journal for hit in result.hits} == {"N Engl J Med"}  # as `mia list` shows it
    assert numbers(run_search(store, 'journal:"Rev Prat"')) == [4]
    assert numbers(run_search(store, "journal:lancet")) == [5]


@pytest.mark.parametrize("name, other", [("OPTIMISE", "un traitement optimal"), ("TRUST", "la confiance, trusted"),
                                         ("EVENITY", "des événements graves")])
def test_a_word_typed_in_capitals_is_a_name_matched_as_typed(new_store, name, other):
    store = new_store([record(1, sections=f"L'essai {name} a inclus 300 patients."), record(2, sections=f"Avec {other}.")])
    assert numbers(run_search(store, name)) == [1]
