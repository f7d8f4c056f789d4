"""Split a document's blocks into sections by its headings.

Public API: split_sections, section_tree, heading_title.

Headings are found by their ordinal grammar (``textkit.headings``: ``一、`` / ``（一）`` / ``1.`` /
``（1）`` / ``第一章``, English ``PART I`` / ``1.1`` / ALL-CAPS lines), not by markup: the same
report scraped as plain text and as HTML must give the same sections. Markup hints (``<h2>``,
``##``) are used only when the grammar finds nothing, or when every grammar heading is itself marked
up (a Markdown file that also has unnumbered headings). Levels come from a stack of the kinds in
order of appearance, so a report that starts at ``（一）`` still has level 1; a kind already open
closes everything below it. A candidate whose ordinal does not continue its sequence (``1.`` then
``2.``) is body text: this is what keeps ``2.5`` fragments, ``2019、2020年`` or a stray ``3、`` out
of the outline.

A document with no heading at all (a two-paragraph resolution) is split into one level-1 unit per
paragraph, titled by its first sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from compare.models import Block, Section, Start
from compare.textkit.chars import ZERO_WIDTH
from compare.textkit.headings import HeadingMatch, match_heading
from compare.textkit.sentences import SALUTATION_ENDS, first_sentence
from compare.tuning import DEFAULT, SectionTuning

__all__ = ["heading_title", "section_tree", "split_sections"]

# A hinted block ending like a salutation ("各位代表！", "Dear members:") is not a heading even in
# <h5>: the government site marks up its salutations that way.
_SALUTATION_END = SALUTATION_ENDS


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


def _place(
    stack: list[_Open], hm: HeadingMatch, gap: int
) -> tuple[int, tuple[int, ...] | None] | None:
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
    if expected is None or not expected <= hm.ordinal[-1] <= expected + gap:
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
    blocks: Sequence[Block], kinds: Sequence[HeadingMatch | None], gap: int
) -> list[tuple[int, int, str, str]]:
    """(block index, level, path, title) of each accepted heading, in reading order."""
    stack: list[_Open] = []
    root = _Open("root", 0, None, "")
    out = []
    for i, hm in enumerate(kinds):
        if hm is None:
            continue
        placed = _place(stack, hm, gap)
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


def split_sections(
    blocks: Sequence[Block], *, tuning: SectionTuning = DEFAULT.sections
) -> tuple[Section, ...]:
    """Sections of ``blocks`` in reading order: preamble "0", then each heading and its text."""
    if not blocks:
        return ()
    gap = tuning.heading_ordinal_gap
    outline = _outline(blocks, _grammar(blocks), gap)
    hinted = _hints(blocks)
    heading_idx = {i for i, *_ in outline}
    hinted_idx = {i for i, hm in enumerate(hinted) if hm is not None}
    if hinted_idx and (not outline or (heading_idx <= {
        i for i, b in enumerate(blocks) if b.hint} and hinted_idx - heading_idx)):
        outline = _outline(blocks, hinted, gap)
    if not outline:
        return tuple(
            _section(str(n), 1, first_sentence(b.text), [b]) for n, b in enumerate(blocks, 1)
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
        page=own[0].page,
        starts=_starts(own),
    )


def _starts(own: Sequence[Block]) -> tuple[Start, ...]:
    """Where each block and wrapped piece starts in the section's text; empty when the blocks'
    own lines say it all (one source line each, no pages)."""
    if not any(b.starts or b.page for b in own):
        return ()
    out: list[Start] = []
    at = 0
    for b in own:
        out.append((at, b.page, b.line))
        out.extend((at + off, page, line) for off, page, line in b.starts)
        at += len(b.text) + 1
    return tuple(out)


def section_tree(sections: Sequence[Section]) -> dict[str | None, list[Section]]:
    """Children of each section path (None for the top level), in reading order."""
    tree: dict[str | None, list[Section]] = {}
    for s in sections:
        tree.setdefault(s.parent, []).append(s)
    return tree
