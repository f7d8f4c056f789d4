"""Split a document's blocks into sections by its headings.

Public API: split_sections, section_tree, heading_title.

Headings are found by their ordinal grammar (``textkit.headings``: ``一、`` / ``（一）`` / ``1.`` /
``（1）`` / ``第一章``, English ``PART I`` / ``1.1`` / ALL-CAPS lines), not by markup: the same
report scraped as plain text and as HTML must give the same sections. Levels come from a stack of
the kinds in order of appearance, so a report that starts at ``（一）`` still has level 1; a kind
already open closes everything below it. A candidate whose ordinal does not continue its sequence
(``1.`` then ``2.``) is body text: this is what keeps ``2.5`` fragments, ``2019、2020年`` or a stray
``3、`` out of the outline.

English reports also set headings as lines with no ordinal: ALL-CAPS lines and short title-case
lines (``Tax Competitiveness``). These layout kinds count only where the line stands alone between
paragraphs: a run of short lines longer than a heading and its first sub-heading
(``SectionTuning.heading_run_max``) is a table or a list, and a layout heading that owns no text
and opens nothing (an order-paper title between the Speaker's chair and the next part) is taken
back. A title-case line with no text of its own above another one heads a group (``Individual
Taxes`` over ``Estate Duty``), as does one worded in parallel with the group before it. Transcript
and page furniture (``textkit.headings.furniture_line``) and a heading line repeated right below
itself are never headings.

Markup hints (``<h2>``, ``##``) decide when the grammar finds nothing, or when the markup marks
more headings the grammar does not read than the grammar reads numbered lines outside the markup
(which are then list items): only marked blocks are headings; one that names a division (``##
Section II``) keeps its grammar and opens a level above the rest of its markup level, ALL-CAPS and
group headings half a level above the others (not a heading of one word that running text also
spells in capitals: ``## ASEAN``).

A laid-out source (a PDF: its blocks carry pages) is the exception to grammar first: its reader saw
the type, so its hints (a level from display type or the contents; -1 for a list item that only
looks like a heading) and the numbered grammar work in one stack (``_laid_out``). A table row
(``textkit.tables``) is never a heading.

A document with no heading at all (a two-paragraph resolution) is split into one level-1 unit per
paragraph, titled by its first sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from compare.models import Block, Section, Start
from compare.textkit.chars import ZERO_WIDTH
from compare.textkit.headings import (
    HeadingMatch,
    caps_line,
    furniture_line,
    match_heading,
    parallel_titles,
    prose_acronyms,
    short_line,
    titled_line,
)
from compare.textkit.sentences import SALUTATION_ENDS, first_sentence
from compare.textkit.tables import is_row
from compare.tuning import DEFAULT, SectionTuning

__all__ = ["heading_title", "section_tree", "split_sections"]

# A hinted block ending like a salutation ("各位代表！", "Dear members:") is not a heading even in
# <h5>: the government site marks up its salutations that way.
_SALUTATION_END = SALUTATION_ENDS
# Kinds with no ordinal: titled by their whole line. Layout kinds are the ones guessed from how a
# line looks and stands (ALL CAPS, title case), never from markup or numbering.
_UNNUMBERED = ("hint", "caps", "line")
_LAYOUT = ("caps", "line")
# Ranks of a title-case line: a group heading (no text of its own, sub-headings follow) above a
# member line; a member line opens below an open group, else beside the earlier lines.
_LINE_GROUP = 1
_LINE_MEMBER = 2
# Headings that name a division of the document: in a file that marks every heading at one level,
# they still hold the others ("## Section I" over "## The Economy in 1980-84").
_DIVISIONS = frozenset(("part", "chapter", "section", "第章", "第节", "第部分", "第篇", "第编"))
# The readings a block offers the outline, in order of preference (empty: not a heading).
Kinds = tuple[HeadingMatch, ...]


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
    blocks: Sequence[Block], kinds: Sequence[Kinds], gap: int
) -> list[tuple[int, int, str, str]]:
    """(block index, level, path, title) of each accepted heading, in reading order. Each block
    offers its readings in order of preference; the first that fits the outline is taken."""
    stack: list[_Open] = []
    root = _Open("root", 0, None, "")
    out = []
    for i, alternatives in enumerate(kinds):
        for hm in alternatives:
            placed = _place(stack, hm, gap)
            if placed is not None:
                break
        else:
            continue
        pos, ordinal = placed
        del stack[pos:]
        parent = stack[-1] if stack else root
        parent.children += 1
        path = f"{parent.path}/{parent.children}" if parent.path else str(parent.children)
        stack.append(_Open(hm.kind, hm.rank, ordinal, path))
        text = blocks[i].text
        title = text if hm.kind in _UNNUMBERED else heading_title(text, hm)
        out.append((i, len(stack), path, title))
    return out


def _skipped(blocks: Sequence[Block]) -> list[bool]:
    """Blocks that never head a section and do not count as text between two headings:
    transcript and page furniture, and a heading line repeated right below itself."""
    return [
        furniture_line(b.text) or i > 0 and not b.hint and b.text == blocks[i - 1].text
        for i, b in enumerate(blocks)
    ]


def _next(skipped: Sequence[bool], i: int) -> int | None:
    """Index of the first block after ``i`` that is not skipped."""
    for j in range(i + 1, len(skipped)):
        if not skipped[j]:
            return j
    return None


def _grammar(
    blocks: Sequence[Block], skipped: Sequence[bool], tuning: SectionTuning
) -> list[HeadingMatch | None]:
    """What the heading grammar reads in each block; layout kinds (ALL-CAPS and title-case lines
    with no ordinal) only where the line stands alone between paragraphs."""
    found: list[HeadingMatch | None] = []
    for b, skip in zip(blocks, skipped, strict=True):
        skip = skip or is_row(b.text)
        hm = None if skip else match_heading(b.text)
        if hm is None and not skip and titled_line(b.text):
            hm = HeadingMatch("line", _LINE_MEMBER, None, 0)
        if hm is not None and hm.kind in _LAYOUT and b.starts:
            hm = None  # a heading is one line, never a wrapped paragraph
        found.append(hm)
    _stand_alone(blocks, skipped, found, tuning)
    for i, hm in enumerate(found):
        if hm is not None and hm.kind == "line":
            j = _next(skipped, i)
            # A title-case line before a line that carries on its sentence in lower case is a
            # sentence cut in two, not a heading.
            if j is not None and blocks[j].text[:1].islower():
                found[i] = None
    _group(blocks, skipped, found, "line", lambda hm: hm.rank == _LINE_MEMBER, _LINE_GROUP)
    return found


def _stand_alone(
    blocks: Sequence[Block],
    skipped: Sequence[bool],
    found: list[HeadingMatch | None],
    tuning: SectionTuning,
) -> None:
    """Drop layout kinds that do not stand alone: a run of short lines longer than a heading and
    its first sub-heading is a table or a list. A table that ends in a figure may be followed
    at once by a heading and its paragraph: the layout lines after the run's last figure and
    right before the paragraph keep their reading."""
    run: list[int] = []
    # Numbered headings are structure whatever their length: they neither count nor end a run.
    seen = (k for k, skip in enumerate(skipped) if not skip and not _numbered(found[k]))
    for i in [*seen, None]:
        if i is not None and short_line(blocks[i].text):
            run.append(i)
            continue
        if i is None:
            # Short lines closing the document (a signature, "Thank you") head nothing.
            for k in run:
                if found[k] is not None and found[k].kind == "line":  # type: ignore[union-attr]
                    found[k] = None
        if len(run) > tuning.heading_run_max:
            tail = len(run)
            while tail > 0 and _layout(found[run[tail - 1]]):
                tail -= 1
            figure = tail > 0 and any(c.isdigit() for c in blocks[run[tail - 1]].text)
            keep = i is not None and figure and len(run) - tail <= tuning.heading_run_max
            for k in run[: tail] if keep else run:
                if _layout(found[k]):
                    found[k] = None
        run = []


def _layout(hm: HeadingMatch | None) -> bool:
    return hm is not None and hm.kind in _LAYOUT


def _numbered(hm: HeadingMatch | None) -> bool:
    return hm is not None and hm.ordinal is not None


def _group(
    blocks: Sequence[Block],
    skipped: Sequence[bool],
    found: list[HeadingMatch | None],
    kind: str,
    member: Callable[[HeadingMatch], bool],
    group_rank: Callable[[HeadingMatch], int] | int,
) -> None:
    """Give group rank to the headings of ``kind`` that head a group: those with no text of their
    own (the next block is another heading of ``kind``) and those worded in parallel with the
    group heading before them (TAX CHANGES FOR COMPANIES, Tax Changes for Individuals)."""
    last_group = ""
    for i, hm in enumerate(found):
        if hm is None or hm.kind != kind:
            continue
        if not member(hm):
            last_group = blocks[i].text
            continue
        j = _next(skipped, i)
        nxt = found[j] if j is not None else None
        heads = nxt is not None and nxt.kind == kind and nxt.rank >= hm.rank
        if heads or last_group and parallel_titles(last_group, blocks[i].text):
            rank = group_rank if isinstance(group_rank, int) else group_rank(hm)
            found[i] = HeadingMatch(kind, rank, None, 0)
            last_group = blocks[i].text


def _marked(
    blocks: Sequence[Block], skipped: Sequence[bool], grammar: Sequence[HeadingMatch | None]
) -> list[Kinds]:
    """Readings of a document that marks its headings up (``##``, ``<h2>``): only marked blocks
    are headings. One that names a division (``## Section II``, ``## 第一章``) keeps its grammar
    and so opens a level above the others of its markup level; the others take the markup level,
    ALL-CAPS and group headings half a level above the rest of that markup level."""
    hints: list[HeadingMatch | None] = []
    spelt = prose_acronyms(b.text for b in blocks if b.hint <= 0)
    for b, skip in zip(blocks, skipped, strict=True):
        if b.hint <= 0 or skip or _salutation(b.text):
            hints.append(None)
        else:
            # "## ASEAN" in a file of title-case headings is in capitals by spelling.
            top = (caps_line(b.text) or b.text.upper() == b.text) and b.text.strip() not in spelt
            hints.append(HeadingMatch("hint", 2 * b.hint + (0 if top else 1), None, 0))
    _group(blocks, skipped, hints, "hint", lambda hm: hm.rank % 2 == 1, lambda hm: hm.rank - 1)
    out: list[Kinds] = []
    for hm, g in zip(hints, grammar, strict=True):
        if hm is None:
            out.append(())
        elif g is not None and g.kind in _DIVISIONS:
            out.append((g, hm))
        else:
            out.append((hm,))
    return out


def _drop_empty(
    blocks: Sequence[Block],
    skipped: Sequence[bool],
    kinds: list[Kinds],
    outline: list[tuple[int, int, str, str]],
) -> bool:
    """Take back layout headings that own no text and open no sub-section (an order-paper title
    between the Speaker's chair and the next part); True when any was taken back."""
    dropped = False
    for (i, level, *_), (j, next_level, *_) in zip(outline, outline[1:], strict=False):
        if kinds[i] and kinds[i][0].kind in _LAYOUT and next_level <= level and all(
            skipped[i + 1 : j]
        ):
            kinds[i] = ()
            dropped = True
    return dropped


def _hints(blocks: Sequence[Block]) -> list[HeadingMatch | None]:
    return [
        HeadingMatch("hint", b.hint, None, 0) if b.hint > 0 and not _salutation(b.text) else None
        for b in blocks
    ]


def _laid_out(blocks: Sequence[Block]) -> list[Kinds]:
    """Headings of a laid-out source (a PDF): the reader's hints where it set them (a level from
    display type or the contents; -1 for a list item that only looks like a heading), the
    numbered grammar elsewhere, both in one stack so a numbered heading sits below a display one."""
    out: list[Kinds] = []
    for b in blocks:
        if b.hint > 0:
            out.append((HeadingMatch("hint", b.hint, None, 0),))
        elif b.hint < 0 or is_row(b.text):
            out.append(())
        else:
            hm = match_heading(b.text)
            out.append((hm,) if hm is not None else ())
    return out


def split_sections(
    blocks: Sequence[Block], *, tuning: SectionTuning = DEFAULT.sections
) -> tuple[Section, ...]:
    """Sections of ``blocks`` in reading order: preamble "0", then each heading and its text."""
    if not blocks:
        return ()
    gap = tuning.heading_ordinal_gap
    if any(b.page for b in blocks):
        return _split(blocks, _outline(blocks, _laid_out(blocks), gap))
    skipped = _skipped(blocks)
    grammar = _grammar(blocks, skipped, tuning)
    kinds: list[Kinds] = [(hm,) if hm is not None else () for hm in grammar]
    outline = _outline(blocks, kinds, gap)
    read = {i for i, *_ in outline if _numbered(kinds[i][0])}
    hinted_idx = {i for i, hm in enumerate(_hints(blocks)) if hm is not None and not skipped[i]}
    # The markup decides when it marks headings the numbered grammar does not read, more of them
    # than the numbered lines the grammar reads outside the markup (list items, in such a file).
    numbered = sum(1 for i in read if blocks[i].hint <= 0)
    if hinted_idx and (not outline or numbered < len(hinted_idx - read)):
        kinds = _marked(blocks, skipped, grammar)
        outline = _outline(blocks, kinds, gap)
    else:
        for _ in range(tuning.empty_heading_passes):
            if not _drop_empty(blocks, skipped, kinds, outline):
                break
            outline = _outline(blocks, kinds, gap)
    return _split(blocks, outline)


def _split(
    blocks: Sequence[Block], outline: list[tuple[int, int, str, str]]
) -> tuple[Section, ...]:
    """The sections an outline cuts ``blocks`` into (one per paragraph when there is none)."""
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
