"""Speed-ups that must not change a result (issue 17): each new code path against the old one.

The references below are the implementations the faster code replaced, kept verbatim: a
comparison made with them and one made with the current code must be equal, pairs and scores.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Mapping

import pytest
from rapidfuzz import fuzz
from support import CORPUS, REPORTS

from compare.align import matching, provenance
from compare.diff import moves
from compare.models import Report
from compare.pipeline import compare_reports, ingest, load_report
from compare.store.db import Store
from compare.textkit import numbers, vectors
from compare.textkit.chars import ascii_digits, fold_char, fold_line, fold_map
from compare.textkit.vectors import cosine, text_similarity, weigh


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


def _consecutive(store: Store, series: str, years: list[int]) -> list[tuple[Report, Report]]:
    loaded = [load_report(store, series, y) for y in years]
    return list(zip(loaded, loaded[1:], strict=False))


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory,
            request: pytest.FixtureRequest) -> list[tuple[Report, Report]]:
    """cn-gwr 2016-2019 and sg-budget 1987-2008, consecutive (the sample pair without
    ../shared). cn-gwr's are read from the run's cn-gwr store rather than ingested again."""
    pairs = []
    if (CORPUS / "cn-gwr").is_dir():
        cn_gwr_db = request.getfixturevalue("cn_gwr_db")
        with Store(cn_gwr_db, readonly=True) as store:
            pairs += _consecutive(store, "cn-gwr", store.years("cn-gwr")[-4:])
    folders = [(f, k) for f, k in [(CORPUS / "sg-budget", 2)] if f.is_dir()] or [(REPORTS, 2)]
    with Store(tmp_path_factory.mktemp("equiv") / "s.db") as store:
        for folder, last in folders:
            series = folder.name
            ingest(store, sorted(folder.glob("*.txt"))[-last - 1 :], series=series)
            pairs += _consecutive(store, series, store.years(series))
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


class TestTextSimilarity:
    def test_same_ratio_as_on_the_texts_themselves(self) -> None:
        """The Indel similarity of renamed texts is the one of the texts (CJK, mixed, ASCII)."""
        rng = random.Random(3)
        alphabet = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于" + "abc12"
        for _ in range(300):
            a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
            b = "".join(rng.choice(alphabet[: rng.randint(1, len(alphabet))])
                        for _ in range(rng.randint(0, 400)))
            want = 1.0 if not a and not b else fuzz.ratio(a, b, processor=None) / 100.0
            assert text_similarity(a, b, exact_max_chars=10**6) == want


class TestAlignmentUnchanged:
    def test_scorer_matrix_within_1e9(self, reports: list[tuple[Report, Report]]) -> None:
        """Every section pair's body score (the cosine in C loops) equals the old Python loop's
        to 1e-9."""
        for old, new in reports:
            scorer = matching.Scorer(old.sections, new.sections)
            for i in range(len(old.sections)):
                for j in range(len(new.sections)):
                    body = old_cosine(scorer._vec[0][i], scorer._vec[1][j])
                    assert abs(scorer.body(i, j) - body) <= 1e-9

    def test_same_comparison_as_the_old_vectors(
        self, reports: list[tuple[Report, Report]], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Whole comparisons (pairs, statuses, scores, diffs, moves, metrics) equal the old
        code's: Python-loop vectors, no renaming of characters before fuzzy matching."""
        now = [compare_reports(a, b) for a, b in reports]
        for module in (matching, provenance):
            monkeypatch.setattr(module, "cosine", old_cosine)
            monkeypatch.setattr(module, "weigh", old_weigh)
        monkeypatch.setattr(moves, "by_frequency", lambda texts: {})
        monkeypatch.setattr(vectors, "_by_frequency", lambda a, b: (a, b))
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


class TestScanNumbers:
    def test_same_numbers_as_the_character_loop(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """scan_numbers, which jumps to where a number may start, finds what it finds stepping
        through every character: corpus lines and odd digits."""
        files = sorted(CORPUS.glob("*/*.txt"))[:40] or sorted(REPORTS.glob("*.txt"))
        lines = [
            fold_map(line)[0]
            for path in files
            for line in path.read_text(encoding="utf-8-sig").splitlines()
        ]
        rng = random.Random(5)
        odd = "0123456789.,%²³¹①②٣४๕〇一二两十百千万亿多余分之年月元亿吨个百分点 ，。（）－-~～至"
        lines += ["".join(rng.choice(odd) for _ in range(rng.randint(1, 60))) for _ in range(3000)]
        jumping = [numbers.scan_numbers(line) for line in lines]
        # Every position a candidate: the scan then steps one character at a time.
        monkeypatch.setattr(numbers, "_CANDIDATE", re.compile(".", re.S))
        stepping = [numbers.scan_numbers(line) for line in lines]
        for line, fast, slow in zip(lines, jumping, stepping, strict=True):
            assert fast == slow, line
