"""Section timelines: the life of each section across the years of one series.

Public API: SectionRef, Link, Step, Event, Lineage, Timeline, EVENT_KINDS, step_of,
build_timeline, step_to_json, step_from_json, TraceStep, Trace, find_section, trace_section.

Pure functions over the consecutive-pair comparisons of a series (2014→2015, 2015→2016, …). A
``Step`` keeps only what a timeline needs of one ``Comparison`` (section paths, titles, statuses
and change scores), so a site build can cache it and skip comparing years that did not change.

A lineage is a chain of sections, one per year, joined by the alignment's pairs: a section paired
2014→2015 and that 2015 section paired 2015→2016 make one lineage. Each lineage has one event per
year from the year it appears to the year it ends (``dropped`` or ``merged`` into another lineage).

Splits and merges (the choice made here): within one pair of years the matched pairs are taken
greedily by similarity, one-to-one. A section continues the lineage of the old section it is
matched with; every other piece of a split starts a new lineage whose first event is ``split``
and whose ``parent`` names the lineage it branched from. An old section that is merged into a
section already continuing another lineage ends with a ``merged`` event whose ``other`` names the
lineage it joined. So a lineage can branch, and branches can end by joining another lineage, but
every section of every year belongs to exactly one lineage.

The change score of an event is ``TextDiff.change`` (share of tokens changed), the measure the
terminal's "most changed sections" ranks by; the first year's sections are ``present`` (the
series starts there, so nothing says when they were introduced).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from compare.errors import CompareError, InputError
from compare.models import SECTION_STATUSES
from compare.textkit.headings import title_key
from compare.tuning import DEFAULT, SeriesTuning

if TYPE_CHECKING:
    from collections.abc import Sequence

    from compare.models import Comparison, Report, Section, TextDiff

__all__ = [
    "EVENT_KINDS",
    "Event",
    "Lineage",
    "Link",
    "SectionRef",
    "Step",
    "Timeline",
    "Trace",
    "TraceStep",
    "build_timeline",
    "find_section",
    "step_from_json",
    "step_of",
    "step_to_json",
    "trace_section",
]

# The statuses that carry a section into the next year: every status but added and removed.
_CARRIED = tuple(s for s in SECTION_STATUSES if s not in ("added", "removed"))
# present: in the first year of the series; the middle six are SectionPair statuses of the pair
# that carried the section into this year; dropped/merged with no path end the lineage.
EVENT_KINDS = ("present", "introduced", *_CARRIED, "dropped")


@dataclass(frozen=True)
class SectionRef:
    """A section as the timeline sees it: where it stands in its year and what it is called."""

    path: str
    title: str
    level: int


@dataclass(frozen=True)
class Link:
    """One entry of a consecutive pair's alignment, reduced to what a timeline needs."""

    status: str  # a SectionPair status
    old: str | None  # section path in the old year
    new: str | None  # section path in the new year
    similarity: float
    change: float | None  # TextDiff.change; None for added/removed
    entry: int  # index of the entry in Comparison.sections (0-based)


@dataclass(frozen=True)
class Step:
    """One consecutive pair of years: both years' sections in reading order and the links."""

    old_year: int
    new_year: int
    old_sections: tuple[SectionRef, ...]
    new_sections: tuple[SectionRef, ...]
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Event:
    """What happened to a lineage in one year."""

    year: int
    kind: str  # one of EVENT_KINDS
    path: str | None  # the section's path that year; None when the lineage ended (dropped/merged)
    title: str  # the section's title that year ("" for the preamble or an ending)
    change: float | None = None  # share of tokens changed since the previous year
    other: str | None = None  # lineage merged into (an ending) or split from (a first event)
    entry: int | None = None  # index in the pair comparison's entries that carried it here


@dataclass(frozen=True)
class Lineage:
    """One section followed across years."""

    id: str  # "YEAR:PATH" of its first section: unique and stable for the same reports
    events: tuple[Event, ...]  # consecutive years, first appearance to end (or the last year)
    parent: str | None = None  # the lineage it split from
    level: int = 1  # heading level of its latest section (0 for the preamble)

    @property
    def title(self) -> str:
        """The latest title it had."""
        named = [e.title for e in self.events if e.path is not None]
        return named[-1] if named else ""

    @property
    def first_year(self) -> int:
        return self.events[0].year

    @property
    def last_year(self) -> int:
        """The last year the section stands in the report."""
        return max(e.year for e in self.events if e.path is not None)

    @property
    def mean_change(self) -> float | None:
        """Mean change score over the years it was carried into, or None if never carried."""
        scores = [e.change for e in self.events if e.change is not None and e.path is not None]
        return sum(scores) / len(scores) if scores else None

    def event(self, year: int) -> Event | None:
        """Its event in ``year``, or None when it did not exist then."""
        for e in self.events:
            if e.year == year:
                return e
        return None


@dataclass(frozen=True)
class Timeline:
    """Every lineage of a series, in order of first appearance (year, then reading order)."""

    series: str
    years: tuple[int, ...]
    lineages: tuple[Lineage, ...]


def _ref(section: Section) -> SectionRef:
    return SectionRef(section.path, section.title, section.level)


def step_of(comparison: Comparison) -> Step:
    """The timeline's view of one consecutive pair's comparison."""
    links = []
    for k, (pair, diff) in enumerate(zip(comparison.sections, comparison.diffs, strict=True)):
        links.append(
            Link(
                status=pair.status,
                old=pair.old.path if pair.old is not None else None,
                new=pair.new.path if pair.new is not None else None,
                similarity=pair.similarity,
                change=diff.change if diff is not None else None,
                entry=k,
            )
        )
    return Step(
        old_year=comparison.old.year,
        new_year=comparison.new.year,
        old_sections=tuple(_ref(s) for s in comparison.old.sections),
        new_sections=tuple(_ref(s) for s in comparison.new.sections),
        links=tuple(links),
    )


@dataclass
class _Draft:
    id: str
    events: list[Event]
    parent: str | None
    level: int


def _check_chain(steps: Sequence[Step]) -> None:
    for a, b in zip(steps, steps[1:], strict=False):
        if a.new_year != b.old_year or [s.path for s in a.new_sections] != [
            s.path for s in b.old_sections
        ]:
            raise CompareError(
                f"The steps {a.old_year}→{a.new_year} and {b.old_year}→{b.new_year} do not "
                "share a year's report.",
                "Pass the comparisons of consecutive years in order, each new year being the "
                "next one's old year.",
            )


def build_timeline(series: str, steps: Sequence[Step]) -> Timeline:
    """Follow every section through ``steps`` (consecutive pairs of years, in order)."""
    if not steps:
        return Timeline(series, (), ())
    _check_chain(steps)
    drafts: list[_Draft] = []
    owner: dict[str, _Draft] = {}  # section path in the current year -> its lineage
    first = steps[0]
    for s in first.old_sections:
        d = _Draft(
            f"{first.old_year}:{s.path}",
            [Event(first.old_year, "present", s.path, s.title)],
            None,
            s.level,
        )
        drafts.append(d)
        owner[s.path] = d
    for step in steps:
        owner = _advance(step, owner, drafts)
    lineages = tuple(Lineage(d.id, tuple(d.events), d.parent, d.level) for d in drafts)
    years = (first.old_year, *(s.new_year for s in steps))
    return Timeline(series, years, lineages)


def _advance(step: Step, owner: dict[str, _Draft], drafts: list[_Draft]) -> dict[str, _Draft]:
    """Carry every lineage alive in ``step.old_year`` into ``step.new_year``."""
    year = step.new_year
    new_order = {s.path: k for k, s in enumerate(step.new_sections)}
    old_order = {s.path: k for k, s in enumerate(step.old_sections)}
    new_refs = {s.path: s for s in step.new_sections}
    both = [lk for lk in step.links if lk.old in owner and lk.new in new_refs]
    # Greedy one-to-one by similarity; ties by reading order so the result is deterministic.
    both.sort(key=lambda lk: (-lk.similarity, new_order[lk.new or ""], old_order[lk.old or ""]))
    taken_old: set[str] = set()
    carried: dict[str, Link] = {}
    for lk in both:
        assert lk.old is not None and lk.new is not None
        if lk.old in taken_old or lk.new in carried:
            continue
        taken_old.add(lk.old)
        carried[lk.new] = lk
    incoming: dict[str, list[Link]] = {}
    for lk in both:
        incoming.setdefault(lk.new or "", []).append(lk)
    nxt: dict[str, _Draft] = {}
    for s in step.new_sections:
        kept = carried.get(s.path)
        if kept is not None:
            d = owner[kept.old or ""]
            d.events.append(
                Event(year, kept.status, s.path, s.title, kept.change, None, kept.entry)
            )
            d.level = s.level
        elif s.path in incoming:
            best = incoming[s.path][0]  # already sorted best first
            parent = owner[best.old or ""]
            d = _Draft(f"{year}:{s.path}", [], parent.id, s.level)
            d.events.append(
                Event(year, best.status, s.path, s.title, best.change, parent.id, best.entry)
            )
            drafts.append(d)
        else:
            added = next((lk for lk in step.links if lk.new == s.path), None)
            d = _Draft(f"{year}:{s.path}", [], None, s.level)
            d.events.append(
                Event(
                    year,
                    "introduced",
                    s.path,
                    s.title,
                    None,
                    None,
                    added.entry if added is not None else None,
                )
            )
            drafts.append(d)
        nxt[s.path] = d
    for s in step.old_sections:
        if s.path in taken_old or s.path not in owner:
            continue
        d = owner[s.path]
        out = [lk for lk in both if lk.old == s.path]
        if out:
            target = out[0]
            # Not carried forward, yet its text went on: it joins the lineage that continues
            # there, whatever the entry's status (a many-to-many split edge included), so the
            # ending reads "merged into" and a trace follows it.
            d.events.append(
                Event(
                    year,
                    "merged",
                    None,
                    "",
                    target.change,
                    nxt[target.new or ""].id,
                    target.entry,
                )
            )
        else:
            gone = next((lk for lk in step.links if lk.old == s.path and lk.new is None), None)
            d.events.append(
                Event(
                    year, "dropped", None, "", None, None, gone.entry if gone is not None else None
                )
            )
    return nxt


# --- cache form ----------------------------------------------------------------------------------


def step_to_json(step: Step) -> dict[str, Any]:
    """A step as plain values (the site manifest caches it)."""
    return {
        "old_year": step.old_year,
        "new_year": step.new_year,
        "old_sections": [[s.path, s.title, s.level] for s in step.old_sections],
        "new_sections": [[s.path, s.title, s.level] for s in step.new_sections],
        "links": [
            [lk.status, lk.old, lk.new, lk.similarity, lk.change, lk.entry] for lk in step.links
        ],
    }


def step_from_json(doc: dict[str, Any]) -> Step:
    """The step that ``step_to_json`` wrote."""
    return Step(
        old_year=int(doc["old_year"]),
        new_year=int(doc["new_year"]),
        old_sections=tuple(SectionRef(p, t, int(lv)) for p, t, lv in doc["old_sections"]),
        new_sections=tuple(SectionRef(p, t, int(lv)) for p, t, lv in doc["new_sections"]),
        links=tuple(
            Link(st, old, new, float(sim), None if ch is None else float(ch), int(e))
            for st, old, new, sim, ch, e in doc["links"]
        ),
    )


# --- trace ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TraceStep:
    """One year of a traced section: its text that year and the diff from the year before."""

    year: int
    status: str  # an EVENT_KINDS value; "present" for the first year
    section: Section | None  # None when the section was dropped that year
    diff: TextDiff | None = None  # from the previous year's section; None in the first year
    change: float | None = None  # TextDiff.change of ``diff``


@dataclass(frozen=True)
class Trace:
    """One section followed from the first year of a run of comparisons to the last."""

    series: str
    query: str
    title: str  # the section's title in the first year
    path: str  # its path in the first year
    steps: tuple[TraceStep, ...]


_PATH = re.compile(r"^\d+(?:/\d+)*$")
def _label(section: Section) -> str:
    title = " ".join(section.title.split()) or "(text before the first heading)"
    return f"{section.path} {title[:30]}{'…' if len(title) > 30 else ''}"


def find_section(
    report: Report, query: str, *, tuning: SeriesTuning = DEFAULT.series
) -> Section:
    """The section of ``report`` that ``query`` names: a path like 1/4, or (part of) a title.

    A title query matches exactly (ordinals and punctuation aside), then as a part of one title,
    then fuzzily (rapidfuzz WRatio >= ``trace_title_match``); several equally good matches
    are an error listing them, as is no match (listing the closest titles).
    """
    text = query.strip()
    where = f"{report.series} {report.year}"
    if _PATH.match(text):
        for s in report.sections:
            if s.path == text:
                return s
        shown = ", ".join(s.path for s in report.sections)
        raise InputError(
            f"No section {text} in {where}. Its sections: {shown}.",
            f"Pick one of those paths (`compare show {report.year}` lists them with titles).",
        )
    want = title_key(text)
    if not want:
        raise InputError(
            f"The section query {query!r} has no words to match.",
            "Pass a section path like 1/4 or words of its title.",
        )
    exact = [s for s in report.sections if title_key(s.title) == want]
    if len(exact) == 1:
        return exact[0]
    part = exact or [s for s in report.sections if want in title_key(s.title)]
    if len(part) == 1:
        return part[0]
    if len(part) > 1:
        raise _ambiguous(query, where, part, tuning)
    from rapidfuzz import fuzz

    scored = sorted(
        ((fuzz.WRatio(want, title_key(s.title)), -k, s) for k, s in enumerate(report.sections)),
        key=lambda x: (-x[0], -x[1]),
    )
    good = [x for x in scored if x[0] >= tuning.trace_title_match]
    if len(good) == 1 or (good and good[0][0] - good[1][0] >= tuning.trace_title_margin):
        return good[0][2]
    if good:
        close = [x[2] for x in good if good[0][0] - x[0] < tuning.trace_title_margin]
        raise _ambiguous(query, where, close, tuning)
    closest = "; ".join(_label(x[2]) for x in scored[: tuning.trace_candidates])
    raise InputError(
        f"No section of {where} matches {query!r}. Closest titles: {closest}.",
        f"Pass more of the title's words, or a section path (`compare show {report.year}` "
        "lists them).",
    )


def _ambiguous(
    query: str, where: str, sections: Sequence[Section], tuning: SeriesTuning
) -> InputError:
    shown = "; ".join(_label(s) for s in sections[: tuning.trace_candidates])
    more = len(sections) - tuning.trace_candidates
    return InputError(
        f"{query!r} matches {len(sections)} sections of {where}: {shown}"
        + (f" and {more} more" if more > 0 else "")
        + ".",
        f"Pass the section's path (e.g. {sections[0].path}) or more of its title.",
    )


def trace_section(
    comparisons: Sequence[Comparison], query: str, *, tuning: SeriesTuning = DEFAULT.series
) -> Trace:
    """The section ``query`` names in the first year, followed through consecutive comparisons.

    It follows the section's lineage (see ``build_timeline``); where the section is merged into
    another, the trace goes on with the section it was merged into. Pieces split off it start
    lineages of their own and are not followed.
    """
    if not comparisons:
        raise InputError(
            "A trace needs two or more years; only one is in range.",
            "Widen --from/--to, or ingest more years with `compare ingest PATH`.",
        )
    first = comparisons[0].old
    section = find_section(first, query, tuning=tuning)
    steps = [step_of(c) for c in comparisons]
    timeline = build_timeline(first.series, steps)
    by_id = {ln.id: ln for ln in timeline.lineages}
    current = by_id[f"{first.year}:{section.path}"]
    out = [TraceStep(first.year, "present", section)]
    for comp in comparisons:
        event = current.event(comp.new.year)
        if event is None:
            break
        diff = comp.diffs[event.entry] if event.entry is not None else None
        if event.path is None and event.kind == "merged" and event.other is not None:
            current = by_id[event.other]
            joined = current.event(comp.new.year)
            path = joined.path if joined is not None else None
        else:
            path = event.path
        new = next((s for s in comp.new.sections if s.path == path), None) if path else None
        out.append(TraceStep(comp.new.year, event.kind, new, diff, diff.change if diff else None))
        if new is None:
            break
    return Trace(first.series, query, section.title, section.path, tuple(out))
