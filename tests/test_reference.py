"""The fast paths against naive references, on random inputs (as RapidFuzz tests its own): the
diff's heaviest chain of sentence pairs (a weighted longest increasing subsequence with a Fenwick
tree) and alignment's order-preserving programme (Needleman-Wunsch without gap costs)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from compare.align.matching import _dp
from compare.diff.worddiff import _chain
from compare.tuning import AlignTuning, DiffTuning


def _best_noncrossing(weights: dict[tuple[int, int], float]) -> float:
    """The largest total weight of pairs strictly increasing on both sides, by plain recursion
    over every choice (exponential, no table: fine for the handful of pairs generated here)."""
    pairs = sorted(weights)

    def best(after: tuple[int, int]) -> float:
        return max(
            (weights[p] + best(p) for p in pairs if p[0] > after[0] and p[1] > after[1]),
            default=0.0,
        )

    return best((-1, -1))


def _increasing(pairs: list[tuple[int, int]]) -> bool:
    return all(a[0] < b[0] and a[1] < b[1] for a, b in zip(pairs, pairs[1:], strict=False))


SENTENCES = st.lists(
    st.text(alphabet=st.sampled_from("改革创新发展就业增长。"), min_size=0, max_size=8),
    max_size=5,
)


class TestHeaviestChain:
    @settings(max_examples=300, deadline=None)
    @given(SENTENCES, SENTENCES, st.sampled_from([0.0, 30.0, 50.0, 80.0]))
    def test_chain_is_the_heaviest(self, ka: list[str], kb: list[str], floor: float) -> None:
        """The chain's total score equals the best over every non-crossing set of pairs that
        clear the floor (every pair is a candidate: fewer sentences than the candidate limit)."""
        tuning = DiffTuning(sentence_floor=floor, sentence_candidates=len(kb) + 1)
        chain = _chain(ka, kb, tuning)
        weights = {
            (i, j): float(fuzz.ratio(a, b))
            for i, a in enumerate(ka)
            for j, b in enumerate(kb)
            if a and fuzz.ratio(a, b) >= floor
        }
        assert _increasing(chain)
        assert all(p in weights for p in chain)
        assert sum(weights[p] for p in chain) == pytest.approx(_best_noncrossing(weights))


class _MatrixScorer:
    """A scorer of fixed scores, as ``Scorer`` offers them to the programme."""

    def __init__(self, scores: list[list[float]], tuning: AlignTuning) -> None:
        self.scores = scores
        self.tuning = tuning

    def score(self, i: int, j: int) -> float:
        return self.scores[i][j]

    def kind_ok(self, i: int, j: int) -> bool:
        return True  # all of one kind (units), as siblings are when the programme pairs them

    def bodied(self, i: int, j: int) -> bool:
        return False  # bare headings: no body to agree (pair_body_floor does not apply)

    def body(self, i: int, j: int) -> float:
        return self.scores[i][j]


MATRICES = st.integers(0, 5).flatmap(
    lambda n: st.integers(0, 5).flatmap(
        lambda m: st.lists(
            st.lists(st.sampled_from([0.0, 0.1, 0.2, 0.35, 0.5, 0.9]), min_size=m, max_size=m),
            min_size=n,
            max_size=n,
        )
    )
)


class TestOrderPreservingProgramme:
    @settings(max_examples=300, deadline=None)
    @given(MATRICES, st.sampled_from([(0.0, 0.0), (0.15, 0.0), (0.15, 0.8)]))
    def test_programme_is_the_best_noncrossing_matching(
        self, scores: list[list[float]], gate: tuple[float, float]
    ) -> None:
        """The programme's pairs are non-crossing, each allowed by the gate, and their total is
        the best over every non-crossing set of allowed pairs."""
        floor, relative = gate
        scorer: Any = _MatrixScorer(scores, AlignTuning(pair_floor=floor, pair_relative=relative))
        n, m = len(scores), len(scores[0]) if scores else 0
        rows = [max(r, default=0.0) for r in scores]
        cols = [max((scores[i][j] for i in range(n)), default=0.0) for j in range(m)]
        allowed = {
            (i, j): scores[i][j]
            for i in range(n)
            for j in range(m)
            if scores[i][j] >= floor and scores[i][j] >= relative * max(rows[i], cols[j])
        }
        got = _dp(list(range(n)), list(range(m)), scorer)
        assert _increasing(got)
        assert all(p in allowed for p in got)
        assert sum(allowed[p] for p in got) == pytest.approx(_best_noncrossing(allowed))
