"""The heading grammar: ordinals at the start of a line, and titles with their ordinal masked.

Public API: HeadingMatch, match_heading, looks_like_heading, strip_ordinal, mask_title,
title_key, title_similarity, masked_similarity, title_terms, terms_similarity, inline_items,
titled_line, caps_line, furniture_line, short_line, glued_heading, parallel_titles,
prose_acronyms.

One grammar serves every stage: ``sections`` finds headings with ``match_heading``, ``ingest``
keeps a heading line from being joined to its paragraph with ``looks_like_heading``, ``align``
compares titles through ``mask_title``, and ``compare trace`` looks titles up through
``title_key``. The ordinals it knows: ``一、`` / ``（一）`` / ``(1)`` / ``1.`` ``1.1`` ``1、`` /
``第一章`` ``第二部分`` / ``PART I`` ``Chapter Three`` ``Section 2`` / ALL-CAPS English lines
(``caps``, no ordinal). Chinese numerals are read by ``textkit.numerals``. Alignment scores two
English titles by their words instead of their letters (``title_terms``, ``terms_similarity``).

Lines with no ordinal that may still be headings when they stand alone (``sections`` decides from
the layout): ``titled_line`` (a short English line in title or sentence case: ``Tax
Competitiveness``, ``Invest in R&D - Knowledge creation``), ``caps_line``. Lines that never are:
``furniture_line`` (parliamentary transcript and page furniture: ``Sitting resumed at 5.10 pm``,
``[Mr Speaker in the Chair]``, ``Column No : 365``, ``3.30 pm``, speaker attributions, page
numbers). ``glued_heading`` finds a heading that scraping glued to the end of a paragraph
(``...respond to them.DEALING WITH INFLATION``); ``parallel_titles`` tells two headings worded in
parallel (``TAX CHANGES FOR COMPANIES`` / ``Tax Changes for Individuals``); ``prose_acronyms``
lists the words running text spells in capitals (``the ASEAN Preferential Trading
Arrangements``): a heading of one such word is in capitals by spelling, not by typography.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from compare.textkit.chars import ascii_digits, fold, fold_line, has_cjk, has_invisible, visible
from compare.textkit.english import scoring_word
from compare.textkit.lazyre import lazy_compile
from compare.textkit.numerals import numeral_int, roman_int, word_int

__all__ = [
    "CAPS_MAX_CHARS",
    "CAPS_MIN_LETTERS",
    "TITLE_LINE_MAX_CHARS",
    "TITLE_LINE_MAX_WORDS",
    "HeadingMatch",
    "caps_line",
    "furniture_line",
    "glued_heading",
    "inline_items",
    "looks_like_heading",
    "mask_title",
    "masked_similarity",
    "match_heading",
    "parallel_titles",
    "prose_acronyms",
    "short_line",
    "strip_ordinal",
    "terms_similarity",
    "title_key",
    "title_similarity",
    "title_terms",
    "titled_line",
]

# An ALL-CAPS English line is a heading when it is at most this long and has at least this many
# letters ("INTRODUCTION", "PART ONE: SAFETY"); "GDP" or "PM" fragments are too short. Part of the
# grammar (what a heading looks like), not a tuning weight.
CAPS_MAX_CHARS = 60
CAPS_MIN_LETTERS = 4

# A title-case or sentence-case line is a heading candidate when it has at most this many
# characters and words: the longest headings of the English budget statements are 65-70 characters
# and 10 words ("Overseas Talent Recruitment Scheme and Not-Ordinarily-Resident Scheme"); prose
# sentences that lose their final stop are longer. Part of the grammar, like CAPS_MAX_CHARS.
TITLE_LINE_MAX_CHARS = 80
TITLE_LINE_MAX_WORDS = 12

_CN_NUM = "一二三四五六七八九十百零〇"
_AR = "0-9０-９"

_CHAPTER_RE = lazy_compile(rf"第([{_CN_NUM}{_AR}]+)(章|节|部分|篇|编)")
_DUN_RE = lazy_compile(rf"([{_CN_NUM}]+)[、．](?![{_CN_NUM}、])")
_CN_PAREN_RE = lazy_compile(rf"[（(]([{_CN_NUM}]+)[）)]")
_AR_PAREN_RE = lazy_compile(rf"[（(]([{_AR}]{{1,2}})[）)]")
# "1." "1、" "1．" + text, or "1.1" / "1.1." / "1 " + space; never "1.5万" (digit after the dot).
_DEC_RE = lazy_compile(
    rf"([{_AR}]{{1,2}}(?:[.．][{_AR}]{{1,2}})*)(?:[.．、](?![{_AR}])\s*|\s+)(?=\S)"
)
_PART_RE = lazy_compile(
    r"(PART|Part|CHAPTER|Chapter|SECTION|Section)\s+([IVXLCDM]+|[0-9]+|[A-Z][a-z]+)\b"
)
_CAPS_RE = lazy_compile(r"[A-Z0-9][A-Z0-9 ,&'’:/()\-–—.]*")
_MARKUP_RE = lazy_compile(r"#+\s*")
_ITEM_RE = lazy_compile(r"([一二三四五六七八九十]+)是")
_ITEM_BEFORE = set("。；;：:，,、！？!?“\"(（—")
_YEAR = lazy_compile(r"(?:19|20)\d\d\s*年?|[〇零一二三四五六七八九]{4}年")
_PUNCT = lazy_compile(r"[\W_]+")
_LATIN_RE = lazy_compile(r"[A-Za-z]")


@dataclass(frozen=True)
class HeadingMatch:
    """What the grammar sees at the start of a block: kind, rank in its family, ordinal."""

    kind: str  # "dun" (一、), "cn_paren" (（一）), "ar_paren" ((1)), "dec", "第章", "part", ...
    rank: int  # depth within a ranked family (1.1 -> 2, "##" -> 2); 0 for unranked kinds
    ordinal: tuple[int, ...] | None  # None when the kind has no numbering (ALL CAPS, markup)
    marker_end: int  # offset just past the ordinal marker


def match_heading(text: str) -> HeadingMatch | None:
    """The heading grammar matched at the start of ``text``, or None (no sequence check here).

    Invisible characters (``chars.INVISIBLE``: a zero-width space or a BOM before ``一、``, an LRM
    inside ``（一）``) are removed before the grammar runs; ``marker_end`` is an offset into
    ``text`` as given.
    """
    if not has_invisible(text):
        return _match_visible(text)
    shown, keep = visible(text)
    found = _match_visible(shown)
    return None if found is None else replace(found, marker_end=keep[found.marker_end])


def _match_visible(text: str) -> HeadingMatch | None:
    m = _CHAPTER_RE.match(text)
    if m:
        n = numeral_int(m.group(1))
        return HeadingMatch("第" + m.group(2), 0, (n,), m.end()) if n else None
    m = _DUN_RE.match(text)
    if m:
        n = numeral_int(m.group(1))
        return HeadingMatch("dun", 0, (n,), m.end()) if n else None
    m = _CN_PAREN_RE.match(text)
    if m:
        n = numeral_int(m.group(1))
        return HeadingMatch("cn_paren", 0, (n,), m.end()) if n else None
    m = _AR_PAREN_RE.match(text)
    if m:
        return HeadingMatch("ar_paren", 0, (int(ascii_digits(m.group(1))),), m.end())
    m = _DEC_RE.match(text)
    if m and len(text) > m.end():
        nums = tuple(int(p) for p in re.split("[.．]", ascii_digits(m.group(1))))
        nxt = text[m.end()]
        spaced = text[len(m.group(1))].isspace()
        # "3 million", "3.5 per cent": a bare number before a lower-case word is prose.
        if not (spaced and (nxt.islower() or len(nums) == 1 and not nxt.isupper())):
            return HeadingMatch("dec", len(nums), nums, m.end())
    m = _PART_RE.match(text)
    if m:
        word = m.group(2)
        n = int(word) if word.isdigit() else roman_int(word) or word_int(word)
        if n:
            return HeadingMatch(m.group(1).lower(), 0, (n,), m.end())
    if (
        len(text) <= CAPS_MAX_CHARS
        and _CAPS_RE.fullmatch(text)
        and sum(c.isalpha() for c in text) >= CAPS_MIN_LETTERS
    ):
        return HeadingMatch("caps", 0, None, 0)
    return None


def looks_like_heading(text: str) -> bool:
    """True when ``text`` starts with a heading ordinal (used by ingest not to join lines)."""
    hm = match_heading(text)
    return hm is not None and hm.kind != "caps"


def strip_ordinal(title: str) -> str:
    """``title`` without its leading ordinal (and Markdown ``#`` marks), spaces trimmed."""
    text = _MARKUP_RE.sub("", title.strip(), count=1) if title.lstrip().startswith("#") else title
    text = text.strip()
    hm = match_heading(fold_line(text))  # same length as ``text``: its offsets cut ``text``
    if hm is not None and hm.ordinal is not None:
        text = text[hm.marker_end :]
    return text.strip()


def mask_title(title: str) -> str:
    """A title with its ordinal, year numbers, punctuation and spaces removed, lower-cased: what
    alignment compares, so ``一、2018年工作回顾`` and ``一、2017年工作回顾`` are equal."""
    text = _YEAR.sub("", fold(strip_ordinal(title)))
    return _PUNCT.sub("", text).lower()


def title_key(title: str) -> str:
    """A title with its ordinal, punctuation and spaces removed, lower-cased, years kept: what
    a user's query for a section is matched against."""
    return _PUNCT.sub("", fold(strip_ordinal(title))).lower()


def title_similarity(a: str, b: str) -> float:
    """Similarity of two titles after masking, 0.0-1.0 (1.0 when both mask to nothing)."""
    return masked_similarity(mask_title(a), mask_title(b))


def masked_similarity(ma: str, mb: str) -> float:
    """``title_similarity`` of two titles already masked with ``mask_title``."""
    from rapidfuzz import fuzz  # lazy: the title grammar alone needs no rapidfuzz

    if not ma and not mb:
        return 1.0
    if not ma or not mb:
        return 0.0
    return float(fuzz.ratio(ma, mb)) / 100.0


def title_terms(title: str) -> tuple[str, ...] | None:
    """The words alignment compares of an English title, in order: the title masked as by
    ``mask_title`` (ordinal and years out), cut at spaces and punctuation, each word in its scoring
    form (``textkit.english.scoring_word``: stemmed, function words and numbers out). None for a
    title with CJK text or without a Latin letter, which compares by characters: a Chinese
    character carries meaning, an English letter does not (``Duty on Bets`` and ``Duty on Petrol``
    share most of their letters and one word of two)."""
    text = _YEAR.sub(" ", fold(strip_ordinal(title)))
    if has_cjk(text) or not _LATIN_RE.search(text):
        return None
    words = (scoring_word(w) for w in _PUNCT.sub(" ", text).lower().split())
    return tuple(w for w in words if w is not None)


def terms_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Similarity of two ``title_terms``, 0.0-1.0: the share of words in their longest common
    subsequence, ``2 × LCS / (len(a) + len(b))`` (the Indel ratio ``masked_similarity`` takes
    over characters); 1.0 when both are empty (titles of function words alone, such as ``Our
    Part``), 0.0 when one is."""
    from rapidfuzz import fuzz

    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return float(fuzz.ratio(a, b)) / 100.0


def inline_items(text: str) -> list[tuple[int, int]]:
    """Character spans of the 一是/二是/… items in ``text``, each up to the next (or line end).

    A sequence must start at 一是 and count up; 统一是 or a lone 三是 is not an item.
    """
    starts: list[int] = []
    expected = 1
    for m in _ITEM_RE.finditer(text):
        before = text[m.start() - 1] if m.start() else "\n"
        if not (before.isspace() or before in _ITEM_BEFORE):
            continue
        n = numeral_int(m.group(1))
        if n == 1:
            expected = 1
        if n != expected:
            continue
        starts.append(m.start())
        expected += 1
    spans = []
    for k, start in enumerate(starts):
        line_end = text.find("\n", start)
        end = len(text) if line_end < 0 else line_end
        if k + 1 < len(starts) and starts[k + 1] < end:
            end = starts[k + 1]
        spans.append((start, end))
    return spans


# A list item ("(a) ...", "ii. ...", "1) ...", "- ...") or a caption or pointer ("Table 2 - ...",
# "Annex A*"): never a heading unless the ordinal grammar above says so.
_LIST_ITEM_RE = lazy_compile(r"\(?(?:[a-z]|[ivxlc]{1,5}|[0-9]{1,2})[.)]\s|[-*+•·▪–]\s", re.I)
_CAPTION_RE = lazy_compile(
    r"(?:Table|Chart|Figure|Fig\.|Annex|Appendix|Exhibit|Source|Note|Box)s?\b\s*[-–—:0-9A-Z]"
)
_ORDINAL_WORD = lazy_compile(r"[0-9]+(?:st|nd|rd|th)")
# A clause or sentence break inside the line: a comma, semicolon, colon, ! or ?, or a full stop
# before a space (R&D, U.S. and 4.5 stay whole).
_INNER_STOP = lazy_compile(r"[,;:!?]|\.\s")
_LATIN_LINE_ENDS = frozenset(".,;:!?")
# A title never ends on these; a line that does is a sentence cut off by a line break.
_FRAGMENT_END = frozenset(re.findall(
    r"\w+",
    "a an the of to in on for from by with and or but at as that which who is are was were be "
    "been has have had will would than",
))
# Furniture of parliamentary transcripts and printed pages: never report structure.
_FURNITURE_RE = lazy_compile(
    r"Sitting\s+(?:accordingly\s+)?(?:suspended|resumed|adjourned).*"
    r"|\[?\s*(?:Mr|Madam|Mdm|Mrs|Ms)\.?\s+(?:Deputy\s+)?Speaker\s+in\s+the\s+Chair\s*\]?"
    r"|(?:at\s+)?[0-9]{1,2}[.:][0-9]{2}\s*[ap]\.?\s?m\.?"
    r"(?:\s+until\s+[0-9]{1,2}[.:][0-9]{2}\s*[ap]\.?\s?m\.?)?"
    r"|Col(?:umn)?s?\.?\s*(?:No\.?)?\s*:?\s*[0-9]+(?:\s*[-–]\s*[0-9]+)?\.?"
    r"|Resumption\s+of\s+(?:Motion|Debate)\.?"
    r"|(?:Mr|Mrs|Ms|Mdm|Madam|Dr|Prof)\.?(?:\s+[A-Z][\w'’.-]*){1,6}(?:\s*\([^()]*\))?"
    r"|Page\s+[0-9]+(?:\s+of\s+[0-9]+)?|[-–—─]?\s*[0-9]{1,4}\s*[-–—─]?",
    re.IGNORECASE,
)
# A word in capitals (two letters or more) beside a lower-case word of the same sentence.
_ACRONYM_RE = lazy_compile(
    r"(?:(?<=[a-z] )|(?<=[a-z][,;] ))[A-Z][A-Z0-9&]+\b|\b[A-Z][A-Z0-9&]+(?=[,;]? [a-z])"
)
_GLUE_RE = lazy_compile(r"(?<=[a-z0-9%)][.!?])(?=[A-Z])")


def caps_line(text: str) -> bool:
    """An ALL-CAPS English line short enough to be a heading (``TAX INCREASES``)."""
    return (
        len(text) <= CAPS_MAX_CHARS
        and _CAPS_RE.fullmatch(text) is not None
        and sum(c.isalpha() for c in text) >= CAPS_MIN_LETTERS
    )


def titled_line(text: str) -> bool:
    """A short English line in title or sentence case with no ordinal and no clause break
    (``Tax Competitiveness``, ``Invest in R&D - Knowledge creation``, ``40th Anniversary NS
    Bonus``): a heading only where it stands alone between paragraphs, which ``sections`` checks.
    ALL-CAPS lines are ``caps_line``'s; list items, captions, sentences and a sentence cut off by
    a line break (ending on "the", "of", "and" ...) are not titled lines."""
    words = text.split()
    if not words or len(words) > TITLE_LINE_MAX_WORDS or len(text) > TITLE_LINE_MAX_CHARS:
        return False
    if len(words) == 1 and not (len(text) >= CAPS_MIN_LETTERS and text.isascii()
                                and text.isalpha()):
        return False  # one word: only a plain word ("Introduction"), never a code or a figure
    first = words[0]
    if not (first[0].isascii() and first[0].isupper() or _ORDINAL_WORD.fullmatch(first)):
        return False
    if text[-1] in _LATIN_LINE_ENDS or not (text[-1].isalnum() or text[-1] == ")"):
        return False
    if _INNER_STOP.search(text) or _LIST_ITEM_RE.match(text) or _CAPTION_RE.match(text):
        return False
    if text.upper() == text or match_heading(text) is not None:
        return False
    if words[-1].casefold() in _FRAGMENT_END:
        return False
    letters = sum(c.isascii() and c.isalpha() for c in text)
    return letters >= 0.6 * sum(not c.isspace() for c in text)


def short_line(text: str) -> bool:
    """A line short enough for a heading or a table cell that does not end like a sentence or a
    lead-in: what runs of headings and table rows are made of."""
    return bool(text) and len(text) <= TITLE_LINE_MAX_CHARS and text[-1] not in _LATIN_LINE_ENDS \
        and text[-1] not in "。！？；：…"


def furniture_line(text: str) -> bool:
    """Transcript or page furniture standing on its own line: a sitting suspended or resumed, the
    Speaker in the Chair, a time stamp (``3.30 pm``), a column or page number, a speaker's name."""
    return len(text) <= TITLE_LINE_MAX_CHARS * 2 and _FURNITURE_RE.fullmatch(text) is not None


def glued_heading(text: str) -> int | None:
    """Offset of a heading glued without a space to the last sentence of ``text``
    (``...respond to them.DEALING WITH INFLATION``), or None. Whether it really is one depends on
    what follows the paragraph, which the caller checks."""
    tail_from = max(0, len(text) - TITLE_LINE_MAX_CHARS - 1)
    for m in _GLUE_RE.finditer(text, tail_from):
        tail = text[m.start() :]
        head = text[: m.start()]
        if " " in head.strip() and (caps_line(tail) or titled_line(tail)):
            return m.start()
    return None


def prose_acronyms(texts: Iterable[str]) -> frozenset[str]:
    """Words that running text writes in capitals beside lower-case words (``ASEAN``, ``GST``,
    ``CPF``): their capitals are spelling, so a heading of one of them says nothing of its rank."""
    return frozenset(m.group() for text in texts for m in _ACRONYM_RE.finditer(text))


def parallel_titles(a: str, b: str) -> bool:
    """Two headings worded in parallel, differing in their last word only, whatever their case
    (``TAX CHANGES FOR COMPANIES`` / ``Tax Changes for Individuals``): siblings in an outline."""
    wa, wb = a.casefold().split(), b.casefold().split()
    return len(wa) == len(wb) >= 3 and wa[:-1] == wb[:-1] and wa[-1] != wb[-1]
