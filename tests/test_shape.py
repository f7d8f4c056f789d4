"""The algorithmic shape of align + diff, guarded by counting work rather than timing it (issue 7).

Inputs ×1, ×2 and ×4 are synthetic reports of 12, 24 and 48 distinct sections (each section its
own vocabulary, reworded a little in the new year), run through ``pipeline.compare_reports``.
Counters wrap the work units: ``SequenceMatcher.get_opcodes`` (one per aligned sentence pair) and
the tokens it compares, ``rapidfuzz.process.extract`` (one per sentence, scoring it against the
sentences of its section pair), and ``align._cosine`` (one per old/new section pair scored).

The diff inside aligned pairs is linear in the number of sections and is asserted so (≤ 2.5 per
doubling). The alignment scores every old section against every new sibling, so it is quadratic
for a flat outline; that is measured and guarded only against getting worse than quadratic.
"""

from __future__ import annotations

import difflib
import random
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import rapidfuzz.process

from compare.align import matching as align_mod
from compare.models import Report, Section
from compare.pipeline import compare_reports

_CN = "一二三四五六七八九"
_CHARS = (
    "国家经济发展改革创新社会建设民生就业教育医疗"
    + "环境生态能源交通科技文化农业工业市场企业金融财政税收"
)


def _cn(n: int) -> str:
    tens, ones = divmod(n, 10)
    head = ("" if tens == 1 else _CN[tens - 1]) + "十" if tens else ""
    return head + (_CN[ones - 1] if ones else "")


def _report(year: int, n_sections: int, *, reworded: bool) -> Report:
    """A flat report of ``n_sections`` distinct sections; the new year rewords one word in six."""
    sections = []
    for k in range(1, n_sections + 1):
        rng = random.Random(k)  # the same section content for both years
        words = ["".join(rng.sample(_CHARS, 2)) + f"项{k}" for _ in range(12)]
        sentences = []
        for s in range(6):
            picked = [words[(s * 5 + w) % len(words)] for w in range(8)]
            if reworded and (s + k) % 6 == 0:
                picked[3] = "调整"
            sentences.append("，".join(picked) + f"，完成{s + k}件。")
        title = f"{_cn(k)}、第{k}项工作"
        sections.append(
            Section(
                path=str(k),
                level=1,
                title=title,
                text=title + "\n" + "".join(sentences),
                line=k * 3,
            )
        )
    return Report(
        series="shape",
        year=year,
        title=f"{year}",
        sha256=f"{year}-{n_sections}",
        path=f"{year}.txt",
        sections=tuple(sections),
        metrics=(),
    )


@pytest.fixture(scope="module")
def counters() -> Iterator[Counter[str]]:
    """Counts of the work units of align and diff while compare_reports runs."""
    counts: Counter[str] = Counter()
    opcodes = difflib.SequenceMatcher.get_opcodes
    extract = rapidfuzz.process.extract
    cosine = align_mod.cosine

    def counted_opcodes(self: Any) -> Any:
        counts["opcodes"] += 1
        counts["tokens"] += len(self.a) + len(self.b)
        return opcodes(self)

    def counted_extract(query: Any, choices: Any, **kwargs: Any) -> Any:
        counts["extract"] += 1
        counts["sentence_pairs"] += len(choices)
        return extract(query, choices, **kwargs)

    def counted_cosine(a: Any, b: Any) -> Any:
        counts["cosine"] += 1
        return cosine(a, b)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(difflib.SequenceMatcher, "get_opcodes", counted_opcodes)
        mp.setattr(rapidfuzz.process, "extract", counted_extract)
        mp.setattr(align_mod, "cosine", counted_cosine)
        yield counts


def _work(counters: Counter[str], scale: int) -> Counter[str]:
    counters.clear()
    comp = compare_reports(
        _report(2018, 12 * scale, reworded=False), _report(2019, 12 * scale, reworded=True)
    )
    assert sum(p.old is not None and p.new is not None for p in comp.sections) == 12 * scale
    return Counter(counters)


def _ratios(runs: list[Counter[str]], key: str) -> list[float]:
    return [b[key] / a[key] for a, b in zip(runs, runs[1:], strict=False)]


@pytest.fixture(scope="module")
def runs(counters: Counter[str]) -> list[Counter[str]]:
    """Work counts at ×1, ×2 and ×4."""
    return [_work(counters, scale) for scale in (1, 2, 4)]


@pytest.mark.slow
class TestShape:
    """Work of align + diff as the input doubles."""

    def test_diff_opcodes_linear(self, runs: list[Counter[str]]) -> None:
        """SequenceMatcher runs (one per aligned sentence pair) grow at most linearly."""
        assert runs[0]["opcodes"] > 0
        assert all(r <= 2.5 for r in _ratios(runs, "opcodes")), _ratios(runs, "opcodes")

    def test_diff_tokens_linear(self, runs: list[Counter[str]]) -> None:
        """Tokens handed to SequenceMatcher grow at most linearly: it never sees whole documents."""
        assert runs[0]["tokens"] > 0
        assert all(r <= 2.5 for r in _ratios(runs, "tokens")), _ratios(runs, "tokens")

    def test_sentence_scoring_linear(self, runs: list[Counter[str]]) -> None:
        """Sentence pairs scored by rapidfuzz stay inside section pairs, so grow linearly."""
        assert runs[0]["sentence_pairs"] > 0
        ratios = _ratios(runs, "sentence_pairs")
        assert all(r <= 2.5 for r in ratios), ratios

    def test_align_scoring_at_most_quadratic(self, runs: list[Counter[str]]) -> None:
        """Section pairs scored by align grow at most quadratically (known: n×m over siblings)."""
        assert runs[0]["cosine"] > 0
        ratios = _ratios(runs, "cosine")
        assert all(r <= 4.5 for r in ratios), ratios
