"""The expression statistics of one report: computed once at ingest, like the word segmentation,
and kept by the store, so that the expressions of a series are judged without reading every
report's words again.

Public API: report_phrases, phrases_stamp, run_key, run_words, JOIN, SPACE.

``report_phrases`` reads a report's clauses (``textkit.phrases.clauses``, on the stored word
cuts) once and keeps what depends on that report alone (``models.ReportPhrases``):

- every *run* of words that may be an expression or may show one to be a fragment: runs of 2 to
  ``max_words`` words (at most ``max_chars`` characters) with no function word at either edge and
  no number at the end, single words the segmenter keeps whole (``single_min_chars`` or more
  characters) and Latin abbreviations written in capitals (the *candidates*), then the longer runs
  counted up to ``extension_chars`` beyond (their *extensions*), single content words, and the
  pieces of every counted run (so each run lists the runs one word longer that hold it);
- each run's uses, and which counted runs extend it by one word at either edge;
- every word's uses (for mutual information), the content words as a reader counts them, the
  quoted terms, and the text folded, lower-cased and number-shaped (for "used anywhere").

Sums over the series (how often a run is used in all stored years, whether one neighbouring word
nearly always accompanies it, which years use a key) are left to ``compare.series.expressions``,
computed when asked from what the store holds then.

``phrases_stamp`` names the rules, the segmenter (``textkit.words.segmenter_stamp``) and the
tuning that shape these statistics; statistics of another stamp are stale and recomputed.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Sequence

from compare.models import ReportPhrases, Section, Segmentation
from compare.textkit.chars import fold, has_cjk
from compare.textkit.phrases import (
    clauses,
    content_word,
    is_acronym,
    joints,
    number_shape,
    quoted,
    quoted_term,
)
from compare.textkit.words import segmenter_stamp
from compare.tuning import DEFAULT, PhraseTuning

__all__ = ["JOIN", "SPACE", "phrases_stamp", "report_phrases", "run_key", "run_words"]

# Bump when a rule below changes what is counted, so stored statistics are recomputed.
_RULES_VERSION = 1

# The marks between the words of a stored run: two words that run together (Chinese), or two
# Latin words read with a space between. Control characters: no word key holds one (a word is
# letters, digits and inner marks; see textkit.words.TOKEN).
JOIN = "\x1f"
SPACE = "\x1e"
_MARKS = re.compile(f"[{JOIN}{SPACE}]")

Gram = tuple[str, ...]


def phrases_stamp(tuning: PhraseTuning = DEFAULT.phrases) -> str:
    """What made a report's statistics: these rules, the segmenter, and the tuning they use."""
    t = tuning
    return (
        f"phrases {_RULES_VERSION}; {segmenter_stamp()}; words {t.max_words}, chars "
        f"{t.max_chars}+{t.extension_chars}, single {t.single_min_chars}, quotes "
        f"{t.quote_max_chars}"
    )


def run_key(run: str) -> str:
    """The text a stored run reads as (its words with the marks ``textkit.phrases.joints`` puts
    between them read as nothing and a space)."""
    return run.replace(JOIN, "").replace(SPACE, " ")


def run_words(run: str) -> Gram:
    """The word keys of a stored run."""
    return tuple(_MARKS.split(run))


def report_phrases(
    sections: Sequence[Section],
    segmentation: Segmentation | None,
    *,
    tuning: PhraseTuning = DEFAULT.phrases,
) -> ReportPhrases:
    """The expression statistics of a report's sections, words cut as ``segmentation`` holds
    them (the segmenter runs for a text it lacks)."""
    # Runs are counted by the text they are stored as (words and ``joints`` JOIN and SPACE), built
    # a word at a time: one string per run, not a tuple of words joined again at the end.
    counts: Counter[str] = Counter()  # uses of every run counted, single words included
    unigrams: Counter[str] = Counter()
    grams: Counter[str] = Counter()  # uses of the candidates
    pieces: dict[str, tuple[str, ...]] = {}  # a run of words -> the runs one word shorter
    quotes: set[str] = set()
    words: Counter[str] = Counter()
    caps: Counter[str] = Counter()  # uses of a Latin word written in capitals
    plain: list[str] = []
    shaped: list[str] = []
    reach = tuning.max_chars + tuning.extension_chars
    most = tuning.max_words
    for section in sections:
        plain.append(fold(section.text).lower())
        shaped.append(number_shape(plain[-1]))
        cuts = segmentation.words.get(section.text) if segmentation is not None else None
        for run in clauses(section.text, cuts):
            keys = [w.key for w in run]
            unigrams.update(keys)
            size = len(keys)
            marks = joints(keys, joint=JOIN, space=SPACE)  # marks[k]: after word k
            found: list[str] = []  # runs of two words or more, counted at once
            candidates: list[str] = []
            # rows[i][k]: the run of words i to i + k as stored, up to the longest counted (it
            # holds the run one word shorter at its end, rows[i + 1] the one at its front).
            rows: list[list[str]] = []
            lengths = [len(k) for k in keys]
            for i, key in enumerate(keys):
                row = [key]
                length = lengths[i]
                for j in range(i + 1, min(size, i + most + 1)):
                    length += lengths[j]
                    if length > reach:
                        break
                    row.append(row[-1] + marks[j - 1] + keys[j])
                rows.append(row)
            numberish = [w.numberish for w in run]
            skip = [w.function or w.numberish for w in run]  # never the last word of a run
            for i, first in enumerate(run):
                if first.function:
                    continue
                row = rows[i]
                if not numberish[i]:
                    counts[key_i := row[0]] += 1
                    if content_word(first.text):
                        words[first.text] += 1
                        if has_cjk(first.text):
                            if len(first.text) >= tuning.single_min_chars:
                                grams[key_i] += 1
                        elif is_acronym(section.text[first.start : first.end]):
                            caps[key_i] += 1
                if len(row) == 1:
                    continue
                length = lengths[i]
                numbers = numberish[i]
                latin_number = numbers and not has_cjk(first.key)
                tails = rows[i + 1]
                # Past the row's end the run is too long to count (``reach``).
                for k in range(1, len(row)):
                    j = i + k
                    length += lengths[j]
                    if skip[j]:
                        if numberish[j]:
                            if numbers:
                                break  # numbers with a word (三大五年), not an expression
                            numbers = True
                        continue
                    if latin_number and k == 1:
                        continue  # (three years: a number and its noun)
                    gram = row[k]
                    if gram not in pieces:
                        head, tail = row[k - 1], tails[k - 1]
                        pieces[gram] = (tail,) if head == tail else (tail, head)
                    found.append(gram)
                    if k < most and length <= tuning.max_chars:
                        candidates.append(gram)
            counts.update(found)
            grams.update(candidates)
        for start, end in quoted(section.text, max_chars=tuning.quote_max_chars):
            key = number_shape(" ".join(fold(section.text[start:end]).lower().split()))
            if quoted_term(key):
                quotes.add(key)
    for word, n in caps.items():
        # An abbreviation is written in capitals in most of its uses; a word of a heading set in
        # capitals is not.
        if 2 * n >= words[word]:
            grams[word] = n
    order = _runs(grams, counts, pieces)
    index = {g: i for i, g in enumerate(order)}
    longer: list[list[int]] = [[] for _ in order]
    for gram in counts:
        for part in pieces.get(gram, ()):
            longer[index[part]].append(index[gram])
    extends_at = [0]
    extends: list[int] = []
    for found_in in longer:
        extends.extend(found_in)
        extends_at.append(len(extends))
    return ReportPhrases(
        stamp=phrases_stamp(tuning),
        runs=tuple(order),
        # Arrays of machine integers, not tuples of int objects: a report keeps about 40,000 of
        # them, held for every file of an ingest until all are written.
        candidates=array("I", grams.values()),
        uses=array("I", (counts.get(g, 0) for g in order)),
        extends_at=array("I", extends_at),
        extends=array("I", extends),
        unigrams=dict(unigrams),
        words=dict(words),
        quotes=tuple(sorted(quotes)),
        plain="\n".join(plain),
        shape="\n".join(shaped),
    )


def _runs(
    grams: Counter[str], counts: Counter[str], pieces: dict[str, tuple[str, ...]]
) -> list[str]:
    """The candidates in the order first met, then every other counted run, then the pieces of
    counted runs that were not counted themselves."""
    order = list(grams)
    seen = set(order)
    for gram in counts:
        if gram not in seen:
            seen.add(gram)
            order.append(gram)
    for gram in list(counts):
        for part in pieces.get(gram, ()):
            if part not in seen:
                seen.add(part)
                order.append(part)
    return order
