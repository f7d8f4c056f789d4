"""Tests for compare.web.app (the read-only web app) and the ``compare serve`` command.

Routes run in-process through starlette's TestClient; the JSON endpoints are checked byte for
byte against ``compare ... --format json`` run as a real process; one test starts the real
``compare serve`` on a free port.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import socket
import subprocess
import sys
import warnings
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from browser_support import free_port, start_serve, stop, wait_until_up
from cli_process import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import cli_env

from compare import __version__
from compare.errors import StoreError
from compare.export import pair_json, to_json
from compare.models import ReportInfo
from compare.pipeline import compare_years
from compare.render import render_html
from compare.render.apppages import CONTENT_SECURITY_POLICY, render_error, render_index
from compare.render.base import page_csp
from compare.series.expressions import year_phrases
from compare.series.phrasedocs import series_vocabulary
from compare.store.db import Store
from compare.web.app import MissingStore, check_store, create_app

# starlette's TestClient warns that it will move from httpx to httpx2; httpx is what is installed.
pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx`")

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx`")
    from starlette.testclient import TestClient

REPO = Path(__file__).resolve().parents[1]
REPORTS = REPO / "reports"
GWR = REPO.parent / "shared" / "corpus" / "cn-gwr"
SERIES = "恩平市法治政府建设情况报告"
LOCAL = "http://127.0.0.1"


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """``compare`` as a real process in ``cwd``; stdout kept as bytes."""
    return run_cli(*args, cwd=cwd, env=cli_env(COLUMNS="200"), text=False)


def fingerprint(db: Path) -> tuple[str, int, list[str]]:
    """The store's bytes, mtime and the files beside it (journals would show up here)."""
    return (
        hashlib.sha256(db.read_bytes()).hexdigest(),
        db.stat().st_mtime_ns,
        sorted(p.name for p in db.parent.iterdir()),
    )


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample reports ingested by ``compare ingest`` into a store of their own."""
    folder = tmp_path_factory.mktemp("serve")
    done = cli("ingest", str(REPORTS / "2018.txt"), str(REPORTS / "2019.txt"), "--db", "s.db",
               cwd=folder)
    assert done.returncode == 0, done.stderr.decode()
    return folder / "s.db"


@pytest.fixture(scope="module")
def client(sample_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(sample_db), base_url=LOCAL) as c:
        yield c


def meta_csp(page: str) -> str:
    found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert found, "no CSP meta"
    return found.group(1).replace("&#39;", "'")


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(page)
    return parser.tags


class TestToJson:
    def test_same_text_as_cli_dumps(self) -> None:
        """to_json is json.dumps(ensure_ascii=False, indent=2) plus the newline stdout gets, with
        the version that made it right after the schema."""
        doc = {"schema": "x/1", "title": "报告", "n": [1, 2]}
        named = {"schema": "x/1", "generator": f"compare {__version__}", "title": "报告",
                 "n": [1, 2]}
        assert to_json(doc) == json.dumps(named, ensure_ascii=False, indent=2) + "\n"
        assert list(json.loads(to_json(doc))) == ["schema", "generator", "title", "n"]

    def test_round_trips(self) -> None:
        """The text parses back to the same document."""
        doc = {"a": None, "b": "<script>", "c": 0.5}
        assert json.loads(to_json(doc)) == doc


class TestCheckStore:
    def test_missing_store_is_reported_not_created(self, tmp_path: Path) -> None:
        """A store that does not exist gives MissingStore with the fix, and no file appears."""
        db = tmp_path / "none.db"
        with pytest.raises(MissingStore) as caught:
            check_store(db)
        assert caught.value.what == f"The store {db} does not exist."
        assert caught.value.fix == (
            f"Ingest reports first (`compare ingest PATH --db {db}`), or pass the right --db."
        )
        assert not db.exists()

    def test_directory(self, tmp_path: Path) -> None:
        """A folder given as the store is the store's own error (exit 3, as on the CLI)."""
        with pytest.raises(StoreError, match="is a directory") as caught:
            check_store(tmp_path)
        assert caught.value.exit_code == 3

    def test_empty_file_is_no_store_and_stays_empty(self, tmp_path: Path) -> None:
        """An empty file holds no compare store; checking it writes nothing into it."""
        db = tmp_path / "empty.db"
        db.write_bytes(b"")
        with pytest.raises(MissingStore, match="holds no compare store"):
            check_store(db)
        assert db.read_bytes() == b""

    def test_sample_store_passes(self, sample_db: Path) -> None:
        """An ingested store passes the check."""
        check_store(sample_db)


class TestIndex:
    def test_lists_series_years_and_pickers(self, client: TestClient) -> None:
        """The index names the series, both years, and has two year selects and a submit button."""
        r = client.get("/")
        assert r.status_code == 200
        assert r.headers["content-type"] == "text/html; charset=utf-8"
        tags = elements(r.text)
        forms = [a for t, a in tags if t == "form"]
        assert forms == [
            {"class": "pick", "action": "pair", "method": "get",
             "aria-label": f"Compare two years of {SERIES}"}
        ]
        assert [a["name"] for t, a in tags if t == "select"] == ["old", "new"]
        assert ("input", {"type": "hidden", "name": "series", "value": SERIES}) in tags
        assert any(t == "button" and a.get("type") == "submit" for t, a in tags)
        selected = [a["value"] for t, a in tags if t == "option" and "selected" in a]
        assert selected == ["2018", "2019"]
        assert SERIES in r.text
        hrefs = [a["href"] for t, a in tags if t == "a"]
        assert "pair?" + urlencode({"series": SERIES, "old": 2018, "new": 2019}) in hrefs
        assert "trends?" + urlencode({"series": SERIES}) in hrefs

    def test_index_links_resolve(self, client: TestClient) -> None:
        """Every link on the index answers 200."""
        tags = elements(client.get("/").text)
        hrefs = [a["href"] for t, a in tags if t == "a" and a.get("href")]
        assert len(hrefs) >= 5
        for href in hrefs:
            assert client.get("/" + str(href).lstrip("./")).status_code == 200, href

    def test_report_text_is_escaped(self) -> None:
        """A hostile series and title make no element or attribute of the index."""
        evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
        infos = [ReportInfo(evil, y, evil, "0" * 64, "p", 1, 1) for y in (2018, 2019)]
        page = render_index(infos, evil)
        assert {t for t, _ in elements(page)} <= {
            "html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "p", "a",
            "section", "form", "input", "label", "select", "option", "button", "ul", "li",
            "small", "table", "thead", "tbody", "tr", "th", "td", "code",
        }
        assert "onerror" not in {k for _, a in elements(page) for k in a}
        assert "&lt;script&gt;" in page

    def test_empty_store(self, tmp_path: Path) -> None:
        """A store with the schema but no reports shows how to add some."""
        db = tmp_path / "empty.db"
        with Store(db) as store:
            store._ensure_schema()
        r = TestClient(create_app(db), base_url=LOCAL).get("/")
        assert r.status_code == 200
        assert "The store holds no reports yet." in r.text


class TestPair:
    def test_page_equals_cli_page(self, client: TestClient, sample_db: Path) -> None:
        """/pair answers the very bytes `compare 2018 2019` writes to its HTML file."""
        done = cli("2018", "2019", "--db", str(sample_db), "--no-ingest", "--output",
                   str(sample_db.parent / "p.html"), cwd=sample_db.parent)
        assert done.returncode == 0, done.stderr.decode()
        r = client.get("/pair", params={"series": SERIES, "old": "2018", "new": "2019"})
        assert r.status_code == 200
        assert r.content == (sample_db.parent / "p.html").read_bytes()

    def test_series_may_be_left_out(self, client: TestClient, sample_db: Path) -> None:
        """With one series stored, /pair?old=&new= is the same page."""
        r = client.get("/pair?old=2018&new=2019")
        with Store(sample_db, readonly=True) as store:
            phrases = year_phrases(series_vocabulary(store, None), 2019)
            assert r.text == render_html(compare_years(store, 2018, 2019), phrases=phrases)


class TestPairCache:
    def test_a_pair_is_compared_once(
        self, sample_db: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The page and then the JSON of one pair compare the reports once, with equal answers."""
        import compare.pipeline

        calls: list[int] = []
        real = compare.pipeline.compare_reports

        def counting(old: Any, new: Any, **kwargs: Any) -> Any:
            calls.append(new.year)
            return real(old, new, **kwargs)

        monkeypatch.setattr(compare.pipeline, "compare_reports", counting)
        with TestClient(create_app(sample_db), base_url=LOCAL) as c:
            page = c.get("/pair?old=2018&new=2019")
            doc = c.get("/api/pair?old=2018&new=2019")
        assert page.status_code == doc.status_code == 200
        assert calls == [2019]
        assert doc.text == to_json(pair_json(compare_years(Store(sample_db), 2018, 2019)))

    def test_a_changed_report_is_compared_again(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Re-ingesting a year with new bytes changes the key: the next request recomputes."""
        import compare.pipeline

        db = tmp_path / "s.db"
        reports = tmp_path / "r"
        reports.mkdir()
        for year in (2018, 2019):
            (reports / f"{year}.txt").write_bytes((REPORTS / f"{year}.txt").read_bytes())
        assert cli("ingest", str(reports), "--db", str(db), cwd=tmp_path).returncode == 0
        calls: list[int] = []
        real = compare.pipeline.compare_reports
        monkeypatch.setattr(
            compare.pipeline, "compare_reports",
            lambda a, b, **k: calls.append(1) or real(a, b, **k),
        )
        with TestClient(create_app(db), base_url=LOCAL) as c:
            first = c.get("/api/pair?old=2018&new=2019").json()
            with (reports / "2019.txt").open("a", encoding="utf-8") as f:
                f.write("\n新增一段文字，用来改变这份报告的内容。\n")
            assert cli("ingest", str(reports), "--db", str(db), cwd=tmp_path).returncode == 0
            second = c.get("/api/pair?old=2018&new=2019").json()
        assert len(calls) == 2
        assert first["new"]["sha256"] != second["new"]["sha256"]


class TestJsonIdentity:
    def test_api_pair_equals_cli_json(self, client: TestClient, sample_db: Path) -> None:
        """/api/pair is byte-identical to `compare 2018 2019 --format json` stdout."""
        done = cli("2018", "2019", "--format", "json", "--db", str(sample_db), "--no-ingest",
                   cwd=sample_db.parent)
        assert done.returncode == 0, done.stderr.decode()
        r = client.get("/api/pair", params={"series": SERIES, "old": 2018, "new": 2019})
        assert r.status_code == 200
        assert r.headers["content-type"] == "application/json"
        assert r.content == done.stdout
        assert json.loads(r.content)["schema"] == "compare/pair/1"

    def test_api_metrics_equals_cli_json(self, client: TestClient, sample_db: Path) -> None:
        """/api/metrics?year=2019 is byte-identical to `compare metrics 2019 --format json`."""
        done = cli("metrics", "2019", "--format", "json", "--db", str(sample_db),
                   cwd=sample_db.parent)
        assert done.returncode == 0, done.stderr.decode()
        assert client.get("/api/metrics?year=2019").content == done.stdout

    def test_api_list_equals_cli_json(self, client: TestClient, sample_db: Path) -> None:
        """/api/list is byte-identical to `compare list --format json`."""
        done = cli("list", "--format", "json", "--db", str(sample_db), cwd=sample_db.parent)
        assert done.returncode == 0, done.stderr.decode()
        assert client.get("/api/list").content == done.stdout

    def test_trends_equal_cli(self, client: TestClient, sample_db: Path) -> None:
        """/api/trends and /trends equal `compare metrics --from --to` as json and html."""
        base = ["metrics", "--from", "2018", "--to", "2019", "--db", str(sample_db)]
        as_json = cli(*base, "--format", "json", cwd=sample_db.parent)
        page = sample_db.parent / "t.html"
        as_html = cli(*base, "--format", "html", "--output", str(page), cwd=sample_db.parent)
        assert as_json.returncode == 0 and as_html.returncode == 0, as_html.stderr.decode()
        assert client.get("/api/trends?from=2018&to=2019").content == as_json.stdout
        assert client.get("/trends", params={"series": SERIES}).content == page.read_bytes()

    @pytest.mark.slow
    def test_cn_gwr_2018_2019(self, tmp_path: Path) -> None:
        """Issue 5's done-criterion: served JSON for cn-gwr 2018→2019 equals the CLI's."""
        if not GWR.is_dir():
            pytest.skip("../shared/corpus/cn-gwr is absent (a fresh clone); this test needs it")
        done = cli("ingest", str(GWR / "2018.txt"), str(GWR / "2019.txt"), "--series", "cn-gwr",
                   "--db", "g.db", cwd=tmp_path)
        assert done.returncode == 0, done.stderr.decode()
        want = cli("2018", "2019", "--format", "json", "--db", "g.db", "--no-ingest",
                   cwd=tmp_path)
        assert want.returncode == 0, want.stderr.decode()
        r = TestClient(create_app(tmp_path / "g.db"), base_url=LOCAL).get(
            "/api/pair?series=cn-gwr&old=2018&new=2019"
        )
        assert r.status_code == 200
        assert r.content == want.stdout


# (url, status, error message): unknown years and series are 404, bad parameters 400.
ERRORS = [
    ("/api/pair?old=2017&new=2019", 404,
     f"No 2017 report in series {SERIES}. Stored years: 2018, 2019."),
    ("/api/pair?old=2018&new=2019&series=zz", 404,
     f"No series named 'zz' in the store. Stored series: {SERIES}."),
    ("/api/pair?new=2019", 400, "The query parameter old is missing."),
    ("/api/pair?old=18&new=2019", 400,
     "The query parameter old must be a four-digit year, got '18'."),
    ("/api/pair?old=%C2%B2%C2%B2%C2%B2%C2%B2&new=2019", 400,
     "The query parameter old must be a four-digit year, got '²²²²'."),
    ("/api/metrics", 400, "The query parameter year is missing."),
    ("/api/metrics?year=1999", 404,
     f"No 1999 report in series {SERIES}. Stored years: 2018, 2019."),
    ("/api/trends?from=2019&to=2018", 400, "from=2019 is not before to=2018."),
    ("/api/trends?from=2019&to=2030", 404,
     f"Series {SERIES} has 1 stored report(s) from 2019 to 2030; trends need two or more. "
     "Stored years: 2018, 2019."),
    ("/api/nothing", 404, "There is no page at /api/nothing."),
]


class TestErrors:
    @pytest.mark.parametrize(("url", "status", "what"), ERRORS)
    def test_api_error_json(self, client: TestClient, url: str, status: int, what: str) -> None:
        """Errors under /api/ are JSON {error, fix} with the documented status."""
        r = client.get(url)
        assert r.status_code == status
        doc = r.json()
        assert set(doc) == {"error", "fix"}
        assert doc["error"] == what
        assert doc["fix"]

    @pytest.mark.parametrize(("url", "status", "what"), ERRORS)
    def test_page_error_html(self, client: TestClient, url: str, status: int, what: str) -> None:
        """The same errors on a page route are a readable HTML page, without a traceback."""
        page_url = url.replace("/api/", "/").replace("/metrics", "/pair")
        if "year=" in page_url or page_url == "/pair":
            page_url = "/pair?old=2017&new=2019"
        r = client.get(page_url)
        assert r.status_code in (400, 404)
        assert r.headers["content-type"] == "text/html; charset=utf-8"
        assert "Traceback" not in r.text
        assert '<div class="err" role="alert">' in r.text

    def test_error_page_escapes_parameters(self, client: TestClient) -> None:
        """A hostile parameter is shown escaped in the error page."""
        r = client.get("/pair", params={"old": "<script>alert(1)</script>", "new": "2019"})
        assert r.status_code == 400
        assert "<script>alert" not in r.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text

    def test_error_page_text(self) -> None:
        """render_error shows the status, what happened and the fix."""
        page = render_error(404, "No 2017 report.", "Pick 2018.")
        assert "<h1>Error 404</h1>" in page
        assert '<p class="what">No 2017 report.</p>' in page
        assert '<p class="fix">Pick 2018.</p>' in page

    def test_post_is_refused(self, client: TestClient) -> None:
        """The app answers GET only: a POST is 405 with a JSON message."""
        r = client.post("/api/list")
        assert r.status_code == 405
        assert r.json()["fix"] == "The app is read-only: use GET."

    def test_missing_store_json(self, tmp_path: Path) -> None:
        """A missing store answers 503 with the message, on every route, and is not created."""
        db = tmp_path / "none.db"
        c = TestClient(create_app(db), base_url=LOCAL)
        r = c.get("/api/list")
        assert r.status_code == 503
        assert r.json()["error"] == f"The store {db} does not exist."
        page = c.get("/")
        assert page.status_code == 503
        assert "does not exist" in page.text
        assert not db.exists()

    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(old=st.text(max_size=12), new=st.text(max_size=12), series=st.text(max_size=12))
    def test_any_query_is_answered(
        self, client: TestClient, old: str, new: str, series: str
    ) -> None:
        """Any parameters give 200 or a 4xx JSON {error, fix}, never a 500."""
        r = client.get("/api/pair", params={"old": old, "new": new, "series": series})
        assert r.status_code in (200, 400, 404)
        if r.status_code != 200:
            assert set(r.json()) == {"error", "fix"}


class TestReadOnly:
    def test_requests_leave_store_unchanged(self, sample_db: Path) -> None:
        """Bytes, mtime and neighbouring files of the store are unchanged after any requests."""
        before = fingerprint(sample_db)
        c = TestClient(create_app(sample_db), base_url=LOCAL)
        urls = ["/", "/pair?old=2018&new=2019", "/trends", "/api/pair?old=2018&new=2019",
                "/api/metrics?year=2018", "/api/list", "/api/trends",
                *(u for u, _, _ in ERRORS), "/pair?old=x", "/trends?from=3000"]
        for url in urls:
            assert c.get(url).status_code < 500, url
        assert c.post("/api/list").status_code == 405
        assert fingerprint(sample_db) == before

    def test_store_written_by_others_is_seen(self, tmp_path: Path) -> None:
        """The app reads the store per request: a report ingested meanwhile shows up."""
        db = tmp_path / "s.db"
        done = cli("ingest", str(REPORTS / "2019.txt"), "--db", str(db), cwd=tmp_path)
        assert done.returncode == 0
        c = TestClient(create_app(db), base_url=LOCAL)
        assert [r["year"] for r in c.get("/api/list").json()["reports"]] == [2019]
        assert cli("ingest", str(REPORTS / "2018.txt"), "--db", str(db), cwd=tmp_path)\
            .returncode == 0
        assert [r["year"] for r in c.get("/api/list").json()["reports"]] == [2018, 2019]


class TestSecurity:
    def test_csp_is_the_pages_policy(self, sample_db: Path) -> None:
        """CONTENT_SECURITY_POLICY is the policy in the pair page's meta tag with the page's
        script named in each language (the sample's Chinese and English): a header that allows
        every pair page its own script, and no other."""

        def directives(policy: str) -> dict[str, set[str]]:
            parts = (d.split() for d in policy.split(";") if d.strip())
            return {name: set(values) for name, *values in parts}

        with Store(sample_db, readonly=True) as store:
            page = render_html(compare_years(store, 2018, 2019))
        script = re.search(r"<script>(.*?)</script>", page, re.S)
        assert script
        digest = base64.b64encode(hashlib.sha256(script.group(1).encode()).digest()).decode()
        own, served = directives(meta_csp(page)), directives(CONTENT_SECURITY_POLICY)
        assert own["script-src"] == {f"'sha256-{digest}'"}
        english = directives(page_csp("en"))["script-src"]
        assert served.pop("script-src") == own.pop("script-src") | english
        assert len(english | {f"'sha256-{digest}'"}) == 2  # the Chinese page's script is its own
        assert served == own

    @pytest.mark.parametrize("url", ["/", "/pair?old=2018&new=2019", "/trends", "/api/list",
                                     "/api/pair?old=1&new=2", "/nowhere"])
    def test_every_response_has_headers(self, client: TestClient, url: str) -> None:
        """Pages, JSON and errors all carry the CSP, nosniff and no-referrer headers."""
        r = client.get(url)
        assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"

    def test_index_meta_csp(self, client: TestClient) -> None:
        """The index page states the same policy in its own meta tag."""
        assert meta_csp(client.get("/").text) == CONTENT_SECURITY_POLICY

    @pytest.mark.parametrize("host", ["evil.example", "192.168.1.5", "testserver"])
    def test_foreign_host_refused(self, sample_db: Path, host: str) -> None:
        """A request addressed to another host name (DNS rebinding) gets no data."""
        r = TestClient(create_app(sample_db), base_url=f"http://{host}").get("/api/list")
        assert r.status_code == 400
        assert "reports" not in r.text

    @pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000"])
    def test_loopback_names_answered(self, client: TestClient, host: str) -> None:
        """The loopback names a local browser uses are answered."""
        assert client.get("/api/list", headers={"host": host}).status_code == 200


def listening_addresses(port: int) -> set[str]:
    """Local IPv4 addresses in LISTEN state on ``port``, from /proc/net/tcp (Linux)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hexport = local.split(":")
        if state == "0A" and int(hexport, 16) == port:
            found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


class TestServeCommand:
    def test_real_server_answers_on_loopback(self, sample_db: Path) -> None:
        """`compare serve` prints its URL, answers /api/list, listens on 127.0.0.1 only."""
        port = free_port()
        proc = start_serve(sample_db, port, sample_db.parent)
        try:
            body = wait_until_up(f"http://127.0.0.1:{port}/api/list", proc)
            assert json.loads(body)["reports"][0]["series"] == SERIES
            if Path("/proc/net/tcp").exists():
                assert listening_addresses(port) == {"127.0.0.1"}
        finally:
            out, err = stop(proc)
        assert f"Serving {sample_db} (read-only) at http://127.0.0.1:{port}/" in out
        assert "Traceback" not in err

    def test_missing_store_exits_2(self, tmp_path: Path) -> None:
        """A missing store: exit 2, one message, nothing created, no server."""
        done = cli("serve", "--db", "none.db", "--port", str(free_port()), cwd=tmp_path)
        assert done.returncode == 2
        assert done.stderr.decode().strip() == (
            "Error: The store none.db does not exist. Ingest reports first "
            "(`compare ingest PATH --db none.db`), or pass the right --db."
        )
        assert not (tmp_path / "none.db").exists()

    def test_port_in_use_exits_2(self, sample_db: Path) -> None:
        """A port another program holds: exit 2 with a message, before serving."""
        with socket.socket() as holder:
            holder.bind(("127.0.0.1", 0))
            holder.listen()
            port = holder.getsockname()[1]
            done = cli("serve", "--db", str(sample_db), "--port", str(port),
                       cwd=sample_db.parent)
        assert done.returncode == 2
        err = done.stderr.decode()
        assert err.startswith(f"Error: Cannot listen on 127.0.0.1:{port}: ")
        assert "Pick another --port" in err and "Traceback" not in err

    def test_help_does_not_load_web_stack(self) -> None:
        """`compare --help` imports neither starlette nor uvicorn (start-up time)."""
        code = (
            "import sys\nfrom compare.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('starlette', 'uvicorn', 'compare.web.app') "
            "if m in sys.modules))"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             cwd=REPO, timeout=60)
        assert out.stdout.strip().splitlines()[-1] == "[]"

    def test_serve_help(self) -> None:
        """`compare serve --help` documents --db, --host and --port."""
        done = cli("serve", "--help", cwd=REPO)
        text = done.stdout.decode()
        assert done.returncode == 0
        assert "--db" in text and "--host" in text and "--port" in text
