"""Split a document's blocks into sections by its headings.

Public API: split_sections, section_tree, heading_title, first_sentence, items, match_heading,
looks_like_heading, HeadingMatch.

Headings are found by their ordinal grammar (``一、`` / ``（一）`` / ``1.`` / ``（1）`` /
``第一章``, English ``PART I`` / ``1.1`` / ALL-CAPS lines), not by markup: the same report
scraped as plain text and as HTML must give the same sections. Markup hints (``<h2>``, ``##``)
are used only when the grammar finds nothing, or when every grammar heading is itself marked up
(a Markdown file that also has unnumbered headings). Levels come from a stack of the kinds in
order of appearance, so a report that starts at ``（一）`` still has level 1; a kind already open
closes everything below it.
A candidate whose ordinal does not continue its sequence (``1.`` then ``2.``) is body text: this is
what keeps ``2.5`` fragments, ``2019、2020年`` or a stray ``3、`` out of the outline.

A document with no heading at all (a two-paragraph resolution) is split into one level-1 unit per
paragraph, titled by its first sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from compare.models import Block, Section
from compare.textkit.chars import ZERO_WIDTH
from compare.tuning import (
    CAPS_HEADING_MAX_CHARS,
    CAPS_HEADING_MIN_LETTERS,
    HEADING_ORDINAL_GAP,
)

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CN_NUM = "一二三四五六七八九十百零〇"
_AR = "0-9０-９"

_CHAPTER_RE = re.compile(rf"第([{_CN_NUM}{_AR}]+)(章|节|部分|篇|编)")
_DUN_RE = re.compile(rf"([{_CN_NUM}]+)[、．](?![{_CN_NUM}、])")
_CN_PAREN_RE = re.compile(rf"[（(]([{_CN_NUM}]+)[）)]")
_AR_PAREN_RE = re.compile(rf"[（(]([{_AR}]{{1,2}})[）)]")
# "1." "1、" "1．" + text, or "1.1" / "1.1." / "1 " + space; never "1.5万" (digit after the dot).
_DEC_RE = re.compile(
    rf"([{_AR}]{{1,2}}(?:[.．][{_AR}]{{1,2}})*)(?:[.．、](?![{_AR}])\s*|\s+)(?=\S)"
)
_PART_RE = re.compile(
    r"(PART|Part|CHAPTER|Chapter|SECTION|Section)\s+([IVXLCDM]+|[0-9]+|[A-Z][a-z]+)\b"
)
_CAPS_RE = re.compile(r"[A-Z0-9][A-Z0-9 ,&'’:/()\-–—.]*")
_WORD_NUMBERS = {
    w: i + 1
    for i, w in enumerate(
        re.findall(
            r"\w+",
            "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen seventeen eighteen nineteen twenty",
        )
    )
}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
# A hinted block ending like a salutation ("各位代表！", "Dear members:") is not a heading even in
# <h5>: the government site marks up its salutations that way.
_SALUTATION_END = "！!：:"
_ITEM_RE = re.compile(r"([一二三四五六七八九十]+)是")
_ITEM_BEFORE = set("。；;：:，,、！？!?“\"(（—")


@dataclass(frozen=True)
class HeadingMatch:
    """What the grammar sees at the start of a block: kind, rank in its family, ordinal."""

    kind: str  # "dun" (一、), "cn_paren" (（一）), "ar_paren" ((1)), "dec", "第章", "part", ...
    rank: int  # depth within a ranked family (1.1 -> 2, "##" -> 2); 0 for unranked kinds
    ordinal: tuple[int, ...] | None  # None when the kind has no numbering (ALL CAPS, markup)
    marker_end: int  # offset just past the ordinal marker


def _ascii_digits(s: str) -> str:
    return "".join(chr(ord(c) - 0xFEE0) if "０" <= c <= "９" else c for c in s)


def _cn_number(s: str) -> int | None:
    """Value of a Chinese (or Arabic) numeral such as 十二 / 二十一 / 一百零五 / 12."""
    digits = _ascii_digits(s)
    if digits.isdigit():
        return int(digits)
    total, current = 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current or None


def _roman_or_word(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    if s.lower() in _WORD_NUMBERS:
        return _WORD_NUMBERS[s.lower()]
    if all(c in _ROMAN for c in s):
        values = [_ROMAN[c] for c in s]
        return sum(-v if i + 1 < len(values) and v < values[i + 1] else v
                   for i, v in enumerate(values))
    return None


def match_heading(text: str) -> HeadingMatch | None:
    """The heading grammar matched at the start of ``text``, or None (no sequence check here)."""
    m = _CHAPTER_RE.match(text)
    if m:
        n = _cn_number(m.group(1))
        return HeadingMatch("第" + m.group(2), 0, (n,) if n else None, m.end()) if n else None
    m = _DUN_RE.match(text)
    if m:
        n = _cn_number(m.group(1))
        return HeadingMatch("dun", 0, (n,), m.end()) if n else None
    m = _CN_PAREN_RE.match(text)
    if m:
        n = _cn_number(m.group(1))
        return HeadingMatch("cn_paren", 0, (n,), m.end()) if n else None
    m = _AR_PAREN_RE.match(text)
    if m:
        return HeadingMatch("ar_paren", 0, (int(_ascii_digits(m.group(1))),), m.end())
    m = _DEC_RE.match(text)
    if m and len(text) > m.end():
        nums = tuple(int(p) for p in re.split("[.．]", _ascii_digits(m.group(1))))
        nxt = text[m.end()]
        spaced = text[len(m.group(1))].isspace()
        # "3 million", "3.5 per cent": a bare number before a lower-case word is prose.
        if not (spaced and (nxt.islower() or len(nums) == 1 and not nxt.isupper())):
            return HeadingMatch("dec", len(nums), nums, m.end())
    m = _PART_RE.match(text)
    if m:
        n = _roman_or_word(m.group(2))
        if n:
            return HeadingMatch(m.group(1).lower(), 0, (n,), m.end())
    if (
        len(text) <= CAPS_HEADING_MAX_CHARS
        and _CAPS_RE.fullmatch(text)
        and sum(c.isalpha() for c in text) >= CAPS_HEADING_MIN_LETTERS
    ):
        return HeadingMatch("caps", 0, None, 0)
    return None


def looks_like_heading(text: str) -> bool:
    """True when ``text`` starts with a heading ordinal (used by ingest not to join lines)."""
    hm = match_heading(text)
    return hm is not None and hm.kind != "caps"


def first_sentence(text: str, start: int = 0) -> str:
    """``text`` up to and including its first 。 or ；(or ". " in English) after ``start``."""
    ends = [i for i in (text.find("。", start), text.find("；", start)) if i >= 0]
    dot = text.find(". ", start)
    if dot >= 0:
        ends.append(dot)
    return text[: min(ends) + 1] if ends else text


def heading_title(text: str, match: HeadingMatch | None = None) -> str:
    """The title of a heading block per CONTRACT.md: the line, or the run-on part to its 。."""
    start = match.marker_end if match is not None else 0
    return first_sentence(text, start)


@dataclass
class _Open:
    kind: str
    rank: int
    ordinal: tuple[int, ...] | None
    path: str
    children: int = 0


def _place(stack: list[_Open], hm: HeadingMatch) -> tuple[int, tuple[int, ...] | None] | None:
    """Stack position for a heading and the ordinal expected there; None if implausible."""
    pos = 0
    for pos, entry in enumerate(stack):  # noqa: B007 - pos is used after the loop
        if entry.kind == hm.kind and entry.rank == hm.rank:
            expected = None if entry.ordinal is None else entry.ordinal[-1] + 1
            break
        if hm.rank and entry.kind == hm.kind and entry.rank > hm.rank:
            expected = 1
            break
    else:
        pos, expected = len(stack), 1
    if hm.ordinal is None:
        return pos, None
    if expected is None or not expected <= hm.ordinal[-1] <= expected + HEADING_ORDINAL_GAP:
        return None
    if hm.kind == "dec" and len(hm.ordinal) > 1:
        # 1.2 belongs under an open 1; a "3.5 Million" with no open 3 is not a heading.
        parents = [e for e in stack[:pos] if e.kind == "dec" and e.rank == hm.rank - 1]
        if not parents or parents[-1].ordinal != hm.ordinal[:-1]:
            return None
    return pos, hm.ordinal


def _salutation(text: str) -> bool:
    stripped = text.rstrip("".join(ZERO_WIDTH))
    return not stripped or stripped[-1] in _SALUTATION_END


def _outline(
    blocks: Sequence[Block], kinds: Sequence[HeadingMatch | None]
) -> list[tuple[int, int, str, str]]:
    """(block index, level, path, title) of each accepted heading, in reading order."""
    stack: list[_Open] = []
    root = _Open("root", 0, None, "")
    out = []
    for i, hm in enumerate(kinds):
        if hm is None:
            continue
        placed = _place(stack, hm)
        if placed is None:
            continue
        pos, ordinal = placed
        del stack[pos:]
        parent = stack[-1] if stack else root
        parent.children += 1
        path = f"{parent.path}/{parent.children}" if parent.path else str(parent.children)
        stack.append(_Open(hm.kind, hm.rank, ordinal, path))
        text = blocks[i].text
        title = text if hm.kind in ("hint", "caps") else heading_title(text, hm)
        out.append((i, len(stack), path, title))
    return out


def _grammar(blocks: Sequence[Block]) -> list[HeadingMatch | None]:
    return [match_heading(b.text) for b in blocks]


def _hints(blocks: Sequence[Block]) -> list[HeadingMatch | None]:
    return [
        HeadingMatch("hint", b.hint, None, 0) if b.hint and not _salutation(b.text) else None
        for b in blocks
    ]


def split_sections(blocks: Sequence[Block]) -> tuple[Section, ...]:
    """Sections of ``blocks`` in reading order: preamble "0", then each heading and its text."""
    if not blocks:
        return ()
    outline = _outline(blocks, _grammar(blocks))
    hinted = _hints(blocks)
    heading_idx = {i for i, *_ in outline}
    hinted_idx = {i for i, hm in enumerate(hinted) if hm is not None}
    if hinted_idx and (not outline or (heading_idx <= {
        i for i, b in enumerate(blocks) if b.hint} and hinted_idx - heading_idx)):
        outline = _outline(blocks, hinted)
    if not outline:
        return tuple(
            Section(str(n), 1, first_sentence(b.text), b.text, b.line, (b.line,))
            for n, b in enumerate(blocks, 1)
        )
    sections = []
    starts = [i for i, *_ in outline] + [len(blocks)]
    if starts[0] > 0:
        own = blocks[: starts[0]]
        sections.append(_section("0", 0, "", own))
    for (i, level, path, title), end in zip(outline, starts[1:], strict=True):
        sections.append(_section(path, level, title, blocks[i:end]))
    return tuple(sections)


def _section(path: str, level: int, title: str, own: Sequence[Block]) -> Section:
    return Section(
        path=path,
        level=level,
        title=title,
        text="\n".join(b.text for b in own),
        line=own[0].line,
        lines=tuple(b.line for b in own),
    )


def section_tree(sections: Sequence[Section]) -> dict[str | None, list[Section]]:
    """Children of each section path (None for the top level), in reading order."""
    tree: dict[str | None, list[Section]] = {}
    for s in sections:
        tree.setdefault(s.parent, []).append(s)
    return tree


def items(text: str) -> list[tuple[int, int]]:
    """Character spans of the 一是/二是/… items in ``text``, each up to the next (or line end).

    A sequence must start at 一是 and count up; 统一是 or a lone 三是 is not an item.
    """
    starts: list[int] = []
    expected = 1
    for m in _ITEM_RE.finditer(text):
        before = text[m.start() - 1] if m.start() else "\n"
        if not (before.isspace() or before in _ITEM_BEFORE):
            continue
        n = _cn_number(m.group(1))
        if n == 1:
            expected = 1
        if n != expected:
            continue
        starts.append(m.start())
        expected += 1
    spans = []
    for k, start in enumerate(starts):
        line_end = text.find("\n", start)
        end = len(text) if line_end < 0 else line_end
        if k + 1 < len(starts) and starts[k + 1] < end:
            end = starts[k + 1]
        spans.append((start, end))
    return spans
