"""What a figure is a figure of (issue 14, items 1-3): part roles, period and qualifiers read from
the sentence and its section, pairing only on identity, targets beside outcomes, look-alikes
listed as related with the reason."""

from __future__ import annotations

from support import CORPUS, need

from compare.metrics import extract_metrics, match_metrics, pair_metrics
from compare.models import Metric, Quantity, Section
from compare.roles import NO_ROLE, PLAN, REVIEW, PartRole, part_roles, title_role
from compare.textkit.chars import fold_line


def report(*parts: tuple[str, str]) -> tuple[Section, ...]:
    """Top-level sections (title, body), one source line per block."""
    out, line = [], 1
    for k, (title, body) in enumerate(parts, start=1):
        text = f"{title}\n{body}"
        out.append(Section(str(k), 1, title, text, line, (line, line + 1)))
        line += 2
    return tuple(out)


def metric(label: str, value: str, unit: str = "人", **kw: object) -> Metric:
    """A hand-made metric; keyword arguments set its identity (period, kind, qualifiers…)."""
    kind = str(kw.pop("kind", "level"))
    q = Quantity(value, unit, value + unit, int(str(kw.pop("line", 1))), label + value + unit)
    return Metric(label, kind, False, "1", q, **kw)  # type: ignore[arg-type]


class TestRoles:
    def test_titles(self) -> None:
        """A year's review, a term's review, a plan, a five-year plan, and no role."""
        assert title_role("一、2018年工作回顾") == PartRole(REVIEW, 1)
        assert title_role("一、过去五年工作回顾") == PartRole(REVIEW, 5)
        assert title_role("三、2019年政府工作任务") == PartRole(PLAN, 1)
        assert title_role("二、“十三五”时期主要目标任务和重大举措") == PartRole(PLAN, 5)
        assert title_role("Economic performance") == PartRole(REVIEW, 1)
        assert title_role("（三）坚持创新引领发展") == NO_ROLE

    def test_inherited_and_following_parts(self) -> None:
        """Sub-sections take their part's role; a part after a plan part is a plan too."""
        sections = (
            Section("1", 1, "一、2014年工作回顾", "一、2014年工作回顾", 1),
            Section("1/1", 2, "（一）坚持稳中求进，着力创新宏观调控方式", "（一）…", 2),
            Section("2", 1, "二、2015年工作总体部署", "二、2015年工作总体部署", 3),
            Section("3", 1, "三、把改革开放扎实推向纵深", "三、把改革开放扎实推向纵深", 4),
        )
        roles = part_roles(sections)
        assert [roles[p].kind for p in ("1", "1/1", "2", "3")] == [REVIEW, REVIEW, PLAN, PLAN]


class TestPeriodAndQualifiers:
    def test_term_review_part(self) -> None:
        """Under 过去五年工作回顾 totals and averages cover five years, while a level reached at
        the end, a stock and a paragraph about 2017 are one-year figures."""
        found = extract_metrics(report(
            ("一、过去五年工作回顾",
             "五年来，国内生产总值从54万亿元增加到82.7万亿元，年均增长7.1%。城镇新增就业6600万人以上，"
             "13亿多人口的大国实现了比较充分就业。"),
            ("（一）坚持创新", "刚刚过去的2017年，国内生产总值增长6.9%，城镇新增就业1351万人。"),
        ))
        got = [(m.quantity.text, m.period, m.qualifiers, m.start) for m in found]
        assert got == [
            ("54万亿元", "year", (), True),
            ("82.7万亿元", "year", (), False),
            ("7.1%", "5 years", ("年均",), False),
            ("6600万人", "5 years", (), False),
            ("13亿多", "year", (), False),
            ("6.9%", "year", (), False),
            ("1351万人", "year", (), False),
        ]

    def test_sentence_markers(self) -> None:
        """The nearest marker before a number wins: 年以来, 1-8月, 第一季度, 去年."""
        found = extract_metrics(report(("一、2019年工作回顾",
                                        "2013年以来累计减税2万亿元。1-8月税收收入增长3%。"
                                        "第一季度出口增长5%。去年末城镇登记失业率4.02%。")))
        assert [(m.period, m.qualifiers) for m in found] == [
            ("since 2013", ("累计",)), ("8 months", ()), ("quarter", ()),
            ("year", ("年末", "城镇登记"))]

    def test_scopes(self) -> None:
        """Scope words become qualifiers: 城镇调查, 规模以上, 中央, 一般公共预算; a place
        heading its paragraph (平安县：) too."""
        found = extract_metrics(report(("一、2019年工作回顾",
                                        "调查失业率稳定在5%左右，规模以上工业增加值增长6.2%，"
                                        "中央财政赤字1.83万亿元。\n平安县：一般公共预算收入12345万元。")))
        assert [m.qualifiers for m in found] == [
            ("城镇调查",), ("规模以上",), ("中央",), ("一般公共预算", "平安县")]

    def test_consecutive_years_and_non_financial_scope(self) -> None:
        """连续两年增长 speaks of two years, not one, and only for its own sentence; 非金融类
        scopes a figure to a part of the whole (non-financial outward investment)."""
        found = extract_metrics(report(("一、2015年工作回顾",
                                        "农村学生人数连续两年增长10%以上。"
                                        "非金融类对外直接投资1180亿美元。")))
        assert [(m.period, m.qualifiers) for m in found] == [
            ("2 years", ()), ("year", ("非金融类",))]

    def test_plan_part_targets_and_last_years_actual(self) -> None:
        """In a plan part figures are targets, except what the sentence reports of the past and
        the starting value of a from-to, which is last year's actual."""
        found = extract_metrics(report(("三、2017年重点工作任务",
                                        "城乡居民医保财政补助由每人每年420元提高到450元。"
                                        "去年已完成易地扶贫搬迁240万人。")))
        assert [(m.quantity.value, m.kind, m.start) for m in found] == [
            ("420", "level", False), ("450", "target", False), ("2400000", "level", False)]

    def test_hedge_as_written(self) -> None:
        """The hedge word is kept as written, before or after the number."""
        found = extract_metrics(report(("一、2019年工作回顾",
                                        "近90人，6.5%左右，超过1亿户，620多万套。")))
        assert [m.approx_word for m in found] == ["近", "左右", "超过", "多"]


class TestPairingOnIdentity:
    def test_five_year_never_meets_annual(self) -> None:
        """Same label, a five-year total and a one-year figure: no pair, listed as related."""
        found = match_metrics([metric("城镇新增就业", "13510000")],
                              [metric("城镇新增就业", "66000000", period="5 years")])
        assert sorted(c.status for c in found.changes) == ["added", "removed"]
        (rel,) = found.related
        assert rel.reason == "5-year total vs one year"

    def test_average_vs_annual_reason(self) -> None:
        """A 年均 growth rate against a one-year rate is an average, said so."""
        found = match_metrics(
            [metric("国内生产总值增长", "6.7", "%", kind="change")],
            [metric("国内生产总值年均增长", "7.1", "%", kind="change", period="5 years",
                    qualifiers=("年均",))])
        assert [r.reason for r in found.related] == ["5-year average vs one year"]

    def test_target_never_meets_actual(self) -> None:
        """A target and an actual of one indicator are not a change."""
        changes = pair_metrics([metric("城镇新增就业", "11000000", kind="target")],
                               [metric("城镇新增就业", "13510000")])
        assert sorted(c.status for c in changes) == ["added", "removed"]

    def test_subset_never_meets_whole(self) -> None:
        """中央财政赤字 (a part) never pairs with 财政赤字 (the whole)."""
        changes = pair_metrics([metric("财政赤字", "2380000000000", "元", kind="target")],
                               [metric("中央财政赤字", "1550000000000", "元", kind="target",
                                       qualifiers=("中央",))])
        assert sorted(c.status for c in changes) == ["added", "removed"]

    def test_distinct_concepts(self) -> None:
        """农村居民人均纯收入 and 人均可支配收入 are two income concepts."""
        changes = pair_metrics(
            [metric("农村居民人均纯收入实际增长", "9.3", "%", kind="change")],
            [metric("农村居民人均可支配收入实际增长", "9.2", "%", kind="change")])
        assert sorted(c.status for c in changes) == ["added", "removed"]

    def test_tie_listed_as_related(self) -> None:
        """Two equally good candidates: no pair, both shown as related with the reason."""
        found = match_metrics([metric("规范性文件", "6", "件"), metric("规范性文件", "8", "件")],
                              [metric("规范性文件", "7", "件")])
        assert sorted(c.status for c in found.changes) == ["added", "removed", "removed"]
        assert [r.reason for r in found.related] == ["two candidates alike: no pair is sure"]

    def test_same_pairs_whatever_the_hash_seed(self) -> None:
        """Candidates that tie are taken in report order, not in the order of hashed character
        pairs: sg-budget 1984→1985 paired 'expenditure' with one line or another run to run."""
        import os
        import subprocess
        import sys

        need(CORPUS / "sg-budget" / "1985.txt")
        script = (
            "from pathlib import Path\n"
            "from compare.ingest import read_document\n"
            "from compare.pipeline import build_report\n"
            "from compare.metrics import pair_metrics\n"
            f"a, b = (build_report(read_document(Path({str(CORPUS)!r}) / f'sg-budget/{{y}}.txt'))"
            " for y in (1984, 1985))\n"
            "for c in pair_metrics(a.metrics, b.metrics):\n"
            "    if c.old and c.new: print(c.old.quantity.line, c.new.quantity.line)\n")
        runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                               check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
                for seed in ("1", "2", "3")]
        assert runs[0] and runs[0] == runs[1] == runs[2]

    def test_label_that_names_nothing(self) -> None:
        """A bare unit as label pairs only through the very same clause."""
        changes = pair_metrics([metric("人", "5", line=1)], [metric("人", "6", line=1)])
        assert sorted(c.status for c in changes) == ["added", "removed"]


class TestOutcomes:
    def test_target_beside_actual(self) -> None:
        """Last year's target stands beside this year's actual, never as a change."""
        found = match_metrics(
            [metric("国内生产总值增长", "6.5", "%", kind="target", measure="change",
                    approx_word="左右")],
            [metric("国内生产总值增长", "6.6", "%", kind="change", measure="change")])
        assert sorted(c.status for c in found.changes) == ["added", "removed"]
        (o,) = found.outcomes
        assert (o.target.quantity.value, o.actual.quantity.value) == ("6.5", "6.6")

    def test_gwr_2018_2019_gdp(self) -> None:
        """cn-gwr 2018→2019 lists the 2018 GDP target 6.5%左右 beside the reported 6.6%."""
        from compare.ingest import read_document
        from compare.pipeline import build_report

        old, new = (build_report(read_document(need(CORPUS / "cn-gwr" / f"{y}.txt")))
                    for y in (2018, 2019))
        found = match_metrics(old.metrics, new.metrics)
        gdp = [(o.target.quantity.text, o.target.approx_word, o.actual.quantity.text)
               for o in found.outcomes if o.label == "国内生产总值增长"]
        assert gdp == [("6.5%", "左右", "6.6%")]
        assert not any(c.old is o.target and c.new is o.actual
                       for o in found.outcomes for c in found.changes)


def budget(year: int, body: str) -> tuple[Metric, ...]:
    """The metrics of one budget chapter of ``year``."""
    return extract_metrics(report((f"{year}年部门预算编制说明", body)))


def table_metric(label: str, value: str) -> Metric:
    """A table cell's metric: its label starts with the table's name (``name：row·column``)."""
    return metric(label, value, "元", kind="target")


class TestBudgetSubjects:
    def test_quoted_subject_names_its_figure(self) -> None:
        """“…（类）…（款）…（项）”7.66万元 and “…”科目8.53万元 are one spending item, named by
        the quoted class path, and pair."""
        item = "“社会保障和就业支出（类）行政事业单位养老支出（款）事业单位离退休（项）”"
        old = budget(2024, f"13. {item}7.66万元，主要用于事业单位离退休。")
        new = budget(2025, f"13. {item}科目8.53万元，主要用于事业单位离退休。")
        assert old[0].label == new[0].label == fold_line(item.strip("“”"))
        (pair,) = [c for c in pair_metrics(old, new) if c.old and c.new]
        assert (pair.old.quantity.value, pair.new.quantity.value) == ("76600", "85300")
        assert old[0].quantity.quote.endswith("（项）”7.66万元")

    def test_item_words_mean_the_item(self) -> None:
        """Inside an item, 预算安排 restates the item's budget (one fact, folded) and 当年预算执行数
        is last year's actual of the item: never paired with next year's budget."""
        item = "“公共安全支出（类）司法（款）公共法律服务（项）”"
        old = budget(2024, f"7. {item}30.00万元，主要用于公共法律服务。2023年当年预算执行数为"
                           "15.00万元，2024年预算安排30.00万元，比2023年预算执行数增加100.00%。")
        new = budget(2025, f"7. {item}科目15.00万元，主要用于公共法律服务。")
        name = fold_line(item.strip("“”"))
        assert [(m.label, m.kind) for m in old[:3]] == [
            (name, "target"), (name + "当年预算执行数", "level"), (name, "target")]
        pairs = [(c.old.quantity.quote, c.new.quantity.value)
                 for c in pair_metrics(old, new) if c.old and c.new]
        assert pairs == [("“公共安全支出（类）司法（款）公共法律服务（项）”30.00万元", "150000")]

    def test_comparison_base_relative_and_signed(self) -> None:
        """比2023年预算减少 (2024) and 比2024年预算增加 (2025) are one change of the same base:
        paired, the delta taken between the signed values (−876.75万 → +3,355.65万)."""
        old = budget(2024, "2024年，财政拨款收入15621.11万元，比2023年预算减少876.75万元。")
        new = budget(2025, "2025年，财政拨款收入18,976.76万元，比2024年预算增加3,355.65万元。")
        assert [m.label for m in old] == ["财政拨款收入", "财政拨款收入比上年预算减少"]
        pairs = {c.old.quantity.value: c for c in pair_metrics(old, new) if c.old and c.new}
        change = pairs["8767500"]
        assert (change.new.quantity.value, change.delta, change.delta_percent) == (
            "33556500", "42324000", None)

    def test_specific_names_pair_across_a_budget_swing(self) -> None:
        """A name this specific pairs at ×10.5 (a quarter's plan) but not at ×25; a generic name
        keeps the ordinary bound."""
        def pair(label: str, old: str, new: str) -> bool:
            changes = pair_metrics([metric(label, old, "元", kind="target")],
                                   [metric(label, new, "元", kind="target")])
            return any(c.old and c.new for c in changes)

        assert pair("第一季度用款计划", "1580500", "150000")
        assert not pair("第一季度用款计划", "1580500", "60000")
        assert not pair("预算安排", "1580500", "150000")

    def test_rows_pair_within_their_table(self) -> None:
        """The same row in two tables is two figures: each pairs with its own table's row."""
        old = [table_metric("部门收入预算总表：212 01 城乡社区管理事务·合计", "94450003"),
               table_metric("部门支出预算总表：212 01 城乡社区管理事务·合计", "94450003")]
        new = [table_metric("部门支出预算总表：212 01 城乡社区管理事务·合计", "94995790")]
        (pair,) = [c for c in pair_metrics(old, new) if c.old and c.new]
        assert pair.old is old[1]

    def test_renamed_table_known_by_its_rows(self) -> None:
        """A table renamed the next year is the alike-named one that shares its rows, not the
        alike-named one with other rows."""
        rows = ["城乡社区支出", "交通运输支出", "其他支出"]
        old = [table_metric(f"省级政府性预算本级支出预算表：{r}·预算数", str(100 + k))
               for k, r in enumerate(rows)]
        new = [table_metric(f"省级政府性基金预算本级支出预算表：{r}·预算数", str(110 + k))
               for k, r in enumerate(rows)]
        new += [table_metric("省级政府性基金支出预算表：债务付息支出·预算数", "5")]
        pairs = [c for c in pair_metrics(old, new) if c.old and c.new]
        assert [(c.old.label.split("：")[1], c.new.quantity.value) for c in pairs] == [
            (f"{r}·预算数", str(110 + k)) for k, r in enumerate(rows)]

    def test_code_path_is_the_subject(self) -> None:
        """The same code renamed is one subject (301 2 and 301 02 alike); two codes are two
        subjects however alike their names."""
        old = [table_metric("经济分类表：301 2 津贴补贴·合计", "16623810"),
               table_metric("经济分类表：208 05 01 行政单位离退休·合计", "243100")]
        new = [table_metric("经济分类表：301 02 津贴和补贴·合计", "18149307"),
               table_metric("经济分类表：208 05 02 事业单位离退休·合计", "85300")]
        pairs = [(c.old.quantity.value, c.new.quantity.value)
                 for c in pair_metrics(old, new) if c.old and c.new]
        assert pairs == [("16623810", "18149307")]

    def test_sibling_items_never_pair(self) -> None:
        """Two items under one 款 are two subjects: 行政单位离退休 never pairs with
        事业单位离退休, even when each is the other's only candidate."""
        path = "社会保障和就业支出（类）行政事业单位养老支出（款）{}（项）"
        changes = pair_metrics([metric(path.format("行政单位离退休"), "243100", "元",
                                       kind="target")],
                               [metric(path.format("事业单位离退休"), "259300", "元",
                                       kind="target")])
        assert sorted(c.status for c in changes) == ["added", "removed"]
