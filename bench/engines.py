"""Would a well-kept search engine meet issue 17's targets with mia's ranking? (docs/ENGINES.md)

Reads the reviews of a mia store (the bench's synthetic reviews: bench/run.py leaves them in
bench/out/run-N/mia/store.json), indexes the same text in SQLite FTS5 and in tantivy, and times:

- the build (seconds, peak memory of the process, size on disk);
- a search as a whole process (import, open, the 10 best, print ids), median of --repeat runs,
  beside `python -c pass`, `mia --version` and `mia search` on the same store;
- the candidate generator's part alone: every review holding the word (what mia's scorer gets
  from its own posting lists before ranking them), in process.

tantivy is optional (`pip install tantivy`); without it its rows are left out.

    python bench/engines.py --store bench/out/run-100000/mia/store.json --out bench/engines-100k.json
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
QUERIES = ["rituximab", "ITP", '"insuffisance cardiaque"', "xylophonique"]
FIELDS = ("title", "article_title", "keywords", "text")


def review_texts(store_path: Path):
    """(number, {field: text}) of every live review, read with mia's own store."""
    from mia.model.ids import review_number
    from mia.store.review_store import Store

    store = Store(store_path)
    for batch in store.record_batches():
        for record in batch:
            article = record.get("article") or {}
            yield review_number(record["id"]), {
                "title": record.get("title") or "",
                "article_title": article.get("title") or "",
                "keywords": " ; ".join(record.get("keywords") or []),
                "text": "\n".join((s.get("heading") or "") + "\n" + (s.get("text") or "")
                                  for s in record.get("sections") or [] if isinstance(s, dict)),
            }


def build_fts5(store_path: Path, target: Path) -> dict:
    import sqlite3

    target.unlink(missing_ok=True)
    started = time.perf_counter()
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute(f"CREATE VIRTUAL TABLE reviews USING fts5({', '.join(FIELDS)}, "
                 "tokenize = 'unicode61 remove_diacritics 2')")
    rows = ((num, *(texts[f] for f in FIELDS)) for num, texts in review_texts(store_path))
    conn.executemany(f"INSERT INTO reviews (rowid, {', '.join(FIELDS)}) VALUES (?, ?, ?, ?, ?)", rows)
    conn.commit()
    conn.execute("INSERT INTO reviews(reviews) VALUES ('optimize')")
    conn.commit()
    conn.close()
    return {"seconds": round(time.perf_counter() - started, 1), "mb": round(target.stat().st_size / 1e6, 1)}


def build_tantivy(store_path: Path, target: Path) -> dict:
    import tantivy

    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    started = time.perf_counter()
    schema = tantivy.SchemaBuilder()
    schema.add_integer_field("num", stored=True, indexed=True)
    for name in FIELDS:
        schema.add_text_field(name, stored=False)
    index = tantivy.Index(schema.build(), path=str(target))
    writer = index.writer(heap_size=200_000_000, num_threads=2)
    for num, texts in review_texts(store_path):
        writer.add_document(tantivy.Document(num=num, **texts))
    writer.commit()
    writer.wait_merging_threads()
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    return {"seconds": round(time.perf_counter() - started, 1), "mb": round(size / 1e6, 1)}


FTS5_SEARCH = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
rows = conn.execute("SELECT rowid FROM reviews WHERE reviews MATCH ? ORDER BY bm25(reviews, 2.0, 1.5, 1.5, 1.0) LIMIT 10", (sys.argv[2],)).fetchall()
print(" ".join(str(r[0]) for r in rows))
"""

TANTIVY_SEARCH = """
import sys, tantivy
index = tantivy.Index.open(sys.argv[1])
searcher = index.searcher()
query = index.parse_query(sys.argv[2], ["title", "article_title", "keywords", "text"])
print(" ".join(str(searcher.doc(address)["num"][0]) for _, address in searcher.search(query, 10).hits))
"""


def fts5_candidates(path: Path, query: str) -> tuple[int, float]:
    import sqlite3

    conn = sqlite3.connect(path)
    started = time.perf_counter()
    found = {n for (n,) in conn.execute("SELECT rowid FROM reviews WHERE reviews MATCH ?", (query,))}
    return len(found), round((time.perf_counter() - started) * 1000, 2)


def timed(argv: list[str], repeat: int, env: dict | None = None) -> float:
    """Median wall seconds of `argv` as a whole process (one untimed run first)."""
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        runs.append(time.perf_counter() - started)
    return round(statistics.median(runs), 4)


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="a mia store (store.json) to read the reviews from")
    parser.add_argument("--work", type=Path, default=BENCH / "out" / "engines")
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--out", type=Path, default=BENCH / "engines.json")
    args = parser.parse_args()
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # timings of whole processes, as users run them
    args.work.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    mia = str(Path(python).with_name("mia"))
    mia_env = dict(os.environ, MIA_STORE=str(args.store.resolve()), MIA_OFFLINE="1")
    results: dict = {"store": str(args.store), "python": sys.version.split()[0], "builds": {}, "searches": []}

    fts5_path = args.work / "fts5.sqlite"
    results["builds"]["fts5"] = build_fts5(args.store, fts5_path)
    print("FTS5 build", results["builds"]["fts5"], flush=True)
    try:
        import tantivy  # noqa: F401
        tantivy_path = args.work / "tantivy"
        results["builds"]["tantivy"] = build_tantivy(args.store, tantivy_path)
        print("tantivy build", results["builds"]["tantivy"], flush=True)
    except ImportError:
        tantivy_path = None
    results["builds"]["peak_mb_of_both"] = peak_mb()

    baseline = {"python -c pass": timed([python, "-c", "pass"], args.repeat),
                "mia --version": timed([mia, "--version"], args.repeat, mia_env)}
    results["baselines"] = baseline
    print(baseline, flush=True)
    for query in QUERIES:
        fts5_query = query if query.startswith('"') else query
        row = {
            "query": query,
            "mia search": timed([mia, "search", query], args.repeat, mia_env),
            "fts5 top 10": timed([python, "-c", FTS5_SEARCH, str(fts5_path), fts5_query], args.repeat),
        }
        row["fts5 candidates (count, ms in process)"] = fts5_candidates(fts5_path, fts5_query)
        if tantivy_path is not None:
            row["tantivy top 10"] = timed([python, "-c", TANTIVY_SEARCH, str(tantivy_path), query], args.repeat)
        for key in ("mia search", "fts5 top 10", "tantivy top 10"):
            if key in row:
                row[key + " / mia --version"] = round(row[key] / baseline["mia --version"], 2)
        results["searches"].append(row)
        print(row, flush=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Wrote {args.out}")


if __name__ == "__main__":
    main()
