"""Numerals: the one reader of Chinese numerals (with or without Arabic digits), Roman numerals and
English number words.

Public API: parse_numeral, numeral_int, roman_int, word_int, exact_context, CN_DIGIT_VALUES,
SMALL_UNITS, BIG_UNITS, NUMERAL_CHARS, INNER_APPROX.

``parse_numeral`` reads what a report writes as one number: ``十二``, ``一百零五``, ``两千五百万``,
``二〇一九`` (digit by digit), ``3千``, ``2万5千``, ``1.2万亿``, ``5万4千6百``, ``一万万``,
``三点五``, 大写 numerals (``壹佰伍拾``), traditional characters (``億``, ``萬``, ``兩``) and
approximate counts (``二十几万``, ``十余万``, ``620多万``: the approximation words add nothing to
the value and set ``approx``). Values are exact ``Decimal``\\ s whatever their length (the
arithmetic runs in ``exact_context``, not the default 28 significant digits). A string
that is not one number (``十二五``, a plan's name; ``一二三`` inside a unit chain) raises
``ValueError``.
"""

from __future__ import annotations

import re
from decimal import Context, Decimal, getcontext, localcontext

__all__ = [
    "BIG_UNITS",
    "CN_DIGIT_VALUES",
    "INNER_APPROX",
    "NUMERAL_CHARS",
    "SMALL_UNITS",
    "exact_context",
    "numeral_int",
    "parse_numeral",
    "roman_int",
    "word_int",
]

CN_DIGIT_VALUES: dict[str, int] = {
    **{c: i for i, c in enumerate("零一二三四五六七八九")},
    "〇": 0, "两": 2, "兩": 2,
    **{c: i + 1 for i, c in enumerate("壹贰叁肆伍陆柒捌玖")},
    "貳": 2, "參": 3, "陸": 6, "贰": 2,
}  # fmt: skip
SMALL_UNITS: dict[str, Decimal] = {
    "十": Decimal(10), "拾": Decimal(10), "百": Decimal(100), "佰": Decimal(100),
    "千": Decimal(1000), "仟": Decimal(1000),
}  # fmt: skip
# 兆 is 10^12 as Chinese reports use it (万亿); 万亿 is read as 万 then 亿, which gives the same.
BIG_UNITS: dict[str, Decimal] = {
    "万": Decimal(10) ** 4, "萬": Decimal(10) ** 4,
    "亿": Decimal(10) ** 8, "億": Decimal(10) ** 8,
    "兆": Decimal(10) ** 12,
}  # fmt: skip
# Inside a number these say "and some more" (十余万, 620多万, 二十几万): approximate, value kept.
INNER_APPROX = "多余几"
NUMERAL_CHARS = "".join(CN_DIGIT_VALUES) + "".join(SMALL_UNITS) + "".join(BIG_UNITS) + "点"

_TOKEN = re.compile(
    r"\d+(?:\.\d+)?|[" + re.escape(NUMERAL_CHARS + INNER_APPROX) + "]"
)


# Significant digits beyond the text's own length that a value read from it may need: the
# multipliers (万亿亿… , million) add zeros, 10^8 per 亿; 64 covers eight of them in a row.
_EXTRA_DIGITS = 64


def exact_context(text: str) -> Context:
    """A decimal context in which reading a number from ``text`` is exact: every digit of
    ``text`` and its multipliers fits (Python's default keeps 28 significant digits and rounds
    the rest). Bounded by the text's length, so a division (a fraction) still ends."""
    context = getcontext().copy()
    context.prec = max(context.prec, len(text) + _EXTRA_DIGITS)
    return context


def parse_numeral(text: str) -> tuple[Decimal, bool, bool]:
    """``(value, approx, multiplied)`` of one written number (see the module docstring).

    ``multiplied`` says a unit character (十, 万, 亿…) took part; ``approx`` that 多/余/几 did.
    Commas between Arabic thousands are ignored; a leading 负 makes the value negative.
    """
    with localcontext(exact_context(text)):
        return _parse_numeral(text)


def _parse_numeral(text: str) -> tuple[Decimal, bool, bool]:
    sign = 1
    body = text.replace(",", "")
    if body.startswith("负"):
        sign, body = -1, body[1:]
    tokens = _TOKEN.findall(body)
    if not tokens or "".join(tokens) != body:
        raise ValueError(text)
    approx = any(t in INNER_APPROX for t in tokens)
    if all(t in CN_DIGIT_VALUES for t in tokens) and len(tokens) > 1:
        # 二〇一九, 一九九四: read digit by digit.
        return sign * Decimal("".join(str(CN_DIGIT_VALUES[t]) for t in tokens)), approx, False
    total = Decimal(0)  # complete groups of 万/亿
    section = Decimal(0)  # the group below the last big unit
    current: Decimal | None = None  # a digit waiting for its unit
    last_big: Decimal | None = None
    multiplied = False
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        k += 1
        if tok[0].isdigit() or tok in CN_DIGIT_VALUES or tok == "几":
            if current is not None and current != 0:
                raise ValueError(text)  # two digits without a unit between: not one number
            current = Decimal(tok) if tok[0].isdigit() else Decimal(CN_DIGIT_VALUES.get(tok, 0))
        elif tok == "点":
            frac = []
            while k < len(tokens) and tokens[k] in CN_DIGIT_VALUES:
                frac.append(str(CN_DIGIT_VALUES[tokens[k]]))
                k += 1
            if current is None or not frac:
                raise ValueError(text)
            current = Decimal(f"{int(current)}.{''.join(frac)}")
        elif tok in SMALL_UNITS:
            section += (current if current is not None else Decimal(1)) * SMALL_UNITS[tok]
            current = None
            multiplied = True
        elif tok in BIG_UNITS:
            big = BIG_UNITS[tok]
            pending = section + (current or Decimal(0))
            if last_big is None or big > last_big:
                total = (total + pending) * big
            elif not pending:
                total *= big  # 万万 = 亿
            else:
                total += pending * big
            last_big = big
            section = Decimal(0)
            current = None
            multiplied = True
        # 多/余 add nothing to the value
    total += section + (current or Decimal(0))
    return sign * total, approx, multiplied


def numeral_int(text: str) -> int | None:
    """The whole number ``text`` writes (十二, 一百零五, ４, 12), or None if it is not one."""
    digits = text.translate(_WIDE_DIGITS)
    if digits.isdigit():
        return int(digits)
    try:
        value, approx, _ = parse_numeral(digits)
    except ValueError:
        return None
    if approx or value != value.to_integral_value() or value < 0:
        return None
    return int(value)


_WIDE_DIGITS = {code: code - 0xFEE0 for code in range(ord("０"), ord("９") + 1)}

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_WORD_NUMBERS = {
    w: i + 1
    for i, w in enumerate(
        re.findall(
            r"\w+",
            "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen seventeen eighteen nineteen twenty",
        )
    )
}


def roman_int(text: str) -> int | None:
    """Value of an upper-case Roman numeral (IV -> 4), or None."""
    if not text or any(c not in _ROMAN for c in text):
        return None
    values = [_ROMAN[c] for c in text]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def word_int(text: str) -> int | None:
    """Value of an English number word up to twenty (Three -> 3), or None."""
    return _WORD_NUMBERS.get(text.lower())
