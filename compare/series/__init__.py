"""Built on pairs of reports: a whole series at once.

Modules: ``timeline`` (section lineages across years, and the trace of one section), ``site``
(the static site of a series: index, pair pages, trends, timeline).
"""

__all__: list[str] = []
