"""The benchmark's results as a plain-text table (the same text goes into bench/README.md)."""

from __future__ import annotations


def machine_line(machine: dict) -> str:
    return (f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine.get('memory_gb', '?')} GB; "
            f"Python {machine['python']}; mia {machine['mia']} ({machine.get('mia_commit', '')}), "
            f"typer {machine['typer']}, papis {machine['papis']}, pubs {machine['pubs']}")


def table(results: dict) -> str:
    parts = [machine_line(results["machine"]),
             f"Run {results.get('started', '')}; {results['settings']['repeat']} timed runs per command "
             "after one warm-up; times in seconds, whole processes, wall clock."]
    for size in results["sizes"]:
        parts.append("")
        parts.append(size_table(size))
    return "\n".join(parts)


def size_table(size: dict) -> str:
    lines = [f"N = {size['n']:,}", ""]
    for item in size["imports"]:
        lines.append("  " + import_line(item))
    if size.get("on_disk"):
        lines.append("  " + disk_line(size["on_disk"]))
    lines.append("")
    header = ("command", "min", "median", "max", "first", "peak MB", "ratio", "target", "met")
    rows = [header]
    for row in size["commands"]:
        rows.append(command_cells(row))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for index, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(row[1:-2], widths[1:-2])]
        cells += [row[-2].ljust(widths[-2]), row[-1]]
        lines.append("  " + "  ".join(cells).rstrip())
        if index == 0:
            lines.append("  " + "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def import_line(item: dict) -> str:
    tool = item["tool"].ljust(5)
    if item["status"] != "ok":
        return f"{tool} import of {item['entries']:,}: {item['status']} after {item['seconds']:.1f} s"
    text = (f"{tool} import: {item['entries']:,} in {item['seconds']:.1f} s = {item['per_second']:,.1f}/s, "
            f"peak {item['peak_rss_mb']:,.0f} MB")
    if item.get("target_per_second"):
        met = "met" if item["per_second"] >= item["target_per_second"] else "NOT met"
        text += f"  (target >= {item['target_per_second']}/s: {met})"
    if item.get("target_seconds"):
        met = "met" if item["seconds"] <= item["target_seconds"] and item["peak_rss_mb"] <= item["target_peak_mb"] else "NOT met"
        text += f"  (target <= {item['target_seconds']:g} s and <= {item['target_peak_mb']} MB: {met})"
    if item.get("note"):
        text += f"  [{item['note']}]"
    return text


def disk_line(disk: dict) -> str:
    """Issue 17's "index on disk <= the store", on the index `mia reindex` built from scratch."""
    final = disk.get("after_reindex") or disk["after_import"]
    text = f"mia   index on disk: {final['index_mb']:,.1f} MB, store {final['store_mb']:,.1f} MB"
    if "after_reindex" in disk:
        first = disk["after_import"]
        text += f" after reindex ({first['index_mb']:,.1f} and {first['store_mb']:,.1f} MB after import)"
    return text + f"  (target index <= the store: {'met' if final['met'] else 'NOT met'})"


def command_cells(row: dict) -> tuple[str, ...]:
    def seconds(value) -> str:
        return "" if value is None else f"{value:.3f}"

    if row["status"] != "ok":
        return (row["command"], row["status"], "", "", seconds(row.get("first")), "", "", "", "")
    ratio = target = met = ""
    if row.get("ratio") is not None:
        ratio = f"{row['ratio']:.2f}x"
        baseline = _short(row["baseline"])
        target = f"<= {row['target']}x {baseline}" if row.get("target") else f"(vs {baseline})"
        met = "" if row.get("met") is None else ("yes" if row["met"] else "NO")
    if row.get("max_seconds") is not None:
        target = f"<= {row['max_seconds']:g} s" if not row.get("target") else f"{target}, <= {row['max_seconds']:g} s"
        met = "yes" if row.get("met") else "NO"
    if row.get("memory_target_mb") and not row.get("mia_ratio"):
        target = f"{target}, <= {row['memory_target_mb']:g} MB" if target else f"<= {row['memory_target_mb']:g} MB"
    if row.get("mia_ratio") is not None:
        ratio = f"{row['mia_ratio']:.2f}x"
        target = "(mia's time / this)"
    if row.get("memory_target_mb"):
        memory_met = "yes" if row.get("memory_met") else "NO"
        met = f"{met or '-'}; mem {memory_met}"
    return (row["command"], seconds(row["min"]), seconds(row["median"]), seconds(row["max"]), seconds(row.get("first")),
            f"{row['peak_rss_mb']:.0f}" if row.get("peak_rss_mb") else "", ratio, target, met)


def _short(label: str) -> str:
    return {"python -c 'import typer'": "import typer", "mia --version": "--version"}.get(label, label)


if __name__ == "__main__":
    import json
    import sys

    print(table(json.load(open(sys.argv[1] if len(sys.argv) > 1 else "bench/results.json", encoding="utf-8"))))
