"""Numerals: the one reader of Chinese numerals (with or without Arabic digits), Roman numerals and
English number words.

Public API: parse_numeral, numeral_int, roman_int, word_int, years_text, CN_DIGIT_VALUES,
SMALL_UNITS, BIG_UNITS, NUMERAL_CHARS, INNER_APPROX, SIGNS, EXACT.

``parse_numeral`` reads what a report writes as one number: ``十二``, ``一百零五``, ``两千五百万``,
``二〇一九`` (digit by digit), ``3千``, ``2万5千``, ``1.2万亿``, ``5万4千6百``, ``一万万``,
``三点五``, ``十点五``, 大写 numerals (``壹佰伍拾``, ``贰仟零伍拾``), traditional characters
(``億``, ``萬``, ``兩``, ``點``), ``兆`` (10^12) and ``万万`` (10^8), a leading ``负`` and
approximate counts (``二十几万``, ``十余万``, ``620多万``, ``一百零几万``: the approximation words
add nothing to the value and set ``approx``). Values are exact ``Decimal``\\ s whatever their
length (``EXACT``: no rounding at 28 digits). A string
that is not one number (``十二五``, a plan's name; ``一二三`` inside a unit chain) raises
``ValueError``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Context, Decimal

__all__ = [
    "BIG_UNITS",
    "CN_DIGIT_VALUES",
    "EXACT",
    "INNER_APPROX",
    "NUMERAL_CHARS",
    "SIGNS",
    "SMALL_UNITS",
    "numeral_int",
    "parse_numeral",
    "roman_int",
    "word_int",
    "years_text",
]

# Arithmetic on values: the default context rounds at 28 significant digits, and a report may write
# a 30-digit figure (a budget table in 元 with 万亿 applied): every sum and product is exact here.
EXACT = Context(prec=200, Emax=10**6, Emin=-(10**6))

CN_DIGIT_VALUES: dict[str, int] = {
    **{c: i for i, c in enumerate("零一二三四五六七八九")},
    "〇": 0, "两": 2, "兩": 2, "幺": 1,
    **{c: i + 1 for i, c in enumerate("壹贰叁肆伍陆柒捌玖")},
    "貳": 2, "參": 3, "叄": 3, "陸": 6,
}  # fmt: skip
SMALL_UNITS: dict[str, Decimal] = {
    "十": Decimal(10), "拾": Decimal(10), "百": Decimal(100), "佰": Decimal(100),
    "千": Decimal(1000), "仟": Decimal(1000),
}  # fmt: skip
# 兆 is 10^12 as Chinese reports use it (万亿); 万亿 is read as 万 then 亿, which gives the
# same, and 万万 is 亿.
BIG_UNITS: dict[str, Decimal] = {
    "万": Decimal(10) ** 4, "萬": Decimal(10) ** 4,
    "亿": Decimal(10) ** 8, "億": Decimal(10) ** 8,
    "兆": Decimal(10) ** 12,
}  # fmt: skip
# Inside a number these say "and some more" (十余万, 620多万, 二十几万, 一百零几万): approximate,
# the value written is kept (几 adds nothing).
INNER_APPROX = "多余几"
# Words for "minus" before a number (负3.9%) and the minus signs a table may use (−22.2%, －5).
SIGNS = "负負"
_POINTS = "点點"
NUMERAL_CHARS = (
    "".join(CN_DIGIT_VALUES) + "".join(SMALL_UNITS) + "".join(BIG_UNITS) + _POINTS
)

_TOKEN = re.compile(
    r"\d+(?:\.\d+)?|[" + re.escape(NUMERAL_CHARS + INNER_APPROX) + "]"
)


def parse_numeral(text: str) -> tuple[Decimal, bool, bool]:
    """``(value, approx, multiplied)`` of one written number (see the module docstring).

    ``multiplied`` says a unit character (十, 万, 亿…) took part; ``approx`` that 多/余/几 did.
    Commas between Arabic thousands are ignored; a leading 负 makes the value negative. Every
    step is exact (``EXACT``), whatever the number of digits.
    """
    sign = 1
    body = text.replace(",", "")
    if body[:1] in SIGNS:
        sign, body = -1, body[1:]
    tokens = _TOKEN.findall(body)
    if not tokens or "".join(tokens) != body:
        raise ValueError(text)
    if tokens[0] in INNER_APPROX:
        raise ValueError(text)  # 几十万: no digit to read
    approx = any(t in INNER_APPROX for t in tokens)
    if all(t in CN_DIGIT_VALUES for t in tokens) and len(tokens) > 1:
        # 二〇一九, 一九九四: read digit by digit.
        digits = Decimal("".join(str(CN_DIGIT_VALUES[t]) for t in tokens))
        return _signed(sign, digits), approx, False
    add, mul = EXACT.add, EXACT.multiply
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
        elif tok in _POINTS:
            frac = []
            while k < len(tokens) and tokens[k] in CN_DIGIT_VALUES:
                frac.append(str(CN_DIGIT_VALUES[tokens[k]]))
                k += 1
            if (current is None and not section) or not frac:
                raise ValueError(text)
            whole = add(section, current or Decimal(0))
            current = add(whole, Decimal("0." + "".join(frac)))
            section = Decimal(0)
        elif tok in SMALL_UNITS:
            digit = current if current is not None else Decimal(1)
            section = add(section, mul(digit, SMALL_UNITS[tok]))
            current = None
            multiplied = True
        elif tok in BIG_UNITS:
            big = BIG_UNITS[tok]
            pending = add(section, current or Decimal(0))
            if last_big is None or big > last_big:
                total = mul(add(total, pending), big)
            elif not pending:
                total = mul(total, big)  # 万万 = 亿
            else:
                total = add(total, mul(pending, big))
            last_big = big
            section = Decimal(0)
            current = None
            multiplied = True
        # 多/余 add nothing to the value
    total = add(total, add(section, current or Decimal(0)))
    return _signed(sign, total), approx, multiplied


def _signed(sign: int, value: Decimal) -> Decimal:
    """``value`` negated when ``sign`` is -1, exactly (unary minus would round at 28 digits)."""
    return value.copy_negate() if sign < 0 else value


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


def years_text(years: Sequence[int], *, sep: str = ", ") -> str:
    """Years written the short way, runs of three or more joined: 1994, 1995, 2014–2016."""
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return sep.join(f"{r[0]}–{r[-1]}" if len(r) > 2 else sep.join(map(str, r)) for r in runs)
