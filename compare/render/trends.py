"""The metric-trends page: metric chains over several years, with inline SVG sparklines.

Public API: render_trends.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from compare.metrics.chains import mid_value
from compare.metrics.display import delta_text, percent_text, shown_text, sign_of
from compare.render.base import environment, template_dir, visible
from compare.render.labels import labels, page_lang, period_text, site_nav
from compare.textkit.numbers import format_decimal
from compare.tuning import DEFAULT, RenderTuning

__all__ = ["render_trends"]

if TYPE_CHECKING:
    from collections.abc import Sequence

    from compare.metrics.chains import MetricChain


def _sparkline(values: list[Decimal | None], tuning: RenderTuning) -> dict[str, Any] | None:
    """Sparkline geometry: polylines over consecutive stated years, dashed lines over gaps."""
    width, height, pad = tuning.spark_width, tuning.spark_height, 3
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return None
    low, high = min(known), max(known)
    step = (width - 2 * pad) / max(len(values) - 1, 1)

    def y(v: Decimal) -> float:
        if high == low:
            return height / 2
        return round(height - pad - float((v - low) / (high - low)) * (height - 2 * pad), 1)

    points = [(round(pad + k * step, 1), y(v)) for k, v in enumerate(values) if v is not None]
    xs = [k for k, v in enumerate(values) if v is not None]
    runs, gaps, current = [], [], [points[0]]
    for n in range(1, len(points)):
        p0, p1 = points[n - 1], points[n]
        if xs[n] == xs[n - 1] + 1:
            current.append(p1)
        else:
            gaps.append((*p0, *p1))
            if len(current) > 1:
                runs.append(" ".join(f"{a},{b}" for a, b in current))
            current = [p1]
    if len(current) > 1:
        runs.append(" ".join(f"{a},{b}" for a, b in current))
    return {"width": width, "height": height, "points": points, "runs": runs, "gaps": gaps}


def _chain_row(
    index: int, chain: MetricChain, tuning: RenderTuning, words: dict[str, str]
) -> dict[str, Any]:
    cells: list[dict[str, Any] | None] = []
    numbers: list[Decimal | None] = []
    for year, m in chain.values:
        if m is None:
            cells.append(None)
            numbers.append(None)
            continue
        q = m.quantity
        cells.append(
            {
                "year": year,
                "line": q.line,
                "quote": visible(q.quote),
                "text": visible(shown_text(m)),
                "approx": m.approx,
            }
        )
        numbers.append(mid_value(q.value))
    stated = [m for _, m in chain.values if m is not None]
    delta, shown, absolute = None, "", ""
    if len(stated) >= 2 and "-" not in stated[0].quantity.value[1:] + stated[-1].quantity.value[1:]:
        first, last = mid_value(stated[0].quantity.value), mid_value(stated[-1].quantity.value)
        if first is not None and last is not None:
            delta = format_decimal(last - first)
            absolute = delta_text(delta, chain.unit, like=stated[-1].quantity.text,
                                  points=words["points"])
            # Over many years the relative change reads better than a 14-digit difference.
            if chain.unit in ("%", "‰") or first == 0:
                shown = absolute
            else:
                percent = ((last - first) / abs(first) * 100).quantize(Decimal("0.1"))
                shown = percent_text(format_decimal(percent))
    sign = sign_of(delta)
    period = [] if chain.period == "year" else [period_text(chain.period, words["lang"])]
    return {
        "index": index,
        "label": visible(chain.label),
        "note": visible(" · ".join(period + list(chain.qualifiers))),
        "unit": visible(chain.unit),
        "kind": words.get(f"kind_{chain.kind}", chain.kind),
        "cells": cells,
        "spark": _sparkline(numbers, tuning),
        "delta": visible(shown),
        "delta_abs": visible(absolute),
        "arrow": "▲" if sign > 0 else "▼" if sign < 0 else "",
        "direction": "up" if sign > 0 else "down" if sign < 0 else "flat",
    }


def render_trends(
    chains: Sequence[MetricChain],
    series: str,
    *,
    nav: Sequence[tuple[str, str]] = (),
    current: str = "",
    tuning: RenderTuning = DEFAULT.render,
    lang: str | None = None,
) -> str:
    """Metric chains over several years as one self-contained page with inline SVG sparklines.

    ``nav`` (href, label) pairs put a site's navigation bar on top, ``current`` marking this page.
    ``lang`` is the reports' language (``labels.page_lang``); without it, it is read from the
    series name and the chains' labels (none when no metric is stated twice).
    """
    template = environment(str(template_dir())).get_template("trends.html.j2")
    words = labels(lang or page_lang([series, *(c.label for c in chains)]))
    years = [year for year, _ in chains[0].values] if chains else []
    return template.render(
        series=visible(series),
        years=years,
        chains=[_chain_row(k + 1, c, tuning, words) for k, c in enumerate(chains)],
        nav=site_nav(nav, words["lang"]),
        current=current,
        L=words,
    )
