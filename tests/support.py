"""Paths and helpers shared by the test modules (imported by them; fixtures are in conftest).

``SHARED`` is the read-only ``../shared`` folder beside the checkout: the corpus and the gold
labels. It is absent on a user's fresh clone, so every test that reads it asks ``need`` first,
which skips with the reason instead of failing.

``ratio`` measures the shape of a cost, never a clock: CPU time of the work at size 2n over its
time at size n (best of five runs each), to be kept under ``MAX_RATIO`` (linear, with room for
noise; the quadratic code such tests guard against gave 4 and more).

``once_per_run`` makes a file (a prebuilt store) once for the whole run, shared by the xdist
workers, where a session fixture alone would build it once per worker.
"""

from __future__ import annotations

import gc
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

try:
    import fcntl
except ImportError:  # not on Windows: there each xdist worker builds its own copy
    fcntl = None  # type: ignore[assignment]

__all__ = ["CASES", "CORPUS", "GOLD", "MAX_RATIO", "REPO", "REPORTS", "SHARED", "cli_env",
           "cpu_time", "need", "once_per_run", "ratio"]

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"
REPORTS = REPO / "reports"
CASES = REPO / "tests" / "cases"


def cli_env(**extra: str) -> dict[str, str]:
    """The environment of ``python -m compare.cli`` run as a real process by a test: this
    checkout first on PYTHONPATH, no COMPARE_DB of the developer's own, then ``extra``."""
    env = {k: v for k, v in os.environ.items() if k != "COMPARE_DB"}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def need(path: Path) -> Path:
    """``path`` if it exists, else skip the test: ../shared is absent on a fresh clone."""
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is not beside this checkout)")
    return path


MAX_RATIO = 2.3


def cpu_time(work: Callable[[], object]) -> float:
    """Best of five CPU times of ``work`` (CPU time, so other processes' load counts less; the
    garbage collector paused, so its passes over the test process's own objects do not)."""
    best = float("inf")
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        for _ in range(5):
            started = time.process_time()
            work()
            best = min(best, time.process_time() - started)
    finally:
        if enabled:
            gc.enable()
    return best


def ratio(make: Callable[[int], Callable[[], object]], n: int) -> float:
    """CPU time of the work at size 2n over the time at size n."""
    return cpu_time(make(2 * n)) / max(cpu_time(make(n)), 1e-6)


def once_per_run(factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]
                 ) -> Path:
    """The file (or folder) ``name`` in the temporary folder of the whole run, made by
    ``build(path)`` in the first xdist worker that asks for it; the others wait for it and share
    the same file."""
    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER") and fcntl is not None:
        root = root.parent  # a worker's folder is popen-gwN inside the controller's
    path = root / name
    with open(root / f"{name}.lock", "w") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not path.exists():
            part = root / f"{name}.part"
            if part.is_dir():  # left by a worker whose build failed
                shutil.rmtree(part)
            part.unlink(missing_ok=True)
            build(part)
            part.replace(path)
    return path
