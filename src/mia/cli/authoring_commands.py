"""Commands to write, change and take out reviews: new, edit, diff, export, and the guided `mia add`.

The conversation (questions, the editor loop, messages) is here; what it does is in
`mia.core.authoring` and `mia.core.export`, usable without a terminal.
"""


import re
import sys
from pathlib import Path
from typing import Callable, List, Optional, TypeVar

import typer

from mia.cli.app import app, complete_review_id, current_store, print_error, print_warning, progress_bar, write_json

T = TypeVar("T")

_FRENCH_DATE = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")

EXPORT_PROGRESS_THRESHOLD = 20  # reviews; fewer go by too fast for a bar to help


def stdin_is_terminal() -> bool:
    """Whether a person can answer questions (tests replace this to drive the guided entry)."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _say(text: str) -> None:
    from mia.cli.render import plain

    sys.stdout.write(plain(text) + "\n")


# --- the guided `mia add` ---------------------------------------------------------------------


def guided_add(ctx: typer.Context, *, offline: bool, doi: str | None = None) -> None:
    """`mia add` with nothing to import (or `mia add --doi DOI`), on a terminal: ask, open the
    editor, store the review."""
    from mia.core import authoring

    store = current_store(ctx)
    if doi is None:
        _say("A new review. The DOI first; then the review's details; then the editor opens for the text.")
    else:
        _say("A new review of the article with this DOI; then the review's details; then the editor opens for the text.")
    try:
        fields = _ask_review_fields(store, offline=offline, doi=doi)
    except typer.Abort:
        raise authoring.EntryAborted("Stopped: nothing was stored.") from None
    draft = authoring.start_new_review(store, fields)
    _say(f"Opening your editor ({authoring.editor_command()[0]}) on {draft.path}; save and quit when done.")
    review = _write_until_valid(
        draft,
        lambda text: authoring.save_new_review(store, draft, text),
        resume=lambda path: f"When it is ready, add it with: mia add {path}",
    )
    _say(f"Added {review.id} ({review.version}): {review.title}")
    _say(f"Read it with: mia show {review.id}")


def _write_until_valid(draft, save: Callable[[str], T], *, resume: Callable[[Path], str]) -> T:
    """Open the editor until what is saved validates (or the member gives up; the draft stays)."""
    from mia.core import authoring

    while True:
        try:
            text = authoring.open_draft(draft)
            return save(text)
        except authoring.DraftKept as error:
            hint = "\n".join(part for part in (error.hint, resume(error.draft)) if part)
            if isinstance(error, authoring.EditorFailed) or not stdin_is_terminal():
                raise authoring.DraftKept(error.problem, draft=error.draft, hint=hint) from None
            print_error(error.problem + (f"\n{error.hint}" if error.hint else ""))
            try:
                again = typer.confirm("Open the editor again to fix it?", default=True)
            except typer.Abort:
                again = False
            if not again:
                raise authoring.DraftKept(error.problem, draft=error.draft, hint=resume(error.draft)) from None


def _ask_review_fields(store, *, offline: bool, doi: str | None):
    from mia.core import authoring

    article = _ask_article(store, offline=offline, given_doi=doi)
    title = _ask("Title of the review", required=True)
    authors = _split_list(_ask("Authors of the review (comma-separated, Enter for none)"))
    keywords = _split_list(_ask("Keywords (comma-separated)"))
    published = _ask_date("Publication date", default=authoring.today())
    return authoring.NewReviewFields(title=title, authors=authors, keywords=keywords, published=published, article=article)


def _ask_article(store, *, offline: bool, given_doi: str | None = None):
    """The DOI first: resolved when online and shown for confirmation; else the fields asked.

    A DOI given on the command line (`--doi`) is not asked; if it is invalid or does not exist,
    that is the command's error (exit 2 or 1) rather than a question asked again.
    """
    from mia.core import authoring
    from mia.base.errors import BadInput, NotFound
    from mia.model.review import Article
    from mia.core.resolution import reviews_of_doi

    while True:
        written = given_doi if given_doi is not None else _ask("DOI of the reviewed article (Enter if it has none)")
        if not written:
            return _ask_article_fields(Article())
        try:
            doi, already = reviews_of_doi(store, written)
        except BadInput as error:
            if given_doi is not None:
                raise
            print_error(str(error))
            continue
        if already:
            print_warning(f"The club already reviewed this article: {', '.join(already)}.")
            if not typer.confirm("Write another review of it?", default=False):
                raise authoring.EntryAborted("Nothing was stored.")
        try:
            article, failure = authoring.article_for_doi(doi, offline=offline)
        except NotFound as error:
            if given_doi is not None:
                raise
            print_error(str(error))
            continue
        break
    if failure is not None and getattr(failure, "reason", "") != "offline":
        print_warning(f"The DOI could not be looked up ({failure.message}). Type the article's details.")
    if article.title:
        _show_article(article)
        if typer.confirm("Are these the article's details?", default=True):
            return article
    return _ask_article_fields(article)


def _show_article(article) -> None:
    byline = ", ".join(article.authors) + (" et al." if article.et_al else "")
    for label, value in (
        ("Title", article.title), ("Authors", byline), ("Journal", article.journal), ("Date", article.date),
    ):
        _say(f"  {label}: {value or '—'}")


def _ask_article_fields(article):
    article.title = _ask("Title of the reviewed article", default=article.title)
    byline = ", ".join(article.authors) + (" et al." if article.et_al else "")
    written = _ask("Its authors (comma-separated; end with 'et al.' if there are more)", default=byline)
    article.et_al = bool(re.search(r"\bet al\.?$", written.strip(), re.IGNORECASE))
    article.authors = _split_list(re.sub(r",?\s*\bet al\.?$", "", written.strip(), flags=re.IGNORECASE))
    article.journal = _ask("Its journal", default=article.journal)
    article.date = _ask_date("Its date of publication (Enter if unknown)", default=article.date, required=False)
    return article


def _ask(question: str, *, default: str = "", required: bool = False) -> str:
    while True:
        answer = typer.prompt(question, default=default, show_default=bool(default)).strip()
        if answer or not required:
            return answer
        print_error("This one is needed.")


def _ask_date(question: str, *, default: str = "", required: bool = True) -> str:
    """A date as YYYY-MM-DD; the French DD.MM.YYYY (or with / or -) is accepted and turned."""
    import datetime

    while True:
        answer = _ask(question, default=default, required=required)
        if not answer:
            return ""
        match = _FRENCH_DATE.match(answer)
        try:
            if match:
                day, month, year = (int(part) for part in match.groups())
                return datetime.date(year, month, day).isoformat()
            return datetime.date.fromisoformat(answer).isoformat()
        except ValueError:
            print_error(f"'{answer}' is not a date: write it as YYYY-MM-DD (2021-10-30) or DD.MM.YYYY.")


def _split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


# --- new, edit, diff --------------------------------------------------------------------------


@app.command()
def new(
    ctx: typer.Context,
    doi: Optional[str] = typer.Option(None, "--doi", help="The reviewed article's DOI (its fields are filled in when online)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE", help="Write the template to FILE (default: standard output)."),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
    offline: bool = typer.Option(False, "--offline", help="Do not look the DOI up online (also MIA_OFFLINE=1)."),
) -> None:
    """Write a Markdown template for a new review, to fill in and add with `mia add FILE.md`.

    Example: mia new --doi 10.1056/NEJMoa2100596 -o review.md
    """
    from mia.core import authoring
    from mia.base.files import refuse_to_replace
    from mia.model.review import Article
    from mia.core.resolution import reviews_of_doi

    to_file = output is not None and str(output) != "-"
    if to_file:
        refuse_to_replace([output], force)  # before any look-up
    store = current_store(ctx)
    article = Article()
    if doi:
        doi, already = reviews_of_doi(store, doi)
        if already:
            print_warning(f"The club already reviewed this article: {', '.join(already)}.")
        article, failure = authoring.article_for_doi(doi, offline=offline)
        if failure is not None and getattr(failure, "reason", "") != "offline":
            print_warning(f"The DOI could not be looked up ({failure.message}); its fields are left for you to fill in.")
    review = authoring.blank_review(store.next_free_id(), authoring.NewReviewFields(article=article))
    text = authoring.template_text(review)
    if not to_file:
        sys.stdout.write(text)
        return
    output.write_text(text, encoding="utf-8")
    _say(f"Wrote a template for {review.id} to {output}. Fill it in, then: mia add {output}")


@app.command()
def edit(
    ctx: typer.Context,
    review_id: str = typer.Argument(..., metavar="ID", help="mia_review_40, or just 40.", autocompletion=complete_review_id),
    draft_file: Optional[Path] = typer.Option(None, "--draft", metavar="FILE", help="Carry on from a draft mia kept after a failed edit."),
) -> None:
    """Edit a review in your editor ($VISUAL, $EDITOR); saving stores it as its next version.

    Example: mia edit 40
    """
    from mia.core import authoring

    store = current_store(ctx)
    draft = authoring.start_edit(store, review_id, from_file=draft_file)
    review_id = draft.base.id
    result = _write_until_valid(
        draft,
        lambda text: authoring.save_edit(store, draft, text),
        resume=lambda path: f"Carry on with: mia edit {review_id} --draft {path}",
    )
    if result.outcome == "unchanged":
        _say(f"No change to {review_id}: nothing was stored.")
        return
    _say(
        f"Saved {review_id} as {result.review.version} of {result.review.version_date}"
        f" ({result.previous_version} is kept in its history; `mia diff {review_id}` shows the changes)."
    )


@app.command()
def diff(
    ctx: typer.Context,
    review_id: str = typer.Argument(..., metavar="ID", help="mia_review_40, or just 40.", autocompletion=complete_review_id),
    old: Optional[str] = typer.Argument(None, metavar="[OLD", help="A version (V0…); default: the one before the current."),
    new_version: Optional[str] = typer.Argument(None, metavar="[NEW]]", help="Another version; default: the current one."),
) -> None:
    """Show what changed between two versions of a review (a unified diff of their Markdown).

    Example: mia diff 40 V0 V1
    """
    from mia.core import versions
    from mia.core.library import get_review
    from mia.cli.render import plain

    review = get_review(current_store(ctx), review_id)
    before, after = versions.versions_to_compare(review, old, new_version)
    lines = versions.markdown_diff(before, after)
    if not lines:
        _say(f"{before.version} and {after.version} of {review.id} say the same.")
        return
    if not sys.stdout.isatty():
        sys.stdout.write("".join(plain(line) + "\n" for line in lines))
        return
    from rich.text import Text

    from mia.cli.render import stdout_console

    console = stdout_console()
    for line in lines:
        style = "bold" if line.startswith(("---", "+++")) else "cyan" if line.startswith("@@") else (
            "green" if line.startswith("+") else "red" if line.startswith("-") else ""
        )
        console.print(Text(plain(line), style=style), soft_wrap=True)


@app.command()
def history(
    ctx: typer.Context,
    review_id: str = typer.Argument(..., metavar="ID", help="mia_review_40, or just 40.", autocompletion=complete_review_id),
    as_json: bool = typer.Option(False, "--json", help="Print the versions as a JSON array."),
) -> None:
    """List the versions of a review, oldest first: label, dates, where from, who, what changed.

    Example: mia history 40
    """
    from mia.core.library import review_history
    from mia.cli.render import history_text

    review_id, entries = review_history(current_store(ctx), review_id)
    if as_json:
        write_json([entry.to_dict() for entry in entries])
        return
    sys.stdout.write(history_text(review_id, entries))


# --- export -----------------------------------------------------------------------------------


@app.command()
def export(
    ctx: typer.Context,
    review_ids: Optional[List[str]] = typer.Argument(None, metavar="[ID...]", help="Reviews to export (default: all).", autocompletion=complete_review_id),
    fmt: str = typer.Option("json", "--format", "-f", help="json (re-importable), markdown (a folder, re-importable) or csv (spreadsheets)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="PATH", help="A file (json, csv) or a folder (markdown); json and csv go to standard output without it."),
    force: bool = typer.Option(False, "--force", help="Replace the file(s) if they exist."),
) -> None:
    """Export reviews as JSON, a folder of Markdown files, or CSV for spreadsheets.

    Example: mia export --format markdown --output reviews/
    """
    from mia.core import export as exporting
    from mia.base.errors import BadInput, NotFound

    fmt = exporting.check_format(fmt)
    store = current_store(ctx)
    if not review_ids and not store.ids():
        raise NotFound("The store has no review to export.", hint="Import some with: mia add FOLDER")
    if output is None or str(output) == "-":
        if fmt == "markdown":
            raise BadInput("A Markdown export is a folder of files, one per review.", hint="Give the folder with --output.")
        records = exporting.records_to_export(store, review_ids)
        payload = exporting.export_bytes(records, fmt)
        if fmt == "csv":
            payload = payload.removeprefix(b"\xef\xbb\xbf")  # the BOM is for files Excel opens
        _write_stdout_bytes(payload)
        sys.stderr.write(f"Exported {_reviews(len(records))} ({fmt}).\n")
        return
    with progress_bar("Exporting", minimum=EXPORT_PROGRESS_THRESHOLD) as progress:
        report = exporting.export_reviews(store, review_ids, fmt, output, force=force, progress=progress)
    where = f"{output}{'/' if fmt == 'markdown' and not str(output).endswith('/') else ''}"
    detail = ", one file per review" if fmt == "markdown" else ""
    _say(f"Exported {_reviews(report.count)} to {where} ({fmt}{detail}).")
    if report.pdf_folder is not None:
        from mia.cli.render import carried_pdfs_text

        _say(carried_pdfs_text(report.pdf_folder, len(report.pdfs)))


def _reviews(count: int) -> str:
    return f"{count} review" + ("" if count == 1 else "s")


def _write_stdout_bytes(payload: bytes) -> None:
    """An export on standard output: as is into a pipe or file (lossless), but without control
    characters when it is a terminal that would read them."""
    if sys.stdout.isatty():
        from mia.cli.render import plain

        sys.stdout.write(plain(payload.decode("utf-8")))
        return
    stream = getattr(sys.stdout, "buffer", None)
    if stream is not None:
        sys.stdout.flush()
        stream.write(payload)
        stream.flush()
    else:
        sys.stdout.write(payload.decode("utf-8"))
