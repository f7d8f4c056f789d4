"""Shared pieces of the browser tests: Debian's chromium through Playwright, and a live server.

Fixtures (import ``browser_fixture`` and ``page_fixture`` into a test module): ``browser``
(session: one headless chromium) and ``page`` (a fresh 1280 px page per test; ``page.watch``
lists console errors, page errors and failed requests). Helpers: ``find_chromium``,
``free_port``, ``start_serve``, ``wait_until_up``, ``stop``, ``screenshots_wanted``.

Browser builds cannot be downloaded here, so ``playwright install`` is never used: the
``executable_path`` points at the distribution's chromium, and a module using these fixtures is
skipped, with the reason, where none is installed.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from support import cli_env

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

REPO = Path(__file__).resolve().parents[1]
# No GPU, no background traffic (the pages must work with no network at all), no first-run UI.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}


def find_chromium() -> str | None:
    """Debian's chromium binary (package ``chromium``), or None."""
    names = (shutil.which("chromium"), "/usr/bin/chromium", shutil.which("chromium-browser"))
    for candidate in names:
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def screenshots_wanted() -> bool:
    """Screenshots for the README are written only on request (they are tracked files)."""
    return os.environ.get("COMPARE_SCREENSHOTS") == "1"


@dataclass
class Watch:
    """What went wrong on a page: console errors, uncaught exceptions, failed requests."""

    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return self.console + self.errors + self.failed


def watch(page: Page) -> Watch:
    """Start recording a page's problems."""
    seen = Watch()
    page.on("console", lambda m: seen.console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: seen.errors.append(str(exc)))
    page.on("requestfailed", lambda r: seen.failed.append(f"{r.url}: {r.failure}"))
    return seen


@pytest.fixture(scope="session", name="browser")
def browser_fixture() -> Iterator[Browser]:
    executable = find_chromium()
    if executable is None:
        pytest.skip("chromium is not installed (apt-get install chromium); browser tests need it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, headless=True, args=LAUNCH_ARGS)
        yield launched
        launched.close()


@pytest.fixture(name="page")
def page_fixture(browser: Browser) -> Iterator[Any]:
    """A fresh page (own context) at 1280×800; ``page.watch`` holds its problems."""
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    fresh = context.new_page()
    fresh.watch = watch(fresh)  # type: ignore[attr-defined]
    yield fresh
    context.close()


def free_port() -> int:
    """A TCP port free on 127.0.0.1 just now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_serve(db: Path, port: int, cwd: Path) -> subprocess.Popen[bytes]:
    """``compare serve --db DB --port PORT`` as a real process (default host 127.0.0.1)."""
    env = cli_env()
    return subprocess.Popen(
        [sys.executable, "-m", "compare.cli", "serve", "--db", str(db), "--port", str(port)],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def wait_until_up(url: str, proc: subprocess.Popen[bytes], tries: int = 300) -> bytes:
    """The body of ``url`` once the server answers (polling; fails if the process ends)."""
    for _ in range(tries):
        if proc.poll() is not None:
            raise AssertionError(f"server ended: {proc.communicate()[1].decode()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body: bytes = response.read()
                return body
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} never answered")


def stop(proc: subprocess.Popen[bytes]) -> tuple[str, str]:
    """Terminate a server started here; its stdout and stderr."""
    if proc.poll() is None:
        proc.terminate()
    out, err = proc.communicate(timeout=30)
    return out.decode(), err.decode()
