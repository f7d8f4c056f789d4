"""The ingest stage: report files read into Documents (decoded, split into blocks, page furniture
set aside).

Public API: decode, parse_document, read_document, collect_paths, REPORT_SUFFIXES (``reader``).
"""

from compare.ingest.reader import (
    REPORT_SUFFIXES,
    collect_paths,
    decode,
    parse_document,
    read_document,
)

__all__ = ["REPORT_SUFFIXES", "collect_paths", "decode", "parse_document", "read_document"]
