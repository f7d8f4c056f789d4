"""The text layer of a PDF, page by page, as a careful reader sees it: visual lines with their
position, size and weight, and the tables drawn with ruling lines.

Public API: read_pages, Page, Line, Span, Table, Cell, scanned_pages, has_text_layer.

Read with pypdfium2 (PDFium: BSD-3/Apache-2.0), imported only when a PDF is read. What the code
relies on was measured on the corpus and on PDFs made for the purpose (``docs/pdf.md``):

- PDFium's font size is the ``Tf`` operand only: WPS writes ``240 Tf`` under a 0.05 text matrix,
  Acrobat Distiller ``1 Tf`` under 12×; the size a reader sees is ``Tf × sqrt|det(matrix)|``.
- Bold is a bold face (weight ≥ 600, the ForceBold flag, "Bold" in the name) or WPS's fake bold
  drawn with text render mode fill+stroke, which only the render mode reveals.
- WPS writes one text object per character, so everything is done per character; loose character
  boxes (ascent to descent) are stable along a line, tight glyph boxes are not.
- ``get_bbox`` (not the crop box, which falls back to US Letter when inherited) gives the page.
- Tables come from ruling lines: stroked segments and filled rectangles thinner than a rule.
  Budget tables often have no side borders, so the outer columns are implied by the ends of the
  horizontal rules. Objects inside form XObjects get their form matrices applied.
- PDFium is not thread-safe: a process reads one document at a time.

Coordinates are PDF points in display orientation, origin at the top-left of the page.
"""

from __future__ import annotations

import ctypes
import math
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from compare.errors import InputError
from compare.textkit.chars import is_cjk
from compare.tuning import PdfTuning

__all__ = ["Cell", "Line", "Page", "Span", "Table", "has_text_layer", "read_pages", "scanned_pages"]


@dataclass
class Span:
    """A run of a line without a wide gap: a table cell, a contents title or its page number."""

    text: str
    x0: float
    x1: float


@dataclass
class Line:
    """One visual line of a page."""

    text: str  # characters in reading order; a visible gap is one space
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # dominant font size in points, as printed
    bold: bool  # most characters bold (a bold face or fake bold)
    font: str  # dominant font base name, subset prefix removed
    spans: list[Span] = field(default_factory=list)
    # Where the leading run of one style (weight and size) ends in ``text``: a run-in heading
    # ("1. 标题。" in bold, then the paragraph) is styled apart from the rest of its line.
    lead_end: int = 0
    lead_bold: bool = False
    lead_size: float = 0.0
    table: int = -1  # index in Page.tables of the table the line stands in; -1 outside tables


@dataclass
class Cell:
    """One cell of a table (a merged cell covers several slots; the others are None)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    bold: bool = False


@dataclass
class Table:
    """A grid found from the ruling lines of a page."""

    x0: float
    top: float
    x1: float
    bottom: float
    col_x: list[float]  # column boundaries (columns + 1)
    row_y: list[float]  # row boundaries (rows + 1)
    rows: list[list[Cell | None]]


@dataclass
class Page:
    """One page: its size, its lines and tables, and what a scan detector needs."""

    number: int  # 1-based
    width: float
    height: float
    chars: int  # characters in the text layer
    images: int
    image_cover: float  # the largest image's share of the page area
    lines: list[Line]
    tables: list[Table]


# One character: (ch, x0, top, x1, bottom, size, font, bold).
_Char = tuple[str, float, float, float, float, float, str, bool]
_Rule = tuple[float, float, float]  # position, from, to
_Transform = Callable[[float, float], tuple[float, float]]

_SUBSET = re.compile(r"^[A-Z]{6}\+")
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demibold", re.I)
_FORCE_BOLD = 1 << 18  # PDF font flag bit 19


def _display_transform(page: Any) -> tuple[_Transform, float, float]:
    """Map PDF user space to display space (origin top-left, /Rotate applied); display size."""
    left, bottom, right, top = page.get_bbox()
    w, h = right - left, top - bottom
    rot = page.get_rotation() % 360
    if rot == 90:
        return (lambda x, y: (y - bottom, x - left)), h, w
    if rot == 180:
        return (lambda x, y: (right - x, y - bottom)), w, h
    if rot == 270:
        return (lambda x, y: (top - y, right - x)), h, w
    return (lambda x, y: (x - left, top - y)), w, h


def _box(f: _Transform, left: float, bottom: float, right: float, top: float) -> tuple[
    float, float, float, float
]:
    x0, y0 = f(left, bottom)
    x1, y1 = f(right, top)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


class _Fonts:
    """(clean name, bold) of each font handle of one document."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw
        self._known: dict[int, tuple[str, bool]] = {}

    def get(self, font: Any) -> tuple[str, bool]:
        key = ctypes.addressof(font.contents) if font else 0
        hit = self._known.get(key)
        if hit is None:
            r = self._raw
            n = r.FPDFFont_GetBaseFontName(font, None, 0)
            buf = ctypes.create_string_buffer(max(n, 1))
            r.FPDFFont_GetBaseFontName(font, buf, n)
            name = _SUBSET.sub("", buf.value.decode("utf-8", "replace"))
            bold = (
                r.FPDFFont_GetWeight(font) >= 600
                or bool(r.FPDFFont_GetFlags(font) & _FORCE_BOLD)
                or bool(_BOLD_NAME.search(name))
            )
            hit = self._known[key] = (name, bold)
        return hit


def _page_chars(r: Any, textpage: Any, f: _Transform, fonts: _Fonts) -> tuple[list[_Char], int]:
    """Every drawn, non-blank character of a page with its loose box, size, font and weight; and
    the count of drawn characters, blanks included."""
    tp = textpage.raw
    n = r.FPDFText_CountChars(tp)
    text = textpage.get_text_range()
    rect = r.FS_RECTF()
    mat = r.FS_MATRIX()
    out: list[_Char] = []
    last = None
    info: tuple[float, str, bool] = (0.0, "", False)
    drawn = 0
    stroked = (r.FPDF_TEXTRENDERMODE_STROKE, r.FPDF_TEXTRENDERMODE_FILL_STROKE)
    for i in range(n):
        obj = r.FPDFText_GetTextObject(tp, i)
        if not obj:  # a space or line break PDFium made up
            continue
        drawn += 1
        ch = text[i] if i < len(text) else chr(r.FPDFText_GetUnicode(tp, i))
        if ch.isspace() or ch == "\x00":
            continue
        if ch in "\ufffe\u00ad":
            ch = "-"  # PDFium marks a hyphen it takes for a line-end break; the page shows "-"
        addr = ctypes.addressof(obj.contents)  # 6 times faster than ctypes.cast
        if addr != last:
            last = addr
            r.FPDFText_GetMatrix(tp, i, ctypes.byref(mat))
            size = r.FPDFText_GetFontSize(tp, i) * math.sqrt(abs(mat.a * mat.d - mat.b * mat.c))
            name, bold = fonts.get(r.FPDFTextObj_GetFont(obj))
            if r.FPDFTextObj_GetTextRenderMode(obj) in stroked:
                bold = True  # fake bold: the outline stroked over the fill
            info = (round(size, 1), name, bold)
        r.FPDFText_GetLooseCharBox(tp, i, ctypes.byref(rect))
        x0, top, x1, bottom = _box(f, rect.left, rect.bottom, rect.right, rect.top)
        out.append((ch, x0, top, x1, bottom, *info))
    return out, drawn


def _group_rows(chars: list[_Char], t: PdfTuning) -> list[list[_Char]]:
    """Characters into visual lines: by vertical centre, a character joins the line whose band
    it overlaps enough; each line then left to right."""
    rows: list[list[_Char]] = []
    band_top = band_bottom = 0.0
    for c in sorted(chars, key=lambda c: (c[2] + c[4]) / 2):
        h = c[4] - c[2]
        if rows:
            overlap = min(band_bottom, c[4]) - max(band_top, c[2])
            if overlap >= t.line_overlap * min(h, band_bottom - band_top):
                rows[-1].append(c)
                band_top, band_bottom = min(band_top, c[2]), max(band_bottom, c[4])
                continue
        rows.append([c])
        band_top, band_bottom = c[2], c[4]
    for row in rows:
        row.sort(key=lambda c: c[1])
    return rows


def _needs_space(p: _Char, c: _Char, t: PdfTuning) -> bool:
    gap = c[1] - p[3]
    em = max(p[5], c[5], 1.0)
    limit = t.cjk_space_gap_em if (is_cjk(p[0]) or is_cjk(c[0])) else t.space_gap_em
    return gap > limit * em


def _make_line(row: list[_Char], t: PdfTuning) -> Line:
    spans: list[Span] = []
    out: list[str] = [row[0][0]]
    span_start = 0  # index in ``out`` where the current span starts
    span_x0 = row[0][1]
    lead_style = (row[0][5], row[0][7])
    lead_end = -1
    for p, c in zip(row, row[1:], strict=False):
        if c[1] - p[3] > t.span_gap_em * max(p[5], c[5], 1.0):
            spans.append(Span("".join(out[span_start:]), span_x0, p[3]))
            out.append(" ")
            span_start, span_x0 = len(out), c[1]
        elif _needs_space(p, c, t):
            out.append(" ")
        if lead_end < 0 and (c[5], c[7]) != lead_style and (c[0].isalnum() or is_cjk(c[0])):
            lead_end = len("".join(out))
        out.append(c[0])
    spans.append(Span("".join(out[span_start:]), span_x0, row[-1][3]))
    text = "".join(out)
    # Style by majority of letters, digits and ideographs: a contents line's 60 leader dots in
    # another font must not outvote its 25 characters of title.
    core = [c for c in row if c[0].isalnum()] or row
    sizes: dict[float, int] = {}
    fonts: dict[str, int] = {}
    for c in core:
        sizes[c[5]] = sizes.get(c[5], 0) + 1
        fonts[c[6]] = fonts.get(c[6], 0) + 1
    return Line(
        text=text,
        x0=row[0][1],
        x1=max(c[3] for c in row),
        top=min(c[2] for c in row),
        bottom=max(c[4] for c in row),
        size=max(sizes, key=sizes.__getitem__),
        bold=sum(c[7] for c in core) * 2 > len(core),
        font=max(fonts, key=fonts.__getitem__),
        spans=spans,
        lead_end=len(text) if lead_end < 0 else len(text[:lead_end].rstrip()),
        lead_bold=lead_style[1],
        lead_size=lead_style[0],
    )


def _lines(chars: list[_Char], t: PdfTuning) -> list[Line]:
    return [_make_line(r, t) for r in _group_rows(chars, t) if r]


# --- ruling lines and tables ------------------------------------------------------------------

_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_Matrix = tuple[float, float, float, float, float, float]


def _mul(m: _Matrix, n: _Matrix) -> _Matrix:
    """Apply ``m``, then ``n`` (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _walk(r: Any, page: Any) -> Iterator[tuple[Any, _Matrix]]:
    """Every page object with the matrix from its form's space to page space, form XObjects
    descended (pypdfium2's own walk does not apply the form matrices)."""
    mat = r.FS_MATRIX()
    stack: list[tuple[int, Callable[[int], Any], _Matrix, int]] = [
        (r.FPDFPage_CountObjects(page.raw), partial(r.FPDFPage_GetObject, page.raw), _IDENTITY, 0)
    ]
    while stack:
        count, get, m, depth = stack.pop()
        for k in range(count):
            obj = get(k)
            if r.FPDFPageObj_GetType(obj) == r.FPDF_PAGEOBJ_FORM and depth < 8:
                r.FPDFPageObj_GetMatrix(obj, ctypes.byref(mat))
                fm = _mul((mat.a, mat.b, mat.c, mat.d, mat.e, mat.f), m)
                stack.append((r.FPDFFormObj_CountObjects(obj),
                              partial(r.FPDFFormObj_GetObject, obj), fm, depth + 1))
            else:
                yield obj, m


def _invisible(r: Any, raw: Any, getter: Any) -> bool:
    """White or fully transparent paint: nothing a reader sees."""
    rgba = [ctypes.c_uint() for _ in range(4)]
    getter(raw, *[ctypes.byref(c) for c in rgba])
    red, green, blue, alpha = (c.value for c in rgba)
    return alpha == 0 or min(red, green, blue) >= 250


def _page_rules(
    r: Any, page: Any, f: _Transform, area: float, t: PdfTuning
) -> tuple[list[_Rule], list[_Rule], int, float]:
    """Horizontal rules (y, x0, x1) and vertical rules (x, y0, y1) in display space; the number
    of images and the largest one's share of the page (for the scan test)."""
    hs: list[_Rule] = []
    vs: list[_Rule] = []
    images, cover = 0, 0.0
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    px, py = ctypes.c_float(), ctypes.c_float()
    bounds = [ctypes.c_float() for _ in range(4)]
    om = r.FS_MATRIX()
    for raw, pm in _walk(r, page):
        kind = r.FPDFPageObj_GetType(raw)
        if kind not in (r.FPDF_PAGEOBJ_PATH, r.FPDF_PAGEOBJ_IMAGE):
            continue

        def shown(x: float, y: float, pm: _Matrix = pm) -> tuple[float, float]:
            return f(pm[0] * x + pm[2] * y + pm[4], pm[1] * x + pm[3] * y + pm[5])

        r.FPDFPageObj_GetBounds(raw, *(ctypes.byref(v) for v in bounds))
        x0, top, x1, bottom = _box(shown, *(v.value for v in bounds))
        w, h = x1 - x0, bottom - top
        if kind == r.FPDF_PAGEOBJ_IMAGE:
            images += 1
            cover = max(cover, w * h / area) if area else cover
            continue
        r.FPDFPath_GetDrawMode(raw, ctypes.byref(fill), ctypes.byref(stroke))
        if fill.value and not stroke.value:
            if _invisible(r, raw, r.FPDFPageObj_GetFillColor):
                continue
            if h < t.rule_thin and w >= t.rule_min:
                hs.append(((top + bottom) / 2, x0, x1))
            elif w < t.rule_thin and h >= t.rule_min:
                vs.append(((x0 + x1) / 2, top, bottom))
            continue  # a wider filled box is cell shading: it splits no cell
        if not stroke.value or _invisible(r, raw, r.FPDFPageObj_GetStrokeColor):
            continue
        if h < t.rule_thin or w < t.rule_thin:
            if w >= t.rule_min and h < t.rule_thin:
                hs.append(((top + bottom) / 2, x0, x1))
            elif h >= t.rule_min:
                vs.append(((x0 + x1) / 2, top, bottom))
            continue
        # A stroked shape: its segments, in the path's own space.
        r.FPDFPageObj_GetMatrix(raw, ctypes.byref(om))
        m = (om.a, om.b, om.c, om.d, om.e, om.f)
        begin = prev = (0.0, 0.0)
        for k in range(r.FPDFPath_CountSegments(raw)):
            seg = r.FPDFPath_GetPathSegment(raw, k)
            r.FPDFPathSegment_GetPoint(seg, ctypes.byref(px), ctypes.byref(py))
            x, y = px.value, py.value
            pt = shown(m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
            if r.FPDFPathSegment_GetType(seg) == r.FPDF_SEGMENT_MOVETO:
                begin = prev = pt
                continue
            todo = [(prev, pt)]
            if r.FPDFPathSegment_GetClose(seg):
                todo.append((pt, begin))
            for (ax, ay), (bx, by) in todo:
                if abs(ay - by) < 0.5 and abs(ax - bx) >= t.rule_min:
                    hs.append((ay, min(ax, bx), max(ax, bx)))
                elif abs(ax - bx) < 0.5 and abs(ay - by) >= t.rule_min:
                    vs.append((ax, min(ay, by), max(ay, by)))
            prev = pt
    return hs, vs, images, min(cover, 1.0)


def _merge(rules: list[_Rule], t: PdfTuning) -> list[_Rule]:
    """Rules at nearly one position snapped, collinear pieces joined."""
    out: list[list[float]] = []
    for pos, a, b in sorted(rules):
        for o in reversed(out[-8:]):
            near = abs(o[0] - pos) <= t.rule_snap
            if near and a <= o[2] + t.rule_join and b >= o[1] - t.rule_join:
                o[1], o[2] = min(o[1], a), max(o[2], b)
                break
        else:
            out.append([pos, a, b])
    return [(o[0], o[1], o[2]) for o in out]


def _cluster(marks: list[tuple[float, float]], tol: float) -> list[_Rule]:
    """Boundary positions closer than ``tol`` as one: (heaviest position, lowest, highest)."""
    out: list[list[float]] = []
    for pos, weight in sorted(marks):
        if out and pos - out[-1][2] <= tol:
            c = out[-1]
            c[2] = pos
            if weight > c[3]:
                c[0], c[3] = pos, weight
        else:
            out.append([pos, pos, pos, weight])
    return [(c[0], c[1], c[2]) for c in out]


_Grid = tuple[list[_Rule], list[_Rule], list[_Rule], list[_Rule]]


def _grids(hs: list[_Rule], vs: list[_Rule], t: PdfTuning) -> list[_Grid]:
    """Rules grouped into connected grids: (columns, rows, horizontals, verticals) each."""
    hs, vs = _merge(hs, t), _merge(vs, t)
    if not hs or not vs:
        return []
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    j = t.rule_join
    for i, (hy, hx0, hx1) in enumerate(hs):
        for k, (vx, vy0, vy1) in enumerate(vs):
            if hx0 - j <= vx <= hx1 + j and vy0 - j <= hy <= vy1 + j:
                parent[find(i)] = find(len(hs) + k)
    groups: dict[int, tuple[list[_Rule], list[_Rule]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for k, v in enumerate(vs):
        groups.setdefault(find(len(hs) + k), ([], []))[1].append(v)
    grids = []
    for gh, gv in groups.values():
        if not gh or not gv:
            continue
        # The outer bounds are implied: many budget tables have no side borders.
        cols = _cluster([(v[0], v[2] - v[1]) for v in gv]
                        + [(min(h[1] for h in gh), 0.0), (max(h[2] for h in gh), 0.0)], t.min_col)
        rows = _cluster([(h[0], h[2] - h[1]) for h in gh]
                        + [(min(v[1] for v in gv), 0.0), (max(v[2] for v in gv), 0.0)], t.min_row)
        if len(cols) < 2 or len(rows) < 2 or (len(cols) == 2 and len(rows) == 2):
            continue  # a lone box is a frame, not a table
        grids.append((cols, rows, gh, gv))
    grids.sort(key=lambda g: (g[1][0][0], g[0][0][0]))
    return grids


def _covered_v(vs: list[_Rule], col: _Rule, y0: float, y1: float, snap: float) -> bool:
    ym = (y0 + y1) / 2
    return any(col[1] - snap <= v[0] <= col[2] + snap and v[1] - snap <= ym <= v[2] + snap
               for v in vs)


def _covered_h(hs: list[_Rule], row: _Rule, x0: float, x1: float, snap: float) -> bool:
    xm = (x0 + x1) / 2
    return any(row[1] - snap <= h[0] <= row[2] + snap and h[1] - snap <= xm <= h[2] + snap
               for h in hs)


def _cell_text(chars: list[_Char], t: PdfTuning) -> str:
    """A cell's lines joined: nothing between CJK ends (a wrapped phrase), else a space."""
    text = ""
    for row in _group_rows(chars, t):
        line = row[0][0]
        for p, c in zip(row, row[1:], strict=False):
            line += (" " if _needs_space(p, c, t) else "") + c[0]
        if text and not (is_cjk(text[-1]) and is_cjk(line[0])):
            text += " "
        text += line
    return text


def _build_table(grid: _Grid, chars: list[_Char], t: PdfTuning) -> Table:
    cols, rows, hs, vs = grid
    col_x = [c[0] for c in cols]
    row_y = [r[0] for r in rows]
    nr, nc = len(row_y) - 1, len(col_x) - 1
    slots: dict[tuple[int, int], list[_Char]] = {}
    for c in chars:
        cx, cy = (c[1] + c[3]) / 2, (c[2] + c[4]) / 2
        if not (col_x[0] <= cx <= col_x[-1] and row_y[0] <= cy <= row_y[-1]):
            continue
        i = min(bisect_left(row_y, cy, 1) - 1, nr - 1)
        j = min(bisect_left(col_x, cx, 1) - 1, nc - 1)
        slots.setdefault((i, j), []).append(c)
    covered = [[False] * nc for _ in range(nr)]
    grid_cells: list[list[Cell | None]] = [[None] * nc for _ in range(nr)]
    for i in range(nr):
        for j in range(nc):
            if covered[i][j]:
                continue
            # A merged cell: extend right while no vertical rule separates, then down while no
            # horizontal rule runs under the whole width.
            j2 = j + 1
            while j2 < nc and not _covered_v(vs, cols[j2], row_y[i], row_y[i + 1], t.rule_snap):
                j2 += 1
            i2 = i + 1
            while i2 < nr and not any(
                _covered_h(hs, rows[i2], col_x[k], col_x[k + 1], t.rule_snap)
                for k in range(j, j2)
            ):
                i2 += 1
            inside: list[_Char] = []
            for a in range(i, i2):
                for b in range(j, j2):
                    covered[a][b] = True
                    inside += slots.get((a, b), [])
            bold = sum(c[7] for c in inside) * 2 > len(inside) if inside else False
            grid_cells[i][j] = Cell(
                _cell_text(inside, t), col_x[j], row_y[i], col_x[j2], row_y[i2], bold
            )
    return Table(col_x[0], row_y[0], col_x[-1], row_y[-1], col_x, row_y, grid_cells)


# --- pages --------------------------------------------------------------------------------------


def _read_page(r: Any, pdf: Any, index: int, fonts: _Fonts, t: PdfTuning) -> Page:
    page = pdf[index]
    try:
        f, w, h = _display_transform(page)
        textpage = page.get_textpage()
        try:
            chars, drawn = _page_chars(r, textpage, f, fonts)
        finally:
            textpage.close()
        lines = _lines(chars, t)
        hs, vs, images, cover = _page_rules(r, page, f, w * h, t)
        tables = [_build_table(g, chars, t) for g in _grids(hs, vs, t)]
        for line in lines:
            cx, cy = (line.x0 + line.x1) / 2, (line.top + line.bottom) / 2
            for k, tab in enumerate(tables):
                if tab.x0 <= cx <= tab.x1 and tab.top <= cy <= tab.bottom:
                    line.table = k
                    break
        return Page(index + 1, w, h, drawn, images, cover, lines, tables)
    finally:
        page.close()


def read_pages(raw: bytes, *, name: str, tuning: PdfTuning) -> list[Page]:
    """Every page of the PDF in ``raw``; InputError when PDFium cannot open it."""
    import pypdfium2 as pdfium  # heavy: loaded only when a PDF is read
    import pypdfium2.raw as r

    try:
        pdf = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) in (r.FPDF_ERR_PASSWORD, r.FPDF_ERR_SECURITY):
            raise InputError(
                f"{name} is a password-protected PDF.",
                "Save an unprotected copy of it (print it to PDF) and ingest that file.",
            ) from None
        raise InputError(
            f"{name} starts like a PDF but cannot be read as one (it is damaged or incomplete).",
            "Download or export the PDF again and ingest the new file.",
        ) from None
    try:
        fonts = _Fonts(r)
        return [_read_page(r, pdf, i, fonts, tuning) for i in range(len(pdf))]
    finally:
        pdf.close()


def scanned_pages(pages: list[Page], t: PdfTuning) -> list[int]:
    """Numbers of the pages that look scanned: (almost) no text and an image over much of the
    page. A blank page has neither; an OCR'd scan has both and its text layer is usable."""
    return [p.number for p in pages
            if p.chars < t.scan_max_chars and p.image_cover >= t.scan_min_cover]


def has_text_layer(pages: list[Page], t: PdfTuning) -> bool:
    """False when no page has text, or every page that shows anything is a scan."""
    shown = [p for p in pages if p.chars or p.images]
    return bool(shown) and len(scanned_pages(pages, t)) < len(shown)
