"""compare.textkit."""
