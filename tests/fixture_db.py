"""A small database whose right answers are known by construction (fictional people only).

Built the real way: documents → machine statements → (some) human confirmations → case views.

Seven cases are counted: five Kazakh verdicts (A–E), one Uzbek (G), one Kyrgyz (H). A news report
(F) repeats case A's number and must not be counted twice; a recruitment post (P) carries a card
but is not a case. Verdict A is fully confirmed by a person; in verdict B only the formation is.
Verdict A's text also holds an ИИН, a passport number, a phone number and a street address, and
names the judge and the prosecutor, so redaction has something to remove and something to keep.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from warcases.model import Fact
from warcases.store import cards, repo
from warcases.store.db import connect

JUDGE = "Сергеев Олег Петрович"
PROSECUTOR = "Ахметова Динара Маратовна"
IIN = "900101300123"
PASSPORT = "N12345678"
PHONE = "+7 701 234 56 78"
STREET = "ул. Абая, д. 12, кв. 5"
REVIEWER = "editor-1"


@dataclass
class Defendant:
    name: str
    facts: dict[str, Any]
    declined: str | None = None  # the name as the operative part writes it


@dataclass
class Doc:
    key: str
    kind: str
    country: str
    case: dict[str, Any]
    defendants: list[Defendant] = field(default_factory=list)
    confirm: str = "none"  # none | all | formations


DOCS: list[Doc] = [
    Doc(
        "A",
        "verdict",
        "KZ",
        {
            "court": "Кокшетауский городской суд Акмолинской области",
            "court_region": "kz/akmola",
            "verdict_date": "2023-05-10",
            "case_number": "7111-23-00-1/101",
            "procedure": "shortened",
            "outcome": "convicted",
        },
        [
            Defendant(
                "Бекболатов Арман Серикович",
                {
                    "birth_year": 1990,
                    "region": "kz/akmola",
                    "charges": ["KZ:172:1"],
                    "sentence.type": "imprisonment",
                    "sentence.months": 54,
                    "sentence.institution": "medium",
                    "formations": ["wagner"],
                    "recruitment": ["work_trip"],
                    "motives": ["money"],
                    "wounded": True,
                    "deserted": True,
                    "return": "detained_on_return",
                },
                declined="Бекболатова Армана Сериковича",
            )
        ],
        confirm="all",
    ),
    Doc(
        "B",
        "verdict",
        "KZ",
        {
            "court": "Карагандинский районный суд",
            "court_region": "kz/karaganda",
            "verdict_date": "2024-03-02",
            "case_number": "7111-24-00-1/55",
            "procedure": "shortened",
            "outcome": "convicted",
        },
        [
            Defendant(
                "Жаксылыков Ерлан Маратович",
                {
                    "birth_year": 1985,
                    "region": "kz/karaganda",
                    "charges": ["KZ:172:1"],
                    "sentence.type": "imprisonment",
                    "sentence.months": 60,
                    "formations": ["mod"],
                    "recruitment": ["online_ad"],
                    "motives": ["money", "citizenship"],
                    "wounded": False,
                    "return": "surrendered",
                },
            )
        ],
        confirm="formations",
    ),
    Doc(
        "C",
        "verdict",
        "KZ",
        {
            "court": "Алмалинский районный суд г. Алматы",
            "court_region": "kz/almaty",
            "verdict_date": "2025-01-14",
            "case_number": "7511-25-00-1/7",
            "procedure": "general",
            "outcome": "convicted",
        },
        [
            Defendant(
                "Сапаров Тимур Нурланович",
                {
                    "birth_year": 1995,
                    "region": "kz/almaty",
                    "charges": ["KZ:172:1"],
                    "sentence.type": "imprisonment",
                    "sentence.months": 54,
                    "formations": ["wagner", "mod"],
                    "recruitment": ["work_trip"],
                    "motives": ["money"],
                    "wounded": True,
                    "deserted": False,
                    "return": "detained_at_border",
                },
            )
        ],
    ),
    Doc(
        "D",
        "verdict",
        "KZ",
        {
            "court": "Специализированный межрайонный суд г. Шымкент",
            "court_region": "kz/shymkent",
            "verdict_date": "2025-06-20",
            "case_number": "5911-25-00-1/300",
            "procedure": "shortened",
            "outcome": "convicted",
        },
        [
            Defendant(
                "Омаров Данияр Асканович",
                {
                    "region": "kz/shymkent",
                    "charges": ["KZ:172:1"],
                    "sentence.type": "imprisonment",
                    "sentence.months": 48,
                    "formations": ["storm_z"],
                    "recruitment": ["prison"],
                },
            ),
            Defendant(
                "Ким Виктор Алексеевич",
                {
                    "region": "kz/shymkent",
                    "charges": ["KZ:172:1", "KZ:170:2"],
                    "sentence.type": "imprisonment",
                    "sentence.months": 80,
                    "formations": ["wagner"],
                    "recruitment": ["recruiter"],
                    "motives": ["money"],
                },
            ),
        ],
    ),
    Doc(
        "E",
        "verdict",
        "KZ",
        {
            "court": "Кокшетауский городской суд Акмолинской области",
            "court_region": "kz/akmola",
            "verdict_date": "2025-09-15",
            "case_number": "7111-25-00-1/215",
            "procedure": "shortened",
            "outcome": "convicted",
        },
        [
            Defendant(
                "Нурланов Асет Бауржанович",
                {
                    "birth_year": 1988,
                    "region": "kz/akmola",
                    "charges": ["KZ:172:1"],
                    "sentence.type": "conditional",
                    "sentence.months": 24,
                    "sentence.suspended": True,
                    "sentence.probation_months": 24,
                    "formations": ["mod"],
                    "recruitment": ["work_trip"],
                    "motives": ["money"],
                    "wounded": True,
                    "deserted": True,
                    "return": "detained_on_return",
                },
            )
        ],
    ),
    Doc(
        "F",
        "news",
        "KZ",
        {
            "court": "Кокшетауский городской суд",
            "verdict_date": "2023-05-10",
            "case_number": "7111-23-00-1/101",
            "outcome": "convicted",
        },
        [
            Defendant(
                "Бекболатов Арман Серикович", {"charges": ["KZ:172"], "formations": ["wagner"]}
            )
        ],
    ),
    Doc(
        "G",
        "verdict",
        "UZ",
        {
            "court": "Самаркандский областной суд",
            "court_region": "uz/samarkand",
            "verdict_date": "2024-11-05",
            "case_number": "1-123/2024",
            "procedure": "general",
            "outcome": "convicted",
        },
        [
            Defendant(
                "Тошматов Бахтиёр Алишерович",
                {
                    "birth_year": 1992,
                    "region": "uz/samarkand",
                    "charges": ["UZ:154:1"],
                    "sentence.type": "restricted_freedom",
                    "sentence.months": 48,
                    "formations": ["mod"],
                    "recruitment": ["migration_detention"],
                    "motives": ["documents"],
                },
            )
        ],
    ),
    Doc(
        "H",
        "verdict",
        "KG",
        {
            "court": "Нарынский областной суд",
            "court_region": "kg/naryn",
            "verdict_date": "2023-12-07",
            "case_number": "УД-45/23",
            "procedure": "general",
            "outcome": "convicted",
        },
        [
            Defendant(
                "Асанов Бекназар Асанович",
                {
                    "birth_year": 1997,
                    "region": "kg/naryn",
                    "charges": ["KG:256:1"],
                    "sentence.type": "imprisonment",
                    "sentence.months": 60,
                    "formations": ["wagner"],
                    "recruitment": ["from_home"],
                },
            )
        ],
    ),
    Doc(
        "P",
        "post",
        "KZ",
        {},
        [Defendant("Вербовщиков Иван Иванович", {"recruitment": ["online_ad"]})],
    ),
]

DEFENDANT_NAMES = sorted({d.name for doc in DOCS for d in doc.defendants})

# What the figures must be (KZ = country filter KZ; ALL = no filter; basis "all" unless said).
EXPECTED: dict[str, Any] = {
    "all_cases": 7,
    "all_defendants": 8,
    "kz_cases": 5,
    "kz_defendants": 6,
    "kz_by_year": {"2023": 1, "2024": 1, "2025": 3},
    "kz_by_procedure": {"shortened": 4, "general": 1},
    "kz_by_formation": {"wagner": 3, "mod": 3, "storm_z": 1},
    "kz_by_formation_confirmed": {"wagner": 1, "mod": 1, "storm_z": 0},
    "kz_by_article": {"KZ:172": 6, "KZ:170": 1},
    "kz_sentence_172_imprisonment": {
        "n": 5,
        "median": 54.0,
        "q1": 54.0,
        "q3": 60.0,
        "min": 48,
        "max": 80,
    },
    "kz_pathway": {  # step: (yes, no, unknown, funnel)
        "work_trip": (3, 3, 0, 3),
        "contract": (6, 0, 0, 3),
        "wounded": (3, 1, 2, 3),
        "deserted": (2, 1, 3, 2),
        "returned": (4, 0, 2, 2),
        "detained": (3, 1, 2, 2),
    },
    "all_by_country": {"KZ": 5, "UZ": 1, "KG": 1},
}


def _text_for(doc: Doc) -> tuple[str, list[Fact]]:
    """Document text and its facts, each span pointing at words on the right line."""
    c = doc.case
    lines: list[str] = []
    spans: list[tuple[str, Any, str, int | None, int]] = []  # prop, value, snippet, defendant, line

    def add(prop: str, value: Any, snippet: str, defendant: int | None = None) -> None:
        line = next(i for i in range(len(lines) - 1, -1, -1) if snippet in lines[i])
        spans.append((prop, value, snippet, defendant, line))

    if doc.kind == "post":
        lines.append("Работа для мужчин в России, высокая оплата, звоните.")
        add("recruitment", "online_ad", "Работа для мужчин в России", 0)
        add("name", doc.defendants[0].name, "Работа", 0)
    else:
        if doc.kind == "news":
            lines.append(
                f"{c['court']} вынес приговор по делу № {c['case_number']} жителю региона."
            )
        else:
            lines.append("П Р И Г О В О Р")
            lines.append(
                f"{c['verdict_date']} года {c['court']} в составе председательствующего "
                f"судьи {JUDGE}, с участием государственного обвинителя прокурора "
                f"{PROSECUTOR}, рассмотрев дело № {c['case_number']}"
            )
        add("country", doc.country, c["court"])
        for prop in (
            "court",
            "court_region",
            "verdict_date",
            "case_number",
            "procedure",
            "outcome",
        ):
            if prop in c:
                snippet = (
                    str(c[prop]) if prop in ("court", "verdict_date", "case_number") else c["court"]
                )
                add(prop, c[prop], snippet if snippet in "\n".join(lines) else c["court"])
        for i, d in enumerate(doc.defendants):
            if doc.key == "A":
                lines.append(
                    f"в отношении {d.name}, {d.facts['birth_year']} года рождения, ИИН {IIN}, "
                    f"паспорт {PASSPORT}, проживающего по адресу: г. Кокшетау, {STREET}, "
                    f"тел. {PHONE}, гражданина Республики Казахстан"
                )
            else:
                lines.append(f"в отношении {d.name}, гражданина, обвиняемого по делу")
            add("name", d.name, d.name, i)
            who = d.declined or d.name
            lines.append(
                f"признать {who} виновным; "
                + ", ".join(f"{k}={v}" for k, v in sorted(d.facts.items()))
            )
            for prop, value in sorted(d.facts.items()):
                for v in value if isinstance(value, list) else [value]:
                    add(prop, v, f"{prop}={value}", i)
    text = "\n".join(lines)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    facts = []
    for prop, value, snippet, defendant, line in spans:
        start = offsets[line] + lines[line].index(snippet)
        facts.append(Fact(prop, value, start, start + len(snippet), 0.9, 0, defendant))
    return text, facts


def build_fixture_db(path: Path | str) -> Engine:
    """Create (or reuse) the fixture database at ``path`` (a file, or a database URL)."""
    if "://" not in str(path):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = connect(str(path))
    with engine.begin() as conn:
        if repo.count_documents(conn):
            return engine
        for n, doc in enumerate(DOCS):
            text, facts = _text_for(doc)
            doc_id = repo.insert_document(
                conn,
                {
                    "sha256": f"{n:064d}",
                    "kind": doc.kind,
                    "language": "ru",
                    "format": "txt",
                    "source_path": f"fixture/{doc.key}.txt",
                    "source_url": f"https://example.org/{doc.key}",
                    "title": f"Документ {doc.key}",
                    "size_bytes": len(text.encode()),
                    "text": text,
                },
            )
            repo.replace_machine_facts(conn, doc_id, "fixture", "1", facts)
            for s in repo.document_statements(conn, doc_id):
                if doc.confirm == "all" or (
                    doc.confirm == "formations" and s["property"] == "formations"
                ):
                    repo.review_statement(conn, s["id"], author=REVIEWER, status="confirmed")
            cards.rebuild_views(conn, doc_id)
    return engine


# --- linked people (the linking stage's tables, filled as `warcases link` would) --------------

LIST_PASSPORT = "AB1234567"
LINKED = {
    # person id -> the records it joins
    "P1": ["doc/1/case/0/defendant/0", "doc/6/case/0/defendant/0", "list/1/1"],
    "P3": ["list/1/3", "list/2/1"],
}
LIST_ROWS = [
    # (record id, source, row, kind, name, birth_year, region, death_date, raw extra)
    (
        "list/1/1",
        1,
        1,
        "contract",
        "БЕКБОЛАТОВ АРМАН СЕРИКОВИЧ",
        1990,
        "kz/akmola",
        None,
        {"Паспорт": LIST_PASSPORT},
    ),
    ("list/1/3", 1, 3, "contract", "Жумабеков Нурсултан Ерланович", 1999, "kz/pavlodar", None, {}),
    (
        "list/2/1",
        2,
        1,
        "casualty",
        "Жумабеков Нурсултан Ерланович",
        1999,
        "kz/pavlodar",
        "2024-05-01",
        {},
    ),
    (
        "list/2/2",
        2,
        2,
        "casualty",
        "Тастанов Ерболат Маратович",
        1980,
        "kz/kostanay",
        "2024-08-10",
        {},
    ),
]
LIST_NAMES = sorted({row[4] for row in LIST_ROWS})

EXPECTED_OVERLAPS_KZ = {
    "persons": 8,
    "with_verdict": 6,
    "in_lists": 2,
    "died": 2,
    "list_and_verdict": 1,
    "list_and_died": 1,
    "verdict_and_died": 0,
    "list_verdict_and_died": 0,
}


def _insert(conn: Any, table: Any, **values: Any) -> None:
    """Insert with only the columns the table has, filling other required ones with blanks,
    so the fixture survives the linking stage's schema growing a column."""
    import datetime as dt

    from sqlalchemy import JSON, Boolean, DateTime, Integer, insert

    row = {k: v for k, v in values.items() if k in table.c}
    for col in table.c:
        if col.name in row or col.nullable or col.primary_key and col.autoincrement is True:
            continue
        kind = col.type
        row[col.name] = (
            False
            if isinstance(kind, Boolean)
            else 0
            if isinstance(kind, Integer)
            else {}
            if isinstance(kind, JSON)
            else dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
            if isinstance(kind, DateTime)
            else ""
        )
    conn.execute(insert(table).values(**row))


def add_linked_people(engine: Engine) -> None:
    """Two list files and two linked persons (one defendant found in a contract list and in the
    news; one list name who died), plus an unlinked casualty. Idempotent."""
    import datetime as dt

    from sqlalchemy import select

    from warcases.link.schema import list_records, list_sources, person_records, persons

    with engine.begin() as conn:
        if conn.execute(select(list_sources.c.id)).first() is not None:
            return
        for source, kind in ((1, "contracts"), (2, "casualties")):
            _insert(
                conn,
                list_sources,
                id=source,
                sha256=f"{source:x}" * 64,
                kind=kind,
                country="KZ",
                format="csv",
                path=f"fixture/list{source}.csv",
                n_rows=2,
                n_records=2,
                # imported after the verdicts and news, as in real use
                imported_at=dt.datetime(2030, 1, source, tzinfo=dt.UTC),
            )
        for rid, source, row, kind, name, year, region, died, extra in LIST_ROWS:
            _insert(
                conn,
                list_records,
                id=rid,
                source_id=source,
                row_number=row,
                kind=kind,
                name=name,
                birth_year=year,
                region=region,
                country="KZ",
                death_date=died,
                formations=[],
                source_urls=[],
                raw={"ФИО": name, **extra},
            )
        for pid, records in LINKED.items():
            kinds = [
                "verdict"
                if r.startswith("doc/1/")
                else "news"
                if r.startswith("doc/")
                else "contract"
                if r.startswith("list/1/")
                else "casualty"
                for r in records
            ]
            first = next(row for row in LIST_ROWS if row[0] in records)
            verdict = any(k in ("verdict", "news") for k in kinds)
            _insert(
                conn,
                persons,
                id=pid,
                name=first[4],
                birth_year=first[5],
                region=first[6],
                country="KZ",
                n_records=len(records),
                n_defendant=sum(k in ("verdict", "news") for k in kinds),
                n_contract=kinds.count("contract"),
                n_casualty=kinds.count("casualty"),
                has_verdict=verdict,
                convicted=verdict,
                died="casualty" in kinds,
            )
            for record, kind in zip(records, kinds, strict=True):
                _insert(conn, person_records, record_id=record, person_id=pid, record_kind=kind)
