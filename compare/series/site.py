"""A static site for a whole series: index, one page per pair, metric trends, section timeline.

Public API: build_site, SiteResult, SiteYear, SitePair, movers_first, MANIFEST_NAME,
MANIFEST_SCHEMA.

``build_site`` writes into one folder:

- ``index.html``: every year, a heat strip of consecutive-pair similarity, links to every page;
- ``OLD-NEW.html``: one pair page per consecutive pair (plus the extra ``pairs`` asked for),
  rendered by ``render_html`` exactly as ``compare OLD NEW`` does, with a site navigation bar;
- ``trends.html``: metric chains over all years (``chain_metrics``), biggest movers first;
- ``timeline.html``: each section's life across years (``compare.series.timeline``);
- ``phrases.html``: each year's new expressions and the keywords across years
  (``compare.series.expressions``); every pair page carries the panel of its new year's new
  and dropped expressions;
- ``manifest.json``: what each page was built from, so that a rebuild skips what did not change.

Every page is keyed by a sha256 over its inputs: both reports' sha256 for a pair page, every
year's for the series pages, plus the package version and a hash of all templates. A page is
rendered again only when its key changed or the file on disk is not the one written (edited or
deleted). The manifest also caches each consecutive pair's timeline step and similarity, so that
a rebuild after one report changed compares only the pairs that report is in. A pair page's key
also holds a hash of its expressions panel, which depends on every stored year: the panels are
computed again only when some year changed, and a page is rendered again only when its panel did.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compare import __version__
from compare.errors import InputError
from compare.models import SECTION_STATUSES
from compare.pipeline import compare_reports, load_report, metric_trends, resolve_series
from compare.render import render_html, render_index, render_timeline, render_trends
from compare.render.phrases import render_phrases
from compare.render.sitepages import SITE_PAGES, templates_hash
from compare.series.expressions import (
    Vocabulary,
    YearPhrases,
    build_vocabulary,
    series_phrases,
    year_phrases,
)
from compare.series.timeline import build_timeline, step_from_json, step_of, step_to_json
from compare.tuning import DEFAULT

if TYPE_CHECKING:
    from compare.models import Comparison, Report
    from compare.series.timeline import Step
    from compare.store.db import Store

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


def _key(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


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


def _counts(comp: Comparison) -> tuple[tuple[str, int], ...]:
    counts = Counter(p.status for p in comp.sections)
    return tuple((s, counts[s]) for s in SECTION_STATUSES if counts[s])


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


def build_site(
    store: Store,
    series: str | None,
    output_dir: Path,
    *,
    pairs: Sequence[tuple[int, int]] = (),
    progress: Progress | None = None,
) -> SiteResult:
    """Build (or bring up to date) the static site of one series in ``output_dir``."""

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

    def tick(what: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total, what)

    all_years = [[y.year, y.sha256] for y in years]
    # The expressions panels depend on every stored year: their hashes are kept in the manifest
    # under a key of all years, and computed again only when that key changed.
    phrases_key = _key("phrases", name, all_years, __version__)
    panel_hashes: dict[str, str] = {}
    if old_manifest.get("phrases_key") == phrases_key and isinstance(
        old_manifest.get("panels"), dict
    ):
        panel_hashes = {str(k): str(v) for k, v in old_manifest["panels"].items()}
    vocabulary: list[Vocabulary] = []
    panels: dict[int, YearPhrases] = {}

    def vocab() -> Vocabulary:
        if not vocabulary:
            vocabulary.append(build_vocabulary([report(y) for y in year_list]))
        return vocabulary[0]

    def panel(year: int) -> YearPhrases:
        if year not in panels:
            panels[year] = year_phrases(vocab(), year)
        return panels[year]

    def panel_hash(year: int) -> str:
        # Only what the panel shows: a change elsewhere in the series that moves no entry of it
        # (a salience in the third decimal) leaves its pages as they are.
        if str(year) not in panel_hashes:
            yp = panel(year)
            shown = [
                [(e.text, e.count, e.first_year, e.last_year, e.quoted, e.sentence, e.line,
                  e.sections) for e in found]
                for found in (yp.new, yp.dropped)
            ]
            shown_words = yp.keywords[: DEFAULT.phrases.panel_keywords]
            words = [(k.word, k.count, k.previous) for k in shown_words]
            panel_hashes[str(year)] = _key(yp.note, yp.previous, shown, words)
        return panel_hashes[str(year)]

    steps: dict[tuple[int, int], Step] = {}
    site_pairs: list[SitePair] = []
    for old, new in wanted:
        file = f"{old}-{new}.html"
        key = _key(
            "pair", name, sha[old], sha[new], panel_hash(new), __version__, templates, fixed
        )
        entry: dict[str, Any] = old_pages.get(file) or {}
        is_consecutive = (old, new) in consecutive
        if _fresh(output_dir, entry, key) and (not is_consecutive or "step" in entry):
            pages[file] = entry
            skipped.append(file)
            similarity = float(entry["similarity"])
            counts = tuple((str(s), int(n)) for s, n in entry["counts"])
            if is_consecutive:
                steps[(old, new)] = step_from_json(entry["step"])
        else:
            comp = compare_reports(report(old), report(new), corrections=fixes)
            page = render_html(comp, nav=SITE_PAGES, current=file, phrases=panel(new))
            digest = _write(output_dir, file, page)
            similarity, counts = comp.similarity, _counts(comp)
            pages[file] = {
                "key": key,
                "file": file,
                "sha256": digest,
                "similarity": similarity,
                "counts": [list(c) for c in counts],
            }
            if is_consecutive:
                steps[(old, new)] = step_of(comp)
                pages[file]["step"] = step_to_json(steps[(old, new)])
            written.append(file)
        site_pairs.append(SitePair(old, new, file, similarity, is_consecutive, counts))
        tick(f"{old}→{new}")

    command = f"compare OLD NEW --series {shlex.quote(name)}"
    series_pages: list[tuple[str, str, Callable[[], str]]] = [
        (
            "timeline.html",
            _key("timeline", name, all_years, __version__, templates, fixed),
            lambda: render_timeline(
                build_timeline(name, [steps[p] for p in consecutive]),
                {p: f"{p[0]}-{p[1]}.html" for p in consecutive},
            ),
        ),
        (
            "phrases.html",
            _key("phrases-page", name, all_years, __version__, templates),
            lambda: render_phrases(
                series_phrases(vocab()),
                pair_href=lambda o, n: f"{o}-{n}.html" if (o, n) in consecutive else None,
                nav=SITE_PAGES,
                current="phrases.html",
            ),
        ),
        (
            "trends.html",
            _key("trends", name, all_years, __version__, templates, fixed),
            # One stored year has no trends: the page says so instead of failing the build.
            lambda: render_trends(
                metric_trends(store, name).chains if len(years) > 1 else (),
                name,
                nav=SITE_PAGES,
                current="trends.html",
            ),
        ),
        (
            "index.html",
            _key(
                "index",
                all_years,
                [(p.old, p.new) for p in site_pairs],
                command,
                __version__,
                templates,
            ),
            lambda: render_index(name, years, site_pairs, command=command),
        ),
    ]
    for file, key, render in series_pages:
        if _fresh(output_dir, old_pages.get(file), key):
            pages[file] = old_pages[file]
            skipped.append(file)
        else:
            pages[file] = {"key": key, "file": file, "sha256": _write(output_dir, file, render())}
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
