"""Shared pytest configuration: markers, a fresh store per test, and the browser fixtures.

Paths to ``../shared`` and the repository live in ``tests/support.py``, imported by the modules.

The ``browser`` (session) and ``page`` fixtures of tests/browser_support.py are registered here,
once: two browser test modules importing them each would start two Playwright drivers in one
process, which the sync API refuses.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import browser_fixture, page_fixture
from support import CORPUS, need

from compare.pipeline import ingest
from compare.store import Store

__all__ = ["browser_fixture", "cn_gwr_db", "page_fixture", "store", "store_path"]


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
    """A store holding ../shared/corpus/cn-gwr as series cn-gwr, built once per test session
    (per xdist worker). Read it only (``Store(path, readonly=True)``); copy the file to write."""
    folder = need(CORPUS / "cn-gwr")
    path = tmp_path_factory.mktemp("cn-gwr") / "cn-gwr.db"
    with Store(path) as opened:
        ingest(opened, [folder], series="cn-gwr")
    return path


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: builds a wheel or reads a whole corpus")
