"""The README's samples are mia's real output (issue 18, item 10): `tools/readme_samples.py`
runs their commands on the bundled sample, and the README must hold exactly what it makes.
The "Everyday questions" commands are among them, so each of those is run too."""

from __future__ import annotations

import importlib.util
import sys

from conftest import REPO


def load_script():
    spec = importlib.util.spec_from_file_location("readme_samples", REPO / "tools" / "readme_samples.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # (its dataclass looks its module up there)
    spec.loader.exec_module(module)
    return module


def test_the_readme_samples_are_what_mia_prints():
    script = load_script()
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    texts = script.run_samples()
    assert set(texts) == {found.group("name") for found in script.MARKER.finditer(readme)}
    for name, text in texts.items():
        assert f"<!-- sample: {name} -->\n```\n{text}```\n" in readme, (
            f"README.md's sample {name!r} is not mia's output: run python tools/readme_samples.py"
        )
    everyday = texts["everyday"]
    for answer in ("OK: The store is ~/club/reviews.json.", "Exported 21 reviews to backup.json",
                   "mia_review_40: 1 version(s)", "Moved mia_review_45 to the trash", "Restored mia_review_45."):
        assert answer in everyday
    assert "Error" not in everyday
    # The cite sample resolved its DOI against the local replay of Crossref (else cite has no authors).
    assert "Sadasivan S, Pond BB" in texts["cite"] and "doi = {10.1371/journal.pone.0033693}" in texts["cite"]


def test_a_sample_that_differs_is_rewritten_and_only_it():
    script = load_script()
    readme = "intro\n<!-- sample: a -->\n```\n$ mia old\nstale\n```\ntext\n<!-- sample: b -->\n```\n$ mia b\nb\n```\n"
    assert script.readme_with(readme, {"a": "$ mia new\nfresh\n", "b": "$ mia b\nb\n"}) == (
        "intro\n<!-- sample: a -->\n```\n$ mia new\nfresh\n```\ntext\n<!-- sample: b -->\n```\n$ mia b\nb\n```\n"
    )
