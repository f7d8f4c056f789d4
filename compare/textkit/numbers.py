"""Numbers and units as reports write them: the one number/unit grammar.

Public API: Number, scan_numbers, number_gaps, approx_end, parse_arabic, cn_value, format_decimal,
unit_class, APPROX_BEFORE, APPROX_AFTER, EN_APPROX_BEFORE, EN_APPROX_AFTER, CN_UNITS, CLASSIFIERS,
TOKEN_UNITS.

``scan_numbers(text)`` finds every number in a line that carries a unit or classifier (件, 万元,
%, 个百分点, 三成, 百分之二十二, per cent, S$…, a counted noun of ``textkit.english``) and returns
it with its exact value (``decimal.Decimal``, multipliers applied, signed: 负3.9%, −22.2%, -10643),
its unit after multipliers are removed, and the approximation word written around it (左右, 近,
about…). It knows nothing about labels: the caller works on the text around each ``Number``.
Chinese numerals (三千, 十二, 壹佰伍拾, 二十几万) are read by ``textkit.numerals`` one cut-out
span at a time, never a whole sentence, so running text such as 一带一路 or 万众创新 is never
read as a number. English quantities follow ``textkit.english``: years, dates, FY labels,
ordinals and clause numbers are never quantities. The word diff keeps a number and its unit as
one token with ``TOKEN_UNITS``. The text must be folded with ``fold_char`` per character (same
length as the source), so that the offsets of a ``Number`` also index the original line;
``number_gaps`` names the spaces inside a number (``8 ．8 ％``) that the caller drops before
scanning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from compare.textkit.english import (
    EN_APPROX_AFTER,
    EN_APPROX_BEFORE,
    NUMBER_WORD,
    currency_before,
    english_unit,
    not_a_quantity,
    word_number_at,
)
from compare.textkit.lazyre import lazy_compile
from compare.textkit.numerals import BIG_UNITS, EXACT, NUMERAL_CHARS, SIGNS, parse_numeral
from compare.textkit.quotes import in_quotes

__all__ = [
    "APPROX_AFTER",
    "APPROX_BEFORE",
    "CLASSIFIERS",
    "CN_UNITS",
    "EN_APPROX_AFTER",
    "EN_APPROX_BEFORE",
    "Number",
    "TOKEN_UNITS",
    "approx_end",
    "cn_value",
    "format_decimal",
    "number_gaps",
    "parse_arabic",
    "scan_numbers",
    "unit_class",
]

CN_DIGITS = "零〇一二两兩三四五六七八九壹贰貳叁參叄肆伍陆陸柒捌玖"
CN_NUMERAL = NUMERAL_CHARS
INNER_APPROX = "多余几"
_BIG = "".join(BIG_UNITS)
_TEN = "十拾"

# Longest first, so 个百分点 wins over 个 and 平方公里 over 公里.
_CN_UNITS = [
    "个百分点", "百分点", "人次", "万人次", "平方公里", "平方米", "立方米", "千瓦时", "千瓦",
    "公里", "千米", "公顷", "公斤", "吨", "亩", "斤", "美元", "欧元", "港元", "日元", "元",
    "部门", "个", "件", "宗", "项", "名", "人", "户", "家", "所", "套", "辆", "台", "座", "条",
    "种", "部", "次", "批", "份", "场", "起", "处", "张", "篇", "位", "岁", "倍", "番", "天",
    "小时", "分钟", "%", "‰", "米", "层",
]
CN_UNITS = tuple(sorted(set(_CN_UNITS) - {"万人次"}, key=len, reverse=True))
UNIT_NORMAL = {"百分点": "个百分点", "‰": "‰"}
# Classifiers and measure words that stay with a number in running text (2019年, 3个月, 5万吨) even
# where the number is not a metric: the word diff keeps such a number and its word as one token,
# so 2019年经济 gives 2019年 + 经济, not 2019年经.
CLASSIFIERS = (
    "个百分点", "百分点", "万人次", "人次", "户次", "件次", "平方公里", "平方千米",
    "平方米", "立方米", "公里", "千米", "公顷", "千瓦时", "千瓦", "兆瓦", "周年", "世纪",
    "年度", "季度", "个月", "小时", "分钟", "美元", "欧元", "港元", "日元", "英镑", "标准煤",
) + tuple(
    "件人元个名项次家所户座条篇份场批起年月日天岁倍吨亩台辆架艘套种类部本册期届轮页张株头只"
    "匹米克斤级位号层栋间处例宗支队对双卷集章节款折成角分秒时点度村镇县区省市国里"
)
# Longest first, so 个百分点 wins over 个.
TOKEN_UNITS = tuple(
    sorted((set(CN_UNITS) | set(CLASSIFIERS)) - {"%", "‰"}, key=lambda u: (-len(u), u))
)

# Nouns that take a number with no classifier in between (14亿人口): the classifier they imply.
IMPLIED_UNITS = {"人口": "人", "学生": "人", "在校生": "人", "劳动力": "人", "家庭": "户",
                 "市场主体": "户", "企业": "户", "农户": "户"}

# A Chinese-numeral count directly followed by one of these is a fixed name (三项制度, 八项规定).
CN_NAME_NOUNS = ("制度", "规定", "补贴", "原则", "纪律", "意识", "自信", "代表", "全面", "基本",
                 "攻坚", "统一", "产业", "维护", "确立", "不")
# Classifiers that, after a single Chinese digit, mostly make slogans rather than counts.
CN_SLOGAN_UNITS = ("个", "条", "部", "种", "位", "处", "张")
# Classifiers that, after a Chinese numeral, name a phase or a rank rather than a count.
CN_SKIP_UNITS = ("期", "番")

APPROX_BEFORE = ("将近", "接近", "超过", "突破", "大约", "至少", "不少于", "不低于", "逾", "近",
                 "约", "超")
APPROX_AFTER = ("左右", "以上", "以内", "上下", "多", "余")
# Words after 成 that make it part of a word (成员, 成本, 一成不变) rather than "tenths".
_CHENG_WORDS = "员本果就绩熟交功型立长都品套批片年群为了效不像"

# Units measured in the same dimension, so a year's 名 may meet the next year's 人.
UNIT_CLASSES = {"名": "人", "位": "人", "人": "人"}
_MINUS = "-−"
# Before a minus sign that makes a number negative: a line start, a space, an opening mark or a
# word; never a digit, %, or a unit (6%-6.5% is a range).
_SIGN_AFTER = set(" \t(（:：，,、；;=|[") | set("为是达至到长降")


@dataclass(frozen=True)
class Number:
    """A number found in a line, with its unit, at offsets ``start:end`` of that line."""

    value: Decimal
    high: Decimal | None  # upper bound of a range, else None
    unit: str
    start: int  # first char of the number or its sign/currency (hedge words not included)
    end: int  # one past the unit (or the number, when the unit is implied)
    approx: bool
    multiplied: bool  # a 万/亿/million multiplier was applied
    approx_word: str = ""  # the hedge as written (左右, 近, 多, about); "" when exact


def format_decimal(value: Decimal) -> str:
    """A Decimal as a plain decimal string: no exponent, no trailing zeros, no '-0'."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def unit_class(unit: str) -> str:
    """The unit a quantity is compared in: 名 and 人 are one class, everything else itself."""
    return UNIT_CLASSES.get(unit, unit)


def parse_arabic(run: str) -> tuple[Decimal, bool, bool]:
    """Value of an Arabic-digit run with Chinese multipliers: '2万5千' -> 25000.

    Returns (value, approx, multiplied). 多/余 inside the run mark an approximation and leave the
    base number unchanged ('620多万' -> 6200000). Raises ValueError on a malformed run.
    """
    if any(ch in CN_DIGITS for ch in run):
        raise ValueError(run)
    return parse_numeral(run)


def cn_value(span: str) -> Decimal:
    """Value of a cut-out Chinese numeral span ('三千' -> 3000).

    Raises ValueError when the span is not one number (十二五).
    """
    return parse_numeral(span)[0]


_GAP_SPACES = (" ", "\u3000")
# The space first, then around it (a leading look-behind was tried at every character).
_SPACE = f"[{''.join(_GAP_SPACES)}]"
_GAP = lazy_compile(rf"{_SPACE}(?:(?<=\d{_SPACE})(?=[.．%％])|(?<=\d[.．]{_SPACE})(?=\d))")


def number_gaps(text: str) -> list[int]:
    """Offsets of spaces inside a written number (``8 ．8 ％``, ``3 .5%``): the caller drops them
    before scanning and maps offsets back."""
    if not any(space in text for space in _GAP_SPACES):  # ``in`` is faster still
        return []
    return [m.start() for m in _GAP.finditer(text)]


# CN_UNITS by their first character (longest first within each), so a lookup tries a few.
_UNITS_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _unit in CN_UNITS:
    _UNITS_BY_FIRST[_unit[0]] = (*_UNITS_BY_FIRST.get(_unit[0], ()), _unit)


def _match_cn_unit(text: str, pos: int) -> tuple[str, int] | None:
    for unit in _UNITS_BY_FIRST.get(text[pos : pos + 1], ()):
        if text.startswith(unit, pos):
            return UNIT_NORMAL.get(unit, unit), pos + len(unit)
    return None


def _match_implied(text: str, pos: int) -> str | None:
    for noun, unit in IMPLIED_UNITS.items():
        if text.startswith(noun, pos):
            return unit
    return None


_ARABIC_RUN = lazy_compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])|\d+(?:\.\d+)?")
# Digits up to 分之 (or to the end of the line): where a fraction such as 3分之1 may start.
_DIGITS_TO_FRACTION = lazy_compile(r"\d+(?:分之|\Z)")
_ARABIC_TAIL = lazy_compile(
    rf"(?:[{INNER_APPROX}]?(?:万亿|[十百千{_BIG}])+[{INNER_APPROX}]?(?:\d+(?:\.\d+)?)?)*"
    rf"[{INNER_APPROX}]?"
)
_CN_RUN = lazy_compile(rf"[{CN_NUMERAL}{INNER_APPROX}]+")
_RANGE_SEP = ("-", "–", "—", "~", "至", "到", " to ", " - ", " – ")
_FROM_BEFORE = lazy_compile(r"(?:从|由|\bfrom )\s*(?:[\w.,$]+\s*)?$", re.I)
_YEARISH = lazy_compile(r"(?:1[89]|20|21)\d\d")
_CURRENCY_SIGN = lazy_compile(r"(?:US\$|S\$|HK\$|\$|RMB ?)?")
_DECLARED = lazy_compile(r"(?:(?P<年>年限|期限|寿命|工期)|(?P<度>烈度|温度))(?:为|是|约)?$")


def _approx_word(text: str, start: int, end: int) -> str:
    """The hedge written just before ``start`` or just after ``end``, as written; "" if none."""
    before = text[max(0, start - 16) : start].rstrip()
    for w in APPROX_BEFORE:
        if before.endswith(w):
            return w
    low = before.lower()
    for w in EN_APPROX_BEFORE:
        if low.endswith(w) and (len(low) == len(w) or not low[-len(w) - 1].isalpha()):
            return before[-len(w) :]
    after = text[end : end + 10]
    for w in APPROX_AFTER:
        if after.startswith(w):
            return w
    stripped = after.lstrip()
    for w in EN_APPROX_AFTER:
        if stripped.lower().startswith(w) and not stripped[len(w) : len(w) + 1].isalpha():
            return stripped[: len(w)]
    return ""


_APPROX_AFTER_CHARS = max(map(len, EN_APPROX_AFTER))


def approx_end(text: str, end: int) -> int:
    """Offset past an approximation word written after the unit (左右, 以上, or more)."""
    for word in ("左右", "以上", "以内", "上下"):
        if text.startswith(word, end):
            return end + len(word)
    # Only the few characters a word could take are lowered (lowering the whole text for every
    # number made a long line quadratic).
    ahead = text[end : end + 1 + _APPROX_AFTER_CHARS].lower()
    for word in EN_APPROX_AFTER:
        if ahead.startswith(" " + word):
            return end + 1 + len(word)
    return end


def _skip_context(text: str, start: int, end: int) -> bool:
    """True for numbers that belong to a name, an ordinal or a code rather than a count."""
    prev = text[start - 1] if start else ""
    nxt = text[end] if end < len(text) else ""
    if prev and (prev.isascii() and prev.isalpha() or prev in ".+/#" or prev.isdigit()):
        return True
    if nxt == "+" or prev == "第" or (nxt.isascii() and nxt.isalpha() and nxt not in "mb"):
        return True
    return in_quotes(text, start)


def _unit_after(text: str, pos: int) -> tuple[str, int] | None:
    implied = _match_implied(text, pos)
    if implied:
        return implied, pos
    return _match_cn_unit(text, pos)


def _tenths(text: str, pos: int) -> int | None:
    """End of 成 (tenths: 三成 = 30%) at ``pos``, or None where 成 is part of a word."""
    if not text.startswith("成", pos):
        return None
    nxt = text[pos + 1 : pos + 2]
    if nxt and nxt in _CHENG_WORDS:
        return None
    return pos + 1


def _number(value: Decimal, unit: str, text: str, start: int, end: int, multiplied: bool,
            inner: str = "") -> Number:
    word = inner or _approx_word(text, start, end)
    return Number(value, None, unit, start, end, bool(word), multiplied, word)


def _arabic_at(text: str, start: int) -> Number | None:
    m = _ARABIC_RUN.match(text, start)
    if not m:
        return None
    tail = _ARABIC_TAIL.match(text, m.end())
    run_end = tail.end() if tail else m.end()
    if _skip_context(text, start, m.end()) or not_a_quantity(text, start, m.end()):
        return None
    found = currency_before(text, start)
    currency, head = found if found else (None, start)
    # Try the longest run first, then give back trailing multiplier characters: 4100千瓦 is
    # 4100 of 千瓦, not 4100千 of 瓦.
    for end in range(run_end, m.end() - 1, -1):
        run = text[start:end]
        if end > m.end() and text[end - 1] not in CN_NUMERAL + INNER_APPROX:
            continue
        try:
            value, inner_approx, multiplied = parse_arabic(run)
        except ValueError:
            continue
        inner = next((ch for ch in run if ch in INNER_APPROX), "")
        tenths = _tenths(text, end)
        if tenths is not None and not multiplied:
            return _number(EXACT.multiply(value, Decimal(10)), "%", text, start, tenths, False,
                           inner)
        hit = _unit_after(text, end)
        said = _DECLARED.search(text[max(0, start - 8) : start])  # 年限为50年: unit said before
        if not hit and said and len(run) < 4 and text.startswith(str(said.lastgroup), end):
            hit = str(said.lastgroup), end + 1
        if hit is not None:
            unit, unit_end = hit
            return _number(value, unit, text, start, unit_end, multiplied, inner)
        en = english_unit(text, end, currency, count_is_one=value == 1)
        if en is not None:
            mult, unit, unit_end = en
            plain = m.group() == run and "," not in run and "." not in run
            if plain and _YEARISH.fullmatch(run) and unit not in ("%", "times") and not currency:
                return None  # a year followed by a noun: in 2008 households…
            return _number(EXACT.multiply(value, mult), unit, text, head, unit_end,
                           multiplied or mult != 1, inner)
        if currency is not None:
            return None
    # No unit at all: a number with a 万/亿 multiplier still counts (农村贫困人口减少1386万); the
    # caller infers its unit from the label.
    try:
        value, inner_approx, multiplied = parse_arabic(text[start:run_end])
    except ValueError:
        return None
    if not multiplied or text[run_end - 1] not in _BIG + INNER_APPROX:
        return None
    inner = next((ch for ch in text[start:run_end] if ch in INNER_APPROX), "")
    return _number(value, "", text, start, run_end, True, inner)


def _cn_at(text: str, start: int) -> Number | None:
    m = _CN_RUN.match(text, start)
    if not m:
        return None
    run = m.group().rstrip(INNER_APPROX)
    if not run or run[0] not in CN_DIGITS + _TEN or run[0] in "零〇":
        return None
    end = start + len(run)
    core = run.replace("多", "").replace("余", "")
    if text[start - 1 : start] in ("初", "周", "星"):
        return None
    # ``_skip_context`` (quotation marks around) is asked last, of a numeral with its unit only.
    inner = next((ch for ch in run if ch in INNER_APPROX), "")
    after = end + (1 if text[end : end + 1] in ("多", "余") else 0)
    inner = inner or text[end:after]
    if text.startswith("分之", end) or text.startswith("半", end) and core == "一":
        return None  # fractions are read by scan_numbers itself
    tenths = _tenths(text, after)
    if tenths is not None and len(core) <= 3 and not any(c in core for c in "百千万亿"):
        try:
            value = cn_value(core)
        except ValueError:
            return None
        if core == "一" and text.startswith("不", tenths):
            return None  # 一成不变
        if _skip_context(text, start, end):
            return None
        return _number(EXACT.multiply(value, Decimal(10)), "%", text, start, tenths, False, inner)
    hit = _match_cn_unit(text, after)
    if hit is None:
        return None
    unit, unit_end = hit
    if unit in CN_SKIP_UNITS or unit in ("%", "‰", "个百分点"):
        return None
    if core == "一" and unit != "倍":
        return None  # 一个, 一批, 一次: an article or a vague quantity, not a count
    if len(core) == 1 and unit in CN_SLOGAN_UNITS:
        return None  # 两个维护, 四个全面, 三条红线: small counts of this kind are slogans
    if text.startswith("“", unit_end) or any(text.startswith(n, unit_end) for n in CN_NAME_NOUNS):
        return None
    try:
        value = cn_value(core)
    except ValueError:
        return None
    if _skip_context(text, start, end):
        return None
    multiplied = any(ch in _BIG for ch in core)
    return _number(value, unit, text, start, unit_end, multiplied, inner)


_ROUND = lazy_compile(r"上([百千万亿])")
_ROUND_VALUES = {"百": Decimal(100), "千": Decimal(1000), "万": Decimal(10) ** 4,
                 "亿": Decimal(10) ** 8}
_SLASH = lazy_compile(r"(\d{1,2})/(\d{1,2})(?=[\u4e00-\u9fff])")


def _round_at(text: str, start: int) -> Number | None:
    """上万人, 上亿人: a round count said as "up to the order of" (approximate)."""
    m = _ROUND.match(text, start)
    if not m:
        return None
    unit = _unit_after(text, m.end())
    if unit is None:
        return None
    return Number(_ROUND_VALUES[m.group(1)], None, unit[0], start, unit[1], True, True,
                  m.group(0))


def _slash_at(text: str, start: int) -> Number | None:
    """减少1/3行政审批事项: a fraction written with a slash inside Chinese text."""
    m = _SLASH.match(text, start)
    if not m or _skip_context(text, start, start) or int(m.group(2)) == 0:
        return None
    num, den = Decimal(m.group(1)), Decimal(m.group(2))
    if num >= den:
        return None
    value = EXACT.divide(num, den).quantize(Decimal("0.0001"))
    return _number(value, "", text, start, m.end(), False)


# What follows a run of Chinese numerals that ``_fraction_at`` or ``_cn_at`` can read (a unit, 成,
# 分之, 半); most numerals of running text (进一步, 统一) have none of these after them.
_CN_NEXT = frozenset(_UNITS_BY_FIRST) | {"成", "分", "半"}
_CN_OR_DIGITS = rf"[{CN_NUMERAL}{INNER_APPROX}]+|\d+(?:\.\d+)?"
_FRACTION = lazy_compile(rf"({_CN_OR_DIGITS})分之({_CN_OR_DIGITS})|一半")


def _fraction_at(text: str, start: int) -> Number | None:
    m = _FRACTION.match(text, start)
    if not m or in_quotes(text, start):
        return None
    if m.group() == "一半":
        return _number(Decimal("0.5"), "", text, start, m.end(), False)

    def read(part: str) -> Decimal:
        return Decimal(part) if part[0].isdigit() else cn_value(part)

    try:
        den, num = read(m.group(1)), read(m.group(2))
    except (ValueError, ArithmeticError):
        return None
    inner = next((ch for ch in m.group(2) if ch in INNER_APPROX), "")
    if den == 100:  # 百分之十, 百分之二十二点五: a percentage
        return _number(num, "%", text, start, m.end(), False, inner)
    if den == 1000:
        return _number(num, "‰", text, start, m.end(), False, inner)
    if den == 0:
        return None
    value = EXACT.divide(num, den).quantize(Decimal("0.0001"))
    return _number(value, "", text, start, m.end(), False, inner)


_PART_OF = lazy_compile(r" of (?:[A-Z][\w'’]*'s? |the |its |their |our )?([a-z]+) ")


def _english_word_at(text: str, start: int) -> Number | None:
    """A quantity written in words: three Singaporeans, a third of, six times the."""
    found = word_number_at(text, start)
    if found is None:
        return None
    value, end, fraction = found
    before = text[max(0, start - 12) : start].lower()
    if re.search(r"\b(?:the|these|those|both|its|their|our|his|her|bottom|top|first|next|last|"
                 r"lower|upper|middle)\s+$", before):
        return None  # the two universities, the bottom two-thirds: named before, not counted
    if fraction:
        if not (re.match(r"\s+of\b", text[end:]) or re.search(r"\b(?:by|to)\s+$", before)):
            return None
        return _number(value, "", text, start, end, False)
    en = english_unit(text, end, None, count_is_one=value == 1)
    if en is None and value > 1:
        # five of Japan's nine Nobel prizes: a part counted in the noun of the whole after it.
        whole = _PART_OF.match(text, end)
        if whole:
            later = _english_word_at(text, whole.start(1))
            if later is not None and later.unit:
                en = (Decimal(1), later.unit, end)
    if en is None or (value != value.to_integral_value() and en[1] != "times"):
        return None
    mult, unit, unit_end = en
    return _number(EXACT.multiply(value, mult), unit, text, start, unit_end, mult != 1)


def _with_range(text: str, first: Number) -> Number:
    """Join ``first`` to a following bound (3至12名, 6%-6.5%, 4.0% to 6.0%) when they form one
    range; never after 从/由/from, where the two numbers are a change (from 50% to 60%)."""
    pos = first.end
    sep = next((s for s in _RANGE_SEP if text.startswith(s, pos)), None)
    if sep is None or _FROM_BEFORE.search(text[max(0, first.start - 20) : first.start]):
        return first
    digit_at = _CURRENCY_SIGN.match(text, pos + len(sep)).end()  # type: ignore[union-attr]
    second = _arabic_at(text, digit_at) if text[digit_at : digit_at + 1].isdigit() else None
    if second is None or (first.unit and second.unit != first.unit):
        return first
    return Number(first.value, second.value, second.unit, first.start, second.end,
                  first.approx or second.approx, first.multiplied or second.multiplied,
                  first.approx_word or second.approx_word)


def _bare_range(text: str, start: int) -> Number | None:
    """A range whose first bound has no unit of its own: 3至12名, 3-5万元."""
    m = _ARABIC_RUN.match(text, start)
    if not m:
        return None
    pos = m.end()
    sep = next((s for s in _RANGE_SEP[:6] if text.startswith(s, pos)), None)
    if sep is None or not text[pos + len(sep) : pos + len(sep) + 1].isdigit():
        return None  # (tested first: most numbers are no range)
    if _skip_context(text, start, m.end()) or not_a_quantity(text, start, m.end()):
        return None
    if _FROM_BEFORE.search(text[max(0, start - 20) : start]):
        return None
    second = _arabic_at(text, pos + len(sep))
    if second is None or not second.unit:
        return None
    low = Decimal(m.group().replace(",", ""))
    if second.multiplied:  # 3-5万元: the multiplier of the second bound applies to both
        digits = re.sub(r"[^\d.,]", "", text[pos + len(sep) : second.end]) or "0"
        base, _, _ = parse_arabic(digits)
        if base:
            low = EXACT.multiply(low, EXACT.divide(second.value, base))
    if low >= second.value:
        return None  # 1-1 or a date-like pair, not a range
    return Number(low, second.value, second.unit, start, second.end,
                  second.approx, second.multiplied, second.approx_word)


def _signed(text: str, hit: Number) -> Number:
    """``hit`` made negative where a minus sign or 负 stands right before it."""
    i = hit.start - 1
    if i < 0:
        return hit
    ch = text[i]
    if ch in SIGNS or (ch in _MINUS and (i == 0 or text[i - 1] in _SIGN_AFTER)):
        return Number(hit.value.copy_negate(), hit.high, hit.unit, i, hit.end, hit.approx,
                      hit.multiplied, hit.approx_word)
    return hit


# Where a number may start, the scan's tests then deciding: a digit (of any script), 上 before
# 百千万亿, a run of Chinese numerals that ``_CN_NEXT`` follows, an English number word. The scan
# jumps from one to the next in C; other characters (marks, other words) are never read.
_RUN = f"[{CN_NUMERAL}{INNER_APPROX}]"
_CANDIDATE = lazy_compile(
    rf"\d|上(?=[{''.join(_ROUND_VALUES)}])|(?=[{CN_NUMERAL}])(?<![{CN_NUMERAL}])"
    rf"(?={_RUN}*(?!{_RUN})[{''.join(sorted(_CN_NEXT))}]).|"
    rf"(?=[A-Za-z])(?<![A-Za-z])(?=(?i:{NUMBER_WORD}))[A-Za-z]"  # a letter before a look-behind
)
_LATIN_RUN = lazy_compile(r"[A-Za-z]+")


def scan_numbers(text: str) -> list[Number]:
    """Every number with a unit in one folded line, in order, overlapping spans removed."""
    found: list[Number] = []
    pos = 0
    n = len(text)
    while pos < n:
        jump = _CANDIDATE.search(text, pos)  # skip plain text in one regex step
        if jump is None:
            break
        pos = jump.start()
        ch = text[pos]
        hit: Number | None = None
        if ch.isdigit() and (pos == 0 or not (text[pos - 1].isdigit() or text[pos - 1] == ".")):
            hit = _bare_range(text, pos)
            if hit is None:
                first = _arabic_at(text, pos)
                hit = _with_range(text, first) if first else None
                if hit is None and _DIGITS_TO_FRACTION.match(text, pos):
                    hit = _fraction_at(text, pos)
                if hit is None:
                    hit = _slash_at(text, pos)
            if hit is None:
                m = _ARABIC_RUN.match(text, pos)
                pos = m.end() if m else pos + 1
                continue
            hit = _signed(text, hit)
        elif ch in CN_NUMERAL and (pos == 0 or text[pos - 1] not in CN_NUMERAL):
            m = _CN_RUN.match(text, pos)
            run_end = m.end() if m else pos + 1
            # Only a run followed by a unit, 成, 分之 or 半 can be read (see ``_CN_NEXT``).
            hit = None
            if text[run_end : run_end + 1] in _CN_NEXT:
                hit = _fraction_at(text, pos) or _cn_at(text, pos)
            if hit is None:
                pos = run_end
                continue
            hit = _signed(text, hit)
        elif ch == "上" and text[pos + 1 : pos + 2] in _ROUND_VALUES:
            hit = _round_at(text, pos)
        elif ch.isascii() and ch.isalpha() and (pos == 0 or not text[pos - 1].isalpha()):
            hit = _english_word_at(text, pos)
            if hit is None:
                m = _LATIN_RUN.match(text, pos)
                pos = m.end() if m else pos + 1
                continue
        if hit is None:
            pos += 1
            continue
        found.append(hit)
        pos = max(hit.end, pos + 1)
    return found
