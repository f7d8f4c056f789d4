"""The ingest stage: report files read into Documents (decoded, split into blocks, page furniture
set aside).

Public API: parse_document, read_document, collect_paths, scan_paths, Scan, REPORT_SUFFIXES
(``reader``); decode (``decode``).

Modules: ``decode`` (bytes to text), ``plaintext`` (plain text to blocks), ``markdown`` (Markdown
to blocks, its metadata), ``htmltext`` (HTML to blocks), ``furniture`` (front and back matter,
title, year, series), ``pdfpage`` (a PDF's text layer as lines and ruled tables), ``pdfoutline``
(its contents and headings), ``pdf`` (a PDF to blocks), ``docx`` (Word files to blocks), ``reader``
(which reader a file needs, and the folder walk).
"""

from compare.ingest.decode import decode
from compare.ingest.reader import (
    REPORT_SUFFIXES,
    Scan,
    collect_paths,
    parse_document,
    read_document,
    scan_paths,
)

__all__ = [
    "REPORT_SUFFIXES",
    "Scan",
    "collect_paths",
    "decode",
    "parse_document",
    "read_document",
    "scan_paths",
]
