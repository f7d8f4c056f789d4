"""Whether a position stands inside quotation marks on its line: names and slogans in “…”, 《…》,
「…」, ‘…’ or straight quotes, whose numbers are not figures (“十四五”规划, 《2019年…》).

Public API: in_quotes, QUOTE_PAIRS.
"""

from __future__ import annotations

from bisect import bisect_left

from compare.textkit.lazyre import lazy_compile

__all__ = ["QUOTE_PAIRS", "in_quotes"]

QUOTE_PAIRS = (("“", "”"), ("《", "》"), ("「", "」"), ("‘", "’"))
_QUOTE_MARKS = lazy_compile("[" + "".join(a + b for a, b in QUOTE_PAIRS) + '"]')


# The marks of the line scanned last, kept by identity: every number of a line asks for them,
# and looking a long line up by equality (a dict key, lru_cache) compares its whole text each time.
_LAST_MARKS: list[tuple[str, dict[str, list[int]]]] = [("", {})]


def _quote_marks(text: str) -> dict[str, list[int]]:
    """Where each quotation mark stands in ``text``, in order: one scan of the line, shared by
    every number on it (a per-number scan back to the line's start was quadratic: a 1 MB line of
    numbers between quotes took minutes)."""
    last_text, last_marks = _LAST_MARKS[0]
    if last_text is text:
        return last_marks
    found: dict[str, list[int]] = {}
    for m in _QUOTE_MARKS.finditer(text):
        found.setdefault(m.group(), []).append(m.start())
    _LAST_MARKS[0] = (text, found)  # one assignment: another thread sees the old or the new
    return found


def in_quotes(text: str, pos: int) -> bool:
    """True when ``pos`` stands inside “…”, 《…》 or 「…」 on its line (names and slogans): an
    opening mark after the last closing one before ``pos``, or an odd number of ``"`` before it."""
    marks = _quote_marks(text)
    for open_, close in QUOTE_PAIRS:
        opens, closes = marks.get(open_, ()), marks.get(close, ())
        last_open = opens[bisect_left(opens, pos) - 1] if opens and opens[0] < pos else -1
        last_close = closes[bisect_left(closes, pos) - 1] if closes and closes[0] < pos else -1
        if last_open > last_close:
            return True
    return bisect_left(marks.get('"', ()), pos) % 2 == 1
