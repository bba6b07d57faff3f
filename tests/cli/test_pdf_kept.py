"""The original PDF stays with its review: kept beside the store (once per content), named in
the record, shown by `mia show`, opened by `mia open ID --pdf`, carried by export and import,
and deleted by `mia rm --purge` once no review uses it."""

from __future__ import annotations

import hashlib
import json
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mia.cli import app

from conftest import SEED

runner = CliRunner()


def mia(*args: str):
    return runner.invoke(app, list(args))


def review_pdf(path: Path, review_id: str = "mia_review_40", extra_line: str = "") -> Path:
    """The seed review as a PDF (Helvetica: what Latin-1 cannot hold becomes '?')."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=8)
    text = SEED.read_text(encoding="utf-8").replace("mia_review_40", review_id)
    for line in (text + extra_line).splitlines():
        pdf.cell(0, 4, line.encode("latin-1", errors="replace").decode("latin-1"), new_x="LMARGIN", new_y="NEXT")
    path.write_bytes(bytes(pdf.output()))
    return path


def kept_files(store_path: Path) -> list[str]:
    folder = store_path.with_name(store_path.name + ".files")
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_add_keeps_one_copy_of_the_pdf_and_the_record_names_it(tmp_path, store_path):
    pdf = review_pdf(tmp_path / "mia_review_40.pdf")
    assert mia("add", str(pdf)).exit_code == 0
    assert mia("add", str(pdf)).output == "mia_review_40 is already in the store, unchanged (mia_review_40.pdf).\n"
    assert kept_files(store_path) == [f"{sha256(pdf)}.pdf"]
    record = json.loads(mia("show", "40", "--json").output)
    assert record["pdf"] == {"sha256": sha256(pdf), "name": "mia_review_40.pdf", "size": pdf.stat().st_size}


def test_a_replaced_pdf_keeps_both_versions_files(tmp_path, store_path):
    (tmp_path / "a").mkdir()
    first = review_pdf(tmp_path / "a" / "mia_review_40.pdf")
    second = review_pdf(tmp_path / "mia_review_40.pdf", extra_line="\nUne phrase de plus.")
    assert mia("add", str(first)).exit_code == 0
    assert mia("add", "--replace", str(second)).exit_code == 0
    assert kept_files(store_path) == sorted([f"{sha256(first)}.pdf", f"{sha256(second)}.pdf"])


def test_a_review_from_text_has_no_pdf_and_old_records_read_as_before(tmp_path, store_path):
    assert mia("add", str(SEED)).exit_code == 0
    assert "pdf" not in json.loads(mia("show", "40", "--json").output)
    assert "PDF:" not in mia("show", "40").output
    assert kept_files(store_path) == []
    result = mia("open", "40", "--pdf")
    assert result.exit_code == 1
    assert "mia_review_40 was not imported from a PDF, so mia keeps no PDF for it." in result.output


def test_a_refused_pdf_keeps_nothing(tmp_path, store_path):
    bad = tmp_path / "mia_review_40.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot really")
    assert mia("add", str(bad)).exit_code == 2
    assert kept_files(store_path) == []


def test_show_says_where_the_pdf_is(tmp_path, store_path):
    pdf = review_pdf(tmp_path / "mia_review_40.pdf")
    mia("add", str(pdf))
    kept = store_path.with_name("reviews.json.files") / f"{sha256(pdf)}.pdf"
    assert mia("show", "40").output.endswith(
        f"PDF: mia_review_40.pdf, kept at {kept} (mia open mia_review_40 --pdf opens it)\n")
    kept.unlink()
    assert mia("show", "40").output.endswith(
        f"PDF: mia_review_40.pdf is missing from {kept.parent} (add the PDF again to keep it)\n")


def test_open_pdf_runs_the_opener_on_the_kept_file(tmp_path, store_path, monkeypatch):
    pdf = review_pdf(tmp_path / "mia_review_40.pdf")
    mia("add", str(pdf))
    opener = tmp_path / "opener.sh"
    opened = tmp_path / "opened.txt"
    opener.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{opened}"\n', encoding="utf-8")
    opener.chmod(opener.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("MIA_OPENER", str(opener))
    result = mia("open", "40", "--pdf")
    kept = store_path.with_name("reviews.json.files") / f"{sha256(pdf)}.pdf"
    assert result.exit_code == 0
    assert result.output == f"{kept}\n"
    assert opened.read_text(encoding="utf-8") == str(kept)


def test_open_pdf_without_an_opener_prints_the_path(tmp_path, store_path, monkeypatch):
    pdf = review_pdf(tmp_path / "mia_review_40.pdf")
    mia("add", str(pdf))
    monkeypatch.setenv("MIA_OPENER", "no-such-opener-anywhere")
    result = mia("open", "40", "--pdf")
    assert result.exit_code == 0
    kept = store_path.with_name("reviews.json.files") / f"{sha256(pdf)}.pdf"
    assert result.output.startswith(f"{kept}\n")
    assert "No program to open PDFs was found; open the file above by hand" in result.output


@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_export_carries_the_pdf_and_import_keeps_it_again(tmp_path, store_path, monkeypatch, fmt):
    pdf = review_pdf(tmp_path / "mia_review_40.pdf")
    mia("add", str(pdf))
    target = tmp_path / "out" / ("reviews.json" if fmt == "json" else "md")
    result = mia("export", "--format", fmt, "-o", str(target))
    assert result.exit_code == 0
    carried = (target.parent if fmt == "json" else target) / "mia-files"
    assert f"With 1 original PDF(s) in {carried}/" in result.output
    assert [p.name for p in carried.iterdir()] == [f"{sha256(pdf)}.pdf"]
    other = tmp_path / "other" / "reviews.json"
    monkeypatch.setenv("MIA_STORE", str(other))
    assert mia("add", str(target)).exit_code == 0
    assert kept_files(other) == [f"{sha256(pdf)}.pdf"]
    assert json.loads(mia("show", "40", "--json").output)["pdf"]["sha256"] == sha256(pdf)


def test_an_export_without_its_pdfs_imports_without_them_and_says_so(tmp_path, store_path, monkeypatch):
    pdf = review_pdf(tmp_path / "mia_review_40.pdf")
    mia("add", str(pdf))
    target = tmp_path / "out" / "reviews.json"
    mia("export", "-o", str(target))
    for carried in (target.parent / "mia-files").iterdir():
        carried.unlink()
    other = tmp_path / "other" / "reviews.json"
    monkeypatch.setenv("MIA_STORE", str(other))
    result = mia("add", str(target))
    assert result.exit_code == 0
    assert "its original PDF (mia_review_40.pdf) is not in mia-files/ beside the file, so it was imported without it." in result.output
    assert "pdf" not in json.loads(mia("show", "40", "--json").output)


def test_rm_purge_deletes_the_pdf_once_no_review_uses_it(tmp_path, store_path):
    pdf40 = review_pdf(tmp_path / "mia_review_40.pdf")
    pdf41 = review_pdf(tmp_path / "mia_review_41.pdf", review_id="mia_review_41")
    mia("add", str(pdf40), str(pdf41))
    assert mia("rm", "-y", "40").exit_code == 0
    assert len(kept_files(store_path)) == 2  # in the trash, the review can come back with its PDF
    result = mia("rm", "--purge", "-y")
    assert result.output == "Deleted 1 review(s) from the trash for good, and 1 original PDF(s) no other review uses.\n"
    assert kept_files(store_path) == [f"{sha256(pdf41)}.pdf"]


def test_an_edit_keeps_the_pdf(tmp_path, store_path, monkeypatch):
    pdf = review_pdf(tmp_path / "mia_review_40.pdf")
    mia("add", str(pdf))
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nsed -i "s/^title: .*/title: Un autre titre/" "$1"\n', encoding="utf-8")
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("EDITOR", str(editor))
    result = mia("edit", "40")
    assert result.exit_code == 0, result.output
    record = json.loads(mia("show", "40", "--json").output)
    assert record["title"] == "Un autre titre"
    assert record["pdf"]["sha256"] == sha256(pdf)
