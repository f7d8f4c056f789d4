"""The comparison as a Word document with tracked changes: the new report, every change a
revision that Word, WPS or LibreOffice can accept or reject.

Public API: render_docx, revision_date, AUTHOR.

The text comes from ``redline`` (the layout, and its promise: accept every change and the new
report remains, reject every change and the old one does). Here it becomes WordprocessingML:
insertions and deletions as ``w:ins``/``w:del`` runs, moves as ``w:moveFrom``/``w:moveTo``
runs inside paired, named ``w:moveFromRangeStart``/``w:moveToRangeStart`` ranges, a paragraph
mark that exists in one year only as a tracked mark (``w:pPr/w:rPr/w:ins``), the report's title
in the Title style and headings in the Heading 1-9 styles (a heading that runs on into its
paragraph ends in a style separator, ``w:specVanish``, so it reads as one paragraph). The metric
changes follow in a table under the heading "Metric changes" (bookmark ``metric_changes``).
python-docx builds the package and the table; it has no tracked-changes API, so the report's
paragraphs are written as lxml elements.

Every revision carries the author ``compare`` and one date: 1 January of the new report's year
unless the caller gives one, never the clock, and the zip entries carry a fixed time, so the
same comparison gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import TYPE_CHECKING, Any

from compare.models import Comparison
from compare.render.base import visible
from compare.render.metricrows import metric_rows
from compare.render.redline import Para, Piece, redline
from compare.tuning import DEFAULT, RenderTuning

if TYPE_CHECKING:
    from docx.document import Document

__all__ = ["AUTHOR", "render_docx", "revision_date"]

AUTHOR = "compare"
# The wrapper of each kind of piece, and the text element its runs use (deleted text is
# w:delText; moved-away text stays w:t, as Word writes it).
_WRAP = {"del": "w:del", "ins": "w:ins", "from": "w:moveFrom", "to": "w:moveTo"}
_RANGE = {"from": "w:moveFrom", "to": "w:moveTo"}
# Characters XML 1.0 cannot carry, beyond the control characters ``visible`` already shows.
_NOT_XML = re.compile("[\ufffe\uffff\ud800-\udfff]")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_COLUMNS = ("#", "label", "{old}", "{new}", "Δ", "Δ%", "stated", "status", "lines")
# Column widths on an A4 page with 2.54 cm margins (15.9 cm), checked in LibreOffice: room for
# a label of a dozen CJK characters on two lines, a value with its unit, "changed", and
# "2018:41" over "2019:38".
_WIDTHS_CM = (0.9, 3.0, 1.7, 1.7, 1.9, 1.7, 1.2, 1.9, 1.9)


def revision_date(comparison: Comparison, date: dt.date | None = None) -> str:
    """The date every revision carries: ``date``, else 1 January of the new report's year."""
    day = date or dt.date(comparison.new.year, 1, 1)
    return f"{day.isoformat()}T00:00:00Z"


def _text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", visible(text))


class _Writer:
    """Report paragraphs as WordprocessingML, numbering every revision and move range."""

    def __init__(self, date: str, qn: Any, element: Any) -> None:
        self.date = date
        self.qn = qn
        self.element = element
        self.next_id = 0
        self.range_ids: dict[tuple[str, int], int] = {}

    def make(self, tag: str, parent: Any = None, **attrs: str) -> Any:
        el = self.element(tag)
        for key, value in attrs.items():
            el.set(self.qn(f"w:{key}"), value)
        if parent is not None:
            parent.append(el)
        return el

    def revision(self, tag: str, parent: Any = None) -> Any:
        self.next_id += 1
        return self.make(tag, parent, id=str(self.next_id), author=AUTHOR, date=self.date)

    def run(self, parent: Any, text: str, deleted: bool) -> None:
        r = self.make("w:r", parent)
        for k, part in enumerate(_text(text).split("\t")):
            if k:
                self.make("w:tab", r)
            if part:
                t = self.make("w:delText" if deleted else "w:t", r)
                t.text = part
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    def range_mark(self, parent: Any, piece: Piece, edge: str) -> Any:
        """``edge`` ``Start`` or ``End`` of the named range that holds a move's one end."""
        key = (piece.kind, piece.move)
        tag = f"{_RANGE[piece.kind]}Range{edge}"
        if edge == "Start":
            self.next_id += 1
            self.range_ids[key] = self.next_id
            return self.make(
                tag, parent, id=str(self.next_id), author=AUTHOR, date=self.date,
                name=f"move{piece.move}",
            )
        return self.make(tag, parent, id=str(self.range_ids[key]))

    def paragraph(self, para: Para, style: str | None, first: set[int], last: set[int]) -> Any:
        """One ``w:p``; ``first``/``last`` say which pieces (by id) open or close a move's range
        (a range that ends with a paragraph mark is closed after the paragraph, by the caller)."""
        p = self.make("w:p")
        ppr = self.make("w:pPr", p)
        if style:
            self.make("w:pStyle", ppr, val=style)
        mark = para.mark
        if mark.kind != "eq" or mark.runin:
            rpr = self.make("w:rPr", ppr)
            if mark.kind != "eq":
                self.revision(_WRAP[mark.kind], rpr)
            if mark.runin:  # Word's style separator: the heading runs on into the next paragraph
                self.make("w:vanish", rpr)
                self.make("w:specVanish", rpr)
        for piece in para.pieces:
            if id(piece) in first:
                self.range_mark(p, piece, "Start")
            if piece.kind == "eq":
                self.run(p, piece.text, False)
            else:
                self.run(self.revision(_WRAP[piece.kind], p), piece.text, piece.kind == "del")
            if id(piece) in last:
                self.range_mark(p, piece, "End")
        if id(mark) in first:
            self.range_mark(p, mark, "Start")
        return p


def _range_edges(paras: tuple[Para, ...]) -> tuple[set[int], set[int]]:
    """The first and last piece (mark included) of each move end, by object id."""
    first: dict[tuple[str, int], Piece] = {}
    last: dict[tuple[str, int], Piece] = {}
    for para in paras:
        for piece in (*para.pieces, para.mark):
            if piece.kind in _RANGE and piece.move:
                first.setdefault((piece.kind, piece.move), piece)
                last[(piece.kind, piece.move)] = piece
    return {id(p) for p in first.values()}, {id(p) for p in last.values()}


def _style_ids(document: Document) -> dict[tuple[str, int], str]:
    ids = {("title", 0): document.styles["Title"].style_id}
    for level in range(1, 10):
        ids[("heading", level)] = document.styles[f"Heading {level}"].style_id
    return ids


def _metrics(document: Document, comparison: Comparison, qn: Any, element: Any) -> None:
    """The metric changes: a heading (bookmarked ``metric_changes``), a key and one table."""
    from docx.shared import Cm, Pt

    heading = document.add_heading("Metric changes", level=1)
    start = element("w:bookmarkStart")
    start.set(qn("w:id"), "0")
    start.set(qn("w:name"), "metric_changes")
    end = element("w:bookmarkEnd")
    end.set(qn("w:id"), "0")
    heading._p.insert(1, start)
    heading._p.append(end)
    rows = metric_rows(comparison)
    if not rows:
        document.add_paragraph("No metrics were found in either report.")
        return
    document.add_paragraph(
        "Δ is new minus old (percentage points for % values); stated: the new report's own "
        "comparison with last year, ✓ where it agrees with the two years' figures and ≠ where "
        "it does not; lines: where each figure stands in its source file."
    )
    old, new = comparison.old.year, comparison.new.year
    table = document.add_table(rows=1, cols=len(_COLUMNS))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    for cell, name in zip(table.rows[0].cells, _COLUMNS, strict=True):
        cell.text = name.format(old=old, new=new)
    for row in rows:
        lines = "\n".join(
            f"{year}:{line}"
            for year, line in ((old, row["old_line"]), (new, row["new_line"]))
            if line is not None
        )
        check = row["check"]["symbol"] if row["check"] else ""
        delta = f"{row['arrow']} {row['delta']}".strip()
        values = (
            str(row["index"]), row["label"], row["old"] or "—", row["new"] or "—", delta,
            row["delta_percent"], check, row["status_label"], lines,
        )
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = _text(value)
    for column, width in zip(table.columns, _WIDTHS_CM, strict=True):
        column.width = Cm(width)  # the table grid, which LibreOffice follows
    for row_cells in table.rows:
        for cell, width in zip(row_cells.cells, _WIDTHS_CM, strict=True):
            cell.width = Cm(width)
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)


def _fixed_zip(data: bytes) -> bytes:
    """The package rewritten with one fixed time on every entry, in the same order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info))
    return out.getvalue()


def render_docx(
    comparison: Comparison,
    *,
    date: dt.date | None = None,
    tuning: RenderTuning = DEFAULT.render,
) -> bytes:
    """The new report as a .docx with every change from the old one tracked (module docstring).

    ``date`` is the date every revision carries (default: 1 January of the new report's year).
    """
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    when = revision_date(comparison, date)
    document = docx.Document()
    # The default template's thumbnail is python-docx's own picture, not this document.
    rels = document.part.package.rels
    for rid in [k for k, rel in rels.items() if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL]:
        rels.pop(rid)
    old, new = comparison.old, comparison.new
    props = document.core_properties
    props.author = props.last_modified_by = AUTHOR
    props.title = _text(f"{new.title}: {old.year} → {new.year}")
    props.subject = _text(comparison.series)
    props.comments = (
        f"Changes from the {old.year} report to the {new.year} report, tracked by compare: "
        f"accept all for {new.year}, reject all for {old.year}."
    )
    props.created = props.modified = dt.datetime.fromisoformat(when.replace("Z", "+00:00"))
    props.revision = 1
    page = document.sections[0]
    page.page_width, page.page_height = Cm(21), Cm(29.7)  # A4, as the reports are printed
    header = page.header.paragraphs[0]
    header.text = _text(
        f"{comparison.series}: {old.year} → {new.year} · tracked changes by compare "
        f"(accept all: {new.year}; reject all: {old.year})"
    )

    lines = redline(comparison, tuning=tuning)
    styles = _style_ids(document)
    writer = _Writer(when, qn, OxmlElement)
    first, last = _range_edges(lines.paras)
    body = document.element.body
    anchor = body.find(qn("w:sectPr"))
    for para in lines.paras:
        p = writer.paragraph(para, styles.get((para.style, para.level)), first, last)
        anchor.addprevious(p)
        # A move whose last piece is a paragraph mark closes its range after the paragraph,
        # at body level, as Word writes it: the mark is then inside the range.
        if id(para.mark) in last:
            anchor.addprevious(writer.range_mark(None, para.mark, "End"))
    _metrics(document, comparison, qn, OxmlElement)
    raw = io.BytesIO()
    document.save(raw)
    return _fixed_zip(raw.getvalue())
