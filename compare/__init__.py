"""compare: what changed between two years of a recurring report, in the words and in the numbers.

Public API: __version__. The stages are modules, read in order: ingest, sections, store, align,
diff, metrics, render; ``pipeline`` runs them; ``cli`` is the command line.
"""

__version__ = "0.1.0"
