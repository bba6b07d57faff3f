"""The lexicon's files: their line format, where they are, what they hold, how they change.

One concept a line, five columns separated by `|`:

    fr preferred | en preferred | fr acronyms | en acronyms | synonyms

Items inside a column are separated by ` ; `; empty columns are allowed; `#` starts a comment
(a whole line, or the rest of a line after a space). The shipped files are package data, read
from disk (importlib.resources only for an installation in a zip: it costs several ms); the
user's own concepts live in `lexicon.txt` in mia's config directory (`MIA_CONFIG_DIR`, else
platformdirs' user config dir), same format, appended to by `mia lexicon add`. The shipped
classes file (`classes.txt`) says which concepts a class holds: a search for the class also
finds its members; a member's search finds its classes' reviews only when no review names it.
"""

from __future__ import annotations

import os
from pathlib import Path

COLUMNS = ("fr", "en", "fr_acronyms", "en_acronyms", "synonyms")
#: The shipped files, in the order their concepts are read (a missing one is skipped).
PACKAGE_FILES = ("medical.txt", "trials.txt")
#: The shipped classes and their members, one class a line: `class > member ; member`, each
#: the first form of a concept of the files above (`carbapénèmes > méropénem ; ertapénem`).
CLASSES_FILE = "classes.txt"
CLASS_SEPARATOR = ">"
USER_FILE = "lexicon.txt"
ITEM_SEPARATOR = " ; "
_HERE = Path(__file__).resolve().parent


def _content(line: str) -> str | None:
    """A line of a lexicon file without its comment, or None when nothing else is on it."""
    text = line.strip()
    if not text or text.startswith("#"):
        return None
    hash_at = text.find(" #")
    return text[:hash_at].rstrip() if hash_at >= 0 else text


def parse_line(line: str) -> dict[str, list[str]] | None:
    """The columns of one lexicon line, or None for a blank or comment line.
    Raises ValueError for a line of too many columns."""
    text = _content(line)
    if text is None:
        return None
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


def config_dir() -> Path:
    """mia's config directory: `MIA_CONFIG_DIR`, else platformdirs' user config dir."""
    override = os.environ.get("MIA_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir("mia"))


def user_lexicon_path(directory: Path | None = None) -> Path:
    return (directory or config_dir()) / USER_FILE


def package_lexicon_paths() -> list[Path]:
    """The shipped files present on disk (none in a zip installation)."""
    return [path for path in (_HERE / name for name in PACKAGE_FILES) if path.is_file()]


def read_package_files() -> list[tuple[str, str]]:
    """(file name, text) of each shipped file."""
    paths = package_lexicon_paths()
    if paths:
        return [(path.name, path.read_text(encoding="utf-8")) for path in paths]
    from importlib import resources

    found = []
    for name in PACKAGE_FILES:
        try:
            found.append((name, resources.files("mia.lexicon").joinpath(name).read_text(encoding="utf-8")))
        except (FileNotFoundError, OSError):
            continue
    return found


def package_classes_path() -> Path:
    """The shipped classes file (it may be missing: then no concept is a class)."""
    return _HERE / CLASSES_FILE


def read_package_classes() -> str:
    """The text of the shipped classes file ("" when it is missing)."""
    path = package_classes_path()
    try:
        if path.is_file():
            return path.read_text(encoding="utf-8")
        from importlib import resources

        return resources.files("mia.lexicon").joinpath(CLASSES_FILE).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return ""


def parse_class_line(line: str) -> tuple[str, list[str]] | None:
    """(class, members) of one line of the classes file, or None for a blank or comment line.
    Raises ValueError for a line without its `>` or without a member."""
    text = _content(line)
    if text is None:
        return None
    head, separator, tail = text.partition(CLASS_SEPARATOR)
    members = [item.strip() for item in tail.split(";") if item.strip()]
    if not separator or not head.strip() or not members:
        raise ValueError(f"a class line is 'class {CLASS_SEPARATOR} member ; member'")
    return head.strip(), members


def read_package_lexicon() -> str:
    """The text of every shipped file, one after the other."""
    return "".join(text if text.endswith("\n") else text + "\n" for _, text in read_package_files())


def file_signature(path: Path | None) -> list:
    if path is None:
        return [None]
    try:
        stat = path.stat()
    except OSError:
        return [str(path), None]
    return [str(path), stat.st_size, stat.st_mtime_ns]


def lexicon_signature(user_dir: Path | None = None) -> list:
    """What the parsed lexicon depends on: every file's size and modification time."""
    return ([file_signature(path) for path in package_lexicon_paths()] + [file_signature(package_classes_path())]
            + [file_signature(user_lexicon_path(user_dir))])


def append_user_line(columns: dict[str, list[str]], user_dir: Path | None = None) -> Path:
    """Append one concept (already checked) to the user's lexicon file; returns the file."""
    path = user_lexicon_path(user_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    header = ""
    if not path.exists() or path.stat().st_size == 0:
        header = "# mia user lexicon: " + " | ".join(COLUMNS) + "\n"
    needs_newline = path.exists() and path.stat().st_size > 0 and not path.read_bytes().endswith(b"\n")
    with path.open("a", encoding="utf-8") as handle:
        handle.write(header + ("\n" if needs_newline else "") + format_line(columns) + "\n")
    return path


def _same_columns(columns: dict[str, list[str]]) -> tuple:
    return tuple(tuple(" ".join(item.split()).casefold() for item in columns.get(name, [])) for name in COLUMNS)


def where_written(columns: dict[str, list[str]], user_dir: Path | None = None) -> str | None:
    """Where a concept of exactly these columns (case aside) is written already: "your lexicon
    (PATH), line N" or "the shipped lexicon, line N of FILE"; None when nowhere."""
    wanted = _same_columns(columns)
    path = user_lexicon_path(user_dir)
    try:
        user_text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        user_text = ""
    sources = [(f"your lexicon ({path}), line {{line}}", user_text)]
    sources += [(f"the shipped lexicon, line {{line}} of {name}", text) for name, text in read_package_files()]
    for where, text in sources:
        for number, line in enumerate(text.splitlines(), 1):
            try:
                found = parse_line(line)
            except ValueError:
                continue
            if found is not None and _same_columns(found) == wanted:
                return where.format(line=number)
    return None
