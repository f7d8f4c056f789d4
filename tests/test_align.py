"""Tests for compare.align.matching: masking, pairing, moves, splits, merges, at most once."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from compare.align import align
from compare.models import SECTION_STATUSES, Section
from compare.textkit.headings import mask_title, title_similarity

TOPICS = {
    "law": "加强行政执法监督，规范执法程序，落实行政执法责任制，开展执法案卷评查，提升执法素质。",
    "review": "推进规范性文件合法性审查，建立备案审查制度，清理规章和文件，严格审查程序与标准。",
    "service": "深化政务服务改革，推行一窗受理和网上办理，压缩审批时限，优化营商环境和便民服务。",
    "dispute": "健全矛盾纠纷多元化解机制，加强人民调解和行政复议，依法化解信访积案，维护社会稳定。",
    "train": "组织领导干部学法用法，举办法治讲座和培训班，开展普法宣传进社区进企业进校园活动。",
    "env": "加强生态环境保护，治理大气和水污染，推进垃圾分类与河长制，改善城乡人居环境质量。",
}


def sec(path: str, title: str, body: str = "", line: int = 1) -> Section:
    level = 0 if path == "0" else path.count("/") + 1
    text = title + ("\n" + body if body else "") if title else body
    return Section(path=path, level=level, title=title, text=text, line=line)


class TestMaskTitle:
    def test_masks_ordinal_and_year(self) -> None:
        """Ordinals, years and punctuation go, so consecutive years' review titles are equal."""
        assert mask_title("一、2018年工作回顾") == mask_title("一、2017年工作回顾") == "工作回顾"

    def test_masks_bracketed_and_numbered_ordinals(self) -> None:
        """（三）, (3) and 3. prefixes are all removed."""
        assert mask_title("（三）深化改革。") == "深化改革"
        assert mask_title("(3)深化改革") == "深化改革"
        assert mask_title("3.深化改革") == "深化改革"

    def test_keeps_numbers_that_are_not_ordinals(self) -> None:
        """A number inside the title, not at its start, is kept."""
        assert "5" in mask_title("一、完成5项任务")

    def test_title_similarity_range(self) -> None:
        """Identical masked titles score 1.0, unrelated ones far less."""
        assert title_similarity("一、2018年工作回顾", "二、2019年工作回顾") == 1.0
        assert title_similarity("一、工作回顾", "二、生态环境") < 0.3


class TestAlign:
    def test_identical_reports_are_unchanged(self) -> None:
        """Each section faces itself, all unchanged, similarity 1.0."""
        secs = [sec("1", "一、执法", TOPICS["law"]), sec("2", "二、审查", TOPICS["review"])]
        pairs = align(secs, secs)
        assert [(p.status, p.old, p.new) for p in pairs] == [
            ("unchanged", secs[0], secs[0]),
            ("unchanged", secs[1], secs[1]),
        ]
        assert all(p.similarity == 1.0 for p in pairs)

    def test_renamed_part(self) -> None:
        """Different titles over the same body are renamed."""
        old = [sec("1", "一、加强执法监督", TOPICS["law"])]
        new = [sec("1", "一、严格规范公正文明执法", TOPICS["law"] + "新增一句。")]
        [pair] = align(old, new)
        assert pair.status == "renamed"
        assert pair.old == old[0] and pair.new == new[0]

    def test_added_and_removed(self) -> None:
        """A section with no counterpart is added or removed, where it stood."""
        old = [sec("1", "一、执法", TOPICS["law"]), sec("2", "二、培训", TOPICS["train"])]
        new = [sec("1", "一、执法", TOPICS["law"]), sec("2", "二、环保", TOPICS["env"])]
        statuses = [(p.status, p.old and p.old.title, p.new and p.new.title)
                    for p in align(old, new)]
        assert ("unchanged", "一、执法", "一、执法") in statuses
        assert ("added", None, "二、环保") in statuses
        assert ("removed", "二、培训", None) in statuses

    def test_moved_section(self) -> None:
        """A section that changed position is found among the leftovers as moved."""
        names = ["law", "review", "service", "dispute"]
        old = [sec(str(k + 1), f"（{k + 1}）{n}", TOPICS[n]) for k, n in enumerate(names)]
        order = ["review", "service", "dispute", "law"]
        new = [sec(str(k + 1), f"（{k + 1}）{n}", TOPICS[n]) for k, n in enumerate(order)]
        by_status = {p.old.text if p.old else None: p.status for p in align(old, new)}
        moved = [k for k, v in by_status.items() if v == "moved"]
        assert len(moved) == 1
        assert TOPICS["law"] in str(moved[0])

    def test_section_moved_to_another_part(self) -> None:
        """A child that moved under another parent is matched across parts."""
        old = [
            sec("1", "一、执法", TOPICS["law"]),
            sec("1/1", "（一）调解", TOPICS["dispute"]),
            sec("2", "二、服务", TOPICS["service"]),
        ]
        new = [
            sec("1", "一、执法", TOPICS["law"]),
            sec("2", "二、服务", TOPICS["service"]),
            sec("2/1", "（一）调解", TOPICS["dispute"]),
        ]
        pairs = align(old, new)
        dispute = [p for p in pairs if p.old is not None and p.old.path == "1/1"]
        assert [(p.status, p.new.path if p.new else None) for p in dispute] == [("moved", "2/1")]

    def test_split(self) -> None:
        """One old section whose body became two new ones gives two split entries."""
        old = [sec("1", "一、执法和审查", TOPICS["law"] + TOPICS["review"])]
        new = [sec("1", "一、执法", TOPICS["law"]), sec("2", "二、审查", TOPICS["review"])]
        pairs = align(old, new)
        assert [p.status for p in pairs] == ["split", "split"]
        assert all(p.old == old[0] for p in pairs)
        assert [p.new for p in pairs] == new

    def test_merge(self) -> None:
        """Two old sections whose bodies became one new one give two merged entries."""
        old = [sec("1", "一、执法", TOPICS["law"]), sec("2", "二、审查", TOPICS["review"])]
        new = [sec("1", "一、执法和审查", TOPICS["law"] + TOPICS["review"])]
        pairs = align(old, new)
        assert [p.status for p in pairs] == ["merged", "merged"]
        assert {p.old.title for p in pairs if p.old} == {"一、执法", "二、审查"}

    def test_unrelated_not_forced(self) -> None:
        """Sections with nothing in common are not paired, whatever their position."""
        old = [sec("1", "一、执法", TOPICS["law"])]
        new = [sec("1", "一、环保", TOPICS["env"])]
        assert sorted(p.status for p in align(old, new)) == ["added", "removed"]

    def test_children_of_a_matched_part_removed_into_it(self) -> None:
        """Old children whose text the new part absorbed are removed, not merged into it."""
        old = [
            sec("1", "一、回顾", ""),
            sec("1/1", "（一）执法", TOPICS["law"]),
            sec("1/2", "（二）审查", TOPICS["review"]),
        ]
        new = [sec("1", "一、回顾", TOPICS["law"] + TOPICS["review"])]
        pairs = align(old, new)
        removed = [p.old.title for p in pairs if p.status == "removed" and p.old]
        assert "（一）执法" in removed
        assert [p.status for p in pairs if p.new is not None] == ["changed"]


words = st.sampled_from(sorted(TOPICS.values()))


@st.composite
def reports(draw: st.DrawFn) -> list[Section]:
    n = draw(st.integers(0, 6))
    out = []
    for k in range(n):
        out.append(sec(str(k + 1), f"{k + 1}、标题{draw(st.integers(0, 3))}", draw(words)))
        if draw(st.booleans()):
            out.append(sec(f"{k + 1}/1", f"（一）小节{k}", draw(words)))
    return out


class TestAlignInvariants:
    @settings(max_examples=150, deadline=None)
    @given(old=reports(), new=reports())
    def test_every_section_once_except_split_merge(
        self, old: list[Section], new: list[Section]
    ) -> None:
        """Every section appears; more than once only in split (old) or merged (new) entries.

        An entry whose two sides both recur (many-to-many) may be either.
        """
        pairs = align(old, new)
        assert {p.status for p in pairs} <= set(SECTION_STATUSES)
        old_seen = Counter(id(p.old) for p in pairs if p.old is not None)
        new_seen = Counter(id(p.new) for p in pairs if p.new is not None)
        assert set(old_seen) == {id(s) for s in old}
        assert set(new_seen) == {id(s) for s in new}
        both = [(id(p.old), id(p.new)) for p in pairs if p.old is not None and p.new is not None]
        assert len(both) == len(set(both))
        for p in pairs:
            many_old = p.old is not None and old_seen[id(p.old)] > 1
            many_new = p.new is not None and new_seen[id(p.new)] > 1
            if many_old and many_new:
                assert p.status in ("split", "merged")
            elif many_old:
                assert p.status == "split"
            elif many_new:
                assert p.status == "merged"
            assert 0.0 <= p.similarity <= 1.0


class TestAlignBudget:
    def test_over_budget_pairs_by_title_in_order(self) -> None:
        """Past the pair budget, equal masked titles pair in order and the rest is added/removed."""
        from compare.align.matching import over_budget
        from compare.tuning import AlignTuning

        tight = AlignTuning(pair_budget=3)
        old = [sec("1", "一、2018年执法", TOPICS["law"]), sec("2", "二、培训", TOPICS["train"])]
        new = [sec("1", "一、2019年执法", TOPICS["law"]), sec("2", "二、环保", TOPICS["env"])]

        assert "alignment budget (3)" in over_budget(old, new, tuning=tight)
        assert over_budget(old, new) == ""  # the default tuning is untouched
        got = [
            (p.status, p.old and p.old.title, p.new and p.new.title)
            for p in align(old, new, tuning=tight)
        ]
        assert got == [
            ("changed", "一、2018年执法", "一、2019年执法"),
            ("removed", "二、培训", None),
            ("added", None, "二、环保"),
        ]

    def test_within_budget_no_note(self) -> None:
        """Ordinary reports are aligned fully, with no note."""
        from compare.align.matching import over_budget

        secs = [sec("1", "一、执法", TOPICS["law"])]
        assert over_budget(secs, secs) == ""
