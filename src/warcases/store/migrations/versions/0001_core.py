"""Core tables: documents, statements and their history, extraction runs, case views.

Revision ID: 0001_core
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_core"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("source_path", sa.Text),
        sa.Column("source_url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("encoding", sa.String(32)),
        sa.Column("size_bytes", sa.Integer, nullable=False),
        sa.Column("metadata", sa.JSON, nullable=False),
        sa.Column("offset_map", sa.JSON, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("ingested_at", TZ, nullable=False),
    )
    op.create_table(
        "statements",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("property", sa.String(64), nullable=False),
        sa.Column("value", sa.JSON),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE")),
        sa.Column("span_start", sa.Integer),
        sa.Column("span_end", sa.Integer),
        sa.Column("extractor", sa.String(64), nullable=False),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("author", sa.String(120)),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_index("ix_statements_subject_property", "statements", ["subject", "property"])
    op.create_index("ix_statements_document", "statements", ["document_id"])
    op.create_table(
        "statement_history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "statement_id",
            sa.Integer,
            sa.ForeignKey("statements.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("changed_by", sa.String(120), nullable=False),
        sa.Column("changed_at", TZ, nullable=False),
        sa.Column("old_value", sa.JSON),
        sa.Column("new_value", sa.JSON),
        sa.Column("old_status", sa.String(16)),
        sa.Column("new_status", sa.String(16)),
        sa.Column("note", sa.Text),
    )
    op.create_table(
        "extraction_runs",
        sa.Column(
            "document_id",
            sa.Integer,
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("extractor", sa.String(64), primary_key=True),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("n_facts", sa.Integer, nullable=False),
        sa.Column("ran_at", TZ, nullable=False),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.String(120), primary_key=True),
        sa.Column(
            "document_id",
            sa.Integer,
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("card", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("country", sa.String(2)),
        sa.Column("court", sa.Text),
        sa.Column("court_region", sa.String(40)),
        sa.Column("verdict_date", sa.String(10)),
        sa.Column("year", sa.Integer),
        sa.Column("case_number", sa.String(120)),
        sa.Column("procedure", sa.String(32)),
        sa.Column("outcome", sa.String(32)),
        sa.Column("confirmed", sa.Boolean, nullable=False),
        sa.UniqueConstraint("document_id", "card"),
    )
    op.create_index("ix_cases_country_year", "cases", ["country", "year"])
    op.create_table(
        "defendants",
        sa.Column("id", sa.String(160), primary_key=True),
        sa.Column(
            "case_id", sa.String(120), sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.Column("name", sa.Text),
        sa.Column("name_key", sa.Text),
        sa.Column("birth_date", sa.String(10)),
        sa.Column("birth_year", sa.Integer),
        sa.Column("age", sa.Integer),
        sa.Column("region", sa.String(40)),
        sa.Column("citizenship", sa.JSON, nullable=False),
        sa.Column("charges", sa.JSON, nullable=False),
        sa.Column("articles", sa.JSON, nullable=False),
        sa.Column("sentence_type", sa.String(32)),
        sa.Column("sentence_months", sa.Integer),
        sa.Column("sentence_institution", sa.String(32)),
        sa.Column("sentence_suspended", sa.Boolean),
        sa.Column("probation_months", sa.Integer),
        sa.Column("additional_penalties", sa.JSON, nullable=False),
        sa.Column("formations", sa.JSON, nullable=False),
        sa.Column("recruitment", sa.JSON, nullable=False),
        sa.Column("motives", sa.JSON, nullable=False),
        sa.Column("wounded", sa.Boolean),
        sa.Column("deserted", sa.Boolean),
        sa.Column("russian_citizenship", sa.Boolean),
        sa.Column("return_how", sa.String(32)),
        sa.Column("confirmed", sa.Boolean, nullable=False),
    )
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE documents_fts USING fts5("
            "title, text, content='documents', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 2')"
        )
    elif bind.dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_documents_fts ON documents "
            "USING gin (to_tsvector('simple', coalesce(title, '') || ' ' || text))"
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS documents_fts")
    for name in ("defendants", "cases", "extraction_runs", "statement_history", "statements"):
        op.drop_table(name)
    op.drop_table("documents")
