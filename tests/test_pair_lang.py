"""The pair page in the report's language: a Chinese report's page shows no English word of ours
(visible text, title and aria-label attributes, the view button's script), while an English
report's page and the JSON keep their English byte for byte.

The constructed pairs tests/cases/pair_zh and tests/cases/pair_en (written for these tests, the
same report in two languages) split, merge and move sections, move sentences within and between
sections, diff a table, pair figures that are approximate, five-year or starting values, check a
stated change and leave look-alikes unpaired, so these tests run without ../shared. What they do
not make (every stage's note, every reason a look-alike is left unpaired, a reported-done
relation, a PDF's pages) is added to the Chinese comparison, made by the stages themselves. The
goldens were made by the code before the pair page spoke Chinese: ``pair_en/page.golden.html``
(the English page) and ``pair_zh/pair.golden.json`` (the JSON of the Chinese pair); where a later
change means to alter them, ``UPDATE_GOLDEN=1 pytest tests/test_pair_lang.py`` rewrites them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from support import CASES, CORPUS, need
from test_site_lang import visible

from compare.align.matching import over_budget as align_over_budget
from compare.align.provenance import over_budget as provenance_over_budget
from compare.diff.worddiff import diff_texts
from compare.export import pair_json
from compare.jsondocs import to_json
from compare.metrics.identity import REASON_CODES, Reason, clash_reason
from compare.metrics.pairing import match_metrics
from compare.models import Comparison, Metric, Quantity, RelatedMetrics, SectionPair
from compare.pipeline import compare_reports, compare_years, ingest, load_report
from compare.render import render_html
from compare.render.labels import labels
from compare.render.pairwords import note_text, reason_text
from compare.store.db import Store
from compare.tuning import DEFAULT

CHINESE = CASES / "pair_zh"
ENGLISH = CASES / "pair_en"
# Words of ours a Chinese page may show: the tool's name and the keys of its shortcuts.
ALLOWED = {"compare", "j", "n", "k", "p", "v"}
_WORD = re.compile(r"[A-Za-z]+")


def report_words(comparison: Comparison) -> set[str]:
    """The Latin-letter words of both reports (titles, text, the look-alikes' labels, quotes and
    qualifiers) and the series name."""
    texts = [comparison.series, comparison.old.title, comparison.new.title]
    for report in (comparison.old, comparison.new):
        texts.extend(s.text for s in report.sections)
    for r in comparison.related:
        for m in (r.old, r.new):  # qualifiers are the report's words, read from its sentence
            texts.extend((m.label, m.quantity.quote, *m.qualifiers))
    return {w for text in texts for w in _WORD.findall(text)}


def ours(page: str, comparison: Comparison) -> dict[str, str]:
    """The Latin-letter words a page shows that are neither the reports' nor allowed, each with
    a text it stands in."""
    found: dict[str, str] = {}
    skip = report_words(comparison) | ALLOWED
    for text in visible(page).texts:
        for word in set(_WORD.findall(text)) - skip:
            found.setdefault(word, text.strip()[:120])
    return found


def script_of(page: str) -> str:
    found = re.search(r"<script>(.*?)</script>", page, re.S)
    assert found
    return found.group(1)


def _compare(folder: Path, series: str, tmp: Path) -> Comparison:
    with Store(tmp / "s.db") as store:
        ingest(store, sorted(folder.glob("*.txt")), series=series)
        return compare_reports(load_report(store, series, 2018), load_report(store, series, 2019))


@dataclass(frozen=True)
class Pair:
    comparison: Comparison
    page: str


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Pair:
    """The constructed English pair and its page."""
    c = _compare(ENGLISH, "demo-en", tmp_path_factory.mktemp("en"))
    return Pair(c, render_html(c))


@pytest.fixture(scope="module")
def chinese(tmp_path_factory: pytest.TempPathFactory) -> Pair:
    """The constructed Chinese pair and its page."""
    c = _compare(CHINESE, "demo-zh", tmp_path_factory.mktemp("zh"))
    return Pair(c, render_html(c))


def _metric(label: str, unit: str = "人", **identity: object) -> Metric:
    q = Quantity("10000", unit, f"1万{unit}", 5, f"{label}1万{unit}")
    return replace(Metric(label, "level", False, "1", q), **identity)  # type: ignore[arg-type]


# A look-alike pair for each reason clash_reason gives, with the English the JSON has always had.
CLASHES = {
    "start": (_metric("就业", start=True), _metric("就业"),
              "the starting value of a from-to statement vs a current figure"),
    "target": (_metric("就业", kind="target"), _metric("就业"), "target vs actual"),
    "span": (_metric("就业", period="5 years"), _metric("就业"), "5-year total vs one year"),
    "periods": (_metric("就业", period="quarter"), _metric("就业"), "quarter vs year"),
    "qualifiers": (_metric("就业", qualifiers=("年末",)), _metric("就业"),
                   "qualifiers differ: 年末 vs —"),
    "kinds": (_metric("就业", kind="change"), _metric("就业"), "change vs level"),
    "units": (_metric("粮食产量", unit="斤"), _metric("粮食产量", unit="亩"), "unit 斤 vs 亩"),
    "subjects": (_metric("212 01 01 行政运行"), _metric("212 01 02 一般行政管理事务"),
                 "different concepts: two budget subjects"),
    "concepts": (_metric("农村居民人均纯收入"), _metric("农村居民人均可支配收入"),
                 "different concepts: 纯收入 vs 可支配收入"),
}


def _stage_notes(c: Comparison) -> tuple[str, ...]:
    """The notes the align and metric stages write when a budget is passed, made by them."""
    tight_align = replace(DEFAULT.align, pair_budget=1, provenance_budget=0)
    notes = (
        align_over_budget(c.old.sections, c.new.sections, tuning=tight_align),
        provenance_over_budget(c.old.sections, c.new.sections, tuning=tight_align),
        # Labels that share only words too common to index are paired by exact label only.
        match_metrics([_metric("城镇新增就业人数")], [_metric("城镇新增就业")],
                      tuning=replace(DEFAULT.metrics, gram_cap=0)).note,
    )
    assert all(notes)
    return notes


def _diff_notes(c: Comparison) -> list[str]:
    """The diff stage's notes (too large to align by sentence; sentence pairs too long for a
    word diff), made by it under small budgets."""
    k = next(k for k, p in enumerate(c.sections) if p.status == "changed" and p.old and p.new
             and p.old.title.startswith("一"))
    old, new = c.sections[k].old, c.sections[k].new
    assert old is not None and new is not None
    notes = [diff_texts(old.text, new.text, budget=b).note for b in (2, 60)]
    assert "align sentence by sentence" in notes[0] and "too long" in notes[1]
    return notes


def _loaded(c: Comparison, others: Comparison) -> Comparison:
    """``c`` with every stage's note, a look-alike of every reason (tie and far from ``others``,
    the English pair, whose pairing leaves such look-alikes), a reported-done relation and
    PDF pages on the first changed entry."""
    k = next(k for k, p in enumerate(c.sections) if p.status == "changed" and p.old and p.new)
    pair = c.sections[k]
    assert pair.old is not None and pair.new is not None
    paged = replace(pair, old=replace(pair.old, page=3), new=replace(pair.new, page=4))
    done = SectionPair("changed", paged.old, paged.new, pair.similarity, "reported_done")
    diff = c.diffs[k]
    assert diff is not None
    diff = replace(diff, note=" ".join(_diff_notes(c)))
    sections = (*c.sections[:k], paged, *c.sections[k + 1:], done)
    diffs = (*c.diffs[:k], diff, *c.diffs[k + 1:], diff)
    related = [RelatedMetrics(a, b, clash_reason(a, b)) for a, b, _ in CLASHES.values()]
    related += [r for r in others.related if getattr(r.reason, "code", "") in ("tie", "far")]
    metrics = tuple(
        replace(m, old=replace(m.old, quantity=replace(m.old.quantity, page=3)))
        if m.old is not None and m.old.section == pair.old.path else m
        for m in c.metrics
    )
    return replace(
        c, sections=sections, diffs=diffs, notes=_stage_notes(c), related=tuple(related),
        metrics=metrics, changes=(*c.changes, c.changes[k]) if c.changes else (),
        joined=(*c.joined, None) if c.joined else (),
    )


@pytest.fixture(scope="module")
def loaded(chinese: Pair, english: Pair) -> Pair:
    """The Chinese pair with what its texts do not make (``_loaded``), and its page."""
    c = _loaded(chinese.comparison, english.comparison)
    return Pair(c, render_html(c))


class TestChinesePage:
    def test_the_pair_makes_what_the_page_words(self, chinese: Pair) -> None:
        """The constructed pair splits, merges and moves sections, moves sentences within and
        between sections, diffs a table and leaves a look-alike unpaired."""
        c = chinese.comparison
        statuses = {p.status for p in c.sections}
        assert {"split", "merged", "moved"} <= statuses
        assert any(d is not None and d.moves for d in c.diffs) and c.moves
        assert c.related and c.outcomes and any(m.check for m in c.metrics)
        figures = [x for m in c.metrics for x in (m.old, m.new) if x is not None]
        assert any(x.start for x in figures) and any(x.period == "5 years" for x in figures)
        assert any(x.approx for x in figures)
        assert 'class="tdiff' in chinese.page

    def test_no_english_word_of_ours(self, chinese: Pair) -> None:
        """No Latin-letter word of ours in the text, titles or aria labels of the page."""
        assert ours(chinese.page, chinese.comparison) == {}

    def test_relations_are_chinese(self, chinese: Pair) -> None:
        """Split, merged and moved entries say where they came from in Chinese, quoting titles."""
        text = chinese.page
        assert "由2018年“(一)推动产业转型升级。”拆分而来；拆分出的其他部分：" in text
        assert "并入2019年“(四)保障和改善民生。”；一同并入的还有：" in text
        moved = r"从2018年报告第\d+个章节的位置移来，<a href=\"#[^\"]+\">原在2018年“"
        assert re.search(moved, text)
        for title in ("此句已移动，见下方“移动的句子”", "此句由本节别处移来，见下方“移动的句子”",
                      "此句已移到其他章节，请到该处查看", "此句由其他章节移来，见下方“移动的句子”"):
            assert f'title="{title}"' in text

    def test_metric_words_are_chinese(self, chinese: Pair) -> None:
        """Identity notes, approximate values, the stated check and table captions in Chinese."""
        text = chinese.page
        assert '<span class="idn">5年 · 累计' in text
        assert '<span class="idn">起始值</span>' in text
        assert "（原文：" in text and "as written" not in text
        assert ('title="报告自述：比上年增加12亿元（第6行）；按两年数据计算：+12亿元"' in text)
        assert "<td>目标值与实际值</td>" in text
        assert re.search(r'<div class="cap">表格：共\d+行，其中改动\d+行', text)

    def test_view_button_script_speaks_chinese(self, chinese: Pair) -> None:
        """The script writes the Chinese labels on the view button, and the page's policy names
        that very script."""
        script = script_of(chinese.page)
        words = labels("zh-Hans")
        assert json.dumps(words["view_sbs"]) in script and json.dumps(words["view"]) in script
        assert "side-by-side" not in script and "inline view" not in script
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"script-src 'sha256-{digest}'" in chinese.page


class TestEverythingElse:
    def test_no_english_word_of_ours(self, loaded: Pair) -> None:
        """With every note, every reason, a reported-done relation and PDF pages, the page still
        shows no English word of ours."""
        assert ours(loaded.page, loaded.comparison) == {}

    def test_notes_are_chinese_with_their_numbers(self, loaded: Pair) -> None:
        """Each stage's note is worded in Chinese with the numbers it gives."""
        for note in (*loaded.comparison.notes, *_diff_notes(loaded.comparison)):
            words = note_text(note, "zh-Hans")
            assert not _WORD.search(words), words
            assert re.findall(r"\d+(?:,\d+)*", words) == re.findall(r"\d+(?:,\d+)*", note)
            assert f"⚠ {words}" in loaded.page or words in loaded.page

    def test_reported_done_and_pages(self, loaded: Pair) -> None:
        """A reported-done entry links its entry under 另见; a PDF's lines name their page."""
        c = loaded.comparison
        done = f"已报告完成：{c.old.year}年部署的工作，{c.new.year}年报告的回顾部分报告了其完成情况"
        assert done in loaded.page
        assert "；另见：<a href=" in loaded.page and f"其{c.new.year}年条目" in loaded.page
        assert re.search(rf">{c.old.year}:第3页第\d+行</a>", loaded.page)

    def test_every_reason_is_worded(self, loaded: Pair) -> None:
        """Each reason a look-alike is left unpaired for has its Chinese on the page."""
        codes = {r.reason.code for r in loaded.comparison.related if isinstance(r.reason, Reason)}
        assert codes == REASON_CODES
        for r in loaded.comparison.related:
            assert f"<td>{reason_text(r.reason, 'zh-Hans')}</td>" in loaded.page


class TestReasons:
    @pytest.mark.parametrize("code", sorted(CLASHES))
    def test_clash_reason_keeps_its_english(self, code: str) -> None:
        """clash_reason gives the English the JSON has always had, with its code beside it."""
        a, b, english = CLASHES[code]
        reason = clash_reason(a, b)
        assert isinstance(reason, Reason) and reason.code == code
        assert reason == english and str(reason) == english
        assert reason_text(reason, "en") == english

    @pytest.mark.parametrize("code", sorted(CLASHES))
    def test_chinese_wording(self, code: str) -> None:
        """In Chinese a reason has no Latin-letter word and keeps the report's own words."""
        a, b, _ = CLASHES[code]
        words = reason_text(clash_reason(a, b), "zh-Hans")
        assert not _WORD.search(words), words
        for fact in clash_reason(a, b).facts:  # type: ignore[union-attr]
            if fact and not _WORD.search(fact):
                assert fact in words

    def test_expected_chinese(self) -> None:
        """A few reasons as an analyst reads them."""
        zh = {code: reason_text(clash_reason(a, b), "zh-Hans")
              for code, (a, b, _) in CLASHES.items()}
        assert zh["target"] == "目标值与实际值"
        assert zh["span"] == "5年累计值与单一年度数值"
        assert zh["periods"] == "时期不同：季度与全年"
        assert zh["qualifiers"] == "限定词不同：“年末”与（无）"
        assert zh["units"] == "单位不同：斤与亩"
        assert zh["concepts"] == "概念不同：纯收入与可支配收入"

    def test_json_writes_the_plain_words(self) -> None:
        """A Reason is written to JSON as the plain string it is, and survives a copy."""
        import pickle

        reason = clash_reason(*CLASHES["span"][:2])
        assert json.dumps({"reason": reason}) == json.dumps({"reason": "5-year total vs one year"})
        copy = pickle.loads(pickle.dumps(reason))
        assert isinstance(copy, Reason) and copy == reason
        assert (copy.code, copy.facts) == ("span", ("5 years", "total"))

    def test_unknown_code_refused(self) -> None:
        """A code the pages cannot word is refused where the reason is made."""
        with pytest.raises(ValueError, match="unknown reason code"):
            Reason("whatever", "whatever")


class TestEnglishUnchanged:
    def test_english_page_is_byte_for_byte_as_before(self, english: Pair) -> None:
        """The English pair page is the one the code made before the page spoke Chinese."""
        path = ENGLISH / "page.golden.html"
        if os.environ.get("UPDATE_GOLDEN") == "1":
            path.write_bytes(english.page.encode("utf-8"))
        assert english.page.encode("utf-8") == path.read_bytes()

    def test_english_page_words_are_english(self, english: Pair) -> None:
        """The constructed English page has its relations and reasons, in English."""
        assert "part of a split of 2018" in english.page and "merged into 2019" in english.page
        assert "values too far apart for one indicator" in english.page
        assert script_of(english.page).count('"side-by-side view"') == 1

    def test_json_is_byte_for_byte_as_before(self, chinese: Pair) -> None:
        """The JSON of the Chinese pair keeps the English reasons, as the code made it before."""
        path = CHINESE / "pair.golden.json"
        if os.environ.get("UPDATE_GOLDEN") == "1":
            path.write_text(to_json(pair_json(chinese.comparison)), encoding="utf-8")
        assert to_json(pair_json(chinese.comparison)) == path.read_text(encoding="utf-8")


class TestCorpus:
    @pytest.mark.parametrize("years", [(2018, 2019), (2015, 2016)])
    def test_cn_gwr_pair_has_no_english_word_of_ours(
        self, cn_gwr_db: Path, years: tuple[int, int]
    ) -> None:
        """The cn-gwr pair pages show no English word of ours."""
        with Store(cn_gwr_db, readonly=True) as store:
            c = compare_years(store, *years)
        page = render_html(c)
        assert c.related and any(p.status in ("split", "merged") for p in c.sections)
        assert ours(page, c) == {}

    def test_pdf_pair_has_no_english_word_of_ours(self, tmp_path: Path) -> None:
        """A PDF budget pair (pages, tables, look-alikes) shows no English word of ours."""
        folder = need(CORPUS / "cn-putuo-wanli-budget-pdf")
        with Store(tmp_path / "s.db") as store:
            ingest(store, [folder], series="putuo")
            c = compare_years(store, 2024, 2025)
        page = render_html(c)
        assert "第3页" in page and 'class="tdiff' in page
        assert ours(page, c) == {}
