"""Stable pseudonyms: the same person gets the same pseudonym in every export and report.

A pseudonym is derived from a *person key*: the linked person's id when the linking stage
has put a defendant or a list record into a person, else a key of the record itself made from
the document's content hash (so it survives rebuilding the database from the same files).
``person_keys`` is the one place that decides which records are the same person.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass

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


def person_keys(conn: Connection) -> dict[str, str]:
    """Record id (``doc/3/case/0/defendant/1`` or a list record id ``list/2/17``) → person key.

    The one switch-over point to the linking stage: records it linked into a person share
    ``person:<id>``; every other record keeps a key of its own, made from its source file's
    content hash so it survives a rebuild of the database.
    """
    rows = conn.execute(
        select(
            defendants.c.id, defendants.c.case_id, defendants.c.idx, documents.c.sha256
        ).select_from(
            defendants.join(cases, cases.c.id == defendants.c.case_id).join(
                documents, documents.c.id == cases.c.document_id
            )
        )
    )
    keys = {r.id: "record:" + record_key(r.sha256, r.case_id, r.idx) for r in rows}
    tables = set(inspect(conn).get_table_names())
    if "list_records" in tables:
        from warcases.link.schema import list_records, list_sources

        q = select(list_records.c.id, list_records.c.row_number, list_sources.c.sha256).select_from(
            list_records.join(list_sources, list_sources.c.id == list_records.c.source_id)
        )
        keys.update({r.id: f"record:{r.sha256}/row/{r.row_number}" for r in conn.execute(q)})
    if "person_records" in tables:
        from warcases.link.schema import person_records

        q = select(person_records.c.record_id, person_records.c.person_id)
        keys.update({r.record_id: f"person:{r.person_id}" for r in conn.execute(q)})
    return keys
