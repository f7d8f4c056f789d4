"""Blocks of an HTML file: the text of its block-level elements, markup hints kept.

Public API: html_blocks, looks_like_html.

Linear in the file's size (no re-join of a paragraph's pieces per piece: 100,000 inline ``<b>``
in one paragraph were quadratic). ``<script>``, ``<style>``, ``<noscript>`` and ``<template>`` are
not report text, but only when they are closed: an element left open to the end of the file
(a truncated page) would hide the rest of the report, so its text is kept instead; the raw rest
after an unclosed ``<script>``/``<style>`` is parsed as HTML again (at most
``IngestTuning.html_reparse_max`` times, then kept as written). Inside ``<svg>``, ``<title>`` and
``<desc>`` (an image's tooltip) are skipped, and the drawing is a block of its own, never part of
a paragraph or a heading.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from compare.models import Block
from compare.tuning import DEFAULT, IngestTuning

__all__ = ["html_blocks", "looks_like_html"]

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
            "blockquote pre dd dt dl hr body html main nav aside figure figcaption form title "
            "svg",
        )
    )
    SKIP = frozenset(("script", "style", "noscript", "template"))
    SVG_SKIP = frozenset(("title", "desc"))  # an image's tooltip, not report text

    def __init__(self, first_line: int = 1) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._has_text = False  # whether ``_parts`` holds more than whitespace
        self._line = 0
        self._hint = 0
        self._skip = 0
        # While inside a skipped element: where its blocks start in ``blocks``, and the paragraph
        # it interrupted (parts, has text, line), resumed after it.
        self._hidden_from = 0
        self._outer: tuple[list[str], bool, int] = ([], False, 0)
        self._svg = 0
        self._first_line = first_line

    def _block(self, parts: list[str], line: int) -> Block | None:
        text = re.sub(r"[ \t\n\r\f\v]+", " ", "".join(parts)).strip()
        return Block(text, line, self._hint) if text else None

    def _flush(self) -> None:
        block = self._block(self._parts, self._line)
        if block is not None:
            self.blocks.append(block)
        self._parts = []
        self._has_text = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP or self._svg and tag in self.SVG_SKIP:
            if not self._skip:
                self._hidden_from = len(self.blocks)
                self._outer = (self._parts, self._has_text, self._line)
                self._parts, self._has_text = [], False
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
        if tag in self.SKIP or self._svg and tag in self.SVG_SKIP:
            if self._skip:
                self._skip -= 1
                if not self._skip:  # a closed element: what it held is not report text
                    del self.blocks[self._hidden_from :]
                    self._parts, self._has_text, self._line = self._outer
        elif tag in self.BLOCK:
            self._flush()
            if tag == "svg":
                self._svg = max(0, self._svg - 1)
            if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
                self._hint = 0

    def handle_data(self, data: str) -> None:
        if not self._has_text:
            stripped = data.lstrip()
            if stripped:
                line, _ = self.getpos()
                self._line = (
                    line + self._first_line - 1 + data[: len(data) - len(stripped)].count("\n")
                )
                self._has_text = True
        self._parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()
        if self._skip:  # left open to the end: its text is kept, after the paragraph it cut
            parts, _, line = self._outer
            block = self._block(parts, line)
            if block is not None:
                self.blocks.insert(self._hidden_from, block)

    def unclosed_raw(self) -> tuple[str, int] | None:
        """The raw rest of the file after an unclosed ``<script>``/``<style>`` (which the parser
        holds back as the element's content) and the line it starts on; None otherwise."""
        if self.cdata_elem is None or not self.rawdata.strip():
            return None
        return self.rawdata, self.getpos()[0] + self._first_line - 1


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
