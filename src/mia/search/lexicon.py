"""The medical lexicon: concepts named in French and English, with their acronyms and synonyms.

One concept a line, five columns separated by `|`:

    fr preferred | en preferred | fr acronyms | en acronyms | synonyms
    thrombocytopénie immune | immune thrombocytopenia | TPI ; PTI | ITP | purpura thrombopénique immunologique

Items inside a column are separated by ` ; `; empty columns are allowed; `#` starts a comment
(a whole line, or the rest of a line after a space). The shipped list is package data
(`mia/lexicon/medical.txt`, read through importlib.resources); the user's own concepts live in
`lexicon.txt` in mia's config directory (`MIA_CONFIG_DIR`, else platformdirs' user config dir),
same format, appended to by `mia lexicon add`.

A *form* is compared with query words and with learned long forms through its *canon*: each of
its words reduced to one stem key (`stemming.canonical_key`), acronyms kept as typed. Two concepts
sharing a form's canon make that form ambiguous (IC: insuffisance cardiaque, intervalle de
confiance), and an ambiguous form is never added when expanding another form.
"""

from __future__ import annotations

import os
from pathlib import Path

from mia.base.errors import BadInput
from mia.search.analysis import ACRONYM, NUMBER, tokenize
from mia.search.stemming import canonical_key

COLUMNS = ("fr", "en", "fr_acronyms", "en_acronyms", "synonyms")
PACKAGE_FILE = ("lexicon", "medical.txt")
USER_FILE = "lexicon.txt"
ITEM_SEPARATOR = " ; "


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
    __slots__ = ("concepts", "warnings")

    def __init__(self, concepts: list[Concept], warnings: list[str]) -> None:
        self.concepts = concepts
        self.warnings = warnings

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
    from mia.search.analysis import acronym_term

    variants = [""]
    for term, kind in slots:
        options = [term if kind in (ACRONYM, NUMBER) else canonical_key(term)]
        if kind not in (ACRONYM, NUMBER):
            upper = acronym_term(term.upper())
            if upper:
                options.append(upper)
        variants = [f"{v} {o}".strip() for v in variants for o in options][:16]
    return variants


def parse_line(line: str) -> dict[str, list[str]] | None:
    """The columns of one lexicon line, or None for a blank or comment line."""
    text = line.strip()
    if not text or text.startswith("#"):
        return None
    hash_at = text.find(" #")
    if hash_at >= 0:
        text = text[:hash_at].rstrip()
    cells = text.split("|")
    if len(cells) > len(COLUMNS):
        raise ValueError(f"{len(cells)} columns instead of {len(COLUMNS)}")
    cells += [""] * (len(COLUMNS) - len(cells))
    columns: dict[str, list[str]] = {}
    for name, cell in zip(COLUMNS, cells):
        items = [item.strip() for item in cell.split(";")]
        columns[name] = [item for item in items if item]
    if not any(columns.values()):
        return None
    return columns


def format_line(columns: dict[str, list[str]]) -> str:
    return " | ".join(ITEM_SEPARATOR.join(columns.get(name, [])) for name in COLUMNS)


def build_concept(columns: dict[str, list[str]], source: str) -> Concept:
    concept = Concept(columns=columns, source=source)
    seen: set[str] = set()
    for column in COLUMNS:
        for item in columns.get(column, []):
            slots = form_slots(item)
            if not slots:
                continue
            form = Form(item, column, slots)
            if form.canon not in seen:
                seen.add(form.canon)
                concept.forms.append(form)
    return concept


def parse_lexicon(text: str, origin: str, warnings: list[str]) -> list[Concept]:
    concepts = []
    for number, line in enumerate(text.splitlines(), 1):
        try:
            columns = parse_line(line)
        except ValueError as error:
            warnings.append(f"{origin} line {number}: {error}; line ignored.")
            continue
        if columns:
            concept = build_concept(columns, f"{origin}:{number}")
            if concept.forms:
                concepts.append(concept)
    return concepts


# --- where the files are -------------------------------------------------------------------


def config_dir() -> Path:
    """mia's config directory: `MIA_CONFIG_DIR`, else platformdirs' user config dir."""
    override = os.environ.get("MIA_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir("mia"))


def user_lexicon_path(directory: Path | None = None) -> Path:
    return (directory or config_dir()) / USER_FILE


def package_lexicon_path() -> Path | None:
    """The shipped lexicon as a file on disk (None if it is missing or not a plain file)."""
    path = Path(__file__).resolve().parent.parent.joinpath(*PACKAGE_FILE)
    return path if path.is_file() else None


def read_package_lexicon() -> str:
    """The shipped lexicon's text: from its file when there is one (importlib.resources costs
    several ms to import), else through importlib.resources (an installation in a zip)."""
    path = package_lexicon_path()
    if path is not None:
        return path.read_text(encoding="utf-8")
    from importlib import resources

    try:
        return resources.files("mia").joinpath(*PACKAGE_FILE).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return ""


def file_signature(path: Path | None) -> list:
    if path is None:
        return [None]
    try:
        stat = path.stat()
    except OSError:
        return [str(path), None]
    return [str(path), stat.st_size, stat.st_mtime_ns]


def lexicon_signature(user_dir: Path | None = None) -> list:
    """What the parsed lexicon depends on: both files' sizes and modification times."""
    return [file_signature(package_lexicon_path()), file_signature(user_lexicon_path(user_dir))]


def load_lexicon(user_dir: Path | None = None) -> Lexicon:
    """The shipped concepts, then the user's (a malformed user line is reported, not fatal)."""
    warnings: list[str] = []
    concepts = parse_lexicon(read_package_lexicon(), "package", warnings)
    user_path = user_lexicon_path(user_dir)
    try:
        user_text = user_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        user_text = ""
    except (OSError, UnicodeDecodeError) as error:
        warnings.append(f"{user_path} could not be read ({error}).")
        user_text = ""
    concepts += parse_lexicon(user_text, "user", warnings)
    return Lexicon(concepts, warnings)


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
    path = user_lexicon_path(user_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    header = ""
    if not path.exists() or path.stat().st_size == 0:
        header = "# mia user lexicon: " + " | ".join(COLUMNS) + "\n"
    needs_newline = path.exists() and path.stat().st_size > 0 and not path.read_bytes().endswith(b"\n")
    with path.open("a", encoding="utf-8") as handle:
        handle.write(header + ("\n" if needs_newline else "") + format_line(cleaned) + "\n")
    return path
