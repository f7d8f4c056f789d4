"""Metric pairing on the two PDF budgets of the corpus (issue 14, budget sources): how long it
takes and how many pairs it makes.

Run from the repository root after `pip install -e .`: `python bench/budget_pairing.py` (add
`--write` to also write the table to `bench/BUDGET_PAIRING.md`; `--corpus DIR` to point at
another corpus than ../shared/corpus). For each pair of years: the metrics read per report,
CPU seconds to build both reports (PDF reading, sections, metrics) once, CPU seconds of
`metrics.match_metrics` (pairs, outcomes, related; the best of five runs from cold label caches
with the garbage collector off), and the pairs, the pairs whose two labels differ (paired by
similarity, code path or a renamed table: the ones to check by eye), outcomes and related.
"""

from __future__ import annotations

import argparse
import gc
import time
from pathlib import Path

from compare.ingest import read_document
from compare.metrics import identity, match_metrics, subject_key
from compare.pipeline import build_report

PAIRS = (("cn-putuo-wanli-budget-pdf", 2024, 2025), ("cn-jiangsu-budget-pdf", 2022, 2023))


def measure(corpus: Path, series: str, old: int, new: int) -> dict[str, object]:
    """One row of the table (see the module docstring)."""
    t0 = time.process_time()
    a, b = (build_report(read_document(corpus / series / f"{y}.pdf")) for y in (old, new))
    built = time.process_time() - t0
    best = float("inf")
    for _ in range(5):
        subject_key.cache_clear()
        if hasattr(identity, "class_path"):  # label caches cold, as a first compare finds them
            identity.class_path.cache_clear()
        gc.collect()
        gc.disable()
        t0 = time.process_time()
        found = match_metrics(a.metrics, b.metrics)
        best = min(best, time.process_time() - t0)
        gc.enable()
    made = [c for c in found.changes if c.old is not None and c.new is not None]
    reworded = sum(c.old.label != c.new.label for c in made if c.old and c.new)
    return {"pair": f"{series} {old}→{new}", "metrics": f"{len(a.metrics)} / {len(b.metrics)}",
            "build": f"{built:.2f}", "pairing": f"{best:.3f}", "pairs": len(made),
            "reworded": reworded, "outcomes": len(found.outcomes), "related": len(found.related)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    rows = [measure(args.corpus, *p) for p in PAIRS if (args.corpus / p[0]).is_dir()]
    keys = ["pair", "metrics", "build", "pairing", "pairs", "reworded", "outcomes", "related"]
    lines = ["# Metric pairing on PDF budgets (`python bench/budget_pairing.py --write`)", "",
             "CPU seconds; pairing is the best of five runs.", "",
             "| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    lines += ["| " + " | ".join(str(r[k]) for k in keys) + " |" for r in rows]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        Path(__file__).with_name("BUDGET_PAIRING.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
