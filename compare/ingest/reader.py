"""Read report files into Documents: decode, split into blocks, set aside page furniture.

Public API: decode, parse_document, read_document, collect_paths, scan_paths, Scan,
REPORT_SUFFIXES.

``parse_document`` is pure: bytes in, a ``Document`` out. Text is kept as written (full-width
digits, zero-width characters); only each block's outer whitespace (U+3000 included) is removed.
Lines that scraping broke apart (a link turned into ``（PM\\n2.5\\n）``, ``政府工作报\\n告``) are
joined again; a heading line is never joined to its paragraph. Every block keeps the 1-based line
of the original file where it starts, whatever the line ends (LF, CRLF, CR). Breadcrumbs and the
title before the report go to ``Document.front``, licence and footer blocks after it to
``Document.back``: nothing read is dropped. ``scan_paths`` walks folders and says which files it
skipped and why (not a report format, a README, hidden).

A PDF (told by its first bytes, whatever its name) is read by ``compare.ingest.pdf``, a ``.docx`` by
``compare.ingest.docx`` and a ``.doc``/``.wps`` through LibreOffice; their blocks carry pages
(PDF) or paragraph numbers (Word), and a PDF's cover and contents are its front matter. There the
running headers, footers and page numbers a PDF prints on every page are the one thing dropped.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath

from compare.errors import InputError
from compare.ingest.decode import decode
from compare.ingest.docx import OLD_WORD_SUFFIXES, WORD_SUFFIXES, doc_to_docx, docx_blocks
from compare.ingest.furniture import split_back, split_front, split_front_marked, year_series
from compare.ingest.htmltext import html_blocks, looks_like_html
from compare.ingest.markdown import looks_like_markdown, markdown_blocks
from compare.ingest.pdf import pdf_blocks
from compare.ingest.plaintext import LINE_BREAK, split_glued, text_blocks
from compare.models import Block, Document
from compare.tuning import DEFAULT, IngestTuning

__all__ = [
    "REPORT_SUFFIXES",
    "Scan",
    "collect_paths",
    "parse_document",
    "read_document",
    "scan_paths",
]

REPORT_SUFFIXES = (
    ".txt", ".md", ".markdown", ".html", ".htm", ".pdf", *WORD_SUFFIXES, *OLD_WORD_SUFFIXES
)
_PDF = b"%PDF"
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"


def _laid_out(raw: bytes, path: str, suffix: str, t: IngestTuning) -> tuple[
    list[Block], tuple[Block, ...], str, str
] | None:
    """Blocks, front matter, title and format of a PDF or Word file; None for a text file."""
    if raw.startswith(_PDF):
        parts = pdf_blocks(raw, name=path, tuning=t.pdf)
        return list(parts.blocks), parts.front, parts.title, "pdf"
    if raw.startswith(_OLE) and suffix in OLD_WORD_SUFFIXES:
        raw = doc_to_docx(raw, name=path, suffix=suffix)
        return docx_blocks(raw, name=path), (), "", "docx"
    if raw.startswith(_ZIP) and suffix in WORD_SUFFIXES:
        return docx_blocks(raw, name=path), (), "", "docx"
    return None


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
    suffix = pure.suffix.lower()
    meta: dict[str, str] = {}
    marked_front = (0, "")
    laid_out = _laid_out(raw, path, suffix, t)
    own_front: tuple[Block, ...] = ()
    own_title = ""
    if laid_out is not None:
        blocks, own_front, own_title, encoding = laid_out
    else:
        text, encoding = decode(raw, name=path, tuning=t)
        if suffix in (".html", ".htm") or (
            suffix not in (".md", ".markdown") and looks_like_html(text, t)
        ):
            blocks = html_blocks(LINE_BREAK.sub("\n", text), tuning=t)
        elif suffix in (".md", ".markdown") or looks_like_markdown(text, t):
            marked = markdown_blocks(LINE_BREAK.sub("\n", text), t)
            blocks, meta = split_glued(marked.blocks, t), marked.meta
            marked_front = (marked.front, marked.title)
        else:
            blocks = split_glued(text_blocks(LINE_BREAK.split(text), t=t), t)
    if own_title:  # a PDF's cover named it: the body starts at once
        front_end, title = 0, own_title
    elif meta:
        front_end, title = split_front_marked(blocks, *marked_front)
    else:
        front_end, title = split_front(blocks, t)
    back_start = split_back(blocks, front_end, t)
    found_year, found_series = year_series(title, pure, date=meta.get("date", ""))
    return Document(
        path=path,
        sha256=hashlib.sha256(raw).hexdigest(),
        encoding=encoding,
        title=title or pure.stem,
        year=year if year is not None else found_year,
        series=series if series is not None else found_series,
        blocks=tuple(blocks[front_end:back_start]),
        front=own_front + tuple(blocks[:front_end]),
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


@dataclass(frozen=True)
class Scan:
    """The files a list of paths names: report files to read, and the files skipped, with why."""

    files: tuple[Path, ...]  # in order: each argument's files, sorted within a folder
    named: frozenset[Path]  # files named themselves (not found in a folder): always read
    shown: dict[Path, str]  # how to name each file to the user: relative to its folder argument
    skipped: tuple[tuple[str, str], ...]  # (file as shown, reason)


def scan_paths(paths: Sequence[Path]) -> Scan:
    """Files named by ``paths``: folders walked recursively to report files, sorted; every other
    file met there is listed in ``skipped`` with its reason (hidden folders are not entered). A
    file named twice (``2019.txt 2019.txt``, or a folder and a file in it) is read once."""
    files: list[Path] = []
    named: set[Path] = set()
    shown: dict[Path, str] = {}
    skipped: list[tuple[str, str]] = []
    for p in paths:
        if p.is_dir():
            found: list[Path] = []
            for root, dirs, names in os.walk(p):
                here = Path(root)
                for d in sorted(dirs):
                    if d.startswith("."):
                        skipped.append((str((here / d).relative_to(p)) + "/", "hidden"))
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    f = here / name
                    rel = str(f.relative_to(p))
                    why = _skip_reason(f)
                    if why:
                        skipped.append((rel, why))
                    elif f.is_file():
                        found.append(f)
                        shown[f] = rel
            files.extend(sorted(found))
        elif p.is_file():
            files.append(p)
            named.add(p)
            shown[p] = str(p)
        elif p.exists():
            raise InputError(
                f"{p} is not a regular file or folder.", "Give report files or folders."
            )
        else:
            raise InputError(f"{p} does not exist.", "Check the path and try again.")
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return Scan(tuple(unique), frozenset(named), shown, tuple(skipped))


def _skip_reason(f: Path) -> str:
    if f.name.startswith("."):
        return "hidden"
    if f.suffix.lower() not in REPORT_SUFFIXES:
        return "not a report format"
    if f.stem.lower() == "readme":
        return "a README"
    return ""


def collect_paths(paths: Sequence[Path]) -> list[Path]:
    """Files named by ``paths``: folders expanded recursively to report files, sorted."""
    return list(scan_paths(paths).files)
