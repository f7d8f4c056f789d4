"""``compare OLD NEW``: the hidden ``pair`` command and its terminal summary."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from compare.errors import EXIT_CHANGED

if TYPE_CHECKING:
    from rich.console import Console

    from compare.models import Comparison

from compare.cli.common import (
    DbOption,
    OutputOption,
    PairFormat,
    SeriesOption,
    app,
    auto_ingest,
    dumps,
    handle_errors,
    make_console,
    open_store,
    parse_ref,
    protected_files,
    refuse_overwrite,
    safe_name,
    short,
    write_out,
)

__all__ = ["pair_cmd"]


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
    from compare.pipeline import compare_reports, load_report, resolve_series

    with handle_errors():
        (old_series, old_year), (new_series, new_year) = (
            parse_ref(old, "OLD"),
            parse_ref(new, "NEW"),
        )
        console = make_console(stderr=fmt is not None and output is None)
        with open_store(db) as store:
            if not no_ingest:
                auto_ingest(store, console)
            # SERIES:YEAR on one side compares two organisations; --series fills the other side.
            a = load_report(store, resolve_series(store, old_series or series), old_year)
            b = load_report(store, resolve_series(store, new_series or series), new_year)
            comp = compare_reports(a, b)
            protected = protected_files(store)
        if output is not None:
            refuse_overwrite(output, protected)
        if fmt is PairFormat.json:
            from compare.export import pair_json

            write_out(dumps(pair_json(comp)), output)
        elif fmt is PairFormat.md:
            from compare.render import render_markdown

            write_out(render_markdown(comp), output)
        else:
            from compare.render import render_html

            name = (
                f"{safe_name(comp.series)}-{old_year}-{new_year}"
                if comp.old.series == comp.new.series
                else f"{safe_name(comp.old.series)}-{old_year}-vs-"
                f"{safe_name(comp.new.series)}-{new_year}"
            )
            target = output or Path("out") / f"{name}.html"
            refuse_overwrite(target, protected)
            write_out(render_html(comp), target)
            if fmt is None:
                _print_summary(comp, console)
            console.print(f"Wrote {target}", markup=False)
        if fail_on_change and _has_changes(comp):
            raise typer.Exit(EXIT_CHANGED)


def _has_changes(comp: Comparison) -> bool:
    return any(p.status != "unchanged" for p in comp.sections) or any(
        c.status != "unchanged" for c in comp.metrics
    )


def _print_summary(comp: Comparison, console: Console) -> None:
    from rich.table import Table

    from compare.metrics.display import delta_text, percent_text

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
    ranked = [
        (diff.change, comp.sections[k])
        for k in comp.most_changed(limit=5)
        if (diff := comp.diffs[k]) is not None
    ]
    if ranked:
        table = Table(title="Most changed sections", title_justify="left")
        table.add_column("status")
        table.add_column(str(comp.old.year))
        table.add_column(str(comp.new.year))
        table.add_column("changed", justify="right")
        for change, p in ranked:
            assert p.old is not None and p.new is not None
            table.add_row(p.status, short(p.old.title), short(p.new.title), f"{change:.0%}")
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
                delta = delta_text(c.delta, c.new.quantity.unit)
                if c.delta_percent:
                    delta += f" ({percent_text(c.delta_percent)})"
                table.add_row(short(c.label, 20), c.old.quantity.text, c.new.quantity.text, delta)
            console.print(table)
