"""Many processes on one store, and writers killed mid-write: nothing is lost or half-written.

These run the installed `mia` as real processes, the way two clinicians (or a script) would.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from mia.store.review_store import Store

from conftest import SEED

MIA = [sys.executable, "-m", "mia"]


def write_variant(folder: Path, number: int) -> Path:
    """The seed review under another id (and so another review)."""
    text = SEED.read_text(encoding="utf-8").replace("mia_review_40", f"mia_review_{number}")
    path = folder / f"mia_review_{number}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def run_env(store_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["MIA_STORE"] = str(store_path)
    return env


def test_twelve_processes_adding_at_once_all_land(tmp_path, store_path):
    files = [write_variant(tmp_path, number) for number in range(100, 112)]
    env = run_env(store_path)
    processes = [
        subprocess.Popen(MIA + ["add", str(path)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for path in files
    ]
    results = [(p.wait(timeout=60), p.stderr.read().decode()) for p in processes]
    assert [code for code, _ in results] == [0] * 12, results
    assert Store(store_path).ids() == [f"mia_review_{n}" for n in range(100, 112)]


def test_a_writer_killed_at_any_moment_leaves_a_whole_store(tmp_path, store_path):
    """SIGKILL a bulk import at random moments; after each kill every file of the store parses
    and re-running the import completes it. The reviews span the store file and a shard file."""
    folder = tmp_path / "reviews"
    folder.mkdir()
    numbers = list(range(1, 61)) + list(range(1001, 1061))
    for number in numbers:
        write_variant(folder, number)
    env = run_env(store_path)
    env["MIA_IMPORT_BATCH_SIZE"] = "1"  # a write per review: many moments to be killed in
    rng = random.Random(20261128)
    kills = 0
    for _ in range(12):
        process = subprocess.Popen(MIA + ["add", str(folder)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.2))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait()
        for _, path in Store(store_path).files():
            if path.exists():
                json.loads(path.read_text(encoding="utf-8"))  # never a broken file
        Store(store_path).records()
    assert kills >= 3, "the writer finished too fast to be killed; the test proves nothing"
    finished = subprocess.run(MIA + ["add", str(folder)], env=env, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    assert Store(store_path).ids() == [f"mia_review_{n}" for n in numbers]
    assert len(Store(store_path).files()) == 2  # the store file and one shard file
    leftovers = [p.name for folder in (store_path.parent, Store(store_path).shard_dir) for p in folder.iterdir()]
    assert [name for name in leftovers if name.endswith(".tmp")] == []


def test_a_writer_that_cannot_get_the_lock_gives_up_with_exit_4(tmp_path, store_path):
    path = write_variant(tmp_path, 7)
    env = run_env(store_path)
    env["MIA_LOCK_TIMEOUT"] = "0.5"
    store = Store(store_path)
    with store.lock():
        result = subprocess.run(MIA + ["add", str(path)], env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 4
    assert "locked by another mia (process" in result.stderr
    assert "Wait for it to finish" in result.stderr
    assert not store_path.exists()


def test_readers_running_beside_writers_always_see_a_whole_store(tmp_path, store_path):
    """Writers adding and replacing, readers listing, showing and searching, all at once."""
    env = run_env(store_path)
    first = write_variant(tmp_path, 1)
    assert subprocess.run(MIA + ["add", str(first)], env=env, capture_output=True, timeout=60).returncode == 0
    writers = [
        subprocess.Popen(MIA + ["add", str(write_variant(tmp_path, number))], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for number in range(2, 8)
    ]
    edited = tmp_path / "edited" / "mia_review_1.txt"
    edited.parent.mkdir()
    edited.write_text(first.read_text(encoding="utf-8").replace("A new hope!", "Edited"), encoding="utf-8")
    writers.append(subprocess.Popen(MIA + ["add", "--replace", str(edited)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
    readers = [
        subprocess.Popen(MIA + command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for command in (["list", "--json"], ["show", "1", "--json"], ["search", "TPI", "--json"]) * 3
    ]
    for process in writers:
        assert process.wait(timeout=120) == 0, process.stderr.read()
    for process in readers:
        output = process.stdout.read()
        assert process.wait(timeout=120) == 0, process.stderr.read()
        json.loads(output)
    assert Store(store_path).ids() == [f"mia_review_{n}" for n in range(1, 8)]
    assert Store(store_path).get("mia_review_1").title.endswith("Edited")
