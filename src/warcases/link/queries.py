"""Answers a reporter asks of the linked store.

``find_persons``: a person with all their records (verdicts, list entries, death records) and
the matches that joined them, each with its explanation and judgement. ``overlap``: of the
names on a country's contract list, how many have a verdict, how many died, how many both,
by region, each person counted once however many records they have.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, and_, or_, select

from warcases.link.judgements import human_judgements, ordered
from warcases.link.names import name_keys
from warcases.link.schema import list_records, list_sources, match_pairs, person_records, persons
from warcases.store.schema import cases, defendants, documents


def _record_details(conn: Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    list_ids = [i for i in ids if i.startswith("list/")]
    def_ids = [i for i in ids if not i.startswith("list/")]
    for chunk in range(0, len(def_ids), 500):
        q = select(
            defendants.c.id, defendants.c.name, defendants.c.birth_year, defendants.c.birth_date,
            defendants.c.age, defendants.c.region, defendants.c.charges, defendants.c.sentence_months,
            cases.c.court, cases.c.verdict_date, cases.c.country, documents.c.kind, documents.c.source_path,
        ).select_from(
            defendants.join(cases, cases.c.id == defendants.c.case_id).join(
                documents, documents.c.id == cases.c.document_id
            )
        ).where(defendants.c.id.in_(def_ids[chunk : chunk + 500]))
        for r in conn.execute(q):
            out[r.id] = {
                "record": r.id, "kind": "news" if r.kind == "news" else "verdict", "name": r.name,
                "birth": r.birth_date or r.birth_year, "age": r.age, "region": r.region,
                "source": r.source_path, "court": r.court, "date": r.verdict_date,
                "charges": list(r.charges or []), "sentence_months": r.sentence_months,
            }
    for chunk in range(0, len(list_ids), 500):
        q = select(list_records, list_sources.c.path, list_sources.c.source_url).select_from(
            list_records.join(list_sources, list_sources.c.id == list_records.c.source_id)
        ).where(list_records.c.id.in_(list_ids[chunk : chunk + 500]))
        for r in conn.execute(q):
            out[r.id] = {
                "record": r.id, "kind": r.kind, "name": r.name, "birth": r.birth_date or r.birth_year,
                "region": r.region or r.region_raw, "source": f"{r.path}, row {r.row_number}",
                "contract_date": r.contract_date, "death_date": r.death_date,
                "urls": list(r.source_urls or []) or ([r.source_url] if r.source_url else []),
            }
    return out


def _matches(conn: Connection, ids: list[str]) -> list[dict[str, Any]]:
    if not ids:
        return []
    human = human_judgements(conn)
    idset = set(ids)
    rows = []
    for chunk in range(0, len(ids), 400):
        part = ids[chunk : chunk + 400]
        q = select(match_pairs).where(or_(match_pairs.c.record_l.in_(part), match_pairs.c.record_r.in_(part)))
        rows += list(conn.execute(q))
    out, seen = [], set()
    for r in sorted(rows, key=lambda r: -r.match_probability):
        if r.id in seen or not (r.record_l in idset or r.record_r in idset):
            continue
        seen.add(r.id)
        h = human.get(ordered(r.record_l, r.record_r))
        out.append({
            "match": r.id, "records": [r.record_l, r.record_r], "p": round(r.match_probability, 4),
            "machine": r.machine, "person": None if h is None else {
                "judgement": h.judgement, "by": h.author, "at": h.decided_at.isoformat(), "note": h.note},
            "why": r.explanation,
        })
    return out


def find_persons(
    conn: Connection,
    *,
    name: str | None = None,
    person: str | None = None,
    country: str | None = None,
    linked_only: bool = False,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Persons with their records and matches; ``name`` in any script or spelling."""
    q = select(persons)
    if person:
        q = q.where(persons.c.id == person)
    if country:
        q = q.where(persons.c.country == country.upper())
    if linked_only:
        q = q.where(persons.c.n_records > 1)
    if name:
        k = name_keys(name)
        for part in (k.surname, k.given):
            if part:
                q = q.where(persons.c.name_key.like(f"%{part}%"))
    q = q.order_by(persons.c.n_records.desc(), persons.c.name).limit(limit)
    found = [dict(r._mapping) for r in conn.execute(q)]
    if not found:
        return []
    members: dict[str, list[str]] = defaultdict(list)
    q = select(person_records.c.person_id, person_records.c.record_id).where(
        person_records.c.person_id.in_([p["id"] for p in found])
    )
    for r in conn.execute(q):
        members[r.person_id].append(r.record_id)
    details = _record_details(conn, [m for ms in members.values() for m in ms])
    for p in found:
        ids = sorted(members[p["id"]])
        p["records"] = [details.get(i, {"record": i}) for i in ids]
        p["matches"] = _matches(conn, ids)
        p["updated_at"] = p["updated_at"].isoformat() if p.get("updated_at") else None
    return found


def overlap(conn: Connection, country: str) -> dict[str, Any]:
    """People on ``country``'s contract lists: with a verdict, dead, both; overall and by region."""
    c = country.upper()
    on_list = (
        select(person_records.c.person_id)
        .select_from(person_records.join(list_records, list_records.c.id == person_records.c.record_id))
        .where(and_(list_records.c.kind == "contract", list_records.c.country == c))
        .distinct()
    )
    rows = conn.execute(
        select(persons.c.id, persons.c.region, persons.c.has_verdict, persons.c.died, persons.c.conflict).where(
            persons.c.id.in_(on_list)
        )
    ).all()
    totals = {"on_list": 0, "with_verdict": 0, "died": 0, "both": 0, "conflicts": 0}
    regions: dict[str, dict[str, int]] = defaultdict(lambda: {"on_list": 0, "with_verdict": 0, "died": 0, "both": 0})
    for r in rows:
        bucket = regions[r.region or "unknown"]
        for target in (totals, bucket):
            target["on_list"] += 1
            target["with_verdict"] += int(r.has_verdict)
            target["died"] += int(r.died)
            target["both"] += int(r.has_verdict and r.died)
        totals["conflicts"] += int(r.conflict)
    return {"country": c, **totals, "by_region": dict(sorted(regions.items()))}


def counts_by_region(conn: Connection, country: str | None = None) -> dict[str, dict[str, int]]:
    """Persons by region: each person once, with how many have a verdict, a list entry, a death."""
    q = select(persons.c.region, persons.c.has_verdict, persons.c.n_contract, persons.c.died)
    if country:
        q = q.where(persons.c.country == country.upper())
    out: dict[str, dict[str, int]] = defaultdict(lambda: {"persons": 0, "with_verdict": 0, "on_list": 0, "died": 0})
    for r in conn.execute(q):
        b = out[r.region or "unknown"]
        b["persons"] += 1
        b["with_verdict"] += int(r.has_verdict)
        b["on_list"] += int(r.n_contract > 0)
        b["died"] += int(r.died)
    return dict(sorted(out.items()))


__all__ = ["counts_by_region", "find_persons", "overlap"]
