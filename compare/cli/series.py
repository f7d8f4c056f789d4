"""Placeholder: commands are added here by the series work."""
