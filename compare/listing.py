"""The ``compare/list/1`` document of CONTRACT.md and how a stored report's path is shown: all
that ``compare list`` needs, apart from ``compare.export`` (which re-exports it), so that listing
the store loads none of the metric modules the other documents need.

Public API: list_json, shown_path, LIST_SCHEMA.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from compare.models import ReportInfo

__all__ = ["LIST_SCHEMA", "list_json", "shown_path"]

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
