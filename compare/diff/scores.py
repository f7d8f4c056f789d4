"""Part of the diff stage: one change score per entry, as a reader means "changed".

Public API: entry_scores.

"Changed" is the share of words changed (``TextDiff.change``), everywhere the tool shows a score.
An entry's own diff covers its own text; a reader judges more:

- a section whose children are items is judged with its items (``align.entries.with_items``):
  ``(四)坚持严格规范公正文明执法。`` is a bare heading whose changes are all in its items;
- the entries of one split or merge are scored together, by the words changed between all the
  old parts and all the new parts (each with its items), and the first entry of the group carries
  the diff of the joined texts, so that a merged entry can show every old part and the new text;
- an added or removed section is wholly changed (1.0).
"""

from __future__ import annotations

from collections.abc import Sequence

from compare.align.entries import with_items
from compare.diff.worddiff import diff_texts
from compare.models import Section, SectionPair, TextDiff
from compare.textkit.words import Words
from compare.tuning import DEFAULT, Tuning

__all__ = ["entry_scores"]


def _groups(pairs: Sequence[SectionPair]) -> list[list[int]]:
    """Entries of each split or merge, joined where they share a section, in entry order."""
    root: dict[int, int] = {}

    def find(k: int) -> int:
        while root.setdefault(k, k) != k:
            root[k] = root[root[k]]
            k = root[k]
        return k

    seen: dict[tuple[int, str], int] = {}
    for k, p in enumerate(pairs):
        if p.relation or p.status not in ("split", "merged") or p.old is None or p.new is None:
            continue
        find(k)
        for key in ((0, p.old.path), (1, p.new.path)):
            if key in seen:
                root[find(k)] = find(seen[key])
            else:
                seen[key] = k
    out: dict[int, list[int]] = {}
    for k in sorted(root):
        out.setdefault(find(k), []).append(k)
    return list(out.values())


def entry_scores(
    pairs: Sequence[SectionPair],
    diffs: Sequence[TextDiff | None],
    old: Sequence[Section],
    new: Sequence[Section],
    *,
    words: Words | None = None,
    tuning: Tuning = DEFAULT,
) -> tuple[tuple[float, ...], tuple[TextDiff | None, ...]]:
    """The change score of each entry (0.0-1.0), and the diff of the joined texts on the first
    entry of each split or merge (None elsewhere); both parallel to ``pairs``."""
    top = tuning.align.provenance_max_level
    index = ({s.path: k for k, s in enumerate(old)}, {s.path: k for k, s in enumerate(new)})

    def full(side: int, section: Section) -> str:
        sections = old if side == 0 else new
        return with_items(sections, index[side][section.path], top)

    changes = [1.0] * len(pairs)
    joined: list[TextDiff | None] = [None] * len(pairs)
    for k, (p, d) in enumerate(zip(pairs, diffs, strict=True)):
        if p.old is None or p.new is None or d is None:
            continue
        a, b = full(0, p.old), full(1, p.new)
        if a == p.old.text and b == p.new.text:
            changes[k] = d.change
        else:
            changes[k] = diff_texts(a, b, moves=False, words=words, tuning=tuning.diff).change
    for group in _groups(pairs):
        olds = list(dict.fromkeys(s for k in group if (s := pairs[k].old) is not None))
        news = list(dict.fromkeys(s for k in group if (s := pairs[k].new) is not None))
        a = "\n".join(full(0, s) for s in olds)
        b = "\n".join(full(1, s) for s in news)
        diff = diff_texts(a, b, words=words, tuning=tuning.diff)
        joined[group[0]] = diff
        for k in group:
            changes[k] = diff.change
    return tuple(changes), tuple(joined)
