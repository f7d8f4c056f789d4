"""What the expressions of a series are reported as: frozen answers of
``compare.series.expressions``, which re-exports them.

Public API: Expression, Keyword, NewBasis, YearPhrases, SeriesPhrases.
"""

from __future__ import annotations

from dataclasses import dataclass

from compare.textkit.numerals import years_text

__all__ = ["Expression", "Keyword", "NewBasis", "SeriesPhrases", "YearPhrases"]


@dataclass(frozen=True)
class Expression:
    """One expression of one year, where it first stands that year, and its life in the series."""

    year: int
    text: str  # as the year writes it (first use)
    key: str  # folded, lower-cased, numerals as '#': what is compared across years
    count: int  # uses in the year's text
    first_year: int
    last_year: int
    years: tuple[tuple[int, int], ...]  # (year, uses) of every stored year that uses it
    sections: tuple[str, ...]  # paths of the year's sections that use it, in reading order
    section_titles: tuple[str, ...]  # their titles
    sentence: str  # the sentence of the first use
    line: int  # where that sentence's use stands in the source
    page: int
    quoted: bool
    salience: float
    section: str = ""  # path of the section of the first use
    start: int = 0  # where the first use stands in that section's text
    end: int = 0


@dataclass(frozen=True)
class Keyword:
    """One content word of a year with its uses and the change since the previous stored year."""

    year: int
    word: str
    count: int
    previous: int | None  # uses in the previous stored year; None when there is none
    years: tuple[tuple[int, int], ...]  # (year, uses) for every stored year, zeros included

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.count - self.previous


@dataclass(frozen=True)
class NewBasis:
    """What "new" means for one year, as facts: ``note`` words them in English, a page in its own
    language (``render.phrases``), so that the reasoning is made once, here."""

    series: str
    year: int
    before: tuple[int, ...]  # the stored years before ``year``: what "new" is measured against
    since: int | None  # the second stored year, from which on "new" is measured; None: none yet
    gap: tuple[int, int] | None  # the years right before ``year`` that are not stored (from, to)

    @property
    def gap_text(self) -> str:
        """The unstored years as a reader writes them: ``2003``, ``1996–2013``; "" for none."""
        first, last = self.gap or (0, 0)
        return "" if not first else str(first) if first == last else f"{first}–{last}"

    @property
    def note(self) -> str:
        """The facts in English: ``YearPhrases.note``, as ``compare phrases`` prints it."""
        if not self.before:
            then = f"from {self.since} on" if self.since else "once a later year is stored"
            return (f"{self.year} is the first stored year of {self.series}: nothing can be new "
                    f"or dropped against an earlier year. New expressions are measured {then}.")
        n, gap = len(self.before), self.gap_text
        return (f"New means used in none of the {n} stored year{'s' if n != 1 else ''} before "
                f"{self.year} ({years_text(self.before)}); new expressions are measured from "
                f"{self.since} on." + (f" {gap} not stored: an expression first used then shows "
                                       f"as new in {self.year}." if gap else ""))


@dataclass(frozen=True)
class YearPhrases:
    """Everything ``compare phrases YEAR`` shows for one year."""

    series: str
    year: int
    years: tuple[int, ...]  # the stored years of the series
    previous: int | None  # the stored year before, or None
    note: str  # from which year on "new" is measured, and gaps in the stored years
    expressions: tuple[Expression, ...]  # the year's own, most salient first
    new: tuple[Expression, ...]
    dropped: tuple[Expression, ...]  # of the previous year, gone in this one
    keywords: tuple[Keyword, ...]
    basis: NewBasis  # the facts ``note`` words, for a page to word in its own language


@dataclass(frozen=True)
class SeriesPhrases:
    """The series page: each year's most salient new expressions with their life, and the
    keywords of the series followed from year to year."""

    series: str
    years: tuple[int, ...]
    new: tuple[tuple[int, tuple[Expression, ...]], ...]  # (year, its new expressions)
    keywords: tuple[Keyword, ...]  # of the last year, with their counts in every year
