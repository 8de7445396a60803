"""Tables of the analyze/publish stage, added to the shared ``metadata``.

``official_stats`` holds published figures, one row per (cell, source): a cell is
(jurisdiction, indicator, article, period) and two sources reporting the same cell are two
rows, shown side by side and never merged. Every row carries its citation.
``stat_notes`` keeps what the importer noticed (a partial period, a duplicate row, a
qualified number) so nothing is changed or dropped silently.

Migration ``0003_publish`` creates exactly these tables.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint

from warcases.store.schema import metadata

official_stats = Table(
    "official_stats",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("jurisdiction", String(16), nullable=False),
    Column("indicator", String(32), nullable=False),
    Column("article", String(32), nullable=False, default=""),  # "" = all / not stated
    Column("period", String(32), nullable=False),  # "2025", "2023-04", "2022-02..2025-12"
    Column("period_start", String(10), nullable=False),
    Column("period_end", String(10), nullable=False),
    Column("period_note", Text),  # "11 months": the period is partial
    Column("value", Integer, nullable=False),
    Column(
        "qualifier", String(16), nullable=False, default="exact"
    ),  # exact|at_least|about|at_most
    Column("unit", String(16), nullable=False),
    Column("publisher", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("url", Text, nullable=False),
    Column("date_published", String(10)),
    Column("source_table", Text, nullable=False, default=""),
    Column("note", Text),
    Column("source_file", Text),
    Column("source_row", Integer),
    UniqueConstraint(
        "jurisdiction",
        "indicator",
        "article",
        "period",
        "period_end",
        "url",
        "source_table",
        name="uq_official_stats_cell_source",
    ),
    Index("ix_official_stats_cell", "jurisdiction", "indicator", "article", "period"),
)

stat_notes = Table(
    "stat_notes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("stat_id", Integer, ForeignKey("official_stats.id", ondelete="CASCADE")),
    Column("source_file", Text, nullable=False),
    Column("source_row", Integer),
    Column("level", String(8), nullable=False),  # note | warning
    Column("message", Text, nullable=False),
)
