"""The lexicon and learned acronyms: expansion, ambiguity, user concepts (small test lexicons)."""

from __future__ import annotations

import random
import sqlite3

import pytest
from search_support import make_store, new_store, numbers, random_writes, record, use_lexicon  # noqa: F401

from mia.base.errors import BadInput
from mia.search import run_search
from mia.lexicon.files import parse_line, user_lexicon_path
from mia.search.index import index_path
from mia.search.lexicon import add_user_concept, load_lexicon

ITP = "thrombocytopénie immune | immune thrombocytopenia | TPI ; PTI | ITP | purpura thrombopénique immunologique\n"
HEART = "insuffisance cardiaque | heart failure | IC ; ICC | HF |\n"
CONFIDENCE = "intervalle de confiance | confidence interval | IC | CI |\n"


# --- the file format --------------------------------------------------------------------------


def test_a_line_has_five_columns_of_items():
    assert parse_line("a b | c d | E ; F | G | h ; i j  # a comment") == {
        "fr": ["a b"], "en": ["c d"], "fr_acronyms": ["E", "F"], "en_acronyms": ["G"], "synonyms": ["h", "i j"],
    }
    assert parse_line("# only a comment") is None
    assert parse_line("   ") is None
    assert parse_line("a | b")["synonyms"] == []


def test_a_malformed_user_line_is_reported_not_fatal(use_lexicon, tmp_path, monkeypatch):
    use_lexicon(ITP)
    user = user_lexicon_path()
    user.parent.mkdir(parents=True)
    user.write_text("a | b | c | d | e | f\nrituximab | rituximab | | | MabThera\n", encoding="utf-8")
    lexicon = load_lexicon()
    assert [c.label for c in lexicon.concepts] == ["thrombocytopénie immune", "rituximab"]
    assert lexicon.warnings == ["user line 1: 6 columns instead of 5; line ignored."]


def test_naming_finds_concepts_by_any_form_accents_and_case_aside(use_lexicon):
    use_lexicon(ITP + HEART + CONFIDENCE)
    lexicon = load_lexicon()
    assert [c.label for c in lexicon.naming("ITP")] == ["thrombocytopénie immune"]
    assert [c.label for c in lexicon.naming("Thrombocytopenie immunes")] == ["thrombocytopénie immune"]
    assert [c.label for c in lexicon.naming("IC")] == ["insuffisance cardiaque", "intervalle de confiance"]


# --- expansion --------------------------------------------------------------------------------


def test_a_word_naming_a_concept_finds_all_its_forms(new_store, use_lexicon):
    use_lexicon(ITP)
    store = new_store([
        record(1, sections="La TPI se caractérise par une consommation des plaquettes."),
        record(2, sections="Adults with immune thrombocytopenia."),
        record(3, sections="Un purpura thrombopénique immunologique."),
        record(4, sections="Une thrombocytopénie, puis une réponse immune."),  # words apart: not the concept
        record(5, sections="Rien à voir."),
    ])
    result = run_search(store, "ITP")
    assert sorted(numbers(result)) == [1, 2, 3]
    routes = {hit.id: hit.routes for hit in result.hits}
    assert routes["mia_review_1"] == ["TPI ← ITP"]
    assert routes["mia_review_2"] == ["immune thrombocytopenia ← ITP"]


def test_multi_word_query_naming_a_concept(new_store, use_lexicon):
    use_lexicon(ITP)
    store = new_store([
        record(1, sections="La TPI est rare."),
        record(2, sections="Immune thrombocytopenia in adults."),
    ])
    assert sorted(numbers(run_search(store, "immune thrombocytopenia"))) == [1, 2]
    assert sorted(numbers(run_search(store, '"thrombocytopénie immune"'))) == [1, 2]


@pytest.mark.parametrize("seed", range(12))
def test_the_words_of_a_concept_apart_rank_below_the_concept_in_any_form(new_store, use_lexicon, seed):
    """`primary care` typed without quotes: a review holding the words apart (however often, in
    its title and keywords too) ranks after those naming the concept, as typed or in another
    form, even once in their text; it is still found."""
    import random

    rng = random.Random(seed)
    use_lexicon("soins primaires | primary care | | | médecine générale\n")
    filler = " ".join(rng.choice(["Le", "patient", "essai", "dose", "suivi"]) for _ in range(rng.randint(5, 400)))
    apart = "The primary endpoint was assessed. " * rng.randint(1, 4) + "Critical care for all. " * rng.randint(1, 4)
    store = new_store([
        record(1, "Primary endpoint in critical care", sections=apart + filler, keywords=["Primary outcome", "Critical care"]),
        record(2, sections=f"{filler} En soins primaires. {filler}"),
        record(3, sections=f"{filler} In primary care. {filler}"),
        record(4, sections=f"{filler} En médecine générale. {filler}"),
    ])
    found = numbers(run_search(store, "primary care"))
    assert found[0] == 3
    assert sorted(found[1:3]) == [2, 4]
    assert found[3] == 1


def test_a_hyphenated_word_and_the_next_ones_can_name_a_concept(new_store, use_lexicon):
    """`glucose-lowering drugs` typed without quotes names the concept whose form it is, as
    `heart failure` does: the review saying `antidiabétiques` is found (a blind probe's miss)."""
    use_lexicon("antidiabétiques | glucose-lowering drugs | | | hypoglycémiants\n")
    store = new_store([record(1, sections="Les antidiabétiques et le risque cardiovasculaire."),
                       record(2, sections="A drug lowering the risk of glucose intolerance.")])
    result = run_search(store, "glucose-lowering drugs")
    assert numbers(result)[0] == 1
    assert any("antidiabétiques" in route for route in result.hits[0].routes)


def test_exact_matches_rank_above_expansions(new_store, use_lexicon):
    use_lexicon(ITP)
    store = new_store([
        record(1, sections="La TPI. La TPI encore. Toujours la TPI."),
        record(2, sections="One case of ITP."),
    ])
    assert numbers(run_search(store, "ITP")) == [2, 1]


def test_an_acronym_of_several_concepts_is_not_added_to_another_form(new_store, use_lexicon):
    use_lexicon(HEART + CONFIDENCE)
    store = new_store([
        record(1, sections="Une insuffisance cardiaque sévère."),
        record(2, sections="HR 0.41 (95% IC 0.21-0.80)."),
        record(3, sections="Patients with HF."),
    ])
    assert sorted(numbers(run_search(store, "heart failure"))) == [1, 3]
    # IC before a value reads as the measure: "95% IC 0.21-0.80" is a confidence interval.
    assert sorted(numbers(run_search(store, "confidence interval"))) == [2]


def test_an_ambiguous_acronym_typed_finds_all_its_meanings(new_store, use_lexicon):
    use_lexicon(HEART + CONFIDENCE)
    store = new_store([
        record(1, sections="Une insuffisance cardiaque sévère."),
        record(2, sections="HR 0.41 (95% IC 0.21-0.80)."),
        record(3, sections="The confidence interval was wide."),
        record(4, sections="Rien."),
    ])
    result = run_search(store, "IC")
    assert sorted(numbers(result)) == [1, 2, 3]
    assert numbers(result)[0] == 2  # the exact acronym first


def test_the_meaning_that_fits_the_other_words_comes_first(new_store, use_lexicon):
    use_lexicon(HEART + CONFIDENCE)
    store = new_store([
        record(1, sections="Furosémide dans l'insuffisance cardiaque aiguë."),
        record(2, sections="Furosémide et insuffisance cardiaque chronique."),
        record(3, sections="Furosémide : intervalle de confiance large."),
        record(4, sections="Un intervalle de confiance. Un autre intervalle de confiance."),
        record(5, sections="Intervalle de confiance étroit."),
    ])
    result = run_search(store, "IC furosémide")
    assert result.meanings == {"IC": ["insuffisance cardiaque", "intervalle de confiance"]}
    assert numbers(result) == [1, 2, 3]
    alone = run_search(store, "IC")
    assert alone.meanings == {"IC": ["intervalle de confiance", "insuffisance cardiaque"]}


# --- learned acronyms -------------------------------------------------------------------------


def test_a_learned_acronym_joins_the_concept_its_long_form_names(new_store, use_lexicon):
    use_lexicon("mycophénolate mofétil | mycophenolate mofetil | | | CellCept\n")
    store = new_store([
        record(1, sections="Le mycophenolate-mofetil (MMF) en première ligne."),
        record(2, sections="Sous CellCept depuis un an."),
        record(3, sections="MMF seul."),
    ])
    result = run_search(store, "MMF")
    assert sorted(numbers(result)) == [1, 2, 3]
    assert {h.id: h.routes for h in result.hits}["mia_review_2"] == ["CellCept ← MMF"]
    assert sorted(numbers(run_search(store, "CellCept"))) == [1, 2, 3]


def test_a_learned_acronym_expands_on_its_own_in_french_and_english(new_store):
    store = new_store([
        record(1, sections="L'hydroxychloroquine (HCQ) a été arrêtée."),
        record(2, sections="Hydroxychloroquine seule."),
        record(3, sections="HCQ seule."),
        record(4, sections="Tumor necrosis factor (TNF) inhibitors."),
        record(5, sections="Anti-TNF agents."),
        record(6, sections="The tumor necrosis factor pathway."),
    ])
    hcq = run_search(store, "HCQ")
    assert sorted(numbers(hcq)) == [1, 2, 3]
    assert {h.id: h.routes for h in hcq.hits}["mia_review_2"] == ["hydroxychloroquine ← HCQ"]
    assert sorted(numbers(run_search(store, "hydroxychloroquine"))) == [1, 2, 3]
    assert sorted(numbers(run_search(store, "TNF"))) == [4, 5, 6]


def test_a_short_form_defined_two_ways_is_not_added_to_other_forms(new_store):
    store = new_store([
        record(1, sections="Suspicion of pulmonary embolism (PE)."),
        record(2, sections="Pleural effusion (PE) was drained."),
        record(3, sections="PE confirmed."),
    ])
    assert sorted(numbers(run_search(store, "pulmonary embolism"))) == [1]
    assert sorted(numbers(run_search(store, "PE"))) == [1, 2, 3]


# --- the user's concepts ----------------------------------------------------------------------


def test_a_user_concept_is_used_by_the_next_search(new_store, use_lexicon):
    store = new_store([record(1, sections="Le TAVI chez le sujet âgé."), record(2, sections="Aortic valve implantation.")])
    assert numbers(run_search(store, "TAVR")) == []
    path = add_user_concept({"fr": ["remplacement valvulaire aortique percutané"], "en": ["transcatheter aortic valve implantation"],
                             "fr_acronyms": ["TAVI"], "en_acronyms": ["TAVR"]})
    assert path == user_lexicon_path()
    assert path.read_text(encoding="utf-8").splitlines()[-1] == (
        "remplacement valvulaire aortique percutané | transcatheter aortic valve implantation | TAVI | TAVR | "
    )
    assert numbers(run_search(store, "TAVR")) == [1]


@pytest.mark.parametrize(
    "columns, message",
    [
        ({"fr": ["seul"]}, "at least two forms"),
        ({"fr": ["a | b"], "en": ["c"]}, "cannot go in the lexicon"),
        ({"fr": ["a ; b"], "en": ["c"]}, "cannot go in the lexicon"),
    ],
)
def test_a_bad_user_concept_is_refused(use_lexicon, columns, message):
    with pytest.raises(BadInput, match=message):
        add_user_concept(columns)
    assert not user_lexicon_path().exists()


def test_a_quoted_lexicon_form_still_needs_its_words_together(new_store, use_lexicon):
    use_lexicon("première ligne | first line | | |\n")
    store = new_store([
        record(1, sections="En première ligne thérapeutique."),
        record(2, sections="La ligne de traitement, première fois."),
        record(3, sections="Traitements de premières lignes."),
        record(4, sections="Used as first line therapy."),
    ])
    result = run_search(store, '"première ligne"')
    assert sorted(numbers(result)) == [1, 3, 4]
    hit = next(h for h in result.hits if h.id == "mia_review_1")
    assert [hit.snippet[s:e] for s, e in hit.spans] == ["première ligne"]


SPLEEN = "splénectomie | splenectomy | | | ablation de la rate\n"


def test_each_side_of_or_is_expanded_like_a_lone_term(new_store, use_lexicon):
    use_lexicon(ITP + SPLEEN)
    store = new_store([
        record(1, sections="Le TPI réfractaire."),
        record(2, sections="A splenectomy was done."),
        record(3, sections="Rien de tel."),
    ])
    assert numbers(run_search(store, "ITP")) == [1]
    assert sorted(numbers(run_search(store, "ITP OR splénectomie"))) == [1, 2]
    assert sorted(numbers(run_search(store, "pneumonie OR ITP"))) == [1]


def test_an_exclusion_leaves_out_every_form_of_its_concept(new_store, use_lexicon):
    use_lexicon(ITP + SPLEEN)
    store = new_store([
        record(1, sections="Le TPI traité par rituximab."),
        record(2, sections="Le TPI traité par splenectomy."),
    ])
    assert numbers(run_search(store, "TPI -splénectomie")) == [1]
    assert sorted(numbers(run_search(store, '"immune thrombocytopenia" OR splénectomie'))) == [1, 2]


def _pairs(store) -> tuple[list, list]:
    """(learned_pairs as kept, learned_pairs counted from `learned` now)."""
    conn = sqlite3.connect(index_path(store))
    try:
        kept = conn.execute("SELECT sf_canon, canon, sf, lf FROM learned_pairs ORDER BY 1, 2").fetchall()
        counted = conn.execute(
            "SELECT sf_canon, canon, MIN(sf), MIN(lf) FROM learned GROUP BY 1, 2 ORDER BY 1, 2"
        ).fetchall()
        return kept, counted
    finally:
        conn.close()


def test_the_kept_acronym_pairs_follow_every_write(tmp_path, use_lexicon):
    """Each (acronym, long form) pair is kept once, with the least spellings of the reviews
    defining it, through adds, new versions, removals and restores (a search reads only these)."""
    rng = random.Random(14)
    definitions = ["Thrombopénie immune (TPI)", "thrombopénie immune (TPI)", "Thrombopénie Immune (TPI)",
                   "Purpura thrombopénique immunologique (PTI)", "Immune thrombocytopenia (ITP)",
                   "immune thrombocytopenia (ITP)", "Mycophénolate mofétil (MMF)", "mycophenolate mofetil (MMF)"]

    def text() -> str:
        return " ".join(rng.sample(definitions, rng.randint(0, 3))) + " Fin."

    store = make_store(tmp_path / "store" / "reviews.json", [record(n, sections=text()) for n in range(1, 9)])
    for step, kind, _ in random_writes(store, rng, text, 80):
        kept, counted = _pairs(store)
        assert kept == counted, f"after step {step} ({kind})"
    assert {sf for _, _, sf, _ in kept} >= {"TPI", "ITP", "MMF"}


def test_an_acronym_matches_capitals_only_not_the_word_its_letters_make(new_store, use_lexicon):
    """LES and LED (the French lupus) are the words `les` and `led` in lower case: the lupus
    concept found 39 reviews of 44, every French review and an English one saying "led to"."""
    use_lexicon("lupus érythémateux systémique | systemic lupus erythematosus | LES ; LED | SLE | lupus\n")
    store = new_store([record(1, sections="Un LES actif sous anifrolumab."),
                       record(2, sections="Les patients de l'étude, tous les jours."),
                       record(3, sections="The trial led to the approval."),
                       record(4, sections="A patient with SLE.")])
    for query in ("lupus", "LES", "SLE", "systemic lupus erythematosus"):
        assert sorted(numbers(run_search(store, query))) == [1, 4], query
    assert numbers(run_search(store, "tpi")) == []  # (nothing to find: no review says TPI)


@pytest.mark.parametrize("plural, singular", [("potassium binders", "potassium binder"),
                                              ("calcium channel blockers", "calcium channel blocker"),
                                              ("loop diuretics", "loop diuretic"),
                                              ("proton pump inhibitors", "proton pump inhibitor")])
def test_a_concept_named_in_the_plural_is_found_by_its_singular(new_store, use_lexicon, plural, singular):
    """`potassium binder` named no concept: its word `binder` has the stem keys bind and binder,
    the lexicon's `binders` only binder, and the canon compared only the first key."""
    use_lexicon(f"classe française de test | {plural} | | |\n")
    store = new_store([record(1, sections="Sous classe française de test depuis un an."), record(2, sections="Autre.")])
    assert numbers(run_search(store, singular)) == [1]
    assert numbers(run_search(store, plural)) == [1]


@pytest.mark.parametrize("typed", ["maladie des griffes du chat", "maladie de griffes de chat", "maladies du griffe des chats"])
def test_a_concept_is_named_with_de_des_or_du_alike(new_store, use_lexicon, typed):
    """A French form holding `des` or `du` is the concept whichever of de, des, du the query
    writes: the English review of cat scratch disease is found through it (before, the words
    were searched apart, and an English review holds none of them)."""
    use_lexicon("maladie des griffes du chat | cat scratch disease | | |\n")
    store = new_store([record(1, sections="Azithromycin in cat scratch disease: a small trial."),
                       record(2, sections="Le chat de la voisine.")])
    result = run_search(store, typed)
    assert numbers(result)[:1] == [1]
    assert result.hits[0].routes  # (reached through the concept)


@pytest.mark.parametrize(("concept", "query", "other_language"), [
    ("années | years | | | année ; an ; ans\n", "years", "An apple a day, and then an aspirin."),
    ("objectif principal | primary objective | | | but\n", "primary objective", "Small, but significant."),
    ("sûr | safe | | | sans danger\n", "safe", "Les résultats sur la mortalité."),
])
def test_a_form_that_is_a_function_word_of_the_other_language_is_no_expansion_alone(
        new_store, use_lexicon, concept, query, other_language):
    """`an` (a year in French) is the English article, `but` (an aim) the English conjunction,
    `sûr` folded is the French preposition `sur`: alone, such a form found every text of the other
    language; it stays a word of the concept's longer forms."""
    use_lexicon(concept)
    store = new_store([record(1, sections=other_language)])
    assert numbers(run_search(store, query)) == []
