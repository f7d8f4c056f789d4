"""Paths and helpers shared by the test modules (imported by them; fixtures are in conftest).

``SHARED`` is the read-only ``../shared`` folder beside the checkout: the corpus and the gold
labels. It is absent on a user's fresh clone, so every test that reads it asks ``need`` first,
which skips with the reason instead of failing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

__all__ = ["CASES", "CORPUS", "GOLD", "REPO", "REPORTS", "SHARED", "need"]

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"
REPORTS = REPO / "reports"
CASES = REPO / "tests" / "cases"


def need(path: Path) -> Path:
    """``path`` if it exists, else skip the test: ../shared is absent on a fresh clone."""
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is not beside this checkout)")
    return path
