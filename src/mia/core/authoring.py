"""Writing and changing reviews in mia: templates, the editor round trip, versions and diffs.

A member writes in their own editor (`$VISUAL`, then `$EDITOR`, else `nano` when installed,
else `vi`) on the Markdown form of the review (`mia.importers.markdown`). The editor works on a
*draft file* kept beside the store (`reviews.json.drafts/`), not in a temporary folder, because
nothing a member typed may be lost: when the editor fails or what was written does not validate,
the draft stays where it is and its path is named; so it does when the member presses Ctrl-C
while the editor is open (what the editor saved is in it). The draft is deleted once the review
is stored, and when the member empties it, since then nothing is to be kept.

A new review's id is the lowest above the store's that no review written and not added yet
holds (`new_review_id`): the drafts folder's drafts, and the templates `mia new -o` wrote, which
it lists in `templates.json` there, each read for the id its file names now (`mia.core.waiting`).

With neither `$VISUAL` nor `$EDITOR` set, mia chooses a terminal editor (`member_editor`), says
which and how to choose one's own, and refuses before writing a draft when there is no terminal
for it (`editor_to_open`).

An edit stores a new version: the previous record goes into `history` (the store does that on
`add(..., replace=True)`), the version label goes up (V0 → V1) and the version date is today.

Nothing here prints or asks: the CLI (`mia.cli.authoring_commands`) holds the conversation.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shlex
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from mia.base.digests import sha256_hex
from mia.base.files import atomic_write_bytes
from mia.model.ids import review_number
from mia.model.review import PDF_FIELD, Article, Review, Section, normalise_id
from mia.store.lock import FileLock, LockTimeout
from mia.store.review_store import IdTaken, Store
from mia.core.versions import next_version
from mia.core.waiting import TEMPLATES_FILE, Waiting, drafts_folder, file_review_id, waiting_reviews  # noqa: F401  (file_review_id: the API)
from mia.base.errors import BadInput, ExitStatus, ImportFailed, MiaError, StoreError
from mia.base.phrases import shell_word
from mia.core.evidence import results_after_edit
from mia.importers import attach_key_results
from mia.importers.markdown import TEMPLATE_HEADINGS, parse_markdown, review_to_markdown
from mia.model.dates import written_date
from mia.core.library import reviews_about_dois
from mia.model.doi import doi_match_key, is_valid_doi, normalise_doi

#: YAML comment lines at the top of a template's front matter (YAML ignores them).
TEMPLATE_GUIDANCE = (
    "A mia review. Fill in the fields, then write each section under its '## Heading'.\n"
    "Dates are YYYY-MM-DD; lists take one '- item' per line. Save and quit to store it;\n"
    "an empty file stores nothing."
)
#: The same for a template written to a file (`mia new -o FILE`): stored by `mia add FILE`.
FILE_TEMPLATE_GUIDANCE = TEMPLATE_GUIDANCE.replace(
    "Save and quit to store it;\nan empty file stores nothing.", "Then store it with: mia add {file}")

class EntryAborted(MiaError):
    """The member stopped (empty buffer, Ctrl-C, declined): nothing was kept."""

    exit_code = ExitStatus.NOT_FOUND


class EntryInterrupted(EntryAborted):
    """The member pressed Ctrl-C (at a question or in the editor): nothing was kept; exit 130,
    as shells expect and as a bulk add interrupted ends."""

    exit_code = ExitStatus.INTERRUPTED


class DraftKept(BadInput):
    """Something failed after the member wrote: the draft is kept at `draft` for another try.

    `problem` is what went wrong; the message adds where the draft is.
    """

    def __init__(self, problem: str, *, draft: Path, hint: str | None = None) -> None:
        super().__init__(f"{problem}\nYour draft is kept in {shell_word(draft)}", hint=hint)
        self.problem = problem
        self.draft = draft


class EditorFailed(DraftKept):
    """The editor could not be started, or stopped with an error."""


class EditorInterrupted(EditorFailed):
    """The member pressed Ctrl-C while the editor was open: the draft is kept (what the editor
    saved is in it), and mia exits 130 as for every Ctrl-C."""

    exit_code = ExitStatus.INTERRUPTED


class DraftOutdated(DraftKept):
    """The review changed in the store since the draft's text was taken from it: saving the
    draft would undo that change, so the draft is kept and the member merges by hand (another
    `--draft` would hit the same wall)."""

    def __init__(self, review_id: str, drafted: str, current: str, *, draft: Path) -> None:
        super().__init__(
            f"{review_id} was changed by someone else since your draft was written (your draft starts "
            f"from {drafted}, the review is now {current}): saving it would undo their change.",
            draft=draft,
            hint=f"See what they changed: mia diff {review_id} {shell_word(drafted)} {shell_word(current)}. Then run mia edit "
                 f"{review_id} and bring your changes over from the draft.",
        )


#: The version a draft's text was taken from, as its front matter gives it.
_DRAFT_VERSION = re.compile(r"^version:\s*['\"]?([^'\"\s]+)", re.MULTILINE)


def today() -> str:
    return datetime.date.today().isoformat()


# --- the editor -------------------------------------------------------------------------------


#: The editors mia opens when the member has set none (`$VISUAL`, `$EDITOR`): the first installed,
#: the easiest for someone who never chose one first (nano shows its keys on screen), vi last.
FALLBACK_EDITORS = ("nano", "pico", "micro", "vi")

#: How to save and quit, said before mia opens one of its own choice.
EDITOR_KEYS = {
    "nano": "Ctrl-O then Enter saves, Ctrl-X quits",
    "pico": "Ctrl-O then Enter saves, Ctrl-X quits",
    "micro": "Ctrl-S saves, Ctrl-Q quits",
    "vi": "press i to type; to save and quit: Esc, then :wq and Enter; to quit without saving: Esc, then :q! and Enter",
}


@dataclass
class Editor:
    """The editor mia opens: its command line, and the variable naming it (None: mia's choice)."""

    command: list[str]
    set_by: str | None = None

    @property
    def name(self) -> str:
        return Path(self.command[0]).name if self.command else "(none)"

    def choice_note(self) -> str | None:
        """What to tell a member whose editor mia chose: which, its keys, how to choose another."""
        if self.set_by is not None:
            return None
        keys = EDITOR_KEYS.get(self.name)
        return (f"No editor is set, so mia opens {self.name}" + (f" ({keys})" if keys else "") + ". "
                "To choose another, name it in EDITOR, e.g. export EDITOR=nano (in your shell's profile to keep it).")


def member_editor(environ: Mapping[str, str] | None = None) -> Editor:
    """The member's editor: `$VISUAL`, `$EDITOR`, else the first of `FALLBACK_EDITORS` installed."""
    env = os.environ if environ is None else environ
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if value:
            return Editor(shlex.split(value), set_by=name)
    for fallback in FALLBACK_EDITORS:
        if shutil.which(fallback):
            return Editor([fallback])
    return Editor([FALLBACK_EDITORS[-1]])


def editor_command(environ: Mapping[str, str] | None = None) -> list[str]:
    """The member's editor as a command line (`member_editor`)."""
    return member_editor(environ).command


def editor_to_open(*, terminal: bool, retry: str) -> Editor:
    """The editor an edit will open, or BadInput before anything is written when it cannot run:
    mia's own choice is a terminal editor, and without a terminal (input from a pipe, a file,
    /dev/null) it would stop at once or wait for keys nobody can type. An editor the member set
    runs as it is (a program of theirs may need no terminal). `retry`: the command to run again."""
    editor = member_editor()
    if editor.set_by is None and not terminal:
        raise BadInput(
            f"This opens an editor ({editor.name}), which needs a terminal, and there is none here: nothing was changed.",
            hint=f"Run `{retry}` in a terminal window. To use another editor, set EDITOR (for example: export EDITOR=nano).",
        )
    return editor


def run_editor(path: Path, editor: Editor | None = None) -> None:
    """Open `path` in `editor` (the member's, `member_editor`, unless given) and wait;
    EditorFailed (draft kept) when it fails."""
    command = (editor or member_editor()).command
    name = command[0] if command else "(none)"  # as the member wrote it: the path that failed
    try:
        completed = subprocess.run([*command, str(path)], check=False)
    except OSError as error:
        raise EditorFailed(
            f"The editor '{name}' could not be started ({error.strerror or error}).",
            draft=path,
            hint="Set VISUAL or EDITOR to an editor that is installed (for example: export EDITOR=nano).",
        ) from None
    if completed.returncode != 0:
        raise EditorFailed(
            f"The editor '{name}' stopped with an error (exit status {completed.returncode}).",
            draft=path,
        )


# --- drafts -----------------------------------------------------------------------------------


@dataclass
class Draft:
    """A review being written: the file the editor works on and what it started from."""

    path: Path
    text: str
    #: The stored review being edited; None for a new review.
    base: Review | None = None
    #: A new review's article as its DOI resolved: its metadata is not in the Markdown form.
    article: Article | None = None
    #: The editor it opens in (`member_editor`), when known.
    editor: Editor | None = None


def write_draft(store: Store, stem: str, text: str) -> Draft:
    """A new draft file (never one that exists: an earlier kept draft is not overwritten)."""
    folder = drafts_folder(store)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = folder / f"{stem}-{stamp}.md"
    counter = 1
    while path.exists():
        counter += 1
        path = folder / f"{stem}-{stamp}-{counter}.md"
    path.write_text(text, encoding="utf-8")
    return Draft(path, text)


def discard_draft(draft: Draft) -> None:
    draft.path.unlink(missing_ok=True)


def open_draft(draft: Draft, editor: Callable[[Path], None] | None = None) -> str:
    """Run the editor (`run_editor` unless given) on the draft and return what it holds after.

    An empty buffer discards the draft: EntryAborted. Ctrl-C while the editor runs keeps it, as
    every other failure after the editor opened does: EditorInterrupted.
    """
    try:
        (editor or (lambda path: run_editor(path, draft.editor)))(draft.path)
    except KeyboardInterrupt:
        raise EditorInterrupted("Stopped (Ctrl-C) while the editor was open: nothing was stored.", draft=draft.path) from None
    try:
        text = draft.path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EntryAborted("The draft file was deleted: nothing was stored.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise DraftKept(f"The draft cannot be read back ({error}).", draft=draft.path) from None
    if not text.strip():
        discard_draft(draft)
        raise EntryAborted("The draft is empty: nothing was stored.")
    return text


# --- new reviews ------------------------------------------------------------------------------


@dataclass
class NewReviewFields:
    """What the guided entry asks before the editor opens."""

    title: str = ""
    authors: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    published: str = ""
    article: Article = field(default_factory=Article)


_ET_AL = re.compile(r",?\s*\bet al\.?$", re.IGNORECASE)


def entry_date(text: str, *, partial: bool = False) -> str:
    """A date typed in the guided entry, as the record keeps it: YYYY-MM-DD from any written
    form `mia.model.dates` reads (2021-10-30, 30.10.2021, 30 octobre 2021); with `partial` (the
    article's date) also a month or a year alone (YYYY-MM, YYYY: 10/2021, octobre 2021, 2021).
    "" stays "". Raises BadInput naming what is wrong."""
    text = text.strip()
    if not text:
        return ""
    written = written_date(text)
    if written is not None and written.iso and (partial or written.precision == "day"):
        return written.iso
    forms = "YYYY-MM-DD (2021-10-30), DD.MM.YYYY" + (", MM/YYYY or YYYY" if partial else "")
    if written is None:
        problem = "is not a date"
    elif not written.iso:
        problem = "is not a real date"
    else:
        problem = "is not a whole date (the day is needed)"
    raise BadInput(f"'{text}' {problem}: write it as {forms}.")


def split_list(text: str) -> list[str]:
    """A comma-separated answer as its items (blanks dropped)."""
    return [part.strip() for part in text.split(",") if part.strip()]


def byline(article: Article) -> str:
    """The article's authors as one line, "et al." ending it when the list is cut."""
    return ", ".join(article.authors) + (" et al." if article.et_al else "")


def set_byline(article: Article, written: str) -> None:
    """The authors from a typed line (comma-separated; a final "et al." says the list is cut)."""
    written = written.strip()
    article.et_al = bool(_ET_AL.search(written))
    article.authors = split_list(_ET_AL.sub("", written))


def blank_review(review_id: str, fields: NewReviewFields) -> Review:
    """A V0 review with the given fields and the four usual headings, without text yet."""
    return Review(
        id=review_id,
        title=fields.title,
        sections=[Section(heading, "") for heading in TEMPLATE_HEADINGS],
        version="V0",
        version_date=today(),
        published=fields.published or today(),
        authors=list(fields.authors),
        keywords=list(fields.keywords),
        article=fields.article,
    )


def template_text(review: Review, file: str | None = None) -> str:
    """The Markdown a member starts from (`mia new`, the guided entry): fields and headings;
    written to `file`, its guidance says to add that file (not to save and quit)."""
    guidance = FILE_TEMPLATE_GUIDANCE.format(file=shell_word(file)) if file else TEMPLATE_GUIDANCE
    return review_to_markdown(review, bookkeeping=False, comment=guidance)


# --- a new review's id ---------------------------------------------------------------------------

@dataclass
class NewTemplate:
    """What `mia new` wrote: the blank review, its Markdown, and the new reviews that wait."""

    review: Review
    text: str
    waiting: list[Waiting]


def new_review_id(store: Store, *, leaving: Path | None = None) -> tuple[str, list[Waiting]]:
    """The id a new review gets (`mia new`, the guided entry), and the new reviews that wait: the
    lowest number above the store's that no review written and not added yet names
    (`waiting_reviews`), so two templates written in a row never share one. The one place it
    is decided (`mia add --new-id` passes over the same waiting ids: `library._import_files`)."""
    number = review_number(store.next_free_id())
    waiting = waiting_reviews(store, leaving=leaving, highest=number - 1)
    taken = {found.review_id for found in waiting}
    while f"mia_review_{number}" in taken:
        number += 1
    return f"mia_review_{number}", waiting


def write_template(store: Store, article: Article, output: Path | None) -> NewTemplate:
    """`mia new`: a blank review about `article` under `new_review_id`, as its template, written
    to `output` and remembered (the next template gets the next id while this one waits), or
    only returned, for standard output, when `output` is None."""
    if output is None:
        review_id, waiting = new_review_id(store)
        review = blank_review(review_id, NewReviewFields(article=article))
        return NewTemplate(review, template_text(review, file="FILE.md"), waiting)
    folder = drafts_folder(store)
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(folder / "templates.lock", timeout=10)
    try:
        lock.acquire()
    except LockTimeout:
        raise StoreError("Another mia new is writing a template to this store.", hint="Try again in a moment.") from None
    try:
        review_id, waiting = new_review_id(store, leaving=output)
        review = blank_review(review_id, NewReviewFields(article=article))
        text = template_text(review, file=str(output))
        atomic_write_bytes(output, text.encode("utf-8"))
        kept = [str(found.path) for found in waiting if found.kind == "template"]
        record = {"templates": [*kept, os.path.abspath(output)]}
        atomic_write_bytes(folder / TEMPLATES_FILE, json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"))
    finally:
        lock.release()
    return NewTemplate(review, text, waiting)


def start_new_review(store: Store, fields: NewReviewFields) -> Draft:
    """A draft for a new review under the id `new_review_id` gives."""
    review = blank_review(new_review_id(store)[0], fields)
    draft = write_draft(store, review.id, template_text(review))
    draft.article = fields.article
    return draft


def save_new_review(store: Store, draft: Draft, text: str) -> Review:
    """Validate what the member wrote and store it as a new review; the draft goes away.

    Raises DraftKept (with the line) when it does not validate or cannot be stored, and
    EntryAborted when no section has any text.
    """
    review = _parse_draft(draft, text)
    if not any(section.text.strip() for section in review.sections):
        discard_draft(draft)
        raise EntryAborted("No section has any text: nothing was stored.")
    review.source = _draft_source(text)
    review.added = review.updated = ""

    attach_key_results(review)  # as an import of the same Markdown would (checked ones are kept)
    resolved = draft.article
    if resolved is not None and resolved.metadata and resolved.doi.casefold() == review.article.doi.casefold():
        review.article.metadata = resolved.metadata
    try:
        store.add(review)
    except IdTaken as error:  # (its id taken meanwhile: the draft can be added under the next one)
        raise DraftKept(error.message, draft=draft.path, hint=error.advice_for(str(draft.path))) from None
    except BadInput as error:
        raise DraftKept(error.message, draft=draft.path, hint=error.hint) from None
    discard_draft(draft)
    return store.get(review.id)


def _draft_source(text: str) -> dict[str, str]:
    """Where a review written in mia came from: the Markdown the member saved."""
    return {
        "name": "written in mia",
        "sha256": sha256_hex(text.encode("utf-8")),
        "format": "markdown",
    }


def _parse_draft(draft: Draft, text: str) -> Review:
    try:
        review = parse_markdown(text, source_name=draft.path.name).review
    except ImportFailed as error:
        raise DraftKept(error.message, draft=draft.path, hint=error.hint) from None
    # An import keeps an invalid DOI as a note (importers.set_aside_invalid_doi); the member
    # writing here is asked to correct it instead.
    if review.article.doi and not is_valid_doi(review.article.doi):
        raise DraftKept(
            f"'{review.article.doi}' (article.doi) is not a valid DOI.",
            draft=draft.path,
            hint="A DOI looks like 10.1056/NEJMoa2100596; correct it, or leave it empty ('').",
        )
    return review


# --- edits -------------------------------------------------------------------------------------


@dataclass
class EditResult:
    """What an edit did: "saved" (a new version) or "unchanged"; the review as it now is."""

    outcome: str
    review: Review
    previous_version: str = ""


def start_edit(store: Store, review_id: str, *, from_file: Path | None = None, terminal: bool = True) -> Draft:
    """A draft holding the review's Markdown (or a kept draft's text, to carry on with it), with
    the editor to open it in (`editor_to_open`: refused, before any draft, when it needs a
    terminal and `terminal` says there is none)."""
    review = store.get(normalise_id(review_id))
    editor = editor_to_open(terminal=terminal, retry=f"mia edit {shell_word(review_id)}" + (f" --draft {shell_word(from_file)}" if from_file else ""))
    if from_file is not None:
        try:
            text = from_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise BadInput(f"The draft {from_file} cannot be read ({error}).") from None
        drafted = _DRAFT_VERSION.search(text.split("\n---", 1)[0])
        if drafted and drafted.group(1) != review.version:
            raise DraftOutdated(review.id, drafted.group(1), review.version, draft=from_file)
    else:
        text = review_to_markdown(review, bookkeeping=False)
    draft = write_draft(store, review.id, text)
    draft.base, draft.editor = review, editor
    if from_file is not None and from_file.resolve() != draft.path.resolve():
        from_file.unlink(missing_ok=True)  # its text now lives in the new draft
    return draft


def save_edit(store: Store, draft: Draft, text: str) -> EditResult:
    """Store the edited review as its next version, unless it says the same as before.

    The version label and date are mia's to set: changing only them is no change. Raises
    DraftKept (draft kept, line named) when the text does not validate, the id was changed,
    or the review changed in the store meanwhile.
    """
    assert draft.base is not None, "save_edit needs a draft started by start_edit"
    base = draft.base
    edited = _parse_draft(draft, text)
    if PDF_FIELD in base.extra and PDF_FIELD not in edited.extra:  # the draft does not show it
        edited.extra[PDF_FIELD] = base.extra[PDF_FIELD]
    results_after_edit(base, edited)  # a correction is marked checked; unchecked ones follow the text
    if edited.id != base.id:
        raise DraftKept(
            f"The id was changed from {base.id} to {edited.id}; an edit keeps the id.",
            draft=draft.path,
            hint=f"Put back `id: {base.id}`, or save the text as a new review with `mia add FILE.md`.",
        )
    if _says_the_same(edited, base):
        discard_draft(draft)
        return EditResult("unchanged", base)
    current = store.get(base.id)
    if not _says_the_same(current, base) or current.version != base.version:
        raise DraftOutdated(base.id, base.version, current.version, draft=draft.path)
    edited.version = next_version(current)
    edited.version_date = today()
    edited.source = dict(current.source)
    edited.added = current.added
    edited.extra = dict(current.extra, key_results=edited.extra["key_results"]) if "key_results" in edited.extra else dict(current.extra)
    if edited.article.doi.casefold() == current.article.doi.casefold():
        edited.article.metadata = current.article.metadata
    try:
        store.add(edited, replace=True)
    except BadInput as error:
        raise DraftKept(error.message, draft=draft.path, hint=error.hint) from None
    discard_draft(draft)
    return EditResult("saved", store.get(base.id), previous_version=current.version)


def _says_the_same(a: Review, b: Review) -> bool:
    """Same content, leaving aside the version label and date (mia sets those)."""
    left, right = a.content_dict(), b.content_dict()
    for record in (left, right):
        record.pop("version", None)
        record.pop("version_date", None)
    return left == right


# --- the reviewed article, from its DOI -------------------------------------------------------


def reviews_of_doi(store: Store, doi_text: str) -> tuple[str, list[str]]:
    """The DOI (normalised, as written) and the ids of the reviews already about it."""
    doi = normalise_doi(doi_text)
    return doi, reviews_about_dois(store, [doi]).get(doi_match_key(doi), [])


def article_for_doi(doi: str, *, offline: bool) -> tuple[Article, MiaError | None]:
    """The article `doi` names, its fields filled from its metadata when mia is online.

    Resolution is `mia.core.resolution`'s (a nonexistent DOI raises NotFound there). When the
    service fails or mia is offline, the article holds only the DOI and the failure comes back,
    so the guided entry asks the member for the rest. This function is the seam tests replace.
    """
    from mia.core.resolution import article_for_doi as resolve

    return resolve(doi, offline=offline)
