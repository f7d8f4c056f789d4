"""The diff stage: lossless word diffs of aligned sections, and sentences that moved.

Public API: diff_texts, apply, a_side, b_side (from ``worddiff``); cross_moves,
edited_sentences (from ``moves``); entry_scores (from ``scores``).
"""

from compare.diff.moves import cross_moves, edited_sentences
from compare.diff.scores import entry_scores
from compare.diff.worddiff import a_side, apply, b_side, diff_texts

__all__ = [
    "a_side",
    "apply",
    "b_side",
    "cross_moves",
    "diff_texts",
    "edited_sentences",
    "entry_scores",
]
