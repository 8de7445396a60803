"""Exports: CSV (a folder), XLSX, JSON and a Datasette-ready SQLite file, with table and column
descriptions, source and licence (``publish/columns.yaml``).

``--public`` output goes through the redaction policy and is then re-scanned for every
protected name and identifier in the database; a leak deletes what was written and fails
with the place it was found.

Every export first records the pseudonyms of everyone in the database (``pseudonyms.py``), so
the same person has the same pseudonym in this export and every later one. ``pseudonyms=FILE``
also reads that record from a private JSON file before (for a database rebuilt from the same
files) and writes it back after.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine

from warcases.publish.pseudonym_file import (
    Imported,
    PseudonymFileError,
    import_mapping,
    write_mapping,
)
from warcases.publish.pseudonyms import sync_pseudonyms
from warcases.publish.redact import Policy, Redactor, known_people, load_policy
from warcases.publish.rescan import check_output, sensitive_terms
from warcases.publish.tables import (
    FOREIGN_KEYS,
    LIST_COLUMNS,
    PRIMARY_KEYS,
    ExportTable,
    collect_tables,
)

FORMATS = ("csv", "xlsx", "json", "sqlite")
COLUMNS_FILE = Path(__file__).with_name("columns.yaml")
FIXED_TIME = dt.datetime(2000, 1, 1)  # XLSX document properties: no wall-clock time in output


@dataclass
class ExportResult:
    format: str
    paths: list[Path]
    rows: dict[str, int]
    public: bool
    imported: Imported | None = None  # what the pseudonym file added before the export
    mapping_rows: int | None = None  # pseudonym assignments written to the file after it


@lru_cache(maxsize=1)
def describe() -> dict[str, Any]:
    return yaml.safe_load(COLUMNS_FILE.read_text(encoding="utf-8"))


def datasette_metadata(db_name: str, tables: list[ExportTable], public: bool) -> dict[str, Any]:
    """Datasette ``metadata.json``: title, source, licence, table and column descriptions."""
    info = describe()
    desc = info.get("description", "")
    if public:
        desc = f"{desc} {info.get('public_note', '')}".strip()
    meta: dict[str, Any] = {
        k: info[k]
        for k in ("title", "license", "license_url", "source", "source_url")
        if info.get(k)
    }
    meta["description"] = desc
    meta["databases"] = {
        db_name: {
            "tables": {
                t.name: {
                    "description": info["tables"].get(t.name, {}).get("description", ""),
                    "columns": {
                        c: info["tables"].get(t.name, {}).get("columns", {}).get(c, "")
                        for c in t.columns
                    },
                }
                for t in tables
            }
        }
    }
    return meta


def export(
    engine: Engine,
    fmt: str,
    out: Path,
    *,
    public: bool = False,
    policy: Policy | None = None,
    pseudonyms: Path | None = None,
) -> ExportResult:
    """Write every table in ``fmt`` to ``out`` (a folder for csv, a file otherwise).

    ``pseudonyms``: a private mapping file; read first when it exists, rewritten afterwards.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    out = Path(out)
    policy = policy or load_policy()
    imported = None
    if pseudonyms is not None:
        pseudonyms = Path(pseudonyms)
        inside = (
            pseudonyms.resolve() == out.resolve() or out.resolve() in pseudonyms.resolve().parents
        )
        if inside:
            raise PseudonymFileError(
                f"{pseudonyms}: the pseudonym file is private and must not be written into the "
                f"export {out}; keep it elsewhere"
            )
        if pseudonyms.exists():
            with engine.begin() as conn:
                imported = import_mapping(conn, pseudonyms)
    sync_pseudonyms(engine, policy.scheme)
    redactor = None
    terms = None
    if public:
        with engine.connect() as conn:
            people = known_people(conn, policy)
            redactor = Redactor(policy, people)
            terms = sensitive_terms(conn, policy, people)
    tables = collect_tables(engine, redactor, policy.scheme)
    writer = {"csv": write_csv, "xlsx": write_xlsx, "json": write_json, "sqlite": write_sqlite}[fmt]
    paths = writer(tables, out, public)
    if terms is not None:
        try:
            check_output(paths, terms)
        except Exception:
            for p in paths:
                if p.is_dir():
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    p.unlink(missing_ok=True)
            raise
    mapping_rows = None
    if pseudonyms is not None:
        with engine.connect() as conn:
            mapping_rows = write_mapping(conn, pseudonyms)
    return ExportResult(
        fmt, paths, {t.name: len(t.rows) for t in tables}, public, imported, mapping_rows
    )


# --- cell encoding ---------------------------------------------------------------------------


def flat(value: Any) -> Any:
    """A cell for CSV/XLSX/SQLite: lists and dicts as JSON, booleans as 1/0."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


# --- writers ---------------------------------------------------------------------------------


def write_csv(tables: list[ExportTable], out: Path, public: bool) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    for t in tables:
        with (out / f"{t.name}.csv").open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(t.columns)
            for r in t.rows:
                w.writerow(["" if r.get(c) is None else flat(r.get(c)) for c in t.columns])
    meta = datasette_metadata(out.name, tables, public)
    (out / "metadata.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return [out]


def write_json(tables: list[ExportTable], out: Path, public: bool) -> list[Path]:
    out.parent.mkdir(parents=True, exist_ok=True)
    doc = {
        "metadata": datasette_metadata(out.stem, tables, public),
        "tables": {t.name: [{c: r.get(c) for c in t.columns} for r in t.rows] for t in tables},
    }
    out.write_text(
        json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8"
    )
    return [out]


def write_xlsx(tables: list[ExportTable], out: Path, public: bool) -> list[Path]:
    from openpyxl import Workbook

    out.parent.mkdir(parents=True, exist_ok=True)
    meta = datasette_metadata(out.stem, tables, public)
    wb = Workbook()
    about = wb.active
    about.title = "about"
    for key in ("title", "description", "source", "license", "license_url"):
        if meta.get(key):
            about.append([key, meta[key]])
    about.append([])
    about.append(["table", "column", "description"])
    for t in tables:
        tmeta = meta["databases"][out.stem]["tables"][t.name]
        about.append([t.name, "", tmeta["description"]])
        for c in t.columns:
            about.append([t.name, c, tmeta["columns"].get(c, "")])
    for t in tables:
        ws = wb.create_sheet(t.name[:31])
        ws.append(t.columns)
        for r in t.rows:
            ws.append([flat(r.get(c)) for c in t.columns])
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.creator = "warcases"
    wb.save(out)
    return [out]


def _sql_type(table: ExportTable, column: str) -> str:
    values = [r.get(column) for r in table.rows if r.get(column) is not None]
    if column in LIST_COLUMNS or any(isinstance(v, (str, list, dict)) for v in values):
        return "TEXT"
    if values and all(isinstance(v, (bool, int)) for v in values):
        return "INTEGER"
    if values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "REAL"
    return "TEXT"


def write_sqlite(tables: list[ExportTable], out: Path, public: bool) -> list[Path]:
    """One SQLite file for Datasette, with primary and foreign keys, plus ``<stem>.metadata.json``.

    The descriptions also travel inside the file, in the table ``_about``.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    meta = datasette_metadata(out.stem, tables, public)
    con = sqlite3.connect(out)
    try:
        for t in tables:
            cols = []
            for c in t.columns:
                decl = f'"{c}" {_sql_type(t, c)}'
                if PRIMARY_KEYS.get(t.name) == c:
                    decl += " PRIMARY KEY"
                cols.append(decl)
            for c, (ref_t, ref_c) in FOREIGN_KEYS.get(t.name, {}).items():
                if c in t.columns:
                    cols.append(f'FOREIGN KEY ("{c}") REFERENCES "{ref_t}"("{ref_c}")')
            con.execute(f'CREATE TABLE "{t.name}" ({", ".join(cols)})')
            marks = ", ".join("?" for _ in t.columns)
            con.executemany(
                f'INSERT INTO "{t.name}" VALUES ({marks})',
                [[flat(r.get(c)) for c in t.columns] for r in t.rows],
            )
            for c in FOREIGN_KEYS.get(t.name, {}):
                if c in t.columns:
                    con.execute(f'CREATE INDEX "ix_{t.name}_{c}" ON "{t.name}"("{c}")')
        con.execute(
            'CREATE TABLE "_about" ("table_name" TEXT, "column_name" TEXT, "description" TEXT)'
        )
        rows = [
            ("", key, str(meta[key]))
            for key in ("title", "description", "source", "license", "license_url")
            if meta.get(key)
        ]
        for name, tmeta in meta["databases"][out.stem]["tables"].items():
            rows.append((name, "", tmeta["description"]))
            rows.extend((name, c, d) for c, d in tmeta["columns"].items())
        con.executemany('INSERT INTO "_about" VALUES (?, ?, ?)', rows)
        con.commit()
    finally:
        con.close()
    meta_path = out.with_name(f"{out.stem}.metadata.json")
    meta_path.write_text(
        json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return [out, meta_path]
