"""A user's corrections: "these two sections are the same" / "are not", and the same for metrics.

Public API: find_section, find_metric, section_ref, metric_ref, make_correction,
apply_section_corrections, apply_metric_corrections.

Corrections are kept in the store per series (``Store.put_correction``) and applied by the
pipeline after the alignment and after the metric pairing, never inside them: each comparison,
page, site and trend of those two years follows them, and the entries they made or broke carry
``set_by_hand``. A section is found again by its path and title, a metric by the line and text of
its number (``20:76件``) and its quote; what no longer resolves (the report was replaced by one
without that heading) is left out, never guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from compare.align import entries
from compare.errors import InputError
from compare.metrics.pairing import metric_delta
from compare.models import Correction, Metric, MetricChange, Report, Section, SectionPair
from compare.textkit.chars import fold
from compare.textkit.headings import mask_title, masked_similarity
from compare.tuning import DEFAULT, AlignTuning

__all__ = [
    "apply_metric_corrections",
    "apply_section_corrections",
    "find_metric",
    "find_section",
    "make_correction",
    "metric_ref",
    "section_ref",
]


def _key(text: str) -> str:
    return "".join(fold(text).split())


def find_section(report: Report, what: str) -> Section:
    """The section ``what`` names: a path (``1/3``, ``0`` for the preamble) or a title (as
    written, or without its ordinal); an unknown or ambiguous one is an error naming candidates."""
    by_path = [s for s in report.sections if s.path == what.strip()]
    if by_path:
        return by_path[0]
    key = _key(what)
    exact = [s for s in report.sections if _key(s.title) == key]
    found = exact or [s for s in report.sections if s.title and mask_title(s.title)
                      == mask_title(what)]
    if len(found) == 1:
        return found[0]
    near = found or sorted(
        (s for s in report.sections if s.title),
        key=lambda s: -masked_similarity(mask_title(s.title), mask_title(what)),
    )[:5]
    shown = "; ".join(f"{s.path} {s.title}" for s in near)
    what_went_wrong = "matches several sections" if found else "matches no section"
    raise InputError(
        f"{what!r} {what_went_wrong} of {report.series} {report.year}. Closest: {shown}.",
        "Name the section by its path (the first column of `compare show YEAR`) or its title.",
    )


def find_metric(report: Report, what: str) -> Metric:
    """The metric ``what`` names: the number as written (``76件``), with ``@LINE`` where the
    report states it more than once (``76件@20``)."""
    text, _, line = what.strip().rpartition("@") if "@" in what else (what.strip(), "", "")
    found = [m for m in report.metrics if _key(m.quantity.text) == _key(text)
             and (not line or str(m.quantity.line) == line.strip())]
    if len(found) == 1:
        return found[0]
    if found:
        shown = "; ".join(f"{m.quantity.text}@{m.quantity.line} {m.quantity.quote}" for m in found)
        raise InputError(
            f"{what!r} matches several metrics of {report.series} {report.year}: {shown}.",
            "Add the line after @, e.g. 76件@20.",
        )
    raise InputError(
        f"{what!r} matches no metric of {report.series} {report.year}.",
        f"Give the number as written, e.g. the TEXT column of `compare metrics {report.year}`.",
    )


def section_ref(section: Section) -> tuple[str, str]:
    """How a correction names a section: its path and its title."""
    return section.path, section.title


def metric_ref(metric: Metric) -> tuple[str, str]:
    """How a correction names a metric: ``LINE:TEXT`` of its number, and its quote."""
    return f"{metric.quantity.line}:{metric.quantity.text}", metric.quantity.quote


def make_correction(
    old: Report, new: Report, kind: str, old_what: str, new_what: str, *, same: bool
) -> Correction:
    """A correction about two sections (``kind`` "section") or metrics ("metric") of two stored
    reports of one series, the sections or metrics found as ``find_section``/``find_metric`` do."""
    if old.series != new.series:
        raise InputError(
            f"A correction is about two years of one series, not {old.series} and {new.series}.",
            "Give both years of the same series (--series).",
        )
    if kind == "section":
        a, b = section_ref(find_section(old, old_what)), section_ref(find_section(new, new_what))
    else:
        a, b = metric_ref(find_metric(old, old_what)), metric_ref(find_metric(new, new_what))
    return Correction(old.series, kind, same, old.year, new.year, *a, *b)


def _resolve_section(sections: Sequence[Section], ref: str, title: str) -> int | None:
    for k, s in enumerate(sections):
        if s.path == ref and s.title == title:
            return k
    same = [k for k, s in enumerate(sections) if _key(s.title) == _key(title)]
    return same[0] if len(same) == 1 else None


def _resolve_metric(metrics: Sequence[Metric], ref: str, quote: str) -> Metric | None:
    line, _, text = ref.partition(":")
    for m in metrics:
        if str(m.quantity.line) == line and m.quantity.text == text:
            return m
    same = [m for m in metrics if m.quantity.text == text and m.quantity.quote == quote]
    return same[0] if len(same) == 1 else None


def _mine(corrections: Sequence[Correction], old: Report, new: Report, kind: str
          ) -> list[Correction]:
    return [c for c in corrections if c.kind == kind and c.series == old.series == new.series
            and (c.old_year, c.new_year) == (old.year, new.year)]


def apply_section_corrections(
    old: Report,
    new: Report,
    pairs: Sequence[SectionPair],
    corrections: Sequence[Correction],
    *,
    tuning: AlignTuning = DEFAULT.align,
) -> tuple[SectionPair, ...]:
    """``pairs`` with the section corrections of these two years applied: a pair said to be the
    same is made (its sections' other pairs broken), one said not to be is broken; the entries
    are rebuilt (statuses follow) and those the user set carry ``set_by_hand``."""
    mine = _mine(corrections, old, new, "section")
    if not mine:
        return tuple(pairs)
    index = ({s.path: k for k, s in enumerate(old.sections)},
             {s.path: k for k, s in enumerate(new.sections)})
    edges = {
        (index[0][p.old.path], index[1][p.new.path]): "moved" if p.status == "moved" else "order"
        for p in pairs
        if p.old is not None and p.new is not None and not p.relation
    }
    hand: set[tuple[int | None, int | None]] = set()
    for c in mine:
        i = _resolve_section(old.sections, c.old_ref, c.old_text)
        j = _resolve_section(new.sections, c.new_ref, c.new_text)
        if i is None or j is None:
            continue
        if c.same:
            edges = {e: how for e, how in edges.items() if e[0] != i and e[1] != j}
            edges[(i, j)] = "order"
            hand.add((i, j))
        else:
            edges.pop((i, j), None)
            hand |= {(i, None), (None, j)}

    def title_sim(i: int, j: int) -> float:
        a, b = old.sections[i].title, new.sections[j].title
        return masked_similarity(mask_title(a), mask_title(b))

    out = []
    for p in entries(old.sections, new.sections, edges, title_sim, tuning=tuning):
        at = (index[0][p.old.path] if p.old else None, index[1][p.new.path] if p.new else None)
        out.append(replace(p, set_by_hand=True) if at in hand else p)
    return tuple(out) + tuple(p for p in pairs if p.relation)


def apply_metric_corrections(
    old: Report,
    new: Report,
    changes: Sequence[MetricChange],
    corrections: Sequence[Correction],
) -> tuple[MetricChange, ...]:
    """``changes`` with the metric corrections of these two years applied: two metrics said to
    be the same indicator are paired (their former partners left alone), two said not to be are
    unpaired; the entries the user set carry ``set_by_hand``."""
    out = list(changes)
    for c in _mine(corrections, old, new, "metric"):
        a = _resolve_metric(old.metrics, c.old_ref, c.old_text)
        b = _resolve_metric(new.metrics, c.new_ref, c.new_text)
        if a is None or b is None:
            continue
        kept: list[MetricChange] = []
        at: int | None = None  # where the new metric's entry stood
        for ch in out:
            if ch.old is not a and ch.new is not b:
                kept.append(ch)
                continue
            if ch.new is b and at is None:
                at = len(kept)
            # A former partner stands alone now: added or removed.
            if ch.old is not None and ch.old is not a:
                kept.append(MetricChange("removed", ch.old.label, ch.old, None))
            if ch.new is not None and ch.new is not b:
                kept.append(MetricChange("added", ch.new.label, None, ch.new))
        if c.same:
            delta, percent = metric_delta(a, b)
            same = (a.quantity.value, a.quantity.unit) == (b.quantity.value, b.quantity.unit)
            made = [MetricChange("unchanged" if same else "changed", b.label, a, b, delta, percent,
                                 set_by_hand=True)]
        else:
            made = [MetricChange("added", b.label, None, b, set_by_hand=True),
                    MetricChange("removed", a.label, a, None, set_by_hand=True)]
        at = len(kept) if at is None else at
        out = kept[:at] + made + kept[at:]
    return tuple(out)
