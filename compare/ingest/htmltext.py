"""Blocks of an HTML file: the text of its block-level elements, markup hints kept.

Public API: html_blocks, looks_like_html.

Whitespace inside an element collapses to single spaces, as a browser shows it; a block whose text
runs over several source lines records where each of those lines starts in its text
(``Block.starts``), so that a number in a long ``<p>`` knows its own line. Linear in the file's
size (no re-join of a paragraph's pieces per piece: 100,000 inline ``<b>`` in one paragraph were
quadratic).

A ``<table>`` of data (two cells or more in a row, no paragraphs or lists inside its cells) is kept
as a table: one block per row, cells joined by a tab (``compare.textkit.tables``), a ``colspan``
leaving empty cells after its text. A table used to lay out a page is read as the blocks inside it.

``<script>``, ``<style>``, ``<noscript>`` and ``<template>`` are not report text, but only when
they are closed: an element left open to the end of the file (a truncated page) would hide the rest
of the report, so its text is kept instead; the raw rest after an unclosed ``<script>``/``<style>``
is parsed as HTML again (at most ``IngestTuning.html_reparse_max`` times, then kept as written).
Inside ``<svg>``, ``<title>`` and ``<desc>`` (an image's tooltip) are skipped, and the drawing is a
block of its own, never part of a paragraph or a heading.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from compare.models import Block
from compare.textkit.tables import clean_cell, row_text
from compare.tuning import DEFAULT, IngestTuning

__all__ = ["html_blocks", "looks_like_html"]

_WORD = re.compile(r"[^ \t\n\r\f\v]+")
_HTML_TAG = re.compile(
    r"<(?:/?(?:p|div|h[1-6]|br|li|ul|ol|table|tr|td|span|body|html|head|section|article)\b"
    r"|!doctype)",
    re.IGNORECASE,
)

Parts = list[tuple[str, int]]  # pieces of text, and the source line each starts on


class _HtmlBlocks(HTMLParser):
    """Text of block-level elements, each with the source line of its first character."""

    BLOCK = frozenset(
        re.findall(
            r"\w+",
            "p div li ul ol h1 h2 h3 h4 h5 h6 br tr td th table section article header footer "
            "blockquote pre dd dt dl hr body html main nav aside figure figcaption form title "
            "svg",
        )
    )
    SKIP = frozenset(("script", "style", "noscript", "template"))
    SVG_SKIP = frozenset(("title", "desc"))  # an image's tooltip, not report text
    # Inside a table cell, these make the table a page layout, not a table of data.
    LAYOUT = frozenset(("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
                        "table", "section", "article", "blockquote", "pre", "dl"))

    def __init__(self, first_line: int = 1) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._parts: Parts = []
        self._hint = 0
        self._skip = 0
        # While inside a skipped element: where its blocks start in ``blocks``, and the paragraph
        # it interrupted, resumed after it.
        self._hidden_from = 0
        self._outer: Parts = []
        self._svg = 0
        self._first_line = first_line
        # A <table> is read twice over: as blocks (what a layout table is) and as rows of cells
        # (what a data table is); its end decides which to keep.
        self._tables = 0  # depth of <table> nesting
        self._mark = 0  # len(self.blocks) where the outer table began
        self._rows: list[tuple[int, list[str]]] = []
        self._row: list[str] | None = None
        self._row_line = 0
        self._cell: list[str] | None = None
        self._span = 1
        self._layout = False

    def _line(self) -> int:
        return self.getpos()[0] + self._first_line - 1

    def _block(self, parts: Parts) -> Block | None:
        """The block of ``parts`` (whitespace collapsed), with where each source line starts."""
        raw = "".join(data for data, _ in parts)
        words = list(_WORD.finditer(raw))
        if not words:
            return None
        text = " ".join(m.group() for m in words)
        ends = []  # where each part ends in ``raw``, with the line it starts on
        at = 0
        for data, line in parts:
            at += len(data)
            ends.append((at, line))
        starts = []
        offset = k = 0
        last = first = -1
        for m in words:
            while ends[k][0] <= m.start():
                k += 1
            part_start = ends[k][0] - len(parts[k][0])
            line = ends[k][1] + raw.count("\n", part_start, m.start())
            if last < 0:
                first = line
            elif line != last:
                starts.append((offset, 0, line))
            last = line
            offset += len(m.group()) + 1
        return Block(text, first, self._hint, starts=tuple(starts))

    def _flush(self) -> None:
        block = self._block(self._parts)
        if block is not None:
            self.blocks.append(block)
        self._parts = []

    def _table_start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._tables += 1
            if self._tables == 1:
                self._flush()
                self._mark, self._rows, self._layout = len(self.blocks), [], False
            else:
                self._layout = True
        elif self._tables == 1 and tag == "tr":
            self._row, self._row_line = [], self._line()
        elif self._tables == 1 and tag in ("td", "th") and self._row is not None:
            self._cell = []
            span = dict(attrs).get("colspan") or "1"
            self._span = int(span) if span.isdigit() and 0 < int(span) < 100 else 1
        elif self._cell is not None and tag in self.LAYOUT:
            self._layout = True

    def _table_end(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(clean_cell("".join(self._cell)))
            self._row.extend([""] * (self._span - 1))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if any(self._row):
                self._rows.append((self._row_line, self._row))
            self._row = None
        elif tag == "table" and self._tables:
            self._tables -= 1
            if self._tables == 0:
                self._flush()
                if not self._layout and any(len(cells) >= 2 for _, cells in self._rows):
                    del self.blocks[self._mark:]
                    self.blocks.extend(Block(row_text(cells), line) for line, cells in self._rows)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._skip and (tag in ("table", "tr", "td", "th") or self._cell is not None):
            self._table_start(tag, attrs)
        if tag in self.SKIP or self._svg and tag in self.SVG_SKIP:
            if not self._skip:
                self._hidden_from = len(self.blocks)
                self._outer, self._parts = self._parts, []
            self._skip += 1
        elif tag in self.BLOCK:
            self._flush()
            if tag == "svg":
                self._svg += 1
            if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
                self._hint = int(tag[1])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if not self._skip and self._tables and tag in ("table", "tr", "td", "th"):
            self._table_end(tag)
        if tag in self.SKIP or self._svg and tag in self.SVG_SKIP:
            if self._skip:
                self._skip -= 1
                if not self._skip:  # a closed element: what it held is not report text
                    del self.blocks[self._hidden_from :]
                    self._parts = self._outer
        elif tag in self.BLOCK:
            self._flush()
            if tag == "svg":
                self._svg = max(0, self._svg - 1)
            if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
                self._hint = 0

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._skip:
            self._cell.append(data)
        self._parts.append((data, self._line()))

    def close(self) -> None:
        super().close()
        self._flush()
        if self._skip:  # left open to the end: its text is kept, after the paragraph it cut
            block = self._block(self._outer)
            if block is not None:
                self.blocks.insert(self._hidden_from, block)

    def unclosed_raw(self) -> tuple[str, int] | None:
        """The raw rest of the file after an unclosed ``<script>``/``<style>`` (which the parser
        holds back as the element's content) and the line it starts on; None otherwise."""
        if self.cdata_elem is None or not self.rawdata.strip():
            return None
        return self.rawdata, self._line()


def html_blocks(text: str, *, tuning: IngestTuning = DEFAULT.ingest) -> list[Block]:
    """The blocks of an HTML text, in reading order, each at its source line."""
    blocks: list[Block] = []
    rest: tuple[str, int] | None = (text, 1)
    reparses = 0
    while rest is not None:
        chunk, first_line = rest
        if reparses > tuning.html_reparse_max:  # past the budget: the rest kept as written
            flat = re.sub(r"[ \t\n\r\f\v]+", " ", chunk).strip()
            blocks.append(Block(flat, first_line, 0))
            break
        parser = _HtmlBlocks(first_line)
        parser.feed(chunk)
        parser.close()
        blocks.extend(parser.blocks)
        rest = parser.unclosed_raw()
        reparses += 1
    return blocks


def looks_like_html(text: str, t: IngestTuning) -> bool:
    return len(_HTML_TAG.findall(text[:t.html_sniff_chars])) >= t.html_sniff_min_tags
