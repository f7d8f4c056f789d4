"""The evaluation harness: score the pipeline against hand-checked gold labels.

Public API: evaluate_folder, evaluate_alignment, evaluate_headings_file, score_edges,
format_report.

Alignment gold (``*.align.json``, format in ``../shared/gold/README.md``) is scored as edges: a pair
is (old heading, new heading), a removed heading (old, None), an added one (None, new); headings
listed as uncertain are left out on both sides. The corpus files are ingested into a temporary store
and compared through the same code path as ``compare OLD NEW``. Metric gold (``extract-*.json``,
``metricpairs-*.json``, ``identity-*.json``) is scored by ``compare.evaluation.metricgold`` when
present, heading gold (``headings-*.json``) by ``compare.evaluation.headings``. Alignment gold whose
entries carry ``old_line``/``new_line`` is matched by line as well as title. A gold file whose
source cannot be read here is listed as skipped, with the reason, instead of stopping the whole
evaluation.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from compare.errors import InputError
from compare.evaluation.headings import evaluate_headings
from compare.evaluation.metricgold import (
    evaluate_extraction,
    evaluate_identity,
    evaluate_pairing,
)
from compare.ingest import read_document
from compare.metrics import chain_metrics, match_metrics
from compare.models import Comparison, Report, Section
from compare.pipeline import build_report, compare_years, ingest
from compare.store import Store
from compare.textkit.chars import fold

__all__ = [
    "evaluate_alignment",
    "evaluate_folder",
    "evaluate_headings_file",
    "format_report",
    "score_edges",
]

Edge = tuple[str | None, str | None]


def _key(title: str | None) -> str | None:
    return None if title is None else "".join(fold(title).split())


def score_edges(gold: set[Edge], found: set[Edge]) -> dict[str, Any]:
    """Precision, recall and F1 of found edges against gold edges, with the misses listed."""
    hits = gold & found
    precision = len(hits) / len(found) if found else 1.0
    recall = len(hits) / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "gold": len(gold),
        "found": len(found),
        "hits": len(hits),
        "missed": sorted(gold - found, key=_edge_sort),
        "wrong": sorted(found - gold, key=_edge_sort),
    }


def _edge_sort(edge: Edge) -> tuple[str, str]:
    return (edge[0] or "", edge[1] or "")


def _keyed(gold: dict[str, Any]) -> bool:
    """Whether the gold names each edge's headings by line as well (``old_line``/``new_line``:
    needed where two headings of one report differ only in case, as in sg-budget 1985)."""
    return any("old_line" in p or "new_line" in p for p in gold.get("pairs", []))


def _heading_key(title: str | None, line: int | None, keyed: bool) -> str | None:
    key = _key(title)
    return f"{key}@{line}" if keyed and key is not None else key


def gold_edges(gold: dict[str, Any]) -> tuple[set[Edge], set[str], set[str]]:
    """Gold edges, plus the old and new heading keys that are labelled (uncertain ones left out).

    Keys are the titles with widths folded and spaces removed, and ``@line`` appended when the
    gold gives lines (``_keyed``)."""
    keyed = _keyed(gold)

    def key(entry: dict[str, Any], side: str) -> str | None:
        return _heading_key(entry.get(side), entry.get(f"{side}_line"), keyed)

    unsure_old = {key(u, "old") for u in gold.get("uncertain", [])}
    unsure_new = {key(u, "new") for u in gold.get("uncertain", [])}
    old_keys = {_heading_key(h["title"], h.get("line"), keyed) for h in gold["old_headings"]}
    new_keys = {_heading_key(h["title"], h.get("line"), keyed) for h in gold["new_headings"]}
    old_keys -= unsure_old
    new_keys -= unsure_new
    edges: set[Edge] = set()
    for p in gold.get("pairs", []):
        edges.add((key(p, "old"), key(p, "new")))
    for r in gold.get("removed", []):
        edges.add((key(r, "old"), None))
    for a in gold.get("added", []):
        edges.add((None, key(a, "new")))
    edges = {
        (o, n)
        for o, n in edges
        if (o is None or o in old_keys) and (n is None or n in new_keys)
    }
    return edges, {k for k in old_keys if k}, {k for k in new_keys if k}


def _section_key(section: Section | None, keys: set[str]) -> str | None:
    """The labelled heading a section stands for: by title, or by line when the keys carry
    lines (the heading on the section's line whose title the section's title holds, else the
    first on that line: a heading glued to another shares its line)."""
    if section is None:
        return None
    title = _key(section.title)
    if title in keys:
        return title
    suffix = f"@{section.line}"
    on_line = sorted(k for k in keys if k.endswith(suffix))
    held = [k for k in on_line if title and k[: -len(suffix)].casefold() in title.casefold()]
    best = held or on_line
    return best[0] if best else None


def found_edges(comp: Comparison, old_keys: set[str], new_keys: set[str]) -> set[Edge]:
    """The comparison's entries as edges over the labelled headings.

    A labelled heading whose only counterparts are unlabelled sections (a level-3 item, the
    preamble) counts as removed or added, which is what the gold says of such a heading. An entry
    that is a relation (a task reported done in the review) is not an alignment edge.
    """
    edges: set[Edge] = set()
    seen_old: set[str] = set()
    seen_new: set[str] = set()
    # An entry that only records a relation (a task reported done) is not an alignment edge.
    keyed = [
        (_section_key(pair.old, old_keys), _section_key(pair.new, new_keys))
        for pair in comp.sections
        if not pair.relation
    ]
    for o, n in keyed:
        if o is not None and n is not None:
            edges.add((o, n))
            seen_old.add(o)
            seen_new.add(n)
    for o, n in keyed:
        if o is not None and o not in seen_old:
            edges.add((o, None))
        if n is not None and n not in seen_new:
            edges.add((None, n))
    return edges


def evaluate_alignment(gold_path: Path, corpus: Path) -> dict[str, Any]:
    """Score one ``*.align.json`` file; the corpus files are ingested into a temporary store."""

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    series = gold["series"]
    files = [corpus / series / f"{gold[k]}.txt" for k in ("old_year", "new_year")]
    for f in files:
        if not f.is_file():
            raise InputError(
                f"The gold file {gold_path.name} needs {f}, which does not exist.",
                "Pass the corpus folder with --corpus.",
            )
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "eval.db") as store:
        for f, key in zip(files, ("old_year", "new_year"), strict=True):
            ingest(store, [f], series=series, year=int(gold[key]))
        comp = compare_years(store, int(gold["old_year"]), int(gold["new_year"]), series=series)
    edges, old_keys, new_keys = gold_edges(gold)
    result = score_edges(edges, found_edges(comp, old_keys, new_keys))
    result["pair"] = f"{series} {gold['old_year']}→{gold['new_year']}"
    result["file"] = gold_path.name
    return result


def _overall(results: Iterable[dict[str, Any]]) -> dict[str, Any]:
    rows = list(results)
    gold = sum(r["gold"] for r in rows)
    found = sum(r["found"] for r in rows)
    hits = sum(r["hits"] for r in rows)
    p = hits / found if found else 1.0
    r = hits / gold if gold else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4),
            "gold": gold, "found": found, "hits": hits}


def evaluate_folder(gold_dir: Path, *, corpus: Path | None = None) -> dict[str, Any]:
    """Every gold file in a folder, scored; alignment and (when available) metrics."""
    if not gold_dir.is_dir():
        raise InputError(
            f"The gold folder {gold_dir} does not exist.",
            "Pass the folder that holds the *.align.json files, e.g. ../shared/gold.",
        )
    corpus = corpus or gold_dir.parent / "corpus"
    align = [evaluate_alignment(p, corpus) for p in sorted(gold_dir.glob("*.align.json"))]
    out: dict[str, Any] = {
        "alignment": {"pairs": align, "overall": _overall(align)},
    }
    out["extraction"] = [
        _or_skipped(evaluate_extraction_file, p, corpus)
        for p in sorted(gold_dir.glob("extract-*.json"))
    ]
    out["pairing"] = [
        _or_skipped(evaluate_pairing_file, p, corpus)
        for p in sorted(gold_dir.glob("metricpairs-*.json"))
    ]
    out["identity"] = [
        _or_skipped(evaluate_identity_file, p, corpus)
        for p in sorted(gold_dir.glob("identity-*.json"))
    ]
    out["headings"] = [
        _or_skipped(evaluate_headings_file, p, corpus)
        for p in sorted(gold_dir.glob("headings-*.json"))
    ]
    return out


def _or_skipped(score: Any, path: Path, corpus: Path) -> dict[str, Any]:
    """``score(path, corpus)``, or a row saying the file was skipped and why (a source this
    build cannot read): one unreadable file does not hide the scores of the others."""
    try:
        return dict(score(path, corpus))
    except InputError as exc:
        return {"file": path.name, "skipped": exc.what}


def _report_of(corpus: Path, source: str) -> Report:
    """A corpus file through the real ingest, sections and metrics stages."""

    path = corpus / source
    if not path.is_file():
        raise InputError(
            f"The gold names {source}, which is not in {corpus}.",
            "Pass the corpus folder with --corpus.",
        )
    return build_report(read_document(path))


def evaluate_extraction_file(gold_path: Path, corpus: Path) -> dict[str, Any]:
    """Score one ``extract-*.json``: metrics found on the same line with the same value."""

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    result = evaluate_extraction(gold, _report_of(corpus, gold["source"]).metrics)
    result["file"] = gold_path.name
    return result


def evaluate_headings_file(gold_path: Path, corpus: Path) -> dict[str, Any]:
    """Score one ``headings-*.json``: the sections found against the headings labelled."""

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    result = evaluate_headings(gold, _report_of(corpus, gold["source"]).sections)
    result["file"] = gold_path.name
    return result


def evaluate_pairing_file(gold_path: Path, corpus: Path) -> dict[str, Any]:
    """Score one ``metricpairs-*.json``: the metric pairs made across two years (and the targets
    shown beside their outcomes)."""

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    old, new = _report_of(corpus, gold["old"]), _report_of(corpus, gold["new"])
    found = match_metrics(old.metrics, new.metrics)
    result = evaluate_pairing(gold, found.changes, found.outcomes)
    result["file"] = gold_path.name
    return result


def evaluate_identity_file(gold_path: Path, corpus: Path) -> dict[str, Any]:
    """Score one ``identity-*.json``: kind, period and qualifiers of each labelled metric, and
    every chain of the series' trends against those hand labels."""

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    if gold.get("extends"):
        # A file that extends another adds labels to it: both files' labels score together.
        base = json.loads((gold_path.parent / gold["extends"]).read_text(encoding="utf-8"))
        gold = {**base, "metrics": [*base.get("metrics", []), *gold.get("metrics", [])],
                "supplementary_metrics": base.get("supplementary_metrics", [])}
    reports = {source: _report_of(corpus, source) for source in gold["sources"]}
    source_of = {r.year: s for s, r in reports.items()}
    chains = [
        [(source_of[year], m) for year, m in c.values if m is not None]
        for c in chain_metrics(list(reports.values()))
    ]
    result = evaluate_identity(gold, {s: r.metrics for s, r in reports.items()}, chains)
    result["file"] = gold_path.name
    return result


def format_report(results: dict[str, Any]) -> str:
    """A plain-text report of evaluate_folder's results, misses listed."""
    lines = ["Alignment (edges: old heading → new heading)"]
    for r in results["alignment"]["pairs"]:
        lines.append(
            f"  {r['pair']:<24} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}"
            f"  ({r['hits']}/{r['gold']} gold, {r['found']} found)"
        )
        for o, n in r["missed"]:
            lines.append(f"      missed: {o or '∅'} → {n or '∅'}")
        for o, n in r["wrong"]:
            lines.append(f"      wrong:  {o or '∅'} → {n or '∅'}")
    o = results["alignment"]["overall"]
    lines.append(
        f"  {'overall':<24} P {o['precision']:.3f}  R {o['recall']:.3f}  F1 {o['f1']:.3f}"
    )
    for name, rows in (("Metric extraction", results.get("extraction", [])),
                       ("Metric pairing", results.get("pairing", []))):
        if not rows:
            continue
        lines.append("")
        lines.append(f"{name} (line and value)" if "extraction" in name else name)
        for r in rows:
            if "skipped" in r:
                lines.append(f"  {r['file']:<32} skipped: {r['skipped']}")
                continue
            lines.append(
                f"  {r['file']:<32} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}"
                + (f"  ({r['not_pairs_made']} not-pairs made)" if "not_pairs_made" in r else "")
            )
            for miss in r.get("misses", []):
                lines.append(f"      {miss}")
    rows = results.get("headings", [])
    if rows:
        lines.append("")
        lines.append("Headings (line; line and level)")
    for r in rows:
        if "skipped" in r:
            lines.append(f"  {r['file']:<32} skipped: {r['skipped']}")
            continue
        lv = r["level"]
        lines.append(
            f"  {r['file']:<32} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}"
            f"  ({r['hits']}/{r['gold']} gold, {r['found']} found)"
        )
        lines.append(
            f"  {'  with level':<32} P {lv['precision']:.3f}  R {lv['recall']:.3f}"
            f"  F1 {lv['f1']:.3f}"
        )
        for level, row in sorted(r["by_level"].items()):
            lines.append(
                f"      level {level}: {row['hits']}/{row['gold']} found, "
                f"{row['level_hits']} at that level"
            )
        for key in ("missed", "wrong"):
            for item in r[key]:
                lines.append(f"      {key}: {item}")
    lines.extend(_identity_lines(results.get("identity", [])))
    return "\n".join(lines) + "\n"


def _identity_lines(rows: list[dict[str, Any]]) -> list[str]:
    if not rows:
        return []
    lines = ["", "Metric identity (kind, period, qualifiers) and chains checked by hand labels"]
    for r in rows:
        if "skipped" in r:
            lines.append(f"  {r['file']:<32} skipped: {r['skipped']}")
            continue
        lines.append(
            f"  {r['file']:<32} {r['found']}/{r['metrics']} found; kind {r['kind']:.3f}, "
            f"period {r['period']:.3f}, qualifiers {r['qualifiers']:.3f}"
        )
        lines.append(
            f"  {'':<32} {r['chains_checked']}/{r['chains']} chains checked (two labelled "
            f"figures or more), {r['chain_violations']} mix "
            f"periods or qualifiers; {r['joined_wrongly']}/{r['must_not_join']} must-not-join "
            f"joined; {r['chain_links_found']}/{r['chain_links']} hand-labelled links found"
        )
        for miss in r.get("misses", []):
            lines.append(f"      {miss}")
    return lines
