"""Analyses: official statistics, figures over the case tables, charts and the HTML report."""
