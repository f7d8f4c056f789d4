"""Tests of the text toolkit (compare.textkit): characters, sentences, numerals, the heading
grammar and title masks, tokens and the segmenter stamp."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.textkit.chars import INVISIBLE, ascii_digits, fold, fold_line, fold_map, is_cjk
from compare.textkit.headings import (
    mask_title,
    match_heading,
    strip_ordinal,
    title_key,
    title_similarity,
)
from compare.textkit.numerals import numeral_int, parse_numeral, roman_int, word_int, years_text
from compare.textkit.sentences import first_sentence, sentence_ends, sentence_spans
from compare.textkit.words import segmenter_stamp

# Every character folding changes, and some it leaves alone.
_FOLD_ALPHABET = [chr(c) for c in range(0xFF01, 0xFF5F)] + sorted(INVISIBLE) + list(
    "\u3000\u00a0\r\n a1中。、"
)


def _naive(ch: str) -> str:
    """One character folded: full-width ASCII to ASCII, wide and no-break spaces to a space,
    zero-width characters to nothing."""
    if 0xFF01 <= ord(ch) <= 0xFF5E:
        return chr(ord(ch) - 0xFEE0)
    if ch in "\u3000\u00a0":
        return " "
    return "" if ch in INVISIBLE else ch


class TestChars:
    def test_fold_widths_and_zero_width(self) -> None:
        """Full-width ASCII, ideographic and no-break spaces fold; zero-width goes; CRLF is LF."""
        assert fold("（一）１２３\u3000a\u00a0b\u200b\r\nc\rd") == "(一)123 a b\nc\nd"

    def test_fold_line_keeps_length(self) -> None:
        """fold_line swaps one for one, so offsets index the original line."""
        line = "增长６.６％\u200b。"
        assert len(fold_line(line)) == len(line) and fold_line(line).startswith("增长6.6%")

    def test_fold_map_reports_drops(self) -> None:
        """fold_map gives fold's text and the folded offsets where characters were dropped."""
        text, drops = fold_map("a\u200bb\r\nc")
        assert text == fold("a\u200bb\r\nc") == "ab\nc" and drops == [1, 3]

    @settings(max_examples=300, deadline=None)
    @given(text=st.text(alphabet=st.sampled_from(_FOLD_ALPHABET), max_size=40))
    def test_fold_agrees_with_naive_reference(self, text: str) -> None:
        """fold, fold_line and fold_map give what a character-by-character table gives."""
        lf = text.replace("\r\n", "\n").replace("\r", "\n")
        assert fold(text) == "".join(_naive(ch) for ch in lf)
        assert fold_line(text) == "".join(_naive(ch) or ch for ch in text)
        assert fold_map(text)[0] == fold(text)

    def test_ascii_digits_and_cjk(self) -> None:
        """Full-width digits become ASCII; CJK covers Han, kana and hangul, not Latin."""
        assert ascii_digits("２０１９年") == "2019年"
        assert [is_cjk(c) for c in "中かa한"] == [True, True, False, True]


class TestSentences:
    def test_ends_chinese_and_english(self) -> None:
        """A sentence ends after 。！？；, after . before a space, and at a line break."""
        text = "改革。发展！PM2.5 down 3.5%. Next\nline"
        assert [text[a:b] for a, b in sentence_spans(text)] == [
            "改革。", "发展！", "PM2.5 down 3.5%.", "Next", "line"
        ]

    def test_closers_stay_with_the_mark(self) -> None:
        """Closing quotes after the mark belong to the sentence that ends there."""
        text = "他说：“好。”然后走了。"
        assert sentence_ends(text) == [text.index("然"), len(text)]

    def test_first_sentence(self) -> None:
        """A run-on heading's title is the paragraph up to its first 。 (or ；, or '. ')."""
        assert first_sentence("（一）加强培训。提高能力。") == "（一）加强培训。"
        assert first_sentence("Budget. The rest") == "Budget."
        assert first_sentence("一、总体") == "一、总体"


class TestNumerals:
    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("十", "10"), ("十二", "12"), ("二十一", "21"), ("一百零五", "105"),
            ("两千五百万", "25000000"), ("二〇一九", "2019"), ("3千", "3000"),
            ("2万5千", "25000"), ("1.2万亿", "1200000000000"), ("5万4千6百", "54600"),
            ("一万万", "100000000"), ("三点五", "3.5"), ("壹佰伍拾", "150"), ("肆拾肆", "44"),
            ("三億", "300000000"), ("兩萬", "20000"), ("一兆", "1000000000000"),
            ("负3", "-3"), ("1,234", "1234"),
        ],
    )
    def test_values(self, text: str, value: str) -> None:
        """Chinese, 大写, traditional and mixed numerals read to exact values."""
        assert parse_numeral(text)[0] == Decimal(value)

    @pytest.mark.parametrize(("text", "value"), [
        ("二十几万", "200000"), ("十余万", "100000"), ("五百余万", "5000000"),
        ("一百零几万", "1000000"), ("620多万", "6200000"),
    ])
    def test_approximate_counts(self, text: str, value: str) -> None:
        """几/余/多 inside a number mark it approximate and add nothing to its value."""
        got, approx, multiplied = parse_numeral(text)
        assert (got, approx, multiplied) == (Decimal(value), True, True)

    @pytest.mark.parametrize("text", ["十二五", "一二三四五六七八九十", "", "万点"])
    def test_not_one_number(self, text: str) -> None:
        """A plan's name (十二五) or a run of digits with units between is not one number."""
        with pytest.raises(ValueError):
            parse_numeral(text)

    def test_ints_for_ordinals(self) -> None:
        """Ordinals read as whole numbers: Chinese, full-width, Roman and English words."""
        assert [numeral_int(s) for s in ("十二", "４", "十余", "三点五")] == [12, 4, None, None]
        assert (roman_int("XIV"), roman_int("IIX2"), word_int("Three")) == (14, None, 3)


    def test_years_text(self) -> None:
        """Runs of three or more years are joined with a dash, shorter runs listed."""
        assert years_text([1994, 1995, 2014, 2015, 2016]) == "1994, 1995, 2014–2016"
        assert years_text([2018], sep="、") == "2018"
        assert years_text([2001, 2003, 2004], sep="、") == "2001、2003、2004"


class TestHeadings:
    @pytest.mark.parametrize(
        ("text", "kind", "ordinal"),
        [
            ("一、总体要求", "dun", (1,)), ("（三）深化改革", "cn_paren", (3,)),
            ("(2)加强监管", "ar_paren", (2,)), ("1.2 Budget", "dec", (1, 2)),
            ("第十二章 附则", "第章", (12,)), ("PART IV - CONCLUSION", "part", (4,)),
            ("Chapter Three Budget", "chapter", (3,)), ("INTRODUCTION", "caps", None),
        ],
    )
    def test_kinds(self, text: str, kind: str, ordinal: tuple[int, ...] | None) -> None:
        """The one grammar knows Chinese, numbered and English headings."""
        hm = match_heading(text)
        assert hm is not None and (hm.kind, hm.ordinal) == (kind, ordinal)

    @pytest.mark.parametrize(
        "text", ["2019年，经济平稳", "3.5亿元", "一是加强", "GDP", "3 million"]
    )
    def test_not_headings(self, text: str) -> None:
        """Years, decimals, 一是 lead-ins, short capitals and counts are not headings."""
        assert match_heading(text) is None

    def test_masks_ordinals_the_same_way_in_every_language(self) -> None:
        """Titles that differ only in their ordinal are equal after masking, in any language."""
        assert title_similarity("（三）深化改革", "（四）深化改革") == 1.0
        assert title_similarity("Chapter Three Budget", "Chapter Four Budget") == 1.0
        assert mask_title("一、2018年工作回顾") == mask_title("二、2019年工作回顾") == "工作回顾"
        assert strip_ordinal("## 3. Results") == "Results"

    def test_title_key_keeps_years(self) -> None:
        """A trace query is matched with ordinals and punctuation gone but years kept."""
        assert title_key("一、2018年工作回顾。") == "2018年工作回顾"


class TestWords:
    def test_stamp_names_segmenter_and_rules(self) -> None:
        """Stored segmentations carry the segmenter's name and version and the rules' version."""
        from importlib.metadata import version

        assert segmenter_stamp() == f"rjieba {version('rjieba')}; rules 2"

    def test_stamp_reads_the_version_without_loading_metadata(self) -> None:
        """The stamp every comparison checks loads neither rjieba nor importlib.metadata."""
        code = (
            "import sys; from compare.textkit.words import segmenter_stamp; segmenter_stamp(); "
            "print(sorted(m for m in ('rjieba', 'importlib.metadata') if m in sys.modules))"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert out.stdout.strip() == "[]", out.stderr

    def test_toolkit_imports_no_heavy_library(self) -> None:
        """Importing the toolkit loads no segmenter, fuzzy matcher or stemmer (start-up time)."""
        code = (
            "import sys; import compare.textkit.words, compare.textkit.headings, "
            "compare.textkit.vectors, compare.textkit.numbers; "
            "heavy = ('rjieba', 'rapidfuzz', 'snowballstemmer'); "
            "print(sorted(m for m in heavy if m in sys.modules))"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert out.stdout.strip() == "[]"
