"""The lexicon is analysed once per content in a process, not once per configuration folder."""

from __future__ import annotations

from mia.lexicon.files import USER_FILE, lexicon_signature
from mia.search import lexicon_index
from mia.search.lexicon import load_lexicon


def counting_loader(directory, calls):
    def load():
        calls.append(directory)
        return load_lexicon(directory)
    return load


def test_two_folders_without_a_user_lexicon_share_one_analysis(tmp_path, monkeypatch):
    monkeypatch.setattr(lexicon_index, "_ANALYSED", {})
    calls: list = []
    first, second = tmp_path / "one", tmp_path / "two"
    rows = lexicon_index._analysed_rows(lexicon_signature(first), counting_loader(first, calls))
    again = lexicon_index._analysed_rows(lexicon_signature(second), counting_loader(second, calls))
    assert calls == [first]
    assert again is rows


def test_a_user_lexicon_written_is_analysed_apart(tmp_path, monkeypatch):
    monkeypatch.setattr(lexicon_index, "_ANALYSED", {})
    calls: list = []
    empty, written = tmp_path / "empty", tmp_path / "written"
    written.mkdir()
    (written / USER_FILE).write_text("mot-xylo | | | |\n", encoding="utf-8")
    plain = lexicon_index._analysed_rows(lexicon_signature(empty), counting_loader(empty, calls))
    own = lexicon_index._analysed_rows(lexicon_signature(written), counting_loader(written, calls))
    assert calls == [empty, written]
    assert len(own[0]) == len(plain[0]) + 1
