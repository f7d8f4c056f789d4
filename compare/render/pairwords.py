"""The pair page's sentences made from facts, in the page's language (``labels.page_lang``): where
an entry came from (moved, split, merged, reported done), the tooltips of marked figures, moved
sentences and the stated-change check, a figure's identity note, why two look-alike metrics were
left unpaired, the comparison's notes, and the captions of diffed tables.

Public API: sentence, metric_title, identity_text, check_title, reason_text, note_text,
table_caption, where_text.

English is worded exactly as the pair page always was. The reasons and notes are the earlier
stages' own English, which the JSON keeps word for word: an English page shows them as they are, a
Chinese page words the same facts. A reason carries its code and facts
(``compare.metrics.identity.Reason``). A note of the align, diff and metric stages is plain
English with numbers in it: it is read back here by its pattern and worded in Chinese with the
same numbers; a note no pattern knows is shown as written (tests/test_pair_lang.py makes every
note from the stage that writes it, so a rewording there that this module does not follow fails).
"""

from __future__ import annotations

import re
from functools import partial

from compare.metrics.display import delta_text, group_digits, identity_parts, shown_text
from compare.metrics.identity import Reason
from compare.models import Metric, StatedCheck
from compare.render.labels import labels, period_text

__all__ = [
    "check_title",
    "identity_text",
    "metric_title",
    "note_text",
    "reason_text",
    "sentence",
    "table_caption",
    "where_text",
]

ZH = "zh-Hans"

# Sentences with facts in braces, filled with str.format; titles are report text, made visible
# by the caller and escaped by the template.
_SENTENCES = {
    "en": {
        "reported_done": "reported done: a task of {old} that the review of {new} reports on "
        "(a relation, not an alignment)",
        "its_entry": "its {new} entry",
        "moved_elsewhere": "moved from elsewhere in {old}",
        "moved_from": "moved from position {pos} in {old}",
        "after": "after {old} {title}",
        "split_of": "part of a split of {old} {title}",
        "merged_into": "merged into {new} {title}",
        "part": "{year} {title}",
        "moved_away": "moved from here; see the moved sentences below",
        "moved_in": "moved here; see the moved sentences below",
        "moved_out": "moved to another section; see it there",
        "moved_over": "moved here from another section; see the moved sentences below",
        "preamble": "(preamble)",
    },
    ZH: {
        "reported_done": "已报告完成：{old}年部署的工作，{new}年报告的回顾部分报告了其完成情况"
        "（这是两者的关联，不是章节对应）",
        "its_entry": "其{new}年条目",
        "moved_elsewhere": "从{old}年报告的其他位置移来",
        "moved_from": "从{old}年报告第{pos}个章节的位置移来",
        "after": "原在{old}年“{title}”之后",
        "split_of": "由{old}年“{title}”拆分而来",
        "merged_into": "并入{new}年“{title}”",
        "part": "{year}年“{title}”",
        "moved_away": "此句已移动，见下方“移动的句子”",
        "moved_in": "此句由本节别处移来，见下方“移动的句子”",
        "moved_out": "此句已移到其他章节，请到该处查看",
        "moved_over": "此句由其他章节移来，见下方“移动的句子”",
        "preamble": "（导语）",
    },
}


def sentence(key: str, lang: str, **facts: object) -> str:
    """Sentence ``key`` of the pair page in ``lang``, its facts filled in."""
    words = _SENTENCES[ZH if lang == ZH else "en"]
    return words[key].format(**facts)


def identity_text(metric: Metric, lang: str) -> str:
    """What sets a figure apart from a plain one-year figure (``display.identity_note``): "5 years
    · 年均" in English, "5年 · 年均" in Chinese; "" for a plain one."""
    words = []
    for kind, value in identity_parts(metric):
        if kind == "start":
            words.append("起始值" if lang == ZH else "starting value")
        elif kind == "period":
            words.append(period_text(value, lang))
        else:
            words.append(value)
    return " · ".join(words)


def metric_title(metric: Metric, lang: str) -> str:
    """The tooltip of a figure marked in the text: label, identity, value and unit, and the
    words the report used when the value is approximate. Not yet made visible."""
    q = metric.quantity
    sep = "" if q.unit in ("%", "‰") else " "
    value = f"{'≈' if metric.approx else ''}{group_digits(q.value)}{sep}{q.unit}"
    note = identity_text(metric, lang)
    if lang == ZH:
        written = f"（原文：{shown_text(metric)}）" if metric.approx else ""
        return f"{metric.label}{f'（{note}）' if note else ''}：{value}{written}".strip()
    written = f" (as written: {shown_text(metric)})" if metric.approx else ""
    return f"{metric.label}{f' ({note})' if note else ''}: {value}{written}".strip()


# How a stated comparison's unit of percentage points is written.
_POINTS = ("个百分点", "percentage point")


def check_title(check: StatedCheck, lang: str) -> str:
    """The tooltip of the ✓/≠ cell: the new report's own comparison with the year before, where
    it stands, and the change computed from the two years. Not yet made visible."""
    q = check.stated.quantity
    computed = check.computed if check.computed.startswith("-") else "+" + check.computed
    if lang == ZH:
        if q.unit in _POINTS:
            change = f"{computed}个百分点"
        elif q.unit in ("%", "‰"):
            change = f"{computed}{q.unit}"
        else:  # in the magnitude the report states it: 比去年增加8000亿元 -> +8000亿元
            change = delta_text(check.computed, q.unit, like=q.text)
        return f"报告自述：{q.quote}（{where_text(None, q.line, ZH)}）；按两年数据计算：{change}"
    unit = "pp" if q.unit in _POINTS else q.unit
    return (f"stated: {q.quote} ({where_text(None, q.line)}); computed from the two years: "
            f"{computed} {unit}")


_WHAT_ZH = {"total": "累计值", "average": "年均值", "figure": "数值"}


def _period_zh(period: str) -> str:
    return "全年" if period == "year" else period_text(period, ZH)


def _span_zh(period: str) -> str:
    """"5 years" -> "5年", as ``identity._span`` words a multi-year span: "多年" when no count."""
    if period.startswith("since"):
        return period_text(period, ZH)
    count = period.split()[0]
    return f"{count}年" if count.isdigit() else "多年"


def _quoted(words: str) -> str:
    return f"“{words}”" if words else "（无）"


def _reason_zh(reason: Reason) -> str:
    facts = reason.facts
    kinds = labels(ZH)
    match reason.code:
        case "start":
            return "一为“由…到…”表述中的起始值，一为当前数值"
        case "target":
            return "目标值与实际值"
        case "span":
            return f"{_span_zh(facts[0])}{_WHAT_ZH.get(facts[1], '数值')}与单一年度数值"
        case "periods":
            return f"时期不同：{_period_zh(facts[0])}与{_period_zh(facts[1])}"
        case "qualifiers":
            return f"限定词不同：{_quoted(facts[0])}与{_quoted(facts[1])}"
        case "kinds":
            a, b = (kinds.get(f"kind_{k}", k) for k in facts)
            return f"类别不同：{a}与{b}"
        case "units":
            return f"单位不同：{facts[0] or '—'}与{facts[1] or '—'}"
        case "subjects":
            return "概念不同：两个不同的预算科目"
        case "concepts":
            return f"概念不同：{facts[0]}与{facts[1]}"
        case "tie":
            return "有两个同样相近的候选，无法确定与哪个配对"
        case "far":
            return "数值相差太大，不像同一指标"
    return str(reason)


def reason_text(reason: str, lang: str) -> str:
    """Why two look-alike metrics were left unpaired, in ``lang``: the metric stage's English as
    it is, or the Chinese of its code and facts. Not yet made visible."""
    if lang != ZH or not isinstance(reason, Reason):
        return reason
    return _reason_zh(reason)


_NUM = r"[\d,]+"
# The notes of the align stage (matching.over_budget, provenance.over_budget), the metric stage
# (pairing.match_metrics) and the diff stage (worddiff.diff_texts), each with its Chinese.
_NOTES_ZH = (
    (re.compile(rf"The reports have (?P<old>{_NUM}) × (?P<new>{_NUM}) sections, more pairs than "
                rf"the alignment budget \((?P<budget>{_NUM})\), so sections were paired only "
                r"where their titles match \(ordinals and years aside\), in order; renamed, "
                r"moved, split and merged sections show as removed and added\."),
     "两份报告分别有{old}个和{new}个章节，两两比对的组合数超出对齐预算（{budget}），因此只按顺序"
     "配对标题相同（序号和年份除外）的章节；改名、移动、拆分和合并的章节会显示为删除和新增。"),
    (re.compile(rf"The reports have too many paragraphs × sections \((?P<work>{_NUM}), budget "
                rf"(?P<budget>{_NUM})\) to trace where each paragraph went, so sections split or "
                r"merged across several others may show as fewer split and merged entries\."),
     "两份报告的段落数×章节数过多（{work}，预算{budget}），无法追踪每段文字的去向，因此涉及多个章节的"
     "拆分或合并，显示出的拆分、合并条目可能偏少。"),
    (re.compile(rf"Metric pairing: (?P<capped>{_NUM}) labels share only words common to more "
                rf"than (?P<cap>{_NUM}) others and were paired by exact label only\."),
     "数据配对：有{capped}个指标名称所含的字词都是{cap}个以上其他指标共有的常见字词，"
     "这些指标只与名称完全相同的指标配对。"),
    (re.compile(rf"The texts are too large to align sentence by sentence within the budget "
                rf"\((?P<ka>{_NUM}) × (?P<kb>{_NUM}) sentences, (?P<ca>{_NUM}) × (?P<cb>{_NUM}) "
                r"characters\), so passages between identical sentences are shown as whole "
                r"replacements\."),
     "文本太长，无法在预算内逐句对齐（{ka}×{kb}句，{ca}×{cb}字），"
     "因此相同句子之间的段落整段显示为替换。"),
    (re.compile(rf"(?P<n>{_NUM}) sentence pair\(s\) too long for a word-level diff \(over the "
                rf"budget of (?P<budget>{_NUM}) token pairs\) are shown as whole replacements\."),
     "有{n}对句子太长，超出逐词比较的预算（{budget}个词对），整句显示为替换。"),
)


def _fill(words: str, found: re.Match[str]) -> str:
    return words.format(**found.groupdict())


def note_text(note: str, lang: str) -> str:
    """A note of the comparison or of an entry's diff in ``lang``: the stage's English as it is,
    or each sentence a pattern knows in Chinese (one it does not know stays as written). Not yet
    made visible."""
    if lang != ZH:
        return note
    out = note
    for pattern, words in _NOTES_ZH:
        out = pattern.sub(partial(_fill, words), out)
    # The diff stage joins its sentences with a space; Chinese sentences follow on directly.
    return re.sub(r"(?<=。) (?=\S)", "", out)


def table_caption(rows: int, counts: dict[str, int], lang: str) -> str:
    """What a diffed table holds: its rows and how many changed, were added or removed."""
    statuses = [s for s in ("changed", "added", "removed") if counts.get(s)]
    if lang == ZH:
        done = {"changed": "改动", "added": "新增", "removed": "删除"}
        if not statuses:
            return f"共{rows}行，均未改动"
        return f"共{rows}行，其中" + "、".join(f"{done[s]}{counts[s]}行" for s in statuses)
    if not statuses:
        return f"{rows} rows, none changed"
    return ", ".join([f"{rows} rows"] + [f"{counts[s]} {s}" for s in statuses])


def where_text(page: int | None, line: int | None, lang: str = "en") -> str:
    """``p. 3, line 5`` for a PDF source, ``line 5`` otherwise (第3页第5行, 第5行)."""
    if line is None:
        return ""
    if lang == ZH:
        return f"第{page}页第{line}行" if page else f"第{line}行"
    return f"p. {page}, line {line}" if page else f"line {line}"
