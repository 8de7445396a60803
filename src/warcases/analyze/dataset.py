"""The rows every analysis counts: cases and their defendants, read from the materialised
``cases``/``defendants`` tables, each value flagged machine-extracted or human-confirmed.

A value is *confirmed* when a person confirmed or corrected the statement behind it (the card
then shows only human statements for that field, see ``store/cards.py``). With
``basis="confirmed"`` every machine-only value is treated as not stated, so the figures count
confirmed values only; with ``basis="all"`` (the default) they count both and say how many of
each.

The same case reported by a verdict and by news is counted once: the verdict's card represents
it and the others are listed as merged. Two cards are the same case when they share the
country and case number, or when the linker put one of their defendants into the same person
(`warcases link`), the country agrees, they share an article and their verdict dates do not
differ (a first-instance verdict and its appeal, or two convictions, stay apart).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Engine, inspect, select

from warcases.store.repo import HUMAN
from warcases.store.schema import (
    DEFENDANT_LIST_COLUMNS,
    cases,
    defendants,
    documents,
    statements,
)

Basis = Literal["all", "confirmed"]
BASES: tuple[str, ...] = ("all", "confirmed")
DEFAULT_KINDS: tuple[str, ...] = ("verdict", "news")
KIND_RANK = {"verdict": 0, "news": 1}

# Defendant columns of the ``defendants`` table -> the statement property behind them.
DEFENDANT_PROPS = {
    "name": "name",
    "birth_year": "birth_year",
    "age": "age",
    "region": "region",
    "citizenship": "citizenship",
    "charges": "charges",
    "articles": "charges",
    "sentence_type": "sentence.type",
    "sentence_months": "sentence.months",
    "sentence_institution": "sentence.institution",
    "sentence_suspended": "sentence.suspended",
    "probation_months": "sentence.probation_months",
    "additional_penalties": "additional_penalties",
    "formations": "formations",
    "recruitment": "recruitment",
    "motives": "motives",
    "wounded": "wounded",
    "deserted": "deserted",
    "russian_citizenship": "russian_citizenship",
    "return_how": "return",
}
CASE_PROPS = {
    "country": "country",
    "court": "court",
    "court_region": "court_region",
    "verdict_date": "verdict_date",
    "year": "verdict_date",
    "case_number": "case_number",
    "procedure": "procedure",
    "outcome": "outcome",
}
LIST_COLUMNS = frozenset(DEFENDANT_LIST_COLUMNS)


@dataclass(frozen=True)
class Unit:
    """A case or a defendant: its values and which of them a person confirmed."""

    id: str
    case_id: str
    values: dict[str, Any]
    confirmed: frozenset[str]  # column names whose value is human-confirmed
    all_confirmed: bool = False  # every statement behind the row is human (the table's flag)

    def get(self, column: str) -> Any:
        return self.values.get(column)

    def is_confirmed(self, *columns: str) -> bool:
        return all(c in self.confirmed for c in columns)


@dataclass(frozen=True)
class Case(Unit):
    kind: str = "verdict"
    document_id: int = 0
    source_url: str | None = None
    source_title: str | None = None
    defendants: tuple[Unit, ...] = ()


@dataclass
class Dataset:
    cases: list[Case]
    basis: Basis
    kinds: tuple[str, ...]
    country: str | None
    merged: dict[str, list[str]] = field(default_factory=dict)  # kept id -> merged duplicate ids
    excluded_kinds: dict[str, int] = field(default_factory=dict)  # kind -> cards not counted

    @property
    def defendants(self) -> list[Unit]:
        return [d for c in self.cases for d in c.defendants]

    def case(self, case_id: str) -> Case:
        for c in self.cases:
            if c.id == case_id:
                return c
        raise KeyError(case_id)


def _human_props(engine: Engine) -> dict[str, set[str]]:
    q = (
        select(statements.c.subject, statements.c.property)
        .where(statements.c.status.in_(HUMAN))
        .distinct()
    )
    out: dict[str, set[str]] = defaultdict(set)
    with engine.connect() as conn:
        for subject, prop in conn.execute(q):
            out[subject].add(prop)
    return out


def _same_cases(
    engine: Engine, rows: list[dict[str, Any]], by_case: dict[str, list[dict[str, Any]]]
) -> dict[str, str]:
    """Case id -> the id of the group it belongs to (union of the rules in the module doc)."""
    parent = {r["id"]: r["id"] for r in rows}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb, key=_doc_order)] = min(ra, rb, key=_doc_order)

    by_key: dict[tuple[str, str], str] = {}
    for row in rows:
        key = _case_key(row)
        if key in by_key:
            union(by_key[key], row["id"])
        else:
            by_key[key] = row["id"]

    person_of = _persons_of_defendants(engine)
    by_person: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        for d in by_case.get(row["id"], []):
            if d["id"] in person_of:
                by_person[person_of[d["id"]]].append(row)
    for members in by_person.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if _compatible(a, b, by_case):
                    union(a["id"], b["id"])
    return {r["id"]: root(r["id"]) for r in rows}


def _persons_of_defendants(engine: Engine) -> dict[str, str]:
    """Defendant id -> person id, when `warcases link` has run."""
    if "person_records" not in inspect(engine).get_table_names():
        return {}
    from warcases.link.schema import person_records

    with engine.connect() as conn:
        rows = conn.execute(select(person_records.c.record_id, person_records.c.person_id))
        return {rid: pid for rid, pid in rows if rid.startswith("doc/")}


def _compatible(a: dict[str, Any], b: dict[str, Any], by_case: dict[str, list[dict]]) -> bool:
    if a["document_id"] == b["document_id"]:
        return False  # one report's cards are different cases by construction
    if a.get("country") and b.get("country") and a["country"] != b["country"]:
        return False
    if a.get("verdict_date") and b.get("verdict_date") and a["verdict_date"] != b["verdict_date"]:
        return False

    def articles(row: dict[str, Any]) -> set[str]:
        return {x for d in by_case.get(row["id"], []) for x in (d.get("articles") or [])}

    return bool(articles(a) & articles(b))


def _case_key(row: dict[str, Any]) -> tuple[str, str]:
    number = row.get("case_number")
    if number:
        return (row.get("country") or "", re.sub(r"[\s№#]+", "", str(number)).casefold())
    return ("", row["id"])


def _doc_order(case_id: str) -> tuple[int, int]:
    parts = case_id.split("/")
    return (
        (int(parts[1]), int(parts[3]))
        if len(parts) >= 4 and parts[1].isdigit() and parts[3].isdigit()
        else (0, 0)
    )


def load_dataset(
    engine: Engine,
    *,
    country: str | None = None,
    basis: Basis = "all",
    kinds: tuple[str, ...] = DEFAULT_KINDS,
) -> Dataset:
    """Cases (and defendants) to count, deduplicated, filtered by country and document kind."""
    if basis not in BASES:
        raise ValueError(f"basis must be one of {', '.join(BASES)}, not {basis!r}")
    human = _human_props(engine)
    with engine.connect() as conn:
        case_rows = [
            dict(r._mapping)
            for r in conn.execute(
                select(cases, documents.c.source_url, documents.c.title.label("source_title"))
                .select_from(cases.join(documents, documents.c.id == cases.c.document_id))
                .order_by(cases.c.document_id, cases.c.card)
            )
        ]
        def_rows = [
            dict(r._mapping)
            for r in conn.execute(
                select(defendants).order_by(defendants.c.case_id, defendants.c.idx)
            )
        ]
    by_case: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for d in def_rows:
        by_case[d["case_id"]].append(d)

    excluded: dict[str, int] = defaultdict(int)
    wanted = []
    for row in case_rows:
        if kinds and row["kind"] not in kinds:
            excluded[row["kind"]] += 1
            continue
        if country and (row["country"] or "").upper() != country.upper():
            continue
        wanted.append(row)

    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    same = _same_cases(engine, wanted, by_case)
    for row in wanted:
        groups[same[row["id"]]].append(row)
    kept: list[Case] = []
    merged: dict[str, list[str]] = {}
    for rows in groups.values():
        rows.sort(
            key=lambda r: (KIND_RANK.get(r["kind"], 9), not r["confirmed"], _doc_order(r["id"]))
        )
        head = rows[0]
        if len(rows) > 1:
            merged[head["id"]] = sorted((r["id"] for r in rows[1:]), key=_doc_order)
        kept.append(_make_case(head, by_case.get(head["id"], []), human, basis))
    kept.sort(key=lambda c: _doc_order(c.id))
    return Dataset(
        kept,
        basis,
        tuple(kinds),
        country.upper() if country else None,
        merged,
        dict(sorted(excluded.items())),
    )


def _make_case(
    row: dict[str, Any], defs: list[dict[str, Any]], human: dict[str, set[str]], basis: Basis
) -> Case:
    values, confirmed = _split(row, CASE_PROPS, human.get(row["id"], set()), basis)
    units = []
    for d in defs:
        dv, dc = _split(d, DEFENDANT_PROPS, human.get(d["id"], set()), basis)
        dv["birth_date"] = (
            d.get("birth_date")
            if (basis == "all" or "birth_date" in human.get(d["id"], set()))
            else None
        )
        units.append(Unit(d["id"], row["id"], dv, frozenset(dc), bool(d["confirmed"])))
    return Case(
        row["id"],
        row["id"],
        values,
        frozenset(confirmed),
        bool(row["confirmed"]),
        kind=row["kind"],
        document_id=row["document_id"],
        source_url=row.get("source_url"),
        source_title=row.get("source_title"),
        defendants=tuple(units),
    )


def _split(
    row: dict[str, Any], props: dict[str, str], human: set[str], basis: Basis
) -> tuple[dict[str, Any], set[str]]:
    values: dict[str, Any] = {}
    confirmed: set[str] = set()
    for column, prop in props.items():
        value = row.get(column)
        if prop in human:
            confirmed.add(column)
        elif basis == "confirmed":
            value = [] if column in LIST_COLUMNS else None
        values[column] = list(value or []) if column in LIST_COLUMNS else value
    return values, confirmed
