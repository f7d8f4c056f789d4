"""Tests for compare.store.db: round trips, replacement, schema version and store errors."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare.errors import StoreError
from compare.models import Block, Metric, Quantity, Report, Section
from compare.store.db import SCHEMA_VERSION, Store


def make_report(year: int = 2019, sha: str = "a" * 64, text: str = "正文") -> Report:
    return Report(
        series="测试系列",
        year=year,
        title=f"测试{year}年报告",
        sha256=sha,
        path=f"reports/{year}.txt",
        sections=(
            Section(path="0", level=0, title="", text="前言", line=2, lines=(2,)),
            Section(path="1", level=1, title="一、总体", text=f"一、总体\n{text}", line=3,
                    lines=(3, 4)),
        ),
        metrics=(
            Metric(
                label="办理案件",
                kind="level",
                approx=False,
                section="1",
                quantity=Quantity(value="91", unit="件", text="91件", line=4, quote="办理案件91件"),
            ),
        ),
        front=(Block(text="当前位置: 首页", line=1),),
        back=(Block(text="版权所有", line=9),),
    )


class TestStore:
    def test_round_trip(self, store: Store) -> None:
        """A stored report reads back equal to what was written."""
        report = make_report()
        assert store.put_report(report) == "added"
        assert store.get_report("测试系列", 2019) == report

    def test_same_bytes_is_noop(self, store: Store) -> None:
        """Storing the same sha256 again reports unchanged and keeps one row."""
        store.put_report(make_report())
        assert store.put_report(make_report()) == "unchanged"
        assert len(store.list_reports()) == 1

    def test_new_bytes_replace(self, store: Store) -> None:
        """New bytes for a stored year replace the old report entirely."""
        store.put_report(make_report())
        newer = make_report(sha="b" * 64, text="改写后的正文")
        assert store.put_report(newer) == "replaced"
        assert store.get_report("测试系列", 2019) == newer
        assert store.list_reports()[0].sha256 == "b" * 64

    def test_list_and_years(self, store: Store) -> None:
        """list_reports, series and years describe what is stored, sorted."""
        store.put_report(make_report(2019, "b" * 64))
        store.put_report(make_report(2018, "a" * 64))
        assert store.series() == ["测试系列"]
        assert store.years("测试系列") == [2018, 2019]
        info = store.list_reports()[0]
        assert (info.year, info.sections, info.metrics) == (2018, 2, 1)

    def test_missing_file_reads_empty_without_creating(self, tmp_path: Path) -> None:
        """Reading a store that does not exist yet returns nothing and creates no file."""
        path = tmp_path / "none.db"
        store = Store(path)
        assert store.list_reports() == []
        assert store.get_report("x", 2019) is None
        store.close()
        assert not path.exists()

    def test_readonly_is_enforced_by_sqlite(self, tmp_path: Path) -> None:
        """A read-only store refuses any write at the SQLite level, not only in put_report."""
        path = tmp_path / "ro.db"
        with Store(path) as store:
            store.put_report(make_report())
        before = path.read_bytes()
        with Store(path, readonly=True) as store:
            assert store.get_report("测试系列", 2019) is not None
            with pytest.raises(sqlite3.OperationalError, match="readonly"):
                store.conn.execute("DELETE FROM reports")
        assert path.read_bytes() == before

    def test_corrupt_file(self, tmp_path: Path) -> None:
        """A file that is not SQLite gives a StoreError saying so."""
        path = tmp_path / "bad.db"
        path.write_bytes(b"this is not a database at all" * 100)
        with pytest.raises(StoreError) as err:
            Store(path).list_reports()
        assert str(err.value) == (
            f"The store {path} is not a compare store or is corrupt (file is not a database). "
            "Move it aside and ingest the reports again into a new --db."
        )
        assert err.value.exit_code == 3

    def test_newer_schema(self, tmp_path: Path) -> None:
        """A store written by a newer schema is refused, not read."""
        path = tmp_path / "new.db"
        Store(path).put_report(make_report())
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE compare_meta SET value = ? WHERE key = 'schema_version'",
                         (str(SCHEMA_VERSION + 1),))
        with pytest.raises(StoreError) as err:
            Store(path).list_reports()
        assert str(err.value) == (
            f"The store {path} was written by a newer compare (schema {SCHEMA_VERSION + 1}; "
            f"this one reads up to {SCHEMA_VERSION}). "
            "Upgrade compare (pip install -U compare-reports) or use another --db."
        )

    def test_integrity(self, store: Store) -> None:
        """A written store passes SQLite's integrity check."""
        store.put_report(make_report())
        assert store.integrity() == "ok"


class TestRemoveReport:
    def test_removes_every_row(self, store: Store) -> None:
        """One report goes with its sections, index rows, matter and metrics; the other stays
        whole and the file passes SQLite's integrity check."""
        store.put_report(make_report(2018, "a" * 64))
        kept = make_report(2019, "b" * 64)
        store.put_report(kept)
        assert store.remove_report("测试系列", 2018) is True
        assert store.years("测试系列") == [2019]
        assert store.get_report("测试系列", 2019) == kept
        for table in ("sections", "sections_fts", "matter", "metrics"):
            ids = {r[0] for r in store.conn.execute(f"SELECT report_id FROM {table}")}
            assert len(ids) == 1, table
        assert [h.year for h in store.search("正文")] == [2019]
        assert store.integrity() == "ok"

    def test_missing_report(self, store: Store, store_path: Path) -> None:
        """Removing a report that is not stored says so and creates no file."""
        assert store.remove_report("测试系列", 2018) is False
        assert not store_path.exists()
        store.put_report(make_report())
        assert store.remove_report("测试系列", 2018) is False
        assert store.years("测试系列") == [2019]

    def test_readonly(self, tmp_path: Path) -> None:
        """A read-only store refuses to remove, with the store error."""
        path = tmp_path / "ro.db"
        with Store(path) as store:
            store.put_report(make_report())
        with Store(path, readonly=True) as store, pytest.raises(StoreError) as err:
            store.remove_report("测试系列", 2019)
        assert str(err.value) == f"The store {path} is open read-only. Use a writable --db."

    def test_old_store_upgraded_then_removed(self, tmp_path: Path) -> None:
        """A schema 1 store (no search index) is upgraded, then the report is removed."""
        path = tmp_path / "v1.db"
        write_v1(path, make_report(2018, "a" * 64), make_report(2019, "b" * 64))
        with Store(path) as store:
            assert store.remove_report("测试系列", 2018) is True
            assert store.years("测试系列") == [2019]
            assert store.integrity() == "ok"


texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


class TestStoreRoundTrip:
    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(title=texts, body=texts, quote=texts, line=st.integers(1, 10**6))
    def test_any_text_round_trips(self, tmp_path: Path, title: str, body: str, quote: str,
                                  line: int) -> None:
        """Any section and metric text, NULs and surrogate-free Unicode included, reads back."""
        path = tmp_path / "rt.db"
        path.unlink(missing_ok=True)
        report = Report(
            series="s", year=2000, title=title, sha256="c" * 64, path="p",
            sections=(Section(path="1", level=1, title=title, text=title + "\n" + body,
                              line=line, lines=(line, line + 1)),),
            metrics=(Metric(label=title, kind="level", approx=True, section="1",
                            quantity=Quantity(value="1", unit="件", text="1件", line=line,
                                              quote=quote)),),
        )
        with Store(path) as store:
            store.put_report(report)
        with Store(path) as store:
            assert store.get_report("s", 2000) == report


# --- schema 2: segmentation stored at ingest, migration from schema 1 -------------------------

V1_DDL = """
CREATE TABLE "compare_meta" ("key" TEXT PRIMARY KEY NOT NULL, "value" TEXT NOT NULL);
CREATE TABLE "reports" ("id" INTEGER PRIMARY KEY, "series" TEXT NOT NULL,
  "year" INTEGER NOT NULL, "title" TEXT NOT NULL, "sha256" TEXT NOT NULL, "path" TEXT NOT NULL,
  "encoding" TEXT NOT NULL, "sections" INTEGER NOT NULL, "metrics" INTEGER NOT NULL);
CREATE TABLE "sections" ("report_id" INTEGER NOT NULL REFERENCES "reports"("id"),
  "ord" INTEGER NOT NULL, "path" TEXT NOT NULL, "level" INTEGER NOT NULL,
  "title" TEXT NOT NULL, "text" TEXT NOT NULL, "line" INTEGER NOT NULL, "lines" TEXT NOT NULL,
  PRIMARY KEY ("report_id", "ord"));
CREATE TABLE "matter" ("report_id" INTEGER NOT NULL REFERENCES "reports"("id"),
  "kind" TEXT NOT NULL, "ord" INTEGER NOT NULL, "text" TEXT NOT NULL, "line" INTEGER NOT NULL,
  PRIMARY KEY ("report_id", "kind", "ord"));
CREATE TABLE "metrics" ("report_id" INTEGER NOT NULL REFERENCES "reports"("id"),
  "ord" INTEGER NOT NULL, "label" TEXT NOT NULL, "kind" TEXT NOT NULL,
  "approx" INTEGER NOT NULL, "section" TEXT NOT NULL, "value" TEXT NOT NULL,
  "unit" TEXT NOT NULL, "text" TEXT NOT NULL, "line" INTEGER NOT NULL, "quote" TEXT NOT NULL,
  PRIMARY KEY ("report_id", "ord"));
CREATE UNIQUE INDEX "idx_reports_series_year" ON "reports" ("series", "year");
INSERT INTO compare_meta VALUES ('schema_version', '1');
"""


def write_v1(path: Path, *reports: Report) -> None:
    """A schema 1 store file holding ``reports``, written as compare's schema 1 code wrote it
    (the DDL is the one sqlite-utils produced for it)."""
    conn = sqlite3.connect(path)
    conn.executescript(V1_DDL)
    for r in reports:
        rid = conn.execute(
            "INSERT INTO reports (series, year, title, sha256, path, encoding, sections, metrics)"
            " VALUES (?, ?, ?, ?, ?, 'utf-8', ?, ?)",
            (r.series, r.year, r.title, r.sha256, r.path, len(r.sections), len(r.metrics)),
        ).lastrowid
        conn.executemany(
            "INSERT INTO sections VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(rid, i, s.path, s.level, s.title, s.text, s.line, json.dumps(list(s.lines)))
             for i, s in enumerate(r.sections)],
        )
        conn.executemany(
            "INSERT INTO matter VALUES (?, ?, ?, ?, ?)",
            [(rid, "front", i, b.text, b.line) for i, b in enumerate(r.front)]
            + [(rid, "back", i, b.text, b.line) for i, b in enumerate(r.back)],
        )
        conn.executemany(
            "INSERT INTO metrics VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(rid, i, m.label, m.kind, int(m.approx), m.section, m.quantity.value,
              m.quantity.unit, m.quantity.text, m.quantity.line, m.quantity.quote)
             for i, m in enumerate(r.metrics)],
        )
    conn.commit()
    conn.close()


def version_of(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute(
            "SELECT value FROM compare_meta WHERE key = 'schema_version'").fetchone()[0])


def sample_reports() -> tuple[Report, Report]:
    """The repository's sample 2018 and 2019 reports, parsed as ingest does."""
    from compare.ingest.reader import read_document
    from compare.pipeline import build_report

    reports = Path(__file__).resolve().parents[1] / "reports"
    old, new = (build_report(read_document(reports / f"{y}.txt")) for y in (2018, 2019))
    return old, new


def write_v2(path: Path, *reports: Report) -> None:
    """A schema 2 store: schema 1 plus the segmentation columns and the search index, as
    compare's schema 2 code wrote it (its segmentation names no segmenter)."""
    write_v1(path, *reports)
    conn = sqlite3.connect(path)
    conn.executescript(
        "ALTER TABLE sections ADD COLUMN terms TEXT NOT NULL DEFAULT '{}';"
        "ALTER TABLE sections ADD COLUMN words TEXT NOT NULL DEFAULT '{}';"
        "CREATE VIRTUAL TABLE sections_fts USING fts5(text, report_id UNINDEXED, ord UNINDEXED,"
        " tokenize = 'trigram');"
        "INSERT INTO sections_fts SELECT text, report_id, ord FROM sections;"
        "UPDATE compare_meta SET value = '2' WHERE key = 'schema_version';"
    )
    conn.execute("UPDATE sections SET terms = ?", (json.dumps({"旧": 1}),))
    conn.commit()
    conn.close()


def stamp_of(path: Path, year: int) -> str:
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT segmenter FROM reports WHERE year = ?", (year,)).fetchone()
    return str(row[0])


class TestSegmentationStored:
    def test_schema_version(self) -> None:
        """This code writes schema 7, reached from 1 by one numbered migration per step."""
        from compare.store import MIGRATIONS

        assert SCHEMA_VERSION == 7
        assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION))

    def test_segmentation_read_back(self, store: Store) -> None:
        """A stored report carries the terms, word cuts and segmenter the pipeline gave it."""
        from compare.pipeline import segment_sections
        from compare.textkit.words import section_terms, segmenter_stamp, word_lengths

        plain = make_report(text="深化供给侧结构性改革，2019年经济运行平稳。")
        report = dataclasses.replace(plain, segmentation=segment_sections(plain.sections))
        store.put_report(report)
        got = store.get_report("测试系列", 2019)
        assert got is not None and got.segmentation is not None
        assert got.segmentation.segmenter == segmenter_stamp()
        for s in report.sections:
            assert list(got.segmentation.terms[s.text].items()) == list(
                section_terms(s.text).items())
            for run, lengths in word_lengths(s.text).items():
                assert tuple(got.segmentation.words[s.text][run]) == lengths

    def test_segmentation_not_in_equality(self) -> None:
        """Two reports differing only in their segmentation are equal."""
        from compare.models import Segmentation

        report = make_report()
        other = dataclasses.replace(
            report, segmentation=Segmentation(segmenter="x", terms={}, words={})
        )
        assert report == other and hash(report) == hash(other)

    def test_comparison_identical_with_and_without(self, store: Store) -> None:
        """Comparing stored (segmented) reports gives exactly what comparing parsed ones does."""
        from compare.pipeline import compare_reports

        old, new = sample_reports()
        store.put_report(old)
        store.put_report(new)
        a, b = store.get_report(old.series, 2018), store.get_report(new.series, 2019)
        assert a is not None and b is not None and a.segmentation is not None
        assert compare_reports(a, b) == compare_reports(old, new)

    def test_other_segmenter_is_not_used(self) -> None:
        """A segmentation stamped by another segmenter version is ignored, however wrong."""
        from compare.models import Segmentation
        from compare.pipeline import compare_reports

        old, new = sample_reports()
        wrong = Segmentation(
            segmenter="rjieba 0.0.1; rules 0",
            terms={s.text: {"错": 1} for s in old.sections},
            words={s.text: {"政府": (1, 1)} for s in old.sections},
        )
        stale = dataclasses.replace(old, segmentation=wrong)
        assert compare_reports(stale, new) == compare_reports(old, new)

    def test_other_segmenter_recomputed_on_load(self, tmp_path: Path) -> None:
        """A stored segmentation of another segmenter version is recomputed when the report is
        loaded: written back to a writable store, kept in memory for a read-only one."""
        from compare.models import Segmentation
        from compare.pipeline import load_report
        from compare.textkit.words import section_terms, segmenter_stamp

        old, _new = sample_reports()
        wrong = Segmentation(
            segmenter="rjieba 0.0.1; rules 0",
            terms={s.text: {"错": 1} for s in old.sections},
            words={},
        )
        path = tmp_path / "s.db"
        with Store(path) as store:
            store.put_report(dataclasses.replace(old, segmentation=wrong))
        assert stamp_of(path, 2018) == "rjieba 0.0.1; rules 0"
        before = path.read_bytes()
        with Store(path, readonly=True) as store:
            got = load_report(store, old.series, 2018)
        assert path.read_bytes() == before  # read-only: recomputed in memory only
        assert got.segmentation is not None and got.segmentation.segmenter == segmenter_stamp()
        text = old.sections[1].text
        assert dict(got.segmentation.terms[text]) == dict(section_terms(text))
        with Store(path) as store:
            load_report(store, old.series, 2018)
            assert store.integrity() == "ok"
        assert stamp_of(path, 2018) == segmenter_stamp()
        with Store(path) as store:
            again = store.get_report(old.series, 2018)
        assert again is not None and again.segmentation is not None
        assert dict(again.segmentation.terms[text]) == dict(section_terms(text))

    def test_metrics_of_another_segmenter_extracted_again(self, tmp_path: Path) -> None:
        """Metric labels use the segmenter's words: metrics stamped with another segmenter are
        extracted again when the report is loaded, and written back with this one's stamp."""
        from compare.metrics import metrics_stamp
        from compare.pipeline import load_report
        from compare.textkit.words import segmenter_stamp

        old, _new = sample_reports()
        other = "identity-2; rjieba 0.0.1; rules 0"
        assert metrics_stamp().endswith(segmenter_stamp()) and metrics_stamp() != other
        renamed = tuple(dataclasses.replace(m, label="错") for m in old.metrics)
        path = tmp_path / "s.db"
        with Store(path) as store:
            store.put_report(dataclasses.replace(old, metrics=renamed, metrics_stamp=other))
        with Store(path) as store:
            got = load_report(store, old.series, 2018)
            kept = store.get_report(old.series, 2018)
        assert got.metrics == old.metrics and got.metrics_stamp == metrics_stamp()
        assert kept is not None and kept.metrics == old.metrics
        assert kept.metrics_stamp == metrics_stamp()

    def test_warm_compare_needs_no_segmenter(self, store: Store) -> None:
        """Comparing stored reports never calls rjieba (the point of storing the cuts)."""
        import rjieba

        from compare.pipeline import compare_years

        old, new = sample_reports()
        store.put_report(old)
        store.put_report(new)

        def refuse(*_args: object, **_kwargs: object) -> None:
            raise AssertionError("segmenter called")

        with pytest.MonkeyPatch.context() as mp:
            for name in ("cut", "tokenize", "tag"):
                mp.setattr(rjieba, name, refuse)
            compare_years(store, 2018, 2019)


class TestMigration:
    def test_v1_read_as_is(self, tmp_path: Path) -> None:
        """A schema 1 store is read without being written: same report, version still 1."""
        path = tmp_path / "v1.db"
        report = make_report()
        write_v1(path, report)
        with Store(path, readonly=True) as store:
            got = store.get_report("测试系列", 2019)
            assert got == report and got is not None
            assert got.segmentation is not None and got.segmentation.segmenter == ""
            assert [h.year for h in store.search("正文")] == [2019]
        assert version_of(path) == 1

    def test_v1_upgraded_on_write(self, tmp_path: Path) -> None:
        """The first write upgrades a schema 1 store step by step to the current one: old reports
        searchable, their segmentation recomputed on first load and kept."""
        from compare.pipeline import load_report
        from compare.textkit.words import segmenter_stamp

        path = tmp_path / "v1.db"
        old, new = sample_reports()
        write_v1(path, old)
        with Store(path) as store:
            assert store.put_report(new) == "added"
        assert version_of(path) == SCHEMA_VERSION
        assert stamp_of(path, 2018) == ""
        with Store(path) as store:
            got = load_report(store, old.series, 2018)
            assert got == old and got.segmentation is not None
            assert {s.text for s in old.sections} <= set(got.segmentation.terms)
            assert store.integrity() == "ok"
            years = {h.year for h in store.search("依法行政")}
            assert years == {2018, 2019}
        assert stamp_of(path, 2018) == segmenter_stamp()
        with sqlite3.connect(path) as conn:
            indexed = conn.execute("SELECT count(*) FROM sections_fts").fetchone()
        assert indexed[0] == len(old.sections) + len(new.sections)

    def test_v2_upgraded_to_v3(self, tmp_path: Path) -> None:
        """A schema 2 store gains reports.segmenter (empty: its cuts are recomputed when read)
        and, from schema 4, the page and starts columns."""
        from compare.pipeline import load_report
        from compare.textkit.words import segmenter_stamp

        path = tmp_path / "v2.db"
        old, new = sample_reports()
        write_v2(path, old)
        with Store(path) as store:
            assert store.put_report(new) == "added"
        assert version_of(path) == SCHEMA_VERSION
        assert stamp_of(path, 2018) == ""
        with Store(path) as store:
            stale = store.get_report(old.series, 2018)
            assert stale is not None and stale.segmentation is not None
            assert stale.segmentation.segmenter == ""
            fresh = load_report(store, old.series, 2018)
        assert fresh.segmentation is not None
        assert all("旧" not in t for t in fresh.segmentation.terms.values())
        assert stamp_of(path, 2018) == segmenter_stamp()

    def test_failed_migration_leaves_v1(self, tmp_path: Path) -> None:
        """A migration that fails half-way (after step 1→2, in step 2→3) is rolled back whole:
        the file is schema 1 as before, and a later write upgrades it."""
        from compare.store import migrations

        path = tmp_path / "v1.db"
        write_v1(path, make_report())
        before = path.read_bytes()
        calls = []

        def fail(conn: sqlite3.Connection) -> None:
            calls.append(conn)
            raise RuntimeError("killed")

        with pytest.MonkeyPatch.context() as mp:
            mp.setitem(migrations.MIGRATIONS, 2, fail)
            with Store(path) as store, pytest.raises(RuntimeError):
                store.put_report(make_report(year=2020))
        assert calls and version_of(path) == 1
        assert path.read_bytes() == before
        with Store(path) as store:
            assert store.get_report("测试系列", 2019) == make_report()
            assert store.put_report(make_report(year=2020)) == "added"
        assert version_of(path) == SCHEMA_VERSION

    def test_v3_upgraded_to_v4(self, tmp_path: Path) -> None:
        """A schema 3 store gains page and starts: old rows read as one line per block on no
        page, a new report keeps where its wrapped pieces and numbers stand."""
        path = tmp_path / "v3.db"
        write_v2(path, make_report())
        with sqlite3.connect(path) as conn:
            conn.execute("ALTER TABLE reports ADD COLUMN segmenter TEXT NOT NULL DEFAULT ''")
            conn.execute("UPDATE compare_meta SET value = '3' WHERE key = 'schema_version'")
        with Store(path, readonly=True) as store:
            old = store.get_report("测试系列", 2019)
        assert old == make_report() and old is not None
        assert old.sections[1].starts == () and old.metrics[0].quantity.page == 0
        wrapped = dataclasses.replace(
            make_report(year=2020),
            sections=(
                Section(path="1", level=1, title="一、总体", text="一、总体\n办理案件\n91件",
                        line=3, lines=(3, 4), page=2, starts=((0, 2, 3), (5, 2, 4), (10, 3, 1))),
            ),
        )
        with Store(path) as store:
            assert store.put_report(wrapped) == "added"
            got = store.get_report("测试系列", 2020)
            assert got == wrapped and got is not None
            assert got.sections[0].starts == ((0, 2, 3), (5, 2, 4), (10, 3, 1))
            assert got.sections[0].locate(11) == (3, 1)
            assert store.get_report("测试系列", 2019) == make_report()
            assert store.integrity() == "ok"
        assert version_of(path) == SCHEMA_VERSION

    def test_v5_upgraded_to_v6(self, tmp_path: Path) -> None:
        """A schema 5 store gains the metric identity columns: its old metrics read as one-year
        figures with no qualifiers, and the pipeline extracts them again (period, qualifiers,
        hedge as written) and writes them back with the extractor's stamp."""
        from compare.metrics import metrics_stamp
        from compare.pipeline import load_report
        from compare.store import migrations

        path = tmp_path / "v5.db"
        old, new = sample_reports()
        write_v2(path, old)
        with sqlite3.connect(path) as conn:
            conn.execute("ALTER TABLE reports ADD COLUMN segmenter TEXT NOT NULL DEFAULT ''")
            for table in ("sections", "matter"):
                conn.execute(f"ALTER TABLE {table} ADD COLUMN page INTEGER NOT NULL DEFAULT 0")
                conn.execute(f"ALTER TABLE {table} ADD COLUMN starts TEXT NOT NULL DEFAULT '[]'")
            conn.execute("ALTER TABLE metrics ADD COLUMN page INTEGER NOT NULL DEFAULT 0")
            conn.execute("UPDATE metrics SET label = label || '（五年来）' WHERE ord = 0")
            migrations.MIGRATIONS[4](conn)  # the corrections table of schema 5
            conn.execute("UPDATE compare_meta SET value = '5' WHERE key = 'schema_version'")
        with Store(path, readonly=True) as store:
            stale = store.get_report(old.series, 2018)
        assert stale is not None and stale.metrics_stamp == ""
        assert stale.metrics[0].label.endswith("（五年来）") and stale.metrics[0].period == "year"
        with Store(path) as store:
            assert store.put_report(new) == "added"
            fresh = load_report(store, old.series, 2018)
            assert fresh.metrics == old.metrics and fresh.metrics_stamp == metrics_stamp()
            kept = store.get_report(old.series, 2018)
            assert kept is not None and kept.metrics_stamp == metrics_stamp()
            assert kept.metrics == old.metrics
            got = store.get_report(new.series, 2019)
            assert got is not None and got.metrics == new.metrics
            assert any(m.approx_word for m in got.metrics)
            assert store.integrity() == "ok"
        assert version_of(path) == SCHEMA_VERSION

    def test_v6_upgraded_to_v7(self, tmp_path: Path) -> None:
        """A schema 6 store gains the phrases table: a read-only open answers from statistics
        made in memory and leaves the file as it was; the first writable use upgrades it and
        keeps each report's statistics, made from the stored report."""
        from compare.phrasestats import phrases_stamp
        from compare.pipeline import load_phrases

        path = tmp_path / "v6.db"
        old, new = sample_reports()
        with Store(path) as store:
            store.put_report(old)
        with sqlite3.connect(path) as conn:  # schema 6: schema 7 without the phrases table
            conn.execute("DROP TABLE phrases")
            conn.execute("UPDATE compare_meta SET value = '6' WHERE key = 'schema_version'")
        before = path.read_bytes()
        with Store(path, readonly=True) as store:
            assert store.get_phrases(old.series) == {2018: None}
            found = load_phrases(store, old.series)
        assert old.phrases is not None and found[2018].runs == old.phrases.runs
        assert path.read_bytes() == before and version_of(path) == 6
        with Store(path) as store:
            assert load_phrases(store, old.series)[2018].stamp == phrases_stamp()
            assert version_of(path) == SCHEMA_VERSION == 7
            kept = store.get_phrases(old.series)[2018]
            assert kept is not None and kept.runs == old.phrases.runs
            assert list(kept.uses) == list(old.phrases.uses) and kept.quotes == old.phrases.quotes
            assert store.put_report(new) == "added"
            assert sorted(store.get_phrases(new.series)) == [2018, 2019]
            assert store.integrity() == "ok"
