"""Tests for compare.render: the HTML page, the Markdown summary, escaping and packaging."""

from __future__ import annotations

import base64
import hashlib
import html
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fixtures_render import basic_comparison, hostile_comparison, make_diff, section
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from compare.errors import CompareError
from compare.ingest import parse_document
from compare.models import Comparison, SectionPair
from compare.pipeline import build_report, compare_reports
from compare.render import diff_rows, render_html, render_markdown, template_dir
from compare.render.labels import page_lang
from compare.render.rows import cut_rows
from compare.render.view import group_titles
from compare.textkit.chars import is_cjk
from compare.tuning import DEFAULT

REPO = Path(__file__).resolve().parents[1]
CASES = Path(__file__).resolve().parent / "cases"

# Tags and attributes the templates write; anything else in a page came from report text.
PAGE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "div", "strong", "button", "span", "label",
    "input", "a", "nav", "h2", "small", "ol", "li", "main", "header", "p", "h1", "kbd", "section",
    "del", "ins", "table", "thead", "tr", "th", "tbody", "td", "script", "mark", "footer",
}  # fmt: skip
PAGE_ATTRS = {
    "charset", "http-equiv", "content", "name", "lang", "class", "role", "aria-label", "type",
    "id", "title", "aria-live", "aria-pressed", "href", "aria-hidden", "style", "hidden",
    "aria-expanded", "data-filter", "data-status", "data-level", "data-line",
}  # fmt: skip


class Page(HTMLParser):
    """The parsed page: start tags, ids, links and the text per diff column of each entry."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[tuple[str, set[str]]] = []
        self.columns: dict[tuple[str, str], str] = {}
        self.text: list[str] = []
        self.entry = ""
        self.feed(text)
        self.close()

    VOID = {"meta", "input"}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        self.tags.append((tag, attr))
        if tag == "section" and "entry" in (attr.get("class") or ""):
            self.entry = attr["id"] or ""
        if tag not in self.VOID:
            self.stack.append((tag, set((attr.get("class") or "").split())))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        classes = [c for _, cs in self.stack for c in cs]
        if "ln" in classes or "txt" not in classes:
            return
        view = "sbs" if "sbs" in classes else "inl" if "inl" in classes else "only"
        side = "o" if "o" in classes else "n" if "n" in classes else "-"
        if view == "inl" and "del" in [t for t, _ in self.stack]:
            side = "del"
        key = (self.entry, f"{view}:{side}")
        self.columns[key] = self.columns.get(key, "") + data

    def ids(self) -> list[str]:
        return [a["id"] for _, a in self.tags if a.get("id")]  # type: ignore[misc]

    def all_text(self) -> str:
        return "".join(self.text)


def entry_ids(page: Page) -> list[str]:
    return [a["id"] or "" for t, a in page.tags if t == "section" and "entry" in (a["class"] or "")]


class TestDiffRows:
    def test_rows_hold_both_texts_end_to_end(self) -> None:
        """Joining the old sides of all rows gives a, the new sides give b."""
        diff = make_diff("甲" * 200 + "乙丙" + "丁" * 200, "甲" * 200 + "乙戊" + "丁" * 200)
        rows = diff_rows(diff, context=10, collapse_min=20)
        assert "".join(s.old for r in rows for s in r.segs) == diff.a
        assert "".join(s.new for r in rows for s in r.segs) == diff.b

    @settings(max_examples=150, deadline=None)
    @given(st.text("ab\n，甲乙Ａ", max_size=80), st.text("ab\n，甲乙A", max_size=80))
    def test_rows_are_lossless_for_any_texts(self, a: str, b: str) -> None:
        """For any pair of texts, hunks and gaps together hold every character in order."""
        diff = make_diff(a, b)
        rows = diff_rows(diff, context=3, collapse_min=4, merge_max=2)
        assert "".join(s.old for r in rows for s in r.segs) == a
        assert "".join(s.new for r in rows for s in r.segs) == b
        for r in rows:
            assert diff.a[r.old_at : r.old_end] == "".join(s.old for s in r.segs)
            assert diff.b[r.new_at : r.new_end] == "".join(s.new for s in r.segs)

    def test_long_unchanged_run_is_folded_with_context(self) -> None:
        """An unchanged run between two changes keeps `context` characters on each side."""
        diff = make_diff("A" + "中" * 100 + "B", "X" + "中" * 100 + "Y")
        rows = diff_rows(diff, context=10, collapse_min=20)
        assert [r.kind for r in rows] == ["hunk", "gap", "hunk"]
        assert rows[1].hidden == 80
        assert rows[0].segs[-1].new == "中" * 10 and rows[2].segs[0].new == "中" * 10

    def test_context_stops_at_a_paragraph_break(self) -> None:
        """Context after a change does not run into the next paragraph."""
        diff = make_diff("A一二\n" + "中" * 100, "X一二\n" + "中" * 100)
        rows = diff_rows(diff, context=10, collapse_min=20)
        assert rows[0].segs[-1].new == "一二"
        assert rows[1].kind == "gap" and rows[1].segs[0].new == "\n" + "中" * 100

    def test_short_unchanged_run_stays_visible(self) -> None:
        """A run shorter than context plus collapse_min is not folded."""
        diff = make_diff("A" + "中" * 25 + "B", "X" + "中" * 25 + "Y")
        assert [r.kind for r in diff_rows(diff, context=10, collapse_min=20)] == ["hunk"]

    def test_shared_paragraph_breaks_start_new_rows(self) -> None:
        """Each row ends at a paragraph break both sides share, so columns line up."""
        diff = make_diff("甲一\n乙二\n丙三", "甲壹\n乙贰\n丙叁")
        rows = diff_rows(diff, context=10, collapse_min=20)
        assert ["".join(s.new for s in r.segs) for r in rows] == ["甲壹\n", "乙贰\n", "丙叁"]
        assert [(r.old_at, r.new_at) for r in rows] == [(0, 0), (3, 3), (6, 6)]

    def test_unchanged_text_is_one_gap(self) -> None:
        """A diff without changes folds into a single gap with no context."""
        rows = diff_rows(make_diff("中" * 50, "中" * 50), context=10, collapse_min=20)
        assert [(r.kind, r.hidden) for r in rows] == [("gap", 50)]

    def test_tiny_equal_islands_merge_into_one_replace(self) -> None:
        """A one-character run between two changes joins them into one replace."""
        diff = make_diff("前甲的乙后", "前丙的丁后")
        segs = diff_rows(diff, context=10, collapse_min=20, merge_max=1)[0].segs
        assert [(s.tag, s.old, s.new) for s in segs] == [
            ("equal", "前", "前"),
            ("replace", "甲的乙", "丙的丁"),
            ("equal", "后", "后"),
        ]

    def test_width_only_span_is_flagged(self) -> None:
        """An equal span whose sides differ in width only is marked width_only."""
        segs = diff_rows(make_diff("58.8％", "58.8%"), context=10, collapse_min=20)[0].segs
        assert [s.width_only for s in segs] == [True]


class TestCutRows:
    @settings(max_examples=150, deadline=None)
    @given(st.text("ab\n\t甲", max_size=60), st.text("ab\n\t甲", max_size=60),
           st.lists(st.integers(0, 60), max_size=4), st.lists(st.integers(0, 60), max_size=4))
    def test_pieces_are_lossless(self, a: str, b: str, old_cuts: list[int],
                                 new_cuts: list[int]) -> None:
        """For any texts and spans, the cut rows hold every character in order, each piece
        naming the offsets it covers."""
        def spans(cuts: list[int], size: int) -> list[tuple[int, int]]:
            edges = sorted({min(c, size) for c in cuts})
            return list(zip(edges[::2], edges[1::2], strict=False))

        diff = make_diff(a, b)
        rows = cut_rows(diff_rows(diff, context=3, collapse_min=4, merge_max=2),
                        spans(old_cuts, len(a)), spans(new_cuts, len(b)))
        assert "".join(s.old for r in rows for s in r.segs) == a
        assert "".join(s.new for r in rows for s in r.segs) == b
        for r in rows:
            assert r.segs
            assert diff.a[r.old_at : r.old_end] == "".join(s.old for s in r.segs)
            assert diff.b[r.new_at : r.new_end] == "".join(s.new for s in r.segs)

    def test_no_row_straddles_a_table_edge(self) -> None:
        """The caption before a table, the table, and a note after it that only the old year
        has come out as separate rows; the table's last figure stays with the table."""
        a = "说明文字。\n单位：元\n项目\t数\n合计\t47\n注：本表为空表。\n"
        b = "说明文字。\n单位：元\n项目\t数\n合计\t37\n"
        diff = make_diff(a, b)
        old_table = (a.index("项目"), a.index("注"))
        new_table = (b.index("项目"), len(b))
        rows = cut_rows(diff_rows(diff, context=100, collapse_min=200), [old_table],
                        [new_table])
        inside = [r for r in rows if old_table[0] <= r.old_at and r.old_end <= old_table[1]]
        outside = [r for r in rows if r not in inside]
        assert "".join(s.old for r in inside for s in r.segs) == "项目\t数\n合计\t47\n"
        assert "".join(s.new for r in inside for s in r.segs) == "项目\t数\n合计\t37\n"
        note = "说明文字。\n单位：元\n注：本表为空表。\n"
        assert "".join(s.old for r in outside for s in r.segs) == note
        assert not ["\t" for r in outside for s in r.segs if "\t" in s.old + s.new]

    def test_change_over_an_edge_is_cut_on_its_side(self) -> None:
        """A figure replaced together with the note below the table: the figure and its
        replacement stay in the table's row, the note is a row of its own."""
        a, b = "项目\t数\nA\tX\n注", "项目\t数\nA\tY"
        diff = make_diff(a, b)
        assert ("replace", 7, 10, 7, 8) in diff.opcodes
        rows = cut_rows(diff_rows(diff, context=100, collapse_min=200), [(0, 9)], [(0, 8)])
        assert [(s.tag, s.old, s.new) for r in rows for s in r.segs][-2:] == [
            ("replace", "X\n", "Y"), ("delete", "注", "")]
        assert [(r.old_at, r.old_end) for r in rows][-1] == (9, 10)


class TestRenderHtml:
    page_text = render_html(basic_comparison())

    def page(self) -> Page:
        return Page(self.page_text)

    def test_page_is_self_contained(self) -> None:
        """No external resource: no http(s) URL in any src/href, no <link>, no <img src=http>."""
        page = self.page()
        for tag, attrs in page.tags:
            assert tag not in ("link", "img", "iframe", "object")
            for name in ("src", "href", "action"):
                value = attrs.get(name) or ""
                assert not value or value.startswith("#"), (tag, name, value)
        assert "http://" not in self.page_text and "https://" not in self.page_text

    def test_page_has_a_restrictive_csp(self) -> None:
        """A CSP meta allows inline style, data: images and only the page's own script by hash."""
        metas = [a for t, a in self.page().tags if t == "meta" and a.get("http-equiv")]
        scripts = re.findall(r"<script>(.*?)</script>", self.page_text, re.S)
        assert len(scripts) == 1
        digest = base64.b64encode(hashlib.sha256(scripts[0].encode("utf-8")).digest()).decode()
        assert metas == [
            {
                "http-equiv": "Content-Security-Policy",
                "content": "default-src 'none'; style-src 'unsafe-inline'; "
                f"script-src 'sha256-{digest}'; img-src data:",
            }
        ]

    def test_rendering_is_deterministic_and_ids_unique(self) -> None:
        """Two renders are byte-identical; ids are unique and every #link has a target."""
        assert render_html(basic_comparison()) == self.page_text
        page = self.page()
        ids = page.ids()
        assert len(ids) == len(set(ids))
        targets = {
            a["href"][1:] for t, a in page.tags if t == "a" and (a.get("href") or "")[:1] == "#"
        }
        assert targets <= set(ids)

    def test_header_shows_series_titles_similarity_and_counts(self) -> None:
        """The header names series, both titles and years, similarity and status counts."""
        text = self.page().all_text()
        assert "示例城市年度报告" in text
        assert "2018年示例报告" in text and "2019年示例报告" in text
        assert "73.4%" in text
        head = self.page_text.split("<header", 1)[1].split("</header>", 1)[0]
        counts = re.findall(r'chip st-(\w+)">\w+</span> (\d+)', head)
        assert dict(counts) == {
            "unchanged": "1", "changed": "1", "renamed": "2", "moved": "1", "split": "2",
            "merged": "2", "added": "1", "removed": "1",
        }  # fmt: skip
        metric_counts = re.findall(r'chip ms-(\w+)">\w+</span> (\d+)', head)
        assert dict(metric_counts) == {
            "changed": "2",
            "added": "1",
            "removed": "1",
            "unchanged": "1",
        }

    def test_toc_links_every_entry_with_its_status(self) -> None:
        """The contents list one link per entry, in order, with the entry's status class."""
        page = self.page()
        toc = self.page_text.split('<nav class="toc"', 1)[1].split("</nav>", 1)[0]
        links = re.findall(r'<a href="#([^"]+)" class="st-(\w+)">', toc)
        statuses = [p.status for p in basic_comparison().sections]
        assert [anchor for anchor, _ in links] == entry_ids(page)
        assert [status for _, status in links] == statuses

    def test_most_changed_lists_top_entries_by_change(self) -> None:
        """The most-changed list holds the top entries by change score, with both titles."""
        top = self.page_text.split('<div class="top">', 1)[1].split("</ol>", 1)[0]
        shown = re.findall(r"([\d.]+%) 改动", top)
        comp = basic_comparison()
        picked = comp.most_changed(limit=DEFAULT.render.top_changed)
        assert shown == [f"{comp.change_of(k) * 100:.1f}%" for k in picked]
        assert " → ".join(group_titles(comp, picked[0])) in top  # every part, both sides

    def test_every_character_of_both_texts_is_in_the_dom(self) -> None:
        """Side-by-side columns hold the old and new texts whole, folded runs included."""
        page = self.page()
        comparison = basic_comparison()
        for anchor, pair in zip(entry_ids(page), comparison.sections, strict=True):
            if pair.old is not None and pair.new is not None:
                assert page.columns[(anchor, "sbs:o")] == pair.old.text
                assert page.columns[(anchor, "sbs:n")] == pair.new.text
                inline_new = page.columns[(anchor, "inl:-")]
                assert inline_new == pair.new.text
            else:
                side = pair.new or pair.old
                assert side is not None
                assert page.columns[(anchor, "only:-")] == side.text

    def test_deletions_left_insertions_right(self) -> None:
        """A replaced number shows as <del> on the old side and <ins> on the new side."""
        entry = self.page_text.split('id="e2-n1"', 1)[1].split("</section>", 1)[0]
        unmarked = re.sub(r"</?(?:mark|a)\b[^>]*>", "", entry)  # metric marks inside del/ins
        sbs = unmarked.split('class="diff inl"', 1)[0]
        assert re.search(r'<div class="o txt">[^\n]*<del>9</del>', sbs)
        assert re.search(r'<div class="n txt">[^\n]*<ins>6</ins>', sbs)
        inline = unmarked.split('class="diff inl"', 1)[1]
        assert "<del>9</del><ins>6</ins>" in inline

    def test_long_unchanged_runs_are_folded_behind_a_button(self) -> None:
        """A long unchanged run is a hidden row behind '… N unchanged characters …'."""
        entry = self.page_text.split('id="e2-n1"', 1)[1].split("</section>", 1)[0]
        counts = [
            int(n.replace(",", "")) for n in re.findall(r"… ([\d,]+) 个未变的字符 …", entry)
        ]
        assert counts and all(n >= DEFAULT.render.collapse_min_chars for n in counts)
        assert entry.count('class="row gapbody" hidden') == entry.count("个未变的字符") // 2

    def test_relations_link_counterparts(self) -> None:
        """Moved, split and merged entries say so, in the report's language, and link the sibling
        entries."""
        page = self.page()
        ids = entry_ids(page)
        text = self.page_text
        moved = text.split(f'id="{ids[6]}"', 1)[1].split("</section>", 1)[0]
        assert "从2018年报告第8个章节的位置移来，" in moved
        assert f'<a href="#{ids[5]}">原在2018年“（五）保障改善民生。”之后</a>' in moved
        split = text.split(f'id="{ids[7]}"', 1)[1].split("</section>", 1)[0]
        assert "由2018年“（三）推进改革开放。”拆分而来；拆分出的其他部分：" in split
        assert f'<a href="#{ids[8]}">2019年“（二）扩大开放。”</a>' in split
        merged = text.split(f'id="{ids[5]}"', 1)[1].split("</section>", 1)[0]
        assert "并入2019年“（三）民生和环境。”；一同并入的还有：" in merged
        assert f'<a href="#{ids[4]}">2018年“（四）改善生态环境。”</a>' in merged

    def test_note_and_line_numbers_are_shown(self) -> None:
        """A diff note is visible, and titles carry their source line per year."""
        text = self.page().all_text()
        assert "⚠ compared paragraph by paragraph: the texts are long" in text
        assert "2018年第29行" in text and "2019年第21行" in text  # a Chinese report's labels

    def test_metric_table_shows_values_deltas_and_filters(self) -> None:
        """Metric rows show old → new text, Δ in percentage points for % (个百分点 on a Chinese
        report's page), Δ%, arrows and lines."""
        table = self.page_text.split('id="mtable"', 1)[1].split("</table>", 1)[0]
        rows = re.findall(r"<tr class=\"ms-(\w+)\"", table)
        assert rows == ["changed", "changed", "unchanged", "added", "removed"]
        cells = [
            [
                html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
                for c in re.findall(r"<td[^>]*>(.*?)</td>", r)
            ]
            for r in table.split("<tr class=")[1:]
        ]
        assert cells[0][2:7] == ["6.9%", "→", "6.6%", "▼ −0.3个百分点", ""]
        assert cells[1][5:7] == ["▲ +10万人", "+0.74%"]  # in the report's own magnitude
        assert cells[3][9] == "2019:29" and cells[4][9] == "2018:33"
        buttons = re.findall(r'data-filter="(\w+)"', self.page_text)
        assert buttons == ["changed", "added", "removed", "all"]

    def test_metric_numbers_are_marked_and_linked_both_ways(self) -> None:
        """Numbers that are metrics carry a mark linking to their row; rows link to entries."""
        ids = set(self.page().ids())
        mark = r'<mark class="metric"><a href="#(m\d+)" title="([^"]*)">'
        hrefs = re.findall(mark, self.page_text)
        assert hrefs and {h for h, _ in hrefs} <= ids
        assert ("m1", "国内生产总值增长：6.9%") in hrefs
        assert ("m1", "国内生产总值增长：6.6%") in hrefs
        table = self.page_text.split('id="mtable"', 1)[1].split("</table>", 1)[0]
        back = re.findall(r'<td class="lines">\s*<a href="#([^"]+)">', table)
        assert back and set(back) <= ids

    def test_stated_comparison_is_checked(self) -> None:
        """A new year's 比去年增加 is shown ✓ when it matches the two years' values, ≠ if not."""
        from compare.metrics import extract_metrics, pair_metrics

        c = basic_comparison()
        old_s = section("1", "一、财政", "安排专项债券1.35万亿元。受理案件76件。", 3)
        new_s = section("1", "一、财政", "安排专项债券2.15万亿元，比去年增加8000亿元。"
                        "受理案件91件，同比增长30%。", 3)
        old_r = replace(c.old, sections=(old_s,), metrics=extract_metrics((old_s,)))
        new_r = replace(c.new, sections=(new_s,), metrics=extract_metrics((new_s,)))
        comp = Comparison(c.series, old_r, new_r, (SectionPair("changed", old_s, new_s, 0.9),),
                          (make_diff(old_s.text, new_s.text),),
                          pair_metrics(old_r.metrics, new_r.metrics), 0.9)
        page = render_html(comp)
        cells = re.findall(r'<td class="chk">(?:<span class="(\w+)" title="([^"]*)">(.)</span>)?',
                           page)
        shown = [(k, html.unescape(t), sym) for k, t, sym in cells if sym]
        assert [(k, sym) for k, _, sym in shown] == [("ok", "✓"), ("no", "≠")]
        assert "按两年数据计算：+19.74%" in shown[1][1]
        # A change of an amount is written in the magnitude the report states it in.
        assert shown[0][1] == "报告自述：比去年增加8000亿元（第5行）；按两年数据计算：+8000亿元"

    def test_uses_chinese_system_fonts_and_no_external_font(self) -> None:
        """The font stack is the system CJK stack and no @font-face fetches anything."""
        assert 'system-ui, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif' in (
            self.page_text
        )
        assert "@font-face" not in self.page_text and "url(" not in self.page_text

    def test_mismatched_diffs_are_refused(self) -> None:
        """A Comparison whose diffs do not parallel its sections raises a clear error."""
        c = basic_comparison()
        broken = Comparison(c.series, c.old, c.new, c.sections, c.diffs[:-1], c.metrics, 0.5)
        with pytest.raises(CompareError) as info:
            render_html(broken)
        assert str(info.value) == (
            "The comparison has 11 sections but 10 diffs. Build Comparison.diffs parallel to "
            "Comparison.sections (None for added/removed)."
        )

    def test_empty_comparison_renders(self) -> None:
        """No sections and no metrics still give a page that says so."""
        c = basic_comparison()
        page = render_html(Comparison(c.series, c.old, c.new, (), (), (), 1.0))
        assert "两份报告中都没有找到数据。" in page
        assert "改动最大的章节" not in page


HOSTILE = [
    "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "</textarea>", "{{ x }}",
    "{% x %}", "\u202e", "\x00", "\"'", "&amp;", "</style>", "<!--", "]]>", "|", "*", "`",
]  # fmt: skip


class TestPageLanguage:
    @staticmethod
    def _page(old: str, new: str) -> str:
        reports = [build_report(parse_document(text.encode(), path=f"{year}.txt"))
                   for year, text in ((2018, old), (2019, new))]
        return render_html(compare_reports(*reports))

    def test_english_report_english_page(self) -> None:
        """A pair of English reports gives a page marked lang="en", its statuses in English."""
        page = self._page("PART I\nRevenue rose to $5 billion this year.\n",
                          "PART I\nRevenue rose to $6 billion this year.\n")
        assert '<html lang="en">' in page
        assert ">changed<" in page and "修改" not in page

    def test_chinese_report_chinese_page(self) -> None:
        """A pair of Chinese reports gives a page marked lang="zh-Hans", statuses in Chinese."""
        page = self._page("一、概况\n受理案件76件。\n", "一、概况\n受理案件91件。\n")
        assert '<html lang="zh-Hans">' in page
        assert ">修改<" in page

    @given(st.lists(st.text(alphabet=st.characters(max_codepoint=0x2FFFF), max_size=12),
                    max_size=4))
    def test_language_as_counted_char_by_char(self, texts: list[str]) -> None:
        """The language read in bulk is the one a count character by character gives."""
        han = letters = 0
        for ch in "".join(texts):
            han += is_cjk(ch)
            letters += is_cjk(ch) or ch.isalpha()
        expected = "zh-Hans" if letters and han / letters >= 0.3 else "en"
        assert page_lang(texts) == expected


class TestEscaping:
    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.sampled_from(HOSTILE) | st.text(max_size=5), min_size=1, max_size=6))
    def test_report_text_never_becomes_markup(self, parts: list[str]) -> None:
        """Whatever the report says, the page has only the template's tags and attributes."""
        text = "".join(parts)
        page = Page(render_html(hostile_comparison(text)))
        for tag, attrs in page.tags:
            assert tag in PAGE_TAGS, tag
            assert set(attrs) <= PAGE_ATTRS, attrs
        assert [t for t, _ in page.tags].count("script") == 1
        assert [t for t, _ in page.tags].count("style") == 1

    @pytest.mark.parametrize("text", HOSTILE[:8])
    def test_hostile_text_shows_as_text(self, text: str) -> None:
        """Markup-looking text is shown verbatim; NUL and RTL override as visible symbols."""
        shown = Page(render_html(hostile_comparison(text))).all_text()
        expected = text.replace("\x00", "\u2400").replace("\u202e", "<U+202E>")
        assert f"一、{expected}改" in shown
        assert "\x00" not in shown and "\u202e" not in shown


class TestRenderMarkdown:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])

    def test_sections_table_has_one_row_per_entry(self) -> None:
        """The sections table lists every entry with status, titles and similarity."""
        text = render_markdown(basic_comparison())
        table = text.split("## Sections", 1)[1].split("##", 1)[0]
        rows = [line for line in table.splitlines() if line.startswith("| ") and line[2].isdigit()]
        assert len(rows) == 11
        comp = basic_comparison()
        assert rows[1] == (
            "| 2 | renamed | 一、过去五年工作回顾 | 一、2018年工作回顾 "
            f"| {comp.change_of(1) * 100:.1f}% |"
        )
        assert rows[9] == "| 10 | added | — | 三、加强政府自身建设 | 100.0% |"

    def test_snippets_render_as_strike_and_bold(self) -> None:
        """Each change snippet renders to <s> for old words and <strong> for new ones."""
        out = self.md.render(render_markdown(basic_comparison()))
        assert "<s>9</s> <strong>6</strong>" in out
        assert "<s>过去五</s> <strong>2018</strong>" in out
        assert "<strong>，城镇新增就业1361万人</strong>" in out

    def test_metric_table(self) -> None:
        """The metric table shows old and new text, Δ with pp and Δ%."""
        text = render_markdown(basic_comparison())
        assert "| 国内生产总值增长 | 6.9% | 6.6% | ▼ −0.3 pp | — | changed | 7 / 7 |" in text
        assert "| 财政收入 | 17.3万亿元 | — | — | — | removed | 33 / — |" in text

    @settings(max_examples=100, deadline=None)
    @given(st.lists(st.sampled_from(HOSTILE) | st.text(max_size=5), min_size=1, max_size=6))
    def test_report_text_cannot_break_tables_or_inject_html(self, parts: list[str]) -> None:
        """Report text neither adds table cells nor produces raw HTML in the rendered Markdown."""
        text = render_markdown(hostile_comparison("".join(parts)))
        tokens = self.md.parse(text)
        assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
        inline_html = [c for t in tokens for c in (t.children or []) if c.type == "html_inline"]
        assert not inline_html
        rows_cells = [
            len([c for c in tokens[k + 1 : k + 40] if c.type in ("td_open", "th_open")])
            for k, t in enumerate(tokens)
            if t.type == "tr_open"
        ]
        assert rows_cells  # tables rendered at all
        widths = {len(tokens)}  # reset per table below
        widths.clear()
        for k, t in enumerate(tokens):
            if t.type == "tr_open":
                end = next(i for i in range(k, len(tokens)) if tokens[i].type == "tr_close")
                widths.add(sum(1 for c in tokens[k:end] if c.type in ("td_open", "th_open")))
        assert widths <= {5, 7}


class TestGolden:
    def test_basic_page_matches_snapshot(self) -> None:
        """The basic comparison renders byte for byte as the stored page and summary."""
        folder = CASES / "render_basic"
        outputs = {
            "expected.html": render_html(basic_comparison()),
            "expected.md": render_markdown(basic_comparison()),
        }
        if os.environ.get("UPDATE_GOLDEN") == "1":
            folder.mkdir(parents=True, exist_ok=True)
            for name, text in outputs.items():
                (folder / name).write_bytes(text.encode("utf-8"))
        for name, text in outputs.items():
            if not (folder / name).is_file():
                pytest.fail(f"{folder / name} is missing; run with UPDATE_GOLDEN=1 to create it")
            assert (folder / name).read_bytes() == text.encode("utf-8"), name


class TestTemplates:
    def test_repository_templates_are_found(self) -> None:
        """From a source checkout the repository's templates folder is used."""
        assert template_dir() == REPO / "templates"

    def test_missing_templates_are_reported(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """Without templates the error names both places looked in and how to fix it."""
        from compare.render import base as common

        monkeypatch.setattr(common, "__file__", str(tmp_path / "compare" / "render" / "common.py"))
        with pytest.raises(CompareError) as info:
            template_dir()
        assert str(info.value) == (
            f"The page templates were not found in {tmp_path / 'compare' / 'templates'} or "
            f"{tmp_path / 'templates'}. Reinstall compare-reports (the wheel ships them as "
            "compare/templates)."
        )

    @pytest.mark.slow
    def test_installed_wheel_renders_a_page(self, tmp_path: Path) -> None:
        """A built wheel carries the templates and renders a page from its own copy."""
        build = subprocess.run(
            [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path)],
            cwd=REPO, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert build.returncode == 0, build.stderr[-2000:]
        wheel = next(tmp_path.glob("*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            names = archive.namelist()
            assert "compare/templates/pair.html.j2" in names
            archive.extractall(tmp_path / "site")
        script = (
            "import sys; from fixtures_render import basic_comparison;"
            "from compare import render;"
            "assert render.template_dir() == __import__('pathlib').Path(sys.argv[1]).resolve();"
            "sys.stdout.write(render.render_html(basic_comparison()))"
        )
        env = {**os.environ, "PYTHONPATH": f"{tmp_path / 'site'}{os.pathsep}{REPO / 'tests'}"}
        run = subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / "site" / "compare" / "templates")],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr[-2000:]
        assert run.stdout == render_html(basic_comparison())


def test_section_helper_counts_lines() -> None:
    """The fixture helper gives each block its own source line (guards the line tests above)."""
    s = section("1", "一、标题", "第一段\n第二段", 10)
    assert s.lines == (10, 12, 14)
    assert SectionPair("added", None, s, 0.0).new is s


class TestMovedSentences:
    def _page(self) -> tuple[str, Page]:
        from compare.diff.worddiff import diff_texts

        first, second = "今年完成了三项改革。", "我们加强了执法队伍建设。"
        third = "群众满意度明显提升。"
        old = section("1", "一、执法", first + second + third, 3)
        new = section("1", "一、执法", third + first + second, 3)
        base = basic_comparison()
        comp = replace(
            base,
            sections=(SectionPair("changed", old, new, 0.9),),
            diffs=(diff_texts(old.text, new.text),),
            metrics=(),
        )
        page = render_html(comp)
        return page, Page(page)

    def test_panel_lists_the_move(self) -> None:
        """A moved sentence gets a panel row with both line numbers and its text."""
        page, parsed = self._page()
        panel = [a for t, a in parsed.tags if t == "p" and "mv" in (a.get("class") or "")]
        assert len(panel) == 1
        assert "移动的句子" in parsed.all_text()
        assert "100% 相同" in parsed.all_text()

    def test_marks_link_to_the_panel(self) -> None:
        """Both places of the moved sentence are marked and link to the panel row."""
        _page, parsed = self._page()
        [row_id] = [a["id"] for t, a in parsed.tags
                    if t == "p" and "mv" in (a.get("class") or "")]
        links = [a["href"] for t, a in parsed.tags if t == "a" and a.get("href") == f"#{row_id}"]
        # old and new side in the side-by-side view, old and new again in the inline view
        assert len(links) == 4
        assert f"#{row_id}" in {a.get("href") for t, a in parsed.tags if t == "a"}
        assert row_id in parsed.ids()


class TestMostChanged:
    def test_order_and_kinds(self) -> None:
        """Every entry a reader calls changed (split and merged too), largest score first;
        added, removed and unchanged ones left out."""
        comp = basic_comparison()
        picked = comp.most_changed(limit=10)
        statuses = {comp.sections[k].status for k in picked}
        assert statuses == {"renamed", "moved", "changed", "split", "merged"}
        changes = [comp.change_of(k) for k in picked]
        assert changes == sorted(changes, reverse=True)
        assert comp.most_changed(limit=2) == picked[:2]

    def test_bare_heading_entries_left_out(self) -> None:
        """An entry that is only a heading on both sides is not ranked, however retitled."""
        comp = basic_comparison()
        k = comp.most_changed(limit=1)[0]
        pair = comp.sections[k]
        assert pair.old is not None and pair.new is not None
        bare = replace(
            pair,
            old=replace(pair.old, text=pair.old.title),
            new=replace(pair.new, text=pair.new.title),
        )
        sections = comp.sections[:k] + (bare,) + comp.sections[k + 1 :]
        assert k not in replace(comp, sections=sections).most_changed(limit=10)
