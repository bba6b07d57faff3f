"""Taking reviews out of mia: one JSON file, a folder of Markdown files, or a CSV for spreadsheets.

JSON and Markdown are for going back in: `mia add FILE.json` and `mia add FOLDER` read them,
and every field comes back, earlier versions, source and times included (see
`mia.importers.json_records` and `mia.importers.markdown`). CSV is for looking at the reviews in
a spreadsheet: one row each, lists joined, no history; it is not read back. Its flavour
(`CsvFlavour`) is comma-separated by default, for scripts and most spreadsheets, or, with
`excel`, what Excel in French opens as it is: `;` between columns, decimal commas, a BOM.

Files are written atomically (temporary file, then rename), like the store: an export stopped
halfway leaves whole files.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from mia.base.errors import BadInput
from mia.model.review import PDF_EXPORT_FOLDER, PDF_FIELD, Review, normalise_id
from mia.store import attachments
from mia.store.layout import pdf_folder
from mia.store.review_store import Store, now_iso
from mia.base.files import atomic_write_bytes, refuse_to_replace
from mia.importers.json_records import export_bytes as json_export_bytes
from mia.importers.markdown import review_to_markdown

FORMATS = ("json", "markdown", "csv")

CSV_COLUMNS = (
    "id", "version", "version_date", "title", "published", "authors", "keywords", "language",
    "doi", "article_title", "article_authors", "journal", "article_date",
    # the trial's key results (`mia results`): a spreadsheet sorts and charts them
    "design", "n", "primary_measure", "primary_value", "primary_ci_low", "primary_ci_high",
    "primary_p", "results_checked",
    "sections",
)
#: Between the items of a list in one CSV cell: commas would clash with names like "Smith, J.".
CSV_LIST_SEPARATOR = "; "
#: A cell starting with one of these is read as a formula by spreadsheets (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class CsvFlavour:
    """How a CSV export is written."""

    delimiter: str
    #: Written in a number's place of its decimal point.
    decimal_mark: str
    #: The UTF-8 byte order mark on standard output too (a file always has it): for a CSV
    #: redirected into a file Excel opens (`mia export --excel > reviews.csv`).
    bom_on_stdout: bool


#: The default: what scripts, Python's csv module and most spreadsheets read.
PLAIN_CSV = CsvFlavour(",", ".", bom_on_stdout=False)
#: Excel in French (and in every language writing a decimal comma) splits a CSV at `;` and reads
#: `0.41` as text, or `1.5` as the 1st of May: `;` between columns, `0,41`, and the BOM always.
EXCEL_CSV = CsvFlavour(";", ",", bom_on_stdout=True)


@dataclass
class ExportReport:
    format: str
    output: Path | None
    review_ids: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    #: The original PDFs written beside the export (in `mia-files/`), and the folder.
    pdfs: list[Path] = field(default_factory=list)
    pdf_folder: Path | None = None

    @property
    def count(self) -> int:
        return len(self.review_ids)


def records_to_export(store: Store, review_ids: list[str] | None = None) -> list[dict[str, Any]]:
    """The records asked for (each once, in the order given), or every live review's.

    An unknown id raises NotFound before anything is written.
    """
    if not review_ids:
        return store.records()
    wanted: list[str] = []
    for review_id in review_ids:
        canonical = normalise_id(review_id)
        if canonical not in wanted:
            wanted.append(canonical)
    return [store.get_record(review_id) for review_id in wanted]


def export_reviews(
    store: Store,
    review_ids: list[str] | None,
    fmt: str,
    output: Path,
    *,
    force: bool = False,
    progress: Progress | None = None,
    excel: bool = False,
) -> ExportReport:
    """Write the reviews to `output` (a file for json and csv, a folder for markdown; a CSV for
    Excel in French with `excel`). A file that exists is replaced only with `force`
    (`refuse_to_replace`, as for `mia new -o`)."""
    fmt = check_format(fmt, excel)
    records = records_to_export(store, review_ids)
    report = ExportReport(fmt, output, [record["id"] for record in records])
    if fmt == "markdown":
        report.files = write_markdown_folder(records, output, force=force, progress=progress)
        _carry_pdfs(store, records, output / PDF_EXPORT_FOLDER, report)
        return report
    if output.is_dir():
        raise BadInput(f"{output} is a folder; a {fmt} export is one file.", hint=f"Give a file name, like {output / ('reviews.' + fmt)}.")
    refuse_to_replace([output], force)
    atomic_write_bytes(output, export_bytes(records, fmt, progress=progress, excel=excel))
    report.files = [output]
    if fmt == "json":
        _carry_pdfs(store, records, output.parent / PDF_EXPORT_FOLDER, report)
    return report


def _carry_pdfs(store: Store, records: list[dict[str, Any]], folder: Path, report: ExportReport) -> None:
    """The original PDFs of the exported reviews (and of their earlier versions) go into
    `mia-files/` beside the export, named by their SHA-256 as in the store, where `mia add` of the
    export looks for them. A PDF already there is the same file (same name, same content)."""
    used = attachments.used_sha256s(records, PDF_FIELD)
    if used:
        report.pdfs = attachments.copy_out(pdf_folder(store.path), used, folder)
        report.pdf_folder = folder


def export_bytes(records: list[dict[str, Any]], fmt: str, *, progress: Progress | None = None, excel: bool = False,
                 stdout: bool = False) -> bytes:
    """The content of a one-file export (json or csv; a CSV for Excel in French with `excel`),
    for a file, or for standard output with `stdout` (a plain CSV without its BOM there)."""
    fmt = check_format(fmt, excel)
    if fmt == "json":
        payload = json_export_bytes(records, exported=now_iso())
        _report_all(progress, len(records))
        return payload
    if fmt == "csv":
        flavour = EXCEL_CSV if excel else PLAIN_CSV
        payload = csv_bytes(records, progress=progress, flavour=flavour)
        return payload.removeprefix(b"\xef\xbb\xbf") if stdout and not flavour.bom_on_stdout else payload
    raise BadInput("A Markdown export is a folder of files, one per review.", hint="Give a folder with --output.")


def check_format(fmt: str | None, excel: bool = False) -> str:
    """The export format asked for (json when none is; csv for `excel`, the CSV for Excel)."""
    fmt = ("csv" if excel else "json") if fmt is None else fmt.strip().lower()
    if fmt in ("md",):
        fmt = "markdown"
    if fmt not in FORMATS:
        raise BadInput(f"'{fmt}' is not an export format.", hint=f"Choose one of: {', '.join(FORMATS)}.")
    if excel and fmt != "csv":
        raise BadInput(f"--excel writes a CSV, not {fmt}.", hint="For Excel: mia export --excel -o reviews.csv")
    return fmt


def write_markdown_folder(
    records: list[dict[str, Any]], folder: Path, *, force: bool = False, progress: Progress | None = None
) -> list[Path]:
    """One `ID.md` per review in `folder` (created if need be); a file of that name is replaced
    only with `force`."""
    if folder.exists() and not folder.is_dir():
        raise BadInput(f"{folder} is a file; a Markdown export is a folder, one file per review.", hint="Give a folder with --output.")
    refuse_to_replace([folder / f"{record['id']}.md" for record in records], force)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for done, record in enumerate(records, 1):
        path = folder / f"{record['id']}.md"
        atomic_write_bytes(path, review_to_markdown(Review.from_dict(record)).encode("utf-8"))
        written.append(path)
        if progress is not None:
            progress(done, len(records))
    return written


def csv_bytes(records: list[dict[str, Any]], *, progress: Progress | None = None, flavour: CsvFlavour = PLAIN_CSV) -> bytes:
    """One row per review, UTF-8 with a byte order mark, written in `flavour`.

    The BOM is for Excel: without it Excel opens a CSV in the computer's legacy code page
    (Windows-1252 in France) and shows `ThrombocytopÃ©nie`; with it, Excel, LibreOffice and
    Numbers all read UTF-8, and Python's `utf-8-sig` too.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=flavour.delimiter)
    writer.writerow(CSV_COLUMNS)
    for done, record in enumerate(records, 1):
        writer.writerow([_cell(value, flavour.decimal_mark) for value in csv_row(record)])
        if progress is not None:
            progress(done, len(records))
    return buffer.getvalue().encode("utf-8-sig")


def csv_row(record: dict[str, Any]) -> list[str]:
    article = record.get("article") or {}
    article_authors = CSV_LIST_SEPARATOR.join(article.get("authors") or [])
    if article.get("et_al"):
        article_authors = f"{article_authors} et al." if article_authors else "et al."
    sections = "\n\n".join(
        f"{section.get('heading', '')}\n{section.get('text', '')}".strip() for section in record.get("sections") or []
    )
    return [
        record.get("id", ""),
        record.get("version", ""),
        record.get("version_date", ""),
        record.get("title", ""),
        record.get("published", ""),
        CSV_LIST_SEPARATOR.join(record.get("authors") or []),
        CSV_LIST_SEPARATOR.join(record.get("keywords") or []),
        record.get("language", ""),
        article.get("doi", ""),
        article.get("title", ""),
        article_authors,
        article.get("journal", ""),
        article.get("date", ""),
        *_key_result_cells(record.get("key_results")),
        sections,
    ]


def _key_result_cells(found: Any) -> list[Any]:
    """The key results' columns of a CSV row (empty when the review has none)."""
    if not isinstance(found, dict):
        return [""] * 8
    primary = found.get("primary") if isinstance(found.get("primary"), dict) else {}
    return [
        CSV_LIST_SEPARATOR.join(found.get("design") or []),
        found.get("n") if found.get("n") is not None else "",
        *("" if primary.get(key) is None else primary[key] for key in ("measure", "value", "ci_low", "ci_high")),
        "" if primary.get("p") is None else PValue(str(primary["p"])),
        "yes" if found.get("checked") else "no",
    ]


@dataclass(frozen=True)
class PValue:
    """A p-value as the key results hold it, text (`0.008`, `<0.001`, `NS`): its decimal point is
    a number's (a decimal comma in Excel's flavour), the rest is kept as written."""

    text: str


def _cell(value: Any, decimal_mark: str = ".") -> str:
    """A spreadsheet cell that shows the text as written, never runs it as a formula; a number
    written with `decimal_mark`.

    A leading apostrophe is what spreadsheets themselves use to mean "this is text" (OWASP's
    advice against CSV injection); review text is data, like everywhere else in mia.
    """
    if isinstance(value, PValue):
        value = value.text.replace(".", decimal_mark)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value).replace(".", decimal_mark)  # a number (a negative effect, -5.6) stays a number
    value = str(value)
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _report_all(progress: Progress | None, total: int) -> None:
    if progress is not None and total:
        progress(total, total)
