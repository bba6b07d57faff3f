"""mia.evidence imports nothing from mia but mia.evidence itself and the base every part stands on,
mia.base (the rest of the package moves around it)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "mia" / "evidence"


def test_evidence_imports_only_itself_and_the_base_from_mia():
    files = sorted(PACKAGE.glob("*.py"))
    assert files
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert node.level == 0, f"{path.name}: relative import"
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                if name == "mia" or name.startswith("mia."):
                    assert name.startswith(("mia.evidence", "mia.base")), f"{path.name} imports {name}"
