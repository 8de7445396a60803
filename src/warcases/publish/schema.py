"""The publish stage's own table, added to the shared ``metadata``.

``pseudonyms`` remembers every pseudonym given out, against the *record key* it was given to:
a key made from the record's source file (the document's or list file's sha256, then the card
and defendant number or the row), never a database row number, so a database rebuilt from the
same files finds the same keys. One row per (record, pseudonym): ``status`` is ``current`` for
the pseudonym the record shows now and ``alias`` for one it showed before (its person was
merged into an older one). ``seq`` orders the assignments (the oldest wins a merge).

The table is private: no export or report writes it out (``warcases export --pseudonyms FILE``
copies it to a file of the newsroom's choosing). Migration ``0005_pseudonyms`` creates it.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Index, Integer, String, Table

from warcases.store.schema import metadata

pseudonyms = Table(
    "pseudonyms",
    metadata,
    Column("record_key", String(200), primary_key=True),
    Column("pseudonym", String(64), primary_key=True),
    Column("status", String(8), nullable=False),  # current | alias
    Column("seq", Integer, nullable=False),
    Column("assigned_at", DateTime(timezone=True), nullable=False),
    Index("ix_pseudonyms_pseudonym", "pseudonym"),
)

PUBLISH_TABLES = ("pseudonyms",)
