"""Numbered schema migrations of the store: each a function from version N to N + 1.

Public API: SCHEMA_VERSION, MIGRATIONS, FTS_DDL.

``Store`` runs them in order, inside one write transaction, the first time it writes to an older
store: a failure rolls every step back and leaves the file at its old version. A step changes
tables only; it never computes text (the store runs no segmenter), so data that a step adds as
empty (a segmentation, a segmenter name) is recomputed by the pipeline when a report is read.

- 1 -> 2: ``sections.terms`` and ``sections.words`` (the stored segmentation, empty here) and the
  ``sections_fts`` trigram index over the section texts (filled here);
- 2 -> 3: ``reports.segmenter``, the name and version of the segmenter that made a report's
  stored segmentation ('' here: older segmentations are recomputed on first read);
- 3 -> 4: where text stands in its source: ``page`` (of a PDF) on sections, matter and metrics,
  and ``starts`` (where each wrapped piece of a block starts) on sections and matter; older
  reports keep one line per block (page 0, no starts) until they are ingested again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

__all__ = ["FTS_DDL", "MIGRATIONS", "SCHEMA_VERSION"]

SCHEMA_VERSION = 4

# A standalone FTS5 table (it keeps its own copy of the text): an external-content index over
# ``sections`` would point at implicit rowids, which VACUUM may renumber.
FTS_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS sections_fts USING fts5("
    "text, report_id UNINDEXED, ord UNINDEXED, tokenize = 'trigram')"
)


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE sections ADD COLUMN terms TEXT NOT NULL DEFAULT '{}'")
    conn.execute("ALTER TABLE sections ADD COLUMN words TEXT NOT NULL DEFAULT '{}'")
    conn.execute(FTS_DDL)
    conn.execute("INSERT INTO sections_fts (text, report_id, ord) SELECT text, report_id, ord"
                 " FROM sections")


def _v2_to_v3(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE reports ADD COLUMN segmenter TEXT NOT NULL DEFAULT ''")


def _v3_to_v4(conn: sqlite3.Connection) -> None:
    for table in ("sections", "matter"):
        conn.execute(f"ALTER TABLE {table} ADD COLUMN page INTEGER NOT NULL DEFAULT 0")
        conn.execute(f"ALTER TABLE {table} ADD COLUMN starts TEXT NOT NULL DEFAULT '[]'")
    conn.execute("ALTER TABLE metrics ADD COLUMN page INTEGER NOT NULL DEFAULT 0")


# MIGRATIONS[n] upgrades a store of version n to n + 1.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _v1_to_v2,
    2: _v2_to_v3,
    3: _v3_to_v4,
}
