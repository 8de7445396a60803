"""The relational schema. Written for SQLite and PostgreSQL alike (no dialect-only types).

Migrations under ``migrations/versions`` create exactly these tables; a test checks the two
agree. Other stages (link, publish) add their tables to the same ``metadata`` in their own
modules and migrations.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("kind", String(16), nullable=False, default="other"),
    Column("language", String(8), nullable=False, default="other"),
    Column("format", String(16), nullable=False),
    Column("source_path", Text),
    Column("source_url", Text),
    Column("title", Text),
    Column("encoding", String(32)),
    Column("size_bytes", Integer, nullable=False),
    Column("metadata", JSON, nullable=False, default=dict),
    Column("offset_map", JSON, nullable=False, default=list),
    Column("text", Text, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

statements = Table(
    "statements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("subject", String(200), nullable=False),
    Column("property", String(64), nullable=False),
    Column("value", JSON),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE")),
    Column("span_start", Integer),
    Column("span_end", Integer),
    Column("extractor", String(64), nullable=False),
    Column("version", String(32), nullable=False),
    Column("confidence", Float, nullable=False, default=1.0),
    # machine | confirmed | corrected | rejected
    Column("status", String(16), nullable=False, default="machine"),
    Column("author", String(120)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_statements_subject_property", "subject", "property"),
    Index("ix_statements_document", "document_id"),
)

statement_history = Table(
    "statement_history",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("statement_id", Integer, ForeignKey("statements.id", ondelete="CASCADE"), nullable=False),
    Column("changed_by", String(120), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Column("old_value", JSON),
    Column("new_value", JSON),
    Column("old_status", String(16)),
    Column("new_status", String(16)),
    Column("note", Text),
)

extraction_runs = Table(
    "extraction_runs",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("extractor", String(64), primary_key=True),
    Column("version", String(32), nullable=False),
    Column("n_facts", Integer, nullable=False),
    Column("ran_at", DateTime(timezone=True), nullable=False),
)

# Materialised views over the accepted statements, rebuilt per document after extraction or
# review. Everything downstream (cases table, stats, exports) reads these.
cases = Table(
    "cases",
    metadata,
    Column("id", String(120), primary_key=True),  # "doc/<id>/case/<k>"
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("card", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("country", String(2)),
    Column("court", Text),
    Column("court_region", String(40)),
    Column("verdict_date", String(10)),
    Column("year", Integer),
    Column("case_number", String(120)),
    Column("procedure", String(32)),
    Column("outcome", String(32)),
    Column("confirmed", Boolean, nullable=False, default=False),
    Index("ix_cases_country_year", "country", "year"),
    UniqueConstraint("document_id", "card"),
)

defendants = Table(
    "defendants",
    metadata,
    Column("id", String(160), primary_key=True),  # "doc/<id>/case/<k>/defendant/<n>"
    Column("case_id", String(120), ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("name", Text),
    Column("name_key", Text),  # folded for case-insensitive Cyrillic search
    Column("birth_date", String(10)),
    Column("birth_year", Integer),
    Column("age", Integer),
    Column("region", String(40)),
    Column("citizenship", JSON, nullable=False, default=list),
    Column("charges", JSON, nullable=False, default=list),
    Column("articles", JSON, nullable=False, default=list),
    Column("sentence_type", String(32)),
    Column("sentence_months", Integer),
    Column("sentence_institution", String(32)),
    Column("sentence_suspended", Boolean),
    Column("probation_months", Integer),
    Column("additional_penalties", JSON, nullable=False, default=list),
    Column("formations", JSON, nullable=False, default=list),
    Column("recruitment", JSON, nullable=False, default=list),
    Column("motives", JSON, nullable=False, default=list),
    Column("wounded", Boolean),
    Column("deserted", Boolean),
    Column("russian_citizenship", Boolean),
    Column("return_how", String(32)),
    Column("confirmed", Boolean, nullable=False, default=False),
)
# The defendant columns that hold a list (JSON arrays): exports flatten them, analyses count
# each element.
DEFENDANT_LIST_COLUMNS = tuple(c.name for c in defendants.columns if isinstance(c.type, JSON))
