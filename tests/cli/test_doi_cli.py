"""The DOI commands as a user types them, against local replays of Crossref and doi.org."""

from __future__ import annotations

import json
import time

import bibtexparser
import pytest
from conftest import SEED
from replay_server import PLOS_WORKS, Reply, recorded, refused_url, services  # noqa: F401
from typer.testing import CliRunner

from mia.cli import app

runner = CliRunner()
PLOS = "10.1371/JOURNAL.PONE.0033693"
PLOS_PATH = f"/works/{PLOS}"
NEJM_PATH = "/works/10.1056/NEJMoa2100596"
PLOS_TITLE = "Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of Microglia in the Basal Ganglia of Mice"
PLOS_VANCOUVER = (
    f"Sadasivan S, Pond BB, Pani AK, Qu C, Jiao Y, Smeyne RJ. {PLOS_TITLE}. PLoS One. 2012;7(3):e33693."
)


def mia(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.fixture
def plos_file(tmp_path):
    """The sample compte-rendu, rewritten to review the PLOS ONE article, its DOI as a link in capitals."""
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("mia_review_40", "mia_review_41")
    text = text.replace("Mycophenolate Mofetil for First-Line Treatment of Immune Thrombocytopenia", PLOS_TITLE)
    text = text.replace("C. A. Bradbury et al., NEJM, 02.09.2021", "S. Sadasivan et al., PLoS One, 21.03.2012")
    text = text.replace("DOI: 10.1056/NEJMoa2100596", f"DOI: https://doi.org/{PLOS}")
    path = tmp_path / "mia_review_41.txt"
    path.write_text(text, encoding="utf-8")
    return path


def stored(review_id: str) -> dict:
    return json.loads(mia("show", review_id, "--json").stdout)


def test_add_then_cite_in_every_format(services, plos_file):
    """The issue's 'done when': add resolves the DOI written as a link, cite prints the references."""
    services.crossref.add(PLOS_PATH, recorded(PLOS_WORKS))

    added = mia("add", str(plos_file))
    assert added.exit_code == 0, added.output
    assert added.stderr == ""
    metadata = stored("41")["article"]["metadata"]
    assert metadata["title"] == PLOS_TITLE
    assert metadata["DOI"] == "10.1371/journal.pone.0033693"
    assert len(metadata["author"]) == 6
    assert metadata["source"] == services.crossref.url + PLOS_PATH
    assert metadata["fetched"].endswith("Z")

    assert mia("cite", "41").stdout == PLOS_VANCOUVER + "\n"
    [entry] = bibtexparser.loads(mia("cite", "41", "--format", "bibtex").stdout).entries
    assert (entry["ID"], entry["journal"], entry["volume"], entry["pages"]) == ("sadasivan2012methylphenidate", "PLoS ONE", "7", "e33693")
    ris = mia("cite", "41", "--format", "ris").stdout.splitlines()
    assert ris[0] == "TY  - JOUR" and ris[-1] == "ER  - "
    assert {"AU  - Sadasivan, Shankar", f"TI  - {PLOS_TITLE}", "JO  - PLoS One", "PY  - 2012", "VL  - 7",
            "IS  - 3", "SP  - e33693", "DO  - 10.1371/journal.pone.0033693"} <= set(ris)
    [item] = json.loads(mia("cite", "41", "--format", "csl-json").stdout)
    assert (item["id"], item["type"], item["title"]) == ("sadasivan2012methylphenidate", "article-journal", PLOS_TITLE)
    assert len(services.crossref.received) == 1  # citing never asks the network


def test_show_gives_the_reference_and_list_the_abbreviation(services, plos_file):
    services.crossref.add(PLOS_PATH, recorded(PLOS_WORKS))
    mia("add", str(plos_file))
    shown = " ".join(mia("show", "41").stdout.split())
    assert PLOS_VANCOUVER in shown
    assert "PLoS One" in mia("list").stdout


def test_a_service_that_never_answers_stores_the_review_with_one_warning(services, plos_file, monkeypatch):
    monkeypatch.setenv("MIA_HTTP_TIMEOUT", "0.5")
    services.crossref.add(PLOS_PATH, Reply(hang=True))

    started = time.monotonic()
    added = mia("add", str(plos_file))
    assert time.monotonic() - started < 3
    assert added.exit_code == 0
    assert "Added mia_review_41" in added.stdout
    assert added.stderr == (
        f"Warning: mia_review_41: its DOI {PLOS} could not be resolved (timed out); "
        "the review is stored; run `mia resolve mia_review_41` to try again.\n"
    )
    assert stored("41")["article"]["metadata"] is None

    services.crossref.add(PLOS_PATH, recorded(PLOS_WORKS))  # the service is back
    resolved = mia("resolve", "mia_review_41")
    assert resolved.exit_code == 0
    assert resolved.stdout == f"Resolved mia_review_41: {PLOS_VANCOUVER}\n"
    assert stored("41")["article"]["metadata"]["title"] == PLOS_TITLE


@pytest.mark.parametrize("how", ["env", "option"])
def test_offline_add_asks_nothing(services, plos_file, monkeypatch, how):
    services.crossref.add(PLOS_PATH, recorded(PLOS_WORKS))
    if how == "env":
        monkeypatch.setenv("MIA_OFFLINE", "1")
        added = mia("add", str(plos_file))
    else:
        added = mia("add", "--offline", str(plos_file))
    assert added.exit_code == 0 and added.stderr == ""
    assert services.crossref.received == [] and services.doi.received == []
    assert stored("41")["article"]["metadata"] is None


# -- mia resolve ----------------------------------------------------------------------------


@pytest.fixture
def sample(services):
    """The bundled sample stored without resolution (MIA_OFFLINE during the add only)."""
    assert mia("add", "--offline", str(SEED)).exit_code == 0
    return services


def test_resolve_asks_once_unless_refresh(sample):
    sample.crossref.add(NEJM_PATH, recorded(PLOS_WORKS))  # any Crossref answer will do here
    assert mia("resolve", "40").exit_code == 0
    again = mia("resolve", "40")
    assert again.exit_code == 0
    assert again.stdout == "mia_review_40 was resolved before (--refresh asks again).\n"
    assert len(sample.crossref.received) == 1
    assert mia("resolve", "40", "--refresh").exit_code == 0
    assert len(sample.crossref.received) == 2


def test_resolve_warns_when_the_doi_leads_to_another_article(sample):
    sample.crossref.add(NEJM_PATH, recorded(PLOS_WORKS))  # as if the DOI were mistyped
    resolved = mia("resolve", "40")
    assert resolved.exit_code == 0
    assert (
        "Warning: mia_review_40: The DOI 10.1056/NEJMoa2100596 is an article whose first author is Sadasivan, "
        "but the compte-rendu says Bradbury: is the DOI right?"
    ) in resolved.stderr
    shown = " ".join(mia("show", "40").stdout.split())
    assert "is an article of 2012, but the compte-rendu says 2021: is the DOI right?" in shown
    assert "is an article of PLoS ONE, but the compte-rendu says NEJM: is the DOI right?" in shown


def test_resolve_exits_3_naming_an_unreachable_service(sample, monkeypatch):
    monkeypatch.setenv("MIA_CROSSREF_URL", refused_url())
    result = mia("resolve", "40")
    assert result.exit_code == 3
    assert "could not be resolved" in result.stderr and "is unreachable" in result.stderr
    assert "Traceback" not in result.output


def test_a_network_failure_is_said_once_for_a_whole_batch(sample, plos_file, monkeypatch):
    assert mia("add", "--offline", str(plos_file)).exit_code == 0
    monkeypatch.setenv("MIA_CROSSREF_URL", refused_url())
    result = mia("resolve", "--all")
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Error: mia_review_40: The DOI 10.1056/NEJMoa2100596 could not be resolved: 127.0.0.1:")
    assert lines[0].endswith(" is unreachable.")
    assert lines[-1] == "Error: 1 more review was not tried for the same reason (unreachable): mia_review_41."


def test_resolve_exits_3_when_the_service_times_out(sample, monkeypatch):
    monkeypatch.setenv("MIA_HTTP_TIMEOUT", "0.5")
    sample.crossref.add(NEJM_PATH, Reply(hang=True))
    result = mia("resolve", "40")
    assert result.exit_code == 3
    assert "timed out" in result.stderr


def test_resolve_exits_1_for_a_doi_that_does_not_exist(sample):
    sample.crossref.add(NEJM_PATH, recorded("errors/02_crossref_works_404_unknown-doi"))
    sample.doi.add("/10.1056/NEJMoa2100596", recorded("errors/01_doiorg_404_unknown-doi"))
    result = mia("resolve", "40")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: mia_review_40: The DOI 10.1056/NEJMoa2100596 does not exist: neither Crossref nor doi.org knows it."
    )
    assert "<html" not in result.output


def test_resolve_offline_asks_nothing_and_says_so(sample):
    result = mia("resolve", "--offline", "--all")
    assert result.exit_code == 3
    assert "mia is offline" in result.stderr
    assert sample.crossref.received == []


def test_resolve_needs_ids_or_all(sample):
    result = mia("resolve")
    assert result.exit_code == 2 and "--all" in result.stderr
    assert mia("resolve", "99").exit_code == 1


def test_the_user_agent_carries_the_mailto(sample, monkeypatch):
    monkeypatch.setenv("MIA_MAILTO", "club@example.org")
    sample.crossref.add(NEJM_PATH, recorded(PLOS_WORKS))
    mia("resolve", "40")
    assert sample.crossref.received[0].headers["user-agent"].endswith("(mailto:club@example.org)")


# -- mia cite, mia open ------------------------------------------------------------------------


def test_cite_an_unresolved_review_from_the_compte_rendu(sample):
    result = mia("cite", "40")
    assert result.exit_code == 0
    assert result.stdout == (
        "Bradbury CA, et al. Mycophenolate Mofetil for First-Line Treatment of Immune Thrombocytopenia. "
        "N Engl J Med. 2021.\n"
    )  # (stdout: the reference alone, to paste; stderr: that it lacks volume and pages)
    assert "without volume and pages: mia resolve mia_review_40 fetches" in result.stderr
    assert mia("cite", "--all", "--format", "bibtex").stdout.startswith("@article{bradbury2021mycophenolate,\n")
    assert mia("cite", "41").exit_code == 1
    assert mia("cite", "40", "--format", "apa").exit_code == 2


def test_open_prints_and_opens_the_doi_link(sample, monkeypatch):
    opened = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    result = mia("open", "40")
    assert result.exit_code == 0
    assert result.stdout == "https://doi.org/10.1056/NEJMoa2100596\n"
    assert opened == ["https://doi.org/10.1056/NEJMoa2100596"]
    assert sample.crossref.received == []


# -- mia add --doi (the guided entry itself is tested in test_authoring_cli.py) -------------------


def test_add_from_an_invalid_doi_is_bad_input_naming_it(sample):
    result = mia("add", "--doi", "10.1056 NEJM")
    assert result.exit_code == 2
    assert "'10.1056 NEJM' is not a valid DOI." in result.stderr
