"""The metric rows of the pair page and the Markdown summary: the metric-changes table (each row
linked to the entries that hold its figures), last year's targets beside this year's outcomes,
look-alikes left unpaired, and the counts by status; every piece of report text made visible.

Public API: metric_rows, outcome_rows, related_rows, summary, METRIC_STATUSES, METRIC_LABELS.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from compare.metrics.display import delta_text, percent_text, shown_text, sign_of
from compare.models import SECTION_STATUSES, Comparison, Metric, MetricChange
from compare.render.base import visible
from compare.render.labels import labels
from compare.render.pairwords import check_title, identity_text, reason_text
from compare.render.view import Entry

__all__ = [
    "METRIC_LABELS",
    "METRIC_STATUSES",
    "metric_rows",
    "outcome_rows",
    "related_rows",
    "summary",
]


METRIC_STATUSES = ("changed", "added", "removed", "unchanged")
# What the reader sees for each metric status: "new" and "dropped" say which year has it.
METRIC_LABELS = {
    "changed": "changed",
    "added": "new",
    "removed": "dropped",
    "unchanged": "unchanged",
}


def _check_view(change: MetricChange, lang: str) -> dict[str, Any] | None:
    """The ✓/≠ cell: the new year's own stated comparison against the computed change."""
    check = change.check
    if check is None:
        return None
    title = check_title(check, lang)
    return {"ok": check.agrees, "symbol": "✓" if check.agrees else "≠", "title": visible(title)}


def metric_rows(
    comparison: Comparison, entries: Sequence[Entry] = (), *, lang: str = "en"
) -> list[dict[str, Any]]:
    """One row per metric change, linked to the entries that hold its figures; the words of
    ours in it (identity notes, the stated check, points) in ``lang``."""
    points = labels(lang)["points"]  # how the page writes percentage points
    where: dict[tuple[int, str], str] = {}
    for pair, entry in zip(comparison.sections, entries, strict=False):
        for side, sec in enumerate((pair.old, pair.new)):
            if sec is not None:
                where.setdefault((side, sec.path), entry.anchor)
    rows = []
    for k, change in enumerate(comparison.metrics):
        old_q = change.old.quantity if change.old is not None else None
        new_q = change.new.quantity if change.new is not None else None
        unit = (new_q or old_q).unit if (new_q or old_q) is not None else ""  # type: ignore[union-attr]
        sign = sign_of(change.delta)
        either = change.new or change.old
        old_href = where.get((0, change.old.section)) if change.old is not None else None
        new_href = where.get((1, change.new.section)) if change.new is not None else None
        rows.append(
            {
                "index": k + 1,
                "status": change.status,
                "status_label": METRIC_LABELS.get(change.status, change.status),
                "label": visible(change.label),
                "note": visible(identity_text(either, lang)) if either is not None else "",
                "old": visible(shown_text(change.old)) if change.old else "",
                "new": visible(shown_text(change.new)) if change.new else "",
                "old_quote": visible(old_q.quote) if old_q else "",
                "new_quote": visible(new_q.quote) if new_q else "",
                "old_line": old_q.line if old_q else None,
                "new_line": new_q.line if new_q else None,
                "delta": visible(delta_text(change.delta, unit, like=new_q.text if new_q else "",
                                            points=points)),
                "delta_percent": visible(percent_text(change.delta_percent)),
                "arrow": "▲" if sign > 0 else "▼" if sign < 0 else "",
                "direction": "up" if sign > 0 else "down" if sign < 0 else "flat",
                "approx": bool((change.new or change.old) and (change.new or change.old).approx),  # type: ignore[union-attr]
                "old_href": old_href,
                "new_href": new_href,
                "check": _check_view(change, lang),
                "old_page": (old_q.page or None) if old_q else None,
                "new_page": (new_q.page or None) if new_q else None,
                "set_by_hand": change.set_by_hand,
            }
        )
    return rows


def _side_view(metric: Metric, year: int, lang: str) -> dict[str, Any]:
    q = metric.quantity
    return {"text": visible(shown_text(metric)), "quote": visible(q.quote), "line": q.line,
            "page": q.page, "year": year, "note": visible(identity_text(metric, lang))}


def outcome_rows(comparison: Comparison, *, lang: str = "en") -> list[dict[str, Any]]:
    """Last year's targets beside this year's actuals, for their own table (never a change)."""
    return [
        {"label": visible(o.label), "target": _side_view(o.target, comparison.old.year, lang),
         "actual": _side_view(o.actual, comparison.new.year, lang)}
        for o in comparison.outcomes
    ]


def related_rows(comparison: Comparison, *, lang: str = "en") -> list[dict[str, Any]]:
    """Unpaired look-alikes side by side with the reason they are not one indicator, in
    ``lang`` (the metric stage's English on an English page)."""
    return [
        {"old_label": visible(r.old.label), "new_label": visible(r.new.label),
         "old": _side_view(r.old, comparison.old.year, lang),
         "new": _side_view(r.new, comparison.new.year, lang),
         "reason": visible(reason_text(r.reason, lang))}
        for r in comparison.related
    ]


def summary(comparison: Comparison) -> dict[str, Any]:
    status_counts = Counter(pair.status for pair in comparison.sections if not pair.relation)
    metric_counts = Counter(change.status for change in comparison.metrics)
    return {
        "sections": [(s, status_counts[s]) for s in SECTION_STATUSES if status_counts[s]],
        "metrics": [(s, METRIC_LABELS[s], metric_counts[s]) for s in METRIC_STATUSES],
    }
