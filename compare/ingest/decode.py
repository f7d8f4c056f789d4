"""Bytes to text: the encodings report files come in, and files that are not text at all.

Public API: decode, MAGIC.
"""

from __future__ import annotations

from compare.errors import InputError

__all__ = ["MAGIC", "decode"]

# File signatures of formats that are not text, with what to call them in a message.
MAGIC = (
    (b"%PDF", "a PDF"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (a .docx or .xlsx file is one)"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.doc or .xls)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"SQLite format 3\x00", "a SQLite database"),
    (b"{\\rtf", "an RTF document"),
)


def decode(raw: bytes, *, name: str) -> tuple[str, str]:
    """Text of ``raw`` and the encoding it was in: UTF-8 (BOM or not), UTF-16 with BOM, GB18030."""
    if not raw.strip():
        raise InputError(f"{name} is empty.", "Give a file that holds the report's text.")
    for magic, what in MAGIC:
        if raw.startswith(magic):
            raise InputError(
                f"{name} looks like {what}, not a text file.",
                "Convert it to plain text or HTML first and ingest that file.",
            )
    if raw.startswith(b"\xef\xbb\xbf"):
        return _strict(raw[3:], "utf-8", name), "utf-8-sig"
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if raw.startswith(bom):
            return _strict(raw[2:], codec, name), codec
    if b"\x00" in raw:
        raise InputError(
            f"{name} looks like a binary file (it contains NUL bytes), not text.",
            "Give the report as a .txt, .md or .html file (UTF-8, UTF-16 or GB18030).",
        )
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        offset = exc.start
    try:
        return raw.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    raise InputError(
        f"{name} is not UTF-8, UTF-16 or GB18030 text (undecodable byte at offset {offset}).",
        "Save it as UTF-8 and ingest it again.",
    )


def _strict(raw: bytes, codec: str, name: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name} starts with a {codec} byte-order mark but is not valid {codec} "
            f"(undecodable byte at offset {exc.start}).",
            "Save it as UTF-8 and ingest it again.",
        ) from None
