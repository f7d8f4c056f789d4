"""Issue 17's table: an older checkout and this one measured side by side, in one run.

``python bench/run.py --baseline DIR`` calls ``measure`` first. ``DIR`` is an older checkout of
this repository with its own virtual environment (``DIR/.venv``, made with
``pip install -e 'DIR[dev]'``), placed beside a ``shared/`` folder as this checkout is (tests and
inputs read ``../shared``). For example, for the code before issue 17::

    B=$(mktemp -d) && ln -s "$PWD/../shared" "$B/shared" && mkdir "$B/base"
    git archive bba4031 | tar -x -C "$B/base"
    python3 -m venv "$B/base/.venv" && "$B/base/.venv/bin/pip" install -e "$B/base[dev]"
    python bench/run.py --baseline "$B/base"

(a folder of its own: ``/tmp`` is shared with everyone else on the machine.)

Each measurement runs the old and the new command alternately, round after round, so load from
other work on the machine hits both alike. The floor of a command is a process that imports the
third-party and standard modules the command imported (read from its ``sys.modules``, every
dotted name) and exits: what no code of ours can go below. Beside it, for a warm compare, the
same process importing the project's own modules too: what the command costs before it does any
work.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import synth

__all__ = ["Side", "measure", "side"]

# Issue 17's goals.
GOALS = {
    "warm": 0.10,  # first comparison ÷ HtmlDiff
    "cold": 0.25,  # ingest both + compare ÷ HtmlDiff
    "list": 0.08,  # `compare list`, seconds
    "help": 0.10,  # `compare --help`, seconds
    "series": 10.0,  # 50 synthetic yearly reports: ingest + site, seconds on 2 cores
    "speedup": 1.7,  # site --jobs 1 ÷ --jobs 2 (at least)
    "tests": 120.0,  # `python -m pytest`, seconds
}

HTMLDIFF = (
    "import difflib, sys\n"
    "a = open(sys.argv[1], encoding='utf-8-sig').read().splitlines()\n"
    "b = open(sys.argv[2], encoding='utf-8-sig').read().splitlines()\n"
    "open(sys.argv[3], 'w', encoding='utf-8').write(difflib.HtmlDiff().make_file(a, b))\n"
)

# How much of a second core this run could have: two processes burning CPU side by side against
# one after the other (2.0 on an idle 2-core machine; about 1.0 when other work fills the cores,
# in which case no `--jobs` can be faster than `--jobs 1`).
PARALLEL_PROBE = (
    "import time, multiprocessing as mp\n"
    "def burn(n):\n    s = 0\n    for i in range(n): s += i\n    return s\n"
    "if __name__ == '__main__':\n"
    "    n = 4_000_000\n"
    "    t = time.perf_counter(); burn(n); burn(n); serial = time.perf_counter() - t\n"
    "    with mp.get_context('fork').Pool(2) as pool:\n"
    "        pool.map(burn, [10, 10])\n"
    "        t = time.perf_counter(); pool.map(burn, [n, n]); both = time.perf_counter() - t\n"
    "    print(serial / both)\n"
)

# Runs a command in-process and prints the top-level modules it left in sys.modules.
PROBE = (
    "import sys\nfrom compare.cli import main\n"
    "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
    "print(' '.join(sorted(m for m in sys.modules if not m.startswith('_'))), file=sys.stderr)\n"
)


@dataclass(frozen=True)
class Side:
    """One checkout to measure: its interpreter, its ``compare`` script and its folder."""

    label: str
    root: Path
    python: Path

    @property
    def compare(self) -> list[str]:
        return [str(self.python), str(self.python.parent / "compare")]


def side(label: str, root: Path) -> Side:
    """The checkout at ``root`` with the interpreter of ``root/.venv`` (this checkout may run
    from the interpreter running the bench)."""
    venv = root / ".venv" / "bin" / "python"
    if venv.exists():
        return Side(label, root, venv)
    if root == Path(__file__).resolve().parents[1]:
        return Side(label, root, Path(sys.executable))
    raise SystemExit(f"{root} has no .venv: make one with pip install -e '{root}[dev]'.")


def _env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("COMPARE_DB", None)
    env.pop("PYTHONPATH", None)
    env.pop("VIRTUAL_ENV", None)
    return env


CPU: dict[str, list[float]] = {}  # label of the last call's measure -> CPU seconds


def run(
    cmd: list[str], *, cwd: Path, ok: tuple[int, ...] = (0,), cpu: str | None = None
) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one process run to the end; its CPU seconds (user +
    system, its reaped children included) are kept under ``cpu`` when given."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd, env=_env(cwd)
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if code not in ok:
        raise SystemExit(f"Failed ({code}): {' '.join(cmd)}\n{err.decode(errors='replace')}")
    if cpu is not None:
        CPU.setdefault(cpu, []).append(usage.ru_utime + usage.ru_stime)
    return elapsed, usage.ru_maxrss / 1024.0


@dataclass
class Figures:
    """Seconds of repeated runs per (measure, side)."""

    seconds: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, what: str, label: str, secs: float) -> None:
        self.seconds.setdefault((what, label), []).append(secs)

    def median(self, what: str, label: str) -> float:
        return statistics.median(self.seconds[(what, label)])


def _loaded(s: Side, args: list[str], cwd: Path, *, ours: bool = False) -> list[str]:
    """Every module the command imported (dotted names), without the project's own unless
    ``ours``."""
    done = subprocess.run(
        [str(s.python), "-c", PROBE, *args], capture_output=True, text=True, cwd=cwd,
        env=_env(cwd),
    )
    names = done.stderr.strip().splitlines()[-1].split()
    return [
        n for n in names
        if n not in ("__main__", "sys", "builtins")
        and (ours or n.split(".")[0] != "compare")
    ]


def _floor_cmd(s: Side, modules: list[str]) -> list[str]:
    # import_module: some names (rich._unicode_data.unicode17-0-0) are not identifiers.
    code = (
        "from importlib import import_module\n"
        f"for name in {modules!r}:\n"
        " try:\n  import_module(name)\n except Exception:\n  pass\n"
    )
    return [str(s.python), "-c", code]


def measure(
    old: Side,
    new: Side,
    corpus: Path,
    tmp: Path,
    n: int,
    *,
    tests: bool,
    say: Callable[[str], None],
) -> dict[str, Any]:
    """Every row of issue 17's table for both sides; writes its section through ``say``."""
    fig = Figures()
    sides = (old, new)
    for s in sides:
        # Bytecode written for both checkouts first: with PYTHONDONTWRITEBYTECODE set (as on some
        # machines) an edited module would otherwise be compiled from source on every run.
        run([str(s.python), "-m", "compileall", "-q", str(s.root / "compare")], cwd=tmp)
    a, b = corpus / "cn-gwr" / "2018.txt", corpus / "cn-gwr" / "2019.txt"
    dbs = {s.label: tmp / f"{s.label}-warm.db" for s in sides}
    for s in sides:
        run([*s.compare, "ingest", str(a), str(b), "--db", str(dbs[s.label])], cwd=tmp)
    pair = ["2018", "2019", "--no-ingest", "-o"]
    for _ in range(n):
        fig.add("htmldiff", "-", run(
            [sys.executable, "-c", HTMLDIFF, str(a), str(b), str(tmp / "h.html")], cwd=tmp,
            cpu="htmldiff")[0])
        for s in sides:
            db = str(dbs[s.label])
            fig.add("warm", s.label, run([*s.compare, *pair, str(tmp / "w.html"), "--db", db],
                                         cwd=tmp, cpu=f"warm {s.label}")[0])
            cold = tmp / f"{s.label}-cold.db"
            cold.unlink(missing_ok=True)
            t1 = run([*s.compare, "ingest", str(a), str(b), "--db", str(cold)], cwd=tmp)[0]
            t2 = run([*s.compare, *pair, str(tmp / "c.html"), "--db", str(cold)], cwd=tmp)[0]
            fig.add("cold", s.label, t1 + t2)
        for _ in range(2):
            for s in sides:
                db = str(dbs[s.label])
                fig.add("list", s.label, run([*s.compare, "list", "--db", db], cwd=tmp,
                                             cpu=f"list {s.label}")[0])
                fig.add("list json", s.label, run(
                    [*s.compare, "list", "--db", db, "--format", "json"], cwd=tmp)[0])
                fig.add("help", s.label, run([*s.compare, "--help"], cwd=tmp,
                                             cpu=f"help {s.label}")[0])
    # Floors: a process importing what the command imported, and nothing else.
    floors = {
        "list": _loaded(new, ["list", "--db", str(dbs[new.label])], tmp),
        "list json": _loaded(new, ["list", "--db", str(dbs[new.label]), "--format", "json"], tmp),
        "help": _loaded(new, ["--help"], tmp),
        "warm": _loaded(new, [*pair, str(tmp / "f.html"), "--db", str(dbs[new.label])], tmp),
        "warm imports": _loaded(
            new, [*pair, str(tmp / "f.html"), "--db", str(dbs[new.label])], tmp, ours=True
        ),
        # Cold is two processes: an ingest (which loads the segmenter's dictionary on import)
        # and the compare; its floor is both imports.
        "ingest imports": _loaded(
            new, ["ingest", str(a), str(b), "--db", str(tmp / "floor-cold.db")], tmp, ours=True
        ),
    }
    for _ in range(2 * n):
        for what, modules in floors.items():
            fig.add(what, "floor", run(_floor_cmd(new, modules), cwd=tmp)[0])
        fig.add("python", "floor", run([str(new.python), "-c", "pass"], cwd=tmp)[0])

    # A series of 50 synthetic yearly reports: ingest, then the site (old: serial; new: --jobs 2).
    series = synth.synth_series(50, seed=0, first_year=1970)
    folder = tmp / "synth50"
    synth.write_series(series, folder)
    (folder / "manifest.json").unlink()
    rss: dict[str, float] = {}
    rounds = max(1, n // 2)
    for _ in range(rounds):
        for s in sides:
            db = tmp / f"{s.label}-s50.db"
            db.unlink(missing_ok=True)
            out = tmp / f"{s.label}-site"
            shutil.rmtree(out, ignore_errors=True)
            t1, r1 = run([*s.compare, "ingest", str(folder), "--series", "s50", "--db", str(db)],
                         cwd=tmp, cpu=f"series ingest {s.label}")
            jobs = ["--jobs", "2"] if s is new else []
            t2, r2 = run([*s.compare, "site", "--series", "s50", "--db", str(db), "-o", str(out),
                          *jobs], cwd=tmp)
            fig.add("series ingest", s.label, t1)
            fig.add("series site", s.label, t2)
            fig.add("series", s.label, t1 + t2)
            rss[s.label] = max(rss.get(s.label, 0.0), r1, r2)
    # --jobs 1 against --jobs 2 on the same store, fresh output each time; pages compared.
    db = tmp / f"{new.label}-s50.db"
    for _ in range(rounds + 1):
        probe = subprocess.run([sys.executable, "-c", PARALLEL_PROBE], capture_output=True,
                               text=True, cwd=tmp, check=True)
        fig.add("parallel", "-", float(probe.stdout.strip()))
        for jobs in ("1", "2"):
            out = tmp / f"jobs{jobs}"
            shutil.rmtree(out, ignore_errors=True)
            secs = run([*new.compare, "site", "--series", "s50", "--db", str(db), "-o", str(out),
                        "--jobs", jobs], cwd=tmp, cpu=f"site jobs {jobs}")[0]
            fig.add(f"jobs {jobs}", new.label, secs)
    same = _same_tree(tmp / "jobs1", tmp / "jobs2")
    old_pages = _same_tree(tmp / f"{old.label}-site", tmp / "jobs1")

    suite: dict[str, float] = {}
    if tests:
        for s in sides:
            started = time.perf_counter()
            run([str(s.python), "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=s.root,
                ok=(0, 1))
            suite[s.label] = time.perf_counter() - started
    return _report(fig, old, new, rss, same, old_pages, suite, say)


def _same_tree(x: Path, y: Path) -> bool:
    names = sorted(p.name for p in x.iterdir())
    if names != sorted(p.name for p in y.iterdir()):
        return False
    _match, mismatch, errors = filecmp.cmpfiles(x, y, names, shallow=False)
    return not mismatch and not errors


def _report(
    fig: Figures,
    old: Side,
    new: Side,
    rss: dict[str, float],
    same: bool,
    old_pages: bool,
    suite: dict[str, float],
    say: Callable[[str], None],
) -> dict[str, Any]:
    o, w = old.label, new.label
    hd = fig.median("htmldiff", "-")

    def ratio(what: str, label: str) -> float:
        return fig.median(what, label) / hd

    def verdict(
        value: float, goal: float, *, at_least: bool = False, floor: float | None = None
    ) -> str:
        met = value >= goal if at_least else value <= goal
        if met:
            return "met"
        if floor is not None and floor >= goal:
            return "**not met**: the floor is at or above the goal"
        return "**not met**"

    speed = fig.median("jobs 1", w) / fig.median("jobs 2", w)
    cold_floor = fig.median("ingest imports", "floor") + fig.median("warm imports", "floor")
    rows = [
        ("first comparison of two stored reports (warm) ÷ difflib.HtmlDiff",
         f"{ratio('warm', o):.3f} ({fig.median('warm', o):.3f} s)",
         f"{ratio('warm', w):.3f} ({fig.median('warm', w):.3f} s)",
         f"{ratio('warm', 'floor'):.3f} ({fig.median('warm', 'floor'):.3f} s); with our "
         f"modules {ratio('warm imports', 'floor'):.3f} ({fig.median('warm imports', 'floor'):.3f}"
         " s)",
         f"≤ {GOALS['warm']}",
         verdict(ratio("warm", w), GOALS["warm"], floor=ratio("warm imports", "floor"))),
        ("ingest both + compare (cold) ÷ HtmlDiff",
         f"{ratio('cold', o):.3f} ({fig.median('cold', o):.3f} s)",
         f"{ratio('cold', w):.3f} ({fig.median('cold', w):.3f} s)",
         f"{cold_floor / hd:.3f} ({cold_floor:.3f} s): the two processes' imports, ours with "
         "them",
         f"≤ {GOALS['cold']}", verdict(ratio("cold", w), GOALS["cold"], floor=cold_floor / hd)),
        ("`compare list` s", f"{fig.median('list', o):.3f}", f"{fig.median('list', w):.3f}",
         f"{fig.median('list', 'floor'):.3f}", f"≤ {GOALS['list']}",
         verdict(fig.median("list", w), GOALS["list"])),
        ("`compare list --format json` s", f"{fig.median('list json', o):.3f}",
         f"{fig.median('list json', w):.3f}", f"{fig.median('list json', 'floor'):.3f}",
         f"≤ {GOALS['list']}", verdict(fig.median("list json", w), GOALS["list"])),
        ("`compare --help` s", f"{fig.median('help', o):.3f}", f"{fig.median('help', w):.3f}",
         f"{fig.median('help', 'floor'):.3f}", f"≤ {GOALS['help']}",
         verdict(fig.median("help", w), GOALS["help"])),
        ("50 synthetic yearly reports: ingest + site s (new: `--jobs 2`)",
         f"{fig.median('series', o):.2f} ({fig.median('series ingest', o):.2f} + "
         f"{fig.median('series site', o):.2f})",
         f"{fig.median('series', w):.2f} ({fig.median('series ingest', w):.2f} + "
         f"{fig.median('series site', w):.2f})", "",
         f"≤ {GOALS['series']}", verdict(fig.median("series", w), GOALS["series"])),
        ("`compare site --jobs 1` ÷ `--jobs 2` (50 reports)", "–",
         f"{speed:.2f} ({fig.median('jobs 1', w):.2f} s / {fig.median('jobs 2', w):.2f} s)", "",
         f"≥ {GOALS['speedup']}", verdict(speed, GOALS["speedup"], at_least=True)),
    ]
    if suite:
        rows.append(("test suite (`python -m pytest`) s", f"{suite[o]:.0f}", f"{suite[w]:.0f}",
                     "", f"≤ {GOALS['tests']:.0f}", verdict(suite[w], GOALS["tests"])))
    say(f"## Issue 17: old ({o}) and new ({w}) side by side")
    say("")
    say(f"Old: `{old.root}` ({old.python}); new: `{new.root}` ({new.python}). HtmlDiff on "
        f"cn-gwr 2018→2019: {hd:.3f} s (median). Medians of interleaved runs; the floor is a "
        "process that imports the third-party and standard modules the new command imported "
        "and exits (for the warm compare also with the project's own modules: its cost before "
        "any work).")
    say("")
    say("| measure | old | new | floor | goal | verdict |")
    say("|---|---|---|---|---|---|")
    for row in rows:
        say("| " + " | ".join(row) + " |")
    say("")
    warm_floor = fig.median("warm imports", "floor")
    say(f"How close to the floor: the warm compare is {fig.median('warm', w) / warm_floor:.1f}× "
        f"its floor, {(fig.median('warm', w) - warm_floor) / hd:.3f} of HtmlDiff above it (the "
        f"comparison's own work: loading, aligning, diffing, pairing, the panel, the page); the "
        f"cold one {fig.median('cold', w) / cold_floor:.1f}× its floor, "
        f"{(fig.median('cold', w) - cold_floor) / hd:.3f} above it. Where the floor is at or "
        "above the goal, no process-per-command design of these imports can meet it.")
    say("")
    say("CPU seconds (user + system of the process, median; the machine's load does not "
        "stretch these as it stretches wall time):")
    say("")
    say("| measure | old CPU s | new CPU s |")
    say("|---|---|---|")

    def cpu(key: str) -> str:
        return f"{statistics.median(CPU[key]):.3f}" if key in CPU else "–"

    say(f"| difflib.HtmlDiff cn-gwr 2018→2019 | {cpu('htmldiff')} | {cpu('htmldiff')} |")
    for what in ("warm", "list", "help", "series ingest"):
        say(f"| {what} | {cpu(f'{what} {o}')} | {cpu(f'{what} {w}')} |")
    say(f"| site of 50 reports, `--jobs 1` (all in one process) | – | {cpu('site jobs 1')} |")
    if "htmldiff" in CPU and f"warm {w}" in CPU:
        hd_cpu = statistics.median(CPU["htmldiff"])
        say("")
        say(f"- warm ÷ HtmlDiff in CPU seconds: old "
            f"{statistics.median(CPU[f'warm {o}']) / hd_cpu:.3f}, new "
            f"{statistics.median(CPU[f'warm {w}']) / hd_cpu:.3f}")
    say("")
    say(f"- `python -c pass`: {fig.median('python', 'floor'):.3f} s")
    say(f"- two CPU-bound processes side by side ran {fig.median('parallel', '-'):.2f}× as "
        "fast as one after the other while `--jobs` was timed (2.0: a free second core; 1.0: "
        "the cores were full with other work, and no `--jobs` can win)")
    say(f"- site pages `--jobs 2` byte-identical to `--jobs 1`: {'yes' if same else 'NO'}; "
        f"old code's pages identical to new: {'yes' if old_pages else 'no'}")
    say(f"- peak RSS of one process, 50-report ingest or site: old {rss[o]:.0f} MB, new "
        f"{rss[w]:.0f} MB (site workers not counted)")
    say("")
    return {"rows": rows, "speedup": speed, "same": same, "suite": suite}
