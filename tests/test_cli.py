"""The command line as a user drives it: ingest, extract, cases, show, review, search, --help and
--db / WARCASES_DB_URL, through typer's CliRunner on a temporary database holding a handful of
demo documents (fictional people)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warcases.cli import app

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
# One of each format, three countries, Art. 172 and 170 of the Kazakh code, 256 of the Kyrgyz one,
# 154 of the Uzbek one; a cp1251 file; «Вагнер» in two of them; «Бахтиёра» written with ё.
FILES = [
    "verdicts/v05_kz172_pavlodar_two_wagner.txt",
    "verdicts/v12_kz172_mangystau_bars_plea.pdf",
    "verdicts/v10_kz172_turkestan_lpr_ideology.docx",
    "verdicts/v04_kz172_almaty_mod_plea.html",
    "verdicts/v07_kz172_kostanay_female_medic_cp1251.txt",
    "verdicts/v31_kz170_karaganda_mercenary_confiscation.txt",
    "verdicts/v43_kg256_naryn_uulu_wagner.txt",
    "verdicts/v48_uz154_samarkand_restricted.txt",
]

pytestmark = pytest.mark.skipif(not DEMO.is_dir(), reason="data/demo is absent")


def run(*args: str, env: dict[str, str] | None = None, code: int = 0) -> str:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200", **(env or {})})
    assert result.exit_code == code, (args, result.output, result.exception)
    return result.output


def flat(output: str) -> str:
    """Rich wraps long lines; compare words, not line breaks."""
    return " ".join(output.split())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name in FILES:
        shutil.copy(DEMO / name, folder / Path(name).name)
    return folder


@pytest.fixture(scope="module")
def db(tmp_path_factory, corpus: Path) -> str:
    path = str(tmp_path_factory.mktemp("db") / "cli.db")
    first = flat(run("ingest", str(corpus), "--db", path))
    assert f"ingest: {len(FILES)} new, 0 already known, 0 failed, 0 skipped" in first
    extracted = flat(run("extract", "--db", path))
    assert f"extract: {len(FILES)} documents" in extracted
    return path


def cases(db: str, *filters: str) -> list[dict]:
    return json.loads(run("cases", "--db", db, "--json", *filters))


# ---------------------------------------------------------------------------- ingest


def test_ingest_again_reports_everything_as_already_known(db: str, corpus: Path):
    out = flat(run("ingest", str(corpus), "--db", db))
    assert f"ingest: 0 new, {len(FILES)} already known, 0 failed, 0 skipped" in out
    assert "extract: 0 documents, 0 facts" in flat(run("extract", "--db", db))


def test_ingest_summary_names_each_bad_file_with_its_reason(tmp_path: Path):
    store, tmp_path = tmp_path / "s.db", tmp_path / "in"
    tmp_path.mkdir()
    (tmp_path / "good.txt").write_bytes((DEMO / FILES[0]).read_bytes())
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "fake.docx").write_bytes(b"not a zip at all")
    (tmp_path / "notes.md").write_text("# notes")
    out = flat(run("ingest", str(tmp_path), "--db", str(store)))
    assert "ingest: 1 new, 0 already known, 2 failed, 1 skipped" in out
    assert f"failed {tmp_path / 'empty.pdf'}: empty file (0 bytes)" in out
    assert f"failed {tmp_path / 'fake.docx'}: not a DOCX: the file is not a zip archive" in out
    assert f"skipped {tmp_path / 'notes.md'}: unsupported format .md" in out


def test_ingest_counts_many_skipped_files_by_reason_and_leaves_hidden_folders_out(tmp_path: Path):
    folder = tmp_path / "in"
    (folder / ".git" / "objects").mkdir(parents=True)
    for i in range(30):
        (folder / f"table{i}.csv").write_text("a;b\n")
        (folder / ".git" / "objects" / f"{i:02x}").write_bytes(b"\x78\x01")
    (folder / "v.txt").write_bytes((DEMO / FILES[6]).read_bytes())
    out = flat(run("ingest", str(folder), "--db", str(tmp_path / "s.db")))
    assert "ingest: 1 new, 0 already known, 0 failed, 30 skipped" in out
    assert "skipped 30 files: unsupported format .csv" in out and "table1.csv" not in out


def test_ingest_fails_with_exit_code_one_when_nothing_could_be_read(tmp_path: Path):
    out = run("ingest", str(tmp_path / "missing.txt"), "--db", str(tmp_path / "s.db"), code=1)
    assert f"failed {tmp_path / 'missing.txt'}: no such file or folder" in flat(out)


def test_ingest_max_size_option_refuses_larger_files(tmp_path: Path):
    (tmp_path / "v.txt").write_bytes((DEMO / FILES[0]).read_bytes())
    out = flat(run("ingest", str(tmp_path / "v.txt"), "--db", str(tmp_path / "s.db"), "--max-size", "0.001",
                   code=1))
    assert "above the 0 MB limit (raise it with --max-size or WARCASES_MAX_FILE_MB)" in out


def test_ingest_refuses_a_size_limit_that_is_not_a_positive_number(tmp_path: Path):
    doc = str(DEMO / FILES[6])
    out = run("ingest", doc, "--db", str(tmp_path / "s.db"), env={"WARCASES_MAX_FILE_MB": "lots"},
              code=2)
    assert "WARCASES_MAX_FILE_MB must be a number of megabytes, not 'lots'" in flat(out)
    out = run("ingest", doc, "--db", str(tmp_path / "s.db"), "--max-size", "0", code=2)
    assert "--max-size must be a positive number of megabytes" in out


# ---------------------------------------------------------------------------- cases


def test_cases_lists_every_defendant_of_the_ingested_verdicts(db: str):
    rows = cases(db)
    names = {r["name"] for r in rows}
    assert {"Исаев Олег Викторович", "Бекмуратов Даурен Кайратович", "Жумабек уулу Талант",
            "Рахимов Бахтиёр Шухратович", "Досжанов Марат Жаксыбекович"} <= names
    assert {r["country"] for r in rows} == {"KZ", "KG", "UZ"}
    table = flat(run("cases", "--db", db))
    assert "Исаев Олег Викторович" in table and "KZ:172:1" in table and "machine" in table


@pytest.mark.parametrize(
    "filters,expected",
    [
        (("--country", "KG"), {"Жумабек уулу Талант"}),
        (("--country", "uz"), {"Рахимов Бахтиёр Шухратович"}),
        (("--article", "170"), {"Темирханов Канат Ержанович"}),
        (("--article", "KG:256"), {"Жумабек уулу Талант"}),
        (("--article", "154"), {"Рахимов Бахтиёр Шухратович"}),
        (("--year", "2023"), {"Темирханов Канат Ержанович"}),
        (("--country", "KZ", "--year", "2024", "--article", "172"),
         {"Исаев Олег Викторович", "Бекмуратов Даурен Кайратович", "Нурланов Бауыржан Ахметұлы",
          "Абдрахманова Айгерим Булатовна"}),
        (("--country", "TJ"), set()),
        (("--year", "1999"), set()),
    ],
)
def test_cases_filters_keep_only_matching_rows(db: str, filters: tuple[str, ...], expected: set):
    rows = cases(db, *filters)
    assert {r["name"] for r in rows} == expected
    flags = dict(zip(filters[::2], filters[1::2]))
    for r in rows:
        if "--country" in flags:
            assert r["country"] == flags["--country"].upper()
        if "--year" in flags:
            assert r["verdict_date"].startswith(flags["--year"])
        if "--article" in flags:
            assert any(flags["--article"].split(":")[-1] == c.split(":")[1] for c in r["charges"])


# ---------------------------------------------------------------------------- show and review


def case_of(db: str, name: str) -> dict:
    return next(r for r in cases(db) if r["name"] == name)


def test_show_gives_each_value_with_its_sentence_and_where_it_is_in_the_source(db: str):
    case = case_of(db, "Досжанов Марат Жаксыбекович")  # the PDF
    out = flat(run("show", case["id"], "--db", db))
    assert "v12_kz172_mangystau_bars_plea.pdf (verdict, ru)" in out
    charge = out[out.index("defendant 0.charges = KZ:172:1") :]
    assert charge.split("»")[0].count("ч. 1 ст. 172 УК РК") >= 1  # the sentence it came from
    assert "[page " in charge.split("defendant 0.", 2)[1]
    assert "machine 0." in charge.split("«")[0]


def test_review_marks_a_value_confirmed_in_show_and_in_the_cases_table(db: str):
    case = case_of(db, "Жумабек уулу Талант")
    shown = flat(run("show", case["id"], "--db", db))
    statement = shown.split("defendant 0.charges = KG:256:1")[1].split("#", 1)[1].split()[0]
    out = run("review", statement, "--by", "Aigerim", "--confirm", "--db", db)
    assert f"statement {statement}: confirmed by Aigerim" in out
    after = flat(run("show", case["id"], "--db", db))
    line = after.split("defendant 0.charges = KG:256:1")[1].split("«")[0]
    assert "✔ confirmed by Aigerim" in line and "machine" not in line
    others = after.split("defendant 0.charges")[0]
    assert "machine 0." in others  # the values nobody checked stay marked as machine ones


def test_a_correction_replaces_the_value_and_survives_extract(db: str):
    case = case_of(db, "Рахимов Бахтиёр Шухратович")
    shown = flat(run("show", case["id"], "--db", db))
    statement = shown.split("defendant 0.charges = UZ:154:1")[1].split("#", 1)[1].split()[0]
    run("review", statement, "--by", "Dana", "--correct", "UZ:154:2", "--note", "part 2", "--db", db)
    run("extract", "--db", db)
    after = flat(run("show", case["id"], "--db", db))
    assert "defendant 0.charges = UZ:154:2 ✔ corrected by Dana" in after
    assert "UZ:154:2" in case_of(db, "Рахимов Бахтиёр Шухратович")["charges"]


def test_a_rejected_value_leaves_the_card_and_shows_as_rejected(db: str):
    case = case_of(db, "Исаев Олег Викторович")
    court = case["court"]
    shown = flat(run("show", case["id"], "--db", db))
    statement = shown.split(f"case.court = {court} ")[1].split("#", 1)[1].split()[0]
    run("review", statement, "--by", "Dana", "--reject", "--db", db)
    after = flat(run("show", case["id"], "--db", db))
    assert f"case.court = {court} ✘ rejected by Dana #{statement}" in after
    assert case_of(db, "Исаев Олег Викторович")["court"] != court


def test_show_and_review_refuse_unknown_ids_with_a_message(db: str):
    assert "no document 9999" in run("show", "9999", "--db", db, code=1)
    assert "is not a case id" in run("show", "case-seven", "--db", db, code=1)
    assert "no case doc/1/case/9" in run("show", "doc/1/case/9", "--db", db, code=1)
    assert "no statement 999999" in run("review", "999999", "--by", "A", "--confirm", "--db", db,
                                        code=1)
    out = run("review", "1", "--by", "A", "--confirm", "--reject", "--db", db, code=2)
    assert "choose exactly one of --confirm, --reject, --correct VALUE" in out


# ---------------------------------------------------------------------------- search


def hits(db: str, query: str) -> set[str]:
    out = run("search", query, "--db", db, "--limit", "50")
    return {Path(m.group(1)).name for m in re.finditer(r"^\d+ (.+) \(\w+, \w+\)$", out, re.M)}


@pytest.mark.parametrize("query", ["вагнер", "Вагнер", "ВАГНЕР", "вагн*"])
def test_search_folds_cyrillic_case(db: str, query: str):
    found = hits(db, query)
    assert "v05_kz172_pavlodar_two_wagner.txt" in found
    assert "v43_kg256_naryn_uulu_wagner.txt" in found
    assert "v48_uz154_samarkand_restricted.txt" not in found


@pytest.mark.parametrize("query", ["бахтиёра", "бахтиера", "БАХТИЕРА", "Бахтие*"])
def test_search_treats_yo_as_ye(db: str, query: str):
    assert hits(db, query) == {"v48_uz154_samarkand_restricted.txt"}


def test_search_reports_no_match_and_survives_query_syntax(db: str):
    assert "no documents match" in run("search", "марсоход", "--db", db)
    assert "no documents match" in run("search", 'NEAR( "unbalanced OR *', "--db", db)


def test_search_shows_the_matched_word_and_names_with_brackets_intact(tmp_path: Path):
    store = str(tmp_path / "s.db")
    doc = tmp_path / "report [draft].txt"
    doc.write_text("The court found him guilty of mercenarism [sic] and of treason.")
    (tmp_path / "scan [1].pdf").write_bytes(b"")
    out = flat(run("ingest", str(tmp_path), "--db", store))
    assert f"failed {tmp_path / 'scan [1].pdf'}: empty file (0 bytes)" in out
    found = flat(run("search", "MERCENARISM", "--db", store))
    assert f"{doc} (" in found
    assert "guilty of [mercenarism] [sic] and of treason." in found


# ---------------------------------------------------------------------------- help and database


def test_every_command_has_help():
    commands = sorted(
        {c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands}
    )
    assert {"ingest", "extract", "cases", "show", "review", "search", "eval", "demo"} <= set(commands)
    assert all(name in run("--help") for name in commands)
    for name in commands:
        out = flat(run(name, "--help"))
        assert "Usage:" in out and "--help" in out, name


def test_db_option_wins_over_the_environment_which_wins_over_the_default(tmp_path: Path,
                                                                         monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc = tmp_path / "v.txt"
    doc.write_bytes((DEMO / FILES[6]).read_bytes())
    from_env = tmp_path / "env.db"
    run("ingest", str(doc), env={"WARCASES_DB_URL": str(from_env)})
    assert from_env.exists() and not (tmp_path / "warcases.db").exists()
    explicit = tmp_path / "explicit.db"
    run("ingest", str(doc), "--db", str(explicit), env={"WARCASES_DB_URL": str(from_env)})
    assert explicit.exists()
    url = f"sqlite:///{tmp_path / 'url.db'}"
    out = flat(run("ingest", str(doc), env={"WARCASES_DB_URL": url}))
    assert "1 new" in out and (tmp_path / "url.db").exists()
    monkeypatch.delenv("WARCASES_DB_URL", raising=False)
    out = flat(run("search", "уулу", env={"WARCASES_DB_URL": ""}))
    assert "no documents match" in out and (tmp_path / "warcases.db").exists()
    assert "1 already known" in flat(run("ingest", str(doc), env={"WARCASES_DB_URL": str(from_env)}))


@pytest.mark.postgres
def test_the_same_commands_on_postgresql(pg_url: str, corpus: Path):
    from sqlalchemy import create_engine, text

    admin = create_engine(pg_url.replace("/warcases?", "/postgres?"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS warcases_cli"))
        conn.execute(text("CREATE DATABASE warcases_cli"))
    admin.dispose()
    url = pg_url.replace("/warcases?", "/warcases_cli?")
    kg, uz = corpus / Path(FILES[6]).name, corpus / Path(FILES[7]).name
    assert "2 new" in flat(run("ingest", str(kg), str(uz), env={"WARCASES_DB_URL": url}))
    assert "2 already known" in flat(run("ingest", str(kg), str(uz), "--db", url))
    run("extract", "--db", url)
    assert {r["name"] for r in cases(url, "--country", "kg")} == {"Жумабек уулу Талант"}
    assert {r["name"] for r in cases(url, "--article", "154", "--year", "2025")} == {
        "Рахимов Бахтиёр Шухратович"
    }
    assert hits(url, "ВАГНЕР") == {kg.name}
    assert hits(url, "бахтиера") == {uz.name}
    case = next(r for r in cases(url) if r["country"] == "KG")
    shown = flat(run("show", case["id"], "--db", url))
    statement = shown.split("defendant 0.charges = KG:256:1")[1].split("#", 1)[1].split()[0]
    run("review", statement, "--by", "Aigerim", "--confirm", "--db", url)
    assert "KG:256:1 ✔ confirmed by Aigerim" in flat(run("show", case["id"], "--db", url))
