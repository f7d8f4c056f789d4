"""The expressions of a series as documents: JSON (``compare/phrases/1``), CSV, and the loader
that the command line, the site and ``compare serve`` share.

Public API: series_vocabulary, phrases_json, phrases_csv, series_phrases_json, expression_json,
PHRASES_SCHEMA, SERIES_PHRASES_SCHEMA.

``compare/phrases/1`` (docs/phrases.md): ``{"schema", "series", "year", "years", "previous",
"kind", "note", "expressions": [...], "keywords": [...]}``; each expression ``{"year",
"expression", "key", "count", "first_year", "last_year", "years", "sections", "sentence",
"line", "page", "quoted", "salience", "pair"}`` where ``sections`` lists ``{"path", "title"}``
of the year's sections that use it and ``pair`` names the pair page that shows it (``{"old",
"new", "anchor"}``, or null for the first stored year).
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from compare.pipeline import load_phrases, load_report, resolve_series
from compare.render.phrases import expression_anchor
from compare.series.expressions import (
    PHRASE_KINDS,
    Expression,
    Keyword,
    SeriesPhrases,
    Vocabulary,
    YearPhrases,
    vocabulary,
)
from compare.tuning import DEFAULT, PhraseTuning

if TYPE_CHECKING:
    from collections.abc import Sequence

    from compare.models import Report
    from compare.store.db import Store

__all__ = [
    "PHRASES_SCHEMA",
    "SERIES_PHRASES_SCHEMA",
    "expression_json",
    "phrases_csv",
    "phrases_json",
    "series_phrases_json",
    "series_vocabulary",
]

PHRASES_SCHEMA = "compare/phrases/1"
SERIES_PHRASES_SCHEMA = "compare/phrase-timeline/1"


def series_vocabulary(
    store: Store,
    series: str | None,
    *,
    tuning: PhraseTuning = DEFAULT.phrases,
    loaded: Sequence[Report] = (),
) -> Vocabulary:
    """The vocabulary of every stored year of one series (the only one, when not named), from
    what the store holds now: each year's stored expression statistics (computed again where
    stale). It reads a year's whole report from ``store`` when an expression of it is shown, so
    use it while the store is open; ``loaded`` are reports of the series the caller has just
    read from this store (``load_report``), taken as they are instead of read again."""
    name = resolve_series(store, series)
    stats = load_phrases(store, name, tuning=replace(DEFAULT, phrases=tuning))
    have = {r.year: r for r in loaded if r.series == name}

    def load(year: int) -> Report:
        return have[year] if year in have else load_report(store, name, year)

    return vocabulary(name, stats, load)


def _pair(e: Expression, years: tuple[int, ...], dropped: bool) -> dict[str, Any] | None:
    """The pair page that shows the expression: the year it is listed for against the stored
    year before (for a dropped one: that year against the next)."""
    if dropped:
        later = [y for y in years if y > e.year]
        if not later:
            return None
        return {"old": e.year, "new": later[0], "anchor": expression_anchor(e.key, dropped=True)}
    earlier = [y for y in years if y < e.year]
    if not earlier:
        return None
    return {"old": earlier[-1], "new": e.year, "anchor": expression_anchor(e.key)}


def expression_json(
    e: Expression, years: tuple[int, ...], *, dropped: bool = False
) -> dict[str, Any]:
    """One expression as the documents list it."""
    return {
        "year": e.year,
        "expression": e.text,
        "key": e.key,
        "count": e.count,
        "first_year": e.first_year,
        "last_year": e.last_year,
        "years": {str(y): n for y, n in e.years},
        "sections": [
            {"path": p, "title": t} for p, t in zip(e.sections, e.section_titles, strict=True)
        ],
        "sentence": e.sentence,
        "line": e.line,
        "page": e.page,
        "quoted": e.quoted,
        "salience": e.salience,
        "pair": _pair(e, years, dropped),
    }


def _keyword_json(k: Keyword) -> dict[str, Any]:
    return {
        "year": k.year,
        "word": k.word,
        "count": k.count,
        "previous": k.previous,
        "change": k.change,
        "years": {str(y): n for y, n in k.years},
    }


def _listed(yp: YearPhrases, kind: str) -> tuple[Expression, ...]:
    if kind not in PHRASE_KINDS:
        raise ValueError(kind)
    return {"all": yp.expressions, "new": yp.new, "dropped": yp.dropped}.get(kind, ())


def phrases_json(yp: YearPhrases, kind: str = "new") -> dict[str, Any]:
    """The ``compare/phrases/1`` document of one year: the expressions of ``kind`` (all, new,
    dropped) and the year's keywords, or the keywords alone (``keywords``)."""
    return {
        "schema": PHRASES_SCHEMA,
        "series": yp.series,
        "year": yp.year,
        "years": list(yp.years),
        "previous": yp.previous,
        "kind": kind,
        "note": yp.note,
        "expressions": [
            expression_json(e, yp.years, dropped=kind == "dropped") for e in _listed(yp, kind)
        ],
        "keywords": [_keyword_json(k) for k in yp.keywords],
    }


def phrases_csv(yp: YearPhrases, kind: str = "new") -> str:
    """One row per expression (year, expression, count, first_year, last_year, sections,
    line, sentence), or per keyword (year, word, count, previous, change) for ``keywords``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if kind == "keywords":
        writer.writerow(["year", "word", "count", "previous", "change"])
        for k in yp.keywords:
            writer.writerow([k.year, k.word, k.count, k.previous, k.change])
        return buf.getvalue()
    writer.writerow(
        ["year", "expression", "count", "first_year", "last_year", "sections", "line", "sentence"]
    )
    for e in _listed(yp, kind):
        writer.writerow(
            [
                e.year,
                e.text,
                e.count,
                e.first_year,
                e.last_year,
                " ".join(e.sections),
                e.line,
                e.sentence,
            ]
        )
    return buf.getvalue()


def series_phrases_json(sp: SeriesPhrases) -> dict[str, Any]:
    """The series page as data: each year's most salient new expressions, and the keywords of
    the last year counted in every year."""
    return {
        "schema": SERIES_PHRASES_SCHEMA,
        "series": sp.series,
        "years": list(sp.years),
        "new": [
            {"year": year, "expressions": [expression_json(e, sp.years) for e in found]}
            for year, found in sp.new
        ],
        "keywords": [_keyword_json(k) for k in sp.keywords],
    }
