"""The align stage: which section of one year faces which of the other.

Public API: align, over_budget, body_similarity, Scorer (from ``matching``); provenance_edges,
add_provenance, reported_done (from ``provenance``); section_roles, part_role, compatible (from
``roles``); entries (from ``entries``).

``matching`` pairs sections by title and body (order-preserving, then moves, splits and merges);
``provenance`` adds split and merge edges from where each paragraph's topic went; ``roles`` says
what each part of a report is (review, targets, tasks, problems); ``entries`` turns edges into
the entries of CONTRACT.md.
"""

from compare.align.entries import entries
from compare.align.matching import Scorer, align, body_similarity, over_budget
from compare.align.provenance import add_provenance, provenance_edges, reported_done
from compare.align.roles import compatible, part_role, section_roles

__all__ = [
    "Scorer",
    "add_provenance",
    "align",
    "body_similarity",
    "compatible",
    "entries",
    "over_budget",
    "part_role",
    "provenance_edges",
    "reported_done",
    "section_roles",
]
