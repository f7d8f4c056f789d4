"""`compare site --jobs 2` against `--jobs 1` (issue 17, item 3): where the time goes, the ratio.

Run from the repository root after ``pip install -e .``::

    python bench/jobs.py                      # 5 rounds, writes bench/JOBS.md
    python bench/jobs.py --rounds 3 --no-write
    python bench/jobs.py --baseline DIR       # also an older checkout, side by side

``DIR`` is a checkout with its own ``DIR/.venv`` (as ``bench/sidebyside.py`` describes), or a bare
source tree (``git archive COMMIT | tar -x -C DIR``), which then runs with this interpreter and
``PYTHONPATH=DIR``.

What it measures, on a 50-report synthetic series (``bench/synth.py``, seed 0):

1. **CPU seconds per phase of a serial build** (``time.process_time`` around each function
   ``build_site`` calls, in a process of its own), sorted into the part that stays serial with
   ``--jobs 2`` (S) and the part the workers share (P), for this checkout's way of splitting the
   work; Amdahl's bound is (S + P) / (S + P/2).
2. **The ratio**: ``compare site --jobs 1`` and ``--jobs 2`` as whole processes, alternately,
   round after round, each with a fresh output folder and after waiting for idle cores; wall
   seconds, CPU seconds of the process and its workers (their rusage), the load average before
   each run, and the CPU seconds the rest of the machine used during it (``/proc/stat``). The
   machine is shared: wall ratios are given over every round and over the quiet rounds (other
   work took under ``QUIET`` CPU seconds during each run); CPU seconds are what load does not
   stretch.
3. **Identity**: the pages of ``--jobs 2`` against ``--jobs 1``, and against the baseline's, byte
   for byte, on the synthetic series and on ``../shared/corpus/cn-gwr``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import synth
from sidebyside import PARALLEL_PROBE

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
GOAL = 1.7
IDLE_CORES = 1.8  # idle cores to wait for before a timed run (of 2)
QUIET = 0.3  # CPU seconds other work may take during a run of a round counted as quiet

# Where each phase of a build stands with --jobs 2 in this checkout: "S" stays in the process
# that builds the site while no worker runs (or after they are done), "P" is shared by the
# workers (or made by the parent while they run).
PHASES: dict[str, tuple[str, str]] = {
    "import": ("S", "Python start, the CLI's and the site's imports"),
    "setup": ("S", "list the stored years, manifest, corrections, templates hash"),
    "load_phrases": ("S", "read every year's expression statistics (vocabulary)"),
    "first_panel": ("S", "the first expressions panel: sums the vocabulary the workers inherit"),
    "panels": ("P", "the other 48 expressions panels"),
    "pairs": ("P", "compare, render a pair page (reports loaded)"),
    "trends": ("P", "trends page (a forked process, during load_phrases and first_panel)"),
    "phrases": ("P", "expressions page (the parent, while the workers finish)"),
    "series_pages": ("S", "timeline and index pages, files and manifest written"),
}


# --- phases, in a process of its own ---------------------------------------------------------


def phases(db: str, series: str, out: str) -> dict[str, float]:
    """CPU seconds of each phase of a serial build (``jobs=1``) in this process; ``import`` is
    the process's CPU until it could call ``build_site`` (start, the CLI's and the site's
    imports), as ``compare site`` spends it before it builds."""
    import compare.cli  # noqa: F401 - what `compare site` imports before it builds
    from compare.series import site
    from compare.store.db import Store

    own = resource.getrusage(resource.RUSAGE_SELF)
    imported = own.ru_utime + own.ru_stime

    acc: dict[str, float] = defaultdict(float)
    stack: list[float] = []
    seen: dict[str, int] = defaultdict(int)

    def wrap(name: str, phase: Callable[[int, tuple[Any, ...]], str]) -> None:
        if not hasattr(site, name):
            return
        inner = getattr(site, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            stack.append(0.0)
            try:
                return inner(*args, **kwargs)
            finally:
                nested = stack.pop()
                spent = time.process_time() - started
                acc[phase(seen[name], args)] += spent - nested
                seen[name] += 1
                if stack:
                    stack[-1] += spent

        setattr(site, name, timed)

    wrap("load_phrases", lambda n, a: "load_phrases")
    wrap("year_phrases", lambda n, a: "first_panel" if n == 0 else "panels")
    for name in ("pair_page", "_pair_page"):  # this checkout's name, then older ones
        wrap(name, lambda n, a: "pairs")
    for name in ("trends_page", "_trends_page"):
        wrap(name, lambda n, a: "trends")
    for name in ("phrases_page", "_phrases_page"):
        wrap(name, lambda n, a: "phrases")
    for name in ("render_timeline", "render_index"):
        wrap(name, lambda n, a: "series_pages")
    # A pair page is written as it comes (with the pairs); the others after them.
    wrap("_write", lambda n, a: "pairs" if str(a[1])[:1].isdigit() else "series_pages")
    shutil.rmtree(out, ignore_errors=True)
    started = time.process_time()
    with Store(db, readonly=True) as store:
        site.build_site(store, series, Path(out), jobs=1)
    total = time.process_time() - started
    acc["setup"] = total - sum(acc.values())
    acc["build_site"] = total
    acc["import"] = imported
    return dict(acc)


# --- whole processes -----------------------------------------------------------------------


class Side:
    """A checkout to run: its interpreter and environment."""

    def __init__(self, label: str, root: Path) -> None:
        self.label, self.root = label, root
        venv = root / ".venv" / "bin" / "python"
        self.python = str(venv if venv.exists() else sys.executable)
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("PYTHONPATH", "COMPARE_DB", "VIRTUAL_ENV")}
        if not venv.exists() and root != ROOT:
            self.env["PYTHONPATH"] = str(root)

    def run(self, args: list[str], cwd: Path) -> tuple[float, float, float]:
        """Wall and CPU seconds (the process and the workers it waited for) of one command, and
        the CPU seconds the rest of the machine used meanwhile (NaN where unknown)."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        busy = machine_busy()
        started = time.perf_counter()
        subprocess.run([self.python, "-m", "compare.cli", *args], cwd=cwd, env=self.env,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall = time.perf_counter() - started
        others = machine_busy() - busy
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return wall, cpu, max(0.0, others - cpu)

    def phases(self, db: Path, series: str, out: Path) -> dict[str, float]:
        done = subprocess.run(
            [self.python, str(Path(__file__).resolve()), "--phases", str(db), series, str(out)],
            env=self.env, check=True, capture_output=True, text=True, cwd=ROOT,
        )
        found: dict[str, float] = json.loads(done.stdout)
        return found


def machine_busy() -> float:
    """CPU seconds every process of the machine has used since boot (``/proc/stat``; NaN
    elsewhere): the difference around a run, less the run's own, is what other work took."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(x) for x in stat.readline().split()[1:8]]
    except OSError:
        return float("nan")
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields) - idle) / os.sysconf("SC_CLK_TCK")


def wait_for_idle(cores: float, limit: float) -> float:
    """Wait (at most ``limit`` seconds) until the machine has ``cores`` cores idle over half a
    second; the idle cores seen last."""
    deadline = time.monotonic() + limit
    while True:
        busy, started = machine_busy(), time.monotonic()
        time.sleep(0.5)
        free = (os.cpu_count() or 1) - (machine_busy() - busy) / (time.monotonic() - started)
        if free != free or free >= cores or time.monotonic() > deadline:  # NaN: not Linux
            return free


def same_tree(x: Path, y: Path) -> bool:
    """Every file of two folders byte for byte the same, and no file in one only."""
    names = sorted(p.name for p in x.iterdir())
    if names != sorted(p.name for p in y.iterdir()):
        return False
    return all(filecmp.cmp(x / n, y / n, shallow=False) for n in names)


def measure(
    rounds: int, baseline: Path | None, wait: float, say: Callable[[str], None]
) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-jobs-"))
    try:
        _measure(tmp, rounds, baseline, wait, say)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _measure(
    tmp: Path, rounds: int, baseline: Path | None, wait: float, say: Callable[[str], None]
) -> None:
    new = Side("new", ROOT)
    sides = [new] + ([Side("old", baseline)] if baseline else [])
    folder = tmp / "synth50"
    synth.write_series(synth.synth_series(50, seed=0, first_year=1970), folder)
    (folder / "manifest.json").unlink()
    db = tmp / "s50.db"
    new.run(["ingest", str(folder), "--series", "s50", "--db", str(db)], tmp)
    load = os.getloadavg()
    say("# `compare site --jobs 2` against `--jobs 1` (issue 17, item 3)\n")
    say(f"- date: {dt.datetime.now().isoformat(timespec='seconds')}; {os.cpu_count()} CPUs; "
        f"Python {sys.version.split()[0]}; command: `python bench/jobs.py --rounds {rounds}"
        + (f" --baseline {baseline}`" if baseline else "`"))
    say(f"- load average at start (1/5/15 min): {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}")
    say("- input: 50 synthetic yearly reports (`bench/synth.py`, seed 0), 49 pair pages\n")

    # Phases: CPU per phase of a serial build, in processes of their own, median of 3.
    runs: dict[str, dict[str, list[float]]] = {s.label: defaultdict(list) for s in sides}
    for _ in range(3):
        for s in sides:
            for k, v in s.phases(db, "s50", tmp / f"phases-{s.label}").items():
                runs[s.label][k].append(v)
    wall: dict[str, list[float]] = defaultdict(list)
    cpu: dict[str, list[float]] = defaultdict(list)
    loads: dict[str, list[float]] = defaultdict(list)
    others: dict[str, list[float]] = defaultdict(list)
    probe: list[float] = []
    for n in range(rounds):
        done = subprocess.run([sys.executable, "-c", PARALLEL_PROBE], capture_output=True,
                              text=True, cwd=tmp, check=True)
        probe.append(float(done.stdout.strip()))
        for s in sides:
            for jobs in ("1", "2") if n % 2 == 0 else ("2", "1"):
                out = tmp / f"{s.label}-jobs{jobs}"
                shutil.rmtree(out, ignore_errors=True)
                what = f"{s.label} {jobs}"
                wait_for_idle(IDLE_CORES, wait)
                loads[what].append(os.getloadavg()[0])
                w, c, o = s.run(["site", "--series", "s50", "--db", str(db), "-o", str(out),
                                 "--jobs", jobs], tmp)
                wall[what].append(w)
                cpu[what].append(c)
                others[what].append(o)

    def med(xs: list[float]) -> float:
        return statistics.median(xs) if xs else float("nan")

    say("## CPU seconds per phase of a serial build (`--jobs 1`)\n")
    say("Median of 3 in-process builds (`time.process_time` around what `build_site` calls), "
        "each in a process of its own; `import`: that process's CPU until it could build "
        "(Python start, the CLI's and the site's imports). "
        "S: serial with `--jobs 2` in this checkout, P: shared by the workers.\n")
    head = " | ".join(f"{s.label} CPU s" for s in sides)
    say(f"| phase | {head} | S/P (new) | what |")
    say("|---|" + "---|" * len(sides) + "---|---|")
    totals: dict[str, dict[str, float]] = {}
    for s in sides:
        totals[s.label] = {k: med(v) for k, v in runs[s.label].items()}
    for phase, (part, what) in PHASES.items():
        cells = " | ".join(f"{totals[s.label].get(phase, 0.0):.2f}" for s in sides)
        say(f"| {phase} | {cells} | {part} | {what} |")
    got = totals["new"]
    serial = sum(got.get(p, 0.0) for p, (part, _) in PHASES.items() if part == "S")
    shared = sum(got.get(p, 0.0) for p, (part, _) in PHASES.items() if part == "P")
    bound = (serial + shared) / (serial + shared / 2)
    say(f"\nNew: S = {serial:.2f} s, P = {shared:.2f} s; Amdahl's bound with 2 workers "
        f"(S + P) / (S + P/2) = {bound:.2f}.")
    if baseline:
        old = totals["old"]
        # The old split: the parent's own work before and after the pool was serial; the
        # vocabulary (statistics and first sums) was made in each worker again.
        o_serial = old.get("import", 0) + old.get("setup", 0) + old.get("series_pages", 0)
        o_shared = sum(old.get(p, 0.0) for p in PHASES) - o_serial
        o_dup = old.get("load_phrases", 0) + old.get("first_panel", 0)
        say(f"Old: S = {o_serial:.2f} s, P = {o_shared:.2f} s, and each worker made the "
            f"vocabulary again (about {o_dup:.2f} s) and the expressions page from cold; "
            f"Amdahl's bound {(o_serial + o_shared) / (o_serial + o_shared / 2):.2f} before "
            "that duplicated work.")

    say("\n## Whole processes, alternately\n")
    say(f"{rounds} rounds; each round runs `compare site --jobs 1` and `--jobs 2` (in turn "
        "first), each with a fresh output folder, after waiting (at most "
        f"{wait:.0f} s) for {IDLE_CORES} of the cores to be idle. CPU: the process and its "
        "workers. Load: the 1-minute load average before the run; it counts this bench's own "
        "runs of the minute before (a `--jobs 2` run keeps two cores busy for 3 s). Others: CPU "
        "seconds the rest of the machine used during the run (`/proc/stat`), what stretched "
        "its wall time: 0.0 is a machine left to the run.\n")
    say("| checkout | jobs | wall s (median) | CPU s (median) | load (median) | walls | others |")
    say("|---|---|---|---|---|---|---|")
    for s in sides:
        for jobs in ("1", "2"):
            what = f"{s.label} {jobs}"
            say(f"| {s.label} | {jobs} | {med(wall[what]):.2f} | {med(cpu[what]):.2f} | "
                f"{med(loads[what]):.2f} | {', '.join(f'{x:.2f}' for x in wall[what])} | "
                f"{', '.join(f'{x:.1f}' for x in others[what])} |")
    say("")
    for s in sides:
        one, two = wall[f"{s.label} 1"], wall[f"{s.label} 2"]
        ratio = med(one) / med(two)
        quiet = [i for i in range(rounds)
                 if max(others[f"{s.label} 1"][i], others[f"{s.label} 2"][i]) < QUIET]
        q = (f"{med([one[i] for i in quiet]) / med([two[i] for i in quiet]):.2f} over the "
             f"{len(quiet)} rounds in which other work took under {QUIET} CPU s per run"
             + " (loads " + ", ".join(
                 f"{loads[f'{s.label} 1'][i]:.2f}/{loads[f'{s.label} 2'][i]:.2f}"
                 for i in quiet) + ")"
             if quiet else f"no round in which other work took under {QUIET} CPU s per run")
        verdict = "met" if quiet and (med([one[i] for i in quiet])
                                      / med([two[i] for i in quiet])) >= GOAL else "**not met**"
        say(f"- {s.label}: `--jobs 1` ÷ `--jobs 2` = {ratio:.2f} over every round; {q} "
            f"(goal ≥ {GOAL}: {verdict}); CPU of `--jobs 2` ÷ `--jobs 1` = "
            f"{med(cpu[f'{s.label} 2']) / med(cpu[f'{s.label} 1']):.2f} (work the split adds)")
    say(f"- two CPU-bound processes side by side ran {med(probe):.2f}× as fast as one after the "
        "other (2.0: a free second core; 1.0: the cores were full with other work)")

    say("\n## Identity\n")
    say(f"- synthetic series, `--jobs 2` pages byte for byte those of `--jobs 1`: "
        f"{'yes' if same_tree(tmp / 'new-jobs1', tmp / 'new-jobs2') else 'NO'}")
    if baseline:
        say(f"- synthetic series, `--jobs 2` pages byte for byte the baseline's `--jobs 1`: "
            f"{'yes' if same_tree(tmp / 'old-jobs1', tmp / 'new-jobs2') else 'NO'}")
    gwr = CORPUS / "cn-gwr"
    if gwr.is_dir():
        gdb = tmp / "gwr.db"
        new.run(["ingest", str(gwr), "--series", "gwr", "--db", str(gdb)], tmp)
        for s in sides:
            for jobs in ("1", "2"):
                s.run(["site", "--series", "gwr", "--db", str(gdb), "-o",
                       str(tmp / f"gwr-{s.label}-{jobs}"), "--jobs", jobs], tmp)
        same = same_tree(tmp / "gwr-new-1", tmp / "gwr-new-2")
        say(f"- cn-gwr, `--jobs 2` byte for byte `--jobs 1`: {'yes' if same else 'NO'}")
        if baseline:
            same = all(same_tree(tmp / "gwr-old-1", tmp / f"gwr-new-{j}") for j in "12")
            say(f"- cn-gwr, `--jobs 1` and `--jobs 2` byte for byte the baseline's: "
                f"{'yes' if same else 'NO'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds of --jobs 1, --jobs 2")
    parser.add_argument("--baseline", type=Path, help="an older checkout, measured alike")
    parser.add_argument("--wait", type=float, default=120.0,
                        help="seconds to wait at most, before each run, for idle cores")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "JOBS.md")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--phases", nargs=3, metavar=("DB", "SERIES", "OUT"),
                        help=argparse.SUPPRESS)  # one in-process build: JSON of its phases
    args = parser.parse_args()
    if args.phases:
        print(json.dumps(phases(*args.phases)))
        return
    lines: list[str] = []

    def say(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    measure(args.rounds, args.baseline.resolve() if args.baseline else None, args.wait, say)
    if not args.no_write:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
