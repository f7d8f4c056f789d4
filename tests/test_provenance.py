"""Tests for compare.align.provenance: units, paragraph provenance edges, the entries they add."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.align.provenance import add_provenance, provenance_edges, units
from compare.models import Section, SectionPair

# Paragraphs of distinct vocabularies: each topic's words occur in no other topic.
TOPIC = {
    "tax": "tax cuts lower the burden of payroll levies and value added tax for small firms",
    "fees": "administrative fees charged to enterprises are cut and approval fees abolished",
    "tech": "research laboratories and innovation funds support new technology industries",
    "trade": "exports imports customs clearance and foreign investment in free trade zones",
    "farm": "farmers grain output rural roads irrigation and village revitalization plans",
    "green": "pollution control emissions of sulphur dioxide and cleaner rivers and air",
}


def words(text: str) -> Counter[str]:
    return Counter(text.split())


def sec(path: str, title: str, *topics: str) -> Section:
    level = path.count("/") + 1
    body = "\n".join(TOPIC[t] for t in topics)
    return Section(path=path, level=level, title=title, text=f"{title}\n{body}", line=1)


def pair(status: str, old: Section | None, new: Section | None) -> SectionPair:
    return SectionPair(status, old, new, 0.5)


def same(a: Section, b: Section) -> float:
    return 0.5


class TestUnits:
    def test_sections_of_the_top_two_levels(self) -> None:
        """Every level-1 and level-2 section is a unit; the preamble is not."""
        secs = [
            Section("0", 0, "", "preface", 1),
            sec("1", "Part one", "tax"),
            sec("1/1", "A", "tax"),
            sec("1/2", "B", "trade"),
            sec("2", "Part two", "farm"),
        ]
        found, _owner, parents = units(secs)
        assert (found, parents) == ([1, 2, 3, 4], {1})

    def test_deeper_items_belong_to_their_unit(self) -> None:
        """A level-3 item's text is owned by its level-2 unit; the preamble by none."""
        secs = [
            Section("0", 0, "", "preface", 1),
            sec("1", "Part", "tax"),
            sec("1/1", "A", "tax"),
            sec("1/1/1", "item", "fees"),
        ]
        _found, owner, _parents = units(secs)
        assert owner == {1: 1, 2: 2, 3: 2}


class TestProvenanceEdges:
    def test_split_found_from_paragraphs(self) -> None:
        """An old section whose fee paragraphs went to another new section gains that edge."""
        old = [sec("1", "Reform", "tax", "fees", "tech"), sec("2", "Opening", "trade")]
        new = [
            sec("1", "Tax", "tax", "tech"),
            sec("2", "Fees", "fees"),
            sec("3", "Opening", "trade"),
        ]
        edges = provenance_edges(old, new, {0: 0, 1: 2}, terms=words)
        assert edges == {(0, 0), (0, 1), (1, 2)}

    def test_merge_found_backwards(self) -> None:
        """Two old sections whose paragraphs all went to one new section both join it."""
        old = [sec("1", "Farm", "farm"), sec("2", "Green", "green"), sec("3", "Trade", "trade")]
        new = [sec("1", "Rural and green", "farm", "green"), sec("2", "Trade", "trade")]
        edges = provenance_edges(old, new, {0: 0, 2: 1}, terms=words)
        assert edges == {(0, 0), (1, 0), (2, 1)}

    def test_unrelated_paragraphs_give_no_edge(self) -> None:
        """Paragraphs sharing no words with a candidate (under the floor) join nothing."""
        old = [sec("1", "Farm", "farm"), sec("2", "Trade", "trade")]
        new = [sec("1", "Green", "green"), sec("2", "Tax", "tax")]
        assert provenance_edges(old, new, {}, terms=words) == set()

    def test_candidates_stay_under_the_matched_parent(self) -> None:
        """A unit's paragraphs go only to units inside its parent's counterpart."""
        old = [
            sec("1", "Review", "tax"),
            sec("1/1", "R1", "tax"),
            sec("2", "Tasks", "trade"),
            sec("2/1", "T1", "trade"),
        ]
        new = [
            sec("1", "Review", "trade"),
            sec("1/1", "R1", "trade"),
            sec("2", "Tasks", "tax"),
            sec("2/1", "T1", "tax"),
        ]
        # Parents matched 1->1 and 2->2: old 1/1 (tax) may not reach new 2/1 (tax).
        edges = provenance_edges(old, new, {0: 0, 2: 2}, terms=words)
        assert (1, 3) not in edges and (3, 1) not in edges

    def test_new_unit_whose_counterpart_lost_children_takes_no_edges(self) -> None:
        """A new unit matched to an old one with sub-sections (headings dropped) gains no edges
        from them: gold calls the old sub-sections removed."""
        old = [sec("1", "Review", "farm"), sec("1/1", "Tax", "tax"), sec("1/2", "Trade", "trade")]
        new = [sec("1", "Review", "tax", "trade")]
        assert provenance_edges(old, new, {0: 0}, terms=words) <= {(0, 0)}

    def test_old_unit_divided_by_the_new_year_splits_into_its_sub_sections(self) -> None:
        """An old part that the new year divided under sub-headings is split into them."""
        old = [sec("1", "Outlook", "tax", "trade"), sec("2", "Rural", "farm")]
        new = [
            sec("1", "Economy", "green"),
            sec("1/1", "Tax", "tax"),
            sec("1/2", "Trade", "trade"),
            sec("2", "Rural", "farm"),
        ]
        edges = provenance_edges(old, new, {0: 0, 1: 3}, terms=words)
        assert {(0, 1), (0, 2)} <= edges

    def test_divided_sub_section_must_read_as_the_old_part(self) -> None:
        """A new sub-section that sends under provenance_least_share of its text back to the old
        undivided part is not joined to it."""
        old = [sec("1", "Outlook", "tax"), sec("2", "Rural", "farm")]
        mostly_green = ("green",) * 10 + ("tax",)
        new = [sec("1", "Economy", "farm"), sec("1/1", "Green", *mostly_green)]
        assert (0, 1) not in provenance_edges(old, new, {0: 0, 1: 0}, terms=words)

    def test_one_stray_paragraph_gives_no_edge(self) -> None:
        """An old section that sends one paragraph in eleven (under provenance_least_share) to a
        new section is not joined to it; two in eleven are."""
        new = [sec("1", "Macro", "tax", "fees"), sec("2", "Rural", "farm")]
        for taxes, joined in ((1, False), (2, True)):
            old = [
                sec("1", "Social", *(("farm",) * (11 - taxes) + ("tax",) * taxes)),
                sec("2", "Finance", "fees"),
            ]
            edges = provenance_edges(old, new, {0: 1, 1: 0}, terms=words)
            assert ((0, 0) in edges) is joined


class TestAddProvenance:
    def test_split_entries_replace_added(self) -> None:
        """The new section's 'added' entry becomes a split entry after its own position."""
        old = [sec("1", "Reform", "tax", "fees", "tech"), sec("2", "Opening", "trade")]
        new = [
            sec("1", "Tax", "tax", "tech"),
            sec("2", "Fees", "fees"),
            sec("3", "Opening", "trade"),
        ]
        pairs = [
            pair("changed", old[0], new[0]),
            pair("added", None, new[1]),
            pair("unchanged", old[1], new[2]),
        ]
        out = add_provenance(old, new, pairs, terms=words, similarity=same)
        assert [(p.status, p.old, p.new) for p in out] == [
            ("split", old[0], new[0]),
            ("split", old[0], new[1]),
            ("unchanged", old[1], new[2]),
        ]

    def test_nothing_to_add_returns_pairs_as_given(self) -> None:
        """Without new edges the entries come back unchanged."""
        old = [sec("1", "Farm", "farm"), sec("2", "Trade", "trade")]
        new = [sec("1", "Farm", "farm"), sec("2", "Trade", "trade")]
        pairs = (pair("unchanged", old[0], new[0]), pair("unchanged", old[1], new[1]))
        assert add_provenance(old, new, pairs, terms=words, similarity=same) == pairs

    def test_removed_and_added_become_one_pair(self) -> None:
        """A removed and an added section that hold the same paragraphs are paired as moved."""
        old = [sec("1", "Farm", "farm"), sec("2", "Green", "green")]
        new = [sec("1", "Farm", "farm"), sec("2", "Ecology", "green")]
        pairs = [
            pair("unchanged", old[0], new[0]),
            pair("removed", old[1], None),
            pair("added", None, new[1]),
        ]
        out = add_provenance(old, new, pairs, terms=words, similarity=same)
        assert [(p.status, p.old, p.new) for p in out] == [
            ("unchanged", old[0], new[0]),
            ("moved", old[1], new[1]),
        ]

    @settings(max_examples=60, deadline=None)
    @given(
        st.lists(st.lists(st.sampled_from(sorted(TOPIC)), min_size=1, max_size=3), max_size=5),
        st.lists(st.lists(st.sampled_from(sorted(TOPIC)), min_size=1, max_size=3), max_size=5),
    )
    def test_every_section_kept_and_no_pair_twice(
        self, old_topics: list[list[str]], new_topics: list[list[str]]
    ) -> None:
        """Every section still appears in an entry, and no (old, new) pair appears twice."""
        old = [sec(str(k + 1), f"O{k}", *t) for k, t in enumerate(old_topics)]
        new = [sec(str(k + 1), f"N{k}", *t) for k, t in enumerate(new_topics)]
        pairs = [pair("removed", s, None) for s in old] + [pair("added", None, s) for s in new]
        out = add_provenance(old, new, pairs, terms=words, similarity=same)
        assert {p.old.path for p in out if p.old} == {s.path for s in old}
        assert {p.new.path for p in out if p.new} == {s.path for s in new}
        both = [(p.old.path, p.new.path) for p in out if p.old and p.new]
        assert len(both) == len(set(both))


class TestBudget:
    def test_over_budget_skips_with_a_note(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Past the provenance budget the step is skipped and the comparison says so.

        Work here: 4 old paragraphs × 2 new units + 4 new paragraphs × 2 old units = 16.
        """
        from compare.align.matching import align
        from compare.align.provenance import over_budget
        from compare.models import Report
        from compare.pipeline import compare_reports
        from compare.tuning import DEFAULT, AlignTuning, Tuning

        # Old (一)'s fee paragraph went to new (二): an edge only the provenance step finds.
        old = [sec("1", "Reform", "tax", "fees", "tech"), sec("2", "Opening", "trade")]
        new = [sec("1", "Reform", "tax", "tech"), sec("2", "Opening", "trade", "fees")]
        import compare.align.matching

        assert over_budget(old, new) == ""
        full = align(old, new, terms=words)
        with monkeypatch.context() as m:
            m.setattr(compare.align.matching, "provenance_edges", lambda *_a, **_k: set())
            without = align(old, new, terms=words)
        assert full != without  # the step matters for these reports
        tight = AlignTuning(provenance_budget=5)
        assert over_budget(old, new, tuning=tight).startswith(
            "The reports have too many paragraphs × sections (16, budget 5)"
        )
        assert align(old, new, terms=words, tuning=tight) == without
        comp = compare_reports(
            Report("s", 2018, "t", "a", "p", tuple(old)),
            Report("s", 2019, "t", "b", "p", tuple(new)),
            tuning=Tuning(align=tight),
        )
        assert comp.notes == (over_budget(old, new, tuning=tight),)
        assert DEFAULT.align.provenance_budget != 5
