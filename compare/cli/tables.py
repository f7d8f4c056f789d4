"""A table on stdout as rich prints it, without importing rich where the result is known.

Public API: print_table, render_table, console_shape, text_width.

Importing rich's table and console costs ``compare list`` about a fifth of its run. ``print_table``
writes the bytes rich's ``Table()`` would write through ``make_console`` (heavy-head box, one
space of padding, bold header on a terminal) when every cell is made of characters whose width
is known here (ASCII, Latin-1, common punctuation, CJK, kana, hangul, full-width forms),
the table fits the console's width, and the console is one whose width and styles are decided
by the rules of ``console_shape``. Anything else (a tab, a combining mark; a table wider than
the console, which rich wraps and crops; a non-UTF-8 stdout; Windows; Jupyter) goes to rich as
before. tests/test_cli_tables.py holds the two to the same bytes.
"""

from __future__ import annotations

import builtins
import os
import sys
from collections.abc import Sequence

from compare.cli.common import make_console, printable

__all__ = ["console_shape", "print_table", "render_table", "text_width"]

# Code point ranges and their width in terminal cells, as rich.cells.cell_len counts them.
_WIDTHS = (
    (0x20, 0x7E, 1),  # ASCII
    (0xA1, 0xAC, 1),  # Latin-1 but the soft hyphen (0xAD), which rich counts as 0
    (0xAE, 0xFF, 1),
    (0x100, 0x17F, 1),  # Latin Extended-A
    (0x2010, 0x2027, 1),  # dashes, quotes, bullet, ellipsis
    (0x2030, 0x205E, 1),  # per mille, primes, reference marks
    (0x3000, 0x3029, 2),  # CJK symbols and punctuation, up to the combining tone marks
    (0x3030, 0x303E, 2),
    (0x3041, 0x3096, 2),  # hiragana
    (0x30A1, 0x30FA, 2),  # katakana
    (0x3400, 0x4DBF, 2),  # CJK extension A
    (0x4E00, 0x9FFF, 2),  # CJK unified ideographs
    (0xAC00, 0xD7A3, 2),  # hangul syllables
    (0xFF01, 0xFF60, 2),  # full-width forms
    (0xFFE0, 0xFFE6, 2),
)

BOLD, RESET = "\x1b[1m", "\x1b[0m"


def _width(ch: str) -> int | None:
    """Terminal cells of one character, None where rich may count or render it otherwise."""
    code = ord(ch)
    for first, last, cells in _WIDTHS:
        if first <= code <= last:
            return cells
    return None


def text_width(text: str) -> int | None:
    """Terminal cells of ``text`` as rich counts them, None when one of its characters is not
    one of those counted here."""
    total = 0
    for ch in text:
        cells = _width(ch)
        if cells is None:
            return None
        total += cells
    return total


def _fileno(stream: object, default: int) -> int:
    try:
        return int(stream.fileno())  # type: ignore[attr-defined]
    except Exception:  # as rich: a stream without a descriptor counts as the standard one
        return default


def console_shape() -> tuple[int, bool] | None:
    """(width, whether styles are written) of the console ``make_console`` gives for stdout,
    by rich's rules (COLUMNS and LINES, TTY_COMPATIBLE, FORCE_COLOR, a dumb TERM, the size of
    the first standard stream that is a terminal); None where rich would follow rules not
    reproduced here (Windows, Jupyter, IDLE, a stdout that does not write UTF-8)."""
    if sys.platform == "win32" or hasattr(builtins, "get_ipython"):
        return None
    if str(getattr(sys.stdin, "__module__", "")).startswith("idlelib"):
        return None
    out = sys.stdout
    if out is None or hasattr(out, "rich_proxied_file"):  # none, or a rich display's proxy
        return None
    if not (getattr(out, "encoding", "utf-8") or "utf-8").lower().startswith("utf"):
        return None
    env = os.environ
    if env.get("TTY_COMPATIBLE", "") in ("0", "1"):
        terminal = env["TTY_COMPATIBLE"] == "1"
    elif env.get("FORCE_COLOR") is not None:
        terminal = env["FORCE_COLOR"] != ""
    else:
        try:
            terminal = bool(out.isatty())
        except (AttributeError, ValueError):
            terminal = False
    dumb = terminal and env.get("TERM", "").lower() in ("dumb", "unknown")
    columns, lines = env.get("COLUMNS"), env.get("LINES")
    fixed = int(columns) if columns is not None and columns.isdigit() else None
    if fixed is not None and lines is not None and lines.isdigit():
        width = fixed
    elif dumb:
        width = 80
    elif fixed is not None:
        width = fixed
    else:
        width = 0
        for stream, fd in ((sys.__stdin__, 0), (sys.__stdout__, 1), (sys.__stderr__, 2)):
            try:
                width = os.get_terminal_size(_fileno(stream, fd)).columns
            except (AttributeError, ValueError, OSError):
                continue
            break
        width = width or 80
    return width, terminal and not dumb


def render_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], width: int, styled: bool
) -> str | None:
    """The text rich prints for ``Table()`` with these columns and rows on a console ``width``
    cells wide (``styled``: header in bold), or None where it would not be the same."""
    if not headers or not all(headers) or any(len(row) != len(headers) for row in rows):
        return None  # rich runs the padding of an empty header together
    cells = [[printable(c) for c in row] for row in (headers, *rows)]
    widths = [0] * len(headers)
    for row in cells:
        for n, text in enumerate(row):
            cells_wide = text_width(text)
            if cells_wide is None:
                return None
            widths[n] = max(widths[n], cells_wide)
    if sum(w + 3 for w in widths) + 1 > width:
        return None

    def line(left: str, fill: str, middle: str, right: str) -> str:
        return left + middle.join(fill * (w + 2) for w in widths) + right

    def padded(text: str, wide: int) -> str:
        return text + " " * (wide - (text_width(text) or 0))

    head = [padded(h, w) for h, w in zip(cells[0], widths, strict=True)]
    if styled:  # rich styles the padding and the text as three runs
        head = [f"{BOLD} {RESET}{BOLD}{h}{RESET}{BOLD} {RESET}" for h in head]
    else:
        head = [f" {h} " for h in head]
    out = [line("┏", "━", "┳", "┓"), "┃" + "┃".join(head) + "┃", line("┡", "━", "╇", "┩")]
    for row in cells[1:]:
        body = (f" {padded(c, w)} " for c, w in zip(row, widths, strict=True))
        out.append("│" + "│".join(body) + "│")
    out.append(line("└", "─", "┴", "┘"))
    return "\n".join(out) + "\n"


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Print a table on stdout exactly as ``make_console().print(Table(...))`` does."""
    shape = console_shape()
    text = render_table(headers, rows, *shape) if shape is not None else None
    if text is not None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from rich.table import Table

    table = Table()
    for header in headers:
        table.add_column(header)
    for row in rows:
        table.add_row(*row)
    make_console().print(table)
