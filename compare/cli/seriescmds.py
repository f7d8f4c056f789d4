"""The commands over a whole series: site (static site of every year) and trace (one section)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from compare.errors import InputError

if TYPE_CHECKING:
    from compare.models import Comparison
    from compare.store.db import Store

from compare.cli import phrases  # noqa: F401 (registers `compare phrases` before site and trace)
from compare.cli.common import (
    DbOption,
    OutputOption,
    SeriesOption,
    app,
    dumps,
    handle_errors,
    make_console,
    open_store,
    parse_year,
    protected_files,
    refuse_overwrite,
    safe_name,
    write_out,
)

__all__ = ["site_cmd", "trace_cmd"]


def _parse_pair(text: str) -> tuple[int, int]:
    old, sep, new = text.replace("-", ":").partition(":")
    if not sep:
        raise InputError(
            f"--pair {text!r} is not two years.",
            "Write --pair OLD:NEW, e.g. --pair 2014:2019 (repeat it for more pages).",
        )
    return parse_year(old, "--pair OLD"), parse_year(new, "--pair NEW")


@app.command("site")
def site_cmd(
    series: SeriesOption = None,
    db: DbOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Site folder (default: out/site/SERIES/).",
            show_default=False,
        ),
    ] = None,
    pair: Annotated[
        list[str] | None,
        typer.Option(
            "--pair",
            metavar="OLD:NEW",
            help="Also build the page of a non-consecutive pair, OLD:NEW (e.g. 2014:2019); "
            "repeatable.",
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            help="Worker processes comparing pairs (default: the number of cores).",
            show_default=False,
        ),
    ] = None,
    every: Annotated[
        bool,
        typer.Option(
            "--all", help="Build the site of every series in the store (out/site/SERIES/ each)."
        ),
    ] = False,
) -> None:
    """Build a static site of a series: index with a similarity heat strip, a page per
    consecutive pair, metric trends, a section timeline and each year's new expressions.

    Writes index.html, OLD-NEW.html per pair, trends.html, timeline.html, phrases.html and
    manifest.json into
    out/site/SERIES/ (or --output). Rebuilding renders again only the pages whose reports,
    templates or compare version changed. Pairs are compared in --jobs worker processes; the
    pages are the same as with --jobs 1. --all builds every series, each in
    OUTPUT/SERIES/ (default out/site/SERIES/).
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

    from compare.pipeline import resolve_series
    from compare.series.site import build_site, default_jobs

    with handle_errors():
        console = make_console()
        extra = [_parse_pair(p) for p in pair or []]
        if every and (series is not None or extra):
            raise InputError(
                "--all builds every series; it takes no --series or --pair.",
                "Drop --series/--pair, or drop --all to build one series.",
            )
        workers = default_jobs() if jobs is None else jobs
        with open_store(db) as store:
            names = store.series() if every else [resolve_series(store, series)]
            if not names:
                resolve_series(store, None)  # the store is empty: its message says so
            for name in names:
                if every:
                    target = (output or Path("out") / "site") / safe_name(name)
                else:
                    target = output or Path("out") / "site" / safe_name(name)
                refuse_overwrite(target, protected_files(store), folder=True)
                columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
                # Refreshed on each tick, not by rich's timer thread: with no other thread
                # running, the site's worker processes can be forked from this one.
                with Progress(
                    *columns, console=console, transient=True, auto_refresh=False
                ) as bar:
                    task = bar.add_task("Building", total=None)

                    def tick(done: int, total: int, what: str, task: TaskID = task) -> None:
                        bar.update(task, completed=done, total=total, description=f"Built {what}")
                        bar.refresh()

                    result = build_site(
                        store, name, target, pairs=extra, progress=tick, jobs=workers
                    )
                console.print(
                    f"{result.series}: {len(result.years)} years, {len(result.pairs)} pair "
                    f"pages; {len(result.written)} pages written, {len(result.skipped)} "
                    "unchanged.",
                    markup=False,
                )
                console.print(f"Wrote {target / 'index.html'}", markup=False)


class TraceFormat(str, Enum):
    text = "text"
    json = "json"
    html = "html"


def _comparisons(
    store: Store, series: str | None, from_year: str | None, to_year: str | None
) -> list[Comparison]:
    from compare.pipeline import compare_reports, load_report, resolve_series, years_between

    name = resolve_series(store, series)
    stored = store.years(name)
    first = parse_year(from_year, "--from") if from_year is not None else min(stored)
    last = parse_year(to_year, "--to") if to_year is not None else max(stored)
    if first >= last and from_year is not None and to_year is not None:
        raise InputError(
            f"--from {first} is not before --to {last}.",
            "Give an earlier --from than --to, e.g. --from 2014 --to 2019.",
        )
    if first not in stored:
        shown = ", ".join(str(y) for y in stored)
        raise InputError(
            f"No {first} report in series {name}. Stored years: {shown}.",
            "Start the trace at a stored year (--from), or ingest that year first.",
        )
    years = years_between(
        store, name, first, last, needs="a trace needs",
        fix="Widen --from/--to, or ingest the missing years with `compare ingest PATH`.",
    )
    reports = [load_report(store, name, y) for y in years]
    fixes = store.corrections(name)
    return [
        compare_reports(a, b, corrections=fixes) for a, b in zip(reports, reports[1:], strict=False)
    ]


@app.command("trace")
def trace_cmd(
    section: Annotated[
        str, typer.Argument(help="Section path in the first year (1/4) or words of its title.")
    ],
    series: SeriesOption = None,
    from_year: Annotated[
        str | None, typer.Option("--from", help="First year (default: the first stored).")
    ] = None,
    to_year: Annotated[
        str | None, typer.Option("--to", help="Last year (default: the last stored).")
    ] = None,
    db: DbOption = None,
    fmt: Annotated[TraceFormat, typer.Option("--format", "-f")] = TraceFormat.text,
    output: OutputOption = None,
    full: Annotated[
        bool, typer.Option("--full", help="Text format: print every year's whole text.")
    ] = False,
) -> None:
    """Follow one section across years: its text, and the words changed each year."""
    from compare.series.timeline import trace_section

    with handle_errors():
        with open_store(db) as store:
            comparisons = _comparisons(store, series, from_year, to_year)
            protected = protected_files(store)
        if output is not None:
            refuse_overwrite(output, protected)
        trace = trace_section(comparisons, section)
        if fmt is TraceFormat.json:
            from compare.export import trace_json

            write_out(dumps(trace_json(trace)), output)
        elif fmt is TraceFormat.html:
            from compare.render import render_trace

            years = f"{trace.steps[0].year}-{trace.steps[-1].year}"
            name = f"{safe_name(trace.series)}-trace-{safe_name(trace.path)}-{years}.html"
            target = output or Path("out") / name
            refuse_overwrite(target, protected)
            write_out(render_trace(trace), target)
            make_console().print(f"Wrote {target}", markup=False)
        else:
            from compare.render import render_trace_text

            write_out(render_trace_text(trace, full=full), output)
