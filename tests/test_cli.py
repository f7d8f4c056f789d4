"""Tests for compare.cli: commands, output formats, exit codes and exact error messages.

Most commands run in-process through typer's CliRunner; errors and exit codes also run as a real
process (``python -m compare.cli``) so that a traceback on stderr would be seen.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_process import run_cli
from support import cli_env
from test_export import check_pair_doc, check_refs_match_source
from typer.testing import CliRunner, Result

from compare import __version__
from compare.cli import _route, app
from compare.pipeline import ingest
from compare.store.db import SCHEMA_VERSION, Store

REPO = Path(__file__).resolve().parents[1]
REPORTS = REPO / "reports"
CASES = Path(__file__).resolve().parent / "cases"
SERIES = "恩平市法治政府建设情况报告"  # the title of the sample reports without their year


def run(*args: str) -> Result:
    """The CLI in-process, argv routed as ``main`` does, wide terminal, no COMPARE_DB."""
    return CliRunner().invoke(app, _route(list(args)), env={"COLUMNS": "200", "COMPARE_DB": None})


def proc(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The CLI as a real process in ``cwd`` (forked from a server that has imported it:
    tests/cli_process.py)."""
    return run_cli(*args, cwd=cwd, env=cli_env(COLUMNS="200"), timeout=60)


def listing(db: Path) -> dict[str, Any]:
    """The store's ``list --format json`` document."""
    result = run("list", "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


@pytest.fixture()
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding a copy of reports/, as the current directory."""
    shutil.copytree(REPORTS, tmp_path / "reports")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COMPARE_DB", raising=False)
    return tmp_path


@pytest.fixture()
def filled(work: Path, sample_db: Path) -> Path:
    """s.db in the working folder, holding the sample 2018 and 2019."""
    shutil.copy(sample_db, work / "s.db")
    return work / "s.db"


def _report_line(status: str, year: int, info: dict[str, Any], path: str) -> str:
    note = {"unchanged": "unchanged (same bytes)", "replaced": "replaced (new bytes)"}
    return (
        f"{note.get(status, status)}: {info['series']} {year} — {info['sections']} sections, "
        f"{info['metrics']} metrics ({path})"
    )


class TestIngestCommand:
    def test_files(self, work: Path) -> None:
        """Two files: one 'added' line each, with the counts that list reports."""
        result = run("ingest", "reports/2018.txt", "reports/2019.txt", "--db", "s.db")
        assert result.exit_code == 0, result.output
        infos = {r["year"]: r for r in listing(work / "s.db")["reports"]}
        assert sorted(infos) == [2018, 2019]
        lines = [ln for ln in result.stdout.splitlines() if ln.strip()]
        assert lines == [
            _report_line("added", y, infos[y], f"reports/{y}.txt") for y in (2018, 2019)
        ]

    def test_folder_then_same_bytes(self, work: Path) -> None:
        """A folder ingests both years (README.md skipped, and said so); again says unchanged."""
        assert run("ingest", "reports", "--db", "s.db").exit_code == 0
        infos = {r["year"]: r for r in listing(work / "s.db")["reports"]}
        assert [r["series"] for r in infos.values()] == [SERIES, SERIES]
        again = run("ingest", "reports", "--db", "s.db")
        assert again.exit_code == 0
        lines = [ln for ln in again.stdout.splitlines() if ln.strip()]
        assert lines == ["skipped: README.md (a README)"] + [
            _report_line("unchanged", y, infos[y], f"reports/{y}.txt") for y in (2018, 2019)
        ]

    def test_new_bytes_replaced(self, work: Path) -> None:
        """New bytes for a stored year say replaced and change the stored sha256."""
        assert run("ingest", "reports/2019.txt", "--db", "s.db").exit_code == 0
        before = listing(work / "s.db")["reports"][0]
        path = work / "reports" / "2019.txt"
        path.write_bytes(path.read_bytes() + "\n四、附记\n本段为测试追加。\n".encode())
        result = run("ingest", "reports/2019.txt", "--db", "s.db")
        assert result.exit_code == 0
        after = listing(work / "s.db")["reports"]
        assert len(after) == 1 and after[0]["sha256"] != before["sha256"]
        assert result.stdout.strip() == _report_line("replaced", 2019, after[0], "reports/2019.txt")

    def test_compare_db_env(self, work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """COMPARE_DB names the store when --db is absent."""
        result = CliRunner().invoke(
            app, ["ingest", "reports/2019.txt"], env={"COMPARE_DB": str(work / "env.db")}
        )
        assert result.exit_code == 0, result.output
        assert [r["year"] for r in listing(work / "env.db")["reports"]] == [2019]
        assert not (work / "store.db").exists()

    def test_gbk_accepted(self, work: Path) -> None:
        """A GBK file is decoded: its headings come out as written, on their lines."""
        shutil.copytree(CASES / "cli_gbk", work / "gbk")
        assert run("ingest", "gbk/2017.txt", "--db", "g.db").exit_code == 0
        shown = run("show", "2017", "--db", "g.db", "--format", "json")
        assert shown.exit_code == 0, shown.output
        got = [(s["line"], s["title"]) for s in json.loads(shown.stdout)["sections"] if s["level"]]
        expected = [
            (int(n), t)
            for n, t in (
                ln.split("\t") for ln in (work / "gbk" / "headings.tsv").read_text().splitlines()
            )
        ]
        assert got == expected


class TestListCommand:
    def test_json(self, filled: Path) -> None:
        """compare/list/1 with every field of each report."""
        doc = listing(filled)
        assert doc["schema"] == "compare/list/1"
        assert [(r["series"], r["year"], r["path"]) for r in doc["reports"]] == [
            (SERIES, 2018, "reports/2018.txt"), (SERIES, 2019, "reports/2019.txt"),
        ]
        for r in doc["reports"]:
            raw = (REPORTS / f"{r['year']}.txt").read_bytes()
            assert r["sha256"] == hashlib.sha256(raw).hexdigest()
            assert str(r["year"]) in r["title"]
            assert r["sections"] > 0 and r["metrics"] > 0

    def test_table(self, filled: Path) -> None:
        """The table shows one row per report with its series and year."""
        result = run("list", "--db", str(filled))
        assert result.exit_code == 0
        rows = [ln for ln in result.stdout.splitlines() if SERIES in ln]
        assert len(rows) == 2
        assert "2018" in rows[0] and "2019" in rows[1]

    def test_empty(self, work: Path) -> None:
        """An empty store says so; its JSON lists nothing; no file is created."""
        result = run("list", "--db", "none.db")
        assert result.exit_code == 0
        assert result.stdout.strip() == "The store none.db holds no reports yet."
        assert listing(work / "none.db") == {
            "schema": "compare/list/1", "generator": f"compare {__version__}", "reports": []
        }
        assert not (work / "none.db").exists()


class TestOutputEncoding:
    def test_ascii_output_gets_escapes_not_a_traceback(self, filled: Path) -> None:
        """On an output that cannot write Chinese, the table and the summary show escapes and
        the command succeeds; JSON read back is the same document."""
        env = cli_env(COLUMNS="200", PYTHONIOENCODING="ascii")
        for args in (["list"], ["2018", "2019", "--no-ingest", "-o", "p.html"]):
            done = subprocess.run(
                [sys.executable, "-m", "compare.cli", *args, "--db", str(filled)],
                cwd=filled.parent, env=env, capture_output=True, timeout=120,
            )
            assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
            assert SERIES.encode("unicode_escape") in done.stdout
        done = subprocess.run(
            [sys.executable, "-m", "compare.cli", "list", "--format", "json", "--db", str(filled)],
            cwd=filled.parent, env=env, capture_output=True, timeout=120,
        )
        assert json.loads(done.stdout) == listing(filled)

    def test_emoji_codes_print_as_written(self, filled: Path) -> None:
        """A title holding ``:smile:`` is printed as written, never as an emoji."""
        added = run("ingest", str(REPORTS / "2019.txt"), "--series", "a:smile:b", "--db",
                    str(filled))
        assert added.exit_code == 0, added.output
        assert "a:smile:b 2019" in added.stdout
        for args in (["list"], ["show", "2019", "--series", "a:smile:b"]):
            result = run(*args, "--db", str(filled))
            assert "a:smile:b" in result.stdout and "\U0001f604" not in result.stdout, args


class TestShowCommand:
    def test_tree(self, filled: Path) -> None:
        """Each section is printed with its source line, children indented under parents."""
        result = run("show", "2019", "--db", str(filled))
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert lines[0] == f"恩平市2019年法治政府建设情况报告 ({SERIES} 2019)"
        assert "   45  二、法治政府建设存在的主要问题" in lines
        assert "    7    (一)依法全面履行政府职能。" in lines
        assert "    8      1.深化行政审批改革,统筹推进“数字政府”综合改革。" in lines

    def test_json_lines_in_source(self, filled: Path) -> None:
        """The JSON tree's lines point at the headings in reports/2019.txt."""
        result = run("show", "2019", "--db", str(filled), "--format", "json")
        doc = json.loads(result.stdout)
        source = (REPORTS / "2019.txt").read_text(encoding="utf-8").splitlines()
        assert len(doc["sections"]) > 20
        for s in doc["sections"]:
            if s["level"]:
                assert source[s["line"] - 1].strip().startswith(s["title"]), s
        shown = run("show", "2019", "--db", str(filled)).stdout.splitlines()[1:]
        assert [int(ln.split()[0]) for ln in shown] == [s["line"] for s in doc["sections"]]


class TestPairCommand:
    def test_default_html(self, work: Path) -> None:
        """In a folder with reports/: ingests into the default store, writes
        out/<series>-2018-2019.html, summarises."""
        result = run("2018", "2019")
        assert result.exit_code == 0, result.output
        out = work / "out" / f"{SERIES}-2018-2019.html"
        assert out.is_file()
        page = out.read_text(encoding="utf-8")
        assert "<html" in page.lower() and "</html>" in page.lower()
        lines = result.stdout.splitlines()
        assert f"added {SERIES} 2018 from reports/2018.txt" in lines
        assert f"added {SERIES} 2019 from reports/2019.txt" in lines
        assert lines[-1] == f"Wrote out/{SERIES}-2018-2019.html"
        assert (work / "store.db").is_file()
        doc = json.loads(run("2018", "2019", "-f", "json").stdout)
        pct = round(doc["summary"]["similarity"] * 100)
        head = f"{SERIES}: 2018 → 2019, overall similarity "
        tail = f"% ({doc['generator']})"
        sim_line = next(ln for ln in lines if ln.startswith(head))
        assert sim_line.endswith(tail)
        assert abs(int(sim_line[len(head) : -len(tail)]) - pct) <= 1
        sections = next(ln for ln in lines if ln.startswith("Sections: "))
        counts = dict(
            (status, int(n))
            for n, status in (part.split(" ") for part in sections[10:].split(", "))
        )
        assert counts == {k: v for k, v in doc["summary"]["sections"].items() if v}

    def test_output(self, filled: Path, work: Path) -> None:
        """--output writes the HTML page there and nothing under out/."""
        result = run("2018", "2019", "--db", str(filled), "--output", "page/x.html")
        assert result.exit_code == 0, result.output
        assert (work / "page" / "x.html").read_text(encoding="utf-8").lstrip().startswith("<")
        assert not (work / "out").exists()
        assert result.stdout.splitlines()[-1] == "Wrote page/x.html"

    def test_json(self, filled: Path) -> None:
        """--format json: a compare/pair/1 document on stdout, refs at their source lines."""
        result = run("2018", "2019", "--db", str(filled), "--format", "json")
        assert result.exit_code == 0, result.output
        doc = json.loads(result.stdout)
        check_pair_doc(doc)
        check_refs_match_source(doc, REPORTS / "2018.txt", REPORTS / "2019.txt")
        stored = {r["year"]: r for r in listing(filled)["reports"]}
        assert doc["series"] == SERIES
        for side, year in (("old", 2018), ("new", 2019)):
            assert doc[side] == {
                "year": year, "title": stored[year]["title"], "sha256": stored[year]["sha256"],
            }
        for side, year in (("old", 2018), ("new", 2019)):
            paths = {e[side]["path"] for e in doc["sections"] if e[side]}
            assert len(paths) == stored[year]["sections"], "every section appears in an entry"

    def test_json_stdout_clean_when_ingesting(self, work: Path) -> None:
        """With --format json, auto-ingest notes go to stderr so stdout stays pure JSON."""
        result = run("2018", "2019", "--format", "json")
        assert result.exit_code == 0, result.output
        check_pair_doc(json.loads(result.stdout))
        assert f"added {SERIES} 2018 from reports/2018.txt" in result.stderr.splitlines()

    def test_json_output_file(self, filled: Path, work: Path) -> None:
        """--format json --output FILE writes the document there, not to stdout."""
        result = run("2018", "2019", "--db", str(filled), "-f", "json", "-o", "r.json")
        assert result.exit_code == 0
        assert result.stdout == ""
        check_pair_doc(json.loads((work / "r.json").read_text(encoding="utf-8")))

    def test_markdown(self, filled: Path) -> None:
        """--format md prints a Markdown summary with the sections table."""
        result = run("2018", "2019", "--db", str(filled), "--format", "md")
        assert result.exit_code == 0
        lines = result.stdout.splitlines()
        assert lines[0] == f"# {SERIES}: 2018 → 2019"
        assert "## Sections" in lines
        assert "| # | status | 2018 | 2019 | changed |" in lines

    def test_fail_on_change(self, filled: Path, work: Path) -> None:
        """--fail-on-change exits 1 when the years differ (a real process)."""
        done = proc("2018", "2019", "--db", "s.db", "--fail-on-change", "-f", "json", cwd=work)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        check_pair_doc(json.loads(done.stdout))

    def test_identical_copy(self, work: Path) -> None:
        """The same file stored as two years: all unchanged, --fail-on-change exits 0."""
        for year in ("2018", "2019"):
            r = run("ingest", "reports/2019.txt", "--year", year, "--series", "same",
                    "--db", "s.db")
            assert r.exit_code == 0, r.output
        n = listing(work / "s.db")["reports"][0]["sections"]
        result = run("2018", "2019", "--series", "same", "--db", "s.db", "--no-ingest",
                     "--fail-on-change")
        assert result.exit_code == 0, result.output
        assert f"Sections: {n} unchanged" in result.stdout.splitlines()
        assert (work / "out" / "same-2018-2019.html").is_file()
        doc = json.loads(
            run("2018", "2019", "--series", "same", "--db", "s.db", "--no-ingest", "-f", "json")
            .stdout
        )
        assert {e["status"] for e in doc["sections"]} == {"unchanged"}
        assert doc["summary"]["similarity"] == 1.0

    def test_no_ingest(self, work: Path) -> None:
        """--no-ingest leaves ./reports alone, so an empty store stays empty."""
        result = run("2018", "2019", "--db", "s.db", "--no-ingest")
        assert result.exit_code == 2
        assert not (work / "s.db").exists()


class TestMetricsCommand:
    def test_json(self, filled: Path) -> None:
        """compare/metrics/1: quantity fields at top level; each quote is on its source line."""
        result = run("metrics", "2019", "--db", str(filled), "--format", "json")
        assert result.exit_code == 0
        doc = json.loads(result.stdout)
        assert (doc["schema"], doc["series"], doc["year"]) == ("compare/metrics/1", SERIES, 2019)
        source = (REPORTS / "2019.txt").read_text(encoding="utf-8").splitlines()
        assert doc["metrics"]
        for m in doc["metrics"]:
            assert {"label", "kind", "approx", "section", "value", "unit", "text", "line",
                    "quote"} <= m.keys()
            assert m["kind"] in ("level", "change", "target", "ratio")
            assert m["quote"] in source[m["line"] - 1], m
            assert m["text"] in m["quote"]

    def test_table_and_csv(self, filled: Path) -> None:
        """The table's title and the CSV's rows count the same metrics as the JSON."""
        n = len(json.loads(run("metrics", "2019", "--db", str(filled), "-f", "json").stdout)[
            "metrics"])
        table = run("metrics", "2019", "--db", str(filled))
        assert table.exit_code == 0
        assert table.stdout.splitlines()[0].strip() == f"{SERIES} 2019: {n} metrics"
        text = run("metrics", "2019", "--db", str(filled), "--format", "csv").stdout
        assert text.startswith("\ufeff")  # UTF-8 BOM: Excel and WPS read the labels right
        text = text.removeprefix("\ufeff")
        assert text.splitlines()[0] == ("label,kind,approx,section,value,unit,text,line,quote,"
                                        "as_written,approx_word,period,qualifiers")
        assert len(list(csv.DictReader(io.StringIO(text)))) == n

    def test_changes(self, filled: Path) -> None:
        """metrics OLD NEW: the same metric entries as the pair document, in table and CSV too."""
        pair = json.loads(run("2018", "2019", "--db", str(filled), "-f", "json").stdout)
        doc = json.loads(run("metrics", "2018", "2019", "--db", str(filled), "-f", "json").stdout)
        assert doc["metrics"] == pair["metrics"]
        assert (doc["old"], doc["new"]) == (pair["old"], pair["new"])
        table = run("metrics", "2018", "2019", "--db", str(filled))
        assert table.exit_code == 0
        assert table.stdout.splitlines()[0].strip() == f"{SERIES}: metrics 2018 → 2019"
        rows = list(csv.DictReader(io.StringIO(
            run("metrics", "2018", "2019", "--db", str(filled), "-f", "csv").stdout
            .removeprefix("\ufeff")
        )))
        assert [r["status"] for r in rows] == [m["status"] for m in pair["metrics"]]

    def test_changes_schema_honest(self, filled: Path) -> None:
        """A document labelled compare/pair/1 carries every field of that schema."""
        doc = json.loads(run("metrics", "2018", "2019", "--db", str(filled), "-f", "json").stdout)
        if doc["schema"] == "compare/pair/1":
            check_pair_doc(doc)


class TestVersionHelp:
    def test_version(self) -> None:
        """--version prints the version of pyproject.toml."""
        toml = (REPO / "pyproject.toml").read_text(encoding="utf-8")
        version = re.search(r'^version = "([^"]+)"$', toml, re.M)
        assert version is not None
        result = run("--version")
        assert result.exit_code == 0
        assert result.stdout.strip() == f"compare {version.group(1)}"

    def test_help(self) -> None:
        """--help lists the commands, not the hidden pair command, and the main use."""
        result = run("--help")
        assert result.exit_code == 0
        commands = re.findall(r"^  (\w+)\s{2,}", result.stdout.split("Commands:")[1], re.M)
        assert commands == [
            "ingest", "list", "show", "remove", "metrics", "eval", "search", "phrases", "site",
            "trace", "serve", "correct",
        ]
        assert "compare OLD NEW" in result.stdout

    def test_short_help(self) -> None:
        """-h is the same as --help, for the app and for a command."""
        assert run("-h").stdout == run("--help").stdout
        result = run("ingest", "-h")
        assert result.exit_code == 0
        assert "ingest [OPTIONS]" in result.stdout

    def test_route(self) -> None:
        """A first argument that is not a command goes to pair; commands pass through."""
        assert _route(["2018", "2019", "-f", "json"]) == ["pair", "2018", "2019", "-f", "json"]
        assert _route(["list", "--db", "x"]) == ["list", "--db", "x"]
        assert _route(["--version"]) == ["--version"]
        assert _route([]) == []


# --- errors: exact messages, exit codes, no traceback, store unchanged ------------------------

FIX_YEAR = "Run e.g. `compare 2018 2019`; `compare list` shows the stored years."
CORRUPT = (
    "The store s.db is not a compare store or is corrupt (file is not a database). "
    "Move it aside and ingest the reports again into a new --db."
)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _second_series(d: Path) -> None:
    with Store(d / "s.db") as store:
        ingest(store, [d / "reports" / "2019.txt"], series="B")


def _no_db(d: Path) -> None:
    (d / "s.db").unlink()


def _corrupt(d: Path) -> None:
    (d / "s.db").write_bytes(b"this is not a database, it is a text file\n" * 50)


def _newer(d: Path) -> None:
    conn = sqlite3.connect(d / "s.db")
    conn.execute("UPDATE compare_meta SET value = ? WHERE key = 'schema_version'",
                 (str(SCHEMA_VERSION + 1),))
    conn.commit()
    conn.close()


def _other_copy(d: Path) -> None:
    _write(d / "other" / "2019.txt", (d / "reports" / "2019.txt").read_bytes())


ERROR_CASES: list[tuple[str, Callable[[Path], None] | None, list[str], int, str]] = [
    ("unknown year", None, ["2017", "2019"], 2,
     f"No 2017 report in series {SERIES}. Stored years: 2018, 2019. Pick one of those years, "
     "or ingest the missing report with `compare ingest PATH`."),
    ("unknown series", None, ["2018", "2019", "--series", "nope"], 2,
     f"No series named 'nope' in the store. Stored series: {SERIES}. "
     "Pass one of those to --series, or ingest that series first."),
    ("several series", _second_series, ["2018", "2019"], 2,
     f"The store holds several series: B, {SERIES}. Pick one with --series."),
    ("empty store", _no_db, ["2018", "2019", "--no-ingest"], 2,
     "The store s.db holds no reports yet. Run `compare ingest PATH` first "
     "(files named by year, e.g. reports/2019.txt)."),
    ("non-year NEW", None, ["2018", "last"], 2,
     f"NEW must be a four-digit year, got 'last'. {FIX_YEAR}"),
    ("non-year OLD", None, ["18", "2019"], 2,
     f"OLD must be a four-digit year, got '18'. {FIX_YEAR}"),
    ("non-year metrics", None, ["metrics", "19"], 2,
     f"YEAR must be a four-digit year, got '19'. {FIX_YEAR}"),
    ("unknown year metrics", None, ["metrics", "2019", "2020"], 2,
     f"No 2020 report in series {SERIES}. Stored years: 2018, 2019. Pick one of those years, "
     "or ingest the missing report with `compare ingest PATH`."),
    ("missing file", None, ["ingest", "nofile.txt"], 2,
     "nofile.txt does not exist. Check the path and try again."),
    ("empty file", lambda d: _write(d / "in" / "2020.txt", b" \n\n"), ["ingest", "in/2020.txt"], 2,
     "in/2020.txt is empty. Give a file that holds the report's text."),
    ("png", lambda d: _write(d / "scan.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
     ["ingest", "scan.png"], 2,
     "scan.png looks like a PNG image, not a text file. "
     "Convert it to plain text or HTML first and ingest that file."),
    ("pdf posing as txt", lambda d: _write(d / "in" / "2020.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
     ["ingest", "in/2020.txt"], 2,
     "in/2020.txt starts like a PDF but cannot be read as one (it is damaged or incomplete). "
     "Download or export the PDF again and ingest the new file."),
    ("scanned pdf",
     lambda d: _write(d / "in" / "scan.pdf",
                      (REPO / "tests" / "fixtures" / "layout" / "scanned.pdf").read_bytes()),
     ["ingest", "in/scan.pdf"], 2,
     "in/scan.pdf is a scanned PDF: its 2 pages are images with no text layer, so there is no "
     "text to compare. Run OCR on it first (for example `ocrmypdf --language chi_sim in.pdf "
     "out.pdf`) and ingest the result."),
    ("no year",
     lambda d: _write(d / "notes" / "report.txt", "一、总体情况\n今年工作顺利。\n".encode()),
     ["ingest", "notes/report.txt"], 2,
     "Cannot tell which year notes/report.txt reports on: no year in its title, file name or "
     "folder. Name the file after its year (e.g. 2019.txt) or pass --year."),
    ("same claim", _other_copy, ["ingest", "reports/2019.txt", "other/2019.txt", "--series", "X"],
     2,
     "reports/2019.txt and other/2019.txt both claim X 2019. "
     "Ingest them separately, or pass --year/--series to tell them apart."),
    ("corrupt store: list", _corrupt, ["list"], 3,
     CORRUPT),
    ("corrupt store: pair", _corrupt, ["2018", "2019"], 3,
     CORRUPT),
    ("corrupt store: ingest", _corrupt, ["ingest", "reports/2019.txt"], 3,
     CORRUPT),
    ("newer schema", _newer, ["list"], 3,
     f"The store s.db was written by a newer compare (schema {SCHEMA_VERSION + 1}; this one "
     f"reads up to {SCHEMA_VERSION}). Upgrade compare (pip install -U compare-reports) or use "
     "another --db."),
    ("newer schema: ingest", _newer, ["ingest", "reports/2019.txt", "--series", "Z"], 3,
     f"The store s.db was written by a newer compare (schema {SCHEMA_VERSION + 1}; this one "
     f"reads up to {SCHEMA_VERSION}). Upgrade compare (pip install -U compare-reports) or use "
     "another --db."),
]


class TestErrors:
    @pytest.mark.parametrize(
        ("setup", "args", "code", "message"),
        [c[1:] for c in ERROR_CASES],
        ids=[c[0] for c in ERROR_CASES],
    )
    def test_error(
        self,
        filled: Path,
        work: Path,
        setup: Callable[[Path], None] | None,
        args: list[str],
        code: int,
        message: str,
    ) -> None:
        """A real process: exact message on stderr, documented exit code, store unchanged."""
        if setup is not None:
            setup(work)
        before = filled.read_bytes() if filled.exists() else None
        done = proc(*args, "--db", "s.db", cwd=work)
        assert done.returncode == code, done.stderr
        assert "Traceback" not in done.stderr + done.stdout
        assert done.stderr.strip() == f"Error: {message}"
        after = filled.read_bytes() if filled.exists() else None
        assert after == before, "the store file must not change"

    def test_same_claim_listing_unchanged(self, filled: Path, work: Path) -> None:
        """Two files claiming one series and year: list --format json is the same after."""
        _other_copy(work)
        before = listing(filled)
        result = run("ingest", "reports/2019.txt", "other/2019.txt", "--series", "X",
                     "--db", str(filled))
        assert result.exit_code == 2
        assert listing(filled) == before

    def test_bad_flag(self, filled: Path, work: Path) -> None:
        """An unknown --format value is a usage error, exit 2, no traceback."""
        done = proc("2018", "2019", "--db", "s.db", "--format", "rtf", "--no-ingest", cwd=work)
        assert done.returncode == 2
        assert "Traceback" not in done.stderr
        assert "rtf" in done.stderr


class TestReviewFixes:
    def test_readme_files_skipped(self, work: Path, tmp_path: Path) -> None:
        """README.txt and readme.html in a folder are not taken for reports."""
        (work / "reports" / "README.txt").write_text("说明：本目录是示例。\n", encoding="utf-8")
        (work / "reports" / "readme.html").write_text("<p>说明</p>\n", encoding="utf-8")
        result = run("ingest", "reports", "--db", str(tmp_path / "r.db"))
        assert result.exit_code == 0, result.output
        assert [r["year"] for r in listing(tmp_path / "r.db")["reports"]] == [2018, 2019]

    def test_auto_ingest_failure_names_no_ingest(self, filled: Path, work: Path) -> None:
        """A bad file under ./reports fails the compare with a hint to pass --no-ingest."""
        (work / "reports" / "2017.txt").write_bytes(b"Report 2017\n" + bytes(range(128, 256)))
        done = proc("2018", "2019", cwd=work)
        assert done.returncode == 2
        assert "Or pass --no-ingest to compare what is already stored." in done.stderr
        assert "Traceback" not in done.stderr
        ok = proc("2018", "2019", "--db", "s.db", "--no-ingest", "-f", "json", cwd=work)
        assert ok.returncode == 0, ok.stderr
        assert json.loads(ok.stdout)["schema"] == "compare/pair/1"

    def test_non_ascii_digits_are_not_a_year(self, filled: Path, work: Path) -> None:
        """Superscript or Arabic-Indic digits are refused as a year, not a traceback."""
        for year in ("²²²²", "٢٠١٨"):
            result = run(year, "2019", "--db", "s.db", "--no-ingest")
            assert result.exit_code == 2
            assert f"Error: OLD must be a four-digit year, got {year!r}." in result.output

    def test_not_a_regular_file(self, work: Path, tmp_path: Path) -> None:
        """A path that exists but is not a file or folder is refused with a message."""
        fifo = tmp_path / "pipe.txt"
        os.mkfifo(fifo)
        result = run("ingest", str(fifo), "--db", str(tmp_path / "f.db"))
        assert result.exit_code == 2
        assert f"{fifo} is not a regular file or folder. Give report files or folders." in (
            result.output
        )

    def test_json_is_utf8_whatever_the_locale(self, filled: Path, work: Path) -> None:
        """stdout JSON is UTF-8 even when Python's stdout encoding is ASCII."""
        env = {k: v for k, v in os.environ.items() if k != "COMPARE_DB"}
        env["PYTHONPATH"] = str(REPO)
        env["PYTHONIOENCODING"] = "ascii"
        done = subprocess.run(
            [sys.executable, "-m", "compare.cli", "list", "--db", "s.db", "-f", "json"],
            cwd=work, env=env, capture_output=True, timeout=60,
        )
        assert done.returncode == 0, done.stderr
        doc = json.loads(done.stdout.decode("utf-8"))
        assert doc["reports"][0]["series"] == "恩平市法治政府建设情况报告"

    def test_csv_approx_is_lowercase(self, filled: Path) -> None:
        """The CSV writes approx as true/false, not Python's True/False."""
        out = run("metrics", "2019", "--db", str(filled), "-f", "csv").stdout
        values = {row["approx"] for row in csv.DictReader(io.StringIO(out.removeprefix("\ufeff")))}
        assert values <= {"true", "false"} and values


class TestSampleNeverLeaks:
    """`compare OLD NEW` ingests ./reports only into the default store (issue 15)."""

    def test_named_db_is_left_alone(self, work: Path) -> None:
        """--db mine.db in a checkout with reports/: nothing ingested, the exact message."""
        done = proc("2021", "2022", "--db", "mine.db", cwd=work)
        assert done.returncode == 2
        assert done.stderr == (
            "Error: The store mine.db holds no reports yet. Run `compare ingest PATH` first "
            "(files named by year, e.g. reports/2019.txt).\n"
        )
        assert not (work / "mine.db").exists()

    def test_filled_named_db_unchanged(self, filled: Path, work: Path) -> None:
        """A named store that holds the sample stays byte for byte as it was, new files or not."""
        (work / "reports" / "2020.txt").write_bytes((work / "reports" / "2019.txt").read_bytes()
                                                     .replace(b"2019", b"2020"))
        before = filled.read_bytes()
        done = proc("2018", "2019", "--db", "s.db", "-f", "json", cwd=work)
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
        assert filled.read_bytes() == before

    def test_compare_db_is_left_alone(self, work: Path) -> None:
        """COMPARE_DB names the user's store too: the sample is not ingested into it."""
        env = {k: v for k, v in os.environ.items() if k != "COMPARE_DB"}
        env.update(PYTHONPATH=str(REPO), COMPARE_DB="env.db", COLUMNS="200")
        done = subprocess.run(
            [sys.executable, "-m", "compare.cli", "2018", "2019"],
            cwd=work, env=env, capture_output=True, text=True, encoding="utf-8", timeout=60,
        )
        assert done.returncode == 2
        assert done.stderr == (
            "Error: The store env.db holds no reports yet. Run `compare ingest PATH` first "
            "(files named by year, e.g. reports/2019.txt).\n"
        )
        assert not (work / "env.db").exists()

    def test_unknown_year_writes_nothing(self, work: Path) -> None:
        """An unknown year in the default store: the exact message, and no store.db made."""
        done = proc("2017", "2019", cwd=work)
        assert done.returncode == 2
        assert done.stderr == (
            f"Error: No 2017 report in series {SERIES}. Stored years: 2018, 2019. Pick one of "
            "those years, or ingest the missing report with `compare ingest PATH`.\n"
        )
        assert done.stdout == ""
        assert not (work / "store.db").exists()

    def test_unknown_year_keeps_the_default_store(self, work: Path) -> None:
        """A default store already holding 2018 stays unchanged when the other year is unknown."""
        assert proc("ingest", "reports/2018.txt", cwd=work).returncode == 0
        before = (work / "store.db").read_bytes()
        done = proc("2018", "2030", cwd=work)
        assert done.returncode == 2
        assert "Error: No 2030 report in series" in done.stderr
        assert (work / "store.db").read_bytes() == before


class TestUsageErrors:
    def test_one_year_names_the_command_typed(self, work: Path) -> None:
        """`compare 2019` shows the usage of `compare OLD NEW`, never `compare pair`."""
        done = proc("2019", cwd=work)
        assert done.returncode == 2
        assert done.stderr == (
            "Usage: compare [OPTIONS] {OLD} {NEW}\n"
            "Try 'compare --help' for help.\n\n"
            "Error: Missing argument 'NEW'.\n"
        )

    def test_extra_argument(self, work: Path) -> None:
        """Three years: the same usage line and what was extra."""
        done = proc("2018", "2019", "2020", cwd=work)
        assert done.returncode == 2
        assert done.stderr == (
            "Usage: compare [OPTIONS] {OLD} {NEW}\n"
            "Try 'compare --help' for help.\n\n"
            "Error: Got unexpected extra argument(s) (2020)\n"
        )

