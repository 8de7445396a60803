"""End to end through the real pipeline: the demo corpus ingested and extracted, contract and death
lists written in other spellings imported, then `warcases link`, `persons`, `overlap` and region
counts on what the extractors actually produced (fictional people only)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from warcases.link.queries import counts_by_region, find_persons, overlap
from warcases.link.schema import person_records
from warcases.store.schema import defendants

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"

# Written as a Ukrainian project's list would: Latin, CAPS, a declined form, Russian patronymics
# for Kazakh ones, region names in Russian. Every name stands for a defendant of the demo verdicts.
CONTRACTS_KZ = """№;ФИО;Дата рождения;Область;Дата контракта;Источник
1;Zhaksylykov Yerlan Serikovich;03.11.1990;Карагандинская;март 2024;https://t.example/1 https://t.example/2
2;САРСЕНБАЕВ ЕРБОЛАТ НУРЛАНОВИЧ;1992;;2024;
3;Нурланова Гульнар Сериковна;14.04.1991;;12.2024;https://t.example/3
4;Ахметов Данияр Канатович;1975;;2024;
5;Кусаинова Берика Маратовича;1983;;2024;
6;Tulegenov Askhat Maratovich;09.02.1995;Атырауская;05.2024;
7;Ospanov Bekzat Qairatuly;12.08.1996;;;
8;Бекмуратов Даурен;1997;Павлодарская;;
9;Досмухамедов Тимур Аскарович;1999;Карагандинская;2024;
"""
CONTRACTS_OTHER = """Full name,Date of birth,Citizenship
Talant Zhumabek uulu,03.03.1996,Kyrgyzstan
Rahimov Baxtiyor Shuxrat o‘g‘li,12.03.1986,Uzbekistan
ABDYKADYROV NURSULTAN ZHOLDOSHBEKOVICH,14.02.2000,Kyrgyzstan
"""
DEAD = """ФИО,Год рождения,Дата смерти,Гражданство
Тулегенов Асхат Маратович,1995,2024-11-02,Казахстан
Jaqsylyqov Erlan Serikuly,1990,2025,Казахстан
"""


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    from warcases.cli import app
    from warcases.extract.pipeline import run_extraction
    from warcases.ingest.pipeline import ingest_paths
    from warcases.store.db import make_engine, migrate

    tmp = tmp_path_factory.mktemp("linked")
    db = str(tmp / "w.db")
    engine = make_engine(f"sqlite:///{db}")
    migrate(engine)
    ingest_paths(engine, [DEMO])
    run_extraction(engine)
    files = {"kz.csv": CONTRACTS_KZ, "other.csv": CONTRACTS_OTHER, "dead.csv": DEAD}
    for name, text in files.items():
        (tmp / name).write_text(text, encoding="utf-8")
    runner = CliRunner()

    def run(*args: str):
        result = runner.invoke(app, [*args, "--db", db])
        assert result.exit_code == 0, result.output
        return result.output

    run("import-list", str(tmp / "kz.csv"), "--kind", "contracts", "--country", "KZ")
    run("import-list", str(tmp / "other.csv"), "--kind", "contracts")
    run("import-list", str(tmp / "dead.csv"), "--kind", "casualties")
    out = run("link")
    yield engine, run, out
    engine.dispose()


def defendant_named(engine, name: str) -> str:
    with engine.connect() as conn:
        ids = conn.execute(select(defendants.c.id).where(defendants.c.name == name)).scalars().all()
    assert len(ids) == 1, (name, ids)
    return ids[0]


def person_of(engine, record_id: str) -> str:
    with engine.connect() as conn:
        return conn.execute(
            select(person_records.c.person_id).where(person_records.c.record_id == record_id)
        ).scalar_one()


def list_record(engine, name: str) -> str:
    from warcases.link.schema import list_records

    with engine.connect() as conn:
        (rid,) = conn.execute(select(list_records.c.id).where(list_records.c.name == name)).scalars().all()
    return rid


def test_link_reads_defendants_and_list_rows(linked):
    engine, _, out = linked
    with engine.connect() as conn:
        n_defendants = len(conn.execute(select(defendants.c.id)).all())
    assert f"{n_defendants + 14} records" in out  # every defendant and every list row
    assert "yes" in out


@pytest.mark.parametrize(
    ("defendant", "listed"),
    [
        ("Жаксылыков Ерлан Серикович", "Zhaksylykov Yerlan Serikovich"),  # English spelling
        ("Сәрсенбаев Ерболат Нұрланұлы", "Сарсенбаев Ерболат Нурланович"),  # Kazakh letters, -ұлы = -ович, CAPS
        ("Нұрланова Гүлнар Серікқызы", "Нурланова Гульнар Сериковна"),  # -қызы = -овна
        ("Кусаинов Берик Маратович", "Кусаинов Берик Маратович"),  # imported declined: "Кусаинова Берика Маратовича"
        ("Оспанов Бекзат Қайратұлы", "Ospanov Bekzat Qairatuly"),  # Kazakh Latin 2021 spelling
        ("Жумабек уулу Талант", "Zhumabek uulu Talant"),  # Kyrgyz уулу, given name first
        ("Рахимов Бахтиёр Шухратович", "Rahimov Baxtiyor Shuxrat o‘g‘li"),  # Uzbek Latin, o‘g‘li
        ("Абдыкадыров Нурсултан Жолдошбекович", "Abdykadyrov Nursultan Zholdoshbekovich"),
    ],
)
def test_list_entries_join_the_defendants_they_name(linked, defendant, listed):
    engine, _, _ = linked
    assert person_of(engine, defendant_named(engine, defendant)) == person_of(engine, list_record(engine, listed))


def test_a_namesake_born_sixteen_years_earlier_stays_apart(linked):
    engine, _, _ = linked
    verdict = defendant_named(engine, "Ахметов Данияр Канатович")
    assert person_of(engine, verdict) != person_of(engine, list_record(engine, "Ахметов Данияр Канатович"))


def test_persons_shows_verdict_list_entry_and_death_with_reasons(linked):
    engine, run, _ = linked
    (person,) = [p for p in json.loads(run("persons", "Tulegenov Askhat", "--json")) if p["n_records"] > 1]
    kinds = sorted(r["kind"] for r in person["records"])
    assert kinds == ["casualty", "contract", "verdict"]
    assert person["has_verdict"] and person["died"]
    for m in person["matches"]:
        assert m["machine"] in ("yes", "unsure") and m["why"]["surname"]["level"] == "same key"


def test_overlap_and_regions_count_each_person_once(linked):
    engine, run, _ = linked
    with engine.connect() as conn:
        result = overlap(conn, "KZ")
        regions = counts_by_region(conn)
        zh = find_persons(conn, person=person_of(engine, defendant_named(engine, "Жаксылыков Ерлан Серикович")))
    assert result["on_list"] == 9  # nine rows on the Kazakh list, nine people
    # seven have a verdict (Ахметов born 1975 and Досмухамедов do not); two died, both with a verdict
    assert (result["with_verdict"], result["died"], result["both"]) == (7, 2, 2)
    assert sum(b["on_list"] for b in result["by_region"].values()) == result["on_list"]
    (zh,) = zh
    assert zh["region"] == "kz/karaganda" and zh["n_records"] >= 3  # verdict, list entry, death record
    with engine.connect() as conn:
        from warcases.link.schema import persons

        n_persons = len(conn.execute(select(persons.c.id)).all())
    assert sum(b["persons"] for b in regions.values()) == n_persons
    assert json.loads(run("overlap", "--country", "KZ", "--json"))["on_list"] == 9


def test_persons_by_region_counts_the_three_records_of_one_man_once(linked):
    engine, run, _ = linked
    zh = person_of(engine, defendant_named(engine, "Жаксылыков Ерлан Серикович"))
    with engine.connect() as conn:
        from warcases.link.schema import persons

        karaganda = conn.execute(select(persons.c.id).where(persons.c.region == "kz/karaganda")).scalars().all()
    by_region = json.loads(run("persons", "--by-region", "--json"))
    assert by_region["kz/karaganda"]["persons"] == len(karaganda) and zh in karaganda
    assert "each person once" in run("persons", "--by-region", "--country", "KZ")
