"""Tests of what users hold: folders of mixed files, files in other encodings, and taking a report
out again (``compare ingest`` and ``compare remove`` as a real process and in-process)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from test_cli import REPORTS, SERIES, listing, proc, run
from typer.testing import CliRunner

from compare.cli import _route, app
from compare.store.db import Store

ENCODINGS = Path(__file__).resolve().parent / "cases" / "encodings"


@pytest.fixture()
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder as the current directory."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COMPARE_DB", raising=False)
    return tmp_path


def mixed(folder: Path) -> None:
    """Two reports (one .txt, one .md), a CSV, a year-less note, a hidden file and folder."""
    folder.mkdir()
    shutil.copy(REPORTS / "2018.txt", folder / "2018.txt")
    shutil.copy(REPORTS / "2019.txt", folder / "sub-2019.md")
    (folder / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (folder / "notes.txt").write_text("Things to check before the meeting.\n", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref\n", encoding="utf-8")


class TestMixedFolder:
    def test_reports_ingested_rest_listed(self, work: Path) -> None:
        """The reports are stored; every other file is listed with why it was skipped."""
        mixed(work / "in")
        done = proc("ingest", "in", "--db", "s.db", cwd=work)
        assert done.returncode == 0, done.stderr
        lines = [ln for ln in done.stdout.splitlines() if ln.strip()]
        assert lines[:5] == [
            "skipped: .git/ (hidden)",
            "skipped: .DS_Store (hidden)",
            "skipped: notes.csv (not a report format)",
            "skipped: notes.txt (no year in its title, file name or folder)",
        ] + [lines[4]]
        assert lines[4].startswith(f"added: {SERIES} 2018")
        assert [r["year"] for r in listing(work / "s.db")["reports"]] == [2018, 2019]
        assert "Traceback" not in done.stderr

    def test_named_file_without_year_refused(self, work: Path) -> None:
        """A year-less file named on the command line is an error (exit 2), store unchanged."""
        mixed(work / "in")
        assert run("ingest", "in/2018.txt", "--db", "s.db").exit_code == 0
        before = (work / "s.db").read_bytes()
        done = proc("ingest", "in/notes.txt", "--db", "s.db", cwd=work)
        assert done.returncode == 2
        assert done.stderr.strip() == (
            "Error: Cannot tell which year in/notes.txt reports on: no year in its title, file "
            "name or folder. Name the file after its year (e.g. 2019.txt) or pass --year."
        )
        assert (work / "s.db").read_bytes() == before

    def test_only_yearless_files(self, work: Path) -> None:
        """A folder whose reports all lack a year lists them and stops with exit 2."""
        (work / "in").mkdir()
        (work / "in" / "notes.txt").write_text("Things to check.\n", encoding="utf-8")
        done = proc("ingest", "in", "--db", "s.db", cwd=work)
        assert done.returncode == 2
        assert "skipped: notes.txt (no year in its title, file name or folder)" in done.stdout
        assert done.stderr.strip() == (
            "Error: No report in in names its year. Name the files after their years "
            "(e.g. 2019.txt), or give one file with --year."
        )

    def test_two_year_title_gives_first(self, work: Path) -> None:
        """A title naming two years (execution of one, budget of the next) gives the first."""
        (work / "in").mkdir()
        (work / "in" / "budget.txt").write_text(
            "某区2024年预算执行情况和2025年预算草案的报告\n一、2024年预算执行情况\n收入增长5%。\n",
            encoding="utf-8",
        )
        assert run("ingest", "in", "--db", "s.db").exit_code == 0
        (info,) = listing(work / "s.db")["reports"]
        assert (info["year"], info["series"]) == (2024, "某区预算执行情况和预算草案的报告")


class TestEncodingFiles:
    @pytest.mark.parametrize("name", ["shift_jis.txt", "big5.txt", "euc_kr.txt", "latin1.txt"])
    def test_read_right(self, work: Path, name: str) -> None:
        """Shift-JIS, Big5, EUC-KR and Latin-1 reports are stored as their text, not mojibake."""
        expected = json.loads((ENCODINGS / "expected.json").read_text(encoding="utf-8"))[name]
        (work / "in").mkdir()
        shutil.copy(ENCODINGS / name, work / "in" / name)
        done = proc("ingest", f"in/{name}", "--year", "2019", "--db", "s.db", cwd=work)
        assert done.returncode == 0, done.stderr
        with Store(work / "s.db") as store:
            (info,) = store.list_reports()
            report = store.get_report(info.series, info.year)
        assert report is not None
        stored = "".join(
            "".join(b.text for b in report.front) + "".join(s.text for s in report.sections)
        )
        want = "".join(expected["text"].split())
        assert "".join(stored.split()) == want

    def test_junk_refused(self, work: Path) -> None:
        """Bytes no encoding reads cleanly are refused with exit 2 and the store unchanged."""
        (work / "in").mkdir()
        shutil.copy(ENCODINGS / "junk.txt", work / "in" / "2019.txt")
        assert run("ingest", str(REPORTS / "2018.txt"), "--db", "s.db").exit_code == 0
        before = (work / "s.db").read_bytes()
        done = proc("ingest", "in/2019.txt", "--db", "s.db", cwd=work)
        assert done.returncode == 2
        assert done.stderr.strip() == (
            "Error: in/2019.txt is not UTF-8, UTF-16, GB18030, Big5, Shift-JIS, EUC-KR or "
            "Latin-1 text that can be read for certain (undecodable byte at offset 12). Save it "
            "as UTF-8 and ingest it again."
        )
        assert (work / "s.db").read_bytes() == before


def counts(db: Path) -> dict[str, int]:
    """Rows per table of a store."""
    con = sqlite3.connect(db)
    try:
        return {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("reports", "sections", "sections_fts", "matter", "metrics")
        }
    finally:
        con.close()


class TestRemoveCommand:
    @pytest.fixture()
    def two(self, work: Path) -> Path:
        shutil.copytree(REPORTS, work / "reports")
        assert run("ingest", "reports", "--db", "s.db").exit_code == 0
        return work / "s.db"

    def test_remove_with_yes(self, two: Path) -> None:
        """--yes removes the report, its sections, metrics, matter and index rows; the other
        year and the file's integrity are intact, and search no longer finds it."""
        with Store(two) as store:
            only_2019 = store.get_report(SERIES, 2019)
        result = run("remove", f"{SERIES}:2018", "--yes", "--db", str(two))
        assert result.exit_code == 0, result.output
        assert result.stdout.strip() == f"removed: {SERIES} 2018"
        with Store(two) as store:
            assert store.years(SERIES) == [2019]
            assert store.get_report(SERIES, 2019) == only_2019
            assert store.integrity() == "ok"
            assert {h.year for h in store.search("法治政府")} == {2019}
        con = sqlite3.connect(two)
        rid = con.execute("SELECT id FROM reports").fetchall()
        for table in ("sections", "sections_fts", "matter", "metrics"):
            ids = {r[0] for r in con.execute(f"SELECT DISTINCT report_id FROM {table}")}
            assert ids <= {r[0] for r in rid}, table
        con.close()

    def test_asks_first(self, two: Path, work: Path) -> None:
        """Without --yes it asks; no (or no answer) removes nothing."""
        before = counts(two)
        done = proc("remove", "2018", "--db", "s.db", cwd=work)
        assert done.returncode == 0
        assert done.stdout.endswith("Nothing removed.\n")
        assert counts(two) == before

    def test_yes_answer_removes(self, two: Path) -> None:
        """Answering y at the prompt removes the report."""
        result = CliRunner().invoke(app, _route(["remove", "2018", "--db", str(two)]), input="y\n")
        assert result.exit_code == 0, result.output
        assert f"removed: {SERIES} 2018" in result.output
        assert counts(two)["reports"] == 1

    def test_unknown_year(self, two: Path, work: Path) -> None:
        """An unknown year is exit 2 with the stored years named; the store is unchanged."""
        before = two.read_bytes()
        done = proc("remove", "2017", "--yes", "--db", "s.db", cwd=work)
        assert done.returncode == 2
        assert done.stderr.strip() == (
            f"Error: No 2017 report in series {SERIES}. Stored years: 2018, 2019. "
            "Check `compare list` for what is stored."
        )
        assert two.read_bytes() == before
