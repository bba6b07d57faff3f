"""`mia reindex` extracts again the key results older rules found (core.evidence.reindex_store)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

import mia.evidence.extract as extract_module
from mia.cli import app
from mia.evidence import EXTRACTOR_VERSION

from conftest import SEED

runner = CliRunner()


def mia(*args: str):
    return runner.invoke(app, list(args))


def record(review_id: str) -> dict:
    return json.loads(mia("show", review_id, "--json").stdout)


def test_reindex_extracts_again_only_the_unchecked_results_of_older_rules(monkeypatch):
    from mia.core.library import open_store

    assert mia("add", str(SEED.parent)).exit_code == 0
    store = open_store()

    def older(n, checked, version):
        def change(review):
            results = dict(review.extra["key_results"], n=n, checked=checked)
            if version is None:
                results.pop("extractor")  # written before versions were recorded
            else:
                results["extractor"] = version
            review.extra["key_results"] = results
            return True
        return change

    store.update(["mia_review_40"], older(999, False, None))
    store.update(["mia_review_44"], older(998, False, EXTRACTOR_VERSION - 1))
    store.update(["mia_review_45"], older(777, True, None))  # a person's: kept whatever its age
    store.update(["mia_review_46"], older(555, False, EXTRACTOR_VERSION + 1))  # a newer mia's: kept
    before = {i: record(i) for i in ("mia_review_40", "mia_review_44")}

    monkeypatch.setattr("mia.core.evidence.REEXTRACT_BATCH", 1)  # one write per review: the index follows each
    calls = []
    real = extract_module.extract_key_results
    monkeypatch.setattr(extract_module, "extract_key_results", lambda *a, **k: calls.append(1) or real(*a, **k))
    result = mia("reindex")
    assert result.exit_code == 0, result.output
    assert "Indexed 20 reviews" in result.stdout
    assert "Extracted again the key results of 2 reviews that older rules had found: mia_review_40, mia_review_44." in result.stdout
    assert len(calls) == 2  # the 18 current reviews are not read again

    for review_id, was in before.items():
        now = record(review_id)
        assert now["key_results"]["n"] == 120 if review_id == "mia_review_40" else now["key_results"]["n"] != 998
        assert now["key_results"]["extractor"] == EXTRACTOR_VERSION and now["key_results"]["checked"] is False
        assert now["version"] == was["version"] and now["history"] == was["history"]  # no new version
    assert record("mia_review_45")["key_results"]["n"] == 777
    assert record("mia_review_46")["key_results"]["n"] == 555
    # the index follows the write: the forest reads the new N from it
    rows = {row["id"]: row for row in json.loads(mia("forest", "ITP", "--json").stdout)}
    assert rows["mia_review_40"]["n"] == 120
    from mia.core.evidence import stale_results
    from mia.core.stats import count_charts, review_stats
    from mia.search import cached_facets

    assert stale_results(open_store()) == []
    assert review_stats(open_store(), None) == count_charts(cached_facets(open_store(), rows_only=True), None)

    calls.clear()
    again = mia("reindex")
    assert "none extracted again" in again.stdout and calls == []


def test_the_index_facets_say_which_results_are_stale(monkeypatch):
    from mia.core.evidence import stale_results
    from mia.core.library import open_store

    assert mia("add", str(SEED)).exit_code == 0
    store = open_store()
    assert stale_results(store) == []

    def drop_version(review):
        review.extra["key_results"].pop("extractor")
        return True

    store.update(["mia_review_40"], drop_version)
    assert stale_results(store) == ["mia_review_40"]
    store.derived_path(".index.sqlite").unlink()  # no index: from the records
    assert stale_results(store) == ["mia_review_40"]


def test_doctor_deep_counts_the_key_results_older_rules_found():
    from mia.core.library import open_store

    assert mia("add", str(SEED.parent)).exit_code == 0
    assert "older version of mia's rules" not in mia("doctor", "--deep").stdout

    def older(review):
        review.extra["key_results"]["extractor"] = EXTRACTOR_VERSION - 1
        return True

    open_store().update(["mia_review_40", "mia_review_44"], older)
    result = mia("doctor", "--deep")
    assert result.exit_code == 0, result.output
    assert "2 review(s) have key results an older version of mia's rules found" in result.stdout
    assert "`mia reindex` extracts them again" in result.stdout
    assert "older version" not in mia("doctor").stdout  # the quick check does not read them
    mia("reindex")
    assert "older version" not in mia("doctor", "--deep").stdout
