"""``compare OLD NEW``: the hidden ``pair`` command and its terminal summary."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from compare.errors import EXIT_CHANGED, InputError

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
    old: Annotated[str, typer.Argument(help="Old year (2018), or SERIES:YEAR.", metavar="OLD")],
    new: Annotated[str, typer.Argument(help="New year (2019), or SERIES:YEAR.", metavar="NEW")],
    series: SeriesOption = None,
    db: DbOption = None,
    fmt: Annotated[
        PairFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="html (default: page + summary), json, md, docx (tracked changes) or pdf.",
        ),
    ] = None,
    output: OutputOption = None,
    fail_on_change: Annotated[
        bool, typer.Option("--fail-on-change", help="Exit 1 when anything changed.")
    ] = False,
    no_ingest: Annotated[
        bool, typer.Option("--no-ingest", help="Do not ingest ./reports first.")
    ] = False,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Date of the tracked changes of --format docx, YYYY-MM-DD "
            "(default: 1 January of the new year).",
        ),
    ] = None,
    no_phrases: Annotated[
        bool,
        typer.Option("--no-phrases", help="Leave the new-expressions panel off the page."),
    ] = False,
) -> None:
    """Compare two years: write the HTML page and print a summary."""
    from compare.pipeline import compare_reports, load_report, resolve_series

    with handle_errors():
        (old_series, old_year), (new_series, new_year) = (
            parse_ref(old, "OLD"),
            parse_ref(new, "NEW"),
        )
        when = _revision_date(date, fmt)
        stderr = fmt is not None and output is None
        # Made when first printed to: JSON or Markdown on stdout prints nothing else, and needs
        # no rich (a fifth of such a run's start-up).
        console = cache(lambda: make_console(stderr=stderr))
        with open_store(db) as store:
            if not no_ingest and db is None:
                wanted = [(old_series or series, old_year), (new_series or series, new_year)]
                auto_ingest(store, console, wanted)
            # SERIES:YEAR on one side compares two organisations; --series fills the other side.
            a = load_report(store, resolve_series(store, old_series or series), old_year)
            b = load_report(store, resolve_series(store, new_series or series), new_year)
            comp = compare_reports(a, b, corrections=store.corrections(a.series))
            phrases = None
            if fmt in (None, PairFormat.html) and not no_phrases and a.series == b.series:
                from compare.series.expressions import year_phrases
                from compare.series.phrasedocs import series_vocabulary

                vocab = series_vocabulary(store, b.series, loaded=(a, b))
                phrases = year_phrases(vocab, b.year, own=False)
            protected = protected_files(store)
        if output is not None:
            refuse_overwrite(output, protected)
        if fmt is PairFormat.json:
            from compare.export import pair_json

            write_out(dumps(pair_json(comp)), output)
        elif fmt is PairFormat.md:
            from compare.render import render_markdown

            write_out(render_markdown(comp), output)
        elif fmt in (PairFormat.docx, PairFormat.pdf):
            target = output or Path("out") / f"{_file_name(comp, old_year, new_year)}.{fmt.value}"
            refuse_overwrite(target, protected)
            if fmt is PairFormat.docx:
                from compare.render.docx import render_docx

                write_out(render_docx(comp, date=when), target)
            else:
                from compare.render.pdf import render_pdf

                write_out(render_pdf(comp), target)
            console().print(f"Wrote {target}", markup=False)
        else:
            from compare.render import render_html

            target = output or Path("out") / f"{_file_name(comp, old_year, new_year)}.html"
            refuse_overwrite(target, protected)
            write_out(render_html(comp, phrases=phrases), target)
            if fmt is None:
                _print_summary(comp, console())
            console().print(f"Wrote {target}", markup=False)
        if fail_on_change and _has_changes(comp):
            raise typer.Exit(EXIT_CHANGED)


def _revision_date(text: str | None, fmt: PairFormat | None) -> dt.date | None:
    """``--date`` checked: a YYYY-MM-DD date, and only with ``--format docx``."""
    if text is None:
        return None
    if fmt is not PairFormat.docx:
        raise InputError(
            "--date dates the tracked changes of a Word document; it needs --format docx.",
            "Add --format docx, or leave out --date.",
        )
    try:
        if len(text) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"--date must be a date written YYYY-MM-DD, got {text!r}.",
            "Write it like 2019-03-05.",
        ) from None


def _file_name(comp: Comparison, old_year: int, new_year: int) -> str:
    """The default output name, without its extension: series and both years."""
    if comp.old.series == comp.new.series:
        return f"{safe_name(comp.series)}-{old_year}-{new_year}"
    return (
        f"{safe_name(comp.old.series)}-{old_year}-vs-{safe_name(comp.new.series)}-{new_year}"
    )


def _has_changes(comp: Comparison) -> bool:
    return any(p.status != "unchanged" for p in comp.sections if not p.relation) or any(
        c.status != "unchanged" for c in comp.metrics
    )


def _print_summary(comp: Comparison, console: Console) -> None:
    from rich.table import Table

    from compare.metrics.display import delta_text, identity_note, percent_text, shown_text
    from compare.models import SECTION_STATUSES
    from compare.render.labels import generator
    from compare.render.view import group_titles

    counts = Counter(p.status for p in comp.sections if not p.relation)
    head = (
        f"{comp.series}: {comp.old.year} → {comp.new.year}"
        if comp.old.series == comp.new.series
        else f"{comp.old.series} {comp.old.year} → {comp.new.series} {comp.new.year}"
    )
    console.print(
        f"{head}, overall similarity {comp.similarity:.0%} ({generator()})", markup=False
    )
    for note in comp.notes:
        console.print(f"Note: {note}", markup=False)
    shown = [(s, counts[s]) for s in SECTION_STATUSES if counts[s]]
    console.print("Sections: " + ", ".join(f"{n} {s}" for s, n in shown), markup=False)
    relations = Counter(p.relation for p in comp.sections if p.relation)
    if relations:
        console.print(
            "Relations: " + ", ".join(f"{n} {r.replace('_', ' ')}" for r, n in relations.items()),
            markup=False,
        )
    ranked = [(comp.change_of(k), k) for k in comp.most_changed(limit=5)]
    if ranked:
        table = Table(title="Most changed sections", title_justify="left")
        table.add_column("status")
        table.add_column(str(comp.old.year))
        table.add_column(str(comp.new.year))
        table.add_column("changed", justify="right")
        for change, k in ranked:
            olds, news = group_titles(comp, k, sep=" + ")
            table.add_row(comp.sections[k].status, short(olds), short(news), f"{change:.0%}")
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
                delta = delta_text(c.delta, c.new.quantity.unit, like=c.new.quantity.text)
                if c.delta_percent:
                    delta += f" ({percent_text(c.delta_percent)})"
                note = identity_note(c.new)
                label = short(c.label, 20) + (f" [{note}]" if note else "")
                table.add_row(label, shown_text(c.old), shown_text(c.new), delta)
            console.print(table)
        if comp.outcomes:
            table = Table(title="Targets and outcomes (not changes)", title_justify="left")
            for col in ("label", f"{comp.old.year} target", f"{comp.new.year} reports"):
                table.add_column(col)
            for o in comp.outcomes[:8]:
                table.add_row(short(o.label, 20), shown_text(o.target), shown_text(o.actual))
            console.print(table)
