"""Comparisons a report states itself (同比增长8.2%), checked against the computed change.

Public API: stated_check.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from compare.models import Metric, MetricChange, StatedCheck
from compare.textkit.numbers import format_decimal, unit_class

__all__ = ["stated_check"]

_QUALIFIER = re.compile(r"（[^（）]*）$")

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
