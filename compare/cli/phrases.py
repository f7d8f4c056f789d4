"""``compare phrases YEAR``: a year's expressions, the new and dropped ones, its keywords."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

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
    short,
    write_out,
)
from compare.errors import InputError

if TYPE_CHECKING:
    from compare.series.expressions import Expression, YearPhrases

__all__ = ["phrases_cmd"]


class PhraseFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command("phrases")
def phrases_cmd(
    year: Annotated[str, typer.Argument(help="The year, e.g. 2018.")],
    new: Annotated[
        bool, typer.Option("--new", help="Only expressions no earlier stored year uses.")
    ] = False,
    dropped: Annotated[
        bool,
        typer.Option("--dropped", help="Expressions of the stored year before, gone in YEAR."),
    ] = False,
    keywords: Annotated[
        bool,
        typer.Option("--keywords", help="The most used words, with the change since last year."),
    ] = False,
    top: Annotated[
        int | None,
        typer.Option("--top", min=0, help="At most N, most salient first (0: all; default 30)."),
    ] = None,
    series: SeriesOption = None,
    db: DbOption = None,
    fmt: Annotated[PhraseFormat, typer.Option("--format", "-f")] = PhraseFormat.table,
    output: OutputOption = None,
) -> None:
    """What is new in the wording of a year: its expressions (multi-word terms, quoted terms,
    abbreviations), those no earlier stored year uses (--new), those of the year before it no
    longer uses (--dropped), and its most used words (--keywords).

    Computed from the years stored now: ingesting an earlier year changes what is new.
    """
    from compare.series.expressions import year_phrases
    from compare.series.phrasedocs import phrases_csv, phrases_json, series_vocabulary

    with handle_errors():
        if sum((new, dropped, keywords)) > 1:
            raise InputError(
                "--new, --dropped and --keywords each ask for a different list.",
                "Pass one of them (or none, for all the year's expressions).",
            )
        when = parse_year(year, "YEAR")
        kind = "new" if new else "dropped" if dropped else "keywords" if keywords else "all"
        with open_store(db) as store:
            # Inside: the years shown are read from the store.
            found = year_phrases(series_vocabulary(store, series), when, top=top)
        if fmt is PhraseFormat.json:
            write_out(dumps(phrases_json(found, kind)), output)
            return
        if fmt is PhraseFormat.csv:
            write_out(phrases_csv(found, kind), output)
            return
        _print_table(found, kind)


def _print_table(found: YearPhrases, kind: str) -> None:
    from rich.table import Table

    console = make_console()
    console.print(f"{found.series} {found.year}: {found.note}", markup=False)
    table = Table()
    if kind == "keywords":
        last = found.previous if found.previous is not None else "—"
        for col in ("#", "word", str(found.year), str(last), "change"):
            table.add_column(col, overflow="fold")
        for k, kw in enumerate(found.keywords, start=1):
            change = "" if kw.change is None else f"{kw.change:+d}"
            previous = "" if kw.previous is None else str(kw.previous)
            table.add_row(str(k), kw.word, str(kw.count), previous, change)
        console.print(table)
        return
    rows = {"all": found.expressions, "new": found.new, "dropped": found.dropped}[kind]
    if not rows:
        what = {"all": "expressions", "new": "new expressions", "dropped": "dropped expressions"}
        console.print(f"No {what[kind]} in {found.year}.", markup=False)
        return
    year = found.previous if kind == "dropped" else found.year
    for col in ("#", "expression", f"× {year}", "years", "sections", "line", "first use"):
        table.add_column(col, overflow="fold", no_wrap=col == "expression")
    for k, e in enumerate(rows, start=1):
        span = str(e.first_year) if e.first_year == e.last_year else f"{e.first_year}–{e.last_year}"
        where = short(e.section_titles[0], 18) if e.section_titles else ""
        if len(e.sections) > 1:
            where += f" +{len(e.sections) - 1}"
        text = e.text + (" “”" if e.quoted else "")
        table.add_row(str(k), text, str(e.count), span, where, str(e.line), _around(e, 14))
    console.print(table)
    if found.previous is not None:
        console.print(
            f"Pair page: compare {found.previous} {found.year} --series {found.series}",
            markup=False,
        )


def _around(e: Expression, width: int) -> str:
    """The first use with ``width`` characters on each side, ``…`` where cut."""
    at = e.sentence.find(e.text)
    if at < 0:
        return short(e.sentence, 2 * width + len(e.text))
    a, b = max(0, at - width), min(len(e.sentence), at + len(e.text) + width)
    return ("…" if a else "") + e.sentence[a:b] + ("…" if b < len(e.sentence) else "")
