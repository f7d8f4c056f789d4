"""Diff rows: a lossless diff cut into hunks of changes with context and folded unchanged gaps,
the unit every rendered view of a diff (page, Markdown, trace) is made of.

Public API: diff_rows, cut_rows, inside, Row, Seg.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from compare.models import TextDiff

__all__ = ["Row", "Seg", "cut_rows", "diff_rows", "inside"]


@dataclass(frozen=True)
class Seg:
    """One opcode's text, cut to what a row shows: ``old`` on the 2018 side, ``new`` on 2019."""

    tag: str
    old: str
    new: str

    @property
    def width_only(self) -> bool:
        """An equal span whose two sides differ in character width only."""
        return self.tag == "equal" and self.old != self.new


@dataclass(frozen=True)
class Row:
    """A hunk (changes with context) or a gap (a folded unchanged run)."""

    kind: str  # hunk | gap
    segs: tuple[Seg, ...]
    old_at: int  # offset in the old text where the row starts
    new_at: int
    old_end: int
    new_end: int

    @property
    def changed(self) -> bool:
        return any(seg.tag != "equal" for seg in self.segs)

    @property
    def hidden(self) -> int:
        """Characters folded away in a gap (the new side's count, which the reader sees)."""
        return sum(len(seg.new) for seg in self.segs)


def _head(text: str, context: int) -> int:
    """How many leading characters of an unchanged run to keep after a change."""
    cut = text.find("\n", 0, context)
    return cut if cut != -1 else min(context, len(text))


def _tail(text: str, context: int) -> int:
    """How many trailing characters of an unchanged run to keep before a change."""
    start = max(0, len(text) - context)
    cut = text.rfind("\n", start)
    return len(text) - cut - 1 if cut != -1 else len(text) - start


def _breaks(text: str) -> list[int]:
    """Offsets just after each line break of ``text``, the end excluded."""
    return [k + 1 for k, ch in enumerate(text) if ch == "\n" and k + 1 < len(text)]


def _pieces(diff: TextDiff, merge_max: int) -> list[tuple[str, int, int, int, int]]:
    """The opcodes with tiny unchanged runs between two changes folded into one replace.

    Character diffs of rewritten prose leave one-character islands (的, ，) between changes;
    reading 「~~abc~~**xyz**的~~def~~**uvw**」 is harder than one replaced clause. No text is lost:
    a merged piece spans the same offsets as the opcodes it replaces.
    """
    ops = list(diff.opcodes)
    tiny = [
        tag == "equal"
        and 0 < k < len(ops) - 1
        and max(i2 - i1, j2 - j1) <= merge_max
        and "\n" not in diff.a[i1:i2]
        and "\n" not in diff.b[j1:j2]
        for k, (tag, i1, i2, j1, j2) in enumerate(ops)
    ]
    out: list[tuple[str, int, int, int, int]] = []
    group: list[tuple[str, int, int, int, int]] = []

    def close() -> None:
        if not group:
            return
        _, i1, _, j1, _ = group[0]
        _, _, i2, _, j2 = group[-1]
        tag = group[0][0] if len(group) == 1 else "replace"
        if tag == "replace" and i1 == i2:
            tag = "insert"
        elif tag == "replace" and j1 == j2:
            tag = "delete"
        out.append((tag, i1, i2, j1, j2))
        group.clear()

    for k, op in enumerate(ops):
        if op[0] == "equal" and not tiny[k]:
            close()
            out.append(op)
        else:
            group.append(op)
    close()
    return out


def diff_rows(diff: TextDiff, *, context: int, collapse_min: int, merge_max: int = 0) -> list[Row]:
    """The diff cut into hunks and folded gaps; every character of both texts is in one row."""
    rows: list[Row] = []
    segs: list[Seg] = []
    at = (0, 0)
    pieces = _pieces(diff, merge_max)
    last = len(pieces) - 1

    def flush(end: tuple[int, int]) -> None:
        nonlocal segs, at
        if segs:
            rows.append(Row("hunk", tuple(segs), at[0], at[1], end[0], end[1]))
        segs, at = [], end

    for k, (tag, i1, i2, j1, j2) in enumerate(pieces):
        old, new = diff.a[i1:i2], diff.b[j1:j2]
        if tag != "equal":
            segs.append(Seg(tag, old, new))
            continue
        head_o = 0 if k == 0 else _head(old, context)
        head_n = 0 if k == 0 else _head(new, context)
        tail_o = 0 if k == last else _tail(old[head_o:], context)
        tail_n = 0 if k == last else _tail(new[head_n:], context)
        mid_o, mid_n = old[head_o : len(old) - tail_o], new[head_n : len(new) - tail_n]
        if max(len(mid_o), len(mid_n)) < collapse_min:
            # A paragraph break shared by both sides ends the row, so the two columns line up
            # paragraph by paragraph even in a section rewritten throughout.
            cuts = list(zip(_breaks(old), _breaks(new), strict=False))
            if old.count("\n") != new.count("\n"):
                cuts = []
            start = (0, 0)
            for cut in cuts:
                segs.append(Seg("equal", old[start[0] : cut[0]], new[start[1] : cut[1]]))
                flush((i1 + cut[0], j1 + cut[1]))
                start = cut
            segs.append(Seg("equal", old[start[0] :], new[start[1] :]))
            continue
        if head_o or head_n:
            segs.append(Seg("equal", old[:head_o], new[:head_n]))
        flush((i1 + head_o, j1 + head_n))
        gap_end = (i2 - tail_o, j2 - tail_n)
        rows.append(Row("gap", (Seg("equal", mid_o, mid_n),), at[0], at[1], *gap_end))
        at = gap_end
        if tail_o or tail_n:
            segs.append(Seg("equal", old[len(old) - tail_o :], new[len(new) - tail_n :]))
    flush((len(diff.a), len(diff.b)))
    return rows



def inside(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether [start, end) lies within one of the spans (an empty range does)."""
    if end <= start:
        return True
    return any(a <= start and end <= b for a, b in spans)


def _split_change(seg: Seg, o: int, n: int, old_spans: Sequence[tuple[int, int]],
                  new_spans: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """Where to cut a changed piece that runs over one edge of a span on one side: the offsets
    into its old and new text, or None. The other side goes whole with the piece that is, like
    it, inside or outside the spans (a table's last figure replaced together with the note
    below the table: the figure stays with the table, the note with the text)."""
    inner_o = [c - o for a, b in old_spans for c in (a, b) if o < c < o + len(seg.old)]
    inner_n = [c - n for a, b in new_spans for c in (a, b) if n < c < n + len(seg.new)]
    if len(inner_o) + len(inner_n) != 1:
        return None
    if inner_o:
        r = inner_o[0]
        first_in = inside(o, o + r, old_spans)
        other_in = bool(seg.new) and inside(n, n + len(seg.new), new_spans)
        return r, (len(seg.new) if other_in == first_in else 0)
    r = inner_n[0]
    first_in = inside(n, n + r, new_spans)
    other_in = bool(seg.old) and inside(o, o + len(seg.old), old_spans)
    return (len(seg.old) if other_in == first_in else 0), r


def _tag(old: str, new: str) -> str:
    return "replace" if old and new else "delete" if old else "insert"


def cut_rows(rows: list[Row], old_spans: Sequence[tuple[int, int]],
             new_spans: Sequence[tuple[int, int]]) -> list[Row]:
    """The rows cut at the edges of the given character spans of either text (the tables of a
    section), so that a row lies inside the spans or outside them: the page shows a table's rows
    in the table and must not show them again as the text around it. An unchanged run is cut
    at the edge itself; a changed piece over one edge is cut there on its side and kept whole on
    the other (``_split_change``). Nothing is lost: the pieces cover the same characters in the
    same order."""
    old_at = frozenset(x for span in old_spans for x in span)
    new_at = frozenset(x for span in new_spans for x in span)
    return [piece for row in rows for piece in _cut_row(row, old_spans, new_spans, old_at, new_at)]


def _cut_row(row: Row, old_spans: Sequence[tuple[int, int]], new_spans: Sequence[tuple[int, int]],
             old_at: frozenset[int], new_at: frozenset[int]) -> list[Row]:
    out: list[Row] = []
    segs: list[Seg] = []
    start = (row.old_at, row.new_at)
    o, n = start

    def flush(end: tuple[int, int]) -> None:
        nonlocal segs, start
        if segs:
            out.append(Row(row.kind, tuple(segs), start[0], start[1], end[0], end[1]))
        segs, start = [], end

    for seg in row.segs:
        if o in old_at or n in new_at:
            flush((o, n))  # an edge between two pieces
        if seg.tag != "equal" or len(seg.old) != len(seg.new):
            cut = _split_change(seg, o, n, old_spans, new_spans)
            if cut is None:
                segs.append(seg)
            else:
                ro, rn = cut
                if seg.old[:ro] or seg.new[:rn]:
                    segs.append(Seg(_tag(seg.old[:ro], seg.new[:rn]), seg.old[:ro],
                                    seg.new[:rn]))
                flush((o + ro, n + rn))
                segs.append(Seg(_tag(seg.old[ro:], seg.new[rn:]), seg.old[ro:], seg.new[rn:]))
            o, n = o + len(seg.old), n + len(seg.new)
            continue
        size = len(seg.old)
        # An equal run is the same characters on both sides: a cut at one side's offset
        # cuts the other at the same place in the run.
        rel = sorted({c - o for c in old_at if o <= c < o + size}
                     | {c - n for c in new_at if n <= c < n + size})
        prev = 0
        for r in rel:
            if r > prev:
                segs.append(Seg("equal", seg.old[prev:r], seg.new[prev:r]))
            flush((o + r, n + r))
            prev = r
        if prev < size:
            segs.append(Seg("equal", seg.old[prev:], seg.new[prev:]))
        o, n = o + size, n + size
    flush((row.old_end, row.new_end))
    return out
