"""Metrics of the tables in a section: each number in a value column, named by its row and its
column.

Public API: table_metrics, table_of, table_unit.

A table's number is a metric whose label is the table's name (its title, label and year removed),
then the row label (the nearest label cell to the left, with the classification codes before it,
its ordinal removed) and the column header joined by ``·``:
``分地区一般公共预算收入执行情况表：扬州市·执行数``. The table's name keeps the same row of two
tables apart (a city's revenue and its spending). A table without row labels (one data row under
a header) is named by its column alone.
Years in a column header or a row label are written relative to the table's own year (the
largest year of its title, caption, header and row labels): ``2022年执行数`` in the 2022 table
and ``2023年执行数`` in the 2023 table are both ``执行数``, the year before it is ``上年``
(``上年决算数``), so the same row and column pair across the two years.

The kind comes from the column header: a budget or plan (预算数, 计划, 安排) is ``target``, a
growth column (增长%, 比上年增减) ``change``, execution and final accounts (执行数, 决算数) and
everything else ``level``; a percent column that is not a change is ``ratio``. The unit and its
multiplier come from the caption above the table (``单位：万元``, ``金额单位：亿元``,
``单位:元``) unless the column header names its own (``（%）``, ``（万元）``): ``1,234.5`` under
``单位：万元`` is 12345000 元. A cell written ``-``/``—`` or left empty holds no metric.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from compare.models import Metric, Quantity, Section
from compare.textkit.chars import fold
from compare.textkit.headings import strip_ordinal
from compare.textkit.lazyre import lazy_compile
from compare.textkit.numbers import format_decimal, scan_numbers
from compare.textkit.tables import (
    CELL_SEP,
    TABLE_LABEL,
    cell_number,
    read_grid,
    reference_year,
    relative_years,
    table_runs,
)
from compare.tuning import DEFAULT, MetricTuning

__all__ = ["table_metrics", "table_of", "table_unit"]

# Between a table's name and its row and column in a label. A prose label never holds it: a
# clause ends at a colon.
_NAME_SEP = "："
_UNIT_CAPTION = lazy_compile(r"单位\s*[:：]\s*([^\s，,；;、/）)]+)")
_UNIT_IN_HEADER = lazy_compile(r"[（(]\s*([^（）()]{1,6})\s*[）)]\s*$")
_PERCENT = lazy_compile(r"%|％|百分比")
_CHANGE = lazy_compile(r"增长|增减|增幅|增速|比上年|同比|变动|增加额|减少额")
_TARGET = lazy_compile(r"预算|计划|安排|目标|预计|草案")
_ACTUAL = lazy_compile(r"执行|决算|完成|实际|实绩")


def table_of(label: str) -> str:
    """The name of the table a metric's label says it stands in ("" for prose and for the
    figures of a table without a name): a row of table 2 and its copy in table 5 are two
    figures."""
    name, sep, _rest = label.partition(_NAME_SEP)
    return name if sep else ""


def table_unit(text: str) -> tuple[str, Decimal] | None:
    """The unit and multiplier a caption or header names (``单位：万元`` → 元, 10000)."""
    m = _UNIT_CAPTION.search(fold(text))
    word = m.group(1) if m else None
    if word is None:
        h = _UNIT_IN_HEADER.search(fold(text))
        word = h.group(1) if h else None
    if word is None and fold(text).rstrip().endswith("%"):
        word = "%"  # 增长%: a percent column
    if not word:
        return None
    if _PERCENT.search(word):
        return "%", Decimal(1)
    found = scan_numbers("1" + word)
    if found and found[0].start == 0:
        return found[0].unit, found[0].value
    return word, Decimal(1)


def _kind(column: str, unit: str) -> str:
    if _CHANGE.search(column) and (unit == "%" or "额" in column or "增减" in column):
        return "change"
    if _TARGET.search(column) and not _ACTUAL.search(column):
        return "target"
    if unit in ("%", "‰"):
        return "ratio"
    return "level"


def _caption_unit(captions: Sequence[str]) -> tuple[str, Decimal] | None:
    for line in reversed(captions):
        found = table_unit(line) if _UNIT_CAPTION.search(fold(line)) else None
        if found is not None:
            return found
    return None


def _table_name(section_title: str, captions: Sequence[str], ref: int | None,
                t: MetricTuning) -> str:
    """What the table is called: the caption line above it that names a table (…表), else the
    section's title when that names one; its label (表一：), ordinal and years removed."""
    named = [c for c in captions
             if "表" in c and len(c) <= t.table_name_max_chars and not _UNIT_CAPTION.search(c)]
    if named:
        title = named[-1]
    elif "表" in section_title or "table" in section_title.lower():
        title = section_title
    else:
        return ""
    title = TABLE_LABEL.sub("", strip_ordinal(title.strip()), count=1)
    return relative_years(title, ref).strip(" ：:")


def table_metrics(section: Section, *, tuning: MetricTuning = DEFAULT.metrics) -> list[Metric]:
    """The metrics of every table of ``section``, in reading order (see the module docstring)."""
    lines = section.text.split("\n")
    offsets = []
    at = 0
    for text in lines:
        offsets.append(at)
        at += len(text) + 1
    out: list[Metric] = []
    previous_end = 0
    for start, end in table_runs(lines):
        captions = lines[previous_end:start]
        previous_end = end
        rows = lines[start:end]
        grid = read_grid(rows)
        ref = reference_year(grid, [section.title, *captions])
        caption_unit = _caption_unit(captions) or ("", Decimal(1))
        has_labels = "label" in grid.kinds
        name = _table_name(section.title, captions, ref, tuning)
        single = grid.kinds.count("label") == 1
        names = grid.names() if single else {}
        for i in grid.data():
            row = grid.rows[i]
            for j, kind in enumerate(grid.kinds):
                if kind != "value" or not row[j]:
                    continue
                number = cell_number(row[j])
                if number is None:
                    continue
                header = relative_years(grid.columns[j], ref)
                label_col, row_label = grid.label(i, j) if has_labels else (-1, "")
                if has_labels and not row_label:
                    continue
                if single:
                    row_label = names.get(i, row_label)
                row_label = relative_years(
                    "/".join(strip_ordinal(part) for part in row_label.split("/")), ref)
                label = "·".join(part for part in (row_label, header) if part)
                if not label:
                    continue
                if name:
                    label = f"{name}{_NAME_SEP}{label}"
                unit, factor = table_unit(grid.columns[j]) or caption_unit
                if "%" in row[j]:
                    unit, factor = "%", Decimal(1)
                cells = rows[i].split(CELL_SEP)
                cell_at = offsets[start + i] + sum(len(c) + 1 for c in cells[:j])
                if section.starts or start + i >= len(section.lines):
                    page, line = section.locate(cell_at)
                else:
                    page, line = section.page, section.lines[start + i]
                quote_from = cell_at
                if label_col >= 0:
                    quote_from = offsets[start + i] + sum(len(c) + 1 for c in cells[:label_col])
                quote = section.text[quote_from : cell_at + len(row[j])]
                out.append(Metric(
                    label=label,
                    kind=_kind(header, unit),
                    approx=False,
                    section=section.path,
                    quantity=Quantity(
                        value=format_decimal(number * factor),
                        unit=unit,
                        text=row[j],
                        line=line,
                        quote=quote,
                        page=page,
                    ),
                ))
    return out
