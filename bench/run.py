"""The benchmark: mia's commands as whole processes at N reviews, against papis and pubs.

    python bench/run.py --sizes 1000 10000 --repeat 5 --out bench/results.json

It makes its own environment (bench/.venv: mia from this repository, papis and pubs pinned from
PyPI), writes the synthetic data sets once into bench/out/data/ (bench/synth.py), and for each N:
imports them into a fresh mia store (offline) and into papis and pubs libraries, then runs every
command once untimed (warm-up: caches, indexes, the OS's file cache) and `--repeat` timed rounds,
the commands interleaved within each round so that the machine's noise falls on all of them alike.
It prints a table (min, median, max, peak memory, the ratio to the command's baseline and the
target of issue 7; mia's store and search index on disk after the import and after a last
`mia reindex`) and writes the same as JSON. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import report  # noqa: E402
import synth  # noqa: E402
from libraries import PapisLibrary, PubsLibrary  # noqa: E402
from timing import TIME_COMMAND, Run, run_process  # noqa: E402

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
VENV = BENCH / ".venv"
OUT = BENCH / "out"
#: Versions that install and run on Python 3.10-3.12 here; pubs needs bibtexparser 1.x.
PINNED = ["papis==0.16.1", "pubs==0.9.0", "bibtexparser==1.4.4"]

#: The searches, as each tool spells them. pubs has no free-text query: `abstract:` is a substring
#: match on the abstract (which holds the review's text); papis matches every term of its query
#: against its match-format (libraries.PAPIS_MATCH_FORMAT). mia exits 1 when nothing is found.
SEARCHES = [
    # label, mia, papis, pubs
    ("word", ["rituximab"], ["rituximab"], ["abstract:rituximab"]),
    ("acronym", ["ITP"], ["ITP"], ["abstract:ITP"]),
    ("phrase", ['"insuffisance cardiaque"'], ["insuffisance cardiaque"], ["abstract:insuffisance cardiaque"]),
    ("field", ["year:2021"], ["year:2021"], ["year:2021"]),
    ("no hit", ["xylophonique"], ["xylophonique"], ["abstract:xylophonique"]),
    # No review holds both words: mia shows the rituximab reviews as partial matches (soft AND).
    ("partial", ["rituximab", "xylophonique"], ["rituximab xylophonique"],  # papis: one query argument
     ["abstract:rituximab", "abstract:xylophonique"]),
]


@dataclass
class Command:
    """A command timed at one N."""

    label: str
    tool: str
    argv: list[str]
    env: dict[str, str]
    ok_exit_codes: tuple[int, ...] = (0,)
    baseline: str | None = None  # label of the command it is compared with
    target: float | None = None  # ratio to the baseline's median it must not exceed
    compare_to: str | None = None  # for papis/pubs rows: the mia command doing the same
    max_seconds: float | None = None  # an absolute target on the median (issue 17: list, doctor)
    max_mb: float | None = None  # a target on the peak memory
    per_round_argv: list[list[str]] | None = None  # for `mia add`: a new file each round
    runs: list[Run] = field(default_factory=list)
    first: Run | None = None
    status: str = "ok"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="numbers of reviews (default 1000 10000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each command (default 5)")
    parser.add_argument("--out", type=Path, default=BENCH / "results.json", help="JSON results (default bench/results.json)")
    parser.add_argument("--seed", type=int, default=synth.DEFAULT_SEED)
    parser.add_argument("--timeout", type=float, default=120, help="seconds one timed command may take (default 120)")
    parser.add_argument("--import-timeout", type=float, default=3600, help="seconds one bulk import may take (default 3600)")
    parser.add_argument("--papis-max", type=int, default=1000, help="entries papis imports itself (default 1000; the rest is written in its format)")
    parser.add_argument("--pubs-max", type=int, default=100_000, help="entries pubs imports (default 100000)")
    parser.add_argument("--mia-import-chunk", type=int, default=0, metavar="FILES",
                        help="import into mia with one `mia add FOLDER` per FILES reviews instead of one for all "
                             "(a workaround when one bulk import of N files takes too long; the table says so)")
    parser.add_argument("--tools", nargs="+", default=["mia", "papis", "pubs"], choices=["mia", "papis", "pubs"])
    args = parser.parse_args(argv)

    python = ensure_venv()
    machine = machine_info(python)
    print(report.machine_line(machine), flush=True)
    results = {"machine": machine, "settings": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
               "started": _now(), "sizes": []}
    for size in args.sizes:
        results["sizes"].append(bench_size(size, args, python))
        results["finished"] = _now()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print("\n" + report.table(results))
    print(f"\nJSON written to {args.out}")
    return 0


# --- the environment ---------------------------------------------------------------------------


def ensure_venv() -> Path:
    """bench/.venv with mia (editable, from this repo), papis and pubs; reinstalled when mia's
    pyproject.toml or the pins change. Returns its python."""
    python = VENV / "bin" / "python"
    stamp = VENV / ".bench-installed"
    wanted = hashlib.sha256((REPO / "pyproject.toml").read_bytes() + " ".join(PINNED).encode()).hexdigest()
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return python
    if not python.exists():
        print(f"Creating {VENV} …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    print("Installing mia (editable), " + ", ".join(PINNED) + " into it …", flush=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "-e", str(REPO), *PINNED], check=True)
    stamp.write_text(wanted)
    return python


def machine_info(python: Path) -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = subprocess.run(
        [str(python), "-c", "import sys, importlib.metadata as m; print(sys.version.split()[0]);"
         "[print(m.version(p)) for p in ('mia', 'typer', 'papis', 'pubs')]"],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    git = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "src"], capture_output=True, text=True).stdout.strip()
    return {
        "cpu": cpu, "cores": os.cpu_count(), "python": versions[0], "platform": platform.platform(),
        "mia": versions[1], "typer": versions[2], "papis": versions[3], "pubs": versions[4],
        "mia_commit": git + ("+uncommitted changes in src/" if dirty else ""),
        "peak_memory_from": "/usr/bin/time -f %M" if TIME_COMMAND else "os.wait4 ru_maxrss (overstates small processes)",
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
    }


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


# --- the data ----------------------------------------------------------------------------------


def data_set(size: int, extra: int, seed: int) -> tuple[Path, Path, Path]:
    """bench/out/data/vV-seed-S/: reviews-N/ (mia_review_1..N), extra-N/ (N+1..N+extra), N.bib.
    Written once; a `.complete` marker says a folder was finished."""
    root = OUT / "data" / f"v{synth.DATA_VERSION}-seed-{seed}"
    reviews, extras, bibtex = root / f"reviews-{size}", root / f"extra-{size}", root / f"{size}.bib"
    for folder, numbers in ((reviews, range(1, size + 1)), (extras, range(size + 1, size + extra + 1))):
        marker = folder / ".complete"
        if not marker.exists() or marker.read_text() != str(len(numbers)):
            shutil.rmtree(folder, ignore_errors=True)
            print(f"Writing {len(numbers)} reviews to {folder} …", flush=True)
            synth.write_reviews(folder, numbers, seed)
            marker.write_text(str(len(numbers)))
    bib_marker = bibtex.with_suffix(".bib.complete")
    if not bib_marker.exists():
        print(f"Writing {bibtex} …", flush=True)
        synth.write_bibtex(bibtex, range(1, size + 1), seed)
        bib_marker.write_text(str(size))
    return reviews, extras, bibtex


def bibtex_prefix(bibtex: Path, count: int) -> Path:
    """The first `count` entries of a .bib written by synth (entries are separated by blank lines)."""
    part = bibtex.with_name(f"{bibtex.stem}-first-{count}.bib")
    if not part.exists():
        with bibtex.open(encoding="utf-8") as source, part.open("w", encoding="utf-8") as target:
            seen = 0
            for line in source:
                if line.startswith("@"):
                    seen += 1
                    if seen > count:
                        break
                target.write(line)
    return part


# --- one size ----------------------------------------------------------------------------------


def bench_size(size: int, args, python: Path) -> dict:
    print(f"\n=== N = {size:,}", flush=True)
    reviews, extras, bibtex = data_set(size, args.repeat + 1, args.seed)
    work = OUT / f"run-{size}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    bin_dir = VENV / "bin"
    # PYTHONDONTWRITEBYTECODE (set in some sandboxes) would make every mia process compile mia
    # from source (~11 ms), which no user's install does, while the PyPI packages timed beside it
    # have their bytecode compiled at install: it is dropped so all tools run as installed.
    base_env = {
        k: v for k, v in os.environ.items()
        if not k.startswith(("MIA_", "PAPIS", "XDG_")) and k != "PYTHONDONTWRITEBYTECODE"
    }
    base_env.update({"NO_COLOR": "1", "COLUMNS": "120", "LC_ALL": "C.UTF-8", "HOME": str(work / "home")})
    (work / "home").mkdir()
    mia_store = work / "mia" / "store.json"
    mia_env = {**base_env, "MIA_STORE": str(mia_store), "MIA_OFFLINE": "1"}
    (work / "mia").mkdir()
    imports: list[dict] = []
    disk: dict[str, dict] = {}
    commands: list[Command] = [
        Command("python -c 'import typer'", "python", [str(python), "-c", "import typer"], base_env),
    ]

    if "mia" in args.tools:
        mia = str(bin_dir / "mia")
        if args.mia_import_chunk and args.mia_import_chunk < size:
            imports.append(chunked_import(mia, reviews, args.mia_import_chunk, mia_env, size, args.import_timeout))
        else:
            imports.append(timed_import("mia", [mia, "add", str(reviews)], mia_env, size, args.import_timeout))
        if size < 10_000:  # issue 17's import rate (1,000/s) is for 10,000 and 100,000 reviews
            imports[-1]["target_per_second"] = None
        disk["after_import"] = on_disk(mia_store)
        middle = f"mia_review_{max(1, size // 2)}"
        # Issue 17's targets: search and show at 1.3 x --version up to 10,000 reviews, 1.5 x above.
        search_target = 1.3 if size <= 10_000 else 1.5
        commands += [
            Command("mia --version", "mia", [mia, "--version"], mia_env, baseline="python -c 'import typer'", target=1.2),
            Command("mia --help", "mia", [mia, "--help"], mia_env, baseline="python -c 'import typer'", target=1.2),
            Command("mia list", "mia", [mia, "list"], mia_env, baseline="mia --version", max_seconds=1.5, max_mb=100),
            Command("mia list --year 2021 --sort title", "mia", [mia, "list", "--year", "2021", "--sort", "title"], mia_env,
                    baseline="mia --version", max_seconds=1.5, max_mb=100),
            Command(f"mia show {middle}", "mia", [mia, "show", middle], mia_env, baseline="mia --version", target=search_target),
        ]
        for label, mia_query, _, _ in SEARCHES:
            commands.append(Command(
                f"mia search {' '.join(mia_query)}", "mia", [mia, "search", *mia_query], mia_env,
                ok_exit_codes=(1,) if label == "no hit" else (0,), baseline="mia --version", target=search_target,
                max_mb=200,
            ))
        commands += [
            Command("mia stats", "mia", [mia, "stats"], mia_env, baseline="mia --version", target=1.5),
            Command("mia forest ITP", "mia", [mia, "forest", "ITP"], mia_env, baseline="mia --version"),
            Command("mia doctor", "mia", [mia, "doctor"], mia_env, baseline="mia --version", max_seconds=3.0),
        ]
        extra_files = sorted(extras.glob("mia_review_*.txt"), key=lambda p: int(p.stem.rsplit("_", 1)[1]))
        commands.append(Command(
            "mia add (one more review)", "mia", [mia, "add", str(extra_files[0])], mia_env,
            baseline="mia --version", target=2.0,
            per_round_argv=[[mia, "add", str(path)] for path in extra_files[1:]],
        ))

    if "papis" in args.tools:
        papis = PapisLibrary(work / "papis")
        papis.create()
        papis_env = papis.env(base_env)
        imported = min(size, args.papis_max)
        result = timed_import("papis", papis.import_command(bin_dir / "papis", bibtex_prefix(bibtex, imported)),
                              papis_env, imported, args.import_timeout)
        if size > imported and result["status"] == "ok":
            filled = subprocess.run([str(python), str(BENCH / "libraries.py"), "fill-papis", str(papis.library),
                                     str(imported + 1), str(size), str(args.seed)], capture_output=True, text=True)
            # papis's cache only knows what papis added: rebuild it over the whole library (untimed).
            rebuilt = run_process([str(bin_dir / "papis"), "cache", "reset"], env=papis_env, timeout=args.import_timeout)
            result["note"] = (f"imported {imported:,} with papis; {size - imported:,} more written in its on-disk format"
                              f" and its cache rebuilt ({rebuilt.seconds:.0f} s)"
                              if filled.returncode == 0 and rebuilt.exit_code == 0
                              else "filling the rest failed: " + (filled.stderr + rebuilt.stderr)[-300:])
        result["library_size"] = papis.count()
        imports.append(result)
        for label, mia_query, papis_query, _ in SEARCHES:
            commands.append(Command(f"papis list {' '.join(papis_query)}", "papis",
                                    papis.list_command(bin_dir / "papis", papis_query), papis_env,
                                    compare_to=f"mia search {' '.join(mia_query)}"))

    if "pubs" in args.tools:
        pubs = PubsLibrary(work / "pubs")
        pubs.root.mkdir()
        pubs_env = base_env
        run_process(pubs.init_command(bin_dir / "pubs"), env=pubs_env, timeout=60)
        imported = min(size, args.pubs_max)
        result = timed_import("pubs", pubs.import_command(bin_dir / "pubs", bibtex_prefix(bibtex, imported)),
                              pubs_env, imported, args.import_timeout)
        result["library_size"] = pubs.count()
        if imported < size:
            result["note"] = f"capped: pubs holds {imported:,} entries, not {size:,}"
        imports.append(result)
        for label, mia_query, _, pubs_query in SEARCHES:
            commands.append(Command(f"pubs list {' '.join(pubs_query)}", "pubs",
                                    pubs.list_command(bin_dir / "pubs", pubs_query), pubs_env,
                                    compare_to=f"mia search {' '.join(mia_query)}"))

    time_commands(commands, args.repeat, args.timeout, warm_up_timeout=max(args.timeout, args.import_timeout))
    if "mia" in args.tools:  # last: the index is rebuilt from scratch, once (time and peak memory)
        reindex = timed_import("mia reindex", [str(bin_dir / "mia"), "reindex"], mia_env, size, args.import_timeout)
        reindex["target_per_second"] = None
        if size >= 100_000:  # issue 17: 100,000 reviews reindexed in 30 s at most, 400 MB at most
            reindex.update(target_seconds=round(30 * size / 100_000, 2), target_peak_mb=400)
        imports.append(reindex)
        disk["after_reindex"] = on_disk(mia_store)  # the figure that counts: an index built from scratch
    return {"n": size, "imports": imports, "on_disk": disk, "commands": summarise(commands)}


def on_disk(store: Path) -> dict:
    """MB on disk of mia's store (its file and shards, not its backups) and of its search index
    (with SQLite's -wal and -shm); `met`: issue 17's target, the index no larger than the store."""
    index = store.with_name(store.name + ".index.sqlite")
    store_bytes = _bytes([store, *store.with_name(store.name + ".shards").rglob("*")])
    index_bytes = _bytes([index, index.with_name(index.name + "-wal"), index.with_name(index.name + "-shm")])
    print(f"  on disk: store {store_bytes / 1e6:.1f} MB, index {index_bytes / 1e6:.1f} MB", flush=True)
    return {"store_mb": round(store_bytes / 1e6, 1), "index_mb": round(index_bytes / 1e6, 1), "met": index_bytes <= store_bytes}


def _bytes(paths: list[Path]) -> int:
    return sum(path.stat().st_size for path in paths if path.is_file())


def timed_import(tool: str, argv: list[str], env: dict[str, str], count: int, timeout: float) -> dict:
    print(f"Importing {count:,} entries with {tool} …", flush=True)
    run = run_process(argv, env=env, timeout=timeout)
    status = "ok" if run.exit_code == 0 else ("timeout" if run.timed_out else f"failed (exit {run.exit_code})")
    rate = count / run.seconds if status == "ok" else None
    print(f"  {tool}: {run.seconds:.1f} s, " + (f"{rate:.1f}/s" if rate else status), flush=True)
    return {
        "tool": tool, "entries": count, "seconds": round(run.seconds, 3), "per_second": rate and round(rate, 1),
        "peak_rss_mb": round(run.peak_rss_mb, 1), "status": status, "target_per_second": 1000 if tool == "mia" else None,
        "stderr_tail": run.stderr[-600:] if status != "ok" else "",
    }


def chunked_import(mia: str, reviews: Path, chunk: int, env: dict[str, str], count: int, timeout: float) -> dict:
    """`mia add` of the reviews in folders of `chunk` files (hard links), one process each, timed
    together; the import's figures are the sums (time) and the maximum (memory)."""
    files = sorted(reviews.glob("mia_review_*.txt"), key=lambda p: int(p.stem.rsplit("_", 1)[1]))
    chunks_root = reviews.with_name(f"{reviews.name}-in-{chunk}")
    folders = []
    for start in range(0, len(files), chunk):
        folder = chunks_root / f"part-{start // chunk + 1:03d}"
        if not (folder / ".complete").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            for file in files[start:start + chunk]:
                os.link(file, folder / file.name)
            (folder / ".complete").write_text("")
        folders.append(folder)
    total = {"tool": "mia", "entries": count, "seconds": 0.0, "peak_rss_mb": 0.0, "status": "ok", "target_per_second": 1000,
             "stderr_tail": "", "note": f"in {len(folders)} processes of {chunk:,} files each", "chunk_seconds": []}
    for folder in folders:
        part = timed_import("mia", [mia, "add", str(folder)], env, len(list(folder.glob("*.txt"))), timeout)
        total["seconds"] = round(total["seconds"] + part["seconds"], 3)
        total["chunk_seconds"].append(part["seconds"])
        total["peak_rss_mb"] = max(total["peak_rss_mb"], part["peak_rss_mb"])
        if part["status"] != "ok":
            total.update(status=part["status"], stderr_tail=part["stderr_tail"])
            break
    total["per_second"] = round(count / total["seconds"], 1) if total["status"] == "ok" else None
    return total


def time_commands(commands: list[Command], repeat: int, timeout: float, warm_up_timeout: float) -> None:
    """One untimed warm-up round, then `repeat` rounds, each running every command once in turn.
    The warm-up may build an index or a cache, so it has the longer (import) timeout.
    A command that is missing, fails or times out is not run again."""
    for round_number in range(repeat + 1):
        print(f"  round {round_number or 'warm-up'}", flush=True)
        for command in commands:
            if command.status != "ok":
                continue
            argv = command.argv
            if command.per_round_argv and round_number > 0:
                argv = command.per_round_argv[round_number - 1]
            run = run_process(argv, env=command.env, timeout=warm_up_timeout if round_number == 0 else timeout)
            command.status = outcome(command, run)
            if round_number == 0:
                command.first = run
            elif command.status == "ok":
                command.runs.append(run)


def outcome(command: Command, run: Run) -> str:
    if run.timed_out:
        return "timeout"
    if run.exit_code in command.ok_exit_codes:
        return "ok"
    if command.tool == "mia" and run.exit_code == 2 and "No such command" in run.stderr:
        return "missing"
    return f"failed (exit {run.exit_code})"


def summarise(commands: list[Command]) -> list[dict]:
    medians = {c.label: statistics.median(r.seconds for r in c.runs) for c in commands if c.runs}
    rows = []
    for command in commands:
        times = [round(r.seconds, 4) for r in command.runs]
        row = {
            "command": command.label, "tool": command.tool, "argv": [Path(a).name if os.sep in a else a for a in command.argv],
            "status": command.status, "times": times,
            "min": min(times, default=None), "median": command.label in medians and round(medians[command.label], 4) or None,
            "max": max(times, default=None),
            "first": command.first and round(command.first.seconds, 4),
            "peak_rss_mb": round(max((r.peak_rss_mb for r in command.runs), default=0), 1) or None,
            "exit_codes": sorted({r.exit_code for r in command.runs}),
            "stdout_head": command.first.stdout[:160] if command.first else "",
            "stdout_lines": command.first.stdout_lines if command.first else None,
            "baseline": command.baseline, "target": command.target, "ratio": None, "met": None,
        }
        if command.status != "ok":
            row["stderr_tail"] = (command.first.stderr if command.first else "")[-600:]
            if command.runs:
                row["stderr_tail"] = command.runs[-1].stderr[-600:]
        if command.baseline and command.label in medians and command.baseline in medians:
            row["ratio"] = round(medians[command.label] / medians[command.baseline], 2)
            if command.target is not None:
                row["met"] = row["ratio"] <= command.target
        if command.compare_to:
            row["mia_command"] = command.compare_to
            if command.label in medians and command.compare_to in medians:
                row["mia_ratio"] = round(medians[command.compare_to] / medians[command.label], 2)
        if command.max_seconds is not None and row["median"] is not None:
            row["max_seconds"] = command.max_seconds
            row["met"] = (row["met"] is not False) and row["median"] <= command.max_seconds
        if command.max_mb is not None:
            row["memory_target_mb"] = command.max_mb
            row["memory_met"] = row["peak_rss_mb"] is not None and row["peak_rss_mb"] <= command.max_mb
        rows.append(row)
    return rows


if __name__ == "__main__":
    sys.exit(main())
