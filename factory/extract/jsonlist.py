"""Extractor module (placeholder until the extraction issue lands)."""
