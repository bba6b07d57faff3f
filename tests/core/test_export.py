"""Export: JSON and Markdown go back in and lose nothing; CSV opens in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from mia.cli import app
from mia.importers.compte_rendu import parse_compte_rendu
from mia.model.review import Section
from mia.store.review_store import Store

from conftest import SEED

runner = CliRunner()


def mia(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.fixture
def rich_store(store_path) -> Store:
    """A store whose reviews have everything a round trip could lose: an earlier version,
    resolved metadata, a field of a later mia, a title that looks like a date, odd text."""
    store = Store(store_path)
    seed = parse_compte_rendu(SEED.read_text(encoding="utf-8"), source_name=SEED.name).review
    seed.source = {"name": SEED.name, "sha256": "0" * 64, "format": "compte-rendu"}
    store.add(seed)
    changed = store.get("mia_review_40")
    changed.sections[0].text += "\n\n## Ajout: une ligne qui ressemble à un titre, et --> une flèche."
    changed.version, changed.version_date = "V1", "2026-01-10"
    store.add(changed, replace=True)

    def resolve(resolved):
        resolved.article.metadata = {"title": ["Mycophenolate Mofetil"], "issued": {"date-parts": [[2021, 9, 2]]}, "page": "1", "source": "x", "fetched": "2026-01-11T00:00:00Z"}
        resolved.extra = {"reading_group": {"members": 12}}
        return True

    store.update(["mia_review_40"], resolve)
    other = parse_compte_rendu(SEED.read_text(encoding="utf-8"), source_name=SEED.name).review
    other.id, other.title = "mia_review_7", "2021-10-30"
    other.authors, other.keywords = ["=HYPERLINK(\"http://x\")", "Dupont, J."], ["-5%", "TPI"]
    other.sections = [Section("Introduction", "  indented first line\n\n\tand a tab"), Section("", "no heading")]
    store.add(other)
    return store


def test_json_round_trip_into_an_empty_store_loses_nothing(rich_store, tmp_path):
    exported = tmp_path / "all.json"
    result = mia("export", "--format", "json", "--output", str(exported))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Exported 2 reviews to {exported} (json).\n"
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert document["format"] == "mia-reviews" and document["format_version"] == 1
    assert [r["id"] for r in document["reviews"]] == ["mia_review_7", "mia_review_40"]

    empty = tmp_path / "empty.json"
    added = mia("--store", str(empty), "add", str(exported))
    assert added.exit_code == 0, added.output
    assert "Added mia_review_40 from all.json." in added.stdout
    assert Store(empty).records() == rich_store.records()
    assert len(Store(empty).get_record("mia_review_40")["history"]) == 1


def test_markdown_round_trip_into_an_empty_store_loses_nothing(rich_store, tmp_path):
    folder = tmp_path / "md"
    result = mia("export", "--format", "markdown", "--output", str(folder))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["mia_review_40.md", "mia_review_7.md"]

    empty = tmp_path / "empty.json"
    added = mia("--store", str(empty), "add", str(folder))
    assert added.exit_code == 0, added.output
    assert "Added 2, unchanged 0, failed 0." in added.stdout
    assert Store(empty).records() == rich_store.records()


def test_adding_an_export_back_to_its_own_store_changes_nothing(rich_store, tmp_path):
    mia("export", "-f", "markdown", "-o", str(tmp_path / "md"))
    before = rich_store.path.read_bytes()
    again = mia("add", str(tmp_path / "md"))
    assert again.exit_code == 0
    assert "mia_review_40 is already in the store, unchanged (mia_review_40.md)." in again.stdout
    assert rich_store.path.read_bytes() == before


def test_an_exported_file_edited_by_hand_is_a_new_version_with_replace(rich_store, tmp_path):
    mia("export", "40", "-f", "markdown", "-o", str(tmp_path / "md"))
    file = tmp_path / "md" / "mia_review_40.md"
    file.write_text(file.read_text(encoding="utf-8").replace("La TPI se caractérise", "La TPI (ITP) se caractérise"), encoding="utf-8")
    refused = mia("add", str(file))
    assert refused.exit_code == 2 and "already exists in the store with other content" in refused.stderr
    replaced = mia("add", "--replace", str(file))
    assert replaced.exit_code == 0 and "Replaced mia_review_40" in replaced.stdout
    record = rich_store.get_record("mia_review_40")
    assert record["sections"][0]["text"].startswith("La TPI (ITP) se caractérise")
    assert len(record["history"]) == 2


def test_export_of_chosen_reviews_and_to_standard_output(rich_store):
    result = mia("export", "40")
    assert result.exit_code == 0
    document = json.loads(result.stdout)  # nothing but JSON on stdout
    assert [r["id"] for r in document["reviews"]] == ["mia_review_40"]
    assert result.stderr == "Exported 1 review (json).\n"


def test_an_unknown_id_writes_nothing(rich_store, tmp_path):
    result = mia("export", "40", "99", "-o", str(tmp_path / "x.json"))
    assert result.exit_code == 1 and "There is no review mia_review_99" in result.stderr
    assert not (tmp_path / "x.json").exists()


def test_markdown_needs_a_folder_and_an_empty_store_has_nothing_to_export(tmp_path):
    assert mia("export").exit_code == 1
    Store(tmp_path / "store" / "reviews.json")  # still empty
    result = mia("export", "-f", "markdown")
    assert result.exit_code == 1 and "no review to export" in result.stderr


def test_a_markdown_export_without_output_says_to_give_a_folder(rich_store):
    result = mia("export", "-f", "markdown")
    assert result.exit_code == 2 and "--output" in result.stderr


def test_an_unknown_format_is_refused(rich_store):
    result = mia("export", "-f", "xlsx")
    assert result.exit_code == 2 and "'xlsx' is not an export format" in result.stderr


def test_csv_opens_in_a_spreadsheet(rich_store, tmp_path):
    path = tmp_path / "reviews.csv"
    result = mia("export", "--format", "csv", "--output", str(path))
    assert result.exit_code == 0, result.output
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the accents right
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [row["id"] for row in rows] == ["mia_review_7", "mia_review_40"]
    seed = rows[1]
    assert seed["title"] == "Thrombocytopénie immune: A new hope!"
    assert seed["keywords"] == "Thrombocytopénie immune; Mycophenolate mofetil"
    assert seed["doi"] == "10.1056/NEJMoa2100596" and seed["journal"] == "NEJM" and seed["article_date"] == "2021-09-02"
    assert seed["article_authors"] == "C. A. Bradbury et al."
    assert seed["design"] == seed["primary_value"] == ""  # (this store's reviews have no key results)
    assert seed["sections"].startswith("Introduction\nLa TPI se caractérise")
    assert "\n\nDiscussion\nCette étude montre" in seed["sections"]
    # Text that a spreadsheet would run as a formula is kept as text.
    assert rows[0]["authors"] == "'=HYPERLINK(\"http://x\"); Dupont, J."
    assert rows[0]["keywords"] == "'-5%; TPI"


def test_csv_carries_the_key_results(tmp_path, store_path):
    assert mia("add", str(SEED)).exit_code == 0
    path = tmp_path / "reviews.csv"
    assert mia("export", "--format", "csv", "--output", str(path)).exit_code == 0
    (row,) = csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig")))
    assert (row["design"], row["n"], row["primary_measure"], row["primary_value"], row["primary_ci_low"],
            row["primary_ci_high"], row["primary_p"], row["results_checked"]) == (
        "rct; open-label; multicentre", "120", "HR", "0.41", "0.21", "0.8", "0.008", "no")
    from mia.core.export import _cell

    assert _cell(-5.6) == "-5.6" and _cell("-5%") == "'-5%"  # a number stays a number; text stays text


def test_a_csv_for_excel_in_french_reads_back_with_every_character(tmp_path, store_path):
    """French Excel splits a CSV at ';' and reads UTF-8 without a BOM as Windows-1252: `--excel`
    writes what it opens as it is, and what any CSV reader reads back exactly."""
    assert mia("add", str(SEED)).exit_code == 0
    store = Store(store_path)
    odd = store.get("mia_review_40")
    odd.id, odd.title = "mia_review_41", 'Étude « PRÉVENIR » ; le "bras" contrôle'
    odd.authors = ["Dupont, J.", "Lefèvre; M."]
    odd.sections = [Section("Résultats", 'Première ligne ; "citée"\nseconde ligne,\r\ntroisième'), Section("", "fin")]
    store.add(odd)
    path = tmp_path / "reviews.csv"
    result = mia("export", "--excel", "-o", str(path))  # --excel alone: a CSV
    assert result.exit_code == 0, result.output
    assert "(csv for Excel: ';' between columns, decimal commas)" in result.stdout
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid;version;version_date;title;")  # BOM, then ';' between columns
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert [row["id"] for row in rows] == ["mia_review_40", "mia_review_41"]
    seed, other = rows
    assert other["title"] == 'Étude « PRÉVENIR » ; le "bras" contrôle'
    assert other["authors"] == "Dupont, J.; Lefèvre; M."
    assert other["sections"] == 'Résultats\nPremière ligne ; "citée"\nseconde ligne,\r\ntroisième\n\nfin'
    assert seed["title"] == "Thrombocytopénie immune: A new hope!"
    assert seed["sections"].startswith("Introduction\nLa TPI se caractérise")
    # numbers with a decimal comma (Excel in French reads 0.41 as text, 1.5 as the 1st of May)
    assert (seed["n"], seed["primary_value"], seed["primary_ci_low"], seed["primary_ci_high"], seed["primary_p"]) == (
        "120", "0,41", "0,21", "0,8", "0,008")

    # on standard output (`mia export --excel > reviews.csv`) the BOM stays; a plain CSV has none there
    piped = runner.invoke(app, ["export", "--excel", "40"])
    assert piped.stdout_bytes.startswith(b"\xef\xbb\xbfid;version;")
    assert runner.invoke(app, ["export", "-f", "csv", "40"]).stdout_bytes.startswith(b"id,version,")
    refused = mia("export", "-f", "json", "--excel")
    assert refused.exit_code == 2 and "--excel writes a CSV, not json." in refused.stderr
    assert "--excel" in mia("export", "--help").stdout


def test_json_import_names_the_bad_record_and_field_and_stores_none(tmp_path, store_path):
    good = {"id": "mia_review_1", "title": "Bon", "sections": [{"heading": "A", "text": "x"}]}
    bad_date = dict(good, id="mia_review_2", published="30.10.2021")
    no_title = {"id": "mia_review_3", "sections": []}
    file = tmp_path / "reviews.json"
    file.write_text(json.dumps({"format": "mia-reviews", "format_version": 1, "reviews": [good, bad_date, no_title]}), encoding="utf-8")
    result = mia("add", str(file))
    assert result.exit_code == 2
    assert "reviews.json: 2 of its 3 records cannot be imported, so none was:" in result.stderr
    assert "record 2 (mia_review_2): 'published' must be a date of the form YYYY-MM-DD, not '30.10.2021'." in result.stderr
    assert "record 3 (mia_review_3): The review record has no 'title'." in result.stderr
    assert not store_path.exists() or Store(store_path).records() == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"format": "mia-reviews", "format_version": 1, "reviews": [', "x.json is not valid JSON: Expecting value at line 1, column 60."),
        ('{"format": "other", "reviews": []}', "x.json is not a mia export (its 'format' is 'other'"),
        ('{"format": "mia-reviews", "format_version": 9, "reviews": []}', "x.json is a mia export of format version 9"),
        ('{"hello": 1}', "x.json holds no review"),
        ("[]", "x.json holds no review (its list of records is empty)."),
        ('[{"id": "mia_review_1", "title": "A", "sections": [{"heading": "A", "text": ""}]}, {"id": "mia_review_1", "title": "B", "sections": [{"heading": "A", "text": ""}]}]',
         "record 2 (mia_review_1): the id mia_review_1 is also record 1's."),
    ],
    ids=["broken json", "foreign format", "newer format", "no reviews", "empty list", "same id twice"],
)
def test_json_files_that_are_not_exports_say_why(tmp_path, content, expected):
    file = tmp_path / "x.json"
    file.write_text(content, encoding="utf-8")
    result = mia("add", str(file))
    assert result.exit_code == 2
    assert expected in result.stderr, result.stderr


def test_what_list_and_show_print_can_be_added_back(rich_store, tmp_path):
    (tmp_path / "list.json").write_text(mia("list", "--json").stdout, encoding="utf-8")
    (tmp_path / "one.json").write_text(mia("show", "7", "--json").stdout, encoding="utf-8")
    for name in ("list.json", "one.json"):
        other = tmp_path / f"{name}.store.json"
        assert mia("--store", str(other), "add", str(tmp_path / name)).exit_code == 0
        for record in Store(other).records():
            assert record == rich_store.get_record(record["id"])


def test_a_bulk_export_shows_no_bar_when_piped_and_ends_with_a_summary(rich_store, tmp_path):
    for number in range(100, 130):
        review = rich_store.get("mia_review_7")
        review.id, review.added, review.updated, review.history = f"mia_review_{number}", "", "", []
        rich_store.add(review)
    result = mia("export", "-f", "markdown", "-o", str(tmp_path / "md"))
    assert result.exit_code == 0
    assert result.stderr == ""  # no progress bar on a pipe
    assert result.stdout == f"Exported 32 reviews to {tmp_path / 'md'}/ (markdown, one file per review).\n"


def test_export_reports_its_progress_review_by_review(rich_store, tmp_path):
    from mia.core.export import export_reviews

    for fmt, output in (("markdown", tmp_path / "md"), ("csv", tmp_path / "r.csv"), ("json", tmp_path / "r.json")):
        calls = []
        report = export_reviews(rich_store, None, fmt, output, progress=lambda done, total: calls.append((done, total)))
        assert report.count == 2 and calls[-1] == (2, 2), fmt
