"""Tests of multi-year metric chains: chain_metrics, the trends JSON/CSV and the sparkline page."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import SHARED

from compare.export import TRENDS_SCHEMA, trends_csv, trends_json
from compare.metrics.chains import MetricChain, chain_metrics
from compare.models import Metric, Quantity, Report
from compare.render import render_trends
from compare.tuning import MetricTuning


def metric(label: str, value: str, unit: str, line: int, kind: str = "level") -> Metric:
    """A hand-made metric."""
    return Metric(label, kind, False, "1", Quantity(value, unit, value + unit, line, label + value))


def report(year: int, *metrics: Metric) -> Report:
    """A report holding only ``metrics``."""
    return Report("s", year, f"{year}年报告", "0" * 64, f"{year}.txt", (), tuple(metrics))


def by_label(chains: tuple[MetricChain, ...], label: str) -> MetricChain:
    return next(c for c in chains if c.label == label)


class TestChainMetrics:
    def test_consecutive_pairs_form_one_chain(self) -> None:
        """A metric paired 2016→2017→2018 is one chain with its three values in year order."""
        reports = [
            report(2018, metric("受理案件", "91", "件", 3)),
            report(2016, metric("受理案件", "70", "件", 5)),
            report(2017, metric("受理案件", "76", "件", 4)),
        ]
        chains = chain_metrics(reports)
        assert len(chains) == 1
        values = [(y, m.quantity.value if m else None) for y, m in chains[0].values]
        assert values == [(2016, "70"), (2017, "76"), (2018, "91")]
        assert chains[0].years == (2016, 2017, 2018) and chains[0].unit == "件"

    def test_unpaired_metrics_start_their_own_chains(self) -> None:
        """Metrics of different units never join; each year's newcomer starts a chain."""
        chains = chain_metrics([
            report(2017, metric("受理案件", "76", "件", 4)),
            report(2018, metric("培训人员", "235", "名", 4)),
        ])
        assert [c.years for c in chains] == [(2017,), (2018,)]

    def test_a_one_year_gap_is_bridged(self) -> None:
        """A metric missing in the middle year resumes its chain with None for that year."""
        chains = chain_metrics([
            report(2016, metric("受理案件", "70", "件", 5)),
            report(2017, metric("培训人员", "235", "名", 4)),
            report(2018, metric("受理案件", "91", "件", 3)),
        ])
        chain = by_label(chains, "受理案件")
        assert [m is not None for _, m in chain.values] == [True, False, True]

    def test_bridge_zero_cuts_the_chain(self) -> None:
        """With bridge=0 the same gap leaves two chains."""
        chains = chain_metrics([
            report(2016, metric("受理案件", "70", "件", 5)),
            report(2017),
            report(2018, metric("受理案件", "91", "件", 3)),
        ], tuning=MetricTuning(chain_bridge_years=0))
        assert sorted(c.years for c in chains) == [(2016,), (2018,)]

    def test_label_drops_the_qualifier(self) -> None:
        """The chain is titled by its latest label without a （五年来） note."""
        chains = chain_metrics([
            report(2017, metric("市场主体总量", "8000", "万户", 4)),
            report(2018, metric("市场主体总量（五年来）", "9000", "万户", 4)),
        ])
        assert [c.label for c in chains] == ["市场主体总量"]

    @settings(max_examples=50, deadline=None)
    @given(st.lists(st.lists(st.integers(1, 500), max_size=4), min_size=2, max_size=5))
    def test_every_metric_is_in_exactly_one_chain(self, years: list[list[int]]) -> None:
        """Whatever the values, each metric of each report stands in one chain, in its year."""
        reports = [
            report(2010 + k, *(metric(f"指标{v % 3}", str(v), "件", i) for i, v in enumerate(vs)))
            for k, vs in enumerate(years)
        ]
        chains = chain_metrics(reports)
        seen = [id(m) for c in chains for _, m in c.values if m is not None]
        assert sorted(seen) == sorted(id(m) for r in reports for m in r.metrics)
        for c in chains:
            assert [y for y, _ in c.values] == [r.year for r in reports]
            for (year, m), r in zip(c.values, reports, strict=True):
                assert m is None or (year == r.year and any(m is x for x in r.metrics))


class TestTrendsExport:
    def chains(self) -> tuple[MetricChain, ...]:
        return chain_metrics([
            report(2017, metric("受理案件", "76", "件", 4)),
            report(2018, metric("受理案件", "91", "件", 3), metric("合格率", "75.34", "%", 9)),
        ])

    def test_json_values_parallel_years(self) -> None:
        """compare/trends/1: years, and per chain one value object or null per year."""
        doc = trends_json(self.chains(), "s")
        assert doc["schema"] == TRENDS_SCHEMA == "compare/trends/1"
        assert doc["years"] == [2017, 2018]
        first = doc["chains"][0]
        assert first["label"] == "受理案件" and first["years_stated"] == 2
        assert [v["value"] for v in first["values"]] == ["76", "91"]
        assert first["values"][1]["year"] == 2018 and first["values"][1]["line"] == 3
        assert doc["chains"][1]["values"][0] is None

    def test_csv_has_one_column_per_year(self) -> None:
        """The CSV header names the years; a year without the metric is an empty cell."""
        rows = list(csv.reader(io.StringIO(trends_csv(self.chains()).removeprefix("\ufeff"))))
        assert rows[0][:5] == ["label", "unit", "kind", "2017", "2018"]
        assert rows[1][:5] == ["受理案件", "件", "level", "76", "91"]
        assert rows[2][:5] == ["合格率", "%", "level", "", "75.34"]


class Tags(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


class TestRenderTrends:
    def test_page_has_a_row_per_chain_and_a_sparkline(self) -> None:
        """Each chain is a row; chains with two values get an SVG polyline; CSP forbids fetches."""
        chains = chain_metrics([
            report(2017, metric("受理案件", "76", "件", 4)),
            report(2018, metric("受理案件", "91", "件", 3)),
        ])
        page = render_trends(chains, "s")
        assert page.count('<tr id="c') == 1
        assert "<polyline points=" in page and "default-src 'none'" in page
        assert "76件" in page and "91件" in page and "+19.7%" in page
        assert "http://" not in page and "https://" not in page

    def test_gap_is_drawn_dashed(self) -> None:
        """A year without the value shows — and a dashed line between its neighbours."""
        chains = chain_metrics([
            report(2016, metric("受理案件", "70", "件", 5)),
            report(2017),
            report(2018, metric("受理案件", "91", "件", 3)),
        ])
        page = render_trends(chains, "s")
        assert '<td class="v none">—</td>' in page and '<line class="gap"' in page

    @settings(max_examples=100, deadline=None)
    @given(st.text(max_size=12))
    def test_report_text_never_becomes_markup(self, text: str) -> None:
        """Labels, units and quotes from a report are escaped."""
        hostile = "<script>x</script>" + text
        m1 = Metric(hostile, "level", False, "1", Quantity("1", "件", hostile, 1, hostile))
        m2 = Metric(hostile, "level", False, "1", Quantity("2", "件", hostile, 1, hostile))
        page = render_trends(chain_metrics([report(2017, m1), report(2018, m2)]), hostile)
        allowed = {"html", "head", "meta", "title", "style", "body", "main", "header", "p",
                   "h1", "small", "div", "table", "thead", "tr", "th", "tbody", "td", "svg",
                   "polyline", "circle", "line", "span", "footer"}
        assert set(Tags(page).tags) <= allowed
        assert "<script" not in page

    def test_empty_chains_say_so(self) -> None:
        """No chains gives a page that says nothing was found."""
        assert "No metric is stated in more than one of these years." in render_trends((), "s")


class TestCorpus:
    def test_gdp_growth_chain_cn_gwr_2014_2019(self) -> None:
        """cn-gwr 2014-2019: GDP growth is one chain with each report's stated figure."""
        folder = SHARED / "corpus" / "cn-gwr"
        if not folder.is_dir():
            pytest.skip(f"{folder} is absent (the shared corpus sits beside the repository)")
        from compare.ingest.reader import read_document
        from compare.pipeline import build_report

        reports = [build_report(read_document(folder / f"{y}.txt")) for y in range(2014, 2020)]
        chains = chain_metrics(reports)
        growth = [c for c in chains if c.kind == "change" and re.fullmatch(
            r"国内生产总值(?:比上年)?增长", c.label)]
        assert len(growth) == 1
        # Figures read off each report's review paragraph by hand.
        values = {y: m.quantity.text for y, m in growth[0].values if m is not None}
        assert values == {2014: "7.7%", 2015: "7.4%", 2016: "6.9%", 2017: "6.7%",
                          2018: "6.9%", 2019: "6.6%"}
        jobs = [c for c in chains if c.label == "城镇新增就业" and c.kind == "level"]
        assert any(len(c.years) >= 5 for c in jobs)
