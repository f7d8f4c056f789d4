"""The align stage: which section of one year faces which of the other.

Public API: align, over_budget, body_similarity, Scorer (from ``matching``); provenance_edges,
add_provenance (from ``provenance``).

``matching`` pairs sections by title and body (order-preserving, then moves, splits and merges);
``provenance`` adds split and merge edges from where each paragraph's topic went.
"""

from compare.align.matching import Scorer, align, body_similarity, over_budget
from compare.align.provenance import add_provenance, provenance_edges

__all__ = [
    "Scorer",
    "add_provenance",
    "align",
    "body_similarity",
    "over_budget",
    "provenance_edges",
]
