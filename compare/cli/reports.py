"""The commands over stored reports: ingest, list, show, metrics, eval."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from compare.errors import InputError

if TYPE_CHECKING:
    from compare.models import Comparison
    from compare.store.db import Store

from compare.cli.common import (
    DbOption,
    OutputOption,
    SeriesOption,
    TableFormat,
    app,
    dumps,
    handle_errors,
    make_console,
    open_store,
    parse_year,
    printable,
    protected_files,
    refuse_overwrite,
    safe_name,
    short,
    write_out,
)

__all__ = ["eval_cmd", "ingest_cmd", "list_cmd", "metrics_cmd", "show_cmd"]


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
    from rich.markup import escape
    from rich.progress import Progress

    from compare.pipeline import ingest

    with handle_errors():
        console = make_console()
        with open_store(db) as store, Progress(console=console, transient=True) as progress:
            task = progress.add_task("Reading", total=None)

            def tick(path: Path) -> None:
                # The bar's description is rich markup: a file named "[/x].txt" is text.
                name = escape(printable(path.name))
                progress.update(task, advance=1, description=f"Read {name}")

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
    from compare.export import list_json, shown_path

    with handle_errors(), open_store(db) as store:
        infos = store.list_reports()
        if fmt is TableFormat.json:
            write_out(dumps(list_json(infos, store_path=store.path)), None)
            return
        if not infos:
            make_console().print(f"The store {store.path} holds no reports yet.", markup=False)
            return
        from rich.table import Table

        table = Table()
        for col in ("series", "year", "title", "sections", "metrics", "path"):
            table.add_column(col)
        for i in infos:
            path = shown_path(i.path, store.path)
            table.add_row(i.series, str(i.year), i.title, str(i.sections), str(i.metrics), path)
        make_console().print(table)


@app.command("show")
def show_cmd(
    year: Annotated[str, typer.Argument(help="Year to show.")],
    series: SeriesOption = None,
    db: DbOption = None,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
) -> None:
    """Show one report's section tree with source lines."""
    from compare.export import section_ref
    from compare.pipeline import load_report, resolve_series

    with handle_errors(), open_store(db) as store:
        name = resolve_series(store, series)
        report = load_report(store, name, parse_year(year, "YEAR"))
        if fmt is TableFormat.json:
            doc = {
                "series": report.series,
                "year": report.year,
                "title": report.title,
                "sections": [section_ref(s) for s in report.sections],
            }
            write_out(dumps(doc), None)
            return
        console = make_console()
        console.print(f"{report.title} ({report.series} {report.year})", markup=False)
        for s in report.sections:
            indent = "  " * max(s.level - 1, 0)
            title = s.title or "(text before the first heading)"
            console.print(f"{s.line:>5}  {indent}{short(title, 60)}", markup=False)


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
        typer.Option(
            "--min-years",
            min=1,
            help="With --from/--to: chains stated in at least this many years.",
        ),
    ] = 2,
) -> None:
    """One report's metrics, the changes between two years, or chains over many (--from/--to)."""
    from compare.export import metric_changes_csv, metrics_csv, metrics_json, pair_json
    from compare.pipeline import compare_reports, load_report, resolve_series

    with handle_errors(), open_store(db) as store:
        if output is not None:
            refuse_overwrite(output, protected_files(store))
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
        report = load_report(store, name, parse_year(year, "YEAR"))
        if new is not None:
            other = load_report(store, name, parse_year(new, "NEW"))
            comp = compare_reports(report, other)
            if fmt is MetricsCmdFormat.json:
                write_out(dumps(pair_json(comp)), output)
            elif fmt is MetricsCmdFormat.csv:
                write_out(metric_changes_csv(comp), output)
            else:
                _print_metric_changes(comp)
            return
        if fmt is MetricsCmdFormat.json:
            write_out(dumps(metrics_json(report)), output)
        elif fmt is MetricsCmdFormat.csv:
            write_out(metrics_csv(report), output)
        else:
            from rich.table import Table

            table = Table(title=f"{report.series} {report.year}: {len(report.metrics)} metrics")
            for col in ("line", "label", "value", "unit", "kind", "as written"):
                table.add_column(col)
            for m in report.metrics:
                q = m.quantity
                value = ("≈" if m.approx else "") + q.value
                table.add_row(str(q.line), m.label, value, q.unit, m.kind, q.text)
            make_console().print(table)


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
    from compare.export import trends_csv, trends_json
    from compare.pipeline import metric_trends

    first = parse_year(from_year, "--from") if from_year is not None else None
    last = parse_year(to_year, "--to") if to_year is not None else None
    if first is not None and last is not None and first >= last:
        raise InputError(
            f"--from {first} is not before --to {last}.",
            "Give an earlier --from than --to, e.g. --from 2014 --to 2019.",
        )
    trends = metric_trends(store, series, first=first, last=last, min_years=min_years)
    name, years, chains = trends.series, list(trends.years), trends.chains
    if fmt is MetricsCmdFormat.json:
        doc = trends_json(chains, name)
        doc["years"] = years  # also when no chain is left to carry them
        write_out(dumps(doc), output)
    elif fmt is MetricsCmdFormat.csv:
        write_out(trends_csv(chains), output)
    elif fmt is MetricsCmdFormat.html:
        from compare.render import render_trends

        target = output or Path("out") / f"{safe_name(name)}-metrics-{years[0]}-{years[-1]}.html"
        refuse_overwrite(target, protected_files(store))
        write_out(render_trends(chains, name), target)
        make_console().print(f"Wrote {target} ({len(chains)} chains)", markup=False)
    else:
        from rich.table import Table

        table = Table(title=f"{name}: {len(chains)} metric chains {years[0]}–{years[-1]}")
        for col in ("label", "unit", *(str(y) for y in years)):
            table.add_column(col)
        for c in chains:
            cells = [("≈" if m.approx else "") + m.quantity.text if m else "—" for _, m in c.values]
            table.add_row(c.label, c.unit, *cells)
        make_console().print(table)


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
    make_console().print(table)


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
    from compare.evaluation.alignment import evaluate_folder, format_report

    with handle_errors():
        results = evaluate_folder(gold, corpus=corpus)
        if fmt is TableFormat.json:
            write_out(dumps(results), None)
        else:
            write_out(format_report(results), None)
