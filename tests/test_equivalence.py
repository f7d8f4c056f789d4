"""Speed-ups that must not change a result (issue 17): each new code path against the old one.

The references below are the implementations the faster code replaced, kept verbatim: a
comparison made with them and one made with the current code must be equal, pairs and scores.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping

import pytest
from support import CORPUS, REPORTS

from compare.align import matching, provenance
from compare.models import Report
from compare.pipeline import compare_reports, ingest, load_report
from compare.store.db import Store
from compare.textkit.chars import ascii_digits, fold_char, fold_line
from compare.textkit.vectors import cosine, weigh


def old_weigh(counts: Mapping[str, int], idf: Mapping[str, float]) -> dict[str, float]:
    """The Python-loop ``weigh`` before issue 17."""
    vec = {t: (1.0 + math.log(c)) * idf[t] for t, c in counts.items()}
    norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
    return {t: w / norm for t, w in vec.items()}


def old_cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """The Python-loop ``cosine`` before issue 17."""
    if len(a) > len(b):
        a, b = b, a
    return min(1.0, sum(w * b.get(t, 0.0) for t, w in a.items()))


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Report, Report]]:
    """Consecutive pairs of cn-gwr and sg-budget (the sample pair without ../shared)."""
    folders = [CORPUS / "cn-gwr", CORPUS / "sg-budget"]
    folders = [f for f in folders if f.is_dir()] or [REPORTS]
    pairs = []
    with Store(tmp_path_factory.mktemp("equiv") / "s.db") as store:
        for folder in folders:
            series = folder.name
            ingest(store, [folder], series=series)
            years = store.years(series)
            loaded = [load_report(store, series, y) for y in years]
            pairs.extend(zip(loaded, loaded[1:], strict=False))
    return pairs


class TestVectors:
    def test_same_floats_as_the_python_loops(self) -> None:
        """weigh and cosine give the very floats of the loops they replaced (random vectors)."""
        rng = random.Random(17)
        words = [f"w{k}" for k in range(300)]
        for _ in range(300):
            a = {w: rng.randint(1, 9) for w in rng.sample(words, rng.randint(0, 120))}
            b = {w: rng.randint(1, 9) for w in rng.sample(words, rng.randint(0, 120))}
            idf = {w: rng.uniform(1.0, 4.0) for w in words}
            va, vb = weigh(a, idf), weigh(b, idf)
            assert va == old_weigh(a, idf) and vb == old_weigh(b, idf)
            assert cosine(va, vb) == old_cosine(va, vb)
            assert cosine(vb, va) == old_cosine(vb, va)


class TestAlignmentUnchanged:
    def test_scorer_matrix_within_1e9(self, reports: list[tuple[Report, Report]]) -> None:
        """Every section pair's Scorer score equals the old cosine's to 1e-9."""
        for old, new in reports:
            scorer = matching.Scorer(old.sections, new.sections)
            w = scorer.tuning.title_weight
            for i, a in enumerate(old.sections):
                for j, b in enumerate(new.sections):
                    body = old_cosine(scorer._vec[0][i], scorer._vec[1][j])
                    want = body if not a.title and not b.title else (
                        w * scorer.title(i, j) + (1 - w) * body
                    )
                    assert abs(scorer.score(i, j) - want) <= 1e-9

    def test_same_comparison_as_the_old_vectors(
        self, reports: list[tuple[Report, Report]], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Whole comparisons (pairs, statuses, scores, diffs, metrics) equal the old code's."""
        now = [compare_reports(a, b) for a, b in reports]
        for module in (matching, provenance):
            monkeypatch.setattr(module, "cosine", old_cosine)
            monkeypatch.setattr(module, "weigh", old_weigh)
        before = [compare_reports(a, b) for a, b in reports]
        assert len(now) >= 1
        for a, b in zip(now, before, strict=True):
            assert a.sections == b.sections
            assert a == b


class TestCharTables:
    def test_fold_line_and_ascii_digits_as_per_character(self) -> None:
        """The translate tables give what the per-character definitions give, on every BMP char."""
        text = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF)
        text += "\r\n\r\U00020000\u200b"
        assert fold_line(text) == "".join(
            f if len(f := fold_char(ch)) == 1 else ch for ch in text
        )
        assert ascii_digits(text) == "".join(
            chr(ord(c) - 0xFEE0) if "０" <= c <= "９" else c for c in text
        )
        assert len(fold_line(text)) == len(text)
