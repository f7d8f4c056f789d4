"""Show it as the report says it (issue 14, item 5): hedges visible on the page, in the terminal,
in CSV and on the trends page; changes in the report's own magnitude; period and qualifiers beside
the label; CSV that a Chinese Excel or WPS opens with its text intact."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from typer.testing import CliRunner

from compare.cli import _route, app
from compare.export import metric_changes_csv, metrics_csv, pair_json, trends_csv
from compare.metrics import chain_metrics, delta_text, identity_note, shown_text
from compare.models import Metric, Quantity, Report, Section
from compare.pipeline import compare_reports
from compare.render import render_html, render_trends

OLD = ("一、2018年工作回顾\n全市各级领导干部和国家工作人员近90人参加活动，城镇新增就业1351万人，"
       "实际使用外资1363亿美元。")
NEW = ("一、2019年工作回顾\n全市各级领导干部和国家工作人员近100人参加活动，实际使用外资1383亿美元。"
       "五年来，城镇新增就业6600万人以上。")


def metric(text: str, value: str, unit: str, word: str = "", **kw: object) -> Metric:
    return Metric("x", "level", bool(word), "1", Quantity(value, unit, text, 1, text),
                  approx_word=word, **kw)  # type: ignore[arg-type]


def make(year: int, text: str) -> Report:
    """A one-section report built through the real sections and metrics stages."""
    from compare.metrics import extract_metrics

    title = text.split("\n")[0]
    sections = (Section("1", 1, title, text, 1, (1, 2)),)
    return Report("s", year, str(year), f"{year}" * 16, f"{year}.txt", sections,
                  extract_metrics(sections))


class TestShownText:
    def test_hedge_before_and_after(self) -> None:
        """近90人, 6.5%左右, about $2.35 billion, 620多万套 (inside the number already)."""
        assert shown_text(metric("90人", "90", "人", "近")) == "近90人"
        assert shown_text(metric("6.5%", "6.5", "%", "左右")) == "6.5%左右"
        assert shown_text(metric("$2.35 billion", "2350000000", "SGD", "about")) == \
            "about $2.35 billion"
        assert shown_text(metric("620多万套", "6200000", "套", "多")) == "620多万套"

    def test_hedge_without_word(self) -> None:
        """An approximate figure whose word is unknown shows ≈."""
        m = Metric("x", "level", True, "1", Quantity("5", "人", "5人", 1, "5人"))
        assert shown_text(m) == "≈5人"

    def test_identity_note(self) -> None:
        """Period and qualifiers beside the label; nothing for a plain one-year figure."""
        assert identity_note(metric("7.1%", "7.1", "%", period="5 years",
                                    qualifiers=("年均",))) == "5 years · 年均"
        assert identity_note(metric("5%", "5", "%")) == ""


class TestDeltaInReportMagnitude:
    def test_chinese_magnitudes(self) -> None:
        """+83万人, +7.3万亿元, −0.3 pp."""
        assert delta_text("830000", "人", like="2230万人") == "+83万人"
        assert delta_text("7300000000000", "元", like="90万亿元") == "+7.3万亿元"
        assert delta_text("-0.3", "%", like="6.6%") == "\u22120.3 pp"
        assert delta_text("2.3", "%") == "+2.3 pp"

    def test_english_magnitudes(self) -> None:
        """+$0.5 billion where the report writes $ billions; digits where it writes none."""
        assert delta_text("500000000", "SGD", like="$2.35 billion") == "+$0.5 billion"
        assert delta_text("-12000", "worker", like="287,000 workers") == "\u221212,000 worker"

    def test_exact(self) -> None:
        """The magnitude is applied exactly, however many digits."""
        assert delta_text("123456789012345678901234567890000", "元", like="1万元") == \
            "+12345678901234567890123456789万元"


class TestEverywhere:
    def comparison(self):  # type: ignore[no-untyped-def]
        return compare_reports(make(2018, OLD), make(2019, NEW))

    def test_page(self) -> None:
        """The pair page shows 近90人 → 近100人, the change in 万, and the related five-year
        figure with its reason, in the report's language."""
        page = render_html(self.comparison())
        assert "近90人" in page and "近100人" in page
        assert "+20亿美元" in page
        assert "5年累计值与单一年度数值" in page and '<span class="idn">5年' in page

    def test_json(self) -> None:
        """The pair JSON carries approx_word, period and qualifiers, and lists related."""
        doc = pair_json(self.comparison())
        sides = [c["new"] for c in doc["metrics"] if c["new"]]
        assert {s["approx_word"] for s in sides} >= {"近", "以上"}
        assert all("period" in s and "qualifiers" in s for s in sides)
        (related,) = doc["related"]
        assert (related["old"]["period"], related["new"]["period"]) == ("year", "5 years")
        assert related["reason"] == "5-year total vs one year"
        assert doc["outcomes"] == []

    def test_csv(self) -> None:
        """CSV starts with a UTF-8 BOM and carries the figure as written and the period."""
        comp = self.comparison()
        for text in (metrics_csv(comp.old), metric_changes_csv(comp)):
            assert text.startswith("\ufeff")
        rows = list(csv.DictReader(io.StringIO(metrics_csv(comp.old).removeprefix("\ufeff"))))
        assert [(r["as_written"], r["period"], r["qualifiers"]) for r in rows] == [
            ("近90人", "year", "全市"), ("1351万人", "year", ""), ("1363亿美元", "year", "")]
        changes = list(csv.DictReader(io.StringIO(
            metric_changes_csv(comp).removeprefix("\ufeff"))))
        assert ("近90人", "近100人") in {(r["old_as_written"], r["new_as_written"])
                                        for r in changes}
        # A cell starting with + would be a formula to a spreadsheet: it is written as text.
        assert "'+20亿美元" in {r["delta_as_written"] for r in changes}

    def test_trends(self) -> None:
        """Trends page and CSV show the figures with their hedge."""
        chains = chain_metrics([make(2018, OLD), make(2019, NEW)])
        assert "近90人" in render_trends(chains, "s")
        assert "近100人" in trends_csv(chains)

    def test_terminal(self, tmp_path: Path) -> None:
        """The terminal summary and `compare metrics` show the hedge and the period."""
        folder = tmp_path / "r"
        folder.mkdir()
        (folder / "2018.txt").write_text(OLD, encoding="utf-8")
        (folder / "2019.txt").write_text(NEW, encoding="utf-8")
        db = str(tmp_path / "s.db")
        def run(*args: str):  # type: ignore[no-untyped-def]
            return CliRunner().invoke(app, _route(list(args)),
                                      env={"COLUMNS": "200", "COMPARE_DB": None})

        done = run("ingest", str(folder), "--series", "s", "--db", db)
        assert done.exit_code == 0, done.output
        summary = run("2018", "2019", "--db", db, "--no-ingest", "-o", str(tmp_path / "p.html"))
        assert "近100人" in summary.stdout and "+20亿美元" in summary.stdout
        one = run("metrics", "2019", "--db", db)
        assert "6600万人以上" in one.stdout and "5 years" in one.stdout
