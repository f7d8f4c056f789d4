"""Every threshold and weight of ``compare``, named, each with how it was chosen.

Public API: Tuning, IngestTuning, PdfTuning, SectionTuning, AlignTuning, DiffTuning, MetricTuning,
RenderTuning, SeriesTuning, DEFAULT, and the limits STORE_BUSY_TIMEOUT_S, SEARCH_SNIPPET_CHARS,
SEARCH_TRIGRAM_MIN_CHARS, SERVE_HOST, SERVE_PORT, SERVE_CACHED_PAIRS, SERVE_REQUEST_BUDGET_S,
SERVE_WORKERS, SERVE_POLL_S, SERVE_SHUTDOWN_GRACE_S; PhraseTuning.

A stage takes its tuning as a keyword argument (``align(old, new, tuning=AlignTuning(...))``),
whose defaults are today's values; ``Tuning`` bundles one of each for the pipeline. A sweep or a
test passes its own object instead of changing globals. The limits at the end are not weights:
they bound waiting, output and where the server listens, and are read as constants.

The module is longer than the ~600 lines at which a module wants splitting, on purpose: it is the
one place a reviewer reads to see every number the tool decides by; most of its lines are the
comments saying how each value was chosen, and each stage's class is already its own unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "DEFAULT",
    "SEARCH_SNIPPET_CHARS",
    "SEARCH_TRIGRAM_MIN_CHARS",
    "SERVE_CACHED_PAIRS",
    "SERVE_HOST",
    "SERVE_POLL_S",
    "SERVE_PORT",
    "SERVE_REQUEST_BUDGET_S",
    "SERVE_SHUTDOWN_GRACE_S",
    "SERVE_WORKERS",
    "STORE_BUSY_TIMEOUT_S",
    "AlignTuning",
    "DiffTuning",
    "IngestTuning",
    "MetricTuning",
    "PdfTuning",
    "RenderTuning",
    "SectionTuning",
    "SeriesTuning",
    "Tuning",
    "PhraseTuning",
]



@dataclass(frozen=True)
class PdfTuning:
    """Reading the text layer of a PDF (compare.ingest.pdfpage, compare.ingest.pdf). Measured on
    cn-putuo-wanli-budget-pdf, cn-jiangsu-budget-pdf and PDFs made for the purpose (docs/pdf.md)."""

    # Gap between two characters that reads as a space, in ems: 0.2 between Latin characters;
    # next to a CJK character 0.6, above WPS's 0.25 em autospace in "2022 年" (no space wanted)
    # and below the 1.0 em of letter-spaced labels ("目 录").
    space_gap_em: float = 0.2
    cjk_space_gap_em: float = 0.6

    # A gap wider than this (ems) splits a line into spans: table cells, a contents title and
    # its page number. Words inside prose are never 1 em apart.
    span_gap_em: float = 1.0

    # A character joins a line whose band it overlaps by this share of the smaller height.
    line_overlap: float = 0.5

    # Ruling lines (points): rules closer than rule_snap are one, collinear pieces with gaps up to
    # rule_join are one rule, shorter than rule_min are ticks or dots, a filled rectangle thinner
    # than rule_thin is a rule (WPS and Distiller draw borders so). Columns narrower than min_col
    # and rows lower than min_row are slivers of rules drawn twice (jiangsu-2023 p. 11: 415.7 and
    # 421.3 in different rows of one column).
    rule_snap: float = 2.0
    rule_join: float = 3.0
    rule_min: float = 3.0
    rule_thin: float = 2.0
    min_col: float = 7.0
    min_row: float = 4.0

    # A page with fewer characters than this and an image covering this share of it is a scan.
    # The corpus's blank separator pages have neither characters nor images.
    scan_max_chars: int = 20
    scan_min_cover: float = 0.5

    # Running headers and footers: lines in the top or bottom share of the page whose text (digits
    # masked) recurs at the same place on this share of the pages with text. Jiangsu's footer
    # "─ N ─" stands in the bottom 8% on 115 of 127 pages; a 30% floor keeps a chapter's own
    # heading, repeated on two or three pages, in the text.
    running_margin: float = 0.12
    running_min_share: float = 0.3

    # A line at least this many times the body size is display type (a chapter or table title):
    # putuo 18 pt over 12 pt, jiangsu 20-32 pt over 16 pt; sub- and superscripts are smaller.
    display_size_ratio: float = 1.15

    # Consecutive lines of a paragraph: the next line starts within this many ems of the body's
    # left edge (a first-line indent is 2 ems), and the line before it ends within this many ems of
    # the right edge (a last line stops short). Justified CJK lines end within 1 em of the edge in
    # both corpus PDFs; putuo's "…158.05万元。" stops 2.5 ems short and ends its paragraph.
    indent_em: float = 1.0
    full_line_em: float = 1.5

    # Lines further apart than this many line heights are not one paragraph (a blank line).
    paragraph_gap: float = 1.0

    # A contents entry matches a body heading when their titles, ordinals and years masked, are
    # this similar (0-100): putuo's "一、部门主要职能" stands in the body as
    # "…万里街道办事处（部门）主要职能" (contained: 100); unrelated titles stay under 50.
    contents_match: float = 70.0

    # At most this many characters make a standalone heading line; longer lines are prose.
    heading_max_chars: int = 60

    # A cover: one of the first cover_max_pages pages holding at most cover_max_lines lines and
    # no sentence (putuo's cover has 2 lines, jiangsu's 6; a first page of prose has dozens).
    cover_max_pages: int = 3
    cover_max_lines: int = 8

    # A contents page is looked for among the first third of the pages (at least this many).
    contents_min_pages: int = 3

    # A body title is matched to the contents entries this far ahead of the last one matched,
    # so an entry missing from the body (putuo's 五) does not stop the matching.
    contents_window: int = 8

    # Two lines are set in one size when their sizes differ by less than this (points): sizes
    # are read to 0.1 pt and a size printed as 12 pt reads 11.8-12.1 in the corpus.
    size_tolerance: float = 0.5

    # Width of a digit or Latin letter in ems, for the first word of a line (does it fit at the
    # end of the line before?). Half-width digits are 0.5 em in the corpus PDFs' CJK fonts; the
    # low estimate joins fewer lines. putuo's "…比2023年预算减少" stops 1.5 ems short of the edge
    # because "876.75万元" (3 ems of digits) did not fit: one sentence, wrapped.
    half_width_em: float = 0.5


@dataclass(frozen=True)
class IngestTuning:
    """Reading files into blocks (compare.ingest)."""

    # A line at most this long that does not end a sentence is a fragment left by scraping (a link's
    # text: "2", "2.5", "中国大陆", "国务院总理") and is joined to its neighbours. The longest such
    # fragments in cn-gwr not already flanked by 《》 or （） are 5 characters; real short lines
    # there ("各位代表：") end with punctuation.
    fragment_max_chars: int = 6

    # A line of prose at least this long (with inner commas) that has no final stop was cut
    # mid-sentence. Titles, breadcrumbs and heading lines are shorter or have no inner commas.
    prose_line_min_chars: int = 40

    # A text file with at least this many blank lines per non-blank line separates paragraphs with
    # blank lines, so consecutive lines are one paragraph. cn-gwr has 1-2 blank lines per paragraph,
    # enping (one paragraph per line) 1 blank line in 50.
    blank_separated_min_share: float = 0.5

    # Blocks at the top of a file searched for a breadcrumb, the title and its byline. enping has 3
    # lines of furniture, cn-gwr/2017 seven; 12 leaves room without reaching into a report's body.
    front_scan_blocks: int = 12

    # A title is a short line: the longest report titles seen (city reports) are about 40
    # characters.
    title_max_chars: int = 80

    # Short speaker/byline lines after the title ("国务院总理 李克强") are at most this long.
    byline_max_chars: int = 12

    # A licence/footer marker counts only in the second half of the blocks, so that a paragraph
    # opening with "版权所有" in the body cannot swallow the rest of the report.
    back_min_share: float = 0.5

    # ... or among the last this many blocks, for short documents (a two-paragraph resolution
    # followed by a four-block licence, as in cn-npc-resolution).
    back_tail_blocks: int = 6

    # How much of a .txt file is searched for HTML tags, and how many it needs to be read as HTML:
    # the govcn fragments have several in their first line; prose quoting one tag is not HTML.
    html_sniff_chars: int = 4096

    html_sniff_min_tags: int = 2

    # A breadcrumb ("当前位置: 首页 > 政务公开 > …") is one short line: the longest in the corpus is
    # about 60 characters. A longer block that mentions "首页 >" is prose (or a whole report on one
    # line), not page furniture, and must not be set aside as front matter.
    breadcrumb_max_chars: int = 200

    # A heading glued by scraping to the end of a paragraph ("...to them.DEALING WITH INFLATION") is
    # set on its own only where it stands as a heading would: followed by prose, or by one more
    # short line (its first sub-heading) and then prose. The same run of 2 as
    # SectionTuning.heading_run_max; a glued table caption heads a run of short rows instead.
    heading_run_max: int = 2

    # How much of a file that is not named .md is searched for Markdown (ATX headings, bold
    # metadata, fences): the sg-budget files show theirs in the first lines; 64 KiB keeps a 50 MB
    # file's sniffing cheap.
    markdown_sniff_chars: int = 65_536

    # GB18030 text is taken without asking charset-normalizer when at least this share of its
    # ideographs is in GB2312 (the common simplified set): every cn-* report here is above 0.99,
    # while Shift-JIS bytes read as GB18030 give 0.0 and Big5 bytes about 0.25. Traditional text
    # saved as GBK falls below and goes to charset-normalizer, which still reads it as GB18030.
    gb2312_min_share: float = 0.9

    # ... and when at most this share of its ideographs stand between two spaces: Chinese never
    # spaces words, EUC-KR Korean read as GB18030 does (every 2-4 characters: share 0.2-0.5).
    spaced_hanzi_max_share: float = 0.05

    # Highest charset-normalizer chaos (0-1, mess per character) of a reading that is taken. Clean
    # Big5, Shift-JIS and EUC-KR fixtures score 0.0; mojibake scores 0.2 and more. Set by judgement.
    max_chaos: float = 0.1

    # A Latin-1 (Windows-1252) reading is taken when non-ASCII characters are at most this share
    # of its letters (French and German prose: 2-6%; a short title like "Résumé" 0.33) and never
    # three in a row (broken UTF-8 and binary junk: "ä¸€", "ÿþý").
    latin_max_high_share: float = 0.4
    # Reading PDFs (compare.ingest.pdf).
    pdf: PdfTuning = field(default_factory=PdfTuning)
    # How many times the raw rest of an HTML file after an unclosed <script>/<style> is parsed
    # again as HTML (issue 18): one truncated page has one such element; a file with more is
    # broken enough that, past this many, its rest is kept as one block of text as written, so
    # a file of 10,000 unclosed <script> tags stays linear instead of re-parsing its tail each time.
    html_reparse_max: int = 8


@dataclass(frozen=True)
class SectionTuning:
    """Finding the outline (compare.sections)."""

    # A numbered heading must continue its sequence: the next ordinal, or one more (a skipped number
    # in the source). Stray "3、" / "2019、" lines in prose fail this; no real report in the corpus
    # skips more than one.
    heading_ordinal_gap: int = 1

    # Headings guessed from layout (ALL-CAPS or title-case lines with no ordinal) must stand alone:
    # in a run of consecutive short lines (no sentence end) longer than this they are table rows or
    # list lines. A heading and its first sub-heading make a run of 2 ("Individual Taxes" / "Estate
    # Duty" in sg-budget 2008); the tables there make runs of 8-24.
    heading_run_max: int = 2

    # Passes that take back layout headings owning no text (a heading over nothing, then a heading
    # at its level or above). One pass settles the corpus; a second catches a heading left empty by
    # the first; more would only cost time.
    empty_heading_passes: int = 2


@dataclass(frozen=True)
class AlignTuning:
    """Aligning sections, split and merge edges from paragraph provenance (compare.align)."""

    # Share of a pair's score that comes from the masked titles; the rest is the body cosine. Titles
    # are short and often reworded year to year while the topic vocabulary of the body persists, so
    # the body carries more weight. Set by judgement, checked on the dev gold (gwr 2015-2016,
    # 2018-2019); see the README for the figures.
    title_weight: float = 0.35

    # Lowest score for two siblings to be paired by the order-preserving programme. Measured on the
    # dev gold (level 1-2 headings): non-counterparts score median 0.11-0.14, 90th percentile
    # 0.20-0.23; gold pairs 0.14-0.69, a third of them below 0.23. No absolute floor separates them,
    # so this floor only drops the hopeless and pair_relative does the separating.
    pair_floor: float = 0.15

    # A pair must also score at least this share of the best score in its row and in its column, so
    # that a section pairs with the counterpart that stands out, not with one of many look-alikes.
    pair_relative: float = 0.8

    # Lowest score for leftovers to be paired out of order as a move. A move has no order to support
    # it, but the relative test (pair_relative) already keeps look-alikes out: on the dev gold a
    # true move scored 0.19 (gwr 2018 （七） -> 2019 （四）), so the floor equals pair_floor.
    move_floor: float = 0.15

    # A move into a part that is not the counterpart of the section's old part must score higher: on
    # the dev gold the sub-topics of a review part otherwise "move" into the year's task list, which
    # shares their vocabulary but not their meaning (gwr 2018 一（一） scores 0.38 against 2019
    # 三（一）; the gold calls it removed). No true cross-part move is in the dev gold, so this is a
    # judgement: such a move must be about as strong as a same-position rewrite (0.4-0.6).
    move_across_floor: float = 0.45

    # A matched pair whose masked titles are less alike than this is "renamed" rather than
    # "changed". 1.0: any change of the title beyond its ordinal, years and punctuation is a
    # rename, as reports/README.md labels the sample by hand ("1.健全科学民主决策机制。" extended
    # by a clause is renamed; a title kept word for word over a rewritten body is changed).
    rename_title_ceiling: float = 1.0

    # Share of an unmatched section's weighted vocabulary that must be found in a matched section of
    # the other year for it to count as split from (or merged into) that section.
    split_containment: float = 0.75

    # An unmatched new section is split from the matched old section that scores best against it
    # when that score clears split_floor and beats the runner-up by the factor split_margin.
    split_floor: float = 0.15

    split_margin: float = 1.2

    # Most old × new section pairs the full alignment scores (every pair is scored in Python, about
    # 4 µs each with titles masked once): 250,000 (500 × 500 sections) take 0.9 s. A real report has
    # 10-100 sections; beyond the budget sections pair only by equal titles, in order, with a note
    # on the page.
    pair_budget: int = 250_000

    # Longest folded text (characters) for which the similarity of two section bodies or two whole
    # reports (textkit.vectors.text_similarity) is the exact character LCS ratio; longer texts use a
    # linear bigram measure. 30k × 30k takes 0.13 s in rapidfuzz (100k × 100k takes 1.7 s); a whole
    # cn-gwr report is 21k characters, so reports and sections stay exact.
    similarity_max_chars: int = 30_000

    # Sections shorter than this (with their descendants) are never split parts or merge sources: a
    # bare heading's few common words are found in almost any section.
    split_min_chars: int = 40

    # Units are the sections of the top two heading levels: the levels at which reports reorganise
    # their parts (gold labels use levels 1 and 2); deeper items travel with their unit.
    provenance_max_level: int = 2

    # Paragraphs shorter than this (a one-line lead-in) carry too few words to say where they went.
    provenance_min_para_chars: int = 20

    # A paragraph counts for its best unit of the other year when the TF-IDF cosine reaches this
    # floor and beats the runner-up by this factor. Swept on the dev gold (margin 1.0, 1.15, 1.3,
    # 1.5 × share 0.10-0.25): overall F1 0.85-0.93 below margin 1.3, a plateau of 0.972 from 1.3 up
    # for every share tried; lower margins let topics shared by several sections (employment,
    # reform) give false edges. The floor only drops paragraphs with next to no shared words.
    provenance_floor: float = 0.10

    provenance_margin: float = 1.3

    # An edge joins two units when this share of one unit's paragraph text went to the other (either
    # direction). The smallest true split on the dev gold gave 0.15 (gwr 2018 （一） supply-side
    # reform -> 2019 （一） macro policy, via its tax-cut paragraphs); 0.15-0.25 score alike at
    # margin 1.3.
    provenance_share: float = 0.15

    # Most paragraph-by-section cosines the provenance step may compute (paragraphs of one year ×
    # units of the other, both ways); past it the step is skipped with a note. 1.8 million took 2 s
    # on the 2-core dev machine (300 × 300 sections of 10 paragraphs); cn-gwr 2018→2019 needs about
    # 3,200. 400,000 keeps the step under half a second.
    provenance_budget: int = 400_000

    # Score factor for two sections whose parts have roles of different families (a review
    # against a task list, compare.align.roles): they pair only on strong evidence. On the
    # term-change dev gold (gwr 2017 -> 2018) the task sections of 2017 otherwise pair with the
    # five-year review sections of 2018 that echo their titles; chosen by judgement, see the
    # README for the figures before and after.
    cross_role_factor: float = 0.5

    # Share of a task section's paragraph text that must read best as one section of the new
    # year's review for the task to be "reported done" there. A third: more than an incidental
    # sentence, far less than the whole (a review reports a task in fewer words than it was set).
    reported_done_share: float = 0.34

    # Lowest cosine for a task paragraph's vote for a review section to count (provenance_floor
    # is for paragraphs that stay within a role): the sample's 2018 三（三） 普法 plan scores 0.19
    # against 2019 一（七） officials' training, which reports/README.md calls unrelated; cn-gwr
    # 2017 task paragraphs that 2018's five-year review reports on score 0.22-0.35. Judgement.
    reported_done_floor: float = 0.25

    # Longest paragraph that is only an address to the audience ("各位代表！", 5 characters): after
    # one, the text of a part's last section is the speech going on, not that section (cn-gwr 2018
    # 三（九） runs on into the government's self-building and the closing). Room for longer
    # addresses ("各位代表、各位委员：").
    salutation_max_chars: int = 12

    # Lowest cosine of the two sections' words (Scorer.body, not weighed with the masked titles) for
    # leftovers to be paired as a move: no order supports a move, so a title word shared by
    # look-alike measures must not carry it.
    # The value of pair_floor, by judgement; on the dev gold the true moves of cn-gwr have bodies
    # of 0.34-0.52, while sg-budget 1984 "Duties on Liquors" -> 1985 "Duty on Petrol" (gold: removed
    # and added) scored 0.26 on the shared word "duty" with a body of 0.12.
    move_body_floor: float = 0.15

    # Lowest body cosine (Scorer.body) for two sections that both have text to be paired at all
    # (``_gate``): a word or two shared by the titles ("Build on our strengths in manufacturing
    # and services" / "Catalysing Innovation in Public Services", body 0.11; "Tobacco and liquor
    # duties" / "Estate Duty", 0.11) must not carry a pair whose texts are about other things.
    # Gold edges of the dev gold have bodies of 0.15 and up, but for a few split and merge edges
    # of sg-budget 2006→2008 (0.115-0.147) that paragraph provenance and containment make, not
    # this gate; 0.12 and 0.15 give the same figures (sg-budget 2006→2008 F1 0.525 → 0.541, the
    # others unchanged). Chosen on the dev gold, like split_body_floor.
    pair_body_floor: float = 0.12

    # Lowest body cosine (Scorer.body) for an unmatched section to be split from the old section
    # that scores best against it (``_split_source``): a split needs a share of the text, not a
    # title echo (issue 15). sg-budget 2006 "PART V - CONCLUSION / FY06 Budget position" scored
    # 0.24 against 2008 "Fiscal position in 2007" on the word "position", with bodies at 0.10;
    # the title-echo splits of that pair had bodies of 0.06-0.10, the weakest true ones (gold
    # "weak"/"moderate") 0.14-0.15, so 0.12 sits between them, below move_body_floor. It holds
    # for containment too (``_best_container``): a large part holds some of nearly every
    # section's words (sg 2006 "Expand job opportunities" in 2008 "BUILDING A RESILIENT
    # COMMUNITY": body 0.11). Chosen on the dev gold: the figure is optimistic.
    split_body_floor: float = 0.12

    # Share of its paragraph text that an old unit must send to a new one for a provenance edge
    # (provenance_share is for the stronger direction), and that a new sub-section must send back
    # to an old undivided part it is joined to. One stray paragraph is an incidental topic: on the
    # dev gold the wrong edges had 0.07-0.09 there (gwr 2018 （九） livelihood -> 2019 （一）
    # macro policy via one employment paragraph, 0.09; gwr 2016 review -> 2018 five-year review
    # （九）, 0.08 back; sg 2006 "Help the elderly" -> 2008 "Voluntary Savings", 0.07), the true
    # ones 0.11 and up. Chosen on the dev gold, on a narrow gap: the figure is optimistic.
    provenance_least_share: float = 0.10


@dataclass(frozen=True)
class DiffTuning:
    """The word diff and moved sentences (compare.diff)."""

    # Most pairs the diff may score at once: sentence pairs in alignment (n × m) and token pairs of
    # one sentence pair (SequenceMatcher). 4M sentence pairs take about 1 s in rapidfuzz and 4M
    # token pairs (2,000 tokens against 2,000) under 0.3 s even over a two-word vocabulary; the
    # whole cn-gwr report is about 0.4M sentence pairs, so only pathological input ever reaches it.
    budget: int = 4_000_000

    # Character pairs rapidfuzz may compare in alignment per unit of budget. Its LCS is not cheap on
    # long CJK strings: one 60k × 60k pair takes 0.6 s, 100k × 100k 1.7 s (measured), so 4M × 1,000
    # = 4e9 character pairs bounds alignment to well under a second; the whole cn-gwr report (21k ×
    # 21k characters in 644 × 660 sentences) takes 0.09 s.
    chars_per_pair: int = 1_000

    # Lowest fuzz.ratio (0-100) for two sentences to be aligned. On cn-gwr 2018/2019 the best match
    # of a sentence with no counterpart scores 40-50 (shared function words and figures), while a
    # sentence with a changed year, figure or clause scores 50-100; below the floor a pair is shown
    # replaced whole, which reads better than word confetti. Checked by eye on those pairs.
    sentence_floor: float = 50.0

    # Best candidates kept per sentence before the order-preserving chain is built: enough for a
    # report's repeated boilerplate sentences, while bounding the chain to a few per sentence.
    sentence_candidates: int = 8

    # Score gain (fuzz.ratio points) for a neighbouring sentence to join an aligned pair, making it
    # a 1-2 or 2-1 pair. A sentence split in two gains 15+ points when its second half joins (26 on
    # tests/cases/diff_sentence_split); an unrelated neighbour lowers the score, so 5 keeps it out.
    join_gain: float = 5.0

    # Longest equal run (non-space characters) the cleanup absorbs between two edits: one particle
    # (的, 和), one punctuation mark or one two-character word. Longer runs let the merged edits
    # grow clause by clause until they swallow unchanged clauses (seen on cn-npc-resolution
    # 2018/2019).
    absorb_max_chars: int = 2

    # Share of a sentence pair's non-space tokens (both sides) changed above which the pair is shown
    # as one replacement rather than word edits: past 60 % a reader compares the two sentences
    # whole.
    rewrite_share: float = 0.6


    # A deleted and an inserted sentence are one moved sentence when their folded texts score at
    # least this (fuzz.ratio, 0-100) and both have this many characters. 70 keeps a moved sentence
    # with a few words edited (a reworded 40-character sentence scores 75-90) while two different
    # sentences on one topic stay apart (they score 40-60 on the cn-gwr reports); sentences under 8
    # characters ("一是", "同时，") are too short to say they moved.
    move_similarity: float = 70.0

    move_min_chars: int = 8

    # Most deleted × inserted sentence pairs compared for moves (about 2 µs each in rapidfuzz, so
    # 20,000 cost ~40 ms); beyond it only sentences that moved unchanged are found, by hash.
    move_budget: int = 20_000

    # Longer "sentences" (a paragraph with no full stop, a scraped page on one line) are matched as
    # moves only when unchanged: rapidfuzz's ratio is quadratic in length.
    move_max_chars: int = 2_000

    # Sentences moved between sections (compare.diff.moves) are sought over the whole report, where
    # a State Council pair offers 250,000-730,000 deleted × inserted pairs; the whole step takes
    # 0.05-0.07 s on them, so the budget is a million before falling back to unchanged sentences.
    cross_move_budget: int = 1_000_000

    # Across sections a reworded sentence must be this long to count as moved: short slogans
    # (加快发展现代职业教育。 → 加快发展现代服务业。, 0.76) look alike without being the same.
    cross_move_min_chars: int = 16

    # When two versions of a section hold different numbers of tables, a new table is paired
    # with the old one whose header reads at least this alike (difflib ratio, years made
    # relative): the same table keeps its header across years; two different budget tables
    # share at most half of it.
    table_pair_floor: float = 0.5


@dataclass(frozen=True)
class MetricTuning:
    """Extracting and pairing metrics, and their chains (compare.metrics)."""

    # Quotes: at most this many characters of the clause before a number are kept, so a quote stays
    # a short table cell (the gold quotes of cn-gwr 2019 are 6-20 characters; 30 keeps the longest).
    quote_max_before: int = 30

    # A label taken from the noun after a number (17种抗癌药) stops after this many characters.
    after_label_max: int = 12

    # Pairing score 0-100 = label similarity weighted with value closeness. The label carries the
    # identity; the value only breaks ties between two labels that read alike (1351万 vs 6600万).
    label_weight: float = 0.85

    value_weight: float = 0.15

    # Below this score two metrics are not the same indicator. On gwr 2018/2019 the true pairs score
    # 80-100 and the closest labelled non-pair (粮食生产能力 vs 粮食总产量) about 45; 70 sits
    # between.
    pair_min_score: float = 70.0

    # A metric whose best partner beats the runner-up by less than this is left unpaired: an
    # unpaired metric costs less than a wrong pair (brief). 3 points still separates 城镇新增就业
    # from a same-label five-year total once the value closeness is counted.
    pair_margin: float = 3.0

    # Plausibility: year-on-year levels of one indicator rarely move by more than a factor of 3;
    # counts up to METRIC_SMALL_COUNT (3件 -> 12件) are exempt because small counts jump.
    max_ratio: float = 3.0

    small_count: int = 20

    # Percent levels and rates (失业率 5%, 贡献率 58.5%) move by a few points a year; growth rates
    # (增长 6.6%) swing more. Beyond both bounds (points and ratio) two percentages are not a pair.
    pct_level_max_points: int = 5

    pct_level_max_ratio: float = 1.5

    pct_change_max_points: int = 15

    pct_change_max_ratio: float = 3.0

    # A multi-year chain that stops may resume this many reports later (a year that words the
    # indicator differently, or drops it once). One year keeps cn-gwr 2014-2019 GDP growth whole
    # when one edition's label is cut short, while a longer bridge would join look-alikes years
    # apart.
    chain_bridge_years: int = 1

    # A caption line above a table names it (its name starts each of the table's metric labels)
    # when it mentions 表 and is at most this long; a longer line is a paragraph.
    table_name_max_chars: int = 80
    # A figure's sentence is read for its period and for plan words over at most this many
    # characters before the number: the sentences of cn-gwr run to about 150 characters, and a
    # marker further back governs a clause of its own; it bounds a 1 MB line with no full stop.
    sentence_window: int = 200

    # Pairing is bounded (issue 18): each metric is scored against at most this many candidates
    # of the other year, found through an index on identity and label. The exact label comes
    # first; 8 covers a report's few near-namesakes (国内生产总值 / 国内生产总值增长 / …增速) on
    # cn-gwr, where no true pair ranked below third.
    pair_candidates: int = 8

    # A character pair found in more than this many labels of one identity says nothing about
    # which indicator a label names (预算, 支出 in a budget table): it is not followed, so a
    # 6,000-row table costs no more per row than a 60-row one. Labels that share only such pairs
    # are paired by exact label only, with a note. On cn-gwr 2014-2019 (97-155 metrics a report)
    # the commonest pair, 增长, stands in at most 12 labels of one identity; 16 and 32 give the
    # same dev-gold figures, and 16 keeps the work per label small.
    gram_cap: int = 16

    # An old target meets the new report's actual as its outcome when their labels score at least
    # this (label_similarity): the same indicator named in the plan and in the review. 75 keeps
    # 国内生产总值增长 → 国内生产总值增长 and 城镇调查失业率 → 调查失业率 while 居民消费价格涨幅
    # (a target) never meets 居民收入增长. Checked by eye on cn-gwr 2014-2019.
    outcome_min_label: float = 75.0

    # Unpaired metrics are listed as related (same indicator, other identity) when their labels
    # score at least this: high enough that the reader sees one indicator under two identities.
    related_min_label: float = 85.0

    # Two labels that fold to the same subject of at least this many characters name one
    # indicator whatever their values (第一季度用款计划, 财政拨款支出预算比上年预算增减, a budget
    # item's class path): their values may differ by up to exact_label_max_ratio. Budget lines
    # move more than a report's headline figures: putuo 2024→2025 has items at ×4.4, ×5.7, ×7.2
    # and a quarterly plan at ×10.5 (dev gold, so optimistic); ×20 still refuses a unit slip
    # (元 read as 万元: ×10,000). Six characters keep generic names (预算安排, 增长) to the
    # ordinary bound; no pair of cn-gwr 2017-2019 changes.
    exact_label_min_chars: int = 6

    exact_label_max_ratio: float = 20.0

    # A table whose name has no namesake in the other year is the table there with an alike
    # name (rapidfuzz ratio at least table_name_min) sharing the most row·column labels (Jaccard at
    # least table_rows_min). jiangsu 2022→2023 renames nine tables (…预算收入预算表 → …收入预算表,
    # ratio 92-95, rows shared 0.83-1.00); the alike-named wrong candidates share 0.00-0.31
    # (…预算支出预算表 vs …预算本级支出预算表: 0.31, ratio 93). 80 keeps every rename; 0.5 sits
    # between the two groups.
    table_name_min: float = 80.0

    table_rows_min: float = 0.5


@dataclass(frozen=True)
class RenderTuning:
    """The pages and summaries (compare.render)."""

    # Characters of unchanged text shown on each side of a change in the HTML page. 30 CJK
    # characters is about one clause of a government report: enough to recognise where a change
    # stands without reading the whole paragraph (checked by eye on cn-gwr 2018-2019 at 1280 px).
    context_chars: int = 30

    # An unchanged run is folded behind a "… N unchanged characters …" button only when at least
    # this many characters would be hidden; a button for a dozen characters costs more than it
    # saves.
    collapse_min_chars: int = 40

    # Length of the "most changed sections" list: five fits the header at 1280 px without scrolling.
    top_changed: int = 5

    # Characters of a counterpart's title quoted in "part of a split of 2018 （一）…" links: the
    # ordinal plus a few words identify a heading; full titles run to 60+ characters.
    ref_title_chars: int = 24

    # Context around each change in the Markdown summary: shorter than the page, since a Markdown
    # snippet is read as one line (12 CJK characters is about half a clause).
    md_context_chars: int = 12

    # Snippets listed per entry in the Markdown summary before "… and N more changes": a rewritten
    # section can yield hundreds, and the summary is meant to be skimmed.
    md_max_snippets: int = 25

    # Unchanged runs of at most this many characters between two changes are shown inside one
    # replaced span: a lone 的 or ， between deletions makes rewritten clauses unreadable, while 3+
    # shared characters (a word and its particle) are worth showing as kept. Chosen by eye on cn-gwr
    # 2018-2019 character diffs.
    merge_equal_chars: int = 2

    # Size in CSS pixels of the sparkline beside each metric chain: six years at 20 px apart read as
    # a trend, and 28 px is one table row of the 14 px table text with its padding.
    spark_width: int = 120

    spark_height: int = 28

    # A one-to-one entry that cannot stay in place in the Word redline (its section moved) is
    # tracked as a move only when at most this share of its tokens changed; past that, Word would
    # show the whole old section moved away and a few scattered words moved in, so it is shown as
    # deleted where it stood and inserted where it stands. The sample's moved sections change
    # 0.00-0.32, cn-gwr 2018-2019's two moved sections 0.83 and 0.96 (rewritten, not moved text).
    redline_move_max_change: float = 0.5

    # Seconds that headless Chromium may take to print a pair page to PDF: the cn-gwr 2018-2019
    # page prints in a few seconds on the 2-core test machine; a hung browser must not hang compare.
    pdf_timeout_seconds: float = 120.0


@dataclass(frozen=True)
class SeriesTuning:
    """Site, timeline, trace and trends (compare.series)."""

    # Context around each change in `compare trace` (text and page): a trace shows several years one
    # after another, so each change gets about half a clause of CJK text, as the Markdown summary
    # does.
    trace_context_chars: int = 12

    # `compare trace "title"`: a title query matches a section when their similarity (rapidfuzz
    # WRatio, 0-100, over titles with ordinals and punctuation stripped) reaches this. Checked by
    # hand on cn-gwr 2018: 建设创新国家 finds （二）加快建设创新型国家 while 生态环境保护, which no
    # heading words that way, finds nothing rather than a wrong heading; not tuned beyond that.
    trace_title_match: int = 80

    # A best title match is taken without asking only when it beats the runner-up by this many
    # points; closer than that, the query is ambiguous and the candidates are listed.
    trace_title_margin: int = 5

    # Candidates listed when a trace query is ambiguous or matches nothing.
    trace_candidates: int = 5

    # Trends (`compare metrics --from --to`, the site's and `compare serve`'s trends pages) keep
    # chains stated in at least this many years: one value is not a trend.
    trends_min_years: int = 2


@dataclass(frozen=True)
class PhraseTuning:
    """Expressions and keyword counts across a series (compare.series.expressions)."""

    # An expression is at most this many words and characters: the set phrases of cn-gwr run to
    # 8 characters (供给侧结构性改革) and 4 words; past 12 characters a run of words is a clause
    # (促进房地产市场平稳健康发展), which a report repeats but nobody calls an expression.
    max_words: int = 6

    max_chars: int = 12

    # Extensions are counted this many characters beyond max_chars, so that a piece of a longer
    # repeated clause is known to be a piece (a fragment) rather than taken for a whole.
    extension_chars: int = 8

    # A run of several words is an expression only when the stored series uses it this often: one
    # use says nothing of whether the words hold together (a single word, a quoted term or an
    # abbreviation needs no such evidence: the segmenter or the writer made it one unit).
    min_count: int = 2

    # A run is a fragment of a longer one when one neighbouring word accompanies it in this share
    # of its uses (供给侧 is followed by 结构性改革 in 20 of 22): the longer run is the expression.
    # 新常态 keeps itself at 5 of 7 (经济发展新常态); 0.8 sits between, not tuned further.
    fragment_share: float = 0.8

    # Single Chinese words are expressions from this many characters (放管服, 制造业); two-character
    # words are common vocabulary and count as keywords, unless the writer quoted them (“双创”).
    single_min_chars: int = 3

    # Longest quoted text taken as a quoted term (“互联网+政务服务” is 9): longer is a quotation.
    quote_max_chars: int = 16

    # Salience: (1 + log2 count) × (1 + later_weight·log2(1 + later years that use it)) × cohesion ×
    # compactness, × quote_weight when the writer put it in quotation marks. Cohesion is the
    # pointwise mutual information per word junction over the series, divided by cohesion_pmi and
    # capped at 1 (so a chance pairing of frequent words, 加快实施 at 3.2 bits, weighs a third of a
    # set phrase, 新常态 at 7.5); compactness divides by the characters beyond compact_chars. The
    # weights were set by reading the new-expression lists of cn-gwr 2015-2019 (the examples of
    # issue 19 among them, so that figure is optimistic) and checked on sg-budget and
    # cn-npc-resolution.
    later_weight: float = 0.5

    quote_weight: float = 2.0

    cohesion_pmi: float = 8.0

    compact_chars: int = 8

    # Rows listed when no --top is given: about what a news article lists, and one screen.
    top: int = 30

    # New expressions per year on the series page, and keywords followed across the series.
    timeline_per_year: int = 15

    chart_keywords: int = 12

    # Keywords on the pair page's expressions panel: one line of it at 1280 px.
    panel_keywords: int = 10

    # A report's expression statistics are made at ingest up to this many characters of section
    # text (about 3.5 s of CPU at 3.5 µs a character; a State Council report is 20,000); a longer
    # one leaves them to the first command that asks, so a 50 MB file is not held up by them.
    ingest_max_chars: int = 1_000_000


@dataclass(frozen=True)
class Tuning:
    """One tuning object per stage; the pipeline hands each stage its own."""

    ingest: IngestTuning = field(default_factory=IngestTuning)
    sections: SectionTuning = field(default_factory=SectionTuning)
    align: AlignTuning = field(default_factory=AlignTuning)
    diff: DiffTuning = field(default_factory=DiffTuning)
    metrics: MetricTuning = field(default_factory=MetricTuning)
    render: RenderTuning = field(default_factory=RenderTuning)
    series: SeriesTuning = field(default_factory=SeriesTuning)
    phrases: PhraseTuning = field(default_factory=PhraseTuning)


DEFAULT = Tuning()

# --- limits -------------------------------------------------------------------------------------


# How long a writer waits for another process's lock before giving up with a message. Ingesting one
# report takes well under a second, so 10 s covers a queue of several concurrent ingests while still
# answering a user whose store is held by a hung process.
STORE_BUSY_TIMEOUT_S = 10.0

# Where `compare serve` listens unless told otherwise: loopback only, so the store is readable from
# this machine and nowhere else (issue 5/6); 8000 is the customary local development port.
SERVE_HOST = "127.0.0.1"

SERVE_PORT = 8000

# Comparisons `compare serve` keeps in memory (least recently used dropped first): computing one
# State Council pair allocates under 5 MB (tracemalloc, lazy imports included), so 16 stay under 80
# MB while the page and the JSON of a pair, and a back-and-forth between pairs, are instant.
SERVE_CACHED_PAIRS = 16

# Characters of context shown on each side of a match in a search hit's snippet: about half a clause
# of Chinese each side, so a table row of hits stays one terminal line wide.
SEARCH_SNIPPET_CHARS = 18

# The FTS5 trigram index can only look up phrases of at least this many characters (its tokens are
# three-character windows); shorter phrases are found by a LIKE scan of the sections.
SEARCH_TRIGRAM_MIN_CHARS = 3

# How long `compare serve` works on one request before it stops the work and answers 503 (issue
# 18): a State Council pair takes under 0.5 s and the number-dense pairs that took minutes are
# what the budget is for; 30 s is past any pair the bench measures yet short of a browser's own
# timeout, so the user reads a message instead of a dead tab. `compare serve --budget` sets it.
SERVE_REQUEST_BUDGET_S = 30.0

# Requests `compare serve` works on at once, one thread each: the machine's two cores. A request
# past them waits for a free worker within its budget, so abandoned work never piles up.
SERVE_WORKERS = 2

# How often a waiting request checks whether its client left, its budget ran out or the server
# is stopping: a tenth of a second is imperceptible and costs nothing measurable.
SERVE_POLL_S = 0.1

# After SIGTERM or Ctrl+C, how long uvicorn waits for answers still being sent before it cancels
# them: requests stop their work within SERVE_POLL_S of the signal, so 2 s is ample and keeps the
# exit well inside the 5 s the README promises.
SERVE_SHUTDOWN_GRACE_S = 2.0
