"""Tests for compare.pipeline: the library entry points that chain the stages."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from compare import pipeline
from compare.errors import InputError
from compare.ingest.reader import parse_document
from compare.models import Document, Report
from compare.pipeline import (
    IngestResult,
    build_report,
    compare_reports,
    compare_years,
    ingest,
    load_report,
    resolve_series,
)
from compare.store.db import Store

REPO = Path(__file__).resolve().parents[1]
REPORTS = REPO / "reports"
SERIES = "恩平市法治政府建设情况报告"  # the title of reports/2019.txt without its year


@pytest.fixture()
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    shutil.copytree(REPORTS, folder)
    return folder


def _snapshot(store: Store) -> list[tuple[str, int, str]]:
    return [(i.series, i.year, i.sha256) for i in store.list_reports()]


class TestBuildReport:
    def test_no_year(self) -> None:
        """A document without a year is refused with the exact message."""
        doc = parse_document("一、总体情况\n今年工作顺利。\n".encode(), path="notes/report.txt")
        assert doc.year is None
        with pytest.raises(InputError) as exc:
            build_report(doc)
        assert str(exc.value) == (
            "Cannot tell which year notes/report.txt reports on: no year in its title, file name "
            "or folder. Name the file after its year (e.g. 2019.txt) or pass --year."
        )

    def test_series_from_folder(self) -> None:
        """With no series in the title, the folder name is the series."""
        doc = parse_document("一、总体情况\n今年工作顺利。\n".encode(), path="acme/2019.txt")
        report = build_report(doc)
        assert (report.series, report.year) == ("acme", 2019)

    def test_sample(self) -> None:
        """The 2019 sample gets its series from the title and keeps sha256 and path."""
        doc = parse_document((REPORTS / "2019.txt").read_bytes(), path="reports/2019.txt")
        report = build_report(doc)
        assert (report.series, report.year, report.path) == (SERIES, 2019, "reports/2019.txt")
        assert report.sha256 == doc.sha256
        assert report.sections and report.metrics


class TestIngest:
    def test_folder(self, tmp_path: Path, reports: Path) -> None:
        """A folder ingests each year once, in file order, README.md left out."""
        with Store(tmp_path / "s.db") as store:
            results = ingest(store, [reports])
        assert [(r.series, r.year, r.status) for r in results] == [
            (SERIES, 2018, "added"), (SERIES, 2019, "added"),
        ]
        assert all(isinstance(r, IngestResult) and r.sections > 0 for r in results)

    def test_same_bytes_unchanged(self, tmp_path: Path, reports: Path) -> None:
        """Re-ingesting the same bytes reports unchanged."""
        with Store(tmp_path / "s.db") as store:
            ingest(store, [reports / "2019.txt"])
            again = ingest(store, [reports / "2019.txt"])
        assert [r.status for r in again] == ["unchanged"]

    def test_same_bytes_not_built_again(
        self, tmp_path: Path, reports: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Stored bytes are not parsed into a report again; only the changed file is built."""
        with Store(tmp_path / "s.db") as store:
            first = ingest(store, [reports])
            built: list[str] = []

            def counting(doc: Document, **kwargs: Any) -> Report:
                built.append(Path(doc.path).name)
                return build_report(doc, **kwargs)

            monkeypatch.setattr(pipeline, "build_report", counting)
            target = reports / "2019.txt"
            target.write_bytes(target.read_bytes() + "\n补充一句。\n".encode())
            again = ingest(store, [reports])
        assert built == ["2019.txt"]
        assert [(r.year, r.status) for r in again] == [(2018, "unchanged"), (2019, "replaced")]
        assert (again[0].sections, again[0].metrics) == (first[0].sections, first[0].metrics)

    def test_same_bytes_at_new_path(self, tmp_path: Path, reports: Path) -> None:
        """The same bytes at another path are unchanged, and told by the path given."""
        moved = tmp_path / "moved" / "reports"
        shutil.copytree(reports, moved)
        with Store(tmp_path / "s.db") as store:
            ingest(store, [reports])
            again = ingest(store, [moved / "2019.txt"])
            stored = store.list_reports()
        assert [(r.status, r.path) for r in again] == [("unchanged", str(moved / "2019.txt"))]
        assert stored[1].path == str(reports / "2019.txt")  # the store keeps what it has

    def test_same_bytes_other_series_built(self, tmp_path: Path, reports: Path) -> None:
        """The same bytes under another --series are a new report, not the stored one."""
        with Store(tmp_path / "s.db") as store:
            ingest(store, [reports / "2019.txt"])
            again = ingest(store, [reports / "2019.txt"], series="other")
            stored = _snapshot(store)
        assert [(r.series, r.status) for r in again] == [("other", "added")]
        assert [s for s, _, _ in stored] == ["other", SERIES]

    def test_new_bytes_replaced(self, tmp_path: Path, reports: Path) -> None:
        """New bytes for a stored series and year replace it."""
        with Store(tmp_path / "s.db") as store:
            ingest(store, [reports / "2019.txt"])
            target = reports / "2019.txt"
            target.write_bytes(target.read_bytes() + "\n补充一句。\n".encode())
            again = ingest(store, [target])
            assert [r.status for r in again] == ["replaced"]
            assert len(store.list_reports()) == 1

    def test_on_file(self, tmp_path: Path, reports: Path) -> None:
        """on_file is called once per file read."""
        seen: list[str] = []
        with Store(tmp_path / "s.db") as store:
            ingest(store, [reports], on_file=lambda p: seen.append(p.name))
        assert seen == ["2018.txt", "2019.txt"]

    def test_year_with_several_files(self, tmp_path: Path, reports: Path) -> None:
        """--year with two files is refused with the exact message, nothing stored."""
        with Store(tmp_path / "s.db") as store:
            with pytest.raises(InputError) as exc:
                ingest(store, [reports], year=2020)
            assert _snapshot(store) == []
        assert str(exc.value) == (
            "--year 2020 was given for 2 files; each file is a different year. "
            "Pass --year only with a single file, or name the files after their years."
        )

    def test_no_files(self, tmp_path: Path) -> None:
        """An empty folder is refused with the exact message."""
        empty = tmp_path / "empty"
        empty.mkdir()
        with Store(tmp_path / "s.db") as store, pytest.raises(InputError) as exc:
            ingest(store, [empty])
        assert str(exc.value) == (
            f"No report files found in {empty}. "
            "Give .txt, .md, .html, .pdf or .docx files, or a folder that holds them."
        )

    def test_bad_file_writes_nothing(self, tmp_path: Path, reports: Path) -> None:
        """A bad file among good ones leaves the store as it was."""
        (reports / "2020.txt").write_bytes(b"")
        with Store(tmp_path / "s.db") as store:
            ingest(store, [reports / "2018.txt"])
            before = _snapshot(store)
            with pytest.raises(InputError):
                ingest(store, [reports])
            assert _snapshot(store) == before

    def test_same_claim(self, tmp_path: Path, reports: Path) -> None:
        """Two files claiming one series and year are refused before anything is written."""
        other = tmp_path / "other"
        other.mkdir()
        shutil.copy(reports / "2019.txt", other / "2019.txt")
        with Store(tmp_path / "s.db") as store:
            with pytest.raises(InputError) as exc:
                ingest(store, [reports / "2019.txt", other / "2019.txt"], series="X")
            assert _snapshot(store) == []
        assert str(exc.value) == (
            f"{reports / '2019.txt'} and {other / '2019.txt'} both claim X 2019. "
            "Ingest them separately, or pass --year/--series to tell them apart."
        )


class TestResolveSeries:
    def test_empty(self, tmp_path: Path) -> None:
        """An empty store says so and how to fill it."""
        db = tmp_path / "s.db"
        with Store(db) as store, pytest.raises(InputError) as exc:
            resolve_series(store, None)
        assert str(exc.value) == (
            f"The store {db} holds no reports yet. Run `compare ingest PATH` first "
            "(files named by year, e.g. reports/2019.txt)."
        )

    def test_single_and_several(self, tmp_path: Path, reports: Path) -> None:
        """One series is picked alone; with two, --series is required and checked."""
        with Store(tmp_path / "s.db") as store:
            ingest(store, [reports / "2019.txt"])
            assert resolve_series(store, None) == SERIES
            ingest(store, [reports / "2019.txt"], series="B")
            assert resolve_series(store, "B") == "B"
            with pytest.raises(InputError) as exc:
                resolve_series(store, None)
            assert str(exc.value) == (
                f"The store holds several series: B, {SERIES}. Pick one with --series."
            )
            with pytest.raises(InputError) as exc:
                resolve_series(store, "C")
            assert str(exc.value) == (
                f"No series named 'C' in the store. Stored series: B, {SERIES}. "
                "Pass one of those to --series, or ingest that series first."
            )


class TestLoadAndCompare:
    def test_unknown_year(self, tmp_path: Path, reports: Path) -> None:
        """An unknown year names the stored years."""
        with Store(tmp_path / "s.db") as store:
            ingest(store, [reports])
            with pytest.raises(InputError) as exc:
                load_report(store, SERIES, 2017)
        assert str(exc.value) == (
            f"No 2017 report in series {SERIES}. Stored years: 2018, 2019. "
            "Pick one of those years, or ingest the missing report with `compare ingest PATH`."
        )

    def test_compare_years(self, tmp_path: Path, reports: Path) -> None:
        """Diffs run parallel to sections and are None exactly for added/removed entries."""
        with Store(tmp_path / "s.db") as store:
            ingest(store, [reports])
            comp = compare_years(store, 2018, 2019)
        assert (comp.series, comp.old.year, comp.new.year) == (SERIES, 2018, 2019)
        assert len(comp.diffs) == len(comp.sections)
        for pair, diff in zip(comp.sections, comp.diffs, strict=True):
            assert (diff is None) == (pair.status in ("added", "removed"))
            if diff is not None:
                assert pair.old is not None and pair.new is not None
                assert (diff.a, diff.b) == (pair.old.text, pair.new.text)
        assert 0.0 < comp.similarity < 1.0
        statuses = {p.status for p in comp.sections}
        assert {"added", "removed", "changed"} <= statuses

    def test_store_round_trip_same_result(self, tmp_path: Path, reports: Path) -> None:
        """Comparing stored reports gives the same as comparing freshly parsed ones."""
        with Store(tmp_path / "s.db") as store:
            ingest(store, [reports])
            stored = compare_years(store, 2018, 2019)
        fresh = compare_reports(
            *(
                build_report(parse_document((reports / f).read_bytes(), path=str(reports / f)))
                for f in ("2018.txt", "2019.txt")
            )
        )
        assert [p.status for p in stored.sections] == [p.status for p in fresh.sections]
        assert stored.metrics == fresh.metrics

    def test_identical(self) -> None:
        """A report compared with itself is unchanged throughout, similarity 1."""
        r = build_report(
            parse_document((REPORTS / "2018.txt").read_bytes(), path="reports/2018.txt")
        )
        comp = compare_reports(r, r)
        assert comp.similarity == 1.0
        assert {p.status for p in comp.sections} == {"unchanged"}
        assert all(d is not None and d.change == 0.0 for d in comp.diffs)
