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

from compare.store import Store

__all__ = ["browser_fixture", "page_fixture", "store", "store_path"]


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """Where a test's own store lives (nothing there yet: opening never creates it)."""
    return tmp_path / "s.db"


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    """A fresh, empty store of the test's own, closed afterwards."""
    with Store(store_path) as opened:
        yield opened


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: builds a wheel or reads a whole corpus")
