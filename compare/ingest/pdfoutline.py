"""The outline of a laid-out report: its table of contents and which body lines are headings.

Public API: Entry, PageLine, is_contents_heading, is_contents_line, contents_entries,
match_contents, run_on_hint, is_page_number.

A PDF's contents page names the chapters and the tables in order, with their levels shown by
indentation or by their ordinals; the body then prints each chapter title in display type, often
with other words (``一、部门主要职能`` in the contents, ``…万里街道办事处（部门）主要职能`` in the
body). ``match_contents`` pairs the two in order, so a heading gets the level the contents gives
it. ``run_on_hint`` tells a heading that runs on into its paragraph (``1. 标题。`` in bold, then
the text) from a list item set in body type (``一、加强党的建设。落实…``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from compare.textkit.chars import fold
from compare.textkit.headings import HeadingMatch, mask_title, match_heading
from compare.textkit.lazyre import lazy_compile
from compare.textkit.sentences import first_sentence

__all__ = [
    "Entry",
    "PageLine",
    "contents_entries",
    "is_contents_heading",
    "is_contents_line",
    "is_page_number",
    "match_contents",
    "run_on_hint",
]

_CONTENTS_TITLES = frozenset(("目录", "目次", "contents", "tableofcontents"))
# Leader dots between a contents title and its page number: three or more of any dot-like mark.
_LEADER = lazy_compile(r"\s*[.…·．・‥⋯•_\-—]{3,}[.…·．・‥⋯•_\-—\s]*")
_PAGE_REF = lazy_compile(r"\s*[（(]?\s*(?:\d{1,4}|[ivxlcdm]{1,6})\s*[）)]?\s*$", re.IGNORECASE)
_PAGE_NUMBER = lazy_compile(
    r"[\s\-–—─－·•_]*(?:第\s*)?(?:\d{1,4}|[ivxlcdm]{1,6})(?:\s*页)?(?:\s*[/／]\s*\d+|\s*共\s*\d+\s*页)?"
    r"[\s\-–—─－·•_]*|(?:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?",
    re.IGNORECASE,
)


_LABEL_NUMBER = lazy_compile(
    r"(?:附?表|图|Table|Figure)\s*([一二三四五六七八九十百零〇](?:\s?[一二三四五六七八九十百零〇])*|[0-9]+)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PageLine:
    """Where a line stands: its page and its 1-based line on the page, with its left edge."""

    text: str
    page: int
    line: int
    x0: float
    size: float


@dataclass(frozen=True)
class Entry:
    """One entry of a table of contents."""

    text: str  # the title as written, leader dots and page number removed
    level: int  # 1 for the top entries
    page: int  # where the entry stands on the contents page
    line: int


def is_contents_heading(text: str) -> bool:
    """Whether a line is the heading of a table of contents (目录, 目 录, Contents)."""
    return re.sub(r"\s+", "", fold(text)).lower() in _CONTENTS_TITLES


def is_page_number(text: str) -> bool:
    """Whether a line is only a page number (``- 3 -``, ``─ 12 ─``, ``第 4 页``, ``Page 2``)."""
    return bool(_PAGE_NUMBER.fullmatch(fold(text).strip())) and any(c.isalnum() for c in text)


def _split_entry(text: str) -> tuple[str, bool]:
    """An entry line's title, and whether leader dots or a page number closed it."""
    m = _LEADER.search(text)
    if m:
        return text[: m.start()].strip(), True
    ref = _PAGE_REF.search(text)
    if ref and ref.start() > 0 and text[ref.start() - 1].isspace():
        return text[: ref.start()].strip(), True
    return text.strip(), False


def is_contents_line(text: str) -> bool:
    """Whether a line reads like a contents entry: leader dots, or a title and a page number."""
    m = _LEADER.search(text)
    if m:
        return True
    ref = _PAGE_REF.search(text)
    return bool(ref and ref.start() > 0 and text[ref.start() - 1].isspace())


def contents_entries(lines: Sequence[PageLine]) -> list[Entry]:
    """The entries of the contents lines (its heading excluded), levels from indentation where
    it varies, else from the ordinals: the first kind seen is level 1, anything else level 2.

    A title that wraps leaves its leader dots and page number on the next line, itself indented:
    that line finishes the entry above it.
    """
    raw: list[list] = []  # [text, x0, page, line, closed, size]
    for pl in lines:
        title, closed = _split_entry(pl.text)
        pending = raw[-1] if raw and not raw[-1][4] else None
        if pending is not None and pl.x0 > pending[1] + pl.size:
            pending[0] = (pending[0] + title) if title else pending[0]
            pending[4] = closed
            continue
        if not title:
            continue
        raw.append([title, pl.x0, pl.page, pl.line, closed, pl.size])
    if not raw:
        return []
    em = max(r[5] for r in raw) or 1.0
    edges: list[float] = []
    for x0 in sorted({r[1] for r in raw}):
        if not edges or x0 - edges[-1] > em:
            edges.append(x0)
    levels: list[int]
    if len(edges) > 1:
        levels = [1 + max(k for k, e in enumerate(edges) if r[1] >= e - em / 2) for r in raw]
    else:
        kinds = [match_heading(fold(r[0])) for r in raw]
        top = next((k for k in kinds if k is not None), None)
        levels = [
            1 if top is not None and k is not None and (k.kind, k.rank) == (top.kind, top.rank)
            else 2
            for k in kinds
        ]
        if top is None:
            levels = [1] * len(raw)
    return [Entry(r[0], lv, r[2], r[3]) for r, lv in zip(raw, levels, strict=True)]


def _similarity(a: str, b: str) -> float:
    """0-100: a contents title against a body title, ordinals and years masked; one held whole
    inside the other counts as the same title."""
    from rapidfuzz import fuzz  # lazy, as in textkit.headings

    la, lb = _LABEL_NUMBER.match(fold(a).strip()), _LABEL_NUMBER.match(fold(b).strip())
    if la and lb and re.sub(r"\s", "", la.group(1)) != re.sub(r"\s", "", lb.group(1)):
        return 0.0  # 表七 is never 表八, however alike their titles
    ma, mb = mask_title(a), mask_title(b)
    if not ma or not mb:
        return 0.0
    short, long_ = (ma, mb) if len(ma) <= len(mb) else (mb, ma)
    if len(short) >= 2 and short in long_:
        return 100.0
    return float(fuzz.ratio(ma, mb))


def match_contents(
    titles: Sequence[str], entries: Sequence[Entry], *, floor: float, window: int = 8
) -> list[int | None]:
    """For each body title in reading order, the index of the contents entry it stands for (the
    best within the next ``window`` unmatched entries, at least ``floor`` alike), or None."""
    out: list[int | None] = []
    at = 0
    for title in titles:
        best, best_score = None, floor
        for k in range(at, min(len(entries), at + window)):
            score = _similarity(entries[k].text, title)
            if score > best_score or (score == 100.0 and best_score < 100.0):
                best, best_score = k, score
        out.append(best)
        if best is not None:
            at = best + 1
    return out


def run_on_hint(
    text: str, first_line: str, lead_end: int, styled_kinds: set[tuple[str, int]] | None = None
) -> tuple[HeadingMatch | None, bool]:
    """For a block of body type that starts with a heading ordinal: the match, and whether its
    title stands apart from the text that runs on after it (set in another weight or size on its
    first line). A block that is its title alone stands apart too.

    With ``styled_kinds`` (the kinds seen styled elsewhere in the document), an unstyled run-on
    block of one of those kinds counts as a heading as well: one report may set its third item
    of a bold series in plain type.
    """
    hm = match_heading(fold(text))
    if hm is None or hm.kind == "caps":
        return hm, False
    title = first_sentence(text, hm.marker_end)
    if len(title) >= len(text.rstrip()):
        return hm, True
    styled = (
        lead_end < len(first_line) and abs(lead_end - len(title)) <= 2
    )
    if styled:
        return hm, True
    return hm, styled_kinds is not None and (hm.kind, hm.rank) in styled_kinds
