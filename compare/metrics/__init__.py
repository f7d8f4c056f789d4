"""compare.metrics.extract."""
