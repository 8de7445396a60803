"""The linking stage's tables, added to ``warcases.store.schema.metadata``.

- ``list_sources``: one imported file (CSV/XLSX/PDF list of contracts or casualties), once per sha256
- ``list_records``: one row of such a file, cells kept raw, values normalised
- ``link_runs``: one run of ``warcases link`` (model version, counts)
- ``match_pairs``: a scored candidate pair of records, its machine judgement and explanation
- ``match_judgements``: a person's yes / no / unsure on a pair of records, with who and when;
  keyed by the two record ids, never touched by a re-run of ``warcases link``
- ``persons`` / ``person_records``: the clusters, rebuilt by each run and each judgement

A record id is a defendant id (``doc/3/case/0/defendant/1``) or a list record id
(``list/2/17``: source 2, row 17).
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
    String,
    Table,
    Text,
    UniqueConstraint,
)

from warcases.store.schema import metadata

list_sources = Table(
    "list_sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),  # contracts | casualties
    Column("country", String(2)),
    Column("format", String(8), nullable=False),  # csv | xlsx | pdf
    Column("path", Text),
    Column("source_url", Text),
    Column("encoding", String(32)),
    Column("column_map", JSON, nullable=False, default=dict),
    Column("n_rows", Integer, nullable=False),
    Column("n_records", Integer, nullable=False),
    Column("warnings", JSON, nullable=False, default=list),
    Column("imported_at", DateTime(timezone=True), nullable=False),
)

list_records = Table(
    "list_records",
    metadata,
    Column("id", String(64), primary_key=True),  # list/<source>/<row>
    Column("source_id", Integer, ForeignKey("list_sources.id", ondelete="CASCADE"), nullable=False),
    Column("row_number", Integer, nullable=False),
    Column("kind", String(16), nullable=False),  # contract | casualty
    Column("name", Text),
    Column("name_key", Text),  # match key in one Latin spelling, for search
    Column("surname", Text),
    Column("given", Text),
    Column("patronymic", Text),
    Column("birth_date", String(10)),
    Column("birth_year", Integer),
    Column("age", Integer),
    Column("contract_date", String(10)),
    Column("death_date", String(10)),
    Column("region_raw", Text),
    Column("region", String(40)),
    Column("country", String(2)),
    Column("unit", Text),
    Column("formations", JSON, nullable=False, default=list),
    Column("source_urls", JSON, nullable=False, default=list),
    Column("external_id", String(64)),
    Column("raw", JSON, nullable=False, default=dict),
    Index("ix_list_records_source", "source_id"),
    Index("ix_list_records_name_key", "name_key"),
)

link_runs = Table(
    "link_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("model_version", String(64), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("n_records", Integer, nullable=False, default=0),
    Column("n_pairs", Integer, nullable=False, default=0),
    Column("n_persons", Integer, nullable=False, default=0),
    Column("counts", JSON, nullable=False, default=dict),
)

match_pairs = Table(
    "match_pairs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("record_l", String(160), nullable=False),
    Column("record_r", String(160), nullable=False),
    Column("match_probability", Float, nullable=False),
    Column("match_weight", Float, nullable=False),
    Column("machine", String(8), nullable=False),  # yes | no | unsure
    Column("explanation", JSON, nullable=False, default=dict),
    Column("model_version", String(64), nullable=False),
    Column("run_id", Integer, ForeignKey("link_runs.id", ondelete="SET NULL")),
    Column("scored_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("record_l", "record_r", name="uq_match_pairs_records"),
)

match_judgements = Table(
    "match_judgements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("record_l", String(160), nullable=False),
    Column("record_r", String(160), nullable=False),
    Column("judgement", String(8), nullable=False),  # yes | no | unsure
    Column("author", String(120), nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    Column("note", Text),
    Index("ix_match_judgements_records", "record_l", "record_r"),
)

persons = Table(
    "persons",
    metadata,
    Column("id", String(40), primary_key=True),  # P + hash of the smallest content key of its records
    Column("name", Text),
    Column("name_key", Text),
    Column("birth_date", String(10)),
    Column("birth_year", Integer),
    Column("region", String(40)),
    Column("country", String(2)),
    Column("n_records", Integer, nullable=False),
    Column("n_defendant", Integer, nullable=False, default=0),
    Column("n_contract", Integer, nullable=False, default=0),
    Column("n_casualty", Integer, nullable=False, default=0),
    Column("has_verdict", Boolean, nullable=False, default=False),  # a verdict or news defendant
    Column("died", Boolean, nullable=False, default=False),
    Column("conflict", Boolean, nullable=False, default=False),  # a person said no inside the cluster
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

person_records = Table(
    "person_records",
    metadata,
    Column("record_id", String(160), primary_key=True),
    Column("person_id", String(40), ForeignKey("persons.id", ondelete="CASCADE"), nullable=False),
    Column("record_kind", String(16), nullable=False),  # verdict | news | contract | casualty
    Index("ix_person_records_person", "person_id"),
)

LINK_TABLES = (
    "list_sources",
    "list_records",
    "link_runs",
    "match_pairs",
    "match_judgements",
    "persons",
    "person_records",
)

__all__ = [
    "LINK_TABLES",
    "link_runs",
    "list_records",
    "list_sources",
    "match_judgements",
    "match_pairs",
    "person_records",
    "persons",
]
