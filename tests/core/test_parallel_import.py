"""A bulk import reads its files on worker processes (importers/parallel.py): the same reviews,
the same report, in the same order, as reading them in the importing process; Ctrl-C stops
the workers with it."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SEED
from mia.base.workers import worker_count
from mia.core.library import add_paths
from mia.importers import parallel
from mia.store.review_store import Store

TIMES = ("added", "updated", "version_date")


def review_file(folder: Path, number: int, text: str | None = None) -> Path:
    path = folder / f"mia_review_{number}.txt"
    path.write_text((text or SEED.read_text(encoding="utf-8")).replace("mia_review_40", f"mia_review_{number}"),
                    encoding="utf-8")
    return path


def a_folder_of_every_kind(folder: Path) -> Path:
    """Good reviews, and files of each kind an import must report: binary, empty, Latin-1, an
    id given twice, a JSON export of three reviews, an invalid DOI, a Markdown review."""
    folder.mkdir()
    seed = SEED.read_text(encoding="utf-8")
    for number in range(100, 130):
        review_file(folder, number, seed.replace("immune", f"immune {number}"))
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (folder / "empty.txt").write_bytes(b"")
    review_file(folder, 131).write_bytes(seed.replace("mia_review_40", "mia_review_131").encode("latin-1", "replace"))
    (folder / "twice.txt").write_text(seed.replace("mia_review_40", "mia_review_100"), encoding="utf-8")
    records = [{"id": f"mia_review_{n}", "title": f"Revue {n}", "sections": [{"heading": "Résumé", "text": f"Texte {n}."}]}
               for n in (140, 141, 142)]
    (folder / "export.json").write_text(json.dumps(records), encoding="utf-8")
    review_file(folder, 150, seed.replace("10.1056/", "11.1056/"))
    (folder / "mia_review_151.md").write_text("---\nid: mia_review_151\ntitle: Une revue\n---\n\n## Résumé\n\nTexte.\n",
                                              encoding="utf-8")
    return folder


def imported(folder: Path, store_path: Path, workers: str, monkeypatch) -> tuple[list, dict]:
    monkeypatch.setenv("MIA_WORKERS", workers)
    store = Store(store_path)
    report = add_paths(store, [folder])
    outcomes = [(f.path.name, f.outcome, f.review_id, f.message, list(f.notes)) for f in report.files]
    records = {r["id"]: {k: v for k, v in r.items() if k not in TIMES} for r in store.records()}
    return outcomes, records


def test_reading_on_workers_gives_the_reviews_and_report_that_reading_here_gives(tmp_path, monkeypatch):
    folder = a_folder_of_every_kind(tmp_path / "reviews")
    # Small enough to use workers on a few files, in several windows and chunks.
    monkeypatch.setattr(parallel, "MIN_FILES", 2)
    monkeypatch.setattr(parallel, "WINDOW", 7)
    monkeypatch.setattr(parallel, "CHUNK", 2)
    here = imported(folder, tmp_path / "here" / "reviews.json", "1", monkeypatch)
    on_workers = imported(folder, tmp_path / "workers" / "reviews.json", "2", monkeypatch)
    assert on_workers == here
    outcomes = dict((name, outcome) for name, outcome, *_ in here[0])
    assert outcomes["binary.txt"] == outcomes["empty.txt"] == outcomes["twice.txt"] == "failed"
    assert len(here[1]) == 30 + 1 + 3 + 1 + 1  # the good ones, Latin-1, the export's three, DOI, Markdown


def test_the_worker_count_comes_from_the_environment_else_the_cores(monkeypatch):
    monkeypatch.setenv("MIA_WORKERS", "3")
    assert worker_count() == 3
    monkeypatch.setenv("MIA_WORKERS", "0")
    assert worker_count() == 1
    monkeypatch.setenv("MIA_WORKERS", "many")
    assert worker_count() == max(1, len(os.sched_getaffinity(0)))
    monkeypatch.delenv("MIA_WORKERS")
    assert worker_count() == max(1, len(os.sched_getaffinity(0)))


def no_process_left_in_group(group: int, seconds: float = 10) -> bool:
    """Whether every process of the group has ended within `seconds` (workers notice a killed
    parent within a second; the helper processes of `spawn` end with the importing process)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def an_import_under_way(tmp_path: Path, files: int, **settings: str):
    """`mia add` of `files` reviews on workers, in its own process group, once a first batch is
    stored: (the process, its command, its environment)."""
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(1, files + 1):
        review_file(folder, number)
    env = {**os.environ, "MIA_WORKERS": "2", "MIA_IMPORT_BATCH_SIZE": "50", **settings}
    command = [sys.executable, "-c", "from mia.cli import main; main()", "add", str(folder)]
    # Ctrl-C as a terminal delivers it: a suite started in the background (`cmd &` in a script)
    # runs with SIGINT ignored, which its children would inherit.
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not Path(env["MIA_STORE"]).exists():
        time.sleep(0.05)
    return process, command, env


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups")
def test_ctrl_c_during_an_import_on_workers_stops_them_and_running_it_again_completes_it(tmp_path):
    # Batches of 10: sixty writes, so that the import is still under way when Ctrl-C comes.
    process, command, env = an_import_under_way(tmp_path, 600, MIA_IMPORT_BATCH_SIZE="10")
    os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Error: Interrupted after reading" in stderr and "review(s) were stored" in stderr
    assert no_process_left_in_group(process.pid)  # no worker left behind
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    added, unchanged = (int(n) for n in re.search(r"Added (\d+), unchanged (\d+), failed 0\.", again.stdout).groups())
    assert added + unchanged == 600 and unchanged > 0
    assert len(Store(Path(env["MIA_STORE"])).records()) == 600


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups")
def test_an_import_killed_leaves_no_worker_behind_and_the_store_unlocked(tmp_path):
    process, command, env = an_import_under_way(tmp_path, 400, MIA_LOCK_TIMEOUT="5")
    process.kill()  # the importing process only: its workers are left to notice
    process.communicate()
    assert no_process_left_in_group(process.pid)
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert len(Store(Path(env["MIA_STORE"])).records()) == 400


def test_an_import_where_worker_processes_cannot_start_reads_the_files_itself(tmp_path, monkeypatch):
    import multiprocessing.context

    folder = a_folder_of_every_kind(tmp_path / "reviews")
    monkeypatch.setattr(parallel, "MIN_FILES", 2)
    here = imported(folder, tmp_path / "here" / "reviews.json", "1", monkeypatch)

    def no_semaphore(*args, **kwargs):
        raise OSError(38, "Function not implemented")  # as sem_open without /dev/shm

    monkeypatch.setattr(multiprocessing.context.SpawnContext, "BoundedSemaphore", no_semaphore)
    assert imported(folder, tmp_path / "fallback" / "reviews.json", "2", monkeypatch) == here


def test_an_import_whose_workers_cannot_start_this_program_again_completes_here(tmp_path):
    """Run from a script read on stdin, a spawned worker cannot load the program again and ends
    at once: the import must finish (a multiprocessing.Pool waited for it forever)."""
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(1, 31):
        review_file(folder, number)
    env = {**os.environ, "MIA_WORKERS": "2", "MIA_STORE": str(tmp_path / "reviews.json")}
    script = ("import sys\nfrom mia.importers import parallel\nparallel.MIN_FILES = 2\n"
              f"sys.argv = ['mia', 'add', {str(folder)!r}]\nfrom mia.cli import main\nmain()\n")
    done = subprocess.run([sys.executable, "-"], input=script, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Added 30, unchanged 0, failed 0." in done.stdout
    assert len(Store(Path(env["MIA_STORE"])).records()) == 30
