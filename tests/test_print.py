"""The pair page on paper, without a browser: the print stylesheet in the page, the running
header escaped for CSS, and ``--format pdf`` where no browser can print (compare.render.pdf).

Printing itself, in Debian's chromium, is in tests/test_browser_print.py.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from fixtures_render import basic_comparison, hostile_comparison
from support import REPORTS
from test_cli import proc, run
from test_hostile import shape

from compare.errors import InputError
from compare.render import pdf
from compare.render.page import css_string, render_html

NO_BROWSER = (
    "No browser to print the PDF with: chromium, chromium-browser or google-chrome is not "
    "installed. Install Chromium and CJK fonts (Debian/Ubuntu: `apt-get install chromium "
    "fonts-noto-cjk`), or write the page with `--format html` and print it from a browser."
)


def style_of(page: str) -> str:
    return page[page.index("<style>") + len("<style>") : page.index("</style>")]


class TestCssString:
    def test_letters_kept(self) -> None:
        """Letters, digits and spaces stand as themselves, CJK included."""
        assert css_string("2019 恩平市Report") == '"2019 恩平市Report"'

    def test_everything_else_escaped(self) -> None:
        """Quotes, backslashes, angle brackets and line breaks become six-digit escapes."""
        assert css_string('a"\\<\n→') == '"a\\000022\\00005c\\00003c\\00000a\\002192"'

    def test_controls_made_visible(self) -> None:
        """A bidi override is shown as its placeholder, like everywhere else on the page."""
        assert css_string("\u202e") == css_string("<U+202E>")


class TestPrintStylesheet:
    def test_page_carries_print_rules(self) -> None:
        """The page has its @page header (both years and titles) and its @media print rules."""
        page = render_html(basic_comparison())
        style = style_of(page)
        header = re.search(r"@top-left \{ content: (\"[^\"]*\");", style)
        assert header is not None
        assert header.group(1) == css_string("2018 2018年示例报告 → 2019 2019年示例报告")
        assert "@media print" in style and "counter(pages)" in style
        assert ".toolbar, .toc, .keys, .filters, .site-nav { display: none !important; }" in style

    def test_entries_carry_their_level(self) -> None:
        """Each entry says its heading level, so each top-level part can start a page."""
        page = render_html(basic_comparison())
        entry = r'<section class="entry [^"]*" id="[^"]+"[^>]* data-level="(\d)">'
        levels = re.findall(entry, page)
        assert levels == ["0", "1", "2", "2", "2", "2", "1", "2", "2", "1", "1"]

    def test_hostile_title_stays_in_its_string(self) -> None:
        """A title that tries to close the style element stays escaped inside the CSS string."""
        page = render_html(hostile_comparison("</style><script>alert(1)</script>\""))
        style = style_of(page)
        assert "<" not in style
        got = shape(page)
        assert got.elements[("script", ())] == 1 and got.elements[("style", ())] == 1


class TestPdfWithoutBrowser:
    def test_no_browser_message(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """With no Chromium or Chrome, the error names what to install."""
        monkeypatch.setattr(pdf, "find_browser", lambda: None)
        with pytest.raises(InputError) as caught:
            pdf.render_pdf(basic_comparison())
        assert str(caught.value) == NO_BROWSER

    def test_failing_browser_message(self, tmp_path: Path) -> None:
        """A browser that exits without printing: the message gives its exit code and words."""
        fake = tmp_path / "chromium"
        fake.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n")
        fake.chmod(0o755)
        with pytest.raises(InputError) as caught:
            pdf.html_to_pdf("<p>x</p>", browser=str(fake))
        assert str(caught.value) == (
            f"{fake} could not print the page (exit code 3: cannot open display). Check that "
            f"`{fake} --headless --print-to-pdf` works on this machine, or write `--format html` "
            "and print it from a browser."
        )

    def test_hung_browser_stopped(self, tmp_path: Path) -> None:
        """A browser that never finishes is stopped at the timeout, with a message."""
        fake = tmp_path / "chromium"
        fake.write_text("#!/bin/sh\nsleep 60\n")
        fake.chmod(0o755)
        with pytest.raises(InputError) as caught:
            pdf.html_to_pdf("<p>x</p>", browser=str(fake), timeout=0.5)
        assert str(caught.value) == (
            f"{fake} did not print the page within 0.5 seconds. Try again, or write "
            "`--format html` and print it from a browser."
        )

    def test_command_exit_code(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """`compare 2018 2019 --format pdf` with no browser on PATH: exit 2, one message."""
        result = run("ingest", str(REPORTS / "2018.txt"), str(REPORTS / "2019.txt"),
                     "--db", str(tmp_path / "s.db"))  # fmt: skip
        assert result.exit_code == 0
        monkeypatch.setenv("PATH", str(Path(sys.executable).parent))
        done = proc("2018", "2019", "--db", "s.db", "--no-ingest", "--format", "pdf",
                    cwd=tmp_path)  # fmt: skip
        assert done.returncode == 2
        assert done.stderr == f"Error: {NO_BROWSER}\n"
        assert not (tmp_path / "out").exists()
