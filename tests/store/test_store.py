"""The store: atomic writes, ids, history on replace, trash, damage never overwritten."""

from __future__ import annotations

import json

import pytest

from mia.base.errors import BadInput, NotFound, StoreError
from mia.model.review import Article, Review, Section
from mia.store.review_store import BACKUPS_KEPT, SCHEMA_VERSION, Store


def make_review(number: int = 1, text: str = "Texte.", **fields) -> Review:
    return Review(
        id=f"mia_review_{number}",
        title=fields.pop("title", f"Review {number}"),
        sections=[Section("Introduction", text)],
        article=Article(doi=f"10.1000/Test{number}", title="An article"),
        source={"name": f"r{number}.txt", "sha256": fields.pop("sha256", f"sha-{number}-{text}"), "format": "compte-rendu"},
        **fields,
    )


def test_added_review_reads_back_identical(store_path):
    store = Store(store_path)
    review = make_review(40)
    assert store.add(review) == "added"
    again = store.get("mia_review_40")
    assert again.to_dict() == review.to_dict()
    assert again.added.endswith("Z") and again.added == again.updated


def test_the_file_records_the_schema_version(store_path):
    Store(store_path).add(make_review())
    data = json.loads(store_path.read_text(encoding="utf-8"))
    assert data["_meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert list(data["reviews"]) == ["1"]


def test_records_come_in_id_number_order(store_path):
    store = Store(store_path)
    for number in (10, 2, 33, 1):
        store.add(make_review(number))
    assert store.ids() == ["mia_review_1", "mia_review_2", "mia_review_10", "mia_review_33"]
    assert store.next_free_id() == "mia_review_34"


def test_adding_the_same_review_again_is_a_no_op(store_path):
    store = Store(store_path)
    store.add(make_review(5))
    before = store_path.read_bytes()
    assert store.add(make_review(5)) == "unchanged"
    assert store_path.read_bytes() == before


def test_other_content_under_an_existing_id_is_refused(store_path):
    store = Store(store_path)
    store.add(make_review(5))
    with pytest.raises(BadInput, match="already exists"):
        store.add(make_review(5, text="Autre texte."))
    assert store.get("mia_review_5").sections[0].text == "Texte."


def test_new_ids_stores_a_review_whose_id_is_taken_under_the_next_free_number(store_path):
    """`mia add --new-id`: above every number in use (the trash's too), in `reserved`, and
    among the reviews of the write; a review that is not refused keeps its id."""
    store = Store(store_path)
    store.add_many([make_review(5), make_review(7)])
    store.remove("mia_review_7")
    taken, trashed, free = make_review(5, text="Autre."), make_review(7, text="Autre."), make_review(6)
    refused = store.add_many([taken, trashed, free])
    assert [type(outcome).__name__ for outcome in refused] == ["IdTaken", "IdTaken", "str"]
    outcomes = store.add_many([make_review(5, text="Autre."), make_review(7, text="Autre.")], new_ids=True, reserved=[8])
    assert outcomes == ["added", "added"]
    assert store.ids() == ["mia_review_5", "mia_review_6", "mia_review_9", "mia_review_10"]
    assert store.get("mia_review_9").sections[0].text == "Autre."
    # the same review from the same file, added again, is found where it was stored
    again = make_review(5, text="Autre.")
    assert store.add_many([again], by_source=True) == ["unchanged"] and again.id == "mia_review_9"
    assert isinstance(store.add_many([make_review(5, text="Autre.")])[0], BadInput)  # (not looked for)


def test_replace_keeps_the_previous_version_in_history(store_path):
    store = Store(store_path)
    store.add(make_review(5))
    assert store.add(make_review(5, text="Autre texte.", version="V1"), replace=True) == "replaced"
    review = store.get("mia_review_5")
    assert review.sections[0].text == "Autre texte."
    assert [h["sections"][0]["text"] for h in review.history] == ["Texte."]
    assert "history" not in review.history[0]


def test_unknown_id_is_not_found(store_path):
    with pytest.raises(NotFound, match="mia_review_9"):
        Store(store_path).get("mia_review_9")


def test_trash_and_restore(store_path):
    store = Store(store_path)
    store.add(make_review(3))
    store.remove("mia_review_3")
    assert store.ids() == []
    assert [r["id"] for r in store.trash_records()] == ["mia_review_3"]
    with pytest.raises(BadInput, match="trash"):
        store.add(make_review(3))
    store.restore("mia_review_3")
    assert store.ids() == ["mia_review_3"]
    store.remove("mia_review_3")
    assert store.purge_trash() == 1
    assert store.trash_records() == []


def test_every_write_tells_the_listener(store_path):
    calls = []
    store = Store(store_path, on_change=lambda s, up, rm: calls.append(([r["id"] for r in up], rm)))
    store.add(make_review(1))
    store.add(make_review(1))  # unchanged: nothing written, nothing told
    store.remove("mia_review_1")
    assert calls == [(["mia_review_1"], []), ([], ["mia_review_1"])]


@pytest.mark.parametrize(
    "content, expected",
    [
        (b'{"reviews": {"1": {"id": ', "line 1"),
        (b"\xff\xfe not json", "not UTF-8"),
        (b"[1, 2]", "not a mia store"),
        (b'{"_meta": {"1": {"schema_version": 99}}, "reviews": {}}', "schema version 99"),
    ],
)
def test_a_damaged_store_is_reported_and_never_overwritten(store_path, content, expected):
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(content)
    store = Store(store_path)
    with pytest.raises(StoreError, match=expected) as raised:
        store.records()
    assert str(store_path) in str(raised.value)
    with pytest.raises(StoreError):
        store.add(make_review())
    assert store_path.read_bytes() == content


def test_no_temporary_file_is_left_behind(store_path):
    store = Store(store_path)
    for number in range(1, 4):
        store.add(make_review(number))
    assert sorted(p.name for p in store_path.parent.iterdir()) == [
        "reviews.json", "reviews.json.backups", "reviews.json.lock", "reviews.json.lock.owner",
    ]


def test_the_last_versions_of_the_store_are_kept_as_backups(store_path):
    store = Store(store_path)
    states = []
    for number in range(1, 9):
        states.append(store_path.read_bytes() if store_path.exists() else None)
        store.add(make_review(number))
    backups = store.backups()
    assert len(backups) == BACKUPS_KEPT
    # Newest first: the store as it was before each of the last five writes.
    assert [b.read_bytes() for b in backups] == states[::-1][:BACKUPS_KEPT]


def test_update_changes_reviews_as_they_are_under_the_lock(store_path):
    store = Store(store_path)
    store.add(make_review(1))
    store.add(make_review(2))
    stale = store.get("mia_review_1")  # what a slow resolver read before an edit landed
    store.add(make_review(1, text="Texte corrigé."), replace=True)

    def attach(review):
        review.article.metadata = {"title": "An article"}
        return review.id == "mia_review_1"

    assert store.update(["mia_review_1", "mia_review_2", "mia_review_9"], attach) == ["mia_review_9"]
    review = store.get("mia_review_1")
    assert review.sections[0].text == "Texte corrigé."  # the edit is kept
    assert review.article.metadata == {"title": "An article"}
    assert stale.sections[0].text == "Texte."
    assert store.get("mia_review_2").article.metadata is None  # unchanged: not written
