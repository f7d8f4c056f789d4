"""The algorithmic shape of metric pairing (issues 14 and 18), guarded by counting work rather than
timing it: label comparisons and index postings visited as the number of metrics doubles.

Pairing finds candidates through an index on identity and label, so the work per metric is
bounded (``MetricTuning.pair_candidates`` comparisons, ``gram_cap`` postings per character pair)
and doubling the metrics at most about doubles the work (≤ 2.3×, the bound of issue 18).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from compare.metrics import extract_metrics, match_metrics, pairing
from compare.models import Metric, Quantity, Section

_WORDS = ("财政", "收入", "支出", "预算", "教育", "医疗", "农业", "交通", "住房", "就业", "社保",
          "科技", "环保", "文化", "体育", "水利", "林业", "公安", "司法", "民政", "卫生", "城乡")
_SYLLABLES = "安宁平和东西南北江山河湖阳阴城林石泉丰华兴隆昌盛广德福寿康永新清远长"


def synthetic(n: int, year: int) -> list[Metric]:
    """``n`` metrics whose labels share many character pairs (a small vocabulary)."""
    out = []
    for k in range(n):
        rng = random.Random(k)
        label = "".join(rng.sample(_WORDS, 3))
        if year % 2 and k % 10 == 0:
            label = label[2:] + "总额"
        value = str(rng.randint(10, 10**6) + year - 2018)
        out.append(Metric(label, "level", False, "1",
                          Quantity(value, "元", value + "元", k + 1, label + value)))
    return out


def county_sections(year: int, rows: int) -> tuple[Section, ...]:
    """A budget-style table: one paragraph of four figures per county."""
    rng = random.Random(year)
    lines = []
    n = len(_SYLLABLES)
    for i in range(rows):
        name = _SYLLABLES[i // n % n] + _SYLLABLES[i % n] + "县"
        base = random.Random(i).randint(2000, 90000)
        lines.append(f"{name}：一般公共预算收入{int(base * rng.uniform(0.9, 1.1))}万元，增长"
                     f"{rng.randint(1, 99) / 10}%；一般公共预算支出{base * 2}万元，增长5%。")
    text = "一、各县区收支情况\n" + "\n".join(lines)
    return (Section("1", 1, "一、各县区收支情况", text, 1, tuple(range(1, rows + 2))),)


@pytest.fixture
def work() -> Iterator[Counter[str]]:
    """Counts of label comparisons and of index postings visited while pairing runs."""
    counts: Counter[str] = Counter()
    similarity = pairing.label_similarity
    candidates = pairing._Index.candidates

    def counted_similarity(a: str, b: str) -> float:
        counts["compared"] += 1
        return similarity(a, b)

    def counted_candidates(self: Any, key: object, subject: str, limit: int) -> list[int]:
        found = candidates(self, key, subject, limit)
        counts["lookups"] += 1
        counts["postings"] += sum(
            min(len(self.grams.get((key, g), ())), self.cap + 1) for g in pairing._grams(subject))
        return found

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pairing, "label_similarity", counted_similarity)
        mp.setattr(pairing._Index, "candidates", counted_candidates)
        yield counts


def _ratios(work: Counter[str], runs: list[tuple[list[Metric], list[Metric]]]) -> dict[str, float]:
    seen = []
    for old, new in runs:
        work.clear()
        match_metrics(old, new)
        seen.append(Counter(work))
    return {k: seen[1][k] / seen[0][k] for k in ("compared", "lookups", "postings")}


@pytest.mark.slow
class TestPairingShape:
    """Work of metric pairing as the metrics double."""

    def test_synthetic_doubling(self, work: Counter[str]) -> None:
        """2,000 → 4,000 metrics with look-alike labels: comparisons and postings ≤ 2.3×."""
        ratios = _ratios(work, [(synthetic(n, 2018), synthetic(n, 2019)) for n in (2000, 4000)])
        assert all(r <= 2.3 for r in ratios.values()), ratios

    def test_county_table_doubling(self, work: Counter[str]) -> None:
        """A county table of 150 → 300 rows (600 → 1,200 metrics a year): work ≤ 2.3×, and
        every row pairs with the same county's row of the other year."""
        runs = [
            (extract_metrics(county_sections(2018, n)), extract_metrics(county_sections(2019, n)))
            for n in (150, 300)
        ]
        ratios = _ratios(work, runs)
        assert all(r <= 2.3 for r in ratios.values()), ratios
        changes = match_metrics(*runs[1]).changes
        paired = [c for c in changes if c.old is not None and c.new is not None]
        assert len(paired) == len(runs[1][1]) == 1200
        assert all(c.old.qualifiers == c.new.qualifiers for c in paired)  # type: ignore[union-attr]
