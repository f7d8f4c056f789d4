"""Shared parts of the command line: the typer app, options, error mapping, store and output.

Public API: app, DbOption, SeriesOption, OutputOption, PairFormat, TableFormat,
handle_errors (CompareError to message and exit code), make_console, open_store, parse_year,
parse_ref, write_out, dumps, auto_ingest, safe_name, short, printable, protected_files,
refuse_overwrite.

Report text never reaches a terminal raw: ``printable`` shows every control character (ESC, BEL,
CR, the C1 codes) as a ``\\u`` escape, and both ways text reaches the terminal use it: the
console of ``make_console`` (every string it renders, table cells included; rich markup is off,
so ``[/x]`` in a title is text) and ``write_out`` to stdout. ``--output`` never replaces the store
or a stored report's source file (``protected_files``, ``refuse_overwrite``), and a file is
written whole or not at all (a temporary file renamed over it).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
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
    "printable",
    "protected_files",
    "refuse_overwrite",
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


# Control characters (C0 but tab and line feed, DEL, C1) as \u escapes: ESC ]0;…BEL would set the
# window title, ESC [31m colour the terminal, CR overwrite a line. JSON escapes read the same.
_CONTROLS = {
    code: f"\\u{code:04x}"
    for code in (*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0))
}


def printable(text: str) -> str:
    """``text`` safe for a terminal: every control character shown as a ``\\u`` escape."""
    return text.translate(_CONTROLS)


def make_console(stderr: bool = False) -> Console:
    """A rich console that shows report text as text: every string it renders goes through
    ``printable``, and rich markup and emoji codes are off (a title holding ``[/x]`` or
    ``:smile:`` is printed as written)."""
    from rich.console import Console
    from rich.text import Text

    class TerminalConsole(Console):
        def render_str(self, text: str, **kwargs: Any) -> Text:
            return super().render_str(printable(text), **kwargs)

    # emoji=False: rich would print a title holding ``:smile:`` with an emoji in its place.
    return TerminalConsole(
        stderr=stderr, highlight=False, soft_wrap=True, markup=False, emoji=False
    )


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


def write_out(text: str | bytes, output: Path | None) -> None:
    """``text`` to stdout (control characters escaped, see ``printable``) or to the file
    ``output``, written whole or not at all: a temporary file beside it, renamed over it. Bytes
    (a Word or PDF document) go to a file only."""
    if output is None:
        assert isinstance(text, str), "a binary document is written to a file"
        # UTF-8 whatever the terminal's locale: the contract's documents are UTF-8.
        text = printable(text)
        sys.stdout.flush()
        sys.stdout.buffer.write((text if text.endswith("\n") else text + "\n").encode("utf-8"))
        sys.stdout.buffer.flush()
        return
    tmp = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            tmp.write_bytes(text)
        else:
            tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(
            f"Cannot write {output}: {exc.strerror or exc}.",
            "Pass a writable path to --output, or free space on its disk.",
        ) from None


def protected_files(store: Store) -> list[tuple[Path, str]]:
    """Files no output may replace: the store (with its journal) and every stored report's
    source file, each with how a message names it."""
    out = [(store.path, f"the store {store.path}")]
    out += [
        (store.path.with_name(store.path.name + end), f"the store's journal {store.path}{end}")
        for end in ("-journal", "-wal", "-shm")
    ]
    out += [(Path(i.path), f"the report file {i.path} ({i.series} {i.year})")
            for i in store.list_reports()]
    return out


def refuse_overwrite(target: Path, protected: Sequence[tuple[Path, str]], *,
                     folder: bool = False) -> None:
    """InputError when writing ``target`` would replace a protected file; with ``folder``,
    ``target`` is a folder of pages (``compare site``) that must not hold one of them."""
    for path, what in protected:
        if folder:
            hit = path.suffix.lower() in (".html", ".json") and _same(path.parent, target)
        else:
            hit = _same(path, target)
        if hit:
            where = f"--output {target} holds" if folder else f"--output {target} is"
            raise InputError(
                f"{where} {what}; writing there would replace it.",
                "Pass another path to --output.",
            )


def _same(a: Path, b: Path) -> bool:
    """Whether two paths name one file (through links too); False when either is absent and
    their resolved paths differ."""
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
        return a.resolve() == b.resolve()
    except OSError:
        return False


def dumps(doc: dict[str, Any]) -> str:
    """A JSON document as ``compare serve`` answers it too (one serializer for both)."""
    from compare.jsondocs import to_json

    return to_json(doc)


def auto_ingest(
    store: Store, console: Callable[[], Console], wanted: Sequence[tuple[str | None, int]] = ()
) -> None:
    """Ingest new or changed files under ./reports before comparing, as the README promises.

    Only the default store takes them (no --db, no COMPARE_DB: a store the user named is theirs,
    and the sample must not leak into it). Nothing is written when a ``wanted`` (series, year)
    is neither stored nor among the files: the comparison would fail, and every store stays as
    it was. ``console`` gives the console to tell what was stored on (made when first asked).
    """
    from compare.pipeline import prepare_reports, store_reports
    from compare.store.db import default_db_path

    folder = Path("reports")
    if not folder.is_dir() or store.path != default_db_path() or os.environ.get("COMPARE_DB"):
        return
    try:
        pending = prepare_reports([folder], store=store)
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
            console().print(f"{r.status} {r.series} {r.year} from {r.path}", markup=False)


def safe_name(name: str) -> str:
    """``name`` as one file or folder name: never a path, never ``.``, ``..`` or empty."""
    out = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)
    return out if out.strip(".") else "_" * max(len(out), 1)


def short(text: str, width: int = 34) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
