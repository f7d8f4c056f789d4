"""Integration on the real corpus of ../shared: ingest, compare, JSON contract, two renderings.

Skipped, with the reason, where ../shared is absent (a user's fresh clone).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import SHARED
from test_export import check_pair_doc, check_refs_match_source
from typer.testing import CliRunner, Result

from compare.cli import _route, app
from compare.ingest import read_document
from compare.pipeline import build_report, compare_reports
from compare.store.db import Store

CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"
REPO = Path(__file__).resolve().parents[1]
BOTH_RENDERINGS = range(2014, 2020)  # SOURCES.md: 2014-2019 exist as plain text and as HTML


def run(*args: str) -> Result:
    return CliRunner().invoke(app, _route(list(args)), env={"COLUMNS": "200", "COMPARE_DB": None})


@pytest.fixture(scope="module")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent (a fresh clone); corpus tests need it")
    return CORPUS


@pytest.fixture(scope="module")
def gwr_db(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A store holding cn-gwr (plain text) and, as series html, cn-gwr-govcn-html."""
    folder = tmp_path_factory.mktemp("corpus")
    db = folder / "c.db"
    cwd = Path.cwd()
    os.chdir(folder)  # nothing may be written in the repo
    try:
        first = run("ingest", str(corpus / "cn-gwr"), "--db", str(db))
        assert first.exit_code == 0, first.output
        second = run("ingest", str(corpus / "cn-gwr-govcn-html"), "--series", "html",
                     "--db", str(db))
        assert second.exit_code == 0, second.output
    finally:
        os.chdir(cwd)
    yield db


@pytest.fixture(scope="module")
def pair_doc(gwr_db: Path) -> dict[str, Any]:
    result = run("2018", "2019", "--series", "cn-gwr", "--format", "json", "--db", str(gwr_db),
                 "--no-ingest")
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


class TestIngestCorpus:
    def test_cn_gwr_years(self, gwr_db: Path, corpus: Path) -> None:
        """Every cn-gwr file is stored under series cn-gwr and the year of its file name."""
        doc = json.loads(run("list", "--db", str(gwr_db), "--format", "json").stdout)
        stored = sorted(r["year"] for r in doc["reports"] if r["series"] == "cn-gwr")
        assert stored == sorted(int(p.stem) for p in (corpus / "cn-gwr").glob("*.txt"))
        html = sorted(r["year"] for r in doc["reports"] if r["series"] == "html")
        assert html == sorted(int(p.stem) for p in (corpus / "cn-gwr-govcn-html").glob("*.txt"))

    def test_enping_seed(
        self, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The Enping seed ingests as 2019, and is the same bytes as reports/2019.txt."""
        monkeypatch.chdir(tmp_path)
        shutil.copytree(REPO / "reports", tmp_path / "reports")
        seed = corpus / "enping-fzzf" / "2019.txt"
        first = run("ingest", str(seed), "--db", "s.db")
        assert first.exit_code == 0, first.output
        assert re.match(r"added: \S+ 2019 — \d+ sections, \d+ metrics", first.stdout.strip())
        again = run("ingest", "reports/2019.txt", "--db", "s.db")
        assert again.stdout.strip().startswith("unchanged (same bytes): ")


class TestCompareCorpus:
    def test_contract(self, pair_doc: dict[str, Any], corpus: Path) -> None:
        """cn-gwr 2018→2019 as JSON follows the contract; refs sit at their source lines."""
        check_pair_doc(pair_doc)
        assert pair_doc["series"] == "cn-gwr"
        assert (pair_doc["old"]["year"], pair_doc["new"]["year"]) == (2018, 2019)
        check_refs_match_source(pair_doc, corpus / "cn-gwr" / "2018.txt",
                                corpus / "cn-gwr" / "2019.txt")

    def test_every_gold_heading_listed(self, pair_doc: dict[str, Any]) -> None:
        """Each hand-labelled 一、/（一） heading of both years is in sections with its line."""
        gold_file = GOLD / "gwr-2018-2019.align.json"
        if not gold_file.is_file():
            pytest.skip("../shared/gold/gwr-2018-2019.align.json is absent")
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        for side, key in (("old", "old_headings"), ("new", "new_headings")):
            refs = {(e[side]["line"], e[side]["title"]) for e in pair_doc["sections"] if e[side]}
            for h in gold[key]:
                hits = [t for line, t in refs if line == h["line"] and t.startswith(h["title"])]
                assert hits, (side, h)

    def test_every_stored_section_listed(self, pair_doc: dict[str, Any], gwr_db: Path) -> None:
        """Every stored section of both years appears in some entry."""
        with Store(gwr_db) as store:
            for side, year in (("old", 2018), ("new", 2019)):
                report = store.get_report("cn-gwr", year)
                assert report is not None
                listed = {e[side]["path"] for e in pair_doc["sections"] if e[side]}
                assert listed == {s.path for s in report.sections}

    def test_review_parts_paired(self, pair_doc: dict[str, Any]) -> None:
        """一、…工作回顾 of 2018 and of 2019 face each other in one entry."""
        paired = [
            e for e in pair_doc["sections"]
            if e["old"] and e["new"]
            and e["old"]["title"].startswith("一、") and "工作回顾" in e["old"]["title"]
            and e["new"]["title"].startswith("一、") and "工作回顾" in e["new"]["title"]
        ]
        assert len(paired) == 1
        assert paired[0]["old"]["level"] == paired[0]["new"]["level"] == 1


class TestTwoRenderings:
    @pytest.mark.parametrize("year", BOTH_RENDERINGS)
    def test_same_sections(self, gwr_db: Path, year: int) -> None:
        """Plain text and HTML of one year: the same section titles; near-unchanged bodies."""
        with Store(gwr_db) as store:
            txt, html = store.get_report("cn-gwr", year), store.get_report("html", year)
        assert txt is not None and html is not None
        assert [(s.level, s.title) for s in txt.sections] == [
            (s.level, s.title) for s in html.sections
        ]
        comp = compare_reports(txt, html)
        assert {p.status for p in comp.sections} <= {"unchanged", "changed"}
        assert all(p.old is not None and p.new is not None and p.old.path == p.new.path
                   for p in comp.sections)
        assert min(p.similarity for p in comp.sections) >= 0.95
        assert comp.similarity >= 0.99

    def test_identical_copy_no_change(self, corpus: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
        """cn-gwr 2019 stored as two years: --fail-on-change exits 0."""
        monkeypatch.chdir(tmp_path)
        src = str(corpus / "cn-gwr" / "2019.txt")
        for year in ("2018", "2019"):
            assert run("ingest", src, "--year", year, "--series", "same", "--db", "s.db"
                       ).exit_code == 0
        result = run("2018", "2019", "--series", "same", "--db", "s.db", "--fail-on-change",
                     "--format", "json")
        doc = json.loads(result.stdout)
        assert {m["status"] for m in doc["metrics"]} == {"unchanged"}
        assert result.exit_code == 0


class TestQuantityLines:
    @pytest.mark.parametrize(
        ("folder", "year"),
        [(f, y) for f in ("cn-gwr", "cn-gwr-govcn-html") for y in BOTH_RENDERINGS]
        + [("sg-budget", y) for y in (1984, 1985, 2006, 2008)],
    )
    def test_quantity_on_its_line(self, corpus: Path, folder: str, year: int) -> None:
        """Every quantity stands on the line its ``line`` names: the line holds its text, or its
        text starts there and runs on into the next line (a number whose unit a link break put
        on the following line, as 74.4 / 万亿元 in cn-gwr 2017)."""
        path = corpus / folder / f"{year}.txt"
        doc = read_document(path)
        lines = re.split(r"\r\n|\r|\n", path.read_bytes().decode(doc.encoding))
        report = build_report(doc)
        assert report.metrics
        for m in report.metrics:
            q = m.quantity
            here = html.unescape(lines[q.line - 1])
            ahead = here + "".join(html.unescape(ln) for ln in lines[q.line : q.line + 2])
            at = ahead.find(q.text)
            assert q.text in here or 0 <= at < len(here), (q.line, q.text, here[:80])
