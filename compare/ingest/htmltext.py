"""Blocks of an HTML file: the text of its block-level elements, markup hints kept.

Public API: html_blocks, looks_like_html.

Whitespace inside an element collapses to single spaces, as a browser shows it; a block whose text
runs over several source lines records where each of those lines starts in its text
(``Block.starts``), so that a number in a long ``<p>`` knows its own line.

A ``<table>`` of data (two cells or more in a row, no paragraphs or lists inside its cells) is kept
as a table: one block per row, cells joined by a tab (``compare.textkit.tables``), a ``colspan``
leaving empty cells after its text. A table used to lay out a page is read as the blocks inside it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from compare.models import Block
from compare.textkit.tables import clean_cell, row_text
from compare.tuning import IngestTuning

__all__ = ["html_blocks", "looks_like_html"]

_WORD = re.compile(r"[^ \t\n\r\f\v]+")
_HTML_TAG = re.compile(
    r"<(?:/?(?:p|div|h[1-6]|br|li|ul|ol|table|tr|td|span|body|html|head|section|article)\b"
    r"|!doctype)",
    re.IGNORECASE,
)


class _HtmlBlocks(HTMLParser):
    """Text of block-level elements, each with the source line of its first character."""

    BLOCK = frozenset(
        re.findall(
            r"\w+",
            "p div li ul ol h1 h2 h3 h4 h5 h6 br tr td th table section article header footer "
            "blockquote pre dd dt dl hr body html main nav aside figure figcaption form title",
        )
    )
    SKIP = frozenset(("script", "style", "noscript", "template"))
    # Inside a table cell, these make the table a page layout, not a table of data.
    LAYOUT = frozenset(("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
                        "table", "section", "article", "blockquote", "pre", "dl"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._parts: list[tuple[str, int]] = []  # data, and the source line it starts on
        self._hint = 0
        self._skip = 0
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

    def _flush(self) -> None:
        raw = "".join(data for data, _ in self._parts)
        words = list(_WORD.finditer(raw))
        if words:
            text = " ".join(m.group() for m in words)
            ends = []  # where each part ends in ``raw``, with the line it starts on
            at = 0
            for data, line in self._parts:
                at += len(data)
                ends.append((at, line))
            starts = []
            offset = k = 0
            last = -1
            for m in words:
                while ends[k][0] <= m.start():
                    k += 1
                part_start = ends[k][0] - len(self._parts[k][0])
                line = ends[k][1] + raw.count("\n", part_start, m.start())
                if last < 0:
                    first = line
                elif line != last:
                    starts.append((offset, 0, line))
                last = line
                offset += len(m.group()) + 1
            self.blocks.append(Block(text, first, self._hint, starts=tuple(starts)))
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
            self._row, self._row_line = [], self.getpos()[0]
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
        if tag in ("table", "tr", "td", "th") or self._cell is not None:
            self._table_start(tag, attrs)
        if tag in self.SKIP:
            self._skip += 1
        elif tag in self.BLOCK:
            self._flush()
            if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
                self._hint = int(tag[1])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if self._tables and tag in ("table", "tr", "td", "th"):
            self._table_end(tag)
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCK:
            self._flush()
            if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
                self._hint = 0

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._cell is not None:
            self._cell.append(data)
        self._parts.append((data, self.getpos()[0]))

    def close(self) -> None:
        super().close()
        self._flush()


def html_blocks(text: str) -> list[Block]:
    parser = _HtmlBlocks()
    parser.feed(text)
    parser.close()
    return parser.blocks


def looks_like_html(text: str, t: IngestTuning) -> bool:
    return len(_HTML_TAG.findall(text[:t.html_sniff_chars])) >= t.html_sniff_min_tags
