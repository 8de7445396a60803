"""Stable pseudonyms: the same person gets the same pseudonym in every export and report.

A pseudonym is derived from a *person key*: a key of one record made from its source file's
content hash (so it survives rebuilding the database from the same files). When the linking
stage has put several records into one person, they all share the key of the person's first
record (the one that entered the database first), never the person's id, which the linker
rebuilds on every run. ``person_keys`` is the one place that decides which records are the same
person.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, inspect, select

from warcases.store.schema import cases, defendants, documents

_INITIAL = re.compile(r"^[^\W\d_]\.?$")


@dataclass(frozen=True)
class PseudonymScheme:
    prefix: str = "P-"
    length: int = 6
    salt: str = ""

    def __call__(self, person_key: str) -> str:
        digest = hashlib.sha256(f"{self.salt}\x00warcases-person\x00{person_key}".encode()).digest()
        return self.prefix + base64.b32encode(digest).decode("ascii")[: self.length]


def initials(name: str | None) -> str:
    """'Бекболатов Арман Серикович' → 'Б.А.С.'; 'А.Х.' stays; '' for no name."""
    if not name:
        return ""
    parts = [p for p in re.split(r"[\s.]+", name) if p]
    letters = []
    for part in parts:
        for piece in part.split("-"):
            m = re.search(r"[^\W\d_]", piece)
            if m:
                letters.append(m.group(0).upper())
    return "".join(f"{c}." for c in letters)


def display(name: str | None, person_key: str, scheme: PseudonymScheme) -> str:
    """Initials plus pseudonym: 'Б.А.С. [P-4K7Q2M]'."""
    ini = initials(name)
    return f"{ini} [{scheme(person_key)}]" if ini else f"[{scheme(person_key)}]"


def record_key(sha256: str, case_id: str, defendant_idx: int | None = None) -> str:
    """Key of one defendant record, independent of database row numbers."""
    card = case_id.split("/case/", 1)[1].split("/", 1)[0] if "/case/" in case_id else "0"
    key = f"{sha256}/case/{card}"
    return key if defendant_idx is None else f"{key}/defendant/{defendant_idx}"


def _when(value: Any) -> str:
    """A timestamp as a sortable UTC string ('' when unknown), whatever the database returned."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value.isoformat()
    return str(value)


def person_keys(conn: Connection) -> dict[str, str]:
    """Record id (``doc/3/case/0/defendant/1`` or a list record id ``list/2/17``) → person key.

    The one switch-over point to the linking stage. Every record has a key of its own made from
    its source file's content hash (so it survives a rebuild of the database from the same
    files). Records the linking stage put into one person all take the key of that person's
    *anchor*: the member that entered the database first (ingestion or import time, then the
    record key). The anchor does not depend on the person's id or on the order the linker
    numbers clusters, and a record joining later never displaces it, so a person keeps their
    pseudonym when new verdicts, lists or casualty records are linked to them; a person first
    seen alone keeps the pseudonym they had before linking. Only when the anchor record itself
    leaves the cluster (a person splits a wrong link) does the rest get a new one.
    """
    rows = conn.execute(
        select(
            defendants.c.id,
            defendants.c.case_id,
            defendants.c.idx,
            documents.c.sha256,
            documents.c.ingested_at,
        ).select_from(
            defendants.join(cases, cases.c.id == defendants.c.case_id).join(
                documents, documents.c.id == cases.c.document_id
            )
        )
    )
    keys: dict[str, str] = {}
    seen_at: dict[str, str] = {}
    for r in rows:
        keys[r.id] = "record:" + record_key(r.sha256, r.case_id, r.idx)
        seen_at[r.id] = _when(r.ingested_at)
    tables = set(inspect(conn).get_table_names())
    if "list_records" in tables:
        from warcases.link.schema import list_records, list_sources

        q = select(
            list_records.c.id,
            list_records.c.row_number,
            list_sources.c.sha256,
            list_sources.c.imported_at,
        ).select_from(
            list_records.join(list_sources, list_sources.c.id == list_records.c.source_id)
        )
        for r in conn.execute(q):
            keys[r.id] = f"record:{r.sha256}/row/{r.row_number}"
            seen_at[r.id] = _when(r.imported_at)
    if "person_records" in tables:
        from warcases.link.schema import person_records

        members: dict[str, list[str]] = {}
        q = select(person_records.c.record_id, person_records.c.person_id)
        for r in conn.execute(q):
            if r.record_id in keys:
                members.setdefault(r.person_id, []).append(r.record_id)
        for records in members.values():
            anchor = min(records, key=lambda rid: (seen_at.get(rid, ""), keys[rid]))
            for rid in records:
                keys[rid] = keys[anchor]
    return keys
