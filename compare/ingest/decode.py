"""Bytes to text: the encodings report files come in, and files that are not text at all.

Public API: decode, MAGIC.

Fast checks first: a byte-order mark (UTF-8, UTF-16), strict UTF-8, then GB18030 where the text it
gives reads as Chinese (nearly all its ideographs in the common GB2312 set, not spaced out like
Korean words). GB18030 decodes almost any bytes, so Shift-JIS, Big5 or EUC-KR bytes would come out
as mojibake (``東京都の報告書です。`` as ``搶嫗搒偺曬崘彂偱偡丅``); those files go to
charset-normalizer, limited to the encodings reports come in (GB18030, Big5, Shift-JIS, EUC-KR,
Windows-1252/Latin-1). Its answer is taken only when it is clean: little chaos for the CJK
encodings, and for Latin-1 accented letters inside words rather than runs of high bytes (which is
what broken UTF-8 or binary junk looks like). Anything else is refused, never stored as mojibake.
"""

from __future__ import annotations

from compare.errors import InputError
from compare.textkit.chars import HAN
from compare.textkit.lazyre import lazy_compile
from compare.tuning import DEFAULT, IngestTuning

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


# The encodings charset-normalizer may choose among (Python codec names).
CANDIDATES = ("gb18030", "big5", "cp932", "shift_jis", "euc_kr", "cp949", "cp1252", "latin_1")
_LATIN = frozenset(("cp1252", "latin_1", "iso8859_1", "iso8859_15"))
_HANZI = lazy_compile(f"[{HAN}]")
_SPACED_HANZI = lazy_compile(f"[{HAN}] [{HAN}]")
_HIGH_RUN = lazy_compile(r"[^\x00-\x7f]{3,}")
# Two-byte UTF-8 sequences and longer: bytes that meant UTF-8, broken elsewhere in the file.
_UTF8_SEQ = lazy_compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_SUPPORTED = "UTF-8, UTF-16, GB18030, Big5, Shift-JIS, EUC-KR or Latin-1"


def decode(
    raw: bytes, *, name: str, tuning: IngestTuning = DEFAULT.ingest
) -> tuple[str, str]:
    """Text of ``raw`` and the encoding it was in (see module doc); InputError when the bytes are
    not text, or no supported encoding reads them for certain."""
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
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        if _reads_as_chinese(text, tuning):
            return text, "gb18030"
    found = _detect(raw, tuning)
    if found is not None:
        return found
    raise InputError(
        f"{name} is not {_SUPPORTED} text that can be read for certain "
        f"(undecodable byte at offset {offset}).",
        "Save it as UTF-8 and ingest it again.",
    )


def _reads_as_chinese(text: str, t: IngestTuning) -> bool:
    """GB18030 text that reads as Chinese: its ideographs nearly all in the common GB2312 set, and
    not spaced out one word at a time (EUC-KR Hangul comes out as common ideographs between
    spaces)."""
    hanzi = _HANZI.findall(text)
    if not hanzi:
        return True  # ASCII with a few GB18030 symbols: nothing to misread
    common = sum(1 for ch in hanzi if _in_gb2312(ch))
    spaced = len(_SPACED_HANZI.findall(text))
    return common >= t.gb2312_min_share * len(hanzi) and spaced <= t.spaced_hanzi_max_share * len(
        hanzi
    )


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _detect(raw: bytes, t: IngestTuning) -> tuple[str, str] | None:
    """The encoding charset-normalizer reads ``raw`` in, among CANDIDATES, when its reading is
    clean; None otherwise."""
    from charset_normalizer import from_bytes  # lazy: only files that are not UTF-8 need it

    best = from_bytes(raw, cp_isolation=list(CANDIDATES)).best()
    if best is None or best.chaos > t.max_chaos:
        return None
    text = str(best)
    if best.encoding in _LATIN:
        letters = sum(c.isalpha() for c in text)
        high = sum(1 for c in text if ord(c) > 0x7F)
        if _HIGH_RUN.search(text) or high > t.latin_max_high_share * max(letters, 1):
            return None
        if len(_UTF8_SEQ.findall(raw)) > high // 2:
            return None  # UTF-8 sequences broken by a stray byte, not Latin-1 accents
    elif best.encoding == "gb18030" and not _HANZI.search(text):
        return None
    return text, best.encoding


def _strict(raw: bytes, codec: str, name: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name} starts with a {codec} byte-order mark but is not valid {codec} "
            f"(undecodable byte at offset {exc.start}).",
            "Save it as UTF-8 and ingest it again.",
        ) from None
