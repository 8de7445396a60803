"""The tables an export contains, read from the store and, for public output, redacted.

cases, defendants, charges, sentences, persons, statements (with the passage each value came
from), documents (metadata only) and official_stats. Rows are sorted, so the same database
always gives the same export.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, select

from warcases.analyze.schema import official_stats
from warcases.publish.people import persons_rows
from warcases.publish.pseudonyms import Assignment, PseudonymScheme, assign
from warcases.publish.redact import Redactor, load_policy
from warcases.store.schema import (
    DEFENDANT_LIST_COLUMNS,
    cases,
    defendants,
    documents,
    statements,
)

QUOTE_WIDTH = 200
LIST_COLUMNS = (*DEFENDANT_LIST_COLUMNS, "records", "sources")

# Links between export tables (Datasette shows them as links): table -> column -> (table, column)
FOREIGN_KEYS: dict[str, dict[str, tuple[str, str]]] = {
    "cases": {"document_id": ("documents", "id")},
    "defendants": {"case_id": ("cases", "id")},
    "charges": {"defendant_id": ("defendants", "id"), "case_id": ("cases", "id")},
    "sentences": {"defendant_id": ("defendants", "id"), "case_id": ("cases", "id")},
    "statements": {"document_id": ("documents", "id")},
}
PRIMARY_KEYS = {
    "cases": "id",
    "defendants": "id",
    "documents": "id",
    "statements": "id",
    "official_stats": "id",
    "persons": "person_key",
    "sentences": "defendant_id",
}


@dataclass
class ExportTable:
    name: str
    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)


def quote(text: str, start: int | None, end: int | None, width: int = QUOTE_WIDTH) -> str:
    """The line of the document holding a span, cut to ``width`` characters either side."""
    if not text or start is None or end is None:
        return ""
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    left, right = max(left, start - width), min(right, end + width)
    return " ".join(text[left:right].split())


def collect_tables(
    engine: Engine, redactor: Redactor | None = None, scheme: PseudonymScheme | None = None
) -> list[ExportTable]:
    """Every export table; names and text redacted when a ``redactor`` is given (public output).

    Pseudonyms are the store's (``sync_pseudonyms`` records them; ``export`` calls it first).
    """
    scheme = scheme or (redactor.policy.scheme if redactor else load_policy().scheme)
    with engine.connect() as conn:
        given = assign(conn, scheme)
        tables = [
            _documents(conn),
            _cases(conn),
            *_defendant_tables(conn, given, redactor),
            _persons(conn, given, redactor),
            _statements(conn, given, redactor),
            _official(conn),
        ]
    if redactor is not None:
        for table in tables:
            _redact_columns(table, redactor)
            _opaque_person_keys(table, given, scheme)
    return tables


def _opaque_person_keys(table: ExportTable, given: Assignment, scheme: PseudonymScheme) -> None:
    """In public output a person key is the person's pseudonym: the internal key names the
    source file's hash, which would let anyone holding the file find the person."""
    if "person_key" not in table.columns:
        return
    for row in table.rows:
        key = row.get("person_key")
        if key:
            row["person_key"] = given.names.get(key) or scheme(key)


def _rows(conn: Connection, query: Any) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in conn.execute(query)]


def _documents(conn: Connection) -> ExportTable:
    cols = ["id", "kind", "language", "format", "title", "source_url", "source_path", "sha256"]
    rows = _rows(conn, select(*[documents.c[c] for c in cols]).order_by(documents.c.id))
    return ExportTable("documents", cols, rows)


def _cases(conn: Connection) -> ExportTable:
    cols = [c.name for c in cases.columns] + ["source_url", "source_title"]
    q = (
        select(cases, documents.c.source_url, documents.c.title.label("source_title"))
        .select_from(cases.join(documents, documents.c.id == cases.c.document_id))
        .order_by(cases.c.document_id, cases.c.card)
    )
    return ExportTable("cases", cols, _rows(conn, q))


def _defendant_tables(
    conn: Connection, given: Assignment, redactor: Redactor | None
) -> list[ExportTable]:
    keys = given.keys
    q = select(defendants).order_by(defendants.c.case_id, defendants.c.idx)
    rows = sorted(_rows(conn, q), key=lambda r: _id_order(r["id"]))
    human = _human(conn)
    base = [c.name for c in defendants.columns if c.name != "name_key"]
    cols = base[:3] + ["person_key", "pseudonym"] + base[3:]
    out, charges_rows, sentence_rows = [], [], []
    for r in rows:
        key = keys.get(r["id"], r["id"])
        r.pop("name_key", None)
        r["person_key"] = key
        r["pseudonym"] = given.names.get(key)
        if redactor is not None:
            r["name"] = redactor.name(r["name"], key, "defendant", r["pseudonym"])
        out.append({c: r.get(c) for c in cols})
        confirmed_charges = "charges" in human.get(r["id"], set())
        for charge in r["charges"] or []:
            parts = str(charge).split(":") + [None, None, None]
            charges_rows.append(
                {
                    "defendant_id": r["id"],
                    "case_id": r["case_id"],
                    "charge": charge,
                    "code": parts[0],
                    "article": parts[1],
                    "part": parts[2],
                    "point": parts[3],
                    "confirmed": confirmed_charges,
                }
            )
        if r["sentence_type"] is not None or r["sentence_months"] is not None:
            sentence_rows.append(
                {
                    "defendant_id": r["id"],
                    "case_id": r["case_id"],
                    "type": r["sentence_type"],
                    "months": r["sentence_months"],
                    "institution": r["sentence_institution"],
                    "suspended": r["sentence_suspended"],
                    "probation_months": r["probation_months"],
                    "additional_penalties": r["additional_penalties"],
                    "confirmed": "sentence.months" in human.get(r["id"], set()),
                }
            )
    return [
        ExportTable("defendants", cols, out),
        ExportTable(
            "charges",
            ["defendant_id", "case_id", "charge", "code", "article", "part", "point", "confirmed"],
            charges_rows,
        ),
        ExportTable(
            "sentences",
            [
                "defendant_id",
                "case_id",
                "type",
                "months",
                "institution",
                "suspended",
                "probation_months",
                "additional_penalties",
                "confirmed",
            ],
            sentence_rows,
        ),
    ]


def _human(conn: Connection) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    q = select(statements.c.subject, statements.c.property).where(
        statements.c.status.in_(("confirmed", "corrected"))
    )
    for subject, prop in conn.execute(q):
        out.setdefault(subject, set()).add(prop)
    return out


def _persons(conn: Connection, given: Assignment, redactor: Redactor | None) -> ExportTable:
    cols = [
        "person_key",
        "pseudonym",
        "name",
        "birth_year",
        "region",
        "role",
        "n_records",
        "records",
        "sources",
    ]
    rows = persons_rows(conn, given.keys)
    for p in rows:
        p["pseudonym"] = given.names.get(p["person_key"])
        if redactor is not None:
            p["name"] = redactor.name(p["name"], p["person_key"], p["role"], p["pseudonym"])
    return ExportTable("persons", cols, [{c: p.get(c) for c in cols} for p in rows])


def _statements(conn: Connection, given: Assignment, redactor: Redactor | None) -> ExportTable:
    keys = given.keys
    cols = [
        "id",
        "subject",
        "property",
        "value",
        "status",
        "author",
        "confidence",
        "extractor",
        "version",
        "document_id",
        "span_start",
        "span_end",
        "quote",
        "created_at",
        "updated_at",
    ]
    rows = []
    text_id, text = None, ""
    q = select(statements).order_by(statements.c.document_id, statements.c.id)
    for s in conn.execute(q):
        r = dict(s._mapping)
        if r["document_id"] != text_id:
            text_id = r["document_id"]
            text = (
                conn.execute(select(documents.c.text).where(documents.c.id == text_id)).scalar()
                or ""
            )
        r["quote"] = quote(text, r["span_start"], r["span_end"])
        for stamp in ("created_at", "updated_at"):
            r[stamp] = r[stamp].isoformat() if r[stamp] is not None else None
        if redactor is not None:
            role = redactor.policy.properties.get(r["property"])
            if role and isinstance(r["value"], str):
                key = (
                    keys.get(r["subject"], r["subject"])
                    if role == "defendant"
                    else f"{r['subject']}/{r['property']}"
                )
                r["value"] = redactor.name(r["value"], key, role, given.names.get(key))
            else:
                r["value"] = _redact_value(r["value"], redactor)
        rows.append({c: r.get(c) for c in cols})
    rows.sort(key=lambda r: int(r["id"] or 0))
    return ExportTable("statements", cols, rows)


def _redact_value(value: Any, redactor: Redactor) -> Any:
    if isinstance(value, str):
        return redactor.text(value)
    if isinstance(value, list):
        return [_redact_value(v, redactor) for v in value]
    if isinstance(value, dict):
        return {k: _redact_value(v, redactor) for k, v in value.items()}
    return value


def _official(conn: Connection) -> ExportTable:
    cols = [c.name for c in official_stats.columns]
    return ExportTable(
        "official_stats", cols, _rows(conn, select(official_stats).order_by(official_stats.c.id))
    )


_DONE = {("defendants", "name"), ("persons", "name"), ("statements", "value")}
# Identifiers, keys and codes: never free text, so never rewritten (a hash must stay a hash).
STRUCTURAL = frozenset(
    {
        "id",
        "case_id",
        "defendant_id",
        "document_id",
        "subject",
        "person_key",
        "pseudonym",
        "sha256",
        "records",
        "sources",
        "role",
        "property",
        "status",
        "extractor",
        "version",
        "kind",
        "language",
        "format",
        "country",
        "court_region",
        "region",
        "verdict_date",
        "year",
        "procedure",
        "outcome",
        "charge",
        "code",
        "article",
        "part",
        "point",
        "type",
        "institution",
        "sentence_type",
        "sentence_institution",
        "return_how",
        "jurisdiction",
        "indicator",
        "period",
        "period_start",
        "period_end",
        "qualifier",
        "unit",
        "date_published",
        "created_at",
        "updated_at",
        "source_file",
    }
)


def _redact_columns(table: ExportTable, redactor: Redactor) -> None:
    """Apply the policy's column actions; free text loses identifiers and protected names."""
    policy = redactor.policy
    for col in list(table.columns):
        if (table.name, col) in _DONE:
            continue
        action = policy.column(table.name, col, default="keep" if col in STRUCTURAL else "text")
        if action == "drop":
            table.columns.remove(col)
            for r in table.rows:
                r.pop(col, None)
        elif action == "year_only":
            for r in table.rows:
                if isinstance(r.get(col), str):
                    r[col] = r[col][:4]
        elif action == "text":
            for r in table.rows:
                if isinstance(r.get(col), str):
                    r[col] = redactor.text(r[col])


def _id_order(ident: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in str(ident).split("/"))
