"""The three-way merge of one review's record (mia.sync.merge), on its own."""

from __future__ import annotations

from sync_support import review

from mia.model.review import CONFLICT_FIELD
from mia.sync.merge import merge_records, next_label


def record(**changes):
    base = review(1).to_dict()
    base.update(added="2026-01-01T00:00:00Z", updated="2026-01-01T00:00:00Z")
    sections = {s["heading"]: s["text"] for s in base["sections"]}
    for key, value in changes.pop("sections", {}).items():
        if value is None:
            sections.pop(key, None)
        else:
            sections[key] = value
    base["sections"] = [{"heading": h, "text": t} for h, t in sections.items()]
    base.update(changes)
    return base


def edited(version, stamp, **changes):
    """An edit of the base as `mia edit` stores it: the base in history, the next label."""
    base = record()
    new = record(version=version, updated=stamp, **changes)
    new["history"] = [{k: v for k, v in base.items() if k != "history"}]
    return new


def test_a_section_added_on_one_side_and_removed_on_the_other_both_happen():
    base = record()
    local = edited("V1", "2026-02-01T00:00:00Z", sections={"Conclusion": "Nouvelle conclusion."})
    remote = edited("V1", "2026-02-02T00:00:00Z", sections={"Méthode": None})
    merged = merge_records(base, local, remote)
    assert merged.conflicts == []
    assert [s["heading"] for s in merged.record["sections"]] == ["Introduction", "Résultats", "Discussion", "Conclusion"]
    assert merged.record["version"] == "V1" and len(merged.record["history"]) == 1
    assert merged.record["updated"] == "2026-02-02T00:00:00Z"


def test_fields_of_the_article_conflict_only_when_both_changed_them():
    base = record()
    local = edited("V1", "2026-02-01T00:00:00Z", title="Titre A", article=dict(base["article"], journal="Lancet"))
    remote = edited("V1", "2026-02-02T00:00:00Z", title="Titre B", article=dict(base["article"], doi="10.1000/x"))
    merged = merge_records(base, local, remote)
    assert merged.conflicts == ["title"]
    assert merged.record["article"]["journal"] == "Lancet" and merged.record["article"]["doi"] == "10.1000/x"
    assert merged.record["title"] == "Titre B"  # the later edit's
    assert merged.record["history"][-1]["title"] == "Titre A"  # the earlier kept whole
    assert (merged.earlier_label, merged.record["version"], merged.earlier_side) == ("V1", "V2", "local")


def test_keywords_and_authors_merge_item_by_item():
    base = record(keywords=["TPI", "MMF"], authors=["Dr A. Martin"])
    local = edited("V1", "2026-02-01T00:00:00Z", keywords=["TPI", "MMF", "rituximab"],
                   authors=["Dr A. Martin", "Dr B. Roux"])
    local["history"][0].update(keywords=["TPI", "MMF"], authors=["Dr A. Martin"])
    remote = edited("V1", "2026-02-02T00:00:00Z", keywords=["TPI", "corticoïdes"], authors=["Dr C. Blanc"])
    remote["history"][0].update(keywords=["TPI", "MMF"], authors=["Dr A. Martin"])
    merged = merge_records(base, local, remote)
    assert merged.conflicts == []
    # Both additions kept; MMF removed by the remote side and Dr Martin by the remote side: gone.
    assert merged.record["keywords"] == ["TPI", "corticoïdes", "rituximab"]
    assert merged.record["authors"] == ["Dr C. Blanc", "Dr B. Roux"]


def test_merging_again_with_the_result_changes_nothing():
    base = record()
    local = edited("V1", "2026-02-01T00:00:00Z", sections={"Discussion": "De A."}, title="Titre A")
    remote = edited("V1", "2026-02-02T00:00:00Z", sections={"Discussion": "De B."})
    merged = merge_records(base, local, remote).record
    for side in (local, remote):
        again = merge_records(base, side, merged)
        assert again.conflicts == [] and again.record == merged


def test_version_labels():
    assert next_label(["V0", "V1", "V3"]) == "V4"
    assert next_label(["draft"]) == "V1"


def test_a_conflict_is_noted_in_the_merged_record_and_not_in_its_earlier_versions():
    base = record()
    local = edited("V1", "2026-02-01T00:00:00Z", sections={"Discussion": "De A."})
    local[CONFLICT_FIELD] = {"fields": ["title"], "versions": ["V0", "V1"]}  # an older one, unsettled
    remote = edited("V1", "2026-02-02T00:00:00Z", sections={"Discussion": "De B."})
    merged = merge_records(base, local, remote).record
    assert merged[CONFLICT_FIELD] == {"fields": ['section "Discussion"'], "versions": ["V1", "V2"]}  # the new one
    assert all(CONFLICT_FIELD not in version for version in merged["history"])
    for side in (local, remote):  # merged again (an interrupted sync): the same, not a new conflict
        again = merge_records(base, side, merged)
        assert again.conflicts == [] and again.record == merged


def test_a_conflict_note_merges_like_a_field():
    note = {"fields": ["title"], "versions": ["V1", "V2"]}
    base = record(version="V2", **{CONFLICT_FIELD: note})
    accepted = {key: value for key, value in base.items() if key != CONFLICT_FIELD}
    accepted["updated"] = "2026-02-01T00:00:00Z"
    other_field = dict(base, keywords=["TPI", "autre"], updated="2026-02-02T00:00:00Z")
    assert CONFLICT_FIELD not in merge_records(base, accepted, other_field).record  # accepted on one side: settled
    assert CONFLICT_FIELD not in merge_records(base, other_field, accepted).record

    mine, theirs = dict(note, fields=["title", "keywords"]), dict(note, fields=["article.journal"])
    local = dict(base, updated="2026-02-01T00:00:00Z", **{CONFLICT_FIELD: mine})
    remote = dict(other_field, **{CONFLICT_FIELD: theirs})
    assert merge_records(base, local, remote).record[CONFLICT_FIELD] == theirs  # both noted one: the later side's

    edited_since = dict(accepted, version="V3", title="Titre réécrit", updated="2026-02-03T00:00:00Z")
    noted = dict(record(version="V2", updated="2026-02-01T00:00:00Z"), **{CONFLICT_FIELD: note})
    merged = merge_records(record(version="V2"), noted, edited_since).record
    assert merged["version"] == "V3" and CONFLICT_FIELD not in merged  # names V2, no longer current: settled
