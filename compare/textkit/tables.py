"""How a table is written in a report's text: one line per row, cells separated by a tab.

Public API: CELL_SEP, row_text, row_cells, is_row, table_runs, clean_cell, is_numeric_cell,
cell_number.

A table read from a PDF, a Word file or an HTML ``<table>`` is stored as plain text so that the
word diff, search and storage stay what they are for prose: each row is one line whose cells are
joined by ``CELL_SEP`` (a cell's own line breaks and tabs become spaces), and a run of consecutive
row lines is one table. A line of prose never holds a tab (every reader turns a tab inside prose
into a space), so ``is_row`` needs no other mark. An empty cell stays as an empty string between
two tabs: the number of cells of a row is always the number of tabs plus one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from compare.textkit.chars import fold_line

__all__ = [
    "CELL_SEP",
    "cell_number",
    "clean_cell",
    "is_numeric_cell",
    "is_row",
    "row_cells",
    "row_text",
    "table_runs",
]

CELL_SEP = "\t"

_SPACES = re.compile(r"[\t\r\n\f\v\u2028\u2029]+")
# A number as a table cell holds it: grouped digits, a decimal part, a sign, a trailing % (the
# column header gives the unit). "-" / "—" alone is an empty cell, not a number.
_NUMBER_CELL = re.compile(r"[+\-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")


def clean_cell(text: str) -> str:
    """A cell's text on one line: its inner line breaks and tabs become one space each run."""
    return _SPACES.sub(" ", text).strip()


def row_text(cells: Sequence[str]) -> str:
    """The stored line of a row (cells already cleaned)."""
    return CELL_SEP.join(cells)


def row_cells(line: str) -> list[str]:
    """The cells of a stored row line."""
    return line.split(CELL_SEP)


def is_row(line: str) -> bool:
    """Whether a line of stored text is a table row."""
    return CELL_SEP in line


def table_runs(lines: Sequence[str]) -> list[tuple[int, int]]:
    """``(first, end)`` indexes of each run of consecutive row lines in ``lines``."""
    runs: list[tuple[int, int]] = []
    start = -1
    for k, line in enumerate(lines):
        if is_row(line):
            if start < 0:
                start = k
        elif start >= 0:
            runs.append((start, k))
            start = -1
    if start >= 0:
        runs.append((start, len(lines)))
    return runs


def is_numeric_cell(text: str) -> bool:
    """Whether a cell holds one number and nothing else (after width folding)."""
    core = fold_line(text).replace(" ", "")
    return bool(core) and _NUMBER_CELL.fullmatch(core) is not None


def cell_number(text: str) -> Decimal | None:
    """The value of a numeric cell (``1,234.50`` → 1234.50; a trailing % is dropped), else None."""
    core = fold_line(text).replace(" ", "")
    if not core or _NUMBER_CELL.fullmatch(core) is None:
        return None
    core = core.rstrip("%").replace(",", "").replace("−", "-")
    try:
        return Decimal(core)
    except InvalidOperation:
        return None
