"""Time the pathological inputs of issue 6 through the real pipeline and the page.

Run from the repository root after `pip install -e .`: `python bench/pathological.py`. Each case
runs in this process once (they are bounds, not races); the figures go to stdout as a Markdown
table, to paste into RESULTS.md. Inputs are built from the sample report's own sentences.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from compare.models import Report, Section
from compare.pipeline import compare_reports
from compare.render import render_html

ROOT = Path(__file__).resolve().parents[1]


def report(year: int, parts: list[tuple[str, str]]) -> Report:
    sections = tuple(
        Section(str(i + 1), 1, t, f"{t}\n{b}" if b else t, i + 1, (i + 1,))
        for i, (t, b) in enumerate(parts)
    )
    return Report("s", year, f"s{year}", str(year) * 16, f"{year}.txt", sections)


def main() -> None:
    text = (ROOT / "reports" / "2019.txt").read_text(encoding="utf-8")
    sentences = [s + "。" for s in text.replace("\n", "").split("。") if s]
    rng = random.Random(7)

    def paragraph(size: int) -> str:
        out = ""
        while len(out.encode()) < size:
            out += rng.choice(sentences)
        return out

    big = paragraph(2**20)
    words = [big[i : i + 7] for i in range(0, len(big), 7)]
    rng.shuffle(words)
    cases = {
        "1 MB paragraph vs its shuffled self": (
            report(2018, [("一、总体", big)]),
            report(2019, [("一、总体", "".join(words))]),
        ),
        "10,000 tiny sections vs 10,000 others": (
            report(2018, [(f"（{i}）旧标题{i}", rng.choice(sentences)) for i in range(10_000)]),
            report(2019, [(f"（{i}）新题目{i}", rng.choice(sentences)) for i in range(10_000)]),
        ),
        "1 MB section vs an empty one": (
            report(2018, [("一、总体", big)]),
            report(2019, [("一、总体", "")]),
        ),
    }
    print("| case | compare s | page s | fell back |")
    print("|---|---|---|---|")
    for name, (old, new) in cases.items():
        t0 = time.perf_counter()
        comp = compare_reports(old, new)
        t1 = time.perf_counter()
        render_html(comp)
        t2 = time.perf_counter()
        fell = bool(comp.notes) or any(d is not None and d.note for d in comp.diffs)
        print(f"| {name} | {t1 - t0:.2f} | {t2 - t1:.2f} | {'yes, noted' if fell else 'no'} |")


if __name__ == "__main__":
    main()
