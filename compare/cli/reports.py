"""The commands over stored reports: ingest, list, show, remove, metrics, eval."""

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
    parse_ref,
    parse_year,
    printable,
    protected_files,
    refuse_overwrite,
    safe_name,
    short,
    write_out,
)

__all__ = ["eval_cmd", "ingest_cmd", "list_cmd", "metrics_cmd", "remove_cmd", "show_cmd"]


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

            def skip(name: str, why: str) -> None:
                console.print(f"skipped: {name} ({why})", markup=False)

            results = ingest(store, paths, year=year, series=series, on_file=tick, on_skip=skip)
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
    from compare.jsondocs import list_json, shown_path

    with handle_errors(), open_store(db) as store:
        infos = store.list_reports()
        if fmt is TableFormat.json:
            write_out(dumps(list_json(infos, store_path=store.path)), None)
            return
        if not infos:
            make_console().print(f"The store {store.path} holds no reports yet.", markup=False)
            return
        from compare.cli.tables import print_table

        rows = [
            (i.series, str(i.year), i.title, str(i.sections), str(i.metrics),
             shown_path(i.path, store.path))
            for i in infos
        ]
        print_table(("series", "year", "title", "sections", "metrics", "path"), rows)


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
            where = f"p{s.page}:{s.line}" if s.page else str(s.line)  # page:line of a PDF
            console.print(f"{where:>5}  {indent}{short(title, 60)}", markup=False)


@app.command("remove")
def remove_cmd(
    report: Annotated[str, typer.Argument(help="SERIES:YEAR, or YEAR when one series is stored.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Remove without asking.")] = False,
    db: DbOption = None,
) -> None:
    """Take one stored report out of the store (its sections, metrics and search index too)."""
    from compare.pipeline import resolve_series

    with handle_errors(), open_store(db) as store:
        named, year = parse_ref(report, "REPORT")
        series = resolve_series(store, named)
        if year not in store.years(series):
            years = ", ".join(str(y) for y in store.years(series))
            raise InputError(
                f"No {year} report in series {series}. Stored years: {years}.",
                "Check `compare list` for what is stored.",
            )
        console = make_console()
        if not yes:
            try:
                sure = typer.confirm(f"Remove {series} {year} from {store.path}?", default=False)
            except typer.Abort:
                sure = False
            if not sure:
                console.print("Nothing removed.", markup=False)
                return
        store.remove_report(series, year)
        console.print(f"removed: {series} {year}", markup=False)


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
    from compare.metrics.display import identity_note, shown_text
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
            comp = compare_reports(report, other, corrections=store.corrections(name))
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
            for col in ("line", "label", "value", "unit", "kind", "as written", "period"):
                table.add_column(col)
            for m in report.metrics:
                q = m.quantity
                value = ("≈" if m.approx else "") + q.value
                where = f"p{q.page}:{q.line}" if q.page else str(q.line)
                table.add_row(
                    where, m.label, value, q.unit, m.kind, shown_text(m), identity_note(m)
                )
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
    from compare.metrics.display import shown_text
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
            cells = [shown_text(m) if m else "—" for _, m in c.values]
            note = " · ".join(([] if c.period == "year" else [c.period]) + list(c.qualifiers))
            table.add_row(c.label + (f" [{note}]" if note else ""), c.unit, *cells)
        make_console().print(table)


def _print_metric_changes(comp: Comparison) -> None:
    from rich.table import Table

    from compare.metrics.display import delta_text, identity_note, percent_text, shown_text

    table = Table(title=f"{comp.series}: metrics {comp.old.year} → {comp.new.year}")
    for col in ("status", "label", str(comp.old.year), str(comp.new.year), "Δ", "Δ%"):
        table.add_column(col)
    for c in comp.metrics:
        either = c.new or c.old
        note = identity_note(either) if either is not None else ""
        table.add_row(
            c.status,
            c.label + (f" [{note}]" if note else ""),
            shown_text(c.old) if c.old else "",
            shown_text(c.new) if c.new else "",
            delta_text(c.delta, either.quantity.unit, like=c.new.quantity.text if c.new else "")
            if either is not None else "",
            percent_text(c.delta_percent),
        )
    console = make_console()
    console.print(table)
    if comp.outcomes:
        outcomes = Table(title=f"Targets {comp.old.year} and outcomes {comp.new.year}")
        for col in ("label", f"{comp.old.year} target", f"{comp.new.year} reports"):
            outcomes.add_column(col)
        for o in comp.outcomes:
            outcomes.add_row(o.label, shown_text(o.target), shown_text(o.actual))
        console.print(outcomes)


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
