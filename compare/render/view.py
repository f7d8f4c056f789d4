"""The view model shared by the pair page and the Markdown summary: entries and their diff
rows, with every piece of report text made visible (never marked safe).

Public API: build_entries, group_titles, line_at, top_changed, Entry, Link. The metric tables and
the summary counts are in ``compare.render.metricrows``.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from compare.errors import CompareError
from compare.models import (
    Comparison,
    Metric,
    Section,
    SectionPair,
    TextDiff,
)
from compare.render.base import visible
from compare.render.pairwords import metric_title, note_text, sentence
from compare.render.rows import Row, diff_rows
from compare.render.tables import page_at, split_at_tables, with_tables
from compare.textkit.chars import fold
from compare.textkit.headings import strip_ordinal
from compare.tuning import DEFAULT, RenderTuning

__all__ = [
    "Entry",
    "Link",
    "build_entries",
    "group_titles",
    "line_at",
    "top_changed",
]


def line_at(section: Section | None, offset: int) -> int | None:
    """Source line of the block of ``section.text`` that holds ``offset``."""
    if section is None:
        return None
    block = section.text.count("\n", 0, offset)
    if block < len(section.lines):
        return section.lines[block]
    return section.line if block == 0 else None


@dataclass(frozen=True)
class Link:
    """A reference from one entry to another."""

    anchor: str
    label: str


@dataclass
class Entry:
    """One SectionPair as the templates see it."""

    index: int  # 1-based
    anchor: str
    status: str
    level: int
    old_title: str | None
    new_title: str | None
    old_line: int | None
    new_line: int | None
    similarity: float
    change: float
    rows: list[dict[str, Any]] = field(default_factory=list)
    moves: list[dict[str, Any]] = field(default_factory=list)  # moved sentences, word-diffed
    only_text: str | None = None  # added/removed: the one side's text
    note: str = ""
    relation: str = ""
    links: list[Link] = field(default_factory=list)
    old_page: int | None = None  # PDF page of the heading (None for sources without pages)
    new_page: int | None = None
    renumbered: str = ""  # "(二) → (一)" when the titles differ by their ordinal only
    only_number: bool = False  # the text is the same but for the ordinal
    see: Link | None = None  # a split/merge shown with all its parts at another entry
    joined_caption: str = ""  # the parts' titles when the rows are the diff of a whole split/merge
    set_by_hand: bool = False
    both_titles: str = ""  # "old → new" (parts joined by " + " for a split/merge)


def _anchor(index: int, pair: SectionPair) -> str:
    side = pair.new if pair.new is not None else pair.old
    path = side.path.replace("/", "-") if side is not None else "x"
    return f"e{index}-{'n' if pair.new is not None else 'o'}{path}"


def _ref(section: Section | None, limit: int, lang: str) -> str:
    """A section's title cut short enough to quote in a link, made visible."""
    title = section.title.strip() if section is not None else ""
    if len(title) > limit:
        title = title[:limit] + "…"
    return visible(title or sentence("preamble", lang))


Span = tuple[int, int, dict[str, str]]  # start, end in a section's text; the mark's href and title


def _parts(text: str, at: int, spans: list[Span]) -> list[tuple[str, dict[str, str] | None]]:
    """``text`` (which starts at offset ``at`` of its section) cut at the metric spans in it."""
    out: list[tuple[str, dict[str, str] | None]] = []
    pos = 0
    # Spans do not overlap and come sorted, so their ends are sorted too: start at the first span
    # that ends inside this piece and stop past it, instead of walking every span of the section
    # for every piece (a table of 6,000 metrics in one section made the page quadratic).
    first = bisect_right(spans, at, key=lambda sp: sp[1])
    for start, end, mark in spans[first:]:
        if start - at >= len(text):
            break
        lo, hi = max(start - at, pos), min(end - at, len(text))
        if hi <= lo:
            continue
        if lo > pos:
            out.append((visible(text[pos:lo]), None))
        out.append((visible(text[lo:hi]), mark))
        pos = hi
    if pos < len(text) or not out:
        out.append((visible(text[pos:]), None))
    return out


def _row_view(
    row: Row,
    old: Section | None,
    new: Section | None,
    marks: tuple[list[Span], list[Span]] = ([], []),
) -> dict[str, Any]:
    segs = []
    old_at, new_at = row.old_at, row.new_at
    for s in row.segs:
        segs.append(
            {
                "tag": s.tag,
                "old": _parts(s.old, old_at, marks[0]),
                "new": _parts(s.new, new_at, marks[1]),
                "width": s.width_only,
            }
        )
        old_at += len(s.old)
        new_at += len(s.new)
    return {
        "kind": row.kind,
        "changed": row.changed,
        "hidden": row.hidden,
        "old_line": line_at(old, row.old_at),
        "new_line": line_at(new, row.new_at),
        "segs": segs,
        "old_page": page_at(old, row.old_at),
        "new_page": page_at(new, row.new_at),
    }


def _blocks_by_line(section: Section) -> dict[int, list[tuple[int, str]]]:
    """Each block of a section's text with its offset, by its source line."""
    out: dict[int, list[tuple[int, str]]] = {}
    offset = 0
    for k, block in enumerate(section.text.split("\n")):
        line = section.lines[k] if k < len(section.lines) else section.line + k
        out.setdefault(line, []).append((offset, block))
        offset += len(block) + 1
    return out


def _metric_span(
    blocks: dict[int, list[tuple[int, str]]], metric: Metric
) -> tuple[int, int] | None:
    """Where a metric's number stands in its section's text, found through its line and quote
    (``blocks``: the section's blocks by line, from ``_blocks_by_line``)."""
    q = metric.quantity
    for offset, block in blocks.get(q.line, ()):
        base = block.find(q.quote) if q.quote else -1
        hit = block.find(q.text, max(base, 0)) if base >= 0 else -1
        if hit < 0:
            hit = block.find(q.text)
        if hit >= 0 and q.text:
            return offset + hit, offset + hit + len(q.text)
    return None


def _metric_marks(comparison: Comparison, lang: str) -> dict[tuple[int, str], list[Span]]:
    """Spans of every paired or one-sided metric, by (side 0 old / 1 new, section path), their
    tooltips in ``lang``."""
    sections = (
        {s.path: s for s in comparison.old.sections},
        {s.path: s for s in comparison.new.sections},
    )
    marks: dict[tuple[int, str], list[Span]] = {}
    blocks: dict[tuple[int, str], dict[int, list[tuple[int, str]]]] = {}
    for k, change in enumerate(comparison.metrics):
        for side, metric in enumerate((change.old, change.new)):
            section = sections[side].get(metric.section) if metric is not None else None
            if metric is None or section is None:
                continue
            where = (side, section.path)
            if where not in blocks:
                blocks[where] = _blocks_by_line(section)
            span = _metric_span(blocks[where], metric)
            if span is None:
                continue
            title = metric_title(metric, lang)
            mark = {"cls": "metric", "href": f"#m{k + 1}", "title": visible(title)}
            marks.setdefault((side, metric.section), []).append((*span, mark))
    for spans in marks.values():
        spans.sort(key=lambda sp: (sp[0], sp[1]))
    return marks


def _renumbered(pair: SectionPair) -> str:
    """``"(二) → (一)"`` when the two titles differ only by their ordinal, else ``""``."""
    if pair.old is None or pair.new is None or pair.old.title == pair.new.title:
        return ""
    bare_a, bare_b = strip_ordinal(pair.old.title), strip_ordinal(pair.new.title)
    if not bare_a or fold(bare_a) != fold(bare_b):
        return ""
    at_a, at_b = pair.old.title.find(bare_a), pair.new.title.find(bare_b)
    if at_a <= 0 or at_b <= 0:
        return ""
    return f"{visible(pair.old.title[:at_a].strip())} → {visible(pair.new.title[:at_b].strip())}"


def group_titles(
    comparison: Comparison, k: int, *, sep: str = " + ", lang: str = "en"
) -> tuple[str, str]:
    """The old and the new titles of entry ``k``; a split or merge names all its parts, joined
    by ``sep``; ``—`` for a missing side; an untitled preamble named in ``lang``. Made visible,
    not escaped."""
    pair = comparison.sections[k]
    olds: list[Section] = []
    news: list[Section] = []
    if pair.status in ("split", "merged") and not pair.relation:
        for other in comparison.sections:
            if other.status not in ("split", "merged") or other.relation:
                continue
            if (pair.old is not None and other.old == pair.old) or (
                pair.new is not None and other.new == pair.new
            ):
                if other.old is not None and other.old not in olds:
                    olds.append(other.old)
                if other.new is not None and other.new not in news:
                    news.append(other.new)
    olds = olds or [s for s in (pair.old,) if s is not None]
    news = news or [s for s in (pair.new,) if s is not None]

    def names(sections: list[Section]) -> str:
        return sep.join(visible(s.title) or sentence("preamble", lang) for s in sections) or "—"

    return names(olds), names(news)


def _relations(comparison: Comparison, entries: list[Entry], limit: int, lang: str) -> None:
    """Fill in the moved/split/merged notes and links to the counterpart entries, in ``lang``."""
    old_year, new_year = comparison.old.year, comparison.new.year
    years = {"old": old_year, "new": new_year}
    old_order = {s.path: k for k, s in enumerate(comparison.old.sections)}
    by_old: dict[str, list[int]] = {}
    by_new: dict[str, list[int]] = {}
    for k, pair in enumerate(comparison.sections):
        if pair.old is not None:
            by_old.setdefault(pair.old.path, []).append(k)
        if pair.new is not None:
            by_new.setdefault(pair.new.path, []).append(k)
    for k, (pair, entry) in enumerate(zip(comparison.sections, entries, strict=True)):
        if pair.relation == "reported_done":
            entry.relation = sentence("reported_done", lang, **years)
            entry.links = [
                Link(entries[o].anchor, sentence("its_entry", lang, **years))
                for o in by_old.get(pair.old.path if pair.old else "", [])
                if o != k and not comparison.sections[o].relation
            ]
        elif pair.status == "moved" and pair.old is not None:
            pos = old_order.get(pair.old.path)
            if pos is None:
                entry.relation = sentence("moved_elsewhere", lang, **years)
                continue
            entry.relation = sentence("moved_from", lang, pos=pos + 1, **years)
            if pos > 0:
                before = comparison.old.sections[pos - 1]
                for other in by_old.get(before.path, []):
                    title = _ref(before, limit, lang)
                    entry.links.append(
                        Link(entries[other].anchor, sentence("after", lang, title=title, **years))
                    )
                    break
        elif pair.status == "split" and pair.old is not None:
            title = _ref(pair.old, limit, lang)
            entry.relation = sentence("split_of", lang, title=title, **years)
            entry.links = [
                Link(entries[o].anchor, sentence(
                    "part", lang, year=new_year, title=_ref(comparison.sections[o].new, limit, lang)
                ))
                for o in by_old[pair.old.path]
                if o != k
            ]
        elif pair.status == "merged" and pair.new is not None:
            title = _ref(pair.new, limit, lang)
            entry.relation = sentence("merged_into", lang, title=title, **years)
            entry.links = [
                Link(entries[o].anchor, sentence(
                    "part", lang, year=old_year, title=_ref(comparison.sections[o].old, limit, lang)
                ))
                for o in by_new[pair.new.path]
                if o != k
            ]


def _without(span: tuple[int, int], taken: list[Span]) -> list[tuple[int, int]]:
    """The parts of ``span`` that no span in ``taken`` covers."""
    pieces, pos = [], span[0]
    for start, end, _mark in taken:
        if end <= pos or start >= span[1]:
            continue
        if start > pos:
            pieces.append((pos, start))
        pos = max(pos, end)
    if pos < span[1]:
        pieces.append((pos, span[1]))
    return pieces


def _with_moves(
    anchor: str, diff: TextDiff, spans: tuple[list[Span], list[Span]], lang: str
) -> tuple[list[Span], list[Span]]:
    """Metric spans plus the moved sentences' spans, which give way where a metric stands."""
    out: tuple[list[Span], list[Span]] = (list(spans[0]), list(spans[1]))
    for k, move in enumerate(diff.moves, start=1):
        for side, (span, title) in enumerate(
            (
                (move.a, sentence("moved_away", lang)),
                (move.b, sentence("moved_in", lang)),
            )
        ):
            mark = {"cls": "move", "href": f"#{anchor}-mv{k}", "title": title}
            out[side].extend((s, e, mark) for s, e in _without(span, spans[side]))
    for spans_of_side in out:
        spans_of_side.sort(key=lambda sp: (sp[0], sp[1]))
    return out


def _with_cross(
    spans: tuple[list[Span], list[Span]], old: list[Span], new: list[Span]
) -> tuple[list[Span], list[Span]]:
    """``spans`` plus the marks of sentences moved between sections, where nothing is marked."""
    out: tuple[list[Span], list[Span]] = (list(spans[0]), list(spans[1]))
    for side, extra in enumerate((old, new)):
        for start, end, mark in extra:
            out[side].extend((s, e, mark) for s, e in _without((start, end), spans[side]))
        out[side].sort(key=lambda sp: (sp[0], sp[1]))
    return out


def _move_views(
    anchor: str, diff: TextDiff, pair: SectionPair, comparison: Comparison
) -> list[dict[str, Any]]:
    """Each moved sentence with its lines and its word diff, for the panel under the entry."""
    views = []
    for k, move in enumerate(diff.moves, start=1):
        a, b = diff.a[move.a[0] : move.a[1]], diff.b[move.b[0] : move.b[1]]
        segs = [
            {
                "tag": tag,
                "old": [(visible(a[i1:i2]), None)],
                "new": [(visible(b[j1:j2]), None)],
                "width": False,
            }
            for tag, i1, i2, j1, j2 in move.opcodes
        ]
        views.append(
            {
                "id": f"{anchor}-mv{k}",
                "old_line": line_at(pair.old, move.a[0]),
                "new_line": line_at(pair.new, move.b[0]),
                "similarity": move.similarity,
                "from_title": "",  # the same section: no link needed
                "from_anchor": "",
                "segs": segs,
            }
        )
    return views


def _cross_moves(
    comparison: Comparison, anchors: list[str], lang: str
) -> tuple[dict[tuple[int, int], list[tuple[int, int, dict[str, str]]]], dict[int, list[Any]]]:
    """Marks of the sentences that moved between sections, by (entry, side), and the panel
    items of each receiving entry: the sentence, where it came from, and its word diff."""
    marks: dict[tuple[int, int], list[tuple[int, int, dict[str, str]]]] = {}
    panels: dict[int, list[Any]] = {}
    for n, move in enumerate(comparison.moves, start=1):
        target = f"#{anchors[move.new_entry]}-xm{n}"
        marks.setdefault((move.old_entry, 0), []).append(
            (*move.a, {"cls": "move", "href": target, "title": sentence("moved_out", lang)})
        )
        marks.setdefault((move.new_entry, 1), []).append(
            (*move.b, {"cls": "move", "href": target, "title": sentence("moved_over", lang)})
        )
        old_diff, new_diff = comparison.diffs[move.old_entry], comparison.diffs[move.new_entry]
        source = comparison.sections[move.old_entry].old
        if old_diff is None or new_diff is None or source is None:
            continue
        a = old_diff.a[move.a[0] : move.a[1]]
        b = new_diff.b[move.b[0] : move.b[1]]
        panels.setdefault(move.new_entry, []).append(
            {
                "id": f"{anchors[move.new_entry]}-xm{n}",
                "old_line": line_at(source, move.a[0]),
                "new_line": line_at(comparison.sections[move.new_entry].new, move.b[0]),
                "similarity": move.similarity,
                "from_title": visible(source.title) or sentence("preamble", lang),
                "from_anchor": anchors[move.old_entry],
                "segs": [
                    {"tag": tag, "old": [(visible(a[i1:i2]), None)],
                     "new": [(visible(b[j1:j2]), None)], "width": False}
                    for tag, i1, i2, j1, j2 in move.opcodes
                ],
            }
        )
    return marks, panels


def build_entries(
    comparison: Comparison,
    *,
    context: int,
    collapse_min: int,
    tuning: RenderTuning = DEFAULT.render,
    lang: str = "en",
) -> list[Entry]:
    """One view per entry of the comparison: titles, lines, diff rows with context of
    ``context`` characters (runs of ``collapse_min`` or more hidden behind a button), metric and
    moved-sentence marks, and the relations between split and merged entries; the sentences of
    ours in them (relations, tooltips, notes) in ``lang``, the page's language."""
    if len(comparison.diffs) != len(comparison.sections):
        raise CompareError(
            f"The comparison has {len(comparison.sections)} sections but "
            f"{len(comparison.diffs)} diffs.",
            "Build Comparison.diffs parallel to Comparison.sections (None for added/removed).",
        )
    entries = []
    marks = _metric_marks(comparison, lang)
    anchors = [_anchor(k + 1, pair) for k, pair in enumerate(comparison.sections)]
    cross_marks, cross_panels = _cross_moves(comparison, anchors, lang)
    for k, (pair, diff) in enumerate(zip(comparison.sections, comparison.diffs, strict=True)):
        side = pair.new if pair.new is not None else pair.old
        entry = Entry(
            index=k + 1,
            anchor=_anchor(k + 1, pair),
            status=pair.status,
            level=side.level if side is not None else 1,
            old_title=visible(pair.old.title) if pair.old is not None else None,
            new_title=visible(pair.new.title) if pair.new is not None else None,
            old_line=pair.old.line if pair.old is not None else None,
            new_line=pair.new.line if pair.new is not None else None,
            similarity=pair.similarity,
            change=comparison.change_of(k) if comparison.changes else _change(pair, diff),
            note=visible(note_text(diff.note, lang)) if diff is not None else "",
            old_page=(pair.old.page or None) if pair.old is not None else None,
            new_page=(pair.new.page or None) if pair.new is not None else None,
            renumbered=_renumbered(pair),
            set_by_hand=pair.set_by_hand,
            both_titles=" → ".join(group_titles(comparison, k, lang=lang)),
        )
        entry.only_number = bool(entry.renumbered) and pair.status == "unchanged"
        joined = comparison.joined[k] if comparison.joined else None
        first = _group_first(comparison, k)
        if first is not None and first != k:
            entry.see = Link(anchors[first], f"#{first + 1}")
        if joined is not None:
            entry.joined_caption = entry.both_titles
            entry.rows = [
                _row_view(r, None, None)
                for r in diff_rows(
                    joined,
                    context=context,
                    collapse_min=collapse_min,
                    merge_max=tuning.merge_equal_chars,
                )
            ]
        elif diff is not None:
            rows = diff_rows(
                diff,
                context=context,
                collapse_min=collapse_min,
                merge_max=tuning.merge_equal_chars,
            )
            spans = (
                marks.get((0, pair.old.path), []) if pair.old is not None else [],
                marks.get((1, pair.new.path), []) if pair.new is not None else [],
            )
            if diff.moves:
                entry.moves = _move_views(entry.anchor, diff, pair, comparison)
                spans = _with_moves(entry.anchor, diff, spans, lang)
            if (k, 0) in cross_marks or (k, 1) in cross_marks:
                spans = _with_cross(spans, cross_marks.get((k, 0), []), cross_marks.get((k, 1), []))
            entry.moves += cross_panels.get(k, [])
            if pair.old is not None and pair.new is not None:
                rows = split_at_tables(rows, pair.old, pair.new)
            entry.rows = [_row_view(r, pair.old, pair.new, spans) for r in rows]
            if pair.old is not None and pair.new is not None:
                entry.rows = with_tables(rows, entry.rows, pair.old, pair.new, lang)
        elif side is not None:
            entry.only_text = visible(side.text)
        entries.append(entry)
    _relations(comparison, entries, tuning.ref_title_chars, lang)
    return entries


def _group_first(comparison: Comparison, k: int) -> int | None:
    """The entry that shows split/merge entry ``k`` with all its parts (it holds the joined
    diff), or None when ``k`` is not part of one."""
    if not comparison.joined or comparison.sections[k].status not in ("split", "merged"):
        return None
    pair = comparison.sections[k]
    for n, other in enumerate(comparison.sections):
        if comparison.joined[n] is None:
            continue
        if other.old == pair.old or other.new == pair.new:
            return n
    return None


def _change(pair: SectionPair, diff: TextDiff | None) -> float:
    """The change score of an entry, 0.0-1.0: the share of its tokens in edits (``TextDiff.change``,
    as the terminal summary and the timeline rank them); 1.0 for an added or removed section."""
    if diff is not None:
        return diff.change
    if pair.status in ("added", "removed"):
        return 1.0
    return max(0.0, min(1.0, 1.0 - pair.similarity))


def top_changed(
    comparison: Comparison, entries: list[Entry], *, tuning: RenderTuning = DEFAULT.render
) -> list[Entry]:
    """The most changed entries, as the terminal lists them (``Comparison.most_changed``)."""
    return [entries[k] for k in comparison.most_changed(limit=tuning.top_changed)]
