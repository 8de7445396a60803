"""Linking stage: imported name lists, match pairs and judgements, persons.

Revision ID: 0002_link
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_link"
down_revision = "0001_core"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "list_sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("country", sa.String(2)),
        sa.Column("format", sa.String(8), nullable=False),
        sa.Column("path", sa.Text),
        sa.Column("source_url", sa.Text),
        sa.Column("encoding", sa.String(32)),
        sa.Column("column_map", sa.JSON, nullable=False),
        sa.Column("n_rows", sa.Integer, nullable=False),
        sa.Column("n_records", sa.Integer, nullable=False),
        sa.Column("warnings", sa.JSON, nullable=False),
        sa.Column("imported_at", TZ, nullable=False),
    )
    op.create_table(
        "list_records",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column(
            "source_id",
            sa.Integer,
            sa.ForeignKey("list_sources.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("row_number", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.Text),
        sa.Column("name_key", sa.Text),
        sa.Column("surname", sa.Text),
        sa.Column("given", sa.Text),
        sa.Column("patronymic", sa.Text),
        sa.Column("birth_date", sa.String(10)),
        sa.Column("birth_year", sa.Integer),
        sa.Column("age", sa.Integer),
        sa.Column("contract_date", sa.String(10)),
        sa.Column("death_date", sa.String(10)),
        sa.Column("region_raw", sa.Text),
        sa.Column("region", sa.String(40)),
        sa.Column("country", sa.String(2)),
        sa.Column("unit", sa.Text),
        sa.Column("formations", sa.JSON, nullable=False),
        sa.Column("source_urls", sa.JSON, nullable=False),
        sa.Column("external_id", sa.String(64)),
        sa.Column("raw", sa.JSON, nullable=False),
    )
    op.create_index("ix_list_records_source", "list_records", ["source_id"])
    op.create_index("ix_list_records_name_key", "list_records", ["name_key"])
    op.create_table(
        "link_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("model_version", sa.String(64), nullable=False),
        sa.Column("started_at", TZ, nullable=False),
        sa.Column("finished_at", TZ),
        sa.Column("n_records", sa.Integer, nullable=False),
        sa.Column("n_pairs", sa.Integer, nullable=False),
        sa.Column("n_persons", sa.Integer, nullable=False),
        sa.Column("counts", sa.JSON, nullable=False),
    )
    op.create_table(
        "match_pairs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("record_l", sa.String(160), nullable=False),
        sa.Column("record_r", sa.String(160), nullable=False),
        sa.Column("match_probability", sa.Float, nullable=False),
        sa.Column("match_weight", sa.Float, nullable=False),
        sa.Column("machine", sa.String(8), nullable=False),
        sa.Column("explanation", sa.JSON, nullable=False),
        sa.Column("model_version", sa.String(64), nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("link_runs.id", ondelete="SET NULL")),
        sa.Column("scored_at", TZ, nullable=False),
        sa.UniqueConstraint("record_l", "record_r", name="uq_match_pairs_records"),
    )
    op.create_table(
        "match_judgements",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("record_l", sa.String(160), nullable=False),
        sa.Column("record_r", sa.String(160), nullable=False),
        sa.Column("judgement", sa.String(8), nullable=False),
        sa.Column("author", sa.String(120), nullable=False),
        sa.Column("decided_at", TZ, nullable=False),
        sa.Column("note", sa.Text),
    )
    op.create_index("ix_match_judgements_records", "match_judgements", ["record_l", "record_r"])
    op.create_table(
        "persons",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("name", sa.Text),
        sa.Column("name_key", sa.Text),
        sa.Column("birth_date", sa.String(10)),
        sa.Column("birth_year", sa.Integer),
        sa.Column("region", sa.String(40)),
        sa.Column("country", sa.String(2)),
        sa.Column("n_records", sa.Integer, nullable=False),
        sa.Column("n_defendant", sa.Integer, nullable=False),
        sa.Column("n_contract", sa.Integer, nullable=False),
        sa.Column("n_casualty", sa.Integer, nullable=False),
        sa.Column("has_verdict", sa.Boolean, nullable=False),
        sa.Column("died", sa.Boolean, nullable=False),
        sa.Column("conflict", sa.Boolean, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_table(
        "person_records",
        sa.Column("record_id", sa.String(160), primary_key=True),
        sa.Column(
            "person_id",
            sa.String(40),
            sa.ForeignKey("persons.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("record_kind", sa.String(16), nullable=False),
    )
    op.create_index("ix_person_records_person", "person_records", ["person_id"])


def downgrade() -> None:
    op.drop_index("ix_person_records_person", table_name="person_records")
    op.drop_table("person_records")
    op.drop_table("persons")
    op.drop_index("ix_match_judgements_records", table_name="match_judgements")
    op.drop_table("match_judgements")
    op.drop_table("match_pairs")
    op.drop_table("link_runs")
    op.drop_index("ix_list_records_name_key", table_name="list_records")
    op.drop_index("ix_list_records_source", table_name="list_records")
    op.drop_table("list_records")
    op.drop_table("list_sources")
