"""A comparison laid out as one redline: the new report's text with every change tracked, in
paragraphs ready for a word processor (``docx`` writes them as Word XML).

Public API: redline, Redline, Para, Piece.

The layout keeps one promise: accepting every change gives the new report (its title, then each
section's text in reading order, blocks as paragraphs) and rejecting every change gives the old
one. Sections are placed by the longest chain of entries that keeps both reports' order (weighted
by the text the two sides share); an entry on that chain is shown as its word diff, in place. A
one-to-one entry off the chain (a section that moved) becomes a move: its old text wholly moved
away from where it stood, its new text moved in, with the words it gained as insertions. Every
other section off the chain (added, removed, the further parts of a split or a merge) is one
insertion or deletion where it stands. Inside an entry on the chain, a sentence that moved within
the section (``TextDiff.moves``) or from another section on the chain (``Comparison.moves``) is a
move too.

A heading that runs on into its paragraph (``（一）组织保障。2019年，…``) is cut after its title
by a run-in paragraph mark (Word's style separator), so the title can carry a heading style while
the text still reads as one paragraph.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from compare.models import Comparison, Section, TextDiff
from compare.render.rows import diff_rows
from compare.tuning import DEFAULT, RenderTuning

__all__ = ["Para", "Piece", "Redline", "redline"]

# One-to-one statuses: the entry is the whole story of both its sections, so off the chain of
# sections kept in place it is a section that moved.
_ONE_TO_ONE = ("unchanged", "changed", "renamed", "moved")
_EVERYTHING = 1 << 62  # never fold an unchanged run: the redline shows every character


@dataclass(frozen=True)
class Piece:
    """A run of text of one kind: ``eq`` in both reports, ``del`` or ``ins`` in the old or the new
    one only, ``from`` or ``to`` the two ends of a move (``move`` numbers it)."""

    kind: str
    text: str
    move: int = 0
    runin: bool = False  # a paragraph mark that only separates a run-in heading from its text


@dataclass(frozen=True)
class Para:
    """One paragraph: its runs, its paragraph mark, and its style.

    ``style`` is ``"title"``, ``"heading"`` (with ``level`` 1-9) or ``"body"``.
    """

    pieces: tuple[Piece, ...]
    mark: Piece
    style: str
    level: int = 0


@dataclass(frozen=True)
class Redline:
    """The paragraphs of the redline and how its sections were placed."""

    paras: tuple[Para, ...]
    in_place: tuple[int, ...]  # entries shown as their diff, in place
    moved: tuple[int, ...]  # one-to-one entries shown as a section moved
    moves: int  # moves in all (sections and sentences)


@dataclass
class _Block:
    pieces: list[Piece]
    level: int  # -1 for the report title, 0 for a preamble, else the heading level


def _chain(comparison: Comparison) -> list[int]:
    """Entries kept in place, in reading order: the heaviest chain of two-sided entries that is
    increasing in both reports' order (weight: the characters the two sides share, plus one)."""
    old_at = {s.path: k for k, s in enumerate(comparison.old.sections)}
    new_at = {s.path: k for k, s in enumerate(comparison.new.sections)}
    edges = []
    for k, (pair, diff) in enumerate(zip(comparison.sections, comparison.diffs, strict=True)):
        if pair.old is None or pair.new is None or diff is None:
            continue
        shared = sum(i2 - i1 for tag, i1, i2, _j1, _j2 in diff.opcodes if tag == "equal")
        edges.append((old_at[pair.old.path], new_at[pair.new.path], shared + 1, k))
    # Longest increasing chain by weight: old order ascending, new order descending within one
    # old section (so two entries of one split never chain), and a Fenwick tree of prefix maxima
    # over the new order.
    edges.sort(key=lambda e: (e[0], -e[1], e[3]))
    size = len(comparison.new.sections) + 1
    tree: list[tuple[int, int]] = [(0, -1)] * (size + 1)
    best: list[tuple[int, int]] = []  # per edge: (total weight, previous edge)
    for x, (_oi, ni, weight, _k) in enumerate(edges):
        top, prev, pos = 0, -1, ni  # prefix max over new positions < ni
        while pos > 0:
            if tree[pos][0] > top:
                top, prev = tree[pos]
            pos -= pos & -pos
        best.append((top + weight, prev))
        pos = ni + 1
        while pos <= size:
            if best[x][0] > tree[pos][0]:
                tree[pos] = (best[x][0], x)
            pos += pos & -pos
    if not edges:
        return []
    x = max(range(len(edges)), key=lambda e: (best[e][0], -e))
    chain = []
    while x >= 0:
        chain.append(edges[x][3])
        x = best[x][1]
    return chain[::-1]


def _segs(diff: TextDiff, merge_max: int) -> Iterable[tuple[str, str, str]]:
    """``(tag, old, new)`` spans of the whole diff in order, with tiny unchanged islands between
    two changes folded into one replacement, as the page shows them."""
    for row in diff_rows(diff, context=0, collapse_min=_EVERYTHING, merge_max=merge_max):
        for seg in row.segs:
            yield seg.tag, seg.old, seg.new


def _runs(text: str, labels: list[int], start: int, kind: str) -> list[Piece]:
    """``text`` (at ``start`` of its side) cut where its move labels change: a labelled run is
    the ``from``/``to`` end of that move, the rest is ``kind``."""
    out, pos = [], 0
    for k in range(1, len(text) + 1):
        if k == len(text) or labels[start + k] != labels[start + pos]:
            move = labels[start + pos]
            end = "from" if kind == "del" else "to"
            out.append(Piece(end if move else kind, text[pos:k], move))
            pos = k
    return out


def _chars(old: str, new: str) -> list[Piece]:
    """Two texts that differ little (width, spacing, a year in a title), marked in linear time:
    of the same length, character by character; else what lies between their common start and
    common end is replaced."""
    out: list[Piece] = []

    def put(kind: str, text: str) -> None:
        if text:
            out.append(Piece(kind, text))

    if len(old) == len(new):
        pos = 0
        for k in range(1, len(new) + 1):
            if k == len(new) or (old[k] == new[k]) != (old[pos] == new[pos]):
                if old[pos] == new[pos]:
                    put("eq", new[pos:k])
                else:
                    put("del", old[pos:k])
                    put("ins", new[pos:k])
                pos = k
        return out
    head = len(os.path.commonprefix([old, new]))
    tail = len(os.path.commonprefix([old[head:][::-1], new[head:][::-1]]))
    put("eq", new[:head])
    put("del", old[head : len(old) - tail])
    put("ins", new[head : len(new) - tail])
    put("eq", new[len(new) - tail :])
    return out


def _entry(diff: TextDiff, old_mv: list[int], new_mv: list[int], merge_max: int) -> list[Piece]:
    """An entry's diff as pieces; deleted and inserted characters labelled with a move become
    its from and to ends."""
    out: list[Piece] = []
    i = j = 0
    for tag, old, new in _segs(diff, merge_max):
        if tag == "equal":
            out.extend([Piece("eq", new)] if old == new else _chars(old, new))
        else:
            out.extend(_runs(old, old_mv, i, "del"))
            out.extend(_runs(new, new_mv, j, "ins"))
        i, j = i + len(old), j + len(new)
    return out


@dataclass
class _Side:
    """How one section's text is shown: which characters stand deleted (old side) or inserted
    (new side), and the move each of them is an end of (0: none)."""

    edited: bytearray
    labels: list[int]


def _side(text: str, spans: Iterable[tuple[int, int]] | None) -> _Side:
    """``spans`` are the edited character ranges; None: the whole text is edited."""
    edited = bytearray(b"\x01" * len(text)) if spans is None else bytearray(len(text))
    for s, e in spans or ():
        edited[s:e] = b"\x01" * (e - s)
    return _Side(edited, [0] * len(text))


def _label_move(
    gone: _Side,
    a: tuple[int, int],
    came: _Side,
    b: tuple[int, int],
    opcodes: Iterable[tuple[str, int, int, int, int]],
    move: int,
) -> None:
    """Label a moved sentence: its deleted characters as moved from, and the inserted characters
    the sentence kept (its own equal spans) as moved to; what it gained stays an insertion."""
    for k in range(*a):
        if gone.edited[k] and not gone.labels[k]:
            gone.labels[k] = move
    for tag, _i1, _i2, j1, j2 in opcodes:
        if tag != "equal":
            continue
        for k in range(b[0] + j1, b[0] + j2):
            if came.edited[k] and not came.labels[k]:
                came.labels[k] = move


def _run_in(pieces: list[Piece], old_title: int, new_title: int, kind: str, move: int) -> None:
    """Put a run-in paragraph mark where both sides' titles end (offsets in the old and new
    text), if one place in the pieces is the end of both; else leave the heading whole."""
    o = n = 0
    for k, piece in enumerate(pieces):
        size = len(piece.text)
        if piece.kind == "eq":
            d = old_title - o
            hit = d == new_title - n and 0 <= d <= size
        elif piece.kind in ("del", "from"):
            d = old_title - o
            hit = n == new_title and 0 <= d <= size
        else:
            d = new_title - n
            hit = o == old_title and 0 <= d <= size
        if hit:
            mark = Piece(kind, "\n", move, runin=True)
            head, tail = piece.text[:d], piece.text[d:]
            cut = [Piece(piece.kind, head, piece.move)] if head else []
            cut.append(mark)
            if tail:
                cut.append(Piece(piece.kind, tail, piece.move))
            pieces[k : k + 1] = cut
            return
        if piece.kind in ("eq", "del", "from"):
            o += size
        if piece.kind in ("eq", "ins", "to"):
            n += size


def _runs_on(section: Section | None) -> int | None:
    """Where a heading that runs on into its paragraph ends; None for one on its own line."""
    if section is None or not section.title:
        return None
    size = len(section.title)
    rest = section.text[size : size + 1]
    return size if rest not in ("", "\n") else None


def _one_side(section: Section, kind: str, move: int | list[int]) -> _Block:
    """A section shown whole on one side: moved (``move`` its number) or deleted or inserted
    (``move`` the labels of the sentences in it that moved)."""
    if isinstance(move, int):
        pieces = [Piece(kind, section.text, move)]
    else:
        pieces = _runs(section.text, move, 0, kind)
        move = 0
    end = _runs_on(section)
    if end is not None:
        on_old = kind in ("del", "from")
        _run_in(pieces, end if on_old else 0, 0 if on_old else end, kind, move)
    pieces.append(Piece(kind, "\n", move))
    return _Block(pieces, section.level)


def _moved_in(pieces: list[Piece], move: int) -> list[Piece]:
    """A section's diff at the place it moved to: what it kept is moved in, what it gained is
    inserted, what it lost stays with the moved-away text."""
    out = []
    for p in pieces:
        if p.kind in ("eq", "to"):
            out.append(Piece("to", p.text, move))
        elif p.kind == "ins":
            out.append(p)
    return out


def _paras(blocks: list[_Block]) -> list[Para]:
    paras = []
    for block in blocks:
        runs: list[Piece] = []
        first = True
        for piece in _split_lines(block.pieces):
            if piece.text != "\n":
                if runs and runs[-1].kind == piece.kind and runs[-1].move == piece.move:
                    runs[-1] = Piece(piece.kind, runs[-1].text + piece.text, piece.move)
                else:
                    runs.append(piece)
                continue
            if block.level < 0:
                style, level = "title", 0
            elif first and block.level > 0:
                style, level = "heading", min(block.level, 9)
            else:
                style, level = "body", 0
            paras.append(Para(tuple(runs), piece, style, level))
            runs, first = [], False
    return paras


def _split_lines(pieces: Iterable[Piece]) -> Iterable[Piece]:
    """Pieces with every line break a piece of its own (a paragraph mark); empty pieces gone."""
    for piece in pieces:
        if piece.runin or "\n" not in piece.text:
            if piece.text:
                yield piece
            continue
        for k, line in enumerate(piece.text.split("\n")):
            if k:
                yield Piece(piece.kind, "\n", piece.move)
            if line:
                yield Piece(piece.kind, line, piece.move)


def _downgrade(blocks: list[_Block]) -> None:
    """A move needs both ends: one that lost either is a plain deletion or insertion."""
    ends: dict[int, set[str]] = {}
    for block in blocks:
        for p in block.pieces:
            if p.move:
                ends.setdefault(p.move, set()).add(p.kind)
    lame = {m for m, kinds in ends.items() if kinds != {"from", "to"}}
    for block in blocks:
        block.pieces = [
            Piece("del" if p.kind == "from" else "ins", p.text, 0, p.runin)
            if p.move in lame
            else p
            for p in block.pieces
        ]


def _section_moves(
    comparison: Comparison, chain: list[int], tuning: RenderTuning
) -> dict[int, int]:
    """One-to-one entries off the chain whose two sections are both still free, and little
    enough changed to read as moved (``redline_move_max_change``): entry -> move number."""
    entries, diffs = comparison.sections, comparison.diffs
    placed_old = {entries[k].old.path for k in chain}  # type: ignore[union-attr]
    placed_new = {entries[k].new.path for k in chain}  # type: ignore[union-attr]
    out: dict[int, int] = {}
    for k, (pair, d) in enumerate(zip(entries, diffs, strict=True)):
        if pair.status not in _ONE_TO_ONE or d is None or d.change > tuning.redline_move_max_change:
            continue
        assert pair.old is not None and pair.new is not None
        if pair.old.path in placed_old or pair.new.path in placed_new:
            continue
        placed_old.add(pair.old.path)
        placed_new.add(pair.new.path)
        out[k] = len(out) + 1
    return out


def _edits(d: TextDiff, side: int) -> Iterable[tuple[int, int]]:
    for tag, i1, i2, j1, j2 in d.opcodes:
        if tag != "equal":
            yield (i1, i2) if side == 0 else (j1, j2)


def _sides(
    comparison: Comparison, chain: list[int], skip: tuple[set[str], set[str]], number: int
) -> tuple[dict[str, _Side], dict[str, _Side]]:
    """How each section not in a section move is shown (on the chain: its entry's edits; off
    it: edited whole), with the moved sentences labelled at both ends, numbered from
    ``number + 1``."""
    entries, diffs = comparison.sections, comparison.diffs
    olds: dict[str, _Side] = {}
    news: dict[str, _Side] = {}
    for k in chain:
        pair, d = entries[k], diffs[k]
        assert pair.old is not None and pair.new is not None and d is not None
        olds[pair.old.path] = _side(d.a, _edits(d, 0))
        news[pair.new.path] = _side(d.b, _edits(d, 1))
    for sections, shown, moved in (
        (comparison.old.sections, olds, skip[0]),
        (comparison.new.sections, news, skip[1]),
    ):
        for section in sections:
            if section.path not in shown and section.path not in moved:
                shown[section.path] = _side(section.text, None)
    ends = [
        (pair.old.path, mv.a, pair.new.path, mv.b, mv.opcodes)
        for pair, d in zip(entries, diffs, strict=True)
        if d is not None and pair.old is not None and pair.new is not None
        for mv in d.moves
    ]
    for cm in comparison.moves:
        gone, came = entries[cm.old_entry].old, entries[cm.new_entry].new
        if gone is not None and came is not None:
            ends.append((gone.path, cm.a, came.path, cm.b, cm.opcodes))
    for old_path, a, new_path, b, opcodes in ends:
        if old_path in olds and new_path in news:
            number += 1
            _label_move(olds[old_path], a, news[new_path], b, opcodes, number)
    return olds, news


def redline(comparison: Comparison, *, tuning: RenderTuning = DEFAULT.render) -> Redline:
    """The comparison as one tracked-changes text (module docstring): paragraphs in order."""
    entries, diffs = comparison.sections, comparison.diffs
    merge = tuning.merge_equal_chars
    chain = _chain(comparison)
    section_moves = _section_moves(comparison, chain, tuning)
    moved_old = {entries[k].old.path: k for k in section_moves}  # type: ignore[union-attr]
    moved_new = {entries[k].new.path: k for k in section_moves}  # type: ignore[union-attr]
    olds, news = _sides(comparison, chain, (set(moved_old), set(moved_new)), len(section_moves))

    kept: dict[str, _Block] = {}  # by old path: the entries on the chain
    on_chain = {entries[k].new.path for k in chain}  # type: ignore[union-attr]
    for k in chain:
        pair, d = entries[k], diffs[k]
        assert pair.old is not None and pair.new is not None and d is not None
        pieces = _entry(d, olds[pair.old.path].labels, news[pair.new.path].labels, merge)
        heads = (_runs_on(pair.old), _runs_on(pair.new))
        if heads[0] is not None and heads[1] is not None:
            _run_in(pieces, heads[0], heads[1], "eq", 0)
        pieces.append(Piece("eq", "\n"))
        kept[pair.old.path] = _Block(pieces, pair.new.level)
    shown_old: dict[str, _Block] = {}
    for section in comparison.old.sections:
        if section.path in moved_old:
            move = section_moves[moved_old[section.path]]
            shown_old[section.path] = _one_side(section, "from", move)
        elif section.path not in kept:
            shown_old[section.path] = _one_side(section, "del", olds[section.path].labels)
    shown_new: dict[str, _Block] = {}
    for section in comparison.new.sections:
        if section.path in moved_new:
            k = moved_new[section.path]
            shown_new[section.path] = _arrived(section, diffs[k], section_moves[k], merge)
        elif section.path not in on_chain:
            shown_new[section.path] = _one_side(section, "ins", news[section.path].labels)

    blocks = [_title(comparison)]
    old_order = [s.path for s in comparison.old.sections]
    new_order = [s.path for s in comparison.new.sections]
    oi = ni = 0
    for k in chain:
        pair = entries[k]
        assert pair.old is not None and pair.new is not None
        while old_order[oi] != pair.old.path:
            blocks.append(shown_old[old_order[oi]])
            oi += 1
        while new_order[ni] != pair.new.path:
            blocks.append(shown_new[new_order[ni]])
            ni += 1
        blocks.append(kept[pair.old.path])
        oi, ni = oi + 1, ni + 1
    blocks.extend(shown_old[p] for p in old_order[oi:])
    blocks.extend(shown_new[p] for p in new_order[ni:])
    _downgrade(blocks)
    paras = _paras(blocks)
    moves = {p.move for para in paras for p in (*para.pieces, para.mark) if p.move}
    return Redline(
        paras=tuple(paras),
        in_place=tuple(sorted(chain)),
        moved=tuple(sorted(k for k in section_moves if section_moves[k] in moves)),
        moves=len(moves),
    )


def _arrived(section: Section, d: TextDiff | None, move: int, merge: int) -> _Block:
    """A section that moved, where it stands now."""
    assert d is not None
    pieces = _moved_in(_entry(d, [0] * len(d.a), [0] * len(d.b), merge), move)
    end = _runs_on(section)
    if end is not None:
        _run_in(pieces, 0, end, "to", move)
    pieces.append(Piece("to", "\n", move))
    return _Block(pieces, section.level)


def _title(comparison: Comparison) -> _Block:
    """The report's title as a tracked change of its own (the years usually differ)."""
    old, new = comparison.old.title, comparison.new.title
    pieces = [Piece("eq", new)] if old == new else _chars(old, new)
    return _Block([*pieces, Piece("eq", "\n")], -1)
