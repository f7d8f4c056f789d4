"""Scoring the stages against hand-checked gold labels (``../shared/gold``, ``eval/gold``).

Modules: ``alignment`` (section alignment edges, and the ``compare eval`` harness that runs every
gold file of a folder), ``metricgold`` (metric extraction and pairing).
"""

__all__: list[str] = []
