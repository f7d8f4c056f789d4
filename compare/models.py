"""The frozen dataclasses that the pipeline stages hand to each other.

Public API: Start, Block, Document, Section, Quantity, Metric, Segmentation, Report, ReportInfo,
SectionPair, TextDiff, Move, CrossMove, StatedCheck, MetricChange, MetricOutcome, RelatedMetrics,
Comparison, SearchHit, Opcode, Correction, ReportPhrases, SECTION_STATUSES.

Every stage is a pure function from these values to these values; nothing here touches a file,
the store or a template. Opcodes follow difflib: ``(tag, i1, i2, j1, j2)`` with tag one of
``equal``, ``replace``, ``delete``, ``insert``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

__all__ = [
    "Start",
    "Block",
    "Comparison",
    "Correction",
    "CrossMove",
    "Document",
    "Metric",
    "MetricChange",
    "MetricOutcome",
    "Move",
    "Opcode",
    "Quantity",
    "RelatedMetrics",
    "Report",
    "ReportInfo",
    "ReportPhrases",
    "SECTION_STATUSES",
    "SearchHit",
    "Section",
    "SectionPair",
    "Segmentation",
    "StatedCheck",
    "TextDiff",
]

Opcode = tuple[str, int, int, int, int]

SECTION_STATUSES = (
    "unchanged",
    "changed",
    "renamed",
    "moved",
    "split",
    "merged",
    "added",
    "removed",
)


# Where a piece of text stands in its source: (offset in the text, page, line). ``page`` is the
# 1-based page of a PDF source (0 for sources without pages); ``line`` is the 1-based line of the
# file, of the page for a PDF, or the paragraph number of a Word file (CONTRACT.md).
Start = tuple[int, int, int]


@dataclass(frozen=True)
class Block:
    """One paragraph or heading line of a source file, its text as written."""

    text: str
    line: int  # 1-based line in the original file where the block starts (of its page, for PDF)
    hint: int = 0  # heading level suggested by markup (<h2>, '##') or layout; 0 when none; -1
    # when a PDF's layout shows a block that starts like a heading to be a list item
    page: int = 0  # 1-based page of a PDF source where the block starts; 0 without pages
    # Where each later piece of a block joined from several source lines starts (the first
    # piece starts at offset 0 on ``page``/``line``); empty for a block of one line.
    starts: tuple[Start, ...] = ()


@dataclass(frozen=True)
class Document:
    """A decoded source file, split into blocks, with what was learnt about it."""

    path: str
    sha256: str  # of the raw bytes, so re-ingesting the same file is a no-op
    encoding: str
    title: str
    year: int | None
    series: str | None
    blocks: tuple[Block, ...]  # the report itself
    front: tuple[Block, ...] = ()  # page furniture before the report (breadcrumb, repeated title)
    back: tuple[Block, ...] = ()  # licence and footer blocks after it


@dataclass(frozen=True)
class Section:
    """A heading and the text it owns up to the next heading (children not included).

    ``text`` is the section's own blocks joined by ``"\\n"``, the heading block first, exactly as
    written; ``title`` is a prefix of ``text``. The preamble before the first heading is a section
    of level 0 with path ``"0"`` and an empty title.
    """

    path: str  # "1/4": ordinal path from the root, stable for the same file
    level: int  # 1 for top headings, 2 below, ...; 0 for the preamble
    title: str
    text: str
    line: int  # 1-based source line of the heading (or of the first block)
    lines: tuple[int, ...] = ()  # source line of each "\n"-separated block of ``text``
    page: int = 0  # 1-based page of the heading in a PDF source; 0 without pages
    # Where each block and each wrapped piece of ``text`` starts in the source, in order; empty
    # when every block is one source line (``lines`` says it all).
    starts: tuple[Start, ...] = ()

    def locate(self, offset: int) -> tuple[int, int]:
        """``(page, line)`` in the source of the character at ``offset`` of ``text``."""
        if self.starts:
            k = bisect_right(self.starts, (offset, 1 << 62, 1 << 62)) - 1
            if k >= 0:
                return self.starts[k][1], self.starts[k][2]
            return self.page, self.line
        if self.lines:
            block = self.text.count("\n", 0, offset)
            if block < len(self.lines):
                return self.page, self.lines[block]
        return self.page, self.line

    @property
    def body(self) -> str:
        """The section's text after its title."""
        return self.text[len(self.title) :].lstrip("\n")

    @property
    def parent(self) -> str | None:
        """Path of the enclosing section, or None for a top-level one."""
        head, sep, _ = self.path.rpartition("/")
        return head if sep else None


@dataclass(frozen=True)
class Quantity:
    """A number with its unit, as CONTRACT.md describes it."""

    value: str  # plain decimal, multipliers applied; "3-12" for a range
    unit: str
    text: str  # the number and unit as written
    line: int  # where the number itself stands (of its page, for a PDF source)
    quote: str  # a short verbatim piece of the source line containing ``text``
    page: int = 0  # 1-based page of a PDF source; 0 without pages


@dataclass(frozen=True)
class Metric:
    """A quantity named by what it measures, and what it is a figure *of* (CONTRACT.md).

    Two metrics are one indicator in two years only when their label names the same thing and
    their kind, measure, period, qualifiers and ``start`` agree (``compare.metrics.identity``).
    """

    label: str
    kind: str  # level | change | target | ratio
    approx: bool
    section: str  # path of the section it stands in
    quantity: Quantity
    # "year" (one year, the default), "5 years" (a total or average over several years), "since
    # 2013", "month", "quarter", "8 months" (a cumulative part of a year).
    period: str = "year"
    qualifiers: tuple[str, ...] = ()  # 年均, 年末, 大型商业银行, 市本级, 调整后预算…, as written
    approx_word: str = ""  # the hedge as written (左右, 近, 超过, about…); "" when exact
    measure: str = ""  # level | change | ratio: what a target measures; "" = the kind itself
    start: bool = False  # the starting value of a from-to statement (由9.8%降至7.5%: 9.8%)


@dataclass(frozen=True, eq=False)
class Segmentation:
    """Word segmentation of a report's sections, done once at ingest so a compare needs no
    segmenter, and the name and version of the segmenter that made it.

    Both maps are keyed by section text: an entry is looked up by the very text it was computed
    from. A segmentation whose ``segmenter`` is not the current one is stale and is recomputed
    (``pipeline.load_report``), never mixed with current cuts.
    """

    segmenter: str  # textkit.words.segmenter_stamp() of the segmenter that made it; "" unknown
    terms: Mapping[str, Mapping[str, int]]  # section text -> its alignment terms and counts
    words: Mapping[str, Mapping[str, Sequence[int]]]  # section text -> {CJK run: word lengths}


@dataclass(frozen=True)
class Report:
    """One stored year of one series.

    ``segmentation`` is computed by the pipeline and kept by the store; it takes no part in
    equality.
    """

    series: str
    year: int
    title: str
    sha256: str
    path: str
    sections: tuple[Section, ...]
    metrics: tuple[Metric, ...] = ()
    front: tuple[Block, ...] = ()
    back: tuple[Block, ...] = ()
    segmentation: Segmentation | None = field(default=None, compare=False, repr=False)
    # The extractor that made ``metrics`` (``compare.metrics.metrics_stamp()``); "" for metrics
    # stored before metric identity existed, which the pipeline extracts again when loading.
    metrics_stamp: str = field(default="", compare=False, repr=False)
    # What the expressions of a series need from this report, computed at ingest like the
    # segmentation (``compare.phrasestats``); None when not computed (not loaded, or stale).
    phrases: ReportPhrases | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class ReportInfo:
    """A stored report without its contents, as ``compare list`` shows it."""

    series: str
    year: int
    title: str
    sha256: str
    path: str
    sections: int
    metrics: int


@dataclass(frozen=True)
class Move:
    """A sentence deleted in one place and inserted, nearly the same, in another.

    ``a`` and ``b`` are character spans of ``TextDiff.a`` and ``TextDiff.b``; ``opcodes`` is the
    word diff of the two sentences, with offsets relative to the start of each span.
    """

    a: tuple[int, int]
    b: tuple[int, int]
    similarity: float  # 0.0-1.0
    opcodes: tuple[Opcode, ...]


@dataclass(frozen=True)
class CrossMove:
    """A sentence deleted from one entry's section and inserted, nearly the same, in another's.

    ``old_entry`` and ``new_entry`` index ``Comparison.sections``; ``a`` is a character span of
    that old entry's ``TextDiff.a``, ``b`` of the new entry's ``TextDiff.b``; ``opcodes`` is the
    word diff of the two sentences, offsets relative to the start of each span.
    """

    old_entry: int
    a: tuple[int, int]
    new_entry: int
    b: tuple[int, int]
    similarity: float  # 0.0-1.0
    opcodes: tuple[Opcode, ...]


@dataclass(frozen=True)
class TextDiff:
    """A lossless diff of two texts.

    The opcodes are over character offsets of ``a`` and ``b`` and cover both texts end to end:
    joining ``a[i1:i2]`` over all opcodes gives ``a`` and joining ``b[j1:j2]`` gives ``b``. An
    ``equal`` span may differ in width or whitespace only (full-width against ASCII digits), so
    each side is shown from its own text.
    """

    a: str
    b: str
    opcodes: tuple[Opcode, ...]
    change: float = 0.0  # share of tokens changed, 0.0-1.0
    note: str = ""  # set when the diff fell back to a coarser level
    moves: tuple[Move, ...] = ()  # deleted and inserted sentences that are one moved sentence


@dataclass(frozen=True)
class SectionPair:
    """One entry of an alignment: a matched pair, or a section found on one side only."""

    status: str  # one of SECTION_STATUSES
    old: Section | None
    new: Section | None
    similarity: float  # 0.0-1.0, of the section bodies
    # Set on an entry that is a relation rather than an alignment: "reported_done" (last year's
    # task section that this year's review reports on); "" for the alignment's own entries.
    relation: str = ""
    set_by_hand: bool = False  # the user said these two are (or are not) the same section


@dataclass(frozen=True)
class StatedCheck:
    """A change a report states (同比增长8.2%) set against the change computed from two years."""

    stated: Metric  # the stated change, signed by its verb in ``computed``'s terms
    computed: str  # the computed change in the stated unit, signed: "19.74", "-0.3"
    agrees: bool


@dataclass(frozen=True)
class MetricChange:
    """A metric paired across two years, or one found in one year only."""

    status: str  # changed | unchanged | added | removed
    label: str
    old: Metric | None
    new: Metric | None
    delta: str | None = None
    delta_percent: str | None = None
    check: StatedCheck | None = None  # the new year's own stated change, checked
    set_by_hand: bool = False  # the user said these two are (or are not) the same indicator


@dataclass(frozen=True)
class MetricOutcome:
    """Last year's target beside this year's reported actual for that year: a plan against its
    outcome, never a change."""

    label: str
    target: Metric  # from the old report
    actual: Metric  # from the new report


@dataclass(frozen=True)
class RelatedMetrics:
    """Two metrics left unpaired because their identity differs or is unclear, shown side by
    side with the reason ("five-year total vs one year", "two candidates alike")."""

    old: Metric
    new: Metric
    reason: str


@dataclass(frozen=True)
class Comparison:
    """Everything known about two years of one series, ready to render or serialise."""

    series: str
    old: Report
    new: Report
    sections: tuple[SectionPair, ...]
    diffs: tuple[TextDiff | None, ...]  # parallel to ``sections``; None for added/removed
    metrics: tuple[MetricChange, ...]
    similarity: float
    notes: tuple[str, ...] = ()  # where the comparison fell back to a coarser level, and why
    moves: tuple[CrossMove, ...] = ()  # sentences that moved from one section to another
    # The change score of each entry as a reader means it (share of words changed, a section
    # with its items, a split or merge over all its parts: ``diff.scores``); parallel to
    # ``sections``, empty when not computed (then each diff's own ``change`` stands).
    changes: tuple[float, ...] = ()
    # The diff of the joined old and new parts of each split or merge, on its first entry.
    joined: tuple[TextDiff | None, ...] = ()
    outcomes: tuple[MetricOutcome, ...] = ()  # last year's targets beside this year's actuals
    related: tuple[RelatedMetrics, ...] = ()  # unpaired metrics that look alike, with the reason

    def change_of(self, k: int) -> float:
        """Entry ``k``'s change score, 0.0-1.0 (1.0 for an added or removed section)."""
        if self.changes:
            return self.changes[k]
        diff = self.diffs[k]
        return diff.change if diff is not None else 1.0

    def most_changed(self, *, limit: int) -> tuple[int, ...]:
        """Indexes of the entries with the largest change score (``change_of``), at most
        ``limit``: what the page and the terminal list as the most changed sections.

        Every entry a reader calls changed (changed, renamed, moved, split, merged), a split or
        merge once (its first entry, which stands for the group); added and removed ones are
        counted apart, and relations are not changes. An entry that is a bare heading on both
        sides is left out: its score would only measure a retitling.
        """
        scored = [
            (self.change_of(k), k)
            for k, (pair, diff) in enumerate(zip(self.sections, self.diffs, strict=True))
            if diff is not None
            and not pair.relation
            and self.change_of(k) > 0
            and pair.status in ("changed", "renamed", "moved", "split", "merged")
            and (pair.status not in ("split", "merged") or not self.joined
                 or self.joined[k] is not None)
            and (self.changes or any(s is not None and s.body for s in (pair.old, pair.new)))
        ]
        return tuple(k for _, k in sorted(scored, key=lambda x: (-x[0], x[1]))[:limit])


@dataclass(frozen=True)
class SearchHit:
    """A section of one stored year whose text holds a searched phrase."""

    series: str
    year: int
    path: str  # section path
    title: str
    line: int  # source line where the paragraph holding the first match starts
    count: int  # matches in this section
    snippet: str  # the first match with a little text around it, on one line


@dataclass(frozen=True)
class Correction:
    """A user's verdict on two sections (or two metrics) of two years of one series: they are
    the same, or they are not. Kept in the store; every comparison of those years follows it.

    A section is named by its path and its title as written; a metric by ``LINE:TEXT`` of its
    quantity (``20:76件``) and its quote. Both are looked up again in each comparison, so a
    correction survives re-ingesting the same report.
    """

    series: str
    kind: str  # "section" | "metric"
    same: bool
    old_year: int
    new_year: int
    old_ref: str
    old_text: str
    new_ref: str
    new_text: str
    id: int = 0  # the store's number for it; 0 before it is stored


@dataclass(frozen=True, eq=False)
class ReportPhrases:
    """What the expressions of a series (``compare.series.expressions``) need from one report:
    its runs of words with their uses, its word counts, quoted terms and folded text. Computed
    once at ingest (``compare.phrasestats.report_phrases``) and kept by the store; whatever
    depends on the other years of the series (new, dropped, salience) is computed when asked.

    A *run* is a run of word keys joined by ``phrasestats.JOIN`` (no space between the words)
    or ``phrasestats.SPACE`` (a space, between two Latin words). Runs ``0 .. len(candidates)``
    are the report's expression candidates in the order first met; the others are the longer
    runs and single words counted beside them, and pieces of counted runs (use 0), so that every
    run's one-word extensions can be listed. ``stamp`` names the rules, segmenter and tuning
    that made it (``phrasestats.phrases_stamp``): another stamp is stale and is recomputed.
    """

    stamp: str
    runs: tuple[str, ...]
    candidates: Sequence[int]  # uses of each candidate run as an expression candidate
    uses: Sequence[int]  # uses of each run as a run of words (single words: as a content word)
    # run i's one-word extensions (longer runs that hold it at an edge) are the runs
    # extends[extends_at[i]:extends_at[i + 1]]
    extends_at: Sequence[int]
    extends: Sequence[int]
    unigrams: Mapping[str, int]  # every word key and its uses (function words and numbers too)
    words: Mapping[str, int]  # content words as cut (folded, lower-cased), in the order first met
    quotes: tuple[str, ...]  # keys of the quoted terms, sorted
    plain: str  # the sections' text folded and lower-cased, joined by "\n"
    shape: str  # the same with numerals written "#" (``textkit.phrases.number_shape``)
