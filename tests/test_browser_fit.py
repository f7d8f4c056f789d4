"""Pages that fit: a 52-year series' trends and timeline, and a wide metric table, stay within a
1400 px window; the table scrolls inside its own box and its last year can be brought into view.

Run in Debian's chromium through Playwright (tests/browser_support.py); skipped, with the
reason, where chromium is not installed. The series is bench/synth.py's small one (seed 0).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import synth
from browser_support import find_chromium  # type: ignore[import-not-found]
from cli_process import run_cli
from support import cli_env

pytestmark = pytest.mark.skipif(
    find_chromium() is None,
    reason="chromium is not installed (apt-get install chromium); browser tests need it",
)

WIDE = {"width": 1400, "height": 900}
FIRST, YEARS = 1970, 52
LAST = FIRST + YEARS - 1


def cli(*args: str, cwd: Path) -> None:
    done = run_cli(*args, cwd=cwd, env=cli_env())
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def long_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("long")
    synth.write_series(synth.synth_series(YEARS, seed=0, first_year=FIRST, small=True),
                       folder / "r")
    cli("ingest", "r", "--db", "s.db", cwd=folder)
    cli("site", "--db", "s.db", "--output", "site", cwd=folder)
    return folder / "site"


def open_wide(page: Any, path: Path) -> Any:
    page.set_viewport_size(WIDE)
    page.goto(path.as_uri())
    return page


def page_overflow(page: Any) -> int:
    """How many pixels the page is wider than the window (0: no page-wide horizontal scroll)."""
    return int(page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"
    ))


def last_year_reachable(page: Any, box: str) -> None:
    """The last year's column header scrolls into view inside ``box``, the label column stays."""
    head = page.locator(f"{box} th#y{LAST}")
    inner = page.locator(box)
    before = inner.evaluate("b => b.scrollLeft")
    head.scroll_into_view_if_needed()
    assert inner.evaluate("b => b.scrollLeft") > before  # the box scrolled, not the page
    assert page.evaluate("window.scrollX") == 0
    frame, cell = inner.bounding_box(), head.bounding_box()
    assert frame is not None and cell is not None
    right = frame["x"] + frame["width"] + 1
    assert frame["x"] - 1 <= cell["x"] and cell["x"] + cell["width"] <= right
    label = page.locator(f"{box} th.c1").bounding_box()
    assert label is not None and frame["x"] - 1 <= label["x"] <= frame["x"] + 60  # sticky


class TestLongSeries:
    def test_trends_fit_the_window(self, page: Any, long_site: Path) -> None:
        """trends.html for 52 years: no page-wide horizontal scroll at 1400 px, Chinese labels."""
        open_wide(page, long_site / "trends.html")
        assert page.locator(f"#ttable th#y{LAST}").count() == 1
        assert page_overflow(page) <= 0
        assert page.evaluate("document.documentElement.lang") == "zh-Hans"
        assert page.locator("#ttable th.c1").inner_text() == "指标"
        assert page.watch.problems == []

    def test_trends_last_year_scrolls_into_view(self, page: Any, long_site: Path) -> None:
        """The last year's column is reached by scrolling the table's own box."""
        open_wide(page, long_site / "trends.html")
        last_year_reachable(page, "#twrap")

    def test_timeline_fits_and_scrolls(self, page: Any, long_site: Path) -> None:
        """timeline.html for 52 years: within the window; the last year scrolls into view."""
        open_wide(page, long_site / "timeline.html")
        assert page_overflow(page) <= 0
        last_year_reachable(page, "#tlwrap")
        assert page.watch.problems == []

    def test_pair_page_fits(self, page: Any, long_site: Path) -> None:
        """A pair page of the series, with its metric table, stays within the window."""
        open_wide(page, long_site / f"{LAST - 1}-{LAST}.html")
        assert page_overflow(page) <= 0
        assert "compare " in page.locator("footer.gen").inner_text()
        assert page.watch.problems == []
