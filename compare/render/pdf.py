"""The pair page printed to PDF by a headless Chromium, through the page's print stylesheet.

Public API: render_pdf, html_to_pdf, find_browser, BROWSERS.

The page goes to a temporary file and Chromium prints it (``--print-to-pdf``) with a throwaway
profile, no network, no GPU and without its own header and footer (the page's ``@page`` rules
put both years and titles there). Where no Chromium or Chrome is installed the error names what
to install; where one cannot print, the error says what it answered.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from compare.errors import InputError
from compare.models import Comparison
from compare.render.page import render_html
from compare.tuning import DEFAULT, RenderTuning

__all__ = ["BROWSERS", "find_browser", "html_to_pdf", "render_pdf"]

# Names on PATH, then the usual places outside it (macOS applications).
BROWSERS = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
)
_FLAGS = (
    "--headless",
    "--no-sandbox",  # as root in a container the sandbox cannot start; the page is our own
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-pdf-header-footer",
    "--print-to-pdf-no-header",  # the same, for Chromium before 120
)


def find_browser() -> str | None:
    """The first Chromium or Chrome found (``BROWSERS``), or None."""
    for name in BROWSERS:
        found = shutil.which(name) if not name.startswith("/") else None
        if found:
            return found
        if name.startswith("/") and Path(name).is_file():
            return name
    return None


def html_to_pdf(
    html: str, *, browser: str | None = None, timeout: float = DEFAULT.render.pdf_timeout_seconds
) -> bytes:
    """``html`` printed to PDF by ``browser`` (default: ``find_browser()``)."""
    exe = browser or find_browser()
    if exe is None:
        raise InputError(
            "No browser to print the PDF with: chromium, chromium-browser or google-chrome is "
            "not installed.",
            "Install Chromium and CJK fonts (Debian/Ubuntu: `apt-get install chromium "
            "fonts-noto-cjk`), or write the page with `--format html` and print it from a "
            "browser.",
        )
    with tempfile.TemporaryDirectory(prefix="compare-pdf-") as tmp:
        page, out = Path(tmp) / "page.html", Path(tmp) / "page.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            exe, *_FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}",
            f"--print-to-pdf={out}", page.as_uri(),
        ]  # fmt: skip
        try:
            # A session of its own, so that a hung browser is stopped with all its children.
            proc = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as exc:
            raise InputError(
                f"Cannot start {exe}: {exc.strerror or exc}.",
                "Check that the browser is installed and can run, or write `--format html`.",
            ) from None
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise InputError(
                f"{exe} did not print the page within {timeout:g} seconds.",
                "Try again, or write `--format html` and print it from a browser.",
            ) from None
        if proc.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
            said = err.decode("utf-8", "replace").strip().splitlines()
            raise InputError(
                f"{exe} could not print the page (exit code {proc.returncode}"
                + (f": {said[-1]}" if said else "")
                + ").",
                f"Check that `{exe} --headless --print-to-pdf` works on this machine, or write "
                "`--format html` and print it from a browser.",
            )
        return out.read_bytes()


def render_pdf(
    comparison: Comparison, *, browser: str | None = None, tuning: RenderTuning = DEFAULT.render
) -> bytes:
    """The pair page of ``comparison`` as a PDF, through its print stylesheet."""
    return html_to_pdf(
        render_html(comparison, tuning=tuning), browser=browser, timeout=tuning.pdf_timeout_seconds
    )
