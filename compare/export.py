"""The JSON documents of CONTRACT.md, built from the pipeline's dataclasses.

Public API: pair_json, metrics_json, list_json, section_ref, quantity_json, metrics_csv, CSV_BOM,
trace_json, timeline_json, TRACE_SCHEMA, TIMELINE_SCHEMA,
PAIR_SCHEMA, METRICS_SCHEMA, LIST_SCHEMA, search_json, SEARCH_SCHEMA.

Plain dicts of plain values, ready for ``json.dumps(..., ensure_ascii=False)``. Fields are those of
CONTRACT.md; the ones added beyond it are listed in the README and never replace a contract field.
``list_json``, ``shown_path``, ``to_json`` and ``LIST_SCHEMA`` live in ``compare.jsondocs``
(re-exported here), so that ``compare list`` loads no metric module.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from compare.jsondocs import LIST_SCHEMA, list_json, shown_path, to_json
from compare.metrics.display import delta_text, shown_text
from compare.models import (
    SECTION_STATUSES,
    Comparison,
    CrossMove,
    Metric,
    MetricChange,
    MetricOutcome,
    Quantity,
    RelatedMetrics,
    Report,
    SearchHit,
    Section,
)

PAIR_SCHEMA = "compare/pair/1"
METRICS_SCHEMA = "compare/metrics/1"
METRIC_STATUSES = ("changed", "unchanged", "added", "removed")


def section_ref(section: Section | None) -> dict[str, Any] | None:
    """A CONTRACT section ref: path, level, title, line (and page, for a PDF source)."""
    if section is None:
        return None
    ref: dict[str, Any] = {
        "path": section.path,
        "level": section.level,
        "title": section.title,
        "line": section.line,
    }
    if section.page:
        ref["page"] = section.page
    return ref


def quantity_json(q: Quantity) -> dict[str, Any]:
    """A CONTRACT quantity: value, unit, text, line, quote (and page, for a PDF source)."""
    out: dict[str, Any] = {
        "value": q.value,
        "unit": q.unit,
        "text": q.text,
        "line": q.line,
        "quote": q.quote,
    }
    if q.page:
        out["page"] = q.page
    return out


def _identity(m: Metric) -> dict[str, Any]:
    """What a metric is a figure of (CONTRACT.md): period, qualifiers, the hedge as written; and,
    added by this project, what a target measures and whether it is a from-to's starting value."""
    return {"approx_word": m.approx_word, "period": m.period, "qualifiers": list(m.qualifiers),
            "measure": m.measure or m.kind, "start": m.start}


def _metric_side(m: Metric | None) -> dict[str, Any] | None:
    if m is None:
        return None
    out = quantity_json(m.quantity)
    out.update({"label": m.label, "kind": m.kind, "approx": m.approx, "section": m.section})
    out.update(_identity(m))
    return out


def _outcome(o: MetricOutcome) -> dict[str, Any]:
    return {"label": o.label, "target": _metric_side(o.target), "actual": _metric_side(o.actual)}


def _related(r: RelatedMetrics) -> dict[str, Any]:
    return {"old": _metric_side(r.old), "new": _metric_side(r.new), "reason": r.reason}


def _report_head(r: Report) -> dict[str, Any]:
    return {"year": r.year, "title": r.title, "sha256": r.sha256}


def _metric_change(c: MetricChange) -> dict[str, Any]:
    out: dict[str, Any] = {
        "status": c.status,
        "label": c.label,
        "old": _metric_side(c.old),
        "new": _metric_side(c.new),
        "delta": c.delta,
        "delta_percent": c.delta_percent,
    }
    if c.set_by_hand:
        out["set_by_hand"] = True
    return out


def _cross_move(comp: Comparison, move: CrossMove) -> dict[str, Any]:
    """A sentence moved between sections: both entries' sections, the text on each side."""
    old_diff, new_diff = comp.diffs[move.old_entry], comp.diffs[move.new_entry]
    return {
        "old": section_ref(comp.sections[move.old_entry].old),
        "new": section_ref(comp.sections[move.new_entry].new),
        "old_text": old_diff.a[move.a[0] : move.a[1]] if old_diff is not None else "",
        "new_text": new_diff.b[move.b[0] : move.b[1]] if new_diff is not None else "",
        "similarity": round(move.similarity, 4),
    }


def pair_json(comp: Comparison) -> dict[str, Any]:
    """The ``compare/pair/1`` document of a comparison."""
    section_counts = Counter(p.status for p in comp.sections if not p.relation)
    relation_counts = Counter(p.relation for p in comp.sections if p.relation)
    metric_counts = Counter(c.status for c in comp.metrics)
    sections = []
    for k, (pair, diff) in enumerate(zip(comp.sections, comp.diffs, strict=True)):
        entry: dict[str, Any] = {
            "status": pair.status,
            "old": section_ref(pair.old),
            "new": section_ref(pair.new),
            "similarity": round(pair.similarity, 4),
        }
        if diff is not None:
            entry["change"] = round(comp.change_of(k), 4)
        if pair.relation:
            entry["relation"] = pair.relation
        if pair.set_by_hand:
            entry["set_by_hand"] = True
        sections.append(entry)
    return {
        "schema": PAIR_SCHEMA,
        "series": comp.series,
        "old": _report_head(comp.old),
        "new": _report_head(comp.new),
        "sections": sections,
        "metrics": [_metric_change(c) for c in comp.metrics],
        "outcomes": [_outcome(o) for o in comp.outcomes],
        "related": [_related(r) for r in comp.related],
        "moves": [_cross_move(comp, m) for m in comp.moves],
        "notes": list(comp.notes),
        "summary": {
            "similarity": round(comp.similarity, 4),
            "sections": {s: section_counts.get(s, 0) for s in SECTION_STATUSES},
            "metrics": {s: metric_counts.get(s, 0) for s in METRIC_STATUSES},
            "relations": dict(sorted(relation_counts.items())),
        },
    }


def metrics_json(report: Report) -> dict[str, Any]:
    """The ``compare/metrics/1`` document of one report."""
    rows = []
    for m in report.metrics:
        row: dict[str, Any] = {
            "label": m.label,
            "kind": m.kind,
            "approx": m.approx,
            "section": m.section,
        }
        row.update(quantity_json(m.quantity))
        row.update(_identity(m))
        rows.append(row)
    return {
        "schema": METRICS_SCHEMA,
        "series": report.series,
        "year": report.year,
        "metrics": rows,
    }


_CSV_FIELDS = ("label", "kind", "approx", "section", "value", "unit", "text", "line", "quote",
               "as_written", "approx_word", "period", "qualifiers")
# A UTF-8 byte order mark opens every CSV: without it a Chinese Excel or WPS reads the file in
# the local code page and garbles every label.
CSV_BOM = "\ufeff"


# What a spreadsheet runs as a formula when a cell starts with it (=, +, -, @, and tab or CR
# before one); a plain number such as a negative delta (-2700) is a value, not a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def csv_cell(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs: text starting like a formula (``=HYPERLINK(…)``,
    ``+1``, ``-x``, ``@SUM``) gets a leading apostrophe, as OWASP advises; a plain number, and
    anything else, is written as it is."""
    if (
        isinstance(value, str)
        and value.startswith(_FORMULA_START)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


class _FormulaSafe:
    """A csv writer whose every cell goes through ``csv_cell`` (header included)."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def writeheader(self) -> None:
        self._writer.writeheader()

    def writerow(self, row: Any) -> None:
        if isinstance(row, dict):
            self._writer.writerow({k: csv_cell(v) for k, v in row.items()})
        else:
            self._writer.writerow([csv_cell(v) for v in row])


def _qualifiers(m: Metric | None) -> str:
    return "、".join(m.qualifiers) if m is not None else ""


def metrics_csv(report: Report) -> str:
    """One report's metrics as CSV (UTF-8 with BOM), one row per metric, header first;
    ``as_written`` is the figure with its hedge (近90人)."""
    buf = io.StringIO()
    buf.write(CSV_BOM)
    writer = _FormulaSafe(csv.DictWriter(buf, fieldnames=_CSV_FIELDS, lineterminator="\n"))
    writer.writeheader()
    for m, row in zip(report.metrics, metrics_json(report)["metrics"], strict=True):
        row["approx"] = "true" if row["approx"] else "false"
        row["as_written"] = shown_text(m)
        row["qualifiers"] = _qualifiers(m)
        writer.writerow({k: row[k] for k in _CSV_FIELDS})
    return buf.getvalue()


def metric_changes_csv(comp: Comparison) -> str:
    """A comparison's metric changes as CSV (UTF-8 with BOM), one row per change, header first;
    the figures as written (with their hedge), the change in the report's own magnitude, the
    period and qualifiers follow the plain values."""
    fields = (
        "status",
        "label",
        "old_value",
        "old_text",
        "old_line",
        "new_value",
        "new_text",
        "new_line",
        "unit",
        "delta",
        "delta_percent",
        "old_as_written",
        "new_as_written",
        "delta_as_written",
        "period",
        "qualifiers",
    )
    buf = io.StringIO()
    buf.write(CSV_BOM)
    writer = _FormulaSafe(csv.DictWriter(buf, fieldnames=fields, lineterminator="\n"))
    writer.writeheader()
    for c in comp.metrics:
        old, new = c.old, c.new
        either = new or old
        writer.writerow(
            {
                "status": c.status,
                "label": c.label,
                "old_value": old.quantity.value if old else "",
                "old_text": old.quantity.text if old else "",
                "old_line": old.quantity.line if old else "",
                "new_value": new.quantity.value if new else "",
                "new_text": new.quantity.text if new else "",
                "new_line": new.quantity.line if new else "",
                "unit": either.quantity.unit if either else "",
                "delta": c.delta or "",
                "delta_percent": c.delta_percent or "",
                "old_as_written": shown_text(old) if old else "",
                "new_as_written": shown_text(new) if new else "",
                "delta_as_written": delta_text(c.delta, either.quantity.unit,
                                               like=new.quantity.text) if new and either else "",
                "period": either.period if either else "",
                "qualifiers": _qualifiers(either),
            }
        )
    return buf.getvalue()


# --- multi-year chains (compare/trends/1) ---------------------------------------------------------

if TYPE_CHECKING:  # the metrics module loads rapidfuzz; only its type is needed here
    from compare.metrics.chains import MetricChain

TRENDS_SCHEMA = "compare/trends/1"


def trends_json(chains: Sequence[MetricChain], series: str) -> dict[str, Any]:
    """The ``compare/trends/1`` document: one entry per chain, values parallel to ``years``."""
    years = [year for year, _ in chains[0].values] if chains else []
    return {
        "schema": TRENDS_SCHEMA,
        "series": series,
        "years": years,
        "chains": [
            {
                "label": c.label,
                "unit": c.unit,
                "kind": c.kind,
                "years_stated": len(c.years),
                "values": [
                    None if m is None else {"year": year, **(_metric_side(m) or {})}
                    for year, m in c.values
                ],
            }
            for c in chains
        ],
    }


def trends_csv(chains: Sequence[MetricChain]) -> str:
    """Chains as CSV (UTF-8 with BOM): label, unit, kind, one column of plain values per year,
    then the chain's period and qualifiers and each year's figure as written (近90人)."""
    years = [str(year) for year, _ in chains[0].values] if chains else []
    buf = io.StringIO()
    buf.write(CSV_BOM)
    writer = _FormulaSafe(csv.writer(buf, lineterminator="\n"))
    writer.writerow(["label", "unit", "kind", *years, "period", "qualifiers",
                     *(f"{y} as written" for y in years)])
    for c in chains:
        writer.writerow(
            [c.label, c.unit, c.kind, *(m.quantity.value if m else "" for _, m in c.values),
             c.period, "、".join(c.qualifiers),
             *(shown_text(m) if m else "" for _, m in c.values)]
        )
    return buf.getvalue()


# --- serialization (one place for the CLI and `compare serve`) ------------------------------------


# --- series: section timeline and trace (issue 5) ---------------------------------------------

TIMELINE_SCHEMA = "compare/timeline/1"
TRACE_SCHEMA = "compare/trace/1"

if TYPE_CHECKING:
    from compare.models import TextDiff
    from compare.series.timeline import Timeline, Trace

__all__ = [
    "CSV_BOM",
    "LIST_SCHEMA",
    "METRICS_SCHEMA",
    "PAIR_SCHEMA",
    "SEARCH_SCHEMA",
    "TIMELINE_SCHEMA",
    "TRACE_SCHEMA",
    "csv_cell",
    "list_json",
    "metrics_csv",
    "metrics_json",
    "pair_json",
    "quantity_json",
    "search_json",
    "section_ref",
    "shown_path",
    "timeline_json",
    "to_json",
    "trace_json",
]


def _diff_ops(diff: TextDiff) -> list[dict[str, str]]:
    """A diff as its opcodes with their text: joining "old" gives a, joining "new" gives b."""
    return [
        {"op": tag, "old": diff.a[i1:i2], "new": diff.b[j1:j2]}
        for tag, i1, i2, j1, j2 in diff.opcodes
    ]


def trace_json(trace: Trace) -> dict[str, Any]:
    """The ``compare/trace/1`` document: one section's text per year and each year's diff."""
    return {
        "schema": TRACE_SCHEMA,
        "series": trace.series,
        "query": trace.query,
        "path": trace.path,
        "title": trace.title,
        "years": [s.year for s in trace.steps],
        "steps": [
            {
                "year": s.year,
                "status": s.status,
                "section": section_ref(s.section),
                "text": s.section.text if s.section is not None else None,
                "change": round(s.change, 4) if s.change is not None else None,
                "diff": _diff_ops(s.diff) if s.diff is not None else None,
            }
            for s in trace.steps
        ],
    }


def timeline_json(timeline: Timeline) -> dict[str, Any]:
    """The ``compare/timeline/1`` document: every lineage with one event per year."""
    return {
        "schema": TIMELINE_SCHEMA,
        "series": timeline.series,
        "years": list(timeline.years),
        "lineages": [
            {
                "id": ln.id,
                "title": ln.title,
                "parent": ln.parent,
                "events": [
                    {
                        "year": e.year,
                        "kind": e.kind,
                        "path": e.path,
                        "title": e.title,
                        "change": round(e.change, 4) if e.change is not None else None,
                        "other": e.other,
                    }
                    for e in ln.events
                ],
            }
            for ln in timeline.lineages
        ],
    }


SEARCH_SCHEMA = "compare/search/1"


def search_json(phrase: str, hits: Sequence[SearchHit], series: str | None) -> dict[str, Any]:
    """The ``compare/search/1`` document: per series the years holding ``phrase`` (first and
    last among them), then every section hit in series, year and report order."""
    years: dict[str, list[int]] = {}
    for h in hits:
        found = years.setdefault(h.series, [])
        if not found or found[-1] != h.year:
            found.append(h.year)
    return {
        "schema": SEARCH_SCHEMA,
        "phrase": phrase,
        "series": series,
        "found": [
            {"series": name, "first": ys[0], "last": ys[-1], "years": ys}
            for name, ys in years.items()
        ],
        "hits": [
            {
                "series": h.series,
                "year": h.year,
                "section": h.path,
                "title": h.title,
                "line": h.line,
                "count": h.count,
                "snippet": h.snippet,
            }
            for h in hits
        ],
    }
