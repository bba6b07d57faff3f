"""Snippets analyse only the pieces of a text that may hold a match (snippets.CHUNK): the same
spans as analysing everything, wherever the words fall."""

from __future__ import annotations

import pytest

from mia.search import snippets
from mia.search.analysis import fold, tokenize
from mia.search.snippets import _matches, clean, skeleton

FILLER = "Une phrase de remplissage sans rien de notable. " * 12


def pattern(*words: str) -> tuple:
    return tuple(frozenset(t.term for t in tokenize(word)) for word in words)


def matched(text: str, patterns: list) -> list[str]:
    return [text[start:end] for start, end, _ in _matches(text, patterns)]


@pytest.mark.parametrize("word", ["Œdème", "cœur", "STRAẞE", "mycophénolate-mofétil", "0,41", "aujourd'hui",
                                  "l'essai", "Ærø", "İstanbul", "ﬁbrose", "TPI"])
def test_a_words_skeleton_lies_in_the_skeleton_of_its_text(word):
    text = clean(f"avant {word} après")
    for token in tokenize(text, normalised=True):
        assert skeleton(fold(token.term)) in skeleton(text)


def test_words_far_into_a_text_and_phrases_across_pieces_are_found():
    assert len(FILLER) > 2 * snippets.CHUNK
    text = clean(FILLER + "Le mycophénolate mofétil en première ligne. " + FILLER + "Fin du mycophénolate.")
    assert matched(text, [pattern("mycophénolate")]) == ["mycophénolate", "mycophénolate"]
    assert matched(text, [pattern("première", "ligne")]) == ["première ligne"]
    # A phrase whose words straddle the cut between two pieces: "première" ends the first.
    straddling = "a " * ((snippets.CHUNK - 6) // 2) + "première ligne " + FILLER
    first_cut = straddling.find(" ", snippets.CHUNK)
    assert straddling.index("première") < first_cut < straddling.index("ligne")
    assert matched(straddling, [pattern("première", "ligne")]) == ["première ligne"]


def test_a_text_without_the_words_gives_no_span():
    assert _matches(clean(FILLER * 3), [pattern("rituximab"), pattern("première", "ligne")]) == []


# --- a review of several megabytes (issue 18, item 7) -----------------------------------------


def test_the_best_window_is_found_in_one_pass_and_a_span_wider_than_it_counts_itself():
    spans = [(0, 10, "p0"), (50, 60, "p1"), (300, 310, "p0"), (320, 330, "p1"), (340, 350, "p2")]
    assert snippets._best_window(spans, 200) == ((300, 350), 3, 3)
    assert snippets._best_window([(0, 300, "p0"), (400, 410, "p0")], 200) == ((0, 300), 1, 1)


def test_a_snippet_is_looked_for_within_the_first_scan_chars_of_the_sections():
    words = "Une phrase de remplissage sans rien de notable. "
    far = words * (snippets.SCAN_CHARS // len(words) + 1) + "Le mycophénolate à la fin."
    near = "Le mycophénolate au début. " + far
    for sections, expected in (([far], "Une phrase"), ([near], "Le mycophénolate"),
                               ([far[:100], far], "Une phrase")):
        record = {"sections": [{"heading": "Intro", "text": text} for text in sections]}
        text, spans = snippets.best_snippet(record, [pattern("mycophénolate")])
        assert text.startswith(expected)
        assert [text[s:e] for s, e in spans] == (["mycophénolate"] if expected == "Le mycophénolate" else [])


WORDS = ["Œdème", "cœur", "STRAẞE", "mycophénolate-mofétil", "0,41", "aujourd'hui", "l'essai", "Ærø",
         "İstanbul", "ﬁbrose", "TPI", "anti-CD20", "Rituximab", "RITUXIMAB", "rituximab.", "HbA1c",
         "e-DFG", "NT-proBNP", "IC95%", "thrombopénie", "post-infarctus", "J.A.M.A.", "l'ITP"]


def test_words_looked_at_alone_give_the_spans_analysing_every_word_gives(monkeypatch):
    """A one-word pattern skips the words whose skeleton lacks every needle (`_may_hold`):
    the spans are those found by analysing every word, on texts generated from tricky words."""
    import random

    rng = random.Random(14)
    for trial in range(200):
        words = [rng.choice(WORDS + ["et", "le", "patient", "dose"]) for _ in range(rng.randint(5, 120))]
        text = clean(" ".join(words))
        chosen = [pattern(word) for word in rng.sample(WORDS, 3)]
        chosen = [p for p in chosen if len(p) == 1 and p[0]]
        found = _matches(text, chosen)
        with monkeypatch.context() as patched:
            patched.setattr(snippets, "_may_hold", lambda raw, needles: True)
            assert found == _matches(text, chosen), (trial, text, chosen)


@pytest.mark.parametrize("word", WORDS)
def test_an_ascii_needle_in_a_texts_skeleton_is_in_its_ascii_skeleton(word):
    """`_ascii_skeleton` drops what `skeleton` folds: it may only say yes more often."""
    text = clean(f"avant {word} après, {FILLER[:60]}")
    for token in tokenize(text, normalised=True):
        needle = skeleton(fold(token.term))
        if needle.isascii():
            assert needle.encode() in snippets._ascii_skeleton(text), (word, needle)


def _reference_snippet(record: dict, patterns: list) -> tuple[str, list]:
    """`best_snippet` as it was before sections were tested raw: every section cleaned and
    analysed."""
    texts = [snippets._section_text(raw, cut) for raw, cut in snippets._scanned_sections(record)]
    best = None
    for order, text in enumerate(texts):
        matches = _matches(text, patterns) if patterns else []
        if matches:
            window, distinct, count = snippets._best_window(matches, snippets.WIDTH)
            if best is None or (distinct, count, -order) > best[0]:
                best = ((distinct, count, -order), text, matches, window)
    if best is not None:
        return snippets.snippet_of(best[1], best[2], snippets.WIDTH, best[3])
    return None


@pytest.mark.parametrize("seed", range(4))
def test_sections_skipped_raw_are_those_cleaning_would_not_make_match(seed):
    """A section is skipped when its raw text's ASCII skeleton lacks every needle: generated
    sections whose words are split by what `clean` removes or unifies (controls, soft hyphens,
    no-break spaces, carriage returns) give the snippet cleaning every section gives."""
    import random

    rng = random.Random(seed)
    splitters = ["\x00", "\x1b", "\r", "\u00ad", "\u200b", "\u00a0", "\u2011", "\x7f", "\u0085", " "]

    def split(word: str) -> str:
        at = rng.randint(1, max(1, len(word) - 1))
        return word[:at] + rng.choice(splitters) + word[at:]

    for trial in range(150):
        sections = []
        for _ in range(rng.randint(1, 5)):
            words = [rng.choice(WORDS + ["et", "le", "patient", "dose"]) for _ in range(rng.randint(0, 40))]
            words = [split(w) if rng.random() < 0.3 else w for w in words]
            sections.append({"heading": "H", "text": " ".join(words)})
        record = {"sections": sections}
        chosen = [pattern(word) for word in rng.sample(WORDS, 2)]
        chosen = [p for p in chosen if all(p)]
        expected = _reference_snippet(record, chosen)
        if expected is not None:
            assert snippets.best_snippet(record, chosen) == expected, (trial, sections, chosen)


@pytest.mark.parametrize("seed", range(3))
def test_a_sections_bound_holds_what_its_matches_reach_and_the_look_stops_only_past_the_best(seed):
    """`Wanted.bound` of a raw section is never below the distinct patterns and the matches
    found in its cleaned text; `best_snippet`, which stops at the first section that cannot beat
    the best, gives the snippet of looking at every section, on generated reviews whose words
    repeat across many sections (phrases, hyphenated and dotted words, separators inside words)."""
    import random

    rng = random.Random(100 + seed)
    splitters = ["\x00", "\u00ad", "\u00a0", "-", ".", " "]
    several = 0
    for trial in range(150):
        sections = []
        for _ in range(rng.randint(2, 9)):
            words = [rng.choice(WORDS[:12] + ["et", "le", "patient", "dose"]) for _ in range(rng.randint(0, 60))]
            words = [w[:2] + rng.choice(splitters) + w[2:] if rng.random() < 0.1 else w for w in words]
            sections.append({"heading": "H", "text": " ".join(words)})
        record = {"sections": sections}
        chosen = [pattern(word) for word in rng.sample(WORDS[:12], 2)]
        if rng.random() < 0.5:
            chosen.append(pattern(*rng.sample(WORDS[:12], 2)))  # a phrase
        chosen = [p for p in chosen if all(p)]
        wanted = snippets.Wanted(chosen)
        for raw, cut in snippets._scanned_sections(record):
            bound = wanted.bound(raw)
            matches = _matches(snippets._section_text(raw, cut), chosen)
            if bound is not None:
                assert len({label for _, _, label in matches}) <= bound[0], (trial, raw, chosen)
                assert len(matches) <= bound[1], (trial, raw, chosen)
        expected = _reference_snippet(record, chosen)
        if expected is not None:
            assert snippets.best_snippet(record, chosen) == expected, (trial, sections, chosen)
            bounds = [wanted.bound(raw) for raw, _ in snippets._scanned_sections(record)]
            several += sum(1 for b in bounds if b and b != (0, 0)) > 1
    assert several > 50  # (the generated reviews did give the look several sections to order)
