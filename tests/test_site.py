"""The series site: pages written, linked and self-contained; rebuilds skip what did not change."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compare.cli import app
from compare.errors import InputError
from compare.metrics.chains import MetricChain, movers_first
from compare.models import Metric, Quantity
from compare.pipeline import ingest
from compare.render.labels import labels
from compare.series.site import MANIFEST_NAME, MANIFEST_SCHEMA, build_site
from compare.store.db import Store

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases" / "site_demo"
SHARED = ROOT.parent / "shared"
PAIR_FILES = ["2017-2018.html", "2018-2019.html"]
SERIES_FILES = ["timeline.html", "phrases.html", "trends.html", "index.html"]


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[Store, Path]]:
    """A store holding the constructed 2017-2019 series, its files copied to tmp."""
    src = tmp_path / "src"
    src.mkdir()
    for f in CASES.glob("*.txt"):
        shutil.copy(f, src / f.name)
    with Store(tmp_path / "s.db") as store:
        ingest(store, sorted(src.glob("*.txt")), series="demo")
        yield store, src


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.srcs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("href"):
            self.hrefs.append(a["href"] or "")
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if a.get("src"):
            self.srcs.append(a["src"] or "")


def parse(path: Path) -> _Links:
    p = _Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


class TestBuild:
    def test_writes_every_page(self, demo: tuple[Store, Path], tmp_path: Path) -> None:
        """A first build writes the pair pages, timeline, trends, index and the manifest."""
        store, _ = demo
        out = tmp_path / "site"
        result = build_site(store, "demo", out)
        assert list(result.written) == PAIR_FILES + SERIES_FILES
        assert result.skipped == ()
        assert sorted(p.name for p in out.iterdir()) == sorted(
            [*PAIR_FILES, *SERIES_FILES, MANIFEST_NAME]
        )
        manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
        assert manifest["schema"] == MANIFEST_SCHEMA

    def test_every_link_resolves_inside_the_site(
        self, demo: tuple[Store, Path], tmp_path: Path
    ) -> None:
        """Every href of every page points at a page of the site and, with #, at an id in it."""
        store, _ = demo
        out = tmp_path / "site"
        build_site(store, "demo", out, pairs=[(2017, 2019)])
        pages = {p.name: parse(p) for p in out.glob("*.html")}
        for name, page in pages.items():
            assert page.srcs == [], name
            for href in page.hrefs:
                if href.startswith("#"):
                    target, frag = name, href[1:]
                else:
                    target, _, frag = href.partition("#")
                assert target in pages, (name, href)
                assert not frag or frag in pages[target].ids, (name, href)

    def test_no_network_and_a_csp(self, demo: tuple[Store, Path], tmp_path: Path) -> None:
        """No page refers to http(s) resources, and each carries the no-fetch CSP."""
        store, _ = demo
        out = tmp_path / "site"
        build_site(store, "demo", out)
        for page in out.glob("*.html"):
            text = page.read_text(encoding="utf-8")
            assert "default-src 'none'" in text, page.name
            assert not re.search(r"""(src|href)=["']https?:""", text), page.name

    def test_index_heat_strip_links_consecutive_pairs(
        self, demo: tuple[Store, Path], tmp_path: Path
    ) -> None:
        """#heat has one link per consecutive pair; --pair pages are listed under #extra."""
        store, _ = demo
        out = tmp_path / "site"
        build_site(store, "demo", out, pairs=[(2017, 2019)])
        html = (out / "index.html").read_text(encoding="utf-8")
        heat = re.search(r'<div id="heat".*?</div>', html, re.S)
        assert heat is not None
        assert re.findall(r'href="([^"]+)"', heat.group()) == PAIR_FILES
        assert '<a href="2017-2019.html">2017 → 2019</a>' in html
        assert "compare OLD NEW --series demo" in html

    def test_deterministic(self, demo: tuple[Store, Path], tmp_path: Path) -> None:
        """Two builds into two folders give the same bytes."""
        store, _ = demo
        build_site(store, "demo", tmp_path / "a")
        build_site(store, "demo", tmp_path / "b")
        for page in (tmp_path / "a").iterdir():
            assert page.read_bytes() == (tmp_path / "b" / page.name).read_bytes(), page.name

    def test_progress_reports_each_page(self, demo: tuple[Store, Path], tmp_path: Path) -> None:
        """The progress callback is called once per page with a growing count."""
        store, _ = demo
        calls: list[tuple[int, int, str]] = []
        build_site(store, "demo", tmp_path / "s", progress=lambda d, t, w: calls.append((d, t, w)))
        assert [(d, t) for d, t, _ in calls] == [(k, 6) for k in range(1, 7)]
        assert calls[0][2] == "2017→2018"

    def test_bad_pair_is_refused(self, demo: tuple[Store, Path], tmp_path: Path) -> None:
        """A --pair naming a year not stored is an InputError listing the stored years."""
        store, _ = demo
        with pytest.raises(InputError) as err:
            build_site(store, "demo", tmp_path / "s", pairs=[(2016, 2019)])
        assert err.value.what == (
            "--pair 2016:2019: no 2016 report in series demo. Stored years: 2017, 2018, 2019."
        )


    def test_one_year_builds_a_site(self, demo: tuple[Store, Path], tmp_path: Path) -> None:
        """A series of one stored year still gets index, timeline and an empty trends page."""
        _, src = demo
        with Store(tmp_path / "one.db") as store:
            ingest(store, [src / "2019.txt"], series="demo")
            result = build_site(store, "demo", tmp_path / "one")
        assert list(result.written) == SERIES_FILES
        trends = (tmp_path / "one" / "trends.html").read_text(encoding="utf-8")
        assert labels("zh-Hans")["no_chains"] in trends  # a Chinese series: its words
        assert (tmp_path / "one" / MANIFEST_NAME).is_file()


class TestRebuild:
    def test_second_build_renders_nothing(self, demo: tuple[Store, Path], tmp_path: Path) -> None:
        """With the same reports, templates and version, a rebuild skips every page."""
        store, _ = demo
        out = tmp_path / "site"
        build_site(store, "demo", out)
        before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.html")}
        again = build_site(store, "demo", out)
        assert again.written == ()
        assert sorted(again.skipped) == sorted(PAIR_FILES + SERIES_FILES)
        assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.html")} == before

    def test_changed_report_renders_only_its_pairs(
        self, demo: tuple[Store, Path], tmp_path: Path
    ) -> None:
        """Changing 2019 re-renders 2018-2019 and the series pages, not 2017-2018."""
        store, src = demo
        out = tmp_path / "site"
        build_site(store, "demo", out)
        f = src / "2019.txt"
        f.write_text(f.read_text(encoding="utf-8") + "各位代表！\n", encoding="utf-8")
        ingest(store, [f], series="demo")
        result = build_site(store, "demo", out)
        assert result.written == ("2018-2019.html", *SERIES_FILES)
        assert result.skipped == ("2017-2018.html",)

    def test_edited_page_is_rebuilt(self, demo: tuple[Store, Path], tmp_path: Path) -> None:
        """A page changed or deleted on disk is written again, even with the same inputs."""
        store, _ = demo
        out = tmp_path / "site"
        build_site(store, "demo", out)
        (out / "2017-2018.html").write_text("edited", encoding="utf-8")
        (out / "timeline.html").unlink()
        result = build_site(store, "demo", out)
        assert result.written == ("2017-2018.html", "timeline.html")

    def test_unreadable_manifest_means_full_build(
        self, demo: tuple[Store, Path], tmp_path: Path
    ) -> None:
        """A corrupt manifest is ignored: everything is rendered again."""
        store, _ = demo
        out = tmp_path / "site"
        build_site(store, "demo", out)
        (out / MANIFEST_NAME).write_text("{not json", encoding="utf-8")
        assert len(build_site(store, "demo", out).written) == 6


    def test_pages_no_longer_built_are_removed(
        self, demo: tuple[Store, Path], tmp_path: Path
    ) -> None:
        """A --pair page of an earlier build goes when the rebuild no longer asks for it."""
        store, _ = demo
        out = tmp_path / "site"
        build_site(store, "demo", out, pairs=[(2017, 2019)])
        assert (out / "2017-2019.html").is_file()
        (out / "notes.html").write_text("mine", encoding="utf-8")
        build_site(store, "demo", out)
        assert not (out / "2017-2019.html").exists()
        assert (out / "notes.html").read_text(encoding="utf-8") == "mine"

    def test_other_series_name_rebuilds_every_page(
        self, demo: tuple[Store, Path], tmp_path: Path
    ) -> None:
        """The same reports under another series name re-render every page that shows it."""
        store, src = demo
        out = tmp_path / "site"
        build_site(store, "demo", out)
        with Store(tmp_path / "renamed.db") as other:
            ingest(other, sorted(src.glob("*.txt")), series="renamed")
            result = build_site(other, "renamed", out)
        assert list(result.written) == PAIR_FILES + SERIES_FILES
        for page in out.glob("*.html"):
            assert ">demo<" not in page.read_text(encoding="utf-8"), page.name


class TestEscaping:
    def test_hostile_title_escaped_on_index_and_timeline(self, tmp_path: Path) -> None:
        """A <script> section title (timeline) and series name (both) appear as text."""
        evil = '<script>alert("x")</script>\'"'
        src = tmp_path / "src"
        src.mkdir()
        for y in (2018, 2019):
            (src / f"{y}.txt").write_text(
                f"{evil}{y}\n一、{evil}\n正文内容，年年相同。\n二、其他工作\n其他内容。\n",
                encoding="utf-8",
            )
        with Store(tmp_path / "s.db") as store:
            ingest(store, sorted(src.glob("*.txt")), series=evil)
            build_site(store, evil, tmp_path / "site")
        for name in ("index.html", "timeline.html"):
            html = (tmp_path / "site" / name).read_text(encoding="utf-8")
            assert "<script>" not in html, name
            assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&#39;&#34;" in html, name


def chain(label: str, *values: str | None) -> MetricChain:
    def m(v: str) -> Metric:
        return Metric(label, "level", False, "1", Quantity(v, "%", v + "%", 1, v))

    return MetricChain(
        label,
        "%",
        "level",
        tuple((2017 + k, m(v) if v else None) for k, v in enumerate(values)),
    )


class TestMovers:
    def test_biggest_relative_change_first(self) -> None:
        """Chains are ordered by |last - first| / |first|; unmeasurable ones come last."""
        chains = [
            chain("a", "10", "11"),
            chain("b", "6-7", None, "3"),
            chain("c", "5"),
            chain("d", "2", "4"),
        ]
        assert [c.label for c in movers_first(chains)] == ["d", "b", "a", "c"]


class TestCli:
    def test_site_then_rebuild(self, demo: tuple[Store, Path], tmp_path: Path) -> None:
        """`compare site` writes the site and says how much it skipped on a second run."""
        store, _ = demo
        db = str(store.path)
        out = tmp_path / "site"
        first = CliRunner().invoke(app, ["site", "--db", db, "--output", str(out)])
        assert first.exit_code == 0, first.output
        assert "demo: 3 years, 2 pair pages; 6 pages written, 0 unchanged." in first.output
        second = CliRunner().invoke(
            app, ["site", "--db", db, "-o", str(out), "--pair", "2017:2019"]
        )
        assert "demo: 3 years, 3 pair pages; 2 pages written, 5 unchanged." in second.output
        assert (out / "2017-2019.html").is_file()

    def test_bad_pair_option(self, demo: tuple[Store, Path], tmp_path: Path) -> None:
        """--pair without two years exits 2 with the fix, no traceback."""
        store, _ = demo
        result = CliRunner().invoke(app, ["site", "--db", str(store.path), "--pair", "2017"])
        assert result.exit_code == 2
        assert "Error: --pair '2017' is not two years." in result.output
        assert "Traceback" not in result.output


@pytest.mark.slow
class TestCorpus:
    def test_cn_gwr_site(self, tmp_path: Path, cn_gwr_db: Path, cn_gwr_site: Path) -> None:
        """cn-gwr builds: all 7 consecutive pairs (1995-2014 too), GDP growth trend, a rebuild
        that skips everything."""
        # The site of the run (conftest's cn_gwr_site, the same build_site call), rebuilt here
        # on a copy: it writes nothing and names the same pairs as the first build.
        out = tmp_path / "site"
        shutil.copytree(cn_gwr_site, out)
        with Store(cn_gwr_db, readonly=True) as store:
            result = build_site(store, "cn-gwr", out)
            assert result.written == ()
            assert all((out / p.file).is_file() for p in result.pairs)
            assert [(p.old, p.new) for p in result.pairs] == [
                (1994, 1995),
                (1995, 2014),
                (2014, 2015),
                (2015, 2016),
                (2016, 2017),
                (2017, 2018),
                (2018, 2019),
            ]
            trends = (out / "trends.html").read_text(encoding="utf-8")
            row = re.search(
                r"<tr id=\"c\d+\">\s*<td[^>]*>\d+</td>\s*<td class=\"label[^\"]*\">"
                r"国内生产总值增长</td>(?:(?!</tr>).)*6\.6%",
                trends,
                re.S,
            )
            assert row is not None
            timeline = (out / "timeline.html").read_text(encoding="utf-8")
            for kind in ("introduced", "dropped", "renamed", "split"):
                assert f"ev-{kind}" in timeline, kind
