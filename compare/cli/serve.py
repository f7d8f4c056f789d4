"""Placeholder: commands are added here by the serve work."""
