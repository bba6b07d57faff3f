"""The Markdown form of a review: what `mia new`, `mia edit` and the Markdown export write and read."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mia.base.errors import ImportFailed
from mia.importers.compte_rendu import parse_compte_rendu
from mia.importers.markdown import parse_markdown, review_to_markdown
from mia.model.review import Article, Review, Section

from conftest import SEED


def seed_review() -> Review:
    return parse_compte_rendu(SEED.read_text(encoding="utf-8"), source_name=SEED.name).review


def stored_review() -> Review:
    """The seed as a store holds it after an edit: times, source, metadata and one earlier version."""
    review = seed_review()
    review.source = {"name": "mia_review_40.txt", "sha256": "ab" * 32, "format": "compte-rendu"}
    review.added, review.updated = "2026-01-05T10:00:00Z", "2026-02-01T08:30:00Z"
    review.article.metadata = {"title": "MMF --> ITP", "issued": {"date-parts": [[2021, 9, 2]]}, "volume": 385}
    earlier = review.to_dict()
    earlier.pop("history")
    review.history = [earlier]
    review.version, review.version_date = "V1", "2026-02-01"
    review.extra = {"reviewed_by": ["journal club"]}
    return review


def test_the_seed_reads_back_identical_with_history_metadata_and_times():
    review = stored_review()
    text = review_to_markdown(review)
    assert parse_markdown(text, source_name="mia_review_40.md").review.to_dict() == review.to_dict()


def test_the_form_is_front_matter_then_one_heading_per_section_then_a_hidden_block():
    text = review_to_markdown(stored_review())
    lines = text.splitlines()
    assert lines[0] == "---"
    assert "id: mia_review_40" in lines
    assert "title: 'Thrombocytopénie immune: A new hope!'" in lines
    assert "published: '2021-10-30'" in lines
    assert "  doi: 10.1056/NEJMoa2100596" in lines
    assert [line for line in lines if line.startswith("## ")] == [
        "## Introduction", "## Méthode", "## Résultats", "## Discussion",
    ]
    assert lines[-1] == "-->" and any(line.startswith("<!-- mia:bookkeeping") for line in lines)
    # The review's text never closes the comment early: `-->` inside it is escaped.
    block = text[text.index("<!-- mia:bookkeeping"):]
    assert block.count("-->") == 1


def test_the_edit_form_has_no_bookkeeping():
    text = review_to_markdown(stored_review(), bookkeeping=False)
    assert "mia:bookkeeping" not in text and "history" not in text


def test_a_file_without_bookkeeping_is_a_new_review():
    stored = stored_review()
    review = parse_markdown(review_to_markdown(stored, bookkeeping=False)).review
    assert review.history == [] and review.added == "" and review.source == {} and review.extra == {}
    stored.extra = {}
    assert review.content_dict() == stored.content_dict()


def test_text_lines_that_look_like_headings_come_back_as_text():
    review = Review(
        id="mia_review_3", title="T",
        sections=[Section("Notes", "## not a heading\n\\## nor this\n\\\\##\n# a title\n### sub\n\n  indented")],
    )
    text = review_to_markdown(review)
    assert "\\## not a heading" in text
    back = parse_markdown(text).review
    assert back.sections == review.sections


def test_hand_written_front_matter_is_read_leniently():
    text = """---
id: mia_review_7
title: Un titre
published: 2024-03-01
authors: Jean Dupont, Marie Curie
keywords: [TPI, MMF]
article:
  doi: 10.1056/NEJMoa2100596
  date: 2021-09-02
  et_al: yes
---
## Introduction
Texte.
## Discussion
"""
    review = parse_markdown(text).review
    assert review.published == "2024-03-01" and review.article.date == "2021-09-02"
    assert review.authors == ["Jean Dupont", "Marie Curie"] and review.keywords == ["TPI", "MMF"]
    assert review.article.et_al is True
    assert review.version == "V0" and review.language == "fr"
    assert review.sections == [Section("Introduction", "Texte."), Section("Discussion", "")]


def test_the_id_may_come_from_the_file_name():
    text = "---\ntitle: T\n---\n## Introduction\nx\n"
    assert parse_markdown(text, source_name="mia_review_12.md").review.id == "mia_review_12"
    with pytest.raises(ImportFailed, match=r"notes\.md, line 1: the front matter has no 'id'"):
        parse_markdown(text, source_name="notes.md")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\nid: mia_review_1\ntitle: 'unclosed\n---\n## A\nx\n", "r.md, line 3: the front matter is not valid YAML"),
        ("---\nid: mia_review_1\ntitle: a: b\n---\n## A\nx\n", "r.md, line 3: the front matter is not valid YAML"),
        ("---\nid: mia_review_1\ntitle: ''\n---\n## A\nx\n", "r.md, line 3: the review has no title."),
        ("---\nid: mia_review_1\nversion: V0\n---\n## A\nx\n", "r.md, line 1: the review has no title."),
        ("---\nid: mia_review_1\ntitle: T\n---\nSome text.\n", "r.md, line 5: this text comes before the first section heading."),
        ("---\nid: mia_review_1\ntitle: T\n---\n\n", "r.md, line 5: the review has no section"),
        ("---\nid: mia_review_1\ntitle: T\npublished: 30.10.2021\n---\n## A\n", "r.md, line 4: 'published' is '30.10.2021', not a date"),
        ("---\nid: mia_review_1\ntitle: T\ntitel: T\n---\n## A\n", "r.md, line 4: unknown field 'titel'"),
        ("---\nid: mia_review_1\ntitle: T\narticle:\n  doi: x\n  jornal: NEJM\n---\n## A\n", "r.md, line 6: unknown field 'article.jornal'"),
        ("---\nid: mia_review_1\ntitle: T\nlanguage: no\n---\n## A\n", "r.md, line 4: 'language' must be text, not true/false."),
        ("---\nid: review one\ntitle: T\n---\n## A\n", "r.md, line 2: the id 'review one' is not of the form mia_review_N."),
        ("## A\ntext\n", "r.md, line 1: a review in Markdown starts with its fields"),
        ("---\nid: mia_review_1\ntitle: T\n## A\n", "r.md, line 1: the front matter opened here is never closed"),
        ("---\nid: mia_review_1\ntitle: T\n---\n## A\n\n<!-- mia:bookkeeping x\n{\"added\": }\n-->\n", "r.md, line 8: the bookkeeping block written by mia is damaged"),
    ],
    ids=[
        "bad yaml quote", "bad yaml colon", "empty title", "missing title", "text before sections", "no section",
        "bad date", "unknown field", "unknown article field", "yaml boolean", "bad id", "no front matter",
        "unclosed front matter", "damaged bookkeeping",
    ],
)
def test_errors_name_the_line(text, expected):
    with pytest.raises(ImportFailed) as failure:
        parse_markdown(text, source_name="r.md")
    assert failure.value.message.startswith(expected), failure.value.message


_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x1c\x1d\x1e\x85\u2028\u2029"), max_size=40)
_line = _text.map(lambda s: s.replace("\n", " "))


@settings(max_examples=150, deadline=None)
@given(
    title=_line.filter(lambda s: s.strip() == s and s.strip()),
    keywords=st.lists(_line, max_size=3),
    sections=st.lists(
        # Section text is read without the blank lines around it (what an editor leaves there).
        st.tuples(_line.map(str.strip), _text.map(str.strip)),
        min_size=1, max_size=4,
    ),
    doi=_line,
    # (whole numbers the store can write: 64 bits; a file holding a larger one is refused at import)
    metadata=st.none() | st.dictionaries(_line, st.integers(-(2**63), 2**63 - 1) | _line | st.booleans(), max_size=3),
)
def test_any_review_survives_the_markdown_round_trip(title, keywords, sections, doi, metadata):
    review = Review(
        id="mia_review_9", title=title, keywords=keywords,
        sections=[Section(heading, text) for heading, text in sections],
        article=Article(doi=doi, metadata=metadata),
        source={"name": "x.txt"}, added="2026-01-01T00:00:00Z", updated="2026-01-01T00:00:00Z",
    )
    back = parse_markdown(review_to_markdown(review)).review
    assert back.to_dict() == review.to_dict()


def test_a_role_the_heading_does_not_say_survives_the_markdown_form():
    from mia.importers.markdown import parse_markdown, review_to_markdown
    from mia.model.review import Review

    record = {"id": "mia_review_7", "title": "Titre", "sections": [
        {"heading": "MÃ©thode", "text": "Texte.", "role": "methods"},  # as a damaged JSON record says
        {"heading": "Résultats", "text": "Texte.", "role": "results"},
    ]}
    review = Review.from_dict(record)
    text = review_to_markdown(review)
    assert '"section_roles": ["methods", "results"]' in text
    back = parse_markdown(text, source_name="mia_review_7.md").review
    assert [s.role for s in back.sections] == ["methods", "results"]
    plain = Review.from_dict({**record, "sections": record["sections"][1:]})
    assert "section_roles" not in review_to_markdown(plain)  # nothing to say when the headings say it


@pytest.mark.parametrize("text, kept", [("abc\n", "abc"), ("\r\nabc\n\n", "abc"), ("  abc", "  abc"),
                                        ("abc\n\n\ndef\n", "abc\n\n\ndef")])
def test_a_json_review_s_blank_lines_around_a_section_are_not_kept_and_it_reads_back_from_markdown(text, kept):
    """A section's text imported from JSON with line breaks around it: they are dropped on import
    (no content), so that its Markdown form (`mia edit`) reads back as the stored review."""
    import json

    from mia.importers.json_records import parse_json_reviews

    record = seed_review().to_dict()
    record["sections"][0]["text"] = text
    (parsed,) = parse_json_reviews(json.dumps(record).encode(), "r.json")
    review = parsed.review
    assert review.sections[0].text == kept
    back = parse_markdown(review_to_markdown(review), source_name=f"{review.id}.md").review
    assert back.sections[0].text == review.sections[0].text
