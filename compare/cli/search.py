"""``compare search PHRASE``: the years and sections of the stored reports that hold a phrase."""

from __future__ import annotations

from typing import Annotated

import typer

from compare.cli.common import (
    DbOption,
    TableFormat,
    app,
    dumps,
    handle_errors,
    make_console,
    open_store,
    short,
    write_out,
)

__all__ = ["search_cmd"]


@app.command("search")
def search_cmd(
    phrase: Annotated[str, typer.Argument(help="Words to find, taken literally.")],
    series: Annotated[
        str | None, typer.Option("--series", help="Search one series only (default: all).")
    ] = None,
    db: DbOption = None,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
) -> None:
    """Find a phrase in every stored year: the sections that hold it, first and last year."""
    from compare.export import search_json
    from compare.pipeline import search
    from compare.store.db import search_phrase

    with handle_errors(), open_store(db) as store:
        hits = search(store, phrase, series=series)
        needle = search_phrase(phrase)
        if fmt is TableFormat.json:
            write_out(dumps(search_json(needle, hits, series)), None)
            return
        console = make_console()
        if not hits:
            where = f"series {series}" if series else "any stored report"
            console.print(f"“{needle}” is not in {where}.", markup=False)
            return
        from rich.table import Table

        table = Table()
        for col in ("series", "year", "section", "line", "n", "snippet"):
            table.add_column(col, overflow="fold")
        for h in hits:
            table.add_row(
                h.series, str(h.year), short(h.title or h.path, 28), str(h.line), str(h.count),
                h.snippet,
            )
        console.print(table)
        for found in search_json(needle, hits, series)["found"]:
            years = found["years"]
            console.print(
                f"{found['series']}: “{needle}” first in {found['first']}, last in "
                f"{found['last']} ({len(years)} year{'s' if len(years) != 1 else ''}: "
                f"{', '.join(map(str, years))})",
                markup=False,
            )
