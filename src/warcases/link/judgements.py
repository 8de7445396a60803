"""Judgements on matches: the machine's yes / no / unsure, and a person's, who and when.

A person's judgement is a row of ``match_judgements`` keyed by the two record ids; re-running
``warcases link`` rewrites ``match_pairs`` (the machine's view) and never this table, and a
person's latest judgement always wins over the machine's when persons are built.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select

from warcases.link.schema import match_judgements, match_pairs

DECISIONS = ("yes", "no", "unsure")


class JudgementError(ValueError):
    """An unknown match or decision."""


@dataclass(frozen=True)
class Judgement:
    record_l: str
    record_r: str
    judgement: str
    author: str
    decided_at: dt.datetime
    note: str | None = None


def ordered(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def human_judgements(conn: Connection) -> dict[tuple[str, str], Judgement]:
    """The latest judgement a person gave on each pair of records."""
    rows = conn.execute(select(match_judgements).order_by(match_judgements.c.decided_at, match_judgements.c.id))
    out: dict[tuple[str, str], Judgement] = {}
    for r in rows:
        key = ordered(r.record_l, r.record_r)
        out[key] = Judgement(key[0], key[1], r.judgement, r.author, r.decided_at, r.note)
    return out


def resolve_match(conn: Connection, match: str) -> tuple[str, str]:
    """A match given as its number (``12``) or as two record ids (``list/1/5=doc/3/case/0/defendant/0``)."""
    if match.isdigit():
        row = conn.execute(
            select(match_pairs.c.record_l, match_pairs.c.record_r).where(match_pairs.c.id == int(match))
        ).first()
        if row is None:
            raise JudgementError(f"no match number {match}; see `warcases persons --show-matches`")
        return ordered(row.record_l, row.record_r)
    if "=" in match:
        a, b = (s.strip() for s in match.split("=", 1))
        if a and b and a != b:
            return ordered(a, b)
    raise JudgementError(f"a match is a number or RECORD_A=RECORD_B, not {match!r}")


def judge(
    conn: Connection, match: str, decision: str, author: str, note: str | None = None,
    when: dt.datetime | None = None,
) -> Judgement:
    """Record a person's decision on a match."""
    if decision not in DECISIONS:
        raise JudgementError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    if not author.strip():
        raise JudgementError("say who decides: --by NAME")
    a, b = resolve_match(conn, match)
    when = when or dt.datetime.now(dt.timezone.utc)
    conn.execute(
        insert(match_judgements).values(
            record_l=a, record_r=b, judgement=decision, author=author.strip(), decided_at=when, note=note
        )
    )
    return Judgement(a, b, decision, author.strip(), when, note)


def effective(machine: str, human: Judgement | None) -> str:
    """What counts for clustering: the person's judgement when there is one."""
    return human.judgement if human is not None else machine


__all__ = [
    "DECISIONS",
    "Judgement",
    "JudgementError",
    "effective",
    "human_judgements",
    "judge",
    "ordered",
    "resolve_match",
]
