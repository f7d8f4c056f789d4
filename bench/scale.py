"""Scale bench (issue 17): many synthetic series on one machine, at 100 and at 1,000 reports.

Run from the repository root after ``pip install -e .``::

    python bench/scale.py                       # 100 and 1,000 reports, writes bench/SCALE.md
    python bench/scale.py --sizes 100 300 --no-write

For each size the reports are ``size / 50`` synthetic series of 50 yearly editions each
(``bench/synth.py``, one seed per series: every series is a different perturbation history of the
same real report), the way county-level reports of one kind come: one folder per county. Then:

- **ingest**: one ``compare ingest FOLDER --series NAME`` process per series, one after the
  other, into one store; reports per second and MB of text per second over all of them;
- **compare**: one ``compare site --all --jobs N`` over the whole store: every consecutive pair
  of every series compared and its page written; comparisons per second;
- **store size**: the SQLite file (and its WAL, if any) after both;
- **peak RSS**: the largest resident set of any one process of the run, the site's worker
  processes included (read from ``/proc/PID/status`` ``VmHWM`` of the process tree while it runs).

Nothing here is kept between sizes: each size starts from an empty store in a temporary folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import synth

ROOT = Path(__file__).resolve().parents[1]
PER_SERIES = 50


def compare_cmd() -> list[str]:
    script = Path(sys.executable).parent / "compare"
    if script.exists():
        return [sys.executable, str(script)]
    return [sys.executable, "-m", "compare.cli"]


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def _hwm_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_tree(cmd: list[str]) -> tuple[float, float]:
    """Run a command; wall seconds and the peak RSS (MB) of the largest process in its tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            kids = _children()
            todo, seen = [proc.pid], []
            while todo:
                pid = todo.pop()
                seen.append(pid)
                todo.extend(kids.get(pid, []))
            for pid in seen:
                peak[0] = max(peak[0], _hwm_kb(pid))
            done.wait(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    assert proc.stderr is not None
    err = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    done.set()
    watcher.join()
    elapsed = time.perf_counter() - start
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"Failed ({code}): {' '.join(cmd)}\n{err.decode(errors='replace')}")
    return elapsed, max(peak[0], usage.ru_maxrss) / 1024.0


def measure(size: int, tmp: Path, jobs: int) -> dict[str, float]:
    cmp = compare_cmd()
    n_series = max(1, size // PER_SERIES)
    db = tmp / f"scale{size}.db"
    folders = []
    text_bytes = 0
    for k in range(n_series):
        series = synth.synth_series(PER_SERIES, seed=1000 + k, first_year=1970)
        folder = tmp / f"s{size}" / f"county{k:03d}"
        synth.write_series(series, folder)
        (folder / "manifest.json").unlink()
        text_bytes += sum(p.stat().st_size for p in folder.iterdir())
        folders.append(folder)
    ingest_s = 0.0
    ingest_rss = 0.0
    for folder in folders:
        secs, rss = run_tree(
            [*cmp, "ingest", str(folder), "--series", folder.name, "--db", str(db)]
        )
        ingest_s += secs
        ingest_rss = max(ingest_rss, rss)
    site_s, site_rss = run_tree(
        [*cmp, "site", "--all", "--db", str(db), "-o", str(tmp / f"site{size}"),
         "--jobs", str(jobs)]
    )
    store = db.stat().st_size + (db.with_name(db.name + "-wal").stat().st_size
                                 if db.with_name(db.name + "-wal").exists() else 0)
    pairs = n_series * (PER_SERIES - 1)
    return {
        "reports": n_series * PER_SERIES,
        "series": n_series,
        "text_mb": text_bytes / 2**20,
        "ingest_s": ingest_s,
        "ingest_rss": ingest_rss,
        "pairs": pairs,
        "site_s": site_s,
        "site_rss": site_rss,
        "store_mb": store / 2**20,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "SCALE.md")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    started = time.perf_counter()
    say("# Scale bench (issue 17)")
    say()
    say(f"- date: {dt.datetime.now().isoformat(timespec='seconds')}")
    say(f"- machine: {os.cpu_count()} CPUs; Python {platform.python_version()}; "
        f"{platform.platform()}")
    say(f"- load average at start: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
    say(f"- command: `python bench/scale.py --sizes {' '.join(map(str, args.sizes))} "
        f"--jobs {args.jobs}`")
    say(f"- inputs: {PER_SERIES}-year synthetic series (`bench/synth.py`, base "
        f"`{synth.base_report().name}` of {synth.base_report().parent.name}), one seed each")
    say()
    results = []
    with tempfile.TemporaryDirectory(prefix="compare-scale-") as name:
        for size in args.sizes:
            results.append(measure(size, Path(name), args.jobs))
    say("| reports | series | text MB | ingest s | reports/s | MB/s | pairs | site s "
        "| comparisons/s | store MB | peak RSS ingest MB | peak RSS site MB |")
    say("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        say(f"| {r['reports']} | {r['series']} | {r['text_mb']:.1f} | {r['ingest_s']:.1f} "
            f"| {r['reports'] / r['ingest_s']:.1f} | {r['text_mb'] / r['ingest_s']:.2f} "
            f"| {r['pairs']} | {r['site_s']:.1f} | {r['pairs'] / r['site_s']:.1f} "
            f"| {r['store_mb']:.1f} | {r['ingest_rss']:.0f} | {r['site_rss']:.0f} |")
    say()
    if len(results) > 1:
        first, last = results[0], results[-1]
        ratio = max(last["ingest_rss"], last["site_rss"]) / max(
            first["ingest_rss"], first["site_rss"])
        say(f"- peak RSS at {last['reports']} ÷ at {first['reports']} reports: {ratio:.2f} "
            f"(goal ≤ 1.2: {'met' if ratio <= 1.2 else '**not met**'})")
        say(f"- store MB per report: {last['store_mb'] / last['reports']:.3f} at "
            f"{last['reports']}, {first['store_mb'] / first['reports']:.3f} at {first['reports']}")
    say(f"- wall time of the bench: {time.perf_counter() - started:.0f} s; load average at the "
        f"end: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if not args.no_write:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"Wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
