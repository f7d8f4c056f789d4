"""PDF reading: the text layer as lines and tables, furniture dropped, paragraphs rejoined, front
matter, headings, page provenance; the same report as .txt, .docx and .pdf reads alike; the
corpus PDFs (putuo's seven chapters and nine tables, jiangsu's page numbers and tables)."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from support import CORPUS, REPO, need
from typer.testing import CliRunner

from compare.cli import _route, app
from compare.diff.tables import diff_tables
from compare.errors import InputError
from compare.ingest import read_document
from compare.ingest.pdf import pdf_blocks
from compare.ingest.pdfoutline import PageLine, contents_entries, is_page_number, match_contents
from compare.ingest.pdfpage import read_pages
from compare.models import Document, Report
from compare.pipeline import build_report, compare_reports
from compare.render import render_html
from compare.store import Store
from compare.textkit.headings import mask_title
from compare.textkit.tables import TABLE_LABEL, is_row, table_runs
from compare.tuning import DEFAULT

LAYOUT = REPO / "tests" / "fixtures" / "layout"
PUTUO = CORPUS / "cn-putuo-wanli-budget-pdf"
JIANGSU = CORPUS / "cn-jiangsu-budget-pdf"
T = DEFAULT.ingest.pdf


@cache
def document(path: Path, year: int | None = None) -> Document:
    """One file read (cached: the corpus PDFs take up to a second each)."""
    return read_document(path, year=year)


@cache
def report(path: Path, year: int | None = None) -> Report:
    """The report built from one file (cached, as its reading is)."""
    return build_report(document(path, year=year))


def folded(text: str) -> str:
    return re.sub(r"\s+", "", text)


class TestPdfPage:
    def test_lines_sizes_and_fake_bold(self) -> None:
        """The fixture's title is read at 20 pt and bold (drawn fill+stroke), body at 12 pt."""
        pages = read_pages((LAYOUT / "2023.pdf").read_bytes(), name="x", tuning=T)
        title = next(ln for ln in pages[0].lines if "示范市2023年" in ln.text)
        body = next(ln for ln in pages[0].lines if ln.text.startswith("2023年，全市"))
        assert (title.size, title.bold) == (20.0, True)
        assert (body.size, body.bold) == (12.0, False)

    def test_ruled_table(self) -> None:
        """The ruled table is found with its 4 columns and its cells' text."""
        pages = read_pages((LAYOUT / "2023.pdf").read_bytes(), name="x", tuning=T)
        tables = [t for p in pages for t in p.tables]
        assert len(tables) == 1
        rows = [[c.text if c else "" for c in row] for row in tables[0].rows]
        assert rows[0] == ["项目", "2023年预算数", "2023年执行数", "2022年决算数"]
        assert rows[2] == ["增值税", "430,500", "436,500", "419,400"]

    def test_damaged(self) -> None:
        """A truncated PDF is refused with a message, not a traceback."""
        with pytest.raises(InputError) as err:
            read_pages(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", name="r.pdf", tuning=T)
        assert str(err.value) == (
            "r.pdf starts like a PDF but cannot be read as one (it is damaged or incomplete). "
            "Download or export the PDF again and ingest the new file."
        )


class TestSameReportThreeFormats:
    @pytest.mark.parametrize("year", [2023, 2024])
    def test_sections_text_metrics(self, year: int) -> None:
        """.txt, .docx and .pdf of one report: same titles and levels, same text after
        whitespace folding, same metrics (label, value, unit)."""
        got = {ext: report(LAYOUT / f"{year}.{ext}") for ext in ("txt", "docx", "pdf")}
        base = got["txt"]
        assert len(base.sections) == 7 and len(base.metrics) >= 25
        for ext in ("docx", "pdf"):
            other = got[ext]
            assert other.title == base.title == f"示范市{year}年财政预算执行情况报告"
            assert [(s.level, s.title) for s in other.sections] == [
                (s.level, s.title) for s in base.sections
            ]
            assert [folded(s.text) for s in other.sections] == [
                folded(s.text) for s in base.sections
            ]
            assert [(m.label, m.quantity.value, m.quantity.unit) for m in other.metrics] == [
                (m.label, m.quantity.value, m.quantity.unit) for m in base.metrics
            ]

    def test_table_kept_as_rows(self) -> None:
        """The table is one tab-separated line per row in every format."""
        for ext in ("txt", "docx", "pdf"):
            section = report(LAYOUT / f"2023.{ext}").sections[1]
            lines = section.text.split("\n")
            (start, end), = table_runs(lines)
            assert end - start == 6
            assert lines[start + 2].split("\t") == ["增值税", "430,500", "436,500", "419,400"]


class TestPdfDocument:
    def test_furniture_dropped(self) -> None:
        """The running header and the page numbers are in no block; the title went to front."""
        parts = pdf_blocks((LAYOUT / "2023.pdf").read_bytes(), name="x", tuning=T)
        texts = [b.text for b in parts.blocks]
        assert parts.pages == 2
        assert not any("示范市财政局" in t or re.fullmatch(r"- ?\d+ ?-", t) for t in texts)
        assert all(b.page in (1, 2) and b.line >= 1 for b in parts.blocks)

    def test_paragraph_across_page_break(self) -> None:
        """The paragraph that runs over the page break is one block whose pieces keep their
        pages and lines; a number on the second page knows its page."""
        rep = report(LAYOUT / "2023.pdf")
        section = next(s for s in rep.sections if s.title == "（二）支出执行情况")
        body = section.text.split("\n")[1]
        assert body.startswith("全市民生支出") and body.endswith("提供了有力保障。")
        pages = {page for _, page, _ in section.starts}
        assert pages == {1, 2}
        heading = next(s for s in rep.sections if s.title == "二、主要工作")
        assert (heading.page, heading.line) == (2, 7)

    def test_number_page_and_line(self) -> None:
        """A metric of a PDF carries the page and the line on that page where it stands."""
        rep = report(LAYOUT / "2023.pdf")
        debt = next(m for m in rep.metrics if m.label == "全市政府债务余额")
        assert (debt.quantity.page, debt.quantity.line, debt.quantity.value) == (
            2, 16, "48630000000")
        vat = next(m for m in rep.metrics if m.label.endswith("增值税·执行数"))
        assert (vat.quantity.page, vat.quantity.line, vat.quantity.text) == (1, 19, "436,500")

    def test_cover_and_contents_are_front_matter(self) -> None:
        """A cover page and a contents page go to front matter; the cover names the title."""
        doc = read_document(LAYOUT / "cover-2023.pdf")
        assert doc.title == "示范市2023年财政预算执行情况报告"
        assert {b.page for b in doc.front} == {1, 2}
        assert doc.blocks[0].text == "一、总体情况" and doc.blocks[0].page == 3
        plain = report(LAYOUT / "2023.pdf")
        covered = build_report(doc)
        assert [(s.level, s.title) for s in covered.sections] == [
            (s.level, s.title) for s in plain.sections
        ]

    def test_hyphenation(self) -> None:
        """Words the layout broke are joined; a compound written with a hyphen keeps it."""
        doc = read_document(LAYOUT / "english.pdf", year=2020)
        text = doc.blocks[0].text
        assert "construction of public housing" in text
        assert "every household" in text and "first priority" in text
        assert text.count("well-being") == 2
        assert not any("Budget Statement" in b.text for b in doc.blocks)

    def test_scanned_refused(self) -> None:
        """A PDF of page images is refused with the reason and what to do."""
        with pytest.raises(InputError) as err:
            read_document(LAYOUT / "scanned.pdf")
        assert str(err.value) == (
            f"{LAYOUT / 'scanned.pdf'} is a scanned PDF: its 2 pages are images with no text "
            "layer, so there is no text to compare. Run OCR on it first (for example "
            "`ocrmypdf --language chi_sim in.pdf out.pdf`) and ingest the result."
        )


    def test_store_round_trip(self, store: Store) -> None:
        """A PDF's report comes back from the store whole: pages, starts, tables, metrics."""
        rep = report(LAYOUT / "cover-2023.pdf")
        store.put_report(rep, encoding="pdf")
        assert store.get_report(rep.series, rep.year) == rep

    def test_blank_refused(self) -> None:
        """A PDF whose pages hold nothing is refused as such, not called a scan."""
        raw = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
               b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
               b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
               b"trailer<</Root 1 0 R>>\n%%EOF\n")
        with pytest.raises(InputError) as err:
            pdf_blocks(raw, name="blank.pdf", tuning=T)
        assert str(err.value) == (
            "blank.pdf is a PDF with nothing on its pages (no text, no images). Check that this "
            "is the report you meant, or export the PDF again.")


class TestOutline:
    def test_page_numbers(self) -> None:
        """Page-number lines in the forms reports print them, and not a year or a count."""
        for text in ("- 3 -", "─ 12 ─", "第 4 页", "12", "Page 2 of 9", "— iv —"):
            assert is_page_number(text), text
        for text in ("2019年", "共3项", "一、总体情况"):
            assert not is_page_number(text), text

    def test_contents_levels_from_indent_and_ordinals(self) -> None:
        """Entries: leader dots and page numbers stripped, a wrapped entry finished by its next
        line, levels from indentation, or from the ordinals when all stand at one edge."""
        lines = [
            PageLine("一、部门主要职能 …………………", 2, 2, 58.0, 13.0),
            PageLine("1. 2024年部门财务收支预算总表 ……………", 2, 3, 85.0, 13.0),
            PageLine("二、其他说明 ·········· 12", 2, 4, 58.0, 13.0),
        ]
        entries = contents_entries(lines)
        assert [(e.text, e.level) for e in entries] == [
            ("一、部门主要职能", 1), ("1. 2024年部门财务收支预算总表", 2), ("二、其他说明", 1)]
        flat = contents_entries([
            PageLine("一、2022年预算执行情况", 3, 2, 65.0, 15.0),
            PageLine("表三十三 2023年省级支出预算表", 3, 3, 65.0, 15.0),
            PageLine("（按功能科目分类）···········（41）", 3, 4, 132.0, 15.0),
        ])
        assert [(e.text, e.level) for e in flat] == [
            ("一、2022年预算执行情况", 1), ("表三十三 2023年省级支出预算表（按功能科目分类）", 2)]

    def test_match_contents(self) -> None:
        """Body titles meet their entries in order, held whole or alike; 表七 never meets 表八."""
        entries = contents_entries([
            PageLine("一、部门主要职能 ……", 2, 2, 58.0, 13.0),
            PageLine("表七 2022年江苏省政府性基金预算支出执行情况表 ……", 2, 3, 58.0, 13.0),
            PageLine("表八 2022年江苏省分地区政府性基金预算支出执行情况表 ……", 2, 4, 58.0, 13.0),
        ])
        titles = ["万里街道办事处（部门）主要职能",
                  "表八：2022年江苏省分地区政府性基金预算支出执行情况表"]
        found = match_contents(titles, entries, floor=T.contents_match)
        assert found == [0, 2]


def _gold_year(year: int) -> dict:
    gold = json.loads((REPO / "eval" / "gold" / "putuo-structure.json").read_text("utf-8"))
    return next(y for y in gold["years"] if y["year"] == year)


class TestCommands:
    def test_show_json_and_markdown_carry_pages(self, tmp_path: Path) -> None:
        """compare show prints page:line for a PDF; the JSON refs carry "page"; the Markdown
        summary names pages."""
        db = str(tmp_path / "s.db")
        env = {"COLUMNS": "200", "COMPARE_DB": None}
        runner = CliRunner()
        done = runner.invoke(app, _route(["ingest", str(LAYOUT / "2023.pdf"),
                                          str(LAYOUT / "2024.pdf"), "--db", db]), env=env)
        assert done.exit_code == 0, done.output
        shown = runner.invoke(app, _route(["show", "2023", "--db", db]), env=env)
        assert " p2:7  二、主要工作" in shown.stdout.splitlines()
        doc = json.loads(runner.invoke(
            app, _route(["2023", "2024", "--db", db, "--no-ingest", "--format", "json"]),
            env=env).stdout)
        refs = [e["old"] for e in doc["sections"] if e["old"]]
        assert {"path": "2", "level": 1, "title": "二、主要工作", "line": 7, "page": 2} in refs
        changed = [m for m in doc["metrics"] if m["status"] == "changed"]
        assert changed and all(m["new"]["page"] in (1, 2) for m in changed)
        md = runner.invoke(app, _route(["2023", "2024", "--db", db, "--no-ingest", "--format",
                                        "md"]), env=env).stdout
        assert "2024 p. 1, line" in md


class TestPutuo:
    SEVEN = {
        2024: [
            ("上海市普陀区人民政府万里街道办事处（部门）主要职能", 3, 1),
            ("上海市普陀区人民政府万里街道办事处（部门）机构设置", 4, 1),
            ("名词解释", 5, 1),
            ("2024年部门预算编制说明", 6, 1),
            ("五、部门预算表", 2, 6),
            ("其他相关情况说明", 32, 1),
            ("项目经费情况说明", 33, 1),
        ],
        2025: [
            ("上海市普陀区人民政府万里街道办事处（部门）主要职能", 3, 1),
            ("上海市普陀区人民政府万里街道办事处（部门）机构设置", 4, 1),
            ("名词解释", 5, 1),
            ("2025年部门预算编制说明", 6, 1),
            ("五、部门预算表", 2, 6),
            ("其他相关情况说明", 30, 1),
            ("项目经费情况说明", 31, 1),
        ],
    }

    @pytest.mark.parametrize("year", [2024, 2025])
    def test_seven_chapters(self, year: int) -> None:
        """Exactly the seven chapters are level 1, with their pages and lines; chapter 五,
        which has no heading in the body, is titled from the contents and points there."""
        rep = report(need(PUTUO / f"{year}.pdf"))
        top = [(s.title, s.page, s.line) for s in rep.sections if s.level == 1]
        assert top == self.SEVEN[year]
        assert not [s for s in rep.sections if s.level == 0]

    @pytest.mark.parametrize("year", [2024, 2025])
    def test_against_gold(self, year: int) -> None:
        """Chapters, tables (level 2 under 五) and the subheadings of 六 and 七 stand at the
        pages and lines eval/gold/putuo-structure.json gives; the 一、…九、 items of chapter 一
        are not headings."""
        gold = _gold_year(year)
        rep = report(need(PUTUO / f"{year}.pdf"))
        by_title = {s.title.strip(): s for s in rep.sections}
        for chapter in gold["chapters"]:
            if chapter["body_title"] is None:
                continue
            s = by_title[chapter["body_title"].strip()]
            assert (s.level, s.page, s.line) == (1, chapter["page"], chapter["line"])
        for table in gold["tables"]:
            s = by_title[table["title"]]
            assert (s.level, s.page, s.line, s.parent) == (2, table["page"], table["line"], "5")
        for sub in gold["subheadings"]:
            s = by_title[sub["title"]]
            assert (s.level, s.page, s.line) == (2, sub["page"], sub["line"])
        assert len([s for s in rep.sections if s.level == 2]) == len(gold["tables"]) + len(
            gold["subheadings"])

    @pytest.mark.parametrize("year", [2024, 2025])
    def test_front_matter(self, year: int) -> None:
        """The cover and the contents page are front matter; the cover gives the title."""
        doc = document(need(PUTUO / f"{year}.pdf"))
        assert doc.title == f"上海市普陀区{year}年区级部门预算"
        assert {b.page for b in doc.front} == {1, 2}
        assert any(b.text.replace(" ", "") == "目录" for b in doc.front)
        assert all(b.page >= 3 or b.hint == 1 for b in doc.blocks)

    @pytest.mark.parametrize("year", [2024, 2025])
    def test_nine_tables(self, year: int) -> None:
        """Its nine tables are tables: one table (run of tab-separated rows) under each of the
        nine table headings, none anywhere else."""
        rep = report(need(PUTUO / f"{year}.pdf"))
        with_tables = [s for s in rep.sections if table_runs(s.text.split("\n"))]
        assert len(with_tables) == 9
        assert all(s.parent == "5" for s in with_tables)
        assert [len(table_runs(s.text.split("\n"))) for s in with_tables] == [1] * 9

    def test_nine_tables_on_the_page(self) -> None:
        """On the 2024 → 2025 pair page the nine tables are nine HTML tables, each under its own
        heading, with page-and-line references; no row is left as a line of text."""
        page = render_html(compare_reports(report(need(PUTUO / "2024.pdf")),
                                           report(need(PUTUO / "2025.pdf"))))
        side_by_side = re.findall(r'<div class="diff sbs">(.*?)<div class="diff inl">', page, re.S)
        assert sum(view.count('<div class="tdiff') for view in side_by_side) == 9
        assert page.count('<div class="tdiff') == 2 * 9  # the inline view shows each once more
        texts = re.findall(r'<div class="(?:[on] txt|irow txt[^"]*)">(.*?)</div>', page, re.S)
        assert texts and not [t for t in texts if "\t" in t]
        grids = re.findall(r'<table class="tgrid">(.*?)</table>', page, re.S)
        # A Chinese report's page: 第3页第5行.
        assert grids and all(re.search(r'<td class="ln">第\d+页第\d+行', grid) for grid in grids)


    def test_number_wrapped_to_next_line(self) -> None:
        """A line that stops 1.5 ems short because the number after it (876.75万元, 2023年) did
        not fit continues on the next line: one sentence, so the number keeps its words."""
        rep = report(need(PUTUO / "2024.pdf"))
        text = next(s.text for s in rep.sections if s.title == "2024年部门预算编制说明")
        assert "比2023年预算减少876.75万元；事业收入" in text
        assert "主要用于行政单位离退休。2023年当年预算执行数为20.30万元" in text
        assert "比2023年预算执行数增加28.89%。" in text
        assert "\n1. “一般公共服务支出" in text  # an indented item still starts its own block


class TestJiangsu:
    @pytest.mark.parametrize("year", [2022, 2023])
    def test_no_page_number_survives(self, year: int) -> None:
        """No page number (─ N ─) is left in any section or front-matter block."""
        doc = document(need(JIANGSU / f"{year}.pdf"))
        rep = report(JIANGSU / f"{year}.pdf")
        lines = [b.text for b in doc.front] + [
            line for s in rep.sections for line in s.text.split("\n")]
        assert not [t for t in lines if is_page_number(t) or "─" in t]
        assert len(rep.sections) > 60

    def test_tables_pair_row_by_row(self) -> None:
        """The tables with one title in both years pair their rows: every row of the first
        table, and nine in ten rows of the new year across all of them."""
        def tables(year: int) -> dict[str, str]:
            rep = report(need(JIANGSU / f"{year}.pdf"))
            return {mask_title(TABLE_LABEL.sub("", s.title)): s.text for s in rep.sections
                    if any(is_row(line) for line in s.text.split("\n"))}

        old, new = tables(2022), tables(2023)
        common = [k for k in new if k in old]
        assert len(common) >= 50
        paired = added = 0
        for key in common:
            for td in diff_tables(old[key], new[key]):
                counts = td.counts
                paired += counts["changed"] + counts["unchanged"]
                added += counts["added"]
        assert paired / (paired + added) >= 0.9
        first = diff_tables(old["江苏省一般公共预算收入执行情况表"],
                            new["江苏省一般公共预算收入执行情况表"])
        assert first[0].counts["added"] == first[0].counts["removed"] == 0
        tax = next(r for r in first[0].rows if r.new and r.new[0] == "增值税")
        assert tax.status == "changed" and tax.changed == (1, 2)
