"""Words: tokens of a text and the word segmentation of its Chinese runs, stamped with the
segmenter that made it.

Public API: tokenize, token_keys, on_token_bounds, word_tokens, section_terms, paragraph_terms,
word_lengths, cut_words, tag_words, segmenter_stamp, Words, Terms, TOKEN.

Tokens (``tokenize``) cover a text end to end: whitespace runs, a number with its unit as one
token (``91件``, ``1.2万亿元``, ``3至12名``; units from ``textkit.numbers.TOKEN_UNITS``), Latin
words, single punctuation marks, and Chinese words. Chinese words are cut by rjieba; a run's cut
can be given ahead in ``Words`` (run -> lengths of its words), as the store keeps it, so that a
comparison of stored reports never loads the segmenter.

``section_terms`` are the words alignment scores a section on (``paragraph_terms`` those of a
paragraph, from the diff's cuts); ``word_lengths`` the cuts the diff needs. English words are
scored in the form ``textkit.english.scoring_word`` gives (stemmed; function words and numbers
left out), Chinese words as rjieba cuts them. Both depend on the segmenter and on these rules,
so what is stored carries ``segmenter_stamp()``: when the stamp of a stored segmentation differs
from this one (rjieba upgraded, a rule here changed), it is recomputed rather than mixed with new
cuts.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from itertools import accumulate, pairwise

from compare.textkit.chars import CJK, fold, fold_map
from compare.textkit.english import scoring_word
from compare.textkit.lazyre import lazy_compile
from compare.textkit.numbers import TOKEN_UNITS

__all__ = [
    "TOKEN",
    "Terms",
    "Words",
    "cut_words",
    "paragraph_terms",
    "section_terms",
    "tag_words",
    "on_token_bounds",
    "segmenter_stamp",
    "token_keys",
    "tokenize",
    "word_lengths",
    "word_tokens",
]

# Bump when a rule below changes what is cut, so stored segmentations are recomputed.
_RULES_VERSION = 2

Words = Mapping[str, Sequence[int]]  # run of CJK text -> lengths of its words, in order
Terms = Callable[[str], Counter[str]]  # text -> its scoring words and their counts

_LETTER = rf"[^\W\d_{CJK}]"
_WORD = rf"{_LETTER}(?:{_LETTER}|\d|['’.\-](?={_LETTER}|\d))*"
# Thousands groups only with exactly three digits, so "2018,2019" stays two numbers.
_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_UNIT = "(?:" + "|".join(map(re.escape, TOKEN_UNITS)) + ")"
_SUFFIX = rf"(?:[%‰‱]|[A-Za-z]+|[十百千万亿]*[余多]?{_UNIT}?)"
_NUMBER_UNIT = rf"{_NUMBER}%?(?:[ ]?[~\-–—至到][ ]?{_NUMBER})?{_SUFFIX}"
TOKEN = re.compile(
    rf"(?P<ws>\s+)|(?P<num>{_NUMBER_UNIT})|(?P<word>{_WORD})|(?P<cjk>[{CJK}]+)|(?P<other>.)",
    re.S,
)
# The CJK runs of ``TOKEN``, found in one pass: ``TOKEN``'s other kinds of token, tried in
# ``TOKEN``'s order at each position (``other`` only on a character that does not start a CJK
# run, where ``TOKEN`` would take ``cjk``), are passed over as one stretch; the group holds a CJK
# run and is empty for such a stretch. Nothing follows the repetition, so the engine never
# backtracks into it.
_CJK_RUNS = lazy_compile(rf"(?:\s+|{_NUMBER_UNIT}|{_WORD}|[^{CJK}])+|([{CJK}]+)", re.S)
_WS_KEY = " "  # key of every whitespace run without a line break when not exact
_HAS_DIGIT = re.compile(r"\d")
_PUNCT = re.compile(r"[\W_]+")


@lru_cache(maxsize=1)
def segmenter_stamp() -> str:
    """Name and version of the segmenter and of these rules, as stored beside segmentations."""
    return f"rjieba {_installed_version('rjieba')}; rules {_RULES_VERSION}"


def _installed_version(name: str) -> str:
    """The installed version of the distribution ``name``, without importing it.

    Every comparison asks, and importing ``importlib.metadata`` costs more than the rest of the
    check (30 ms): the version is read from the name of the ``NAME-VERSION.dist-info`` folder
    that an installer puts beside the package, and only where there is none (an egg, a zip)
    from ``importlib.metadata``.
    """
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec(name)
    if spec is not None and spec.origin is not None:
        found = sorted(Path(spec.origin).parent.parent.glob(f"{name}-*.dist-info"))
        if len(found) == 1:
            return found[0].name[len(name) + 1 : -len(".dist-info")]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:  # pragma: no cover - rjieba is a dependency
        return "unknown"


def _cut(run: str) -> list[tuple[int, int]]:
    """Word spans of one CJK run, from rjieba; the whole run when the cut does not cover it."""
    import rjieba  # lazy: loading the dictionary costs start-up time that --help must not pay

    cut = [(s, e) for _, s, e in rjieba.tokenize(run)]
    if not cut or cut[-1][1] != len(run):  # never seen; keep the run whole, lossless
        cut = [(0, len(run))]
    return cut


def cut_words(text: str) -> list[str]:
    """The words of ``text`` in order, as the segmenter cuts them (every stage that needs Chinese
    words takes them from here, so one segmenter and one stamp stand behind all of them)."""
    import rjieba

    return list(rjieba.cut(text))


def tag_words(text: str) -> list[tuple[str, str]]:
    """The words of ``text`` with the segmenter's part-of-speech tags (``v`` verb, ``d`` adverb,
    ``n`` noun…)."""
    import rjieba

    return [(word, tag) for word, tag in rjieba.tag(text)]


def word_lengths(text: str, known: Words | None = None) -> dict[str, tuple[int, ...]]:
    """The word lengths of every CJK run the diff meets in ``text`` (folded or not), computed
    ahead so that a diff of this text needs no segmenter; runs found in ``known`` are taken
    from it."""
    out: dict[str, tuple[int, ...]] = {}
    for source in dict.fromkeys((fold_map(text)[0], text)):  # folded (default) and exact diffs
        # The CJK runs ``TOKEN`` finds, in order, each once: what lies between them is skipped
        # by the regex engine rather than token by token here.
        for run in dict.fromkeys(_CJK_RUNS.findall(source)):
            if not run or run in out:
                continue
            have = known.get(run) if known is not None else None
            if have is not None and sum(have) == len(run):
                out[run] = tuple(have)
            else:
                out[run] = tuple(e - s for s, e in _cut(run))
    return out


def _split(text: str, lookup: Words | None = None) -> tuple[list[tuple[int, int]], list[bool]]:
    """Token spans of ``text`` itself (no folding), and whether each token holds a word."""
    spans: list[tuple[int, int]] = []
    words: list[bool] = []
    for m in TOKEN.finditer(text):
        start, end = m.span()
        kind = m.lastgroup
        if kind != "cjk":
            spans.append((start, end))
            words.append(kind != "ws" and (kind != "other" or m.group().isalnum()))
            continue
        known = lookup.get(m.group()) if lookup is not None else None
        if known is not None and sum(known) == end - start:
            spans.extend(pairwise(accumulate(known, initial=start)))
            words.extend([True] * len(known))
            continue
        cut = _cut(m.group())
        spans.extend((start + s, start + e) for s, e in cut)
        words.extend([True] * len(cut))
    return spans, words


def token_keys(
    text: str, *, exact: bool = False, words: Words | None = None
) -> tuple[list[tuple[int, int]], list[str], list[bool]]:
    """Raw token spans of ``text``, the key each token compares on, and which hold a word.

    Keys are folded text (``exact`` keeps them raw); whitespace runs all share one key, or
    ``"\\n"`` when they hold a line break (which still ends a sentence). A zero-width character
    belongs to the token before it.
    """
    if exact:
        spans, is_word = _split(text, words)
        return spans, [text[s:e] for s, e in spans], is_word
    folded, drops = fold_map(text)
    spans, is_word = _split(folded, words)
    keys = [folded[s:e] for s, e in spans]
    if drops:
        starts = [s + bisect_right(drops, s) for s, _ in spans]
        if starts:
            starts[0] = 0
        spans = list(pairwise([*starts, len(text)]))
    if not spans and text:  # only zero-width characters: one token that folds to nothing
        spans, keys, is_word = [(0, len(text))], [""], [False]
    keys = [k if k.strip() else ("\n" if "\n" in k else _WS_KEY) for k in keys]
    return spans, keys, is_word


def on_token_bounds(text: str, start: int, end: int, *, words: Words | None = None) -> bool:
    """Whether ``text[start:end]`` starts and ends where tokens of ``token_keys(text)`` start
    and end, tokenizing only the lines around it when it starts and ends with no whitespace.

    Only a whitespace token holds a line break, so the tokens from the line break before
    ``start`` to the one after ``end`` are those of the whole text, but for the whitespace runs
    at either end, which may reach further in the whole text (a span that starts or ends in
    whitespace is looked up in the whole text).
    """
    if start >= end or text[start].isspace() or text[end - 1].isspace():
        lo, piece = 0, text
    else:
        lo = max(text.rfind("\n", 0, start), 0)
        hi = text.find("\n", end)
        piece = text[lo:] if hi < 0 else text[lo:hi]
    spans = token_keys(piece, words=words)[0]
    return any(a + lo == start for a, _ in spans) and any(b + lo == end for _, b in spans)


def tokenize(text: str, *, exact: bool = False) -> list[tuple[int, int]]:
    """Token spans ``(start, end)`` covering ``text`` end to end, contiguous, in order.

    Tokens are found on the folded text (so ``５个百分点`` is one number token like ``5个百分点``)
    unless ``exact``; a zero-width character belongs to the token before it.
    """
    return token_keys(text, exact=exact)[0]


def word_tokens(text: str, *, words: Words | None = None) -> list[str]:
    """The folded, lower-cased words of ``text`` (Chinese words, Latin words; no numbers, spaces
    or punctuation), cut as the diff cuts them: from ``words`` where it holds a run, else rjieba."""
    _spans, keys, is_word = token_keys(text, words=words)
    return [k.lower() for k, w in zip(keys, is_word, strict=True) if w and not _HAS_DIGIT.search(k)]


def paragraph_terms(text: str, *, words: Words | None = None) -> Counter[str]:
    """The words a paragraph is scored on when alignment traces where it went: its
    ``word_tokens`` (cut as the diff cuts them), Chinese words of two or more characters as they
    are, Latin words in their scoring form (``textkit.english.scoring_word``), with counts."""
    grams: Counter[str] = Counter()
    for w in word_tokens(text, words=words):
        if not w.isascii():
            if len(w) > 1:
                grams[w] += 1
            continue
        for part in _PUNCT.sub(" ", w).split():
            term = scoring_word(part)
            if term is not None:
                grams[term] += 1
    return grams


def section_terms(text: str) -> Counter[str]:
    """The words a section's text is scored on in alignment: rjieba words of two or more
    characters (digits alone left out) and Latin words in their scoring form
    (``textkit.english.scoring_word``), folded and lower-cased, with counts (in the order each
    word first occurs)."""
    text = _PUNCT.sub(" ", fold(text).lower())
    grams: Counter[str] = Counter()
    batch: list[str] = []
    size = 0
    for chunk in text.split():
        if chunk.isascii():
            term = scoring_word(chunk)
            if term is not None:
                _count_cut(grams, batch)  # the words before it first, to keep their order
                batch, size = [], 0
                grams[term] += 1
            continue
        batch.append(chunk)
        size += len(chunk)
        if size >= _BATCH_CHARS:
            _count_cut(grams, batch)
            batch, size = [], 0
    _count_cut(grams, batch)
    return grams


# Non-ASCII chunks are cut in batches of about this many characters, joined by spaces, rather
# than one segmenter call each (a call per chunk was most of the cost of a long section). The
# segmenter cuts each stretch between spaces on its own (a space always ends its blocks), so the
# words are those of the chunks cut one by one, with spaces between them, which are dropped as
# one-character words (tests/test_bigdoc.py checks it against the chunk-by-chunk cut). The size
# only bounds the memory one batch's word list takes.
_BATCH_CHARS = 1 << 16


def _count_cut(grams: Counter[str], chunks: list[str]) -> None:
    """Add to ``grams`` the words of two or more characters, not all digits, of ``chunks``."""
    if not chunks:
        return
    counts = Counter(cut_words(" ".join(chunks)))  # counted in C, in first-seen order
    for word in [w for w in counts if len(w) < 2 or w.isdigit()]:
        del counts[word]
    grams.update(counts)
