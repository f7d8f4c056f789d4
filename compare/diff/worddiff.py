"""Word-level, lossless diff of two texts, with numbers and their units kept whole.

Public API: diff_texts, apply, a_side, b_side.

``diff_texts`` works in five steps:

1. both texts are tokenized by ``textkit.words`` (Chinese words from rjieba, Latin words,
   whitespace runs, single punctuation marks, and a number with its unit as one token: ``91件``,
   ``1.2万亿元``, ``3至12名``) and split into sentences (after ``。！？；``, a line break, or
   ``.``/``!``/``?`` before a space);
2. sentences are aligned by an order-preserving dynamic programme (the heaviest chain of
   non-crossing pairs, weighted by ``fuzz.ratio`` of the folded sentences, each above
   ``sentence_floor``); a sentence next to a pair joins it when that raises the pair's score,
   which gives 1-2 and 2-1 pairs for split and merged sentences; unaligned sentences are
   replaced whole (their shared end marks and spaces stay equal);
3. inside each pair, ``difflib.SequenceMatcher`` runs on token ids (folded token text interned);
4. a semantic cleanup after diff-match-patch absorbs short equal runs (up to
   ``absorb_max_chars``) between two edits, and a pair with more than ``rewrite_share``
   of its tokens changed becomes one replacement from its first edit to its last;
5. opcodes are mapped back to character offsets of the raw texts and merged;
6. a sentence deleted in one place and inserted, nearly the same (``move_similarity``), in
   another is reported in ``TextDiff.moves`` with its own word diff: the sentence alignment keeps
   order, so a move would otherwise read as an unrelated deletion and insertion.

Tokens compare on ``compare.textkit.chars.fold``-ed text and whitespace runs all compare equal, so
width, indent, zero-width and trailing-space differences come out as ``equal`` opcodes whose raw
characters may differ (``exact=True`` compares raw text instead). ``apply`` therefore rebuilds ``b``
from the ``b`` side of every span, equal ones included. ``change`` is the share of non-space tokens,
both sides together, that lie in edits. Every threshold comes from ``DiffTuning`` (``tuning=``).

Work is bounded by ``budget``: sentence pairs scored (and characters compared, times
``chars_per_pair``) in alignment, and token pairs per sentence pair. Over it, alignment
keeps only identical sentences unique on both sides (patience diff) and a long sentence pair is
replaced whole; ``TextDiff.note`` says which. A 1 MB line against its shuffled self takes ~3 s,
mostly in jieba.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from difflib import SequenceMatcher
from itertools import accumulate, pairwise

from rapidfuzz import fuzz, process

from compare.models import Move, Opcode, TextDiff
from compare.textkit.chars import fold
from compare.textkit.sentences import CLOSERS, LATIN_ENDS, SENTENCE_ENDS
from compare.textkit.words import Words, token_keys
from compare.tuning import DEFAULT, DiffTuning

__all__ = ["a_side", "apply", "b_side", "diff_texts"]


# --- sentences ----------------------------------------------------------------------------------


def _sentences(keys: Sequence[str], words: Sequence[bool]) -> list[int]:
    """Token index where each sentence starts, plus ``len(keys)`` at the end.

    A sentence keeps its terminator, closing quotes and the whitespace after it; a piece with no
    word in it (a lone ``。`` after a stray line break) joins the sentence before it.
    """
    n = len(keys)
    bounds = [0]
    i = 0
    while i < n:
        k = keys[i]
        i += 1
        if not (
            k in SENTENCE_ENDS
            or ("\n" in k and not k.strip())
            or (k in LATIN_ENDS and (i >= n or not keys[i].strip()))
        ):
            continue
        while i < n and keys[i] in CLOSERS:
            i += 1
        if i < n and not keys[i].strip():
            i += 1
        bounds.append(i)
    out = [0]
    for start, stop in pairwise(bounds):
        if any(words[start:stop]):
            out.append(stop)
        elif len(out) > 1:
            out[-1] = stop
    if out[-1] != n:
        out.append(n)
    return out


# --- sentence alignment -------------------------------------------------------------------------

Group = tuple[int, int, int, int, bool]  # sentence ranges a0:a1, b0:b1, and whether aligned


def _chain(ka: Sequence[str], kb: Sequence[str], t: DiffTuning) -> list[tuple[int, int]]:
    """The heaviest chain of non-crossing sentence pairs, each scoring at least the floor.

    Candidates come from rapidfuzz (a few best per sentence); the chain is the weighted longest
    increasing subsequence over them, with a Fenwick tree of prefix maxima over ``j``.
    """
    cands: list[tuple[int, int, float]] = []
    for i, q in enumerate(ka):
        if q:
            found = process.extract(
                q,
                kb,
                scorer=fuzz.ratio,
                score_cutoff=t.sentence_floor,
                limit=t.sentence_candidates,
            )
            cands.extend((i, j, score) for _, score, j in found)
    m = len(kb)
    tree = [0.0] * (m + 1)
    tree_at = [-1] * (m + 1)
    best = [0.0] * len(cands)
    prev = [-1] * len(cands)
    k = 0
    while k < len(cands):
        g = k
        while g < len(cands) and cands[g][0] == cands[k][0]:
            g += 1
        for c in range(k, g):  # query the whole group first: one sentence of a, one pair
            value, at, x = 0.0, -1, cands[c][1]
            while x > 0:
                if tree[x] > value:
                    value, at = tree[x], tree_at[x]
                x -= x & -x
            best[c], prev[c] = value + cands[c][2], at
        for c in range(k, g):
            x = cands[c][1] + 1
            while x <= m:
                if best[c] > tree[x]:
                    tree[x], tree_at[x] = best[c], c
                x += x & -x
        k = g
    end = max(range(len(cands)), key=best.__getitem__) if cands else -1
    chain: list[tuple[int, int]] = []
    while end >= 0:
        chain.append((cands[end][0], cands[end][1]))
        end = prev[end]
    return chain[::-1]


def _anchors(ka: Sequence[str], kb: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs of identical sentences unique on both sides, in order (patience diff), O(n log n)."""
    from collections import Counter

    ca, cb = Counter(ka), Counter(kb)
    at_b = {k: j for j, k in enumerate(kb) if k and cb[k] == 1}
    seq = [(i, at_b[k]) for i, k in enumerate(ka) if ca[k] == 1 and k in at_b]
    tails: list[int] = []
    tail_at: list[int] = []
    prev = [-1] * len(seq)
    for t, (_, j) in enumerate(seq):
        x = bisect_left(tails, j)
        if x == len(tails):
            tails.append(j)
            tail_at.append(t)
        else:
            tails[x], tail_at[x] = j, t
        prev[t] = tail_at[x - 1] if x else -1
    out: list[tuple[int, int]] = []
    t = tail_at[-1] if tail_at else -1
    while t >= 0:
        out.append(seq[t])
        t = prev[t]
    return out[::-1]


def _affordable(ka: Sequence[str], kb: Sequence[str], budget: int, t: DiffTuning) -> bool:
    """Whether scoring every sentence of ``ka`` against every one of ``kb`` fits the budget:
    the pair count, and the character pairs rapidfuzz compares (``chars_per_pair`` each)."""
    if len(ka) * len(kb) > budget:
        return False
    return sum(map(len, ka)) * sum(map(len, kb)) <= budget * t.chars_per_pair


def _pairs(
    ka: Sequence[str], kb: Sequence[str], budget: int, t: DiffTuning
) -> tuple[list[tuple[int, int]], bool]:
    """Aligned sentence pairs, and whether some of the text was too big to align in detail."""
    n, m = len(ka), len(kb)
    lo = 0
    while lo < min(n, m) and ka[lo] == kb[lo]:
        lo += 1
    hi = 0
    while hi < min(n, m) - lo and ka[n - 1 - hi] == kb[m - 1 - hi]:
        hi += 1
    pairs = [(i, i) for i in range(lo)]
    coarse = False
    if _affordable(ka[lo : n - hi], kb[lo : m - hi], budget, t):
        pairs += [(lo + i, lo + j) for i, j in _chain(ka[lo : n - hi], kb[lo : m - hi], t)]
    else:
        anchors = [(lo + i, lo + j) for i, j in _anchors(ka[lo : n - hi], kb[lo : m - hi])]
        pa, pb = lo, lo
        for i, j in [*anchors, (n - hi, m - hi)]:
            if _affordable(ka[pa:i], kb[pb:j], budget, t):
                pairs += [(pa + x, pb + y) for x, y in _chain(ka[pa:i], kb[pb:j], t)]
            else:
                coarse = True
            if i < n - hi:
                pairs.append((i, j))
            pa, pb = i + 1, j + 1
    pairs += [(n - hi + t, m - hi + t) for t in range(hi)]
    return pairs, coarse


def _groups(
    pairs: list[tuple[int, int]], ka: Sequence[str], kb: Sequence[str], budget: int, t: DiffTuning
) -> list[Group]:
    """Pairs and the gaps between them as groups; a gap sentence next to a pair joins it when
    the joined text scores at least ``join_gain`` more (1-2 and 2-1 pairs).

    Joins are tried only while the pair's character product stays within ``budget`` (the same
    bound as for token pairs), so an enormous sentence costs no quadratic scoring here.
    """
    groups: list[list[int]] = []  # a0, a1, b0, b1, aligned
    pa = pb = 0
    for i, j in [*pairs, (len(ka), len(kb))]:
        if i > pa or j > pb:
            groups.append([pa, i, pb, j, 0])
        if i < len(ka) or j < len(kb):
            groups.append([i, i + 1, j, j + 1, 1])
        pa, pb = i + 1, j + 1

    def score(a0: int, a1: int, b0: int, b1: int) -> float:
        return float(fuzz.ratio("".join(ka[a0:a1]), "".join(kb[b0:b1])))

    def affordable(a0: int, a1: int, b0: int, b1: int) -> bool:
        return sum(map(len, ka[a0:a1])) * sum(map(len, kb[b0:b1])) <= budget

    for g, grp in enumerate(groups):
        if not grp[4]:
            continue
        if not affordable(*grp[:4]):
            continue
        current = score(*grp[:4])
        if current > 100 - t.join_gain:  # nothing to gain: an identical pair
            continue
        for side, step in ((0, -1), (0, 1), (2, -1), (2, 1)):
            gap_at = g + step
            if not 0 <= gap_at < len(groups) or groups[gap_at][4]:
                continue
            gap = groups[gap_at]
            while gap[side] < gap[side + 1]:
                trial = grp[:4]
                if step < 0:
                    trial[side] -= 1
                else:
                    trial[side + 1] += 1
                if not affordable(*trial):
                    break
                new = score(*trial)
                if new < current + t.join_gain:
                    break
                grp[:4], current = trial, new
                if step < 0:
                    gap[side + 1] -= 1
                else:
                    gap[side] += 1
    return [(a0, a1, b0, b1, bool(al)) for a0, a1, b0, b1, al in groups if a0 < a1 or b0 < b1]


# --- opcodes ------------------------------------------------------------------------------------


def _tag(equal: bool, i1: int, i2: int, j1: int, j2: int) -> str:
    if equal:
        return "equal"
    if i1 < i2 and j1 < j2:
        return "replace"
    return "delete" if i1 < i2 else "insert"


def _merge(ops: Sequence[Opcode]) -> list[Opcode]:
    """Drop empty opcodes and join neighbours: equal with equal, any edit with any edit."""
    out: list[Opcode] = []
    for op in ops:
        tag, i1, i2, j1, j2 = op
        if i1 == i2 and j1 == j2:
            continue
        if out and (out[-1][0] == "equal") == (tag == "equal"):
            _, i0, _, j0, _ = out[-1]
            out[-1] = (_tag(tag == "equal", i0, i2, j0, j2), i0, i2, j0, j2)
        else:
            out.append(op)
    return out


def _absorb_lopsided(ops: list[Opcode]) -> list[Opcode]:
    """An ``equal`` with one empty side (whitespace found on one side only) that stands next to
    an edit becomes part of it, so an ``equal`` always shows text on both sides or stands alone."""
    if len(ops) < 2:
        return ops
    out = [
        (_tag(False, *op[1:]), *op[1:])
        if op[0] == "equal" and (op[1] == op[2] or op[3] == op[4])
        else op
        for op in ops
    ]
    return _merge(out)


def _cleanup(
    ops: list[Opcode], wa: Sequence[int], wb: Sequence[int], t: DiffTuning
) -> list[Opcode]:
    """Semantic cleanup after diff-match-patch: an equal run no longer than the edits on both of
    its sides is absorbed into one replacement (weights are prefix sums of non-space chars).

    Unlike diff-match-patch, only runs up to ``absorb_max_chars`` are absorbed: in a Chinese
    clause list the merged edits grow with each absorbed comma and would otherwise swallow whole
    unchanged clauses.
    """
    k = 1
    while k < len(ops) - 1:
        tag, i1, i2, j1, j2 = ops[k]
        if tag == "equal":
            p, q = ops[k - 1], ops[k + 1]
            size = max(wa[i2] - wa[i1], wb[j2] - wb[j1])
            before = max(wa[p[2]] - wa[p[1]], wb[p[4]] - wb[p[3]])
            after = max(wa[q[2]] - wa[q[1]], wb[q[4]] - wb[q[3]])
            if size <= min(before, after, t.absorb_max_chars):
                ops[k - 1 : k + 2] = [(_tag(False, p[1], q[2], p[3], q[4]), p[1], q[2], p[3], q[4])]
                k = max(k - 2, 1)
                continue
        k += 1
    return ops


def _prefix(values: Sequence[int]) -> list[int]:
    return list(accumulate(values, initial=0))


class _Side:
    """One text's tokens with what the diff needs per token, as prefix sums."""

    def __init__(
        self, text: str, exact: bool, ids: dict[str, int], lookup: Words | None = None
    ) -> None:
        self.text = text
        spans, self.keys, words = token_keys(text, exact=exact, words=lookup)
        self.starts = [s for s, _ in spans] + [len(text)]
        self.ids = [ids.setdefault(k, len(ids)) for k in self.keys]
        self.space = [not k.strip() for k in self.keys]
        self.weight = _prefix(
            [len(k) * (not sp) for k, sp in zip(self.keys, self.space, strict=True)]
        )
        self.content = _prefix(words)  # tokens with a word
        self.solid = _prefix([not sp for sp in self.space])  # tokens that count in ``change``
        self.bounds = _sentences(self.keys, words)

    def sentence_keys(self) -> list[str]:
        b, keys = self.bounds, self.keys
        return ["".join("".join(keys[s:e]).split()) for s, e in pairwise(b)]


def _pair_ops(
    a: _Side, b: _Side, span: tuple[int, int, int, int], exact: bool, t: DiffTuning
) -> list[Opcode]:
    """Token opcodes for one aligned sentence pair, cleaned up."""
    ta0, ta1, tb0, tb1 = span
    matcher = SequenceMatcher(None, a.ids[ta0:ta1], b.ids[tb0:tb1], autojunk=False)
    ops: list[Opcode] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        i1, i2, j1, j2 = i1 + ta0, i2 + ta0, j1 + tb0, j2 + tb0
        if tag != "equal" and not exact and all(a.space[i1:i2]) and all(b.space[j1:j2]):
            tag = "equal"
        ops.append((tag, i1, i2, j1, j2))
    ops = _cleanup(_merge(ops), a.weight, b.weight, t)
    edits = [op for op in ops if op[0] != "equal"]
    total = a.solid[ta1] - a.solid[ta0] + b.solid[tb1] - b.solid[tb0]
    changed = sum(
        a.solid[i2] - a.solid[i1] + b.solid[j2] - b.solid[j1] for _, i1, i2, j1, j2 in edits
    )
    if len(edits) > 1 and changed > t.rewrite_share * total:
        # One replacement from the first edit to the last; the shared start and end stay equal.
        i1, j1, i2, j2 = edits[0][1], edits[0][3], edits[-1][2], edits[-1][4]
        ops = [("equal", ta0, i1, tb0, j1), ("replace", i1, i2, j1, j2)]
        ops.append(("equal", i2, ta1, j2, tb1))
    return ops


def _whole(a: _Side, b: _Side, span: tuple[int, int, int, int]) -> list[Opcode]:
    """Sentences replaced whole; the marks and spaces they start and end with stay equal."""
    ta0, ta1, tb0, tb1 = span
    i1, j1, i2, j2 = span[0], span[2], span[1], span[3]
    while i1 < i2 and j1 < j2 and a.keys[i1] == b.keys[j1] and a.content[i1 + 1] == a.content[i1]:
        i1, j1 = i1 + 1, j1 + 1
    while (
        i2 > i1
        and j2 > j1
        and a.keys[i2 - 1] == b.keys[j2 - 1]
        and a.content[i2] == a.content[i2 - 1]
    ):
        i2, j2 = i2 - 1, j2 - 1
    if i1 == i2 and j1 == j2:  # nothing but marks and spaces, all shared
        return [("equal", *span)]
    return [
        ("equal", ta0, i1, tb0, j1),
        (_tag(False, i1, i2, j1, j2), i1, i2, j1, j2),
        ("equal", i2, ta1, j2, tb1),
    ]


def diff_texts(
    a: str,
    b: str,
    *,
    budget: int | None = None,
    exact: bool = False,
    moves: bool = True,
    words: Words | None = None,
    tuning: DiffTuning = DEFAULT.diff,
) -> TextDiff:
    """A lossless word-level diff of ``a`` into ``b`` (see the module docstring).

    ``budget`` (default ``tuning.budget``) bounds both the sentence pairs scored in alignment and
    the token pairs of one sentence pair; over it, that part is shown coarser and ``note`` says
    so. ``exact`` compares
    raw text, so width and whitespace differences count as changes. ``words`` holds word
    lengths of CJK runs segmented ahead (``word_lengths``); runs not in it are cut by rjieba, so
    it changes only the speed, never the result.
    """
    t = tuning
    budget = t.budget if budget is None else budget
    if a == b or (not exact and fold(a) == fold(b)):
        return TextDiff(a, b, (("equal", 0, len(a), 0, len(b)),) if a or b else (), 0.0)
    if not a or not b:  # one delete or insert; change 1.0 unless all whitespace; no moves
        shown = (a or b) if exact else fold(a or b)  # the tokens' keys, joined
        one = (("delete" if a else "insert", 0, len(a), 0, len(b)),)
        return TextDiff(a, b, one, 1.0 if shown.strip() else 0.0)
    ids: dict[str, int] = {}
    sa, sb = _Side(a, exact, ids, words), _Side(b, exact, ids, words)
    ka, kb = sa.sentence_keys(), sb.sentence_keys()
    pairs, coarse = _pairs(ka, kb, budget, t)
    groups = _groups(pairs, ka, kb, budget, t)
    ops: list[Opcode] = []
    too_long = 0
    for a0, a1, b0, b1, aligned in groups:
        span = (sa.bounds[a0], sa.bounds[a1], sb.bounds[b0], sb.bounds[b1])
        if aligned and (span[1] - span[0]) * (span[3] - span[2]) <= budget:
            ops.extend(_pair_ops(sa, sb, span, exact, t))
        else:
            too_long += aligned
            ops.extend(_whole(sa, sb, span))
    total = sa.solid[-1] + sb.solid[-1]
    changed = sum(
        sa.solid[i2] - sa.solid[i1] + sb.solid[j2] - sb.solid[j1]
        for tag, i1, i2, j1, j2 in ops
        if tag != "equal"
    )
    chars = [
        (tag, sa.starts[i1], sa.starts[i2], sb.starts[j1], sb.starts[j2])
        for tag, i1, i2, j1, j2 in ops
    ]
    notes = []
    if coarse:
        notes.append(
            "The texts are too large to align sentence by sentence within the budget "
            f"({len(ka)} × {len(kb)} sentences, {sum(map(len, ka))} × {sum(map(len, kb))} "
            "characters), so passages between identical sentences are shown as whole "
            "replacements."
        )
    if too_long:
        notes.append(
            f"{too_long} sentence pair(s) too long for a word-level diff (over the budget of "
            f"{budget} token pairs) are shown as whole replacements."
        )
    return TextDiff(
        a,
        b,
        tuple(_absorb_lopsided(_merge(chars))),
        changed / total if total else 0.0,
        " ".join(notes),
        _moves(sa, sb, ops, budget, exact, words, t) if moves else (),
    )


def _edited_sentences(side: _Side, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token spans of the sentences whose every non-space token lies inside an edit."""
    # Linear: a difference array marks the edited tokens, prefix sums count solid ones inside.
    n = len(side.keys)
    mark = [0] * (n + 1)
    for s, e in spans:
        mark[s] += 1
        mark[e] -= 1
    depth = 0
    held = [0]  # held[k]: non-space tokens before k that lie inside an edit
    for k in range(n):
        depth += mark[k]
        held.append(held[-1] + (depth > 0 and not side.space[k]))
    solid, space = side.solid, side.space
    found = []
    for s, e in pairwise(side.bounds):
        count = solid[e] - solid[s]
        if count and held[e] - held[s] == count:
            first, last = s, e - 1
            while space[first]:
                first += 1
            while space[last]:
                last -= 1
            found.append((first, last + 1))
    return found


def _moves(
    sa: _Side,
    sb: _Side,
    ops: Sequence[Opcode],
    budget: int,
    exact: bool,
    words: Words | None,
    t: DiffTuning,
) -> tuple[Move, ...]:
    """Deleted and inserted sentences that are the same sentence moved, best pairs first.

    The sentence alignment keeps order, so a sentence that moved comes out as a deletion in one
    place and an insertion in another; pairing those back up shows the move and its word edits.
    """
    gone = _edited_sentences(sa, [(i1, i2) for tag, i1, i2, _j1, _j2 in ops if tag != "equal"])
    came = _edited_sentences(sb, [(j1, j2) for tag, _i1, _i2, j1, j2 in ops if tag != "equal"])
    # One sentence replaced by one sentence in place is a rewrite, not a move.
    in_place = {((i1, i2), (j1, j2)) for tag, i1, i2, j1, j2 in ops if tag == "replace"}
    if not gone or not came:
        return ()

    def text(side: _Side, span: tuple[int, int]) -> str:
        return "".join(side.keys[span[0] : span[1]])

    keys_a = [text(sa, g) for g in gone]
    keys_b = [text(sb, c) for c in came]
    scored: list[tuple[float, int, int]] = []
    if len(gone) * len(came) <= min(budget, t.move_budget):
        short, long_ = t.move_min_chars, t.move_max_chars
        fit = [y for y, kb in enumerate(keys_b) if short <= len(kb) <= long_]
        choices = [keys_b[y] for y in fit]
        for x, ka in enumerate(keys_a):
            if not short <= len(ka) <= long_:
                continue
            # One call per sentence scores the whole row in C; score_cutoff lets rapidfuzz skip
            # pairs whose lengths alone keep them under the floor.
            for _, score, at in process.extract(
                ka, choices, scorer=fuzz.ratio, score_cutoff=t.move_similarity, limit=None
            ):
                if (gone[x], came[fit[at]]) not in in_place:
                    scored.append((score, x, fit[at]))
    else:  # too many to compare pairwise: only sentences that moved unchanged, found by hash
        where = {k: y for y, k in enumerate(keys_b) if len(k) >= t.move_min_chars}
        scored = [
            (100.0, x, where[k])
            for x, k in enumerate(keys_a)
            if k in where and (gone[x], came[where[k]]) not in in_place
        ]
    moves = []
    used_a: set[int] = set()
    used_b: set[int] = set()
    for score, x, y in sorted(scored, reverse=True):
        if x in used_a or y in used_b:
            continue
        used_a.add(x)
        used_b.add(y)
        a0, a1 = sa.starts[gone[x][0]], sa.starts[gone[x][1]]
        b0, b1 = sb.starts[came[y][0]], sb.starts[came[y][1]]
        inner = diff_texts(
            sa.text[a0:a1],
            sb.text[b0:b1],
            budget=budget,
            exact=exact,
            moves=False,
            words=words,
            tuning=t,
        )
        moves.append(Move((a0, a1), (b0, b1), round(score / 100, 4), inner.opcodes))
    return tuple(sorted(moves, key=lambda m: m.b))


def apply(diff: TextDiff) -> str:
    """``b`` rebuilt from the opcodes: the ``b`` side of every span, equal spans included
    (an equal span may differ from ``a`` in width or whitespace)."""
    return "".join(diff.b[j1:j2] for _, _, _, j1, j2 in diff.opcodes)


def a_side(diff: TextDiff) -> list[tuple[str, str]]:
    """``(tag, text)`` runs of ``a`` in order, for rendering the old side; inserts are skipped."""
    return [(tag, diff.a[i1:i2]) for tag, i1, i2, _, _ in diff.opcodes if i1 < i2]


def b_side(diff: TextDiff) -> list[tuple[str, str]]:
    """``(tag, text)`` runs of ``b`` in order, for rendering the new side; deletes are skipped."""
    return [(tag, diff.b[j1:j2]) for tag, _, _, j1, j2 in diff.opcodes if j1 < j2]
