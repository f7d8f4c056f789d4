"""Metric pairing: the same indicator in two years, last year's targets beside this year's actuals,
and look-alikes left unpaired with the reason.

Public API: match_metrics, MetricMatch, pair_metrics, label_similarity, stated_check,
metric_delta.

``match_metrics(old, new)`` pairs only on identity (``compare.metrics.identity``): two metrics are
one indicator when their labels name the same thing and their kind, unit class, period,
qualifiers and ``start`` agree; a target pairs with a target, an actual with an actual. Candidates
come from an index on identity and label (exact label, then the label's rarer character pairs),
never from every metric against every other, so pairing is about linear in the number of metrics
(``tuning.pair_candidates`` per metric at most). Pairs are taken best first; one whose runner-up
(for either side, among metrics still free) scores within ``tuning.pair_margin`` is left unpaired,
and so is a metric whose label names nothing (identity unclear). Then:

- ``outcomes``: each old target for one year beside the new report's actual of the same indicator
  (国内生产总值增长6.5%左右 → 6.6%): a plan against its outcome, never a change;
- ``related``: unpaired metrics with the same label but another identity (a five-year total and a
  one-year figure, a target and an actual, 年末 and 平均), or left unpaired because two candidates
  tie, side by side with the reason.

``pair_metrics`` gives the changes only (what chains across a series follow).
"""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from compare.metrics.identity import (
    Reason,
    clash_reason,
    class_path,
    direction,
    distinct_concepts,
    identity_key,
    subject_key,
)
from compare.metrics.stated import stated_check
from compare.metrics.tables import table_of
from compare.models import Metric, MetricChange, MetricOutcome, RelatedMetrics
from compare.textkit.chars import HAN
from compare.textkit.numbers import format_decimal, unit_class
from compare.textkit.numerals import EXACT
from compare.tuning import DEFAULT, MetricTuning

__all__ = [
    "MetricMatch",
    "label_similarity",
    "match_metrics",
    "metric_delta",
    "pair_metrics",
    "stated_check",
]

_CJK = re.compile(f"[{HAN}]")


@dataclass(frozen=True)
class MetricMatch:
    """Everything pairing found between two years' metrics."""

    changes: tuple[MetricChange, ...]  # pairs (changed, unchanged) and one-sided (added, removed)
    outcomes: tuple[MetricOutcome, ...] = ()
    related: tuple[RelatedMetrics, ...] = ()
    note: str = ""  # set when a bound left some labels to exact matching only


def _grams(label: str) -> set[str]:
    """Character bigrams of a Chinese label, words of an English one."""
    if _CJK.search(label):
        chars = [ch for ch in label if not ch.isspace()]
        if len(chars) < 2:
            return set(chars)
        return {a + b for a, b in zip(chars, chars[1:], strict=False)}
    return set(re.findall(r"[a-z0-9]+", label))


def label_similarity(a: str, b: str) -> float:
    """0-100: how surely two labels name one indicator (notes and synonyms folded away).

    The mean of two views: the share of the shorter label's character bigrams (words in English)
    found in the longer one (居民收入增长 is mostly inside 居民人均可支配收入实际增长) and
    rapidfuzz's character ratio, which keeps labels sharing only a head noun (消费贡献率 /
    服务业对经济增长贡献率) apart.
    """
    na, nb = subject_key(a), subject_key(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 100.0
    from rapidfuzz import fuzz  # heavy: loaded by the first comparison that needs it

    ga, gb = _grams(na), _grams(nb)
    short, long_ = (ga, gb) if len(ga) <= len(gb) else (gb, ga)
    containment = 100.0 * len(short & long_) / (len(short) or 1)
    return (containment + fuzz.ratio(na, nb)) / 2


def _bounds(value: str) -> tuple[Decimal, Decimal]:
    if "-" in value[1:]:
        low, high = value.split("-", 1) if not value.startswith("-") else value[1:].split("-", 1)
        return Decimal(low if not value.startswith("-") else "-" + low), Decimal(high)
    return Decimal(value), Decimal(value)


def _mid(value: str) -> Decimal:
    low, high = _bounds(value)
    return (low + high) / 2


def _ratio(a: Decimal, b: Decimal) -> float:
    a, b = abs(a), abs(b)
    if a == 0 or b == 0:
        return 1.0 if a == b else float("inf")
    return float(max(a, b) / min(a, b))


def _plausible(old: Metric, new: Metric, t: MetricTuning, *, same: str = "") -> bool:
    """Whether two values could be one indicator in two years (identity already agrees).

    ``same`` is the subject both labels fold to when they fold alike: a name that specific
    (第一季度用款计划, a budget item's full class path) says which indicator it is whatever the
    values, and a budget line may grow tenfold; only an absurd jump is refused."""
    a, b = _mid(old.quantity.value), _mid(new.quantity.value)
    ratio = _ratio(a, b)
    if len(same) >= t.exact_label_min_chars and old.quantity.unit not in ("%", "‰"):
        return ratio <= t.exact_label_max_ratio
    if old.quantity.unit in ("%", "‰"):
        points = abs(float(a - b))
        if old.kind == "change" or old.measure == "change":
            return points <= t.pct_change_max_points or ratio <= t.pct_change_max_ratio
        return points <= t.pct_level_max_points or ratio <= t.pct_level_max_ratio
    small = max(abs(a), abs(b)) <= t.small_count
    return small or ratio <= t.max_ratio


def _closeness(old: Metric, new: Metric) -> float:
    """0-100: how near two values are (100 equal, 50 for a factor of two)."""
    ratio = _ratio(_mid(old.quantity.value), _mid(new.quantity.value))
    return 100.0 / ratio if ratio != float("inf") else 0.0


def _delta(old: Metric, new: Metric) -> tuple[str | None, str | None]:
    if "-" in old.quantity.value[1:] or "-" in new.quantity.value[1:]:
        return None, None
    a, b = Decimal(old.quantity.value), Decimal(new.quantity.value)
    up, down = direction(old.label), direction(new.label)
    if up and down and up != down:
        # 减少876.75万元 then 增加3,355.65万元: unsigned figures of opposite movements; the
        # change between them is between the signed values, and a percent of it says nothing.
        return format_decimal(EXACT.subtract(down * b, up * a)), None
    change = EXACT.subtract(b, a)  # exact however many digits (b - a rounds at 28)
    if new.quantity.unit in ("%", "‰") or a == 0:
        return format_decimal(change), None
    percent = (change / a * 100).quantize(Decimal("0.01"))
    return format_decimal(change), format_decimal(percent)


def _row_label(label: str) -> str:
    """A table figure's label without its table's name (``部门收入预算总表：201 一般公共服务支出·
    合计`` → ``201 一般公共服务支出·合计``); a prose label as it is. A row with a code path is
    named by its codes and column (``#212.1.1·收入预算·合计``): the same code is one subject
    whatever each year calls it."""
    table = table_of(label)
    row = label[len(table) + 1 :] if table else label
    path = class_path(row)
    if path and path[0].isdigit():
        return "#" + ".".join(path) + "·" + row.partition("·")[2]
    return row


class _Side:
    """One year's metrics as the index sees them: subject, grams, bucket, and repeats folded.

    A figure stated twice with the same label and value is one fact: its later mentions point
    to the first (``rep``) and never compete with it.
    """

    def __init__(self, metrics: Sequence[Metric], tables: Sequence[str]) -> None:
        self.metrics = metrics
        # What a figure is named by within its table: its row and column (the table's name is
        # part of its identity, and would make every two rows of a long-named table look alike).
        self.rows = [_row_label(m.label) for m in metrics]
        # A label that names nothing (a bare unit, one character) is matched only through its
        # whole quote: the same clause, word for word, in both years.
        self.named = [len(subject_key(row)) >= 2 and m.label != m.quantity.unit
                      for m, row in zip(metrics, self.rows, strict=True)]
        self.subject = [subject_key(row) if named else "\x00" + m.quantity.quote
                        for m, row, named in zip(metrics, self.rows, self.named, strict=True)]
        # A table's figure pairs only with the same table's (its name as the other year writes
        # it), prose with prose: the same row in two tables is two figures.
        self.bucket = [(*identity_key(m), table) for m, table in zip(metrics, tables, strict=True)]
        first: dict[tuple[object, ...], int] = {}
        self.rep = []
        for k, m in enumerate(metrics):
            key = (self.bucket[k], self.subject[k], m.quantity.value)
            self.rep.append(first.setdefault(key, k))

    def usable(self, k: int) -> bool:
        """Whether the metric can be matched: a named label, or a quote long enough to say what
        an unnamed figure is (identity unclear otherwise)."""
        return self.named[k] or len(self.metrics[k].quantity.quote) >= 4


class _Index:
    """Metrics of one year by identity bucket: exact subject, and character pairs with their
    postings (a pair shared by more than ``cap`` metrics says nothing and is not followed)."""

    def __init__(self, side: _Side, keys: Sequence[object], members: Sequence[int], cap: int):
        self.side = side
        self.cap = cap
        self.exact: dict[tuple[object, str], list[int]] = defaultdict(list)
        self.grams: dict[tuple[object, str], list[int]] = defaultdict(list)
        for k in members:
            self.exact[(keys[k], side.subject[k])].append(k)
            if side.named[k]:
                for g in _grams(side.subject[k]):
                    self.grams[(keys[k], g)].append(k)
        self.capped = 0

    def candidates(self, key: object, subject: str, limit: int) -> list[int]:
        exact = self.exact.get((key, subject))
        if exact or subject.startswith("\x00"):
            return (exact or [])[:limit]
        counts: Counter[int] = Counter()
        skipped = False
        for g in _grams(subject):
            posting = self.grams.get((key, g), ())
            if len(posting) > self.cap:
                skipped = True
                continue
            counts.update(posting)
        if skipped and not counts:
            self.capped += 1
        # Ties broken by position, not by the order the (hashed) character pairs were met: the
        # same reports pair the same way in every run.
        return [k for k, _ in heapq.nsmallest(limit, counts.items(), key=lambda e: (-e[1], e[0]))]


def _tables(
    old: Sequence[Metric], new: Sequence[Metric], t: MetricTuning
) -> tuple[list[str], list[str]]:
    """Each metric's table as both years know it: a new table is the old table of the same name;
    a table whose name has no namesake is the spare old table with an alike name (at least
    ``t.table_name_min``) that shares the most of its rows and columns (at least
    ``t.table_rows_min`` of them, Jaccard): jiangsu 2022's 省级政府性预算本级支出预算表 (a
    misprint) is 2023's 省级政府性基金预算本级支出预算表 by its rows, not 2023's alike-named
    省级政府性基金支出预算表. Else a table is itself. Tables are few (a budget has a hundred),
    so comparing every spare pair is cheap."""
    old_names = [table_of(m.label) for m in old]
    new_names = [table_of(m.label) for m in new]
    olds, news = set(old_names) - {""}, set(new_names) - {""}
    same = olds & news
    if not (olds - same and news - same):
        return old_names, new_names
    from rapidfuzz import fuzz  # heavy: only when a table changed its name

    def cells(metrics: Sequence[Metric], names: Sequence[str], spare: set[str]) -> dict[
            str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        for m, name in zip(metrics, names, strict=True):
            if name in spare:
                out[name].add(m.label[len(name) + 1 :])
        return out

    old_cells = cells(old, old_names, olds - same)
    new_cells = cells(new, new_names, news - same)
    scored = []
    for b, b_cells in sorted(new_cells.items()):
        for a, a_cells in sorted(old_cells.items()):
            if fuzz.ratio(a, b) < t.table_name_min:
                continue
            shared = len(a_cells & b_cells) / len(a_cells | b_cells)
            if shared >= t.table_rows_min:
                scored.append((-shared, -fuzz.ratio(a, b), a, b))
    renamed: dict[str, str] = {}
    taken: set[str] = set()
    for _shared, _name, a, b in sorted(scored):
        if a not in taken and b not in renamed:
            renamed[b] = a
            taken.add(a)
    return old_names, [renamed.get(n, n) for n in new_names]


def _sides(old: Sequence[Metric], new: Sequence[Metric], t: MetricTuning) -> tuple[_Side, _Side]:
    old_tables, new_tables = _tables(old, new, t)
    return _Side(old, old_tables), _Side(new, new_tables)


def _pairs(
    old: _Side, new: _Side, t: MetricTuning
) -> tuple[dict[int, int], dict[int, tuple[int, float]], int]:
    """Pairs (new index -> old index), ties left unpaired (new -> (old, rival score)), and how
    many labels found no candidate because every character pair was too common."""
    olds = [i for i in range(len(old.metrics)) if old.rep[i] == i and old.usable(i)]
    index = _Index(old, old.bucket, olds, t.gram_cap)
    edges: list[tuple[float, int, int]] = []
    by_new: dict[int, list[tuple[float, int]]] = defaultdict(list)
    by_old: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for j, n in enumerate(new.metrics):
        if new.rep[j] != j or not new.usable(j):
            continue
        for i in index.candidates(new.bucket[j], new.subject[j], t.pair_candidates):
            o = old.metrics[i]
            same = new.subject[j] if old.subject[i] == new.subject[j] else ""
            if not _plausible(o, n, t, same=same) or distinct_concepts(o.label, n.label):
                continue
            label = label_similarity(old.rows[i], new.rows[j])
            score = t.label_weight * label + t.value_weight * _closeness(o, n)
            if score < t.pair_min_score:
                continue
            edges.append((score, i, j))
            by_new[j].append((score, i))
            by_old[i].append((score, j))
    free_old, free_new = set(by_old), set(by_new)
    pairs: dict[int, int] = {}
    ties: dict[int, tuple[int, float]] = {}
    for score, i, j in sorted(edges, key=lambda e: (-e[0], e[1], e[2])):
        if i not in free_old or j not in free_new:
            continue
        rivals = [s for s, a in by_new[j] if a != i and a in free_old]
        rivals += [s for s, b in by_old[i] if b != j and b in free_new]
        if rivals and score - max(rivals) < t.pair_margin:
            ties.setdefault(j, (i, max(rivals)))
            continue
        pairs[j] = i
        free_old.discard(i)
        free_new.discard(j)
    return pairs, {j: v for j, v in ties.items() if j not in pairs}, index.capped


def _changes(
    old: Sequence[Metric], new: Sequence[Metric], pairs: dict[int, int]
) -> tuple[MetricChange, ...]:
    entries: list[tuple[tuple[int, int, int], MetricChange]] = []
    for j, n in enumerate(new):
        if j in pairs:
            o = old[pairs[j]]
            delta, percent = _delta(o, n)
            same = o.quantity.value == n.quantity.value and o.quantity.unit == n.quantity.unit
            change = MetricChange("unchanged" if same else "changed", n.label, o, n, delta,
                                  percent)
            check = stated_check(change, new, at=j)
            if check is not None:
                change = replace(change, check=check)
            entries.append(((j, 0, 0), change))
        else:
            entries.append(((j, 0, 0), MetricChange("added", n.label, None, n)))
    # Each removed metric stands after the latest new position among the pairs that precede it
    # in the old report: a running maximum over old positions, not a scan per removed metric.
    partner = {i: j for j, i in pairs.items()}
    anchor = -1
    for i, m in enumerate(old):
        if i in partner:
            anchor = max(anchor, partner[i])
            continue
        entries.append(((anchor, 1, i), MetricChange("removed", m.label, m, None)))
    entries.sort(key=lambda e: e[0])
    return tuple(change for _, change in entries)


def _outcomes(old: _Side, new: _Side, t: MetricTuning) -> tuple[MetricOutcome, ...]:
    """Old one-year targets beside the new report's one-year actuals of the same indicator."""

    def key(m: Metric) -> tuple[object, ...]:
        return (unit_class(m.quantity.unit), frozenset(m.qualifiers), m.measure or m.kind)

    targets = [i for i, m in enumerate(old.metrics)
               if m.kind == "target" and m.period == "year" and not m.start and old.usable(i)
               and old.rep[i] == i]
    actuals = [j for j, m in enumerate(new.metrics)
               if m.kind != "target" and m.period == "year" and not m.start and new.usable(j)
               and new.rep[j] == j]
    keys = [key(m) for m in new.metrics]
    index = _Index(new, keys, actuals, t.gram_cap)
    found: list[tuple[int, int]] = []
    used: set[int] = set()
    for i in targets:
        o = old.metrics[i]
        scored = []
        for j in index.candidates(key(o), old.subject[i], t.pair_candidates):
            label = label_similarity(o.label, new.metrics[j].label)
            if label >= t.outcome_min_label and _plausible(o, new.metrics[j], t):
                scored.append((label, j))
        scored.sort(key=lambda x: (-x[0], x[1]))
        if not scored or (len(scored) > 1 and scored[0][0] - scored[1][0] < t.pair_margin):
            continue
        j = scored[0][1]
        if j not in used:
            used.add(j)
            found.append((i, j))
    return tuple(MetricOutcome(old.metrics[i].label, old.metrics[i], new.metrics[j])
                 for i, j in sorted(found, key=lambda p: p[1]))


def _related(
    old: _Side, new: _Side, pairs: dict[int, int], ties: dict[int, tuple[int, float]],
    t: MetricTuning,
) -> tuple[RelatedMetrics, ...]:
    """Unpaired look-alikes: the same label with another identity, or a tie, with the reason."""
    taken = set(pairs.values())
    free_old = [i for i in range(len(old.metrics))
                if i not in taken and old.rep[i] == i and old.usable(i)]
    keys = ["" for _ in old.metrics]
    index = _Index(old, keys, free_old, t.gram_cap)
    shown_old: set[int] = set()
    out: list[tuple[int, RelatedMetrics]] = []
    for j, n in enumerate(new.metrics):
        if j in pairs or new.rep[j] != j or not new.usable(j):
            continue
        if j in ties and ties[j][0] not in taken and ties[j][0] not in shown_old:
            i = ties[j][0]
            shown_old.add(i)
            tie = Reason("two candidates alike: no pair is sure", "tie")
            out.append((j, RelatedMetrics(old.metrics[i], n, tie)))
            continue
        best: tuple[float, int] | None = None
        for i in index.candidates("", new.subject[j], t.pair_candidates):
            if i in shown_old:
                continue
            label = label_similarity(old.metrics[i].label, n.label)
            if label >= t.related_min_label and (best is None or label > best[0]):
                best = (label, i)
        if best is None:
            continue
        o = old.metrics[best[1]]
        reason = clash_reason(o, n) or Reason("values too far apart for one indicator", "far")
        shown_old.add(best[1])
        out.append((j, RelatedMetrics(o, n, reason)))
    return tuple(r for _, r in sorted(out, key=lambda x: x[0]))


def match_metrics(
    old: Sequence[Metric],
    new: Sequence[Metric],
    *,
    tuning: MetricTuning = DEFAULT.metrics,
) -> MetricMatch:
    """Pairs, outcomes and related look-alikes of two years' metrics (see the module docstring).

    Entries of ``changes`` follow the new report's reading order, each removed metric right
    after the pair that preceded it in the old.
    """
    a, b = _sides(old, new, tuning)
    pairs, ties, capped = _pairs(a, b, tuning)
    note = ""
    if capped:
        note = (f"Metric pairing: {capped} labels share only words common to more than "
                f"{tuning.gram_cap} others and were paired by exact label only.")
    return MetricMatch(
        changes=_changes(old, new, pairs),
        outcomes=_outcomes(a, b, tuning),
        related=_related(a, b, pairs, ties, tuning),
        note=note,
    )


def pair_metrics(
    old: Sequence[Metric],
    new: Sequence[Metric],
    *,
    tuning: MetricTuning = DEFAULT.metrics,
) -> tuple[MetricChange, ...]:
    """Pair the metrics of two years one to one; the rest come out as added or removed."""
    pairs, _ties, _capped = _pairs(*_sides(old, new, tuning), tuning)
    return _changes(old, new, pairs)


def metric_delta(old: Metric, new: Metric) -> tuple[str | None, str | None]:
    """``(delta, delta_percent)`` from ``old`` to ``new`` as a MetricChange carries them (for a
    pair made outside ``match_metrics``: a user's correction)."""
    return _delta(old, new)
