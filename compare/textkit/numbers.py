"""Numbers and units as reports write them: the one number/unit grammar.

Public API: Number, scan_numbers, approx_end, parse_arabic, cn_value, format_decimal, unit_class,
APPROX_BEFORE, APPROX_AFTER, CN_UNITS, CLASSIFIERS, TOKEN_UNITS.

``scan_numbers(text)`` finds every number in a line that carries a unit or classifier (件, 万元,
%, 个百分点, per cent, S$…, a counted plural noun) and returns it with its exact value
(``decimal.Decimal``, multipliers applied), its unit after multipliers are removed, and whether it
was written as an approximation. It knows nothing about labels: the caller works on the text around
each ``Number``. Chinese numerals (三千, 十二) are read by ``textkit.numerals`` one cut-out span at
a time, never a whole sentence, so running text such as 一带一路 or 万众创新 is never read as a
number. The word diff keeps a number and its unit as one token with ``TOKEN_UNITS``.
The text must be folded with ``fold_char`` per character (same length as the source), so that the
offsets of a ``Number`` also index the original line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from compare.textkit.numerals import parse_numeral

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
    "parse_arabic",
    "scan_numbers",
    "unit_class",
]

CN_DIGITS = "零〇一二两三四五六七八九"
CN_NUMERAL = CN_DIGITS + "十百千万亿"
INNER_APPROX = "多余"

# Longest first, so 个百分点 wins over 个 and 平方公里 over 公里.
_CN_UNITS = [
    "个百分点", "百分点", "人次", "万人次", "平方公里", "平方米", "立方米", "千瓦时", "千瓦",
    "公里", "千米", "公顷", "公斤", "吨", "亩", "斤", "美元", "欧元", "港元", "日元", "元",
    "部门", "个", "件", "宗", "项", "名", "人", "户", "家", "所", "套", "辆", "台", "座", "条",
    "种", "部", "次", "批", "份", "场", "起", "处", "张", "篇", "位", "岁", "倍", "番", "天",
    "小时", "分钟", "%", "‰",
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
APPROX_AFTER = ("左右", "以上", "上下", "多", "余")
EN_APPROX_BEFORE = ("more than", "less than", "close to", "at least", "almost", "nearly",
                    "about", "around", "over", "approximately", "roughly", "some", "above",
                    "under", "up to")
EN_APPROX_AFTER = ("or more", "plus")

EN_MULT = {"thousand": Decimal(10) ** 3, "million": Decimal(10) ** 6, "mn": Decimal(10) ** 6,
           "m": Decimal(10) ** 6, "billion": Decimal(10) ** 9, "bn": Decimal(10) ** 9,
           "trillion": Decimal(10) ** 12}
CURRENCY_PREFIX = (("US$", "USD"), ("S$", "SGD"), ("HK$", "HKD"), ("USD", "USD"),
                   ("SGD", "SGD"), ("RMB", "CNY"), ("$", "$"), ("€", "EUR"), ("£", "GBP"))
# Plural nouns that follow a number without counting anything a reader would chart.
EN_NOT_UNITS = frozenset([
    "years", "months", "weeks", "days", "hours", "minutes", "times", "ones", "others", "of",
])
EN_COUNT_WORDS = frozenset(["staff", "people", "personnel"])

# Units measured in the same dimension, so a year's 名 may meet the next year's 人.
UNIT_CLASSES = {"名": "人", "位": "人", "人": "人"}


@dataclass(frozen=True)
class Number:
    """A number found in a line, with its unit, at offsets ``start:end`` of that line."""

    value: Decimal
    high: Decimal | None  # upper bound of a range, else None
    unit: str
    start: int  # first char of the number (approx words before it are not included)
    end: int  # one past the unit (or the number, when the unit is implied)
    approx: bool
    multiplied: bool  # a 万/亿/million multiplier was applied


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


def _match_cn_unit(text: str, pos: int) -> tuple[str, int] | None:
    for unit in CN_UNITS:
        if text.startswith(unit, pos):
            return UNIT_NORMAL.get(unit, unit), pos + len(unit)
    return None


def _match_implied(text: str, pos: int) -> str | None:
    for noun, unit in IMPLIED_UNITS.items():
        if text.startswith(noun, pos):
            return unit
    return None


def _in_quotes(text: str, pos: int) -> bool:
    """True when ``pos`` stands inside “…”, 《…》 or 「…」 on its line (names and slogans)."""
    for open_, close in (("“", "”"), ("《", "》"), ("「", "」"), ("‘", "’")):
        if text.rfind(open_, 0, pos) > text.rfind(close, 0, pos):
            return True
    return text.count('"', 0, pos) % 2 == 1


_ARABIC_RUN = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])|\d+(?:\.\d+)?"
)
_ARABIC_TAIL = re.compile(
    r"(?:[多余]?(?:万亿|[十百千万亿])+[多余]?"
    r"(?:\d+(?:\.\d+)?[多余]?(?:万亿|[十百千万亿])*)?)*[多余]?"
)
_CN_RUN = re.compile(rf"[{CN_NUMERAL}多余]+")
_RANGE_SEP = ("-", "–", "—", "~", "至", "到")
_EN_WORD = re.compile(r"\s*([A-Za-z][A-Za-z-]*)")


def _approx_around(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 12) : start].rstrip()
    if any(before.endswith(w) for w in APPROX_BEFORE):
        return True
    low = before.lower()
    if any(low.endswith(w) and (len(low) == len(w) or not low[-len(w) - 1].isalpha())
           for w in EN_APPROX_BEFORE):
        return True
    after = text[end : end + 10]
    if any(after.startswith(w) for w in APPROX_AFTER):
        return True
    return any(after.lower().lstrip().startswith(w) for w in EN_APPROX_AFTER)


def approx_end(text: str, end: int) -> int:
    """Offset past an approximation word written after the unit (左右, 以上, or more)."""
    for word in ("左右", "以上", "上下"):
        if text.startswith(word, end):
            return end + len(word)
    return end


def _english_unit(text: str, pos: int, currency: str | None) -> tuple[Decimal, str, int] | None:
    """Multiplier, unit and end offset of an English number ending at ``pos``; None if no unit."""
    mult = Decimal(1)
    m = _EN_WORD.match(text, pos)
    if m and m.group(1).lower() in EN_MULT and (m.group(1).lower() not in ("m", "mn", "bn")
                                                 or currency):
        if m.start(1) == pos and m.group(1).lower() not in ("m", "mn", "bn"):
            return None  # 5million with no space is not how anyone writes it
        mult = EN_MULT[m.group(1).lower()]
        pos = m.end()
        m = _EN_WORD.match(text, pos)
    rest = text[pos:]
    if rest.startswith("%"):
        return mult, "%", pos + 1
    low = rest.lower()
    for phrase, unit in ((" per cent", "%"), (" percent", "%"),
                         (" percentage points", "percentage point"),
                         (" percentage point", "percentage point")):
        if low.startswith(phrase):
            return mult, unit, pos + len(phrase)
    if currency:
        return mult, currency, pos
    if m and m.start(1) > pos:  # a separate word, not a suffix such as 5G
        word = m.group(1)
        lower = word.lower()
        if word.islower() and lower not in EN_NOT_UNITS and len(lower) >= 3:
            if lower in EN_COUNT_WORDS:
                return mult, lower, m.end(1)
            if lower.endswith("s") and not lower.endswith("ss"):
                return mult, _singular(lower), m.end(1)
            # one adjective before the counted noun: 1,234 new cases
            m2 = _EN_WORD.match(text, m.end(1))
            if m2 and m2.start(1) > m.end(1) and m2.group(1).islower():
                noun = m2.group(1)
                if noun in EN_COUNT_WORDS or noun.endswith("s") and not noun.endswith("ss") \
                        and noun not in EN_NOT_UNITS:
                    unit = noun if noun in EN_COUNT_WORDS else _singular(noun)
                    return mult, unit, m2.end(1)
    return None


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    return word[:-1]


def _currency_before(text: str, start: int) -> str | None:
    before = text[max(0, start - 4) : start]
    for prefix, code in CURRENCY_PREFIX:
        if before.endswith(prefix) or before.endswith(prefix + " "):
            if prefix[-1].isalpha():
                head = start - len(prefix) - (1 if before.endswith(" ") else 0)
                if head > 0 and text[head - 1].isalpha():
                    continue
            return code
    return None


def _skip_context(text: str, start: int, end: int) -> bool:
    """True for numbers that belong to a name, an ordinal or a code rather than a count."""
    prev = text[start - 1] if start else ""
    nxt = text[end] if end < len(text) else ""
    if prev and (prev.isascii() and prev.isalpha() or prev in ".+/#" or prev.isdigit()):
        return True
    if nxt == "+" or prev == "第" or (nxt.isascii() and nxt.isalpha() and nxt not in "m"):
        return True
    return _in_quotes(text, start)


def _unit_after(text: str, pos: int) -> tuple[str, int] | None:
    implied = _match_implied(text, pos)
    if implied:
        return implied, pos
    return _match_cn_unit(text, pos)


def _arabic_at(text: str, start: int) -> Number | None:
    m = _ARABIC_RUN.match(text, start)
    if not m:
        return None
    tail = _ARABIC_TAIL.match(text, m.end())
    run_end = tail.end() if tail else m.end()
    if _skip_context(text, start, m.end()):
        return None
    currency = _currency_before(text, start)
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
        hit = _unit_after(text, end)
        if hit is not None:
            unit, unit_end = hit
            return Number(value, None, unit, start, unit_end,
                          inner_approx or _approx_around(text, start, unit_end), multiplied)
        en = _english_unit(text, end, currency)
        if en is not None:
            mult, unit, unit_end = en
            return Number(value * mult, None, unit, start, unit_end,
                          inner_approx or _approx_around(text, start, unit_end),
                          multiplied or mult != 1)
        if currency is not None:
            return None
    # No unit at all: a number with a 万/亿 multiplier still counts (农村贫困人口减少1386万); the
    # caller infers its unit from the label.
    try:
        value, inner_approx, multiplied = parse_arabic(text[start:run_end])
    except ValueError:
        return None
    if not multiplied or text[run_end - 1] not in "万亿" + INNER_APPROX:
        return None
    return Number(value, None, "", start, run_end,
                  inner_approx or _approx_around(text, start, run_end), True)


def _cn_at(text: str, start: int) -> Number | None:
    m = _CN_RUN.match(text, start)
    if not m:
        return None
    run = m.group().rstrip(INNER_APPROX)
    if not run or run[0] not in CN_DIGITS + "十" or run[0] == "零":
        return None
    end = start + len(run)
    core = run.replace("多", "").replace("余", "")
    if _skip_context(text, start, end) or text[start - 1 : start] in ("初", "周", "星"):
        return None
    inner = run != core
    after = end + (1 if text[end : end + 1] in ("多", "余") else 0)
    inner = inner or after > end
    if text.startswith("分之", end) or text.startswith("半", end) and core == "一":
        return None  # fractions are read by scan_numbers itself
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
    multiplied = any(ch in "万亿" for ch in core)
    return Number(value, None, unit, start, unit_end,
                  inner or _approx_around(text, start, unit_end), multiplied)


_FRACTION = re.compile(rf"([{CN_NUMERAL}]+|\d+)分之([{CN_NUMERAL}]+|\d+)|一半")


def _fraction_at(text: str, start: int) -> Number | None:
    m = _FRACTION.match(text, start)
    if not m or _in_quotes(text, start):
        return None
    if m.group() == "一半":
        value = Decimal("0.5")
    else:
        try:
            den = Decimal(m.group(1)) if m.group(1).isdigit() else cn_value(m.group(1))
            num = Decimal(m.group(2)) if m.group(2).isdigit() else cn_value(m.group(2))
        except ValueError:
            return None
        if den == 0:
            return None
        if den == 100:  # 百分之十 is a percentage
            return Number(num, None, "%", start, m.end(), _approx_around(text, start, m.end()),
                          False)
        value = (num / den).quantize(Decimal("0.0001"))
    return Number(value, None, "", start, m.end(), _approx_around(text, start, m.end()), False)


def _with_range(text: str, first: Number) -> Number:
    """Join ``first`` to a following bound (3至12名, 6%-6.5%) when they form one range."""
    pos = first.end
    sep = next((s for s in _RANGE_SEP if text.startswith(s, pos)), None)
    if sep is None:
        return first
    nxt = pos + len(sep)
    second = _arabic_at(text, nxt) if text[nxt : nxt + 1].isdigit() else None
    if second is None or (first.unit and second.unit != first.unit):
        return first
    return Number(first.value, second.value, second.unit, first.start, second.end,
                  first.approx or second.approx, first.multiplied or second.multiplied)


def _bare_range(text: str, start: int) -> Number | None:
    """A range whose first bound has no unit of its own: 3至12名, 3-5万元."""
    m = _ARABIC_RUN.match(text, start)
    if not m or _skip_context(text, start, m.end()):
        return None
    pos = m.end()
    sep = next((s for s in _RANGE_SEP if text.startswith(s, pos)), None)
    if sep is None or not text[pos + len(sep) : pos + len(sep) + 1].isdigit():
        return None
    second = _arabic_at(text, pos + len(sep))
    if second is None or not second.unit:
        return None
    low = Decimal(m.group().replace(",", ""))
    if second.multiplied:  # 3-5万元: the multiplier of the second bound applies to both
        base, _, _ = parse_arabic(re.sub(r"[^\d.,]", "", text[pos + len(sep) :
                                                                  second.end]) or "0")
        if base:
            low = low * (second.value / base)
    if low >= second.value:
        return None  # 1-1 or a date-like pair, not a range
    return Number(low, second.value, second.unit, start, second.end,
                  second.approx or _approx_around(text, start, start), second.multiplied)


# Where a number may start: an ASCII digit, a Chinese numeral, or any character outside the
# blocks that hold no digit at all (ASCII, CJK punctuation, the unified ideographs, the
# full-width forms but for their digits), where ``str.isdigit`` then decides. The scan jumps from
# one such character to the next instead of stepping through every character in Python.
_MAY_START = re.compile(
    f"[0-9{CN_NUMERAL}]|"
    "[^\x00-\x2f\x3a-\x7f\u3000-\u303f\u4e00-\u9fff\uff00-\uff0f\uff1a-\uffef]"
)


def scan_numbers(text: str) -> list[Number]:
    """Every number with a unit in one folded line, in order, overlapping spans removed."""
    found: list[Number] = []
    pos = 0
    n = len(text)
    may_start = _MAY_START.search
    while pos < n:
        jump = may_start(text, pos)
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
                # Digits up to the next 分之 (or the line end): found, not split off the rest of
                # the line, which made a long line with many numbers quadratic.
                cut = text.find("分之", pos)
                if hit is None and text[pos : cut if cut >= 0 else n].isdigit():
                    hit = _fraction_at(text, pos)
            if hit is None:
                m = _ARABIC_RUN.match(text, pos)
                pos = m.end() if m else pos + 1
                continue
        elif ch in CN_NUMERAL and (pos == 0 or text[pos - 1] not in CN_NUMERAL):
            hit = _fraction_at(text, pos) or _cn_at(text, pos)
            if hit is None:
                m = _CN_RUN.match(text, pos)
                pos = m.end() if m else pos + 1
                continue
        if hit is None:
            pos += 1
            continue
        found.append(hit)
        pos = max(hit.end, pos + 1)
    return found
