"""What compare writes, and where: CSV cells a spreadsheet would run are neutralised,
``--output`` never replaces the store or an input file, series names from folders are never
``.``/``..``/empty so ``compare site`` stays inside its folder, and the same file named twice is
read once. Real processes where the README promises process behaviour."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_process import run_cli
from support import REPORTS, cli_env

from compare.cli.common import safe_name
from compare.export import csv_cell
from compare.ingest.furniture import folder_series

SERIES = "恩平市法治政府建设情况报告"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=cwd, env=cli_env(COLUMNS="200"))


def check_error(done: subprocess.CompletedProcess[str], code: int, message: str) -> None:
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    assert done.returncode == code, done.stderr
    assert done.stderr.strip() == f"Error: {message}"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, sample_db: Path) -> Path:
    """A folder with reports/ and s.db holding them (ingested from the folder, as a user does)."""
    base = tmp_path_factory.mktemp("outputs")
    shutil.copytree(REPORTS, base / "reports")
    shutil.copy(sample_db, base / "s.db")
    return base


@pytest.fixture
def work(template: Path, tmp_path: Path) -> Path:
    shutil.copytree(template, tmp_path / "w")
    return tmp_path / "w"


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


class TestCsvCells:
    @pytest.mark.parametrize(
        ("cell", "written"),
        [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("-2700", "-2700"),
            ("+7.16", "+7.16"),
            ("3-12", "3-12"),
            ("财政收入", "财政收入"),
        ],
    )
    def test_cell(self, cell: str, written: str) -> None:
        """A formula-like cell gets an apostrophe; a plain number or text is written as it is."""
        assert csv_cell(cell) == written

    def test_metrics_csv_through_the_cli(self, tmp_path: Path) -> None:
        """Labels and quotes starting ``=``, ``@``, ``+`` reach the CSV as text, not formulas."""
        (tmp_path / "in").mkdir()
        (tmp_path / "in" / "2019.txt").write_text(
            "某市2019年工作报告\n\n一、总体\n=受理案件76件。\n@新增项目5个。\n+办结案件3件。\n",
            encoding="utf-8",
        )
        assert run("ingest", "in", "--db", "s.db", cwd=tmp_path).returncode == 0
        done = run("metrics", "2019", "--format", "csv", "--db", "s.db", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("\ufeff")  # UTF-8 with BOM, for a Chinese Excel or WPS
        rows = list(csv.DictReader(io.StringIO(done.stdout.removeprefix("\ufeff"))))
        assert [(r["label"], r["quote"]) for r in rows] == [
            ("'=受理案件", "'=受理案件76件"),
            ("'@新增项目", "'@新增项目5个"),
            ("'+办结案件", "'+办结案件3件"),
        ]


class TestOutputGuard:
    @pytest.mark.parametrize(
        ("args", "what"),
        [
            (["2018", "2019", "--no-ingest", "--output", "s.db"], "the store s.db"),
            (["2018", "2019", "--format", "json", "--output", "s.db"], "the store s.db"),
            (["2018", "2019", "--output", "reports/2019.txt"],
             f"the report file reports/2019.txt ({SERIES} 2019)"),
            (["metrics", "2019", "--format", "csv", "--output", "s.db"], "the store s.db"),
            (["trace", "1", "--output", "./s.db"], "the store s.db"),
        ],
        ids=["page", "json", "input", "metrics", "trace"],
    )
    def test_refused(self, work: Path, args: list[str], what: str) -> None:
        """`--output` naming the store or an input: exit 2, the message, nothing changed."""
        before = files(work)
        done = run(*args, "--db", "s.db", cwd=work)
        target = str(Path(args[args.index("--output") + 1]))
        check_error(done, 2, f"--output {target} is {what}; writing there would replace it. "
                             "Pass another path to --output.")
        assert files(work) == before

    def test_site_folder_holding_an_input(self, work: Path) -> None:
        """`compare site --output .` where a report named index.html lives: refused, nothing
        written."""
        html = "<html><body><h1>恩平市2017年法治政府建设情况报告</h1><p>一、总体</p></body></html>"
        (work / "index.html").write_text(html, encoding="utf-8")
        done = run("ingest", "index.html", "--series", SERIES, "--db", "s.db", cwd=work)
        assert done.returncode == 0, done.stderr
        before = files(work)
        done = run("site", "--output", ".", "--db", "s.db", cwd=work)
        check_error(done, 2, f"--output . holds the report file index.html ({SERIES} 2017); "
                             "writing there would replace it. Pass another path to --output.")
        assert files(work) == before

    def test_other_output_written_whole(self, work: Path) -> None:
        """A legitimate --output is written, and no temporary file is left beside it."""
        done = run("2018", "2019", "--no-ingest", "--output", "page.html", "--db", "s.db",
                   cwd=work)
        assert done.returncode == 0, done.stderr
        assert (work / "page.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
        assert not list(work.glob(".page.html.*"))


class TestSeriesFromFolders:
    @pytest.mark.parametrize(
        ("path", "series"),
        [("a/b/2019.txt", "b"), ("2019.txt", None), ("./2019.txt", None),
         ("a/../2019.txt", None), ("x/./2019.txt", "x")],
    )
    def test_folder_series(self, path: str, series: str | None) -> None:
        """The folder a file stands in names the series; a bare file name names none."""
        assert folder_series(path) == series

    def test_parent_folder_is_named(self, tmp_path: Path) -> None:
        """`../2019.txt` is named after the real folder, never ``..``."""
        (tmp_path / "enping" / "sub").mkdir(parents=True)
        (tmp_path / "enping" / "2019.txt").write_text(
            "一、总体\n受理案件76件。\n二、下一步\n继续努力。\n", encoding="utf-8"
        )
        done = run("ingest", "../2019.txt", "--db", "s.db", cwd=tmp_path / "enping" / "sub")
        assert done.returncode == 0, done.stderr
        listed = run("list", "--format", "json", "--db", "s.db", cwd=tmp_path / "enping" / "sub")
        (entry,) = json.loads(listed.stdout)["reports"]
        assert entry["series"] == "enping"

    @pytest.mark.parametrize("name", ["..", ".", "", "../..", "a/b"])
    def test_safe_name_never_a_path(self, name: str) -> None:
        """A series name made a file name is never ``.``, ``..``, empty or a path."""
        out = safe_name(name)
        assert out not in ("", ".", "..") and "/" not in out

    def test_site_stays_in_its_folder(self, tmp_path: Path) -> None:
        """A series named ``..``: `compare site` writes under out/site/ and nowhere else."""
        shutil.copytree(REPORTS, tmp_path / "r")
        assert run("ingest", "r", "--series", "..", "--db", "s.db", cwd=tmp_path).returncode == 0
        before = {p for p in tmp_path.rglob("*") if "out" not in p.parts}
        done = run("site", "--db", "s.db", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        written = {p for p in tmp_path.rglob("*") if p.is_file()} - before
        site = (tmp_path / "out" / "site").resolve()
        assert written and all(site in p.resolve().parents for p in written)


class TestSameFileTwice:
    @pytest.mark.parametrize(
        "args", [["reports/2019.txt", "reports/2019.txt"], ["reports", "reports/2019.txt"],
                 ["reports/2019.txt", "./reports/../reports/2019.txt"]],
        ids=["twice", "folder-and-file", "two-spellings"],
    )
    def test_read_once(self, tmp_path: Path, args: list[str]) -> None:
        """One file named twice is one report, not two claimants."""
        shutil.copytree(REPORTS, tmp_path / "reports")
        done = run("ingest", *args, "--db", "s.db", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "both claim" not in done.stderr

    def test_two_files_still_refused(self, tmp_path: Path) -> None:
        """Two different files claiming one year are still refused."""
        shutil.copytree(REPORTS, tmp_path / "reports")
        shutil.copytree(REPORTS, tmp_path / "other")
        done = run("ingest", "reports/2019.txt", "other/2019.txt", "--db", "s.db", cwd=tmp_path)
        assert done.returncode == 2 and "both claim" in done.stderr
