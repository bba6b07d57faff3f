"""Commands about the reviewed articles: resolve their DOIs, cite them, open them.

Each command parses, calls one function of `mia.core.resolution` / `mia.doi.citation`, and prints. Text
from the network is written as plain text through `render.plain()` (control characters gone),
or through `render.safe()` where rich would read markup.
"""


import sys
from enum import Enum
from typing import List, Optional

import typer

from mia.cli.app import app, complete_review_id, current_store, print_error, print_warning, progress_bar
from mia.base.errors import AlreadyReported, BadInput, NotFound
from mia.cli.render import plain
from mia.core.library import get_review
from mia.core.reading import pdf_copy
from mia.core.resolution import article_link, load_reviews, resolve_reviews
from mia.doi.citation import format_citations, vancouver
from mia.model.review import normalise_id

PROGRESS_THRESHOLD = 5  # reviews; each may take seconds, so a bar helps early


class CitationFormat(str, Enum):
    vancouver = "vancouver"
    bibtex = "bibtex"
    ris = "ris"
    csl_json = "csl-json"


def _chosen_ids(store, review_ids: Optional[List[str]], all_reviews: bool, command: str) -> list[str]:
    if all_reviews:
        return store.ids()
    if not review_ids:
        raise BadInput("Tell mia which reviews, or --all.", hint=f"Example: mia {command} mia_review_40")
    return [normalise_id(review_id) for review_id in review_ids]


@app.command()
def resolve(
    ctx: typer.Context,
    review_ids: Optional[List[str]] = typer.Argument(None, metavar="ID...", help="Reviews whose article to resolve.", autocompletion=complete_review_id),
    all_reviews: bool = typer.Option(False, "--all", help="Every review in the store."),
    refresh: bool = typer.Option(False, "--refresh", help="Ask again even for articles resolved before."),
    offline: bool = typer.Option(False, "--offline", help="Do not touch the network (also MIA_OFFLINE=1)."),
) -> None:
    """Look up the reviewed articles' DOIs online (Crossref, doi.org) and keep their metadata.

    Example: mia resolve 40    (exit 3 when the service fails, 1 when the DOI does not exist)
    """
    store = current_store(ctx)
    ids = _chosen_ids(store, review_ids, all_reviews, "resolve")
    if not ids:
        sys.stdout.write("The store has no review yet, so nothing to resolve.\n")
        return
    with progress_bar("Resolving DOIs", minimum=PROGRESS_THRESHOLD) as progress:
        outcomes = resolve_reviews(store, ids, refresh=refresh, offline=offline, progress=progress)
    resolved = {o.review_id for o in outcomes if o.status == "resolved"}
    references = {r.id: vancouver(r) for r in load_reviews(store, sorted(resolved))} if resolved else {}
    for outcome in outcomes:
        if outcome.status == "resolved":
            sys.stdout.write(f"Resolved {outcome.review_id}: {plain(references[outcome.review_id])}\n")
        elif outcome.status == "already":
            sys.stdout.write(f"{outcome.review_id} was resolved before (--refresh asks again).\n")
        for warning in outcome.warnings:
            print_warning(f"{outcome.review_id}: {warning}")
    _report_failures([o for o in outcomes if o.status == "failed"])


def _report_failures(failed: list) -> None:
    """One error per failure; a failure shared by many (the network is down) said once."""
    groups: dict[int, list] = {}
    for outcome in failed:
        groups.setdefault(id(outcome.error), []).append(outcome)
    for group in groups.values():
        first = group[0]
        print_error(f"{first.review_id}: {first.error}")
        if len(group) > 1:
            others = ", ".join(o.review_id for o in group[1:4]) + (", …" if len(group) > 4 else "")
            count = "1 more review was" if len(group) == 2 else f"{len(group) - 1} more reviews were"
            print_error(f"{count} not tried for the same reason ({first.reason}): {others}.")
    if failed:
        raise AlreadyReported(max(o.error.exit_code for o in failed))


@app.command()
def cite(
    ctx: typer.Context,
    review_ids: Optional[List[str]] = typer.Argument(None, metavar="ID...", help="Reviews whose article to cite.", autocompletion=complete_review_id),
    all_reviews: bool = typer.Option(False, "--all", help="Every review in the store."),
    style: CitationFormat = typer.Option(CitationFormat.vancouver, "--format", "-f", help="Reference format."),
) -> None:
    """Print the reviewed article's reference (Vancouver by default), ready to paste.

    Example: mia cite 40 --format bibtex
    """
    store = current_store(ctx)
    reviews = load_reviews(store, _chosen_ids(store, review_ids, all_reviews, "cite"))
    sys.stdout.write(plain(format_citations(reviews, style.value)))
    unresolved = [review.id for review in reviews if review.article.doi and review.article.metadata is None]
    if unresolved:  # (on stderr: what is pasted stays the references alone)
        shown = " ".join(unresolved[:5]) + (" …" if len(unresolved) > 5 else "")
        print_warning(f"{len(unresolved)} reference(s) as the review gives them, without volume and pages: "
                      f"mia resolve {shown} fetches the full reference from the DOI.")


@app.command("open")
def open_article(
    ctx: typer.Context,
    review_id: str = typer.Argument(..., metavar="ID", help="mia_review_40, or just 40.", autocompletion=complete_review_id),
    pdf: bool = typer.Option(False, "--pdf", help="Open the original PDF the review was imported from (kept beside the store)."),
) -> None:
    """Open the reviewed article (its DOI link) in the web browser; --pdf: the review's own PDF.

    Example: mia open 40 --pdf
    """
    import webbrowser

    store = current_store(ctx)
    if pdf:
        _open_pdf(store, get_review(store, review_id))
        return
    url = article_link(store, review_id)
    sys.stdout.write(url + "\n")
    if not webbrowser.open(url):
        print_warning("No web browser could be started; open the link above by hand.")


def _open_pdf(store, review) -> None:
    """Print where the review's PDF is kept, and open it with the system's program for PDFs."""
    copy = pdf_copy(store, review)
    if copy is None:
        raise NotFound(
            f"{review.id} was not imported from a PDF, so mia keeps no PDF for it.",
            hint=f"Add its PDF to keep it: mia add --replace FILE.pdf (or mia open {review.id} for the article's DOI link).",
        )
    if not copy.present:
        raise NotFound(f"The PDF of {review.id} ({copy.name}) is missing from {copy.path.parent}.",
                       hint="Add the PDF again (mia add FILE.pdf) to keep it.")
    sys.stdout.write(f"{copy.path}\n")
    sys.stdout.flush()
    if not open_with_system(copy.path):
        print_warning("No program to open PDFs was found; open the file above by hand (or set MIA_OPENER, e.g. MIA_OPENER=evince).")


def open_with_system(path) -> bool:
    """Open `path` with `MIA_OPENER` (a command; the path is added), else the system's opener
    (`open` on macOS, the file association on Windows, `xdg-open` elsewhere). False if none ran."""
    import os
    import shlex
    import shutil
    import subprocess

    command = os.environ.get("MIA_OPENER", "").strip()
    if command:
        argv = shlex.split(command)
    elif sys.platform == "win32":
        try:
            os.startfile(str(path))  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    elif sys.platform == "darwin":
        argv = ["open"]
    else:
        argv = ["xdg-open"]
    if shutil.which(argv[0]) is None:
        return False
    try:
        done = subprocess.run([*argv, str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0
