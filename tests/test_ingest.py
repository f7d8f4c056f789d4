"""Tests of compare.ingest.reader: decoding, blocks, scraping breaks, front/back matter, year."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import MAX_RATIO, SHARED, ratio

from compare.errors import InputError
from compare.ingest.htmltext import html_blocks
from compare.ingest.reader import collect_paths, decode, parse_document, read_document, scan_paths
from compare.models import Block

CORPUS = SHARED / "corpus"
CASES = Path(__file__).resolve().parent / "cases"
TEXT = "各位代表：\n一、２０１９年工作回顾\n城镇新增就业1361万人。\n"


def corpus(rel: str) -> Path:
    path = CORPUS / rel
    if not path.exists():
        pytest.skip(f"corpus file {rel} not found under ../shared/corpus")
    return path


def texts(blocks: tuple[Block, ...]) -> list[str]:
    return [b.text for b in blocks]


class TestDecode:
    def test_utf8_plain_and_bom(self) -> None:
        """UTF-8 with and without BOM decode to the same text; the BOM is reported."""
        assert decode(TEXT.encode("utf-8"), name="a.txt") == (TEXT, "utf-8")
        assert decode(b"\xef\xbb\xbf" + TEXT.encode("utf-8"), name="a.txt") == (TEXT, "utf-8-sig")

    def test_utf16_with_bom(self) -> None:
        """UTF-16 LE and BE with a BOM decode to the same text."""
        le = b"\xff\xfe" + TEXT.encode("utf-16-le")
        be = b"\xfe\xff" + TEXT.encode("utf-16-be")
        assert decode(le, name="a.txt") == (TEXT, "utf-16-le")
        assert decode(be, name="a.txt") == (TEXT, "utf-16-be")

    def test_gbk_and_gb18030(self) -> None:
        """GBK bytes (a subset of GB18030) and GB18030 bytes decode as GB18030."""
        assert decode(TEXT.encode("gbk"), name="a.txt") == (TEXT, "gb18030")
        assert decode("𠀀".encode("gb18030") + TEXT.encode("gb18030"), name="a.txt")[0] == (
            "𠀀" + TEXT
        )

    def test_empty_refused(self) -> None:
        """An empty (or whitespace-only) file is refused with a message naming it."""
        with pytest.raises(InputError) as err:
            decode(b" \n", name="r/2019.txt")
        assert str(err.value) == "r/2019.txt is empty. Give a file that holds the report's text."

    def test_pdf_png_refused(self) -> None:
        """PDF and PNG magic numbers are named in the refusal."""
        with pytest.raises(InputError) as err:
            decode(b"%PDF-1.7\n...", name="r.pdf")
        assert str(err.value) == (
            "r.pdf looks like a PDF, not a text file. "
            "Convert it to plain text or HTML first and ingest that file."
        )
        with pytest.raises(InputError, match=r"^x\.txt looks like a PNG image, not a text file\."):
            decode(b"\x89PNG\r\n\x1a\n\x00\x00", name="x.txt")

    def test_nul_bytes_refused(self) -> None:
        """NUL bytes without a UTF-16 BOM mean a binary file."""
        with pytest.raises(InputError) as err:
            decode(b"abc\x00def", name="b.bin")
        assert str(err.value) == (
            "b.bin looks like a binary file (it contains NUL bytes), not text. "
            "Give the report as a .txt, .md or .html file (UTF-8, UTF-16 or GB18030)."
        )

    def test_undecodable_refused(self) -> None:
        """Bytes no supported encoding decodes are refused with the offset of the first one."""
        with pytest.raises(InputError) as err:
            decode(b"abc\xff\xfe\xfd", name="c.txt")
        assert str(err.value) == (
            "c.txt is not UTF-8, UTF-16, GB18030, Big5, Shift-JIS, EUC-KR or Latin-1 text that "
            "can be read for certain (undecodable byte at offset 3). "
            "Save it as UTF-8 and ingest it again."
        )


class TestOtherEncodings:
    @pytest.mark.parametrize(
        "name", ["shift_jis.txt", "shift_jis-short.txt", "big5.txt", "euc_kr.txt", "latin1.txt"]
    )
    def test_fixture_read_right(self, name: str) -> None:
        """Each fixture decodes to the text it was written from, in a matching codec."""
        want = json.loads((CASES / "encodings" / "expected.json").read_text(encoding="utf-8"))
        text, encoding = decode((CASES / "encodings" / name).read_bytes(), name=name)
        assert text == want[name]["text"]
        codecs = {"shift_jis": {"cp932", "shift_jis"}, "big5": {"big5"},
                  "euc_kr": {"cp949", "euc_kr"}, "latin-1": {"cp1252", "latin_1"}}
        assert encoding in codecs[want[name]["encoded_as"]]

    def test_no_mojibake_from_gb18030(self) -> None:
        """Shift-JIS bytes that GB18030 would decode are not taken as GB18030."""
        raw = "東京都の報告書です。".encode("shift_jis")
        assert raw.decode("gb18030") == "搶嫗搒偺曬崘彂偱偡丅"  # what used to be stored
        assert decode(raw, name="a.txt")[0] == "東京都の報告書です。"

    def test_traditional_gbk(self) -> None:
        """Traditional Chinese saved as GBK (outside GB2312) is still read as GB18030."""
        text = "臺北市政府工作報告。本市財政收入較上年增長百分之五，達到新臺幣一千億元。"
        assert decode(text.encode("gbk"), name="a.txt") == (text, "gb18030")

    def test_junk_refused(self) -> None:
        """High bytes that read as no language are refused, not stored as Latin-1."""
        with pytest.raises(InputError) as err:
            decode((CASES / "encodings" / "junk.txt").read_bytes(), name="junk.txt")
        assert str(err.value).startswith("junk.txt is not UTF-8, UTF-16, GB18030, Big5, ")


class TestHtmlLines:
    def test_wrapped_paragraph(self) -> None:
        """A <p> over several source lines records where each line's text starts."""
        (block,) = html_blocks("<p>国内生产总值增长\n  6.6%，\n\n城镇新增就业1361万人。</p>")
        assert block == Block("国内生产总值增长 6.6%， 城镇新增就业1361万人。", 1,
                              starts=((9, 0, 2), (15, 0, 4)))


class TestScan:
    def test_skipped_with_reasons(self, tmp_path: Path) -> None:
        """A folder walk lists every file it does not read, with why; named files are read."""
        for rel in ("2019.txt", "notes.csv", "README.md", ".hidden/2017.txt", ".DS_Store",
                    "sub/2018.html"):
            (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / rel).write_text("x", encoding="utf-8")
        scan = scan_paths([tmp_path, tmp_path / "notes.csv"])
        assert scan.files == (tmp_path / "2019.txt", tmp_path / "sub/2018.html",
                              tmp_path / "notes.csv")
        assert scan.named == {tmp_path / "notes.csv"}
        assert scan.skipped == (
            (".hidden/", "hidden"),
            (".DS_Store", "hidden"),
            ("README.md", "a README"),
            ("notes.csv", "not a report format"),
        )
        assert scan.shown[tmp_path / "sub/2018.html"] == "sub/2018.html"

    def test_year_from_metadata_date(self) -> None:
        """A Markdown file's **Date:** gives the year when its title and name give none."""
        raw = b"# Budget Speech\n\n**Date:** 1985-03-08\n\n## Revenue\n\nText.\n"
        doc = parse_document(raw, path="x/speech.md")
        assert (doc.title, doc.year) == ("Budget Speech", 1985)


class TestCases:
    @pytest.mark.parametrize(
        "case", sorted(p.name for p in CASES.glob("ingest_*")), ids=lambda name: name
    )
    def test_case(self, case: str) -> None:
        """Each tests/cases/ingest_* file gives the expected front, blocks, back and names."""
        folder = CASES / case
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        doc = read_document(folder / expected["file"])
        assert (doc.title, doc.year, doc.series) == (
            expected["title"],
            expected["year"],
            expected["series"],
        )
        for part in ("front", "blocks", "back"):
            want = [
                Block(
                    b["text"],
                    b["line"],
                    b.get("hint", 0),
                    starts=tuple(tuple(x) for x in b.get("starts", ())),
                )
                for b in expected[part]
            ]
            assert list(getattr(doc, part)) == want, part


class TestBlocks:
    def test_line_endings(self) -> None:
        """CRLF, CR and LF files give the same blocks with the same line numbers."""
        lines = ["一、总体情况", "", "经济平稳。", "", "", "（一）稳增长。"]
        docs = [
            parse_document(sep.join(lines).encode(), path="2019.txt")
            for sep in ("\n", "\r\n", "\r")
        ]
        assert docs[0].blocks == docs[1].blocks == docs[2].blocks
        assert [b.line for b in docs[0].blocks] == [1, 3, 6]

    def test_text_kept_as_written(self) -> None:
        """Full-width digits, inner U+3000 and zero-width characters stay; outer U+3000 goes."""
        raw = "　　国内生产总值达到４３８００亿元，\u200b增长　１１．８％。　\n".encode()
        doc = parse_document(raw, path="1995.txt")
        assert texts(doc.blocks) == ["国内生产总值达到４３８００亿元，\u200b增长　１１．８％。"]

    def test_heading_not_joined_to_paragraph(self) -> None:
        """A heading line is not joined to the paragraph below, nor two real paragraphs."""
        lines = [
            "一、法治政府建设基本情况",
            "2019年，我市取得成效。",
            "二、存在问题",
            "部分单位重视不够",
            "另一段。",
        ]
        doc = parse_document("\n".join(lines).encode(), path="2019.txt")
        assert texts(doc.blocks) == lines

    def test_comma_break_joined(self) -> None:
        """A line cut after a comma continues on the next line."""
        raw = "实现人民币汇率并轨，\n是一项重要的改革措施。\n".encode()
        assert texts(parse_document(raw, path="1994.txt").blocks) == [
            "实现人民币汇率并轨，是一项重要的改革措施。"
        ]

    def test_english_wrapped_prose(self) -> None:
        """Hard-wrapped English prose is joined with a space."""
        raw = b"The force handled more calls\nthan in any year before.\nNew paragraph.\n"
        doc = parse_document(raw, path="2019.txt")
        assert texts(doc.blocks) == [
            "The force handled more calls than in any year before.",
            "New paragraph.",
        ]

    def test_markdown(self) -> None:
        """Markdown headings lose their #s and carry the level as hint; paragraphs are joined."""
        raw = b"# Annual Report 2019\n\nIntro that is\nwrapped.\n\n## Results\n\n- one\n- two\n"
        doc = parse_document(raw, path="spf/2019.md")
        assert doc.front == (Block("Annual Report 2019", 1, 1),)
        assert list(doc.blocks) == [
            Block("Intro that is wrapped.", 3, starts=((14, 0, 4),)),
            Block("Results", 6, 2),
            Block("- one", 8),
            Block("- two", 9),
        ]

    def test_html_by_suffix_drops_markup(self) -> None:
        """A .html file: tags never leak, entities are unescaped, script/style dropped."""
        raw = (
            b"<html><head><style>p {}</style></head><body>\n<h2>Part &amp; One</h2>\n"
            b"<p>Text <b>bold</b>.</p><ul><li>item</li></ul></body></html>"
        )
        doc = parse_document(raw, path="r/2019.html")
        assert list(doc.blocks) == [
            Block("Part & One", 2, 2),
            Block("Text bold.", 3),
            Block("item", 3),
        ]


class TestFrontBackNames:
    def test_year_series_from_title(self) -> None:
        """The title gives year and series (title without the year); args override both."""
        raw = "恩平市2019年法治政府建设情况报告\n今年以来，我市依法行政。\n".encode()
        doc = parse_document(raw, path="x/report.txt")
        assert (doc.title, doc.year, doc.series) == (
            "恩平市2019年法治政府建设情况报告",
            2019,
            "恩平市法治政府建设情况报告",
        )
        doc = parse_document(raw, path="x/report.txt", year=2020, series="s")
        assert (doc.year, doc.series) == (2020, "s")

    def test_year_series_from_file_and_folder(self) -> None:
        """No title: the year comes from the file name, the series from its letters or folder."""
        raw = "各位代表：\n现在报告工作。\n".encode()
        named = parse_document(raw, path="a/enping-2019.txt")
        assert (named.title, named.year, named.series) == ("enping-2019", 2019, "enping")
        bare = parse_document(raw, path="reports/cn-gwr/2018.txt")
        assert (bare.year, bare.series) == (2018, "cn-gwr")
        none = parse_document(raw, path="reports/cn-gwr/latest.txt")
        assert (none.title, none.year) == ("latest", None)

    def test_title_and_byline_in_front(self) -> None:
        """A split title, a date line and the speaker go to front; the salutation stays."""
        raw = (
            "\u200b\n\n政府工作报\n告\n\n——2017年3月5日在全国人民代表大会上\n\n"
            "国务院总理\n　李克强\n\n各位代表：\n\n现在报告工作。\n"
        ).encode()
        doc = parse_document(raw, path="cn-gwr/2017.txt")
        assert texts(doc.front) == [
            "政府工作报告",
            "——2017年3月5日在全国人民代表大会上",
            "国务院总理李克强",
        ]
        assert texts(doc.blocks) == ["各位代表：", "现在报告工作。"]
        assert doc.title == "政府工作报告"

    def test_footer_marker_in_body_kept(self) -> None:
        """A licence word early in a long report does not swallow the rest of it."""
        body = [f"第{i}段内容。" for i in range(20)]
        raw = "\n".join(["版权所有的保护很重要。", *body, "版权所有：某市政府"]).encode()
        doc = parse_document(raw, path="2019.txt")
        assert texts(doc.back) == ["版权所有：某市政府"]
        assert doc.blocks[0].text == "版权所有的保护很重要。"


class TestReadAndCollect:
    def test_missing_and_folder(self, tmp_path: Path) -> None:
        """A missing path and a folder are refused with exact messages."""
        with pytest.raises(InputError) as err:
            read_document(tmp_path / "nope.txt")
        assert (
            str(err.value)
            == f"{tmp_path / 'nope.txt'} does not exist. Check the path and try again."
        )
        with pytest.raises(InputError) as err:
            read_document(tmp_path)
        assert (
            str(err.value) == f"{tmp_path} is a folder, not a file. Give the report file inside it."
        )

    def test_collect(self, tmp_path: Path) -> None:
        """Folders expand recursively to report files, sorted; hidden files and README skipped."""
        for rel in (
            "b/2019.txt",
            "a/2018.md",
            "a/README.md",
            ".hidden/2017.txt",
            "a/x.xlsx",
            "c/2016.HTM",
            "a/.2015.txt",
        ):
            (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / rel).write_text("x", encoding="utf-8")
        explicit = tmp_path / "a" / "x.xlsx"
        got = collect_paths([tmp_path, explicit])
        assert got == [
            tmp_path / "a/2018.md",
            tmp_path / "b/2019.txt",
            tmp_path / "c/2016.HTM",
            explicit,
        ]
        with pytest.raises(InputError) as err:
            collect_paths([tmp_path / "gone"])
        assert (
            str(err.value) == f"{tmp_path / 'gone'} does not exist. Check the path and try again."
        )


class TestCorpus:
    def test_enping_front(self) -> None:
        """The seed report: breadcrumb and both title lines in front, year and series found."""
        doc = read_document(corpus("enping-fzzf/2019.txt"))
        assert (doc.year, doc.series) == (2019, "恩平市法治政府建设情况报告")
        assert [b.line for b in doc.front] == [2, 3, 4]
        assert doc.front[0].text.startswith("当前位置")
        assert doc.blocks[0].line == 5 and doc.back == ()

    @pytest.mark.parametrize("year", [1994, 1995, 2014, 2015, 2016, 2017, 2018, 2019])
    def test_cn_gwr_back(self, year: int) -> None:
        """The Wikisource licence (from the line starting 本作品) is in back, nothing after it."""
        doc = read_document(corpus(f"cn-gwr/{year}.txt"))
        assert doc.back[0].text.startswith("本作品")
        assert (doc.year, doc.series) == (year, "cn-gwr")
        assert not any("本作品" in b.text or "Public domain" in b.text for b in doc.blocks)

    def test_cn_gwr_breaks_rejoined(self) -> None:
        """2019: link breaks are rejoined; as many paragraphs as the HTML rendering."""
        doc = read_document(corpus("cn-gwr/2019.txt"))
        html = read_document(corpus("cn-gwr-govcn-html/2019.txt"))
        assert any("细颗粒物（PM2.5）浓度继续下降" in b.text for b in doc.blocks)
        assert any("广义货币M2和社会融资规模" in b.text for b in doc.blocks)
        raw = corpus("cn-gwr-govcn-html/2019.txt").read_text(encoding="utf-8")
        elements = len(re.findall(r"<(?:p|h\d)\b", raw))
        # The text version puts its ten （一）… headings on their own lines; the HTML runs them on.
        run_on = sum(
            1
            for b in doc.blocks
            if b.text.startswith("（") and b.text.endswith("。") and len(b.text) < 40
        )
        assert len(doc.blocks) - run_on == elements == len(html.blocks)

    def test_html_fragment_sniffed(self) -> None:
        """A .txt holding an HTML fragment is parsed as HTML: no tag in any text, hints set."""
        doc = read_document(corpus("cn-gwr-govcn-html/2018.txt"))
        everything = doc.front + doc.blocks + doc.back
        assert not any("<" in b.text or ">" in b.text for b in everything)
        assert doc.blocks[2] == Block("一、过去五年工作回顾", 4, 5)

    def test_npc_resolution_back(self) -> None:
        """A short resolution: the licence blocks go to back, the resolution stays."""
        doc = read_document(corpus("cn-npc-resolution/2019.txt"))
        assert len(doc.blocks) == 2 and doc.back[0].text.startswith("本作品")


class TestPerformance:
    def test_one_megabyte_line(self) -> None:
        """A 1 MB single line parses whole, at a cost linear in its length."""
        doc = parse_document(("经济增长，" * 70_000 + "。").encode(), path="2019.txt")
        assert len(doc.blocks) == 1 and len(doc.blocks[0].text) == 350_001
        got = ratio(lambda n: lambda: parse_document(("经济增长，" * n + "。").encode(),
                                                     path="2019.txt"), 10_000)
        assert got < MAX_RATIO

    def test_many_joined_lines_linear(self) -> None:
        """Fragments joined into one block (200,000 of them) cost linear time in their number."""
        doc = parse_document(("经济增长，\n" * 200_000).encode(), path="2019.txt")
        assert len(doc.blocks) == 1
        got = ratio(lambda n: lambda: parse_document(("经济增长，\n" * n).encode(),
                                                     path="2019.txt"), 10_000)
        assert got < MAX_RATIO

    def test_fifty_megabytes(self) -> None:
        """A 50 MB file parses into its blocks (the cost's shape is the tests' above)."""
        para = "我国经济保持稳定增长，国内生产总值增长6.6%。城镇新增就业1361万人。\n\n"
        unit = ("一、总体情况\n\n" + para * 50).encode()
        doc = parse_document(unit * (50_000_000 // len(unit) + 1), path="2019.txt")
        assert len(doc.blocks) > 100_000


_LINE = st.text(
    alphabet=st.sampled_from(list("一二三、（）()1234.。，　 报告年本作品经济增长PMabc——\u200b>")),
    max_size=12,
)


class TestNothingLost:
    @settings(max_examples=200, deadline=None)
    @given(st.lists(_LINE, max_size=30))
    def test_every_line_kept_once(self, lines: list[str]) -> None:
        """Every non-blank line's text is in front, blocks or back, in order, exactly once."""
        raw = "\n".join(lines).encode()
        if not raw.strip():
            return
        doc = parse_document(raw, path="r/2019.txt")
        zw = "\u200b"

        def squash(s: str) -> str:
            return re.sub(r"\s", "", s).replace(zw, "")

        source = "".join(squash(line) for line in lines)
        kept = "".join(squash(b.text) for b in doc.front + doc.blocks + doc.back)
        assert kept == source
