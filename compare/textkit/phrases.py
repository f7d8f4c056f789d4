"""Phrases: the pieces of a text a reader could call an expression, and how a reader counts them.

Public API: Word, clauses, quoted, number_shape, phrase_pattern, occurrences, is_function_word,
is_enumerator, is_numberish, content_word, is_acronym, joints, quoted_term, shape_count,
uses_key, inner_keys, FUNCTION_WORDS, QUOTE_PAIRS.

A *clause* is a run of words (Chinese words as the segmenter cut them, Latin words) between
punctuation, line breaks and numbers written in digits: an expression never spans a comma or a
figure, and always starts and ends on a word boundary of the segmenter. Each word comes with
its key (folded, lower-cased, numerals written ``#``) and its span in the text as written.

*Function words* (particles, prepositions, conjunctions, pronouns, modal and degree adverbs, the
enumerators 一是 and 第一, English stop words) may stand inside an expression (适应和引领) but
never at its edges. *Numberish* words (十三五, 三大, 五年, 第三) are numbers with at most a
classifier: an expression may open with one (三大攻坚战) but never ends with one, and numberish
words alone are a number, not an expression.

``number_shape`` writes every run of numerals as ``#``, so that 十二五规划 and 十三五规划, or
2018年 and 2019年, have one shape: a new word that is only a new number is not a new
expression. ``phrase_pattern`` finds a shape in text as written (``#`` matching any numeral run,
Latin words whole and regardless of case): what a reader searching the report would count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

from compare.textkit.chars import fold_line, has_cjk
from compare.textkit.lazyre import lazy_compile
from compare.textkit.numerals import NUMERAL_CHARS
from compare.textkit.words import Words, token_keys

__all__ = [
    "FUNCTION_WORDS",
    "QUOTE_PAIRS",
    "Word",
    "clauses",
    "content_word",
    "is_acronym",
    "is_enumerator",
    "is_function_word",
    "is_numberish",
    "joints",
    "number_shape",
    "occurrences",
    "phrase_pattern",
    "quoted",
    "quoted_term",
    "inner_keys",
    "shape_count",
    "uses_key",
]

# Chinese function words: particles, prepositions, conjunctions, pronouns and determiners, modal,
# degree and time adverbs, and the connectives that open a clause. Chosen by reading the most
# frequent words of cn-gwr that name no topic; content verbs (推进, 加强) are left to the series
# statistics, which judge the phrases they open (推进改革).
_CN_FUNCTION = """
的 地 得 之 了 着 过 所 等 等等 们 吗 呢 吧 啊 也 都 又 还 就 才 再 更 更加 最 很 非常 十分 极 较
比较 越 越来越 已 已经 曾 曾经 正 正在 将 将要 仍 仍然 依然 始终 一直 不 没 没有 未 别 不要 必须
必 要 应 应当 应该 能 能够 可 可以 会 需 需要 是 有 为 在 对 对于 关于 把 被 以 于 从 向 由 按
按照 根据 依照 依据 通过 经过 随着 自 自从 到 至 给 跟 同 与 和 及 以及 并 并且 而 而且 或 或者
还是 且 但 但是 然而 因此 所以 因为 由于 如果 虽然 即使 不仅 而是 只有 只要 从而 进而 以便 以免
使 让 我 我们 咱们 你 你们 您 他 他们 她 它 它们 其 其中 这 这些 这个 这样 这种 那 那些 那个
那样 此 该 各 各个 各项 各种 各类 每 每个 本 自己 什么 哪 谁 有的 有些 一些 某 某些 任何 所有
一切 其他 其它 另 另外 今年 去年 明年 今后 目前 当前 现在 同时 此外 首先 其次 最后 以上 以下
之一 之间 方面 一个 一种 一批 一系列 进一步 继续 切实 着力 大力 努力 积极 不断 持续 坚决 认真
"""

# English stop words (articles, pronouns, auxiliaries, prepositions, conjunctions) and the
# courtesy words of a speech.
_EN_FUNCTION = """
a an the this that these those it its they them their theirs we us our ours you your yours he him
his she her i me my mine who whom whose which what where when why how all any both each few more
most other some such no nor not only own same so than too very can will just should now is are
was were be been being have has had having do does did doing would could might must shall may of
at by for with about against between into through during before after above below to from up down
in out on off over under again further then once here there and but if or because as until while
also per via upon within without across among mr mrs ms sir madam speaker last next past
ago much many even well yet still already however therefore thus hence let able year's
"""

FUNCTION_WORDS = frozenset(_CN_FUNCTION.split()) | frozenset(_EN_FUNCTION.split())

# Quotation marks that set a term apart (“放管服”, 「…」, "grossed-up"); single quotes are left
# out: in English text ’ is the apostrophe as often as it closes a quote.
QUOTE_PAIRS = (("“", "”"), ("「", "」"), ('"', '"'))

# What may follow the numerals of a numberish word: a classifier, or the 是 of an enumerator
# (and the 中 of 二中全会).
_CLASSIFIERS = frozenset("个年次项条届批位名种类大倍成是月日号期轮家件人元中")
_NUMERAL_RUN = "".join(sorted(set(NUMERAL_CHARS) - {"点"}))  # 重点 is no number
_NUMERALS = frozenset(_NUMERAL_RUN) | frozenset("第几多余")
_ENUMERATOR = lazy_compile(rf"[{_NUMERAL_RUN}]+是|第[{_NUMERAL_RUN}0-9]+")
# English number words and ordinals, and small Roman numerals (i-xxxix): numbers in words.
_EN_NUMBER = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|hundred|thousand|million|billion|trillion|first|second|third|fourth|fifth"
    r"|sixth|seventh|eighth|ninth|tenth|twelfth|twentieth|hundredth)"
)
_ROMAN_SMALL = lazy_compile(r"(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})")
_EN_NUMBER_WORD = lazy_compile(_EN_NUMBER)
_SHAPE = lazy_compile(
    rf"[0-9]+(?:[.,][0-9]+)*|[{_NUMERAL_RUN}]+|(?<![a-z0-9]){_EN_NUMBER}(?![a-z0-9])"
)
_NUMBER_CLASS = (
    rf"(?:[0-9０-９]+(?:[.,][0-9０-９]+)*|[{_NUMERAL_RUN}]+"
    rf"|(?<![A-Za-z0-9]){_EN_NUMBER}(?![A-Za-z0-9]))"
)
_LATIN = lazy_compile(r"[A-Za-z]")
# A quoted term holds no clause or sentence punctuation: past one, it is a quoted sentence.
_QUOTE_BREAK = lazy_compile(r"[，,。；;：:！？!?（）()]")


class Word(NamedTuple):
    """A word of a clause: its key (folded, lower-cased, numerals as ``#``), its span in the
    text as written, and what kind of word it is (a tuple: a report has tens of thousands)."""

    key: str
    text: str  # the word folded and lower-cased, numerals as written
    start: int
    end: int
    function: bool  # a function word or an enumerator: never at an edge of an expression
    numberish: bool  # a number with at most a classifier: never at the end


def is_enumerator(word: str) -> bool:
    """一是, 二是, 第一, 第3: words that count the items of a list."""
    return bool(_ENUMERATOR.fullmatch(word))


@lru_cache(maxsize=1 << 16)
def is_function_word(word: str) -> bool:
    """A function word, an enumerator (一是, 第一) or a single Latin letter."""
    return word in FUNCTION_WORDS or is_enumerator(word) or (len(word) == 1 and word.isascii())


@lru_cache(maxsize=1 << 16)
def is_numberish(word: str) -> bool:
    """A number with at most one classifier: 十三五, 三大, 五年, 第三, 两个, three, iii; not 统一,
    一带."""
    low = word.lower()
    if _EN_NUMBER_WORD.fullmatch(low) or _ROMAN_SMALL.fullmatch(low):
        return True
    body = word[:-1] if len(word) > 1 and word[-1] in _CLASSIFIERS else word
    return bool(body) and all(ch in _NUMERALS or ch.isdigit() for ch in body)


@lru_cache(maxsize=1 << 16)
def content_word(word: str) -> bool:
    """A word that names something: two or more characters (three letters for a Latin word),
    not a function word, not numberish, no digit."""
    if is_function_word(word) or is_numberish(word) or any(ch.isdigit() for ch in word):
        return False
    return len(word) >= (3 if word.isascii() else 2)


def is_acronym(raw: str) -> bool:
    """A Latin word written in capitals, two to eight letters (GST, CPF, RCEP): an abbreviation."""
    return raw.isascii() and raw.isalpha() and raw.isupper() and 2 <= len(raw) <= 8


def number_shape(text: str) -> str:
    """``text`` (lower-cased) with every run of numerals and every number word written ``#``:
    十三五规划 and 十二五规划, or "five years" and "ten years", read alike."""
    return _SHAPE.sub("#", text)


def _latin(word: str) -> bool:
    return bool(_LATIN.search(word)) and not has_cjk(word)


def joints(keys: Sequence[str], *, joint: str = "", space: str = " ") -> list[str]:
    """The marks between the neighbouring words of a run of word keys, as its text reads:
    ``space`` between two words with no CJK character (Latin words stand apart), else ``joint``
    (Chinese words run together)."""
    cjk = [_cjk_word(k) for k in keys]
    return [joint if a or b else space for a, b in zip(cjk, cjk[1:], strict=False)]


@lru_cache(maxsize=1 << 16)
def _cjk_word(word: str) -> bool:
    # Asked of the same words again and again: a report repeats its words.
    return has_cjk(word)


def clauses(text: str, words: Words | None = None) -> list[list[Word]]:
    """The runs of words of ``text`` between punctuation, line breaks and numbers, in order.

    Words are cut as the diff cuts them (``words`` holds stored cuts, else the segmenter runs);
    a space between Latin words does not end a clause, a line break does.
    """
    spans, keys, is_word = token_keys(text, words=words)
    out: list[list[Word]] = []
    run: list[Word] = []
    make = Word._make
    for (start, end), key, word in zip(spans, keys, is_word, strict=True):
        if key == " ":
            continue  # a space between words (Latin text)
        if word and (kind := _kind(key)) is not None:
            shaped, low, function, numberish = kind
            run.append(make((shaped, low, start, end, function, numberish)))
            continue
        if run:
            out.append(run)
            run = []
    if run:
        out.append(run)
    return out


@lru_cache(maxsize=1 << 16)
def _kind(key: str) -> tuple[str, str, bool, bool] | None:
    """A word's number shape, its lower-cased form, and whether it is a function word or
    numberish; None for a word that ends a clause (blank, or holding a digit). Asked once per
    distinct word (a report repeats its words)."""
    if not key.strip() or any(ch.isdigit() for ch in key):
        return None
    low = key.lower()
    return number_shape(low), low, is_function_word(low), is_numberish(low)


def quoted(text: str, *, max_chars: int) -> list[tuple[int, int]]:
    """Spans of the terms set in quotation marks: the inner text of each pair of marks, at most
    ``max_chars`` long, that holds no clause or sentence punctuation (a quoted term, not a quoted
    sentence) and no space at its ends. Its ends are word boundaries: a mark ends a run of words.
    """
    out = []
    for left, right in QUOTE_PAIRS:
        marks = re.escape(left + right)
        pattern = re.compile(
            f"{re.escape(left)}([^{marks}\n]{{1,{max_chars}}}){re.escape(right)}"
        )
        for m in pattern.finditer(text):
            inner = m.group(1)
            if inner == inner.strip() and not _QUOTE_BREAK.search(inner):
                out.append(m.span(1))
    return sorted(out)


@lru_cache(maxsize=4096)
def phrase_pattern(key: str) -> re.Pattern[str]:
    """A pattern that finds the expression ``key`` (a number shape, lower-cased) in text folded
    with ``fold_line`` (so offsets index the text as written): ``#`` matches any run of numerals,
    Latin words match whole and regardless of case, a space any run of spaces."""
    parts = []
    for piece in re.split(r"(#| )", key):
        if piece == "#":
            parts.append(_NUMBER_CLASS)
        elif piece == " ":
            parts.append(r"\s+")
        elif piece:
            parts.append(re.escape(piece))
    body = "".join(parts)
    if key[:1].isascii() and key[:1].isalnum():
        body = r"(?<![A-Za-z0-9])" + body
    if key[-1:].isascii() and key[-1:].isalnum():
        body += r"(?![A-Za-z0-9])"
    if key.startswith("#"):
        body = rf"(?<![0-9{_NUMERAL_RUN}])" + body
    return re.compile(body, re.IGNORECASE)


def occurrences(text: str, key: str, *, folded: str | None = None) -> list[tuple[int, int]]:
    """Spans in ``text`` (as written) of each occurrence of the expression ``key``: what a reader
    counts. ``folded`` is ``fold_line(text)`` when the caller has it already."""
    line = fold_line(text) if folded is None else folded
    if _plain(key):
        # No numeral slot, space run, letter case or word edge to honour: the pattern would match
        # the key's characters exactly, which ``str.find`` does without compiling one per key.
        out = []
        at = line.find(key)
        while at >= 0:
            out.append((at, at + len(key)))
            at = line.find(key, at + len(key))
        return out
    return [m.span() for m in phrase_pattern(key).finditer(line)]


def _plain(key: str) -> bool:
    """Whether ``phrase_pattern(key)`` matches exactly the characters of ``key`` and nothing
    else: no ``#``, no space, no cased letter, no Latin letter or digit at an end."""
    return (
        bool(key)
        and "#" not in key
        and " " not in key
        and key.upper() == key.lower()
        and not any(ch.isascii() and ch.isalnum() for ch in (key[0], key[-1]))
    )


def quoted_term(key: str) -> bool:
    """Whether the key of a quoted text may be an expression: two or more letters besides its
    numerals and classifiers (“三去一降一补”; not “十三五”, “三农”, “两个一百年”), and not a
    function word."""
    letters = sum(ch.isalpha() and ch not in _CLASSIFIERS for ch in key)
    return letters >= 2 and not is_function_word(key)


def shape_count(shaped: str, key: str) -> int:
    """Uses of ``key`` in a text already folded, lower-cased and number-shaped (as the key
    itself); a key that starts or ends with a Latin letter or digit matches only there where the
    text has no letter or digit beside it (tax is not counted in taxes)."""
    if not key:
        return 0
    left = key[0].isascii() and key[0].isalnum()
    right = key[-1].isascii() and key[-1].isalnum()
    if not (left or right):
        return shaped.count(key)
    n = 0
    at = shaped.find(key)
    while at >= 0:
        end = at + len(key)
        if not (left and at and _word_char(shaped[at - 1])) and not (
            right and end < len(shaped) and _word_char(shaped[end])
        ):
            n += 1
        at = shaped.find(key, end)
    return n


def _word_char(ch: str) -> bool:
    return ch == "#" or (ch.isascii() and ch.isalnum())


def uses_key(shaped: str, key: str) -> bool:
    """Whether a number-shaped text uses ``key`` anywhere (Latin words whole)."""
    return key in shaped and (key.isascii() is False or shape_count(shaped, key) > 0)


def inner_keys(key: str) -> Iterable[str]:
    """The keys a key holds inside it: its proper pieces of two or more characters that start
    and end on a character boundary a word could have (not inside a Latin word)."""
    size = len(key)
    for i in range(size):
        if i and key[i - 1].isascii() and key[i - 1].isalnum() and key[i].isalnum():
            continue
        for j in range(i + 2, size + 1):
            if (i, j) == (0, size):
                continue
            if j < size and key[j - 1].isascii() and key[j - 1].isalnum() and key[j].isalnum():
                continue
            yield key[i:j].strip()
