"""Blocks of a Markdown file, read with markdown-it-py, whose block tokens carry source lines.

Public API: markdown_blocks, looks_like_markdown, MarkdownText.

A file is Markdown by its suffix (``.md``, ``.markdown``) or by its content
(``looks_like_markdown``: ATX headings, bold ``**Key:**`` metadata lines, fences): the Singapore
budget statements are ``.txt`` files written in Markdown. Each heading becomes a block with its
level as ``hint``; each
paragraph, list item, table row and code line becomes a block at the source line where it starts,
a paragraph wrapped over several lines recording where each line starts (``Block.starts``).
Emphasis markers (``**bold**``, ``*em*``, ``_em_``), link and image syntax and backslash escapes
are markup, not text, and are taken out; everything else stays as written (entities, inline
HTML, template-like text). An emphasis run is only taken as markup where it opens and closes at
a word boundary, so ``x*x`` stays as written.

Metadata lines at the top (``**Date:** 1985-03-08``, ``**Title:** ANNUAL BUDGET STATEMENT``,
``**Speakers:** …``) give the title and date: ``MarkdownText.meta`` holds them (keys lower-cased),
and they are counted, with a lone ``# title`` above them, in ``MarkdownText.front`` so that they
stay out of the sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from compare.ingest.plaintext import line_continues
from compare.models import Block
from compare.textkit.chars import is_cjk
from compare.textkit.headings import looks_like_heading
from compare.textkit.lazyre import lazy_compile
from compare.tuning import DEFAULT, IngestTuning

__all__ = ["MarkdownText", "looks_like_markdown", "markdown_blocks"]

_ATX = lazy_compile(r"^#{1,6}[ \t]+\S", re.MULTILINE)
# A metadata line: a bold label ending in a colon, then its value ("**Date:** 1985-03-08").
_META = lazy_compile(r"(?:\*\*|__)([A-Za-z][A-Za-z ]{0,30}):(?:\*\*|__)[ \t]*(\S.*)")
_META_SNIFF = lazy_compile(r"^(?:\*\*|__)[A-Za-z][A-Za-z ]{0,30}:(?:\*\*|__)[ \t]*\S", re.MULTILINE)
_FENCE = lazy_compile(r"^(?:```|~~~)", re.MULTILINE)
# Emphasis that opens after a non-word character and closes before one, around words (CommonMark
# also allows intra-word ``*`` and emphasis around bare punctuation; reports use neither, and
# formula or hostile text like ``x*x`` or ``*{}</style>*`` stays as written).
_EMPHASIS = lazy_compile(
    r"(?<![A-Za-z0-9*_\\])(\*{1,3}|_{1,3})(?=[\w\[(\"'“‘])"
    r"(.+?)(?<=[\w\].:!?)\"'”’%])\1(?![A-Za-z0-9*_])"
)
_IMAGE = lazy_compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_LINK = lazy_compile(r"(?<!\\)\[([^\]\n]+)\]\([^)\s]*(?:\s+\"[^\"\n]*\")?\)")
_ESCAPE = lazy_compile(r"\\([!-/:-@\[-`{-~])")
_QUOTE_MARKS = lazy_compile(r"^(?:[ \t]*>)+[ \t]?")
# Most passes over nested emphasis (***a*** or **a *b* c**) that inline() makes.
_EMPHASIS_DEPTH = 3


@dataclass(frozen=True)
class MarkdownText:
    """What a Markdown file says: its blocks, and the metadata read from its first lines."""

    blocks: list[Block]
    front: int = 0  # leading blocks that are the document's title and metadata lines
    meta: dict[str, str] = field(default_factory=dict)  # "title", "date", "speakers", ...
    title: str = ""  # the metadata title, else the lone top-level heading above it


def looks_like_markdown(text: str, t: IngestTuning = DEFAULT.ingest) -> bool:
    """True when a file that is not named .md still reads as Markdown: its first line is an ATX
    heading, or its beginning has two ATX headings, or bold metadata lines and an ATX heading, or
    a code fence."""
    head = text[: t.markdown_sniff_chars].lstrip("\ufeff \t\r\n")
    if _ATX.match(head):
        return True
    atx = len(_ATX.findall(head))
    return atx >= 2 or atx == 1 and bool(_META_SNIFF.search(head)) or len(
        _FENCE.findall(head)
    ) >= 2


def inline(text: str) -> str:
    """``text`` with emphasis markers, link and image syntax and backslash escapes taken out."""
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    for _ in range(_EMPHASIS_DEPTH):
        stripped = _EMPHASIS.sub(r"\2", text)
        if stripped == text:
            break
        text = stripped
    return _ESCAPE.sub(r"\1", text)


def markdown_blocks(text: str, t: IngestTuning = DEFAULT.ingest) -> MarkdownText:
    """The blocks of a Markdown document (line ends already normalised to ``\\n``)."""
    from markdown_it import MarkdownIt  # lazy: only Markdown files need the parser

    lines = text.split("\n")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    blocks: list[Block] = []
    meta: dict[str, str] = {}
    front = 0
    lone_h1 = sum(1 for tok in tokens if tok.type == "heading_open" and tok.tag == "h1") == 1
    for k, tok in enumerate(tokens):
        if tok.map is None:
            continue
        first, end = tok.map
        if tok.type == "heading_open":
            title = inline(tokens[k + 1].content.strip())
            if title:
                blocks.append(Block(title, first + 1, int(tok.tag[1])))
                if not blocks[:-1] and tok.tag == "h1" and lone_h1:
                    front = 1
        elif tok.type == "paragraph_open":
            source = [_QUOTE_MARKS.sub("", lines[n]).strip() for n in range(first, end)]
            at_top = len(blocks) == front
            for block, key, value in _paragraph(source, first + 1, t):
                if key and at_top:
                    meta.setdefault(key, value)
                    front += 1
                else:
                    at_top = False
                blocks.append(block)
        elif tok.type in ("tr_open", "fence", "code_block", "html_block"):
            body = range(first + 1, end - 1) if tok.type == "fence" else range(first, end)
            for n in body:
                line = lines[n].strip() if n < len(lines) else ""
                if line:
                    text_line = line if tok.type in ("fence", "code_block") else inline(line)
                    blocks.append(Block(text_line, n + 1))
    title = meta.get("title", "") or (blocks[0].text if front and blocks[0].hint == 1 else "")
    return MarkdownText(blocks, front, meta, title)


def _paragraph(source: list[str], line: int, t: IngestTuning) -> list[tuple[Block, str, str]]:
    """The blocks of one Markdown paragraph starting at ``line``: its lines joined, except that a
    metadata line or a line that starts with a heading ordinal begins a new block, and that
    Chinese lines are joined only where the plain-text reader would join them (a file written
    one paragraph per line, with no blank lines, is Markdown only in name)."""
    out: list[tuple[Block, str, str]] = []
    pieces: list[str] = []
    starts: list[tuple[int, int, int]] = []
    start = total = 0

    def close() -> None:
        if pieces:
            out.append((Block("".join(pieces), start, starts=tuple(starts)), "", ""))
            pieces.clear()
            starts.clear()

    for n, raw in enumerate(source):
        number = line + n
        if not raw:
            continue
        m = _META.fullmatch(raw)
        text = inline(raw)
        if m:
            close()
            out.append((Block(text, number), m.group(1).strip().lower(), inline(m.group(2))))
            continue
        cjk = bool(pieces) and (is_cjk(pieces[-1][-1]) or is_cjk(text[0]))
        if pieces and not looks_like_heading(text) and (
            not cjk or line_continues("".join(pieces[-2:]), pieces[-1], len(pieces), total, text,
                                      t=t)
        ):
            # A soft line break is a space in Latin text and nothing between CJK characters.
            piece = ("" if cjk else " ") + text
            starts.append((total + len(piece) - len(text), 0, number))
            pieces.append(piece)
            total += len(piece)
            continue
        close()
        pieces.append(text)
        start, total = number, len(text)
    close()
    return out
