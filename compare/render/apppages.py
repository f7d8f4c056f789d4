"""Pages of ``compare serve`` that are not report pages: the index with year pickers, and errors.

Public API: render_index, render_error, CONTENT_SECURITY_POLICY.

The pair and trends pages the app serves are those of ``render_html`` and ``render_trends``,
unchanged. These two pages share the pair page's stylesheet and policy: no network, no script
(the year pickers are a plain GET form), every value from the store escaped by autoescape.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from compare.render.base import environment, served_csp, template_dir, visible

if TYPE_CHECKING:
    from compare.models import ReportInfo

__all__ = ["CONTENT_SECURITY_POLICY", "render_error", "render_index"]

# The policy of the pair page (``base.page_csp``) with the page's script in every language named
# (``base.served_csp``), sent by the app as a header on every response; a test keeps it allowing
# each page's own script and nothing more.
CONTENT_SECURITY_POLICY = served_csp()


def _series_views(infos: Sequence[ReportInfo]) -> list[dict[str, Any]]:
    by_series: dict[str, list[ReportInfo]] = {}
    for info in infos:
        by_series.setdefault(info.series, []).append(info)
    views = []
    for name in sorted(by_series):
        reports = sorted(by_series[name], key=lambda i: i.year)
        years = [r.year for r in reports]
        views.append(
            {
                "name": visible(name),
                "key": name,  # as stored, for query strings (urlencode escapes it)
                "reports": [
                    {
                        "year": r.year,
                        "title": visible(r.title),
                        "sections": r.sections,
                        "metrics": r.metrics,
                    }
                    for r in reports
                ],
                "years": years,
                "pairs": list(zip(years, years[1:], strict=False)),
                # The pickers start on the latest pair, the question most readers bring.
                "old": years[-2] if len(years) > 1 else years[0],
                "new": years[-1],
            }
        )
    return views


def render_index(infos: Sequence[ReportInfo], store_name: str) -> str:
    """The app's front page: each series with its years, consecutive pairs and year pickers."""
    template = environment(str(template_dir())).get_template("serve_index.html.j2")
    return template.render(
        csp=Markup(CONTENT_SECURITY_POLICY),
        error=None,
        store=visible(store_name),
        series=_series_views(infos),
    )


def render_error(status: int, what: str, fix: str) -> str:
    """A readable error page: what happened and how to fix it, with a link back to the index."""
    template = environment(str(template_dir())).get_template("serve_index.html.j2")
    return template.render(
        csp=Markup(CONTENT_SECURITY_POLICY),
        error={"status": status, "what": visible(what), "fix": visible(fix)},
        store="",
        series=[],
    )
