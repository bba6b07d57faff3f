"""DOIs as people write them: find one in a text, normalise it, compare two, link to one.

Pure string work, no network (resolution lives in `resolver.py`). A DOI is kept with its
letters as written (`10.1056/NEJMoa2100596`) because that is how the club's compte-rendus and
the publishers print it; DOIs are case-insensitive, so comparison ignores case instead.

Validity is Crossref's recommended pattern (`^10.\\d{4,9}/[-._;()/:A-Z0-9]+$`, case-insensitive),
which matches all but a sliver of registered DOIs; that sliver is mostly Wiley's old SICI DOIs
(`10.1002/(SICI)1097-...<...>...`), also accepted here as Crossref's notes on the pattern suggest.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

from mia.base.errors import BadInput
from mia.base import patterns

DOI_PATTERN = patterns.compile(r"^10\.\d{4,9}/[-._;()/:A-Z0-9]+$", re.IGNORECASE)
# Wiley's legacy DOIs carry characters outside the main pattern (`<`, `>`, `#`, ...).
WILEY_LEGACY_PATTERN = patterns.compile(r"^10\.1002/\S+$", re.IGNORECASE)

# Where a DOI starts in running text; the end is decided by `_trim_trailing`.
_DOI_IN_TEXT = patterns.compile(
    r"10\.\d{4,9}(?:/|%2F)[-._;()/:A-Z0-9%<>#\[\]]+",
    re.IGNORECASE,
)
_MAIN_CHARACTERS = patterns.compile(r"10\.\d{4,9}/[-._;()/:A-Z0-9]*", re.IGNORECASE)
_PREFIXES = patterns.compile(
    r"^(?:"
    r"(?:https?://)?(?:www\.)?(?:dx\.)?doi\.org/"  # resolver links, old and new
    r"|urn:doi:|info:doi/"
    r"|doi\s*:\s*|doi\s+"  # "doi:10...", "DOI: 10...", "DOI 10..."
    r")",
    re.IGNORECASE,
)
_TRAILING_PUNCTUATION = ".,;:'\"]>}"
DOI_LINK_BASE = "https://doi.org/"


def is_valid_doi(doi: str) -> bool:
    """True for a bare DOI (no prefix, no URL) that Crossref's pattern accepts."""
    return bool(DOI_PATTERN.match(doi) or WILEY_LEGACY_PATTERN.match(doi))


def normalise_doi(text: str) -> str:
    """The bare DOI in `text`, however it is written; raises BadInput naming it when invalid.

    Accepts `10.1056/NEJMoa2100596`, `doi:…`, `DOI: …`, `https://doi.org/…`,
    `http://dx.doi.org/…`, percent-encoded forms, and drops punctuation that follows a DOI
    in prose (`.`, `,`, `;`, an unbalanced `)`). A `)` balanced inside the DOI, as in
    Lancet DOIs like `10.1016/S0140-6736(20)30183-5`, stays.
    """
    original = text
    candidate = text.strip()
    # A prefix may come before or after the percent-decoding (`https%3A%2F%2Fdoi.org%2F...`).
    for _ in range(2):
        candidate = _PREFIXES.sub("", candidate, count=1).strip()
        if "%" in candidate:
            candidate = unquote(candidate)
    candidate = _trim_trailing(candidate.strip())
    if not is_valid_doi(candidate):
        raise BadInput(
            f"'{original.strip()}' is not a valid DOI.",
            hint="A DOI looks like 10.1056/NEJMoa2100596 (a doi.org link or 'doi:' before it is fine).",
        )
    return candidate


def doi_key(text: str) -> str:
    """The DOI as mia stores it, whatever wrote it (an importer, an edit, the guided entry):
    the bare DOI as written (capitals kept) when `text` holds a valid one, else `text` stripped
    (it is then not a DOI, and `mia doctor` or the importer says so). `Article` applies it."""
    try:
        return normalise_doi(text)
    except BadInput:
        return text.strip()


def doi_match_key(text: str) -> str:
    """What two DOIs are compared by (DOIs ignore case); also for a registrant prefix
    (`doi:10.1056`), which is not a whole DOI but is searched for."""
    try:
        return normalise_doi(text).lower()
    except BadInput:  # not a whole DOI: still drop a link or `doi:` before it
        return _PREFIXES.sub("", text.strip(), count=1).strip().lower()


def find_doi(text: str) -> str | None:
    """The first valid DOI written anywhere in `text` (a compte-rendu, a reference), or None."""
    for match in _DOI_IN_TEXT.finditer(text):
        candidate = match.group(0)
        if "%" in candidate:
            candidate = unquote(candidate)
        if "(sici)" not in candidate.lower():
            # Outside Wiley's legacy SICI DOIs, a DOI ends at the first character the pattern refuses.
            candidate = _MAIN_CHARACTERS.match(candidate).group(0)
        candidate = _trim_trailing(candidate)
        if is_valid_doi(candidate):
            return candidate
    return None


def same_doi(a: str, b: str) -> bool:
    """Whether two written DOIs name the same object (DOIs ignore case); False if either is invalid."""
    return is_valid_doi(doi_key(a)) and doi_match_key(a) == doi_match_key(b)


def doi_url(doi: str) -> str:
    """The canonical https://doi.org link a reader can open (characters unsafe in a URL encoded)."""
    return DOI_LINK_BASE + quote(doi, safe="/-._;():")


def _trim_trailing(candidate: str) -> str:
    """Drop what prose puts after a DOI: sentence punctuation and an unbalanced `)`."""
    while candidate:
        last = candidate[-1]
        if last in _TRAILING_PUNCTUATION:
            candidate = candidate[:-1]
        elif last == ")" and candidate.count(")") > candidate.count("("):
            candidate = candidate[:-1]
        else:
            break
    return candidate
