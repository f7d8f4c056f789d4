"""``compare serve``: a read-only web app over a store, serving the same pages and JSON live.

Public API: create_app, check_store, answered_hosts, is_loopback, LOCAL_HOSTS, BadRequest,
MissingStore.

Routes (all GET): ``/`` the index (each series, its years, year pickers as a plain GET form);
``/pair?series=&old=&new=`` the page ``compare OLD NEW`` writes; ``/trends?series=[&from=&to=]``
the page of ``compare metrics --from --to --format html``; ``/api/pair``, ``/api/metrics?year=``,
``/api/list`` and ``/api/trends`` the CONTRACT.md documents, byte for byte what the command line
prints with ``--format json``; ``/phrases?series=`` the series page of expressions and
``/api/phrases?year=[&kind=new|dropped|all|keywords&top=N]`` what ``compare phrases YEAR
--format json`` prints (the pair page carries the panel of its new year's new expressions).
``series`` may be left out where the store holds one.

Read-only by construction: each request opens the store with ``Store(path, readonly=True)``
(which refuses writes), calls only the pipeline's read functions, and checks first that the
file exists, so a missing store is reported and never created. Errors are CompareError
messages: HTTP 400 for a bad parameter, 404 for an unknown year or series, 503 for a store that
is missing or unusable; JSON ``{"error", "fix"}`` under ``/api/``, a readable page elsewhere,
never a traceback. Every response carries the pages' Content-Security-Policy; only requests
addressed to a loopback name (or to the address the server was told to bind) are answered,
whatever that address, so a DNS-rebinding page cannot read the store.

Work is bounded (``compare.web.worker``): each request runs in a worker thread, at most
``SERVE_WORKERS`` at once, and is stopped, with a 503 that says why, when its budget
(``SERVE_REQUEST_BUDGET_S``) runs out or the server is stopping; work for a client that left is
stopped too. ``/api/list`` shows report paths as ``compare list`` does (``export.shown_path``:
as given at ingest, an absolute one relative to the store's folder), so the machine's folders
are not served.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders, QueryParams
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from compare import pipeline
from compare.errors import CompareError, InputError, StoreError
from compare.export import list_json, metrics_json, pair_json, to_json, trends_json
from compare.models import Report
from compare.pipeline import load_report, metric_trends, resolve_series
from compare.render import render_html, render_trends
from compare.render.apppages import CONTENT_SECURITY_POLICY, render_error, render_index
from compare.render.phrases import render_phrases
from compare.series.expressions import PHRASE_KINDS, Vocabulary, series_phrases, year_phrases
from compare.series.phrasedocs import phrases_json, series_vocabulary
from compare.store.db import Store
from compare.tuning import (
    SERVE_CACHED_PAIRS,
    SERVE_POLL_S,
    SERVE_REQUEST_BUDGET_S,
    SERVE_WORKERS,
)
from compare.web.worker import WorkerPool

__all__ = [
    "LOCAL_HOSTS",
    "BadRequest",
    "MissingStore",
    "answered_hosts",
    "check_store",
    "create_app",
    "is_loopback",
]

# Host names a browser on this machine uses for a server bound to loopback. Anything else in the
# Host header is refused, so a page from elsewhere that rebinds its DNS name to 127.0.0.1 gets no
# answer.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
_YEAR = re.compile(r"[0-9]{4}")
_log = logging.getLogger("compare.web.app")


class BadRequest(InputError):
    """A query parameter is missing or malformed (HTTP 400)."""


class MissingStore(InputError):
    """The store file is absent or holds no compare tables (HTTP 503; exit 2 on the CLI)."""


def check_store(path: Path) -> None:
    """Raise MissingStore unless ``path`` is an existing compare store; never creates it."""
    if not path.exists():
        raise MissingStore(
            f"The store {path} does not exist.",
            f"Ingest reports first (`compare ingest PATH --db {path}`), or pass the right --db.",
        )
    if not path.is_file() and not path.is_dir():  # a folder: the store's own error, exit 3
        raise MissingStore(
            f"The store {path} is not a file.",
            "Pass the store file with --db (or COMPARE_DB), e.g. --db store.db.",
        )
    with Store(path, readonly=True) as store:
        if not store.exists():
            raise MissingStore(
                f"The file {path} holds no compare store.",
                f"Ingest reports into it (`compare ingest PATH --db {path}`), or pass the right "
                "--db.",
            )


def answered_hosts(bound: str) -> list[str]:
    """The Host names ``compare serve`` answers when bound to ``bound``: the loopback names,
    the bound address itself, and for a wildcard bind (0.0.0.0, ::) this machine's own name and
    addresses; never any name (a page whose DNS name was rebound to this machine is refused)."""
    names = list(LOCAL_HOSTS)

    def add(name: str) -> None:
        shown = f"[{name}]" if ":" in name and not name.startswith("[") else name
        if shown not in names:
            names.append(shown)

    if bound in ("0.0.0.0", "::", ""):
        machine = socket.gethostname()
        add(machine)
        try:
            for info in socket.getaddrinfo(machine, None):
                add(str(info[4][0]))
        except OSError:
            pass
    else:
        add(bound)
    return names


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address) is this machine's loopback."""
    if host.strip("[]") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _status(exc: CompareError) -> int:
    if isinstance(exc, BadRequest):
        return 400
    if isinstance(exc, MissingStore | StoreError):
        return 503
    return 404  # the pipeline's InputErrors here are unknown years and series


def _year(params: QueryParams, name: str) -> int:
    text = params.get(name)
    if text is None or not text.strip():
        raise BadRequest(
            f"The query parameter {name} is missing.",
            f"Add {name}=YEAR, e.g. ?old=2018&new=2019; /api/list shows the stored years.",
        )
    if not _YEAR.fullmatch(text.strip()):
        raise BadRequest(
            f"The query parameter {name} must be a four-digit year, got {text!r}.",
            "Pick a stored year, e.g. 2019; /api/list shows them.",
        )
    return int(text.strip())


def _series(params: QueryParams) -> str | None:
    return (params.get("series") or "").strip() or None


def _json(doc: dict[str, Any], status: int = 200) -> Response:

    return Response(to_json(doc), status_code=status, media_type="application/json")


def _error(api: bool, status: int, what: str, fix: str) -> Response:
    if api:
        return _json({"error": what, "fix": fix}, status)

    return HTMLResponse(render_error(status, what, fix), status_code=status)


class _Handlers:
    """The endpoints; each opens the store read-only for its own request and closes it."""

    def __init__(
        self, db_path: Path, *, budget: float, stopping: Callable[[], bool] | None = None
    ) -> None:
        self.db_path = db_path
        self.budget = budget
        self.stopping = stopping
        self.pool = WorkerPool(SERVE_WORKERS)
        # Comparisons by (series, years, both reports' sha256): a pair asked for again (the page,
        # then its JSON) is not recomputed, and a re-ingested report changes the key.
        self._cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        # The expressions of a series, by its name and every stored year's sha256: an ingest
        # changes the key, so the answer is always that of the years stored now.
        self._vocabularies: OrderedDict[tuple[Any, ...], Vocabulary] = OrderedDict()
        self._lock = threading.Lock()

    def _run(
        self, api: bool, build: Callable[[Store, QueryParams], Response]
    ) -> Callable[..., Any]:
        async def endpoint(request: Request) -> Response:
            async def give_up() -> str | None:
                if self.stopping is not None and self.stopping():
                    return "stopping"
                return "gone" if await request.is_disconnected() else None

            why, outcome = await self.pool.run(
                lambda: answer(request), budget=self.budget, poll=SERVE_POLL_S, give_up=give_up
            )
            if outcome is not None:
                response, error = outcome
                if error is not None:
                    raise error
                return response
            return self._stopped(api, why, request.url.path)

        def answer(request: Request) -> Response:
            try:
                check_store(self.db_path)
                with Store(self.db_path, readonly=True) as store:
                    return build(store, request.query_params)
            except CompareError as exc:
                return _error(api, _status(exc), exc.what, exc.fix)
            except Exception:  # a bug: logged on the server, a message (no traceback) sent
                _log.exception("compare serve: %s failed", request.url.path)
                return _error(
                    api,
                    500,
                    f"compare failed on {request.url.path} (a bug; the server log has details).",
                    "Report it with the URL; the command line may give the same answer.",
                )

        return endpoint

    def _stopped(self, api: bool, why: str, path: str) -> Response:
        """The 503 of a request whose work was stopped (or never started), saying why."""
        if why == "stopping":
            return _error(
                api,
                503,
                f"compare serve is shutting down; the work for {path} was stopped.",
                "Start compare serve again and reload the page.",
            )
        if why == "busy":
            what = (
                f"All {self.pool.size} workers of compare serve stayed busy for the "
                f"{self.budget:g} s budget of a request; {path} was not started."
            )
        else:
            what = (
                f"Answering {path} took longer than the {self.budget:g} s budget of a request; "
                "the work was stopped."
            )
        return _error(
            api,
            503,
            what,
            "Run the same comparison on the command line (e.g. `compare 2018 2019`), which has "
            "no budget, or start compare serve with a larger --budget.",
        )

    # -- pages --------------------------------------------------------------------------------

    def index(self, store: Store, params: QueryParams) -> Response:

        return HTMLResponse(render_index(store.list_reports(), self.db_path.name))

    def pair(self, store: Store, params: QueryParams) -> Response:

        comparison = self._compare(store, params)
        phrases = year_phrases(
            self._vocabulary(store, comparison.series), comparison.new.year, own=False
        )
        return HTMLResponse(render_html(comparison, phrases=phrases))

    def phrases(self, store: Store, params: QueryParams) -> Response:

        name = resolve_series(store, _series(params))
        query = {"series": name}

        def pair_href(old: int, new: int) -> str:
            return "/pair?" + urlencode({**query, "old": old, "new": new})

        found = series_phrases(self._vocabulary(store, name))
        return HTMLResponse(render_phrases(found, pair_href=pair_href))

    def trends(self, store: Store, params: QueryParams) -> Response:

        name, _, chains = self._chains(store, params)
        return HTMLResponse(render_trends(chains, name))

    # -- JSON ---------------------------------------------------------------------------------

    def api_pair(self, store: Store, params: QueryParams) -> Response:

        return _json(pair_json(self._compare(store, params)))

    def api_metrics(self, store: Store, params: QueryParams) -> Response:

        year = _year(params, "year")
        report = load_report(store, resolve_series(store, _series(params)), year)
        return _json(metrics_json(report))

    def api_phrases(self, store: Store, params: QueryParams) -> Response:

        year = _year(params, "year")
        kind = (params.get("kind") or "all").strip()
        if kind not in PHRASE_KINDS:
            raise BadRequest(
                f"The query parameter kind must be one of {', '.join(PHRASE_KINDS)}, got {kind!r}.",
                "Use kind=new, kind=dropped, kind=all or kind=keywords.",
            )
        top_text = (params.get("top") or "").strip()
        if top_text and not top_text.isdigit():
            raise BadRequest(
                f"The query parameter top must be a whole number, got {top_text!r}.",
                "Use e.g. top=30 (0 for all).",
            )
        name = resolve_series(store, _series(params))
        found = year_phrases(
            self._vocabulary(store, name), year, top=int(top_text) if top_text else None
        )
        return _json(phrases_json(found, kind))

    def api_list(self, store: Store, params: QueryParams) -> Response:

        return _json(list_json(store.list_reports(), store_path=self.db_path))

    def api_trends(self, store: Store, params: QueryParams) -> Response:

        name, years, chains = self._chains(store, params)
        doc = trends_json(chains, name)
        doc["years"] = years  # also when no chain is left to carry them, as the CLI does
        return _json(doc)

    # -- shared -------------------------------------------------------------------------------

    def _compare(self, store: Store, params: QueryParams) -> Any:

        old, new = _year(params, "old"), _year(params, "new")
        name = pipeline.resolve_series(store, _series(params))
        # The key comes from the reports as loaded, so an ingest between two reads cannot file
        # one text's comparison under another's hash.
        old_report, new_report = (
            pipeline.load_report(store, name, old),
            pipeline.load_report(store, name, new),
        )
        fixes = tuple(store.corrections(name))
        key = (name, old, new, old_report.sha256, new_report.sha256, fixes)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        comparison = pipeline.compare_reports(old_report, new_report, corrections=fixes)
        with self._lock:
            self._cache[key] = comparison
            while len(self._cache) > SERVE_CACHED_PAIRS:
                self._cache.popitem(last=False)
        return comparison

    def _vocabulary(self, store: Store, series: str) -> Vocabulary:
        stored = tuple((i.year, i.sha256) for i in store.list_reports() if i.series == series)
        key = (series, stored)
        with self._lock:
            if key in self._vocabularies:
                self._vocabularies.move_to_end(key)
                return self._vocabularies[key]
        # Kept across requests, each with its own store: a year's report is read (when an
        # expression of it is shown) through a store of its own, not this request's.
        vocabulary = replace(series_vocabulary(store, series), load=partial(self._report, series))
        with self._lock:
            self._vocabularies[key] = vocabulary
            while len(self._vocabularies) > 2:
                self._vocabularies.popitem(last=False)
        return vocabulary

    def _report(self, series: str, year: int) -> Report:
        with Store(self.db_path, readonly=True) as store:
            return load_report(store, series, year)

    @staticmethod
    def _chains(store: Store, params: QueryParams) -> tuple[str, list[int], tuple[Any, ...]]:
        """Metric chains over the stored years in [from, to], as ``compare metrics --from --to``."""

        first = _year(params, "from") if params.get("from") else None
        last = _year(params, "to") if params.get("to") else None
        if first is not None and last is not None and first >= last:
            raise BadRequest(
                f"from={first} is not before to={last}.",
                "Give an earlier from than to, e.g. ?from=2014&to=2019.",
            )
        trends = metric_trends(store, _series(params), first=first, last=last)
        return trends.series, list(trends.years), trends.chains


class _SecurityHeaders:
    """Adds the pages' Content-Security-Policy and a few safe defaults to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers["X-Frame-Options"] = "DENY"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(
    db_path: Path | str,
    *,
    allowed_hosts: Sequence[str] = LOCAL_HOSTS,
    budget: float = SERVE_REQUEST_BUDGET_S,
    stopping: Callable[[], bool] | None = None,
) -> Starlette:
    """The web app over the store at ``db_path``; it only ever reads the store.

    ``allowed_hosts`` are the Host header names answered (``answered_hosts`` gives them for a
    bind address). Each request's work is stopped after ``budget`` seconds, when its client
    leaves, or once ``stopping()`` is true (the server received SIGTERM).
    """
    handlers = _Handlers(Path(db_path), budget=budget, stopping=stopping)

    def not_found(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        api = request.url.path.startswith("/api/")
        if status == 404:
            return _error(
                api,
                404,
                f"There is no page at {request.url.path}.",
                "Start from the index at / (or /api/list for JSON).",
            )
        return _error(
            api,
            status,
            f"{request.method} {request.url.path} is not answered here (HTTP {status}).",
            "The app is read-only: use GET.",
        )

    routes = [
        Route("/", handlers._run(False, handlers.index)),
        Route("/pair", handlers._run(False, handlers.pair)),
        Route("/trends", handlers._run(False, handlers.trends)),
        Route("/phrases", handlers._run(False, handlers.phrases)),
        Route("/api/phrases", handlers._run(True, handlers.api_phrases)),
        Route("/api/pair", handlers._run(True, handlers.api_pair)),
        Route("/api/metrics", handlers._run(True, handlers.api_metrics)),
        Route("/api/list", handlers._run(True, handlers.api_list)),
        Route("/api/trends", handlers._run(True, handlers.api_trends)),
    ]
    return Starlette(
        routes=routes,
        middleware=[
            Middleware(_SecurityHeaders),
            Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts)),
        ],
        exception_handlers={HTTPException: not_found},
    )
