"""The typer application, its global options, and the one place errors become exit codes.

Every command module registers its commands on `app`. A command parses its options, calls one
function of the core (`mia.core.library`, `mia.search`, …) and renders what comes back. Errors are
`MiaError`s raised below; `MiaGroup.invoke` turns them into one or two plain lines on stderr and
the exit code the error carries (DESIGN.md: 1 not found, 2 bad input, 3 network, 4 store).
"""


import gc
import importlib
import os
import sys
from pathlib import Path
from typing import Optional

import typer
from typer.core import TyperCommand, TyperGroup
from typer.main import get_command_from_info, get_command_name, get_group_from_info

# click's rule for a command's one-line help, from the click typer runs on (vendored as
# typer._click by recent typers, the click package by older ones).
_CLICK = TyperGroup.__mro__[1].__module__.rpartition(".")[0]
make_default_short_help = importlib.import_module(_CLICK + ".utils").make_default_short_help
#: click's error for what the user typed (an unknown option, a value of the wrong kind, a missing
#: argument, an unknown command): `MiaGroup.invoke` says it as mia's errors are said (`usage_text`).
_click_exceptions = importlib.import_module(_CLICK + ".exceptions")
UsageError, NoArgsIsHelpError = _click_exceptions.UsageError, _click_exceptions.NoArgsIsHelpError

from mia import __version__
from mia.base.errors import AlreadyReported, BadInput, ExitStatus, MiaError

#: Every command, in the order `mia --help` lists them, and the module of `mia.cli` that defines
#: it. Only the module of the command being run is imported (`MiaGroup.get_command`), so each
#: command module imports what its commands need at its top; `mia --help` imports them all.
COMMANDS = {
    "add": "reviews",
    "list": "listing_commands",
    "show": "reading_commands",
    **dict.fromkeys(["rm", "restore", "trash"], "reviews"),
    "doctor": "maintenance_commands",
    **dict.fromkeys(["resolve", "cite", "open"], "doi_commands"),
    **dict.fromkeys(["new", "edit"], "authoring_commands"),
    **dict.fromkeys(["diff", "history"], "history_commands"),
    "export": "export_commands",
    **dict.fromkeys(["search", "reindex"], "search_commands"),
    **dict.fromkeys(["forest", "stats"], "evidence_commands"),
    **dict.fromkeys(["sync", "conflicts"], "sync_commands"),
    "lexicon": "search_commands",
    "results": "evidence_commands",
}


#: The first paragraph of each command's help, for `mia --help` without importing every command
#: module (~40 ms). The docstrings are the source: tests/cli/test_command_loading.py fails when
#: this table says otherwise, and prints the table to paste.
COMMAND_HELP = {
    'add': 'Import compte-rendus: files or folders (every review file inside).',
    'list': "List the reviews: id, title, the article's journal and year, publication date.",
    'show': 'Show a review, laid out for reading.',
    'rm': 'Move reviews to the trash (`mia restore ID` brings one back); --purge empties it.',
    'restore': 'Bring a review back from the trash.',
    'trash': 'List the reviews in the trash (`mia restore ID` brings one back; `mia rm --purge` empties it).',
    'doctor': 'Check the store (files, records, duplicate ids, search index); --deep validates every\nreview; --restore puts back backups.',
    'resolve': "Look up the reviewed articles' DOIs online (Crossref, doi.org) and keep their metadata.",
    'cite': "Print the reviewed article's reference (Vancouver by default), ready to paste.",
    'open': "Open the reviewed article (its DOI link) in the web browser; --pdf: the review's own PDF.",
    'new': 'Write a Markdown template for a new review, to fill in and add with `mia add FILE.md`.',
    'edit': 'Edit a review in your editor ($VISUAL, $EDITOR); saving stores it as its next version.',
    'diff': 'Show what changed between two versions of a review, word by word.',
    'history': 'List the versions of a review, oldest first: label, dates, where from, who, what changed.',
    'export': 'Export reviews as JSON, a folder of Markdown files, or CSV for spreadsheets.',
    'search': 'Find reviews, in French or English, by words, acronyms, phrases and fields.',
    'reindex': 'Rebuild the search index from the store, and extract again the key results older rules found.',
    'forest': 'A forest plot of the primary effects of the reviews named by id or found by a query.',
    'stats': 'Count the reviews per year of review and of publication, journal, keyword, design and reviewer.',
    'sync': 'Share the reviews with the club: fetch the remote, merge, send, update the store.',
    'conflicts': "List the reviews a sync found edited on both sides (on every member's store), until each is settled.",
    'lexicon': 'The medical lexicon: see what a term names, add your own concepts.',
    'results': "The trials' key results (design, N, primary effect): show them, extract them again.",
}


class MiaGroup(TyperGroup):
    """Loads a command's module when the command is asked for (`COMMANDS`), and maps every
    `MiaError` (and any surprise) to a plain message and an exit code."""

    def list_commands(self, ctx):  # type: ignore[override]
        return list(COMMANDS) + [name for name in self.commands if name not in COMMANDS]

    def get_command(self, ctx, cmd_name):  # type: ignore[override]
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self._load(COMMANDS[cmd_name], cmd_name)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx, formatter) -> None:  # type: ignore[override]
        """The command list of `mia --help`, as typer writes it, from `COMMAND_HELP` for the
        commands not loaded (a loaded one speaks for itself)."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            loaded = self.commands.get(name)
            if loaded is not None:
                if not loaded.hidden:
                    rows.append((name, loaded.get_short_help_str(limit)))
            else:
                rows.append((name, make_default_short_help(COMMAND_HELP[name], limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def resolve_command(self, ctx, args):  # type: ignore[override]
        if args and args[0] not in COMMANDS:  # a typo: every name is needed to suggest one
            for module in dict.fromkeys(COMMANDS.values()):
                self._load(module)
        return super().resolve_command(ctx, args)

    def _load(self, module: str, only: str | None = None) -> None:
        """Import `mia.cli.<module>` (its decorators register its commands on `app`) and add
        its commands to this group: the one named `only` if given (typer reads the parameters
        of each command it builds, ~0.2 ms each), else all. The objects built are frozen, as in
        `mia.cli`."""
        collecting = gc.isenabled()
        gc.disable()
        try:
            importlib.import_module(f"mia.cli.{module}")
            options = {"pretty_exceptions_short": app.pretty_exceptions_short, "rich_markup_mode": app.rich_markup_mode}
            for info in app.registered_commands:
                name = info.name or get_command_name(info.callback.__name__)
                if COMMANDS.get(name) == module and name not in self.commands and only in (None, name):
                    self.commands[name] = get_command_from_info(info, **options)
            for info in app.registered_groups:
                if COMMANDS.get(info.name) == module and info.name not in self.commands and only in (None, info.name):
                    self.commands[info.name] = get_group_from_info(info, suggest_commands=app.suggest_commands, **options)
        finally:
            gc.freeze()
            if collecting:
                gc.enable()

    def parse_args(self, ctx, args):  # type: ignore[override]
        """mia's own options (`mia --stroe x list`): a usage error said as `invoke` says a command's."""
        try:
            return super().parse_args(ctx, args)
        except UsageError as error:
            if os.environ.get("MIA_DEBUG") == "1" or isinstance(error, NoArgsIsHelpError):  # (`mia` alone: the help)
                raise
            print_error(usage_text(error.format_message(), error.ctx or ctx))
            raise typer.Exit(ExitStatus.BAD_INPUT) from None

    def invoke(self, ctx):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except MiaError as error:
            if os.environ.get("MIA_DEBUG") == "1":
                raise
            if not isinstance(error, AlreadyReported):
                print_error(str(error))
            raise typer.Exit(error.exit_code) from None
        except BrokenPipeError:
            # `mia list | head`: the reader left; nothing more to say.
            sys.stderr.close()
            raise typer.Exit(ExitStatus.OK) from None
        except KeyboardInterrupt:
            print_error("Interrupted; nothing more was done.")
            raise typer.Exit(ExitStatus.INTERRUPTED) from None
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except Exception as error:  # noqa: BLE001 - the user gets a sentence, not a traceback
            problem = disk_problem(error)
            if problem and os.environ.get("MIA_DEBUG") != "1":
                print_error(problem)
                raise typer.Exit(ExitStatus.STORE) from None
            if os.environ.get("MIA_DEBUG") == "1":
                raise
            if isinstance(error, UsageError) and not isinstance(error, NoArgsIsHelpError):
                print_error(usage_text(error.format_message(), error.ctx))
                raise typer.Exit(ExitStatus.BAD_INPUT) from None
            if hasattr(error, "show") and hasattr(error, "exit_code"):  # click's other errors print themselves
                raise
            print_error(
                f"mia hit an unexpected problem: {type(error).__name__}: {error}\n"
                "Nothing was changed beyond what was reported. Run again with MIA_DEBUG=1 for details, and report it."
            )
            raise typer.Exit(ExitStatus.INTERNAL) from None


def disk_problem(error: Exception) -> str | None:
    """What to tell the user of a full disk or a file mia may not write (an OSError, or SQLite's
    "database or disk is full"), else None. (sqlite3 is not imported for this: `--version`.)"""
    import errno

    full = (isinstance(error, OSError) and error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))) or (
        type(error).__module__.startswith("sqlite3") and "disk is full" in str(error))
    if full:
        where = f" ({error.filename})" if isinstance(error, OSError) and error.filename else ""
        return (f"The disk is full{where}: mia could not write. What was stored before is as it was.\n"
                "Free some space, then run the command again.")
    if isinstance(error, OSError) and error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        where = f" {error.filename}" if error.filename else ""
        return (f"mia may not write{where}: {error.strerror}. What was stored before is as it was.\n"
                "Check the permissions (or point --store / MIA_STORE elsewhere), then run the command again.")
    return None


class MiaCommand(TyperCommand):
    """Every command of mia (`MiaTyper`): words it does not take are refused with
    `leftover_words_error`, saying what to type, instead of click's usage error; click's other
    usage errors name the command (`usage_text`)."""

    def parse_args(self, ctx, args):  # type: ignore[override]
        if ctx.allow_extra_args or ctx.resilient_parsing:
            return super().parse_args(ctx, args)
        ctx.allow_extra_args = True  # (click keeps the words left over in ctx.args, then)
        try:
            rest = super().parse_args(ctx, args)
        except UsageError as error:
            error.ctx = error.ctx or ctx  # (click's parser leaves it out: `-n` without its number)
            raise
        finally:
            ctx.allow_extra_args = False
        if ctx.args:
            raise leftover_words_error(self, ctx, ctx.args)
        return rest


class MiaTyper(typer.Typer):
    """typer's application (mia's, and its groups': lexicon, results) whose commands are built
    as `MiaCommand`s, unless one names its own class (a `MiaCommand` too: `QueryCommand`)."""

    def command(self, *args, cls=None, **kwargs):  # type: ignore[override]
        return super().command(*args, cls=cls or MiaCommand, **kwargs)


def leftover_words_error(command, ctx, leftover: list[str]) -> BadInput:
    """The error for words typed after a command that takes none, or more than it takes
    (`mia list id:40`, `mia show 40 41`): what it takes, and what to type, the review named by a
    word left over (in any form: `40`, `id:40`) read with the command taking one review at a
    time, else with `mia show`."""
    from mia.model.ids import review_named

    name = ctx.command_path
    words = " ".join(leftover)
    taken = [param for param in command.params if getattr(param, "param_type_name", "") == "argument"]
    if taken:
        shape = " ".join(param.make_metavar(ctx) for param in taken)
        message = f"{name} takes {shape} and nothing more: {words} {'is' if len(leftover) == 1 else 'are'} left over."
    else:
        message = f"{name} takes options only, no words: {words} {'is' if len(leftover) == 1 else 'are'} not for it."
    hints = []
    named = next((found for found in map(review_named, leftover) if found), None)
    if named is not None:
        number = named.rsplit("_", 1)[1]
        if any(param.metavar == "ID" for param in taken):
            hints.append(f"One review at a time: {name} {number}")
        else:
            hints.append(f"To read review {number}: mia show {number}")
    hints.append(help_line(ctx))
    return BadInput(message, hint="\n".join(hints))


def usage_text(message: str, ctx) -> str:
    """click's word on what was typed wrong (`No such option: --jsn`, `Missing argument 'ID'.`),
    then the command's example (the line of its help) and where its help is: what to type."""
    help_text = getattr(getattr(ctx, "command", None), "help", None) or ""
    examples = [line.strip() for line in help_text.splitlines() if line.strip().startswith("Example:")]
    return "\n".join([message, *examples[:1], help_line(ctx)])


def help_line(ctx) -> str:
    """Where the help of the command being typed is (the program's, without one)."""
    if ctx is None:
        return "`mia -h` lists the commands."
    what = "lists its commands" if hasattr(ctx.command, "list_commands") else "says what it takes"
    return f"`{ctx.command_path} -h` {what}."


class QueryCommand(MiaCommand):
    """A command whose arguments are a search query (search, forest): a word starting with "-"
    that is not one of the command's options is an exclusion, as the query syntax says
    (`mia search pneumonie -hydrocortisone`), not an unknown option (click read it as -h, -y…)."""

    def parse_args(self, ctx, args):  # type: ignore[override]
        return super().parse_args(ctx, query_arguments(self, ctx, args))


def query_arguments(command, ctx, args: list[str]) -> list[str]:
    """`args` reordered for click: the command's options (with their values) first, then `--`
    and the query's words in the order typed, exclusions included."""
    takes_value = dict.fromkeys(ctx.help_option_names, False)
    for param in command.params:
        if getattr(param, "param_type_name", "") == "option":
            for name in [*param.opts, *param.secondary_opts]:
                takes_value[name] = not (param.is_flag or param.count)
    options: list[str] = []
    words: list[str] = []
    at = 0
    while at < len(args):
        arg = args[at]
        name, equals, _ = arg.partition("=")
        if arg == "--":
            words += args[at + 1:]
            break
        if name in takes_value:
            options.append(arg)
            if takes_value[name] and not equals:
                if at + 1 == len(args):
                    return args  # (its value is missing: click says so)
                at += 1
                options.append(args[at])
        elif takes_value.get(arg[:2]) and arg[2:].isdigit():  # -n5
            options.append(arg)
        elif arg.startswith("--") and arg[2:3].isalpha():  # a mistyped option (`--limt`), never a
            options.append(arg)  # word of the query (an exclusion has one -): click says so
        else:
            words.append(arg)
        at += 1
    return options + ["--"] + words if words else options


def print_error(message: str) -> None:
    """An error for the user: plain text on stderr, control characters removed."""
    from mia.cli.render import plain

    lines = plain(message).splitlines() or [""]
    sys.stderr.write("Error: " + lines[0] + "\n")
    for line in lines[1:]:
        sys.stderr.write(line + "\n")
    sys.stderr.flush()


def print_warning(message: str) -> None:
    from mia.cli.render import plain

    sys.stderr.write("Warning: " + plain(message) + "\n")
    sys.stderr.flush()


app = MiaTyper(
    cls=MiaGroup,
    name="mia",
    help="mia: the journal club's reviews, searchable from the terminal.\n\n"
    "Example: mia add data/reviews/ && mia search ITP && mia show 40",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"mia {__version__}\n")
        raise typer.Exit(ExitStatus.OK)


@app.callback()
def main_options(
    ctx: typer.Context,
    store: Optional[Path] = typer.Option(
        None, "--store", metavar="PATH",
        help="The store file (else MIA_STORE, else the user data dir).",
    ),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print mia's version and exit."),
    no_pager: bool = typer.Option(False, "--no-pager", help="Write show, diff, history and long lists straight to the terminal (else MIA_PAGER, PAGER or less -FRX shows them)."),
) -> None:
    """mia: the journal club's reviews, searchable from the terminal."""
    from mia.base.environment import is_offline
    from mia.store.layout import store_path

    is_offline()  # MIA_OFFLINE is checked once, the same for every command (a bad value: exit 2)
    ctx.obj = {"store": store_path(store), "no_pager": no_pager}


#: The `--no-pager` of each paged command (show, diff, history, list): the same as `mia --no-pager`.
NO_PAGER_OPTION = typer.Option(False, "--no-pager", help="Write straight to the terminal, without the pager.")


def pager(ctx: typer.Context, *, no_pager: bool = False, as_json: bool = False, lines: Optional[int] = None):
    """A context in which the command's stdout goes through the pager, when `cli.pager` decides
    so (a terminal, no --json, no `--no-pager` before or after the command; a list only when
    longer than the screen)."""
    from mia.cli.pager import paged, paging_wanted

    root = ctx.find_root()
    no_pager = no_pager or bool((root.obj or {}).get("no_pager"))
    return paged(paging_wanted(no_pager, as_json=as_json, lines=lines))


def current_store(ctx: typer.Context):
    """The store the user chose (`--store`, `MIA_STORE`, or the default), index kept in step."""
    from mia.core.library import open_store

    root = ctx.find_root()
    return open_store((root.obj or {}).get("store"))


def reading_store(ctx: typer.Context):
    """The chosen store for a command that reads through the search index (show, list, search):
    a `StoreView`, which imports the store's machinery only if the store file must be read."""
    from mia.store.view import StoreView

    root = ctx.find_root()
    return StoreView((root.obj or {})["store"], _open_store)


def _open_store(path: Path):
    """`core.library.open_store`, imported only when a reading command needs the real store
    (the core brings the model's dataclasses: ~4 ms that a fresh-index search does not pay)."""
    from mia.core.library import open_store

    return open_store(path)


def complete_review_id(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of review ids from the chosen store (silent on any problem)."""
    try:
        store = current_store(ctx)
        return [i for i in store.ids() if i.startswith(incomplete) or i.removeprefix("mia_review_").startswith(incomplete)]
    except Exception:  # noqa: BLE001 - completion must never print an error
        return []


def write_json(data) -> None:
    """Machine output: only JSON on stdout, UTF-8. json escapes the C0 controls; DEL and the C1
    controls (which some terminals obey) are escaped here too, so the text stays inert."""
    import json

    from mia.base.controls import JSON_UNESCAPED_CONTROLS

    text = json.dumps(data, ensure_ascii=False, indent=2)
    text = JSON_UNESCAPED_CONTROLS.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
    sys.stdout.write(text + "\n")


def confirm_or_abort(question: str, yes: bool) -> None:
    """Ask before a destructive step; with no answer to read (no terminal), `--yes` is needed."""
    if yes:
        return
    try:
        agreed = typer.confirm(question, default=False)
    except typer.Abort:
        raise BadInput("This needs a confirmation and there was no answer to read.", hint="Add --yes to go ahead.") from None
    if not agreed:
        sys.stdout.write("Nothing was changed.\n")
        raise typer.Exit(ExitStatus.OK)


def steps_bar(label: str):
    """A context giving `step(name, done, total)` for a long command made of steps (`mia sync`):
    a rich bar on stderr naming the step, pulsing while its total is None, from the start with
    `label`; nothing at all when stderr is not a terminal (scripts read clean output)."""
    from contextlib import contextmanager, nullcontext

    from mia.cli.render import stderr_is_terminal

    if not stderr_is_terminal():
        return nullcontext(lambda name, done, total: None)

    @contextmanager
    def bar():
        from rich.progress import BarColumn, Progress, TextColumn

        from mia.cli.render import plain, stderr_console

        # (the count shows only for a step that can be counted: no "0%" for git's push)
        columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[count]}"))
        with Progress(*columns, console=stderr_console(), transient=True) as progress:
            current = {"name": label, "task": progress.add_task(plain(label), total=None, count="")}

            def step(name: str, done: int, total: int | None) -> None:
                if name != current["name"]:  # a new step, counted or not: a bar of its own
                    progress.remove_task(current["task"])
                    current.update(name=name, task=progress.add_task(plain(name), total=total, count=""))
                count = f"{done:,} of {total:,}" if total else ""
                progress.update(current["task"], completed=done, total=total, count=count)

            yield step

    return bar()


def progress_bar(label: str, *, minimum: int):
    """A context giving `advance(done, total)`: a rich bar on stderr once `total` reaches
    `minimum` and stderr is a terminal; nothing at all when piped (scripts read clean output).
    `advance(done, total, step)` names a later step of the work (the bar starts again under it)."""
    from contextlib import contextmanager, nullcontext

    if not sys.stderr.isatty():
        return nullcontext(lambda done, total, step=None: None)

    @contextmanager
    def bar():
        from rich.progress import Progress

        from mia.cli.render import stderr_console

        with Progress(console=stderr_console(), transient=True) as progress:
            task = progress.add_task(label, total=None, visible=False)

            def advance(done: int, total: int, step: str | None = None) -> None:
                if step is not None:
                    progress.update(task, description=step, completed=done, total=total, visible=True)
                elif total >= minimum:
                    progress.update(task, completed=done, total=total, visible=True)

            yield advance

    return bar()
