"""compare.ingest.reader."""
