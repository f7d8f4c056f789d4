"""Tables on the pair page: a section's tables shown as HTML tables diffed row by row, in place of
the diff rows that hold only table text; and where a line stands (page and line of a PDF).

Public API: with_tables, split_at_tables, page_at.

``with_tables`` takes an entry's diff rows (``compare.render.rows``) and their views and returns
the views with each table's diff (``compare.diff.tables``) put where the table stands: a row of
the text diff whose characters all belong to tables is dropped, the table view is placed before
the first row that touches the table. Every cell is made visible (never marked safe); the
template escapes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from compare.diff.tables import RowDiff, TableDiff, diff_tables, table_spans
from compare.models import Section
from compare.render.base import visible
from compare.render.pairwords import table_caption, where_text
from compare.render.rows import Row, cut_rows, inside

__all__ = ["page_at", "split_at_tables", "with_tables"]


def page_at(section: Section | None, offset: int) -> int | None:
    """The PDF page of the character at ``offset`` of a section's text; None without pages."""
    if section is None or not section.page:
        return None
    return section.locate(offset)[0] or None


def _line_offsets(text: str) -> list[int]:
    out = [0]
    for line in text.split("\n"):
        out.append(out[-1] + len(line) + 1)
    return out


def _where(section: Section | None, offsets: list[int], index: int | None, lang: str) -> str:
    if section is None or index is None:
        return ""
    at = offsets[index] if index < len(offsets) else 0
    page, line = section.locate(at)
    if not section.starts and index < len(section.lines):
        line = section.lines[index]
    return where_text(page or None, line, lang)


def _row_view(row: RowDiff, old: Section | None, new: Section | None,
              offsets: tuple[list[int], list[int]], lang: str) -> dict[str, Any]:
    width = len(row.new if row.new is not None else row.old or ())
    cells = []
    for k in range(width):
        a = row.old[k] if row.old is not None and k < len(row.old) else None
        b = row.new[k] if row.new is not None and k < len(row.new) else None
        cells.append({
            "old": visible(a) if a is not None else None,
            "new": visible(b) if b is not None else None,
            "changed": k in row.changed and row.status == "changed",
        })
    where = (_where(new, offsets[1], row.new_index, lang)
             or _where(old, offsets[0], row.old_index, lang))
    return {"status": row.status, "cells": cells, "where": where}


def _table_view(td: TableDiff, old: Section | None, new: Section | None,
                offsets: tuple[list[int], list[int]], lang: str) -> dict[str, Any]:
    rows = [_row_view(r, old, new, offsets, lang) for r in td.rows]
    head = [v for r, v in zip(td.rows, rows, strict=True) if r.status == "header"]
    shown = [v for r, v in zip(td.rows, rows, strict=True)
             if r.status in ("changed", "added", "removed")]
    body = [v for r, v in zip(td.rows, rows, strict=True) if r.status != "header"]
    return {
        "kind": "table",
        "changed": bool(shown),
        "caption": table_caption(len(body), td.counts if shown else {}, lang),
        "head": head,
        "body": shown,
        "all": body if len(shown) < len(body) else [],
        "hidden": 0,
    }


def split_at_tables(rows: list[Row], old: Section, new: Section) -> list[Row]:
    """The diff rows cut where a table of either section starts and ends (``rows.cut_rows``), so
    that ``with_tables`` can drop the rows that hold only table text."""
    old_spans, new_spans = table_spans(old.text), table_spans(new.text)
    if not old_spans and not new_spans:
        return rows
    return cut_rows(rows, old_spans, new_spans)


def with_tables(
    rows: Sequence[Row], views: list[dict[str, Any]], old: Section, new: Section,
    lang: str = "en",
) -> list[dict[str, Any]]:
    """The entry's row views with its tables shown as tables (see the module docstring), their
    captions and lines worded in ``lang``."""
    old_spans, new_spans = table_spans(old.text), table_spans(new.text)
    if not old_spans and not new_spans:
        return views
    offsets = (_line_offsets(old.text), _line_offsets(new.text))
    diffs = diff_tables(old.text, new.text)

    def chars(span: tuple[int, int] | None, side: int) -> tuple[int, int]:
        if span is None:
            return (-1, -1)
        return offsets[side][span[0]], offsets[side][span[1]]

    spans = [(chars(td.old_span, 0), chars(td.new_span, 1)) for td in diffs]
    out: list[dict[str, Any]] = []
    placed: set[int] = set()
    for row, view in zip(rows, views, strict=True):
        keep = not (inside(row.old_at, row.old_end, old_spans)
                    and inside(row.new_at, row.new_end, new_spans))
        after: list[int] = []
        for k, ((oa, ob), (na, nb)) in enumerate(spans):
            touches = (row.old_at < ob and oa < row.old_end
                       or row.new_at < nb and na < row.new_end)
            if k in placed or not touches:
                continue
            placed.add(k)
            # A kept row that starts before the table (its caption) comes first.
            starts_before = row.new_at < na if na >= 0 else row.old_at < oa
            if keep and starts_before:
                after.append(k)
            else:
                out.append(_table_view(diffs[k], old, new, offsets, lang))
        if keep:
            out.append(view)
        out.extend(_table_view(diffs[k], old, new, offsets, lang) for k in after)
    out.extend(_table_view(diffs[k], old, new, offsets, lang) for k in range(len(diffs))
               if k not in placed)
    return out
