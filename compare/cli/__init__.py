"""The command line: a thin typer layer over ``compare.pipeline``.

Public API: app, main, COMMAND_MODULES.

``compare OLD NEW`` is the main job; typer has no default command with arguments, so ``main``
routes a first argument that is not a command name to the hidden ``pair`` command. Library errors
(``CompareError``) become one message on stderr and the exit code of CONTRACT.md, never a
traceback. Heavy modules (rapidfuzz, rjieba, jinja2) are imported inside the commands so that
``compare --help`` starts fast.

Each run loads only the module of the command it runs (``COMMAND_MODULES``) and has typer build
only that command: typer makes a click command of every registered command at each run, which
cost ``compare list`` more than listing the store. ``app`` (``from compare.cli import app``, as
typer's ``CliRunner`` takes it) is the whole app: reading it loads every command module.
"""

from __future__ import annotations

import copy
import importlib
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from compare import __version__
from compare.cli import common

__all__ = ["COMMAND_MODULES", "app", "main"]

# Every command name and the module of compare.cli that registers it, in the order `compare
# --help` lists them (pair is hidden; correct is a group of commands). A command missing here
# still runs (main then loads every module to find it), only slower.
COMMAND_MODULES = {
    "pair": "pair",
    "ingest": "reports",
    "list": "reports",
    "show": "reports",
    "remove": "reports",
    "metrics": "reports",
    "eval": "reports",
    "search": "search",
    "phrases": "phrases",
    "site": "seriescmds",
    "trace": "seriescmds",
    "serve": "serve",
    "correct": "correct",
}


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"compare {__version__}")
        raise typer.Exit()


@common.app.callback()
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


def _full_app() -> typer.Typer:
    """The app with every command registered, in the order of ``COMMAND_MODULES`` whichever
    module was loaded first."""
    for module in dict.fromkeys(COMMAND_MODULES.values()):
        importlib.import_module(f"compare.cli.{module}")
    order = {name: n for n, name in enumerate(COMMAND_MODULES)}
    common.app.registered_commands.sort(key=lambda c: order.get(c.name or "", len(order)))
    return common.app


def __getattr__(name: str) -> typer.Typer:
    # `app` is read by tests and by typer's CliRunner: every command must be registered then.
    if name == "app":
        return _full_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _command_names(app: typer.Typer) -> set[str]:
    names = {c.name for c in app.registered_commands if c.name}
    return names | {g.name for g in app.registered_groups if g.name}


def _route(argv: list[str]) -> list[str]:
    """Send `compare OLD NEW ...` to the hidden pair command."""
    if not argv:
        return argv
    first = argv[0]
    if first in COMMAND_MODULES or first in ("--help", "-h", "--version"):
        return argv
    # A word (not a year, a SERIES:YEAR or an option) may name a command that COMMAND_MODULES
    # misses: ask the whole app before taking it for a year.
    if first.replace("-", "").isalpha() and first in _command_names(_full_app()):
        return argv
    return ["pair", *argv]


def _only(name: str) -> typer.Typer:
    """The app as it runs command ``name``: its callback and options, that one command."""
    importlib.import_module(f"compare.cli.{COMMAND_MODULES[name]}")
    one = copy.copy(common.app)
    one.registered_commands = [c for c in common.app.registered_commands if c.name == name]
    one.registered_groups = [g for g in common.app.registered_groups if g.name == name]
    return one


def _tolerant_output() -> None:
    """An output that cannot carry every character (``PYTHONIOENCODING=ascii``, a C locale)
    gets a backslash escape for each one it cannot write, never a traceback halfway through a
    table; in JSON, ``\\uXXXX`` is the same string."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding != "utf8" and reconfigure is not None:
            reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> Callable[..., Any] | None:
    """Entry point of the ``compare`` script.

    ``compare OLD NEW`` runs the hidden ``pair`` command as ``compare`` itself, so that a usage
    error names what the user typed (``Usage: compare [OPTIONS] OLD NEW``), not ``compare pair``.
    """
    _tolerant_output()
    given = list(sys.argv[1:] if argv is None else argv)
    args = _route(given)
    if args[:1] == ["pair"] and given[:1] != ["pair"]:
        pair_command = typer.main.get_command(_only("pair")).commands["pair"]  # type: ignore[attr-defined]
        return pair_command.main(args=given, prog_name="compare")
    if args and args[0] in COMMAND_MODULES:
        return _only(args[0])(args=args, prog_name="compare")
    return _full_app()(args=args, prog_name="compare")
