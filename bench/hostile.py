"""Bench of issue 18: the cost of hostile input shapes, ×1 / ×2 / ×4, in one process.

Run from the repository root after ``pip install -e .``::

    python bench/hostile.py            # prints a Markdown table
    python bench/hostile.py --scale 2  # bigger inputs

Each row times one stage on one shape (best of three, CPU time, so that other work on the
machine counts less) and gives the growth per doubling; linear work gives about 2.0. The shapes
are those of issue 18: a paragraph of inline ``<b>`` pieces or of entities (the HTML reader), one
long line of quoted or bare numbers (the number grammar), and a long line holding invisible
characters (``chars.visible``).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from compare.ingest.htmltext import html_blocks
from compare.textkit.chars import fold_line, visible
from compare.textkit.numbers import scan_numbers


def cpu(work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def page(body: str) -> str:
    return f"<html><body><p>一、总体</p><p>{body}</p></body></html>"


SHAPES: dict[str, tuple[int, Callable[[int], Callable[[], object]]]] = {
    "HTML: paragraph of inline <b>增长5%</b>": (
        100_000, lambda n: lambda: html_blocks(page("<b>增长5%</b>" * n))),
    "HTML: paragraph of blank inline <b> </b>": (
        100_000, lambda n: lambda: html_blocks(page(" <b> </b>" * n))),
    "HTML: paragraph of &amp; entities": (
        1_000_000, lambda n: lambda: html_blocks(page("&amp;" * n))),
    'numbers: line of 增长5%" (straight quotes)': (
        20_000, lambda n: lambda: scan_numbers(fold_line('增长5%"' * n))),
    "numbers: line of “完成3件” (quoted counts)": (
        20_000, lambda n: lambda: scan_numbers(fold_line("“完成3件”" * n))),
    "numbers: line of bare numbers 12 34 56": (
        20_000, lambda n: lambda: scan_numbers(fold_line("12 34 56 " * n))),
    "chars.visible: line with a ZWSP every 4 chars": (
        250_000, lambda n: lambda: visible("一二三\u200b" * n)),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every input size")
    args = parser.parse_args()
    print("| shape | ×1 size | ×1 s | ×2 s | ×4 s | growth per doubling |")
    print("|---|---|---|---|---|---|")
    for name, (size, make) in SHAPES.items():
        n = int(size * args.scale)
        times = [cpu(make(n * k)) for k in (1, 2, 4)]
        growth = max(times[1] / max(times[0], 1e-9), times[2] / max(times[1], 1e-9))
        print(f"| {name} | {n:,} | {times[0]:.2f} | {times[1]:.2f} | {times[2]:.2f} | "
              f"{growth:.2f} |", flush=True)


if __name__ == "__main__":
    main()
