"""The render stage: a comparison as one self-contained HTML page, or as a Markdown summary.

Public API: render_html, render_trends, render_markdown, template_dir, diff_rows,
render_index, render_timeline, render_trace, render_trace_text, templates_hash, SITE_PAGES;
``render_docx`` and ``render_pdf`` are imported from their modules (``compare.render.docx``,
``compare.render.pdf``), so that a command writing a page does not load the zip and Word code.

Modules: ``base`` (jinja2 environment, visible control characters), ``rows`` (a diff cut into hunks
and gaps), ``view`` (the view model of a comparison shared by page and Markdown), ``page`` (the pair
page), ``trends`` (metric trends), ``markdown`` (the Markdown summary), ``sitepages`` (a series
site's index and section timeline, and the trace of one section), ``apppages`` (the served app's
index), ``redline`` (a comparison laid out as one tracked-changes text), ``docx`` (that text as a
Word document with tracked changes), ``pdf`` (the pair page printed by headless Chromium),
``labels`` (the pages' words per language), ``pairwords`` (the pair page's sentences made from
facts, in the page's language).

The page has no network dependency (inline CSS and JS, a Content-Security-Policy that forbids
fetching anything) and is deterministic: ids come from entry indexes and section paths, never
from the clock or a random source, so the same comparison renders to the same bytes.

Report text never reaches the page unescaped: the templates run with autoescape on and never mark
report text safe; the view model below only cuts text into pieces. Invisible control characters
(NUL, bidi overrides) are shown as visible placeholders so that a report cannot reorder or hide
what the reader sees.
"""

from compare.render.base import template_dir
from compare.render.markdown import render_markdown
from compare.render.page import render_html
from compare.render.rows import diff_rows
from compare.render.sitepages import (
    SITE_PAGES,
    render_index,
    render_timeline,
    render_trace,
    render_trace_text,
    templates_hash,
)
from compare.render.trends import render_trends

__all__ = [
    "diff_rows",
    "render_html",
    "render_markdown",
    "render_trends",
    "template_dir",
    "render_index",
    "render_timeline",
    "render_trace",
    "render_trace_text",
    "SITE_PAGES",
    "templates_hash",
]
