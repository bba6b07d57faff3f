"""Classes of the lexicon (`classes.txt`): a search for a class finds its members, those of its
subclasses too; a search for a member finds its classes' reviews only when no review names it,
never its siblings; names the lexicon does not resolve are reported."""

from __future__ import annotations

import pytest
from search_support import new_store, numbers, record, use_lexicon  # noqa: F401

from mia.lexicon import files as lexicon_files
from mia.search import run_search
from mia.search.lexicon import class_members, load_lexicon, parse_lexicon

LEXICON = """\
antibiotiques | antibiotics | | | antibiotique ; antibiotic
bêtalactamines | beta-lactams | | | bêtalactamine ; beta-lactam
carbapénèmes | carbapenems | | | carbapénème ; carbapenem
méropénem | meropenem | | | Meronem
ertapénem | ertapenem | | | Invanz
amoxicilline | amoxicillin | | | Clamoxyl
vancomycine | vancomycin | | |
"""
CLASSES = """\
# a comment
antibiotiques > bêtalactamines ; vancomycine
bêtalactamines > carbapénèmes ; amoxicilline
carbapénèmes > méropénem ; ertapénem
"""


def reviews():
    return [
        record(1, sections="Le méropénem en perfusion prolongée."),
        record(2, sections="L'ertapénem en une injection par jour."),
        record(3, sections="Les carbapénèmes de dernier recours."),
        record(4, sections="L'amoxicilline dans l'otite."),
        record(5, sections="La vancomycine orale."),
        record(6, sections="Autre chose."),
    ]


def test_a_class_finds_its_members_and_its_subclasses_members(new_store, use_lexicon):
    use_lexicon(LEXICON, classes=CLASSES)
    store = new_store(reviews())
    result = run_search(store, "carbapenem")
    assert numbers(result)[0] == 3  # the class named as typed ranks first
    assert sorted(numbers(result)) == [1, 2, 3]
    assert any("méropénem ← carbapenem" in route for hit in result.hits for route in hit.routes)
    assert sorted(numbers(run_search(store, "bêtalactamines"))) == [1, 2, 3, 4]
    assert sorted(numbers(run_search(store, "antibiotics"))) == [1, 2, 3, 4, 5]


def test_a_member_finds_neither_its_class_nor_its_siblings(new_store, use_lexicon):
    use_lexicon(LEXICON, classes=CLASSES)
    store = new_store(reviews())
    assert numbers(run_search(store, "meropenem")) == [1]
    assert numbers(run_search(store, "Invanz")) == [2]
    assert numbers(run_search(store, "amoxicillin")) == [4]


@pytest.mark.parametrize(("query", "classes"), [("meropenem", [3]), ("Invanz", [3]), ("amoxicillin", []),
                                                ("vancomycin", [])])
def test_a_member_no_review_names_finds_its_classes_reviews(new_store, use_lexicon, query, classes):
    """"Zoloft while expecting" over an archive that never names sertraline: the review of SSRIs
    in pregnancy is the answer. A member no review names finds the reviews of its classes (the
    carbapenems', the beta-lactams', the antibiotics'), never its siblings'."""
    use_lexicon(LEXICON, classes=CLASSES)
    store = new_store([
        record(3, sections="Les carbapénèmes de dernier recours."),
        record(7, sections="Les bêtalactamines et les allergies."),
        record(8, sections="Les antibiotiques dans la bronchite."),
        record(5, sections="La vancomycine orale."),
        record(6, sections="Autre chose."),
    ])
    result = run_search(store, query)
    expected = {"meropenem": [3, 7, 8], "Invanz": [3, 7, 8], "amoxicillin": [7, 8], "vancomycin": [5]}[query]
    assert sorted(numbers(result)) == sorted(expected)
    assert 5 not in numbers(result) or query == "vancomycin"  # (a sibling: never)
    if classes:
        assert numbers(result)[0] in (3, 7, 8)


def test_a_member_a_review_names_keeps_its_classes_out(new_store, use_lexicon):
    """The review naming the drug is the answer; a review of its class joining it would outrank
    it as a whole match of a query whose other words only it holds."""
    use_lexicon(LEXICON, classes=CLASSES)
    store = new_store([record(1, sections="Le méropénem en perfusion prolongée."),
                       record(3, sections="Les carbapénèmes de dernier recours, en perfusion prolongée et en réanimation.")])
    result = run_search(store, "meropenem réanimation")
    assert numbers(result)[0] == 1
    assert all("meropenem" in hit.missing for hit in result.hits if hit.id.endswith("_3"))  # (réanimation only)
    assert numbers(run_search(store, "meropenem")) == [1]


def test_an_exclusion_of_a_member_never_excludes_its_class(new_store, use_lexicon):
    use_lexicon(LEXICON, classes=CLASSES)
    store = new_store([record(3, sections="Les carbapénèmes et la résistance."),
                       record(9, sections="La résistance aux antiviraux.")])
    assert sorted(numbers(run_search(store, "résistance -meropenem"))) == [3, 9]


def test_without_the_classes_file_a_class_is_only_its_own_forms(new_store, use_lexicon):
    use_lexicon(LEXICON)
    store = new_store(reviews())
    assert numbers(run_search(store, "carbapenem")) == [3]


def test_names_the_lexicon_does_not_resolve_are_reported_and_left_out():
    warnings: list[str] = []
    concepts = parse_lexicon(LEXICON + "IC | IC | | |\nintervalle de confiance | confidence interval | IC | CI |\n",
                             "medical.txt", warnings)
    text = ("carbapénèmes > méropénem ; tigécycline\n"
            "céphalosporines > ceftriaxone\n"
            "IC > méropénem\n"
            "no separator here\n"
            "carbapénèmes > carbapénème\n")  # (a class is not its own member)
    pairs = class_members(text, concepts, warnings)
    labels = [(concepts[a].label, concepts[b].label) for a, b in pairs]
    assert labels == [("carbapénèmes", "méropénem")]
    assert warnings == [
        "classes.txt line 1: 'tigécycline' names no concept of the lexicon; left out.",
        "classes.txt line 2: 'céphalosporines' names no concept of the lexicon; left out.",
        "classes.txt line 3: 'IC' names several concepts of the lexicon; left out.",
        "classes.txt line 4: a class line is 'class > member ; member'; line ignored.",
    ]


def test_a_cycle_in_the_classes_ends_where_it_comes_back():
    warnings: list[str] = []
    concepts = parse_lexicon(LEXICON, "medical.txt", warnings)
    pairs = class_members("antibiotiques > bêtalactamines\nbêtalactamines > antibiotiques ; amoxicilline\n",
                          concepts, warnings)
    labels = {(concepts[a].label, concepts[b].label) for a, b in pairs}
    assert labels == {("antibiotiques", "bêtalactamines"), ("antibiotiques", "amoxicilline"),
                      ("bêtalactamines", "antibiotiques"), ("bêtalactamines", "amoxicilline")}
    assert warnings == []


def test_the_shipped_classes_resolve_every_name_against_the_shipped_lexicon():
    """Each class and member of `classes.txt` is a form of exactly one concept of the shipped
    lexicon, and a class holds several members."""
    lexicon = load_lexicon()
    assert [w for w in lexicon.warnings if w.startswith(lexicon_files.CLASSES_FILE)] == []
    text = lexicon_files.read_package_classes()
    lines = [lexicon_files.parse_class_line(line) for line in text.splitlines()]
    classes = [line for line in lines if line is not None]
    assert len(classes) >= 50
    assert len(lexicon.members) >= 300
    assert len({head for head, _ in lexicon.members}) == len({name for name, _ in classes})


def test_the_lexicon_entry_of_a_class_names_its_members_and_a_member_its_classes(new_store, use_lexicon):
    from mia.cli.render import lexicon_entries_text
    from mia.search import lexicon_entries

    use_lexicon(LEXICON, classes=CLASSES)
    store = new_store(reviews())
    (carbapenems,) = lexicon_entries(store, "carbapenem")["concepts"]
    assert carbapenems["members"] == ["méropénem", "ertapénem"]
    assert carbapenems["classes"] == ["antibiotiques", "bêtalactamines"]
    text = lexicon_entries_text(lexicon_entries(store, "Invanz"), "Invanz")
    assert "    Member of: antibiotiques ; bêtalactamines ; carbapénèmes\n" in text
    assert "Members" not in text


def test_reviews_holding_a_word_only_through_a_classs_drug_rank_with_the_partial_matches(new_store, use_lexicon):
    """A review that holds every word, one of them only through a drug of the class typed, does
    not hide the reviews holding the class itself and fewer words: all rank together by what
    they hold, with no "no review has all of" line (they do hold all the words)."""
    use_lexicon(LEXICON + "otite | otitis | | |\nenfant | child | | |\n", classes=CLASSES)
    store = new_store([
        record(1, sections="L'amoxicilline dans l'otite de l'enfant."),
        record(2, sections="Les antibiotiques dans l'otite."),
        record(3, sections="Autre chose."),
    ])
    result = run_search(store, "antibiotiques otite enfant")
    assert sorted(numbers(result)) == [1, 2] and result.partial is None
    # A review holding every word as typed comes first, the others after it, said so.
    store = new_store([record(1, sections="Les antibiotiques dans l'otite de l'enfant."),
                       record(2, sections="Les antibiotiques dans l'otite.")])
    completed = run_search(store, "antibiotiques otite enfant")
    assert numbers(completed) == [1, 2] and completed.whole == 1 and completed.hits[1].missing == ["enfant"]
    assert numbers(run_search(store, "antibiotiques otite enfant", all_words=True)) == [1]
