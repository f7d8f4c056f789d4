"""The pair page printed by a real browser: Debian's chromium through Playwright, and
``compare OLD NEW --format pdf`` through headless chromium.

The sample's page (written by ``compare 2018 2019``) is printed to PDF and the PDF's text is read
back with pypdfium2 (PDFium, the project's own PDF reader: 0.1 s a printout where pypdf took
2 s). Skipped, with the reason, where no chromium is installed.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from browser_support import REPO, find_chromium
from test_browser import cli

from compare.render.labels import labels

pytestmark = pytest.mark.skipif(
    find_chromium() is None,
    reason="chromium is not installed (apt-get install chromium); browser tests need it",
)

REPORTS = REPO / "reports"
HEADER = "2018恩平市2018年法治政府建设情况报告→2019恩平市2019年法治政府建设情况报告"
# What the toolbar, the contents pane and the key help say on screen (the sample is Chinese, so
# its page is labelled in Chinese).
L = labels("zh-Hans")
SCREEN_ONLY = (L["prev"], L["next"], L["view"], L["width"], L["keys_label"])


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(folder with the sample's store, pair page): what `compare 2018 2019` writes."""
    folder = tmp_path_factory.mktemp("print")
    cli("ingest", str(REPORTS / "2018.txt"), str(REPORTS / "2019.txt"), "--db", "s.db",
        cwd=folder)  # fmt: skip
    cli("2018", "2019", "--db", "s.db", "--no-ingest", "--output", "pair.html", cwd=folder)
    return folder, folder / "pair.html"


def pages_text(data: bytes) -> list[str]:
    """Each page's text layer, lines split on any line break, compatibility forms folded (a
    PDF's text may write 一 as the radical ⼀)."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        texts = []
        for page in pdf:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return [unicodedata.normalize("NFKC", "\n".join(text.splitlines())) for text in texts]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def printed_pages(browser: Any, sample: tuple[Path, Path]) -> list[str]:
    """The sample page's pages as printed (A4, from its own CSS), printed once for the module."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(sample[1].as_uri())
        return pages_text(page.pdf(prefer_css_page_size=True))
    finally:
        context.close()


@pytest.fixture
def printed(page: Any, sample: tuple[Path, Path],
            printed_pages: list[str]) -> tuple[Any, list[str]]:
    """The sample page loaded on screen, and its pages as printed."""
    page.goto(sample[1].as_uri())
    return page, printed_pages


class TestPrintedPage:
    def test_no_toolbar_text(self, printed: tuple[Any, list[str]]) -> None:
        """The toolbar, contents and key help are on screen but nowhere in the PDF."""
        page, pages = printed
        screen = page.inner_text("body")
        for text in SCREEN_ONLY:
            assert text in screen, text
            assert not [k for k, p in enumerate(pages) if text in p], text
        assert page.watch.problems == []

    def test_running_header(self, printed: tuple[Any, list[str]]) -> None:
        """Every page is headed with both years and titles, and its number of the total."""
        _, pages = printed
        for k, text in enumerate(pages, start=1):
            head = text.splitlines()[0]
            assert squeeze(head) == squeeze(f"{HEADER} {k} / {len(pages)}")

    def test_each_part_starts_a_page(self, printed: tuple[Any, list[str]]) -> None:
        """Every top-level part (and the metric table) begins at the top of a page."""
        page, pages = printed
        parts = page.eval_on_selector_all(
            'section.entry[data-level="1"] .idx', "els => els.map(e => e.textContent)"
        )
        assert len(parts) == 3 and parts[0] == "#2"  # 一、二、三 of both years
        tops = [text.splitlines()[1] for text in pages]
        for idx in parts:
            assert [t for t in tops if t.startswith(idx + " ")], idx
        assert [t for t in tops if t.startswith(L["metric_changes"])]

    def test_both_years_side_by_side(self, printed: tuple[Any, list[str]]) -> None:
        """Both years' columns print side by side, each line labelled with its year."""
        page, pages = printed
        # The PDF's text layer spaces CJK text and may write 行 as its Kangxi radical form.
        flat = [unicodedata.normalize("NFKC", squeeze(p)) for p in pages]
        assert any("2018年第13行" in p and "2019年第8行" in p for p in flat)
        page.emulate_media(media="print")
        columns = page.eval_on_selector(
            ".diff.sbs .row", "el => getComputedStyle(el).gridTemplateColumns"
        )
        assert len(columns.split()) == 2

    def test_changes_without_colour(self, printed: tuple[Any, list[str]]) -> None:
        """Printed, deletions are struck through and insertions underlined."""
        page, _ = printed
        page.emulate_media(media="print")
        lines = page.evaluate(
            "() => ['del', 'ins'].map(t =>"
            " getComputedStyle(document.querySelector(t)).textDecorationLine)"
        )
        assert lines == ["line-through", "underline"]


class TestPdfCommand:
    def test_writes_pdf(self, sample: tuple[Path, Path]) -> None:
        """`compare 2018 2019 --format pdf -o F` prints the page through headless chromium."""
        folder = sample[0]
        cli("2018", "2019", "--db", "s.db", "--no-ingest", "--format", "pdf", "-o", "p.pdf",
            cwd=folder)  # fmt: skip
        data = (folder / "p.pdf").read_bytes()
        assert data.startswith(b"%PDF-")
        pages = pages_text(data)
        assert all(squeeze(p).startswith(HEADER) for p in pages)
        assert not [t for t in SCREEN_ONLY if any(t in p for p in pages)]
        assert [p for p in pages if p.splitlines()[1].startswith(L["metric_changes"])]
