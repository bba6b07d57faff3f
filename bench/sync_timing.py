"""A small measurement of `mia sync` with N synthetic reviews (docs/SYNC.md quotes it).

    PYTHONPATH=src python bench/sync_timing.py --count 2000 --out /tmp/mia-sync-bench

Times whole `mia` processes (python -m mia): A's first sync (sends N reviews to a new bare
remote), A's sync with no change, B's first sync (receives N), B's sync with no change, and a
sync sending one edited review. Then, for "why the git program", one `git commit` of one
changed file in a plain clone holding the N files.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

WORDS = (
    "thrombocytopénie immune essai randomisé mycophénolate corticoïdes plaquettes hémorragie "
    "fibrillation atriale anticoagulation insuffisance cardiaque dapagliflozine hospitalisation "
    "mortalité critère principal analyse intention traiter intervalle confiance rapport risque"
).split()


def synthetic_reviews(count: int):
    from mia.model.review import Article, Review, Section

    rng = random.Random(40)

    def text(words: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."

    for number in range(1, count + 1):
        yield Review(
            id=f"mia_review_{number}",
            title=text(8),
            sections=[Section(heading, text(rng.randint(80, 200))) for heading in ("Introduction", "Méthode", "Résultats", "Discussion")],
            version_date="2026-01-05", published="2026-01-05", keywords=[rng.choice(WORDS), rng.choice(WORDS)],
            article=Article(doi=f"10.1000/bench.{number}", title=text(10), journal="NEJM", date="2021-09-02"),
        )


def timed(command: list[str], env: dict[str, str]) -> float:
    """Seconds of a whole command."""
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/mia-sync-bench"))
    parser.add_argument("--reuse-store", action="store_true",
                        help="keep store A of an earlier run in --out (building 100,000 reviews takes minutes)")
    options = parser.parse_args()
    from mia.core.library import open_store

    a_path, b_path, remote = options.out / "A" / "reviews.json", options.out / "B" / "reviews.json", options.out / "R.git"
    if options.reuse_store and a_path.exists():
        for path in (remote, b_path.parent, options.out / "clone", a_path.parent / (a_path.name + ".sync")):
            shutil.rmtree(path, ignore_errors=True)
        store = open_store(a_path)
        print(f"reusing store A ({len(store.ids())} reviews)")
    else:
        shutil.rmtree(options.out, ignore_errors=True)
        options.out.mkdir(parents=True)
        start = time.perf_counter()
        store = open_store(a_path)
        reviews = list(synthetic_reviews(options.count))
        for first in range(0, len(reviews), 500):
            store.add_many(reviews[first:first + 500])
        print(f"built store A with {options.count} reviews (and its index) in {time.perf_counter() - start:.1f} s")

    env = dict(os.environ, MIA_OFFLINE="1", MIA_USER="Bench <bench@example.org>")
    mia = [sys.executable, "-m", "mia"]
    rows = [
        ("A: first sync (sends all, creates R)", mia + ["--store", str(a_path), "sync", str(remote)]),
        ("A: sync, nothing changed", mia + ["--store", str(a_path), "sync"]),
        ("B: first sync (receives all)", mia + ["--store", str(b_path), "sync", str(remote)]),
        ("B: sync, nothing changed", mia + ["--store", str(b_path), "sync"]),
    ]
    for label, command in rows:
        print(f"{label}: {timed(command, env):.2f} s")
    version = subprocess.run(mia + ["--version"], env=env, capture_output=True)
    print(f"(mia --version: {timed(mia + ['--version'], env):.2f} s)", version.returncode)

    edited = store.get("mia_review_7")
    edited.sections[3].text += " Une phrase de plus."
    store.add(edited, replace=True)
    print(f"A: sync sending one edited review: {timed(mia + ['--store', str(a_path), 'sync'], env):.2f} s")
    print(f"B: sync receiving it: {timed(mia + ['--store', str(b_path), 'sync'], env):.2f} s")

    clone = options.out / "clone"
    subprocess.run(["git", "clone", "-q", str(remote), str(clone)], check=True)
    target = clone / "reviews" / "mia_review_8.md"
    target.write_text(target.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git_env = dict(os.environ, GIT_AUTHOR_NAME="B", GIT_AUTHOR_EMAIL="b@x", GIT_COMMITTER_NAME="B", GIT_COMMITTER_EMAIL="b@x")
    start = time.perf_counter()
    subprocess.run(["git", "commit", "-qam", "one file"], cwd=clone, env=git_env, check=True)
    print(f"git commit of one changed file among {options.count}: {time.perf_counter() - start:.3f} s")
    files = subprocess.run(["git", "ls-files"], cwd=clone, capture_output=True, text=True).stdout.count("\n")
    size = sum(p.stat().st_size for p in (clone / "reviews").iterdir())
    print(f"({files} files, {size / 1e6:.1f} MB of Markdown)")


if __name__ == "__main__":
    main()
