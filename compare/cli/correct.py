"""``compare correct``: tell the tool that two sections (or metrics) are the same, or are not.

Public API: correct_app.

    compare correct same 2018:1/3 2019:"（二）完善依法行政制度体系。"
    compare correct different 2018:"(八)提高领导干部法治思维。" 2019:3/2
    compare correct same 2018:76件 2019:91件@17 --metric
    compare correct list
    compare correct remove 3

Each side is ``YEAR:WHAT``: a section's path (as ``compare show YEAR`` lists it) or title, or with
``--metric`` a number as written (``76件``, ``@LINE`` where it occurs twice). Corrections are kept
in the store per series and followed by every later comparison, page, site and trend; the entries
they set say so (``"set_by_hand": true``).
"""

from __future__ import annotations

from typing import Annotated

import typer

from compare.cli.common import (
    DbOption,
    SeriesOption,
    app,
    handle_errors,
    make_console,
    open_store,
    parse_year,
)
from compare.errors import InputError

__all__ = ["correct_app"]

correct_app = typer.Typer(
    help="Say that two sections (or metrics) of two years are the same, or are not; kept in the "
    "store and followed by every later comparison.",
    no_args_is_help=True,
)
app.add_typer(correct_app, name="correct")

MetricOption = Annotated[
    bool, typer.Option("--metric", help="The two sides name metrics (76件, 76件@20), not sections.")
]
SideArg = Annotated[str, typer.Argument(metavar="YEAR:WHAT", help="e.g. 2018:1/3 or 2018:76件")]


def _side(text: str, what: str) -> tuple[int, str]:
    year, sep, rest = text.partition(":")
    if not sep or not rest.strip():
        raise InputError(
            f"{what} {text!r} is not YEAR:WHAT.",
            "Write e.g. 2018:1/3 (a section path), 2018:\"（三）…\" (a title) or 2018:76件.",
        )
    return parse_year(year, what), rest.strip()


def _record(old: str, new: str, series: str | None, db: DbOption, metric: bool, same: bool
            ) -> None:
    from compare.corrections import make_correction
    from compare.pipeline import load_report, resolve_series

    with handle_errors():
        (old_year, old_what), (new_year, new_what) = _side(old, "OLD"), _side(new, "NEW")
        with open_store(db) as store:
            name = resolve_series(store, series)
            c = make_correction(
                load_report(store, name, old_year),
                load_report(store, name, new_year),
                "metric" if metric else "section",
                old_what,
                new_what,
                same=same,
            )
            number = store.put_correction(c)
        verdict = "the same" if same else "not the same"
        make_console().print(
            f"Correction {number} kept: {name} {old_year} {c.old_text or c.old_ref} and "
            f"{new_year} {c.new_text or c.new_ref} are {verdict}.",
            markup=False,
        )


@correct_app.command("same")
def same_cmd(
    old: SideArg, new: SideArg, series: SeriesOption = None, db: DbOption = None,
    metric: MetricOption = False,
) -> None:
    """These two sections (or metrics) are the same."""
    _record(old, new, series, db, metric, True)


@correct_app.command("different")
def different_cmd(
    old: SideArg, new: SideArg, series: SeriesOption = None, db: DbOption = None,
    metric: MetricOption = False,
) -> None:
    """These two sections (or metrics) are not the same."""
    _record(old, new, series, db, metric, False)


@correct_app.command("list")
def list_cmd(series: SeriesOption = None, db: DbOption = None) -> None:
    """The corrections kept in the store."""
    with handle_errors(), open_store(db) as store:
        found = store.corrections(series)
        console = make_console()
        if not found:
            console.print("No corrections are kept.", markup=False)
        for c in found:
            verdict = "same" if c.same else "different"
            console.print(
                f"{c.id}  {c.series}  {c.kind}  {verdict}  {c.old_year} {c.old_ref} "
                f"{c.old_text}  →  {c.new_year} {c.new_ref} {c.new_text}",
                markup=False,
            )


@correct_app.command("remove")
def remove_cmd(
    number: Annotated[int, typer.Argument(help="Its number in `compare correct list`.")],
    db: DbOption = None,
) -> None:
    """Forget a correction."""
    with handle_errors(), open_store(db) as store:
        if not store.remove_correction(number):
            raise InputError(
                f"No correction number {number} is kept.",
                "See `compare correct list` for the numbers.",
            )
        make_console().print(f"Correction {number} removed.", markup=False)
