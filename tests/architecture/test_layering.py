"""The layering of docs/ARCHITECTURE.md, checked on the source: every `import` of a mia module,
at the top of a module or inside a function, must go down the layers, never up or across
against the rules below. The rules are data (ALLOWED), the same table as the map's."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[2] / "src" / "mia"

#: Each part (a package of mia) and the parts it may import. A part may always import itself.
ALLOWED: dict[str, set[str]] = {
    "base": set(),
    "model": {"base"},
    "lexicon": {"base"},
    "store": {"base", "model"},
    "evidence": set(),
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


def test_no_command_exits_with_a_literal_number():
    """Exit codes come from `ExitStatus`, mapped in one place (cli/app.py)."""
    literal_exits = []
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in ("Exit", "exit"):
                if any(isinstance(arg, ast.Constant) and isinstance(arg.value, int) for arg in node.args):
                    literal_exits.append(f"{path.relative_to(SOURCE)}:{node.lineno}")
    assert literal_exits == []
