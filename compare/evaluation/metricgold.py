"""Scoring the ``metrics`` stage against the hand-checked gold files (``shared/gold/README.md``,
``eval/gold/README.md``).

Public API: evaluate_extraction, evaluate_pairing, evaluate_identity, side_matches, same_value.

``evaluate_extraction(gold, metrics)``: a tool metric is a hit when it stands where a gold metric
stands (same line; same page for a PDF quantity labelled by page) with the same value; only
metrics inside the gold ``scope`` line range count. A tool metric that matches an entry of the
gold's ``uncertain`` list counts neither way.

``evaluate_pairing(gold, changes)``: recall over the gold pairs. Precision over the tool's pairs
that touch a labelled quantity (a side of a gold pair or of a ``not_pair``), each ``not_pair`` made
counting as an error; for a ``complete`` gold (every pair between ``old_lines`` and ``new_lines``
is listed) over every tool pair with both sides in those ranges, a pair between two quantities
listed as ``left_out_uncertain`` counting neither way. ``outcomes`` (target beside actual) may be
passed to count how many gold ``not_pairs`` that say "outcome" the tool shows as outcomes.

``evaluate_identity(gold, metrics_by_source, chains)``: an ``identity-*.json`` gold (metrics with
hand-labelled kind, period and qualifiers, chains that may join and pairs that must never join)
against the tool's metrics of each source and its chains over those sources. Every tool chain is
checked against the periods and qualifiers labelled by hand: a chain whose members carry two
different labelled periods or qualifier sets is a violation, and so is a chain holding both sides
of a ``must_not_join``. Every tool chain of two or more years is counted (``chains``); it is
checked only when it holds two hand-labelled figures (``chains_checked``), and the others are
listed in ``misses``, so a figure short of labels shows instead of passing unseen.

All return plain dicts with ``misses`` as readable lines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from compare.models import Metric, MetricChange, MetricOutcome

__all__ = [
    "evaluate_extraction", "evaluate_identity", "evaluate_pairing", "same_value", "side_matches",
]

_SCOPE_LINES = re.compile(r"lines?\s+(\d+)\s*[-–]\s*(\d+)")


def _f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def _scope(gold: dict[str, Any]) -> tuple[int, int] | None:
    m = _SCOPE_LINES.search(str(gold.get("scope", "")))
    return (int(m.group(1)), int(m.group(2))) if m else None


def _where(item: Mapping[str, Any]) -> tuple[int, int]:
    """(page, line) of a gold quantity: page 0 for a text source, line 0 when labelled by page."""
    return int(item.get("page") or 0), int(item.get("line") or 0)


def _bounds(value: str) -> tuple[Decimal, ...] | None:
    low, sep, high = value[1:].partition("-")
    try:
        if sep:
            return Decimal(value[0] + low), Decimal(high)
        return (Decimal(value),)
    except InvalidOperation:
        return None


def same_value(tool: str, gold: object) -> bool:
    """Whether a tool value is the gold value as a number (gold files may write "1.0" or
    "4.0-6.0" as the report does; the tool writes 1 and 4-6)."""
    if tool == str(gold):
        return True
    a, b = _bounds(tool), _bounds(str(gold))
    return a is not None and a == b


def _at(metric: Metric, page: int, line: int) -> bool:
    """Whether a tool metric stands at a gold place (a page-only place matches any line on it)."""
    q = metric.quantity
    if line:
        return q.line == line and (not page or q.page == page)
    return page > 0 and q.page == page


def evaluate_extraction(gold: dict[str, Any], metrics: Sequence[Metric]) -> dict[str, Any]:
    """Precision, recall, F1 and misses of ``metrics`` against an ``extract-*.json`` gold."""
    scope = _scope(gold)
    lo, hi = scope if scope else (1, 10**9)
    paged = any(g.get("line") is None for g in gold["metrics"])
    mine = [m for m in metrics if paged or lo <= m.quantity.line <= hi]
    free = list(range(len(mine)))

    def take(item: Mapping[str, Any]) -> bool:
        page, line = _where(item)
        for k in free:
            if _at(mine[k], page, line) and same_value(mine[k].quantity.value, item.get("value")):
                free.remove(k)
                return True
        return False

    misses: list[str] = []
    hits = 0
    for g in gold["metrics"]:
        if take(g):
            hits += 1
        else:
            page, line = _where(g)
            where = f"page {page}" if not line else f"line {line}"
            misses.append(f"missed {where}: {g['quote']} ({g['value']} {g.get('unit', '')})")
    for u in gold.get("uncertain", []):
        take(u)  # a tool metric here counts neither way
    for k in free:
        q = mine[k].quantity
        misses.append(f"extra line {q.line}: {q.quote} ({q.value} {q.unit}, {mine[k].label})")
    counted = hits + len(free)  # tool metrics that count: hits and extras, not the uncertain
    precision = hits / counted if counted else 0.0
    recall = hits / len(gold["metrics"]) if gold["metrics"] else 0.0
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall),
            "gold": len(gold["metrics"]), "found": counted, "misses": misses}


def _squeeze(text: str) -> str:
    return "".join(str(text).split())


def side_matches(metric: Metric | None, side: Mapping[str, Any]) -> bool:
    """A tool quantity is a gold side: same place (line, or page), and the same value where the
    gold gives one, else its text inside the gold quote. A side placed by page only (a PDF, line
    unknown) must also share its quote with the tool's, spaces aside (one contains the other):
    a page holds the same value in several places (收入预算 and 财政拨款收入 alike)."""
    if metric is None:
        return False
    page, line = _where(side)
    if not _at(metric, page, line):
        return False
    if not line and side.get("quote"):
        gold, mine = _squeeze(side["quote"]), _squeeze(metric.quantity.quote)
        if not mine or (mine not in gold and gold not in mine):
            return False
    if side.get("value") is not None:
        return same_value(metric.quantity.value, side["value"])
    return metric.quantity.text in str(side.get("quote", ""))


def _flat_side(entry: Mapping[str, Any], side: str) -> dict[str, Any]:
    """One side of a ``not_pairs`` / ``left_out_uncertain`` entry (``old_quote``, ``old_line``…)."""
    out = {"quote": entry.get(f"{side}_quote", ""), "line": entry.get(f"{side}_line"),
           "page": entry.get(f"{side}_page")}
    if entry.get(f"{side}_value") is not None:
        out["value"] = entry[f"{side}_value"]
    return out


def _in_range(metric: Metric, bounds: Sequence[int] | None) -> bool:
    if not bounds:
        return True
    return bounds[0] <= metric.quantity.line <= bounds[1]


def _where_text(metric: Metric) -> str:
    q = metric.quantity
    return f"page {q.page} {q.quote}" if q.page and not q.line else f"line {q.line} {q.quote}"


def evaluate_pairing(
    gold: dict[str, Any],
    changes: Sequence[MetricChange],
    outcomes: Sequence[MetricOutcome] = (),
) -> dict[str, Any]:
    """Precision, recall, F1 and misses of ``changes`` against a ``metricpairs-*.json`` gold."""
    made = [c for c in changes if c.old is not None and c.new is not None]
    gold_pairs = gold["pairs"]
    not_pairs = [(_flat_side(n, "old"), _flat_side(n, "new"), n.get("why", ""))
                 for n in gold.get("not_pairs", [])]
    uncertain = [(_flat_side(n, "old"), _flat_side(n, "new"))
                 for n in gold.get("left_out_uncertain", [])]
    complete = bool(gold.get("complete"))
    misses: list[str] = []
    found = 0
    for g in gold_pairs:
        if any(side_matches(c.old, g["old"]) and side_matches(c.new, g["new"]) for c in made):
            found += 1
        else:
            misses.append(f"missed pair {g['label']}: {g['old']['quote']} -> {g['new']['quote']}")
    judged = correct = forbidden = 0
    for c in made:
        assert c.old is not None and c.new is not None
        if any(side_matches(c.old, o) and side_matches(c.new, n) for o, n in uncertain):
            continue
        is_gold = any(side_matches(c.old, g["old"]) and side_matches(c.new, g["new"])
                      for g in gold_pairs)
        clash = [why for o, n, why in not_pairs
                 if side_matches(c.old, o) and side_matches(c.new, n)]
        if complete:
            counts = _in_range(c.old, gold.get("old_lines")) and _in_range(
                c.new, gold.get("new_lines"))
        else:
            counts = is_gold or bool(clash) or any(
                side_matches(c.old, g["old"]) or side_matches(c.new, g["new"]) for g in gold_pairs
            ) or any(side_matches(c.old, o) or side_matches(c.new, n) for o, n, _ in not_pairs)
        if not counts:
            continue
        judged += 1
        forbidden += bool(clash)
        if is_gold and not clash:
            correct += 1
        else:
            reason = f" ({clash[0]})" if clash else " (not a gold pair)" if complete else ""
            misses.append(f"wrong pair: {_where_text(c.old)} -> {_where_text(c.new)}{reason}")
    outcome_gold = [(o, n) for o, n, why in not_pairs if "outcome" in why]
    shown = sum(
        any(side_matches(x.target, o) and side_matches(x.actual, n) for x in outcomes)
        for o, n in outcome_gold
    )
    precision = correct / judged if judged else 1.0
    recall = found / len(gold_pairs) if gold_pairs else 0.0
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall),
            "gold": len(gold_pairs), "found": judged, "not_pairs_made": forbidden,
            "outcomes": {"gold": len(outcome_gold), "shown": shown}, "misses": misses}


# --- identity: kind, period, qualifiers, and chains across a series ------------------------------


def _norm_period(period: Any) -> str:
    return " ".join(str(period or "year").split())


def _norm_qualifiers(qualifiers: Any) -> frozenset[str]:
    return frozenset(str(q) for q in (qualifiers or ()))


def _find(metrics: Sequence[Metric], item: Mapping[str, Any]) -> Metric | None:
    """The tool metric at a gold item's place with its value; where a line holds the value twice
    (超过2% and 上涨2%), the one whose text or quote overlaps the gold quote."""
    page, line = _where(item)
    found = [m for m in metrics
             if _at(m, page, line) and same_value(m.quantity.value, item.get("value"))]
    quote = str(item.get("quote", ""))
    for m in found:
        if m.quantity.quote in quote or quote in m.quantity.quote:
            return m
    return found[0] if found else None


def evaluate_identity(
    gold: dict[str, Any],
    metrics_by_source: Mapping[str, Sequence[Metric]],
    chains: Sequence[Sequence[tuple[str, Metric]]],
) -> dict[str, Any]:
    """Identity and chain checks of an ``identity-*.json`` gold (see the module docstring).

    ``metrics_by_source`` holds the tool's metrics per gold ``source``; ``chains`` the tool's
    chains as lists of (source, metric), in year order.
    """
    labelled = list(gold.get("metrics", [])) + list(gold.get("supplementary_metrics", []))
    misses: list[str] = []
    found = kind_ok = period_ok = qual_ok = 0
    label_of: dict[int, Mapping[str, Any]] = {}  # id(tool metric) -> gold metric
    for g in labelled:
        m = _find(metrics_by_source.get(g["source"], ()), g)
        where = f"{g['source']} line {g.get('line')}: {g['quote']}"
        if m is None:
            misses.append(f"not extracted {where} ({g['value']})")
            continue
        found += 1
        label_of[id(m)] = g
        if m.kind == g.get("kind"):
            kind_ok += 1
        else:
            misses.append(f"kind {m.kind!r}, labelled {g.get('kind')!r}: {where}")
        if _norm_period(m.period) == _norm_period(g.get("period")):
            period_ok += 1
        else:
            misses.append(f"period {m.period!r}, labelled {g.get('period')!r}: {where}")
        if _norm_qualifiers(m.qualifiers) == _norm_qualifiers(g.get("qualifiers")):
            qual_ok += 1
        else:
            misses.append(f"qualifiers {list(m.qualifiers)}, labelled {g.get('qualifiers')}: "
                          f"{where}")
    # Chains: every tool chain against the hand labels of the metrics it holds.
    checked = violations = multi = 0
    chain_of: dict[int, int] = {}  # id(tool metric) -> chain
    for k, chain in enumerate(chains):
        members = [(src, label_of.get(id(m)), m) for src, m in chain]
        for _src, _g, m in members:
            chain_of[id(m)] = k
        known = [g for _src, g, _m in members if g is not None]
        if len(chain) < 2:
            continue
        multi += 1
        if len(known) < 2:  # one labelled figure cannot disagree with itself
            shown = "; ".join(f"{s} line {m.quantity.line} {m.quantity.text}" for s, m in chain)
            misses.append(f"chain with {len(known)} labelled member(s), not checked: {shown}")
            continue
        checked += 1
        periods = {_norm_period(g.get("period")) for g in known}
        quals = {_norm_qualifiers(g.get("qualifiers")) for g in known}
        if len(periods) > 1 or len(quals) > 1:
            violations += 1
            shown = "; ".join(f"{s} {m.quantity.text}" for s, m in chain)
            misses.append(f"chain mixes {sorted(periods)} / {[sorted(q) for q in quals]}: {shown}")

    def chain_id(item: Mapping[str, Any]) -> int | None:
        m = _find(metrics_by_source.get(item["source"], ()), item)
        return None if m is None else chain_of.get(id(m))

    joined = 0
    for bad in gold.get("must_not_join", []):
        a, b = chain_id(bad["a"]), chain_id(bad["b"])
        if a is not None and a == b:
            joined += 1
            misses.append(f"joined although it must not: {bad['a']['quote']} + "
                          f"{bad['b']['quote']} ({bad.get('why', '')})")
    links = links_found = 0
    for chain in gold.get("chains", []):
        members = chain["members"]
        for a, b in zip(members, members[1:], strict=False):
            links += 1
            ca, cb = chain_id(a), chain_id(b)
            if ca is not None and ca == cb:
                links_found += 1
            else:
                misses.append(f"chain link missing ({chain['label']}): {a['quote']} -> "
                              f"{b['quote']}")
    return {
        "metrics": len(labelled), "found": found,
        "kind": kind_ok / found if found else 0.0,
        "period": period_ok / found if found else 0.0,
        "qualifiers": qual_ok / found if found else 0.0,
        "chains": multi, "chains_checked": checked, "chain_violations": violations,
        "must_not_join": len(gold.get("must_not_join", [])), "joined_wrongly": joined,
        "chain_links": links, "chain_links_found": links_found,
        "misses": misses,
    }
