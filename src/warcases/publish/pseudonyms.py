"""Stable pseudonyms: the same person gets the same pseudonym in every export and report, and
keeps it when the database is re-linked, grows, or is rebuilt from the same files.

Every record (a defendant of a verdict or news card, a row of a contract or casualty list) has a
*record key* made from its source file's content hash, never from database row numbers. The
table ``pseudonyms`` (``publish/schema.py``) stores each pseudonym given out against the record
keys it was given to; :func:`sync_pseudonyms` brings it up to date and every export calls it.

The rules, applied by :func:`plan` to the linking stage's current clusters:

- a record that has a pseudonym keeps it while its person does;
- a new record joining a person takes the person's pseudonym;
- when clusters merge, the merged person keeps the pseudonym of its oldest assigned record; the
  others become *aliases* of their records and are never given to anyone else;
- when a cluster splits, the part holding the oldest record of the pseudonym keeps it; the other
  part takes back a record's own earlier pseudonym if it had one nobody holds now (a wrong link
  undone restores the old name), or else is given a new one;
- a person seen for the first time is given one derived from their first record (ingestion or
  import time, then the record key), as before pseudonyms were stored.

Planning only reads, so the same database always gives the same pseudonyms; nothing is ever
given twice. ``person_keys`` is the one place that decides which records are the same person.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, and_, insert, inspect, select, update
from sqlalchemy.exc import IntegrityError

from warcases.publish.schema import pseudonyms as pseudonym_table
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


def display(
    name: str | None, person_key: str, scheme: PseudonymScheme, pseudonym: str | None = None
) -> str:
    """Initials plus pseudonym: 'Б.А.С. [P-4K7Q2M]' (the stored one when given)."""
    ini = initials(name)
    shown = pseudonym or scheme(person_key)
    return f"{ini} [{shown}]" if ini else f"[{shown}]"


def record_key(sha256: str, case_id: str, defendant_idx: int | None = None) -> str:
    """Key of one defendant record, independent of database row numbers."""
    card = case_id.split("/case/", 1)[1].split("/", 1)[0] if "/case/" in case_id else "0"
    key = f"{sha256}/case/{card}"
    return key if defendant_idx is None else f"{key}/defendant/{defendant_idx}"


def _when(value: Any) -> str:
    """A timestamp as a sortable UTC string ('' when unknown), whatever the database returned."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat()
    return str(value)


# --- what the database holds ------------------------------------------------------------------


@dataclass(frozen=True)
class Stored:
    """One row of the ``pseudonyms`` table."""

    record_key: str
    pseudonym: str
    status: str  # current | alias
    seq: int


def _records(conn: Connection, tables: set[str]) -> dict[str, tuple[str, str]]:
    """Record id → (record key, when it entered the database)."""
    q = select(
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
    out = {
        r.id: (record_key(r.sha256, r.case_id, r.idx), _when(r.ingested_at))
        for r in conn.execute(q)
    }
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
            out[r.id] = (f"{r.sha256}/row/{r.row_number}", _when(r.imported_at))
    return out


def _clusters(conn: Connection, tables: set[str], records: dict[str, Any]) -> list[list[str]]:
    """The linking stage's persons as lists of record ids; everyone else on their own."""
    members: dict[str, list[str]] = {}
    if "person_records" in tables:
        from warcases.link.schema import person_records

        q = select(person_records.c.record_id, person_records.c.person_id)
        for r in conn.execute(q):
            if r.record_id in records:
                members.setdefault(r.person_id, []).append(r.record_id)
    linked = {rid for group in members.values() for rid in group}
    return [*members.values(), *([rid] for rid in records if rid not in linked)]


def stored(conn: Connection) -> list[Stored]:
    """Every row of the ``pseudonyms`` table (none before migration 0005)."""
    if "pseudonyms" not in inspect(conn).get_table_names():
        return []
    t = pseudonym_table
    q = select(t.c.record_key, t.c.pseudonym, t.c.status, t.c.seq).order_by(t.c.seq, t.c.record_key)
    return [Stored(r.record_key, r.pseudonym, r.status, int(r.seq)) for r in conn.execute(q)]


# --- planning ---------------------------------------------------------------------------------


@dataclass
class Assignment:
    """Who is who and what they are called, plus the rows that would record it."""

    keys: dict[str, str]  # record id -> person key ("record:<record key of the anchor>")
    names: dict[str, str]  # person key -> pseudonym
    record_keys: dict[str, str]  # record id -> record key
    inserts: list[Stored] = field(default_factory=list)
    to_alias: list[tuple[str, str]] = field(default_factory=list)  # (record key, pseudonym)
    to_current: list[tuple[str, str]] = field(default_factory=list)

    def pseudonym(self, record_id: str) -> str | None:
        key = self.keys.get(record_id)
        return self.names.get(key) if key else None

    @property
    def changes(self) -> int:
        return len(self.inserts) + len(self.to_alias) + len(self.to_current)


def plan(
    records: dict[str, tuple[str, str]],
    clusters: list[list[str]],
    rows: list[Stored],
    scheme: PseudonymScheme,
) -> Assignment:
    """Apply the rules of this module to clusters of records and what the table holds.

    ``records``: record id → (record key, entry time); ``clusters``: lists of record ids.
    Pure and deterministic: the same inputs give the same answer and the same rows to write.
    """
    rkey = {rid: records[rid][0] for rid in records}
    order = {rid: (records[rid][1], records[rid][0]) for rid in records}
    groups = sorted(
        (sorted(c, key=order.__getitem__) for c in clusters if c), key=lambda c: order[c[0]]
    )
    cluster_of = {rkey[rid]: n for n, group in enumerate(groups) for rid in group}
    current: dict[str, Stored] = {}
    history: dict[str, list[Stored]] = {}
    for row in rows:
        history.setdefault(row.record_key, []).append(row)
        if row.status == "current":
            current[row.record_key] = row
    used = {row.pseudonym for row in rows}
    won: dict[int, str] = {}
    taken: set[str] = set()

    def award(n: int, pseudonym: str) -> None:
        won[n] = pseudonym
        taken.add(pseudonym)

    # 1. what the records show now, oldest assignment first: a merged person keeps the oldest,
    #    and of two parts of a split person the one with the pseudonym's oldest record keeps it
    for row in sorted(current.values(), key=lambda r: (r.seq, r.record_key)):
        n = cluster_of.get(row.record_key)
        if n is not None and n not in won and row.pseudonym not in taken:
            award(n, row.pseudonym)
    # 2. a part left without one takes back a member's own earlier pseudonym nobody holds now
    for n, group in enumerate(groups):
        if n in won:
            continue
        earlier = sorted(
            (r for rid in group for r in history.get(rkey[rid], []) if r.status == "alias"),
            key=lambda r: (r.seq, r.record_key),
        )
        free = next((r.pseudonym for r in earlier if r.pseudonym not in taken), None)
        if free is not None:
            award(n, free)
    # 3. everyone else is new: a pseudonym from their first record, never one given before
    for n, group in enumerate(groups):
        if n in won:
            continue
        base = "record:" + rkey[group[0]]
        candidate, k = scheme(base), 1
        while candidate in used or candidate in taken:
            k += 1
            candidate = scheme(f"{base}#{k}")
        award(n, candidate)

    out = Assignment({}, {}, rkey)
    seq = max((row.seq for row in rows), default=0)
    now_holding: dict[str, int] = {}  # record key -> seq of the pseudonym it holds afterwards
    for n, group in enumerate(groups):
        name = won[n]
        # members in entry order: a new person's first record, whose key the pseudonym was
        # made from, gets the lowest number and stays the anchor
        for rid in group:
            k = rkey[rid]
            cur = current.get(k)
            mine = next((r for r in history.get(k, []) if r.pseudonym == name), None)
            if cur is not None and cur.pseudonym == name:
                now_holding[k] = cur.seq
                continue
            if cur is not None:
                out.to_alias.append((k, cur.pseudonym))
            if mine is not None:
                out.to_current.append((k, name))
                now_holding[k] = mine.seq
            else:
                seq += 1
                out.inserts.append(Stored(k, name, "current", seq))
                now_holding[k] = seq
        anchor = min(group, key=lambda rid: (now_holding[rkey[rid]], rkey[rid]))
        person = "record:" + rkey[anchor]
        out.names[person] = name
        for rid in group:
            out.keys[rid] = person
    return out


def assign(conn: Connection, scheme: PseudonymScheme | None = None) -> Assignment:
    """The pseudonyms of everyone in the database as they are (or would be once recorded)."""
    tables = set(inspect(conn).get_table_names())
    records = _records(conn, tables)
    return plan(
        records, _clusters(conn, tables, records), stored(conn), scheme or PseudonymScheme()
    )


def person_keys(conn: Connection) -> dict[str, str]:
    """Record id (``doc/3/case/0/defendant/1`` or a list record id ``list/2/17``) → person key.

    Records the linking stage put into one person share a key; everyone else has their own.
    The key names the record the person's pseudonym is anchored to, not the linker's person id.
    """
    return assign(conn).keys


def _write(conn: Connection, todo: Assignment) -> None:
    t = pseudonym_table
    now = dt.datetime.now(dt.UTC)
    for status, pairs in (("alias", todo.to_alias), ("current", todo.to_current)):
        for k, name in pairs:
            conn.execute(
                update(t)
                .where(and_(t.c.record_key == k, t.c.pseudonym == name))
                .values(status=status)
            )
    if todo.inserts:
        conn.execute(
            insert(t),
            [
                {
                    "record_key": r.record_key,
                    "pseudonym": r.pseudonym,
                    "status": r.status,
                    "seq": r.seq,
                    "assigned_at": now,
                }
                for r in todo.inserts
            ],
        )


def sync_pseudonyms(engine: Engine, scheme: PseudonymScheme | None = None) -> Assignment:
    """Record the pseudonyms of everyone now in the database (idempotent).

    Two exports running at once may both try to record the same new rows; the loser plans again.
    """
    for attempt in range(3):
        try:
            with engine.begin() as conn:
                todo = assign(conn, scheme)
                if todo.changes:
                    _write(conn, todo)
                return todo
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")
