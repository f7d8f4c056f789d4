"""How a table is written in a report's text: one line per row, cells separated by a tab.

Public API: CELL_SEP, row_text, row_cells, is_row, table_runs, clean_cell, is_numeric_cell,
cell_number, Grid, read_grid, reference_year, relative_years, years_in, TABLE_LABEL.

A table read from a PDF, a Word file or an HTML ``<table>`` is stored as plain text so that the
word diff, search and storage stay what they are for prose: each row is one line whose cells are
joined by ``CELL_SEP`` (a cell's own line breaks and tabs become spaces), and a run of consecutive
row lines is one table. A line of prose never holds a tab (every reader turns a tab inside prose
into a space), so ``is_row`` needs no other mark. An empty cell stays as an empty string between
two tabs: the number of cells of a row is always the number of tabs plus one.

``read_grid`` reads a table as a reader does: the leading rows without numbers are its header
(a cell left empty under a spanning header takes the text of the cell to its left when a row
below names the column), rows that repeat the header later are a continuation page's head, and
each column is a label column (text), a value column (numbers) or a code column (the numeric
classification codes left of the first label, such as 201 05 07).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from compare.textkit.chars import fold_line
from compare.textkit.lazyre import lazy_compile

__all__ = [
    "CELL_SEP",
    "Grid",
    "TABLE_LABEL",
    "read_grid",
    "reference_year",
    "relative_years",
    "years_in",
    "cell_number",
    "clean_cell",
    "is_numeric_cell",
    "is_row",
    "row_cells",
    "row_text",
    "table_runs",
]

CELL_SEP = "\t"

_SPACES = lazy_compile(r"[\t\r\n\f\v\u2028\u2029]+")
# A number as a table cell holds it: grouped digits, a decimal part, a sign, a trailing % (the
# column header gives the unit). "-" / "—" alone is an empty cell, not a number.
_NUMBER_CELL = lazy_compile(r"[+\-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")


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


_YEAR = lazy_compile(r"((?:19|20)\d\d)\s*年(度)?")
# The label a table's title starts with, or stands on its own line above it ("表一：", "附表3",
# "Table 2.").
TABLE_LABEL = lazy_compile(
    r"(?:附?表|图|Table|Figure)\s*[一二三四五六七八九十百零〇0-9０-９]+\s*[：:.．]?\s*",
    re.IGNORECASE,
)
_NO_SPACE = lazy_compile(r"\s+")


def relative_years(text: str, ref: int | None) -> str:
    """``text`` with each year written relative to ``ref``: the year itself dropped, the year
    before it ``上年``, the one before that ``前年``, the year after it ``下年`` (so 2022年执行数 in
    the 2022 table and 2023年执行数 in the 2023 table read alike); other years kept."""
    if ref is None:
        return text

    def swap(m: re.Match[str]) -> str:
        year = int(m.group(1))
        if year == ref:
            return ""
        if year == ref - 1:
            return "上年"
        if year == ref - 2:
            return "前年"
        if year == ref + 1:
            return "下年"
        return m.group(0)

    return _YEAR.sub(swap, text)


def years_in(text: str) -> list[int]:
    """The years (19xx, 20xx followed by 年) written in ``text``."""
    return [int(m.group(1)) for m in _YEAR.finditer(text)]


def reference_year(grid: Grid, captions: Sequence[str] = ()) -> int | None:
    """A table's own year: the largest year named by its header, its label cells and the lines
    above it (its title, its caption)."""
    years = [y for row in grid.rows[: grid.header] for cell in row for y in years_in(cell)]
    years += [y for i in grid.data() for k, kind in enumerate(grid.kinds) if kind == "label"
              for y in years_in(grid.rows[i][k])]
    years += [y for line in captions for y in years_in(line)]
    return max(years) if years else None


@dataclass(frozen=True)
class Grid:
    """A table read from its stored rows (see the module docstring)."""

    rows: tuple[tuple[str, ...], ...]  # every row's cells, padded to the same width
    header: int  # how many leading rows are the header
    repeats: frozenset[int]  # later rows that repeat a header row
    columns: tuple[str, ...]  # each column's header, levels joined by "·", spaces removed
    kinds: tuple[str, ...]  # each column: "label", "value", "code" or "" (empty)

    def data(self) -> list[int]:
        """Indexes of the data rows."""
        return [i for i in range(self.header, len(self.rows)) if i not in self.repeats]

    def label(self, i: int, j: int) -> tuple[int, str]:
        """The row label of the value in row ``i``, column ``j``, and the column it starts in:
        the nearest label cell to its left, after the code cells when that is the first label
        column; ``(-1, "")`` when there is none."""
        row = self.rows[i]
        for k in range(j - 1, -1, -1):
            if self.kinds[k] == "label":
                if not row[k]:
                    # A label merged across the code columns (合计) stands left of its column.
                    for c in range(k - 1, -1, -1):
                        if row[c] and not is_numeric_cell(row[c]):
                            return c, row[c]
                    return -1, ""
                first_label = all(kind != "label" for kind in self.kinds[:k])
                codes = [c for c in range(k) if first_label and self.kinds[c] == "code"
                         and row[c]]
                return (codes[0] if codes else k), " ".join([*(row[c] for c in codes), row[k]])
        return -1, ""

    def parents(self, scan: int = 200) -> dict[int, int]:
        """Each row that sums up the rows right below it (in the first value column) as the
        parent of those rows: 财政事务 36,631 over its eight items. Only where the sum is exact
        and there are two children or more; a total over nested levels (a class over its
        subclasses and their items) overshoots and is left without children."""
        col = next((j for j, kind in enumerate(self.kinds) if kind == "value"), -1)
        if col < 0:
            return {}
        data = self.data()
        values = {i: cell_number(self.rows[i][col]) for i in data}
        out: dict[int, int] = {}
        for n, i in enumerate(data):
            target = values[i]
            if not target:
                continue
            total = Decimal(0)
            children: list[int] = []
            for k in data[n + 1 : n + 1 + scan]:
                total += values[k] or 0
                children.append(k)
                if total == target and len(children) >= 2:
                    for c in children:
                        out.setdefault(c, i)
                    break
                if total > target:
                    break
        return out

    def names(self) -> dict[int, str]:
        """A name for each data row: its label and code cells, qualified by its parent row
        (``财政事务/行政运行``) where the same name stands on several rows of the table."""
        keys = {i: self.key(i) for i in self.data()}
        seen: dict[str, int] = {}
        for key in keys.values():
            seen[key] = seen.get(key, 0) + 1
        if all(n == 1 for n in seen.values()):
            return keys
        parents = self.parents()
        return {
            i: f"{keys[parents[i]]}/{key}" if seen[key] > 1 and i in parents else key
            for i, key in keys.items()
        }

    def key(self, i: int) -> str:
        """What names row ``i``: its label and code cells joined by a space ('' for none)."""
        row = self.rows[i]
        return " ".join(row[k] for k, kind in enumerate(self.kinds)
                        if kind in ("label", "code") and row[k])


def _header_text(rows: Sequence[Sequence[str]], header: int, width: int) -> tuple[str, ...]:
    """Each column's header: the header cells above it, top to bottom; an empty header cell under
    a spanning one inherits the text to its left when a lower header row names the column."""
    shown = [[_NO_SPACE.sub("", c) for c in row] for row in rows[:header]]
    for r in range(header):
        for j in range(1, width):
            below = any(shown[q][j] and rows[q][j] for q in range(r + 1, header))
            if not shown[r][j] and below:
                shown[r][j] = shown[r][j - 1]
    out = []
    for j in range(width):
        parts: list[str] = []
        for r in range(header):
            if shown[r][j] and (not parts or parts[-1] != shown[r][j]):
                parts.append(shown[r][j])
        out.append("·".join(parts))
    return tuple(out)


def read_grid(lines: Sequence[str]) -> Grid:
    """The grid of a run of stored row lines (see ``Grid``)."""
    cells = [row_cells(line) for line in lines]
    width = max((len(c) for c in cells), default=0)
    rows = tuple(tuple(c + [""] * (width - len(c))) for c in cells)
    header = 0
    for row in rows:
        filled = [c for c in row if c]
        if any(is_numeric_cell(c) for c in filled) or (header and len(filled) < 2):
            break
        header += 1
    if header == len(rows):
        header = min(header, 1)
    heads = {_NO_SPACE.sub("", CELL_SEP.join(r)) for r in rows[:header]}
    repeats = frozenset(
        i for i in range(header, len(rows)) if _NO_SPACE.sub("", CELL_SEP.join(rows[i])) in heads
    )
    numeric = [0] * width
    text = [0] * width
    for i in range(header, len(rows)):
        if i in repeats:
            continue
        for j, c in enumerate(rows[i]):
            if not c or c in "-—–":
                continue
            if is_numeric_cell(c):
                numeric[j] += 1
            else:
                text[j] += 1
    kinds = ["label" if text[j] > numeric[j] else "value" if numeric[j] else ""
             for j in range(width)]
    first_label = next((j for j, k in enumerate(kinds) if k == "label"), 0)
    for j in range(first_label):
        if kinds[j] == "value":
            kinds[j] = "code"
    return Grid(rows, header, repeats, _header_text(rows, header, width), tuple(kinds))
