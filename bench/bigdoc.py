"""Ingest throughput on big reports (issue 17, "speed at the scale users bring").

Run from the repository root after ``pip install -e .``::

    python bench/bigdoc.py                          # this checkout; writes bench/BIGDOC.md
    python bench/bigdoc.py --baseline DIR           # DIR (with DIR/.venv) beside this one
    python bench/bigdoc.py --baseline DIR --baseline-name dec0aab   # its label in the tables
    python bench/bigdoc.py --identity --baseline DIR   # results identical? (no timing)
    python bench/bigdoc.py --inputs gwr5 sg5 --runs 3 --no-write

The inputs, made deterministically from ``../shared/corpus`` (``--corpus``) in a temporary folder:

- ``50mb``: the file of ``tests/test_robustness.py::TestBadFiles::test_50mb_report_accepted``: the
  sample ``reports/2019.txt``, then its sentences that hold no digit repeated to 50 MiB (one
  section of about 50 MB of figure-free prose);
- ``gwr5``: the eight cn-gwr State Council reports concatenated, repeated to 5 MB or more: real
  Chinese prose with its figures (about 1.7 M characters);
- ``sg5``: the twelve sg-budget English statements (Markdown) concatenated, repeated to 5 MB.

For each input:

- **whole process**: CPU seconds (user + system, from ``os.wait4``) of ``compare ingest FILE
  --db NEW.db``, bytecode compiled beforehand, the median of ``--runs`` (3) runs; with
  ``--baseline`` the two checkouts run alternately, round after round, so load from other work
  on the machine hits both alike;
- **stages**, in one process per side (each side's own code, run by its own interpreter): CPU
  seconds (``time.process_time``, medians of ``--runs``) of reading (``read_document``), the
  section tree (``split_sections``), the word segmentation (``segment_sections``), the metrics
  (``extract_metrics``), the expression statistics (``report_phrases``; ingest leaves them out
  past ``PhraseTuning.ingest_max_chars`` characters, so they are not timed there either) and the
  store (``Store.put_reports`` into a new store).

And ``diff_texts`` of 1 MB of text against the empty text, both ways (a pure delete, a pure
insert), in each side's process, medians of ``--runs``.

``--identity`` ingests every corpus folder (each as its own series), the sample ``reports/`` and
the ``gwr5``/``sg5`` inputs (``--big`` adds ``50mb``) with both checkouts into two stores, then
compares every table of the two stores row by row: reports, sections (text, lines, stored
segmentation), matter, metrics (every column), the expression statistics and the search index.
It prints the tables that differ and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from sidebyside import Side, side  # the checkouts measured, as the main bench names them

__all__ = ["identity", "main", "make_inputs", "measure", "report"]

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
INPUTS = ("50mb", "gwr5", "sg5")
STAGES = ("read", "sections", "segment", "metrics", "phrases", "store")
# What ingest is told about each input (the concatenations name no year of their own).
PLACE = {"50mb": ("big", "2019"), "gwr5": ("gwr5", "2019"), "sg5": ("sg5", "2008")}
# A sentence with its closing mark (。 or ；), or the unclosed rest of a line: as in the test.
SENTENCE = re.compile(r"[^。；]*[。；]|[^。；]+$")


# -- inputs ----------------------------------------------------------------------------------


def make_inputs(corpus: Path, folder: Path, names: tuple[str, ...]) -> dict[str, Path]:
    """Write each named input under ``folder`` (same bytes on every run)."""
    out: dict[str, Path] = {}
    for name in names:
        path = folder / name / f"{PLACE[name][1]}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.write_bytes(_build(name, corpus))
        out[name] = path
    return out


def _build(name: str, corpus: Path) -> bytes:
    if name == "50mb":
        text = (ROOT / "reports" / "2019.txt").read_text(encoding="utf-8")
        text = text if text.endswith("\n") else text + "\n"
        prose = "".join(
            "".join(x for x in SENTENCE.findall(line) if not re.search(r"\d", x)) + "\n"
            for line in text.split("\n", 3)[3].splitlines()
        ).encode()
        data = text.encode()
        return data + prose * ((50 * 2**20 - len(data)) // len(prose) + 1)
    folder = corpus / ("cn-gwr" if name == "gwr5" else "sg-budget")
    one = "".join(_body(p.read_text(encoding="utf-8")) + "\n\n"
                  for p in sorted(folder.glob("*.txt"))).encode()
    return one * -(-5_000_000 // len(one))


def _body(text: str) -> str:
    """A corpus file up to its licence (cn-gwr) or the House's adjournment (sg-budget): the reader
    keeps what follows those as back matter, which would leave all but the first copy out of the
    sections."""
    lines = text.rstrip("\n").split("\n")
    for i, line in enumerate(lines):
        if line.lstrip("# ").startswith(("本作品", "ADJOURNMENT")):
            return "\n".join(lines[:i]).rstrip("\n")
    return "\n".join(lines)


# -- one side's process ------------------------------------------------------------------------


def _stage_times(path: Path, series: str, year: int, runs: int) -> dict[str, Any]:
    """CPU seconds of each ingest stage on ``path`` with the ``compare`` this interpreter
    imports (medians of ``runs``)."""
    import time

    from compare.ingest import read_document
    from compare.metrics import extract_metrics, metrics_stamp
    from compare.models import Report
    from compare.phrasestats import report_phrases
    from compare.pipeline import segment_sections
    from compare.sections import split_sections
    from compare.store import Store
    from compare.tuning import DEFAULT

    times: dict[str, list[float]] = {s: [] for s in STAGES}
    facts: dict[str, Any] = {}
    for k in range(runs):
        clock = time.process_time
        t = clock()
        doc = read_document(path, year=year, series=series)
        times["read"].append(clock() - t)
        t = clock()
        sections = split_sections(doc.blocks, tuning=DEFAULT.sections)
        times["sections"].append(clock() - t)
        t = clock()
        seg = segment_sections(sections)
        times["segment"].append(clock() - t)
        t = clock()
        metrics = extract_metrics(sections, tuning=DEFAULT.metrics)
        times["metrics"].append(clock() - t)
        chars = sum(len(s.text) for s in sections)
        phrases = None
        if chars <= DEFAULT.phrases.ingest_max_chars:
            t = clock()
            phrases = report_phrases(sections, seg, tuning=DEFAULT.phrases)
            times["phrases"].append(clock() - t)
        # What ingest stores (``pipeline.build_report`` of the same parts).
        report = Report(series=series, year=year, title=doc.title, sha256=doc.sha256,
                        path=doc.path, sections=sections, metrics=metrics, front=doc.front,
                        back=doc.back, segmentation=seg, metrics_stamp=metrics_stamp(),
                        phrases=phrases)
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(Path(tmp) / "s.db")
            t = clock()
            store.put_reports([(report, doc.encoding)])
            times["store"].append(clock() - t)
            store.close()
        facts = {"chars": chars, "sections": len(sections), "metrics": len(metrics),
                 "bytes": path.stat().st_size}
        del doc, sections, seg, metrics, report
        _ = k
    return {"stages": {s: statistics.median(v) if v else None for s, v in times.items()},
            **facts}


def _diff_times(runs: int) -> dict[str, float]:
    """CPU seconds of ``diff_texts`` of 1 MB against nothing, and of nothing against 1 MB."""
    import time

    from compare.diff import diff_texts

    text = "审查文件35件，培训1200人次。\n" * 60_000  # the test's 1 MB text
    out: dict[str, list[float]] = {"delete": [], "insert": []}
    for _ in range(runs):
        for what, (a, b) in (("delete", (text, "")), ("insert", ("", text))):
            t = time.process_time()
            diff_texts(a, b)
            out[what].append(time.process_time() - t)
    return {k: statistics.median(v) for k, v in out.items()}


def _worker(argv: list[str]) -> None:
    """``--worker stages PATH SERIES YEAR RUNS`` or ``--worker diff RUNS``: prints JSON."""
    if argv[0] == "stages":
        path, series, year, runs = Path(argv[1]), argv[2], int(argv[3]), int(argv[4])
        print(json.dumps(_stage_times(path, series, year, runs)))
    else:
        print(json.dumps(_diff_times(int(argv[1]))))


# -- both sides ----------------------------------------------------------------------------------


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("COMPARE_DB", "PYTHONPATH", "VIRTUAL_ENV")}
    return env


def _cpu(cmd: list[str], cwd: Path) -> float:
    """CPU seconds (user + system) of one process run to the end."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd,
                            env=_env())
    assert proc.stderr is not None
    err = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"Failed: {' '.join(cmd)}\n{err.decode(errors='replace')}")
    return usage.ru_utime + usage.ru_stime


def _json_of(s: Side, args: list[str], cwd: Path) -> Any:
    done = subprocess.run([str(s.python), str(Path(__file__).resolve()), "--worker", *args],
                          capture_output=True, text=True, cwd=cwd, env=_env())
    if done.returncode != 0:
        raise SystemExit(f"{s.label} worker failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(sides: list[Side], files: dict[str, Path], tmp: Path, runs: int) -> dict[str, Any]:
    """Whole-process ingest CPU per input and side, stage split and diff per side."""
    for s in sides:
        subprocess.run([str(s.python), "-m", "compileall", "-q", str(s.root / "compare")],
                       check=True, env=_env(), cwd=tmp)
    whole: dict[str, dict[str, list[float]]] = {}
    for name, path in files.items():
        series, year = PLACE[name]
        for _ in range(runs):
            for s in sides:
                db = tmp / f"{s.label}-{name}.db"
                db.unlink(missing_ok=True)
                cmd = [*s.compare, "ingest", str(path), "--db", str(db), "--series", series,
                       "--year", year]
                whole.setdefault(name, {}).setdefault(s.label, []).append(_cpu(cmd, tmp))
                db.unlink(missing_ok=True)
    stages = {
        name: {s.label: _json_of(s, ["stages", str(path), *PLACE[name], str(runs)], tmp)
               for s in sides}
        for name, path in files.items()
    }
    diffs = {s.label: _json_of(s, ["diff", str(runs)], tmp) for s in sides}
    return {
        "whole": {n: {k: statistics.median(v) for k, v in d.items()} for n, d in whole.items()},
        "stages": stages,
        "diff": diffs,
    }


# -- identity ------------------------------------------------------------------------------------


def _dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of a store, its rows sorted (ids are the same when the same files are
    ingested in the same order; sorting makes a difference of order alone not count)."""
    conn = sqlite3.connect(db)
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    out = {}
    for name in names:
        rows = conn.execute(f"SELECT * FROM [{name}]").fetchall()
        out[name] = sorted(rows, key=repr)
    conn.close()
    return out


def identity(sides: list[Side], corpus: Path, tmp: Path, big: bool) -> bool:
    """Ingest the same files with both checkouts; True when every table is the same."""
    folders = [(p.name, p) for p in sorted(corpus.iterdir()) if p.is_dir()]
    folders.append(("sample", ROOT / "reports"))
    names = ("gwr5", "sg5", "50mb") if big else ("gwr5", "sg5")
    files = make_inputs(corpus, tmp / "inputs", names)
    dumps = []
    for s in sides:
        db = tmp / f"identity-{s.label}.db"
        db.unlink(missing_ok=True)
        for series, folder in folders:
            subprocess.run([*s.compare, "ingest", str(folder), "--db", str(db), "--series",
                            series], check=True, env=_env(), cwd=tmp, capture_output=True)
        for name, path in files.items():
            series, year = PLACE[name]
            subprocess.run([*s.compare, "ingest", str(path), "--db", str(db), "--series", series,
                            "--year", year], check=True, env=_env(), cwd=tmp,
                           capture_output=True)
        dumps.append(_dump(db))
    old, new = dumps
    same = True
    for table in sorted(set(old) | set(new)):
        a, b = old.get(table), new.get(table)
        if a != b:
            same = False
            print(f"DIFFERENT: {table} ({len(a or [])} rows vs {len(b or [])})")
        else:
            print(f"same: {table} ({len(a or [])} rows)")
    conn = sqlite3.connect(tmp / f"identity-{sides[0].label}.db")
    reports = conn.execute("SELECT count(*), sum(sections), sum(metrics) FROM reports").fetchone()
    conn.close()
    print(f"{reports[0]} reports, {reports[1]} sections, {reports[2]} metrics compared")
    return same


# -- report --------------------------------------------------------------------------------------


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def report(fig: dict[str, Any], sides: list[Side], runs: int) -> str:
    labels = [s.label for s in sides]
    lines = [
        "# Big reports: ingest throughput (`python bench/bigdoc.py`)",
        "",
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f} at the end; CPU seconds (user + system), medians of {runs}, "
        "bytecode compiled. "
        + ", ".join(f"{s.label} = `{s.root}`" for s in sides) + ".",
        "",
        "The inputs and the stages are described in `bench/bigdoc.py`; what changed, what is left "
        "and the identity check (`--identity`) in docs/speed.md, \"Big reports\".",
        "",
        "## Whole `compare ingest` process",
        "",
        "| input | size | " + " | ".join(f"{lb} CPU s" for lb in labels)
        + " | " + " | ".join(f"{lb} MB/s" for lb in labels) + " |",
        "|---|---|" + "---|" * (2 * len(labels)),
    ]
    for name, per in fig["whole"].items():
        size = next(iter(fig["stages"][name].values()))["bytes"] / 1e6
        lines.append(
            f"| {name} | {size:.1f} MB | " + " | ".join(_fmt(per[lb]) for lb in labels) + " | "
            + " | ".join(f"{size / per[lb]:.2f}" for lb in labels) + " |")
    lines += ["", "## Stages, in process", ""]
    head = "| input | stage | " + " | ".join(f"{lb} CPU s" for lb in labels) + " |"
    lines += [head, "|---|---|" + "---|" * len(labels)]
    for name, per in fig["stages"].items():
        for stage in STAGES:
            lines.append(f"| {name} | {stage} | "
                         + " | ".join(_fmt(per[lb]["stages"][stage]) for lb in labels) + " |")
        facts = per[labels[-1]]
        lines.append(f"| {name} | ({facts['chars']:,} characters, {facts['sections']} sections, "
                     f"{facts['metrics']:,} metrics) | " + " | ".join("" for _ in labels) + " |")
    lines += ["", "## `diff_texts`, 1 MB against the empty text", "",
              "| direction | " + " | ".join(f"{lb} CPU s" for lb in labels) + " |",
              "|---|" + "---|" * len(labels)]
    for what in ("delete", "insert"):
        lines.append(f"| {what} | " + " | ".join(f"{fig['diff'][lb][what]:.3f}" for lb in labels)
                     + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        _worker(argv[1:])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--baseline", type=Path, help="another checkout with its own .venv")
    ap.add_argument("--baseline-name", default="base", help="its label (a commit, say)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--inputs", nargs="+", choices=INPUTS, default=list(INPUTS))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-write", action="store_true", help="print only")
    ap.add_argument("--identity", action="store_true", help="compare results, not time")
    ap.add_argument("--big", action="store_true", help="--identity: the 50 MB input too")
    args = ap.parse_args(argv)
    sides = ([side(args.baseline_name, args.baseline.resolve())] if args.baseline else []) + [
        side("this", ROOT)]
    with tempfile.TemporaryDirectory(prefix="bigdoc-") as name:
        tmp = Path(name)
        if args.identity:
            if len(sides) != 2:
                raise SystemExit("--identity needs --baseline DIR.")
            return 0 if identity(sides, args.corpus, tmp, args.big) else 1
        files = make_inputs(args.corpus, tmp / "inputs", tuple(args.inputs))
        fig = measure(sides, files, tmp, args.runs)
        shutil.rmtree(tmp / "inputs", ignore_errors=True)
    text = report(fig, sides, args.runs)
    print(text)
    if not args.no_write:
        (ROOT / "bench" / "BIGDOC.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
