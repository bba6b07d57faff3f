"""The lexicon as the search sees it: concepts whose forms are compared through their canon.

The files and their format are `mia.lexicon.files`'s. A *form* is compared with query words and
with learned long forms through its *canon*: each of its words reduced to one stem key
(`stemming.canonical_key`), acronyms kept as typed. Two concepts sharing a form's canon make that
form ambiguous (IC: insuffisance cardiaque, intervalle de confiance), and an ambiguous form is
never added when expanding another form.
"""

from __future__ import annotations

import re
from pathlib import Path

from mia.base.errors import BadInput
from mia.base.phrases import shell_word
from mia.lexicon.files import (CLASSES_FILE, COLUMNS, append_user_line, format_line, parse_class_line, parse_line,
                               read_package_classes, read_package_files, user_lexicon_path, where_written)
from mia.search.stemming import canonical_key
from mia.search.analysis import ACRONYM, NUMBER, acronym_term, tokenize



# Plain classes, not dataclasses: every search imports this module (for `lexicon_signature`),
# and building a dataclass costs ~0.5 ms at import.


class Form:
    __slots__ = ("text", "column", "slots")

    def __init__(self, text: str, column: str, slots: list[tuple[str, str]]) -> None:
        self.text = text
        self.column = column
        self.slots = slots  # (term, kind) per position: what a phrase must match

    def __repr__(self) -> str:
        return f"Form({self.text!r}, {self.column!r}, {self.slots!r})"

    @property
    def canon(self) -> str:
        return canon_of(self.slots)


class Concept:
    __slots__ = ("columns", "source", "forms")

    def __init__(self, columns: dict[str, list[str]], source: str, forms: list[Form] | None = None) -> None:
        self.columns = columns
        self.source = source  # "package:12" or "user:3": where the line is, for `mia lexicon show`
        self.forms = forms if forms is not None else []

    def __repr__(self) -> str:
        return f"Concept({self.columns!r}, {self.source!r}, {len(self.forms)} forms)"

    @property
    def label(self) -> str:
        for column in COLUMNS:
            if self.columns.get(column):
                return self.columns[column][0]
        return ""

    def line(self) -> str:
        return format_line(self.columns)


class Lexicon:
    __slots__ = ("concepts", "warnings", "members")

    def __init__(self, concepts: list[Concept], warnings: list[str],
                 members: list[tuple[int, int]] | None = None) -> None:
        self.concepts = concepts
        self.warnings = warnings
        # (class, member) pairs, as indexes into `concepts`: every member of each class, those
        # of its subclasses included (`class_members`)
        self.members = members if members is not None else []

    def naming(self, text: str) -> list[Concept]:
        """The concepts one of whose forms is `text` (compared by canon, as queries are)."""
        wanted = set(canons_of_query(form_slots(text)))
        return [c for c in self.concepts if any(f.canon in wanted for f in c.forms)]


def form_slots(text: str) -> list[tuple[str, str]]:
    """The (term, kind) sequence a form or a query phrase must match, position by position."""
    return [(t.term, t.kind) for t in tokenize(text) if not t.joined]


def canon_of(slots: list[tuple[str, str]]) -> str:
    return " ".join(
        term if kind in (ACRONYM, NUMBER) else canonical_key(term) for term, kind in slots
    )


def canons_of_query(slots: list[tuple[str, str]]) -> list[str]:
    """The canons a typed phrase may stand for: a short word typed in lower case (`itp`) may
    also be the acronym `ITP`."""
    variants = [""]
    for term, kind in slots:
        options = [term if kind in (ACRONYM, NUMBER) else canonical_key(term)]
        if kind not in (ACRONYM, NUMBER):
            upper = acronym_term(term.upper())
            if upper:
                options.append(upper)
        variants = [f"{v} {o}".strip() for v in variants for o in options][:16]
    return variants


#: The combining prefixes French and English medical words are written with or without a hyphen
#: (bêta-lactamases, bêtalactamases; non-infériorité, noninferiority; co-trimoxazole).
COMBINING_PREFIXES = (
    "alpha", "bêta", "beta", "gamma", "delta", "anti", "non", "post", "pré", "pre", "co", "auto", "hyper",
    "hypo", "intra", "extra", "inter", "multi", "néo", "neo", "pseudo", "semi", "sous", "sub", "supra", "ultra",
    "micro", "macro", "poly", "mono", "péri", "peri", "para", "trans", "rétro", "retro", "contre", "counter",
)
_HYPHENATED = re.compile(
    r"(?<![\w-])(" + "|".join(sorted(COMBINING_PREFIXES, key=len, reverse=True)) + r")-([^\W\d_]{3,})(?![\w-])",
    re.IGNORECASE,
)


def compound_variant(text: str) -> str | None:
    """`text` with the hyphen of each word made of a combining prefix and a lower-case word of
    three letters or more dropped (`bêta-lactamases à spectre étendu`: `bêtalactamases à spectre
    étendu`); None when it holds no such word. A form written with the hyphen thus matches the
    three spellings: hyphenated and spaced (its words, position by position) and fused (this
    variant). Not the other way round: a prefix is not told from a word's first letters
    (coronaire, pression), so the lexicon writes such forms with their hyphen."""
    variant = _HYPHENATED.sub(lambda m: m.group(1) + m.group(2) if m.group(2).islower() else m.group(), text)
    return variant if variant != text else None


def build_concept(columns: dict[str, list[str]], source: str) -> Concept:
    concept = Concept(columns=columns, source=source)
    seen: set[str] = set()
    for column in COLUMNS:
        for item in columns.get(column, []):
            for text in (item, compound_variant(item)):
                slots = form_slots(text) if text else None
                if not slots:
                    continue
                form = Form(text, column, slots)
                if form.canon not in seen:
                    seen.add(form.canon)
                    concept.forms.append(form)
    return concept


def _parsed_lines(text: str, parse, origin: str, warnings: list[str]):
    """(line number, what `parse` reads) of each line of `text` that holds something; a line
    `parse` refuses is reported in `warnings` and left out."""
    for number, line in enumerate(text.splitlines(), 1):
        try:
            parsed = parse(line)
        except ValueError as error:
            warnings.append(f"{origin} line {number}: {error}; line ignored.")
            continue
        if parsed:
            yield number, parsed


def parse_lexicon(text: str, origin: str, warnings: list[str]) -> list[Concept]:
    concepts = []
    for number, columns in _parsed_lines(text, parse_line, origin, warnings):
        concept = build_concept(columns, f"{origin}:{number}")
        if concept.forms:
            concepts.append(concept)
    return concepts


def load_lexicon(user_dir: Path | None = None) -> Lexicon:
    """The shipped concepts, then the user's (a malformed user line is reported, not fatal)."""
    warnings: list[str] = []
    concepts = []
    for name, text in read_package_files():
        concepts += parse_lexicon(text, name, warnings)
    user_path = user_lexicon_path(user_dir)
    try:
        user_text = user_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        user_text = ""
    except (OSError, UnicodeDecodeError) as error:
        warnings.append(f"{user_path} could not be read ({error}).")
        user_text = ""
    members = class_members(read_package_classes(), concepts, warnings)
    return Lexicon(with_user_concepts(concepts, parse_lexicon(user_text, "user", warnings)), warnings, members)


def class_members(text: str, concepts: list[Concept], warnings: list[str]) -> list[tuple[int, int]]:
    """The (class, member) pairs of the classes file `text`, as indexes into `concepts`: each
    name must be a form of exactly one concept (else a warning, and the name is left out), and
    a class holds its subclasses' members too (`antibiotiques > bêtalactamines`,
    `bêtalactamines > amoxicilline`: a search for antibiotics finds amoxicillin)."""
    owners: dict[str, set[int]] = {}
    for index, concept in enumerate(concepts):
        for form in concept.forms:
            owners.setdefault(form.canon, set()).add(index)

    def concept_of(name: str, number: int) -> int | None:
        found = owners.get(canon_of(form_slots(name)), set())
        if len(found) == 1:
            return next(iter(found))
        warnings.append(f"{CLASSES_FILE} line {number}: '{name}' names "
                        f"{'no concept' if not found else 'several concepts'} of the lexicon; left out.")
        return None

    direct: dict[int, set[int]] = {}
    for number, parsed in _parsed_lines(text, parse_class_line, CLASSES_FILE, warnings):
        head = concept_of(parsed[0], number)
        if head is None:
            continue
        for name in parsed[1]:
            member = concept_of(name, number)
            if member is not None and member != head:
                direct.setdefault(head, set()).add(member)
    pairs = []
    for head in sorted(direct):
        reached: set[int] = set()
        waiting = list(direct[head])
        while waiting:  # (a cycle stops where it comes back)
            member = waiting.pop()
            if member in reached or member == head:
                continue
            reached.add(member)
            waiting.extend(direct.get(member, ()))
        pairs += [(head, member) for member in sorted(reached)]
    return pairs


def with_user_concepts(concepts: list[Concept], added: list[Concept]) -> list[Concept]:
    """`concepts` and the user's: a user line sharing a form with exactly one concept gives it
    its other forms (`mia lexicon add --fr "thrombopénie immune" --synonym "plaquettes
    effondrées"`: a synonym of a shipped concept), and so does one whose preferred (first) term
    names exactly one concept; any other is a concept of its own. (As a
    concept of its own, its shared form named two concepts, and its new forms never reached
    the shipped one's.)"""
    owners: dict[str, list[Concept]] = {}
    for concept in concepts:
        for form in concept.forms:
            owners.setdefault(form.canon, []).append(concept)
    result = list(concepts)
    for concept in added:
        found = {id(owner): owner for form in concept.forms for owner in owners.get(form.canon, ())}
        if len(found) > 1 and concept.forms:
            # (a line sharing forms with several concepts is about the one its preferred term
            # names, when that is one: `--fr réanimation --synonym réa` gives "réa" to intensive
            # care, though "réa" is also reactive arthritis's acronym read as a word)
            found = {id(owner): owner for owner in owners.get(concept.forms[0].canon, ())}
        if len(found) != 1:
            result.append(concept)
            continue
        (target,) = found.values()
        target.columns = {name: list(items) for name, items in target.columns.items()}
        known = {form.canon for form in target.forms}
        for form in concept.forms:
            if form.canon not in known:
                known.add(form.canon)
                target.forms.append(form)
                target.columns.setdefault(form.column, []).append(form.text)
                owners.setdefault(form.canon, []).append(target)
    return result


def add_user_concept(columns: dict[str, list[str]], user_dir: Path | None = None) -> Path:
    """Append a concept to the user's lexicon file; returns the file's path."""
    cleaned: dict[str, list[str]] = {}
    for name in COLUMNS:
        items = []
        for item in columns.get(name) or []:
            item = " ".join(item.split())
            if not item:
                continue
            if "|" in item or ";" in item or "#" in item:
                raise BadInput(
                    f"'{item}' cannot go in the lexicon: it contains '|', ';' or '#'.",
                    hint="Give each form as its own option instead.",
                )
            items.append(item)
        cleaned[name] = items
    forms = sum(len(items) for items in cleaned.values())
    if forms < 2:
        raise BadInput(
            "A concept needs at least two forms (for example --fr and --en, or a term and its acronym).",
            hint='Example: mia lexicon add --fr "purpura thrombopénique" --en "thrombocytopenic purpura"',
        )
    if not any(form_slots(item) for items in cleaned.values() for item in items):
        raise BadInput("None of these forms contains a word that can be searched.")
    written = where_written(cleaned, user_dir)
    if written is not None:
        first = next(item for items in cleaned.values() for item in items)
        raise BadInput(
            f"This concept is in {written} already, exactly as given: nothing was added.",
            hint=f"`mia lexicon show {shell_word(first)}` shows it.",
        )
    return append_user_line(cleaned, user_dir)
