"""Metric extraction: numbers with units, named by what they measure.

Public API: extract_metrics, strip_qualifier, is_multi_year, is_from_value, is_new_stock.

``extract_metrics(sections)`` reads every block of every section and returns the metrics in reading
order: a number with a unit or classifier (see ``compare.textkit.numbers``), the phrase that names
what it measures (the label a reader would give the table row), its kind (level, change, target,
ratio), whether it is approximate, and a short verbatim quote of its clause.

Labels may end in a parenthesised qualifier, as a reader would title a row: ``（调整前）`` for the
first value of a from-to statement (由9.8%降至7.5%) and ``（五年来）``-style period notes for
figures written under a multi-year heading or paragraph. ``pair_metrics`` reads these
qualifiers: a starting value is never paired, and a multi-year figure meets a one-year figure
only when the values are close (a stock), never a five-year total against a yearly flow.

``compare.metrics.pairing`` pairs them across two years.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from compare.models import Metric, Quantity, Section
from compare.textkit.chars import HAN, ZERO_WIDTH, fold_line
from compare.textkit.numbers import (
    APPROX_BEFORE,
    EN_APPROX_BEFORE,
    Number,
    approx_end,
    format_decimal,
    scan_numbers,
)
from compare.textkit.sentences import FULL_STOPS, SENTENCE_ENDS
from compare.tuning import DEFAULT, MetricTuning

__all__ = ["extract_metrics", "is_from_value", "is_multi_year", "is_new_stock", "strip_qualifier"]

# Where the sentence ends and full stops of a line are (found in C, not per character in Python).
_SENTENCE_END = re.compile("[" + re.escape("".join(sorted(SENTENCE_ENDS))) + "]")
_FULL_STOP = re.compile("[" + re.escape("".join(sorted(FULL_STOPS))) + "]")

# Clause boundaries: a label or a quote never crosses one.
_DELIMS = set("，。；：！？,;:!?、（）()“”\"「」《》【】[]|")
_CJK = re.compile(f"[{HAN}]")

_CHANGE_VERBS = ("增长|下降|增加|减少|提高|降低|上涨|上升|下跌|压减|压缩|缩短|削减|缩减|扩大|回升|"
                 "提升|下调|上调|翻|减|(?<!新)增|降|涨")
_CHANGE_END = re.compile(rf"(?:{_CHANGE_VERBS})了?$")
_TO_END = re.compile(rf"(?:{_CHANGE_VERBS}|达)(?:到|至)$")
_FROM_END = re.compile(r"(?:从|由)(?:人均|每[年月日天人户]){0,2}$")
_LEAD = re.compile(
    r"^(?:——|—|-|[一二三四五六七八九十]+是|其中|同时|此外|另外|全年|今年以来|今年|去年|上年|"
    r"截至目前|截至|截止|目前|当前|我市|我国|我区|我县|我省|我们|共计|共|已经|已|均|并|又|还|也|再|要|拟|将|"
    r"先后|分别|合计|总计|一年来|过去一年|"
    r"\d{4}年(?:\d{1,2}月份?(?:\d{1,2}日)?)?(?:以来|底|末|度)?|\d{1,2}月(?:\d{1,2}日)?(?:以来)?|"
    r"\d+至\d+月份?|\d+\.(?!\d)|[一二三四五六七八九十]+、|[（(][^）)]*[）)])"
)
_TRAIL = re.compile(
    r"(?:稳定在|保持在|控制在|维持在|达到了|达到|高达|达|是|有|共计|共|累计|合计|分别为|分别|约|将近|拟按|按|"
    r"(?<![行作认成因])为|"
    r"接近|近|超过|突破|逾|至少|不少于|不低于|大约|的|了|计|在)$"
)
_DETERMINER_END = re.compile(r"(?:全市|全省|全国|全县|全区|各|每|所有|全部|上述|这|该|此)$")
_GENERIC = re.compile(
    rf"^(?:年均|平均|五年|累计|同比)?(?:{_CHANGE_VERBS}|增速|增幅|总量|总额|规模|其中|比重|占比)?$"
)
_PREPOSITION_START = re.compile(r"^(?:占|对|比|较)")
_TARGET_WORDS = re.compile(r"预期目标|目标(?!任务)|力争|争取|预计|target|aim to|expected to", re.I)
_PLAN_TITLE = re.compile(
    r"目标|任务|安排|计划|设想|打算|要求|展望|思路|建议|plan|outlook|target|recommendation", re.I
)
_MULTI_YEAR = re.compile(
    r"(?:过去|近|这)?(?:[两二三四五六七八九十]|\d+)年(?:来|间|以来)|过去(?:[两二三四五六七八九十]|\d+)年|"
    r"(?:over )?the (?:past|last) (?:two|three|four|five|ten|\d+) years",
    re.I,
)
_SINGLE_YEAR = re.compile(r"\d{4}年|去年|过去一年|一年来|全年|今年|上年|本年|last year|this year")
_PERIOD_IN_LABEL = re.compile(r"年均|累计|平均每年|年来|过去\S*年|average annual|cumulative", re.I)
_STOCK_FLOW = re.compile(r"^(?:新增|新建|新设|new |additional )", re.I)
_AFTER_STOP_CHARS = set("在并及等的均已被将和与对于为是")
_AFTER_STOP_WORDS = frozenset([
    "大幅", "进行", "参加", "得到", "实现", "受益", "全部",
    "同比", "比", "较", "已经", "纳入", "通过",
])
_EN_TRAIL = frozenset(
    [
        "of", "by", "to", "at", "was", "were", "is", "are", "reached", "totalled", "totaled",
        "about", "around", "over", "nearly", "more", "than", "approximately", "some", "the", "a",
        "an", "from", "stood", "almost", "roughly", "up", "under", "least", "close", "with",
        "which", "and", "for", "in", "on",
    ]
)
_EN_LEAD = frozenset([
    "and", "the", "a", "an", "with", "of", "by", "to", "in", "at", "for", "while", "which",
    "this", "that", "we", "our", "its", "there", "were", "was",
])
_EN_CHANGE = re.compile(
    r"\b(?:increased|rose|grew|fell|declined|decreased|dropped|increase|decrease|growth|rise|"
    r"decline|up|down)(?: by)?$",
    re.I,
)
_FROM_SUFFIX = "（调整前）"
_CONNECTORS = frozenset(("", "和", "及", "与", "或", "在", "有"))
_QUALIFIER = re.compile(r"（[^（）]*）$")


def strip_qualifier(label: str) -> str:
    """A label without its trailing （…） qualifier (the label a chain of years is shown under)."""
    return _QUALIFIER.sub("", label) or label


def is_multi_year(label: str) -> bool:
    """Whether a label says its figure covers several years (年均, 累计, 五年来…)."""
    return bool(_PERIOD_IN_LABEL.search(label))


def is_from_value(label: str) -> bool:
    """Whether a label marks the starting value of a from-to statement (由9.8%降至7.5%)."""
    return label.endswith(_FROM_SUFFIX)


def is_new_stock(label: str) -> bool:
    """Whether a label counts additions (新增, 新建, new) rather than a standing total."""
    return bool(_STOCK_FLOW.match(label))



def _blocks(section: Section) -> list[tuple[int, int, str]]:
    """(offset in the section's text, source line, text) of each block of a section."""
    out = []
    at = 0
    for k, part in enumerate(section.text.split("\n")):
        line = section.lines[k] if k < len(section.lines) else section.line + k
        out.append((at, line, part))
        at += len(part) + 1
    return out


def _clause_start(text: str, pos: int) -> int:
    i = pos - 1
    while i >= 0:
        ch = text[i]
        if ch in _DELIMS or (ch == "." and not (i + 1 < len(text) and text[i + 1].isdigit())):
            return i + 1
        if ch == "—" and i > 0 and text[i - 1] == "—":
            return i + 1
        i -= 1
    return 0


def _clause_end(text: str, pos: int) -> int:
    i = pos
    while i < len(text):
        ch = text[i]
        if ch in _DELIMS or (ch == "." and not (i + 1 < len(text) and text[i + 1].isdigit())):
            return i
        i += 1
    return len(text)


def _strip_approx_before(raw: str) -> str:

    changed = True
    while changed:
        changed = False
        for word in APPROX_BEFORE:
            if raw.endswith(word):
                raw, changed = raw[: -len(word)], True
        low = raw.lower().rstrip()
        for word in EN_APPROX_BEFORE:
            if low.endswith(" " + word) or low == word:
                raw, changed = raw.rstrip()[: -len(word)], True
                low = raw.lower().rstrip()
    return raw


def _clean_cn(raw: str) -> tuple[str, bool]:
    """A clause prefix trimmed to its naming phrase; the flag says the count names what follows."""
    label = raw.strip()
    before = None
    while before != label:
        before = label
        label = _LEAD.sub("", label).strip()
        label = _TRAIL.sub("", label).strip()
    if "的" in label:
        tail = label.rsplit("的", 1)[1]
        if len(tail) >= 4:  # 出具书面的合法性审查意见; but keep 消费对经济增长的贡献率 whole
            label = tail
    needs_after = bool(_DETERMINER_END.search(label))
    label = _DETERMINER_END.sub("", label)
    return label, needs_after


def _clean_en(raw: str) -> str:
    words = raw.replace("\u00a0", " ").split()
    while words and words[-1].lower() in _EN_TRAIL:
        words.pop()
    words = words[-8:]
    while words and words[0].lower() in _EN_LEAD:
        words.pop(0)
    return " ".join(words)


def _after_phrase(text: str, pos: int, t: MetricTuning) -> tuple[str, int]:
    """The noun phrase right after a number's unit (17种抗癌药大幅降价 -> 抗癌药), and its end."""
    import rjieba  # lazy: loading the dictionary takes a moment

    paren = re.match(r"[（(][^）)]{0,30}[）)]", text[pos:])
    if paren:  # 45件(截止2019年9月30日)恩平市…: the noun stands after the aside
        pos += paren.end()
    end = _clause_end(text, pos)
    chunk = text[pos:end]
    if not chunk or not _CJK.match(chunk):
        words = chunk.split()[:4]
        return " ".join(w for w in words if w.isalpha()), pos
    out = ""
    for token in rjieba.cut(chunk):
        if token[0] in _AFTER_STOP_CHARS or any(token.startswith(w) for w in _AFTER_STOP_WORDS):
            break
        if len(out) + len(token) > t.after_label_max:
            break
        out += token
    return out, pos + len(out)


def _is_verbish(label: str) -> bool:
    """True for a label that is only a verb or an adverb (设立, 组织, 先后): it names nothing."""
    import rjieba

    tags = rjieba.tag(label)
    return bool(tags) and len(label) <= 4 and all(t[0] in "vdtpcmqr" for _, t in tags)


@dataclass
class _Draft:
    number: Number
    line: int
    section: str
    label: str
    kind: str
    start: int  # clause start (quote start)
    is_from: bool
    sentence: int  # index of the sentence in the line
    quote_end: int  # past the noun after the unit when the label was taken from it


def _ancestors(sections: Sequence[Section]) -> dict[str, list[str]]:
    titles = {s.path: s.title for s in sections}
    chains: dict[str, list[str]] = {}
    for s in sections:
        chain, path = [], s.parent
        while path is not None:
            if path in titles:
                chain.append(titles[path])
            head, sep, _ = path.rpartition("/")
            path = head if sep else None
        chains[s.path] = [s.title, *chain]
    return chains


def _period_note(block: str, titles: list[str]) -> str:
    """A ``（五年来）`` note when the paragraph or an enclosing heading speaks of many years."""
    head = block[:24]
    m = _MULTI_YEAR.match(block.lstrip("—- ")) or _MULTI_YEAR.search(head[:8])
    if m:
        return f"（{m.group(0)}）"
    if _SINGLE_YEAR.search(head):
        return ""
    for title in titles:
        m = _MULTI_YEAR.search(title)
        if m:
            return f"（{m.group(0)}）"
    return ""


def _kind(label: str, raw: str, number: Number, to_form: bool, target: bool) -> str:
    if target:
        return "target"
    english = not _CJK.search(raw + label)
    if not to_form:
        if english and _EN_CHANGE.search(raw.strip()):
            return "change"
        if not english and (_CHANGE_END.search(label) or number.unit in ("个百分点", "倍", "番")):
            return "change"
        if number.unit == "percentage point":
            return "change"
    if number.unit in ("%", "‰"):
        return "ratio"
    return "level"


def _subject(label: str) -> str:
    """The naming part of a previous label, change verb and qualifier removed."""
    label = _QUALIFIER.sub("", label)
    label = re.sub(rf"(?:年均|平均|同比)?(?:{_CHANGE_VERBS})了?$", "", label)
    return label


def _unit_for(number: Number, label: str) -> str:
    if number.unit:
        return number.unit
    if "人次" in label:
        return "人次"
    if re.search(r"人口|人员|人数|学生|劳动力|就业|人$", label):
        return "人"
    if re.search(r"户$|家庭|市场主体", label):
        return "户"
    return ""


def _line_drafts(
    text: str, line: int, section: str, titles: list[str], t: MetricTuning
) -> list[_Draft]:
    drafts: list[_Draft] = []
    plan = any(_PLAN_TITLE.search(t) for t in titles[:2])
    note = _period_note(text, titles)
    english = not _CJK.search(text)
    # Sentence ends and full stops found once per line, then looked up per number: counting them
    # again before every number made a 1 MB line with many numbers quadratic.
    ends = [m.start() for m in _SENTENCE_END.finditer(text)]
    stops = [m.start() for m in _FULL_STOP.finditer(text)]
    for number in scan_numbers(text):
        start = _clause_start(text, number.start)
        prev = drafts[-1] if drafts else None
        same_clause = prev is not None and prev.start == start
        raw_start = max(start, prev.number.end) if same_clause and prev else start
        raw = _strip_approx_before(text[raw_start : number.start])
        sentence = bisect_left(ends, number.start)
        # A target lead-in (预期目标是：) governs its whole list, whose items end in ；.
        before = bisect_left(stops, number.start)
        sent_start = stops[before - 1] + 1 if before else 0
        target = plan or bool(_TARGET_WORDS.search(text[sent_start : number.start]))
        to_form = bool(same_clause and prev and prev.is_from and _TO_END.search(raw.strip())
                       and len(raw.strip()) <= 5)
        is_from = False
        quote_end = approx_end(text, number.end)
        if to_form and prev:
            label = prev.label[: -len(_FROM_SUFFIX)]
        elif english:
            label = _clean_en(raw)
            if not label:
                label = _after_phrase(text, number.end, t)[0] or number.unit
        else:
            stripped = raw.strip()
            from_m = _FROM_END.search(stripped)
            if from_m:
                is_from = True
                stripped = stripped[: from_m.start()]
            if _TO_END.search(stripped) and not is_from:
                to_form = True
                stripped = _TO_END.sub("", stripped)
                stripped = _CHANGE_END.sub("", stripped)
            label, needs_after = _clean_cn(stripped)
            if not label or needs_after or _is_verbish(label):
                after_at = approx_end(text, number.end)
                after, after_end = _after_phrase(text, after_at, t)
                if after:
                    label = after
                    quote_end = after_end
            if (_GENERIC.match(label) or _PREPOSITION_START.match(label)) and prev and \
                    prev.sentence == sentence:
                label = _subject(prev.label) + label if label else prev.label
            if label in _CONNECTORS and prev and prev.sentence == sentence:
                label = prev.label  # 分别下降23%、15%和18%: a list under one label
            if not label:
                label = _after_phrase(text, approx_end(text, number.end), t)[0] or number.unit
        kind = _kind(label, raw, number, to_form, target)
        if note and not _PERIOD_IN_LABEL.search(label) and kind != "target":
            label += note
        if is_from:
            label += _FROM_SUFFIX
        drafts.append(_Draft(number, line, section, label, kind, start, is_from, sentence,
                             quote_end))
    return drafts


def extract_metrics(
    sections: Sequence[Section], *, tuning: MetricTuning = DEFAULT.metrics
) -> tuple[Metric, ...]:
    """Every metric of ``sections`` in reading order (see the module docstring)."""
    t = tuning
    chains = _ancestors(sections)
    out: list[Metric] = []
    for section in sections:
        titles = chains.get(section.path, [section.title])
        for at, line, original in _blocks(section):
            original = original.rstrip("\r")
            # Zero-width characters left by scraping (74.4\u200b万亿元) are dropped before
            # scanning; ``keep`` maps each offset of the scanned text back to ``original``.
            if any(ch in original for ch in ZERO_WIDTH):
                keep = [i for i, ch in enumerate(original) if ch not in ZERO_WIDTH]
                kept = "".join(original[i] for i in keep)
            else:  # the usual line: nothing dropped, offsets map to themselves
                keep, kept = list(range(len(original))), original
            keep.append(len(original))
            folded = fold_line(kept)
            for draft in _line_drafts(folded, line, section.path, titles, t):
                number = draft.number
                value = format_decimal(number.value)
                if number.high is not None:
                    value = f"{value}-{format_decimal(number.high)}"
                start, end = keep[number.start], keep[number.end - 1] + 1
                before = number.start - t.quote_max_before
                quote_start = keep[max(draft.start, before)]
                quote_end = keep[draft.quote_end - 1] + 1 if draft.quote_end else 0
                quote = original[quote_start:quote_end].strip() or original[start:quote_end]
                # The line where the number itself stands, inside a wrapped paragraph too.
                page, own_line = (
                    section.locate(at + start) if section.starts else (section.page, line)
                )
                quantity = Quantity(
                    value=value,
                    unit=_unit_for(number, draft.label),
                    text=original[start:end],
                    line=own_line,
                    quote=quote,
                    page=page,
                )
                out.append(Metric(draft.label, draft.kind, number.approx, draft.section, quantity))
    return tuple(out)
