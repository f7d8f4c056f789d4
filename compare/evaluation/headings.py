"""Scoring the ``sections`` stage against hand-made heading gold (``eval/gold/headings-*.json``).

Public API: evaluate_headings.

A gold file lists every heading of one report that is report structure, with its level and line,
and ``not_headings``: lines that look like headings and are not (furniture, copies, sentences,
table rows). A section found by the tool is a hit when it stands on a gold heading's line (one
tool heading per gold heading, same title preferred when two share a line: a heading glued to
its paragraph shares the paragraph's line). Scores: precision, recall and F1 of the lines; the
same with the level required to match; recall per gold level; and the tool headings that fall on
a labelled ``not_headings`` line, listed, since those are the costly mistakes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from compare.models import Section
from compare.textkit.chars import fold

__all__ = ["evaluate_headings"]


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def _same(a: str, b: str) -> bool:
    fa, fb = "".join(fold(a).split()).casefold(), "".join(fold(b).split()).casefold()
    return bool(fa) and bool(fb) and (fa in fb or fb in fa)


def _score(hits: int, found: int, gold: int) -> dict[str, float]:
    p = hits / found if found else 1.0
    r = hits / gold if gold else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(_f1(p, r), 4)}


def evaluate_headings(gold: dict[str, Any], sections: Sequence[Section]) -> dict[str, Any]:
    """Scores of ``sections`` (one report's) against a ``headings-*.json`` gold."""
    wanted = list(gold["headings"])
    found = [s for s in sections if s.level >= 1]
    taken: set[int] = set()
    pairs: list[tuple[dict[str, Any], Section]] = []
    # Same line and title first, then the same line alone, so that of two gold headings sharing
    # a line the one the tool's title names gets the tool heading.
    for by_title in (True, False):
        for g in wanted:
            if any(g is p for p, _ in pairs):
                continue
            for k, s in enumerate(found):
                if k not in taken and s.line == g["line"] and (
                    not by_title or _same(s.title, g["title"])
                ):
                    taken.add(k)
                    pairs.append((g, s))
                    break
    pairs.sort(key=lambda p: wanted.index(p[0]))
    levelled = sum(1 for g, s in pairs if g["level"] == s.level)
    by_level: dict[str, dict[str, int]] = {}
    for g in wanted:
        row = by_level.setdefault(str(g["level"]), {"gold": 0, "hits": 0, "level_hits": 0})
        row["gold"] += 1
    for g, s in pairs:
        by_level[str(g["level"])]["hits"] += 1
        by_level[str(g["level"])]["level_hits"] += int(g["level"] == s.level)
    matched = {id(s) for _, s in pairs}
    not_lines = {n["line"]: n for n in gold.get("not_headings", [])}
    wrong = [s for s in found if id(s) not in matched]
    return {
        "source": gold.get("source", ""),
        "gold": len(wanted),
        "found": len(found),
        "hits": len(pairs),
        **_score(len(pairs), len(found), len(wanted)),
        "level": _score(levelled, len(found), len(wanted)),
        "by_level": by_level,
        "missed": [
            f"line {g['line']} (level {g['level']}): {g['title']}"
            for g in wanted
            if not any(g is p for p, _ in pairs)
        ],
        "wrong": [
            f"line {s.line} (level {s.level}): {s.title[:60]}"
            + (f"  [labelled not a heading: {not_lines[s.line]['why'][:60]}]"
               if s.line in not_lines else "")
            for s in wrong
        ],
        "on_not_headings": sum(1 for s in wrong if s.line in not_lines),
        "level_misses": [
            f"line {g['line']}: {g['title']} gold level {g['level']}, found {s.level}"
            for g, s in pairs
            if g["level"] != s.level
        ],
    }
