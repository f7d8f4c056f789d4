"""The serializer of every JSON document, the ``compare/list/1`` document of CONTRACT.md and how
a stored report's path is shown: all that ``compare list`` needs, kept apart from
``compare.export`` (which re-exports them) so that listing the store loads none of the metric
modules the other documents need.

Public API: to_json, list_json, shown_path, LIST_SCHEMA.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from compare import __version__
from compare.models import ReportInfo

__all__ = ["LIST_SCHEMA", "list_json", "shown_path", "to_json"]

LIST_SCHEMA = "compare/list/1"


def shown_path(path: str, store_path: Path | None) -> str:
    """A stored report's path as ``compare list`` and ``compare serve`` show it: as given at
    ingest when relative; an absolute one relative to the store's folder when it lies under it,
    else only its folder and name after ``…/`` (the machine's own folders, a user name among
    them, are not shown)."""
    if store_path is None or not os.path.isabs(path):
        return path
    base = os.path.dirname(os.path.abspath(store_path))
    try:
        inside = os.path.commonpath([base, path]) == base
    except ValueError:  # another drive
        inside = False
    if inside:
        return os.path.relpath(path, base)
    folder, name = os.path.split(path)
    return "…/" + "/".join(p for p in (os.path.basename(folder), name) if p)


def list_json(infos: Sequence[ReportInfo], *, store_path: Path | None = None) -> dict[str, Any]:
    """The ``compare/list/1`` document of the store's reports (paths by ``shown_path``)."""
    return {
        "schema": LIST_SCHEMA,
        "reports": [
            {
                "series": i.series,
                "year": i.year,
                "title": i.title,
                "sha256": i.sha256,
                "path": shown_path(i.path, store_path),
                "sections": i.sections,
                "metrics": i.metrics,
            }
            for i in infos
        ],
    }


_C1 = re.compile("[\u0080-\u009f]")
_C1_ESCAPES = {code: f"\\u{code:04x}" for code in range(0x80, 0xA0)}


def to_json(doc: dict[str, Any]) -> str:
    """A document as the bytes ``compare ... --format json`` prints: UTF-8 text, 2-space indent.

    Ends with one newline, as stdout does, so that ``compare serve``'s JSON endpoints answer the
    very bytes of the command line. A document with a ``schema`` also names the ``compare``
    version that made it (``generator``, right after the schema).
    """
    import json

    if "schema" in doc and "generator" not in doc:
        head = {"schema": doc["schema"], "generator": f"compare {__version__}"}
        doc = head | {k: v for k, v in doc.items() if k != "schema"}
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    # json escapes C0 controls itself; C1 ones (U+0080-U+009F, CSI among them) are escaped
    # too, so no document carries a raw terminal control (same meaning, plain bytes).
    return text.translate(_C1_ESCAPES) if _C1.search(text) else text
