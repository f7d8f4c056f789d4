"""What a figure is a figure *of*: its period, qualifiers and measure, read from the sentence and
the part of the report it stands in, and the identity two years' figures must share to be paired.

Public API: read_period, read_qualifiers, part_scope, measure_of, identity_key, subject_key,
direction, clash_reason, Reason, REASON_CODES, distinct_concepts, class_path, distinct_paths,
is_actual_in_plan, multi_year.

- ``read_period(before, head, role, …)``: "year"; "5 years" (past five years: 五年来, 过去五年, a
  part titled 过去五年工作回顾, 十三五时期); "several years" for 年均/累计 where the text gives no
  span; "since 2013"; "month", "quarter", "8 months" (1-8月). The nearest marker before the number
  in its sentence wins, then the paragraph's opening words, then the part's role. In a multi-year
  context a level reached at the end (从54万亿元增加到82.7万亿元: 82.7万亿元) or a stock (人口,
  覆盖, 寿命, 能力, 达到…) is a one-year figure; a total, a flow or a rate stays multi-year.
- ``read_qualifiers(text, label)``: aggregates (年均, 累计, 年末, 日均, 平均), scopes (城镇登记,
  城镇调查, 城镇居民, 农村居民, 规模以上, 大型商业银行, 市本级, 中央, 地方, 国有…) and bases (调整后
  预算, 同口径…), as short strings; ``part_scope(block)`` the scope a paragraph opens with
  (甲县：…).
- ``identity_key(metric)``: kind group, unit class, period, qualifiers and ``start``: two metrics
  are candidates for one indicator only when these agree; ``subject_key(label)`` the label folded
  for comparison; ``clash_reason(a, b)`` says in words why two look-alike metrics are not one
  (a ``Reason``: the English words, which are what the JSON writes, with a code and its facts
  for a page to word in its own language).
"""

from __future__ import annotations

import re
from functools import lru_cache

from compare.models import Metric
from compare.roles import PLAN, REVIEW, PartRole
from compare.textkit.lazyre import lazy_compile
from compare.textkit.numbers import unit_class
from compare.textkit.numerals import numeral_int

__all__ = [
    "REASON_CODES",
    "Reason",
    "class_path",
    "clash_reason",
    "direction",
    "distinct_concepts",
    "distinct_paths",
    "identity_key",
    "is_actual_in_plan",
    "measure_of",
    "multi_year",
    "part_scope",
    "read_period",
    "read_qualifiers",
    "subject_key",
]

_N = r"(?:[两二三四五六七八九十]|(?<!\d)\d{1,2})"
# 连续两年增长10%以上: a figure held over N years; it names the period of its own sentence only,
# never of a paragraph it happens to open (where 过去五年 frames every figure after it).
_CONSECUTIVE = rf"连续(?P<d>{_N})年"
_MULTI = lazy_compile(
    rf"(?:过去|近|这|最近)?(?P<a>{_N})年(?:来|间|以来|累计|共|合计|中)|过去(?P<b>{_N})年|"
    rf"(?P<c>{_N})年(?=累计|共计|合计|投入|新增|完成|减少|增加|下降|提高|实现)|"
    rf"{_CONSECUTIVE}|"
    r"十[一二三四五六]五(?:期间|时期|以来)?|本届政府|"
    r"(?P<since>(?:19|20)\d\d)年以来|自(?P<since2>(?:19|20)\d\d)年|"
    r"(?:over|in|during) the (?:past|last|next) (?P<en>\w+(?:[-–]\w+)?) years|"
    r"\bFY ?\d\d ?[-–] ?\d\d\b", re.I)
_ONE_YEAR = lazy_compile(
    r"去年|上年|过去一年|一年来|刚刚过去的|全年|今年|本年|当年|明年|"
    r"(?<!\d)(?:19|20)\d\d年(?!以来|来|[-—至到～~]|代)|"
    r"\b(?:last|this|next) year\b|\bin (?:19|20)\d\d\b|\bFY ?\d\d\b(?! ?[-–])", re.I)
_MONTHS = lazy_compile(
    r"(?P<a>\d{1,2})[-—至到~～](?P<b>\d{1,2})月|前(?P<c>[\d一二三四五六七八九十]+)个月|"
    r"(?P<q>第?[一二三四1-4]季度|\b(?:first|second|third|fourth|last) quarter\b)|"
    r"(?P<h>[上下]半年|first half|second half)|"
    r"(?<![\d至到~～-])(?P<m>\d{1,2})月(?:份|当月)|"
    r"\b(?:for|in) (?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December) (?:19|20)\d\d\b|\b(?:each|a|per|every) month\b|\bmonthly\b", re.I)
_AVERAGE = lazy_compile(r"年均|平均每年|average annual|annual average", re.I)
_CUMULATIVE = lazy_compile(r"累计|cumulative", re.I)
# A stock reported at the end of a multi-year review is that year's level.
_STOCK = lazy_compile(r"(?:^|总|常住|户籍)人口$|覆盖|寿命|能力|总量|余额|拥有量|保有量|总数|存量")
_REACHED = lazy_compile(r"(?:达到|达|提高到|增加到|上升到|下降到|降至|降到|增至|升至)$")

_AGGREGATES = (("年均", "年均"), ("平均每年", "年均"), ("累计", "累计"), ("年末", "年末"),
               ("年底", "年末"), ("日均", "日均"), ("平均每天", "日均"), ("每天", "日均"),
               ("每日", "日均"), ("月均", "月均"), ("average annual", "average annual"),
               ("per annum", "per annum"))
_SCOPES = (("城镇登记", "城镇登记"), ("登记失业", "城镇登记"), ("城镇调查", "城镇调查"),
           ("调查失业", "城镇调查"), ("规模以上", "规模以上"), ("重点城市", "重点城市"),
           ("本届政府", "本届政府"),
           ("中央预算内", "中央预算内"), ("大型商业银行", "大型商业银行"), ("国有企业", "国有"),
           ("国有资本", "国有资本经营预算"), ("市本级", "市本级"), ("区本级", "区本级"),
           ("县本级", "县本级"), ("一般公共预算", "一般公共预算"), ("政府性基金", "政府性基金"),
           ("财政拨款", "财政拨款"), ("基本支出", "基本支出"), ("项目支出", "项目支出"),
           ("人员经费", "人员经费"), ("公用经费", "公用经费"), ("非金融类", "非金融类"),
           ("resident", "resident"))
_LEAD_SCOPES = (("城镇居民", "城镇居民"), ("农村居民", "农村居民"), ("中央财政", "中央"),
                ("地方财政", "地方"), ("全市", "全市"), ("全省", "全省"),
                ("全区", "全区"), ("全县", "全县"))
_BASES = ("调整后预算", "调整预算", "年初预算", "同口径", "可比口径", "revised estimate",
          "nominal")
_PART_SCOPE = lazy_compile(
    r"^\s*([\w（）()·]{1,12}?(?:县|区|市|省|州|镇|乡|旗|盟|街道|开发区|新区|本级))[：:]")
_PAST = lazy_compile(r"去年|上年|过去|年来|已经|已|2\d{3}年(?:底|末)|执行数|决算数|"
                   r"\b(?:was|were|had been|last year|rose|fell|grew|climbed|declined|increased|"
                   r"decreased|recorded|reached|amounted)\b", re.I)
_FUTURE = lazy_compile(r"今年|明年|要|将|拟|力争|确保|预期|目标|安排|计划|继续|再|争取|预计|"
                     r"\b(?:will|shall|expect|plan|target|budget|estimat|project|forecast|"
                     r"propos|allocat|provid)", re.I)


def _count(text: str | None) -> int | None:
    if not text:
        return None
    return numeral_int(text) or {"two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}.get(
        text.lower())


def _multi(m: re.Match[str]) -> str:
    """The period a multi-year marker names: "5 years", "since 2013"."""
    since = m.group("since") or m.group("since2")
    if since:
        return f"since {since}"
    if m.group(0).startswith(("十", "本届")):
        return "5 years"
    fy = re.search(r"(\d\d) ?[-–] ?(\d\d)", m.group(0))
    if fy:
        return f"{(int(fy.group(2)) - int(fy.group(1))) % 100 + 1} years"
    span = m.group("en") or ""
    if re.fullmatch(r"\d+[-–]\d+", span):
        return f"{span} years"  # over the next 3-5 years
    n = _count(m.group("a") or m.group("b") or m.group("c") or m.group("d") or span)
    return f"{n} years" if n and n > 1 else "several years"


def _months(m: re.Match[str]) -> str:
    if m.group("q"):
        return "quarter"
    if m.group("h"):
        return "6 months"
    if m.group("a"):
        span = int(m.group("b")) - int(m.group("a")) + 1
        return f"{span} months" if span > 1 else "month"
    if m.group("c"):
        n = _count(m.group("c")) or 0
        return f"{n} months" if n > 1 else "month"
    return "month"


def multi_year(period: str) -> bool:
    """Whether a period covers more than one year."""
    return period.endswith("years") or period.startswith("since")


def _nearest(text: str, *, first: bool = False) -> str | None:
    """The period the last marker in ``text`` names (the first one with ``first``), or None."""
    found: list[tuple[int, str]] = []
    for pattern, read in ((_MULTI, _multi), (_MONTHS, _months)):
        found.extend((m.start(), read(m)) for m in pattern.finditer(text))
    found.extend((m.start(), "year") for m in _ONE_YEAR.finditer(text))
    if not found:
        return None
    return min(found)[1] if first else max(found, key=lambda f: f[0])[1]


def read_period(
    before: str, head: str, role: PartRole, *, clause: str, label: str, kind: str,
    end_point: bool, after: str = "",
) -> str:
    """The period of a figure (see the module docstring).

    ``before`` is its sentence up to the number, ``head`` the opening words of its paragraph,
    ``clause`` the words of its clause before it (年均增长, 达到, 提高到), ``end_point`` whether it
    ends a from-to statement; ``after`` the rest of its clause, where English says the period
    (4.4% for December 2007, 5.5% in 2008), read first.
    """
    explicit = _AVERAGE.search(label + clause) or _CUMULATIVE.search(label + clause)
    period = _nearest(after, first=True) if after else None
    period = period or _nearest(before)
    if period is None:
        lead = re.match(r"[—\-\s]*", head)
        opening = head[lead.end() if lead else 0 :][:12]
        period = _nearest(re.sub(_CONSECUTIVE, "", opening))
    if period is None and role.years > 1 and role.kind in (REVIEW, PLAN):
        period = f"{role.years} years"
    period = period or "year"
    if multi_year(period) and not explicit and (
        end_point or _REACHED.search(clause.rstrip()) or (kind != "change" and _STOCK.search(label))
    ):
        return "year"
    if explicit and not multi_year(period) and not period.endswith("months"):
        return "several years"
    return period


def read_qualifiers(text: str, label: str) -> tuple[str, ...]:
    """Qualifiers of a figure from its clause ``text`` (up to the number) and its ``label``."""
    out: list[str] = []
    low = (text + " " + label).lower()
    for word, name in _AGGREGATES:
        if word in low and name not in out:
            if word == "每天" and ("平均每天" in low or "日均" in low):
                continue
            out.append(name)
    for word, name in _SCOPES:
        if word in label.lower() and name not in out:
            out.append(name)
    for word, name in _LEAD_SCOPES:
        if label.startswith(word) and name not in out:
            out.append(name)
    for word in _BASES:
        if word in low and word not in out:
            out.append(word)
    return tuple(out)


def part_scope(block: str) -> str:
    """The place a paragraph is about when it opens with one (甲县：…, 市本级：…), else ""."""
    m = _PART_SCOPE.match(block)
    return m.group(1) if m else ""


def is_actual_in_plan(before: str) -> bool:
    """Whether a sentence of a plan part reports a past figure (去年…已…) rather than a plan."""
    return bool(_PAST.search(before)) and not _FUTURE.search(before)


def measure_of(kind: str, unit: str, change: bool) -> str:
    """What a figure measures, target or not: a change, a ratio or a level."""
    if change or unit in ("个百分点", "percentage point", "倍", "番"):
        return "change"
    if unit in ("%", "‰") or kind == "ratio":
        return "ratio"
    return "level"


# Words that say the same thing in two years' drafting (审查≈审核); applied to both labels.
_SYNONYMS = (("增加值占国内生产总值比重", "比重"), ("在国内生产总值中的比重", "比重"),
             ("占国内生产总值比重", "比重"), ("审核", "审查"), ("资金", "经费"),
             ("通过率", "合格率"), ("上涨", "增长"),
             ("上升", "增长"), ("提高", "增长"), ("提升", "增长"), ("增加", "增长"),
             ("降低", "下降"), ("减少", "下降"), ("件数", "件"), ("数量", ""), ("各类", ""),
             ("实际", ""), ("的", ""), ("总量", ""), ("达到", ""), ("平均每天", "日均"),
             ("每天", "日均"), ("涨幅", "增长"), ("增速", "增长"),
             ("能耗强度", "单位国内生产总值能耗"), ("比上年", ""), ("同比", ""),
             ("新登记注册", "新设"), ("新登记", "新设"), ("新增", "新设"))
_PAREN = lazy_compile(r"（[^（）]*）$")
# Verbs that end a change's label and say which way it went: the same indicator rises one year
# and falls the next (比上年预算减少876.75万元, then 比上年预算增加3,355.65万元).
_UP = lazy_compile(r"(?:增长|增加|提高|提升|上升|上涨|扩大|回升)了?$")
_DOWN = lazy_compile(r"(?:下降|减少|降低|下跌|回落|压减|缩减|削减)了?$")
_EITHER_WAY = "增长"  # the word the synonyms below fold increases to


def direction(label: str) -> int:
    """+1 when a label ends in a verb of increase (增长, 增加…), -1 for one of decrease (下降,
    减少…), 0 otherwise: the sign of the unsigned figure after it."""
    if _UP.search(label):
        return 1
    return -1 if _DOWN.search(label) else 0


@lru_cache(maxsize=65536)
def subject_key(label: str) -> str:
    """A label folded for comparison: a trailing （…） note, synonyms and case set aside, and the
    direction of a change (增加/减少 → 增长): which way it went is the figure's sign, not another
    indicator."""
    key = _PAREN.sub("", label)
    if direction(key):
        key = _DOWN.sub(_EITHER_WAY, _UP.sub(_EITHER_WAY, key))
    for a, b in _SYNONYMS:
        key = key.replace(a, b)
    return key.lower().strip()


# Words that tell two indicators apart however alike the rest of their labels reads: income
# concepts before and after the 2014 statistical reform, capacity and output, stock and flow.
_DISTINCT = (("纯收入", "可支配收入"), ("生产能力", "产量"), ("调查", "登记"), ("运营", "投产"),
             ("总额", "增长"), ("覆盖", "人口"))


# A budget subject's classification path: a table row's codes (212 01 01 行政运行: class 212,
# subclass 01, item 01), or the names a sentence gives it (“城乡社区支出（类）…（款）…（项）”).
_CODES = lazy_compile(r"(?:^|：)(\d{3})((?: \d{1,2})+) ")
_LEVELS = lazy_compile(r"([^()（）“”]+?)[(（]([类款项])[)）]")


@lru_cache(maxsize=65536)
def class_path(label: str) -> tuple[str, ...]:
    """The classification path a label names (``("212", "1", "1")``, ``("城乡社区支出类",
    "城乡社区管理事务款", "行政运行项")``), () when it names none; codes are read as numbers (301 2
    and 301 02 are one subclass). One code alone is not a path: it may be a list's ordinal."""
    m = _CODES.search(label)
    if m:
        return (m.group(1), *(str(int(c)) for c in m.group(2).split()))
    levels = _LEVELS.findall(label)
    return tuple(name + level for name, level in levels) if len(levels) > 1 else ()


def distinct_paths(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two classification paths name two budget subjects: two code paths that differ
    (the same code is one subject whatever its name; 212 01 and 212 01 01 are a subclass and its
    item), or two named paths that differ only in their last level (siblings: 行政单位离退休 and
    事业单位离退休 under one 款)."""
    if not a or not b or a == b:
        return False
    if a[0].isdigit() and b[0].isdigit():
        return True
    return len(a) == len(b) and a[:-1] == b[:-1]


def _concepts(a: str, b: str) -> tuple[str, ...] | None:
    """What makes labels ``a`` and ``b`` two indicators: () for two budget subjects, the pair of
    words that sets them apart, or None."""
    if distinct_paths(class_path(a), class_path(b)):
        return ()
    for x, y in _DISTINCT:
        if (x in a and y in b and x not in b and y not in a) or (
            y in a and x in b and y not in b and x not in a
        ):
            return (x, y)
    return None


def distinct_concepts(a: str, b: str) -> str:
    """The pair of words that makes labels ``a`` and ``b`` two indicators, or ""."""
    found = _concepts(a, b)
    if found is None:
        return ""
    return f"{found[0]} vs {found[1]}" if found else "two budget subjects"


def _group(kind: str) -> str:
    return kind if kind in ("change", "target") else "level"


# The whole territory a report speaks for (全市 in a city's report) is its default scope: shown as
# written, but no different from a figure that leaves it unsaid.
_DEFAULT_SCOPES = frozenset(("全市", "全省", "全区", "全县", "全国"))


def identity_key(m: Metric) -> tuple[str, str, str, frozenset[str], bool]:
    """What two metrics must share to be one indicator in two years (the label aside)."""
    return (_group(m.kind), unit_class(m.quantity.unit), m.period,
            frozenset(m.qualifiers) - _DEFAULT_SCOPES, m.start)


def _span(period: str) -> str:
    """"5 years" -> "five-year"-style words for a reason: "5-year", "multi-year", "since 2013"."""
    if period.startswith("since"):
        return period
    n = period.split()[0]
    return f"{n}-year" if n.isdigit() else "multi-year"


def _what(m: Metric) -> str:
    if "年均" in m.qualifiers or "average annual" in m.qualifiers:
        return "average"
    if m.quantity.unit in ("%", "‰") and m.kind != "change":
        return "figure"
    return "total"


class Reason(str):
    """Why two look-alike metrics were left unpaired, in English words: the JSON writes them
    byte for byte, and to every reader it is the plain ``str`` it always was. Beside the words it
    keeps what they say, a ``code`` (one of ``REASON_CODES``) and its ``facts`` (periods, words,
    units as the metrics hold them), so that a page can say the same in its own language."""

    code: str
    facts: tuple[str, ...]

    def __new__(cls, text: str, code: str, *facts: str) -> Reason:
        if code not in REASON_CODES:
            raise ValueError(f"unknown reason code {code!r}")
        made = super().__new__(cls, text)
        made.code = code
        made.facts = facts
        return made

    def __reduce__(self) -> tuple[type[Reason], tuple[str, ...]]:
        return (Reason, (str(self), self.code, *self.facts))


# Every code a Reason may carry, and the facts it carries: a start value against a current
# figure; a target against an actual; a multi-year figure (its period, and "total", "average" or
# "figure") against one year's; two periods; two sets of qualifiers (joined by 、, "" for none);
# two kinds; two units; two budget subjects; two distinct concepts (their words); two candidates
# alike; values too far apart.
REASON_CODES = frozenset(("start", "target", "span", "periods", "qualifiers", "kinds", "units",
                          "subjects", "concepts", "tie", "far"))


def clash_reason(old: Metric, new: Metric) -> Reason | str:
    """Why two metrics that name alike are not one indicator, in words (a ``Reason``, which also
    carries its code and facts); "" when nothing clashes."""
    if old.start != new.start:
        return Reason("the starting value of a from-to statement vs a current figure", "start")
    if (old.kind == "target") != (new.kind == "target"):
        return Reason("target vs actual", "target")
    if old.period != new.period:
        a, b = old.period, new.period
        if multi_year(a) != multi_year(b):
            many, one = (old, new) if multi_year(a) else (new, old)
            what = _what(many)
            return Reason(f"{_span(many.period)} {what} vs one year", "span", many.period, what)
        return Reason(f"{a} vs {b}", "periods", a, b)
    if set(old.qualifiers) - _DEFAULT_SCOPES != set(new.qualifiers) - _DEFAULT_SCOPES:
        a = "、".join(old.qualifiers)
        b = "、".join(new.qualifiers)
        return Reason(f"qualifiers differ: {a or '—'} vs {b or '—'}", "qualifiers", a, b)
    if _group(old.kind) != _group(new.kind):
        return Reason(f"{old.kind} vs {new.kind}", "kinds", old.kind, new.kind)
    if unit_class(old.quantity.unit) != unit_class(new.quantity.unit):
        a, b = old.quantity.unit, new.quantity.unit
        return Reason(f"unit {a or '—'} vs {b or '—'}", "units", a, b)
    found = _concepts(old.label, new.label)
    if found is None:
        return ""
    if not found:
        return Reason("different concepts: two budget subjects", "subjects")
    return Reason(f"different concepts: {found[0]} vs {found[1]}", "concepts", *found)
