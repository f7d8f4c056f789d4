"""The SQLite store: one row per report, its sections, front/back matter and metrics.

Public API: Store, SCHEMA_VERSION, default_db_path, search_phrase.

Only this package touches SQLite: this module, ``compare.store.search`` (the query of
``Store.search``) and ``compare.store.phrasedata`` (the ``phrases`` columns). Tables are plain
and named for people (``datasette store.db`` shows them as they are): ``reports``, ``sections``,
``matter``, ``metrics``, ``phrases`` and ``compare_meta`` (the schema version), plus
``sections_fts``, an FTS5 trigram index of the section texts for ``Store.search``.

Each section keeps the word segmentation the pipeline computed at ingest, so that a compare
never loads the segmenter: ``terms`` (JSON object, the alignment words and counts in the order
``textkit.words.section_terms`` gives them) and ``words`` (JSON object, each CJK run of the text
and the lengths of its diff tokens); ``reports.segmenter`` names the segmenter that made them, so a
reader can tell a stale segmentation from a current one. The store only writes and reads what it
is given: it runs no segmenter and imports no text-processing stage.

``phrases`` keeps each report's expression statistics (``models.ReportPhrases``, made at ingest)
with their stamp; ``Store.get_phrases`` reads those of a whole series at once.
The schema is versioned; ``compare.store.migrations`` upgrades an older store one numbered step at
a time, in one transaction, the first time something is written to it. An older store is read as
it is until then.

Each report is written in one ``BEGIN IMMEDIATE`` transaction, old rows of the same series and
year deleted in the same transaction, so a killed process leaves a report either fully present
or absent; ``Store.remove_report`` takes one out (index rows included) the same way;
``put_reports`` writes several in one transaction (a multi-file ingest: all or none).
A write the disk refuses, a hot journal and a damaged value are handled in
``compare.store.recovery``.

The schema is created in one ``BEGIN IMMEDIATE`` transaction (so two processes creating a new
store do not race, and a kill leaves no half schema), its tables created through sqlite-utils.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from compare.errors import StoreError
from compare.models import (
    Block,
    Correction,
    Metric,
    Quantity,
    Report,
    ReportInfo,
    ReportPhrases,
    SearchHit,
    Section,
    Segmentation,
    Start,
)
from compare.store.migrations import FTS_DDL, MIGRATIONS, SCHEMA_VERSION, create_tables
from compare.store.phrasedata import PHRASES_SELECT, insert_phrases, unpack_phrases
from compare.store.recovery import (
    decoded,
    recover_journal,
    rollback,
    schema_number,
    store_error,
)
from compare.store.search import search_hits, search_phrase, search_query
from compare.tuning import STORE_BUSY_TIMEOUT_S

__all__ = ["SCHEMA_VERSION", "Store", "default_db_path", "search_phrase"]


def default_db_path() -> Path:
    """``$COMPARE_DB`` when set, else ``./store.db``."""
    return Path(os.environ.get("COMPARE_DB") or "store.db")


class Store:
    """A store file. Opening never creates anything; the first write creates the schema."""

    def __init__(self, path: Path | str, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._conn: sqlite3.Connection | None = None

    # -- connection ---------------------------------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = self._connect()
        return self._conn

    def _connect(self) -> sqlite3.Connection:
        if self.path.is_dir():
            raise StoreError(
                f"The store {self.path} is a directory.",
                "Pass a file path with --db (or COMPARE_DB), e.g. --db store.db.",
            )
        try:
            # A read-only store is opened read-only by SQLite itself too (mode=ro), so no read
            # path can write to it, whatever it calls.
            target, uri = (
                (self.path.resolve().as_uri() + "?mode=ro", True)
                if self.readonly
                else (str(self.path), False)
            )
            conn = sqlite3.connect(
                target, timeout=STORE_BUSY_TIMEOUT_S, isolation_level=None, uri=uri
            )
            conn.execute("PRAGMA foreign_keys = ON")
            version = self._read_version(conn)
        except sqlite3.DatabaseError as exc:
            raise store_error(self.path, exc, STORE_BUSY_TIMEOUT_S) from None
        if version is not None and version > SCHEMA_VERSION:
            raise StoreError(
                f"The store {self.path} was written by a newer compare "
                f"(schema {version}; this one reads up to {SCHEMA_VERSION}).",
                "Upgrade compare (pip install -U compare-reports) or use another --db.",
            )
        return conn

    @staticmethod
    def _read_version(conn: sqlite3.Connection) -> int | None:
        # fetchall, not fetchone: a statement left unfinished keeps a read transaction open, and
        # a later write from it then fails at once with "database is locked" instead of waiting
        # out the busy timeout while another process writes.
        has_meta = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='compare_meta'"
        ).fetchall()
        if not has_meta:
            return None
        rows = conn.execute("SELECT value FROM compare_meta WHERE key='schema_version'").fetchall()
        return schema_number(rows[0][0]) if rows else None

    def exists(self) -> bool:
        """Whether the store file exists and holds compare's tables."""
        if not self.path.exists():
            return False
        try:
            return self._read_version(self.conn) is not None
        except sqlite3.DatabaseError as exc:
            raise store_error(self.path, exc, STORE_BUSY_TIMEOUT_S) from None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _ensure_schema(self) -> None:
        try:
            version = self._read_version(self.conn)
            if version == SCHEMA_VERSION:
                return  # the version row is written last: the schema is complete
            # One write transaction, taken at once (waiting out the busy timeout), so that two
            # processes creating a new store do not race and a kill leaves no half schema.
            self.conn.execute("BEGIN IMMEDIATE")
            if version is not None:
                self._migrate()
                return
        except sqlite3.DatabaseError as exc:
            rollback(self.conn)
            raise store_error(self.path, exc, STORE_BUSY_TIMEOUT_S) from None
        try:
            create_tables(self.conn)
            self.conn.execute(FTS_DDL)
            self.conn.execute(
                "INSERT OR IGNORE INTO compare_meta (key, value) VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            rollback(self.conn)
            raise store_error(self.path, exc, STORE_BUSY_TIMEOUT_S) from None

    def _migrate(self) -> None:
        """Upgrade an older store, step by step, inside the transaction the caller began; then
        commit, or roll back on any error so the file stays at its old version."""
        conn = self.conn
        try:
            version = self._read_version(conn)  # another process may have upgraded it meanwhile
            while version is not None and version < SCHEMA_VERSION:
                MIGRATIONS[version](conn)
                version += 1
                conn.execute(
                    "UPDATE compare_meta SET value = ? WHERE key = 'schema_version'",
                    (str(version),),
                )
            conn.execute("COMMIT")
        except BaseException:
            rollback(conn)
            raise

    # -- writes -------------------------------------------------------------------------------

    def put_report(self, report: Report, *, encoding: str = "utf-8") -> str:
        """Store a report, replacing the same series and year; returns added/replaced/unchanged."""
        return self.put_reports([(report, encoding)])[0]

    def put_reports(self, reports: Sequence[tuple[Report, str]]) -> list[str]:
        """Store several reports (each with its source encoding) in ONE transaction: all of them
        or, on any error (a full disk, a kill), none; returns added/replaced/unchanged for each.
        """
        with self._writing() as conn:
            return [self._write(conn, report, encoding) for report, encoding in reports]

    def recover(self) -> None:
        """Roll back a hot journal a crashed writer left, so a read-only open can read the store
        (``compare.store.recovery.recover_journal``); changes no committed row."""
        recover_journal(self.path, timeout=STORE_BUSY_TIMEOUT_S)

    def _write(self, conn: sqlite3.Connection, report: Report, encoding: str) -> str:
        found = conn.execute(
            "SELECT id, sha256 FROM reports WHERE series = ? AND year = ?",
            (report.series, report.year),
        ).fetchall()
        row = found[0] if found else None
        if row and row[1] == report.sha256:
            return "unchanged"
        if row:
            _delete_report(conn, row[0])
        seg = report.segmentation
        cur = conn.execute(
            "INSERT INTO reports (series, year, title, sha256, path, encoding, sections, metrics,"
            " segmenter, metrics_stamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                report.series,
                report.year,
                report.title,
                report.sha256,
                report.path,
                encoding,
                len(report.sections),
                len(report.metrics),
                seg.segmenter if seg is not None else "",
                report.metrics_stamp,
            ),
        )
        rid = cur.lastrowid
        conn.executemany(
            "INSERT INTO sections (report_id, ord, path, level, title, text, line, lines, terms,"
            " words, page, starts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    rid,
                    i,
                    s.path,
                    s.level,
                    s.title,
                    s.text,
                    s.line,
                    json.dumps(list(s.lines)),
                    *_segment_columns(s.text, seg),
                    s.page,
                    json.dumps(s.starts),
                )
                for i, s in enumerate(report.sections)
            ],
        )
        conn.executemany(
            "INSERT INTO sections_fts (text, report_id, ord) VALUES (?, ?, ?)",
            [(s.text, rid, i) for i, s in enumerate(report.sections)],
        )
        conn.executemany(
            "INSERT INTO matter (report_id, kind, ord, text, line, page, starts)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (rid, kind, i, b.text, b.line, b.page, json.dumps(b.starts))
                for kind, blocks in (("front", report.front), ("back", report.back))
                for i, b in enumerate(blocks)
            ],
        )
        _insert_metrics(conn, rid, report.metrics)
        if report.phrases is not None:
            insert_phrases(conn, rid, report.phrases)
        return "replaced" if row else "added"

    def remove_report(self, series: str, year: int) -> bool:
        """Take one report out of the store with its sections, search index rows, matter and
        metrics, in one transaction; False when the store holds no such report."""
        if self.readonly:
            raise StoreError(f"The store {self.path} is open read-only.", "Use a writable --db.")
        if not self.exists():
            return False
        with self._writing() as conn:
            rows = conn.execute(
                "SELECT id FROM reports WHERE series = ? AND year = ?", (series, year)
            ).fetchall()
            for (rid,) in rows:
                _delete_report(conn, rid)
        return bool(rows)

    def put_metrics(
        self, series: str, year: int, sha256: str, metrics: Sequence[Metric], stamp: str
    ) -> bool:
        """Replace the stored metrics of one report (extracted again by a newer extractor), if
        the stored report is still the one with ``sha256``; True when written."""
        with self._writing() as conn:
            rid = _current_id(conn, series, year, sha256)
            if rid is not None:
                conn.execute("DELETE FROM metrics WHERE report_id = ?", (rid,))
                _insert_metrics(conn, rid, metrics)
                conn.execute(
                    "UPDATE reports SET metrics = ?, metrics_stamp = ? WHERE id = ?",
                    (len(metrics), stamp, rid),
                )
        return rid is not None

    def put_segmentation(self, series: str, year: int, sha256: str, seg: Segmentation) -> bool:
        """Replace the stored segmentation of one report (recomputed by a newer segmenter), if
        the stored report is still the one with ``sha256``; True when written."""
        with self._writing() as conn:
            rid = _current_id(conn, series, year, sha256)
            if rid is not None:
                rows = conn.execute(
                    "SELECT ord, text FROM sections WHERE report_id = ?", (rid,)
                ).fetchall()
                conn.executemany(
                    "UPDATE sections SET terms = ?, words = ? WHERE report_id = ? AND ord = ?",
                    [(*_segment_columns(text, seg), rid, ord_) for ord_, text in rows],
                )
                conn.execute("UPDATE reports SET segmenter = ? WHERE id = ?", (seg.segmenter, rid))
        return rid is not None

    def put_phrases(self, series: str, found: Sequence[tuple[int, str, ReportPhrases]]) -> int:
        """Replace the expression statistics of reports of one series, each ``(year, sha256,
        phrases)`` only if the stored report still has ``sha256``; in one transaction. Returns
        how many were written."""
        written = 0
        with self._writing() as conn:
            for year, sha256, phrases in found:
                rid = _current_id(conn, series, year, sha256)
                if rid is not None:
                    conn.execute("DELETE FROM phrases WHERE report_id = ?", (rid,))
                    insert_phrases(conn, rid, phrases)
                    written += 1
        return written

    def put_correction(self, c: Correction) -> int:
        """Keep a user's correction (replacing one about the same two sections or metrics);
        returns its number."""
        key = (c.series, c.kind, c.old_year, c.new_year, c.old_ref, c.new_ref)
        cols = "series, kind, old_year, new_year, old_ref, new_ref"
        with self._writing() as conn:
            conn.execute(f"DELETE FROM corrections WHERE ({cols}) = (?, ?, ?, ?, ?, ?)", key)
            cur = conn.execute(
                f"INSERT INTO corrections ({cols}, same, old_text, new_text)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (*key, int(c.same), c.old_text, c.new_text)
            )
        return int(cur.lastrowid or 0)

    def remove_correction(self, number: int) -> bool:
        """Forget correction ``number``; True when there was one."""
        with self._writing() as conn:
            gone = conn.execute("DELETE FROM corrections WHERE id = ?", (number,))
        return gone.rowcount > 0

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (taken at once, waiting out the busy timeout), committed when
        the block ends and rolled back on any error; store errors mapped to messages."""
        if self.readonly:
            raise StoreError(f"The store {self.path} is open read-only.", "Use a writable --db.")
        self._ensure_schema()
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                rollback(conn)
                raise
        except sqlite3.DatabaseError as exc:
            raise store_error(self.path, exc, STORE_BUSY_TIMEOUT_S) from None

    def corrections(self, series: str | None = None) -> list[Correction]:
        """The corrections kept for a series (or all), in the order they were given."""
        rows = self._rows(  # an older store has none (it gains the table on its next write)
            "SELECT series, kind, same, old_year, new_year, old_ref, old_text, new_ref, new_text,"
            " id FROM corrections WHERE ? IS NULL OR series = ? ORDER BY id", (series, series)
        ) if self._version() >= 5 else []
        return [Correction(r[0], r[1], bool(r[2]), *r[3:]) for r in rows]

    # -- reads --------------------------------------------------------------------------------

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if not self.path.exists():
            return []
        try:
            if self._read_version(self.conn) is None:
                return []
            return list(self.conn.execute(sql, params))
        except sqlite3.DatabaseError as exc:
            raise store_error(self.path, exc, STORE_BUSY_TIMEOUT_S) from None

    def list_reports(self) -> list[ReportInfo]:
        """Every stored report, by series then year."""
        rows = self._rows(
            "SELECT series, year, title, sha256, path, sections, metrics FROM reports"
            " ORDER BY series, year"
        )
        return [ReportInfo(*row) for row in rows]

    def series(self) -> list[str]:
        """The series names in the store, sorted."""
        return sorted({info.series for info in self.list_reports()})

    def years(self, series: str) -> list[int]:
        """The years stored for a series, ascending."""
        return [info.year for info in self.list_reports() if info.series == series]

    @decoded
    def get_report(self, series: str, year: int) -> Report | None:
        """A stored report with its sections, matter and metrics, or None."""
        found = self._rows(
            "SELECT id, title, sha256, path, "
            + ("segmenter" if self._version() >= 3 else "''")
            + (", metrics_stamp" if self._version() >= 6 else ", ''")
            + " FROM reports WHERE series = ? AND year = ?",
            (series, year),
        )
        if not found:
            return None
        rid, title, sha, path, segmenter, metrics_stamp = found[0]
        version = self._version()
        # Columns a store of an older schema lacks are read as the defaults their migration sets.
        paged = version >= 4
        rows = self._rows(
            "SELECT path, level, title, text, line, lines, "
            + ("terms, words" if version >= 2 else "'{}', '{}'")
            + (", page, starts" if paged else ", 0, '[]'")
            + " FROM sections WHERE report_id = ? ORDER BY ord",
            (rid,),
        )
        sections = tuple(
            Section(
                path=p,
                level=lv,
                title=t,
                text=tx,
                line=ln,
                lines=tuple(json.loads(lines)),
                page=pg,
                starts=_starts(starts),
            )
            for p, lv, t, tx, ln, lines, _, _, pg, starts in rows
        )
        # A store older than schema 3 names no segmenter: its segmentation (if any) is stale by
        # definition, and the pipeline recomputes it.
        segmentation = Segmentation(
            segmenter=segmenter,
            terms={row[3]: json.loads(row[6]) for row in rows},
            words={row[3]: json.loads(row[7]) for row in rows},
        )
        matter = self._rows(
            "SELECT kind, text, line, "
            + ("page, starts" if paged else "0, '[]'")
            + " FROM matter WHERE report_id = ? ORDER BY kind, ord",
            (rid,),
        )
        identity = (
            ", period, qualifiers, approx_word, measure, start" if version >= 6
            else ", 'year', '[]', '', '', 0"
        )
        metrics = tuple(
            Metric(
                label=label,
                kind=kind,
                approx=bool(approx),
                section=section,
                quantity=Quantity(
                    value=value, unit=unit, text=text, line=line, quote=quote, page=page
                ),
                period=period,
                qualifiers=tuple(json.loads(qualifiers)),
                approx_word=approx_word,
                measure=measure,
                start=bool(start),
            )
            for (label, kind, approx, section, value, unit, text, line, quote, page, period,
                 qualifiers, approx_word, measure, start) in self._rows(
                "SELECT label, kind, approx, section, value, unit, text, line, quote, "
                + ("page" if paged else "0")
                + identity
                + " FROM metrics WHERE report_id = ? ORDER BY ord",
                (rid,),
            )
        )
        return Report(
            series=series,
            year=year,
            title=title,
            sha256=sha,
            path=path,
            sections=sections,
            metrics=metrics,
            front=tuple(
                Block(text=t, line=ln, page=pg, starts=_starts(st))
                for k, t, ln, pg, st in matter
                if k == "front"
            ),
            back=tuple(
                Block(text=t, line=ln, page=pg, starts=_starts(st))
                for k, t, ln, pg, st in matter
                if k == "back"
            ),
            segmentation=segmentation,
            metrics_stamp=metrics_stamp,
        )

    @decoded
    def get_phrases(self, series: str) -> dict[int, ReportPhrases | None]:
        """Every stored year of a series with its stored expression statistics (None where
        there are none: a store older than them)."""
        reports = self._rows("SELECT year, id FROM reports WHERE series = ? ORDER BY year",
                             (series,))
        if not reports or self._version() < 7:
            return {year: None for year, _ in reports}
        stored = {rid: unpack_phrases(*row) for rid, *row in self._rows(PHRASES_SELECT, (series,))}
        return {year: stored.get(rid) for year, rid in reports}

    def _version(self) -> int:
        rows = self._rows("SELECT value FROM compare_meta WHERE key = 'schema_version'")
        return schema_number(rows[0][0]) if rows else 0

    @decoded
    def search(self, phrase: str, *, series: str | None = None) -> list[SearchHit]:
        """Sections holding ``phrase`` (taken literally, ASCII case ignored), by series, year and
        order in the report; one hit per section, at its first match.

        Phrases of ``SEARCH_TRIGRAM_MIN_CHARS`` or more characters are looked up in the trigram
        index; shorter ones (and any phrase in a schema 1 store) by a LIKE scan.
        """
        needle = search_phrase(phrase)
        sql, params = search_query(needle, series, trigrams=self._version() >= 2)
        return search_hits(needle, self._rows(sql, params))

    def integrity(self) -> str:
        """The result of ``PRAGMA integrity_check`` ("ok" for a sound file)."""
        rows = self._rows("PRAGMA integrity_check")
        return str(rows[0][0]) if rows else "ok"


def _current_id(conn: sqlite3.Connection, series: str, year: int, sha256: str) -> int | None:
    """The id of the stored report of ``series`` and ``year`` if it is still the one with
    ``sha256`` (what was recomputed from it may be written back), else None."""
    found = conn.execute(
        "SELECT id FROM reports WHERE series = ? AND year = ? AND sha256 = ?",
        (series, year, sha256),
    ).fetchone()
    return None if found is None else int(found[0])


def _delete_report(conn: sqlite3.Connection, rid: int) -> None:
    """Delete one report's rows from every table (inside the caller's transaction)."""
    for table in ("sections", "sections_fts", "matter", "metrics", "phrases"):
        conn.execute(f"DELETE FROM {table} WHERE report_id = ?", (rid,))
    conn.execute("DELETE FROM reports WHERE id = ?", (rid,))


def _segment_columns(text: str, seg: Segmentation | None) -> tuple[str, str]:
    """A section's stored ``terms`` and ``words`` columns, taken from ``seg`` (empty without)."""
    terms = dict(seg.terms.get(text, {})) if seg is not None else {}
    words = {run: list(cut) for run, cut in seg.words.get(text, {}).items()} if seg else {}
    return (
        json.dumps(terms, ensure_ascii=False, separators=(",", ":")),
        json.dumps(words, ensure_ascii=False, separators=(",", ":")),
    )


def _starts(column: str) -> tuple[Start, ...]:
    """A stored ``starts`` column (a JSON list of [offset, page, line]) as the model holds it."""
    return tuple((int(o), int(p), int(ln)) for o, p, ln in json.loads(column))


def _insert_metrics(conn: sqlite3.Connection, rid: int | None, metrics: Sequence[Metric]) -> None:
    conn.executemany(
        "INSERT INTO metrics (report_id, ord, label, kind, approx, section, value, unit, text,"
        " line, quote, page, period, qualifiers, approx_word, measure, start)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (rid, i, m.label, m.kind, int(m.approx), m.section, m.quantity.value, m.quantity.unit,
             m.quantity.text, m.quantity.line, m.quantity.quote, m.quantity.page, m.period,
             json.dumps(list(m.qualifiers), ensure_ascii=False), m.approx_word, m.measure,
             int(m.start))
            for i, m in enumerate(metrics)
        ],
    )
