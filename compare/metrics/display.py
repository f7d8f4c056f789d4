"""Quantities and their changes written the way readers write them.

Public API: group_digits, sign_of, cn_big, delta_text, percent_text.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from compare.textkit.numbers import format_decimal

__all__ = ["cn_big", "delta_text", "group_digits", "percent_text", "sign_of"]


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


def delta_text(delta: str | None, unit: str) -> str:
    """A change as readers write it: "+7.3万亿元", "−90,000 人", "−0.3 pp" for percentages."""
    if delta is None:
        return ""
    big = cn_big(delta, unit)
    text = (delta[0] if delta[0] == "-" else "") + big if big else group_digits(delta)
    if sign_of(delta) > 0 and not text.startswith("+"):
        text = "+" + text
    text = text.replace("-", "\u2212", 1) if text.startswith("-") else text
    if unit == "%":
        return f"{text} pp"
    return f"{text}{'' if big else ' '}{unit}".strip()


def percent_text(value: str | None) -> str:
    """A relative change with its sign: "+8.83%", "−0.66%"."""
    if value is None:
        return ""
    text = value if value.startswith(("-", "+")) or sign_of(value) <= 0 else "+" + value
    return text.replace("-", "\u2212", 1) + "%"
