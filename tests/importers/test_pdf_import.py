"""PDF import: the club's PDFs read like their text; scans, protected and damaged PDFs say why not.

The PDFs are generated here with fpdf2. Their font is built here too, with fontTools (which
fpdf2 itself depends on): every character of the text gets a plain box glyph and its Unicode
mapping, which is all text extraction needs. A system font (DejaVu) is not on every machine and
fpdf2 ships none, so a test relying on one would pass here and fail on a fresh clone elsewhere.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mia.cli import app
from mia.base.errors import ImportFailed
from mia.importers import read_path
from mia.importers.pdf import pdf_text

from conftest import SEED

runner = CliRunner()

#: The lost ligatures of the seed (U+FFFD in its text) and the glyphs a PDF that maps them has.
SEED_LIGATURES = {"e\ufffdets": "e\ufb00ets", "e\ufffdcacité": "e\ufb03cacité", "sou\ufffdrant": "sou\ufb00rant"}


def mia(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def box_font(characters: str, path: Path) -> Path:
    """A TrueType font with a box glyph for each character (space left empty)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    chars = sorted(set(characters) - {"\n", "\r"} | {" "})
    names = {c: f"uni{ord(c):04X}" for c in chars}
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", *names.values()])
    builder.setupCharacterMap({ord(c): name for c, name in names.items()})

    def glyph(empty: bool):
        pen = TTGlyphPen(None)
        if not empty:
            pen.moveTo((50, 0))
            pen.lineTo((50, 700))
            pen.lineTo((450, 700))
            pen.lineTo((450, 0))
            pen.closePath()
        return pen.glyph()

    builder.setupGlyf({".notdef": glyph(False), **{name: glyph(c.isspace()) for c, name in names.items()}})
    builder.setupHorizontalMetrics({name: (250 if name == "uni0020" else 500, 0) for name in [".notdef", *names.values()]})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "MiaTestBoxes", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    builder.save(str(path))
    return path


def pdf_of_pages(pages: list[list[str]], font: Path) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("MiaTestBoxes", fname=str(font))
    pdf.set_font("MiaTestBoxes", size=8)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 4.5, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def seed_as_two_page_pdf(tmp_path: Path, *, mapped_ligatures: bool = False, review_id: str = "mia_review_40") -> Path:
    """The seed as the club's PDF would hold it: its page header on both pages (`page n/2`),
    the page break in the middle of a paragraph."""
    text = SEED.read_text(encoding="utf-8").replace("mia_review_40", review_id)
    if mapped_ligatures:
        for lost, glyphs in SEED_LIGATURES.items():
            text = text.replace(lost, glyphs)
    lines = [line for line in text.splitlines() if line.strip()]
    page_marker = lines.index("page 1/1")
    header, body = lines[: page_marker + 1], lines[page_marker + 1 :]
    middle = len(body) // 2
    while body[middle - 1].endswith((".", ":")):  # break where a sentence goes on to the next page
        middle += 1
    pages = [
        [line.replace("page 1/1", f"page {number}/2") for line in header] + part
        for number, part in enumerate((body[:middle], body[middle:]), 1)
    ]
    path = tmp_path / f"{review_id}.pdf"
    path.write_bytes(pdf_of_pages(pages, box_font(text, tmp_path / "boxes.ttf")))
    return path


def image_only_pdf() -> bytes:
    """A 'scanned' page: one picture of the text, no text layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    picture = Image.new("L", (600, 800), 255)
    ImageDraw.Draw(picture).text((40, 40), "Compte-rendu mia_review_40", fill=0)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(picture, x=10, y=10, w=150)
    return bytes(pdf.output())


def helvetica_pdf(text: str, **encryption) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, text)
    if encryption:
        pdf.set_encryption(**encryption)
    return bytes(pdf.output())


def test_done_when_the_seed_as_a_two_page_pdf_imports_like_its_text(tmp_path):
    pdf = seed_as_two_page_pdf(tmp_path)
    from_pdf = read_path(pdf)
    from_text = read_path(SEED)
    assert from_pdf.review.content_dict() == from_text.review.content_dict()
    assert from_pdf.notes == from_text.notes
    assert from_pdf.review.source["format"] == "pdf" and from_pdf.review.source["name"] == "mia_review_40.pdf"

    # And through the command, into two stores: the same record but for where it came from.
    stores = {}
    for name, path in (("pdf", pdf), ("text", SEED)):
        store = tmp_path / f"{name}.json"
        result = mia("--store", str(store), "add", str(path))
        assert result.exit_code == 0, result.output
        assert f"Added mia_review_40 from {path.name}." in result.stdout
        stores[name] = json.loads(mia("--store", str(store), "show", "40", "--json").stdout)
    assert stores["pdf"].pop("pdf")["name"] == "mia_review_40.pdf"  # the PDF kept beside the store
    for record in stores.values():
        for key in ("source", "added", "updated"):
            record.pop(key)
    assert stores["pdf"] == stores["text"]


def test_the_page_header_is_gone_from_every_page(tmp_path):
    review = read_path(seed_as_two_page_pdf(tmp_path)).review
    text = "\n".join(section.text for section in review.sections)
    assert "page 1/2" not in text and "page 2/2" not in text and "mia_review_40" not in text
    assert "V0 - 02/07/2025" not in text


def test_ligatures_the_pdf_maps_become_letters(tmp_path):
    pdf = seed_as_two_page_pdf(tmp_path, mapped_ligatures=True)
    assert "e\ufb00ets" not in pdf_text(pdf.read_bytes(), pdf.name)
    review = read_path(pdf).review
    assert review.content_dict() == read_path(SEED).review.content_dict()
    assert "souffrant" in review.sections[-1].text and "efficacité" in review.sections[-1].text


def test_a_scanned_pdf_needs_ocr_and_nothing_is_stored(tmp_path, store_path):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(image_only_pdf())
    result = mia("add", str(scan))
    assert result.exit_code == 2
    assert "scan.pdf has no text to read: it looks like a scanned image" in result.stderr
    assert "OCR" in result.stderr
    assert "Traceback" not in result.output
    assert not store_path.exists() or json.loads(mia("list", "--json").stdout) == []


def test_a_password_protected_pdf_is_refused_plainly(tmp_path):
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(helvetica_pdf("Compte-rendu", owner_password="owner", user_password="secret"))
    with pytest.raises(ImportFailed, match="locked.pdf is protected by a password"):
        read_path(locked)
    result = mia("add", str(locked))
    assert result.exit_code == 2 and "protected by a password" in result.stderr


def test_a_pdf_restricted_only_by_an_owner_password_is_read(tmp_path):
    data = helvetica_pdf("Hello from a restricted PDF", owner_password="owner")
    assert "Hello from a restricted PDF" in pdf_text(data, "restricted.pdf")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.7\n1 0 obj garbage", "broken.pdf is a damaged PDF that mia cannot read"),
        (b"Compte-rendu\nmia_review_40\n", "broken.pdf is not a PDF"),
        (None, "broken.pdf is a damaged PDF that mia cannot read"),
    ],
    ids=["garbage", "text named .pdf", "truncated"],
)
def test_a_damaged_pdf_is_refused_plainly(tmp_path, content, expected, capfd):
    if content is None:
        whole = helvetica_pdf("Hello")
        content = whole[: len(whole) // 3]
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(content)
    result = mia("add", str(broken))
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Traceback" not in result.output
    assert "EOF marker" not in capfd.readouterr().err  # pypdf's own log lines stay quiet


def test_a_folder_may_mix_text_pdf_markdown_and_json(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "mia_review_40.txt").write_bytes(SEED.read_bytes())
    # The same review as PDF under another id, so that both are stored.
    seed_as_two_page_pdf(tmp_path, review_id="mia_review_41").rename(folder / "mia_review_41.pdf")
    (folder / "mia_review_42.md").write_text(
        "---\nid: mia_review_42\ntitle: Une revue en Markdown\n---\n\n## Introduction\n\nTexte.\n", encoding="utf-8"
    )
    record = {"id": "mia_review_43", "title": "Une revue en JSON", "sections": [{"heading": "Introduction", "text": "x"}]}
    (folder / "more.json").write_text(json.dumps([record]), encoding="utf-8")
    result = mia("add", str(folder))
    assert result.exit_code == 0, result.output
    assert "Added 4, unchanged 0, failed 0." in result.stdout
    listed = json.loads(mia("list", "--json").stdout)
    assert [(r["id"], r["source"]["format"]) for r in listed] == [
        ("mia_review_40", "compte-rendu"), ("mia_review_41", "pdf"), ("mia_review_42", "markdown"), ("mia_review_43", "json"),
    ]


def test_pypdf_is_not_imported_to_list_reviews():
    import subprocess
    import sys

    code = "import sys; from mia.cli import app; from typer.testing import CliRunner; " \
        "CliRunner().invoke(app, ['list']); print('pypdf' in sys.modules, 'yaml' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
