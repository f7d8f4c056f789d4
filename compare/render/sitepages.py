"""The pages of a series site: the index, the section timeline and the trace of one section.

Public API: render_index, render_timeline, render_trace, render_trace_text, templates_hash,
SITE_PAGES.

The pair and trends pages are rendered by ``render_html`` and ``render_trends`` with
``nav=SITE_PAGES``: every page of the site carries the same bar of links to the others
(templates/_nav.html.j2). Like the pair page, these pages are
self-contained (inline CSS, no script), deterministic and escape all report text.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from compare.render.base import environment, template_dir, visible
from compare.render.labels import labels, literal_labels, page_lang, site_nav
from compare.render.markdown import md_snippet
from compare.render.rows import Row, diff_rows
from compare.tuning import DEFAULT, Tuning

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from compare.models import TextDiff
    from compare.series.site import SitePair, SiteYear
    from compare.series.timeline import Event, Timeline, Trace

__all__ = [
    "SITE_PAGES",
    "render_index",
    "render_timeline",
    "render_trace",
    "render_trace_text",
    "templates_hash",
]

# The site's own pages, in the order of the navigation bar.
SITE_PAGES = (
    ("index.html", "Index"),
    ("timeline.html", "Section timeline"),
    ("trends.html", "Metric trends"),
    ("phrases.html", "Expressions"),
)

_KIND_LABEL = {
    "present": "in report",
    "introduced": "new",
    "unchanged": "same",
    "changed": "changed",
    "renamed": "renamed",
    "moved": "moved",
    "split": "split",
    "merged": "merged",
    "dropped": "dropped",
}


def templates_hash() -> str:
    """sha256 over every template file's name and bytes: a page depends on all it includes."""
    h = hashlib.sha256()
    for path in sorted(template_dir().iterdir()):
        if path.is_file():
            h.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _heat(similarity: float) -> str:
    """A background colour for a similarity: red (rewritten) through yellow to green (kept)."""
    hue = round(max(0.0, min(1.0, similarity)) * 120)
    return f"hsl({hue} 70% 82%)"


def render_index(
    series: str,
    years: Sequence[SiteYear],
    pairs: Sequence[SitePair],
    *,
    command: str,
    lang: str | None = None,
) -> str:
    """The site's front page: years, the heat strip of consecutive pairs, every pair page.

    ``lang`` is the language of the series' reports (``labels.page_lang``); without it, it is
    read from the series name and the titles, which may be bare years.
    """
    consecutive = [p for p in pairs if p.consecutive]
    extra = [p for p in pairs if not p.consecutive]
    view = [
        {
            "old": p.old,
            "new": p.new,
            "file": p.file,
            "similarity": p.similarity,
            "heat": _heat(p.similarity),
            "gap": p.new - p.old > 1,
            "counts": [(status, n) for status, n in p.counts],
        }
        for p in consecutive
    ]
    words = literal_labels(lang or page_lang([series, *(y.title for y in years)]))
    first, last = (years[0].year, years[-1].year) if years else ("", "")
    span = (
        words["one_year_span"].format(year=first)
        if first == last
        else words["years_span"].format(first=first, last=last)
    )
    template = environment(str(template_dir())).get_template("index.html.j2")
    return template.render(
        L=words,
        span=span,
        series=visible(series),
        years=[
            {
                "year": y.year,
                "title": visible(y.title),
                "sections": y.sections,
                "metrics": y.metrics,
                "sha": y.sha256[:12],
            }
            for y in years
        ],
        pairs=view,
        extra=[
            {"old": p.old, "new": p.new, "file": p.file, "similarity": p.similarity} for p in extra
        ],
        command=visible(command),
        nav=site_nav(SITE_PAGES, words["lang"]),
        current="index.html",
    )


def _entry_anchor(entry: int | None, side: str, path: str | None) -> str | None:
    """The pair page's id of an entry; mirrors ``page._anchor`` (a test checks they agree)."""
    if entry is None or path is None:
        return None
    return f"e{entry + 1}-{side}{path.replace('/', '-')}"


def _cell(
    event: Event,
    previous: Event | None,
    pair_files: Mapping[tuple[int, int], str],
    prev_year: int | None,
    titles: Mapping[str, str],
    paths: Mapping[tuple[str, int], str | None],
) -> dict[str, Any]:
    href = None
    if prev_year is not None and (prev_year, event.year) in pair_files:
        if event.path is not None:
            anchor = _entry_anchor(event.entry, "n", event.path)
        elif event.kind == "dropped":
            anchor = _entry_anchor(event.entry, "o", previous.path if previous else None)
        else:  # merged into another lineage: the entry is keyed by the section it joined
            anchor = _entry_anchor(event.entry, "n", paths.get((event.other or "", event.year)))
        if event.entry is not None:
            href = pair_files[(prev_year, event.year)] + (f"#{anchor}" if anchor else "")
    change = event.change
    return {
        "kind": event.kind,
        "label": _KIND_LABEL[event.kind],
        "title": visible(
            (event.title if event.path else previous.title if previous else "").strip()
        ),
        "path": event.path or "",
        "change": change,
        "pct": "" if change is None else f"{change * 100:.0f}%",
        "heat": "" if change is None else f"{change:.2f}",
        "href": href,
        "other": _lineage_anchor(event.other) if event.other else None,
        "other_title": titles.get(event.other or "", ""),
        "ends": event.path is None,
    }


def _lineage_anchor(lineage_id: str) -> str:
    return "l-" + lineage_id.replace(":", "-").replace("/", "-")


def render_timeline(
    timeline: Timeline, pair_files: Mapping[tuple[int, int], str], *, lang: str | None = None
) -> str:
    """Each section's life across the years as a grid: one row per lineage, one column a year.

    ``pair_files`` maps (old year, new year) of each consecutive pair to its page, so that a cell
    links to the entry of the pair page that carried the section into that year. ``lang``: as
    for ``render_index`` (here read from the section titles, of which one year has none).
    """
    years = list(timeline.years)
    words = labels(lang or page_lang([timeline.series, *(ln.title for ln in timeline.lineages)]))
    titles = {ln.id: visible(ln.title.strip()) or words["preamble"] for ln in timeline.lineages}
    paths = {(ln.id, e.year): e.path for ln in timeline.lineages for e in ln.events}
    rows: list[dict[str, Any]] = []
    for k, lineage in enumerate(timeline.lineages, start=1):
        cells: list[dict[str, Any] | None] = []
        previous: Event | None = None
        for n, year in enumerate(years):
            event = lineage.event(year)
            if event is None:
                cells.append(None)
                continue
            prev_year = years[n - 1] if n > 0 else None
            cells.append(_cell(event, previous, pair_files, prev_year, titles, paths))
            previous = event
        mean = lineage.mean_change
        rows.append(
            {
                "index": k,
                "id": _lineage_anchor(lineage.id),
                "title": titles[lineage.id],
                "level": lineage.level,
                "parent": _lineage_anchor(lineage.parent) if lineage.parent else None,
                "parent_title": titles.get(lineage.parent or "", ""),
                "first": lineage.first_year,
                "last": lineage.last_year,
                "mean": "" if mean is None else f"{mean * 100:.0f}%",
                "cells": cells,
            }
        )
    if words["lang"] != "en":
        for row in rows:
            for cell in row["cells"]:
                if cell is not None:
                    cell["label"] = words.get(f"st_{cell['kind']}", cell["label"])
    kinds = [
        (kind, words.get(f"st_{kind}", label) if words["lang"] != "en" else label)
        for kind, label in _KIND_LABEL.items()
    ]
    template = environment(str(template_dir())).get_template("timeline.html.j2")
    return template.render(
        series=visible(timeline.series),
        years=years,
        rows=rows,
        kinds=kinds,
        nav=site_nav(SITE_PAGES, words["lang"]),
        current="timeline.html",
        L=words,
    )


# --- trace -----------------------------------------------------------------------------------


def _segments(row: Row) -> list[dict[str, str]]:
    return [{"tag": s.tag, "old": visible(s.old), "new": visible(s.new)} for s in row.segs]


def trace_rows(diff: TextDiff, *, tuning: Tuning = DEFAULT) -> list[dict[str, Any]]:
    """The changed hunks of one step of a trace, as inline segments (gaps folded away)."""
    rows = diff_rows(
        diff,
        context=tuning.series.trace_context_chars,
        collapse_min=1,
        merge_max=tuning.render.merge_equal_chars,
    )
    return [{"segs": _segments(r)} for r in rows if r.kind == "hunk" and r.changed]


def render_trace(trace: Trace, *, tuning: Tuning = DEFAULT) -> str:
    """One section's text across years with the changes of each consecutive pair, as a page."""
    texts = [s.section.text for s in trace.steps if s.section is not None]
    lang = page_lang([trace.series, trace.title, *texts])
    words = literal_labels(lang)
    steps = []
    for step in trace.steps:
        steps.append(
            {
                "year": step.year,
                "status": step.status,
                # English shows the status as named (present, introduced), as it always has
                "label": step.status if lang == "en" else words[f"st_{step.status}"],
                "path": step.section.path if step.section is not None else "",
                "title": visible(step.section.title.strip()) if step.section is not None else "",
                "text": visible(step.section.text) if step.section is not None else "",
                "change": step.change,
                "rows": trace_rows(step.diff, tuning=tuning) if step.diff is not None else [],
            }
        )
    template = environment(str(template_dir())).get_template("trace.html.j2")
    return template.render(
        L=words,
        series=visible(trace.series),
        query=visible(trace.query),
        title=visible(trace.title.strip()) or words["preamble"],
        steps=steps,
    )


def render_trace_text(trace: Trace, *, full: bool = False, tuning: Tuning = DEFAULT) -> str:
    """A trace for the terminal: the first year's text, then each year's changed words.

    Changes are marked as in the Markdown summary (~~removed~~ **added**). With ``full``, every
    year's whole text follows its changes.
    """
    out = [
        f"{trace.series}: {trace.title.strip() or '(preamble)'} ({trace.path}), "
        f"{trace.steps[0].year}–{trace.steps[-1].year}"
    ]
    for step in trace.steps:
        section = step.section
        head = f"== {step.year} {step.status}"
        if step.change is not None:
            head += f", {step.change * 100:.0f}% of words changed"
        if section is not None:
            head += f" — {section.path} {' '.join(section.title.split())}"
        out += ["", visible(head)]
        if step.diff is not None:
            rows = diff_rows(
                step.diff,
                context=tuning.series.trace_context_chars,
                collapse_min=1,
                merge_max=tuning.render.merge_equal_chars,
            )
            hunks = [r for r in rows if r.kind == "hunk" and r.changed]
            out += [f"- {md_snippet(r, step.diff)}" for r in hunks] or ["(no wording change)"]
        if section is not None and (full or step.diff is None):
            out.append(visible(section.text))
    return "\n".join(out) + "\n"
