"""Tests of the shortcuts that make big reports cheap to ingest and to diff (bench/bigdoc.py):
each gives what the long way gives, and does less work.

The long ways are written out here as references: ``section_terms`` cutting clause by clause,
``word_lengths`` walking every token, ``scan_numbers`` reading every run of Chinese numerals, the
number-gap pattern tried on every line, and the one-sided diff checked against its tokens. The
shape tests hold the cost of long figure-free prose linear.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from support import CORPUS, MAX_RATIO, REPORTS, ratio

from compare.diff import diff_texts, worddiff
from compare.metrics import extract_metrics
from compare.models import Section
from compare.textkit import numbers, words
from compare.textkit.chars import fold, fold_map
from compare.textkit.english import scoring_word
from compare.textkit.numbers import number_gaps, scan_numbers
from compare.textkit.numerals import NUMERAL_CHARS
from compare.textkit.words import TOKEN, cut_words, section_terms, token_keys, word_lengths

# Characters of both kinds of report, with the marks, spaces, widths and invisible characters
# that the shortcuts must treat as the long ways do.
ALPHABET = (
    "经济增长发展改革进一步统一全面三百万亿十五个件人元成分之半多余几零〇两上年月日第"
    "“”《》「」（）()，。、；：！？,.;:!?%％‰-—~ \u3000\n\r\t\u200b\xa0"
    "0123456789０１５ABCabcxyzGDP éü²①٣"
)
TEXTS = st.text(alphabet=ALPHABET, max_size=120)
# Words and numbers rather than letters: English number words, units and multipliers.
PIECES = st.lists(
    st.sampled_from([
        "three", "twenty-five", "a third", "per cent", "million", "times", " ", ", ", ". ",
        "the", "tax", "S$", "$", "1985", "2.5", "100", "three hundred", "一", "三成", "十五",
        "百分之二十", "三分之一", "一半", "件", "人", "个百分点", "进一步", "“两个", "”", "万",
        "亿元", "多", "余", "负", "8 ．8 ％", "3 .5%", "第", "初", "周", "以上", "左右",
        "one", "Two-thirds", "nineteen", "eight-and-a-half", "Seven", "workers", "households",
        "é", "of Japan's", "nine", "Nobel prizes", "in 2008", "bottom", "five-year", "an",
    ]),
    max_size=30,
).map("".join)
_PUNCT = re.compile(r"[\W_]+")
_GAP = re.compile(r"(?<=\d)[ \u3000](?=[.．%％])|(?<=\d[.．])[ \u3000](?=\d)")


def corpus_texts() -> list[str]:
    """The text files of the corpus (the sample where ../shared is absent)."""
    files = sorted(CORPUS.glob("*/*.txt")) or sorted(REPORTS.glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in files]


def terms_clause_by_clause(text: str) -> Counter[str]:
    """``section_terms`` the long way: one segmenter call per clause."""
    text = _PUNCT.sub(" ", fold(text).lower())
    grams: Counter[str] = Counter()
    for chunk in text.split():
        if chunk.isascii():
            term = scoring_word(chunk)
            if term is not None:
                grams[term] += 1
            continue
        grams.update(w for w in cut_words(chunk) if len(w) > 1 and not w.isdigit())
    return grams


def runs_token_by_token(text: str) -> list[str]:
    """The CJK runs ``TOKEN`` finds in ``text`` folded, then as written, each once, in order."""
    runs: dict[str, None] = {}
    for source in dict.fromkeys((fold_map(text)[0], text)):
        for m in TOKEN.finditer(source):
            if m.lastgroup == "cjk":
                runs.setdefault(m.group())
    return list(runs)


def read_everything(mp: pytest.MonkeyPatch) -> None:
    """Make ``scan_numbers`` try every digit, Chinese numeral, 上, letter and character of the
    blocks that may hold a digit, and read every run of numerals: the long way."""
    mp.setattr(numbers, "_CANDIDATE", re.compile(
        rf"[0-9{NUMERAL_CHARS}上A-Za-z]"
        "|[^\x00-\x7f\u3000-\u303f\u4e00-\u9fff\uff00-\uff0f\uff1a-\uffef]"))
    mp.setattr(numbers, "_CN_NEXT", _Everything())


class _Everything:
    """A set that holds every character: with it, ``scan_numbers`` reads every numeral run."""

    def __contains__(self, item: object) -> bool:
        return True


class TestSectionTerms:
    @settings(max_examples=300, deadline=None)
    @given(TEXTS)
    def test_same_as_clause_by_clause(self, text: str) -> None:
        """Cut in batches, the terms, their counts and their order are those of the clauses cut
        one by one."""
        assert list(section_terms(text).items()) == list(terms_clause_by_clause(text).items())

    def test_corpus(self) -> None:
        """Every corpus file gives the same terms, in the same order, both ways."""
        for text in corpus_texts():
            assert list(section_terms(text).items()) == list(
                terms_clause_by_clause(text).items())

    def test_batches_across_english_words(self) -> None:
        """A scoring English word between Chinese clauses keeps its place among the terms."""
        text = "经济增长，GDP稳定。Taxes 发展改革，taxes。"
        assert list(section_terms(text)) == ["经济", "增长", "gdp", "稳定", "tax", "发展", "改革"]

    def test_few_segmenter_calls(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A long Chinese section is cut in a few segmenter calls, not one per clause."""
        calls: list[int] = []

        def counted(text: str) -> list[str]:
            calls.append(len(text))
            return cut_words(text)

        monkeypatch.setattr(words, "cut_words", counted)
        text = "坚持稳中求进，推动高质量发展。" * 20_000  # 40,000 clauses, 300,000 characters
        section_terms(text)
        assert len(calls) <= len(text) // words._BATCH_CHARS + 2


class TestWordLengths:
    @settings(max_examples=300, deadline=None)
    @given(TEXTS)
    def test_runs_as_tokens_find_them(self, text: str) -> None:
        """The runs cut are ``TOKEN``'s CJK runs (folded, then raw), in order, each once, and
        each cut covers its run."""
        found = word_lengths(text)
        assert list(found) == runs_token_by_token(text)
        assert all(sum(cut) == len(run) for run, cut in found.items())

    def test_corpus(self) -> None:
        """Every corpus file's runs are the ones a walk over its tokens finds."""
        for text in corpus_texts():
            assert list(word_lengths(text)) == runs_token_by_token(text)

    def test_number_units_stay_with_numbers(self) -> None:
        """A unit the number token takes (91件, 1.2万亿元) is not a run of its own."""
        assert list(word_lengths("受理91件，投资1.2万亿元。")) == ["受理", "投资"]


class TestNumberPretests:
    @settings(max_examples=500, deadline=None)
    @given(st.one_of(TEXTS, PIECES))
    @example("Seven workers and Two-thirds of the households, by one third")
    @example("five of Japan's nine Nobel prizes; eight-and-a-half times the")
    @example("新增三百万人，提高三成，三分之一，一半，十多万人，二十几万元，5万三千人")
    def test_pretests_skip_no_number(self, text: str) -> None:
        """The numbers found are those found when every numeral, letter and other candidate
        character is tried."""
        found = scan_numbers(text)
        with pytest.MonkeyPatch.context() as mp:
            read_everything(mp)
            assert scan_numbers(text) == found

    def test_corpus_pretests(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """On every corpus line, the pre-tests change no number found."""
        lines = [ln for text in corpus_texts() for ln in fold(text).splitlines()]
        found = [scan_numbers(ln) for ln in lines]
        read_everything(monkeypatch)
        assert [scan_numbers(ln) for ln in lines] == found

    def test_running_text_numerals_not_read(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Numerals of running text with no unit after them (进一步, 统一) are not read."""
        calls: list[int] = []
        read = numbers._cn_at

        def counted(text: str, start: int) -> numbers.Number | None:
            calls.append(start)
            return read(text, start)

        monkeypatch.setattr(numbers, "_cn_at", counted)
        assert scan_numbers("进一步统一思想，万众一心。" * 100) == []
        assert calls == []
        assert [n.value for n in scan_numbers("新增三百万人，提高三成。")] == [3000000, 30]
        assert len(calls) == 2

    @settings(max_examples=500, deadline=None)
    @given(st.one_of(TEXTS, PIECES))
    def test_gaps_as_the_pattern_finds_them(self, text: str) -> None:
        """The spaces inside numbers are the ones the gap pattern finds on the whole line."""
        assert number_gaps(text) == [m.start() for m in _GAP.finditer(text)]


class TestOneSidedDiff:
    @settings(max_examples=300, deadline=None)
    @given(TEXTS.filter(bool), st.booleans())
    def test_against_nothing(self, text: str, exact: bool) -> None:
        """A text against nothing is one delete, nothing against it one insert; the change is the
        share of its tokens that are not whitespace (all or none), and no move is found."""
        keys = token_keys(text, exact=exact)[1]
        change = 1.0 if any(k.strip() for k in keys) else 0.0
        for a, b, tag in ((text, "", "delete"), ("", text, "insert")):
            diff = diff_texts(a, b, exact=exact)
            if not exact and fold(a) == fold(b):  # only invisible characters: nothing changed
                assert diff.opcodes == (("equal", 0, len(a), 0, len(b)),)
                continue
            assert diff.opcodes == ((tag, 0, len(a), 0, len(b)),)
            assert "".join(a[i1:i2] for _, i1, i2, _, _ in diff.opcodes) == a
            assert "".join(b[j1:j2] for _, _, _, j1, j2 in diff.opcodes) == b
            assert (diff.change, diff.note, diff.moves) == (change, "", ())

    def test_makes_no_tokens(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A 1 MB text against nothing is diffed without tokenizing it."""

        def refuse(*args: object, **kwargs: object) -> object:
            raise AssertionError("tokenized")

        monkeypatch.setattr(worddiff, "token_keys", refuse)
        text = "审查文件35件，培训1200人次。\n" * 60_000
        assert diff_texts(text, "").opcodes == (("delete", 0, len(text), 0, 0),)
        assert diff_texts("", text).change == 1.0


class TestBigInputShape:
    """Prose without figures, as the 50 MB report of test_robustness repeats it."""

    PROSE = "坚持以人民为中心，进一步深化改革，统一思想，万众一心推动高质量发展。\n"

    def test_segment_linear(self) -> None:
        """Twice the prose costs at most 2.3 times the segmentation."""

        def segment(n: int) -> Callable[[], object]:
            text = self.PROSE * n
            return lambda: (section_terms(text), word_lengths(text))

        assert ratio(segment, 3000) <= MAX_RATIO

    def test_metrics_linear(self) -> None:
        """Twice the prose lines cost at most 2.3 times the metric extraction."""

        def extract(n: int) -> Callable[[], object]:
            section = Section("1", 1, "", (self.PROSE * n).rstrip("\n"), 1, (1,))
            return lambda: extract_metrics((section,))

        assert ratio(extract, 3000) <= MAX_RATIO
