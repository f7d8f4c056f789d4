"""A long synthetic series for tests of pages that must fit: 50+ yearly reports of one city.

Public API: write_series.

Deterministic (no randomness: values follow from the year), small and plain text: each year has
a review part with figures, a task part whose sections are renamed, added and dropped now and
then, so the timeline and the trends have something to show in every column. Not a real
document; the issue-17 benchmark generator (bench/synth.py) is the heavier one.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["write_series"]

_TASKS = ("推进产业升级", "扩大有效投资", "加强生态保护", "办好民生实事", "深化改革开放")


def _report(year: int, k: int) -> str:
    growth = 5 + (k * 37 % 40) / 10
    jobs = 10 + k * 3 % 17
    green = 30 + k * 7 % 50
    lines = [
        f"某市{year}年政府工作报告",
        "",
        f"一、{year - 1}年工作回顾",
        f"全市生产总值增长{growth:.1f}%，城镇新增就业{jobs}万人，森林覆盖率达到{green}%。",
        "",
        f"二、{year}年工作任务",
        f"今年主要预期目标是：生产总值增长{5 + k % 3}%左右。",
    ]
    for n, task in enumerate(_TASKS):
        if (k + n) % 11 == 0:
            continue  # a task part some years leave out
        title = task if (k // 7 + n) % 3 else task + "，提高发展质量"
        ordinal = "一二三四五"[n]
        plan = f"围绕{task}，今年安排项目{k + n + 3}个，投资{k * 2 + n}亿元。"
        lines += ["", f"（{ordinal}）{title}。{plan}"]
    return "\n".join(lines) + "\n"


def write_series(folder: Path, *, first: int = 1970, years: int = 52) -> list[Path]:
    """``years`` yearly reports from ``first`` in ``folder`` (``1970.txt``, …); their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for k, year in enumerate(range(first, first + years)):
        path = folder / f"{year}.txt"
        path.write_text(_report(year, k), encoding="utf-8")
        out.append(path)
    return out
