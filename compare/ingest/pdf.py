"""A PDF with a text layer read into blocks: page furniture dropped, wrapped lines rejoined,
cover and contents set aside, headings found, tables kept as tables.

Public API: pdf_blocks, PdfParts.

What a careful reader does by eye, in order:

1. A PDF without a text layer (a scan) is refused: there is nothing to read without OCR.
2. Running headers, footers and page numbers are dropped: lines in the top or bottom margin whose
   text, digits masked, recurs at the same place on many pages, and lone page numbers (``- 3 -``,
   ``─ 12 ─``, ``第 4 页``) in those margins.
3. The cover (short leading pages with no sentence) and the contents (a page headed 目录, and the
   pages of entries after it) go to front matter; the cover's largest line is the title.
4. Lines become paragraphs: a line that runs to the right edge continues on the next line when that
   one starts at the left edge (not indented), across a page break too; CJK pieces join with
   nothing between them, English ones with a space, and a hyphen at a line end is removed where the
   document does not write that word with a hyphen elsewhere.
5. Tables drawn with rules become one block per row, cells joined by a tab
   (``compare.textkit.tables``).
6. Headings: lines in display type (larger than the body) are headings. With a contents, each is
   matched to its entry and takes the entry's level; an entry whose children are found in the body
   but which has no heading of its own there (putuo's 五、部门预算表) is placed before its first
   child, as the contents words it and pointing to the contents line. A block in body type that
   starts with an ordinal and runs on into its paragraph is a list item (``hint = -1``) unless its
   title is set apart (bold, another size) there or elsewhere in the document.

Every block keeps its page and its line on that page (``Block.page``, ``Block.line``); a paragraph
joined from several lines keeps where each one starts (``Block.starts``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from compare.errors import InputError
from compare.ingest.pdfoutline import (
    Entry,
    PageLine,
    contents_entries,
    is_contents_heading,
    is_contents_line,
    is_page_number,
    match_contents,
    run_on_hint,
)
from compare.ingest.pdfpage import Line, Page, Table, has_text_layer, read_pages
from compare.models import Block, Start
from compare.textkit.chars import is_cjk
from compare.textkit.headings import looks_like_heading
from compare.textkit.lazyre import lazy_compile
from compare.textkit.sentences import SENTENCE_ENDS
from compare.textkit.tables import TABLE_LABEL, clean_cell, row_text
from compare.tuning import PdfTuning

__all__ = ["PdfParts", "pdf_blocks"]

_DIGITS = lazy_compile(r"\d+")
_DOC_NUMBER = lazy_compile(r"[〔\[［(（]\s*(?:19|20)\d\d\s*[〕\]］)）]\s*\d+\s*号")
# Prefixes written with a hyphen in English compounds: a line-end hyphen after them is kept.
_HYPHEN_PREFIXES = frozenset((
    "self", "well", "non", "co", "ex", "anti", "multi", "cross", "long", "short", "high", "low",
    "year", "one", "two", "three", "four", "five", "state", "sub", "pre", "post", "inter",
))


@dataclass(frozen=True)
class PdfParts:
    """A PDF read into blocks: the cover and contents, the report, its title and page count."""

    front: tuple[Block, ...]
    blocks: tuple[Block, ...]
    title: str
    pages: int


@dataclass
class _Ln:
    """A line of the body with where it stands."""

    line: Line
    page: int
    no: int  # 1-based line on its page


def _numbered(page: Page) -> list[tuple[int, Line]]:
    """The lines of a page with their 1-based line numbers, top to bottom."""
    return list(enumerate(page.lines, 1))


def _running(pages: Sequence[Page], t: PdfTuning) -> set[tuple[int, int]]:
    """(page, line) of every running header, footer and page number."""
    def key(p: Page, ln: Line) -> tuple[str, str, int] | None:
        if ln.table >= 0:
            return None
        if ln.bottom < p.height * t.running_margin:
            zone = "top"
        elif ln.top > p.height * (1 - t.running_margin):
            zone = "bottom"
        else:
            return None
        return zone, _DIGITS.sub("#", ln.text.replace(" ", "")), round(ln.top / 4)

    seen: Counter[tuple[str, str, int]] = Counter()
    texted = [p for p in pages if p.lines]
    for p in texted:
        seen.update({k for ln in p.lines if (k := key(p, ln)) is not None})
    need = max(2, int(t.running_min_share * len(texted)))
    out = set()
    for p in texted:
        for no, ln in _numbered(p):
            k = key(p, ln)
            if k is not None and (seen[k] >= need or is_page_number(ln.text)):
                out.add((p.number, no))
    return out


def _front_pages(
    pages: Sequence[Page], running: set[tuple[int, int]], t: PdfTuning
) -> tuple[int, list[PageLine]]:
    """How many leading pages are cover and contents, and the contents lines (heading excluded)."""
    def kept(p: Page) -> list[tuple[int, Line]]:
        return [(no, ln) for no, ln in _numbered(p) if (p.number, no) not in running]

    contents: list[PageLine] = []
    start = None
    limit = min(len(pages), max(t.contents_min_pages, len(pages) // 3))
    for k in range(limit):
        lines = kept(pages[k])
        if lines and any(is_contents_heading(ln.text) for _, ln in lines[:2]):
            start = k
            break
    if start is None:
        # No contents: a cover is the leading pages that hold a few short lines and no sentence.
        end = 0
        while end < min(len(pages), t.cover_max_pages):
            lines = kept(pages[end])
            sentence = any(ln.text.rstrip()[-1:] in SENTENCE_ENDS for _, ln in lines)
            if len(lines) > t.cover_max_lines or sentence:
                break
            if lines and end + 1 < len(pages) and not kept(pages[end + 1]):
                end += 1  # a blank page after the cover goes with it
            end += 1
        if end >= len(pages):
            return 0, []
        return end, []
    end = start + 1
    first = True
    for k in range(start, len(pages)):
        lines = kept(pages[k])
        body = [(no, ln) for no, ln in lines if not (first and is_contents_heading(ln.text))]
        entry_like = sum(is_contents_line(ln.text) for _, ln in body)
        if not first and (not body or entry_like * 2 < len(body)):
            break
        first = False
        contents += [PageLine(ln.text, k + 1, no, ln.x0, ln.size) for no, ln in body]
        end = k + 1
    while end < len(pages) and not pages[end].lines:
        end += 1  # blank pages after the contents
    return end, contents


def _front_blocks(pages: Sequence[Page], count: int, running: set[tuple[int, int]]) -> list[Block]:
    return [
        Block(ln.text, no, page=p.number)
        for p in pages[:count]
        for no, ln in _numbered(p)
        if (p.number, no) not in running
    ]


def _cover_title(pages: Sequence[Page], count: int, t: PdfTuning) -> str:
    """The cover's largest lines, joined where they follow each other (a title on two lines)."""
    for p in pages[:count]:
        lines = [ln for ln in p.lines if ln.table < 0]
        if not lines:
            continue
        biggest = max(ln.size for ln in lines)
        parts, last = [], None
        for k, ln in enumerate(lines):
            if abs(ln.size - biggest) < t.size_tolerance and (last is None or k == last + 1):
                parts.append(ln.text)
                last = k
        return "".join(parts)
    return ""


def _grid_of(table: Table, before: Table | None, t: PdfTuning) -> list[float]:
    """The column boundaries to lay a table's cells on: its own, or those of the table it
    continues (the previous table, as wide, on the page before) so that a continuation page
    whose merged cells leave out inner rules keeps its cells in their columns."""
    if (before is not None and len(before.col_x) != len(table.col_x)
            and abs(before.x0 - table.x0) <= t.min_col and abs(before.x1 - table.x1) <= t.min_col):
        return before.col_x
    return table.col_x


def _table_rows(table: Table, page: Page, col_x: list[float]) -> list[Block]:
    """One block per row with text, cells joined by a tab on the columns ``col_x``; its line is
    its first text line."""
    out = []
    tops = [(ln.top, ln.bottom, no) for no, ln in _numbered(page) if ln.table >= 0]
    width = len(col_x) - 1
    for i, row in enumerate(table.rows):
        if col_x is table.col_x:
            cells = [clean_cell(c.text) if c is not None else "" for c in row]
        else:
            cells = [""] * width
            for c in row:
                if c is not None and c.text:
                    j = min(range(width), key=lambda k: abs(col_x[k] - c.x0))
                    cells[j] = (cells[j] + " " + clean_cell(c.text)).strip()
        if not any(cells):
            continue
        y0, y1 = table.row_y[i], table.row_y[i + 1]
        inside = [no for top, bottom, no in tops if y0 <= (top + bottom) / 2 <= y1]
        line = min(inside) if inside else 1
        out.append(Block(row_text(cells), line, page=page.number))
    return out


_UNBROKEN = lazy_compile(r"[0-9A-Za-z.,%％‰$¥€£-]+")
# Marks that may not open a line: a typesetter carries the character before them along.
_NO_LINE_START = frozenset("，。；：、！？）》」』”’%％")


def _lead_ems(text: str, t: PdfTuning) -> float:
    """The width, in ems, of the first unbreakable run of a line: a run of digits and Latin
    letters (half-width) or one CJK character, with the closing marks that must follow it."""
    m = _UNBROKEN.match(text)
    if m:
        end, width = m.end(), (m.end() - m.start()) * t.half_width_em
    elif text:
        end, width = 1, 1.0
    else:
        return 0.0
    while end < len(text) and text[end] in _NO_LINE_START:
        end, width = end + 1, width + 1.0
    return width


def _separator(prev: str, nxt: str) -> str:
    a, b = prev[-1:], nxt[:1]
    if not a or not b or is_cjk(a) or is_cjk(b):
        return ""
    if a.isascii() and b.isascii() and (a.isalnum() or a in ",.;:)%") and b.isalnum():
        return " "
    return ""


class _Builder:
    """Paragraphs from body lines and table rows, in reading order."""

    def __init__(self, t: PdfTuning, body_size: float, edges: dict[int, tuple[float, float]],
                 hyphenated: set[str]) -> None:
        self.t = t
        self.body_size = body_size
        self.edges = edges
        self.hyphenated = hyphenated
        self.blocks: list[Block] = []
        self.kinds: list[str] = []  # "body" | "display" | "row", parallel to blocks
        self.first_lines: list[Line] = []
        self._pieces: list[str] = []
        self._starts: list[Start] = []
        self._first: _Ln | None = None
        self._last: _Ln | None = None
        self._kind = ""

    def display(self, ln: Line) -> bool:
        return ln.size >= self.body_size * self.t.display_size_ratio

    def _joins(self, prev: _Ln, nxt: _Ln, kind: str) -> bool:
        t, a, b = self.t, prev.line, nxt.line
        if kind != self._kind:
            return False
        height = max(a.bottom - a.top, 1.0)
        same_page = prev.page == nxt.page
        if kind == "display":
            return (same_page and abs(a.size - b.size) < t.size_tolerance
                    and b.top - a.bottom <= t.paragraph_gap * height)
        em = max(a.size, 1.0)
        left_a, right_a = self.edges[prev.page]
        left_b, _ = self.edges[nxt.page]
        # A line that stops short still wraps when the next line's first word would not have
        # fitted in the space left: a number (876.75万元) or a Latin word is never broken.
        full = a.x1 >= right_a - max(t.full_line_em, _lead_ems(b.text, t)) * em
        flush_left = b.x0 <= left_b + t.indent_em * em
        if not (full and flush_left and abs(a.size - b.size) < 2 * t.size_tolerance):
            return False
        if looks_like_heading(b.text) and (
            a.text.rstrip()[-1:] in SENTENCE_ENDS or b.x1 < right_a - t.full_line_em * em
        ):
            return False  # a numbered heading on a line of its own, not a wrapped sentence
        if same_page:
            return b.top - a.bottom <= t.paragraph_gap * height
        return nxt.page == prev.page + 1

    def close(self) -> None:
        if self._first is None:
            return
        first = self._first
        self.blocks.append(Block("".join(self._pieces), first.no, page=first.page,
                                 starts=tuple(self._starts)))
        self.kinds.append(self._kind)
        self.first_lines.append(first.line)
        self._pieces, self._starts, self._first, self._last = [], [], None, None

    def add_line(self, item: _Ln, *, break_before: bool = False) -> None:
        kind = "display" if self.display(item.line) else "body"
        text = item.line.text
        if self._last is not None and not break_before and self._joins(self._last, item, kind):
            prev = self._pieces[-1]
            if prev.endswith("-") and self._dehyphen(prev, text):
                self._pieces[-1] = prev[:-1]
                sep = ""
            else:
                sep = _separator(prev, text)
            at = sum(map(len, self._pieces)) + len(sep)
            self._pieces.append(sep + text)
            self._starts.append((at, item.page, item.no))
            self._last = item
            return
        self.close()
        self._pieces, self._first, self._last, self._kind = [text], item, item, kind

    def _dehyphen(self, prev: str, nxt: str) -> bool:
        """Whether a line-end hyphen only broke a word: letters on both sides, the next piece
        lower-case, and the document never writes the compound with a hyphen mid-line."""
        m = re.search(r"([A-Za-z]+)-$", prev)
        w = re.match(r"[a-z]+", nxt)
        if not m or not w:
            return False
        word = m.group(1).lower()
        return word not in _HYPHEN_PREFIXES and f"{word}-{w.group(0)}" not in self.hyphenated

    def add_rows(self, rows: list[Block]) -> None:
        self.close()
        for row in rows:
            self.blocks.append(row)
            self.kinds.append("row")
            self.first_lines.append(Line(row.text, 0, 0, 0, 0, 0, False, ""))


def _edges(pages: Sequence[Page], items: dict[int, list[_Ln]], body: float,
           t: PdfTuning) -> dict[int, tuple[float, float]]:
    """The left and right edges of the body text on each page (the document's where a page has
    too few body lines to tell)."""
    xs = [(ln.line.x0, ln.line.x1) for lns in items.values() for ln in lns
          if abs(ln.line.size - body) < 2 * t.size_tolerance]
    if not xs:
        return {p.number: (0.0, p.width) for p in pages}
    left_doc = Counter(round(x0) for x0, _ in xs).most_common(1)[0][0]
    right_doc = max(x1 for _, x1 in xs)
    out = {}
    for p in pages:
        own = [(ln.line.x0, ln.line.x1) for ln in items.get(p.number, [])
               if abs(ln.line.size - body) < 2 * t.size_tolerance]
        if len(own) >= 3:
            out[p.number] = (min(x0 for x0, _ in own), max(x1 for _, x1 in own))
        else:
            out[p.number] = (float(left_doc), right_doc)
    return out


def _styled_kinds(builder: _Builder) -> set[tuple[str, int]]:
    kinds = set()
    for block, kind, first in zip(builder.blocks, builder.kinds, builder.first_lines,
                                  strict=True):
        if kind != "body":
            continue
        hm, apart = run_on_hint(block.text, first.text, first.lead_end)
        title_only = hm is not None and apart and first.lead_end >= len(first.text)
        if hm is not None and apart and not title_only:
            kinds.add((hm.kind, hm.rank))
    return kinds


def _hints(builder: _Builder, entries: list[Entry], t: PdfTuning) -> list[Block]:
    """The blocks with their heading hints set, contents-only headings inserted."""
    blocks, kinds = list(builder.blocks), builder.kinds
    # A label line ("表一：") right above a display title is part of that title.
    k = 0
    merged_blocks: list[Block] = []
    merged_kinds: list[str] = []
    firsts: list[Line] = []
    while k < len(blocks):
        b, kind = blocks[k], kinds[k]
        if (kind == "body" and k + 1 < len(blocks) and kinds[k + 1] == "display"
                and TABLE_LABEL.fullmatch(b.text.strip()) and blocks[k + 1].page == b.page):
            nxt = blocks[k + 1]
            shift = len(b.text)
            starts = ((shift, nxt.page, nxt.line),) + tuple(
                (o + shift, p, ln) for o, p, ln in nxt.starts)
            merged_blocks.append(Block(b.text + nxt.text, b.line, page=b.page, starts=starts))
            merged_kinds.append("display")
            firsts.append(builder.first_lines[k + 1])
            k += 2
            continue
        merged_blocks.append(b)
        merged_kinds.append(kind)
        firsts.append(builder.first_lines[k])
        k += 1
    blocks, kinds, firsts = _drop_repeated_titles(merged_blocks, merged_kinds, firsts)
    display = [k for k, kind in enumerate(kinds) if kind == "display"
               and len(blocks[k].text) <= t.heading_max_chars
               and blocks[k].text.rstrip()[-1:] not in SENTENCE_ENDS]
    hints = [0] * len(blocks)
    inserted: dict[int, Block] = {}
    if entries:
        found = match_contents([blocks[k].text for k in display], entries,
                               floor=t.contents_match, window=t.contents_window)
        deepest = max(e.level for e in entries)
        matched: dict[int, int] = {}
        for k, e in zip(display, found, strict=True):
            hints[k] = entries[e].level if e is not None else deepest + 1
            if e is not None:
                matched[e] = k
        for e, entry in enumerate(entries):
            child = e + 1
            if (e not in matched and child < len(entries) and child in matched
                    and entries[child].level == entry.level + 1):
                inserted[matched[child]] = Block(entry.text, entry.line, entry.level,
                                                 page=entry.page)
    else:
        sizes = sorted({round(firsts[k].size) for k in display}, reverse=True)
        for k in display:
            hints[k] = sizes.index(round(firsts[k].size)) + 1
    styled = _styled_kinds(builder)
    matches: list[tuple[str, int] | None] = []
    for k, (b, kind) in enumerate(zip(blocks, kinds, strict=True)):
        hm = None
        if kind == "body":
            first = firsts[k]
            hm, apart = run_on_hint(b.text, first.text, first.lead_end, styled)
            if hm is not None and hm.kind != "caps" and not apart:
                hints[k] = -1
            if hm is not None and first.lead_end < len(first.text) and apart:
                hm = None  # a run-in title set apart in type is a heading, never a list item
        matches.append((hm.kind, hm.rank) if hm is not None and hm.kind != "caps" else None)
    _lists(blocks, matches, hints)
    out: list[Block] = []
    for k, b in enumerate(blocks):
        if k in inserted:
            out.append(inserted[k])
        out.append(replace(b, hint=hints[k]) if hints[k] else b)
    return out


def _drop_repeated_titles(
    blocks: list[Block], kinds: list[str], firsts: list[Line]
) -> tuple[list[Block], list[str], list[Line]]:
    """A table that runs on over several pages may print its title (and the caption under it)
    again on each page: those repeats are the table's running head, not new headings."""
    keep = [True] * len(blocks)
    last: int | None = None
    for k, (b, kind) in enumerate(zip(blocks, kinds, strict=True)):
        if kind != "display":
            continue
        if last is not None and b.text == blocks[last].text and b.page != blocks[last].page:
            keep[k] = False
            # The subtitle and caption printed under it again go with it.
            step = 1
            while (k + step < len(blocks) and kinds[k + step] == "body"
                   and blocks[k + step].page == b.page
                   and blocks[k + step].text == blocks[last + step].text):
                keep[k + step] = False
                step += 1
            continue
        last = k
    return (
        [b for b, kept in zip(blocks, keep, strict=True) if kept],
        [kd for kd, kept in zip(kinds, keep, strict=True) if kept],
        [f for f, kept in zip(firsts, keep, strict=True) if kept],
    )


def _lists(blocks: Sequence[Block], matches: Sequence[tuple[str, int] | None],
           hints: list[int]) -> None:
    """Numbered items that follow each other with nothing between them and each end a sentence
    (putuo's six units, its glossary entries) are a list, not headings: ``hint = -1``."""
    k = 0
    while k < len(blocks):
        m = k
        while (m < len(blocks) and matches[m] is not None and matches[m] == matches[k]
               and hints[m] <= 0 and blocks[m].text.rstrip()[-1:] in SENTENCE_ENDS):
            m += 1
        if m - k >= 2:
            for j in range(k, m):
                hints[j] = -1
        k = max(m, k + 1)


def pdf_blocks(raw: bytes, *, name: str, tuning: PdfTuning) -> PdfParts:
    """The blocks of a PDF (see the module docstring); InputError for a scan."""
    t = tuning
    pages = read_pages(raw, name=name, tuning=t)
    if not any(p.chars or p.images for p in pages):
        raise InputError(
            f"{name} is a PDF with nothing on its pages (no text, no images).",
            "Check that this is the report you meant, or export the PDF again.",
        )
    if not has_text_layer(pages, t):
        n = len(pages)
        raise InputError(
            f"{name} is a scanned PDF: its {n} page{'s' if n != 1 else ''} are images with no "
            "text layer, so there is no text to compare.",
            "Run OCR on it first (for example `ocrmypdf --language chi_sim in.pdf out.pdf`) and "
            "ingest the result.",
        )
    running = _running(pages, t)
    front_count, contents = _front_pages(pages, running, t)
    entries = contents_entries(contents)
    items: dict[int, list[_Ln]] = {}
    for p in pages[front_count:]:
        items[p.number] = [_Ln(ln, p.number, no) for no, ln in _numbered(p)
                           if ln.table < 0 and (p.number, no) not in running]
    weights: Counter[float] = Counter()
    for lns in items.values():
        for ln in lns:
            weights[ln.line.size] += len(ln.line.text)
    body_size = weights.most_common(1)[0][0] if weights else 12.0
    hyphenated = {
        m.group(0).lower()
        for lns in items.values() for ln in lns
        for m in re.finditer(r"[A-Za-z]+-[a-z]+", ln.line.text[:-1])
    }
    builder = _Builder(t, body_size, _edges(pages, items, body_size, t), hyphenated)
    last_table: Table | None = None
    for p in pages[front_count:]:
        placed = [(ln.line.top, 0, k) for k, ln in enumerate(items[p.number])]
        placed += [(tab.top, 1, k) for k, tab in enumerate(p.tables) if len(tab.col_x) > 2]
        table_lines = {k for k, tab in enumerate(p.tables) if len(tab.col_x) <= 2}
        if table_lines:  # a one-column frame is not a table: its lines are read as text
            extra = [_Ln(ln, p.number, no) for no, ln in _numbered(p)
                     if ln.table in table_lines and (p.number, no) not in running]
            items[p.number] += extra
            placed += [(ln.line.top, 0, len(items[p.number]) - len(extra) + k)
                       for k, ln in enumerate(extra)]
        for _, what, k in sorted(placed):
            if what == 0:
                builder.add_line(items[p.number][k])
                last_table = None
            else:
                table = p.tables[k]
                builder.add_rows(_table_rows(table, p, _grid_of(table, last_table, t)))
                last_table = table
    builder.close()
    blocks = _hints(builder, entries, t)
    front = _front_blocks(pages, front_count, running)
    # Document numbers (苏财预〔2023〕1号) before the first heading belong with the cover.
    lead = 0
    while lead < len(blocks) and blocks[lead].hint <= 0 and _DOC_NUMBER.search(blocks[lead].text) \
            and len(blocks[lead].text) <= 40:
        lead += 1
    front += blocks[:lead]
    return PdfParts(
        front=tuple(front),
        blocks=tuple(blocks[lead:]),
        title=_cover_title(pages, front_count, t) if front_count else "",
        pages=len(pages),
    )
