"""The command line without its start-up weight (issue 17): each run builds only its command, and
``compare list`` prints its table without rich, byte for byte as rich prints it.

``compare.cli.tables`` is held to rich itself: character widths to ``rich.cells.cell_len``, the
console's width and styles to ``make_console()``'s, the printed table to rich's ``Table()``
under the same environment. ``main`` is held to the whole typer app: the same output, errors
and exit codes for help, usage errors and the version.
"""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.table import Table
from support import REPORTS, cli_env

from compare.cli import COMMAND_MODULES, _route, app
from compare.cli.common import make_console
from compare.cli.tables import console_shape, print_table, render_table, text_width
from compare.pipeline import ingest
from compare.store.db import Store

HEADERS = ("series", "year", "title", "sections", "metrics", "path")
# 79 cells wide: drawn on the 80 columns rich takes when it knows no width.
ROWS = [
    ("cn-gwr", "2017", "政府工作报告", "13", "110", "…/cn/2017.txt"),
    ("恩平市", "2018", "法治（草案）“一”", "9", "0", "reports/2018.txt"),
    ("uk-budget", "2019", "Budget — £ é", "41", "312", "a b/c.d_e-f"),
    ("x", "1994", "", "0", "0", "\x1b]0;t\x07"),  # printed as \u001b]0;t\u0007
]
ENV_NAMES = ("COLUMNS", "LINES", "TERM", "FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "COLORTERM")


class FakeStdout(io.StringIO):
    """A stdout that says whether it is a terminal, with an encoding."""

    def __init__(self, terminal: bool, encoding: str = "utf-8") -> None:
        super().__init__()
        self.terminal = terminal
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding

    def isatty(self) -> bool:
        return self.terminal


@pytest.fixture
def console_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """No environment variable that steers rich's console, as a start."""
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    yield monkeypatch


def by_rich(headers: tuple[str, ...], rows: list[tuple[str, ...]], out: FakeStdout) -> str:
    """What ``make_console().print(Table(...))`` writes to ``out``."""
    table = Table()
    for h in headers:
        table.add_column(h)
    for row in rows:
        table.add_row(*row)
    sys.stdout = out
    try:
        make_console().print(table)
    finally:
        sys.stdout = sys.__stdout__
    return out.getvalue()


def by_us(headers: tuple[str, ...], rows: list[tuple[str, ...]], out: FakeStdout) -> str:
    sys.stdout = out
    try:
        print_table(headers, rows)
    finally:
        sys.stdout = sys.__stdout__
    return out.getvalue()


def shape_of(out: FakeStdout) -> tuple[tuple[int, bool] | None, tuple[int, bool]]:
    """(console_shape(), rich's (width, styled)) with ``out`` as stdout."""
    sys.stdout = out
    try:
        console = make_console()
        return console_shape(), (console.width, console.color_system is not None)
    finally:
        sys.stdout = sys.__stdout__


CONSOLES = [
    (False, {}),
    (False, {"COLUMNS": "200"}),
    (True, {"COLUMNS": "120", "TERM": "xterm-256color"}),
    (True, {"COLUMNS": "120", "TERM": "dumb"}),
    (True, {"COLUMNS": "150", "LINES": "40", "TERM": "dumb"}),
    (True, {"COLUMNS": "120", "NO_COLOR": "1", "TERM": "xterm"}),
    (False, {"COLUMNS": "120", "FORCE_COLOR": "1"}),
    (True, {"COLUMNS": "120", "FORCE_COLOR": ""}),
    (True, {"COLUMNS": "120", "TTY_COMPATIBLE": "0"}),
    (False, {"COLUMNS": "120", "TTY_COMPATIBLE": "1", "TERM": "unknown"}),
    (True, {"TERM": "xterm"}),
]


class TestTextWidth:
    def test_widths_are_richs(self) -> None:
        """Every character given a width has the width rich gives it (the whole BMP checked)."""
        known = 0
        for code in range(0x10000):
            if 0xD800 <= code <= 0xDFFF:
                continue
            width = text_width(chr(code))
            if width is not None:
                known += 1
                assert width == cell_len(chr(code)), hex(code)
        assert known > 30000  # ASCII, Latin, punctuation, CJK, kana, hangul, full-width forms

    def test_unknown_characters(self) -> None:
        """A tab, line feed, combining mark, soft hyphen or emoji is left to rich."""
        for text in ("a\tb", "a\nb", "e\u0301", "soft\xadhyphen", "😀", "\u200b"):
            assert text_width(text) is None, repr(text)

    def test_mixed_text(self) -> None:
        """CJK counts two cells, ASCII and the ellipsis one."""
        assert text_width("政府工作报告 2019…") == 18


class TestConsoleShape:
    @pytest.mark.parametrize(("terminal", "env"), CONSOLES)
    def test_same_as_rich(
        self, console_env: pytest.MonkeyPatch, terminal: bool, env: dict[str, str]
    ) -> None:
        """Width and styling are those of make_console() under the same environment."""
        for name, value in env.items():
            console_env.setenv(name, value)
        ours, richs = shape_of(FakeStdout(terminal))
        assert ours == richs

    def test_other_encoding_left_to_rich(self, console_env: pytest.MonkeyPatch) -> None:
        """A stdout that does not write UTF-8 (rich draws an ASCII box there) gets no shape."""
        assert shape_of(FakeStdout(False, encoding="ascii"))[0] is None


class TestPrintTable:
    @pytest.mark.parametrize(("terminal", "env"), CONSOLES)
    def test_same_bytes_as_rich(
        self, console_env: pytest.MonkeyPatch, terminal: bool, env: dict[str, str]
    ) -> None:
        """The table is rich's, byte for byte, and printed without rich."""
        for name, value in env.items():
            console_env.setenv(name, value)
        shape = shape_of(FakeStdout(terminal))[0]
        assert shape is not None
        if shape[0] >= 79:  # not a narrower terminal on the standard streams
            assert render_table(HEADERS, ROWS, *shape) is not None
        assert by_us(HEADERS, ROWS, FakeStdout(terminal)) == by_rich(
            HEADERS, ROWS, FakeStdout(terminal)
        )

    @pytest.mark.parametrize("terminal", [False, True])
    def test_width_boundary(self, console_env: pytest.MonkeyPatch, terminal: bool) -> None:
        """A table exactly as wide as the console is drawn here; one cell wider, rich wraps it,
        and the output is still rich's."""
        widths = [max(text_width(r[n]) or 0 for r in (HEADERS, *ROWS)) for n in range(6)]
        exact = sum(w + 3 for w in widths) + 1
        for columns, drawn in ((exact, True), (exact - 1, False)):
            console_env.setenv("COLUMNS", str(columns))
            assert (render_table(HEADERS, ROWS, columns, terminal) is not None) is drawn
            assert by_us(HEADERS, ROWS, FakeStdout(terminal)) == by_rich(
                HEADERS, ROWS, FakeStdout(terminal)
            )

    def test_emoji_codes_drawn_as_written(self, console_env: pytest.MonkeyPatch) -> None:
        """A title holding ``:smile:`` is drawn here, as written, and rich (emoji off) agrees."""
        console_env.setenv("COLUMNS", "100")
        rows = [("x:smile:y", "1")]
        assert render_table(("a", "b"), rows, 100, False) is not None
        ours = by_us(("a", "b"), rows, FakeStdout(False))
        assert ours == by_rich(("a", "b"), rows, FakeStdout(False))
        assert "x:smile:y" in ours

    @pytest.mark.parametrize(
        ("headers", "rows"),
        [
            (("a", "b"), [("tab\there", "1")]),
            (("a", "b"), [("two\nlines", "1")]),
            (("a", ""), [("x", "1")]),
            (("a", "b"), [("x",)]),
        ],
    )
    def test_refused_left_to_rich(
        self, console_env: pytest.MonkeyPatch, headers: tuple[str, ...],
        rows: list[tuple[str, ...]],
    ) -> None:
        """Cells rich renders its own way (tabs, lines, an empty header, a short row) are not
        drawn here, and the output is rich's."""
        console_env.setenv("COLUMNS", "100")
        assert render_table(headers, rows, 100, False) is None
        assert by_us(headers, rows, FakeStdout(False)) == by_rich(headers, rows, FakeStdout(False))


PROBE = (
    "import sys\nfrom compare.cli import main\n"
    "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
    "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
)
WHOLE = "import sys\nfrom compare.cli import app\napp(args=sys.argv[1:], prog_name='compare')\n"


def python(
    code: str, *args: str, cwd: Path, columns: int = 100
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=cwd, env=cli_env(COLUMNS=str(columns)),
        capture_output=True, text=True, encoding="utf-8", timeout=120,
    )


class TestOneCommandBuilt:
    def test_table_is_the_app(self) -> None:
        """COMMAND_MODULES names every command and group of the app, in the app's order, each
        with the module that registers it."""
        names = [c.name for c in app.registered_commands] + [g.name for g in app.registered_groups]
        assert names == list(COMMAND_MODULES)
        for c in app.registered_commands:
            assert c.callback is not None and c.name is not None
            assert c.callback.__module__ == f"compare.cli.{COMMAND_MODULES[c.name]}"
        for g in app.registered_groups:
            assert g.name is not None
            module = sys.modules[f"compare.cli.{COMMAND_MODULES[g.name]}"]
            assert any(value is g.typer_instance for value in vars(module).values())

    def test_unlisted_command_still_routed(self) -> None:
        """A command registered but missing from COMMAND_MODULES is still a command, not a
        year for pair."""
        app.command("zz-unlisted")(lambda: None)
        try:
            assert _route(["zz-unlisted"]) == ["zz-unlisted"]
        finally:
            app.registered_commands.pop()
        assert _route(["zz-unlisted"]) == ["pair", "zz-unlisted"]

    def test_list_loads_one_command_module(self, tmp_path: Path) -> None:
        """`compare list` loads the module of its command and neither rich nor the others."""
        with Store(tmp_path / "s.db") as store:
            ingest(store, [REPORTS])
        done = python(PROBE, "list", "--db", "s.db", cwd=tmp_path, columns=200)
        mods = set(done.stderr.split())
        assert "compare.cli.reports" in mods and "compare.cli.tables" in mods
        others = {f"compare.cli.{m}" for m in COMMAND_MODULES.values()} - {"compare.cli.reports"}
        assert not mods & (others | {"rich", "rich.table", "rich.console"})
        assert "恩平市" in done.stdout and "┏" in done.stdout

    @pytest.mark.parametrize(
        "args",
        [
            ["--help"],
            [],
            ["--version"],
            ["list", "--help"],
            ["list", "--bogus"],
            ["list", "--format", "xml"],
            ["metrics", "-h"],
            ["correct", "--help"],
            ["correct", "same", "--help"],
            ["pair", "--help"],
            ["site", "--jobs"],
        ],
    )
    def test_same_as_whole_app(self, tmp_path: Path, args: list[str]) -> None:
        """main, building one command, answers help, usage errors and the version as the
        whole app does: same stdout, stderr and exit code."""
        ours = python("from compare.cli import main\nmain()\n", *args, cwd=tmp_path)
        whole = python(WHOLE, *args, cwd=tmp_path)
        assert (ours.returncode, ours.stdout, ours.stderr) == (
            whole.returncode, whole.stdout, whole.stderr
        )
