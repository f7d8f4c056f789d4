"""Tables diffed row by row: the tables of two versions of a section paired, their rows paired by
what names them, and the cells that changed marked.

Public API: diff_tables, table_spans, TableDiff, RowDiff.

A table is stored as one line per row, cells separated by a tab (``compare.textkit.tables``). The
tables of the two sections are paired in order where both have as many, else each new table with
the old one whose header is most alike. Rows are paired by their name (label and code cells, a
repeated name qualified by its parent row, years written relative to the table's year so that
``2022年`` and ``2023年`` rows meet, ordinals dropped so that a row inserted above does not
renumber the rest away) in an order-preserving match (difflib over the names); header
rows by position. A paired row is ``changed`` where any cell differs other than in width or
spaces, and lists those columns; an unpaired row is ``added`` or ``removed``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from compare.textkit.chars import fold
from compare.textkit.headings import strip_ordinal
from compare.textkit.tables import Grid, read_grid, reference_year, relative_years, table_runs
from compare.tuning import DEFAULT, DiffTuning

__all__ = ["RowDiff", "TableDiff", "diff_tables", "table_spans"]

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class RowDiff:
    """One row of a table diff: the cells of each side (None where the row is on one side)."""

    status: str  # header | unchanged | changed | added | removed
    old: tuple[str, ...] | None
    new: tuple[str, ...] | None
    changed: tuple[int, ...] = ()  # columns whose cell differs
    old_index: int | None = None  # index of the row's line in the old section's text
    new_index: int | None = None


@dataclass(frozen=True)
class TableDiff:
    """A table of the old section against one of the new, row by row."""

    old_span: tuple[int, int] | None  # line indexes (first, end) of the table in the old text
    new_span: tuple[int, int] | None
    rows: tuple[RowDiff, ...]

    @property
    def counts(self) -> dict[str, int]:
        """How many rows are changed, added, removed and unchanged."""
        out = {"changed": 0, "added": 0, "removed": 0, "unchanged": 0}
        for row in self.rows:
            if row.status in out:
                out[row.status] += 1
        return out


def table_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the tables in ``text`` (each row's line end included)."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    return [(offsets[a], min(offsets[b], len(text))) for a, b in table_runs(lines)]


def _same(a: str, b: str) -> bool:
    return _SPACE.sub("", fold(a)) == _SPACE.sub("", fold(b))


def _names(grid: Grid, ref: int | None) -> list[str]:
    """Row names as pairing keys, each repeated name numbered so keys stay one to one."""
    names = grid.names()
    seen: dict[str, int] = {}
    out = []
    for i in grid.data():
        name = "/".join(strip_ordinal(part) for part in names[i].split("/"))
        key = _SPACE.sub("", fold(relative_years(name, ref))) or f"#{i}"
        seen[key] = seen.get(key, 0) + 1
        out.append(f"{key}#{seen[key]}" if seen[key] > 1 else key)
    return out


def _reference(grid: Grid, captions: Sequence[str] = ()) -> int | None:
    """The table's own year: the largest year named by its header, its row labels and the lines
    above it (a table of debt issued and repaid names its years in its rows only)."""
    return reference_year(grid, captions)


def _row_pairs(old: Grid, new: Grid, old_at: int, new_at: int,
               refs: tuple[int | None, int | None]) -> list[RowDiff]:
    out: list[RowDiff] = []
    width = max(len(old.rows[0]) if old.rows else 0, len(new.rows[0]) if new.rows else 0)

    def cells(grid: Grid, i: int) -> tuple[str, ...]:
        return grid.rows[i] + ("",) * (width - len(grid.rows[i]))

    def paired(i: int, j: int, status: str | None = None) -> RowDiff:
        a, b = cells(old, i), cells(new, j)
        changed = tuple(k for k in range(width) if not _same(a[k], b[k]))
        kind = status or ("changed" if changed else "unchanged")
        return RowDiff(kind, a, b, changed, old_at + i, new_at + j)

    for k in range(max(old.header, new.header)):
        if k < old.header and k < new.header:
            out.append(paired(k, k, "header"))
        elif k < new.header:
            out.append(RowDiff("header", None, cells(new, k), (), None, new_at + k))
        else:
            out.append(RowDiff("header", cells(old, k), None, (), old_at + k, None))
    old_rows, new_rows = old.data(), new.data()
    old_keys = _names(old, refs[0])
    new_keys = _names(new, refs[1])
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(paired(old_rows[i], new_rows[j]) for i, j in
                       zip(range(i1, i2), range(j1, j2), strict=True))
            continue
        out.extend(RowDiff("removed", cells(old, old_rows[i]), None, (), old_at + old_rows[i])
                   for i in range(i1, i2))
        out.extend(RowDiff("added", None, cells(new, new_rows[j]), (), None, new_at + new_rows[j])
                   for j in range(j1, j2))
    return out


def _captions(lines: Sequence[str], runs: Sequence[tuple[int, int]], k: int | None) -> list[str]:
    """The lines between table ``k`` and the table before it (its title and caption)."""
    if k is None:
        return []
    start = runs[k - 1][1] if k > 0 else 0
    return list(lines[start : runs[k][0]])


def _header_text(lines: Sequence[str], grid: Grid) -> str:
    head = "\t".join(lines[: max(grid.header, 1)])
    return _SPACE.sub("", fold(relative_years(head, _reference(grid))))


def diff_tables(
    old_text: str, new_text: str, *, tuning: DiffTuning = DEFAULT.diff
) -> list[TableDiff]:
    """The tables of two versions of a section, paired and diffed row by row, in the new
    section's order (an old table with no counterpart after the one before it)."""
    old_lines, new_lines = old_text.split("\n"), new_text.split("\n")
    old_runs, new_runs = table_runs(old_lines), table_runs(new_lines)
    old_grids = [read_grid(old_lines[a:b]) for a, b in old_runs]
    new_grids = [read_grid(new_lines[a:b]) for a, b in new_runs]
    if len(old_runs) == len(new_runs):
        pairs: list[tuple[int | None, int | None]] = list(
            zip(range(len(old_runs)), range(len(new_runs)), strict=True))
    else:
        heads_old = [_header_text(old_lines[a:b], g) for (a, b), g in zip(old_runs, old_grids,
                                                                           strict=True)]
        heads_new = [_header_text(new_lines[a:b], g) for (a, b), g in zip(new_runs, new_grids,
                                                                           strict=True)]
        taken: set[int] = set()
        pairs = []
        for j, head in enumerate(heads_new):
            scored = [(difflib.SequenceMatcher(None, heads_old[i], head).ratio(), i)
                      for i in range(len(old_runs)) if i not in taken]
            best = max(scored, default=(0.0, -1))
            if best[0] >= tuning.table_pair_floor:
                taken.add(best[1])
                pairs.append((best[1], j))
            else:
                pairs.append((None, j))
        for i in range(len(old_runs)):
            if i not in taken:
                after = max((k for k, (o, _) in enumerate(pairs) if o is not None and o < i),
                            default=-1)
                pairs.insert(after + 1, (i, None))
    out = []
    empty = Grid((), 0, frozenset(), (), ())
    for a, b in pairs:
        old_span = old_runs[a] if a is not None else None
        new_span = new_runs[b] if b is not None else None
        old_grid = old_grids[a] if a is not None else empty
        new_grid = new_grids[b] if b is not None else empty
        refs = (_reference(old_grid, _captions(old_lines, old_runs, a)),
                _reference(new_grid, _captions(new_lines, new_runs, b)))
        rows = _row_pairs(old_grid, new_grid, old_span[0] if old_span else 0,
                          new_span[0] if new_span else 0, refs)
        out.append(TableDiff(old_span, new_span, tuple(rows)))
    return out
