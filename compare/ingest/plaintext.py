"""Blocks of a plain-text or Markdown file: lines joined into paragraphs where scraping broke them.

Public API: text_blocks, ends_sentence, title_like, LINE_BREAK, BREADCRUMB.

A line that scraping broke apart (a link turned into ``（PM\\n2.5\\n）``, ``政府工作报\\n告``) is
joined to its neighbours; a heading line is never joined to its paragraph. Every block keeps the
1-based line where it starts and, in ``Block.starts``, the line where each joined piece starts,
so a number inside a wrapped paragraph knows its own line. A line with a tab between its words is a
table row (``compare.textkit.tables``) and stays a block of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from compare.models import Block
from compare.textkit.chars import ZERO_WIDTH, is_cjk
from compare.textkit.headings import looks_like_heading
from compare.textkit.sentences import (
    BRACKET_CLOSERS,
    BRACKET_OPENERS,
    COMMAS,
    PARAGRAPH_ENDS,
)
from compare.textkit.tables import is_row
from compare.tuning import IngestTuning

__all__ = ["BREADCRUMB", "LINE_BREAK", "ends_sentence", "text_blocks", "title_like"]

_ZW = "".join(ZERO_WIDTH)
_CLOSERS = "".join(sorted(BRACKET_CLOSERS))
# A line starting with one of these continues the line before (a link ended just before it).
_CONTINUES = BRACKET_CLOSERS | COMMAS | PARAGRAPH_ENDS | frozenset("．")
_ENUM_ONLY = re.compile(r"[一二三四五六七八九十]+是|第[一二三四五六七八九十]+|首先|其次|最后")
_MD_HEADING = re.compile(r"(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_STRUCTURE = re.compile(r"([-*+]\s|\d+[.)]\s|>|\||```|~~~)")
LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A page's breadcrumb: furniture, never continued by the line below (see ``furniture``).
BREADCRUMB = re.compile(
    r"当前位置|您的位置|您现在的位置|现在位置|首页\s*[>＞»]|Home\s*[>»]|You are here"
)
_TITLE_WORDS = re.compile(r"报告|Report|REPORT|report")


def ends_sentence(text: str) -> bool:
    core = text.rstrip(_CLOSERS + _ZW)
    return bool(core) and (core[-1] in PARAGRAPH_ENDS or core[-1] == "." and core[-2:-1] != "")


def title_like(text: str, t: IngestTuning) -> bool:
    """A short line with no sentence end that names a report (报告, Report): a title."""
    return (
        len(text) <= t.title_max_chars
        and not ends_sentence(text)
        and text[-1] not in COMMAS
        and not looks_like_heading(text)
        and bool(_TITLE_WORDS.search(text))
    )


def _joins(
    prev: str,
    last_piece: str,
    pieces: int,
    total: int,
    nxt: str,
    *,
    blank_separated: bool,
    t: IngestTuning,
) -> bool:
    """Whether line ``nxt`` continues the block ending in ``prev`` (a break left by scraping).

    ``prev`` is the block so far when it is one line, else its last two pieces (the checks look
    at its end only, so a long run of joins stays linear); ``total`` is its full length.
    """
    if nxt[0] in _CONTINUES:
        return True
    if looks_like_heading(nxt) or nxt.startswith("——"):
        return False
    if prev[-1] in BRACKET_OPENERS:
        return True
    if looks_like_heading(prev) and pieces == 1:
        return False
    if blank_separated:
        # The file ends paragraphs with blank lines, so a line right below another belongs to
        # the same paragraph (a bold lead-in, a link) unless it is page furniture.
        return not (
            nxt == prev
            or BREADCRUMB.search(prev)
            or title_like(prev, t) and len(nxt) > t.fragment_max_chars
        )
    if ends_sentence(prev):
        return False
    if prev[-1] in COMMAS:
        return True
    if len(nxt) <= t.fragment_max_chars and not ends_sentence(nxt):
        return True
    if pieces > 1 and len(last_piece) <= t.fragment_max_chars:
        return True  # the fragment just joined ("M" + "2") leads into the rest of the sentence
    if _ENUM_ONLY.fullmatch(prev):
        return True
    if prev[-1].isascii() and prev[-1].isalnum() and nxt[0].isascii() and nxt[0].islower():
        return True  # English prose wrapped mid-sentence
    # A long line of prose with no final stop was cut mid-sentence; a title or breadcrumb has no
    # inner punctuation, so it is not taken for one.
    return (
        total >= t.prose_line_min_chars
        and (pieces > 1 or any(c in prev for c in "，,、；"))
        and is_cjk(nxt[0])
    )


def _separator(prev: str, nxt: str) -> str:
    """'' between CJK pieces and around "M"+"2"; a space inside English prose."""
    last_word = prev.split()[-1]
    if last_word.isascii() and nxt[0].isascii() and nxt[0].isalnum() and " " in prev.strip():
        return " "
    return ""


def text_blocks(lines: Sequence[str], *, markdown: bool, t: IngestTuning) -> list[Block]:
    """The blocks of a text file split into ``lines`` (without their line ends)."""
    blank = sum(1 for line in lines if not line.strip())
    blank_separated = blank >= t.blank_separated_min_share * (len(lines) - blank)
    blocks: list[Block] = []
    pieces: list[str] = []
    starts: list[tuple[int, int, int]] = []  # where each joined line starts in the block
    start = total = 0

    def close() -> None:
        if pieces:
            blocks.append(Block("".join(pieces), start, starts=tuple(starts)))
            pieces.clear()
            starts.clear()

    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if is_row(line):
            # A tab-separated line is a table row (as a spreadsheet or a PDF reader writes one):
            # a block of its own, never joined to the prose around it.
            close()
            blocks.append(Block(line, number))
            continue
        # A line of zero-width spaces is a paragraph break after a full stop (cn-gwr/2017
        # separates paragraphs so) and a scraping break inside a sentence.
        if not line.strip(_ZW) and (not line or not pieces or ends_sentence(pieces[-1])):
            close()
            continue
        if markdown:
            m = _MD_HEADING.match(line)
            if m and m.group(2):
                close()
                blocks.append(Block(m.group(2), number, len(m.group(1))))
                continue
        if pieces:
            prev = "".join(pieces[-2:])
            if markdown:
                # Markdown wraps paragraphs freely; list items, quotes and tables start anew.
                joins = not _MD_STRUCTURE.match(line) and not looks_like_heading(line)
            else:
                joins = _joins(
                    prev,
                    pieces[-1],
                    len(pieces),
                    total,
                    line,
                    blank_separated=blank_separated,
                    t=t,
                )
            if joins:
                piece = _separator(prev, line) + line
                starts.append((total + len(piece) - len(line), 0, number))
                pieces.append(piece)
                total += len(piece)
                continue
            close()
        pieces.append(line)
        start, total = number, len(line)
    close()
    return blocks
