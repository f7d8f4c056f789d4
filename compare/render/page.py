"""The pair page: one comparison as a self-contained, deterministic HTML page.

Public API: render_html, report_lang, css_string.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from markupsafe import Markup

from compare.models import SECTION_STATUSES, Comparison, Report
from compare.render.base import environment, page_csp, page_script, template_dir, visible
from compare.render.labels import labels, page_lang, site_nav
from compare.render.metricrows import metric_rows, outcome_rows, related_rows, summary
from compare.render.pairwords import note_text
from compare.render.phrases import phrase_panel
from compare.render.view import build_entries, top_changed
from compare.tuning import DEFAULT, RenderTuning

if TYPE_CHECKING:
    from compare.series.expressions import YearPhrases

__all__ = ["css_string", "render_html", "report_lang"]


def report_lang(report: Report) -> str:
    """The language of the pages about a report: that of its text (a pair page takes its new
    report's, a series site its newest report's)."""
    return page_lang([report.title, *(s.text for s in report.sections)])


# --- templates --------------------------------------------------------------------------------


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string that is safe inside a ``<style>`` element: every
    character but ASCII letters, digits, spaces and non-ASCII letters is a six-digit escape, so no
    quote, backslash, ``<`` or line break of report text reaches the style sheet as itself."""
    out = []
    for ch in visible(text):
        if ch == " " or (ch.isascii() and ch.isalnum()) or (not ch.isascii() and ch.isalpha()):
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):06x}")
    return '"' + "".join(out) + '"'


def _print_head(comparison: Comparison) -> str:
    """The running header of a printed page: both years and titles."""
    old, new = comparison.old, comparison.new
    return f"{old.year} {old.title} → {new.year} {new.title}"


def render_html(
    comparison: Comparison,
    *,
    nav: Sequence[tuple[str, str]] = (),
    current: str = "",
    tuning: RenderTuning = DEFAULT.render,
    phrases: YearPhrases | None = None,
) -> str:
    """The comparison as one self-contained, deterministic HTML page.

    ``nav`` (href, label) pairs put a site's navigation bar on top, ``current`` marking this page.
    ``phrases`` (the new year's expressions, ``compare.series.expressions``) adds the panel of
    new and dropped expressions.
    """
    lang = report_lang(comparison.new)
    shown = build_entries(
        comparison,
        context=tuning.context_chars,
        collapse_min=tuning.collapse_min_chars,
        tuning=tuning,
        lang=lang,
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
        metrics=metric_rows(comparison, shown, lang=lang),
        outcomes=outcome_rows(comparison, lang=lang),
        related=related_rows(comparison, lang=lang),
        statuses=SECTION_STATUSES,
        nav=site_nav(nav, lang),
        current=current,
        notes=[visible(note_text(n, lang)) for n in comparison.notes],
        L=labels(lang),
        csp=Markup(page_csp(lang)),  # our own constant: quotes kept as written
        # Report titles inside the <style> element: escaped for CSS, character by character.
        print_head=Markup(css_string(_print_head(comparison))),
        # Our own file, not report text: marked safe so that it reaches the page unchanged.
        script=Markup(page_script(lang)),
        phrases=phrase_panel(phrases, comparison, shown, lang=lang),
    )
