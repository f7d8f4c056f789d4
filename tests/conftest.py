"""Shared pytest configuration: markers, a fresh store per test, stores built once per run (the
sample reports, the cn-gwr corpus), and the browser fixtures.

Paths to ``../shared`` and the repository live in ``tests/support.py``, imported by the modules.

The ``browser`` (session) and ``page`` fixtures of tests/browser_support.py are registered here,
once: two browser test modules importing them each would start two Playwright drivers in one
process, which the sync API refuses.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import browser_fixture, page_fixture
from support import CORPUS, REPORTS, need, once_per_run

from compare.pipeline import ingest
from compare.series.site import build_site
from compare.store import Store

__all__ = ["browser_fixture", "cn_gwr_db", "cn_gwr_site", "page_fixture", "sample_db", "store",
           "store_path"]


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """Where a test's own store lives (nothing there yet: opening never creates it)."""
    return tmp_path / "s.db"


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    """A fresh, empty store of the test's own, closed afterwards."""
    with Store(store_path) as opened:
        yield opened


@pytest.fixture(scope="session")
def cn_gwr_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding ../shared/corpus/cn-gwr as series cn-gwr, built once per test run (by
    the first xdist worker that asks). Read it only (``Store(path, readonly=True)``); copy the
    file to write."""
    folder = need(CORPUS / "cn-gwr")

    def build(path: Path) -> None:
        with Store(path) as opened:
            ingest(opened, [folder], series="cn-gwr")

    return once_per_run(tmp_path_factory, "cn-gwr.db", build)


@pytest.fixture(scope="session")
def cn_gwr_site(tmp_path_factory: pytest.TempPathFactory, cn_gwr_db: Path) -> Path:
    """The folder of cn-gwr's site (``build_site`` from ``cn_gwr_db``: 11 pages), built once per
    test run. Read it only; copy the folder to build on it."""

    def build(path: Path) -> None:
        with Store(cn_gwr_db, readonly=True) as opened:
            build_site(opened, "cn-gwr", path)

    return once_per_run(tmp_path_factory, "cn-gwr-site", build)


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the sample reports/ (2018, 2019) as `compare ingest reports` run beside
    them stores it (paths relative: reports/2019.txt), built once per test run. Copy the file
    to use it."""

    def build(path: Path) -> None:
        folder = path.parent / "sample"
        shutil.copytree(REPORTS, folder / "reports", dirs_exist_ok=True)
        cwd = Path.cwd()
        os.chdir(folder)
        try:
            with Store(path) as opened:
                ingest(opened, [Path("reports")])
        finally:
            os.chdir(cwd)

    return once_per_run(tmp_path_factory, "sample.db", build)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: builds a wheel or reads a whole corpus")
    _temp_in_memory(config)


SHM = Path("/dev/shm")


def _temp_in_memory(config: pytest.Config) -> None:
    """Put the tests' temporary folders in memory (tmpfs) where the machine has one.

    The tests write hundreds of small SQLite stores, and each commit waits for the disk
    (fsync): on a busy shared disk that doubled the wall time of the crash tests (63 s -> 29 s
    in memory, the same CPU). Durability against a killed process, which the tests check, does
    not depend on it. A --basetemp given on the command line wins; xdist workers inherit the
    folder from the controller; the folder is removed when the run ends.
    """
    if config.option.basetemp or hasattr(config, "workerinput"):
        return
    if not (SHM.is_dir() and os.access(SHM, os.W_OK)):
        return
    config.option.basetemp = tempfile.mkdtemp(prefix="compare-tests-", dir=SHM)
    config.stash[_MADE] = config.option.basetemp


_MADE = pytest.StashKey[str]()


def pytest_unconfigure(config: pytest.Config) -> None:
    made = config.stash.get(_MADE, None)
    if made:
        shutil.rmtree(made, ignore_errors=True)
