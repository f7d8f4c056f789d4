"""Word files: heading styles, list numbers written back as Word shows them, tables with merged
cells, paragraph numbers as lines, and .doc/.wps through LibreOffice."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from support import REPO

from compare.errors import InputError
from compare.ingest import parse_document
from compare.ingest.docx import doc_to_docx, docx_blocks
from compare.pipeline import build_report

LAYOUT = REPO / "tests" / "fixtures" / "layout"

_NUMBERING = (
    f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
    '<w:lvlText w:val="%1、"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
    '<w:lvlText w:val="（%2）"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%3."/><w:suff w:val="nothing"/></w:lvl>'
    "</w:abstractNum>"
)


def _saved(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _numbered(document: docx.document.Document, text: str, level: int, num_id: int = 90) -> None:
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/>'
        "</w:numPr>"))


def _with_numbering(document: docx.document.Document) -> None:
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(_NUMBERING))
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))


class TestDocxBlocks:
    def test_heading_styles_are_hints(self) -> None:
        """Heading 1 and Heading 2 give hints 1 and 2; body paragraphs none."""
        document = docx.Document()
        document.add_heading("总体情况", level=1)
        document.add_paragraph("今年工作顺利。")
        document.add_heading("收入", level=2)
        blocks = docx_blocks(_saved(document), name="r.docx")
        assert [(b.text, b.hint) for b in blocks] == [
            ("总体情况", 1), ("今年工作顺利。", 0), ("收入", 2)]

    def test_list_numbers_kept(self) -> None:
        """Word's own numbering is written back: 一、 （一） 1. per level, deeper levels restart
        under each new item, and the heading grammar then reads the outline."""
        document = docx.Document()
        _with_numbering(document)
        _numbered(document, "总体情况", 0)
        _numbered(document, "收入执行", 1)
        _numbered(document, "税收收入增长。", 2)
        _numbered(document, "支出执行", 1)
        _numbered(document, "主要工作", 0)
        _numbered(document, "深化改革", 1)
        document.add_paragraph("一项说明。", style="List Bullet")
        blocks = docx_blocks(_saved(document), name="r.docx")
        assert [b.text for b in blocks] == [
            "一、总体情况", "（一）收入执行", "1.税收收入增长。", "（二）支出执行", "二、主要工作",
            "（一）深化改革", "一项说明。"]

    def test_table_rows_and_merged_cells(self) -> None:
        """Each row is one block of tab-separated cells; a merged cell's text stands once, the
        slots it covers stay empty."""
        document = docx.Document()
        table = document.add_table(rows=3, cols=4)
        table.cell(0, 0).merge(table.cell(0, 1)).text = "本年收入"
        table.cell(0, 2).merge(table.cell(0, 3)).text = "本年支出"
        for j, text in enumerate(("项目", "预算数", "项目", "预算数")):
            table.cell(1, j).text = text
        table.cell(2, 0).merge(table.cell(2, 0)).text = "税收\n收入"
        table.cell(2, 1).text = "1,200"
        blocks = docx_blocks(_saved(document), name="r.docx")
        assert [b.text for b in blocks] == [
            "本年收入\t\t本年支出\t", "项目\t预算数\t项目\t预算数", "税收 收入\t1,200\t\t"]

    def test_lines_are_paragraph_numbers(self) -> None:
        """``line`` counts every body paragraph, empty ones too, and each table row as one."""
        document = docx.Document()
        document.add_paragraph("第一段。")
        document.add_paragraph("")
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(1, 0).text = "项目", "收入"
        document.add_paragraph("第二段。")
        blocks = docx_blocks(_saved(document), name="r.docx")
        assert [(b.text, b.line) for b in blocks] == [
            ("第一段。", 1), ("项目\t", 3), ("收入\t", 4), ("第二段。", 5)]

    def test_tab_in_prose_is_not_a_table(self) -> None:
        """A tab typed inside a paragraph becomes a space: only table rows hold tabs."""
        document = docx.Document()
        document.add_paragraph("收入\t增长。")
        blocks = docx_blocks(_saved(document), name="r.docx")
        assert [b.text for b in blocks] == ["收入 增长。"]

    def test_broken_package(self) -> None:
        """A .docx that is not a Word package is refused with a message."""
        with pytest.raises(InputError) as err:
            parse_document(b"PK\x03\x04 not a zip", path="r.docx")
        assert str(err.value).startswith("r.docx cannot be read as a Word .docx file (")
        assert str(err.value).endswith(
            "Open it in Word or LibreOffice, save it again as .docx, and ingest that file.")


class TestDocxReport:
    def test_fixture_document(self) -> None:
        """The fixture: title from the Title paragraph, year from it, lines are paragraph numbers
        (its table's seven rows count as seven)."""
        doc = parse_document((LAYOUT / "2024.docx").read_bytes(), path="2024.docx")
        assert (doc.title, doc.year, doc.encoding) == (
            "示范市2024年财政预算执行情况报告", 2024, "docx")
        rep = build_report(doc)
        assert [(s.level, s.line) for s in rep.sections[:3]] == [(1, 2), (2, 4), (2, 15)]


class TestOldWord:
    def test_without_libreoffice(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A .doc with no LibreOffice installed: the message names the command to run."""
        monkeypatch.setattr(shutil, "which", lambda name: None)
        with pytest.raises(InputError) as err:
            parse_document(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), path="in/2019.doc")
        assert str(err.value) == (
            "in/2019.doc is an old Word file (.doc); compare reads those through LibreOffice, "
            "which is not installed. Convert it to .docx (`soffice --headless --convert-to docx "
            "2019.doc`, or Save As .docx in Word) and ingest the .docx file."
        )

    def test_with_libreoffice(self, tmp_path: Path) -> None:
        """Where LibreOffice is installed, a .doc it converts reads like the .docx."""
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            pytest.skip("LibreOffice (soffice) is not installed")
        import subprocess

        subprocess.run([soffice, "--headless", "--convert-to", "doc", "--outdir", str(tmp_path),
                        str(LAYOUT / "2023.docx")], check=True, capture_output=True, timeout=180)
        raw = (tmp_path / "2023.doc").read_bytes()
        converted = docx_blocks(doc_to_docx(raw, name="2023.doc", suffix=".doc"), name="x")
        original = docx_blocks((LAYOUT / "2023.docx").read_bytes(), name="x")
        assert [b.text for b in converted] == [b.text for b in original]
