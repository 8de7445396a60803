"""Publish stage: official statistics with a citation on every cell, and importer notes.

Revision ID: 0003_publish
Revises: 0002_link
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_publish"
down_revision = "0002_link"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "official_stats",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("jurisdiction", sa.String(16), nullable=False),
        sa.Column("indicator", sa.String(32), nullable=False),
        sa.Column("article", sa.String(32), nullable=False),
        sa.Column("period", sa.String(32), nullable=False),
        sa.Column("period_start", sa.String(10), nullable=False),
        sa.Column("period_end", sa.String(10), nullable=False),
        sa.Column("period_note", sa.Text),
        sa.Column("value", sa.Integer, nullable=False),
        sa.Column("qualifier", sa.String(16), nullable=False),
        sa.Column("unit", sa.String(16), nullable=False),
        sa.Column("publisher", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("date_published", sa.String(10)),
        sa.Column("source_table", sa.Text, nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("source_file", sa.Text),
        sa.Column("source_row", sa.Integer),
        sa.UniqueConstraint(
            "jurisdiction",
            "indicator",
            "article",
            "period",
            "period_end",
            "url",
            "source_table",
            name="uq_official_stats_cell_source",
        ),
    )
    op.create_index(
        "ix_official_stats_cell",
        "official_stats",
        ["jurisdiction", "indicator", "article", "period"],
    )
    op.create_table(
        "stat_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("stat_id", sa.Integer, sa.ForeignKey("official_stats.id", ondelete="CASCADE")),
        sa.Column("source_file", sa.Text, nullable=False),
        sa.Column("source_row", sa.Integer),
        sa.Column("level", sa.String(8), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("stat_notes")
    op.drop_index("ix_official_stats_cell", table_name="official_stats")
    op.drop_table("official_stats")
