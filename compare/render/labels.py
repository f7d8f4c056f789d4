"""The words of the pages in the report's language, and which language that is.

Public API: page_lang, labels, literal_labels, generator, site_nav, period_text,
STATUS_LABELS.

A page about a Chinese report is labelled in Chinese and marked ``lang="zh-Hans"``; a page about
an English report in English with ``lang="en"``. The language is read from the report itself
(the share of Han characters among its letters), never assumed. Status names in JSON stay the
CONTRACT's English words; only what a reader sees is translated. Every page, document and summary
names the ``compare`` version that made it (``generator``).

Every word a page of ours shows comes from here, the series site's pages (index, timeline, trends,
expressions, trace) included: a label with values in braces is filled in by the template with
``str.format`` (numbers and years the way each language writes them: "3 reports, 2017–2019",
"共3份报告，2017–2019年"). English labels are worded as the pages always were, byte for byte.
The pair page's sentences made from facts (where an entry came from, tooltips, reasons, notes)
are in ``render.pairwords``, which takes the words it shares with the pages from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from markupsafe import Markup

from compare import __version__
from compare.textkit.chars import cjk_chars

__all__ = [
    "STATUS_LABELS",
    "generator",
    "labels",
    "literal_labels",
    "page_lang",
    "period_text",
    "site_nav",
]

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
        "points": " pp",  # a change in percentage points: "−0.3 pp"
        # The series site (index, expressions, trace). Placeholders in braces are filled by the
        # templates with str.format: numbers, years, and report text that autoescape escapes.
        "site_label": "Site",
        "toolbar_label": "Navigation",
        "trends_link": "Metric trends",
        "year": "{y}",
        "colon": ": ",
        "at_line": ", line {line}",
        "year_line": "{year} line {line}",
        "years_span": "{first}–{last}",
        "one_year_span": "{year}–{year}",
        "index_title": "{series}: {span}",
        "index_h1": "{n} reports, {span}",
        "index_keys": "Each consecutive pair of stored years has its own page; the strip below is "
        "coloured by how much of the text the two years share (green: kept, red: rewritten).",
        "pairs_heading": "Consecutive pairs",
        "shared_title": "{old} → {new}: {pct} of the text shared",
        "apart_sep": " ",
        "apart": "({n} years apart)",
        "col_pair": "pair",
        "col_similarity": "similarity",
        "chip_count": "{n} {status}",
        "one_year": "Only one year is stored: there is no pair to compare yet.",
        "other_pairs": "Any other pair",
        "shared": "{pct} shared",
        "any_pair": "Any two stored years: ",
        "any_pair_rebuild": " (or rebuild the site with ",
        "any_pair_end": " to add the page here).",
        "across": "Across all years",
        "to_timeline": ": each section's life across the years, with its change score per year.",
        "to_trends": ": every indicator followed from year to year, biggest movers first.",
        "years_heading": "Years",
        "col_year": "year",
        "col_title": "title",
        "phrases_title": "{series}: expressions {first}–{last}",
        "phrases_h1": "Expressions {first}–{last}",
        "phrases_keys": "For each stored year, the most salient expressions no earlier stored "
        "year uses (new is measured from {since} on), with every stored year that uses them: "
        "first year in dark green, later uses in light green, the count in each. Each links to "
        "the pair page that shows it. ",
        "phrases_keys_end": " lists them all.",
        "second_year": "the second stored year",
        "keywords_heading": "Most used words of {year}",
        "keywords_note": "counted in the text, every stored year",
        "col_word": "word",
        "col_change": "change",
        "uses_by_year": "uses of {word} by year",
        "new_in": "New in {year}",
        "new_in_note": "against the stored years before; pair page {old} → {new}",
        "col_expression": "expression",
        "col_count": "count",
        "col_first_use": "first use",
        "quoted": "quoted",
        "no_new": "No new expression.",
        "trace_title": "{series}: trace of {title}",
        "trace_keys": "The section named by “{query}”, year by year: its text, then the words "
        "changed since the year before (",
        "trace_keys_end": ").",
        "words_removed": "removed",
        "words_added": "added",
        "no_section": "(no section)",
        "full_text": "full text {year}",
        "row_trend": "trend of row {n}",
        "kind_level": "level",
        "kind_change": "change",
        "kind_target": "target",
        "kind_ratio": "ratio",
        # The pair page's connecting words and captions (its sentences are in render.pairwords).
        "comma": ", ",
        "semicolon": "; ",
        "list_sep": ", ",
        "other_parts": "other parts",
        "merged_with": "merged with",
        # Before the links of an entry related to others in another way (reported done): the
        # English page has always said "merged with" there.
        "linked_with": "merged with",
        "table_cap": "table: ",
        "all_rows": "all {n} rows",
        "page_line": "{year}:p{page}.{line}",
        "view_sbs": "side-by-side view",
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
        "points": "个百分点",
        "site_label": "网站导航",
        "toolbar_label": "工具栏",
        "trends_link": "数据走势",
        "year": "{y}年",
        "colon": "：",
        "at_line": "（第{line}行）",
        "year_line": "{year}年第{line}行",
        "years_span": "{first}–{last}",
        "one_year_span": "{year}",
        "index_title": "{series}：{span}年",
        "index_h1": "共{n}份报告，{span}年",
        "index_keys": "每两个相邻的存储年份各有一个对比页；下面的色条按两年文字相同的比例着色"
        "（绿色：保留多，红色：改写多）。",
        "pairs_heading": "相邻年份对比",
        "shared_title": "{old} → {new}：两年文字有{pct}相同",
        "apart_sep": "",
        "apart": "（相隔{n}年）",
        "col_pair": "对比",
        "col_similarity": "相似度",
        "chip_count": "{status} {n}",
        "one_year": "目前只存储了一年的报告，还没有可以对比的年份。",
        "other_pairs": "其他年份对比",
        "shared": "文字相同{pct}",
        "any_pair": "对比任意两个存储年份：",
        "any_pair_rebuild": "（也可用 ",
        "any_pair_end": " 重新生成网站，把该对比页加到这里）。",
        "across": "历年总览",
        "to_timeline": "：每个章节在历年中的变化，以及每年的改动比例。",
        "to_trends": "：逐年跟踪每项指标，变化最大的排在前面。",
        "years_heading": "各年报告",
        "col_year": "年份",
        "col_title": "标题",
        "phrases_title": "{series}：表述 {first}–{last}",
        "phrases_h1": "表述 {first}–{last}",
        "phrases_keys": "逐年列出最突出的新表述（此前存储的年份均未用过；新表述自{since}起计），"
        "并标出用到它们的存储年份：首次使用的年份为深绿色，此后使用的年份为浅绿色，格中数字为"
        "使用次数。每条表述都链接到显示它的对比页。用 ",
        "phrases_keys_end": " 可列出全部新表述。",
        "second_year": "第二个存储年份",
        "keywords_heading": "{year}年最常用的词",
        "keywords_note": "按原文出现次数，逐年统计",
        "col_word": "词语",
        "col_change": "较上年增减",
        "uses_by_year": "“{word}”历年使用次数",
        "new_in": "{year}年的新表述",
        "new_in_note": "与此前存储的各年份相比；对比页 {old} → {new}",
        "col_expression": "表述",
        "col_count": "次数",
        "col_first_use": "首次使用",
        "quoted": "引号内",
        "no_new": "没有新表述。",
        "trace_title": "{series}：{title}（历年追踪）",
        "trace_keys": "按“{query}”找到的章节，逐年列出：当年原文，以及与上一年相比改动的字词（",
        "trace_keys_end": "）。",
        "words_removed": "删去",
        "words_added": "新增",
        "no_section": "（无此章节）",
        "full_text": "{year}年全文",
        "row_trend": "第{n}行的走势",
        "kind_level": "数值",
        "kind_change": "增减",
        "kind_target": "目标",
        "kind_ratio": "比率",
        "comma": "，",
        "semicolon": "；",
        "list_sep": "、",
        "other_parts": "拆分出的其他部分",
        "merged_with": "一同并入的还有",
        "linked_with": "另见",
        "table_cap": "表格：",
        "all_rows": "全部{n}行",
        "page_line": "{year}:第{page}页第{line}行",
        "view_sbs": "左右对照视图",
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


def literal_labels(lang: str) -> dict[str, Markup]:
    """``labels(lang)`` as markup, for the pages whose words were written in the template (index,
    expressions, trace): our own constants, so quotes stay as written (section's, not
    section&#39;s), while report text filled in with ``.format`` is escaped by ``Markup.format``
    and the rest by autoescape."""
    return {key: Markup(text) for key, text in labels(lang).items()}


_NAV = {
    "index.html": "首页",
    "timeline.html": "章节时间线",
    "trends.html": "数据走势",
    "phrases.html": "表述",
}


def site_nav(nav: Sequence[tuple[str, str]], lang: str) -> list[tuple[str, str]]:
    """A site's navigation bar (href, label) in the page's language."""
    if lang != "zh-Hans":
        return list(nav)
    return [(href, _NAV.get(href, label)) for href, label in nav]


_PERIODS_ZH = {"several years": "多年", "month": "月度", "quarter": "季度"}


def period_text(period: str, lang: str) -> str:
    """A metric's period (``Metric.period``: "5 years", "3-5 years", "since 2013", "8 months",
    "quarter") as a reader of ``lang`` writes it: 5年, 3-5年, 2013年以来, 8个月, 季度."""
    if lang != "zh-Hans":
        return period
    if period in _PERIODS_ZH:
        return _PERIODS_ZH[period]
    count, _, unit = period.partition(" ")
    if count == "since" and unit.isdigit():
        return f"{unit}年以来"
    if unit in ("years", "months") and count[:1].isdigit():
        return count + ("年" if unit == "years" else "个月")
    return period
