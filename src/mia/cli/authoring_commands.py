"""Commands to write and change reviews: new, edit, and the guided `mia add`.

The conversation (questions, the editor loop, messages) is here; what it does is in
`mia.core.authoring`, usable without a terminal.
"""


import os
import stat
import sys
from pathlib import Path
from typing import Callable, Optional, TypeVar

import typer

from mia.cli.app import app, complete_review_id, current_store, print_error, print_warning
from mia.base.errors import BadInput, NotFound
from mia.base.files import refuse_to_replace
from mia.base.phrases import shell_word
from mia.cli.render import plain
from mia.core import authoring
from mia.model.doi import normalise_doi
from mia.model.review import Article

T = TypeVar("T")


def stdin_is_terminal() -> bool:
    """Whether a person can answer questions (tests replace this to drive the guided entry)."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _say(text: str) -> None:
    sys.stdout.write(plain(text) + "\n")


# --- the guided `mia add` ---------------------------------------------------------------------


def write_new_review(ctx: typer.Context, *, offline: bool, doi: str | None, files_given: bool) -> None:
    """`mia add --doi DOI`, or `mia add` with no file: the guided entry on a terminal; else what
    to give instead."""
    if doi is not None:
        normalise_doi(doi)  # an invalid DOI is an error naming it, whatever else
        if files_given:
            raise BadInput("Give files to import or --doi to start a new review, not both.")
    if stdin_is_terminal():
        guided_add(ctx, offline=offline, doi=doi)
        return
    if doi is not None:
        raise BadInput(
            "Starting a review from a DOI asks questions and opens your editor: it needs a terminal.",
            hint=f"Without one: mia new --doi {shell_word(doi)} -o review.md, fill it in, then mia add review.md",
        )
    raise BadInput(
        "Tell mia what to import.",
        hint="Example: mia add data/reviews/  (a folder)  or  mia add review.txt\n"
        "Run `mia add` alone on a terminal to write a new review, or fill in `mia new -o FILE.md` and add that.",
    )


def guided_add(ctx: typer.Context, *, offline: bool, doi: str | None = None) -> None:
    """`mia add` with nothing to import (or `mia add --doi DOI`), on a terminal: ask, open the
    editor, store the review."""
    store = current_store(ctx)
    if doi is None:
        _say("A new review. The DOI first; then the review's details; then the editor opens for the text.")
    else:
        _say("A new review of the article with this DOI; then the review's details; then the editor opens for the text.")
    try:
        fields = _ask_review_fields(store, offline=offline, doi=doi)
    except typer.Abort as stop:  # the prompt's Abort keeps what stopped it: Ctrl-C, or the input's end
        if isinstance(stop.__context__, KeyboardInterrupt):
            sys.stdout.write("\n")  # end the question's line (the prompt leaves it open): the error starts its own
            raise authoring.EntryInterrupted("Stopped (Ctrl-C): nothing was stored.") from None
        raise authoring.EntryAborted("Stopped: nothing was stored.") from None
    editor = authoring.editor_to_open(terminal=True, retry="mia add")
    draft = authoring.start_new_review(store, fields)
    _say_which_editor(editor)
    _say(f"Opening your editor ({editor.name}) on {draft.path}; save and quit when done.")
    review = _write_until_valid(
        draft,
        lambda text: authoring.save_new_review(store, draft, text),
        resume=lambda path: f"When it is ready, add it with: mia add {shell_word(path)}",
    )
    _say(f"Added {review.id} ({review.version}): {review.title}")
    _say(f"Read it with: mia show {review.id}")


def _say_which_editor(editor: authoring.Editor) -> None:
    """Before an editor mia chose opens: which one, its keys, how to choose another."""
    note = editor.choice_note()
    if note:
        _say(note)


def _write_until_valid(draft, save: Callable[[str], T], *, resume: Callable[[Path], str]) -> T:
    """Open the editor until what is saved validates (or the member gives up; the draft stays)."""
    while True:
        try:
            text = authoring.open_draft(draft)
            return save(text)
        except authoring.DraftOutdated:
            raise  # (its hint says how to merge: carrying on with the draft would undo the other change)
        except authoring.DraftKept as error:
            hint = "\n".join(part for part in (error.hint, resume(error.draft)) if part)
            if isinstance(error, authoring.EditorFailed) or not stdin_is_terminal():
                error.hint = hint  # (the error itself: Ctrl-C's keeps its exit status, 130)
                raise error from None
            print_error(error.problem + (f"\n{error.hint}" if error.hint else ""))
            try:
                again = typer.confirm("Open the editor again to fix it?", default=True)
            except typer.Abort:
                again = False
            if not again:
                raise authoring.DraftKept(error.problem, draft=error.draft, hint=resume(error.draft)) from None


def _ask_review_fields(store, *, offline: bool, doi: str | None):
    article = _ask_article(store, offline=offline, given_doi=doi)
    title = _ask("Title of the review", required=True)
    authors = authoring.split_list(_ask("Authors of the review (comma-separated, Enter for none)"))
    keywords = authoring.split_list(_ask("Keywords (comma-separated)"))
    published = _ask_date("Publication date", default=authoring.today())
    return authoring.NewReviewFields(title=title, authors=authors, keywords=keywords, published=published, article=article)


def _ask_article(store, *, offline: bool, given_doi: str | None = None):
    """The DOI first: resolved when online and shown for confirmation; else the fields asked.

    A DOI given on the command line (`--doi`) is not asked; if it is invalid or does not exist,
    that is the command's error (exit 2 or 1) rather than a question asked again.
    """
    while True:
        written = given_doi if given_doi is not None else _ask("DOI of the reviewed article (Enter if it has none)")
        if not written:
            return _ask_article_fields(Article())
        try:
            doi, already = authoring.reviews_of_doi(store, written)
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
    for label, value in (
        ("Title", article.title), ("Authors", authoring.byline(article)), ("Journal", article.journal), ("Date", article.date),
    ):
        _say(f"  {label}: {value or '—'}")


def _ask_article_fields(article):
    article.title = _ask("Title of the reviewed article", default=article.title)
    written = _ask("Its authors (comma-separated; end with 'et al.' if there are more)", default=authoring.byline(article))
    authoring.set_byline(article, written)
    article.journal = _ask("Its journal", default=article.journal)
    article.date = _ask_date("Its date of publication (Enter if unknown; a month or a year will do)",
                             default=article.date, required=False, partial=True)
    return article


def _ask(question: str, *, default: str = "", required: bool = False) -> str:
    while True:
        answer = typer.prompt(question, default=default, show_default=bool(default)).strip()
        if answer or not required:
            return answer
        print_error("This one is needed.")


def _ask_date(question: str, *, default: str = "", required: bool = True, partial: bool = False) -> str:
    """A date as YYYY-MM-DD (`authoring.entry_date`: the French DD.MM.YYYY is accepted too;
    `partial`: a month or a year alone)."""
    while True:
        try:
            return authoring.entry_date(_ask(question, default=default, required=required), partial=partial)
        except BadInput as error:
            print_error(str(error))


# --- new, edit -------------------------------------------------------------------------------


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
    to_file = output is not None and str(output) != "-"
    if to_file:
        refuse_to_replace([output], force)  # before any look-up
    store = current_store(ctx)
    article = Article()
    if doi:
        doi, already = authoring.reviews_of_doi(store, doi)
        if already:
            print_warning(f"The club already reviewed this article: {', '.join(already)}.")
        article, failure = authoring.article_for_doi(doi, offline=offline)
        if failure is not None and getattr(failure, "reason", "") != "offline":
            print_warning(f"The DOI could not be looked up ({failure.message}); its fields are left for you to fill in.")
    written = authoring.write_template(store, article, output if to_file else None)
    if not to_file:
        sys.stdout.write(written.text)
        if stdout_is_a_file():
            print_warning(f"A template written with '>' is not remembered: until {written.review.id} is added, the next mia new gives it again (mia new -o FILE remembers it).")
        return
    _say(f"Wrote a template for {written.review.id} to {output}{waiting_text(written.waiting)}. Fill it in, then: mia add {shell_word(output)}")


def stdout_is_a_file() -> bool:
    """Whether standard output was sent into a file (`mia new > review.md`)."""
    try:
        return stat.S_ISREG(os.fstat(sys.stdout.fileno()).st_mode)
    except (AttributeError, ValueError, OSError):
        return False


def waiting_text(waiting) -> str:
    """How `mia new` says which ids wait in the new reviews written and not added yet."""
    if not waiting:
        return ""
    def shown(path) -> str:  # relative to the current folder when in it
        try:
            relative = os.path.relpath(path)
        except ValueError:  # on Windows, a file on another drive than the current folder
            return str(path)
        return str(path) if relative.startswith("..") else relative

    held = [f"{found.review_id} in {'the kept draft ' if found.kind == 'draft' else ''}{shown(found.path)}" for found in waiting]
    return f" (not added yet: {', '.join(held)})"


@app.command()
def edit(
    ctx: typer.Context,
    review_id: str = typer.Argument(..., metavar="ID", help="mia_review_40, or just 40.", autocompletion=complete_review_id),
    draft_file: Optional[Path] = typer.Option(None, "--draft", metavar="FILE", help="Carry on from a draft mia kept after a failed edit."),
) -> None:
    """Edit a review in your editor ($VISUAL, $EDITOR); saving stores it as its next version.

    When neither VISUAL nor EDITOR is set, mia opens nano if installed, else vi, and says how.

    Example: mia edit 40  (to choose the editor: export EDITOR=nano)
    """
    store = current_store(ctx)
    draft = authoring.start_edit(store, review_id, from_file=draft_file, terminal=stdin_is_terminal())
    review_id = draft.base.id
    _say_which_editor(draft.editor)
    result = _write_until_valid(
        draft,
        lambda text: authoring.save_edit(store, draft, text),
        resume=lambda path: f"Carry on with: mia edit {review_id} --draft {shell_word(path)}",
    )
    if result.outcome == "unchanged":
        _say(f"No change to {review_id}: nothing was stored.")
        return
    _say(
        f"Saved {review_id} as {result.review.version} of {result.review.version_date}"
        f" ({result.previous_version} is kept in its history; `mia diff {review_id}` shows the changes)."
    )
