"""papis and pubs libraries holding the same entries as the mia store, for comparison.

papis imports BibTeX slowly (each entry becomes a folder with an `info.yaml`, and the cache is
updated one document at a time), so its import is timed on at most `--papis-max` entries and the
rest of the library is written straight in papis's on-disk format (one folder per document, an
`info.yaml` with the fields papis's importer writes) by `fill_papis_library` below, run with the
benchmark venv's Python (it needs PyYAML). papis then builds its cache on its first `papis list`
(the untimed warm-up), and its search is timed on all N entries like mia's. pubs imports all N
entries itself unless `--pubs-max` is lower.

    bench/.venv/bin/python bench/libraries.py fill-papis LIBRARY_DIR FIRST LAST SEED
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

#: papis searches its `match-format`; by default that is title, author and year only. Ours adds
#: the journal, the keywords and the abstract (the review's text), so its search reads what mia's does.
PAPIS_MATCH_FORMAT = "{doc[title]} {doc[author]} {doc[year]} {doc[journal]} {doc[keywords]} {doc[abstract]}"


@dataclass
class PapisLibrary:
    root: Path

    @property
    def library(self) -> Path:
        return self.root / "library"

    def env(self, base: dict[str, str]) -> dict[str, str]:
        return {**base, "XDG_CONFIG_HOME": str(self.root / "config"), "XDG_CACHE_HOME": str(self.root / "cache")}

    def create(self) -> None:
        self.library.mkdir(parents=True)
        config = self.root / "config" / "papis" / "config"
        config.parent.mkdir(parents=True)
        config.write_text(
            "[settings]\ndefault-library = bench\n"
            f"match-format = {PAPIS_MATCH_FORMAT}\n\n"
            f"[bench]\ndir = {self.library}\n",
            encoding="utf-8",
        )

    def import_command(self, papis: Path, bibtex: Path) -> list[str]:
        return [str(papis), "--log", "WARNING", "bibtex", "read", str(bibtex), "import", "--all", "--batch"]

    def list_command(self, papis: Path, query: list[str]) -> list[str]:
        return [str(papis), "list", "--all", *query]

    def count(self) -> int:
        return sum(1 for _ in self.library.iterdir())


@dataclass
class PubsLibrary:
    root: Path

    @property
    def config(self) -> Path:
        return self.root / "pubsrc"

    def init_command(self, pubs: Path) -> list[str]:
        return [str(pubs), "-c", str(self.config), "init", "-p", str(self.root / "library")]

    def import_command(self, pubs: Path, bibtex: Path) -> list[str]:
        return [str(pubs), "-c", str(self.config), "import", str(bibtex)]

    def list_command(self, pubs: Path, query: list[str]) -> list[str]:
        return [str(pubs), "-c", str(self.config), "list", *query]

    def count(self) -> int:
        bib = self.root / "library" / "bib"
        return sum(1 for _ in bib.iterdir()) if bib.exists() else 0


def fill_papis_library(library: Path, first: int, last: int, seed: int) -> int:
    """Write entries first..last as papis documents (what `papis bibtex import` would write)."""
    import yaml

    sys.path.insert(0, str(Path(__file__).parent))
    import synth

    written = 0
    for number in range(first, last + 1):
        review = synth.make_review(number, seed)
        fields = synth.bibtex_fields(review)
        papis_id = hashlib.md5(f"bench-{seed}-{number}".encode()).hexdigest()
        authors = [synth.bibtex_name_parts(name) for name in review.article_authors]
        if review.et_al:
            authors.append({"family": "others", "given": ""})
        document = {**fields, "author_list": authors, "papis_id": papis_id, "ref": review.review_id, "type": "article"}
        folder = library / papis_id
        folder.mkdir()
        (folder / "info.yaml").write_text(
            yaml.dump(document, allow_unicode=True, default_flow_style=False), encoding="utf-8"
        )
        written += 1
    return written


if __name__ == "__main__":
    if len(sys.argv) != 6 or sys.argv[1] != "fill-papis":
        sys.exit(__doc__)
    print(fill_papis_library(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])))
