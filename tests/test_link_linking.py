"""Linking the store: verdict and news defendants with list entries and death records into persons;
judgements by people survive re-runs; overlap and regional counts never count anyone twice."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from warcases.link.features import birth_interval
from warcases.link.judgements import JudgementError, judge
from warcases.link.lists import import_list
from warcases.link.queries import counts_by_region, find_persons, overlap
from warcases.link.run import link_store, rebuild_persons
from warcases.link.schema import match_judgements, match_pairs, person_records, persons
from warcases.model import Fact
from warcases.store import repo
from warcases.store.cards import rebuild_views


def add_defendant(engine, sha: str, kind: str, name: str, **facts) -> str:
    text = f"Суд приговорил {name}."
    with engine.begin() as conn:
        doc = repo.insert_document(conn, {"sha256": sha * 64, "kind": kind, "language": "ru", "format": "txt",
                                          "size_bytes": len(text.encode()), "text": text, "title": sha})
        case = [Fact("country", facts.pop("country", "KZ"), 0, 3),
                Fact("verdict_date", facts.pop("verdict_date", "2025-06-01"), 0, 3)]
        person = [Fact("name", name, 15, 15 + len(name), defendant=0)]
        person += [Fact(k, v, 0, 3, defendant=0) for k, v in facts.items()]
        repo.replace_machine_facts(conn, doc, kind, "1", case + person)
        rebuild_views(conn, doc)
    return f"doc/{doc}/case/0/defendant/0"


@pytest.fixture
def store(engine, tmp_path):
    ids = {
        "verdict": add_defendant(engine, "a", "verdict", "Жаксылыков Ерлан Нурланович", birth_year=1985,
                                 region="kz/karaganda"),
        "news": add_defendant(engine, "b", "news", "Жаксылыков Ерлан", age=40, region="kz/karaganda"),
        "akhmetov": add_defendant(engine, "c", "verdict", "Ахметов Серик Болатович", birth_year=1987,
                                  region="kz/akmola"),
    }
    contracts = tmp_path / "kz.csv"
    contracts.write_text(
        "ФИО,Дата рождения,Регион,Дата контракта\n"
        "Zhaksylykov Yerlan Nurlanovich,03.02.1985,kz/karaganda,12.03.2024\n"
        "Ахметов Серик Ерланович,1969,kz/akmola,01.2025\n"
        "Бекова Айгуль Маратовна,1990,kz/almaty,02.2025\n"
        "Сапаров Азамат Канатович,1991,kz/almaty,05.2024\n",
        encoding="utf-8",
    )
    dead = tmp_path / "dead.csv"
    dead.write_text("name,birth year,date of death,region\nСапаров Азамат,1991,2024-11-02,kz/almaty\n", encoding="utf-8")
    src = import_list(engine, contracts, "contracts", country="KZ").source_id
    dsrc = import_list(engine, dead, "casualties", country="KZ").source_id
    ids.update({"list_zh": f"list/{src}/2", "list_akh": f"list/{src}/3", "list_bek": f"list/{src}/4",
                "list_sap": f"list/{src}/5", "dead_sap": f"list/{dsrc}/2"})
    link_store(engine)
    return ids


def person_of(engine, record_id: str) -> str:
    with engine.connect() as conn:
        return conn.execute(select(person_records.c.person_id).where(person_records.c.record_id == record_id)).scalar()


def pair_row(engine, a: str, b: str):
    a, b = sorted((a, b))
    with engine.connect() as conn:
        return conn.execute(select(match_pairs).where(match_pairs.c.record_l == a, match_pairs.c.record_r == b)).first()


def test_records_of_one_man_become_one_person(engine, store):
    p = person_of(engine, store["verdict"])
    assert p == person_of(engine, store["news"]) == person_of(engine, store["list_zh"])
    assert person_of(engine, store["akhmetov"]) != person_of(engine, store["list_akh"])  # another father, born 1969
    assert person_of(engine, store["list_sap"]) == person_of(engine, store["dead_sap"])
    with engine.connect() as conn:
        (found,) = find_persons(conn, person=p)
    assert found["has_verdict"] and not found["died"] and found["n_records"] == 3
    assert {r["kind"] for r in found["records"]} == {"verdict", "news", "contract"}


def test_every_match_is_explained(engine, store):
    row = pair_row(engine, store["verdict"], store["list_zh"])
    assert row.machine == "yes" and row.match_probability > 0.9
    assert row.explanation["surname"]["level"] == "same key"  # Жаксылыков = Zhaksylykov
    assert row.explanation["patronymic"]["level"] == "same father's name"
    news = pair_row(engine, store["news"], store["verdict"])
    assert news.explanation["birth"]["level"] == "same year"  # 40 years old in a 2025 verdict


def test_persons_by_name_in_another_script(engine, store):
    with engine.connect() as conn:
        (found,) = find_persons(conn, name="Zhaksylykov Yerlan")
    assert found["name"] == "Жаксылыков Ерлан Нурланович"


def test_overlap_counts_each_person_once(engine, store):
    with engine.connect() as conn:
        result = overlap(conn, "kz")
        regions = counts_by_region(conn)
    assert (result["on_list"], result["with_verdict"], result["died"], result["both"]) == (4, 1, 1, 0)
    assert result["by_region"]["kz/karaganda"] == {"on_list": 1, "with_verdict": 1, "died": 0, "both": 0}
    assert regions["kz/karaganda"]["persons"] == 1  # three records, one man
    assert regions["kz/almaty"] == {"persons": 2, "with_verdict": 0, "on_list": 2, "died": 1}


def test_a_persons_no_splits_and_survives_a_rerun(engine, store):
    match_id = pair_row(engine, store["list_sap"], store["dead_sap"]).id
    with engine.begin() as conn:
        judge(conn, str(match_id), "no", "Aigerim", note="different fathers per the family")
        rebuild_persons(conn)
    assert person_of(engine, store["list_sap"]) != person_of(engine, store["dead_sap"])
    link_store(engine)  # the machine still says yes …
    row = pair_row(engine, store["list_sap"], store["dead_sap"])
    assert row.machine == "yes" and row.id == match_id  # … the pair keeps its number
    assert person_of(engine, store["list_sap"]) != person_of(engine, store["dead_sap"])  # … the person wins
    with engine.connect() as conn:
        (j,) = conn.execute(select(match_judgements)).all()
        assert (j.judgement, j.author) == ("no", "Aigerim")
        assert overlap(conn, "KZ")["died"] == 0


def test_a_persons_yes_joins_what_the_machine_kept_apart(engine, store):
    with engine.begin() as conn:
        judge(conn, f"{store['akhmetov']}={store['list_akh']}", "yes", "Dana")
        rebuild_persons(conn)
    assert person_of(engine, store["akhmetov"]) == person_of(engine, store["list_akh"])
    link_store(engine)
    assert person_of(engine, store["akhmetov"]) == person_of(engine, store["list_akh"])


def test_a_no_inside_a_connected_cluster_is_flagged(engine, store):
    with engine.begin() as conn:
        judge(conn, f"{store['verdict']}={store['list_zh']}", "no", "Aigerim")
        rebuild_persons(conn)
    p = person_of(engine, store["verdict"])
    assert p == person_of(engine, store["list_zh"])  # still joined through the news record
    with engine.connect() as conn:
        assert conn.execute(select(persons.c.conflict).where(persons.c.id == p)).scalar()


def test_latest_judgement_wins(engine, store):
    pair = f"{store['list_sap']}={store['dead_sap']}"
    with engine.begin() as conn:
        judge(conn, pair, "no", "Aigerim")
        judge(conn, pair, "yes", "Dana")
        rebuild_persons(conn)
    assert person_of(engine, store["list_sap"]) == person_of(engine, store["dead_sap"])


@pytest.mark.parametrize(
    ("match", "decision", "author", "message"),
    [("999", "yes", "A", "no match number 999"), ("x", "yes", "A", "a match is a number"),
     ("a=b", "maybe", "A", "decision must be one of"), ("a=b", "yes", " ", "say who decides")],
)
def test_bad_judgements_are_refused(engine, match, decision, author, message):
    with engine.begin() as conn, pytest.raises(JudgementError, match=message):
        judge(conn, match, decision, author)


def test_person_ids_are_stable_across_runs(engine, store):
    before = person_of(engine, store["verdict"])
    link_store(engine)
    assert person_of(engine, store["verdict"]) == before


@pytest.mark.parametrize(
    ("birth_date", "birth_year", "age", "report", "expected"),
    [("1985-03-12", None, None, None, (1985, 1985)), (None, 1985, None, None, (1985, 1985)),
     (None, None, 42, "2025-09-15", (1982, 1983)), (None, None, None, None, (None, None)),
     (None, None, 40, None, (None, None))],
)
def test_birth_interval_with_age_at_report(birth_date, birth_year, age, report, expected):
    assert birth_interval(birth_date, birth_year, age, report) == expected


@pytest.mark.postgres
def test_import_link_and_judge_on_postgresql(pg_url, tmp_path):
    """The same stage on PostgreSQL: JSON explanations, judgements and persons; cleaned up after."""
    from sqlalchemy import delete

    from warcases.link.schema import link_runs, list_records, list_sources
    from warcases.store.db import open_store

    eng = open_store(pg_url)
    contracts = tmp_path / "pg-kz.csv"
    contracts.write_text("ФИО,Дата рождения\nZhaksylykov Yerlan Nurlanovich,03.02.1985\n"
                         "Сапаров Азамат Канатович,1991\n", encoding="utf-8")
    dead = tmp_path / "pg-dead.csv"
    dead.write_text("ФИО,Год рождения,Дата смерти\nЖаксылыкова Ерлана Нурлановича,1985,2024-11-02\n",
                    encoding="utf-8")
    try:
        src = import_list(eng, contracts, "contracts", country="KZ").source_id
        dsrc = import_list(eng, dead, "casualties", country="KZ").source_id
        link_store(eng)
        a, b = f"list/{src}/2", f"list/{dsrc}/2"
        assert person_of(eng, a) == person_of(eng, b)
        row = pair_row(eng, a, b)
        assert row.machine == "yes" and row.explanation["surname"]["level"] == "same key"
        with eng.begin() as conn:
            judge(conn, str(row.id), "no", "Aigerim")
        link_store(eng)
        assert person_of(eng, a) != person_of(eng, b)
        with eng.connect() as conn:
            assert overlap(conn, "KZ")["died"] == 0
    finally:
        with eng.begin() as conn:
            for table in (person_records, persons, match_judgements, match_pairs, link_runs, list_records,
                          list_sources):
                conn.execute(delete(table))
        eng.dispose()
