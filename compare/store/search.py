"""How ``Store.search`` finds a phrase: the query it runs and the hits it makes of the rows.

Public API: search_phrase, search_query, search_hits.

Kept apart from ``compare.store.db`` (which runs the query) so that module stays about keeping
reports; nothing here opens a connection.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from compare.errors import InputError
from compare.models import SearchHit
from compare.tuning import SEARCH_SNIPPET_CHARS, SEARCH_TRIGRAM_MIN_CHARS

__all__ = ["search_hits", "search_phrase", "search_query"]


def search_phrase(phrase: str) -> str:
    """The phrase a search looks for: ``phrase`` without surrounding spaces; empty is an error."""
    needle = phrase.strip()
    if not needle:
        raise InputError(
            "The search phrase is empty.",
            'Pass the words to find, e.g. compare search "供给侧结构性改革".',
        )
    return needle


def search_query(
    needle: str, series: str | None, *, trigrams: bool
) -> tuple[str, tuple[Any, ...]]:
    """The SQL and parameters that find the sections holding ``needle``: through the trigram
    index when ``trigrams`` (the store has one) and the phrase is long enough, else by LIKE."""
    cols = (
        "SELECT r.series, r.year, s.path, s.title, s.text, s.line, s.lines FROM sections s"
        " JOIN reports r ON r.id = s.report_id"
    )
    where, params = [], []
    if len(needle) >= SEARCH_TRIGRAM_MIN_CHARS and trigrams:
        cols += " JOIN sections_fts f ON f.report_id = s.report_id AND f.ord = s.ord"
        where.append("sections_fts MATCH ?")
        params.append('"' + needle.replace('"', '""') + '"')  # one literal phrase
    else:
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append("s.text LIKE ? ESCAPE '\\'")
        params.append(f"%{escaped}%")
    if series is not None:
        where.append("r.series = ?")
        params.append(series)
    return f"{cols} WHERE {' AND '.join(where)} ORDER BY r.series, r.year, s.ord", tuple(params)


def search_hits(needle: str, rows: Sequence[tuple[Any, ...]]) -> list[SearchHit]:
    """One hit per row of ``search_query`` whose text holds ``needle`` (ASCII case ignored), at
    its first match."""
    pattern = re.compile(re.escape(needle), re.IGNORECASE)
    hits = []
    for ser, year, path, title, text, line, lines in rows:
        found = list(pattern.finditer(text))
        if not found:  # the index folds case more widely than LIKE and ``re`` agree on
            continue
        at = found[0].start()
        block = text.count("\n", 0, at)
        starts = json.loads(lines)
        hits.append(
            SearchHit(
                series=ser,
                year=year,
                path=path,
                title=title,
                line=starts[block] if block < len(starts) else line,
                count=len(found),
                snippet=_snippet(text, at, found[0].end()),
            )
        )
    return hits


def _snippet(text: str, start: int, end: int) -> str:
    """The match with ``SEARCH_SNIPPET_CHARS`` around it, on one line, ``…`` where cut."""
    a, b = max(0, start - SEARCH_SNIPPET_CHARS), min(len(text), end + SEARCH_SNIPPET_CHARS)
    piece = " ".join(text[a:b].split())
    return ("…" if a > 0 else "") + piece + ("…" if b < len(text) else "")
