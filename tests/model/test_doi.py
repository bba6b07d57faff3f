"""DOIs as people write them."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mia.model.doi import doi_url, find_doi, normalise_doi, same_doi
from mia.base.errors import BadInput

NEJM = "10.1056/NEJMoa2100596"
LANCET = "10.1016/S0140-6736(20)30183-5"


@pytest.mark.parametrize(
    "written",
    [
        NEJM,
        f"doi:{NEJM}",
        f"DOI: {NEJM}",
        f"DOI {NEJM}",
        f"  https://doi.org/{NEJM}  ",
        f"http://dx.doi.org/{NEJM}",
        f"https://www.doi.org/{NEJM}",
        "10.1056%2FNEJMoa2100596",
        "https%3A%2F%2Fdoi.org%2F10.1056%2FNEJMoa2100596",
        f"{NEJM}.",
        f"{NEJM},",
        f"{NEJM};",
        f"{NEJM})",
        f"{NEJM}).",
    ],
)
def test_every_common_way_of_writing_a_doi_gives_the_bare_doi_as_written(written):
    assert normalise_doi(written) == NEJM


def test_a_closing_parenthesis_that_belongs_to_the_doi_stays():
    assert normalise_doi(f"https://doi.org/{LANCET}") == LANCET
    assert normalise_doi(f"{LANCET})") == LANCET
    assert normalise_doi(f"{LANCET}).") == LANCET


def test_letters_are_kept_as_written():
    assert normalise_doi("https://doi.org/10.1371/JOURNAL.PONE.0033693") == "10.1371/JOURNAL.PONE.0033693"


@pytest.mark.parametrize("written", ["", "NEJMoa2100596", "10.105/abc", "10.1056/", "10.1056/NEJM oa", "https://example.org/x"])
def test_an_invalid_doi_is_bad_input_naming_it(written):
    with pytest.raises(BadInput) as caught:
        normalise_doi(written)
    assert caught.value.message == f"'{written.strip()}' is not a valid DOI."
    assert caught.value.exit_code == 2


def test_wiley_legacy_sici_dois_are_accepted():
    sici = "10.1002/(SICI)1097-0258(19980815/30)17:15/16<1661::AID-SIM968>3.0.CO;2-2"
    assert normalise_doi(sici) == sici
    assert find_doi(f"see doi:{sici} for details") == sici


def test_find_doi_in_a_compte_rendu():
    text = "Mycophenolate Mofetil ...\n\nC. A. Bradbury et al., NEJM, 02.09.2021\n\nDOI: 10.1056/NEJMoa2100596\n\nIntroduction"
    assert find_doi(text) == NEJM


@pytest.mark.parametrize(
    "text, expected",
    [
        (f"(see https://doi.org/{LANCET}).", LANCET),
        (f"Reference: doi:{NEJM}, accessed 2024.", NEJM),
        (f"<a href='https://doi.org/{NEJM}'>link</a>", NEJM),
        ("encoded: https://doi.org/10.1056%2FNEJMoa2100596 end", NEJM),
        ("no DOI here, only 10.5 mg and 10.1056 alone", None),
    ],
)
def test_find_doi_in_prose(text, expected):
    assert find_doi(text) == expected


def test_dois_are_compared_without_regard_to_case():
    assert same_doi("10.1056/nejmoa2100596", f"https://doi.org/{NEJM}")
    assert not same_doi(NEJM, "10.1056/NEJMoa2100597")
    assert not same_doi(NEJM, "not a doi")


def test_doi_url_is_the_canonical_link():
    assert doi_url(NEJM) == "https://doi.org/10.1056/NEJMoa2100596"
    assert doi_url(LANCET) == "https://doi.org/10.1016/S0140-6736(20)30183-5"
    assert doi_url("10.1002/x<1>#2") == "https://doi.org/10.1002/x%3C1%3E%232"


# -- every valid DOI survives every way of writing it -------------------------------------------

_SUFFIX_CHARACTERS = st.sampled_from("-._;()/:ABCXYZabcxyz0189")
valid_dois = st.builds(
    lambda digits, middle, last: f"10.{digits}/{middle}{last}",
    st.integers(min_value=1000, max_value=999_999_999),
    st.text(_SUFFIX_CHARACTERS, max_size=20),
    st.sampled_from("AZaz09"),
)


@given(valid_dois, st.sampled_from(["{}", "doi:{}", "DOI: {}", "https://doi.org/{}", "http://dx.doi.org/{}", "{}.", "{},", "{};"]))
def test_a_valid_doi_comes_back_as_written_from_any_form(doi, form):
    assert normalise_doi(form.format(doi)) == doi
    assert normalise_doi("https://doi.org/" + quote(doi, safe="")) == doi
    assert same_doi(doi.upper(), form.format(doi.lower()))


@given(valid_dois)
def test_a_valid_doi_is_found_in_prose(doi):
    if "(" not in doi:
        assert find_doi(f"Voir (doi:{doi}). Ensuite") == doi
    assert find_doi(f"Référence : https://doi.org/{doi}, consultée") == doi


def test_the_journal_list_and_hits_show_is_the_one_references_use():
    """`model.journals.article_journal` (list, search hits: from a record's dict) gives what
    `doi.citation.journal_abbreviation` gives from an Article, on generated articles."""
    import itertools

    from mia.doi.citation import journal_abbreviation
    from mia.model.journals import article_journal
    from mia.model.review import Article

    written = ["", "NEJM", "The Lancet", "Rev Prat", "JAMA Intern Med"]
    full = [None, "The New England Journal of Medicine", ["La <i>Revue</i> du praticien"], "Lancet &amp; co", []]
    short = [None, "N. Engl. J. Med.", ["Rev Prat"], ""]
    for journal, container, container_short in itertools.product(written, full, short):
        metadata = {key: value for key, value in (("container-title", container),
                                                  ("container-title-short", container_short)) if value is not None}
        article = {"journal": journal, "metadata": metadata or None}
        assert article_journal(article) == journal_abbreviation(Article(journal=journal, metadata=metadata or None)), article
