"""Section timelines: lineages followed through consecutive pairs, splits, merges, the page."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.errors import CompareError
from compare.export import TIMELINE_SCHEMA, timeline_json
from compare.pipeline import compare_reports, ingest, load_report
from compare.render import render_timeline
from compare.series.timeline import (
    EVENT_KINDS,
    Link,
    SectionRef,
    Step,
    Timeline,
    build_timeline,
    step_from_json,
    step_of,
    step_to_json,
)
from compare.store.db import Store

CASES = Path(__file__).parent / "cases" / "site_demo"
GOLDEN = CASES / "timeline.golden.html"


def refs(*items: tuple[str, str]) -> tuple[SectionRef, ...]:
    return tuple(SectionRef(path, title, path.count("/") + 1) for path, title in items)


def link(status: str, old: str | None, new: str | None, sim: float, entry: int) -> Link:
    change = None if old is None or new is None else round(1 - sim, 2)
    return Link(status, old, new, sim, change, entry)


# 2017 → 2018: 1 kept, 2 split into 2 and 3, 4 dropped, 5 new (4). 2018 → 2019: 2 and 3 merged
# into 2, 1 renamed, 4 kept.
STEP1 = Step(
    2017,
    2018,
    refs(("1", "一、回顾"), ("2", "二、改革"), ("3", "三、开放")),
    refs(("1", "一、回顾"), ("2", "二、改革"), ("3", "三、国企改革"), ("4", "四、生态")),
    (
        link("changed", "1", "1", 0.9, 0),
        link("split", "2", "2", 0.6, 1),
        link("split", "2", "3", 0.4, 2),
        link("removed", "3", None, 0.0, 3),
        link("added", None, "4", 0.0, 4),
    ),
)
STEP2 = Step(
    2018,
    2019,
    STEP1.new_sections,
    refs(("1", "一、五年回顾"), ("2", "二、深化改革"), ("3", "三、生态")),
    (
        link("renamed", "1", "1", 0.8, 0),
        link("merged", "2", "2", 0.7, 1),
        link("merged", "3", "2", 0.5, 2),
        link("unchanged", "4", "3", 1.0, 3),
    ),
)


def kinds(timeline: Timeline) -> dict[str, list[tuple[int, str, str | None]]]:
    return {ln.id: [(e.year, e.kind, e.path) for e in ln.events] for ln in timeline.lineages}


class TestBuildTimeline:
    def test_lineages_follow_pairs_through_years(self) -> None:
        """A section matched 2017→2018 and again 2018→2019 is one lineage with three events."""
        t = build_timeline("demo", [STEP1, STEP2])
        assert t.years == (2017, 2018, 2019)
        assert kinds(t)["2017:1"] == [
            (2017, "present", "1"),
            (2018, "changed", "1"),
            (2019, "renamed", "1"),
        ]

    def test_split_branches_a_new_lineage(self) -> None:
        """The better piece of a split continues the lineage; the other starts a branch."""
        t = build_timeline("demo", [STEP1, STEP2])
        assert kinds(t)["2017:2"][:2] == [(2017, "present", "2"), (2018, "split", "2")]
        branch = next(ln for ln in t.lineages if ln.id == "2018:3")
        assert branch.parent == "2017:2"
        assert branch.events[0].kind == "split"

    def test_merge_ends_the_weaker_lineage(self) -> None:
        """Of two sections merged into one, the weaker ends with merged, naming the other."""
        t = build_timeline("demo", [STEP1, STEP2])
        assert kinds(t)["2017:2"][-1] == (2019, "merged", "2")
        end = next(ln for ln in t.lineages if ln.id == "2018:3").events[-1]
        assert (end.year, end.kind, end.path, end.other) == (2019, "merged", None, "2017:2")

    def test_many_to_many_ending_reads_merged(self) -> None:
        """A section whose split pieces all continue other lineages ends as merged into one."""
        step = Step(
            2017,
            2018,
            refs(("1", "一、改革"), ("2", "二、开放")),
            refs(("1", "一、改革开放"), ("2", "二、创新")),
            (
                link("split", "1", "1", 0.7, 0),
                link("split", "1", "2", 0.6, 1),
                link("split", "2", "1", 0.3, 2),
            ),
        )
        t = build_timeline("demo", [step])
        end = next(ln for ln in t.lineages if ln.id == "2017:2").events[-1]
        assert (end.year, end.kind, end.path, end.other) == (2018, "merged", None, "2017:1")

    def test_dropped_and_introduced(self) -> None:
        """A removed section ends with dropped; an added one starts with introduced."""
        t = build_timeline("demo", [STEP1, STEP2])
        assert kinds(t)["2017:3"] == [(2017, "present", "3"), (2018, "dropped", None)]
        assert kinds(t)["2018:4"] == [(2018, "introduced", "4"), (2019, "unchanged", "3")]

    def test_change_score_is_carried(self) -> None:
        """Each carried event holds its link's change score; mean_change averages them."""
        t = build_timeline("demo", [STEP1, STEP2])
        first = next(ln for ln in t.lineages if ln.id == "2017:1")
        assert [e.change for e in first.events] == [None, 0.1, 0.2]
        assert first.mean_change == pytest.approx(0.15)
        assert first.title == "一、五年回顾"

    def test_steps_must_chain(self) -> None:
        """Steps that do not share a year are refused with what and how to fix."""
        with pytest.raises(CompareError) as err:
            build_timeline("demo", [STEP2, STEP1])
        assert err.value.what == ("The steps 2018→2019 and 2017→2018 do not share a year's report.")

    def test_no_steps_no_lineages(self) -> None:
        """An empty run of steps gives an empty timeline."""
        assert build_timeline("demo", []) == Timeline("demo", (), ())

    @settings(max_examples=60, deadline=None)
    @given(st.data())
    def test_every_section_is_in_exactly_one_lineage(self, data: st.DataObject) -> None:
        """Whatever the links, each (year, section) belongs to one lineage, events are yearly."""
        n_years = data.draw(st.integers(2, 4))
        sizes = [data.draw(st.integers(1, 4)) for _ in range(n_years)]
        sections = [refs(*((str(k + 1), f"s{k}") for k in range(n))) for n in sizes]
        steps = []
        for y in range(n_years - 1):
            olds = [s.path for s in sections[y]]
            news = [s.path for s in sections[y + 1]]
            edges = data.draw(
                st.lists(
                    st.tuples(st.sampled_from(olds), st.sampled_from(news), st.floats(0.01, 1.0)),
                    max_size=6,
                    unique_by=lambda e: e[:2],
                )
            )
            links = [link("changed", o, n, s, k) for k, (o, n, s) in enumerate(edges)]
            steps.append(Step(2000 + y, 2001 + y, sections[y], sections[y + 1], tuple(links)))
        t = build_timeline("x", steps)
        seen: list[tuple[int, str]] = []
        for ln in t.lineages:
            years = [e.year for e in ln.events]
            assert years == list(range(years[0], years[0] + len(years)))
            assert all(e.kind in EVENT_KINDS for e in ln.events)
            seen += [(e.year, e.path) for e in ln.events if e.path is not None]
        expected = [(2000 + y, s.path) for y in range(n_years) for s in sections[y]]
        assert sorted(seen) == sorted(expected)


class TestSteps:
    def test_json_round_trip(self) -> None:
        """A step survives the manifest's JSON form unchanged."""
        assert step_from_json(step_to_json(STEP1)) == STEP1

    def test_step_of_real_comparison(self, tmp_path: Path) -> None:
        """step_of keeps every entry of a comparison with its diff's change score."""
        with Store(tmp_path / "s.db") as store:
            ingest(store, sorted(CASES.glob("*.txt")), series="demo")
            comp = compare_reports(
                load_report(store, "demo", 2017), load_report(store, "demo", 2018)
            )
        step = step_of(comp)
        assert len(step.links) == len(comp.sections)
        for lk, d in zip(step.links, comp.diffs, strict=True):
            assert lk.change == (d.change if d is not None else None)
        assert [s.path for s in step.new_sections] == [s.path for s in comp.new.sections]

    def test_demo_series_lifecycles(self, tmp_path: Path) -> None:
        """The constructed series shows a drop, an introduction and a renamed heading."""
        with Store(tmp_path / "s.db") as store:
            ingest(store, sorted(CASES.glob("*.txt")), series="demo")
            r = [load_report(store, "demo", y) for y in (2017, 2018, 2019)]
        t = build_timeline(
            "demo", [step_of(compare_reports(a, b)) for a, b in zip(r, r[1:], strict=False)]
        )
        found = kinds(t)
        assert found["2017:3/2"] == [(2017, "present", "3/2"), (2018, "dropped", None)]
        assert found["2018:3/3"][0] == (2018, "introduced", "3/3")
        assert found["2017:2"][1][1] == "renamed"


class TestTimelineJson:
    def test_document(self) -> None:
        """timeline_json names its schema and lists each lineage's events."""
        doc = timeline_json(build_timeline("demo", [STEP1, STEP2]))
        assert doc["schema"] == TIMELINE_SCHEMA == "compare/timeline/1"
        assert doc["years"] == [2017, 2018, 2019]
        first = doc["lineages"][0]
        assert first["events"][1] == {
            "year": 2018,
            "kind": "changed",
            "path": "1",
            "title": "一、回顾",
            "change": 0.1,
            "other": None,
        }


class TestTimelinePage:
    PAIRS = {(2017, 2018): "2017-2018.html", (2018, 2019): "2018-2019.html"}

    def page(self) -> str:
        return render_timeline(build_timeline("demo", [STEP1, STEP2]), self.PAIRS)

    def test_golden(self) -> None:
        """The page of the constructed steps matches the golden snapshot byte for byte."""
        html = self.page()
        if os.environ.get("UPDATE_GOLDEN"):
            GOLDEN.write_text(html, encoding="utf-8")
        assert html == GOLDEN.read_text(encoding="utf-8")

    def test_grid_has_a_row_per_lineage_and_a_column_per_year(self) -> None:
        """#timeline has one row per lineage and one header per year."""
        html = self.page()
        assert html.count('<tr id="l-') == len(build_timeline("d", [STEP1, STEP2]).lineages)
        assert re.findall(r'<th class="y" id="y\d+">(\d+)</th>', html) == ["2017", "2018", "2019"]

    def test_cells_link_to_pair_page_entries(self) -> None:
        """A carried cell links to its entry on the pair page (e<index>-n<path>)."""
        assert 'href="2018-2019.html#e1-n1"' in self.page()
        assert 'href="2017-2018.html#e4-o3"' in self.page()  # the dropped section's old side
        assert 'href="2018-2019.html#e3-n2"' in self.page()  # merged: the section it joined

    def test_branch_names_its_parent(self) -> None:
        """A split-off lineage says which one it split from, with a link to its row."""
        assert '拆分自 <a href="#l-2017-2">二、深化改革</a>' in self.page()  # a Chinese report

    def test_hostile_title_is_escaped(self) -> None:
        """A title with markup and quotes is shown as text, never as markup."""
        evil = '<script>alert("x")</script>\'"&'
        step = Step(
            2017, 2018, refs(("1", evil)), refs(("1", evil)), (link("unchanged", "1", "1", 1.0, 0),)
        )
        html = render_timeline(build_timeline(evil, [step]), self.PAIRS)
        assert "<script>" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&#39;&#34;&amp;" in html
