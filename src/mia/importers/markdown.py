"""The Markdown form of a review: YAML front matter with its fields, one `## Heading` per section.

This is the form a member writes and edits (`mia new`, `mia edit`, the guided `mia add`) and the
form `mia export --format markdown` writes for other tools (Obsidian, Pandoc and static site
generators read front matter). Its round trip must lose nothing, hence three rules:

- The front matter holds the fields a member reads and edits: id, version, version_date, title,
  published, authors, keywords, language, the article (doi, title, authors, et_al, journal,
  date) and the trial's key results when the review has them (design, n, primary, secondary,
  source, flags, checked: a member corrects them here). Unknown keys are refused, so a misspelt
  field is an error, not a silent loss.
- What a member should not edit by hand (the earlier versions in `history`, `source`, the
  `added`/`updated` times, the DOI's resolved metadata, fields a later mia may add) travels in
  one JSON block inside an HTML comment at the very end (`<!-- mia:bookkeeping … -->`). A
  comment is invisible wherever the Markdown is rendered, and JSON keeps every value's type
  exactly as the store has it (numbers in CSL dates stay numbers). A file without the block
  imports as a new review.
- A line of section text that would read as a section heading (`## …`) is written with one more
  backslash before it (`\\## …`), and read back with one less: any text comes back as it was.

PyYAML is imported inside the functions that need it (`mia list` must not pay for it).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

from mia.base.controls import CONTROL_CHARACTERS, strip_controls
from mia.base.errors import BadInput, ImportFailed
from mia.evidence.vocabulary import KeyResultsProblem, checked_key_results
from mia.importers.source import Parsed, decode_bytes, load_json, shortened, unstorable
from mia.model.dates import ARTICLE_DATE
from mia.model.review import ID_PATTERN, ISO_DATE, Review, Section
from mia.model.sections import role_of
from mia.base import patterns

FRONT_MATTER_FENCE = "---"
_FRONT_MATTER_END = ("---", "...")
BOOKKEEPING_OPENING = "<!-- mia:bookkeeping"
#: The bookkeeping's list of section roles, written only when a role differs from the one its
#: heading gives (`mia.model.sections.role_of`): an imported JSON record may say otherwise.
SECTION_ROLES = "section_roles"
_BOOKKEEPING_NOTE = "(written by mia: earlier versions, source, times; keep it as it is)"
_BOOKKEEPING_CLOSING = "-->"

#: The four headings of a new review, in the club's order.
TEMPLATE_HEADINGS = ("Introduction", "Méthode", "Résultats", "Discussion")

REVIEW_TEXT_FIELDS = ("id", "version", "version_date", "title", "published")
REVIEW_LIST_FIELDS = ("authors", "keywords")
KEY_RESULTS = "key_results"
FRONT_MATTER_FIELDS = (*REVIEW_TEXT_FIELDS, *REVIEW_LIST_FIELDS, "language", "article", KEY_RESULTS)
#: The YAML comment written above the key results.
KEY_RESULTS_GUIDANCE = (
    "key_results: what mia found in the text (design, N, primary effect). Correct them if needed and\n"
    "set checked: true; mia then keeps them over any new extraction."
)
ARTICLE_FIELDS = ("doi", "title", "authors", "et_al", "journal", "date")
#: Written only when set: the text a file gave as the DOI when it was not one (Article.doi_note).
DOI_NOTE = "doi_note"
_DATE_FIELDS = {"version_date", "published"}

# (The heading's trailing spaces are stripped by its reader: a lazy group before `[ \t]*$` took
# minutes over a heading line holding a long run of spaces, found by bench/fuzz.py, seed 22.)
_HEADING = patterns.compile(r"^##(?:[ \t]+(.*))?$")
# A text line that would read as a heading, possibly already escaped: `## x`, `\## x`, `\\## x`…
_HEADING_LIKE_TEXT = patterns.compile(r"^\\*##(?:[ \t]|$)")
_ESCAPED_HEADING_TEXT = patterns.compile(r"^\\(\\*##(?:[ \t]|$))")


# --- writing ----------------------------------------------------------------------------------


def review_to_markdown(review: Review, *, bookkeeping: bool = True, comment: str = "") -> str:
    """The Markdown form of `review`.

    `bookkeeping=False` leaves out the closing JSON block: the form `mia edit` shows, where the
    store supplies history, times and source. `comment` becomes YAML comment lines at the top
    of the front matter (guidance in a template; YAML ignores them).
    """
    record = review.to_dict()
    lines = [FRONT_MATTER_FENCE]
    lines.extend(f"# {line}".rstrip() for line in comment.splitlines())
    fields = front_matter_fields(record)
    key_results = fields.pop(KEY_RESULTS, None)
    lines.append(dump_front_matter(fields).rstrip("\n"))
    if key_results is not None:
        lines.extend(f"# {line}".rstrip() for line in KEY_RESULTS_GUIDANCE.splitlines())
        lines.append(dump_key_results(key_results).rstrip("\n"))
    lines.append(FRONT_MATTER_FENCE)
    for section in review.sections:
        lines.extend(["", f"## {section.heading}".rstrip(), ""])
        if section.text:
            lines.append(_escape_text(section.text))
    if bookkeeping:
        lines.extend(["", bookkeeping_block(record)])
    return "\n".join(lines) + "\n"


def front_matter_fields(record: dict[str, Any]) -> dict[str, Any]:
    """The part of a record the front matter shows, in the record's order."""
    fields = {key: record.get(key) for key in FRONT_MATTER_FIELDS if key not in ("article", KEY_RESULTS)}
    article = record.get("article") or {}
    fields["article"] = {key: article.get(key) for key in ARTICLE_FIELDS}
    if article.get(DOI_NOTE):
        fields["article"][DOI_NOTE] = article[DOI_NOTE]
    if isinstance(record.get(KEY_RESULTS), dict):  # only a review that has them
        fields[KEY_RESULTS] = record[KEY_RESULTS]
    return fields


def dump_front_matter(fields: dict[str, Any]) -> str:
    """YAML that reads back as exactly `fields` (strings that look like dates stay quoted)."""
    import yaml

    return yaml.safe_dump(
        fields, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1 << 30
    )


def dump_key_results(key_results: dict[str, Any]) -> str:
    """`key_results:` as YAML a member can read and correct: `checked` first, the design and
    each effect on one line (`primary: {measure: HR, value: 0.41, …}`), a source sentence per
    line. Keys the record does not know yet are kept after the others (nothing is lost)."""
    import yaml

    class Flow(dict):
        pass

    class FlowList(list):
        pass

    class Dumper(yaml.SafeDumper):
        pass

    Dumper.add_representer(Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True))
    Dumper.add_representer(FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))

    def flow(value: Any) -> Any:
        return Flow(value) if isinstance(value, dict) else value

    order = ("checked", "design", "n", "primary", "secondary", "flags", "source")
    shown: dict[str, Any] = {}
    for key in (*order, *(k for k in key_results if k not in order)):
        if key not in key_results:
            continue
        value = key_results[key]
        if key == "design" and isinstance(value, list):
            value = FlowList(value)
        elif key == "primary":
            value = flow(value)
        elif key == "secondary" and isinstance(value, list):
            value = [flow(item) for item in value]
        shown[key] = value
    return yaml.dump({KEY_RESULTS: shown}, Dumper=Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=1 << 30)


def bookkeeping_block(record: dict[str, Any]) -> str:
    """The closing comment: every field of the record the front matter and sections do not hold."""
    kept = {
        key: value
        for key, value in record.items()
        if key not in FRONT_MATTER_FIELDS and key != "sections"
    }
    kept["article"] = {"metadata": (record.get("article") or {}).get("metadata")}
    sections = [section for section in record.get("sections") or [] if isinstance(section, dict)]
    roles = [section.get("role") or "" for section in sections]
    if roles != [role_of(section.get("heading") or "") for section in sections]:
        kept[SECTION_ROLES] = roles  # a role the headings do not say (`## ` lines carry no role)
    payload = _json_one_line_each(kept)
    # `>` only ever occurs inside JSON strings; as \u003e the comment can never be closed early.
    payload = payload.replace(">", "\\u003e")
    return f"{BOOKKEEPING_OPENING} {_BOOKKEEPING_NOTE}\n{payload}\n{_BOOKKEEPING_CLOSING}"


def _json_one_line_each(kept: dict[str, Any]) -> str:
    """JSON with one line per field and per earlier version: short lines, readable diffs."""

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    fields = []
    for key, value in kept.items():
        if key == "history" and value:
            items = ",\n".join(f"  {one(item)}" for item in value)
            fields.append(f"{one(key)}: [\n{items}\n ]")
        else:
            fields.append(f"{one(key)}: {one(value)}")
    return "{\n " + ",\n ".join(fields) + "\n}"


def _escape_text(text: str) -> str:
    return "\n".join("\\" + line if _HEADING_LIKE_TEXT.match(line) else line for line in text.split("\n"))


def _unescape_line(line: str) -> str:
    match = _ESCAPED_HEADING_TEXT.match(line)
    return match.group(1) + line[match.end():] if match else line


# --- reading ----------------------------------------------------------------------------------


@dataclass
class _Located:
    """A parsed front matter value and the file line (1-based) it is written on."""

    value: Any
    line: int


def read_markdown(data: bytes, name: str):
    """The reader for `.md` files (see `mia.importers.READERS`)."""
    text, notes = decode_bytes(data, name)
    parsed = parse_markdown(text, source_name=name)
    parsed.notes[:0] = notes
    return parsed


def parse_markdown(text: str, *, source_name: str = ""):
    """A review from its Markdown form; ImportFailed naming the line of the first problem.

    The id may be left out of the front matter when the file is named after it
    (`mia_review_12.md`).
    """
    where = source_name or "The Markdown review"
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    start, end = _front_matter_bounds(lines, where)
    notes = _strip_controls(lines, start + 1, end)
    fields, key_lines = _load_front_matter(lines, start, end, where)
    body_end, bookkeeping = _bookkeeping(lines, end + 1, where)
    record = _record_from_fields(fields, key_lines, start + 1, where, source_name)
    record["sections"] = _sections(lines, end + 1, body_end, where)
    roles = bookkeeping.pop(SECTION_ROLES, None)
    if isinstance(roles, list) and len(roles) == len(record["sections"]):
        for section, role in zip(record["sections"], roles):
            if role:
                section["role"] = role
    for key, value in bookkeeping.items():
        if key == "article":
            record["article"]["metadata"] = (value or {}).get("metadata") if isinstance(value, dict) else value
        elif key not in FRONT_MATTER_FIELDS and key != "sections":
            record[key] = value
        elif key == KEY_RESULTS and KEY_RESULTS not in record:
            record[key] = value  # an export written before the key results moved to the front matter
    try:
        review = Review.from_dict(record)
    except BadInput as error:
        line = (body_end + 1) if bookkeeping else start + 1
        raise _failure(where, line, str(error)) from None
    return Parsed(review, notes)


def _strip_controls(lines: list[str], start: int, end: int) -> list[str]:
    """Remove, in place, the control characters written as such in the front matter
    (`lines[start:end]`; the set of base/controls, tab kept), and say which and where: YAML
    refuses them. (mia writes them escaped there (as `\\e`), so its own files lose nothing.)"""
    found: dict[str, None] = {}
    where: list[str] = []
    for index in range(start, end):
        line = lines[index]
        controls = CONTROL_CHARACTERS.findall(line)
        if controls:
            found.update(dict.fromkeys(f"U+{ord(c):04X}" for c in controls))
            where.append(str(index + 1))
            lines[index] = strip_controls(line)  # (a sequence ESC starts goes whole)
    if not where:
        return []
    shown = ", ".join(where[:10]) + (" …" if len(where) > 10 else "")
    return [f"control character(s) {', '.join(found)} removed from line(s) {shown}: they are not text."]


def _failure(where: str, line: int, problem: str, hint: str | None = None) -> ImportFailed:
    return ImportFailed(f"{where}, line {line}: {problem}", path=where, hint=hint)


def _front_matter_bounds(lines: list[str], where: str) -> tuple[int, int]:
    """Indexes of the opening and closing `---` lines of the front matter."""
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None or lines[start].rstrip() != FRONT_MATTER_FENCE:
        raise _failure(
            where,
            (start or 0) + 1,
            "a review in Markdown starts with its fields between two '---' lines (front matter).",
            hint="`mia new` writes a template to start from.",
        )
    for index in range(start + 1, len(lines)):
        if lines[index].rstrip() in _FRONT_MATTER_END:
            return start, index
    raise _failure(where, start + 1, "the front matter opened here is never closed by a '---' line.")


def _load_front_matter(
    lines: list[str], start: int, end: int, where: str
) -> tuple[dict[str, Any], dict[str, int]]:
    """The front matter's mapping, and the file line of each key (`article.doi` for nested ones)."""
    import yaml

    offset = start + 2  # file line of the YAML text's first line
    source = "\n".join(lines[start + 1 : end])
    try:
        loader = _front_matter_loader()(source)  # (its reader refuses characters YAML does not allow)
    except yaml.reader.ReaderError as error:
        line = offset + source[: max(0, error.position)].count("\n")
        raise _failure(
            where,
            line,
            f"the front matter holds a character YAML does not allow (U+{error.character:04X})."
            if isinstance(error.character, int) else f"the front matter holds a character YAML does not allow ({error.reason}).",
            hint="Remove it (a text editor shows it), then add the file again.",
        ) from None
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as error:
        # An unclosed quote or bracket is reported at the end; where it opened says more.
        opened = error.context_mark if "end of stream" in (error.problem or "") else None
        mark = opened or error.problem_mark or error.context_mark
        line = offset + mark.line if mark is not None else start + 1
        problem = (error.problem or error.context or "not valid YAML").strip()
        raise _failure(
            where,
            line,
            f"the front matter is not valid YAML ({problem}).",
            hint="Write dates as YYYY-MM-DD, a day that exists (like 2021-10-30)."
            if "not a real date" in problem
            else "Check the quotes and the indentation; a value holding ': ' needs quotes.",
        ) from None
    except yaml.YAMLError as error:
        raise _failure(where, start + 1, f"the front matter is not valid YAML ({error}).") from None
    except (ValueError, TypeError, OverflowError) as error:
        # PyYAML's constructors let some bad values through as plain errors (`!!int 0x_`: int('')).
        raise _failure(
            where, start + 1, f"the front matter holds a value YAML cannot read ({error}).",
            hint="Check the values written with a YAML tag (`!!int`, `!!float`…) or remove the tag.",
        ) from None
    except RecursionError:  # PyYAML composes nested values recursively
        raise _failure(where, start + 1, "the front matter is nested too deeply to be a review's fields.") from None
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise _failure(where, start + 2, "the front matter must be 'field: value' lines.")

    problem = unstorable(data)
    if problem is not None:  # (`title: "\ud800"`: YAML's escapes can write a lone surrogate)
        raise _failure(where, start + 1, f"the front matter holds {problem}, which mia cannot store.")
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            key_lines[key] = offset + key_node.start_mark.line
            if isinstance(value_node, yaml.MappingNode):
                for sub_key, _ in value_node.value:
                    key_lines[f"{key}.{sub_key.value}"] = offset + sub_key.start_mark.line
    return data, key_lines


_LOADER = None


def _front_matter_loader():
    """PyYAML's safe loader, except that a value written as a date that is not one
    (`published: 2021-02-30`) is a YAML error at its line, where PyYAML raises a bare ValueError
    (found by bench/fuzz.py: it crashed `mia add`)."""
    global _LOADER
    if _LOADER is None:
        import yaml

        class FrontMatterLoader(yaml.SafeLoader):
            def construct_yaml_timestamp(self, node):
                try:
                    return super().construct_yaml_timestamp(node)
                except (ValueError, OverflowError) as error:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"'{node.value}' is not a real date or time: {error}", node.start_mark
                    ) from None

        FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", FrontMatterLoader.construct_yaml_timestamp)
        _LOADER = FrontMatterLoader
    return _LOADER


def _record_from_fields(
    fields: dict[str, Any], key_lines: dict[str, int], first_line: int, where: str, source_name: str
) -> dict[str, Any]:
    """Check the front matter field by field (each error names its line) and build a record."""

    def at(key: str, value: Any) -> _Located:
        return _Located(value, key_lines.get(key, first_line))

    for key in fields:
        if str(key) not in FRONT_MATTER_FIELDS:
            raise _failure(
                where,
                key_lines.get(str(key), first_line),
                f"unknown field '{_shown(key)}' in the front matter (mia knows {', '.join(FRONT_MATTER_FIELDS)}).",
            )
    record: dict[str, Any] = {}
    for key in REVIEW_TEXT_FIELDS + ("language",):
        record[key] = _text(key, at(key, fields.get(key)), where)
    for key in REVIEW_LIST_FIELDS:
        record[key] = _text_list(key, at(key, fields.get(key)), where)
    if not record["id"]:
        stem = source_name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if not ID_PATTERN.match(stem):
            raise _failure(
                where,
                first_line,
                "the front matter has no 'id'.",
                hint="Add a line like `id: mia_review_12` (`mia new` gives the next free id).",
            )
        record["id"] = stem
    if not ID_PATTERN.match(record["id"]):
        line = key_lines.get("id", first_line)
        raise _failure(where, line, f"the id '{_shown(record['id'])}' is not of the form mia_review_N.")
    if not record["title"].strip():
        raise _failure(
            where,
            key_lines.get("title", first_line),
            "the review has no title.",
            hint="Write it in the front matter: `title: ...`.",
        )
    record["version"] = record["version"] or "V0"
    record["language"] = record["language"] or "fr"
    article_value = fields.get("article")
    if article_value is None:
        article_value = {}
    if not isinstance(article_value, dict):
        raise _failure(
            where,
            key_lines.get("article", first_line),
            "'article' must hold 'field: value' lines (doi, title, authors, et_al, journal, date).",
        )
    article: dict[str, Any] = {}
    for key in article_value:
        if str(key) not in ARTICLE_FIELDS and str(key) != DOI_NOTE:
            raise _failure(
                where,
                key_lines.get(f"article.{key}", first_line),
                f"unknown field 'article.{_shown(key)}' (an article has {', '.join(ARTICLE_FIELDS)}).",
            )
    for key in ("doi", "title", "journal", "date", DOI_NOTE):
        article[key] = _text(f"article.{key}", at(f"article.{key}", article_value.get(key)), where)
    article["authors"] = _text_list("article.authors", at("article.authors", article_value.get("authors")), where)
    article["et_al"] = _flag("article.et_al", at("article.et_al", article_value.get("et_al")), where)
    article["metadata"] = None
    record["article"] = article
    if fields.get(KEY_RESULTS) is not None:
        record[KEY_RESULTS] = _key_results(fields[KEY_RESULTS], key_lines, first_line, where)
    return record


def _key_results(value: Any, key_lines: dict[str, int], first_line: int, where: str) -> dict[str, Any]:
    """The key results a member wrote, checked (`mia.evidence.vocabulary`); the error names
    the line of the field that is wrong."""
    try:
        return checked_key_results(value)
    except KeyResultsProblem as problem:
        parts = problem.field.split(".")
        line = next((key_lines[".".join(parts[:i])] for i in (2, 1) if ".".join(parts[:i]) in key_lines), first_line)
        raise _failure(where, line, shortened(str(problem)), hint="`mia show ID --json` shows key results as mia writes them.") from None


def _text(key: str, located: _Located, where: str) -> str:
    value = located.value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        value = value.isoformat()
    elif isinstance(value, bool) or not isinstance(value, (str, int)):
        problem = f"'{key}' must be text, not {_kind(value)}."
        raise _failure(where, located.line, problem, hint="Put the value in quotes.")
    value = str(value)
    if key == "article.date" and value and not ARTICLE_DATE.match(value):
        problem = (f"'{key}' is '{_shown(value)}', not a date of the form YYYY-MM-DD (like 2021-10-30), "
                   "YYYY-MM or YYYY.")
        raise _failure(where, located.line, problem)
    if key.rsplit(".", 1)[-1] in _DATE_FIELDS and value and not ISO_DATE.match(value):
        problem = f"'{key}' is '{_shown(value)}', not a date of the form YYYY-MM-DD (like 2021-10-30)."
        raise _failure(where, located.line, problem)
    return value


def _text_list(key: str, located: _Located, where: str) -> list[str]:
    value = located.value
    if value is None:
        return []
    if isinstance(value, str):
        separator = ";" if ";" in value else ","
        return [part.strip() for part in value.split(separator) if part.strip()]
    if not isinstance(value, list):
        problem = f"'{key}' must be a list (one '- item' per line), not {_kind(value)}."
        raise _failure(where, located.line, problem)
    items = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, (str, int, float)):
            problem = f"'{key}' must list texts; one item is {_kind(item)}."
            raise _failure(where, located.line, problem, hint="Put that item in quotes.")
        items.append(str(item))
    return items


def _flag(key: str, located: _Located, where: str) -> bool:
    value = located.value
    if value is None:
        return False
    if not isinstance(value, bool):
        raise _failure(where, located.line, f"'{key}' must be true or false, not '{_shown(value)}'.")
    return value


def _shown(value: Any, limit: int = 60) -> str:
    """A value quoted in a message, cut to `limit` characters: a 1 MB value printed whole buried
    the message (bench/fuzz.py)."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _kind(value: Any) -> str:
    return {dict: "a set of fields", list: "a list", bool: "true/false"}.get(type(value), type(value).__name__)


def _bookkeeping(lines: list[str], body_start: int, where: str) -> tuple[int, dict[str, Any]]:
    """Where the sections end, and the closing bookkeeping block's content ({} when absent)."""
    last = len(lines)
    while last > body_start and not lines[last - 1].strip():
        last -= 1
    if last <= body_start or lines[last - 1].strip() != _BOOKKEEPING_CLOSING:
        return last, {}
    opening = next(
        (i for i in range(last - 2, body_start - 1, -1) if lines[i].startswith(BOOKKEEPING_OPENING)),
        None,
    )
    if opening is None:
        return last, {}
    payload = "\n".join(lines[opening + 1 : last - 1])

    try:
        data = load_json(payload, where, "the bookkeeping block written by mia")
    except json.JSONDecodeError as error:
        raise _failure(
            where,
            opening + 2 + error.lineno - 1,
            f"the bookkeeping block written by mia is damaged ({error.msg}).",
            hint="Delete the whole block, from '<!-- mia:bookkeeping' to '-->', to import the review as new.",
        ) from None
    if not isinstance(data, dict):
        raise _failure(where, opening + 1, "the bookkeeping block written by mia is damaged (not an object).")
    return opening, data


def _sections(lines: list[str], body_start: int, body_end: int, where: str):
    sections: list[Section] = []
    heading: str | None = None
    text_lines: list[str] = []
    for index in range(body_start, body_end):
        line = lines[index]
        match = _HEADING.match(line)
        if match:
            if heading is not None:
                sections.append(Section(heading, _section_text(text_lines)))
            heading, text_lines = (match.group(1) or "").strip(), []
        elif heading is None:
            if line.strip():
                raise _failure(
                    where,
                    index + 1,
                    "this text comes before the first section heading.",
                    hint="Every part of the review goes under a '## Heading' line (## Introduction, ## Méthode…).",
                )
        else:
            text_lines.append(_unescape_line(line))
    if heading is None:
        raise _failure(
            where,
            body_start + 1,
            "the review has no section: no '## Heading' line after the front matter.",
            hint="Write each part under its heading: ## Introduction, ## Méthode, ## Résultats, ## Discussion.",
        )
    sections.append(Section(heading, _section_text(text_lines)))
    return [section.to_dict() for section in sections]


def _section_text(lines: list[str]) -> str:
    """The lines under a heading, without the blank lines around them."""
    first = 0
    while first < len(lines) and not lines[first].strip():
        first += 1
    last = len(lines)
    while last > first and not lines[last - 1].strip():
        last -= 1
    return "\n".join(lines[first:last])
