"""Tests for compare.diff.moves: sentences that moved from one section to another."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from compare.diff.moves import cross_moves, edited_sentences, length_window
from compare.diff.worddiff import diff_texts
from compare.models import Report, Section, SectionPair, TextDiff
from compare.pipeline import compare_reports
from compare.render import render_html
from compare.textkit.sentences import sentence_spans

MOVED = "全面推行行政执法公示制度，执法信息在网站上统一公开。"
A_KEEP = "加强行政执法监督，规范执法程序。落实行政执法责任制。"
B_KEEP = "深化政务服务改革，推行一窗受理。压缩审批时限，优化营商环境。"


def sec(path: str, title: str, body: str) -> Section:
    return Section(path=path, level=1, title=title, text=f"{title}\n{body}", line=1)


def entries(old: list[Section], new: list[Section]) -> tuple[list[SectionPair], list]:
    pairs = [SectionPair("changed", o, n, 0.5) for o, n in zip(old, new, strict=True)]
    return pairs, [diff_texts(p.old.text, p.new.text) for p in pairs]  # type: ignore[union-attr]


class TestEditedSentences:
    def test_deleted_and_inserted_sentences(self) -> None:
        """A sentence deleted whole is found on the a side, one inserted whole on the b side."""
        d = diff_texts(A_KEEP + MOVED, A_KEEP + "新增一句完全不同的内容在这里。")
        gone, came = edited_sentences(d)
        assert [d.a[s:e] for s, e in gone] == [MOVED]
        assert [d.b[s:e] for s, e in came] == ["新增一句完全不同的内容在这里。"]

    def test_lightly_edited_sentence_is_not_taken(self) -> None:
        """A sentence with one word changed is an edit in place, not a deletion."""
        d = diff_texts(A_KEEP, A_KEEP.replace("规范", "完善"))
        assert edited_sentences(d) == ([], [])

    @given(st.lists(st.sampled_from(["执法公示。", "规范程序，", " ", "\n", "\u3000", "a b.",
                                     "新增内容。", "落实责任制！"]), max_size=8),
           st.lists(st.sampled_from(["执法公示。", "规范程序，", " ", "\n", "新的一句。",
                                     "落实责任制！", "x."]), max_size=8))
    def test_counts_as_a_character_loop(self, a: list[str], b: list[str]) -> None:
        """The sentences found are those a count character by character finds."""
        d = diff_texts("".join(a), "".join(b))
        assert edited_sentences(d) == (_naive(d, d.a, 0), _naive(d, d.b, 1))


def _naive(d: TextDiff, text: str, side: int) -> list[tuple[int, int]]:
    """Reference: edited non-space characters counted one by one, as before the byte masks."""
    edited = bytearray(len(text))
    for op in d.opcodes:
        if op[0] != "equal":
            s, e = op[1 + 2 * side], op[2 + 2 * side]
            edited[s:e] = b"\x01" * (e - s)
    moved = [m.a if side == 0 else m.b for m in d.moves]
    found = []
    for s, e in sentence_spans(text):
        if any(s < me and ms < e for ms, me in moved):
            continue
        solid = [k for k in range(s, e) if not text[k].isspace()]
        if solid and sum(edited[k] for k in solid) >= 0.9 * len(solid):
            found.append((s, e))
    return found


class TestLengthWindow:
    @given(st.text(alphabet="改革开放创新发展", max_size=40),
           st.text(alphabet="改革开放创新发展", max_size=40),
           st.floats(min_value=0, max_value=100))
    def test_every_text_that_reaches_the_cutoff_is_inside(self, a: str, b: str,
                                                          cutoff: float) -> None:
        """A text scoring the cutoff or more against another has a length inside its window."""
        from rapidfuzz import fuzz

        least, most = length_window(len(a), cutoff)
        if fuzz.ratio(a, b) >= cutoff:
            assert least <= len(b) <= most


class TestCrossMoves:
    def test_sentence_moved_between_sections(self) -> None:
        """A sentence cut from section 一 and pasted into 二 is one move, old → new entry."""
        old = [sec("1", "一、执法", A_KEEP + MOVED), sec("2", "二、服务", B_KEEP)]
        new = [sec("1", "一、执法", A_KEEP), sec("2", "二、服务", B_KEEP + MOVED)]
        pairs, diffs = entries(old, new)
        moves = cross_moves(pairs, diffs)
        assert len(moves) == 1
        m = moves[0]
        assert (m.old_entry, m.new_entry, m.similarity) == (0, 1, 1.0)
        assert diffs[0].a[m.a[0] : m.a[1]] == MOVED
        assert diffs[1].b[m.b[0] : m.b[1]] == MOVED

    def test_reworded_move_carries_its_word_diff(self) -> None:
        """A moved sentence with a word changed is still a move, its opcodes show the edit."""
        edited = MOVED.replace("统一", "集中")
        old = [sec("1", "一、执法", A_KEEP + MOVED), sec("2", "二、服务", B_KEEP)]
        new = [sec("1", "一、执法", A_KEEP), sec("2", "二、服务", B_KEEP + edited)]
        pairs, diffs = entries(old, new)
        (m,) = cross_moves(pairs, diffs)
        assert 0.7 <= m.similarity < 1.0
        a, b = diffs[0].a[m.a[0] : m.a[1]], diffs[1].b[m.b[0] : m.b[1]]
        changed = [(a[i1:i2], b[j1:j2]) for t, i1, i2, j1, j2 in m.opcodes if t != "equal"]
        assert changed == [("统一", "集中")]

    def test_different_sentences_are_not_paired(self) -> None:
        """A deletion in one section and an unrelated insertion in another are no move."""
        old = [sec("1", "一、执法", A_KEEP + MOVED), sec("2", "二、服务", B_KEEP)]
        other = "完全无关的新内容写在这里。"
        new = [sec("1", "一、执法", A_KEEP), sec("2", "二、服务", B_KEEP + other)]
        pairs, diffs = entries(old, new)
        assert cross_moves(pairs, diffs) == ()

    def test_added_and_removed_sections_are_left_out(self) -> None:
        """Entries without a diff (added, removed) take no part."""
        old = [sec("1", "一、执法", A_KEEP + MOVED)]
        new = [sec("1", "一、执法", A_KEEP)]
        pairs, diffs = entries(old, new)
        pairs.append(SectionPair("added", None, sec("2", "二、新", MOVED), 0.0))
        assert cross_moves(pairs, [*diffs, None]) == ()


class TestOnThePage:
    def test_move_is_marked_and_linked(self) -> None:
        """The page marks the sentence in both sections and lists it under the receiving one."""
        old = Report("s", 2018, "t", "a", "p", (
            sec("1", "一、执法", A_KEEP + MOVED), sec("2", "二、服务", B_KEEP)))
        new = Report("s", 2019, "t", "b", "p", (
            sec("1", "一、执法", A_KEEP), sec("2", "二、服务", B_KEEP + MOVED)))
        comp = compare_reports(old, new)
        assert len(comp.moves) == 1
        page = render_html(comp)
        target = re.search(r'<p class="mv txt" id="([^"]+-xm1)">', page)
        assert target is not None
        assert page.count(f'href="#{target.group(1)}"') >= 2  # from both sections
        panel = page[target.start() : page.index("</p>", target.start())]
        assert "一、执法" in panel  # where it came from

    def test_move_in_the_pair_json(self) -> None:
        """compare/pair/1 lists the move with both sections and the text on each side."""
        from compare.export import pair_json

        old = Report("s", 2018, "t", "a", "p", (
            sec("1", "一、执法", A_KEEP + MOVED), sec("2", "二、服务", B_KEEP)))
        new = Report("s", 2019, "t", "b", "p", (
            sec("1", "一、执法", A_KEEP), sec("2", "二、服务", B_KEEP + MOVED)))
        (move,) = pair_json(compare_reports(old, new))["moves"]
        assert (move["old"]["path"], move["new"]["path"]) == ("1", "2")
        assert move["old_text"] == move["new_text"] == MOVED
        assert move["similarity"] == 1.0


class TestSplitAndMerged:
    def test_sections_paired_elsewhere_exchange_no_move(self) -> None:
        """A sentence between two sections that face each other in another entry did not move."""
        o1, o2 = sec("1", "一、执法", A_KEEP + MOVED), sec("2", "二、服务", B_KEEP)
        n1, n2 = sec("1", "一、执法", A_KEEP), sec("2", "二、服务", B_KEEP + MOVED)
        pairs = [
            SectionPair("split", o1, n1, 0.5),
            SectionPair("split", o1, n2, 0.5),
            SectionPair("merged", o2, n2, 0.5),
        ]
        diffs = [diff_texts(p.old.text, p.new.text) for p in pairs]  # type: ignore[union-attr]
        assert cross_moves(pairs, diffs) == ()

    def test_each_sentence_moves_once(self) -> None:
        """A split old section and a merged new one repeat their texts; the move is one."""
        o, p, q = (sec("1", "一、执法", A_KEEP + MOVED), sec("2", "二、甲", "甲的内容不同。"),
                   sec("3", "三、乙", "乙的内容也不同。"))
        n1, n2, m = (sec("1", "一、执法", A_KEEP), sec("2", "二、执法续", "新的说明文字。"),
                     sec("3", "三、服务", B_KEEP + MOVED))
        pairs = [
            SectionPair("split", o, n1, 0.5),
            SectionPair("split", o, n2, 0.5),
            SectionPair("merged", p, m, 0.5),
            SectionPair("merged", q, m, 0.5),
        ]
        diffs = [diff_texts(x.old.text, x.new.text) for x in pairs]  # type: ignore[union-attr]
        moves = cross_moves(pairs, diffs)
        assert len(moves) == 1
        assert diffs[moves[0].new_entry].b[moves[0].b[0] : moves[0].b[1]] == MOVED

    def test_short_reworded_sentences_are_not_moves(self) -> None:
        """Across sections, a short sentence must be the same to count as moved."""
        gone, came = "加快发展现代职业教育。", "加快发展现代服务业。"
        old = [sec("1", "一、教育", A_KEEP + gone), sec("2", "二、服务", B_KEEP)]
        new = [sec("1", "一、教育", A_KEEP), sec("2", "二、服务", B_KEEP + came)]
        pairs, diffs = entries(old, new)
        assert cross_moves(pairs, diffs) == ()
