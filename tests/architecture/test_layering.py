"""The layering of docs/ARCHITECTURE.md, checked on the source: every `import` of a mia module,
at the top of a module or inside a function, must go down the layers, never up or across
against the rules below. The rules are data (ALLOWED), the same table as the map's."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[2] / "src" / "mia"

#: Each part (a package of mia) and the parts it may import. A part may always import itself.
ALLOWED: dict[str, set[str]] = {
    "base": set(),
    "model": {"base"},
    "lexicon": {"base"},
    "store": {"base", "model"},
    "evidence": {"base"},
    "importers": {"base", "model", "lexicon", "evidence"},
    "doi": {"base", "model"},
    "search": {"base", "model", "lexicon"},
    "sync": {"base", "model", "store", "importers", "core"},
    "core": {"base", "model", "store", "importers", "doi", "search", "lexicon", "evidence"},
    "cli": {"base", "model", "store", "importers", "doi", "search", "lexicon", "evidence", "core", "sync"},
}
#: Parts that open issues add (sync, evidence): their rules stand before they land.
PARTS_TO_COME = {"sync", "evidence"}
#: Modules at the top of the package, outside any part.
TOP_LEVEL = {"__init__", "__main__"}
#: Third-party packages that must stay out of module tops (lazy, in the one module that needs
#: them): each costs milliseconds that `mia --help`, `list`, `show` and `search` must not pay.
HEAVY = {"requests", "pypdf", "spellchecker", "yaml", "dulwich", "matplotlib", "rich", "tinydb", "platformdirs"}
#: The module whose whole purpose is one of them (only scripts import it).
HEAVY_BY_PURPOSE = {"store/tinydb_storage.py": {"tinydb"}}

#: mia's own modules imported inside a function, and why (docs/ARCHITECTURE.md, "Lazy imports").
#: Everything else is imported at the top of its module. The four commands that set the budget
#: are `mia --version`, `mia search`, `mia show` and `mia list`: a module stays lazy only where
#: importing it at the top would lengthen one of them, or a sibling command sharing the module
#: that never needs it. Measured with `python -X importtime` (ms on the machine of bench/README.md).
VERSION = "start-up of mia --version: every command imports cli.app"
LAZY: dict[tuple[str, str], str] = {
    ("cli/app.py", "mia.cli.render"): VERSION + " (render: ~5 ms)",
    ("cli/app.py", "mia.base.environment"): VERSION,
    ("cli/app.py", "mia.store.layout"): VERSION,
    ("cli/app.py", "mia.store.view"): VERSION,
    ("cli/app.py", "mia.base.controls"): VERSION,
    ("cli/app.py", "mia.model.ids"): VERSION + " (only for the message of words a command does not take)",
    ("cli/app.py", "mia.cli.pager"): VERSION + "; search never pages",
    ("cli/app.py", "mia.core.library"): "a search on a fresh index never opens the store (~4 ms of core)",
    ("cli/reviews.py", "mia.cli.authoring_commands"): "guided entry of mia add only (no file, a terminal): ~20 ms of authoring",
    ("cli/reading_commands.py", "mia.core.versions"): "show --version only: ~1.6 ms (difflib) that show and list do not pay",
    ("cli/search_commands.py", "mia.core.lexicon"): "lexicon add only: the lexicon parser (~6 ms) that search does not pay",
    ("cli/search_commands.py", "mia.core.evidence"): "reindex only: the forest and the importers (~11 ms) that search does not pay",
    ("cli/evidence_commands.py", "mia.core.evidence"): "forest and results only: mia stats shares the module (~11 ms)",
    ("cli/evidence_commands.py", "mia.core.reading"): "results show only: mia stats and forest share the module",
    ("cli/reviews.py", "mia.importers"): "the file kinds mia reads, named only when a folder held others",
    ("cli/render.py", "mia.evidence.forest"): "forest text only: ~4 ms that show, list and search do not pay",
    ("search/index.py", "mia.search.rebuild_analysis"): "a rebuild's analysis (documents: its DOI and section-role rules, ~1.5 ms; the worker processes): a search imports index.py and does not rebuild a fresh index",
    ("search/maintenance.py", "mia.search.documents"): "a review's analysis, for the index's writes: a search on a fresh index does not import it (its DOI and section-role rules, ~1.5 ms)",
    ("search/query.py", "mia.model.doi"): "a doi: query only: ~0.8 ms of patterns that other searches do not pay",
    ("cli/render.py", "mia.model.doi"): "the DOI link of show only: ~1 ms of patterns that list and search do not pay",
    ("core/listing.py", "mia.search.query"): "mia list --year only: its value checked before the search reads it (~5 ms of the query parser)",
    ("core/library.py", "mia.store.review_store"): "show and list read a fresh index without the store's machinery",
    ("core/library.py", "mia.importers"): "mia add only: show and list share core.library (~16 ms)",
    ("core/library.py", "mia.importers.parallel"): "mia add only: show and list share core.library (it imports the importers)",
    ("core/library.py", "mia.importers.source"): "mia add only: show and list share core.library",
    ("core/library.py", "mia.core.resolution"): "DOIs looked up after mia add only (~22 ms: citation, CSL, resolver)",
    ("core/library.py", "mia.core.versions"): "history only: ~1.6 ms that show and list do not pay",
    ("core/library.py", "mia.core.waiting"): "mia add --new-id only: the ids new reviews not added yet hold (reading the drafts folder) that show and list never need",
    ("core/library.py", "mia.store.attachments"): "copying and hashing PDFs (hashlib, shutil, tempfile: ~7 ms) that show and list never need",
    ("core/authoring.py", "mia.core.resolution"): "DOI look-up of new --doi and guided entry only (~22 ms that edit does not pay)",
    ("importers/__init__.py", "mia.importers.compte_rendu"): "a reader when a file of its format is read (forest, diff, sync import the package)",
    ("importers/__init__.py", "mia.importers.markdown"): "a reader when a file of its format is read (forest, diff, sync import the package)",
    ("importers/__init__.py", "mia.importers.pdf"): "a reader when a file of its format is read (forest, diff, sync import the package)",
    ("importers/__init__.py", "mia.importers.json_records"): "a reader when a file of its format is read (forest, diff, sync import the package)",
    ("importers/__init__.py", "mia.evidence.extract"): "the extractor's ~50 patterns (~1 ms from the pattern cache, ~19 ms where it cannot be kept), only imports pay",
    ("base/patterns.py", "mia.base.files"): "the cache file is written at exit, once a process compiled a pattern it lacked: tempfile (~3 ms) that no start pays",
    ("base/module_cache.py", "mia.base.files"): "the cache file is written at exit, once a process imported one of mia's modules the usual way: tempfile (~3 ms) that no start pays",
    ("search/__init__.py", "mia.search.engine"): "import mia.search stays cheap: show, list and stats read records without the engine",
    ("search/engine.py", "mia.search.maintenance"): "a search on an index that is current (freshness.open_current) does not import the upkeep: rebuilds, writes, merges, the counts of mia stats (~1.5 ms)",
    ("search/__init__.py", "mia.search.maintenance"): "import mia.search stays cheap: show, list and stats read records without the engine",
    ("search/__init__.py", "mia.search.records"): "import mia.search stays cheap: no sqlite3 for mia --help (test_importing_mia_search_is_cheap)",
    ("search/__init__.py", "mia.search.results"): "import mia.search stays cheap: Hit and SearchResult on first use",
    ("search/engine.py", "mia.search.suggest"): "suggestions only when nothing matches",
    ("search/engine.py", "mia.search.advice"): "advice only when nothing matches and nothing corrected does",
    ("search/suggest.py", "mia.lexicon.language_words"): "the languages' words only when a typed word has a correction to weigh (~2 ms of imports: files, digests)",
    ("search/documents.py", "mia.search.acronyms"): "acronyms are found when a review is indexed, never for a search",
    ("search/maintenance.py", "mia.search.lexicon"): "the lexicon's text is parsed only when the index's copy is stale (~6 ms)",
    ("search/lexicon_index.py", "mia.search.lexicon"): "the lexicon's text is parsed only when the index's copy is stale (~6 ms)",
}


def part_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "mia" else None


def is_module(name: str) -> bool:
    relative = Path(*name.split("."))
    return (SOURCE.parent / relative).with_suffix(".py").is_file() or (SOURCE.parent / relative / "__init__.py").is_file()


def imports_of(path: Path) -> list[tuple[str, int, bool | None]]:
    """(imported module, line, where) for every import in `path`: where is True at the top of
    the module, False inside a function, None under `if TYPE_CHECKING:` (never run)."""
    module = ".".join(path.relative_to(SOURCE.parent).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_nodes = {id(node) for node in tree.body}
    typing_only: set[int] = set()
    for node in tree.body:  # try/except at the top counts as top; `if TYPE_CHECKING:` never runs
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only |= {id(child) for child in ast.walk(node)}
        elif isinstance(node, (ast.If, ast.Try)):
            top_nodes |= {id(child) for child in ast.walk(node)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                names = [".".join(base + ([node.module] if node.module else []))]
            else:
                names = [node.module or ""]
            # `from mia.importers import textclean` imports the module mia.importers.textclean
            submodules = [f"{names[0]}.{alias.name}" for alias in node.names]
            if any(is_module(name) for name in submodules):
                names = [name for name in submodules if is_module(name)]
        else:
            continue
        where = None if id(node) in typing_only else id(node) in top_nodes
        found += [(name, node.lineno, where) for name in names]
    return found


def modules() -> list[Path]:
    return sorted(SOURCE.rglob("*.py"))


def layering_violations(allowed: dict[str, set[str]] = ALLOWED) -> list[str]:
    problems = []
    for path in modules():
        where = path.relative_to(SOURCE.parent)
        own = part_of(".".join(where.with_suffix("").parts))
        if own is None or own in TOP_LEVEL:
            continue
        if own not in allowed:
            problems.append(f"{where}: the part '{own}' is not in the layering rules")
            continue
        for name, line, _ in imports_of(path):
            target = part_of(name)
            if name == "mia" or target is None or target == own or not is_module(f"mia.{target}"):
                continue
            if target not in allowed[own]:
                problems.append(f"{where}:{line}: {own} must not import {target} ({name})")
    return problems


def test_every_import_follows_the_layering():
    assert layering_violations() == []


def test_the_rule_check_catches_a_broken_rule():
    """The test can fail: with store not allowed to import model, the store's imports show."""
    stricter = {part: set(allowed) for part, allowed in ALLOWED.items()}
    stricter["store"].discard("model")
    problems = layering_violations(stricter)
    assert problems and all("store must not import model" in p for p in problems)
    assert any("store/review_store.py" in p for p in problems)


def test_every_part_is_a_package_with_a_docstring_naming_what_it_must_not_import():
    for part in ALLOWED:
        init = SOURCE / part / "__init__.py"
        if part in PARTS_TO_COME and not init.exists():
            continue
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "Owns" in docstring and "must not" in docstring.lower(), f"{init}: say what it owns and must not import"


def test_only_the_entry_points_sit_outside_the_parts():
    loose = {path.stem for path in SOURCE.glob("*.py")}
    assert loose <= TOP_LEVEL


def test_no_import_cycle_between_modules():
    graph: dict[str, set[str]] = {}
    names = {".".join(p.relative_to(SOURCE.parent).with_suffix("").parts).removesuffix(".__init__") for p in modules()}
    for path in modules():
        module = ".".join(path.relative_to(SOURCE.parent).with_suffix("").parts).removesuffix(".__init__")
        graph[module] = {name for name, _, _ in imports_of(path) if name in names and name != module}
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(trail[trail.index(nxt):] + [nxt]) if nxt in trail else f"{node} -> {nxt}")
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(SOURCE)))
def test_heavy_packages_are_not_imported_at_the_top_of_a_module(path):
    exempt = HEAVY_BY_PURPOSE.get(str(path.relative_to(SOURCE)), set())
    heavy_at_top = [f"{name} (line {line})" for name, line, top in imports_of(path)
                    if top and name.split(".")[0] in HEAVY - exempt]
    assert heavy_at_top == [], "import these inside the function that needs them"


def lazy_imports() -> set[tuple[str, str]]:
    """(module, imported module of mia) for each import of a mia module inside a function."""
    return {(str(path.relative_to(SOURCE)), name) for path in modules() for name, _, top in imports_of(path)
            if top is False and (name == "mia" or name.startswith("mia."))}


def test_every_lazy_import_of_a_mia_module_is_in_the_list_with_its_reason():
    unlisted = sorted(lazy_imports() - set(LAZY))
    assert unlisted == [], "import these at the top of the module, or add them to LAZY with the reason"


def test_every_entry_of_the_list_is_still_a_lazy_import():
    assert sorted(set(LAZY) - lazy_imports()) == []
    assert all(reason.strip() for reason in LAZY.values())


def test_the_lazy_check_catches_a_new_lazy_import(tmp_path, monkeypatch):
    """The test can fail: a module importing mia's model inside a function shows."""
    module = SOURCE / "core" / "library.py"
    text = module.read_text(encoding="utf-8") + "\n\ndef later():\n    from mia.model.ids import review_number\n"
    copy = tmp_path / "mia" / "core" / "library.py"
    copy.parent.mkdir(parents=True)
    copy.write_text(text, encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "SOURCE", tmp_path / "mia")
    assert ("core/library.py", "mia.model.ids") in lazy_imports()
    assert ("core/library.py", "mia.model.ids") not in LAZY


#: The most lines a command's body may hold (its docstring aside): parse, call the core, render.
COMMAND_BODY_LINES = 30


def long_commands(limit: int = COMMAND_BODY_LINES) -> list[str]:
    """Functions decorated as typer commands in cli/ whose body exceeds `limit` lines."""
    found = []
    for path in sorted((SOURCE / "cli").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any(
                isinstance(d, ast.Call) and getattr(d.func, "attr", "") == "command" for d in node.decorator_list
            ):
                body = node.body[1:] if ast.get_docstring(node) is not None else node.body
                length = node.end_lineno - body[0].lineno + 1
                if length > limit:
                    found.append(f"cli/{path.name}:{node.lineno} {node.name}: {length} lines")
    return found


def test_every_command_is_thin():
    """A command parses, calls one core function and renders: business rules live in core/."""
    assert long_commands() == []


def test_the_thin_check_sees_every_command():
    """The test can fail: at 5 lines, most commands are too long, and they are all found."""
    too_long = long_commands(5)
    assert any("listing_commands.py" in line and "list_reviews" in line for line in too_long)
    assert any("search_commands.py" in line and "lexicon_add" in line for line in too_long)  # a sub-app's command


def test_no_command_exits_with_a_literal_number():
    """Exit codes come from `ExitStatus`, mapped in one place (cli/app.py)."""
    literal_exits = []
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in ("Exit", "exit"):
                if any(isinstance(arg, ast.Constant) and isinstance(arg.value, int) for arg in node.args):
                    literal_exits.append(f"{path.relative_to(SOURCE)}:{node.lineno}")
    assert literal_exits == []
