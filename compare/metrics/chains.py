"""Metric chains: one indicator followed across the reports of a series.

Public API: MetricChain, chain_metrics, movers_first, mid_value.

``chain_metrics`` pairs each consecutive pair of reports with
``compare.metrics.pairing.pair_metrics`` and follows the pairs into chains, bridging a year that
words an indicator differently; pairing joins only metrics of one identity, so a chain never mixes
a year-end figure with an average or an annual figure with a five-year one; ``movers_first``
orders chains by how far the indicator moved, as the trends pages show them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from compare.metrics.extract import strip_qualifier
from compare.metrics.pairing import pair_metrics
from compare.models import Metric, MetricChange, Report
from compare.tuning import DEFAULT, MetricTuning

# A step applied to each consecutive pair's metric changes before they are chained (a user's
# corrections, by the pipeline): (old report, new report, changes) -> changes.
Adjust = Callable[[Report, Report, tuple[MetricChange, ...]], tuple[MetricChange, ...]]

__all__ = ["MetricChain", "chain_metrics", "mid_value", "movers_first"]


@dataclass(frozen=True)
class MetricChain:
    """One indicator followed across consecutive reports: its value in each year, or None."""

    label: str  # the latest year's label
    unit: str
    kind: str
    values: tuple[tuple[int, Metric | None], ...]  # one entry per report, in year order
    period: str = "year"  # every member's period: pairing never joins two periods
    qualifiers: tuple[str, ...] = ()  # every member's qualifiers, likewise

    @property
    def years(self) -> tuple[int, ...]:
        """The years in which the indicator is stated."""
        return tuple(year for year, m in self.values if m is not None)


def chain_metrics(
    reports: Sequence[Report],
    *,
    tuning: MetricTuning = DEFAULT.metrics,
    adjust: Adjust | None = None,
) -> tuple[MetricChain, ...]:
    """Chains of metrics paired year to year with ``pair_metrics`` across ``reports``.

    Reports are taken in year order. Each consecutive pair of reports is paired; a chain follows its
    pairs. A chain that stops may be picked up again up to ``tuning.chain_bridge_years`` reports
    later by a metric that starts a chain there (pairing only those loose ends), so a year that
    words an indicator differently leaves a gap instead of cutting the chain in two. Chains come in
    the order of their first metric (year, then reading order). ``adjust`` rewrites each
    consecutive pair's changes first (the user's corrections).
    """
    ordered = sorted(reports, key=lambda r: r.year)
    # chain id per (report index, metric index); chains as lists of (report index, metric index)
    chains: list[dict[int, int]] = []
    owner: list[dict[int, int]] = [{} for _ in ordered]
    for k, report in enumerate(ordered):
        index = {id(m): j for j, m in enumerate(report.metrics)}
        if k > 0:
            prev = ordered[k - 1]
            prev_index = {id(m): j for j, m in enumerate(prev.metrics)}
            changes = pair_metrics(prev.metrics, report.metrics, tuning=tuning)
            if adjust is not None:
                changes = adjust(prev, report, changes)
            for change in changes:
                if change.old is not None and change.new is not None:
                    c = owner[k - 1][prev_index[id(change.old)]]
                    owner[k][index[id(change.new)]] = c
                    chains[c][k] = index[id(change.new)]
            for back in range(2, tuning.chain_bridge_years + 2):
                if k - back < 0:
                    break
                _bridge(ordered, chains, owner, k - back, k, tuning)
        for j in range(len(report.metrics)):
            if j not in owner[k]:
                owner[k][j] = len(chains)
                chains.append({k: j})
    out = []
    for chain in chains:
        last = max(chain)
        metric = ordered[last].metrics[chain[last]]
        values = tuple(
            (r.year, r.metrics[chain[k]] if k in chain else None) for k, r in enumerate(ordered)
        )
        out.append(MetricChain(strip_qualifier(metric.label), metric.quantity.unit, metric.kind,
                               values, metric.period, metric.qualifiers))
    return tuple(out)


def _bridge(
    ordered: Sequence[Report], chains: list[dict[int, int]], owner: list[dict[int, int]],
    k_from: int, k_to: int, tuning: MetricTuning,
) -> None:
    """Join chains that end at report ``k_from`` to metrics of ``k_to`` that no chain holds yet."""
    ends = [(j, owner[k_from][j]) for j in range(len(ordered[k_from].metrics))
            if max(chains[owner[k_from][j]]) == k_from]
    starts = [j for j in range(len(ordered[k_to].metrics)) if j not in owner[k_to]]
    if not ends or not starts:
        return
    old = [ordered[k_from].metrics[j] for j, _ in ends]
    new = [ordered[k_to].metrics[j] for j in starts]
    old_chain = {id(m): c for m, (_, c) in zip(old, ends, strict=True)}
    new_index = {id(m): j for m, j in zip(new, starts, strict=True)}
    for change in pair_metrics(old, new, tuning=tuning):
        if change.old is not None and change.new is not None:
            c = old_chain[id(change.old)]
            owner[k_to][new_index[id(change.new)]] = c
            chains[c][k_to] = new_index[id(change.new)]


# --- order ---------------------------------------------------------------------------------------


def mid_value(value: str) -> Decimal | None:
    """A quantity's value as one number: a range ("6-6.5") by its midpoint; None if not a number."""
    low, sep, high = value[1:].partition("-")
    try:
        if sep:
            return (Decimal(value[0] + low) + Decimal(high)) / 2
        return Decimal(value)
    except InvalidOperation:
        return None


def _movement(chain: MetricChain) -> Decimal | None:
    """Relative change from the first stated value to the last, as a magnitude."""
    stated = [m for _, m in chain.values if m is not None]
    if len(stated) < 2:
        return None
    first, last = mid_value(stated[0].quantity.value), mid_value(stated[-1].quantity.value)
    if first is None or last is None:
        return None
    if first == 0:
        return None if last == 0 else Decimal("Infinity")
    return abs((last - first) / first)


def movers_first(chains: Sequence[MetricChain]) -> tuple[MetricChain, ...]:
    """Chains by relative change first→last stated value, largest first.

    Chains whose change cannot be measured (one value, a non-number) come last; ties keep the
    order ``chain_metrics`` gave (first appearance), so the order is deterministic.
    """
    scored = [(_movement(c), k, c) for k, c in enumerate(chains)]
    return tuple(
        c for _, _, c in sorted(scored, key=lambda x: (x[0] is None, -(x[0] or Decimal(0)), x[1]))
    )
