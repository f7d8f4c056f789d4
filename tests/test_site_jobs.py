"""`compare site --jobs N` and `--all`: pairs in worker processes, pages as a serial build."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
import synth
from support import REPORTS
from typer.testing import CliRunner

from compare.cli import app
from compare.errors import InputError
from compare.models import Report
from compare.pipeline import ingest, load_phrases, load_report
from compare.series import site, sitework
from compare.series.expressions import YearPhrases, vocabulary, year_phrases
from compare.series.site import SiteResult, build_site
from compare.series.sitework import ForkedPage, PairJob, hand_over, pair_page, worker_pool
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


class TestWorkSplit:
    def test_forked_workers_make_panels_from_the_vocabulary_they_inherit(
        self, synth_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Forked workers make the panels this process did not, without reading the series'
        statistics again: the pages are the serial build's."""
        with Store(synth_db, readonly=True) as store:
            build_site(store, "syn1", tmp_path / "one", jobs=1)
            made_here: list[int] = []
            here = site.year_phrases

            def counted(*args: Any, **kwargs: Any) -> YearPhrases:
                made_here.append(args[1])
                return here(*args, **kwargs)

            def refused(*args: Any, **kwargs: Any) -> Any:
                raise AssertionError("a worker read the expression statistics again")

            monkeypatch.setattr(site, "year_phrases", counted)
            monkeypatch.setattr(sitework, "load_phrases", refused)  # what workers would call
            build_site(store, "syn1", tmp_path / "two", jobs=2)
        assert files(tmp_path / "two") == files(tmp_path / "one")
        assert len(made_here) < 5  # the workers made the other panels of the 5 pairs

    def test_hand_over_yields_the_serial_pages_in_order_and_makes_each_panel_once(
        self, synth_db: Path
    ) -> None:
        """hand_over gives the pages of its jobs in their order, as a serial build makes them,
        whichever process made their panels."""
        with Store(synth_db, readonly=True) as store:
            reports: dict[int, Report] = {}

            def report(year: int) -> Report:
                if year not in reports:
                    reports[year] = load_report(store, "syn2", year)
                return reports[year]

            vocab = vocabulary("syn2", load_phrases(store, "syn2"), report)
            panels: dict[int, YearPhrases] = {}
            made: list[int] = []

            def panel(year: int) -> YearPhrases:
                if year not in panels:
                    made.append(year)
                    panels[year] = year_phrases(vocab, year, own=False)
                return panels[year]

            years = vocab.years
            todo: list[PairJob] = [(old, new, f"{old}-{new}.html", (), None)
                                   for old, new in zip(years, years[1:], strict=False)]
            pool = worker_pool(2, str(synth_db), "syn2", vocab)
            try:
                pages = list(hand_over(pool, 2, str(synth_db), "syn2", todo, panel,
                                       panels.__contains__))
            finally:
                pool.shutdown()
            serial = [pair_page(report, job, year_phrases(vocab, job[1], own=False))
                      for job in todo]
        assert [p[0] for p in pages] == [p[0] for p in serial]
        assert pages == serial
        assert len(made) < len(todo)  # the workers made the others, from their vocabulary

    def test_a_parallel_build_leaves_no_object_frozen(
        self, synth_db: Path, tmp_path: Path
    ) -> None:
        """The objects a build keeps out of the collector while its workers run are handed
        back to it afterwards."""
        with Store(synth_db, readonly=True) as store:
            build_site(store, "syn1", tmp_path / "s", jobs=2)
        assert gc.get_freeze_count() == 0


class TestForkedPage:
    def test_the_page_is_made_in_another_process(self) -> None:
        """ForkedPage runs its maker in a forked process and gives back what it made."""
        aside = ForkedPage.start(lambda: f"made by {os.getpid()}")
        assert aside is not None
        assert aside.result() not in (None, f"made by {os.getpid()}")

    def test_a_failed_page_is_none(self) -> None:
        """A maker that raises gives None: the build makes the page itself and reports why."""
        def broken() -> str:
            raise ValueError("no page")

        aside = ForkedPage.start(broken)
        assert aside is not None
        assert aside.result() is None

    def test_an_unread_page_does_not_hold_its_process(self) -> None:
        """Closing a page that was never read stops its process, even one blocked sending a
        page larger than the pipe holds."""
        aside = ForkedPage.start(lambda: "x" * 1_000_000)
        assert aside is not None
        closing = threading.Thread(target=aside.close)
        closing.start()
        closing.join(timeout=60)
        assert not closing.is_alive()

    def test_no_fork_with_another_thread_running(self) -> None:
        """With another thread running, no process is forked (it may inherit a held lock)."""
        stop = threading.Event()
        waiter = threading.Thread(target=stop.wait)
        waiter.start()
        try:
            assert ForkedPage.start(lambda: "page") is None
        finally:
            stop.set()
            waiter.join()


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
