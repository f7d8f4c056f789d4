"""Small text helpers shared by several stages.

Public API: fold, fold_char, ZERO_WIDTH.

``fold`` normalises text for matching only (never for display): full-width ASCII to half-width,
the ideographic space to a space, zero-width characters removed, line ends unified. Chinese
punctuation such as ``，`` and ``。`` is kept: it is the normal form in Chinese text, and folding it
would make ``，`` and ``,`` equal only to make Chinese and English prose look alike.
"""

from __future__ import annotations

ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")


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
    return "".join(fold_char(ch) for ch in text)
