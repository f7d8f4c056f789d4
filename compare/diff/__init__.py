"""compare.diff.worddiff."""
