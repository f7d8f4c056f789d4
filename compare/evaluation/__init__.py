"""compare.evaluation."""
