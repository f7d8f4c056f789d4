"""The metrics stage: numbers with units, what they are figures of, and the same indicator in
two years and across a series.

Public API: extract_metrics, strip_qualifier (``extract``); pair_metrics, label_similarity,
stated_check (``pairing``); MetricChain, chain_metrics, movers_first, mid_value
(``chains``); delta_text, percent_text, group_digits, sign_of, cn_big (``display``).
"""

from compare.metrics.chains import MetricChain, chain_metrics, mid_value, movers_first
from compare.metrics.display import cn_big, delta_text, group_digits, percent_text, sign_of
from compare.metrics.extract import extract_metrics, strip_qualifier
from compare.metrics.pairing import label_similarity, pair_metrics, stated_check

__all__ = [
    "MetricChain",
    "chain_metrics",
    "cn_big",
    "delta_text",
    "extract_metrics",
    "group_digits",
    "label_similarity",
    "mid_value",
    "movers_first",
    "pair_metrics",
    "percent_text",
    "sign_of",
    "stated_check",
    "strip_qualifier",
]
