"""Characters: width folding, zero-width characters, the CJK character class.

Public API: fold, fold_char, fold_line, fold_map, ascii_digits, is_cjk, ZERO_WIDTH, CJK, HAN.

``fold`` normalises text for matching only (never for display): the full-width forms block
(U+FF01-U+FF5E: digits, letters and ``，；！？：（）``) to ASCII, the ideographic space and the
no-break space to a space, zero-width characters removed, line ends unified. So ``（一）`` and
``(一)`` match, and so do full-width and ASCII digits. Punctuation outside that block (``。、“”``)
is kept as written. ``fold_line`` does the same one character for one character, so offsets into
the folded line also index the original; ``fold_map`` folds and says where characters were
dropped, so offsets can be mapped back.
"""

from __future__ import annotations

import re

__all__ = [
    "CJK",
    "HAN",
    "ZERO_WIDTH",
    "ascii_digits",
    "fold",
    "fold_char",
    "fold_line",
    "fold_map",
    "is_cjk",
]

ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")

# Scripts written without spaces between words, as a regex class body: CJK extension A, the
# unified ideographs, compatibility ideographs, kana, hangul and the supplementary ideographs.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af\U00020000-\U0002fa1f"
# Han ideographs only (no kana, no hangul): what "a Chinese character" means to the number and
# label grammars.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_CJK_CHAR = re.compile(f"[{CJK}]")

_FOLD: dict[int, str | None] = {
    **{code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},
    **{ord(ch): None for ch in ZERO_WIDTH},
    0x3000: " ",
    0x00A0: " ",
}
_FOLD_LF = {**_FOLD, ord("\r"): "\n"}
# fold_char's one-for-one swaps only (what fold_line applies): zero-width characters stay.
_FOLD_SAME_LENGTH = {code: ch for code, ch in _FOLD.items() if ch is not None}
_DIGITS = {code: chr(code - 0xFEE0) for code in range(ord("０"), ord("９") + 1)}
_DROPPED = re.compile("\r\n|[" + "".join(sorted(ZERO_WIDTH)) + "]")


def fold_char(ch: str) -> str:
    """One character folded for matching: '' for zero-width, half-width for full-width ASCII."""
    folded = _FOLD.get(ord(ch), ch)
    return "" if folded is None else folded


def fold(text: str) -> str:
    """Text folded for matching: widths unified, zero-width gone, CRLF/CR turned into LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():
        return text
    return text.translate(_FOLD)


def fold_line(line: str) -> str:
    """``line`` folded character by character with its length kept: a zero-width character
    stays as it is, so offsets into the result index ``line`` too."""
    return line.translate(_FOLD_SAME_LENGTH)  # one table lookup per character, in C


def fold_map(text: str) -> tuple[str, list[int]]:
    """``fold(text)``, and the folded offset of every character it dropped, in order.

    Folding only drops characters (zero-width ones, the ``\\n`` of ``\\r\\n``) or swaps one for
    one, so folded offset ``f`` is raw offset ``f + (drops at folded offsets <= f)``.
    """
    drops: list[int] = []
    for m in _DROPPED.finditer(text):
        drops.append(m.end() - 1 - len(drops))
    return text.replace("\r\n", "\n").translate(_FOLD_LF), drops


def ascii_digits(text: str) -> str:
    """``text`` with full-width digits made ASCII, nothing else changed (same length)."""
    return text.translate(_DIGITS)


def is_cjk(ch: str) -> bool:
    """Whether ``ch`` is a character of a script written without spaces (``CJK``)."""
    return bool(_CJK_CHAR.match(ch))
