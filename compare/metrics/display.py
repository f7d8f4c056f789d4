"""Quantities and their changes written the way the report writes them.

Public API: group_digits, sign_of, cn_big, delta_text, percent_text, shown_text, identity_note,
identity_parts.

``shown_text(metric)`` is the number as the report says it, hedge included (近90人, 6.5%左右,
about $2.35 billion): wherever a value is shown, an approximation stays visible.
``delta_text(delta, unit, like=…)`` writes a change in the magnitude the report itself uses
(1351万人 → 1361万人: +10万人; 82.7万亿元 → 90万亿元: +7.3万亿元; $2.35 billion: +$0.5 billion;
percentages in points: +2.3 pp). ``identity_note(metric)`` is what to show beside a label when
the figure is not a plain one-year figure (5 years · 年均, 年末, starting value), from the facts
``identity_parts(metric)`` gives for a page in another language.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from compare.models import Metric
from compare.textkit.english import EN_MULT
from compare.textkit.numbers import APPROX_AFTER, EN_APPROX_AFTER, format_decimal
from compare.textkit.numerals import BIG_UNITS, EXACT

__all__ = ["cn_big", "delta_text", "group_digits", "identity_note", "identity_parts",
           "percent_text", "shown_text", "sign_of"]

# The magnitude words a report writes, largest first, with their value: the number grammar's own
# tables (万亿 is read there as 万 then 亿; a single-letter "m"/"b" is never matched on its own).
_CN_MAGNITUDES = (("万亿", Decimal(10) ** 12),
                  *sorted(BIG_UNITS.items(), key=lambda kv: -kv[1]))
_EN_MAGNITUDES = tuple(sorted(((w, v) for w, v in EN_MULT.items() if len(w) > 1),
                              key=lambda kv: -kv[1]))
_CURRENCY_SIGN = re.compile(r"^\s*(US\$|S\$|HK\$|\$|RMB ?|€|£|¥)")


def group_digits(number: str) -> str:
    """'-90000.5' -> '-90,000.5'; anything that is not a plain decimal comes back as it was."""
    try:
        Decimal(number)
    except InvalidOperation:
        return number
    sign = number[0] if number[:1] in "+-" else ""
    whole, dot, frac = number.lstrip("+-").partition(".")
    if len(whole) > 4 and whole.isdigit():
        whole = f"{int(whole):,}"
    return f"{sign}{whole}{dot}{frac}"


def sign_of(number: str | None) -> int:
    """-1, 0 or 1 for a decimal string; 0 for anything else."""
    if not number:
        return 0
    try:
        value = Decimal(number)
    except InvalidOperation:
        return 0
    return (value > 0) - (value < 0)


def cn_big(number: str, unit: str) -> str | None:
    """A Chinese-unit figure of 亿 or more as reports write it: '7300000000000' -> '7.3万亿'."""
    if not unit or unit.isascii():
        return None
    try:
        value = abs(Decimal(number))
    except InvalidOperation:
        return None
    for step, name in ((Decimal(10) ** 12, "万亿"), (Decimal(10) ** 8, "亿")):
        if value >= step:
            return format_decimal((value / step).quantize(Decimal("0.01"))) + name
    return None


def _magnitude(like: str) -> tuple[str, Decimal, bool] | None:
    """The magnitude word a quantity as written uses (万, 亿, billion…), its value, and whether it
    is English (written after a space)."""
    for word, value in _CN_MAGNITUDES:
        if word in like:
            return word, value, False
    low = like.lower()
    for word, value in _EN_MAGNITUDES:
        if re.search(rf"\b{word}\b", low):
            return word, value, True
    return None


def delta_text(delta: str | None, unit: str, like: str = "", *, points: str = " pp") -> str:
    """A change as the report writes its figures: "+10万人", "+7.3万亿元", "+$0.5 billion",
    "−0.3 pp" for percentages (``points``: how the page writes percentage points, "个百分点" on a
    Chinese one); ``like`` is a figure as written (the new one) whose magnitude word the change
    takes. Without one, figures of 亿 and more use 亿/万亿 and the rest digits."""
    if delta is None:
        return ""
    try:
        value = Decimal(delta)
    except InvalidOperation:
        return delta
    sign = "+" if value > 0 else "\u2212" if value < 0 else ""
    size = value.copy_abs()  # abs() would round at the context's 28 digits
    if unit in ("%", "‰"):
        return f"{sign}{format_decimal(size)}{points}" if unit == "%" else \
            f"{sign}{format_decimal(size)}‰"
    found = _magnitude(like) if like else None
    currency = _CURRENCY_SIGN.match(like) if like else None
    if found:
        word, step, english = found
        amount = format_decimal(EXACT.divide(size, step))
        if english:
            prefix = currency.group(1) if currency else ""
            text = f"{prefix}{amount} {word}"
            return f"{sign}{text}" + ("" if currency or not unit else f" {unit}")
        return f"{sign}{amount}{word}{unit}"
    if currency:
        return f"{sign}{currency.group(1)}{group_digits(format_decimal(size))}"
    big = cn_big(format_decimal(size), unit)
    if big:
        return f"{sign}{big}{unit}"
    return f"{sign}{group_digits(format_decimal(size))} {unit}".strip()


def percent_text(value: str | None) -> str:
    """A relative change with its sign: "+8.83%", "−0.66%"."""
    if value is None:
        return ""
    text = value if value.startswith(("-", "+")) or sign_of(value) <= 0 else "+" + value
    return text.replace("-", "\u2212", 1) + "%"


def shown_text(metric: Metric) -> str:
    """The figure as the report says it, hedge included: 近90人, 6.5%左右, about $2.35 billion."""
    q = metric.quantity
    word = metric.approx_word
    if not word or word in q.text:
        return q.text if word or not metric.approx else "≈" + q.text
    if word in APPROX_AFTER or word.lower() in EN_APPROX_AFTER:
        return f"{q.text}{'' if word in APPROX_AFTER else ' '}{word}"
    if word.isascii():
        return f"{word} {q.text}"
    return f"{word}{q.text}"


def identity_parts(metric: Metric) -> tuple[tuple[str, str], ...]:
    """What sets a figure apart from a plain one-year figure, as facts for a page to word in its
    language: ``("period", "5 years")``, ``("qualifier", "年均")`` (the report's own words),
    ``("start", "")`` for the starting value of a from-to statement; () for a plain one."""
    parts = [("period", metric.period)] if metric.period != "year" else []
    parts.extend(("qualifier", q) for q in metric.qualifiers)
    if metric.start:
        parts.append(("start", ""))
    return tuple(parts)


def identity_note(metric: Metric) -> str:
    """What sets a figure apart from a plain one-year figure, for beside its label: "5 years ·
    年均", "年末", "starting value"; "" for a plain one."""
    return " · ".join("starting value" if kind == "start" else value
                      for kind, value in identity_parts(metric))
