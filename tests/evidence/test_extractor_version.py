"""The extractor's version follows its rules: a reminder to bump `mia.evidence.EXTRACTOR_VERSION`.

Stored key results record the version of the rules that found them, and `mia reindex` extracts
again the unchecked ones of an older version (tests/core/test_reindex_results.py). That only
works if the version changes when the rules do: this test fingerprints the rules (the code of
`evidence/extract.py`, its comments and docstrings left out, and the vocabulary's design tags,
measures and outcome word families) and compares it with the fingerprint recorded for the current version.
"""

from __future__ import annotations

import hashlib
import io
import token
import tokenize
from pathlib import Path

import mia.evidence
from mia.evidence import EXTRACTOR_VERSION
from mia.evidence.vocabulary import DESIGN_TAGS, MEASURES, OUTCOME_FAMILIES, OUTCOME_NAME_FAMILIES

#: The fingerprint of the rules of each version. When this test fails: if the change alters what
#: is extracted (a pattern, a score, a word list), add 1 to EXTRACTOR_VERSION in
#: src/mia/evidence/__init__.py and record the new fingerprint under the new number; if it
#: cannot (a rename, a faster way to the same answers), record the new fingerprint under the
#: current number.
RECORDED = {
    1: "429b7d3f3372ae6d",
    2: "784d78e89be9a656",  # (re-recorded: patterns compiled through mia.base.patterns, same rules)
    3: "0f99cb5e2f1fbc7d",
    4: "2f3f981da19dc4d6",
    5: "3082a43dcee0d098",  # (from 5 the outcome word families are fingerprinted too)
    6: "a4d1631eaeb3a92f",
    7: "9c968b8a968f7b62",
    8: "ac97c1dd70396fa3",
    9: "dd1dbe0b6c66282a",  # (re-recorded: an effect says it was restated, same rules)
    10: "218d84359ea480e9",  # (from 10 the outcome name families are fingerprinted too)
    11: "22dd023eaab824d2",
    12: "131afc71baf2a93d",
    13: "3e448766a377ee4b",
    14: "c89e7a71269abdc2",  # (re-recorded: the randomisation words written once; the design patterns
    #     behind a quick test of their pieces, same answers on 2,184 reviews)
    15: "be2c1b77ed76f130",  # (re-recorded: the measure and primary patterns behind quick tests of their pieces,
    #     a sentence without a digit not read for N: same answers on 2,200 reviews)
    16: "c342e97efb90f6fe",  # (re-recorded the same session, before any release: an open phase after the comparison)
    17: "f24f9a804bc200b2",  # (re-recorded the same session, before any release: the misses of four more probes)
    18: "9123d37764ed3642",  # (re-recorded the same session, before any release: the arms' values between, the one outcome)
    19: "0d5b997d2dd3d792",  # (re-recorded the same session, before any release: the misses of six probes; a rename)
    20: "ee7fa01df4b387ca",  # the misses of four blind probes: headings run in, tables between, N from parts, SMD
    #     (re-recorded: the measure pattern searched once a sentence, the people of two arms looked for only
    #     where two arms' counts are: same answers on 10,020 reviews)
    21: "abba9ea49462e617",  # (re-recorded the same session, before any release; and for the rewrite naming the interval's label once) the misses of fourteen blind probes: the main analysis, ORa, nested case-control, tables with bars, cases and controls, another study named as such
    22: "7ddc73561d05b2d6",  # (re-recorded the same session, before any release, with the rules of probes 61-72, and for the rewrite deriving the kinds of study and the blinding-only tags, same answers) the misses of eight more blind probes: the introduction's study, blinding from the limits, DB, n-of-1, the second primary, 1aire/CJP, cases and controls, a trial before a meta-analysis, common OR
    23: "0d1cd2ee9d10b667",  # (re-recorded the same session, before any release: the observational primary's place found once, same answers) the misses of four more blind probes: restated arms, inclusive writing, a total with its arms, a table header, dose-response, contrast, numbered primaries, planned samples, RaR
    24: "096b5e182eb1c4c9",  # (re-recorded the same session, before any release: a polynomial backtrack mended; the first kind of study named decides an observational one; groups are no people) four more blind probes: list numbers, matching ratios, glued numbers, the title's kind of study, observational studies, counts of unknown people
    25: "6fa5f181032a084f",  # (re-recorded the same session, before any release, with probes 85-88's rules) four more blind probes: apostrophe thousands, bracketed cases and controls, each case's matches, units of care and cities, a mean difference between groups, the adjusted ratio after a crude difference, a meta-analysis's studies' people
}

EXTRACT = Path(mia.evidence.__file__).with_name("extract.py")


def rules_fingerprint(source: str) -> str:
    """sha256 of the tokens of `source` without comments, blank lines, indentation tokens and
    docstrings (a string standing alone as a statement), plus the vocabulary's tags, measures and
    outcome families."""
    kept: list[str] = []
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    skip = {token.COMMENT, token.NL, token.NEWLINE, token.INDENT, token.DEDENT, token.ENDMARKER}
    previous = token.NEWLINE
    for i, tok in enumerate(tokens):
        if tok.type in skip:
            if tok.type in (token.NEWLINE, token.INDENT, token.DEDENT):
                previous = token.NEWLINE
            continue
        if tok.type == token.STRING and previous == token.NEWLINE:
            following = next((t for t in tokens[i + 1:] if t.type not in (token.COMMENT, token.NL)), None)
            if following is None or following.type in (token.NEWLINE, token.ENDMARKER):
                continue  # a docstring
        kept.append(tok.string)
        previous = tok.type
    kept.append(repr((DESIGN_TAGS, MEASURES)))
    kept.append(repr(sorted(OUTCOME_FAMILIES.items())))  # (from version 5)
    kept.append(repr(sorted(OUTCOME_NAME_FAMILIES.items())))  # (from version 10)
    return hashlib.sha256("\x00".join(kept).encode("utf-8")).hexdigest()[:16]


def test_the_extractor_version_changes_with_its_rules():
    found = rules_fingerprint(EXTRACT.read_text(encoding="utf-8"))
    assert RECORDED.get(EXTRACTOR_VERSION) == found, (
        f"The extraction rules changed (fingerprint {found}, recorded {RECORDED.get(EXTRACTOR_VERSION)} for "
        f"version {EXTRACTOR_VERSION}). If what is extracted may change, bump EXTRACTOR_VERSION in "
        f"src/mia/evidence/__init__.py (mia reindex then extracts unchecked results again) and record "
        f"{{{EXTRACTOR_VERSION + 1}: {found!r}}} in RECORDED; else record {found!r} for {EXTRACTOR_VERSION}.")


def test_the_fingerprint_ignores_comments_and_docstrings_but_not_rules():
    source = EXTRACT.read_text(encoding="utf-8")
    base = rules_fingerprint(source)
    assert rules_fingerprint(source.replace("# More text than any review", "# Far more text than any review")) == base
    assert rules_fingerprint(source.replace('"""Extract the key results', '"""Find the key results', 1)) == base
    assert rules_fingerprint(source.replace("_MAX_GAP = 45", "_MAX_GAP = 46")) != base
    assert rules_fingerprint(source.replace('"vs", "v", "cf"', '"vs", "v", "cf", "fig"')) != base
