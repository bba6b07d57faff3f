"""Regular expressions kept compiled between processes (base/patterns.py): a pattern read back
from the file is the pattern `re.compile` gives, a damaged or foreign file is ignored, and
nothing is written where Python may not write its own caches."""

from __future__ import annotations

import marshal
import re
import sys

import pytest

from mia.base import module_cache, patterns

# Of the kinds mia's modules compile: inline and global flags, named groups, classes beyond
# Latin-1, look-arounds, large alternations of words.
SAMPLES = [
    (r"(?i:hazard\s+ratio|rapport\s+des\s+risques)\s*(?P<value>\d+[.,]\d+)", 0),
    (r"r[ée]sultat|result|finding|outcome", re.I),
    (r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]", 0),
    (r"(?<![\w\-])(?P<abbr>[A-Z][A-Z0-9]{1,5})(?![\w\-])", 0),
    (r"^(?P<head>[A-ZÀ-Ý][^\n.]{2,60})$", re.M),
    ("|".join(f"mot{n}" for n in range(300)), re.I),
]
TEXTS = ["Le hazard ratio était de 0,61 (IC 95 %).", "RESULTS: outcome\x07 met", "Résultats principaux\nTexte",
         "Chez les patients ITP-positifs, le NT-proBNP", "MOT299 et mot7 mais pas mot300x", ""]


def behaviour(pattern: re.Pattern) -> list:
    return [(pattern.pattern, pattern.flags, pattern.groups, dict(pattern.groupindex))] + [
        [(m.span(), m.groupdict()) for m in pattern.finditer(text)] for text in TEXTS]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """`patterns` as a new process finds it, its file in tmp_path; `again()` starts another."""
    path = tmp_path / "patterns.bin"
    monkeypatch.setattr(patterns, "cache_file", lambda: path)

    def again():
        monkeypatch.setattr(patterns, "_known", None)
        monkeypatch.setattr(patterns, "_added", {})

    again()
    return path, again


def test_a_pattern_read_back_is_the_one_re_compiles_and_is_not_compiled_again(cache, monkeypatch):
    path, again = cache
    first = [patterns.compile(p, f) for p, f in SAMPLES]
    patterns._save()
    assert path.is_file()
    again()

    def no_compiling(*args, **kwargs):
        raise AssertionError("compiled again")

    with monkeypatch.context() as m:
        m.setattr(re, "compile", no_compiling)
        second = [patterns.compile(p, f) for p, f in SAMPLES]
    for pattern, (text, flags), before in zip(second, SAMPLES, first):
        assert pattern == re.compile(text, flags)  # same pattern, flags and code
        assert behaviour(pattern) == behaviour(before) == behaviour(re.compile(text, flags))


@pytest.mark.parametrize("content", [b"", b"\x00garbage", b"\xe3\x01\x00\x00\x00"])
def test_a_damaged_file_is_ignored_and_written_again(cache, content):
    path, again = cache
    path.write_bytes(content)
    compiled = [patterns.compile(p, f) for p, f in SAMPLES]
    assert [behaviour(p) for p in compiled] == [behaviour(re.compile(p, f)) for p, f in SAMPLES]
    patterns._save()
    again()
    assert set(patterns._entries()) == {patterns._key(p, int(f)) for p, f in SAMPLES}


def test_an_entry_that_does_not_build_its_pattern_is_compiled_again(cache):
    path, again = cache
    text, flags = SAMPLES[0]
    patterns.compile(text, flags)
    patterns._save()
    again()
    entries = patterns._entries()
    key = patterns._key(text, flags)
    kept_text, entry = marshal.loads(entries[key])
    entry = list(entry)
    entry[1] = [999_999]  # not a matcher's code: _sre refuses it
    entries[key] = marshal.dumps((kept_text, tuple(entry)))
    assert behaviour(patterns.compile(text, flags)) == behaviour(re.compile(text, flags))


def test_an_entry_of_another_pattern_under_the_same_name_is_not_used(cache):
    """The table names a pattern by a checksum: an entry is used only for the text it holds."""
    path, again = cache
    (text, flags), (other, other_flags) = SAMPLES[1], SAMPLES[0]
    patterns.compile(other, other_flags)
    patterns._save()
    again()
    entries = patterns._entries()
    entries[patterns._key(text, int(flags))] = entries[patterns._key(other, other_flags)]  # a collision
    assert behaviour(patterns.compile(text, flags)) == behaviour(re.compile(text, flags))


def test_nothing_is_written_where_python_may_not_write_its_caches(monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert patterns.cache_file() is None
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    assert patterns.cache_file().parent.name == "__pycache__"


def test_a_process_reads_only_the_entries_of_the_patterns_it_asks_for(cache, monkeypatch):
    path, again = cache
    for text, flags in SAMPLES:
        patterns.compile(text, flags)
    patterns._save()
    again()
    patterns._entries()  # the table of contents, read once
    read = []
    real_pread = module_cache.os.pread

    def counting_pread(fd, length, offset):
        read.append(length)
        return real_pread(fd, length, offset)

    monkeypatch.setattr(module_cache.os, "pread", counting_pread)
    text, flags = SAMPLES[1]  # small, beside the 300-word alternation
    assert behaviour(patterns.compile(text, flags)) == behaviour(re.compile(text, flags))
    assert len(read) == 1 and sum(read) < path.stat().st_size / 10
