"""Ingest: one reader per format, turning files into stored documents with offset maps."""
