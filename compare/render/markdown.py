"""The Markdown summary of one comparison.

Public API: render_markdown, md_snippet.
"""

from __future__ import annotations

import re

from compare.models import Comparison, SectionPair, TextDiff
from compare.render.base import visible
from compare.render.labels import generator
from compare.render.metricrows import metric_rows, summary
from compare.render.pairwords import where_text
from compare.render.rows import Row, diff_rows
from compare.render.tables import page_at
from compare.render.view import build_entries, line_at
from compare.tuning import DEFAULT, RenderTuning

__all__ = ["md_snippet", "render_markdown"]


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#])")


def _md(text: str) -> str:
    """Report text safe inside a Markdown paragraph or table cell: one line, specials escaped."""
    text = visible(text).replace("\r", "")
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ↵ ")


def _md_mark(text: str, marker: str) -> str:
    """``text`` wrapped in ``marker`` so that CommonMark's flanking rules accept it.

    Spaces go outside the markers, which must touch non-space characters; a change of
    whitespace only is shown as ␣ or ↵.
    """
    core = _md(text)
    if not core.strip():
        core = core.replace(" ↵ ", "↵").replace(" ", "␣").replace("\t", "␣")
    return f" {marker}{core.strip()}{marker} "


def md_snippet(row: Row, diff: TextDiff) -> str:
    """One diff row as a Markdown line: deletions struck through, insertions bold."""
    parts = []
    for seg in row.segs:
        if seg.tag == "equal":
            parts.append(_md(seg.new))
        if seg.tag in ("delete", "replace"):
            parts.append(_md_mark(seg.old, "~~"))
        if seg.tag in ("insert", "replace"):
            parts.append(_md_mark(seg.new, "**"))
    text = re.sub(" {2,}", " ", "".join(parts)).strip()
    before = "…" if row.old_at > 0 or row.new_at > 0 else ""
    after = "…" if row.old_end < len(diff.a) or row.new_end < len(diff.b) else ""
    return f"{before}{text}{after}"


def _md_title(title: str | None) -> str:
    if title is None:
        return "—"
    return _md(title) if title else "(preamble)"


def render_markdown(comparison: Comparison, *, tuning: RenderTuning = DEFAULT.render) -> str:
    """The comparison as a Markdown summary: sections table, wording snippets, metrics table."""
    old_year, new_year = comparison.old.year, comparison.new.year
    context, most = tuning.md_context_chars, tuning.md_max_snippets
    entries = build_entries(comparison, context=context, collapse_min=1, tuning=tuning)
    counts = summary(comparison)
    out = [
        f"# {_md(comparison.series)}: {old_year} → {new_year}",
        "",
        f"- **{old_year}**: {_md(comparison.old.title)}",
        f"- **{new_year}**: {_md(comparison.new.title)}",
        f"- Overall similarity: {comparison.similarity * 100:.1f}%",
        "- Sections: " + (", ".join(f"{n} {s}" for s, n in counts["sections"]) or "none"),
        "- Metrics: " + ", ".join(f"{n} {label}" for _, label, n in counts["metrics"]),
        "",
        "## Sections",
        "",
        f"| # | status | {old_year} | {new_year} | changed |",
        "|---:|---|---|---|---:|",
    ]
    for e, pair in zip(entries, comparison.sections, strict=True):
        note = f" ({pair.relation.replace('_', ' ')})" if pair.relation else ""
        note += " (set by hand)" if pair.set_by_hand else ""
        note += f" (renumbered {_md(e.renumbered)})" if e.renumbered else ""
        out.append(
            f"| {e.index} | {e.status} | {_md_title(e.old_title)} "
            f"| {_md_title(e.new_title)}{note} | {e.change * 100:.1f}% |"
        )
    out += ["", "## Wording changes", ""]
    any_changes = False
    for e, pair, diff in zip(entries, comparison.sections, comparison.diffs, strict=True):
        if diff is None or all(op[0] == "equal" for op in diff.opcodes):
            continue
        any_changes = True
        title = e.new_title if e.new_title is not None else e.old_title
        head = f"### {e.index}. {_md_title(title)}"
        out += [f"{head} ({e.status}, {e.change * 100:.1f}% changed)", ""]
        if diff.note:
            out += [f"*{_md(diff.note)}*", ""]
        hunks = [
            row
            for row in diff_rows(
                diff,
                context=context,
                collapse_min=1,
                merge_max=tuning.merge_equal_chars,
            )
            if row.kind == "hunk" and row.changed
        ]
        for row in hunks[:most]:
            where = _md_where(row, pair, old_year, new_year)
            out.append(f"- {where}{md_snippet(row, diff)}")
        if len(hunks) > most:
            out.append(f"- … and {len(hunks) - most} more changes")
        out.append("")
    if not any_changes:
        out += ["No wording changes.", ""]
    out += ["## Metric changes", ""]
    if comparison.metrics:
        out += [
            f"| label | {old_year} | {new_year} | Δ | Δ% | status | lines |",
            "|---|---:|---:|---:|---:|---|---|",
        ]
        for m in metric_rows(comparison):
            lines = " / ".join(
                f"p. {m[side + '_page']}: {m[side + '_line']}" if m[side + "_page"]
                else str(m[side + "_line"] or "—")
                for side in ("old", "new")
            )
            delta = f"{m['arrow']} {m['delta']}".strip()
            out.append(
                f"| {_md(m['label'])} | {_md(m['old']) or '—'} | {_md(m['new']) or '—'} "
                f"| {_md(delta) or '—'} | {_md(m['delta_percent']) or '—'} | {m['status']} "
                f"| {lines} |"
            )
    else:
        out.append("No metrics.")
    out += ["", f"*Made by {generator()}.*"]
    return "\n".join(out) + "\n"


def _md_where(row: Row, pair: SectionPair, old_year: int, new_year: int) -> str:
    old_line, new_line = line_at(pair.old, row.old_at), line_at(pair.new, row.new_at)
    if old_line is None and new_line is None:
        return ""
    parts = []
    if old_line is not None:
        parts.append(f"{old_year} {where_text(page_at(pair.old, row.old_at), old_line)}")
    if new_line is not None:
        parts.append(f"{new_year} {where_text(page_at(pair.new, row.new_at), new_line)}")
    return "(" + ", ".join(parts) + ") "
