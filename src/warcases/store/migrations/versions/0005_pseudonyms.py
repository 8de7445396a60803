"""Publish stage: the pseudonyms given to people, kept so they never move between exports.

Revision ID: 0005_pseudonyms
Revises: 0004_search_fold
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_pseudonyms"
down_revision = "0004_search_fold"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pseudonyms",
        sa.Column("record_key", sa.String(200), primary_key=True),
        sa.Column("pseudonym", sa.String(64), primary_key=True),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_pseudonyms_pseudonym", "pseudonyms", ["pseudonym"])


def downgrade() -> None:
    op.drop_index("ix_pseudonyms_pseudonym", table_name="pseudonyms")
    op.drop_table("pseudonyms")
