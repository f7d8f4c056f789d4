"""`compare trace`: finding a section, following it across years, text/JSON/HTML output."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compare.cli import app
from compare.errors import InputError
from compare.export import TRACE_SCHEMA, trace_json
from compare.models import Report, Section
from compare.pipeline import compare_reports, ingest, load_report
from compare.render import render_trace, render_trace_text
from compare.series.timeline import Trace, find_section, trace_section
from compare.store.db import Store

CASES = Path(__file__).parent / "cases" / "site_demo"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Path]:
    """A store file holding the constructed 2017-2019 series."""
    src = tmp_path / "src"
    src.mkdir()
    for f in CASES.glob("*.txt"):
        shutil.copy(f, src / f.name)
    path = tmp_path / "s.db"
    with Store(path) as store:
        ingest(store, sorted(src.glob("*.txt")), series="demo")
    yield path


def demo_trace(db: Path, query: str) -> Trace:
    with Store(db) as store:
        r = [load_report(store, "demo", y) for y in (2017, 2018, 2019)]
    return trace_section([compare_reports(a, b) for a, b in zip(r, r[1:], strict=False)], query)


def report(*titles: str) -> Report:
    sections = tuple(Section(str(k + 1), 1, t, f"{t}\n正文。", k + 1) for k, t in enumerate(titles))
    return Report("demo", 2017, "t", "0" * 64, "p", sections)


class TestFindSection:
    R = report(
        "一、深化重要领域改革", "二、积极扩大对外开放", "三、保障和改善民生", "四、深化国企改革"
    )

    def test_by_path(self) -> None:
        """A path like 2 picks that section."""
        assert find_section(self.R, "2").title == "二、积极扩大对外开放"

    def test_by_exact_title_without_ordinal(self) -> None:
        """The title without its ordinal matches exactly."""
        assert find_section(self.R, "保障和改善民生").path == "3"

    def test_by_part_of_title(self) -> None:
        """Words contained in one title only pick it."""
        assert find_section(self.R, "对外开放").path == "2"

    def test_fuzzy(self) -> None:
        """A title typed with a word missing still matches."""
        assert find_section(self.R, "保障改善民生").path == "3"

    def test_ambiguous(self) -> None:
        """Words in several titles are an error listing the candidates."""
        with pytest.raises(InputError) as err:
            find_section(self.R, "深化")
        assert err.value.what == (
            "'深化' matches 2 sections of demo 2017: 1 一、深化重要领域改革; 4 四、深化国企改革."
        )
        assert err.value.fix == "Pass the section's path (e.g. 1) or more of its title."

    def test_not_found(self) -> None:
        """No match is an error naming the closest titles."""
        with pytest.raises(InputError) as err:
            find_section(self.R, "国防和军队建设")
        assert err.value.what.startswith("No section of demo 2017 matches '国防和军队建设'.")
        assert "Closest titles: " in err.value.what

    def test_unknown_path(self) -> None:
        """A path that does not exist lists the paths that do."""
        with pytest.raises(InputError) as err:
            find_section(self.R, "3/1")
        assert err.value.what == "No section 3/1 in demo 2017. Its sections: 1, 2, 3, 4."


class TestTraceSection:
    def test_follows_across_years(self, db: Path) -> None:
        """（三）保障和改善民生 is followed to 2018's （二） and on to 2019."""
        trace = demo_trace(db, "保障和改善民生")
        assert [(s.year, s.section.path if s.section else None) for s in trace.steps] == [
            (2017, "3/3"),
            (2018, "3/2"),
            (2019, "3/2"),
        ]
        assert trace.steps[0].diff is None
        last = trace.steps[2]
        assert last.diff is not None and "加强养老服务" in last.diff.b

    def test_dropped_section_ends(self, db: Path) -> None:
        """A section dropped in 2018 ends the trace with a dropped step."""
        trace = demo_trace(db, "积极扩大对外开放")
        assert [(s.year, s.status) for s in trace.steps] == [(2017, "present"), (2018, "dropped")]
        assert trace.steps[-1].section is None

    def test_json_document(self, db: Path) -> None:
        """trace_json: schema, one step per year, diffs that rebuild both texts."""
        doc = trace_json(demo_trace(db, "3/3"))
        assert doc["schema"] == TRACE_SCHEMA == "compare/trace/1"
        assert doc["years"] == [2017, 2018, 2019]
        assert doc["steps"][0]["diff"] is None
        for prev, step in zip(doc["steps"], doc["steps"][1:], strict=False):
            assert "".join(op["old"] for op in step["diff"]) == prev["text"]
            assert "".join(op["new"] for op in step["diff"]) == step["text"]

    def test_text_marks_changed_words(self, db: Path) -> None:
        """The text form marks the added clause as in the Markdown summary."""
        text = render_trace_text(demo_trace(db, "3/3"))
        assert "== 2019 changed" in text
        assert "**，加强养老服务**" in text or "**加强养老服务" in text

    def test_html_escapes(self, db: Path) -> None:
        """The page shows the query as text and carries the no-fetch CSP."""
        trace = demo_trace(db, "3/3")
        html = render_trace(replace(trace, query='<b>"q"</b>'))
        assert "&lt;b&gt;&#34;q&#34;&lt;/b&gt;" in html
        assert "<b>" not in html
        assert "default-src 'none'" in html
        assert '<section class="trace-step" id="y2019">' in html


class TestCli:
    def test_text(self, db: Path) -> None:
        """`compare trace` prints each year with its changes."""
        result = CliRunner().invoke(app, ["trace", "保障和改善民生", "--db", str(db)])
        assert result.exit_code == 0, result.output
        assert result.output.startswith("demo: （三）保障和改善民生。")
        # 2018 only renumbers it, （三） → （二）: unchanged, and the diff shows the number.
        assert "== 2018 unchanged" in result.output
        assert "（ ~~三~~ **二** ）保障和改善民生" in result.output

    def test_json_from_to(self, db: Path) -> None:
        """--format json with --from/--to limits the years."""
        result = CliRunner().invoke(
            app, ["trace", "3/1", "--db", str(db), "--to", "2018", "--format", "json"]
        )
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["years"] == [2017, 2018]

    def test_html_file(self, db: Path, tmp_path: Path) -> None:
        """--format html writes the page to --output."""
        out = tmp_path / "t.html"
        result = CliRunner().invoke(
            app, ["trace", "1", "--db", str(db), "-f", "html", "--output", str(out)]
        )
        assert result.exit_code == 0, result.output
        assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")

    def test_ambiguous_exits_2(self, db: Path) -> None:
        """An ambiguous query exits 2 with the candidates and no traceback."""
        result = CliRunner().invoke(app, ["trace", "工作", "--db", str(db)])
        assert result.exit_code == 2
        assert "Error: '工作' matches 3 sections" in result.output
        assert "Traceback" not in result.output

    def test_from_not_stored(self, db: Path) -> None:
        """--from a year not stored names the stored years."""
        result = CliRunner().invoke(app, ["trace", "1", "--db", str(db), "--from", "2016"])
        assert result.exit_code == 2
        assert "Error: No 2016 report in series demo. Stored years: 2017, 2018, 2019." in (
            result.output
        )

    def test_one_stored_year_says_so(self, tmp_path: Path) -> None:
        """With one stored year and no --from/--to, the message is about the years, not flags."""
        with Store(tmp_path / "one.db") as store:
            ingest(store, [CASES / "2019.txt"], series="demo")
        result = CliRunner().invoke(app, ["trace", "1", "--db", str(tmp_path / "one.db")])
        assert result.exit_code == 2
        assert (
            "Error: Series demo has 1 stored report(s) from 2019 to 2019; a trace needs two or "
            "more. Stored years: 2019."
        ) in result.output
