"""Commands of search: search, reindex, and the lexicon (add, show).

The hits print as plain text; on a terminal (without NO_COLOR) our own SGR sequences colour
them and highlight the matched words, and snippets wrap at the terminal's width. Nothing comes
from rich: importing it would cost more than the search itself. Review text is data: it goes
through `render.plain()`, and nothing is read as markup.
"""


import sys
import time
from typing import List, Optional

import typer

from mia.cli.app import MiaTyper, QueryCommand, app, current_store, progress_bar, reading_store, write_json
from mia.base.errors import NotFound
from mia.cli.render import lexicon_entries_text, output_width, plain, reextracted_text, search_hits_text, styling_wanted
from mia.search import lexicon_entries, run_search

@app.command(cls=QueryCommand)
def search(
    ctx: typer.Context,
    words: List[str] = typer.Argument(..., metavar="QUERY...", help="Words (all must match), \"phrases\", OR, -exclusions, fields (title: keyword: author: journal: year: doi: section:)."),
    limit: int = typer.Option(10, "--limit", "-n", metavar="N", help="Show the N best reviews."),
    as_json: bool = typer.Option(False, "--json", help="Print the hits as a JSON array (id, score, title, snippet, fields, matched, missing…)."),
    all_words: bool = typer.Option(False, "--all-words", help="Only reviews holding every word: no partial matches (for scripts)."),
) -> None:
    """Find reviews, in French or English, by words, acronyms, phrases and fields.

    A word naming a concept of the lexicon also finds its other forms (ITP finds TPI), and the
    last word of four letters or more also matches as a prefix (mycophen). When no review holds
    every word (or fewer than are shown, for three words or more), the reviews holding most of
    them are shown, each with the words it misses (--all-words to refuse partial matches). Quote phrases for the shell: mia search '"première ligne"'.

    Example: mia search ITP year:2019..2022
    """
    query = " ".join(words)
    result = run_search(reading_store(ctx), query, limit=limit, all_words=all_words)
    if as_json:
        write_json(result.to_json())
    if not result.hits and not result.reviews:
        raise NotFound("The store has no review yet, so nothing matches.", hint="Import some with: mia add FOLDER")
    if not result.hits:
        hint = (
            "Did you mean: " + " or ".join(f"mia search {s}" for s in result.suggestions) + "?"
            if result.suggestions
            else result.advice
        )
        raise NotFound(f"No review matches {query}.", hint=hint)
    if as_json:
        return

    sys.stdout.write(search_hits_text(result, width=output_width(sys.stdout), style=styling_wanted(sys.stdout)))


#: Reviews from which `mia reindex` shows a progress bar (on a terminal): about two seconds.
REINDEX_PROGRESS_THRESHOLD = 1000


@app.command()
def reindex(ctx: typer.Context) -> None:
    """Rebuild the search index from the store, and extract again the key results older rules found.

    Searches rebuild the index by themselves when needed. Key results a person checked are kept.

    Example: mia reindex
    """
    from mia.core.evidence import reindex_store

    store = current_store(ctx)
    started = time.perf_counter()
    with progress_bar("Indexing", minimum=REINDEX_PROGRESS_THRESHOLD) as progress:
        count, extracted = reindex_store(store, progress)
    elapsed = time.perf_counter() - started
    sys.stdout.write(f"Indexed {count} review{'s' if count != 1 else ''} in {elapsed:.1f} s.\n")
    sys.stdout.write(reextracted_text(extracted))


lexicon_app = MiaTyper(
    help="The medical lexicon: see what a term names, add your own concepts.\n\nExample: mia lexicon show ITP",
    no_args_is_help=True,
)
app.add_typer(lexicon_app, name="lexicon")


@lexicon_app.command("show")
def lexicon_show(
    ctx: typer.Context,
    term: List[str] = typer.Argument(..., metavar="TERM", help="A word, phrase or acronym."),
    as_json: bool = typer.Option(False, "--json", help="Print the concepts and learned acronyms as JSON."),
) -> None:
    """Show the concepts a term names, and the acronyms the reviews define for it.

    Example: mia lexicon show ITP
    """
    text = " ".join(term)
    entries = lexicon_entries(current_store(ctx), text)
    if as_json:
        write_json(entries)
    if not entries["concepts"] and not entries["learned"]:
        raise NotFound(
            f"'{text}' names no concept of the lexicon, and no review defines it.",
            hint='Add it: mia lexicon add --fr "…" --en "…" --acronym …',
        )
    if as_json:
        return
    sys.stdout.write(lexicon_entries_text(entries, text))


@lexicon_app.command("add")
def lexicon_add(
    ctx: typer.Context,
    fr: Optional[List[str]] = typer.Option(None, "--fr", metavar="TERM", help="French term (repeat for several; the first is preferred)."),
    en: Optional[List[str]] = typer.Option(None, "--en", metavar="TERM", help="English term (repeat for several)."),
    acronym: Optional[List[str]] = typer.Option(None, "--acronym", metavar="ACR", help="Acronym used in both languages."),
    fr_acronym: Optional[List[str]] = typer.Option(None, "--fr-acronym", metavar="ACR", help="French acronym."),
    en_acronym: Optional[List[str]] = typer.Option(None, "--en-acronym", metavar="ACR", help="English acronym."),
    synonym: Optional[List[str]] = typer.Option(None, "--synonym", metavar="TERM", help="Synonym, brand name, older name (either language)."),
) -> None:
    """Add a concept to your own lexicon (in mia's config dir); the next search uses it.

    Example: mia lexicon add --fr "maladie de Kikuchi-Fujimoto" --en "Kikuchi-Fujimoto disease" --en-acronym KFD --synonym "histiocytic necrotizing lymphadenitis"
    """
    from mia.core.lexicon import add_concept

    columns = {
        "fr": list(fr or []),
        "en": list(en or []),
        "fr_acronyms": list(dict.fromkeys((acronym or []) + (fr_acronym or []))),
        "en_acronyms": list(dict.fromkeys((acronym or []) + (en_acronym or []))),
        "synonyms": list(synonym or []),
    }
    path, shared = add_concept(current_store(ctx), columns)
    sys.stdout.write(plain(f"Added to {path}:") + "\n    " + plain(path.read_text(encoding="utf-8").splitlines()[-1]) + "\n")
    for line in shared:
        sys.stdout.write(plain(line) + "\n")
