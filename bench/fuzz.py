"""No input crashes mia: a seeded fuzz run over every importer and over `mia add` as a process.

    python bench/fuzz.py --cases 10000 --seed 1           # (from the repository's root)
    python bench/fuzz.py --cases 500 --processes 50 --keep bench/out/fuzz

The seeds are valid reviews of every format: the texts of data/reviews/ and
tests/fixtures/reviews/, their Markdown and JSON forms written by `mia export` (and `mia show
--json`, `mia list --json`), and PDFs of a few of them (fpdf2, when installed). Each case is a
seed, or nothing, damaged by one to three mutations: control characters and escape sequences,
broken front matter (YAML tags, bad dates, aliases, unclosed quotes), damaged bookkeeping and
JSON records (values of the wrong type, deep nesting), truncated UTF-8, other encodings,
enormous lines, empty and binary files, flipped bytes, pieces of two seeds spliced; and folder
trees (nested folders, symlink loops, dangling links, FIFOs, a link to /dev/zero).

Most cases run in this process: the file is read by `mia.importers.read_all` (what `mia add`
calls), and an accepted review is then checked (round trip of its record, its Markdown form read
back) and laid out as `mia show` would. A few hundred run as `mia add` processes against one
store kept across them (`--replace` now and then, `mia show` of what was stored).

A crash is: an exception other than mia's own (`MiaError`) escaping the importer or the checks;
a process that exits 70 or with another code than 0, 1, 2 or 4, prints a traceback, or runs past
`--timeout`; a process that stored nothing (no `Added`/`Replaced` line) yet changed a file of the
store. Crashing inputs are written to `--keep` (default bench/out/fuzz/) with what happened.
The exit status is 1 when anything crashed.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SRC = REPO / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

# --- the seeds --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seed:
    name: str  # a file name: its suffix says the format
    data: bytes


def mia_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "mia", *args]


def process_environment(store: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        MIA_STORE=str(store), MIA_OFFLINE="1", NO_COLOR="1", COLUMNS="100",
        MIA_CONFIG_DIR=str(store.parent / "config"), MIA_CACHE_DIR=str(store.parent / "cache"),
        PYTHONPATH=str(SRC) + os.pathsep + env.get("PYTHONPATH", ""),
        MIA_DOI_URL="http://127.0.0.1:9", MIA_CROSSREF_URL="http://127.0.0.1:9",
    )
    env.pop("MIA_DEBUG", None)
    return env


def load_seeds(work: Path, *, pdfs: int = 5, with_mia: bool = True) -> list[Seed]:
    """Every valid form of the sample reviews: text, Markdown, JSON (export, array, one record), PDF.

    The Markdown and JSON forms are written by `mia export` (and `mia show --json`, `mia list
    --json`) as processes; `with_mia=False` writes the same forms in this process (faster: the suite)."""
    texts = sorted((REPO / "data" / "reviews").glob("*.txt")) + sorted((REPO / "tests" / "fixtures" / "reviews").glob("*.txt"))
    seeds = [Seed(path.name, path.read_bytes()) for path in texts]
    if not with_mia:
        return seeds + forms_in_process() + pdf_seeds([seed for seed in seeds if seed.name.endswith(".txt")][:pdfs])
    store = work / "seed-store" / "reviews.json"
    store.parent.mkdir(parents=True, exist_ok=True)
    env = process_environment(store)

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(mia_command(*args), env=env, capture_output=True, timeout=300, check=True)

    run("add", str(REPO / "data" / "reviews"))
    markdown = work / "seed-markdown"
    run("export", "--format", "markdown", "-o", str(markdown))
    seeds += [Seed(path.name, path.read_bytes()) for path in sorted(markdown.glob("*.md"))]
    export = work / "seed-export.json"
    run("export", "--format", "json", "-o", str(export))
    seeds.append(Seed("export.json", export.read_bytes()))
    seeds.append(Seed("list.json", run("list", "--json").stdout))
    for review_id in ("mia_review_40", "mia_review_48", "mia_review_52"):
        seeds.append(Seed(f"{review_id}.json", run("show", review_id, "--json").stdout))
    seeds += pdf_seeds([seed for seed in seeds if seed.name.endswith(".txt")][:pdfs])
    return seeds


def forms_in_process() -> list[Seed]:
    """The Markdown and JSON forms of data/reviews/, as `mia export` writes them."""
    from mia.importers import read_all
    from mia.importers.json_records import export_bytes
    from mia.importers.markdown import review_to_markdown

    reviews = [parsed.review for path in sorted((REPO / "data" / "reviews").glob("*.txt")) for parsed in read_all(path)]
    for review in reviews:
        review.added = review.updated = "2026-01-01T00:00:00Z"
    records = [review.to_dict() for review in reviews]
    seeds = [Seed(f"{review.id}.md", review_to_markdown(review).encode("utf-8")) for review in reviews]
    seeds.append(Seed("export.json", export_bytes(records, exported="2026-01-01T00:00:00Z")))
    seeds.append(Seed("list.json", json.dumps(records, ensure_ascii=False, indent=2).encode("utf-8")))
    seeds += [Seed(f"{record['id']}.json", json.dumps(record, ensure_ascii=False).encode("utf-8")) for record in records[:3]]
    return seeds


def pdf_seeds(texts: list[Seed]) -> list[Seed]:
    """PDFs of some text seeds, one line per text line, in Helvetica (fpdf2, a test dependency)."""
    try:
        from fpdf import FPDF
    except ImportError:
        return []
    made = []
    for seed in texts:
        pdf = FPDF()
        pdf.set_auto_page_break(True, margin=15)
        pdf.add_page()
        pdf.set_font("helvetica", size=8)
        for line in seed.data.decode("utf-8", errors="replace").splitlines():
            line = line.encode("latin-1", errors="replace").decode("latin-1")
            pdf.cell(0, 4, line, new_x="LMARGIN", new_y="NEXT")
        made.append(Seed(seed.name.rsplit(".", 1)[0] + ".pdf", bytes(pdf.output())))
    return made


# --- the mutations ----------------------------------------------------------------------------

CONTROLS = (
    [chr(c) for c in range(0x00, 0x20) if c not in (0x09, 0x0A)] + ["\x7f"] + [chr(c) for c in range(0x80, 0xA0)]
    + ["\x1b[31m", "\x1b]0;pwned\x07", "\x1b[2J", "\x1b[?1049h", "\u202e", "\u200b", "\ufeff", "\u2028",
       "\u2029", "\x85", "\ufffd", "\udcff".encode("utf-8", "surrogatepass").decode("utf-8", "replace")]
)

TOKENS = [
    "DOI: ", "DOI: 10.1056/", "doi:10.", "https://doi.org/", "11.abc/not a doi", "Mots-clés", "Mots-clés\n",
    "## ", "##", "\\## x", "---", "...", "page 1/1", "page 99/0", "Date de publication Auteurs",
    "Auteurs", "Compte-rendu", "mia_review_", "mia_review_0", "mia_review_99999999999999999999", "V0 - 31/02/2021",
    "V1 - 00/00/0000", "30.10.2021", "31.02.2021", "99.99.9999", "1.1.0001", "et al.,", "et al., NEJM, 32.13.2020",
    "Introduction", "Méthode", "Résultats", "Discussion", "Background", "HR 0.41 (IC 95% 0.21-0.80)",
    "OR 1e308 (95% CI 0-inf)", "p<0.001", "p = 0,0000", "N = 999999999999999999999999", "n=0", "RR -0 (IC 95% nan-nan)",
    "ﬁ", "ﬀ", "�", "e\u0301", "İ", "ß", "\u00a0:", "𝕏", "😀", "\u0000", "<!-- mia:bookkeeping", "-->",
    "id: mia_review_1", "title: [", "title: '", 'title: "', "published: 2021-02-30", "version_date: 2021-13-01",
    "article: 5", "authors: {a: b}", "keywords: !!binary aGVsbG8=", "? [a, b]\n: c", "&a x", "*a", "!!python/object/apply:os.system ['true']",
    "{", "}", "[", "]", '"', "\\", "\\u0000", "null", "NaN", "-Infinity", "1e999", "%PDF-1.4", "endobj", "stream\n",
]

YAML_LINES = [
    "published: 2021-02-30", "published: 2021-13-45", "version_date: 0000-01-01", "published: 2021-02-03T25:61:00",
    "published: 2001-12-14t21:59:43.10-05:00", "published: !!timestamp 2021-99-99", "title: !!binary aGVsbG8=",
    "title: !!set {a, b}", "title: !!omap [a: 1]", "title: !!float .nan", "title: !!int 0x_", "title: 1e999",
    "title: &a [x, *a]", "keywords: &k [x, x]\nauthors: [*k, *k]", "title: !!python/object/apply:os.system ['true']",
    "title: !custom x", "? [a, b]\n: c", "? {a: b}\n: c", "1: x", "null: x", "true: x", "2021-01-01: x",
    "title: 'unclosed", 'title: "unclosed', "title: [unclosed", "title: {unclosed", "  badly: indented",
    "\tid: tab", "title: x: y", "title: |\n  block\n  text", "title: >-\n  folded", "id: 12", "id: [1]",
    "id: mia_review_1\nid: mia_review_2", "article:\n  doi: [1, 2]", "article:\n  et_al: maybe", "article:\n  date: 2020-02-30",
    "article:\n  authors: {a: b}", "article:\n  unknown: x", "article: [a]", "language: 5", "keywords: 5", "authors: 'a; b; ;'",
    "title: " + "x" * 5000, "title: %", "title: @x", "title: `x", "%YAML 1.1", "%TAG ! tag:x,2000:", "--- # second doc",
    "title: \\x00", 'title: "\\x1b[31m"', 'title: "\\ud800"', 'title: "\\U0010FFFF"', "&anchor", "*undefined",
]

JSON_ODD_VALUES = [
    None, True, 0, -1, 10**30, 1.5, float("nan"), float("inf"), "", " ", "x" * 10000, "\x1b[31mred", "\ud800",
    [], [None], [1, 2], ["a", 5], {}, {"a": 1}, {"metadata": 5}, {"heading": 5}, {"checked": True, "primary": "x"},
    "2021-02-30", "mia_review_0", "mia_review_-1", "mia_review_1\n", "11.abc/not a doi", "10.1056/NEJMoa2100596",
]


def mutate_text(rng: random.Random, data: bytes, transform) -> bytes:
    text = data.decode("utf-8", errors="surrogateescape")
    changed = transform(text)
    try:
        return changed.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate put in: written as UTF-8 would (invalid) write it
        return changed.encode("utf-8", errors="surrogatepass")


def m_controls(rng, data, suffix):
    def insert(text: str) -> str:
        for _ in range(rng.randint(1, 12)):
            at = rng.randint(0, len(text))
            text = text[:at] + rng.choice(CONTROLS) * rng.choice((1, 1, 1, 3, 200)) + text[at:]
        return text
    return mutate_text(rng, data, insert)


def m_tokens(rng, data, suffix):
    def insert(text: str) -> str:
        lines = text.split("\n")
        for _ in range(rng.randint(1, 6)):
            at = rng.randint(0, len(lines))
            token = rng.choice(TOKENS)
            if rng.random() < 0.5 and at < len(lines):
                lines[at] = lines[at] + token if rng.random() < 0.5 else token + lines[at]
            else:
                lines.insert(at, token)
        return "\n".join(lines)
    return mutate_text(rng, data, insert)


def m_lines(rng, data, suffix):
    """Drop, duplicate, swap or blank lines."""
    def shuffle(text: str) -> str:
        lines = text.split("\n")
        for _ in range(rng.randint(1, 8)):
            if not lines:
                break
            at = rng.randrange(len(lines))
            operation = rng.randrange(4)
            if operation == 0:
                del lines[at]
            elif operation == 1:
                lines.insert(at, lines[at])
            elif operation == 2:
                other = rng.randrange(len(lines))
                lines[at], lines[other] = lines[other], lines[at]
            else:
                lines[at] = ""
        return "\n".join(lines)
    return mutate_text(rng, data, shuffle)


def m_truncate(rng, data, suffix):
    return data[: rng.randint(0, len(data))]


def m_cut_utf8(rng, data, suffix):
    """Cut in the middle of a multi-byte character (at the end, or in the middle of the file)."""
    starts = [i for i, byte in enumerate(data) if byte >= 0xC0]
    if not starts:
        return data[:-1]
    at = rng.choice(starts) + 1
    return data[:at] if rng.random() < 0.5 else data[:at] + data[at + 1:]


ENCODINGS = ("latin-1", "cp1252", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "mac_roman", "shift_jis", "cp437",
             "utf-8-sig", "koi8-r", "gb18030", "utf-7", "cp500")


def m_encoding(rng, data, suffix):
    text = data.decode("utf-8", errors="replace")
    return text.encode(rng.choice(ENCODINGS), errors="replace")


def m_enormous_line(rng, data, suffix):
    size = rng.choice((10_000, 10_000, 100_000, 100_000, 300_000, 1_000_000))
    unit = rng.choice(("x", "mot ", "é", "ﬁ", "\u00a0", "a,", "10.1056/", "## ", "HR 0.5 (IC 95% 0.1-0.9) ", "\t", "-",
                       " ", "  x", " ,", "1", "1.", "(", "HR 0.5" + " " * 300, "\u2003"))
    line = (unit * (size // len(unit) + 1))[:size]

    def insert(text: str) -> str:
        lines = text.split("\n")
        at = rng.randint(0, len(lines))
        if rng.random() < 0.5 and at < len(lines):
            lines[at] += line
        else:
            lines.insert(at, line)
        return "\n".join(lines)
    return mutate_text(rng, data, insert)


def m_many_lines(rng, data, suffix):
    block = rng.choice(("\n", "a\n", "\n\n", "## h\n", "Introduction\n", "page 1/1\n", "\r", "\f")) * rng.choice((1000, 30_000))
    at = rng.randint(0, len(data))
    return data[:at] + block.encode() + data[at:]


def m_flip_bytes(rng, data, suffix):
    if not data:
        return bytes([rng.randrange(256)])
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        buffer[rng.randrange(len(buffer))] = rng.randrange(256)
    return bytes(buffer)


def m_empty_or_binary(rng, data, suffix):
    return rng.choice([
        b"", b" ", b"\n" * 100, b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff\x00", b"\x00" * 100, b"\t\r\n\f\v",
        b"\xc2\xa0\n", "\u00a0\u2028\u2029".encode(), rng.randbytes(rng.choice((1, 16, 4096))),
        b"%PDF-1.4\n" + rng.randbytes(200), b"PK\x03\x04" + rng.randbytes(100), b"\x89PNG\r\n\x1a\n" + rng.randbytes(100),
        b"---\n---\n", b"---\n", b"---\n...\n## x\n", b"{}", b"[]", b"null", b'"x"', b"[{}]", b'{"reviews": []}',
        b'{"format": "mia-reviews", "format_version": 1, "reviews": {}}', b'{"id": 5}',
        b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    ])


def m_splice(rng, data, suffix, other: bytes = b""):
    if not other:
        return data
    a, b = rng.randint(0, len(data)), rng.randint(0, len(other))
    return data[:a] + other[b:] if rng.random() < 0.5 else other[:b] + data[a:]


def m_front_matter(rng, data, suffix):
    """Markdown: damage the front matter (YAML), or its fences."""
    def damage(text: str) -> str:
        lines = text.split("\n")
        try:
            end = lines.index("---", 1)
        except ValueError:
            end = min(len(lines), 12)
        operation = rng.randrange(5)
        if operation == 0:
            lines.insert(rng.randint(1, end), rng.choice(YAML_LINES))
        elif operation == 1 and end < len(lines):
            del lines[end]  # never closed
        elif operation == 2:
            del lines[0]  # never opened
        elif operation == 3:
            at = rng.randint(1, max(1, end - 1))
            if at < len(lines):
                lines[at] = rng.choice(YAML_LINES).split("\n")[0]
        else:
            key = rng.choice(("title", "published", "version_date", "id", "keywords", "authors", "language"))
            lines = [f"{key}: {rng.choice(YAML_LINES).split(': ', 1)[-1]}" if line.startswith(key + ":") else line for line in lines]
        return "\n".join(lines)
    return mutate_text(rng, data, damage)


def m_bookkeeping(rng, data, suffix):
    """Markdown: damage the closing bookkeeping block (JSON inside an HTML comment)."""
    def damage(text: str) -> str:
        opening = text.rfind("<!-- mia:bookkeeping")
        if opening < 0:
            return text + "\n<!-- mia:bookkeeping x\n" + rng.choice(('{"history": 5}', "{", "[]", '{"key_results": "x"}')) + "\n-->\n"
        head, block = text[:opening], text[opening:]
        lines = block.split("\n")
        if len(lines) > 3 and rng.random() < 0.5:
            at = rng.randint(1, len(lines) - 2)
            key = rng.choice(("history", "source", "added", "updated", "article", "key_results", "extra", "version"))
            value = json.dumps(rng.choice(JSON_ODD_VALUES), ensure_ascii=False)
            lines.insert(at, f' "{key}": {value},')
        else:
            at = rng.randrange(len(lines))
            lines[at] = lines[at][: rng.randint(0, len(lines[at]))]
        return head + "\n".join(lines)
    return mutate_text(rng, data, damage)


def m_json_values(rng, data, suffix):
    """JSON: put values of the wrong type (or odd values) at random places of the records."""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):
        return m_flip_bytes(rng, data, suffix)
    places: list[tuple[object, object]] = []

    def walk(node, depth=0):
        if depth > 6:
            return
        if isinstance(node, dict):
            for key in list(node):
                places.append((node, key))
                walk(node[key], depth + 1)
        elif isinstance(node, list):
            for index in range(len(node)):
                places.append((node, index))
                walk(node[index], depth + 1)

    walk(document)
    deep: list[int] = []
    for _ in range(rng.randint(1, 4)):
        if not places:
            break
        container, key = rng.choice(places)
        operation = rng.randrange(4)
        try:
            if operation == 0:
                container[key] = copy.deepcopy(rng.choice(JSON_ODD_VALUES))
            elif operation == 1 and isinstance(container, dict):
                del container[key]
            elif operation == 2 and isinstance(container, dict):
                container[rng.choice(("key_results", "extra", "attachments", "pdf", "source", "x" * 50))] = copy.deepcopy(rng.choice(JSON_ODD_VALUES))
            else:
                deep.append(rng.choice((2, 50, 3000)))
                container[key] = f"__deep{len(deep) - 1}__"
        except (KeyError, IndexError, TypeError):
            pass
    try:
        text = json.dumps(document, ensure_ascii=rng.random() < 0.3)
    except RecursionError:
        return m_flip_bytes(rng, data, suffix)
    for index, depth in enumerate(deep):  # (json cannot write what is nested deeper than its recursion limit)
        text = text.replace(f'"__deep{index}__"', "[" * depth + "1" + "]" * depth)
    return text.encode("utf-8", errors="surrogatepass")



MUTATIONS = {
    "controls": m_controls, "tokens": m_tokens, "lines": m_lines, "truncate": m_truncate, "cut-utf8": m_cut_utf8,
    "encoding": m_encoding, "enormous-line": m_enormous_line, "many-lines": m_many_lines, "flip-bytes": m_flip_bytes,
    "empty-or-binary": m_empty_or_binary, "splice": m_splice, "front-matter": m_front_matter,
    "bookkeeping": m_bookkeeping, "json-values": m_json_values,
}
#: Which mutations suit which format (all formats get the generic ones).
_GENERIC = ["controls", "tokens", "lines", "truncate", "cut-utf8", "encoding", "enormous-line", "many-lines",
            "flip-bytes", "empty-or-binary", "splice"]
FORMAT_MUTATIONS = {
    ".txt": _GENERIC + ["tokens", "lines", "controls"],
    ".md": _GENERIC + ["front-matter"] * 4 + ["bookkeeping"] * 2,
    ".json": _GENERIC + ["json-values"] * 6,
    ".pdf": ["truncate", "flip-bytes", "flip-bytes", "splice", "empty-or-binary", "tokens"],
}


@dataclass
class Case:
    number: int
    seed: str
    suffix: str
    mutations: list[str]
    data: bytes


def make_case(rng: random.Random, number: int, seeds: list[Seed]) -> Case:
    seed = rng.choice(seeds)
    suffix = "." + seed.name.rsplit(".", 1)[-1]
    data = seed.data
    applied: list[str] = []
    count = 0 if rng.random() < 0.05 else rng.choice((1, 1, 1, 2, 2, 3))
    for _ in range(count):
        name = rng.choice(FORMAT_MUTATIONS[suffix])
        if name == "splice":
            data = m_splice(rng, data, suffix, rng.choice(seeds).data)
        else:
            data = MUTATIONS[name](rng, data, suffix)
        applied.append(name)
    if rng.random() < 0.03:  # a review under another format's name
        suffix = rng.choice([s for s in FORMAT_MUTATIONS if s != suffix])
        applied.append("wrong-suffix")
    return Case(number, seed.name, suffix, applied, data)


# --- running a case in this process ----------------------------------------------------------


@dataclass
class Outcome:
    kind: str  # "accepted", "refused", "unclear" (refused without a usable message), "crash"
    detail: str = ""
    seconds: float = 0.0


def check_accepted(parsed_reviews) -> None:
    """What mia does next with an accepted review must not fail either: store it (its record
    round-trips), edit it (its Markdown form reads back), show it."""
    from mia.cli.render import review_text
    from mia.doi.citation import consistency_warnings, vancouver
    from mia.importers.markdown import parse_markdown, review_to_markdown
    from mia.model.review import Review

    import orjson

    for parsed in parsed_reviews:
        review = parsed.review
        review.validate()
        orjson.dumps(review.to_dict())  # what the store writes
        again = Review.from_dict(json.loads(json.dumps(review.to_dict())))
        if again.to_dict() != review.to_dict():
            raise AssertionError("the record does not read back as it was")
        back = parse_markdown(review_to_markdown(review), source_name=f"{review.id}.md").review
        if _headings_stripped(back.content_dict()) != _headings_stripped(review.content_dict()):
            raise AssertionError("the Markdown form does not read back as it was")
        review_text(review, reference=vancouver(review), warnings=consistency_warnings(review), width=80, style=True)
        review_text(review, reference=vancouver(review), warnings=[], width=None, style=False)


#: One file read and checked in more than this is a crash too: `mia add` would seem to hang.
#: Counted in CPU seconds of the fuzzing process (`time.process_time`), the work mia does, not
#: the wall clock: on a shared 2-core machine running the suite's other tests, a file of 1 MB
#: read in 3 s of CPU took 11 s of wall clock and was reported as a hang.
SLOW_SECONDS = 10.0


def _headings_stripped(content: dict) -> dict:
    """The Markdown form writes a heading as `## Heading`: spaces around it (a heading of only
    spaces, in a hand-made JSON record) do not come back, and need not."""
    content["sections"] = [dict(section, heading=section["heading"].strip()) for section in content["sections"]]
    return content


def clear_message(message: str) -> bool:
    return bool(message.strip()) and "Traceback" not in message and len(message) < 5_000


def run_in_process(case: Case, folder: Path) -> Outcome:
    outcome = _run_in_process(case, folder)
    if outcome.kind != "crash" and outcome.seconds > SLOW_SECONDS:
        return Outcome("crash", f"slow: {outcome.seconds:.0f} s to read and check one file (a hang for a user)", outcome.seconds)
    return outcome


def _run_in_process(case: Case, folder: Path) -> Outcome:
    from mia.base.errors import MiaError
    from mia.importers import read_all

    path = folder / f"case{case.number}{case.suffix}"
    path.write_bytes(case.data)
    started = time.process_time()
    try:
        parsed = read_all(path)
        check_accepted(parsed)
    except MiaError as error:
        kind = "refused" if clear_message(str(error)) else "unclear"
        return Outcome(kind, str(error), time.process_time() - started)
    except Exception:  # noqa: BLE001 - that is what we are looking for
        return Outcome("crash", traceback.format_exc(), time.process_time() - started)
    finally:
        path.unlink()
    return Outcome("accepted", "", time.process_time() - started)


def run_tree_in_process(rng: random.Random, number: int, seeds: list[Seed], folder: Path) -> Outcome:
    """A folder of reviews as `mia add FOLDER` walks it: nested folders, links, loops."""
    from mia.base.errors import MiaError
    from mia.importers import collect_paths, read_all

    root = make_tree(rng, number, seeds, folder)
    started = time.process_time()
    accepted = refused = 0
    try:
        for path in collect_paths([root]):
            try:
                check_accepted(read_all(path))
                accepted += 1
            except MiaError as error:
                if not clear_message(str(error)):
                    return Outcome("unclear", str(error))
                refused += 1
    except MiaError as error:
        return Outcome("refused" if clear_message(str(error)) else "unclear", str(error), time.process_time() - started)
    except Exception:  # noqa: BLE001
        return Outcome("crash", traceback.format_exc(), time.process_time() - started)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return Outcome("accepted" if accepted else "refused", f"{accepted} read, {refused} refused", time.process_time() - started)


def make_tree(rng: random.Random, number: int, seeds: list[Seed], folder: Path) -> Path:
    root = folder / f"tree{number}"
    current = root
    current.mkdir(parents=True)
    depth = rng.choice((1, 2, 5, 40))
    for level in range(depth):
        if rng.random() < 0.6:
            case = make_case(rng, number * 100 + level, seeds)
            name = rng.choice(("r", "review é", ".hidden", "-dash", "UPPER", "a" * 100)) + f"{level}{case.suffix}"
            (current / name).write_bytes(case.data)
        current = current / rng.choice(("sub", "dossier é", "x" * 50, ".git", "a b"))
        current.mkdir()
    extras = rng.sample(["loop", "self", "dangling", "file-link", "zero", "fifo", "empty-dir", "dir-named-txt"], rng.randint(1, 4))
    for extra in extras:
        where = rng.choice([root, current])
        if extra == "loop":
            (where / "loop").symlink_to(root, target_is_directory=True)
        elif extra == "self":
            (where / "self").symlink_to(".", target_is_directory=True)
        elif extra == "dangling":
            (where / "gone.txt").symlink_to(where / "nowhere.txt")
        elif extra == "file-link":
            target = root / "target.md"
            if not target.exists():
                target.write_bytes(rng.choice(seeds).data)
            (where / f"link{rng.randrange(1000)}.md").symlink_to(target)
        elif extra == "zero":
            (where / "zero.txt").symlink_to("/dev/zero")
        elif extra == "fifo" and hasattr(os, "mkfifo"):
            os.mkfifo(where / "pipe.txt")
        elif extra == "empty-dir":
            (where / "empty").mkdir(exist_ok=True)
        elif extra == "dir-named-txt":
            (where / "folder.txt").mkdir(exist_ok=True)
    return root


# --- running a case as a `mia add` process ----------------------------------------------------


def store_snapshot(store: Path) -> dict[str, str]:
    """Every file of the store (store file, shards, backups) and its content's hash; the index
    and the lock files are left out (derived, or bookkeeping of the lock)."""
    snapshot = {}
    for path in sorted(store.parent.rglob("*")):
        name = path.name
        if not path.is_file() or ".index.sqlite" in name or ".lock" in name or path.parent.name in ("config", "cache"):
            continue
        snapshot[str(path.relative_to(store.parent))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return snapshot


def run_process(command: list[str], env: dict[str, str], timeout: float) -> tuple[int | None, str, str]:
    try:
        done = subprocess.run(command, env=env, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as expired:
        return None, (expired.stdout or b"").decode("utf-8", "replace"), (expired.stderr or b"").decode("utf-8", "replace")
    return done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")


def judge_process(name: str, code: int | None, out: str, err: str, timeout: float) -> Outcome:
    if code is None:
        return Outcome("crash", f"{name}: still running after {timeout:.0f} s (killed)\n{err[-2000:]}")
    if code == 70 or "Traceback (most recent call last)" in err + out or code not in (0, 1, 2, 4):
        return Outcome("crash", f"{name}: exit {code}\n{err[-4000:]}")
    if code == 0:
        return Outcome("accepted")
    return Outcome("refused" if "Error:" in err or "Failed:" in err else "unclear", err[-2000:])


def run_add_process(rng: random.Random, case: Case | None, seeds: list[Seed], folder: Path, store: Path, timeout: float) -> Outcome:
    env = process_environment(store)
    if case is None:
        target = rng.choice(("tree", "fifo", "zero"))
        if target == "tree":
            path = make_tree(rng, rng.randrange(10**6), seeds, folder)
        elif target == "fifo":
            path = folder / "pipe.txt"
            os.mkfifo(path)
        else:
            path = folder / "zero.txt"
            path.symlink_to("/dev/zero")
    else:
        name = rng.choice(("case", "révision é", "-starts-with-dash", "with space", "x" * 200, "new\nline", "\x1b[31mred"))
        path = folder / f"{name}{case.number}{case.suffix}"
        path.write_bytes(case.data)
    before = store_snapshot(store)
    started = time.perf_counter()
    options = ["--replace"] if rng.random() < 0.3 else []
    code, out, err = run_process(mia_command("add", *options, "--", str(path)), env, timeout)
    outcome = judge_process(f"mia add {path.name!r}", code, out, err, timeout)
    outcome.seconds = time.perf_counter() - started
    stored_something = any(line.startswith(("Added ", "Replaced ")) for line in out.splitlines())
    if outcome.kind != "crash" and not stored_something and store_snapshot(store) != before:
        outcome = Outcome("crash", f"mia add {path.name!r} stored nothing (exit {code}) but changed the store\n{err[-2000:]}")
    if outcome.kind == "accepted" and stored_something:
        stored = [line.split()[1] for line in out.splitlines() if line.startswith(("Added ", "Replaced "))]
        for review_id in stored[:2]:
            code, show_out, show_err = run_process(mia_command("show", review_id), env, timeout)
            shown = judge_process(f"mia show {review_id}", code, show_out, show_err, timeout)
            if shown.kind != "accepted":
                outcome = Outcome("crash", shown.detail or f"mia show {review_id}: exit {code}\n{show_err[-2000:]}")
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
    return outcome


# --- the run ----------------------------------------------------------------------------------


@dataclass
class Tally:
    counts: Counter = field(default_factory=Counter)
    crashes: list[tuple[str, str]] = field(default_factory=list)  # (case label, detail)
    slowest: list[tuple[float, str]] = field(default_factory=list)

    def add(self, where: str, label: str, outcome: Outcome) -> None:
        self.counts[(where, outcome.kind)] += 1
        if outcome.kind == "crash":
            self.crashes.append((label, outcome.detail))
        self.slowest.append((outcome.seconds, label))
        self.slowest = sorted(self.slowest, reverse=True)[:5]

    def total(self, kind: str | None = None) -> int:
        return sum(count for (_, k), count in self.counts.items() if kind is None or k == kind)


def crash_kind(detail: str) -> str:
    """A crash's kind: its exception and the innermost frame of mia that raised it."""
    lines = [line for line in detail.strip().splitlines() if line.strip()]
    exception = lines[-1][:160] if lines else "?"
    frames = [line.strip() for line in lines if line.strip().startswith("File ") and "/mia/" in line]
    if detail.startswith(("mia ", "slow:")):
        return lines[0][:160]
    return f"{exception.split(':')[0]} at {frames[-1] if frames else '?'}"


def fuzz(cases: int, seed: int, processes: int | None = None, *, timeout: float = 60.0,
         keep: Path | None = None, progress: bool = False, seeds_with_mia: bool = True) -> Tally:
    """Run `cases` cases (of which `processes` as `mia add` processes; default 3%, at least 1 per
    100 cases) and return the tally."""
    rng = random.Random(seed)
    if processes is None:
        processes = max(cases // 30, 1) if cases >= 100 else 0
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="mia-fuzz-") as temporary:
        work = Path(temporary)
        seeds = load_seeds(work, with_mia=seeds_with_mia)
        folder = work / "cases"
        folder.mkdir()
        store = work / "store" / "reviews.json"
        store.parent.mkdir()
        process_every = cases / processes if processes else None
        next_process = 0.0
        trees = 0
        for number in range(cases):
            as_process = process_every is not None and number >= next_process
            if as_process:
                next_process += process_every
                case = None if rng.random() < 0.15 else make_case(rng, number, seeds)
                label = f"process case {number}: " + (f"{case.seed} + {case.mutations} as {case.suffix}" if case else "a folder tree or a special file")
                outcome = run_add_process(rng, case, seeds, folder, store, timeout)
                tally.add("process", label, outcome)
            elif rng.random() < 0.02:
                trees += 1
                outcome = run_tree_in_process(rng, number, seeds, folder)
                case, label = None, f"case {number}: a folder tree"
                tally.add("in-process", label, outcome)
            else:
                case = make_case(rng, number, seeds)
                label = f"case {number}: {case.seed} + {case.mutations} as {case.suffix}"
                outcome = run_in_process(case, folder)
                tally.add("in-process", label, outcome)
            if outcome.kind == "unclear" and keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                (keep / f"unclear-{number}.log").write_text(f"{label}\n\n{outcome.detail[:2000]}", encoding="utf-8")
            if outcome.kind == "crash" and keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                if case is not None:
                    (keep / f"crash-{number}{case.suffix}").write_bytes(case.data)
                (keep / f"crash-{number}.log").write_text(f"{label}\n\n{outcome.detail}", encoding="utf-8")
            if progress and (number + 1) % 500 == 0:
                print(f"  {number + 1} cases, {tally.total('crash')} crash(es)", file=sys.stderr, flush=True)
    return tally


def report_text(tally: Tally, cases: int, seed: int, seconds: float) -> str:
    lines = [f"{cases} cases (seed {seed}) in {seconds:.0f} s:"]
    for where in ("in-process", "process"):
        row = {kind: tally.counts[(where, kind)] for kind in ("accepted", "refused", "unclear", "crash")}
        total = sum(row.values())
        if total:
            lines.append(
                f"  {where:<10} {total:>6} cases: {row['accepted']} accepted, {row['refused']} refused with a clear "
                f"message, {row['unclear']} refused without one, {row['crash']} crash(es)"
            )
    lines.append(
        f"  total      {tally.total():>6} cases: {tally.total('accepted')} accepted, {tally.total('refused')} refused "
        f"with a clear message, {tally.total('unclear')} refused without one, {tally.total('crash')} crash(es)"
    )
    kinds = Counter(crash_kind(detail) for _, detail in tally.crashes)
    for kind, count in kinds.most_common():
        example = next(label for label, detail in tally.crashes if crash_kind(detail) == kind)
        lines.append(f"  crash x{count}: {kind}\n      e.g. {example}")
    lines.append("  slowest: " + "; ".join(f"{s:.2f} s ({label})" for s, label in tally.slowest[:3]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000, help="cases in all (default 10,000)")
    parser.add_argument("--seed", type=int, default=1, help="the random seed (same seed, same cases)")
    parser.add_argument("--processes", type=int, default=None, help="of which as `mia add` processes (default: 1 in 30)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds a process may take (default 60)")
    parser.add_argument("--keep", type=Path, default=BENCH / "out" / "fuzz", help="where crashing inputs are written")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    tally = fuzz(args.cases, args.seed, args.processes, timeout=args.timeout, keep=args.keep, progress=not args.json)
    seconds = time.perf_counter() - started
    if args.json:
        print(json.dumps({
            "cases": tally.total(), "seed": args.seed, "seconds": round(seconds, 1),
            "accepted": tally.total("accepted"), "refused": tally.total("refused"),
            "unclear": tally.total("unclear"), "crashes": tally.total("crash"),
            "processes": sum(c for (w, _), c in tally.counts.items() if w == "process"),
            "crash_kinds": dict(Counter(crash_kind(d) for _, d in tally.crashes)),
        }, indent=1))
    else:
        print(report_text(tally, args.cases, args.seed, seconds))
    return 1 if tally.total("crash") else 0


if __name__ == "__main__":
    sys.exit(main())
