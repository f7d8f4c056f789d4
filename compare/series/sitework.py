"""The work of a series site in worker processes (``build_site(jobs=N)``), and the pieces of it
that a serial build makes the same way.

Public API: PairJob, PairPage, ForkedPage, site_key, pair_page, panel_key, phrases_page,
trends_page, worker_pool, worker_panels, worker_phrases, worker_trends, hand_over.

How the work is split, and why (``docs/jobs.md`` has the measurements):

- Comparing and rendering a pair page depends on its two reports only: the workers do it.
- The expressions panel of a pair page (``year_phrases`` of its new year) depends on the whole
  series: its vocabulary reads every stored year's statistics, and the panels share what they
  sum from them. The process that builds the site reads them and makes the first panel before
  the workers start, so that, forked, they inherit that vocabulary (``worker_pool``) instead of
  each reading and summing it again. While they compare, it makes the panels of the pairs to
  come (``hand_over``); a run of pairs is handed over as a worker frees up, with the panels made
  by then, and its worker makes the others. The expressions page, made from the same sums, then
  costs a third of what it costs from cold.
- The trends page (one pass over the stored metrics) is made in a process of its own
  (``ForkedPage``), forked first, while the vocabulary is read.

Every result is a pure function of the stored years: whichever process makes a page or a panel,
it is the one a serial build makes, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from typing import TYPE_CHECKING, Any

from compare.models import SECTION_STATUSES, Correction
from compare.pipeline import compare_reports, load_phrases, load_report, metric_trends
from compare.render import render_html, render_trends
from compare.render.phrases import render_phrases
from compare.render.sitepages import SITE_PAGES
from compare.series.expressions import (
    Vocabulary,
    YearPhrases,
    series_phrases,
    vocabulary,
    year_phrases,
)
from compare.series.timeline import step_of, step_to_json
from compare.store.db import Store
from compare.tuning import DEFAULT

if TYPE_CHECKING:
    from compare.models import Comparison, Report

__all__ = [
    "ForkedPage",
    "PairJob",
    "PairPage",
    "hand_over",
    "pair_page",
    "panel_key",
    "phrases_page",
    "site_key",
    "trends_page",
    "worker_panels",
    "worker_phrases",
    "worker_pool",
    "worker_trends",
]

# One pair page as it is made: (page text, similarity, counts, timeline step as JSON, key of
# what its expressions panel shows).
PairPage = tuple[str, float, tuple[tuple[str, int], ...], Any, str]
# What one pair page needs: the years, the file, the series' corrections and the new year's
# expressions panel (None: the worker makes it, from every stored year).
PairJob = tuple[int, int, str, Sequence[Correction], "YearPhrases | None"]
_WORKER: dict[str, Any] = {}  # a worker process's read-only store and its last reports


def site_key(*parts: Any) -> str:
    """A sha256 over the JSON of ``parts``: what a page or a panel was made from."""
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


def panel_key(yp: YearPhrases) -> str:
    """A key of what a pair page's expressions panel shows, and only that: a change elsewhere in
    the series that moves no entry of it (a salience in the third decimal) leaves its pages as
    they are."""
    shown = [
        [(e.text, e.count, e.first_year, e.last_year, e.quoted, e.sentence, e.line, e.sections)
         for e in found]
        for found in (yp.new, yp.dropped)
    ]
    words = [(k.word, k.count, k.previous) for k in yp.keywords[: DEFAULT.phrases.panel_keywords]]
    return site_key(yp.note, yp.previous, shown, words)


def _counts(comp: Comparison) -> tuple[tuple[str, int], ...]:
    counts = Counter(p.status for p in comp.sections)
    return tuple((s, counts[s]) for s in SECTION_STATUSES if counts[s])


def pair_page(report: Callable[[int], Report], job: PairJob, panel: YearPhrases) -> PairPage:
    """One pair page: the two reports compared and rendered as ``compare OLD NEW`` does, with
    the site's navigation bar and the new year's expressions panel."""
    old, new, file, fixes, _ = job
    comp = compare_reports(report(old), report(new), corrections=fixes)
    page = render_html(comp, nav=SITE_PAGES, current=file, phrases=panel)
    return page, comp.similarity, _counts(comp), step_to_json(step_of(comp)), panel_key(panel)


def phrases_page(vocab: Vocabulary, consecutive: Sequence[tuple[int, int]], lang: str) -> str:
    """The series' expressions page, linking each year to its consecutive pair page."""
    pairs = set(consecutive)
    return render_phrases(
        series_phrases(vocab),
        pair_href=lambda o, n: f"{o}-{n}.html" if (o, n) in pairs else None,
        nav=SITE_PAGES,
        current="phrases.html",
        lang=lang,
    )


def trends_page(store: Store, series: str, several: bool, lang: str) -> str:
    """The series' metric trends page (``several``: more than one stored year)."""
    # One stored year has no trends: the page says so instead of failing the build.
    chains = metric_trends(store, series).chains if several else ()
    return render_trends(chains, series, nav=SITE_PAGES, current="trends.html", lang=lang)


# --- in a worker process ------------------------------------------------------------------------


def _worker_reports(path: str, series: str) -> tuple[Store, Callable[[int], Report]]:
    """A worker process's read-only store (opened once per worker) and a loader of its reports
    that keeps the last few (consecutive pairs share one report)."""
    if _WORKER.get("path") != path:
        _WORKER.clear()
        _WORKER.update(path=path, store=Store(path, readonly=True), reports={})
    store, reports = _WORKER["store"], _WORKER["reports"]

    def report(year: int) -> Report:
        if (series, year) not in reports:
            if len(reports) >= 4:
                reports.pop(next(iter(reports)))
            reports[(series, year)] = load_report(store, series, year)
        return reports[(series, year)]

    return store, report


def _worker_vocabulary(path: str, series: str) -> Vocabulary:
    """A worker's vocabulary of the series, built once per worker from the stored statistics."""
    store, report = _worker_reports(path, series)
    if _WORKER.get("vocab_of") != series:
        made = vocabulary(series, load_phrases(store, series), report)
        _WORKER.update(vocab_of=series, vocab=made)
    vocab: Vocabulary = _WORKER["vocab"]
    return vocab


def _inherit(path: str, series: str, vocab: Vocabulary | None) -> None:
    """A forked worker's start: the vocabulary it inherited, reading reports through its own
    store (the parent's SQLite connection is not to be used across a fork)."""
    if vocab is not None:
        report = _worker_reports(path, series)[1]
        _WORKER.update(vocab_of=series, vocab=replace(vocab, load=report))


def _worker_pages(work: tuple[str, str, Sequence[PairJob]]) -> list[PairPage]:
    """A run of consecutive pair pages in a worker process (a report loaded for one pair is
    reused for the next)."""
    path, series, jobs = work
    report = _worker_reports(path, series)[1]
    return [
        pair_page(report, job, job[4] or year_phrases(_worker_vocabulary(path, series), job[1],
                                                      own=False))
        for job in jobs
    ]


def _worker_panel(work: tuple[str, str, int]) -> YearPhrases:
    """One year's expressions panel in a worker process, from the worker's own vocabulary of the
    series (the panels are pure functions of the stored years, so any worker's is the one the
    parent would make)."""
    path, series, year = work
    return year_phrases(_worker_vocabulary(path, series), year, own=False)


def worker_phrases(
    path: str, series: str, consecutive: Sequence[tuple[int, int]], lang: str
) -> str:
    """The expressions page in a worker process (one that may have made panels already)."""
    return phrases_page(_worker_vocabulary(path, series), consecutive, lang)


def worker_trends(path: str, series: str, several: bool, lang: str) -> str:
    """The trends page in a worker process, while the others compare pairs."""
    with Store(path, readonly=True) as store:
        return trends_page(store, series, several, lang)


# --- in the process that builds the site --------------------------------------------------------


def _forkable() -> bool:
    """This process may be forked: the platform can, and no other thread runs here (a fork of a
    process with threads may inherit a lock some thread held)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _send_page(make: Callable[[], str], conn: Connection) -> None:
    try:
        conn.send(make())
    except BaseException:  # noqa: BLE001 - the parent makes the page again and reports why
        conn.send(None)
    finally:
        conn.close()


class ForkedPage:
    """One page made in a process forked for it alone (``ForkedPage.start``), before a pool is
    started: a pool runs a thread, after which this process is no longer forked, and its
    workers would not inherit what this process makes meanwhile."""

    def __init__(self, make: Callable[[], str]) -> None:
        ctx = multiprocessing.get_context("fork")
        self._recv, send = ctx.Pipe(duplex=False)
        # Forked: ``make`` and its arguments are inherited, not pickled.
        self._proc = ctx.Process(target=_send_page, args=(make, send), daemon=True)
        self._proc.start()
        send.close()
        self._read = False

    @classmethod
    def start(cls, make: Callable[[], str]) -> ForkedPage | None:
        """The page being made in a forked process, or None where this process may not fork."""
        return cls(make) if _forkable() else None

    def result(self) -> str | None:
        """The page, once made; None when its process failed (the caller makes it, and so
        reports the error as a serial build does)."""
        try:
            page: str | None = self._recv.recv()
        except EOFError:
            page = None
        self._read = True
        self.close()
        return page

    def close(self) -> None:
        """Stop the process if its page was not read (the build failed before it needed it):
        it may be waiting for this process to read it."""
        if not self._read:
            self._proc.terminate()
        self._proc.join()
        self._recv.close()


def worker_pool(
    jobs: int, path: str, series: str, vocab: Vocabulary | None = None
) -> ProcessPoolExecutor:
    """Worker processes: forked from this one when it runs no other thread (nothing to import,
    so they start at once, and they inherit ``vocab``, the series' vocabulary as far as this
    process has summed it), else from a server that imported this module once (a fork of a
    process with threads may inherit a lock some thread held; those workers build their own)."""
    ctx: BaseContext
    if _forkable():
        ctx = multiprocessing.get_context("fork")
        # A forked worker gets its arguments by the fork, not by pickling: the vocabulary and
        # what it summed so far come for free.
        return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_inherit,
                                   initargs=(path, series, vocab))
    if "forkserver" in multiprocessing.get_all_start_methods():
        server = multiprocessing.get_context("forkserver")
        server.set_forkserver_preload([__name__])
        ctx = server
    else:
        ctx = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx)


def worker_panels(
    pool: ProcessPoolExecutor, jobs: int, path: str, series: str, years: Sequence[int]
) -> list[YearPhrases]:
    """The expressions panels of ``years``, made by the pool's workers (each builds the
    vocabulary once, for the runs of years it gets)."""
    chunk = max(1, len(years) // (jobs * 4))
    return list(pool.map(_worker_panel, [(path, series, y) for y in years], chunksize=chunk))


def hand_over(
    pool: ProcessPoolExecutor,
    jobs: int,
    path: str,
    series: str,
    todo: Sequence[PairJob],
    panel: Callable[[int], YearPhrases],
    made: Callable[[int], bool],
    *,
    busy: Sequence[Future[str]] = (),
    then: Callable[[], None] = lambda: None,
) -> Iterator[PairPage]:
    """The pages of ``todo``, in its order, made by the pool's ``jobs`` workers.

    Runs of consecutive pairs are handed over so that one waits for each worker to finish
    (``busy``, the pool's other tasks, count too); meanwhile this process makes the panels of
    the runs to come (``panel(year)``; ``made(year)``: it has that panel already). A run goes
    with the panels made by then; its worker makes the others. No worker waits for this
    process, and no panel is made twice. Once every panel is made, the rest is handed over at
    once, and ``then`` runs while the workers finish."""
    size = max(1, min(2, len(todo) // (jobs * 8)))
    runs = [list(todo[i : i + size]) for i in range(0, len(todo), size)]
    pending: deque[Future[list[PairPage]]] = deque()
    handed = 0

    def running() -> list[Future[Any]]:
        tasks: list[Future[Any]] = [*pending, *busy]
        return [f for f in tasks if not f.done()]

    def hand(run: list[PairJob]) -> None:
        with_panels: list[PairJob] = [
            job if job[4] is not None or not made(job[1])
            else (job[0], job[1], job[2], job[3], panel(job[1]))
            for job in run
        ]
        pending.append(pool.submit(_worker_pages, (path, series, with_panels)))

    while handed < len(runs):
        while pending and pending[0].done():
            yield from pending.popleft().result()
        if len(running()) <= jobs:
            hand(runs[handed])
            handed += 1
            continue
        ahead = next((job[1] for later in runs[handed:] for job in later
                      if job[4] is None and not made(job[1])), None)
        if ahead is None:
            break  # every panel is made: nothing to wait for
        panel(ahead)
    for run in runs[handed:]:
        hand(run)
    then()
    while pending:
        yield from pending.popleft().result()
