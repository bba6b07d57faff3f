"""The ligature word table (mia.lexicon.language_words): its cache file, and repairs as with the full lists.

Most tests stand a counting stand-in for `ligature_words.build` that returns the table made from
the real lists (built once per module): building from pyspellchecker costs ≈0.4 s a time.
"""

from __future__ import annotations

import functools
import sqlite3
from pathlib import Path

import pytest

from mia.lexicon import language_words as ligature_words

from mia.importers import textclean
from mia.importers.textclean import LIGATURES, repair_ligatures

#: Broken words, their repair, and what the repair shows: fi/ff/fl/ffi/ffl, French and English,
#: upper and mixed case, two lost ligatures in one word, a medical word absent from the lists.
REPAIRS = {
    "e\ufffdets": "effets",
    "E\ufffdETS": "EFFETS",
    "e\ufffdcacité": "efficacité",
    "E\ufffdCACITÉ": "EFFICACITÉ",
    "sou\ufffdrant": "souffrant",
    "\ufffdèvre": "fièvre",
    "o\ufffdcial": "official",
    "\ufffdgures": "figures",
    "\ufffdow": "flow",
    "ba\ufffded": "baffled",
    "in\ufffdammation": "inflammation",
    "IN\ufffdAMMATION": "INFLAMMATION",
    "\ufffdu\ufffd": "fluff",
    "\ufffdbrose": "fibrose",
}


@pytest.fixture(scope="module")
def spell_frequencies():
    """pyspellchecker's French and English `WordFrequency` lists, as mia used to load them."""
    from spellchecker import SpellChecker

    return [SpellChecker(language=language, distance=1).word_frequency for language in ("fr", "en")]


@pytest.fixture(scope="module")
def reference_table(spell_frequencies) -> dict[str, float]:
    return ligature_words.table_from(spell_frequencies, LIGATURES)


@pytest.fixture
def builds(monkeypatch, reference_table) -> list[tuple[str, ...]]:
    """Stand in for the slow build; the list records each build."""
    calls: list[tuple[str, ...]] = []

    def build(ligatures):
        calls.append(ligatures)
        return dict(reference_table)

    monkeypatch.setattr(ligature_words, "build", build)
    return calls


@pytest.fixture
def new_process(monkeypatch):
    """An empty in-process memo, as in a new `mia` process; the suite's memo is put back after."""

    def start():
        fresh = functools.lru_cache(maxsize=1)(textclean._ligature_words.__wrapped__)
        monkeypatch.setattr(textclean, "_ligature_words", fresh)

    return start


def forbid_spellchecker(monkeypatch) -> None:
    """Make loading pyspellchecker's lists fail the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("pyspellchecker's lists were loaded")

    monkeypatch.setattr("spellchecker.SpellChecker", refuse)
    monkeypatch.setattr(ligature_words, "build", refuse)


def cache_files() -> list[Path]:
    return sorted(ligature_words.cache_dir().glob("ligature-words-*"))


def assert_repairs_are_right() -> None:
    text = " ".join(REPAIRS)
    assert repair_ligatures(text) == (" ".join(REPAIRS.values()), [])


def test_the_table_is_built_on_first_use_then_read_from_the_cache_file(monkeypatch, reference_table):
    assert cache_files() == []
    first = ligature_words.load(LIGATURES)  # the real build, from pyspellchecker
    assert first == reference_table
    assert [path.name for path in cache_files()] == [cache_name()]

    forbid_spellchecker(monkeypatch)
    second = ligature_words.load(LIGATURES)
    assert second == first  # every share read back exactly
    assert all(second[word] == share for word, share in first.items())


def test_a_new_process_repairs_from_the_cache_file_without_the_word_lists(monkeypatch, builds, new_process):
    new_process()
    assert_repairs_are_right()
    assert len(builds) == 1 and len(cache_files()) == 1

    new_process()
    forbid_spellchecker(monkeypatch)
    assert_repairs_are_right()


def test_a_relative_cache_dir_is_read_back_by_the_next_process(monkeypatch, tmp_path, builds, new_process):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MIA_CACHE_DIR", "relative-cache")
    new_process()
    assert_repairs_are_right()
    new_process()
    forbid_spellchecker(monkeypatch)
    assert_repairs_are_right()
    assert len(builds) == 1 and len(cache_files()) == 1


def test_the_table_is_built_once_per_process_whatever_the_cache_dir(monkeypatch, tmp_path, builds, new_process):
    new_process()
    assert_repairs_are_right()
    monkeypatch.setenv("MIA_CACHE_DIR", str(tmp_path / "another-cache"))
    assert_repairs_are_right()
    assert len(builds) == 1


def _valid_file(path: Path, reference_table) -> None:
    ligature_words._write(path, ligature_words._header(LIGATURES), reference_table)
    assert path.is_file()


def _sql(statement: str, *args):
    """A damage done with SQL to a valid file."""

    def damage(path: Path) -> None:
        conn = sqlite3.connect(path)
        conn.execute(statement, args)
        conn.commit()
        conn.close()

    return damage


def _bytes(change):
    """A damage done to a valid file's bytes."""

    def damage(path: Path) -> None:
        path.write_bytes(change(path.read_bytes()))

    return damage


DAMAGE = {
    "empty": _bytes(lambda valid: b""),
    "truncated": _bytes(lambda valid: valid[: len(valid) // 2]),
    "pages overwritten": _bytes(lambda valid: valid[:8192] + b"\xff" * (len(valid) - 8192)),
    "not a database": _bytes(lambda valid: b"\x00\xff garbage"),
    "JSON, as format 2 wrote": _bytes(lambda valid: b'{"header": {}, "words": {}}'),
    "no words": _sql("DROP TABLE words"),
    "a share that is not a number": _sql("UPDATE words SET share = 'x' WHERE word = 'effets'"),
    "a negative share": _sql("UPDATE words SET share = -1.0 WHERE word = 'effets'"),
    "another header": _sql("UPDATE header SET value = replace(value, '''format'': 3', '''format'': 0')"),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_cache_file_is_rebuilt_and_rewritten(damage, reference_table, builds, new_process):
    path = ligature_words.cache_path(ligature_words._header(LIGATURES))
    _valid_file(path, reference_table)
    damage(path)

    new_process()
    assert_repairs_are_right()
    assert len(builds) == 1
    # The lists' words, and the medical lexicon's words they lack, at the smallest share.
    expected = {**dict.fromkeys(textclean._medical_words(), ligature_words.KNOWN), **reference_table}
    assert ligature_words._read(path, ligature_words._header(LIGATURES)) == expected
    assert cache_files() == [path]  # no temporary file left behind


@pytest.mark.parametrize("where", ["under a file", "is a file"])
def test_a_cache_dir_that_cannot_be_written_still_gives_right_repairs(
    where, monkeypatch, tmp_path, builds, new_process
):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("MIA_CACHE_DIR", str(blocker / "cache" if where == "under a file" else blocker))

    new_process()
    assert_repairs_are_right()
    new_process()
    assert_repairs_are_right()  # built again: nothing could be kept
    assert len(builds) == 2
    assert blocker.read_text() == "not a directory"


def cache_name(ligatures=LIGATURES) -> str:
    return ligature_words.cache_path(ligature_words._header(ligatures)).name


def test_the_cache_file_name_changes_with_what_the_table_depends_on(monkeypatch):
    name = cache_name()
    assert name.startswith("ligature-words-") and name.endswith(".sqlite")
    assert cache_name(LIGATURES[:3]) != name
    with monkeypatch.context() as patched:
        patched.setattr(ligature_words, "FORMAT", ligature_words.FORMAT + 1)
        assert cache_name() != name
    with monkeypatch.context() as patched:
        patched.setattr(ligature_words, "lists_signature", lambda: ["another pyspellchecker"])
        assert cache_name() != name
    assert cache_name() == name


def test_the_word_lists_signature_follows_their_files(tmp_path):
    for language in ligature_words.LANGUAGES:
        (tmp_path / f"{language}.json.gz").write_bytes(b"words")
    before = ligature_words.lists_signature(tmp_path)
    assert [entry[0] for entry in before] == list(ligature_words.LANGUAGES)
    (tmp_path / "fr.json.gz").write_bytes(b"other words")  # a new pyspellchecker's lists
    assert ligature_words.lists_signature(tmp_path) != before
    (tmp_path / "en.json.gz").unlink()  # files not where expected: its version instead
    from spellchecker import __version__

    assert ligature_words.lists_signature(tmp_path) == [__version__]
    assert ligature_words.lists_signature()[0][0] == "fr"  # the installed lists are found


def test_without_mia_cache_dir_the_table_is_kept_beside_mias_compiled_modules_else_in_the_user_cache_dir(
        monkeypatch, tmp_path):
    """The table depends on the installation alone: it is kept where Python keeps mia's bytecode
    (as the compiled patterns are), without importing platformdirs; where Python may not write
    its caches, or that folder may not be written, in platformdirs' user cache dir."""
    import sys

    import platformdirs

    from mia.base import patterns

    monkeypatch.delenv("MIA_CACHE_DIR")
    user_cache = Path(platformdirs.user_cache_dir("mia", appauthor=False))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path / "prefix"))
    beside = patterns.installation_cache_folder()
    assert beside == tmp_path / "prefix" / Path(ligature_words.__file__).resolve().parent.parent.relative_to("/") / "__pycache__"
    assert ligature_words.cache_dir() == beside  # (not there yet: its first existing parent is writable)
    with monkeypatch.context() as patched:
        patched.setattr(ligature_words.os, "access", lambda path, mode: False)
        assert ligature_words.cache_dir() == user_cache
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert patterns.installation_cache_folder() is None
    assert ligature_words.cache_dir() == user_cache


# --- the same answers as pyspellchecker's full lists ------------------------------------------


def spellchecker_frequency(frequencies, word: str) -> float:
    """`textclean._word_frequency` as it was with the full lists loaded (the reference)."""
    share = max(frequency[word] / frequency.total_words for frequency in frequencies)
    if share == 0.0 and word in textclean._medical_words():
        return 1e-12
    return share


@pytest.fixture
def table_in_use(reference_table, builds, new_process):
    new_process()
    textclean._ligature_words()


def test_every_word_holding_a_ligature_has_the_frequency_the_lists_give(spell_frequencies, table_in_use):
    words = {word for frequency in spell_frequencies for word in frequency.keys()}
    candidates = [word for word in words if any(ligature in word for ligature in LIGATURES)]
    assert len(candidates) > 10_000
    for word in candidates + [word.upper() for word in candidates] + ["fibrose", "zoffrbaz"]:
        folded = word.casefold()
        assert textclean._word_frequency(folded) == spellchecker_frequency(spell_frequencies, folded), word


def broken(word: str) -> str:
    """`word` with its first ligature sequence lost (longest sequence first, as a PDF font has)."""
    for ligature in sorted(LIGATURES, key=len, reverse=True):
        if ligature in word:
            return word.replace(ligature, "\ufffd", 1)
    return word


def test_repairs_are_the_same_as_with_the_full_word_lists(monkeypatch, spell_frequencies, table_in_use):
    words = sorted({word for frequency in spell_frequencies for word in frequency.keys()})
    sample = [broken(word) for word in words if any(ligature in word for ligature in LIGATURES)][::5]
    texts = [
        " ".join(REPAIRS),
        " ".join(sample),
        " ".join(word.capitalize() for word in sample),
        " ".join(word.upper() for word in sample),
        "a\ufffd\ufffdb \ufffd\ufffd\ufffd ZO\ufffdRBAZ \ufffd 12\ufffd",
    ]
    repaired = [repair_ligatures(text) for text in texts]

    reference = functools.partial(spellchecker_frequency, spell_frequencies)
    monkeypatch.setattr(textclean, "_word_frequency", reference)
    assert repaired == [repair_ligatures(text) for text in texts]


def test_a_changed_medical_lexicon_makes_another_table(monkeypatch, tmp_path):
    """The table holds the lexicon's words the lists lack: the lexicon's signature is in the
    file's header (and so its name), and a changed lexicon is read again."""
    lexicon = tmp_path / "medical.txt"
    lexicon.write_text("fibrose | fibrosis | | |\n", encoding="utf-8")
    monkeypatch.setattr(ligature_words, "package_lexicon_paths", lambda: [lexicon])
    before = ligature_words._header(LIGATURES)
    lexicon.write_text("fibrose | fibrosis | | |\nafibrinogénémie | afibrinogenemia | | |\n", encoding="utf-8")
    after = ligature_words._header(LIGATURES)
    assert before != after and ligature_words.cache_path(before) != ligature_words.cache_path(after)
    table = ligature_words.load(LIGATURES, also_known=lambda: ["afibrinogénémie"])
    assert table["afibrinogénémie"] == ligature_words.KNOWN and table["fibre"] > ligature_words.KNOWN
