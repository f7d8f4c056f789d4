"""compare.store.db."""
