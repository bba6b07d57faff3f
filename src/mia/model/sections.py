"""Section roles: which part of a review a heading names, whatever its words.

A review's sections carry a *role*, one of `ROLES`, beside their heading as written:
`Résultats principaux`, `Results`, `Main results` and `2. RÉSULTATS :` all have the role
`results`. Headings are compared folded (no case, no accents, `-` and `'` as spaces), without
numbering (`2.`, `II –`, `B)`) and without a final colon.

Two levels of knowledge:

- `KNOWN_HEADINGS`: headings known *exactly*. The compte-rendu importer takes such a line as a
  heading wherever it stands (`known_role`).
- the heading *vocabulary*: role words (`résultat`, `findings`, `méthodologie`…) in French and
  English, singular or plural, with qualifiers (`principaux`, `secondaires`, `main`, `key`…)
  and linking words (`de l'étude`, `and`) around them (`inferred_role`). A line matching only
  the vocabulary is a heading when it also has a heading's shape (the importer decides that),
  and the import report names it.

`role_of(heading)` gives the role of any heading, known or inferred, "" for a heading outside
the vocabulary (`Mon avis`): the role a Section gets when none is recorded.
"""

from __future__ import annotations

import functools
import re
import unicodedata

ROLES = ("introduction", "methods", "results", "discussion", "conclusion", "other")

#: The names of each role, English then French, under which a search finds its sections
#: (`section:résultats`). `other` has none: it gathers what the five are not.
ROLE_NAMES: dict[str, tuple[str, ...]] = {
    "introduction": ("introduction",),
    "methods": ("methods", "méthodes"),
    "results": ("results", "résultats"),
    "discussion": ("discussion",),
    "conclusion": ("conclusion",),
    "other": (),
}

#: Headings known exactly, by role (the compte-rendu importer's list since its first version).
KNOWN_HEADINGS: dict[str, tuple[str, ...]] = {
    "introduction": (
        "Introduction", "Contexte", "Objectif", "Objectifs", "But de l'étude",
        "Background", "Objective", "Objectives", "Aim", "Aims", "Context", "Rationale",
        "Le contexte", "Pourquoi cette étude ?", "Why this study",
    ),
    "methods": (
        "Méthode", "Méthodes", "Méthodologie", "Matériel et méthode", "Matériel et méthodes",
        "Matériels et méthodes", "Patients et méthodes",
        "Method", "Methods", "Methodology", "Materials and methods", "Patients and methods",
        "L'étude", "The study", "Protocole", "Study design", "Ce qu'ils ont fait", "What they did",
    ),
    "results": ("Résultat", "Résultats", "Result", "Results", "Effets secondaires", "Side effects", "Findings",
                "Ce qu'ils ont trouvé", "What they found"),
    "discussion": (
        "Discussion", "Commentaire", "Commentaires", "Critique", "Critiques", "Limite", "Limites",
        "Points forts", "Points faibles", "Forces et faiblesses",
        "Limitations", "Strengths", "Weaknesses", "Strengths and limitations", "Comment", "Comments",
        "Points forts et limites", "Forces et limites", "Analyse critique", "Critical appraisal", "Appraisal",
        "Strengths and weaknesses", "Notre avis", "Avis du club", "Our take", "Our reading",
    ),
    "conclusion": (
        "Conclusion", "Conclusions", "Perspective", "Perspectives", "Synthèse", "En résumé",
        "Message clé", "Messages clés", "Take-home message", "Take-home messages", "Key points",
        "Key messages", "Bottom line", "En bref", "Points clés", "À retenir", "Ce qu'il faut retenir",
        "En pratique", "In practice", "Implications pour la pratique", "Implications for practice",
        "Pour la pratique", "Message à retenir", "Message pour la pratique",
    ),
    "other": ("Résumé", "Summary"),
}

#: The vocabulary: words that name a role (folded, singular).
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "introduction": (
        "introduction", "contexte", "context", "background", "objectif", "objective", "aim",
        "purpose", "rationale", "justification", "generalite", "preambule", "hypothese",
        "hypothesis", "why", "pourquoi", "question",
    ),
    "methods": (
        "methode", "method", "methodologie", "methodology", "materiel", "material", "design",
        "schema", "protocole", "protocol", "statistique", "statistic", "statistical",
        "fait", "did", "done",  # `Ce qui a été fait`, `What they did`
        "setting",  # `Design and setting`, `Setting and participants` (structured abstracts)
    ),
    "results": ("resultat", "result", "finding", "constat", "constatation", "found", "trouve",
                # the safety results: `Tolérance`, `Effets indésirables`, `Safety`, `Adverse events`
                "tolerance", "tolerabilite", "tolerability", "securite", "safety", "toxicite",
                "toxicity", "indesirable", "adverse"),
    "discussion": (
        "discussion", "commentaire", "comment", "critique", "limite", "limitation", "force",
        "faiblesse", "strength", "weakness", "interpretation", "avis", "appraisal", "caveat",
        "reading", "lecture",  # `Our reading`, `Notre lecture`
    ),
    "conclusion": (
        "conclusion", "perspective", "synthese", "implication", "message", "retenir",
        "pratique", "practice",  # `En pratique`, `In practice`, `Implications pour la pratique`
        "retenons", "retient", "retenu",  # `Ce que nous en retenons`
    ),
    "other": (
        "resume", "summary", "abstract", "reference", "bibliographie", "bibliography",
        "remerciement", "acknowledgement", "acknowledgment", "annexe", "appendix",
        "financement", "funding", "conflit", "conflict", "glossaire", "abreviation",
        "abbreviation",
    ),
}

#: Words that qualify a role word without changing the role (folded, singular).
QUALIFIERS = frozenset(
    "principal principale secondaire main primary secondary key major majeur majeure cle "
    "detaille detaillee detailed complementaire supplementaire additional supplementary autre "
    "other further preliminaire preliminary final finale global globale overall general generale "
    "brief bref breve essentiel essentielle essential important importante fort faible "
    "critical".split()
)

#: Words that link or locate (`de l'étude`, `and`, `pour la pratique`): allowed, never enough.
#: `Patients`, `Population` alone are the column heads of many a table, not headings.
LINKING_WORDS = frozenset(
    "et and & de du des la le les l d of the a en in on sur pour for etude study essai trial "
    "patient population participant "
    "point analyse analysis clinique clinical interet interest notre our nos "
    "lecteur reader mon ma mes my take home qu il faut ce "
    "relecteur relectrice reviewer redaction editor comite effet effect evenement event "
    "this these cet cette ces posee posed research recherche "
    "what they we qui que ete ils ont nous elles auteur author club groupe group".split()
)

def fold(text: str) -> str:
    """`text` without case or accents, single-spaced."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def heading_key(text: str) -> str:
    """The form headings are compared in: folded, without numbering, without the marks of
    inclusive writing (`Patient.e.s` is `Patients`), with spaces for punctuation (`Take-home`,
    `l'étude`). Whether a final full stop is allowed is the importer's business (a line ending a
    sentence is not a heading)."""
    text = without_numbering(text.strip().rstrip(":").strip())
    if "." in text or "·" in text:
        text = _inclusive().sub(r"\1", text)
    return fold(_punctuation().sub(" ", text))


def without_numbering(heading: str) -> str:
    """`heading` without the numbering before it (`2.`, `2.1`, `II –`, `B)`)."""
    return _numbering().sub("", heading)


# The tables are built on first use: a search imports this module (through the review model)
# and only indexing asks for a role.


@functools.lru_cache(maxsize=1)
def _punctuation() -> re.Pattern[str]:
    return re.compile(r"[^\w\s&]+")


@functools.lru_cache(maxsize=1)
def _subtitle() -> re.Pattern[str]:
    """What separates a heading from its subtitle: `Résultats : efficacité`, `Discussion – limites`.
    (Tried only where a run of spaces starts: tried at each of its spaces, it took minutes over a
    heading holding a long run of them, found by bench/fuzz.py, seed 22.)"""
    return re.compile(r"(?<!\s)\s*:\s+|(?<!\s)\s+[–—-]\s+")


@functools.lru_cache(maxsize=1)
def _inclusive() -> re.Pattern[str]:
    """The feminine and plural marks of inclusive writing: `patient.e.s`, `relecteur·rice`."""
    return re.compile(r"(?<=\w)[.·](?:e|ne|rice|trice|euse|le)(?:[.·]?(s))?(?!\w)", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _numbering() -> re.Pattern[str]:
    """Numbering before a heading: `2.`, `2.1`, `2)`, `II –`, `IV.`, `B)`, `b.`."""
    return re.compile(r"^(?:(?:\d+(?:\.\d+)*|[IVX]+)\s*[.)\-–—:]?|[A-Ha-h][.)]|[A-H]\s*[–—-])\s+")


@functools.lru_cache(maxsize=1)
def _known_keys() -> dict[str, str]:
    return {heading_key(h): role for role, headings in KNOWN_HEADINGS.items() for h in headings}


@functools.lru_cache(maxsize=1)
def _word_roles() -> dict[str, str]:
    return {word: role for role, words in ROLE_WORDS.items() for word in words}


@functools.lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    return frozenset(_word_roles()) | QUALIFIERS | LINKING_WORDS


def known_role(heading: str) -> str | None:
    """The role of a heading known exactly (case, accents, numbering, colon aside), else None."""
    return _known_keys().get(heading_key(heading))


#: The most words a subtitle may hold (more: a sentence, not a heading's subtitle).
MAX_SUBTITLE_WORDS = 8


@functools.lru_cache(maxsize=4096)
def inferred_role(heading: str) -> str | None:
    """The role the vocabulary gives `heading`, or None.

    Every word must be a role word, a qualifier or a linking word, singular or plural, and at
    least one a role word; the first role word decides (`Résultats et discussion`: results).
    A heading followed by a subtitle after a colon or a dash (`Résultats : efficacité`,
    `Discussion – forces et limites`) has the role of the heading before it, whatever the
    subtitle's words, if the subtitle is short (`MAX_SUBTITLE_WORDS`).
    """
    head, subtitle = _split_subtitle(without_numbering(heading.strip().rstrip(":").strip()))
    if subtitle:
        return known_role(head) or _role_of_words(head)
    return _role_of_words(heading)


def _split_subtitle(heading: str) -> tuple[str, str]:
    """(the heading, its subtitle) when a colon or a dash separates a short subtitle, else
    (`heading`, "")."""
    parts = _subtitle().split(heading, maxsplit=1)
    if len(parts) == 2 and parts[0] and parts[1] and len(parts[1].split()) <= MAX_SUBTITLE_WORDS:
        return parts[0], parts[1]
    return heading, ""


def _role_of_words(heading: str) -> str | None:
    words = heading_key(heading).split()
    if not words or len(words) > 8:
        return None
    known, roles = _known_words(), _word_roles()
    role = None
    for word in words:
        word = _singular(word, known)
        if word not in known:
            return None
        role = role or roles.get(word)
    return role


@functools.lru_cache(maxsize=4096)
def role_of(heading: str) -> str:
    """The role of any heading: known exactly, else by the vocabulary, else ""."""
    return known_role(heading) or inferred_role(heading) or ""


def _singular(word: str, known: frozenset[str]) -> str:
    """`word` as the vocabulary holds it: `résultats` → `resultat`, `principaux` → `principal`,
    `weaknesses` → `weakness`; a word the vocabulary lacks is returned as it is."""
    if word in known:
        return word
    candidates = []
    if word.endswith("aux"):
        candidates.append(word[:-3] + "al")
    if word.endswith(("s", "x")):
        candidates.append(word[:-1])
    if word.endswith("es"):
        candidates.append(word[:-2])
    return next((c for c in candidates if c in known), word)
