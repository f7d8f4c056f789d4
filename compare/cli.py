"""The command line: a thin typer layer over ``compare.pipeline``.

Public API: app, main.

``compare OLD NEW`` is the main job; typer has no default command with arguments, so ``main``
routes a first argument that is not a command name to the hidden ``pair`` command. Library errors
(``CompareError``) become one message on stderr and the exit code of CONTRACT.md, never a
traceback. Heavy modules (rapidfuzz, rjieba, jinja2) are imported inside the commands so that
``compare --help`` starts fast.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from . import __version__
from .errors import EXIT_CHANGED, CompareError, InputError

if TYPE_CHECKING:
    from rich.console import Console

    from .models import Comparison
    from .store import Store

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


class TableFormat(str, Enum):
    table = "table"
    json = "json"


class MetricsFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


@contextmanager
def _errors() -> Iterator[None]:
    """Turn library errors into a message and the documented exit code."""
    try:
        yield
    except CompareError as exc:
        _console(stderr=True).print(f"Error: {exc}", markup=False)
        raise typer.Exit(exc.exit_code) from None
    except OSError as exc:  # a file system refusal the stages did not foresee
        where = f"{exc.filename}: " if exc.filename else ""
        _console(stderr=True).print(
            f"Error: {where}{exc.strerror or exc}. Check the path and its permissions.",
            markup=False,
        )
        raise typer.Exit(InputError.exit_code) from None


def _open_store(db: Path | None) -> Store:
    from .store import Store, default_db_path

    return Store(db or default_db_path())


def _parse_year(text: str, what: str) -> int:
    value = text.strip()
    if not (value.isdigit() and len(value) == 4):
        raise InputError(
            f"{what} must be a four-digit year, got {text!r}.",
            "Run e.g. `compare 2018 2019`; `compare list` shows the stored years.",
        )
    return int(value)


def _parse_ref(text: str, what: str) -> tuple[str | None, int]:
    """``2019`` or ``SERIES:2019`` (another organisation's report of that year)."""
    series, sep, year = text.rpartition(":")
    if sep and not series.strip():
        raise InputError(
            f"{what} {text!r} names no series before the colon.",
            "Write SERIES:YEAR, e.g. enping:2019, or just the year.",
        )
    return (series.strip() or None), _parse_year(year, what)


def _write(text: str, output: Path | None) -> None:
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


def _dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2)


def _auto_ingest(store: Store, console: Console) -> None:
    """Ingest new or changed files under ./reports before comparing, as the README promises."""
    from .pipeline import ingest

    folder = Path("reports")
    if not folder.is_dir():
        return
    try:
        results = ingest(store, [folder])
    except InputError as exc:
        raise InputError(
            f"Ingesting ./reports first failed: {exc.what}",
            f"{exc.fix} Or pass --no-ingest to compare what is already stored.",
        ) from None
    for r in results:
        if r.status != "unchanged":
            console.print(f"{r.status} {r.series} {r.year} from {r.path}", markup=False)


@app.command("pair", hidden=True)
def pair_cmd(
    old: Annotated[str, typer.Argument(help="Old year (2018), or SERIES:YEAR.")],
    new: Annotated[str, typer.Argument(help="New year (2019), or SERIES:YEAR.")],
    series: SeriesOption = None,
    db: DbOption = None,
    fmt: Annotated[
        PairFormat | None,
        typer.Option("--format", "-f", help="html (default: page + summary), json or md."),
    ] = None,
    output: OutputOption = None,
    fail_on_change: Annotated[
        bool, typer.Option("--fail-on-change", help="Exit 1 when anything changed.")
    ] = False,
    no_ingest: Annotated[
        bool, typer.Option("--no-ingest", help="Do not ingest ./reports first.")
    ] = False,
) -> None:
    """Compare two years: write the HTML page and print a summary."""
    from .pipeline import compare_reports, load_report, resolve_series

    with _errors():
        (old_series, old_year), (new_series, new_year) = (
            _parse_ref(old, "OLD"),
            _parse_ref(new, "NEW"),
        )
        console = _console(stderr=fmt is not None and output is None)
        with _open_store(db) as store:
            if not no_ingest:
                _auto_ingest(store, console)
            # SERIES:YEAR on one side compares two organisations; --series fills the other side.
            a = load_report(store, resolve_series(store, old_series or series), old_year)
            b = load_report(store, resolve_series(store, new_series or series), new_year)
            comp = compare_reports(a, b)
        if fmt is PairFormat.json:
            from .export import pair_json

            _write(_dumps(pair_json(comp)), output)
        elif fmt is PairFormat.md:
            from .render import render_markdown

            _write(render_markdown(comp), output)
        else:
            from .render import render_html

            name = (
                f"{_safe(comp.series)}-{old_year}-{new_year}"
                if comp.old.series == comp.new.series
                else f"{_safe(comp.old.series)}-{old_year}-vs-{_safe(comp.new.series)}-{new_year}"
            )
            target = output or Path("out") / f"{name}.html"
            _write(render_html(comp), target)
            if fmt is None:
                _print_summary(comp, console)
            console.print(f"Wrote {target}", markup=False)
        if fail_on_change and _has_changes(comp):
            raise typer.Exit(EXIT_CHANGED)


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)


def _has_changes(comp: Comparison) -> bool:
    return any(p.status != "unchanged" for p in comp.sections) or any(
        c.status != "unchanged" for c in comp.metrics
    )


def _short(text: str, width: int = 34) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _grouped(number: str) -> str:
    """A plain decimal with thousands separators and an explicit sign: +7,300,000,000,000."""
    sign = "-" if number.startswith("-") else "+"
    whole, _, frac = number.lstrip("+-").partition(".")
    return f"{sign}{int(whole):,}" + (f".{frac}" if frac else "")


def _print_summary(comp: Comparison, console: Console) -> None:
    from rich.table import Table

    counts = Counter(p.status for p in comp.sections)
    head = (
        f"{comp.series}: {comp.old.year} → {comp.new.year}"
        if comp.old.series == comp.new.series
        else f"{comp.old.series} {comp.old.year} → {comp.new.series} {comp.new.year}"
    )
    console.print(f"{head}, overall similarity {comp.similarity:.0%}", markup=False)
    for note in comp.notes:
        console.print(f"Note: {note}", markup=False)
    by_count = sorted(counts.items(), key=lambda x: -x[1])
    console.print("Sections: " + ", ".join(f"{n} {s}" for s, n in by_count), markup=False)
    ranked = sorted(
        (
            (d.change, p)
            for p, d in zip(comp.sections, comp.diffs, strict=True)
            if d is not None and d.change > 0 and p.status in ("changed", "renamed", "moved")
        ),
        key=lambda x: -x[0],
    )[:5]
    if ranked:
        table = Table(title="Most changed sections", title_justify="left")
        table.add_column("status")
        table.add_column(str(comp.old.year))
        table.add_column(str(comp.new.year))
        table.add_column("changed", justify="right")
        for change, p in ranked:
            assert p.old is not None and p.new is not None
            table.add_row(p.status, _short(p.old.title), _short(p.new.title), f"{change:.0%}")
        console.print(table)
    mcounts = Counter(c.status for c in comp.metrics)
    if comp.metrics:
        console.print(
            "Metrics: " + ", ".join(f"{n} {s}" for s, n in sorted(mcounts.items())), markup=False
        )
        moved = [c for c in comp.metrics if c.status == "changed" and c.old and c.new][:8]
        if moved:
            table = Table(title="Metric changes", title_justify="left")
            for col in ("label", str(comp.old.year), str(comp.new.year), "Δ"):
                table.add_column(col)
            for c in moved:
                assert c.old is not None and c.new is not None
                delta = _grouped(c.delta) if c.delta else ""
                if c.new.quantity.unit == "%" and delta:
                    delta += " pp"
                elif c.delta_percent:
                    delta += f" ({c.delta_percent}%)"
                table.add_row(
                    _short(c.label, 20), c.old.quantity.text, c.new.quantity.text, delta
                )
            console.print(table)


@app.command("ingest")
def ingest_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders.")],
    series: SeriesOption = None,
    year: Annotated[
        int | None, typer.Option("--year", help="Year of the report (one file only).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Store reports (one file per year); re-ingesting the same bytes does nothing."""
    from rich.progress import Progress

    from .pipeline import ingest

    with _errors():
        console = _console()
        with _open_store(db) as store, Progress(console=console, transient=True) as progress:
            task = progress.add_task("Reading", total=None)

            def tick(path: Path) -> None:
                progress.update(task, advance=1, description=f"Read {path.name}")

            results = ingest(store, paths, year=year, series=series, on_file=tick)
        for r in results:
            note = {"unchanged": "unchanged (same bytes)", "replaced": "replaced (new bytes)"}
            console.print(
                f"{note.get(r.status, r.status)}: {r.series} {r.year} — {r.sections} sections, "
                f"{r.metrics} metrics ({r.path})",
                markup=False,
            )


@app.command("list")
def list_cmd(
    db: DbOption = None,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
) -> None:
    """List the stored reports."""
    from .export import list_json

    with _errors(), _open_store(db) as store:
        infos = store.list_reports()
        if fmt is TableFormat.json:
            _write(_dumps(list_json(infos)), None)
            return
        if not infos:
            _console().print(f"The store {store.path} holds no reports yet.", markup=False)
            return
        from rich.table import Table

        table = Table()
        for col in ("series", "year", "title", "sections", "metrics", "path"):
            table.add_column(col)
        for i in infos:
            table.add_row(
                i.series, str(i.year), i.title, str(i.sections), str(i.metrics), i.path
            )
        _console().print(table)


@app.command("show")
def show_cmd(
    year: Annotated[str, typer.Argument(help="Year to show.")],
    series: SeriesOption = None,
    db: DbOption = None,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
) -> None:
    """Show one report's section tree with source lines."""
    from .export import section_ref
    from .pipeline import load_report, resolve_series

    with _errors(), _open_store(db) as store:
        name = resolve_series(store, series)
        report = load_report(store, name, _parse_year(year, "YEAR"))
        if fmt is TableFormat.json:
            doc = {
                "series": report.series,
                "year": report.year,
                "title": report.title,
                "sections": [section_ref(s) for s in report.sections],
            }
            _write(_dumps(doc), None)
            return
        console = _console()
        console.print(f"{report.title} ({report.series} {report.year})", markup=False)
        for s in report.sections:
            indent = "  " * max(s.level - 1, 0)
            title = s.title or "(text before the first heading)"
            console.print(f"{s.line:>5}  {indent}{_short(title, 60)}", markup=False)


class MetricsCmdFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    html = "html"


@app.command("metrics")
def metrics_cmd(
    year: Annotated[
        str | None, typer.Argument(help="Year, or OLD year when NEW is given.", show_default=False)
    ] = None,
    new: Annotated[str | None, typer.Argument(help="NEW year: show changes.")] = None,
    series: SeriesOption = None,
    db: DbOption = None,
    fmt: Annotated[
        MetricsCmdFormat,
        typer.Option("--format", "-f", help="html only with --from/--to (sparkline table)."),
    ] = MetricsCmdFormat.table,
    output: OutputOption = None,
    from_year: Annotated[
        str | None,
        typer.Option("--from", help="First year of a multi-year run (default: the first stored)."),
    ] = None,
    to_year: Annotated[
        str | None,
        typer.Option("--to", help="Last year of a multi-year run (default: the last stored)."),
    ] = None,
    min_years: Annotated[
        int,
        typer.Option("--min-years", min=1, help="With --from/--to: chains stated in at least "
                     "this many years."),
    ] = 2,
) -> None:
    """One report's metrics, the changes between two years, or chains over many (--from/--to)."""
    from .export import metric_changes_csv, metrics_csv, metrics_json, pair_json
    from .pipeline import compare_reports, load_report, resolve_series

    with _errors(), _open_store(db) as store:
        if from_year is not None or to_year is not None:
            if year is not None:
                raise InputError(
                    f"YEAR {year} was given together with --from/--to.",
                    "Use `compare metrics --from 2014 --to 2019` for chains, or "
                    "`compare metrics 2018 2019` for one pair of years.",
                )
            _metric_trends(store, series, from_year, to_year, fmt, output, min_years)
            return
        if year is None:
            raise InputError(
                "No year given.",
                "Run `compare metrics 2019`, `compare metrics 2018 2019` or "
                "`compare metrics --from 2014 --to 2019`.",
            )
        if fmt is MetricsCmdFormat.html:
            raise InputError(
                "--format html is made for multi-year chains only.",
                "Add --from/--to, or run `compare OLD NEW` for the page of two years.",
            )
        name = resolve_series(store, series)
        report = load_report(store, name, _parse_year(year, "YEAR"))
        if new is not None:
            other = load_report(store, name, _parse_year(new, "NEW"))
            comp = compare_reports(report, other)
            if fmt is MetricsCmdFormat.json:
                _write(_dumps(pair_json(comp)), output)
            elif fmt is MetricsCmdFormat.csv:
                _write(metric_changes_csv(comp), output)
            else:
                _print_metric_changes(comp)
            return
        if fmt is MetricsCmdFormat.json:
            _write(_dumps(metrics_json(report)), output)
        elif fmt is MetricsCmdFormat.csv:
            _write(metrics_csv(report), output)
        else:
            from rich.table import Table

            table = Table(title=f"{report.series} {report.year}: {len(report.metrics)} metrics")
            for col in ("line", "label", "value", "unit", "kind", "as written"):
                table.add_column(col)
            for m in report.metrics:
                q = m.quantity
                value = ("≈" if m.approx else "") + q.value
                table.add_row(str(q.line), m.label, value, q.unit, m.kind, q.text)
            _console().print(table)


def _metric_trends(
    store: Store,
    series: str | None,
    from_year: str | None,
    to_year: str | None,
    fmt: MetricsCmdFormat,
    output: Path | None,
    min_years: int,
) -> None:
    """``compare metrics --from A --to B``: one row per metric chain, values by year."""
    from .export import trends_csv, trends_json
    from .metrics import chain_metrics
    from .pipeline import load_report, resolve_series

    name = resolve_series(store, series)
    stored = store.years(name)
    first = _parse_year(from_year, "--from") if from_year is not None else min(stored)
    last = _parse_year(to_year, "--to") if to_year is not None else max(stored)
    if first >= last:
        raise InputError(
            f"--from {first} is not before --to {last}.",
            "Give an earlier --from than --to, e.g. --from 2014 --to 2019.",
        )
    years = [y for y in stored if first <= y <= last]
    if len(years) < 2:
        shown = ", ".join(str(y) for y in stored)
        raise InputError(
            f"Series {name} has {len(years)} stored report(s) from {first} to {last}; chains "
            f"need two or more. Stored years: {shown}.",
            "Widen --from/--to, or ingest the missing years with `compare ingest PATH`.",
        )
    chains = chain_metrics([load_report(store, name, y) for y in years])
    chains = tuple(c for c in chains if len(c.years) >= min_years)
    if fmt is MetricsCmdFormat.json:
        doc = trends_json(chains, name)
        doc["years"] = years  # also when no chain is left to carry them
        _write(_dumps(doc), output)
    elif fmt is MetricsCmdFormat.csv:
        _write(trends_csv(chains), output)
    elif fmt is MetricsCmdFormat.html:
        from .render import render_trends

        target = output or Path("out") / f"{_safe(name)}-metrics-{first}-{last}.html"
        _write(render_trends(chains, name), target)
        _console().print(f"Wrote {target} ({len(chains)} chains)", markup=False)
    else:
        from rich.table import Table

        table = Table(title=f"{name}: {len(chains)} metric chains {years[0]}–{years[-1]}")
        for col in ("label", "unit", *(str(y) for y in years)):
            table.add_column(col)
        for c in chains:
            cells = [("≈" if m.approx else "") + m.quantity.text if m else "—" for _, m in c.values]
            table.add_row(c.label, c.unit, *cells)
        _console().print(table)


def _print_metric_changes(comp: Comparison) -> None:
    from rich.table import Table

    table = Table(title=f"{comp.series}: metrics {comp.old.year} → {comp.new.year}")
    for col in ("status", "label", str(comp.old.year), str(comp.new.year), "Δ", "Δ%"):
        table.add_column(col)
    for c in comp.metrics:
        table.add_row(
            c.status,
            c.label,
            c.old.quantity.text if c.old else "",
            c.new.quantity.text if c.new else "",
            (c.delta or "") + (" pp" if c.delta and c.new and c.new.quantity.unit == "%" else ""),
            c.delta_percent or "",
        )
    _console().print(table)


@app.command("eval")
def eval_cmd(
    gold: Annotated[
        Path, typer.Argument(help="Folder of gold files (see ../shared/gold/README.md).")
    ] = Path("../shared/gold"),
    corpus: Annotated[
        Path | None,
        typer.Option("--corpus", help="Corpus folder (default: gold/../corpus)."),
    ] = None,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
) -> None:
    """Score alignment and metrics against hand-checked gold labels."""
    from .evaluate import evaluate_folder, format_report

    with _errors():
        results = evaluate_folder(gold, corpus=corpus)
        if fmt is TableFormat.json:
            _write(_dumps(results), None)
        else:
            _write(format_report(results), None)


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
    prints a summary. Other commands: ingest, list, show, metrics, eval.
    """


def _route(argv: list[str]) -> list[str]:
    """Send `compare OLD NEW ...` to the hidden pair command."""
    if not argv:
        return argv
    commands = {c.name for c in app.registered_commands if c.name}
    if argv[0] in commands or argv[0] in ("--help", "-h", "--version"):
        return argv
    return ["pair", *argv]


def main(argv: list[str] | None = None) -> Callable[..., Any] | None:
    """Entry point of the ``compare`` script."""
    args = _route(list(sys.argv[1:] if argv is None else argv))
    return app(args=args, prog_name="compare")


if __name__ == "__main__":
    main()
