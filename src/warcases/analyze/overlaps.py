"""Overlaps between verdicts, published contract lists and death records, counted over people
as the linking stage clustered them (tables ``persons``/``person_records``), so nobody is
counted twice. A record the linker left alone counts as a person of its own.

None until list or casualty records exist. Each figure carries the cases behind it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, Engine, inspect, select

from warcases.analyze.ids import sorted_ids
from warcases.store.schema import cases, defendants

VERDICT_KINDS = frozenset({"verdict", "news"})
# figure -> what a person must have (all of it): a verdict, a contract-list entry, a death
FIGURES: dict[str, tuple[str, ...]] = {
    "persons": (),
    "with_verdict": ("verdict",),
    "in_lists": ("contract",),
    "died": ("died",),
    "list_and_verdict": ("contract", "verdict"),
    "list_and_died": ("contract", "died"),
    "verdict_and_died": ("verdict", "died"),
    "list_verdict_and_died": ("contract", "verdict", "died"),
}


def _records(conn: Connection) -> list[dict[str, Any]]:
    """Every countable record: verdict/news defendants and list records, with what it shows."""
    from warcases.link.schema import list_records

    out = []
    q = select(
        defendants.c.id,
        defendants.c.region,
        cases.c.country,
        cases.c.kind,
        cases.c.id.label("case_id"),
    )
    for r in conn.execute(
        q.select_from(defendants.join(cases, cases.c.id == defendants.c.case_id))
    ):
        if r.kind in VERDICT_KINDS:
            out.append(
                {
                    "id": r.id,
                    "kinds": {"verdict"},
                    "case": r.case_id,
                    "country": r.country,
                    "region": r.region,
                }
            )
    q2 = select(
        list_records.c.id,
        list_records.c.kind,
        list_records.c.country,
        list_records.c.region,
        list_records.c.death_date,
    )
    for r in conn.execute(q2):
        kinds = {"died"} if r.kind == "casualty" else {"contract"}
        if r.death_date:
            kinds.add("died")
        out.append(
            {"id": r.id, "kinds": kinds, "case": None, "country": r.country, "region": r.region}
        )
    return out


def link_overlaps(engine: Engine, country: str | None = None) -> dict[str, Any] | None:
    """{"figures": {name: {"n", "case_ids"}}, "by_region": {region: n}}, or None without lists."""
    tables = set(inspect(engine).get_table_names())
    if "list_records" not in tables or "person_records" not in tables:
        return None
    from warcases.link.schema import list_records, person_records, persons

    with engine.connect() as conn:
        if conn.execute(select(list_records.c.id).limit(1)).first() is None:
            return None
        records = _records(conn)
        member = {r.record_id: r.person_id for r in conn.execute(select(person_records))}
        linked = {
            p.id: {"country": p.country, "region": p.region, "died": p.died}
            for p in conn.execute(
                select(persons.c.id, persons.c.country, persons.c.region, persons.c.died)
            )
        }
    people: dict[str, dict[str, Any]] = {}
    for rec in records:
        pid = member.get(rec["id"])
        key = f"person:{pid}" if pid else f"record:{rec['id']}"
        info = linked.get(pid, {}) if pid else {}
        p = people.setdefault(
            key,
            {
                "kinds": set(),
                "cases": set(),
                "country": info.get("country"),
                "region": info.get("region"),
            },
        )
        p["kinds"] |= rec["kinds"]
        if info.get("died"):
            p["kinds"].add("died")
        if rec["case"]:
            p["cases"].add(rec["case"])
        p["country"] = p["country"] or rec["country"]
        p["region"] = p["region"] or rec["region"]
    if country:
        people = {
            k: p for k, p in people.items() if (p["country"] or "").upper() == country.upper()
        }
    figures = {}
    for name, needs in FIGURES.items():
        chosen = [p for p in people.values() if set(needs) <= p["kinds"]]
        figures[name] = {
            "n": len(chosen),
            "case_ids": list(sorted_ids(c for p in chosen for c in p["cases"])),
        }
    by_region: dict[str, int] = defaultdict(int)
    for p in people.values():
        by_region[p["region"] or "none"] += 1
    return {"figures": figures, "by_region": dict(sorted(by_region.items()))}
