"""Benchmark of issue 19: expressions over a 50-report series.

Run from the repository root after ``pip install -e .``::

    python bench/phrases.py             # 3 runs each, prints the figures
    python bench/phrases.py --runs 5 --reports 50

The series is made here, deterministically: report k (year 1970 + k) is the cn-gwr report of
2014 + k mod 6 (from ``../shared/corpus``, never copied into the repository; the sample
``reports/2019.txt`` where the corpus is absent), with its years renumbered and five invented
expressions per year that start then and last three years. Figures, all whole processes
(Python start-up included), medians of the runs:

- ``compare ingest`` of the 50 files into a fresh store, and the store's size;
- ``compare phrases YEAR --new --format json`` for the last year (every stored year read, the
  vocabulary of the whole series built, the year's new expressions ranked and described);
- the same for ``--keywords`` and ``--dropped``;
- in process: building the vocabulary alone (reading every stored year's expression
  statistics, kept at ingest since schema 7), and the series page's data (every year's new
  expressions: the series sums of the runs asked, then the ranking).

Each report's expression statistics are made at ingest and kept in the store (the ``phrases``
table, in the store size above); what depends on the series is computed when asked.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "cn-gwr"
_SYLLABLES = "数字智慧绿色低碳协同融合创新开放共享安全韧性普惠精准联动集约高效"


def _bases() -> list[str]:
    files = [CORPUS / f"{y}.txt" for y in range(2014, 2020)]
    if all(f.exists() for f in files):
        return [f.read_text(encoding="utf-8") for f in files]
    return [(ROOT / "reports" / "2019.txt").read_text(encoding="utf-8")]


def _phrase(rng: random.Random) -> str:
    """An invented four-to-six character expression (two or three two-character words)."""
    words = [
        _SYLLABLES[i : i + 2]
        for i in (2 * rng.randrange(len(_SYLLABLES) // 2) for _ in range(rng.choice((2, 3))))
    ]
    return "".join(words) + rng.choice(("体系", "机制", "工程", "行动", "平台"))


def make_series(folder: Path, count: int) -> Path:
    """``count`` report files, one per year from 1970, in ``folder``."""
    bases = _bases()
    rng = random.Random(19)
    invented = [[_phrase(rng) for _ in range(5)] for _ in range(count)]
    for k in range(count):
        year = 1970 + k
        text = bases[k % len(bases)]
        for y in range(2014, 2020):
            text = text.replace(f"{y}年", f"{year - 2019 + y}年")
        live = [p for j in range(max(0, k - 2), k + 1) for p in invented[j]]
        lines = text.split("\n")
        prose = [i for i, line in enumerate(lines) if len(line) > 80]
        for n, phrase in enumerate(live):
            at = prose[(7 * n + k) % len(prose)]
            lines[at] += f"加快建设{phrase}，完善{phrase}。"
        (folder / f"{year}.txt").write_text("\n".join(lines), encoding="utf-8")
    return folder


def _run(args: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS in MB of one process: the CPU
    time is what to compare on a machine shared with other work."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if status != 0:
        raise SystemExit(f"{' '.join(args)} failed: {err}")
    return took, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reports", type=int, default=50)
    opts = parser.parse_args()
    compare = [sys.executable, "-m", "compare.cli.__main__"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "src").mkdir()
        src = make_series(work / "src", opts.reports)
        last = 1970 + opts.reports - 1
        ingest_times: list[tuple[float, float, float]] = []
        sizes = []
        for run in range(opts.runs):
            db = work / f"s{run}.db"
            ingest_times.append(
                _run([*compare, "ingest", str(src), "--series", "s", "--db", str(db)])
            )
            sizes.append(db.stat().st_size)
        db = work / "s0.db"
        figures: dict[str, list[tuple[float, float, float]]] = {
            "new": [],
            "keywords": [],
            "dropped": [],
        }
        for _ in range(opts.runs):
            for kind in figures:
                figures[kind].append(
                    _run(
                        [*compare, "phrases", str(last), f"--{kind}", "--db", str(db), "-f", "json"]
                    )
                )
        from compare.series.expressions import series_phrases
        from compare.series.phrasedocs import series_vocabulary
        from compare.store import Store

        vocab_times, page_times = [], []
        with Store(db, readonly=True) as store:
            for _ in range(opts.runs):
                start = time.perf_counter()
                v = series_vocabulary(store, "s")
                vocab_times.append(time.perf_counter() - start)
                start = time.perf_counter()
                series_phrases(v)
                page_times.append(time.perf_counter() - start)
    med = statistics.median

    def row(what: str, runs: list[tuple[float, float, float]]) -> None:
        wall, cpu, rss = (med(r[k] for r in runs) for k in range(3))
        print(f"{what:<34} {wall:7.2f} s wall {cpu:7.2f} s CPU {rss:6.0f} MB")

    print(f"series: {opts.reports} reports ({len(_bases())} bases), medians of {opts.runs} runs")
    row("compare ingest (whole series)", ingest_times)
    print(f"{'store size':<34} {sizes[0] / 1e6:7.1f} MB")
    for kind, times in figures.items():
        row(f"compare phrases {last} --{kind}", times)
    print(f"{'vocabulary (in process)':<34} {med(vocab_times):7.2f} s wall")
    print(f"{'series page data (in process)':<34} {med(page_times):7.2f} s wall")


if __name__ == "__main__":
    main()
