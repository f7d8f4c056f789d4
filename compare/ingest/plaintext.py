"""Blocks of a plain-text or Markdown file: lines joined into paragraphs where scraping broke them.

Public API: text_blocks, split_glued, line_continues, ends_sentence, title_like, LINE_BREAK,
BREADCRUMB.

A line that scraping broke apart (a link turned into ``（PM\\n2.5\\n）``, ``政府工作报\\n告``) is
joined to its neighbours; a heading line is never joined to its paragraph. Every block keeps the
1-based line where it starts and, in ``Block.starts``, the line where each joined piece starts,
so a number inside a wrapped paragraph knows its own line. ``split_glued`` sets a heading that
scraping glued to the end of a paragraph (``...respond to them.DEALING WITH INFLATION``) on a block
of its own, at the same line, when a paragraph of prose follows it (a glued table caption is
followed by short rows and stays where it is). A line with a tab between its words is a table row
(``compare.textkit.tables``) and stays a block of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from compare.models import Block
from compare.textkit.chars import ZERO_WIDTH, is_cjk
from compare.textkit.headings import furniture_line, glued_heading, looks_like_heading, short_line
from compare.textkit.lazyre import lazy_compile
from compare.textkit.sentences import (
    BRACKET_CLOSERS,
    BRACKET_OPENERS,
    COMMAS,
    PARAGRAPH_ENDS,
)
from compare.textkit.tables import is_row
from compare.tuning import IngestTuning

__all__ = [
    "BREADCRUMB",
    "LINE_BREAK",
    "ends_sentence",
    "line_continues",
    "split_glued",
    "text_blocks",
    "title_like",
]

_ZW = "".join(ZERO_WIDTH)
_CLOSERS = "".join(sorted(BRACKET_CLOSERS))
# A line starting with one of these continues the line before (a link ended just before it).
_CONTINUES = BRACKET_CLOSERS | COMMAS | PARAGRAPH_ENDS | frozenset("．")
_ENUM_ONLY = lazy_compile(r"[一二三四五六七八九十]+是|第[一二三四五六七八九十]+|首先|其次|最后")
LINE_BREAK = lazy_compile(r"\r\n|\r|\n")
# A page's breadcrumb: furniture, never continued by the line below (see ``furniture``).
BREADCRUMB = lazy_compile(
    r"当前位置|您的位置|您现在的位置|现在位置|首页\s*[>＞»]|Home\s*[>»]|You are here"
)
_TITLE_WORDS = lazy_compile(r"报告|Report|REPORT|report")


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


# A line is asked about as ``nxt``, then again as ``prev`` when it starts a block: the answer
# is kept for the last few lines (the heading grammar was a third of reading a long file).
_heading = lru_cache(maxsize=4)(looks_like_heading)


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
    if _heading(nxt) or nxt.startswith("——"):
        return False
    if prev[-1] in BRACKET_OPENERS:
        return True
    if pieces == 1 and _heading(prev):
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


def line_continues(prev: str, last_piece: str, pieces: int, total: int, nxt: str, *,
                   t: IngestTuning) -> bool:
    """Whether line ``nxt`` continues a paragraph of a file that puts one paragraph on a line
    (see ``_joins``): how a Markdown paragraph of Chinese lines is read, since such files do
    not leave blank lines between paragraphs."""
    return _joins(prev, last_piece, pieces, total, nxt, blank_separated=False, t=t)


def _separator(prev: str, nxt: str) -> str:
    """'' between CJK pieces and around "M"+"2"; a space inside English prose."""
    last_word = prev.split()[-1]
    if last_word.isascii() and nxt[0].isascii() and nxt[0].isalnum() and " " in prev.strip():
        return " "
    return ""


def text_blocks(lines: Sequence[str], *, t: IngestTuning) -> list[Block]:
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
        # A line of zero-width spaces is a paragraph break after a full stop (cn-gwr/2017
        # separates paragraphs so) and a scraping break inside a sentence.
        if not line.strip(_ZW) and (not line or not pieces or ends_sentence(pieces[-1])):
            close()
            continue
        if is_row(line):
            # A tab-separated line is a table row (as a spreadsheet or a PDF reader writes one):
            # a block of its own, never joined to the prose around it.
            close()
            blocks.append(Block(line, number))
            continue
        if pieces:
            prev = "".join(pieces[-2:])
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


def split_glued(blocks: list[Block], t: IngestTuning) -> list[Block]:
    """``blocks`` with each heading glued to the end of a paragraph set on a block of its own."""
    out: list[Block] = []
    for i, b in enumerate(blocks):
        cut = None if b.hint else glued_heading(b.text)
        if cut is None or not _prose_follows(blocks, i, t.heading_run_max - 1):
            out.append(b)
            continue
        line = b.line
        for off, _, ln in b.starts:
            if off <= cut:
                line = ln
        out.append(replace(b, text=b.text[:cut], starts=tuple(s for s in b.starts if s[0] < cut)))
        tail = tuple((off - cut, pg, ln) for off, pg, ln in b.starts if off > cut)
        out.append(Block(b.text[cut:], line, page=b.page, starts=tail))
    return out


def _prose_follows(blocks: Sequence[Block], i: int, short: int) -> bool:
    """Whether a paragraph of prose follows block ``i`` after at most ``short`` short lines (a
    sub-heading), furniture aside: a heading stands alone, a table caption heads short rows."""
    for b in blocks[i + 1 :]:
        if furniture_line(b.text):
            continue
        if not short_line(b.text):
            return not b.hint and not looks_like_heading(b.text)
        short -= 1
        if short < 0:
            return False
    return False
