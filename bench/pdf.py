"""Benchmark of issue 12: PDF ingest in pages per second, and the cold compare of a PDF pair
against difflib.HtmlDiff on the PDFs' extracted text.

Run from the repository root after ``pip install -e .``::

    python bench/pdf.py                  # 5 runs each; writes bench/pdf-results.md
    python bench/pdf.py --runs 3 --no-write
    python bench/pdf.py --pairs putuo    # skip the (slow) jiangsu pair

What it measures:

- reading: ``compare.ingest.pdf.pdf_blocks`` (the text layer with sizes, weights and ruled
  tables, furniture dropped, paragraphs, headings) in this process, per file, median of N runs,
  as pages per second; beside it the floor of pypdfium2 alone (``get_text_range`` of every page,
  no layout);
- whole ingest: ``compare ingest FILE`` as a process (Python start-up, sections, metrics,
  segmentation and the store write included), pages per second;
- cold compare: a fresh store, ``compare ingest OLD NEW`` then ``compare Y1 Y2 --no-ingest``
  (two processes, times summed), against a process that writes ``difflib.HtmlDiff().make_file``
  of the two PDFs' extracted text (pypdfium2 ``get_text_range``, one line per text line),
  extraction included. Runs interleaved; ratios of medians.

Inputs are read from ``../shared/corpus`` (``--corpus``) and the committed fixtures; scratch files
live in a temporary folder. ``bench/RESULTS.md`` is the lead's and is not written here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FIXTURES = ROOT / "tests" / "fixtures" / "layout"
PAIRS = {
    "putuo": ("cn-putuo-wanli-budget-pdf", 2024, 2025),
    "jiangsu": ("cn-jiangsu-budget-pdf", 2022, 2023),
}
GOAL_PAGES_PER_S = 50.0

# The baseline: the two PDFs' text as pypdfium2 extracts it, lines diffed by difflib.HtmlDiff,
# in its own process so Python start-up counts the same as for ``compare``.
HTMLDIFF = (
    "import difflib, sys\n"
    "import pypdfium2 as pdfium\n"
    "def lines(path):\n"
    "    pdf = pdfium.PdfDocument(path)\n"
    "    out = []\n"
    "    for page in pdf:\n"
    "        out += page.get_textpage().get_text_range().splitlines()\n"
    "    return out\n"
    "a, b = lines(sys.argv[1]), lines(sys.argv[2])\n"
    "open(sys.argv[3], 'w', encoding='utf-8').write(difflib.HtmlDiff().make_file(a, b))\n"
)


def _timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed


def reading(files: list[Path], runs: int) -> list[tuple[str, int, float, float, float]]:
    """(name, pages, pdf_blocks wall s, its CPU s, text-only floor wall s) per file, medians of
    ``runs``. The CPU time is what the reading costs whatever else the machine is doing; on a
    shared machine the wall time is the CPU time divided by the share of a core it got."""
    import pypdfium2 as pdfium

    from compare.ingest.pdf import pdf_blocks
    from compare.tuning import DEFAULT

    out = []
    for path in files:
        raw = path.read_bytes()
        full, cpu, floor = [], [], []
        pages = 0
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            parts = pdf_blocks(raw, name=path.name, tuning=DEFAULT.ingest.pdf)
            full.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            pages = parts.pages
            start = time.perf_counter()
            pdf = pdfium.PdfDocument(raw)
            for page in pdf:
                page.get_textpage().get_text_range()
            pdf.close()
            floor.append(time.perf_counter() - start)
        out.append((f"{path.parent.name}/{path.name}", pages, statistics.median(full),
                    statistics.median(cpu), statistics.median(floor)))
    return out


def whole_ingest(files: list[tuple[Path, int]], runs: int, tmp: Path) -> list[tuple[str, float]]:
    """(name, seconds) of ``compare ingest FILE`` into a fresh store, median of ``runs``."""
    out = []
    for path, _pages in files:
        times = []
        for k in range(runs):
            db = tmp / f"ingest-{path.stem}-{k}.db"
            times.append(_timed([sys.executable, "-m", "compare.cli", "ingest", str(path),
                                 "--db", str(db)], tmp))
        out.append((f"{path.parent.name}/{path.name}", statistics.median(times)))
    return out


def cold_compare(name: str, runs: int, corpus: Path, tmp: Path) -> tuple[float, float]:
    """Median seconds of the cold compare and of the HtmlDiff baseline, runs interleaved."""
    folder, old, new = PAIRS[name]
    a, b = corpus / folder / f"{old}.pdf", corpus / folder / f"{new}.pdf"
    ours, theirs = [], []
    for k in range(runs):
        db = tmp / f"{name}-{k}.db"
        ingest = _timed([sys.executable, "-m", "compare.cli", "ingest", str(a), "--year",
                         str(old), "--db", str(db)], tmp)
        ingest += _timed([sys.executable, "-m", "compare.cli", "ingest", str(b), "--year",
                          str(new), "--db", str(db)], tmp)
        pair = _timed([sys.executable, "-m", "compare.cli", str(old), str(new), "--no-ingest",
                       "--db", str(db), "--output", str(tmp / f"{name}-{k}.html")], tmp)
        ours.append(ingest + pair)
        theirs.append(_timed([sys.executable, "-c", HTMLDIFF, str(a), str(b),
                              str(tmp / f"{name}-{k}-htmldiff.html")], tmp))
    return statistics.median(ours), statistics.median(theirs)


def _load() -> str:
    try:
        return ", ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--pairs", nargs="*", default=list(PAIRS), choices=list(PAIRS))
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    files = sorted(args.corpus.glob("cn-*-pdf/*.pdf")) + [FIXTURES / "2023.pdf"]
    lines = [
        "# PDF ingest and cold compare (issue 12)",
        "",
        f"`python bench/pdf.py --runs {args.runs}`, {dt.datetime.now():%Y-%m-%d %H:%M}, "
        f"{platform.machine()}, {platform.python_version()}, medians of {args.runs} runs.",
        "",
        "## Reading (`pdf_blocks`, in process)",
        "",
        f"Load average at the start: {_load()}.",
        "",
        "| file | pages | wall s | pages/s (wall) | CPU s | pages per CPU s | "
        "pypdfium2 text only, pages/s (wall) | goal ≥ 50 pages/s |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    read = reading(files, args.runs)
    total_pages = sum(r[1] for r in read)
    total_s = sum(r[2] for r in read)
    total_cpu = sum(r[3] for r in read)
    for name, pages, seconds, cpu, floor in read:
        ok = "met" if pages / seconds >= GOAL_PAGES_PER_S else "not met"
        lines.append(f"| {name} | {pages} | {seconds:.3f} | {pages / seconds:.0f} | {cpu:.3f} | "
                     f"{pages / cpu:.0f} | {pages / floor:.0f} | {ok} |")
    lines.append(f"| all | {total_pages} | {total_s:.3f} | {total_pages / total_s:.0f} | "
                 f"{total_cpu:.3f} | {total_pages / total_cpu:.0f} | | |")
    print("\n".join(lines))
    with tempfile.TemporaryDirectory(prefix="compare-bench-pdf-") as name:
        tmp = Path(name)
        whole = whole_ingest([(args.corpus / f / f"{y}.pdf", 0) for f, y, _ in PAIRS.values()],
                             args.runs, tmp)
        pages_of = {r[0]: r[1] for r in read}
        lines += ["", "## Whole `compare ingest FILE` (a process, store write included)", "",
                  "| file | s | pages/s |", "|---|---:|---:|"]
        for file, seconds in whole:
            pages = pages_of.get(file, 0)
            lines.append(f"| {file} | {seconds:.2f} | {pages / seconds:.0f} |")
        lines += ["", "## Cold compare of a PDF pair against difflib.HtmlDiff", "",
                  "| pair | cold compare s | HtmlDiff s | ratio |", "|---|---:|---:|---:|"]
        for pair in args.pairs:
            ours, theirs = cold_compare(pair, args.runs, args.corpus, tmp)
            folder, old, new = PAIRS[pair]
            lines.append(f"| {folder} {old}→{new} | {ours:.2f} | {theirs:.2f} | "
                         f"{ours / theirs:.2f} |")
            print(lines[-1], flush=True)
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_write:
        (ROOT / "bench" / "pdf-results.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
