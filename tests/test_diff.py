"""Tests of compare.diff.worddiff and the text tools under it (textkit tokens, similarity): the
lossless word diff and its fallbacks."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import SHARED

from compare.diff import worddiff as d
from compare.models import TextDiff
from compare.textkit.chars import fold, fold_map
from compare.textkit.vectors import text_similarity
from compare.textkit.words import on_token_bounds, token_keys, tokenize
from compare.tuning import DEFAULT

CASES = Path(__file__).resolve().parent / "cases"
NPC = SHARED / "corpus" / "cn-npc-resolution"


def edits(diff: TextDiff) -> list[tuple[str, str]]:
    """The (old text, new text) of every opcode that is not ``equal``."""
    return [(diff.a[i1:i2], diff.b[j1:j2]) for t, i1, i2, j1, j2 in diff.opcodes if t != "equal"]


def words(text: str) -> list[str]:
    return [text[s:e] for s, e in tokenize(text)]


def similarity(a: str, b: str) -> float:
    return text_similarity(a, b, exact_max_chars=DEFAULT.align.similarity_max_chars)


def check_lossless(diff: TextDiff, *, exact: bool = False) -> None:
    """Opcodes are contiguous, cover both texts, rebuild both, and say what they contain."""
    i = j = 0
    prev = ""
    for tag, i1, i2, j1, j2 in diff.opcodes:
        assert (i1, j1) == (i, j)
        assert i1 <= i2 and j1 <= j2 and (i1 < i2 or j1 < j2)
        if tag == "equal":
            same = (diff.a[i1:i2], diff.b[j1:j2])
            if exact:
                assert same[0] == same[1]
            else:
                assert "".join(fold(same[0]).split()) == "".join(fold(same[1]).split())
        else:
            assert prev != "edit", "two edits side by side must be merged"
            assert tag == {(True, True): "replace", (True, False): "delete"}.get(
                (i1 < i2, j1 < j2), "insert"
            )
        prev = "equal" if tag == "equal" else "edit"
        i, j = i2, j2
    assert (i, j) == (len(diff.a), len(diff.b))
    assert "".join(diff.a[i1:i2] for _, i1, i2, _, _ in diff.opcodes) == diff.a
    assert d.apply(diff) == diff.b
    assert 0.0 <= diff.change <= 1.0


class TestTokenize:
    @pytest.mark.parametrize(
        "number",
        [
            "91件",
            "1361万人",
            "6.6%",
            "75.34%",
            "3至12名",
            "1.2万亿元",
            "５个百分点",
            "２０１９年",
            "70周年",
            "1,234,567",
            "1000余件",
        ],
    )
    def test_number_with_unit_is_one_token(self, number: str) -> None:
        """A number with its unit, full-width digits included, is a single token."""
        assert words(f"全年达到{number}，同比增长。")[2] == number

    def test_chinese_words_latin_words_spaces_and_marks(self) -> None:
        """Chinese words come from jieba; Latin words, space runs and each mark stand alone."""
        assert words("城镇新增就业 hello  PM2.5，“好”") == [
            "城镇",
            "新增",
            "就业",
            " ",
            "hello",
            "  ",
            "PM2.5",
            "，",
            "“",
            "好",
            "”",
        ]

    def test_year_is_cut_from_following_word(self) -> None:
        """A unit list, not any character, follows a number: 2019年经济 is 2019年 + 经济."""
        assert words("2019年经济")[:2] == ["2019年", "经济"]

    def test_zero_width_joins_token_before(self) -> None:
        """A zero-width character does not split a word; it stays with the token before it."""
        assert words("政府\u200b工作\r\n") == ["政府\u200b", "工作", "\r\n"]

    def test_only_zero_width(self) -> None:
        """A text of zero-width characters is one token, so spans still cover it."""
        assert tokenize("\u200b\ufeff") == [(0, 2)]

    def test_exact_keeps_full_width(self) -> None:
        """With exact=True, tokens are cut from the raw text (full-width digits still a number)."""
        assert words("ＰＭ２.５和５件") == ["ＰＭ２.５", "和", "５件"]
        assert tokenize("ＰＭ２.５和５件", exact=True) == [(0, 5), (5, 6), (6, 8)]

    def test_fold_map_agrees_with_fold(self) -> None:
        """The fast folding used for tokens gives exactly compare.textkit.chars.fold."""
        text = "\r\r\n\u200bＡ\u3000\u00a0x\r\u200b\n，。"
        assert fold_map(text)[0] == fold(text)

    def test_rjieba_not_loaded_on_import(self) -> None:
        """Importing the module does not load rjieba (start-up time of `compare --help`)."""
        code = (
            "import sys, compare.diff.worddiff, compare.textkit.words; "
            "print('rjieba' in sys.modules)"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert out.stdout.strip() == "False"


class TestOnTokenBounds:
    _TEXT = st.text(
        alphabet=st.sampled_from(
            list("政府工作报告脱贫攻坚战经济Ab1.5%，。 \n\r\u200b\u3000\u00a0\t件年")
        ),
        max_size=60,
    )

    @settings(max_examples=300, deadline=None)
    @given(text=_TEXT, data=st.data())
    def test_agrees_with_whole_text(self, text: str, data: st.DataObject) -> None:
        """Tokenizing the lines around a span answers as tokenizing the whole text does."""
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
        spans = token_keys(text)[0]
        expected = any(a == start for a, _ in spans) and any(b == end for _, b in spans)
        assert on_token_bounds(text, start, end) is expected

    def test_word_inside_longer_word(self) -> None:
        """脱贫攻坚 inside 脱贫攻坚战 does not end on a word boundary; on its own line it does."""
        text = "一行。\n打赢脱贫攻坚战。\n脱贫攻坚，"
        inner = text.index("脱贫攻坚")
        alone = text.rindex("脱贫攻坚")
        assert on_token_bounds(text, inner, inner + 4) is False
        assert on_token_bounds(text, alone, alone + 4) is True


class TestDiffTexts:
    def test_number_change_is_one_replace(self) -> None:
        """91件 → 120件 is exactly one replacement of the whole token, never 9[1→12]0."""
        diff = d.diff_texts("受理案件91件，同比增长。", "受理案件120件，同比增长。")
        assert edits(diff) == [("91件", "120件")]

    def test_width_only_is_equal(self) -> None:
        """Width, indent, zero-width, CRLF and trailing-space differences give only equal."""
        a, b = (
            "\u3000\u3000２０１９年全市受理\u200b案件１２０件。  \r\n",
            "2019年全市受理案件120件。\n",
        )
        diff = d.diff_texts(a, b)
        assert [op[0] for op in diff.opcodes] == ["equal"]
        assert diff.change == 0.0
        check_lossless(diff)

    def test_exact_sees_width(self) -> None:
        """exact=True compares raw text, so full-width digits are a change."""
        diff = d.diff_texts("全市受理案件１２０件。", "全市受理案件120件。", exact=True)
        assert edits(diff) == [("１２０件", "120件")]
        check_lossless(diff, exact=True)

    def test_reworded_sentence_shows_word_edits(self) -> None:
        """A sentence with a few changed words keeps its unchanged words equal."""
        a = "同意报告提出的2018年经济社会发展总体要求和政策取向，决定批准这个报告。"
        b = "同意报告提出的2019年经济社会发展总体要求、政策取向和重点工作，决定批准这个报告。"
        found = edits(d.diff_texts(a, b))
        assert ("2018年", "2019年") in found
        assert len(found) <= 3 and all(len(x) + len(y) < 12 for x, y in found)

    def test_particle_between_edits_absorbed(self) -> None:
        """A one-character equal run between two edits joins them into one replacement."""
        diff = d.diff_texts(
            "我们加强了监督和管理，取得明显成效。", "我们完善了制度和机制，取得明显成效。"
        )
        assert edits(diff) == [("加强了监督和管理", "完善了制度和机制")]

    def test_rewritten_sentence_is_one_replace(self) -> None:
        """A fully rewritten sentence is one replacement, its end mark aside."""
        a = "前言不变。我们将继续深化改革，推进依法行政。后记不变。"
        b = "前言不变。明年重点抓好三件事，一是稳就业，二是保民生。后记不变。"
        diff = d.diff_texts(a, b)
        assert len(edits(diff)) == 1
        assert edits(diff)[0][0].startswith("我们将继续深化改革")

    def test_moved_sentences(self) -> None:
        """Two swapped sentences give a lossless diff with one side of each kept equal."""
        diff = d.diff_texts(
            "甲方负责审查文件。乙方负责培训人员。", "乙方负责培训人员。甲方负责审查文件。"
        )
        check_lossless(diff)
        assert any(op[0] == "equal" for op in diff.opcodes)

    def test_change_share(self) -> None:
        """change is 0 for the same text, 1 for disjoint texts, in between otherwise."""
        assert d.diff_texts("相同的文字。", "相同的文字。").change == 0.0
        assert d.diff_texts("完全不同。", "another text").change == 1.0
        assert 0.0 < d.diff_texts("审查文件35件。", "审查文件40件。").change < 0.5

    def test_empty_sides(self) -> None:
        """Empty against text is one insert or delete; empty against empty has no opcodes."""
        assert d.diff_texts("", "").opcodes == ()
        assert d.diff_texts("", "新增。").opcodes == (("insert", 0, 0, 0, 3),)
        assert d.diff_texts("删除。", "").opcodes == (("delete", 0, 3, 0, 0),)

    def test_token_budget_fallback(self) -> None:
        """A sentence pair over the token budget is one replacement and the note says so."""
        a, b = "one two three four five six.", "one two three four five seven."
        diff = d.diff_texts(a, b, budget=20)
        assert diff.note == (
            "1 sentence pair(s) too long for a word-level diff (over the budget of 20 token "
            "pairs) are shown as whole replacements."
        )
        assert edits(diff) == [(a[:-1], b[:-1])]

    def test_sentence_budget_fallback(self) -> None:
        """Too many sentences to align in detail: a coarser diff, and the note says so."""
        rules = [f"第{n}条规定甲。" for n in range(30)]
        a = "".join(rules * 2)  # every sentence twice: no unique sentence to anchor on
        rules[7] = "第7条规定乙。"
        diff = d.diff_texts(a, "".join(list(reversed(rules)) * 2), budget=100)
        assert diff.note == (
            "The texts are too large to align sentence by sentence within the budget (60 × 60 "
            f"sentences, {len(a)} × {len(a)} characters), so passages between identical "
            "sentences are shown as whole replacements."
        )
        check_lossless(diff)
        a = "".join(rules[:7]) + "第7条规定甲。" + "".join(rules[8:])
        small = d.diff_texts(a, "".join(rules), budget=100)  # unique anchors, small gaps only
        assert small.note == ""
        assert edits(small) == [("甲", "乙")]

    def test_huge_shuffled_text_falls_back(self) -> None:
        """A 1 MB single line against its shuffled self finishes coarsely, with a note."""
        rng = random.Random(7)
        chars = [chr(0x4E00 + rng.randrange(3000)) for _ in range(1_000_000)]
        a = "".join(chars)
        rng.shuffle(chars)
        diff = d.diff_texts(a, "".join(chars))
        assert diff.note
        assert [op[0] for op in diff.opcodes] == ["replace"]

    def test_huge_against_empty(self) -> None:
        """A 1 MB text against nothing is one delete."""
        a = "审查文件35件，培训1200人次。\n" * 60_000
        assert d.diff_texts(a, "").opcodes == (("delete", 0, len(a), 0, 0),)


class TestCases:
    @pytest.mark.parametrize("case", sorted(p.name for p in CASES.glob("diff_*")))
    def test_case(self, case: str) -> None:
        """Each tests/cases/diff_* pair gives exactly the hand-written edits."""
        folder = CASES / case
        old = (folder / "old.txt").read_bytes().decode("utf-8")
        new = (folder / "new.txt").read_bytes().decode("utf-8")
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        diff = d.diff_texts(old, new)
        check_lossless(diff)
        assert edits(diff) == [tuple(e) for e in expected["edits"]]
        if expected.get("exact_changed"):
            assert edits(d.diff_texts(old, new, exact=True))


class TestApplyAndSides:
    def test_apply_rebuilds_b(self) -> None:
        """apply gives b, with b's widths in equal spans."""
        diff = d.diff_texts("２０１９年受理91件。", "2019年受理120件。")
        assert d.apply(diff) == "2019年受理120件。"

    def test_sides(self) -> None:
        """a_side and b_side give each text's runs in order, tagged."""
        diff = d.diff_texts("受理91件。", "受理120件。")
        assert d.a_side(diff) == [("equal", "受理"), ("replace", "91件"), ("equal", "。")]
        assert d.b_side(diff) == [("equal", "受理"), ("replace", "120件"), ("equal", "。")]


class TestSimilarity:
    def test_bounds(self) -> None:
        """Same text is 1.0, disjoint text 0.0, two empties 1.0."""
        assert similarity("依法行政", "依法行政") == 1.0
        assert similarity("依法行政", "abcd") == 0.0
        assert similarity("", "") == 1.0

    def test_width_and_space_ignored(self) -> None:
        """Width and whitespace differences do not lower similarity."""
        assert similarity("\u3000２０１９年 报告", "2019年报告") == 1.0

    def test_half_shared(self) -> None:
        """Half the characters shared gives 0.5 (2·LCS / total length)."""
        assert similarity("甲乙丙丁", "甲乙戊己") == pytest.approx(0.5)

    def test_long_text_bigram_measure(self) -> None:
        """Past the size limit, similarity stays bounded and order-free."""
        a = "审查文件，培训人员。" * 20_000
        assert similarity(a, a) == 1.0
        assert 0.0 <= similarity(a, "培训人员，审查文件。" * 20_000) <= 1.0


class TestRealCorpus:
    def test_npc_2018_2019(self) -> None:
        """The NPC resolutions 2018→2019 show their real edits: session, years, plenums."""
        if not NPC.is_dir():
            pytest.skip("../shared/corpus is absent (a fresh clone): nothing to compare")
        a = (NPC / "2018.txt").read_text(encoding="utf-8")
        b = (NPC / "2019.txt").read_text(encoding="utf-8")
        diff = d.diff_texts(a, b)
        check_lossless(diff)
        found = edits(diff)
        assert ("第一次", "第二次") in found
        assert ("2018年", "2019年") in found
        assert ("五年", "一年") in found
        assert ("一中、", "") in found
        assert diff.note == ""
        # the licence block at the end is the same in both years
        tail = a.index("本作品来自")
        assert any(op[0] == "equal" and op[1] <= tail < op[2] for op in diff.opcodes)

    def test_npc_every_year_lossless(self) -> None:
        """Every consecutive pair of NPC resolutions diffs losslessly and changes the year."""
        if not NPC.is_dir():
            pytest.skip("../shared/corpus is absent (a fresh clone): nothing to compare")
        years = sorted(int(p.stem) for p in NPC.glob("*.txt"))
        for old, new in zip(years, years[1:], strict=False):
            a = (NPC / f"{old}.txt").read_text(encoding="utf-8")
            b = (NPC / f"{new}.txt").read_text(encoding="utf-8")
            diff = d.diff_texts(a, b)
            check_lossless(diff)
            if f"{old}年" in a and f"{new}年" in b:
                assert any(f"{new}年" in y for _, y in edits(diff)), (old, new)


ALPHABET = list(
    "的和年件报告政府工作会议发展人民改革0123456789０１２３４５６７８９万人%％个百分点"
    "abcXYZ .,!?，。！？；、“”\n\r\u3000\u200b\ufeff"
)
TEXTS = st.text(alphabet=st.sampled_from(ALPHABET), max_size=80)


@st.composite
def text_pairs(draw: st.DrawFn) -> tuple[str, str]:
    """Two texts: unrelated, or the second an edit of the first (cut, insert, replace)."""
    a = draw(TEXTS)
    if draw(st.booleans()):
        return a, draw(TEXTS)
    b = a
    for _ in range(draw(st.integers(0, 4))):
        i = draw(st.integers(0, len(b)))
        j = draw(st.integers(i, min(len(b), i + 6)))
        b = b[:i] + draw(st.text(alphabet=st.sampled_from(ALPHABET), max_size=6)) + b[j:]
    return a, b


class TestLossless:
    @settings(max_examples=300, deadline=None)
    @given(text_pairs())
    def test_opcodes_cover_and_rebuild(self, pair: tuple[str, str]) -> None:
        """For any two texts, opcodes are contiguous, cover both and rebuild both exactly."""
        check_lossless(d.diff_texts(*pair))

    @settings(max_examples=300, deadline=None)
    @given(text_pairs())
    def test_exact_opcodes_cover_and_rebuild(self, pair: tuple[str, str]) -> None:
        """With exact=True, equal spans are identical raw text and both texts rebuild."""
        check_lossless(d.diff_texts(*pair, exact=True), exact=True)

    @settings(max_examples=300, deadline=None)
    @given(text_pairs(), st.integers(1, 60))
    def test_small_budget_still_lossless(self, pair: tuple[str, str], budget: int) -> None:
        """Coarse fallbacks keep the diff lossless."""
        check_lossless(d.diff_texts(*pair, budget=budget))

    @settings(max_examples=300, deadline=None)
    @given(TEXTS)
    def test_tokens_cover_text(self, text: str) -> None:
        """Token spans are contiguous, non-empty and cover the text end to end."""
        spans = tokenize(text)
        assert [s for s, _ in spans[:1]] == ([0] if text else [])
        assert all(s < e for s, e in spans)
        assert all(e == s2 for (_, e), (s2, _) in zip(spans, spans[1:], strict=False))
        assert (spans[-1][1] if spans else 0) == len(text)

    @settings(max_examples=300, deadline=None)
    @given(TEXTS)
    def test_self_diff_is_equal(self, text: str) -> None:
        """A text against itself folded differently (width, zero-width) is all equal."""
        wide = text.replace("1", "１").replace("\n", "\u200b\n")
        diff = d.diff_texts(text, wide)
        assert all(op[0] == "equal" for op in diff.opcodes)
        assert diff.change == 0.0


def _covered(diff: TextDiff, side: int, span: tuple[int, int]) -> bool:
    """Whether a span lies wholly inside non-equal opcodes on one side."""
    edits = [(op[1], op[2]) if side == 0 else (op[3], op[4]) for op in diff.opcodes
             if op[0] != "equal"]
    return all(any(s <= k < e for s, e in edits) for k in range(*span))


class TestMoves:
    def test_moved_sentence_found(self) -> None:
        """A sentence that moved to the front is one move, not only a delete and an insert."""
        a = "今年完成了三项改革。我们加强了执法队伍建设。群众满意度明显提升。"
        b = "群众满意度明显提升。今年完成了三项改革。我们加强了执法队伍建设。"
        diff = d.diff_texts(a, b)
        assert [(a[m.a[0]:m.a[1]], b[m.b[0]:m.b[1]]) for m in diff.moves] == [
            ("群众满意度明显提升。", "群众满意度明显提升。")
        ]
        assert diff.moves[0].similarity == 1.0

    def test_moved_and_edited_sentence_has_word_diff(self) -> None:
        """A sentence moved and reworded carries the word diff of its two versions."""
        a = "开展普法宣传活动一百场次。加强行政执法监督工作。完善复议应诉工作机制。"
        b = "完善行政复议应诉工作机制。开展普法宣传活动一百场次。加强行政执法监督工作。"
        diff = d.diff_texts(a, b)
        [move] = diff.moves
        old, new = a[move.a[0]:move.a[1]], b[move.b[0]:move.b[1]]
        assert (old, new) == ("完善复议应诉工作机制。", "完善行政复议应诉工作机制。")
        edits = [(old[i1:i2], new[j1:j2]) for tag, i1, i2, j1, j2 in move.opcodes
                 if tag != "equal"]
        assert edits == [("复议", "行政复议")]  # edits snap to rjieba's word 行政复议

    def test_unrelated_sentences_are_not_moves(self) -> None:
        """A deleted and an inserted sentence on different matters stay apart."""
        a = "今年完成了三项改革。我们加强了执法队伍建设。"
        b = "我们加强了执法队伍建设。明年将推进生态环境保护。"
        assert d.diff_texts(a, b).moves == ()

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.sampled_from([
        "今年完成了三项改革。", "我们加强了执法队伍建设。", "群众满意度明显提升。",
        "开展普法宣传活动一百场次。", "完善复议应诉工作机制。", "办理案件91件。",
    ]), max_size=6), st.randoms(use_true_random=False))
    def test_moves_lie_inside_edits(self, parts: list[str], rnd: random.Random) -> None:
        """Each move pairs an edited-away span of a with an edited-in span of b, one to one."""
        a = "".join(parts)
        shuffled = parts[:]
        rnd.shuffle(shuffled)
        b = "".join(shuffled)
        diff = d.diff_texts(a, b)
        check_lossless(diff)
        for m in diff.moves:
            assert _covered(diff, 0, m.a) and _covered(diff, 1, m.b)
            inner = TextDiff(a[m.a[0]:m.a[1]], b[m.b[0]:m.b[1]], m.opcodes)
            check_lossless(inner)
        assert len({m.a for m in diff.moves}) == len(diff.moves)
        assert len({m.b for m in diff.moves}) == len(diff.moves)
