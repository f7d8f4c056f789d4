"""Tables: how they are stored and read (textkit.tables), their metrics (metrics.tables), their
row-by-row diff (diff.tables) and how the pair page shows them (render.tables)."""

from __future__ import annotations

import re
from decimal import Decimal
from html.parser import HTMLParser

from support import REPO

from compare.diff.tables import diff_tables
from compare.ingest import parse_document, read_document
from compare.metrics import extract_metrics
from compare.metrics.tables import table_metrics, table_unit
from compare.models import Block, Section
from compare.pipeline import build_report, compare_reports
from compare.render import render_html
from compare.sections import split_sections
from compare.textkit.tables import (
    cell_number,
    clean_cell,
    is_numeric_cell,
    read_grid,
    relative_years,
    table_runs,
)

LAYOUT = REPO / "tests" / "fixtures" / "layout"

PUTUO_HEAD = [
    "项目\t\t\t\t收入预算\t\t",
    "功能分类科目编码\t\t\t功能分类科目名称\t合计\t财政拨款收入\t事业收入",
    "类\t款\t项\t\t\t\t",
]


def section(text: str, title: str = "", path: str = "1") -> Section:
    """A section whose blocks are the lines of ``text``, numbered from line 10."""
    lines = text.split("\n")
    return Section(path=path, level=1, title=title, text=text, line=10,
                   lines=tuple(range(10, 10 + len(lines))))


class TestTableText:
    def test_cells(self) -> None:
        """A cell is one line of text; a number cell is read with its grouping and sign."""
        assert clean_cell(" 税收\n收入\t ") == "税收 收入"
        assert [is_numeric_cell(c) for c in ("1,234.50", "－12", "5.2%", "—", "201年", "")] == [
            True, True, True, False, False, False]
        assert cell_number("1,234.50") == Decimal("1234.50")
        assert cell_number("-") is None

    def test_runs(self) -> None:
        """Consecutive tab lines are one table; a prose line between two splits them."""
        lines = ["标题", "a\t1", "b\t2", "注：说明", "c\t3"]
        assert table_runs(lines) == [(1, 3), (4, 5)]

    def test_header_inherits_spanning_cells(self) -> None:
        """Headers: a spanning cell's text goes down to the columns a lower row names; code
        columns before the label, value columns after it."""
        grid = read_grid([*PUTUO_HEAD, "201\t05\t07\t专项普查活动\t257,700\t257,700\t0"])
        assert grid.header == 3
        assert grid.columns == (
            "项目·功能分类科目编码·类", "项目·功能分类科目编码·款", "项目·功能分类科目编码·项",
            "项目·功能分类科目名称", "收入预算·合计", "收入预算·财政拨款收入", "收入预算·事业收入")
        assert grid.kinds == ("code", "code", "code", "label", "value", "value", "value")
        assert grid.label(3, 5) == (0, "201 05 07 专项普查活动")

    def test_side_by_side_and_repeated_header(self) -> None:
        """Two label columns: each value takes the label to its left; a header repeated on a
        continuation page is not data."""
        grid = read_grid([
            "本年收入\t\t本年支出\t", "项目\t预算数\t项目\t预算数",
            "一、财政拨款收入\t100\t一、教育支出\t60", "项目\t预算数\t项目\t预算数",
            "收入总计\t100\t支出总计\t60",
        ])
        assert grid.columns[1] == "本年收入·预算数" and grid.columns[3] == "本年支出·预算数"
        assert grid.repeats == frozenset({3})
        assert grid.label(2, 3) == (2, "一、教育支出")
        assert grid.data() == [2, 4]

    def test_repeated_names_qualified_by_parent(self) -> None:
        """A name on several rows is qualified by the row that sums the rows under it."""
        grid = read_grid([
            "项目\t预算数", "财政事务\t30", "行政运行\t10", "信息化建设\t20",
            "税收事务\t15", "行政运行\t9", "税收业务\t6",
        ])
        names = grid.names()
        assert [names[i] for i in grid.data()] == [
            "财政事务", "财政事务/行政运行", "信息化建设", "税收事务", "税收事务/行政运行",
            "税收业务"]

    def test_relative_years(self) -> None:
        """Years relative to the table's own: itself dropped, 上年, 前年, 下年, others kept."""
        assert relative_years("2023年执行数", 2023) == "执行数"
        assert relative_years("2022年决算数", 2023) == "上年决算数"
        assert relative_years("2021年末余额", 2023) == "前年末余额"
        assert relative_years("2024年预算数", 2023) == "下年预算数"
        assert relative_years("2010年基数", 2023) == "2010年基数"


class TestIngestRows:
    def test_plain_text_row_lines(self) -> None:
        """In a text file a tab-separated line is a row: never joined, never a heading."""
        raw = "一、总体情况\n收入完成情况如下\n一、税收收入\t1,200\n二、非税收入\t300\n".encode()
        doc = parse_document(raw, path="2020.txt")
        assert [b.text for b in doc.blocks] == [
            "一、总体情况", "收入完成情况如下", "一、税收收入\t1,200", "二、非税收入\t300"]
        sections = split_sections(doc.blocks)
        assert [s.title for s in sections] == ["一、总体情况"]

    def test_html_table(self) -> None:
        """An HTML table of data becomes rows (a colspan leaves empty cells); a table laying out
        paragraphs stays paragraphs."""
        raw = (
            "<h2>一、收入</h2><p>说明</p><table><tr><th colspan='2'>本年</th></tr>\n"
            "<tr><td>税收</td><td>1,200</td></tr><tr><td>非税</td><td>300</td></tr></table>\n"
            "<table><tr><td><p>第一段。</p><p>第二段。</p></td></tr></table>"
        ).encode()
        doc = parse_document(raw, path="2020.html")
        assert [(b.text, b.line) for b in doc.blocks] == [
            ("一、收入", 1), ("说明", 1), ("本年\t", 1), ("税收\t1,200", 2), ("非税\t300", 2),
            ("第一段。", 3), ("第二段。", 3)]

    def test_layout_hints(self) -> None:
        """In a paged source the reader's hints and the grammar share one stack; a block the
        reader marked as a list item (-1) is no heading, however it starts."""
        blocks = [
            Block("名词解释", 1, 1, page=3),
            Block("（一）财政拨款收入：指本级财政拨付的资金。", 2, -1, page=3),
            Block("（二）事业收入：指事业单位的收入。", 3, -1, page=3),
            Block("其他说明", 1, 1, page=4),
            Block("一、政府采购预算情况", 2, page=4),
            Block("本部门政府采购预算100万元。", 3, page=4),
        ]
        got = [(s.level, s.title, s.page, s.line) for s in split_sections(blocks)]
        assert got == [(1, "名词解释", 3, 1), (1, "其他说明", 4, 1),
                       (2, "一、政府采购预算情况", 4, 2)]


class TestTableMetrics:
    TEXT = "\n".join([
        "表1：2023年一般公共预算收入执行情况表",
        "金额单位：万元",
        "项目\t2023年预算数\t2023年执行数\t2022年决算数\t比上年增长%",
        "一、税收收入\t1,000.5\t1,056.3\t1,000.3\t5.6",
        "增值税\t—\t436.5\t\t4.1",
    ])

    def test_labels_kinds_units(self) -> None:
        """Label = table name, row, column (years relative); kind from the column; the caption's
        万元 multiplies; a percent column keeps %; a dash or empty cell holds nothing."""
        got = [(m.label, m.kind, m.quantity.value, m.quantity.unit, m.quantity.text)
               for m in table_metrics(section(self.TEXT, title="（一）收入"))]
        name = "一般公共预算收入执行情况表："
        assert got == [
            (name + "税收收入·预算数", "target", "10005000", "元", "1,000.5"),
            (name + "税收收入·执行数", "level", "10563000", "元", "1,056.3"),
            (name + "税收收入·上年决算数", "level", "10003000", "元", "1,000.3"),
            (name + "税收收入·比上年增长%", "change", "5.6", "%", "5.6"),
            (name + "增值税·执行数", "level", "4365000", "元", "436.5"),
            (name + "增值税·比上年增长%", "change", "4.1", "%", "4.1"),
        ]

    def test_where_and_quote(self) -> None:
        """A table metric stands on its row's line; its quote runs from the row label to it."""
        metric = table_metrics(section(self.TEXT))[1]
        assert metric.quantity.line == 13
        assert metric.quantity.quote == "一、税收收入\t1,000.5\t1,056.3"

    def test_no_row_labels(self) -> None:
        """A table of one data row under its header is named by the column alone."""
        text = "单位:万元\n合计\t公务接待费\n47.91\t1.35"
        got = [(m.label, m.quantity.value) for m in table_metrics(section(text))]
        assert got == [("合计", "479100"), ("公务接待费", "13500")]

    def test_units(self) -> None:
        """Captions and headers name units and multipliers."""
        assert table_unit("金额单位：亿元") == ("元", Decimal(10) ** 8)
        assert table_unit("单位:元") == ("元", Decimal(1))
        assert table_unit("增长率（%）") == ("%", Decimal(1))
        assert table_unit("项目") is None

    def test_prose_and_tables_once(self) -> None:
        """extract_metrics reads prose numbers from prose and table numbers from tables, each
        once."""
        text = "收入增长5%。\n项目\t执行数\n税收\t12"
        got = [(m.label, m.quantity.value) for m in extract_metrics([section(text)])]
        assert got == [("收入增长", "5"), ("税收·执行数", "12")]


class TestTableDiff:
    OLD = "\n".join([
        "单位：万元",
        "项目\t2022年执行数\t2021年决算数",
        "一、税收收入\t100\t90",
        "二、非税收入\t40\t41",
        "三、债务收入\t10\t8",
        "收入合计\t150\t139",
    ])
    NEW = "\n".join([
        "单位：万元",
        "项目\t2023年执行数\t2022年决算数",
        "一、税收收入\t110\t100",
        "二、转移性收入\t5\t",
        "三、非税收入\t40\t40",
        "收入合计\t155\t150",
    ])

    def test_rows_paired_by_label(self) -> None:
        """Rows meet by label (ordinals renumbered by an inserted row do not matter); the
        changed cells are listed; a row found in one year only is added or removed."""
        (td,) = diff_tables(self.OLD, self.NEW)
        got = [(r.status, (r.old or r.new or ("",))[0], r.changed) for r in td.rows]
        assert got == [
            ("header", "项目", (1, 2)),
            ("changed", "一、税收收入", (1, 2)),
            ("added", "二、转移性收入", ()),
            ("changed", "二、非税收入", (0, 2)),
            ("removed", "三、债务收入", ()),
            ("changed", "收入合计", (1, 2)),
        ]
        assert td.counts == {"changed": 3, "added": 1, "removed": 1, "unchanged": 0}
        assert (td.old_span, td.new_span) == ((1, 6), (1, 6))

    def test_width_and_spaces_are_no_change(self) -> None:
        """Full-width digits and spaces inside a cell do not make a change."""
        (td,) = diff_tables("项 目\t数\n税收\t１２", "项目\t数\n税收\t12")
        assert [r.status for r in td.rows] == ["header", "unchanged"]

    def test_table_added(self) -> None:
        """A second table in the new section only: all its rows are added."""
        new = self.OLD + "\n注：说明。\n项目\t数\n其他\t1"
        tds = diff_tables(self.OLD, new)
        assert len(tds) == 2 and tds[1].old_span is None
        assert [r.status for r in tds[1].rows] == ["header", "added"]


class _Cells(HTMLParser):
    """The cells of the page's diffed tables, with their classes, as parsed HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, list[tuple[str, str]]]] = []
        self._in_table = 0
        self._cell: list[str] | None = None
        self._cls = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = dict(attrs).get("class") or ""
        if tag == "table" and cls == "tgrid":
            self._in_table += 1
        elif tag == "tr" and self._in_table:
            self.rows.append((cls, []))
        elif tag in ("td", "th") and self._in_table and cls != "ln":
            self._cell, self._cls = [], cls

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._in_table:
            self._in_table -= 1
        elif tag in ("td", "th") and self._cell is not None:
            self.rows[-1][1].append((self._cls, "".join(self._cell)))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


class TestTableOnPage:
    def test_pdf_pair_page(self) -> None:
        """The fixture's table, 2023 → 2024 as PDFs, is an HTML table on the pair page: changed
        cells show both figures, the new row is marked added, lines carry their page."""
        old = build_report(read_document(LAYOUT / "2023.pdf"))
        new = build_report(read_document(LAYOUT / "2024.pdf"))
        page = render_html(compare_reports(old, new))
        parser = _Cells()
        parser.feed(page)
        tax = next(cells for cls, cells in parser.rows if cells and cells[0][1] == "增值税")
        assert tax[2] == ("tc", "436,500 461,500")
        added = [cells for cls, cells in parser.rows if cls == "tr-added"]
        assert added and added[0][0][1] == "其中：罚没收入"
        assert "第1页第19行" in page  # a Chinese report's page
        texts = re.findall(r'<div class="(?:[on] txt|irow txt[^"]*)">(.*?)</div>', page, re.S)
        assert texts and not [t for t in texts if "\t" in t]  # no row left as text

    def test_cells_escaped(self) -> None:
        """A cell holding markup is shown as text."""
        text = "标题\n项目\t数\n<script>alert(1)</script>\t5"
        old = section(text.replace("5", "4"))
        new = section(text)
        (td,) = diff_tables(old.text, new.text)
        assert td.rows[1].new == ("<script>alert(1)</script>", "5")
        report_old = build_report(parse_document(
            ("一、说明\n" + old.text + "\n").encode(), path="2019.txt"))
        report_new = build_report(parse_document(
            ("一、说明\n" + new.text + "\n").encode(), path="2020.txt"))
        page = render_html(compare_reports(report_old, report_new))
        assert "<script>alert(1)" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
