"""Metric pairing: the same indicator in two years, and the changes a report states itself.

Public API: pair_metrics, label_similarity, stated_check, metric_delta.

``pair_metrics(old, new)`` pairs the same indicator across two years, one to one, preferring to
leave a metric unpaired over making a doubtful pair. Labels may end in a qualifier that
extraction added (``（调整前）`` for the first value of a from-to statement, ``（五年来）`` for a
multi-year figure): a starting value is never paired, and a multi-year figure meets a one-year
figure only when the values are close (a stock), never a five-year total against a yearly flow.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from rapidfuzz import fuzz

from compare.metrics.extract import is_from_value, is_multi_year, is_new_stock
from compare.models import Metric, MetricChange, StatedCheck
from compare.textkit.chars import HAN
from compare.textkit.numbers import format_decimal, unit_class
from compare.tuning import DEFAULT, MetricTuning

__all__ = ["label_similarity", "metric_delta", "pair_metrics", "stated_check"]

_CJK = re.compile(f"[{HAN}]")
_QUALIFIER = re.compile(r"（[^（）]*）$")

# Words that say the same thing in two years' drafting (审查≈审核); applied to both labels.
_SYNONYMS = (("审核", "审查"), ("资金", "经费"), ("通过率", "合格率"), ("上涨", "增长"),
             ("上升", "增长"), ("提高", "增长"), ("提升", "增长"), ("增加", "增长"),
             ("降低", "下降"), ("减少", "下降"), ("件数", "件"), ("数量", ""), ("各类", ""),
             ("实际", ""), ("的", ""), ("总量", ""), ("达到", ""))


# --- pairing --------------------------------------------------------------------------------------


def _normal_label(label: str) -> str:
    label = _QUALIFIER.sub("", label)
    for a, b in _SYNONYMS:
        label = label.replace(a, b)
    return label.lower()


def _grams(label: str) -> set[str]:
    """Character bigrams of a Chinese label, words of an English one."""
    if _CJK.search(label):
        chars = [ch for ch in label if not ch.isspace()]
        if len(chars) < 2:
            return set(chars)
        return {a + b for a, b in zip(chars, chars[1:], strict=False)}
    return set(re.findall(r"[a-z0-9]+", label))


def label_similarity(a: str, b: str) -> float:
    """0-100: how surely two labels name one indicator (qualifiers and synonyms folded away).

    The mean of two views: the share of the shorter label's character bigrams (words in English)
    found in the longer one (居民收入增长 is mostly inside 居民人均可支配收入实际增长) and
    rapidfuzz's character ratio, which keeps labels sharing only a head noun (消费贡献率 /
    服务业对经济增长贡献率) apart.
    """
    na, nb = _normal_label(a), _normal_label(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 100.0
    ga, gb = _grams(na), _grams(nb)
    short, long_ = (ga, gb) if len(ga) <= len(gb) else (gb, ga)
    containment = 100.0 * len(short & long_) / (len(short) or 1)
    return (containment + fuzz.ratio(na, nb)) / 2


def _bounds(value: str) -> tuple[Decimal, Decimal]:
    if "-" in value[1:]:
        low, high = value.split("-", 1) if not value.startswith("-") else value[1:].split("-", 1)
        return Decimal(low), Decimal(high)
    return Decimal(value), Decimal(value)


def _mid(value: str) -> Decimal:
    low, high = _bounds(value)
    return (low + high) / 2


def _ratio(a: Decimal, b: Decimal) -> float:
    a, b = abs(a), abs(b)
    if a == 0 or b == 0:
        return 1.0 if a == b else float("inf")
    return float(max(a, b) / min(a, b))


def _plausible(old: Metric, new: Metric, t: MetricTuning) -> bool:
    """Whether two metrics could be one indicator in two years, from their values and notes."""
    # A "from" value (由…提高到) pairs only with another "from" value: the same statement repeated.
    if is_from_value(old.label) != is_from_value(new.label):
        return False
    if unit_class(old.quantity.unit) != unit_class(new.quantity.unit):
        return False
    groups = {"change": "change", "target": "target"}
    if groups.get(old.kind, "level") != groups.get(new.kind, "level"):
        return False
    if is_new_stock(old.label) != is_new_stock(new.label):
        return False
    a, b = _mid(old.quantity.value), _mid(new.quantity.value)
    ratio = _ratio(a, b)
    period_clash = is_multi_year(old.label) != is_multi_year(new.label)
    if old.quantity.unit in ("%", "‰"):
        if period_clash and old.kind == "change":
            return False
        points = abs(float(a - b))
        if old.kind == "change":
            return (points <= t.pct_change_max_points
                    or ratio <= t.pct_change_max_ratio)
        ok = (points <= t.pct_level_max_points
              or ratio <= t.pct_level_max_ratio)
        return ok and not (period_clash and ratio > t.period_max_ratio)
    if period_clash and ratio > t.period_max_ratio:
        return False
    small = max(abs(a), abs(b)) <= t.small_count
    return small or ratio <= t.max_ratio


def _score(old: Metric, new: Metric, t: MetricTuning) -> float:
    label = label_similarity(old.label, new.label)
    ratio = _ratio(_mid(old.quantity.value), _mid(new.quantity.value))
    closeness = 100.0 / ratio if ratio != float("inf") else 0.0
    return t.label_weight * label + t.value_weight * closeness


def _delta(old: Metric, new: Metric) -> tuple[str | None, str | None]:
    if "-" in old.quantity.value[1:] or "-" in new.quantity.value[1:]:
        return None, None
    a, b = Decimal(old.quantity.value), Decimal(new.quantity.value)
    delta = format_decimal(b - a)
    if new.quantity.unit in ("%", "‰") or a == 0:
        return delta, None
    percent = ((b - a) / a * 100).quantize(Decimal("0.01"))
    return delta, format_decimal(percent)


def pair_metrics(
    old: Sequence[Metric],
    new: Sequence[Metric],
    *,
    tuning: MetricTuning = DEFAULT.metrics,
) -> tuple[MetricChange, ...]:
    """Pair the metrics of two years one to one; the rest come out as added or removed.

    A candidate pair shares a unit class and kind group, passes the plausibility bounds and scores
    at least ``tuning.pair_min_score``. Pairs are taken best first; one whose runner-up (for either
    side, among the metrics still free) scores within ``tuning.pair_margin`` is left unpaired.
    Entries follow the new report's reading order, each removed metric right after the pair that
    preceded it in the old.
    """
    t = tuning
    scores: dict[tuple[int, int], float] = {}
    for i, o in enumerate(old):
        for j, n in enumerate(new):
            if _plausible(o, n, t):
                score = _score(o, n, t)
                if score >= t.pair_min_score:
                    scores[(i, j)] = score
    free_old, free_new = set(range(len(old))), set(range(len(new)))
    pairs: dict[int, int] = {}
    for (i, j), score in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
        if i not in free_old or j not in free_new:
            continue
        rivals = [s for (a, b), s in scores.items()
                  if (a == i and b != j and b in free_new) or (b == j and a != i and a in free_old)]
        if rivals and score - max(rivals) < t.pair_margin:
            continue
        pairs[j] = i
        free_old.discard(i)
        free_new.discard(j)
    entries: list[tuple[tuple[int, int, int], MetricChange]] = []
    for j, n in enumerate(new):
        if j in pairs:
            o = old[pairs[j]]
            delta, percent = _delta(o, n)
            same = o.quantity.value == n.quantity.value and o.quantity.unit == n.quantity.unit
            status = "unchanged" if same else "changed"
            change = MetricChange(status, n.label, o, n, delta, percent)
            check = stated_check(change, new, at=j)
            if check is not None:
                change = replace(change, check=check)
            entries.append(((j, 0, 0), change))
        else:
            entries.append(((j, 0, 0), MetricChange("added", n.label, None, n)))
    paired_old = sorted((i, j) for j, i in pairs.items())
    for i in sorted(free_old):
        anchor = max((j for k, j in paired_old if k < i), default=-1)
        entries.append(((anchor, 1, i), MetricChange("removed", old[i].label, old[i], None)))
    entries.sort(key=lambda e: e[0])
    return tuple(change for _, change in entries)


# --- comparisons a report states itself -----------------------------------------------------------

_STATED_MARK = re.compile(
    r"同比|比上年|较上年|比去年|较去年|比前一年|与上年相比|year[- ]on[- ]year|"
    r"over (?:the previous|last) year|from (?:the previous|last) year", re.I)
_STATED_DOWN = re.compile(
    r"下降|减少|降低|下跌|回落|压减|缩减|削减|低|少|减|降|fell|declin|decreas|dropped|down|lower|less",
    re.I)


# National-accounts aggregates grow "at comparable prices": their stated growth is real, while the
# two levels are nominal, so the two can never agree and are not compared.
_REAL_GROWTH = re.compile(r"生产总值|增加值|实际|GDP|gross domestic|value added|real", re.I)


def _half_ulp(value: Decimal) -> Decimal:
    """Half a unit of the last non-zero digit: how far a rounded figure may be off."""
    if value == 0:
        return Decimal("0.5")
    exponent = value.normalize().as_tuple().exponent
    return Decimal(5) * Decimal(10) ** (int(exponent) - 1)


def stated_check(
    change: MetricChange, metrics: Sequence[Metric], *, at: int | None = None
) -> StatedCheck | None:
    """Check a paired metric against the comparison its new year states right after it.

    ``metrics`` are the new report's metrics in reading order, ``at`` the index of ``change.new``
    among them where the caller knows it. Only a stated change that follows the metric's number on
    the same line, names last year (同比, 比上年, 比去年, year on year) and carries the metric's own
    label as its subject counts; values that are ranges or approximate are not checked. Returns None
    when there is nothing to check.
    """
    old, new = change.old, change.new
    if old is None or new is None or old.approx or new.approx:
        return None
    if at is None:
        at = next((k for k, m in enumerate(metrics) if m is new), None)
    if at is None or at + 1 >= len(metrics):
        return None
    stated = metrics[at + 1]
    subject = _QUALIFIER.sub("", new.label)
    if (stated.quantity.line != new.quantity.line or stated.approx or not subject
            or not _STATED_MARK.search(stated.quantity.quote)
            or not stated.label.startswith(subject) or stated.label == new.label):
        return None
    try:
        a, b = Decimal(old.quantity.value), Decimal(new.quantity.value)
        said = Decimal(stated.quantity.value)
    except ArithmeticError:
        return None
    quote = stated.quantity.quote
    clause = quote[: quote.find(stated.quantity.text)] or quote
    if _STATED_DOWN.search(clause.rsplit("比", 1)[-1]):
        said = -said
    err_a, err_b, err_said = _half_ulp(a), _half_ulp(b), _half_ulp(said)
    unit, level_unit = stated.quantity.unit, new.quantity.unit
    if unit in ("%", "‰") and level_unit not in ("%", "‰"):
        if a == 0 or _REAL_GROWTH.search(new.label + stated.label):
            return None
        scale = Decimal(100 if unit == "%" else 1000)
        computed = (b - a) / abs(a) * scale
        tolerance = scale * (err_b / abs(a) + abs(b) * err_a / (a * a)) + err_said
        computed = computed.quantize(Decimal("0.01"))
    elif unit in ("个百分点", "percentage point") and level_unit == "%" or \
            unit_class(unit) == unit_class(level_unit) and unit:
        computed = b - a
        tolerance = err_a + err_b + err_said
    else:
        return None
    return StatedCheck(stated, format_decimal(computed), abs(computed - said) <= tolerance)


def metric_delta(old: Metric, new: Metric) -> tuple[str | None, str | None]:
    """``(delta, delta_percent)`` from ``old`` to ``new`` as a MetricChange carries them (for a
    pair made outside ``pair_metrics``: a user's correction)."""
    return _delta(old, new)
