"""Tests for compare.store: round trips, replacement, schema version and store errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare.errors import StoreError
from compare.models import Block, Metric, Quantity, Report, Section
from compare.store import SCHEMA_VERSION, Store


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
    def test_round_trip(self, tmp_path: Path) -> None:
        """A stored report reads back equal to what was written."""
        store = Store(tmp_path / "s.db")
        report = make_report()
        assert store.put_report(report) == "added"
        assert store.get_report("测试系列", 2019) == report

    def test_same_bytes_is_noop(self, tmp_path: Path) -> None:
        """Storing the same sha256 again reports unchanged and keeps one row."""
        store = Store(tmp_path / "s.db")
        store.put_report(make_report())
        assert store.put_report(make_report()) == "unchanged"
        assert len(store.list_reports()) == 1

    def test_new_bytes_replace(self, tmp_path: Path) -> None:
        """New bytes for a stored year replace the old report entirely."""
        store = Store(tmp_path / "s.db")
        store.put_report(make_report())
        newer = make_report(sha="b" * 64, text="改写后的正文")
        assert store.put_report(newer) == "replaced"
        assert store.get_report("测试系列", 2019) == newer
        assert store.list_reports()[0].sha256 == "b" * 64

    def test_list_and_years(self, tmp_path: Path) -> None:
        """list_reports, series and years describe what is stored, sorted."""
        store = Store(tmp_path / "s.db")
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
        assert not path.exists() or path.stat().st_size == 0

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

    def test_integrity(self, tmp_path: Path) -> None:
        """A written store passes SQLite's integrity check."""
        store = Store(tmp_path / "s.db")
        store.put_report(make_report())
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
