"""The linking tables: the migration creates exactly what ``link/schema.py`` declares."""

from __future__ import annotations

from sqlalchemy import inspect

from warcases.link.schema import LINK_TABLES
from warcases.store.schema import metadata


def test_migration_creates_the_link_tables_as_declared(engine):
    insp = inspect(engine)
    assert set(LINK_TABLES) <= set(insp.get_table_names())
    for table in LINK_TABLES:
        cols = {c["name"] for c in insp.get_columns(table)}
        assert cols == set(metadata.tables[table].columns.keys()), table


def test_revision_chain():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "src/warcases/store/migrations/versions/0002_link.py"
    spec = importlib.util.spec_from_file_location("m0002", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert (mod.revision, mod.down_revision) == ("0002_link", "0001_core")
