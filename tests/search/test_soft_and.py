"""Soft AND: when no review holds every word of a query, the reviews holding most of them."""

from __future__ import annotations

import json
import random

import pytest

from search_support import new_store, numbers, record, use_lexicon  # noqa: F401

from mia.search import run_search


def test_a_query_no_review_holds_whole_shows_the_best_partial_matches(new_store):
    store = new_store([
        record(1, sections="cible tensionnelle intensive et pression artérielle systolique"),
        record(2, sections="pression artérielle et sel"),
        record(3, sections="autre chose"),
    ])
    result = run_search(store, "intensive pression systolique outcome")
    assert numbers(result) == [1]  # review 2 holds one word of four: below half
    assert result.partial == (3, ["intensive", "pression", "systolique", "outcome"])
    assert result.hits[0].matched == ["intensive", "pression", "systolique"]
    assert result.hits[0].missing == ["outcome"]


def test_whole_matches_leave_no_room_for_partial_ones(new_store):
    store = new_store([record(1, sections="rituximab et romiplostim"), record(2, sections="rituximab seul")])
    result = run_search(store, "rituximab romiplostim")
    assert numbers(result) == [1]
    assert result.partial is None
    assert result.hits[0].matched == ["rituximab", "romiplostim"] and result.hits[0].missing == []


def test_fewer_whole_matches_than_shown_are_followed_by_the_reviews_holding_most_words(new_store):
    """A question says words no one review writes ("tous les jours"): the review holding every
    word comes first, the trial written without one of them follows, with what it misses."""
    store = new_store([
        record(1, sections="Aspirine 100 mg tous les jours après un infarctus."),
        record(2, sections="Aspirine en prévention primaire de l'infarctus."),
        record(3, sections="Rien de commun."),
    ])
    result = run_search(store, "aspirine jours infarctus")
    assert numbers(result) == [1, 2] and result.partial is None and result.whole == 1
    assert result.hits[1].matched == ["aspirine", "infarctus"] and result.hits[1].missing == ["jours"]
    assert numbers(run_search(store, "aspirine jours infarctus", all_words=True)) == [1]
    # As many whole matches as are shown: nothing follows them.
    assert numbers(run_search(store, "aspirine jours infarctus", limit=1)) == [1]


def test_conversational_words_of_a_question_are_not_searched_for(new_store):
    """"…, ça vaut le coup ?": the words of the conversation (avoir, eu, vaut, coup, bon…) say
    nothing of the subject; a review writing them does not outrank the one about aspirin."""
    store = new_store([
        record(1, sections="L'aspirine en prévention primaire de l'infarctus."),
        record(2, sections="Il vaut mieux avoir eu un bon coup de chance, souvent."),
    ])
    result = run_search(store, "avoir eu un infarctus, l'aspirine ça vaut vraiment le coup ?")
    assert numbers(result)[:1] == [1]
    assert result.partial is None and result.hits[0].missing == []


def test_rare_words_outweigh_a_common_one(new_store):
    common = [record(n, sections="essai randomisé de référence") for n in range(1, 9)]
    store = new_store(common + [record(20, sections="colchicine et péricardite, rien d'autre")])
    # Review 20 holds the two rare words; reviews 1-8 hold "essai" alone.
    result = run_search(store, "essai colchicine péricardite")
    assert numbers(result)[0] == 20
    assert result.hits[0].missing == ["essai"]


def test_half_the_words_at_least(new_store):
    store = new_store([record(1, sections="alpha"), record(2, sections="alpha beta")])
    assert numbers(run_search(store, "alpha beta gamma delta")) == [2]  # 2 of 4; review 1 has 1 of 4
    assert numbers(run_search(store, "zeta eta")) == []


def test_when_no_review_holds_half_the_words_those_holding_the_most_are_shown(new_store):
    """`memory loss ECT`: only the review of electroconvulsive therapy holds a word of the three;
    it is shown, missing the two others, rather than nothing."""
    store = new_store([record(1, sections="Sismothérapie (ECT) et dépression résistante."),
                       record(2, sections="Autre chose."), record(3, sections="ECT encore, ECT.")])
    result = run_search(store, "memory loss ECT")
    assert numbers(result) == [3, 1]
    assert result.partial == (1, ["memory", "loss", "ECT"])
    assert result.hits[0].matched == ["ECT"] and result.hits[0].missing == ["memory", "loss"]
    assert numbers(run_search(store, "memory loss gamma")) == []  # no word held: nothing


def test_filters_fields_and_exclusions_stay_strict(new_store):
    store = new_store([
        record(1, sections="alpha beta", date="2019-01-01"),
        record(2, sections="alpha beta", date="2021-01-01"),
        record(3, sections="alpha beta splénectomie", date="2021-01-01"),
    ])
    assert numbers(run_search(store, "alpha beta gamma year:2021 -splénectomie")) == [2]
    assert numbers(run_search(store, "title:gamma alpha beta")) == []


def test_all_words_keeps_the_strict_rule(new_store):
    store = new_store([record(1, sections="alpha beta")])
    assert numbers(run_search(store, "alpha beta gamma", all_words=True)) == []
    assert numbers(run_search(store, "alpha beta gamma")) == [1]


def test_generated_queries_keep_the_soft_and_promises(new_store):
    """Random small corpora and queries: a hit holds at least half the query's words (or, when no
    review does, as many as the review holding the most); matched and missing split the query.
    Whole matches, when some review has them, come first; a query of two words shows them only,
    one of three words or more follows them with the reviews holding at least half its words
    (fewer reviews hold every word than a ranking shows), and says how many are whole."""
    rng = random.Random(7)
    vocabulary = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "theta", "kappa"]
    completed = 0
    for _ in range(8):
        texts = {n: rng.sample(vocabulary, rng.randint(1, 4)) for n in range(1, 12)}
        store = new_store([record(n, sections=" ".join(words)) for n, words in texts.items()])
        for _ in range(10):
            query = rng.sample(vocabulary, rng.randint(2, 4))
            result = run_search(store, " ".join(query), limit=50)
            assert result.partial is None or not any(set(query) <= set(words) for words in texts.values())
            for hit, number in zip(result.hits, numbers(result)):
                held = [w for w in query if w in texts[number]]
                assert hit.matched == held
                assert hit.missing == [w for w in query if w not in held]
            whole = {n for n, words in texts.items() if set(query) <= set(words)}
            most = max(len(set(query) & set(words)) for words in texts.values())
            needed = min((len(query) + 1) // 2, most) if most else 1
            expected = {n for n, words in texts.items() if len(set(query) & set(words)) >= needed}
            if whole and len(query) == 2:
                assert set(numbers(result)) == whole and result.whole is None
                continue
            assert set(numbers(result)) == expected
            assert set(numbers(result)[:len(whole)]) == whole
            if whole and expected != whole:
                assert result.whole == len(whole)
                completed += 1
            else:
                assert result.whole is None
    assert completed  # (the generated queries do test a completed answer)


def test_the_cli_says_it_showed_partial_matches_and_exits_0(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from mia.cli.app import app

    review = tmp_path / "r.txt"
    store = tmp_path / "store.json"
    monkeypatch.setenv("MIA_OFFLINE", "1")
    monkeypatch.setenv("MIA_STORE", str(store))
    (tmp_path / "in").mkdir()
    sample = (
        "Compte-rendu\nmia_review_7\nRédigé par Dr A. Martin\nMots-clés : HTA\n\n"
        "Introduction\n\nLa cible tensionnelle intensive réduit les événements.\n"
    )
    review.write_text(sample, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["add", str(review)]).exit_code == 0
    shown = runner.invoke(app, ["search", "intensive", "tensionnelle", "zzqx"])
    assert shown.exit_code == 0, shown.output
    assert "No review has all of: intensive, tensionnelle, zzqx. Showing reviews matching 2 of 3." in shown.output
    assert "missing: zzqx" in shown.output
    strict = runner.invoke(app, ["search", "intensive", "tensionnelle", "zzqx", "--all-words"])
    assert strict.exit_code == 1
    hits = json.loads(runner.invoke(app, ["search", "intensive", "tensionnelle", "zzqx", "--json"]).stdout)
    assert hits[0]["matched"] == ["intensive", "tensionnelle"] and hits[0]["missing"] == ["zzqx"]
    # A review holding every word, and one holding two of three: both shown, said so.
    (tmp_path / "s.txt").write_text(sample.replace("mia_review_7", "mia_review_8").replace("intensive", "douce"),
                                    encoding="utf-8")
    assert runner.invoke(app, ["add", str(tmp_path / "s.txt")]).exit_code == 0
    shown = runner.invoke(app, ["search", "intensive", "tensionnelle", "événements"])
    assert shown.exit_code == 0, shown.output
    assert ("1 review matches intensive tensionnelle événements; 1 more matches part of it "
            "(each says what it misses)") in shown.output
    assert "missing: intensive" in shown.output


def test_proximity_reads_positions_only_for_reviews_holding_every_word(new_store, monkeypatch):
    """Only a review holding every typed word can be brought closer: a partial match whose pool
    holds none reads no positions, and one whose pool holds some reads theirs only, with the
    same ranking as reading every pool review's."""
    from mia.search import scoring

    store = new_store([record(n, sections=("rituximab puis colchicine. " if n % 3 else "rituximab seul. ") * (n % 4 + 1))
                       for n in range(1, 40)])
    expected = {q: [(h.id, h.score) for h in run_search(store, q, limit=40).hits]
                for q in ("rituximab colchicine", "rituximab colchicine xylophonique")}
    asked: list[set[int]] = []
    real = scoring.Scorer._slot_positions

    def watched(self, slot, nums, fields):
        asked.append(set(nums))
        return real(self, slot, nums, fields)

    monkeypatch.setattr(scoring.Scorer, "_slot_positions", watched)
    assert [(h.id, h.score) for h in run_search(store, "rituximab xylophonique", limit=40).hits]
    assert asked == []  # no review holds xylophonique
    for query, hits in expected.items():
        assert [(h.id, h.score) for h in run_search(store, query, limit=40).hits] == hits
    assert asked and all(num % 3 for nums in asked for num in nums)  # never a review without colchicine


def test_the_words_of_a_question_are_not_its_subject(new_store):
    """`does rifaximin prevent encephalopathy`, `est-ce que la colchicine réduit les événements`:
    the function words (does, the, que, la, les…) matched every review of their language, and
    the partial match ranked reviews by them. They are left out, unless the query has nothing
    else, they are quoted, or typed in capitals."""
    store = new_store([
        record(1, sections="Rifaximin reduced the risk of a new episode of encephalopathy."),
        record(2, sections="What does the trial show? It is the largest of the year and the best."),
        record(3, sections="La colchicine réduit les événements cardiovasculaires."),
        record(4, sections="Est-ce que la dose est la bonne ? Que dire de la tolérance et des événements ?"),
        record(5, sections="AS : la sténose aortique."),
    ])
    result = run_search(store, "does rifaximin prevent the encephalopathy")
    assert numbers(result) == [1]
    assert result.hits[0].missing == ["prevent"] and "does" not in result.hits[0].matched
    result = run_search(store, "est-ce que la colchicine diminue les événements")
    assert numbers(result) == [3]
    assert sorted(numbers(run_search(store, "la"))) == [3, 4, 5]
    assert numbers(run_search(store, '"est-ce que"')) == [4]
    assert numbers(run_search(store, "AS sténose")) == [5]
    # Fillers of everyday questions (too many, very, tous les…) are function words too.
    fillers = new_store([record(1, sections="Polymedication in older patients: deprescribing."),
                         record(2, sections="Too many tests, very many visits, much ado.")])
    assert numbers(run_search(fillers, "too many very old patients deprescribing")) == [1]
    # A question's inverted verb and pronoun (faut-il, peut-on, a-t-il), and modal verbs.
    questions = new_store([record(1, sections="Arrêter les statines après 75 ans : l'essai."),
                           record(2, sections="Il faut savoir ce que l'on peut dire : a-t-il tort ?")])
    for query in ("faut-il arrêter les statines", "peut-on arrêter les statines", "doit-on arrêter les statines",
                  "a-t-on arrêté les statines", "should we stop statins must"):
        result = run_search(questions, query.replace("stop", "arrêter"))
        assert numbers(result) == [1] and result.partial is None, query
    # A capital letter after the first word names something (vitamine D, hépatite A): kept.
    store = new_store([record(1, sections="La vitamine D et la vitamine K."), record(2, sections="La vitamine K seule.")])
    assert numbers(run_search(store, "vitamine D")) == [1]
    assert sorted(numbers(run_search(store, "vitamine d"))) == [1, 2]  # (typed in lower case: the word d)


@pytest.mark.parametrize("query", [
    "combien de pas par jour pour vivre plus longtemps, ou moins",
    "how many more steps a day to live longer, or less",
])
def test_the_comparatives_of_a_question_are_not_its_subject(new_store, use_lexicon, query):
    """`combien`, `plus`, `moins`, `more`, `less` ask the question: counted as its words, they
    made a review holding them and "longtemps" a better partial match than the review of the
    daily step count the question is about."""
    use_lexicon("nombre de pas quotidien | daily step count | | | pas par jour ; steps a day\n")
    store = new_store([
        record(1, sections="Le nombre de pas par jour (steps a day) et la mortalité : marcher pour vivre, to live."),
        record(2, sections="Combien de patients survivent plus longtemps ? Plus de visites, moins longtemps. "
                           "How many more, how many less, longer?"),
    ])
    result = run_search(store, query)
    assert numbers(result)[0] == 1
    assert not {"combien", "plus", "moins", "more", "less"} & set(result.hits[0].matched + result.hits[0].missing)
    assert numbers(run_search(store, "plus")) == [2]  # alone, the word is searched


@pytest.mark.parametrize("query", ["collapsed lung: is it in?", "collapsed lung, or is it?",
                                   "what is a collapsed lung, and why?", "collapsed lung (in)"])
def test_a_function_word_typed_with_punctuation_is_still_one(new_store, use_lexicon, query):
    """`in?`, `it,`, `not)`: the punctuation a question types with a word is not part of it, and
    "in?" counted as a word of the subject (it matched every English review)."""
    use_lexicon("pneumothorax | pneumothorax | | | collapsed lung\n")
    store = new_store([record(1, sections="Pneumothorax spontané : surveillance simple."),
                       record(2, sections="Is it in? Or why? It is in, and why, and what.")])
    result = run_search(store, query)
    assert result.partial is None and numbers(result) == [1]  # (the question's words matched nothing)


# (the query, a review of its subject, a review of the sentence's words, those words)
SENTENCE_WORDS = [
    # particles of phrasal verbs: "up" matched every English review
    ("prostate cancer picked up by a blood test", "Le cancer de la prostate dépisté par un dosage sanguin, blood test.",
     "Follow up of blood pressure: picked up, set up, up to date.", {"up"}),
    # pronouns, possessives, while
    ("will my kid get autism while I take sertraline",
     "Sertraline in pregnancy and autism; sertraline pendant la grossesse, autisme.",
     "My kid, while I walk: mon enfant, ma fille, while my son plays.", {"my", "while"}),
    ("mon enfant aura-t-il un autisme pendant que je prends de la sertraline",
     "Sertraline in pregnancy and autism; sertraline pendant la grossesse, autisme.",
     "My kid, while I walk: mon enfant, ma fille, while my son plays.", {"mon", "je"}),
    # light verbs: "can a Z-Pak make your heart stop" ranked a French review holding "make"
    ("does azithromycin make the heart stop", "Azithromycine et arythmies ; azithromycin and arrhythmia, heart stop.",
     "Make, take, give: they make it, take it, give it; on fait, on donne.", {"make"}),
    ("can taking azithromycin give arrhythmia", "Azithromycine et arythmies ; azithromycin and arrhythmia, heart stop.",
     "Make, take, give: they make it, take it, give it; on fait, on donne.", {"taking", "give"}),
    ("l'azithromycine fait-elle des arythmies", "Azithromycine et arythmies ; azithromycin and arrhythmia, heart stop.",
     "Make, take, give: they make it, take it, give it; on fait, on donne.", {"fait-elle"}),
    # negations: "sans" matched every French review ("Jardiance pour protéger les reins sans diabète")
    ("empagliflozine pour protéger les reins sans diabète", "Empagliflozine et maladie rénale : reins, diabète.",
     "Sans commentaire, pas de diabète, sans doute : les reins et le diabète, sans plus.", {"sans"}),
    ("does empagliflozin protect kidneys without diabetes", "Empagliflozin in kidney disease: kidneys, diabetes.",
     "Without doubt, not diabetes, no: kidneys and diabetes, without more.", {"without"}),
    ("l'empagliflozine ne protège pas les reins", "Empagliflozine et maladie rénale : reins, protège.",
     "Il ne protège pas, pas du tout : les reins, pas plus.", {"pas"}),
    # interrogative pronouns, "ça": "pilule du lendemain laquelle marche le mieux"
    ("ulipristal ou lévonorgestrel : laquelle choisir", "Ulipristal contre lévonorgestrel, contraception d'urgence.",
     "Laquelle ? Lequel ? Ça, cela, ceci : lesquels choisir.", {"laquelle"}),
    ("aspirine tous les jours, ça vaut le coup", "Aspirine tous les jours en prévention : le coup vaut.",
     "Ça, cela, ceci : ça vaut, ça jours.", {"ça"}),
    ("chutes des personnes âgées qui se cassent quelque chose", "Chutes des personnes âgées : prévention.",
     "Quelque chose, quelques choses : des personnes âgées.", {"quelque", "chose"}),
    # the negation's "ne", "quelqu'un": "pour qu'elles ne tombent plus" ranked the French reviews
    # holding "ne" above the English trial of falls
    ("pour que les personnes âgées ne tombent jamais", "Les personnes âgées tombent : prévention des chutes.",
     "Il ne faut jamais ; ne rien dire : les personnes âgées.", {"ne", "jamais"}),
    ("quelqu'un qui tombe souvent", "Chutes à répétition : la personne tombe souvent.",
     "Quelqu'un, quelqu'une : souvent quelqu'un.", {"quelqu"}),
]


@pytest.mark.parametrize(("query", "subject", "sentence", "words"), SENTENCE_WORDS, ids=[q for q, *_ in SENTENCE_WORDS])
def test_the_words_a_sentence_is_made_of_are_not_words_of_its_subject(new_store, query, subject, sentence, words):
    """Particles (`picked up`), pronouns and possessives (`my`, `je`, `mon`), `while`, light
    verbs (`make`, `take`, `give`, `faire`): words of the sentence a query is typed as, held by any
    review of its language; counted, they ranked the review of the sentence's words first."""
    store = new_store([record(1, sections=subject), record(2, sections=sentence)])
    result = run_search(store, query)
    assert numbers(result)[0] == 1
    assert not words & set(result.hits[0].matched + result.hits[0].missing)


def test_a_word_held_only_through_a_translation_counts_less_than_one_held_as_typed(new_store, use_lexicon):
    """`paludisme cérébral`, no review holding both: the review of malaria comes before the one
    saying "brain" once (cérébral's translation), though cérébral is the rarer word."""
    use_lexicon("paludisme | malaria | | |\ncérébral | cerebral | | | brain\n")
    store = new_store([
        record(1, title="Trauma", sections="Traumatic brain injury was excluded."),
        record(2, title="Paludisme grave", sections="Le paludisme grave de l'enfant."),
        record(3, sections="Un paludisme importé."),
        record(4, sections="Autre chose."),
    ])
    result = run_search(store, "paludisme cérébral")
    assert result.partial is not None and numbers(result)[:2] == [2, 3] and numbers(result)[-1] == 1
    # Typed as the review writes it, the rarer word wins again.
    assert numbers(run_search(store, "paludisme brain"))[0] == 1


def test_words_naming_a_concept_no_review_names_fall_back_to_the_words(new_store, use_lexicon):
    """`paludisme cérébral` names cerebral malaria; no review does: the reviews holding most of
    its words are shown, as for words naming nothing (strict: still nothing)."""
    use_lexicon("paludisme | malaria | | |\nneuropaludisme | cerebral malaria | | | paludisme cérébral\n")
    store = new_store([record(1, title="Paludisme grave", sections="Le paludisme grave de l'enfant."),
                       record(2, sections="Autre chose.")])
    result = run_search(store, "paludisme cérébral")
    assert numbers(result) == [1] and result.partial == (1, ["paludisme", "cérébral"])
    assert result.hits[0].missing == ["cérébral"]
    assert run_search(store, "paludisme cérébral", all_words=True).total == 0
    named = new_store([record(3, sections="Un neuropaludisme de l'enfant."), record(4, sections="Le paludisme.")])
    assert numbers(run_search(named, "paludisme cérébral")) == [3]  # named: the concept, no fallback


LEXICON_OF_SPANS = ("exacerbation d'asthme | asthma exacerbation | | | asthma attack ; crise d'asthme\n"
                    "exacerbation aiguë | acute exacerbation | | | exacerbations ; attack ; attacks\n"
                    "asthme | asthma | | |\ncible tensionnelle | blood pressure target | | |\n")


@pytest.mark.parametrize(("query", "spread"), [
    ("injection to stop asthma attacks", ["injection", "stop", "asthma", "attacks"]),
    ("asthma attacks injection stop", ["asthma", "attacks", "injection", "stop"]),
    ("stop asthma attacks with an injection", ["stop", "asthma", "attacks", "injection"]),
])
def test_a_concept_the_best_partial_match_misses_is_searched_for_its_words(new_store, use_lexicon, query, spread):
    """"asthma attacks" names a concept (asthma exacerbation) that no review writes as such; the
    review of "exacerbations" of "asthme" holds its words apart, and comes first, its words
    counted one by one, rather than a review holding the query's other words only."""
    use_lexicon(LEXICON_OF_SPANS)
    store = new_store([
        record(1, sections="Les exacerbations de l'asthme sévère diminuent sous injection mensuelle."),
        record(2, sections="Stop the injection of the drug in sickle cell pain crises."),
    ])
    result = run_search(store, query)
    assert numbers(result)[0] == 1
    assert result.partial is not None and result.partial[1] == spread
    assert result.hits[0].missing == ["stop"]


def test_a_concept_the_best_partial_match_holds_stays_one_group(new_store, use_lexicon):
    """The best match holds the concept typed ("blood pressure target": cible tensionnelle) and
    misses another word: the concept stays one group of the partial match."""
    use_lexicon(LEXICON_OF_SPANS)
    store = new_store([record(1, sections="Une cible tensionnelle intensive."), record(2, sections="Intensive care.")])
    result = run_search(store, "intensive blood pressure target elderly")
    assert numbers(result)[0] == 1
    assert result.partial == (2, ["intensive", "blood pressure target", "elderly"])


@pytest.mark.parametrize("query", ["kidney stone pills", "pills for kidney stones", "kidney stone tablets"])
def test_a_concept_held_by_a_review_is_not_traded_for_its_words_held_by_another(new_store, use_lexicon, query):
    """"kidney stone" names a concept a review holds (colique néphrétique); another review holds
    "kidney" and the other word apart: the shares held are compared in words typed (2 of 3
    each), so the concept stays one group and its review is found (in groups, 1 of 2 against 2
    of 3, the words won and the review of the concept was left out)."""
    use_lexicon("lithiase rénale | kidney stones | | | colique néphrétique\n")
    store = new_store([
        record(1, sections="Colique néphrétique : la tamsulosine ne fait pas mieux que le placebo."),
        record(2, sections="COVID pills and tablets for people with chronic kidney disease."),
    ])
    result = run_search(store, query)
    assert 1 in numbers(result)
    assert result.partial is not None and len(result.partial[1]) == 2


def _misspelt(word: str, rng: random.Random) -> str:
    """`word` with one letter after the second and before the last dropped or changed (a word
    cut at its end is a prefix, and a doubled letter the same stem key: both match)."""
    at = rng.randrange(2, len(word) - 1)
    if rng.random() < 0.5:
        return word[:at] + word[at + 1:]
    other = next(c for c in "aeiourstn" if c != word[at])
    return word[:at] + other + word[at + 1:]


@pytest.mark.parametrize("seed", range(10))
def test_a_partial_match_missing_a_word_no_review_holds_suggests_its_correction(new_store, seed):
    rng = random.Random(seed)
    drug = rng.choice(["daratumumab", "rituximab", "tenecteplase", "midazolam", "docetaxel"])
    typo = _misspelt(drug, rng)
    store = new_store([record(1, sections=f"Le myélome traité par {drug}."), record(2, sections="Un autre myélome.")])
    result = run_search(store, f"myélome {typo}")
    assert result.partial is not None and numbers(result)[0] in (1, 2)
    assert result.suggestions == [f"myélome {drug}"], (typo, result.suggestions)


@pytest.mark.parametrize("seed", range(10))
def test_a_correction_still_partial_is_suggested_when_it_holds_as_much(new_store, seed):
    """`andexenet intracerebral hemorrhage octogenarians`: no review holds the three corrected
    words either, but the review of the drug holds two of them, as many as the best review
    held: the correction is offered."""
    rng = random.Random(seed)
    drug = rng.choice(["andexanet", "daratumumab", "rituximab", "tenecteplase", "idarucizumab"])
    typo = _misspelt(drug, rng)
    store = new_store([record(1, sections=f"Le {drug} dans l'hémorragie cérébrale."),
                       record(2, sections="Une hémorragie cérébrale chez les octogénaires.")])
    result = run_search(store, f"{typo} hémorragie octogénaires")
    assert result.partial is not None
    assert result.suggestions == [f"{drug} hémorragie octogénaires"], (typo, result.suggestions)


def test_a_correction_of_a_query_nothing_matched_may_itself_be_partial(new_store):
    store = new_store([record(1, sections="Le rituximab dans le lupus."), record(2, sections="Autre chose.")])
    result = run_search(store, "rituxinab xylophonique")
    assert (result.total, result.suggestions) == (0, ["rituximab xylophonique"])


def test_a_partial_match_missing_a_word_with_no_close_word_suggests_nothing(new_store):
    store = new_store([record(1, sections="Le myélome traité par daratumumab.")])
    result = run_search(store, "myélome xylophonique")
    assert result.partial is not None and result.suggestions == []


def test_the_cli_shows_the_suggestion_under_a_partial_match(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from mia.cli import app

    monkeypatch.setenv("MIA_STORE", str(tmp_path / "store.json"))
    review = tmp_path / "review.md"
    review.write_text("---\nid: mia_review_3\ntitle: Myélome\n---\n## Résultats\nLe daratumumab dans le myélome.\n",
                      encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["add", str(review)]).exit_code == 0
    result = runner.invoke(app, ["search", "myélome", "daratumumb"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == "Did you mean: mia search myélome daratumumab?"


def test_a_bare_number_counts_less_than_a_word_even_a_translated_one(new_store, use_lexicon):
    """"JAVELIN Bladder 100", no review naming the trial: the review saying "vessie" (Bladder's
    translation) comes before those saying "100" (any review giving 100 patients or 100 mg)."""
    use_lexicon("vessie | bladder | | |\n")
    store = new_store([
        record(1, sections="Aspirine 100 mg par jour chez 100 sujets âgés."),
        record(2, sections="Le carcinome de la vessie en maintenance par avélumab."),
        record(3, sections="Une échelle de 0 à 100."),
    ])
    result = run_search(store, "JAVELIN Bladder 100")
    assert result.partial is not None and numbers(result)[0] == 2
    # Typed alone, a number is searched as any word.
    assert sorted(numbers(run_search(store, "100"))) == [1, 3]


def test_a_concept_typed_in_words_is_as_rare_as_the_reviews_naming_it(new_store, use_lexicon):
    """"médicament contre les saignements après l'accouchement … gardé au frigo": the words typed
    name a concept (postpartum haemorrhage) that one review names; many hold its words apart.
    The concept counts as rare as the reviews naming it (one), so that review comes before one
    holding "médicament" and "gardé" (three reviews)."""
    use_lexicon("hémorragie du post-partum | postpartum hemorrhage | | | saignements après l'accouchement\n")
    apart = [record(n, sections="Saignements digestifs, un accouchement normal, après le repas.") for n in range(1, 9)]
    store = new_store(apart + [
        record(20, sections="Un médicament contre l'hémorragie du post-partum, la carbétocine."),
        record(21, sections="Un médicament gardé à part."),
        record(22, sections="Le secret est gardé."), record(23, sections="Un dossier gardé."),
    ])
    result = run_search(store, "médicament contre les saignements après l'accouchement gardé au frigo")
    assert result.partial is not None
    assert numbers(result)[0] == 20
