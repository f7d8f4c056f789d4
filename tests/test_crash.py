"""Crash safety: ``compare ingest`` killed by SIGKILL at random points leaves no partial report.

Two ways of killing: a forked child running the CLI's ``main(["ingest", ...])`` kills itself with
SIGKILL from inside SQLite's progress handler after a random number of VM steps (so kill points
fall inside schema creation and inside each report's transaction, reproducibly per seed), and a
real ``python -m compare.cli`` process is killed by the parent at a random time. After each kill
the store is checked as it was left (the 30 reports of one ingest all present or all absent,
integrity ok), then the same ingest runs again and must give exactly the reference store.

In the forked children, and in the re-runs after their kills, ``prepare_reports`` (the first half
of an ingest: reading and parsing the 30 files, which touches no store and gives the same reports
every time) is not run again: its reports, made once by the setup, go to the real second half,
so each kill costs the SQLite work it interrupts rather than 0.4 s of parsing.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import cli_env
from test_cli import REPORTS

from compare import pipeline
from compare.models import Report
from compare.pipeline import ingest, prepare_reports, store_reports
from compare.store.db import Store

SEEDS = (11, 23, 37)
KILLS_PER_SEED = 6
STEP = 50  # SQLite VM instructions between progress-handler calls
Snapshot = dict[tuple[str, int], tuple[str, int, int, int]]
Prepared = list[tuple[Report, str]]
Setup = tuple[Path, Snapshot, int, int, Prepared]
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")


def _corpus(folder: Path) -> None:
    """30 small reports of one series, 1990-2019, built from the sample's paragraphs."""
    lines = [ln.strip() for ln in (REPORTS / "2019.txt").read_text("utf-8").splitlines()]
    paras = [ln for ln in lines[3:] if len(ln) > 40]
    rng = random.Random(5)
    folder.mkdir()
    for year in range(1990, 2020):
        parts = [f"某市{year}年工作报告", ""]
        for n, head in enumerate(("一、总体情况", "二、主要措施", "三、下一步打算")):
            parts += [head, *rng.sample(paras, 2), ""]
            if n == 1:
                parts += ["（一）加强领导", rng.choice(paras),
                          "（二）完善制度", rng.choice(paras), ""]
        (folder / f"{year}.txt").write_text("\n".join(parts), encoding="utf-8")


def snapshot(db: Path) -> Snapshot:
    """Per stored report: sha256 and its rows in sections, matter and metrics."""
    if not db.exists():
        return {}
    conn = sqlite3.connect(db)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "reports" not in tables:
            return {}
        out: Snapshot = {}
        for rid, series, year, sha, n_sec, n_met in conn.execute(
            "SELECT id, series, year, sha256, sections, metrics FROM reports"
        ):
            assert (series, year) not in out, "a report stored twice"
            counts = [
                conn.execute(f"SELECT COUNT(*) FROM {t} WHERE report_id = ?", (rid,)).fetchone()[0]
                if t in tables else 0
                for t in ("sections", "matter", "metrics")
            ]
            assert (counts[0], counts[2]) == (n_sec, n_met), f"partial report {series} {year}"
            out[(series, year)] = (sha, *counts)
        orphans = sum(
            conn.execute(
                f"SELECT COUNT(*) FROM {t} WHERE report_id NOT IN (SELECT id FROM reports)"
            ).fetchone()[0]
            for t in ("sections", "matter", "metrics") if t in tables
        )
        assert orphans == 0, "rows of a report that is not stored"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return out
    finally:
        conn.close()


@contextlib.contextmanager
def progress_counter(kill_at: int | None) -> Iterator[list[int]]:
    """Count progress-handler calls on every store connection; SIGKILL self at ``kill_at``."""
    calls = [0]

    def handler() -> int:
        calls[0] += 1
        if calls[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return 0

    original = Store._connect

    def connect(self: Store) -> sqlite3.Connection:
        conn = original(self)
        conn.set_progress_handler(handler, STEP)
        return conn

    Store._connect = connect  # type: ignore[method-assign]
    try:
        yield calls
    finally:
        Store._connect = original  # type: ignore[method-assign]


def killed_child(folder: Path, db: Path, kill_at: int, prepared: Prepared) -> int:
    """Fork a child running ``compare ingest folder --db db`` that dies at ``kill_at``; its
    ``prepare_reports`` answers ``prepared``, what it made of ``folder`` in the parent."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.dup2(null, 2)
            from compare.cli import main

            pipeline.prepare_reports = lambda paths, **_: prepared  # type: ignore[assignment]

            with progress_counter(kill_at):
                try:
                    main(["ingest", str(folder), "--db", str(db)])
                except SystemExit as exc:
                    code = int(exc.code or 0)
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    """The 30 files, the reference store's snapshot, and the handler calls of a full ingest."""
    base = tmp_path_factory.mktemp("crash")
    _corpus(base / "in")
    prepared = prepare_reports([base / "in"])
    with progress_counter(None) as calls, Store(base / "ref.db") as store:
        store._ensure_schema()
        schema_calls = calls[0]
        store_reports(store, prepared)
        total = calls[0]
    reference = snapshot(base / "ref.db")
    assert len(reference) == 30
    with Store(base / "check.db") as store:  # a whole ingest stores the same
        ingest(store, [base / "in"])
    assert snapshot(base / "check.db") == reference
    return base, reference, schema_calls, total, prepared


class TestKill:
    def test_random_kill_points(self, setup: Setup, tmp_path: Path) -> None:
        """≥ 20 SIGKILLs in SQLite work: all of a multi-file ingest or none of it; the next ingest
        completes it (checked after every other kill)."""
        base, reference, schema_calls, total, prepared = setup
        points = [1, max(1, schema_calls // 2), schema_calls]  # inside schema creation
        for seed in SEEDS:
            points += random.Random(seed).sample(range(schema_calls + 1, total + 1),
                                                 KILLS_PER_SEED)
        partial_seen = []
        for n, kill_at in enumerate(points):
            db = tmp_path / f"k{n}.db"
            status = killed_child(base / "in", db, kill_at, prepared)
            assert status == -signal.SIGKILL, f"kill point {kill_at} of {total}: exit {status}"
            left = snapshot(db)
            for key, row in left.items():
                assert reference[key][0] == row[0] and reference[key] == row, key
            partial_seen.append(len(left))
            if n % 2 == 0:  # completing after every other kill is enough to show it completes
                with Store(db) as store:
                    store_reports(store, prepared)
                assert snapshot(db) == reference
        assert len(points) >= 20
        # The kill points spread over the run (schema, then the one transaction of all 30
        # reports), and a kill leaves all of a multi-file ingest or none of it, never a part.
        assert min(points) <= schema_calls < max(points)
        assert set(partial_seen) <= {0, 30}
        print(f"{len(points)} kill points of {total} handler calls; reports present after the "
              f"kill: {sorted(partial_seen)}")

    def test_kill_a_real_process(self, setup: Setup, tmp_path: Path) -> None:
        """``python -m compare.cli ingest`` killed by the parent at random times: same promise."""
        base, reference, *_ = setup
        env = cli_env()
        cmd = [sys.executable, "-m", "compare.cli", "ingest", str(base / "in")]
        started = time.perf_counter()
        subprocess.run([*cmd, "--db", str(tmp_path / "full.db")], env=env, check=True,
                       capture_output=True, timeout=120)
        duration = time.perf_counter() - started
        rng = random.Random(3)
        for n in range(3):
            db = tmp_path / f"t{n}.db"
            child = subprocess.Popen([*cmd, "--db", str(db)], env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.5, 1.0) * duration)
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
            left = snapshot(db)
            assert left in ({}, reference), f"{len(left)} of 30 reports after the kill"
            done = subprocess.run([*cmd, "--db", str(db)], env=env, capture_output=True,
                                  text=True, timeout=120)
            assert done.returncode == 0, done.stderr
            assert snapshot(db) == reference
