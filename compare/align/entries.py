"""Part of the align stage: the entries of an alignment, with their status and similarity.

Public API: entries, entry_similarity, body_similarity, with_items.

An edge set (old index, new index; each found "order" or "moved") becomes the entries of
CONTRACT.md in the new report's reading order: an old section with several edges is ``split``, a
new one with several ``merged``; a one-to-one pair is ``moved`` when found out of order,
``unchanged`` when its text is the same (ordinal aside), ``renamed`` when its masked title changed,
else ``changed``. A unit whose children are items is judged, and its similarity measured, with its
items: that is what a reader sees under its heading.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence

from compare.models import Section, SectionPair
from compare.textkit.chars import fold
from compare.textkit.headings import strip_ordinal
from compare.textkit.vectors import text_similarity
from compare.tuning import DEFAULT, AlignTuning

__all__ = ["body_similarity", "entries", "entry_similarity", "with_items"]

Edge = tuple[int, int]


def with_items(sections: Sequence[Section], k: int, top: int) -> str:
    """A section's text with its item descendants (deeper than level ``top``): what a reader
    sees under its heading when its children are items; a part's units stand on their own."""
    s = sections[k]
    parts = [s.text]
    prefix, below = s.path + "/", ""
    for d in sections[k + 1 :]:
        if not d.path.startswith(prefix):
            break
        if d.level <= top:
            below = d.path + "/"  # a unit child: its items are its own
        elif not (below and d.path.startswith(below)):
            parts.append(d.text)
    return "\n".join(parts)


def _unnumbered(text: str, title: str) -> str:
    """``text`` folded, its heading's ordinal left out: a renumbered heading is the same."""
    bare = strip_ordinal(title) if title else ""
    if title and text.startswith(title):
        text = bare + text[len(title) :]
    return fold(text)


def entry_similarity(
    old: Sequence[Section], new: Sequence[Section], i: int, j: int, t: AlignTuning
) -> float:
    a, b = old[i], new[j]
    top = t.provenance_max_level
    body_a = with_items(old, i, top)[len(a.title) :].lstrip("\n")
    body_b = with_items(new, j, top)[len(b.title) :].lstrip("\n")
    return round(text_similarity(body_a, body_b, exact_max_chars=t.similarity_max_chars), 4)


def _status(
    old: Sequence[Section], new: Sequence[Section], i: int, j: int, title_sim: float,
    moved: bool, t: AlignTuning,
) -> str:
    if moved:
        return "moved"
    a, b = old[i], new[j]
    top = t.provenance_max_level
    text_a, text_b = with_items(old, i, top), with_items(new, j, top)
    if _unnumbered(text_a, a.title) == _unnumbered(text_b, b.title):
        return "unchanged"
    if title_sim < t.rename_title_ceiling and a.title and b.title:
        return "renamed"
    return "changed"


def body_similarity(a: Section, b: Section, *, tuning: AlignTuning = DEFAULT.align) -> float:
    """How alike two section bodies are, 0.0-1.0: ``textkit.vectors.text_similarity`` (Indel
    similarity of the folded text, or a bigram measure for bodies too long for the quadratic
    one)."""
    return round(text_similarity(a.body, b.body, exact_max_chars=tuning.similarity_max_chars), 4)


def entries(
    old: Sequence[Section],
    new: Sequence[Section],
    edges: dict[Edge, str],
    title_sim: Callable[[int, int], float],
    *,
    tuning: AlignTuning,
) -> tuple[SectionPair, ...]:
    """The entries of a set of edges (each "order" or "moved") in the new report's reading order,
    removed sections where they stood: an old section with several edges is ``split``, else a new
    one with several is ``merged``."""
    out_degree = Counter(i for i, _ in edges)
    in_degree = Counter(j for _, j in edges)
    by_new: dict[int, list[int]] = {}
    for i, j in edges:
        by_new.setdefault(j, []).append(i)
    flat: list[tuple[int | None, SectionPair]] = []
    for j, b in enumerate(new):
        for i in sorted(by_new.get(j, [])):
            if out_degree[i] > 1:
                status = "split"
            elif in_degree[j] > 1:
                status = "merged"
            else:
                moved = edges[(i, j)] == "moved"
                status = _status(old, new, i, j, title_sim(i, j), moved, tuning)
            pair = SectionPair(status, old[i], b, entry_similarity(old, new, i, j, tuning))
            flat.append((i, pair))
        if j not in by_new:
            flat.append((None, SectionPair("added", None, b, 0.0)))
    removed = [i for i in range(len(old)) if i not in out_degree]
    # Each removed section goes right after the last entry that holds an earlier old section.
    by_old = sorted((at, k) for k, (at, _pair) in enumerate(flat) if at is not None)
    last: list[int] = []  # last[n]: the latest entry among the n+1 smallest old indexes
    for _at, k in by_old:
        last.append(max(k, last[-1]) if last else k)
    after: dict[int, list[int]] = {}  # entry position -> removed old indexes that follow it
    for gone in removed:
        n = bisect_left(by_old, (gone, -1))
        after.setdefault(last[n - 1] + 1 if n else 0, []).append(gone)
    out: list[SectionPair] = []
    for k in range(len(flat) + 1):
        out.extend(SectionPair("removed", old[g], None, 0.0) for g in after.get(k, ()))
        if k < len(flat):
            out.append(flat[k][1])
    return tuple(out)
