"""The series site in the reports' language: a Chinese series' pages show no English word of
ours, an English series' pages stay as they were, and the words come from ``render.labels``.

The Chinese series is the constructed tests/cases/site_demo (2017-2019); the English one is
tests/cases/site_english (2017-2019, written for these tests). The English pages are kept as
golden snapshots (regenerate with ``UPDATE_GOLDEN=1 pytest tests/test_site_lang.py``).
"""

from __future__ import annotations

import os
import re
import shutil
import string
from collections.abc import Callable
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from compare import __version__
from compare.pipeline import compare_reports, ingest, load_report
from compare.render import (
    SITE_PAGES,
    render_index,
    render_timeline,
    render_trace,
    render_trends,
)
from compare.render.labels import STATUS_LABELS, labels, literal_labels, period_text
from compare.series.expressions import NewBasis, Vocabulary, build_vocabulary, year_phrases
from compare.series.site import SitePair, SiteYear, build_site
from compare.series.timeline import build_timeline, trace_section
from compare.store.db import Store

CASES = Path(__file__).resolve().parent / "cases"
CHINESE = CASES / "site_demo"
ENGLISH = CASES / "site_english"
SERIES_PAGES = ("index.html", "timeline.html", "trends.html", "phrases.html", "trace.html")
# Words of ours a Chinese page may show: the tool's name, the hash's name, and the keys the
# pair page's shortcuts name (j/n, k/p, v).
ALLOWED = {"compare", "sha", "PDF", "j", "n", "k", "p", "v"}
_WORD = re.compile(r"[A-Za-z]+")


class _Visible(HTMLParser):
    """What a reader sees or hears of a page: text outside <style>, <script> and <code> (command
    lines), with the title, aria-label and alt attributes; and the <html lang> and nav labels."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 0
        self.texts: list[str] = []
        self.lang = ""
        self.in_nav = False
        self.nav: list[str] = []
        self.aria: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang") or ""
        if tag in ("style", "script", "code"):
            self.hidden += 1
        if tag == "nav" and a.get("id") == "site-nav":
            self.in_nav = True
        for name in ("title", "aria-label", "alt"):
            if a.get(name):
                self.texts.append(a[name] or "")
        if a.get("aria-label"):
            self.aria.append(a["aria-label"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "code"):
            self.hidden -= 1
        if tag == "nav":
            self.in_nav = False

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.texts.append(data)
        if self.in_nav and data.strip(" ·"):
            self.nav.append(data)


def visible(page: str) -> _Visible:
    parser = _Visible()
    parser.feed(page)
    return parser


def foreign_words(page: str, report_words: set[str]) -> set[str]:
    """The Latin-letter words a page shows that are neither the reports' own nor allowed."""
    words = {w for text in visible(page).texts for w in _WORD.findall(text)}
    return words - report_words - ALLOWED


def report_words(folder: Path, series: str) -> set[str]:
    """Every Latin-letter word of the series' source files and its name: report text."""
    text = " ".join(f.read_text(encoding="utf-8") for f in sorted(folder.glob("*.txt")))
    return set(_WORD.findall(text + " " + series))


@dataclass(frozen=True)
class Site:
    folder: Path
    pages: dict[str, str]


def _build(tmp: Path, source: Path, series: str, years: tuple[int, ...], trace: str) -> Site:
    """The site of ``years`` of a constructed series, with the trace page of section ``trace``."""
    src = tmp / "src"
    src.mkdir()
    for year in years:
        shutil.copy(source / f"{year}.txt", src / f"{year}.txt")
    out = tmp / "site"
    with Store(tmp / "s.db") as store:
        ingest(store, sorted(src.glob("*.txt")), series=series)
        build_site(store, series, out)
        reports = [load_report(store, series, y) for y in years]
    pages = {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.html")}
    if len(reports) > 1:
        comparisons = [compare_reports(a, b) for a, b in zip(reports, reports[1:], strict=False)]
        pages["trace.html"] = render_trace(trace_section(comparisons, trace))
    return Site(out, pages)


@pytest.fixture(scope="module")
def chinese(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The site of the constructed Chinese series, 2017-2019."""
    return _build(tmp_path_factory.mktemp("zh"), CHINESE, "demo", (2017, 2018, 2019), "1")


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The site of the constructed English series, 2017-2019."""
    return _build(
        tmp_path_factory.mktemp("en"), ENGLISH, "budget-demo", (2017, 2018, 2019), "SPENDING"
    )


@pytest.fixture(scope="module")
def gap(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The Chinese series with 2018 not stored: one pair, two years apart."""
    return _build(tmp_path_factory.mktemp("gap"), CHINESE, "demo", (2017, 2019), "1")


class TestChineseSite:
    def test_no_english_word_of_ours_on_the_series_pages(self, chinese: Site) -> None:
        """Index, timeline, trends, expressions and trace pages show no English word of ours."""
        words = report_words(CHINESE, "demo")
        for name in SERIES_PAGES:
            assert foreign_words(chinese.pages[name], words) == set(), name

    def test_every_page_is_marked_chinese(self, chinese: Site) -> None:
        """Every page of the site, pair pages included, says lang="zh-Hans"."""
        assert {n: visible(p).lang for n, p in chinese.pages.items()} == dict.fromkeys(
            chinese.pages, "zh-Hans"
        )

    def test_navigation_in_chinese_on_every_site_page(self, chinese: Site) -> None:
        """The bar of links, its label and the pair page's toolbar and contents are Chinese."""
        for name, page in chinese.pages.items():
            if name == "trace.html":
                continue  # a trace stands alone: no bar
            seen = visible(page)
            assert seen.nav == ["首页", "章节时间线", "数据走势", "表述"], name
            assert "网站导航" in seen.aria, name
            if re.fullmatch(r"\d{4}-\d{4}\.html", name):
                assert {"工具栏", "目录"} <= set(seen.aria), name

    def test_index_counts_and_years_are_written_the_chinese_way(self, chinese: Site) -> None:
        """The heading counts the reports and names the years; chips name status, then count."""
        page = chinese.pages["index.html"]
        assert "<h1>共3份报告，2017–2019年</h1>" in page
        assert "<title>demo：2017–2019年</title>" in page
        chips = re.findall(r'<span class="chip st-(\w+)">([^<]*)</span>', page)
        assert chips, "the pair table lists section counts"
        for status, text in chips:
            label, count = text.split(" ")
            assert label == STATUS_LABELS["zh-Hans"][status] and count.isdigit(), text

    def test_a_gap_is_counted_in_years(self, gap: Site) -> None:
        """A pair two years apart says so in Chinese, in the strip and in the table."""
        page = gap.pages["index.html"]
        assert 'title="2017 → 2019：两年文字有' in page
        assert '相同（相隔2年）"' in page
        assert "<small>（相隔2年）</small>" in page
        assert foreign_words(page, report_words(CHINESE, "demo")) == set()

    def test_expressions_note_words_the_gap(self, gap: Site) -> None:
        """The pair page's expressions note says in Chinese which year is not stored."""
        assert (
            "2018年未存储：当时首次使用的表述会显示为2019年的新表述。"
            in gap.pages["2017-2019.html"]
        )

    def test_one_stored_year_says_so_in_chinese(self, tmp_path: Path) -> None:
        """With one year stored, the index says there is nothing to compare yet, in Chinese, and
        names the one year once; the empty timeline and trends pages are Chinese too."""
        site = _build(tmp_path, CHINESE, "demo", (2019,), "1")
        page = site.pages["index.html"]
        assert "<h1>共1份报告，2019年</h1>" in page
        assert labels("zh-Hans")["one_year"] in page
        for name in ("index.html", "phrases.html", "timeline.html", "trends.html"):
            assert foreign_words(site.pages[name], report_words(CHINESE, "demo")) == set(), name
            assert visible(site.pages[name]).lang == "zh-Hans", name

    def test_empty_pages_in_the_language_given(self) -> None:
        """A timeline or trends page with nothing on it (one stored year) has no words to read
        the language from: given it, it is Chinese throughout; not given, English."""
        words = report_words(CHINESE, "demo")
        timeline = build_timeline("demo", [])
        given = render_timeline(timeline, {}, lang="zh-Hans")
        assert visible(given).lang == "zh-Hans" and foreign_words(given, words) == set()
        assert labels("zh-Hans")["no_timeline"] in given
        trends = render_trends([], "demo", nav=SITE_PAGES, lang="zh-Hans")
        assert visible(trends).lang == "zh-Hans" and foreign_words(trends, words) == set()
        assert visible(render_trends([], "demo")).lang == "en"


class TestEnglishSite:
    def test_series_pages_match_the_snapshots(self, english: Site) -> None:
        """The English index, timeline, trends, expressions and trace pages are byte for byte
        the stored ones (the words of the pages before they came from labels)."""
        if os.environ.get("UPDATE_GOLDEN") == "1":
            for name in SERIES_PAGES:
                golden = ENGLISH / name.replace(".html", ".golden.html")
                golden.write_bytes(english.pages[name].encode("utf-8"))
        for name in SERIES_PAGES:
            golden = ENGLISH / name.replace(".html", ".golden.html")
            assert golden.read_bytes() == english.pages[name].encode("utf-8"), name

    def test_every_page_is_marked_english(self, english: Site) -> None:
        """Every page of the English site, the expressions page included, says lang="en"."""
        assert {n: visible(p).lang for n, p in english.pages.items()} == dict.fromkeys(
            english.pages, "en"
        )

    def test_every_page_names_the_version(self, english: Site) -> None:
        """Every page's generator is ``compare`` with its version."""
        for name, page in english.pages.items():
            assert f'<meta name="generator" content="compare {__version__}">' in page, name


class TestLabels:
    def test_both_languages_have_every_word(self) -> None:
        """Every label exists in English and in Chinese."""
        assert labels("en").keys() == labels("zh-Hans").keys()

    def test_placeholders_agree(self) -> None:
        """A label fills in the same values in both languages."""

        def fields(text: str) -> set[str]:
            return {name for _, name, _, _ in string.Formatter().parse(text) if name}

        en, zh = labels("en"), labels("zh-Hans")
        assert {k: fields(v) for k, v in en.items()} == {k: fields(v) for k, v in zh.items()}

    def test_chinese_labels_hold_no_latin_word(self) -> None:
        """A Chinese label's only Latin words are its placeholders and the keys it names."""
        for key, text in labels("zh-Hans").items():
            if key in ("lang", "generator", "set_by_hand_title"):
                continue  # the language code, the tool's name, a command name
            bare = re.sub(r"\{\w+\}", "", text)
            assert set(_WORD.findall(bare)) <= ALLOWED, (key, text)

    @pytest.mark.parametrize(
        ("period", "zh"),
        [
            ("5 years", "5年"),
            ("3-5 years", "3-5年"),
            ("several years", "多年"),
            ("since 2013", "2013年以来"),
            ("8 months", "8个月"),
            ("quarter", "季度"),
            ("month", "月度"),
            ("fiscal", "fiscal"),
        ],
    )
    def test_period_in_chinese(self, period: str, zh: str) -> None:
        """A metric's period reads as a Chinese reader writes it; English keeps it as named."""
        assert period_text(period, "zh-Hans") == zh
        assert period_text(period, "en") == period


class TestEscaping:
    def test_index_escapes_series_and_titles(self) -> None:
        """A series name and a title holding markup or quotes reach the index escaped, in either
        language."""
        years = [
            SiteYear(2018, "<b>二〇一八</b>年报告", 3, 4, "a" * 64),
            SiteYear(2019, "2019年“报告”'s", 3, 4, "b" * 64),
        ]
        pair = SitePair(2018, 2019, "2018-2019.html", 0.5, True, (("changed", 2),))
        page = render_index("x<i>'y", years, [pair], command="compare 2018 2019 --series x")
        assert "<i>" not in page and "<b>" not in page
        assert "<title>x&lt;i&gt;&#39;y：2018–2019年</title>" in page
        assert "&lt;b&gt;二〇一八&lt;/b&gt;年报告" in page

    def test_trace_escapes_the_query(self, tmp_path: Path) -> None:
        """The words a user typed to name the section are escaped inside the Chinese note."""
        with Store(tmp_path / "s.db") as store:
            ingest(store, sorted(CHINESE.glob("*.txt")), series="demo")
            reports = [load_report(store, "demo", y) for y in (2017, 2018, 2019)]
        pairs = zip(reports, reports[1:], strict=False)
        trace = trace_section([compare_reports(a, b) for a, b in pairs], "1")
        page = render_trace(replace(trace, query='<script>"1"</script>'))
        assert "<script>" not in page
        assert "按“&lt;script&gt;&#34;1&#34;&lt;/script&gt;”找到的章节" in page

    def test_labels_are_markup_only_where_the_template_wrote_them(self) -> None:
        """Literal labels keep our quotes as written but escape what is filled in."""
        words = literal_labels("en")
        assert str(words["to_timeline"]).startswith(": each section's")
        assert words["shared"].format(pct="<1%>") == "&lt;1%&gt; shared"


class TestNewBasis:
    @pytest.fixture
    def vocabulary_of(
        self, store: Store, tmp_path: Path
    ) -> Callable[[tuple[int, ...]], Vocabulary]:
        """The vocabulary of some years of the constructed Chinese series."""

        def make(years: tuple[int, ...]) -> Vocabulary:
            for year in years:
                shutil.copy(CHINESE / f"{year}.txt", tmp_path / f"{year}.txt")
            ingest(store, [tmp_path / f"{y}.txt" for y in years], series="demo")
            return build_vocabulary([load_report(store, "demo", y) for y in years])

        return make

    def test_a_year_after_a_gap(
        self, vocabulary_of: Callable[[tuple[int, ...]], Vocabulary]
    ) -> None:
        """After an unstored year the facts name the years before, the first new year and the
        gap, and the English note words them as ``compare phrases`` always has."""
        found = year_phrases(vocabulary_of((2017, 2019)), 2019)
        assert found.basis == NewBasis("demo", 2019, (2017,), 2019, (2018, 2018))
        assert found.note == (
            "New means used in none of the 1 stored year before 2019 (2017); new expressions "
            "are measured from 2019 on. 2018 not stored: an expression first used then shows "
            "as new in 2019."
        )

    def test_the_first_year(self, vocabulary_of: Callable[[tuple[int, ...]], Vocabulary]) -> None:
        """The first stored year has nothing before it and names the year new starts from."""
        found = year_phrases(vocabulary_of((2017, 2018, 2019)), 2017)
        assert found.basis == NewBasis("demo", 2017, (), 2018, None)
        assert found.note.endswith("New expressions are measured from 2018 on.")

    def test_gap_text(self) -> None:
        """The unstored years read as one year or a range; none reads as nothing."""
        assert NewBasis("s", 2014, (1994, 1995), 1995, (1996, 2013)).gap_text == "1996–2013"
        assert NewBasis("s", 2004, (2002,), 2004, (2003, 2003)).gap_text == "2003"
        assert NewBasis("s", 2003, (2002,), 2003, None).gap_text == ""
        assert "1996–2013 not stored" in NewBasis("s", 2014, (1994, 1995), 1995, (1996, 2013)).note
