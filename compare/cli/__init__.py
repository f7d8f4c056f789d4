"""The command line: a thin typer layer over ``compare.pipeline``.

Public API: app, main.

``compare OLD NEW`` is the main job; typer has no default command with arguments, so ``main``
routes a first argument that is not a command name to the hidden ``pair`` command. Library errors
(``CompareError``) become one message on stderr and the exit code of CONTRACT.md, never a
traceback. Heavy modules (rapidfuzz, rjieba, jinja2) are imported inside the commands so that
``compare --help`` starts fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from compare import __version__
from compare.cli import (  # noqa: F401 (registers them)
    correct,
    pair,
    reports,
    search,
    seriescmds,
    serve,
)
from compare.cli.common import app

__all__ = ["app", "main"]


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"compare {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version_callback, is_eager=True, help="Show version."),
    ] = False,
) -> None:
    """Compare two years of a recurring report: sections, wording and metric changes.

    Main use: `compare OLD NEW` (e.g. `compare 2018 2019`) writes out/SERIES-OLD-NEW.html and
    prints a summary. Other commands: ingest, list, show, remove, metrics, eval, phrases, site,
    trace, correct.
    """


def _route(argv: list[str]) -> list[str]:
    """Send `compare OLD NEW ...` to the hidden pair command."""
    if not argv:
        return argv
    commands = {c.name for c in app.registered_commands if c.name}
    commands |= {g.name for g in app.registered_groups if g.name}
    if argv[0] in commands or argv[0] in ("--help", "-h", "--version"):
        return argv
    return ["pair", *argv]


def main(argv: list[str] | None = None) -> Callable[..., Any] | None:
    """Entry point of the ``compare`` script.

    ``compare OLD NEW`` runs the hidden ``pair`` command as ``compare`` itself, so that a usage
    error names what the user typed (``Usage: compare [OPTIONS] OLD NEW``), not ``compare pair``.
    """
    given = list(sys.argv[1:] if argv is None else argv)
    args = _route(given)
    if args[:1] == ["pair"] and given[:1] != ["pair"]:
        pair_command = typer.main.get_command(app).commands["pair"]  # type: ignore[attr-defined]
        return pair_command.main(args=given, prog_name="compare")
    return app(args=args, prog_name="compare")

