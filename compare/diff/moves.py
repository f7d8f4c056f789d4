"""Part of the diff stage: sentences that moved from one section to another.

Public API: cross_moves, edited_sentences, length_window.

Each pair's diff finds the sentences that moved inside its section (``TextDiff.moves``); a
sentence cut from one section and pasted, perhaps reworded, into another shows there as a
deletion in one entry and an insertion in the other. ``cross_moves`` pairs those up across the
entries of a comparison, as ``diff._moves`` does inside one: the sentences mostly deleted in one
entry and mostly inserted in another, of ``move_min_chars`` to ``move_max_chars``
characters, scored by ``fuzz.ratio`` of their folded text, best pairs first, one to one, at
``move_similarity`` or more (a reworded one only from ``cross_move_min_chars`` up).
Two sections that face each other in some entry (a split or merge) exchange no moves: that
entry's diff shows the sentence. Past ``cross_move_budget`` pairs only unchanged sentences
are paired (by their folded text). Sections added or removed whole are left out: their text has
no diff to mark.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from compare.diff.worddiff import diff_texts
from compare.models import CrossMove, SectionPair, TextDiff
from compare.textkit.chars import fold
from compare.textkit.sentences import sentence_spans
from compare.textkit.vectors import by_frequency
from compare.textkit.words import Words
from compare.tuning import DEFAULT, DiffTuning

__all__ = ["cross_moves", "edited_sentences", "length_window"]

_SPACE = re.compile(r"\s+")


def edited_sentences(diff: TextDiff) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Sentences of ``diff.a`` mostly deleted and of ``diff.b`` mostly inserted (nine tenths of
    their non-space characters in edits), leaving out those already moved inside the diff."""
    sides = []
    for text, edits, moved in (
        (diff.a, [(i1, i2) for tag, i1, i2, _j1, _j2 in diff.opcodes if tag != "equal"],
         [m.a for m in diff.moves]),
        (diff.b, [(j1, j2) for tag, _i1, _i2, j1, j2 in diff.opcodes if tag != "equal"],
         [m.b for m in diff.moves]),
    ):  # fmt: skip
        # Counted in C over byte masks (a Python loop over every character of both reports was
        # a fifth of a comparison): ``edited`` marks the edited characters that are not space.
        edited = bytearray(len(text))
        for s, e in edits:
            edited[s:e] = b"\x01" * (e - s)
        space = bytearray(len(text))
        for m in _SPACE.finditer(text):  # ``\s`` is ``str.isspace``
            s, e = m.span()
            space[s:e] = b"\x01" * (e - s)
            edited[s:e] = bytes(e - s)
        found = []
        for s, e in sentence_spans(text):
            if any(s < me and ms < e for ms, me in moved):
                continue
            solid = (e - s) - space.count(1, s, e)
            if solid and edited.count(1, s, e) >= 0.9 * solid:
                found.append((s, e))
        sides.append(found)
    return sides[0], sides[1]


def length_window(size: int, cutoff: float) -> tuple[int, int]:
    """The lengths a text may have to score ``cutoff`` or more (0-100) in ``fuzz.ratio`` against
    a text of ``size`` characters: the score is at most 200 × shorter ÷ (sum of both lengths).
    One character of slack either way; the cutoff itself is checked by rapidfuzz."""
    r = cutoff / 100
    if r <= 0:
        return 0, sys.maxsize
    return max(0, int(size * r / (2 - r)) - 1), int(min(size * (2 - r) / r, sys.maxsize)) + 1


def cross_moves(
    pairs: Sequence[SectionPair],
    diffs: Sequence[TextDiff | None],
    *,
    words: Words | None = None,
    tuning: DiffTuning = DEFAULT.diff,
) -> tuple[CrossMove, ...]:
    """Sentences deleted in one entry and inserted, nearly the same, in another entry."""
    from rapidfuzz import fuzz, process

    t = tuning

    gone: list[tuple[int, tuple[int, int], str]] = []
    came: list[tuple[int, tuple[int, int], str]] = []
    # A section split or merged stands in several entries: each of its sentences is taken once.
    seen_a: set[tuple[str, tuple[int, int]]] = set()
    seen_b: set[tuple[str, tuple[int, int]]] = set()
    short, long_ = t.move_min_chars, t.move_max_chars
    for k, (pair, diff) in enumerate(zip(pairs, diffs, strict=True)):
        if diff is None or pair.old is None or pair.new is None:
            continue
        a_spans, b_spans = edited_sentences(diff)
        for sp in a_spans:
            if (pair.old.path, sp) not in seen_a:
                seen_a.add((pair.old.path, sp))
                gone.append((k, sp, fold(diff.a[sp[0] : sp[1]])))
        for sp in b_spans:
            if (pair.new.path, sp) not in seen_b:
                seen_b.add((pair.new.path, sp))
                came.append((k, sp, fold(diff.b[sp[0] : sp[1]])))
    gone = [g for g in gone if len(g[2]) >= short]
    came = [c for c in came if len(c[2]) >= short]
    if not gone or not came:
        return ()
    # Two sections that face each other in some entry: a sentence between them did not move
    # to another section (that entry's own diff shows it).
    paired = {(p.old.path, p.new.path) for p in pairs if p.old is not None and p.new is not None}

    def apart(x: int, y: int) -> bool:
        old, new = pairs[gone[x][0]].old, pairs[came[y][0]].new
        return old is not None and new is not None and (old.path, new.path) not in paired

    scored: list[tuple[float, int, int]] = []
    if len(gone) * len(came) <= t.cross_move_budget:
        # Shortest first, so each sentence is scored only against those of a length that can
        # reach the cutoff: ``fuzz.ratio`` is at most 200 × shorter ÷ (sum of both lengths).
        fit = sorted((y for y, c in enumerate(came) if len(c[2]) <= long_),
                     key=lambda y: len(came[y][2]))
        sizes = [len(came[y][2]) for y in fit]
        # Characters renamed by frequency: the same scores, computed faster (by_frequency).
        table = by_frequency([g[2] for g in gone] + [came[y][2] for y in fit])
        choices = [came[y][2].translate(table) for y in fit]
        for x, (_k, _sp, key) in enumerate(gone):
            if len(key) > long_:
                continue
            least, most = length_window(len(key), t.move_similarity)
            lo, hi = bisect_left(sizes, least), bisect_right(sizes, most)
            for _, score, at in process.extract(
                key.translate(table),
                choices[lo:hi],
                scorer=fuzz.ratio,
                score_cutoff=t.move_similarity,
                limit=None,
            ):
                y = fit[lo + at]
                similar_enough = score == 100 or min(len(key), len(came[y][2])) >= (
                    t.cross_move_min_chars
                )
                if similar_enough and apart(x, y):
                    scored.append((score, x, y))
    else:
        where: dict[str, list[int]] = {}
        for y, c in enumerate(came):
            where.setdefault(c[2], []).append(y)
        scored = [
            (100.0, x, y) for x, g in enumerate(gone) for y in where.get(g[2], ()) if apart(x, y)
        ]
    out = []
    used_a: set[int] = set()
    used_b: set[int] = set()
    for score, x, y in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
        if x in used_a or y in used_b:
            continue
        used_a.add(x)
        used_b.add(y)
        (ka, (a0, a1), _), (kb, (b0, b1), _) = gone[x], came[y]
        da, db = diffs[ka], diffs[kb]
        assert da is not None and db is not None
        inner = diff_texts(da.a[a0:a1], db.b[b0:b1], moves=False, words=words, tuning=t)
        out.append(CrossMove(ka, (a0, a1), kb, (b0, b1), round(score / 100, 4), inner.opcodes))
    return tuple(sorted(out, key=lambda m: (m.new_entry, m.b)))
