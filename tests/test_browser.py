"""The pages in a real browser: Debian's chromium driven by Playwright, headless.

The pair page of the sample reports (written by ``compare 2018 2019``) is opened from its file;
the served app runs as a real ``compare serve`` process. Skipped, with the reason, where no
chromium is installed. ``COMPARE_SCREENSHOTS=1`` also writes docs/screenshot-pair.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    REPO,
    find_chromium,
    free_port,
    screenshots_wanted,
    start_serve,
    stop,
    wait_until_up,
)
from cli_process import run_cli
from support import cli_env

pytestmark = pytest.mark.skipif(
    find_chromium() is None,
    reason="chromium is not installed (apt-get install chromium); browser tests need it",
)

REPORTS = REPO / "reports"
SERIES = "恩平市法治政府建设情况报告"


def cli(*args: str, cwd: Path) -> None:
    done = run_cli(*args, cwd=cwd, env=cli_env())
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(store, pair page): the sample reports ingested, and the page `compare 2018 2019` writes."""
    folder = tmp_path_factory.mktemp("browser")
    cli("ingest", str(REPORTS / "2018.txt"), str(REPORTS / "2019.txt"), "--db", "s.db",
        cwd=folder)
    cli("2018", "2019", "--db", "s.db", "--no-ingest", "--output", "pair.html", cwd=folder)
    return folder / "s.db", folder / "pair.html"


@pytest.fixture
def pair(page: Any, sample: tuple[Path, Path]) -> Any:
    """The sample pair page, loaded."""
    page.goto(sample[1].as_uri())
    return page


def in_viewport(page: Any, selector: str) -> bool:
    """Whether the element's top edge lies within the visible window."""
    return bool(page.eval_on_selector(
        selector,
        "el => { const r = el.getBoundingClientRect();"
        " return r.bottom > 0 && r.top < window.innerHeight; }",
    ))


def current(page: Any) -> dict[str, Any]:
    """The change marked current by next/previous: its entry id, position text, visibility."""
    info: dict[str, Any] = page.evaluate(
        """() => {
          const all = Array.from(document.querySelectorAll('.chg'))
            .filter(el => el.offsetParent !== null);
          const cur = document.querySelector('.chg.cur');
          if (!cur) { return {index: -1, count: all.length, pos: ''}; }
          const r = cur.getBoundingClientRect();
          return {index: all.indexOf(cur), count: all.length,
                  entry: cur.closest('section.entry').id,
                  pos: document.getElementById('pos').textContent,
                  visible: r.bottom > 0 && r.top < window.innerHeight};
        }"""
    )
    return info


class TestPairPage:
    def test_loads_without_errors(self, pair: Any) -> None:
        """The page loads with no console error, no script error and no failed request."""
        pair.wait_for_load_state("load")
        assert pair.title() == f"{SERIES}: 2018 → 2019"
        assert pair.locator("section.entry").count() > 10
        assert pair.watch.problems == []

    def test_toc_jumps_to_section(self, pair: Any) -> None:
        """Clicking the last contents entry puts its section in view and in the URL hash."""
        links = pair.locator("nav.toc a")
        assert links.count() == pair.locator("section.entry").count()
        target = links.last.get_attribute("href")
        assert target and target.startswith("#")
        assert not in_viewport(pair, target)
        links.last.click()
        pair.wait_for_function(f"location.hash === '{target}'")
        assert in_viewport(pair, target)
        top = pair.eval_on_selector(target, "el => el.getBoundingClientRect().top")
        assert top >= 0  # not hidden under the sticky toolbar's top edge

    def test_next_and_previous_by_keyboard(self, pair: Any) -> None:
        """j/n move to the next change, k/p back; the current one is framed and in view."""
        assert current(pair)["index"] == -1
        pair.keyboard.press("j")
        first = current(pair)
        assert first["index"] == 0 and first["visible"]
        assert first["pos"] == f"1 / {first['count']}"
        assert pair.locator(".chg.cur").count() == 1
        pair.keyboard.press("n")
        second = current(pair)
        assert second["index"] == 1 and second["pos"] == f"2 / {first['count']}"
        pair.keyboard.press("j")
        pair.keyboard.press("k")
        assert current(pair)["index"] == 1
        pair.keyboard.press("p")
        back = current(pair)
        assert back["index"] == 0 and back["entry"] == first["entry"] and back["visible"]

    def test_previous_from_start_wraps_to_last(self, pair: Any) -> None:
        """k before any change goes to the last change of the page."""
        pair.keyboard.press("k")
        info = current(pair)
        assert info["index"] == info["count"] - 1 and info["visible"]

    def test_next_after_toc_jump_starts_there(self, pair: Any) -> None:
        """After jumping to a late section from the contents, j goes to a change at or below it."""
        link = pair.locator("nav.toc a").nth(40)
        target = link.get_attribute("href")
        link.click()
        pair.wait_for_function(f"location.hash === '{target}'")
        pair.keyboard.press("j")
        # The current change is inside the jumped-to entry or after it, not back at the top.
        assert pair.evaluate(
            """(hash) => {
              const target = document.querySelector(hash);
              const cur = document.querySelector('.chg.cur');
              return target.contains(cur) ||
                Boolean(target.compareDocumentPosition(cur) & Node.DOCUMENT_POSITION_FOLLOWING);
            }""",
            target,
        )

    def test_buttons_match_keys(self, pair: Any) -> None:
        """The ▼ next / ▲ prev buttons step like j and k."""
        # dispatch_event: Playwright's click first scrolls the sticky toolbar's button "into
        # view", moving the page as no reader's click does (and next/prev follow the reader).
        pair.locator("#next").dispatch_event("click")
        pair.locator("#next").dispatch_event("click")
        assert current(pair)["index"] == 1
        pair.locator("#prev").dispatch_event("click")
        assert current(pair)["index"] == 0

    def test_view_toggle_changes_layout(self, pair: Any) -> None:
        """v switches side-by-side (two columns) to inline (one) and back; the button follows."""
        assert pair.evaluate("document.body.className") == "view-sbs"
        sbs = pair.locator(".diff.sbs").first
        assert sbs.is_visible() and not pair.locator(".diff.inl").first.is_visible()
        row = pair.locator(".diff.sbs .row.chg").first
        old_box = row.locator(".o").bounding_box()
        new_box = row.locator(".n").bounding_box()
        assert old_box and new_box and new_box["x"] >= old_box["x"] + old_box["width"] - 1
        assert abs(new_box["y"] - old_box["y"]) < 1  # side by side: one line, two columns
        pair.keyboard.press("v")
        assert pair.evaluate("document.body.className") == "view-inl"
        assert not sbs.is_visible() and pair.locator(".diff.inl").first.is_visible()
        assert pair.get_attribute("#view", "aria-pressed") == "true"
        # The sample is a Chinese report: the button speaks the page's language.
        assert pair.text_content("#view") == "左右对照视图"
        inline = pair.locator(".diff.inl .irow.chg").first.bounding_box()
        assert inline and inline["width"] > new_box["width"] * 1.5  # one full-width column
        pair.click("#view")
        assert pair.evaluate("document.body.className") == "view-sbs"
        assert pair.get_attribute("#view", "aria-pressed") == "false"
        assert pair.text_content("#view") == "合并视图"

    def test_navigation_follows_the_view(self, pair: Any) -> None:
        """After switching to inline, next change lands on a visible inline row."""
        pair.keyboard.press("v")
        pair.keyboard.press("j")
        assert pair.eval_on_selector(".chg.cur", "el => el.closest('.diff.sbs') === null")
        assert current(pair)["visible"]

    def test_screenshot_for_readme(self, pair: Any) -> None:
        """With COMPARE_SCREENSHOTS=1, docs/screenshot-pair.png is the page at 1280 px."""
        if not screenshots_wanted():
            pytest.skip("set COMPARE_SCREENSHOTS=1 to rewrite docs/screenshot-pair.png")
        target = REPO / "docs" / "screenshot-pair.png"
        pair.screenshot(path=str(target))
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def server(sample: tuple[Path, Path]) -> Iterator[str]:
    """A real `compare serve` on a free port over the sample store; its base URL."""
    port = free_port()
    proc = start_serve(sample[0], port, sample[0].parent)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(base + "api/list", proc)
        yield base
    finally:
        stop(proc)


class TestServedApp:
    def test_index_loads_without_errors(self, page: Any, server: str) -> None:
        """The index loads with no console error and shows the series and its pickers."""
        page.goto(server)
        assert page.locator("h2").first.text_content() == SERIES
        assert page.locator("form.pick select").count() == 2
        assert page.watch.problems == []

    def test_pickers_open_the_chosen_pair(self, page: Any, server: str) -> None:
        """Choosing 2019 → 2018 in the pickers and submitting shows that pair's page."""
        page.goto(server)
        page.select_option("select[name=old]", "2019")
        page.select_option("select[name=new]", "2018")
        page.click("form.pick button[type=submit]")
        page.wait_for_url("**/pair?*")
        assert "old=2019" in page.url and "new=2018" in page.url
        heading = page.text_content("h1") or ""
        assert heading.index("2019") < heading.index("→") < heading.index("2018")
        assert page.title() == f"{SERIES}: 2019 → 2018"
        assert page.watch.problems == []

    def test_pair_link_and_error_page(self, page: Any, server: str) -> None:
        """A consecutive-pair link opens 2018 → 2019; an unknown year shows a readable error."""
        page.goto(server)
        page.click("ul.pairs a >> nth=0")
        page.wait_for_url("**/pair?*")
        assert page.title() == f"{SERIES}: 2018 → 2019"
        response = page.goto(server + "pair?old=2017&new=2019")
        assert response is not None and response.status == 404
        assert page.text_content(".err .what") == (
            f"No 2017 report in series {SERIES}. Stored years: 2018, 2019."
        )
