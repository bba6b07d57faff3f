"""Writing and editing reviews, below the CLI: the editor, drafts, versions, diffs."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from mia.core import authoring

from mia.core import versions
from mia.base.errors import BadInput, NotFound
from mia.importers.markdown import review_to_markdown
from mia.model.review import Article, Review, Section
from mia.store.review_store import Store


def make_review(**fields) -> Review:
    return Review(
        id="mia_review_5",
        title=fields.pop("title", "Un titre"),
        sections=fields.pop("sections", [Section("Introduction", "Première phrase."), Section("Discussion", "Fin.")]),
        article=Article(doi="10.1000/abc"),
        **fields,
    )


@pytest.fixture
def store(store_path) -> Store:
    store = Store(store_path)
    store.add(make_review(source={"name": "r5.txt", "sha256": "1" * 64, "format": "compte-rendu"}))
    return store


def python_editor(tmp_path: Path, monkeypatch, body: str) -> None:
    """$VISUAL becomes a small Python script: `text` holds the file, `path` its path."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import pathlib, sys\npath = pathlib.Path(sys.argv[1])\ntext = path.read_text(encoding='utf-8')\n" + body,
        encoding="utf-8",
    )
    monkeypatch.setenv("VISUAL", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")


# --- the editor -------------------------------------------------------------------------------


def test_the_editor_is_visual_then_editor_then_nano_then_vi(monkeypatch):
    assert authoring.editor_command({"VISUAL": "code --wait", "EDITOR": "nano"}) == ["code", "--wait"]
    assert authoring.editor_command({"EDITOR": "emacs -nw"}) == ["emacs", "-nw"]
    monkeypatch.setattr(authoring.shutil, "which", lambda name: "/usr/bin/nano" if name == "nano" else None)
    assert authoring.editor_command({}) == ["nano"]
    monkeypatch.setattr(authoring.shutil, "which", lambda name: None)
    assert authoring.editor_command({"VISUAL": "  "}) == ["vi"]


def test_an_editor_mia_chose_is_announced_with_its_keys_and_how_to_choose(monkeypatch):
    monkeypatch.setattr(authoring.shutil, "which", lambda name: f"/usr/bin/{name}" if name in ("micro", "vi") else None)
    chosen = authoring.member_editor({})
    assert chosen.command == ["micro"] and chosen.set_by is None  # friendlier than vi
    assert chosen.choice_note() == ("No editor is set, so mia opens micro (Ctrl-S saves, Ctrl-Q quits). "
                                    "To choose another, name it in EDITOR, e.g. export EDITOR=nano (in your shell's profile to keep it).")
    assert authoring.member_editor({"EDITOR": "/opt/bin/kate -b"}).set_by == "EDITOR"
    assert authoring.member_editor({"EDITOR": "/opt/bin/kate -b"}).choice_note() is None


def test_no_terminal_for_the_editor_mia_chose_is_refused_before_anything(monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    with pytest.raises(BadInput, match="needs a terminal, and there is none here: nothing was changed"):
        authoring.editor_to_open(terminal=False, retry="mia edit 5")
    assert authoring.editor_to_open(terminal=True, retry="mia edit 5").set_by is None
    monkeypatch.setenv("EDITOR", "my-script")
    assert authoring.editor_to_open(terminal=False, retry="mia edit 5").command == ["my-script"]


def test_an_editor_that_cannot_start_keeps_the_draft(store, monkeypatch):
    monkeypatch.setenv("VISUAL", "/nonexistent/editor")
    draft = authoring.start_edit(store, "5")
    with pytest.raises(authoring.EditorFailed) as failure:
        authoring.open_draft(draft)
    assert "The editor '/nonexistent/editor' could not be started" in failure.value.message
    assert f"Your draft is kept in {draft.path}" in failure.value.message
    assert draft.path.exists()


def test_an_editor_that_fails_keeps_the_draft(store, tmp_path, monkeypatch):
    python_editor(tmp_path, monkeypatch, "sys.exit(3)\n")
    draft = authoring.start_edit(store, "5")
    with pytest.raises(authoring.EditorFailed, match=r"stopped with an error \(exit status 3\)"):
        authoring.open_draft(draft)
    assert draft.path.exists()


def test_an_emptied_buffer_keeps_nothing(store, tmp_path, monkeypatch):
    python_editor(tmp_path, monkeypatch, "path.write_text('\\n  \\n')\n")
    draft = authoring.start_edit(store, "5")
    with pytest.raises(authoring.EntryAborted, match="The draft is empty: nothing was stored."):
        authoring.open_draft(draft)
    assert not draft.path.exists()
    assert list(authoring.drafts_folder(store).iterdir()) == []


def test_ctrl_c_in_the_editor_keeps_the_draft_as_every_failure_after_it_opened(store):
    def saved_then_interrupted(path):
        path.write_text(path.read_text(encoding="utf-8") + "\nUn ajout.\n", encoding="utf-8")
        raise KeyboardInterrupt

    draft = authoring.start_edit(store, "5")
    with pytest.raises(authoring.EditorInterrupted, match=r"Stopped \(Ctrl-C\) while the editor was open: nothing was stored.") as stop:
        authoring.open_draft(draft, editor=saved_then_interrupted)
    assert stop.value.exit_code == 130 and stop.value.draft == draft.path
    assert draft.path.read_text(encoding="utf-8").endswith("Un ajout.\n")


def test_drafts_never_overwrite_each_other(store):
    first = authoring.write_draft(store, "mia_review_5", "a")
    second = authoring.write_draft(store, "mia_review_5", "b")
    assert first.path != second.path and first.path.read_text() == "a"
    assert first.path.parent == store.path.parent / "reviews.json.drafts"


# --- edits and versions -----------------------------------------------------------------------


def test_an_edit_is_stored_as_the_next_version_with_the_previous_in_history(store):
    draft = authoring.start_edit(store, "mia_review_5")
    result = authoring.save_edit(store, draft, draft.text.replace("Première phrase.", "Première phrase, revue."))
    assert result.outcome == "saved" and result.previous_version == "V0"
    saved = store.get("mia_review_5")
    assert saved.version == "V1" and saved.version_date == authoring.today()
    assert saved.sections[0].text == "Première phrase, revue."
    assert [h["version"] for h in saved.history] == ["V0"]
    assert saved.history[0]["sections"][0]["text"] == "Première phrase."
    assert saved.source == {"name": "r5.txt", "sha256": "1" * 64, "format": "compte-rendu"}
    assert not draft.path.exists()


def test_changing_only_the_version_line_is_no_change(store):
    before = store.path.read_bytes()
    draft = authoring.start_edit(store, "5")
    result = authoring.save_edit(store, draft, draft.text.replace("version: V0", "version: V7"))
    assert result.outcome == "unchanged"
    assert store.path.read_bytes() == before and not draft.path.exists()


def test_an_edit_cannot_change_the_id(store):
    draft = authoring.start_edit(store, "5")
    with pytest.raises(authoring.DraftKept, match="The id was changed from mia_review_5 to mia_review_6"):
        authoring.save_edit(store, draft, draft.text.replace("id: mia_review_5", "id: mia_review_6"))
    assert draft.path.exists()


def test_an_invalid_edit_names_the_line_and_keeps_the_draft(store):
    before = store.path.read_bytes()
    draft = authoring.start_edit(store, "5")
    with pytest.raises(authoring.DraftKept) as failure:
        authoring.save_edit(store, draft, draft.text.replace("title: Un titre", "title: ''"))
    assert failure.value.problem == f"{draft.path.name}, line 5: the review has no title."
    assert draft.path.exists() and store.path.read_bytes() == before


def test_a_review_changed_meanwhile_is_not_overwritten(store):
    draft = authoring.start_edit(store, "5")
    other = authoring.start_edit(store, "5")
    authoring.save_edit(store, other, other.text.replace("Fin.", "Fin, par un autre."))
    with pytest.raises(authoring.DraftOutdated, match="was changed by someone else since your draft") as kept:
        authoring.save_edit(store, draft, draft.text.replace("Fin.", "Fin, par moi."))
    assert store.get("mia_review_5").sections[1].text == "Fin, par un autre."
    # Carrying on with the kept draft (what the message used to advise) would undo the other
    # edit: it is refused too, the draft kept, and the hint says how to merge.
    kept_draft = kept.value.draft
    kept_draft.write_text(draft.text.replace("Fin.", "Fin, par moi."), encoding="utf-8")
    with pytest.raises(authoring.DraftOutdated, match=r"starts from V0, the review is now V1") as again:
        authoring.start_edit(store, "5", from_file=kept_draft)
    assert kept_draft.is_file() and "mia diff mia_review_5 V0 V1" in again.value.hint
    assert store.get("mia_review_5").sections[1].text == "Fin, par un autre."


def test_next_version_counts_up_and_never_reuses_a_label():
    assert versions.next_version(make_review()) == "V1"
    assert versions.next_version(make_review(version="V9")) == "V10"
    assert versions.next_version(make_review(version="V1", history=[{"version": "V2"}])) == "V3"
    assert versions.next_version(make_review(version="draft", history=[{"version": "x"}])) == "V2"


def versioned() -> Review:
    v0 = make_review().to_dict()
    v0.pop("history")
    v1 = dict(v0, version="V1", sections=[{"heading": "Introduction", "text": "Deuxième."}, {"heading": "Discussion", "text": "Fin."}])
    return make_review(version="V2", history=[v0, v1], sections=[Section("Introduction", "Troisième."), Section("Discussion", "Fin.")])


def test_versions_are_found_by_label():
    review = versioned()
    assert versions.version_labels(review) == ["V0", "V1", "V2"]
    assert versions.find_version(review, "v1").sections[0].text == "Deuxième."
    assert versions.find_version(review, "0").sections[0].text == "Première phrase."
    with pytest.raises(NotFound, match="mia_review_5 has no version V5") as failure:
        versions.find_version(review, "V5")
    assert failure.value.hint == "Its versions are: V0, V1, V2."


def test_diff_compares_the_previous_version_with_the_current_by_default():
    review = versioned()
    before, after = versions.versions_to_compare(review, None, None)
    assert (before.version, after.version) == ("V1", "V2")
    [change] = versions.version_changes(before, after)  # the label and its date are no change
    assert (change.before, change.after, change.excerpts) == ("Deuxième.", "Troisième.", [[("removed", "Deuxième."), ("added", "Troisième.")]])
    before, after = versions.versions_to_compare(review, "V0", None)
    assert (before.version, after.version) == ("V0", "V2")
    before, after = versions.versions_to_compare(review, "V1", "V0")
    assert (before.version, after.version) == ("V1", "V0")


def test_changed_words_keep_a_few_words_of_context_and_part_far_apart_changes():
    words = " ".join(f"w{i}" for i in range(1, 31))
    changed = words.replace("w3 ", "W3 ").replace("w28", "W28")
    assert versions.changed_words(words, changed, context=2) == [
        [("same", "w1 w2"), ("removed", "w3"), ("added", "W3"), ("same", "w4 w5 …")],
        [("same", "… w26 w27"), ("removed", "w28"), ("added", "W28"), ("same", "w29 w30")],
    ]
    near = words.replace("w3 ", "W3 ").replace("w6 ", "W6 ")
    assert versions.changed_words(words, near, context=2)[0][2:5] == [("added", "W3"), ("same", "w4 w5"), ("removed", "w6")]
    assert versions.changed_words("un  deux", "un deux") == []  # spacing only
    assert versions.changed_words("Un.\n\nDeux.", "Un.\n\nDeux.\n\nTrois.") == [[("same", "Un. ¶ Deux."), ("added", "¶ Trois.")]]


def test_version_changes_name_each_entry_of_the_key_results_and_leave_bookkeeping_out():
    review = versioned()
    before, after = versions.versions_to_compare(review, None, None)
    before.extra["key_results"] = {"n": 120, "primary": {"measure": "HR", "value": 0.41}, "checked": False}
    after.extra["key_results"] = {"n": 121, "primary": {"measure": "HR", "value": 0.41}, "checked": True}
    parts = [(change.part, change.before, change.after) for change in versions.version_changes(before, after)]
    assert parts == [("key_results n", "120", "121"), ("key_results checked", "no", "yes"), ("section 'Introduction'", "Deuxième.", "Troisième.")]
    assert versions.changed_parts(before, after) == ["key_results", "section 'Introduction'"]  # (mia history: by field)


def test_a_review_with_one_version_has_nothing_to_compare():
    with pytest.raises(BadInput, match=r"has only one version \(V0\)"):
        versions.versions_to_compare(make_review(), None, None)


# --- new reviews ------------------------------------------------------------------------------


def test_a_new_review_starts_from_the_template_with_the_next_free_id(store):
    fields = authoring.NewReviewFields(title="Nouveau", keywords=["TPI"], article=Article(doi="10.1000/x", title="Art"))
    draft = authoring.start_new_review(store, fields)
    assert draft.base is None and draft.path.name.startswith("mia_review_6-")
    text = draft.text
    assert "id: mia_review_6" in text and "title: Nouveau" in text and f"published: '{authoring.today()}'" in text
    assert [line for line in text.splitlines() if line.startswith("## ")] == [
        "## Introduction", "## Méthode", "## Résultats", "## Discussion",
    ]
    written = text.replace("## Méthode\n", "## Méthode\n\nRCT, N=120.\n")
    review = authoring.save_new_review(store, draft, written)
    assert review.id == "mia_review_6" and review.version == "V0"
    assert [s.text for s in review.sections] == ["", "RCT, N=120.", "", ""]
    assert review.source["format"] == "markdown" and review.added
    assert not draft.path.exists()


def test_a_new_review_takes_no_id_a_review_written_and_not_added_yet_holds(store, tmp_path):
    """The ids of templates `mia new -o` wrote and of kept drafts of new reviews wait for them:
    the next new review gets the lowest number above the store's that none of them names."""
    a = authoring.write_template(store, Article(), tmp_path / "a.md")
    assert a.review.id == "mia_review_6" and a.waiting == []
    kept = authoring.start_new_review(store, authoring.NewReviewFields(title="Guidée"))  # its draft stays
    assert "id: mia_review_7" in kept.text
    b = authoring.write_template(store, Article(), tmp_path / "b.md")
    assert b.review.id == "mia_review_8"
    assert [(w.review_id, w.path, w.kind) for w in b.waiting] == [
        ("mia_review_6", tmp_path / "a.md", "template"), ("mia_review_7", kept.path, "draft")]
    printed = authoring.write_template(store, Article(), None)  # standard output: not remembered
    assert printed.review.id == "mia_review_9"
    assert authoring.new_review_id(store)[0] == "mia_review_9"
    # a template deleted, or written over, gives its id back; one whose id line was changed holds that id
    (tmp_path / "a.md").unlink()
    assert authoring.new_review_id(store)[0] == "mia_review_6"
    assert authoring.write_template(store, Article(), tmp_path / "b.md").review.id == "mia_review_6"
    (tmp_path / "b.md").write_text((tmp_path / "b.md").read_text(encoding="utf-8").replace("mia_review_6", "mia_review_9"), encoding="utf-8")
    assert authoring.new_review_id(store)[0] == "mia_review_6"
    authoring.discard_draft(kept)
    assert authoring.new_review_id(store, leaving=None)[0] == "mia_review_6"
    assert [w.review_id for w in authoring.waiting_reviews(store)] == ["mia_review_9"]


def test_a_new_review_whose_id_was_taken_meanwhile_keeps_its_draft_and_says_how_to_add_it(store):
    """Another member's review took the next free id while this one was being written."""
    draft = authoring.start_new_review(store, authoring.NewReviewFields(title="Le mien"))
    other = make_review(title="Un autre")
    other.id = "mia_review_6"
    store.add(other)
    written = draft.text.replace("## Méthode\n", "## Méthode\n\nRCT, N=120.\n")
    with pytest.raises(authoring.DraftKept) as kept:
        authoring.save_new_review(store, draft, written)
    assert "mia_review_6 already exists in the store as “Un autre”" in kept.value.message
    assert f"Store this one under the next free id with: mia add --new-id {draft.path}" in kept.value.hint
    assert draft.path.exists()


def test_a_new_review_without_any_text_is_not_stored(store):
    draft = authoring.start_new_review(store, authoring.NewReviewFields(title="Vide"))
    with pytest.raises(authoring.EntryAborted, match="No section has any text"):
        authoring.save_new_review(store, draft, draft.text)
    assert store.ids() == ["mia_review_5"] and not draft.path.exists()


def test_the_edit_form_is_the_markdown_without_bookkeeping(store):
    draft = authoring.start_edit(store, "5")
    assert draft.text == review_to_markdown(store.get("mia_review_5"), bookkeeping=False)


def test_a_template_saved_with_windows_line_endings_still_holds_its_id(store, tmp_path):
    """An editor on Windows saves the template's lines ending in CRLF: its id still waits."""
    a = authoring.write_template(store, Article(), tmp_path / "a.md")
    (tmp_path / "a.md").write_bytes(a.text.replace("\n", "\r\n").encode("utf-8"))
    assert authoring.file_review_id(tmp_path / "a.md") == "mia_review_6"
    assert authoring.new_review_id(store)[0] == "mia_review_7"
