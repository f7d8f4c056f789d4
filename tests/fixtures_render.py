"""Hand-built comparisons for the render tests: every section status, a note, folded runs.

Public API: make_diff, section, basic_comparison, hostile_comparison.

The texts are invented (no corpus text in the repo); diffs come from difflib on folded text, as
the diff stage's character diffs do, so equal spans may differ in width only.
"""

from __future__ import annotations

import difflib

from compare.models import (
    Comparison,
    Metric,
    MetricChange,
    Quantity,
    Report,
    Section,
    SectionPair,
    TextDiff,
)
from compare.textkit.chars import fold

LONG = (
    "坚持以人民为中心的发展思想，持续深化改革，推动经济高质量发展，"
    "不断满足人民日益增长的美好生活需要。"
)


NOTE = "compared paragraph by paragraph: the texts are long"


def make_diff(a: str, b: str, note: str = "") -> TextDiff:
    """A character TextDiff of a and b, matched on folded text like the diff stage."""
    fa, fb = fold(a), fold(b)
    if len(fa) != len(a) or len(fb) != len(b):  # CR or zero-width: offsets would not line up
        fa, fb = a, b
    matcher = difflib.SequenceMatcher(None, fa, fb, autojunk=False)
    return TextDiff(a, b, tuple(matcher.get_opcodes()), round(1 - matcher.ratio(), 3), note)


def section(path: str, title: str, body: str, line: int, level: int | None = None) -> Section:
    """A Section whose text is the title then the body's lines, one source line each."""
    text = "\n".join([title, *body.split("\n")]) if body else title
    blocks = text.count("\n") + 1
    lvl = level if level is not None else (0 if path == "0" else path.count("/") + 1)
    return Section(path, lvl, title, text, line, tuple(range(line, line + 2 * blocks, 2)))


def _metric(
    label: str, value: str, unit: str, text: str, line: int, approx: bool = False
) -> Metric:
    return Metric(label, "level", approx, "1", Quantity(value, unit, text, line, f"{label}{text}"))


def _pair(status: str, old: Section | None, new: Section | None, sim: float) -> SectionPair:
    return SectionPair(status, old, new, sim)


def basic_comparison() -> Comparison:
    """Two small reports with one entry of each status and metrics of each status."""
    o_pre = section("0", "", "各位代表：\n现在，我代表国务院，向大会报告过去五年政府工作。", 1)
    n_pre = section("0", "", "各位代表：\n现在，我代表国务院，向大会报告政府工作。", 1)
    o1 = section("1", "一、过去五年工作回顾", LONG * 2 + "国内生产总值增长6.9%。" + LONG * 2, 5)
    n1 = section("1", "一、2018年工作回顾", LONG * 2 + "国内生产总值增长6.6%。" + LONG * 2, 5)
    o11 = section("1/1", "（一）稳定经济运行。", "经济运行保持在合理区间。", 9)
    n11 = section("1/1", "（一）保持经济平稳运行。", "经济运行保持在合理区间。", 9)
    o12 = section("1/2", "（二）优化经济结构。", "消费贡献率提高到58.8％。\n" + LONG, 13)
    n12 = section("1/2", "（二）优化经济结构。", "消费贡献率提高到58.8%。\n" + LONG, 13)
    o13 = section("1/3", "（三）推进改革开放。", "深化改革，扩大开放，激发市场活力。", 17)
    n21 = section("2/1", "（一）深化改革。", "深化改革，激发市场活力。", 25)
    n22 = section("2/2", "（二）扩大开放。", "扩大开放，稳外贸稳外资。", 29)
    o14 = section("1/4", "（四）改善生态环境。", "打好污染防治攻坚战。", 21)
    o15 = section("1/5", "（五）保障改善民生。", "城镇新增就业1351万人。", 25)
    o2 = section("2", "二、今年工作建议", "统筹稳增长、促改革、调结构。", 29)
    n14 = section("1/4", "（三）民生和环境。", "打好污染防治攻坚战，城镇新增就业1361万人。", 17)
    n2 = section("2", "二、今年工作建议", "统筹稳增长、促改革、调结构、惠民生。", 21)
    n3 = section("3", "三、加强政府自身建设", "推进法治政府建设。", 33)
    o3 = section("3", "三、过去的旧任务", "这一节在新报告中没有了。", 33)
    sections = (
        _pair("changed", o_pre, n_pre, 0.9),
        _pair("renamed", o1, n1, 0.98),
        _pair("renamed", o11, n11, 1.0),
        _pair("unchanged", o12, n12, 1.0),
        _pair("merged", o14, n14, 0.55),
        _pair("merged", o15, n14, 0.5),
        _pair("moved", o2, n2, 0.8),
        _pair("split", o13, n21, 0.6),
        _pair("split", o13, n22, 0.45),
        _pair("added", None, n3, 0.0),
        _pair("removed", o3, None, 0.0),
    )
    diffs = tuple(
        None
        if p.old is None or p.new is None
        else make_diff(
            p.old.text,
            p.new.text,
            note=NOTE if p.status == "moved" else "",
        )
        for p in sections
    )
    metrics = (
        MetricChange(
            "changed",
            "国内生产总值增长",
            _metric("国内生产总值增长", "6.9", "%", "6.9%", 7),
            _metric("国内生产总值增长", "6.6", "%", "6.6%", 7),
            "-0.3",
            None,
        ),
        MetricChange(
            "changed",
            "城镇新增就业",
            _metric("城镇新增就业", "13510000", "人", "1351万人", 25),
            _metric("城镇新增就业", "13610000", "人", "1361万人", 17, approx=True),
            "100000",
            "0.74",
        ),
        MetricChange(
            "unchanged",
            "消费贡献率",
            _metric("消费贡献率", "58.8", "%", "58.8％", 13),
            _metric("消费贡献率", "58.8", "%", "58.8%", 13),
            "0",
            None,
        ),
        MetricChange(
            "added", "使用外资", None, _metric("使用外资", "138300000000", "美元", "1383亿美元", 29)
        ),
        MetricChange(
            "removed",
            "财政收入",
            _metric("财政收入", "17300000000000", "元", "17.3万亿元", 33),
            None,
        ),
    )
    old = Report(
        "示例城市年度报告",
        2018,
        "2018年示例报告",
        "a" * 64,
        "2018.txt",
        (o_pre, o1, o11, o12, o13, o14, o15, o2, o3),
    )
    new = Report(
        "示例城市年度报告",
        2019,
        "2019年示例报告",
        "b" * 64,
        "2019.txt",
        (n_pre, n1, n11, n12, n14, n2, n21, n22, n3),
    )
    return Comparison("示例城市年度报告", old, new, sections, diffs, metrics, 0.734)


def hostile_comparison(text: str) -> Comparison:
    """A comparison whose every report string contains ``text``."""
    old = section("1", f"一、{text}", f"旧{text}内容", 3)
    new = section("1", f"一、{text}改", f"新{text}内容{text}", 3)
    gone = section("2", text, text, 9)
    came = section("2", text + "新", text, 7)
    metric_old = _metric(text, "1", text, text, 3)
    metric_new = _metric(text, "2", text, text + "2", 4)
    sections = (
        SectionPair("changed", old, new, 0.5),
        SectionPair("added", None, came, 0.0),
        SectionPair("removed", gone, None, 0.0),
    )
    diffs = (make_diff(old.text, new.text, note=text), None, None)
    metrics = (
        MetricChange("changed", text, metric_old, metric_new, "1", "100"),
        MetricChange("added", text, None, metric_new),
    )
    r_old = Report(text, 2018, text, "a", text, (old, gone))
    r_new = Report(text, 2019, text, "b", text, (new, came))
    return Comparison(text, r_old, r_new, sections, diffs, metrics, 0.5)
