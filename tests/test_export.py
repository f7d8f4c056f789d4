"""Tests for compare.export: the JSON documents and CSV of CONTRACT.md, field by field.

``check_pair_doc`` validates a ``compare/pair/1`` document against CONTRACT.md; test_cli.py and
test_corpus.py use it too.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from compare.export import (
    list_json,
    metric_changes_csv,
    metrics_csv,
    metrics_json,
    pair_json,
    quantity_json,
    section_ref,
)
from compare.ingest.reader import parse_document
from compare.models import Quantity, ReportInfo, Section
from compare.pipeline import build_report, compare_reports

REPO = Path(__file__).resolve().parents[1]
REPORTS = REPO / "reports"

# Written out from CONTRACT.md, not imported from the code under test.
CONTRACT_SECTION_STATUSES = (
    "unchanged", "changed", "renamed", "moved", "split", "merged", "added", "removed",
)
CONTRACT_METRIC_STATUSES = ("changed", "unchanged", "added", "removed")
CONTRACT_KINDS = ("level", "change", "target", "ratio")
_PATH = re.compile(r"^[0-9]+(/[0-9]+)*$")
_SHA = re.compile(r"^[0-9a-f]{64}$")


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def check_ref(ref: Any) -> None:
    """A CONTRACT section ref: path, level, title, line with the documented types."""
    assert isinstance(ref, dict)
    assert {"path", "level", "title", "line"} <= ref.keys()
    assert isinstance(ref["path"], str) and _PATH.match(ref["path"]), ref
    assert _is_int(ref["level"]) and ref["level"] >= 0, ref
    assert isinstance(ref["title"], str)
    assert _is_int(ref["line"]) and ref["line"] >= 1, ref
    if ref["level"] == 0:
        assert ref["title"] == "", ref
    else:
        assert ref["title"].strip(), ref


def check_quantity(q: Any) -> None:
    """A CONTRACT quantity: value, unit, text, line, quote; the text stands in the quote."""
    assert isinstance(q, dict)
    for key in ("value", "unit", "text", "quote"):
        assert isinstance(q[key], str), (key, q)
    assert _is_int(q["line"]) and q["line"] >= 1
    assert re.fullmatch(r"-?[0-9]+(\.[0-9]+)?(-[0-9]+(\.[0-9]+)?)?", q["value"]), q
    assert q["text"] and q["text"] in q["quote"], q


def check_pair_doc(doc: dict[str, Any]) -> None:
    """Every field CONTRACT.md lists for ``compare/pair/1``, with its type and allowed values."""
    assert {"schema", "series", "old", "new", "sections", "metrics", "summary"} <= doc.keys()
    assert doc["schema"] == "compare/pair/1"
    assert isinstance(doc["series"], str) and doc["series"]
    for side in ("old", "new"):
        head = doc[side]
        assert _is_int(head["year"])
        assert isinstance(head["title"], str) and head["title"]
        assert _SHA.match(head["sha256"]), head
    assert doc["sections"], "a comparison has at least one section entry"
    for e in doc["sections"]:
        assert e["status"] in CONTRACT_SECTION_STATUSES, e
        assert isinstance(e["similarity"], float | int) and not isinstance(e["similarity"], bool)
        assert 0.0 <= e["similarity"] <= 1.0, e
        if e["status"] == "added":
            assert e["old"] is None
            check_ref(e["new"])
        elif e["status"] == "removed":
            assert e["new"] is None
            check_ref(e["old"])
        else:
            check_ref(e["old"])
            check_ref(e["new"])
    new_lines = [e["new"]["line"] for e in doc["sections"] if e["new"] is not None]
    assert new_lines == sorted(new_lines), "sections follow the reading order of the new report"
    for m in doc["metrics"]:
        assert m["status"] in CONTRACT_METRIC_STATUSES, m
        assert isinstance(m["label"], str) and m["label"]
        if m["status"] == "added":
            assert m["old"] is None
        else:
            check_quantity(m["old"])
        if m["status"] == "removed":
            assert m["new"] is None
        else:
            check_quantity(m["new"])
        assert m["delta"] is None or isinstance(m["delta"], str)
        assert m["delta_percent"] is None or isinstance(m["delta_percent"], str)
        if m["status"] == "unchanged":
            assert m["old"]["value"] == m["new"]["value"], m
        if m["new"] is not None and m["new"]["unit"] == "%":
            assert m["delta_percent"] is None, "a % delta is in points, without delta_percent"
    summary = doc["summary"]
    assert 0.0 <= summary["similarity"] <= 1.0
    counts = Counter(e["status"] for e in doc["sections"])
    assert {k: v for k, v in summary["sections"].items() if v} == dict(counts)
    assert set(summary["sections"]) <= set(CONTRACT_SECTION_STATUSES)
    mcounts = Counter(m["status"] for m in doc["metrics"])
    assert {k: v for k, v in summary["metrics"].items() if v} == dict(mcounts)
    assert set(summary["metrics"]) <= set(CONTRACT_METRIC_STATUSES)


def check_refs_match_source(doc: dict[str, Any], old_file: Path, new_file: Path) -> None:
    """Each ref's title is written at the start of its ``line`` in the source file."""
    lines = {
        "old": old_file.read_text(encoding="utf-8").splitlines(),
        "new": new_file.read_text(encoding="utf-8").splitlines(),
    }
    for e in doc["sections"]:
        for side in ("old", "new"):
            ref = e[side]
            if ref is None or ref["level"] == 0:
                continue
            source = lines[side][ref["line"] - 1].strip()
            assert source.startswith(ref["title"]), (side, ref, source)


def _report(path: Path, **kw: Any) -> Any:
    return build_report(parse_document(path.read_bytes(), path=str(path), **kw))


@pytest.fixture(scope="module")
def sample_comparison() -> Any:
    return compare_reports(_report(REPORTS / "2018.txt"), _report(REPORTS / "2019.txt"))


class TestSectionRef:
    def test_fields(self) -> None:
        """A section becomes exactly path, level, title and line."""
        s = Section(path="1/4", level=2, title="（四）执法。", text="（四）执法。正文", line=30)
        assert section_ref(s) == {"path": "1/4", "level": 2, "title": "（四）执法。", "line": 30}

    def test_none(self) -> None:
        """A missing side is null."""
        assert section_ref(None) is None


class TestQuantityJson:
    def test_fields(self) -> None:
        """A quantity becomes exactly value, unit, text, line and quote."""
        q = Quantity(
            value="13610000", unit="人", text="1361万人", line=31, quote="城镇新增就业1361万人"
        )
        assert quantity_json(q) == {
            "value": "13610000", "unit": "人", "text": "1361万人", "line": 31,
            "quote": "城镇新增就业1361万人",
        }


class TestPairJson:
    def test_contract(self, sample_comparison: Any) -> None:
        """The sample comparison follows compare/pair/1 field by field."""
        check_pair_doc(pair_json(sample_comparison))

    def test_heads(self, sample_comparison: Any) -> None:
        """old/new carry the year, title and sha256 of each report."""
        doc = pair_json(sample_comparison)
        assert doc["old"]["year"] == 2018 and doc["new"]["year"] == 2019
        for side, year in (("old", 2018), ("new", 2019)):
            raw = (REPORTS / f"{year}.txt").read_bytes()
            assert doc[side]["sha256"] == hashlib.sha256(raw).hexdigest()
        assert "2018" in doc["old"]["title"] and "2019" in doc["new"]["title"]

    def test_lines_point_at_headings(self, sample_comparison: Any) -> None:
        """Every ref's line is the source line where its title is written."""
        check_refs_match_source(
            pair_json(sample_comparison), REPORTS / "2018.txt", REPORTS / "2019.txt"
        )

    def test_every_section_listed(self, sample_comparison: Any) -> None:
        """Each section of both reports appears in some entry (CONTRACT: every heading)."""
        doc = pair_json(sample_comparison)
        for side, report in (("old", sample_comparison.old), ("new", sample_comparison.new)):
            seen = {e[side]["path"] for e in doc["sections"] if e[side]}
            assert seen == {s.path for s in report.sections}

    def test_sample_refs(self, sample_comparison: Any) -> None:
        """The 2019 part 二 heading is listed with its source line 45 and level 1."""
        doc = pair_json(sample_comparison)
        refs = [e["new"] for e in doc["sections"] if e["new"]]
        part2 = [r for r in refs if r["title"].startswith("二、")]
        assert part2 == [{"path": "2", "level": 1, "title": "二、法治政府建设存在的主要问题",
                          "line": 45}]

    def test_serialisable(self, sample_comparison: Any) -> None:
        """The document survives a JSON round trip unchanged."""
        doc = pair_json(sample_comparison)
        assert json.loads(json.dumps(doc, ensure_ascii=False)) == doc

    def test_identical_reports(self) -> None:
        """A report compared with itself: all unchanged, similarity 1, summary counts agree."""
        r = _report(REPORTS / "2019.txt")
        doc = pair_json(compare_reports(r, r))
        check_pair_doc(doc)
        assert {e["status"] for e in doc["sections"]} == {"unchanged"}
        assert {m["status"] for m in doc["metrics"]} == {"unchanged"}
        assert doc["summary"]["similarity"] == 1.0
        assert doc["summary"]["sections"]["unchanged"] == len(r.sections)


class TestMetricsJson:
    def test_contract(self, sample_comparison: Any) -> None:
        """compare/metrics/1: quantity fields at the top level of each entry, kinds allowed."""
        report = sample_comparison.new
        doc = metrics_json(report)
        assert doc["schema"] == "compare/metrics/1"
        assert doc["series"] == report.series and doc["year"] == 2019
        assert len(doc["metrics"]) == len(report.metrics) > 0
        for row in doc["metrics"]:
            assert row["kind"] in CONTRACT_KINDS
            assert isinstance(row["approx"], bool)
            assert _PATH.match(row["section"])
            check_quantity({k: row[k] for k in ("value", "unit", "text", "line", "quote")})

    def test_sample_value(self, sample_comparison: Any) -> None:
        """The 2019 合格率75.34% (line 21) is a percent number with unit %."""
        rows = metrics_json(sample_comparison.new)["metrics"]
        hits = [r for r in rows if r["line"] == 21 and r["value"] == "75.34"]
        assert hits and hits[0]["unit"] == "%"


class TestListJson:
    def test_contract(self) -> None:
        """compare/list/1 lists each report with its fields."""
        info = ReportInfo("s", 2019, "t", "a" * 64, "reports/2019.txt", 3, 4)
        assert list_json([info]) == {
            "schema": "compare/list/1",
            "reports": [{"series": "s", "year": 2019, "title": "t", "sha256": "a" * 64,
                         "path": "reports/2019.txt", "sections": 3, "metrics": 4}],
        }

    def test_empty(self) -> None:
        """An empty store lists no reports."""
        assert list_json([]) == {"schema": "compare/list/1", "reports": []}


class TestCsv:
    def test_metrics_csv(self, sample_comparison: Any) -> None:
        """One CSV row per metric, the header first, values as in the JSON."""
        report = sample_comparison.new
        rows = list(csv.DictReader(io.StringIO(metrics_csv(report).removeprefix("\ufeff"))))
        assert len(rows) == len(report.metrics)
        assert [r["value"] for r in rows] == [m.quantity.value for m in report.metrics]
        assert [int(r["line"]) for r in rows] == [m.quantity.line for m in report.metrics]

    def test_metric_changes_csv(self, sample_comparison: Any) -> None:
        """One CSV row per metric change; added rows have no old value."""
        text = metric_changes_csv(sample_comparison).removeprefix("\ufeff")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [r["status"] for r in rows] == [c.status for c in sample_comparison.metrics]
        for r in rows:
            if r["status"] == "added":
                assert r["old_value"] == "" and r["new_value"]
            if r["status"] == "removed":
                assert r["new_value"] == "" and r["old_value"]


# --- hypothesis: random reports with 一、/（一） headings -------------------------------------

_CN = "一二三四五六"
_WORDS = st.sampled_from(
    ["推进依法行政", "加强监督管理", "完善制度体系", "全年办理案件12件", "培训干部300人",
     "深化改革", "优化营商环境", "提高服务水平", "落实责任", "增长6.5%"]
)
_PARA = st.lists(_WORDS, min_size=1, max_size=4).map(lambda ws: "，".join(ws) + "。")


@st.composite
def _report_text(draw: st.DrawFn) -> str:
    lines = ["测试市2019年工作报告", draw(_PARA)]
    for i in range(draw(st.integers(1, 3))):
        lines.append(f"{_CN[i]}、{draw(_WORDS)}")
        lines.append(draw(_PARA))
        for j in range(draw(st.integers(0, 2))):
            lines.append(f"（{_CN[j]}）{draw(_WORDS)}。{draw(_PARA)}")
    return "\n".join(lines[: 2 + draw(st.integers(2, 6)) * 2]) + "\n"


class TestPairJsonProperties:
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(old=_report_text(), new=_report_text())
    @example(  # many-to-many: old （一） split in two, new （二） fed by two old sections
        old="测试市2019年工作报告\n推进依法行政。\n一、推进依法行政\n推进依法行政。\n"
        "（一）加强监督管理。推进依法行政，推进依法行政，推进依法行政。\n",
        new="测试市2019年工作报告\n推进依法行政。\n一、推进依法行政\n推进依法行政。\n"
        "（一）推进依法行政。推进依法行政。\n（二）推进依法行政。推进依法行政，推进依法行政，推进依法行政。\n",
    )
    def test_sections_covered(self, old: str, new: str) -> None:
        """Every section appears in an entry; repeats only in split (old) or merged (new) ones,
        either where both sides repeat (many-to-many)."""
        a = build_report(parse_document(old.encode(), path="x/2018.txt", year=2018, series="s"))
        b = build_report(parse_document(new.encode(), path="x/2019.txt", year=2019, series="s"))
        doc = pair_json(compare_reports(a, b))
        assert json.loads(json.dumps(doc, ensure_ascii=False)) == doc
        seen = {}
        for side, report in (("old", a), ("new", b)):
            listed = [e[side]["path"] for e in doc["sections"] if e[side]]
            assert set(listed) == {s.path for s in report.sections}
            seen[side] = Counter(listed)
        for e in doc["sections"]:
            many_old = e["old"] is not None and seen["old"][e["old"]["path"]] > 1
            many_new = e["new"] is not None and seen["new"][e["new"]["path"]] > 1
            if many_old and many_new:
                assert e["status"] in ("split", "merged"), e
            elif many_old:
                assert e["status"] == "split", e
            elif many_new:
                assert e["status"] == "merged", e
