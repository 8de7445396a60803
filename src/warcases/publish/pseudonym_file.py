"""The private pseudonym file (``warcases export --pseudonyms FILE``): the ``pseudonyms`` table
as JSON, so a newsroom that rebuilds its database from the same files keeps its pseudonyms.

The file says which record carries which pseudonym, so it is as private as the names: it is
never part of an export, and ``export`` refuses to write it inside one.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, insert

from warcases.publish.pseudonyms import Stored, stored
from warcases.publish.schema import pseudonyms as pseudonym_table

FILE_FORMAT = "warcases-pseudonyms"
FILE_VERSION = 1


class PseudonymFileError(ValueError):
    """A pseudonym mapping file that cannot be used."""


@dataclass
class Imported:
    added: int  # rows taken from the file
    kept: int  # records the database already named otherwise: the database's name was kept


def write_mapping(conn: Connection, path: Path) -> int:
    """Write the ``pseudonyms`` table to ``path`` (JSON). The file is private: keep it with the
    newsroom's copy of the source files, never with what is published."""
    rows = stored(conn)
    doc = {
        "format": FILE_FORMAT,
        "version": FILE_VERSION,
        "note": "Private: which record carries which pseudonym. Never publish this file.",
        "assignments": [
            {"record": r.record_key, "pseudonym": r.pseudonym, "status": r.status, "seq": r.seq}
            for r in rows
        ],
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)
    return len(rows)


def read_mapping(path: Path) -> list[Stored]:
    """Read and check a mapping file written by :func:`write_mapping`."""
    path = Path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PseudonymFileError(f"{path}: not a readable pseudonym file: {exc}") from exc
    if not isinstance(doc, dict) or doc.get("format") != FILE_FORMAT:
        raise PseudonymFileError(
            f'{path}: not a pseudonym file (expected "format": "{FILE_FORMAT}", '
            "as `warcases export --pseudonyms` writes)"
        )
    if doc.get("version") != FILE_VERSION:
        raise PseudonymFileError(f"{path}: version {doc.get('version')!r} is not {FILE_VERSION}")
    items = doc.get("assignments")
    if not isinstance(items, list):
        raise PseudonymFileError(f'{path}: "assignments" must be a list')
    rows: list[Stored] = []
    seen: set[tuple[str, str]] = set()
    currents: dict[str, int] = {}
    for n, item in enumerate(items, 1):
        try:
            row = Stored(str(item["record"]), str(item["pseudonym"]), item["status"], item["seq"])
        except (KeyError, TypeError) as exc:
            raise PseudonymFileError(
                f"{path}: assignment {n}: needs record, pseudonym, status and seq"
            ) from exc
        if row.status not in ("current", "alias"):
            raise PseudonymFileError(
                f"{path}: assignment {n}: status {row.status!r} is not current or alias"
            )
        if not isinstance(row.seq, int) or isinstance(row.seq, bool) or row.seq < 1:
            raise PseudonymFileError(f"{path}: assignment {n}: seq {row.seq!r} is not a number")
        if not row.record_key or not row.pseudonym:
            raise PseudonymFileError(f"{path}: assignment {n}: empty record or pseudonym")
        if (row.record_key, row.pseudonym) in seen:
            raise PseudonymFileError(
                f"{path}: assignment {n}: {row.record_key} / {row.pseudonym} appears twice"
            )
        seen.add((row.record_key, row.pseudonym))
        currents[row.record_key] = currents.get(row.record_key, 0) + (row.status == "current")
        rows.append(row)
    wrong = sorted(k for k, c in currents.items() if c != 1)
    if wrong:
        raise PseudonymFileError(
            f"{path}: record {wrong[0]} has {currents[wrong[0]]} current pseudonyms, not one"
        )
    return rows


def import_mapping(conn: Connection, path: Path) -> Imported:
    """Add a mapping file's pseudonyms to the table, for records the database has not named.

    Where the database already names a record, the database's pseudonym stays and the file's
    is kept as an alias (so it is never given to anyone else).
    """
    rows = read_mapping(path)
    have = stored(conn)
    pairs = {(r.record_key, r.pseudonym) for r in have}
    named = {r.record_key: r.pseudonym for r in have if r.status == "current"}
    now = dt.datetime.now(dt.UTC)
    new, kept = [], set()
    for r in rows:
        if (r.record_key, r.pseudonym) in pairs:
            continue
        status = r.status
        if r.record_key in named:
            if status == "current":
                kept.add(r.record_key)
            status = "alias"
        new.append(
            {
                "record_key": r.record_key,
                "pseudonym": r.pseudonym,
                "status": status,
                "seq": r.seq,
                "assigned_at": now,
            }
        )
    if new:
        conn.execute(insert(pseudonym_table), new)
    return Imported(len(new), len(kept))
