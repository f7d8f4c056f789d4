"""Read report files into Documents: decode, split into blocks, set aside page furniture.

Public API: decode, parse_document, read_document, collect_paths, REPORT_SUFFIXES.

``parse_document`` is pure: bytes in, a ``Document`` out. Text is kept as written (full-width
digits, zero-width characters); only each block's outer whitespace (U+3000 included) is removed.
Lines that scraping broke apart (a link turned into ``（PM\\n2.5\\n）``, ``政府工作报\\n告``) are
joined again; a heading line is never joined to its paragraph. Every block keeps the 1-based line
of the original file where it starts, whatever the line ends (LF, CRLF, CR). Breadcrumbs and the
title before the report go to ``Document.front``, licence and footer blocks after it to
``Document.back``: nothing read is dropped.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path, PurePath

from compare.errors import InputError
from compare.models import Block, Document
from compare.textkit.chars import ZERO_WIDTH, ascii_digits, is_cjk
from compare.textkit.headings import looks_like_heading, match_heading
from compare.textkit.sentences import (
    BRACKET_CLOSERS,
    BRACKET_OPENERS,
    COMMAS,
    PARAGRAPH_ENDS,
)
from compare.tuning import DEFAULT, IngestTuning

REPORT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")

_MAGIC = (
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

_ZW = "".join(ZERO_WIDTH)
_CLOSERS = "".join(sorted(BRACKET_CLOSERS))
# A line starting with one of these continues the line before (a link ended just before it).
_CONTINUES = BRACKET_CLOSERS | COMMAS | PARAGRAPH_ENDS | frozenset("．")
_ENUM_ONLY = re.compile(r"[一二三四五六七八九十]+是|第[一二三四五六七八九十]+|首先|其次|最后")
_MD_HEADING = re.compile(r"(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_STRUCTURE = re.compile(r"([-*+]\s|\d+[.)]\s|>|\||```|~~~)")
_HTML_TAG = re.compile(
    r"<(?:/?(?:p|div|h[1-6]|br|li|ul|ol|table|tr|td|span|body|html|head|section|article)\b"
    r"|!doctype)",
    re.IGNORECASE,
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")
_TITLE_YEAR = re.compile(r"(?:FY\s?)?(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])(?:\s*年度?)?")
_TITLE_WORDS = re.compile(r"报告|Report|REPORT|report")
_BREADCRUMB = re.compile(
    r"当前位置|您的位置|您现在的位置|现在位置|首页\s*[>＞»]|Home\s*[>»]|You are here"
)
_BACK_MARKERS = re.compile(
    r"本作品|版权所有|Copyright|©|主办单位|承办单位|主办：|扫一扫|打印本页|关闭窗口|【打印】|"
    r"【关闭】|网站地图|ICP备|Public domain"
)
_DATE_LINE = re.compile(r"[0-9０-９〇一二三四五六七八九十]{1,4}年.*月.*日|[0-9]{4}[-/.][0-9]{1,2}")


# --- decoding -------------------------------------------------------------------------------


def decode(raw: bytes, *, name: str) -> tuple[str, str]:
    """Text of ``raw`` and the encoding it was in: UTF-8 (BOM or not), UTF-16 with BOM, GB18030."""
    if not raw.strip():
        raise InputError(f"{name} is empty.", "Give a file that holds the report's text.")
    for magic, what in _MAGIC:
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


# --- blocks from plain text and Markdown ------------------------------------------------------


def _ends_sentence(text: str) -> bool:
    core = text.rstrip(_CLOSERS + _ZW)
    return bool(core) and (core[-1] in PARAGRAPH_ENDS or core[-1] == "." and core[-2:-1] != "")


def _joins(
    prev: str,
    last_piece: str,
    pieces: int,
    total: int,
    nxt: str,
    *,
    blank_separated: bool,
    t: IngestTuning,
) -> bool:
    """Whether line ``nxt`` continues the block ending in ``prev`` (a break left by scraping).

    ``prev`` is the block so far when it is one line, else its last two pieces (the checks look
    at its end only, so a long run of joins stays linear); ``total`` is its full length.
    """
    if nxt[0] in _CONTINUES:
        return True
    if looks_like_heading(nxt) or nxt.startswith("——"):
        return False
    if prev[-1] in BRACKET_OPENERS:
        return True
    if looks_like_heading(prev) and pieces == 1:
        return False
    if blank_separated:
        # The file ends paragraphs with blank lines, so a line right below another belongs to
        # the same paragraph (a bold lead-in, a link) unless it is page furniture.
        return not (
            nxt == prev
            or _BREADCRUMB.search(prev)
            or _title_like(prev, t) and len(nxt) > t.fragment_max_chars
        )
    if _ends_sentence(prev):
        return False
    if prev[-1] in COMMAS:
        return True
    if len(nxt) <= t.fragment_max_chars and not _ends_sentence(nxt):
        return True
    if pieces > 1 and len(last_piece) <= t.fragment_max_chars:
        return True  # the fragment just joined ("M" + "2") leads into the rest of the sentence
    if _ENUM_ONLY.fullmatch(prev):
        return True
    if prev[-1].isascii() and prev[-1].isalnum() and nxt[0].isascii() and nxt[0].islower():
        return True  # English prose wrapped mid-sentence
    # A long line of prose with no final stop was cut mid-sentence; a title or breadcrumb has no
    # inner punctuation, so it is not taken for one.
    return (
        total >= t.prose_line_min_chars
        and (pieces > 1 or any(c in prev for c in "，,、；"))
        and is_cjk(nxt[0])
    )


def _separator(prev: str, nxt: str) -> str:
    """'' between CJK pieces and around "M"+"2"; a space inside English prose."""
    last_word = prev.split()[-1]
    if last_word.isascii() and nxt[0].isascii() and nxt[0].isalnum() and " " in prev.strip():
        return " "
    return ""


def _text_blocks(lines: Sequence[str], *, markdown: bool, t: IngestTuning) -> list[Block]:
    blank = sum(1 for line in lines if not line.strip())
    blank_separated = blank >= t.blank_separated_min_share * (len(lines) - blank)
    blocks: list[Block] = []
    pieces: list[str] = []
    start = total = 0

    def close() -> None:
        if pieces:
            blocks.append(Block("".join(pieces), start))
            pieces.clear()

    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        # A line of zero-width spaces is a paragraph break after a full stop (cn-gwr/2017
        # separates paragraphs so) and a scraping break inside a sentence.
        if not line.strip(_ZW) and (not line or not pieces or _ends_sentence(pieces[-1])):
            close()
            continue
        if markdown:
            m = _MD_HEADING.match(line)
            if m and m.group(2):
                close()
                blocks.append(Block(m.group(2), number, len(m.group(1))))
                continue
        if pieces:
            prev = "".join(pieces[-2:])
            if markdown:
                # Markdown wraps paragraphs freely; list items, quotes and tables start anew.
                joins = not _MD_STRUCTURE.match(line) and not looks_like_heading(line)
            else:
                joins = _joins(
                    prev,
                    pieces[-1],
                    len(pieces),
                    total,
                    line,
                    blank_separated=blank_separated,
                    t=t,
                )
            if joins:
                piece = _separator(prev, line) + line
                pieces.append(piece)
                total += len(piece)
                continue
            close()
        pieces.append(line)
        start, total = number, len(line)
    close()
    return blocks


# --- blocks from HTML ---------------------------------------------------------------------


class _HtmlBlocks(HTMLParser):
    """Text of block-level elements, each with the source line of its first character."""

    BLOCK = frozenset(
        re.findall(
            r"\w+",
            "p div li ul ol h1 h2 h3 h4 h5 h6 br tr td th table section article header footer "
            "blockquote pre dd dt dl hr body html main nav aside figure figcaption form title",
        )
    )
    SKIP = frozenset(("script", "style", "noscript", "template"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._line = 0
        self._hint = 0
        self._skip = 0

    def _flush(self) -> None:
        text = re.sub(r"[ \t\n\r\f\v]+", " ", "".join(self._parts)).strip()
        if text:
            self.blocks.append(Block(text, self._line, self._hint))
        self._parts = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skip += 1
        elif tag in self.BLOCK:
            self._flush()
            if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
                self._hint = int(tag[1])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCK:
            self._flush()
            if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
                self._hint = 0

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if not self._parts or not "".join(self._parts).strip():
            stripped = data.lstrip()
            if stripped:
                line, _ = self.getpos()
                self._line = line + data[: len(data) - len(stripped)].count("\n")
        self._parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def _html_blocks(text: str) -> list[Block]:
    parser = _HtmlBlocks()
    parser.feed(text)
    parser.close()
    return parser.blocks


def _looks_like_html(text: str, t: IngestTuning) -> bool:
    return len(_HTML_TAG.findall(text[:t.html_sniff_chars])) >= t.html_sniff_min_tags


# --- front and back matter, title, year, series -------------------------------------------


def _has_content(text: str) -> bool:
    return any(c.isalnum() for c in text)


def _title_like(text: str, t: IngestTuning) -> bool:
    return (
        len(text) <= t.title_max_chars
        and not _ends_sentence(text)
        and text[-1] not in COMMAS
        and not looks_like_heading(text)
        and bool(_TITLE_WORDS.search(text))
    )


def _byline(text: str, t: IngestTuning) -> bool:
    """A date line (——2017年3月5日在…) or a short name line after the title."""
    if match_heading(text) is not None:
        return False
    if text.startswith(("—", "(", "（")) and _DATE_LINE.search(text):
        return True
    return len(text) <= t.byline_max_chars and not any(
        c in PARAGRAPH_ENDS or c in "，," for c in text
    )


def _split_front(blocks: list[Block], t: IngestTuning) -> tuple[int, str]:
    """How many leading blocks are page furniture, and the title found among them."""
    scan = blocks[:t.front_scan_blocks]
    end = 0
    for i, b in enumerate(scan):
        if len(b.text) <= t.breadcrumb_max_chars and _BREADCRUMB.search(b.text):
            end = i + 1
    title = ""
    i = end
    while i < len(scan):
        text = scan[i].text
        if not _has_content(text):
            pass
        elif not title and (
            _title_like(text, t)
            or i + 1 < len(scan) and scan[i + 1].text == text and not _ends_sentence(text)
        ):
            title = text
        elif title and (text == title or _byline(text, t) and not scan[i].hint):
            pass  # a marked-up heading (## / <h2>) right after the title starts the body
        else:
            break
        i += 1
    if not title and blocks and blocks[0].hint == 1 and sum(b.hint == 1 for b in blocks) == 1:
        return 1, blocks[0].text  # a lone <h1> / "# " at the top names the document
    return (i if title else end_of_junk(scan, end)), title


def end_of_junk(scan: Sequence[Block], start: int) -> int:
    """Index of the first block from ``start`` that has any letter or digit."""
    i = start
    while i < len(scan) and not _has_content(scan[i].text):
        i += 1
    return i


def _split_back(blocks: list[Block], start: int, t: IngestTuning) -> int:
    """Index where licence and footer blocks begin (len(blocks) when there are none)."""
    for i in range(start + 1, len(blocks)):
        near_end = i >= len(blocks) * t.back_min_share or len(blocks) - i <= t.back_tail_blocks
        if near_end and _BACK_MARKERS.match(blocks[i].text):
            return i
    end = len(blocks)
    while end > start + 1 and not _has_content(blocks[end - 1].text):
        end -= 1
    return end


def _year_series(title: str, path: PurePath) -> tuple[int | None, str | None]:
    """Year and series from the title, else the file name, else the folder (see module doc)."""
    folded = ascii_digits(title)  # same length as ``title``: spans found in it cut ``title``
    found = list(_TITLE_YEAR.finditer(folded))
    if found:
        kept, last = [], 0
        for m in found:
            kept.append(title[last : m.start()])
            last = m.end()
        kept.append(title[last:])
        series = re.sub(r"\s{2,}", " ", "".join(kept)).strip(" -_–—:：")
        if series:
            return max(int(m.group(1)) for m in found), series
    stem = ascii_digits(path.stem)
    ym = _YEAR.search(stem)
    if ym:
        rest = (path.stem[: ym.start()] + path.stem[ym.end() :]).strip(" -_.")
        if any(c.isalpha() for c in rest):
            return int(ym.group(1)), rest
        return int(ym.group(1)), path.parent.name or None
    return None, path.parent.name or None


def parse_document(
    raw: bytes,
    *,
    path: str,
    year: int | None = None,
    series: str | None = None,
    tuning: IngestTuning = DEFAULT.ingest,
) -> Document:
    """A ``Document`` from a file's bytes; ``year``/``series`` override what the file says."""
    t = tuning
    pure = PurePath(path)
    text, encoding = decode(raw, name=path)
    suffix = pure.suffix.lower()
    if suffix in (".html", ".htm") or (
        suffix not in (".md", ".markdown") and _looks_like_html(text, t)
    ):
        blocks = _html_blocks(_LINE_BREAK.sub("\n", text))
    else:
        lines = _LINE_BREAK.split(text)
        blocks = _text_blocks(lines, markdown=suffix in (".md", ".markdown"), t=t)
    front_end, title = _split_front(blocks, t)
    back_start = _split_back(blocks, front_end, t)
    found_year, found_series = _year_series(title, pure)
    return Document(
        path=path,
        sha256=hashlib.sha256(raw).hexdigest(),
        encoding=encoding,
        title=title or pure.stem,
        year=year if year is not None else found_year,
        series=series if series is not None else found_series,
        blocks=tuple(blocks[front_end:back_start]),
        front=tuple(blocks[:front_end]),
        back=tuple(blocks[back_start:]),
    )


def read_document(
    path: Path,
    *,
    year: int | None = None,
    series: str | None = None,
    tuning: IngestTuning = DEFAULT.ingest,
) -> Document:
    """Read and parse one file; InputError when it is missing, a folder or unreadable."""
    if path.is_dir():
        raise InputError(f"{path} is a folder, not a file.", "Give the report file inside it.")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path} does not exist.", "Check the path and try again.") from None
    except OSError as exc:
        raise InputError(
            f"Cannot read {path}: {exc.strerror or exc}.",
            "Check that the file exists and that you may read it.",
        ) from None
    return parse_document(raw, path=str(path), year=year, series=series, tuning=tuning)


def collect_paths(paths: Sequence[Path]) -> list[Path]:
    """Files named by ``paths``: folders expanded recursively to report files, sorted."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = [
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in REPORT_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
                and f.stem.lower() != "readme"
            ]
            out.extend(sorted(found))
        elif p.is_file():
            out.append(p)
        elif p.exists():
            raise InputError(
                f"{p} is not a regular file or folder.", "Give report files or folders."
            )
        else:
            raise InputError(f"{p} does not exist.", "Check the path and try again.")
    return out
