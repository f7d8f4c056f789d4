"""Characters: width folding, invisible characters, the CJK character class.

Public API: fold, fold_char, fold_line, fold_map, visible, has_invisible, ascii_digits, is_cjk,
has_cjk, cjk_chars, INVISIBLE, ZERO_WIDTH, CJK, HAN.

``fold`` normalises text for matching only (never for display): the full-width forms block
(U+FF01-U+FF5E: digits, letters and ``，；！？：（）``) to ASCII, the ideographic space and the
no-break space to a space, zero-width characters removed, line ends unified. So ``（一）`` and
``(一)`` match, and so do full-width and ASCII digits. Punctuation outside that block (``。、“”``)
is kept as written. ``fold_line`` does the same one character for one character, so offsets into
the folded line also index the original; ``fold_map`` folds and says where characters were
dropped, so offsets can be mapped back.

``INVISIBLE`` is the one set of characters that take no room on the page and carry no meaning
for matching: zero-width spaces and joiners, the word joiner and invisible operators, the byte-order
mark (U+FEFF) anywhere, the soft hyphen (U+00AD), and the bidirectional controls (LRM, RLM,
ALM, the embeddings, overrides and isolates). Scraped and pasted reports carry them inside
ordinals and numbers (``\u200b一、``, ``1\u200e00亿元``, ``6\u00ad.5%``). Text is stored as
written; ``visible`` removes them, and says where each remaining character stood in the source,
before the heading and number grammars run (``headings.match_heading`` calls it; the metric
extraction drops the same set line by line). ``ZERO_WIDTH`` is the same set under its older name.
"""

from __future__ import annotations

import re

from compare.textkit.lazyre import lazy_compile

__all__ = [
    "CJK",
    "HAN",
    "INVISIBLE",
    "ZERO_WIDTH",
    "ascii_digits",
    "cjk_chars",
    "fold",
    "fold_char",
    "fold_line",
    "fold_map",
    "has_cjk",
    "has_invisible",
    "is_cjk",
    "visible",
]

INVISIBLE = frozenset(
    "\u00ad"  # soft hyphen
    "\u061c"  # Arabic letter mark
    "\u180e"  # Mongolian vowel separator
    "\u200b\u200c\u200d"  # zero-width space, non-joiner, joiner
    "\u200e\u200f"  # left-to-right and right-to-left marks
    "\u202a\u202b\u202c\u202d\u202e"  # bidi embeddings, pop, overrides
    "\u2060\u2061\u2062\u2063\u2064"  # word joiner, invisible operators
    "\u2066\u2067\u2068\u2069"  # bidi isolates
    "\ufeff"  # byte-order mark / zero-width no-break space
)
ZERO_WIDTH = INVISIBLE

# Scripts written without spaces between words, as a regex class body: CJK extension A, the
# unified ideographs, compatibility ideographs, kana, hangul and the supplementary ideographs.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af\U00020000-\U0002fa1f"
# Han ideographs only (no kana, no hangul): what "a Chinese character" means to the number and
# label grammars.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_CJK_CHAR = lazy_compile(f"[{CJK}]")
_CJK_RUN = lazy_compile(f"[{CJK}]+")

_FOLD: dict[int, str | None] = {
    **{code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},
    **{ord(ch): None for ch in ZERO_WIDTH},
    0x3000: " ",
    0x00A0: " ",
}
_FOLD_LF = {**_FOLD, ord("\r"): "\n"}
# The one-for-one part of ``_FOLD`` (what ``fold_line`` applies): invisible characters kept.
_FOLD_SAME_LENGTH = {code: to for code, to in _FOLD.items() if to is not None}
_INVISIBLE_CLASS = "[" + re.escape("".join(sorted(INVISIBLE))) + "]"
_DROPPED = lazy_compile("\r\n|" + _INVISIBLE_CLASS)
_INVISIBLE_RE = lazy_compile(_INVISIBLE_CLASS)
_DIGITS = {code: chr(code - 0xFEE0) for code in range(ord("０"), ord("９") + 1)}
# ``str.translate`` with a dict looks every character up (about 48 ns each on Chinese text);
# finding the few that fold with a character class and replacing only those is four times as
# fast (a report's text is folded several times per comparison).
_FOLDED = {chr(code): to or "" for code, to in _FOLD_LF.items()}
_FOLD_CLASS = lazy_compile("[" + re.escape("".join(sorted(_FOLDED))) + "]")
_SAME_LENGTH_CLASS = lazy_compile(
    "[" + re.escape("".join(sorted(chr(code) for code in _FOLD_SAME_LENGTH))) + "]"
)


def _folded(m: re.Match[str]) -> str:
    return _FOLDED[m.group()]


def fold_char(ch: str) -> str:
    """One character folded for matching: '' for zero-width, half-width for full-width ASCII."""
    folded = _FOLD.get(ord(ch), ch)
    return "" if folded is None else folded


def fold(text: str) -> str:
    """Text folded for matching: widths unified, zero-width gone, CRLF/CR turned into LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():
        return text
    return _FOLD_CLASS.sub(_folded, text)  # no \r is left for _FOLD_LF's to fold


def fold_line(line: str) -> str:
    """``line`` folded character by character with its length kept: a zero-width character
    stays as it is, so offsets into the result index ``line`` too."""
    return line if line.isascii() else _SAME_LENGTH_CLASS.sub(_folded, line)


def fold_map(text: str) -> tuple[str, list[int]]:
    """``fold(text)``, and the folded offset of every character it dropped, in order.

    Folding only drops characters (zero-width ones, the ``\\n`` of ``\\r\\n``) or swaps one for
    one, so folded offset ``f`` is raw offset ``f + (drops at folded offsets <= f)``.
    """
    drops: list[int] = []
    for m in _DROPPED.finditer(text):
        drops.append(m.end() - 1 - len(drops))
    text = text.replace("\r\n", "\n")
    if text.isascii():
        return text.replace("\r", "\n"), drops
    return _FOLD_CLASS.sub(_folded, text), drops


def has_invisible(text: str) -> bool:
    """Whether ``text`` holds any ``INVISIBLE`` character (one scan, no copy)."""
    return not text.isascii() and _INVISIBLE_RE.search(text) is not None


def visible(text: str) -> tuple[str, list[int]]:
    """``text`` without its ``INVISIBLE`` characters, and where each character of the result
    stands in ``text`` (one more entry, ``len(text)``, maps the end).

    Linear in ``len(text)``; a text with no invisible character is returned as it is.
    """
    if not has_invisible(text):
        return text, list(range(len(text) + 1))
    keep = [i for i, ch in enumerate(text) if ch not in INVISIBLE]
    shown = "".join(text[i] for i in keep)
    keep.append(len(text))
    return shown, keep


def ascii_digits(text: str) -> str:
    """``text`` with full-width digits made ASCII, nothing else changed (same length)."""
    return text.translate(_DIGITS)


def is_cjk(ch: str) -> bool:
    """Whether ``ch`` is a character of a script written without spaces (``CJK``)."""
    return bool(_CJK_CHAR.match(ch))


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a character of a script written without spaces (``CJK``)."""
    return bool(_CJK_CHAR.search(text))


def cjk_chars(text: str) -> str:
    """The characters of ``text`` that ``is_cjk`` accepts, in order (found in C: a report's
    language is read from hundreds of thousands of them)."""
    return "".join(_CJK_RUN.findall(text))
