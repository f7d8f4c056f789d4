"""The synthetic-series generator of bench/synth.py (used by benchmarks and tests)."""

from __future__ import annotations

from pathlib import Path

import pytest
import synth
from support import REPORTS

from compare.pipeline import ingest
from compare.store.db import Store


class TestSynthSeries:
    def test_same_seed_same_texts(self) -> None:
        """Two runs with one seed give the same editions byte for byte; another seed differs."""
        a = synth.synth_series(6, seed=3, base=REPORTS / "2019.txt")
        b = synth.synth_series(6, seed=3, base=REPORTS / "2019.txt")
        c = synth.synth_series(6, seed=4, base=REPORTS / "2019.txt")
        assert [y.text for y in a.years] == [y.text for y in b.years]
        assert a.manifest() == b.manifest()
        assert [y.text for y in a.years][1:] != [y.text for y in c.years][1:]

    def test_any_length_and_years(self) -> None:
        """n editions, consecutive years from first_year, the years in the text moved along."""
        series = synth.synth_series(12, seed=1, first_year=2001, base=REPORTS / "2019.txt")
        assert [y.year for y in series.years] == list(range(2001, 2013))
        assert "恩平市2001年法治政府建设情况报告" in series.years[0].text
        assert "恩平市2012年法治政府建设情况报告" in series.years[-1].text

    def test_manifest_phrases_match_the_texts(self) -> None:
        """A phrase listed as introduced appears that year and not before; dropped, the reverse."""
        series = synth.synth_series(15, seed=7, base=REPORTS / "2019.txt")
        introduced = dropped = 0
        for before, now in zip(series.years, series.years[1:], strict=False):
            for phrase in now.introduced:
                assert phrase in now.text and phrase not in before.text
                introduced += 1
            for phrase in now.dropped:
                assert phrase in before.text and phrase not in now.text
                dropped += 1
        assert introduced >= 14 and dropped >= 1

    def test_structure_and_numbers_change(self) -> None:
        """Over a series parts are reordered, split and merged, and numbers and wording change."""
        series = synth.synth_series(30, seed=0, base=REPORTS / "2019.txt")
        ops = [op for y in series.years for op in y.ops]
        kinds = {op["op"] for op in ops}
        assert {"reorder", "split", "merge", "sentences"} <= kinds
        assert sum(op.get("numbers_changed", 0) for op in ops) > 0
        assert sum(op.get("edited", 0) for op in ops) > 0

    def test_written_series_ingests(self, tmp_path: Path) -> None:
        """The written files ingest as one report per year, each split into sections."""
        series = synth.synth_series(4, seed=2, first_year=2016)
        paths = synth.write_series(series, tmp_path / "syn")
        assert (tmp_path / "syn" / "manifest.json").is_file()
        with Store(tmp_path / "s.db") as store:
            results = ingest(store, paths, series="syn")
            assert [r.year for r in results] == [2016, 2017, 2018, 2019]
            assert all(r.sections >= 3 for r in results)

    def test_base_falls_back_to_the_sample(self) -> None:
        """Without ../shared the base is the repository's sample report."""
        assert synth.BASES[-1] == REPORTS / "2019.txt"
        assert synth.base_report() in synth.BASES

    def test_small_base_same_edits(self) -> None:
        """small=True: SMALL_BASE as the first year, then every kind of edit, the same by seed."""
        series = synth.synth_series(52, seed=0, first_year=1970, small=True)
        again = synth.synth_series(52, seed=0, first_year=1970, small=True)
        assert [y.text for y in series.years] == [y.text for y in again.years]
        first = series.years[0].text
        assert first.startswith("某市1970年政府工作报告\n\n一、1969年工作回顾\n\n")
        assert first.replace("1970年", "2019年").replace("1969年", "2018年").split() == (
            synth.SMALL_BASE.split())
        ops = {op["op"] for y in series.years for op in y.ops}
        assert {"reorder", "split", "merge", "sentences"} <= ops
        assert series.manifest()["base"] == "SMALL_BASE"
        assert max(len(y.text) for y in series.years) < 3 * len(synth.SMALL_BASE)

    def test_small_series_ingests_with_figures(self, tmp_path: Path) -> None:
        """Every year of a small series ingests into sections with metrics, at its own year."""
        series = synth.synth_series(12, seed=5, first_year=2001, small=True)
        with Store(tmp_path / "s.db") as store:
            results = ingest(store, synth.write_series(series, tmp_path / "syn"), series="syn")
        assert [r.year for r in results] == list(range(2001, 2013))
        assert all(r.sections >= 4 and r.metrics >= 10 for r in results)

    def test_small_or_base_not_both(self) -> None:
        """A base file and small=True contradict each other: refused."""
        with pytest.raises(ValueError, match="either base or small=True"):
            synth.synth_series(3, base=REPORTS / "2019.txt", small=True)
