"""PostgreSQL full-text index folds ё to е, like the SQLite one (search "елкин" finds "Ёлкин").

Revision ID: 0004_search_fold
Revises: 0003_publish
"""

from alembic import op

revision = "0004_search_fold"
down_revision = "0003_publish"
branch_labels = None
depends_on = None

OLD = "to_tsvector('simple', coalesce(title, '') || ' ' || text)"
# Must stay identical to warcases.store.repo.PG_FTS_VECTOR, or the index is not used.
NEW = "to_tsvector('simple', translate(coalesce(title, '') || ' ' || text, 'ёЁ', 'еЕ'))"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_documents_fts")
        op.execute(f"CREATE INDEX ix_documents_fts ON documents USING gin (({NEW}))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_documents_fts")
        op.execute(f"CREATE INDEX ix_documents_fts ON documents USING gin ({OLD})")
