"""mia's modules loaded from one file of compiled code (base/module_cache.py): a module read
from the file is the module its source gives, a changed source is imported again from the
source and its code replaced in the file, a damaged or foreign file is ignored, and nothing is
written where Python may not write its own caches."""

from __future__ import annotations

import importlib
import inspect
import os
import subprocess
import sys
import textwrap
import traceback

import pytest

from mia.base import module_cache

PACKAGE = "cachedpkg"
SOURCES = {
    "__init__.py": '"""A package whose modules the cache holds."""\nVALUE = 1\n',
    "alpha.py": textwrap.dedent('''
        """Alpha."""
        from cachedpkg import VALUE


        def twice(x):
            return 2 * x + VALUE


        def fails():
            raise ValueError("from alpha")
        '''),
    "sub/__init__.py": "",
    "sub/beta.py": "from cachedpkg.alpha import twice\nRESULT = twice(20)\n",
}
MODULES = ["cachedpkg", "cachedpkg.alpha", "cachedpkg.sub", "cachedpkg.sub.beta"]
#: The package's modules the finder answers for (the package itself, as `mia`, is imported first).
CACHED = MODULES[1:]


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A package in tmp_path, and `start()`: a new process's imports (its modules forgotten, a
    finder on the cache file first on sys.meta_path), returning the finder."""
    root = tmp_path / "site"
    for name, text in SOURCES.items():
        path = root / PACKAGE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.syspath_prepend(str(root))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    cache = tmp_path / "modules.bin"
    finders = []

    def forget():
        for finder in finders:
            if finder in sys.meta_path:
                sys.meta_path.remove(finder)
            finder.file.close()
        for name in MODULES:
            sys.modules.pop(name, None)

    def start():
        forget()
        importlib.invalidate_caches()
        finder = module_cache.ModuleCacheFinder(str(cache), str(root / PACKAGE), PACKAGE)
        finders.append(finder)
        sys.meta_path.insert(0, finder)
        return finder

    yield root / PACKAGE, cache, start
    forget()


def loaders() -> dict[str, str]:
    return {name: type(sys.modules[name].__spec__.loader).__name__ for name in CACHED}


def test_modules_imported_once_are_read_from_the_file_the_next_time(package):
    folder, cache, start = package
    first = start()
    beta = importlib.import_module("cachedpkg.sub.beta")
    assert beta.RESULT == 41
    assert set(loaders().values()) == {"SourceFileLoader"}
    assert first.missed == set(CACHED)
    module_cache.save(first)
    assert set(module_cache.TableFile(str(cache), module_cache._MARK).table) == set(CACHED)

    start()
    beta = importlib.import_module("cachedpkg.sub.beta")
    alpha = sys.modules["cachedpkg.alpha"]
    assert set(loaders().values()) == {"_CachedModuleLoader"}
    assert beta.RESULT == 41 and alpha.twice(1) == 3
    # Everything a module's source gives stays true: its file, its package, its source,
    # tracebacks naming its lines.
    assert alpha.__file__ == str(folder / "alpha.py")
    assert sys.modules["cachedpkg.sub"].__path__ == [str(folder / "sub")]
    assert inspect.getsource(alpha.twice).startswith("def twice(x):")
    with pytest.raises(ValueError) as raised:
        alpha.fails()
    assert 'raise ValueError("from alpha")' in "".join(traceback.format_tb(raised.tb))


def test_a_changed_source_is_imported_from_the_source_and_its_code_replaced(package):
    folder, cache, start = package
    module_cache.save(_imported(start))
    path = folder / "alpha.py"
    path.write_text(SOURCES["alpha.py"].replace("2 * x", "20 * x"), encoding="utf-8")
    again = start()
    assert importlib.import_module("cachedpkg.sub.beta").RESULT == 401
    assert loaders()["cachedpkg.alpha"] == "SourceFileLoader"
    assert loaders()["cachedpkg.sub.beta"] == "_CachedModuleLoader"
    assert again.missed == {"cachedpkg.alpha"}
    module_cache.save(again)
    start()
    assert importlib.import_module("cachedpkg.sub.beta").RESULT == 401
    assert set(loaders().values()) == {"_CachedModuleLoader"}


def test_a_changed_modification_time_alone_is_a_change(package):
    folder, cache, start = package
    module_cache.save(_imported(start))
    path = folder / "alpha.py"
    stat = path.stat()
    os.utime(path, (stat.st_atime, stat.st_mtime + 10))
    start()
    alpha = importlib.import_module("cachedpkg.alpha")
    assert type(alpha.__spec__.loader).__name__ == "SourceFileLoader"


@pytest.mark.parametrize("content", [b"", b"miaM", b"\x00garbage" * 10, b"miaM\xff\xff\xff\xff\x10\x00\x00\x00junk"])
def test_a_damaged_or_foreign_file_is_ignored_and_written_again(package, content):
    folder, cache, start = package
    cache.write_bytes(content)
    finder = _imported(start)
    assert importlib.import_module("cachedpkg.sub.beta").RESULT == 41
    assert finder.missed == set(CACHED)
    module_cache.save(finder)
    start()
    importlib.import_module("cachedpkg.sub.beta")
    assert set(loaders().values()) == {"_CachedModuleLoader"}


def test_a_damaged_entry_falls_back_to_the_pyc(package):
    folder, cache, start = package
    module_cache.save(_imported(start))
    data = bytearray(cache.read_bytes())
    data[-5:] = b"\xff" * 5  # the end of the last entry's code
    cache.write_bytes(bytes(data))
    start()
    assert importlib.import_module("cachedpkg.sub.beta").RESULT == 41


def test_other_packages_are_left_to_python(package):
    folder, cache, start = package
    finder = start()
    assert finder.find_spec("json") is None and finder.find_spec("cachedpkgx.y") is None
    assert finder.missed == set()


def test_nothing_is_written_where_python_may_not_write_its_caches(package, monkeypatch):
    folder, cache, start = package
    finder = _imported(start)
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    module_cache.save(finder)
    assert not cache.exists()
    assert module_cache.cache_file() is None
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    assert os.path.basename(os.path.dirname(module_cache.cache_file())) == "__pycache__"


def test_mia_itself_runs_from_the_file_in_a_new_process(tmp_path):
    """Two processes with their own cache folder (PYTHONPYCACHEPREFIX): the first imports the
    search engine the usual way and writes the file at exit, the second reads it from there."""
    script = ("import sys, mia.search.engine as engine; "
              "print(type(engine.__spec__.loader).__name__, engine.__file__ == engine.__spec__.origin)")
    env = {**os.environ, "PYTHONPYCACHEPREFIX": str(tmp_path / "prefix")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    runs = [subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
            for _ in range(2)]
    assert [run.returncode for run in runs] == [0, 0], runs[0].stderr + runs[1].stderr
    assert runs[0].stdout.split() == ["SourceFileLoader", "True"]
    assert runs[1].stdout.split() == ["_CachedModuleLoader", "True"]
    assert list((tmp_path / "prefix").rglob("modules.*.bin"))


def _imported(start) -> module_cache.ModuleCacheFinder:
    """A process that imported every module of the package the usual way."""
    finder = start()
    importlib.import_module("cachedpkg.sub.beta")
    return finder


def test_where_the_file_cannot_be_written_nothing_is_gathered_at_exit(package, monkeypatch):
    """An installation owned by another user: the modules missed are imported the usual way
    and no exit handler is registered to gather their code."""
    folder, cache, start = package
    registered = []
    monkeypatch.setattr(module_cache.os, "access", lambda path, mode: False)
    import atexit

    monkeypatch.setattr(atexit, "register", lambda *args: registered.append(args))
    finder = start()
    assert finder.writable is False
    assert importlib.import_module("cachedpkg.sub.beta").RESULT == 41
    assert finder.missed == set(CACHED) and registered == []
    monkeypatch.undo()
    assert module_cache.ModuleCacheFinder(str(cache)).writable is True  # (tmp_path: writable)


def test_the_file_is_read_where_the_system_has_no_pread(package, monkeypatch):
    """Windows has no `os.pread`: the table and the entries are read by seeking."""
    folder, cache, start = package
    module_cache.save(_imported(start))
    monkeypatch.delattr(module_cache.os, "pread")
    start()
    assert importlib.import_module("cachedpkg.sub.beta").RESULT == 41
    assert set(loaders().values()) == {"_CachedModuleLoader"}
