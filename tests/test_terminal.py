"""Report text never reaches a terminal raw: escape sequences (``ESC ]0;…BEL`` sets the window
title, ``ESC [31m`` colours the terminal, a C1 ``CSI``, a carriage return) in titles, headings,
labels and text are shown as ``\\u`` escapes by every command that prints report text (ingest,
list, show, the summary of ``compare OLD NEW``, metrics, search, trace, error messages), and
rich markup in report text (``[/x]``) is printed as text, not interpreted (it used to crash)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from cli_process import run_cli
from support import cli_env

from compare.cli.common import printable

TITLE_JUNK = "\x1b]0;PWNED\x07"
HEADING_JUNK = "\x1b[31m"
TEXT_JUNK = "\x9b2J[/x]\r"
RAW = ("\x1b", "\x07", "\x9b", "\r")


def report(year: int, extra: str) -> str:
    return (
        f"某市{TITLE_JUNK}{year}年工作报告\n\n"
        f"一、总体{HEADING_JUNK}情况\n"
        f"全年受理{TEXT_JUNK}案件{76 + year - 2018}件，推进法治政府建设。{extra}\n"
        "二、下一步打算\n"
        "继续推进法治政府建设。\n"
    )


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=cwd, env=cli_env(COLUMNS="200"))


def assert_clean(done: subprocess.CompletedProcess[str]) -> None:
    """No traceback, and no raw control character but line ends in stdout or stderr."""
    both = done.stdout + done.stderr
    assert "Traceback" not in both, done.stderr
    for ch in RAW:
        assert ch not in both, f"raw {ch!r} printed"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding two hostile reports, and the output of their ingest."""
    base = tmp_path_factory.mktemp("term")
    (base / "in").mkdir()
    (base / "in" / "2018.txt").write_text(report(2018, ""), encoding="utf-8")
    (base / "in" / "2019.txt").write_text(report(2019, "新增工作。"), encoding="utf-8")
    done = run("ingest", "in", "--db", "s.db", cwd=base)
    assert done.returncode == 0, done.stderr
    assert_clean(done)
    assert "\\u001b]0;PWNED\\u0007" in done.stdout  # the series, shown as escapes
    return base


class TestPrintable:
    def test_controls_escaped(self) -> None:
        """C0 (but tab and line feed), DEL and C1 become \\u escapes; the rest is untouched."""
        assert printable("a\x1b[31mb\x07\x9bc\r\x7f\td\n") == (
            "a\\u001b[31mb\\u0007\\u009bc\\u000d\\u007f\td\n"
        )
        assert printable("一、总体 [/x] “引号”") == "一、总体 [/x] “引号”"


class TestCommands:
    @pytest.mark.parametrize(
        "args",
        [
            ["list"],
            ["show", "2019"],
            ["2018", "2019", "--no-ingest"],
            ["metrics", "2019"],
            ["metrics", "2018", "2019"],
            ["search", "案件"],
            ["trace", "1"],
            ["trace", "1", "--format", "json"],
            ["2018", "2019", "--no-ingest", "--format", "md"],
            ["metrics", "2019", "--format", "csv"],
            ["show", "2017"],
        ],
        ids=lambda a: " ".join(a),
    )
    def test_no_raw_escape(self, folder: Path, args: list[str]) -> None:
        """`compare {args}` prints no raw escape and no traceback; report text is all there."""
        done = run(*args, "--db", "s.db", cwd=folder)
        assert_clean(done)
        assert done.returncode == (2 if args == ["show", "2017"] else 0), done.stderr

    def test_escapes_shown(self, folder: Path) -> None:
        """The title, the heading and the markup-like text are shown, as escapes and as text."""
        listed = run("list", "--db", "s.db", cwd=folder).stdout
        assert "\\u001b]0;PWNED\\u0007" in listed
        shown = run("show", "2019", "--db", "s.db", cwd=folder).stdout
        assert "一、总体\\u001b[31m情况" in shown
        found = run("search", "--format", "json", "案件", "--db", "s.db", cwd=folder)
        assert "\\u009b2J[/x]" in run("search", "受理", "--db", "s.db", cwd=folder).stdout
        assert json.loads(found.stdout)["hits"]

    def test_json_unchanged_in_meaning(self, folder: Path) -> None:
        """JSON carries the text exactly (its own escapes); only the bytes avoid raw controls."""
        done = run("show", "2019", "--format", "json", "--db", "s.db", cwd=folder)
        assert_clean(done)
        titles = [s["title"] for s in json.loads(done.stdout)["sections"]]
        assert f"一、总体{HEADING_JUNK}情况" in titles
