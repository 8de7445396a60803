"""Extraction: one extractor per document kind, each returning ``Fact`` records with spans."""
