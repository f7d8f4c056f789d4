"""The words of the pages in the report's language, and which language that is.

Public API: page_lang, labels, generator, site_nav, STATUS_LABELS.

A page about a Chinese report is labelled in Chinese and marked ``lang="zh-Hans"``; a page about
an English report in English with ``lang="en"``. The language is read from the report itself
(the share of Han characters among its letters), never assumed. Status names in JSON stay the
CONTRACT's English words; only what a reader sees is translated. Every page, document and summary
names the ``compare`` version that made it (``generator``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from compare import __version__
from compare.textkit.chars import cjk_chars

__all__ = ["STATUS_LABELS", "generator", "labels", "page_lang", "site_nav"]

# A text is Chinese when at least this share of its letters are Han characters: a Chinese report
# quotes Latin names (PM2.5, GDP) and an English one may quote a Chinese name, neither near it.
_HAN_SHARE = 0.3


def generator() -> str:
    """``compare 0.1.0``: the tool and version named on every output."""
    return f"compare {__version__}"


def page_lang(texts: Iterable[str]) -> str:
    """``zh-Hans`` when the texts are mostly Chinese, else ``en``."""
    han = letters = 0
    for text in texts:
        found = cjk_chars(text)
        # Every CJK character is a letter, and so is every other alphabetic one.
        alpha = sum(map(str.isalpha, text)) - sum(map(str.isalpha, found))
        han += len(found)
        letters += len(found) + alpha
    return "zh-Hans" if letters and han / letters >= _HAN_SHARE else "en"


STATUS_LABELS = {
    "en": {
        "unchanged": "unchanged",
        "changed": "changed",
        "renamed": "renamed",
        "moved": "moved",
        "split": "split",
        "merged": "merged",
        "added": "added",
        "removed": "removed",
        "new": "new",
        "dropped": "dropped",
        "same": "same",
        "present": "in report",
        "introduced": "new",
    },
    "zh-Hans": {
        "unchanged": "未变",
        "changed": "修改",
        "renamed": "改名",
        "moved": "移动",
        "split": "拆分",
        "merged": "合并",
        "added": "新增",
        "removed": "删除",
        "new": "新增",
        "dropped": "删除",
        "same": "未变",
        "present": "已有",
        "introduced": "新增",
    },
}

_WORDS = {
    "en": {
        "prev": "▲ prev",
        "next": "▼ next",
        "prev_title": "Previous change (k or p)",
        "next_title": "Next change (j or n)",
        "view": "inline view",
        "view_title": "Switch between side-by-side and inline diffs",
        "width": "show width-only changes",
        "contents": "contents",
        "metrics": "metrics",
        "Contents": "Contents",
        "entries": "entries",
        "overall": "overall similarity",
        "sections": "sections",
        "most": "Most changed sections",
        "changed": "changed",
        "changed_title": "share of words changed",
        "all_parts": "all parts together",
        "all_parts_shown": "All the parts of this entry together:",
        "keys_label": "Keys:",
        "key_next": "next change",
        "key_prev": "previous",
        "key_view": "switch view",
        "renumbered": "Renumbered:",
        "only_number": "Only the number changed:",
        "only_in": "only in",
        "empty": "(both sides empty)",
        "moved_cap": "Moved sentences: deleted in one place, inserted in another, with their "
        "word edits",
        "alike": "alike",
        "line": "line",
        "preamble": "(preamble)",
        "metric_changes": "Metric changes",
        "outcomes": "Targets and outcomes",
        "outcomes_keys": "last year's targets beside what this year's report says was achieved: "
        "a plan against its outcome, not a change.",
        "target": "target",
        "reports": "reports",
        "related": "Possibly related, not paired",
        "related_keys": "Figures that name alike but are not one indicator, or whose pairing is "
        "unclear: left unpaired, with the reason.",
        "why_not": "why not paired",
        "filter": "Filter metrics",
        "all": "all",
        "label": "label",
        "stated": "stated",
        "stated_title": "the new report's own comparison with last year, checked against the "
        "computed change",
        "status": "status",
        "lines": "lines",
        "no_metrics": "No metrics were found in either report.",
        "see": "All the parts of this entry are shown together at",
        "set_by_hand": "set by hand",
        "set_by_hand_title": "a correction given with `compare correct`",
        "made_by": "Made by",
        "metrics_title": "Metrics",
        "chains": "chains",
        "trend": "trend",
        "delta_first_last": "Δ first → last",
        "unit": "unit",
        "kind": "kind",
        "trends_keys": "One row per indicator followed from year to year; hover a value for the "
        "sentence it comes from. — means the year's report does not state it (or words it too "
        "differently to pair). The label column stays in place while the years scroll.",
        "no_chains": "No metric is stated in more than one of these years.",
        "timeline": "Section timeline",
        "timeline_sections": "sections",
        "timeline_keys": "One row per section followed from year to year; a cell says what "
        "happened to it that year and the share of its words changed since the year before "
        "(darker: more rewritten). A cell links to the entry of that pair's page. The section "
        "column stays in place while the years scroll.",
        "latest_title": "section (latest title)",
        "mean_change": "mean change",
        "mean_change_title": "mean share of words changed per year",
        "no_timeline": "Fewer than two years are stored: no section can be followed yet.",
        "split_from": "split from",
        "merged_into": "merged into",
        "latest": "latest years",
    },
    "zh-Hans": {
        "prev": "▲ 上一处",
        "next": "▼ 下一处",
        "prev_title": "上一处修改（k 或 p）",
        "next_title": "下一处修改（j 或 n）",
        "view": "合并视图",
        "view_title": "在左右对照与合并视图之间切换",
        "width": "显示仅全角半角不同之处",
        "contents": "目录",
        "metrics": "数据",
        "Contents": "目录",
        "entries": "条",
        "overall": "总体相似度",
        "sections": "章节",
        "most": "改动最大的章节",
        "changed": "改动",
        "changed_title": "改动的词所占比例",
        "all_parts": "各部分合计",
        "all_parts_shown": "此条的各部分合在一起：",
        "keys_label": "快捷键：",
        "key_next": "下一处修改",
        "key_prev": "上一处",
        "key_view": "切换视图",
        "renumbered": "序号改变：",
        "only_number": "仅序号改变：",
        "only_in": "仅见于",
        "empty": "（两边均为空）",
        "moved_cap": "移动的句子：在一处删去、在另一处加入，并标出其中的字词改动",
        "alike": "相同",
        "line": "第行",
        "preamble": "（导语）",
        "metric_changes": "数据变化",
        "outcomes": "目标与完成情况",
        "outcomes_keys": "上年报告提出的目标，与今年报告所述的实际完成情况并列："
        "是计划与结果，不是变化。",
        "target": "目标",
        "reports": "报告实际",
        "related": "可能相关、未配对的数据",
        "related_keys": "名称相近但并非同一指标、或配对不确定的数据："
        "不予配对，并说明原因。",
        "why_not": "未配对原因",
        "filter": "筛选数据",
        "all": "全部",
        "label": "指标",
        "stated": "报告自述",
        "stated_title": "新报告自己给出的同比变化，与两年数据算出的变化核对",
        "status": "状态",
        "lines": "行号",
        "no_metrics": "两份报告中都没有找到数据。",
        "see": "此条的各部分合在一起显示于",
        "set_by_hand": "人工指定",
        "set_by_hand_title": "由 `compare correct` 给出的更正",
        "made_by": "生成工具",
        "metrics_title": "数据",
        "chains": "项指标",
        "trend": "走势",
        "delta_first_last": "首年 → 末年变化",
        "unit": "单位",
        "kind": "类别",
        "trends_keys": "每行是一项逐年跟踪的指标；鼠标停在数值上可看原句。— 表示当年报告未提及"
        "（或措辞差别太大，无法配对）。年份左右滚动时，指标列保持不动。",
        "no_chains": "没有哪项指标在两年以上的报告中出现。",
        "timeline": "章节时间线",
        "timeline_sections": "个章节",
        "timeline_keys": "每行是一个逐年跟踪的章节；每格说明该章节当年的变化，以及与上一年相比"
        "改动的词所占比例（颜色越深，改写越多）。点击格子可跳到该年对比页的对应条目。年份左右"
        "滚动时，章节列保持不动。",
        "latest_title": "章节（最新标题）",
        "mean_change": "平均改动",
        "mean_change_title": "每年改动的词所占比例的平均值",
        "no_timeline": "存储的报告不足两年，尚无法跟踪章节。",
        "split_from": "拆分自",
        "merged_into": "并入",
        "latest": "最近的年份",
    },
}


def labels(lang: str) -> dict[str, str]:
    """The words of a page in ``lang`` (``zh-Hans`` or ``en``), status names included under
    ``st_<status>``."""
    key = lang if lang in _WORDS else "en"
    out = dict(_WORDS[key])
    out.update({f"st_{k}": v for k, v in STATUS_LABELS[key].items()})
    out["lang"] = key
    out["generator"] = generator()
    return out


_NAV = {"index.html": "首页", "timeline.html": "章节时间线", "trends.html": "数据走势"}


def site_nav(nav: Sequence[tuple[str, str]], lang: str) -> list[tuple[str, str]]:
    """A site's navigation bar (href, label) in the page's language."""
    if lang != "zh-Hans":
        return list(nav)
    return [(href, _NAV.get(href, label)) for href, label in nav]
