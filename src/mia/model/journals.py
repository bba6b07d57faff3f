"""Journal names: NLM abbreviations of the journals the club reads most, and name comparison.

Compte-rendus name journals the way clinicians say them (`NEJM`, `Lancet`), the metadata
services the way publishers do (`The New England Journal of Medicine`, `The Lancet`), and
references want NLM's abbreviation (`N Engl J Med`). `abbreviation()` gives the NLM form for a
journal of the table; `same_journal()` decides whether two spellings name one journal, for the
consistency check (a mistyped DOI usually lands in another journal).
"""

from __future__ import annotations

import functools
import unicodedata
from mia.base import patterns

# NLM abbreviation -> other names and acronyms people use. Only journals whose NLM abbreviation
# cannot be guessed from the name matter for matching, but the table is also what `mia list`
# and Vancouver references use, so it lists the club's usual journals.
NLM_JOURNALS: dict[str, tuple[str, ...]] = {
    "N Engl J Med": ("New England Journal of Medicine", "NEJM"),
    "Lancet": ("The Lancet",),
    "JAMA": ("Journal of the American Medical Association", "JAMA"),
    "BMJ": ("British Medical Journal", "BMJ"),
    "Ann Intern Med": ("Annals of Internal Medicine", "AIM"),
    "JAMA Intern Med": ("JAMA Internal Medicine",),
    "Nat Med": ("Nature Medicine",),
    "Nature": ("Nature",),
    "Science": ("Science",),
    "Blood": ("Blood",),
    "J Clin Oncol": ("Journal of Clinical Oncology", "JCO"),
    "Lancet Oncol": ("The Lancet Oncology",),
    "Lancet Infect Dis": ("The Lancet Infectious Diseases",),
    "Lancet Respir Med": ("The Lancet Respiratory Medicine",),
    "Lancet Haematol": ("The Lancet Haematology",),
    "Circulation": ("Circulation",),
    "Eur Heart J": ("European Heart Journal", "EHJ"),
    "J Am Coll Cardiol": ("Journal of the American College of Cardiology", "JACC"),
    "Clin Infect Dis": ("Clinical Infectious Diseases", "CID"),
    "Clin Microbiol Infect": ("Clinical Microbiology and Infection", "CMI"),
    "Chest": ("Chest",),
    "Am J Respir Crit Care Med": ("American Journal of Respiratory and Critical Care Medicine", "AJRCCM"),
    "Intensive Care Med": ("Intensive Care Medicine", "ICM"),
    "Crit Care Med": ("Critical Care Medicine", "CCM"),
    "Ann Rheum Dis": ("Annals of the Rheumatic Diseases", "ARD"),
    "Gastroenterology": ("Gastroenterology",),
    "Gut": ("Gut",),
    "J Hepatol": ("Journal of Hepatology",),
    "Kidney Int": ("Kidney International",),
    "J Am Soc Nephrol": ("Journal of the American Society of Nephrology", "JASN"),
    "Diabetes Care": ("Diabetes Care",),
    "J Thromb Haemost": ("Journal of Thrombosis and Haemostasis", "JTH"),
    "Br J Haematol": ("British Journal of Haematology", "BJH"),
    "Cochrane Database Syst Rev": ("Cochrane Database of Systematic Reviews",),
    "PLoS One": ("PLOS ONE", "PLoS ONE"),
    "PLoS Med": ("PLOS Medicine",),
    "Swiss Med Wkly": ("Swiss Medical Weekly", "SMW"),
    "Rev Med Suisse": ("Revue Médicale Suisse", "RMS"),
    "Rev Med Interne": ("La Revue de Médecine Interne",),
}

_WORD = patterns.compile(r"[a-z0-9]+")
# Words journal abbreviations leave out (English and French).
_SKIPPED_WORDS = frozenset({"the", "of", "and", "for", "in", "on", "la", "le", "les", "de", "des", "du", "et", "l", "d"})


def words(name: str) -> list[str]:
    """The significant words of a journal name, lowercased, accents and punctuation dropped."""
    if name.isascii():  # (most names: no accents to drop, and lower() is casefold() there)
        folded = name.lower().replace("&", " and ")
    else:
        folded = unicodedata.normalize("NFKD", name)
        folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold().replace("&", " and ")
    return [w for w in _WORD.findall(folded) if w not in _SKIPPED_WORDS]


def _key(name: str) -> str:
    return " ".join(words(name))


_BY_NAME: dict[str, str] = {}
for _abbreviation, _names in NLM_JOURNALS.items():
    for _name in (_abbreviation, *_names):
        _BY_NAME.setdefault(_key(_name), _abbreviation)


@functools.lru_cache(maxsize=4096)
def abbreviation(name: str) -> str | None:
    """The NLM abbreviation of a journal of the table (by any of its names), else None.

    Memoised: `mia list` asks it for every review, and a club reads a few dozen journals.
    """
    return _BY_NAME.get(_key(name)) if name.strip() else None


def shown_name(full: str, short: str = "", written: str = "") -> str:
    """The journal as mia shows it everywhere (list, search hits, references): NLM's abbreviation
    when the table knows the journal by any of its names (publishers' short titles are not always
    NLM's: `The Lancet`), else the metadata's short title, else its full title, else the name
    the review wrote."""
    for name in (full, short, written):
        known = abbreviation(name) if name else None
        if known:
            return known
    return short or full or written


def article_journal(article: dict) -> str:
    """`shown_name` of a record's article (a dict: the store's, or the index's summary): from the
    metadata's full and short titles, then the name the review wrote. What `mia list` and the
    search hits show, without building an `Article` (a list at 100,000 reviews asks it 100,000
    times); `doi.citation.journal_abbreviation` gives the same from an `Article`."""
    metadata = article.get("metadata") if isinstance(article.get("metadata"), dict) else {}
    written = article.get("journal") if isinstance(article.get("journal"), str) else ""
    full = _metadata_name(metadata.get("container-title"))
    short = _metadata_name(metadata.get("container-title-short")) or _metadata_name(metadata.get("journalAbbreviation"))
    return shown_name(full or written, short, written)


_TAG = patterns.compile(r"<[^>]+>")


def plain_metadata_text(text) -> str:
    """Metadata text (CSL, from the DOI services) as plain words: markup tags dropped, entities
    decoded, spaces collapsed; "" for anything but text."""
    if not isinstance(text, str):
        return ""
    text = _TAG.sub("", text)
    if "&" in text:  # html (its entity table) costs ~1.5 ms to import: most names have no entity
        import html

        text = html.unescape(text)
    return " ".join(text.split())


def _metadata_name(value) -> str:
    """A name from CSL metadata: the first of a list, as plain words."""
    if isinstance(value, list):
        value = value[0] if value else ""
    return plain_metadata_text(value)


def full_name(name: str) -> str | None:
    """The full name of a journal of the table (`NEJM` -> `New England Journal of Medicine`), else None."""
    known = abbreviation(name)
    if not known:
        return None
    names = [n for n in NLM_JOURNALS[known] if not n.isupper()] or [known]
    return names[0]


def same_journal(a: str, b: str) -> bool:
    """Whether two spellings name one journal: `NEJM`, `N Engl J Med` and `The New England
    Journal of Medicine` do; so do an NLM-style abbreviation and the name it abbreviates."""
    words_a, words_b = words(a), words(b)
    if not words_a or not words_b:
        return False
    if words_a == words_b:
        return True
    known_a, known_b = abbreviation(a), abbreviation(b)
    if known_a and known_b:
        return known_a == known_b
    return _is_acronym_of(words_a, words_b) or _is_acronym_of(words_b, words_a) or _abbreviates(words_a, words_b)


def _is_acronym_of(short: list[str], long: list[str]) -> bool:
    """`nejm` against `new england journal medicine` (or `n engl j med`)."""
    return len(short) == 1 and len(long) > 1 and short[0] == "".join(w[0] for w in long)


def _abbreviates(a: list[str], b: list[str]) -> bool:
    """Word by word, one is an abbreviation of the other: same first letter, letters in order
    (`natl` abbreviates `national`, `wkly` abbreviates `weekly`)."""
    if len(a) != len(b) or len(a) < 2:  # one word against one word: only equality counts
        return False
    return all(_letters_in_order(x, y) or _letters_in_order(y, x) for x, y in zip(a, b))


def _letters_in_order(short: str, long: str) -> bool:
    if not short or short[0] != long[0]:
        return False
    remaining = iter(long)
    return all(letter in remaining for letter in short)
