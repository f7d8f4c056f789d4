"""Numbered schema migrations of the store: each a function from version N to N + 1.

Public API: SCHEMA_VERSION, MIGRATIONS, FTS_DDL, create_tables (the current schema, for a new
store).

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
  reports keep one line per block (page 0, no starts) until they are ingested again;
- 4 -> 5: the ``corrections`` table (a user's "these two are / are not the same", per series),
  empty here; it is keyed by series and years, not by report, so re-ingesting keeps it;
- 5 -> 6: what a metric is a figure of: ``period``, ``qualifiers`` (JSON list), ``approx_word``,
  ``measure`` and ``start`` on metrics, and ``reports.metrics_stamp``, the extractor that made a
  report's metrics ('' here: such metrics are extracted again when the report is loaded);
- 6 -> 7: the ``phrases`` table (each report's expression statistics, ``models.ReportPhrases``,
  computed at ingest), empty here: the pipeline computes them for an older report the first time
  the expressions of its series are asked for, and writes them back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

__all__ = ["FTS_DDL", "MIGRATIONS", "SCHEMA_VERSION", "create_tables"]

SCHEMA_VERSION = 7

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


def _v4_to_v5(conn: sqlite3.Connection) -> None:
    conn.execute(_CORRECTIONS_DDL)


# Written out for the migration (a step never imports sqlite-utils' table builder); the same
# columns as ``_TABLES["corrections"]`` below.
_CORRECTIONS_DDL = (
    "CREATE TABLE IF NOT EXISTS [corrections] ([id] INTEGER PRIMARY KEY, [series] TEXT NOT NULL,"
    " [kind] TEXT NOT NULL, [same] INTEGER NOT NULL, [old_year] INTEGER NOT NULL,"
    " [new_year] INTEGER NOT NULL, [old_ref] TEXT NOT NULL, [old_text] TEXT NOT NULL,"
    " [new_ref] TEXT NOT NULL, [new_text] TEXT NOT NULL)"
)


def _v5_to_v6(conn: sqlite3.Connection) -> None:
    for column, ddl in (("period", "TEXT NOT NULL DEFAULT 'year'"),
                        ("qualifiers", "TEXT NOT NULL DEFAULT '[]'"),
                        ("approx_word", "TEXT NOT NULL DEFAULT ''"),
                        ("measure", "TEXT NOT NULL DEFAULT ''"),
                        ("start", "INTEGER NOT NULL DEFAULT 0")):
        conn.execute(f"ALTER TABLE metrics ADD COLUMN {column} {ddl}")
    conn.execute("ALTER TABLE reports ADD COLUMN metrics_stamp TEXT NOT NULL DEFAULT ''")


def _v6_to_v7(conn: sqlite3.Connection) -> None:
    conn.execute(_PHRASES_DDL)


# Written out for the migration; the same columns as ``_TABLES["phrases"]`` below.
_PHRASES_DDL = (
    "CREATE TABLE IF NOT EXISTS [phrases] ([report_id] INTEGER PRIMARY KEY"
    " REFERENCES [reports]([id]), [stamp] TEXT NOT NULL, [runs] BLOB NOT NULL,"
    " [numbers] BLOB NOT NULL, [words] BLOB NOT NULL, [plain] BLOB NOT NULL,"
    " [shape] BLOB NOT NULL)"
)


_TABLES: dict[str, tuple[dict[str, type], tuple[str, ...]]] = {
    "compare_meta": ({"key": str, "value": str}, ("key",)),
    "reports": (
        {
            "id": int,
            "series": str,
            "year": int,
            "title": str,
            "sha256": str,
            "path": str,
            "encoding": str,
            "sections": int,
            "metrics": int,
            "segmenter": str,
            "metrics_stamp": str,
        },
        ("id",),
    ),
    "sections": (
        {
            "report_id": int,
            "ord": int,
            "path": str,
            "level": int,
            "title": str,
            "text": str,
            "line": int,
            "lines": str,
            "terms": str,
            "words": str,
            "page": int,
            "starts": str,
        },
        ("report_id", "ord"),
    ),
    "matter": (
        {
            "report_id": int,
            "kind": str,
            "ord": int,
            "text": str,
            "line": int,
            "page": int,
            "starts": str,
        },
        ("report_id", "kind", "ord"),
    ),
    "metrics": (
        {
            "report_id": int,
            "ord": int,
            "label": str,
            "kind": str,
            "approx": int,
            "section": str,
            "value": str,
            "unit": str,
            "text": str,
            "line": int,
            "quote": str,
            "page": int,
            "period": str,
            "qualifiers": str,
            "approx_word": str,
            "measure": str,
            "start": int,
        },
        ("report_id", "ord"),
    ),
    "corrections": (
        {
            "id": int,
            "series": str,
            "kind": str,
            "same": int,
            "old_year": int,
            "new_year": int,
            "old_ref": str,
            "old_text": str,
            "new_ref": str,
            "new_text": str,
        },
        ("id",),
    ),
    "phrases": (
        {
            "report_id": int,
            "stamp": str,
            "runs": bytes,
            "numbers": bytes,
            "words": bytes,
            "plain": bytes,
            "shape": bytes,
        },
        ("report_id",),
    ),
}


def create_tables(conn: sqlite3.Connection) -> None:
    """The tables of the current schema (``_TABLES``) through sqlite-utils (plain, named for
    people; the first write to a new store pays its import, about 25 ms, once)."""
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    for name, (columns, pk) in _TABLES.items():
        fks = [("report_id", "reports", "id")] if "report_id" in columns else None
        db[name].create(  # type: ignore[union-attr]
            columns,
            pk=pk[0] if len(pk) == 1 else pk,
            not_null=set(columns) - {"id"},
            foreign_keys=fks,
            if_not_exists=True,
        )
    db["reports"].create_index(  # type: ignore[union-attr]
        ["series", "year"], unique=True, if_not_exists=True
    )


# MIGRATIONS[n] upgrades a store of version n to n + 1.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _v1_to_v2,
    2: _v2_to_v3,
    3: _v3_to_v4,
    4: _v4_to_v5,
    5: _v5_to_v6,
    6: _v6_to_v7,
}
