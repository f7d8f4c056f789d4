"""``compare serve`` under load and at shutdown: a time budget per request (503 with a message),
work stopped for a client that left, SIGTERM obeyed within 5 s while a comparison runs, the
Host header checked against the loopback names whatever address the server binds, and report
paths shown without the machine's folders.

A slow comparison is made by replacing ``pipeline.compare_reports`` (in the test process, or in
the real server through a ``-c`` wrapper) with a pure-Python loop that never checks any flag,
like a number-dense pair does; it writes a marker file if it ever runs to its end.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path
from typing import Any

import pytest
from browser_support import free_port, stop, wait_until_up
from support import REPORTS, cli_env

from compare import pipeline
from compare.export import shown_path
from compare.web.app import answered_hosts, create_app, is_loopback
from compare.web.worker import WorkerPool

# starlette's TestClient warns that it will move from httpx to httpx2; httpx is what is installed.
pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx`")

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx`")
    from starlette.testclient import TestClient

SLOW = """
import time
import warnings
from pathlib import Path
import compare.pipeline as _p
def _slow(*args, **kwargs):
    end = time.monotonic() + {seconds}
    n = 0
    while time.monotonic() < end:
        n += 1
    Path({marker!r}).write_text('finished')
    raise RuntimeError('the slow comparison ran to its end')
_p.compare_reports = _slow
from compare.cli import main
main()
"""


def env() -> dict[str, str]:
    return cli_env()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample reports in a store of their own, ingested by relative paths."""
    folder = tmp_path_factory.mktemp("bounds")
    done = subprocess.run(
        [sys.executable, "-m", "compare.cli", "ingest", str(REPORTS / "2018.txt"),
         str(REPORTS / "2019.txt"), "--db", "s.db"],
        cwd=folder, env=env(), capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return folder / "s.db"


def slow_server(db: Path, port: int, marker: Path, *extra: str,
                seconds: float = 60.0) -> subprocess.Popen[bytes]:
    """`compare serve` as a real process whose comparisons take ``seconds`` of CPU."""
    code = SLOW.format(seconds=seconds, marker=str(marker))
    return subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--db", str(db), "--port", str(port), *extra],
        cwd=db.parent, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def slow_compare(seconds: float, finished: list[bool]) -> Any:
    """An in-process stand-in for ``compare_reports`` that loops for ``seconds``."""

    def compare(*args: Any, **kwargs: Any) -> Any:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            pass
        finished.append(True)
        raise RuntimeError("ran to its end")

    return compare


def request_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "compare-request"]


class TestBudget:
    def test_budget_gives_503_and_stops_the_work(
        self, db: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A comparison past the budget: 503 with what happened and how to fix it, and the
        worker thread is stopped, not left computing."""
        finished: list[bool] = []
        monkeypatch.setattr(pipeline, "compare_reports", slow_compare(30, finished))
        client = TestClient(create_app(db, budget=0.5), base_url="http://127.0.0.1")
        started = time.monotonic()
        r = client.get("/api/pair?old=2018&new=2019")
        assert time.monotonic() - started < 10
        assert r.status_code == 503
        assert r.json() == {
            "error": "Answering /api/pair took longer than the 0.5 s budget of a request; the "
                     "work was stopped.",
            "fix": "Run the same comparison on the command line (e.g. `compare 2018 2019`), "
                   "which has no budget, or start compare serve with a larger --budget.",
        }
        for _ in range(50):
            if not request_threads():
                break
            time.sleep(0.1)
        assert request_threads() == [] and finished == []

    def test_page_budget_is_a_readable_page(
        self, db: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The pair page past its budget is a 503 page saying so."""
        monkeypatch.setattr(pipeline, "compare_reports", slow_compare(30, []))
        client = TestClient(create_app(db, budget=0.3), base_url="http://127.0.0.1")
        r = client.get("/pair?old=2018&new=2019")
        assert r.status_code == 503
        assert "took longer than the 0.3 s budget" in r.text

    def test_fast_requests_unaffected(self, db: Path) -> None:
        """Within the budget, answers are those of the command line (here: the list)."""
        client = TestClient(create_app(db, budget=30), base_url="http://127.0.0.1")
        assert client.get("/api/list").status_code == 200
        assert client.get("/api/pair?old=2018&new=2019").json()["old"]["year"] == 2018


def run_async(coro: Any) -> Any:
    """``asyncio.run(coro)`` in a thread of its own (the browser tests of this worker process
    may leave an event loop running in the main thread)."""
    out: list[Any] = []
    runner = threading.Thread(target=lambda: out.append(asyncio.run(coro)))
    runner.start()
    runner.join(timeout=120)
    return out[0]


def spin(seconds: float, finished: list[bool]) -> Any:
    def work() -> str:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            pass
        finished.append(True)
        return "done"

    return work


class TestWorkerPool:
    def test_busy_then_stopped(self) -> None:
        """With its one worker busy, a second request gets "busy" within its budget; the first
        is stopped when its client leaves, and its thread ends without finishing."""
        finished: list[bool] = []
        pool = WorkerPool(1)
        left = asyncio.Event()

        async def gone() -> str | None:
            return "gone" if left.is_set() else None

        async def never() -> str | None:
            return None

        async def scenario() -> tuple[Any, Any]:
            first = asyncio.create_task(
                pool.run(spin(30, finished), budget=60, poll=0.05, give_up=gone)
            )
            await asyncio.sleep(0.3)
            second = await pool.run(spin(0, finished), budget=0.5, poll=0.05, give_up=never)
            left.set()
            return await first, second

        first, second = run_async(scenario())
        assert first == ("gone", None) and second == ("busy", None)
        for _ in range(50):
            if not request_threads():
                break
            time.sleep(0.1)
        assert request_threads() == [] and finished == []

    def test_result_and_error(self) -> None:
        """A worker's result comes back; an error it raised comes back as the error."""
        pool = WorkerPool(2)

        async def never() -> str | None:
            return None

        def fail() -> None:
            raise ValueError("boom")

        ok = run_async(pool.run(lambda: 42, budget=5, poll=0.05, give_up=never))
        bad = run_async(pool.run(fail, budget=5, poll=0.05, give_up=never))
        assert ok == ("done", (42, None))
        assert bad[0] == "done" and bad[1] is not None and isinstance(bad[1][1], ValueError)


class TestRealServer:
    def test_sigterm_during_a_comparison(self, db: Path, tmp_path: Path) -> None:
        """SIGTERM while a comparison runs: the server exits within 5 s, the client gets a 503
        saying the server is shutting down, and the comparison never runs to its end."""
        port = free_port()
        marker = tmp_path / "finished"
        proc = slow_server(db, port, marker)
        try:
            wait_until_up(f"http://127.0.0.1:{port}/api/list", proc)
            answer: dict[str, Any] = {}

            def ask() -> None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request("GET", "/api/pair?old=2018&new=2019")
                response = conn.getresponse()
                answer["status"], answer["body"] = response.status, response.read()

            asking = threading.Thread(target=ask)
            asking.start()
            time.sleep(1.0)
            proc.send_signal(signal.SIGTERM)
            sent = time.monotonic()
            proc.wait(timeout=30)
            exited = time.monotonic() - sent
            asking.join(timeout=30)
        finally:
            _, err = stop(proc)
        assert exited < 5, f"exited {exited:.1f} s after SIGTERM"
        assert answer["status"] == 503
        assert json.loads(answer["body"])["error"] == (
            "compare serve is shutting down; the work for /api/pair was stopped."
        )
        assert "Traceback" not in err and not marker.exists()

    def test_client_that_leaves_stops_the_work(self, db: Path, tmp_path: Path) -> None:
        """A client that disconnects mid-comparison: its work stops (the loop never ends), and
        the server goes on answering."""
        port = free_port()
        marker = tmp_path / "finished"
        proc = slow_server(db, port, marker, seconds=2.5)
        try:
            wait_until_up(f"http://127.0.0.1:{port}/api/list", proc)
            with socket.create_connection(("127.0.0.1", port)) as sock:
                sock.sendall(b"GET /api/pair?old=2018&new=2019 HTTP/1.1\r\n"
                             b"Host: 127.0.0.1\r\n\r\n")
                time.sleep(0.5)
            time.sleep(3.5)  # 1.5 s past the end the loop would have reached
            assert not marker.exists()
            wait_until_up(f"http://127.0.0.1:{port}/api/list", proc)
        finally:
            _, err = stop(proc)
        assert "Traceback" not in err

    def test_real_budget_option(self, db: Path, tmp_path: Path) -> None:
        """`--budget 1`: a slow pair answers 503 after about a second."""
        port = free_port()
        proc = slow_server(db, port, tmp_path / "finished", "--budget", "1")
        try:
            wait_until_up(f"http://127.0.0.1:{port}/api/list", proc)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            started = time.monotonic()
            conn.request("GET", "/api/pair?old=2018&new=2019")
            response = conn.getresponse()
            took = time.monotonic() - started
            body = json.loads(response.read())
        finally:
            stop(proc)
        assert response.status == 503 and took < 10
        assert body["error"].startswith("Answering /api/pair took longer than the 1 s budget")


class TestHosts:
    def test_answered_hosts_of_a_loopback_bind(self) -> None:
        """Bound to 127.0.0.2: the loopback names and that address, nothing else."""
        assert answered_hosts("127.0.0.2") == ["127.0.0.1", "localhost", "[::1]", "127.0.0.2"]
        assert answered_hosts("::1") == ["127.0.0.1", "localhost", "[::1]"]

    @pytest.mark.parametrize("host", ["127.0.0.2", "127.5.5.5", "::1", "localhost"])
    def test_loopback_addresses(self, host: str) -> None:
        """Every 127/8 address, ::1 and localhost are loopback."""
        assert is_loopback(host)

    @pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "evil.example"])
    def test_not_loopback(self, host: str) -> None:
        """Other addresses and names are not."""
        assert not is_loopback(host)

    @pytest.mark.skipif(sys.platform != "linux", reason="127.0.0.2 is loopback on Linux")
    def test_real_server_on_127_0_0_2(self, db: Path) -> None:
        """`serve --host 127.0.0.2` refuses a foreign Host header and answers its own."""
        port = free_port()
        proc = subprocess.Popen(
            [sys.executable, "-m", "compare.cli", "serve", "--db", str(db), "--host",
             "127.0.0.2", "--port", str(port)],
            cwd=db.parent, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        try:
            wait_until_up(f"http://127.0.0.2:{port}/api/list", proc)
            statuses = {}
            for host in ("evil.example", f"evil.example:{port}", f"127.0.0.2:{port}",
                         f"localhost:{port}"):
                conn = http.client.HTTPConnection("127.0.0.2", port, timeout=30)
                conn.request("GET", "/api/list", headers={"Host": host})
                response = conn.getresponse()
                statuses[host] = (response.status, b"reports" in response.read())
        finally:
            out, err = stop(proc)
        assert statuses["evil.example"] == (400, False)
        assert statuses[f"evil.example:{port}"] == (400, False)
        assert statuses[f"127.0.0.2:{port}"] == (200, True)
        assert statuses[f"localhost:{port}"] == (200, True)
        assert "Warning" not in out  # still loopback: no warning about the network


class TestPaths:
    def test_absolute_paths_not_served(self, tmp_path: Path) -> None:
        """Reports ingested by absolute paths from elsewhere: /api/list (and `compare list`,
        byte for byte) show their folder and name only, not the machine's folders."""
        done = subprocess.run(
            [sys.executable, "-m", "compare.cli", "ingest", str(REPORTS.resolve()), "--db",
             "s.db"],
            cwd=tmp_path, env=env(), capture_output=True, text=True, timeout=120,
        )
        assert done.returncode == 0, done.stderr
        listed = subprocess.run(
            [sys.executable, "-m", "compare.cli", "list", "--format", "json", "--db", "s.db"],
            cwd=tmp_path, env=env(), capture_output=True, timeout=120,
        ).stdout
        served = TestClient(create_app(tmp_path / "s.db"), base_url="http://127.0.0.1").get(
            "/api/list"
        )
        assert served.content == listed
        paths = [r["path"] for r in served.json()["reports"]]
        assert paths and not any(os.path.isabs(p) for p in paths)
        assert paths == ["…/reports/2018.txt", "…/reports/2019.txt"]

    def test_shown_paths(self) -> None:
        """As given when relative; under the store's folder relative to it; else folder/name."""
        assert shown_path("reports/2019.txt", Path("/x/s.db")) == "reports/2019.txt"
        assert shown_path("/x/reports/2019.txt", Path("/x/s.db")) == "reports/2019.txt"
        assert shown_path("/home/me/r/2019.txt", Path("/x/s.db")) == "…/r/2019.txt"
