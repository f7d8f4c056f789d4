"""compare.series."""
