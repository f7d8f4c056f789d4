"""Sentences: where they end, in Chinese and English, and the named sets of marks that say so.

Public API: sentence_spans, sentence_ends, first_sentence, sentence_at, SENTENCE_ENDS, FULL_STOPS,
PARAGRAPH_ENDS, LATIN_ENDS, CLOSERS, BRACKET_OPENERS, BRACKET_CLOSERS, COMMAS, SALUTATION_ENDS,
is_salutation.

A sentence ends after ``。！？；`` (and their ASCII forms), after ``.``/``!``/``?``/``…`` that stand
before whitespace or the end, or at a line break; closing quotes and brackets right after the mark
stay with it. Stages that need a different set on purpose use the named sets below instead of a
set of their own: ``ingest`` ends a paragraph at ``：`` as well (a line ending in a colon is not
cut mid-sentence), ``metrics`` takes a clause back only to a full stop.
"""

from __future__ import annotations

import re

__all__ = [
    "BRACKET_CLOSERS",
    "BRACKET_OPENERS",
    "CLOSERS",
    "COMMAS",
    "FULL_STOPS",
    "LATIN_ENDS",
    "PARAGRAPH_ENDS",
    "SALUTATION_ENDS",
    "SENTENCE_ENDS",
    "first_sentence",
    "is_salutation",
    "sentence_at",
    "sentence_ends",
    "sentence_spans",
]

# Marks that end a sentence wherever they stand (the semicolon ends a clause-sentence in Chinese
# reports, whose items run on with ；).
SENTENCE_ENDS = frozenset("。！？；!?;")
# Marks that end a sentence in the strict sense: a statement, not a clause.
FULL_STOPS = frozenset("。！？!?")
# Marks that end a sentence in English only before whitespace (3.5, U.S. stay whole).
LATIN_ENDS = frozenset(".!?…")
# What a line may end with and still be a finished paragraph: sentence ends, the colon of a
# lead-in ("各位代表：") and the ellipsis.
PARAGRAPH_ENDS = SENTENCE_ENDS | frozenset("：:…")
# How an address to the audience ends ("各位代表！", "各位代表：", "Dear members:").
SALUTATION_ENDS = "！!：:"
# Closing quotes and brackets that stay with the mark before them.
CLOSERS = frozenset("”’」』）)】》〉〕]\"'")
# Brackets (no straight quotes, which open as often as they close): a line starting with a closer
# continues the line before; a line ending in an opener runs on into the next.
BRACKET_CLOSERS = frozenset("”’」』）)】》〕]")
BRACKET_OPENERS = frozenset("《（(“‘「『【〔[")
COMMAS = frozenset("，,、")

_CLOSER_CLASS = re.escape("".join(sorted(CLOSERS)))
_END = re.compile(
    rf"[{re.escape(''.join(sorted(SENTENCE_ENDS)))}]+[{_CLOSER_CLASS}]*\s*"
    rf"|[{re.escape(''.join(sorted(LATIN_ENDS)))}]+[{_CLOSER_CLASS}]*(?:\s+|$)"
    r"|[^\S\n]*\n\s*"
)


def sentence_ends(text: str) -> list[int]:
    """Offset just past each sentence of ``text`` (its mark, closers and following whitespace),
    in order; the last is ``len(text)`` unless the text ends inside a sentence."""
    return [m.end() for m in _END.finditer(text) if m.end() > m.start()]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of ``text``, surrounding whitespace trimmed, empty ones left out."""
    out = []
    start = 0
    for end in [*sentence_ends(text), len(text)]:
        a, b = start, end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
        start = end
    return out


def first_sentence(text: str, start: int = 0) -> str:
    """``text`` up to and including its first 。 or ；(or ". " in English) after ``start``: the
    title of a heading that runs on into its paragraph (CONTRACT.md)."""
    ends = [i for i in (text.find("。", start), text.find("；", start)) if i >= 0]
    dot = text.find(". ", start)
    if dot >= 0:
        ends.append(dot)
    return text[: min(ends) + 1] if ends else text


def is_salutation(text: str, max_chars: int) -> bool:
    """True for a short paragraph that only addresses the audience ("各位代表！"): in a speech it
    closes what came before it, and the text after it belongs to the speech, not the section."""
    stripped = text.strip()
    return 0 < len(stripped) <= max_chars and stripped[-1] in SALUTATION_ENDS


def sentence_at(text: str, at: int) -> str:
    """The sentence of ``text`` that holds offset ``at``, on one line (the whole text when none
    does)."""
    for a, b in sentence_spans(text):
        if a <= at < b:
            return " ".join(text[a:b].split())
    return " ".join(text.split())
