"""compare.align.matching."""
