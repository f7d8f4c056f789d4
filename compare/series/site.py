"""A static site for a whole series: index, one page per pair, metric trends, section timeline.

Public API: build_site, SiteResult, SiteYear, SitePair, movers_first, MANIFEST_NAME,
MANIFEST_SCHEMA.

``build_site`` writes into one folder:

- ``index.html``: every year, a heat strip of consecutive-pair similarity, links to every page;
- ``OLD-NEW.html``: one pair page per consecutive pair (plus the extra ``pairs`` asked for),
  rendered by ``render_html`` exactly as ``compare OLD NEW`` does, with a site navigation bar;
- ``trends.html``: metric chains over all years (``chain_metrics``), biggest movers first;
- ``timeline.html``: each section's life across years (``compare.series.timeline``);
- ``phrases.html``: each year's new and dropped expressions (``compare.series.expressions``);
- ``manifest.json``: what each page was built from, so that a rebuild skips what did not change.

With ``jobs`` > 1 the pair pages are compared and rendered in that many worker processes
(``compare.series.sitework``; ``docs/jobs.md`` says how the work is split and what it measures).
Each worker opens the store read-only and returns the page text, similarity, counts and timeline
step; only this process writes files, in the same order as a serial build, so the pages and the
manifest are byte for byte those of ``jobs=1``. This process sums the series' vocabulary (with
the first expressions panel) before the workers are forked, so that they inherit it, and makes
the other panels ahead of them while they compare; the trends page is made meanwhile in a
process of its own, and the expressions page here once every panel is made.

Every page is keyed by a sha256 over its inputs: both reports' sha256 for a pair page (and what
its expressions panel shows), every year's for the series pages, the series' corrections, plus the
package version and a hash of all templates. A page is
rendered again only when its key changed or the file on disk is not the one written (edited or
deleted). The manifest also caches each consecutive pair's timeline step and similarity, so that
a rebuild after one report changed compares only the pairs that report is in.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shlex
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import astuple, dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compare import __version__
from compare.errors import InputError
from compare.pipeline import load_phrases, load_report, resolve_series
from compare.render import render_index, render_timeline
from compare.render.page import report_lang
from compare.render.sitepages import templates_hash
from compare.series.expressions import Vocabulary, YearPhrases, vocabulary, year_phrases
from compare.series.sitework import (
    ForkedPage,
    PairJob,
    PairPage,
    hand_over,
    pair_page,
    panel_key,
    phrases_page,
    site_key,
    trends_page,
    worker_panels,
    worker_phrases,
    worker_pool,
    worker_trends,
)
from compare.series.timeline import build_timeline, step_from_json
from compare.store.db import Store

if TYPE_CHECKING:
    from compare.models import Report
    from compare.series.timeline import Step

__all__ = ["MANIFEST_NAME", "MANIFEST_SCHEMA", "SitePair", "SiteResult", "SiteYear", "build_site"]

MANIFEST_NAME = "manifest.json"
MANIFEST_SCHEMA = "compare/site-manifest/1"

Progress = Callable[[int, int, str], None]  # (done, total, what was just done)


@dataclass(frozen=True)
class SiteYear:
    """One stored year as the index lists it."""

    year: int
    title: str
    sections: int
    metrics: int
    sha256: str


@dataclass(frozen=True)
class SitePair:
    """One pair page of the site."""

    old: int
    new: int
    file: str  # relative to the site folder
    similarity: float
    consecutive: bool
    counts: tuple[
        tuple[str, int], ...
    ]  # section statuses with their counts, SECTION_STATUSES order


@dataclass(frozen=True)
class SiteResult:
    """What a build did: the pages written and the pages left as they were."""

    output_dir: Path
    series: str
    years: tuple[SiteYear, ...]
    pairs: tuple[SitePair, ...]
    written: tuple[str, ...]  # file names relative to output_dir, in build order
    skipped: tuple[str, ...]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _load_manifest(folder: Path) -> dict[str, Any]:
    """The previous build's manifest, or an empty one when absent or unreadable."""
    try:
        doc = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"pages": {}}
    if not isinstance(doc, dict) or doc.get("schema") != MANIFEST_SCHEMA:
        return {"pages": {}}
    if not isinstance(doc.get("pages"), dict):
        doc["pages"] = {}
    return doc


def _write(folder: Path, name: str, text: str) -> str:
    """Write a page atomically (a crash leaves the old page or the new one); its sha256. A write
    that fails (a full disk) removes its temporary file and names the page in the message."""
    data = text.encode("utf-8")
    target = folder / name
    tmp = folder / f".{name}.tmp"
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(
            f"Cannot write {target}: {exc.strerror or exc}; the pages written before it are "
            "complete, and the next build redoes the rest.",
            "Free space on its disk (or pass another --output folder), then run compare site "
            "again.",
        ) from None
    return _sha(data)


def _fresh(folder: Path, entry: Any, key: str) -> bool:
    """The page on disk is the one the manifest says was built from ``key``."""
    if not isinstance(entry, dict) or entry.get("key") != key:
        return False
    try:
        return _sha((folder / str(entry.get("file", ""))).read_bytes()) == entry.get("sha256")
    except OSError:
        return False


def _check_pairs(pairs: Sequence[tuple[int, int]], years: Sequence[int], series: str) -> None:
    for old, new in pairs:
        missing = [y for y in (old, new) if y not in years]
        if missing:
            raise InputError(
                f"--pair {old}:{new}: no {missing[0]} report in series {series}. Stored years: "
                f"{', '.join(str(y) for y in years)}.",
                "Pick two stored years, or ingest the missing report with `compare ingest PATH`.",
            )
        if old >= new:
            raise InputError(
                f"--pair {old}:{new}: the old year is not before the new one.",
                f"Write the earlier year first: --pair {min(old, new)}:{max(old, new)}.",
            )


def default_jobs() -> int:
    """Worker processes when none is asked for: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def build_site(
    store: Store,
    series: str | None,
    output_dir: Path,
    *,
    pairs: Sequence[tuple[int, int]] = (),
    progress: Progress | None = None,
    jobs: int = 1,
) -> SiteResult:
    """Build (or bring up to date) the static site of one series in ``output_dir``.

    ``jobs`` > 1 compares the pairs in that many worker processes; the pages are the same. The
    workers follow ``multiprocessing``'s rules: a script that calls this with ``jobs`` > 1 must
    keep its own work under ``if __name__ == "__main__":`` (workers import the main module).
    """
    if jobs < 1:
        raise InputError(f"--jobs {jobs} is not a number of processes.", "Pass --jobs 1 or more.")

    name = resolve_series(store, series)
    infos = [i for i in store.list_reports() if i.series == name]
    years = tuple(SiteYear(i.year, i.title, i.sections, i.metrics, i.sha256) for i in infos)
    year_list = [y.year for y in years]
    _check_pairs(pairs, year_list, name)
    sha = {y.year: y.sha256 for y in years}
    consecutive = list(zip(year_list, year_list[1:], strict=False))
    wanted = consecutive + sorted({p for p in pairs if p not in consecutive})
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"Cannot create the site folder {output_dir}: {exc.strerror}.",
            "Pass a writable folder to --output.",
        ) from None
    old_manifest = _load_manifest(output_dir)
    old_pages: dict[str, Any] = old_manifest["pages"]
    templates = templates_hash()
    # The user's corrections shape every page: a new or forgotten one rebuilds them.
    fixes = store.corrections(name)
    fixed = [astuple(c) for c in fixes]
    pages: dict[str, Any] = {}
    written: list[str] = []
    skipped: list[str] = []
    reports: dict[int, Report] = {}
    total = len(wanted) + 4
    done = 0

    def report(year: int) -> Report:
        if year not in reports:
            reports[year] = load_report(store, name, year)
        return reports[year]

    langs: list[str] = []

    def lang() -> str:
        if not langs:
            # The newest report's, as a pair page takes its new report's: a page with no metric
            # or section on it has no words of the reports to read the language from.
            langs.append(report_lang(report(year_list[-1])))
        return langs[0]

    def tick(what: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total, what)

    all_years = [[y.year, y.sha256] for y in years]
    # The expressions panels depend on every stored year: their hashes are kept in the manifest
    # under a key of all years, and computed again only when that key changed.
    phrases_key = site_key("phrases", name, all_years, __version__)
    panel_hashes: dict[str, str] = {}
    if old_manifest.get("phrases_key") == phrases_key and isinstance(
        old_manifest.get("panels"), dict
    ):
        panel_hashes = {str(k): str(v) for k, v in old_manifest["panels"].items()}
    vocabs: list[Vocabulary] = []
    panels: dict[int, YearPhrases] = {}

    def vocab() -> Vocabulary:
        if not vocabs:
            vocabs.append(vocabulary(name, load_phrases(store, name), report))
        return vocabs[0]

    def panel(year: int) -> YearPhrases:
        if year not in panels:
            panels[year] = year_phrases(vocab(), year, own=False)
        return panels[year]

    def panel_hash(year: int) -> str:
        if str(year) not in panel_hashes:
            panel_hashes[str(year)] = panel_key(panel(year))
        return panel_hashes[str(year)]

    at = str(store.path.resolve())
    pools: dict[str, ProcessPoolExecutor] = {}
    frozen: list[bool] = []

    def pool_of(first: int | None) -> ProcessPoolExecutor:
        if "pairs" not in pools:
            if first is not None:
                # Made here before the workers start: forked, they inherit the vocabulary it
                # summed (a twentieth of the work of a 50-year site), instead of each summing it.
                panel(first)
            if not gc.get_freeze_count():
                # What exists now is kept to the end: out of this process's collections, and
                # out of the forked workers', which then neither walk it nor copy the memory
                # pages it stands on (its reference counts aside).
                gc.freeze()
                frozen.append(True)
            pools["pairs"] = worker_pool(jobs, at, name, vocabs[0] if vocabs else None)
        return pools["pairs"]

    steps: dict[tuple[int, int], Step] = {}
    site_pairs: list[SitePair] = []

    def key(p: tuple[int, int]) -> str:
        return site_key("pair", name, sha[p[0]], sha[p[1]], panel_hash(p[1]), __version__,
                        templates, fixed)

    def fresh(p: tuple[int, int]) -> bool:
        entry: Any = old_pages.get(f"{p[0]}-{p[1]}.html")
        if not isinstance(entry, dict):
            return False  # no earlier page: nothing to check, no key needed yet
        return _fresh(output_dir, entry, key(p)) and (p not in consecutive or "step" in entry)

    trends_key = site_key("trends", name, all_years, __version__, templates, fixed)
    phrases_page_key = site_key("phrases-page", name, all_years, __version__, templates)
    made_ahead: dict[str, str] = {}  # series pages made while the pairs were
    ahead: dict[str, Future[str]] = {}  # series pages a worker makes
    trends_aside: ForkedPage | None = None
    try:
        # The panels that decide whether an earlier build's page is still current (all of
        # them after a year was added or changed) are made first, by the workers.
        unknown = sorted({new for old, new in wanted
                          if f"{old}-{new}.html" in old_pages and str(new) not in panel_hashes})
        if jobs > 1 and len(unknown) > 1:
            made_panels = worker_panels(pool_of(unknown[0]), jobs, at, name, unknown)
            panels.update(zip(unknown, made_panels, strict=True))
        current = {p: fresh(p) for p in wanted}
        todo: list[PairJob] = [
            (old, new, f"{old}-{new}.html", fixes, panels.get(new))
            for old, new in wanted
            if not current[(old, new)]
        ]
        stale_phrases = not _fresh(output_dir, old_pages.get("phrases.html"), phrases_page_key)
        made: Iterator[PairPage]
        if jobs > 1 and len(todo) > 1:
            stale_trends = not _fresh(output_dir, old_pages.get("trends.html"), trends_key)
            make_trends = partial(worker_trends, at, name, len(years) > 1, lang())
            if stale_trends and "pairs" not in pools:
                # In a process of its own, forked first: it makes the page while this process
                # sums the vocabulary that the pair workers, forked next, inherit.
                trends_aside = ForkedPage.start(make_trends)
            pool = pool_of(next((job[1] for job in todo if job[4] is None), None))
            if stale_trends and trends_aside is None:
                ahead["trends.html"] = pool.submit(make_trends)

            def then() -> None:
                # The expressions page sums what the panels made here summed already; when
                # none was (the workers made them), a worker's vocabulary serves as well.
                if stale_phrases and vocabs:
                    made_ahead["phrases.html"] = phrases_page(vocab(), consecutive, lang())
                elif stale_phrases:
                    ahead["phrases.html"] = pool.submit(
                        worker_phrases, at, name, consecutive, lang()
                    )

            made = hand_over(pool, jobs, at, name, todo, panel, panels.__contains__,
                             busy=list(ahead.values()), then=then)
        else:
            made = (pair_page(report, job, job[4] or panel(job[1])) for job in todo)
        for old, new in wanted:
            file = f"{old}-{new}.html"
            is_consecutive = (old, new) in consecutive
            step: Any
            if current[(old, new)]:
                entry = old_pages[file]
                pages[file] = entry
                skipped.append(file)
                similarity = float(entry["similarity"])
                counts = tuple((str(s), int(n)) for s, n in entry["counts"])
                step = entry.get("step")
            else:
                page, similarity, counts, step, shown = next(made)
                panel_hashes.setdefault(str(new), shown)
                pages[file] = {
                    "key": key((old, new)),
                    "file": file,
                    "sha256": _write(output_dir, file, page),
                    "similarity": similarity,
                    "counts": [list(c) for c in counts],
                }
                if is_consecutive:
                    pages[file]["step"] = step
                written.append(file)
            if is_consecutive:
                steps[(old, new)] = step_from_json(step)
            site_pairs.append(SitePair(old, new, file, similarity, is_consecutive, counts))
            tick(f"{old}→{new}")
        made_ahead.update((file, future.result()) for file, future in ahead.items())
        if trends_aside is not None and (aside_page := trends_aside.result()) is not None:
            made_ahead["trends.html"] = aside_page
    finally:
        if trends_aside is not None:
            trends_aside.close()
        for made_by in pools.values():
            made_by.shutdown(cancel_futures=True)
        if frozen:
            gc.unfreeze()

    command = f"compare OLD NEW --series {shlex.quote(name)}"
    series_pages: list[tuple[str, str, Callable[[], str]]] = [
        (
            "timeline.html",
            site_key("timeline", name, all_years, __version__, templates, fixed),
            lambda: render_timeline(
                build_timeline(name, [steps[p] for p in consecutive]),
                {p: f"{p[0]}-{p[1]}.html" for p in consecutive},
                lang=lang(),
            ),
        ),
        (
            "phrases.html",
            phrases_page_key,
            lambda: made_ahead.get("phrases.html") or phrases_page(vocab(), consecutive, lang()),
        ),
        (
            "trends.html",
            trends_key,
            lambda: made_ahead.get("trends.html")
            or trends_page(store, name, len(years) > 1, lang()),
        ),
        (
            "index.html",
            site_key(
                "index",
                all_years,
                [(p.old, p.new) for p in site_pairs],
                command,
                __version__,
                templates,
            ),
            lambda: render_index(name, years, site_pairs, command=command, lang=lang()),
        ),
    ]
    for file, page_key, render in series_pages:
        if _fresh(output_dir, old_pages.get(file), page_key):
            pages[file] = old_pages[file]
            skipped.append(file)
        else:
            pages[file] = {"key": page_key, "file": file,
                           "sha256": _write(output_dir, file, render())}
            written.append(file)
        tick(file)
    # Pages an earlier build wrote that this one does not (a dropped --pair, a year no longer
    # stored) would be stale yet look current; only files the manifest names are removed.
    for gone in sorted(set(old_pages) - set(pages)):
        entry = old_pages[gone]
        name_on_disk = str(entry.get("file", "")) if isinstance(entry, dict) else ""
        if name_on_disk == gone and "/" not in gone and gone.endswith(".html"):
            (output_dir / gone).unlink(missing_ok=True)
    manifest = {
        "schema": MANIFEST_SCHEMA,
        "series": name,
        "version": __version__,
        "templates": templates,
        "years": all_years,
        "pages": pages,
        "phrases_key": phrases_key,
        "panels": dict(sorted(panel_hashes.items())),
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    _write(output_dir, MANIFEST_NAME, text)
    return SiteResult(
        output_dir=output_dir,
        series=name,
        years=years,
        pairs=tuple(site_pairs),
        written=tuple(written),
        skipped=tuple(skipped),
    )
