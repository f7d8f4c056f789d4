"""Values are exact whatever their length: no rounding at Python's default 28 significant digits,
from the number grammar through the store to the JSON."""

from __future__ import annotations

from decimal import Decimal, getcontext

from compare.export import metrics_json
from compare.ingest.reader import parse_document
from compare.pipeline import build_report
from compare.store import Store
from compare.textkit.numbers import format_decimal, scan_numbers
from compare.textkit.numerals import parse_numeral

DIGITS_34 = "1234567890123456789012345678901234"


class TestNumberGrammar:
    def test_long_integer_exact(self) -> None:
        """A 34-digit count keeps every digit."""
        (n,) = scan_numbers(f"共{DIGITS_34}件")
        assert format_decimal(n.value) == DIGITS_34

    def test_long_value_with_multiplier_exact(self) -> None:
        """A 32-digit value times 亿 keeps every digit."""
        (n,) = scan_numbers("完成12345678901234567890123456789.123亿元")
        assert format_decimal(n.value) == "1234567890123456789012345678912300000"

    def test_english_multiplier_exact(self) -> None:
        """``US$ … million`` with 30 significant digits is exact."""
        (n,) = scan_numbers("US$ 12345678901234567890123456789.5 million")
        assert format_decimal(n.value) == "12345678901234567890123456789500000"

    def test_long_decimal_fraction_exact(self) -> None:
        """A value with 40 decimals times 万 keeps them all."""
        (n,) = scan_numbers("3.1415926535897932384626433832795028841971万元")
        assert format_decimal(n.value) == "31415.926535897932384626433832795028841971"

    def test_numeral_reader_exact(self) -> None:
        """``parse_numeral`` itself keeps all 31 digits of a run before 亿 and the one after."""
        value, _, multiplied = parse_numeral("1234567890123456789012345678901亿5")
        assert multiplied
        assert value == Decimal("123456789012345678901234567890100000005")

    def test_default_context_untouched(self) -> None:
        """Reading numbers leaves the caller's decimal context as it was."""
        before = getcontext().prec
        scan_numbers(f"共{DIGITS_34}件")
        assert getcontext().prec == before


class TestThroughTheStore:
    def test_stored_and_exported_exact(self, store: Store) -> None:
        """The metric's value in the store and in the JSON has all 34 digits."""
        raw = f"某市2019年工作报告\n\n一、总体\n受理案件{DIGITS_34}件。\n".encode()
        store.put_report(build_report(parse_document(raw, path="2019.txt")))
        report = store.get_report("某市工作报告", 2019)
        assert report is not None
        (metric,) = metrics_json(report)["metrics"]
        assert metric["value"] == DIGITS_34
