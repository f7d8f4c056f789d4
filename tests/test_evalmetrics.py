"""Tests of the metrics scorer against small hand-made gold files."""

from __future__ import annotations

from compare.evaluation.metricgold import (
    evaluate_extraction,
    evaluate_identity,
    evaluate_pairing,
)
from compare.models import Metric, MetricChange, Quantity


def metric(value: str, line: int, quote: str = "", unit: str = "件") -> Metric:
    """A metric standing on ``line`` with ``value``."""
    return Metric("x", "level", False, "1", Quantity(value, unit, value + unit, line,
                                                     quote or value + unit))


EXTRACT_GOLD = {
    "source": "x.txt",
    "scope": "section 一 (lines 7-20)",
    "metrics": [
        {"quote": "a8件", "value": "8", "unit": "件", "line": 8},
        {"quote": "b9件", "value": "9", "unit": "件", "line": 9},
    ],
}


class TestEvaluateExtraction:
    def test_perfect(self) -> None:
        """Same line and value for every gold metric gives 1.0 / 1.0."""
        result = evaluate_extraction(EXTRACT_GOLD, [metric("8", 8), metric("9", 9)])
        assert (result["precision"], result["recall"], result["misses"]) == (1.0, 1.0, [])

    def test_out_of_scope_ignored(self) -> None:
        """A metric outside the scope lines counts neither way."""
        result = evaluate_extraction(EXTRACT_GOLD, [metric("8", 8), metric("9", 9),
                                                    metric("5", 30)])
        assert result["precision"] == 1.0

    def test_wrong_value_is_miss_and_extra(self) -> None:
        """A wrong value on the right line is both a miss and an extra."""
        result = evaluate_extraction(EXTRACT_GOLD, [metric("8", 8), metric("90", 9)])
        assert (result["precision"], result["recall"]) == (0.5, 0.5)
        assert result["misses"] == ["missed line 9: b9件 (9 件)",
                                    "extra line 9: 90件 (90 件, x)"]
        assert round(result["f1"], 3) == 0.5


PAIR_GOLD = {
    "pairs": [{"label": "L", "old": {"quote": "a6件", "value": "6", "unit": "件", "line": 3},
               "new": {"quote": "a8件", "value": "8", "unit": "件", "line": 4}}],
    "not_pairs": [{"old_quote": "b30件", "old_line": 5, "new_quote": "c40件", "new_line": 6,
                   "why": "different"}],
}


def change(old: Metric, new: Metric) -> MetricChange:
    """A changed pair of two metrics."""
    return MetricChange("changed", "x", old, new)


class TestEvaluatePairing:
    def test_found(self) -> None:
        """The gold pair made gives recall 1 and precision 1."""
        result = evaluate_pairing(PAIR_GOLD, [change(metric("6", 3), metric("8", 4))])
        assert (result["precision"], result["recall"]) == (1.0, 1.0)

    def test_not_pair_is_error(self) -> None:
        """Making a labelled not-pair lowers precision and is reported with its reason."""
        result = evaluate_pairing(PAIR_GOLD, [change(metric("6", 3), metric("8", 4)),
                                              change(metric("30", 5, "b30件"),
                                                     metric("40", 6, "c40件"))])
        assert result["precision"] == 0.5
        assert result["misses"] == ["wrong pair: line 5 b30件 -> line 6 c40件 (different)"]

    def test_untouched_pairs_ignored(self) -> None:
        """A pair away from every labelled quantity does not count."""
        result = evaluate_pairing(PAIR_GOLD, [change(metric("1", 50), metric("2", 60))])
        assert (result["precision"], result["recall"]) == (1.0, 0.0)

    def test_wrong_partner(self) -> None:
        """A gold quantity paired with the wrong partner is an error."""
        result = evaluate_pairing(PAIR_GOLD, [change(metric("6", 3), metric("7", 9))])
        assert (result["precision"], result["recall"]) == (0.0, 0.0)


def paged(value: str, page: int, quote: str = "") -> Metric:
    """A metric of a PDF source: on ``page``, its line on the page unknown to the gold."""
    return Metric("x", "target", False, "1",
                  Quantity(value, "元", value + "元", 7, quote or value, page=page))


class TestExtractionUncertain:
    def test_uncertain_counts_neither_way(self) -> None:
        """A tool metric on an entry of the gold's uncertain list is no hit and no extra."""
        gold = dict(EXTRACT_GOLD, uncertain=[{"quote": "c10件", "value": "10", "line": 10}])
        result = evaluate_extraction(gold, [metric("8", 8), metric("9", 9), metric("10", 10)])
        assert (result["precision"], result["recall"], result["found"]) == (1.0, 1.0, 2)

    def test_values_compared_as_numbers(self) -> None:
        """The gold may write 4.0-6.0 or 1.0 as the report does; 4-6 and 1 are the same."""
        gold = {"scope": "lines 1-9", "metrics": [
            {"quote": "4.0% to 6.0%", "value": "4.0-6.0", "line": 2},
            {"quote": "1.0%", "value": "1.0", "line": 3}]}
        result = evaluate_extraction(gold, [metric("4-6", 2), metric("1", 3)])
        assert (result["precision"], result["recall"]) == (1.0, 1.0)


COMPLETE_GOLD = {
    "complete": True, "old_lines": [1, 50], "new_lines": [1, 50],
    "pairs": [{"label": "L", "old": {"quote": "a6件", "value": "6", "line": 3},
               "new": {"quote": "a8件", "value": "8", "line": 4}}],
    "not_pairs": [{"old_quote": "b30件", "old_line": 5, "new_quote": "c40件", "new_line": 6,
                   "why": "five-year total vs one year"},
                  {"old_quote": "t7件", "old_line": 7, "new_quote": "o9件", "new_line": 8,
                   "why": "2017 target vs 2017 outcome"}],
    "left_out_uncertain": [{"old_quote": "u1件", "old_line": 11, "new_quote": "u2件",
                            "new_line": 12, "why": "unclear"}],
}


class TestCompletePairs:
    def test_unlisted_pair_in_range_is_error(self) -> None:
        """With a complete gold any pair inside the line ranges that is not listed is wrong."""
        result = evaluate_pairing(COMPLETE_GOLD, [change(metric("6", 3), metric("8", 4)),
                                                  change(metric("1", 20), metric("2", 21))])
        assert (result["precision"], result["recall"]) == (0.5, 1.0)
        assert result["misses"] == ["wrong pair: line 20 1件 -> line 21 2件 (not a gold pair)"]

    def test_outside_ranges_and_uncertain_ignored(self) -> None:
        """Pairs beyond the ranges, and between two uncertain quantities, count neither way."""
        result = evaluate_pairing(COMPLETE_GOLD, [change(metric("6", 3), metric("8", 4)),
                                                  change(metric("1", 60), metric("2", 61)),
                                                  change(metric("1", 11), metric("2", 12))])
        assert (result["precision"], result["found"]) == (1.0, 1)

    def test_not_pairs_made_counted(self) -> None:
        """A labelled not-pair made is an error and is counted apart."""
        result = evaluate_pairing(COMPLETE_GOLD, [change(metric("30", 5, "b30件"),
                                                         metric("40", 6, "c40件"))])
        assert (result["precision"], result["not_pairs_made"]) == (0.0, 1)

    def test_outcomes_shown(self) -> None:
        """A not-pair that the gold calls an outcome, shown as an outcome, is counted."""
        from compare.models import MetricOutcome

        outcome = MetricOutcome("L", metric("7", 7, "t7件"), metric("9", 8, "o9件"))
        result = evaluate_pairing(COMPLETE_GOLD, [], [outcome])
        assert result["outcomes"] == {"gold": 1, "shown": 1}


class TestPagedPairs:
    """A PDF gold (quantities by page, line null) against a small synthetic tool output."""

    GOLD = {
        "pairs": [{"label": "收入预算",
                   "old": {"quote": "收入预算15621.11万元", "value": "156211100", "page": 6,
                           "line": None},
                   "new": {"quote": "收入预算18,976.76万元", "value": "189767600", "page": 6,
                           "line": None}}],
        "not_pairs": [{"old_quote": "财政拨款收入15621.11万元", "old_page": 6,
                       "old_value": "156211100", "old_line": None,
                       "new_quote": "收入预算18,976.76万元", "new_page": 6,
                       "new_value": "189767600", "new_line": None,
                       "why": "subset vs the whole"}],
    }

    def test_page_value_and_quote_match(self) -> None:
        """A tool quantity on the gold's page with its value and quote is that side, whatever
        its line; spaces in the quotes do not matter."""
        made = change(paged("156211100", 6, "收入预算 15621.11万元"),
                      paged("189767600", 6, "收入预算18,976.76万元"))
        result = evaluate_pairing(self.GOLD, [made])
        assert (result["precision"], result["recall"], result["not_pairs_made"]) == (1.0, 1.0, 0)

    def test_same_value_other_quote_is_the_not_pair(self) -> None:
        """财政拨款收入 paired with 收入预算 (equal values on one page) is the labelled not-pair."""
        made = change(paged("156211100", 6, "财政拨款收入15621.11万元"),
                      paged("189767600", 6, "收入预算18,976.76万元"))
        result = evaluate_pairing(self.GOLD, [made])
        assert (result["precision"], result["recall"], result["not_pairs_made"]) == (0.0, 0.0, 1)

    def test_other_page_is_not_the_side(self) -> None:
        """The same value on another page is another quantity."""
        made = change(paged("156211100", 5, "收入预算15621.11万元"),
                      paged("189767600", 6, "收入预算18,976.76万元"))
        result = evaluate_pairing(self.GOLD, [made])
        assert result["recall"] == 0.0

    def test_paged_extraction(self) -> None:
        """Extraction gold by page: hits by page and value, no line scope applied."""
        gold = {"scope": "chapter 四", "metrics": [
            {"quote": "收入预算15621.11万元", "value": "156211100", "page": 6, "line": None}]}
        result = evaluate_extraction(gold, [paged("156211100", 6, "收入预算15621.11万元"),
                                            paged("1", 9)])
        assert (result["precision"], result["recall"]) == (0.5, 1.0)


class TestIdentity:
    GOLD = {
        "metrics": [
            {"source": "a", "quote": "增长6.9%", "value": "6.9", "line": 1, "kind": "change",
             "period": "year", "qualifiers": []},
            {"source": "b", "quote": "年均增长7.1%", "value": "7.1", "line": 1, "kind": "change",
             "period": "5 years", "qualifiers": ["年均"]},
            {"source": "b", "quote": "增长6.6%", "value": "6.6", "line": 2, "kind": "change",
             "period": "year", "qualifiers": []},
        ],
        "chains": [{"label": "GDP", "members": [
            {"source": "a", "line": 1, "quote": "增长6.9%", "value": "6.9"},
            {"source": "b", "line": 2, "quote": "增长6.6%", "value": "6.6"}]}],
        "must_not_join": [{"a": {"source": "a", "line": 1, "quote": "增长6.9%", "value": "6.9"},
                           "b": {"source": "b", "line": 1, "quote": "年均增长7.1%",
                                 "value": "7.1"}, "why": "five-year average vs one year"}],
    }

    @staticmethod
    def grow(value: str, line: int, period: str = "year") -> Metric:
        q = Quantity(value, "%", value + "%", line, "增长" + value + "%")
        return Metric("增长", "change", False, "1", q, period=period,
                      qualifiers=("年均",) if period != "year" else ())

    def test_right_chain(self) -> None:
        """Identity fields match the labels and the chain joins the two annual figures."""
        a, b5, b1 = self.grow("6.9", 1), self.grow("7.1", 1, "5 years"), self.grow("6.6", 2)
        result = evaluate_identity(self.GOLD, {"a": [a], "b": [b5, b1]},
                                   [[("a", a), ("b", b1)], [("b", b5)]])
        assert (result["period"], result["qualifiers"], result["kind"]) == (1.0, 1.0, 1.0)
        assert (result["chain_violations"], result["joined_wrongly"]) == (0, 0)
        assert (result["chain_links"], result["chain_links_found"]) == (1, 1)

    def test_wrong_chain_is_caught(self) -> None:
        """A chain joining a five-year average to a one-year figure breaks the hand labels."""
        a, b5, b1 = self.grow("6.9", 1), self.grow("7.1", 1, "5 years"), self.grow("6.6", 2)
        result = evaluate_identity(self.GOLD, {"a": [a], "b": [b5, b1]},
                                   [[("a", a), ("b", b5)], [("b", b1)]])
        assert (result["chain_violations"], result["joined_wrongly"]) == (1, 1)
        assert result["chain_links_found"] == 0
