"""Placeholder: commands are added here by the search work."""
