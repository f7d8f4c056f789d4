"""Expressions across a series: what is new in the wording of a year, what was dropped, and the
words a year uses most.

Public API: Vocabulary, Expression, Keyword, NewBasis, YearPhrases, SeriesPhrases (the answers,
defined in ``compare.series.phraseresults``), vocabulary, build_vocabulary, year_phrases,
series_phrases, PHRASE_KINDS.

A vocabulary holds each stored year's expression statistics (``models.ReportPhrases``, made at
ingest by ``compare.phrasestats``); what depends on the series (uses in all stored years, what
is new, dropped or salient) is summed from them when asked, for the runs asked: the answer is
that of the years stored when the vocabulary was made (an older year ingested later changes it).

*Expressions* of a report (``textkit.phrases`` finds their pieces):

- runs of 2 to ``max_words`` words (at most ``max_chars`` characters) with no function word at
  either edge and no number at the end, used at least ``min_count`` times in the stored series
  and not a *fragment*: a run that one neighbouring word accompanies in ``fragment_share`` of its
  uses is part of the longer run (供给侧 of 供给侧结构性改革);
- single words the segmenter keeps whole, of ``single_min_chars`` or more (放管服), and Latin
  abbreviations written in capitals;
- terms the writer set in quotation marks (“互联网+”), however often used.

Each is keyed by its *number shape* (numerals as ``#``): 十三五规划 and 十二五规划 are one key, so a
new number makes no new expression. The text shown is the year's own.

*New* in a year: expressions whose key occurs (as text, anywhere) in no earlier stored year of
the series; an expression that only wraps a shorter new one (推动高质量发展 around 高质量发展) is
left out, the shorter one stands for it. *Dropped*: expressions of the previous stored year whose
key no longer occurs in the year. Both are ranked by *salience* (``PhraseTuning``): how often the
year uses it, how many later stored years keep it, whether its words hold together (pointwise
mutual information), whether the writer quoted it, and how compact it is.

*Keywords*: the year's most used content words (two or more characters, no function word, no
number), counted as a reader counts: occurrences in the text, also inside longer words.
"""

from __future__ import annotations

import math
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from compare.errors import InputError
from compare.models import Report, ReportPhrases
from compare.phrasestats import JOIN, SPACE, phrases_stamp, report_phrases, run_words
from compare.series.phraseresults import (
    Expression,
    Keyword,
    NewBasis,
    SeriesPhrases,
    YearPhrases,
)
from compare.textkit.chars import fold, fold_line
from compare.textkit.phrases import (
    inner_keys,
    number_shape,
    occurrences,
    shape_count,
    uses_key,
)
from compare.textkit.sentences import sentence_at
from compare.textkit.words import on_token_bounds
from compare.tuning import DEFAULT, PhraseTuning

__all__ = [
    "PHRASE_KINDS",
    "Expression",
    "Keyword",
    "NewBasis",
    "SeriesPhrases",
    "Vocabulary",
    "YearPhrases",
    "build_vocabulary",
    "series_phrases",
    "vocabulary",
    "year_phrases",
]

PHRASE_KINDS = ("all", "new", "dropped", "keywords")


@dataclass
class _Doc:
    """One stored year: its statistics, and what is derived from them when first needed."""

    stats: ReportPhrases
    report: Report | None = None  # the whole report, loaded to show where expressions stand
    index: dict[str, int] | None = None  # run -> its position in ``stats.runs``
    keys: frozenset[str] | None = None  # keys of the candidates and quoted terms
    run_keys: list[str] | None = None  # the key of each candidate, in order
    texts: list[str] | None = None  # each section's text folded, lower-cased, numerals as '#'
    lines: dict[str, str] = field(default_factory=dict)  # path -> fold_line(text), when asked
    counted: dict[tuple[bool, str], int] = field(default_factory=dict)  # ``_uses``, when asked

    def candidates(self) -> Sequence[str]:
        return self.stats.runs[: len(self.stats.candidates)]

    def position(self) -> dict[str, int]:
        if self.index is None:
            self.index = dict(zip(self.stats.runs, range(len(self.stats.runs)), strict=True))
        return self.index

    def candidate_keys(self) -> list[str]:
        """``run_key`` of each candidate, in order (all at once: a run holds no line break)."""
        if self.run_keys is None:
            runs = self.candidates()
            joined = "\n".join(runs).replace(JOIN, "").replace(SPACE, " ")
            self.run_keys = joined.split("\n") if runs else []
        return self.run_keys

    def key_set(self) -> frozenset[str]:
        """The keys of this year's expression candidates and quoted terms ("used here")."""
        if self.keys is None:
            self.keys = frozenset(self.candidate_keys()) | frozenset(self.stats.quotes)
        return self.keys


@dataclass
class _Sums:
    """Series sums, filled in for the runs asked so far."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    uses: dict[str, int] = field(default_factory=dict)  # run -> uses in the whole series
    longest: dict[str, int] = field(default_factory=dict)  # most uses of a one-word extension
    unigrams: dict[str, int] = field(default_factory=dict)  # word -> uses, for mutual information
    first: dict[int, frozenset[str]] | None = None  # year -> the keys it is the first to use
    asked: set[int] = field(default_factory=set)  # the years whose new expressions were asked
    total: int | None = None  # words in the series


@dataclass(frozen=True)
class Vocabulary:
    """The stored years of one series and their expression statistics; ``load`` gives a year's
    whole report (to show where an expression stands) and may be replaced to read it elsewhere."""

    series: str
    years: tuple[int, ...]
    docs: dict[int, _Doc] = field(repr=False)
    load: Callable[[int], Report] = field(repr=False)
    sums: _Sums = field(default_factory=_Sums, repr=False)


# --- the vocabulary ---------------------------------------------------------------------------


def vocabulary(
    series: str, stats: Mapping[int, ReportPhrases], load: Callable[[int], Report]
) -> Vocabulary:
    """The vocabulary of one series from each stored year's statistics (``pipeline.load_phrases``);
    ``load(year)`` gives a year's whole report when an expression of it is shown."""
    if not stats:
        raise InputError("No reports to find expressions in.", "Ingest the series first.")
    years = tuple(sorted(stats))
    return Vocabulary(series, years, {y: _Doc(stats[y]) for y in years}, load)


def build_vocabulary(
    reports: Sequence[Report], *, tuning: PhraseTuning = DEFAULT.phrases
) -> Vocabulary:
    """The vocabulary of one series' reports (any order; one report per year), from the
    statistics they carry, computed here where they carry none made with ``tuning``."""
    if not reports:
        raise InputError("No reports to find expressions in.", "Ingest the series first.")
    stamp = phrases_stamp(tuning)
    by_year = {r.year: r for r in reports}
    stats = {
        r.year: r.phrases
        if r.phrases is not None and r.phrases.stamp == stamp
        else report_phrases(r.sections, r.segmentation, tuning=tuning)
        for r in reports
    }
    return vocabulary(reports[0].series, stats, by_year.__getitem__)


def _multi(run: str) -> bool:
    return JOIN in run or SPACE in run


def _prepare(v: Vocabulary, asked: Iterable[str]) -> None:
    """Sum over every stored year what the runs ``asked`` are judged by: each run's uses, and
    the most uses of a run one word longer that holds it (for the runs used twice or more: the
    fragment test asks no more)."""
    sums = v.sums
    with sums.lock:
        runs = set(asked) - sums.uses.keys()
        uses: dict[str, int] = dict.fromkeys(runs, 0)
        found: list[tuple[_Doc, set[str]]] = []  # each year with the runs asked that it counts
        for doc in (v.docs[y] for y in v.years):
            position, counted = doc.position(), doc.stats.uses
            here = position.keys() & runs
            for run in here:
                uses[run] += counted[position[run]]
            found.append((doc, here))
        repeated = {r for r, n in uses.items() if n >= 2}
        longer: dict[str, set[str]] = defaultdict(set)  # run -> its one-word extensions
        for doc, here in found:
            stats, position = doc.stats, doc.position()
            at, extends, names = stats.extends_at, stats.extends, stats.runs
            for run in here & repeated:
                i = position[run]
                if at[i] < at[i + 1]:
                    longer[run].update(names[j] for j in extends[at[i] : at[i + 1]])
        extensions = set().union(*longer.values()) if longer else set()
        extension_uses = dict.fromkeys(extensions, 0)
        for doc, _ in found:
            position, counted = doc.position(), doc.stats.uses
            for run in position.keys() & extensions:
                extension_uses[run] += counted[position[run]]
        sums.uses.update(uses)
        for run, wider in longer.items():
            sums.longest[run] = max(extension_uses[e] for e in wider)


def _count_words(v: Vocabulary, runs: Iterable[str]) -> None:
    """Sum over every stored year the uses of the words of ``runs`` (those of several words:
    their mutual information is asked), and the words of the series."""
    sums = v.sums
    with sums.lock:
        words = {w for r in runs if _multi(r) for w in run_words(r)} - sums.unigrams.keys()
        counts = dict.fromkeys(words, 0)
        for stats in (v.docs[y].stats for y in v.years):
            for word in stats.unigrams.keys() & words:
                counts[word] += stats.unigrams[word]
        sums.unigrams.update(counts)
        if sums.total is None:
            sums.total = sum(sum(v.docs[y].stats.unigrams.values()) for y in v.years)


def _uses(v: Vocabulary, year: int, key: str, *, plain: bool = False) -> int:
    """``shape_count`` of ``key`` in a year's number-shaped text (``plain``: its plain text),
    remembered: a series' pages ask the same words of the same years again and again (each
    year's keywords and expressions are counted in every stored year)."""
    doc = v.docs[year]
    n = doc.counted.get((plain, key))
    if n is None:
        n = shape_count(doc.stats.plain if plain else doc.stats.shape, key)
        doc.counted[(plain, key)] = n
    return n


def _report(v: Vocabulary, year: int) -> Report:
    doc = v.docs[year]
    if doc.report is None:
        doc.report = v.load(year)
    return doc.report


# --- expressions of a year --------------------------------------------------------------------


def _candidates(
    v: Vocabulary, year: int, tuning: PhraseTuning, keep: AbstractSet[str] | None = None
) -> dict[str, str | None]:
    """The expressions of one year whose key is in ``keep`` (all without it; series sums are
    made for those only): key -> the run of words it was found as (None when only quoted)."""
    doc = v.docs[year]
    every = zip(doc.candidates(), doc.candidate_keys(), strict=True)
    pairs = [(run, key) for run, key in every if keep is None or key in keep]
    _prepare(v, (run for run, _ in pairs))
    out: dict[str, str | None] = {}
    for run, key in pairs:
        uses = v.sums.uses[run]
        if uses < tuning.min_count and _multi(run):
            continue  # one use: nothing says these words hold together
        if uses >= 2 and v.sums.longest.get(run, 0) >= tuning.fragment_share * uses:
            continue  # a piece of the longer run that nearly always surrounds it
        out.setdefault(key, run)
    for key in doc.stats.quotes:
        if keep is None or key in keep:
            out.setdefault(key, None)
    _count_words(v, (run for run in out.values() if run is not None))
    return out


def _salience(
    v: Vocabulary, year: int, key: str, run: str | None, tuning: PhraseTuning
) -> float:
    doc = v.docs[year]
    uses = doc.stats.candidates[doc.position()[run]] if run is not None else _uses(v, year, key)
    later = sum(1 for y in v.years if y > year and key in v.docs[y].key_set())
    cohesion = 1.0
    total = v.sums.total or 0
    if run is not None and _multi(run) and total:
        words = run_words(run)
        junctions = len(words) - 1
        pmi = (
            math.log2(v.sums.uses[run])
            + junctions * math.log2(total)
            - sum(math.log2(max(1, v.sums.unigrams[w])) for w in words)
        ) / junctions
        cohesion = min(1.0, max(pmi, 0.5) / tuning.cohesion_pmi)
    return (
        (1 + math.log2(max(1, uses)))
        * (1 + tuning.later_weight * math.log2(1 + later))
        * (tuning.quote_weight if key in doc.stats.quotes else 1.0)
        * cohesion
        * min(1.0, tuning.compact_chars / max(1, len(key)))
    )


def _ranked(
    v: Vocabulary, year: int, found: dict[str, str | None], tuning: PhraseTuning
) -> list[tuple[str, float]]:
    scored = [(k, _salience(v, year, k, g, tuning)) for k, g in found.items()]
    return sorted(scored, key=lambda kv: (-kv[1], kv[0]))


def _first_in(v: Vocabulary) -> dict[int, frozenset[str]]:
    """Each stored year with the keys no earlier year's key set holds (made once per
    vocabulary)."""
    with v.sums.lock:
        if v.sums.first is None:
            seen: set[str] = set()
            v.sums.first = {}
            for year in v.years:
                keys = v.docs[year].key_set()
                v.sums.first[year] = keys.difference(seen)
                seen.update(keys)
        return v.sums.first


def _unused_before(v: Vocabulary, year: int, earlier: list[int]) -> frozenset[str]:
    """The keys of ``year`` that no year before it holds: those first held in it, once a second
    year is asked (a series' pages ask every year), else its key set less each earlier one (for
    one year, cheaper than every key's first year)."""
    with v.sums.lock:
        v.sums.asked.add(year)
        several = len(v.sums.asked) > 1
    if several or v.sums.first is not None:
        return _first_in(v)[year]
    keys = v.docs[year].key_set()
    for y in reversed(earlier):  # the latest holds the most of them: the rest shrinks fastest
        keys = keys.difference(v.docs[y].key_set())
    return keys


def _new_keys(
    v: Vocabulary, year: int, limit: int, tuning: PhraseTuning
) -> list[tuple[str, float]]:
    """The year's new expressions, most salient first (at most ``limit``; 0: all)."""
    earlier = [y for y in v.years if y < year]
    if not earlier:
        return []
    fresh = _candidates(v, year, tuning, keep=_unused_before(v, year, earlier))
    past = "\n".join(v.docs[y].stats.shape for y in earlier)
    verdict: dict[str, bool] = {}

    def is_new(key: str) -> bool:
        # The key sets miss a use cut otherwise by the segmenter: the text has the last word.
        if key not in verdict:
            verdict[key] = not uses_key(past, key)
        return verdict[key]

    out = []
    quotes = v.docs[year].stats.quotes
    for key, score in _ranked(v, year, fresh, tuning):
        if key not in quotes and any(inner in fresh and is_new(inner) for inner in inner_keys(key)):
            continue  # it only wraps a shorter new expression, which stands for it (a quoted
            # term stands whole: the writer marked it as one)
        if is_new(key):
            out.append((key, score))
            if limit and len(out) >= limit:
                break
    return out


def _dropped_keys(
    v: Vocabulary, year: int, limit: int, tuning: PhraseTuning
) -> tuple[int | None, list[tuple[str, float]]]:
    """The previous stored year's expressions that the year no longer uses, most salient (in
    the previous year) first."""
    before = [y for y in v.years if y < year]
    if not before:
        return None, []
    prev = before[-1]
    now = v.docs[year]
    found = _candidates(v, prev, tuning, keep=v.docs[prev].key_set() - now.key_set())
    gone = {k: g for k, g in found.items() if not uses_key(now.stats.shape, k)}
    out = []
    for key, score in _ranked(v, prev, gone, tuning):
        if any(inner in gone for inner in inner_keys(key)):
            continue
        out.append((key, score))
        if limit and len(out) >= limit:
            break
    return prev, out


def _describe(v: Vocabulary, year: int, key: str, salience: float) -> Expression:
    """An expression of ``year`` with where it stands and its life across the stored years."""
    doc = v.docs[year]
    report = _report(v, year)
    life = tuple((y, n) for y in v.years if (n := _uses(v, y, key)) > 0)
    if doc.texts is None:
        doc.texts = [number_shape(fold(s.text).lower()) for s in report.sections]
    where = [s for s, text in zip(report.sections, doc.texts, strict=True) if key in text]
    for s in where:
        if s.path not in doc.lines:
            doc.lines[s.path] = fold_line(s.text)
    spans = {s.path: occurrences(s.text, key, folded=doc.lines[s.path]) for s in where}
    count = sum(len(found) for found in spans.values())
    # The first use that is the expression itself, on word boundaries of the segmenter (脱贫攻坚
    # also stands inside 脱贫攻坚战, which a reader counts but which is another word), else the
    # first use at all.
    uses = [(s, a, b) for s in where for a, b in spans[s.path]]
    cuts = report.segmentation.words if report.segmentation is not None else {}
    shown = next(
        (u for u in uses if on_token_bounds(u[0].text, u[1], u[2], words=cuts.get(u[0].text))),
        uses[0] if uses else None,
    )
    text, sentence, line, page, path, start, end = key, "", 0, 0, "", 0, 0
    if shown is not None:
        section, start, end = shown
        text = section.text[start:end]
        sentence = sentence_at(section.text, start)
        page, line = section.locate(start)
        path = section.path
    first = life[0][0] if life else year
    last = life[-1][0] if life else year
    return Expression(
        year=year,
        text=" ".join(text.split()),
        key=key,
        count=count or _uses(v, year, key),
        first_year=first,
        last_year=last,
        years=life,
        sections=tuple(s.path for s in where),
        section_titles=tuple(" ".join(s.title.split()) for s in where),
        sentence=sentence,
        line=line,
        page=page,
        quoted=key in doc.stats.quotes,
        salience=round(salience, 3),
        section=path,
        start=start,
        end=end,
    )


# --- keywords ---------------------------------------------------------------------------------


def _keywords(v: Vocabulary, year: int, limit: int) -> tuple[Keyword, ...]:
    """The year's most used content words, counted in the text as a reader counts."""
    before = [y for y in v.years if y < year]
    prev = before[-1] if before else None
    used = Counter(v.docs[year].stats.words)
    pool = [w for w, _ in used.most_common(max(3 * limit, limit + 20))]
    counts = {w: _uses(v, year, w, plain=True) for w in pool}
    top = sorted(pool, key=lambda w: (-counts[w], w))[:limit]
    return tuple(
        Keyword(
            year=year,
            word=w,
            count=counts[w],
            previous=None if prev is None else _uses(v, prev, w, plain=True),
            years=tuple((y, _uses(v, y, w, plain=True)) for y in v.years),
        )
        for w in top
    )


# --- what the commands show -------------------------------------------------------------------


def _basis(v: Vocabulary, year: int) -> NewBasis:
    before = tuple(y for y in v.years if y < year)
    gap = (before[-1] + 1, year - 1) if before and before[-1] < year - 1 else None
    return NewBasis(v.series, year, before, v.years[1] if len(v.years) > 1 else None, gap)


def _check_year(v: Vocabulary, year: int) -> None:
    if year not in v.docs:
        years = ", ".join(str(y) for y in v.years)
        raise InputError(
            f"No {year} report in series {v.series}. Stored years: {years}.",
            "Pick one of those years, or ingest the missing report with `compare ingest PATH`.",
        )


def year_phrases(
    v: Vocabulary,
    year: int,
    *,
    top: int | None = None,
    tuning: PhraseTuning = DEFAULT.phrases,
    own: bool = True,
) -> YearPhrases:
    """A year's expressions, new and dropped expressions and keywords, each list most salient
    first and at most ``top`` long (default ``tuning.top``; 0: all). ``own=False`` leaves the
    year's own expressions out (empty), for the pair page's panel, which shows only the rest."""
    _check_year(v, year)
    limit = tuning.top if top is None else top
    basis = _basis(v, year)
    every = _ranked(v, year, _candidates(v, year, tuning), tuning) if own else []
    if limit:
        every = every[:limit]
    new = _new_keys(v, year, limit, tuning)
    prev, gone = _dropped_keys(v, year, limit, tuning)
    return YearPhrases(
        series=v.series,
        year=year,
        years=v.years,
        previous=prev,
        note=basis.note,
        expressions=tuple(_describe(v, year, k, s) for k, s in every),
        new=tuple(_describe(v, year, k, s) for k, s in new),
        dropped=tuple(_describe(v, prev, k, s) for k, s in gone) if prev is not None else (),
        keywords=_keywords(v, year, limit or tuning.top),
        basis=basis,
    )


def series_phrases(v: Vocabulary, *, tuning: PhraseTuning = DEFAULT.phrases) -> SeriesPhrases:
    """Each stored year's most salient new expressions (from the second year on), and the last
    year's keywords followed across the series."""
    per_year = tuning.timeline_per_year
    _first_in(v)  # asked for every year: each year's first keys, made once, serve them all
    new = tuple(
        (year, tuple(_describe(v, year, k, s) for k, s in _new_keys(v, year, per_year, tuning)))
        for year in v.years[1:]
    )
    keywords = _keywords(v, v.years[-1], tuning.chart_keywords)
    return SeriesPhrases(series=v.series, years=v.years, new=new, keywords=keywords)
