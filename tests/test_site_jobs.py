"""`compare site --jobs N` and `--all`: pairs in worker processes, pages as a serial build."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
import synth
from support import REPORTS
from typer.testing import CliRunner

from compare.cli import app
from compare.errors import InputError
from compare.pipeline import ingest
from compare.series.site import SiteResult, build_site
from compare.store.db import Store


def files(folder: Path) -> dict[str, bytes]:
    """Every file of a built site, by name, as bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def synth_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two synthetic series of six years each (from the repository's sample report)."""
    root = tmp_path_factory.mktemp("synth")
    with Store(root / "s.db") as store:
        for seed in (1, 2):
            series = synth.synth_series(6, seed=seed, first_year=2010, base=REPORTS / "2019.txt")
            ingest(store, synth.write_series(series, root / f"syn{seed}"), series=f"syn{seed}")
    return root / "s.db"


@pytest.fixture(scope="module")
def serial(synth_db: Path, tmp_path_factory: pytest.TempPathFactory
           ) -> dict[str, tuple[SiteResult, dict[str, bytes]]]:
    """Each series' serial build (--jobs 1) and its files, built once for the module: what
    every parallel build here is held to."""
    root = tmp_path_factory.mktemp("serial")
    built = {}
    with Store(synth_db, readonly=True) as store:
        for series in ("syn1", "syn2"):
            result = build_site(store, series, root / series, jobs=1)
            built[series] = (result, files(root / series))
    return built


class TestParallelSite:
    def test_two_workers_write_the_serial_pages(
        self, synth_db: Path, serial: dict[str, tuple[SiteResult, dict[str, bytes]]],
        tmp_path: Path,
    ) -> None:
        """--jobs 2 writes every page and the manifest byte for byte as --jobs 1 does."""
        one, one_files = serial["syn1"]
        with Store(synth_db, readonly=True) as store:
            parallel = build_site(store, "syn1", tmp_path / "two", jobs=2)
        # Five pair pages and the four series pages (timeline, phrases, trends, index).
        assert parallel.written == one.written and len(one.written) == 5 + 4
        assert parallel.pairs == one.pairs
        assert files(tmp_path / "two") == one_files

    def test_both_ways_of_starting_workers_write_the_same_pages(
        self, synth_db: Path, serial: dict[str, tuple[SiteResult, dict[str, bytes]]],
        tmp_path: Path,
    ) -> None:
        """Workers forked from a single-threaded `compare site` process, and from the
        forkserver (a thread running here), write what a serial build writes."""
        with Store(synth_db, readonly=True) as store:
            stop = threading.Event()
            waiter = threading.Thread(target=stop.wait)
            waiter.start()
            try:
                build_site(store, "syn2", tmp_path / "server", jobs=2)
            finally:
                stop.set()
                waiter.join()
        done = subprocess.run(
            [sys.executable, "-m", "compare.cli", "site", "--series", "syn2", "--db",
             str(synth_db), "-o", str(tmp_path / "forked"), "--jobs", "2"],
            capture_output=True, text=True, timeout=300,
        )
        assert done.returncode == 0, done.stderr
        assert files(tmp_path / "server") == serial["syn2"][1]
        assert files(tmp_path / "forked") == serial["syn2"][1]

    def test_parallel_rebuild_skips_and_redoes_only_stale_pages(
        self, synth_db: Path, tmp_path: Path
    ) -> None:
        """A parallel rebuild after one page was deleted writes that page again, identical."""
        with Store(synth_db, readonly=True) as store:
            build_site(store, "syn1", tmp_path / "s", jobs=2)
            before = files(tmp_path / "s")
            (tmp_path / "s" / "2012-2013.html").unlink()
            again = build_site(store, "syn1", tmp_path / "s", jobs=2)
        assert again.written == ("2012-2013.html",)
        assert files(tmp_path / "s") == before

    def test_parallel_rebuild_after_a_new_year_matches_a_serial_build(
        self, tmp_path: Path
    ) -> None:
        """A year added to the store changes what every panel may show: a parallel rebuild
        (panels checked in the workers first) ends byte for byte where a serial build does."""
        series = synth.synth_series(6, seed=3, first_year=2010, base=REPORTS / "2019.txt")
        paths = synth.write_series(series, tmp_path / "in")
        with Store(tmp_path / "s.db") as store:
            ingest(store, [p for p in paths if p.stem != "2015"], series="syn3")
            build_site(store, "syn3", tmp_path / "par", jobs=2)
            ingest(store, [p for p in paths if p.stem == "2015"], series="syn3")
            again = build_site(store, "syn3", tmp_path / "par", jobs=2)
            build_site(store, "syn3", tmp_path / "ser", jobs=1)
        assert "2014-2015.html" in again.written
        assert files(tmp_path / "par") == files(tmp_path / "ser")

    def test_bad_jobs_is_an_input_error(self, synth_db: Path, tmp_path: Path) -> None:
        """--jobs 0 is refused with a message, before anything is written."""
        with Store(synth_db, readonly=True) as store, pytest.raises(InputError) as err:
            build_site(store, "syn1", tmp_path / "s", jobs=0)
        assert str(err.value).startswith("--jobs 0 is not a number of processes.")
        assert not (tmp_path / "s").exists()


class TestSiteAll:
    def test_all_builds_every_series(
        self, synth_db: Path, serial: dict[str, tuple[SiteResult, dict[str, bytes]]],
        tmp_path: Path,
    ) -> None:
        """`compare site --all -o DIR` writes DIR/SERIES/ for each series, as one series would."""
        runner = CliRunner()
        done = runner.invoke(
            app, ["site", "--all", "--db", str(synth_db), "-o", str(tmp_path / "all"), "-j", "2"]
        )
        assert done.exit_code == 0, done.output
        assert "syn1: 6 years, 5 pair pages" in done.output
        assert "syn2: 6 years, 5 pair pages" in done.output
        # One series built alone: the module's serial build (`compare site --series syn2`
        # writes the same, test_both_ways_of_starting_workers_write_the_same_pages).
        for series in ("syn1", "syn2"):
            assert files(tmp_path / "all" / series) == serial[series][1], series

    def test_all_with_series_is_refused(self, synth_db: Path, tmp_path: Path) -> None:
        """--all together with --series exits 2 with a message."""
        done = CliRunner().invoke(
            app, ["site", "--all", "--series", "syn1", "--db", str(synth_db)]
        )
        assert done.exit_code == 2
        assert "--all builds every series; it takes no --series or --pair." in done.output
