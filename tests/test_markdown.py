"""Tests of compare.ingest.markdown and of Markdown reports through ingest and sections."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import SHARED

from compare.ingest.markdown import inline, looks_like_markdown, markdown_blocks
from compare.ingest.reader import parse_document, read_document
from compare.models import Block
from compare.sections import split_sections

SG = SHARED / "corpus" / "sg-budget"

# Every "## " line of sg-budget 1978-1987 that is not report structure, listed by hand from the
# files (grep '^## '): sittings suspended and resumed, their times, the Speaker in the Chair, and
# the House's adjournment after the speech.
SG_FURNITURE = {
    1978: {389},
    1979: {293, 297},
    1980: {397},
    1981: {399},
    1982: {241, 245, 249, 251, 255, 501},
    1983: {275, 279, 283, 285, 289, 521},
    1984: {263, 267, 271, 273, 277},
    1985: {451},
    1986: {389},
    1987: {439},
}


def sg(year: int) -> Path:
    path = SG / f"{year}.txt"
    if not path.exists():
        pytest.skip(f"corpus file sg-budget/{year}.txt not found under ../shared/corpus")
    return path


class TestLooksLikeMarkdown:
    def test_first_line_heading(self) -> None:
        """A file whose first line is an ATX heading is Markdown whatever its name."""
        assert looks_like_markdown("# Budget Speech\n\nText.\n")

    def test_metadata_and_heading(self) -> None:
        """Bold metadata lines with a heading further down make Markdown."""
        assert looks_like_markdown("Intro\n\n**Date:** 1985-03-08\n\n## Section I\n")

    def test_plain_text_is_not(self) -> None:
        """Plain Chinese or English text, hashtags and a lone '#' line are not Markdown."""
        assert not looks_like_markdown("一、总体要求\n#话题#很热。\n")
        assert not looks_like_markdown("Intro\n\n# one heading only, further down\n\nText.\n")
        assert not looks_like_markdown("PART I\n\nThe economy grew by 6.4%.\n")


class TestInline:
    @pytest.mark.parametrize(
        ("text", "want"),
        [
            ("**Date:** 1985-03-08", "Date: 1985-03-08"),
            ("**[Mr Speaker in the Chair]**", "[Mr Speaker in the Chair]"),
            ("a *b* and _c_ and __d__", "a b and c and d"),
            ("**a *b* c**", "a b c"),
            ("**加粗**文字", "加粗文字"),
            ("see [the annex](http://x.sg/a) and ![chart](c.png)", "see the annex and chart"),
            (r"\*not emphasis\*", "*not emphasis*"),
        ],
    )
    def test_markup_out(self, text: str, want: str) -> None:
        """Emphasis, links, images and escapes are markup and leave the text."""
        assert inline(text) == want

    @pytest.mark.parametrize(
        "text",
        ["x*x y*y", "snake_case_name", "<style>*{}</style><style>*{}</style>", "{{ x*x }}",
         "&lt;b&gt; stays", "3 * 4 * 5"],
    )
    def test_kept_as_written(self, text: str) -> None:
        """Asterisks inside words or around bare punctuation, and entities, stay as written."""
        assert inline(text) == text


class TestMarkdownBlocks:
    def test_headings_paragraphs_lines(self) -> None:
        """Headings carry their level; a wrapped paragraph records where each line starts."""
        got = markdown_blocks("# Title\n\nIntro that is\nwrapped here.\n\nSetext\n------\n")
        assert got.blocks == [
            Block("Title", 1, 1),
            Block("Intro that is wrapped here.", 3, starts=((14, 0, 4),)),
            Block("Setext", 6, 2),
        ]

    def test_metadata_front(self) -> None:
        """Metadata lines under the title give title and date and count as front matter."""
        got = markdown_blocks(
            "# Budget Speech\n\n**Date:** 1985-03-08\n**Title:** ANNUAL BUDGET STATEMENT\n\n"
            "---\n\n**Mr Speaker:**\n\nText.\n"
        )
        assert got.front == 3
        assert got.meta == {"date": "1985-03-08", "title": "ANNUAL BUDGET STATEMENT"}
        assert got.title == "ANNUAL BUDGET STATEMENT"
        assert [(b.text, b.line) for b in got.blocks] == [
            ("Budget Speech", 1),
            ("Date: 1985-03-08", 3),
            ("Title: ANNUAL BUDGET STATEMENT", 4),
            ("Mr Speaker:", 8),
            ("Text.", 10),
        ]

    def test_lists_tables_code(self) -> None:
        """List items keep their marker, table rows and code lines are blocks of their own."""
        got = markdown_blocks(
            "1. first item\n2. second\n   wrapped\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
            "```\ncode 3.5\n```\n"
        )
        assert [(b.text, b.line) for b in got.blocks] == [
            ("1. first item", 1),
            ("2. second wrapped", 2),
            ("| a | b |", 5),
            ("| 1 | 2 |", 7),
            ("code 3.5", 10),
        ]

    def test_cjk_lines(self) -> None:
        """Chinese lines join with nothing in between where a sentence runs on, and stay apart
        where one ends (a file written one paragraph per line, without blank lines)."""
        got = markdown_blocks("城镇新增就业1361万人，\n调查失业率5%。\n一、总体要求\n今年以来。\n")
        assert got.blocks == [
            Block("城镇新增就业1361万人，调查失业率5%。", 1, starts=((13, 0, 2),)),
            Block("一、总体要求", 3),
            Block("今年以来。", 4),
        ]


class TestMarkdownReports:
    def test_txt_read_as_markdown(self) -> None:
        """A .txt file written in Markdown: headings found, metadata out of the body."""
        raw = (
            b"# Budget Speech\n\n**Date:** 1985-03-08\n**Title:** ANNUAL BUDGET STATEMENT\n\n"
            b"---\n\nANNUAL BUDGET STATEMENT\n\n3.17 pm\n\n## Section I\n\nSection I\n\n"
            b"The economy grew by 8.2% in 1984.\n\n## The Economy in 1980-84\n\n"
            b"The Economy in 1980-84\n\nGrowth averaged 8.5% a year.\n"
        )
        doc = parse_document(raw, path="sg/notes.txt")
        assert (doc.title, doc.year, doc.series) == ("ANNUAL BUDGET STATEMENT", 1985, "sg")
        assert [b.text for b in doc.front][-2:] == ["ANNUAL BUDGET STATEMENT", "3.17 pm"]
        sections = [(s.level, s.title, s.line) for s in split_sections(doc.blocks)]
        assert sections == [(1, "Section I", 12), (2, "The Economy in 1980-84", 18)]

    @pytest.mark.parametrize("year", range(1978, 1988))
    def test_sg_budget_headings(self, year: int) -> None:
        """Every '## ' line of sg-budget that is structure is a section at its line; no other
        line is, and no furniture line is."""
        path = sg(year)
        lines = path.read_text(encoding="utf-8").splitlines()
        marked = {n for n, line in enumerate(lines, 1) if re.match(r"## \S", line)}
        want = marked - SG_FURNITURE[year]
        doc = read_document(path)
        got = {s.line for s in split_sections(doc.blocks) if s.level >= 1}
        assert got == want
        assert doc.year == year and doc.series == "sg-budget"

    def test_sg_metadata_and_adjournment(self) -> None:
        """sg-budget 1985: title and date from its metadata; the adjournment and the tabled
        appendices after it are back matter."""
        doc = read_document(sg(1985))
        assert doc.title == "ANNUAL BUDGET STATEMENT"
        assert "Date: 1985-03-08" in [b.text for b in doc.front]
        assert doc.back[0].text == "ADJOURNMENT" and doc.back[0].line == 451
        assert not any("**" in b.text for b in doc.blocks)
