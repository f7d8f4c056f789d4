"""Benchmarks of issues 7 and 17: whole-process timings of ``compare``, difflib.HtmlDiff, git.

Run from the repository root after ``pip install -e .``::

    python bench/run.py                 # 5 runs each, writes bench/RESULTS.md
    python bench/run.py --runs 3 --no-write

Every figure is a whole process (Python start-up included), timed with ``time.perf_counter``
around ``subprocess``; peak RSS comes from ``os.wait4`` (the rusage of that one child). Commands
of one measurement round run interleaved, so noise from other work on the machine hits all of
them alike; ratios are of medians. Only the standard library and the project's own dependencies
are used (no hyperfine). Inputs are read from ``../shared/corpus`` (``--corpus``) and never
copied into the repository; scratch files live in a temporary folder.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import io
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
HEAVY = ("jinja2", "rapidfuzz", "rjieba", "sqlite_utils", "pydantic", "rich", "cn2an")
FORBIDDEN_AT_HELP = ("jinja2", "rapidfuzz", "rjieba", "sqlite_utils")

# Targets of issue 7 (ratios of medians measured in one run).
TARGETS = {
    "warm_vs_htmldiff": 0.10,
    "warm_vs_git": 10.0,
    "cold_vs_htmldiff": 0.25,
    "growth_per_doubling": 2.3,
    "help_seconds": 0.25,
    "rss_mb": 200.0,
}

# The HtmlDiff baseline: the two files' lines, page written to a file, in its own process so
# Python start-up counts the same as for ``compare``.
HTMLDIFF = (
    "import difflib, sys\n"
    "a = open(sys.argv[1], encoding='utf-8-sig').read().splitlines()\n"
    "b = open(sys.argv[2], encoding='utf-8-sig').read().splitlines()\n"
    "open(sys.argv[3], 'w', encoding='utf-8').write(difflib.HtmlDiff().make_file(a, b))\n"
)

# In-process work of one warm compare (load from the store, align, diff, metrics, page), without
# start-up: the growth series is judged on this, since a constant start-up would flatter ratios.
WORK = (
    "import sys, time\n"
    "from compare.store.db import Store\n"
    "from compare.pipeline import compare_years\n"
    "from compare.render import render_html\n"
    "import rjieba, rapidfuzz.fuzz; rjieba.cut('预热')\n"
    "t = time.perf_counter()\n"
    "with Store(sys.argv[1]) as store:\n"
    "    comp = compare_years(store, int(sys.argv[2]), int(sys.argv[3]), series=sys.argv[4])\n"
    "page = render_html(comp)\n"
    "print(time.perf_counter() - t)\n"
)


@dataclass
class Timing:
    """Wall-clock seconds (and peak RSS in MB) of repeated runs of one command."""

    label: str
    seconds: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def row(self) -> str:
        s = self.seconds
        return (
            f"| {self.label} | {statistics.median(s):.3f} | {min(s):.3f} | {max(s):.3f} "
            f"| {len(s)} |"
        )


def compare_cmd() -> list[str]:
    """The installed ``compare`` script beside this interpreter, else ``python -m compare.cli``."""
    script = Path(sys.executable).parent / "compare"
    if script.exists():
        return [sys.executable, str(script)]
    return [sys.executable, "-m", "compare.cli"]


def run(
    cmd: list[str], *, ok: tuple[int, ...] = (0,), cwd: Path | None = None
) -> tuple[float, float]:
    """Run one process to the end; its wall-clock seconds and peak RSS in MB (its own rusage)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd, env=_env()
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if proc.returncode not in ok:
        raise SystemExit(
            f"Command failed ({proc.returncode}): {' '.join(cmd)}\n{err.decode(errors='replace')}"
        )
    return elapsed, usage.ru_maxrss / 1024.0  # ru_maxrss is in KiB on Linux


def output_of(cmd: list[str]) -> str:
    """Standard output of a command that must succeed."""
    done = subprocess.run(cmd, capture_output=True, text=True, env=_env(), check=True)
    return done.stdout


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("COMPARE_DB", None)
    return env


def rounds(
    cmds: Mapping[str, tuple[list[str], tuple[int, ...]]],
    n: int,
    *,
    chains: Mapping[str, tuple[list[list[str]], Path]] | None = None,
) -> dict[str, Timing]:
    """Run every command once per round, ``n`` rounds, interleaved.

    A chain is several processes run one after the other and timed as their sum (peak RSS: the
    largest), after deleting its store file, untimed, so every run starts cold.
    """
    chains = chains or {}
    out = {label: Timing(label) for label in [*cmds, *chains]}
    for _ in range(n):
        for label, (cmd, ok) in cmds.items():
            secs, rss = run(cmd, ok=ok)
            out[label].seconds.append(secs)
            out[label].rss_mb.append(rss)
        for label, (steps, fresh) in chains.items():
            fresh.unlink(missing_ok=True)
            timed = [run(step) for step in steps]
            out[label].seconds.append(sum(t for t, _ in timed))
            out[label].rss_mb.append(max(r for _, r in timed))
    return out


# --- the measurements --------------------------------------------------------------------------


def bench_pair(name: str, old: Path, new: Path, tmp: Path, n: int) -> dict[str, Timing]:
    """Warm and cold compare, HtmlDiff and git word-diff on one pair of files named by year."""
    cmp = compare_cmd()
    work = tmp / name
    work.mkdir()
    years = [old.stem, new.stem]
    warm_db, cold_db = work / "warm.db", work / "cold.db"
    run([*cmp, "ingest", str(old), str(new), "--db", str(warm_db)])
    compare = [*years, "--no-ingest", "-o"]
    cmds = {
        "warm": ([*cmp, *compare, str(work / "w.html"), "--db", str(warm_db)], (0,)),
        "htmldiff": (
            [sys.executable, "-c", HTMLDIFF, str(old), str(new), str(work / "h.html")],
            (0,),
        ),
        "git": (["git", "diff", "--no-index", "--word-diff", str(old), str(new)], (0, 1)),
    }
    # Cold, as a user types it: `compare ingest OLD NEW` into a fresh store, then the compare.
    chains = {
        "cold": (
            [
                [*cmp, "ingest", str(old), str(new), "--db", str(cold_db)],
                [*cmp, *compare, str(work / "c.html"), "--db", str(cold_db)],
            ],
            cold_db,
        )
    }
    return rounds(cmds, n, chains=chains)


def growth_inputs(corpus: Path, tmp: Path) -> list[tuple[int, Path, Path, list[int], list[int]]]:
    """Old/new files of k = 1, 2, 4, 8 concatenated cn-gwr reports per side.

    The eight cn-gwr years (1994, 1995, 2014-2019) are taken as one sequence. For k < 8 the old
    side is the k years before the newest and the new side the k newest (old y..y+k-1, new
    y+1..y+k). k = 8 would need nine years: the old side is all eight, the new side the same
    sequence rotated by one (1995 ... 2019, then 1994 again), so each side still holds eight
    distinct real reports and the new side gains and loses one report, as for k < 8. Each report
    contributes its body without front and back matter (see ``_body``).
    """
    folder = corpus / "cn-gwr"
    years = sorted(int(p.stem) for p in folder.glob("*.txt") if p.stem.isdigit())
    out = []
    for k in (1, 2, 4, 8):
        if k < len(years):
            old_years, new_years = years[-k - 1 : -1], years[-k:]
        elif k == len(years):
            old_years, new_years = years, years[1:] + years[:1]
        else:
            continue
        sides = []
        for tag, ys in (("old", old_years), ("new", new_years)):
            path = tmp / f"grow{k}-{tag}.txt"
            texts = [_body(folder / f"{y}.txt") for y in ys]
            path.write_text(concatenate(texts), encoding="utf-8")
            sides.append(path)
        out.append((k, sides[0], sides[1], old_years, new_years))
    return out


_TOP = re.compile(r"(?m)^(\s*)([一二三四五六七八九十]+)、")
_DIGITS = "零一二三四五六七八九"


def _cn(n: int) -> str:
    """1-99 in Chinese numerals, as report ordinals write them (十一, 二十, 二十四)."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _DIGITS[tens]) + "十" if tens else "") + (
        _DIGITS[ones] if ones else ""
    )


def _body(path: Path) -> str:
    """The report itself, as compare's ingest reads it: front and back matter left out.

    Scraped files end with licence lines; left in the middle of a concatenation, they would make
    the rest of the file look like back matter.
    """
    from compare.ingest.reader import read_document

    return "\n\n".join(block.text for block in read_document(path).blocks)


def concatenate(texts: list[str]) -> str:
    """Reports joined into one, their top-level ordinals (一、二、…) numbered on across reports.

    The heading grammar requires a numbered heading to continue its sequence, so a second report
    starting again at 一、 would not be split into sections; renumbering keeps every report's
    parts distinct sections (the wording is otherwise unchanged).
    """
    out: list[str] = []
    count = 0

    def renumber(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return f"{m.group(1)}{_cn(count)}、"

    for text in texts:
        out.append(_TOP.sub(renumber, text))
    return "\n\n".join(out)


def bench_growth(corpus: Path, tmp: Path, n: int) -> list[dict[str, Any]]:
    """Warm compare (whole process and in-process work) and HtmlDiff at k = 1, 2, 4, 8."""
    cmp = compare_cmd()
    rows: list[dict[str, Any]] = []
    for k, old, new, old_years, new_years in growth_inputs(corpus, tmp):
        db = tmp / f"grow{k}.db"
        series = f"grow{k}"
        run([*cmp, "ingest", str(old), "--year", "2001", "--series", series, "--db", str(db)])
        run([*cmp, "ingest", str(new), "--year", "2002", "--series", series, "--db", str(db)])
        html = tmp / f"grow{k}.html"
        cmds = {
            "warm": ([*cmp, "2001", "2002", "--no-ingest", "--db", str(db), "-o", str(html)], (0,)),
        }
        if k <= 2:  # HtmlDiff at k = 8 takes minutes; two points show its slope
            cmds["htmldiff"] = (
                [sys.executable, "-c", HTMLDIFF, str(old), str(new), str(tmp / "gh.html")],
                (0,),
            )
        timings = rounds(cmds, n)
        work = [
            float(output_of([sys.executable, "-c", WORK, str(db), "2001", "2002", series]))
            for _ in range(n)
        ]
        sections = output_of([*cmp, "list", "--db", str(db), "--format", "json"])
        counts = [int(x) for x in re.findall(r'"sections":\s*(\d+)', sections)]
        rows.append(
            {
                "k": k,
                "old_years": old_years,
                "new_years": new_years,
                "chars": (
                    len(old.read_text(encoding="utf-8")),
                    len(new.read_text(encoding="utf-8")),
                ),
                "sections": tuple(counts),
                "warm": timings["warm"],
                "htmldiff": timings.get("htmldiff"),
                "work": Timing("work", work),
            }
        )
    return rows


def bench_help(n: int) -> tuple[Timing, dict[str, bool], list[tuple[str, int]]]:
    """``compare --help`` start-up; heavy modules imported at --help and by a warm compare."""
    cmp = compare_cmd()
    timing = rounds({"help": ([*cmp, "--help"], (0,))}, n)["help"]
    loaded = _imports([*cmp, "--help"])
    present = {m: m in loaded for m in HEAVY}
    top = sorted(((m, t) for m, t in loaded.items() if "." not in m), key=lambda x: -x[1])[:8]
    return timing, present, top


def _imports(cmd: list[str]) -> dict[str, int]:
    """Modules a command imports, with their cumulative import time in microseconds."""
    done = subprocess.run(
        [cmd[0], "-X", "importtime", *cmd[1:]], capture_output=True, text=True, env=_env()
    )
    out = {}
    for line in done.stderr.splitlines():
        m = re.match(r"import time:\s*(\d+)\s*\|\s*(\d+)\s*\|(\s*)(\S+)", line)
        if m:
            out[m.group(4)] = int(m.group(2))
    return out


def bench_series(corpus: Path, tmp: Path) -> dict[str, Any]:
    """Ingest cn-gwr and cn-gwr-govcn-html as two series, then compare every consecutive pair."""
    cmp = compare_cmd()
    db = tmp / "series.db"
    ingest: dict[str, float] = {}
    pairs: list[tuple[str, int, int, float, float]] = []
    for name in ("cn-gwr", "cn-gwr-govcn-html"):
        folder = corpus / name
        if not folder.is_dir():
            continue
        secs, _ = run([*cmp, "ingest", str(folder), "--series", name, "--db", str(db)])
        ingest[name] = secs
        years = sorted(int(p.stem) for p in folder.iterdir() if p.stem.isdigit())
        for a, b in zip(years, years[1:], strict=False):
            out = tmp / f"{name}-{a}-{b}.html"
            secs, rss = run(
                [
                    *cmp,
                    str(a),
                    str(b),
                    "--series",
                    name,
                    "--no-ingest",
                    "--db",
                    str(db),
                    "-o",
                    str(out),
                ]
            )
            pairs.append((name, a, b, secs, rss))
    commands = output_of([*cmp, "--help"]).split()
    has_site = "site" in commands
    search: tuple[float, float] | None = None
    if "search" in commands and "cn-gwr" in ingest:
        search = run([*cmp, "search", "供给侧结构性改革", "--series", "cn-gwr", "--db", str(db)])
    site: dict[str, tuple[float, float]] = {}
    if has_site:
        # First build renders every page; the rebuild finds nothing changed.
        for label in ("build", "rebuild"):
            site[label] = run(
                [*cmp, "site", "--series", "cn-gwr", "--db", str(db), "-o", str(tmp / "site")]
            )
    return {
        "ingest": ingest,
        "pairs": pairs,
        "site": has_site,
        "site_times": site,
        "search": search,
    }


def profile_warm(old: Path, new: Path, tmp: Path) -> str:
    """cProfile of one warm compare in this process: the top functions by cumulative time."""
    from compare.cli import main

    db = tmp / "prof.db"
    cmp = compare_cmd()
    run([*cmp, "ingest", str(old), "--year", "2001", "--series", "prof", "--db", str(db)])
    run([*cmp, "ingest", str(new), "--year", "2002", "--series", "prof", "--db", str(db)])
    prof = cProfile.Profile()
    saved = sys.stdout
    sys.stdout = io.StringIO()
    try:
        prof.enable()
        with contextlib.suppress(SystemExit):
            main(["2001", "2002", "--no-ingest", "--db", str(db), "-o", str(tmp / "p.html")])
        prof.disable()
    finally:
        sys.stdout = saved
    text = io.StringIO()
    stats = pstats.Stats(prof, stream=text)
    stats.sort_stats("cumulative").print_stats(r"compare/|rjieba|difflib|jinja2|sqlite", 25)
    return text.getvalue()


# --- the report --------------------------------------------------------------------------------


def machine() -> str:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    git = output_of(["git", "--version"]).strip()
    return (
        f"{os.cpu_count()} CPUs (nproc), {cpu}; Python {platform.python_version()} "
        f"({sys.executable}); {git}; {platform.platform()}"
    )


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else "**not met**"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (default 5)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the shared corpus folder")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument(
        "--baseline",
        type=Path,
        default=None,
        help="an older checkout with its own .venv: issue 17's table, old and new side by side "
        "(see bench/sidebyside.py)",
    )
    parser.add_argument(
        "--no-tests", action="store_true", help="with --baseline: do not time the test suites"
    )
    args = parser.parse_args()
    corpus: Path = args.corpus
    if not (corpus / "cn-gwr" / "2018.txt").is_file():
        print(f"No corpus at {corpus}. Pass --corpus DIR (the folder holding cn-gwr/).")
        return 2
    if shutil.which("git") is None:
        print("git is not on PATH; it is one of the baselines. Install git and run again.")
        return 2
    n = args.runs
    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="compare-bench-") as name:
        tmp = Path(name)
        pairs = {
            "cn-gwr 2018→2019": (corpus / "cn-gwr" / "2018.txt", corpus / "cn-gwr" / "2019.txt"),
            "seed reports/2018→2019": (
                ROOT / "reports" / "2018.txt",
                ROOT / "reports" / "2019.txt",
            ),
        }
        say("# Benchmark results (issues 7 and 17)")
        say()
        say(f"- date: {dt.datetime.now().isoformat(timespec='seconds')}")
        say(f"- machine: {machine()}")
        say(
            f"- load average at start (1/5/15 min): {_load()} (other work on the machine slows "
            "every command alike: compare ratios, not seconds, across runs)"
        )
        say(f"- runs per measurement: {n}; seconds are whole processes, median/min/max")
        baseline = f" --baseline {args.baseline}" if args.baseline else ""
        say(f"- command: `python bench/run.py --runs {n}{baseline}`")
        say()
        if args.baseline is not None:
            sys.path.insert(0, str(ROOT / "bench"))
            import sidebyside

            sidebyside.measure(
                sidebyside.side("old", args.baseline.resolve()),
                sidebyside.side("new", ROOT),
                corpus,
                tmp,
                n,
                tests=not args.no_tests,
                say=say,
            )
        for old, new in pairs.values():
            if not (old.stem.isdigit() and new.stem.isdigit()):
                print(f"The pair files must be named by year: {old}, {new}.")
                return 2
        results: dict[str, dict[str, Timing]] = {}
        for i, (label, (old, new)) in enumerate(pairs.items()):
            say(f"## Pair: {label} ({old.stat().st_size} → {new.stat().st_size} bytes)")
            say()
            t = bench_pair(f"pair{i}", old, new, tmp, n)
            results[label] = t
            say("| command | median s | min s | max s | runs |")
            say("|---|---|---|---|---|")
            for timing in t.values():
                say(timing.row())
            say()
            say(f"- warm ÷ HtmlDiff: {t['warm'].median / t['htmldiff'].median:.3f}")
            say(f"- warm ÷ git word-diff: {t['warm'].median / t['git'].median:.1f}")
            say(f"- cold ÷ HtmlDiff: {t['cold'].median / t['htmldiff'].median:.3f}")
            say(f"- peak RSS of the warm compare: {max(t['warm'].rss_mb):.0f} MB")
            say()

        say("## Growth: k consecutive cn-gwr reports concatenated per side")
        say()
        growth = bench_growth(corpus, tmp, n)
        say(
            "| k | old years | new years | chars old/new | sections old/new | warm s | "
            "work s | HtmlDiff s |"
        )
        say("|---|---|---|---|---|---|---|---|")
        for row in growth:
            hd = row["htmldiff"]
            say(
                f"| {row['k']} | {_years(row['old_years'])} | {_years(row['new_years'])} "
                f"| {row['chars'][0]}/{row['chars'][1]} | "
                f"{'/'.join(map(str, row['sections']))} | {row['warm'].median:.3f} "
                f"| {row['work'].median:.3f} | {hd.median if hd else float('nan'):.3f} |"
            )
        say()
        say(
            "Ratios per doubling (median ÷ median of the step before): "
            "`warm` = whole process, `work` = load + align + diff + metrics + page in-process."
        )
        say()
        worst = 0.0
        for a, b in zip(growth, growth[1:], strict=False):
            w = b["warm"].median / a["warm"].median
            k = b["work"].median / a["work"].median
            worst = max(worst, k)
            say(f"- ×{b['k']}/×{a['k']}: warm {w:.2f}, work {k:.2f}")
        say()

        say("## Start-up: `compare --help`")
        say()
        help_t, present, top = bench_help(max(n, 10))
        say("| command | median s | min s | max s | runs |")
        say("|---|---|---|---|---|")
        say(help_t.row())
        say()
        say(
            "Heavy modules imported by `compare --help`: "
            + ", ".join(f"{m} {'YES' if v else 'no'}" for m, v in present.items())
        )
        say()
        say(
            "Slowest top-level imports at --help (cumulative µs): "
            + ", ".join(f"{m} {t}" for m, t in top)
        )
        say()
        db0 = tmp / "pair0" / "warm.db"
        main_old, main_new = pairs["cn-gwr 2018→2019"]
        warm_imports = _imports(
            [
                *compare_cmd(),
                main_old.stem,
                main_new.stem,
                "--no-ingest",
                "--db",
                str(db0),
                "-o",
                str(tmp / "imp.html"),
            ]
        )
        heavy_warm = sorted(
            ((m, t) for m, t in warm_imports.items() if "." not in m and t > 15000),
            key=lambda x: -x[1],
        )
        say(
            "Imports of a warm compare over 15 ms (cumulative µs): "
            + ", ".join(f"{m} {t}" for m, t in heavy_warm)
        )
        say()

        say("## Whole series: cn-gwr and cn-gwr-govcn-html")
        say()
        series = bench_series(corpus, tmp)
        for s_name, secs in series["ingest"].items():
            say(f"- ingest {s_name}: {secs:.3f} s (one `compare ingest` process)")
        pair_secs = [p[3] for p in series["pairs"]]
        say(
            f"- {len(pair_secs)} consecutive pairs: total {sum(pair_secs):.2f} s, median "
            f"{statistics.median(pair_secs):.3f} s, max {max(pair_secs):.3f} s, peak RSS "
            f"{max(p[4] for p in series['pairs']):.0f} MB"
        )
        if series["site"]:
            for label, (secs, rss) in series["site_times"].items():
                say(
                    f"- `compare site --series cn-gwr` ({label}): {secs:.3f} s, peak RSS "
                    f"{rss:.0f} MB"
                )
        else:
            say("- `compare site`: not built yet, not timed")
        if series["search"] is not None:
            secs, rss = series["search"]
            say(
                f'- `compare search "供给侧结构性改革" --series cn-gwr`: {secs:.3f} s, peak RSS '
                f"{rss:.0f} MB"
            )
        say()
        say("| series | old | new | s | RSS MB |")
        say("|---|---|---|---|---|")
        for s_name, a, b, secs, rss in series["pairs"]:
            say(f"| {s_name} | {a} | {b} | {secs:.3f} | {rss:.0f} |")
        say()

        main_t = results["cn-gwr 2018→2019"]
        figures = {
            "warm_vs_htmldiff": main_t["warm"].median / main_t["htmldiff"].median,
            "warm_vs_git": main_t["warm"].median / main_t["git"].median,
            "cold_vs_htmldiff": main_t["cold"].median / main_t["htmldiff"].median,
            "growth_per_doubling": worst,
            "help_seconds": help_t.median,
            "rss_mb": max(main_t["warm"].rss_mb),
        }
        say("## Targets (cn-gwr 2018→2019; growth judged on in-process work)")
        say()
        say("| measure | figure | target | verdict |")
        say("|---|---|---|---|")
        names = {
            "warm_vs_htmldiff": "warm compare ÷ HtmlDiff",
            "warm_vs_git": "warm compare ÷ git word-diff",
            "cold_vs_htmldiff": "cold ingest + compare ÷ HtmlDiff",
            "growth_per_doubling": "time(×2) ÷ time(×1), worst step",
            "help_seconds": "`compare --help` s",
            "rss_mb": "peak RSS warm compare MB",
        }
        for key, value in figures.items():
            say(
                f"| {names[key]} | {value:.3f} | ≤ {TARGETS[key]} | "
                f"{verdict(value, TARGETS[key])} |"
            )
        say()
        forbidden = [m for m in FORBIDDEN_AT_HELP if present[m]]
        say(
            f"- `--help` loads none of {', '.join(FORBIDDEN_AT_HELP)}: "
            f"{'yes' if not forbidden else 'NO, loads ' + ', '.join(forbidden)}"
        )
        say()
        say("## Profile: one warm compare of cn-gwr 2018→2019 (cProfile, cumulative)")
        say()
        say("```")
        say(profile_warm(*pairs["cn-gwr 2018→2019"], tmp).strip())
        say("```")
        say()
        say(
            f"Benchmark wall time: {time.perf_counter() - started:.0f} s; load average at the "
            f"end: {_load()}."
        )
    if not args.no_write:
        notes = _kept_notes(args.out)
        args.out.write_text("\n".join(lines) + "\n" + notes, encoding="utf-8")
        print(f"Wrote {args.out}")
    return 0


NOTES_MARK = "<!-- notes: kept across runs -->"


def _kept_notes(path: Path) -> str:
    """The hand-written analysis below the marker in an existing RESULTS.md, kept on rewrite."""
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8")
    at = text.find(NOTES_MARK)
    return "\n" + text[at:] if at >= 0 else ""


def _load() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def _years(ys: object) -> str:
    seq = list(ys)  # type: ignore[call-overload]
    return ",".join(str(y) for y in seq) if len(seq) <= 2 else f"{seq[0]}…{seq[-1]} ({len(seq)})"


if __name__ == "__main__":
    sys.exit(main())
