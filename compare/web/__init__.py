"""compare.web."""
