"""compare: what changed between two years of a recurring report, in the words and in the numbers.

Public API: __version__.

Read the packages in the order a report travels (README, "How the code is laid out"): ``textkit``
(the ground floor of text tools), then the stages ``ingest`` → ``sections`` → ``store`` →
``align`` → ``diff`` → ``metrics`` → ``render``, which exchange the frozen dataclasses of
``models`` and take their thresholds from ``tuning``; ``pipeline`` runs them; built on it are
``export`` (the JSON of CONTRACT.md), ``series`` (site, timeline, trace), ``web`` (``compare
serve``), ``evaluation`` (gold scoring) and ``cli``.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
