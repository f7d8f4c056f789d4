"""The metrics stage: numbers with units, what they are figures of, and the same indicator in
two years and across a series.

Public API: extract_metrics, strip_qualifier, metrics_stamp (``extract``); identity_key,
subject_key, clash_reason (``identity``); match_metrics, MetricMatch, pair_metrics, label_similarity
(``pairing``); stated_check (``stated``); MetricChain, chain_metrics, movers_first, mid_value
(``chains``); delta_text, percent_text, group_digits, sign_of, cn_big, shown_text,
identity_note (``display``).
"""

from compare.metrics.chains import MetricChain, chain_metrics, mid_value, movers_first
from compare.metrics.display import (
    cn_big,
    delta_text,
    group_digits,
    identity_note,
    percent_text,
    shown_text,
    sign_of,
)
from compare.metrics.extract import extract_metrics, metrics_stamp, strip_qualifier
from compare.metrics.identity import clash_reason, identity_key, subject_key
from compare.metrics.pairing import MetricMatch, label_similarity, match_metrics, pair_metrics
from compare.metrics.stated import stated_check

__all__ = [
    "MetricChain",
    "MetricMatch",
    "chain_metrics",
    "clash_reason",
    "cn_big",
    "delta_text",
    "extract_metrics",
    "group_digits",
    "identity_key",
    "identity_note",
    "label_similarity",
    "match_metrics",
    "metrics_stamp",
    "mid_value",
    "movers_first",
    "pair_metrics",
    "percent_text",
    "shown_text",
    "sign_of",
    "stated_check",
    "strip_qualifier",
    "subject_key",
]
