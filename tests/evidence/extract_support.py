"""What the tests of each extractor version ask of a review given as its methods and results."""

from __future__ import annotations

from mia.evidence.extract import extract_key_results


def extracted(methods: str, results: str) -> dict:
    """The key results of a review of two sections, `Méthode` and `Résultats`."""
    return extract_key_results([("Méthode", methods), ("Résultats", results)])


def primary_of(methods: str, results: str) -> tuple:
    """The primary effect's (measure, value, ci_low, ci_high); fails, showing the flags, if none."""
    found = extracted(methods, results)
    primary = found["primary"]
    assert primary is not None, found["flags"]
    return primary["measure"], primary["value"], primary["ci_low"], primary["ci_high"]
