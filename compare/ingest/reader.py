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
from collections.abc import Sequence
from pathlib import Path, PurePath

from compare.errors import InputError
from compare.ingest.decode import decode
from compare.ingest.furniture import split_back, split_front, year_series
from compare.ingest.htmltext import html_blocks, looks_like_html
from compare.ingest.plaintext import LINE_BREAK, text_blocks
from compare.models import Document
from compare.tuning import DEFAULT, IngestTuning

__all__ = ["REPORT_SUFFIXES", "collect_paths", "parse_document", "read_document"]

REPORT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


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
        suffix not in (".md", ".markdown") and looks_like_html(text, t)
    ):
        blocks = html_blocks(LINE_BREAK.sub("\n", text), tuning=t)
    else:
        lines = LINE_BREAK.split(text)
        blocks = text_blocks(lines, markdown=suffix in (".md", ".markdown"), t=t)
    front_end, title = split_front(blocks, t)
    back_start = split_back(blocks, front_end, t)
    found_year, found_series = year_series(title, pure)
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
    """Files named by ``paths``: folders expanded recursively to report files, sorted; a file
    named twice (``2019.txt 2019.txt``, or a folder and a file in it) is read once."""
    seen: set[Path] = set()
    unique = []
    for f in _files(paths):
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def _files(paths: Sequence[Path]) -> list[Path]:
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
