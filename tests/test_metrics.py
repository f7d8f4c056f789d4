"""Tests of the metrics stage: number parsing, extraction and pairing across years."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import SHARED

from compare.metrics import extract_metrics, label_similarity, pair_metrics, stated_check
from compare.models import Metric, MetricChange, Quantity, Section
from compare.textkit.numbers import format_decimal, parse_arabic, scan_numbers

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"


def line_sections(text: str) -> tuple[Section, ...]:
    """One Section per non-blank line of ``text``, its source line recorded."""
    return tuple(
        Section(str(i), 1, "", line, i, (i,))
        for i, line in enumerate(text.split("\n"), start=1)
        if line.strip()
    )


def metric(label: str, value: str, unit: str, line: int, kind: str = "level",
           period: str = "year") -> Metric:
    """A hand-made metric for pairing tests."""
    return Metric(label, kind, False, "1", Quantity(value, unit, value + unit, line, label + value),
                  period=period)


def one(text: str) -> Metric:
    """The single metric of a one-line text."""
    found = extract_metrics(line_sections(text))
    assert len(found) == 1, found
    return found[0]


class TestFormatDecimal:
    def test_no_exponent(self) -> None:
        """A value with an exponent is written out in full."""
        assert format_decimal(Decimal("1.2E+12")) == "1200000000000"

    def test_no_trailing_zero(self) -> None:
        """Trailing zeros and a bare point go."""
        assert format_decimal(Decimal("6.60")) == "6.6"
        assert format_decimal(Decimal("7.0")) == "7"

    @given(st.decimals(min_value=-10**15, max_value=10**15, allow_nan=False, places=4))
    def test_round_trip(self, value: Decimal) -> None:
        """The written form reads back as the same number and never uses an exponent."""
        text = format_decimal(value)
        assert "E" not in text.upper()
        assert Decimal(text) == value


class TestParseArabic:
    def test_wan(self) -> None:
        """1361万 is 13610000."""
        assert parse_arabic("1361万") == (Decimal(13610000), False, True)

    def test_wan_yi(self) -> None:
        """1.2万亿 is 1.2e12."""
        assert parse_arabic("1.2万亿")[0] == Decimal("1200000000000")

    def test_compound(self) -> None:
        """2万5千 is 25000 and 1亿3千多万 is 130000000, approximate."""
        assert parse_arabic("2万5千")[0] == 25000
        assert parse_arabic("1亿3千多万") == (Decimal(130000000), True, True)

    def test_inner_approx(self) -> None:
        """620多万 keeps the base number and is approximate."""
        assert parse_arabic("620多万") == (Decimal(6200000), True, True)

    def test_malformed(self) -> None:
        """A run with foreign characters is refused."""
        with pytest.raises(ValueError):
            parse_arabic("12a")


class TestScanNumbers:
    def test_range(self) -> None:
        """3至12名 is one range with unit 名."""
        (n,) = scan_numbers("配备3至12名社会律师")
        assert (n.value, n.high, n.unit) == (3, 12, "名")

    def test_range_multiplier(self) -> None:
        """3-5万元 applies the multiplier to both bounds."""
        (n,) = scan_numbers("补助3-5万元")
        assert (n.value, n.high, n.unit) == (30000, 50000, "元")

    def test_chinese_numeral(self) -> None:
        """三千吨 and 十二项 are read through the one numeral reader (textkit.numerals)."""
        values = [(n.value, n.unit) for n in scan_numbers("处置三千吨，完成十二项")]
        assert values == [(3000, "吨"), (12, "项")]

    def test_kilowatt_not_thousand(self) -> None:
        """4100千瓦 is 4100 of 千瓦, not 4100千 of 瓦."""
        (n,) = scan_numbers("新增装机4100千瓦")
        assert (n.value, n.unit) == (4100, "千瓦")

    def test_approx_words(self) -> None:
        """近, 超过, 左右, 以上 and 多 mark approximations; a plain number is exact."""
        text = "近14亿人口，超过1亿户，5%左右，30%以上，6000多公里，4100公里"
        assert [n.approx for n in scan_numbers(text)] == [True, True, True, True, True, False]

    def test_percentage_points(self) -> None:
        """个百分点 wins over 个."""
        (n,) = scan_numbers("下降1.5个百分点")
        assert n.unit == "个百分点"

    def test_fraction(self) -> None:
        """三分之一 and 一半 are dimensionless fractions."""
        values = [(n.value, n.unit) for n in scan_numbers("压减三分之一，压缩一半")]
        assert values == [(Decimal("0.3333"), ""), (Decimal("0.5"), "")]

    def test_english(self) -> None:
        """Per cent, currency with a multiplier and counted plural nouns are read."""
        found = scan_numbers("rose 3.5 per cent to S$1.2 billion, with 1,234 new cases and 56 "
                             "officers")
        assert [(n.value, n.unit) for n in found] == [
            (Decimal("3.5"), "%"), (Decimal("1200000000"), "SGD"), (Decimal(1234), "case"),
            (Decimal(56), "officer")]

    def test_english_not_units(self) -> None:
        """Dates, years and 5G carry no unit."""
        assert scan_numbers("On 25 November 2019 the 5G rollout reached phase 2.") == []

    def test_english_plural(self) -> None:
        """A number followed by a plural noun counts it, singular unit."""
        (n,) = scan_numbers("We handled 1,234 cases last year")
        assert (n.value, n.unit) == (1234, "case")


class TestExtractMetrics:
    def test_contract_example(self) -> None:
        """城镇新增就业1361万人 gives the CONTRACT.md quantity."""
        m = one("城镇新增就业1361万人，调查失业率")
        assert m.quantity == Quantity("13610000", "人", "1361万人", 1, "城镇新增就业1361万人")
        assert (m.label, m.kind, m.approx) == ("城镇新增就业", "level", False)

    def test_change_and_ratio(self) -> None:
        """增长6.6% is a change; 失业率5%左右 a ratio, approximate."""
        found = extract_metrics(line_sections("国内生产总值增长6.6%。调查失业率稳定在5%左右。"))
        assert [(m.label, m.kind, m.approx) for m in found] == [
            ("国内生产总值增长", "change", False), ("调查失业率", "ratio", True)]

    def test_from_to(self) -> None:
        """由9.8%降至7.5% gives the starting value, marked, and the new level under one label."""
        found = extract_metrics(line_sections("关税总水平由9.8%降至7.5%。"))
        assert [(m.label, m.quantity.value, m.start) for m in found] == [
            ("关税总水平", "9.8", True), ("关税总水平", "7.5", False)]

    def test_full_width(self) -> None:
        """Full-width digits (1994 reports) are read; the text stays as written."""
        m = one("国内生产总值突破３万亿元。")
        assert (m.quantity.value, m.quantity.text, m.approx) == ("3000000000000", "３万亿元", True)

    def test_implied_unit(self) -> None:
        """近14亿人口: the noun supplies 人 and names the metric."""
        m = one("近14亿人口的发展中大国")
        assert (m.quantity.value, m.quantity.unit, m.label) == ("1400000000", "人", "人口")

    def test_period_note(self) -> None:
        """A paragraph opening with 五年来 makes its figures five-year ones; the label stays."""
        m = one("五年来，易地扶贫搬迁830万人。")
        assert (m.label, m.period) == ("易地扶贫搬迁", "5 years")

    def test_target_in_plan(self) -> None:
        """A 预期目标 sentence makes a target."""
        m = one("今年发展主要预期目标是：城镇新增就业1100万人以上。")
        assert m.kind == "target"

    def test_nonmetrics_case(self) -> None:
        """None of the real non-metric phrasings yields a metric."""
        text = (CASES / "metrics_nonmetrics" / "input.txt").read_text(encoding="utf-8")
        assert extract_metrics(line_sections(text)) == ()

    def test_reading_order(self) -> None:
        """Metrics come out by line, then by position in the line."""
        found = extract_metrics(line_sections("决定保留8件、决定废止19件\n共出具意见91件"))
        assert [(m.quantity.line, m.quantity.value) for m in found] == [
            (1, "8"), (1, "19"), (2, "91")]


@pytest.fixture(scope="module")
def found() -> tuple[Metric, ...]:
    """The metrics of the user's seed report."""
    text = (ROOT / "reports" / "2019.txt").read_text(encoding="utf-8")
    return extract_metrics(line_sections(text))


class TestSeedReport:
    def test_known_metrics(self, found: tuple[Metric, ...]) -> None:
        """The user's report gives its counts with sensible labels."""
        by_text = {m.quantity.text: m for m in found}
        expected = {"91件": "合法性审查意见", "235名": "行政执法人员", "223名": "实际参加考试人员",
                    "168名": "考试合格人员", "75.34%": "合格率", "578个": "行政执法证件",
                    "7860个": "接处电话", "79万元": "专项经费", "3至12名": "社会律师"}
        for text, label in expected.items():
            assert text in by_text, text
            assert label in by_text[text].label, (text, by_text[text].label)
        assert by_text["79万元"].quantity.value == "790000"
        assert by_text["3至12名"].quantity.value == "3-12"

    def test_no_years_dates_docnumbers(self, found: tuple[Metric, ...]) -> None:
        """No year, date or document number becomes a metric."""
        for m in found:
            assert not m.quantity.text.endswith(("年", "月", "日", "号", "月份")), m
            assert m.quantity.value not in ("2019", "2018", "2015", "2020", "2015-2020"), m
        lines = {m.quantity.line for m in found}
        assert 5 not in lines  # 纲要(2015-2020年) and 江府依法办〔2019〕14号 only


class TestLabelSimilarity:
    def test_identical(self) -> None:
        """The same label scores 100, qualifiers aside."""
        assert label_similarity("城镇新增就业", "城镇新增就业（五年来）") == 100

    def test_expanded_label(self) -> None:
        """A label inside a longer one still scores high."""
        assert label_similarity("居民收入增长", "居民人均可支配收入实际增长") >= 70

    def test_shared_head_only(self) -> None:
        """Two labels sharing only 贡献率 stay apart."""
        assert label_similarity("消费贡献率", "服务业对经济增长贡献率") < 60


class TestScrapedAndListed:
    def test_zero_width_space_inside_a_number(self) -> None:
        """74.4\u200b万亿元 is read as 74.4万亿元; text and quote keep the source as written."""
        found = extract_metrics(line_sections("国内生产总值达到74.4\u200b万亿元，增长6.7%。"))
        assert [(m.label, m.quantity.value) for m in found] == [
            ("国内生产总值", "74400000000000"), ("国内生产总值增长", "6.7")]
        assert found[0].quantity.text == "74.4\u200b万亿元"
        assert found[0].quantity.quote == "国内生产总值达到74.4\u200b万亿元"

    def test_target_lead_in_governs_its_semicolon_list(self) -> None:
        """Items after ； under 预期目标是： are targets too."""
        found = extract_metrics(line_sections(
            "主要预期目标是：国内生产总值增长6.5%左右；城镇新增就业1100万人以上。"))
        assert [m.kind for m in found] == ["target", "target"]


class TestStatedCheck:
    def pair(self, old: str, new_line: str) -> tuple[MetricChange, tuple[Metric, ...]]:
        """The first metric of ``new_line`` paired with a one-metric old year."""
        new = extract_metrics(line_sections(new_line))
        old_m = extract_metrics(line_sections(old))
        (change, *_) = pair_metrics(old_m, new[:1])
        return change, new

    def test_absolute_increase_agrees(self) -> None:
        """比去年增加8000亿元 matches 1.35万亿 → 2.15万亿."""
        change, new = self.pair("安排地方政府专项债券1.35万亿元。",
                                "安排地方政府专项债券2.15万亿元，比去年增加8000亿元。")
        check = stated_check(change, new)
        assert check is not None and check.agrees and check.computed == "800000000000"

    def test_percent_growth_disagrees(self) -> None:
        """同比增长30% does not match 76件 → 91件 (+19.74%)."""
        change, new = self.pair("受理行政复议案件76件。", "受理行政复议案件91件，同比增长30%。")
        check = stated_check(change, new)
        assert check is not None and not check.agrees and check.computed == "19.74"

    def test_percent_growth_within_rounding_agrees(self) -> None:
        """同比增长19.7% matches the computed 19.74%."""
        change, new = self.pair("受理行政复议案件76件。", "受理行政复议案件91件，同比增长19.7%。")
        check = stated_check(change, new)
        assert check is not None and check.agrees

    def test_points_and_decrease(self) -> None:
        """比上年下降0.2个百分点 is checked against the % difference with its sign."""
        change, new = self.pair("赤字率2.8%。", "赤字率2.6%，比上年下降0.2个百分点。")
        check = stated_check(change, new)
        assert check is not None and check.agrees and check.computed == "-0.2"

    def test_unmarked_growth_is_not_checked(self) -> None:
        """增长6.7% after a level names no base year: nothing is checked."""
        change, new = self.pair("国内生产总值67.7万亿元。", "国内生产总值74.4万亿元，增长6.7%。")
        assert stated_check(change, new) is None

    def test_real_growth_of_gdp_is_not_checked(self) -> None:
        """GDP growth is at constant prices, the levels nominal: no check."""
        change, new = self.pair("国内生产总值67.7万亿元。",
                                "国内生产总值74.4万亿元，比上年增长6.7%。")
        assert stated_check(change, new) is None

    def test_other_subject_is_not_checked(self) -> None:
        """A stated change of another indicator in the same sentence is not used."""
        change, new = self.pair("受理行政复议案件76件。",
                                "受理行政复议案件91件，办结率同比提高5%。")
        assert stated_check(change, new) is None


class TestPairMetrics:
    def test_changed_and_delta(self) -> None:
        """A pair gets new-old and the percent change."""
        (c,) = pair_metrics([metric("城镇新增就业", "13510000", "人", 5)],
                            [metric("城镇新增就业", "13610000", "人", 9)])
        assert (c.status, c.delta, c.delta_percent) == ("changed", "100000", "0.74")

    def test_percent_points(self) -> None:
        """For % the delta is in points and there is no percent change."""
        (c,) = pair_metrics([metric("国内生产总值增长", "6.9", "%", 1, "change")],
                            [metric("国内生产总值增长", "6.6", "%", 1, "change")])
        assert (c.delta, c.delta_percent) == ("-0.3", None)

    def test_unchanged(self) -> None:
        """Equal values make an unchanged pair."""
        (c,) = pair_metrics([metric("公路水运投资", "18000", "元", 1)],
                            [metric("公路水运投资", "18000", "元", 2)])
        assert c.status == "unchanged"

    def test_five_year_total_not_paired(self) -> None:
        """A five-year total never meets a one-year figure."""
        out = pair_metrics([metric("城镇新增就业", "66000000", "人", 1, period="5 years")],
                           [metric("城镇新增就业", "13610000", "人", 1)])
        assert sorted(c.status for c in out) == ["added", "removed"]

    def test_unit_class(self) -> None:
        """名 and 人 may pair; 人 and 元 may not."""
        out = pair_metrics([metric("执法人员", "200", "名", 1), metric("经费", "79", "元", 2)],
                           [metric("执法人员", "235", "人", 1), metric("经费", "80", "人", 2)])
        assert [(c.status, c.label) for c in out] == [
            ("changed", "执法人员"), ("removed", "经费"), ("added", "经费")]

    def test_ambiguous_left_unpaired(self) -> None:
        """Two equally good partners leave the metric unpaired."""
        out = pair_metrics([metric("规范性文件", "6", "件", 1), metric("规范性文件", "8", "件", 2)],
                           [metric("规范性文件", "7", "件", 3)])
        assert sorted(c.status for c in out) == ["added", "removed", "removed"]

    def test_repeated_mention_is_one_fact(self) -> None:
        """A figure stated twice with the same label and value pairs through its first mention."""
        out = pair_metrics([metric("规范性文件", "6", "件", 1), metric("规范性文件", "6", "件", 2)],
                           [metric("规范性文件", "7", "件", 3)])
        assert [(c.status, c.old.quantity.line if c.old else None) for c in out] == [
            ("changed", 1), ("removed", 2)]

    def test_synonym(self) -> None:
        """审核 and 审查 name the same thing."""
        (c,) = pair_metrics([metric("合法性审核意见", "80", "件", 1)],
                            [metric("合法性审查意见", "91", "件", 1)])
        assert c.status == "changed"

    def test_order(self) -> None:
        """Entries follow the new report; a removed one stands after the pair before it."""
        old = [metric("甲指标", "1", "件", 1), metric("乙指标", "5", "吨", 2),
               metric("丙指标", "9", "户", 3)]
        new = [metric("丙指标", "10", "户", 1), metric("甲指标", "2", "件", 2)]
        out = pair_metrics(old, new)
        assert [(c.status, c.label) for c in out] == [
            ("changed", "丙指标"), ("changed", "甲指标"), ("removed", "乙指标")]

    def test_range_delta(self) -> None:
        """A range pairs but has no delta."""
        (c,) = pair_metrics([metric("国内生产总值增长", "6.5", "%", 1, "target")],
                            [metric("国内生产总值增长", "6-6.5", "%", 1, "target")])
        assert (c.status, c.delta) == ("changed", None)


@pytest.mark.skipif(not (SHARED / "gold").is_dir(), reason="../shared/gold is not available")
class TestGoldTargets:
    def test_extraction(self) -> None:
        """Extraction on the dev gold reaches P >= 0.97, R >= 0.92."""
        import json

        from compare.evaluation.metricgold import evaluate_extraction
        from compare.ingest import read_document
        from compare.pipeline import build_report

        gold = json.loads((SHARED / "gold" / "extract-gwr-2019.json").read_text(encoding="utf-8"))
        report = build_report(read_document(SHARED / "corpus" / gold["source"]))
        result = evaluate_extraction(gold, report.metrics)
        assert result["precision"] >= 0.97 and result["recall"] >= 0.92, result["misses"]

    def test_pairing(self) -> None:
        """Pairing on the dev gold reaches P >= 0.95, R >= 0.85."""
        import json

        from compare.evaluation.metricgold import evaluate_pairing
        from compare.ingest import read_document
        from compare.pipeline import build_report

        gold = json.loads((SHARED / "gold" / "metricpairs-gwr-2018-2019.json")
                          .read_text(encoding="utf-8"))
        old, new = (build_report(read_document(SHARED / "corpus" / gold[k])).metrics
                    for k in ("old", "new"))
        result = evaluate_pairing(gold, pair_metrics(old, new))
        assert result["precision"] >= 0.95 and result["recall"] >= 0.85, result["misses"]
