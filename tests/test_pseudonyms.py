"""Stored pseudonyms: the same person keeps the same pseudonym across exports, re-links, new
records, merges and splits, and a database rebuilt from the same files keeps them through the
mapping file. Fictional people only."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
import typer
from sqlalchemy import delete, inspect, select
from typer.testing import CliRunner

from warcases.model import Fact
from warcases.publish.commands import register
from warcases.publish.export import export
from warcases.publish.pseudonym_file import PseudonymFileError, read_mapping
from warcases.publish.pseudonyms import assign, sync_pseudonyms
from warcases.publish.schema import PUBLISH_TABLES, pseudonyms
from warcases.store import repo
from warcases.store.cards import rebuild_views
from warcases.store.db import connect
from warcases.store.schema import metadata

NAMES = {
    "A": "Абдрахманов Ерасыл Болатович",
    "B": "Баймуханов Ержан Тимурович",
    "C": "Нуркенов Сабит Маратович",
    "E": "Есенов Дамир Аскарович",
}
LIST_NAME = "АБДРАХМАНОВ ЕРАСЫЛ БОЛАТОВИЧ"
T0 = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)


def _sha(salt: str, tag: str) -> str:
    return hashlib.sha256(f"{salt}:{tag}".encode()).hexdigest()


def ingest(engine, tags, salt="s", days=None) -> dict[str, str]:
    """One verdict per tag (its defendant is NAMES[tag]), ingested in the order given (or at
    ``days[tag]`` days after T0). Returns tag → defendant record id."""
    out = {}
    with engine.begin() as conn:
        for n, tag in enumerate(tags):
            name = NAMES[tag]
            text = f"Приговор суда Республики Казахстан.\nПодсудимый {name} признан виновным."
            doc = repo.insert_document(
                conn,
                {
                    "sha256": _sha(salt, tag),
                    "kind": "verdict",
                    "language": "ru",
                    "format": "txt",
                    "size_bytes": len(text.encode()),
                    "text": text,
                    "title": f"Приговор {tag}",
                    "ingested_at": T0 + dt.timedelta(days=(days or {}).get(tag, n)),
                },
            )
            s = text.index(name)
            facts = [
                Fact("country", "KZ", 0, 8),
                Fact("name", name, s, s + len(name), defendant=0),
                Fact("charges", "KZ:172:1", 0, 8, defendant=0),
            ]
            repo.replace_machine_facts(conn, doc, "test", "1", facts)
            rebuild_views(conn, doc)
            out[tag] = f"doc/{doc}/case/0/defendant/0"
    return out


def add_list(engine, salt="s", day=30) -> str:
    """A contract list of one row naming A; returns the record id."""
    from fixture_db import _insert

    from warcases.link.schema import list_records, list_sources

    with engine.begin() as conn:
        src = conn.execute(
            list_sources.insert().values(
                sha256=_sha(salt, "list"),
                kind="contracts",
                country="KZ",
                format="csv",
                column_map={},
                n_rows=1,
                n_records=1,
                warnings=[],
                imported_at=T0 + dt.timedelta(days=day),
            )
        ).inserted_primary_key[0]
        rid = f"list/{src}/1"
        _insert(
            conn,
            list_records,
            id=rid,
            source_id=src,
            row_number=1,
            kind="contract",
            name=LIST_NAME,
            birth_year=1995,
            country="KZ",
            formations=[],
            source_urls=[],
            raw={"ФИО": LIST_NAME},
        )
    return rid


def link(engine, clusters: dict[str, list[str]]) -> None:
    """Replace the linker's clusters (only the records named here), as `warcases link` would."""
    from fixture_db import _insert

    from warcases.link.schema import person_records, persons

    records = [r for group in clusters.values() for r in group]
    with engine.begin() as conn:
        conn.execute(delete(person_records).where(person_records.c.record_id.in_(records)))
        for pid, group in clusters.items():
            conn.execute(delete(person_records).where(person_records.c.person_id == pid))
            conn.execute(delete(persons).where(persons.c.id == pid))
            _insert(conn, persons, id=pid, n_records=len(group))
            for rid in group:
                _insert(conn, person_records, record_id=rid, person_id=pid, record_kind="x")


def shown(engine, tmp_path: Path, fmt: str = "json") -> dict[str, str]:
    """Record id → pseudonym, as a public export shows it (defendants and persons tables)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    out = tmp_path / f"shown-{len(list(tmp_path.iterdir()))}.{fmt}"
    export(engine, fmt, out, public=True)
    data = json.loads(out.read_text(encoding="utf-8"))["tables"]
    seen = {d["id"]: d["pseudonym"] for d in data["defendants"]}
    for p in data["persons"]:
        for rid in p["records"]:
            assert seen.setdefault(rid, p["pseudonym"]) == p["pseudonym"], rid
    return seen


def rows_of(engine) -> dict[tuple[str, str], str]:
    with engine.connect() as conn:
        return {(r.record_key, r.pseudonym): r.status for r in conn.execute(select(pseudonyms))}


# --- the table --------------------------------------------------------------------------------


def test_migration_creates_the_pseudonyms_table_as_declared(engine):
    import importlib.util

    insp = inspect(engine)
    for table in PUBLISH_TABLES:
        cols = {c["name"] for c in insp.get_columns(table)}
        assert cols == set(metadata.tables[table].columns.keys()), table
    path = Path(__file__).resolve().parents[1] / "src/warcases/store/migrations/versions"
    spec = importlib.util.spec_from_file_location("m0005", path / "0005_pseudonyms.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert (mod.revision, mod.down_revision) == ("0005_pseudonyms", "0004_search_fold")


# --- the rules, on SQLite and PostgreSQL alike ------------------------------------------------


def merge_and_split(engine, tmp_path: Path, salt: str) -> None:
    ids = ingest(engine, ["A", "B", "C"], salt=salt)
    a, b, c = ids["A"], ids["B"], ids["C"]
    first = shown(engine, tmp_path)
    pa, pb, pc = first[a], first[b], first[c]
    assert len({pa, pb, pc}) == 3 and pa.startswith("P-")
    # nothing changed: exporting again gives the same, and writes nothing new
    before = rows_of(engine)
    assert shown(engine, tmp_path) == first and rows_of(engine) == before

    # A and B are linked: the merged person keeps A's (assigned first); B's is kept as an alias
    link(engine, {f"{salt}-1": [b, a]})
    merged = shown(engine, tmp_path)
    assert merged[a] == merged[b] == pa and merged[c] == pc
    key_b = next(k for k, p in rows_of(engine) if p == pb)
    assert rows_of(engine)[(key_b, pb)] == "alias"
    assert rows_of(engine)[(key_b, pa)] == "current"

    # a list record joins the person: it takes the person's pseudonym
    row = add_list(engine, salt=salt)
    link(engine, {f"{salt}-1": [a, row, b]})
    assert shown(engine, tmp_path)[row] == pa

    # the wrong link is undone: B's part takes back B's own earlier pseudonym
    link(engine, {f"{salt}-2": [a, row], f"{salt}-3": [b]})
    split = shown(engine, tmp_path)
    assert split[a] == split[row] == pa and split[b] == pb

    # a part that never had one of its own gets a new one, never one given before
    link(engine, {f"{salt}-4": [a, b], f"{salt}-5": [row]})
    parted = shown(engine, tmp_path)
    assert parted[a] == parted[b] == pa
    assert parted[row] not in {pa, pb, pc}
    assert shown(engine, tmp_path) == parted  # and it stays


def test_merge_split_and_joining_records(engine, tmp_path):
    merge_and_split(engine, tmp_path, "sqlite")


@pytest.mark.postgres
def test_merge_split_and_joining_records_on_postgresql(pg_url, tmp_path):
    from sqlalchemy import create_engine, text

    admin = create_engine(pg_url.replace("/warcases?", "/postgres?"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS warcases_pseudonyms"))
        conn.execute(text("CREATE DATABASE warcases_pseudonyms"))
    admin.dispose()
    engine = connect(pg_url.replace("/warcases?", "/warcases_pseudonyms?"))
    try:
        merge_and_split(engine, tmp_path, "pg")
    finally:
        engine.dispose()


def test_an_older_record_joining_later_does_not_move_the_pseudonym(engine, tmp_path):
    """Unlike a pseudonym taken from whichever record entered the database first: a record
    dated before the person's (E, ingested 'earlier') linked to them later changes nothing."""
    ids = ingest(engine, ["C"], days={"C": 10})
    pc = shown(engine, tmp_path)[ids["C"]]
    ids |= ingest(engine, ["E"], days={"E": 1})
    link(engine, {"P1": [ids["E"], ids["C"]]})
    after = shown(engine, tmp_path)
    assert after[ids["E"]] == after[ids["C"]] == pc
    with engine.connect() as conn:  # what a person key names: the record it is anchored to
        assert assign(conn).keys[ids["E"]].endswith(_sha("s", "C") + "/case/0/defendant/0")


def test_the_same_person_has_one_pseudonym_in_every_format(engine, tmp_path):
    from test_export import everything_written

    ids = ingest(engine, ["A", "B"])
    row = add_list(engine)
    link(engine, {"P1": [ids["A"], row]})
    outs = {
        "csv": tmp_path / "csv",
        "json": tmp_path / "out.json",
        "xlsx": tmp_path / "out.xlsx",
        "sqlite": tmp_path / "out.sqlite",
    }
    for fmt, target in outs.items():
        export(engine, fmt, target, public=True)
    pa = shown(engine, tmp_path / "check")[ids["A"]]
    with (outs["csv"] / "persons.csv").open(encoding="utf-8") as fh:
        person = next(p for p in csv.DictReader(fh) if row in p["records"])
    assert person["pseudonym"] == pa and person["name"] == f"А.Е.Б. [{pa}]"
    con = sqlite3.connect(outs["sqlite"])
    assert {
        r[0] for r in con.execute("SELECT pseudonym FROM defendants WHERE id = ?", (ids["A"],))
    } == {pa}
    assert "pseudonyms" not in {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    con.close()
    for target in outs.values():
        text = everything_written(target)
        assert f"[{pa}]" in text
        assert LIST_NAME.casefold() not in text.casefold()


def test_aliases_and_the_table_never_reach_a_public_export(engine, tmp_path):
    from test_export import everything_written

    ids = ingest(engine, ["A", "B"])
    pb = shown(engine, tmp_path)[ids["B"]]
    link(engine, {"P1": [ids["A"], ids["B"]]})
    for fmt, target in (
        ("json", tmp_path / "x.json"),
        ("sqlite", tmp_path / "x.sqlite"),
        ("csv", tmp_path / "x"),
    ):
        export(engine, fmt, target, public=True)
        assert pb not in everything_written(target), fmt


# --- rebuilding from the same files -----------------------------------------------------------


def test_a_rebuilt_database_keeps_its_pseudonyms_through_the_mapping_file(tmp_path):
    mapping = tmp_path / "private" / "pseudonyms.json"
    old = connect(str(tmp_path / "old.db"))
    ids = ingest(old, ["A", "B", "C"])
    row = add_list(old, day=30)  # the list came after the verdicts
    link(old, {"P1": [ids["A"], row]})
    export(old, "json", tmp_path / "old.json", public=True, pseudonyms=mapping)
    link(old, {"P1": [ids["A"], row, ids["B"]]})  # B merged in: its own becomes an alias
    export(old, "json", tmp_path / "old2.json", public=True, pseudonyms=mapping)
    want = shown(old, tmp_path)
    names = {tag: want[rid] for tag, rid in ids.items()} | {"list": want[row]}

    def rebuild(path: Path, use_mapping: bool) -> dict[str, str]:
        # the same files in another order: the list first, the verdicts backwards
        new = connect(str(path))
        row2 = add_list(new, day=0)
        ids2 = ingest(new, ["C", "B", "A"], days={"C": 5, "B": 6, "A": 7})
        assert ids2 != ids  # other row numbers, same files
        link(new, {"Q9": [row2, ids2["B"], ids2["A"]]})
        out = path.with_suffix(".json")
        export(new, "json", out, public=True, pseudonyms=mapping if use_mapping else None)
        got = shown(new, tmp_path)
        return {tag: got[rid] for tag, rid in ids2.items()} | {"list": got[row2]}

    assert rebuild(tmp_path / "bare.db", use_mapping=False) != names  # the weakness it fixes
    assert rebuild(tmp_path / "new.db", use_mapping=True) == names
    data = json.loads(mapping.read_text(encoding="utf-8"))
    assert data["format"] == "warcases-pseudonyms" and "Never publish" in data["note"]
    assert {a["status"] for a in data["assignments"]} == {"current", "alias"}


def test_a_mapping_file_does_not_override_what_the_database_already_gave(tmp_path):
    mapping = tmp_path / "p.json"
    one = connect(str(tmp_path / "one.db"))
    ids = ingest(one, ["A", "B"])
    export(one, "json", tmp_path / "one.json", pseudonyms=mapping)
    two = connect(str(tmp_path / "two.db"))
    ids2 = ingest(two, ["B", "A"], days={"A": 0, "B": 1})
    link(two, {"P": [ids2["A"], ids2["B"]]})
    mine = shown(two, tmp_path)[ids2["A"]]  # two already gave the pair a pseudonym (A's)
    pb = shown(one, tmp_path)[ids["B"]]
    result = export(two, "json", tmp_path / "two.json", pseudonyms=mapping)
    # the file named B otherwise: the database's name stays, the file's is B's alias
    assert (result.imported.added, result.imported.kept) == (1, 1)
    assert shown(two, tmp_path)[ids2["B"]] == mine == shown(one, tmp_path)[ids["A"]]
    assert rows_of(two)[(_sha("s", "B") + "/case/0/defendant/0", pb)] == "alias"


def _file(*assignments: dict) -> str:
    return json.dumps(
        {"format": "warcases-pseudonyms", "version": 1, "assignments": list(assignments)}
    )


_ROW = {"record": "k", "pseudonym": "P-A", "status": "current", "seq": 1}


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("not json", "not a readable pseudonym file"),
        ('{"format": "other"}', "not a pseudonym file"),
        (_file({"record": "k"}), "assignment 1: needs record, pseudonym, status and seq"),
        (
            _file(_ROW, _ROW | {"pseudonym": "P-B", "seq": 2}),
            "record k has 2 current pseudonyms",
        ),
        (_file(_ROW | {"status": "maybe"}), "status 'maybe' is not current or alias"),
        (_file(_ROW, _ROW | {"status": "alias"}), "k / P-A appears twice"),
    ],
)
def test_a_broken_mapping_file_is_refused_with_its_name(tmp_path, content, words):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PseudonymFileError) as exc:
        read_mapping(path)
    assert str(exc.value).startswith(f"{path}:") and words in str(exc.value)


def test_cli_reads_and_writes_the_mapping_and_refuses_to_put_it_in_the_export(tmp_path):
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """A mini app."""

    register(app)
    db = tmp_path / "cli.db"
    ingest(connect(str(db)), ["A"])
    mapping = tmp_path / "keep" / "pseudonyms.json"
    args = ["export", "--format", "csv", "--db", str(db), "--public", "--pseudonyms", str(mapping)]
    first = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "o1")])
    assert first.exit_code == 0, first.output
    assert "pseudonyms written to" in first.output and mapping.exists()
    again = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "o2")])
    assert "pseudonyms read from" in again.output and "0 added" in again.output
    assert (tmp_path / "o1" / "persons.csv").read_text() == (
        tmp_path / "o2" / "persons.csv"
    ).read_text()
    inside = CliRunner().invoke(
        app,
        [
            "export",
            "--format",
            "csv",
            "--db",
            str(db),
            "--out",
            str(tmp_path / "o3"),
            "--pseudonyms",
            str(tmp_path / "o3" / "p.json"),
        ],
    )
    assert inside.exit_code == 2 and "must not be written into the export" in inside.output
    broken = tmp_path / "broken.json"
    broken.write_text("[]", encoding="utf-8")
    bad = CliRunner().invoke(app, [*args[:-1], str(broken), "--out", str(tmp_path / "o4")])
    assert bad.exit_code == 2 and "broken.json" in bad.output


def test_sync_is_idempotent_and_records_every_record(engine):
    ids = ingest(engine, ["A", "B"])
    first = sync_pseudonyms(engine)
    assert first.changes == 2 and sync_pseudonyms(engine).changes == 0
    assert {first.pseudonym(r) for r in ids.values()} == {p for (_, p) in rows_of(engine)}
