"""Time metric pairing on number-dense input (issues 14 and 18): is it bounded?

Run from the repository root after `pip install -e .`: `python bench/metrics_scale.py` (add
`--write` to also write the table to `bench/METRICS_SCALE.md`; `bench/RESULTS.md` is left alone).

Two inputs, both built here (nothing is read from the corpus):

- a budget-style county table: one paragraph per county (甲乙丙县：一般公共预算收入12345万元，
  增长5.2%；一般公共预算支出23456万元，增长3.1%。), four metrics per row, for 150 rows (about 600
  metrics and 15-18 KB per report, the pair of issue 18 that took 72 s) and 1,500 rows (6,000
  metrics). Timed in this process: ingest of both reports (read, sections, metrics, word
  segmentation) and `pipeline.compare_reports` (align, diff, metric pairing); then as whole
  processes, `compare ingest` of both files and `compare OLD NEW --no-ingest` (HTML page
  included), as a user runs them.
- metric pairing alone (`metrics.match_metrics`: pairs, outcomes, related) on synthetic metrics,
  500 against 500 and 5,000 against 5,000, and the growth factor between them (10 for a linear
  cost): the best of five runs, each from cold label caches with the garbage collector off.

Targets: the 600-metric pair compares in under 2 s; 6,000 metrics at most 12 times that; pairing
5,000 against 5,000 grows about linearly from 500. Figures are CPU seconds (user + system; the
best of three for pairing alone): the machine is shared, so wall time would also count whatever
else runs on it.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from compare.ingest import read_document
from compare.metrics import match_metrics, subject_key
from compare.models import Metric, Quantity
from compare.pipeline import build_report, compare_reports

ROOT = Path(__file__).resolve().parents[1]
_SYLLABLES = "安宁平和东西南北江山河湖阳阴城林石泉丰华兴隆昌盛广德福寿康永新清远长"
_WORDS = ("财政", "收入", "支出", "预算", "教育", "医疗", "农业", "交通", "住房", "就业", "社保",
          "科技", "环保", "文化", "体育", "水利", "林业", "公安", "司法", "民政", "卫生", "城乡")
_UNITS = ("元", "人", "%", "吨", "件", "户", "个", "公里")


def county(i: int) -> str:
    """A distinct county name for row ``i`` (three syllables and 县 or 区)."""
    n = len(_SYLLABLES)
    return _SYLLABLES[i // n // n % n] + _SYLLABLES[i // n % n] + _SYLLABLES[i % n] + (
        "县" if i % 3 else "区")


def county_table(year: int, rows: int) -> str:
    """A budget-style report: one paragraph of four figures per county."""
    rng = random.Random(year * 7919 + rows)
    lines = [f"某市{year}年县区财政预算执行情况", "", "一、各县区收支情况", ""]
    for i in range(rows):
        base = random.Random(i).randint(2000, 90000)
        income = int(base * rng.uniform(0.9, 1.15))
        spend = int(base * 1.4 * rng.uniform(0.9, 1.15))
        lines.append(
            f"{county(i)}：一般公共预算收入{income}万元，增长{rng.randint(1, 150) / 10}%；"
            f"一般公共预算支出{spend}万元，增长{rng.randint(1, 150) / 10}%。"
        )
        lines.append("")
    return "\n".join(lines)


def synthetic(n: int, year: int) -> list[Metric]:
    """``n`` metrics with labels drawn from a small vocabulary (so labels share many character
    pairs, the hard case for an index), a tenth of them reworded in the new year."""
    out = []
    for k in range(n):
        rng = random.Random(k)
        label = "".join(rng.sample(_WORDS, 3)) + ("增长" if k % 4 == 0 else "")
        if year % 2 and k % 10 == 0:
            label = label[2:] + "总额"
        unit = _UNITS[k % len(_UNITS)]
        value = str(rng.randint(10, 10**6) + (year - 2018) * 3)
        kind = "target" if k % 5 == 0 else "change" if k % 4 == 0 else "level"
        period = "5 years" if k % 9 == 0 else "year"
        q = Quantity(value, unit, value + unit, k + 1, label + value + unit)
        out.append(Metric(label, kind, False, "1", q, period=period))
    return out


def timed(fn, *args):  # type: ignore[no-untyped-def]
    """CPU seconds of this process spent in ``fn(*args)``, and its result. CPU time, not wall
    time: the 2-core machine is shared, and wall time there measures the neighbours too."""
    t0 = time.process_time()
    result = fn(*args)
    return time.process_time() - t0, result


def _pairing_time(old: list[Metric], new: list[Metric]) -> float:
    """CPU seconds of one ``match_metrics`` run from cold label caches, without the garbage
    collector (as ``timeit`` runs), so that the figure is the pairing's own work."""
    subject_key.cache_clear()
    gc.collect()
    gc.disable()
    try:
        return timed(match_metrics, old, new)[0]
    finally:
        gc.enable()


def run(cmd: list[str], cwd: Path) -> float:
    """CPU seconds (user + system) of one whole child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def bench_table(rows: int, tmp: Path) -> dict[str, float]:
    folder = tmp / f"t{rows}"
    folder.mkdir()
    for year in (2018, 2019):
        (folder / f"{year}.txt").write_text(county_table(year, rows), encoding="utf-8")
    t_ingest, reports = timed(lambda: [build_report(read_document(folder / f"{y}.txt"))
                                       for y in (2018, 2019)])
    t_compare, comp = timed(compare_reports, *reports)
    exe = [sys.executable, "-m", "compare.cli"]
    db = str(folder / "s.db")
    p_ingest = run([*exe, "ingest", str(folder), "--series", "t", "--db", db], tmp)
    p_compare = run([*exe, "2018", "2019", "--series", "t", "--db", db, "--no-ingest",
                     "-o", str(folder / "p.html")], tmp)
    paired = sum(c.old is not None and c.new is not None for c in comp.metrics)
    return {"metrics": len(reports[1].metrics), "kb": (folder / "2019.txt").stat().st_size / 1024,
            "ingest": t_ingest, "compare": t_compare, "paired": paired,
            "p_ingest": p_ingest, "p_compare": p_compare}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="also write bench/METRICS_SCALE.md")
    args = parser.parse_args()
    out = ["CPU seconds.", "",
           "| input | metrics per report | KB | ingest both | compare | pairs | "
           "`compare ingest` | `compare OLD NEW` |", "|---|---|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        rows = {}
        for n in (150, 1500):
            r = bench_table(n, Path(tmp))
            rows[n] = r
            out.append(f"| county table, {n} rows | {r['metrics']} | {r['kb']:.0f} | "
                       f"{r['ingest']:.2f} | {r['compare']:.2f} | {r['paired']} | "
                       f"{r['p_ingest']:.2f} | {r['p_compare']:.2f} |")
    small, big = rows[150], rows[1500]
    out.append("")
    out.append(f"6,000 ÷ 600 metrics: in-process compare ×{big['compare'] / small['compare']:.1f}, "
               f"whole `compare OLD NEW` ×{big['p_compare'] / small['p_compare']:.1f} "
               "(target ≤ 12).")
    out.append("")
    out.append("| pairing alone (`match_metrics`) | CPU seconds | pairs |")
    out.append("|---|---|---|")
    times = {}
    for n in (500, 5000):
        old, new = synthetic(n, 2018), synthetic(n, 2019)
        best = min(_pairing_time(old, new) for _ in range(5))
        found = match_metrics(old, new)
        times[n] = best
        pairs = sum(c.old is not None and c.new is not None for c in found.changes)
        out.append(f"| {n:,} vs {n:,} | {best:.3f} | {pairs} |")
    out.append("")
    out.append(f"Growth ×10 metrics: ×{times[5000] / times[500]:.1f} time (linear: 10).")
    text = "\n".join(out) + "\n"
    print(text)
    if args.write:
        (ROOT / "bench" / "METRICS_SCALE.md").write_text(
            "# Metric pairing at scale (`python bench/metrics_scale.py --write`)\n\n" + text,
            encoding="utf-8")


if __name__ == "__main__":
    main()
