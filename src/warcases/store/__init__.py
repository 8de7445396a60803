"""The store: SQLAlchemy schema, Alembic migrations, and the few operations stages share."""

from warcases.store.db import connect, open_store, resolve_url

__all__ = ["connect", "open_store", "resolve_url"]
