"""Scoring the ``metrics`` stage against the hand-checked gold files (``shared/gold/README.md``).

Public API: evaluate_extraction, evaluate_pairing.

``evaluate_extraction(gold, metrics)``: a tool metric is a hit when it stands on the same line with
the same value as a gold metric; only metrics inside the gold ``scope`` line range are counted.
``evaluate_pairing(gold, changes)``: recall over the gold pairs; precision over the tool's pairs
that touch a labelled quantity (a side of a gold pair or of a ``not_pair``), each ``not_pair``
made counting as an error. Both return ``{"precision", "recall", "f1", "misses"}`` with the misses
as readable lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from compare.models import Metric, MetricChange

__all__ = ["evaluate_extraction", "evaluate_pairing"]

_SCOPE_LINES = re.compile(r"lines?\s+(\d+)\s*[-–]\s*(\d+)")


def _f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def _scope(gold: dict[str, Any]) -> tuple[int, int] | None:
    m = _SCOPE_LINES.search(str(gold.get("scope", "")))
    return (int(m.group(1)), int(m.group(2))) if m else None


def evaluate_extraction(gold: dict[str, Any], metrics: Sequence[Metric]) -> dict[str, Any]:
    """Precision, recall, F1 and misses of ``metrics`` against an ``extract-*.json`` gold."""
    scope = _scope(gold)
    lo, hi = scope if scope else (1, 10**9)
    mine = [m for m in metrics if lo <= m.quantity.line <= hi]
    wanted = [(g["line"], str(g["value"])) for g in gold["metrics"]]
    got = [(m.quantity.line, m.quantity.value) for m in mine]
    remaining = list(got)
    misses: list[str] = []
    hits = 0
    for g, item in zip(gold["metrics"], wanted, strict=True):
        if item in remaining:
            remaining.remove(item)
            hits += 1
        else:
            misses.append(f"missed line {g['line']}: {g['quote']} ({g['value']} {g['unit']})")
    spare = list(wanted)
    false_hits = 0
    for m in mine:
        item = (m.quantity.line, m.quantity.value)
        if item in spare:
            spare.remove(item)
        else:
            false_hits += 1
            misses.append(f"extra line {m.quantity.line}: {m.quantity.quote} "
                          f"({m.quantity.value} {m.quantity.unit}, {m.label})")
    precision = (len(mine) - false_hits) / len(mine) if mine else 0.0
    recall = hits / len(wanted) if wanted else 0.0
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall),
            "misses": misses}


def _side_matches(metric: Metric | None, side: dict[str, Any]) -> bool:
    """A tool quantity is a gold side: same line, and same value or text inside the quote. A
    side labelled by page only (``line`` null, as in a PDF's gold) needs the same page."""
    if metric is not None and side.get("line") is None and side.get("page") is not None:
        if metric.quantity.page != side["page"]:
            return False
    elif metric is None or metric.quantity.line != side.get("line"):
        return False
    if "value" in side:
        return metric.quantity.value == str(side["value"])
    return metric.quantity.text in side.get("quote", "")


def _not_pair_side(n: dict[str, Any], side: str) -> dict[str, Any]:
    """One side of a not-pair as a gold side: line, quote, and page and value where given."""
    out = {"line": n[f"{side}_line"], "quote": n[f"{side}_quote"]}
    for key in ("page", "value"):
        if n.get(f"{side}_{key}") is not None:
            out[key] = n[f"{side}_{key}"]
    return out


def evaluate_pairing(gold: dict[str, Any], changes: Sequence[MetricChange]) -> dict[str, Any]:
    """Precision, recall, F1 and misses of ``changes`` against a ``metricpairs-*.json`` gold."""
    made = [c for c in changes if c.old is not None and c.new is not None]
    gold_pairs = gold["pairs"]
    not_pairs = [(_not_pair_side(n, "old"), _not_pair_side(n, "new"), n.get("why", ""))
                 for n in gold.get("not_pairs", [])]
    uncertain = [({"line": n["old_line"], "quote": n["old_quote"]},
                  {"line": n["new_line"], "quote": n["new_quote"]})
                 for n in gold.get("left_out_uncertain", [])]
    misses: list[str] = []
    found = 0
    for g in gold_pairs:
        if any(_side_matches(c.old, g["old"]) and _side_matches(c.new, g["new"]) for c in made):
            found += 1
        else:
            misses.append(f"missed pair {g['label']}: {g['old']['quote']} -> {g['new']['quote']}")
    touching = correct = 0
    for c in made:
        if any(_side_matches(c.old, o) and _side_matches(c.new, n) for o, n in uncertain):
            continue
        is_gold = any(_side_matches(c.old, g["old"]) and _side_matches(c.new, g["new"])
                      for g in gold_pairs)
        clash = [why for o, n, why in not_pairs
                 if _side_matches(c.old, o) and _side_matches(c.new, n)]
        touches = is_gold or bool(clash) or any(
            _side_matches(c.old, g["old"]) or _side_matches(c.new, g["new"]) for g in gold_pairs
        ) or any(_side_matches(c.old, o) or _side_matches(c.new, n) for o, n, _ in not_pairs)
        if not touches:
            continue
        touching += 1
        if is_gold and not clash:
            correct += 1
        else:
            assert c.old is not None and c.new is not None
            reason = f" ({clash[0]})" if clash else ""
            misses.append(f"wrong pair: line {c.old.quantity.line} {c.old.quantity.quote} -> "
                          f"line {c.new.quantity.line} {c.new.quantity.quote}{reason}")
    precision = correct / touching if touching else 1.0
    recall = found / len(gold_pairs) if gold_pairs else 0.0
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall),
            "misses": misses}
