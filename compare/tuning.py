"""Every threshold and weight of ``compare``, named, each with how it was chosen.

Public API: the constants below. Stages import them from here; nothing else hard-codes a tuning
number. Each block belongs to one stage.
"""

from __future__ import annotations

# --- ingest -------------------------------------------------------------------------------------

# A line at most this long that does not end a sentence is a fragment left by scraping (a link's
# text: "2", "2.5", "中国大陆", "国务院总理") and is joined to its neighbours. The longest such
# fragments in cn-gwr not already flanked by 《》 or （） are 5 characters; real short lines there
# ("各位代表：") end with punctuation.
FRAGMENT_MAX_CHARS = 6
# A line of prose at least this long (with inner commas) that has no final stop was cut
# mid-sentence. Titles, breadcrumbs and heading lines are shorter or have no inner commas.
PROSE_LINE_MIN_CHARS = 40
# A text file with at least this many blank lines per non-blank line separates paragraphs with
# blank lines, so consecutive lines are one paragraph. cn-gwr has 1-2 blank lines per paragraph,
# enping (one paragraph per line) 1 blank line in 50.
BLANK_SEPARATED_MIN_SHARE = 0.5
# Blocks at the top of a file searched for a breadcrumb, the title and its byline. enping has 3
# lines of furniture, cn-gwr/2017 seven; 12 leaves room without reaching into a report's body.
FRONT_SCAN_BLOCKS = 12
# A title is a short line: the longest report titles seen (city reports) are about 40 characters.
TITLE_MAX_CHARS = 80
# Short speaker/byline lines after the title ("国务院总理　李克强") are at most this long.
BYLINE_MAX_CHARS = 12
# A licence/footer marker counts only in the second half of the blocks, so that a paragraph
# opening with "版权所有" in the body cannot swallow the rest of the report.
BACK_MIN_SHARE = 0.5
# ... or among the last this many blocks, for short documents (a two-paragraph resolution followed
# by a four-block licence, as in cn-npc-resolution).
BACK_TAIL_BLOCKS = 6
# How much of a .txt file is searched for HTML tags, and how many it needs to be read as HTML: the
# govcn fragments have several in their first line; prose quoting one tag is not HTML.
HTML_SNIFF_CHARS = 4096
HTML_SNIFF_MIN_TAGS = 2
# A breadcrumb ("当前位置: 首页 > 政务公开 > …") is one short line: the longest in the corpus
# is about 60 characters. A longer block that mentions "首页 >" is prose (or a whole report on
# one line), not page furniture, and must not be set aside as front matter.
BREADCRUMB_MAX_CHARS = 200

# --- sections -----------------------------------------------------------------------------------

# A numbered heading must continue its sequence: the next ordinal, or one more (a skipped number
# in the source). Stray "3、" / "2019、" lines in prose fail this; no real report in the corpus
# skips more than one.
HEADING_ORDINAL_GAP = 1
# An ALL-CAPS English line is a heading when it is at most this long and has at least this many
# letters ("INTRODUCTION", "PART ONE: SAFETY"); "GDP" or "PM" fragments are too short.
CAPS_HEADING_MAX_CHARS = 60
CAPS_HEADING_MIN_LETTERS = 4

# --- align --------------------------------------------------------------------------------------

# Share of a pair's score that comes from the masked titles; the rest is the body cosine. Titles
# are short and often reworded year to year while the topic vocabulary of the body persists, so
# the body carries more weight. Set by judgement, checked on the dev gold (gwr 2015-2016,
# 2018-2019); see the README for the figures.
ALIGN_TITLE_WEIGHT = 0.35

# Lowest score for two siblings to be paired by the order-preserving programme. Measured on the
# dev gold (level 1-2 headings): non-counterparts score median 0.11-0.14, 90th percentile
# 0.20-0.23; gold pairs 0.14-0.69, a third of them below 0.23. No absolute floor separates them,
# so this floor only drops the hopeless and PAIR_RELATIVE does the separating.
PAIR_FLOOR = 0.15

# A pair must also score at least this share of the best score in its row and in its column, so
# that a section pairs with the counterpart that stands out, not with one of many look-alikes.
PAIR_RELATIVE = 0.8

# Lowest score for leftovers to be paired out of order as a move. A move has no order to support
# it, but the relative test (PAIR_RELATIVE) already keeps look-alikes out: on the dev gold a true
# move scored 0.19 (gwr 2018 （七） -> 2019 （四）), so the floor equals PAIR_FLOOR.
MOVE_FLOOR = 0.15

# A move into a part that is not the counterpart of the section's old part must score higher:
# on the dev gold the sub-topics of a review part otherwise "move" into the year's task list,
# which shares their vocabulary but not their meaning (gwr 2018 一（一） scores 0.38 against
# 2019 三（一）; the gold calls it removed). No true cross-part move is in the dev gold, so this is
# a judgement: such a move must be about as strong as a same-position rewrite (0.4-0.6).
MOVE_ACROSS_FLOOR = 0.45

# A matched pair whose masked titles are less alike than this is "renamed" rather than "changed".
RENAME_TITLE_CEILING = 0.6

# Share of an unmatched section's weighted vocabulary that must be found in a matched section of
# the other year for it to count as split from (or merged into) that section.
SPLIT_CONTAINMENT = 0.75

# An unmatched new section is split from the matched old section that scores best against it
# when that score clears SPLIT_FLOOR and beats the runner-up by the factor SPLIT_MARGIN.
SPLIT_FLOOR = 0.15
SPLIT_MARGIN = 1.2

# Most old × new section pairs the full alignment scores (every pair is scored in Python, about
# 4 µs each with titles masked once): 250,000 (500 × 500 sections) take 0.9 s. A real report
# has 10-100 sections; beyond the budget sections pair only by equal titles, in order, with a
# note on the page.
ALIGN_PAIR_BUDGET = 250_000

# Sections shorter than this (with their descendants) are never split parts or merge sources:
# a bare heading's few common words are found in almost any section.
SPLIT_MIN_CHARS = 40

# --- diff ---------------------------------------------------------------------------------------

# Most pairs the diff may score at once: sentence pairs in alignment (n × m) and token pairs of
# one sentence pair (SequenceMatcher). 4M sentence pairs take about 1 s in rapidfuzz and 4M token
# pairs (2,000 tokens against 2,000) under 0.3 s even over a two-word vocabulary; the whole
# cn-gwr report is about 0.4M sentence pairs, so only pathological input ever reaches it.
DIFF_BUDGET = 4_000_000
# Character pairs rapidfuzz may compare in alignment per unit of DIFF_BUDGET. Its LCS is not
# cheap on long CJK strings: one 60k × 60k pair takes 0.6 s, 100k × 100k 1.7 s (measured), so
# 4M × 1,000 = 4e9 character pairs bounds alignment to well under a second; the whole cn-gwr
# report (21k × 21k characters in 644 × 660 sentences) takes 0.09 s.
DIFF_CHARS_PER_PAIR = 1_000
# Lowest fuzz.ratio (0-100) for two sentences to be aligned. On cn-gwr 2018/2019 the best match
# of a sentence with no counterpart scores 40-50 (shared function words and figures), while a
# sentence with a changed year, figure or clause scores 50-100; below the floor a pair is shown
# replaced whole, which reads better than word confetti. Checked by eye on those pairs.
DIFF_SENTENCE_FLOOR = 50.0
# Best candidates kept per sentence before the order-preserving chain is built: enough for a
# report's repeated boilerplate sentences, while bounding the chain to a few per sentence.
DIFF_SENTENCE_CANDIDATES = 8
# Score gain (fuzz.ratio points) for a neighbouring sentence to join an aligned pair, making it a
# 1-2 or 2-1 pair. A sentence split in two gains 15+ points when its second half joins (26 on
# tests/cases/diff_sentence_split); an unrelated neighbour lowers the score, so 5 keeps it out.
DIFF_JOIN_GAIN = 5.0
# Longest equal run (non-space characters) the cleanup absorbs between two edits: one particle
# (的, 和), one punctuation mark or one two-character word. Longer runs let the merged edits grow
# clause by clause until they swallow unchanged clauses (seen on cn-npc-resolution 2018/2019).
DIFF_ABSORB_MAX_CHARS = 2
# Share of a sentence pair's non-space tokens (both sides) changed above which the pair is shown
# as one replacement rather than word edits: past 60 % a reader compares the two sentences whole.
DIFF_REWRITE_SHARE = 0.6
# Longest folded text (characters) for which similarity() computes the exact character LCS ratio;
# longer texts use a linear bigram measure. 30k × 30k takes 0.13 s in rapidfuzz (100k × 100k
# takes 1.7 s); a whole cn-gwr report is 21k characters, so reports and sections stay exact.
DIFF_SIMILARITY_MAX_CHARS = 30_000

# A deleted and an inserted sentence are one moved sentence when their folded texts score at
# least this (fuzz.ratio, 0-100) and both have this many characters. 70 keeps a moved sentence
# with a few words edited (a reworded 40-character sentence scores 75-90) while two different
# sentences on one topic stay apart (they score 40-60 on the cn-gwr reports); sentences under
# 8 characters ("一是", "同时，") are too short to say they moved.
DIFF_MOVE_SIMILARITY = 70.0
DIFF_MOVE_MIN_CHARS = 8
# Most deleted × inserted sentence pairs compared for moves (about 2 µs each in rapidfuzz, so
# 20,000 cost ~40 ms); beyond it only sentences that moved unchanged are found, by hash.
DIFF_MOVE_BUDGET = 20_000
# Longer "sentences" (a paragraph with no full stop, a scraped page on one line) are matched as
# moves only when unchanged: rapidfuzz's ratio is quadratic in length.
DIFF_MOVE_MAX_CHARS = 2_000
# Sentences moved between sections (compare.diff.moves) are sought over the whole report, where a
# State Council pair offers 250,000-730,000 deleted × inserted pairs; the whole step takes
# 0.05-0.07 s on them, so the budget is a million before falling back to unchanged sentences.
DIFF_CROSS_MOVE_BUDGET = 1_000_000
# Across sections a reworded sentence must be this long to count as moved: short slogans
# (加快发展现代职业教育。 → 加快发展现代服务业。, 0.76) look alike without being the same.
DIFF_CROSS_MOVE_MIN_CHARS = 16

# --- metrics ------------------------------------------------------------------------------------

# Quotes: at most this many characters of the clause before a number are kept, so a quote stays a
# short table cell (the gold quotes of cn-gwr 2019 are 6-20 characters; 30 keeps the longest).
METRIC_QUOTE_MAX_BEFORE = 30
# A label taken from the noun after a number (17种抗癌药) stops after this many characters.
METRIC_AFTER_LABEL_MAX = 12
# Pairing score 0-100 = label similarity weighted with value closeness. The label carries the
# identity; the value only breaks ties between two labels that read alike (1351万 vs 6600万).
METRIC_LABEL_WEIGHT = 0.85
METRIC_VALUE_WEIGHT = 0.15
# Below this score two metrics are not the same indicator. On gwr 2018/2019 the true pairs score
# 80-100 and the closest labelled non-pair (粮食生产能力 vs 粮食总产量) about 45; 70 sits between.
METRIC_PAIR_MIN_SCORE = 70.0
# A metric whose best partner beats the runner-up by less than this is left unpaired: an
# unpaired metric costs less than a wrong pair (brief). 3 points still separates 城镇新增就业 from
# a same-label five-year total once the value closeness is counted.
METRIC_PAIR_MARGIN = 3.0
# Plausibility: year-on-year levels of one indicator rarely move by more than a factor of 3;
# counts up to METRIC_SMALL_COUNT (3件 -> 12件) are exempt because small counts jump.
METRIC_MAX_RATIO = 3.0
METRIC_SMALL_COUNT = 20
# A multi-year figure (五年来, 累计, 年均) may meet a one-year figure only when the values are this
# close (a stock such as 市场主体总量), never a five-year total (about 5x the yearly figure).
METRIC_PERIOD_MAX_RATIO = 1.5
# Percent levels and rates (失业率 5%, 贡献率 58.5%) move by a few points a year; growth rates
# (增长 6.6%) swing more. Beyond both bounds (points and ratio) two percentages are not a pair.
METRIC_PCT_LEVEL_MAX_POINTS = 5
METRIC_PCT_LEVEL_MAX_RATIO = 1.5
METRIC_PCT_CHANGE_MAX_POINTS = 15
METRIC_PCT_CHANGE_MAX_RATIO = 3.0
# A multi-year chain that stops may resume this many reports later (a year that words the
# indicator differently, or drops it once). One year keeps cn-gwr 2014-2019 GDP growth whole when
# one edition's label is cut short, while a longer bridge would join look-alikes years apart.
METRIC_CHAIN_BRIDGE_YEARS = 1

# --- render -------------------------------------------------------------------------------------

# Characters of unchanged text shown on each side of a change in the HTML page. 30 CJK characters
# is about one clause of a government report: enough to recognise where a change stands without
# reading the whole paragraph (checked by eye on cn-gwr 2018-2019 at 1280 px).
RENDER_CONTEXT_CHARS = 30
# An unchanged run is folded behind a "… N unchanged characters …" button only when at least this
# many characters would be hidden; a button for a dozen characters costs more than it saves.
RENDER_COLLAPSE_MIN_CHARS = 40
# Length of the "most changed sections" list: five fits the header at 1280 px without scrolling.
RENDER_TOP_CHANGED = 5
# Characters of a counterpart's title quoted in "part of a split of 2018 （一）…" links: the
# ordinal plus a few words identify a heading; full titles run to 60+ characters.
RENDER_REF_TITLE_CHARS = 24
# Context around each change in the Markdown summary: shorter than the page, since a Markdown
# snippet is read as one line (12 CJK characters is about half a clause).
RENDER_MD_CONTEXT_CHARS = 12
# Snippets listed per entry in the Markdown summary before "… and N more changes": a rewritten
# section can yield hundreds, and the summary is meant to be skimmed.
RENDER_MD_MAX_SNIPPETS = 25
# Unchanged runs of at most this many characters between two changes are shown inside one
# replaced span: a lone 的 or ， between deletions makes rewritten clauses unreadable, while 3+
# shared characters (a word and its particle) are worth showing as kept. Chosen by eye on
# cn-gwr 2018-2019 character diffs.
RENDER_MERGE_EQUAL_CHARS = 2
# Size in CSS pixels of the sparkline beside each metric chain: six years at 20 px apart read as a
# trend, and 28 px is one table row of the 14 px table text with its padding.
RENDER_SPARK_WIDTH = 120
RENDER_SPARK_HEIGHT = 28

# --- store --------------------------------------------------------------------------------------

# How long a writer waits for another process's lock before giving up with a message. Ingesting
# one report takes well under a second, so 10 s covers a queue of several concurrent ingests
# while still answering a user whose store is held by a hung process.
STORE_BUSY_TIMEOUT_S = 10.0

# --- site, timeline and trace (issue 5) ----------------------------------------------------------

# Context around each change in `compare trace` (text and page): a trace shows several years one
# after another, so each change gets about half a clause of CJK text, as the Markdown summary does.
SITE_TRACE_CONTEXT_CHARS = 12
# `compare trace "title"`: a title query matches a section when their similarity (rapidfuzz
# WRatio, 0-100, over titles with ordinals and punctuation stripped) reaches this. Checked by hand
# on cn-gwr 2018: 建设创新国家 finds （二）加快建设创新型国家 while 生态环境保护, which no heading
# words that way, finds nothing rather than a wrong heading; not tuned beyond that.
TRACE_TITLE_MATCH = 80
# A best title match is taken without asking only when it beats the runner-up by this many
# points; closer than that, the query is ambiguous and the candidates are listed.
TRACE_TITLE_MARGIN = 5
# Candidates listed when a trace query is ambiguous or matches nothing.
TRACE_CANDIDATES = 5

# --- serve (`compare serve`) --------------------------------------------------------------------

# Where `compare serve` listens unless told otherwise: loopback only, so the store is readable
# from this machine and nowhere else (issue 5/6); 8000 is the customary local development port.
SERVE_HOST = "127.0.0.1"
SERVE_PORT = 8000
# Trends (`compare metrics --from --to`, the site's and `compare serve`'s trends pages) keep
# chains stated in at least this many years: one value is not a trend.
TRENDS_MIN_YEARS = 2

# Comparisons `compare serve` keeps in memory (least recently used dropped first): computing one
# State Council pair allocates under 5 MB (tracemalloc, lazy imports included), so 16 stay under
# 80 MB while the page and the JSON of a pair, and a back-and-forth between pairs, are instant.
SERVE_CACHED_PAIRS = 16

# --- align: split and merge edges from paragraph provenance (compare.align.provenance) -----------------

# Units are the sections of the top two heading levels: the levels at which reports reorganise
# their parts (gold labels use levels 1 and 2); deeper items travel with their unit.
PROVENANCE_MAX_LEVEL = 2
# Paragraphs shorter than this (a one-line lead-in) carry too few words to say where they went.
PROVENANCE_MIN_PARA_CHARS = 20
# A paragraph counts for its best unit of the other year when the TF-IDF cosine reaches this
# floor and beats the runner-up by this factor. Swept on the dev gold (margin 1.0, 1.15, 1.3, 1.5
# × share 0.10-0.25): overall F1 0.85-0.93 below margin 1.3, a plateau of 0.972 from 1.3 up for
# every share tried; lower margins let topics shared by several sections (employment, reform)
# give false edges. The floor only drops paragraphs with next to no shared words.
PROVENANCE_FLOOR = 0.10
PROVENANCE_MARGIN = 1.3
# An edge joins two units when this share of one unit's paragraph text went to the other (either
# direction). The smallest true split on the dev gold gave 0.15 (gwr 2018 （一） supply-side reform
# -> 2019 （一） macro policy, via its tax-cut paragraphs); 0.15-0.25 score alike at margin 1.3.
PROVENANCE_SHARE = 0.15

# --- search (`compare search`, store schema 2) ----------------------------------------------------

# Characters of context shown on each side of a match in a search hit's snippet: about half a
# clause of Chinese each side, so a table row of hits stays one terminal line wide.
SEARCH_SNIPPET_CHARS = 18
# The FTS5 trigram index can only look up phrases of at least this many characters (its tokens
# are three-character windows); shorter phrases are found by a LIKE scan of the sections.
SEARCH_TRIGRAM_MIN_CHARS = 3
# Most paragraph-by-section cosines the provenance step may compute (paragraphs of one year ×
# units of the other, both ways); past it the step is skipped with a note. 1.8 million took 2 s
# on the 2-core dev machine (300 × 300 sections of 10 paragraphs); cn-gwr 2018→2019 needs about
# 3,200. 400,000 keeps the step under half a second.
PROVENANCE_BUDGET = 400_000
