"""Shared parts of the command line: the typer app, options, error mapping, store and output.

Public API: app, DbOption, SeriesOption, OutputOption, PairFormat, TableFormat,
handle_errors (CompareError to message and exit code), make_console, open_store, parse_year,
parse_ref, write_out, dumps, auto_ingest, safe_name, short.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from compare.errors import CompareError, InputError

if TYPE_CHECKING:
    from rich.console import Console

    from compare.store.db import Store

__all__ = [
    "DbOption",
    "OutputOption",
    "PairFormat",
    "SeriesOption",
    "TableFormat",
    "app",
    "auto_ingest",
    "dumps",
    "handle_errors",
    "make_console",
    "open_store",
    "parse_ref",
    "parse_year",
    "safe_name",
    "short",
    "write_out",
]

app = typer.Typer(
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help=(
        "Compare two years of a recurring report: sections aligned, wording and metric changes.\n\n"
        "Main use: compare OLD NEW (e.g. compare 2018 2019) writes an HTML page and prints a "
        "summary."
    ),
)

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db", help="Store file (default: $COMPARE_DB or ./store.db).", show_default=False
    ),
]
SeriesOption = Annotated[
    str | None, typer.Option("--series", help="Which series, when the store holds several.")
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
]


class PairFormat(str, Enum):
    html = "html"
    json = "json"
    md = "md"
    docx = "docx"
    pdf = "pdf"


class TableFormat(str, Enum):
    table = "table"
    json = "json"


def make_console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


@contextmanager
def handle_errors() -> Iterator[None]:
    """Turn library errors into a message and the documented exit code."""
    try:
        yield
    except CompareError as exc:
        make_console(stderr=True).print(f"Error: {exc}", markup=False)
        raise typer.Exit(exc.exit_code) from None
    except OSError as exc:  # a file system refusal the stages did not foresee
        where = f"{exc.filename}: " if exc.filename else ""
        make_console(stderr=True).print(
            f"Error: {where}{exc.strerror or exc}. Check the path and its permissions.",
            markup=False,
        )
        raise typer.Exit(InputError.exit_code) from None


def open_store(db: Path | None) -> Store:
    from compare.store.db import Store, default_db_path

    return Store(db or default_db_path())


def parse_year(text: str, what: str) -> int:
    value = text.strip()
    # ASCII digits only: str.isdigit() also accepts "²" and "٢", which int() then rejects.
    if not (len(value) == 4 and all("0" <= ch <= "9" for ch in value)):
        raise InputError(
            f"{what} must be a four-digit year, got {text!r}.",
            "Run e.g. `compare 2018 2019`; `compare list` shows the stored years.",
        )
    return int(value)


def parse_ref(text: str, what: str) -> tuple[str | None, int]:
    """``2019`` or ``SERIES:2019`` (another organisation's report of that year)."""
    series, sep, year = text.rpartition(":")
    if sep and not series.strip():
        raise InputError(
            f"{what} {text!r} names no series before the colon.",
            "Write SERIES:YEAR, e.g. enping:2019, or just the year.",
        )
    return (series.strip() or None), parse_year(year, what)


def write_out(text: str, output: Path | None) -> None:
    if output is None:
        # UTF-8 whatever the terminal's locale: the contract's documents are UTF-8.
        sys.stdout.flush()
        sys.stdout.buffer.write((text if text.endswith("\n") else text + "\n").encode("utf-8"))
        sys.stdout.buffer.flush()
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"Cannot write {output}: {exc.strerror}.", "Pass a writable path to --output."
        ) from None


def dumps(doc: dict[str, Any]) -> str:
    """A JSON document as ``compare serve`` answers it too (one serializer for both)."""
    from compare.export import to_json

    return to_json(doc)


def auto_ingest(
    store: Store, console: Console, wanted: Sequence[tuple[str | None, int]] = ()
) -> None:
    """Ingest new or changed files under ./reports before comparing, as the README promises.

    Only the default store takes them (no --db, no COMPARE_DB: a store the user named is theirs,
    and the sample must not leak into it). Nothing is written when a ``wanted`` (series, year)
    is neither stored nor among the files: the comparison would fail, and every store stays as
    it was.
    """
    from compare.pipeline import prepare_reports, store_reports
    from compare.store.db import default_db_path

    folder = Path("reports")
    if not folder.is_dir() or store.path != default_db_path() or os.environ.get("COMPARE_DB"):
        return
    try:
        pending = prepare_reports([folder])
    except InputError as exc:
        raise InputError(
            f"Ingesting ./reports first failed: {exc.what}",
            f"{exc.fix} Or pass --no-ingest to compare what is already stored.",
        ) from None
    names = sorted(set(store.series()) | {r.series for r, _ in pending})
    for series, year in wanted:
        name = series or (names[0] if len(names) == 1 else None)
        if name is None or name not in names:
            continue  # the comparison itself names the series problem
        years = set(store.years(name)) | {r.year for r, _ in pending if r.series == name}
        if year not in years:
            shown = ", ".join(str(y) for y in sorted(years))
            raise InputError(
                f"No {year} report in series {name}. Stored years: {shown}.",
                "Pick one of those years, or ingest the missing report with "
                "`compare ingest PATH`.",
            )
    for r in store_reports(store, pending):
        if r.status != "unchanged":
            console.print(f"{r.status} {r.series} {r.year} from {r.path}", markup=False)


def safe_name(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)


def short(text: str, width: int = 34) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
