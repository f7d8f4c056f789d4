"""The number/unit grammar (issue 14, items 4 and 6): every Chinese number form read to an exact
decimal, signs, values past 28 digits, and English quantities that are never cut from the next
word."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from support import MAX_RATIO, ratio

from compare.metrics import extract_metrics
from compare.models import Section
from compare.textkit.chars import fold_line
from compare.textkit.numbers import format_decimal, number_gaps, scan_numbers
from compare.textkit.numerals import parse_numeral


def read(text: str) -> list[tuple[str, str, str]]:
    """(value, unit, hedge) of every number scanned in one folded line."""
    return [(format_decimal(n.value) + (f"-{format_decimal(n.high)}" if n.high else ""), n.unit,
             n.approx_word) for n in scan_numbers(fold_line(text))]


class TestParseNumeral:
    @pytest.mark.parametrize(("text", "value"), [
        ("十", "10"), ("十二", "12"), ("一百零五", "105"), ("两千五百万", "25000000"),
        ("二〇一九", "2019"), ("5万4千6百", "54600"), ("2万5千", "25000"),
        ("1.2万亿", "1200000000000"), ("一万万", "100000000"), ("三兆", "3000000000000"),
        ("三点五", "3.5"), ("十点五", "10.5"), ("十二点五", "12.5"),
        ("壹佰伍拾", "150"), ("肆拾肆", "44"), ("贰仟零伍拾", "2050"), ("陆萬", "60000"),
        ("12億", "1200000000"), ("兩萬", "20000"), ("十二點五", "12.5"),
    ])
    def test_exact_value(self, text: str, value: str) -> None:
        """Each written form reads to the exact decimal."""
        assert format_decimal(parse_numeral(text)[0]) == value

    @pytest.mark.parametrize(("text", "value"), [
        ("二十几万", "200000"), ("十余万", "100000"), ("五百余万", "5000000"),
        ("一百零几万", "1000000"), ("620多万", "6200000"), ("1亿3千多万", "130000000"),
    ])
    def test_approximate_counts_keep_the_written_value(self, text: str, value: str) -> None:
        """几, 余 and 多 add nothing to the value and mark it approximate."""
        got, approx, _ = parse_numeral(text)
        assert (format_decimal(got), approx) == (value, True)

    def test_negative(self) -> None:
        """A leading 负 makes the value negative."""
        assert parse_numeral("负3.9")[0] == Decimal("-3.9")

    def test_thirty_digits_exact(self) -> None:
        """A 33-digit number times 万亿 is exact: no rounding at Decimal's default 28 digits."""
        value = parse_numeral("123456789012345678901234567890123万亿")[0]
        assert format_decimal(value) == "123456789012345678901234567890123" + "0" * 12
        negative = parse_numeral("负123456789012345678901234567890123")[0]
        assert format_decimal(negative) == "-123456789012345678901234567890123"

    @pytest.mark.parametrize("text", ["十二五", "几十万", "三点"])
    def test_not_one_number(self, text: str) -> None:
        """A plan's name, a count with no digit and a dangling 点 are refused."""
        with pytest.raises(ValueError):
            parse_numeral(text)


class TestScanChinese:
    @pytest.mark.parametrize(("text", "expected"), [
        ("增长百分之二十二", [("22", "%", "")]),
        ("占百分之22", [("22", "%", "")]),
        ("百分之十二点五", [("12.5", "%", "")]),
        ("千分之五", [("5", "‰", "")]),
        ("约三成", [("30", "%", "约")]),
        ("七成以上的企业", [("70", "%", "以上")]),
        ("3成", [("30", "%", "")]),
        ("壹佰伍拾元", [("150", "元", "")]),
        ("肆拾肆人", [("44", "人", "")]),
        ("5万4千6百人", [("54600", "人", "")]),
        ("3兆元", [("3000000000000", "元", "")]),
        ("一万万元", [("100000000", "元", "")]),
        ("二十几万人", [("200000", "人", "几")]),
        ("十余万人", [("100000", "人", "余")]),
        ("五百余万人", [("5000000", "人", "余")]),
        ("一百零几万人", [("1000000", "人", "几")]),
        ("十人", [("10", "人", "")]),
        ("12億元", [("1200000000", "元", "")]),
        ("3萬人", [("30000", "人", "")]),
        ("兩萬人", [("20000", "人", "")]),
        ("上亿人喜迁新居", [("100000000", "人", "上亿")]),
        ("减少1/3行政审批事项", [("0.3333", "", "")]),
        ("6.5%左右", [("6.5", "%", "左右")]),
        ("城镇登记失业率4.5%以内", [("4.5", "%", "以内")]),
    ])
    def test_in_text(self, text: str, expected: list[tuple[str, str, str]]) -> None:
        """Each form is found in running text with its unit and its hedge as written."""
        assert read(text) == expected

    @pytest.mark.parametrize(
        "text", ["一成不变", "三成员", "一带一路", "十二五规划", "2015-2020年"])
    def test_not_numbers(self, text: str) -> None:
        """成 inside a word, slogans, plan names and year spans are no quantities."""
        assert read(text) == []

    def test_range_and_from_to(self) -> None:
        """6%-6.5% is one range; 从5%到8% and 由9.8%降至7.5% are two figures."""
        assert read("增长6%－6.5%") == [("6-6.5", "%", "")]
        assert read("从5%到8%") == [("5", "%", ""), ("8", "%", "")]
        assert read("由9.8%降至7.5%") == [("9.8", "%", ""), ("7.5", "%", "")]


class TestMeasures:
    @pytest.mark.parametrize(("text", "expected"), [
        ("建筑高度为29.8米", [("29.8", "米", "")]),
        ("地上主楼7层，裙房3层", [("7", "层", ""), ("3", "层", "")]),
        ("设计使用年限为50年", [("50", "年", "")]),
        ("抗震设防烈度为7度", [("7", "度", "")]),
    ])
    def test_building_facts(self, text: str, expected: list[tuple[str, str, str]]) -> None:
        """Heights, floors, and the years and degrees a term or an intensity declares."""
        assert read(text) == expected

    @pytest.mark.parametrize("text", ["期限为2025年底", "使用年限为2019年度", "50年来", "第4季度"])
    def test_dates_stay_dates(self, text: str) -> None:
        """A year after 期限 is a date, 年 without a term before it is no unit, nor is 季度."""
        assert read(text) == []


class TestSigns:
    @pytest.mark.parametrize(("text", "value"), [
        ("增长负3.9%", "-3.9"), ("增长−22.2%", "-22.2"), ("合计 -10643元", "-10643"),
        ("增长-2.3%", "-2.3"), ("(－5万元)", "-50000"),
    ])
    def test_negative(self, text: str, value: str) -> None:
        """负, the minus sign and a table's hyphen make the value negative."""
        assert [v for v, _, _ in read(text)] == [value]

    def test_range_dash_is_no_sign(self) -> None:
        """The dash of a range (6%-6.5%) or of a year span is no minus sign."""
        assert read("6%-6.5%") == [("6-6.5", "%", "")]
        assert read("2019-2020年增长3%") == [("3", "%", "")]


class TestSpacedDigits:
    def test_gaps_found(self) -> None:
        """Spaces inside 8 ．8 ％ are named; spaces between numbers are not."""
        assert number_gaps("增长8 ．8 ％") == [3, 6]
        assert number_gaps("2019 8 个") == []

    def test_extracted_as_one_number(self) -> None:
        """Extraction reads 8 ．8 ％ as 8.8%, the text kept as written."""
        section = Section("1", 1, "", "国内生产总值增长8 ．8 ％。", 1, (1,))
        (m,) = extract_metrics((section,))
        assert (m.quantity.value, m.quantity.unit, m.quantity.text) == ("8.8", "%", "8 ．8 ％")


class TestEnglish:
    @pytest.mark.parametrize(("text", "expected"), [
        ("rose 3.5 per cent", [("3.5", "%", "")]),
        ("to S$1.2 billion", [("1200000000", "SGD", "")]),
        ("US$5 million", [("5000000", "USD", "")]),
        ("RMB 3 billion", [("3000000000", "CNY", "")]),
        ("500 million yuan", [("500000000", "CNY", "")]),
        ("$2.5bn", [("2500000000", "$", "")]),
        ("884,319% rise", [("884319", "%", "")]),
        ("a maximum of $2,000", [("2000", "$", "")]),
        ("the 2 percentage point hike", [("2", "percentage point", "")]),
        ("A total of 766 permanent posts", [("766", "post", "")]),
        ("a decrease of 559 temporary and daily-rated posts", [("559", "post", "")]),
        ("287,000 workers", [("287000", "worker", "")]),
        ("about a third of total revenue", [("0.3333", "", "about")]),
        ("increase by one quarter", [("0.25", "", "")]),
        ("six times the annual road tax", [("6", "times", "")]),
        ("about two-and-a-half times what we spent", [("2.5", "times", "about")]),
        ("three Singaporeans and two Malaysians", [("3", "person", ""), ("2", "person", "")]),
        ("five of Japan's nine Nobel prizes", [("5", "prize", ""), ("9", "prize", "")]),
        ("growth of 4.0% to 6.0% this year", [("4-6", "%", "")]),
        ("from 50% to 60%", [("50", "%", ""), ("60", "%", "")]),
        ("over 44% of the population", [("44", "%", "over")]),
    ])
    def test_quantities(self, text: str, expected: list[tuple[str, str, str]]) -> None:
        """Currencies, multipliers, per cent, counted nouns, words, fractions and ranges."""
        assert read(text) == expected

    @pytest.mark.parametrize("text", [
        "In 1985 was a good year", "this 85 represents", "The revenue for FY 85 represents",
        "with effect from 1 April 1985", "on 31 December", "the 13th month", "section 12 of",
        "(Cols. 505 - 506)", "those in the bottom 20%", "HDB two-room households",
        "three previous years", "the two universities", "3.17 pm", "the 5G rollout",
        "in 2008 households",
    ])
    def test_never_quantities(self, text: str) -> None:
        """Years, FY labels, dates, ordinals, clause and column numbers, income bands, compound
        words, durations and anaphoric counts are no metrics; no unit is cut from a word."""
        assert read(text) == []


class TestLongLine:
    def test_figures_of_one_long_line_read_in_linear_time(self) -> None:
        """A line twice as long, with twice the figures, costs about twice as much to read
        (looking for 'or more' after each figure lowered the whole line: 2.8 at this size)."""

        def line(n: int) -> Callable[[], object]:
            section = Section("1", 1, "", "全年受理行政复议案件76件，同比增长12.5%；" * n, 1, (1,))
            return lambda: extract_metrics((section,))

        assert ratio(line, 300) <= MAX_RATIO

    def test_approximation_word_after_the_unit(self) -> None:
        """'or more' after a figure, in any case, makes it approximate; it is read past."""
        (found,) = scan_numbers("Grants of $5 million OR MORE went out")
        assert (found.value, found.approx, found.approx_word) == (Decimal(5000000), True,
                                                                   "OR MORE")
