"""The README's samples of mia's output, made by running mia: `python tools/readme_samples.py`
rewrites them in README.md, `--check` only says whether they are up to date (exit 1 if not;
tests/cli/test_readme_samples.py runs it).

Each sample is a block of README.md after a marker line `<!-- sample: NAME -->`: a fenced block
of `$ mia …` commands, each followed by what it printed (stdout, then stderr). The commands run
as processes (`python -m mia`) in a fresh folder on a fresh store holding the bundled sample
(`data/reviews/`), offline, with COLUMNS=96 and NO_COLOR, one sample after the other on the same
store, as a reader following the README would. The `cite` sample is online against a local
replay of Crossref's recorded answer for a PLOS ONE article (tests/fixtures/doi, served by
tests/replay_server.py on 127.0.0.1), its review the bundled seed rewritten to review that
article, as tests/cli/test_doi_cli.py does. Two things are not verbatim, and say so: long
outputs keep their first and last lines around a `…` line (`head`, `tail`), and what would
change at every run is written one fixed way: times of day (`2026-11-28T21:50:53Z`), and the
temporary folder the store is in (`~/club`, the README says the samples use
`MIA_STORE=~/club/reviews.json`).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
MARKER = re.compile(r"<!-- sample: (?P<name>[\w-]+) -->\n```\n(?P<body>.*?)```\n", re.S)
TIME = re.compile(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\b")
FIXED_TIME = "2026-11-28T21:50:53Z"
FOLDER = "~/club"
ELLIPSIS = "…"


@dataclass(frozen=True)
class Command:
    line: str  # as the README shows it, after `$ `
    head: int | None = None  # keep this many first lines of the output (None: all)…
    tail: int = 0  # …and this many last ones, with a `…` line between


SAMPLES: dict[str, list[Command]] = {
    "add": [
        Command("mia add data/reviews/", head=2, tail=1),
        Command("mia add data/reviews/mia_review_40.txt"),
    ],
    "read": [
        Command("mia list", head=3),
        Command("mia show 40", head=22),
    ],
    "search": [
        Command("mia search ITP"),
        Command("mia search '\"première ligne\"' year:2021", head=1),
        Command("mia search intensive blood pressure target elderly", head=5),
        Command("mia search hazard ratio journal:nejm", head=1),
        Command("mia search ritiximab"),
    ],
    "cite": [
        Command("mia add mia_review_41.txt"),
        Command("mia cite 41"),
        Command("mia cite 41 --format bibtex"),
        Command("mia cite 41 --format ris", head=2, tail=1),
    ],
    "export": [
        Command("mia export --format markdown --output md/"),
    ],
    "look-after": [
        Command("mia rm 44 --yes"),
        Command("mia trash"),
        Command("mia restore 44"),
        Command("mia doctor"),
    ],
    "everyday": [
        Command("mia doctor"),
        Command("mia export --format json --output backup.json"),
        Command("mia history 40"),
        Command("mia show 40 --version V0", head=2),
        Command("mia rm 45 --yes"),
        Command("mia trash"),
        Command("mia restore 45"),
    ],
}


def run_samples() -> dict[str, str]:
    """Each sample's text, by running its commands (in the order of SAMPLES) on one store."""
    with tempfile.TemporaryDirectory(prefix="mia-readme-") as folder:
        cwd = Path(folder)
        (cwd / "data").symlink_to(REPO / "data", target_is_directory=True)
        env = _environment(cwd)
        texts = {}  # (the first sample, "add", imports the bundled sample into the new store)
        for name, commands in SAMPLES.items():
            with _online(cwd) if name in ONLINE_SAMPLES else _offline() as extra:
                texts[name] = "".join(_run(command, cwd, {**env, **extra}) for command in commands)
        return texts


#: The samples that look a DOI up, against the local Crossref replay.
ONLINE_SAMPLES = {"cite"}
PLOS_DOI = "10.1371/JOURNAL.PONE.0033693"
PLOS_TITLE = "Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of Microglia in the Basal Ganglia of Mice"


@contextmanager
def _offline() -> Iterator[dict[str, str]]:
    yield {}


@contextmanager
def _online(cwd: Path) -> Iterator[dict[str, str]]:
    """The environment of an online sample: Crossref and doi.org replayed on 127.0.0.1 (the
    recorded PLOS ONE answer), and that article's review in the folder as mia_review_41.txt."""
    sys.path.insert(0, str(REPO / "tests"))
    from replay_server import PLOS_WORKS, ReplayServer, recorded

    seed = (REPO / "data" / "reviews" / "mia_review_40.txt").read_text(encoding="utf-8")
    review = (seed.replace("mia_review_40", "mia_review_41")
              .replace("Mycophenolate Mofetil for First-Line Treatment of Immune Thrombocytopenia", PLOS_TITLE)
              .replace("C. A. Bradbury et al., NEJM, 02.09.2021", "S. Sadasivan et al., PLoS One, 21.03.2012")
              .replace("DOI: 10.1056/NEJMoa2100596", f"DOI: https://doi.org/{PLOS_DOI}"))
    (cwd / "mia_review_41.txt").write_text(review, encoding="utf-8")
    crossref, doi = ReplayServer("crossref").start(), ReplayServer("doi.org").start()
    crossref.add(f"/works/{PLOS_DOI}", recorded(PLOS_WORKS))
    try:
        yield {"MIA_OFFLINE": "0", "MIA_CROSSREF_URL": crossref.url, "MIA_DOI_URL": doi.url}
    finally:
        crossref.stop()
        doi.stop()


def _environment(cwd: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("MIA_", "PAGER", "LINES"))}
    env.update(
        MIA_STORE=str(cwd / "reviews.json"), MIA_OFFLINE="1", COLUMNS="96", NO_COLOR="1",
        MIA_CONFIG_DIR=str(cwd / "config"), MIA_CACHE_DIR=str(cwd / "cache"),
        PYTHONPATH=str(REPO / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""),
    )
    return env


def _run(command: Command, cwd: Path, env: dict[str, str]) -> str:
    args = shlex.split(command.line)
    process = subprocess.run([sys.executable, "-m", *args], cwd=cwd, env=env, capture_output=True, text=True)
    lines = (process.stdout + process.stderr).splitlines()
    if command.head is not None and len(lines) > command.head + command.tail:
        lines = lines[: command.head] + [ELLIPSIS] + (lines[-command.tail:] if command.tail else [])
    text = TIME.sub(FIXED_TIME, "\n".join(line.rstrip() for line in lines)).replace(str(cwd), FOLDER)
    return f"$ {command.line}\n" + text + ("\n" if text else "")


def readme_with(readme: str, texts: dict[str, str]) -> str:
    """README.md's text with each sample block replaced by its new text."""
    def replace(found: re.Match) -> str:
        name = found.group("name")
        if name not in texts:
            raise SystemExit(f"README.md has a sample named {name!r} that tools/readme_samples.py does not make.")
        return f"<!-- sample: {name} -->\n```\n{texts[name]}```\n"

    return MARKER.sub(replace, readme)


def main(argv: list[str]) -> int:
    readme = README.read_text(encoding="utf-8")
    updated = readme_with(readme, run_samples())
    if "--check" in argv:
        if updated != readme:
            sys.stderr.write("README.md's samples differ from mia's output: run python tools/readme_samples.py\n")
            return 1
        return 0
    README.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
