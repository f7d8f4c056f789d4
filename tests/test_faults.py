"""Faults a user meets, through real processes: a full disk during ingest, schema creation,
compare and site; a store left with a hot journal by a crashed writer, which every command
recovers; compare and site killed by SIGKILL; a sound SQLite file holding a value that does not
decode; a folder given as the store.

A full disk is made two ways. ``RLIMIT_FSIZE`` in the child process (with SIGXFSZ ignored, so a
write past the limit fails with EFBIG, which SQLite reports as "disk I/O error") works anywhere;
the limit is never below the store's current size, since a real full disk still lets SQLite
overwrite the pages it has (the limit would not). Where the tests may mount a file system (root
in a container, as in CI), a 1 MB tmpfs filled up gives the real ENOSPC, "database or disk is
full".

Every case checks the exit code, the exact message, no traceback, no hot journal left and the
store's bytes unchanged.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browser_support import free_port, start_serve, stop, wait_until_up
from cli_process import run_cli
from support import REPORTS, cli_env

from compare.store import Store
from compare.web.app import create_app

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx`")
    from starlette.testclient import TestClient

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork") or not hasattr(resource, "RLIMIT_FSIZE"),
    reason="needs fork, SIGKILL and RLIMIT_FSIZE (POSIX)",
)

SERIES = "恩平市法治政府建设情况报告"
DISK = (
    "The store s.db could not be written ({why}); what this command was writing was rolled "
    "back. Free space on its disk (or check the disk), then run the command again."
)
PAGE = f"out/{SERIES}-2018-2019.html"


def env() -> dict[str, str]:
    return cli_env(COLUMNS="200")


def limited(max_bytes: int) -> Callable[[], None]:
    """A preexec_fn: no file of the child may grow past ``max_bytes``; writes fail, no signal."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return apply


def run(*args: str, cwd: Path, max_bytes: int | None = None,
        patch: str = "") -> subprocess.CompletedProcess[str]:
    """``compare ARGS`` as a real process, optionally with a file-size limit or a patch."""
    return run_cli(*args, cwd=cwd, env=env(), patch=patch, max_bytes=max_bytes, timeout=180)


def check_error(done: subprocess.CompletedProcess[str], code: int, message: str) -> None:
    """Exit code, the exact one-line message, no traceback."""
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    assert done.returncode == code, done.stderr
    assert done.stderr.strip().splitlines()[-1] == f"Error: {message}"


def corpus(folder: Path, years: range) -> None:
    """One small report per year, from the sample's paragraphs."""
    lines = [ln.strip() for ln in (REPORTS / "2019.txt").read_text("utf-8").splitlines()]
    paras = [ln for ln in lines[3:] if len(ln) > 40]
    rng = random.Random(7)
    folder.mkdir(parents=True)
    for year in years:
        parts = [f"某市{year}年工作报告", ""]
        for head in ("一、总体情况", "二、主要措施", "三、下一步打算"):
            parts += [head, *rng.sample(paras, 3), ""]
        (folder / f"{year}.txt").write_text("\n".join(parts), encoding="utf-8")


def rows(db: Path) -> list[tuple[object, ...]]:
    """Every report with its section texts and metric values, and the integrity check."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute(
            "SELECT r.series, r.year, r.sha256, group_concat(s.text, '|')"
            " FROM reports r JOIN sections s ON s.report_id = r.id GROUP BY r.id"
            " ORDER BY r.series, r.year"
        ).fetchall()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, sample_db: Path) -> Path:
    """A folder with reports/ (the samples), in/ (20 more years) and s.db holding the samples."""
    folder = tmp_path_factory.mktemp("faults")
    shutil.copytree(REPORTS, folder / "reports")
    corpus(folder / "in", range(1990, 2010))
    shutil.copy(sample_db, folder / "s.db")
    return folder


@pytest.fixture
def work(base: Path, tmp_path: Path) -> Path:
    """A fresh copy of ``base`` for one test."""
    target = tmp_path / "w"
    shutil.copytree(base, target)
    return target


class TestDiskFullIngest:
    @pytest.mark.parametrize("extra", [0, 8192, 65536, 200_000, 400_000])
    def test_multi_file_ingest_all_or_nothing(self, work: Path, extra: int) -> None:
        """20 files into a store on a disk that fills up: exit 3, store byte for byte as before."""
        before = (work / "s.db").read_bytes()
        limit = len(before) + extra
        done = run("ingest", "in", "--db", "s.db", cwd=work, max_bytes=limit)
        check_error(done, 3, DISK.format(why="disk I/O error"))
        assert "cannot rollback" not in done.stderr
        assert (work / "s.db").read_bytes() == before
        assert not (work / "s.db-journal").exists()

    def test_ingest_after_space_is_freed(self, work: Path) -> None:
        """Once the disk has room, the same ingest stores all 20 years."""
        size = (work / "s.db").stat().st_size
        run("ingest", "in", "--db", "s.db", cwd=work, max_bytes=size + 65536)
        done = run("ingest", "in", "--db", "s.db", cwd=work)
        assert done.returncode == 0, done.stderr
        assert len(rows(work / "s.db")) == 22

    @pytest.mark.parametrize("limit", [0, 4096, 16384, 65536])
    def test_schema_creation(self, work: Path, limit: int) -> None:
        """A new store on a full disk: exit 3, no report (the schema, its own transaction, is
        whole or absent), no journal; with room again, the same ingest succeeds."""
        done = run("ingest", "reports", "--db", "new.db", cwd=work, max_bytes=limit)
        check_error(done, 3, DISK.format(why="disk I/O error").replace("s.db", "new.db"))
        with Store(work / "new.db") as store:
            assert store.list_reports() == []
            assert store.integrity() == "ok"
        assert not (work / "new.db-journal").exists()
        assert run("ingest", "reports", "--db", "new.db", cwd=work).returncode == 0


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs mounted for the test (skipped where mounting is not allowed)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


class TestDiskFullTmpfs:
    @pytest.mark.parametrize("fill_kb", [0, 100, 250])
    def test_real_full_disk(self, base: Path, tmpfs: Path, fill_kb: int) -> None:
        """On a real full disk (ENOSPC): exit 3, 'database or disk is full', store unchanged."""
        shutil.copy(base / "s.db", tmpfs / "s.db")
        (tmpfs / "fill").write_bytes(b"\0" * fill_kb * 1024)
        before = (tmpfs / "s.db").read_bytes()
        done = run("ingest", str(base / "in"), "--db", "s.db", cwd=tmpfs)
        check_error(done, 3, DISK.format(why="database or disk is full"))
        assert (tmpfs / "s.db").read_bytes() == before
        assert not (tmpfs / "s.db-journal").exists()


class TestDiskFullOutputs:
    def test_compare_page(self, work: Path) -> None:
        """`compare 2018 2019` that cannot write its page: exit 2, the path named, no file left."""
        before = (work / "s.db").read_bytes()
        done = run("2018", "2019", "--no-ingest", "--db", "s.db", cwd=work, max_bytes=20_000)
        check_error(done, 2, f"Cannot write {PAGE}: File too large. Pass a writable path to "
                             "--output, or free space on its disk.")
        assert not (work / "out").exists() or list((work / "out").iterdir()) == []
        assert (work / "s.db").read_bytes() == before

    def test_site(self, work: Path) -> None:
        """`compare site` on a full disk: exit 2, the page named, no .tmp file, then rebuilt."""
        before = (work / "s.db").read_bytes()
        done = run("site", "--db", "s.db", cwd=work, max_bytes=20_000)
        folder = f"out/site/{SERIES}"
        check_error(
            done,
            2,
            f"Cannot write {folder}/2018-2019.html: File too large; the pages written before it "
            "are complete, and the next build redoes the rest. Free space on its disk (or pass "
            "another --output folder), then run compare site again.",
        )
        assert not [p for p in (work / folder).iterdir() if p.name.endswith(".tmp")]
        assert (work / "s.db").read_bytes() == before
        again = run("site", "--db", "s.db", cwd=work)
        assert again.returncode == 0, again.stderr
        assert (work / folder / "index.html").exists()


def make_hot_journal(db: Path) -> None:
    """Leave ``db`` as a writer killed mid-transaction leaves it: pages written, journal hot."""
    pid = os.fork()
    if pid == 0:  # the child never returns into pytest
        try:
            conn = sqlite3.connect(db, isolation_level=None)
            conn.execute("PRAGMA cache_size = 1")  # spill changed pages into the file at once
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("UPDATE sections SET text = 'crashed'")
            conn.execute("DELETE FROM metrics")
        finally:
            os.kill(os.getpid(), signal.SIGKILL)
    os.waitpid(pid, 0)


@pytest.fixture(scope="module")
def hot(tmp_path_factory: pytest.TempPathFactory, base: Path) -> Path:
    """A copy of the base folder whose store has a hot journal (checked to be one)."""
    folder = tmp_path_factory.mktemp("hot")
    shutil.copytree(base, folder / "h")
    make_hot_journal(folder / "h" / "s.db")
    assert (folder / "h" / "s.db-journal").stat().st_size > 0
    uri = (folder / "h" / "s.db").resolve().as_uri() + "?mode=ro"
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        sqlite3.connect(uri, uri=True).execute("SELECT count(*) FROM reports").fetchall()
    return folder / "h"


JSON_COMMANDS = {
    "list": ["list", "--format", "json"],
    "show": ["show", "2019", "--format", "json"],
    "search": ["search", "法治政府", "--format", "json"],
    "pair": ["2018", "2019", "--no-ingest", "--format", "json"],
    "metrics": ["metrics", "2019", "--format", "json"],
    "trace": ["trace", "1", "--format", "json"],
}


class TestHotJournal:
    @pytest.mark.parametrize("name", sorted(JSON_COMMANDS))
    def test_every_command_recovers(self, hot: Path, base: Path, tmp_path: Path,
                                    name: str) -> None:
        """`compare {name}` on a store with a hot journal answers as on the store before the
        crash; the journal is rolled back and the rows are those committed."""
        target = tmp_path / "c"
        shutil.copytree(hot, target)
        args = [*JSON_COMMANDS[name], "--db", "s.db"]
        done = run(*args, cwd=target)
        clean = run(*args, cwd=base)
        assert done.returncode == 0, done.stderr
        assert done.stdout == clean.stdout
        assert not (target / "s.db-journal").exists()
        assert rows(target / "s.db") == rows(base / "s.db")

    @pytest.mark.parametrize("args", [["ingest", "reports"], ["site"]], ids=["ingest", "site"])
    def test_writing_commands_recover(self, hot: Path, base: Path, tmp_path: Path,
                                      args: list[str]) -> None:
        """Ingest and site on a store with a hot journal succeed on the committed rows."""
        target = tmp_path / "c"
        shutil.copytree(hot, target)
        done = run(*args, "--db", "s.db", cwd=target)
        assert done.returncode == 0, done.stderr
        assert not (target / "s.db-journal").exists()
        assert rows(target / "s.db") == rows(base / "s.db")

    def test_serve_recovers_then_reads_only(self, hot: Path, base: Path, tmp_path: Path) -> None:
        """`compare serve` rolls the journal back at start-up, then answers the committed rows;
        the store's bytes do not change while it serves."""
        target = tmp_path / "c"
        shutil.copytree(hot, target)
        port = free_port()
        proc = start_serve(target / "s.db", port, target)
        try:
            body = wait_until_up(f"http://127.0.0.1:{port}/api/list", proc)
            assert not (target / "s.db-journal").exists()
            recovered = (target / "s.db").read_bytes()
            pair = wait_until_up(f"http://127.0.0.1:{port}/api/pair?old=2018&new=2019", proc)
            assert (target / "s.db").read_bytes() == recovered
        finally:
            _, err = stop(proc)
        assert "Traceback" not in err
        clean = run("list", "--db", str(target / "s.db"), "--format", "json", cwd=target)
        assert json.loads(body) == json.loads(clean.stdout)
        assert json.loads(pair)["old"]["year"] == 2018
        assert rows(target / "s.db") == rows(base / "s.db")


    def test_journal_appearing_while_serving(self, hot: Path, tmp_path: Path) -> None:
        """A hot journal that appears after start-up (no recovery then): a 503 that says what
        happened and how to fix it, and the store is left as it is."""
        target = tmp_path / "c"
        shutil.copytree(hot, target)
        before = (target / "s.db-journal").read_bytes()
        r = TestClient(create_app(target / "s.db"), base_url="http://127.0.0.1").get("/api/list")
        assert r.status_code == 503
        assert r.json() == {
            "error": f"The store {target / 's.db'} has a journal left by a writer that crashed, "
                     "which a read-only open cannot roll back.",
            "fix": f"Run any compare command on it once (e.g. `compare list --db "
                   f"{target / 's.db'}`), or restart compare serve, which rolls it back at "
                   "start-up.",
        }
        assert (target / "s.db-journal").read_bytes() == before


KILL_IN_WRITE = """
import os, signal
from pathlib import Path
_write_text = Path.write_text
def _half_then_die(self, data, *args, **kwargs):
    if self.name.endswith('.tmp'):
        with open(self, 'w', encoding='utf-8') as f:
            f.write(data[: len(data) // 2])
            f.flush()
        os.kill(os.getpid(), signal.SIGKILL)
    return _write_text(self, data, *args, **kwargs)
Path.write_text = _half_then_die
"""
KILL_IN_SITE = """
import os, signal
from pathlib import Path
_write_bytes = Path.write_bytes
_count = [0]
def _third_page_dies(self, data):
    _count[0] += 1
    if _count[0] == 3:
        with open(self, 'wb') as f:
            f.write(data[: len(data) // 2])
        os.kill(os.getpid(), signal.SIGKILL)
    return _write_bytes(self, data)
Path.write_bytes = _third_page_dies
"""


class TestKill:
    def test_compare_killed_while_writing_its_page(self, work: Path) -> None:
        """SIGKILL half-way through the page: the old page stays whole, the store unchanged."""
        first = run("2018", "2019", "--no-ingest", "--db", "s.db", cwd=work)
        assert first.returncode == 0, first.stderr
        page = (work / PAGE).read_bytes()
        before = (work / "s.db").read_bytes()
        done = run("2018", "2019", "--no-ingest", "--db", "s.db", cwd=work, patch=KILL_IN_WRITE)
        assert done.returncode == -signal.SIGKILL
        assert (work / PAGE).read_bytes() == page
        assert (work / "s.db").read_bytes() == before

    def test_compare_killed_at_random_times(self, work: Path) -> None:
        """`compare 2018 2019` killed at random times: no page or all of it, the store as it was."""
        reference_dir = work / "ref"
        reference_dir.mkdir()
        shutil.copy(work / "s.db", reference_dir / "s.db")
        started = time.perf_counter()
        assert run("2018", "2019", "--no-ingest", "--db", "s.db", cwd=reference_dir).returncode == 0
        duration = time.perf_counter() - started
        page = (reference_dir / PAGE).read_bytes()
        before = (work / "s.db").read_bytes()
        rng = random.Random(18)
        for _ in range(3):
            shutil.rmtree(work / "out", ignore_errors=True)
            child = subprocess.Popen(
                [sys.executable, "-m", "compare.cli", "2018", "2019", "--no-ingest", "--db",
                 "s.db"], cwd=work, env=env(), stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.3, 1.0) * duration)
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
            if (work / PAGE).exists():
                assert (work / PAGE).read_bytes() == page
            assert (work / "s.db").read_bytes() == before

    def test_site_killed_mid_page(self, work: Path) -> None:
        """SIGKILL while the site writes its third page: every page on disk is whole, the store
        unchanged, and the next build completes the site."""
        before = (work / "s.db").read_bytes()
        done = run("site", "--db", "s.db", cwd=work, patch=KILL_IN_SITE)
        assert done.returncode == -signal.SIGKILL
        folder = work / "out" / "site" / SERIES
        for page in folder.glob("*.html"):
            assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), page.name
        assert (work / "s.db").read_bytes() == before
        again = run("site", "--db", "s.db", cwd=work)
        assert again.returncode == 0, again.stderr
        assert {p.name for p in folder.glob("*.html")} >= {"index.html", "2018-2019.html",
                                                           "trends.html", "timeline.html"}


class TestDamagedValues:
    def test_schema_version_not_a_number(self, work: Path) -> None:
        """A schema_version that is not a number: exit 3, corrupt store, no traceback."""
        conn = sqlite3.connect(work / "s.db")
        conn.execute("UPDATE compare_meta SET value = 'four' WHERE key = 'schema_version'")
        conn.commit()
        conn.close()
        before = (work / "s.db").read_bytes()
        for args in (["list"], ["2018", "2019", "--no-ingest"], ["ingest", "in"]):
            done = run(*args, "--db", "s.db", cwd=work)
            check_error(done, 3, "The store s.db is corrupt (its schema_version is 'four', not a "
                                 "whole number). Move it aside and ingest the reports again into "
                                 "a new --db.")
        assert (work / "s.db").read_bytes() == before

    def test_bad_json_column(self, work: Path) -> None:
        """A section's ``lines`` column that is not JSON: exit 3, corrupt store, no traceback."""
        conn = sqlite3.connect(work / "s.db")
        conn.execute("UPDATE sections SET lines = '[1, 2' WHERE ord = 0")
        conn.commit()
        conn.close()
        done = run("show", "2019", "--db", "s.db", cwd=work)
        assert "Traceback" not in done.stderr and done.returncode == 3
        assert re.fullmatch(
            r"Error: The store s\.db is corrupt \(a stored value cannot be read: .+\)\. Move it "
            r"aside and ingest the reports again into a new --db\.",
            done.stderr.strip(),
        ), done.stderr


class TestStoreIsAFolder:
    def test_same_exit_code_and_message_everywhere(self, tmp_path: Path) -> None:
        """A folder given as the store: exit 3 and one message, for list and for serve alike."""
        (tmp_path / "d.db").mkdir()
        message = ("The store d.db is a directory. Pass a file path with --db (or COMPARE_DB), "
                   "e.g. --db store.db.")
        check_error(run("list", "--db", "d.db", cwd=tmp_path), 3, message)
        served = run("serve", "--db", "d.db", "--port", str(free_port()), cwd=tmp_path)
        check_error(served, 3, message)
