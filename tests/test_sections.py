"""Tests of compare.sections: heading grammar, levels, paths, titles, items, corpus gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import SHARED

from compare.ingest.reader import parse_document, read_document
from compare.models import Block
from compare.sections import section_tree, split_sections
from compare.textkit.chars import fold
from compare.textkit.headings import inline_items, match_heading

CASES = Path(__file__).resolve().parent / "cases"


def shared(rel: str) -> Path:
    path = SHARED / rel
    if not path.exists():
        pytest.skip(f"{rel} not found under ../shared")
    return path


def blocks_of(*texts: str) -> list[Block]:
    return [Block(t, i) for i, t in enumerate(texts, 1)]


def outline(blocks: list[Block]) -> list[tuple[str, int, str]]:
    return [(s.path, s.level, s.title) for s in split_sections(blocks)]


class TestCases:
    @pytest.mark.parametrize(
        "case", sorted(p.name for p in CASES.glob("sections_*")), ids=lambda name: name
    )
    def test_case(self, case: str) -> None:
        """Each tests/cases/sections_* block list gives the expected outline."""
        folder = CASES / case
        lines = (folder / "blocks.txt").read_text(encoding="utf-8").splitlines()
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        got = [
            {"path": s.path, "level": s.level, "title": s.title, "line": s.line}
            for s in split_sections(blocks_of(*lines))
        ]
        assert got == expected


class TestGrammar:
    @pytest.mark.parametrize(
        "text",
        [
            "2019年，我市",
            "3.5亿元资金",
            "1.2万人",
            "——经济运行保持在合理区间。",
            "一是加强领导。",
            "1.5万人参加培训",
            "(2015-2020年)规划",
            "一、二线城市房价",
            "2019、2020年",
            "3 million calls",
        ],
    )
    def test_not_headings(self, text: str) -> None:
        """Years, decimals, lead-ins, 一是 items and bare numbers are not heading candidates."""
        assert match_heading(text) is None

    @pytest.mark.parametrize(
        ("text", "kind", "ordinal"),
        [
            ("一、总体要求", "dun", (1,)),
            ("（十二）民生", "cn_paren", (12,)),
            ("(3)措施", "ar_paren", (3,)),
            ("1．加强", "dec", (1,)),
            ("2、推进", "dec", (2,)),
            ("1.2.3 Data", "dec", (1, 2, 3)),
            ("第二十一章 附则", "第章", (21,)),
            ("第三部分", "第部分", (3,)),
            ("PART IV", "part", (4,)),
            ("Part Two", "part", (2,)),
        ],
    )
    def test_heading_kinds(self, text: str, kind: str, ordinal: tuple[int, ...]) -> None:
        """Each ordinal style is recognised with its kind and value."""
        hm = match_heading(text)
        assert hm is not None and (hm.kind, hm.ordinal) == (kind, ordinal)

    def test_sequence_guard(self) -> None:
        """A stray number that does not continue its sequence stays body text."""
        got = outline(
            blocks_of("一、总体", "1.加强领导。", "4.完善制度。", "2.推进改革。", "7、其他")
        )
        assert got == [("1", 1, "一、总体"), ("1/1", 2, "1.加强领导。"), ("1/2", 2, "2.推进改革。")]

    def test_starts_at_second_kind(self) -> None:
        """A report starting at （一） still has level 1; 1. below it is level 2."""
        got = outline(blocks_of("（一）稳增长。", "1.减税。", "（二）促改革。"))
        assert [(p, lv) for p, lv, _ in got] == [("1", 1), ("1/1", 2), ("2", 1)]

    def test_deep_nesting_and_duplicates(self) -> None:
        """Six levels nest; duplicate titles get distinct paths."""
        texts = [
            "第一章 总则",
            "第一节 目的",
            "一、范围",
            "（一）对象",
            "1.单位",
            "（1）部门",
            "（2）部门",
            "2.单位",
            "（1）部门",
        ]
        got = outline(blocks_of(*texts))
        assert [(p, lv) for p, lv, _ in got] == [
            ("1", 1),
            ("1/1", 2),
            ("1/1/1", 3),
            ("1/1/1/1", 4),
            ("1/1/1/1/1", 5),
            ("1/1/1/1/1/1", 6),
            ("1/1/1/1/1/2", 6),
            ("1/1/1/1/2", 5),
            ("1/1/1/1/2/1", 6),
        ]

    def test_run_on_title(self) -> None:
        """A run-on heading's title stops at its first 。 or ；, English at '. '."""
        got = outline(blocks_of("（一）稳增长；保就业。其他内容。", "1. Scope. This covers units."))
        assert [t for _, _, t in got] == ["（一）稳增长；", "1. Scope."]


class TestHints:
    def test_hints_unused_when_grammar_found(self) -> None:
        """<h5> salutations and hinted blocks are not headings when the grammar finds some."""
        blocks = [
            Block("各位代表：", 1, 4),
            Block("一、回顾", 2, 5),
            Block("正文。", 3),
            Block("各位代表！", 4, 5),
            Block("（一）任务。", 5),
            Block("结语", 6, 5),
        ]
        assert outline(blocks) == [("0", 0, ""), ("1", 1, "一、回顾"), ("1/1", 2, "（一）任务。")]

    def test_hints_used_without_grammar(self) -> None:
        """With no grammar heading, hinted blocks give the outline, levels normalised to 1."""
        blocks = [
            Block("Intro", 1, 2),
            Block("text", 2),
            Block("Detail", 3, 3),
            Block("Dear members:", 4, 2),
            Block("Next", 5, 2),
        ]
        assert outline(blocks) == [("1", 1, "Intro"), ("1/1", 2, "Detail"), ("2", 1, "Next")]

    def test_markdown_mixed_headings(self) -> None:
        """Markdown with numbered and unnumbered headings keeps both, by '#' depth."""
        doc = parse_document(b"## 1. Scope\n\ntext\n\n## Methods\n\n### Data\n", path="2019.md")
        assert outline(list(doc.blocks)) == [
            ("1", 1, "1. Scope"),
            ("2", 1, "Methods"),
            ("2/1", 2, "Data"),
        ]


class TestNoHeadings:
    def test_paragraph_units(self) -> None:
        """Without headings each paragraph is a level-1 unit titled by its first sentence."""
        got = split_sections(blocks_of("会议同意报告。会议号召。", "全国人民团结奋斗"))
        assert [(s.path, s.level, s.title, s.text) for s in got] == [
            ("1", 1, "会议同意报告。", "会议同意报告。会议号召。"),
            ("2", 1, "全国人民团结奋斗", "全国人民团结奋斗"),
        ]

    def test_empty(self) -> None:
        """No blocks, no sections."""
        assert split_sections([]) == ()


class TestItems:
    def test_item_spans(self) -> None:
        """一是/二是 items are found in sequence; 统一是 and a lone 五是 are not items."""
        text = "主要做了以下工作。一是加强领导。二是统一是非。三是完善制度。\n五是另段。一是新序列"
        got = [text[a:b] for a, b in inline_items(text)]
        assert got == ["一是加强领导。", "二是统一是非。", "三是完善制度。", "一是新序列"]


class TestSectionTree:
    def test_tree(self) -> None:
        """section_tree groups children under their parent path."""
        secs = split_sections(blocks_of("前言", "一、甲", "（一）乙", "二、丙"))
        tree = section_tree(secs)
        assert [s.path for s in tree[None]] == ["0", "1", "2"]
        assert [s.path for s in tree["1"]] == ["1/1"]


class TestCorpus:
    def test_enping(self) -> None:
        """Seed report: parts 一二三, eight (一)… in 一 with 1. items, run-on (一)… in 三."""
        doc = read_document(shared("corpus/enping-fzzf/2019.txt"))
        secs = split_sections(doc.blocks)
        by_level = {lv: [s for s in secs if s.level == lv] for lv in (1, 2, 3)}
        assert [s.title for s in by_level[1]] == [
            "一、法治政府建设基本情况",
            "二、法治政府建设存在的主要问题",
            "三、下一步工作设想",
        ]
        part1 = [s for s in by_level[2] if s.parent == "1"]
        assert [s.title[:3] for s in part1] == [f"({n})" for n in "一二三四五六七八"]
        assert all(s.parent and s.parent.startswith("1/") for s in by_level[3])
        assert len(by_level[3]) == 2 + 4 + 3 + 6 + 4 + 5 + 2 + 4 and by_level[3][
            0
        ].title.startswith("1.深化行政审批改革")
        part3 = [s for s in by_level[2] if s.parent == "3"]
        assert [s.title for s in part3] == [
            "(一)加强部门联动,提升行政执法效能。",
            "(二)加强业务培训,提高干部法治思维。",
            "(三)加强队伍建设,强化法治人才保障。",
        ]
        assert all(s.line > 4 for s in secs)  # breadcrumb and title lines are front
        assert not any(fold(s.title).startswith("2019") for s in secs)

    @pytest.mark.parametrize("name", ["gwr-2018-2019.align.json", "gwr-2015-2016.align.json"])
    def test_gold_headings(self, name: str) -> None:
        """Every level-1/2 heading of the gold files is found with its title and line, no more."""
        gold = json.loads(shared(f"gold/{name}").read_text(encoding="utf-8"))
        for side, year in (("old_headings", gold["old_year"]), ("new_headings", gold["new_year"])):
            doc = read_document(shared(f"corpus/cn-gwr/{year}.txt"))
            got = {(s.level, s.title, s.line) for s in split_sections(doc.blocks) if s.level}
            want = {(h["level"], h["title"], h["line"]) for h in gold[side]}
            assert got == want, year

    @pytest.mark.parametrize("year", range(2014, 2020))
    def test_text_and_html_agree(self, year: int) -> None:
        """The same year as Wikisource text and as govcn HTML gives the same section titles."""
        text = read_document(shared(f"corpus/cn-gwr/{year}.txt"))
        html = read_document(shared(f"corpus/cn-gwr-govcn-html/{year}.txt"))
        a = [(s.level, fold(s.title)) for s in split_sections(text.blocks)]
        b = [(s.level, fold(s.title)) for s in split_sections(html.blocks)]
        assert a == b and len(a) > 3

    @pytest.mark.parametrize("year", [2007, 2016, 2025])
    def test_resolution_units(self, year: int) -> None:
        """A resolution has no headings: its paragraphs become units "1", "2"…"""
        doc = read_document(shared(f"corpus/cn-npc-resolution/{year}.txt"))
        secs = split_sections(doc.blocks)
        assert [s.path for s in secs] == [str(i) for i in range(1, len(doc.blocks) + 1)]
        assert all(s.level == 1 and s.text.startswith(s.title) for s in secs)


_BLOCK = st.one_of(
    st.sampled_from(
        [
            "一、总则",
            "二、分则",
            "（一）目的",
            "（二）范围",
            "1.单位",
            "2.部门",
            "各位代表！",
            "2019年，我市",
            "1.5万人",
            "PART I",
        ]
    ),
    st.text(alphabet="经济增长。，一二是1.", min_size=1, max_size=10),
)


class TestInvariants:
    @settings(max_examples=200, deadline=None)
    @given(st.lists(_BLOCK, max_size=25), st.lists(st.integers(0, 6), max_size=25))
    def test_texts_rejoin_blocks(self, texts: list[str], hints: list[int]) -> None:
        """Sections' texts joined reproduce the blocks; titles prefix texts; paths are unique."""
        blocks = [
            Block(t, i, hints[i - 1] if i <= len(hints) else 0) for i, t in enumerate(texts, 1)
        ]
        secs = split_sections(blocks)
        assert "\n".join(s.text for s in secs) == "\n".join(b.text for b in blocks)
        assert [ln for s in secs for ln in s.lines] == [b.line for b in blocks]
        assert all(s.text.startswith(s.title) for s in secs)
        assert len({s.path for s in secs}) == len(secs)
        for s in secs:
            assert s.parent is None or any(
                p.path == s.parent and p.level == s.level - 1 for p in secs
            )
