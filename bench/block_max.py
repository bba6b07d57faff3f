"""How much of a search's ranking block-max pruning could skip, on a bench store (issue 17).

Block-max pruning keeps, with each block of a posting row, a bound on the scores its entries can
give; a search scores blocks best bound first and skips a block whose bound is below the score of
the k-th best review found so far. This script counts, for the bench's queries, the entries of
the blocks that could not be skipped, under two bounds:

- `review bound`: the best final score among the block's reviews (as mia ranks them). A bound
  kept per review, over all its fields and terms, could be no tighter; it shows what pruning
  could give at best.
- `field bound`: for each field, the largest contribution of the block's entries in that field
  (a frequency over a length, with the current lengths), summed over the fields, saturated and
  scaled as the term's best alternative scores it. This is what a block of one term's row can
  keep (as Lucene keeps each block's competitive frequency/length pairs); it is counted row by
  row, as if a slot's other terms (stems, prefixes) gave nothing, so it is a little optimistic.

Blocks are cut at review boundaries (a review's entries stay in one block). The ranking itself is
not changed: this only reads a fresh index.

    bench/.venv/bin/python bench/block_max.py --store bench/out/run-100000/mia/store.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

QUERIES = ["rituximab", "ITP", '"insuffisance cardiaque"']


def blocks_of(nums, size: int):
    """(start, end) of the blocks of a row: `size` entries, a review's entries kept together."""
    start = 0
    while start < len(nums):
        end = min(start + size, len(nums))
        while end < len(nums) and nums[end] == nums[end - 1]:
            end += 1
        yield start, end
        start = end


def needed_entries(scorer, scores: dict[int, float], k: int, size: int) -> dict[str, int]:
    """Entries in the blocks a search must score to find the k best, by the review bound and by
    the field bound, and all entries."""
    from mia.search.fields import FIELD_COUNT, FIELD_WEIGHTS
    from mia.search.scoring import K1

    ranked = sorted(scores.values(), reverse=True)
    threshold = ranked[k - 1] if len(ranked) >= k else float("-inf")
    lengths = scorer.reader.lengths.lengths
    a, b = scorer.norm_a, scorer.norm_b
    # term -> the best (alternative weight x idf x (k1 + 1), level) of a one-word alternative holding it
    scale: dict[str, tuple[float, float]] = {}
    for unit in scorer._units():
        for alt in unit.alternatives:
            if len(alt.slots) != 1:
                continue
            slot = alt.slots[0]
            factor = alt.weight * scorer._idf(len(scorer.slot_tf(slot, unit.fields))) * (K1 + 1)
            for term, level in slot.terms.items():
                scale[term] = max(scale.get(term, (0.0, 0.0)), (factor, level))
    counts = {"review bound": 0, "field bound": 0, "entries": 0}
    for term, rows in scorer.rows.items():
        factor, level = scale.get(term, (float("inf"), 1.0))  # (a phrase's word: never skipped)
        for row in rows:
            for start, end in blocks_of(row.nums, size):
                counts["entries"] += end - start
                if max(scores.get(num, 0.0) for num in row.nums[start:end]) >= threshold:
                    counts["review bound"] += end - start
                best = [0.0] * FIELD_COUNT
                for at in range(start, end):
                    num, f, tf = row.nums[at], row.fields[at], row.tfs[at]
                    best[f] = max(best[f], FIELD_WEIGHTS[f] * tf / (a[f] + b[f] * lengths[num * FIELD_COUNT + f]))
                tf_bound = level * sum(best)
                if factor * tf_bound / (tf_bound + K1) >= threshold:
                    counts["field bound"] += end - start
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="a bench store (its index must be fresh)")
    parser.add_argument("--block", type=int, nargs="+", default=[32, 128], help="entries a block (default 32 128)")
    parser.add_argument("--out", type=Path, help="also write the counts as JSON")
    parser.add_argument("--k", type=int, nargs="+", default=[10, 50], help="best reviews wanted (10 shown, 50 for proximity)")
    args = parser.parse_args()

    from mia.search.freshness import open_current
    from mia.search.plan import Planner
    from mia.search.query import parse_query
    from mia.search.reader import IndexReader
    from mia.search.scoring import Scorer
    from mia.store.view import StoreView

    conn = open_current(StoreView(args.store, None))
    if conn is None:
        parser.error(f"the index of {args.store} is not fresh: run `mia search` on it once")
    results = []
    for query in QUERIES:
        reader = IndexReader(conn)
        scorer = Scorer(reader, Planner(reader).plan(parse_query(query)))
        _, scores = scorer.run()
        for block in args.block:
            for k in args.k:
                counts = needed_entries(scorer, scores, k, block)
                total = counts["entries"] or 1
                results.append({"query": query, "block": block, "k": k, **counts})
                print(f"{query:28s} block {block:4d}  k {k:3d}  of {counts['entries']:7,d} entries, must score:"
                      f" review bound {counts['review bound'] / total:4.0%}, field bound {counts['field bound'] / total:4.0%}")
    if args.out:
        args.out.write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
