"""People across sources: defendants, and the list and casualty records of the linking stage
(its tables ``list_records``, ``persons``, ``person_records``; absent until it has run).

``list_people`` is what redaction and the re-scan read, ``persons_rows`` what the ``persons``
export table is built from: one row per person key, so a linked person is one row and
everyone else is a row of their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, inspect, select

from warcases.publish.redact import Person
from warcases.store.schema import cases, defendants

if TYPE_CHECKING:
    from warcases.publish.pseudonyms import Assignment

LIST_ROLES = {"contract": "list_person", "casualty": "casualty"}


def _tables(conn: Connection) -> set[str]:
    return set(inspect(conn).get_table_names())


def list_people(conn: Connection, given: Assignment | None = None) -> list[Person]:
    """Everyone named in imported lists and casualty records, with role, person key and
    pseudonym (``given``: the store's assignment, when the caller already has it)."""
    if "list_records" not in _tables(conn):
        return []
    from warcases.link.schema import list_records
    from warcases.publish.pseudonyms import assign

    given = given or assign(conn)
    keys = given.keys
    people = []
    q = select(
        list_records.c.id,
        list_records.c.kind,
        list_records.c.name,
        list_records.c.surname,
        list_records.c.given,
        list_records.c.patronymic,
    ).order_by(list_records.c.id)
    for r in conn.execute(q):
        role = LIST_ROLES.get(r.kind, "list_person")
        key = keys.get(r.id, r.id)
        composed = " ".join(p for p in (r.surname, r.given, r.patronymic) if p)
        for name in dict.fromkeys(n for n in (r.name, composed) if n):
            people.append(Person(name, key, role, given.names.get(key)))
    return people


def list_texts(conn: Connection) -> list[str]:
    """Every raw cell of the imported list records, for the identifier re-scan."""
    if "list_records" not in _tables(conn):
        return []
    from warcases.link.schema import list_records

    texts: list[str] = []
    for (raw,) in conn.execute(select(list_records.c.raw).order_by(list_records.c.id)):
        if isinstance(raw, dict):
            texts.extend(str(v) for v in raw.values() if v not in (None, ""))
    return texts


def persons_rows(conn: Connection, keys: dict[str, str]) -> list[dict[str, Any]]:
    """One row per person key: name, birth year, region, role and the records behind it."""
    def rows(table: Any, kind: Any, role: Any) -> list[dict[str, Any]]:
        q = select(table.c.id, table.c.name, table.c.birth_year, table.c.region, kind)
        if table is defendants:
            q = q.select_from(defendants.join(cases, cases.c.id == defendants.c.case_id))
        return [
            {"id": r.id, "name": r.name, "birth_year": r.birth_year, "region": r.region,
             "source": r.kind, "role": role(r.kind)}
            for r in conn.execute(q)
        ]

    records = rows(defendants, cases.c.kind, lambda _kind: "defendant")
    tables = _tables(conn)
    if "list_records" in tables:
        from warcases.link.schema import list_records

        records += rows(
            list_records, list_records.c.kind, lambda kind: LIST_ROLES.get(kind, "list_person")
        )
    linked: dict[str, dict[str, Any]] = {}
    if "persons" in tables:
        from warcases.link.schema import persons

        for row in conn.execute(
            select(persons.c.id, persons.c.name, persons.c.birth_year, persons.c.region)
        ):
            linked[f"person:{row.id}"] = {
                "name": row.name,
                "birth_year": row.birth_year,
                "region": row.region,
            }
    grouped: dict[str, dict[str, Any]] = {}
    for rec in sorted(records, key=lambda r: _order(r["id"])):
        key = keys.get(rec["id"], rec["id"])
        p = grouped.setdefault(
            key,
            {
                "person_key": key,
                "name": None,
                "birth_year": None,
                "region": None,
                "records": [],
                "sources": [],
                "role": rec["role"],
            },
        )
        p["records"].append(rec["id"])
        if rec["source"] not in p["sources"]:
            p["sources"].append(rec["source"])
        if rec["role"] == "defendant":
            p["role"] = "defendant"
        for f in ("name", "birth_year", "region"):
            p[f] = p[f] if p[f] is not None else rec[f]
    rows: list[dict[str, Any]] = []
    for key in sorted(grouped):
        p = grouped[key]
        for f, v in linked.get(key, {}).items():
            p[f] = v if v is not None else p[f]
        p["sources"] = sorted(p["sources"])
        p["n_records"] = len(p["records"])
        rows.append(p)
    return rows


def _order(ident: str) -> tuple:
    return tuple((0, int(x)) if x.isdigit() else (1, x) for x in str(ident).split("/"))
