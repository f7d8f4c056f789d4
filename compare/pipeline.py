"""The stages run in order: the library entry points the CLI (and any script) calls.

Public API: build_report, segment_sections, ingest, prepare_reports, store_reports, IngestResult,
resolve_series, load_report, load_phrases, compare_reports, compare_years, search, metric_trends,
Trends.

``ingest`` reads and checks every file before it writes anything, so a bad file among good ones
leaves the store as it was; then all the reports are written in one transaction, so a full disk
or a kill during the write leaves the store as it was too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from compare.align import align
from compare.align import over_budget as align_over_budget
from compare.align.provenance import over_budget as provenance_over_budget
from compare.corrections import apply_metric_corrections, apply_section_corrections
from compare.diff import cross_moves, diff_texts, entry_scores
from compare.errors import InputError
from compare.ingest import read_document, scan_paths
from compare.ingest.furniture import folder_series
from compare.metrics import (
    MetricChain,
    chain_metrics,
    extract_metrics,
    match_metrics,
    metrics_stamp,
    movers_first,
)
from compare.models import (
    Comparison,
    Correction,
    Document,
    MetricChange,
    Report,
    ReportPhrases,
    SearchHit,
    Section,
    Segmentation,
)
from compare.phrasestats import phrases_stamp, report_phrases
from compare.sections import split_sections
from compare.store import Store, search_phrase
from compare.textkit.vectors import text_similarity
from compare.textkit.words import Terms, section_terms, segmenter_stamp, word_lengths
from compare.tuning import DEFAULT, Tuning

__all__ = [
    "IngestResult",
    "Trends",
    "build_report",
    "compare_reports",
    "compare_years",
    "ingest",
    "load_phrases",
    "load_report",
    "metric_trends",
    "prepare_reports",
    "resolve_series",
    "search",
    "segment_sections",
    "store_reports",
    "years_between",
]


@dataclass(frozen=True)
class IngestResult:
    """What ingesting one file did."""

    path: str
    series: str
    year: int
    status: str  # added | replaced | unchanged
    sections: int
    metrics: int


def segment_sections(sections: Sequence[Section]) -> Segmentation:
    """The word segmentation of ``sections`` that alignment and the diff need, stamped with the
    segmenter that made it: computed once at ingest and kept by the store."""
    terms: dict[str, Mapping[str, int]] = {}
    words: dict[str, Mapping[str, Sequence[int]]] = {}
    for s in sections:
        if s.text not in terms:
            terms[s.text] = section_terms(s.text)
            words[s.text] = word_lengths(s.text)
    return Segmentation(segmenter=segmenter_stamp(), terms=terms, words=words)


def build_report(doc: Document, *, tuning: Tuning = DEFAULT) -> Report:
    """Sections, metrics, word segmentation and expression statistics of a parsed document, as
    one stored report."""
    if doc.year is None:
        raise InputError(
            f"Cannot tell which year {doc.path} reports on: no year in its title, file name or "
            "folder.",
            "Name the file after its year (e.g. 2019.txt) or pass --year.",
        )
    sections = split_sections(doc.blocks, tuning=tuning.sections)
    segmentation = segment_sections(sections)
    return Report(
        series=_series_of(doc),
        year=doc.year,
        title=doc.title,
        sha256=doc.sha256,
        path=doc.path,
        sections=sections,
        metrics=extract_metrics(sections, tuning=tuning.metrics),
        front=doc.front,
        back=doc.back,
        segmentation=segmentation,
        metrics_stamp=metrics_stamp(),
        phrases=report_phrases(sections, segmentation, tuning=tuning.phrases)
        if sum(len(s.text) for s in sections) <= tuning.phrases.ingest_max_chars
        else None,  # made when first asked (``load_phrases``)
    )


def _series_of(doc: Document) -> str:
    """The series a parsed document is stored under."""
    return doc.series or folder_series(doc.path) or "reports"


def ingest(
    store: Store,
    paths: Sequence[Path],
    *,
    year: int | None = None,
    series: str | None = None,
    on_file: Callable[[Path], None] | None = None,
    tuning: Tuning = DEFAULT,
    on_skip: Callable[[str, str], None] | None = None,
) -> list[IngestResult]:
    """Parse every file under ``paths``, then store each report; nothing is written on error.

    Files a folder holds that are not reports, and reports found in a folder that name no year,
    are skipped and each told to ``on_skip(file, reason)``; a file named itself must be read."""
    reports = prepare_reports(
        paths, year=year, series=series, on_file=on_file, tuning=tuning, on_skip=on_skip,
        store=store,
    )
    return store_reports(store, reports)


def prepare_reports(
    paths: Sequence[Path],
    *,
    year: int | None = None,
    series: str | None = None,
    on_file: Callable[[Path], None] | None = None,
    tuning: Tuning = DEFAULT,
    on_skip: Callable[[str, str], None] | None = None,
    store: Store | None = None,
) -> list[tuple[Report, str]]:
    """Every file under ``paths`` read, checked and built into a report (with the encoding it
    was read in), without writing anything: the first half of ``ingest``.

    A file whose bytes ``store`` already holds for the same series and year is not built again:
    its stored copy stands for it (writing it back is a no-op, "unchanged"), so comparing after
    ``./reports`` is ingested again costs a read of each file, not a parse of each report."""
    stored = store.list_reports() if store is not None else []
    held = {(i.series, i.year): i.sha256 for i in stored}
    scan = scan_paths(paths)
    files = list(scan.files)
    for shown_name, why in scan.skipped:
        if on_skip is not None:
            on_skip(shown_name, why)
    if not files:
        shown = ", ".join(str(p) for p in paths)
        raise InputError(
            f"No report files found in {shown}.",
            "Give .txt, .md, .html, .pdf or .docx files, or a folder that holds them.",
        )
    if year is not None and len(files) > 1:
        raise InputError(
            f"--year {year} was given for {len(files)} files; each file is a different year.",
            "Pass --year only with a single file, or name the files after their years.",
        )
    reports: list[tuple[Report, str]] = []
    claimed: dict[tuple[str, int], str] = {}
    for path in files:
        doc = read_document(path, year=year, series=series, tuning=tuning.ingest)
        if doc.year is None and path not in scan.named:
            if on_skip is not None:
                on_skip(scan.shown[path], "no year in its title, file name or folder")
            continue
        copy = None
        if store is not None and doc.year is not None:
            place = (_series_of(doc), doc.year)
            if held.get(place) == doc.sha256:
                copy = store.get_report(*place)
        if copy is not None:
            report = replace(copy, path=doc.path)
        else:
            report = build_report(doc, tuning=tuning)
        key = (report.series, report.year)
        if key in claimed:
            raise InputError(
                f"{claimed[key]} and {path} both claim {report.series} {report.year}.",
                "Ingest them separately, or pass --year/--series to tell them apart.",
            )
        claimed[key] = str(path)
        reports.append((report, doc.encoding))
        if on_file is not None:
            on_file(path)
    if not reports:
        shown = ", ".join(str(p) for p in paths)
        raise InputError(
            f"No report in {shown} names its year.",
            "Name the files after their years (e.g. 2019.txt), or give one file with --year.",
        )
    return reports


def store_reports(store: Store, reports: Sequence[tuple[Report, str]]) -> list[IngestResult]:
    """Write reports made by ``prepare_reports`` in one transaction (a full disk or a kill
    half-way leaves none of them stored): the second half of ``ingest``."""
    statuses = store.put_reports(reports)
    return [
        IngestResult(
            path=report.path,
            series=report.series,
            year=report.year,
            status=status,
            sections=len(report.sections),
            metrics=len(report.metrics),
        )
        for (report, _), status in zip(reports, statuses, strict=True)
    ]


def resolve_series(store: Store, series: str | None) -> str:
    """The series to use: the one given (checked), or the only one in the store."""
    known = store.series()
    if not known:
        raise InputError(
            f"The store {store.path} holds no reports yet.",
            "Run `compare ingest PATH` first (files named by year, e.g. reports/2019.txt).",
        )
    if series is None:
        if len(known) == 1:
            return known[0]
        raise InputError(
            f"The store holds several series: {', '.join(known)}.",
            "Pick one with --series.",
        )
    if series not in known:
        raise InputError(
            f"No series named {series!r} in the store. Stored series: {', '.join(known)}.",
            "Pass one of those to --series, or ingest that series first.",
        )
    return series


def load_report(store: Store, series: str, year: int) -> Report:
    """One stored report, or an error naming the years that exist.

    A stored segmentation made by another segmenter (or by none: an older store) is recomputed,
    and written back when the store is writable; a read-only store keeps the new one in memory.
    Metrics made by another extractor or segmenter (``metrics_stamp``: an older store, an
    upgraded rjieba) are extracted again from the stored sections, the same way.
    """
    report = store.get_report(series, year)
    if report is None:
        years = ", ".join(str(y) for y in store.years(series))
        raise InputError(
            f"No {year} report in series {series}. Stored years: {years}.",
            "Pick one of those years, or ingest the missing report with `compare ingest PATH`.",
        )
    seg = report.segmentation
    if seg is None or seg.segmenter != segmenter_stamp():
        seg = segment_sections(report.sections)
        report = replace(report, segmentation=seg)
        if not store.readonly:
            store.put_segmentation(series, year, report.sha256, seg)
    if report.metrics_stamp != metrics_stamp():
        report = replace(report, metrics=extract_metrics(report.sections),
                         metrics_stamp=metrics_stamp())
        if not store.readonly:
            store.put_metrics(series, year, report.sha256, report.metrics, metrics_stamp())
    return report


def load_phrases(
    store: Store, series: str, *, tuning: Tuning = DEFAULT
) -> dict[int, ReportPhrases]:
    """The expression statistics of every stored year of one series, by year.

    Statistics made by other rules, another segmenter or another tuning (or by none: a store
    older than them) are computed again from the stored report and written back in one
    transaction when the store is writable; a read-only store keeps the new ones in memory.
    """
    stamp = phrases_stamp(tuning.phrases)
    found: dict[int, ReportPhrases] = {}
    fresh: list[tuple[int, str, ReportPhrases]] = []
    for year, stored in store.get_phrases(series).items():
        if stored is None or stored.stamp != stamp:
            report = load_report(store, series, year)
            stored = report_phrases(report.sections, report.segmentation, tuning=tuning.phrases)
            fresh.append((year, report.sha256, stored))
        found[year] = stored
    if fresh and not store.readonly:
        store.put_phrases(series, fresh)
    return found


def compare_reports(
    old: Report,
    new: Report,
    *,
    tuning: Tuning = DEFAULT,
    corrections: Sequence[Correction] = (),
) -> Comparison:
    """Align, diff and pair the metrics of two reports; the user's ``corrections`` (from
    ``Store.corrections``) are applied after the alignment and after the metric pairing."""
    terms, words = _segmentation(old, new)
    t = tuning
    pairs = align(old.sections, new.sections, terms=terms, words=words, tuning=t.align)
    pairs = apply_section_corrections(old, new, pairs, corrections, tuning=t.align)
    note = align_over_budget(old.sections, new.sections, tuning=t.align) or (
        provenance_over_budget(old.sections, new.sections, tuning=t.align)
    )
    diffs = tuple(
        diff_texts(p.old.text, p.new.text, words=words, tuning=t.diff)
        if p.old is not None and p.new is not None
        else None
        for p in pairs
    )
    changes, joined = entry_scores(
        pairs, diffs, old.sections, new.sections, words=words, tuning=t
    )
    matched = match_metrics(old.metrics, new.metrics, tuning=t.metrics)
    notes = tuple(n for n in (note, matched.note) if n)
    return Comparison(
        series=new.series,
        old=old,
        new=new,
        sections=pairs,
        diffs=diffs,
        metrics=apply_metric_corrections(old, new, matched.changes, corrections),
        similarity=_overall_similarity(old, new, t),
        notes=notes,
        moves=cross_moves(pairs, diffs, words=words, tuning=t.diff),
        changes=changes,
        joined=joined,
        outcomes=matched.outcomes,
        related=matched.related,
    )


def compare_years(
    store: Store, old: int, new: int, *, series: str | None = None, tuning: Tuning = DEFAULT
) -> Comparison:
    """Compare two stored years of one series."""
    name = resolve_series(store, series)
    return compare_reports(
        load_report(store, name, old),
        load_report(store, name, new),
        tuning=tuning,
        corrections=store.corrections(name),
    )


@dataclass(frozen=True)
class Trends:
    """Metric chains of one series over a range of its stored years, biggest movers first."""

    series: str
    years: tuple[int, ...]
    chains: tuple[MetricChain, ...]


def years_between(store: Store, series: str, low: int, high: int, *, needs: str, fix: str
                  ) -> tuple[int, ...]:
    """The stored years of ``series`` from ``low`` to ``high``, at least two of them, else an
    ``InputError`` saying what ``needs`` ("trends need") them and how to ``fix`` it."""
    stored = store.years(series)
    years = tuple(y for y in stored if low <= y <= high)
    if len(years) < 2:
        shown = ", ".join(str(y) for y in stored)
        raise InputError(
            f"Series {series} has {len(years)} stored report(s) from {low} to {high}; {needs} "
            f"two or more. Stored years: {shown}.",
            fix,
        )
    return years


def metric_trends(
    store: Store,
    series: str | None = None,
    *,
    first: int | None = None,
    last: int | None = None,
    min_years: int = DEFAULT.series.trends_min_years,
    tuning: Tuning = DEFAULT,
) -> Trends:
    """The chains of the stored years from ``first`` to ``last`` (default: all), keeping those
    stated in at least ``min_years`` years; what ``compare metrics --from --to``, the site and
    ``compare serve`` show. The caller checks that ``first`` is before ``last``."""
    name = resolve_series(store, series)
    stored = store.years(name)
    low = min(stored) if first is None else first
    high = max(stored) if last is None else last
    years = years_between(
        store, name, low, high, needs="trends need",
        fix="Widen the range of years, or ingest the missing years with `compare ingest PATH`.",
    )
    fixes = store.corrections(name)

    def corrected(a: Report, b: Report, changes: tuple[MetricChange, ...]) -> tuple[
            MetricChange, ...]:
        return apply_metric_corrections(a, b, changes, fixes)

    chains = chain_metrics(
        [load_report(store, name, y) for y in years], tuning=tuning.metrics, adjust=corrected
    )
    kept = movers_first([c for c in chains if len(c.years) >= min_years])
    return Trends(name, years, kept)


def search(store: Store, phrase: str, *, series: str | None = None) -> list[SearchHit]:
    """Sections of every stored year (of one series, or all) that hold ``phrase`` literally."""
    needle = search_phrase(phrase)
    if series is not None:
        resolve_series(store, series)
    elif not store.series():
        resolve_series(store, None)  # the "holds no reports yet" error
    return store.search(needle, series=series)


def _segmentation(old: Report, new: Report) -> tuple[Terms, dict[str, Sequence[int]]]:
    """The alignment terms and diff word cuts of the two reports' sections (a compare of stored
    reports never runs the segmenter); a text without them is segmented on demand."""
    stored: dict[str, Mapping[str, int]] = {}
    words: dict[str, Sequence[int]] = {}
    for report in (old, new):
        seg = report.segmentation
        if seg is not None and seg.segmenter == segmenter_stamp():
            stored.update(seg.terms)
            for cuts in seg.words.values():
                words.update(cuts)

    def terms(text: str) -> Counter[str]:
        found = stored.get(text)
        return Counter(found) if found is not None else section_terms(text)

    return terms, words


def _overall_similarity(old: Report, new: Report, tuning: Tuning) -> float:
    a = "\n".join(s.text for s in old.sections)
    b = "\n".join(s.text for s in new.sections)
    return round(text_similarity(a, b, exact_max_chars=tuning.align.similarity_max_chars), 4)
