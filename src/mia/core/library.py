"""The operations behind the commands, usable from Python without the CLI.

Each function takes a `Store` and plain arguments and returns data (never prints): the CLI
renders what comes back, tests assert on it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Callable, ContextManager, Iterable

from mia.base.environment import is_offline
from mia.base.errors import BadInput, ImportFailed, Interrupted, NotFound
from mia.base.phrases import listed
from mia.model.doi import doi_match_key, is_valid_doi
from mia.model.review import PDF_EXPORT_FOLDER, PDF_FIELD, Review, normalise_id, review_number
from mia.store.layout import is_sha256, path_in, pdf_folder, store_path
from mia.search import index_changed, merge_after_import, reviews_of_dois

if TYPE_CHECKING:
    from mia.store.review_store import Store

# Reviews are written in batches during a bulk import: a killed import keeps what was written,
# and re-running it skips those (they come back "unchanged"). MIA_IMPORT_BATCH_SIZE tunes it.
IMPORT_BATCH_SIZE = 500


def import_batch_size() -> int:
    try:
        return max(1, int(os.environ.get("MIA_IMPORT_BATCH_SIZE", IMPORT_BATCH_SIZE)))
    except ValueError:
        return IMPORT_BATCH_SIZE


def open_store(option: str | Path | None = None) -> Store:
    """The store at `--store` / `MIA_STORE` / the user data dir, with its index kept in step."""
    from mia.store.review_store import Store

    return Store(store_path(option), on_change=_update_search_index)


def _update_search_index(store: Store, upserted: list[dict], removed: list[str]) -> None:
    index_changed(store, upserted, removed)


class FileOutcome:
    """What happened to one file of an import. (Plain classes, this and `AddReport`: a
    dataclass costs ~0.4 ms to create at every start of `mia add`.)"""

    __slots__ = ("path", "outcome", "review_id", "message", "notes", "relabelled", "review",
                 "pdf_source", "pdf_sha256", "doi")

    def __init__(self, path: Path, outcome: str, review_id: str = "", message: str = "",
                 notes: list[str] | None = None) -> None:
        self.path = path
        self.outcome = outcome  # "added", "unchanged", "replaced" or "failed"
        self.review_id = review_id
        self.message = message
        self.notes: list[str] = notes if notes is not None else []
        #: A replacement whose label an earlier version had: (the file's label, the one stored).
        self.relabelled: tuple[str, str] | None = None
        #: The review as stored (added or replaced) when its DOI is to be looked up after the
        #: import; None otherwise (a bulk import must not hold every review it stored: 1.3 GB at
        #: 100,000).
        self.review: Review | None = None
        #: The PDF to keep beside the store once the review is stored (`keep_pdf`), and its SHA-256.
        self.pdf_source: Path | None = None
        self.pdf_sha256 = ""
        #: The DOI of the review this import added (for `_note_same_articles`), else "".
        self.doi = ""

    def __repr__(self) -> str:
        return f"FileOutcome({self.path!r}, {self.outcome!r}, {self.review_id!r}, {self.message!r})"


class AddReport:
    __slots__ = ("files", "resolution_warnings", "lookup_skipped", "other_files")

    def __init__(self) -> None:
        self.files: list[FileOutcome] = []
        #: Files of the folders given that mia does not read (a .docx, an image): not reviews.
        self.other_files: list[Path] = []
        #: One line per reason a stored review's DOI could not be resolved.
        self.resolution_warnings: list[str] = []
        #: The stored reviews whose DOI look-up Ctrl-C skipped.
        self.lookup_skipped: list[str] | None = None

    def count(self, outcome: str) -> int:
        return sum(1 for item in self.files if item.outcome == outcome)

    @property
    def failed(self) -> list[FileOutcome]:
        return [item for item in self.files if item.outcome == "failed"]

    @property
    def stored_ids(self) -> list[str]:
        """Ids whose record was written by this import (added or replaced)."""
        return [item.review_id for item in self.files if item.outcome in ("added", "replaced")]


def add_paths(
    store: Store,
    paths: Iterable[Path],
    *,
    replace: bool = False,
    new_id: bool = False,
    progress: Callable[[int, int], None] | None = None,
    max_size: str | None = None,
    keep_reviews_with_doi: bool = False,
) -> AddReport:
    """Import review files and folders: every good file is stored, every bad one reported.
    `new_id` (`--new-id`) stores a review whose id another review has under the next free id
    (none a new review written and not added yet holds: `waiting.waiting_reviews`);
    `max_size` (`--max-size`, e.g. "5MB") raises the most text a review may hold;
    `keep_reviews_with_doi` keeps, in the report, the stored reviews that give a DOI (for the
    look-up that follows)."""
    from mia.importers import collect_paths
    from mia.importers.source import review_size_limit

    if replace and new_id:
        raise BadInput("--replace and --new-id cannot go together: --replace stores a file as the new version of "
                       "the review whose id it has, --new-id as another review under the next free id.")
    max_text_bytes = review_size_limit(max_size)  # a bad value is an error before any file is read
    report = AddReport()
    files: dict[str, Path] = {}  # (a file named twice, or also inside a folder named, is read once)
    for path in paths:
        try:
            found = collect_paths([Path(path)], others=report.other_files)
        except ImportFailed as error:
            report.files.append(FileOutcome(Path(path), "failed", message=str(error)))
            continue
        for file in found:
            files.setdefault(os.path.abspath(file), file)
    storing = _Storing(replace, new_id, keep_reviews_with_doi)
    try:
        _import_files(store, list(files.values()), report, storing, progress, max_text_bytes)
        _note_same_articles(store, report)
    except KeyboardInterrupt:
        raise _interrupted_import(store, report, len(files), storing.writing) from None
    return report


class _Storing:
    """How an import stores its reviews (`--replace`, `--new-id`, keeping those with a DOI for
    the look-up), and where it is: whether a batch is being written (for the Ctrl-C message),
    the reviews left for the last write (those whose id another review has)."""

    __slots__ = ("replace", "new_id", "keep_reviews_with_doi", "writing", "deferred")

    def __init__(self, replace: bool, new_id: bool, keep_reviews_with_doi: bool) -> None:
        self.replace, self.new_id, self.keep_reviews_with_doi = replace, new_id, keep_reviews_with_doi
        self.writing = False
        self.deferred: list[tuple[FileOutcome, Review]] = []


def _interrupted_import(store: Store, report: AddReport, file_count: int, writing: bool) -> Interrupted:
    """What a bulk import stopped by Ctrl-C says: what was stored, and that re-running the
    same `mia add` completes it (the reviews already stored come back unchanged). Of a batch
    stopped while being written, the store says which reviews its write had put on disk
    (`Store.written_ids`: its files are written one at a time, each whole or not)."""
    stored = sum(1 for item in report.files if item.outcome in ("added", "replaced"))
    if writing:
        stored += len(store.written_ids)
    already = report.count("unchanged")
    read = len({item.path for item in report.files})
    message = f"Interrupted after reading {read} of {file_count} file(s): {stored} review(s) were stored"
    message += f" ({already} were already there)." if already else "."
    return Interrupted(message, hint="Run the same `mia add` again to complete the import: the reviews already stored come back unchanged.")


def _import_files(store: Store, files: list[Path], report: AddReport, storing: _Storing,
                  progress: Callable[[int, int], None] | None, max_text_bytes: int) -> None:
    from mia.importers.parallel import read_files

    pending: list[tuple[FileOutcome, Review]] = []
    batch_size = import_batch_size()
    ids_in_this_import: dict[str, Path] = {}
    with read_files(files, max_text_bytes) as outcomes:  # (on every core when they are many)
        for done, (file, outcome) in enumerate(outcomes, 1):
            _take_file(store, file, outcome, report, pending, ids_in_this_import, storing)
            if len(pending) >= batch_size:
                _store_batch(store, pending, storing)
                pending = []
            if progress is not None:
                progress(done, len(files))
    if pending:
        _store_batch(store, pending, storing)
    if storing.deferred:
        # The reviews whose id another review has, in one last write: each may be stored already
        # under the id an earlier --new-id gave it (the store is read whole for that, once), and
        # with --new-id the others take the next free ids, above every id this import names and
        # every id a new review written and not added yet holds (`waiting.waiting_reviews`, as
        # `mia new` passes over them: a template `mia new -o` wrote, a kept draft).
        reserved = [review_number(review_id) for review_id in ids_in_this_import]
        if storing.new_id:
            from mia.core.waiting import waiting_reviews

            reserved += [review_number(found.review_id) for found in waiting_reviews(store)]
        place = {id(item): index for index, item in enumerate(report.files)}
        _store_batch(store, sorted(storing.deferred, key=lambda pair: place[id(pair[0])]), storing, reserved=reserved)
    # The index as a rebuild leaves it, when this import wrote most of it (search.maintenance).
    merge_after_import(store, sum(1 for item in report.files if item.outcome in ("added", "replaced")))


def _take_file(store: Store, file: Path, outcome, report: AddReport, pending: list[tuple[FileOutcome, Review]],
               ids_in_this_import: dict[str, Path], storing: _Storing) -> None:
    """Note in the report what reading `file` gave (its reviews, a JSON export holding many, or
    why it could not be read), and add its reviews to those waiting to be stored."""
    if isinstance(outcome, str):
        message = outcome if file.name in outcome else f"{file.name}: {outcome}"
        report.files.append(FileOutcome(file, "failed", message=message))
        return
    for parsed in outcome:
        review = parsed.review
        first = ids_in_this_import.setdefault(review.id, file)
        if first != file and not storing.new_id:
            report.files.append(FileOutcome(
                file, "failed", review.id,
                f"{file.name} has the id {review.id}, like {first.name} in the same import; give it another id "
                f"(or add with --new-id: each review whose id is taken gets the next free one).",
            ))
        else:
            noted = FileOutcome(file, "pending", review.id, notes=parsed.notes)
            _find_pdf(store, file, review, noted)
            report.files.append(noted)
            # (with --new-id, a review whose id a file before it has is stored at the end, under a new id)
            (pending if first == file else storing.deferred).append((noted, review))


def add_files(
    store: Store,
    paths: Iterable[Path],
    *,
    replace: bool = False,
    new_id: bool = False,
    offline: bool = False,
    progress: Callable[[int, int], None] | None = None,
    stored: Callable[[AddReport], None] | None = None,
    resolver=None,
    max_size: str | None = None,
    looking_up: Callable[[int], ContextManager[object]] | None = None,
) -> AddReport:
    """`mia add`: import the files (`add_paths`), then resolve the DOIs of the reviews stored,
    unless offline (`offline` or MIA_OFFLINE); `report.resolution_warnings` says what failed
    (the reviews are stored anyway). `stored(report)` is called in between, so the caller can
    say what was stored before the network is asked; `looking_up(count)` is a context held
    while the DOIs of `count` reviews are looked up (the CLI's notice on a terminal). Ctrl-C
    during the look-up skips it: the reviews stay stored, `report.lookup_skipped` names them."""
    online = not (offline or is_offline())
    report = add_paths(store, paths, replace=replace, new_id=new_id, progress=progress, max_size=max_size,
                       keep_reviews_with_doi=online)
    if stored is not None:
        stored(report)
    with_doi = [item.review for item in report.files if item.review is not None]
    if with_doi and online:
        # Lazy: the resolver brings requests (~40 ms); an offline add never pays for it.
        from contextlib import nullcontext

        from mia.core.resolution import resolve_after_add

        try:
            with (looking_up or (lambda count: nullcontext()))(len(with_doi)):
                report.resolution_warnings = resolve_after_add(store, with_doi, resolver=resolver)
        except KeyboardInterrupt:
            # The reviews are stored, and the answers received before Ctrl-C are kept.
            report.lookup_skipped = [review.id for review in with_doi]
    return report


def _store_batch(store: Store, pending: list[tuple[FileOutcome, Review]], storing: _Storing,
                 reserved: list[int] | None = None) -> None:
    """Store a batch of reviews in one write; a review whose id another review has is left for
    the last one (`reserved` given: with --new-id, new ids go above these numbers).
    `storing.writing` says, while it runs, that a Ctrl-C stops it in the middle."""
    from mia.store.review_store import IdTaken

    last = reserved is not None
    labels = [(review.id, review.version) for _, review in pending]
    storing.writing = True
    outcomes = store.add_many([review for _, review in pending], replace=storing.replace,
                              new_ids=last and storing.new_id, reserved=reserved or (), by_source=last)
    storing.writing = False
    for (item, review), (named, label), outcome in zip(pending, labels, outcomes):
        if isinstance(outcome, IdTaken) and not last:
            storing.deferred.append((item, review))
        elif isinstance(outcome, IdTaken):
            item.outcome, item.message = "failed", f"{item.path.name}: {outcome.for_file(str(item.path))}"
        elif isinstance(outcome, Exception):
            item.outcome, item.message = "failed", f"{item.path.name}: {outcome}"
        else:
            item.outcome = outcome
            if outcome == "unchanged":
                item.notes.clear()  # (said when it was stored: nothing is new)
            if review.id != named:
                item.review_id = review.id
                item.notes.append(_new_id_note(named, review.id, outcome))
            if outcome in ("added", "replaced") and storing.keep_reviews_with_doi and review.article.doi.strip():
                item.review = review
            if outcome == "added":
                item.doi = review.article.doi
            if outcome == "replaced" and review.version != label:
                item.relabelled = (label, review.version)
            if item.pdf_source is not None:
                keep_pdf(store, item)


def _new_id_note(named: str, stored_as: str, outcome: str) -> str:
    """What became of a review whose id `named` another review has: stored under the next free
    id (`--new-id`), or found stored so before."""
    if outcome == "unchanged":
        return f"its id {named} is taken; the file is stored as {stored_as} (write that id in its id line)."
    return (f"its id {named} is taken: stored as {stored_as}. Write {stored_as} in the file's id "
            f"line, so that adding it again with --replace updates {stored_as}.")


# --- reviews of the same article ------------------------------------------------------------


def reviews_about_dois(store: Store, dois: Iterable[str]) -> dict[str, list[str]]:
    """The ids of the live reviews about each valid DOI of `dois` (by `doi_match_key`, in number
    order; a DOI no review gives is left out). The search index's DOI column answers, whatever
    the store's size; when the index is not fresh, the store is read."""
    keys = sorted({doi_match_key(doi) for doi in dois if doi and is_valid_doi(doi)})
    if not keys:
        return {}
    found = reviews_of_dois(store, keys)
    if found is None:
        wanted, found = set(keys), {}
        for record in store.records():
            key = doi_match_key((record.get("article") or {}).get("doi") or "")
            if key in wanted:
                found.setdefault(key, []).append(record["id"])
    return found


def _note_same_articles(store: Store, report: AddReport) -> None:
    """A warning for each review this import added about an article that a review stored before
    it already reviews (earlier in the store, or earlier in this import): both are kept (two
    members may review one article), and the member is told."""
    added = [item for item in report.files if item.outcome == "added" and item.doi]
    if not added:
        return
    found = reviews_about_dois(store, [item.doi for item in added])
    order = {item.review_id: place for place, item in enumerate(added)}
    for place, item in enumerate(added):
        earlier = [review_id for review_id in found.get(doi_match_key(item.doi), ())
                   if review_id != item.review_id and order.get(review_id, -1) < place]
        if earlier:
            named = listed(earlier, shown=3)
            item.notes.append(f"{item.review_id} reviews the same article (DOI {item.doi}) as {named}; "
                              f"{'both are' if len(earlier) == 1 else 'all are'} kept (if it was added by "
                              f"mistake: mia rm {item.review_id}).")


# --- the original PDFs (kept beside the store: mia.store.attachments) -------------------------


def _find_pdf(store: Store, file: Path, review: Review, outcome: FileOutcome) -> None:
    """The PDF a review will keep: the file itself when it is a PDF; for a review that names one
    (a JSON or Markdown export), that PDF in the export's `mia-files/` folder. A PDF that cannot be
    found (nor is already kept) is left out of the record, and the import report says so."""
    if file.suffix.lower() == ".pdf":
        sha256 = str(review.source.get("sha256", ""))
        if is_sha256(sha256):
            review.extra[PDF_FIELD] = {"sha256": sha256, "name": file.name, "size": file.stat().st_size}
            outcome.pdf_source, outcome.pdf_sha256 = file, sha256
        return
    if PDF_FIELD not in review.extra:
        return
    named = review.extra[PDF_FIELD]
    sha256 = named.get("sha256") if isinstance(named, dict) else None
    if not is_sha256(sha256):
        del review.extra[PDF_FIELD]
        outcome.notes.append(f"its '{PDF_FIELD}' field names no PDF (it needs a 'sha256'); it was left out.")
        return
    from mia.store import attachments  # (hashlib: ~2.5 ms that a review without a PDF does not pay)

    carried = path_in(file.parent / PDF_EXPORT_FOLDER, sha256)
    if carried.is_file() and attachments.sha256_of_file(carried) == sha256:
        outcome.pdf_source, outcome.pdf_sha256 = carried, sha256
    elif not path_in(pdf_folder(store.path), sha256).is_file():
        del review.extra[PDF_FIELD]
        name = named.get("name") or "its PDF"
        outcome.notes.append(
            f"its original PDF ({name}) is not in {PDF_EXPORT_FOLDER}/ beside the file, so it was imported without it."
        )


def keep_pdf(store: Store, item: FileOutcome) -> None:
    """Keep the review's PDF beside the store (once per content), after its record is stored."""
    from mia.store import attachments

    if item.outcome in ("added", "replaced", "unchanged") and item.pdf_source is not None:
        attachments.copy_into(pdf_folder(store.path), item.pdf_source, item.pdf_sha256)


def purge_trash(store: Store) -> tuple[int, int]:
    """`mia rm --purge`: empty the trash, then delete the kept PDFs no review uses any more
    (a live review, or an earlier version of one). (reviews deleted, PDFs deleted)."""
    from mia.store import attachments

    count = store.purge_trash()
    used = attachments.used_sha256s([*store.records(), *store.trash_records()], PDF_FIELD)
    removed = attachments.remove_unused(pdf_folder(store.path), used)
    return count, len(removed)


def get_review(store: Store, review_id: str) -> Review:
    return store.get(normalise_id(review_id))


def trash_records(store: Store) -> list[dict]:
    """The reviews in the trash, in id-number order, each with its `removed` time."""
    return store.trash_records()


def review_history(store: Store, review_id: str):
    """`mia history`: the review's id and its versions, oldest first (`core.versions.history`)."""
    from mia.core.versions import history

    review = store.get(normalise_id(review_id))
    return review.id, history(review)


def reviews_to_remove(store: Store, review_ids: list[str]) -> list[Review]:
    """The reviews `mia rm` names, each once, in the order given; when any of them cannot be
    removed (unknown, in the trash already, not an id), one error naming every such one and
    saying that none was removed (`rm` moves all or nothing), with the command for the others."""
    reviews: list[Review] = []
    refused: list[NotFound | BadInput] = []
    named: list[str] = []
    for text in review_ids:
        try:
            review = store.get(normalise_id(text))
        except (NotFound, BadInput) as error:  # (a damaged store file stops the command as it is)
            refused.append(error)
            continue
        if review.id not in named:
            named.append(review.id)
            reviews.append(review)
    if not refused:
        return reviews
    # (a word that is no id keeps its hint, what to type: `id:40`'s "Type 40 …"; not found, the
    # hint below says it for all)
    reasons = "\n".join(f"  {error.message}" + (f" {error.hint}" if isinstance(error, BadInput) and error.hint else "")
                        for error in refused)
    others = (f"To move the other {len(reviews)}: mia rm {' '.join(r.id for r in reviews)}\n" if reviews else "")
    kind = NotFound if all(isinstance(error, NotFound) for error in refused) else BadInput
    raise kind(
        f"Nothing was moved to the trash, because of {len(refused)} of the {len(review_ids)} review(s) named:\n{reasons}",
        hint=others + "`mia list` shows the reviews there are; `mia trash` those in the trash.",
    )


def remove_review(store: Store, review_id: str) -> str:
    review_id = normalise_id(review_id)
    store.remove(review_id)
    return review_id


def restore_review(store: Store, review_id: str) -> str:
    review_id = normalise_id(review_id)
    store.restore(review_id)
    return review_id
