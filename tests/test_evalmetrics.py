"""Tests of the metrics scorer against small hand-made gold files."""

from __future__ import annotations

from compare.evaluation.metricgold import evaluate_extraction, evaluate_pairing
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
