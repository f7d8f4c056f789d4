"""Small text helpers shared by several stages.

Public API: fold, fold_char, ZERO_WIDTH.

``fold`` normalises text for matching only (never for display): the full-width forms block
(U+FF01-U+FF5E: digits, letters and ``，；！？：（）``) to ASCII, the ideographic space to a space,
zero-width characters removed, line ends unified. So ``（一）`` and ``(一)`` match, and so do
full-width and ASCII digits. Punctuation outside that block (``。、“”``) is kept as written.
"""

from __future__ import annotations

ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")


_FOLD = {ch: "" for ch in map(ord, ZERO_WIDTH)} | {
    code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)
} | {0x3000: " ", 0xA0: " "}


def fold_char(ch: str) -> str:
    """One character folded for matching: '' for zero-width, half-width for full-width ASCII."""
    if ch in ZERO_WIDTH:
        return ""
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    if ch in "\u3000\u00a0":
        return " "
    return ch


def fold(text: str) -> str:
    """Text folded for matching: widths unified, zero-width gone, CRLF/CR turned into LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():
        return text
    return text.translate(_FOLD)
