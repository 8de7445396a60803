"""Scoring the system against hand-checked gold cards (CASE_FORMAT.md)."""
