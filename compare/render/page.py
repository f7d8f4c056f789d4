"""The pair page: one comparison as a self-contained, deterministic HTML page.

Public API: render_html.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from compare.models import SECTION_STATUSES, Comparison
from compare.render.base import environment, page_csp, page_script, template_dir, visible
from compare.render.view import (
    build_entries,
    metric_rows,
    outcome_rows,
    related_rows,
    summary,
    top_changed,
)
from compare.tuning import DEFAULT, RenderTuning

__all__ = ["render_html"]


# --- templates --------------------------------------------------------------------------------


def render_html(
    comparison: Comparison,
    *,
    nav: Sequence[tuple[str, str]] = (),
    current: str = "",
    tuning: RenderTuning = DEFAULT.render,
) -> str:
    """The comparison as one self-contained, deterministic HTML page.

    ``nav`` (href, label) pairs put a site's navigation bar on top, ``current`` marking this page.
    """
    shown = build_entries(
        comparison,
        context=tuning.context_chars,
        collapse_min=tuning.collapse_min_chars,
        tuning=tuning,
    )
    template = environment(str(template_dir())).get_template("pair.html.j2")
    return template.render(
        series=visible(comparison.series),
        old={"year": comparison.old.year, "title": visible(comparison.old.title)},
        new={"year": comparison.new.year, "title": visible(comparison.new.title)},
        similarity=comparison.similarity,
        entries=shown,
        top=top_changed(comparison, shown, tuning=tuning),
        summary=summary(comparison),
        metrics=metric_rows(comparison, shown),
        outcomes=outcome_rows(comparison),
        related=related_rows(comparison),
        statuses=SECTION_STATUSES,
        nav=nav,
        current=current,
        notes=[visible(n) for n in comparison.notes],
        csp=Markup(page_csp()),  # our own constant: quotes kept as written
        # Our own file, not report text: marked safe so that it reaches the page unchanged.
        script=Markup(page_script()),
    )
