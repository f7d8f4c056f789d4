"""Expressions across a series (issue 19): text pieces, new and dropped expressions, keywords,
the command, the documents and the pages."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import REPORTS
from typer.testing import CliRunner

from compare.cli import app
from compare.pipeline import compare_years, ingest, load_report
from compare.render import render_html
from compare.render.phrases import expression_anchor, render_phrases
from compare.series import expressions
from compare.series.expressions import (
    Expression,
    build_vocabulary,
    series_phrases,
    year_phrases,
)
from compare.series.phrasedocs import (
    PHRASES_SCHEMA,
    phrases_csv,
    phrases_json,
    series_vocabulary,
)
from compare.store import Store
from compare.textkit.phrases import (
    clauses,
    is_function_word,
    is_numberish,
    number_shape,
    occurrences,
    phrase_pattern,
    quoted,
    shape_count,
)
from compare.textkit.words import token_keys

# --- a deterministic synthetic series ---------------------------------------------------------

# Each introduced expression: (the year it first appears, the year it is gone or None), and
# whether the writer quotes it. None of them is in the base report.
INTRODUCED = {
    "数字孪生城市": (2002, 2005, False),
    "一网通办": (2002, None, True),
    "碳达峰行动方案": (2003, None, False),
    "智慧法院建设": (2003, 2005, False),
    "首违不罚": (2004, None, True),
}
SYNTH_YEARS = (2001, 2002, 2003, 2004, 2005)
# A numbered phrase whose number changes: 第一批试点 (2002) then 第二批试点 (2003) is no new
# expression in 2003.
NUMBERED = {2002: "第一批试点", 2003: "第二批试点"}


def synthetic_series(folder: Path) -> dict[int, Path]:
    """The sample 2019 report (reports/2019.txt) as year 2001, and edited copies 2002-2005 that
    introduce and drop the expressions of INTRODUCED: each year a present expression is used in
    two sentences spread over the report, a quoted one once, in quotation marks."""
    base = (REPORTS / "2019.txt").read_text(encoding="utf-8")
    paragraphs = base.split("\n")
    # Insert after paragraphs that hold prose (long lines), spread over the report.
    anchors = [k for k, p in enumerate(paragraphs) if len(p) > 80][:12]
    files = {}
    for year in SYNTH_YEARS:
        lines = list(paragraphs)
        extra: list[str] = []
        for phrase, (first, gone, quotes) in INTRODUCED.items():
            if year < first or (gone is not None and year >= gone):
                continue
            if quotes:
                extra.append(f"全面推行“{phrase}”，群众办事更加便利。")
            else:
                extra.append(f"全市加快推进{phrase}，取得明显成效。")
                extra.append(f"下一步将完善{phrase}配套措施。")
        if year in NUMBERED:
            extra.append(f"我市入选{NUMBERED[year]}名单。")
        for k, sentence in enumerate(extra):
            at = anchors[k % len(anchors)]
            lines[at] = lines[at] + sentence
        text = "\n".join(lines).replace("2019年", f"{year}年")
        path = folder / f"{year}.txt"
        path.write_text(text, encoding="utf-8")
        files[year] = path
    return files


@pytest.fixture(scope="module")
def synth_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store file holding the synthetic series (series "synth"), built once for the module."""
    folder = tmp_path_factory.mktemp("synth")
    files = synthetic_series(folder)
    with Store(folder / "s.db") as store:
        ingest(store, list(files.values()), series="synth")
    return folder / "s.db"


@pytest.fixture
def synth(synth_db: Path, store_path: Path) -> Iterator[Store]:
    """A store of the test's own holding the synthetic series (a copy of ``synth_db``)."""
    shutil.copy(synth_db, store_path)
    with Store(store_path) as store:
        yield store


def _texts(found: tuple[Expression, ...]) -> list[str]:
    return [e.text for e in found]


# --- textkit ----------------------------------------------------------------------------------


class TestTextPieces:
    def test_function_words_and_enumerators(self) -> None:
        """Particles, enumerators and English stop words are function words; topics are not."""
        for word in ("的", "和", "一是", "第三", "the", "of"):
            assert is_function_word(word), word
        for word in ("改革", "常态", "tax", "新"):
            assert not is_function_word(word), word

    def test_numberish(self) -> None:
        """Numbers with at most a classifier are numberish; words that hold a numeral are not."""
        for word in ("十三五", "三大", "五年", "第三", "两个", "three", "iii", "2019"):
            assert is_numberish(word), word
        for word in ("统一", "一带", "万众", "重点", "civil"):
            assert not is_numberish(word), word

    def test_number_shape(self) -> None:
        """A new number makes no new shape, in Chinese numerals, digits or English words."""
        assert number_shape("十三五规划") == number_shape("十二五规划") == "#规划"
        assert number_shape("2019年") == number_shape("2018年")
        assert number_shape("five years") == number_shape("ten years") == "# years"

    def test_clauses_stop_at_punctuation_and_digits(self) -> None:
        """A clause never spans a comma or a figure; Latin words keep their spaces."""
        runs = clauses("推动高质量发展，增长6.5%左右。fiscal year policy")
        keys = [[w.key for w in run] for run in runs]
        assert ["推动", "高质量", "发展"] in keys
        assert ["fiscal", "year", "policy"] in keys
        assert all("6" not in k for run in keys for k in run)

    def test_quoted_terms(self) -> None:
        """Short quoted terms are found; a quoted sentence (with a comma) is not."""
        text = "深化“放管服”改革，坚持“两个毫不动摇”。他说“我们要改革，要发展”。"
        found = [text[a:b] for a, b in quoted(text, max_chars=16)]
        assert found == ["放管服", "两个毫不动摇"]

    def test_reader_counts(self) -> None:
        """Counts are occurrences in the text; Latin words whole, numerals as any number."""
        assert shape_count("tax taxes tax", "tax") == 2
        text = "十三五规划和十四五规划"
        assert [text[a:b] for a, b in occurrences(text, "#规划")] == ["十三五规划", "十四五规划"]

    @given(
        st.text(alphabet="改革开放创新，。a1 ", max_size=60),
        st.text(alphabet="改革开放创新，。a1 #", min_size=1, max_size=4),
    )
    def test_occurrences_as_the_pattern_finds(self, text: str, key: str) -> None:
        """Keys found without a pattern (no numeral slot, space or letter) match what the
        pattern finds, and so do the others."""
        expected = [m.span() for m in phrase_pattern(key).finditer(text)]
        assert occurrences(text, key, folded=text) == expected


# --- the synthetic series -----------------------------------------------------------------------


class TestSyntheticSeries:
    def test_introduced_are_new_in_their_year(self, synth: Store) -> None:
        """Every introduced expression is listed as new in the year it first appears."""
        v = series_vocabulary(synth, "synth")
        for phrase, (first, _gone, quotes) in INTRODUCED.items():
            found = year_phrases(v, first, top=0)
            assert phrase in _texts(found.new), (phrase, first, _texts(found.new)[:40])
            entry = next(e for e in found.new if e.text == phrase)
            assert entry.first_year == first
            assert entry.quoted == quotes
            assert phrase in entry.sentence

    def test_not_new_in_later_years(self, synth: Store) -> None:
        """An expression is new once: not in the year after it was introduced."""
        v = series_vocabulary(synth, "synth")
        for phrase, (first, gone, _q) in INTRODUCED.items():
            later = first + 1
            if gone is None or later < gone:
                assert phrase not in _texts(year_phrases(v, later, top=0).new), phrase

    def test_dropped_in_the_year_they_vanish(self, synth: Store) -> None:
        """Every vanished expression is dropped in that year, with its count the year before."""
        v = series_vocabulary(synth, "synth")
        for phrase, (_first, gone, quotes) in INTRODUCED.items():
            if gone is None:
                continue
            found = year_phrases(v, gone, top=0)
            assert found.previous == gone - 1
            assert phrase in _texts(found.dropped), (phrase, _texts(found.dropped)[:40])
            entry = next(e for e in found.dropped if e.text == phrase)
            assert entry.year == gone - 1 and entry.count == (1 if quotes else 2)

    def test_only_a_new_number_is_not_new(self, synth: Store) -> None:
        """第二批试点 after 第一批试点 is not a new expression."""
        v = series_vocabulary(synth, "synth")
        assert not any("试点" in e.text for e in year_phrases(v, 2003, top=0).new)

    def test_first_year_has_nothing_new_and_says_so(self, synth: Store) -> None:
        """The first stored year lists nothing new and names the year new is measured from."""
        found = year_phrases(series_vocabulary(synth, "synth"), 2001)
        assert found.new == () and found.dropped == ()
        assert found.note == (
            "2001 is the first stored year of synth: nothing can be new or dropped against an "
            "earlier year. New expressions are measured from 2002 on."
        )

    def test_ingesting_an_earlier_year_changes_the_answer(
        self, store: Store, tmp_path: Path
    ) -> None:
        """碳达峰行动方案 is new in 2004 while 2003 is not stored, and no longer once it is."""
        files = synthetic_series(tmp_path)
        ingest(store, [files[2002], files[2004]], series="synth")
        before = year_phrases(series_vocabulary(store, "synth"), 2004, top=0)
        assert "碳达峰行动方案" in _texts(before.new)
        assert "2003 not stored" in before.note
        ingest(store, [files[2003]], series="synth")
        after = year_phrases(series_vocabulary(store, "synth"), 2004, top=0)
        assert "碳达峰行动方案" not in _texts(after.new)
        assert "碳达峰行动方案" in _texts(year_phrases(series_vocabulary(store, "synth"), 2003,
                                                      top=0).new)


# --- the real series ----------------------------------------------------------------------------

EXAMPLES = {2015: "新常态", 2016: "供给侧结构性改革", 2017: "放管服", 2018: "高质量发展"}
_YEAR = re.compile(r"(?:19|20)\d\d年?|[〇零一二三四五六七八九]{4}年")


@pytest.fixture(scope="module")
def gwr(cn_gwr_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """cn-gwr 1994, 1995, 2014-2019 in a store of this module (a copy of the session's)."""
    path = tmp_path_factory.mktemp("gwr") / "s.db"
    shutil.copy(cn_gwr_db, path)
    with Store(path) as store:
        yield store


class TestCnGwr:
    def test_examples_among_the_30_most_salient(self, gwr: Store) -> None:
        """新常态 2015, 供给侧结构性改革 2016, 放管服 2017, 高质量发展 2018 are in their top 30."""
        v = series_vocabulary(gwr, "cn-gwr")
        for year, phrase in EXAMPLES.items():
            found = year_phrases(v, year, top=30)
            assert phrase in _texts(found.new), (year, _texts(found.new))

    def test_no_number_year_or_fragment(self, gwr: Store) -> None:
        """No top-30 new entry is a number, a year, or cut inside a word of the stored cuts."""
        v = series_vocabulary(gwr, "cn-gwr")
        for year in v.years[1:]:
            report = load_report(gwr, "cn-gwr", year)
            sections = {s.path: s for s in report.sections}
            assert report.segmentation is not None
            for e in year_phrases(v, year, top=30).new:
                assert not _YEAR.fullmatch(e.text), (year, e.text)
                assert not is_numberish(e.text) and not re.fullmatch(r"[\d.,%]+", e.text)
                section = sections[e.section]
                assert section.text[e.start : e.end] == e.text
                if e.quoted:
                    continue  # bounded by the quotation marks, themselves tokens
                spans, _keys, _w = token_keys(
                    section.text, words=report.segmentation.words.get(section.text)
                )
                assert e.start in {a for a, _ in spans}, (year, e.text)
                assert e.end in {b for _, b in spans}, (year, e.text)

    def test_new_of_one_year_as_of_every_year(self, gwr: Store) -> None:
        """A year's new expressions asked alone (earlier key sets asked) are those the series
        pages find (every key's first year made once)."""
        every = series_phrases(series_vocabulary(gwr, "cn-gwr"))
        for year, found in every.new:
            alone = year_phrases(series_vocabulary(gwr, "cn-gwr"), year, top=len(found))
            assert [e.key for e in alone.new] == [e.key for e in found], year

    def test_panels_asked_in_turn_equal_each_alone(self, gwr: Store) -> None:
        """Every year's panel from one vocabulary asked year after year (as a site asks) equals
        the panel of a vocabulary asked for that year alone."""
        shared = series_vocabulary(gwr, "cn-gwr")
        for year in shared.years:
            alone = year_phrases(series_vocabulary(gwr, "cn-gwr"), year, own=False)
            assert year_phrases(shared, year, own=False) == alone, year

    def test_series_pages_count_a_word_once_a_year(
        self, gwr: Store, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Every year's panel and the series page count each word in each year's text once
        (the keywords of every year are followed across every year: counted again, that is
        years² counts)."""
        counted: Counter[tuple[int, str]] = Counter()
        real = expressions.shape_count

        def counting(text: str, key: str) -> int:
            counted[(id(text), key)] += 1
            return real(text, key)

        monkeypatch.setattr(expressions, "shape_count", counting)
        v = series_vocabulary(gwr, "cn-gwr")
        for year in v.years:
            year_phrases(v, year, own=False)
        series_phrases(v)
        assert counted and max(counted.values()) == 1

    def test_keywords_counted_as_a_reader(self, gwr: Store) -> None:
        """A keyword counts its occurrences in the text; the change is against the year before."""
        v = series_vocabulary(gwr, "cn-gwr")
        found = year_phrases(v, 2019)
        top = found.keywords[0]
        text = "\n".join(s.text for s in load_report(gwr, "cn-gwr", 2019).sections)
        before = "\n".join(s.text for s in load_report(gwr, "cn-gwr", 2018).sections)
        assert top.word == "发展" and top.count == text.count("发展")
        assert top.previous == before.count("发展") and top.change == top.count - top.previous


# --- documents, command line, pages -------------------------------------------------------------


class TestDocuments:
    def test_json_fields(self, synth: Store) -> None:
        """compare/phrases/1 carries year, expression, count, first_year and sections."""
        found = year_phrases(series_vocabulary(synth, "synth"), 2003, top=0)
        doc = phrases_json(found, "new")
        assert doc["schema"] == PHRASES_SCHEMA and doc["year"] == 2003 and doc["previous"] == 2002
        entry = next(e for e in doc["expressions"] if e["expression"] == "碳达峰行动方案")
        assert entry["count"] == 2 and entry["first_year"] == 2003
        assert entry["sections"] and {"path", "title"} <= set(entry["sections"][0])
        assert entry["pair"] == {
            "old": 2002, "new": 2003, "anchor": expression_anchor("碳达峰行动方案")
        }

    def test_csv_rows(self, synth: Store) -> None:
        """The CSV has a header and one row per listed expression."""
        found = year_phrases(series_vocabulary(synth, "synth"), 2004, top=5)
        lines = phrases_csv(found, "new").splitlines()
        assert lines[0].startswith("year,expression,count,first_year")
        assert len(lines) == 1 + len(found.new)


class TestCommand:
    def test_json_on_stdout(self, synth: Store) -> None:
        """compare phrases YEAR --new --format json prints the document."""
        result = CliRunner().invoke(
            app, ["phrases", "2002", "--new", "--top", "0", "--db", str(synth.path), "-f", "json"]
        )
        assert result.exit_code == 0, result.output
        doc = json.loads(result.stdout)
        assert "数字孪生城市" in [e["expression"] for e in doc["expressions"]]

    def test_two_lists_at_once_is_an_error(self, synth: Store) -> None:
        """--new with --dropped exits 2 with one message and no traceback."""
        result = CliRunner().invoke(
            app, ["phrases", "2003", "--new", "--dropped", "--db", str(synth.path)]
        )
        assert result.exit_code == 2
        assert result.output.strip() == (
            "Error: --new, --dropped and --keywords each ask for a different list. Pass one of "
            "them (or none, for all the year's expressions)."
        )

    def test_unknown_year(self, synth: Store) -> None:
        """A year not stored exits 2 and names the stored years."""
        result = CliRunner().invoke(app, ["phrases", "1999", "--db", str(synth.path)])
        assert result.exit_code == 2
        assert "No 1999 report in series synth. Stored years: 2001, 2002, 2003, 2004, 2005." in (
            result.output
        )


class TestPages:
    def test_pair_panel_links_to_entries(self, synth: Store) -> None:
        """The pair page's panel lists the new expressions, each linked to an entry of the page."""
        found = year_phrases(series_vocabulary(synth, "synth"), 2003)
        page = render_html(compare_years(synth, 2002, 2003, series="synth"), phrases=found)
        assert 'id="phrases"' in page
        ids = set(re.findall(r'id="([^"]+)"', page))
        assert expression_anchor("碳达峰行动方案") in ids
        at = page.index('id="phrases"')
        panel = page[at : page.index("</section>", at)]
        hrefs = re.findall(r'href="#([^"]+)"', panel)
        assert hrefs and all(h in ids for h in hrefs)

    def test_panel_speaks_the_page_language(self, synth: Store, store: Store,
                                            tmp_path: Path) -> None:
        """A Chinese report's panel is labelled in Chinese, its note too; an English report's
        in English, its note as `compare phrases` writes it."""
        found = year_phrases(series_vocabulary(synth, "synth"), 2003)
        page = render_html(compare_years(synth, 2002, 2003, series="synth"), phrases=found)
        at = page.index('id="phrases"')
        panel = page[at : page.index("</section>", at)]
        assert "2003年的新表述" in panel and "删去的表述" in panel
        assert "“新”指此前存储的" in panel
        assert "New expressions" not in panel and "Dropped" not in panel
        for year, text in ((2001, "Revenue from the Goods and Services Tax rose."),
                           (2002, "Revenue from the Carbon Tax Scheme rose sharply.")):
            f = tmp_path / f"{year}.txt"
            f.write_text(f"PART I\n{text}\n", encoding="utf-8")
            ingest(store, [f], series="en")
        v = build_vocabulary([load_report(store, "en", y) for y in (2001, 2002)])
        english = year_phrases(v, 2002)
        page = render_html(compare_years(store, 2001, 2002, series="en"), phrases=english)
        at = page.index('id="phrases"')
        panel = page[at : page.index("</section>", at)]
        assert "New expressions in 2002" in panel and english.note in panel

    def test_series_page_escapes_report_text(self, store: Store, tmp_path: Path) -> None:
        """A quoted term holding markup reaches the series page escaped."""
        for year, extra in ((2001, ""), (2002, "推行“<b>x</b>测试”制度。")):
            f = tmp_path / f"{year}.txt"
            f.write_text(f"一、总体情况\n{year}年我们推进改革。{extra}\n", encoding="utf-8")
            ingest(store, [f], series="t")
        v = build_vocabulary([load_report(store, "t", y) for y in (2001, 2002)])
        page = render_phrases(series_phrases(v), pair_href=lambda o, n: f"{o}-{n}.html")
        assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;测试" in page
