"""``warcases link``: score every pair of person records the blocking finds, judge, cluster.

Records are the defendants of verdicts and news (``defendants`` joined to their case for the
verdict date and country) and the rows of imported lists. The machine's view of each pair is
rewritten in ``match_pairs`` (stable ids for pairs seen before); ``match_judgements`` (people's
decisions) is read, never written; persons are rebuilt from both.

Nothing here depends on the order files were ingested in. Record ids carry database row numbers
(``doc/12/…``, ``list/3/7``), so every record also has a *content key* (its file's sha256 with
the card and defendant, or the row; the keys ``publish.pseudonyms`` gives out): Splink sees the
content keys as ``unique_id``, so which record of a pair is on the left does not depend on the
ids; a person's id is made from its smallest content key; and where a person's records disagree
(two spellings of a name, two regions, two birth years) the value shown is chosen from the
values themselves (most records, then the kind of source, then the value), never "the first".
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, delete, insert, select, update

from warcases.link.cluster import clusters, conflicts, person_id
from warcases.link.features import PersonRecord, features_frame
from warcases.link.judgements import human_judgements, ordered
from warcases.link.model import BLOCKING_RULES, explain, load_model, predict, prior_for
from warcases.link.names import keys_of, parse_name
from warcases.link.schema import (
    link_runs,
    list_records,
    list_sources,
    match_pairs,
    person_records,
    persons,
)
from warcases.store.cards import accepted
from warcases.store.schema import cases, defendants, documents, statements

MIN_STORED = 0.05  # pairs scored below this probability are not kept (a clear "no")
KIND_ORDER = {"verdict": 0, "news": 1, "contract": 2, "casualty": 3}


@dataclass
class StoredRecord(PersonRecord):
    country: str | None = None  # the list's country or the court's
    died: bool = False
    key: str | None = None  # content key: the same in every database built from the same files


def content_key(record: PersonRecord) -> str:
    """The record's content key, or its id when it has none (records made outside a store)."""
    return getattr(record, "key", None) or record.id


@dataclass
class LinkSummary:
    run_id: int
    records: int
    linkable: int
    pairs: int
    persons: int
    judged_by_people: int
    machine: dict[str, int] = field(default_factory=dict)


def publication_dates(conn: Connection) -> dict[int, str]:
    """Document id -> the date a report was published (its dateline), as accepted statements:
    the date an age stated in a report ("27 лет") refers to when no verdict date is given."""
    rows = conn.execute(
        select(statements).where(statements.c.property == "published").order_by(statements.c.id)
    )
    out: dict[int, str] = {}
    for subject, props in accepted([dict(r._mapping) for r in rows]).items():
        parts = subject.split("/")
        values = [s["value"] for s in props.get("published", []) if isinstance(s["value"], str)]
        if len(parts) == 2 and parts[1].isdigit() and values:
            out[int(parts[1])] = values[0]
    return out


def load_records(conn: Connection) -> list[StoredRecord]:
    """Every person record in the store: defendants, then list rows."""
    from warcases.publish.pseudonyms import record_key  # the same keys pseudonyms are given against

    out: list[StoredRecord] = []
    q = select(
        defendants.c.id, defendants.c.name, defendants.c.birth_date, defendants.c.birth_year,
        defendants.c.age, defendants.c.region, defendants.c.citizenship, defendants.c.formations,
        defendants.c.case_id, defendants.c.idx, cases.c.verdict_date, cases.c.country, documents.c.kind,
        documents.c.sha256,
    ).select_from(
        defendants.join(cases, cases.c.id == defendants.c.case_id).join(
            documents, documents.c.id == cases.c.document_id
        )
    )
    published = publication_dates(conn)
    for r in conn.execute(q):
        doc_id = int(r.id.split("/")[1])
        out.append(
            StoredRecord(
                id=r.id, name=r.name, kind="news" if r.kind == "news" else "verdict",
                birth_date=r.birth_date, birth_year=r.birth_year, age=r.age,
                report_date=r.verdict_date or published.get(doc_id), region=r.region, citizenship=list(r.citizenship or []),
                formations=list(r.formations or []), order="surname_first",
                country=(list(r.citizenship or []) or [r.country])[0],
                key=record_key(r.sha256, r.case_id, r.idx),
            )
        )
    rows = conn.execute(
        select(list_records, list_sources.c.sha256).select_from(
            list_records.join(list_sources, list_sources.c.id == list_records.c.source_id)
        )
    )
    for r in rows:
        out.append(
            StoredRecord(
                id=r.id, name=r.name, kind=r.kind, birth_date=r.birth_date, birth_year=r.birth_year,
                age=r.age, report_date=r.contract_date or r.death_date, region=r.region,
                citizenship=[r.country] if r.country else [], formations=list(r.formations or []),
                order="surname_first", country=r.country,
                died=r.kind == "casualty" or bool(r.death_date),
                key=f"{r.sha256}/row/{r.row_number}",
            )
        )
    return out


def score(records: list[PersonRecord], model_name: str = "warcases") -> pd.DataFrame:
    """Scored pairs among the records that carry a name (``unique_id_l/_r`` are record ids).

    Splink puts the record with the smaller ``unique_id`` on the left; it is given the content
    keys, so the sides of a pair, and so anything that reads one side, do not depend on ids."""
    named = sorted((r for r in records if r.name), key=content_key)
    if len(named) < 2:
        return pd.DataFrame(columns=["unique_id_l", "unique_id_r", "match_probability", "match_weight"])
    keys = [content_key(r) for r in named]
    if len(set(keys)) < len(keys):  # two records with one key (not from one store): ids are unique
        keys = [r.id for r in named]
    model = load_model(model_name)
    frame = features_frame(named)
    frame["unique_id"] = keys
    scored = predict(model, [frame], blocking=BLOCKING_RULES, threshold=MIN_STORED, prior=prior_for(len(named)))
    back = dict(zip(keys, (r.id for r in named), strict=True))
    scored["unique_id_l"] = scored["unique_id_l"].map(back)
    scored["unique_id_r"] = scored["unique_id_r"].map(back)
    return scored


def _store_pairs(conn: Connection, scored: pd.DataFrame, model_name: str, run_id: int) -> Counter:
    model = load_model(model_name)
    now = dt.datetime.now(dt.timezone.utc)
    existing = {
        (r.record_l, r.record_r): r.id
        for r in conn.execute(select(match_pairs.c.id, match_pairs.c.record_l, match_pairs.c.record_r))
    }
    seen: set[tuple[str, str]] = set()
    new_rows, updates = [], []
    counts: Counter = Counter()
    for row in scored.to_dict("records"):
        a, b = ordered(str(row["unique_id_l"]), str(row["unique_id_r"]))
        prob = float(row["match_probability"])
        why = explain(model_name, row)
        values = {
            "match_probability": prob,
            "match_weight": float(row["match_weight"]),
            "machine": model.judgement(prob, why),
            "explanation": why,
            "model_version": model.version,
            "run_id": run_id,
            "scored_at": now,
        }
        counts[values["machine"]] += 1
        seen.add((a, b))
        if (a, b) in existing:
            updates.append({"pair_id": existing[(a, b)], **values})
        else:
            new_rows.append({"record_l": a, "record_r": b, **values})
    if new_rows:
        conn.execute(insert(match_pairs), new_rows)
    if updates:
        from sqlalchemy import bindparam

        stmt = update(match_pairs).where(match_pairs.c.id == bindparam("pair_id")).values(
            {k: bindparam(k) for k in updates[0] if k != "pair_id"}
        )
        conn.execute(stmt, updates)
    gone = [pid for key, pid in existing.items() if key not in seen]
    for i in range(0, len(gone), 500):
        conn.execute(delete(match_pairs).where(match_pairs.c.id.in_(gone[i : i + 500])))
    return counts


def rebuild_persons(conn: Connection, records: list[StoredRecord] | None = None) -> int:
    """Persons from the current pairs and people's judgements; returns how many."""
    records = records if records is not None else load_records(conn)
    human = human_judgements(conn)
    edges = []
    for r in conn.execute(select(match_pairs.c.record_l, match_pairs.c.record_r, match_pairs.c.machine)):
        key = ordered(r.record_l, r.record_r)
        said = human[key].judgement if key in human else r.machine
        if said == "yes":
            edges.append(key)
    edges += [key for key, j in human.items() if j.judgement == "yes"]
    groups = clusters([r.id for r in records], edges)
    flagged = conflicts(groups, [k for k, j in human.items() if j.judgement == "no"])
    by_id = {r.id: r for r in records}
    now = dt.datetime.now(dt.timezone.utc)
    conn.execute(delete(person_records))
    conn.execute(delete(persons))
    person_rows, member_rows = [], []
    for key, members in groups.items():
        recs = sorted((by_id[m] for m in members), key=lambda r: (KIND_ORDER.get(r.kind, 9), content_key(r)))
        pid = person_id([content_key(r) for r in recs])
        person_rows.append(_person_row(pid, recs, key in flagged, now))
        member_rows += [{"record_id": r.id, "person_id": pid, "record_kind": r.kind} for r in recs]
    for i in range(0, len(person_rows), 5000):
        conn.execute(insert(persons), person_rows[i : i + 5000])
    for i in range(0, len(member_rows), 5000):
        conn.execute(insert(person_records), member_rows[i : i + 5000])
    return len(person_rows)


def _choose(recs: list[StoredRecord], value, majority: bool = False) -> Any:
    """The value a person shows where their records disagree, chosen from the values alone: the
    one from the most telling kind of source (verdict, news, contract list, casualty list), then
    the one most records give (with ``majority``: the other way round), then the smallest; never
    whichever record came first."""
    seen: dict[Any, list[int]] = {}
    for r in recs:
        v = value(r)
        if v is not None and v != "":
            seen.setdefault(v, []).append(KIND_ORDER.get(r.kind, 9))
    if not seen:
        return None
    if majority:
        return min(seen, key=lambda v: (-len(seen[v]), min(seen[v]), str(v)))
    return min(seen, key=lambda v: (min(seen[v]), -len(seen[v]), str(v)))


def _birth_year(r: StoredRecord) -> int | None:
    text = r.birth_date or (str(r.birth_year) if r.birth_year else "")
    return int(text[:4]) if text[:4].isdigit() else None


def _person_row(pid: str, recs: list[StoredRecord], conflict: bool, now: dt.datetime) -> dict[str, Any]:
    named = [r for r in recs if r.name]
    # the fullest name from the most telling kind of source; equal lengths: the name itself decides
    best = min(named, key=lambda r: (KIND_ORDER.get(r.kind, 9), -len(r.name or ""), r.name)) if named else None
    kinds = Counter(r.kind for r in recs)
    name = parse_name(best.name, "surname_first").display if best else None
    return {
        "id": pid,
        "name": name,
        "name_key": keys_of(parse_name(best.name, "surname_first")).full if best else None,
        "birth_date": _choose(recs, lambda r: r.birth_date if r.birth_date and len(r.birth_date) == 10 else None),
        "birth_year": _choose(recs, _birth_year, majority=True),
        "region": _choose(recs, lambda r: r.region),
        "country": _choose(recs, lambda r: r.country),
        "n_records": len(recs),
        "n_defendant": kinds["verdict"] + kinds["news"],
        "n_contract": kinds["contract"],
        "n_casualty": kinds["casualty"],
        "has_verdict": bool(kinds["verdict"] + kinds["news"]),
        "died": any(r.died for r in recs),
        "conflict": conflict,
        "updated_at": now,
    }


def link_store(engine: Engine, model_name: str = "warcases") -> LinkSummary:
    """Score, store pairs, rebuild persons: one transaction."""
    model = load_model(model_name)
    started = dt.datetime.now(dt.timezone.utc)
    with engine.begin() as conn:
        records = load_records(conn)
        run_id = conn.execute(
            insert(link_runs).values(model_version=model.version, started_at=started, n_records=len(records),
                                     n_pairs=0, n_persons=0, counts={})
        ).inserted_primary_key[0]
        scored = score(records, model_name)
        counts = _store_pairs(conn, scored, model_name, run_id)
        n_persons = rebuild_persons(conn, records)
        judged = len(human_judgements(conn))
        conn.execute(
            update(link_runs).where(link_runs.c.id == run_id).values(
                finished_at=dt.datetime.now(dt.timezone.utc), n_pairs=len(scored), n_persons=n_persons,
                counts=dict(counts),
            )
        )
    return LinkSummary(run_id, len(records), sum(1 for r in records if r.name), len(scored), n_persons,
                       judged, dict(counts))


__all__ = ["LinkSummary", "StoredRecord", "content_key", "link_store", "load_records", "rebuild_persons", "score"]
