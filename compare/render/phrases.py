"""Expressions on the pages: the "new expressions" panel of the pair page and the series page of
expressions (each year's new ones, their first and last year, and the keywords over the years).

Public API: expression_anchor, phrase_panel, render_phrases.

Like every page here, the series page is self-contained (inline CSS, no script), deterministic,
and escapes all report text; every expression links to the pair page that shows it, where the
panel links on to the section it first stands in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from compare.render.base import environment, template_dir, visible
from compare.render.labels import literal_labels, page_lang, site_nav
from compare.render.view import Entry
from compare.textkit.numerals import years_text
from compare.tuning import DEFAULT, RenderTuning, Tuning

if TYPE_CHECKING:
    from compare.models import Comparison
    from compare.series.expressions import (
        Expression,
        Keyword,
        NewBasis,
        SeriesPhrases,
        YearPhrases,
    )

__all__ = ["expression_anchor", "phrase_panel", "render_phrases"]


def expression_anchor(key: str, *, dropped: bool = False) -> str:
    """The id of an expression's row in the pair page's panel: ``x-`` (``xd-`` for a dropped
    one) and the first 12 hex digits of the sha256 of its key: ASCII, so that a link to it needs
    no escaping, and the same wherever it is computed."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
    return ("xd-" if dropped else "x-") + digest


def _entry_links(comparison: Comparison, entries: Sequence[Entry]) -> tuple[dict, dict]:
    """Section path -> anchor of the entry showing it, for each side of the pair page."""
    new: dict[str, str] = {}
    old: dict[str, str] = {}
    for pair, entry in zip(comparison.sections, entries, strict=True):
        if pair.new is not None:
            new.setdefault(pair.new.path, entry.anchor)
        if pair.old is not None:
            old.setdefault(pair.old.path, entry.anchor)
    return new, old


def _row(e: Expression, anchors: dict[str, str], dropped: bool) -> dict[str, Any]:
    first = e.sections[0] if e.sections else None
    return {
        "id": expression_anchor(e.key, dropped=dropped),
        "text": visible(e.text),
        "count": e.count,
        "first": e.first_year,
        "last": e.last_year,
        "quoted": e.quoted,
        "sentence": visible(e.sentence),
        "line": e.line,
        "title": visible(e.section_titles[0]) if e.section_titles else "",
        "sections": len(e.sections),
        "href": anchors.get(first) if first is not None else None,
    }


def _keyword_row(k: Keyword, tuning: RenderTuning) -> dict[str, Any]:
    change = k.change
    return {
        "word": visible(k.word),
        "count": k.count,
        "previous": k.previous,
        "change": "" if change is None else f"{change:+d}",
        "direction": "flat" if not change else "up" if change > 0 else "down",
        "spark": _spark([n for _, n in k.years], tuning),
        "years": [{"year": y, "count": n} for y, n in k.years],
    }


def _note_zh(b: NewBasis) -> str:
    """``NewBasis.note`` in Chinese, for a page about a Chinese report: the same facts."""
    if not b.before:
        then = f"自{b.since}年起计" if b.since else "待存入更晚的年份后再计"
        return (f"{b.year}年是本系列存储的第一年：没有更早的年份可比，谈不上新增或删去。"
                f"新表述{then}。")
    note = (f"“新”指此前存储的{len(b.before)}个年份（{years_text(b.before, sep='、')}）均未用过；"
            f"新表述自{b.since}年起计。")
    if b.gap_text:
        note += f"{b.gap_text}年未存储：当时首次使用的表述会显示为{b.year}年的新表述。"
    return note


def phrase_panel(
    yp: YearPhrases | None,
    comparison: Comparison,
    entries: Sequence[Entry],
    *,
    lang: str = "en",
    tuning: Tuning = DEFAULT,
) -> dict[str, Any] | None:
    """The pair page's panel: the new year's new expressions (each linked to the entry of the
    section it first stands in), those the year before used and this one dropped, and the
    keywords; None when there is nothing to say (no phrases computed). ``lang`` is the page's
    language (``render.labels.page_lang``): the note is written in it."""
    if yp is None:
        return None
    new_anchor, old_anchor = _entry_links(comparison, entries)
    # Dropped expressions are of the stored year before the new one: linked only when the page
    # compares with that very year.
    linked = yp.previous == comparison.old.year
    return {
        "year": yp.year,
        "previous": yp.previous,
        "note": visible(_note_zh(yp.basis) if lang == "zh-Hans" else yp.note),
        "new": [_row(e, new_anchor, False) for e in yp.new],
        "dropped": [_row(e, old_anchor if linked else {}, True) for e in yp.dropped],
        "keywords": [
            _keyword_row(k, tuning.render) for k in yp.keywords[: tuning.phrases.panel_keywords]
        ],
    }


def _spark(values: list[int], tuning: RenderTuning) -> dict[str, Any] | None:
    """Polyline geometry of a row of counts (one point per stored year), from zero up."""
    if len(values) < 2:
        return None
    width, height = tuning.spark_width, tuning.spark_height
    high = max(values) or 1
    step = (width - 4) / (len(values) - 1)
    points = [
        (round(2 + k * step, 1), round(height - 2 - v / high * (height - 4), 1))
        for k, v in enumerate(values)
    ]
    return {
        "width": width,
        "height": height,
        "points": points,
        "line": " ".join(f"{x},{y}" for x, y in points),
    }


def render_phrases(
    sp: SeriesPhrases,
    *,
    pair_href: Callable[[int, int], str | None],
    nav: Sequence[tuple[str, str]] = (),
    current: str = "",
    tuning: RenderTuning = DEFAULT.render,
    lang: str | None = None,
) -> str:
    """The series page of expressions: for each stored year from the second on (latest first), its
    most salient new expressions with a strip of the years that use them (first to last), each
    linked to the pair page; then the last year's keywords counted in every year, as a chart.

    ``pair_href(old, new)`` is the address of a pair page (None: no link). ``lang`` is the
    reports' language (``labels.page_lang``); without it, it is read from the words shown.
    """
    years = list(sp.years)
    groups = []
    for year, found in reversed(sp.new):  # the latest year first: the one readers ask about
        before = [y for y in years if y < year]
        href = pair_href(before[-1], year) if before else None
        rows = []
        for e in found:
            row = _row(e, {}, False)
            row["href"] = f"{href}#{row['id']}" if href else None
            uses = dict(e.years)
            row["cells"] = [
                {"year": y, "count": uses.get(y, 0), "before": y < e.first_year} for y in years
            ]
            rows.append(row)
        groups.append({"year": year, "previous": before[-1] if before else None, "rows": rows})
    shown = [sp.series, *(k.word for k in sp.keywords), *(e.text for _, f in sp.new for e in f)]
    words = literal_labels(lang or page_lang(shown))
    template = environment(str(template_dir())).get_template("phrases.html.j2")
    return template.render(
        L=words,
        series=visible(sp.series),
        years=years,
        groups=groups,
        keywords=[_keyword_row(k, tuning) for k in sp.keywords],
        last=years[-1] if years else None,
        nav=site_nav(nav, words["lang"]),
        current=current,
    )
