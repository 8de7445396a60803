"""Exports: csv/xlsx/json/sqlite, provenance, public redaction, Datasette metadata."""

from __future__ import annotations

import asyncio
import csv
import json
import sqlite3
from pathlib import Path

import pytest
import typer
from fixture_db import DEFENDANT_NAMES, IIN, JUDGE, PASSPORT, build_fixture_db
from typer.testing import CliRunner

from warcases.analyze.indicators import PUBLISHED_FILE
from warcases.analyze.officialstats import import_stats
from warcases.publish.commands import register
from warcases.publish.export import export

TABLES = [
    "documents",
    "cases",
    "defendants",
    "charges",
    "sentences",
    "persons",
    "statements",
    "official_stats",
]


@pytest.fixture(scope="module")
def fixture_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "fixture.db"
    engine = build_fixture_db(path)
    import_stats(engine, PUBLISHED_FILE)
    return path


@pytest.fixture(scope="module")
def engine(fixture_path):
    return build_fixture_db(fixture_path)


@pytest.fixture(scope="module")
def public(engine, tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("public")
    out = {}
    for fmt, target in (
        ("csv", base / "csv"),
        ("json", base / "out.json"),
        ("xlsx", base / "out.xlsx"),
        ("sqlite", base / "warcases.sqlite"),
    ):
        export(engine, fmt, target, public=True)
        out[fmt] = target
    return out


def everything_written(path: Path) -> str:
    """All text of an export, whatever the format."""
    if path.is_dir():
        return "\n".join(p.read_text(encoding="utf-8") for p in sorted(path.iterdir()))
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        return "\n".join(
            str(c)
            for ws in wb.worksheets
            for row in ws.iter_rows(values_only=True)
            for c in row
            if c is not None
        )
    if path.suffix == ".sqlite":
        con = sqlite3.connect(path)
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        text = "\n".join(
            str(v) for t in tables for row in con.execute(f'SELECT * FROM "{t}"') for v in row
        )
        con.close()
        return text
    return path.read_text(encoding="utf-8")


def test_internal_csv_has_every_table_with_full_names_and_provenance(engine, tmp_path):
    out = tmp_path / "csv"
    result = export(engine, "csv", out)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{t}.csv" for t in TABLES] + ["metadata.json"]
    )
    defendants = list(csv.DictReader((out / "defendants.csv").open(encoding="utf-8")))
    assert sorted({d["name"] for d in defendants}) == DEFENDANT_NAMES
    assert result.rows["charges"] == 10 and result.rows["sentences"] == 8
    statements = list(csv.DictReader((out / "statements.csv").open(encoding="utf-8")))
    court = next(
        s for s in statements if s["subject"] == "doc/1/case/0" and s["property"] == "court"
    )
    assert court["status"] == "confirmed" and court["author"] == "editor-1"
    assert int(court["span_end"]) > int(court["span_start"])
    assert JUDGE in court["quote"]
    charges = list(csv.DictReader((out / "charges.csv").open(encoding="utf-8")))
    kim = [c for c in charges if c["defendant_id"] == "doc/4/case/0/defendant/1"]
    assert [(c["code"], c["article"], c["part"]) for c in kim] == [
        ("KZ", "172", "1"),
        ("KZ", "170", "2"),
    ]


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx", "sqlite"])
def test_public_exports_hold_no_protected_name_or_identifier_but_keep_officials(public, fmt):
    text = everything_written(public[fmt])
    for name in DEFENDANT_NAMES:
        assert name not in text, name
    assert "Бекболатова Армана" not in text  # declined forms are caught too
    assert IIN not in text and PASSPORT not in text
    assert JUDGE in text  # judges' names are kept
    assert "Б.А.С. [P-" in text


def test_the_same_person_has_the_same_pseudonym_in_every_export(public):
    data = json.loads(public["json"].read_text(encoding="utf-8"))
    by_id = {d["id"]: d["pseudonym"] for d in data["tables"]["defendants"]}
    with (public["csv"] / "defendants.csv").open(encoding="utf-8") as fh:
        assert {d["id"]: d["pseudonym"] for d in csv.DictReader(fh)} == by_id
    con = sqlite3.connect(public["sqlite"])
    assert dict(con.execute("SELECT id, pseudonym FROM defendants")) == by_id
    con.close()
    assert len(set(by_id.values())) == len(by_id)
    shown = {d["id"]: d["name"] for d in data["tables"]["defendants"]}
    assert all(shown[i].endswith(f"[{p}]") for i, p in by_id.items())


def test_public_birth_dates_are_cut_to_the_year_and_source_paths_dropped(public):
    data = json.loads(public["json"].read_text(encoding="utf-8"))
    assert "source_path" not in data["tables"]["documents"][0]
    assert data["metadata"]["license"]
    assert "pseudonym" in data["metadata"]["description"]


def test_json_keeps_lists_and_booleans_native(engine, tmp_path):
    out = tmp_path / "all.json"
    export(engine, "json", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    kim = next(d for d in data["tables"]["defendants"] if d["id"] == "doc/4/case/0/defendant/1")
    assert kim["charges"] == ["KZ:172:1", "KZ:170:2"] and kim["confirmed"] is False
    official = [
        r
        for r in data["tables"]["official_stats"]
        if r["article"] == "KZ:172" and r["period"] == "2025" and r["indicator"] == "registered"
    ]
    assert sorted(r["value"] for r in official) == [141, 709]


def test_sqlite_export_opens_in_datasette_with_descriptions_and_licence(public):
    from datasette.app import Datasette

    db = public["sqlite"]
    meta = json.loads(db.with_name("warcases.metadata.json").read_text(encoding="utf-8"))

    async def visit():
        ds = Datasette([str(db)], metadata=meta)
        await ds.invoke_startup()
        rows = (await ds.client.get("/warcases/defendants.json?_shape=array")).json()
        page = (await ds.client.get("/warcases/defendants")).text
        linked = (await ds.client.get("/warcases/charges.json?_shape=array&_labels=on")).json()
        index = (await ds.client.get("/")).text
        return rows, page, linked, index

    rows, page, linked, index = asyncio.run(visit())
    assert len(rows) == 10 and all("[P-" in r["name"] for r in rows)
    assert "One row per defendant of a case card." in page
    assert "Stable pseudonym of the person" in page  # column descriptions
    assert "CC BY 4.0" in index
    assert linked[0]["defendant_id"]["value"].startswith("doc/")  # foreign keys become links
    con = sqlite3.connect(db)
    about = dict(con.execute("SELECT column_name, description FROM _about WHERE table_name = ''"))
    con.close()
    assert about["license"] == "CC BY 4.0"


def test_datasette_inspect_reads_the_export(public):
    import subprocess
    import sys

    res = subprocess.run(
        [sys.executable, "-m", "datasette", "inspect", str(public["sqlite"])],
        capture_output=True,
        text=True,
        check=True,
    )
    counts = {t: v["count"] for t, v in json.loads(res.stdout)["warcases"]["tables"].items()}
    assert counts["defendants"] == 10 and counts["official_stats"] >= 20


def test_cli_export(fixture_path, tmp_path):
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """A mini app: with one command Typer would otherwise make it the whole program."""

    register(app)
    out = tmp_path / "cli.xlsx"
    res = CliRunner().invoke(
        app,
        ["export", "--format", "xlsx", "--out", str(out), "--public", "--db", str(fixture_path)],
    )
    assert res.exit_code == 0, res.output
    assert "public (redacted, re-scanned: no leak found)" in res.output
    from openpyxl import load_workbook

    wb = load_workbook(out, read_only=True)
    assert wb.sheetnames[0] == "about" and "defendants" in wb.sheetnames
    bad = CliRunner().invoke(
        app, ["export", "--format", "pdf", "--out", str(tmp_path / "x"), "--db", str(fixture_path)]
    )
    assert bad.exit_code != 0 and "csv, xlsx, json, sqlite" in bad.output
    assert CliRunner().invoke(app, ["export", "--help"]).exit_code == 0


@pytest.fixture(scope="module")
def linked_engine(tmp_path_factory):
    from fixture_db import add_linked_people

    engine = build_fixture_db(tmp_path_factory.mktemp("linked") / "linked.db")
    add_linked_people(engine)
    return engine


def test_a_linked_person_has_one_pseudonym_in_every_table_and_export(linked_engine, tmp_path):
    from fixture_db import LIST_NAMES

    export(linked_engine, "json", tmp_path / "a.json", public=True)
    export(linked_engine, "sqlite", tmp_path / "b.sqlite", public=True)
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    defendants = {d["id"]: d for d in data["tables"]["defendants"]}
    verdict, news = defendants["doc/1/case/0/defendant/0"], defendants["doc/6/case/0/defendant/0"]
    # In public output the person key is the pseudonym: the internal key ("record:<sha256 of
    # the source file>/…") would let anyone holding the file find the person.
    p1_key = verdict["pseudonym"]
    assert verdict["person_key"] == news["person_key"] == p1_key
    assert p1_key.startswith("P-") and verdict["pseudonym"] == news["pseudonym"]
    assert "record:" not in everything_written(tmp_path / "a.json")
    persons = {p["person_key"]: p for p in data["tables"]["persons"]}
    p1 = persons[p1_key]
    assert p1["records"] == ["doc/1/case/0/defendant/0", "doc/6/case/0/defendant/0", "list/1/1"]
    assert p1["pseudonym"] == verdict["pseudonym"] and p1["role"] == "defendant"
    (p3,) = [p for p in persons.values() if "list/1/3" in p["records"]]
    # the contract list came before the deaths
    assert p3["sources"] == ["casualty", "contract"]
    con = sqlite3.connect(tmp_path / "b.sqlite")
    assert (
        con.execute("SELECT pseudonym FROM persons WHERE person_key = ?", (p1_key,)).fetchone()[0]
        == p1["pseudonym"]
    )
    con.close()
    text = everything_written(tmp_path / "a.json")
    for name in LIST_NAMES:
        assert name.casefold() not in text.casefold()
    dead = next(p for p in persons.values() if p["records"] == ["list/2/2"])
    assert dead["role"] == "casualty" and dead["name"].startswith("Т.Е.М. [P-")


def test_internal_export_keeps_list_names(linked_engine, tmp_path):
    export(linked_engine, "csv", tmp_path / "full")
    with (tmp_path / "full" / "persons.csv").open(encoding="utf-8") as fh:
        names = {p["name"] for p in csv.DictReader(fh)}
    assert "Тастанов Ерболат Маратович" in names


def test_rescan_knows_identifiers_held_only_in_list_files(linked_engine, tmp_path):
    from fixture_db import LIST_PASSPORT

    from warcases.publish.redact import load_policy
    from warcases.publish.rescan import scan_path, sensitive_terms

    with linked_engine.connect() as conn:
        terms = sensitive_terms(conn, load_policy())
    note = tmp_path / "notes.txt"
    note.write_text(
        f"см. {LIST_PASSPORT[:2]} {LIST_PASSPORT[2:]}\nЖУМАБЕКОВ НУРСУЛТАН ЕРЛАНОВИЧ\n",
        encoding="utf-8",
    )
    found = [(leak.place, leak.kind) for leak in scan_path(note, terms)]
    assert found == [("notes.txt: line 1", "passport"), ("notes.txt: line 2", "name")]


def _pseudonyms(engine) -> dict[str, str]:
    from warcases.publish.pseudonyms import assign

    with engine.connect() as conn:
        given = assign(conn)
    return {rid: given.pseudonym(rid) for rid in given.keys}


def _relink(engine, clusters: dict[str, list[str]]) -> None:
    """Replace the clusters as a new `warcases link` run would: new person ids, new members."""
    from fixture_db import _insert
    from sqlalchemy import delete

    from warcases.link.schema import person_records, persons

    with engine.begin() as conn:
        conn.execute(delete(person_records))
        conn.execute(delete(persons))
        for pid, records in clusters.items():
            _insert(conn, persons, id=pid, n_records=len(records))
            for record in records:
                _insert(conn, person_records, record_id=record, person_id=pid, record_kind="x")


def test_pseudonyms_survive_relinking_new_person_ids_and_new_members(tmp_path):
    from fixture_db import add_linked_people

    engine = build_fixture_db(tmp_path / "relink.db")
    verdict, news = "doc/1/case/0/defendant/0", "doc/6/case/0/defendant/0"
    before = _pseudonyms(engine)  # no linking stage yet: everyone on their own
    assert before[verdict] != before[news]
    add_linked_people(engine)
    linked = _pseudonyms(engine)
    # the verdict came first, so the linked person keeps the verdict defendant's pseudonym
    assert linked[verdict] == linked[news] == linked["list/1/1"] == before[verdict]
    # a later run numbers the clusters differently, lists members in another order and links a
    # casualty record to the same person: nobody's pseudonym moves
    _relink(
        engine,
        {
            "P-new-7": ["list/2/2", "list/1/1", news, verdict],
            "P-new-2": ["list/2/1", "list/1/3"],
        },
    )
    relinked = _pseudonyms(engine)
    for rid in (verdict, news, "list/1/1", "list/1/3", "list/2/1"):
        assert relinked[rid] == linked[rid], rid
    assert relinked["list/2/2"] == linked[verdict]
    export(engine, "json", tmp_path / "a.json", public=True)
    rows = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["tables"]["defendants"]
    assert {r["id"]: r["pseudonym"] for r in rows}[news] == before[verdict]
    # a person splits a wrong link off: the part without the first record gets its own name
    _relink(engine, {"P-a": [verdict, "list/1/1"], "P-b": [news, "list/2/2"]})
    split = _pseudonyms(engine)
    assert split[verdict] == before[verdict] and split[news] == split["list/2/2"] != split[verdict]
