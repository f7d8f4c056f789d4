"""Browser tests of the static site (`compare site`): index, heat strip, timeline, trends.

Run in Debian's chromium through Playwright (see tests/browser_support.py); skipped, with the
reason, where chromium is not installed. The sample reports give a two-year site; the cn-gwr
corpus (skipped without ../shared) gives the eight-year one the issue names, and with
``COMPARE_SCREENSHOTS=1`` the README's site and trends screenshots.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_support import (  # type: ignore[import-not-found]
    REPO,
    find_chromium,
    screenshots_wanted,
)
from cli_process import run_cli
from support import cli_env

pytestmark = pytest.mark.skipif(
    find_chromium() is None,
    reason="chromium is not installed (apt-get install chromium); browser tests need it",
)

def cli(*args: str, cwd: Path) -> None:
    done = run_cli(*args, cwd=cwd, env=cli_env())
    assert done.returncode == 0, done.stderr


def build(folder: Path, *sources: Path, series: str) -> Path:
    """The site of ``sources`` ingested as ``series``; its folder."""
    cli("ingest", *map(str, sources), "--series", series, "--db", "s.db", cwd=folder)
    cli("site", "--series", series, "--db", "s.db", "--output", "site", cwd=folder)
    return folder / "site"


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    reports = REPO / "reports"
    folder = tmp_path_factory.mktemp("site")
    return build(folder, reports / "2018.txt", reports / "2019.txt", series="enping")


@pytest.fixture(scope="module")
def gwr_site(cn_gwr_site: Path) -> Path:
    """The site of cn-gwr, built once per run from the run's cn-gwr store (conftest's
    cn_gwr_site: ``build_site``, as `compare site` calls it; test_site_jobs holds the command's
    pages to that function's, byte for byte). Only read here."""
    return cn_gwr_site


def open_page(page: Any, path: Path) -> Any:
    page.goto(path.as_uri())
    return page


class TestIndex:
    def test_loads_without_errors(self, page: Any, sample_site: Path) -> None:
        """The index loads with no console errors, script errors or failed requests."""
        open_page(page, sample_site / "index.html")
        assert page.locator("#heat a").count() == 1
        assert page.watch.problems == []

    def test_heat_strip_opens_the_pair_page(self, page: Any, sample_site: Path) -> None:
        """A heat-strip cell leads to that pair's page, which names both years."""
        open_page(page, sample_site / "index.html")
        page.click("#heat a")
        page.wait_for_load_state()
        assert page.url.endswith("/2018-2019.html")
        assert "2018" in page.title() and "2019" in page.title()
        assert page.watch.problems == []

    def test_navigation_reaches_every_site_page(self, page: Any, sample_site: Path) -> None:
        """The site bar leads from the index to the timeline and the trends page and back."""
        open_page(page, sample_site / "index.html")
        page.click("#to-timeline")
        page.wait_for_load_state()
        assert page.url.endswith("/timeline.html") and page.locator("#timeline").is_visible()
        page.click("#site-nav a[href='trends.html']")
        page.wait_for_load_state()
        assert page.url.endswith("/trends.html")
        # A Chinese series' pages are labelled in Chinese, the navigation bar too.
        assert page.locator("#site-nav a[aria-current='page']").inner_text() == "数据走势"
        page.click("#site-nav a[href='index.html']")
        page.wait_for_load_state()
        assert page.url.endswith("/index.html")
        assert page.watch.problems == []


class TestTimeline:
    def test_cell_links_to_the_entry_of_its_pair(self, page: Any, sample_site: Path) -> None:
        """A timeline cell opens the pair page scrolled to that section's entry."""
        open_page(page, sample_site / "timeline.html")
        link = page.locator("#timeline td.ev a").first
        href = link.get_attribute("href")
        assert href is not None and "#" in href
        link.click()
        page.wait_for_load_state()
        anchor = href.split("#", 1)[1]
        assert page.evaluate("location.hash") == f"#{anchor}"
        box = page.locator(f"[id='{anchor}']").bounding_box()
        assert box is not None and 0 <= box["y"] < 800
        assert page.watch.problems == []


class TestCorpusSite:
    def test_every_page_loads_cleanly(self, page: Any, gwr_site: Path) -> None:
        """All pages of the eight-year cn-gwr site load without any browser error."""
        pages = sorted(gwr_site.glob("*.html"))
        assert len(pages) == 11  # index, timeline, trends, phrases and 7 consecutive pairs
        for path in pages:
            open_page(page, path)
            assert page.watch.problems == [], path.name

    def test_trends_show_gdp_growth(self, page: Any, gwr_site: Path) -> None:
        """The trends page has a GDP growth row with a value in each year 2014-2019 (after the
        1994 and 1995 reports' 百分之十三点四 and 百分之十一点八)."""
        open_page(page, gwr_site / "trends.html")
        row = page.locator("tr", has=page.locator("td.label", has_text="国内生产总值增长")).filter(
            has_text="6.6%"
        )
        assert row.count() == 1
        assert row.locator("svg.spark").count() == 1
        values = row.locator("td.v:not(.none)").all_inner_texts()
        # 1994 and 1995 state it in words (百分之十三点四): the same indicator, the same chain.
        assert values == [
            "百分之十三点四", "百分之十一点八", "7.7%", "7.4%", "6.9%", "6.7%", "6.9%", "6.6%"
        ]

    def test_screenshots_for_readme(self, page: Any, gwr_site: Path) -> None:
        """With COMPARE_SCREENSHOTS=1, docs/screenshot-site.png and -trends.png are rewritten."""
        if not screenshots_wanted():
            pytest.skip("set COMPARE_SCREENSHOTS=1 to rewrite the site screenshots")
        open_page(page, gwr_site / "index.html")
        page.screenshot(path=str(REPO / "docs" / "screenshot-site.png"))
        open_page(page, gwr_site / "timeline.html")
        page.screenshot(path=str(REPO / "docs" / "screenshot-timeline.png"))
        open_page(page, gwr_site / "trends.html")
        row = page.locator("tr", has=page.locator("td.label", has_text="国内生产总值增长"))
        row.last.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -200)")
        page.screenshot(path=str(REPO / "docs" / "screenshot-trends.png"))
