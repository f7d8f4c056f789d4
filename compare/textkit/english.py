"""The English side of the number/unit grammar: currencies, multipliers, per cent, counted nouns,
number words, fractions and multiples, and the numbers that are never quantities.

Public API: english_unit, currency_before, word_number_at, not_a_quantity, unit_noun,
scoring_word, EN_MULT, EN_APPROX_BEFORE, EN_APPROX_AFTER, MONTHS, FUNCTION_WORDS, NUMBER_WORD.

Units come from a list of countable nouns (``post``, ``worker``, ``household``…), in the singular,
never cut out of the next word: ``1985 was`` and ``85 represents`` carry no unit. Up to three
describing words may stand between a count and its noun (``766 permanent posts``, ``559 temporary
and daily-rated posts``). ``compare.textkit.numbers`` calls these functions; offsets are those of
the (folded) line it scans.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

from compare.textkit.lazyre import lazy_compile

__all__ = [
    "EN_APPROX_AFTER",
    "EN_APPROX_BEFORE",
    "EN_MULT",
    "FUNCTION_WORDS",
    "MONTHS",
    "NUMBER_WORD",
    "currency_before",
    "english_unit",
    "not_a_quantity",
    "scoring_word",
    "unit_noun",
    "word_number_at",
]

EN_APPROX_BEFORE = ("more than", "less than", "close to", "at least", "almost", "nearly",
                    "about", "around", "over", "approximately", "roughly", "some", "above",
                    "under", "up to", "in excess of", "upwards of", "just over", "just under")
EN_APPROX_AFTER = ("or more", "plus", "or so")

EN_MULT = {"thousand": Decimal(10) ** 3, "million": Decimal(10) ** 6, "mn": Decimal(10) ** 6,
           "m": Decimal(10) ** 6, "billion": Decimal(10) ** 9, "bn": Decimal(10) ** 9,
           "b": Decimal(10) ** 9, "trillion": Decimal(10) ** 12}
_SHORT_MULT = ("m", "mn", "bn", "b")
# Longest first: US$ before $.
_CURRENCY_PREFIX = (("US$", "USD"), ("S$", "SGD"), ("HK$", "HKD"), ("USD", "USD"),
                    ("SGD", "SGD"), ("RMB", "CNY"), ("$", "$"), ("€", "EUR"), ("£", "GBP"),
                    ("¥", "CNY"))
_SIGN_CHARS = frozenset("".join(p[-1] for p, _ in _CURRENCY_PREFIX))
_CURRENCY_AFTER = {"yuan": "CNY", "renminbi": "CNY", "dollars": "$", "dollar": "$",
                   "euros": "EUR", "euro": "EUR", "pounds": "GBP"}

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
          "jul", "aug", "sep", "sept", "oct", "nov", "dec")

# Countable nouns that reports count (singular). A number is a count of one of these, or of
# nothing: a word is never cut to make a unit.
_NOUNS = [
    "person", "worker", "employee", "staff", "officer", "official", "civil-servant", "teacher",
    "lecturer", "student", "pupil", "graduate", "undergraduate", "trainee", "apprentice", "child",
    "household", "family", "home", "flat", "dwelling", "house", "bed", "hospital", "clinic",
    "polyclinic", "school", "university", "polytechnic", "college", "institution", "centre",
    "center", "company", "firm", "enterprise", "business", "establishment", "startup", "project",
    "programme", "program", "scheme", "course", "place", "seat", "vacancy", "job", "post",
    "position", "case", "patient", "visitor", "tourist", "passenger", "vehicle", "car", "taxi",
    "bus", "lorry", "truck", "ship", "vessel", "aircraft", "flight", "kilometre", "kilometer", "km",
    "mile", "hectare", "acre", "tonne", "ton", "barrel", "litre", "liter", "megawatt", "team",
    "prize", "award", "scholarship", "bursary", "grant", "loan", "member", "volunteer", "resident",
    "citizen", "voter", "applicant", "application", "recipient", "beneficiary", "senior", "retiree",
    "man", "woman", "farmer", "soldier", "nurse", "doctor", "dentist", "lawyer", "scientist",
    "engineer", "researcher", "patent", "country", "nation", "city", "town", "village", "district",
    "estate", "station", "route", "bridge", "building", "block", "factory", "plant", "shop",
    "store", "stall", "market", "bank", "branch", "office", "agency", "event", "exhibition",
    "conference", "session", "household", "unit", "room", "classroom", "library", "park", "court",
    "hawker", "elderly", "adult", "youth", "infant", "baby", "migrant", "foreigner", "immigrant",
    "mother", "father", "parent", "couple", "worker-year", "man-year", "tourist-arrival", "arrival",
    "departure", "container", "tree",
]
_IRREGULAR = {"people": "person", "children": "child", "men": "man", "women": "woman",
              "staff": "staff", "personnel": "staff", "elderly": "elderly", "youth": "youth",
              "police": "police", "cattle": "cattle", "aircraft": "aircraft",
              "km": "km", "sq km": "km2", "feet": "foot", "teeth": "tooth"}
_PLURALS: dict[str, str] = {}
for _noun in _NOUNS:
    if _noun.endswith("y") and _noun[-2:-1] not in "aeiou":
        _PLURALS[_noun[:-1] + "ies"] = _noun
    elif _noun.endswith(("s", "sh", "ch", "x")):
        _PLURALS[_noun + "es"] = _noun
    else:
        _PLURALS[_noun + "s"] = _noun
_SINGULAR = frozenset(_NOUNS)
# Words that end the short run of describing words between a count and its noun.
_STOP = frozenset([
    "of", "in", "on", "at", "to", "for", "from", "by", "with", "was", "were", "is", "are", "be",
    "been", "will", "would", "shall", "should", "can", "could", "may", "might", "the", "a", "an",
    "this", "that", "these", "those", "per", "each", "every", "which", "who", "whom", "whose",
    "than", "as", "and-so", "or", "nor", "but", "if", "while", "when", "where", "there", "their",
    "our", "its", "his", "her", "your", "my", "we", "they", "it", "he", "she", "you", "i", "has",
    "have", "had", "do", "does", "did", "not", "no", "over", "under", "about", "more", "less",
    "into", "onto", "upon", "between", "among", "since", "until", "till",
])

_WORD_UNITS = {w: i for i, w in enumerate(
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
        "nineteen",
    ])}
_WORD_TENS = {w: 10 * (i + 2) for i, w in enumerate(
    ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])}
_FRACTIONS = {"half": (1, 2), "halves": (1, 2), "third": (1, 3), "thirds": (1, 3),
              "quarter": (1, 4), "quarters": (1, 4), "fifth": (1, 5), "fifths": (1, 5),
              "sixth": (1, 6), "tenth": (1, 10), "tenths": (1, 10)}
_WORD = lazy_compile(r"[A-Za-z][A-Za-z'’]*")
_LATIN = lazy_compile(r"[A-Za-z]")
# The number words ``word_number_at`` reads (case-insensitive): also where a scan for numbers
# looks for one to start (``textkit.numbers``). The first letters of the words are tested first,
# which fails most words of a text at once.
NUMBER_WORD = (
    r"\b(?=[aefnost])(?:(?P<a>a|an|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?:[ -](?P<frac>half|halves|thirds?|quarters?|fifths?|sixth|tenths?)\b)"
    r"|(?P<word>(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|"
    r"four|five|six|seven|eight|nine))?|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
    r"(?P<half>-and-a-half)?)\b")
_NUMBER_WORD = lazy_compile(NUMBER_WORD, re.I)
_MULTIPLE_AFTER = lazy_compile(r" times\b(?= (?:the|what|that|as|more|higher|larger|bigger|greater|"
                             r"faster|our|its|their|last)\b)")
_PERCENT_WORDS = ((" per cent", "%"), (" percent", "%"), (" percentage points", "percentage point"),
                  (" percentage point", "percentage point"), (" basis points", "basis point"),
                  (" pct", "%"))
_NOT_AFTER = lazy_compile(
    r"(?i)(?:\bFY ?|\bfinancial year |\bfiscal year |\byear of assessment |\bsection |\bclause "
    r"|\bparagraph |\bpara\. ?|\barticle |\bchapter |\bpart |\bitem |\bappendix |\bcols?\. ?"
    r"|\bno\. ?|\bpage |\bp\. ?|\brule |\bregulation |\bschedule |\bannex |\btable |\bchart "
    r"|\bfigure |\bbudget |\b(?:" + "|".join(MONTHS) + r")\.? )$")
_BAND_BEFORE = lazy_compile(
    r"(?i)\b(?:bottom|top|lowest|highest|poorest|richest|lower|upper|middle)\s+$")
_DATE_AFTER = lazy_compile(r"(?i)^(?:st|nd|rd|th)?\s*(?:of\s+)?(?:" + "|".join(MONTHS) + r")\b")
# Longest look-ahead after a number: the percent phrases and the currency words after it.
_REST_CHARS = max(len(p) for p, _ in _PERCENT_WORDS) + 16


def unit_noun(word: str, count_is_one: bool) -> str | None:
    """The singular unit a counted word names (``posts`` -> ``post``), or None if it is no noun
    of the list (or a singular noun after a count other than one)."""
    low = word.lower()
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    if low in _PLURALS:
        return _PLURALS[low]
    if low in _SINGULAR:
        return low if count_is_one else None
    if word[:1].isupper() and low.endswith(("ans", "ese")):
        return "person"  # three Singaporeans, two Malaysians
    return None


def currency_before(text: str, start: int) -> tuple[str, int] | None:
    """``(code, offset where the sign starts)`` of a currency written before ``start``."""
    before = text[max(0, start - 5) : start]
    if not _SIGN_CHARS.intersection(before):
        return None
    for prefix, code in _CURRENCY_PREFIX:
        for gap in ("", " "):
            if before.endswith(prefix + gap):
                head = start - len(prefix) - len(gap)
                if prefix[-1].isalpha() and not gap:
                    continue  # RMB3 is unusual; USD5 a code
                if head > 0 and (text[head - 1].isalpha() or text[head - 1].isdigit()):
                    continue
                return code, head
    return None


def _noun_after(text: str, pos: int, count_is_one: bool) -> tuple[str, int] | None:
    """The counted noun after ``pos``, skipping up to three describing words."""
    skipped = 0
    while skipped <= 3:
        m = re.compile(r"[ \t]+([A-Za-z][A-Za-z'’-]*)").match(text, pos)
        if not m:
            return None
        word = m.group(1)
        if word.lower() in _STOP and word.lower() != "and":
            return None
        noun = unit_noun(word, count_is_one)
        if noun is not None:
            return noun, m.end(1)
        if word.lower() == "and" and skipped == 0:
            return None
        skipped += 1
        pos = m.end(1)
    return None


def english_unit(
    text: str, pos: int, currency: str | None, count_is_one: bool = False
) -> tuple[Decimal, str, int] | None:
    """Multiplier, unit and end offset of an English number ending at ``pos``; None if no unit.

    ``currency`` is the code of a sign written before the number ($, S$…), if any.
    """
    mult = Decimal(1)
    m = _WORD.match(text, pos + (1 if text[pos : pos + 1] == " " else 0))
    if m and m.group(0).lower() in EN_MULT:
        word = m.group(0).lower()
        short = word in _SHORT_MULT
        if short and not currency:
            m = None
        elif m.start() == pos and not short:
            return None  # 5million is not how anyone writes it
        if m:
            mult = EN_MULT[word]
            pos = m.end()
    # Only as much of the line as the longest phrase looked for: a copy of the whole rest of the
    # line per number made a long line of bare numbers quadratic.
    rest = text[pos : pos + _REST_CHARS]
    if rest.startswith("%"):
        return mult, "%", pos + 1
    low = rest.lower()
    for phrase, unit in _PERCENT_WORDS:
        if low.startswith(phrase) and not low[len(phrase) : len(phrase) + 1].isalpha():
            return mult, unit, pos + len(phrase)
    after = re.match(r" (yuan|renminbi|dollars?|euros?|pounds)\b", low)
    if after and (mult != 1 or not currency):
        return mult, _CURRENCY_AFTER[after.group(1)], pos + after.end()
    if currency:
        return mult, currency, pos
    times = _MULTIPLE_AFTER.match(text, pos)
    if times and mult == 1:
        return mult, "times", pos + len(" times")
    noun = _noun_after(text, pos, count_is_one and mult == 1)
    if noun is not None:
        return mult, noun[0], noun[1]
    return None


def word_number_at(text: str, pos: int) -> tuple[Decimal, int, bool] | None:
    """``(value, end, is_fraction)`` of a number word standing at ``pos`` (three, twenty-five,
    two-and-a-half, a third, one-third, one quarter), or None."""
    m = _NUMBER_WORD.match(text, pos)
    if not m:
        return None
    if m.group("frac"):
        head = m.group("a").lower()
        count = 1 if head in ("a", "an", "one") else _WORD_UNITS[head]
        num, den = _FRACTIONS[m.group("frac").lower()]
        value = (Decimal(count * num) / Decimal(den)).quantize(Decimal("0.0001"))
        return value, m.end(), True
    word = m.group("word").lower()
    tens, _, ones = word.partition("-")
    value = Decimal(_WORD_TENS.get(tens, _WORD_UNITS.get(tens, 0)) + _WORD_UNITS.get(ones, 0))
    if m.group("half"):
        value += Decimal("0.5")
    end = m.end()
    if text[end : end + 1] == "-" and not m.group("half"):
        return None  # two-room, four-year: part of a compound word
    return value, end, False


def not_a_quantity(text: str, start: int, end: int) -> bool:
    """True for a number that labels rather than counts: a fiscal year (FY 85), a date (1 April
    1985, 5th February), a clause or column number, an income band (bottom 20%), a year."""
    before = text[max(0, start - 24) : start]
    if not _LATIN.search(before) and not _LATIN.search(text, end, end + 14):
        return False  # every rule below is about English words around the number
    if _NOT_AFTER.search(before):
        return True
    if _DATE_AFTER.match(text[end : end + 14]):
        return True
    return bool(_BAND_BEFORE.search(before) and re.match(r"\s*(?:%| per ?cent)", text[end:]))


# English function words: articles, pronouns, prepositions, conjunctions, auxiliaries and the
# commonest adverbs of degree and time. They make up about half of an English text and say nothing
# of its topic; Chinese scoring never meets them (rjieba words of two or more characters carry
# content), so English sections scored with them all look alike (every budget section shares "the",
# "of", "to", "will"). The list is the usual information-retrieval one, not drawn from any report.
FUNCTION_WORDS = frozenset([
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
    "are", "aren", "as", "at", "be", "because", "been", "before", "being", "below", "between",
    "both", "but", "by", "can", "cannot", "could", "couldn", "did", "didn", "do", "does", "doesn",
    "doing", "don", "down", "during", "each", "either", "else", "ever", "every", "few", "for",
    "from", "further", "had", "hadn", "has", "hasn", "have", "haven", "having", "he", "her",
    "here", "hers", "herself", "him", "himself", "his", "how", "however", "i", "if", "in", "into",
    "is", "isn", "it", "its", "itself", "just", "let", "ll", "me", "more", "most", "mustn", "my",
    "myself", "neither", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or",
    "other", "others", "our", "ours", "ourselves", "out", "over", "own", "per", "re", "same",
    "shall", "shan", "she", "should", "shouldn", "so", "some", "such", "than", "that", "the",
    "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those",
    "through", "thus", "to", "too", "under", "until", "up", "upon", "us", "ve", "very", "was",
    "wasn", "we", "were", "weren", "what", "when", "where", "whether", "which", "while", "who",
    "whom", "whose", "why", "will", "with", "within", "without", "won", "would", "wouldn", "yet",
    "you", "your", "yours", "yourself", "yourselves",
])


@lru_cache(maxsize=65536)
def scoring_word(word: str) -> str | None:
    """The form a lower-cased Latin word is scored on in alignment: its Porter2 (Snowball
    English) stem, so ``taxes``/``tax`` and ``investing``/``investment`` count as one word; None
    for a function word, a single letter or a word with a digit (years, ``1st``, ``fy06``: a number
    says nothing of a section's topic, and every year's text has different ones)."""
    if len(word) < 2 or word in FUNCTION_WORDS or any(ch.isdigit() for ch in word):
        return None
    return _stemmer().stemWord(word)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    from snowballstemmer.english_stemmer import EnglishStemmer  # lazy: only English text needs it

    return EnglishStemmer()
