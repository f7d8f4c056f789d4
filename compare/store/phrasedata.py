"""How a report's expression statistics (``models.ReportPhrases``) are kept in the ``phrases``
table: compact, and quick to read back for every year of a series at once.

Public API: pack_phrases, unpack_phrases, insert_phrases, PHRASES_SELECT.

Columns (each zlib-compressed; ``datasette`` shows them as binary):

- ``runs``: the runs, UTF-8, one per line (a run holds no line break);
- ``numbers``: four arrays of whole numbers, one after the other: the candidates' uses, every
  run's uses, ``extends_at`` and ``extends``; each is a type code (``B``, ``H`` or ``I``: 1, 2 or
  4 bytes a number, the smallest that holds its largest), its length (4 bytes) and its numbers,
  all little-endian;
- ``words``: JSON ``{"unigrams": {word: uses}, "words": {word: uses}, "quotes": [key, ...]}``;
- ``plain`` and ``shape``: the folded text and its number shape, UTF-8.

A value that does not decode raises ``ValueError`` (the store reports a corrupt file).
"""

from __future__ import annotations

import json
import sqlite3
import sys
import zlib
from array import array
from collections.abc import Sequence

from compare.models import ReportPhrases

__all__ = ["PHRASES_SELECT", "insert_phrases", "pack_phrases", "unpack_phrases"]

# The stored statistics of one series: the report's id, then ``unpack_phrases``'s arguments.
PHRASES_SELECT = (
    "SELECT p.report_id, p.stamp, p.runs, p.numbers, p.words, p.plain, p.shape"
    " FROM phrases p JOIN reports r ON r.id = p.report_id WHERE r.series = ?"
)

_CODES = (("B", 1 << 8), ("H", 1 << 16), ("I", 1 << 32))
# zlib's fastest level packs the number arrays and texts as small as level 6 does, in half the
# time; the runs shrink by a third more at level 6 (sample reports: 93 -> 65 KB), worth its 3 ms.
# Reading back takes the same 2 ms at either level.
_LEVEL = 1
_RUNS_LEVEL = 6


def pack_phrases(p: ReportPhrases) -> tuple[bytes, bytes, bytes, bytes, bytes]:
    """The ``runs``, ``numbers``, ``words``, ``plain`` and ``shape`` column values."""
    words = {"unigrams": dict(p.unigrams), "words": dict(p.words), "quotes": list(p.quotes)}
    numbers = b"".join(_pack(s) for s in (p.candidates, p.uses, p.extends_at, p.extends))
    text = json.dumps(words, ensure_ascii=False, separators=(",", ":"))
    runs = "\n".join(p.runs).encode()
    return (
        zlib.compress(runs, _RUNS_LEVEL),
        zlib.compress(numbers, _LEVEL),
        zlib.compress(text.encode(), _LEVEL),
        zlib.compress(p.plain.encode(), _LEVEL),
        zlib.compress(p.shape.encode(), _LEVEL),
    )


def unpack_phrases(
    stamp: str, runs: bytes, numbers: bytes, words: bytes, plain: bytes, shape: bytes
) -> ReportPhrases:
    """A stored row read back."""
    try:
        text = zlib.decompress(runs).decode()
        packed = zlib.decompress(numbers)
        found = json.loads(zlib.decompress(words))
        plain_text = zlib.decompress(plain).decode()
        shape_text = zlib.decompress(shape).decode()
    except zlib.error as exc:
        raise ValueError(f"a phrases value does not decompress ({exc})") from None
    arrays: list[array[int]] = []
    at = 0
    for _ in range(4):
        values, at = _unpack(packed, at)
        arrays.append(values)
    candidates, uses, extends_at, extends = arrays
    run_list = tuple(text.split("\n")) if text else ()
    if len(uses) != len(run_list) or len(extends_at) != len(run_list) + 1:
        raise ValueError("the phrases arrays do not match the runs")
    try:
        unigrams, counted, quotes = found["unigrams"], found["words"], tuple(found["quotes"])
    except (KeyError, TypeError):
        raise ValueError("the phrases words lack a part") from None
    return ReportPhrases(
        stamp=stamp,
        runs=run_list,
        candidates=candidates,
        uses=uses,
        extends_at=extends_at,
        extends=extends,
        unigrams=unigrams,
        words=counted,
        quotes=quotes,
        plain=plain_text,
        shape=shape_text,
    )


def insert_phrases(conn: sqlite3.Connection, rid: int | None, phrases: ReportPhrases) -> None:
    """Write one report's statistics (inside the caller's transaction)."""
    conn.execute(
        "INSERT INTO phrases (report_id, stamp, runs, numbers, words, plain, shape)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (rid, phrases.stamp, *pack_phrases(phrases)),
    )


def _pack(values: Sequence[int]) -> bytes:
    top = max(values, default=0)
    code = next(c for c, limit in _CODES if top < limit)
    arr = array(code, values)
    if sys.byteorder == "big":
        arr.byteswap()
    return code.encode() + len(arr).to_bytes(4, "little") + arr.tobytes()


def _unpack(data: bytes, at: int) -> tuple[array[int], int]:
    code = chr(data[at]) if at < len(data) else ""
    if code not in ("B", "H", "I"):
        raise ValueError("a phrases array has no type code")
    count = int.from_bytes(data[at + 1 : at + 5], "little")
    arr = array(code)
    start = at + 5
    end = start + count * arr.itemsize
    if end > len(data):
        raise ValueError("a phrases array is cut short")
    arr.frombytes(data[start:end])
    if sys.byteorder == "big":
        arr.byteswap()
    return arr, end
