"""Shared pytest configuration: markers, and the browser fixtures.

The ``browser`` (session) and ``page`` fixtures of tests/browser_support.py are registered here,
once: two browser test modules importing them each would start two Playwright drivers in one
process, which the sync API refuses.
"""

from __future__ import annotations

import pytest
from browser_support import browser_fixture, page_fixture

__all__ = ["browser_fixture", "page_fixture"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: builds a wheel or reads a whole corpus")
