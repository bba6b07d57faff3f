"""Compte-rendus as the club's PDFs: the text layer taken out with pypdf, then read as text.

A PDF goes through the very same importer as the text of the same review
(`parse_compte_rendu`): page headers, wrapped lines and lost ligatures are that importer's and
`mia.importers.textclean`'s job, so a review reads the same whichever form it came in. What is specific
to PDFs is done here:
- ligatures a PDF maps to their presentation forms (U+FB00 `ﬀ` … U+FB06) become their letters,
  so that `eﬃcacité` is `efficacité` for search and display (a ligature the PDF did not map at
  all comes out as U+FFFD, which the text importer repairs);
- a PDF without a text layer (a scan) cannot be read without OCR, and says so;
- a protected or damaged PDF is refused with a sentence, never a traceback.

pypdf is imported here, inside the function: `mia list` and `mia search` must not pay for it.
"""

from __future__ import annotations

import io
import logging
from contextlib import contextmanager
from typing import Iterator

from mia.base.errors import ImportFailed
from mia.importers.compte_rendu import parse_compte_rendu

#: Ligature presentation forms and their letters (ﬅ and ﬆ are both "st").
_LIGATURE_LETTERS = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}
)


def read_pdf(data: bytes, name: str):
    """The reader for `.pdf` files (see `mia.importers.READERS`)."""
    text = pdf_text(data, name)
    return parse_compte_rendu(text, source_name=name)


def pdf_text(data: bytes, name: str) -> str:
    """The text of every page, in order, one page after the other; ImportFailed when there is none."""
    pages = _page_texts(data, name)
    text = "\n".join(page.strip("\n") for page in pages).translate(_LIGATURE_LETTERS)
    if not text.strip():
        raise ImportFailed(
            f"{name} has no text to read: it looks like a scanned image ({_pages(len(pages))} without a text layer).",
            path=name,
            hint="mia needs OCR for such a PDF: run it through an OCR tool (ocrmypdf, for one) and add the result.",
        )
    return text


def _page_texts(data: bytes, name: str) -> list[str]:
    if b"%PDF-" not in data[:1024]:
        raise ImportFailed(f"{name} is not a PDF (it does not start like one).", path=name)
    with _pypdf_quiet():
        return _read_pages(data, name)


@contextmanager
def _pypdf_quiet() -> Iterator[None]:
    """pypdf logs what it repairs ("EOF marker not found"); mia reports failures itself, and
    Python would print those log lines on the user's terminal."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


def _read_pages(data: bytes, name: str) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _opens_without_password(reader):
            raise _protected(name)
        return [page.extract_text() or "" for page in reader.pages]
    except ImportFailed:
        raise
    except (FileNotDecryptedError, DependencyError):
        raise _protected(name) from None
    except Exception as error:  # noqa: BLE001 - see below
        # pypdf reports damage with its own errors and, for some damage, with whatever its parsing
        # met: ValueError, KeyError, RecursionError, and NotImplementedError for a filter name a
        # flipped byte changed (`/FlateDDcode`, found by bench/fuzz.py). Whatever pypdf raised,
        # the file is a PDF mia cannot read; what mia itself raises is not caught here.
        raise ImportFailed(
            f"{name} is a damaged PDF that mia cannot read ({type(error).__name__}: {str(error)[:200]}).",
            path=name,
            hint="Open it in a PDF viewer and save or print it to a new PDF, then add that one.",
        ) from None


def _opens_without_password(reader) -> bool:
    """Many PDFs are 'encrypted' only to restrict printing, with an empty password to open them."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # noqa: BLE001 - any failure here means: a password is needed
        return False


def _protected(name: str) -> ImportFailed:
    return ImportFailed(
        f"{name} is protected by a password, so mia cannot read its text.",
        path=name,
        hint="Save an unprotected copy (open it with its password and print it to PDF), then add that one.",
    )


def _pages(count: int) -> str:
    return f"{count} page" + ("" if count == 1 else "s")
